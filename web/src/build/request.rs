//! The request form: every kind of caller (a user with or without MFA, an access key,
//! a session, an instance, root, a service, anonymous), the action and resource, typed
//! context keys and STS parameters, written as one request of the document.

use super::*;

/// Who makes a request, as the request form picks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    User(String, String),
    Role(String, String),
    /// The session an earlier STS request made (by its name).
    Session(String),
    Root(String),
    /// Signs with an access key (by its ID).
    Key(String),
    /// An EC2 instance, as its instance profile's role (by instance ID).
    Instance(String),
    /// An AWS service principal, such as `lambda.amazonaws.com`.
    Service(String),
    Anonymous,
}

/// Reads context keys typed one per line as `key = value`: `true`/`false` are booleans,
/// numbers are numbers, `[a, b]` is a list, anything else a string.
pub fn parse_context(s: &str) -> Result<serde_json::Map<String, Value>, String> {
    let mut out = serde_json::Map::new();
    for (i, line) in s.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let (key, value) = line.split_once('=').ok_or_else(|| {
            format!(
                "context line {} is not key = value: \u{201c}{}\u{201d}",
                i + 1,
                line.trim()
            )
        })?;
        let key = key.trim();
        if !key.contains(':') {
            return Err(format!(
                "a context key is written service:name, such as aws:SourceIp (line {})",
                i + 1
            ));
        }
        let value = value.trim();
        let one = |v: &str| -> Value {
            let v = v.trim().trim_matches('"');
            match v {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => v
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(v.to_string())),
            }
        };
        let v = match value.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            Some(inner) => Value::Array(
                inner
                    .split(',')
                    .filter(|x| !x.trim().is_empty())
                    .map(one)
                    .collect(),
            ),
            None => one(value),
        };
        out.insert(key.to_string(), v);
    }
    Ok(out)
}

pub struct RequestForm<'a> {
    pub name: &'a str,
    pub who: Caller,
    pub action: &'a str,
    pub resource: &'a str,
    pub session_name: &'a str,
    pub external_id: &'a str,
    /// `Allow`, `ExplicitDeny`... or empty for no expectation.
    pub expect: &'a str,
    /// Context keys, one per line as `key = value`.
    pub context: &'a str,
    /// A user signed in with MFA (the user gets an MFA device if it has none).
    pub mfa: bool,
    /// STS calls: `DurationSeconds` (empty for the default).
    pub duration: &'a str,
    /// STS calls: a session policy (`Policy`), as JSON text (empty for none).
    pub session_policy: &'a str,
}

/// Gives user `u` an MFA device. Its earlier requests that relied on the default
/// (no device, so no MFA) keep their meaning: they now say `"mfa": false`.
fn give_device(text: &str, a: &str, u: &str) -> Result<String, String> {
    let mut t = set(
        text,
        &[k("accounts"), k(a), k("users"), k(u), k("mfa")],
        "true",
    )?;
    let requests = get(&t, &[k("requests")]).unwrap_or_default();
    for (i, r) in requests.as_array().into_iter().flatten().enumerate() {
        let Some(who) = r.get("who") else { continue };
        let same = who.get("user").and_then(Value::as_str) == Some(u)
            && who
                .get("account")
                .and_then(Value::as_str)
                .is_none_or(|x| x == a);
        if same && who.get("mfa").is_none() {
            t = set(
                &t,
                &[k("requests"), Seg::Index(i), k("who"), k("mfa")],
                "false",
            )?;
        }
    }
    Ok(t)
}

pub fn add_request(text: &str, r: &RequestForm<'_>) -> Result<String, String> {
    let name = r.name.trim();
    if name.is_empty() {
        return Err("give the request a name that says what it tries".into());
    }
    if names(text).requests.iter().any(|(n, _)| n == name) {
        return Err(format!(
            "a request is called \u{201c}{name}\u{201d} already"
        ));
    }
    let action = r.action.trim();
    if !action.contains(':') {
        return Err("the action is written service:Action, such as s3:GetObject".into());
    }
    let who = match &r.who {
        Caller::User(a, u) => json!({ "user": u, "account": a }),
        // Named so the caller reads "role session already-assumed of role ...": the
        // request skips the trust policy, and the default name would say "session
        // session".
        Caller::Role(a, n) => {
            json!({ "role": n, "account": a, "session_name": "already-assumed" })
        }
        Caller::Session(s) => json!({ "session": s }),
        Caller::Root(a) => json!({ "root": a }),
        Caller::Key(id) => json!({ "access_key": id }),
        Caller::Instance(id) => json!({ "instance": id }),
        Caller::Service(s) => {
            if !s.trim().ends_with(".amazonaws.com") {
                return Err(format!(
                    "a service principal ends in .amazonaws.com, such as lambda.amazonaws.com {}",
                    super::given(s)
                ));
            }
            json!({ "service": s.trim() })
        }
        Caller::Anonymous => json!({ "anonymous": true }),
    };
    let mut text = std::borrow::Cow::Borrowed(text);
    let who = match (&r.who, r.mfa) {
        (Caller::User(a, u), true) => {
            let device = [k("accounts"), k(a), k("users"), k(u), k("mfa")];
            if get(&text, &device) != Some(Value::Bool(true)) {
                text = std::borrow::Cow::Owned(give_device(&text, a, u)?);
            }
            json!({ "user": u, "account": a, "mfa": true })
        }
        (_, true) => return Err("only a user signs in with MFA: pick a user, or untick MFA".into()),
        // A user with a device signs in with it unless the request says otherwise.
        (Caller::User(a, u), false)
            if get(&text, &[k("accounts"), k(a), k("users"), k(u), k("mfa")])
                == Some(Value::Bool(true)) =>
        {
            json!({ "user": u, "account": a, "mfa": false })
        }
        _ => who,
    };
    let resource = if r.resource.trim().is_empty() {
        "*"
    } else {
        r.resource.trim()
    };
    // The same words as the permission form: the scenario loader refuses anything else.
    if resource != "*" && !(resource.starts_with("arn:") && resource.split(':').count() >= 6) {
        return Err(format!(
            "a resource is an ARN (arn:aws:...) or * {}",
            super::given(resource)
        ));
    }
    let mut v = format!(
        "{{\"name\": {}, \"who\": {who}, \"action\": {}, \"resource\": {}",
        q(name),
        q(action),
        q(resource)
    );
    let mut params = serde_json::Map::new();
    if action.eq_ignore_ascii_case("sts:AssumeRole") {
        // Blank: named after the caller, as people usually name their sessions.
        let s = match r.session_name.trim() {
            "" => match &r.who {
                Caller::User(_, u) => u.clone(),
                Caller::Role(_, role) => role.clone(),
                Caller::Key(id) => names(&text)
                    .keys
                    .iter()
                    .find(|(_, _, k, _)| k == id)
                    .map(|(_, u, _, _)| u.clone())
                    .unwrap_or_else(|| "session".into()),
                _ => "session".into(),
            },
            s => s.to_string(),
        };
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(c))
            || s.len() < 2
            || s.len() > 64
        {
            return Err(format!(
                "a role session name has 2 to 64 letters, digits and = , . @ - _ {}",
                super::given(&s)
            ));
        }
        params.insert("RoleSessionName".into(), json!(s));
        if !r.external_id.trim().is_empty() {
            params.insert("ExternalId".into(), json!(r.external_id.trim()));
        }
    }
    let lower = action.to_ascii_lowercase();
    if lower == "sts:getfederationtoken" {
        let s = r.session_name.trim();
        params.insert(
            "Name".into(),
            json!(if s.is_empty() { "federated" } else { s }),
        );
    }
    let sts_session = lower.starts_with("sts:assumerole")
        || lower == "sts:getfederationtoken"
        || lower == "sts:getsessiontoken";
    if !r.duration.trim().is_empty() {
        let d: u32 = r.duration.trim().parse().map_err(|_| {
            format!(
                "the session duration is a number of seconds, such as 3600 {}",
                super::given(r.duration)
            )
        })?;
        if !sts_session {
            return Err("a session duration is for STS calls that make a session (AssumeRole, GetSessionToken...)".into());
        }
        params.insert("DurationSeconds".into(), json!(d));
    }
    if !r.session_policy.trim().is_empty() {
        if !(lower.starts_with("sts:assumerole") || lower == "sts:getfederationtoken") {
            return Err("a session policy is passed to AssumeRole or GetFederationToken".into());
        }
        let policy: Value = serde_json::from_str(r.session_policy.trim())
            .map_err(|e| format!("the session policy is not JSON: {e}"))?;
        if !policy.is_object() {
            return Err("the session policy is a policy document: { \"Version\": ..., \"Statement\": [...] }".into());
        }
        params.insert("Policy".into(), policy);
    }
    if !params.is_empty() {
        v.push_str(&format!(", \"parameters\": {}", Value::Object(params)));
    }
    let context = parse_context(r.context)?;
    if !context.is_empty() {
        v.push_str(&format!(", \"context\": {}", Value::Object(context)));
    }
    if !r.expect.is_empty() {
        v.push_str(&format!(", \"expect\": {}", q(r.expect)));
    }
    v.push('}');
    push(&text, &[k("requests")], &v)
}
