//! The share link: a scenario document carried in a URL fragment, a public contract
//! (docs/SHARE-LINK.md) that docs sites produce links with.
//!
//! A link is `#scenario/<payload>`, where `payload` is the base64url encoding without
//! padding (RFC 4648 §5) of the raw DEFLATE stream (RFC 1951, no zlib or gzip header)
//! of the document's UTF-8 JSON text. The link has no version of its own: the document
//! carries it in its `format` field.
//!
//! [`decode`] checks each layer in turn (the link, the characters, the length, the
//! compressed data, the size, the text) and says which one is broken and where. It
//! never panics, whatever it is given.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::deflate::{compress_to_vec, CompressionLevel};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use std::fmt;

/// What comes before the payload in a link.
pub const PREFIX: &str = "#scenario/";
/// The fragment's name: `PREFIX` without its `#`.
const FRAGMENT: &str = "scenario/";

/// The largest document a link may hold once decompressed: 4 MiB of UTF-8 text.
pub const MAX_DOC_BYTES: usize = 4 * 1024 * 1024;

/// base64url (`-`, `_`), no padding written or accepted. The unused low bits of the
/// last character are ignored, as browsers' `atob` and Python's decoder do.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// The payload of a document's share link (without `#scenario/`), compressed at the
/// best level.
pub fn encode(doc_text: &str) -> String {
    let level = CompressionLevel::BestCompression as u8;
    BASE64URL.encode(compress_to_vec(doc_text.as_bytes(), level))
}

/// The share link of a document: `#scenario/<payload>`.
pub fn link(doc_text: &str) -> String {
    format!("{PREFIX}{}", encode(doc_text))
}

/// The document text a link holds. Takes the payload alone, `#scenario/<payload>`, or a
/// whole URL with that fragment; white space around it is ignored.
pub fn decode(input: &str) -> Result<String, ShareError> {
    let payload = payload_of(input.trim())?;
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    if let Some((i, ch)) = payload
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ShareError::BadCharacter {
            ch,
            position: i.saturating_add(1),
        });
    }
    // Every character is ASCII now, so the length in bytes counts characters.
    if payload.len() % 4 == 1 {
        return Err(ShareError::BadLength {
            length: payload.len(),
        });
    }
    let compressed = BASE64URL
        .decode(payload)
        .map_err(|_| ShareError::BadLength {
            length: payload.len(),
        })?;
    let bytes = inflate(&compressed, MAX_DOC_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ShareError::NotUtf8 {
            offset,
            byte: e.as_bytes().get(offset).copied().unwrap_or_default(),
        }
    })
}

/// Raw DEFLATE to at most `limit` bytes. miniz_oxide's `decompress_to_vec_with_limit`
/// does this too, but it does not say how much input the stream used: here bytes after
/// the final block are an error, as the Compression Standard makes them for browsers'
/// `DecompressionStream("deflate-raw")`, so that a link opens everywhere or nowhere.
fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, ShareError> {
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut state = Box::<DecompressorOxide>::default();
    let mut out = vec![0u8; data.len().saturating_mul(4).clamp(1, limit.max(1))];
    let (mut input, mut written) = (data, 0usize);
    loop {
        let (status, used, wrote) = decompress(&mut state, input, &mut out, written, flags);
        written = written.saturating_add(wrote);
        input = input.get(used..).unwrap_or_default();
        match status {
            TINFLStatus::Done if input.is_empty() => {
                out.truncate(written);
                return Ok(out);
            }
            TINFLStatus::Done => {
                return Err(ShareError::TrailingData {
                    bytes: input.len(),
                    header: Header::of(data),
                })
            }
            TINFLStatus::HasMoreOutput if out.len() < limit => {
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => return Err(ShareError::TooLarge),
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(ShareError::Truncated {
                    header: Header::of(data),
                })
            }
            _ => {
                return Err(ShareError::Damaged {
                    header: Header::of(data),
                })
            }
        }
    }
}

/// The payload in what the user pasted: after `#scenario/` when there is a fragment.
fn payload_of(input: &str) -> Result<&str, ShareError> {
    match input.split_once('#') {
        Some((_, fragment)) => {
            fragment
                .strip_prefix(FRAGMENT)
                .ok_or_else(|| ShareError::NotAScenarioLink {
                    fragment: excerpt(fragment),
                })
        }
        None if input.contains("://") => Err(ShareError::NotAScenarioLink {
            fragment: String::new(),
        }),
        None => Ok(input),
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

/// A header in front of the compressed data that share links do not have: a common
/// mistake of encoders (zlib's default, gzip).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    None,
    Zlib,
    Gzip,
}

impl Header {
    fn of(data: &[u8]) -> Header {
        match data {
            [0x1f, 0x8b, ..] => Header::Gzip,
            [cmf, flg, ..]
                if cmf & 0x0f == 8
                    && cmf >> 4 <= 7
                    && (u32::from(*cmf) * 256 + u32::from(*flg)) % 31 == 0 =>
            {
                Header::Zlib
            }
            _ => Header::None,
        }
    }
}

/// Advice for a link with a header: empty for none, else `; …` to end a message.
impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Header::None => return Ok(()),
            Header::Zlib => "zlib",
            Header::Gzip => "gzip",
        };
        write!(
            f,
            "; it seems to start with a {name} header, but share links hold raw DEFLATE with no header (Python: zlib.compressobj(9, zlib.DEFLATED, -15); JavaScript: CompressionStream('deflate-raw'))"
        )
    }
}

/// Why a link cannot be opened. `Display` says what is wrong and where, for users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The text has a fragment (or is a URL) but no `#scenario/` part.
    NotAScenarioLink { fragment: String },
    /// Nothing after `#scenario/`.
    Empty,
    /// A character outside base64url; `position` counts characters of the payload
    /// from 1.
    BadCharacter { ch: char, position: usize },
    /// A length no base64 text has (4k + 1 characters).
    BadLength { length: usize },
    /// The compressed data ends before its last block.
    Truncated { header: Header },
    /// The compressed data is not valid DEFLATE.
    Damaged { header: Header },
    /// `bytes` bytes follow the end of the compressed data.
    TrailingData { bytes: usize, header: Header },
    /// The document would be larger than [`MAX_DOC_BYTES`].
    TooLarge,
    /// The document is not UTF-8: `byte` at `offset` (from 0) of the decompressed text.
    NotUtf8 { offset: usize, byte: u8 },
}

impl ShareError {
    /// A stable code for the kind of error, for tests and for the playground.
    pub fn kind(&self) -> &'static str {
        match self {
            ShareError::NotAScenarioLink { .. } => "not-a-scenario-link",
            ShareError::Empty => "empty",
            ShareError::BadCharacter { .. } => "bad-character",
            ShareError::BadLength { .. } => "bad-length",
            ShareError::Truncated { .. } => "truncated",
            ShareError::Damaged { .. } => "damaged",
            ShareError::TrailingData { .. } => "trailing-data",
            ShareError::TooLarge => "too-large",
            ShareError::NotUtf8 { .. } => "not-utf8",
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAScenarioLink { fragment } if fragment.is_empty() => write!(
                f,
                "this is not a share link: it has no `{PREFIX}` part after the address"
            ),
            ShareError::NotAScenarioLink { fragment } => write!(
                f,
                "this is not a share link: its fragment is `#{fragment}`, and a share link's starts with `{PREFIX}`"
            ),
            ShareError::Empty => write!(
                f,
                "the link is empty: nothing follows `{PREFIX}`, so it holds no scenario"
            ),
            ShareError::BadCharacter { ch, position } => bad_character(f, *ch, *position),
            ShareError::BadLength { length } => write!(
                f,
                "the link is truncated: a payload of {length} characters cannot be base64 (no base64 text has 4k+1 characters); copy the whole link again"
            ),
            ShareError::Truncated { header } => write!(
                f,
                "the link is truncated or damaged: the compressed data ends early{}",
                header
            ),
            ShareError::Damaged { header } => write!(
                f,
                "the link is damaged: its data is not valid raw DEFLATE (RFC 1951){}",
                header
            ),
            ShareError::TrailingData { bytes, header } => write!(
                f,
                "the link is damaged: {} the end of the compressed data, and a share link holds exactly one raw DEFLATE stream{}",
                if *bytes == 1 {
                    "1 byte follows".to_string()
                } else {
                    format!("{bytes} bytes follow")
                },
                header
            ),
            ShareError::TooLarge => write!(
                f,
                "the scenario in the link is too large: over the limit of {MAX_DOC_BYTES} bytes (4 MiB) once decompressed"
            ),
            ShareError::NotUtf8 { offset, byte } => write!(
                f,
                "the scenario in the link is not UTF-8 text: byte 0x{byte:02x} at byte offset {offset} of the decompressed document"
            ),
        }
    }
}

fn bad_character(f: &mut fmt::Formatter<'_>, ch: char, position: usize) -> fmt::Result {
    let at = format!("at position {position} of the payload (the text after `{PREFIX}`)");
    match ch {
        '=' => write!(
            f,
            "`=` {at} is base64 padding: share links use base64url without padding; remove the trailing `=`"
        ),
        '+' | '/' => write!(
            f,
            "`{ch}` {at} is standard base64: share links use base64url (RFC 4648 §5), with `-` for `+` and `_` for `/`, and no `=` padding"
        ),
        '%' => write!(
            f,
            "`%` {at}: the link looks percent-encoded (URL-escaped); a share link has no `%`, so decode it first"
        ),
        c if c.is_whitespace() => write!(
            f,
            "white space (U+{:04X}) {at}: the link was probably wrapped or cut when copied; join it into one line",
            u32::from(c)
        ),
        c if c.is_control() => write!(
            f,
            "the control character U+{:04X} {at} is not base64url (A-Z, a-z, 0-9, `-`, `_`)",
            u32::from(c)
        ),
        c => write!(
            f,
            "`{c}` (U+{:04X}) {at} is not base64url (A-Z, a-z, 0-9, `-`, `_`)",
            u32::from(c)
        ),
    }
}

impl std::error::Error for ShareError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of docs/SHARE-LINK.md: its text, byte for byte, and the
    /// payload this encoder gives it. A change to either is a change of the contract.
    const EXAMPLE: &str = r#"{"format":"iam-playground/scenario@1","name":"Hello, share link","accounts":{"111122223333":{"users":{"alice":{"inline":{"read":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::demo/*"}]}}}}}},"requests":[{"name":"alice reads","who":{"user":"alice"},"action":"s3:GetObject","resource":"arn:aws:s3:::demo/a.txt","expect":"Allow"}]}"#;
    const EXAMPLE_PAYLOAD: &str = "fU89T8MwEP0r0Y0ooXU6IHmiA4INCSQWxHA4F2rwR7EdpSjKf-cuUKlD1Vt81nv3PiboY_JYQINF3-wd_nykOIRulQ0FTDbeKqghoCemPJBzsa7yDhNVzoYvhtAY5pcMegLF0_JseOQ_ZEoLgM4aksUGPlu2RNjJ-8IUGwOrt2vVNmrdqBuWfS5YyFPgZK8T3PU9GQm55QAjw1tT_o7yRt9TeXz_FLyGJ8pxSOIFmILGMWtmaN2Rj6srmN_mZWq2_x4oS2yW_6-3pKwkWGapcRePHY4YzNL3vHO65IzX5SAkOuxPe3CcXw";
    /// What Python's zlib gives the same text (docs/SHARE-LINK.md): another encoder,
    /// another valid payload.
    const EXAMPLE_PYTHON: &str = "fU_LTsMwEPyVaI8ooXV6QPKJHiq4VQKJC-KwOBtq8KO1HaUoyr-zG6jEATEXrzWzszMT9DF5LKDBom-ODj_fUhxCt8qGAiYbbxXUENATS-7JuVhX-YCJKmfDB1NoDOtLBj2BYrSMDUP-Q6a0EOisIRls4LVlSoSdvE8ssTGwe7tWbaPWjbph28eChTwFTvY8wa7vyUjILQcYmd6a8r2UN_qOyv71XfgaHijHIcktwBQ0jlmzQuuOfFxdwfwyL6j5_GmgLLHZ_qfekrKSYJmtxkO8dLhwMEvfvy-n_y7jdTmLiM7H3z04zhc";

    fn err(input: &str) -> ShareError {
        match decode(input) {
            Ok(text) => panic!("{input:?} decoded to {text:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn the_worked_example_is_fixed() {
        assert_eq!(encode(EXAMPLE), EXAMPLE_PAYLOAD);
        assert_eq!(link(EXAMPLE), format!("#scenario/{EXAMPLE_PAYLOAD}"));
        assert_eq!(decode(EXAMPLE_PAYLOAD).as_deref(), Ok(EXAMPLE));
        assert_eq!(decode(EXAMPLE_PYTHON).as_deref(), Ok(EXAMPLE));
        let s = crate::world::Scenario::load(EXAMPLE).unwrap();
        let outcomes = s.run(false);
        assert_eq!(outcomes.len(), 1);
        assert_eq!(outcomes[0].met, Some(true), "{:?}", outcomes[0]);
    }

    #[test]
    fn the_docs_show_the_worked_example() {
        let doc = include_str!("../../../docs/SHARE-LINK.md");
        assert!(doc.contains(&format!("```json\n{EXAMPLE}\n```")));
        assert!(doc.contains(&format!("exactly these {} bytes", EXAMPLE.len())));
        assert!(doc.contains(&format!("\n#scenario/{EXAMPLE_PAYLOAD}\n")));
        assert!(doc.contains(&format!("\n#scenario/{EXAMPLE_PYTHON}\n")));
    }

    #[test]
    fn whole_links_and_urls_are_accepted() {
        let payload = encode(EXAMPLE);
        for input in [
            format!("#scenario/{payload}"),
            format!("https://example.com/playground/#scenario/{payload}"),
            format!("  https://example.com/?x=1#scenario/{payload}\n"),
            format!("{payload}\r\n"),
        ] {
            assert_eq!(decode(&input).as_deref(), Ok(EXAMPLE), "{input}");
        }
    }

    #[cfg(feature = "bundled-data")]
    #[test]
    fn every_bundled_scenario_round_trips() {
        for (name, text) in crate::world::bundled::SCENARIOS {
            let l = link(text);
            assert!(l.starts_with(PREFIX), "{name}");
            assert_eq!(decode(&l).as_deref(), Ok(*text), "{name}");
            assert!(encode(text).len() < text.len(), "{name} does not shrink");
        }
    }

    #[test]
    fn non_ascii_text_round_trips() {
        let text = r#"{"format":"iam-playground/scenario@1","name":"Zugriff für Jürgen — 東京 🚀","description":"naïve café \u0000 ünïcödé"}"#;
        assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
        assert_eq!(decode(&encode("")).as_deref(), Ok(""));
    }

    #[test]
    fn the_link_part_is_checked() {
        let e = err("https://example.com/#example/02-allow");
        assert_eq!(e.kind(), "not-a-scenario-link");
        assert!(e.to_string().contains("`#example/02-allow`"), "{e}");
        assert_eq!(
            err("https://example.com/playground").kind(),
            "not-a-scenario-link"
        );
        let e = err(&format!("#{}", "x".repeat(100)));
        assert!(e.to_string().contains('…'), "{e}");
        for empty in ["", "  ", "#scenario/", "https://example.com/#scenario/\n"] {
            assert_eq!(err(empty), ShareError::Empty, "{empty:?}");
        }
        assert!(ShareError::Empty.to_string().contains("empty"));
    }

    #[test]
    fn characters_are_checked_and_named() {
        let payload = encode(EXAMPLE);
        let e = err(&format!("{payload}=="));
        assert_eq!(
            e,
            ShareError::BadCharacter {
                ch: '=',
                position: payload.len() + 1
            }
        );
        assert!(e.to_string().contains("padding"), "{e}");
        assert!(e
            .to_string()
            .contains(&format!("position {}", payload.len() + 1)));

        let e = err("#scenario/ab+d");
        assert_eq!(e.kind(), "bad-character");
        let msg = e.to_string();
        assert!(
            msg.contains("`+` at position 3") && msg.contains("`-` for `+`"),
            "{msg}"
        );
        assert!(err("ab/d").to_string().contains("`_` for `/`"));

        let e = err("abc\ndef");
        assert_eq!(
            e,
            ShareError::BadCharacter {
                ch: '\n',
                position: 4
            }
        );
        assert!(e.to_string().contains("U+000A"), "{e}");
        assert!(err("ab%3D").to_string().contains("percent-encoded"));
        assert!(err("abcé")
            .to_string()
            .contains("`é` (U+00E9) at position 4"));
        assert!(err("ab\u{7}c")
            .to_string()
            .contains("control character U+0007"));
    }

    #[test]
    fn lengths_and_compressed_data_are_checked() {
        let payload = encode(EXAMPLE);
        // Cut to 4k+1 characters: no base64 has that length.
        let cut = &payload[..payload.len() / 4 * 4 - 3];
        let e = err(cut);
        assert_eq!(e.kind(), "bad-length");
        assert!(e.to_string().contains("truncated"), "{e}");

        // Cut elsewhere: valid base64, but the DEFLATE stream ends early.
        let e = err(&payload[..(payload.len() / 4 - 2) * 4]);
        assert_eq!(
            e,
            ShareError::Truncated {
                header: Header::None
            }
        );
        assert!(e.to_string().contains("ends early"), "{e}");

        // A reserved block type (BTYPE = 11) is never valid DEFLATE.
        let e = err(&BASE64URL.encode([0x07, 0, 0, 0]));
        assert_eq!(
            e,
            ShareError::Damaged {
                header: Header::None
            }
        );
        assert!(e.to_string().contains("not valid raw DEFLATE"), "{e}");

        // Anything after the final block: as browsers, the decoder refuses it.
        let mut extra = compress_to_vec(EXAMPLE.as_bytes(), 9);
        extra.push(0);
        let e = err(&BASE64URL.encode(&extra));
        assert_eq!(e.kind(), "trailing-data");
        assert!(e.to_string().contains("1 byte follows the end"), "{e}");
        extra.extend(b"junk");
        let e = err(&BASE64URL.encode(&extra));
        assert!(e.to_string().contains("5 bytes follow the end"), "{e}");

        // zlib's and gzip's default framing: named, with the fix.
        let zlib = miniz_oxide::deflate::compress_to_vec_zlib(EXAMPLE.as_bytes(), 9);
        let e = err(&BASE64URL.encode(zlib));
        assert!(e.to_string().contains("zlib header"), "{e}");
        let mut gzip = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        gzip.extend(compress_to_vec(EXAMPLE.as_bytes(), 9));
        let e = err(&BASE64URL.encode(gzip));
        assert!(e.to_string().contains("gzip header"), "{e}");
    }

    #[test]
    fn size_and_text_are_checked() {
        let at_limit = "a".repeat(MAX_DOC_BYTES);
        assert_eq!(
            decode(&encode(&at_limit)).map(|t| t.len()),
            Ok(MAX_DOC_BYTES)
        );
        let e = err(&encode(&"a".repeat(MAX_DOC_BYTES + 1)));
        assert_eq!(e, ShareError::TooLarge);
        assert!(e.to_string().contains("too large"), "{e}");

        let bytes = [b'{', b'"', b'a', 0xff, b'"', b'}'];
        let e = err(&BASE64URL.encode(compress_to_vec(&bytes, 9)));
        assert_eq!(
            e,
            ShareError::NotUtf8 {
                offset: 3,
                byte: 0xff
            }
        );
        assert!(e.to_string().contains("0xff at byte offset 3"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn decode_never_panics(s in "\\PC*") {
            let _ = decode(&s);
        }

        #[test]
        fn decode_never_panics_on_base64url(s in "[A-Za-z0-9_-]{0,200}") {
            if let Err(e) = decode(&s) {
                proptest::prop_assert!(!e.to_string().is_empty());
            }
        }

        #[test]
        fn decode_never_panics_on_any_bytes(b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = decode(&BASE64URL.encode(&b));
        }

        #[test]
        fn a_cut_link_is_refused_never_misread(s in "\\PC{0,300}", cut in 1usize..40) {
            let payload = encode(&s);
            let keep = payload.len().saturating_sub(cut);
            if let Ok(text) = decode(&payload[..keep]) {
                proptest::prop_assert_eq!(text, s);
            }
        }

        #[test]
        fn round_trips(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(decode(&encode(&s)), Ok(s.clone()));
            proptest::prop_assert_eq!(decode(&link(&s)), Ok(s));
        }
    }
}
