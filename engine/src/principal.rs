//! The caller of a request, and how the `Principal` element matches it.
//!
//! AWS checks a `Principal` against every identity a caller has: a user is also its
//! account; a role session is also its role and its account. A positive `Principal`
//! matches when any of them is listed; `NotPrincipal` leaves the caller out only when
//! all of them are listed (the IAM User Guide's NotPrincipal examples list the session,
//! the role and the account together).

use crate::policy::{is_account_id, split_arn, PrincipalBlock, PrincipalValue};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalType {
    User,
    Root,
    AssumedRole,
    Federated,
    Service,
    Anonymous,
    /// A user authenticated by an OIDC or SAML identity provider, calling
    /// AssumeRoleWithWebIdentity or AssumeRoleWithSAML (the `Federated` principal).
    FederatedIdentity,
}

impl PrincipalType {
    pub fn parse(s: &str) -> Option<PrincipalType> {
        Some(match s {
            "user" => PrincipalType::User,
            "root" => PrincipalType::Root,
            "assumed-role" => PrincipalType::AssumedRole,
            "federated" => PrincipalType::Federated,
            "service" => PrincipalType::Service,
            "anonymous" => PrincipalType::Anonymous,
            "federated-identity" => PrincipalType::FederatedIdentity,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            PrincipalType::User => "user",
            PrincipalType::Root => "root",
            PrincipalType::AssumedRole => "assumed-role",
            PrincipalType::Federated => "federated",
            PrincipalType::Service => "service",
            PrincipalType::Anonymous => "anonymous",
            PrincipalType::FederatedIdentity => "federated-identity",
        }
    }

    /// The type with its article, for sentences: "a user", "an anonymous".
    pub fn with_article(self) -> &'static str {
        match self {
            PrincipalType::User => "a user",
            PrincipalType::Root => "a root",
            PrincipalType::AssumedRole => "an assumed-role",
            PrincipalType::Federated => "a federated",
            PrincipalType::Service => "a service",
            PrincipalType::Anonymous => "an anonymous",
            PrincipalType::FederatedIdentity => "a federated-identity",
        }
    }

    /// Callers that belong to an account and so have identity-based permissions.
    pub fn has_identity(self) -> bool {
        matches!(
            self,
            PrincipalType::User
                | PrincipalType::Root
                | PrincipalType::AssumedRole
                | PrincipalType::Federated
        )
    }
}

/// Who makes the request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Caller {
    #[serde(rename = "type")]
    pub kind: PrincipalType,
    /// Absent only for anonymous callers.
    pub arn: Option<String>,
    pub account: Option<String>,
    #[serde(skip)]
    pub partition: String,
    /// For a role session: the role (with its path when given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// For a federated user: the IAM user that called GetFederationToken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_arn: Option<String>,
    /// For a service principal: its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// For a federated identity: the provider (`arn:aws:iam::ID:oidc-provider/HOST`,
    /// a SAML provider ARN, or a well-known name such as `accounts.google.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub federated_provider: Option<String>,
    /// A service-linked role's session: SCPs and RCPs do not apply.
    pub service_linked: bool,
}

/// How a `Principal` entry matched the caller. The order matters: a resource-based
/// policy that names the caller itself grants more than one that names its account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalMatch {
    /// The caller's account (ID or `:root` ARN): in the same account this delegates the
    /// decision to the account's identity-based policies.
    Account,
    /// The role behind a session, or the IAM user behind a federated user: the grant is
    /// still limited by permissions boundaries and session policies.
    Entity,
    /// The caller itself (user, session, federated user, root, service) or `*`.
    Direct,
}

/// What [`Caller::check_block`] found.
#[derive(Clone, Debug)]
pub struct BlockCheck {
    /// Whether the statement applies to the caller.
    pub applies: bool,
    /// How a `Principal` matched.
    pub matched: Option<PrincipalMatch>,
    /// The deciding entry's position: for `Principal` the strongest match; for
    /// `NotPrincipal`, when explaining, the first entry that lists the caller.
    pub hit: Option<usize>,
    /// Why, when explaining.
    pub reason: Option<String>,
}

/// The optional fields of a case's principal object.
#[derive(Clone, Debug, Default)]
pub struct CallerSpec {
    pub arn: Option<String>,
    pub kind: Option<String>,
    pub account: Option<String>,
    pub role_arn: Option<String>,
    pub user_arn: Option<String>,
    pub service: Option<String>,
    pub service_linked: bool,
}

impl Caller {
    pub fn anonymous() -> Caller {
        Caller {
            kind: PrincipalType::Anonymous,
            arn: None,
            account: None,
            partition: "aws".into(),
            role_arn: None,
            user_arn: None,
            service: None,
            federated_provider: None,
            service_linked: false,
        }
    }

    /// A user signed in through an identity provider (OIDC or SAML).
    pub fn federated_identity(provider: &str) -> Caller {
        Caller {
            kind: PrincipalType::FederatedIdentity,
            federated_provider: Some(provider.to_string()),
            ..Caller::anonymous()
        }
    }

    /// Derives the caller from its ARN and checks the optional fields agree with it.
    pub fn from_spec(spec: CallerSpec) -> Result<Caller, String> {
        let declared = match &spec.kind {
            Some(k) => Some(PrincipalType::parse(k).ok_or_else(|| {
                format!("unknown principal type `{k}`: use user, root, assumed-role, federated, service or anonymous")
            })?),
            None => None,
        };
        let Some(arn) = spec.arn.clone() else {
            return match declared {
                Some(PrincipalType::Anonymous) => Ok(Caller::anonymous()),
                _ => Err("the principal needs an `arn` (or `\"type\": \"anonymous\"` for an unsigned request)".into()),
            };
        };
        let mut caller = Caller {
            kind: PrincipalType::Anonymous,
            arn: Some(arn.clone()),
            account: None,
            partition: "aws".into(),
            role_arn: None,
            user_arn: None,
            service: None,
            federated_provider: None,
            service_linked: spec.service_linked,
        };
        if !arn.starts_with("arn:") {
            if arn.contains('.') && !arn.contains(['/', ':', '*']) {
                caller.kind = PrincipalType::Service;
                caller.service = Some(spec.service.clone().unwrap_or_else(|| arn.clone()));
            } else {
                return Err(format!(
                    "`{arn}` is not an ARN or a service principal such as ec2.amazonaws.com"
                ));
            }
        } else {
            let [partition, service, _, account, resource] =
                split_arn(&arn).ok_or_else(|| format!("`{arn}` is not a complete ARN"))?;
            if !is_account_id(account) {
                return Err(format!("`{arn}` has no 12-digit account ID"));
            }
            caller.partition = partition.to_string();
            caller.account = Some(account.to_string());
            let parts: Vec<&str> = resource.split('/').collect();
            caller.kind = match (service, parts.as_slice()) {
                ("iam", ["root"]) => PrincipalType::Root,
                ("iam", ["user", .., name]) if !name.is_empty() => PrincipalType::User,
                ("sts", ["assumed-role", role, session]) if !role.is_empty() && !session.is_empty() => {
                    caller.role_arn = Some(format!("arn:{partition}:iam::{account}:role/{role}"));
                    PrincipalType::AssumedRole
                }
                ("sts", ["federated-user", name]) if !name.is_empty() => PrincipalType::Federated,
                ("iam", ["role", ..]) => {
                    return Err(format!(
                        "`{arn}` is a role, and a role cannot make requests: its sessions do, as arn:{partition}:sts::{account}:assumed-role/NAME/SESSION"
                    ))
                }
                _ => return Err(format!("`{arn}` is not a user, root, assumed-role session or federated user ARN")),
            };
        }
        if let Some(d) = declared {
            if d != caller.kind {
                return Err(format!(
                    "`type` is `{}` but the ARN is of a {} principal",
                    d.name(),
                    caller.kind.name()
                ));
            }
        }
        if let Some(acct) = &spec.account {
            if caller.account.as_deref() != Some(acct.as_str()) {
                return Err(format!(
                    "`account` is `{acct}` but the ARN's account is `{}`",
                    caller.account.as_deref().unwrap_or("none")
                ));
            }
        }
        if let Some(role_arn) = spec.role_arn {
            if caller.kind != PrincipalType::AssumedRole {
                return Err("`role_arn` is only for assumed-role sessions".into());
            }
            let expected_name = arn.split('/').nth(1).unwrap_or_default();
            let ok = split_arn(&role_arn).is_some_and(|[_, svc, _, acct, res]| {
                svc == "iam"
                    && Some(acct) == caller.account.as_deref()
                    && res.starts_with("role/")
                    && res.rsplit('/').next() == Some(expected_name)
            });
            if !ok {
                return Err(format!("`role_arn` `{role_arn}` is not the ARN of role `{expected_name}` in the session's account"));
            }
            caller.role_arn = Some(role_arn);
        }
        if let Some(user_arn) = spec.user_arn {
            if caller.kind != PrincipalType::Federated {
                return Err("`user_arn` is only for federated users".into());
            }
            caller.user_arn = Some(user_arn);
        }
        if let Some(service) = spec.service {
            if caller.kind != PrincipalType::Service {
                return Err("`service` is only for service principals".into());
            }
            caller.service = Some(service);
        }
        Ok(caller)
    }

    /// The account root ARN of the caller's account.
    pub fn account_root(&self) -> Option<String> {
        self.account
            .as_ref()
            .map(|a| format!("arn:{}:iam::{a}:root", self.partition))
    }

    /// How one policy principal value matches the caller, if it does.
    pub fn match_value(&self, value: &PrincipalValue) -> Option<PrincipalMatch> {
        let arn = self.arn.as_deref();
        match value {
            PrincipalValue::Everyone => Some(PrincipalMatch::Direct),
            PrincipalValue::Account(a) if self.account.as_deref() == Some(a.as_str()) => {
                Some(if self.kind == PrincipalType::Root {
                    PrincipalMatch::Direct
                } else {
                    PrincipalMatch::Account
                })
            }
            PrincipalValue::User { arn: u }
                if self.kind == PrincipalType::User && arn == Some(u.as_str()) =>
            {
                Some(PrincipalMatch::Direct)
            }
            PrincipalValue::User { arn: u }
                if self.kind == PrincipalType::Federated
                    && self.user_arn.as_deref() == Some(u.as_str()) =>
            {
                Some(PrincipalMatch::Entity)
            }
            PrincipalValue::Role { arn: r } if self.role_arn.as_deref() == Some(r.as_str()) => {
                Some(PrincipalMatch::Entity)
            }
            PrincipalValue::RoleSession { arn: s }
                if self.kind == PrincipalType::AssumedRole && arn == Some(s.as_str()) =>
            {
                Some(PrincipalMatch::Direct)
            }
            PrincipalValue::FederatedUser { arn: f }
                if self.kind == PrincipalType::Federated && arn == Some(f.as_str()) =>
            {
                Some(PrincipalMatch::Direct)
            }
            PrincipalValue::Federated(p)
                if self
                    .federated_provider
                    .as_deref()
                    .is_some_and(|f| f.eq_ignore_ascii_case(p)) =>
            {
                Some(PrincipalMatch::Direct)
            }
            PrincipalValue::Service(s)
                if self
                    .service
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(s)) =>
            {
                Some(PrincipalMatch::Direct)
            }
            _ => None,
        }
    }

    /// The identities that must all be listed for `NotPrincipal` to leave the caller out.
    fn identities(&self) -> Vec<PrincipalValue> {
        let mut ids = Vec::new();
        if let Some(a) = &self.account {
            ids.push(PrincipalValue::Account(a.clone()));
        }
        let arn = self.arn.clone().unwrap_or_default();
        match self.kind {
            PrincipalType::User => ids.push(PrincipalValue::User { arn }),
            PrincipalType::AssumedRole => {
                if let Some(r) = &self.role_arn {
                    ids.push(PrincipalValue::Role { arn: r.clone() });
                }
                ids.push(PrincipalValue::RoleSession { arn });
            }
            PrincipalType::Federated => ids.push(PrincipalValue::FederatedUser { arn }),
            PrincipalType::Service => ids.push(PrincipalValue::Service(
                self.service.clone().unwrap_or_default(),
            )),
            PrincipalType::FederatedIdentity => ids.push(PrincipalValue::Federated(
                self.federated_provider.clone().unwrap_or_default(),
            )),
            PrincipalType::Root | PrincipalType::Anonymous => {}
        }
        ids
    }

    /// Checks a `Principal`/`NotPrincipal` block: whether the statement applies to the
    /// caller, how it matched (for `Principal`), and, when explaining, the deciding entry
    /// and a reason for the trace.
    pub fn check_block(&self, block: &PrincipalBlock, explain: bool) -> BlockCheck {
        if !block.negated {
            let mut best: Option<(PrincipalMatch, usize)> = None;
            for (i, e) in block.entries.iter().enumerate() {
                if let Some(m) = self.match_value(&e.value) {
                    if best.is_none_or(|(b, _)| m > b) {
                        best = Some((m, i));
                    }
                }
            }
            let reason = explain.then(|| {
                let text = best
                    .and_then(|(_, i)| block.entries.get(i))
                    .map_or("", |e| e.text.as_str());
                match best {
                    Some((m, _)) => match (m, &self.kind) {
                        (_, _) if text == "*" => "`*` matches every caller".to_string(),
                        (PrincipalMatch::Account, _) => {
                            format!("`{text}` is the caller's account")
                        }
                        (PrincipalMatch::Entity, PrincipalType::Federated) => {
                            format!("`{text}` is the IAM user behind this federated user")
                        }
                        (PrincipalMatch::Entity, _) => {
                            format!("`{text}` is the role behind this session")
                        }
                        (PrincipalMatch::Direct, _) => format!("`{text}` names the caller"),
                    },
                    None => format!("no listed principal is the caller `{}`", self.display()),
                }
            });
            BlockCheck {
                applies: best.is_some(),
                matched: best.map(|(m, _)| m),
                hit: best.map(|(_, i)| i),
                reason,
            }
        } else {
            let ids = self.identities();
            let everyone = block
                .entries
                .iter()
                .any(|e| e.value == PrincipalValue::Everyone);
            let listed = |id: &PrincipalValue| block.entries.iter().any(|e| &e.value == id);
            let all_listed = everyone || (!ids.is_empty() && ids.iter().all(listed));
            // The first entry that lists one of the caller's identities.
            let hit = if explain {
                block
                    .entries
                    .iter()
                    .position(|e| e.value == PrincipalValue::Everyone || ids.contains(&e.value))
            } else {
                None
            };
            let reason = explain.then(|| {
                if all_listed {
                    format!(
                        "NotPrincipal lists every identity of `{}`, so the statement leaves it out",
                        self.display()
                    )
                } else {
                    let missing: Vec<String> = ids
                        .iter()
                        .filter(|i| !listed(i))
                        .map(describe_identity)
                        .collect();
                    if missing.is_empty() {
                        format!(
                            "`{}` has no identity NotPrincipal can list, so the statement applies",
                            self.display()
                        )
                    } else {
                        format!(
                            "NotPrincipal does not list {}, so the statement applies to `{}`",
                            missing.join(" or "),
                            self.display()
                        )
                    }
                }
            });
            BlockCheck {
                applies: !all_listed,
                matched: None,
                hit,
                reason,
            }
        }
    }

    pub fn display(&self) -> String {
        match (&self.arn, &self.federated_provider) {
            (Some(a), _) => a.clone(),
            (None, Some(p)) => format!("a user of {p}"),
            (None, None) => "anonymous".into(),
        }
    }
}

fn describe_identity(id: &PrincipalValue) -> String {
    match id {
        PrincipalValue::Account(a) => format!("the account `{a}`"),
        PrincipalValue::User { arn }
        | PrincipalValue::Role { arn }
        | PrincipalValue::RoleSession { arn }
        | PrincipalValue::FederatedUser { arn } => {
            format!("`{arn}`")
        }
        PrincipalValue::Service(s) => format!("`{s}`"),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn caller(arn: &str) -> Caller {
        Caller::from_spec(CallerSpec {
            arn: Some(arn.into()),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn derives_types() {
        assert_eq!(
            caller("arn:aws:iam::111122223333:user/a/b").kind,
            PrincipalType::User
        );
        assert_eq!(
            caller("arn:aws:iam::111122223333:root").kind,
            PrincipalType::Root
        );
        let s = caller("arn:aws:sts::111122223333:assumed-role/R/s");
        assert_eq!(
            s.role_arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/R")
        );
        assert_eq!(caller("ec2.amazonaws.com").kind, PrincipalType::Service);
        assert!(Caller::from_spec(CallerSpec {
            arn: Some("arn:aws:iam::111122223333:role/R".into()),
            ..Default::default()
        })
        .unwrap_err()
        .contains("cannot make requests"));
        assert!(Caller::from_spec(CallerSpec {
            arn: Some("arn:aws:iam::111122223333:user/a".into()),
            kind: Some("root".into()),
            ..Default::default()
        })
        .is_err());
    }

    #[test]
    fn matches() {
        let s = caller("arn:aws:sts::111122223333:assumed-role/R/s");
        assert_eq!(
            s.match_value(&PrincipalValue::Account("111122223333".into())),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            s.match_value(&PrincipalValue::Role {
                arn: "arn:aws:iam::111122223333:role/R".into()
            }),
            Some(PrincipalMatch::Entity)
        );
        assert_eq!(
            s.match_value(&PrincipalValue::Account("444455556666".into())),
            None
        );
        let r = caller("arn:aws:iam::111122223333:root");
        assert_eq!(
            r.match_value(&PrincipalValue::Account("111122223333".into())),
            Some(PrincipalMatch::Direct)
        );
    }
}
