//! Playing a scenario's requests: authentication first, then the case the evaluator
//! decides (gathered from the world), then, for STS calls that succeed, the session
//! that later requests can use.

use super::doc::{CallParams, KeyStatus, RequestDoc, WhoDoc};
use super::gather::{account_label, build_case, CallerSide};
use super::model::{Account, Role, Scenario};
use crate::case::{Case, Decision, NamedPolicy};
use crate::eval::{decide, Outcome};
use crate::policy::split_arn;
use crate::principal::{Caller, CallerSpec};
use crate::reqcheck::did_you_mean;
use crate::trace::Trace;
use crate::values;
use indexmap::IndexMap;
use serde::Serialize;

mod who;

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
pub(super) struct KeyState {
    pub(super) account: String,
    pub(super) user: String,
    pub(super) status: KeyStatus,
    pub(super) created: Option<i128>,
    pub(super) expires: Option<i128>,
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
pub(super) struct Session {
    pub(super) kind: SessionKind,
    pub(super) arn: String,
    pub(super) issued: i128,
    pub(super) expires: i128,
    pub(super) policies: Vec<NamedPolicy>,
    pub(super) tags: IndexMap<String, String>,
    pub(super) transitive: Vec<String>,
    pub(super) source_identity: Option<String>,
    pub(super) mfa: bool,
    pub(super) chained: bool,
    /// For web identity / SAML sessions: the provider and the keys it brings.
    pub(super) provider: Option<String>,
}

impl Session {
    /// A plain session of `role` in `account` named `name`, valid from `issued` to
    /// `expires`: no session policies, tags or MFA (callers set what they need).
    pub(super) fn of_role(
        account: &str,
        role: &str,
        name: &str,
        issued: i128,
        expires: i128,
    ) -> Session {
        Session {
            kind: SessionKind::Role {
                account: account.to_string(),
                role: role.to_string(),
                name: name.to_string(),
            },
            arn: format!("arn:aws:sts::{account}:assumed-role/{role}/{name}"),
            issued,
            expires,
            policies: Vec::new(),
            tags: IndexMap::new(),
            transitive: Vec::new(),
            source_identity: None,
            mfa: false,
            chained: false,
            provider: None,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) enum SessionKind {
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
pub(super) enum Creds {
    Password,
    AccessKey,
    Temporary,
    Service,
    Unsigned,
}

/// The caller, resolved from the world, with everything its side of a case needs.
#[derive(Clone, Debug)]
pub(super) struct Actor {
    pub(super) caller: Caller,
    pub(super) display: String,
    pub(super) identity: Vec<NamedPolicy>,
    pub(super) boundary: Option<NamedPolicy>,
    pub(super) session_policies: Vec<NamedPolicy>,
    pub(super) keys: Vec<(String, Vec<String>, bool)>,
    pub(super) creds: Creds,
    pub(super) mfa: bool,
    /// The IAM user behind the credentials (for GetFederationToken, GetSessionToken).
    pub(super) user: Option<(String, String)>,
    /// The role behind a role session (for chaining).
    pub(super) role_session: bool,
    pub(super) transitive: IndexMap<String, String>,
    pub(super) source_identity: Option<String>,
    pub(super) auth: Authentication,
}

/// Plays requests in order, keeping the sessions STS calls create.
pub struct Runner<'s> {
    pub(super) scenario: &'s Scenario,
    pub(super) sessions: IndexMap<String, Session>,
    pub(super) keys: IndexMap<String, KeyState>,
    /// How many keys requests have created (makes their IDs).
    pub(super) created_keys: usize,
    /// The key each CreateAccessKey request made, by request name.
    pub(super) key_by_request: IndexMap<String, String>,
}

pub(super) enum Failure {
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

pub(super) fn ok(method: impl Into<String>, detail: impl Into<String>) -> Authentication {
    Authentication {
        ok: true,
        method: method.into(),
        detail: detail.into(),
    }
}

pub(super) fn failed(method: impl Into<String>, detail: impl Into<String>) -> Failure {
    Failure::Auth(Authentication {
        ok: false,
        method: method.into(),
        detail: detail.into(),
    })
}

pub(super) fn tag_keys(
    prefix: &str,
    tags: &IndexMap<String, String>,
) -> Vec<(String, Vec<String>, bool)> {
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
        if decision == Decision::Invalid {
            // AWS would have refused to store a policy this request needs.
            out.error = Some(
                outcome
                    .errors
                    .iter()
                    .map(|e| format!("AWS would refuse to store the policy: {e}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
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
        // Authentication comes first: the trace's story starts with it.
        if let Some(t) = &mut out.trace {
            t.steps.insert(
                0,
                crate::trace::Step {
                    check: "Authentication".into(),
                    result: crate::trace::StepResult::Pass,
                    detail: format!("{}: {}", actor.auth.method, actor.auth.detail),
                    layer: None,
                    level: None,
                },
            );
        }
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

    pub(super) fn account(&self, id: &str) -> Result<&'s Account, Failure> {
        self.scenario
            .account(id)
            .ok_or_else(|| Failure::Invalid(format!("no account `{id}` in the scenario")))
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

fn actor_side(a: &Actor) -> CallerSide<'_> {
    CallerSide {
        caller: &a.caller,
        identity: &a.identity,
        boundary: a.boundary.as_ref(),
        session_policies: &a.session_policies,
        keys: &a.keys,
    }
}

pub(super) fn caller_from_arn(arn: &str) -> Result<Caller, Failure> {
    Caller::from_spec(CallerSpec {
        arn: Some(arn.to_string()),
        ..CallerSpec::default()
    })
    .map_err(Failure::Invalid)
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

/// Whether the role's trust policy lets the EC2 service assume it (what an instance
/// profile needs), decided as any trust policy is.
fn trusts_ec2(role: &super::model::Role) -> bool {
    let Ok(caller) = Caller::from_spec(CallerSpec {
        arn: Some("ec2.amazonaws.com".into()),
        ..CallerSpec::default()
    }) else {
        return false;
    };
    let request = crate::case::Request {
        action: "sts:AssumeRole".into(),
        resource: role.arn.clone(),
        context: Default::default(),
    };
    let case = crate::Case {
        resource_policy: Some(role.trust.clone()),
        ..crate::Case::bare(caller, request)
    };
    crate::eval::decide(&case, false).decision == crate::Decision::Allow
}
