//! Condition keys against the statement's actions, with the catalog: a service key no
//! action of the statement supports, and tag keys (`aws:ResourceTag/...`) that some
//! of its services' actions never carry, so a Deny lets those actions through and an
//! Allow never grants them.

use super::{Family, Push};
use crate::catalog::{self, Found};
use crate::condition::{Base, Condition};
use crate::policy::{Effect, Statement};

/// The actions a statement's `Action` covers, for judging its condition keys; `None`
/// when it is not judged: `NotAction`, or a wildcard in a service name.
pub(super) fn statement_actions(st: &Statement) -> Option<Vec<Found<'static>>> {
    let catalog = catalog::current()?;
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

/// Whether an action supports a condition key: its own keys, or its resource types'.
fn supports(f: &Found<'_>, key: &str) -> bool {
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
}

/// When no action of the statement supports a service condition key, says so: such
/// a key is never in the request, so the condition never holds as written. `actions`
/// is what `statement_actions` found, worked out once per statement.
pub(super) fn unsupported_key(actions: &[Found<'_>], key: &str) -> Option<String> {
    let catalog = catalog::current()?;
    let (prefix, _) = key.split_once(':')?;
    // The services that declare the key: its prefix is not always theirs
    // (`catalog:ChangeType` is the `aws-marketplace` service's).
    let declaring: Vec<&catalog::Service> = catalog.declaring(key).map(|(s, _)| s).collect();
    let same_service: Vec<&Found<'_>> = actions
        .iter()
        .filter(|f| declaring.iter().any(|s| std::ptr::eq(*s, f.service)))
        .collect();
    if same_service.is_empty() {
        let owner = declaring.first().map_or(prefix, |s| s.prefix.as_str());
        return Some(format!(
            "`{key}` belongs to the `{owner}` service, and the statement has no `{owner}` action, so requests it covers never carry it"
        ));
    }
    (!same_service.iter().any(|f| supports(f, key))).then(|| {
        format!("no action of the statement supports `{key}` (per the service authorization reference), so the condition never sees it")
    })
}

fn key_matches_declared(declared: &str, key: &str) -> bool {
    catalog::Catalog::key_matches(declared, key)
}

pub(super) fn key_is_array(key: &str) -> bool {
    catalog::current()
        .and_then(|c| c.condition_key(key))
        .is_some_and(|k| k.kind.starts_with("ArrayOf"))
}

/// The global tag keys: `aws:ResourceTag/...`, `aws:RequestTag/...`, `aws:TagKeys`.
fn is_tag_key(key_lc: &str) -> bool {
    key_lc.starts_with("aws:resourcetag/")
        || key_lc.starts_with("aws:requesttag/")
        || key_lc == "aws:tagkeys"
}

/// At most this many actions are named in a tag-key finding.
const NAMED: usize = 3;

/// A global tag key that some actions of the statement never carry (Access Analyzer's
/// "Deny/Allow with unsupported tag condition key for service" and their `NotAction`
/// forms). `actions` is the statement's expansion, when it was worked out.
pub(super) fn tag_key(
    st: &Statement,
    c: &Condition,
    sp: &str,
    actions: Option<&[Found<'_>]>,
    push: &mut Push<'_>,
) {
    // A negated, `IfExists` or `Null` test is true when the key is absent: the
    // statement then applies to those actions, which is not what these findings say.
    let op = c.operator;
    if !is_tag_key(&c.key_lc) || op.negated || op.if_exists || op.base == Base::Null {
        return;
    }
    let Some(first) = c.values.first() else {
        return;
    };
    let path = super::condition_path(sp, c);
    let deny = st.effect == Effect::Deny;
    let key = &c.key;
    if st.action.negated {
        let (family, code, effect) = if deny {
            (
                Family::SecurityWarning,
                "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                "those actions are not denied",
            )
        } else {
            (
                Family::Suggestion,
                "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                "those actions are never allowed by it",
            )
        };
        push(
            family,
            code,
            format!("`NotAction` covers every action not listed, including actions that never carry `{key}`, and {effect}: list the actions in `Action` instead"),
            first.location,
            path,
        );
        return;
    }
    let Some(actions) = actions else {
        return;
    };
    let lacking: Vec<&Found<'_>> = actions.iter().filter(|f| !supports(f, key)).collect();
    if lacking.is_empty() {
        return;
    }
    let mut services: Vec<&str> = lacking.iter().map(|f| f.service.prefix.as_str()).collect();
    services.sort_unstable();
    services.dedup();
    let named: Vec<String> = lacking.iter().take(NAMED).map(|f| f.qualified()).collect();
    let more = lacking.len().saturating_sub(NAMED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let (family, code, effect) = if deny {
        (
            Family::SecurityWarning,
            "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            "so this Deny never denies them, however the resource is tagged",
        )
    } else {
        (
            Family::Suggestion,
            "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            "so this Allow never allows them",
        )
    };
    push(
        family,
        code,
        format!(
            "requests for {}{more} (service {}) never carry `{key}`, {effect}: move those actions to a statement without this condition, and control them by resource name instead",
            named.join(", "),
            services.join(", ")
        ),
        first.location,
        path,
    );
}
