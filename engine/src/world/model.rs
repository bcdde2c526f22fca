//! The scenario, loaded: every reference checked, every policy parsed once (with its
//! place in the scenario text), unique IDs and ARNs made up where the document left
//! them out.

use super::doc::{
    AccessKeyDoc, KeyStatus, OrgPolicyType, OuDoc, PolicyDoc, ProviderType, ScenarioDoc, FORMAT,
};
use crate::case::NamedPolicy;
use crate::diag::{Diagnostic, Location, Severity, Source};
use crate::json::{self, LineIndex, Node};
use crate::policy::{is_account_id, split_arn, Policy, PolicyKind};
use crate::reqcheck::did_you_mean;
use crate::values;
use indexmap::IndexMap;
use std::collections::HashMap;
use std::sync::Arc;

mod account;
mod org;

use account::build_account;
pub use account::short_resource;
use org::{attachments, walk_ou};

/// A loaded scenario: the document plus everything derived from it.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub doc: ScenarioDoc,
    /// The scenario's clock, nanoseconds since the epoch.
    pub now: i128,
    pub org: Option<Org>,
    pub accounts: Vec<Account>,
    account_index: HashMap<String, usize>,
    /// Resource ARN -> (account index, resource index).
    resource_index: HashMap<String, (usize, usize)>,
    /// Warnings, and the problems of policies (which are then not evaluated).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug)]
pub struct Org {
    pub id: String,
    pub management_account: String,
    /// The root (index 0) and every OU.
    pub nodes: Vec<OrgNode>,
}

#[derive(Clone, Debug)]
pub struct OrgNode {
    /// `r-...` or `ou-...`.
    pub id: String,
    pub name: String,
    pub parent: Option<usize>,
    pub scps: Vec<NamedPolicy>,
    pub rcps: Vec<NamedPolicy>,
}

#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub alias: Option<String>,
    /// The root or OU the account sits in, when it is in the organization.
    pub org_node: Option<usize>,
    pub scps: Vec<NamedPolicy>,
    pub rcps: Vec<NamedPolicy>,
    pub root_mfa: bool,
    /// Customer managed policies, by name.
    pub policies: IndexMap<String, Arc<Policy>>,
    pub users: IndexMap<String, User>,
    pub groups: IndexMap<String, Group>,
    pub roles: IndexMap<String, Role>,
    /// Instance profile name -> role name.
    pub instance_profiles: IndexMap<String, String>,
    pub instances: IndexMap<String, Instance>,
    pub identity_providers: IndexMap<String, IdentityProvider>,
    pub resources: Vec<Resource>,
}

#[derive(Clone, Debug)]
pub struct User {
    pub name: String,
    pub arn: String,
    pub id: String,
    pub groups: Vec<String>,
    /// The user's own inline and attached policies, then its groups', each with where
    /// it came from.
    pub policies: Vec<NamedPolicy>,
    pub boundary: Option<NamedPolicy>,
    pub tags: IndexMap<String, String>,
    pub mfa: bool,
    pub access_keys: Vec<AccessKey>,
}

#[derive(Clone, Debug)]
pub struct AccessKey {
    pub id: String,
    pub status: KeyStatus,
    pub created: Option<i128>,
    pub expires: Option<i128>,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub policies: Vec<NamedPolicy>,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub name: String,
    pub arn: String,
    pub id: String,
    pub trust: NamedPolicy,
    pub policies: Vec<NamedPolicy>,
    pub boundary: Option<NamedPolicy>,
    pub tags: IndexMap<String, String>,
    pub max_session_duration: u32,
    pub service_linked: bool,
}

#[derive(Clone, Debug)]
pub struct Instance {
    pub id: String,
    pub arn: String,
    pub profile: String,
    pub role: String,
    pub region: String,
    pub vpc: Option<String>,
}

#[derive(Clone, Debug)]
pub struct IdentityProvider {
    pub name: String,
    pub arn: String,
    pub kind: ProviderType,
    pub audiences: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub arn: String,
    pub policy: Option<NamedPolicy>,
    pub tags: IndexMap<String, String>,
}

/// Why a scenario could not be loaded: located problems.
#[derive(Clone, Debug)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A path into the document, for messages and for finding the node it names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Path(Vec<Seg>);

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

impl Path {
    pub(crate) fn key(&self, k: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    pub(crate) fn idx(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    fn find<'a>(&self, root: &'a Node<'a>) -> Option<&'a Node<'a>> {
        let mut node = root;
        for seg in &self.0 {
            node = match (seg, &node.value) {
                (Seg::Key(k), _) => node.get(k)?,
                (Seg::Index(i), json::Value::Array(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The deepest node on the path that exists (for locating a missing member).
    fn nearest<'a>(&self, root: &'a Node<'a>) -> &'a Node<'a> {
        let mut node = root;
        for seg in &self.0 {
            let next = match (seg, &node.value) {
                (Seg::Key(k), _) => node.get(k),
                (Seg::Index(i), json::Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }
}

/// The SCP every root, OU and account has unless told otherwise.
pub const FULL_AWS_ACCESS: &str = "FullAWSAccess";
pub const RCP_FULL_AWS_ACCESS: &str = "RCPFullAWSAccess";
const FULL_AWS_ACCESS_DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const RCP_FULL_AWS_ACCESS_DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// The clock when a scenario does not set `now`.
pub const DEFAULT_NOW: &str = "2026-01-01T12:00:00Z";

struct Loader<'t> {
    text: &'t str,
    lines: LineIndex,
    root: Node<'t>,
    diags: Vec<Diagnostic>,
    errors: usize,
}

impl Loader<'_> {
    fn src(&self) -> Source<'_> {
        Source {
            text: self.text,
            lines: &self.lines,
        }
    }

    fn locate(&self, p: &Path) -> Location {
        self.src().locate(p.nearest(&self.root).span)
    }

    fn report(
        &mut self,
        severity: Severity,
        p: &Path,
        code: &'static str,
        message: String,
        help: Option<String>,
    ) {
        if severity == Severity::Error {
            self.errors += 1;
        }
        let location = self.locate(p);
        self.diags.push(Diagnostic {
            severity,
            code,
            message,
            help,
            location,
            path: p.text(),
        });
    }

    fn error(&mut self, p: &Path, code: &'static str, message: String, help: Option<String>) {
        self.report(Severity::Error, p, code, message, help);
    }

    fn warn(&mut self, p: &Path, code: &'static str, message: String) {
        self.report(Severity::Warning, p, code, message, None);
    }

    /// Parses the policy document at `p`, keeping its place in the scenario text.
    fn policy(&mut self, p: &Path, doc: &PolicyDoc, kind: PolicyKind) -> Arc<Policy> {
        let path = p.text();
        let node = p.find(&self.root).cloned();
        let policy = match (node, doc) {
            // A policy written as a JSON string, as the AWS APIs take it.
            (Some(n), PolicyDoc::String(s)) => {
                let mut policy = Policy::parse(s, kind);
                let at = self.src().locate(n.span);
                for d in &mut policy.diagnostics {
                    d.location = at;
                    d.path = format!("{path} (in the string) {}", d.path);
                }
                policy
            }
            (Some(n), _) => Policy::from_node(&n, kind, self.src(), crate::json::Path::Text(&path)),
            (None, _) => Policy::parse(&doc.to_string(), kind),
        };
        self.diags.extend(policy.diagnostics.iter().cloned());
        Arc::new(policy)
    }
}

/// Made-up but stable unique IDs (`AIDA...`, `AROA...`): the prefix and 17 characters
/// from AWS's alphabet for IDs, derived from a seed.
pub fn unique_id(prefix: &str, seed: &str) -> String {
    let mut s = prefix.to_string();
    s.push_str(&pseudo_random(
        seed,
        17,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    ));
    s
}

/// `len` characters of `alphabet`, a stable function of `seed` (FNV-1a to seed a
/// splitmix64 stream): made-up IDs and secrets that do not change between runs.
pub fn pseudo_random(seed: &str, len: usize, alphabet: &[u8]) -> String {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        state ^= u64::from(b);
        state = state.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let n = alphabet.len().max(1) as u64;
        let c = alphabet.get((z % n) as usize).copied().unwrap_or(b'A');
        out.push(char::from(c));
    }
    out
}

impl Scenario {
    /// Reads and checks a scenario document. Problems that make it meaningless (bad
    /// JSON, wrong types, unknown fields or references) fail the load with located
    /// diagnostics; a policy with errors is loaded and reported as not evaluated.
    pub fn load(text: &str) -> Result<Scenario, LoadError> {
        let lines = LineIndex::new(text);
        let root = match json::parse(text) {
            Ok(n) => n,
            Err(e) => {
                let location = Source {
                    text,
                    lines: &lines,
                }
                .locate(e.span);
                return Err(LoadError {
                    diagnostics: vec![Diagnostic {
                        severity: Severity::Error,
                        code: "invalid-json",
                        message: e.message.clone(),
                        help: None,
                        location,
                        path: String::new(),
                    }],
                });
            }
        };
        let mut loader = Loader {
            text,
            lines,
            root,
            diags: Vec::new(),
            errors: 0,
        };
        let doc: ScenarioDoc = match crate::jsonde::from_node(&loader.root) {
            Ok(d) => d,
            Err(e) => {
                let mut p = Path::default();
                for step in e.path.iter().flatten() {
                    p = match step {
                        crate::jsonde::Step::Index(i) => p.idx(*i),
                        crate::jsonde::Step::Key(k) => p.key(k),
                    };
                }
                let inner = e.message;
                let help = unknown_field_help(&inner);
                loader.error(&p, "invalid-scenario", inner, help);
                return Err(LoadError {
                    diagnostics: loader.diags,
                });
            }
        };
        Scenario::build(doc, &mut loader)
    }

    /// Builds a scenario from a document made in code (no positions for problems).
    pub fn from_doc(doc: ScenarioDoc) -> Result<Scenario, LoadError> {
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        Scenario::load(&text)
    }

    fn build(doc: ScenarioDoc, l: &mut Loader<'_>) -> Result<Scenario, LoadError> {
        let top = Path::default();
        if doc.format != FORMAT {
            let help = if doc.format.starts_with("iam-playground/scenario@") {
                Some(format!(
                    "this engine reads `{FORMAT}`; a newer version needs a newer playground"
                ))
            } else {
                Some(format!("write \"format\": \"{FORMAT}\""))
            };
            l.error(
                &top.key("format"),
                "unknown-format",
                format!(
                    "`{}` is not a scenario format this engine reads",
                    doc.format
                ),
                help,
            );
        }
        let now = match &doc.now {
            Some(t) => match values::date(t) {
                Ok(n) => n,
                Err(e) => {
                    l.error(&top.key("now"), "invalid-date", e, None);
                    0
                }
            },
            None => values::date(DEFAULT_NOW).unwrap_or(0),
        };

        let mut accounts = Vec::new();
        let mut account_index = HashMap::new();
        for (id, _) in &doc.accounts {
            let p = top.key("accounts").key(id);
            if !is_account_id(id) {
                l.error(
                    &p,
                    "invalid-account-id",
                    format!("`{id}` is not an account ID: use 12 digits"),
                    None,
                );
            }
            account_index.insert(id.clone(), account_index.len());
        }

        // The organization: policies, then the tree.
        let mut org_policies: HashMap<String, (OrgPolicyType, Arc<Policy>)> = HashMap::new();
        org_policies.insert(
            FULL_AWS_ACCESS.into(),
            (
                OrgPolicyType::Scp,
                Arc::new(Policy::parse(FULL_AWS_ACCESS_DOC, PolicyKind::Scp)),
            ),
        );
        org_policies.insert(
            RCP_FULL_AWS_ACCESS.into(),
            (
                OrgPolicyType::Rcp,
                Arc::new(Policy::parse(RCP_FULL_AWS_ACCESS_DOC, PolicyKind::Rcp)),
            ),
        );
        let mut org = None;
        let mut placement: HashMap<String, usize> = HashMap::new();
        if let Some(o) = &doc.organization {
            let op = top.key("organization");
            for (name, pd) in &o.policies {
                let kind = match pd.kind {
                    OrgPolicyType::Scp => PolicyKind::Scp,
                    OrgPolicyType::Rcp => PolicyKind::Rcp,
                };
                let policy = l.policy(
                    &op.key("policies").key(name).key("document"),
                    &pd.document,
                    kind,
                );
                org_policies.insert(name.clone(), (pd.kind, policy));
            }
            if !account_index.contains_key(&o.management_account) {
                l.error(
                    &op.key("management_account"),
                    "unknown-account",
                    format!(
                        "the management account `{}` is not among `accounts`",
                        o.management_account
                    ),
                    None,
                );
            }
            let mut nodes = Vec::new();
            walk_ou(
                l,
                &o.root,
                &op.key("root"),
                None,
                &org_policies,
                &account_index,
                &mut nodes,
                &mut placement,
            );
            org = Some(Org {
                id: o.id.clone(),
                management_account: o.management_account.clone(),
                nodes,
            });
        }

        for (id, a) in &doc.accounts {
            let ap = top.key("accounts").key(id);
            let in_org = placement.get(id).copied();
            // An account outside the organization is normal (another company's, say);
            // SCPs or RCPs written on it are a mistake: they can never apply.
            if org.is_some() && in_org.is_none() && (a.scps.is_some() || a.rcps.is_some()) {
                l.warn(
                    &ap,
                    "account-outside-organization",
                    format!(
                        "account `{id}` has SCPs or RCPs but is not in the organization, so they never apply: place it under the root or an OU"
                    ),
                );
            }
            let (scps, rcps) = if in_org.is_some() {
                (
                    attachments(
                        l,
                        &ap.key("scps"),
                        &a.scps,
                        OrgPolicyType::Scp,
                        &org_policies,
                        &format!("attached to account {id}"),
                    ),
                    attachments(
                        l,
                        &ap.key("rcps"),
                        &a.rcps,
                        OrgPolicyType::Rcp,
                        &org_policies,
                        &format!("attached to account {id}"),
                    ),
                )
            } else {
                if a.scps.is_some() || a.rcps.is_some() {
                    l.warn(&ap.key("scps"), "not-in-organization", format!("account `{id}` is in no organization, so its SCPs and RCPs are ignored"));
                }
                (Vec::new(), Vec::new())
            };
            let acct = build_account(l, id, a, &ap, in_org, scps, rcps);
            accounts.push(acct);
        }

        // Requests: structure only (sessions and names resolve when they run).
        let mut names: HashMap<&str, usize> = HashMap::new();
        for (i, r) in doc.requests.iter().enumerate() {
            let rp = top.key("requests").idx(i);
            if names.insert(r.name.as_str(), i).is_some() {
                l.error(
                    &rp.key("name"),
                    "duplicate-request",
                    format!("two requests are called `{}`", r.name),
                    None,
                );
            }
            if let Some(e) = &r.expect {
                if ![
                    "Allow",
                    "ExplicitDeny",
                    "ImplicitDeny",
                    "AuthenticationFailed",
                    "Invalid",
                ]
                .contains(&e.as_str())
                {
                    l.error(&rp.key("expect"), "invalid-expect", format!("`{e}` is not an outcome"), Some("use Allow, ExplicitDeny, ImplicitDeny, AuthenticationFailed or Invalid".into()));
                }
            }
            if let Some(at) = &r.at {
                if let Err(e) = values::date(at) {
                    l.error(&rp.key("at"), "invalid-date", e, None);
                }
            }
            let wp = rp.key("who");
            let users = || {
                doc.accounts
                    .values()
                    .flat_map(|a| a.users.keys().map(String::as_str))
            };
            let roles = || {
                doc.accounts
                    .values()
                    .flat_map(|a| a.roles.keys().map(String::as_str))
            };
            if let Some(u) = &r.who.user {
                if !users().any(|x| x == u) {
                    let help = did_you_mean(u, users());
                    l.error(
                        &wp.key("user"),
                        "unknown-user",
                        format!("no account of the scenario has a user `{u}`"),
                        help,
                    );
                }
            }
            if let Some(x) = &r.who.role {
                if !roles().any(|y| y == x) {
                    let help = did_you_mean(x, roles());
                    l.error(
                        &wp.key("role"),
                        "unknown-role",
                        format!("no account of the scenario has a role `{x}`"),
                        help,
                    );
                }
            }
            if let Some(i) = &r.who.instance {
                let instances = || {
                    doc.accounts
                        .values()
                        .flat_map(|a| a.instances.keys().map(String::as_str))
                };
                if !instances().any(|y| y == i) {
                    let help = did_you_mean(i, instances());
                    l.error(
                        &wp.key("instance"),
                        "unknown-instance",
                        format!("no account of the scenario has an instance `{i}`"),
                        help,
                    );
                }
            }
            if let Some(a) = &r.who.root {
                if !doc.accounts.contains_key(a) {
                    let help = did_you_mean(a, doc.accounts.keys().map(String::as_str));
                    l.error(
                        &wp.key("root"),
                        "unknown-account",
                        format!("`{a}` is not among `accounts`"),
                        help,
                    );
                }
            }
            if let Some(k) = &r.who.key_from {
                match names.get(k.as_str()) {
                    Some(&j) if j < i => {}
                    _ => l.error(&rp.key("who").key("key_from"), "unknown-request", format!("no earlier request is called `{k}`: the key comes from an earlier iam:CreateAccessKey request"), None),
                }
            }
            if let Some(s) = &r.who.session {
                match names.get(s.as_str()) {
                    Some(&j) if j < i => {}
                    _ => l.error(&rp.key("who").key("session"), "unknown-session", format!("no earlier request is called `{s}`: a session comes from an earlier STS request"), None),
                }
            }
            if r.action
                .split_once(':')
                .is_none_or(|(s, a)| s.is_empty() || a.is_empty())
            {
                l.error(
                    &rp.key("action"),
                    "invalid-action",
                    format!("`{}` is not an action: write service:Action", r.action),
                    None,
                );
            }
            if r.resource != "*" && split_arn(&r.resource).is_none() {
                l.error(
                    &rp.key("resource"),
                    "invalid-arn",
                    format!("`{}` is not an ARN (or `*`)", r.resource),
                    None,
                );
            }
            if let Some(doc) = &r.vpc_endpoint_policy {
                l.policy(
                    &rp.key("vpc_endpoint_policy"),
                    doc,
                    PolicyKind::EndpointPolicy,
                );
            }
        }

        if l.errors > 0 {
            return Err(LoadError {
                diagnostics: std::mem::take(&mut l.diags)
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect(),
            });
        }
        let mut resource_index = HashMap::new();
        for (ai, a) in accounts.iter().enumerate() {
            for (ri, r) in a.resources.iter().enumerate() {
                resource_index.entry(r.arn.clone()).or_insert((ai, ri));
            }
        }
        Ok(Scenario {
            doc,
            now,
            org,
            accounts,
            account_index,
            resource_index,
            diagnostics: std::mem::take(&mut l.diags),
        })
    }

    /// The resource described with exactly this ARN, and its account.
    pub fn resource(&self, arn: &str) -> Option<(&Account, &Resource)> {
        let &(ai, ri) = self.resource_index.get(arn)?;
        let a = self.accounts.get(ai)?;
        Some((a, a.resources.get(ri)?))
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.account_index
            .get(id)
            .and_then(|&i| self.accounts.get(i))
    }

    /// The SCP levels (root first, the account's own last) that govern principals of
    /// `account`; `None` when it is in no organization.
    pub fn scp_levels(&self, account: &str) -> Option<Vec<Vec<NamedPolicy>>> {
        self.levels(account, |n| &n.scps, |a| &a.scps)
    }

    /// The RCP levels that govern resources of `account`.
    pub fn rcp_levels(&self, account: &str) -> Option<Vec<Vec<NamedPolicy>>> {
        self.levels(account, |n| &n.rcps, |a| &a.rcps)
    }

    fn levels(
        &self,
        account: &str,
        node_policies: impl Fn(&OrgNode) -> &Vec<NamedPolicy>,
        account_policies: impl Fn(&Account) -> &Vec<NamedPolicy>,
    ) -> Option<Vec<Vec<NamedPolicy>>> {
        let org = self.org.as_ref()?;
        let acct = self.account(account)?;
        // An account outside the organization (not placed in its tree) is governed by
        // none of its SCPs or RCPs: the organization limits outsiders only through
        // RCPs on its own resources and through resource-based policies.
        acct.org_node?;
        let mut chain = Vec::new();
        let mut at = acct.org_node;
        while let Some(i) = at {
            let node = org.nodes.get(i)?;
            chain.push(node_policies(node).clone());
            at = node.parent;
        }
        chain.reverse();
        chain.push(account_policies(acct).clone());
        Some(chain)
    }

    /// `o-.../r-.../ou-.../` for an account in the organization (aws:PrincipalOrgPaths).
    pub fn org_path(&self, account: &str) -> Option<String> {
        let org = self.org.as_ref()?;
        // None for an account outside the organization (derive no key for it).
        let mut at = Some(self.account(account)?.org_node?);
        let mut ids = Vec::new();
        while let Some(i) = at {
            let node = org.nodes.get(i)?;
            ids.push(node.id.clone());
            at = node.parent;
        }
        ids.reverse();
        Some(format!("{}/{}/", org.id, ids.join("/")))
    }

    /// The organization ID, when `account` is in it.
    pub fn org_id(&self, account: &str) -> Option<&str> {
        let org = self.org.as_ref()?;
        self.account(account)?.org_node.map(|_| org.id.as_str())
    }
}

fn unknown_field_help(message: &str) -> Option<String> {
    // serde writes "unknown field `x`, expected one of `a`, `b`".
    let wanted = message.strip_prefix("unknown field `")?.split('`').next()?;
    let options: Vec<&str> = message
        .split("expected one of ")
        .nth(1)
        .or_else(|| message.split("expected ").nth(1))?
        .split(", ")
        .map(|o| o.trim().trim_matches('`'))
        .collect();
    did_you_mean(wanted, options)
}
