//! External access: which resources (and roles, through their trust policies) let
//! principals outside their account or organization in, statement by statement, in
//! the manner of Access Analyzer's external access findings.

use super::model::{short_resource, Account, Scenario};
use crate::case::NamedPolicy;
use crate::diag::Location;
use crate::policy::{Effect, PrincipalValue};
use serde::Serialize;

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
