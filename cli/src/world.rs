//! The scenario commands: `scenario`, `who-can`, `principal-can`, `validate`,
//! `actions`, `schema`, `link`, `import`; `simulate` is in `simulate.rs`.

use iam_engine::case::NamedPolicy;
use iam_engine::diag::Diagnostic;
use iam_engine::policy::PolicyKind;
use iam_engine::reqcheck::{self, RequestWarning};
use iam_engine::validate;
use iam_engine::world::{analysis, report, share, Scenario};
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

/// Every AWS managed policy's latest document (scripts/gen_data.py), packed: the
/// command line decides with the same documents the playground fetches.
const EVERY_MANAGED_POLICY: &[u8] =
    include_bytes!("../../engine/data/managed-policies-all.deflate");

/// Installs the AWS managed policies `text` refers to that the engine does not ship.
fn install_managed(text: &str) {
    let wanted: Vec<String> = iam_engine::world::doc::aws_managed_refs_in(text)
        .into_iter()
        .filter(|n| iam_engine::managed::find(n).is_none())
        .collect();
    if let Err(e) = iam_engine::managed::install_packed(EVERY_MANAGED_POLICY, &wanted) {
        eprintln!("iam-eval: the AWS managed policies it carries cannot be read: {e}");
    }
}

/// Loads a scenario's text read from `file`; prints located problems (and warnings).
fn load_text(file: &str, text: &str) -> Option<Scenario> {
    install_managed(text);
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

/// `explain`: the traces, with how much of them to show.
pub fn scenario(
    file: &str,
    only: Option<&str>,
    explain: Option<iam_engine::render::Options>,
    json_out: bool,
) -> u8 {
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

/// How many principals not allowed are listed without `--denied`.
const DENIED_SHOWN: usize = 5;

/// "ExternalId `x` (the caller must know it) and MFA (aws:MultiFactorAuthPresent)".
fn requirements<'a>(rs: impl Iterator<Item = &'a analysis::Requirement>) -> String {
    rs.map(|r| r.says.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The short name of a role ARN (`UpdateApp`), or the ARN.
fn role_name(arn: &str) -> &str {
    arn.rsplit_once(":role/")
        .map_or(arn, |(_, r)| r.rsplit('/').next().unwrap_or(r))
}

/// `who-can`: for each action (patterns expanded) and each resource (`--resource`, else
/// every resource of the scenario the action acts on), who may call it, who reaches it
/// through roles they may assume, and who may not (listed with the reason when few,
/// or with `denied`).
pub fn who_can(
    file: &str,
    actions: &[String],
    resource: Option<&str>,
    denied: bool,
    json_out: bool,
) -> u8 {
    let Some(s) = load(file) else { return 2 };
    let Some(actions) = expand_actions(actions) else {
        return 2;
    };
    let mut left_out = 0usize;
    let mut pairs: Vec<(&str, bool, String)> = Vec::new();
    for (a, from_pattern) in &actions {
        match resource {
            Some(r) => {
                if off_target(*from_pattern, r, &reqcheck::check(a, r, [])) {
                    left_out += 1;
                } else {
                    pairs.push((a, *from_pattern, r.to_string()));
                }
            }
            None => {
                let found = analysis::resources_for(&s, a);
                if found.is_empty() {
                    if *from_pattern {
                        left_out += 1;
                    } else {
                        eprintln!(
                            "{file}: no resource of the scenario is one `{a}` acts on: give --resource ARN"
                        );
                        return 2;
                    }
                }
                pairs.extend(found.into_iter().map(|r| (a.as_str(), *from_pattern, r)));
            }
        }
    }
    if left_out > 0 {
        let on = resource.map_or("the scenario's resources".to_string(), |r| format!("`{r}`"));
        eprintln!(
            "{left_out} action{} of the pattern act on other resource types than {on}: left out",
            if left_out == 1 { "" } else { "s" }
        );
    }
    if pairs.is_empty() {
        let on = resource.map_or("any resource of the scenario".to_string(), |r| {
            format!("`{r}`")
        });
        eprintln!("no action of the pattern acts on {on}");
        return 2;
    }
    let results: Vec<_> = pairs
        .iter()
        .map(|(a, from_pattern, r)| {
            (
                *a,
                *from_pattern,
                r.as_str(),
                analysis::who_can_with_roles(&s, a, r),
                reqcheck::check(a, r, []),
            )
        })
        .collect();
    if json_out {
        // One array of entries, as for one action; each says its action and resource.
        let entries: Vec<serde_json::Value> = results
            .iter()
            .flat_map(|(a, _, r, entries, w)| {
                entries.iter().map(move |e| {
                    let mut v = serde_json::to_value(Checked {
                        outcome: e,
                        action: Some(a),
                        request_warnings: w,
                    })
                    .unwrap_or_default();
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert("resource".into(), serde_json::json!(r));
                    }
                    v
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        );
        return 0;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut star = 0;
    let mut held_back = false;
    for (action, from_pattern, resource, result, warnings) in &results {
        let _ = writeln!(out, "Who can {action} on {resource}:");
        for w in shown(*from_pattern, warnings, &mut star) {
            let _ = writeln!(out, "  warning: {}", w.message);
        }
        if *resource == "*" {
            let _ = writeln!(
                out,
                "  ({action} names no resource: each principal is asked about its own account)"
            );
        }
        for e in result.iter().filter(|e| e.allowed) {
            let only = if e.requires.is_empty() {
                String::new()
            } else {
                format!(", only with {}", requirements(e.requires.iter()))
            };
            let _ = writeln!(out, "  {} ({}){only}: {}", e.principal, e.kind, e.summary);
        }
        let through: Vec<_> = result.iter().filter(|e| !e.via.is_empty()).collect();
        for e in &through {
            // Each assumption with what its trust policy asks of the caller.
            let chain: Vec<String> = e
                .via
                .iter()
                .map(|r| {
                    let asked: Vec<_> = e
                        .requires
                        .iter()
                        .filter(|q| q.role.as_deref() == Some(r.as_str()))
                        .collect();
                    if asked.is_empty() {
                        format!("sts:AssumeRole {}", role_name(r))
                    } else {
                        format!(
                            "sts:AssumeRole {} with {}",
                            role_name(r),
                            requirements(asked.into_iter())
                        )
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "  {} ({}) through a role: {} → {} → {action}",
                e.principal,
                e.kind,
                e.principal.rsplit('/').next().unwrap_or(&e.principal),
                chain.join(" → ")
            );
        }
        let not: Vec<_> = result
            .iter()
            .filter(|e| !e.allowed && e.via.is_empty())
            .collect();
        if denied || not.len() <= DENIED_SHOWN {
            for e in &not {
                let _ = writeln!(out, "  not {} ({}): {}", e.principal, e.kind, e.summary);
            }
        } else {
            held_back = true;
        }
        let allowed = result.iter().filter(|e| e.allowed).count();
        let asked = result
            .iter()
            .filter(|e| e.allowed && !e.requires.is_empty())
            .count();
        let only = if asked == 0 {
            String::new()
        } else {
            format!(" ({asked} only with what the caller brings)")
        };
        let via = if through.is_empty() {
            String::new()
        } else {
            format!(", {} through a role", through.len())
        };
        let _ = writeln!(out, "{allowed} allowed{only}{via}, {} not", not.len());
    }
    if held_back {
        let _ = writeln!(
            out,
            "note: --denied lists the principals not allowed, each with the reason"
        );
    }
    if let Some(note) = star_note(star) {
        let _ = writeln!(out, "{note}");
    }
    0
}

/// How many allowed actions principal-can lists by name before it counts them.
const LISTED: usize = 12;

/// `principal-can`: what one principal may do on each resource of the scenario, the
/// conditions that limit it, and "nothing tried" where no policy names an action.
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
        return 0;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = writeln!(out, "What {who} may do on the scenario's resources:");
    for r in &result {
        let tried = r.tried;
        let plural = if tried == 1 { "" } else { "s" };
        if tried == 0 {
            let _ = writeln!(
                out,
                "  {}: nothing tried (no policy of the principal's or of the resource names an action on it)",
                r.resource
            );
        } else if r.allowed.is_empty() {
            let _ = writeln!(
                out,
                "  {}: nothing ({tried} action{plural} tried)",
                r.resource
            );
        } else if r.allowed.len() > LISTED {
            // A root user's (or an administrator's) long list: counted, with the few
            // actions it may not call named.
            let refused = r.refused();
            let all_but = match refused.len() {
                0 => String::new(),
                1..=5 => format!("; not {}", refused.join(", ")),
                n => format!("; {n} not"),
            };
            let _ = writeln!(
                out,
                "  {}: {} of the {tried} actions tried that act on it{all_but} (--json lists them)",
                r.resource,
                r.allowed.len()
            );
        } else {
            let _ = writeln!(
                out,
                "  {}: {} (of {tried} tried)",
                r.resource,
                r.allowed.join(", ")
            );
        }
        // The conditions that limit an Allow, each set once with its actions.
        let mut groups: Vec<(&[String], Vec<&str>)> = Vec::new();
        for l in &r.conditions {
            match groups
                .iter_mut()
                .find(|(c, _)| *c == l.conditions.as_slice())
            {
                Some((_, actions)) => actions.push(&l.action),
                None => groups.push((&l.conditions, vec![&l.action])),
            }
        }
        for (conditions, actions) in groups {
            let which = if actions.len() == r.allowed.len() {
                "all of them".to_string()
            } else {
                actions.join(", ")
            };
            let _ = writeln!(out, "      {which}: {}", conditions.join("; "));
        }
    }
    0
}

/// What a file given to `validate` holds.
enum Doc {
    Scenario,
    Cases,
    Policy,
}

/// A scenario by its format; a case file by its shape (an object, or an array of
/// objects, with `principal` and `request`); anything else is taken for a policy.
fn classify(text: &str) -> Doc {
    if is_scenario(text) {
        return Doc::Scenario;
    }
    let is_case =
        |v: &serde_json::Value| v.get("request").is_some() && v.get("principal").is_some();
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) if items.first().is_some_and(is_case) => Doc::Cases,
        Ok(v) if is_case(&v) => Doc::Cases,
        _ => Doc::Policy,
    }
}

/// One file's findings, with what the file was taken for and the parser's help.
struct Validated {
    /// "validated as a role trust policy (...)", "a scenario: ...".
    described: String,
    kind: Option<PolicyKind>,
    inferred: Option<&'static str>,
    findings: Vec<validate::Finding>,
    /// The policies' diagnostics, for the help text each finding from them carries.
    diagnostics: Vec<Diagnostic>,
}

fn validate_file(file: &str, text: &str, chosen: Option<PolicyKind>) -> Option<Validated> {
    match classify(text) {
        Doc::Scenario => {
            let s = load_text(file, text)?;
            Some(Validated {
                described: "a scenario: every policy in it validated, and its external access"
                    .into(),
                kind: None,
                inferred: None,
                findings: iam_engine::world::validate::validate_scenario(&s),
                diagnostics: s.diagnostics.clone(),
            })
        }
        Doc::Cases => {
            let cases = match iam_engine::casefile::read_cases(text) {
                Ok(c) => c,
                Err(errors) => {
                    for e in errors {
                        eprintln!("{file}:{e}");
                    }
                    return None;
                }
            };
            let mut findings = Vec::new();
            let mut diagnostics = Vec::new();
            for entry in &cases {
                let c = &entry.case;
                let levels = |l: &Option<Vec<Vec<NamedPolicy>>>| {
                    l.iter().flatten().flatten().cloned().collect::<Vec<_>>()
                };
                let policies = c
                    .identity_policies
                    .iter()
                    .chain(&c.permissions_boundary)
                    .chain(&c.session_policies)
                    .chain(&c.resource_policy)
                    .chain(&c.endpoint_policy)
                    .cloned()
                    .chain(levels(&c.scps))
                    .chain(levels(&c.rcps));
                for np in policies {
                    let name = format!("case `{}`: {}", c.name, np.name);
                    findings.extend(validate::check_policy(&np.policy, &name));
                    diagnostics.extend(np.policy.diagnostics.iter().cloned());
                }
            }
            Some(Validated {
                described: format!(
                    "a case file: the policies of its {} case{} validated, each as the kind its place gives it",
                    cases.len(),
                    if cases.len() == 1 { "" } else { "s" }
                ),
                kind: None,
                inferred: None,
                findings,
                diagnostics,
            })
        }
        Doc::Policy => {
            let (kind, inferred) = match chosen {
                Some(k) => (k, None),
                None => {
                    let i = PolicyKind::infer(text);
                    (i.kind, Some(i.reason))
                }
            };
            let policy = iam_engine::policy::Policy::parse(text, kind);
            let described = match inferred {
                Some(reason) => format!(
                    "validated as {} ({reason}); --kind chooses another",
                    with_article(kind.label())
                ),
                None => format!(
                    "validated as {} (--kind {})",
                    with_article(kind.label()),
                    kind.word()
                ),
            };
            Some(Validated {
                described,
                kind: Some(kind),
                inferred,
                findings: validate::check_policy(&policy, ""),
                diagnostics: policy.diagnostics,
            })
        }
    }
}

/// "an identity-based policy", "a role trust policy".
fn with_article(label: &str) -> String {
    let an = label.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {label}", if an { "an" } else { "a" })
}

/// The help the parser gave for the diagnostic a finding comes from.
fn help_of<'d>(f: &validate::Finding, diagnostics: &'d [Diagnostic]) -> Option<&'d str> {
    diagnostics
        .iter()
        .find(|d| d.location == f.location && d.message == f.message)
        .and_then(|d| d.help.as_deref())
}

/// The source line of a location with a caret under it, indented, or nothing when the
/// location has no line. A long line is cut to a window around the place.
pub(crate) fn snippet(text: &str, loc: &iam_engine::diag::Location) -> String {
    const BEFORE: usize = 40;
    const WIDTH: usize = 100;
    let Some(line) = (loc.line as usize)
        .checked_sub(1)
        .and_then(|i| text.lines().nth(i))
    else {
        return String::new();
    };
    let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
    let col = (loc.column as usize).saturating_sub(1).min(chars.len());
    let width = if loc.end_line == loc.line {
        (loc.end_column as usize).saturating_sub(loc.column as usize)
    } else {
        chars.len().saturating_sub(col)
    }
    .max(1);
    let from = col.saturating_sub(BEFORE);
    let to = (from + WIDTH).max(col + 1).min(chars.len());
    let shown: String = chars.get(from..to).unwrap_or_default().iter().collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    // Tabs stay tabs under the line, so the caret sits under the place.
    let pad: String = chars
        .get(from..col)
        .unwrap_or_default()
        .iter()
        .map(|c| if *c == '\t' { '\t' } else { ' ' })
        .collect();
    let number = loc.line.to_string();
    let gutter = " ".repeat(number.len());
    let carets = "^".repeat(width.min(to.saturating_sub(col).max(1)));
    let lead_pad = if lead.is_empty() { "" } else { " " };
    format!("  {number} | {lead}{shown}{tail}\n  {gutter} | {lead_pad}{pad}{carets}\n")
}

pub fn validate(files: &[String], kind: Option<&str>, json_out: bool) -> u8 {
    let chosen = match kind {
        None => None,
        Some(k) => match validate::policy_kind(k) {
            Some(k) => Some(k),
            None => {
                eprintln!("unknown --kind `{k}`: use identity, resource, trust, key, boundary, session, scp, rcp or endpoint");
                return 2;
            }
        },
    };
    let mut worst = 0u8;
    let mut all = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        let Some(text) = read(file) else { return 2 };
        let Some(v) = validate_file(file, &text, chosen) else {
            return 2;
        };
        if v.findings
            .iter()
            .any(|f| f.family == validate::Family::Error)
        {
            worst = 1;
        }
        if json_out {
            let findings: Vec<serde_json::Value> = v
                .findings
                .iter()
                .map(|f| {
                    let mut value = serde_json::to_value(f).unwrap_or_default();
                    if let (Some(obj), Some(help)) =
                        (value.as_object_mut(), help_of(f, &v.diagnostics))
                    {
                        obj.insert("help".into(), serde_json::json!(help));
                    }
                    value
                })
                .collect();
            let mut entry = serde_json::json!({ "file": file, "findings": findings });
            if let (Some(obj), Some(kind)) = (entry.as_object_mut(), v.kind) {
                obj.insert("kind".into(), serde_json::json!(kind));
                obj.insert(
                    "kind_inferred".into(),
                    serde_json::json!(v.inferred.is_some()),
                );
                if let Some(reason) = v.inferred {
                    obj.insert("kind_reason".into(), serde_json::json!(reason));
                }
            }
            all.push(entry);
            continue;
        }
        let _ = writeln!(out, "{file}: {}", v.described);
        for f in &v.findings {
            let policy = if f.policy.is_empty() {
                String::new()
            } else {
                format!(" [{}]", f.policy)
            };
            let _ = writeln!(
                out,
                "{file}:{}:{}: {} {}: {}{policy}",
                f.location.line,
                f.location.column,
                f.family.name(),
                f.code,
                f.message,
            );
            let _ = write!(out, "{}", snippet(&text, &f.location));
            if let Some(help) = help_of(f, &v.diagnostics) {
                let _ = writeln!(out, "  help: {help}");
            }
        }
        if v.findings.is_empty() {
            let _ = writeln!(out, "{file}: no findings");
        }
    }
    if json_out {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&all).unwrap_or_default()
        );
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

/// `import FILE...`: the scenario the AWS CLI outputs describe, on standard output;
/// the summary (what was imported, what was left out) on standard error.
pub fn import(files: &[String]) -> u8 {
    let mut texts = Vec::new();
    for f in files {
        let text = if f == "-" {
            let mut t = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut t) {
                eprintln!("-: cannot read standard input: {e}");
                return 2;
            }
            t
        } else {
            let Some(t) = read(f) else { return 2 };
            t
        };
        texts.push(text);
    }
    let inputs: Vec<&str> = texts.iter().map(String::as_str).collect();
    match iam_engine::world::import::import_report(&inputs) {
        Ok(imported) => {
            print!("{}", imported.scenario);
            for line in &imported.summary {
                eprintln!("{line}");
            }
            0
        }
        Err(e) => {
            let file = e
                .input
                .checked_sub(1)
                .and_then(|i| files.get(i))
                .map_or("?", String::as_str);
            eprintln!("{file}: {}", e.message);
            2
        }
    }
}
