//! The scenario document: the JSON a learner writes, saves and shares.
//!
//! One versioned document (`"format": "iam-playground/scenario@1"`). Every field but
//! `format` is optional, and new fields will be optional too, so saved and shared
//! scenarios keep working. Collections of named things are JSON objects keyed by name
//! (names are unique in AWS too) and keep the order they were written in.
//!
//! ```json
//! {
//!   "format": "iam-playground/scenario@1",
//!   "name": "A group", "now": "2026-06-01T12:00:00Z",
//!   "accounts": {
//!     "111122223333": {
//!       "alias": "dev",
//!       "groups": { "Developers": { "policies": ["AmazonS3ReadOnlyAccess"] } },
//!       "users": { "alice": { "groups": ["Developers"],
//!                             "access_keys": [{ "id": "AKIAIOSFODNN7EXAMPLE" }] } },
//!       "resources": [{ "arn": "arn:aws:s3:::reports" }]
//!     }
//!   },
//!   "requests": [{ "name": "alice reads", "who": { "user": "alice" },
//!                  "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv",
//!                  "expect": "Allow" }]
//! }
//! ```

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `format` this engine reads.
pub const FORMAT: &str = "iam-playground/scenario@1";

/// The JSON Schema of the scenario document (for editors, the playground's
/// completion, and documentation sites). `docs/scenario.schema.json` holds it.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ScenarioDoc);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// A policy document as written (an object, or a string holding JSON).
pub type PolicyDoc = Value;

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDoc {
    /// The JSON Schema the document follows, for editors (the path or URL of
    /// `docs/scenario.schema.json`, or what `iam-eval schema` prints); the engine reads
    /// nothing from it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always `iam-playground/scenario@1` for this version.
    pub format: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The scenario's clock (ISO 8601). Requests may set their own `at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrgDoc>,
    /// Accounts by 12-digit ID.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub accounts: IndexMap<String, AccountDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<RequestDoc>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgDoc {
    /// Such as `o-a1b2c3d4e5`.
    pub id: String,
    pub management_account: String,
    /// SCPs and RCPs by name. `FullAWSAccess` and `RCPFullAWSAccess` always exist.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub policies: IndexMap<String, OrgPolicyDoc>,
    /// The organization root and, below it, the OU tree.
    #[serde(default)]
    pub root: OuDoc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrgPolicyType {
    Scp,
    Rcp,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgPolicyDoc {
    #[serde(rename = "type")]
    pub kind: OrgPolicyType,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub document: PolicyDoc,
}

/// The root or an organizational unit.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OuDoc {
    /// `r-...` for the root, `ou-...` for an OU; made up when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Attached SCP names; absent means `["FullAWSAccess"]`, as AWS attaches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<String>>,
    /// Attached RCP names; absent means `["RCPFullAWSAccess"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcps: Option<Vec<String>>,
    /// Child OUs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ous: Vec<OuDoc>,
    /// Account IDs placed directly here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// SCPs attached to the account itself (absent: `FullAWSAccess`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcps: Option<Vec<String>>,
    /// Whether the root user signs in with MFA.
    #[serde(default, skip_serializing_if = "is_false")]
    pub root_mfa: bool,
    /// Customer managed policies by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub policies: IndexMap<String, ManagedPolicyDoc>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub users: IndexMap<String, UserDoc>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub groups: IndexMap<String, GroupDoc>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub roles: IndexMap<String, RoleDoc>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub instance_profiles: IndexMap<String, InstanceProfileDoc>,
    /// EC2 instances by ID.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub instances: IndexMap<String, InstanceDoc>,
    /// OIDC providers by issuer host (`token.actions.githubusercontent.com`), SAML
    /// providers by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub identity_providers: IndexMap<String, IdentityProviderDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceDoc>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicyDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub document: PolicyDoc,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The unique ID (`AIDA...`); made up from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Attached managed policies: customer managed by name, AWS managed by name or ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    /// Inline policies by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub inline: IndexMap<String, PolicyDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
    /// Whether the user has an MFA device: a `{"user": ...}` request then signs in with
    /// MFA unless it says `"mfa": false`; GetSessionToken may pass the device's code.
    #[serde(default, skip_serializing_if = "is_false")]
    pub mfa: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_keys: Vec<AccessKeyDoc>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum KeyStatus {
    #[default]
    Active,
    Inactive,
    /// Kept only to tell the story: AWS forgets a deleted key entirely.
    Deleted,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessKeyDoc {
    /// `AKIA` followed by 16 characters.
    pub id: String,
    #[serde(default)]
    pub status: KeyStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// A date after which the key no longer authenticates (an organization's rotation
    /// rule; AWS keys themselves never expire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub inline: IndexMap<String, PolicyDoc>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The trust policy: who may assume the role.
    pub trust: PolicyDoc,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub inline: IndexMap<String, PolicyDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
    /// Seconds, 3600 to 43200 (AWS's range); default 3600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<u32>,
    /// A service-linked role: SCPs and RCPs do not restrict it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub service_linked: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceProfileDoc {
    pub role: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceDoc {
    pub profile: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderType {
    Oidc,
    Saml,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityProviderDoc {
    #[serde(rename = "type")]
    pub kind: ProviderType,
    /// OIDC: the client IDs (audiences) AWS accepts in tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceDoc {
    pub arn: String,
    /// The resource-based policy (bucket policy, key policy, queue policy...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDoc>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// Who makes a request. Exactly one of `user`, `root`, `role`, `session`, `instance`,
/// `service`, `access_key` or `anonymous`; `account` picks among same-named users or
/// roles.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhoDoc {
    /// An IAM user signed in to the console with its password, and with MFA when the
    /// user has a device (its `mfa`) unless `mfa` here is `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    /// Signs with the key an earlier `iam:CreateAccessKey` request created (by that
    /// request's name): its ID is only known once the request has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_from: Option<String>,
    /// An account's root user, by account ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// The request is made with this role's session credentials, as if the role had
    /// already been assumed: its trust policy is not checked here. An `sts:AssumeRole`
    /// request decides that step; add one to see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// The session created by an earlier STS request, by that request's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// An EC2 instance: it calls as its instance profile's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// An AWS service principal, such as `lambda.amazonaws.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// An unsigned request (also the caller of AssumeRoleWithWebIdentity/SAML).
    #[serde(default, skip_serializing_if = "is_false")]
    pub anonymous: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Whether the caller signed in with MFA. For `user`: default the user's `mfa` (a
    /// user with a device signs in with MFA); `true` for a user without a device fails
    /// authentication. For `root`: default the account's `root_mfa`. For `role`:
    /// default `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub who: WhoDoc,
    pub action: String,
    /// The resource ARN (`*` for actions without resources).
    #[serde(default = "star")]
    pub resource: String,
    /// Extra context keys: a string, number, boolean or array of them.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub context: IndexMap<String, Value>,
    /// Parameters of the call (STS, and IAM's access key calls), named as in the AWS
    /// APIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<CallParams>,
    /// When the request is made (ISO 8601); default: the scenario's `now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The policy of a VPC endpoint the request passes through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_policy: Option<PolicyDoc>,
    /// `Allow`, `ExplicitDeny`, `ImplicitDeny`, `AuthenticationFailed` or `Invalid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
}

fn star() -> String {
    "*".into()
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct CallParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_session_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// An inline session policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDoc>,
    /// Managed session policies, by name or ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_arns: Vec<String>,
    /// Session tags.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// The MFA device's serial number; with `TokenCode` the session counts as MFA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_code: Option<String>,
    /// GetFederationToken: the federated user's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// AssumeRoleWithWebIdentity: the token's claims (`iss`, `aud`, `sub`...), not a
    /// signed JWT: the playground does not check signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_identity_token: Option<IndexMap<String, String>>,
    /// AssumeRoleWithSAML: the provider's ARN or name, and the assertion's attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_arn: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "SAMLAssertion"
    )]
    pub saml_assertion: Option<IndexMap<String, String>>,
    /// UpdateAccessKey / DeleteAccessKey: the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// UpdateAccessKey: `Active` or `Inactive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<KeyStatus>,
}

/// [`aws_managed_refs`] of a document's text, read as the loader reads it (the engine's
/// own JSON reader, which takes numbers such as `1e400` that serde_json refuses), so the
/// browser fetches what the loader will ask for. Empty when the text is not JSON.
pub fn aws_managed_refs_in(text: &str) -> Vec<String> {
    crate::json::parse(text)
        .ok()
        .and_then(|root| crate::jsonde::from_node::<Value>(&root).ok())
        .map(|doc| aws_managed_refs(&doc))
        .unwrap_or_default()
}

/// The AWS managed policies a scenario document refers to, by bare name: attached to
/// users, groups and roles, set as boundaries, or passed in `PolicyArns`. A name that
/// is one of its account's customer managed policies is not one. The browser fetches
/// just these documents before it decides the scenario. Reads the document as a JSON
/// value (it may not load yet), so a malformed part is skipped, never an error.
pub fn aws_managed_refs(doc: &Value) -> Vec<String> {
    let strings = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => vec![],
        }
    };
    let is_aws = |r: &str| !r.starts_with("arn:") || r.starts_with("arn:aws:iam::aws:policy/");
    let mut out: Vec<String> = vec![];
    if let Some(Value::Object(accounts)) = doc.get("accounts") {
        for (id, a) in accounts {
            let own = format!("arn:aws:iam::{id}:policy/");
            let customer = a.get("policies").and_then(Value::as_object);
            let mut refs = vec![];
            for kind in ["users", "groups", "roles"] {
                for p in a
                    .get(kind)
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    refs.extend(strings(p.get("policies")));
                    refs.extend(strings(p.get("permissions_boundary")));
                }
            }
            for r in refs {
                let local = customer.is_some_and(|c| c.contains_key(&r));
                if !local && !r.starts_with(&own) && is_aws(&r) {
                    out.push(crate::managed::bare_name(&r).to_string());
                }
            }
        }
    }
    for r in doc
        .get("requests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let arns = strings(r.get("parameters").and_then(|p| p.get("PolicyArns")));
        out.extend(
            arns.iter()
                .filter(|a| is_aws(a))
                .map(|a| crate::managed::bare_name(a).to_string()),
        );
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod refs_tests {
    use super::*;

    #[test]
    fn aws_managed_references_are_found_and_customer_ones_are_not() {
        let doc: Value = serde_json::from_str(
            r#"{"format": "iam-playground/scenario@1", "accounts": {"111122223333": {
                "policies": {"Mine": {"document": {"Version": "2012-10-17", "Statement": []}}},
                "users": {"a": {"policies": ["Mine", "ReadOnlyAccess", "arn:aws:iam::111122223333:policy/Mine"],
                                "permissions_boundary": "arn:aws:iam::aws:policy/PowerUserAccess"}},
                "groups": {"g": {"policies": ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]}}
            }}}"#,
        )
        .unwrap();
        assert_eq!(
            aws_managed_refs(&doc),
            ["PowerUserAccess", "ReadOnlyAccess", "ViewOnlyAccess"]
        );
    }
}
