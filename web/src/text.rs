//! Offsets: the engine counts bytes of UTF-8, the browser's text controls count UTF-16
//! code units. Every span the page highlights goes through here.

/// The UTF-16 offset of byte offset `byte` in `text`. A byte offset inside a character
/// counts from that character's start; one past the end clamps to the end.
pub fn utf16_of_byte(text: &str, byte: usize) -> usize {
    let mut at = byte.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    text.get(..at).map_or(0, |s| s.encode_utf16().count())
}

/// The byte offset of UTF-16 offset `unit` in `text` (clamped to the end; a unit inside
/// a surrogate pair counts from the pair's start).
pub fn byte_of_utf16(text: &str, unit: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        let next = units + c.len_utf16();
        if next > unit {
            return i;
        }
        units = next;
    }
    text.len()
}

/// The 1-based line that byte offset `byte` is on.
pub fn line_of_byte(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    #[test]
    fn ascii_is_the_same_in_both_units() {
        assert_eq!(utf16_of_byte("abc", 2), 2);
        assert_eq!(byte_of_utf16("abc", 2), 2);
    }

    #[test]
    fn non_ascii_text_shifts_offsets() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units.
        let t = "é😀x";
        assert_eq!(utf16_of_byte(t, 2), 1);
        assert_eq!(utf16_of_byte(t, 6), 3);
        assert_eq!(utf16_of_byte(t, 7), 4);
        assert_eq!(byte_of_utf16(t, 1), 2);
        assert_eq!(byte_of_utf16(t, 3), 6);
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(byte_of_utf16(t, 2), 2);
        // Inside a character: its start.
        assert_eq!(utf16_of_byte(t, 3), 1);
        assert_eq!(utf16_of_byte(t, 99), 4);
        assert_eq!(byte_of_utf16(t, 99), t.len());
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of_byte("a\nb\nc", 0), 1);
        assert_eq!(line_of_byte("a\nb\nc", 2), 2);
        assert_eq!(line_of_byte("a\nb\nc", 99), 3);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn offsets_round_trip_at_char_boundaries(s in "\\PC{0,40}", pick in 0usize..64) {
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let b = bounds.get(pick % bounds.len()).copied().unwrap_or(0);
            let u = utf16_of_byte(&s, b);
            prop_assert_eq!(byte_of_utf16(&s, u), b);
            prop_assert_eq!(u, s.get(..b).map_or(0, |p| p.encode_utf16().count()));
        }
    }
}
