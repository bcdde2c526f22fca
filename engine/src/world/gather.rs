//! Gathering a case from the world: the resource a request names, the caller's and
//! the resource's sides, and every derived context key.

use super::doc::RequestDoc;
use super::model::{short_resource, Account, Scenario};
use crate::case::{Case, NamedPolicy, Request, ResourcePolicyKind};
use crate::context::Context;
use crate::policy::{split_arn, Policy, PolicyKind};
use crate::principal::Caller;
use crate::values;
use indexmap::IndexMap;
use std::sync::Arc;

const SECOND: i128 = 1_000_000_000;

/// The caller's half of a case, borrowed from an actor (or built for analysis).
pub(crate) struct CallerSide<'a> {
    pub caller: &'a Caller,
    pub identity: &'a [NamedPolicy],
    pub boundary: Option<&'a NamedPolicy>,
    pub session_policies: &'a [NamedPolicy],
    pub keys: &'a [(String, Vec<String>, bool)],
}

/// The resource a request names, as the scenario knows it.
pub(crate) struct Target<'a> {
    pub owner: Option<String>,
    pub policy: Option<&'a NamedPolicy>,
    pub tags: Option<&'a IndexMap<String, String>>,
    pub kind: Option<ResourcePolicyKind>,
    pub note: Option<String>,
}

pub(crate) fn find_target<'a>(s: &'a Scenario, action: &str, resource: &str) -> Target<'a> {
    let action_lc = action.to_ascii_lowercase();
    let parts = split_arn(resource);
    if let Some([_, "iam", _, account, res]) = parts {
        if let (Some(role_name), true) = (
            res.strip_prefix("role/"),
            crate::case::is_trust_action(&action_lc),
        ) {
            let name = role_name.rsplit('/').next().unwrap_or(role_name);
            if let Some(role) = s.account(account).and_then(|a| a.roles.get(name)) {
                return Target {
                    owner: Some(account.to_string()),
                    policy: Some(&role.trust),
                    tags: Some(&role.tags),
                    kind: Some(ResourcePolicyKind::RoleTrust),
                    note: None,
                };
            }
        }
    }
    if let Some([_, "iam", _, account, res]) = parts {
        let acct = s.account(account);
        let name = res.rsplit('/').next().unwrap_or(res);
        let tags = match res.split('/').next() {
            Some("user") => acct.and_then(|a| a.users.get(name)).map(|u| &u.tags),
            Some("role") => acct.and_then(|a| a.roles.get(name)).map(|r| &r.tags),
            _ => None,
        };
        let known = tags.is_some()
            || (res.starts_with("group/") && acct.is_some_and(|a| a.groups.contains_key(name)));
        if known {
            return Target {
                owner: Some(account.to_string()),
                policy: None,
                tags,
                kind: Some(ResourcePolicyKind::Resource),
                note: None,
            };
        }
    }
    let exact = s.resource(resource);
    let bucket = || {
        let b = resource.split('/').next().unwrap_or(resource);
        s.resource(b)
            .filter(|_| resource.starts_with("arn:aws:s3:::") && b != resource)
    };
    if let Some((a, r)) = exact.or_else(bucket) {
        let kind = if r.arn.starts_with("arn:aws:kms:") {
            Some(ResourcePolicyKind::KeyPolicy)
        } else {
            None
        };
        let note = (r.arn != resource).then(|| {
            format!(
                "the object is in bucket {}, so the bucket's policy and owner apply",
                short_resource(&r.arn)
            )
        });
        return Target {
            owner: Some(a.id.clone()),
            policy: r.policy.as_ref(),
            tags: Some(&r.tags),
            kind,
            note,
        };
    }
    match parts {
        // `aws` (an AWS managed policy's ARN) is no account: read in the caller's.
        Some([_, svc, _, account, _]) if !account.is_empty() && account != "aws" => Target {
            owner: Some(account.to_string()),
            policy: None,
            tags: None,
            kind: (svc == "kms").then_some(ResourcePolicyKind::KeyPolicy),
            note: Some(format!("`{resource}` is not described in the scenario: it has no resource-based policy or tags here")),
        },
        Some([_, "s3", ..]) => Target {
            owner: None,
            policy: None,
            tags: None,
            kind: None,
            note: Some("the bucket is not described in the scenario, so its owner is unknown: it is taken to be in the caller's account".into()),
        },
        _ => Target {
            owner: None,
            policy: None,
            tags: None,
            kind: None,
            note: None,
        },
    }
}

/// The case `side` calling `action` on `resource` at time `at` is: the resource's
/// policy and owner, the SCP and RCP levels, and every derived context key (`extra`
/// holds the call's own keys, such as STS parameters). Also returns notes about how the
/// resource was found.
pub(crate) fn build_case(
    s: &Scenario,
    side: CallerSide<'_>,
    req: &RequestDoc,
    action: &str,
    resource: &str,
    at: i128,
    extra: &[(String, Vec<String>, bool)],
) -> (Case, Vec<String>) {
    let target = find_target(s, action, resource);
    let mut notes = Vec::new();
    if let Some(n) = &target.note {
        notes.push(n.clone());
    }
    let mut ctx = Context::default();
    for (k, v) in &req.context {
        let (values, multi) = match v {
            serde_json::Value::Array(items) => (items.iter().map(json_text).collect(), true),
            other => (vec![json_text(other)], false),
        };
        ctx.insert(k, values, multi);
    }
    // Keys from the call's own parameters (STS tags, external ID...) are part of the
    // request; keys about the caller are derived.
    for (k, v, multi) in extra {
        if ctx.get(k).is_none() {
            ctx.insert(k, v.clone(), *multi);
        }
    }
    for (k, v, multi) in side.keys {
        ctx.derive_values(k, v.clone(), *multi);
    }
    ctx.derive("aws:CurrentTime", values::format_date(at));
    ctx.derive("aws:EpochTime", at.div_euclid(SECOND).to_string());
    ctx.derive("aws:SecureTransport", "true");
    let region = split_arn(resource)
        .map(|p| p[2])
        .filter(|r| !r.is_empty())
        .unwrap_or("us-east-1");
    ctx.derive("aws:RequestedRegion", region);
    let caller_account = side.caller.account.clone();
    if let Some(a) = &caller_account {
        derive_org_keys(s, &mut ctx, a, "Principal");
    }
    let resource_account = target.owner.clone().or_else(|| caller_account.clone());
    if let Some(a) = &resource_account {
        derive_org_keys(s, &mut ctx, a, "Resource");
    }
    derive_resource_tags(&mut ctx, target.tags);
    let endpoint_policy = req.vpc_endpoint_policy.as_ref().map(|d| {
        let text = match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        NamedPolicy {
            name: "VPC endpoint policy".into(),
            origin: None,
            policy: Arc::new(Policy::parse(&text, PolicyKind::EndpointPolicy)),
        }
    });
    let governed = side.caller.kind.has_identity();
    let case = Case {
        name: req.name.clone(),
        principal: side.caller.clone(),
        identity_policies: side.identity.to_vec(),
        permissions_boundary: side.boundary.cloned(),
        session_policies: side.session_policies.to_vec(),
        resource_policy: target.policy.cloned(),
        resource_policy_kind: target.kind,
        resource_account: resource_account.clone(),
        scps: if governed {
            caller_account.as_deref().and_then(|a| s.scp_levels(a))
        } else {
            None
        },
        rcps: resource_account.as_deref().and_then(|a| s.rcp_levels(a)),
        endpoint_policy,
        management_account: s.org.as_ref().map(|o| o.management_account.clone()),
        request: Request {
            action: action.to_string(),
            resource: resource.to_string(),
            context: ctx,
        },
        expected: None,
    };
    (case, notes)
}

/// Derives `aws:{side}OrgID` and `aws:{side}OrgPaths` (side: `Principal` or
/// `Resource`) for an account in the organization, and, for resources, its tags.
pub(crate) fn derive_org_keys(s: &Scenario, ctx: &mut Context, account: &str, side: &str) {
    if let Some(org) = s.org_id(account) {
        ctx.derive(&format!("aws:{side}OrgID"), org);
    }
    if let Some(path) = s.org_path(account) {
        ctx.derive_values(&format!("aws:{side}OrgPaths"), vec![path], true);
    }
}

/// Derives `aws:ResourceTag/KEY` for each of a resource's tags.
pub(crate) fn derive_resource_tags(ctx: &mut Context, tags: Option<&IndexMap<String, String>>) {
    for (k, v) in tags.into_iter().flatten() {
        ctx.derive(&format!("aws:ResourceTag/{k}"), v.clone());
    }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(crate) fn account_label(a: &Account) -> String {
    match &a.alias {
        Some(alias) => format!("{alias}, {}", a.id),
        None => a.id.clone(),
    }
}
