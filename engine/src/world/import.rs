//! Import from a real account: the output of `aws iam get-account-authorization-details`
//! (one or more documents, one or more accounts, every page) and, where given, of
//! `aws organizations describe-policy` and `list-policies`, turned into a scenario
//! document.
//!
//! Nothing is invented: every user, group, role, instance profile, customer managed
//! policy, inline policy, boundary, tag, path and ID comes from the input, and what the
//! input does not say (MFA devices, access keys, where SCPs and RCPs are attached, the
//! accounts' place in the organization) is left out and named in the summary. Policy
//! documents are URL-decoded as AWS encodes them (RFC 3986), or taken as they are when
//! the AWS CLI has already decoded them into JSON; each keeps its members' order.
//! Pure: the playground calls [`import`] on pasted text.

use crate::json::{self, LineIndex, Node, Value};
use crate::policy::split_arn;
use std::fmt;

/// Why the inputs cannot be imported: which input (from 1) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The input's position, from 1.
    pub input: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "input {}: {}", self.input, self.message)
    }
}

/// A scenario document and what went into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The scenario document (`iam-playground/scenario@1`), pretty-printed JSON.
    pub scenario: String,
    /// What was imported, then what was left out and why, one sentence a line.
    pub summary: Vec<String>,
}

/// The scenario document the inputs describe (see the module's documentation).
pub fn import(inputs: &[&str]) -> Result<String, ImportError> {
    import_report(inputs).map(|i| i.scenario)
}

/// [`import`], with the summary of what was imported and what was left out.
pub fn import_report(inputs: &[&str]) -> Result<Imported, ImportError> {
    let mut b = Builder::default();
    for (i, text) in inputs.iter().enumerate() {
        let input = i + 1;
        let fail = |message: String| ImportError { input, message };
        let node = json::parse(text).map_err(|e| {
            let (line, column) = LineIndex::new(text).line_col(text, e.span.start);
            fail(format!("{line}:{column}: invalid JSON: {}", e.message))
        })?;
        b.input = input;
        if ["UserDetailList", "GroupDetailList", "RoleDetailList"]
            .iter()
            .any(|k| node.get(k).is_some())
            || list(&node, "Policies").any(|p| p.get("PolicyName").is_some())
        {
            b.authorization_details(&node)?;
        } else if let Some(policy) = node.get("Policy") {
            b.org_policy(policy)?;
        } else if node.get("Policies").is_some() {
            b.org_policy_list(&node);
        } else {
            return Err(fail(
                "not the output of `aws iam get-account-authorization-details`, `aws organizations describe-policy` or `aws organizations list-policies`".into(),
            ));
        }
    }
    Ok(b.finish())
}

/// A JSON value that keeps its members in order, for writing the scenario.
#[derive(Clone, Debug)]
enum J {
    Str(String),
    /// A number or `null`, written as its text.
    Lit(String),
    Bool(bool),
    Num(u64),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn obj() -> J {
        J::Obj(Vec::new())
    }

    /// The member `key`, created as `make()` when absent.
    fn entry(&mut self, key: &str, make: fn() -> J) -> Option<&mut J> {
        let J::Obj(members) = self else { return None };
        let at = match members.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                members.push((key.to_string(), make()));
                members.len() - 1
            }
        };
        members.get_mut(at).map(|(_, v)| v)
    }

    fn set(&mut self, key: &str, value: J) {
        if let J::Obj(members) = self {
            match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => members.push((key.to_string(), value)),
            }
        }
    }

    /// Sets `key` when there is a value.
    fn set_opt(&mut self, key: &str, value: Option<J>) {
        if let Some(v) = value {
            self.set(key, v);
        }
    }

    /// Sets `key` to a string when it is not empty.
    fn set_text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.set(key, J::Str(value.to_string()));
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        let J::Obj(members) = self else { return None };
        members.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn remove(&mut self, key: &str) {
        if let J::Obj(members) = self {
            members.retain(|(k, _)| k != key);
        }
    }

    /// The member names of the object `key`.
    fn keys_of(&self, key: &str) -> Vec<String> {
        match self {
            J::Obj(m) => match m.iter().find(|(k, _)| k == key) {
                Some((_, J::Obj(inner))) => inner.iter().map(|(k, _)| k.clone()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn has(&self, key: &str) -> bool {
        matches!(self, J::Obj(m) if m.iter().any(|(k, _)| k == key))
    }

    fn write(&self, out: &mut String, indent: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            J::Str(s) => out.push_str(&quote(s)),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => out.push_str(&n.to_string()),
            J::Lit(t) => out.push_str(t),
            J::Arr(items) if items.is_empty() => out.push_str("[]"),
            J::Obj(members) if members.is_empty() => out.push_str("{}"),
            J::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    item.write(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push(']');
            }
            J::Obj(members) => {
                out.push_str("{\n");
                for (i, (k, v)) in members.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    out.push_str(&quote(k));
                    out.push_str(": ");
                    v.write(out, indent + 1);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }

    /// A parsed value as written, members in order (numbers keep their text).
    fn from_node(node: &Node) -> J {
        match &node.value {
            Value::Object(members) => J::Obj(
                members
                    .iter()
                    .map(|(k, v)| (k.name.to_string(), J::from_node(v)))
                    .collect(),
            ),
            Value::Array(items) => J::Arr(items.iter().map(J::from_node).collect()),
            Value::String(s) => J::Str(s.to_string()),
            Value::Number(n) => J::Lit(n.to_string()),
            Value::Bool(b) => J::Bool(*b),
            Value::Null => J::Lit("null".into()),
        }
    }
}

/// A JSON string literal.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The items of an array member, or none.
fn list<'n>(node: &'n Node<'_>, key: &str) -> impl Iterator<Item = &'n Node<'n>> {
    let items: &[Node<'n>] = match node.get(key).map(|n| &n.value) {
        Some(Value::Array(items)) => items,
        _ => &[],
    };
    items.iter()
}

/// A string member, or "".
fn text<'n>(node: &'n Node, key: &str) -> &'n str {
    node.get(key).and_then(Node::as_str).unwrap_or("")
}

/// RFC 3986 percent-decoding, as AWS encodes policy documents; a `%` not followed by
/// two hex digits stays as it is.
pub fn url_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "the URL-decoded text is not UTF-8".to_string())
}

/// A path as given, URL-decoded; `None` for the default `/`.
fn path_of(node: &Node) -> Option<String> {
    let raw = text(node, "Path");
    let path = url_decode(raw).unwrap_or_else(|_| raw.to_string());
    (!path.is_empty() && path != "/").then_some(path)
}

/// Tags `[{"Key": k, "Value": v}]` as a scenario's `{k: v}`.
fn tags_of(node: &Node) -> Option<J> {
    let tags: Vec<(String, J)> = list(node, "Tags")
        .map(|t| {
            (
                text(t, "Key").to_string(),
                J::Str(text(t, "Value").to_string()),
            )
        })
        .collect();
    (!tags.is_empty()).then_some(J::Obj(tags))
}

#[derive(Default)]
struct Builder {
    input: usize,
    /// The accounts, in the order first seen.
    accounts: J,
    /// (kind, name) already imported in an account, to report duplicates once.
    seen: Vec<(String, String, String)>,
    org_policies: Vec<(String, J)>,
    org: Option<(String, String)>,
    counts: Counts,
    left_out: Vec<String>,
    /// Organization policies list-policies named: (name, ID).
    pending: Vec<(String, String)>,
}

#[derive(Default)]
struct Counts {
    users: usize,
    groups: usize,
    roles: usize,
    policies: usize,
    profiles: usize,
    scps: usize,
    rcps: usize,
}

impl Default for J {
    fn default() -> J {
        J::obj()
    }
}

impl Builder {
    fn fail(&self, message: String) -> ImportError {
        ImportError {
            input: self.input,
            message,
        }
    }

    /// The account of an entity, from its ARN.
    fn account_of(&self, node: &Node, what: &str) -> Result<String, ImportError> {
        let arn = text(node, "Arn");
        match split_arn(arn) {
            Some([_, "iam", _, account, _]) if crate::policy::is_account_id(account) => {
                Ok(account.to_string())
            }
            _ => Err(self.fail(format!(
                "{what} has no IAM `Arn` to tell its account: `{arn}`"
            ))),
        }
    }

    /// The account's member `field` (users, groups...), created in the scenario's order.
    fn section(&mut self, account: &str, field: &str) -> Option<&mut J> {
        const ORDER: [&str; 5] = ["policies", "users", "groups", "roles", "instance_profiles"];
        let acct = self.accounts.entry(account, J::obj)?;
        if !acct.has(field) {
            if let J::Obj(members) = acct {
                let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len());
                let at = members
                    .iter()
                    .position(|(k, _)| rank(k) > rank(field))
                    .unwrap_or(members.len());
                members.insert(at, (field.to_string(), J::obj()));
            }
        }
        acct.entry(field, J::obj)
    }

    /// Whether `name` of `kind` was already imported in `account` (a second page or a
    /// second file repeating it): the first one stays.
    fn repeated(&mut self, account: &str, kind: &str, name: &str) -> bool {
        let key = (account.to_string(), kind.to_string(), name.to_string());
        if self.seen.contains(&key) {
            return true;
        }
        self.seen.push(key);
        false
    }

    /// A policy document: an object as the AWS CLI prints it, or a string, URL-encoded
    /// as the API returns it (or plain JSON).
    fn document(&self, node: Option<&Node>, whose: &str) -> Result<J, ImportError> {
        let Some(node) = node else {
            return Err(self.fail(format!("{whose} has no policy document")));
        };
        match &node.value {
            Value::Object(_) => Ok(J::from_node(node)),
            Value::String(s) => {
                let decoded = if s.trim_start().starts_with('{') {
                    s.to_string()
                } else {
                    url_decode(s).map_err(|e| self.fail(format!("{whose}: {e}")))?
                };
                let parsed = json::parse(&decoded).map_err(|e| {
                    self.fail(format!(
                        "{whose}: the policy document is not JSON once URL-decoded: {}",
                        e.message
                    ))
                })?;
                Ok(J::from_node(&parsed))
            }
            _ => Err(self.fail(format!(
                "{whose}: a policy document is an object or a string, found {}",
                node.value.type_name()
            ))),
        }
    }

    /// Inline policies `[{"PolicyName", "PolicyDocument"}]` by name.
    fn inline(&self, node: &Node, key: &str, whose: &str) -> Result<Option<J>, ImportError> {
        let mut out = Vec::new();
        for p in list(node, key) {
            let name = text(p, "PolicyName");
            let doc = self.document(
                p.get("PolicyDocument"),
                &format!("inline policy `{name}` of {whose}"),
            )?;
            out.push((name.to_string(), doc));
        }
        Ok((!out.is_empty()).then_some(J::Obj(out)))
    }

    /// Attached managed policies: a customer managed policy by name (it is in the same
    /// account), an AWS managed policy by ARN. An AWS managed policy whose document
    /// the engine does not have is left out, and said so.
    fn attached(&mut self, node: &Node, whose: &str) -> Option<J> {
        let mut refs = Vec::new();
        for p in list(node, "AttachedManagedPolicies") {
            let arn = text(p, "PolicyArn");
            if self.known(arn, &format!("attached to {whose}")) {
                refs.push(J::Str(managed_ref(arn, text(p, "PolicyName"))));
            }
        }
        (!refs.is_empty()).then_some(J::Arr(refs))
    }

    /// The permissions boundary's policy, by name when customer managed.
    fn boundary(&mut self, node: &Node, whose: &str) -> Option<String> {
        let arn = text(node.get("PermissionsBoundary")?, "PermissionsBoundaryArn");
        let name = arn.rsplit('/').next().unwrap_or("");
        (!arn.is_empty() && self.known(arn, &format!("the permissions boundary of {whose}")))
            .then(|| managed_ref(arn, name))
    }

    /// Whether a managed policy can be named in the scenario: a customer managed one
    /// for now (one the input does not hold is left out at the end, [`Builder::prune`]),
    /// an AWS managed one when the engine has its document.
    fn known(&mut self, arn: &str, place: &str) -> bool {
        if !arn.starts_with("arn:aws:iam::aws:") || shipped(arn) {
            return true;
        }
        self.left_out.push(format!(
            "the AWS managed policy `{}` {place}: the engine does not have its document",
            crate::managed::bare_name(arn)
        ));
        false
    }

    /// An entity's account and name, or `None` when an earlier page or file already
    /// gave it (the first one stays).
    fn entity(
        &mut self,
        node: &Node,
        kind: &str,
        name_key: &str,
    ) -> Result<Option<(String, String)>, ImportError> {
        let account = self.account_of(node, &format!("a {kind}"))?;
        let name = text(node, name_key).to_string();
        Ok((!self.repeated(&account, kind, &name)).then_some((account, name)))
    }

    /// What a user, group or role holds: attached managed policies, inline policies
    /// (under `inline_key`) and the permissions boundary. IAM sets boundaries on users
    /// and roles only: one given to a group is left out, and said so.
    fn permissions(
        &mut self,
        into: &mut J,
        node: &Node,
        inline_key: &str,
        whose: &str,
    ) -> Result<(), ImportError> {
        into.set_opt("policies", self.attached(node, whose));
        into.set_opt("inline", self.inline(node, inline_key, whose)?);
        if inline_key == "GroupPolicyList" {
            if node.get("PermissionsBoundary").is_some() {
                self.left_out.push(format!(
                    "the permissions boundary of {whose}: IAM sets boundaries on users and roles, not groups"
                ));
            }
            return Ok(());
        }
        into.set_opt(
            "permissions_boundary",
            self.boundary(node, whose).map(J::Str),
        );
        Ok(())
    }

    fn authorization_details(&mut self, node: &Node) -> Result<(), ImportError> {
        if node
            .get("IsTruncated")
            .is_some_and(|t| matches!(t.value, Value::Bool(true)))
        {
            self.left_out.push(format!(
                "input {} is one page of a longer answer (`IsTruncated`): import every page, or call the AWS CLI without --max-items",
                self.input
            ));
        }
        for p in list(node, "Policies") {
            let arn = text(p, "Arn");
            // AWS managed policies are named by ARN where attached; the engine has them.
            if arn.starts_with("arn:aws:iam::aws:") {
                continue;
            }
            let account = self.account_of(p, "a managed policy")?;
            let name = text(p, "PolicyName").to_string();
            if self.repeated(&account, "policy", &name) {
                continue;
            }
            let default = text(p, "DefaultVersionId");
            let version = list(p, "PolicyVersionList").find(|v| {
                matches!(
                    v.get("IsDefaultVersion").map(|b| &b.value),
                    Some(Value::Bool(true))
                ) || (!default.is_empty() && text(v, "VersionId") == default)
            });
            let document = self.document(
                version.and_then(|v| v.get("Document")),
                &format!("the default version of policy `{name}`"),
            )?;
            let mut doc = J::obj();
            doc.set_opt("path", path_of(p).map(J::Str));
            doc.set_text("description", text(p, "Description"));
            doc.set("document", document);
            if let Some(section) = self.section(&account, "policies") {
                section.set(&name, doc);
            }
            self.counts.policies += 1;
        }
        for u in list(node, "UserDetailList") {
            let Some((account, name)) = self.entity(u, "user", "UserName")? else {
                continue;
            };
            let mut user = J::obj();
            user.set_opt("path", path_of(u).map(J::Str));
            user.set_text("id", text(u, "UserId"));
            let groups: Vec<J> = list(u, "GroupList")
                .filter_map(Node::as_str)
                .map(|g| J::Str(g.to_string()))
                .collect();
            user.set_opt("groups", (!groups.is_empty()).then_some(J::Arr(groups)));
            self.permissions(&mut user, u, "UserPolicyList", &format!("user `{name}`"))?;
            user.set_opt("tags", tags_of(u));
            if let Some(section) = self.section(&account, "users") {
                section.set(&name, user);
            }
            self.counts.users += 1;
        }
        for g in list(node, "GroupDetailList") {
            let Some((account, name)) = self.entity(g, "group", "GroupName")? else {
                continue;
            };
            let mut group = J::obj();
            group.set_opt("path", path_of(g).map(J::Str));
            self.permissions(&mut group, g, "GroupPolicyList", &format!("group `{name}`"))?;
            if let Some(section) = self.section(&account, "groups") {
                section.set(&name, group);
            }
            self.counts.groups += 1;
        }
        for r in list(node, "RoleDetailList") {
            let Some((account, name)) = self.entity(r, "role", "RoleName")? else {
                continue;
            };
            let mut role = J::obj();
            let path = path_of(r);
            role.set_opt("path", path.clone().map(J::Str));
            role.set_text("id", text(r, "RoleId"));
            role.set_text("description", text(r, "Description"));
            let trust = self.document(
                r.get("AssumeRolePolicyDocument"),
                &format!("the trust policy of role `{name}`"),
            )?;
            role.set("trust", trust);
            self.permissions(&mut role, r, "RolePolicyList", &format!("role `{name}`"))?;
            role.set_opt("tags", tags_of(r));
            if let Some(Value::Number(n)) = r.get("MaxSessionDuration").map(|n| &n.value) {
                if let Ok(n) = n.parse::<u64>() {
                    role.set("max_session_duration", J::Num(n));
                }
            }
            // IAM puts every service-linked role, and only those, under this path.
            if path
                .as_deref()
                .is_some_and(|p| p.starts_with("/aws-service-role/"))
            {
                role.set("service_linked", J::Bool(true));
            }
            if let Some(section) = self.section(&account, "roles") {
                section.set(&name, role);
            }
            self.counts.roles += 1;
            for ip in list(r, "InstanceProfileList") {
                let profile = text(ip, "InstanceProfileName").to_string();
                if profile.is_empty() || self.repeated(&account, "instance-profile", &profile) {
                    continue;
                }
                let mut p = J::obj();
                p.set("role", J::Str(name.clone()));
                if let Some(section) = self.section(&account, "instance_profiles") {
                    section.set(&profile, p);
                }
                self.counts.profiles += 1;
            }
        }
        Ok(())
    }

    /// `aws organizations describe-policy`: `{"Policy": {"PolicySummary", "Content"}}`.
    fn org_policy(&mut self, policy: &Node) -> Result<(), ImportError> {
        let Some(summary) = policy.get("PolicySummary") else {
            return Err(self.fail("`Policy` has no `PolicySummary`: not the output of `aws organizations describe-policy`".into()));
        };
        let name = text(summary, "Name").to_string();
        let Some(kind) = self.org_kind(summary) else {
            return Ok(());
        };
        self.org_from_arn(text(summary, "Arn"));
        if always_there(&name, summary) {
            return Ok(());
        }
        if self.org_policies.iter().any(|(n, _)| *n == name) {
            return Ok(());
        }
        let document = self.document(policy.get("Content"), &format!("policy `{name}`"))?;
        let mut p = J::obj();
        p.set("type", J::Str(kind.into()));
        let description = text(summary, "Description");
        if !description.is_empty() {
            p.set("description", J::Str(description.to_string()));
        }
        p.set("document", document);
        self.org_policies.push((name, p));
        if kind == "scp" {
            self.counts.scps += 1;
        } else {
            self.counts.rcps += 1;
        }
        Ok(())
    }

    /// `aws organizations list-policies`: names without content; each is said to need
    /// describe-policy, unless another input gave its content.
    fn org_policy_list(&mut self, node: &Node) {
        for summary in list(node, "Policies") {
            let name = text(summary, "Name").to_string();
            self.org_from_arn(text(summary, "Arn"));
            if self.org_kind(summary).is_none() || always_there(&name, summary) {
                continue;
            }
            self.pending.push((name, text(summary, "Id").to_string()));
        }
    }

    /// `scp` or `rcp`; another type is said to be left out.
    fn org_kind(&mut self, summary: &Node) -> Option<&'static str> {
        match text(summary, "Type") {
            "SERVICE_CONTROL_POLICY" => Some("scp"),
            "RESOURCE_CONTROL_POLICY" => Some("rcp"),
            other => {
                self.left_out.push(format!(
                    "organization policy `{}` is a {other}, which does not take part in authorization: left out",
                    text(summary, "Name")
                ));
                None
            }
        }
    }

    /// The organization's ID and management account, from a policy ARN
    /// (`arn:aws:organizations::MANAGEMENT:policy/o-ID/TYPE/p-ID`).
    fn org_from_arn(&mut self, arn: &str) {
        if self.org.is_some() {
            return;
        }
        if let Some([_, "organizations", _, account, res]) = split_arn(arn) {
            let org = res
                .strip_prefix("policy/")
                .and_then(|r| r.split('/').next());
            if let (true, Some(org)) = (crate::policy::is_account_id(account), org) {
                if org.starts_with("o-") {
                    self.org = Some((org.to_string(), account.to_string()));
                }
            }
        }
    }

    /// References to what the inputs do not hold are left out, and said so, so that the
    /// scenario loads: a customer managed policy or a group that a user, group or role
    /// names without its own entry in the input (as the output of `--filter User`
    /// gives, or a page of a paged output).
    fn prune(&mut self) {
        let J::Obj(accounts) = &mut self.accounts else {
            return;
        };
        let mut notes = Vec::new();
        for (id, acct) in accounts.iter_mut() {
            let (policies, groups) = (acct.keys_of("policies"), acct.keys_of("groups"));
            for (section, kind) in [("users", "user"), ("groups", "group"), ("roles", "role")] {
                let Some(J::Obj(members)) = acct.get_mut(section) else {
                    continue;
                };
                for (name, e) in members.iter_mut() {
                    let whose = format!("{kind} `{name}` ({id})");
                    let customer = |r: &str| !r.starts_with("arn:");
                    if let Some(J::Arr(refs)) = e.get_mut("policies") {
                        refs.retain(|r| match r {
                            J::Str(p) if customer(p) && !policies.contains(p) => {
                                notes.push(format!("the customer managed policy `{p}` attached to {whose}: its document is not in the input"));
                                false
                            }
                            _ => true,
                        });
                        if refs.is_empty() {
                            e.remove("policies");
                        }
                    }
                    if let Some(J::Str(p)) = e.get_mut("permissions_boundary") {
                        if customer(p) && !policies.contains(p) {
                            notes.push(format!("the permissions boundary `{p}` of {whose}: its document is not in the input"));
                            e.remove("permissions_boundary");
                        }
                    }
                    if let Some(J::Arr(gs)) = e.get_mut("groups") {
                        gs.retain(|g| match g {
                            J::Str(g) if !groups.contains(g) => {
                                notes.push(format!(
                                    "{whose} is in group `{g}`, which is not in the input"
                                ));
                                false
                            }
                            _ => true,
                        });
                        if gs.is_empty() {
                            e.remove("groups");
                        }
                    }
                }
            }
        }
        self.left_out.extend(notes);
    }

    fn finish(mut self) -> Imported {
        self.prune();
        let mut summary = Vec::new();
        let accounts = match &self.accounts {
            J::Obj(m) => m.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let c = &self.counts;
        if !accounts.is_empty() {
            summary.push(format!(
                "{} account{} ({}): {} user{}, {} group{}, {} role{}, {} instance profile{}, {} customer managed polic{}",
                accounts.len(),
                plural(accounts.len()),
                accounts.join(", "),
                c.users,
                plural(c.users),
                c.groups,
                plural(c.groups),
                c.roles,
                plural(c.roles),
                c.profiles,
                plural(c.profiles),
                c.policies,
                if c.policies == 1 { "y" } else { "ies" }
            ));
        }
        // list-policies named these; describe-policy gave no content for them.
        for (name, id) in std::mem::take(&mut self.pending) {
            if !self.org_policies.iter().any(|(n, _)| *n == name) {
                self.left_out.push(format!(
                    "organization policy `{name}` is listed without its content: import the output of `aws organizations describe-policy --policy-id {id}`"
                ));
            }
        }
        let mut doc = J::obj();
        doc.set("format", J::Str(super::FORMAT.into()));
        doc.set("name", J::Str("Imported from AWS".into()));
        let mut organization = None;
        if !self.org_policies.is_empty() {
            match &self.org {
                Some((id, management)) => {
                    summary.push(format!(
                        "organization {id} (management account {management}): {} SCP{}, {} RCP{}",
                        c.scps,
                        plural(c.scps),
                        c.rcps,
                        plural(c.rcps)
                    ));
                    self.left_out.push("where the SCPs and RCPs are attached, and which accounts the organization holds, is not in these outputs: attach them in `organization.root` (docs/SCENARIO.md); until then no account is in the organization".into());
                    // The management account exists: the policies' ARNs name it.
                    if !accounts.contains(management) {
                        let _ = self.accounts.entry(management, J::obj);
                        summary.push(format!("account {management}, the management account the policies' ARNs name, with nothing in it"));
                    }
                    let mut org = J::obj();
                    org.set("id", J::Str(id.clone()));
                    org.set("management_account", J::Str(management.clone()));
                    org.set("policies", J::Obj(std::mem::take(&mut self.org_policies)));
                    organization = Some(org);
                }
                None => self.left_out.push(
                    "the organization's SCPs and RCPs: no policy ARN names the organization and its management account".into(),
                ),
            }
        }
        if !accounts.is_empty() {
            self.left_out.push("MFA devices, access keys, resources and their policies are not in get-account-authorization-details: add them by hand".into());
        }
        let description = if summary.is_empty() {
            "Imported with `iam-eval import`: the input holds no user, group, role or policy."
                .to_string()
        } else {
            format!("Imported with `iam-eval import`: {}.", summary.join("; "))
        };
        doc.set("description", J::Str(description));
        if let Some(org) = organization {
            doc.set("organization", org);
        }
        doc.set("accounts", std::mem::take(&mut self.accounts));
        let mut scenario = String::new();
        doc.write(&mut scenario, 0);
        scenario.push('\n');
        summary.extend(self.left_out.iter().map(|l| format!("left out: {l}")));
        Imported { scenario, summary }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `FullAWSAccess` and `RCPFullAWSAccess` always exist in a scenario.
fn always_there(name: &str, summary: &Node) -> bool {
    matches!(
        summary.get("AwsManaged").map(|b| &b.value),
        Some(Value::Bool(true))
    ) && matches!(name, "FullAWSAccess" | "RCPFullAWSAccess")
}

/// How an attached policy is named in the scenario.
fn managed_ref(arn: &str, name: &str) -> String {
    if arn.starts_with("arn:aws:iam::aws:") || name.is_empty() {
        arn.to_string()
    } else {
        name.to_string()
    }
}

/// Whether the engine has an AWS managed policy's document. A build without the
/// bundled documents (the playground's) fetches them when a scenario attaches them, so
/// it keeps every attachment.
fn shipped(arn: &str) -> bool {
    #[cfg(feature = "bundled-data")]
    {
        crate::managed::find(arn).is_some()
    }
    #[cfg(not(feature = "bundled-data"))]
    {
        let _ = arn;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import/");
        std::fs::read_to_string(format!("{dir}{name}")).unwrap()
    }

    #[test]
    fn url_decoding_follows_rfc_3986() {
        assert_eq!(
            url_decode("%7B%22a%22%3A%20%22b%2Fc%22%7D").unwrap(),
            r#"{"a": "b/c"}"#
        );
        // `+` is not a space in RFC 3986, and a lone `%` stays.
        assert_eq!(url_decode("a+b%").unwrap(), "a+b%");
        assert_eq!(url_decode("%zz%4").unwrap(), "%zz%4");
        assert_eq!(url_decode("caf%C3%A9").unwrap(), "café");
        assert!(url_decode("%FF").is_err());
    }

    #[test]
    fn an_account_is_imported_as_written() {
        let dev = fixture("authorization-details-111122223333.json");
        let out = import_report(&[&dev]).unwrap();
        let s = crate::world::Scenario::load(&out.scenario).unwrap();
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let acct = s.account("111122223333").unwrap();
        let alice = acct.users.get("alice").unwrap();
        // The path was URL-encoded; the user's ARN keeps it.
        assert_eq!(
            alice.arn,
            "arn:aws:iam::111122223333:user/engineering/alice"
        );
        assert_eq!(alice.id, "AIDACKCEVSQ6C2EXAMPLE");
        let names: Vec<&str> = alice.policies.iter().map(|p| p.name.as_str()).collect();
        assert!(
            names.contains(&"ReadReports") && names.contains(&"ManageOwnKeys"),
            "{names:?}"
        );
        assert!(
            names.contains(&"AmazonS3ReadOnlyAccess") && names.contains(&"NoDeletes"),
            "{names:?}"
        );
        assert_eq!(alice.boundary.as_ref().unwrap().name, "DeveloperBoundary");
        // The default version (v2) of the customer managed policy, not v1.
        assert!(out.scenario.contains("\"Sid\": \"ReadReports\""));
        assert!(!out.scenario.contains("%7B"), "every document decoded");
        // Members keep their order: Version before Statement, Effect before Action.
        let v = out.scenario.find("\"Version\"").unwrap();
        assert!(v < out.scenario.find("\"Statement\"").unwrap());
        let role = acct.roles.get("AWSServiceRoleForSupport").unwrap();
        assert!(role.service_linked);
        assert!(acct.instance_profiles.contains_key("AppServerProfile"));
        assert!(out.summary[0].starts_with("1 account (111122223333): 2 users, 1 group, 2 roles"));
        // Nothing invented: no MFA, no keys, no resources, no requests.
        assert!(!out.scenario.contains("\"mfa\"") && !out.scenario.contains("access_keys"));
        assert!(!out.scenario.contains("\"requests\""));
        assert!(out
            .summary
            .iter()
            .any(|l| l.contains("AWSSupportServiceRolePolicy")));
    }

    #[test]
    fn accounts_and_organization_policies_merge() {
        let inputs = [
            fixture("authorization-details-111122223333.json"),
            fixture("authorization-details-444455556666.json"),
            fixture("describe-policy-RegionLock.json"),
            fixture("list-policies-scp.json"),
        ];
        let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let out = import_report(&refs).unwrap();
        let s = crate::world::Scenario::load(&out.scenario).unwrap();
        let org = s.doc.organization.as_ref().unwrap();
        assert_eq!(org.id, "o-exampleorgid");
        assert_eq!(org.management_account, "111111111111");
        assert!(org.policies.contains_key("RegionLock"));
        assert!(!org.policies.contains_key("FullAWSAccess"), "always there");
        // The AWS CLI's decoded documents are taken as they are.
        let deploy = s
            .account("444455556666")
            .unwrap()
            .roles
            .get("Deploy")
            .unwrap();
        assert_eq!(deploy.policies.len(), 1);
        // list-policies named a policy whose content no input gave.
        assert!(out
            .summary
            .iter()
            .any(|l| l.contains("`DenyLeaveOrganization`") && l.contains("p-examplepolicyid222")));
        // The same page twice: each entity once.
        let twice = import(&[refs[0], refs[0]]).unwrap();
        assert_eq!(twice, import(&[refs[0]]).unwrap());
    }

    #[test]
    fn what_a_filtered_output_names_but_does_not_hold_is_left_out_and_said() {
        // `--filter User`: users with their groups and attachments, but not the groups'
        // or the customer managed policies' own entries; the role's policy is there.
        let users = r#"{"UserDetailList": [{"UserName": "ana", "Arn": "arn:aws:iam::111122223333:user/ana",
            "GroupList": ["Devs"],
            "AttachedManagedPolicies": [{"PolicyName": "Missing", "PolicyArn": "arn:aws:iam::111122223333:policy/Missing"},
                                        {"PolicyName": "Present", "PolicyArn": "arn:aws:iam::111122223333:policy/Present"}],
            "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Fence"}}],
          "Policies": [{"PolicyName": "Present", "Arn": "arn:aws:iam::111122223333:policy/Present", "DefaultVersionId": "v1",
            "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
              "Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"}]}]}"#;
        let out = import_report(&[users]).unwrap();
        assert!(
            crate::world::Scenario::load(&out.scenario).is_ok(),
            "{}",
            out.scenario
        );
        assert!(out.scenario.contains("\"Present\""), "{}", out.scenario);
        for gone in [
            "`Missing` attached to user `ana`",
            "boundary `Fence` of user `ana`",
            "group `Devs`",
        ] {
            assert!(
                out.summary
                    .iter()
                    .any(|l| l.starts_with("left out:") && l.contains(gone)),
                "{gone}: {:?}",
                out.summary
            );
        }
    }

    #[test]
    fn what_is_not_an_aws_output_is_refused_with_its_place() {
        let e = import(&["{\"Users\": []}"]).unwrap_err();
        assert_eq!(e.input, 1);
        assert!(e.message.starts_with("not the output of"), "{e}");
        let e = import(&["{\"UserDetailList\": []}", "{\"UserDetailList\": [},"]).unwrap_err();
        assert_eq!(e.input, 2);
        assert!(e.message.starts_with("1:"), "{e}");
        let e = import(&[r#"{"UserDetailList": [{"UserName": "x", "Arn": "nope"}]}"#]).unwrap_err();
        assert!(e.message.contains("no IAM `Arn`"), "{e}");
        let bad = r#"{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "AssumeRolePolicyDocument": "%7Bnot"}]}"#;
        let e = import(&[bad]).unwrap_err();
        assert!(e.message.contains("trust policy of role `r`"), "{e}");
        // A group's permissions boundary (AWS gives none; an edited output may) cannot be
        // written in a scenario: it is left out, and the scenario loads (found by fuzzing).
        let group = r#"{"GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::111122223333:group/g", "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::aws:policy/PowerUserAccess"}}]}"#;
        let out = import_report(&[group]).unwrap();
        assert!(
            crate::world::Scenario::load(&out.scenario).is_ok(),
            "{}",
            out.scenario
        );
        assert!(
            out.summary
                .iter()
                .any(|l| l.contains("boundary of group `g`")),
            "{:?}",
            out.summary
        );
        // Odd shapes never panic.
        for text in [
            "[]",
            "1",
            "{\"Policies\": 3}",
            "{\"Policy\": {}}",
            "{\"UserDetailList\": [1, null]}",
        ] {
            let _ = import(&[text]);
        }
    }
}
