//! Policy validation in Access Analyzer's four families (ERROR, SECURITY_WARNING,
//! WARNING, SUGGESTION), with codes and locations: a policy's own checks, against its
//! grammar, AWS's rules (`service`) and the action catalog (`catalog`). What needs a
//! scenario (every policy of a world, external access) is `world::validate`.

use crate::diag::{Location, Severity};
use crate::policy::{Effect, Policy, PolicyKind, PrincipalValue, Statement};
use serde::Serialize;
use std::collections::HashMap;

mod arn;
mod conditions;
mod keys;
mod principals;

/// The JSON path of a condition's key: `Statement[0].Condition.StringEquals.aws:userid`.
fn condition_path(sp: &str, c: &crate::condition::Condition) -> String {
    format!("{sp}.Condition.{}.{}", c.operator_text, c.key)
}

/// Reports a finding about a condition's key, located at its first value.
fn at_key(
    c: &crate::condition::Condition,
    sp: &str,
    (family, code): (Family, &str),
    message: String,
    push: &mut Push<'_>,
) {
    if let Some(v) = c.values.first() {
        push(family, code, message, v.location, condition_path(sp, c));
    }
}

/// Where the checks report a finding: family, code, message, location, JSON path.
type Push<'a> = dyn FnMut(Family, &str, String, Location, String) + 'a;

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

/// Validates a policy given as text: its checks, and its size against the quota of its
/// kind.
pub fn validate_policy(text: &str, kind: PolicyKind, name: &str) -> Vec<Finding> {
    let policy = Policy::parse(text, kind);
    let mut out = check_policy(&policy, name);
    out.extend(check_size(text, &policy, name));
    out
}

/// The largest identity-based (managed) policy IAM stores, not counting white space
/// (IAM User Guide, "IAM and AWS STS quotas": 6,144 characters).
const IDENTITY_POLICY_QUOTA: usize = 6_144;

/// The largest SCP, every character counted (Organizations User Guide, "Quotas":
/// 5,120 characters).
const SCP_QUOTA: usize = 5_120;

/// A policy over its kind's size quota: an identity-based policy or boundary over
/// 6,144 characters without white space (a warning: AWS's own managed policies may be
/// larger), an SCP over 5,120 characters (an error: Organizations refuses it).
pub fn check_size(text: &str, policy: &Policy, name: &str) -> Option<Finding> {
    let (family, code, size, quota, how) = match policy.kind {
        PolicyKind::Identity | PolicyKind::PermissionsBoundary => (
            Family::Warning,
            "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
            text.chars().filter(|c| !c.is_whitespace()).count(),
            IDENTITY_POLICY_QUOTA,
            "characters, not counting white space,",
        ),
        PolicyKind::Scp => (
            Family::Error,
            "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
            text.chars().count(),
            SCP_QUOTA,
            "characters, white space included,",
        ),
        _ => return None,
    };
    (size > quota).then(|| Finding {
        family,
        code: code.into(),
        message: format!(
            "the policy has {size} {how} over the {quota} a {} may have: split it into several policies",
            policy.kind.label()
        ),
        location: policy.location,
        path: String::new(),
        policy: name.to_string(),
    })
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
            // IAM refuses such a Sid (the evaluator still reads the policy: see
            // docs/VALIDATION.md).
            (_, "unsupported-sid") => (Family::Error, "UNSUPPORTED_SID".to_string()),
            // Stored by AWS, and without effect: Access Analyzer's suggestions.
            (_, "empty-sid") => (Family::Suggestion, "EMPTY_SID_VALUE".to_string()),
            (
                _,
                code @ ("empty-object-condition"
                | "empty-object-principal"
                | "empty-array-principal"),
            ) => (Family::Suggestion, code.replace('-', "_").to_uppercase()),
            // Stored by AWS, but it grants everyone not listed, anonymous callers included.
            (_, "notprincipal-with-allow") => (
                Family::SecurityWarning,
                "ALLOW_WITH_NOT_PRINCIPAL".to_string(),
            ),
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
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut formats = HashMap::new();
    for st in &policy.statements {
        let sp = format!("Statement[{}]", st.index);
        let allow = st.effect == Effect::Allow;
        if allow && st.action.negated {
            push(Family::SecurityWarning, "ALLOW_WITH_NOT_ACTION", "Allow with NotAction allows every action not listed, including actions AWS adds later; list the allowed actions instead".into(), st.action.location, format!("{sp}.NotAction"));
        }
        if allow && st.resource.as_ref().is_some_and(|r| r.negated) && identity_like {
            push(Family::Warning, "ALLOW_WITH_NOT_RESOURCE", "Allow with NotResource allows every resource not listed, including ones created later".into(), st.location, format!("{sp}.NotResource"));
        }
        if allow && matches!(policy.kind, PolicyKind::Identity) {
            broad_grants(st, &sp, &mut push);
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
        principals::check(policy.kind, st, &sp, &mut push);
        check_actions(st, &sp, policy.kind, &mut push);
        if let Some(r) = &st.resource {
            let element = format!(
                "{sp}.{}",
                if r.negated { "NotResource" } else { "Resource" }
            );
            arn::check(r, &element, &mut formats, &mut push);
            arn::redundant(r, &element, &mut push);
        }
        conditions::paired_keys(st, &sp, &mut push);
        let mut actions: Option<Option<Vec<crate::catalog::Found<'static>>>> = None;
        for c in &st.conditions {
            let key_lc = c.key_lc.as_str();
            let global =
                crate::catalog::is_global_key(&c.key) || crate::catalog::is_federation_key(&c.key);
            let location = c.values.first().map(|v| v.location).unwrap_or(st.location);
            // With the catalog in force (bundled, or installed in the browser).
            if let Some(catalog) = crate::catalog::current() {
                use crate::catalog::Gap;
                // `aws:ARN` is reported as unsupported (conditions.rs), not as unknown.
                let known = global
                    || !c.key.contains(':')
                    || key_lc == "aws:arn"
                    || catalog.condition_key(&c.key).is_some();
                let path = condition_path(&sp, c);
                if !known {
                    let prefix = c.key.split(':').next().unwrap_or_default();
                    if catalog.used_by_aws(Gap::ConditionKey, &c.key) {
                        push(
                            Family::Warning,
                            "CONDITION_KEY_NOT_IN_CATALOG",
                            format!(
                                "`{}` is not in the catalog ({}), but AWS's own managed policies use it: a key of a retired service, a newer one, or one AWS does not document",
                                c.key,
                                catalog_as_of(catalog)
                            ),
                            location,
                            path,
                        );
                    } else if prefix.eq_ignore_ascii_case("aws") {
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
                    } else if catalog.knows_key_prefix(prefix) {
                        push(Family::Error, "INVALID_SERVICE_CONDITION_KEY", format!("`{}` is not a condition key of the `{prefix}` service, so requests never carry it", c.key), location, path);
                    } else {
                        push(
                            Family::Warning,
                            "UNKNOWN_CONDITION_KEY",
                            format!(
                                "`{}` belongs to no service the catalog ({}) knows",
                                c.key,
                                catalog_as_of(catalog)
                            ),
                            location,
                            path,
                        );
                    }
                } else if !global {
                    let actions = actions.get_or_insert_with(|| keys::statement_actions(st));
                    if let Some(msg) = actions
                        .as_deref()
                        .and_then(|a| keys::unsupported_key(a, &c.key))
                    {
                        push(
                            Family::Warning,
                            "UNSUPPORTED_CONDITION_KEY",
                            msg,
                            location,
                            path,
                        );
                    }
                }
            }
            let multivalued = MULTIVALUED_GLOBAL.contains(&key_lc) || keys::key_is_array(&c.key);
            // A missing qualifier is judged on the global keys the IAM User Guide calls
            // multivalued: the catalog types some service keys `ArrayOf...` that AWS's
            // own policies test with plain operators (`events:detail-type`).
            conditions::check(c, &sp, MULTIVALUED_GLOBAL.contains(&key_lc), &mut push);
            if crate::catalog::current().is_some() || st.action.negated {
                let actions = actions.get_or_insert_with(|| keys::statement_actions(st));
                keys::tag_key(st, c, &sp, actions.as_deref(), &mut push);
            }
            if c.operator.set == Some(crate::condition::SetOp::ForAllValues)
                && global
                && !multivalued
            {
                push(Family::SecurityWarning, "FORALLVALUES_WITH_SINGLE_VALUED_KEY", format!("ForAllValues with the single-valued key `{}` is true when the key is absent; use the operator without ForAllValues", c.key), location, format!("{sp}.Condition.{}", c.operator_text));
            }
        }
        match seen.entry(statement_fingerprint(st)) {
            std::collections::hash_map::Entry::Occupied(first) => push(
                Family::Suggestion,
                "REDUNDANT_STATEMENT",
                format!(
                    "this statement repeats statement {} exactly",
                    first.get() + 1
                ),
                st.location,
                sp.clone(),
            ),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(st.index);
            }
        }
    }
    out
}

/// At most this many pattern pairs are compared per statement for REDUNDANT_ACTION (a
/// suggestion): a hostile policy with thousands of wildcards in one service stays fast.
const MAX_COVER_TESTS: usize = 1 << 17;

/// At most this many did-you-means are worked out per statement (each compares the
/// name with every action of its service).
const MAX_SUGGESTIONS: usize = 32;

/// The service part of a lowercase action pattern (`s3` for `s3:get*`).
fn service_part(action: &str) -> Option<&str> {
    action.split_once(':').map(|(s, _)| s)
}

/// An Allow that lets the holder pass any role to a service (`iam:PassRole`) or create
/// any service-linked role (`iam:CreateServiceLinkedRole`): on `"*"`, with
/// `NotResource`, or through `NotAction`.
fn broad_grants(st: &Statement, sp: &str, push: &mut Push<'_>) {
    let Some(r) = &st.resource else {
        return;
    };
    let star = !r.negated && r.patterns.iter().any(|p| &*p.text == "*");
    let not_action = st.action.negated;
    let element = if r.negated { "NotResource" } else { "Resource" };
    // A condition naming the service (what Access Analyzer recommends) answers the
    // finding: AWS's own managed policies grant both on "*" with it.
    let names_service = |key: &str| {
        st.conditions
            .iter()
            .any(|c| c.key_lc == key && !c.operator.negated)
    };
    for (action, prefix, family, what, service_key) in [
        (
            "iam:passrole",
            "PASS_ROLE",
            Family::SecurityWarning,
            "lets the holder hand any role, however powerful, to a service; name the roles it may pass (or add an iam:PassedToService condition)",
            "iam:passedtoservice",
        ),
        (
            "iam:createservicelinkedrole",
            "CREATE_SLR",
            Family::Warning,
            "lets the holder create service-linked roles for any service; name the roles' ARNs in `Resource` (or add an iam:AWSServiceName condition)",
            "iam:awsservicename",
        ),
    ] {
        let granted = if not_action {
            !st.action.patterns.iter().any(|p| p.glob.is_match(action))
        } else {
            st.action.patterns.iter().any(|p| p.glob.is_match(action))
        };
        if !granted || !(star || r.negated) || names_service(service_key) {
            continue;
        }
        let (code, how) = match (not_action, r.negated) {
            (false, false) => ("WITH_STAR_IN_RESOURCE", "on \"*\""),
            (false, true) => ("WITH_NOT_RESOURCE", "with `NotResource`"),
            (true, false) => (
                "WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
                "through `NotAction`, on \"*\",",
            ),
            (true, true) => (
                "WITH_NOT_ACTION_AND_NOT_RESOURCE",
                "through `NotAction`, with `NotResource`,",
            ),
        };
        let name = if action == "iam:passrole" {
            "iam:PassRole"
        } else {
            "iam:CreateServiceLinkedRole"
        };
        push(
            family,
            &format!("{prefix}_{code}"),
            format!("{name} {how} {what}"),
            st.location,
            format!("{sp}.{element}"),
        );
    }
}

fn check_actions(st: &Statement, sp: &str, kind: PolicyKind, push: &mut Push<'_>) {
    let element = if st.action.negated {
        "NotAction"
    } else {
        "Action"
    };
    let patterns = &st.action.patterns;
    let lc: Vec<String> = patterns
        .iter()
        .map(|p| p.text.to_ascii_lowercase())
        .collect();
    // Where a pattern can be covered from: an earlier equal literal (a hash lookup),
    // or a wildcard pattern of the same service or with a wildcard service. A literal
    // service part only matches text that starts with that service and a colon.
    let mut first_literal: HashMap<&str, usize> = HashMap::new();
    let mut wild_by_service: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut wild_any: Vec<usize> = Vec::new();
    for (j, (p, text)) in patterns.iter().zip(&lc).enumerate() {
        if p.glob.is_literal() {
            first_literal.entry(text.as_str()).or_insert(j);
        } else {
            match service_part(text) {
                Some(s) if !s.contains(['*', '?']) => wild_by_service.entry(s).or_default().push(j),
                _ => wild_any.push(j),
            }
        }
    }
    let mut budget = MAX_COVER_TESTS;
    let mut suggestions = MAX_SUGGESTIONS;
    for (i, (p, text_lc)) in patterns.iter().zip(&lc).enumerate() {
        let text = &*p.text;
        // Formatted only for a finding: most patterns have none.
        let path = || format!("{sp}.{element}[{i}]");
        // An action covered by another listed pattern adds nothing.
        let mut covered_by = first_literal
            .get(text_lc.as_str())
            .filter(|&&j| j < i)
            .copied();
        if covered_by.is_none() && budget > 0 {
            let same = service_part(text_lc)
                .and_then(|s| wild_by_service.get(s))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut first = |list: &[usize]| {
                list.iter().copied().find(|&j| {
                    budget = budget.saturating_sub(1);
                    budget > 0
                        && j != i
                        && patterns.get(j).is_some_and(|q| q.glob.is_match(text_lc))
                        && (lc.get(j) != Some(text_lc) || j < i)
                })
            };
            covered_by = match (first(same), first(&wild_any)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        if let Some(other) = covered_by.and_then(|j| patterns.get(j)) {
            push(
                Family::Suggestion,
                "REDUNDANT_ACTION",
                format!("`{text}` is already covered by `{}`", other.text),
                p.location,
                path(),
            );
        }
        if let Some(catalog) = crate::catalog::current() {
            use crate::catalog::Gap;
            if text == "*" {
                continue;
            }
            let Some((svc, _)) = text.split_once(':') else {
                continue;
            };
            if kind == PolicyKind::Rcp && catalog.service(svc).is_some_and(|s| !s.rcp) {
                push(
                    Family::Error,
                    "UNSUPPORTED_ACTION_IN_POLICY",
                    format!("resource control policies do not apply to the `{svc}` service, so `{text}` has no effect here: remove it (RCPs cover only the services AWS Organizations lists for them, such as s3, sts, kms, sqs and secretsmanager)"),
                    p.location,
                    path(),
                );
            }
            let mut suggest = |wanted: &str, options: &mut dyn Iterator<Item = &str>| {
                if suggestions == 0 {
                    return String::new();
                }
                suggestions -= 1;
                crate::reqcheck::did_you_mean(wanted, options)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default()
            };
            if !svc.contains(['*', '?']) && catalog.service(svc).is_none() {
                if catalog.used_by_aws(Gap::Service, svc) {
                    push(
                        Family::Warning,
                        "SERVICE_NOT_IN_CATALOG",
                        format!(
                            "`{svc}` is not in the catalog ({}), but AWS's own managed policies use it: a retired service, or one newer than the catalog",
                            catalog_as_of(catalog)
                        ),
                        p.location,
                        path(),
                    );
                } else {
                    let help =
                        suggest(svc, &mut catalog.services.iter().map(|s| s.prefix.as_str()));
                    push(
                        Family::Error,
                        "INVALID_SERVICE",
                        format!("`{svc}` is not an AWS service prefix{help}"),
                        p.location,
                        path(),
                    );
                }
            } else if !catalog.covers_any(text) {
                if catalog.used_by_aws(Gap::Action, text) {
                    push(
                        Family::Warning,
                        "ACTION_NOT_IN_CATALOG",
                        format!(
                            "`{text}` matches no action in the catalog ({}), but AWS's own managed policies use it: a retired action, or one newer than the catalog",
                            catalog_as_of(catalog)
                        ),
                        p.location,
                        path(),
                    );
                } else {
                    let service = catalog.service(svc);
                    let options: Vec<String> = service
                        .map(|s| {
                            s.actions
                                .iter()
                                .map(|a| format!("{}:{}", s.prefix, a.name))
                                .collect()
                        })
                        .unwrap_or_default();
                    let help = suggest(text, &mut options.iter().map(String::as_str));
                    push(
                        Family::Error,
                        "INVALID_ACTION",
                        format!("`{text}` matches no action of the service{help}"),
                        p.location,
                        path(),
                    );
                }
            }
        }
    }
}

/// "the Service Authorization Reference as of 2026-09-26", from the catalog's source.
fn catalog_as_of(catalog: &crate::catalog::Catalog) -> String {
    match catalog.date() {
        Some(date) => format!("the Service Authorization Reference as of {date}"),
        None => format!(
            "the Service Authorization Reference from {}",
            catalog.source()
        ),
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
