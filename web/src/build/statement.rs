//! The policy statement every form writes: effect, principal (resource-side policies
//! only), actions, resources and at most one condition, checked before it is written.

use serde_json::{json, Value};

/// One condition: an operator, a key and its values (`StringEquals`,
/// `aws:PrincipalTag/team`, `["blue"]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cond {
    pub op: String,
    pub key: String,
    pub values: Vec<String>,
}

/// Who a resource-side statement names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// Any principal of an AWS account (`arn:aws:iam::ID:root`): the account's own
    /// policies then decide who in it may.
    Account(String),
    /// One user or role, by ARN.
    Arn(String),
    /// An AWS service, such as `cloudtrail.amazonaws.com`.
    Service(String),
    /// Everyone (`"*"`), anonymous callers included unless a condition narrows it.
    Everyone,
}

impl Who {
    pub fn principal(&self) -> Result<Value, String> {
        Ok(match self {
            Who::Account(id) => {
                super::check_account(id.trim())?;
                json!({ "AWS": format!("arn:aws:iam::{}:root", id.trim()) })
            }
            Who::Arn(arn) => {
                let arn = arn.trim();
                if !arn.starts_with("arn:aws:iam::") && !arn.starts_with("arn:aws:sts::") {
                    return Err(format!("a principal ARN starts arn:aws:iam::, such as arn:aws:iam::111122223333:role/Admin (not \u{201c}{arn}\u{201d})"));
                }
                json!({ "AWS": arn })
            }
            Who::Service(s) if s.trim().ends_with(".amazonaws.com") => {
                json!({ "Service": s.trim() })
            }
            Who::Service(s) => return Err(format!("a service principal ends in .amazonaws.com, such as cloudtrail.amazonaws.com (not \u{201c}{s}\u{201d})")),
            Who::Everyone => json!("*"),
        })
    }
}

/// The condition operators the forms offer, with what each one does.
pub const OPERATORS: &[(&str, &str)] = &[
    ("StringEquals", "is exactly (case-sensitive)"),
    ("StringNotEquals", "is none of"),
    ("StringEqualsIgnoreCase", "is exactly (any case)"),
    ("StringLike", "matches (* and ? wildcards)"),
    ("StringNotLike", "matches none of"),
    ("ArnEquals", "is the ARN"),
    ("ArnLike", "matches the ARN pattern"),
    ("ArnNotLike", "matches none of the ARN patterns"),
    ("Bool", "is true or false"),
    ("NumericLessThan", "is a number less than"),
    ("NumericGreaterThanEquals", "is a number at least"),
    ("DateLessThan", "is a date before"),
    ("DateGreaterThan", "is a date after"),
    ("IpAddress", "is an IP address in"),
    ("NotIpAddress", "is an IP address outside"),
    ("Null", "is absent (true) or present (false)"),
];

/// Condition keys the forms suggest (any key can be typed).
pub const KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalTag/team",
    "aws:ResourceTag/team",
    "aws:RequestedRegion",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceVpce",
    "aws:SecureTransport",
    "aws:CurrentTime",
    "aws:username",
    "s3:prefix",
    "sts:ExternalId",
];

fn one_or_list(v: &[String]) -> Value {
    match v {
        [only] => json!(only),
        _ => json!(v),
    }
}

/// A statement as JSON text, keys in the order people read them. `principal` is for
/// resource-side policies (bucket, key, trust, RCP) and must be absent elsewhere.
pub fn statement(
    allow: bool,
    principal: Option<&Who>,
    actions: &[String],
    resources: &[String],
    cond: Option<&Cond>,
) -> Result<String, String> {
    write(allow, principal, actions, Some(resources), cond)
}

/// A statement of a role's trust policy: it names who, and no `Resource` (the role
/// itself is the resource). Without actions it lets them call `sts:AssumeRole`.
pub fn trust_statement(
    allow: bool,
    who: &Who,
    actions: &[String],
    cond: Option<&Cond>,
) -> Result<String, String> {
    let assume = ["sts:AssumeRole".to_string()];
    let actions = if actions.is_empty() {
        &assume[..]
    } else {
        actions
    };
    write(allow, Some(who), actions, None, cond)
}

fn write(
    allow: bool,
    principal: Option<&Who>,
    actions: &[String],
    resources: Option<&[String]>,
    cond: Option<&Cond>,
) -> Result<String, String> {
    if actions.is_empty() {
        return Err("name at least one action, such as s3:GetObject or s3:*".into());
    }
    if let Some(a) = actions.iter().find(|a| *a != "*" && !a.contains(':')) {
        return Err(format!(
            "an action is written service:Action, such as s3:GetObject (not \u{201c}{a}\u{201d})"
        ));
    }
    if resources.is_some_and(<[String]>::is_empty) {
        return Err("name at least one resource ARN, or * for all".into());
    }
    if let Some(r) = resources
        .unwrap_or_default()
        .iter()
        .find(|r| *r != "*" && !r.starts_with("arn:"))
    {
        return Err(format!(
            "a resource is an ARN (arn:aws:...) or * (not \u{201c}{r}\u{201d})"
        ));
    }
    let mut s = format!("{{\"Effect\": \"{}\"", if allow { "Allow" } else { "Deny" });
    if let Some(p) = principal {
        s.push_str(&format!(", \"Principal\": {}", p.principal()?));
    }
    s.push_str(&format!(", \"Action\": {}", one_or_list(actions)));
    if let Some(r) = resources {
        s.push_str(&format!(", \"Resource\": {}", one_or_list(r)));
    }
    if let Some(c) = cond {
        s.push_str(&format!(", \"Condition\": {}", condition(c)?));
    }
    s.push('}');
    Ok(s)
}

/// `{"Op": {"key": value}}`, checked: a known operator, a `service:name` key, values
/// of the operator's type.
pub fn condition(c: &Cond) -> Result<Value, String> {
    let op = c.op.trim();
    let base = op.strip_suffix("IfExists").unwrap_or(op);
    if !OPERATORS.iter().any(|(o, _)| *o == base)
        && !matches!(
            base,
            "StringNotEqualsIgnoreCase"
                | "NumericEquals"
                | "NumericNotEquals"
                | "NumericLessThanEquals"
                | "NumericGreaterThan"
                | "DateEquals"
                | "DateNotEquals"
                | "DateLessThanEquals"
                | "DateGreaterThanEquals"
                | "ArnNotEquals"
                | "BinaryEquals"
        )
    {
        return Err(format!(
            "pick a condition operator (not \u{201c}{op}\u{201d})"
        ));
    }
    let key = c.key.trim();
    if !key.contains(':') || key.contains(char::is_whitespace) {
        return Err(format!(
            "a condition key is written service:name, such as aws:SourceIp (not \u{201c}{key}\u{201d})"
        ));
    }
    if c.values.is_empty() {
        return Err(format!("give {key} at least one value to compare with"));
    }
    let typed = |v: &String| -> Result<Value, String> {
        match base {
            "Bool" | "Null" => match v.to_ascii_lowercase().as_str() {
                "true" | "false" => Ok(json!(v.to_ascii_lowercase())),
                _ => Err(format!(
                    "{base} compares with true or false (not \u{201c}{v}\u{201d})"
                )),
            },
            b if b.starts_with("Numeric") => v
                .parse::<f64>()
                .map(|_| json!(v))
                .map_err(|_| format!("{b} compares with a number (not \u{201c}{v}\u{201d})")),
            "IpAddress" | "NotIpAddress" => {
                if v.contains(['.', ':']) {
                    Ok(json!(v))
                } else {
                    Err(format!("{base} compares with an address or CIDR range, such as 203.0.113.0/24 (not \u{201c}{v}\u{201d})"))
                }
            }
            b if b.starts_with("Date") => {
                if v.len() >= 4 && v.bytes().take(4).all(|b| b.is_ascii_digit()) {
                    Ok(json!(v))
                } else {
                    Err(format!("{b} compares with a date, such as 2026-12-31T23:59:59Z (not \u{201c}{v}\u{201d})"))
                }
            }
            _ => Ok(json!(v)),
        }
    };
    let values: Vec<Value> = c.values.iter().map(typed).collect::<Result<_, _>>()?;
    let value = match values.as_slice() {
        [only] => only.clone(),
        _ => Value::Array(values),
    };
    Ok(json!({ op: { key: value } }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_statement_reads_in_the_usual_order() {
        let s = statement(true, None, &v(&["s3:GetObject"]), &v(&["*"]), None).unwrap();
        assert_eq!(
            s,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#
        );
        let who = Who::Account("111111111111".into());
        let c = Cond {
            op: "Bool".into(),
            key: "aws:SecureTransport".into(),
            values: v(&["FALSE"]),
        };
        let s = statement(
            false,
            Some(&who),
            &v(&["s3:GetObject", "s3:PutObject"]),
            &v(&["arn:aws:s3:::b/*"]),
            Some(&c),
        )
        .unwrap();
        let parsed: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(parsed["Principal"]["AWS"], "arn:aws:iam::111111111111:root");
        assert_eq!(parsed["Condition"]["Bool"]["aws:SecureTransport"], "false");
        assert_eq!(parsed["Action"][1], "s3:PutObject");
    }

    #[test]
    fn conditions_are_checked_before_they_are_written() {
        let c = |op: &str, key: &str, vals: &[&str]| Cond {
            op: op.into(),
            key: key.into(),
            values: v(vals),
        };
        assert!(condition(&c("Bool", "aws:MultiFactorAuthPresent", &["yes"])).is_err());
        assert!(condition(&c("NumericLessThan", "s3:max-keys", &["ten"])).is_err());
        assert!(condition(&c("IpAddress", "aws:SourceIp", &["office"])).is_err());
        assert!(condition(&c("StringEquals", "team", &["blue"])).is_err());
        assert!(condition(&c("StringEquals", "aws:PrincipalTag/team", &[])).is_err());
        assert!(condition(&c("Bogus", "aws:SourceIp", &["1.2.3.4"])).is_err());
        let ok = condition(&c(
            "StringLikeIfExists",
            "s3:prefix",
            &["home/*", "public/*"],
        ))
        .unwrap();
        assert_eq!(ok["StringLikeIfExists"]["s3:prefix"][1], "public/*");
        assert!(Who::Service("cloudtrail".into()).principal().is_err());
        assert!(Who::Arn("role/Admin".into()).principal().is_err());
        assert_eq!(Who::Everyone.principal().unwrap(), json!("*"));
        let t =
            trust_statement(true, &Who::Service("ec2.amazonaws.com".into()), &[], None).unwrap();
        assert_eq!(
            t,
            r#"{"Effect": "Allow", "Principal": {"Service":"ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#
        );
    }
}
