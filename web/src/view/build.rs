//! The forms: add accounts, users, groups, roles (with their trust), resources,
//! permissions and requests without writing JSON. Each form makes one edit of the
//! scenario document (see `crate::build`), so the JSON, the world tree and the
//! decisions follow at once.

use crate::build::org::{self, path_key};
use crate::build::{self, Caller, Cond, Names, Permission, RequestForm, Side, Trusted, Who};
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
    /// Opens a policy (by site id) in the policy editor: the one a form just wrote.
    pub on_open_policy: Callback<String>,
}

/// What the forms add, in groups: the value, a short label that fits the select on a
/// phone, and a sentence said under it.
/// One choice: the value, its label, the sentence under the select.
type Kind = (&'static str, &'static str, &'static str);

const KINDS: &[(&str, &[Kind])] = &[
    (
        "Accounts and people",
        &[
            (
                "account",
                "Account",
                "An AWS account: a 12-digit ID, an optional alias.",
            ),
            (
                "user",
                "User",
                "An IAM user in an account, and the groups it is in.",
            ),
            (
                "group",
                "Group",
                "An IAM group: its policies apply to every user in it.",
            ),
            (
                "groups",
                "A user's groups",
                "Shows the groups a user is in, as the document has them, and changes them.",
            ),
            (
                "role",
                "Role",
                "An IAM role and who may assume it (its trust policy).",
            ),
            (
                "role-settings",
                "Role session length",
                "A role's maximum session duration.",
            ),
            (
                "profile",
                "Instance profile",
                "An instance profile for a role, and optionally an EC2 instance that uses it.",
            ),
            (
                "key",
                "Access key",
                "An access key for a user, or a key's status.",
            ),
            (
                "tag",
                "Tag",
                "A tag on a user or a role, for conditions on aws:PrincipalTag.",
            ),
        ],
    ),
    (
        "Resources",
        &[(
            "resource",
            "Resource",
            "A resource (a bucket, a queue, a key...) by its ARN.",
        )],
    ),
    (
        "Policies",
        &[
            (
                "permission",
                "Permission",
                "A statement in a user's, group's or role's own policy.",
            ),
            (
                "resource-statement",
                "Resource or trust statement",
                "A statement in a resource's policy, a KMS key policy or a role's trust policy.",
            ),
            (
                "attach",
                "Managed policy or boundary",
                "Attach a managed policy (yours or AWS's), or set a permissions boundary.",
            ),
            (
                "org",
                "Organization or OU",
                "The organization, or an organizational unit.",
            ),
            (
                "org-policy",
                "SCP or RCP statement",
                "A statement in a service or resource control policy, and where it is attached.",
            ),
        ],
    ),
    (
        "Questions",
        &[(
            "request",
            "Request",
            "A request to decide: who calls which action on which resource.",
        )],
    ),
    (
        "The scenario",
        &[(
            "about",
            "Name and description",
            "The scenario's name, and a sentence that says what it shows.",
        )],
    ),
];

/// What to do after adding a `kind`: the step that makes it show in a decision.
fn next_step(kind: &str) -> Option<&'static str> {
    match kind {
        "account" | "org" => Some("Next: add a user or a role to it (Add: User, or Role)."),
        "user" | "group" | "role" => Some("Next: give it a permission (Add: Permission)."),
        "request" | "key" | "about" => None,
        _ => Some("Next: add a request (Add: Request) to see what it allows."),
    }
}

/// The sentence said under the select for a kind.
fn kind_hint(kind: &str) -> &'static str {
    KINDS
        .iter()
        .flat_map(|(_, ks)| ks.iter())
        .find(|(v, _, _)| *v == kind)
        .map_or("", |(_, _, h)| *h)
}

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

/// AWS managed policies the attach form suggests before anything is typed.
const POPULAR: &[&str] = &[
    "ReadOnlyAccess",
    "AdministratorAccess",
    "PowerUserAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonS3FullAccess",
    "AmazonEC2ReadOnlyAccess",
    "AmazonDynamoDBReadOnlyAccess",
    "IAMReadOnlyAccess",
    "SecurityAudit",
    "ViewOnlyAccess",
];

/// Service principals the forms suggest.
const SERVICES: &[&str] = &[
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "s3.amazonaws.com",
    "sns.amazonaws.com",
    "events.amazonaws.com",
    "logs.amazonaws.com",
    "config.amazonaws.com",
    "delivery.logs.amazonaws.com",
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

/// The condition of the statement forms (none when no operator is picked).
fn cond_of(f: &Fields) -> Option<Cond> {
    let op = field(f, "cond_op");
    (!op.is_empty()).then(|| Cond {
        op,
        key: field(f, "cond_key").trim().to_string(),
        values: field(f, "cond_values")
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// The accounts ticked in a form's account checkboxes.
fn ticked_accounts(f: &Fields, n: &Names) -> Vec<String> {
    n.accounts
        .iter()
        .filter(|a| f.get(&account_key(a)).is_some_and(|v| v == "on"))
        .cloned()
        .collect()
}

/// The field name of an account's checkbox.
fn account_key(a: &str) -> String {
    format!("acct:{a}")
}

/// The principal a resource-side statement names, from the "who" select and its text.
fn who_of(f: &Fields) -> Result<Who, String> {
    let pick = field(f, "principal");
    let typed = field(f, "principal_value");
    let (kind, value) = pick.split_once('|').unwrap_or((pick.as_str(), ""));
    match kind {
        "account" => Ok(Who::Account(value.to_string())),
        "arn" => Ok(Who::Arn(value.to_string())),
        "service" => Ok(Who::Service(typed)),
        "everyone" => Ok(Who::Everyone),
        "other" if typed.trim().starts_with("arn:") => Ok(Who::Arn(typed)),
        "other" => Ok(Who::Account(typed)),
        _ => Err("pick who the statement lets in (or keeps out)".into()),
    }
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
                "principal" => Trusted::Principal(value),
                _ if value.trim().is_empty() => {
                    return Err(format!("type the ID of the account whose principals may assume the role (its own account is {a})"))
                }
                _ => Trusted::Account(value),
            };
            let external = (field(f, "external") == "on").then(|| field(f, "external_id"));
            let trust =
                build::trust_policy(&trusted, external.as_deref(), field(f, "mfa") == "on")?;
            let name = field(f, "name");
            let added = build::add_role(text, &a, &name, &trust)?;
            let hours = field(f, "hours");
            let added = if hours.trim().is_empty() {
                added
            } else {
                build::set_max_session(&added, &a, name.trim(), &hours)?
            };
            Ok(added).map(|t| {
                (
                    t,
                    format!(
                        "Added role {} to account {a}, with its trust policy.",
                        field(f, "name").trim()
                    ),
                )
            })
        }
        "groups" => {
            let target = field(f, "target");
            let (_, a, user) = split_target(&target, "pick the user")?;
            let current = build::groups_of(text, a, user);
            let groups: Vec<String> = n
                .groups
                .iter()
                .filter(|(ga, g)| {
                    ga == a
                        && match f.get(&group_key(g)) {
                            Some(v) => v == "on",
                            None => current.contains(g),
                        }
                })
                .map(|(_, g)| g.clone())
                .collect();
            build::set_groups(text, a, user, &groups).map(|t| {
                let now = if groups.is_empty() {
                    "no group".to_string()
                } else {
                    groups.join(", ")
                };
                (t, format!("{user} is now in {now}."))
            })
        }
        "role-settings" => {
            let target = field(f, "target");
            let (_, a, role) = split_target(&target, "pick the role")?;
            let hours = field(f, "hours");
            build::set_max_session(text, a, role, &hours).map(|t| {
                (
                    t,
                    format!("Sessions of role {role} may now last up to {} hours (requests ask with DurationSeconds).", hours.trim()),
                )
            })
        }
        "profile" => {
            let a = acct();
            let target = field(f, "target");
            let (_, ra, role) = split_target(&target, "pick the role the profile carries")?;
            if ra != a {
                return Err(format!("an instance profile carries a role of its own account ({a}): role {role} is in {ra}"));
            }
            let name = field(f, "name");
            let instance = field(f, "instance");
            build::add_instance_profile(text, &a, &name, role, &instance, &field(f, "region")).map(|t| {
                let msg = if instance.trim().is_empty() {
                    format!("Added instance profile {} for role {role}.", name.trim())
                } else {
                    format!(
                        "Added instance profile {} for role {role}, and instance {} launched with it: requests can now be made by the instance.",
                        name.trim(),
                        instance.trim()
                    )
                };
                (t, msg)
            })
        }
        "resource-statement" => {
            let target = field(f, "side");
            let side = match target.split_once('|') {
                Some(("trust", rest)) => {
                    let (a, role) = rest.split_once('|').unwrap_or_default();
                    Side::Trust {
                        acct: a.into(),
                        role: role.into(),
                    }
                }
                Some(("resource", rest)) => {
                    let (a, arn) = rest.split_once('|').unwrap_or_default();
                    Side::Resource {
                        acct: a.into(),
                        arn: arn.into(),
                    }
                }
                _ => return Err("pick the resource or role whose policy gets the statement".into()),
            };
            let who = who_of(f)?;
            let allow = field(f, "effect") != "Deny";
            let actions = build::split_list(&field(f, "actions"));
            let stmt = match &side {
                Side::Trust { .. } => {
                    build::trust_statement(allow, &who, &actions, cond_of(f).as_ref())
                }
                Side::Resource { arn, .. } => {
                    let r = build::resources_of_own_policy(
                        arn,
                        &build::split_list(&field(f, "resources")),
                    )?;
                    build::statement(allow, Some(&who), &actions, &r, cond_of(f).as_ref())
                }
            }?;
            build::add_resource_statement(text, &side, &stmt).map(|t| {
                let whose = match &side {
                    Side::Trust { role, .. } => format!("the trust policy of role {role}"),
                    Side::Resource { arn, .. } => format!("the policy of {arn}"),
                };
                (t, format!("Added the statement to {whose}."))
            })
        }
        "org" => {
            let accounts = ticked_accounts(f, n);
            if !org::has_org(text) {
                let m = field(f, "management");
                let m = if m.is_empty() {
                    n.accounts.first().cloned().unwrap_or_default()
                } else {
                    m
                };
                return org::create_org(text, &m, &accounts).map(|t| {
                    (t, format!("Created the organization, managed by account {m}. SCPs and RCPs can now be attached to its root, OUs and member accounts (the management account is exempt from both)."))
                });
            }
            let parent = field(f, "parent");
            let node = org::node_by_key(
                text,
                if parent.is_empty() {
                    "organization/root"
                } else {
                    &parent
                },
            )
            .ok_or("pick where the OU goes")?;
            let name = field(f, "name");
            org::add_ou(text, &node.path, &name, &accounts)
                .map(|t| (t, format!("Added OU {} under {}.", name.trim(), node.label)))
        }
        "org-policy" => {
            let kind = match field(f, "org_kind") {
                k if k.is_empty() => "scp".to_string(),
                k => k,
            };
            let rcp = kind == "rcp";
            // The form shows Deny first: an organization policy's usual statement.
            let stmt = build::statement(
                field(f, "effect") == "Allow",
                rcp.then_some(&Who::Everyone),
                &build::split_list(&field(f, "actions")),
                // Organization policies usually cover every resource.
                &match build::split_list(&field(f, "resources")) {
                    r if r.is_empty() => vec!["*".to_string()],
                    r => r,
                },
                cond_of(f).as_ref(),
            )?;
            let at = field(f, "attach_to");
            let node = if at.is_empty() {
                None
            } else {
                org::node_by_key(text, &at)
            };
            let name = field(f, "policy");
            org::add_org_statement(
                text,
                &kind,
                &name,
                &stmt,
                node.as_ref().map(|n| n.path.as_slice()),
            )
            .map(|t| {
                let attached = node
                    .as_ref()
                    .map(|n| format!(", attached to {}", n.label))
                    .unwrap_or_default();
                (
                    t,
                    format!(
                        "Added the statement to the {} {}{attached}.",
                        kind.to_uppercase(),
                        name.trim()
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
            let cond = cond_of(f);
            let p = Permission {
                acct: a,
                kind,
                who,
                policy: &policy,
                allow: field(f, "effect") != "Deny",
                actions: &actions,
                resources: &resources,
                cond: cond.as_ref(),
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
            if field(f, "as").starts_with("detach") {
                let boundary = field(f, "as") == "detach-boundary";
                return build::detach_policy(text, a, kind, who, &policy, boundary).map(|t| {
                    (
                        t,
                        format!(
                            "Removed {} from {} {who}.",
                            policy.trim(),
                            kind.trim_end_matches('s')
                        ),
                    )
                });
            }
            build::check_policy_name(text, a, &policy)?;
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
                // AWS shows a new key's secret once, at creation; the playground makes
                // one up the same way and keeps it nowhere (requests need only the ID).
                let secret = iam_engine::world::model::pseudo_random(
                    &format!("secret/{id}"),
                    40,
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                );
                return Ok((t, format!("Created access key {id} for {u}. Its secret access key, shown once as AWS does (made up, and kept nowhere): {secret}. Requests can now sign with the key (pick it under Who calls).")));
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
                (Some("instance"), Some(id), _) => Caller::Instance(id.into()),
                (Some("service"), _, _) => Caller::Service(field(f, "service")),
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
                mfa: field(f, "mfa_signin") == "on" && who.starts_with("user|"),
                duration: &field(f, "duration"),
                session_policy: &field(f, "session_policy"),
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
        "about" => {
            let (name, description) = build::about(text);
            let typed = |k: &str, now: String| f.get(k).cloned().unwrap_or(now);
            let name = typed("title", name);
            build::set_about(text, &name, &typed("description", description)).map(|t| {
                (
                    t,
                    format!(
                        "The scenario is now called \u{201c}{}\u{201d}.",
                        name.trim()
                    ),
                )
            })
        }
        _ => Err("pick what to add".into()),
    }
}

/// The actions a statement form names, for the catalog's warning.
fn actions_named(kind: &str, f: &Fields) -> Vec<String> {
    match kind {
        "permission" | "resource-statement" | "org-policy" => {
            build::split_list(&field(f, "actions"))
        }
        _ => vec![],
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
    // The last message, whether it is good news, and the document it was said of: a
    // change made elsewhere (New, the editor, the world panel) makes it stale, and it
    // goes.
    let message = use_state(|| None::<(bool, String, Rc<str>)>);
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
    // The catalog's actions and condition keys, fetched once a form asks for them.
    let catalog = use_state(|| None::<Rc<crate::data::Completions>>);
    {
        let catalog = catalog.clone();
        let wants = matches!(
            kind.as_str(),
            "permission" | "resource-statement" | "org-policy" | "request"
        );
        use_effect_with(wants, move |wants| {
            if *wants && catalog.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(c) = crate::data::completions().await {
                        catalog.set(Some(c));
                    }
                });
            }
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
            if name == "target" {
                // Another user's boxes start as the document has them.
                f.retain(|k, _| !k.starts_with("group:"));
            }
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
                       list={match name { "action" | "actions" => Some("b-action-list"), "cond_key" => Some("b-key-list"), "principal_value" | "service" => Some("b-service-list"), "managed" => Some("b-policy-list"), "resource" | "resources" => Some("b-arn-list"), _ => None }}
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
    let condition = || {
        let mut ops = vec![(String::new(), "(no condition: always)".to_string())];
        ops.extend(
            build::OPERATORS
                .iter()
                .map(|(o, what)| (o.to_string(), format!("{o}: the key {what}"))),
        );
        html! {
            <fieldset class="b-cond">
                <legend>{ "Only when (optional)" }</legend>
                { select("cond_op", "Condition", ops) }
                if !field(&fields, "cond_op").is_empty() {
                    { text_in("cond_key", "Key", "aws:SourceIp") }
                    { text_in("cond_values", "Values (comma separated)", "203.0.113.0/24") }
                }
            </fieldset>
        }
    };
    let account_checks = |legend: &str| {
        html! {
            <fieldset class="b-groups">
                <legend>{ legend.to_string() }</legend>
                { for names.accounts.iter().map(|a| check(&account_key(a), a)) }
            </fieldset>
        }
    };
    let accounts: Vec<(String, String)> = names
        .accounts
        .iter()
        .cloned()
        .zip(names.account_labels.iter().cloned())
        .collect();
    let acct = {
        let a = field(&fields, "account");
        if a.is_empty() {
            names.accounts.first().cloned().unwrap_or_default()
        } else {
            a
        }
    };
    let policy_options: Vec<String> = {
        let typed = field(&fields, "managed");
        if typed.trim().is_empty() {
            POPULAR.iter().map(|a| a.to_string()).collect()
        } else {
            crate::data::complete_last(&typed.replace(',', " "), &shipped, 40)
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
                    ("principal".into(), "one user or role (by its ARN)".into()),
                    ("service".into(), "an AWS service".into()),
                    ("web".into(), "a web identity (OIDC) provider".into()),
                    ("saml".into(), "a SAML provider".into()),
                ]) }
                { text_in("trusted_value", match field(&fields, "trusted").as_str() {
                    "service" => "Service principal",
                    "web" => "Provider",
                    "saml" => "Provider ARN",
                    "principal" => "User or role ARN",
                    _ => "Trusted account ID",
                }, match field(&fields, "trusted").as_str() {
                    "service" => "ec2.amazonaws.com",
                    "web" => "token.actions.githubusercontent.com",
                    "saml" => "arn:aws:iam::111122223333:saml-provider/MyIdP",
                    "principal" => "arn:aws:iam::111111111111:user/david",
                    _ => "111111111111",
                }) }
                { check("external", "Require an external ID (for a third party)") }
                if field(&fields, "external") == "on" { { text_in("external_id", "External ID", "the ID the third party gave you") } }
                { check("mfa", "Require MFA") }
                { text_in("hours", "Maximum session duration (hours, optional; 1 by default)", "1") }
            </>
        },
        "groups" => {
            let targets = targets(&names, &["users"]);
            let target = field(&fields, "target");
            let mut parts = target.splitn(3, '|');
            let (a, user) = (
                parts.nth(1).unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            // Ticked as the document has it until the learner changes a box.
            let current = build::groups_of(&p.text, a, user);
            let boxes: Vec<Html> = names
                .groups
                .iter()
                .filter(|(ga, _)| ga == a)
                .map(|(_, g)| {
                    let key = group_key(g);
                    let on = match fields.get(&key) {
                        Some(v) => v == "on",
                        None => current.contains(g),
                    };
                    html! {
                        <label class="b-check">
                            <input id={format!("b-{}", key.replace(':', "-"))} type="checkbox" checked={on} onchange={set_field(&key)} />
                            <span>{ g }</span>
                        </label>
                    }
                })
                .collect();
            html! {
                <>
                    { select("target", "User", targets) }
                    if !user.is_empty() {
                        <fieldset class="b-groups">
                            <legend>{ "Member of" }</legend>
                            { for boxes }
                            if !names.groups.iter().any(|(ga, _)| ga == a) { <span class="hint">{ "no groups in this account yet" }</span> }
                        </fieldset>
                    }
                </>
            }
        }
        "role-settings" => {
            let targets = targets(&names, &["roles"]);
            html! {
                <>
                    { select("target", "Role", targets) }
                    { text_in("hours", "Maximum session duration (hours, 1 to 12)", "12") }
                    <p class="hint b-wide">{ "AssumeRole may ask for up to this long with DurationSeconds; a role session that assumes another role (role chaining) gets one hour at most, whatever this says." }</p>
                </>
            }
        }
        "profile" => {
            let roles: Vec<(String, String)> =
                std::iter::once((String::new(), "(pick one)".to_string()))
                    .chain(
                        names
                            .roles
                            .iter()
                            .filter(|(a, _)| *a == acct)
                            .map(|(a, r)| (format!("roles|{a}|{r}"), format!("role {r}"))),
                    )
                    .collect();
            html! {
                <>
                    { select("account", "In account", accounts.clone()) }
                    { text_in("name", "Instance profile name", "WebServer") }
                    { select("target", "Carries the role", roles) }
                    { text_in("instance", "Launch an instance with it (optional instance ID)", "i-0abc1234def567890") }
                    if !field(&fields, "instance").trim().is_empty() { { text_in("region", "Region (optional)", "us-east-1") } }
                </>
            }
        }
        "resource-statement" => {
            let mut sides = vec![(String::new(), "(pick one)".to_string())];
            for (a, arn) in &names.resources {
                let what = if arn.starts_with("arn:aws:kms:") {
                    "key policy"
                } else {
                    "resource policy"
                };
                sides.push((format!("resource|{a}|{arn}"), format!("{arn} ({what})")));
            }
            for (a, r) in &names.roles {
                sides.push((
                    format!("trust|{a}|{r}"),
                    format!("role {r} ({a}): its trust policy"),
                ));
            }
            let mut whos = vec![(String::new(), "(pick one)".to_string())];
            for a in &names.accounts {
                whos.push((
                    format!("account|{a}"),
                    format!("account {a}: any of its principals its own policies allow"),
                ));
            }
            for (a, u) in &names.users {
                whos.push((
                    format!("arn|arn:aws:iam::{a}:user/{u}"),
                    format!("user {u} ({a})"),
                ));
            }
            for (a, r) in &names.roles {
                whos.push((
                    format!("arn|arn:aws:iam::{a}:role/{r}"),
                    format!("role {r} ({a})"),
                ));
            }
            whos.push(("service|".into(), "an AWS service".into()));
            whos.push(("other|".into(), "another account or ARN (type it)".into()));
            whos.push((
                "everyone|".into(),
                "everyone (\"*\"), anonymous callers too".into(),
            ));
            let pick = field(&fields, "principal");
            let trust = field(&fields, "side").starts_with("trust|");
            html! {
                <>
                    { select("side", "In the policy of", sides) }
                    { select("effect", "Effect", vec![("Allow".into(), "Allow".into()), ("Deny".into(), "Deny".into())]) }
                    { select("principal", "Who (Principal)", whos) }
                    if pick.starts_with("service|") { { text_in("principal_value", "Service principal", "cloudtrail.amazonaws.com") } }
                    if pick.starts_with("other|") { { text_in("principal_value", "Account ID or principal ARN", "444455556666") } }
                    { text_in("actions", if trust { "Actions (blank: sts:AssumeRole)" } else { "Actions (comma separated)" }, if trust { "sts:AssumeRole" } else { "s3:GetObject" }) }
                    if !trust { { text_in("resources", "Resources (blank: the resource itself, and a bucket's objects too)", "arn:aws:s3:::productionapp/*") } }
                    { condition() }
                </>
            }
        }
        "org" => {
            if org::has_org(&p.text) {
                let mut parents: Vec<(String, String)> = org::nodes(&p.text)
                    .into_iter()
                    .filter(|n| n.path.first() == Some(&crate::jsonedit::k("organization")))
                    .map(|n| (path_key(&n.path), n.label))
                    .collect();
                parents.truncate(64);
                html! {
                    <>
                        { select("parent", "Under", parents) }
                        { text_in("name", "OU name", "Production") }
                        { account_checks("Move these accounts into it") }
                    </>
                }
            } else {
                html! {
                    <>
                        <p class="hint b-wide">{ "The scenario has no organization yet: create it. Its management account is exempt from SCPs and RCPs; the other accounts you tick become members (placed at the root)." }</p>
                        { select("management", "Management account", accounts.clone()) }
                        { account_checks("Member accounts") }
                    </>
                }
            }
        }
        "org-policy" => {
            if !org::has_org(&p.text) {
                html! { <p class="hint b-wide">{ "SCPs and RCPs belong to an organization: add the organization first (Add: the organization, or an OU)." }</p> }
            } else {
                let mut places = vec![(String::new(), "(do not attach now)".to_string())];
                places.extend(
                    org::nodes(&p.text)
                        .into_iter()
                        .map(|n| (path_key(&n.path), n.label)),
                );
                let rcp = field(&fields, "org_kind") == "rcp";
                html! {
                    <>
                        { select("org_kind", "Kind", vec![
                            ("scp".into(), "SCP: the most the organization's principals may do".into()),
                            ("rcp".into(), "RCP: the most anyone may do to the organization's resources".into()),
                        ]) }
                        { text_in("policy", "Policy name (a new one, or one to add to)", if rcp { "OnlyOrgAccess" } else { "DenyLeavingRegions" }) }
                        { select("attach_to", "Attach it to", places) }
                        { select("effect", "Effect", vec![("Deny".into(), "Deny".into()), ("Allow".into(), "Allow".into())]) }
                        { text_in("actions", "Actions (comma separated)", if rcp { "s3:*" } else { "ec2:*" }) }
                        { text_in("resources", "Resources (comma separated; blank for *)", "*") }
                        { condition() }
                        <p class="hint b-wide">{
                            if rcp { "An RCP's statements apply to everyone (Principal \"*\"); attaching keeps RCPFullAWSAccess, as AWS does." }
                            else { "Attaching keeps FullAWSAccess on that node, as AWS does, so a Deny statement blocks only what it names." }
                        }</p>
                    </>
                }
            }
        }
        "resource" => {
            html! { <>{ select("account", "Owned by account", accounts.clone()) }{ text_in("arn", "ARN", "arn:aws:s3:::productionapp") }</> }
        }
        "about" => {
            html! { <>{ text_in("title", "Name", "Cross-account access") }{ text_in("description", "Description (optional)", "What this scenario shows") }</> }
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
                    { condition() }
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
            let customer = build::customer_policies(&p.text, &target_acct);
            let typed = field(&fields, "managed");
            let is_aws = shipped.iter().any(|m| *m == typed.trim())
                && !customer.iter().any(|c| *c == typed.trim());
            html! {
                <>
                    { select("target", "To", targets) }
                    { text_in("managed", "Policy (a customer managed one, or type to search AWS's)", "ReadOnlyAccess") }
                    { select("as", "As", vec![
                        ("attached".into(), "an attached policy (grants)".into()),
                        ("boundary".into(), "the permissions boundary (caps)".into()),
                        ("detach".into(), "remove it (detach the policy)".into()),
                        ("detach-boundary".into(), "remove the permissions boundary".into()),
                    ]) }
                    <datalist id="b-policy-list">
                        { for customer.iter().map(|c| html! { <option value={c.clone()} label={format!("{c} (customer managed)")} /> }) }
                        { for policy_options.iter().map(|m| html! { <option value={m.clone()} label={format!("{m} (AWS managed)")} /> }) }
                    </datalist>
                    if is_aws {
                        <crate::view::managed::ManagedPolicy name={typed.trim().to_string()}
                            account={(!target_acct.is_empty()).then(|| target_acct.clone())}
                            text={p.text.clone()} on_edit={p.on_edit.clone()} />
                    }
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
                    // Short, to fit a phone's closed select; the hint below says more.
                    format!("role {r}'s session, trust not checked ({a})"),
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
            for (a, i) in &names.instances {
                who.push((
                    format!("instance|{i}"),
                    format!("EC2 instance {i} ({a}), as its profile's role"),
                ));
            }
            for a in &names.accounts {
                who.push((format!("root|{a}"), format!("the root user of {a}")));
            }
            who.push(("service|".into(), "an AWS service".into()));
            who.push(("anonymous".into(), "anyone (unsigned)".into()));
            let caller = field(&fields, "who");
            let action = field(&fields, "action").trim().to_ascii_lowercase();
            let sts_session = action.starts_with("sts:assumerole")
                || action == "sts:getfederationtoken"
                || action == "sts:getsessiontoken";
            let takes_policy =
                action.starts_with("sts:assumerole") || action == "sts:getfederationtoken";
            html! {
                <>
                    { text_in("rname", "Request name", "David assumes UpdateApp") }
                    { select("who", "Who calls", who) }
                    if caller.starts_with("user|") { { check("mfa_signin", "Signed in with MFA") } }
                    if caller.starts_with("role|") {
                        <p class="hint b-wide">{ "The request is made with the role's session credentials, as if the role had already been assumed, so its trust policy is not checked here. An sts:AssumeRole request decides that step: add one, then pick \u{201c}the session made by\u{201d} it here." }</p>
                    }
                    if caller.starts_with("service|") { { text_in("service", "Service principal", "lambda.amazonaws.com") } }
                    { text_in("action", "Action", "sts:AssumeRole") }
                    { text_in("resource", "Resource ARN (* when the action names none)", "arn:aws:iam::999999999999:role/UpdateApp") }
                    if field(&fields, "action").trim().eq_ignore_ascii_case("sts:AssumeRole") {
                        { text_in("session_name", "Role session name", "david") }
                        { text_in("external_id", "External ID (optional)", "") }
                    }
                    if action == "sts:getfederationtoken" { { text_in("session_name", "Federated user name (Name)", "bob") } }
                    if sts_session { { text_in("duration", "Session duration in seconds (optional)", "3600") } }
                    if takes_policy { { text_area("session_policy", "Session policy (optional JSON: it can only narrow the session)", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}") } }
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
    // What the action and key fields offer: the whole catalog, filtered by what is
    // typed (a few common ones before anything is).
    let action_options: Vec<String> = {
        let typed = match kind.as_str() {
            "request" => field(&fields, "action"),
            _ => field(&fields, "actions"),
        };
        match catalog.as_ref() {
            Some(c) if !typed.trim().is_empty() => {
                crate::data::complete_last(&typed, &c.actions, 40)
            }
            _ => COMMON_ACTIONS.iter().map(|a| a.to_string()).collect(),
        }
    };
    let key_options: Vec<String> = {
        let typed = field(&fields, "cond_key");
        match catalog.as_ref() {
            Some(c) if !typed.trim().is_empty() => {
                crate::data::complete_last(&typed, &c.condition_keys, 40)
            }
            _ => build::KEYS.iter().map(|a| a.to_string()).collect(),
        }
    };
    // What the resource fields offer: the scenario's own ARNs (its roles for
    // sts:AssumeRole, its buckets and their objects...), filtered by what is typed.
    let arn_options: Vec<String> = {
        let typed = match kind.as_str() {
            "request" => field(&fields, "resource"),
            _ => field(&fields, "resources"),
        };
        if typed.trim().is_empty() {
            names.arns.clone()
        } else {
            crate::data::complete_last(&typed, &names.arns, 40)
        }
    };
    let on_kind = {
        let kind = kind.clone();
        let message = message.clone();
        let fields = fields.clone();
        let text = p.text.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                // Each form starts from its own defaults, not the last form's values;
                // the scenario's name and description start as the document has them.
                if *kind != s.value() {
                    let mut f = Fields::new();
                    if s.value() == "about" {
                        let (name, description) = build::about(&text);
                        f.insert("title".into(), name);
                        f.insert("description".into(), description);
                    }
                    fields.set(f);
                }
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
        let on_open_policy = p.on_open_policy.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // A write that would leave the document unable to load is refused.
            let applied = apply(&kind, &text, &fields, &names)
                .and_then(|(t, msg)| build::check_loads(&text, &t).map(|_| (t, msg)));
            match applied {
                Ok((t, msg)) => {
                    let mut msg = msg;
                    // A misspelt action is written (the user may know an action newer
                    // than the catalog), with the warning.
                    for w in build::unknown_actions(&actions_named(&kind, &fields)) {
                        msg.push_str(&format!(" Warning: {w}"));
                    }
                    if let Some(next) = next_step(&kind) {
                        msg.push_str(&format!(" {next}"));
                    }
                    message.set(Some((true, msg, Rc::from(t.as_str()))));
                    let written = crate::policies::written(&text, &t);
                    on_edit.emit(t);
                    if *kind == "request" {
                        on_select.emit(field(&fields, "rname").trim().to_string());
                    }
                    // The policy editor follows the form to the policy it wrote.
                    if let Some(id) = written {
                        on_open_policy.emit(id);
                    }
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
                        "instance",
                        "session_policy",
                        "cond_values",
                        "expect",
                        "session_name",
                        "duration",
                    ] {
                        f.remove(k);
                    }
                    f.retain(|k, _| !k.starts_with("group:") && !k.starts_with("acct:"));
                    fields.set(f);
                }
                Err(e) => message.set(Some((false, e, text.clone()))),
            }
        })
    };
    let shown = message
        .as_ref()
        .filter(|(_, _, said_of)| **said_of == *p.text);
    html! {
        <details id="build" class="build" open=true>
            <summary><h2>{ "Build with forms" }</h2><span class="hint">{ " no JSON needed: each form writes into the document" }</span></summary>
            <form {onsubmit} class="b-form" aria-describedby="build-msg">
                <label class="b-field b-kind">
                    <span>{ "Add" }</span>
                    <select id="build-kind" onchange={on_kind} aria-describedby="build-kind-hint">
                        { for KINDS.iter().map(|(group, ks)| html! {
                            <optgroup label={*group}>
                                { for ks.iter().map(|(v, l, _)| html! { <option value={*v} selected={*kind == *v}>{ *l }</option> }) }
                            </optgroup>
                        }) }
                    </select>
                    <span id="build-kind-hint" class="hint">{ kind_hint(&kind) }</span>
                </label>
                { form }
                <datalist id="b-action-list">{ for action_options.iter().map(|a| html! { <option value={a.clone()} /> }) }</datalist>
                <datalist id="b-key-list">{ for key_options.iter().map(|a| html! { <option value={a.clone()} /> }) }</datalist>
                <datalist id="b-arn-list">{ for arn_options.iter().map(|a| html! { <option value={a.clone()} /> }) }</datalist>
                <datalist id="b-service-list">{ for SERVICES.iter().map(|a| html! { <option value={*a} /> }) }</datalist>
                <div class="b-submit"><button id="build-add" type="submit">{ "Add" }</button></div>
                <p id="build-msg" class={classes!("b-msg", shown.map(|(ok, _, _)| if *ok { "ok" } else { "bad" }))} role="status" aria-live="polite">
                    { shown.map(|(_, m, _)| m.clone()).unwrap_or_default() }
                </p>
            </form>
        </details>
    }
}
