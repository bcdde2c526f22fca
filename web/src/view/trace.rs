//! The decision, drawn: the story told step by step, then the layers as gates in AWS's
//! order, each with the tree of its policies, statements and element checks.

use crate::gates::{badge, gates, is_blocking, verdict_label, verdict_name, Gate};
use crate::narrate::Line;
use crate::state::StepMove;
use crate::words::{decision_class, decision_icon, decision_label, gate_icon};
use iam_engine::condition::ConditionTrace;
use iam_engine::policy::Effect;
use iam_engine::trace::{ElementTrace, PolicyTrace, StatementTrace, Trace};
use iam_engine::world::RequestOutcome;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub outcome: Option<super::Same<RequestOutcome>>,
    /// The request was decided from an older revision of the document (it has errors now).
    pub pending: bool,
    pub story: Rc<Vec<Line>>,
    pub step: usize,
    /// The scenario document, to tell whether a statement's span is in it.
    pub text: Rc<str>,
    pub on_step: Callback<StepMove>,
    pub on_highlight: Callback<(usize, usize)>,
    /// What the action catalog says about the request itself.
    pub request_warnings: super::Same<Vec<iam_engine::reqcheck::RequestWarning>>,
}

#[function_component(TracePanel)]
pub fn trace_panel(p: &Props) -> Html {
    let Some(o) = &p.outcome else {
        return html! {
            <section class="trace-panel" aria-labelledby="decision-title">
                <h2 id="decision-title">{ "Decision" }</h2>
                <div id="decision" data-decision="" class="decision d-pending">
                    <p>{ "Pick a request to see how AWS decides it." }</p>
                </div>
            </section>
        };
    };
    if p.pending {
        return html! {
            <section class="trace-panel" aria-labelledby="decision-title">
                <h2 id="decision-title">{ "Decision" }</h2>
                <div id="decision" data-decision="" class="decision d-pending not-decided" role="status">
                    <p><strong>{ "Not decided yet." }</strong></p>
                    <p>{ format!("\u{201c}{}\u{201d} waits until the scenario can be read again: see Problems for what to fix, or the note above the requests.", o.name) }</p>
                </div>
            </section>
        };
    }
    let decision = o.result.clone();
    let current_gate = p.story.get(p.step).and_then(|l| l.gate.clone());
    html! {
        <section class="trace-panel" aria-labelledby="decision-title">
            <h2 id="decision-title" class="visually-hidden">{ "Decision" }</h2>
            <div id="decision" data-decision={decision.clone()} class={classes!("decision", decision_class(&decision))}
                 aria-live="polite">
                <div class="verdict">
                    <span class="verdict-icon" aria-hidden="true">{ decision_icon(&decision) }</span>
                    <span class="verdict-word">{ decision_label(&decision) }</span>
                </div>
                <p class="req-line"><strong>{ &o.name }</strong>{ ": " }<code>{ &o.action }</code>{ " on " }<code class="arn">{ &o.resource }</code></p>
                if let Some(t) = &o.trace {
                    <p class="summary">{ super::rich(&t.summary) }</p>
                } else if let Some(e) = &o.error {
                    <p class="summary">{ e }</p>
                } else {
                    <p class="summary">{ &o.authentication.detail }</p>
                }
                if let Some(t) = o.trace.as_ref().filter(|t| !t.missing_keys.is_empty()) {
                    // When the scenario expects this decision, the missing key is most
                    // likely the point: a quiet note, not a warning.
                    <p class={classes!("missing-keys", (o.met == Some(true)).then_some("quiet"))} role="note">
                        { if o.met == Some(true) { "ℹ The policies test " } else { "⚠ The policies test " } }
                        { for t.missing_keys.iter().enumerate().map(|(i, m)| html! {
                            <>{ if i > 0 { ", " } else { "" } }<code>{ &m.key }</code></>
                        }) }
                        { if o.met == Some(true) {
                            ", which this request does not carry, so a condition on it does not hold: the decision is the one the scenario expects."
                        } else {
                            ", which this request does not carry: a condition on a missing key does not hold (unless it uses ...IfExists or Null). If the request should carry it, add it under \"context\" (the request form has a field for it)."
                        } }
                    </p>
                }
                // How the scenario was read for this request (a bucket's owner taken to be
                // the caller's account, an object read through its bucket...): in view,
                // since a guess can change the decision.
                if !o.notes.is_empty() {
                    <ul class="notes" role="note">{ for o.notes.iter().map(|n| html! { <li>{ "ℹ " }{ super::rich(n) }</li> }) }</ul>
                }
                if !p.request_warnings.0.is_empty() {
                    <div class="request-warnings" role="note">
                        <p><strong>{ "⚠ About the request itself" }</strong>{ " (checked against AWS's action catalog: the decision may be right for a request that is not what you meant)" }</p>
                        <ul>
                            { for p.request_warnings.0.iter().map(|w| html! {
                                <li data-code={w.code}>{ super::rich(&w.message) }</li>
                            }) }
                        </ul>
                    </div>
                }
                if let (Some(exp), Some(met)) = (&o.expected, o.met) {
                    <p class={classes!("expect", if met { "ok" } else { "bad" })}>
                        { if met { format!("✓ The scenario expects {}: met.", decision_label(exp)) }
                          else { format!("✗ The scenario expects {}, but AWS would decide {}.", decision_label(exp), decision_label(&o.result)) } }
                    </p>
                }
            </div>
            <Stepper story={p.story.clone()} step={p.step} on_step={p.on_step.clone()} />
            // An Invalid request is never evaluated: no layers to draw, only its errors.
            if let Some(t) = o.trace.as_ref().filter(|t| t.decision != iam_engine::Decision::Invalid) {
                <Gates outcome={o.clone()} current={current_gate} text={p.text.clone()} on_highlight={p.on_highlight.clone()} />
                { facts(o, t) }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepperProps {
    story: Rc<Vec<Line>>,
    step: usize,
    on_step: Callback<StepMove>,
}

#[function_component(Stepper)]
fn stepper(p: &StepperProps) -> Html {
    let last = p.story.len().saturating_sub(1);
    let go = |m: StepMove| p.on_step.reform(move |_: MouseEvent| m);
    let onkeydown = {
        let on_step = p.on_step.clone();
        Callback::from(move |e: KeyboardEvent| {
            let m = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" | "n" => StepMove::Next,
                "ArrowLeft" | "ArrowUp" | "p" => StepMove::Prev,
                "Home" => StepMove::First,
                "End" => StepMove::Last,
                _ => return,
            };
            e.prevent_default();
            on_step.emit(m);
        })
    };
    html! {
        <section class="story" aria-labelledby="story-title">
            <div class="section-head">
                <h3 id="story-title">{ "How AWS decides, step by step" }</h3>
                <div class="step-buttons" role="group" aria-label="Step through the decision">
                    <button id="step-first" type="button" class="ghost" onclick={go(StepMove::First)} disabled={p.step == 0} title="From the start (Home)">{ "« Start" }</button>
                    <button id="step-prev" type="button" onclick={go(StepMove::Prev)} disabled={p.step == 0} title="Previous step (←)">{ "◀ Previous" }</button>
                    <span class="step-count" aria-live="polite">{ format!("{} / {}", (p.step + 1).min(p.story.len()), p.story.len()) }</span>
                    <button id="step-next" type="button" onclick={go(StepMove::Next)} disabled={p.step >= last} title="Next step (→)">{ "Next ▶" }</button>
                    <button id="step-last" type="button" class="ghost" onclick={go(StepMove::Last)} disabled={p.step >= last} title="The whole story (End)">{ "All »" }</button>
                </div>
            </div>
            <ol id="narration" class="narration" tabindex="0" aria-label="The decision, one rule at a time (arrow keys step)" {onkeydown}>
                { for p.story.iter().enumerate().map(|(i, l)| {
                    let state = if i == p.step { "current" } else if i < p.step { "told" } else { "untold" };
                    let onclick = p.on_step.reform(move |_: MouseEvent| StepMove::To(i));
                    html! {
                        <li key={i} class={classes!("line", l.tone.class(), state)} aria-current={(i == p.step).then_some("step")} hidden={i > p.step} {onclick}>
                            { super::rich(&l.text) }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GatesProps {
    outcome: super::Same<RequestOutcome>,
    current: Option<String>,
    text: Rc<str>,
    on_highlight: Callback<(usize, usize)>,
}

#[function_component(Gates)]
fn gates_view(p: &GatesProps) -> Html {
    let Some(t) = &p.outcome.trace else {
        return html! {};
    };
    let gs = gates(t);
    let blocked_at = gs.iter().position(|g| is_blocking(t, g));
    html! {
        <section class="gates-box" aria-labelledby="gates-title">
            <h3 id="gates-title">{ "The layers, in AWS's order" }</h3>
            <p class="hint">{ "Every layer that applies must allow the request, and no Deny anywhere may match. Open a layer to see its policies and statements." }</p>
            <ol id="trace" class="gates">
                { for gs.iter().enumerate().map(|(i, g)| {
                    let blocking = blocked_at == Some(i);
                    let unreached = blocked_at.is_some_and(|b| i > b)
                        && t.decision != iam_engine::case::Decision::ExplicitDeny
                        && g.verdict != iam_engine::trace::Verdict::NotApplicable;
                    gate(g, blocking, unreached, p.current.as_deref() == Some(g.key().as_str()), &p.text, &p.on_highlight)
                }) }
            </ol>
        </section>
    }
}

fn gate(
    g: &Gate<'_>,
    blocking: bool,
    unreached: bool,
    current: bool,
    text: &str,
    hl: &Callback<(usize, usize)>,
) -> Html {
    let v = verdict_name(g.verdict);
    let open = blocking || current || matches!(g.verdict, iam_engine::trace::Verdict::Deny);
    let policies = g.trace.map(|l| l.policies.as_slice()).unwrap_or_default();
    html! {
        <li key={g.key()} class={classes!("gate", format!("v-{}", v.to_ascii_lowercase()), blocking.then_some("blocking"), unreached.then_some("unreached"), current.then_some("current"))}
            data-layer={g.layer.name()} data-level={g.level.map(|l| l.to_string())} data-verdict={v} data-gate={g.key()}>
            <details open={open}>
                <summary>
                    <span class="gate-mark" aria-hidden="true">{ gate_icon(v) }</span>
                    <span class="gate-title">{ &g.title }</span>
                    <span class={classes!("badge", format!("b-{}", v.to_ascii_lowercase()))}>{ badge(g) }</span>
                    if blocking { <span class="stops">{ "stops the request here" }</span> }
                    if unreached { <span class="stops muted">{ crate::words::UNREACHED }</span> }
                </summary>
                <p class="gate-note">{ super::rich(&g.note) }</p>
                <p class="gate-what">{ crate::words::what_it_is(g.layer) }</p>
                if !policies.is_empty() {
                    <ul class="policies">
                        { for policies.iter().map(|pt| policy(pt, open, text, hl)) }
                    </ul>
                }
            </details>
        </li>
    }
}

/// A policy of a gate; `expand` opens it and its statements (the gate that stopped the
/// request, or the one the story is at), so a learner sees why nothing matched.
fn policy(pt: &PolicyTrace, expand: bool, text: &str, hl: &Callback<(usize, usize)>) -> Html {
    let v = verdict_name(pt.verdict);
    let state = if pt.evaluated {
        verdict_label(pt.verdict)
    } else {
        "not evaluated: its layer does not apply"
    };
    html! {
        <li class={classes!("policy", (!pt.evaluated).then_some("broken"))}>
            <details open={expand || pt.statements.iter().any(|s| s.applies) || !pt.evaluated}>
                <summary>
                    <span class="policy-name">{ &pt.name }</span>
                    if let Some(o) = &pt.origin { <span class="origin">{ o }</span> }
                    <span class={classes!("badge", format!("b-{}", v.to_ascii_lowercase()))}>{ state }</span>
                </summary>
                if !pt.diagnostics.is_empty() {
                    <ul class="diags">
                        { for pt.diagnostics.iter().map(|d| html! {
                            <li class={if d.is_error() { "error" } else { "warning" }}>
                                { format!("line {}:{}: {}", d.location.line, d.location.column, d.message) }
                            </li>
                        }) }
                    </ul>
                }
                <ul class="statements">
                    { for pt.statements.iter().map(|s| statement(pt, s, expand, text, hl)) }
                </ul>
            </details>
        </li>
    }
}

/// Whether a statement's span points into the scenario document (a policy written
/// there), rather than into an AWS managed policy the user cannot see.
pub fn in_document(text: &str, start: usize, end: usize) -> bool {
    text.get(start..end)
        .is_some_and(|s| s.starts_with('{') && s.ends_with('}') && s.contains("Effect"))
}

fn statement(
    pt: &PolicyTrace,
    s: &StatementTrace,
    expand: bool,
    text: &str,
    hl: &Callback<(usize, usize)>,
) -> Html {
    let name = match &s.sid {
        Some(sid) if !sid.is_empty() => format!("Statement {} \u{201c}{sid}\u{201d}", s.index + 1),
        _ => format!("Statement {}", s.index + 1),
    };
    let effect = match s.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    let (start, end) = (s.location.start as usize, s.location.end as usize);
    let here = in_document(text, start, end);
    let show = hl.reform(move |e: MouseEvent| {
        e.prevent_default();
        (start, end)
    });
    let applies = if s.applies {
        "applies"
    } else {
        "does not apply"
    };
    html! {
        <li class={classes!("statement", if s.applies { "applies" } else { "skips" }, format!("e-{}", effect.to_ascii_lowercase()))}>
            <details open={s.applies || expand}>
                <summary>
                    <span class="st-name">{ name }</span>
                    <span class={classes!("effect", format!("e-{}", effect.to_ascii_lowercase()))}>{ effect }</span>
                    <span class="applies">{ applies }</span>
                    if here {
                        <button type="button" class="link show-in-doc" onclick={show} title="Select this statement in the document">
                            { "show in the editor" }
                        </button>
                    }
                </summary>
                <ul class="elements">
                    { element(pt, s, &s.action, text, hl) }
                    if let Some(r) = &s.resource { { element(pt, s, r, text, hl) } }
                    if let Some(pr) = &s.principal { { element(pt, s, pr, text, hl) } }
                    { for s.conditions.iter().map(condition) }
                    if let Some(at) = s.stopped_at {
                        <li class="stopped">{ format!("AWS stops at {at}: the rest of the statement is not checked.") }</li>
                    }
                </ul>
            </details>
        </li>
    }
}

/// How many of an element's patterns are listed before "and N more".
const TRIED: usize = 6;

/// One element check: what it compared, the patterns it tried and, on a miss, the
/// closest one and why it does not match (a click selects it in the document).
fn element(
    pt: &PolicyTrace,
    st: &StatementTrace,
    e: &ElementTrace,
    text: &str,
    hl: &Callback<(usize, usize)>,
) -> Html {
    let v = pt.element(st, e);
    let tried: Vec<String> = v
        .compared
        .map(|c| c.against.patterns().map(|(p, _)| p.to_string()).collect())
        .unwrap_or_default();
    let closest = v.closest();
    let more = tried.len().saturating_sub(TRIED);
    html! {
        <li class={classes!("element", if e.matched { "yes" } else { "no" })}>
            <span class="el-mark" aria-label={if e.matched { "matches" } else { "does not match" }}>{ if e.matched { "✓" } else { "✗" } }</span>
            <span class="el-name">{ e.element }</span>
            <span class="el-why">{ super::rich(&v.outcome()) }</span>
            if !e.matched && tried.len() > 1 {
                <span class="el-values">
                    { "tried " }
                    { for tried.iter().take(TRIED).enumerate().map(|(i, t)| html! {
                        <>{ if i > 0 { ", " } else { "" } }<code>{ t }</code></>
                    }) }
                    if more > 0 { { format!(" and {more} more") } }
                </span>
            }
            if let Some(c) = closest {
                <span class="el-values closest">
                    { "closest: " }
                    if in_pattern(text, c.location.start as usize, c.location.end as usize, c.pattern) {
                        <button type="button" class="link" title="Select this pattern in the document"
                                onclick={{ let (a, b) = (c.location.start as usize, c.location.end as usize); hl.reform(move |_: MouseEvent| (a, b)) }}>
                            <code>{ c.pattern }</code>
                        </button>
                    } else {
                        <code>{ c.pattern }</code>
                    }
                    { " — " }{ super::rich(&c.why) }
                </span>
            }
        </li>
    }
}

/// Whether a pattern's span points at it in the scenario document.
fn in_pattern(text: &str, start: usize, end: usize, pattern: &str) -> bool {
    text.get(start..end).is_some_and(|s| s.contains(pattern))
}

fn condition(c: &ConditionTrace) -> Html {
    let request = match &c.request_values {
        Some(v) if !v.is_empty() => format!("request: {}", v.join(", ")),
        Some(_) => "request: (empty)".to_string(),
        None => "the request has no value for this key".to_string(),
    };
    html! {
        <li class={classes!("element", "cond", if c.matched { "yes" } else { "no" })}>
            <span class="el-mark" aria-label={if c.matched { "holds" } else { "does not hold" }}>{ if c.matched { "✓" } else { "✗" } }</span>
            <span class="el-name">{ format!("Condition {} {}", c.operator, c.key) }</span>
            <span class="el-why">{ super::rich(&c.reason) }</span>
            <span class="el-values">{ format!("policy: {} · {request}", c.policy_values.join(", ")) }</span>
        </li>
    }
}

/// The request as the engine saw it: caller, context keys, and the keys the policies
/// test that the request lacks.
fn facts(o: &RequestOutcome, t: &Trace) -> Html {
    let r = &t.request;
    html! {
        <details class="facts">
            <summary>{ "The request as AWS sees it" }</summary>
            <dl>
                <dt>{ "Caller" }</dt><dd><code class="arn">{ r.principal.display() }</code>{ format!(" ({})", r.principal.kind.name()) }</dd>
                <dt>{ "Authentication" }</dt><dd>{ format!("{}: {}", o.authentication.method, o.authentication.detail) }</dd>
                <dt>{ "Action" }</dt><dd><code>{ &r.action }</code></dd>
                <dt>{ "Resource" }</dt><dd><code class="arn">{ &r.resource }</code>
                    { match (&r.resource_account, r.same_account) {
                        (Some(a), true) => format!(" (account {a}, the caller's own)"),
                        (Some(a), false) => format!(" (account {a}, another account than the caller's)"),
                        (None, _) => String::new(),
                    } }
                </dd>
                <dt>{ "When" }</dt><dd>{ &o.at }</dd>
            </dl>
            if !r.context.is_empty() {
                <table class="context">
                    <caption>{ "Context keys" }</caption>
                    <thead><tr><th scope="col">{ "Key" }</th><th scope="col">{ "Value" }</th></tr></thead>
                    <tbody>
                        { for r.context.iter().map(|c| html! {
                            <tr><td><code>{ &*c.key }</code></td><td>{ if c.multi { format!("[{}]", c.values.join(", ")) } else { c.values.join(", ") } }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if !t.missing_keys.is_empty() {
                <div class="missing">
                    <h4>{ "Keys the policies test but the request lacks" }</h4>
                    <ul>
                        { for t.missing_keys.iter().map(|m| html! {
                            <li><code>{ &m.key }</code>{ format!(" (tested by {})", m.used_by.join(", ")) }</li>
                        }) }
                    </ul>
                </div>
            }
        </details>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spans_in_the_document_are_told_apart_from_managed_ones() {
        let t = r#"{"a": {"Effect": "Allow"}}"#;
        assert!(super::in_document(t, 6, 25));
        assert!(!super::in_document(t, 0, 3));
        assert!(!super::in_document(t, 6, 900));
    }
}
