//! Rules the owning service applies whatever the policies say.
//!
//! Policies are evaluated as usual; these rules come after them (docs/AWS-RULES.md
//! lists each with its AWS source):
//! - `sts:GetCallerIdentity` needs no permission: any signed caller gets it, an
//!   explicit Deny included (STS API Reference, GetCallerIdentity);
//! - the bucket owner's root user can always get, put and delete its bucket's policy:
//!   the bucket policy does not bind those calls (S3 API Reference, PutBucketPolicy);
//! - some calls are refused by the service itself: changing an AWS managed policy,
//!   modifying one of IAM Identity Center's reserved roles, managing an `alias/aws/`
//!   KMS alias, and the root user calling `sts:AssumeRole`. The decision is then an
//!   implicit deny blocked by the service rule (`Layer::ServiceRule`).

use crate::policy::split_arn;
use crate::principal::PrincipalType;

/// A call the owning service refuses, with the documented reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// A sentence: what the service does not allow and why.
    pub reason: &'static str,
    /// Where AWS documents it.
    pub source: &'static str,
}

/// Whether the call needs no permission at all: `sts:GetCallerIdentity` by any signed
/// caller (an unsigned request is not authenticated, so it gets nothing).
pub fn needs_no_permission(action_lc: &str, caller: PrincipalType) -> bool {
    action_lc == "sts:getcalleridentity"
        && !matches!(
            caller,
            PrincipalType::Anonymous | PrincipalType::FederatedIdentity
        )
}

/// The sentence the trace gives for a call that needs no permission.
pub const NO_PERMISSION: &str = "no permission is required: STS returns the caller's identity to any signed caller, even when a policy explicitly denies sts:GetCallerIdentity, because the same information is returned when access is denied (STS API Reference, GetCallerIdentity)";

/// The S3 calls on a bucket's policy that the bucket owner's root user can always make.
const BUCKET_POLICY_CALLS: &[&str] = &[
    "s3:deletebucketpolicy",
    "s3:getbucketpolicy",
    "s3:putbucketpolicy",
];

/// Whether the bucket policy does not bind this call: the root user of the bucket's own
/// account getting, putting or deleting the bucket policy. S3 lets it do so even when
/// the bucket policy explicitly denies it, so an owner cannot lock itself out; only VPC
/// endpoint policies and Organizations policies (SCPs, RCPs) can block it. `same_account`:
/// the caller's account owns the bucket.
pub fn bucket_policy_exempt(action_lc: &str, caller: PrincipalType, same_account: bool) -> bool {
    caller == PrincipalType::Root && same_account && BUCKET_POLICY_CALLS.contains(&action_lc)
}

/// The sentence the trace gives for the bucket policy that does not bind the owner's root.
pub const BUCKET_OWNER_ROOT: &str = "the bucket policy does not bind this call: the root user of the bucket's account can always get, put and delete the bucket policy, even when it explicitly denies the root user, so the owner cannot lock itself out; only VPC endpoint policies and Organizations policies can block it (S3 API Reference, PutBucketPolicy, GetBucketPolicy and DeleteBucketPolicy)";

/// IAM calls that create, change, tag or delete a managed policy (the policy's ARN is
/// the resource).
const POLICY_CHANGES: &[&str] = &[
    "iam:createpolicy",
    "iam:createpolicyversion",
    "iam:deletepolicy",
    "iam:deletepolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:tagpolicy",
    "iam:untagpolicy",
];

/// IAM calls that modify or delete a role (the role's ARN is the resource).
const ROLE_CHANGES: &[&str] = &[
    "iam:attachrolepolicy",
    "iam:deleterole",
    "iam:deleterolepermissionsboundary",
    "iam:deleterolepolicy",
    "iam:detachrolepolicy",
    "iam:putrolepermissionsboundary",
    "iam:putrolepolicy",
    "iam:tagrole",
    "iam:untagrole",
    "iam:updateassumerolepolicy",
    "iam:updaterole",
    "iam:updateroledescription",
];

/// KMS calls that manage an alias (the alias's ARN is the resource).
const ALIAS_CHANGES: &[&str] = &["kms:createalias", "kms:deletealias", "kms:updatealias"];

/// The service rule that refuses this call, if any. `action_lc` is the action in
/// lowercase; `resource` the requested ARN.
pub fn refusal(action_lc: &str, resource: &str, caller: PrincipalType) -> Option<Refusal> {
    if caller == PrincipalType::Root && action_lc == "sts:assumerole" {
        return Some(Refusal {
            reason: "the root user cannot assume a role: AssumeRole must be called with the credentials of an IAM user or role, whatever the trust policy says",
            source: "STS API Reference, AssumeRole: you cannot use root user credentials to call it",
        });
    }
    let [_, service, _, account, res] = split_arn(resource)?;
    match service {
        "iam" if account == "aws"
            && res.starts_with("policy/")
            && POLICY_CHANGES.contains(&action_lc) =>
        {
            Some(Refusal {
                reason: "AWS managed policies are created and maintained by AWS: no one can create, change, tag or delete one (`arn:aws:iam::aws:policy/...`), whatever the policies allow",
                source: "IAM User Guide, AWS managed policies: you cannot change the permissions defined in them",
            })
        }
        "iam" if res.starts_with("role/aws-reserved/sso.amazonaws.com/")
            && ROLE_CHANGES.contains(&action_lc) =>
        {
            Some(Refusal {
                reason: "IAM Identity Center's roles (path `/aws-reserved/sso.amazonaws.com/`) are created and modified only by IAM Identity Center: change the permission set instead",
                source: "IAM Identity Center User Guide, IAM roles created by IAM Identity Center; IAM answers \"this role is only modifiable by AWS\"",
            })
        }
        "kms" if res.starts_with("alias/aws/") && ALIAS_CHANGES.contains(&action_lc) => {
            Some(Refusal {
                reason: "the `alias/aws/` prefix is reserved for AWS managed keys: no one can create, update or delete such an alias",
                source: "AWS KMS Developer Guide, Create aliases: the alias/aws/ prefix is reserved for AWS managed keys",
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let user = PrincipalType::User;
        assert!(needs_no_permission("sts:getcalleridentity", user));
        assert!(!needs_no_permission(
            "sts:getcalleridentity",
            PrincipalType::Anonymous
        ));
        assert!(refusal(
            "sts:assumerole",
            "arn:aws:iam::1:role/r",
            PrincipalType::Root
        )
        .is_some());
        assert!(refusal("sts:assumerole", "arn:aws:iam::1:role/r", user).is_none());
        let managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        assert!(refusal("iam:createpolicyversion", managed, user).is_some());
        assert!(refusal("iam:getpolicy", managed, user).is_none());
        assert!(refusal(
            "iam:deletepolicy",
            "arn:aws:iam::111122223333:policy/Mine",
            user
        )
        .is_none());
        let sso = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123";
        assert!(refusal("iam:attachrolepolicy", sso, user).is_some());
        assert!(refusal("iam:passrole", sso, user).is_none());
        let alias = "arn:aws:kms:us-east-1:111122223333:alias/aws/s3";
        assert!(refusal("kms:deletealias", alias, user).is_some());
        assert!(refusal(
            "kms:deletealias",
            "arn:aws:kms:us-east-1:111122223333:alias/app",
            user
        )
        .is_none());
    }
}
