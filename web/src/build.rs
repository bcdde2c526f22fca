//! What the forms do to the scenario document: add an account, a user, a group, a role
//! with its trust, a resource, a permission, a request. Each is one format-preserving
//! edit ([`crate::jsonedit`]) with a clear refusal when the input cannot be right.

use crate::jsonedit::{get, k, push, set, Seg};
use serde_json::{json, Value};

pub mod org;
mod statement;
pub use statement::{condition, statement, trust_statement, Cond, Who, KEYS, OPERATORS};

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
            "an AWS account ID is 12 digits, such as 111122223333 (not \u{201c}{id}\u{201d})"
        ))
    }
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
        Trusted::Service(s) if s.trim().ends_with(".amazonaws.com") => (json!({ "Service": s.trim() }), "sts:AssumeRole"),
        Trusted::Service(s) => return Err(format!("a service principal ends in .amazonaws.com, such as ec2.amazonaws.com (not \u{201c}{s}\u{201d})")),
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
        return Err(format!("a resource ARN has six parts, such as arn:aws:s3:::my-bucket (not \u{201c}{arn}\u{201d})"));
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

/// Adds a statement to an inline policy of a user, group or role (the policy is made
/// when it does not exist).
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

/// Adds a statement to the policy at `path`, making the policy when there is none.
fn add_to_policy(text: &str, path: &[Seg], stmt: &str) -> Result<String, String> {
    if exists(text, path) {
        let mut p = path.to_vec();
        p.push(k("Statement"));
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
        .ok_or_else(|| {
            format!(
                "a role's maximum session is 1 to 12 hours (not \u{201c}{}\u{201d})",
                hours.trim()
            )
        })?;
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
            return Err(format!("an instance ID is i- and 8 or 17 hexadecimal digits, such as i-0abc1234def567890 (not \u{201c}{id}\u{201d})"));
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

/// Something the world panel can delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Thing {
    Account(String),
    /// `kind` is `users`, `groups`, `roles` or `policies` (customer managed).
    Named {
        kind: String,
        acct: String,
        name: String,
    },
    Resource {
        acct: String,
        arn: String,
    },
}

impl Thing {
    pub fn describe(&self) -> String {
        match self {
            Thing::Account(a) => format!("account {a}"),
            Thing::Named { kind, acct, name } => {
                let word = match kind.as_str() {
                    "policies" => "customer managed policy",
                    k => k.trim_end_matches('s'),
                };
                format!("{word} {name} ({acct})")
            }
            Thing::Resource { arn, .. } => arn.clone(),
        }
    }
}

/// What in the document still names `thing`: deleting it would leave these dangling.
pub fn references(text: &str, thing: &Thing) -> Vec<String> {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return vec![];
    };
    let mut out = vec![];
    let s = |x: &Value, key: &str| x.get(key).and_then(Value::as_str).map(str::to_string);
    let list_has = |x: &Value, key: &str, name: &str| {
        x.get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|e| e.as_str() == Some(name)))
    };
    let accounts = v.get("accounts").and_then(Value::as_object);
    let requests: Vec<&Value> = v
        .get("requests")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let req_name = |r: &Value| s(r, "name").unwrap_or_default();
    match thing {
        Thing::Account(a) => {
            for r in &requests {
                let who = r.get("who");
                if who.and_then(|w| s(w, "account")).as_deref() == Some(a)
                    || who.and_then(|w| s(w, "root")).as_deref() == Some(a)
                {
                    out.push(format!(
                        "the request \u{201c}{}\u{201d} is made from it",
                        req_name(r)
                    ));
                }
            }
            if text.contains(&format!("\"{a}\""))
                && v.get("organization")
                    .is_some_and(|o| o.to_string().contains(a.as_str()))
            {
                out.push("the organization places or names it".into());
            }
        }
        Thing::Named { kind, acct, name } => {
            let acct_v = accounts.and_then(|m| m.get(acct));
            let same_acct = |w: &Value| s(w, "account").is_none_or(|x| &x == acct);
            match kind.as_str() {
                "users" | "roles" => {
                    let key = if kind == "users" { "user" } else { "role" };
                    for r in &requests {
                        if let Some(w) = r.get("who") {
                            if s(w, key).as_deref() == Some(name) && same_acct(w) {
                                out.push(format!(
                                    "the request \u{201c}{}\u{201d} is made by it",
                                    req_name(r)
                                ));
                            }
                        }
                        if kind == "roles"
                            && s(r, "resource").is_some_and(|res| {
                                res.ends_with(&format!(":role/{name}"))
                                    && res.contains(acct.as_str())
                            })
                        {
                            out.push(format!(
                                "the request \u{201c}{}\u{201d} acts on it",
                                req_name(r)
                            ));
                        }
                    }
                    if kind == "roles" {
                        for (p, ip) in acct_v
                            .and_then(|a| a.get("instance_profiles"))
                            .and_then(Value::as_object)
                            .into_iter()
                            .flatten()
                        {
                            if s(ip, "role").as_deref() == Some(name) {
                                out.push(format!("the instance profile {p} holds it"));
                            }
                        }
                    }
                }
                "groups" => {
                    for (u, user) in acct_v
                        .and_then(|a| a.get("users"))
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        if list_has(user, "groups", name) {
                            out.push(format!("user {u} is a member"));
                        }
                    }
                }
                "policies" => {
                    for what in ["users", "groups", "roles"] {
                        for (n, x) in acct_v
                            .and_then(|a| a.get(what))
                            .and_then(Value::as_object)
                            .into_iter()
                            .flatten()
                        {
                            let arn = format!("arn:aws:iam::{acct}:policy/{name}");
                            if list_has(x, "policies", name) || list_has(x, "policies", &arn) {
                                out.push(format!(
                                    "{} {n} has it attached",
                                    what.trim_end_matches('s')
                                ));
                            }
                            if s(x, "permissions_boundary").is_some_and(|b| &b == name || b == arn)
                            {
                                out.push(format!(
                                    "{} {n} has it as its permissions boundary",
                                    what.trim_end_matches('s')
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Thing::Resource { arn, .. } => {
            for r in &requests {
                if s(r, "resource").as_deref() == Some(arn.as_str()) {
                    out.push(format!(
                        "the request \u{201c}{}\u{201d} acts on it",
                        req_name(r)
                    ));
                }
            }
        }
    }
    out
}

/// Renames a user, group or role and updates what names it: group memberships,
/// requests made by it (or acting on a role's ARN) and instance profiles that hold a
/// role. Returns the new text and what else still spells the old name (policy ARNs are
/// left as written: a policy may mean the old name on purpose).
pub fn rename(text: &str, thing: &Thing, new: &str) -> Result<(String, Vec<String>), String> {
    let (kind, acct, name) = match thing {
        Thing::Account(a) => return rename_account(text, a, new),
        Thing::Resource { acct, arn } => return rename_resource(text, acct, arn, new),
        Thing::Named { kind, acct, name } if kind == "policies" => {
            return rename_policy(text, acct, name, new)
        }
        Thing::Named { kind, acct, name } => (kind, acct, name),
    };
    if !["users", "groups", "roles"].contains(&kind.as_str()) {
        return Err(
            "only users, groups, roles, policies, resources and accounts can be renamed".into(),
        );
    }
    let new = new.trim();
    check_name(kind.trim_end_matches('s'), new)?;
    if new == name {
        return Ok((text.to_string(), vec![]));
    }
    let mut t = crate::jsonedit::rename(text, &[k("accounts"), k(acct), k(kind), k(name)], new)?;
    let v: Value = serde_json::from_str(&t).map_err(|e| e.to_string())?;
    let mut edits: Vec<(Vec<Seg>, String)> = vec![];
    let accounts = v.get("accounts").and_then(Value::as_object);
    let acct_v = accounts.and_then(|m| m.get(acct));
    match kind.as_str() {
        "groups" => {
            for (u, user) in acct_v
                .and_then(|a| a.get("users"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let base = [k("accounts"), k(acct), k("users"), k(u)];
                list_edits(user, &base, "groups", name, new, &mut edits);
            }
        }
        "roles" => {
            for (p, ip) in acct_v
                .and_then(|a| a.get("instance_profiles"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if ip.get("role").and_then(Value::as_str) == Some(name) {
                    edits.push((
                        vec![
                            k("accounts"),
                            k(acct),
                            k("instance_profiles"),
                            k(p),
                            k("role"),
                        ],
                        q(new),
                    ));
                }
            }
        }
        _ => {}
    }
    let who_key = match kind.as_str() {
        "users" => Some("user"),
        "roles" => Some("role"),
        _ => None,
    };
    let old_arn = format!("arn:aws:iam::{acct}:role/{name}");
    for (i, r) in v
        .get("requests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let (Some(key), Some(w)) = (who_key, r.get("who")) {
            let same_acct = w
                .get("account")
                .and_then(Value::as_str)
                .is_none_or(|a| a == acct);
            if w.get(key).and_then(Value::as_str) == Some(name) && same_acct {
                edits.push((vec![k("requests"), Seg::Index(i), k("who"), k(key)], q(new)));
            }
        }
        if kind == "roles" && r.get("resource").and_then(Value::as_str) == Some(old_arn.as_str()) {
            edits.push((
                vec![k("requests"), Seg::Index(i), k("resource")],
                q(&format!("arn:aws:iam::{acct}:role/{new}")),
            ));
        }
    }
    let count = edits.len();
    for (path, value) in edits {
        t = set(&t, &path, &value)?;
    }
    let word = kind.trim_end_matches('s');
    let mut notes = updated(count);
    let still = if t.contains(&format!(":{word}/{name}\""))
        || t.contains(&format!(":{word}/{name}/"))
    {
        vec![format!("some policy still names the old ARN (…:{word}/{name}): edit it if it meant this {word}")]
    } else {
        vec![]
    };
    notes.extend(still);
    Ok((t, notes))
}

/// Edits that rename `old` to `new` in the string list `field` of `x` (at `base`).
fn list_edits(
    x: &Value,
    base: &[Seg],
    field: &str,
    old: &str,
    new: &str,
    edits: &mut Vec<(Vec<Seg>, String)>,
) {
    for (i, item) in x
        .get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if item.as_str() == Some(old) {
            let mut path = base.to_vec();
            path.extend([k(field), Seg::Index(i)]);
            edits.push((path, q(new)));
        }
    }
}

/// What a rename says about the other strings it rewrote.
fn updated(n: usize) -> Vec<String> {
    match n {
        0 => vec![],
        1 => vec!["1 other place that named it was updated".into()],
        n => vec![format!("{n} other places that named it were updated")],
    }
}

/// Gives an account another ID (AWS never changes one: this mends a scenario). Every
/// place that names it follows: the organization, requests, and the ARNs and account
/// IDs written in policies and conditions.
fn rename_account(text: &str, old: &str, new: &str) -> Result<(String, Vec<String>), String> {
    let new = new.trim();
    check_account(new)?;
    if new == old {
        return Ok((text.to_string(), vec![]));
    }
    if exists(text, &[k("accounts"), k(new)]) {
        return Err(format!("account {new} is in the scenario already"));
    }
    let t = crate::jsonedit::rename(text, &[k("accounts"), k(old)], new)?;
    let (t, n) = crate::jsonedit::map_strings(&t, |s| {
        if s == old {
            return Some(new.to_string());
        }
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        match parts.as_slice() {
            ["arn", p, svc, region, acct, rest] if *acct == old => {
                Some(format!("arn:{p}:{svc}:{region}:{new}:{rest}"))
            }
            _ => None,
        }
    })?;
    Ok((t, updated(n)))
}

/// Gives a resource another ARN; requests and policies that name it, or objects in it
/// (`ARN/...`), follow.
fn rename_resource(
    text: &str,
    acct: &str,
    old: &str,
    new: &str,
) -> Result<(String, Vec<String>), String> {
    let new = new.trim();
    if !new.starts_with("arn:") || new.split(':').count() < 6 {
        return Err(format!("a resource ARN has six parts, such as arn:aws:s3:::my-bucket (not \u{201c}{new}\u{201d})"));
    }
    if new == old {
        return Ok((text.to_string(), vec![]));
    }
    if names(text).resources.iter().any(|(_, a)| a == new) {
        return Err(format!("{new} is in the scenario already"));
    }
    if resource_index(text, acct, old).is_none() {
        return Err(format!("{old} is not in the document"));
    }
    let (t, n) = crate::jsonedit::map_strings(text, |s| {
        if s == old {
            Some(new.to_string())
        } else {
            s.strip_prefix(old)
                .filter(|rest| rest.starts_with('/'))
                .map(|rest| format!("{new}{rest}"))
        }
    })?;
    // The resource's own `arn` is one of them.
    Ok((t, updated(n.saturating_sub(1))))
}

/// Renames a customer managed policy: what attaches it (by name or ARN), boundaries
/// and `PolicyArns` follow.
fn rename_policy(
    text: &str,
    acct: &str,
    old: &str,
    new: &str,
) -> Result<(String, Vec<String>), String> {
    let new = new.trim();
    check_name("policy", new)?;
    if new == old {
        return Ok((text.to_string(), vec![]));
    }
    let mut t =
        crate::jsonedit::rename(text, &[k("accounts"), k(acct), k("policies"), k(old)], new)?;
    let v: Value = serde_json::from_str(&t).map_err(|e| e.to_string())?;
    let mut edits: Vec<(Vec<Seg>, String)> = vec![];
    for what in ["users", "groups", "roles"] {
        for (n, x) in v
            .pointer(&format!("/accounts/{acct}/{what}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let base = [k("accounts"), k(acct), k(what), k(n)];
            list_edits(x, &base, "policies", old, new, &mut edits);
            if x.get("permissions_boundary").and_then(Value::as_str) == Some(old) {
                let mut path = base.to_vec();
                path.push(k("permissions_boundary"));
                edits.push((path, q(new)));
            }
        }
    }
    let count = edits.len();
    for (path, value) in edits {
        t = set(&t, &path, &value)?;
    }
    let old_arn = format!("arn:aws:iam::{acct}:policy/{old}");
    let new_arn = format!("arn:aws:iam::{acct}:policy/{new}");
    let (t, n) = crate::jsonedit::map_strings(&t, |s| (s == old_arn).then(|| new_arn.clone()))?;
    Ok((t, updated(count + n)))
}

/// Deletes `thing` from the document (whatever still names it is left as it is: the
/// world panel shows [`references`] first).
pub fn delete(text: &str, thing: &Thing) -> Result<String, String> {
    match thing {
        Thing::Account(a) => crate::jsonedit::remove(text, &[k("accounts"), k(a)]),
        Thing::Named { kind, acct, name } => {
            crate::jsonedit::remove(text, &[k("accounts"), k(acct), k(kind), k(name)])
        }
        Thing::Resource { acct, arn } => {
            let i = resource_index(text, acct, arn)
                .ok_or_else(|| format!("{arn} is not in the document"))?;
            crate::jsonedit::remove(
                text,
                &[k("accounts"), k(acct), k("resources"), Seg::Index(i)],
            )
        }
    }
}

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
        Caller::Role(a, n) => json!({ "role": n, "account": a }),
        Caller::Session(s) => json!({ "session": s }),
        Caller::Root(a) => json!({ "root": a }),
        Caller::Key(id) => json!({ "access_key": id }),
        Caller::Instance(id) => json!({ "instance": id }),
        Caller::Service(s) => {
            if !s.trim().ends_with(".amazonaws.com") {
                return Err(format!("a service principal ends in .amazonaws.com, such as lambda.amazonaws.com (not \u{201c}{}\u{201d})", s.trim()));
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
            return Err(format!("a role session name has 2 to 64 letters, digits and = , . @ - _ (not \u{201c}{s}\u{201d})"));
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
            format!("the session duration is a number of seconds, such as 3600 (not \u{201c}{}\u{201d})", r.duration.trim())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::evaluate;

    #[test]
    fn resource_fields_offer_the_scenarios_own_arns() {
        let t = iam_engine::world::bundled::SCENARIOS
            .iter()
            .find(|(id, _)| *id == "14-cross-account-role")
            .map(|(_, t)| *t)
            .unwrap_or_default();
        let arns = names(t).arns;
        for want in [
            "arn:aws:iam::999999999999:role/UpdateApp",
            "arn:aws:iam::111111111111:user/david",
            "arn:aws:s3:::productionapp",
            "arn:aws:s3:::productionapp/*",
        ] {
            assert!(arns.iter().any(|a| a == want), "{want} not in {arns:?}");
        }
        let with_path = r#"{"accounts": {"111122223333": {"roles": {"r": {"path": "/ops/", "trust": {"Version": "2012-10-17", "Statement": []}}}}}}"#;
        assert_eq!(
            names(with_path).arns,
            ["arn:aws:iam::111122223333:role/ops/r"]
        );
    }

    /// Adds an Allow statement (the permission form with Effect Allow).
    fn allow(
        t: &str,
        acct: &str,
        kind: &str,
        who: &str,
        policy: &str,
        actions: &[String],
        resources: &[String],
    ) -> Result<String, String> {
        add_permission(
            t,
            &Permission {
                acct,
                kind,
                who,
                policy,
                allow: true,
                actions,
                resources,
                cond: None,
            },
        )
    }

    /// A request form with no external ID and no context keys.
    fn req<'a>(
        name: &'a str,
        who: Caller,
        action: &'a str,
        resource: &'a str,
        session_name: &'a str,
        expect: &'a str,
    ) -> RequestForm<'a> {
        RequestForm {
            name,
            who,
            action,
            resource,
            session_name,
            external_id: "",
            expect,
            context: "",
            mfa: false,
            duration: "",
            session_policy: "",
        }
    }

    /// Every request of `t` meets its expectation.
    fn all_met(t: &str, count: usize) {
        let e = evaluate(t, 1);
        assert!(e.loaded, "{:?}\n{t}", e.problems);
        assert_eq!(e.outcomes.len(), count, "{t}");
        for o in &e.outcomes {
            assert_eq!(
                o.met,
                Some(true),
                "{}: {} ({:?})\n{t}",
                o.name,
                o.result,
                o.error
            );
        }
    }

    #[test]
    fn instances_services_mfa_and_session_parameters_are_callers_and_requests() {
        let a = "111122223333";
        let mut t = add_account(START, a, "").unwrap();
        let trust =
            trust_policy(&Trusted::Service("ec2.amazonaws.com".into()), None, false).unwrap();
        t = add_role(&t, a, "WebServer", &trust).unwrap();
        t = set_max_session(&t, a, "WebServer", "4").unwrap();
        assert!(set_max_session(&t, a, "WebServer", "13").is_err());
        assert!(
            get(
                &t,
                &[
                    k("accounts"),
                    k(a),
                    k("roles"),
                    k("WebServer"),
                    k("max_session_duration")
                ]
            ) == Some(json!(14400))
        );
        t = allow(
            &t,
            a,
            "roles",
            "WebServer",
            "read",
            &["s3:GetObject".into()],
            &["*".into()],
        )
        .unwrap();
        assert!(add_instance_profile(&t, a, "WebServer", "Nobody", "", "").is_err());
        assert!(add_instance_profile(&t, a, "WebServer", "WebServer", "web-1", "").is_err());
        assert!(add_instance_profile(&t, a, "WebServer", "WebServer", "i-123", "").is_err());
        t = add_instance_profile(
            &t,
            a,
            "WebServer",
            "WebServer",
            "i-0abc1234def567890",
            "eu-west-1",
        )
        .unwrap();
        assert_eq!(
            names(&t).instances,
            [(a.to_string(), "i-0abc1234def567890".to_string())]
        );
        t = add_request(
            &t,
            &req(
                "The instance reads",
                Caller::Instance("i-0abc1234def567890".into()),
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                "",
                "Allow",
            ),
        )
        .unwrap();
        t = add_request(
            &t,
            &req(
                "The instance writes",
                Caller::Instance("i-0abc1234def567890".into()),
                "s3:PutObject",
                "arn:aws:s3:::b/k",
                "",
                "ImplicitDeny",
            ),
        )
        .unwrap();
        assert!(add_request(
            &t,
            &req(
                "Bad service",
                Caller::Service("lambda".into()),
                "s3:GetObject",
                "",
                "",
                ""
            )
        )
        .is_err());

        // A user who must sign in with MFA to assume a role: the checkbox gives the
        // user a device and signs the request with it.
        t = add_user(&t, a, "mia", &[]).unwrap();
        t = allow(
            &t,
            a,
            "users",
            "mia",
            "assume",
            &["sts:AssumeRole".into()],
            &["*".into()],
        )
        .unwrap();
        let trust = trust_policy(&Trusted::Account(a.into()), None, true).unwrap();
        t = add_role(&t, a, "Admin", &trust).unwrap();
        let role = format!("arn:aws:iam::{a}:role/Admin");
        t = add_request(
            &t,
            &req(
                "Without MFA",
                Caller::User(a.into(), "mia".into()),
                "sts:AssumeRole",
                &role,
                "mia",
                "ImplicitDeny",
            ),
        )
        .unwrap();
        let mut r = req(
            "With MFA",
            Caller::User(a.into(), "mia".into()),
            "sts:AssumeRole",
            &role,
            "mia",
            "Allow",
        );
        r.mfa = true;
        r.duration = "3600";
        r.session_policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#;
        t = add_request(&t, &r).unwrap();
        assert_eq!(
            get(&t, &[k("accounts"), k(a), k("users"), k("mia"), k("mfa")]),
            Some(json!(true))
        );
        let mut bad = req("x", Caller::Root(a.into()), "s3:GetObject", "", "", "");
        bad.mfa = true;
        assert!(add_request(&t, &bad).is_err());
        let mut bad = req(
            "y",
            Caller::User(a.into(), "mia".into()),
            "s3:GetObject",
            "",
            "",
            "",
        );
        bad.duration = "3600";
        assert!(add_request(&t, &bad).unwrap_err().contains("STS"));
        bad.duration = "";
        bad.session_policy = "{not json";
        assert!(add_request(&t, &bad).is_err());
        all_met(&t, 4);
    }

    #[test]
    fn resource_and_trust_statements_name_who_they_let_in() {
        let (dev, prod) = ("111111111111", "999999999999");
        let mut t = add_account(START, dev, "").unwrap();
        t = add_account(&t, prod, "").unwrap();
        t = add_user(&t, dev, "david", &[]).unwrap();
        t = allow(
            &t,
            dev,
            "users",
            "david",
            "s3",
            &["s3:GetObject".into()],
            &["*".into()],
        )
        .unwrap();
        t = add_resource(&t, prod, "arn:aws:s3:::reports").unwrap();
        let side = Side::Resource {
            acct: prod.into(),
            arn: "arn:aws:s3:::reports".into(),
        };
        let who = Who::Arn(format!("arn:aws:iam::{dev}:user/david"));
        let s1 = statement(
            true,
            Some(&who),
            &["s3:GetObject".into()],
            &["arn:aws:s3:::reports/*".into()],
            None,
        )
        .unwrap();
        t = add_resource_statement(&t, &side, &s1).unwrap();
        // A second statement joins the first: a Deny unless over TLS.
        let tls = Cond {
            op: "Bool".into(),
            key: "aws:SecureTransport".into(),
            values: vec!["false".into()],
        };
        let s2 = statement(
            false,
            Some(&Who::Everyone),
            &["s3:*".into()],
            &["arn:aws:s3:::reports/*".into()],
            Some(&tls),
        )
        .unwrap();
        t = add_resource_statement(&t, &side, &s2).unwrap();
        assert!(add_resource_statement(
            &t,
            &Side::Resource {
                acct: prod.into(),
                arn: "arn:aws:s3:::nope".into()
            },
            &s1
        )
        .is_err());
        let get_report =
            |name: &'static str, expect: &'static str, ctx: &'static str| RequestForm {
                context: ctx,
                ..req(
                    name,
                    Caller::User(dev.into(), "david".into()),
                    "s3:GetObject",
                    "arn:aws:s3:::reports/q1.csv",
                    "",
                    expect,
                )
            };
        // A role in prod that dev's account may assume; a trust statement added later
        // lets a service in as well.
        let trust = trust_policy(&Trusted::Account(dev.into()), None, false).unwrap();
        t = add_role(&t, prod, "Reader", &trust).unwrap();
        let svc = trust_statement(
            true,
            &Who::Service("lambda.amazonaws.com".into()),
            &[],
            None,
        )
        .unwrap();
        t = add_resource_statement(
            &t,
            &Side::Trust {
                acct: prod.into(),
                role: "Reader".into(),
            },
            &svc,
        )
        .unwrap();
        let trust_now = get(
            &t,
            &[
                k("accounts"),
                k(prod),
                k("roles"),
                k("Reader"),
                k("trust"),
                k("Statement"),
            ],
        )
        .unwrap();
        assert_eq!(trust_now.as_array().map(Vec::len), Some(2));
        t = add_request(
            &t,
            &get_report("Over TLS", "Allow", "aws:SecureTransport = true"),
        )
        .unwrap();
        t = add_request(
            &t,
            &get_report("Without TLS", "ExplicitDeny", "aws:SecureTransport = false"),
        )
        .unwrap();
        all_met(&t, 2);
    }

    fn scenario_text(id: &str) -> String {
        iam_engine::world::bundled::SCENARIOS
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| t.to_string())
            .unwrap()
    }

    #[test]
    fn accounts_resources_and_policies_are_renamed_everywhere_they_are_named() {
        let mut t = scenario_text("14-cross-account-role");
        let e = evaluate(&t, 1);
        let before: Vec<String> = e.outcomes.iter().map(|o| o.result.to_string()).collect();
        // The production account gets another ID: roles' ARNs in requests, trust
        // principals and the organization follow, and every decision stays the same.
        let (t2, notes) =
            rename(&t, &Thing::Account("999999999999".into()), "888888888888").unwrap();
        assert!(!t2.contains("999999999999"), "{t2}");
        assert!(
            notes.first().is_some_and(|n| n.contains("other places")),
            "{notes:?}"
        );
        let after: Vec<String> = evaluate(&t2, 2)
            .outcomes
            .iter()
            .map(|o| o.result.to_string())
            .collect();
        assert_eq!(before, after);
        assert!(rename(&t, &Thing::Account("999999999999".into()), "111111111111").is_err());
        assert!(rename(&t, &Thing::Account("999999999999".into()), "8888").is_err());

        // The bucket: its objects in policies and requests follow.
        let n = names(&t);
        let (acct, arn) = n.resources.first().cloned().unwrap();
        let (t3, _) = rename(
            &t,
            &Thing::Resource {
                acct: acct.clone(),
                arn: arn.clone(),
            },
            "arn:aws:s3:::renamed-app",
        )
        .unwrap();
        assert!(
            !t3.contains(&format!("{arn}/")) && !t3.contains(&format!("\"{arn}\"")),
            "{t3}"
        );
        let after: Vec<String> = evaluate(&t3, 3)
            .outcomes
            .iter()
            .map(|o| o.result.to_string())
            .collect();
        assert_eq!(before, after);
        assert!(rename(&t, &Thing::Resource { acct, arn }, "bucket").is_err());

        // A customer managed policy: attachments and boundaries follow.
        t = add_account(START, "111122223333", "").unwrap();
        t = set(&t, &[k("accounts"), k("111122223333"), k("policies"), k("Old")], r#"{"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}"#).unwrap();
        t = add_user(&t, "111122223333", "ana", &[]).unwrap();
        t = attach_policy(&t, "111122223333", "users", "ana", "Old", false).unwrap();
        t = attach_policy(&t, "111122223333", "users", "ana", "Old", true).unwrap();
        let thing = Thing::Named {
            kind: "policies".into(),
            acct: "111122223333".into(),
            name: "Old".into(),
        };
        let (t4, notes) = rename(&t, &thing, "New").unwrap();
        assert!(!t4.contains("\"Old\""), "{t4}");
        assert_eq!(notes, ["2 other places that named it were updated"]);
        assert!(rename(&t, &thing, "bad name").is_err());
    }

    #[test]
    fn a_blank_session_name_is_the_callers_name_and_a_bad_one_is_refused() {
        let a = "111122223333";
        let mut t = add_account(START, a, "").unwrap();
        t = add_user(&t, a, "mia", &[]).unwrap();
        let role = format!("arn:aws:iam::{a}:role/R");
        t = add_request(
            &t,
            &req(
                "r",
                Caller::User(a.into(), "mia".into()),
                "sts:AssumeRole",
                &role,
                "",
                "",
            ),
        )
        .unwrap();
        assert_eq!(
            get(
                &t,
                &[
                    k("requests"),
                    Seg::Index(0),
                    k("parameters"),
                    k("RoleSessionName")
                ]
            ),
            Some(json!("mia"))
        );
        assert!(add_request(
            &t,
            &req(
                "s",
                Caller::User(a.into(), "mia".into()),
                "sts:AssumeRole",
                &role,
                "a b",
                ""
            )
        )
        .is_err());
    }

    #[test]
    fn a_policy_is_detached_and_a_misspelt_one_refused_with_the_nearest() {
        let a = "111122223333";
        let mut t = add_account(START, a, "").unwrap();
        t = add_user(&t, a, "ana", &[]).unwrap();
        assert_eq!(
            check_policy_name(&t, a, "AmazonS3FullAccesss").unwrap_err(),
            "there is no policy called AmazonS3FullAccesss: did you mean AmazonS3FullAccess?"
        );
        check_policy_name(&t, a, "AmazonS3FullAccess").unwrap();
        t = attach_policy(&t, a, "users", "ana", "AmazonS3FullAccess", false).unwrap();
        t = attach_policy(&t, a, "users", "ana", "ReadOnlyAccess", true).unwrap();
        t = detach_policy(&t, a, "users", "ana", "AmazonS3FullAccess", false).unwrap();
        assert!(
            get(
                &t,
                &[k("accounts"), k(a), k("users"), k("ana"), k("policies")]
            ) == Some(json!([]))
        );
        assert!(detach_policy(&t, a, "users", "ana", "AmazonS3FullAccess", false).is_err());
        t = detach_policy(&t, a, "users", "ana", "", true).unwrap();
        assert!(get(
            &t,
            &[
                k("accounts"),
                k(a),
                k("users"),
                k("ana"),
                k("permissions_boundary")
            ]
        )
        .is_none());
        assert!(detach_policy(&t, a, "users", "ana", "", true).is_err());
    }

    #[test]
    fn a_resource_policy_names_its_own_resource() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            resources_of_own_policy("arn:aws:s3:::b", &[]).unwrap(),
            v(&["arn:aws:s3:::b", "arn:aws:s3:::b/*"])
        );
        assert_eq!(
            resources_of_own_policy("arn:aws:kms:us-east-1:111122223333:key/k", &[]).unwrap(),
            v(&["*"])
        );
        assert!(
            resources_of_own_policy("arn:aws:s3:::b", &v(&["arn:aws:s3:::other/*"]))
                .unwrap_err()
                .contains("can name only")
        );
        assert!(resources_of_own_policy("arn:aws:s3:::b", &v(&["arn:aws:s3:::bb"])).is_err());
        resources_of_own_policy("arn:aws:s3:::b", &v(&["arn:aws:s3:::b/reports/*"])).unwrap();
    }

    #[test]
    fn a_users_groups_are_read_and_set() {
        let a = "111122223333";
        let mut t = add_account(START, a, "").unwrap();
        t = add_group(&t, a, "Devs").unwrap();
        t = add_group(&t, a, "Ops").unwrap();
        t = add_user(&t, a, "ana", &["Devs".into()]).unwrap();
        assert_eq!(groups_of(&t, a, "ana"), ["Devs"]);
        t = set_groups(&t, a, "ana", &["Ops".into(), "Devs".into()]).unwrap();
        assert_eq!(groups_of(&t, a, "ana"), ["Ops", "Devs"]);
        assert!(set_groups(&t, a, "ana", &["Nope".into()]).is_err());
        t = set_groups(&t, a, "ana", &[]).unwrap();
        assert!(groups_of(&t, a, "ana").is_empty());
        assert!(
            get(
                &t,
                &[k("accounts"), k(a), k("users"), k("ana"), k("groups")]
            )
            .is_none(),
            "{t}"
        );
        assert!(evaluate(&t, 1).loaded);
    }

    #[test]
    fn an_aws_managed_policy_is_copied_into_an_account_to_be_edited() {
        let t = add_account(START, "111122223333", "").unwrap();
        let doc = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#;
        let (t, name) = copy_managed(&t, "111122223333", "AmazonS3ReadOnlyAccess", doc).unwrap();
        assert_eq!(name, "AmazonS3ReadOnlyAccessCopy");
        let (t, again) = copy_managed(&t, "111122223333", "AmazonS3ReadOnlyAccess", doc).unwrap();
        assert_eq!(again, "AmazonS3ReadOnlyAccessCopy2");
        assert!(copy_managed(&t, "999999999999", "X", doc).is_err());
        assert!(copy_managed(&t, "111122223333", "X", "{oops").is_err());
        let t = add_user(&t, "111122223333", "ana", &[]).unwrap();
        let t = attach_policy(&t, "111122223333", "users", "ana", &name, false).unwrap();
        let e = evaluate(&t, 1);
        assert!(e.loaded, "{:?}", e.problems);
    }

    const START: &str = "{\n  \"format\": \"iam-playground/scenario@1\",\n  \"name\": \"Built with forms\",\n  \"now\": \"2026-06-01T09:00:00Z\"\n}\n";

    /// The seed's cross-account walkthrough, built with the forms' functions alone.
    #[test]
    fn the_cross_account_walkthrough_can_be_built_with_the_forms() {
        let dev = "111111111111";
        let prod = "999999999999";
        let mut t = START.to_string();
        t = add_account(&t, dev, "development").unwrap();
        t = add_account(&t, prod, "production").unwrap();
        t = add_group(&t, dev, "Developers").unwrap();
        t = add_user(&t, dev, "david", &["Developers".into()]).unwrap();
        t = add_user(&t, dev, "theresa", &[]).unwrap();
        t = add_resource(&t, prod, "arn:aws:s3:::productionapp").unwrap();
        let trust = trust_policy(&Trusted::Account(dev.into()), None, false).unwrap();
        t = add_role(&t, prod, "UpdateApp", &trust).unwrap();
        t = allow(
            &t,
            prod,
            "roles",
            "UpdateApp",
            "app-bucket",
            &split_list("s3:ListBucket"),
            &["arn:aws:s3:::productionapp".into()],
        )
        .unwrap();
        t = allow(
            &t,
            prod,
            "roles",
            "UpdateApp",
            "app-bucket",
            &split_list("s3:GetObject, s3:PutObject"),
            &["arn:aws:s3:::productionapp/*".into()],
        )
        .unwrap();
        t = allow(
            &t,
            dev,
            "groups",
            "Developers",
            "assume-UpdateApp",
            &["sts:AssumeRole".into()],
            &[format!("arn:aws:iam::{prod}:role/UpdateApp")],
        )
        .unwrap();
        let role = format!("arn:aws:iam::{prod}:role/UpdateApp");
        t = add_request(
            &t,
            &req(
                "David assumes UpdateApp",
                Caller::User(dev.into(), "david".into()),
                "sts:AssumeRole",
                &role,
                "david",
                "Allow",
            ),
        )
        .unwrap();
        t = add_request(
            &t,
            &req(
                "The session updates the app",
                Caller::Session("David assumes UpdateApp".into()),
                "s3:PutObject",
                "arn:aws:s3:::productionapp/index.html",
                "",
                "Allow",
            ),
        )
        .unwrap();
        t = add_request(
            &t,
            &req(
                "Theresa cannot assume it",
                Caller::User(dev.into(), "theresa".into()),
                "sts:AssumeRole",
                &role,
                "theresa",
                "ImplicitDeny",
            ),
        )
        .unwrap();
        t = add_request(
            &t,
            &req(
                "David without the role",
                Caller::User(dev.into(), "david".into()),
                "s3:PutObject",
                "arn:aws:s3:::productionapp/index.html",
                "",
                "ImplicitDeny",
            ),
        )
        .unwrap();
        all_met(&t, 4);
    }

    #[test]
    fn the_trust_form_writes_external_id_and_mfa_conditions() {
        let p = trust_policy(
            &Trusted::Account("222233334444".into()),
            Some("vendor-42"),
            true,
        )
        .unwrap();
        let v: Value = serde_json::from_str(&p).unwrap();
        let s = &v["Statement"][0];
        assert_eq!(s["Principal"]["AWS"], "arn:aws:iam::222233334444:root");
        assert_eq!(
            s["Condition"]["StringEquals"]["sts:ExternalId"],
            "vendor-42"
        );
        assert_eq!(s["Condition"]["Bool"]["aws:MultiFactorAuthPresent"], "true");
        let svc = trust_policy(&Trusted::Service("ec2.amazonaws.com".into()), None, false).unwrap();
        let svc: Value = serde_json::from_str(&svc).unwrap();
        assert_eq!(
            svc["Statement"][0]["Principal"]["Service"],
            "ec2.amazonaws.com"
        );
        assert!(trust_policy(&Trusted::Service("ec2".into()), None, false).is_err());
        assert!(trust_policy(&Trusted::Account("12".into()), None, false).is_err());
        assert!(trust_policy(&Trusted::Account("111122223333".into()), Some(" "), false).is_err());
        let web = trust_policy(
            &Trusted::WebIdentity("token.actions.githubusercontent.com".into()),
            None,
            false,
        )
        .unwrap();
        assert!(web.contains("sts:AssumeRoleWithWebIdentity"));
    }

    #[test]
    fn forms_refuse_what_cannot_be_right() {
        assert!(add_account(START, "123", "")
            .unwrap_err()
            .contains("12 digits"));
        let t = add_account(START, "111122223333", "").unwrap();
        assert!(add_account(&t, "111122223333", "")
            .unwrap_err()
            .contains("already"));
        assert!(add_user(&t, "111122223333", "bad name", &[])
            .unwrap_err()
            .contains("not \u{201c} \u{201d}"));
        assert!(add_user(&t, "999999999999", "bob", &[])
            .unwrap_err()
            .contains("add account"));
        assert!(add_resource(&t, "111122223333", "bucket")
            .unwrap_err()
            .contains("six parts"));
        let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
        assert!(add_permission(
            &t,
            &Permission {
                acct: "111122223333",
                kind: "users",
                who: "bob",
                policy: "p",
                allow: true,
                actions: &["GetObject".into()],
                resources: &["*".into()],
                cond: None,
            }
        )
        .unwrap_err()
        .contains("service:Action"));
        assert!(add_permission(
            &t,
            &Permission {
                acct: "111122223333",
                kind: "users",
                who: "bob",
                policy: "p",
                allow: true,
                actions: &[],
                resources: &["*".into()],
                cond: None,
            }
        )
        .is_err());
        assert!(add_request(&t, &req("", Caller::Anonymous, "s3:GetObject", "", "", "")).is_err());
    }

    #[test]
    fn managed_policies_attach_and_boundaries_set() {
        let t = add_account(START, "111122223333", "").unwrap();
        let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
        let t = add_group(&t, "111122223333", "G").unwrap();
        let t = attach_policy(
            &t,
            "111122223333",
            "users",
            "bob",
            "AdministratorAccess",
            false,
        )
        .unwrap();
        assert!(attach_policy(
            &t,
            "111122223333",
            "users",
            "bob",
            "AdministratorAccess",
            false
        )
        .unwrap_err()
        .contains("already"));
        let t = attach_policy(&t, "111122223333", "users", "bob", "PowerUserAccess", true).unwrap();
        assert!(
            attach_policy(&t, "111122223333", "groups", "G", "ReadOnlyAccess", true)
                .unwrap_err()
                .contains("not on a group")
        );
        let v: Value = serde_json::from_str(&t).unwrap();
        assert_eq!(
            v["accounts"]["111122223333"]["users"]["bob"]["policies"][0],
            "AdministratorAccess"
        );
        assert_eq!(
            v["accounts"]["111122223333"]["users"]["bob"]["permissions_boundary"],
            "PowerUserAccess"
        );
        let e = evaluate(&t, 1);
        assert!(e.loaded, "{:?}", e.problems);
    }

    #[test]
    fn context_keys_are_typed() {
        let c = parse_context("aws:SourceIp = 203.0.113.7\naws:MultiFactorAuthPresent = true\naws:MultiFactorAuthAge = 300\naws:TagKeys = [a, b]").unwrap();
        assert_eq!(c["aws:SourceIp"], "203.0.113.7");
        assert_eq!(c["aws:MultiFactorAuthPresent"], true);
        assert_eq!(c["aws:MultiFactorAuthAge"], 300);
        assert_eq!(c["aws:TagKeys"], serde_json::json!(["a", "b"]));
        assert!(parse_context("nokey").unwrap_err().contains("key = value"));
        assert!(parse_context("SourceIp = 1")
            .unwrap_err()
            .contains("service:name"));
        assert!(parse_context("").unwrap().is_empty());
    }

    #[test]
    fn a_delete_that_would_leave_a_dangling_reference_says_so_first() {
        let t = add_account(START, "111122223333", "").unwrap();
        let t = add_group(&t, "111122223333", "Developers").unwrap();
        let t = add_user(&t, "111122223333", "david", &["Developers".into()]).unwrap();
        let t = add_resource(&t, "111122223333", "arn:aws:s3:::b").unwrap();
        let t = add_request(
            &t,
            &req(
                "r",
                Caller::User("111122223333".into(), "david".into()),
                "s3:GetObject",
                "arn:aws:s3:::b",
                "",
                "",
            ),
        )
        .unwrap();
        let group = Thing::Named {
            kind: "groups".into(),
            acct: "111122223333".into(),
            name: "Developers".into(),
        };
        assert_eq!(references(&t, &group), ["user david is a member"]);
        let user = Thing::Named {
            kind: "users".into(),
            acct: "111122223333".into(),
            name: "david".into(),
        };
        assert_eq!(references(&t, &user).len(), 1);
        let res = Thing::Resource {
            acct: "111122223333".into(),
            arn: "arn:aws:s3:::b".into(),
        };
        assert_eq!(references(&t, &res).len(), 1);
        let t2 = delete(&t, &res).unwrap();
        assert!(!t2.contains("arn:aws:s3:::b\"}"), "{t2}");
        let t3 = delete(&t, &group).unwrap();
        assert!(
            serde_json::from_str::<Value>(&t3).unwrap()["accounts"]["111122223333"]["groups"]
                .as_object()
                .unwrap()
                .is_empty()
        );
        let acct = Thing::Account("111122223333".into());
        assert!(!references(&t, &acct).is_empty());
        assert!(delete(&t, &acct).is_ok());
    }

    #[test]
    fn keys_and_tags_are_written_as_aws_would_have_them() {
        let t = add_account(START, "111122223333", "").unwrap();
        let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
        let (t, id) = add_key(&t, "111122223333", "bob").unwrap();
        assert!(id.starts_with("AKIA") && id.len() == 20, "{id}");
        let (t, id2) = add_key(&t, "111122223333", "bob").unwrap();
        assert_ne!(id, id2);
        assert!(add_key(&t, "111122223333", "bob")
            .unwrap_err()
            .contains("two"));
        let t = set_key_status(&t, &id, "Inactive").unwrap();
        assert_eq!(
            names(&t)
                .keys
                .iter()
                .find(|k| k.2 == id)
                .map(|k| k.3.as_str()),
            Some("Inactive")
        );
        let t = set_tag(&t, "111122223333", "users", "bob", "team", "blue").unwrap();
        assert!(set_tag(&t, "111122223333", "users", "bob", "aws:x", "1").is_err());
        let t = add_request(
            &t,
            &req(
                "with the inactive key",
                Caller::Key(id.clone()),
                "s3:ListAllMyBuckets",
                "*",
                "",
                "AuthenticationFailed",
            ),
        )
        .unwrap();
        let e = evaluate(&t, 1);
        assert!(e.loaded, "{:?}", e.problems);
        assert_eq!(
            e.outcomes.first().map(|o| o.result.as_str()),
            Some("AuthenticationFailed")
        );
    }

    #[test]
    fn a_rename_updates_what_names_it() {
        let a = "111122223333";
        let t = add_account(START, a, "").unwrap();
        let t = add_group(&t, a, "Developers").unwrap();
        let t = add_user(&t, a, "david", &["Developers".into()]).unwrap();
        let trust = trust_policy(&Trusted::Account(a.into()), None, false).unwrap();
        let t = add_role(&t, a, "App", &trust).unwrap();
        let t = allow(
            &t,
            a,
            "groups",
            "Developers",
            "p",
            &["sts:AssumeRole".into()],
            &[format!("arn:aws:iam::{a}:role/App")],
        )
        .unwrap();
        let role = format!("arn:aws:iam::{a}:role/App");
        let t = add_request(
            &t,
            &req(
                "d",
                Caller::User(a.into(), "david".into()),
                "sts:AssumeRole",
                &role,
                "dave",
                "Allow",
            ),
        )
        .unwrap();
        let group = Thing::Named {
            kind: "groups".into(),
            acct: a.into(),
            name: "Developers".into(),
        };
        let (t, _) = rename(&t, &group, "Devs").unwrap();
        let user = Thing::Named {
            kind: "users".into(),
            acct: a.into(),
            name: "david".into(),
        };
        let (t, _) = rename(&t, &user, "dave").unwrap();
        let role_t = Thing::Named {
            kind: "roles".into(),
            acct: a.into(),
            name: "App".into(),
        };
        let (t, still) = rename(&t, &role_t, "Application").unwrap();
        let v: Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["accounts"][a]["users"]["dave"]["groups"][0], "Devs");
        assert_eq!(v["requests"][0]["who"]["user"], "dave");
        assert_eq!(
            v["requests"][0]["resource"],
            format!("arn:aws:iam::{a}:role/Application")
        );
        assert_eq!(still.len(), 2, "{still:?}");
        assert!(
            still[1].contains("still names the old ARN"),
            "the group's policy still names the old role ARN: {still:?}"
        );
        assert!(rename(&t, &user, "x").is_err(), "david is gone");
        assert!(rename(
            &t,
            &Thing::Named {
                kind: "users".into(),
                acct: a.into(),
                name: "dave".into()
            },
            "bad name"
        )
        .is_err());
        let e = evaluate(&t, 1);
        assert!(e.loaded, "{:?}", e.problems);
    }

    #[test]
    fn names_are_read_from_the_document() {
        let t = add_account(START, "111122223333", "").unwrap();
        let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
        let n = names(&t);
        assert_eq!(n.accounts, ["111122223333"]);
        assert_eq!(n.users, [("111122223333".to_string(), "bob".to_string())]);
        assert_eq!(split_list("a, b\nc  d"), ["a", "b", "c", "d"]);
    }
}
