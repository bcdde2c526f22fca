//! A request with every policy that applies to it already gathered: what the
//! evaluator decides. Case files (see `casefile`) and the world model both build these.

use crate::context::{Context, ContextValue};
use crate::policy::{split_arn, Policy};
use crate::principal::{Caller, PrincipalType};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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

/// AWS's three outcomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "Allow" => Some(Decision::Allow),
            "ExplicitDeny" => Some(Decision::ExplicitDeny),
            "ImplicitDeny" => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
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

/// A case made ready for fast, repeated evaluation: the derived context keys are filled
/// in and the action is lowercased once.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    pub case: &'a Case,
    /// The request context with the derived keys added.
    pub context: Context,
    /// The same context and the caller, shared with every trace.
    pub context_view: Arc<[ContextValue]>,
    pub caller: Arc<Caller>,
    pub action_lc: String,
    /// Whether the action and the resource are ASCII (the matchers' fast path).
    pub action_ascii: bool,
    pub resource_ascii: bool,
    pub resource_account: Option<String>,
    pub resource_kind: ResourcePolicyKind,
    /// Derived keys that could not be filled in, with the reason, for the trace.
    pub underived: Vec<(String, String)>,
}

impl Case {
    pub fn prepare(&self) -> Prepared<'_> {
        let p = &self.principal;
        let resource_account = self.resource_account.clone().or_else(|| {
            split_arn(&self.request.resource)
                .map(|[_, _, _, acct, _]| acct)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .or_else(|| p.account.clone())
        });
        let mut ctx = self.request.context.clone();
        let mut underived = Vec::new();
        let arn = p.arn.clone().unwrap_or_default();
        match p.kind {
            PrincipalType::User => {
                ctx.derive("aws:PrincipalArn", arn.clone());
                ctx.derive("aws:PrincipalType", "User");
                ctx.derive("aws:username", arn.rsplit('/').next().unwrap_or_default());
                underived.push((
                    "aws:userid".into(),
                    "a user's ID is the unique ID AWS assigns (AIDA...): give it in the context"
                        .into(),
                ));
            }
            PrincipalType::Root => {
                ctx.derive("aws:PrincipalArn", arn.clone());
                ctx.derive("aws:PrincipalType", "Account");
                if let Some(a) = &p.account {
                    ctx.derive("aws:userid", a.clone());
                }
            }
            PrincipalType::AssumedRole => {
                ctx.derive("aws:PrincipalArn", p.role_arn.clone().unwrap_or_default());
                ctx.derive("aws:PrincipalType", "AssumedRole");
                underived.push((
                    "aws:userid".into(),
                    "a role session's ID is the role's unique ID (AROA...) and the session name: give it in the context".into(),
                ));
            }
            PrincipalType::Federated => {
                ctx.derive("aws:PrincipalArn", arn.clone());
                ctx.derive("aws:PrincipalType", "FederatedUser");
                if let Some(a) = &p.account {
                    ctx.derive(
                        "aws:userid",
                        format!("{a}:{}", arn.rsplit('/').next().unwrap_or_default()),
                    );
                }
            }
            PrincipalType::Service => {
                if let Some(s) = &p.service {
                    ctx.derive("aws:PrincipalServiceName", s.clone());
                }
            }
            PrincipalType::Anonymous => {
                ctx.derive("aws:PrincipalType", "Anonymous");
            }
            PrincipalType::FederatedIdentity => {
                if let Some(f) = &p.federated_provider {
                    ctx.derive("aws:FederatedProvider", f.clone());
                }
            }
        }
        if let Some(a) = &p.account {
            ctx.derive("aws:PrincipalAccount", a.clone());
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
            ctx.derive("aws:ResourceAccount", a.clone());
        }
        Prepared {
            case: self,
            context_view: ctx.iter().cloned().collect(),
            caller: Arc::new(self.principal.clone()),
            context: ctx,
            action_lc: self.request.action.to_ascii_lowercase(),
            action_ascii: self.request.action.is_ascii(),
            resource_ascii: self.request.resource.is_ascii(),
            resource_account,
            resource_kind: self.resource_policy_kind.unwrap_or_else(|| {
                ResourcePolicyKind::infer(&self.request.action, &self.request.resource)
            }),
            underived,
        }
    }
}
