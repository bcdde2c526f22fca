//! Reading case files (`shared/conformance/FORMAT.md`): a JSON array of cases, or one
//! case object. Every fault is reported with the case's name, the line and column, and
//! the JSON path; unknown fields are errors so that a typo cannot change a case.

use crate::case::{Case, Decision, NamedPolicy, Request, ResourcePolicyKind};
use crate::context::Context;
use crate::diag::Source;
use crate::json::{self, Key, LineIndex, Node, Path, Value};
use crate::policy::{Policy, PolicyKind};
use crate::principal::{Caller, CallerSpec};
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::sync::{Condvar, Mutex, PoisonError};

/// One case read from a file, with the text for people.
#[derive(Clone, Debug)]
pub struct CaseEntry {
    pub case: Case,
    pub doc: Option<String>,
    pub why: Option<String>,
    pub notes: Option<String>,
    pub line: u32,
}

/// A fault in a case file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// The case's name when it could be read.
    pub case: Option<String>,
    pub line: u32,
    pub column: u32,
    pub path: String,
    pub message: String,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)?;
        if let Some(c) = &self.case {
            write!(f, ": case `{c}`")?;
        }
        if !self.path.is_empty() {
            write!(f, ": at {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

const CASE_FIELDS: &[&str] = &[
    "name",
    "doc",
    "why",
    "notes",
    "principal",
    "identity_policies",
    "permissions_boundary",
    "session_policies",
    "resource_policy",
    "resource_policy_kind",
    "resource_account",
    "scps",
    "rcps",
    "endpoint_policy",
    "management_account",
    "request",
    "expected",
];
const PRINCIPAL_FIELDS: &[&str] = &[
    "arn",
    "type",
    "account",
    "role_arn",
    "user_arn",
    "service",
    "service_linked",
];
const REQUEST_FIELDS: &[&str] = &["action", "resource", "context"];

/// Reads every case of a file. Returns all faults found (at most one per case).
pub fn read_cases(text: &str) -> Result<Vec<CaseEntry>, Vec<CaseError>> {
    let mut cases = Vec::new();
    read_each_case(text, |entry| cases.push(entry))?;
    Ok(cases)
}

/// Reads the cases of a file one at a time, handing each to `each` as soon as it is
/// read, so that a large file never has all its cases in memory at once. Once a fault is
/// found `each` is called no more, and the rest of the file is read only for its faults:
/// the result is then every fault, as [`read_cases`] reports them (a JSON syntax error
/// alone, since the file is then no case file at all).
pub fn read_each_case(text: &str, mut each: impl FnMut(CaseEntry)) -> Result<(), Vec<CaseError>> {
    let lines = LineIndex::new(text);
    let src = Source {
        text,
        lines: &lines,
    };
    let syntax_error = |e: json::SyntaxError| {
        let loc = src.locate(e.span);
        vec![CaseError {
            case: None,
            line: loc.line,
            column: loc.column,
            path: String::new(),
            message: format!("invalid JSON: {}", e.message),
        }]
    };
    let mut file = CaseFile {
        src,
        names: HashSet::new(),
        errors: Vec::new(),
    };
    match json::parse_document(text).map_err(syntax_error)? {
        json::Document::Array(elements) => {
            for (i, node) in elements.enumerate() {
                let node = node.map_err(syntax_error)?;
                if let Some(entry) = file.case(&node, Some(i)) {
                    each(entry);
                }
            }
        }
        json::Document::Value(root) => match &root.value {
            Value::Object(_) => {
                if let Some(entry) = file.case(&root, None) {
                    each(entry);
                }
            }
            other => {
                let loc = src.locate(root.span);
                return Err(vec![CaseError {
                    case: None,
                    line: loc.line,
                    column: loc.column,
                    path: String::new(),
                    message: format!(
                        "a case file is an array of cases or one case object, found {}",
                        other.type_name()
                    ),
                }]);
            }
        },
    }
    if file.errors.is_empty() {
        Ok(())
    } else {
        Err(file.errors)
    }
}

/// Below this many bytes a part of a file is not worth handing out on its own.
const MIN_PART_BYTES: usize = 128 * 1024;

/// How many parts each thread gets (on average): enough for threads that read at
/// different speeds to end together.
const PARTS_PER_THREAD: usize = 4;

/// Reads the cases of a file as [`read_each_case`] does, on up to `threads` threads when
/// the file is a large array: each thread reads runs of whole cases, makes a state for
/// each run with `state` and hands it every case of the run, in order. The states come
/// back in the file's order, so that what they gathered can be joined in that order. With
/// any fault the states are dropped and the faults returned exactly as `read_each_case`
/// reports them (the file is then read again whole: faults are the rare case).
pub fn read_cases_split<S: Send>(
    text: &str,
    threads: usize,
    state: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, CaseEntry) + Sync,
) -> Result<Vec<S>, Vec<CaseError>> {
    let parts = (threads * PARTS_PER_THREAD).min(text.len() / MIN_PART_BYTES);
    read_in_parts(text, threads, parts, state, each)
}

/// [`read_cases_split`] in (at most) `parts` parts on `threads` threads, whatever the
/// file's size (for tests and fuzzing: small files are read in parts too).
#[doc(hidden)]
pub fn read_in_parts<S: Send>(
    text: &str,
    threads: usize,
    parts: usize,
    state: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, CaseEntry) + Sync,
) -> Result<Vec<S>, Vec<CaseError>> {
    let whole = || {
        let mut one = state();
        read_each_case(text, |entry| each(&mut one, entry)).map(|()| vec![one])
    };
    if threads < 2 || parts < 2 {
        return whole();
    }
    let lines = LineIndex::new(text);
    let src = Source {
        text,
        lines: &lines,
    };
    // One run: its state and its cases' names, or `None` at its first fault. A file
    // with a fault is then read again whole, which reports every fault in order (the
    // CLI prints nothing else then), so the common case pays for no bookkeeping.
    let read_run = |run: json::Run| {
        let mut one = state();
        let mut names = Names::default();
        for (k, node) in json::RunElements::new(text, run).enumerate() {
            let node = node.ok()?;
            let mut r = CaseReader {
                src,
                index: Some(run.first + k),
                name: None,
            };
            let entry = r.case(&node).ok()?;
            let name = match node.get("name").map(|n| &n.value) {
                Some(Value::String(name)) => name.clone(),
                _ => return None,
            };
            if !names.insert(name) {
                return None;
            }
            each(&mut one, entry);
        }
        Some((one, names))
    };
    // The runs are read while the rest of the text is still being scanned for them:
    // this thread scans, the others take each run as soon as its end is known, and this
    // thread joins them once the scan is over.
    let queue = Mutex::new(Queue::default());
    let ready = Condvar::new();
    let lock = || queue.lock().unwrap_or_else(PoisonError::into_inner);
    let next = || {
        let mut q = lock();
        loop {
            if let Some(&run) = q.runs.get(q.taken) {
                q.taken += 1;
                return Some((q.taken - 1, run));
            }
            if q.scanned.is_some() {
                return None;
            }
            q = ready.wait(q).unwrap_or_else(PoisonError::into_inner);
        }
    };
    let work = || {
        let mut done = Vec::new();
        while let Some((i, run)) = next() {
            done.push((i, read_run(run)));
        }
        done
    };
    let mut read = std::thread::scope(|scope| {
        let work = &work;
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let scanned = json::scan_runs(text, parts, |run| {
            lock().runs.push(run);
            ready.notify_one();
        });
        lock().scanned = Some(scanned.is_some());
        ready.notify_all();
        let mut all = work();
        for h in helpers {
            all.extend(
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    if lock().scanned != Some(true) {
        return whole();
    }
    read.sort_unstable_by_key(|(i, _)| *i);
    let Some(read) = read.into_iter().map(|(_, r)| r).collect::<Option<Vec<_>>>() else {
        return whole();
    };
    // A name may still be taken in an earlier run.
    let taken = (read.iter().enumerate()).any(|(k, (_, names))| {
        let earlier = read.get(..k).unwrap_or_default();
        names
            .iter()
            .any(|name| earlier.iter().any(|(_, seen)| seen.contains(name)))
    });
    if taken {
        return whole();
    }
    Ok(read.into_iter().map(|(one, _)| one).collect())
}

/// The runs of a file found so far, how many threads have taken, and whether the scan
/// is over (`Some(false)`: the text turned out not to be an array).
#[derive(Default)]
struct Queue {
    runs: Vec<json::Run>,
    taken: usize,
    scanned: Option<bool>,
}

/// The names of the cases a run has read.
type Names<'a> = HashSet<std::borrow::Cow<'a, str>, rustc_hash::FxBuildHasher>;

/// What reading a file has found so far: the names of its cases, and its faults.
struct CaseFile<'a> {
    src: Source<'a>,
    names: HashSet<String>,
    errors: Vec<CaseError>,
}

impl CaseFile<'_> {
    /// Reads one case (the array's element `index`, or the whole file); returns it
    /// while the file has no fault.
    fn case(&mut self, node: &Node, index: Option<usize>) -> Option<CaseEntry> {
        let mut r = CaseReader {
            src: self.src,
            index,
            name: None,
        };
        match r.case(node) {
            Ok(entry) => {
                if self.names.contains(&entry.case.name) {
                    self.errors.push(r.name_taken(node.span));
                } else {
                    self.names.insert(entry.case.name.clone());
                    if self.errors.is_empty() {
                        return Some(entry);
                    }
                }
            }
            Err(e) => self.errors.push(e),
        }
        None
    }
}

struct CaseReader<'a> {
    src: Source<'a>,
    /// The case's place in the file: an element of its array, or the whole file.
    index: Option<usize>,
    name: Option<String>,
}

/// A policy's name by its place: `label 1`, or `label 1.2` for the second policy of the
/// first level (`place` counts from 0).
fn numbered(label: &str, place: &[usize]) -> String {
    let mut out = String::with_capacity(label.len() + 8);
    out.push_str(label);
    for (i, n) in place.iter().enumerate() {
        out.push(if i == 0 { ' ' } else { '.' });
        json::push_number(&mut out, n + 1);
    }
    out
}

/// The whole document's path, the parent of every case's.
const TOP: Path<'static> = Path::Text("");

impl CaseReader<'_> {
    /// The case's JSON path.
    fn root(&self) -> Path<'static> {
        match self.index {
            Some(i) => Path::Index(&TOP, i),
            None => TOP,
        }
    }

    fn error(&self, node: &Node, path: Path<'_>, message: String) -> CaseError {
        self.error_at(node.span, path, message)
    }

    fn error_at(&self, span: json::Span, path: Path<'_>, message: String) -> CaseError {
        let loc = self.src.locate(span);
        CaseError {
            case: self.name.clone(),
            line: loc.line,
            column: loc.column,
            path: path.to_string(),
            message,
        }
    }

    /// The fault of a case (at `span`) whose name an earlier case has.
    fn name_taken(&self, span: json::Span) -> CaseError {
        let name = self.name.as_deref().unwrap_or_default();
        self.error_at(
            span,
            self.root(),
            format!("another case is already named `{name}`: names must be unique in a file"),
        )
    }

    fn key_error(&self, key: &Key, path: Path<'_>, message: String) -> CaseError {
        let loc = self.src.locate(key.span);
        CaseError {
            case: self.name.clone(),
            line: loc.line,
            column: loc.column,
            path: path.to_string(),
            message,
        }
    }

    fn object<'n>(
        &self,
        node: &'n Node<'n>,
        path: Path<'_>,
        what: &str,
        allowed: &[&str],
    ) -> Result<&'n [(Key<'n>, Node<'n>)], CaseError> {
        let members = node.as_object().ok_or_else(|| {
            self.error(
                node,
                path,
                format!("{what} must be an object, found {}", node.value.type_name()),
            )
        })?;
        for (i, (k, _)) in members.iter().enumerate() {
            if !allowed.contains(&&*k.name) {
                let near = allowed.iter().find(|a| {
                    crate::closest::edit_distance(
                        &a.to_ascii_lowercase(),
                        &k.name.to_ascii_lowercase(),
                    ) <= 2
                });
                let hint = match near {
                    Some(n) => format!(": did you mean `{n}`?"),
                    None => format!(" (allowed: {})", allowed.join(", ")),
                };
                return Err(self.key_error(
                    k,
                    path.key(&k.name),
                    format!("unknown field `{}` in {what}{hint}", k.name),
                ));
            }
            if members.iter().take(i).any(|(p, _)| p.name == k.name) {
                return Err(self.key_error(
                    k,
                    path.key(&k.name),
                    format!("`{}` appears twice", k.name),
                ));
            }
        }
        Ok(members)
    }

    fn string(&self, node: &Node, path: Path<'_>) -> Result<String, CaseError> {
        node.as_str().map(str::to_string).ok_or_else(|| {
            self.error(
                node,
                path,
                format!("expected a string, found {}", node.value.type_name()),
            )
        })
    }

    fn policy(
        &self,
        node: &Node,
        path: Path<'_>,
        kind: PolicyKind,
        name: String,
    ) -> Result<NamedPolicy, CaseError> {
        if node.as_object().is_none() {
            return Err(self.error(
                node,
                path,
                format!(
                    "a policy document must be a JSON object, found {}",
                    node.value.type_name()
                ),
            ));
        }
        let policy = Policy::from_node(node, kind, self.src, path);
        let name = match &policy.id {
            Some(id) => format!("{name} \"{id}\""),
            None => name,
        };
        Ok(NamedPolicy {
            name,
            origin: None,
            policy: Arc::new(policy),
        })
    }

    fn policy_list(
        &self,
        node: &Node,
        path: Path<'_>,
        kind: PolicyKind,
        label: &str,
    ) -> Result<Vec<NamedPolicy>, CaseError> {
        let Value::Array(items) = &node.value else {
            return Err(self.error(
                node,
                path,
                format!(
                    "expected an array of policy documents, found {}",
                    node.value.type_name()
                ),
            ));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, n)| self.policy(n, path.index(i), kind, numbered(label, &[i])))
            .collect()
    }

    fn levels(
        &self,
        node: &Node,
        path: Path<'_>,
        kind: PolicyKind,
        label: &str,
    ) -> Result<Vec<Vec<NamedPolicy>>, CaseError> {
        let Value::Array(levels) = &node.value else {
            return Err(self.error(
                node,
                path,
                format!(
                    "expected a list of levels (root first), each a list of policies; found {}",
                    node.value.type_name()
                ),
            ));
        };
        let mut out = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            let lp = path.index(i);
            let Value::Array(items) = &level.value else {
                return Err(self.error(
                    level,
                    lp,
                    format!(
                        "each level is an array of policy documents, found {}",
                        level.value.type_name()
                    ),
                ));
            };
            let mut pols = Vec::new();
            for (j, n) in items.iter().enumerate() {
                pols.push(self.policy(n, lp.index(j), kind, numbered(label, &[i, j]))?);
            }
            out.push(pols);
        }
        Ok(out)
    }

    fn account(&self, node: &Node, path: Path<'_>) -> Result<String, CaseError> {
        let s = self.string(node, path)?;
        if crate::policy::is_account_id(&s) {
            Ok(s)
        } else {
            Err(self.error(node, path, format!("`{s}` is not a 12-digit account ID")))
        }
    }

    fn case(&mut self, node: &Node) -> Result<CaseEntry, CaseError> {
        let path = self.root();
        let members = node.as_object().ok_or_else(|| {
            self.error(
                node,
                path,
                format!("a case must be an object, found {}", node.value.type_name()),
            )
        })?;
        // Read the name first so that every later error can name the case.
        let name_node = node
            .get("name")
            .ok_or_else(|| self.error(node, path, "the case has no `name`".into()))?;
        self.name = Some(self.string(name_node, path.key("name"))?);
        self.object(node, path, "a case", CASE_FIELDS)?;
        let field = |k: &str| {
            members
                .iter()
                .find(|(key, _)| key.name == k)
                .map(|(_, v)| v)
        };
        let p = |k: &'static str| path.key(k);
        let text = |k: &'static str| -> Result<Option<String>, CaseError> {
            field(k).map(|n| self.string(n, p(k))).transpose()
        };

        let principal_node = field("principal")
            .ok_or_else(|| self.error(node, path, "the case has no `principal`".into()))?;
        let principal = self.principal(principal_node, p("principal"))?;
        let request_node = field("request")
            .ok_or_else(|| self.error(node, path, "the case has no `request`".into()))?;
        let request = self.request(request_node, p("request"))?;

        let identity_policies = match field("identity_policies") {
            Some(n) => self.policy_list(
                n,
                p("identity_policies"),
                PolicyKind::Identity,
                "identity policy",
            )?,
            None => Vec::new(),
        };
        let permissions_boundary = field("permissions_boundary")
            .map(|n| {
                self.policy(
                    n,
                    p("permissions_boundary"),
                    PolicyKind::PermissionsBoundary,
                    "permissions boundary".into(),
                )
            })
            .transpose()?;
        let session_policies = match field("session_policies") {
            Some(n) => self.policy_list(
                n,
                p("session_policies"),
                PolicyKind::Session,
                "session policy",
            )?,
            None => Vec::new(),
        };
        let resource_policy_kind = match field("resource_policy_kind") {
            None => None,
            Some(n) => Some(match self.string(n, p("resource_policy_kind"))?.as_str() {
                "resource" => ResourcePolicyKind::Resource,
                "role_trust" => ResourcePolicyKind::RoleTrust,
                "key_policy" => ResourcePolicyKind::KeyPolicy,
                other => {
                    return Err(self.error(
                        n,
                        p("resource_policy_kind"),
                        format!("unknown kind `{other}`: use resource, role_trust or key_policy"),
                    ))
                }
            }),
        };
        let effective_kind = resource_policy_kind
            .unwrap_or_else(|| ResourcePolicyKind::infer(&request.action, &request.resource));
        let (rp_kind, rp_name) = match effective_kind {
            ResourcePolicyKind::Resource => (PolicyKind::Resource, "resource policy"),
            ResourcePolicyKind::RoleTrust => (PolicyKind::RoleTrust, "trust policy"),
            ResourcePolicyKind::KeyPolicy => (PolicyKind::KeyPolicy, "key policy"),
        };
        let resource_policy = field("resource_policy")
            .map(|n| self.policy(n, p("resource_policy"), rp_kind, rp_name.into()))
            .transpose()?;
        let resource_account = field("resource_account")
            .map(|n| self.account(n, p("resource_account")))
            .transpose()?;
        let scps = field("scps")
            .map(|n| self.levels(n, p("scps"), PolicyKind::Scp, "SCP"))
            .transpose()?;
        let rcps = field("rcps")
            .map(|n| self.levels(n, p("rcps"), PolicyKind::Rcp, "RCP"))
            .transpose()?;
        let endpoint_policy = field("endpoint_policy")
            .map(|n| {
                self.policy(
                    n,
                    p("endpoint_policy"),
                    PolicyKind::EndpointPolicy,
                    "endpoint policy".into(),
                )
            })
            .transpose()?;
        let management_account = field("management_account")
            .map(|n| self.account(n, p("management_account")))
            .transpose()?;
        let expected = match field("expected") {
            None => None,
            Some(n) => {
                let s = self.string(n, p("expected"))?;
                Some(Decision::parse(&s).ok_or_else(|| {
                    self.error(
                        n,
                        p("expected"),
                        format!("`{s}` is not a decision: use Allow, ExplicitDeny, ImplicitDeny or Invalid"),
                    )
                })?)
            }
        };
        let line = self.src.locate(node.span).line;
        Ok(CaseEntry {
            case: Case {
                name: self.name.clone().unwrap_or_default(),
                principal,
                identity_policies,
                permissions_boundary,
                session_policies,
                resource_policy,
                resource_policy_kind,
                resource_account,
                scps,
                rcps,
                endpoint_policy,
                management_account,
                request,
                expected,
            },
            doc: text("doc")?,
            why: text("why")?,
            notes: text("notes")?,
            line,
        })
    }

    fn principal(&self, node: &Node, path: Path<'_>) -> Result<Caller, CaseError> {
        let members = self.object(node, path, "the principal", PRINCIPAL_FIELDS)?;
        let mut spec = CallerSpec::default();
        for (k, v) in members {
            let fp = path.key(&k.name);
            match &*k.name {
                "arn" => spec.arn = Some(self.string(v, fp)?),
                "type" => spec.kind = Some(self.string(v, fp)?),
                "account" => spec.account = Some(self.account(v, fp)?),
                "role_arn" => spec.role_arn = Some(self.string(v, fp)?),
                "user_arn" => spec.user_arn = Some(self.string(v, fp)?),
                "service" => spec.service = Some(self.string(v, fp)?),
                _ => match v.value {
                    Value::Bool(b) => spec.service_linked = b,
                    _ => {
                        return Err(self.error(
                            v,
                            fp,
                            format!(
                                "`service_linked` must be true or false, found {}",
                                v.value.type_name()
                            ),
                        ))
                    }
                },
            }
        }
        Caller::from_spec(spec).map_err(|m| self.error(node, path, m))
    }

    fn request(&self, node: &Node, path: Path<'_>) -> Result<Request, CaseError> {
        self.object(node, path, "the request", REQUEST_FIELDS)?;
        let action_node = node
            .get("action")
            .ok_or_else(|| self.error(node, path, "the request has no `action`".into()))?;
        let action = self.string(action_node, path.key("action"))?;
        if action != "*"
            && !action
                .split_once(':')
                .is_some_and(|(s, a)| !s.is_empty() && !a.is_empty() && !a.contains(['*', '?']))
        {
            return Err(self.error(action_node, path.key("action"), format!("`{action}` is not an action: write service:Action, such as s3:GetObject, without wildcards")));
        }
        let resource_node = node
            .get("resource")
            .ok_or_else(|| self.error(node, path, "the request has no `resource`".into()))?;
        let resource = self.string(resource_node, path.key("resource"))?;
        let mut context = Context::default();
        if let Some(ctx) = node.get("context") {
            let cp = path.key("context");
            let members = ctx.as_object().ok_or_else(|| {
                self.error(
                    ctx,
                    cp,
                    format!(
                        "the context must be an object, found {}",
                        ctx.value.type_name()
                    ),
                )
            })?;
            for (k, v) in members {
                let kp = cp.key(&k.name);
                if context.get(&k.name).is_some() {
                    return Err(self.key_error(
                        k,
                        kp,
                        format!(
                            "the key `{}` is given twice (key names ignore case)",
                            k.name
                        ),
                    ));
                }
                match &v.value {
                    Value::String(s) => context.insert(&k.name, vec![s.to_string()], false),
                    Value::Array(items) => {
                        let vals = items
                            .iter()
                            .enumerate()
                            .map(|(i, n)| {
                                n.as_str()
                                    .map(str::to_string)
                                    .ok_or_else(|| self.error(n, kp.index(i), format!("context values are strings, found {}", n.value.type_name())))
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        context.insert(&k.name, vals, true);
                    }
                    other => {
                        return Err(self.error(
                            v,
                            kp,
                            format!("context values are strings or arrays of strings, found {}: write numbers and booleans as strings, such as \"true\"", other.type_name()),
                        ))
                    }
                }
            }
        }
        Ok(Request {
            action,
            resource,
            context,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_json(name: &str, extra: &str) -> String {
        format!(
            r#"{{"name": "{name}", "principal": {{"arn": "arn:aws:iam::111122223333:user/a"}},
  "identity_policies": [{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/[x],{{y}}\"z\""}}]}}],
  "request": {{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}{extra}}}"#
        )
    }

    /// Every case's name, in the order `each` saw them, per part.
    fn names(text: &str, parts: usize) -> Result<Vec<Vec<String>>, Vec<CaseError>> {
        read_in_parts(text, 2, parts, Vec::new, |seen, e| seen.push(e.case.name))
    }

    #[test]
    fn parts_read_what_the_whole_reads() {
        let cases: Vec<String> = (0..23)
            .map(|i| case_json(&format!("case, [{i}]"), ""))
            .collect();
        let text = format!("[\n{}\n]\n", cases.join(",\n"));
        let whole: Vec<String> = read_cases(&text)
            .unwrap()
            .into_iter()
            .map(|e| e.case.name)
            .collect();
        for parts in 1..8 {
            let got = names(&text, parts).unwrap();
            assert_eq!(got.len(), parts.min(got.len()).max(1));
            assert_eq!(got.concat(), whole, "{parts} parts");
        }
        assert!(
            names(&text, 4).unwrap().len() > 1,
            "the file is read in parts"
        );
    }

    #[test]
    fn parts_report_the_faults_the_whole_reports() {
        let mut cases: Vec<String> = (0..12).map(|i| case_json(&format!("c{i}"), "")).collect();
        cases[10] = case_json("c2", ""); // a name taken in another part
        cases[4] = case_json("c4", r#", "expect": "Allow""#);
        cases[11] = "7".into();
        let text = format!("[{}]", cases.join(",\n"));
        let expected = read_cases(&text).unwrap_err();
        assert_eq!(expected.len(), 3);
        for parts in 2..6 {
            assert_eq!(names(&text, parts).unwrap_err(), expected, "{parts} parts");
        }
        // A syntax error anywhere is the file's one fault, as a whole read reports it.
        for broken in [
            format!("{},]", &text[..text.len() - 1]),
            format!("{} x", text),
            text.replace("\"c7\"", "\"c7"),
            text[..text.len() - 40].to_string(),
        ] {
            let expected = read_cases(&broken).unwrap_err();
            assert_eq!(expected.len(), 1, "{expected:?}");
            for parts in 2..6 {
                assert_eq!(names(&broken, parts).unwrap_err(), expected);
            }
        }
    }
}
