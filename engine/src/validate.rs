//! Policy validation in Access Analyzer's four families (ERROR, SECURITY_WARNING,
//! WARNING, SUGGESTION), with codes and locations: a policy's own checks, against its
//! grammar, AWS's rules (`service`) and the action catalog (`catalog`). What needs a
//! scenario (every policy of a world, external access) is `world::validate`.

use crate::diag::{Location, Severity};
use crate::policy::{Effect, Policy, PolicyKind, PrincipalValue, Statement};
use serde::Serialize;
use std::collections::HashMap;

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
    let mut seen: HashMap<String, usize> = HashMap::new();
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
        let mut actions: Option<Option<Vec<crate::catalog::Found<'static>>>> = None;
        for c in &st.conditions {
            let key_lc = c.key_lc.as_str();
            let global =
                crate::catalog::is_global_key(&c.key) || crate::catalog::is_federation_key(&c.key);
            let location = c.values.first().map(|v| v.location).unwrap_or(st.location);
            // With the catalog in force (bundled, or installed in the browser).
            if let Some(catalog) = crate::catalog::current() {
                use crate::catalog::Gap;
                let known =
                    global || !c.key.contains(':') || catalog.condition_key(&c.key).is_some();
                let path = format!("{sp}.Condition.{}.{}", c.operator_text, c.key);
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
                    let actions = actions.get_or_insert_with(|| statement_actions(st));
                    if let Some(msg) = actions.as_deref().and_then(|a| unsupported_key(a, &c.key)) {
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
            let multivalued = MULTIVALUED_GLOBAL.contains(&key_lc) || key_is_array(&c.key);
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

/// The actions a statement's `Action` covers, for judging its service condition keys;
/// `None` when it is not judged: `NotAction`, or a wildcard in a service name.
fn statement_actions(st: &Statement) -> Option<Vec<crate::catalog::Found<'static>>> {
    let catalog = crate::catalog::current()?;
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
    Some(
        st.action
            .patterns
            .iter()
            .flat_map(|p| catalog.expand(&p.text))
            .collect(),
    )
}

/// When no action of the statement supports a service condition key, says so: such
/// a key is never in the request, so the condition never holds as written. `actions`
/// is what `statement_actions` found, worked out once per statement.
fn unsupported_key(actions: &[crate::catalog::Found<'_>], key: &str) -> Option<String> {
    let catalog = crate::catalog::current()?;
    let (prefix, _) = key.split_once(':')?;
    // The services that declare the key: its prefix is not always theirs
    // (`catalog:ChangeType` is the `aws-marketplace` service's).
    let declaring: Vec<&crate::catalog::Service> = catalog.declaring(key).map(|(s, _)| s).collect();
    let same_service: Vec<&crate::catalog::Found<'_>> = actions
        .iter()
        .filter(|f| declaring.iter().any(|s| std::ptr::eq(*s, f.service)))
        .collect();
    if same_service.is_empty() {
        let owner = declaring.first().map_or(prefix, |s| s.prefix.as_str());
        return Some(format!(
            "`{key}` belongs to the `{owner}` service, and the statement has no `{owner}` action, so requests it covers never carry it"
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

fn key_matches_declared(declared: &str, key: &str) -> bool {
    crate::catalog::Catalog::key_matches(declared, key)
}

fn key_is_array(key: &str) -> bool {
    crate::catalog::current()
        .and_then(|c| c.condition_key(key))
        .is_some_and(|k| k.kind.starts_with("ArrayOf"))
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
