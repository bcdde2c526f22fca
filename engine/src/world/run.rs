//! Playing a scenario's requests: authentication first, then the case the evaluator
//! decides (gathered from the world), then, for STS calls that succeed, the session
//! that later requests can use.

use super::doc::{CallParams, KeyStatus, ProviderType, RequestDoc, WhoDoc};
use super::model::{did_you_mean, short_resource, Account, Role, Scenario};
use crate::case::{Case, Decision, NamedPolicy, Request, ResourcePolicyKind};
use crate::context::Context;
use crate::eval::{decide, Outcome};
use crate::policy::{split_arn, Policy, PolicyKind};
use crate::principal::{Caller, CallerSpec};
use crate::trace::Trace;
use crate::values;
use indexmap::IndexMap;
use serde::Serialize;
use std::sync::Arc;

const HOUR: i128 = 3_600_000_000_000;
const SECOND: i128 = 1_000_000_000;

/// How a request proved who made it.
#[derive(Clone, Debug, Serialize)]
pub struct Authentication {
    pub ok: bool,
    /// Such as "access key AKIA... of user alice" or "temporary credentials".
    pub method: String,
    /// What was checked, or why it failed (with AWS's error code when it fails).
    pub detail: String,
}

/// What happened to one request.
#[derive(Clone, Debug, Serialize)]
pub struct RequestOutcome {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who, in words: "user alice (111122223333)".
    pub who: String,
    pub action: String,
    pub resource: String,
    /// When the request was made.
    pub at: String,
    pub authentication: Authentication,
    /// `Allow`, `ExplicitDeny`, `ImplicitDeny`, `AuthenticationFailed` or `Invalid`.
    pub result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// Why the request is invalid (bad parameters, unknown names...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// Further authorizations the call needs (sts:TagSession, sts:SetSourceIdentity).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_checked: Vec<ExtraCheck>,
    /// Facts about how the case was gathered ("the bucket is not in the scenario...").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The session an STS call created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionView>,
    /// The access key `iam:CreateAccessKey` created, with its secret: shown here once,
    /// never again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_access_key: Option<CreatedKey>,
    /// What `iam:ListAccessKeys` returns: metadata, never secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_keys: Option<Vec<KeyView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExtraCheck {
    pub action: String,
    pub decision: Decision,
    pub summary: String,
}

/// A new access key, as CreateAccessKey returns it.
#[derive(Clone, Debug, Serialize)]
pub struct CreatedKey {
    pub user: String,
    pub access_key_id: String,
    /// Shown once: AWS keeps no copy it can show again.
    pub secret_access_key: String,
}

/// An access key as ListAccessKeys shows it.
#[derive(Clone, Debug, Serialize)]
pub struct KeyView {
    pub access_key_id: String,
    pub status: KeyStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}

/// A key as the runner knows it: the scenario's keys, then what requests changed.
#[derive(Clone, Debug)]
struct KeyState {
    account: String,
    user: String,
    status: KeyStatus,
    created: Option<i128>,
    expires: Option<i128>,
}

/// A session as a learner sees it.
#[derive(Clone, Debug, Serialize)]
pub struct SessionView {
    pub arn: String,
    pub kind: String,
    pub issued: String,
    pub expires: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub session_policies: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    pub mfa: bool,
    /// Created by a role session assuming another role (limited to one hour).
    pub chained: bool,
}

/// Temporary credentials created by an STS call.
#[derive(Clone, Debug)]
struct Session {
    kind: SessionKind,
    arn: String,
    issued: i128,
    expires: i128,
    policies: Vec<NamedPolicy>,
    tags: IndexMap<String, String>,
    transitive: Vec<String>,
    source_identity: Option<String>,
    mfa: bool,
    chained: bool,
    /// For web identity / SAML sessions: the provider and the keys it brings.
    provider: Option<String>,
}

#[derive(Clone, Debug)]
enum SessionKind {
    Role {
        account: String,
        role: String,
        name: String,
    },
    Federated {
        account: String,
        user: String,
        name: String,
    },
    /// GetSessionToken: the user's own permissions, with MFA when a code was given.
    User { account: String, user: String },
}

/// The credentials a request was signed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Creds {
    Password,
    AccessKey,
    Temporary,
    Service,
    Unsigned,
}

/// The caller, resolved from the world, with everything its side of a case needs.
#[derive(Clone, Debug)]
struct Actor {
    caller: Caller,
    display: String,
    identity: Vec<NamedPolicy>,
    boundary: Option<NamedPolicy>,
    session_policies: Vec<NamedPolicy>,
    keys: Vec<(String, Vec<String>, bool)>,
    creds: Creds,
    mfa: bool,
    /// The IAM user behind the credentials (for GetFederationToken, GetSessionToken).
    user: Option<(String, String)>,
    /// The role behind a role session (for chaining).
    role_session: bool,
    transitive: IndexMap<String, String>,
    source_identity: Option<String>,
    auth: Authentication,
}

/// Plays requests in order, keeping the sessions STS calls create.
pub struct Runner<'s> {
    scenario: &'s Scenario,
    sessions: IndexMap<String, Session>,
    keys: IndexMap<String, KeyState>,
    /// How many keys requests have created (makes their IDs).
    created_keys: usize,
    /// The key each CreateAccessKey request made, by request name.
    key_by_request: IndexMap<String, String>,
}

enum Failure {
    Auth(Authentication),
    Invalid(String),
}

impl Scenario {
    /// Runs every request of the scenario in order.
    pub fn run(&self, explain: bool) -> Vec<RequestOutcome> {
        let mut runner = Runner::new(self);
        self.doc
            .requests
            .iter()
            .map(|r| runner.request(r, explain))
            .collect()
    }
}

fn ok(method: impl Into<String>, detail: impl Into<String>) -> Authentication {
    Authentication {
        ok: true,
        method: method.into(),
        detail: detail.into(),
    }
}

fn failed(method: impl Into<String>, detail: impl Into<String>) -> Failure {
    Failure::Auth(Authentication {
        ok: false,
        method: method.into(),
        detail: detail.into(),
    })
}

fn tag_keys(prefix: &str, tags: &IndexMap<String, String>) -> Vec<(String, Vec<String>, bool)> {
    tags.iter()
        .map(|(k, v)| (format!("{prefix}/{k}"), vec![v.clone()], false))
        .collect()
}

impl<'s> Runner<'s> {
    pub fn new(scenario: &'s Scenario) -> Runner<'s> {
        let mut keys = IndexMap::new();
        for a in &scenario.accounts {
            for u in a.users.values() {
                for k in &u.access_keys {
                    keys.entry(k.id.clone()).or_insert(KeyState {
                        account: a.id.clone(),
                        user: u.name.clone(),
                        status: k.status,
                        created: k.created,
                        expires: k.expires,
                    });
                }
            }
        }
        Runner {
            scenario,
            sessions: IndexMap::new(),
            keys,
            created_keys: 0,
            key_by_request: IndexMap::new(),
        }
    }

    /// Decides one request (and records the session an STS call creates).
    pub fn request(&mut self, req: &RequestDoc, explain: bool) -> RequestOutcome {
        let at = req
            .at
            .as_deref()
            .and_then(|t| values::date(t).ok())
            .unwrap_or(self.scenario.now);
        let mut out = RequestOutcome {
            name: req.name.clone(),
            description: req.description.clone(),
            who: describe_who(&req.who),
            action: req.action.clone(),
            resource: req.resource.clone(),
            at: values::format_date(at),
            authentication: ok("", ""),
            result: String::new(),
            decision: None,
            error: None,
            expected: req.expect.clone(),
            met: None,
            also_checked: Vec::new(),
            notes: Vec::new(),
            session: None,
            created_access_key: None,
            access_keys: None,
            trace: None,
        };
        let action_lc = req.action.to_ascii_lowercase();
        let sts_federated = matches!(
            action_lc.as_str(),
            "sts:assumerolewithwebidentity" | "sts:assumerolewithsaml"
        );
        let actor = if sts_federated {
            self.federated_actor(req, at)
        } else {
            self.actor(&req.who, at)
        };
        match actor {
            Err(Failure::Auth(a)) => {
                out.authentication = a;
                out.result = "AuthenticationFailed".into();
            }
            Err(Failure::Invalid(e)) => {
                out.authentication = ok("none", "the request could not be made");
                out.error = Some(e);
                out.result = "Invalid".into();
            }
            Ok(actor) => {
                out.who = actor.display.clone();
                out.authentication = actor.auth.clone();
                self.authorize(req, &actor, at, explain, &mut out);
            }
        }
        if let Some(e) = &req.expect {
            out.met = Some(*e == out.result);
        }
        out
    }

    fn authorize(
        &mut self,
        req: &RequestDoc,
        actor: &Actor,
        at: i128,
        explain: bool,
        out: &mut RequestOutcome,
    ) {
        let action_lc = req.action.to_ascii_lowercase();
        let params = req.parameters.clone().unwrap_or_default();
        let sts = matches!(
            action_lc.as_str(),
            "sts:assumerole"
                | "sts:assumerolewithwebidentity"
                | "sts:assumerolewithsaml"
                | "sts:getfederationtoken"
                | "sts:getsessiontoken"
        );
        let mut extra: Vec<(String, Vec<String>, bool)> = Vec::new();
        let mut target: Option<(&Account, &Role)> = None;
        if sts {
            match self.sts_checks(req, actor, &params, at) {
                Ok((keys, role)) => {
                    extra = keys;
                    target = role;
                }
                Err(e) => {
                    out.error = Some(e);
                    out.result = "Invalid".into();
                    return;
                }
            }
        }
        if action_lc == "sts:getsessiontoken" {
            // IAM User Guide, "Permissions for GetSessionToken": a user needs no
            // permission to get a session token; its purpose is to add MFA.
            out.notes.push("GetSessionToken needs no permission: any IAM user may call it with its access key; the session keeps the user's permissions, with MFA when a code was given".into());
            out.decision = Some(Decision::Allow);
            out.result = "Allow".into();
            match self.create_session(req, actor, &params, at, None) {
                Ok(view) => out.session = Some(view),
                Err(e) => {
                    out.error = Some(e);
                    out.result = "Invalid".into();
                }
            }
            return;
        }
        let (case, notes) = self.case_for(actor, req, &req.action, &req.resource, at, &extra);
        out.notes = notes;
        let outcome = decide(&case, explain);
        let mut decision = outcome.decision;
        // Passing session tags or a source identity needs its own permission, from
        // both sides (IAM User Guide, "Passing session tags in AWS STS").
        let mut needs: Vec<&str> = Vec::new();
        if sts && !params.tags.is_empty() {
            needs.push("sts:TagSession");
        }
        if sts && params.source_identity.is_some() {
            needs.push("sts:SetSourceIdentity");
        }
        for a in needs {
            let (case, _) = self.case_for(actor, req, a, &req.resource, at, &extra);
            let o: Outcome = decide(&case, true);
            let summary = o
                .trace
                .as_ref()
                .map(|t| t.summary.clone())
                .unwrap_or_default();
            if decision == Decision::Allow && o.decision != Decision::Allow {
                decision = o.decision;
            }
            out.also_checked.push(ExtraCheck {
                action: a.to_string(),
                decision: o.decision,
                summary,
            });
        }
        out.decision = Some(decision);
        out.result = decision.name().to_string();
        out.trace = outcome.trace;
        if decision == Decision::Allow && sts {
            match self.create_session(req, actor, &params, at, target) {
                Ok(view) => out.session = Some(view),
                Err(e) => {
                    out.error = Some(e);
                    out.result = "Invalid".into();
                }
            }
        }
        let key_call = matches!(
            action_lc.as_str(),
            "iam:createaccesskey"
                | "iam:updateaccesskey"
                | "iam:deleteaccesskey"
                | "iam:listaccesskeys"
        );
        if decision == Decision::Allow && key_call {
            if let Err(e) = self.access_key_call(req, &params, at, out) {
                out.error = Some(e);
                out.result = "Invalid".into();
            }
        }
    }

    /// IAM's access key calls change the world: a created key can sign later
    /// requests (its secret is shown once, in this outcome), an updated or deleted key
    /// stops authenticating at once.
    fn access_key_call(
        &mut self,
        req: &RequestDoc,
        p: &CallParams,
        at: i128,
        out: &mut RequestOutcome,
    ) -> Result<(), String> {
        let action = req.action.to_ascii_lowercase();
        let Some([_, "iam", _, account, res]) = split_arn(&req.resource) else {
            return Err(
                "the resource must be the user's ARN (arn:aws:iam::ACCOUNT:user/NAME)".into(),
            );
        };
        let Some(name) = res
            .strip_prefix("user/")
            .map(|r| r.rsplit('/').next().unwrap_or(r))
        else {
            return Err(
                "the resource must be the user's ARN (arn:aws:iam::ACCOUNT:user/NAME)".into(),
            );
        };
        let exists = self
            .scenario
            .account(account)
            .is_some_and(|a| a.users.contains_key(name));
        if !exists {
            return Err(format!(
                "NoSuchEntity: account {account} has no user `{name}`"
            ));
        }
        let own =
            |k: &KeyState| k.account == account && k.user == name && k.status != KeyStatus::Deleted;
        match action.as_str() {
            "iam:createaccesskey" => {
                if self.keys.values().filter(|k| own(k)).count() >= 2 {
                    return Err(format!("LimitExceeded: user {name} already has two access keys, the most AWS allows; delete one first"));
                }
                self.created_keys += 1;
                let seed = format!("{account}/{name}/{}", self.created_keys);
                let id = format!(
                    "AKIA{}",
                    super::model::pseudo_random(&seed, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                );
                let secret = super::model::pseudo_random(
                    &format!("{seed}/secret"),
                    40,
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                );
                self.keys.insert(
                    id.clone(),
                    KeyState {
                        account: account.to_string(),
                        user: name.to_string(),
                        status: KeyStatus::Active,
                        created: Some(at),
                        expires: None,
                    },
                );
                self.key_by_request.insert(req.name.clone(), id.clone());
                out.created_access_key = Some(CreatedKey {
                    user: name.to_string(),
                    access_key_id: id,
                    secret_access_key: secret,
                });
            }
            "iam:listaccesskeys" => {
                out.access_keys = Some(
                    self.keys
                        .iter()
                        .filter(|(_, k)| own(k))
                        .map(|(id, k)| KeyView {
                            access_key_id: id.clone(),
                            status: k.status,
                            created: k.created.map(values::format_date),
                        })
                        .collect(),
                );
            }
            "iam:updateaccesskey" | "iam:deleteaccesskey" => {
                let id = p
                    .access_key_id
                    .clone()
                    .ok_or("the call needs `AccessKeyId`")?;
                let key = self
                    .keys
                    .get_mut(&id)
                    .filter(|k| {
                        k.account == account && k.user == name && k.status != KeyStatus::Deleted
                    })
                    .ok_or_else(|| format!("NoSuchEntity: user {name} has no access key {id}"))?;
                key.status = if action == "iam:deleteaccesskey" {
                    KeyStatus::Deleted
                } else {
                    match p.status {
                        Some(KeyStatus::Deleted) | None => {
                            return Err("UpdateAccessKey needs `Status`: Active or Inactive".into())
                        }
                        Some(s) => s,
                    }
                };
            }
            _ => {}
        }
        Ok(())
    }

    /// Resolves `who` and authenticates it.
    fn actor(&self, who: &WhoDoc, at: i128) -> Result<Actor, Failure> {
        if let Some(r) = &who.key_from {
            let Some(key) = self.key_by_request.get(r) else {
                return Err(failed(
                    "access key",
                    format!("InvalidClientTokenId: request `{r}` created no access key"),
                ));
            };
            let mut who = who.clone();
            who.key_from = None;
            who.access_key = Some(key.clone());
            return self.actor(&who, at);
        }
        let chosen = [
            who.user.is_some() || (who.access_key.is_some() && who.user.is_none()),
            who.root.is_some(),
            who.role.is_some(),
            who.session.is_some(),
            who.instance.is_some(),
            who.service.is_some(),
            who.anonymous,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if chosen != 1 {
            return Err(Failure::Invalid(
                "`who` needs exactly one of user, access_key, root, role, session, instance, service or anonymous".into(),
            ));
        }
        if let Some(key) = &who.access_key {
            return self.user_by_key(key, who, at);
        }
        if let Some(u) = &who.user {
            let (acct, user) = self.find_user(u, who.account.as_deref())?;
            let mfa = who.mfa.unwrap_or(user.mfa);
            if mfa && !user.mfa {
                return Err(failed(
                    "console password",
                    format!("user {u} has no MFA device, so it cannot sign in with MFA"),
                ));
            }
            let mut a = self.user_actor(acct, &user.name, Creds::Password, mfa, None)?;
            a.auth = ok(
                "console sign-in with a password",
                if mfa {
                    "password and MFA code accepted"
                } else {
                    "password accepted (no MFA)"
                },
            );
            return Ok(a);
        }
        if let Some(acct) = &who.root {
            let account = self
                .scenario
                .account(acct)
                .ok_or_else(|| Failure::Invalid(format!("no account `{acct}` in the scenario")))?;
            let caller = caller_from_arn(&format!("arn:aws:iam::{acct}:root"))?;
            let mfa = who.mfa.unwrap_or(account.root_mfa);
            return Ok(Actor {
                display: format!("the root user of {}", account_label(account)),
                caller,
                identity: Vec::new(),
                boundary: None,
                session_policies: Vec::new(),
                keys: vec![
                    ("aws:MultiFactorAuthPresent".into(), vec![mfa.to_string()], false),
                ],
                creds: Creds::Password,
                mfa,
                user: None,
                role_session: false,
                transitive: IndexMap::new(),
                source_identity: None,
                auth: ok(
                    "root user sign-in",
                    "the account's email address and password (the root user needs no policy in its own account)",
                ),
            });
        }
        if let Some(r) = &who.role {
            let (acct, role) = self.find_role(r, who.account.as_deref())?;
            let name = who.session_name.clone().unwrap_or_else(|| "session".into());
            let session = Session {
                kind: SessionKind::Role {
                    account: acct.id.clone(),
                    role: role.name.clone(),
                    name: name.clone(),
                },
                arn: format!("arn:aws:sts::{}:assumed-role/{}/{name}", acct.id, role.name),
                issued: at,
                expires: at + HOUR,
                policies: Vec::new(),
                tags: IndexMap::new(),
                transitive: Vec::new(),
                source_identity: None,
                mfa: who.mfa.unwrap_or(false),
                chained: false,
                provider: None,
            };
            let mut a = self.session_actor(&session, at)?;
            a.auth = ok(
                "temporary credentials of a role session",
                format!("taken as already assumed: role {}'s trust policy is not checked here (make an sts:AssumeRole request to see that step)", role.name),
            );
            return Ok(a);
        }
        if let Some(s) = &who.session {
            let session = self.sessions.get(s).ok_or_else(|| {
                failed(
                    "temporary credentials",
                    format!("InvalidClientTokenId: request `{s}` created no session (it did not succeed)"),
                )
            })?;
            return self.session_actor(session, at);
        }
        if let Some(i) = &who.instance {
            let (acct, inst) = self
                .scenario
                .accounts
                .iter()
                .find_map(|a| a.instances.get(i).map(|inst| (a, inst)))
                .ok_or_else(|| Failure::Invalid(format!("no instance `{i}` in the scenario")))?;
            let role = acct.roles.get(&inst.role).ok_or_else(|| {
                Failure::Invalid(format!(
                    "instance {i}'s profile names no role of the account"
                ))
            })?;
            let session = Session {
                kind: SessionKind::Role {
                    account: acct.id.clone(),
                    role: role.name.clone(),
                    name: i.clone(),
                },
                arn: format!("arn:aws:sts::{}:assumed-role/{}/{i}", acct.id, role.name),
                issued: at - 5 * 60 * SECOND,
                expires: at + 5 * HOUR,
                policies: Vec::new(),
                tags: IndexMap::new(),
                transitive: Vec::new(),
                source_identity: None,
                mfa: false,
                chained: false,
                provider: None,
            };
            let mut a = self.session_actor(&session, at)?;
            a.display = format!(
                "instance {i} (as role {}, via instance profile {})",
                role.name, inst.profile
            );
            a.keys.push((
                "ec2:SourceInstanceARN".into(),
                vec![inst.arn.clone()],
                false,
            ));
            if let Some(vpc) = &inst.vpc {
                a.keys
                    .push(("aws:Ec2InstanceSourceVpc".into(), vec![vpc.clone()], false));
            }
            a.keys.push((
                "aws:RequestedRegion".into(),
                vec![inst.region.clone()],
                false,
            ));
            a.auth = ok(
                "temporary credentials from the instance metadata service",
                format!("EC2 assumed role {} for instance profile {}; the credentials are rotated automatically before they expire", role.name, inst.profile),
            );
            return Ok(a);
        }
        if let Some(s) = &who.service {
            let caller = Caller::from_spec(CallerSpec {
                arn: Some(s.clone()),
                ..CallerSpec::default()
            })
            .map_err(Failure::Invalid)?;
            return Ok(Actor {
                display: format!("the service {s}"),
                caller,
                identity: Vec::new(),
                boundary: None,
                session_policies: Vec::new(),
                keys: Vec::new(),
                creds: Creds::Service,
                mfa: false,
                user: None,
                role_session: false,
                transitive: IndexMap::new(),
                source_identity: None,
                auth: ok("AWS service", "a service principal, signed by AWS itself"),
            });
        }
        Ok(Actor {
            display: "anonymous".into(),
            caller: Caller::anonymous(),
            identity: Vec::new(),
            boundary: None,
            session_policies: Vec::new(),
            keys: Vec::new(),
            creds: Creds::Unsigned,
            mfa: false,
            user: None,
            role_session: false,
            transitive: IndexMap::new(),
            source_identity: None,
            auth: ok(
                "unsigned request",
                "no credentials: the caller is anonymous",
            ),
        })
    }

    fn find_user(
        &self,
        name: &str,
        account: Option<&str>,
    ) -> Result<(&'s Account, &'s super::model::User), Failure> {
        let hits: Vec<(&Account, &super::model::User)> = self
            .scenario
            .accounts
            .iter()
            .filter(|a| account.is_none_or(|x| x == a.id))
            .filter_map(|a| a.users.get(name).map(|u| (a, u)))
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => {
                let all = self
                    .scenario
                    .accounts
                    .iter()
                    .flat_map(|a| a.users.keys().map(String::as_str));
                let help = did_you_mean(name, all)
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                Err(Failure::Invalid(format!(
                    "no user `{name}` in the scenario{help}"
                )))
            }
            _ => Err(Failure::Invalid(format!(
                "several accounts have a user `{name}`: add `account`"
            ))),
        }
    }

    fn find_role(
        &self,
        name: &str,
        account: Option<&str>,
    ) -> Result<(&'s Account, &'s Role), Failure> {
        let hits: Vec<(&Account, &Role)> = self
            .scenario
            .accounts
            .iter()
            .filter(|a| account.is_none_or(|x| x == a.id))
            .filter_map(|a| a.roles.get(name).map(|r| (a, r)))
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => {
                let all = self
                    .scenario
                    .accounts
                    .iter()
                    .flat_map(|a| a.roles.keys().map(String::as_str));
                let help = did_you_mean(name, all)
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                Err(Failure::Invalid(format!(
                    "no role `{name}` in the scenario{help}"
                )))
            }
            _ => Err(Failure::Invalid(format!(
                "several accounts have a role `{name}`: add `account`"
            ))),
        }
    }

    fn user_by_key(&self, key: &str, who: &WhoDoc, at: i128) -> Result<Actor, Failure> {
        let method = format!("access key {key}");
        let found = self.keys.get(key).and_then(|k| {
            let a = self.scenario.account(&k.account)?;
            Some((a, a.users.get(&k.user)?, k))
        });
        let Some((acct, user, k)) = found else {
            return Err(failed(method, "InvalidClientTokenId: no user has this access key, so the signature identifies nobody"));
        };
        if let Some(u) = &who.user {
            if *u != user.name {
                return Err(Failure::Invalid(format!(
                    "access key {key} belongs to user {}, not {u}",
                    user.name
                )));
            }
        }
        match k.status {
            KeyStatus::Deleted => {
                return Err(failed(method, format!("InvalidClientTokenId: the key was deleted; AWS no longer knows it (user {})", user.name)))
            }
            KeyStatus::Inactive => {
                return Err(failed(method, format!("InvalidClientTokenId: the key of user {} is Inactive; make it Active again or use another key", user.name)))
            }
            KeyStatus::Active => {}
        }
        if let Some(exp) = k.expires {
            if at > exp {
                return Err(failed(
                    method,
                    format!(
                        "the key expired at {} (an expiry the scenario set)",
                        values::format_date(exp)
                    ),
                ));
            }
        }
        if let Some(created) = k.created {
            if at < created {
                return Err(failed(
                    method,
                    format!(
                        "InvalidClientTokenId: the key is only created at {}",
                        values::format_date(created)
                    ),
                ));
            }
        }
        let mut a = self.user_actor(acct, &user.name, Creds::AccessKey, false, None)?;
        a.auth = ok(
            method,
            format!("the key is Active and belongs to user {} (long-term credentials: aws:MultiFactorAuthPresent is absent)", user.name),
        );
        Ok(a)
    }

    fn user_actor(
        &self,
        acct: &Account,
        name: &str,
        creds: Creds,
        mfa: bool,
        issued: Option<i128>,
    ) -> Result<Actor, Failure> {
        let user = acct
            .users
            .get(name)
            .ok_or_else(|| Failure::Invalid(format!("no user `{name}` in account {}", acct.id)))?;
        let caller = caller_from_arn(&user.arn)?;
        let mut keys = vec![("aws:userid".to_string(), vec![user.id.clone()], false)];
        keys.extend(tag_keys("aws:PrincipalTag", &user.tags));
        match creds {
            Creds::AccessKey => {}
            _ => keys.push((
                "aws:MultiFactorAuthPresent".into(),
                vec![mfa.to_string()],
                false,
            )),
        }
        if mfa {
            keys.push(("aws:MultiFactorAuthAge".into(), vec!["60".into()], false));
        }
        if let Some(t) = issued {
            keys.push((
                "aws:TokenIssueTime".into(),
                vec![values::format_date(t)],
                false,
            ));
        }
        Ok(Actor {
            display: format!("user {name} ({})", account_label(acct)),
            caller,
            identity: user.policies.clone(),
            boundary: user.boundary.clone(),
            session_policies: Vec::new(),
            keys,
            creds,
            mfa,
            user: Some((acct.id.clone(), name.to_string())),
            role_session: false,
            transitive: IndexMap::new(),
            source_identity: None,
            auth: ok("", ""),
        })
    }

    fn session_actor(&self, s: &Session, at: i128) -> Result<Actor, Failure> {
        if at >= s.expires {
            return Err(failed(
                "temporary credentials",
                format!(
                    "ExpiredToken: the session {} expired at {}",
                    s.arn,
                    values::format_date(s.expires)
                ),
            ));
        }
        if at < s.issued {
            return Err(failed(
                "temporary credentials",
                format!(
                    "the session {} only exists from {}",
                    s.arn,
                    values::format_date(s.issued)
                ),
            ));
        }
        let auth = ok(
            "temporary credentials",
            format!("valid until {}", values::format_date(s.expires)),
        );
        let mut keys = vec![
            (
                "aws:TokenIssueTime".to_string(),
                vec![values::format_date(s.issued)],
                false,
            ),
            (
                "aws:MultiFactorAuthPresent".to_string(),
                vec![s.mfa.to_string()],
                false,
            ),
        ];
        if let Some(si) = &s.source_identity {
            keys.push(("aws:SourceIdentity".into(), vec![si.clone()], false));
        }
        if let Some(p) = &s.provider {
            keys.push(("aws:FederatedProvider".into(), vec![p.clone()], false));
        }
        match &s.kind {
            SessionKind::Role {
                account,
                role,
                name,
            } => {
                let acct = self.account(account)?;
                let r = acct
                    .roles
                    .get(role)
                    .ok_or_else(|| Failure::Invalid(format!("role {role} is gone")))?;
                let caller = Caller::from_spec(CallerSpec {
                    arn: Some(s.arn.clone()),
                    role_arn: Some(r.arn.clone()),
                    service_linked: r.service_linked,
                    ..CallerSpec::default()
                })
                .map_err(Failure::Invalid)?;
                // Session tags override the role's tags with the same key.
                let mut tags = r.tags.clone();
                for (k, v) in &s.tags {
                    tags.insert(k.clone(), v.clone());
                }
                keys.push(("aws:userid".into(), vec![format!("{}:{name}", r.id)], false));
                keys.extend(tag_keys("aws:PrincipalTag", &tags));
                let transitive = s
                    .tags
                    .iter()
                    .filter(|(k, _)| s.transitive.iter().any(|t| t.eq_ignore_ascii_case(k)))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Ok(Actor {
                    display: format!(
                        "role session {} of role {role} ({})",
                        name,
                        account_label(acct)
                    ),
                    caller,
                    identity: r.policies.clone(),
                    boundary: r.boundary.clone(),
                    session_policies: s.policies.clone(),
                    keys,
                    creds: Creds::Temporary,
                    mfa: s.mfa,
                    user: None,
                    role_session: true,
                    transitive,
                    source_identity: s.source_identity.clone(),
                    auth,
                })
            }
            SessionKind::Federated {
                account,
                user,
                name,
            } => {
                let acct = self.account(account)?;
                let u = acct
                    .users
                    .get(user)
                    .ok_or_else(|| Failure::Invalid(format!("user {user} is gone")))?;
                let caller = Caller::from_spec(CallerSpec {
                    arn: Some(s.arn.clone()),
                    user_arn: Some(u.arn.clone()),
                    ..CallerSpec::default()
                })
                .map_err(Failure::Invalid)?;
                keys.extend(tag_keys("aws:PrincipalTag", &s.tags));
                Ok(Actor {
                    display: format!(
                        "federated user {name} (via user {user}, {})",
                        account_label(acct)
                    ),
                    caller,
                    identity: u.policies.clone(),
                    boundary: u.boundary.clone(),
                    session_policies: s.policies.clone(),
                    keys,
                    creds: Creds::Temporary,
                    mfa: s.mfa,
                    user: Some((account.clone(), user.clone())),
                    role_session: false,
                    transitive: IndexMap::new(),
                    source_identity: None,
                    auth,
                })
            }
            SessionKind::User { account, user } => {
                let acct = self.account(account)?;
                let mut a = self.user_actor(acct, user, Creds::Temporary, s.mfa, Some(s.issued))?;
                a.display = format!(
                    "user {user} ({}) with session credentials",
                    account_label(acct)
                );
                a.auth = auth;
                Ok(a)
            }
        }
    }

    fn account(&self, id: &str) -> Result<&'s Account, Failure> {
        self.scenario
            .account(id)
            .ok_or_else(|| Failure::Invalid(format!("no account `{id}` in the scenario")))
    }

    /// The caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML: whoever the
    /// identity provider vouches for. Authentication checks the token against the
    /// provider registered in the role's account.
    fn federated_actor(&self, req: &RequestDoc, _at: i128) -> Result<Actor, Failure> {
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
    fn sts_checks(
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
        if actor.caller.kind == crate::principal::PrincipalType::Root {
            return Err("AccessDenied: the root user cannot assume roles; sign in as an IAM user or use a role session (STS API reference, AssumeRole)".into());
        }
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

    fn session_policies(
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
            #[cfg(feature = "bundled-data")]
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

    fn create_session(
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
                    kind: SessionKind::Role {
                        account: acct.id.clone(),
                        role: role.name.clone(),
                        name: name.clone(),
                    },
                    arn: format!("arn:aws:sts::{}:assumed-role/{}/{name}", acct.id, role.name),
                    issued: at,
                    expires: at + d * SECOND,
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

    /// Gathers the case for `actor` calling `action` on `resource`.
    fn case_for(
        &self,
        actor: &Actor,
        req: &RequestDoc,
        action: &str,
        resource: &str,
        at: i128,
        extra: &[(String, Vec<String>, bool)],
    ) -> (Case, Vec<String>) {
        build_case(
            self.scenario,
            actor_side(actor),
            req,
            action,
            resource,
            at,
            extra,
        )
    }
}

/// The caller's half of a case, borrowed from an actor (or built for analysis).
pub(crate) struct CallerSide<'a> {
    pub caller: &'a Caller,
    pub identity: &'a [NamedPolicy],
    pub boundary: Option<&'a NamedPolicy>,
    pub session_policies: &'a [NamedPolicy],
    pub keys: &'a [(String, Vec<String>, bool)],
}

fn actor_side(a: &Actor) -> CallerSide<'_> {
    CallerSide {
        caller: &a.caller,
        identity: &a.identity,
        boundary: a.boundary.as_ref(),
        session_policies: &a.session_policies,
        keys: &a.keys,
    }
}

/// The resource a request names, as the scenario knows it.
pub(crate) struct Target<'a> {
    pub owner: Option<String>,
    pub policy: Option<&'a NamedPolicy>,
    pub tags: Option<&'a IndexMap<String, String>>,
    pub kind: Option<ResourcePolicyKind>,
    pub note: Option<String>,
}

pub(crate) fn find_target<'a>(s: &'a Scenario, action: &str, resource: &str) -> Target<'a> {
    let action_lc = action.to_ascii_lowercase();
    let parts = split_arn(resource);
    if let Some([_, "iam", _, account, res]) = parts {
        if let (Some(role_name), true) = (
            res.strip_prefix("role/"),
            crate::case::is_trust_action(&action_lc),
        ) {
            let name = role_name.rsplit('/').next().unwrap_or(role_name);
            if let Some(role) = s.account(account).and_then(|a| a.roles.get(name)) {
                return Target {
                    owner: Some(account.to_string()),
                    policy: Some(&role.trust),
                    tags: Some(&role.tags),
                    kind: Some(ResourcePolicyKind::RoleTrust),
                    note: None,
                };
            }
        }
    }
    if let Some([_, "iam", _, account, res]) = parts {
        let acct = s.account(account);
        let name = res.rsplit('/').next().unwrap_or(res);
        let tags = match res.split('/').next() {
            Some("user") => acct.and_then(|a| a.users.get(name)).map(|u| &u.tags),
            Some("role") => acct.and_then(|a| a.roles.get(name)).map(|r| &r.tags),
            _ => None,
        };
        let known = tags.is_some()
            || (res.starts_with("group/") && acct.is_some_and(|a| a.groups.contains_key(name)));
        if known {
            return Target {
                owner: Some(account.to_string()),
                policy: None,
                tags,
                kind: Some(ResourcePolicyKind::Resource),
                note: None,
            };
        }
    }
    let exact = s.resource(resource);
    let bucket = || {
        let b = resource.split('/').next().unwrap_or(resource);
        s.resource(b)
            .filter(|_| resource.starts_with("arn:aws:s3:::") && b != resource)
    };
    if let Some((a, r)) = exact.or_else(bucket) {
        let kind = if r.arn.starts_with("arn:aws:kms:") {
            Some(ResourcePolicyKind::KeyPolicy)
        } else {
            None
        };
        let note = (r.arn != resource).then(|| {
            format!(
                "the object is in bucket {}, so the bucket's policy and owner apply",
                short_resource(&r.arn)
            )
        });
        return Target {
            owner: Some(a.id.clone()),
            policy: r.policy.as_ref(),
            tags: Some(&r.tags),
            kind,
            note,
        };
    }
    match parts {
        Some([_, svc, _, account, _]) if !account.is_empty() => Target {
            owner: Some(account.to_string()),
            policy: None,
            tags: None,
            kind: (svc == "kms").then_some(ResourcePolicyKind::KeyPolicy),
            note: Some(format!("`{resource}` is not described in the scenario: it has no resource-based policy or tags here")),
        },
        Some([_, "s3", ..]) => Target {
            owner: None,
            policy: None,
            tags: None,
            kind: None,
            note: Some("the bucket is not described in the scenario, so its owner is unknown: it is taken to be in the caller's account".into()),
        },
        _ => Target {
            owner: None,
            policy: None,
            tags: None,
            kind: None,
            note: None,
        },
    }
}

pub(crate) fn build_case(
    s: &Scenario,
    side: CallerSide<'_>,
    req: &RequestDoc,
    action: &str,
    resource: &str,
    at: i128,
    extra: &[(String, Vec<String>, bool)],
) -> (Case, Vec<String>) {
    let target = find_target(s, action, resource);
    build_case_for(s, side, req, action, resource, &target, at, extra)
}

/// `build_case` with the resource side already looked up (analysis reuses it).
#[allow(clippy::too_many_arguments)]
pub(crate) fn build_case_for(
    s: &Scenario,
    side: CallerSide<'_>,
    req: &RequestDoc,
    action: &str,
    resource: &str,
    target: &Target<'_>,
    at: i128,
    extra: &[(String, Vec<String>, bool)],
) -> (Case, Vec<String>) {
    let mut notes = Vec::new();
    if let Some(n) = &target.note {
        notes.push(n.clone());
    }
    let mut ctx = Context::default();
    for (k, v) in &req.context {
        let (values, multi) = match v {
            serde_json::Value::Array(items) => (items.iter().map(json_text).collect(), true),
            other => (vec![json_text(other)], false),
        };
        ctx.insert(k, values, multi);
    }
    // Keys from the call's own parameters (STS tags, external ID...) are part of the
    // request; keys about the caller are derived.
    for (k, v, multi) in extra {
        if ctx.get(k).is_none() {
            ctx.insert(k, v.clone(), *multi);
        }
    }
    for (k, v, multi) in side.keys {
        ctx.derive_values(k, v.clone(), *multi);
    }
    ctx.derive("aws:CurrentTime", values::format_date(at));
    ctx.derive("aws:EpochTime", at.div_euclid(SECOND).to_string());
    ctx.derive("aws:SecureTransport", "true");
    let region = split_arn(resource)
        .map(|p| p[2])
        .filter(|r| !r.is_empty())
        .unwrap_or("us-east-1");
    ctx.derive("aws:RequestedRegion", region);
    let caller_account = side.caller.account.clone();
    if let Some(a) = &caller_account {
        derive_org_keys(s, &mut ctx, a, "Principal");
    }
    let resource_account = target.owner.clone().or_else(|| caller_account.clone());
    if let Some(a) = &resource_account {
        derive_org_keys(s, &mut ctx, a, "Resource");
    }
    derive_resource_tags(&mut ctx, target.tags);
    let endpoint_policy = req.vpc_endpoint_policy.as_ref().map(|d| {
        let text = match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        NamedPolicy {
            name: "VPC endpoint policy".into(),
            origin: None,
            policy: Arc::new(Policy::parse(&text, PolicyKind::EndpointPolicy)),
        }
    });
    let governed = side.caller.kind.has_identity();
    let case = Case {
        name: req.name.clone(),
        principal: side.caller.clone(),
        identity_policies: side.identity.to_vec(),
        permissions_boundary: side.boundary.cloned(),
        session_policies: side.session_policies.to_vec(),
        resource_policy: target.policy.cloned(),
        resource_policy_kind: target.kind,
        resource_account: resource_account.clone(),
        scps: if governed {
            caller_account.as_deref().and_then(|a| s.scp_levels(a))
        } else {
            None
        },
        rcps: resource_account.as_deref().and_then(|a| s.rcp_levels(a)),
        endpoint_policy,
        management_account: s.org.as_ref().map(|o| o.management_account.clone()),
        request: Request {
            action: action.to_string(),
            resource: resource.to_string(),
            context: ctx,
        },
        expected: None,
    };
    (case, notes)
}

/// Derives `aws:{side}OrgID` and `aws:{side}OrgPaths` (side: `Principal` or
/// `Resource`) for an account in the organization, and, for resources, its tags.
pub(crate) fn derive_org_keys(s: &Scenario, ctx: &mut Context, account: &str, side: &str) {
    if let Some(org) = s.org_id(account) {
        ctx.derive(&format!("aws:{side}OrgID"), org);
    }
    if let Some(path) = s.org_path(account) {
        ctx.derive_values(&format!("aws:{side}OrgPaths"), vec![path], true);
    }
}

/// Derives `aws:ResourceTag/KEY` for each of a resource's tags.
pub(crate) fn derive_resource_tags(ctx: &mut Context, tags: Option<&IndexMap<String, String>>) {
    for (k, v) in tags.into_iter().flatten() {
        ctx.derive(&format!("aws:ResourceTag/{k}"), v.clone());
    }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn caller_from_arn(arn: &str) -> Result<Caller, Failure> {
    Caller::from_spec(CallerSpec {
        arn: Some(arn.to_string()),
        ..CallerSpec::default()
    })
    .map_err(Failure::Invalid)
}

pub(crate) fn account_label(a: &Account) -> String {
    match &a.alias {
        Some(alias) => format!("{alias}, {}", a.id),
        None => a.id.clone(),
    }
}

fn describe_who(w: &WhoDoc) -> String {
    if let Some(u) = &w.user {
        return format!("user {u}");
    }
    if let Some(k) = &w.access_key {
        return format!("access key {k}");
    }
    if let Some(r) = &w.key_from {
        return format!("the access key created by `{r}`");
    }
    if let Some(r) = &w.root {
        return format!("the root user of {r}");
    }
    if let Some(r) = &w.role {
        return format!("a session of role {r}");
    }
    if let Some(s) = &w.session {
        return format!("the session from `{s}`");
    }
    if let Some(i) = &w.instance {
        return format!("instance {i}");
    }
    if let Some(s) = &w.service {
        return format!("the service {s}");
    }
    "anonymous".into()
}
