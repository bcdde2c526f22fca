#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! Property tests of the evaluation logic's laws:
//! - adding a Deny statement never turns a non-Allow into Allow;
//! - adding a limit (boundary, SCP level, session policy) never widens;
//! - an applicable, matching Deny always yields ExplicitDeny;
//! - arbitrary input never panics.

use iam_engine::case::{Case, NamedPolicy, Request};
use iam_engine::casefile::read_cases;
use iam_engine::context::Context;
use iam_engine::policy::{Policy, PolicyKind};
use iam_engine::principal::{Caller, CallerSpec};
use iam_engine::{decide, Decision};
use proptest::prelude::*;

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
];
const CONDITIONS: &[&str] = &[
    "",
    r#","Condition":{"Bool":{"aws:SecureTransport":"true"}}"#,
    r#","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}"#,
    r#","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
    r#","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}"#,
];

#[derive(Clone, Debug)]
struct Stmt {
    allow: bool,
    action: usize,
    resource: usize,
    condition: usize,
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        any::<bool>(),
        0..ACTION_PATTERNS.len(),
        0..RESOURCE_PATTERNS.len(),
        0..CONDITIONS.len(),
    )
        .prop_map(|(allow, action, resource, condition)| Stmt {
            allow,
            action,
            resource,
            condition,
        })
}

fn policy_text(stmts: &[Stmt]) -> String {
    let body: Vec<String> = stmts
        .iter()
        .map(|s| {
            format!(
                r#"{{"Effect":"{}","Action":"{}","Resource":"{}"{}}}"#,
                if s.allow { "Allow" } else { "Deny" },
                ACTION_PATTERNS[s.action],
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
    session_caller: bool,
    action: usize,
    resource: usize,
    secure: bool,
    tag: bool,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(prop::collection::vec(stmt(), 0..4), 0..3),
        prop::option::of(prop::collection::vec(stmt(), 0..3)),
        prop::option::of(prop::collection::vec(stmt(), 0..3)),
        prop::collection::vec(prop::collection::vec(stmt(), 1..3), 0..3),
        any::<bool>(),
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(identity, boundary, session, scps, session_caller, action, resource, secure, tag)| {
                Scenario {
                    identity,
                    boundary,
                    session,
                    scps,
                    session_caller,
                    action,
                    resource,
                    secure,
                    tag,
                }
            },
        )
}

fn build(s: &Scenario) -> Case {
    let arn = if s.session_caller {
        "arn:aws:sts::111122223333:assumed-role/R/s"
    } else {
        "arn:aws:iam::111122223333:user/alice"
    };
    let principal = Caller::from_spec(CallerSpec {
        arn: Some(arn.into()),
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
            .map(|p| named(&policy_text(p), PolicyKind::Identity, "identity"))
            .collect(),
        permissions_boundary: s
            .boundary
            .as_ref()
            .map(|p| named(&policy_text(p), PolicyKind::PermissionsBoundary, "boundary")),
        session_policies: s
            .session
            .iter()
            .map(|p| named(&policy_text(p), PolicyKind::Session, "session"))
            .collect(),
        resource_policy: None,
        resource_policy_kind: None,
        resource_account: None,
        scps: if s.scps.is_empty() {
            None
        } else {
            Some(
                s.scps
                    .iter()
                    .map(|p| vec![named(&policy_text(p), PolicyKind::Scp, "scp")])
                    .collect(),
            )
        },
        rcps: None,
        endpoint_policy: None,
        management_account: None,
        request: Request {
            action: ACTIONS[s.action].into(),
            resource: RESOURCES[s.resource].into(),
            context,
        },
        expected: None,
    }
}

const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_a_deny_never_allows(s in scenario(), extra in prop::collection::vec(stmt(), 1..3)) {
        let before = decide(&build(&s), false).decision;
        let mut with = s.clone();
        let denies: Vec<Stmt> = extra.into_iter().map(|mut x| { x.allow = false; x }).collect();
        with.identity.push(denies);
        let after = decide(&build(&with), false).decision;
        if before != Decision::Allow {
            prop_assert_ne!(after, Decision::Allow);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn adding_limits_never_widens(s in scenario(), limit in prop::collection::vec(stmt(), 0..3), which in 0..3u8) {
        let before = decide(&build(&s), false).decision;
        let mut case = build(&s);
        let text = policy_text(&limit);
        match which {
            0 => {
                // A boundary where there was none, or a second SCP level.
                if case.permissions_boundary.is_none() {
                    case.permissions_boundary = Some(named(&text, PolicyKind::PermissionsBoundary, "new boundary"));
                } else {
                    case.scps.get_or_insert_with(Vec::new).push(vec![named(&text, PolicyKind::Scp, "new level")]);
                }
            }
            1 => case.scps.get_or_insert_with(Vec::new).push(vec![named(&text, PolicyKind::Scp, "new level")]),
            _ => {
                if case.session_policies.is_empty() && s.session_caller {
                    case.session_policies.push(named(&text, PolicyKind::Session, "new session policy"));
                } else {
                    case.scps.get_or_insert_with(Vec::new).push(vec![named(&text, PolicyKind::Scp, "new level")]);
                }
            }
        }
        let after = decide(&case, false).decision;
        if before != Decision::Allow {
            prop_assert_ne!(after, Decision::Allow);
        }
    }

    #[test]
    fn a_matching_deny_always_denies(s in scenario(), layer in 0..3u8) {
        let mut case = build(&s);
        match layer {
            0 => case.identity_policies.push(named(DENY_ALL, PolicyKind::Identity, "deny")),
            1 => {
                let deny = named(DENY_ALL, PolicyKind::PermissionsBoundary, "deny");
                case.permissions_boundary = Some(deny);
            }
            _ => case.scps.get_or_insert_with(Vec::new).push(vec![named(DENY_ALL, PolicyKind::Scp, "deny")]),
        }
        prop_assert_eq!(decide(&case, false).decision, Decision::ExplicitDeny);
        prop_assert_eq!(decide(&case, true).decision, Decision::ExplicitDeny);
    }

    #[test]
    fn fast_and_traced_paths_agree(s in scenario()) {
        let case = build(&s);
        let fast = decide(&case, false);
        let traced = decide(&case, true);
        prop_assert_eq!(fast.decision, traced.decision);
        prop_assert_eq!(fast.blocked_by, traced.blocked_by);
        // The yes/no shortcut agrees with the full decision.
        prop_assert_eq!(
            iam_engine::is_allowed(&case.prepare()),
            fast.decision == iam_engine::Decision::Allow
        );
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
