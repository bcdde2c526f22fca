//! The forms: add accounts, users, groups, roles (with their trust), resources,
//! permissions and requests without writing JSON. Each form makes one edit of the
//! scenario document (see `crate::build`), so the JSON, the world tree and the
//! decisions follow at once.

use crate::build::{self, Caller, Names, Permission, RequestForm, Trusted};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub revision: u64,
    pub on_edit: Callback<String>,
    /// Selects a request (a new one, so its decision shows at once).
    pub on_select: Callback<String>,
}

const KINDS: &[(&str, &str)] = &[
    ("account", "an account"),
    ("user", "a user"),
    ("group", "a group"),
    ("role", "a role"),
    ("resource", "a resource"),
    ("permission", "a permission (a policy statement)"),
    ("attach", "a managed policy or a boundary"),
    ("tag", "a tag (user or role)"),
    ("key", "an access key, or a key's status"),
    ("request", "a request"),
];

const COMMON_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:ListAllMyBuckets",
    "s3:*",
    "sts:AssumeRole",
    "sts:GetCallerIdentity",
    "ec2:DescribeInstances",
    "ec2:StartInstances",
    "ec2:*",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "iam:CreateUser",
    "iam:PassRole",
    "kms:Decrypt",
    "kms:Encrypt",
    "lambda:InvokeFunction",
    "sqs:SendMessage",
    "*",
];

type Fields = HashMap<String, String>;

fn field(f: &Fields, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

/// A target picked as `kind|account|name`; `missing` says what to pick when none is.
fn split_target<'a>(target: &'a str, missing: &str) -> Result<(&'a str, &'a str, &'a str), String> {
    let mut parts = target.splitn(3, '|');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(kind), Some(a), Some(who)) if !who.is_empty() => Ok((kind, a, who)),
        _ => Err(missing.to_string()),
    }
}

/// The options of a "who gets it" select: the users, groups and roles of `kinds`.
fn targets(n: &Names, kinds: &[&str]) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "(pick one)".to_string())];
    for (what, list) in [
        ("users", &n.users),
        ("groups", &n.groups),
        ("roles", &n.roles),
    ] {
        if !kinds.contains(&what) {
            continue;
        }
        for (a, name) in list.iter() {
            out.push((
                format!("{what}|{a}|{name}"),
                format!("{} {name} ({a})", what.trim_end_matches('s')),
            ));
        }
    }
    out
}

/// What the Add button does for each kind of form.
fn apply(kind: &str, text: &str, f: &Fields, n: &Names) -> Result<(String, String), String> {
    let acct = || {
        let a = field(f, "account");
        if a.is_empty() {
            n.accounts.first().cloned().unwrap_or_default()
        } else {
            a
        }
    };
    match kind {
        "account" => {
            let id = field(f, "id");
            build::add_account(text, &id, &field(f, "alias"))
                .map(|t| (t, format!("Added account {}.", id.trim())))
        }
        "user" => {
            let a = acct();
            let groups: Vec<String> = n
                .groups
                .iter()
                .filter(|(ga, g)| *ga == a && f.get(&group_key(g)).is_some_and(|v| v == "on"))
                .map(|(_, g)| g.clone())
                .collect();
            build::add_user(text, &a, &field(f, "name"), &groups).map(|t| {
                (
                    t,
                    format!("Added user {} to account {a}.", field(f, "name").trim()),
                )
            })
        }
        "group" => {
            let a = acct();
            build::add_group(text, &a, &field(f, "name")).map(|t| {
                (
                    t,
                    format!("Added group {} to account {a}.", field(f, "name").trim()),
                )
            })
        }
        "role" => {
            let a = acct();
            let value = field(f, "trusted_value");
            let trusted = match field(f, "trusted").as_str() {
                "service" => Trusted::Service(value),
                "web" => Trusted::WebIdentity(value),
                "saml" => Trusted::Saml(value),
                _ => Trusted::Account(if value.trim().is_empty() {
                    a.clone()
                } else {
                    value
                }),
            };
            let external = (field(f, "external") == "on").then(|| field(f, "external_id"));
            let trust =
                build::trust_policy(&trusted, external.as_deref(), field(f, "mfa") == "on")?;
            build::add_role(text, &a, &field(f, "name"), &trust).map(|t| {
                (
                    t,
                    format!(
                        "Added role {} to account {a}, with its trust policy.",
                        field(f, "name").trim()
                    ),
                )
            })
        }
        "resource" => {
            let a = acct();
            build::add_resource(text, &a, &field(f, "arn")).map(|t| {
                (
                    t,
                    format!("Added {} to account {a}.", field(f, "arn").trim()),
                )
            })
        }
        "permission" => {
            let target = field(f, "target");
            let (kind, a, who) = split_target(
                &target,
                "pick the user, group or role that gets the permission",
            )?;
            let policy = match field(f, "policy") {
                p if p.trim().is_empty() => "permissions".to_string(),
                p => p,
            };
            let actions = build::split_list(&field(f, "actions"));
            let resources = build::split_list(&field(f, "resources"));
            let p = Permission {
                acct: a,
                kind,
                who,
                policy: &policy,
                allow: field(f, "effect") != "Deny",
                actions: &actions,
                resources: &resources,
            };
            build::add_permission(text, &p).map(|t| {
                (
                    t,
                    format!(
                        "Added the statement to the inline policy {} of {} {who}.",
                        policy.trim(),
                        kind.trim_end_matches('s')
                    ),
                )
            })
        }
        "attach" => {
            let target = field(f, "target");
            let (kind, a, who) = split_target(&target, "pick the user, group or role")?;
            let boundary = field(f, "as") == "boundary";
            let policy = field(f, "managed");
            build::attach_policy(text, a, kind, who, &policy, boundary).map(|t| {
                let what = if boundary {
                    "as the permissions boundary of"
                } else {
                    "to"
                };
                (
                    t,
                    format!(
                        "Attached {} {what} {} {who}.",
                        policy.trim(),
                        kind.trim_end_matches('s')
                    ),
                )
            })
        }
        "tag" => {
            let target = field(f, "target");
            let (kind, a, who) = split_target(&target, "pick the user or role")?;
            build::set_tag(
                text,
                a,
                kind,
                who,
                &field(f, "tag_key"),
                &field(f, "tag_value"),
            )
            .map(|t| {
                (
                    t,
                    format!(
                        "Tagged {} {who} with {} = {}.",
                        kind.trim_end_matches('s'),
                        field(f, "tag_key").trim(),
                        field(f, "tag_value").trim()
                    ),
                )
            })
        }
        "key" => {
            let key = field(f, "key_id");
            if key.is_empty() {
                let user = field(f, "key_user");
                let (a, u) = user
                    .split_once('|')
                    .ok_or("pick the user who gets a new key")?;
                let (t, id) = build::add_key(text, a, u)?;
                return Ok((t, format!("Created access key {id} for {u}. Requests can now sign with it (pick it under Who calls).")));
            }
            let status = match field(f, "key_status") {
                s if s.is_empty() => "Inactive".to_string(),
                s => s,
            };
            build::set_key_status(text, &key, &status)
                .map(|t| (t, format!("Access key {key} is now {status}.")))
        }
        "request" => {
            let who = field(f, "who");
            let mut parts = who.splitn(3, '|');
            let caller = match (parts.next(), parts.next(), parts.next()) {
                (Some("user"), Some(a), Some(u)) => Caller::User(a.into(), u.into()),
                (Some("role"), Some(a), Some(r)) => Caller::Role(a.into(), r.into()),
                (Some("session"), Some(s), _) => Caller::Session(s.into()),
                (Some("root"), Some(a), _) => Caller::Root(a.into()),
                (Some("key"), Some(id), _) => Caller::Key(id.into()),
                (Some("anonymous"), _, _) => Caller::Anonymous,
                _ => return Err("pick who makes the request".into()),
            };
            let r = RequestForm {
                name: &field(f, "rname"),
                who: caller,
                action: &field(f, "action"),
                resource: &field(f, "resource"),
                session_name: &field(f, "session_name"),
                external_id: &field(f, "external_id"),
                expect: &field(f, "expect"),
                context: &field(f, "context"),
            };
            build::add_request(text, &r).map(|t| {
                (
                    t,
                    format!(
                        "Added the request \u{201c}{}\u{201d}: its decision is in the list.",
                        field(f, "rname").trim()
                    ),
                )
            })
        }
        _ => Err("pick what to add".into()),
    }
}

/// The field name of a group's checkbox.
fn group_key(g: &str) -> String {
    format!("group:{g}")
}

#[function_component(Builder)]
pub fn builder(p: &Props) -> Html {
    let kind = use_state(|| "user".to_string());
    let fields = use_state(Fields::new);
    let message = use_state(|| None::<(bool, String)>);
    // The AWS managed policies this site has documents for (fetched once).
    let shipped = use_state(Vec::<String>::new);
    {
        let shipped = shipped.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(raw) = crate::data::fetch_text("data/managed/index.json").await {
                    if let Ok(list) = serde_json::from_str::<Vec<String>>(&raw) {
                        shipped.set(list);
                    }
                }
            });
        });
    }
    let names = {
        let text = p.text.clone();
        use_memo(p.revision, move |_| build::names(&text))
    };
    let set_field = |name: &str| {
        let fields = fields.clone();
        let name = name.to_string();
        Callback::from(move |e: Event| {
            let Some(t) = e.target() else { return };
            let value = if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
                if i.type_() == "checkbox" {
                    if i.checked() {
                        "on".to_string()
                    } else {
                        String::new()
                    }
                } else {
                    i.value()
                }
            } else if let Some(s) = t.dyn_ref::<web_sys::HtmlSelectElement>() {
                s.value()
            } else {
                return;
            };
            let mut f = (*fields).clone();
            f.insert(name.clone(), value);
            fields.set(f);
        })
    };
    let text_in = |name: &str, label: &str, placeholder: &str| {
        let onchange = set_field(name);
        let oninput = {
            let cb = onchange.clone();
            Callback::from(move |e: InputEvent| cb.emit(e.into()))
        };
        html! {
            <label class="b-field">
                <span>{ label }</span>
                <input id={format!("b-{name}")} type="text" value={field(&fields, name)} placeholder={placeholder.to_string()}
                       list={(name == "action").then_some("b-action-list")}
                       autocomplete="off" spellcheck="false" {oninput} {onchange} />
            </label>
        }
    };
    let text_area = |name: &str, label: &str, placeholder: &str| {
        let fields = fields.clone();
        let key = name.to_string();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                let mut f = (*fields).clone();
                f.insert(key.clone(), t.value());
                fields.set(f);
            }
        });
        html! {
            <label class="b-field b-wide">
                <span>{ label }</span>
                <textarea id={format!("b-{name}")} rows="2" placeholder={placeholder.to_string()} spellcheck="false" {oninput} />
            </label>
        }
    };
    let select = |name: &str, label: &str, options: Vec<(String, String)>| {
        let current = field(&fields, name);
        html! {
            <label class="b-field">
                <span>{ label }</span>
                <select id={format!("b-{name}")} onchange={set_field(name)}>
                    { for options.iter().enumerate().map(|(i, (v, l))| html! {
                        <option value={v.clone()} selected={*v == current || (current.is_empty() && i == 0)}>{ l }</option>
                    }) }
                </select>
            </label>
        }
    };
    let check = |name: &str, label: &str| {
        html! {
            <label class="b-check">
                <input id={format!("b-{}", name.replace(':', "-"))} type="checkbox" checked={field(&fields, name) == "on"} onchange={set_field(name)} />
                <span>{ label }</span>
            </label>
        }
    };
    let accounts: Vec<(String, String)> = names
        .accounts
        .iter()
        .map(|a| (a.clone(), a.clone()))
        .collect();
    let acct = {
        let a = field(&fields, "account");
        if a.is_empty() {
            names.accounts.first().cloned().unwrap_or_default()
        } else {
            a
        }
    };
    let k = (*kind).clone();
    let form = match k.as_str() {
        "account" => {
            html! { <>{ text_in("id", "Account ID (12 digits)", "111122223333") }{ text_in("alias", "Alias (optional)", "development") }</> }
        }
        "user" | "group" => html! {
            <>
                { select("account", "In account", accounts.clone()) }
                { text_in("name", "Name", if k == "user" { "david" } else { "Developers" }) }
                if k == "user" {
                    <fieldset class="b-groups">
                        <legend>{ "Member of" }</legend>
                        { for names.groups.iter().filter(|(a, _)| *a == acct).map(|(_, g)| check(&group_key(g), g)) }
                        if !names.groups.iter().any(|(a, _)| *a == acct) { <span class="hint">{ "no groups in this account yet" }</span> }
                    </fieldset>
                }
            </>
        },
        "role" => html! {
            <>
                { select("account", "In account", accounts.clone()) }
                { text_in("name", "Role name", "UpdateApp") }
                { select("trusted", "Who may assume it (the trust policy)", vec![
                    ("account".into(), "principals of an AWS account".into()),
                    ("service".into(), "an AWS service".into()),
                    ("web".into(), "a web identity (OIDC) provider".into()),
                    ("saml".into(), "a SAML provider".into()),
                ]) }
                { text_in("trusted_value", match field(&fields, "trusted").as_str() {
                    "service" => "Service principal",
                    "web" => "Provider",
                    "saml" => "Provider ARN",
                    _ => "Trusted account ID",
                }, match field(&fields, "trusted").as_str() {
                    "service" => "ec2.amazonaws.com",
                    "web" => "token.actions.githubusercontent.com",
                    "saml" => "arn:aws:iam::111122223333:saml-provider/MyIdP",
                    _ => "111111111111",
                }) }
                { check("external", "Require an external ID (for a third party)") }
                if field(&fields, "external") == "on" { { text_in("external_id", "External ID", "the ID the third party gave you") } }
                { check("mfa", "Require MFA") }
            </>
        },
        "resource" => {
            html! { <>{ select("account", "Owned by account", accounts.clone()) }{ text_in("arn", "ARN", "arn:aws:s3:::productionapp") }</> }
        }
        "permission" => {
            let targets = targets(&names, &["users", "groups", "roles"]);
            html! {
                <>
                    { select("target", "Who gets it", targets) }
                    { text_in("policy", "Inline policy name", "permissions") }
                    { select("effect", "Effect", vec![("Allow".into(), "Allow".into()), ("Deny".into(), "Deny".into())]) }
                    { text_in("actions", "Actions (comma separated)", "s3:GetObject, s3:PutObject") }
                    { text_in("resources", "Resources (ARNs, comma separated, or *)", "arn:aws:s3:::productionapp/*") }
                </>
            }
        }
        "attach" => {
            let targets = targets(&names, &["users", "groups", "roles"]);
            let target_acct = field(&fields, "target")
                .split('|')
                .nth(1)
                .unwrap_or_default()
                .to_string();
            let mut policies = vec![(String::new(), "(pick one)".to_string())];
            for c in build::customer_policies(&p.text, &target_acct) {
                policies.push((c.clone(), format!("{c} (customer managed)")));
            }
            for m in shipped.iter() {
                policies.push((m.clone(), format!("{m} (AWS managed)")));
            }
            html! {
                <>
                    { select("target", "To", targets) }
                    { select("managed", "Policy", policies) }
                    { select("as", "As", vec![("attached".into(), "an attached policy (grants)".into()), ("boundary".into(), "the permissions boundary (caps)".into())]) }
                </>
            }
        }
        "tag" => {
            let targets = targets(&names, &["users", "roles"]);
            html! { <>{ select("target", "On", targets) }{ text_in("tag_key", "Key", "team") }{ text_in("tag_value", "Value", "blue") }</> }
        }
        "key" => {
            let mut users = vec![(String::new(), "(pick one)".to_string())];
            users.extend(
                names
                    .users
                    .iter()
                    .map(|(a, u)| (format!("{a}|{u}"), format!("user {u} ({a})"))),
            );
            let mut keys = vec![(String::new(), "a new key for the user above".to_string())];
            keys.extend(
                names
                    .keys
                    .iter()
                    .map(|(_, u, id, st)| (id.clone(), format!("{id} of {u} ({st})"))),
            );
            html! {
                <>
                    { select("key_user", "User", users) }
                    { select("key_id", "Key", keys) }
                    if !field(&fields, "key_id").is_empty() {
                        { select("key_status", "Set it to", vec![
                            ("Inactive".into(), "Inactive (deactivate)".into()),
                            ("Active".into(), "Active".into()),
                            ("Deleted".into(), "Deleted".into()),
                        ]) }
                    }
                </>
            }
        }
        "request" => {
            let mut who = vec![(String::new(), "(pick one)".to_string())];
            for (a, u) in &names.users {
                who.push((format!("user|{a}|{u}"), format!("user {u} ({a})")));
            }
            for (_, u, id, st) in &names.keys {
                who.push((
                    format!("key|{id}"),
                    format!("access key {id} of {u} ({st})"),
                ));
            }
            for (a, r) in &names.roles {
                who.push((
                    format!("role|{a}|{r}"),
                    format!("a session of role {r} ({a})"),
                ));
            }
            for (n, act) in &names.requests {
                if act.to_ascii_lowercase().starts_with("sts:assumerole")
                    || act.eq_ignore_ascii_case("sts:GetFederationToken")
                    || act.eq_ignore_ascii_case("sts:GetSessionToken")
                {
                    who.push((
                        format!("session|{n}"),
                        format!("the session made by \u{201c}{n}\u{201d}"),
                    ));
                }
            }
            for a in &names.accounts {
                who.push((format!("root|{a}"), format!("the root user of {a}")));
            }
            who.push(("anonymous".into(), "anyone (unsigned)".into()));
            html! {
                <>
                    { text_in("rname", "Request name", "David assumes UpdateApp") }
                    { select("who", "Who calls", who) }
                    { text_in("action", "Action", "sts:AssumeRole") }
                    { text_in("resource", "Resource ARN (* when the action names none)", "arn:aws:iam::999999999999:role/UpdateApp") }
                    if field(&fields, "action").trim().eq_ignore_ascii_case("sts:AssumeRole") {
                        { text_in("session_name", "Role session name", "david") }
                        { text_in("external_id", "External ID (optional)", "") }
                    }
                    { text_area("context", "Context keys (optional, one per line: key = value)", "aws:SourceIp = 203.0.113.7") }
                    { select("expect", "What you expect (optional)", vec![
                        (String::new(), "no expectation".into()),
                        ("Allow".into(), "Allow".into()),
                        ("ImplicitDeny".into(), "Implicit deny".into()),
                        ("ExplicitDeny".into(), "Explicit deny".into()),
                        ("AuthenticationFailed".into(), "Authentication failed".into()),
                        ("Invalid".into(), "Invalid".into()),
                    ]) }
                </>
            }
        }
        _ => html! {},
    };
    let on_kind = {
        let kind = kind.clone();
        let message = message.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                kind.set(s.value());
                message.set(None);
            }
        })
    };
    let onsubmit = {
        let (kind, fields, message, text, on_edit, names) = (
            kind.clone(),
            fields.clone(),
            message.clone(),
            p.text.clone(),
            p.on_edit.clone(),
            names.clone(),
        );
        let on_select = p.on_select.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match apply(&kind, &text, &fields, &names) {
                Ok((t, msg)) => {
                    on_edit.emit(t);
                    if *kind == "request" {
                        on_select.emit(field(&fields, "rname").trim().to_string());
                    }
                    message.set(Some((true, msg)));
                    // Keep the choices (account, who...), clear what names one thing.
                    let mut f = (*fields).clone();
                    for k in [
                        "id",
                        "alias",
                        "name",
                        "arn",
                        "rname",
                        "external_id",
                        "context",
                    ] {
                        f.remove(k);
                    }
                    f.retain(|k, _| !k.starts_with("group:"));
                    fields.set(f);
                }
                Err(e) => message.set(Some((false, e))),
            }
        })
    };
    html! {
        <details id="build" class="build" open=true>
            <summary><h2>{ "Build with forms" }</h2><span class="hint">{ " no JSON needed: each form writes into the document" }</span></summary>
            <form {onsubmit} class="b-form" aria-describedby="build-msg">
                <label class="b-field b-kind">
                    <span>{ "Add" }</span>
                    <select id="build-kind" onchange={on_kind}>
                        { for KINDS.iter().map(|(v, l)| html! { <option value={*v} selected={*kind == *v}>{ *l }</option> }) }
                    </select>
                </label>
                { form }
                <datalist id="b-action-list">{ for COMMON_ACTIONS.iter().map(|a| html! { <option value={*a} /> }) }</datalist>
                <div class="b-submit"><button id="build-add" type="submit">{ "Add" }</button></div>
                <p id="build-msg" class={classes!("b-msg", message.as_ref().map(|(ok, _)| if *ok { "ok" } else { "bad" }))} role="status" aria-live="polite">
                    { message.as_ref().map(|(_, m)| m.clone()).unwrap_or_default() }
                </p>
            </form>
        </details>
    }
}
