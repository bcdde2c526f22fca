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

    fn find<'a>(&self, root: &'a Node) -> Option<&'a Node> {
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
    fn nearest<'a>(&self, root: &'a Node) -> &'a Node {
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
    root: Node,
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
            (Some(n), _) => Policy::from_node(&n, kind, self.src(), &path),
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

fn iam_path(path: &Option<String>) -> String {
    match path.as_deref() {
        None | Some("") | Some("/") => "/".into(),
        Some(p) => {
            let mut p = p.to_string();
            if !p.starts_with('/') {
                p.insert(0, '/');
            }
            if !p.ends_with('/') {
                p.push('/');
            }
            p
        }
    }
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

#[allow(clippy::too_many_arguments)]
fn walk_ou(
    l: &mut Loader<'_>,
    ou: &OuDoc,
    p: &Path,
    parent: Option<usize>,
    policies: &HashMap<String, (OrgPolicyType, Arc<Policy>)>,
    accounts: &HashMap<String, usize>,
    nodes: &mut Vec<OrgNode>,
    placement: &mut HashMap<String, usize>,
) {
    let index = nodes.len();
    let is_root = parent.is_none();
    let id = ou.id.clone().unwrap_or_else(|| {
        if is_root {
            "r-root".into()
        } else {
            format!(
                "ou-{}",
                unique_id("", ou.name.as_deref().unwrap_or("ou"))
                    .to_lowercase()
                    .get(..8)
                    .unwrap_or("x")
            )
        }
    });
    let name = ou
        .name
        .clone()
        .unwrap_or_else(|| if is_root { "Root".into() } else { id.clone() });
    let origin = if is_root {
        "attached to the organization root".to_string()
    } else {
        format!("attached to OU {name}")
    };
    let scps = attachments(
        l,
        &p.key("scps"),
        &ou.scps,
        OrgPolicyType::Scp,
        policies,
        &origin,
    );
    let rcps = attachments(
        l,
        &p.key("rcps"),
        &ou.rcps,
        OrgPolicyType::Rcp,
        policies,
        &origin,
    );
    nodes.push(OrgNode {
        id,
        name,
        parent,
        scps,
        rcps,
    });
    for (i, a) in ou.accounts.iter().enumerate() {
        if !accounts.contains_key(a) {
            l.error(
                &p.key("accounts").idx(i),
                "unknown-account",
                format!("account `{a}` is not among `accounts`"),
                None,
            );
        } else if placement.insert(a.clone(), index).is_some() {
            l.error(
                &p.key("accounts").idx(i),
                "duplicate-placement",
                format!("account `{a}` is placed twice in the organization"),
                None,
            );
        }
    }
    for (i, child) in ou.ous.iter().enumerate() {
        walk_ou(
            l,
            child,
            &p.key("ous").idx(i),
            Some(index),
            policies,
            accounts,
            nodes,
            placement,
        );
    }
}

fn attachments(
    l: &mut Loader<'_>,
    p: &Path,
    names: &Option<Vec<String>>,
    kind: OrgPolicyType,
    policies: &HashMap<String, (OrgPolicyType, Arc<Policy>)>,
    origin: &str,
) -> Vec<NamedPolicy> {
    let default = match kind {
        OrgPolicyType::Scp => FULL_AWS_ACCESS,
        OrgPolicyType::Rcp => RCP_FULL_AWS_ACCESS,
    };
    let list = names.clone().unwrap_or_else(|| vec![default.to_string()]);
    if kind == OrgPolicyType::Scp && list.is_empty() {
        l.warn(
            p,
            "no-scp",
            "no SCP is attached here, so nothing below can be allowed (AWS requires at least one)"
                .into(),
        );
    }
    let mut out = Vec::new();
    for (i, name) in list.iter().enumerate() {
        match policies.get(name) {
            Some((k, policy)) if *k == kind => out.push(NamedPolicy {
                name: name.clone(),
                origin: Some(origin.to_string()),
                policy: policy.clone(),
            }),
            Some(_) => l.error(
                &p.idx(i),
                "wrong-policy-type",
                format!(
                    "`{name}` is not {}",
                    if kind == OrgPolicyType::Scp {
                        "an SCP"
                    } else {
                        "an RCP"
                    }
                ),
                None,
            ),
            None => {
                let help = did_you_mean(name, policies.keys().map(String::as_str));
                l.error(
                    &p.idx(i),
                    "unknown-policy",
                    format!("no organization policy is called `{name}`"),
                    help,
                );
            }
        }
    }
    out
}

/// Looks up a managed policy reference: a customer managed policy of the account (by
/// name or ARN), or an AWS managed policy shipped with the engine.
fn managed_ref(
    l: &mut Loader<'_>,
    p: &Path,
    name: &str,
    account: &str,
    customer: &IndexMap<String, Arc<Policy>>,
) -> Option<(String, String, Arc<Policy>)> {
    let own_prefix = format!("arn:aws:iam::{account}:policy/");
    let local = name
        .strip_prefix(&own_prefix)
        .map(|rest| rest.rsplit('/').next().unwrap_or(rest))
        .unwrap_or(name);
    if let Some(policy) = customer.get(local) {
        return Some((local.to_string(), "customer managed".into(), policy.clone()));
    }
    if name.starts_with("arn:aws:iam::") && !name.starts_with("arn:aws:iam::aws:") {
        l.error(p, "foreign-policy", format!("`{name}` is not a customer managed policy of account {account}: a policy can only be attached in its own account"), None);
        return None;
    }
    if let Some(m) = crate::managed::find(name) {
        let policy = Arc::new(Policy::parse(&m.document, PolicyKind::Identity));
        return Some((m.name.clone(), "AWS managed".into(), policy));
    }
    let bare = name.rsplit('/').next().unwrap_or(name);
    if crate::managed::all_names().iter().any(|(n, _)| n == bare) {
        l.error(p, "managed-policy-not-shipped", format!("the AWS managed policy `{bare}` exists, but its document is not shipped with the playground"), Some("copy its document into `policies` as a customer managed policy".into()));
        return None;
    }
    let shipped = crate::managed::shipped_names();
    let mut options: Vec<&str> = customer.keys().map(String::as_str).collect();
    options.extend(shipped.iter().map(String::as_str));
    let help = did_you_mean(name, options);
    l.error(p, "unknown-policy", format!("no customer managed policy of account {account} and no shipped AWS managed policy is called `{name}`"), help);
    None
}

#[allow(clippy::too_many_arguments)]
fn build_account(
    l: &mut Loader<'_>,
    id: &str,
    a: &super::doc::AccountDoc,
    ap: &Path,
    org_node: Option<usize>,
    scps: Vec<NamedPolicy>,
    rcps: Vec<NamedPolicy>,
) -> Account {
    let mut customer: IndexMap<String, Arc<Policy>> = IndexMap::new();
    for (name, m) in &a.policies {
        let policy = l.policy(
            &ap.key("policies").key(name).key("document"),
            &m.document,
            PolicyKind::Identity,
        );
        customer.insert(name.clone(), policy);
    }
    let boundary =
        |l: &mut Loader<'_>, p: &Path, r: &Option<String>, whose: &str| -> Option<NamedPolicy> {
            let r = r.as_ref()?;
            let (name, kind, policy) = managed_ref(l, p, r, id, &customer)?;
            // A boundary is an identity policy used as a limit: read it as one.
            let policy = Arc::new(Policy {
                kind: PolicyKind::PermissionsBoundary,
                ..(*policy).clone()
            });
            Some(NamedPolicy {
                name,
                origin: Some(format!("{kind}, the permissions boundary of {whose}")),
                policy,
            })
        };
    let attached = |l: &mut Loader<'_>,
                    p: &Path,
                    refs: &[String],
                    inline: &IndexMap<String, PolicyDoc>,
                    whose: &str|
     -> Vec<NamedPolicy> {
        let mut out = Vec::new();
        for (name, d) in inline {
            let policy = l.policy(&p.key("inline").key(name), d, PolicyKind::Identity);
            out.push(NamedPolicy {
                name: name.clone(),
                origin: Some(format!("inline policy of {whose}")),
                policy,
            });
        }
        for (i, r) in refs.iter().enumerate() {
            if let Some((name, kind, policy)) =
                managed_ref(l, &p.key("policies").idx(i), r, id, &customer)
            {
                out.push(NamedPolicy {
                    name,
                    origin: Some(format!("{kind}, attached to {whose}")),
                    policy,
                });
            }
        }
        out
    };

    let mut groups = IndexMap::new();
    for (name, g) in &a.groups {
        let gp = ap.key("groups").key(name);
        let policies = attached(l, &gp, &g.policies, &g.inline, &format!("group {name}"));
        groups.insert(
            name.clone(),
            Group {
                name: name.clone(),
                arn: format!("arn:aws:iam::{id}:group{}{name}", iam_path(&g.path)),
                policies,
            },
        );
    }

    let mut users = IndexMap::new();
    for (name, u) in &a.users {
        let up = ap.key("users").key(name);
        let mut policies = attached(l, &up, &u.policies, &u.inline, &format!("user {name}"));
        for (i, g) in u.groups.iter().enumerate() {
            match groups.get(g) {
                Some(group) => policies.extend(group.policies.iter().cloned()),
                None => {
                    let help = did_you_mean(g, a.groups.keys().map(String::as_str));
                    l.error(
                        &up.key("groups").idx(i),
                        "unknown-group",
                        format!("account {id} has no group `{g}`"),
                        help,
                    );
                }
            }
        }
        let boundary = boundary(
            l,
            &up.key("permissions_boundary"),
            &u.permissions_boundary,
            &format!("user {name}"),
        );
        let access_keys = u
            .access_keys
            .iter()
            .enumerate()
            .map(|(i, k)| access_key(l, &up.key("access_keys").idx(i), k))
            .collect();
        let arn = format!("arn:aws:iam::{id}:user{}{name}", iam_path(&u.path));
        users.insert(
            name.clone(),
            User {
                name: name.clone(),
                id: u.id.clone().unwrap_or_else(|| unique_id("AIDA", &arn)),
                arn,
                groups: u.groups.clone(),
                policies,
                boundary,
                tags: u.tags.clone(),
                mfa: u.mfa,
                access_keys,
            },
        );
    }

    let mut roles = IndexMap::new();
    for (name, r) in &a.roles {
        let rp = ap.key("roles").key(name);
        let policies = attached(l, &rp, &r.policies, &r.inline, &format!("role {name}"));
        let boundary = boundary(
            l,
            &rp.key("permissions_boundary"),
            &r.permissions_boundary,
            &format!("role {name}"),
        );
        let trust = l.policy(&rp.key("trust"), &r.trust, PolicyKind::RoleTrust);
        let max = r.max_session_duration.unwrap_or(3600);
        if !(3600..=43200).contains(&max) {
            l.error(
                &rp.key("max_session_duration"),
                "invalid-duration",
                format!(
                    "{max} seconds is outside AWS's range for a role's maximum session duration"
                ),
                Some("use 3600 (1 hour) to 43200 (12 hours)".into()),
            );
        }
        let arn = format!("arn:aws:iam::{id}:role{}{name}", iam_path(&r.path));
        roles.insert(
            name.clone(),
            Role {
                name: name.clone(),
                id: r.id.clone().unwrap_or_else(|| unique_id("AROA", &arn)),
                arn,
                trust: NamedPolicy {
                    name: format!("trust policy of role {name}"),
                    origin: None,
                    policy: trust,
                },
                policies,
                boundary,
                tags: r.tags.clone(),
                max_session_duration: max,
                service_linked: r.service_linked,
            },
        );
    }

    let mut instance_profiles = IndexMap::new();
    for (name, ip) in &a.instance_profiles {
        if !a.roles.contains_key(&ip.role) {
            let help = did_you_mean(&ip.role, a.roles.keys().map(String::as_str));
            l.error(
                &ap.key("instance_profiles").key(name).key("role"),
                "unknown-role",
                format!("account {id} has no role `{}`", ip.role),
                help,
            );
        }
        instance_profiles.insert(name.clone(), ip.role.clone());
    }
    let mut instances = IndexMap::new();
    for (iid, inst) in &a.instances {
        let ipath = ap.key("instances").key(iid);
        let role = match instance_profiles.get(&inst.profile) {
            Some(r) => r.clone(),
            None => {
                let help = did_you_mean(
                    &inst.profile,
                    a.instance_profiles.keys().map(String::as_str),
                );
                l.error(
                    &ipath.key("profile"),
                    "unknown-instance-profile",
                    format!("account {id} has no instance profile `{}`", inst.profile),
                    help,
                );
                String::new()
            }
        };
        let region = inst.region.clone().unwrap_or_else(|| "us-east-1".into());
        instances.insert(
            iid.clone(),
            Instance {
                id: iid.clone(),
                arn: format!("arn:aws:ec2:{region}:{id}:instance/{iid}"),
                profile: inst.profile.clone(),
                role,
                region,
                vpc: inst.vpc.clone(),
            },
        );
    }
    let mut identity_providers = IndexMap::new();
    for (name, idp) in &a.identity_providers {
        let arn = match idp.kind {
            ProviderType::Oidc => format!("arn:aws:iam::{id}:oidc-provider/{name}"),
            ProviderType::Saml => format!("arn:aws:iam::{id}:saml-provider/{name}"),
        };
        identity_providers.insert(
            name.clone(),
            IdentityProvider {
                name: name.clone(),
                arn,
                kind: idp.kind,
                audiences: idp.audiences.clone(),
            },
        );
    }
    let mut resources = Vec::new();
    for (i, r) in a.resources.iter().enumerate() {
        let rp = ap.key("resources").idx(i);
        let Some([_, service, _, acct, res]) = split_arn(&r.arn) else {
            l.error(
                &rp.key("arn"),
                "invalid-arn",
                format!("`{}` is not an ARN", r.arn),
                None,
            );
            continue;
        };
        if !acct.is_empty() && acct != id {
            l.error(
                &rp.key("arn"),
                "wrong-account",
                format!(
                    "`{}` belongs to account {acct}, not {id}: list it under its own account",
                    r.arn
                ),
                None,
            );
        }
        if service == "iam" && res.starts_with("role/") {
            l.error(
                &rp.key("arn"),
                "role-as-resource",
                "roles are described under `roles` (their trust policy is their resource policy)"
                    .into(),
                None,
            );
        }
        let kind = if service == "kms" {
            PolicyKind::KeyPolicy
        } else {
            PolicyKind::Resource
        };
        let policy = r.policy.as_ref().map(|d| {
            let policy = l.policy(&rp.key("policy"), d, kind);
            NamedPolicy {
                name: format!(
                    "{} of {}",
                    resource_policy_word(service),
                    short_resource(&r.arn)
                ),
                origin: None,
                policy,
            }
        });
        resources.push(Resource {
            arn: r.arn.clone(),
            policy,
            tags: r.tags.clone(),
        });
    }

    Account {
        id: id.to_string(),
        alias: a.alias.clone(),
        org_node,
        scps,
        rcps,
        root_mfa: a.root_mfa,
        policies: customer.clone(),
        users,
        groups,
        roles,
        instance_profiles,
        instances,
        identity_providers,
        resources,
    }
}

fn access_key(l: &mut Loader<'_>, p: &Path, k: &AccessKeyDoc) -> AccessKey {
    if !(k.id.starts_with("AKIA") || k.id.starts_with("ASIA")) || k.id.len() < 16 {
        l.warn(
            p,
            "odd-access-key-id",
            format!(
                "`{}` does not look like an access key ID (AKIA followed by 16 characters)",
                k.id
            ),
        );
    }
    let mut time = |field: &str, v: &Option<String>| -> Option<i128> {
        let t = v.as_ref()?;
        match values::date(t) {
            Ok(n) => Some(n),
            Err(e) => {
                l.error(&p.key(field), "invalid-date", e, None);
                None
            }
        }
    };
    AccessKey {
        id: k.id.clone(),
        status: k.status,
        created: time("created", &k.created),
        expires: time("expires", &k.expires),
    }
}

fn resource_policy_word(service: &str) -> &'static str {
    match service {
        "s3" => "bucket policy",
        "kms" => "key policy",
        "sqs" => "queue policy",
        "sns" => "topic policy",
        "lambda" => "function policy",
        "secretsmanager" => "secret policy",
        _ => "resource policy",
    }
}

/// The readable end of an ARN: `reports` for a bucket, `key/1234` for a key.
pub fn short_resource(arn: &str) -> String {
    match split_arn(arn) {
        Some([_, _, _, _, res]) if !res.is_empty() => res.to_string(),
        _ => arn.to_string(),
    }
}
