//! The scenario document as JSON, and its problems listed with where they are. Each
//! problem, and each statement clicked in the trace, selects its span here.

use crate::text::{line_of_byte, utf16_of_byte};
use iam_engine::diag::Diagnostic;
use iam_engine::validate::{Family, Finding};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The editor's line height in pixels (the CSS sets the same).
const LINE_PX: f64 = 20.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub problems: Rc<Vec<Diagnostic>>,
    pub findings: super::Same<Vec<Finding>>,
    pub loaded: bool,
    /// A byte span to select, with a sequence number so the same span selects again.
    pub highlight: Option<(usize, usize, u64)>,
    pub on_edit: Callback<String>,
    pub on_highlight: Callback<(usize, usize)>,
}

#[function_component(Editor)]
pub fn editor(p: &Props) -> Html {
    let area = use_node_ref();
    {
        let area = area.clone();
        let text = p.text.clone();
        use_effect_with(p.highlight, move |h| {
            if let (Some((start, end, _)), Some(el)) = (h, area.cast::<HtmlTextAreaElement>()) {
                select(&el, &text, *start, *end);
            }
        });
    }
    let oninput = p.on_edit.reform(|e: InputEvent| {
        e.target()
            .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default()
    });
    let errors = p.problems.iter().filter(|d| d.is_error()).count();
    let warnings = p.problems.len() - errors;
    html! {
        <section class="editor" aria-labelledby="editor-title">
            <div class="section-head">
                <h2 id="editor-title">{ "The scenario document" }</h2>
                <span class="hint">{ "JSON · every edit re-decides at once · Ctrl/⌘+Enter runs again" }</span>
            </div>
            <textarea id="scenario-json" ref={area} spellcheck="false" autocomplete="off"
                      autocapitalize="off" wrap="off" aria-label="Scenario document (JSON)"
                      aria-describedby="problems-title"
                      value={p.text.to_string()} {oninput} />
            <div class="problems-box">
                <h3 id="problems-title">
                    { "Problems" }
                    <span class={classes!("tally", (errors > 0).then_some("bad"))}>
                        { match (errors, warnings) {
                            (0, 0) => "none".to_string(),
                            (e, 0) => format!("{e} error{}", plural(e)),
                            (0, w) => format!("{w} warning{}", plural(w)),
                            (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
                        } }
                    </span>
                </h3>
                if !p.loaded {
                    <p class="hint">{ "The document does not load, so nothing is decided until these are fixed." }</p>
                }
                <ul id="problems">
                    { for p.problems.iter().map(|d| {
                        let (s, e) = (d.location.start as usize, d.location.end as usize);
                        let onclick = p.on_highlight.reform(move |_: MouseEvent| (s, e));
                        html! {
                            <li class={if d.is_error() { "error" } else { "warning" }}>
                                <button type="button" class="link at" {onclick} title="Select it in the document">
                                    { format!("{}:{}", d.location.line, d.location.column) }
                                </button>
                                <span class="sev">{ if d.is_error() { "error" } else { "warning" } }</span>
                                <span class="msg">{ &d.message }</span>
                                if !d.path.is_empty() { <code class="path">{ &d.path }</code> }
                                if let Some(h) = &d.help { <span class="help">{ h }</span> }
                            </li>
                        }
                    }) }
                </ul>
            </div>
            <div class="problems-box">
                <h3 id="validation-title">
                    { "Validation" }
                    <span class="tally">{ if p.findings.is_empty() { "no findings".to_string() } else { format!("{} finding{}", p.findings.len(), plural(p.findings.len())) } }</span>
                </h3>
                <p class="hint">{ "The engine's checks of the scenario's own policies, in Access Analyzer's families (AWS managed policies are AWS's own and not checked)." }</p>
                <ul id="validation" class="findings">
                    { for p.findings.iter().map(|f| {
                        let (s, e) = (f.location.start as usize, f.location.end as usize);
                        let onclick = p.on_highlight.reform(move |_: MouseEvent| (s, e));
                        let fam = match f.family {
                            Family::Error => "error",
                            Family::SecurityWarning => "security",
                            Family::Warning => "warning",
                            Family::Suggestion => "suggestion",
                        };
                        html! {
                            <li class={fam} data-code={f.code.clone()}>
                                <button type="button" class="link at" {onclick} title="Select it in the document">
                                    { format!("{}:{}", f.location.line, f.location.column) }
                                </button>
                                <span class="sev">{ f.family.name().replace('_', " ") }</span>
                                <span class="msg">{ super::rich(&f.message) }</span>
                                if f.code.starts_with("EXTERNAL_ACCESS") {
                                    <span class="help">{ "Expected when the scenario shares access on purpose (a cross-account role, a bucket shared with a partner): it tells you who outside the account can get in." }</span>
                                }
                                <code class="path">{ if f.policy.is_empty() { f.code.clone() } else { format!("{} · {}", f.policy, f.code) } }</code>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </section>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Selects bytes `start..end` of `text` in the text area and scrolls them into view.
fn select(el: &HtmlTextAreaElement, text: &str, start: usize, end: usize) {
    let (a, b) = (
        utf16_of_byte(text, start),
        utf16_of_byte(text, end.max(start)),
    );
    let _ = el.focus();
    let _ = el.set_selection_range(a as u32, b as u32);
    let line = line_of_byte(text, start) as f64;
    el.set_scroll_top(((line - 4.0) * LINE_PX).max(0.0) as i32);
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}
