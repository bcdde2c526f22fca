#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! The conformance suite: every case file under `tests/cases` (and the shared examples
//! when present) must read without faults and decide as its `expected` says.

use iam_engine::casefile::read_cases;
use iam_engine::decide;
use std::path::{Path, PathBuf};

fn case_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/cases"))
        .expect("tests/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let shared = root.join("../shared/conformance/examples.json");
    if shared.exists() {
        files.push(shared);
    }
    files
}

#[test]
fn every_case_decides_as_expected() {
    let mut failures = Vec::new();
    let mut total = 0;
    for file in case_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let cases = read_cases(&text).unwrap_or_else(|e| panic!("{}: {:?}", file.display(), e));
        for entry in cases {
            total += 1;
            let outcome = decide(&entry.case, false);
            let explained = decide(&entry.case, true);
            // The fast path and the tracing path must always agree.
            assert_eq!(
                outcome.decision,
                explained.decision,
                "{}: {}",
                file.display(),
                entry.case.name
            );
            assert_eq!(
                outcome.blocked_by,
                explained.blocked_by,
                "{}: {}",
                file.display(),
                entry.case.name
            );
            // The yes/no shortcut agrees with the full decision.
            assert_eq!(
                iam_engine::is_allowed(&entry.case.prepare()),
                outcome.decision == iam_engine::Decision::Allow,
                "is_allowed: {}: {}",
                file.display(),
                entry.case.name
            );
            if let Some(expected) = entry.case.expected {
                if expected != outcome.decision {
                    failures.push(format!(
                        "{}: {}: expected {:?}, got {:?}",
                        file.display(),
                        entry.case.name,
                        expected,
                        outcome.decision
                    ));
                }
            }
        }
    }
    assert!(
        total >= 300,
        "the suite should hold at least 300 cases, found {total}"
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn our_cases_document_their_source() {
    for file in case_files()
        .into_iter()
        .filter(|f| !f.to_string_lossy().contains("shared"))
    {
        let text = std::fs::read_to_string(&file).expect("readable");
        for entry in read_cases(&text).expect("valid") {
            assert!(
                entry.doc.as_deref().is_some_and(|d| !d.is_empty()),
                "{}: {} has no doc",
                file.display(),
                entry.case.name
            );
            assert!(
                entry.why.as_deref().is_some_and(|d| !d.is_empty()),
                "{}: {} has no why",
                file.display(),
                entry.case.name
            );
            assert!(
                entry.case.expected.is_some(),
                "{}: {} has no expected",
                file.display(),
                entry.case.name
            );
        }
    }
}

#[test]
fn every_operator_is_covered() {
    let mut all = String::new();
    for file in case_files() {
        all.push_str(&std::fs::read_to_string(&file).expect("readable"));
    }
    for op in [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "\"Bool\"",
        "BinaryEquals",
        "\"IpAddress\"",
        "NotIpAddress",
        "ArnEquals",
        "ArnNotEquals",
        "ArnLike",
        "ArnNotLike",
        "\"Null\"",
        "IfExists",
        "ForAllValues:",
        "ForAnyValue:",
    ] {
        assert!(all.contains(op), "no case uses {op}");
    }
}

#[test]
fn traces_serialise_and_render() {
    for file in case_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        for entry in read_cases(&text).expect("valid") {
            let trace = decide(&entry.case, true).trace.expect("trace");
            let json = serde_json::to_value(&trace).expect("serialisable");
            assert_eq!(json["decision"], serde_json::json!(trace.decision.name()));
            assert!(!trace.steps.is_empty());
            let full = iam_engine::render::Options {
                full: true,
                ..Default::default()
            };
            let text = iam_engine::render::text_with(&trace, full);
            assert!(!text.is_empty());
            assert!(!iam_engine::render::text(&trace).is_empty());
            // Each statement's `number` is the one the text names, `index` plus one.
            for layer in json["layers"].as_array().into_iter().flatten() {
                for p in layer["policies"].as_array().into_iter().flatten() {
                    for st in p["statements"].as_array().into_iter().flatten() {
                        let (i, n) = (
                            st["index"].as_u64().unwrap(),
                            st["number"].as_u64().unwrap(),
                        );
                        assert_eq!(n, i + 1);
                        assert!(text.contains(&format!("statement {n}")), "{text}");
                    }
                }
            }
        }
    }
}

#[test]
fn case_file_errors_are_located() {
    let text = "[\n  {\"name\": \"x\", \"principal\": {\"arn\": \"arn:aws:iam::111122223333:user/a\"},\n   \"request\": {\"action\": \"s3:GetObject\", \"resource\": \"*\"}, \"expect\": \"Allow\"}\n]";
    let errs = read_cases(text).expect_err("unknown field");
    assert_eq!(errs[0].case.as_deref(), Some("x"));
    assert_eq!((errs[0].line, errs[0].column), (3, 60));
    assert!(
        errs[0].message.contains("did you mean `expected`"),
        "{}",
        errs[0].message
    );
    let errs = read_cases("[{\"name\": 3}]").expect_err("bad name");
    assert!(errs[0].message.contains("expected a string"));
    let errs = read_cases("{\"name\": \"r\", \"principal\": {\"arn\": \"arn:aws:iam::111122223333:role/R\"}, \"request\": {\"action\": \"s3:GetObject\", \"resource\": \"*\"}}").expect_err("role");
    assert!(errs[0].message.contains("cannot make requests"));
}
