#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! Property tests of the evaluation logic's laws, on generated cases that use every
//! layer (identity, resource-based, boundary, session, SCP and RCP levels, VPC endpoint)
//! with users, role sessions and root callers, same- and cross-account:
//! - adding a Deny statement to any policy never turns a non-Allow into Allow, and an
//!   explicit deny stays one;
//! - adding a limit (a boundary, an SCP or RCP level, a session or endpoint policy)
//!   never widens;
//! - an applicable, matching Deny always yields ExplicitDeny;
//! - the trace's verdict is the decision: the same decision and blocking layer, and
//!   its steps and layers say the same;
//! - the fast path, the traced path and `is_allowed` agree;
//! - arbitrary input never panics, and neither do generated policy, case-file and
//!   scenario documents (the fuzz targets' short form, see fuzz/README.md).

use iam_engine::case::{Case, NamedPolicy, Request};
use iam_engine::casefile::read_cases;
use iam_engine::context::Context;
use iam_engine::policy::{Policy, PolicyKind};
use iam_engine::principal::{Caller, CallerSpec};
use iam_engine::trace::{StepResult, Verdict};
use iam_engine::{decide, Decision};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// The fuzz targets' work on one input (fuzz/README.md): the generated documents
/// below go through it too.
#[path = "../../fuzz/exercise.rs"]
mod exercise;

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:RunInstances",
    "iam:CreateUser",
];
const ACTION_PATTERNS: &[&str] = &[
    "s3:GetObject",
    "s3:Get*",
    "s3:*",
    "*",
    "ec2:*",
    "iam:Create?ser",
    "s3:*Object",
];
const RESOURCES: &[&str] = &["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::other/x", "*"];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::reports/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::other/?",
    // Unresolved for a role session: the statement does not apply.
    "arn:aws:s3:::reports/${aws:username}/*",
];
const CONDITIONS: &[&str] = &[
    "",
    r#","Condition":{"Bool":{"aws:SecureTransport":"true"}}"#,
    r#","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}"#,
    r#","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
    r#","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}"#,
    r#","Condition":{"StringNotLike":{"aws:PrincipalTag/team":"${aws:username}"}}"#,
    r#","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b"}}"#,
    r#","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:*"}}"#,
];
/// The `Principal` of a resource-based policy's statement.
const PRINCIPALS: &[&str] = &[
    r#""*""#,
    r#"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#,
    r#"{"AWS":"111122223333"}"#,
    r#"{"AWS":"arn:aws:iam::444455556666:root"}"#,
    r#"{"AWS":"arn:aws:iam::111122223333:role/R"}"#,
    r#"{"AWS":"arn:aws:sts::111122223333:assumed-role/R/s"}"#,
];
/// The callers: a user, a role session, the account's root user.
const CALLERS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/R/s",
    "arn:aws:iam::111122223333:root",
];
const SESSION: usize = 1;
const ROOT: usize = 2;

#[derive(Clone, Debug)]
struct Stmt {
    allow: bool,
    action: usize,
    resource: usize,
    condition: usize,
    not_action: bool,
    not_resource: bool,
    principal: usize,
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        prop::bool::weighted(0.7),
        0..ACTION_PATTERNS.len(),
        0..RESOURCE_PATTERNS.len(),
        prop_oneof![2 => Just(0), 3 => 0..CONDITIONS.len()],
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.15),
        0..PRINCIPALS.len(),
    )
        .prop_map(
            |(allow, action, resource, condition, not_action, not_resource, principal)| Stmt {
                allow,
                action,
                resource,
                condition,
                not_action,
                not_resource,
                principal,
            },
        )
}

/// An SCP or RCP level: half of them start with a statement that allows everything
/// (as `FullAWSAccess` does), so that requests get past the organization often.
fn level() -> impl Strategy<Value = Vec<Stmt>> {
    (any::<bool>(), prop::collection::vec(stmt(), 1..3)).prop_map(|(full, mut stmts)| {
        if full {
            stmts.insert(
                0,
                Stmt {
                    allow: true,
                    action: 3,
                    resource: 0,
                    condition: 0,
                    not_action: false,
                    not_resource: false,
                    principal: 0,
                },
            );
        }
        stmts
    })
}

/// Whom a policy's statements name.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Names {
    /// No `Principal`: identity-based policies, boundaries, session policies, SCPs.
    Nobody,
    /// `"Principal": "*"`: RCPs.
    Everyone,
    /// The statement's own principal: resource-based and endpoint policies.
    Listed,
}

fn policy_text(stmts: &[Stmt], names: Names) -> String {
    let body: Vec<String> = stmts
        .iter()
        .map(|s| {
            let principal = match names {
                Names::Nobody => String::new(),
                Names::Everyone => r#""Principal":"*","#.to_string(),
                Names::Listed => format!(r#""Principal":{},"#, PRINCIPALS[s.principal]),
            };
            format!(
                r#"{{"Effect":"{}",{principal}"{}":"{}","{}":"{}"{}}}"#,
                if s.allow { "Allow" } else { "Deny" },
                if s.not_action { "NotAction" } else { "Action" },
                ACTION_PATTERNS[s.action],
                if s.not_resource {
                    "NotResource"
                } else {
                    "Resource"
                },
                RESOURCE_PATTERNS[s.resource],
                CONDITIONS[s.condition]
            )
        })
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        body.join(",")
    )
}

fn named(text: &str, kind: PolicyKind, name: &str) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        origin: None,
        policy: std::sync::Arc::new(Policy::parse(text, kind)),
    }
}

#[derive(Clone, Debug)]
struct Scenario {
    identity: Vec<Vec<Stmt>>,
    boundary: Option<Vec<Stmt>>,
    session: Option<Vec<Stmt>>,
    scps: Vec<Vec<Stmt>>,
    rcps: Vec<Vec<Stmt>>,
    endpoint: Option<Vec<Stmt>>,
    resource_policy: Option<Vec<Stmt>>,
    cross_account: bool,
    caller: usize,
    action: usize,
    resource: usize,
    secure: bool,
    tag: bool,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let policies = (
        prop::collection::vec(prop::collection::vec(stmt(), 0..4), 1..3),
        prop::option::of(prop::collection::vec(stmt(), 0..3)),
        prop::option::of(prop::collection::vec(stmt(), 0..3)),
        prop::collection::vec(level(), 0..3),
        prop::collection::vec(level(), 0..2),
        prop::option::weighted(0.3, prop::collection::vec(stmt(), 1..3)),
        prop::option::weighted(0.4, prop::collection::vec(stmt(), 1..4)),
    );
    let request = (
        prop::bool::weighted(0.3),
        prop::sample::select(vec![0, 0, SESSION, SESSION, ROOT]),
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        any::<bool>(),
        any::<bool>(),
    );
    (policies, request).prop_map(
        |(
            (identity, boundary, session, scps, rcps, endpoint, resource_policy),
            (cross_account, caller, action, resource, secure, tag),
        )| Scenario {
            identity,
            boundary,
            session,
            scps,
            rcps,
            endpoint,
            resource_policy,
            cross_account,
            caller,
            action,
            resource,
            secure,
            tag,
        },
    )
}

fn levels(levels: &[Vec<Stmt>], kind: PolicyKind, names: Names) -> Option<Vec<Vec<NamedPolicy>>> {
    if levels.is_empty() {
        return None;
    }
    Some(
        levels
            .iter()
            .map(|p| vec![named(&policy_text(p, names), kind, kind.word())])
            .collect(),
    )
}

fn build(s: &Scenario) -> Case {
    let principal = Caller::from_spec(CallerSpec {
        arn: Some(CALLERS[s.caller].into()),
        ..Default::default()
    })
    .expect("valid caller");
    let mut context = Context::default();
    context.insert("aws:SecureTransport", vec![s.secure.to_string()], false);
    if s.tag {
        context.insert("aws:PrincipalTag/team", vec!["blue".into()], false);
    }
    Case {
        name: "generated".into(),
        principal,
        identity_policies: s
            .identity
            .iter()
            .map(|p| {
                named(
                    &policy_text(p, Names::Nobody),
                    PolicyKind::Identity,
                    "identity",
                )
            })
            .collect(),
        permissions_boundary: s.boundary.as_ref().map(|p| {
            named(
                &policy_text(p, Names::Nobody),
                PolicyKind::PermissionsBoundary,
                "boundary",
            )
        }),
        session_policies: s
            .session
            .iter()
            .map(|p| {
                named(
                    &policy_text(p, Names::Nobody),
                    PolicyKind::Session,
                    "session",
                )
            })
            .collect(),
        resource_policy: s.resource_policy.as_ref().map(|p| {
            named(
                &policy_text(p, Names::Listed),
                PolicyKind::Resource,
                "bucket policy",
            )
        }),
        resource_policy_kind: None,
        resource_account: Some(
            if s.cross_account {
                "444455556666"
            } else {
                "111122223333"
            }
            .into(),
        ),
        scps: levels(&s.scps, PolicyKind::Scp, Names::Nobody),
        rcps: levels(&s.rcps, PolicyKind::Rcp, Names::Everyone),
        endpoint_policy: s.endpoint.as_ref().map(|p| {
            named(
                &policy_text(p, Names::Listed),
                PolicyKind::EndpointPolicy,
                "endpoint",
            )
        }),
        management_account: None,
        request: Request {
            action: ACTIONS[s.action].into(),
            resource: RESOURCES[s.resource].into(),
            context,
        },
        expected: None,
    }
}

/// What the trace says agrees with the decision it comes with.
fn trace_agrees(case: &Case) -> Result<(), TestCaseError> {
    let outcome = decide(case, true);
    let t = outcome.trace.as_ref().expect("a trace");
    prop_assert_eq!(t.decision, outcome.decision);
    prop_assert_eq!(t.blocked_by, outcome.blocked_by);
    prop_assert_eq!(t.blocked_level, outcome.blocked_level);
    let step = |r: StepResult| t.steps.iter().filter(move |s| s.result == r);
    match outcome.decision {
        Decision::Allow => {
            prop_assert!(
                step(StepResult::Allow).count() > 0,
                "an Allow with no allowing step"
            );
            prop_assert!(
                step(StepResult::Deny).next().is_none(),
                "an Allow with a denying step"
            );
            prop_assert_eq!(outcome.blocked_by, None);
        }
        Decision::ExplicitDeny => {
            prop_assert!(step(StepResult::Allow).next().is_none());
            let by = outcome.blocked_by;
            prop_assert!(by.is_some(), "an explicit deny blocked by nothing");
            prop_assert!(
                step(StepResult::Deny).any(|s| s.layer == by && s.level == outcome.blocked_level),
                "no denying step for the blocking layer"
            );
            prop_assert!(
                t.layers.iter().any(|l| Some(l.layer) == by
                    && l.level == outcome.blocked_level
                    && l.applies
                    && l.verdict == Verdict::Deny),
                "the blocking layer's verdict is not Deny"
            );
        }
        Decision::ImplicitDeny => {
            prop_assert!(step(StepResult::Allow).next().is_none());
            prop_assert!(step(StepResult::Deny).next().is_none());
            prop_assert!(
                !t.layers
                    .iter()
                    .any(|l| l.applies && l.verdict == Verdict::Deny),
                "an implicit deny with a layer that denies"
            );
            prop_assert!(step(StepResult::Fail).count() > 0 || t.steps.is_empty());
        }
        Decision::Invalid => {
            prop_assert!(!outcome.errors.is_empty());
            prop_assert_eq!(&t.errors, &outcome.errors);
        }
    }
    // A layer's verdict is Deny exactly when one of its evaluated policies' is.
    for l in &t.layers {
        if l.applies {
            let denies = l.policies.iter().any(|p| p.verdict == Verdict::Deny);
            prop_assert_eq!(l.verdict == Verdict::Deny, denies, "layer {:?}", l.layer);
        }
    }
    Ok(())
}

/// A new SCP level, or a boundary, RCP level, session or endpoint policy where there
/// is none: a limit that can only narrow.
fn add_limit(case: &mut Case, s: &Scenario, which: u8, limit: &[Stmt]) {
    let plain = policy_text(limit, Names::Nobody);
    let scp_level = |case: &mut Case| {
        case.scps.get_or_insert_with(Vec::new).push(vec![named(
            &plain,
            PolicyKind::Scp,
            "new level",
        )]);
    };
    match which {
        0 if case.permissions_boundary.is_none() => {
            case.permissions_boundary = Some(named(
                &plain,
                PolicyKind::PermissionsBoundary,
                "new boundary",
            ));
        }
        2 if case.session_policies.is_empty() && s.caller == SESSION => {
            case.session_policies
                .push(named(&plain, PolicyKind::Session, "new session policy"));
        }
        3 => case.rcps.get_or_insert_with(Vec::new).push(vec![named(
            &policy_text(limit, Names::Everyone),
            PolicyKind::Rcp,
            "new level",
        )]),
        4 if case.endpoint_policy.is_none() => {
            case.endpoint_policy = Some(named(
                &policy_text(limit, Names::Listed),
                PolicyKind::EndpointPolicy,
                "new endpoint policy",
            ));
        }
        _ => scp_level(case),
    }
}

const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
const DENY_ALL_EVERYONE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_a_deny_never_allows(
        s in scenario(),
        extra in prop::collection::vec(stmt(), 1..3),
        layer in 0..7u8,
    ) {
        let before = decide(&build(&s), false).decision;
        let mut with = s.clone();
        let denies: Vec<Stmt> = extra.into_iter().map(|mut x| { x.allow = false; x }).collect();
        // Into a policy of the layer, or as a new one where the layer has none.
        let into_level = |levels: &mut Vec<Vec<Stmt>>| match levels.last_mut() {
            Some(level) => level.extend(denies.iter().cloned()),
            None => levels.push(denies.clone()),
        };
        match layer {
            0 => with.identity.push(denies.clone()),
            1 => with.resource_policy.get_or_insert_with(Vec::new).extend(denies.iter().cloned()),
            2 => with.boundary.get_or_insert_with(Vec::new).extend(denies.iter().cloned()),
            3 => with.session.get_or_insert_with(Vec::new).extend(denies.iter().cloned()),
            4 => into_level(&mut with.scps),
            5 => into_level(&mut with.rcps),
            _ => with.endpoint.get_or_insert_with(Vec::new).extend(denies.iter().cloned()),
        }
        let after = decide(&build(&with), false).decision;
        if before != Decision::Allow {
            prop_assert_ne!(after, Decision::Allow);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn adding_limits_never_widens(s in scenario(), limit in prop::collection::vec(stmt(), 0..3), which in 0..5u8) {
        let before = decide(&build(&s), false).decision;
        let mut case = build(&s);
        add_limit(&mut case, &s, which, &limit);
        let after = decide(&case, false).decision;
        if before != Decision::Allow {
            prop_assert_ne!(after, Decision::Allow);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn a_matching_deny_always_denies(s in scenario(), layer in 0..7u8) {
        let mut case = build(&s);
        let applies = match layer {
            0 => {
                case.identity_policies.push(named(DENY_ALL, PolicyKind::Identity, "deny"));
                s.caller != ROOT
            }
            1 => {
                let deny = named(DENY_ALL, PolicyKind::PermissionsBoundary, "deny");
                case.permissions_boundary = Some(deny);
                s.caller != ROOT
            }
            2 => {
                case.session_policies.push(named(DENY_ALL, PolicyKind::Session, "deny"));
                s.caller == SESSION
            }
            3 => {
                case.rcps.get_or_insert_with(Vec::new).push(vec![named(DENY_ALL_EVERYONE, PolicyKind::Rcp, "deny")]);
                ACTIONS[s.action].starts_with("s3:")
            }
            4 => {
                case.endpoint_policy = Some(named(DENY_ALL_EVERYONE, PolicyKind::EndpointPolicy, "deny"));
                true
            }
            5 => {
                case.resource_policy = Some(named(DENY_ALL_EVERYONE, PolicyKind::Resource, "deny"));
                true
            }
            _ => {
                case.scps.get_or_insert_with(Vec::new).push(vec![named(DENY_ALL, PolicyKind::Scp, "deny")]);
                true
            }
        };
        if applies {
            prop_assert_eq!(decide(&case, false).decision, Decision::ExplicitDeny);
            prop_assert_eq!(decide(&case, true).decision, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn fast_and_traced_paths_agree(s in scenario()) {
        let case = build(&s);
        let fast = decide(&case, false);
        let traced = decide(&case, true);
        prop_assert_eq!(fast.decision, traced.decision);
        prop_assert_eq!(fast.blocked_by, traced.blocked_by);
        prop_assert_eq!(fast.blocked_level, traced.blocked_level);
        // The yes/no shortcut agrees with the full decision.
        prop_assert_eq!(
            iam_engine::is_allowed(&case.prepare()),
            fast.decision == iam_engine::Decision::Allow
        );
    }

    #[test]
    fn the_trace_says_what_the_decision_is(s in scenario(), which in 0..6u8, limit in prop::collection::vec(stmt(), 0..3)) {
        let mut case = build(&s);
        trace_agrees(&case)?;
        add_limit(&mut case, &s, which, &limit);
        trace_agrees(&case)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = Policy::parse(&text, PolicyKind::Identity);
        let _ = read_cases(&text);
    }

    #[test]
    fn arbitrary_policy_like_json_never_panics(
        keys in prop::collection::vec(prop::sample::select(vec![
            "Version", "Statement", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal",
            "NotPrincipal", "Condition", "Sid", "AWS", "StringLike", "ForAllValues:StringEquals", "IpAddress",
            "DateLessThan", "Null", "aws:SourceIp", "${aws:username}",
        ]), 1..12),
        values in prop::collection::vec(prop::sample::select(vec![
            "\"Allow\"", "\"Deny\"", "\"*\"", "\"s3:*\"", "\"arn:aws:s3:::b/${aws:username}/*\"", "[]", "{}", "1", "true",
            "null", "\"10.0.0.0/8\"", "\"2026-01-01\"", "[\"a\",\"b\"]", "\"${\"", "\"arn:aws:iam::111122223333:root\"",
        ]), 1..12),
        nest in 0..4usize,
    ) {
        let mut obj = String::from("{");
        for (i, (k, v)) in keys.iter().zip(values.iter()).enumerate() {
            if i > 0 { obj.push(','); }
            obj.push_str(&format!("\"{k}\":{v}"));
        }
        obj.push('}');
        for _ in 0..nest {
            obj = format!(r#"{{"Version":"2012-10-17","Statement":[{obj}],"Condition":{obj}}}"#);
        }
        for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::RoleTrust, PolicyKind::Rcp] {
            let p = Policy::parse(&obj, kind);
            let case_text = format!(
                r#"{{"name":"x","principal":{{"arn":"arn:aws:iam::111122223333:user/a"}},"identity_policies":[{obj}],"resource_policy":{obj},"request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::b/a/x"}}}}"#
            );
            if let Ok(cases) = read_cases(&case_text) {
                for c in cases {
                    let _ = decide(&c.case, true);
                }
            }
            let _ = p.has_errors();
        }
    }
}

#[test]
fn huge_and_deep_documents_are_refused_cleanly() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let p = Policy::parse(&deep, PolicyKind::Identity);
    assert!(p.has_errors());
    assert!(p.diagnostics[0].message.contains("nests deeper"));
    let wide = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        vec![r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#; 20_000].join(",")
    );
    let p = Policy::parse(&wide, PolicyKind::Identity);
    assert_eq!(p.statements.len(), 20_000);
}

// ---- Generated documents: the fuzz targets' short form, cheap enough for every run.
// The repository's own documents (the seeds of the fuzz corpora) are mutated with the
// fuzz dictionary's tokens, then go through `exercise`, as the fuzz targets' inputs do.

/// The seeds: policies (with their kind's index), single-case files, scenarios, share
/// links, import inputs.
struct Seeds {
    policies: Vec<(u8, String)>,
    cases: Vec<String>,
    scenarios: Vec<String>,
    links: Vec<String>,
    imports: Vec<String>,
    tokens: Vec<String>,
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn json_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("readable"))
        .collect()
}

/// Every policy document inside a JSON value, with the kind its key says.
fn find_policies(v: &serde_json::Value, kind: u8, out: &mut Vec<(u8, String)>) {
    const KEYS: &[(&str, u8)] = &[
        ("boundary", 4),
        ("session", 5),
        ("scp", 6),
        ("rcp", 7),
        ("endpoint", 8),
        ("trust", 2),
        ("key_policy", 3),
        ("resource", 1),
        ("identity", 0),
    ];
    match v {
        serde_json::Value::Object(m) if m.contains_key("Statement") => {
            out.push((kind, serde_json::to_string_pretty(v).expect("json")));
        }
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let k = k.to_lowercase();
                let sub = KEYS
                    .iter()
                    .find(|(w, _)| k.contains(w))
                    .map_or(kind, |x| x.1);
                find_policies(v, sub, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| find_policies(v, kind, out)),
        _ => {}
    }
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut case_files = json_files(&root().join("tests/cases"));
        if let Ok(shared) =
            std::fs::read_to_string(root().join("../shared/conformance/examples.json"))
        {
            case_files.push(shared);
        }
        let scenarios: Vec<String> = iam_engine::world::bundled::SCENARIOS
            .iter()
            .map(|(_, text)| text.to_string())
            .collect();
        let mut policies = Vec::new();
        let mut cases = Vec::new();
        for text in case_files.iter().chain(&scenarios) {
            let v: serde_json::Value = serde_json::from_str(text).expect("json");
            find_policies(&v, 0, &mut policies);
        }
        for text in &case_files {
            if let serde_json::Value::Array(all) = serde_json::from_str(text).expect("json") {
                for c in all {
                    cases.push(serde_json::to_string_pretty(&[c]).expect("json"));
                }
            }
        }
        let dict = std::fs::read_to_string(root().join("fuzz/iam.dict")).expect("fuzz/iam.dict");
        let tokens = dict
            .lines()
            .filter_map(|l| l.strip_prefix('"')?.strip_suffix('"'))
            .map(|t| t.replace("\\\"", "\"").replace("\\\\", "\\"))
            .collect();
        Seeds {
            policies,
            cases,
            links: scenarios
                .iter()
                .map(|s| iam_engine::world::share::link(s))
                .collect(),
            scenarios,
            imports: json_files(&root().join("engine/tests/import")),
            tokens,
        }
    })
}

/// One edit, as libFuzzer's mutators make them: (what, where, how long, which token).
type Edit = (u8, usize, usize, usize);

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec((0..9u8, any::<usize>(), 0..64usize, any::<usize>()), 1..4)
}

/// The byte range of the contents of the `n`th JSON string (modulo their number).
fn nth_string(b: &[u8], n: usize) -> Option<std::ops::Range<usize>> {
    let mut quotes = Vec::new();
    let mut escaped = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => quotes.push(i),
            _ => escaped = false,
        }
        if c != b'\\' {
            escaped = false;
        }
    }
    let pairs = quotes.len() / 2;
    let k = n.checked_rem(pairs)?;
    Some(quotes[2 * k] + 1..quotes[2 * k + 1])
}

/// The text with the edits made, byte-wise (invalid UTF-8 is replaced).
fn mutate(text: &str, edits: &[Edit]) -> String {
    let tokens = &seeds().tokens;
    let mut b = text.as_bytes().to_vec();
    for &(what, at, len, token) in edits {
        let at = at % (b.len() + 1);
        let end = (at + len).min(b.len());
        let token = tokens[token % tokens.len()].as_bytes();
        match what {
            0 => {
                b.drain(at..end);
            }
            1 => {
                b.splice(at..at, token.iter().copied());
            }
            2 => {
                b.splice(at..end, token.iter().copied());
            }
            3 => {
                let copy = b[at..end].to_vec();
                b.splice(at..at, copy);
            }
            4 => {
                if let Some(x) = b.get_mut(at) {
                    *x ^= 1 << (len % 8);
                }
            }
            6..=8 => {
                // A string's contents replaced with a token (without its quotes), so
                // that the document stays JSON and its values go wrong instead.
                if let Some(r) = nth_string(&b, at) {
                    let t = token
                        .strip_prefix(b"\"")
                        .and_then(|t| t.strip_suffix(b"\""));
                    b.splice(r, t.unwrap_or(token).iter().copied());
                }
            }
            _ => {
                // A digit or sign where a value was: numbers, dates, sizes.
                b.splice(at..end, b"-9223372036854775809".iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn generated_policies_never_panic(i in any::<usize>(), selector in any::<u8>(), e in edits()) {
        let (kind, text) = &seeds().policies[i % seeds().policies.len()];
        let selector = selector / 9 % 28 * 9 + kind;
        exercise::policy(selector, &mutate(text, &e));
    }

    #[test]
    fn generated_case_files_never_panic(i in any::<usize>(), e in edits()) {
        exercise::casefile(&mutate(&seeds().cases[i % seeds().cases.len()], &e));
    }

    #[test]
    fn generated_share_links_never_panic(i in any::<usize>(), e in edits()) {
        exercise::share(&mutate(&seeds().links[i % seeds().links.len()], &e));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_scenarios_never_panic(i in any::<usize>(), e in edits()) {
        exercise::scenario(&mutate(&seeds().scenarios[i % seeds().scenarios.len()], &e));
    }

    #[test]
    fn generated_imports_never_panic(i in any::<usize>(), e in edits(), all in any::<bool>()) {
        let imports = &seeds().imports;
        let one = mutate(&imports[i % imports.len()], &e);
        let mut inputs: Vec<&str> = if all { imports.iter().map(String::as_str).collect() } else { Vec::new() };
        inputs.push(&one);
        exercise::import(&inputs);
    }
}
/// The seeds themselves, as they are: every conformance case, scenario and policy
/// (against each request) keeps the laws `exercise` checks.
#[test]
fn every_seed_keeps_the_laws() {
    for c in &seeds().cases {
        exercise::casefile(c);
    }
    for s in &seeds().scenarios {
        exercise::scenario(s);
    }
    for (kind, p) in &seeds().policies {
        for request in 0..4u8 {
            exercise::policy(request * 9 + kind, p);
        }
    }
}
