//! Renders a trace as text for a terminal: the story first, then every policy.

use crate::trace::{ElementView, Layer, StepResult, Trace, Verdict};
use std::fmt::Write;

/// The trace as indented text.
pub fn text(t: &Trace) -> String {
    let mut out = String::new();
    let r = &t.request;
    let _ = writeln!(out, "Decision: {}", t.decision.name());
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
    let _ = writeln!(out, "{}", t.summary);
    let _ = writeln!(out);
    let _ = writeln!(out, "Request");
    let _ = writeln!(
        out,
        "  principal: {} ({})",
        r.principal.display(),
        r.principal.kind.name()
    );
    let _ = writeln!(out, "  action:    {}", r.action);
    let _ = writeln!(out, "  resource:  {}", r.resource);
    let acct = r.resource_account.as_deref().unwrap_or("unknown");
    let _ = writeln!(
        out,
        "  resource account: {acct} ({})",
        if r.same_account {
            "same account as the caller"
        } else if r.principal.account.is_none() {
            "the caller belongs to no account"
        } else {
            "another account than the caller's"
        }
    );
    if !r.context.is_empty() {
        let _ = writeln!(out, "  context:");
        for c in r.context.iter() {
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
            let _ = writeln!(out, "    {} = {v}{src}", c.key);
        }
    }
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
    let _ = writeln!(out);
    let _ = writeln!(out, "Steps");
    for (i, s) in t.steps.iter().enumerate() {
        let mark = match s.result {
            StepResult::Pass => "ok  ",
            StepResult::Skip => "--  ",
            StepResult::Fail => "FAIL",
            StepResult::Deny => "DENY",
            StepResult::Allow => "ALLOW",
        };
        let _ = writeln!(out, "  {}. [{mark}] {}: {}", i + 1, s.check, s.detail);
    }
    for l in &t.layers {
        let _ = writeln!(out);
        let title = match l.level {
            Some(n) => format!("{} level {n}", l.title),
            None => l.title.clone(),
        };
        let state = verdict(l.verdict, l.layer);
        let _ = writeln!(out, "{title}: {state}");
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
            let aws_managed = p
                .origin
                .as_deref()
                .is_some_and(|o| o.starts_with("AWS managed"));
            for d in &p.diagnostics {
                let _ = writeln!(out, "    {d}");
            }
            for s in &p.statements {
                let sid = s
                    .sid
                    .as_deref()
                    .map(|x| format!(" \"{x}\""))
                    .unwrap_or_default();
                let applies = if s.applies {
                    "applies"
                } else {
                    "does not apply"
                };
                // An AWS managed policy's lines are in a document the reader has not
                // written: its statements are named by number only.
                let place = if aws_managed {
                    String::new()
                } else {
                    format!(", line {}", s.location.line)
                };
                let _ = writeln!(
                    out,
                    "    statement {}{sid} ({:?}{place}): {applies}",
                    s.index + 1,
                    s.effect,
                );
                element(&mut out, p.element(s, &s.action));
                if let Some(e) = &s.resource {
                    element(&mut out, p.element(s, e));
                }
                if let Some(e) = &s.principal {
                    element(&mut out, p.element(s, e));
                }
                if let Some(at) = s.stopped_at {
                    let _ = writeln!(
                        out,
                        "      (stopped at {at}: the rest of the statement is not checked)"
                    );
                }
                for c in &s.conditions {
                    let m = if c.matched { "yes" } else { "no " };
                    let _ = writeln!(
                        out,
                        "      [{m}] Condition {} {}: {}",
                        c.operator, c.key, c.reason
                    );
                    if let Some(rv) = &c.resolved_values {
                        let _ = writeln!(
                            out,
                            "            policy values after variables: {}",
                            rv.join(", ")
                        );
                    }
                }
            }
        }
    }
    if !t.missing_keys.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Context keys asked for but absent from the request");
        for m in &t.missing_keys {
            let _ = writeln!(out, "  {} (used by {})", m.key, m.used_by.join("; "));
        }
    }
    out
}

/// How many listed patterns a miss names before "and N more".
const TRIED: usize = 5;
/// Lines longer than this put each part of a miss on its own line.
const WIDTH: usize = 100;

fn element(out: &mut String, view: ElementView<'_>) {
    let e = view.element;
    let m = if e.matched { "yes" } else { "no " };
    let head = format!("      [{m}] {}: ", e.element);
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
        if !tried.is_empty() {
            parts.push(format!("tried {}", tried.join(", ")));
        }
        if let Some(closest) = view.closest() {
            parts.push(format!("closest: `{}` — {}", closest.pattern, closest.why));
        }
    }
    let line = parts.join("; ");
    if head.len() + line.chars().count() <= WIDTH {
        let _ = writeln!(out, "{head}{line}");
    } else {
        let _ = writeln!(out, "{head}{}", parts.first().map_or("", String::as_str));
        for p in parts.iter().skip(1) {
            let _ = writeln!(out, "            {p}");
        }
    }
    for s in e.substitutions() {
        let v = match (&s.value, s.defaulted) {
            (Some(v), true) => format!("`{v}` (default)"),
            (Some(v), false) => format!("`{v}`"),
            (None, _) => "no value".into(),
        };
        let _ = writeln!(out, "            ${{{}}} = {v}", s.variable);
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
