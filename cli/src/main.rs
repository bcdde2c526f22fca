//! `iam-eval`: runs decision case files (see shared/conformance/FORMAT.md).
//!
//! ```text
//! iam-eval check [--json] FILE...
//! iam-eval explain FILE [--case NAME] [--json]
//! iam-eval scenario FILE [--request NAME] [--explain] [--json]
//! iam-eval who-can FILE --action ACTION [--resource ARN] [--json]
//! iam-eval principal-can FILE --who user:NAME|role:NAME|root:ACCOUNT [--json]
//! iam-eval validate FILE... [--kind identity|resource|trust|key|boundary|session|scp|rcp|endpoint] [--json]
//! iam-eval actions PATTERN... [--json]
//! iam-eval schema
//! iam-eval link FILE [--base URL]
//! iam-eval link --decode LINK_OR_PAYLOAD
//! ```
//! Exit codes: 0 all cases pass, 1 some case fails, 2 a file cannot be read or a case
//! is invalid (the message names the file, the case, the line and column).

use iam_engine::casefile::{read_cases, CaseEntry};
use iam_engine::{decide, render};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

mod output;
mod world;

const USAGE: &str = "usage:
  iam-eval check [--json] FILE...
  iam-eval explain FILE [--case NAME] [--json]
  iam-eval scenario FILE [--request NAME] [--explain] [--json]
  iam-eval who-can FILE --action ACTION [--resource ARN] [--json]
  iam-eval principal-can FILE --who user:NAME|role:NAME|root:ACCOUNT [--json]
  iam-eval validate FILE... [--kind identity|resource|trust|key|boundary|session|scp|rcp|endpoint] [--json]
  iam-eval actions PATTERN... [--json]
  iam-eval schema                          (the scenario document's JSON Schema)
  iam-eval link FILE [--base URL]          (the scenario's share link, URL#scenario/<payload>;
                                           without --base just #scenario/<payload>; docs/SHARE-LINK.md)
  iam-eval link --decode LINK_OR_PAYLOAD   (prints the scenario document a share link holds)";

fn main() -> ExitCode {
    output::end_quietly_on_closed_output();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("explain") => explain(&args[1..]),
        Some("scenario") => world::scenario(&args[1..], USAGE),
        Some("who-can") => world::who_can(&args[1..], USAGE),
        Some("principal-can") => world::principal_can(&args[1..], USAGE),
        Some("validate") => world::validate(&args[1..], USAGE),
        Some("actions") => world::actions(&args[1..], USAGE),
        Some("schema") => world::schema(&args[1..], USAGE),
        Some("link") => world::link(&args[1..], USAGE),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            0
        }
        _ => {
            eprintln!("{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}

/// Reads a case file; on failure prints every fault and returns `None`.
fn load(file: &str) -> Option<Vec<CaseEntry>> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: cannot read: {e}");
            return None;
        }
    };
    // A case whose policies AWS would refuse to store is not a fault of the file: it
    // is decided `Invalid` with its located errors, and the other cases run on.
    match read_cases(&text) {
        Ok(cases) => Some(cases),
        Err(errors) => {
            for e in errors {
                eprintln!("{file}:{e}");
            }
            None
        }
    }
}

fn check(args: &[String]) -> u8 {
    let json_out = args.iter().any(|a| a == "--json");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        eprintln!("{USAGE}");
        return 2;
    }
    let mut loaded = Vec::new();
    let mut bad = false;
    for f in &files {
        match load(f) {
            Some(cases) => loaded.push((f.as_str(), cases)),
            None => bad = true,
        }
    }
    if bad {
        return 2;
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (file, cases) in &loaded {
        for entry in cases {
            let case = &entry.case;
            let outcome = decide(case, false);
            let pass = case.expected.map(|e| e == outcome.decision);
            match pass {
                Some(true) => passed += 1,
                Some(false) => failed += 1,
                None => {}
            }
            let blocked = outcome.blocked_by.map(|b| b.name());
            if json_out {
                let mut line = json!({
                    "file": file,
                    "name": case.name,
                    "expected": case.expected.map(|d| d.name()),
                    "decision": outcome.decision.name(),
                    "blocked_by": blocked,
                    "pass": pass,
                });
                if !outcome.errors.is_empty() {
                    // FORMAT.md: each error's message, JSON path, line and column (and
                    // the fix, which policy and which layer).
                    let errors: Vec<_> = outcome
                        .errors
                        .iter()
                        .map(|e| {
                            let d = &e.diagnostic;
                            json!({
                                "policy": e.policy,
                                "layer": e.layer.name(),
                                "code": d.code,
                                "message": d.message,
                                "help": d.help,
                                "path": d.path,
                                "line": d.location.line,
                                "column": d.location.column,
                            })
                        })
                        .collect();
                    if let Some(o) = line.as_object_mut() {
                        o.insert("errors".into(), json!(errors));
                    }
                }
                let _ = writeln!(out, "{line}");
            } else if pass == Some(false) {
                let expected = case.expected.map(|d| d.name()).unwrap_or_default();
                let by = blocked
                    .map(|b| format!(" (blocked by {b})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "FAIL {file}: {}: expected {expected}, got {}{by}",
                    case.name,
                    outcome.decision.name()
                );
                for e in &outcome.errors {
                    let _ = writeln!(out, "  {e}");
                }
            }
        }
    }
    let summary = format!("{passed} passed, {failed} failed");
    if json_out {
        eprintln!("{summary}");
    } else {
        let _ = writeln!(out, "{summary}");
    }
    u8::from(failed > 0)
}

fn explain(args: &[String]) -> u8 {
    let mut json_out = false;
    let mut case_name: Option<&str> = None;
    let mut file: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json_out = true,
            "--case" => match it.next() {
                Some(n) => case_name = Some(n),
                None => {
                    eprintln!("--case needs a case name\n{USAGE}");
                    return 2;
                }
            },
            f if file.is_none() && !f.starts_with("--") => file = Some(f),
            _ => {
                eprintln!("{USAGE}");
                return 2;
            }
        }
    }
    let Some(file) = file else {
        eprintln!("{USAGE}");
        return 2;
    };
    let Some(cases) = load(file) else { return 2 };
    let entry = match case_name {
        Some(n) => match cases.iter().find(|c| c.case.name == n) {
            Some(e) => e,
            None => {
                eprintln!("{file}: no case named `{n}`; cases: {}", names(&cases));
                return 2;
            }
        },
        None => match cases.as_slice() {
            [one] => one,
            [] => {
                eprintln!("{file}: the file holds no case");
                return 2;
            }
            _ => {
                eprintln!(
                    "{file}: the file holds {} cases: choose one with --case NAME; cases: {}",
                    cases.len(),
                    names(&cases)
                );
                return 2;
            }
        },
    };
    let outcome = decide(&entry.case, true);
    let Some(trace) = outcome.trace else {
        eprintln!("{file}: no trace was produced");
        return 2;
    };
    if json_out {
        match serde_json::to_string_pretty(&trace) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("cannot serialise the trace: {e}");
                return 2;
            }
        }
    } else {
        println!("Case: {}", entry.case.name);
        if let Some(doc) = &entry.doc {
            println!("Doc: {doc}");
        }
        if let Some(e) = entry.case.expected {
            let verdict = if e == outcome.decision {
                "as expected"
            } else {
                "NOT as expected"
            };
            println!("Expected: {} ({verdict})", e.name());
        }
        print!("{}", render::text(&trace));
    }
    match entry.case.expected {
        Some(e) if e != outcome.decision => 1,
        _ => 0,
    }
}

fn names(cases: &[CaseEntry]) -> String {
    cases
        .iter()
        .map(|c| format!("`{}`", c.case.name))
        .collect::<Vec<_>>()
        .join(", ")
}
