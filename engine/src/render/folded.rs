//! The folded form of the text trace (the default): each step in AWS's order with what
//! decided it beneath it, near misses for a layer that lacked an Allow, and a line each
//! for what the decision did not need.

use super::*;

/// The check of the step that looks for a matching Deny in every policy.
const DENY_CHECK: &str = "Explicit deny check";
/// Where the statements under a step start.
const EVIDENCE: usize = 7;
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
pub(super) fn folded_text(t: &Trace, options: Options) -> String {
    let mut out = String::new();
    let r = &t.request;
    header(&mut out, t, options);
    // The context: the keys the request gave and those a condition or a policy
    // variable read; the other derived keys are counted.
    let read = keys_read(t);
    let shown: Vec<String> = r
        .context
        .iter()
        .filter(|c| {
            c.source != crate::context::ValueSource::Derived || read.iter().any(|k| *k == c.key_lc)
        })
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
        request_lines(&mut out, t);
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
