//! Principal checks of resource-based and role trust policies: a service principal
//! without a condition on the resource it acts for, an OIDC provider (GitHub's above
//! all) without a condition on its token, an AssumeRole action no listed principal can
//! call, a federation key no listed provider sends, a principal listed twice.

use super::{Family, Push};
use crate::catalog;
use crate::policy::{Effect, PolicyKind, PrincipalEntry, PrincipalValue, Statement};
use std::collections::HashSet;

/// What an identity provider named in `Federated` is: a SAML provider, or an OIDC
/// provider with the prefix of its condition keys (`token.actions.githubusercontent.com`
/// for `arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`,
/// `cognito-identity.amazonaws.com` as written).
enum Provider<'a> {
    Saml,
    Oidc(&'a str),
}

fn provider(text: &str) -> Provider<'_> {
    if text.contains(":saml-provider/") {
        return Provider::Saml;
    }
    match text.split_once(":oidc-provider/") {
        Some((_, host)) => Provider::Oidc(host),
        None => Provider::Oidc(text),
    }
}

const GITHUB: &str = "token.actions.githubusercontent.com";

/// Condition keys that tie a service principal to the resource or account it acts for.
const SOURCE_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

pub(super) fn check(kind: PolicyKind, st: &Statement, sp: &str, push: &mut Push<'_>) {
    let Some(block) = &st.principal else {
        return;
    };
    if block.negated {
        return;
    }
    let path = |e: &PrincipalEntry| format!("{sp}.Principal.{}", e.key);
    let allow = st.effect == Effect::Allow;
    let positive_keys = || {
        st.conditions
            .iter()
            .filter(|c| !c.operator.negated)
            .map(|c| c.key_lc.as_str())
    };
    if allow && matches!(kind, PolicyKind::Resource | PolicyKind::KeyPolicy) {
        let restricted = positive_keys().any(|k| SOURCE_KEYS.contains(&k));
        let service = block
            .entries
            .iter()
            .find(|e| matches!(e.value, PrincipalValue::Service(_)));
        if let (false, Some(e)) = (restricted, service) {
            push(
                Family::SecurityWarning,
                "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
                format!("`{}` can use this grant on behalf of any account's resources (the confused deputy problem): add a condition on `aws:SourceArn` or `aws:SourceAccount` naming your own", e.text),
                e.location,
                path(e),
            );
        }
    }
    if kind != PolicyKind::RoleTrust {
        return;
    }
    if allow {
        for e in &block.entries {
            let PrincipalValue::Federated(text) = &e.value else {
                continue;
            };
            let Provider::Oidc(host) = provider(text) else {
                continue;
            };
            let host_lc = host.to_ascii_lowercase();
            let claim = |name: &str| format!("{host_lc}:{name}");
            if host_lc == GITHUB || host_lc.starts_with(&format!("{GITHUB}/")) {
                let sub = claim("sub");
                // A positive test of `sub` that names a repository (not just `*`).
                let names_repo = st.conditions.iter().any(|c| {
                    c.key_lc == sub
                        && !c.operator.negated
                        && c.values.iter().all(|v| {
                            let t = v.text.trim_start_matches("repo:");
                            !t.is_empty() && !t.starts_with('*')
                        })
                });
                if !names_repo {
                    push(
                        Family::SecurityWarning,
                        "MISSING_GITHUB_REPO_CONDITION_KEY",
                        format!("any GitHub Actions workflow, in any repository, can assume this role: add a condition on `{host}:sub` naming your repository, such as \"repo:my-org/my-repo:ref:refs/heads/main\""),
                        e.location,
                        path(e),
                    );
                }
                continue;
            }
            // Amazon Cognito: the audience (the identity pool) is what restricts it.
            let needed: Vec<String> = if host_lc == "cognito-identity.amazonaws.com" {
                vec![claim("aud")]
            } else {
                vec![claim("aud"), claim("sub"), claim("azp"), claim("oaud")]
            };
            if !positive_keys().any(|k| needed.iter().any(|n| n == k)) {
                push(
                    Family::SecurityWarning,
                    "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
                    format!("anyone with a token from `{host}` can assume this role, whatever application or user it was issued for: add a condition on `{host}:aud` (the audience) or `{host}:sub` (the subject)"),
                    e.location,
                    path(e),
                );
            }
        }
    }
    mismatched_actions(st, sp, push);
    undefined_conditions(st, sp, push);
    let mut seen: HashSet<String> = HashSet::new();
    for e in &block.entries {
        let id = match &e.value {
            PrincipalValue::Account(a) => format!("account {a}"),
            other => format!("{}={}", e.key, principal_text(other, &e.text)),
        };
        if !seen.insert(id) {
            push(
                Family::Suggestion,
                "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
                format!(
                    "`{}` names a principal this statement already lists: remove it",
                    e.text
                ),
                e.location,
                path(e),
            );
        }
    }
}

fn principal_text<'a>(v: &'a PrincipalValue, text: &'a str) -> &'a str {
    match v {
        PrincipalValue::Service(s) | PrincipalValue::Federated(s) => s,
        _ => text,
    }
}

/// `sts:AssumeRole`, `...WithSAML` and `...WithWebIdentity` each serve one kind of
/// principal: an action none of the statement's principals can call.
fn mismatched_actions(st: &Statement, sp: &str, push: &mut Push<'_>) {
    let Some(block) = &st.principal else {
        return;
    };
    if st.action.negated {
        return;
    }
    let everyone = block
        .entries
        .iter()
        .any(|e| e.value == PrincipalValue::Everyone);
    let has = |want: &dyn Fn(&PrincipalValue) -> bool| {
        everyone || block.entries.iter().any(|e| want(&e.value))
    };
    for (i, p) in st.action.patterns.iter().enumerate() {
        let (fits, who) = match p.text.to_ascii_lowercase().as_str() {
            "sts:assumerole" => (
                has(&|v| !matches!(v, PrincipalValue::Federated(_))),
                "an AWS account, user, role or service (`AWS` or `Service`)",
            ),
            "sts:assumerolewithsaml" => (
                has(&|v| matches!(v, PrincipalValue::Federated(t) if matches!(provider(t), Provider::Saml))),
                "a SAML provider (`Federated`: arn:aws:iam::ACCOUNT:saml-provider/NAME)",
            ),
            "sts:assumerolewithwebidentity" => (
                has(&|v| matches!(v, PrincipalValue::Federated(t) if matches!(provider(t), Provider::Oidc(_)))),
                "an OIDC provider (`Federated`: an oidc-provider ARN, or a provider such as cognito-identity.amazonaws.com)",
            ),
            _ => continue,
        };
        if !fits {
            let element = "Action";
            push(
                Family::Warning,
                "MISMATCHED_ACTION_FOR_PRINCIPAL",
                format!("`{}` is called only by {who}, and the statement names none, so it never applies: change the action or the principal", p.text),
                p.location,
                if st.action.patterns.len() > 1 {
                    format!("{sp}.{element}[{i}]")
                } else {
                    format!("{sp}.{element}")
                },
            );
        }
    }
}

/// A federation key (`saml:aud`, `accounts.google.com:sub`) that none of the
/// statement's identity providers sends.
fn undefined_conditions(st: &Statement, sp: &str, push: &mut Push<'_>) {
    let Some(block) = &st.principal else {
        return;
    };
    if block
        .entries
        .iter()
        .any(|e| e.value == PrincipalValue::Everyone)
    {
        return;
    }
    let providers: Vec<Provider<'_>> = block
        .entries
        .iter()
        .filter_map(|e| match &e.value {
            PrincipalValue::Federated(t) => Some(provider(t)),
            _ => None,
        })
        .collect();
    for c in &st.conditions {
        if !catalog::is_federation_key(&c.key) {
            continue;
        }
        let Some((prefix, _)) = c.key.split_once(':') else {
            continue;
        };
        let sent = if prefix.eq_ignore_ascii_case("saml") {
            providers.iter().any(|p| matches!(p, Provider::Saml))
        } else {
            providers
                .iter()
                .any(|p| matches!(p, Provider::Oidc(h) if h.eq_ignore_ascii_case(prefix)))
        };
        if !sent {
            super::at_key(
                c,
                sp,
                (Family::Warning, "UNDEFINED_CONDITION_FOR_PRINCIPAL"),
                format!("`{}` is sent only by the identity provider `{prefix}`, which the statement's `Principal` does not name, so the request never carries it: name that provider in `Federated`, or remove the condition", c.key),
                push,
            );
        }
    }
}
