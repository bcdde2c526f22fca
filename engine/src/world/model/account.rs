//! One account of a scenario, read: its users, groups, roles, access keys, instance
//! profiles, instances, identity providers and resources, with every managed policy
//! reference resolved and IDs and ARNs made up where the document leaves them out.

use super::*;

fn iam_path(path: &Option<String>) -> String {
    match path.as_deref() {
        None | Some("") | Some("/") => "/".into(),
        Some(p) => {
            let mut p = p.to_string();
            if !p.starts_with('/') {
                p.insert(0, '/');
            }
            if !p.ends_with('/') {
                p.push('/');
            }
            p
        }
    }
}

/// Looks up a managed policy reference: a customer managed policy of the account (by
/// name or ARN), or an AWS managed policy shipped with the engine.
fn managed_ref(
    l: &mut Loader<'_>,
    p: &Path,
    name: &str,
    account: &str,
    customer: &IndexMap<String, Arc<Policy>>,
) -> Option<(String, String, Arc<Policy>)> {
    let own_prefix = format!("arn:aws:iam::{account}:policy/");
    let local = name
        .strip_prefix(&own_prefix)
        .map(|rest| rest.rsplit('/').next().unwrap_or(rest))
        .unwrap_or(name);
    if let Some(policy) = customer.get(local) {
        return Some((local.to_string(), "customer managed".into(), policy.clone()));
    }
    if name.starts_with("arn:aws:iam::") && !name.starts_with("arn:aws:iam::aws:") {
        l.error(p, "foreign-policy", format!("`{name}` is not a customer managed policy of account {account}: a policy can only be attached in its own account"), None);
        return None;
    }
    let bare = name.rsplit('/').next().unwrap_or(name);
    // Looked up only where it matters (an ARN, or a name not shipped): a scenario is
    // loaded on every keystroke in the playground.
    let listed = || crate::managed::all_names().iter().find(|(n, _)| n == bare);
    // An ARN must be the policy's own, path included: AWS knows
    // `arn:aws:iam::aws:policy/service-role/X` only when X is under service-role/.
    let wrong_path = if name.starts_with("arn:") {
        listed().filter(|(_, arn)| name != arn)
    } else {
        None
    };
    if let Some((_, arn)) = wrong_path {
        l.error(
            p,
            "unknown-policy",
            format!("`{name}` is not the ARN of the AWS managed policy `{bare}`"),
            Some(format!("its ARN is `{arn}` (or write its name, `{bare}`)")),
        );
        return None;
    }
    if let Some(m) = crate::managed::find(name) {
        let policy = Arc::new(Policy::parse(&m.document, PolicyKind::Identity));
        return Some((m.name.clone(), "AWS managed".into(), policy));
    }
    if listed().is_some() {
        l.error(p, "managed-policy-not-shipped", format!("the AWS managed policy `{bare}` exists, but its document is not shipped with the playground"), Some("copy its document into `policies` as a customer managed policy".into()));
        return None;
    }
    // Every AWS managed policy's name where the list is known (a name in the wrong case
    // is then told apart from one that does not exist), else those shipped.
    let shipped = crate::managed::shipped_names();
    let mut options: Vec<&str> = customer.keys().map(String::as_str).collect();
    options.extend(shipped.iter().map(String::as_str));
    options.extend(crate::managed::all_names().iter().map(|(n, _)| n.as_str()));
    let help = did_you_mean(name, options);
    l.error(p, "unknown-policy", format!("no customer managed policy of account {account} and no shipped AWS managed policy is called `{name}`"), help);
    None
}

#[allow(clippy::too_many_arguments)]
pub(super) fn build_account(
    l: &mut Loader<'_>,
    id: &str,
    a: &crate::world::doc::AccountDoc,
    ap: &Path,
    org_node: Option<usize>,
    scps: Vec<NamedPolicy>,
    rcps: Vec<NamedPolicy>,
) -> Account {
    let mut customer: IndexMap<String, Arc<Policy>> = IndexMap::new();
    for (name, m) in &a.policies {
        let policy = l.policy(
            &ap.key("policies").key(name).key("document"),
            &m.document,
            PolicyKind::Identity,
        );
        customer.insert(name.clone(), policy);
    }
    let boundary =
        |l: &mut Loader<'_>, p: &Path, r: &Option<String>, whose: &str| -> Option<NamedPolicy> {
            let r = r.as_ref()?;
            let (name, kind, policy) = managed_ref(l, p, r, id, &customer)?;
            // A boundary is an identity policy used as a limit: read it as one.
            let policy = Arc::new(Policy {
                kind: PolicyKind::PermissionsBoundary,
                ..(*policy).clone()
            });
            Some(NamedPolicy {
                name,
                origin: Some(format!("{kind}, the permissions boundary of {whose}")),
                policy,
            })
        };
    let attached = |l: &mut Loader<'_>,
                    p: &Path,
                    refs: &[String],
                    inline: &IndexMap<String, PolicyDoc>,
                    whose: &str|
     -> Vec<NamedPolicy> {
        let mut out = Vec::new();
        for (name, d) in inline {
            let policy = l.policy(&p.key("inline").key(name), d, PolicyKind::Identity);
            out.push(NamedPolicy {
                name: name.clone(),
                origin: Some(format!("inline policy of {whose}")),
                policy,
            });
        }
        for (i, r) in refs.iter().enumerate() {
            if let Some((name, kind, policy)) =
                managed_ref(l, &p.key("policies").idx(i), r, id, &customer)
            {
                out.push(NamedPolicy {
                    name,
                    origin: Some(format!("{kind}, attached to {whose}")),
                    policy,
                });
            }
        }
        out
    };

    let mut groups = IndexMap::new();
    for (name, g) in &a.groups {
        let gp = ap.key("groups").key(name);
        let policies = attached(l, &gp, &g.policies, &g.inline, &format!("group {name}"));
        groups.insert(
            name.clone(),
            Group {
                name: name.clone(),
                arn: format!("arn:aws:iam::{id}:group{}{name}", iam_path(&g.path)),
                policies,
            },
        );
    }

    let mut users = IndexMap::new();
    for (name, u) in &a.users {
        let up = ap.key("users").key(name);
        let mut policies = attached(l, &up, &u.policies, &u.inline, &format!("user {name}"));
        for (i, g) in u.groups.iter().enumerate() {
            match groups.get(g) {
                Some(group) => policies.extend(group.policies.iter().cloned()),
                None => {
                    let help = did_you_mean(g, a.groups.keys().map(String::as_str));
                    l.error(
                        &up.key("groups").idx(i),
                        "unknown-group",
                        format!("account {id} has no group `{g}`"),
                        help,
                    );
                }
            }
        }
        let boundary = boundary(
            l,
            &up.key("permissions_boundary"),
            &u.permissions_boundary,
            &format!("user {name}"),
        );
        let access_keys = u
            .access_keys
            .iter()
            .enumerate()
            .map(|(i, k)| access_key(l, &up.key("access_keys").idx(i), k))
            .collect();
        let arn = format!("arn:aws:iam::{id}:user{}{name}", iam_path(&u.path));
        users.insert(
            name.clone(),
            User {
                name: name.clone(),
                id: u.id.clone().unwrap_or_else(|| unique_id("AIDA", &arn)),
                arn,
                groups: u.groups.clone(),
                policies,
                boundary,
                tags: u.tags.clone(),
                mfa: u.mfa,
                access_keys,
            },
        );
    }

    let mut roles = IndexMap::new();
    for (name, r) in &a.roles {
        let rp = ap.key("roles").key(name);
        let policies = attached(l, &rp, &r.policies, &r.inline, &format!("role {name}"));
        let boundary = boundary(
            l,
            &rp.key("permissions_boundary"),
            &r.permissions_boundary,
            &format!("role {name}"),
        );
        let trust = l.policy(&rp.key("trust"), &r.trust, PolicyKind::RoleTrust);
        let max = r.max_session_duration.unwrap_or(3600);
        if !(3600..=43200).contains(&max) {
            l.error(
                &rp.key("max_session_duration"),
                "invalid-duration",
                format!(
                    "{max} seconds is outside AWS's range for a role's maximum session duration"
                ),
                Some("use 3600 (1 hour) to 43200 (12 hours)".into()),
            );
        }
        let arn = format!("arn:aws:iam::{id}:role{}{name}", iam_path(&r.path));
        roles.insert(
            name.clone(),
            Role {
                name: name.clone(),
                id: r.id.clone().unwrap_or_else(|| unique_id("AROA", &arn)),
                arn,
                trust: NamedPolicy {
                    name: format!("trust policy of role {name}"),
                    origin: None,
                    policy: trust,
                },
                policies,
                boundary,
                tags: r.tags.clone(),
                max_session_duration: max,
                service_linked: r.service_linked,
            },
        );
    }

    let mut instance_profiles = IndexMap::new();
    for (name, ip) in &a.instance_profiles {
        if !a.roles.contains_key(&ip.role) {
            let help = did_you_mean(&ip.role, a.roles.keys().map(String::as_str));
            l.error(
                &ap.key("instance_profiles").key(name).key("role"),
                "unknown-role",
                format!("account {id} has no role `{}`", ip.role),
                help,
            );
        }
        instance_profiles.insert(name.clone(), ip.role.clone());
    }
    let mut instances = IndexMap::new();
    for (iid, inst) in &a.instances {
        let ipath = ap.key("instances").key(iid);
        let role = match instance_profiles.get(&inst.profile) {
            Some(r) => r.clone(),
            None => {
                let help = did_you_mean(
                    &inst.profile,
                    a.instance_profiles.keys().map(String::as_str),
                );
                l.error(
                    &ipath.key("profile"),
                    "unknown-instance-profile",
                    format!("account {id} has no instance profile `{}`", inst.profile),
                    help,
                );
                String::new()
            }
        };
        let region = inst.region.clone().unwrap_or_else(|| "us-east-1".into());
        instances.insert(
            iid.clone(),
            Instance {
                id: iid.clone(),
                arn: format!("arn:aws:ec2:{region}:{id}:instance/{iid}"),
                profile: inst.profile.clone(),
                role,
                region,
                vpc: inst.vpc.clone(),
            },
        );
    }
    let mut identity_providers = IndexMap::new();
    for (name, idp) in &a.identity_providers {
        let arn = match idp.kind {
            ProviderType::Oidc => format!("arn:aws:iam::{id}:oidc-provider/{name}"),
            ProviderType::Saml => format!("arn:aws:iam::{id}:saml-provider/{name}"),
        };
        identity_providers.insert(
            name.clone(),
            IdentityProvider {
                name: name.clone(),
                arn,
                kind: idp.kind,
                audiences: idp.audiences.clone(),
            },
        );
    }
    let mut resources = Vec::new();
    for (i, r) in a.resources.iter().enumerate() {
        let rp = ap.key("resources").idx(i);
        let Some([_, service, _, acct, res]) = split_arn(&r.arn) else {
            l.error(
                &rp.key("arn"),
                "invalid-arn",
                format!("`{}` is not an ARN", r.arn),
                None,
            );
            continue;
        };
        if !acct.is_empty() && acct != id {
            l.error(
                &rp.key("arn"),
                "wrong-account",
                format!(
                    "`{}` belongs to account {acct}, not {id}: list it under its own account",
                    r.arn
                ),
                None,
            );
        }
        if service == "iam" && res.starts_with("role/") {
            l.error(
                &rp.key("arn"),
                "role-as-resource",
                "roles are described under `roles` (their trust policy is their resource policy)"
                    .into(),
                None,
            );
        }
        let kind = if service == "kms" {
            PolicyKind::KeyPolicy
        } else {
            PolicyKind::Resource
        };
        let policy = r.policy.as_ref().map(|d| {
            let policy = l.policy(&rp.key("policy"), d, kind);
            NamedPolicy {
                name: format!(
                    "{} of {}",
                    resource_policy_word(service),
                    short_resource(&r.arn)
                ),
                origin: None,
                policy,
            }
        });
        resources.push(Resource {
            arn: r.arn.clone(),
            policy,
            tags: r.tags.clone(),
        });
    }

    Account {
        id: id.to_string(),
        alias: a.alias.clone(),
        org_node,
        scps,
        rcps,
        root_mfa: a.root_mfa,
        policies: customer.clone(),
        users,
        groups,
        roles,
        instance_profiles,
        instances,
        identity_providers,
        resources,
    }
}

fn access_key(l: &mut Loader<'_>, p: &Path, k: &AccessKeyDoc) -> AccessKey {
    if !(k.id.starts_with("AKIA") || k.id.starts_with("ASIA")) || k.id.len() < 16 {
        l.warn(
            p,
            "odd-access-key-id",
            format!(
                "`{}` does not look like an access key ID (AKIA followed by 16 characters)",
                k.id
            ),
        );
    }
    let mut time = |field: &str, v: &Option<String>| -> Option<i128> {
        let t = v.as_ref()?;
        match values::date(t) {
            Ok(n) => Some(n),
            Err(e) => {
                l.error(&p.key(field), "invalid-date", e, None);
                None
            }
        }
    };
    AccessKey {
        id: k.id.clone(),
        status: k.status,
        created: time("created", &k.created),
        expires: time("expires", &k.expires),
    }
}

fn resource_policy_word(service: &str) -> &'static str {
    match service {
        "s3" => "bucket policy",
        "kms" => "key policy",
        "sqs" => "queue policy",
        "sns" => "topic policy",
        "lambda" => "function policy",
        "secretsmanager" => "secret policy",
        _ => "resource policy",
    }
}

/// The readable end of an ARN: `reports` for a bucket, `key/1234` for a key.
pub fn short_resource(arn: &str) -> String {
    match split_arn(arn) {
        Some([_, _, _, _, res]) if !res.is_empty() => res.to_string(),
        _ => arn.to_string(),
    }
}
