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
    pub principal: Caller,
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    /// Whether the caller and the resource are in the same account.
    pub same_account: bool,
    pub context: Vec<ContextValue>,
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
    pub sid: Option<String>,
    pub effect: Effect,
    /// Whether every element matched, so that the statement's effect applies.
    pub applies: bool,
    pub action: ElementTrace,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<ElementTrace>,
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
#[derive(Clone, Debug, Serialize)]
pub struct ElementTrace {
    pub element: &'static str,
    pub matched: bool,
    pub reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub substitutions: Vec<Substitution>,
    pub location: Location,
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
