//! Wildcard matching for `*` (any run of characters) and `?` (any one character).
//!
//! A pattern without wildcards, or with only stars at its end (`s3:Get*`,
//! `arn:aws:s3:::bucket/*`, `*`), the shapes most policies are written in, is compared
//! as a text or a prefix. Every other match runs in time linear in the text for a given
//! pattern: the pattern is cut at its `*`s into pieces; the first piece is anchored at
//! the start, the last at the end, and each middle piece is found at its leftmost place
//! after the previous one (leftmost is always the best choice, so nothing is ever
//! retried). Pieces without `?` are found with `memchr::memmem` (two-way search); pieces
//! with `?` with a bit-parallel Shift-And scan whose tables are built once, with the
//! pattern. No backtracking, so adversarial patterns cannot blow up, and matching ASCII
//! text allocates nothing.
//!
//! [`ArnGlob`] adds AWS's ARN rules (IAM User Guide, "IAM JSON policy elements:
//! Resource"): wildcards work within one colon-separated segment, `?` is one character
//! of a segment (never the colon), and a `*` that is the last character of its segment
//! may also run across colons. Patterns without `?` whose every `*` ends its segment are
//! matched as plain globs (the two readings agree there); the rest segment by segment.

/// A compiled wildcard pattern over characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    repr: Repr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    /// No wildcard: the text itself.
    Exact(Box<str>),
    /// A text then only stars (`s3:Get*`, `arn:aws:s3:::bucket/*`, `*`): the most
    /// common shapes, a prefix test.
    Prefix(Box<str>),
    /// ASCII pattern: bytes.
    Bytes(Pieces<u8>),
    /// Pattern with non-ASCII characters.
    Chars(Pieces<char>),
}

/// A pattern cut at its stars.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pieces<T> {
    /// The pieces between stars. Without any star there is one piece.
    pieces: Vec<Piece<T>>,
    has_star: bool,
    /// Whether the pattern has any `?`.
    has_any: bool,
}

/// The text between two stars; `None` is `?`.
#[derive(Clone, Debug)]
struct Piece<T> {
    toks: Vec<Option<T>>,
    /// The piece's text when it has no `?`: compared as a slice.
    literal: Option<Vec<T>>,
    /// A prebuilt substring searcher, for middle pieces of bytes without `?` (boxed:
    /// it is large, and most pieces have none).
    finder: Option<Box<memchr::memmem::Finder<'static>>>,
    /// Shift-And tables, for middle pieces that substring search cannot find.
    table: Option<ShiftAnd<T>>,
}

impl<T: PartialEq> PartialEq for Piece<T> {
    fn eq(&self, other: &Piece<T>) -> bool {
        // The searchers are built from the tokens.
        self.toks == other.toks
    }
}

impl<T: Eq> Eq for Piece<T> {}

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

/// The text of tokens without wildcards; `None` when there is one.
fn literal(tokens: &[Token]) -> Option<String> {
    let mut text = String::with_capacity(tokens.len());
    for t in tokens {
        match t {
            Token::Char(c) => text.push(*c),
            _ => return None,
        }
    }
    Some(text)
}

/// A symbol type the matcher works on: bytes (ASCII) or characters.
trait Symbol: Copy + Eq + std::fmt::Debug {
    /// A substring searcher for a literal piece, where one exists for the type.
    fn finder(literal: &[Self]) -> Option<Box<memchr::memmem::Finder<'static>>>;
    fn find(finder: &memchr::memmem::Finder<'static>, hay: &[Self]) -> Option<usize>;
}

impl Symbol for u8 {
    fn finder(literal: &[u8]) -> Option<Box<memchr::memmem::Finder<'static>>> {
        Some(Box::new(memchr::memmem::Finder::new(literal).into_owned()))
    }
    fn find(finder: &memchr::memmem::Finder<'static>, hay: &[u8]) -> Option<usize> {
        finder.find(hay)
    }
}

impl Symbol for char {
    fn finder(_: &[char]) -> Option<Box<memchr::memmem::Finder<'static>>> {
        None
    }
    fn find(_: &memchr::memmem::Finder<'static>, _: &[char]) -> Option<usize> {
        None
    }
}

impl Glob {
    /// Compiles a pattern written with `*` and `?`.
    pub fn new(pattern: &str) -> Glob {
        let head = pattern.trim_end_matches('*');
        if head.contains(['*', '?']) {
            return Glob::from_tokens(tokens(pattern));
        }
        let text = Box::from(head);
        let repr = if head.len() == pattern.len() {
            Repr::Exact(text)
        } else {
            Repr::Prefix(text)
        };
        Glob { repr }
    }

    /// Compiles a pattern given as tokens (literal `*` and `?` are `Token::Char`).
    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>) -> Glob {
        let tokens: Vec<Token> = tokens.into_iter().collect();
        // A text with at most trailing stars: no pieces to build.
        let stars = tokens
            .iter()
            .rev()
            .take_while(|t| **t == Token::AnyRun)
            .count();
        let head = tokens.get(..tokens.len() - stars).unwrap_or_default();
        if let Some(text) = literal(head) {
            let text = text.into_boxed_str();
            let repr = if stars == 0 {
                Repr::Exact(text)
            } else {
                Repr::Prefix(text)
            };
            return Glob { repr };
        }
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
            Repr::Exact(_) => false,
            Repr::Prefix(p) => p.is_empty(),
            Repr::Bytes(p) => p.matches_everything(),
            Repr::Chars(p) => p.matches_everything(),
        }
    }

    /// Whether the pattern has no wildcard at all.
    pub fn is_literal(&self) -> bool {
        match &self.repr {
            Repr::Exact(_) => true,
            Repr::Prefix(_) => false,
            Repr::Bytes(p) => !p.has_star && !p.has_any,
            Repr::Chars(p) => !p.has_star && !p.has_any,
        }
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_known(text, text.is_ascii())
    }

    /// `is_match` for a text whose ASCII-ness the caller already knows (`ascii` must
    /// be `text.is_ascii()`), so that repeated matching does not check it again.
    #[inline]
    pub fn is_match_known(&self, text: &str, ascii: bool) -> bool {
        match &self.repr {
            // Without `?`, comparing bytes is comparing characters.
            Repr::Exact(t) => text == &**t,
            Repr::Prefix(p) => text.starts_with(&**p),
            Repr::Bytes(p) if ascii => p.is_match(text.as_bytes()),
            Repr::Bytes(p) => {
                // A non-ASCII text against an ASCII pattern: `?` must see whole
                // characters, so compare as characters.
                let chars: Vec<char> = text.chars().collect();
                p.widen().is_match(&chars)
            }
            Repr::Chars(p) => {
                let chars: Vec<char> = text.chars().collect();
                p.is_match(&chars)
            }
        }
    }
}

impl<T: Symbol> Pieces<T> {
    fn build(tokens: &[Token], conv: impl Fn(char) -> T) -> Pieces<T> {
        let mut raw: Vec<Vec<Option<T>>> = vec![Vec::new()];
        let mut has_star = false;
        let mut has_any = false;
        for t in tokens {
            match t {
                Token::AnyRun => {
                    has_star = true;
                    raw.push(Vec::new());
                }
                Token::AnyOne => {
                    has_any = true;
                    if let Some(last) = raw.last_mut() {
                        last.push(None);
                    }
                }
                Token::Char(c) => {
                    if let Some(last) = raw.last_mut() {
                        last.push(Some(conv(*c)));
                    }
                }
            }
        }
        // Consecutive stars leave empty middle pieces; they match anywhere, drop them.
        let n = raw.len();
        let pieces = raw
            .into_iter()
            .enumerate()
            .filter(|(i, p)| *i == 0 || *i + 1 == n || !p.is_empty())
            .map(|(i, toks)| Piece::new(toks, i > 0 && i + 1 < n))
            .collect();
        Pieces {
            pieces,
            has_star,
            has_any,
        }
    }

    fn matches_everything(&self) -> bool {
        self.has_star && self.pieces.iter().all(|p| p.toks.is_empty())
    }

    fn is_match(&self, text: &[T]) -> bool {
        let Some((first, rest)) = self.pieces.split_first() else {
            return text.is_empty();
        };
        if !self.has_star {
            return first.matches(text);
        }
        let Some((last, middle)) = rest.split_last() else {
            return false;
        };
        let (f, l) = (first.toks.len(), last.toks.len());
        if f + l > text.len() {
            return false;
        }
        let (head, tail) = text.split_at(f);
        let (mut body, end) = tail.split_at(tail.len() - l);
        if !first.matches(head) || !last.matches(end) {
            return false;
        }
        for piece in middle {
            match piece.find(body) {
                Some(at) => body = body.get(at + piece.toks.len()..).unwrap_or_default(),
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
                .enumerate()
                .map(|(i, p)| {
                    let toks = p.toks.iter().map(|o| o.map(char::from)).collect();
                    Piece::new(toks, i > 0 && i + 1 < self.pieces.len())
                })
                .collect(),
            has_star: self.has_star,
            has_any: self.has_any,
        }
    }
}

impl<T: Symbol> Piece<T> {
    /// `searched`: whether the piece is looked for inside the text (a middle piece),
    /// rather than compared at a fixed place.
    fn new(toks: Vec<Option<T>>, searched: bool) -> Piece<T> {
        let literal: Option<Vec<T>> = toks.iter().copied().collect();
        let finder = match &literal {
            Some(lit) if searched && !lit.is_empty() => T::finder(lit),
            _ => None,
        };
        let table =
            (searched && !toks.is_empty() && finder.is_none()).then(|| ShiftAnd::new(&toks));
        Piece {
            toks,
            literal,
            finder,
            table,
        }
    }

    /// Whether the piece matches all of `text`.
    fn matches(&self, text: &[T]) -> bool {
        match &self.literal {
            Some(lit) => same(lit, text),
            None => matches_at(&self.toks, text),
        }
    }

    /// The leftmost start of the piece in `hay`.
    fn find(&self, hay: &[T]) -> Option<usize> {
        let m = self.toks.len();
        if m == 0 {
            return Some(0);
        }
        if m > hay.len() {
            return None;
        }
        if let Some(lit) = &self.literal {
            // A short haystack is quicker to scan than to hand to a searcher.
            if hay.len() <= 64 {
                let first = lit.first()?;
                return hay
                    .windows(m)
                    .position(|w| w.first() == Some(first) && same(w, lit));
            }
        }
        if let Some(f) = &self.finder {
            return T::find(f, hay);
        }
        // When only a few alignments are possible, checking each is cheaper.
        let alignments = hay.len() - m + 1;
        let table = match &self.table {
            Some(t) if alignments.saturating_mul(m) > hay.len().saturating_mul(4) => t,
            _ => {
                return (0..alignments)
                    .find(|&i| hay.get(i..i + m).is_some_and(|w| matches_at(&self.toks, w)))
            }
        };
        table.find(m, hay)
    }
}

/// Slice equality written out: for the short slices of ARNs and actions this beats a
/// call to `memcmp`.
#[inline]
fn same<T: Eq>(a: &[T], b: &[T]) -> bool {
    if a.len() > 16 {
        return a == b;
    }
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `piece` matches all of `text`.
fn matches_at<T: Eq>(piece: &[Option<T>], text: &[T]) -> bool {
    piece.len() == text.len()
        && piece
            .iter()
            .zip(text)
            .all(|(p, t)| p.as_ref().is_none_or(|p| p == t))
}

/// Shift-And tables for one piece: one bit per piece position, so a scan takes
/// `hay.len() * ceil(piece.len() / 64)` steps.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ShiftAnd<T> {
    words: usize,
    /// Each symbol of the piece with the positions that accept it (`?`s included).
    symbols: Vec<(T, Vec<u64>)>,
    /// The positions holding `?`.
    any: Vec<u64>,
}

impl<T: Symbol> ShiftAnd<T> {
    fn new(piece: &[Option<T>]) -> ShiftAnd<T> {
        let words = piece.len().div_ceil(64);
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
        ShiftAnd {
            words,
            symbols,
            any,
        }
    }

    fn mask(&self, c: T) -> &[u64] {
        self.symbols
            .iter()
            .find(|(s, _)| *s == c)
            .map_or(&self.any, |(_, m)| m)
    }

    fn find(&self, m: usize, hay: &[T]) -> Option<usize> {
        let last_bit = 1u64 << ((m - 1) % 64);
        if self.words == 1 {
            // The common case: one machine word of state, nothing allocated.
            let mut d = 0u64;
            for (pos, c) in hay.iter().enumerate() {
                d = ((d << 1) | 1) & self.mask(*c).first().copied().unwrap_or(0);
                if d & last_bit != 0 {
                    return Some(pos + 1 - m);
                }
            }
            return None;
        }
        let last_word = (m - 1) / 64;
        let mut state = vec![0u64; self.words];
        for (pos, c) in hay.iter().enumerate() {
            let mut carry = 1u64;
            for (d, mk) in state.iter_mut().zip(self.mask(*c)) {
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
}

fn set_bit(mask: &mut [u64], word: usize, bit: u64) {
    if let Some(w) = mask.get_mut(word) {
        *w |= bit;
    }
}

/// A pattern for ARNs: wildcards stay inside one colon-separated segment, except a
/// `*` that ends its segment, which may run across colons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnGlob {
    kind: ArnKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ArnKind {
    /// No `?`, and every star ends its segment: a plain glob reads it the same way.
    Plain(Glob),
    /// Matched segment by segment, after a literal prefix (the leading segments
    /// without wildcards, with their colons).
    Segments { prefix: String, segs: Vec<Segment> },
}

/// One colon-separated segment of an ARN pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    glob: Glob,
    /// Ends with `*`: after matching a text segment it may absorb whole segments more.
    free: bool,
}

impl ArnGlob {
    pub fn new(pattern: &str) -> ArnGlob {
        // As `from_tokens` tells a plain pattern, on the text.
        let confined = pattern
            .as_bytes()
            .windows(2)
            .any(|pair| matches!(pair, [b'*', next] if !matches!(next, b'*' | b':')));
        if !confined && !pattern.contains('?') {
            return ArnGlob {
                kind: ArnKind::Plain(Glob::new(pattern)),
            };
        }
        ArnGlob::from_tokens(tokens(pattern))
    }

    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>) -> ArnGlob {
        let tokens: Vec<Token> = tokens.into_iter().collect();
        // No `?`, and each star (or run of stars) ends its segment: a plain glob, built
        // without cutting the pattern into segments.
        let confined = tokens.windows(2).any(|pair| {
            matches!(pair, [Token::AnyRun, next] if !matches!(next, Token::AnyRun | Token::Char(':')))
        });
        if !confined && !tokens.contains(&Token::AnyOne) {
            return ArnGlob {
                kind: ArnKind::Plain(Glob::from_tokens(tokens)),
            };
        }
        let mut segments: Vec<Vec<Token>> = vec![Vec::new()];
        for t in tokens {
            match (t, segments.last_mut()) {
                (Token::Char(':'), _) => segments.push(Vec::new()),
                // A run of stars is one star.
                (Token::AnyRun, Some(seg)) if seg.last() == Some(&Token::AnyRun) => {}
                (t, Some(seg)) => seg.push(t),
                (_, None) => {}
            }
        }
        let mut prefix = String::new();
        let mut rest = segments.into_iter().peekable();
        while let Some(lit) = rest.peek().and_then(|seg| literal(seg)) {
            prefix.push_str(&lit);
            prefix.push(':');
            rest.next();
        }
        let segs = rest
            .map(|seg| Segment {
                free: seg.last() == Some(&Token::AnyRun),
                glob: Glob::from_tokens(seg),
            })
            .collect();
        ArnGlob {
            kind: ArnKind::Segments { prefix, segs },
        }
    }

    pub fn matches_everything(&self) -> bool {
        matches!(&self.kind, ArnKind::Plain(g) if g.matches_everything())
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_known(text, text.is_ascii())
    }

    /// `is_match` for a text whose ASCII-ness the caller already knows (`ascii` must
    /// be `text.is_ascii()`).
    pub fn is_match_known(&self, text: &str, ascii: bool) -> bool {
        match &self.kind {
            ArnKind::Plain(g) => g.is_match_known(text, ascii),
            ArnKind::Segments { prefix, segs } => {
                let Some(text) = text.strip_prefix(prefix.as_str()) else {
                    return false;
                };
                // The common shape, one segment after the literal prefix (the resource
                // part of most ARNs), needs no automaton.
                if let [seg] = segs.as_slice() {
                    let first = match text.bytes().position(|b| b == b':') {
                        Some(i) if seg.free => text.get(..i).unwrap_or_default(),
                        Some(_) => return false,
                        None => text,
                    };
                    return seg.glob.is_match_known(first, ascii);
                }
                if segs.len() < 64 {
                    match_segments::<u64>(segs, text, ascii)
                } else {
                    match_segments::<Vec<u64>>(segs, text, ascii)
                }
            }
        }
    }
}

/// A set of automaton states: one machine word when the pattern has fewer than 64
/// segments (no allocation), a vector otherwise.
trait StateSet: Clone {
    fn empty(states: usize) -> Self;
    fn insert(&mut self, i: usize);
    fn contains(&self, i: usize) -> bool;
    fn is_empty(&self) -> bool;
    fn for_each(&self, f: impl FnMut(usize));
}

impl StateSet for u64 {
    fn empty(_: usize) -> u64 {
        0
    }
    fn insert(&mut self, i: usize) {
        *self |= 1u64.wrapping_shl(i as u32);
    }
    fn contains(&self, i: usize) -> bool {
        i < 64 && *self & (1u64 << i) != 0
    }
    fn is_empty(&self) -> bool {
        *self == 0
    }
    fn for_each(&self, mut f: impl FnMut(usize)) {
        let mut rest = *self;
        while rest != 0 {
            f(rest.trailing_zeros() as usize);
            rest &= rest - 1;
        }
    }
}

impl StateSet for Vec<u64> {
    fn empty(states: usize) -> Vec<u64> {
        vec![0; states.div_ceil(64)]
    }
    fn insert(&mut self, i: usize) {
        set_bit(self, i / 64, 1 << (i % 64));
    }
    fn contains(&self, i: usize) -> bool {
        self.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    fn is_empty(&self) -> bool {
        self.iter().all(|w| *w == 0)
    }
    fn for_each(&self, mut f: impl FnMut(usize)) {
        for (w, word) in self.iter().enumerate() {
            word.for_each(|b| f(w * 64 + b));
        }
    }
}

/// Runs the segment automaton over the text's segments. State `i` in `cur` means
/// "pattern segments before `i` matched the text so far"; state `i` in `abs` means
/// "free segment `i` matched and may swallow the next text segment whole".
fn match_segments<S: StateSet>(segs: &[Segment], text: &str, ascii: bool) -> bool {
    let states = segs.len() + 1;
    let mut cur = S::empty(states);
    let mut abs = S::empty(states);
    cur.insert(0);
    let mut rest = Some(text);
    while let Some(r) = rest {
        // Splitting by hand: `str::split` costs more than the short segments do.
        let (t, after) = match r.bytes().position(|b| b == b':') {
            Some(i) => (r.get(..i).unwrap_or_default(), r.get(i + 1..)),
            None => (r, None),
        };
        rest = after;
        let mut next = S::empty(states);
        let mut nabs = S::empty(states);
        cur.for_each(|i| {
            if let Some(seg) = segs.get(i) {
                if seg.glob.is_match_known(t, ascii) {
                    next.insert(i + 1);
                    if seg.free {
                        nabs.insert(i);
                    }
                }
            }
        });
        abs.for_each(|i| {
            next.insert(i + 1);
            nabs.insert(i);
        });
        if next.is_empty() && nabs.is_empty() {
            return false;
        }
        cur = next;
        abs = nabs;
    }
    cur.contains(segs.len())
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
                j < t.len()
                    && ((p[i] == '?' && !(arn && t[j] == ':')) || p[i] == t[j])
                    && go(p, t, i + 1, j + 1, arn, memo)
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
        let table = ShiftAnd::new(&piece);
        assert_eq!(table.find(3, b"xxabcx"), Some(2));
        assert_eq!(table.find(3, &[b'x'; 300]), None);
        let long: Vec<Option<u8>> = (0..130)
            .map(|i| if i % 7 == 0 { None } else { Some(b'a') })
            .collect();
        let table = ShiftAnd::new(&long);
        let mut hay = vec![b'a'; 500];
        hay[200] = b'b';
        assert_eq!(table.find(130, &hay), Some(0));
        hay[10] = b'c';
        hay[11] = b'c';
        let found = table.find(130, &hay).unwrap();
        assert!(matches_at(&long, &hay[found..found + 130]));
        assert!((0..found).all(|i| !matches_at(&long, &hay[i..i + 130])));
        let piece = Piece::new(long.clone(), true);
        assert_eq!(piece.find(&hay), Some(found));
    }

    #[test]
    fn arn_question_mark_stays_in_its_segment() {
        assert!(!ArnGlob::new("arn:aws:s3:::a?b").is_match("arn:aws:s3:::a:b"));
        assert!(ArnGlob::new("arn:aws:s3:::a?b").is_match("arn:aws:s3:::axb"));
        assert!(Glob::new("a?b").is_match("a:b"));
        // A star that ends its segment still runs across colons.
        assert!(ArnGlob::new("arn:aws:logs:*:*:log-group:app*")
            .is_match("arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:s1"));
        assert!(!ArnGlob::new("arn:aws:logs:*:*:log-group:a*p")
            .is_match("arn:aws:logs:us-east-1:111122223333:log-group:a:p"));
    }

    #[test]
    fn many_segments() {
        let p = "?:".repeat(100) + "*x";
        let t = "a:".repeat(100) + "bbx";
        assert!(ArnGlob::new(&p).is_match(&t));
        assert!(!ArnGlob::new(&p).is_match(&("a:".repeat(99) + "bbx")));
        let p = "*:".repeat(70) + "y?";
        assert!(ArnGlob::new(&p).is_match(&("q:".repeat(80) + "yz")));
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
