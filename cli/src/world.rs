//! The scenario commands: `scenario`, `who-can`, `principal-can`, `validate`, `link`.

use iam_engine::world::{analysis, report, share, validate, Scenario};
use std::io::Write;

/// Reads and loads a scenario; prints located problems (and warnings) on failure.
pub fn load(file: &str) -> Option<Scenario> {
    let text = read(file)?;
    load_text(file, &text)
}

/// Reads a file; prints why on failure.
fn read(file: &str) -> Option<String> {
    std::fs::read_to_string(file)
        .map_err(|e| eprintln!("{file}: cannot read: {e}"))
        .ok()
}

/// Loads a scenario's text read from `file`; prints located problems (and warnings).
fn load_text(file: &str, text: &str) -> Option<Scenario> {
    match Scenario::load(text) {
        Ok(s) => {
            for d in &s.diagnostics {
                eprintln!(
                    "{file}:{}:{}: {}: {} (at {})",
                    d.location.line,
                    d.location.column,
                    severity(d),
                    d.message,
                    d.path
                );
            }
            Some(s)
        }
        Err(e) => {
            for d in &e.diagnostics {
                let help = d
                    .help
                    .as_deref()
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                eprintln!(
                    "{file}:{}:{}: error: {}{help} (at {})",
                    d.location.line, d.location.column, d.message, d.path
                );
            }
            None
        }
    }
}

fn severity(d: &iam_engine::diag::Diagnostic) -> &'static str {
    if d.is_error() {
        "error (the policy is not evaluated)"
    } else {
        "warning"
    }
}

/// Pulls `--name VALUE` out of the arguments.
fn option<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .filter(|v| !v.starts_with("--"))
            .map(|v| Some(v.as_str()))
            .ok_or_else(|| format!("{name} needs a value")),
    }
}

/// The one positional argument (a file), skipping options and their values.
fn positional<'a>(args: &'a [String], valued: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if valued.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with("--") {
            out.push(a.as_str());
        }
    }
    out
}

pub fn scenario(args: &[String], usage: &str) -> u8 {
    let json_out = args.iter().any(|a| a == "--json");
    let explain = args.iter().any(|a| a == "--explain");
    let only = match option(args, "--request") {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{usage}");
            return 2;
        }
    };
    let files = positional(args, &["--request"]);
    let [file] = files.as_slice() else {
        eprintln!("{usage}");
        return 2;
    };
    let Some(s) = load(file) else { return 2 };
    if let Some(n) = only {
        if !s.doc.requests.iter().any(|r| r.name == n) {
            let names: Vec<String> = s
                .doc
                .requests
                .iter()
                .map(|r| format!("`{}`", r.name))
                .collect();
            eprintln!(
                "{file}: no request named `{n}`; requests: {}",
                names.join(", ")
            );
            return 2;
        }
    }
    // Requests run in order (sessions come from earlier ones); `--request` shows one.
    let outcomes: Vec<_> = s
        .run(true)
        .into_iter()
        .filter(|o| only.is_none_or(|n| o.name == n))
        .collect();
    let (met, unmet) = outcomes.iter().fold((0, 0), |(m, u), o| match o.met {
        Some(true) => (m + 1, u),
        Some(false) => (m, u + 1),
        None => (m, u),
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json_out {
        let doc = serde_json::json!({
            "scenario": s.doc.name,
            "requests": outcomes,
            "met": met,
            "unmet": unmet,
        });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    } else {
        if !s.doc.name.is_empty() {
            let _ = writeln!(out, "Scenario: {}", s.doc.name);
        }
        for o in &outcomes {
            let _ = write!(out, "{}", report::outcome(o, explain));
        }
        let _ = writeln!(out, "{met} expectations met, {unmet} unmet");
    }
    u8::from(unmet > 0)
}

pub fn who_can(args: &[String], usage: &str) -> u8 {
    let json_out = args.iter().any(|a| a == "--json");
    let (action, resource) = match (option(args, "--action"), option(args, "--resource")) {
        (Ok(Some(a)), Ok(r)) => (a, r.unwrap_or("*")),
        _ => {
            eprintln!("who-can needs --action ACTION [--resource ARN]\n{usage}");
            return 2;
        }
    };
    let files = positional(args, &["--action", "--resource"]);
    let [file] = files.as_slice() else {
        eprintln!("{usage}");
        return 2;
    };
    let Some(s) = load(file) else { return 2 };
    let result = analysis::who_can(&s, action, resource);
    if json_out {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    } else {
        println!("Who can {action} on {resource}:");
        for e in result.iter().filter(|e| e.allowed) {
            println!("  {} ({}): {}", e.principal, e.kind, e.summary);
        }
        let denied = result.iter().filter(|e| !e.allowed).count();
        println!("{} allowed, {denied} not", result.len() - denied);
    }
    0
}

pub fn principal_can(args: &[String], usage: &str) -> u8 {
    let json_out = args.iter().any(|a| a == "--json");
    let who = match option(args, "--who") {
        Ok(Some(w)) => w,
        _ => {
            eprintln!("principal-can needs --who user:NAME | role:NAME | root:ACCOUNT\n{usage}");
            return 2;
        }
    };
    let files = positional(args, &["--who"]);
    let [file] = files.as_slice() else {
        eprintln!("{usage}");
        return 2;
    };
    let Some(s) = load(file) else { return 2 };
    let result = match analysis::principal_can(&s, who) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{file}: {e}");
            return 2;
        }
    };
    if json_out {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    } else {
        println!("What {who} may do on the scenario's resources:");
        for r in &result {
            if r.allowed.is_empty() {
                println!("  {}: nothing", r.resource);
            } else {
                println!("  {}: {}", r.resource, r.allowed.join(", "));
            }
        }
    }
    0
}

pub fn validate(args: &[String], usage: &str) -> u8 {
    let json_out = args.iter().any(|a| a == "--json");
    let kind = match option(args, "--kind") {
        Ok(k) => k.unwrap_or("identity"),
        Err(e) => {
            eprintln!("{e}\n{usage}");
            return 2;
        }
    };
    let files = positional(args, &["--kind"]);
    if files.is_empty() {
        eprintln!("{usage}");
        return 2;
    }
    let mut worst = 0u8;
    let mut all = Vec::new();
    for file in files {
        let Some(text) = read(file) else { return 2 };
        let findings = if text.contains("\"iam-playground/scenario@") {
            let Some(s) = load_text(file, &text) else {
                return 2;
            };
            validate::validate_scenario(&s)
        } else {
            let Some(k) = validate::policy_kind(kind) else {
                eprintln!("unknown --kind `{kind}`: use identity, resource, trust, key, boundary, session, scp, rcp or endpoint");
                return 2;
            };
            validate::validate_policy(&text, k, "")
        };
        for f in &findings {
            if f.family == validate::Family::Error {
                worst = 1;
            }
            if !json_out {
                println!(
                    "{file}:{}:{}: {} {}: {}{}",
                    f.location.line,
                    f.location.column,
                    f.family.name(),
                    f.code,
                    f.message,
                    if f.policy.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", f.policy)
                    }
                );
            }
        }
        if json_out {
            all.push(serde_json::json!({ "file": file, "findings": findings }));
        } else if findings.is_empty() {
            println!("{file}: no findings");
        }
    }
    if json_out {
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
    }
    worst
}

pub fn actions(args: &[String], usage: &str) -> u8 {
    let json_out = args.iter().any(|a| a == "--json");
    let patterns = positional(args, &[]);
    if patterns.is_empty() {
        eprintln!("{usage}");
        return 2;
    }
    let catalog = iam_engine::catalog::Catalog::bundled();
    let mut all = Vec::new();
    for p in patterns {
        let found = catalog.expand(p);
        if json_out {
            let list: Vec<_> = found
                .iter()
                .map(|f| serde_json::json!({ "action": f.qualified(), "access_level": f.action.level }))
                .collect();
            all.push(serde_json::json!({ "pattern": p, "count": found.len(), "actions": list }));
        } else {
            println!(
                "{p} covers {} action{}:",
                found.len(),
                if found.len() == 1 { "" } else { "s" }
            );
            for f in &found {
                println!("  {} ({:?})", f.qualified(), f.action.level);
            }
        }
    }
    if json_out {
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
    }
    0
}

pub fn schema(args: &[String], usage: &str) -> u8 {
    if !args.is_empty() {
        eprintln!("{usage}");
        return 2;
    }
    print!("{}", iam_engine::world::doc::json_schema());
    0
}

/// `link FILE [--base URL]` prints the scenario's share link (docs/SHARE-LINK.md);
/// `link --decode LINK_OR_PAYLOAD` prints the document a link holds, exactly.
pub fn link(args: &[String], usage: &str) -> u8 {
    if let Some(i) = args.iter().position(|a| a == "--decode") {
        // A payload may start with `-`, so the other argument is taken as it is.
        let rest: Vec<&String> = args
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, a)| a)
            .collect();
        let [input] = rest.as_slice() else {
            eprintln!("link --decode needs one link or payload\n{usage}");
            return 2;
        };
        return match share::decode(input) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(e) => {
                eprintln!("cannot open the share link: {e}");
                2
            }
        };
    }
    let base = match option(args, "--base") {
        Ok(b) => b.unwrap_or(""),
        Err(e) => {
            eprintln!("{e}\n{usage}");
            return 2;
        }
    };
    // The link's own fragment replaces any the base has.
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    let files = positional(args, &["--base"]);
    let [file] = files.as_slice() else {
        eprintln!("{usage}");
        return 2;
    };
    let Some(text) = read(file) else { return 2 };
    if load_text(file, &text).is_none() {
        return 2;
    }
    if text.len() > share::MAX_DOC_BYTES {
        eprintln!(
            "{file}: the scenario is {} bytes, over the share link limit of {} bytes",
            text.len(),
            share::MAX_DOC_BYTES
        );
        return 2;
    }
    println!("{base}{}", share::link(&text));
    0
}
