#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! Request checks on what the project ships: a bundled scenario whose request warns is
//! a broken example; the conformance cases warn only where the case is about it.
#![cfg(feature = "bundled-data")]

use iam_engine::casefile::read_cases;
use iam_engine::reqcheck;
use iam_engine::world::{bundled::SCENARIOS, Scenario};
use std::path::PathBuf;

#[test]
fn bundled_scenarios_raise_no_request_warnings() {
    for (name, text) in SCENARIOS {
        let s = Scenario::load(text).unwrap();
        let all = reqcheck::check_scenario(&s);
        assert_eq!(all.len(), s.doc.requests.len());
        for (r, w) in s.doc.requests.iter().zip(&all) {
            assert!(w.is_empty(), "{name} / {}: {w:?}", r.name);
        }
    }
    // Requests as the playground meets them: checked by position.
    let s = Scenario::load(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"a": {}}}},
  "requests": [
    {"name": "fine", "who": {"user": "a"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
    {"name": "typo", "who": {"user": "a"}, "action": "s3:GetObjekt", "resource": "arn:aws:s3:::b/k"},
    {"name": "bucket", "who": {"user": "a"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b", "context": {"s3:prefix": "x"}}]}"#,
    )
    .unwrap();
    let all = reqcheck::check_scenario(&s);
    assert!(all[0].is_empty());
    assert_eq!(all[1][0].code, "UNKNOWN_ACTION");
    assert_eq!(all[1][0].suggestion.as_deref(), Some("s3:GetObject"));
    let codes: Vec<_> = all[2].iter().map(|w| (w.code, w.field)).collect();
    assert_eq!(
        codes,
        [
            ("RESOURCE_TYPE_MISMATCH", reqcheck::Field::Resource),
            ("CONTEXT_KEY_NOT_CARRIED", reqcheck::Field::Context)
        ]
    );
}

#[test]
fn conformance_cases_warn_only_as_expected() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut codes = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for c in read_cases(&text).unwrap() {
            for w in reqcheck::check_case(&c.case) {
                *codes.entry(w.code).or_insert(0) += 1;
            }
        }
    }
    // Operator cases use s3:prefix and s3:max-keys on s3:GetObject, tag cases
    // ec2:CreateTags on `*`, action-pattern cases made-up action names: each is a
    // vector for the evaluator, not an example. Nothing else warns.
    let allowed = [
        "CONTEXT_KEY_NOT_CARRIED",
        "RESOURCE_STAR",
        "UNKNOWN_ACTION",
        "RESOURCE_TYPE_MISMATCH",
    ];
    for code in codes.keys() {
        assert!(allowed.contains(code), "{codes:?}");
    }
}

#[test]
fn hostile_requests_do_not_panic() {
    for (action, resource) in [
        ("", ""),
        (":", "arn:"),
        ("s3:", "arn:::::"),
        ("s3:GetObject", "arn:aws:s3:::${BucketName}"),
        ("s3:GetObject", "arn:aws:s3:::\u{10ffff}/é"),
        ("*", "*"),
        ("s3:GetObject", &"arn:aws:s3:::b/".repeat(2000)),
        (&"x".repeat(5000), &"arn:".repeat(5000)),
    ] {
        let _ = reqcheck::check(action, resource, ["", ":", "aws:", "s3:ExistingObjectTag/"]);
    }
}
