//! The scenario commands: `scenario`, `who-can`, `principal-can`, `validate`,
//! `actions`, `schema`, `link`; `simulate` is in `simulate.rs`.

use iam_engine::reqcheck::{self, RequestWarning};
use iam_engine::world::{analysis, report, share, validate, Scenario};
use serde::Serialize;
use std::io::Write;

/// Reads and loads a scenario; prints located problems (and warnings) on failure.
pub fn load(file: &str) -> Option<Scenario> {
    let text = read(file)?;
    load_text(file, &text)
}

/// Reads a file; prints why on failure.
pub(crate) fn read(file: &str) -> Option<String> {
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

/// Whether a text is a scenario document rather than a case file or a policy.
pub fn is_scenario(text: &str) -> bool {
    text.contains("\"iam-playground/scenario@")
}

/// A request outcome (or who-can entry) with the request's checks beside it: the
/// outcome's own fields stay as they were, `request_warnings` is added.
#[derive(Serialize)]
struct Checked<'a, T: Serialize> {
    #[serde(flatten)]
    outcome: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    request_warnings: &'a [RequestWarning],
}

pub fn scenario(file: &str, only: Option<&str>, explain: bool, json_out: bool) -> u8 {
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
        .zip(&s.doc.requests)
        .filter(|(o, _)| only.is_none_or(|n| o.name == n))
        .map(|(o, r)| (o, reqcheck::check_request(r)))
        .collect();
    let (met, unmet) = outcomes.iter().fold((0, 0), |(m, u), (o, _)| match o.met {
        Some(true) => (m + 1, u),
        Some(false) => (m, u + 1),
        None => (m, u),
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json_out {
        let requests: Vec<Checked<'_, _>> = outcomes
            .iter()
            .map(|(o, w)| Checked {
                outcome: o,
                action: None,
                request_warnings: w,
            })
            .collect();
        let doc = serde_json::json!({
            "scenario": s.doc.name,
            "requests": requests,
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
        for (o, w) in &outcomes {
            let _ = write!(out, "{}", report::outcome(o, explain, w));
        }
        let _ = writeln!(out, "{met} expectations met, {unmet} unmet");
    }
    u8::from(unmet > 0)
}

/// Most actions one pattern may stand for in who-can and simulate.
const MAX_EXPANDED: usize = 500;

/// The actions the arguments name, patterns expanded through the catalog, each with
/// whether it came from a pattern; on a pattern that covers nothing (or too much),
/// says why and returns `None`.
pub(crate) fn expand_actions(args: &[String]) -> Option<Vec<(String, bool)>> {
    let catalog = iam_engine::catalog::current()?;
    let mut out: Vec<(String, bool)> = Vec::new();
    for a in args {
        if !a.contains(['*', '?']) {
            out.push((a.clone(), false));
            continue;
        }
        let found = catalog.expand(a);
        if found.is_empty() {
            eprintln!("`{a}` covers no action{}", suggestion(catalog, a));
            return None;
        }
        if found.len() > MAX_EXPANDED {
            eprintln!(
                "`{a}` covers {} actions, more than {MAX_EXPANDED}: name a narrower pattern",
                found.len()
            );
            return None;
        }
        out.extend(found.iter().map(|f| (f.qualified(), true)));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(a, _)| seen.insert(a.to_ascii_lowercase()));
    Some(out)
}

/// Whether an action a pattern brought in is beside the point for `resource`: the
/// resource is none of the action's resource types (a pattern such as `s3:Get*` asked
/// of a bucket means the Get actions on buckets).
pub(crate) fn off_target(from_pattern: bool, resource: &str, warnings: &[RequestWarning]) -> bool {
    from_pattern
        && resource != "*"
        && warnings
            .iter()
            .any(|w| w.field == reqcheck::Field::Resource)
}

/// The warnings to print beside one answer. Asked of `*`, every action a pattern
/// brought in that names its resource would say so: `star` counts them instead, for
/// one line after the answers ([`star_note`]).
pub(crate) fn shown<'w>(
    from_pattern: bool,
    warnings: &'w [RequestWarning],
    star: &mut usize,
) -> Vec<&'w RequestWarning> {
    let (said_once, shown): (Vec<_>, Vec<_>) = warnings
        .iter()
        .partition(|w| from_pattern && w.code == "RESOURCE_STAR");
    *star += usize::from(!said_once.is_empty());
    shown
}

/// The line that stands for the `RESOURCE_STAR` warnings [`shown`] held back.
pub(crate) fn star_note(star: usize) -> Option<String> {
    (star > 0).then(|| {
        format!(
            "note: {star} of the actions act on named resources and were asked of `*`, which names none of them: give --resource ARN"
        )
    })
}

/// "; did you mean `s3:GetObject`?", or nothing.
fn suggestion(catalog: &iam_engine::catalog::Catalog, pattern: &str) -> String {
    reqcheck::suggest_action(catalog, pattern)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

pub fn who_can(file: &str, actions: &[String], resource: &str, json_out: bool) -> u8 {
    let Some(s) = load(file) else { return 2 };
    let Some(actions) = expand_actions(actions) else {
        return 2;
    };
    let mut left_out = 0usize;
    let results: Vec<_> = actions
        .iter()
        .filter_map(|(a, from_pattern)| {
            let warnings = reqcheck::check(a, resource, []);
            if off_target(*from_pattern, resource, &warnings) {
                left_out += 1;
                return None;
            }
            Some((
                a,
                *from_pattern,
                analysis::who_can(&s, a, resource),
                warnings,
            ))
        })
        .collect();
    if left_out > 0 {
        eprintln!(
            "{left_out} action{} of the pattern act on other resource types than `{resource}`: left out",
            if left_out == 1 { "" } else { "s" }
        );
    }
    if results.is_empty() {
        eprintln!("no action of the pattern acts on `{resource}`");
        return 2;
    }
    if json_out {
        // One array of entries, as for one action; each says its action.
        let entries: Vec<Checked<'_, _>> = results
            .iter()
            .flat_map(|(a, _, entries, w)| {
                entries.iter().map(move |e| Checked {
                    outcome: e,
                    action: Some(a.as_str()),
                    request_warnings: w,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        );
        return 0;
    }
    let mut star = 0;
    for (action, from_pattern, result, warnings) in &results {
        println!("Who can {action} on {resource}:");
        for w in shown(*from_pattern, warnings, &mut star) {
            println!("  warning: {}", w.message);
        }
        for e in result.iter().filter(|e| e.allowed) {
            println!("  {} ({}): {}", e.principal, e.kind, e.summary);
        }
        let denied = result.iter().filter(|e| !e.allowed).count();
        println!("{} allowed, {denied} not", result.len() - denied);
    }
    if let Some(note) = star_note(star) {
        println!("{note}");
    }
    0
}

pub fn principal_can(file: &str, who: &str, json_out: bool) -> u8 {
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

pub fn validate(files: &[String], kind: &str, json_out: bool) -> u8 {
    let mut worst = 0u8;
    let mut all = Vec::new();
    for file in files {
        let Some(text) = read(file) else { return 2 };
        let findings = if is_scenario(&text) {
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

/// `actions PATTERN...`: what each pattern covers; a pattern that covers nothing is
/// said so, with the closest action, and makes the exit code 1.
pub fn actions(patterns: &[String], json_out: bool) -> u8 {
    let Some(catalog) = iam_engine::catalog::current() else {
        eprintln!("this build has no action catalog");
        return 2;
    };
    let mut all = Vec::new();
    let mut empty = false;
    for p in patterns {
        let found = catalog.expand(p);
        let suggested = if found.is_empty() {
            empty = true;
            reqcheck::suggest_action(catalog, p)
        } else {
            None
        };
        if json_out {
            let list: Vec<_> = found
                .iter()
                .map(|f| serde_json::json!({ "action": f.qualified(), "access_level": f.action.level }))
                .collect();
            let mut entry =
                serde_json::json!({ "pattern": p, "count": found.len(), "actions": list });
            if let (Some(obj), Some(s)) = (entry.as_object_mut(), &suggested) {
                obj.insert("suggestion".into(), serde_json::json!(s));
            }
            all.push(entry);
        } else if found.is_empty() {
            let hint = suggested
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            println!("{p} matches no action{hint}");
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
    u8::from(empty)
}

pub fn schema() -> u8 {
    print!("{}", iam_engine::world::doc::json_schema());
    0
}

/// `link --decode LINK_OR_PAYLOAD` prints the document a link holds, exactly.
pub fn decode_link(input: &str) -> u8 {
    match share::decode(input) {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            eprintln!("cannot open the share link: {e}");
            2
        }
    }
}

/// `link FILE [--base URL]` prints the scenario's share link (docs/SHARE-LINK.md).
pub fn link(file: &str, base: Option<&str>) -> u8 {
    let base = base.unwrap_or("");
    // The link's own fragment replaces any the base has.
    let base = base.split_once('#').map_or(base, |(b, _)| b);
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
