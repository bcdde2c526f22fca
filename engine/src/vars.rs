//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the
//! escapes `${*}`, `${?}`, `${$}` for a literal `*`, `?` and `$`.
//!
//! Variables are only read in policies with `"Version": "2012-10-17"`; under
//! `2008-10-17` (or no Version) the text is taken literally, as AWS does.

use crate::context::Context;
use crate::glob::{tokens, Token};
use serde::Serialize;

/// What the trace says when a variable cannot be resolved (IAM User Guide, "IAM policy
/// elements: Variables and tags": if AWS cannot resolve a variable, the entire
/// statement can be invalid): the statement does not apply, and the ways around it.
pub const UNRESOLVED: &str = "AWS cannot resolve it, so the statement does not apply (it neither allows nor denies, whatever the operator or NotResource); give the variable a default such as `${aws:username, 'none'}`, or guard the key with an ...IfExists operator";

/// The variables of a filled template that had no value and no default.
pub fn unresolved(subs: &[Substitution]) -> impl Iterator<Item = &str> {
    subs.iter()
        .filter(|s| s.value.is_none())
        .map(|s| s.variable.as_str())
}

/// A value written with variables, ready to be filled in from a request context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// Text as written: in Resource and `...Like` values `*` and `?` are wildcards.
    Text(String),
    /// A character from an escape: never a wildcard.
    Literal(char),
    Var {
        name: String,
        name_lc: String,
        default: Option<String>,
    },
}

/// One variable as it was filled in, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Substitution {
    /// The variable as written inside `${...}`, such as `aws:username`.
    pub variable: String,
    /// The value used, or `None` when the key is absent and there is no default.
    pub value: Option<String>,
    /// True when the default (`${key, 'default'}`) was used.
    pub defaulted: bool,
}

/// A template filled in from a context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filled {
    /// Wildcard tokens: variable values and escapes are literal characters.
    pub tokens: Vec<Token>,
    /// The text with every variable replaced, for display and for exact comparisons.
    pub text: String,
    pub substitutions: Vec<Substitution>,
    /// False when some variable had no value and no default: AWS then treats the
    /// element as not matching.
    pub complete: bool,
}

impl Template {
    /// Reads the variables in `s`. Returns `Ok(None)` when there are none.
    pub fn parse(s: &str) -> Result<Option<Template>, String> {
        if !s.contains("${") {
            return Ok(None);
        }
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(at) = rest.find("${") {
            let (before, after) = rest.split_at(at);
            if !before.is_empty() {
                parts.push(Part::Text(before.to_string()));
            }
            let inner_and_rest = after.get(2..).unwrap_or_default();
            let close = inner_and_rest.find('}').ok_or_else(|| {
                format!("unterminated policy variable in `{s}`: `${{` needs a closing `}}`")
            })?;
            let inner = inner_and_rest.get(..close).unwrap_or_default();
            rest = inner_and_rest.get(close + 1..).unwrap_or_default();
            parts.push(Self::variable(inner, s)?);
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Some(Template { parts }))
    }

    fn variable(inner: &str, whole: &str) -> Result<Part, String> {
        match inner {
            "*" => return Ok(Part::Literal('*')),
            "?" => return Ok(Part::Literal('?')),
            "$" => return Ok(Part::Literal('$')),
            _ => {}
        }
        let (name, default) = match inner.split_once(',') {
            None => (inner.trim(), None),
            Some((name, default)) => {
                let d = default.trim();
                let unquoted = d
                    .strip_prefix('\'')
                    .and_then(|d| d.strip_suffix('\''))
                    .ok_or_else(|| format!("the default in `${{{inner}}}` must be in single quotes, like `${{aws:username, 'nobody'}}`"))?;
                (name.trim(), Some(unquoted.to_string()))
            }
        };
        if name.is_empty()
            || name
                .chars()
                .any(|c| c.is_whitespace() || c == '$' || c == '{')
        {
            return Err(format!(
                "`${{{inner}}}` in `{whole}` is not a valid policy variable"
            ));
        }
        Ok(Part::Var {
            name: name.to_string(),
            name_lc: name.to_ascii_lowercase(),
            default,
        })
    }

    /// The variables named, in order.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// Fills the variables in from `ctx`. A multivalued key has no single value to put
    /// in, so it counts as absent.
    pub fn fill(&self, ctx: &Context) -> Filled {
        let mut filled = Filled {
            tokens: Vec::new(),
            text: String::new(),
            substitutions: Vec::new(),
            complete: true,
        };
        for part in &self.parts {
            match part {
                Part::Text(t) => {
                    filled.tokens.extend(tokens(t));
                    filled.text.push_str(t);
                }
                Part::Literal(c) => {
                    filled.tokens.push(Token::Char(*c));
                    filled.text.push(*c);
                }
                Part::Var {
                    name,
                    name_lc,
                    default,
                } => {
                    let found = ctx.get_lc(name_lc).and_then(|v| v.single());
                    let (value, defaulted) = match (found, default) {
                        (Some(v), _) => (Some(v.to_string()), false),
                        (None, Some(d)) => (Some(d.clone()), true),
                        (None, None) => (None, false),
                    };
                    match &value {
                        Some(v) => {
                            filled.tokens.extend(v.chars().map(Token::Char));
                            filled.text.push_str(v);
                        }
                        None => {
                            filled.complete = false;
                            filled.text.push_str("${");
                            filled.text.push_str(name);
                            filled.text.push('}');
                        }
                    }
                    filled.substitutions.push(Substitution {
                        variable: name.clone(),
                        value,
                        defaulted,
                    });
                }
            }
        }
        filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;

    #[test]
    fn fills_and_escapes() {
        let mut ctx = Context::default();
        ctx.insert("aws:username", vec!["alice".into()], false);
        let t = Template::parse("home/${aws:username}/${*}/${aws:PrincipalTag/team, 'none'}")
            .unwrap()
            .unwrap();
        let f = t.fill(&ctx);
        assert!(f.complete);
        assert_eq!(f.text, "home/alice/*/none");
        assert_eq!(f.tokens[11], Token::Char('*'));
        assert!(f.substitutions[1].defaulted);
    }

    #[test]
    fn missing_value() {
        let t = Template::parse("${aws:username}").unwrap().unwrap();
        let f = t.fill(&Context::default());
        assert!(!f.complete);
    }

    #[test]
    fn errors() {
        assert!(Template::parse("${aws:username").is_err());
        assert!(Template::parse("${}").is_err());
        assert!(Template::parse("${a, nobody}").is_err());
        assert_eq!(Template::parse("plain").unwrap(), None);
    }
}
