//! Scenario import: the inputs are separated by NUL bytes (at most 8). See
//! `exercise::import`.

#![no_main]

#[path = "../exercise.rs"]
mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let inputs: Vec<&str> = text.split('\0').take(8).collect();
        exercise::import(&inputs);
    }
});
