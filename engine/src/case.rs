//! A request with every policy that applies to it already gathered: what the
//! evaluator decides. Case files (see `casefile`) and the world model both build these.

use crate::context::{Context, ContextValue};
use crate::policy::{split_arn, Policy};
use crate::principal::{Caller, PrincipalType};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// A policy together with the name the trace shows for it.
#[derive(Clone, Debug)]
pub struct NamedPolicy {
    /// Such as "identity policy 2" or "AmazonS3ReadOnlyAccess".
    pub name: String,
    /// Where the policy came from, such as "attached to group Developers".
    pub origin: Option<String>,
    /// Shared: the same policy (a managed policy attached in many places) is parsed once.
    pub policy: Arc<Policy>,
}

/// What kind of resource-side policy the request meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourcePolicyKind {
    /// An ordinary resource-based policy (bucket, queue, topic...).
    Resource,
    /// A role's trust policy: it must itself allow the caller.
    RoleTrust,
    /// A KMS key policy: it must itself allow the caller.
    KeyPolicy,
}

/// Actions a role's trust policy decides (lowercase): the AssumeRole calls and the
/// session extras they may carry (IAM User Guide, "Passing session tags in AWS STS",
/// "Monitor and control actions taken with assumed roles").
pub fn is_trust_action(action_lc: &str) -> bool {
    action_lc.starts_with("sts:assumerole")
        || matches!(
            action_lc,
            "sts:tagsession" | "sts:setsourceidentity" | "sts:setcontext"
        )
}

impl ResourcePolicyKind {
    /// The kind a request implies when the case does not say: `sts:AssumeRole*` on a role
    /// ARN is a trust policy, a KMS key ARN a key policy.
    pub fn infer(action: &str, resource: &str) -> ResourcePolicyKind {
        let action_lc = action.to_ascii_lowercase();
        match split_arn(resource) {
            Some([_, "iam", _, _, res])
                if res.starts_with("role/") && is_trust_action(&action_lc) =>
            {
                ResourcePolicyKind::RoleTrust
            }
            Some([_, "kms", _, _, res]) if res.starts_with("key/") => ResourcePolicyKind::KeyPolicy,
            _ => ResourcePolicyKind::Resource,
        }
    }

    /// The kind a case's resource-side policy is: as given, else inferred.
    pub fn of(case: &CaseView<'_>) -> ResourcePolicyKind {
        case.resource_policy_kind
            .unwrap_or_else(|| ResourcePolicyKind::infer(case.action, case.resource))
    }

    /// The evaluation layer a policy of this kind forms.
    pub fn layer(self) -> crate::trace::Layer {
        use crate::trace::Layer;
        match self {
            ResourcePolicyKind::Resource => Layer::Resource,
            ResourcePolicyKind::RoleTrust => Layer::RoleTrust,
            ResourcePolicyKind::KeyPolicy => Layer::KeyPolicy,
        }
    }

    pub fn must_allow(self) -> bool {
        self != ResourcePolicyKind::Resource
    }
}

#[derive(Clone, Debug)]
pub struct Request {
    pub action: String,
    pub resource: String,
    pub context: Context,
}

/// AWS's three outcomes, and `Invalid`: one of the case's policies is one AWS refuses
/// to store, so AWS never evaluates the request (the case gets no decision, only the
/// located errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
    Invalid,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "Allow" => Some(Decision::Allow),
            "ExplicitDeny" => Some(Decision::ExplicitDeny),
            "ImplicitDeny" => Some(Decision::ImplicitDeny),
            "Invalid" => Some(Decision::Invalid),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
            Decision::Invalid => "Invalid",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub principal: Caller,
    pub identity_policies: Vec<NamedPolicy>,
    pub permissions_boundary: Option<NamedPolicy>,
    pub session_policies: Vec<NamedPolicy>,
    pub resource_policy: Option<NamedPolicy>,
    /// `None`: inferred from the request.
    pub resource_policy_kind: Option<ResourcePolicyKind>,
    /// `None`: the account in the resource ARN, else the principal's account.
    pub resource_account: Option<String>,
    /// Levels from the organization root to the account; `None`: not in an organization.
    pub scps: Option<Vec<Vec<NamedPolicy>>>,
    pub rcps: Option<Vec<Vec<NamedPolicy>>>,
    pub endpoint_policy: Option<NamedPolicy>,
    pub management_account: Option<String>,
    pub request: Request,
    pub expected: Option<Decision>,
}

/// A case's inputs, borrowed: what the evaluator reads. A `Case` lends one
/// (`Case::view`); analysis builds them from shared parts without copying policies.
#[derive(Clone, Copy, Debug)]
pub struct CaseView<'a> {
    pub principal: &'a Caller,
    pub identity_policies: &'a [NamedPolicy],
    pub permissions_boundary: Option<&'a NamedPolicy>,
    pub session_policies: &'a [NamedPolicy],
    pub resource_policy: Option<&'a NamedPolicy>,
    /// `None`: inferred from the request.
    pub resource_policy_kind: Option<ResourcePolicyKind>,
    /// `None`: the account in the resource ARN, else the principal's account.
    pub resource_account: Option<&'a str>,
    /// Levels from the organization root to the account; `None`: not in an organization.
    pub scps: Option<&'a [Vec<NamedPolicy>]>,
    pub rcps: Option<&'a [Vec<NamedPolicy>]>,
    pub endpoint_policy: Option<&'a NamedPolicy>,
    pub management_account: Option<&'a str>,
    pub action: &'a str,
    pub resource: &'a str,
    pub context: &'a Context,
}

/// A case made ready for fast, repeated evaluation: the derived context keys are filled
/// in and the action is lowercased once.
#[derive(Debug)]
pub struct Prepared<'a> {
    pub case: CaseView<'a>,
    /// The request context with the derived keys added.
    pub context: Context,
    pub action_lc: Cow<'a, str>,
    /// The length of the service prefix in `action_lc`.
    service_len: usize,
    /// Whether the action and the resource are ASCII (the matchers' fast path).
    pub action_ascii: bool,
    pub resource_ascii: bool,
    pub resource_account: Option<Cow<'a, str>>,
    pub resource_kind: ResourcePolicyKind,
    /// Derived keys that could not be filled in, with the reason, for the trace.
    pub underived: Vec<(&'static str, &'static str)>,
    /// What traces share, made on first use.
    shared: OnceLock<Arc<Shared>>,
}

/// The parts of a prepared case that every trace of it shares rather than copies.
#[derive(Debug)]
pub struct Shared {
    pub caller: Arc<Caller>,
    /// The full context, derived keys included.
    pub context: Arc<[ContextValue]>,
    /// The request's action and resource, as written.
    pub action: Arc<str>,
    pub resource: Arc<str>,
}

impl Prepared<'_> {
    /// The action's service prefix, lowercase.
    pub fn service_lc(&self) -> &str {
        self.action_lc.get(..self.service_len).unwrap_or_default()
    }

    /// The caller, the full context, the action and the resource, shared by every trace
    /// of this prepared case.
    pub fn shared(&self) -> &Arc<Shared> {
        self.shared.get_or_init(|| {
            Arc::new(Shared {
                caller: Arc::new(self.case.principal.clone()),
                context: self.context.iter().cloned().collect(),
                action: Arc::from(self.case.action),
                resource: Arc::from(self.case.resource),
            })
        })
    }
}

impl Case {
    /// A case of `principal` making `request` with no policy at all, outside any
    /// organization: the start for a case built in code, with the policies it needs
    /// set on it (`Case { resource_policy: ..., ..Case::bare(p, r) }`).
    pub fn bare(principal: Caller, request: Request) -> Case {
        Case {
            name: String::new(),
            principal,
            identity_policies: Vec::new(),
            permissions_boundary: None,
            session_policies: Vec::new(),
            resource_policy: None,
            resource_policy_kind: None,
            resource_account: None,
            scps: None,
            rcps: None,
            endpoint_policy: None,
            management_account: None,
            request,
            expected: None,
        }
    }

    /// Borrows the case's inputs.
    pub fn view(&self) -> CaseView<'_> {
        CaseView {
            principal: &self.principal,
            identity_policies: &self.identity_policies,
            permissions_boundary: self.permissions_boundary.as_ref(),
            session_policies: &self.session_policies,
            resource_policy: self.resource_policy.as_ref(),
            resource_policy_kind: self.resource_policy_kind,
            resource_account: self.resource_account.as_deref(),
            scps: self.scps.as_deref(),
            rcps: self.rcps.as_deref(),
            endpoint_policy: self.endpoint_policy.as_ref(),
            management_account: self.management_account.as_deref(),
            action: &self.request.action,
            resource: &self.request.resource,
            context: &self.request.context,
        }
    }

    pub fn prepare(&self) -> Prepared<'_> {
        self.view().prepare()
    }
}

impl<'a> CaseView<'a> {
    /// `prepare` for a context that already holds every key `prepare` would derive
    /// (analysis builds such layers once per caller and resource): nothing is derived.
    /// `action_lc` must be the action in lowercase.
    pub fn prepare_ready(self, action_lc: &'a str) -> Prepared<'a> {
        Prepared {
            case: self,
            context: self.context.clone(),
            action_lc: Cow::Borrowed(action_lc),
            service_len: self.action.find(':').unwrap_or(self.action.len()),
            action_ascii: self.action.is_ascii(),
            resource_ascii: self.resource.is_ascii(),
            resource_account: self.resource_account.map(Cow::Borrowed),
            resource_kind: self
                .resource_policy_kind
                .unwrap_or_else(|| ResourcePolicyKind::infer(self.action, self.resource)),
            underived: Vec::new(),
            shared: OnceLock::new(),
        }
    }

    /// Fills in the derived context keys (a key the request or a shared layer already
    /// has is kept, so a layer that holds them makes this allocation-free).
    pub fn prepare(self) -> Prepared<'a> {
        let p = self.principal;
        let resource_account: Option<Cow<'a, str>> = self
            .resource_account
            .map(Cow::Borrowed)
            .or_else(|| {
                // `aws` (as in `arn:aws:iam::aws:policy/...`, an AWS managed policy) is
                // no account: such a resource is read in the caller's account.
                split_arn(self.resource)
                    .map(|[_, _, _, acct, _]| acct)
                    .filter(|a| !a.is_empty() && *a != "aws")
                    .map(Cow::Borrowed)
            })
            .or_else(|| p.account.as_deref().map(Cow::Borrowed));
        let mut ctx = self.context.clone();
        let mut underived = Vec::new();
        let arn = p.arn.as_deref().unwrap_or_default();
        match p.kind {
            PrincipalType::User => {
                ctx.derive_lc("aws:PrincipalArn", "aws:principalarn", arn);
                ctx.derive_lc("aws:PrincipalType", "aws:principaltype", "User");
                if ctx.get_lc("aws:username").is_none() {
                    ctx.derive_lc(
                        "aws:username",
                        "aws:username",
                        arn.rsplit('/').next().unwrap_or_default(),
                    );
                }
                if ctx.get_lc("aws:userid").is_none() {
                    underived.push((
                        "aws:userid",
                        "a user's ID is the unique ID AWS assigns (AIDA...): give it in the context",
                    ));
                }
            }
            PrincipalType::Root => {
                ctx.derive_lc("aws:PrincipalArn", "aws:principalarn", arn);
                ctx.derive_lc("aws:PrincipalType", "aws:principaltype", "Account");
                if let Some(a) = &p.account {
                    if ctx.get_lc("aws:userid").is_none() {
                        ctx.derive_lc("aws:userid", "aws:userid", a.clone());
                    }
                }
            }
            PrincipalType::AssumedRole => {
                if ctx.get_lc("aws:principalarn").is_none() {
                    ctx.derive_lc(
                        "aws:PrincipalArn",
                        "aws:principalarn",
                        p.role_arn.clone().unwrap_or_default(),
                    );
                }
                ctx.derive_lc("aws:PrincipalType", "aws:principaltype", "AssumedRole");
                if ctx.get_lc("aws:userid").is_none() {
                    underived.push((
                        "aws:userid",
                        "a role session's ID is the role's unique ID (AROA...) and the session name: give it in the context",
                    ));
                }
            }
            PrincipalType::Federated => {
                ctx.derive_lc("aws:PrincipalArn", "aws:principalarn", arn);
                ctx.derive_lc("aws:PrincipalType", "aws:principaltype", "FederatedUser");
                if let Some(a) = &p.account {
                    if ctx.get_lc("aws:userid").is_none() {
                        ctx.derive(
                            "aws:userid",
                            format!("{a}:{}", arn.rsplit('/').next().unwrap_or_default()),
                        );
                    }
                }
            }
            PrincipalType::Service => {
                if let Some(s) = &p.service {
                    ctx.derive_lc(
                        "aws:PrincipalServiceName",
                        "aws:principalservicename",
                        s.as_str(),
                    );
                }
            }
            PrincipalType::Anonymous => {
                ctx.derive_lc("aws:PrincipalType", "aws:principaltype", "Anonymous");
            }
            PrincipalType::FederatedIdentity => {
                if let Some(f) = &p.federated_provider {
                    ctx.derive_lc("aws:FederatedProvider", "aws:federatedprovider", f.as_str());
                }
            }
        }
        if let Some(a) = &p.account {
            ctx.derive_lc("aws:PrincipalAccount", "aws:principalaccount", a.as_str());
        }
        if !matches!(
            p.kind,
            PrincipalType::Anonymous | PrincipalType::FederatedIdentity
        ) {
            ctx.derive(
                "aws:PrincipalIsAWSService",
                if p.kind == PrincipalType::Service {
                    "true"
                } else {
                    "false"
                },
            );
        }
        if let Some(a) = &resource_account {
            ctx.derive_lc("aws:ResourceAccount", "aws:resourceaccount", &**a);
        }
        Prepared {
            case: self,
            context: ctx,
            action_lc: Cow::Owned(self.action.to_ascii_lowercase()),
            service_len: self.action.find(':').unwrap_or(self.action.len()),
            action_ascii: self.action.is_ascii(),
            resource_ascii: self.resource.is_ascii(),
            resource_account,
            resource_kind: self
                .resource_policy_kind
                .unwrap_or_else(|| ResourcePolicyKind::infer(self.action, self.resource)),
            underived,
            shared: OnceLock::new(),
        }
    }
}
