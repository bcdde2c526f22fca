//! A JSON reader that keeps the position of every value.
//!
//! `serde_json` forgets where a value stood in the text, and a policy editor needs to
//! underline the exact element at fault. This reader builds a small tree of [`Node`]s,
//! each carrying its byte [`Span`], and refuses documents nested deeper than
//! [`MAX_DEPTH`] so that a hostile document cannot exhaust the stack.
//!
//! Object members keep their order and duplicates, so later stages can report a
//! duplicated key instead of silently keeping one of them.

use std::borrow::Cow;
use std::fmt;

/// How deeply arrays and objects may nest. Real policies and case files stay under 15.
pub const MAX_DEPTH: usize = 96;

/// A byte range in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end),
        }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One JSON value with its place in the text. Strings without escapes borrow the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

/// A member name in an object, with its own place.
#[derive(Clone, Debug, PartialEq)]
pub struct Key<'a> {
    pub name: Cow<'a, str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written, so `3600` stays `3600` and `1.50` stays `1.50`.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<(Key<'a>, Node<'a>)>),
}

impl Value<'_> {
    /// The JSON type name, for messages such as "expected a string, found an array".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

impl<'a> Node<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Key<'a>, Node<'a>)]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The first member called `name` (exact case).
    pub fn get(&self, name: &str) -> Option<&Node<'a>> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }

    /// Converts to a `serde_json::Value` (positions are dropped).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_serde).collect())
            }
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.name.to_string(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses one JSON document. Leading and trailing white space is allowed; anything
/// else after the value is an error.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut p = Parser::new(text);
    let node = p.value()?;
    p.end()?;
    Ok(node)
}

/// A document read as [`parse`] reads it, but a top-level array one element at a time,
/// so that a reader of a large array holds the tree of one element at a time.
pub enum Document<'a> {
    /// The top level is an array: its elements, then the end of the document.
    Array(Elements<'a>),
    /// Any other value, whole.
    Value(Node<'a>),
}

/// Starts reading a document: a syntax error before the first element (or anywhere in
/// a value that is not an array) is returned here, any later one by [`Elements`].
pub fn parse_document(text: &str) -> Result<Document<'_>, SyntaxError> {
    let mut parser = Parser::new(text);
    if parser.peek() != Some(b'[') {
        let node = parser.value()?;
        parser.end()?;
        return Ok(Document::Value(node));
    }
    parser.enter()?;
    parser.pos += 1;
    Ok(Document::Array(Elements {
        parser,
        first: true,
        done: false,
    }))
}

/// The elements of a top-level array, each with its span in the whole text. After the
/// last element the rest of the text is checked; the first syntax error ends the
/// iteration.
pub struct Elements<'a> {
    parser: Parser<'a>,
    first: bool,
    done: bool,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Node<'a>, SyntaxError>;

    fn next(&mut self) -> Option<Result<Node<'a>, SyntaxError>> {
        if self.done {
            return None;
        }
        let next = match self.parser.element(self.first) {
            Ok(Some(node)) => {
                self.first = false;
                return Some(Ok(node));
            }
            Ok(None) => self.parser.end().err().map(Err),
            Err(e) => Some(Err(e)),
        };
        self.done = true;
        next
    }
}

/// A run of whole elements of a top-level array, for reading parts of a large array on
/// several threads: `start` is the first byte of its first element, `end` the `,` after
/// its last element (`None`: the run goes on to the array's `]`), `first` the index of
/// its first element in the array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: Option<usize>,
    pub first: usize,
}

/// Cuts a top-level array into at most `parts` runs of whole elements of about equal
/// size. The scan only finds where elements begin (strings and nesting followed, nothing
/// else checked): each run is then read by [`RunElements`], which checks everything.
/// `None` when the text is not an array of at least two elements, or the scan finds no
/// cut: the caller reads the text whole, as [`parse_document`] does.
pub fn split_array(text: &str, parts: usize) -> Option<Vec<Run>> {
    let mut runs = Vec::new();
    scan_runs(text, parts, |run| runs.push(run))?;
    (runs.len() > 1).then_some(runs)
}

/// [`split_array`] as it scans: `found` gets each run as soon as its end is known (the
/// last one once the scan stops), so that reading the first runs need not wait for the
/// scan of the rest. `None` when the text is not an array; the runs handed out then
/// must be given up. A scan that finds no cut hands out one run, the whole array.
pub fn scan_runs(text: &str, parts: usize, mut found: impl FnMut(Run)) -> Option<()> {
    let b = text.as_bytes();
    let after_ws = |from: usize| {
        let skipped =
            (b.get(from..)?.iter()).position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))?;
        Some(from + skipped)
    };
    let open = after_ws(0)?;
    if b.get(open) != Some(&b'[') {
        return None;
    }
    let step = (b.len() / parts.max(1)).max(1);
    let mut run = Run {
        start: after_ws(open + 1)?,
        end: None,
        first: 0,
    };
    let mut cuts = 1;
    let mut next_cut = step;
    let (mut depth, mut elements) = (1usize, 0usize);
    let mut i = open + 1;
    while cuts < parts {
        match *b.get(i)? {
            b'"' => {
                // To the closing quote, stepping over escapes.
                loop {
                    let at = i + 1 + memchr::memchr2(b'"', b'\\', b.get(i + 1..)?)?;
                    i = at;
                    if b.get(at) == Some(&b'"') {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => {
                elements += 1;
                if i >= next_cut {
                    let next = Run {
                        start: after_ws(i + 1)?,
                        end: None,
                        first: elements,
                    };
                    found(Run {
                        end: Some(i),
                        ..run
                    });
                    run = next;
                    cuts += 1;
                    next_cut = i + step;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found(run);
    Some(())
}

/// The elements of one [`Run`], each with its span in the whole text; after the run's
/// last element, a last run also checks the array's `]` and the end of the text. The
/// first syntax error ends the iteration.
pub struct RunElements<'a> {
    parser: Parser<'a>,
    end: Option<usize>,
    first: bool,
    done: bool,
}

impl<'a> RunElements<'a> {
    pub fn new(text: &'a str, run: Run) -> RunElements<'a> {
        let mut parser = Parser::new(text);
        parser.pos = run.start;
        parser.depth = 1;
        RunElements {
            parser,
            end: run.end,
            first: true,
            done: false,
        }
    }
}

impl<'a> Iterator for RunElements<'a> {
    type Item = Result<Node<'a>, SyntaxError>;

    fn next(&mut self) -> Option<Result<Node<'a>, SyntaxError>> {
        if self.done {
            return None;
        }
        let p = &mut self.parser;
        p.skip_ws();
        if let Some(end) = self.end.filter(|&end| p.pos >= end) {
            self.done = true;
            // Past the cut: the scan misread the text, which is then not JSON.
            return (p.pos > end).then(|| Err(p.error_here("unexpected text")));
        }
        let next = if self.first {
            p.value().map(Some)
        } else if self.end.is_none() {
            p.element(false)
        } else if p.peek() == Some(b',') {
            p.comma(b']', "the last element")
                .and_then(|()| p.value())
                .map(Some)
        } else {
            Err(p.error_here("expected `,` or `]` after an array element"))
        };
        self.first = false;
        match next {
            Ok(Some(node)) => Some(Ok(node)),
            Ok(None) => {
                self.done = true;
                p.end().err().map(Err)
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    /// The members and elements of the objects and arrays being read, innermost last:
    /// each is moved into a vector of its exact size when it closes, so no vector grows
    /// while a document is read.
    members: Vec<(Key<'a>, Node<'a>)>,
    items: Vec<Node<'a>>,
}

impl<'a> Parser<'a> {
    /// A parser at the first value of `text` (leading white space skipped).
    fn new(text: &'a str) -> Parser<'a> {
        let mut p = Parser {
            src: text.as_bytes(),
            text,
            pos: 0,
            depth: 0,
            members: Vec::new(),
            items: Vec::new(),
        };
        p.skip_ws();
        p
    }

    /// After the document's value: only white space may follow.
    fn end(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.pos < self.src.len() {
            return Err(self.error_here("unexpected text after the end of the JSON value"));
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn error_here(&self, message: &str) -> SyntaxError {
        let end = (self.pos + 1).min(self.src.len());
        SyntaxError {
            message: message.to_string(),
            span: Span::new(self.pos, end.max(self.pos)),
        }
    }

    fn error_at(&self, start: usize, message: String) -> SyntaxError {
        SyntaxError {
            message,
            span: Span::new(start, self.pos.max(start)),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        let value = match self.peek() {
            None => return Err(self.error_here("unexpected end of input: a value was expected")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let ch = self
                    .text
                    .get(self.pos..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('?');
                return Err(self.error_here(&format!(
                    "unexpected character `{ch}`: a value was expected"
                )));
            }
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.src.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error_here("invalid literal: expected `true`, `false` or `null`"))
        }
    }

    /// Steps over a `,`; a comma followed by the closing bracket is a trailing comma,
    /// which JSON does not allow: the error points at the comma.
    fn comma(&mut self, close: u8, last: &str) -> Result<(), SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            return Err(SyntaxError {
                message: format!(
                    "trailing comma: JSON allows no comma after {last}; remove this `,`"
                ),
                span: Span::new(at, at + 1),
            });
        }
        Ok(())
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here(&format!(
                "the document nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Value<'a>, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(Vec::new()));
        }
        let base = self.members.len();
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error_here("expected a member name in double quotes"));
            }
            let key_start = self.pos;
            let name = self.string()?;
            let key = Key {
                name,
                span: Span::new(key_start, self.pos),
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error_here("expected `:` after the member name"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            self.members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.comma(b'}', "the last member")?,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Object(self.members.drain(base..).collect()));
                }
                _ => return Err(self.error_here("expected `,` or `}` after an object member")),
            }
        }
    }

    fn array(&mut self) -> Result<Value<'a>, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let base = self.items.len();
        while let Some(item) = self.element(self.items.len() == base)? {
            self.items.push(item);
        }
        Ok(Value::Array(self.items.drain(base..).collect()))
    }

    /// The next element of the array whose `[` has been read (`first`: none has been
    /// read yet), or `None` after its `]`.
    fn element(&mut self, first: bool) -> Result<Option<Node<'a>>, SyntaxError> {
        self.skip_ws();
        match self.peek() {
            Some(b']') if first => {}
            _ if first => return self.value().map(Some),
            Some(b',') => {
                self.comma(b']', "the last element")?;
                return self.value().map(Some);
            }
            Some(b']') => {}
            _ => return Err(self.error_here("expected `,` or `]` after an array element")),
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(None)
    }

    fn number(&mut self) -> Result<Value<'a>, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error_at(start, "invalid number: a digit was expected".into())),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_at(start, "invalid number: a digit must follow `.`".into()));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(
                    self.error_at(start, "invalid number: the exponent has no digits".into())
                );
            }
            self.digits();
        }
        Ok(Value::Number(
            self.text.get(start..self.pos).unwrap_or_default(),
        ))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        // Most strings have no escape: the text itself.
        self.skip_plain();
        if self.peek() == Some(b'"') {
            let out = self.text.get(start + 1..self.pos).unwrap_or_default();
            self.pos += 1;
            return Ok(Cow::Borrowed(out));
        }
        let mut out = String::new();
        let mut run_start = start + 1;
        loop {
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error_at(start, "unterminated string".into())),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let ch = self.escape()?;
                    out.push(ch);
                }
                Some(_) => return Err(self.error_here("control character in a string: escape it")),
            }
            run_start = self.pos;
            self.skip_plain();
        }
    }

    /// Steps over the characters of a string that stand for themselves.
    fn skip_plain(&mut self) {
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
        let run = rest.get(..end).unwrap_or_default();
        // Control characters are rare: look for one only once the run is known (a
        // branch-free pass), and then stop at it.
        let control = run.iter().fold(false, |seen, &b| seen | (b < 0x20));
        self.pos += if control {
            run.iter().position(|&b| b < 0x20).unwrap_or(end)
        } else {
            end
        };
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos.saturating_sub(1);
        let b = self
            .peek()
            .ok_or_else(|| self.error_at(at, "unterminated escape".into()))?;
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4(at)?;
                if (0xD800..0xDC00).contains(&hi) {
                    if self.src.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(
                            self.error_at(at, "unpaired surrogate in a `\\u` escape".into())
                        );
                    }
                    self.pos += 2;
                    let lo = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(
                            self.error_at(at, "invalid low surrogate in a `\\u` escape".into())
                        );
                    }
                    let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    char::from_u32(code)
                        .ok_or_else(|| self.error_at(at, "invalid `\\u` escape".into()))?
                } else {
                    char::from_u32(hi).ok_or_else(|| {
                        self.error_at(at, "unpaired surrogate in a `\\u` escape".into())
                    })?
                }
            }
            _ => {
                return Err(self.error_at(
                    at,
                    "invalid escape: use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX".into(),
                ))
            }
        })
    }

    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error_at(at, "`\\u` needs four hex digits".into()))?;
        let mut n = 0u32;
        for &d in digits {
            let v = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.error_at(at, "`\\u` needs four hex digits".into()))?;
            n = n * 16 + v;
        }
        self.pos += 4;
        Ok(n)
    }
}

/// A JSON path that is written out only when something needs it as text (a
/// diagnostic): reading a document names every element it visits, and most documents
/// have nothing to report. `Path::Text("")` is the document itself.
#[derive(Clone, Copy, Debug)]
pub enum Path<'p> {
    Text(&'p str),
    /// A member: `path.key` (or `key` at the top).
    Key(&'p Path<'p>, &'p str),
    /// An element: `path[index]`.
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    pub fn key<'q>(&'q self, key: &'q str) -> Path<'q> {
        Path::Key(self, key)
    }

    pub fn index(&self, index: usize) -> Path<'_> {
        Path::Index(self, index)
    }

    fn write(&self, out: &mut String) {
        match *self {
            Path::Text(text) => out.push_str(text),
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                push_number(out, index);
                out.push(']');
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// Appends `n` in decimal.
pub fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `rest % 10` is below 10, so the cast keeps it whole.
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// Turns byte offsets into 1-based line and column numbers (columns count characters).
///
/// Both lookups are binary searches, so locating every element of a minified
/// document (one long line) stays fast.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Offsets of UTF-8 continuation bytes: a column is the bytes since the line's start
    /// minus the continuation bytes among them.
    continuations: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        // Continuation bytes are only where the text is not ASCII: skip ASCII blocks.
        let mut continuations = Vec::new();
        for (block, chunk) in bytes.chunks(64).enumerate() {
            if !chunk.is_ascii() {
                let at = block * 64;
                continuations.extend(
                    (chunk.iter().enumerate())
                        .filter(|(_, b)| **b & 0xC0 == 0x80)
                        .map(|(i, _)| at + i),
                );
            }
        }
        LineIndex {
            line_starts,
            continuations,
        }
    }

    /// The 1-based line and column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = (offset as usize).min(text.len());
        let line = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let skipped = self.continuations.partition_point(|&c| c < offset)
            - self.continuations.partition_point(|&c| c < start);
        let col = (offset - start).saturating_sub(skipped);
        (clamp_u32(line + 1), clamp_u32(col + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_the_elements_the_array_has() {
        let text = r#" [ {"a": "x,]\"[{"}, [1, [2, {"b": ","}]] , "s\\" ,null,
            {"c": []}, 3.5e1 , "," ]  "#;
        let Value::Array(all) = parse(text).unwrap().value else {
            panic!()
        };
        for parts in 2..10 {
            let runs = split_array(text, parts).unwrap();
            assert!(runs.len() <= parts);
            let read: Vec<Node> = (runs.iter())
                .flat_map(|&run| RunElements::new(text, run))
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(read, all, "{parts} parts");
            let firsts: Vec<usize> = runs.iter().map(|r| r.first).collect();
            assert!(firsts.windows(2).all(|w| w[0] < w[1]) && firsts[0] == 0);
        }
        assert_eq!(split_array(r#"[1]"#, 4), None);
        assert_eq!(split_array(r#"{"a": [1, 2]}"#, 4), None);
        assert_eq!(split_array(r#"[1, 2]"#, 1), None);
    }

    #[test]
    fn runs_of_a_broken_array_end_in_an_error() {
        for text in [
            r#"[1, 2, 3,]"#,
            r#"[1, 2, 3] x"#,
            r#"[1, 2 3, 4]"#,
            r#"[1, 2, "3, 4]"#,
            "[1,\x0c2, 3]",
        ] {
            let failed = split_array(text, 3).is_none_or(|runs| {
                (runs.iter())
                    .flat_map(|&run| RunElements::new(text, run))
                    .any(|n| n.is_err())
            });
            assert!(failed, "{text}");
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"é\": \"x\",\n  \"ü€\": 1}";
        let idx = LineIndex::new(text);
        let at = |needle: &str| u32::try_from(text.find(needle).unwrap()).unwrap();
        assert_eq!(idx.line_col(text, at("x")), (1, 8));
        assert_eq!(idx.line_col(text, at(": 1")), (2, 7));
        assert_eq!(idx.line_col(text, 0), (1, 1));
    }

    #[test]
    fn trailing_commas_are_named() {
        for (text, at) in [
            ("{\"a\": 1,\n}", 7),
            ("[1, 2, ]", 5),
            ("{\"S\": [\"x\",]}", 10),
        ] {
            let e = parse(text).unwrap_err();
            assert!(
                e.message.starts_with("trailing comma"),
                "{text}: {}",
                e.message
            );
            assert_eq!(e.span.start as usize, at, "{text}");
        }
        assert!(parse("[1, , 2]")
            .unwrap_err()
            .message
            .contains("a value was expected"));
    }

    #[test]
    fn keeps_spans() {
        let text = r#"{"a": [1, "x"], "b": true}"#;
        let node = parse(text).unwrap();
        let a = node.get("a").unwrap();
        assert_eq!(
            &text[a.span.start as usize..a.span.end as usize],
            r#"[1, "x"]"#
        );
    }

    #[test]
    fn rejects_deep_nesting_without_overflow() {
        let text = "[".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nests deeper"));
    }

    #[test]
    fn reports_trailing_text() {
        assert!(parse("{} x").is_err());
        assert!(parse("").is_err());
        assert!(parse("[1,]").is_err());
        assert!(parse("{\"a\":1,}").is_err());
        assert!(parse("01").is_err());
    }

    #[test]
    fn decodes_escapes() {
        let node = parse(r#""a\u00e9\ud83d\ude00\n""#).unwrap();
        assert_eq!(node.as_str(), Some("aé😀\n"));
        assert!(parse(r#""\ud83d""#).is_err());
        for (text, at) in [
            ("\"ab\u{1}c\"", 3),
            ("\"a\\n\tb\"", 4),
            ("\"a\\nb\u{1f}\"", 5),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.message.starts_with("control character"), "{text:?}");
            assert_eq!(e.span.start, at, "{text:?}");
        }
    }

    #[test]
    fn line_and_column() {
        let text = "{\n  \"é\": x}";
        let err = parse(text).unwrap_err();
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, err.span.start), (2, 8));
    }

    #[test]
    fn a_document_read_element_by_element_reads_as_a_whole() {
        let deep = format!("[{}", "[".repeat(100));
        for text in [
            "[]",
            " [ 1 , {\"a\": [2, \"x\"]} ]\n",
            "[1,]",
            "[1 2]",
            "[1",
            "[1] x",
            "[,1]",
            "{\"a\": 1}",
            "\"s\" x",
            "\"s\"",
            "",
            &deep,
        ] {
            let whole = parse(text).map(|n| match n.value {
                Value::Array(items) => items,
                other => vec![Node {
                    value: other,
                    span: n.span,
                }],
            });
            let parts = parse_document(text).and_then(|d| match d {
                Document::Array(items) => items.collect(),
                Document::Value(n) => Ok(vec![n]),
            });
            assert_eq!(whole, parts, "{text}");
        }
    }

    #[test]
    fn paths_are_written_as_format_writes_them() {
        let top = Path::Text("");
        assert_eq!(top.key("Statement").to_string(), "Statement");
        assert_eq!(top.index(3).key("name").to_string(), "[3].name");
        let base = Path::Text("identity_policies[0]");
        let st = base.key("Statement");
        assert_eq!(
            st.index(2).key("Action").index(0).to_string(),
            "identity_policies[0].Statement[2].Action[0]"
        );
        for i in [0, 7, 10, 99, 12345, usize::MAX] {
            assert_eq!(
                st.index(i).to_string(),
                format!("identity_policies[0].Statement[{i}]")
            );
            assert_eq!(top.index(i).to_string(), format!("[{i}]"));
        }
    }

    #[test]
    fn keeps_duplicate_members() {
        let node = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(node.as_object().unwrap().len(), 2);
    }
}
