//! Policy validation in Access Analyzer's four families (ERROR, SECURITY_WARNING,
//! WARNING, SUGGESTION), with codes and locations, for one policy or every policy of a
//! scenario (plus the scenario's external access findings).

use super::access::{external_access, AccessKind};
use super::model::Scenario;
use crate::case::NamedPolicy;
use crate::diag::{Location, Severity};
use crate::glob::Glob;
use crate::policy::{Effect, Policy, PolicyKind, PrincipalValue, Statement};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

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
