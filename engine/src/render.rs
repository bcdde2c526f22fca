//! Renders a trace as text for a terminal: the story first, then what decided it.
//!
//! By default the text is folded so that one request reads in about twenty lines: the
//! steps in AWS's order, each with the statements that decided it beneath it (the Deny
//! that matched, or the Denys that came closest; the Allow that let a layer through;
//! in a layer that lacked an Allow, the statements that came closest, each with the
//! element or condition that did not match). SCP and RCP levels that allow only
//! through policies that allow everything (`FullAWSAccess`, `RCPFullAWSAccess`) take one
//! step, statements for other services or actions one line, the layers the decision did
//! not need and those not in play one line each, and the context shows the keys the
//! request gave and those a condition read. [`Options::full`] shows everything: every
//! layer, policy, statement, element and key.

use crate::trace::{
    ElementTrace, ElementView, Layer, LayerTrace, PolicyTrace, StatementTrace, Step, StepResult,
    Trace, Verdict,
};
use std::fmt::Write;

/// How much of a trace to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Every layer, policy and context key, nothing folded (`--full`).
    pub full: bool,
    /// Leave out the decision, the summary and the request's principal, action and
    /// resource: a scenario report has said them just above.
    pub omit_header: bool,
}

/// The trace as indented text, folded (see the module's documentation).
pub fn text(t: &Trace) -> String {
    text_with(t, Options::default())
}

/// Whether a policy of an SCP or RCP level allowed only because it allows everything:
/// what the folded text leaves out.
fn folds(layer: Layer, p: &PolicyTrace) -> bool {
    matches!(layer, Layer::Scp | Layer::Rcp)
        && p.evaluated
        && p.verdict == Verdict::Allow
        && p.source
            .as_ref()
            .is_some_and(|s| s.policy.allows_everything())
}

/// The names of the policies that fold in a layer, in order, each once.
fn folded_names<'t>(layers: impl Iterator<Item = &'t LayerTrace>) -> Vec<&'t str> {
    let mut names: Vec<&str> = Vec::new();
    for l in layers {
        for p in l.policies.iter().filter(|p| folds(l.layer, p)) {
            if !names.contains(&p.name.as_str()) {
                names.push(&p.name);
            }
        }
    }
    names
}

/// "`FullAWSAccess`", "`A` and `B`".
fn names_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// "levels 1–3", "levels 1, 3", "level 2".
fn levels_list(levels: &[usize]) -> String {
    let s = if levels.len() == 1 { "" } else { "s" };
    format!("level{s} {}", numbers(levels))
}

/// "1–3", "1, 3", "2": numbers, a run of consecutive ones as a range.
fn numbers(ns: &[usize]) -> String {
    let consecutive = ns.windows(2).all(|w| matches!(w, [a, b] if a + 1 == *b));
    match (ns.first(), ns.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) if consecutive => format!("{a}–{b}"),
        _ => ns
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// "SCP", "RCP".
fn short(layer: Layer) -> &'static str {
    if layer == Layer::Scp {
        "SCP"
    } else {
        "RCP"
    }
}

/// The layer trace a step reports on.
fn layer_of<'t>(t: &'t Trace, s: &Step) -> Option<&'t LayerTrace> {
    t.layers
        .iter()
        .find(|l| Some(l.layer) == s.layer && l.level == s.level)
}

/// Whether a step says only that an SCP or RCP level allows through policies that
/// allow everything: such steps of one layer fold into one line.
fn step_folds(t: &Trace, s: &Step) -> bool {
    s.result == StepResult::Pass
        && layer_of(t, s).is_some_and(|l| {
            let allowing = l.policies.iter().filter(|p| p.verdict == Verdict::Allow);
            allowing.clone().count() > 0 && allowing.clone().all(|p| folds(l.layer, p))
        })
}

/// The steps as lines, each with its step, folded: the SCP or RCP levels that allow
/// only through policies that allow everything in one line (without a step), and
/// without the authentication step when the report has said it (`omit_header`).
fn steps(t: &Trace, omit_header: bool) -> Vec<(StepResult, String, Option<&Step>)> {
    let mut lines = Vec::new();
    let mut i = 0;
    while let Some(s) = t.steps.get(i) {
        let layer = s.layer.filter(|_| step_folds(t, s));
        let Some(layer) = layer else {
            if !(omit_header && s.check == AUTHENTICATION) {
                lines.push((s.result, format!("{}: {}", s.check, s.detail), Some(s)));
            }
            i += 1;
            continue;
        };
        let mut levels = Vec::new();
        let mut run = Vec::new();
        while let Some(next) = t
            .steps
            .get(i)
            .filter(|n| n.layer == Some(layer) && step_folds(t, n))
        {
            levels.extend(next.level);
            run.extend(layer_of(t, next));
            i += 1;
        }
        let names = folded_names(run.into_iter());
        let each = if levels.len() > 1 {
            " at each level"
        } else {
            ""
        };
        let verb = if names.len() == 1 { "allows" } else { "allow" };
        lines.push((
            StepResult::Pass,
            format!(
                "{} {}: {} {verb} everything{each}",
                short(layer),
                levels_list(&levels),
                names_list(&names)
            ),
            None,
        ));
    }
    lines
}

/// The check of the step a scenario's request starts with (`world::run`).
const AUTHENTICATION: &str = "Authentication";

/// The trace as indented text; `options.full` shows every policy and key.
pub fn text_with(t: &Trace, options: Options) -> String {
    if options.full {
        full_text(t, options)
    } else {
        folded_text(t, options)
    }
}

/// The decision, what blocked it and the summary (the lines a scenario report has
/// already said leave out the decision and the summary).
fn header(out: &mut String, t: &Trace, options: Options) {
    if !options.omit_header {
        let _ = writeln!(out, "Decision: {}", t.decision.name());
    }
    if let Some(b) = t.blocked_by {
        match t.blocked_level {
            Some(l) => {
                let _ = writeln!(out, "Blocked by: {} (level {l})", b.name());
            }
            None => {
                let _ = writeln!(out, "Blocked by: {}", b.name());
            }
        }
    }
    if !options.omit_header {
        let _ = writeln!(out, "{}", t.summary);
        let _ = writeln!(out);
    }
}

/// "222222222222 (same account as the caller)".
fn resource_account(t: &Trace) -> String {
    let r = &t.request;
    let acct = r.resource_account.as_deref().unwrap_or("unknown");
    format!(
        "{acct} ({})",
        if r.same_account {
            "same account as the caller"
        } else if r.principal.account.is_none() {
            "the caller belongs to no account"
        } else {
            "another account than the caller's"
        }
    )
}

/// "aws:SourceIp = 192.0.2.1", "aws:TagKeys = [a, b]  (derived)".
fn context_line(c: &crate::context::ContextValue) -> String {
    let v = if c.multi {
        format!("[{}]", c.values.join(", "))
    } else {
        c.values.join(", ")
    };
    let src = if c.source == crate::context::ValueSource::Derived {
        "  (derived)"
    } else {
        ""
    };
    format!("{} = {v}{src}", c.key)
}

/// The errors of an `Invalid` case and the warnings about the request.
fn errors_and_warnings(out: &mut String, t: &Trace) {
    if !t.errors.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Errors (AWS would refuse to store these policies)");
        for e in &t.errors {
            let _ = writeln!(out, "  {e}");
        }
    }
    for w in &t.warnings {
        let _ = writeln!(out, "Warning: {w}");
    }
}

fn mark(result: StepResult) -> &'static str {
    match result {
        StepResult::Pass => "ok  ",
        StepResult::Skip => "--  ",
        StepResult::Fail => "FAIL",
        StepResult::Deny => "DENY",
        StepResult::Allow => "ALLOW",
    }
}

/// Everything: every step, every layer with every policy, statement and element, and
/// every context key.
mod folded;

/// Where a statement's elements start in the full text.
const ELEMENT: usize = 6;

use folded::folded_text;

/// The request's principal, action and resource, a line each (both forms).
fn request_lines(out: &mut String, t: &Trace) {
    let r = &t.request;
    let _ = writeln!(
        out,
        "  principal: {} ({})",
        r.principal.display(),
        r.principal.kind.name()
    );
    let _ = writeln!(out, "  action:    {}", r.action);
    let _ = writeln!(out, "  resource:  {}", r.resource);
}

fn full_text(t: &Trace, options: Options) -> String {
    let mut out = String::new();
    let r = &t.request;
    header(&mut out, t, options);
    let _ = writeln!(out, "Request");
    if !options.omit_header {
        request_lines(&mut out, t);
    }
    let _ = writeln!(out, "  resource account: {}", resource_account(t));
    if !r.context.is_empty() {
        let _ = writeln!(out, "  context:");
        for c in r.context.iter() {
            let _ = writeln!(out, "    {}", context_line(c));
        }
    }
    errors_and_warnings(&mut out, t);
    let _ = writeln!(out);
    let _ = writeln!(out, "Steps");
    for (i, s) in t.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. [{}] {}: {}",
            i + 1,
            mark(s.result),
            s.check,
            s.detail
        );
    }
    for l in &t.layers {
        let _ = writeln!(out);
        let title = match l.level {
            Some(n) => format!("{} level {n}", l.title),
            None => l.title.clone(),
        };
        let _ = writeln!(out, "{title}: {}", verdict(l.verdict, l.layer));
        let _ = writeln!(out, "  {}", l.note);
        for p in &l.policies {
            let origin = p
                .origin
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            let state = if p.evaluated {
                verdict(p.verdict, l.layer)
            } else {
                "not evaluated"
            };
            let _ = writeln!(out, "  policy {}{origin}: {state}", p.name);
            for d in &p.diagnostics {
                let _ = writeln!(out, "    {d}");
            }
            for s in &p.statements {
                let applies = if s.applies {
                    "applies"
                } else {
                    "does not apply"
                };
                let _ = writeln!(out, "    statement {}: {applies}", statement_words(p, s));
                element(&mut out, p.element(s, &s.action), ELEMENT, false);
                if let Some(e) = &s.resource {
                    element(&mut out, p.element(s, e), ELEMENT, false);
                }
                if let Some(e) = &s.principal {
                    element(&mut out, p.element(s, e), ELEMENT, false);
                }
                if let Some(at) = s.stopped_at {
                    let _ = writeln!(
                        out,
                        "      (stopped at {at}: the rest of the statement is not checked)"
                    );
                }
                for c in &s.conditions {
                    condition(&mut out, c, ELEMENT);
                }
            }
        }
    }
    missing_keys(&mut out, t);
    out
}

/// "1 \"Sid\" (Allow, line 15)": a statement's number, Sid, effect and line. An AWS
/// managed policy's lines are in a document the reader has not written: its
/// statements are named by number only.
fn statement_words(p: &PolicyTrace, s: &StatementTrace) -> String {
    let sid = s
        .sid
        .as_deref()
        .map(|x| format!(" \"{x}\""))
        .unwrap_or_default();
    let aws_managed = p
        .origin
        .as_deref()
        .is_some_and(|o| o.starts_with("AWS managed"));
    let place = if aws_managed {
        String::new()
    } else {
        format!(", line {}", s.location.line)
    };
    format!("{}{sid} ({:?}{place})", s.index + 1, s.effect)
}

fn condition(out: &mut String, c: &crate::condition::ConditionTrace, indent: usize) {
    let m = if c.matched { "yes" } else { "no " };
    let pad = " ".repeat(indent);
    let _ = writeln!(
        out,
        "{pad}[{m}] Condition {} {}: {}",
        c.operator, c.key, c.reason
    );
    if let Some(rv) = &c.resolved_values {
        let _ = writeln!(
            out,
            "{pad}      policy values after variables: {}",
            rv.join(", ")
        );
    }
}

fn missing_keys(out: &mut String, t: &Trace) {
    if !t.missing_keys.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Context keys asked for but absent from the request");
        for m in &t.missing_keys {
            let _ = writeln!(out, "  {} (used by {})", m.key, m.used_by.join("; "));
        }
    }
}

/// How many listed patterns a miss names before "and N more".
const TRIED: usize = 5;
/// Lines longer than this put each part of a miss on its own line.
const WIDTH: usize = 100;
/// Packed lines (the context) longer than this put each item on its own line.
const PACKED: usize = 120;

/// One element's line at `indent`: on a miss, with the patterns tried and the closest
/// one; with the policy variables it filled in. `folded`: the parts of a miss share
/// lines as far as they fit, and each variable is named once.
fn element(out: &mut String, view: ElementView<'_>, indent: usize, folded: bool) {
    let e = view.element;
    let m = if e.matched { "yes" } else { "no " };
    let pad = " ".repeat(indent);
    let more = " ".repeat(indent + 6);
    let head = format!("{pad}[{m}] {}: ", e.element);
    // On a miss: what was compared, the patterns tried and the closest one.
    let mut parts = vec![view.outcome()];
    if let Some(c) = view.compared.filter(|_| view.is_miss()) {
        let mut tried: Vec<String> = c
            .against
            .patterns()
            .take(TRIED)
            .map(|(p, _)| format!("`{p}`"))
            .collect();
        if c.against.len() > TRIED {
            tried.push(format!("and {} more", c.against.len() - TRIED));
        }
        let closest = view.closest();
        // One pattern tried that is also the closest is named once, as the closest.
        let said_by_closest = c.against.len() == 1 && closest.is_some();
        if !tried.is_empty() && !said_by_closest {
            parts.push(format!("tried {}", tried.join(", ")));
        }
        if let Some(closest) = closest {
            parts.push(format!("closest: `{}` — {}", closest.pattern, closest.why));
        }
    }
    let line = parts.join("; ");
    if head.len() + line.chars().count() <= WIDTH {
        let _ = writeln!(out, "{head}{line}");
    } else if folded {
        let mut current = head.clone();
        let mut first = true;
        for p in &parts {
            let sep = if first { "" } else { "; " };
            if !first && current.chars().count() + sep.len() + p.chars().count() > WIDTH {
                let _ = writeln!(out, "{current}");
                current = format!("{more}{p}");
            } else {
                current.push_str(sep);
                current.push_str(p);
            }
            first = false;
        }
        let _ = writeln!(out, "{current}");
    } else {
        let _ = writeln!(out, "{head}{}", parts.first().map_or("", String::as_str));
        for p in parts.iter().skip(1) {
            let _ = writeln!(out, "{more}{p}");
        }
    }
    let mut said: Vec<String> = Vec::new();
    for s in e.substitutions() {
        let v = match (&s.value, s.defaulted) {
            (Some(v), true) => format!("`{v}` (default)"),
            (Some(v), false) => format!("`{v}`"),
            (None, _) => "no value".into(),
        };
        let line = format!("{more}${{{}}} = {v}", s.variable);
        if folded && said.contains(&line) {
            continue;
        }
        let _ = writeln!(out, "{line}");
        said.push(line);
    }
}

fn verdict(v: Verdict, layer: Layer) -> &'static str {
    match v {
        Verdict::Allow => "allows",
        Verdict::Deny => "denies",
        Verdict::NoMatch if layer == Layer::Identity || layer == Layer::Resource => {
            "no statement allows"
        }
        Verdict::NoMatch => "does not allow",
        Verdict::NotApplicable => "does not apply",
        Verdict::Implicit => "allows (implicitly)",
    }
}

#[cfg(test)]
mod tests;
