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
fn full_text(t: &Trace, options: Options) -> String {
    let mut out = String::new();
    let r = &t.request;
    header(&mut out, t, options);
    let _ = writeln!(out, "Request");
    if !options.omit_header {
        let _ = writeln!(
            out,
            "  principal: {} ({})",
            r.principal.display(),
            r.principal.kind.name()
        );
        let _ = writeln!(out, "  action:    {}", r.action);
        let _ = writeln!(out, "  resource:  {}", r.resource);
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

/// The check of the step that looks for a matching Deny in every policy.
const DENY_CHECK: &str = "Explicit deny check";
/// Where the statements under a step start.
const EVIDENCE: usize = 7;
/// Where a statement's elements start in the full text.
const ELEMENT: usize = 6;
/// How many statements that do not apply a step shows before it counts the rest.
const NEAR_MISSES: usize = 3;
/// How many statements that apply a step shows before it counts the rest.
const APPLYING: usize = 2;

/// The folded text: the request in a line or two, then the steps in AWS's order, each
/// with the statements that decided it beneath it: the Deny that matched, or those
/// that came closest; the Allow that let a layer through; in a layer that lacked an
/// Allow, the statements that came closest, each with the element or condition that
/// did not match. Statements for other services are named in one line; the layers the
/// decision did not reach, and those not in play, in one line each.
fn folded_text(t: &Trace, options: Options) -> String {
    let mut out = String::new();
    let r = &t.request;
    header(&mut out, t, options);
    // The context: the keys the request gave and those a condition or a policy
    // variable read; the other derived keys are counted.
    let read = keys_read(t);
    let shown: Vec<String> = r
        .context
        .iter()
        .filter(|c| c.source != crate::context::ValueSource::Derived || read.contains(&c.key_lc))
        .map(|c| context_line(c).replace("  (derived)", " (derived)"))
        .collect();
    let hidden = r.context.len() - shown.len();
    let mut context = shown;
    if hidden > 0 {
        context.push(format!(
            "{hidden} {}derived key{} that no condition read (--full lists them)",
            if context.is_empty() { "" } else { "more " },
            if hidden == 1 { "" } else { "s" }
        ));
    }
    if options.omit_header {
        let _ = writeln!(out, "Resource account: {}", resource_account(t));
        packed(&mut out, "Context: ", &context);
    } else {
        let _ = writeln!(out, "Request");
        let _ = writeln!(
            out,
            "  principal: {} ({})",
            r.principal.display(),
            r.principal.kind.name()
        );
        let _ = writeln!(out, "  action:    {}", r.action);
        let _ = writeln!(out, "  resource:  {}", r.resource);
        let _ = writeln!(out, "  resource account: {}", resource_account(t));
        packed(&mut out, "  context: ", &context);
    }
    errors_and_warnings(&mut out, t);
    if !options.omit_header {
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Steps");
    let mut seen: Vec<(Layer, Option<usize>)> = Vec::new();
    let mut stepped: Vec<Layer> = Vec::new();
    for (i, (result, line, step)) in steps(t, options.omit_header).into_iter().enumerate() {
        let _ = writeln!(out, "  {}. [{}] {line}", i + 1, mark(result));
        match step {
            Some(s) => {
                stepped.extend(s.layer);
                evidence(&mut out, t, s, &mut seen);
            }
            // A run of levels that allow everything: nothing more to show of them.
            None => seen.extend(
                t.layers
                    .iter()
                    .filter(|l| is_folded_level(t, l))
                    .map(|l| (l.layer, l.level)),
            ),
        }
    }
    // Layers evaluated that no step reached (an explicit Deny decides before the
    // grant is looked at), with their verdicts; those that deny have been shown.
    let unreached: Vec<&LayerTrace> = t
        .layers
        .iter()
        .filter(|l| l.applies && l.verdict != Verdict::Deny && !seen.contains(&(l.layer, l.level)))
        .collect();
    if !unreached.is_empty() {
        let _ = writeln!(
            out,
            "Not needed for the decision (--full shows them): {}",
            verdicts(&unreached)
        );
    }
    // Layers not in play that no step has spoken of.
    let mut idle: Vec<&str> = Vec::new();
    for l in t
        .layers
        .iter()
        .filter(|l| !l.applies && !stepped.contains(&l.layer))
    {
        if !idle.contains(&l.title.as_str()) {
            idle.push(&l.title);
        }
    }
    if !idle.is_empty() {
        let _ = writeln!(out, "Not in play: {} (--full says why)", idle.join(", "));
    }
    if !t.missing_keys.is_empty() {
        let keys: Vec<String> = t
            .missing_keys
            .iter()
            .map(|m| format!("{} (used by {})", m.key, m.used_by.join("; ")))
            .collect();
        let _ = writeln!(
            out,
            "Asked for by a condition, absent from the request: {}",
            keys.join("; ")
        );
    }
    out
}

/// Items after a label, joined by semicolons, as many a line as fit in [`PACKED`]
/// columns; the lines after the first are indented under the first item.
fn packed(out: &mut String, label: &str, items: &[String]) {
    let pad = " ".repeat(label.len());
    let mut current = String::new();
    for item in items {
        if current.is_empty() {
            current = format!("{label}{item}");
        } else if current.chars().count() + 2 + item.chars().count() > PACKED {
            let _ = writeln!(out, "{current};");
            current = format!("{pad}{item}");
        } else {
            current.push_str("; ");
            current.push_str(item);
        }
    }
    if !current.is_empty() {
        let _ = writeln!(out, "{current}");
    }
}

/// Whether an SCP or RCP level holds nothing but policies that allow everything, or
/// allows only through them: the folded steps say it in their run's line.
fn is_folded_level(t: &Trace, l: &LayerTrace) -> bool {
    matches!(l.layer, Layer::Scp | Layer::Rcp)
        && t.steps
            .iter()
            .any(|s| s.layer == Some(l.layer) && s.level == l.level && step_folds(t, s))
}

/// "Identity-based policies allow, RCP levels 1–3 allow": layers by their verdicts,
/// SCP and RCP levels with the same verdict together.
fn verdicts(layers: &[&LayerTrace]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(l) = layers.get(i) {
        let mut levels: Vec<usize> = l.level.into_iter().collect();
        let mut j = i + 1;
        while let Some(n) = layers
            .get(j)
            .filter(|n| n.layer == l.layer && n.verdict == l.verdict && l.level.is_some())
        {
            levels.extend(n.level);
            j += 1;
        }
        let title = if levels.is_empty() {
            l.title.clone()
        } else {
            format!("{} {}", short(l.layer), levels_list(&levels))
        };
        parts.push(format!("{title}: {}", verdict(l.verdict, l.layer)));
        i = j;
    }
    parts.join("; ")
}

/// Under a step, the statements that decided it (see [`folded_text`]); `seen` collects
/// the layers whose statements have been shown, which no later step shows again.
fn evidence(out: &mut String, t: &Trace, step: &Step, seen: &mut Vec<(Layer, Option<usize>)>) {
    if step.check == DENY_CHECK {
        let deny = |st: &StatementTrace| st.effect == crate::policy::Effect::Deny;
        let layers: Vec<&LayerTrace> = t.layers.iter().filter(|l| l.applies).collect();
        if step.result == StepResult::Deny {
            applying(out, &layers, step, deny);
        } else {
            near_misses(out, &layers, deny, Misses::Deny);
        }
        return;
    }
    let Some(layer) = step.layer else { return };
    let layers: Vec<&LayerTrace> = t
        .layers
        .iter()
        .filter(|l| l.layer == layer && (step.level.is_none() || l.level == step.level))
        .filter(|l| !seen.contains(&(l.layer, l.level)))
        .collect();
    seen.extend(layers.iter().map(|l| (l.layer, l.level)));
    let layers: Vec<&LayerTrace> = layers.into_iter().filter(|l| l.applies).collect();
    let allow = |st: &StatementTrace| st.effect == crate::policy::Effect::Allow;
    match step.result {
        StepResult::Pass | StepResult::Allow => applying(out, &layers, step, allow),
        StepResult::Fail | StepResult::Skip => {
            for l in layers.iter().filter(|l| l.policies.is_empty()) {
                if l.note != step.detail {
                    let _ = writeln!(out, "{}{}", " ".repeat(EVIDENCE), l.note);
                }
            }
            near_misses(out, &layers, allow, Misses::Allow);
        }
        StepResult::Deny => {}
    }
}

/// The statements of `layers` that apply (and pass `which`), each with its elements
/// and conditions; a statement the step's own line names is not named again.
fn applying(
    out: &mut String,
    layers: &[&LayerTrace],
    step: &Step,
    which: impl Fn(&StatementTrace) -> bool,
) {
    let found: Vec<(&PolicyTrace, &StatementTrace)> = layers
        .iter()
        .flat_map(|l| l.policies.iter().filter(|p| !folds(l.layer, p)))
        .filter(|p| p.evaluated)
        .flat_map(|p| p.statements.iter().map(move |s| (p, s)))
        .filter(|(_, s)| s.applies && which(s))
        .collect();
    for (p, s) in found.iter().take(APPLYING) {
        let mut indent = EVIDENCE;
        if !names(&step.detail, p, s) {
            let _ = writeln!(
                out,
                "{}{}, statement {}: applies",
                " ".repeat(EVIDENCE),
                policy_words(p),
                statement_words(p, s)
            );
            indent += 2;
        }
        for e in elements(s) {
            element(out, p.element(s, e), indent, true);
        }
        for c in &s.conditions {
            condition(out, c, indent);
        }
    }
    if found.len() > APPLYING {
        let _ = writeln!(
            out,
            "{}and {} more statement{} that apply (--full shows them)",
            " ".repeat(EVIDENCE),
            found.len() - APPLYING,
            if found.len() - APPLYING == 1 { "" } else { "s" }
        );
    }
}

/// Whether a step's sentence names the statement, as the evaluator labels it
/// ("`AdministratorAccess` (AWS managed, ...), statement 1").
fn names(detail: &str, p: &PolicyTrace, s: &StatementTrace) -> bool {
    let statement = match &s.sid {
        Some(sid) => format!("statement \"{sid}\""),
        None => format!("statement {}", s.index + 1),
    };
    let named = detail.contains(&format!("`{}`", p.name));
    named
        && detail.match_indices(&statement).any(|(at, m)| {
            !detail
                .get(at + m.len()..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c.is_ascii_digit())
        })
}

/// "`RegionLock` (attached to OU Production)".
fn policy_words(p: &PolicyTrace) -> String {
    match &p.origin {
        Some(o) => format!("`{}` ({o})", p.name),
        None => format!("`{}`", p.name),
    }
}

/// A statement's elements that were checked, in order.
fn elements(s: &StatementTrace) -> impl Iterator<Item = &ElementTrace> {
    std::iter::once(&s.action)
        .chain(&s.resource)
        .chain(s.principal.as_deref())
}

/// How far a statement that does not apply got: 0 (its action), 1 (its resource), 2
/// (its principal), 3 (only a condition failed).
fn progress(s: &StatementTrace) -> u8 {
    match s.stopped_at {
        Some(at) if at.ends_with("Action") => 0,
        Some(_) => 1,
        None if s.principal.as_deref().is_some_and(|p| !p.matched) => 2,
        None => 3,
    }
}

/// Whether a statement missed because every action it lists is of another service
/// than the request's (`s3:*` for `dynamodb:PutItem`).
fn other_service(p: &PolicyTrace, s: &StatementTrace) -> bool {
    if s.stopped_at != Some("Action") {
        return false;
    }
    let view = p.element(s, &s.action);
    let Some(crate::trace::Compared {
        against: crate::trace::Against::Action { value, patterns },
        ..
    }) = view.compared
    else {
        return false;
    };
    let service = value.split(':').next().unwrap_or(value);
    !patterns.is_empty()
        && patterns.iter().all(|pat| match pat.text.split_once(':') {
            Some((svc, _)) => !svc.contains(['*', '?']) && !svc.eq_ignore_ascii_case(service),
            None => false,
        })
}

/// Which statements that do not apply a step shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Misses {
    /// The Deny statements under the deny check: those that matched the action, each
    /// with what did not match; those for other actions named in one line.
    Deny,
    /// The Allow statements of a layer that lacked an Allow: the ones that came
    /// closest, each with what did not match; those for other services named in one
    /// line, unless no other statement came closer and they all fit.
    Allow,
}

/// The statements of `layers` that do not apply (and pass `which`), as `mode` says,
/// at most [`NEAR_MISSES`] of them with what did not match, closest first.
fn near_misses(
    out: &mut String,
    layers: &[&LayerTrace],
    which: impl Fn(&StatementTrace) -> bool,
    mode: Misses,
) {
    let pad = " ".repeat(EVIDENCE);
    let candidates: Vec<(&PolicyTrace, &StatementTrace)> = layers
        .iter()
        .flat_map(|l| l.policies.iter())
        .filter(|p| p.evaluated)
        .flat_map(|p| p.statements.iter().map(move |s| (p, s)))
        .filter(|(_, s)| !s.applies && which(s))
        .collect();
    let aside = |p: &PolicyTrace, s: &StatementTrace| match mode {
        Misses::Deny => progress(s) == 0,
        Misses::Allow => other_service(p, s),
    };
    let aside_count = candidates.iter().filter(|(p, s)| aside(p, s)).count();
    let close_count = candidates.len() - aside_count;
    let all_shown = mode == Misses::Allow && close_count == 0 && aside_count <= NEAR_MISSES;
    let (elsewhere, close): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .partition(|(p, s)| !all_shown && aside(p, s));
    // The closest first; shown in the policies' order.
    let mut ranked: Vec<usize> = (0..close.len()).collect();
    ranked.sort_by_key(|&i| std::cmp::Reverse(close.get(i).map_or(0, |(_, s)| progress(s))));
    let mut kept: Vec<usize> = ranked.into_iter().take(NEAR_MISSES).collect();
    kept.sort_unstable();
    let mut i = 0;
    while let Some(&at) = kept.get(i) {
        let Some((p, _)) = close.get(at) else { break };
        // This policy's statements among those kept.
        let mine: Vec<&StatementTrace> = kept
            .iter()
            .skip(i)
            .filter_map(|&k| close.get(k))
            .take_while(|(q, _)| std::ptr::eq(*q, *p))
            .map(|(_, s)| *s)
            .collect();
        i += mine.len().max(1);
        if let [s] = mine.as_slice() {
            let _ = writeln!(
                out,
                "{pad}{}, statement {}: does not apply",
                policy_words(p),
                statement_words(p, s)
            );
        } else {
            let _ = writeln!(out, "{pad}{}:", policy_words(p));
        }
        for s in &mine {
            let mut inner = EVIDENCE + 2;
            if mine.len() > 1 {
                let _ = writeln!(
                    out,
                    "{}statement {}: does not apply",
                    " ".repeat(inner),
                    statement_words(p, s)
                );
                inner += 2;
            }
            for e in elements(s).filter(|e| !e.matched) {
                element(out, p.element(s, e), inner, true);
            }
            for c in s.conditions.iter().filter(|c| !c.matched) {
                condition(out, c, inner);
            }
        }
    }
    if close.len() > kept.len() {
        let n = close.len() - kept.len();
        let _ = writeln!(
            out,
            "{pad}and {n} more statement{} that do{} not apply (--full shows them)",
            if n == 1 { "" } else { "s" },
            if n == 1 { "es" } else { "" }
        );
    }
    if !elsewhere.is_empty() {
        let mut named: Vec<String> = Vec::new();
        let mut services: Vec<String> = Vec::new();
        let mut j = 0;
        while let Some((p, _)) = elsewhere.get(j) {
            let mine: Vec<&StatementTrace> = elsewhere
                .iter()
                .skip(j)
                .take_while(|(q, _)| std::ptr::eq(*q, *p))
                .map(|(_, s)| *s)
                .collect();
            j += mine.len().max(1);
            if mode == Misses::Deny {
                // Each Deny with what it is for: "`no-deletes` statement 1 (`s3:DeleteObject`)".
                for s in &mine {
                    named.push(format!(
                        "`{}` statement {} ({})",
                        p.name,
                        s.index + 1,
                        listed_actions(p, s)
                    ));
                }
                continue;
            }
            let ns: Vec<usize> = mine.iter().map(|s| s.index + 1).collect();
            let which = if ns.len() == 1 {
                "statement"
            } else {
                "statements"
            };
            named.push(format!("`{}` {which} {}", p.name, numbers(&ns)));
            for s in &mine {
                for svc in action_services(p, s) {
                    if !services.contains(&svc) {
                        services.push(svc);
                    }
                }
            }
        }
        let what = match mode {
            Misses::Deny => "for other actions".to_string(),
            Misses::Allow => format!("for other services ({})", services.join(", ")),
        };
        let _ = writeln!(out, "{pad}{what}: {}", named.join(", "));
    }
}

/// "`s3:DeleteObject`", "NotAction `s3:*`", "`a`, `b` and 3 more": what a statement's
/// Action or NotAction lists, its first two patterns.
fn listed_actions(p: &PolicyTrace, s: &StatementTrace) -> String {
    let view = p.element(s, &s.action);
    let Some(c) = view.compared else {
        return s.action.element.to_string();
    };
    let mut shown: Vec<String> = c
        .against
        .patterns()
        .take(2)
        .map(|(p, _)| format!("`{p}`"))
        .collect();
    if c.against.len() > 2 {
        shown.push(format!("{} more", c.against.len() - 2));
    }
    let list = names_list_plain(&shown);
    if s.action.element == "NotAction" {
        format!("NotAction {list}")
    } else {
        list
    }
}

/// "a", "a and b", "a, b and c".
fn names_list_plain(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// The services (lowercase) of the actions a statement lists.
fn action_services(p: &PolicyTrace, s: &StatementTrace) -> Vec<String> {
    let view = p.element(s, &s.action);
    let mut out: Vec<String> = Vec::new();
    if let Some(c) = view.compared {
        for (pattern, _) in c.against.patterns() {
            let svc = pattern
                .split_once(':')
                .map_or(pattern, |(s, _)| s)
                .to_ascii_lowercase();
            if !out.contains(&svc) {
                out.push(svc);
            }
        }
    }
    out
}

/// The context keys (lowercase) the trace's conditions and policy variables read.
fn keys_read(t: &Trace) -> Vec<String> {
    let mut keys: Vec<String> = t
        .missing_keys
        .iter()
        .map(|m| m.key.to_ascii_lowercase())
        .collect();
    for l in &t.layers {
        for p in &l.policies {
            for st in &p.statements {
                for c in &st.conditions {
                    keys.push(c.key.to_ascii_lowercase());
                    keys.extend(
                        c.substitutions
                            .iter()
                            .map(|s| s.variable.to_ascii_lowercase()),
                    );
                }
                let elements = std::iter::once(&st.action)
                    .chain(&st.resource)
                    .chain(st.principal.as_deref());
                for e in elements {
                    keys.extend(
                        e.substitutions()
                            .iter()
                            .map(|s| s.variable.to_ascii_lowercase()),
                    );
                }
            }
        }
    }
    keys
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
mod tests {
    use super::*;
    use crate::casefile::read_cases;

    const EVERYTHING: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    fn trace(scps: &str) -> Trace {
        let text = format!(
            r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
            "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}],
            "scps":{scps},
            "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{{"aws:SourceIp":"192.0.2.1","aws:RequestedRegion":"eu-west-1"}}}}}}"#
        );
        let case = read_cases(&text).unwrap().remove(0).case;
        crate::decide(&case, true).trace.unwrap()
    }

    #[test]
    fn levels_that_allow_everything_fold_into_a_line() {
        let lock = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;
        let t = trace(&format!(
            "[[{EVERYTHING}],[{EVERYTHING},{lock}],[{EVERYTHING}]]"
        ));
        let folded = text(&t);
        assert!(
            folded.contains("[ok  ] SCP levels 1–3: `SCP 1.1`, `SCP 2.1` and `SCP 3.1` allow everything at each level"),
            "{folded}"
        );
        // The region lock at level 2 is named under the deny check, with the condition
        // that kept it off; the policies that allow everything are not listed.
        assert!(
            folded.contains("`SCP 2.2`, statement 1 (Deny, line 3): does not apply\n         [no ] Condition StringNotEquals aws:RequestedRegion"),
            "{folded}"
        );
        assert!(!folded.contains("policy SCP 1.1"), "{folded}");
        assert!(folded.contains("Not in play: "), "{folded}");
        // The key the request gave stays; the derived ones no condition read are counted.
        assert!(folded.contains("aws:SourceIp = 192.0.2.1"), "{folded}");
        assert!(folded.contains("more derived key"), "{folded}");
        let full = text_with(
            &t,
            Options {
                full: true,
                ..Options::default()
            },
        );
        assert!(!full.contains("allows everything"), "{full}");
        assert!(!full.contains("Not in play"), "{full}");
        assert!(
            folded.lines().count() + 10 < full.lines().count(),
            "{folded}\n{full}"
        );
        // A policy that allows only some actions is never folded.
        let some = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        let t = trace(&format!("[[{some}]]"));
        assert!(!text(&t).contains("allows everything"), "{}", text(&t));
    }

    #[test]
    fn an_identity_policy_that_allows_everything_is_shown() {
        let text = format!(
            r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
            "identity_policies":[{EVERYTHING}],
            "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
        );
        let case = read_cases(&text).unwrap().remove(0).case;
        let t = crate::decide(&case, true).trace.unwrap();
        let out = super::text(&t);
        assert!(
            out.contains("[yes] Action: `*` matches the action"),
            "{out}"
        );
    }

    fn case(text: &str) -> Trace {
        let case = read_cases(text).unwrap().remove(0).case;
        crate::decide(&case, true).trace.unwrap()
    }

    /// A layer that lacked an Allow shows, under its step, the statements that came
    /// closest with what did not match, and names those for other services in a line.
    #[test]
    fn a_layer_without_an_allow_shows_its_near_misses() {
        let t = case(
            r#"{"name":"t","principal":{"arn":"arn:aws:iam::111122223333:user/alice"},
            "identity_policies":[
              {"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"},
                {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"},
                {"Effect":"Allow","Action":"ec2:*","Resource":"*"},
                {"Effect":"Allow","Action":["sqs:SendMessage","sns:Publish"],"Resource":"*"}]}],
            "request":{"action":"s3:PutObject","resource":"arn:aws:s3:::reports/q1.csv"}}"#,
        );
        let out = text(&t);
        let steps = out.split("Steps\n").nth(1).unwrap();
        assert!(
            steps.contains(
                "[--  ] Identity-based policies: no identity-based policy allows the action"
            ),
            "{out}"
        );
        assert!(
            steps.contains("`identity policy 1`:\n         statement 1 (Allow, line 4): does not apply\n           [no ] Action: "),
            "{out}"
        );
        assert!(
            steps.contains("closest: `s3:GetObject` — the verb differs"),
            "{out}"
        );
        assert!(
            steps.contains("[no ] Resource: none of the listed resources matches `arn:aws:s3:::reports/q1.csv`"),
            "{out}"
        );
        assert!(
            steps
                .contains("for other services (ec2, sqs, sns): `identity policy 1` statements 3–4"),
            "{out}"
        );
        // The statements that do not apply are named once, in the step that needs them,
        // and no layer section repeats them.
        assert_eq!(
            out.matches("statement 2 (Allow, line 5)").count(),
            1,
            "{out}"
        );
        assert!(!out.contains("\nIdentity-based policies: "), "{out}");
    }

    /// A user allowed `s3:*` by its first policy, with Deny `statements` in its second,
    /// asking for `action` on an object; `more` adds fields to the case.
    fn s3_user_with_denies(statements: &str, more: &str, action: &str) -> Trace {
        case(&format!(
            r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
            "identity_policies":[
              {{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}},
              {{"Version":"2012-10-17","Statement":[
                {statements}]}}],
            {more}
            "request":{{"action":"{action}","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
        ))
    }

    /// An explicit Deny shows the Deny statement that matched; the layers it made
    /// unnecessary are named with their verdicts in one line.
    #[test]
    fn an_explicit_deny_names_what_it_overrode() {
        let t = s3_user_with_denies(
            r#"{"Sid":"NoDeletes","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},
                {"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"}"#,
            r#""resource_policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]},"#,
            "s3:DeleteObject",
        );
        let out = text(&t);
        assert!(out.contains("[DENY] Explicit deny check: `identity policy 2`, statement \"NoDeletes\" denies the request"), "{out}");
        // The step names the statement: its elements follow without a heading.
        assert!(
            out.contains("  1. [DENY] Explicit deny check: `identity policy 2`, statement \"NoDeletes\" denies the request; an explicit Deny overrides every Allow\n       [yes] Action: `s3:DeleteObject` matches the action\n       [yes] Resource: `*` matches the resource\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "Not needed for the decision (--full shows them): Resource-based policy: allows\n"
            ),
            "{out}"
        );
        // Without the Deny, the check lists it among the Denys for other actions.
        let t = s3_user_with_denies(
            r#"{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},
                {"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"}"#,
            "",
            "s3:PutObject",
        );
        let out = text(&t);
        assert!(
            out.contains("for other actions: `identity policy 2` statement 1 (`s3:DeleteObject`)"),
            "{out}"
        );
        // A Deny that matched the action but not the resource is shown with the miss.
        assert!(
            out.contains("`identity policy 2`, statement 2 (Deny, line 6): does not apply\n         [no ] Resource: "),
            "{out}"
        );
        assert!(!out.contains("Not needed for the decision"), "{out}");
    }

    /// The scenario report says the authentication and the decision above the trace:
    /// the folded trace does not repeat them.
    #[test]
    fn a_report_trace_leaves_out_what_the_report_says() {
        let t = case(
            r#"{"name":"t","principal":{"arn":"arn:aws:iam::111122223333:user/alice"},
            "identity_policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}],
            "request":{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{"aws:SourceIp":"192.0.2.1"}}}"#,
        );
        let out = text_with(
            &t,
            Options {
                omit_header: true,
                ..Options::default()
            },
        );
        assert!(!out.contains("Decision:"), "{out}");
        assert!(out.starts_with("Resource account: 111122223333 (same account as the caller)\nContext: aws:SourceIp = 192.0.2.1; "), "{out}");
    }
}
