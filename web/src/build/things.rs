//! What the world panel does to a thing (an account, a user, group or role, a customer
//! managed policy, a resource): what still names it, renaming it with every reference,
//! deleting it.

use super::*;

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
                        for (p, ip) in members(acct_v, "instance_profiles") {
                            if s(ip, "role").as_deref() == Some(name) {
                                out.push(format!("the instance profile {p} holds it"));
                            }
                        }
                    }
                }
                "groups" => {
                    for (u, user) in members(acct_v, "users") {
                        if list_has(user, "groups", name) {
                            out.push(format!("user {u} is a member"));
                        }
                    }
                }
                "policies" => {
                    for what in ["users", "groups", "roles"] {
                        for (n, x) in members(acct_v, what) {
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
            for (u, user) in members(acct_v, "users") {
                let base = [k("accounts"), k(acct), k("users"), k(u)];
                list_edits(user, &base, "groups", name, new, &mut edits);
            }
        }
        "roles" => {
            for (p, ip) in members(acct_v, "instance_profiles") {
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

/// The members of the object `key` of `parent` (none when either is missing).
fn members<'v>(
    parent: Option<&'v Value>,
    key: &str,
) -> impl Iterator<Item = (&'v String, &'v Value)> {
    parent
        .and_then(|p| p.get(key))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}
