//! Share-link decode (`#scenario/<payload>`): the input as a link, and the input's
//! bytes as the compressed data of a link (so that the inflater sees what the fuzzer
//! makes, not only what survives base64). See `exercise::share`.

#![no_main]

#[path = "../exercise.rs"]
mod exercise;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use base64::Engine as _;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = iam_engine::world::share::decode(&BASE64URL.encode(data)) {
        assert!(doc.len() <= iam_engine::world::share::MAX_DOC_BYTES);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        exercise::share(text);
    }
});
