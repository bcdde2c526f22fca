//! The policy editor: one policy of the scenario at a time in a real code editor
//! (CodeMirror, loaded after the first decision is drawn), with the engine's problems
//! and validation findings underlined at their spans. An edit is put back into the
//! scenario document at the policy's place, so everything re-decides at once.

use crate::editor_js::{self, Handle, Mark};
use crate::policies::{self, Site};
use crate::text::utf16_of_byte;
use iam_engine::diag::Diagnostic;
use iam_engine::validate::{Family, Finding};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub revision: u64,
    pub sites: Rc<Vec<Site>>,
    pub policy: Option<String>,
    pub highlight: Option<(usize, usize, u64)>,
    pub problems: Rc<Vec<Diagnostic>>,
    pub findings: super::Same<Vec<Finding>>,
    pub on_open: Callback<String>,
    /// The document after an edit of the open policy, with that policy's new place.
    pub on_edit: Callback<(String, Site)>,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(String),
}

/// The problems of the document that fall in the policy, as editor marks.
fn marks(
    text: &str,
    site: &Site,
    shown: &str,
    problems: &[Diagnostic],
    findings: &[Finding],
) -> Vec<Mark> {
    let at = |b: usize| policies::to_shown(text, site, b).map(|x| utf16_of_byte(shown, x));
    let mut out = vec![];
    for d in problems {
        if let (Some(from), Some(to)) = (at(d.location.start as usize), at(d.location.end as usize))
        {
            let help = d
                .help
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            out.push(Mark {
                from,
                to,
                severity: if d.is_error() { "error" } else { "warning" },
                message: format!("{}{help}", d.message),
            });
        }
    }
    for f in findings {
        if let (Some(from), Some(to)) = (at(f.location.start as usize), at(f.location.end as usize))
        {
            out.push(Mark {
                from,
                to,
                severity: match f.family {
                    Family::Error => "error",
                    Family::SecurityWarning | Family::Warning => "warning",
                    Family::Suggestion => "info",
                },
                message: format!("{}: {}", f.family.name(), f.message),
            });
        }
    }
    out
}

/// Line and column (from 1, in characters) of a UTF-16 offset of `text`: where the
/// editor's own gutter puts it.
fn line_col(text: &str, at16: usize) -> (usize, usize) {
    let (mut line, mut col, mut units) = (1, 1, 0);
    for c in text.chars() {
        if units >= at16 {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// The ARNs the scenario itself names (its resources), first in the completions.
fn scenario_arns(text: &str) -> Vec<String> {
    let mut out = vec![];
    fn walk(items: &[crate::world::Item], out: &mut Vec<String>) {
        for i in items {
            if i.kind == "resource" {
                out.push(i.label.clone());
            }
            walk(&i.children, out);
        }
    }
    walk(&crate::world::tree(text), &mut out);
    out
}

/// What the editor's policy, now `text`, makes of the document. The next edit builds
/// on this one even if it comes before the page has redrawn.
fn edit(
    current: &RefCell<(Rc<str>, Option<Site>)>,
    on_edit: &Callback<(String, Site)>,
    text: &str,
) {
    let (doc, site) = current.borrow().clone();
    if let Some(site) = site {
        let (doc, site) = policies::splice_site(&doc, &site, text);
        *current.borrow_mut() = (Rc::from(doc.as_str()), Some(site.clone()));
        on_edit.emit((doc, site));
    }
}

#[function_component(PolicyEditor)]
pub fn policy_editor(p: &Props) -> Html {
    let site = p
        .policy
        .as_deref()
        .and_then(|id| p.sites.iter().find(|s| s.id == id))
        .or_else(|| p.sites.first())
        .cloned();
    let shown = site
        .as_ref()
        .map(|s| policies::show(&p.text, s))
        .unwrap_or_default();
    let host = use_node_ref();
    let handle: Rc<RefCell<Option<Handle>>> = use_mut_ref(|| None);
    let load = use_state(|| Load::Loading);
    // What an edit in the editor is spliced into: the latest document and policy.
    let current: Rc<RefCell<(Rc<str>, Option<Site>)>> = use_mut_ref(|| (p.text.clone(), None));
    *current.borrow_mut() = (p.text.clone(), site.clone());

    // Load the editor once, after the first render (the decisions are drawn by then).
    {
        let (host, handle, load, current, on_edit) = (
            host.clone(),
            handle.clone(),
            load.clone(),
            current.clone(),
            p.on_edit.clone(),
        );
        let shown = shown.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let made = async {
                    let module = editor_js::module().await?;
                    let parent = host
                        .cast::<web_sys::Element>()
                        .ok_or("the editor has no place on the page")?;
                    Handle::create(
                        &module,
                        &parent,
                        &shown,
                        "Policy (JSON)",
                        move |text: String| edit(&current, &on_edit, &text),
                    )
                }
                .await;
                match made {
                    Ok(h) => {
                        *handle.borrow_mut() = Some(h);
                        load.set(Load::Ready);
                    }
                    Err(e) => load.set(Load::Failed(e)),
                }
            });
        });
    }

    // Once the editor is there: what it completes (every action, condition key and
    // resource ARN form of the catalog, plus the scenario's own resources), fetched
    // from this site.
    {
        let handle = handle.clone();
        let text = p.text.clone();
        use_effect_with((*load).clone(), move |l| {
            if *l == Load::Ready {
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(c) = crate::data::completions().await else {
                        return;
                    };
                    let mut own = scenario_arns(&text);
                    own.extend(c.resources.iter().cloned());
                    if let Some(h) = handle.borrow().as_ref() {
                        h.set_completions(&c.actions, &own, &c.condition_keys);
                    }
                });
            }
        });
    }

    // Keep the editor showing the policy as the document has it, with its marks.
    {
        let handle = handle.clone();
        let text = p.text.clone();
        let (problems, findings) = (p.problems.clone(), p.findings.clone());
        let site2 = site.clone();
        let shown2 = shown.clone();
        use_effect_with(
            (
                p.revision,
                site.as_ref().map(|s| s.id.clone()),
                (*load).clone(),
            ),
            move |_| {
                if let (Some(h), Some(site)) = (handle.borrow().as_ref(), site2) {
                    if h.doc() != shown2 {
                        h.set_doc(&shown2);
                    }
                    h.set_marks(&marks(&text, &site, &shown2, &problems, &findings));
                }
            },
        );
    }

    // A statement clicked in the trace: select it here.
    {
        let handle = handle.clone();
        let text = p.text.clone();
        let site2 = site.clone();
        use_effect_with(p.highlight, move |h| {
            if let (Some((start, end, _)), Some(site)) = (h, site2) {
                let shown = policies::show(&text, &site);
                if let (Some(a), Some(b)) = (
                    policies::to_shown(&text, &site, *start),
                    policies::to_shown(&text, &site, *end),
                ) {
                    let (a, b) = (utf16_of_byte(&shown, a), utf16_of_byte(&shown, b));
                    match handle.borrow().as_ref() {
                        Some(ed) => ed.select(a, b),
                        // Until the code editor is loaded, the plain text area.
                        None => {
                            if let Some(t) = gloo::utils::document()
                                .get_element_by_id("policy-text")
                                .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                            {
                                let _ = t.focus();
                                let _ = t.set_selection_range(a as u32, b as u32);
                            }
                        }
                    }
                    if let Some(el) = gloo::utils::document().get_element_by_id("policy-editor") {
                        let opts = web_sys::ScrollIntoViewOptions::new();
                        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                        el.scroll_into_view_with_scroll_into_view_options(&opts);
                    }
                }
            }
        });
    }

    let on_pick = p.on_open.reform(|e: Event| {
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default()
    });
    let act = |f: fn(&Handle) -> bool| {
        let handle = handle.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(h) = handle.borrow().as_ref() {
                f(h);
            }
        })
    };
    let fallback_input = {
        let current = current.clone();
        let on_edit = p.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            else {
                return;
            };
            edit(&current, &on_edit, &t.value());
        })
    };
    let in_site = |start: u32| site.as_ref().is_some_and(|s| s.contains(start as usize));
    let errors = p
        .problems
        .iter()
        .filter(|d| in_site(d.location.start))
        .count();
    let notes = p
        .findings
        .iter()
        .filter(|f| in_site(f.location.start))
        .count();
    let ready = *load == Load::Ready;
    // This policy's problems and findings, listed under the editor at the editor's own
    // line numbers; a click selects the span in the editor.
    let listed: Vec<(usize, usize, Mark)> = site
        .as_ref()
        .map(|s| marks(&p.text, s, &shown, &p.problems, &p.findings.0))
        .unwrap_or_default()
        .into_iter()
        .map(|m| {
            let (line, col) = line_col(&shown, m.from);
            (line, col, m)
        })
        .collect();

    html! {
        <section id="policy-editor" class="policy-editor" aria-labelledby="policy-title">
            <div class="section-head">
                <h2 id="policy-title">{ "Policies" }</h2>
                <span class="hint">{ "Edit one policy at a time; the scenario re-decides as you type." }</span>
            </div>
            if p.sites.is_empty() {
                <p class="hint">{
                    if iam_engine::json::parse(&p.text).is_err() {
                        "The scenario document is not JSON just now (see Problems, under the document): its policies can be edited here again once it reads."
                    } else {
                        "This scenario writes no policy of its own yet (AWS managed policies are attached by name)."
                    }
                }</p>
            } else {
                <div id="policy-bar" class="policy-bar">
                    <label class="visually-hidden" for="policy-pick">{ "Policy to edit" }</label>
                    <select id="policy-pick" onchange={on_pick}>
                        { for p.sites.iter().map(|s| html! {
                            <option value={s.id.clone()} selected={site.as_ref().is_some_and(|x| x.id == s.id)}>{ &s.label }</option>
                        }) }
                    </select>
                    if let Some(s) = &site { <span class="badge kind">{ s.kind }</span> }
                    <div class="policy-buttons">
                        <button type="button" class="ghost" onclick={act(Handle::format)} disabled={!ready} title="Pretty-print the policy">{ "Format" }</button>
                        <button type="button" class="ghost" onclick={act(Handle::undo)} disabled={!ready} title="Undo (Ctrl/⌘+Z)">{ "Undo" }</button>
                        <button type="button" class="ghost" onclick={act(Handle::redo)} disabled={!ready} title="Redo (Ctrl/⌘+Shift+Z)">{ "Redo" }</button>
                    </div>
                </div>
            }
            // The editor's place is always on the page, so that it is made at once and
            // shows the first policy a form writes into an empty scenario.
            <div class="cm-host" ref={host} hidden={!ready || p.sites.is_empty()}></div>
            if !p.sites.is_empty() {
                if !ready {
                    <textarea id="policy-text" class="policy-fallback" spellcheck="false" wrap="off" aria-label="Policy (JSON)"
                              value={shown.clone()} oninput={fallback_input} />
                }
                if let Load::Failed(e) = &*load {
                    <p class="hint">{ format!("{e}: the policy is editable as plain text.") }</p>
                }
                <p class={classes!("policy-status", (errors > 0).then_some("bad"))}>
                    { match (errors, notes) {
                        (0, 0) => "No problems and no validation findings in this policy.".to_string(),
                        (e, n) => format!("{e} problem{} and {n} validation finding{} in this policy, underlined in the editor:", if e == 1 { "" } else { "s" }, if n == 1 { "" } else { "s" }),
                    } }
                </p>
                if !listed.is_empty() {
                    <ul class="policy-problems">
                        { for listed.iter().map(|(line, col, m)| {
                            let (from, to) = (m.from, m.to);
                            let handle = handle.clone();
                            let onclick = Callback::from(move |_: MouseEvent| {
                                if let Some(h) = handle.borrow().as_ref() {
                                    h.select(from, to);
                                }
                            });
                            html! {
                                <li class={m.severity}>
                                    <button type="button" class="link at" {onclick} title="Show it in the editor">{ format!("line {line}, column {col}") }</button>
                                    <span class="msg">{ &m.message }</span>
                                </li>
                            }
                        }) }
                    </ul>
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn places_count_lines_and_characters_as_the_editor_does() {
        let text = "{\n  \"Sid\": \"é🔑\",\n  \"Effect\": \"Allow\"\n}";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        // é is one UTF-16 unit, 🔑 two: "Effect" starts on line 3, column 3.
        let effect = text.find("\"Effect").unwrap();
        let units = text[..effect].encode_utf16().count();
        assert_eq!(line_col(text, units), (3, 3));
    }
}
