//! Policy documents: the grammar, read from a positioned JSON tree into a checked AST.
//!
//! Reading never fails: every problem becomes a [`Diagnostic`] with its location and
//! JSON path, and the AST keeps what could be read. AWS would refuse to store a policy
//! with any error-level diagnostic, so a case that holds one is `Invalid` (every error
//! carries its fix in `help`); warnings are about policies AWS stores and evaluates.

use crate::condition::{Condition, Operator};
use crate::diag::{Diagnostic, Location, Severity, Source};
use crate::glob::{ArnGlob, Glob};
use crate::json::{self, LineIndex, Node, Value};
use crate::vars::Template;
use serde::Serialize;
use std::sync::Arc;

mod read;

use read::string_list;

/// Where a policy is used: this decides which elements it may and must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    Identity,
    Resource,
    RoleTrust,
    KeyPolicy,
    PermissionsBoundary,
    Session,
    Scp,
    Rcp,
    EndpointPolicy,
}

impl PolicyKind {
    /// Resource-side policies name who they apply to.
    pub fn requires_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource
                | PolicyKind::RoleTrust
                | PolicyKind::KeyPolicy
                | PolicyKind::Rcp
                | PolicyKind::EndpointPolicy
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::Resource => "resource-based policy",
            PolicyKind::RoleTrust => "role trust policy",
            PolicyKind::KeyPolicy => "key policy",
            PolicyKind::PermissionsBoundary => "permissions boundary",
            PolicyKind::Session => "session policy",
            PolicyKind::Scp => "service control policy",
            PolicyKind::Rcp => "resource control policy",
            PolicyKind::EndpointPolicy => "VPC endpoint policy",
        }
    }
}

/// The kind a policy document is taken for when no one said, read from its content
/// (`iam-eval validate` without `--kind`), with the reason in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InferredKind {
    pub kind: PolicyKind,
    /// Such as "a statement has `Principal` and names `sts:AssumeRole`".
    pub reason: &'static str,
}

impl PolicyKind {
    /// Reads a policy's kind from its content: a statement with `Principal` (or
    /// `NotPrincipal`) makes it a resource-based policy; one that also names an
    /// `sts:AssumeRole*` action, a role trust policy; one whose actions are all `kms:`
    /// actions, a key policy; else an identity-based policy (a boundary, session policy
    /// or SCP reads the same, so only `--kind` tells those apart).
    pub fn infer(text: &str) -> InferredKind {
        let (mut principal, mut assume, mut kms, mut other) = (false, false, false, false);
        if let Ok(node) = json::parse(text) {
            let statements = match node.get("Statement").map(|s| &s.value) {
                Some(Value::Array(items)) => items.iter().collect(),
                Some(Value::Object(_)) => node.get("Statement").into_iter().collect(),
                _ => Vec::new(),
            };
            for st in statements {
                principal |= st.get("Principal").is_some() || st.get("NotPrincipal").is_some();
                let actions = st.get("Action").and_then(string_list).unwrap_or_default();
                for (_, a) in actions {
                    let a = a.to_ascii_lowercase();
                    assume |= a.starts_with("sts:assumerole");
                    if a.starts_with("kms:") {
                        kms = true;
                    } else {
                        other = true;
                    }
                }
            }
        }
        let (kind, reason) = match (principal, assume, kms && !other) {
            (true, true, _) => (
                PolicyKind::RoleTrust,
                "a statement has `Principal` and names `sts:AssumeRole*`",
            ),
            (true, false, true) => (
                PolicyKind::KeyPolicy,
                "a statement has `Principal` and every action is a `kms:` action",
            ),
            (true, false, false) => (PolicyKind::Resource, "a statement has `Principal`"),
            (false, ..) => (PolicyKind::Identity, "no statement has `Principal`"),
        };
        InferredKind { kind, reason }
    }

    /// The `--kind` word: `identity`, `resource`, `trust`, `key`, `boundary`, `session`,
    /// `scp`, `rcp` or `endpoint`.
    pub fn word(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::RoleTrust => "trust",
            PolicyKind::KeyPolicy => "key",
            PolicyKind::PermissionsBoundary => "boundary",
            PolicyKind::Session => "session",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
            PolicyKind::EndpointPolicy => "endpoint",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PolicyVersion {
    #[serde(rename = "2012-10-17")]
    V2012,
    #[serde(rename = "2008-10-17")]
    V2008,
    #[serde(rename = "absent")]
    Absent,
}

#[derive(Clone, Debug)]
pub struct Policy {
    pub kind: PolicyKind,
    pub version: PolicyVersion,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    pub diagnostics: Vec<Diagnostic>,
    pub location: Location,
}

impl Policy {
    /// Reads a policy from its own text.
    pub fn parse(text: &str, kind: PolicyKind) -> Policy {
        let lines = LineIndex::new(text);
        let src = Source {
            text,
            lines: &lines,
        };
        match json::parse(text) {
            Ok(node) => Policy::from_node(&node, kind, src, crate::json::Path::Text("")),
            Err(e) => {
                let location = src.locate(e.span);
                Policy {
                    kind,
                    version: PolicyVersion::Absent,
                    id: None,
                    statements: Vec::new(),
                    diagnostics: vec![Diagnostic {
                        severity: Severity::Error,
                        code: "invalid-json",
                        message: format!("invalid JSON: {}", e.message),
                        help: None,
                        location,
                        path: String::new(),
                    }],
                    location,
                }
            }
        }
    }

    /// Reads a policy from a JSON node of a larger document; `path` is the node's JSON
    /// path in that document (diagnostic paths start with it).
    pub fn from_node(
        node: &Node,
        kind: PolicyKind,
        src: Source<'_>,
        path: crate::json::Path<'_>,
    ) -> Policy {
        read::read(node, kind, src, path)
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether the policy only allows everything, as `FullAWSAccess` and
    /// `RCPFullAWSAccess` do: it has statements, each an Allow of `*` on `*` (to `*`)
    /// without conditions. Such a policy in an SCP or RCP level says nothing a reader
    /// needs, so the text trace folds it.
    pub fn allows_everything(&self) -> bool {
        !self.statements.is_empty()
            && !self.has_errors()
            && self.statements.iter().all(|st| {
                let star = |t: &str| t == "*";
                st.effect == Effect::Allow
                    && st.conditions.is_empty()
                    && !st.action.negated
                    && st.action.patterns.iter().any(|p| star(&p.text))
                    && st
                        .resource
                        .as_ref()
                        .is_none_or(|r| !r.negated && r.patterns.iter().any(|p| star(&p.text)))
                    && st.principal.as_ref().is_none_or(|p| {
                        !p.negated
                            && p.entries
                                .iter()
                                .any(|e| e.value == PrincipalValue::Everyone)
                    })
            })
    }
}

#[derive(Clone, Debug)]
pub struct Statement {
    /// Position in the policy's Statement list, from 0.
    pub index: usize,
    pub sid: Option<Arc<str>>,
    pub effect: Effect,
    pub action: ActionBlock,
    pub resource: Option<ResourceBlock>,
    pub principal: Option<PrincipalBlock>,
    pub conditions: Vec<Condition>,
    pub location: Location,
}

/// `Action` or `NotAction`.
#[derive(Clone, Debug)]
pub struct ActionBlock {
    pub negated: bool,
    pub patterns: Vec<ActionPattern>,
    pub location: Location,
    /// The service prefixes (lowercase) the patterns can match, or `None` when a
    /// pattern has a wildcard in its service part: a quick first test.
    pub services: Option<Vec<Box<str>>>,
}

impl ActionBlock {
    /// Whether some pattern matches the (lowercase) action: `service` is its prefix.
    pub fn hits(&self, action_lc: &str, service_lc: &str, ascii: bool) -> bool {
        if let Some(services) = &self.services {
            if !services.iter().any(|s| &**s == service_lc) {
                return false;
            }
        }
        self.patterns
            .iter()
            .any(|p| p.glob.is_match_known(action_lc, ascii))
    }
}

#[derive(Clone, Debug)]
pub struct ActionPattern {
    pub text: Arc<str>,
    /// The lowercase pattern: actions compare without regard to case.
    pub glob: Glob,
    /// Where the pattern is written in the policy text.
    pub location: Location,
}

/// `Resource` or `NotResource`.
#[derive(Clone, Debug)]
pub struct ResourceBlock {
    pub negated: bool,
    pub patterns: Vec<ResourcePattern>,
    pub location: Location,
}

#[derive(Clone, Debug)]
pub struct ResourcePattern {
    pub text: Arc<str>,
    /// Present when the pattern holds policy variables (2012-10-17 only).
    pub template: Option<Template>,
    /// The compiled pattern when there are no variables.
    pub glob: Option<ArnGlob>,
    /// Where the pattern is written in the policy text.
    pub location: Location,
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug)]
pub struct PrincipalBlock {
    pub negated: bool,
    pub entries: Vec<PrincipalEntry>,
    pub location: Location,
}

#[derive(Clone, Debug)]
pub struct PrincipalEntry {
    /// `*`, `AWS`, `Service`, `Federated` or `CanonicalUser`.
    pub key: &'static str,
    pub text: String,
    pub value: PrincipalValue,
    /// Where the entry is written in the policy text.
    pub location: Location,
}

/// A principal as written in a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalValue {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Everyone,
    /// An account ID or `arn:aws:iam::ID:root`.
    Account(String),
    User {
        arn: String,
    },
    Role {
        arn: String,
    },
    RoleSession {
        arn: String,
    },
    FederatedUser {
        arn: String,
    },
    Service(String),
    Federated(String),
    CanonicalUser(String),
}

/// Reads the parts of an ARN: partition, service, region, account, resource.
pub fn split_arn(arn: &str) -> Option<[&str; 5]> {
    let rest = arn.strip_prefix("arn:")?;
    // A byte scan: the parts are short, and `splitn` costs more than they do.
    fn cut(s: &str) -> Option<(&str, &str)> {
        let i = s.bytes().position(|b| b == b':')?;
        Some((s.get(..i)?, s.get(i + 1..)?))
    }
    let (partition, rest) = cut(rest)?;
    let (service, rest) = cut(rest)?;
    let (region, rest) = cut(rest)?;
    let (account, resource) = cut(rest)?;
    Some([partition, service, region, account, resource])
}

pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

impl PrincipalValue {
    /// Reads an `AWS` principal value.
    fn aws(text: &str) -> Result<PrincipalValue, (String, Option<String>)> {
        if text == "*" {
            return Ok(PrincipalValue::Everyone);
        }
        if is_account_id(text) {
            return Ok(PrincipalValue::Account(text.to_string()));
        }
        if text.contains('*') || text.contains('?') {
            return Err((
                format!("`{text}`: a principal cannot hold wildcards except `*` alone"),
                Some("name the principal exactly, or use `*` with a condition on `aws:PrincipalArn` (ArnLike)".into()),
            ));
        }
        let bad = || {
            (
                format!("`{text}` is not a valid AWS principal"),
                Some("use an account ID, or the ARN of an account root, user, role, assumed-role session or federated user".into()),
            )
        };
        let [_, service, _, account, resource] = split_arn(text).ok_or_else(bad)?;
        if !is_account_id(account) {
            return Err(bad());
        }
        match (service, resource.split_once('/')) {
            ("iam", None) if resource == "root" => Ok(PrincipalValue::Account(account.to_string())),
            ("iam", Some(("user", name))) if !name.is_empty() => Ok(PrincipalValue::User {
                arn: text.to_string(),
            }),
            ("iam", Some(("role", name))) if !name.is_empty() => Ok(PrincipalValue::Role {
                arn: text.to_string(),
            }),
            ("iam", Some(("group", _))) => Err((
                format!("`{text}`: an IAM group cannot be a principal"),
                Some("groups are not identities; name the users, or the account".into()),
            )),
            ("sts", Some(("assumed-role", rest)))
                if rest.split('/').count() == 2 && !rest.ends_with('/') =>
            {
                Ok(PrincipalValue::RoleSession {
                    arn: text.to_string(),
                })
            }
            ("sts", Some(("federated-user", name))) if !name.is_empty() => {
                Ok(PrincipalValue::FederatedUser {
                    arn: text.to_string(),
                })
            }
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests;
