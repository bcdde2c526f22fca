//! The requests list: each request with its decision and, where the scenario expects
//! something, whether it came out so. STS requests show the session they made, and the
//! requests made with it hang below them as a chain.

use crate::results::Evaluation;
use std::rc::Rc;
use yew::prelude::*;

use crate::words::{decision_class, decision_label};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The evaluation to list; when the document does not load, the last one that did
    /// (its decisions then shown as pending).
    pub eval: Rc<Evaluation>,
    pub pending: bool,
    /// Why the decisions are pending, when they are.
    pub pending_note: Option<String>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

/// A mark for a request the action catalog has something to say about (the warnings
/// themselves are beside the decision).
fn warned(w: &[iam_engine::reqcheck::RequestWarning]) -> Html {
    if w.is_empty() {
        return html! {};
    }
    let title = w
        .iter()
        .map(|x| x.message.replace('`', ""))
        .collect::<Vec<_>>()
        .join("\n");
    html! {
        <span class="req-warn" title={title.clone()} aria-label={format!("Warning: {title}")}>{ "⚠" }</span>
    }
}

#[function_component(Requests)]
pub fn requests(p: &Props) -> Html {
    let names: Vec<String> = p.eval.outcomes.iter().map(|o| o.name.clone()).collect();
    let onkeydown = {
        let on_select = p.on_select.clone();
        let selected = p.selected.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = selected
                .as_deref()
                .and_then(|s| names.iter().position(|n| n == s))
                .unwrap_or(0);
            let to = match e.key().as_str() {
                "ArrowDown" | "j" => (at + 1).min(names.len().saturating_sub(1)),
                "ArrowUp" | "k" => at.saturating_sub(1),
                "Home" => 0,
                "End" => names.len().saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            if let Some(n) = names.get(to) {
                on_select.emit(n.clone());
                focus_request(to);
            }
        })
    };
    let (met, unmet) = p.eval.met_unmet();
    html! {
        <section class="requests" aria-labelledby="requests-title">
            <div class="section-head">
                <h2 id="requests-title">{ "Requests" }</h2>
                if met + unmet > 0 && !p.pending {
                    <span class={classes!("tally", (unmet > 0).then_some("bad"))}>
                        { format!("{met} of {} as expected", met + unmet) }
                    </span>
                }
            </div>
            if let Some(note) = &p.pending_note {
                <p class="hint pending-note" role="status">{ note }</p>
            }
            if p.eval.outcomes.is_empty() && p.eval.undecided.is_empty() && !p.pending {
                <p class="hint">{ "This scenario makes no requests yet: add one with the forms (Add: Request), or under \"requests\" in the document." }</p>
            }
            <ol id="requests" class="request-list" role="listbox" aria-label="Requests of the scenario" {onkeydown}>
                { for p.eval.outcomes.iter().enumerate().map(|(i, o)| {
                    let selected = p.selected.as_deref() == Some(o.name.as_str());
                    let link = p.eval.link(&o.name);
                    let via = link.and_then(|l| l.via_session.clone().or_else(|| l.via_key.clone()));
                    let decision = if p.pending { String::new() } else { o.result.clone() };
                    let onclick = {
                        let n = o.name.clone();
                        p.on_select.reform(move |_: MouseEvent| n.clone())
                    };
                    let met = o.met.map(|m| if m { "true" } else { "false" });
                    html! {
                        <li key={o.name.clone()}
                            id={format!("req-{i}")}
                            class={classes!("request", via.is_some().then_some("chained"), selected.then_some("selected"))}
                            data-request={o.name.clone()}
                            data-decision={decision.clone()}
                            data-met={met}
                            role="option"
                            aria-selected={if selected { "true" } else { "false" }}
                            tabindex={if selected { "0" } else { "-1" }}
                            {onclick}>
                            <div class="req-top">
                                <span class={classes!("chip", decision_class(&decision))}>{ decision_label(&decision) }</span>
                                <span class="req-name">{ &o.name }</span>
                                { expectation(o.expected.as_deref(), o.met, p.pending) }
                                { warned(&p.eval.warnings_of(&o.name)) }
                            </div>
                            <div class="req-what">
                                <code class="action">{ &o.action }</code>
                                <span class="on">{ " on " }</span>
                                <code class="arn">{ &o.resource }</code>
                            </div>
                            <div class="req-who">{ super::rich(&o.who) }</div>
                            if let Some(v) = via {
                                <div class="chain-note">{ format!("↳ uses the credentials made by \u{201c}{v}\u{201d}") }</div>
                            }
                            if let Some(s) = &o.session {
                                <div class="chain-note made">
                                    { format!("→ made a {} ", if s.kind.ends_with("session") { s.kind.clone() } else { format!("{} session", s.kind) }) }
                                    <code class="arn">{ &s.arn }</code>
                                    { format!(" (until {})", s.expires) }
                                </div>
                            }
                            if let Some(k) = &o.created_access_key {
                                <div class="chain-note made">
                                    { format!("→ made access key {} for {} (its secret is shown once, in the trace)", k.access_key_id, k.user) }
                                </div>
                            }
                        </li>
                    }
                }) }
                { for p.eval.undecided.iter().filter(|_| p.eval.outcomes.is_empty()).map(|(name, action, resource)| html! {
                    <li key={name.clone()} class="request" data-request={name.clone()} data-decision=""
                        role="option" aria-selected="false" aria-disabled="true">
                        <div class="req-top">
                            <span class="chip d-pending">{ decision_label("") }</span>
                            <span class="req-name">{ name }</span>
                        </div>
                        <div class="req-what">
                            <code class="action">{ action }</code>
                            <span class="on">{ " on " }</span>
                            <code class="arn">{ resource }</code>
                        </div>
                    </li>
                }) }
            </ol>
            if !p.eval.outcomes.is_empty() {
                <p class="hint req-how">{ crate::words::REQUESTS_HOW }</p>
            }
        </section>
    }
}

fn expectation(expected: Option<&str>, met: Option<bool>, pending: bool) -> Html {
    let Some(e) = expected else { return html! {} };
    if pending {
        return html! { <span class="met">{ format!("expects {}", decision_label(e)) }</span> };
    }
    match met {
        Some(true) => {
            html! { <span class="met ok" title={format!("The scenario expects {e}")}>{ "✓ as expected" }</span> }
        }
        _ => {
            html! { <span class="met bad" title={format!("The scenario expects {e}")}>{ format!("✗ expected {}", decision_label(e)) }</span> }
        }
    }
}

/// Focuses the request at position `i` of the list (ids are positions: names may
/// share their id-safe form).
fn focus_request(i: usize) {
    use wasm_bindgen::JsCast;
    let id = format!("req-{i}");
    if let Some(el) = gloo::utils::document()
        .get_element_by_id(&id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
