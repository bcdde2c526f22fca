//! What the forms do to the scenario document: add an account, a user, a group, a role
//! with its trust, a resource, a permission, a request. Each is one format-preserving
//! edit ([`crate::jsonedit`]) with a clear refusal when the input cannot be right.

use crate::jsonedit::{get, k, push, set, Seg};
use serde_json::{json, Value};

pub mod org;
mod statement;
pub use statement::{condition, statement, trust_statement, Cond, Who, KEYS, OPERATORS};
mod request;
pub use request::{add_request, parse_context, Caller, RequestForm};
mod things;
pub use things::{delete, references, rename, Thing};

/// The names the forms offer, read from the document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub accounts: Vec<String>,
    /// Each account as the forms show it: its ID, and its alias when it has one.
    pub account_labels: Vec<String>,
    /// (account, name)
    pub users: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
    /// (account, ARN)
    pub resources: Vec<(String, String)>,
    /// (name, action) of each request, in order.
    pub requests: Vec<(String, String)>,
    /// (account, user, key ID, status) of each access key.
    pub keys: Vec<(String, String, String, String)>,
    /// (account, profile name) of each instance profile.
    pub profiles: Vec<(String, String)>,
    /// (account, instance ID) of each EC2 instance.
    pub instances: Vec<(String, String)>,
    /// The ARNs a statement's Resource may name here: each user, group and role (with
    /// its path), each resource, and each bucket's objects (`bucket/*`).
    pub arns: Vec<String>,
}

pub fn names(text: &str) -> Names {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return Names::default();
    };
    let mut n = Names::default();
    if let Some(accts) = v.get("accounts").and_then(Value::as_object) {
        for (id, a) in accts {
            n.accounts.push(id.clone());
            n.account_labels
                .push(match a.get("alias").and_then(Value::as_str) {
                    Some(alias) if !alias.is_empty() => format!("{id} ({alias})"),
                    _ => id.clone(),
                });
            let keys = |what: &str| -> Vec<(String, String)> {
                a.get(what)
                    .and_then(Value::as_object)
                    .map(|m| m.keys().map(|k| (id.clone(), k.clone())).collect())
                    .unwrap_or_default()
            };
            n.users.extend(keys("users"));
            for (u, user) in a
                .get("users")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                for key in user
                    .get("access_keys")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let f = |k: &str| {
                        key.get(k)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    let status = match f("status") {
                        s if s.is_empty() => "Active".to_string(),
                        s => s,
                    };
                    n.keys.push((id.clone(), u.clone(), f("id"), status));
                }
            }
            n.groups.extend(keys("groups"));
            n.roles.extend(keys("roles"));
            for (what, kind) in [("users", "user"), ("groups", "group"), ("roles", "role")] {
                for (name, x) in a.get(what).and_then(Value::as_object).into_iter().flatten() {
                    let path = x.get("path").and_then(Value::as_str).unwrap_or("/");
                    n.arns.push(format!("arn:aws:iam::{id}:{kind}{path}{name}"));
                }
            }
            n.profiles.extend(keys("instance_profiles"));
            n.instances.extend(keys("instances"));
            for r in a
                .get("resources")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(arn) = r.get("arn").and_then(Value::as_str) {
                    n.resources.push((id.clone(), arn.to_string()));
                    n.arns.push(arn.to_string());
                    if arn.starts_with("arn:aws:s3:::") && !arn.contains('/') {
                        n.arns.push(format!("{arn}/*"));
                    }
                }
            }
        }
    }
    for r in v
        .get("requests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let f = |k: &str| {
            r.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        n.requests.push((f("name"), f("action")));
    }
    n
}

/// What a field held, for a message that refuses it: "(not “x”)", or "(the field is
/// empty)" rather than a pair of empty quotes.
pub(crate) fn given(value: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        "(the field is empty)".to_string()
    } else {
        format!("(not \u{201c}{v}\u{201d})")
    }
}

/// IAM's rule for user, group and role names: letters, digits and `+=,.@_-`, at most
/// 64 characters.
pub fn check_name(what: &str, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("give the {what} a name"));
    }
    if name.chars().count() > 64 {
        return Err(format!("a {what} name has at most 64 characters"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c)))
    {
        return Err(format!("a {what} name may hold letters, digits and + = , . @ _ - only, not \u{201c}{c}\u{201d}"));
    }
    Ok(())
}

pub(crate) fn check_account(id: &str) -> Result<(), String> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "an AWS account ID is 12 digits, such as 111122223333 {}",
            given(id)
        ))
    }
}

/// Refuses an edit that would leave the document unable to load when it did not fail
/// so before: the first error the scenario loader finds that the old text did not
/// have. A form must never report success for a write that breaks the document.
/// Errors it already had are the user's own work in progress, and AWS managed policies
/// not fetched yet are not an error (the document loads once they arrive).
pub fn check_loads(old: &str, new: &str) -> Result<(), String> {
    let errors = |t: &str| match iam_engine::world::Scenario::load(t) {
        Ok(_) => vec![],
        Err(e) => e
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.message)
            .collect(),
    };
    let after = errors(new);
    if after.is_empty() || !crate::data::missing(new).is_empty() {
        return Ok(());
    }
    let before = errors(old);
    match after.iter().find(|m| !before.contains(m)) {
        Some(m) => Err(format!(
            "nothing was written: the document would not load after it ({})",
            m.replace('`', "")
        )),
        None => Ok(()),
    }
}

/// The actions of a statement the catalog does not know, each with its did-you-mean
/// when one is close: a warning beside a write, which goes ahead (the user may know an
/// action newer than the catalog). Says nothing without a catalog.
pub fn unknown_actions(actions: &[String]) -> Vec<String> {
    let Some(catalog) = iam_engine::catalog::current() else {
        return vec![];
    };
    actions
        .iter()
        .filter(|a| !a.contains(['*', '?']) && a.contains(':'))
        .filter(|a| catalog.action(a).is_none())
        .map(|a| match iam_engine::reqcheck::suggest_action(catalog, a) {
            Some(s) => format!("AWS has no action {a}: did you mean {s}?"),
            None => format!("AWS has no action {a} that this playground knows of"),
        })
        .collect()
}

/// Sets the scenario's name and the sentence that says what it shows (a blank
/// description is removed).
pub fn set_about(text: &str, name: &str, description: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("give the scenario a name".into());
    }
    let t = set(text, &[k("name")], &q(name))?;
    match description.trim() {
        "" if exists(&t, &[k("description")]) => crate::jsonedit::remove(&t, &[k("description")]),
        "" => Ok(t),
        d => set(&t, &[k("description")], &q(d)),
    }
}

/// The scenario's name and description, as the document has them.
pub fn about(text: &str) -> (String, String) {
    let f = |key: &str| {
        get(text, &[k(key)])
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    (f("name"), f("description"))
}

fn exists(text: &str, path: &[Seg]) -> bool {
    get(text, path).is_some()
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

pub fn add_account(text: &str, id: &str, alias: &str) -> Result<String, String> {
    let id = id.trim();
    check_account(id)?;
    if exists(text, &[k("accounts"), k(id)]) {
        return Err(format!("account {id} is in the scenario already"));
    }
    let value = if alias.trim().is_empty() {
        "{}".to_string()
    } else {
        format!("{{\"alias\": {}}}", q(alias.trim()))
    };
    set(text, &[k("accounts"), k(id)], &value)
}

fn add_principal(
    text: &str,
    acct: &str,
    kind: &str,
    word: &str,
    name: &str,
    value: &str,
) -> Result<String, String> {
    let name = name.trim();
    check_name(word, name)?;
    if !exists(text, &[k("accounts"), k(acct)]) {
        return Err(format!("add account {acct} first"));
    }
    if exists(text, &[k("accounts"), k(acct), k(kind), k(name)]) {
        return Err(format!("account {acct} has a {word} called {name} already"));
    }
    set(text, &[k("accounts"), k(acct), k(kind), k(name)], value)
}

pub fn add_user(text: &str, acct: &str, name: &str, groups: &[String]) -> Result<String, String> {
    let value = if groups.is_empty() {
        "{}".to_string()
    } else {
        json!({ "groups": groups }).to_string()
    };
    add_principal(text, acct, "users", "user", name, &value)
}

/// The groups user `user` of `acct` is in, as the document says.
pub fn groups_of(text: &str, acct: &str, user: &str) -> Vec<String> {
    get(
        text,
        &[k("accounts"), k(acct), k("users"), k(user), k("groups")],
    )
    .and_then(|v| {
        v.as_array().map(|a| {
            a.iter()
                .filter_map(|g| g.as_str().map(str::to_string))
                .collect()
        })
    })
    .unwrap_or_default()
}

/// Puts user `user` in exactly `groups` (each a group of the same account).
pub fn set_groups(text: &str, acct: &str, user: &str, groups: &[String]) -> Result<String, String> {
    let path = [k("accounts"), k(acct), k("users"), k(user)];
    if !exists(text, &path) {
        return Err(format!("there is no user {user} in account {acct}"));
    }
    if let Some(g) = groups
        .iter()
        .find(|g| !exists(text, &[k("accounts"), k(acct), k("groups"), k(g)]))
    {
        return Err(format!("account {acct} has no group {g}"));
    }
    let mut p = path.to_vec();
    p.push(k("groups"));
    match (groups.is_empty(), exists(text, &p)) {
        (true, true) => crate::jsonedit::remove(text, &p),
        (true, false) => Ok(text.to_string()),
        (false, _) => set(text, &p, &json!(groups).to_string()),
    }
}

pub fn add_group(text: &str, acct: &str, name: &str) -> Result<String, String> {
    add_principal(text, acct, "groups", "group", name, "{}")
}

/// Who a role trusts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trusted {
    /// Principals of an AWS account (its administrators decide who may assume).
    Account(String),
    /// One IAM user or role, by its ARN (that principal alone, still needing its own
    /// permission to call sts:AssumeRole).
    Principal(String),
    /// An AWS service, such as `ec2.amazonaws.com`.
    Service(String),
    /// An OIDC provider (its ARN, or its URL without `https://`).
    WebIdentity(String),
    /// A SAML provider's ARN.
    Saml(String),
}

/// The trust policy the role form writes.
pub fn trust_policy(t: &Trusted, external_id: Option<&str>, mfa: bool) -> Result<String, String> {
    let (principal, action) = match t {
        Trusted::Account(id) => {
            check_account(id.trim())?;
            (json!({ "AWS": format!("arn:aws:iam::{}:root", id.trim()) }), "sts:AssumeRole")
        }
        Trusted::Principal(arn) => {
            let arn = arn.trim();
            let ok = arn
                .strip_prefix("arn:aws:iam::")
                .and_then(|rest| rest.split_once(':'))
                .is_some_and(|(acct, res)| {
                    check_account(acct).is_ok()
                        && (res.starts_with("user/") || res.starts_with("role/"))
                        && !res.ends_with('/')
                });
            if !ok {
                return Err(format!("a user or role is named by its ARN, such as arn:aws:iam::111111111111:user/david (the world lists each one's) {}", given(arn)));
            }
            (json!({ "AWS": arn }), "sts:AssumeRole")
        }
        Trusted::Service(s) if s.trim().ends_with(".amazonaws.com") => (json!({ "Service": s.trim() }), "sts:AssumeRole"),
        Trusted::Service(s) => return Err(format!("a service principal ends in .amazonaws.com, such as ec2.amazonaws.com {}", given(s))),
        Trusted::WebIdentity(p) if !p.trim().is_empty() => (json!({ "Federated": p.trim() }), "sts:AssumeRoleWithWebIdentity"),
        Trusted::Saml(p) if p.trim().starts_with("arn:aws:iam::") => (json!({ "Federated": p.trim() }), "sts:AssumeRoleWithSAML"),
        Trusted::WebIdentity(_) => return Err("name the identity provider, such as token.actions.githubusercontent.com".into()),
        Trusted::Saml(_) => return Err("a SAML provider is named by its ARN, such as arn:aws:iam::111122223333:saml-provider/MyIdP".into()),
    };
    let mut cond = serde_json::Map::new();
    if let Some(x) = external_id.map(str::trim) {
        if x.is_empty() {
            return Err("write the external ID the third party gave you".into());
        }
        cond.insert("StringEquals".into(), json!({ "sts:ExternalId": x }));
    }
    if mfa {
        cond.insert(
            "Bool".into(),
            json!({ "aws:MultiFactorAuthPresent": "true" }),
        );
    }
    if matches!(t, Trusted::Saml(_)) {
        cond.insert(
            "StringEquals".into(),
            json!({ "SAML:aud": "https://signin.aws.amazon.com/saml" }),
        );
    }
    // Written by hand to keep the statement's keys in the order people read them.
    let mut stmt = format!(
        "{{\"Effect\": \"Allow\", \"Principal\": {principal}, \"Action\": {}",
        q(action)
    );
    if !cond.is_empty() {
        stmt.push_str(&format!(", \"Condition\": {}", Value::Object(cond)));
    }
    stmt.push('}');
    Ok(format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{stmt}]}}"
    ))
}

pub fn add_role(text: &str, acct: &str, name: &str, trust: &str) -> Result<String, String> {
    add_principal(
        text,
        acct,
        "roles",
        "role",
        name,
        &format!("{{\"trust\": {trust}}}"),
    )
}

pub fn add_resource(text: &str, acct: &str, arn: &str) -> Result<String, String> {
    let arn = arn.trim();
    if !arn.starts_with("arn:") || arn.split(':').count() < 6 {
        return Err(format!(
            "a resource ARN has six parts, such as arn:aws:s3:::my-bucket {}",
            given(arn)
        ));
    }
    if !exists(text, &[k("accounts"), k(acct)]) {
        return Err(format!("add account {acct} first"));
    }
    if names(text).resources.iter().any(|(_, a)| a == arn) {
        return Err(format!("{arn} is in the scenario already"));
    }
    push(
        text,
        &[k("accounts"), k(acct), k("resources")],
        &format!("{{\"arn\": {}}}", q(arn)),
    )
}

/// Splits a list typed by hand: commas, spaces or new lines.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A statement to add to an inline policy of a user (`kind` "users"), group or role.
pub struct Permission<'a> {
    pub acct: &'a str,
    pub kind: &'a str,
    pub who: &'a str,
    pub policy: &'a str,
    pub allow: bool,
    pub actions: &'a [String],
    pub resources: &'a [String],
    pub cond: Option<&'a Cond>,
}

pub fn add_permission(text: &str, p: &Permission<'_>) -> Result<String, String> {
    let Permission {
        acct, kind, who, ..
    } = *p;
    let policy = p.policy.trim();
    check_name("policy", policy)?;
    let stmt = statement(p.allow, None, p.actions, p.resources, p.cond)?;
    if !exists(text, &[k("accounts"), k(acct), k(kind), k(who)]) {
        return Err(format!(
            "there is no {} {who} in account {acct}",
            kind.trim_end_matches('s')
        ));
    }
    let base = [
        k("accounts"),
        k(acct),
        k(kind),
        k(who),
        k("inline"),
        k(policy),
    ];
    add_to_policy(text, &base, &stmt)
}

/// Adds a statement to the policy at `path`, making the policy when there is none. The
/// same statement twice (Add pressed twice) is refused: it would change nothing.
fn add_to_policy(text: &str, path: &[Seg], stmt: &str) -> Result<String, String> {
    if exists(text, path) {
        let mut p = path.to_vec();
        p.push(k("Statement"));
        let new: Option<Value> = serde_json::from_str(stmt).ok();
        let same = match get(text, &p) {
            Some(Value::Array(a)) => a.iter().any(|s| Some(s) == new.as_ref()),
            s => s.is_some() && s == new,
        };
        if same {
            return Err("that policy already has this statement".into());
        }
        return match get(text, &p) {
            // A lone statement object: make it a list of two.
            Some(Value::Object(_)) => {
                let first = get(text, &p).map(|v| v.to_string()).unwrap_or_default();
                set(text, &p, &format!("[{first}, {stmt}]"))
            }
            _ => push(text, &p, stmt),
        };
    }
    set(
        text,
        path,
        &format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{stmt}]}}"),
    )
}

/// The position of resource `arn` in account `acct`'s list.
fn resource_index(text: &str, acct: &str, arn: &str) -> Option<usize> {
    get(text, &[k("accounts"), k(acct), k("resources")])?
        .as_array()?
        .iter()
        .position(|r| r.get("arn").and_then(Value::as_str) == Some(arn))
}

/// Where a resource-side statement goes: a resource's policy (bucket policy, key
/// policy, queue policy...) or a role's trust policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    Resource { acct: String, arn: String },
    Trust { acct: String, role: String },
}

/// Adds a statement (with its `Principal`) to a resource's policy or a role's trust.
pub fn add_resource_statement(text: &str, side: &Side, stmt: &str) -> Result<String, String> {
    let path = match side {
        Side::Resource { acct, arn } => {
            let i = resource_index(text, acct, arn)
                .ok_or_else(|| format!("there is no resource {arn} in account {acct}"))?;
            vec![
                k("accounts"),
                k(acct),
                k("resources"),
                Seg::Index(i),
                k("policy"),
            ]
        }
        Side::Trust { acct, role } => {
            if !exists(text, &[k("accounts"), k(acct), k("roles"), k(role)]) {
                return Err(format!("there is no role {role} in account {acct}"));
            }
            vec![k("accounts"), k(acct), k("roles"), k(role), k("trust")]
        }
    };
    add_to_policy(text, &path, stmt)
}

/// The resources a statement of `arn`'s own policy names: blank is the resource itself
/// (a bucket and its objects; `*`, "this key", for a key policy). A resource policy
/// can only speak of its own resource, as S3 insists: anything else is refused.
pub fn resources_of_own_policy(arn: &str, typed: &[String]) -> Result<Vec<String>, String> {
    let key = arn.starts_with("arn:aws:kms:");
    let bucket = arn.starts_with("arn:aws:s3:::") && !arn.contains('/');
    if typed.is_empty() {
        return Ok(match (key, bucket) {
            (true, _) => vec!["*".into()],
            (_, true) => vec![arn.to_string(), format!("{arn}/*")],
            _ => vec![arn.to_string()],
        });
    }
    let own = |r: &str| {
        r == arn
            || r.strip_prefix(arn)
                .is_some_and(|rest| rest.starts_with('/'))
            || (key && r == "*")
    };
    match typed.iter().find(|r| !own(r)) {
        Some(r) => Err(format!(
            "the policy of {arn} can name only {arn}{}, not {r}",
            if bucket {
                " and its objects (ARN/...)"
            } else if key {
                " (or *, this key)"
            } else {
                ""
            }
        )),
        None => Ok(typed.to_vec()),
    }
}

/// Sets a role's maximum session duration, in hours (1 to 12, as AWS allows).
pub fn set_max_session(text: &str, acct: &str, role: &str, hours: &str) -> Result<String, String> {
    let h: u32 = hours
        .trim()
        .parse()
        .ok()
        .filter(|h| (1..=12).contains(h))
        .ok_or_else(|| format!("a role's maximum session is 1 to 12 hours {}", given(hours)))?;
    let path = [k("accounts"), k(acct), k("roles"), k(role)];
    if !exists(text, &path) {
        return Err(format!("there is no role {role} in account {acct}"));
    }
    let mut p = path.to_vec();
    p.push(k("max_session_duration"));
    set(text, &p, &(h * 3600).to_string())
}

/// Adds an instance profile for a role and, when `instance` is given, an EC2 instance
/// launched with it (requests can then be made by the instance).
pub fn add_instance_profile(
    text: &str,
    acct: &str,
    name: &str,
    role: &str,
    instance: &str,
    region: &str,
) -> Result<String, String> {
    let name = name.trim();
    check_name("instance profile", name)?;
    if !exists(text, &[k("accounts"), k(acct), k("roles"), k(role)]) {
        return Err(format!(
            "pick a role of account {acct} for the profile to carry"
        ));
    }
    let base = [k("accounts"), k(acct), k("instance_profiles"), k(name)];
    if exists(text, &base) {
        return Err(format!(
            "account {acct} has an instance profile called {name} already"
        ));
    }
    let mut t = set(text, &base, &json!({ "role": role }).to_string())?;
    let id = instance.trim();
    if !id.is_empty() {
        let hex = id.strip_prefix("i-").unwrap_or_default();
        if !(hex.len() == 8 || hex.len() == 17) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("an instance ID is i- and 8 or 17 hexadecimal digits, such as i-0abc1234def567890 {}", given(id)));
        }
        if names(&t).instances.iter().any(|(_, i)| i == id) {
            return Err(format!("instance {id} is in the scenario already"));
        }
        let mut inst = serde_json::Map::new();
        inst.insert("profile".into(), json!(name));
        if !region.trim().is_empty() {
            inst.insert("region".into(), json!(region.trim()));
        }
        t = set(
            &t,
            &[k("accounts"), k(acct), k("instances"), k(id)],
            &Value::Object(inst).to_string(),
        )?;
    }
    Ok(t)
}

/// Attaches a managed policy (customer managed by name, or AWS managed) to a user, group
/// or role, or sets it as the permissions boundary of a user or role.
pub fn attach_policy(
    text: &str,
    acct: &str,
    kind: &str,
    who: &str,
    policy: &str,
    boundary: bool,
) -> Result<String, String> {
    let policy = policy.trim();
    if policy.is_empty() {
        return Err("pick the policy to attach".into());
    }
    let base = [k("accounts"), k(acct), k(kind), k(who)];
    if !exists(text, &base) {
        return Err(format!(
            "there is no {} {who} in account {acct}",
            kind.trim_end_matches('s')
        ));
    }
    if boundary {
        if kind == "groups" {
            return Err("a permissions boundary is set on a user or a role, not on a group".into());
        }
        let mut path = base.to_vec();
        path.push(k("permissions_boundary"));
        return set(text, &path, &q(policy));
    }
    let mut path = base.to_vec();
    path.push(k("policies"));
    let attached = get(text, &path);
    if attached
        .as_ref()
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|p| p.as_str() == Some(policy)))
    {
        return Err(format!("{policy} is attached to {who} already"));
    }
    push(text, &path, &q(policy))
}

/// Copies an AWS managed policy's document (JSON text) into account `acct` as the
/// customer managed policy `<name>Copy` (or `<name>Copy2`...), which can be edited.
/// Returns the new text and the copy's name.
pub fn copy_managed(
    text: &str,
    acct: &str,
    name: &str,
    document: &str,
) -> Result<(String, String), String> {
    if !exists(text, &[k("accounts"), k(acct)]) {
        return Err(format!("add account {acct} first"));
    }
    serde_json::from_str::<Value>(document)
        .map_err(|e| format!("the document is not JSON: {e}"))?;
    let taken = customer_policies(text, acct);
    let copy = std::iter::once(format!("{name}Copy"))
        .chain((2..100).map(|i| format!("{name}Copy{i}")))
        .find(|c| !taken.contains(c))
        .ok_or("too many copies of this policy")?;
    check_name("policy", &copy)?;
    let value = format!(
        "{{\"description\": {}, \"document\": {document}}}",
        q(&format!("A copy of the AWS managed policy {name}"))
    );
    let t = set(
        text,
        &[k("accounts"), k(acct), k("policies"), k(&copy)],
        &value,
    )?;
    Ok((t, copy))
}

/// Refuses a policy name that is neither a customer managed policy of `acct` nor an
/// AWS managed policy (once their names are known), with the nearest of them.
pub fn check_policy_name(text: &str, acct: &str, policy: &str) -> Result<(), String> {
    let policy = iam_engine::managed::bare_name(policy.trim());
    let customer = customer_policies(text, acct);
    let aws = iam_engine::managed::all_names();
    if policy.is_empty() || customer.iter().any(|c| c == policy) || aws.is_empty() {
        return Ok(());
    }
    if aws.iter().any(|(n, _)| n == policy) {
        return Ok(());
    }
    let nearest = iam_engine::reqcheck::nearest(
        policy,
        customer
            .iter()
            .map(String::as_str)
            .chain(aws.iter().map(|(n, _)| n.as_str())),
    );
    Err(match nearest {
        Some(n) => format!("there is no policy called {policy}: did you mean {n}?"),
        None => format!(
            "there is no policy called {policy} in account {acct} nor among AWS's managed policies"
        ),
    })
}

/// Detaches a managed policy from a user, group or role, or removes the boundary.
pub fn detach_policy(
    text: &str,
    acct: &str,
    kind: &str,
    who: &str,
    policy: &str,
    boundary: bool,
) -> Result<String, String> {
    let base = [k("accounts"), k(acct), k(kind), k(who)];
    if boundary {
        let mut p = base.to_vec();
        p.push(k("permissions_boundary"));
        if !exists(text, &p) {
            return Err(format!("{who} has no permissions boundary"));
        }
        return crate::jsonedit::remove(text, &p);
    }
    let policy = policy.trim();
    let mut p = base.to_vec();
    p.push(k("policies"));
    let i = get(text, &p)
        .and_then(|v| {
            v.as_array()?.iter().position(|x| {
                x.as_str().is_some_and(|s| {
                    iam_engine::managed::bare_name(s) == iam_engine::managed::bare_name(policy)
                })
            })
        })
        .ok_or_else(|| format!("{policy} is not attached to {who}"))?;
    p.push(Seg::Index(i));
    crate::jsonedit::remove(text, &p)
}

/// The customer managed policies of an account, by name.
pub fn customer_policies(text: &str, acct: &str) -> Vec<String> {
    get(text, &[k("accounts"), k(acct), k("policies")])
        .and_then(|v| v.as_object().map(|m| m.keys().cloned().collect()))
        .unwrap_or_default()
}

/// Sets a tag on a user or role.
pub fn set_tag(
    text: &str,
    acct: &str,
    kind: &str,
    who: &str,
    key: &str,
    value: &str,
) -> Result<String, String> {
    let key = key.trim();
    if key.is_empty() || key.chars().count() > 128 {
        return Err("a tag key has 1 to 128 characters".into());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err("tag keys that start with aws: are reserved for AWS".into());
    }
    if !exists(text, &[k("accounts"), k(acct), k(kind), k(who)]) {
        return Err(format!(
            "there is no {} {who} in account {acct}",
            kind.trim_end_matches('s')
        ));
    }
    set(
        text,
        &[k("accounts"), k(acct), k(kind), k(who), k("tags"), k(key)],
        &q(value.trim()),
    )
}

/// Gives a user a new access key (its ID made up, stable for the same user and count).
pub fn add_key(text: &str, acct: &str, user: &str) -> Result<(String, String), String> {
    let path = [k("accounts"), k(acct), k("users"), k(user)];
    if !exists(text, &path) {
        return Err(format!("there is no user {user} in account {acct}"));
    }
    let count = names(text)
        .keys
        .iter()
        .filter(|(a, u, _, _)| a == acct && u == user)
        .count();
    if count >= 2 {
        return Err(format!("{user} has two access keys already: AWS allows two per user (deactivate and delete one first)"));
    }
    let id = format!(
        "AKIA{}",
        iam_engine::world::model::pseudo_random(
            &format!("{acct}/{user}/{count}"),
            16,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        )
    );
    let mut keys = path.to_vec();
    keys.push(k("access_keys"));
    let t = push(
        text,
        &keys,
        &format!("{{\"id\": {}, \"status\": \"Active\"}}", q(&id)),
    )?;
    Ok((t, id))
}

/// Sets an access key's status: `Active`, `Inactive` or `Deleted`.
pub fn set_key_status(text: &str, key_id: &str, status: &str) -> Result<String, String> {
    if !["Active", "Inactive", "Deleted"].contains(&status) {
        return Err("a key is Active, Inactive or Deleted".into());
    }
    let n = names(text);
    let (acct, user, _, _) = n
        .keys
        .iter()
        .find(|(_, _, id, _)| id == key_id)
        .ok_or_else(|| format!("no access key {key_id}"))?;
    let list = get(
        text,
        &[
            k("accounts"),
            k(acct),
            k("users"),
            k(user),
            k("access_keys"),
        ],
    )
    .unwrap_or_default();
    let i = list
        .as_array()
        .and_then(|a| {
            a.iter()
                .position(|x| x.get("id").and_then(Value::as_str) == Some(key_id))
        })
        .ok_or_else(|| format!("no access key {key_id}"))?;
    set(
        text,
        &[
            k("accounts"),
            k(acct),
            k("users"),
            k(user),
            k("access_keys"),
            Seg::Index(i),
            k("status"),
        ],
        &q(status),
    )
}

#[cfg(test)]
mod tests;
