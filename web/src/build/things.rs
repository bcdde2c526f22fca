//! What the world panel does to a thing (an account, a user, group or role, a customer
//! managed policy, a resource, a request): what still names it, renaming it with every
//! reference, deleting it (with the requests that cannot run without it).

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
    /// A request, by its name.
    Request(String),
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
            Thing::Request(name) => format!("request {name}"),
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
            let acct_v = accounts.and_then(|m| m.get(a));
            let has =
                |what: &str, name: &str| acct_v.and_then(|x| x.get(what)?.get(name)).is_some();
            let declared: Vec<String> = acct_v
                .and_then(|x| x.get("resources")?.as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|r| s(r, "arn"))
                .collect();
            let keys: Vec<String> = names(text)
                .keys
                .into_iter()
                .filter(|(x, ..)| x == a)
                .map(|(_, _, id, _)| id)
                .collect();
            for r in &requests {
                let who = r.get("who");
                let named = |key: &str| who.and_then(|w| s(w, key));
                // A caller named without its account is this account's when it has one
                // of that name.
                let here = |key: &str, what: &str| {
                    named(key).is_some_and(|n| named("account").map_or(has(what, &n), |x| &x == a))
                };
                if named("account").as_deref() == Some(a)
                    || named("root").as_deref() == Some(a)
                    || here("user", "users")
                    || here("role", "roles")
                    || named("instance").is_some_and(|i| has("instances", &i))
                    || named("access_key").is_some_and(|k| keys.contains(&k))
                {
                    out.push(format!(
                        "the request \u{201c}{}\u{201d} is made from it",
                        req_name(r)
                    ));
                } else if s(r, "resource").is_some_and(|res| {
                    declared.iter().any(|d| {
                        res == *d
                            || res
                                .strip_prefix(d.as_str())
                                .is_some_and(|x| x.starts_with('/'))
                    })
                }) {
                    out.push(format!(
                        "the request \u{201c}{}\u{201d} acts on its resource {}",
                        req_name(r),
                        s(r, "resource").unwrap_or_default()
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
        Thing::Request(name) => {
            for r in &requests {
                let who = |key: &str| r.get("who").and_then(|w| s(w, key));
                if who("session").as_deref() == Some(name) {
                    out.push(format!(
                        "the request \u{201c}{}\u{201d} uses the session it makes",
                        req_name(r)
                    ));
                }
                if who("key_from").as_deref() == Some(name) {
                    out.push(format!(
                        "the request \u{201c}{}\u{201d} signs with the access key it makes",
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
        Thing::Request(name) => return rename_request(text, name, new),
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

/// Renames a request; the requests that use its session or the key it makes follow.
fn rename_request(text: &str, old: &str, new: &str) -> Result<(String, Vec<String>), String> {
    let new = new.trim();
    if new.is_empty() {
        return Err("give the request a name that says what it tries".into());
    }
    if new == old {
        return Ok((text.to_string(), vec![]));
    }
    let n = names(text);
    if n.requests.iter().any(|(r, _)| r == new) {
        return Err(format!("a request is called \u{201c}{new}\u{201d} already"));
    }
    let i = request_index(text, old)?;
    let mut t = set(text, &[k("requests"), Seg::Index(i), k("name")], &q(new))?;
    let v: Value = serde_json::from_str(&t).map_err(|e| e.to_string())?;
    let mut count = 0;
    for (j, r) in v
        .get("requests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        for key in ["session", "key_from"] {
            if r.get("who")
                .and_then(|w| w.get(key))
                .and_then(Value::as_str)
                == Some(old)
            {
                t = set(
                    &t,
                    &[k("requests"), Seg::Index(j), k("who"), k(key)],
                    &q(new),
                )?;
                count += 1;
            }
        }
    }
    Ok((t, updated(count)))
}

/// The position of the request called `name`.
fn request_index(text: &str, name: &str) -> Result<usize, String> {
    names(text)
        .requests
        .iter()
        .position(|(n, _)| n == name)
        .ok_or_else(|| format!("there is no request called \u{201c}{name}\u{201d}"))
}

/// Deletes `thing` from the document, and the requests that could no longer run
/// without it (a request made by a deleted user, one that uses the session of a
/// deleted request...), as the scenario loader finds them: the document loads after as
/// it did before. Returns the new text and the names of the requests that went too.
/// What else still names it is left as it is: the world panel shows [`references`]
/// first.
pub fn delete(text: &str, thing: &Thing) -> Result<(String, Vec<String>), String> {
    let t = remove_thing(text, thing)?;
    let before = request_errors(text);
    let mut t = t;
    let mut gone = vec![];
    // One request a round: a request that used a gone one's session fails only once
    // that one is gone.
    while let Some((i, name)) = request_errors(&t)
        .into_iter()
        .find(|e| !before.iter().any(|b| b.1 == e.1 && b.2 == e.2))
        .map(|(i, name, _)| (i, name))
    {
        t = crate::jsonedit::remove(&t, &[k("requests"), Seg::Index(i)])?;
        gone.push(name);
    }
    Ok((t, gone))
}

/// The requests the scenario loader refuses: (position, name, the error).
fn request_errors(text: &str) -> Vec<(usize, String, String)> {
    let Err(e) = iam_engine::world::Scenario::load(text) else {
        return vec![];
    };
    let n = names(text);
    e.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            let rest = d.path.strip_prefix("requests[")?;
            let i: usize = rest.split(']').next()?.parse().ok()?;
            let (name, _) = n.requests.get(i)?;
            Some((i, name.clone(), d.message.clone()))
        })
        .collect()
}

fn remove_thing(text: &str, thing: &Thing) -> Result<String, String> {
    match thing {
        Thing::Account(a) => {
            let t = crate::jsonedit::remove(text, &[k("accounts"), k(a)])?;
            // A member leaves the organization with it (the management account cannot:
            // the loader says so, and the delete is refused).
            match super::org::placed(&t, a) {
                Some(p) => crate::jsonedit::remove(&t, &p),
                None => Ok(t),
            }
        }
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
        Thing::Request(name) => {
            let i = request_index(text, name)?;
            crate::jsonedit::remove(text, &[k("requests"), Seg::Index(i)])
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
