//! Questions about a whole scenario: who can do something to a resource (who-can) and
//! what a principal can do (principal-can). External access findings are in `access`,
//! policy validation in `validate`.

use super::doc::RequestDoc;
use super::gather::{account_label, build_case, derive_org_keys, derive_resource_tags, CallerSide};
use super::model::Scenario;
use crate::case::{CaseView, Decision, NamedPolicy};
use crate::context::Context;
use crate::eval::{evaluate, is_allowed};
use crate::glob::Glob;
use crate::policy::Effect;
use crate::principal::{Caller, CallerSpec};
use crate::values;
use serde::Serialize;
use std::sync::Arc;

/// One principal's answer in a who-can query.
#[derive(Clone, Debug, Serialize)]
pub struct WhoCanEntry {
    pub principal: String,
    /// `user`, `role`, `root` or `anonymous`.
    pub kind: String,
    pub account: Option<String>,
    pub allowed: bool,
    pub decision: Decision,
    /// The rule that decided, in a sentence ("same account: `S3Read` ... allows it").
    pub summary: String,
    /// When the principal is not allowed itself but may assume a role that is (perhaps
    /// through other roles): the roles it assumes, in order ([`who_can_with_roles`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// What the caller must bring for the Allow (or, with `via`, for each assumption of
    /// the chain) to hold: the external ID a role's trust policy asks for, MFA. Empty
    /// when the Allow rests on nothing the caller brings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
}

/// Something the caller must bring to its call for an Allow that rests on it.
///
/// `sts:ExternalId`: AssumeRole carries the key only when the caller passes the
/// `ExternalId` parameter, with the value it passes (IAM User Guide, "Access to AWS
/// accounts owned by third parties"); who-can asks without it, and when a trust policy
/// asks for one, asks again with the value the policy names: the caller must know it.
/// `aws:MultiFactorAuthPresent`: who-can takes a user with an MFA device as signed in
/// with it; when the Allow does not hold without MFA, that is said too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// The context key the condition reads: `sts:ExternalId`,
    /// `aws:MultiFactorAuthPresent` (or `aws:MultiFactorAuthAge`).
    pub key: String,
    /// The value the caller passes (the external ID), or `true` for MFA.
    pub value: String,
    /// The role whose trust policy asks for it, when it is for assuming a role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// In words: "ExternalId `c7a1-customer-42` (the caller must know it)",
    /// "MFA (aws:MultiFactorAuthPresent)".
    pub says: String,
}

impl Requirement {
    fn external_id(value: &str, role: Option<&str>) -> Requirement {
        Requirement {
            key: "sts:ExternalId".into(),
            value: value.to_string(),
            role: role.map(str::to_string),
            says: format!("ExternalId `{value}` (the caller must know it)"),
        }
    }

    fn mfa(key: &str, role: Option<&str>) -> Requirement {
        Requirement {
            key: key.to_string(),
            value: "true".into(),
            role: role.map(str::to_string),
            says: format!("MFA ({key})"),
        }
    }
}

/// How many roles a chain found by [`who_can_with_roles`] may pass through.
const MAX_HOPS: usize = 3;

/// [`who_can`], plus who reaches the resource through roles it may assume: each
/// principal not allowed itself that may call `sts:AssumeRole` on a role that is
/// allowed (or on a role that may assume one, up to three roles) gets the chain in
/// `via` (david → UpdateApp → s3:PutObject). Each assumption is decided as who-can
/// decides it (a session named `analysis`, no session policies or tags).
pub fn who_can_with_roles(s: &Scenario, action: &str, resource: &str) -> Vec<WhoCanEntry> {
    let mut entries = who_can(s, action, resource);
    // Roles that reach the resource, each with the chain from it to the resource and
    // what the chain requires of the caller.
    let mut frontier: Vec<(String, Vec<String>, Vec<Requirement>)> = entries
        .iter()
        .filter(|e| e.allowed && e.kind == "role")
        .map(|e| {
            (
                e.principal.clone(),
                vec![e.principal.clone()],
                e.requires.clone(),
            )
        })
        .collect();
    let mut seen: Vec<String> = frontier.iter().map(|(r, _, _)| r.clone()).collect();
    for _ in 0..MAX_HOPS {
        let mut next = Vec::new();
        for (role, chain, required) in &frontier {
            for e in who_can(s, "sts:AssumeRole", role)
                .into_iter()
                .filter(|e| e.allowed && &e.principal != role)
            {
                // This assumption's requirements, then the rest of the chain's.
                let requires: Vec<Requirement> =
                    e.requires.iter().chain(required).cloned().collect();
                if let Some(entry) = entries.iter_mut().find(|x| x.principal == e.principal) {
                    if !entry.allowed && entry.via.is_empty() {
                        entry.via.clone_from(chain);
                        entry.requires.clone_from(&requires);
                    }
                }
                if e.kind == "role" && !seen.contains(&e.principal) {
                    seen.push(e.principal.clone());
                    let longer: Vec<String> = std::iter::once(e.principal.clone())
                        .chain(chain.iter().cloned())
                        .collect();
                    next.push((e.principal, longer, requires));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    entries
}

/// The external IDs a role's trust policy asks for: the values of its Allow
/// statements' `sts:ExternalId` conditions (not the negated operators), each once.
/// Only `sts:AssumeRole` passes one.
fn external_ids(
    trust: Option<&NamedPolicy>,
    kind: Option<crate::case::ResourcePolicyKind>,
    action_lc: &str,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if action_lc != "sts:assumerole" || kind != Some(crate::case::ResourcePolicyKind::RoleTrust) {
        return out;
    }
    for st in trust
        .iter()
        .flat_map(|t| &t.policy.statements)
        .filter(|st| st.effect == Effect::Allow)
    {
        for c in st
            .conditions
            .iter()
            .filter(|c| c.key_lc == "sts:externalid" && !c.operator.negated)
        {
            for v in &c.values {
                if !out.contains(&v.text) {
                    out.push(v.text.clone());
                }
            }
        }
    }
    out
}

/// The MFA key a trace's conditions read (`aws:MultiFactorAuthPresent` or
/// `aws:MultiFactorAuthAge`, as written), if any.
fn mfa_key(t: &crate::trace::Trace) -> Option<String> {
    t.layers
        .iter()
        .flat_map(|l| &l.policies)
        .flat_map(|p| &p.statements)
        .flat_map(|st| &st.conditions)
        .find(|c| {
            c.key
                .get(..19)
                .is_some_and(|k| k.eq_ignore_ascii_case("aws:MultiFactorAuth"))
        })
        .map(|c| c.key.clone())
}

/// A principal the analysis speaks for, with its side of every case.
struct Subject {
    label: String,
    kind: &'static str,
    account: Option<String>,
    caller: Caller,
    identity: Vec<NamedPolicy>,
    boundary: Option<NamedPolicy>,
    keys: Vec<(String, Vec<String>, bool)>,
}

fn subjects(s: &Scenario) -> Vec<Subject> {
    let mut out = Vec::new();
    for a in &s.accounts {
        if let Ok(caller) = caller(&format!("arn:aws:iam::{}:root", a.id), None, false) {
            out.push(Subject {
                label: format!("root user of {}", account_label(a)),
                kind: "root",
                account: Some(a.id.clone()),
                caller,
                identity: Vec::new(),
                boundary: None,
                keys: vec![(
                    "aws:MultiFactorAuthPresent".into(),
                    vec![a.root_mfa.to_string()],
                    false,
                )],
            });
        }
        for u in a.users.values() {
            let Ok(caller) = caller(&u.arn, None, false) else {
                continue;
            };
            let mut keys = vec![
                ("aws:userid".to_string(), vec![u.id.clone()], false),
                (
                    "aws:MultiFactorAuthPresent".to_string(),
                    vec![u.mfa.to_string()],
                    false,
                ),
            ];
            keys.extend(
                u.tags
                    .iter()
                    .map(|(k, v)| (format!("aws:PrincipalTag/{k}"), vec![v.clone()], false)),
            );
            out.push(Subject {
                label: u.arn.clone(),
                kind: "user",
                account: Some(a.id.clone()),
                caller,
                identity: u.policies.clone(),
                boundary: u.boundary.clone(),
                keys,
            });
        }
        for r in a.roles.values() {
            let session = format!("arn:aws:sts::{}:assumed-role/{}/analysis", a.id, r.name);
            let Ok(caller) = caller(&session, Some(&r.arn), r.service_linked) else {
                continue;
            };
            let mut keys = vec![
                (
                    "aws:userid".to_string(),
                    vec![format!("{}:analysis", r.id)],
                    false,
                ),
                (
                    "aws:MultiFactorAuthPresent".to_string(),
                    vec!["false".into()],
                    false,
                ),
            ];
            keys.extend(
                r.tags
                    .iter()
                    .map(|(k, v)| (format!("aws:PrincipalTag/{k}"), vec![v.clone()], false)),
            );
            out.push(Subject {
                label: r.arn.clone(),
                kind: "role",
                account: Some(a.id.clone()),
                caller,
                identity: r.policies.clone(),
                boundary: r.boundary.clone(),
                keys,
            });
        }
    }
    out.push(Subject {
        label: "anonymous (everyone)".into(),
        kind: "anonymous",
        account: None,
        caller: Caller::anonymous(),
        identity: Vec::new(),
        boundary: None,
        keys: Vec::new(),
    });
    out
}

fn caller(arn: &str, role_arn: Option<&str>, service_linked: bool) -> Result<Caller, String> {
    Caller::from_spec(CallerSpec {
        arn: Some(arn.to_string()),
        role_arn: role_arn.map(str::to_string),
        service_linked,
        ..CallerSpec::default()
    })
}

/// Whether any Allow statement of `policies` names `action` (ignoring resources and
/// conditions): without one, no decision can be Allow, so the case need not run.
fn may_allow(policies: &[NamedPolicy], action_lc: &str) -> bool {
    policies.iter().any(|np| {
        np.policy.statements.iter().any(|st| {
            st.effect == Effect::Allow
                && st
                    .action
                    .patterns
                    .iter()
                    .any(|p| p.glob.is_match(action_lc))
                    != st.action.negated
        })
    })
}

/// Every principal of the scenario (root users, users, role sessions, anonymous), and
/// whether it may call `action` on `resource`, with the rule that decided.
///
/// Users are taken as signed in (MFA when they have a device), roles as a session
/// named `analysis` without session policies; the request carries the scenario's
/// derived context keys only.
pub fn who_can(s: &Scenario, action: &str, resource: &str) -> Vec<WhoCanEntry> {
    let action_lc = action.to_ascii_lowercase();
    let req = RequestDoc {
        name: format!("who can {action}"),
        action: action.to_string(),
        resource: resource.to_string(),
        ..RequestDoc::default()
    };
    let resource_side = super::gather::find_target(s, action, resource);
    let resource_may = resource_side
        .policy
        .is_some_and(|p| may_allow(std::slice::from_ref(p), &action_lc));
    let ids = external_ids(resource_side.policy, resource_side.kind, &action_lc);
    subjects(s)
        .into_iter()
        .map(|sub| {
            // Only a case the engine would surely deny implicitly is skipped: a call
            // that needs no permission, or a policy AWS would refuse (Invalid), is decided.
            let possible = resource_may
                || sub.kind == "root"
                || may_allow(&sub.identity, &action_lc)
                || crate::service::needs_no_permission(&action_lc, sub.caller.kind)
                || sub
                    .identity
                    .iter()
                    .chain(&sub.boundary)
                    .chain(resource_side.policy)
                    .any(|p| p.policy.has_errors());
            let (decision, summary, requires) = if sub.kind == "root" && action_lc.starts_with("sts:assumerole") {
                (
                    Decision::ImplicitDeny,
                    "The root user cannot assume roles (STS API reference, AssumeRole).".into(),
                    Vec::new(),
                )
            } else if possible {
                decide_with_requirements(s, &sub, &req, action, resource, &ids)
            } else {
                (
                    Decision::ImplicitDeny,
                    "Implicitly denied: no policy that applies has an Allow statement for this action.".into(),
                    Vec::new(),
                )
            };
            WhoCanEntry {
                principal: sub.label,
                kind: sub.kind.into(),
                account: sub.account,
                allowed: decision == Decision::Allow,
                decision,
                summary,
                via: Vec::new(),
                requires,
            }
        })
        .collect()
}

/// One subject's decision on a request, with what the caller must bring for it: asked
/// as the subject is taken; when denied and the role's trust policy names external IDs,
/// asked again with each; when allowed and a condition read MFA that the subject was
/// taken to have, asked again without it, and MFA is required if that is not allowed.
fn decide_with_requirements(
    s: &Scenario,
    sub: &Subject,
    req: &RequestDoc,
    action: &str,
    resource: &str,
    ids: &[String],
) -> (Decision, String, Vec<Requirement>) {
    let role = (crate::case::is_trust_action(&action.to_ascii_lowercase())
        && resource.contains(":role/"))
    .then_some(resource);
    let run = |keys: &[(String, Vec<String>, bool)]| {
        let side = CallerSide {
            caller: &sub.caller,
            identity: &sub.identity,
            boundary: sub.boundary.as_ref(),
            session_policies: &[],
            keys,
        };
        let (case, _) = build_case(s, side, req, action, resource, s.now, &[]);
        evaluate(&case.prepare(), true)
    };
    let mut keys = sub.keys.clone();
    let mut requires = Vec::new();
    let mut o = run(&keys);
    if o.decision != Decision::Allow {
        for id in ids {
            let mut with = keys.clone();
            with.push(("sts:ExternalId".into(), vec![id.clone()], false));
            let retry = run(&with);
            if retry.decision == Decision::Allow {
                requires.push(Requirement::external_id(id, role));
                keys = with;
                o = retry;
                break;
            }
        }
    }
    let has_mfa = keys.iter().any(|(k, v, _)| {
        k.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") && v.iter().any(|x| x == "true")
    });
    if o.decision == Decision::Allow && has_mfa {
        if let Some(key) = o.trace.as_ref().and_then(mfa_key) {
            let without: Vec<(String, Vec<String>, bool)> = keys
                .iter()
                .map(|(k, v, m)| {
                    if k.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") {
                        (k.clone(), vec!["false".to_string()], *m)
                    } else {
                        (k.clone(), v.clone(), *m)
                    }
                })
                .collect();
            if run(&without).decision != Decision::Allow {
                requires.push(Requirement::mfa(&key, role));
            }
        }
    }
    let summary = o.trace.map(|t| t.summary).unwrap_or_default();
    (o.decision, summary, requires)
}

/// Who-can for many resources at once, without traces: the count of principals
/// allowed on each resource. This is the fast path the benchmark measures: each
/// principal's side (policies, SCP levels, context keys) and each resource's side
/// (policy, RCP levels, context keys) is gathered once, and every pair is decided on
/// borrowed parts over two shared context layers, allocating almost nothing.
pub fn who_can_many(s: &Scenario, action: &str, resources: &[String]) -> Vec<usize> {
    let action_lc = action.to_ascii_lowercase();
    let assume = action_lc.starts_with("sts:assumerole");
    let management = s.org.as_ref().map(|o| o.management_account.as_str());
    // Each subject with its context layer, its SCP levels, and whether any of its
    // policies could allow the action at all.
    type Side = (Subject, Arc<Context>, Option<Vec<Vec<NamedPolicy>>>, bool);
    let sides: Vec<Side> = subjects(s)
        .into_iter()
        .map(|sub| {
            let layer = Arc::new(principal_layer(s, &sub));
            let scps = sub
                .account
                .as_deref()
                .filter(|_| sub.caller.kind.has_identity())
                .and_then(|a| s.scp_levels(a));
            let may = sub.kind == "root"
                || may_allow(&sub.identity, &action_lc)
                || crate::service::needs_no_permission(&action_lc, sub.caller.kind);
            (sub, layer, scps, may)
        })
        .collect();
    resources
        .iter()
        .map(|resource| {
            let target = super::gather::find_target(s, action, resource);
            let resource_may = target
                .policy
                .is_some_and(|p| may_allow(std::slice::from_ref(p), &action_lc));
            let layer = Arc::new(resource_layer(s, &target, resource));
            let rcps = target.owner.as_deref().and_then(|a| s.rcp_levels(a));
            let kind = target
                .kind
                .unwrap_or_else(|| crate::case::ResourcePolicyKind::infer(action, resource));
            let ids = external_ids(target.policy, target.kind, &action_lc);
            sides
                .iter()
                .filter(|(sub, principal, scps, may)| {
                    if (!*may && !resource_may) || (assume && sub.kind == "root") {
                        return false;
                    }
                    // As `who_can` asks: as the subject is taken, then with each
                    // external ID the trust policy names.
                    let allowed = |external_id: Option<&String>| {
                        let mut ctx =
                            Context::layered(Some(layer.clone()), Some(principal.clone()));
                        if let Some(id) = external_id {
                            ctx.insert("sts:ExternalId", vec![id.clone()], false);
                        }
                        let view = CaseView {
                            principal: &sub.caller,
                            identity_policies: &sub.identity,
                            permissions_boundary: sub.boundary.as_ref(),
                            session_policies: &[],
                            resource_policy: target.policy,
                            resource_policy_kind: Some(kind),
                            resource_account: target.owner.as_deref().or(sub.account.as_deref()),
                            scps: scps.as_deref(),
                            rcps: rcps.as_deref(),
                            endpoint_policy: None,
                            management_account: management,
                            action,
                            resource,
                            context: &ctx,
                        };
                        is_allowed(&view.prepare_ready(&action_lc))
                    };
                    allowed(None) || ids.iter().any(|id| allowed(Some(id)))
                })
                .count()
        })
        .collect()
}

/// The context keys a subject brings to every request: its own keys, the
/// organization keys, the clock, and what `prepare` derives from the caller.
fn principal_layer(s: &Scenario, sub: &Subject) -> Context {
    let mut ctx = Context::default();
    for (k, v, multi) in &sub.keys {
        ctx.derive_values(k, v.clone(), *multi);
    }
    if let Some(a) = &sub.account {
        derive_org_keys(s, &mut ctx, a, "Principal");
    }
    ctx.derive("aws:CurrentTime", values::format_date(s.now));
    ctx.derive("aws:EpochTime", s.now.div_euclid(1_000_000_000).to_string());
    ctx.derive("aws:SecureTransport", "true");
    // What `prepare` would derive from the caller, so that each pair derives nothing.
    let probe = CaseView {
        principal: &sub.caller,
        identity_policies: &[],
        permissions_boundary: None,
        session_policies: &[],
        resource_policy: None,
        resource_policy_kind: None,
        resource_account: Some(""),
        scps: None,
        rcps: None,
        endpoint_policy: None,
        management_account: None,
        action: "",
        resource: "*",
        context: &ctx,
    }
    .prepare();
    let mut full = probe.context;
    full.remove("aws:ResourceAccount");
    full
}

/// The context keys a resource brings to every request.
fn resource_layer(s: &Scenario, target: &super::gather::Target<'_>, resource: &str) -> Context {
    let mut ctx = Context::default();
    if let Some(a) = &target.owner {
        ctx.derive("aws:ResourceAccount", a.as_str());
        derive_org_keys(s, &mut ctx, a, "Resource");
    }
    derive_resource_tags(&mut ctx, target.tags);
    let region = crate::policy::split_arn(resource)
        .map(|p| p[2])
        .filter(|r| !r.is_empty())
        .unwrap_or("us-east-1");
    ctx.derive("aws:RequestedRegion", region);
    ctx
}

/// What one principal may do on one resource.
#[derive(Clone, Debug, Serialize)]
pub struct ResourceAccess {
    pub resource: String,
    /// The actions allowed, as `service:Action`.
    pub allowed: Vec<String>,
    /// How many candidate actions were tried (0: no policy of the principal's or the
    /// resource's names an action on it, so nothing was asked).
    pub tried: usize,
    /// The actions tried and not allowed.
    #[serde(skip)]
    refused: Vec<String>,
    /// The allowed actions that conditions limit, with those conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Limited>,
}

impl ResourceAccess {
    /// The actions tried and not allowed.
    pub fn refused(&self) -> Vec<&str> {
        self.refused.iter().map(String::as_str).collect()
    }
}

/// An allowed action and the conditions it was allowed under: those of the statements
/// that allowed it ("when ..."), and those that kept a Deny from applying ("denied
/// when ...").
#[derive(Clone, Debug, Serialize)]
pub struct Limited {
    pub action: String,
    pub conditions: Vec<String>,
}

/// Finds a principal of the scenario: `user:NAME`, `role:NAME`, `root:ACCOUNT`, an
/// account ID (its root user), or an ARN (`arn:aws:iam::ACCOUNT:user/NAME`, a role's
/// ARN, `arn:aws:iam::ACCOUNT:root`). A name found in two accounts asks for the ARN.
fn find_subject(s: &Scenario, who: &str) -> Result<Subject, String> {
    let subs = subjects(s);
    let by_arn = |arn: &str| -> Option<(&'static str, String)> {
        let [_, service, _, account, res] = crate::policy::split_arn(arn)?;
        if service != "iam" {
            return None;
        }
        if res == "root" {
            return Some(("root", account.to_string()));
        }
        None
    };
    let matches: Vec<Subject> = if who.starts_with("arn:") {
        match by_arn(who) {
            Some((_, account)) => subs
                .into_iter()
                .filter(|x| x.kind == "root" && x.account.as_deref() == Some(&account))
                .collect(),
            None => subs.into_iter().filter(|x| x.label == who).collect(),
        }
    } else if crate::policy::is_account_id(who) {
        subs.into_iter()
            .filter(|x| x.kind == "root" && x.account.as_deref() == Some(who))
            .collect()
    } else {
        let (kind, name) = who
            .split_once(':')
            .ok_or("write the principal as user:NAME, role:NAME, root:ACCOUNT or its ARN")?;
        if !matches!(kind, "user" | "role" | "root") {
            return Err(format!(
                "`{kind}:` is not a kind of principal: write user:NAME, role:NAME, root:ACCOUNT or its ARN"
            ));
        }
        let tail = format!("/{name}");
        subs.into_iter()
            .filter(|x| match (kind, x.kind) {
                ("user", "user") | ("role", "role") => x.label.ends_with(&tail),
                ("root", "root") => x.account.as_deref() == Some(name),
                _ => false,
            })
            .collect()
    };
    let mut matches = matches;
    match matches.len() {
        0 => Err(format!("no principal `{who}` in the scenario")),
        1 => matches.pop().ok_or_else(String::new),
        _ => {
            let arns: Vec<String> = matches.iter().map(|m| format!("`{}`", m.label)).collect();
            Err(format!(
                "`{who}` names {} principals: {}; give the ARN",
                matches.len(),
                arns.join(", ")
            ))
        }
    }
}

/// The conditions a decided Allow depended on: those of the Allow statements that
/// applied, and those that kept a matching Deny statement from applying.
fn limiting_conditions(t: &crate::trace::Trace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in &t.layers {
        for p in &l.policies {
            for st in &p.statements {
                let said = |c: &crate::condition::ConditionTrace| {
                    format!("{} {} {}", c.operator, c.key, c.policy_values.join(", "))
                };
                let line = match st.effect {
                    Effect::Allow if st.applies && !st.conditions.is_empty() => {
                        let cs: Vec<String> = st.conditions.iter().map(said).collect();
                        format!("when {} ({})", cs.join(" and "), p.name)
                    }
                    // A Deny whose action, resource and principal matched, kept off by
                    // a condition that did not hold.
                    Effect::Deny
                        if !st.applies
                            && st.stopped_at.is_none()
                            && st.conditions.iter().any(|c| !c.matched) =>
                    {
                        let cs: Vec<String> = st.conditions.iter().map(said).collect();
                        format!("denied when {} ({})", cs.join(" and "), p.name)
                    }
                    _ => continue,
                };
                if !out.contains(&line) {
                    out.push(line);
                }
            }
        }
    }
    out
}

/// What a principal (`user:NAME`, `role:NAME`, `root:ACCOUNT`, an account ID or an
/// ARN) may do on the scenario's resources. The actions tried are those its policies
/// and the resource's policy mention for the resource's service, expanded with the
/// action catalog; for a root user, whose permissions no policy lists, every action of
/// the resource's service.
pub fn principal_can(s: &Scenario, who: &str) -> Result<Vec<ResourceAccess>, String> {
    let sub = find_subject(s, who)?;
    let sub = &sub;
    let mut out = Vec::new();
    for resource in scenario_resources(s) {
        let service = crate::policy::split_arn(&resource)
            .map(|p| p[1].to_string())
            .unwrap_or_default();
        let target = super::gather::find_target(s, "", &resource);
        let mut patterns: Vec<String> = Vec::new();
        if sub.kind == "root" {
            patterns.push(format!("{service}:*"));
        }
        for np in sub.identity.iter().chain(target.policy) {
            for st in &np.policy.statements {
                if st.effect == Effect::Allow && !st.action.negated {
                    patterns.extend(st.action.patterns.iter().map(|p| p.text.to_string()));
                }
            }
        }
        if service == "iam" {
            patterns.push("sts:AssumeRole".into());
        }
        let mut candidates: Vec<String> = Vec::new();
        for p in &patterns {
            for a in expand(p, &service) {
                if !candidates.iter().any(|c| c.eq_ignore_ascii_case(&a)) {
                    candidates.push(a);
                }
            }
        }
        candidates.sort();
        let mut allowed = Vec::new();
        let mut conditions = Vec::new();
        let mut refused = Vec::new();
        let candidates: Vec<(String, String)> = candidates
            .into_iter()
            .filter_map(|a| sample_arn(&resource, &a).map(|arn| (a, arn)))
            .collect();
        for (action, arn) in &candidates {
            let arn = arn.clone();
            let req = RequestDoc {
                name: format!("{} {action}", sub.label),
                action: action.clone(),
                resource: arn.clone(),
                ..RequestDoc::default()
            };
            let side = CallerSide {
                caller: &sub.caller,
                identity: &sub.identity,
                boundary: sub.boundary.as_ref(),
                session_policies: &[],
                keys: &sub.keys,
            };
            let (case, _) = build_case(s, side, &req, action, &arn, s.now, &[]);
            let prepared = case.prepare();
            if evaluate(&prepared, false).decision != Decision::Allow {
                refused.push(action.clone());
            } else {
                allowed.push(action.clone());
                // Traced only when allowed: what the Allow depended on.
                if let Some(t) = evaluate(&prepared, true).trace {
                    let limits = limiting_conditions(&t);
                    if !limits.is_empty() {
                        conditions.push(Limited {
                            action: action.clone(),
                            conditions: limits,
                        });
                    }
                }
            }
        }
        out.push(ResourceAccess {
            resource,
            allowed,
            tried: candidates.len(),
            refused,
            conditions,
        });
    }
    Ok(out)
}

/// The scenario's resources: those its accounts list, then its roles (resources
/// through their trust policies).
pub fn scenario_resources(s: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = s
        .accounts
        .iter()
        .flat_map(|a| a.resources.iter().map(|r| r.arn.clone()))
        .collect();
    out.extend(
        s.accounts
            .iter()
            .flat_map(|a| a.roles.values().map(|r| r.arn.clone())),
    );
    out
}

/// What to ask who-can about when no resource is named: each resource of the scenario
/// the action acts on, by the catalog's resource types (an object action on a bucket
/// asks about an object in it, `BUCKET/example-object`); for an action that names no
/// resource type (`s3:ListAllMyBuckets`), `*`, which then stands for each caller's own
/// account. Empty when the action acts on resources and the scenario has none of them,
/// or when the catalog does not know the action.
pub fn resources_for(s: &Scenario, action: &str) -> Vec<String> {
    let fitting: Vec<String> = scenario_resources(s)
        .iter()
        .filter_map(|r| sample_arn(r, action))
        .collect();
    if !fitting.is_empty() {
        return fitting;
    }
    let names_none = crate::catalog::current()
        .and_then(|c| c.action(action))
        .is_some_and(|f| f.action.resource_types.is_empty());
    if names_none {
        vec!["*".to_string()]
    } else {
        Vec::new()
    }
}

/// Actions a pattern covers that may act on a resource of `service` (with the
/// catalog; without it, the literal). For a role (`iam`), its IAM actions and the STS
/// calls that assume it (the role is their resource through its trust policy).
fn expand(pattern: &str, service: &str) -> Vec<String> {
    let svc_of_pattern = Glob::new(
        &pattern
            .split(':')
            .next()
            .unwrap_or("*")
            .to_ascii_lowercase(),
    );
    let services: &[&str] = if service == "iam" {
        &["iam", "sts"]
    } else {
        std::slice::from_ref(&service)
    };
    let mut out = Vec::new();
    for target_service in services.iter().filter(|s| svc_of_pattern.is_match(s)) {
        #[cfg(feature = "bundled-data")]
        {
            let action_part = pattern.split_once(':').map_or("*", |(_, a)| a);
            let narrowed = format!("{target_service}:{action_part}");
            out.extend(
                crate::catalog::Catalog::bundled()
                    .expand(&narrowed)
                    .into_iter()
                    .filter(|f| {
                        // Of STS, only the assume calls are about the role as a resource.
                        *target_service != "sts" || f.action.name.starts_with("AssumeRole")
                    })
                    .map(|f| f.qualified()),
            );
        }
        #[cfg(not(feature = "bundled-data"))]
        if !pattern.contains(['*', '?']) {
            let _ = target_service;
            out.push(pattern.to_string());
        }
    }
    out
}

/// The ARN to try an action on, or `None` when the action does not act on this kind
/// of resource (its resource types' ARN templates, from the catalog, decide; an S3
/// bucket stands for its objects too, tried as `bucket/example-object`).
fn sample_arn(resource: &str, action: &str) -> Option<String> {
    #[cfg(feature = "bundled-data")]
    {
        let catalog = crate::catalog::Catalog::bundled();
        let found = catalog.action(action)?;
        let mut tries = vec![resource.to_string()];
        if resource.starts_with("arn:aws:s3:::") && !resource.contains('/') {
            tries.push(format!("{resource}/example-object"));
        }
        for arn in tries {
            let fits = found.action.resource_types.iter().any(|(rt, _)| {
                found
                    .service
                    .resource_types
                    .iter()
                    .find(|t| t.name == *rt)
                    .is_some_and(|t| template_glob(&t.arn).is_match(&arn))
            });
            if fits {
                return Some(arn);
            }
        }
        None
    }
    #[cfg(not(feature = "bundled-data"))]
    {
        let _ = action;
        Some(resource.to_string())
    }
}

/// An ARN template such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}` as a
/// pattern: every placeholder becomes `*`.
#[cfg(feature = "bundled-data")]
fn template_glob(template: &str) -> crate::glob::ArnGlob {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let name_end = rest
            .get(at..)
            .and_then(|r| r.find('}'))
            .map_or(rest.len(), |e| at + e + 1);
        let name = rest.get(at..name_end).unwrap_or("");
        out.push_str(if name == "${Partition}" { "aws" } else { "*" });
        rest = rest.get(name_end..).unwrap_or("");
    }
    out.push_str(rest);
    crate::glob::ArnGlob::new(&out)
}
