//! Diagnostics: what is wrong with a document, where, and how to mend it.
//!
//! Diagnostics are plain data so that the CLI can print them and an editor can
//! underline them: a message (lowercase, no trailing period, user text in backticks),
//! optional help, a severity, a source location and the JSON path of the element.

use crate::json::{LineIndex, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is not valid: AWS would refuse it, and the engine does not evaluate it.
    Error,
    /// Valid, but probably not what the author meant.
    Warning,
}

/// A place in a source text: byte range plus 1-based line and column of both ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// A text and its line index, for turning spans into locations.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl Source<'_> {
    pub fn locate(&self, span: Span) -> Location {
        let (line, column) = self.lines.line_col(self.text, span.start);
        let (end_line, end_column) = self.lines.line_col(self.text, span.end);
        Location {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier, such as `missing-effect`.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub location: Location,
    /// Where in the document, such as `Statement[1].Condition.IpAddress.aws:SourceIp`.
    pub path: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}: {sev}: {}",
            self.location.line, self.location.column, self.message
        )?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path)?;
        }
        if let Some(help) = &self.help {
            write!(f, "; help: {help}")?;
        }
        Ok(())
    }
}
