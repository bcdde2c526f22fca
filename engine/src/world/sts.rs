//! STS calls: the caller of AssumeRoleWithWebIdentity/SAML, the checks on an STS
//! call's parameters (session names, durations, role chaining, MFA, tags), session
//! policies, and the sessions that successful calls create.

use super::doc::{CallParams, ProviderType, RequestDoc};
use super::model::{Account, Role};
use super::run::{failed, ok, Actor, Creds, Failure, Runner, Session, SessionKind, SessionView};
use crate::case::NamedPolicy;
use crate::policy::{split_arn, Policy, PolicyKind};
use crate::principal::Caller;
use crate::reqcheck::did_you_mean;
use crate::values;
use indexmap::IndexMap;
use std::sync::Arc;

const SECOND: i128 = 1_000_000_000;

impl<'s> Runner<'s> {
    /// The caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML: whoever the
    /// identity provider vouches for. Authentication checks the token against the
    /// provider registered in the role's account.
    pub(super) fn federated_actor(&self, req: &RequestDoc, _at: i128) -> Result<Actor, Failure> {
        let saml = req.action.eq_ignore_ascii_case("sts:AssumeRoleWithSAML");
        let params = req.parameters.clone().unwrap_or_default();
        let role_account = split_arn(&req.resource)
            .map(|p| p[3].to_string())
            .unwrap_or_default();
        let acct = self.account(&role_account)?;
        if !req.who.anonymous {
            return Err(Failure::Invalid(format!(
                "{} is an unsigned call: write \"who\": {{\"anonymous\": true}} and put the token in `parameters`",
                req.action
            )));
        }
        let mut keys: Vec<(String, Vec<String>, bool)> = Vec::new();
        let (provider, method) = if saml {
            let assertion = params.saml_assertion.clone().unwrap_or_default();
            let name = params.principal_arn.clone().ok_or_else(|| {
                Failure::Invalid(
                    "AssumeRoleWithSAML needs `PrincipalArn` (the SAML provider)".into(),
                )
            })?;
            let short = name.rsplit('/').next().unwrap_or(&name).to_string();
            let Some(idp) = acct
                .identity_providers
                .get(&short)
                .filter(|p| p.kind == ProviderType::Saml)
            else {
                return Err(failed(
                    "SAML assertion",
                    format!(
                        "InvalidIdentityToken: account {} has no SAML provider `{short}`",
                        acct.id
                    ),
                ));
            };
            for (k, v) in &assertion {
                keys.push((format!("saml:{k}"), vec![v.clone()], false));
            }
            if !assertion.contains_key("aud") {
                keys.push((
                    "saml:aud".into(),
                    vec!["https://signin.aws.amazon.com/saml".into()],
                    false,
                ));
            }
            (idp.arn.clone(), format!("SAML assertion from {}", idp.name))
        } else {
            let token = params.web_identity_token.clone().ok_or_else(|| {
                Failure::Invalid("AssumeRoleWithWebIdentity needs `WebIdentityToken` (the token's claims: iss, aud, sub...)".into())
            })?;
            let iss = token
                .get("iss")
                .cloned()
                .ok_or_else(|| Failure::Invalid("the token has no `iss` claim".into()))?;
            let host = iss
                .trim_start_matches("https://")
                .trim_end_matches('/')
                .to_string();
            let well_known = [
                "accounts.google.com",
                "graph.facebook.com",
                "www.amazon.com",
                "cognito-identity.amazonaws.com",
            ];
            let provider = if well_known.contains(&host.as_str()) {
                host.clone()
            } else {
                let Some(idp) = acct
                    .identity_providers
                    .get(&host)
                    .filter(|p| p.kind == ProviderType::Oidc)
                else {
                    return Err(failed(format!("web identity token from {host}"), format!("InvalidIdentityToken: account {} has no OIDC provider for `{host}`; register it under identity_providers", acct.id)));
                };
                let aud = token.get("aud").cloned().unwrap_or_default();
                if !idp.audiences.contains(&aud) {
                    return Err(failed(format!("web identity token from {host}"), format!("InvalidIdentityToken: audience `{aud}` is not among the provider's client IDs ({})", idp.audiences.join(", "))));
                }
                idp.arn.clone()
            };
            for claim in ["aud", "sub", "azp", "amr", "oaud", "id"] {
                if let Some(v) = token.get(claim) {
                    let key = if host == "cognito-identity.amazonaws.com" || claim != "amr" {
                        format!("{host}:{claim}")
                    } else {
                        format!("{host}:amr")
                    };
                    keys.push((key, vec![v.clone()], claim == "amr"));
                }
            }
            (provider, format!("web identity token from {host}"))
        };
        let caller = Caller::federated_identity(&provider);
        Ok(Actor {
            display: format!("a user of {provider}"),
            caller,
            identity: Vec::new(),
            boundary: None,
            session_policies: Vec::new(),
            keys,
            creds: Creds::Unsigned,
            mfa: false,
            user: None,
            role_session: false,
            transitive: IndexMap::new(),
            source_identity: None,
            auth: ok(method, "the provider is registered and the token's audience is accepted (signatures are not checked in the playground)"),
        })
    }
    /// Checks an STS call's parameters; returns the context keys it adds and, for the
    /// AssumeRole family, the target role.
    #[allow(clippy::type_complexity)]
    pub(super) fn sts_checks(
        &self,
        req: &RequestDoc,
        actor: &Actor,
        p: &CallParams,
        _at: i128,
    ) -> Result<
        (
            Vec<(String, Vec<String>, bool)>,
            Option<(&'s Account, &'s Role)>,
        ),
        String,
    > {
        let action = req.action.to_ascii_lowercase();
        let mut keys: Vec<(String, Vec<String>, bool)> = Vec::new();
        for (k, v) in &p.tags {
            keys.push((format!("aws:RequestTag/{k}"), vec![v.clone()], false));
        }
        if !p.tags.is_empty() {
            keys.push(("aws:TagKeys".into(), p.tags.keys().cloned().collect(), true));
        }
        if !p.transitive_tag_keys.is_empty() {
            keys.push((
                "sts:TransitiveTagKeys".into(),
                p.transitive_tag_keys.clone(),
                true,
            ));
        }
        if let Some(si) = &p.source_identity {
            keys.push(("sts:SourceIdentity".into(), vec![si.clone()], false));
        }
        match action.as_str() {
            "sts:getfederationtoken" => {
                if actor.user.is_none() || actor.creds != Creds::AccessKey {
                    return Err(
                        "GetFederationToken must be called with an IAM user's long-term access key"
                            .into(),
                    );
                }
                let name = p.name.clone().ok_or("GetFederationToken needs `Name`")?;
                if !(2..=32).contains(&name.len()) {
                    return Err(format!(
                        "the federated user name `{name}` must have 2 to 32 characters"
                    ));
                }
                let d = p.duration_seconds.unwrap_or(43_200);
                if !(900..=129_600).contains(&d) {
                    return Err(format!(
                        "DurationSeconds {d} is outside 900 to 129600 for GetFederationToken"
                    ));
                }
                return Ok((keys, None));
            }
            "sts:getsessiontoken" => {
                if actor.user.is_none() || actor.creds != Creds::AccessKey {
                    return Err(
                        "GetSessionToken must be called with an IAM user's long-term access key"
                            .into(),
                    );
                }
                return Ok((keys, None));
            }
            _ => {}
        }
        // The root user calling AssumeRole is refused by the engine's service rule
        // (`service.rs`): the request is decided, and the trace says why.
        let [_, service, _, account, res] =
            split_arn(&req.resource).ok_or("the resource must be the role's ARN")?;
        let role_name = res
            .strip_prefix("role/")
            .map(|r| r.rsplit('/').next().unwrap_or(r));
        let (Some(role_name), "iam") = (role_name, service) else {
            return Err(format!("`{}` is not a role ARN", req.resource));
        };
        let acct = self
            .scenario
            .account(account)
            .ok_or(format!("no account `{account}` in the scenario"))?;
        let role = acct.roles.get(role_name).ok_or_else(|| {
            let help = did_you_mean(role_name, acct.roles.keys().map(String::as_str))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            format!("account {account} has no role `{role_name}`{help}")
        })?;
        if role.arn != req.resource {
            return Err(format!("the role's ARN is `{}` (with its path)", role.arn));
        }
        if let Some(n) = &p.role_session_name {
            if !(2..=64).contains(&n.len())
                || !n
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "=,.@_-".contains(c))
            {
                return Err(format!("RoleSessionName `{n}` must be 2 to 64 characters of letters, digits and =,.@_-"));
            }
            keys.push(("sts:RoleSessionName".into(), vec![n.clone()], false));
        } else if action == "sts:assumerole" {
            return Err("AssumeRole needs `RoleSessionName`".into());
        }
        if let Some(e) = &p.external_id {
            keys.push(("sts:ExternalId".into(), vec![e.clone()], false));
        }
        // IAM User Guide, "Chaining roles with session tags": transitive tags inherited
        // from the calling session cannot be changed in the chained session.
        if let Some(k) = p
            .tags
            .keys()
            .find(|k| actor.transitive.keys().any(|t| t.eq_ignore_ascii_case(k)))
        {
            return Err(format!(
                "the tag `{k}` is a transitive tag of the calling session, and a chained session cannot override it"
            ));
        }
        let d = p.duration_seconds.unwrap_or(3600);
        if d < 900 {
            return Err(format!(
                "DurationSeconds {d} is below the 900-second minimum"
            ));
        }
        if actor.role_session && d > 3600 {
            return Err(format!(
                "role chaining: a role session assuming a role gets at most one hour, and DurationSeconds asks for {d} seconds (IAM User Guide, \"Role chaining\")"
            ));
        }
        if d > role.max_session_duration {
            return Err(format!(
                "DurationSeconds {d} exceeds role {}'s maximum session duration of {} seconds",
                role.name, role.max_session_duration
            ));
        }
        if p.serial_number.is_some() != p.token_code.is_some() {
            return Err("MFA needs both `SerialNumber` and `TokenCode`".into());
        }
        if p.serial_number.is_some() {
            keys.push((
                "aws:MultiFactorAuthPresent".into(),
                vec!["true".into()],
                false,
            ));
            keys.push(("aws:MultiFactorAuthAge".into(), vec!["0".into()], false));
        }
        Ok((keys, Some((acct, role))))
    }
    pub(super) fn session_policies(
        &self,
        p: &CallParams,
        account: &Account,
    ) -> Result<Vec<NamedPolicy>, String> {
        let mut out = Vec::new();
        if let Some(doc) = &p.policy {
            let text = match doc {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let policy = Policy::parse(&text, PolicyKind::Session);
            if policy.has_errors() {
                let first = policy
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                return Err(format!(
                    "MalformedPolicyDocument: the session policy is invalid: {first}"
                ));
            }
            out.push(NamedPolicy {
                name: "inline session policy".into(),
                origin: Some("passed as Policy".into()),
                policy: Arc::new(policy),
            });
        }
        for a in &p.policy_arns {
            let name = a.rsplit('/').next().unwrap_or(a);
            // A customer managed policy of the role's account (by name or ARN), else
            // a shipped AWS managed policy.
            let own = !a.starts_with("arn:")
                || a.starts_with(&format!("arn:aws:iam::{}:policy/", account.id));
            let found = own.then(|| account.policies.get(name).cloned()).flatten();
            let found = found.or_else(|| {
                crate::managed::find(a)
                    .map(|m| Arc::new(Policy::parse(&m.document, PolicyKind::Session)))
            });
            let policy = found
                .ok_or_else(|| format!("no managed policy `{a}` to pass as a session policy"))?;
            out.push(NamedPolicy {
                name: name.to_string(),
                origin: Some("managed session policy, passed in PolicyArns".into()),
                policy: Arc::new(Policy {
                    kind: PolicyKind::Session,
                    ..(*policy).clone()
                }),
            });
        }
        Ok(out)
    }
    pub(super) fn create_session(
        &mut self,
        req: &RequestDoc,
        actor: &Actor,
        p: &CallParams,
        at: i128,
        target: Option<(&Account, &Role)>,
    ) -> Result<SessionView, String> {
        let action = req.action.to_ascii_lowercase();
        let session = match (action.as_str(), target, &actor.user) {
            ("sts:getfederationtoken", _, Some((acct_id, user))) => {
                let acct = self
                    .scenario
                    .account(acct_id)
                    .ok_or("the user's account is gone")?;
                let name = p.name.clone().unwrap_or_default();
                let d = i128::from(p.duration_seconds.unwrap_or(43_200));
                Session {
                    kind: SessionKind::Federated {
                        account: acct_id.clone(),
                        user: user.clone(),
                        name: name.clone(),
                    },
                    arn: format!("arn:aws:sts::{acct_id}:federated-user/{name}"),
                    issued: at,
                    expires: at + d * SECOND,
                    policies: self.session_policies(p, acct)?,
                    tags: p.tags.clone(),
                    transitive: Vec::new(),
                    source_identity: None,
                    mfa: false,
                    chained: false,
                    provider: None,
                }
            }
            ("sts:getsessiontoken", _, Some((acct_id, user))) => {
                let d = i128::from(p.duration_seconds.unwrap_or(43_200));
                let mfa = p.serial_number.is_some() && p.token_code.is_some();
                Session {
                    kind: SessionKind::User {
                        account: acct_id.clone(),
                        user: user.clone(),
                    },
                    arn: format!("arn:aws:iam::{acct_id}:user/{user}"),
                    issued: at,
                    expires: at + d * SECOND,
                    policies: Vec::new(),
                    tags: IndexMap::new(),
                    transitive: Vec::new(),
                    source_identity: None,
                    mfa,
                    chained: false,
                    provider: None,
                }
            }
            (_, Some((acct, role)), _) => {
                let name = p
                    .role_session_name
                    .clone()
                    .or_else(|| {
                        p.web_identity_token
                            .as_ref()
                            .and_then(|t| t.get("sub").cloned())
                            .map(|s| {
                                s.chars()
                                    .filter(|c| c.is_ascii_alphanumeric() || "=,.@_-".contains(*c))
                                    .take(64)
                                    .collect()
                            })
                    })
                    .unwrap_or_else(|| "session".into());
                let d = i128::from(p.duration_seconds.unwrap_or(3600));
                // Transitive tags of the calling session carry into the chained one.
                let mut tags = actor.transitive.clone();
                for (k, v) in &p.tags {
                    tags.insert(k.clone(), v.clone());
                }
                let mut transitive: Vec<String> = actor.transitive.keys().cloned().collect();
                transitive.extend(p.transitive_tag_keys.iter().cloned());
                Session {
                    policies: self.session_policies(p, acct)?,
                    tags,
                    transitive,
                    source_identity: p
                        .source_identity
                        .clone()
                        .or_else(|| actor.source_identity.clone()),
                    mfa: p.serial_number.is_some() || (actor.role_session && actor.mfa),
                    chained: actor.role_session,
                    provider: actor.caller.federated_provider.clone(),
                    ..Session::of_role(&acct.id, &role.name, &name, at, at + d * SECOND)
                }
            }
            _ => return Err("this STS call creates no session here".into()),
        };
        let view = SessionView {
            arn: session.arn.clone(),
            kind: match session.kind {
                SessionKind::Role { .. } => "role session".into(),
                SessionKind::Federated { .. } => "federated user".into(),
                SessionKind::User { .. } => "user session (GetSessionToken)".into(),
            },
            issued: values::format_date(session.issued),
            expires: values::format_date(session.expires),
            tags: session.tags.clone(),
            transitive_tag_keys: session.transitive.clone(),
            session_policies: session.policies.iter().map(|p| p.name.clone()).collect(),
            source_identity: session.source_identity.clone(),
            mfa: session.mfa,
            chained: session.chained,
        };
        self.sessions.insert(req.name.clone(), session);
        Ok(view)
    }
}
