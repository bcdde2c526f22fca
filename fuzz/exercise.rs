//! What the fuzz targets (fuzz_targets/) and the short proptest form in
//! engine/tests/properties.rs do with one input: read it the way the command line and
//! the playground do, decide, trace, render, serialise, analyse, and check the laws
//! that must hold whatever the input (the fast and traced paths agree, a trace says
//! its decision, a share link round-trips, an imported scenario loads). Any panic is
//! a bug in the engine.

// Each fuzz target uses one of these.
#![allow(dead_code)]

use iam_engine::case::{Case, NamedPolicy, Request, ResourcePolicyKind};
use iam_engine::casefile::{read_cases, read_in_parts, CaseEntry};
use iam_engine::context::Context;
use iam_engine::policy::{Policy, PolicyKind};
use iam_engine::principal::{Caller, CallerSpec};
use iam_engine::trace::{Layer, StepResult};
use iam_engine::validate::validate_policy;
use iam_engine::world::validate::validate_scenario;
use iam_engine::world::{access, analysis, import, report, share, Scenario};
use iam_engine::{decide, is_allowed, render, reqcheck, Decision};
use std::sync::Arc;

/// The policy input's first byte picks the kind (its index here, modulo 9) and the
/// request (`/ 9`, modulo 4); a set high bit makes the caller a role session.
pub const KINDS: [PolicyKind; 9] = [
    PolicyKind::Identity,
    PolicyKind::Resource,
    PolicyKind::RoleTrust,
    PolicyKind::KeyPolicy,
    PolicyKind::PermissionsBoundary,
    PolicyKind::Session,
    PolicyKind::Scp,
    PolicyKind::Rcp,
    PolicyKind::EndpointPolicy,
];

const REQUESTS: [(&str, &str); 4] = [
    ("s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    ("sts:AssumeRole", "arn:aws:iam::111122223333:role/Deployer"),
    (
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:444455556666:key/1234abcd",
    ),
    ("iam:CreateUser", "*"),
];

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// Decides a case with and without a trace, renders and serialises the trace, and
/// checks that the fast path, the traced path, `is_allowed` and the trace agree.
pub fn case(case: &Case) {
    let fast = decide(case, false);
    let traced = decide(case, true);
    assert_eq!(
        fast.decision, traced.decision,
        "fast and traced paths disagree"
    );
    assert_eq!(fast.blocked_by, traced.blocked_by);
    assert_eq!(
        is_allowed(&case.prepare()),
        fast.decision == Decision::Allow,
        "is_allowed disagrees with decide"
    );
    if let Some(trace) = &traced.trace {
        assert_eq!(
            trace.decision, traced.decision,
            "the trace's decision differs"
        );
        assert_eq!(trace.blocked_by, traced.blocked_by);
        // The steps tell the same story. (An Allow may follow a denying step: no
        // permission is needed for sts:GetCallerIdentity; an implicit deny may follow
        // an allowing one: a service rule refuses what the policies allow.)
        let has = |r: StepResult, layer: Option<Layer>| {
            (trace.steps.iter()).any(|s| s.result == r && (layer.is_none() || s.layer == layer))
        };
        match traced.decision {
            Decision::Allow => assert!(has(StepResult::Allow, None), "no step allows"),
            Decision::ExplicitDeny => {
                assert!(traced.blocked_by.is_some(), "an explicit deny by nothing");
                assert!(has(StepResult::Deny, traced.blocked_by), "no step denies");
            }
            Decision::ImplicitDeny => assert!(!has(StepResult::Deny, None), "a step denies"),
            Decision::Invalid => {
                assert!(!traced.errors.is_empty(), "Invalid without an error");
                assert_eq!(trace.errors, traced.errors);
            }
        }
        let _ = render::text(trace);
        let full = render::Options {
            full: true,
            omit_header: false,
        };
        let _ = render::text_with(trace, full);
        let _ = serde_json::to_string(trace);
    }
    let _ = reqcheck::check_case(case);
}

fn named(name: &str, policy: Policy) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        origin: None,
        policy: Arc::new(policy),
    }
}

/// Policy parse and validate, then the policy in its own layer of a case, beside an
/// identity policy that allows everything, decided against one of a few requests.
pub fn policy(selector: u8, text: &str) {
    let kind = KINDS[usize::from(selector) % KINDS.len()];
    let _ = PolicyKind::infer(text);
    let _ = validate_policy(text, kind, "fuzzed");
    let policy = Policy::parse(text, kind);
    let _ = policy.allows_everything();
    for d in &policy.diagnostics {
        let _ = d.to_string();
    }
    let (action, resource) = REQUESTS[usize::from(selector / 9) % REQUESTS.len()];
    let arn = if kind == PolicyKind::Session || selector & 0x80 != 0 {
        "arn:aws:sts::111122223333:assumed-role/Deployer/s"
    } else {
        "arn:aws:iam::111122223333:user/alice"
    };
    let Ok(principal) = Caller::from_spec(CallerSpec {
        arn: Some(arn.into()),
        ..Default::default()
    }) else {
        return;
    };
    let mut c = Case::bare(
        principal,
        Request {
            action: action.into(),
            resource: resource.into(),
            context: Context::default(),
        },
    );
    let allow_all = Policy::parse(ALLOW_ALL, PolicyKind::Identity);
    c.identity_policies.push(named("allow all", allow_all));
    let p = named("fuzzed", policy);
    let resource_side = |c: &mut Case, p: NamedPolicy, k: ResourcePolicyKind| {
        c.resource_policy = Some(p);
        c.resource_policy_kind = Some(k);
    };
    match kind {
        PolicyKind::Identity => c.identity_policies.push(p),
        PolicyKind::Resource => resource_side(&mut c, p, ResourcePolicyKind::Resource),
        PolicyKind::RoleTrust => resource_side(&mut c, p, ResourcePolicyKind::RoleTrust),
        PolicyKind::KeyPolicy => resource_side(&mut c, p, ResourcePolicyKind::KeyPolicy),
        PolicyKind::PermissionsBoundary => c.permissions_boundary = Some(p),
        PolicyKind::Session => c.session_policies.push(p),
        PolicyKind::Scp => c.scps = Some(vec![vec![p]]),
        PolicyKind::Rcp => c.rcps = Some(vec![vec![p]]),
        PolicyKind::EndpointPolicy => c.endpoint_policy = Some(p),
    }
    case(&c);
}

/// Case-file read and evaluate: what `iam-eval check` and `explain` do with a file.
/// Read in parts, as `check` reads a large file on several threads, a file gives the
/// same cases in the same order, or the same faults.
pub fn casefile(text: &str) {
    let whole = read_cases(text);
    let names = |entries: &[CaseEntry]| entries.iter().map(|e| e.case.name.clone()).collect();
    let parts = read_in_parts(text, 2, 5, Vec::new, |seen: &mut Vec<String>, e| {
        seen.push(e.case.name)
    });
    match &whole {
        Ok(entries) => assert_eq!(parts.map(|p| p.concat()), Ok(names(entries))),
        Err(errors) => assert_eq!(parts.as_ref().err(), Some(errors)),
    }
    match whole {
        Ok(entries) => entries.iter().for_each(|e| case(&e.case)),
        Err(errors) => errors.iter().for_each(|e| {
            let _ = e.to_string();
        }),
    }
}

/// Scenario load and run: what the playground does on every edit and `iam-eval
/// scenario`, `validate`, `who-can` and `principal-can` do with a file.
pub fn scenario(text: &str) {
    let s = match Scenario::load(text) {
        Ok(s) => s,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let traced = s.run(true);
    let fast = s.run(false);
    assert_eq!(traced.len(), fast.len());
    let warnings = reqcheck::check_scenario(&s);
    for (i, (t, f)) in traced.iter().zip(&fast).enumerate() {
        assert_eq!(
            t.result, f.result,
            "request {i}: traced and fast runs disagree"
        );
        let w = warnings.get(i).map(Vec::as_slice).unwrap_or(&[]);
        let _ = report::outcome(t, Some(render::Options::default()), w);
        let _ = report::outcome(f, None, w);
        let _ = serde_json::to_string(t);
    }
    let _ = validate_scenario(&s);
    let _ = access::external_access(&s);
    // The analyses, on the first requests' actions and resources and the first
    // principals of the first accounts.
    for r in s.doc.requests.iter().take(2) {
        let _ = analysis::who_can(&s, &r.action, &r.resource);
        let _ = analysis::who_can_with_roles(&s, &r.action, &r.resource);
        let resources = analysis::resources_for(&s, &r.action);
        let _ = analysis::who_can_many(&s, &r.action, &resources);
    }
    for a in s.accounts.iter().take(2) {
        for name in a.users.keys().take(1).chain(a.roles.keys().take(1)) {
            let _ = analysis::principal_can(&s, name);
        }
    }
}

/// Share-link decode: whatever a URL's fragment holds; and any text that fits comes
/// back from its link as it went in.
pub fn share(text: &str) {
    match share::decode(text) {
        Ok(doc) => assert!(doc.len() <= share::MAX_DOC_BYTES),
        Err(e) => {
            let _ = e.to_string();
            let _ = e.kind();
        }
    }
    if text.len() <= 4096 {
        let link = share::link(text);
        let back = share::decode(&link);
        assert_eq!(
            back.ok().as_deref(),
            Some(text),
            "a share link does not round-trip"
        );
    }
}

/// Scenario import from several inputs (the playground's Import, `iam-eval import`),
/// then what it makes, as a scenario. The importer writes what the inputs say, so its
/// document may name a policy, group or role they do not hold, or carry their broken
/// policies: the loader reports those, located. But it is always JSON of the scenario
/// format: never `invalid-json` or `invalid-scenario`.
pub fn import(inputs: &[&str]) {
    for i in inputs {
        let _ = import::url_decode(i);
    }
    match import::import_report(inputs) {
        Ok(imported) => {
            if let Err(e) = Scenario::load(&imported.scenario) {
                let structural = ["invalid-json", "invalid-scenario"];
                let unexpected = e.diagnostics.iter().any(|d| structural.contains(&d.code));
                let doc = &imported.scenario;
                assert!(
                    !unexpected,
                    "an imported scenario does not load:\n{e}\n{doc}"
                );
            }
            scenario(&imported.scenario);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
