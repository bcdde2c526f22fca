//! The engine's own suites compiled to wasm32 and run by wasm-bindgen-test (in Node):
//! the conformance cases, every bundled scenario and the share-link codec decide in
//! WebAssembly exactly as they do natively. `cargo test --target wasm32-unknown-unknown
//! -p iam-engine --test wasm` (the runner is set in .cargo/config.toml).
#![cfg(target_arch = "wasm32")]

use iam_engine::casefile::read_cases;
use iam_engine::world::{bundled::SCENARIOS, share, Scenario};
use wasm_bindgen_test::*;

/// The case files, built into the test (wasm has no file system here).
const CASE_FILES: &[(&str, &str)] = &[
    ("actions", include_str!("../../tests/cases/actions.json")),
    ("basics", include_str!("../../tests/cases/basics.json")),
    (
        "boundaries",
        include_str!("../../tests/cases/boundaries.json"),
    ),
    (
        "conditions",
        include_str!("../../tests/cases/conditions.json"),
    ),
    (
        "invalid_policies",
        include_str!("../../tests/cases/invalid_policies.json"),
    ),
    (
        "multivalued",
        include_str!("../../tests/cases/multivalued.json"),
    ),
    ("rcps", include_str!("../../tests/cases/rcps.json")),
    (
        "resource_policies",
        include_str!("../../tests/cases/resource_policies.json"),
    ),
    (
        "resources",
        include_str!("../../tests/cases/resources.json"),
    ),
    (
        "root_and_endpoints",
        include_str!("../../tests/cases/root_and_endpoints.json"),
    ),
    ("scps", include_str!("../../tests/cases/scps.json")),
    (
        "service_rules",
        include_str!("../../tests/cases/service_rules.json"),
    ),
    ("sessions", include_str!("../../tests/cases/sessions.json")),
    (
        "trust_and_keys",
        include_str!("../../tests/cases/trust_and_keys.json"),
    ),
    (
        "variables",
        include_str!("../../tests/cases/variables.json"),
    ),
    ("warned", include_str!("../../tests/cases/warned.json")),
];

#[wasm_bindgen_test]
fn every_conformance_case_decides_as_expected_in_wasm() {
    let mut total = 0;
    let mut failures = vec![];
    for (file, text) in CASE_FILES {
        let cases = read_cases(text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        for entry in cases {
            total += 1;
            let fast = iam_engine::decide(&entry.case, false);
            let traced = iam_engine::decide(&entry.case, true);
            assert_eq!(
                fast.decision, traced.decision,
                "{file}: {}",
                entry.case.name
            );
            if let Some(expected) = entry.case.expected {
                if expected != fast.decision {
                    failures.push(format!("{file}: {}", entry.case.name));
                }
            }
        }
    }
    assert!(total >= 300, "{total}");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[wasm_bindgen_test]
fn every_bundled_scenario_meets_its_expectations_in_wasm() {
    for (id, text) in SCENARIOS {
        let s = Scenario::load(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        for o in s.run(true) {
            assert_ne!(o.met, Some(false), "{id}: {}", o.name);
        }
    }
}

#[wasm_bindgen_test]
fn share_links_round_trip_in_wasm() {
    for (id, text) in SCENARIOS {
        let payload = share::encode(text);
        assert_eq!(share::decode(&payload).as_deref(), Ok(*text), "{id}");
    }
    assert!(share::decode("!!!").is_err());
}
