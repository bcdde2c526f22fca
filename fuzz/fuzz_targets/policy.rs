//! Policy parse and validate, then decide: the first byte picks the policy's kind and
//! the request (see `exercise::policy`), the rest is the document.

#![no_main]

#[path = "../exercise.rs"]
mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((&selector, rest)) = data.split_first() {
        if let Ok(text) = std::str::from_utf8(rest) {
            exercise::policy(selector, text);
        }
    }
});
