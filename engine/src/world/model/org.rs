//! The organization of a scenario, read: its OUs in order from the root, each with the
//! SCPs and RCPs attached to it (keeping AWS's full-access policies where AWS keeps them).

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn walk_ou(
    l: &mut Loader<'_>,
    ou: &OuDoc,
    p: &Path,
    parent: Option<usize>,
    policies: &HashMap<String, (OrgPolicyType, Arc<Policy>)>,
    accounts: &HashMap<String, usize>,
    nodes: &mut Vec<OrgNode>,
    placement: &mut HashMap<String, usize>,
) {
    let index = nodes.len();
    let is_root = parent.is_none();
    let id = ou.id.clone().unwrap_or_else(|| {
        if is_root {
            "r-root".into()
        } else {
            format!(
                "ou-{}",
                unique_id("", ou.name.as_deref().unwrap_or("ou"))
                    .to_lowercase()
                    .get(..8)
                    .unwrap_or("x")
            )
        }
    });
    let name = ou
        .name
        .clone()
        .unwrap_or_else(|| if is_root { "Root".into() } else { id.clone() });
    let origin = if is_root {
        "attached to the organization root".to_string()
    } else {
        format!("attached to OU {name}")
    };
    let scps = attachments(
        l,
        &p.key("scps"),
        &ou.scps,
        OrgPolicyType::Scp,
        policies,
        &origin,
    );
    let rcps = attachments(
        l,
        &p.key("rcps"),
        &ou.rcps,
        OrgPolicyType::Rcp,
        policies,
        &origin,
    );
    nodes.push(OrgNode {
        id,
        name,
        parent,
        scps,
        rcps,
    });
    for (i, a) in ou.accounts.iter().enumerate() {
        if !accounts.contains_key(a) {
            l.error(
                &p.key("accounts").idx(i),
                "unknown-account",
                format!("account `{a}` is not among `accounts`"),
                None,
            );
        } else if placement.insert(a.clone(), index).is_some() {
            l.error(
                &p.key("accounts").idx(i),
                "duplicate-placement",
                format!("account `{a}` is placed twice in the organization"),
                None,
            );
        }
    }
    for (i, child) in ou.ous.iter().enumerate() {
        walk_ou(
            l,
            child,
            &p.key("ous").idx(i),
            Some(index),
            policies,
            accounts,
            nodes,
            placement,
        );
    }
}

pub(super) fn attachments(
    l: &mut Loader<'_>,
    p: &Path,
    names: &Option<Vec<String>>,
    kind: OrgPolicyType,
    policies: &HashMap<String, (OrgPolicyType, Arc<Policy>)>,
    origin: &str,
) -> Vec<NamedPolicy> {
    let default = match kind {
        OrgPolicyType::Scp => FULL_AWS_ACCESS,
        OrgPolicyType::Rcp => RCP_FULL_AWS_ACCESS,
    };
    let list = names.clone().unwrap_or_else(|| vec![default.to_string()]);
    if kind == OrgPolicyType::Scp && list.is_empty() {
        l.warn(
            p,
            "no-scp",
            "no SCP is attached here, so nothing below can be allowed (AWS requires at least one)"
                .into(),
        );
    }
    let mut out = Vec::new();
    for (i, name) in list.iter().enumerate() {
        match policies.get(name) {
            Some((k, policy)) if *k == kind => out.push(NamedPolicy {
                name: name.clone(),
                origin: Some(origin.to_string()),
                policy: policy.clone(),
            }),
            Some(_) => l.error(
                &p.idx(i),
                "wrong-policy-type",
                format!(
                    "`{name}` is not {}",
                    if kind == OrgPolicyType::Scp {
                        "an SCP"
                    } else {
                        "an RCP"
                    }
                ),
                None,
            ),
            None => {
                let help = did_you_mean(name, policies.keys().map(String::as_str));
                l.error(
                    &p.idx(i),
                    "unknown-policy",
                    format!("no organization policy is called `{name}`"),
                    help,
                );
            }
        }
    }
    out
}
