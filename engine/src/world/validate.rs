//! A scenario's validation: every policy of its world checked once
//! ([`crate::validate::check_policy`]), and its external access findings.

use super::access::{external_access, AccessKind};
use super::model::Scenario;
use crate::case::NamedPolicy;
use crate::policy::Policy;
use crate::validate::{check_policy, Family, Finding};
use std::collections::HashSet;
use std::sync::Arc;

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
