//! The trace: how a decision was reached, as data.
//!
//! Shaped for a learner: `steps` is the story in AWS's order (deny check, RCPs, SCPs,
//! resource, identity, boundary, session, endpoint, then the rule that combined them);
//! `layers` holds every policy and statement with the reason each element matched or
//! not. The CLI renders it as text (`render`), the web playground draws it.

use crate::case::{Decision, Shared};
use crate::condition::ConditionTrace;
use crate::context::ContextValue;
use crate::diag::{Diagnostic, Location};
use crate::policy::{ActionPattern, Effect, Policy, PolicyKind, PrincipalEntry, ResourcePattern};
use crate::principal::{Caller, PrincipalMatch};
use crate::vars::Substitution;
use serde::Serialize;
use std::borrow::Cow;
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
    /// Not a policy: a rule the owning service applies whatever the policies say (AWS
    /// managed policies, IAM Identity Center's reserved roles, `alias/aws/` KMS
    /// aliases, the root user calling AssumeRole). See `service.rs`.
    ServiceRule,
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
            Layer::ServiceRule => "service_rule",
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
            Layer::ServiceRule => "Service rule",
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
            Layer::ServiceRule => "service rule",
        }
    }

    /// The kind of policy the layer holds (a service rule holds none: it is read as an
    /// identity-based policy, which no rule ever needs).
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
            Layer::ServiceRule => PolicyKind::Identity,
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
    /// For an `Invalid` decision: why AWS would refuse to store the case's policies,
    /// each error located and with its fix (`help`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<PolicyError>,
    /// Things about the request itself a learner should know (a request AWS never
    /// makes, such as a resource-naming action on the resource `*`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// An error-level diagnostic of one of a case's policies: AWS refuses to store such a
/// policy, so it never evaluates a request that would need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyError {
    /// The policy's name, such as "identity policy 2" or "trust policy of role Deployer".
    pub policy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The layer the policy belongs to.
    pub layer: Layer,
    /// Message, fix (`help`), location and JSON path.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

impl std::fmt::Display for PolicyError {
    /// "identity policy 1: 3:9: error: `Principal` is not allowed in an identity-based
    /// policy (at [0].identity_policies[0].Statement[0].Principal); help: remove ..."
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.policy, self.diagnostic)
    }
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

/// Serialised with each element's facts read from [`PolicyTrace::source`] (see
/// [`ElementView`]).
#[derive(Clone, Debug)]
pub struct PolicyTrace {
    pub name: String,
    pub origin: Option<String>,
    /// False when its layer does not apply (a case with a policy that has errors is
    /// `Invalid` and has no layers).
    pub evaluated: bool,
    pub verdict: Verdict,
    pub diagnostics: Vec<Diagnostic>,
    pub statements: Vec<StatementTrace>,
    /// What the elements were compared with, when the policy was evaluated.
    pub source: Option<Source>,
}

/// Where a policy's element traces read what they compared: the parsed policy (the
/// patterns, with their locations) and the request (action, resource, caller). Shared
/// with the case, never copied: a trace holds one of these a policy, and its elements
/// hold only the position of the pattern that matched, so that building a trace stays
/// cheap; what they compared is looked up when the trace is read.
#[derive(Clone, Debug)]
pub struct Source {
    pub policy: Arc<Policy>,
    pub request: Arc<Shared>,
}

impl Source {
    /// What an element of a statement compared, when it lists patterns.
    pub fn compared<'a>(&'a self, st: &StatementTrace, e: &ElementTrace) -> Option<Compared<'a>> {
        let statement = self
            .policy
            .statements
            .iter()
            .find(|s| s.index == st.index)?;
        let r = &*self.request;
        let against = match e.element {
            "Action" | "NotAction" => Against::Action {
                value: &r.action,
                patterns: &statement.action.patterns,
            },
            "Resource" | "NotResource" => Against::Resource {
                value: &r.resource,
                patterns: &statement.resource.as_ref()?.patterns,
            },
            "Principal" | "NotPrincipal" => Against::Principal {
                caller: &r.caller,
                entries: &statement.principal.as_ref()?.entries,
            },
            _ => return None,
        };
        Some(Compared {
            against,
            hit: e.hit,
        })
    }
}

impl PolicyTrace {
    /// One of this policy's elements with what it compared.
    pub fn element<'a>(&'a self, st: &StatementTrace, e: &'a ElementTrace) -> ElementView<'a> {
        ElementView {
            element: e,
            compared: self.source.as_ref().and_then(|s| s.compared(st, e)),
        }
    }
}

impl Serialize for PolicyTrace {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Statement<'a> {
            #[serde(flatten)]
            statement: &'a StatementTrace,
            /// The statement's number as the text names it ("statement 2"): `index`
            /// (its position in `Statement`, from 0) plus one.
            number: usize,
            action: ElementView<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            resource: Option<ElementView<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            principal: Option<ElementView<'a>>,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            origin: Option<&'a str>,
            evaluated: bool,
            verdict: Verdict,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            diagnostics: &'a [Diagnostic],
            statements: Vec<Statement<'a>>,
        }
        Out {
            name: &self.name,
            origin: self.origin.as_deref(),
            evaluated: self.evaluated,
            verdict: self.verdict,
            diagnostics: &self.diagnostics,
            statements: self
                .statements
                .iter()
                .map(|st| Statement {
                    statement: st,
                    number: st.index + 1,
                    action: self.element(st, &st.action),
                    resource: st.resource.as_ref().map(|e| self.element(st, e)),
                    principal: st.principal.as_deref().map(|e| self.element(st, e)),
                })
                .collect(),
        }
        .serialize(s)
    }
}

/// Serialised within its policy, which adds its elements with what they compared.
#[derive(Clone, Debug, Serialize)]
pub struct StatementTrace {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<Arc<str>>,
    pub effect: Effect,
    /// Whether every element matched, so that the statement's effect applies.
    pub applies: bool,
    #[serde(skip)]
    pub action: ElementTrace,
    #[serde(skip)]
    pub resource: Option<ElementTrace>,
    #[serde(skip)]
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
/// It holds only what evaluation found (whether it matched, and which pattern); what it
/// compared is read from its policy's [`Source`] when the trace is read, through an
/// [`ElementView`], which also writes the sentences and finds the closest pattern.
#[derive(Clone, Debug)]
pub struct ElementTrace {
    pub element: &'static str,
    pub matched: bool,
    /// The position of the listed pattern that matched: the first for actions and
    /// resources, the strongest for `Principal`, the first that lists the caller for
    /// `NotPrincipal`.
    pub hit: Option<usize>,
    pub why: Why,
    pub location: Location,
}

/// The facts behind an element's result.
#[derive(Clone, Debug)]
pub enum Why {
    /// `Action`/`NotAction` or `Resource`/`NotResource`: the sentence is written when
    /// read, from what was compared and these rarer facts (boxed to keep the common
    /// trace small).
    Listed(Option<Box<ListedDetails>>),
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
    /// Patterns skipped because a policy variable in them has no value.
    pub unfilled: Vec<Arc<str>>,
}

/// What an element compared: the request's value and the patterns it lists.
#[derive(Clone, Copy, Debug)]
pub struct Compared<'a> {
    pub against: Against<'a>,
    /// The position of the pattern that matched ([`ElementTrace::hit`]).
    pub hit: Option<usize>,
}

/// The request's value and the listed patterns, borrowed from the trace's [`Source`].
#[derive(Clone, Copy, Debug)]
pub enum Against<'a> {
    Action {
        /// The request's action, as written.
        value: &'a str,
        patterns: &'a [ActionPattern],
    },
    Resource {
        value: &'a str,
        patterns: &'a [ResourcePattern],
    },
    Principal {
        caller: &'a Caller,
        entries: &'a [PrincipalEntry],
    },
}

impl<'a> Against<'a> {
    /// The request's value as compared: the action, the resource, or the caller.
    pub fn value(&self) -> Cow<'a, str> {
        match *self {
            Against::Action { value, .. } | Against::Resource { value, .. } => Cow::Borrowed(value),
            Against::Principal { caller, .. } => Cow::Owned(caller.display()),
        }
    }

    /// How many patterns are listed.
    pub fn len(&self) -> usize {
        match self {
            Against::Action { patterns, .. } => patterns.len(),
            Against::Resource { patterns, .. } => patterns.len(),
            Against::Principal { entries, .. } => entries.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A listed pattern as written, with where it is written.
    pub fn pattern(&self, i: usize) -> Option<(&'a str, Location)> {
        match *self {
            Against::Action { patterns, .. } => patterns.get(i).map(|p| (&*p.text, p.location)),
            Against::Resource { patterns, .. } => patterns.get(i).map(|p| (&*p.text, p.location)),
            Against::Principal { entries, .. } => {
                entries.get(i).map(|e| (e.text.as_str(), e.location))
            }
        }
    }

    /// The listed patterns as written, with where they are written.
    pub fn patterns(&self) -> impl Iterator<Item = (&'a str, Location)> + '_ {
        (0..self.len()).filter_map(|i| self.pattern(i))
    }

    /// The listed pattern nearest to the value (see [`crate::closest`]).
    fn closest(&self) -> Option<crate::closest::Miss> {
        match *self {
            Against::Action { value, patterns } => {
                crate::closest::action(value, patterns.iter().map(|p| &*p.text))
            }
            Against::Resource { value, patterns } => {
                crate::closest::resource(value, patterns.iter().map(|p| &*p.text))
            }
            Against::Principal { caller, entries } => crate::closest::principal(caller, entries),
        }
    }
}

/// The pattern nearest to the request's value when none matched, and why it missed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Closest<'a> {
    pub pattern: &'a str,
    pub location: Location,
    /// A sentence about the pattern, such as "it covers the objects in the bucket, not
    /// the bucket `arn:aws:s3:::reports`".
    pub why: String,
}

/// An element with what it compared ([`PolicyTrace::element`]).
///
/// Serialised with a `reason` sentence, the request's `value` as compared, the listed
/// `patterns` with their locations, the pattern that matched (`matched_pattern`,
/// `matched_location`) and, on a miss, the `closest` pattern and why it missed, so a
/// viewer can underline them. All of it is worked out here, when the trace is read,
/// never while evaluating.
#[derive(Clone, Copy, Debug)]
pub struct ElementView<'a> {
    pub element: &'a ElementTrace,
    /// `None` for an element with nothing listed to compare (a trust policy's
    /// resource, which is the role itself), or without its policy's source.
    pub compared: Option<Compared<'a>>,
}

impl<'a> ElementView<'a> {
    fn negated(&self) -> bool {
        self.element.element.starts_with("Not")
    }

    /// The request's value as compared, if the element lists patterns.
    pub fn value(&self) -> Option<Cow<'a, str>> {
        self.compared.map(|c| c.against.value())
    }

    /// The listed pattern that matched, if any, with its location.
    pub fn hit(&self) -> Option<(&'a str, Location)> {
        let c = self.compared?;
        c.against.pattern(c.hit?)
    }

    /// Whether the element missed because no listed pattern matches the value (for
    /// `Action`, `Resource` and `Principal`; a `Not` element misses by listing it).
    pub fn is_miss(&self) -> bool {
        !self.element.matched && !self.negated() && self.compared.is_some_and(|c| c.hit.is_none())
    }

    /// On a miss, the listed pattern nearest to the value and why it does not match.
    pub fn closest(&self) -> Option<Closest<'a>> {
        if !self.is_miss() {
            return None;
        }
        let c = self.compared?;
        let miss = c.against.closest()?;
        let (pattern, location) = c.against.pattern(miss.index)?;
        Some(Closest {
            pattern,
            location,
            why: miss.why,
        })
    }

    /// One sentence that says whether the element matched, without the closest pattern.
    pub fn outcome(&self) -> String {
        let e = self.element;
        let details = match &e.why {
            Why::Text(t) => return t.clone(),
            Why::Listed(details) => details.as_deref(),
        };
        let what = if e.element.ends_with("Action") {
            "action"
        } else {
            "resource"
        };
        let value = self
            .value()
            .map_or_else(|| format!("the {what}"), |v| format!("`{v}`"));
        // The pattern as written, and what its variables made of it.
        let hit = self
            .hit()
            .map(|(h, _)| match details.and_then(|d| d.filled.as_ref()) {
                Some(f) => format!("`{h}` (as `{f}`)"),
                None => format!("`{h}`"),
            });
        if let Some(u) = details.and_then(|d| d.unfilled.first()) {
            // An unresolvable variable decides the element on its own.
            return format!(
                "`{u}` holds a policy variable with no value for this request (its key is absent and it has no default): {}",
                crate::vars::UNRESOLVED
            );
        }
        match (self.negated(), hit) {
            (false, Some(p)) => format!("{p} matches the {what}"),
            (false, None) => format!("none of the listed {what}s matches {value}"),
            (true, Some(p)) => format!("the {what} is excluded: {} lists {p}", e.element),
            (true, None) => format!(
                "{value} is not listed in {}, so the statement covers it",
                e.element
            ),
        }
    }

    /// One sentence that says why the element matched or not; on a miss it names the
    /// closest pattern and why that one missed.
    pub fn reason(&self) -> String {
        self.reason_with(self.closest().as_ref())
    }

    fn reason_with(&self, closest: Option<&Closest<'_>>) -> String {
        let mut s = self.outcome();
        if let Some(c) = closest {
            s.push_str(&format!("; closest: `{}` — {}", c.pattern, c.why));
        }
        s
    }
}

impl ElementTrace {
    /// The policy variables filled in for this element.
    pub fn substitutions(&self) -> &[Substitution] {
        match &self.why {
            Why::Listed(Some(d)) => &d.substitutions,
            _ => &[],
        }
    }

    /// Why the element matched or not, without what it compared (which its policy's
    /// [`PolicyTrace::element`] adds).
    pub fn reason(&self) -> String {
        ElementView {
            element: self,
            compared: None,
        }
        .reason()
    }
}

impl Serialize for ElementView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Pattern<'a> {
            pattern: &'a str,
            location: Location,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            element: &'a str,
            matched: bool,
            reason: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            value: Option<Cow<'a, str>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            patterns: Option<Vec<Pattern<'a>>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            matched_pattern: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            matched_location: Option<Location>,
            #[serde(skip_serializing_if = "Option::is_none")]
            closest: Option<Closest<'a>>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            substitutions: &'a [Substitution],
            location: &'a Location,
        }
        let e = self.element;
        let closest = self.closest();
        let hit = self.hit();
        Out {
            element: e.element,
            matched: e.matched,
            reason: self.reason_with(closest.as_ref()),
            value: self.value(),
            patterns: self.compared.map(|c| {
                c.against
                    .patterns()
                    .map(|(pattern, location)| Pattern { pattern, location })
                    .collect()
            }),
            matched_pattern: hit.map(|(p, _)| p),
            matched_location: hit.map(|(_, l)| l),
            closest,
            substitutions: e.substitutions(),
            location: &e.location,
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
    use crate::policy::Statement;

    /// An element of the first statement of an identity policy, against a value.
    struct Fixture {
        st: Statement,
        e: ElementTrace,
        value: String,
    }

    impl Fixture {
        fn view(&self) -> ElementView<'_> {
            let against = match self.e.element {
                "Action" | "NotAction" => Against::Action {
                    value: &self.value,
                    patterns: &self.st.action.patterns,
                },
                _ => Against::Resource {
                    value: &self.value,
                    patterns: &self.st.resource.as_ref().unwrap().patterns,
                },
            };
            ElementView {
                element: &self.e,
                compared: Some(Compared {
                    against,
                    hit: self.e.hit,
                }),
            }
        }
    }

    const PREFIX: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","#;

    fn fixture(
        name: &'static str,
        elements: &str,
        value: &str,
        hit: Option<usize>,
        details: Option<ListedDetails>,
    ) -> Fixture {
        let p = Policy::parse(&format!("{PREFIX}{elements}}}]}}"), PolicyKind::Identity);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let st = p.statements.into_iter().next().unwrap();
        let location = st.location;
        Fixture {
            st,
            e: ElementTrace {
                element: name,
                matched: hit.is_some() != name.starts_with("Not"),
                hit,
                why: Why::Listed(details.map(Box::new)),
                location,
            },
            value: value.into(),
        }
    }

    fn action(name: &'static str, patterns: &str, value: &str, hit: Option<usize>) -> Fixture {
        let elements = format!(r#""{name}":{patterns},"Resource":"*""#);
        fixture(name, &elements, value, hit, None)
    }

    fn resource(
        name: &'static str,
        patterns: &str,
        value: &str,
        hit: Option<usize>,
        details: Option<ListedDetails>,
    ) -> Fixture {
        let elements = format!(r#""Action":"s3:*","{name}":{patterns}"#);
        fixture(name, &elements, value, hit, details)
    }

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(
            action("Action", r#""s3:Get*""#, "s3:GetObject", Some(0))
                .view()
                .reason(),
            "`s3:Get*` matches the action"
        );
        assert_eq!(
            action("Action", r#""s3:Get*""#, "s3:PutObject", None).view().reason(),
            "none of the listed actions matches `s3:PutObject`; closest: `s3:Get*` — it covers the `s3` actions that start with `Get`, and `PutObject` starts with `Put`"
        );
        assert_eq!(
            resource(
                "NotResource",
                r#""arn:aws:s3:::b/*""#,
                "arn:aws:s3:::b/k",
                Some(0),
                None
            )
            .view()
            .reason(),
            "the resource is excluded: NotResource lists `arn:aws:s3:::b/*`"
        );
        // A `Not` element that lists nothing of the request has no closest pattern.
        assert_eq!(
            action("NotAction", r#""iam:*""#, "s3:GetObject", None)
                .view()
                .reason(),
            "`s3:GetObject` is not listed in NotAction, so the statement covers it"
        );
        // Without what it compared, an element still reads as a sentence.
        let f = action("Action", r#""s3:Get*""#, "s3:PutObject", None);
        assert_eq!(
            f.e.reason(),
            "none of the listed actions matches the action"
        );
        let filled = ListedDetails {
            filled: Some("arn:aws:s3:::home/alice/*".into()),
            ..ListedDetails::default()
        };
        assert_eq!(
            resource("Resource", r#""arn:aws:s3:::home/${aws:username}/*""#, "arn:aws:s3:::home/alice/x", Some(0), Some(filled)).view().reason(),
            "`arn:aws:s3:::home/${aws:username}/*` (as `arn:aws:s3:::home/alice/*`) matches the resource"
        );
        let unfilled = ListedDetails {
            unfilled: vec![Arc::from("arn:aws:s3:::x/${aws:PrincipalTag/team}")],
            ..ListedDetails::default()
        };
        let f = resource(
            "Resource",
            r#"["arn:aws:s3:::Reports/*","arn:aws:s3:::x/${aws:PrincipalTag/team}"]"#,
            "arn:aws:s3:::reports/q1.csv",
            None,
            Some(unfilled),
        );
        let r = f.view().reason();
        assert!(
            r.contains("only the case differs") && r.contains("no value for this request"),
            "{r}"
        );
    }

    #[test]
    fn a_miss_names_the_closest_pattern() {
        let f = resource(
            "Resource",
            r#"["arn:aws:s3:::logs","arn:aws:s3:::reports/*"]"#,
            "arn:aws:s3:::reports",
            None,
            None,
        );
        let c = f.view().closest().unwrap();
        assert_eq!(c.pattern, "arn:aws:s3:::reports/*");
        assert_eq!(
            c.why,
            "it covers the objects in the bucket, not the bucket `arn:aws:s3:::reports`"
        );
        // Its location is where the pattern is written (quotes included).
        assert_eq!(c.location.line, 1);
        assert_eq!(c.location.end - c.location.start, 24);
        // A match has no closest pattern.
        let f = action("Action", r#""s3:*""#, "s3:GetObject", Some(0));
        assert!(f.view().closest().is_none());
    }

    #[test]
    fn json_names_the_value_the_patterns_and_the_closest() {
        let f = action("Action", r#""s3:*""#, "s3:GetObject", Some(0));
        let json = serde_json::to_value(f.view()).unwrap();
        assert_eq!(json["matched_pattern"], "s3:*");
        assert_eq!(json["reason"], "`s3:*` matches the action");
        assert_eq!(json["value"], "s3:GetObject");
        assert!(json.get("closest").is_none());
        assert!(json["matched_location"]["start"].is_u64());

        let patterns = r#"["ec2:Describe*","s3:GetObjekt"]"#;
        let f = action("Action", patterns, "s3:GetObject", None);
        let json = serde_json::to_value(f.view()).unwrap();
        assert_eq!(json["value"], "s3:GetObject");
        let listed: Vec<&str> = json["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["pattern"].as_str().unwrap())
            .collect();
        assert_eq!(listed, ["ec2:Describe*", "s3:GetObjekt"]);
        let second = &json["patterns"][1]["location"];
        assert_eq!(json["closest"]["pattern"], "s3:GetObjekt");
        assert_eq!(&json["closest"]["location"], second);
        let why = json["closest"]["why"].as_str().unwrap();
        assert!(
            why.starts_with("the action name differs by 1 letter: `GetObjekt` in the pattern, `GetObject` in the request; "),
            "{why}"
        );
        assert!(json.get("matched_pattern").is_none());
        // The location points at the pattern in the policy text.
        let text = format!(r#"{PREFIX}"Action":{patterns},"Resource":"*"}}]}}"#);
        let (start, end) = (
            second["start"].as_u64().unwrap() as usize,
            second["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], r#""s3:GetObjekt""#);
    }
}
