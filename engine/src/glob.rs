//! Wildcard matching for `*` (any run of characters) and `?` (any one character).
//!
//! Every match runs in time linear in the text for a given pattern: the pattern is cut
//! at its `*`s into pieces; the first piece is anchored at the start, the last at the
//! end, and each middle piece is found at its leftmost place after the previous one
//! (leftmost is always the best choice, so nothing is ever retried). Pieces without `?`
//! are found with `memchr::memmem` (two-way search); pieces with `?` with a bit-parallel
//! Shift-And scan. No backtracking, so adversarial patterns cannot blow up.
//!
//! [`ArnGlob`] adds AWS's ARN rule: a `*` matches within one colon-separated segment,
//! unless it is the last character of its segment, in which case it may run across
//! colons. Patterns whose every `*` ends its segment use the piece algorithm; the rest
//! use a bit-parallel NFA (time linear in the text times pattern words).

/// A compiled wildcard pattern over characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    repr: Repr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    /// ASCII pattern: bytes, with `None` for `?`.
    Bytes(Pieces<u8>),
    /// Pattern with non-ASCII characters.
    Chars(Pieces<char>),
}

/// A pattern cut at its stars.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pieces<T> {
    /// The pieces between stars; `None` is `?`. Without any star there is one piece.
    pieces: Vec<Vec<Option<T>>>,
    has_star: bool,
    /// Whether the pattern has any `?`.
    has_any: bool,
}

/// One element of a pattern before compilation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Char(char),
    /// `?`
    AnyOne,
    /// `*`
    AnyRun,
}

/// Reads `*` and `?` as wildcards and every other character literally.
pub fn tokens(pattern: &str) -> impl Iterator<Item = Token> + '_ {
    pattern.chars().map(|c| match c {
        '*' => Token::AnyRun,
        '?' => Token::AnyOne,
        c => Token::Char(c),
    })
}

impl Glob {
    /// Compiles a pattern written with `*` and `?`.
    pub fn new(pattern: &str) -> Glob {
        Glob::from_tokens(tokens(pattern))
    }

    /// Compiles a pattern given as tokens (literal `*` and `?` are `Token::Char`).
    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>) -> Glob {
        let tokens: Vec<Token> = tokens.into_iter().collect();
        let ascii = tokens
            .iter()
            .all(|t| !matches!(t, Token::Char(c) if !c.is_ascii()));
        let repr = if ascii {
            Repr::Bytes(Pieces::build(&tokens, |c| c as u8))
        } else {
            Repr::Chars(Pieces::build(&tokens, |c| c))
        };
        Glob { repr }
    }

    /// Whether the pattern is only `*`s (matches everything).
    pub fn matches_everything(&self) -> bool {
        match &self.repr {
            Repr::Bytes(p) => p.matches_everything(),
            Repr::Chars(p) => p.matches_everything(),
        }
    }

    /// Whether the pattern has no wildcard at all.
    pub fn is_literal(&self) -> bool {
        match &self.repr {
            Repr::Bytes(p) => !p.has_star && !p.has_any,
            Repr::Chars(p) => !p.has_star && !p.has_any,
        }
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.repr {
            Repr::Bytes(p) => {
                if text.is_ascii() {
                    p.is_match(text.as_bytes(), find_bytes)
                } else {
                    // A non-ASCII text against an ASCII pattern: `?` must see whole
                    // characters, so compare as characters.
                    let chars: Vec<char> = text.chars().collect();
                    let widened = p.widen();
                    widened.is_match(&chars, find_generic)
                }
            }
            Repr::Chars(p) => {
                let chars: Vec<char> = text.chars().collect();
                p.is_match(&chars, find_generic)
            }
        }
    }
}

impl<T: Copy + Eq> Pieces<T> {
    fn build(tokens: &[Token], conv: impl Fn(char) -> T) -> Pieces<T> {
        let mut pieces = vec![Vec::new()];
        let mut has_star = false;
        let mut has_any = false;
        for t in tokens {
            match t {
                Token::AnyRun => {
                    has_star = true;
                    pieces.push(Vec::new());
                }
                Token::AnyOne => {
                    has_any = true;
                    if let Some(last) = pieces.last_mut() {
                        last.push(None);
                    }
                }
                Token::Char(c) => {
                    if let Some(last) = pieces.last_mut() {
                        last.push(Some(conv(*c)));
                    }
                }
            }
        }
        // Consecutive stars leave empty middle pieces; they match anywhere, drop them.
        if pieces.len() > 2 {
            let last = pieces.pop().unwrap_or_default();
            let mut kept: Vec<Vec<Option<T>>> = Vec::with_capacity(pieces.len() + 1);
            for (i, p) in pieces.into_iter().enumerate() {
                if i == 0 || !p.is_empty() {
                    kept.push(p);
                }
            }
            kept.push(last);
            pieces = kept;
        }
        Pieces {
            pieces,
            has_star,
            has_any,
        }
    }

    fn matches_everything(&self) -> bool {
        self.has_star && self.pieces.iter().all(Vec::is_empty)
    }

    fn is_match(&self, text: &[T], find: impl Fn(&[Option<T>], &[T]) -> Option<usize>) -> bool {
        let (first, rest) = match self.pieces.split_first() {
            Some(x) => x,
            None => return text.is_empty(),
        };
        if !self.has_star {
            return first.len() == text.len() && piece_matches_at(first, text);
        }
        let (last, middle) = match rest.split_last() {
            Some(x) => x,
            None => return false,
        };
        if first.len() + last.len() > text.len() {
            return false;
        }
        let (head, tail) = text.split_at(first.len());
        if !piece_matches_at(first, head) {
            return false;
        }
        let (mut body, end) = tail.split_at(tail.len() - last.len());
        if !piece_matches_at(last, end) {
            return false;
        }
        for piece in middle {
            match find(piece, body) {
                Some(at) => body = body.get(at + piece.len()..).unwrap_or_default(),
                None => return false,
            }
        }
        true
    }
}

impl Pieces<u8> {
    fn widen(&self) -> Pieces<char> {
        Pieces {
            pieces: self
                .pieces
                .iter()
                .map(|p| p.iter().map(|o| o.map(char::from)).collect())
                .collect(),
            has_star: self.has_star,
            has_any: self.has_any,
        }
    }
}

/// Whether `piece` matches `text` exactly (same length is checked by the caller).
fn piece_matches_at<T: Eq>(piece: &[Option<T>], text: &[T]) -> bool {
    piece.len() == text.len()
        && piece
            .iter()
            .zip(text)
            .all(|(p, t)| p.as_ref().is_none_or(|p| p == t))
}

/// The leftmost start of `piece` in `hay`, for bytes.
fn find_bytes(piece: &[Option<u8>], hay: &[u8]) -> Option<usize> {
    if piece.len() > hay.len() {
        return None;
    }
    if piece.iter().all(Option::is_some) {
        let needle: Vec<u8> = piece.iter().flatten().copied().collect();
        return memchr::memmem::find(hay, &needle);
    }
    find_generic(piece, hay)
}

/// The leftmost start of `piece` in `hay`: a Shift-And scan, one bit per piece
/// position, so time is `hay.len() * ceil(piece.len() / 64)`.
fn find_generic<T: Copy + Eq>(piece: &[Option<T>], hay: &[T]) -> Option<usize> {
    let m = piece.len();
    if m == 0 {
        return Some(0);
    }
    if m > hay.len() {
        return None;
    }
    if piece.iter().all(Option::is_none) {
        return Some(0);
    }
    // When only a few alignments are possible, checking each is cheaper.
    let alignments = hay.len() - m + 1;
    if alignments.saturating_mul(m) <= hay.len().saturating_mul(m.div_ceil(64)).saturating_mul(4) {
        return (0..alignments).find(|&i| {
            hay.get(i..i + m)
                .is_some_and(|w| piece_matches_at(piece, w))
        });
    }
    let words = m.div_ceil(64);
    // Symbols of the piece, each with the positions it occupies; `any` holds the `?`s.
    let mut symbols: Vec<(T, Vec<u64>)> = Vec::new();
    let mut any = vec![0u64; words];
    for (i, p) in piece.iter().enumerate() {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        match p {
            None => set_bit(&mut any, w, bit),
            Some(c) => match symbols.iter_mut().find(|(s, _)| s == c) {
                Some((_, mask)) => set_bit(mask, w, bit),
                None => {
                    let mut mask = vec![0u64; words];
                    set_bit(&mut mask, w, bit);
                    symbols.push((*c, mask));
                }
            },
        }
    }
    for (_, mask) in &mut symbols {
        for (m, a) in mask.iter_mut().zip(&any) {
            *m |= a;
        }
    }
    let last_word = (m - 1) / 64;
    let last_bit = 1u64 << ((m - 1) % 64);
    let mut state = vec![0u64; words];
    for (pos, c) in hay.iter().enumerate() {
        let mask = symbols
            .iter()
            .find(|(s, _)| s == c)
            .map_or(&any, |(_, m)| m);
        let mut carry = 1u64;
        for (d, mk) in state.iter_mut().zip(mask) {
            let next_carry = *d >> 63;
            *d = ((*d << 1) | carry) & mk;
            carry = next_carry;
        }
        if state.get(last_word).is_some_and(|w| w & last_bit != 0) {
            return Some(pos + 1 - m);
        }
    }
    None
}

fn set_bit(mask: &mut [u64], word: usize, bit: u64) {
    if let Some(w) = mask.get_mut(word) {
        *w |= bit;
    }
}

/// A pattern for ARNs: `*` stays inside one colon-separated segment unless it ends
/// its segment (then it may run across colons), `?` is any one character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnGlob {
    kind: ArnKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ArnKind {
    /// Every star ends its segment: the plain algorithm applies.
    Plain(Glob),
    /// Some star is followed by more of its segment.
    Nfa(Nfa),
}

impl ArnGlob {
    pub fn new(pattern: &str) -> ArnGlob {
        ArnGlob::from_tokens(tokens(pattern))
    }

    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>) -> ArnGlob {
        let mut toks: Vec<Token> = Vec::new();
        for t in tokens {
            // A run of stars is one star.
            if t == Token::AnyRun && toks.last() == Some(&Token::AnyRun) {
                continue;
            }
            toks.push(t);
        }
        let confined = toks.iter().enumerate().any(|(i, t)| {
            *t == Token::AnyRun && !matches!(toks.get(i + 1), None | Some(Token::Char(':')))
        });
        let kind = if confined {
            ArnKind::Nfa(Nfa::build(&toks))
        } else {
            ArnKind::Plain(Glob::from_tokens(toks))
        };
        ArnGlob { kind }
    }

    pub fn matches_everything(&self) -> bool {
        matches!(&self.kind, ArnKind::Plain(g) if g.matches_everything())
    }

    pub fn is_match(&self, text: &str) -> bool {
        match &self.kind {
            ArnKind::Plain(g) => g.is_match(text),
            ArnKind::Nfa(n) => n.is_match(text),
        }
    }
}

/// A bit-parallel NFA for ARN patterns with confined stars.
///
/// State bit `j` means "the first `j` tokens have been consumed". A literal or `?` at
/// token `j` moves bit `j` to `j + 1`; a star at token `j` keeps bit `j` (its
/// self-loop) and also sets `j + 1` without consuming (it may match nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Nfa {
    words: usize,
    states: usize,
    /// Per distinct literal character: tokens that accept it (includes the `?`s).
    literals: Vec<(char, Vec<u64>)>,
    /// Tokens that are `?`.
    any: Vec<u64>,
    /// Every star token.
    stars: Vec<u64>,
    /// Star tokens that end their segment (may consume `:`).
    free_stars: Vec<u64>,
}

impl Nfa {
    fn build(toks: &[Token]) -> Nfa {
        let states = toks.len() + 1;
        let words = states.div_ceil(64);
        let mut nfa = Nfa {
            words,
            states,
            literals: Vec::new(),
            any: vec![0; words],
            stars: vec![0; words],
            free_stars: vec![0; words],
        };
        for (j, t) in toks.iter().enumerate() {
            let (w, bit) = (j / 64, 1u64 << (j % 64));
            match t {
                Token::AnyOne => set_bit(&mut nfa.any, w, bit),
                Token::AnyRun => {
                    set_bit(&mut nfa.stars, w, bit);
                    if matches!(toks.get(j + 1), None | Some(Token::Char(':'))) {
                        set_bit(&mut nfa.free_stars, w, bit);
                    }
                }
                Token::Char(c) => match nfa.literals.iter_mut().find(|(s, _)| s == c) {
                    Some((_, m)) => set_bit(m, w, bit),
                    None => {
                        let mut m = vec![0; words];
                        set_bit(&mut m, w, bit);
                        nfa.literals.push((*c, m));
                    }
                },
            }
        }
        for (_, m) in &mut nfa.literals {
            for (x, a) in m.iter_mut().zip(&nfa.any) {
                *x |= a;
            }
        }
        nfa
    }

    /// Sets `j + 1` for every star at `j` that is set (stars never follow stars).
    fn close(&self, state: &mut [u64]) {
        let mut carry = 0u64;
        for (d, s) in state.iter_mut().zip(&self.stars) {
            let moved = *d & s;
            let next_carry = moved >> 63;
            *d |= (moved << 1) | carry;
            carry = next_carry;
        }
    }

    fn is_match(&self, text: &str) -> bool {
        let mut state = vec![0u64; self.words];
        set_bit(&mut state, 0, 1);
        self.close(&mut state);
        let mut next = vec![0u64; self.words];
        for c in text.chars() {
            let adv = self
                .literals
                .iter()
                .find(|(s, _)| *s == c)
                .map_or(&self.any, |(_, m)| m);
            let loops = if c == ':' {
                &self.free_stars
            } else {
                &self.stars
            };
            let mut carry = 0u64;
            let mut alive = 0u64;
            for (((n, d), a), l) in next.iter_mut().zip(&state).zip(adv).zip(loops) {
                let moved = d & a;
                *n = (moved << 1) | carry | (d & l);
                carry = moved >> 63;
                alive |= *n;
            }
            if alive == 0 {
                return false;
            }
            std::mem::swap(&mut state, &mut next);
            self.close(&mut state);
        }
        let last = self.states - 1;
        state
            .get(last / 64)
            .is_some_and(|w| w & (1u64 << (last % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A slow reference matcher (plain recursion with memo) to compare against.
    fn reference(p: &[char], t: &[char], arn: bool) -> bool {
        let mut memo = vec![vec![None; t.len() + 1]; p.len() + 1];
        fn go(
            p: &[char],
            t: &[char],
            i: usize,
            j: usize,
            arn: bool,
            memo: &mut Vec<Vec<Option<bool>>>,
        ) -> bool {
            if let Some(r) = memo[i][j] {
                return r;
            }
            let r = if i == p.len() {
                j == t.len()
            } else if p[i] == '*' {
                let free = !arn || matches!(p[i..].iter().find(|c| **c != '*'), None | Some(':'));
                go(p, t, i + 1, j, arn, memo)
                    || (j < t.len() && (free || t[j] != ':') && go(p, t, i, j + 1, arn, memo))
            } else {
                j < t.len() && (p[i] == '?' || p[i] == t[j]) && go(p, t, i + 1, j + 1, arn, memo)
            };
            memo[i][j] = Some(r);
            r
        }
        go(p, t, 0, 0, arn, &mut memo)
    }

    fn check(p: &str, t: &str) {
        let pc: Vec<char> = p.chars().collect();
        let tc: Vec<char> = t.chars().collect();
        assert_eq!(
            Glob::new(p).is_match(t),
            reference(&pc, &tc, false),
            "glob {p:?} vs {t:?}"
        );
        assert_eq!(
            ArnGlob::new(p).is_match(t),
            reference(&pc, &tc, true),
            "arn {p:?} vs {t:?}"
        );
    }

    #[test]
    fn basics() {
        for (p, t) in [
            ("*", ""),
            ("*", "abc"),
            ("", ""),
            ("", "a"),
            ("a", "a"),
            ("a", "A"),
            ("?", ""),
            ("?", "é"),
            ("a*c", "abbbc"),
            ("a*c", "ac"),
            ("a*c", "acb"),
            ("*a*b*", "xxaxxbxx"),
            ("*a*b*", "xxbxxaxx"),
            ("a?c", "abc"),
            ("a?c", "ac"),
            ("*?*", ""),
            ("*??*", "a"),
            ("*??*", "ab"),
            ("s3:get*", "s3:getobject"),
            ("*ab?d*", "xxabcabxdabzdq"),
            ("*é?*", "aéxb"),
            ("a*b*a", "aba"),
            ("a*a", "a"),
            ("**a**", "bab"),
            ("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y/z"),
            ("arn:aws:s3:*", "arn:aws:s3:::b/x"),
            ("arn:aws:iam::*:role/x", "arn:aws:iam::123:role/x"),
            ("arn:aws:s3:::*/x", "arn:aws:s3:::a:b/x"),
            ("arn:aws:s3:::*/x", "arn:aws:s3:::ab/x"),
            (
                "arn:aws:ec2:*:*:instance/*",
                "arn:aws:ec2:us-east-1:1:instance/i-1",
            ),
            ("a*?b", "a:xb"),
            ("a*?b", "ax:b"),
        ] {
            check(p, t);
        }
    }

    #[test]
    fn shift_and_pieces() {
        let piece: Vec<Option<u8>> = b"a?c"
            .iter()
            .map(|&b| if b == b'?' { None } else { Some(b) })
            .collect();
        assert_eq!(find_generic(&piece, b"xxabcx"), Some(2));
        assert_eq!(find_generic(&piece, &[b'x'; 300]), None);
        let long: Vec<Option<u8>> = (0..130)
            .map(|i| if i % 7 == 0 { None } else { Some(b'a') })
            .collect();
        let mut hay = vec![b'a'; 500];
        hay[200] = b'b';
        assert_eq!(find_generic(&long, &hay), Some(0));
        hay[10] = b'c';
        hay[11] = b'c';
        let found = find_generic(&long, &hay).unwrap();
        assert!(piece_matches_at(&long, &hay[found..found + 130]));
        assert!((0..found).all(|i| !piece_matches_at(&long, &hay[i..i + 130])));
    }

    #[test]
    fn adversarial_is_fast_and_right() {
        let p = "*a".repeat(3000) + "b";
        let t = "a".repeat(10_000);
        assert!(!Glob::new(&p).is_match(&t));
        assert!(!ArnGlob::new(&p).is_match(&t));
        let p: String = (0..10_000)
            .map(|i| if i % 2 == 0 { '*' } else { '?' })
            .collect();
        assert!(Glob::new(&p).is_match(&"x".repeat(10_000)));
        assert!(!Glob::new(&p).is_match(&"x".repeat(4_999)));
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_reference(p in "[ab*?:]{0,12}", t in "[ab:]{0,12}") {
            check(&p, &t);
        }
    }
}
