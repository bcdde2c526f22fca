//! Condition operators and their evaluation.
//!
//! AWS's rules, as the IAM User Guide states them:
//! - within one key, values are ORed; keys in one operator, and operators, are ANDed;
//! - condition key names ignore case;
//! - a key absent from the request makes a positive operator false and a negated one
//!   (`StringNotEquals`, `NotIpAddress`, ...) true; `...IfExists` makes it true;
//! - `ForAllValues:` is true when every request value matches (vacuously true when
//!   the key is absent or empty); `ForAnyValue:` when at least one does (false when
//!   absent);
//! - `Null` is true for `"true"` when the key is absent, for `"false"` when present.

use crate::context::Context;
use crate::diag::Location;
use crate::glob::{tokens, Glob, Token};
use crate::values::{self, IpNet};
use crate::vars::{Substitution, Template};
use serde::Serialize;

/// The positive operator at the heart of every operator name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnEquals,
    ArnLike,
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SetOp {
    ForAllValues,
    ForAnyValue,
}

/// A parsed operator name such as `ForAnyValue:StringNotLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub base: Base,
    /// `StringNotEquals`, `NotIpAddress`, ...: true when the positive operator is false.
    pub negated: bool,
    pub if_exists: bool,
    pub set: Option<SetOp>,
}

/// Every operator name, its positive base and whether it is negated.
const OPERATORS: &[(&str, Base, bool)] = &[
    ("StringEquals", Base::StringEquals, false),
    ("StringNotEquals", Base::StringEquals, true),
    (
        "StringEqualsIgnoreCase",
        Base::StringEqualsIgnoreCase,
        false,
    ),
    (
        "StringNotEqualsIgnoreCase",
        Base::StringEqualsIgnoreCase,
        true,
    ),
    ("StringLike", Base::StringLike, false),
    ("StringNotLike", Base::StringLike, true),
    ("NumericEquals", Base::NumericEquals, false),
    ("NumericNotEquals", Base::NumericEquals, true),
    ("NumericLessThan", Base::NumericLessThan, false),
    ("NumericLessThanEquals", Base::NumericLessThanEquals, false),
    ("NumericGreaterThan", Base::NumericGreaterThan, false),
    (
        "NumericGreaterThanEquals",
        Base::NumericGreaterThanEquals,
        false,
    ),
    ("DateEquals", Base::DateEquals, false),
    ("DateNotEquals", Base::DateEquals, true),
    ("DateLessThan", Base::DateLessThan, false),
    ("DateLessThanEquals", Base::DateLessThanEquals, false),
    ("DateGreaterThan", Base::DateGreaterThan, false),
    ("DateGreaterThanEquals", Base::DateGreaterThanEquals, false),
    ("Bool", Base::Bool, false),
    ("BinaryEquals", Base::BinaryEquals, false),
    ("IpAddress", Base::IpAddress, false),
    ("NotIpAddress", Base::IpAddress, true),
    ("ArnEquals", Base::ArnEquals, false),
    ("ArnNotEquals", Base::ArnEquals, true),
    ("ArnLike", Base::ArnLike, false),
    ("ArnNotLike", Base::ArnLike, true),
    ("Null", Base::Null, false),
];

impl Operator {
    /// Reads an operator name; on failure returns help text.
    pub fn parse(name: &str) -> Result<Operator, String> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetOp::ForAllValues), r)
        } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOp::ForAnyValue), r)
        } else {
            (None, name)
        };
        let (if_exists, core) = match rest.strip_suffix("IfExists") {
            Some(c) => (true, c),
            None => (false, rest),
        };
        if let Some((_, base, negated)) = OPERATORS.iter().find(|(n, _, _)| *n == core) {
            if *base == Base::Null && if_exists {
                return Err(
                    "`Null` has no IfExists form: it already tests whether the key exists".into(),
                );
            }
            return Ok(Operator {
                base: *base,
                negated: *negated,
                if_exists,
                set,
            });
        }
        // The same letters in another case, else the nearest name (`StringEqual` →
        // `StringEquals`), else a name the text contains; with the prefix and suffix kept.
        let core_lc = core.to_ascii_lowercase();
        let names = || OPERATORS.iter().map(|(n, _, _)| *n);
        let near = names()
            .find(|n| n.eq_ignore_ascii_case(core))
            .or_else(|| {
                names()
                    .map(|n| {
                        (
                            crate::closest::edit_distance(&core_lc, &n.to_ascii_lowercase()),
                            n,
                        )
                    })
                    .filter(|(d, n)| *d <= 2.max(n.len() / 4))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, n)| n)
            })
            .or_else(|| names().find(|n| core_lc.contains(&n.to_ascii_lowercase())));
        let prefix = name
            .get(..name.len().saturating_sub(rest.len()))
            .unwrap_or("");
        let suffix = if if_exists { "IfExists" } else { "" };
        Err(match near {
            Some(n) => format!("operator names are case-sensitive and exact: did you mean `{prefix}{n}{suffix}`?"),
            None => "use an operator such as StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, IpAddress, ArnLike or Null, optionally with ForAllValues:/ForAnyValue: and IfExists".into(),
        })
    }

    fn family(&self) -> &'static str {
        match self.base {
            Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike => "string",
            Base::NumericEquals
            | Base::NumericLessThan
            | Base::NumericLessThanEquals
            | Base::NumericGreaterThan
            | Base::NumericGreaterThanEquals => "number",
            Base::DateEquals
            | Base::DateLessThan
            | Base::DateLessThanEquals
            | Base::DateGreaterThan
            | Base::DateGreaterThanEquals => "date",
            Base::Bool | Base::Null => "boolean",
            Base::BinaryEquals => "base64 value",
            Base::IpAddress => "IP address",
            Base::ArnEquals | Base::ArnLike => "ARN",
        }
    }
}

/// A policy value read for its operator.
#[derive(Clone, Debug)]
enum Typed {
    Text(String),
    Lower(String),
    Like(Glob),
    Arn(ArnPattern),
    Number(f64),
    Date(i128),
    Bool(bool),
    Binary(Vec<u8>),
    Ip(IpNet),
}

/// A value of an ARN operator (`ArnEquals`, `ArnLike` and their negated, `IfExists`
/// and set forms): the six colon-separated components of an ARN, each matched on its
/// own (IAM User Guide, condition operators, "Amazon Resource Name (ARN) condition
/// operators"). A `*` or `?` never crosses a colon into the next component; the sixth
/// component is everything after the fifth colon, colons included. A pattern or a
/// value with fewer than six components matches nothing. (The element rule that a
/// trailing `*` may run across colons is `Resource`'s alone: see `glob::ArnGlob`.)
#[derive(Clone, Debug)]
pub struct ArnPattern(Option<Box<[Glob; 6]>>);

impl ArnPattern {
    /// Cuts a pattern's tokens at its first five colons.
    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>) -> ArnPattern {
        let mut parts: Vec<Vec<Token>> = vec![Vec::new()];
        for t in tokens {
            if t == Token::Char(':') && parts.len() < 6 {
                parts.push(Vec::new());
            } else if let Some(last) = parts.last_mut() {
                last.push(t);
            }
        }
        let globs: Vec<Glob> = parts.into_iter().map(Glob::from_tokens).collect();
        ArnPattern(<[Glob; 6]>::try_from(globs).ok().map(Box::new))
    }

    /// Reads a pattern as written (`*` and `?` are wildcards).
    pub fn new(pattern: &str) -> ArnPattern {
        ArnPattern::from_tokens(tokens(pattern))
    }

    /// Whether the pattern has six components (else it matches nothing).
    pub fn is_complete(&self) -> bool {
        self.0.is_some()
    }

    /// Whether `value`, cut into its six components, matches component by component.
    pub fn is_match(&self, value: &str) -> bool {
        let Some(globs) = &self.0 else {
            return false;
        };
        let parts = value.splitn(6, ':');
        parts.clone().count() == 6 && globs.iter().zip(parts).all(|(g, v)| g.is_match(v))
    }
}

fn read_value(
    base: Base,
    text: &str,
    tokens: Option<&[crate::glob::Token]>,
) -> Result<Typed, String> {
    Ok(match base {
        Base::StringEquals => Typed::Text(text.to_string()),
        Base::StringEqualsIgnoreCase => Typed::Lower(text.to_lowercase()),
        Base::StringLike => Typed::Like(match tokens {
            Some(t) => Glob::from_tokens(t.iter().copied()),
            None => Glob::new(text),
        }),
        Base::ArnEquals | Base::ArnLike => Typed::Arn(match tokens {
            Some(t) => ArnPattern::from_tokens(t.iter().copied()),
            None => ArnPattern::new(text),
        }),
        Base::NumericEquals
        | Base::NumericLessThan
        | Base::NumericLessThanEquals
        | Base::NumericGreaterThan
        | Base::NumericGreaterThanEquals => Typed::Number(values::number(text)?),
        Base::DateEquals
        | Base::DateLessThan
        | Base::DateLessThanEquals
        | Base::DateGreaterThan
        | Base::DateGreaterThanEquals => Typed::Date(values::date(text)?),
        Base::Bool | Base::Null => Typed::Bool(values::boolean(text)?),
        Base::BinaryEquals => Typed::Binary(values::base64(text)?),
        Base::IpAddress => Typed::Ip(values::ip_net(text)?),
    })
}

#[derive(Clone, Debug)]
pub struct ConditionValue {
    pub text: String,
    template: Option<Template>,
    /// Read once at parse time when there are no variables.
    typed: Option<Typed>,
    pub location: Location,
}

/// One condition: an operator, a key, and the values it is compared with.
#[derive(Clone, Debug)]
pub struct Condition {
    pub operator: Operator,
    pub operator_text: String,
    pub key: String,
    pub key_lc: String,
    pub values: Vec<ConditionValue>,
}

/// A problem found while building a condition: location, the value's place (its JSON
/// path, as the caller gave it), message.
pub type ValueProblem<P = String> = (Location, P, String);

impl Condition {
    /// Builds a condition from its values `(text, location, place)`; `variables` says
    /// whether `${...}` is read as a policy variable. A problem names the value's place.
    pub fn build<P>(
        operator: Operator,
        operator_text: &str,
        key: &str,
        texts: Vec<(String, Location, P)>,
        variables: bool,
    ) -> Result<Condition, Vec<ValueProblem<P>>> {
        let mut problems = Vec::new();
        let mut values = Vec::new();
        for (text, location, path) in texts {
            let template = if variables && operator.base != Base::Null {
                match Template::parse(&text) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push((location, path, e));
                        continue;
                    }
                }
            } else {
                None
            };
            let typed = if template.is_none() {
                match read_value(operator.base, &text, None) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        problems.push((
                            location,
                            path,
                            format!(
                                "{e}; `{operator_text}` compares {}",
                                plural(operator.family())
                            ),
                        ));
                        continue;
                    }
                }
            } else {
                None
            };
            values.push(ConditionValue {
                text,
                template,
                typed,
                location,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Condition {
            operator,
            operator_text: operator_text.to_string(),
            key: key.to_string(),
            key_lc: key.to_ascii_lowercase(),
            values,
        })
    }

    /// Decides the condition against a request context, without explaining: no
    /// allocation unless policy variables must be filled in.
    pub fn matches(&self, ctx: &Context) -> bool {
        if self.values.iter().any(|v| v.template.is_some()) {
            return self.evaluate(ctx, false).0;
        }
        let request = ctx.get_lc(&self.key_lc);
        let req_values: &[String] = request.map_or(&[], |r| r.values.as_slice());
        let present = request.is_some() && !req_values.is_empty();
        let op = self.operator;
        let typed = || self.values.iter().filter_map(|v| v.typed.as_ref());
        if op.base == Base::Null {
            return typed().any(|v| matches!(v, Typed::Bool(b) if *b != present));
        }
        if !present {
            return op.if_exists
                || match op.set {
                    Some(SetOp::ForAllValues) => true,
                    Some(SetOp::ForAnyValue) => false,
                    None => op.negated,
                };
        }
        let positive = |rv: &str| typed().any(|pv| compare(op.base, pv, rv));
        match op.set {
            None => req_values.iter().any(|rv| positive(rv)) != op.negated,
            Some(SetOp::ForAnyValue) => req_values.iter().any(|rv| positive(rv) != op.negated),
            Some(SetOp::ForAllValues) => req_values.iter().all(|rv| positive(rv) != op.negated),
        }
    }

    /// Decides the condition against a request context; with `explain`, also says why.
    pub fn evaluate(&self, ctx: &Context, explain: bool) -> (bool, Option<ConditionTrace>) {
        let mut subs: Vec<Substitution> = Vec::new();
        let mut resolved_texts: Vec<String> = Vec::new();
        let mut owned: Vec<(String, Typed)> = Vec::new();
        let has_templates = self.values.iter().any(|v| v.template.is_some());
        if has_templates {
            for v in &self.values {
                match (&v.template, &v.typed) {
                    (Some(t), _) => {
                        let filled = t.fill(ctx);
                        subs.extend(filled.substitutions);
                        if filled.complete {
                            if let Ok(typed) =
                                read_value(self.operator.base, &filled.text, Some(&filled.tokens))
                            {
                                owned.push((filled.text.clone(), typed));
                            }
                        }
                        resolved_texts.push(filled.text);
                    }
                    (None, Some(typed)) => {
                        owned.push((v.text.clone(), typed.clone()));
                        resolved_texts.push(v.text.clone());
                    }
                    (None, None) => {}
                }
            }
        }
        let policy_values: Vec<(&str, &Typed)> = if has_templates {
            owned.iter().map(|(t, v)| (t.as_str(), v)).collect()
        } else {
            self.values
                .iter()
                .filter_map(|v| v.typed.as_ref().map(|t| (v.text.as_str(), t)))
                .collect()
        };
        let request = ctx.get_lc(&self.key_lc);
        let req_values: &[String] = request.map_or(&[], |r| r.values.as_slice());
        let present = request.is_some() && !req_values.is_empty();
        let op = self.operator;

        // A policy variable AWS cannot resolve makes the statement not apply, whatever
        // the operator (negated ones included); only an `...IfExists` operator whose key
        // is absent never reads its values.
        let unresolved: Vec<&str> = crate::vars::unresolved(&subs).collect();
        let (matched, why) = if !unresolved.is_empty() && (!op.if_exists || present) {
            let names = unresolved
                .iter()
                .map(|v| format!("`${{{v}}}`"))
                .collect::<Vec<_>>()
                .join(", ");
            (
                false,
                explain.then(|| {
                    format!(
                        "{names} has no value in this request (its key is absent and it has no default): {}",
                        crate::vars::UNRESOLVED
                    )
                }),
            )
        } else if op.base == Base::Null {
            let m = policy_values
                .iter()
                .any(|(_, v)| matches!(v, Typed::Bool(b) if *b != present));
            let why = explain.then(|| {
                if present {
                    format!(
                        "key `{}` is present, so Null is true only for \"false\"",
                        self.key
                    )
                } else {
                    format!(
                        "key `{}` is absent, so Null is true only for \"true\"",
                        self.key
                    )
                }
            });
            (m, why)
        } else if !present {
            let (m, rule) = if op.if_exists {
                (true, "IfExists treats a missing key as a match")
            } else {
                match op.set {
                    Some(SetOp::ForAllValues) => (
                        true,
                        "ForAllValues is vacuously true when there are no values",
                    ),
                    Some(SetOp::ForAnyValue) => (
                        false,
                        "ForAnyValue needs at least one value, so the condition is false",
                    ),
                    None if op.negated => (true, "a negated operator matches a missing key"),
                    None => (false, "the condition is false"),
                }
            };
            let state = if request.is_some() {
                "has no values"
            } else {
                "is absent from the request"
            };
            (
                m,
                explain.then(|| format!("key `{}` {state}: {rule}", self.key)),
            )
        } else {
            let positive = |rv: &str| policy_values.iter().any(|(_, pv)| compare(op.base, pv, rv));
            let m = match op.set {
                None => positive_any(req_values, &positive) != op.negated,
                Some(SetOp::ForAnyValue) => req_values.iter().any(|rv| positive(rv) != op.negated),
                Some(SetOp::ForAllValues) => req_values.iter().all(|rv| positive(rv) != op.negated),
            };
            (
                m,
                explain.then(|| self.explain(req_values, &policy_values, m)),
            )
        };
        let trace = why.map(|reason| ConditionTrace {
            operator: self.operator_text.clone(),
            key: self.key.clone(),
            policy_values: self.values.iter().map(|v| v.text.clone()).collect(),
            resolved_values: if has_templates {
                Some(resolved_texts)
            } else {
                None
            },
            substitutions: subs,
            request_values: request.map(|r| r.values.clone()),
            matched,
            reason,
            location: self.values.first().map(|v| v.location).unwrap_or_default(),
        });
        (matched, trace)
    }

    fn explain(
        &self,
        req_values: &[String],
        policy_values: &[(&str, &Typed)],
        matched: bool,
    ) -> String {
        let op = self.operator;
        let base = op.base;
        // The facts behind the positive operator, one request value at a time.
        let mut facts: Vec<String> = Vec::new();
        for rv in req_values {
            let hit = policy_values.iter().find(|(_, pv)| compare(base, pv, rv));
            facts.push(match hit {
                Some((pt, _)) => format!("`{rv}` {} `{pt}`", verb(base, true)),
                None => match policy_values {
                    [(pt, pv)] => {
                        let mut s = format!("`{rv}` {} `{pt}`", verb(base, false));
                        if matches!(pv, Typed::Text(t) if t.eq_ignore_ascii_case(rv)) {
                            s.push_str(
                                " (only the case differs, and this operator is case-sensitive)",
                            );
                        }
                        if matches!(pv, Typed::Arn(a) if !a.is_complete()) {
                            s = format!("`{pt}` has fewer than six colon-separated components, so as an ARN pattern it matches nothing");
                        } else if matches!(pv, Typed::Arn(_)) && !unreadable(base, rv) {
                            s.push_str(" (ARN operators compare the six components one by one; a wildcard never crosses a colon)");
                        }
                        if unreadable(base, rv) {
                            s = not_valid(rv, op);
                        }
                        s
                    }
                    [] => "no policy value could be used (a variable had no value)".to_string(),
                    many => {
                        if unreadable(base, rv) {
                            not_valid(rv, op)
                        } else {
                            format!(
                                "`{rv}` {} any of the {} values",
                                verb(base, false),
                                many.len()
                            )
                        }
                    }
                },
            });
        }
        let mut s = facts.join("; ");
        let qualifier = match op.set {
            Some(SetOp::ForAllValues) => " (ForAllValues: every request value must qualify)",
            Some(SetOp::ForAnyValue) => " (ForAnyValue: one request value is enough)",
            None => "",
        };
        s.push_str(qualifier);
        if op.negated {
            s.push_str(if matched {
                ", so the negated operator is true"
            } else {
                ", so the negated operator is false"
            });
        }
        s
    }
}

fn plural(family: &str) -> &'static str {
    match family {
        "string" => "strings",
        "number" => "numbers",
        "date" => "dates",
        "boolean" => "booleans",
        "base64 value" => "base64 values",
        "IP address" => "IP addresses",
        _ => "ARNs",
    }
}

fn positive_any(req: &[String], positive: &impl Fn(&str) -> bool) -> bool {
    req.iter().any(|rv| positive(rv))
}

/// "`x` is not a valid date".
fn not_valid(rv: &str, op: Operator) -> String {
    let mut s = format!("`{rv}` is not a valid {}", op.family());
    if matches!(op.base, Base::ArnEquals | Base::ArnLike) {
        s.push_str(" (an ARN has six colon-separated components), so no ARN pattern matches it");
    }
    s
}

fn unreadable(base: Base, rv: &str) -> bool {
    match base {
        Base::ArnEquals | Base::ArnLike => rv.splitn(6, ':').count() < 6,
        Base::NumericEquals
        | Base::NumericLessThan
        | Base::NumericLessThanEquals
        | Base::NumericGreaterThan
        | Base::NumericGreaterThanEquals => values::number(rv).is_err(),
        Base::DateEquals
        | Base::DateLessThan
        | Base::DateLessThanEquals
        | Base::DateGreaterThan
        | Base::DateGreaterThanEquals => values::date(rv).is_err(),
        Base::Bool => values::boolean(rv).is_err(),
        Base::IpAddress => values::ip_net(rv).is_err(),
        Base::BinaryEquals => values::base64(rv).is_err(),
        _ => false,
    }
}

fn verb(base: Base, yes: bool) -> &'static str {
    match (base, yes) {
        (
            Base::StringEquals
            | Base::StringEqualsIgnoreCase
            | Base::BinaryEquals
            | Base::NumericEquals
            | Base::DateEquals
            | Base::ArnEquals,
            true,
        ) => "equals",
        (
            Base::StringEquals
            | Base::StringEqualsIgnoreCase
            | Base::BinaryEquals
            | Base::NumericEquals
            | Base::DateEquals
            | Base::ArnEquals,
            false,
        ) => "does not equal",
        (Base::StringLike | Base::ArnLike, true) => "matches the pattern",
        (Base::StringLike | Base::ArnLike, false) => "does not match the pattern",
        (Base::NumericLessThan, true) => "is less than",
        (Base::NumericLessThan, false) => "is not less than",
        (Base::NumericLessThanEquals, true) => "is at most",
        (Base::NumericLessThanEquals, false) => "is greater than",
        (Base::NumericGreaterThan, true) => "is greater than",
        (Base::NumericGreaterThan, false) => "is not greater than",
        (Base::NumericGreaterThanEquals, true) => "is at least",
        (Base::NumericGreaterThanEquals, false) => "is less than",
        (Base::DateLessThan, true) => "is before",
        (Base::DateLessThan, false) => "is not before",
        (Base::DateLessThanEquals, true) => "is at or before",
        (Base::DateLessThanEquals, false) => "is after",
        (Base::DateGreaterThan, true) => "is after",
        (Base::DateGreaterThan, false) => "is not after",
        (Base::DateGreaterThanEquals, true) => "is at or after",
        (Base::DateGreaterThanEquals, false) => "is before",
        (Base::Bool, true) => "is",
        (Base::Bool, false) => "is not",
        (Base::IpAddress, true) => "is inside",
        (Base::IpAddress, false) => "is outside",
        (Base::Null, _) => "is",
    }
}

/// The positive comparison of one policy value with one request value.
fn compare(base: Base, pv: &Typed, rv: &str) -> bool {
    match (base, pv) {
        (_, Typed::Text(t)) => t == rv,
        (_, Typed::Lower(t)) => *t == rv.to_lowercase(),
        (_, Typed::Like(g)) => g.is_match(rv),
        (_, Typed::Arn(g)) => g.is_match(rv),
        (_, Typed::Number(p)) => match values::number(rv) {
            Ok(r) => match base {
                Base::NumericLessThan => r < *p,
                Base::NumericLessThanEquals => r <= *p,
                Base::NumericGreaterThan => r > *p,
                Base::NumericGreaterThanEquals => r >= *p,
                _ => r == *p,
            },
            Err(_) => false,
        },
        (_, Typed::Date(p)) => match values::date(rv) {
            Ok(r) => match base {
                Base::DateLessThan => r < *p,
                Base::DateLessThanEquals => r <= *p,
                Base::DateGreaterThan => r > *p,
                Base::DateGreaterThanEquals => r >= *p,
                _ => r == *p,
            },
            Err(_) => false,
        },
        (_, Typed::Bool(p)) => values::boolean(rv).is_ok_and(|r| r == *p),
        (_, Typed::Binary(p)) => values::base64(rv).is_ok_and(|r| r == *p),
        (_, Typed::Ip(net)) => {
            values::ip_net(rv).is_ok_and(|r| net.contains(r.addr) && r.prefix >= net.prefix)
        }
    }
}

/// How one condition was decided, for the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConditionTrace {
    pub operator: String,
    pub key: String,
    /// The values as written in the policy.
    pub policy_values: Vec<String>,
    /// The values after filling in policy variables, when there were any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_values: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub substitutions: Vec<Substitution>,
    /// The request's values for the key; `None` when the key is absent.
    pub request_values: Option<Vec<String>>,
    pub matched: bool,
    pub reason: String,
    pub location: Location,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        let texts = values
            .iter()
            .map(|v| (v.to_string(), Location::default(), String::new()))
            .collect();
        Condition::build(Operator::parse(op).unwrap(), op, key, texts, true).unwrap()
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut c = Context::default();
        for (k, v) in pairs {
            c.insert(k, v.iter().map(|s| s.to_string()).collect(), v.len() != 1);
        }
        c
    }

    #[test]
    fn operators() {
        let t = |op: &str, v: &[&str], c: &Context| cond(op, "k:k", v).evaluate(c, true).0;
        let one = ctx(&[("k:k", &["Alice"])]);
        let none = Context::default();
        assert!(t("StringEquals", &["Alice"], &one));
        assert!(!t("StringEquals", &["alice"], &one));
        assert!(t("StringEqualsIgnoreCase", &["alice"], &one));
        assert!(t("StringNotEquals", &["Bob"], &one));
        assert!(t("StringNotEquals", &["Bob"], &none));
        assert!(!t("StringEquals", &["Bob"], &none));
        assert!(t("StringEqualsIfExists", &["Bob"], &none));
        assert!(t("StringLike", &["A*"], &one));
        assert!(!t("StringNotLike", &["A*"], &one));
        assert!(t("Null", &["true"], &none));
        assert!(!t("Null", &["true"], &one));
        assert!(t("Null", &["false"], &one));
        let tags = ctx(&[("k:k", &["a", "b"])]);
        assert!(t("ForAllValues:StringEquals", &["a", "b", "c"], &tags));
        assert!(!t("ForAllValues:StringEquals", &["a"], &tags));
        assert!(t("ForAnyValue:StringEquals", &["a"], &tags));
        assert!(t("ForAllValues:StringEquals", &["x"], &none));
        assert!(!t("ForAnyValue:StringEquals", &["x"], &none));
        assert!(t("ForAnyValue:StringNotEquals", &["a"], &tags));
        assert!(!t("ForAllValues:StringNotEquals", &["a"], &tags));
        let n = ctx(&[("k:k", &["5"])]);
        assert!(t("NumericLessThan", &["10"], &n));
        assert!(!t("NumericGreaterThan", &["10"], &n));
        assert!(t("NumericNotEquals", &["10"], &n));
        let ip = ctx(&[("k:k", &["10.1.2.3"])]);
        assert!(t("IpAddress", &["10.0.0.0/8"], &ip));
        assert!(t("NotIpAddress", &["192.168.0.0/16"], &ip));
        let d = ctx(&[("k:k", &["2026-06-01T00:00:00Z"])]);
        assert!(t("DateLessThan", &["2027-01-01T00:00:00Z"], &d));
        assert!(t("DateGreaterThan", &["1700000000"], &d));
        let b = ctx(&[("k:k", &["TRUE"])]);
        assert!(t("Bool", &["true"], &b));
        assert!(!t("Bool", &["false"], &b));
    }

    #[test]
    fn explains() {
        let (m, tr) = cond("IpAddress", "aws:SourceIp", &["10.0.0.0/8"])
            .evaluate(&ctx(&[("aws:sourceip", &["192.0.2.1"])]), true);
        assert!(!m);
        assert_eq!(tr.unwrap().reason, "`192.0.2.1` is outside `10.0.0.0/8`");
        let (_, tr) =
            cond("StringEquals", "k:k", &["alice"]).evaluate(&ctx(&[("k:k", &["Alice"])]), true);
        assert!(tr.unwrap().reason.contains("case differs"));
    }

    #[test]
    fn parse_errors() {
        assert!(Operator::parse("stringequals")
            .unwrap_err()
            .contains("StringEquals"));
        assert!(Operator::parse("NullIfExists").is_err());
        assert!(Operator::parse("ForAllValues:StringLikeIfExists").is_ok());
        // A letter short, or a letter wrong: the nearest name, prefix and suffix kept.
        assert!(Operator::parse("StringEqual")
            .unwrap_err()
            .contains("did you mean `StringEquals`?"));
        assert!(Operator::parse("ForAnyValue:StringLkeIfExists")
            .unwrap_err()
            .contains("`ForAnyValue:StringLikeIfExists`"));
        assert!(Operator::parse("StringEqualsIgnorecase")
            .unwrap_err()
            .contains("`StringEqualsIgnoreCase`"));
    }
}
