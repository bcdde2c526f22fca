//! Questions about a whole scenario: who can do something to a resource (who-can),
//! what a principal can do (principal-can), which resources let outsiders in
//! (Access Analyzer's external access findings), and policy validation checks in
//! Access Analyzer's four families.

use super::doc::RequestDoc;
use super::gather::{account_label, build_case, derive_org_keys, derive_resource_tags, CallerSide};
use super::model::{short_resource, Account, Scenario};
use crate::case::{CaseView, Decision, NamedPolicy};
use crate::context::Context;
use crate::diag::{Location, Severity};
use crate::eval::{evaluate, is_allowed};
use crate::glob::Glob;
use crate::policy::{Effect, Policy, PolicyKind, PrincipalValue, Statement};
use crate::principal::{Caller, CallerSpec};
use crate::values;
use serde::Serialize;
use std::collections::HashSet;
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
    subjects(s)
        .into_iter()
        .map(|sub| {
            let possible = resource_may || sub.kind == "root" || may_allow(&sub.identity, &action_lc);
            let (decision, summary) = if sub.kind == "root" && action_lc.starts_with("sts:assumerole") {
                (
                    Decision::ImplicitDeny,
                    "The root user cannot assume roles (STS API reference, AssumeRole).".into(),
                )
            } else if possible {
                let side = CallerSide {
                    caller: &sub.caller,
                    identity: &sub.identity,
                    boundary: sub.boundary.as_ref(),
                    session_policies: &[],
                    keys: &sub.keys,
                };
                let (case, _) = build_case(s, side, &req, action, resource, s.now, &[]);
                let prepared = case.prepare();
                let o = evaluate(&prepared, true);
                (o.decision, o.trace.map(|t| t.summary).unwrap_or_default())
            } else {
                (
                    Decision::ImplicitDeny,
                    "Implicitly denied: no policy that applies has an Allow statement for this action.".into(),
                )
            };
            WhoCanEntry {
                principal: sub.label,
                kind: sub.kind.into(),
                account: sub.account,
                allowed: decision == Decision::Allow,
                decision,
                summary,
            }
        })
        .collect()
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
            let may = sub.kind == "root" || may_allow(&sub.identity, &action_lc);
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
            sides
                .iter()
                .filter(|(sub, principal, scps, may)| {
                    if (!*may && !resource_may) || (assume && sub.kind == "root") {
                        return false;
                    }
                    let ctx = Context::layered(Some(layer.clone()), Some(principal.clone()));
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
    /// How many candidate actions were tried.
    pub tried: usize,
}

/// What a principal (`user:NAME`, `role:NAME`, `root:ACCOUNT`) may do on the
/// scenario's resources. The actions tried are those its policies and the resource's
/// policy mention for the resource's service, expanded with the action catalog.
pub fn principal_can(s: &Scenario, who: &str) -> Result<Vec<ResourceAccess>, String> {
    let (kind, name) = who
        .split_once(':')
        .ok_or("write the principal as user:NAME, role:NAME or root:ACCOUNT")?;
    let subs = subjects(s);
    let sub = subs
        .iter()
        .find(|x| match (kind, x.kind) {
            ("user", "user") => x.label.ends_with(&format!("/{name}")),
            ("role", "role") => x.label.ends_with(&format!("/{name}")),
            ("root", "root") => x.account.as_deref() == Some(name),
            _ => false,
        })
        .ok_or_else(|| format!("no {kind} `{name}` in the scenario"))?;
    let mut targets: Vec<String> = s
        .accounts
        .iter()
        .flat_map(|a| a.resources.iter().map(|r| r.arn.clone()))
        .collect();
    targets.extend(
        s.accounts
            .iter()
            .flat_map(|a| a.roles.values().map(|r| r.arn.clone())),
    );
    let mut out = Vec::new();
    for resource in targets {
        let service = crate::policy::split_arn(&resource)
            .map(|p| p[1].to_string())
            .unwrap_or_default();
        let target = super::gather::find_target(s, "", &resource);
        let mut patterns: Vec<String> = Vec::new();
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
            if evaluate(&case.prepare(), false).decision == Decision::Allow {
                allowed.push(action.clone());
            }
        }
        out.push(ResourceAccess {
            resource,
            allowed,
            tried: candidates.len(),
        });
    }
    Ok(out)
}

/// Actions of `service` a pattern covers (with the catalog; without it, the literal).
fn expand(pattern: &str, service: &str) -> Vec<String> {
    let svc_of_pattern = pattern.split(':').next().unwrap_or("*");
    let target_service = if service == "iam" { "sts" } else { service };
    if !Glob::new(&svc_of_pattern.to_ascii_lowercase()).is_match(target_service) {
        return Vec::new();
    }
    #[cfg(feature = "bundled-data")]
    {
        let action_part = pattern.split_once(':').map_or("*", |(_, a)| a);
        let narrowed = format!("{target_service}:{action_part}");
        return crate::catalog::Catalog::bundled()
            .expand(&narrowed)
            .into_iter()
            .filter(|f| {
                // For a role, only the assume calls are about the role as a resource.
                target_service != "sts" || f.action.name.starts_with("AssumeRole")
            })
            .map(|f| f.qualified())
            .collect();
    }
    #[allow(unreachable_code)]
    if pattern.contains('*') || pattern.contains('?') {
        Vec::new()
    } else {
        vec![pattern.to_string()]
    }
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

/// Access Analyzer's finding families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Family {
    /// The policy is invalid or will not work.
    Error,
    /// Valid, but grants more than is safe.
    SecurityWarning,
    /// Valid, but against good practice or likely a mistake.
    Warning,
    /// Can be simplified.
    Suggestion,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Error => "ERROR",
            Family::SecurityWarning => "SECURITY_WARNING",
            Family::Warning => "WARNING",
            Family::Suggestion => "SUGGESTION",
        }
    }
}

/// One validation finding, located in the policy (or the scenario) text.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub family: Family,
    /// Such as `PASS_ROLE_WITH_STAR_IN_RESOURCE`.
    pub code: String,
    pub message: String,
    pub location: Location,
    pub path: String,
    /// The policy, when validating a scenario ("AmazonS3ReadOnlyAccess").
    #[serde(skip_serializing_if = "String::is_empty")]
    pub policy: String,
}

/// Reads `identity`, `resource`, `trust`, `key`, `boundary`, `session`, `scp`, `rcp`
/// or `endpoint`.
pub fn policy_kind(name: &str) -> Option<PolicyKind> {
    Some(match name {
        "identity" => PolicyKind::Identity,
        "resource" => PolicyKind::Resource,
        "trust" => PolicyKind::RoleTrust,
        "key" => PolicyKind::KeyPolicy,
        "boundary" => PolicyKind::PermissionsBoundary,
        "session" => PolicyKind::Session,
        "scp" => PolicyKind::Scp,
        "rcp" => PolicyKind::Rcp,
        "endpoint" => PolicyKind::EndpointPolicy,
        _ => return None,
    })
}

/// Validates a policy given as text.
pub fn validate_policy(text: &str, kind: PolicyKind, name: &str) -> Vec<Finding> {
    check_policy(&Policy::parse(text, kind), name)
}

/// Multivalued global keys (the rest of the global keys hold one value).
const MULTIVALUED_GLOBAL: &[&str] = &[
    "aws:tagkeys",
    "aws:principalorgpaths",
    "aws:resourceorgpaths",
    "aws:sourceorgpaths",
    "aws:calledvia",
    "aws:principalservicenameslist",
];

/// Validation checks on a parsed policy.
pub fn check_policy(policy: &Policy, name: &str) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut push =
        |family: Family, code: &str, message: String, location: Location, path: String| {
            out.push(Finding {
                family,
                code: code.to_string(),
                message,
                location,
                path,
                policy: name.to_string(),
            });
        };
    for d in &policy.diagnostics {
        // Access Analyzer's families and codes; the parser's own codes otherwise.
        let (family, code) = match (d.severity, d.code) {
            (_, "duplicate-sid") => (Family::Error, "UNIQUE_SIDS_REQUIRED".to_string()),
            (Severity::Error, c) => (Family::Error, c.replace('-', "_").to_uppercase()),
            (Severity::Warning, c) => (Family::Warning, c.replace('-', "_").to_uppercase()),
        };
        push(family, &code, d.message.clone(), d.location, d.path.clone());
    }
    if policy.has_errors() {
        return out;
    }
    let identity_like = matches!(
        policy.kind,
        PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Session
    );
    let mut seen: Vec<(usize, String)> = Vec::new();
    for st in &policy.statements {
        let sp = format!("Statement[{}]", st.index);
        let allow = st.effect == Effect::Allow;
        if allow && st.action.negated {
            push(Family::SecurityWarning, "ALLOW_WITH_NOT_ACTION", "Allow with NotAction allows every action not listed, including actions AWS adds later; list the allowed actions instead".into(), st.action.location, format!("{sp}.NotAction"));
        }
        if allow && st.resource.as_ref().is_some_and(|r| r.negated) && identity_like {
            push(Family::Warning, "ALLOW_WITH_NOT_RESOURCE", "Allow with NotResource allows every resource not listed, including ones created later".into(), st.location, format!("{sp}.NotResource"));
        }
        let passes_role = !st.action.negated
            && st
                .action
                .patterns
                .iter()
                .any(|p| p.glob.is_match("iam:passrole"));
        let star_resource = st
            .resource
            .as_ref()
            .is_some_and(|r| !r.negated && r.patterns.iter().any(|p| &*p.text == "*"));
        let grants = matches!(policy.kind, PolicyKind::Identity);
        if allow && passes_role && star_resource && grants {
            push(Family::SecurityWarning, "PASS_ROLE_WITH_STAR_IN_RESOURCE", "iam:PassRole on \"*\" lets the holder hand any role, however powerful, to a service; name the roles it may pass".into(), st.location, format!("{sp}.Resource"));
        }
        if let Some(p) = &st.principal {
            let everyone = !p.negated
                && p.entries
                    .iter()
                    .any(|e| e.value == PrincipalValue::Everyone);
            let grants = !matches!(policy.kind, PolicyKind::Rcp | PolicyKind::EndpointPolicy);
            if allow && everyone && st.conditions.is_empty() && grants {
                push(Family::SecurityWarning, "WILDCARD_PRINCIPAL_WITHOUT_CONDITION", "\"Principal\": \"*\" without a condition grants access to everyone, including anonymous callers".into(), p.location, format!("{sp}.Principal"));
            }
        }
        check_actions(st, &sp, &mut push);
        for c in &st.conditions {
            let key_lc = c.key_lc.as_str();
            let global =
                crate::catalog::is_global_key(&c.key) || crate::catalog::is_federation_key(&c.key);
            #[cfg(feature = "bundled-data")]
            let known = global
                || crate::catalog::Catalog::bundled()
                    .condition_key(&c.key)
                    .is_some()
                || !c.key.contains(':');
            #[cfg(not(feature = "bundled-data"))]
            let known = true;
            let location = c.values.first().map(|v| v.location).unwrap_or(st.location);
            if !known {
                let path = format!("{sp}.Condition.{}.{}", c.operator_text, c.key);
                let prefix = c.key.split(':').next().unwrap_or_default();
                #[cfg(feature = "bundled-data")]
                let service_known = crate::catalog::Catalog::bundled().service(prefix).is_some();
                #[cfg(not(feature = "bundled-data"))]
                let service_known = false;
                if prefix.eq_ignore_ascii_case("aws") {
                    push(
                        Family::Error,
                        "INVALID_GLOBAL_CONDITION_KEY",
                        format!(
                            "`{}` is not a global condition key, so requests never carry it",
                            c.key
                        ),
                        location,
                        path,
                    );
                } else if service_known {
                    push(Family::Error, "INVALID_SERVICE_CONDITION_KEY", format!("`{}` is not a condition key of the `{prefix}` service, so requests never carry it", c.key), location, path);
                } else {
                    push(
                        Family::Warning,
                        "UNKNOWN_CONDITION_KEY",
                        format!("`{}` belongs to no service the catalog knows", c.key),
                        location,
                        path,
                    );
                }
            }
            #[cfg(feature = "bundled-data")]
            if known && !global {
                if let Some(msg) = unsupported_key(st, &c.key) {
                    push(
                        Family::Warning,
                        "UNSUPPORTED_CONDITION_KEY",
                        msg,
                        location,
                        format!("{sp}.Condition.{}.{}", c.operator_text, c.key),
                    );
                }
            }
            let multivalued = MULTIVALUED_GLOBAL.contains(&key_lc) || key_is_array(&c.key);
            if c.operator.set == Some(crate::condition::SetOp::ForAllValues)
                && global
                && !multivalued
            {
                push(Family::SecurityWarning, "FORALLVALUES_WITH_SINGLE_VALUED_KEY", format!("ForAllValues with the single-valued key `{}` is true when the key is absent; use the operator without ForAllValues", c.key), location, format!("{sp}.Condition.{}", c.operator_text));
            }
        }
        let fingerprint = statement_fingerprint(st);
        if let Some((first, _)) = seen.iter().find(|(_, f)| *f == fingerprint) {
            push(
                Family::Suggestion,
                "REDUNDANT_STATEMENT",
                format!("this statement repeats statement {} exactly", first + 1),
                st.location,
                sp.clone(),
            );
        } else {
            seen.push((st.index, fingerprint));
        }
    }
    out
}

/// When no action of the statement supports a service condition key, says so: such
/// a key is never in the request, so the condition never holds as written. Statements
/// with `NotAction`, or with a wildcard in a service name, are not judged.
#[cfg(feature = "bundled-data")]
fn unsupported_key(st: &Statement, key: &str) -> Option<String> {
    let catalog = crate::catalog::Catalog::bundled();
    let (prefix, _) = key.split_once(':')?;
    if st.action.negated
        || st.action.patterns.iter().any(|p| {
            p.text
                .split(':')
                .next()
                .is_none_or(|s| s.contains(['*', '?']))
        })
    {
        return None;
    }
    let actions: Vec<crate::catalog::Found<'_>> = st
        .action
        .patterns
        .iter()
        .flat_map(|p| catalog.expand(&p.text))
        .collect();
    let same_service: Vec<&crate::catalog::Found<'_>> = actions
        .iter()
        .filter(|f| f.service.prefix.eq_ignore_ascii_case(prefix))
        .collect();
    if same_service.is_empty() {
        return Some(format!(
            "`{key}` belongs to the `{prefix}` service, and the statement has no `{prefix}` action, so requests it covers never carry it"
        ));
    }
    let supports = |f: &crate::catalog::Found<'_>| {
        f.action
            .condition_keys
            .iter()
            .any(|k| key_matches_declared(k, key))
            || f.action.resource_types.iter().any(|(rt, _)| {
                f.service
                    .resource_types
                    .iter()
                    .filter(|t| t.name == *rt)
                    .any(|t| {
                        t.condition_keys
                            .iter()
                            .any(|k| key_matches_declared(k, key))
                    })
            })
    };
    (!same_service.iter().any(|f| supports(f))).then(|| {
        format!("no action of the statement supports `{key}` (per the service authorization reference), so the condition never sees it")
    })
}

#[cfg(feature = "bundled-data")]
fn key_matches_declared(declared: &str, key: &str) -> bool {
    crate::catalog::Catalog::key_matches(declared, key)
}

#[cfg(feature = "bundled-data")]
fn key_is_array(key: &str) -> bool {
    crate::catalog::Catalog::bundled()
        .condition_key(key)
        .is_some_and(|k| k.kind.starts_with("ArrayOf"))
}

#[cfg(not(feature = "bundled-data"))]
fn key_is_array(_: &str) -> bool {
    false
}

fn check_actions(
    st: &Statement,
    sp: &str,
    push: &mut impl FnMut(Family, &str, String, Location, String),
) {
    let element = if st.action.negated {
        "NotAction"
    } else {
        "Action"
    };
    let patterns: Vec<&str> = st.action.patterns.iter().map(|p| &*p.text).collect();
    for (i, text) in patterns.iter().enumerate() {
        let path = format!("{sp}.{element}[{i}]");
        // An action covered by another listed pattern adds nothing.
        let covered_by = patterns.iter().enumerate().find(|(j, other)| {
            *j != i
                && Glob::new(&other.to_ascii_lowercase()).is_match(&text.to_ascii_lowercase())
                && (!other.eq_ignore_ascii_case(text) || *j < i)
        });
        if let Some((_, other)) = covered_by {
            push(
                Family::Suggestion,
                "REDUNDANT_ACTION",
                format!("`{text}` is already covered by `{other}`"),
                st.action.location,
                path.clone(),
            );
        }
        #[cfg(feature = "bundled-data")]
        {
            if *text == "*" {
                continue;
            }
            let catalog = crate::catalog::Catalog::bundled();
            let Some((svc, _)) = text.split_once(':') else {
                continue;
            };
            if !svc.contains(['*', '?']) && catalog.service(svc).is_none() {
                let help = super::model::did_you_mean(
                    svc,
                    catalog.services.iter().map(|s| s.prefix.as_str()),
                )
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
                push(
                    Family::Error,
                    "INVALID_SERVICE",
                    format!("`{svc}` is not an AWS service prefix{help}"),
                    st.action.location,
                    path.clone(),
                );
            } else if catalog.expand(text).is_empty() {
                let options: Vec<String> = catalog
                    .service(svc)
                    .map(|s| {
                        s.actions
                            .iter()
                            .map(|a| format!("{}:{}", s.prefix, a.name))
                            .collect()
                    })
                    .unwrap_or_default();
                let help = super::model::did_you_mean(text, options.iter().map(String::as_str))
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                push(
                    Family::Error,
                    "INVALID_ACTION",
                    format!("`{text}` matches no action of the service{help}"),
                    st.action.location,
                    path,
                );
            }
        }
    }
}

fn statement_fingerprint(st: &Statement) -> String {
    let mut actions: Vec<String> = st
        .action
        .patterns
        .iter()
        .map(|p| p.text.to_ascii_lowercase())
        .collect();
    actions.sort();
    let mut resources: Vec<String> = st
        .resource
        .iter()
        .flat_map(|r| r.patterns.iter().map(|p| p.text.to_string()))
        .collect();
    resources.sort();
    let principals: Vec<String> = st
        .principal
        .iter()
        .flat_map(|p| p.entries.iter().map(|e| format!("{}={}", e.key, e.text)))
        .collect();
    let conditions: Vec<String> = st
        .conditions
        .iter()
        .map(|c| {
            let vals: Vec<&str> = c.values.iter().map(|v| v.text.as_str()).collect();
            format!("{}|{}|{}", c.operator_text, c.key_lc, vals.join(","))
        })
        .collect();
    format!(
        "{:?}|{}|{:?}|{}|{:?}|{}|{}",
        st.effect,
        st.action.negated,
        actions,
        st.resource.as_ref().is_some_and(|r| r.negated),
        resources,
        principals.join(";"),
        conditions.join(";")
    )
}

/// Every policy of a scenario, each once, with a name that says where it is.
fn scenario_policies(s: &Scenario) -> Vec<(String, Arc<Policy>)> {
    let mut seen: HashSet<*const Policy> = HashSet::new();
    let mut out = Vec::new();
    let mut add = |np: &NamedPolicy| {
        if seen.insert(Arc::as_ptr(&np.policy)) {
            let name = match &np.origin {
                Some(o) => format!("{} ({o})", np.name),
                None => np.name.clone(),
            };
            out.push((name, np.policy.clone()));
        }
    };
    if let Some(org) = &s.org {
        for n in &org.nodes {
            n.scps.iter().chain(&n.rcps).for_each(&mut add);
        }
    }
    for a in &s.accounts {
        a.scps.iter().chain(&a.rcps).for_each(&mut add);
        for u in a.users.values() {
            u.policies.iter().chain(&u.boundary).for_each(&mut add);
        }
        for r in a.roles.values() {
            std::iter::once(&r.trust)
                .chain(&r.policies)
                .chain(&r.boundary)
                .for_each(&mut add);
        }
        for g in a.groups.values() {
            g.policies.iter().for_each(&mut add);
        }
        for r in &a.resources {
            r.policy.iter().for_each(&mut add);
        }
    }
    out
}

/// Validates every policy of a scenario and adds its external access findings.
/// AWS managed policies are not validated (AWS wrote them).
pub fn validate_scenario(s: &Scenario) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, policy) in scenario_policies(s) {
        // AWS wrote its managed policies and the organization's default policies.
        let builtin = [
            super::model::FULL_AWS_ACCESS,
            super::model::RCP_FULL_AWS_ACCESS,
        ]
        .iter()
        .any(|b| name.starts_with(&format!("{b} (")));
        if name.contains("(AWS managed") || builtin {
            continue;
        }
        out.extend(check_policy(&policy, &name));
    }
    for f in external_access(s) {
        out.push(Finding {
            family: Family::SecurityWarning,
            code: match f.kind {
                AccessKind::Public => "EXTERNAL_ACCESS_PUBLIC".into(),
                AccessKind::CrossAccount => "EXTERNAL_ACCESS_CROSS_ACCOUNT".into(),
                AccessKind::Federated => "EXTERNAL_ACCESS_FEDERATED".into(),
            },
            message: f.message.clone(),
            location: f.location,
            path: f.statement.clone(),
            policy: f.policy.clone(),
        });
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    /// Anyone, anonymous callers included.
    Public,
    /// Principals of another AWS account.
    CrossAccount,
    /// Users of an identity provider.
    Federated,
}

/// An Access Analyzer style external access finding.
#[derive(Clone, Debug, Serialize)]
pub struct ExternalAccess {
    pub resource: String,
    pub policy: String,
    pub statement: String,
    pub kind: AccessKind,
    /// The principal as written.
    pub principal: String,
    /// Whether the principal is outside the organization (or there is none).
    pub outside_organization: bool,
    pub actions: Vec<String>,
    /// The conditions that narrow the access, as written.
    pub conditions: Vec<String>,
    pub message: String,
    pub location: Location,
}

/// Condition keys that confine a `*` principal to known accounts or sources.
const CONFINING_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:userid",
];

/// Resources (including roles, through their trust policies) whose policies let
/// principals outside their account in, statement by statement.
pub fn external_access(s: &Scenario) -> Vec<ExternalAccess> {
    let mut out = Vec::new();
    for a in &s.accounts {
        for r in &a.resources {
            if let Some(np) = &r.policy {
                findings_for(s, a, &r.arn, np, &mut out);
            }
        }
        for role in a.roles.values() {
            findings_for(s, a, &role.arn, &role.trust, &mut out);
        }
    }
    out
}

fn findings_for(
    s: &Scenario,
    owner: &Account,
    resource: &str,
    np: &NamedPolicy,
    out: &mut Vec<ExternalAccess>,
) {
    let org = s.org_id(&owner.id).map(str::to_string);
    for st in &np.policy.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        let Some(block) = &st.principal else { continue };
        if block.negated {
            continue;
        }
        let conditions: Vec<String> = st
            .conditions
            .iter()
            .map(|c| {
                let vals: Vec<&str> = c.values.iter().map(|v| v.text.as_str()).collect();
                format!("{} {} {}", c.operator_text, c.key, vals.join(", "))
            })
            .collect();
        // A condition pinning the caller to the owner's account or organization keeps
        // even a `*` principal inside.
        let confined_inside = st.conditions.iter().any(|c| {
            let vals: Vec<&str> = c.values.iter().map(|v| v.text.as_str()).collect();
            matches!(
                c.operator_text.as_str(),
                "StringEquals" | "StringLike" | "ArnEquals" | "ArnLike"
            ) && ((c.key_lc == "aws:principalorgid" || c.key_lc == "aws:sourceorgid")
                && org.as_deref().is_some_and(|o| vals.iter().all(|v| *v == o))
                || (c.key_lc == "aws:principalaccount" || c.key_lc == "aws:sourceaccount")
                    && vals.iter().all(|v| *v == owner.id))
        });
        let confined = st
            .conditions
            .iter()
            .any(|c| CONFINING_KEYS.contains(&c.key_lc.as_str()));
        let label = match &st.sid {
            Some(sid) => format!("Statement[{}] \"{sid}\"", st.index),
            None => format!("Statement[{}]", st.index),
        };
        let actions: Vec<String> = st
            .action
            .patterns
            .iter()
            .map(|p| p.text.to_string())
            .collect();
        for e in &block.entries {
            let (kind, outside_org, who) = match &e.value {
                PrincipalValue::Everyone if confined_inside => continue,
                PrincipalValue::Everyone => (
                    if confined {
                        AccessKind::CrossAccount
                    } else {
                        AccessKind::Public
                    },
                    true,
                    if confined {
                        "any principal meeting the conditions".to_string()
                    } else {
                        "everyone, including anonymous callers".to_string()
                    },
                ),
                PrincipalValue::Account(id) if *id != owner.id => (
                    AccessKind::CrossAccount,
                    org.is_none() || s.org_id(id) != org.as_deref(),
                    format!("account {id}"),
                ),
                PrincipalValue::User { arn }
                | PrincipalValue::Role { arn }
                | PrincipalValue::RoleSession { arn }
                | PrincipalValue::FederatedUser { arn } => {
                    let acct = crate::policy::split_arn(arn)
                        .map(|p| p[3].to_string())
                        .unwrap_or_default();
                    if acct == owner.id {
                        continue;
                    }
                    (
                        AccessKind::CrossAccount,
                        org.is_none() || s.org_id(&acct) != org.as_deref(),
                        arn.clone(),
                    )
                }
                PrincipalValue::Federated(p) => {
                    (AccessKind::Federated, true, format!("users of {p}"))
                }
                _ => continue,
            };
            let conds = if conditions.is_empty() {
                String::new()
            } else {
                format!(" when {}", conditions.join(" and "))
            };
            out.push(ExternalAccess {
                resource: resource.to_string(),
                policy: np.name.clone(),
                statement: label.clone(),
                kind,
                principal: e.text.clone(),
                outside_organization: outside_org,
                actions: actions.clone(),
                conditions: conditions.clone(),
                message: format!(
                    "{} lets {who} call {} on {}{conds}",
                    np.name,
                    actions.join(", "),
                    short_resource(resource)
                ),
                location: block.location,
            });
        }
    }
}

/// The scenario's clock, for reports.
pub fn now_text(s: &Scenario) -> String {
    values::format_date(s.now)
}
