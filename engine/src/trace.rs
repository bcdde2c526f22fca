//! The trace: how a decision was reached, as data.
//!
//! Shaped for a learner: `steps` is the story in AWS's order (deny check, RCPs, SCPs,
//! resource, identity, boundary, session, endpoint, then the rule that combined them);
//! `layers` holds every policy and statement with the reason each element matched or
//! not. The CLI renders it as text (`render`), the web playground draws it.

use crate::case::Decision;
use crate::condition::ConditionTrace;
use crate::context::ContextValue;
use crate::diag::{Diagnostic, Location};
use crate::policy::{Effect, PolicyKind};
use crate::principal::{Caller, PrincipalMatch};
use crate::vars::Substitution;
use serde::Serialize;
use std::sync::Arc;

/// A layer of AWS's evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Rcp,
    Scp,
    Resource,
    RoleTrust,
    KeyPolicy,
    Identity,
    PermissionsBoundary,
    SessionPolicy,
    EndpointPolicy,
}

impl Layer {
    /// The name used in `blocked_by`.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Rcp => "rcp",
            Layer::Scp => "scp",
            Layer::Resource => "resource",
            Layer::RoleTrust => "role_trust",
            Layer::KeyPolicy => "key_policy",
            Layer::Identity => "identity",
            Layer::PermissionsBoundary => "permissions_boundary",
            Layer::SessionPolicy => "session_policy",
            Layer::EndpointPolicy => "endpoint_policy",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Layer::Rcp => "Resource control policies (RCPs)",
            Layer::Scp => "Service control policies (SCPs)",
            Layer::Resource => "Resource-based policy",
            Layer::RoleTrust => "Role trust policy",
            Layer::KeyPolicy => "KMS key policy",
            Layer::Identity => "Identity-based policies",
            Layer::PermissionsBoundary => "Permissions boundary",
            Layer::SessionPolicy => "Session policies",
            Layer::EndpointPolicy => "VPC endpoint policy",
        }
    }

    /// The layer's name inside a sentence ("the KMS key policy does not allow").
    pub fn noun(self) -> &'static str {
        match self {
            Layer::Rcp => "resource control policies",
            Layer::Scp => "service control policies",
            Layer::Resource => "resource-based policy",
            Layer::RoleTrust => "role trust policy",
            Layer::KeyPolicy => "KMS key policy",
            Layer::Identity => "identity-based policies",
            Layer::PermissionsBoundary => "permissions boundary",
            Layer::SessionPolicy => "session policies",
            Layer::EndpointPolicy => "VPC endpoint policy",
        }
    }

    pub fn policy_kind(self) -> PolicyKind {
        match self {
            Layer::Rcp => PolicyKind::Rcp,
            Layer::Scp => PolicyKind::Scp,
            Layer::Resource => PolicyKind::Resource,
            Layer::RoleTrust => PolicyKind::RoleTrust,
            Layer::KeyPolicy => PolicyKind::KeyPolicy,
            Layer::Identity => PolicyKind::Identity,
            Layer::PermissionsBoundary => PolicyKind::PermissionsBoundary,
            Layer::SessionPolicy => PolicyKind::Session,
            Layer::EndpointPolicy => PolicyKind::EndpointPolicy,
        }
    }
}

/// What one layer (or policy) said about the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// An Allow statement matched and no Deny did.
    Allow,
    /// A Deny statement matched.
    Deny,
    /// Nothing matched: an implicit deny for this layer.
    NoMatch,
    /// The layer does not take part in this request.
    NotApplicable,
    /// The layer allows without a statement (the root user's identity).
    Implicit,
}

#[derive(Clone, Debug, Serialize)]
pub struct Trace {
    pub decision: Decision,
    pub blocked_by: Option<Layer>,
    /// For SCPs and RCPs: the level (1 = organization root) that blocked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_level: Option<usize>,
    /// One sentence that says what happened.
    pub summary: String,
    pub request: RequestView,
    /// The checks in AWS's order, each with its outcome.
    pub steps: Vec<Step>,
    pub layers: Vec<LayerTrace>,
    /// Condition keys that policies asked about but the request did not carry.
    pub missing_keys: Vec<MissingKey>,
    /// Keys the evaluator could not derive, and why.
    pub underived_keys: Vec<UnderivedKey>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestView {
    pub principal: Arc<Caller>,
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    /// Whether the caller and the resource are in the same account.
    pub same_account: bool,
    /// Shared with the prepared case: a trace does not copy the context.
    pub context: Arc<[ContextValue]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepResult {
    /// The check lets the request go on.
    Pass,
    /// The check does not apply.
    Skip,
    /// The check stops the request with an implicit deny.
    Fail,
    /// The check stops the request with an explicit deny.
    Deny,
    /// The final check grants the request.
    Allow,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub check: String,
    pub result: StepResult,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<Layer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LayerTrace {
    pub layer: Layer,
    /// For SCPs and RCPs: the level, 1 being the organization root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub title: String,
    pub applies: bool,
    /// Why the layer applies or not, and what it must do.
    pub note: String,
    pub verdict: Verdict,
    pub policies: Vec<PolicyTrace>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PolicyTrace {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// False when the policy has errors (it is then listed, never silently skipped) or
    /// its layer does not apply.
    pub evaluated: bool,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    pub statements: Vec<StatementTrace>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementTrace {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<Arc<str>>,
    pub effect: Effect,
    /// Whether every element matched, so that the statement's effect applies.
    pub applies: bool,
    pub action: ElementTrace,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Box<ElementTrace>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_match: Option<PrincipalMatch>,
    pub conditions: Vec<ConditionTrace>,
    /// The element at which evaluation stopped because it did not match (AWS stops
    /// there too); the elements after it were not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<&'static str>,
    pub location: Location,
}

/// How one element (`Action`, `NotResource`, `Principal`...) compared with the request.
///
/// Serialised with a `reason` sentence and, for `Action` and `Resource`, the listed
/// pattern that matched (`matched_pattern`), so a viewer can highlight it. The
/// sentence is written when it is read ([`ElementTrace::reason`]), not while
/// evaluating: building a trace stays cheap.
#[derive(Clone, Debug)]
pub struct ElementTrace {
    pub element: &'static str,
    pub matched: bool,
    pub why: Why,
    pub location: Location,
}

/// The facts behind an element's result.
#[derive(Clone, Debug)]
pub enum Why {
    /// `Action`/`NotAction` or `Resource`/`NotResource` against the request's action
    /// or resource (shown once, in the trace's `request`).
    Listed {
        /// The first listed pattern that matched, as written.
        hit: Option<Arc<str>>,
        /// The rarer facts, boxed to keep the common trace small.
        details: Option<Box<ListedDetails>>,
    },
    /// A sentence written while evaluating (principals, trust policy resources).
    Text(String),
}

/// Facts about resource patterns that only some statements have.
#[derive(Clone, Debug, Default)]
pub struct ListedDetails {
    /// Policy variables filled in while reading the patterns.
    pub substitutions: Vec<Substitution>,
    /// The matching pattern after filling in its policy variables.
    pub filled: Option<String>,
    /// Some pattern equals the value but for case (resource ARNs are case-sensitive).
    pub case_differs: bool,
    /// Patterns skipped because a policy variable in them has no value.
    pub unfilled: Vec<Arc<str>>,
}

impl ElementTrace {
    fn negated(&self) -> bool {
        self.element.starts_with("Not")
    }

    /// The policy variables filled in for this element.
    pub fn substitutions(&self) -> &[Substitution] {
        match &self.why {
            Why::Listed {
                details: Some(d), ..
            } => &d.substitutions,
            _ => &[],
        }
    }

    /// The listed pattern that matched, if any.
    pub fn matched_pattern(&self) -> Option<&str> {
        match &self.why {
            Why::Listed { hit, .. } => hit.as_deref(),
            Why::Text(_) => None,
        }
    }

    /// One sentence that says why the element matched or not.
    pub fn reason(&self) -> String {
        let (hit, details) = match &self.why {
            Why::Text(t) => return t.clone(),
            Why::Listed { hit, details } => (hit, details.as_deref().cloned().unwrap_or_default()),
        };
        let ListedDetails {
            substitutions: _,
            filled,
            case_differs,
            unfilled,
        } = details;
        let what = if self.element.ends_with("Action") {
            "action"
        } else {
            "resource"
        };
        // The pattern as written, and what its variables made of it.
        let hit = hit.as_ref().map(|h| match filled {
            Some(f) => format!("`{h}` (as `{f}`)"),
            None => format!("`{h}`"),
        });
        let mut s = match (self.negated(), hit) {
            (false, Some(p)) => format!("{p} matches the {what}"),
            (false, None) => format!("none of the listed {what}s matches the {what}"),
            (true, Some(p)) => format!("the {what} is excluded: {} lists {p}", self.element),
            (true, None) => format!(
                "the {what} is not listed in {}, so the statement covers it",
                self.element
            ),
        };
        if case_differs {
            s.push_str(" (only the case differs: resource ARNs are case-sensitive)");
        }
        for u in unfilled {
            s.push_str(&format!(
                "; `{u}` holds a policy variable with no value for this request, so it matches nothing"
            ));
        }
        s
    }
}

impl Serialize for ElementTrace {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            element: &'a str,
            matched: bool,
            reason: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            matched_pattern: Option<&'a str>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            substitutions: &'a [Substitution],
            location: &'a Location,
        }
        Out {
            element: self.element,
            matched: self.matched,
            reason: self.reason(),
            matched_pattern: self.matched_pattern(),
            substitutions: self.substitutions(),
            location: &self.location,
        }
        .serialize(s)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingKey {
    pub key: String,
    /// Where it was asked for, such as "identity policy 1, statement 2".
    pub used_by: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnderivedKey {
    pub key: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(
        name: &'static str,
        hit: Option<&str>,
        details: Option<ListedDetails>,
    ) -> ElementTrace {
        ElementTrace {
            element: name,
            matched: hit.is_some(),
            why: Why::Listed {
                hit: hit.map(Arc::from),
                details: details.map(Box::new),
            },
            location: Location::default(),
        }
    }

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(
            element("Action", Some("s3:Get*"), None).reason(),
            "`s3:Get*` matches the action"
        );
        assert_eq!(
            element("Action", None, None).reason(),
            "none of the listed actions matches the action"
        );
        assert_eq!(
            element("NotResource", Some("arn:aws:s3:::b/*"), None).reason(),
            "the resource is excluded: NotResource lists `arn:aws:s3:::b/*`"
        );
        let filled = ListedDetails {
            filled: Some("arn:aws:s3:::home/alice/*".into()),
            ..ListedDetails::default()
        };
        assert_eq!(
            element("Resource", Some("arn:aws:s3:::home/${aws:username}/*"), Some(filled)).reason(),
            "`arn:aws:s3:::home/${aws:username}/*` (as `arn:aws:s3:::home/alice/*`) matches the resource"
        );
        let case = ListedDetails {
            case_differs: true,
            unfilled: vec![Arc::from("arn:aws:s3:::x/${aws:PrincipalTag/team}")],
            ..ListedDetails::default()
        };
        let r = element("Resource", None, Some(case)).reason();
        assert!(
            r.contains("only the case differs") && r.contains("no value for this request"),
            "{r}"
        );
        let json = serde_json::to_value(element("Action", Some("s3:*"), None)).unwrap_or_default();
        assert_eq!(json["matched_pattern"], "s3:*");
        assert_eq!(json["reason"], "`s3:*` matches the action");
    }
}
