//! Reading a policy's JSON into [`Policy`]: every element checked against IAM's grammar,
//! with located diagnostics (unknown or misspelt elements with a did-you-mean,
//! duplicates, wrong types, patterns and operators AWS would refuse).

use super::*;
use crate::json::Path;

/// Element names, for "did you mean" help.
const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];
const POLICY_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];

/// The element a misspelt name most likely stands for (`Efect` → `Effect`): the
/// nearest by edit distance, within a quarter of its length (at least two letters).
fn nearest_element(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| {
            (
                crate::closest::edit_distance(&name, &k.to_ascii_lowercase()),
                *k,
            )
        })
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

struct Reader<'a> {
    src: Source<'a>,
    diags: Vec<Diagnostic>,
    kind: PolicyKind,
    /// Whether `${...}` is read as a variable (Version 2012-10-17).
    variables: bool,
}

/// Reads a policy from a JSON node; `path` is the node's JSON path in its document.
pub(super) fn read(node: &Node, kind: PolicyKind, src: Source<'_>, path: Path<'_>) -> Policy {
    let mut p = Reader {
        src,
        diags: Vec::new(),
        kind,
        variables: false,
    };
    let policy = p.policy(node, path);
    Policy {
        diagnostics: p.diags,
        ..policy
    }
}

/// "an identity-based policy", "a service control policy".
fn with_article(label: &str) -> String {
    let article = if label.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {label}")
}

/// Strings or arrays of strings, as AWS allows for most elements.
pub(super) fn string_list<'n>(node: &'n Node<'_>) -> Option<Vec<(&'n Node<'n>, &'n str)>> {
    match &node.value {
        Value::String(s) => Some(vec![(node, &**s)]),
        Value::Array(items) => items.iter().map(|n| n.as_str().map(|s| (n, s))).collect(),
        _ => None,
    }
}

impl Reader<'_> {
    fn diag(
        &mut self,
        severity: Severity,
        code: &'static str,
        node_span: json::Span,
        path: Path<'_>,
        message: String,
        help: Option<String>,
    ) {
        self.diags.push(Diagnostic {
            severity,
            code,
            message,
            help,
            location: self.src.locate(node_span),
            path: path.to_string(),
        });
    }

    fn error(
        &mut self,
        code: &'static str,
        span: json::Span,
        path: Path<'_>,
        message: String,
        help: Option<String>,
    ) {
        self.diag(Severity::Error, code, span, path, message, help);
    }

    /// Reports an unknown element with a did-you-mean; returns the element it is a
    /// misspelling of, if any, so that its absence is not reported a second time.
    fn unknown_member(
        &mut self,
        key: &json::Key,
        path: Path<'_>,
        known: &[&'static str],
        what: &str,
    ) -> Option<&'static str> {
        let same_letters = known
            .iter()
            .copied()
            .find(|k| k.eq_ignore_ascii_case(&key.name));
        let meant = same_letters.or_else(|| nearest_element(&key.name, known));
        let help = match (same_letters, meant) {
            (Some(k), _) => format!("element names are case-sensitive: did you mean `{k}`?"),
            (None, Some(k)) => format!("did you mean `{k}`?"),
            (None, None) => format!("{what} may hold {}", known.join(", ")),
        };
        self.error(
            "unknown-element",
            key.span,
            path.key(&key.name),
            format!("unknown element `{}`", key.name),
            Some(help),
        );
        meant
    }

    fn duplicate_check(&mut self, members: &[(json::Key, Node)], path: Path<'_>) {
        for (i, (k, _)) in members.iter().enumerate() {
            if members.iter().take(i).any(|(prev, _)| prev.name == k.name) {
                self.error(
                    "duplicate-key",
                    k.span,
                    path.key(&k.name),
                    format!("`{}` appears more than once", k.name),
                    Some("JSON readers disagree on which copy wins: keep one".into()),
                );
            }
        }
    }

    /// A Sid IAM would not store (IAM allows only A-Z, a-z and 0-9 in the policies it
    /// keeps: identity-based policies, boundaries, session and trust policies; other
    /// services' resource policies accept more, such as KMS's "Enable IAM User
    /// Permissions"), or an empty Sid.
    fn sid_check(&mut self, sid: &str, span: json::Span, path: Path<'_>) {
        let iam = matches!(
            self.kind,
            PolicyKind::Identity
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
                | PolicyKind::RoleTrust
        );
        if sid.is_empty() {
            self.diag(
                Severity::Warning,
                "empty-sid",
                span,
                path,
                "the `Sid` is an empty string".into(),
                Some(
                    "give the statement a name, such as \"AllowReadReports\", or remove `Sid`"
                        .into(),
                ),
            );
        } else if iam && !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let bad: String = sid
                .chars()
                .filter(|c| !c.is_ascii_alphanumeric())
                .take(1)
                .map(|c| match c {
                    ' ' => "a space".to_string(),
                    c => format!("`{c}`"),
                })
                .collect();
            self.diag(
                Severity::Warning,
                "unsupported-sid",
                span,
                path,
                format!("IAM allows only letters A-Z and a-z and digits 0-9 in a `Sid`, and `{sid}` has {bad}"),
                Some(format!("write it without spaces or symbols, such as \"{}\"", suggested_sid(sid))),
            );
        }
    }

    fn policy(&mut self, node: &Node, path: Path<'_>) -> Policy {
        let location = self.src.locate(node.span);
        let mut policy = Policy {
            kind: self.kind,
            version: PolicyVersion::Absent,
            id: None,
            statements: Vec::new(),
            diagnostics: Vec::new(),
            location,
        };
        let Some(members) = node.as_object() else {
            self.error(
                "wrong-type",
                node.span,
                path,
                format!(
                    "a policy must be a JSON object, found {}",
                    node.value.type_name()
                ),
                Some(
                    "a policy looks like {\"Version\": \"2012-10-17\", \"Statement\": [...]}"
                        .into(),
                ),
            );
            return policy;
        };
        self.duplicate_check(members, path);
        let mut statement_node = None;
        // A misspelt `Statement` is reported once, as a misspelling, not also as missing.
        let mut misspelt_statement = false;
        for (key, value) in members {
            let p = path.key(&key.name);
            match &*key.name {
                "Version" => match value.as_str() {
                    Some("2012-10-17") => policy.version = PolicyVersion::V2012,
                    Some("2008-10-17") => policy.version = PolicyVersion::V2008,
                    _ => self.error(
                        "invalid-version",
                        value.span,
                        p,
                        "`Version` must be `2012-10-17` or `2008-10-17`".into(),
                        Some("this is the policy language version, not a date you choose: use 2012-10-17".into()),
                    ),
                },
                "Id" => match value.as_str() {
                    Some(s) => policy.id = Some(s.to_string()),
                    None => self.error("wrong-type", value.span, p, format!("`Id` must be a string, found {}", value.value.type_name()), None),
                },
                "Statement" => statement_node = Some((value, p)),
                _ => {
                    if self.unknown_member(key, path, POLICY_ELEMENTS, "a policy")
                        == Some("Statement")
                    {
                        misspelt_statement = true;
                    }
                }
            }
        }
        if policy.version == PolicyVersion::Absent
            && !self.diags.iter().any(|d| d.code == "invalid-version")
        {
            self.diag(
                Severity::Warning,
                "missing-version",
                node.span,
                path,
                "no `Version`: AWS reads the policy as 2008-10-17, where `${...}` policy variables are plain text".into(),
                Some("add \"Version\": \"2012-10-17\"".into()),
            );
        }
        self.variables = policy.version == PolicyVersion::V2012;
        match statement_node {
            None if misspelt_statement => {}
            None => self.error(
                "missing-statement",
                node.span,
                path,
                "a policy needs a `Statement` element".into(),
                Some("add \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ...}]".into()),
            ),
            Some((sn, sp)) => match &sn.value {
                Value::Object(_) => {
                    if let Some(s) = self.statement(sn, sp, 0) {
                        policy.statements.push(s);
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(s) = self.statement(item, sp.index(i), i) {
                            policy.statements.push(s);
                        }
                    }
                }
                _ => self.error(
                    "wrong-type",
                    sn.span,
                    sp,
                    format!("`Statement` must be an object or an array of objects, found {}", sn.value.type_name()),
                    None,
                ),
            },
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut dup_sids = Vec::new();
        for s in &policy.statements {
            if let Some(sid) = &s.sid {
                if seen.contains(&&**sid) {
                    dup_sids.push((sid.clone(), s.location));
                }
                seen.push(sid);
            }
        }
        for (sid, loc) in dup_sids {
            self.diags.push(Diagnostic {
                severity: Severity::Warning,
                code: "duplicate-sid",
                message: format!("the Sid `{sid}` is used by more than one statement"),
                help: Some(
                    "give each statement its own Sid so that traces and findings can name it"
                        .into(),
                ),
                location: loc,
                path: path.to_string(),
            });
        }
        policy
    }

    fn statement(&mut self, node: &Node, path: Path<'_>, index: usize) -> Option<Statement> {
        let Some(members) = node.as_object() else {
            self.error(
                "wrong-type",
                node.span,
                path,
                format!(
                    "a statement must be an object, found {}",
                    node.value.type_name()
                ),
                None,
            );
            return None;
        };
        self.duplicate_check(members, path);
        let errors_before = self.diags.iter().filter(|d| d.is_error()).count();
        let mut sid = None;
        let mut effect = None;
        let mut action: Option<ActionBlock> = None;
        let mut resource: Option<ResourceBlock> = None;
        let mut principal: Option<PrincipalBlock> = None;
        let mut conditions = Vec::new();
        let mut seen_action = Vec::new();
        let mut seen_resource = Vec::new();
        let mut seen_principal = Vec::new();
        let mut misspelt: Vec<&'static str> = Vec::new();
        for (key, value) in members {
            let p = path.key(&key.name);
            match &*key.name {
                "Sid" => match value.as_str() {
                    Some(s) => {
                        self.sid_check(s, value.span, p);
                        sid = Some(Arc::from(s));
                    }
                    None => self.error(
                        "wrong-type",
                        value.span,
                        p,
                        format!("`Sid` must be a string, found {}", value.value.type_name()),
                        None,
                    ),
                },
                "Effect" => match value.as_str() {
                    Some("Allow") => effect = Some(Effect::Allow),
                    Some("Deny") => effect = Some(Effect::Deny),
                    Some(other) => {
                        let help = if other.eq_ignore_ascii_case("allow")
                            || other.eq_ignore_ascii_case("deny")
                        {
                            "`Effect` is case-sensitive: write `Allow` or `Deny`"
                        } else {
                            "`Effect` is `Allow` or `Deny`"
                        };
                        self.error(
                            "invalid-effect",
                            value.span,
                            p,
                            format!("invalid `Effect` `{other}`"),
                            Some(help.into()),
                        );
                    }
                    None => self.error(
                        "invalid-effect",
                        value.span,
                        p,
                        format!(
                            "`Effect` must be a string, found {}",
                            value.value.type_name()
                        ),
                        None,
                    ),
                },
                "Action" | "NotAction" => {
                    seen_action.push(&*key.name);
                    action = self.actions(value, p, key.name == "NotAction");
                }
                "Resource" | "NotResource" => {
                    seen_resource.push(&*key.name);
                    if self.kind == PolicyKind::RoleTrust {
                        self.error(
                            "prohibited-element",
                            key.span,
                            p,
                            format!("a role trust policy cannot have `{}`", key.name),
                            Some(format!("remove `{}` from the trust policy: the resource of a trust policy is the role itself", key.name)),
                        );
                    } else {
                        resource = self.resources(value, p, key.name == "NotResource");
                    }
                }
                "Principal" | "NotPrincipal" => {
                    seen_principal.push(&*key.name);
                    if !self.kind.requires_principal() {
                        self.error(
                            "prohibited-element",
                            key.span,
                            p,
                            format!("`{}` is not allowed in {}", key.name, with_article(self.kind.label())),
                            Some(format!("remove `{}` from the statement: {}", key.name, match self.kind {
                                PolicyKind::Scp => "an SCP limits the principals of the accounts it is attached to",
                                PolicyKind::PermissionsBoundary => "a permissions boundary limits the user or role it is set on",
                                PolicyKind::Session => "a session policy limits the session it is passed to",
                                _ => "an identity-based policy applies to whoever it is attached to",
                            })),
                        );
                    } else {
                        principal = self.principals(value, p, key.name == "NotPrincipal");
                    }
                }
                "Condition" => conditions = self.conditions(value, p),
                _ => {
                    if let Some(meant) =
                        self.unknown_member(key, path, STATEMENT_ELEMENTS, "a statement")
                    {
                        misspelt.push(meant);
                    }
                }
            }
        }
        // A misspelt element is reported once, as a misspelling: not also as missing
        // (no "the statement has no `Effect`" after `Efect`).
        let meant = |names: &[&str]| misspelt.iter().any(|m| names.contains(m));
        let misspelt_effect = meant(&["Effect"]);
        let misspelt_action = meant(&["Action", "NotAction"]);
        let misspelt_resource = meant(&["Resource", "NotResource"]);
        let misspelt_principal = meant(&["Principal", "NotPrincipal"]);
        let here = node.span;
        if effect.is_none()
            && !misspelt_effect
            && !self
                .diags
                .iter()
                .any(|d| d.code == "invalid-effect" && d.path.starts_with(&path.to_string()))
        {
            self.error(
                "missing-effect",
                here,
                path,
                "the statement has no `Effect`".into(),
                Some("add \"Effect\": \"Allow\" or \"Deny\"".into()),
            );
        }
        match seen_action.as_slice() {
            [] if misspelt_action => {}
            [] => self.error(
                "missing-action",
                here,
                path,
                "the statement has no `Action` or `NotAction`".into(),
                None,
            ),
            [_] => {}
            _ => self.error(
                "action-and-notaction",
                here,
                path,
                "a statement cannot have both `Action` and `NotAction`".into(),
                Some("keep one: NotAction matches every action except those listed".into()),
            ),
        }
        match seen_resource.as_slice() {
            [] if misspelt_resource => {}
            [] if self.kind != PolicyKind::RoleTrust => self.error(
                "missing-resource",
                here,
                path,
                "the statement has no `Resource` or `NotResource`".into(),
                Some("add \"Resource\": \"*\" or the ARNs it covers".into()),
            ),
            [_, _, ..] => self.error(
                "resource-and-notresource",
                here,
                path,
                "a statement cannot have both `Resource` and `NotResource`".into(),
                None,
            ),
            _ => {}
        }
        match seen_principal.as_slice() {
            [] if misspelt_principal => {}
            [] if self.kind.requires_principal() => self.error(
                "missing-principal",
                here,
                path,
                format!("a statement in a {} needs a `Principal` or `NotPrincipal`", self.kind.label()),
                Some("add `\"Principal\": \"*\"` to apply it to every caller, or name whom it applies to, such as `\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}`".into()),
            ),
            [_, _, ..] => self.error("principal-and-notprincipal", here, path, "a statement cannot have both `Principal` and `NotPrincipal`".into(), None),
            _ => {}
        }
        if let (Some(Effect::Allow), Some(p)) = (effect, &principal) {
            if p.negated {
                // AWS stores it but calls it not supported; it is evaluated as written.
                self.diag(
                    Severity::Warning,
                    "notprincipal-with-allow",
                    here,
                    path.key("NotPrincipal"),
                    "AWS does not support `NotPrincipal` with `\"Effect\": \"Allow\"`: this statement grants every principal that is not listed, anonymous callers included".into(),
                    Some("name whom it grants with `Principal` instead".into()),
                );
            }
        }
        if let Some(p) = &principal {
            if p.negated && matches!(self.kind, PolicyKind::RoleTrust | PolicyKind::Rcp) {
                self.error(
                    "prohibited-element",
                    here,
                    path,
                    format!("`NotPrincipal` is not supported in a {}", self.kind.label()),
                    None,
                );
            }
            if self.kind == PolicyKind::Rcp
                && p.entries
                    .iter()
                    .any(|e| e.value != PrincipalValue::Everyone)
            {
                self.error(
                    "rcp-principal",
                    here,
                    path.key("Principal"),
                    "a resource control policy's `Principal` must be `\"*\"`".into(),
                    Some(
                        "narrow the callers with conditions such as aws:PrincipalOrgID instead"
                            .into(),
                    ),
                );
            }
        }
        let errors_after = self.diags.iter().filter(|d| d.is_error()).count();
        if errors_after > errors_before {
            // The statement is kept out of the AST; the policy is not evaluated anyway.
            return None;
        }
        Some(Statement {
            index,
            sid,
            effect: effect.unwrap_or(Effect::Deny),
            action: action?,
            resource,
            principal,
            conditions,
            location: self.src.locate(node.span),
        })
    }

    /// The strings of an `Action` or `Resource` element (`what`: "action" or
    /// "resource"), each with its node and JSON path; reports a wrong type or an empty
    /// list.
    fn listed<'n>(
        &mut self,
        node: &'n Node<'_>,
        path: Path<'_>,
        what: &str,
    ) -> Option<Vec<(&'n Node<'n>, &'n str, Option<usize>)>> {
        let Some(items) = string_list(node) else {
            self.error(
                "wrong-type",
                node.span,
                path,
                format!("{what}s must be a string or an array of strings"),
                None,
            );
            return None;
        };
        if items.is_empty() {
            self.error(
                "empty-element",
                node.span,
                path,
                format!("the {what} list is empty"),
                None,
            );
        }
        let array = matches!(node.value, Value::Array(_));
        Some(
            items
                .into_iter()
                .enumerate()
                .map(|(i, (n, text))| (n, text, array.then_some(i)))
                .collect(),
        )
    }

    fn actions(&mut self, node: &Node, path: Path<'_>, negated: bool) -> Option<ActionBlock> {
        let items = self.listed(node, path, "action")?;
        let mut patterns = Vec::new();
        let is_action = |text: &str| {
            text == "*"
                || matches!(text.split_once(':'), Some((svc, act))
                    if !svc.is_empty() && !act.is_empty() && !act.contains(':')
                        && svc.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'*' || b == b'?')
                        && !act.chars().any(char::is_whitespace))
        };
        for (n, text, i) in items {
            let p = match i {
                Some(i) => path.index(i),
                None => path,
            };
            let valid = is_action(text);
            // AWS stores an empty or whitespace-padded action name and matches it
            // against nothing: warn, and keep it as a pattern that matches no action.
            let trimmed = text.trim();
            let empty_name = trimmed.is_empty()
                || trimmed
                    .strip_suffix(':')
                    .is_some_and(|svc| !svc.is_empty() && is_action(&format!("{svc}:*")));
            let padded = !valid && (empty_name || is_action(trimmed));
            if padded {
                let what = if text.is_empty() {
                    "an empty action name".to_string()
                } else if empty_name && trimmed == text {
                    format!("`{text}` has an empty action name")
                } else {
                    format!("`{text}` has spaces around the action name")
                };
                let effect = if negated {
                    "so in `NotAction` it excludes nothing"
                } else {
                    "so it allows or denies nothing"
                };
                self.diag(
                    Severity::Warning,
                    "empty-action",
                    n.span,
                    p,
                    format!("{what}: it matches no action, {effect}"),
                    Some(if empty_name {
                        "remove it, or write the action as service:Action".into()
                    } else {
                        format!("write `{trimmed}`")
                    }),
                );
            }
            if !valid && !padded {
                self.error(
                    "invalid-action",
                    n.span,
                    p,
                    format!("`{text}` is not an action"),
                    Some("write actions as service:Action, such as s3:GetObject or ec2:Describe*, or `*` for all".into()),
                );
                continue;
            }
            patterns.push(ActionPattern {
                glob: Glob::new(&text.to_ascii_lowercase()),
                text: Arc::from(text),
                location: self.src.locate(n.span),
            });
        }
        let services = patterns
            .iter()
            .map(|p| {
                let svc = p.text.split(':').next().unwrap_or("*");
                (!svc.contains(['*', '?'])).then(|| svc.to_ascii_lowercase().into_boxed_str())
            })
            .collect();
        Some(ActionBlock {
            negated,
            patterns,
            location: self.src.locate(node.span),
            services,
        })
    }

    fn resources(&mut self, node: &Node, path: Path<'_>, negated: bool) -> Option<ResourceBlock> {
        let items = self.listed(node, path, "resource")?;
        let mut patterns = Vec::new();
        for (n, text, i) in items {
            let p = match i {
                Some(i) => path.index(i),
                None => path,
            };
            let template = if self.variables {
                match Template::parse(text) {
                    Ok(t) => t,
                    Err(msg) => {
                        self.error("invalid-variable", n.span, p, msg, None);
                        continue;
                    }
                }
            } else {
                None
            };
            if text != "*" {
                if let Some(msg) = arn_pattern_problem(text) {
                    self.error(
                        "malformed-arn",
                        n.span,
                        p,
                        msg,
                        Some("write arn:partition:service:region:account:resource, such as arn:aws:s3:::bucket/*, or `*`".into()),
                    );
                    continue;
                }
                if split_arn(text)
                    .is_some_and(|[_, svc, ..]| svc.contains('*') || svc.contains('?'))
                {
                    self.diag(
                        Severity::Warning,
                        "wildcard-service",
                        n.span,
                        p,
                        format!("`{text}` has a wildcard in the service segment, which AWS documents as not allowed"),
                        None,
                    );
                }
            }
            let glob = if template.is_none() {
                Some(ArnGlob::new(text))
            } else {
                None
            };
            patterns.push(ResourcePattern {
                text: Arc::from(text),
                template,
                glob,
                location: self.src.locate(n.span),
            });
        }
        Some(ResourceBlock {
            negated,
            patterns,
            location: self.src.locate(node.span),
        })
    }

    fn principals(&mut self, node: &Node, path: Path<'_>, negated: bool) -> Option<PrincipalBlock> {
        let location = self.src.locate(node.span);
        if node.as_str() == Some("*") {
            let entries = vec![PrincipalEntry {
                key: "*",
                text: "*".into(),
                value: PrincipalValue::Everyone,
                location,
            }];
            return Some(PrincipalBlock {
                negated,
                entries,
                location,
            });
        }
        let Some(members) = node.as_object() else {
            let element = if negated { "NotPrincipal" } else { "Principal" };
            let (message, help) = match node.as_str() {
                Some(text) => {
                    let key = if text.ends_with(".amazonaws.com") {
                        "Service"
                    } else {
                        "AWS"
                    };
                    (
                        format!("`{element}` is a bare string `{text}`: only `\"*\"` may be written without a principal type"),
                        format!("write `{{\"{key}\": \"{text}\"}}`"),
                    )
                }
                None => (
                    format!(
                        "`{element}` must be `\"*\"` or an object, found {}",
                        node.value.type_name()
                    ),
                    "write an object such as `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`"
                        .to_string(),
                ),
            };
            self.error("wrong-type", node.span, path, message, Some(help));
            return None;
        };
        self.duplicate_check(members, path);
        let element = if negated { "NotPrincipal" } else { "Principal" };
        if members.is_empty() {
            self.diag(
                Severity::Warning,
                "empty-object-principal",
                node.span,
                path,
                format!("`{element}` is empty, so it names no one: the statement applies to no caller"),
                Some("name whom it applies to, such as `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`, or remove the statement".into()),
            );
        }
        let mut entries = Vec::new();
        for (key, value) in members {
            let p = path.key(&key.name);
            let kind: &'static str = match &*key.name {
                "AWS" => "AWS",
                "Service" => "Service",
                "Federated" => "Federated",
                "CanonicalUser" => "CanonicalUser",
                _ => {
                    self.unknown_member(
                        key,
                        path,
                        &["AWS", "Service", "Federated", "CanonicalUser"],
                        "a principal",
                    );
                    continue;
                }
            };
            let Some(items) = string_list(value) else {
                self.error(
                    "wrong-type",
                    value.span,
                    p,
                    format!("`{kind}` must be a string or an array of strings"),
                    None,
                );
                continue;
            };
            if items.is_empty() {
                self.diag(
                    Severity::Warning,
                    "empty-array-principal",
                    value.span,
                    p,
                    format!("`{kind}` is an empty list, so it names no one"),
                    Some(format!("list the principals, or remove `{kind}`")),
                );
            }
            for (i, (n, text)) in items.into_iter().enumerate() {
                let ip = if matches!(value.value, Value::Array(_)) {
                    p.index(i)
                } else {
                    p
                };
                let parsed = match kind {
                    "AWS" => PrincipalValue::aws(text),
                    "Service" if text.is_empty() || text.contains('*') => Err((
                        format!("`{text}` is not a service principal"),
                        Some("write the service's name, such as ec2.amazonaws.com".into()),
                    )),
                    "Service" => Ok(PrincipalValue::Service(text.to_string())),
                    "Federated" if text.is_empty() || text.contains('*') => {
                        Err((format!("`{text}` is not an identity provider"), None))
                    }
                    "Federated" => Ok(PrincipalValue::Federated(text.to_string())),
                    _ if text.is_empty() => Err(("an empty canonical user ID".into(), None)),
                    _ => Ok(PrincipalValue::CanonicalUser(text.to_string())),
                };
                match parsed {
                    Ok(v) => entries.push(PrincipalEntry {
                        key: kind,
                        text: text.to_string(),
                        value: v,
                        location: self.src.locate(n.span),
                    }),
                    Err((msg, help)) => self.error("invalid-principal", n.span, ip, msg, help),
                }
            }
        }
        Some(PrincipalBlock {
            negated,
            entries,
            location,
        })
    }

    fn conditions(&mut self, node: &Node, path: Path<'_>) -> Vec<Condition> {
        let Some(ops) = node.as_object() else {
            self.error(
                "wrong-type",
                node.span,
                path,
                format!(
                    "`Condition` must be an object, found {}",
                    node.value.type_name()
                ),
                None,
            );
            return Vec::new();
        };
        self.duplicate_check(ops, path);
        if ops.is_empty() {
            // Stored by AWS; the statement applies as if it had no `Condition`.
            self.diag(
                Severity::Warning,
                "empty-object-condition",
                node.span,
                path,
                "`Condition` is empty, so it sets no condition: the statement applies to every request it matches".into(),
                Some("remove `\"Condition\": {}`, or write the conditions it should test".into()),
            );
        }
        let mut out = Vec::new();
        for (op_key, block) in ops {
            let op_path = path.key(&op_key.name);
            let operator = match Operator::parse(&op_key.name) {
                Ok(op) => op,
                Err(help) => {
                    self.error(
                        "unknown-operator",
                        op_key.span,
                        op_path,
                        format!("unknown condition operator `{}`", op_key.name),
                        Some(help),
                    );
                    continue;
                }
            };
            let Some(keys) = block.as_object() else {
                self.error(
                    "wrong-type",
                    block.span,
                    op_path,
                    format!("`{}` must map condition keys to values, such as {{\"aws:SourceIp\": \"10.0.0.0/8\"}}", op_key.name),
                    None,
                );
                continue;
            };
            if keys.is_empty() {
                self.error(
                    "empty-element",
                    block.span,
                    op_path,
                    format!("`{}` names no condition key", op_key.name),
                    None,
                );
            }
            let mut seen: Vec<String> = Vec::new();
            for (key, values) in keys {
                let kp = op_path.key(&key.name);
                let key_lc = key.name.to_ascii_lowercase();
                if seen.contains(&key_lc) {
                    self.error(
                        "duplicate-key",
                        key.span,
                        kp,
                        format!("the condition key `{}` appears twice under `{}` (key names ignore case)", key.name, op_key.name),
                        Some("put all values in one array: values of one key are ORed".into()),
                    );
                    continue;
                }
                seen.push(key_lc);
                if key.name.is_empty() {
                    self.error(
                        "invalid-condition-key",
                        key.span,
                        kp,
                        "an empty condition key".into(),
                        None,
                    );
                    continue;
                }
                let raw: Vec<(&Node, Option<String>)> = match &values.value {
                    Value::Array(items) => items.iter().map(|n| (n, scalar_text(n))).collect(),
                    _ => vec![(values, scalar_text(values))],
                };
                if raw.is_empty() {
                    self.error(
                        "empty-element",
                        values.span,
                        kp,
                        "a condition key needs at least one value".into(),
                        None,
                    );
                    continue;
                }
                let mut texts = Vec::new();
                for (i, (n, t)) in raw.into_iter().enumerate() {
                    let vp = if matches!(values.value, Value::Array(_)) {
                        kp.index(i)
                    } else {
                        kp
                    };
                    match t {
                        Some(t) => texts.push((t, self.src.locate(n.span), vp)),
                        None => self.error(
                            "wrong-type",
                            n.span,
                            vp,
                            format!(
                                "a condition value must be a string, number or boolean, found {}",
                                n.value.type_name()
                            ),
                            None,
                        ),
                    }
                }
                match Condition::build(operator, &op_key.name, &key.name, texts, self.variables) {
                    Ok(c) => out.push(c),
                    Err(problems) => {
                        for (loc, vp, msg) in problems {
                            self.diags.push(Diagnostic {
                                severity: Severity::Error,
                                code: "invalid-condition-value",
                                message: msg,
                                help: None,
                                location: loc,
                                path: vp.to_string(),
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// A Sid of letters and digits only, from one that has other characters: each
/// word capitalised (`allow s3-read` → `AllowS3Read`).
fn suggested_sid(sid: &str) -> String {
    let mut out = String::new();
    for word in sid.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        "Statement1".into()
    } else {
        out
    }
}

/// Condition values may be written as strings, numbers or booleans.
fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::String(s) => Some(s.to_string()),
        Value::Number(s) => Some(s.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Why a resource pattern is not an ARN pattern, if it is not.
fn arn_pattern_problem(text: &str) -> Option<String> {
    if !text.starts_with("arn:") {
        return Some(format!(
            "`{text}` is not an ARN: it must start with `arn:` (or be `*`)"
        ));
    }
    // Fewer than six parts is a fault unless the last part ends with a star.
    let parts = text.bytes().filter(|&b| b == b':').count() + 1;
    if parts < 6 && !text.ends_with('*') {
        return Some(format!("`{text}` has {parts} of the 6 ARN parts"));
    }
    None
}
