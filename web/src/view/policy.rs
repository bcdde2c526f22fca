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

/// What an edit in the editor is spliced into, and what the editor's own edits made.
#[derive(Default)]
struct Current {
    /// The latest document, and the open policy's place in it.
    doc: Rc<str>,
    site: Option<Site>,
    /// The document the editor's last edit made, and the policy it edited.
    made: Option<(Rc<str>, String)>,
}

impl Current {
    /// Whether the editor's policy, shown from `doc` at `site`, comes from outside the
    /// editor (a form, the document, a rename, another policy picked) rather than from
    /// its own last edit.
    fn is_from_outside(&self, doc: &str, site: &Site) -> bool {
        !self
            .made
            .as_ref()
            .is_some_and(|(d, id)| **d == *doc && *id == site.id)
    }
}

/// What the editor's policy, now `text`, makes of the document. The next edit builds
/// on this one even if it comes before the page has redrawn. A blank policy is not
/// written (`policies::edit`): `kept` says so under the editor, and the document keeps
/// deciding with the policy it had.
fn edit(
    current: &RefCell<Current>,
    on_edit: &Callback<(String, Site)>,
    kept: &UseStateHandle<bool>,
    text: &str,
) {
    let (doc, site) = {
        let c = current.borrow();
        (c.doc.clone(), c.site.clone())
    };
    let Some(site) = site else { return };
    match policies::edit(&doc, &site, text) {
        Some((doc, site)) => {
            kept.set(false);
            let made: Rc<str> = Rc::from(doc.as_str());
            {
                let mut c = current.borrow_mut();
                c.made = Some((made.clone(), site.id.clone()));
                c.doc = made;
                c.site = Some(site.clone());
            }
            on_edit.emit((doc, site));
        }
        None => kept.set(true),
    }
}

/// The line under the editor: whether the policy in it (`shown`, or, when `kept`, a
/// blank one the document did not take) is empty or not JSON comes first, so such a
/// policy never reads as having no problems; then the document's problems and
/// validation findings that fall in it. True when it is bad news.
fn status(kept: bool, shown: &str, errors: usize, notes: usize) -> (String, bool) {
    if kept {
        let was = if iam_engine::json::parse(shown).is_ok() {
            "the scenario keeps deciding with the policy as it was"
        } else {
            "the document keeps the last text written here, which is not JSON (see Problems),"
        };
        return (
            format!(
                "The policy is empty: {was} until you write one here (Undo brings the text back)."
            ),
            true,
        );
    }
    if shown.trim().is_empty() {
        return (
            "The policy is empty: write a policy document here, such as {\"Version\": \"2012-10-17\", \"Statement\": []}.".into(),
            true,
        );
    }
    if let Err(e) = iam_engine::json::parse(shown) {
        let (line, col) = line_col(shown, utf16_of_byte(shown, e.span.start as usize));
        return (
            format!("The policy is not JSON just now: {} at line {line}, column {col}. The scenario is decided again once it is (Undo brings back the last text).", e.message),
            true,
        );
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (errors, notes) {
        (0, 0) => ("No problems and no validation findings in this policy.".into(), false),
        (e, n) => (
            format!("{e} problem{} and {n} validation finding{} in this policy, underlined in the editor:", plural(e), plural(n)),
            e > 0,
        ),
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
    // The editor's text is blank and the document kept its policy.
    let kept = use_state_eq(|| false);
    // Whether the editor has something to undo and to redo.
    let undoable = use_state_eq(|| (false, false));
    // The policy the editor showed last, by site id.
    let last_shown = use_mut_ref(|| None::<String>);
    // What an edit in the editor is spliced into: the latest document and policy.
    let current: Rc<RefCell<Current>> = use_mut_ref(Current::default);
    {
        let mut c = current.borrow_mut();
        c.doc = p.text.clone();
        c.site = site.clone();
    }

    // Load the editor once, after the first render (the decisions are drawn by then).
    {
        let (host, handle, load, current, on_edit) = (
            host.clone(),
            handle.clone(),
            load.clone(),
            current.clone(),
            p.on_edit.clone(),
        );
        let (kept, undoable) = (kept.clone(), undoable.clone());
        let shown = shown.clone();
        let fresh = current.clone();
        use_effect_with((), move |_| {
            // The editor's callback must not keep the editor alive.
            let own = Rc::downgrade(&handle);
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
                        move |text: String| {
                            edit(&current, &on_edit, &kept, &text);
                            let Some(editor) = own.upgrade() else { return };
                            let Ok(h) = editor.try_borrow() else { return };
                            if let Some(h) = h.as_ref() {
                                undoable.set(h.history());
                            }
                        },
                    )
                }
                .await;
                match made {
                    Ok(h) => {
                        // It starts from the policy as it was drawn first: what the
                        // document has now comes from outside it.
                        fresh.borrow_mut().made = None;
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

    // Keep the editor showing the policy as the document has it, with its marks. A
    // policy that changed from outside the editor starts its undo history anew: undo
    // would otherwise write an older text over it, or none (a policy a form just made
    // was empty before).
    {
        let handle = handle.clone();
        let text = p.text.clone();
        let (problems, findings) = (p.problems.clone(), p.findings.clone());
        let site2 = site.clone();
        let shown2 = shown.clone();
        let (current, kept, undoable) = (current.clone(), kept.clone(), undoable.clone());
        let last_shown = last_shown.clone();
        use_effect_with(
            (
                p.revision,
                site.as_ref().map(|s| s.id.clone()),
                (*load).clone(),
            ),
            move |_| {
                if let (Some(h), Some(site)) = (handle.borrow().as_ref(), site2) {
                    // An edit elsewhere that leaves this policy as it is keeps its
                    // history (and costs nothing here: most edits are elsewhere).
                    let in_editor = h.doc();
                    let same = last_shown.borrow().as_deref() == Some(site.id.as_str())
                        && in_editor == shown2;
                    if current.borrow().is_from_outside(&text, &site) && !same {
                        h.set_doc_anew(&shown2);
                        kept.set(false);
                    } else if in_editor != shown2 {
                        h.set_doc(&shown2);
                    }
                    *last_shown.borrow_mut() = Some(site.id.clone());
                    h.set_marks(&marks(&text, &site, &shown2, &problems, &findings));
                    undoable.set(h.history());
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
        let (handle, undoable) = (handle.clone(), undoable.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(h) = handle.borrow().as_ref() {
                f(h);
                undoable.set(h.history());
            }
        })
    };
    let fallback_input = {
        let (current, kept) = (current.clone(), kept.clone());
        let on_edit = p.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            else {
                return;
            };
            edit(&current, &on_edit, &kept, &t.value());
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
    let (can_undo, can_redo) = *undoable;
    let (said, bad) = status(*kept, &shown, errors, notes);
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
                        <button type="button" class="ghost" onclick={act(Handle::undo)} disabled={!ready || !can_undo} title="Undo your last edit in this editor (Ctrl/⌘+Z)">{ "Undo" }</button>
                        <button type="button" class="ghost" onclick={act(Handle::redo)} disabled={!ready || !can_redo} title="Redo (Ctrl/⌘+Shift+Z)">{ "Redo" }</button>
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
                <p class={classes!("policy-status", bad.then_some("bad"))}>{ said }</p>
                if !listed.is_empty() && !*kept {
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
    use super::{line_col, status, Current};
    use crate::policies::{self, Site};
    use std::rc::Rc;

    #[test]
    fn an_empty_or_broken_policy_never_reads_as_having_no_problems() {
        let (said, bad) = status(true, "{\"Statement\": []}", 0, 0);
        assert!(bad && said.starts_with("The policy is empty:"), "{said}");
        assert!(said.contains("as it was"), "{said}");
        let (said, _) = status(true, "{", 0, 0);
        assert!(said.contains("not JSON"), "{said}");
        for blank in ["", "  \n"] {
            let (said, bad) = status(false, blank, 0, 0);
            assert!(bad && said.starts_with("The policy is empty:"), "{said}");
        }
        // Where it breaks, at the editor's own line and column.
        let (said, bad) = status(false, "{\n  \"Statement\": [\n}", 0, 0);
        assert!(
            bad && said.starts_with("The policy is not JSON just now:"),
            "{said}"
        );
        assert!(said.contains("line 3, column 1"), "{said}");
        let (said, bad) = status(false, "{\"Statement\": []}", 0, 0);
        assert!(!bad && said.starts_with("No problems"), "{said}");
        let (said, bad) = status(false, "{\"Statement\": []}", 1, 2);
        assert!(
            bad && said.starts_with("1 problem and 2 validation findings"),
            "{said}"
        );
        let (said, bad) = status(false, "{\"Statement\": []}", 0, 1);
        assert!(
            !bad && said.starts_with("0 problems and 1 validation finding "),
            "{said}"
        );
    }

    #[test]
    fn only_the_editors_own_edit_keeps_its_undo_history() {
        let doc = r#"{"accounts": {"1": {"users": {"u": {"inline": {"p": {"Statement": []}, "q": {"Statement": []}}}}}}}"#;
        let all = policies::sites(doc);
        let (p, q): (&Site, &Site) = (&all[0], &all[1]);
        let mut c = Current::default();
        // Nothing typed yet: whatever the editor shows came from outside it.
        assert!(c.is_from_outside(doc, p));
        let (mine, at) = policies::edit(doc, p, r#"{"Statement": [{}]}"#).unwrap();
        c.made = Some((Rc::from(mine.as_str()), at.id.clone()));
        assert!(!c.is_from_outside(&mine, &at));
        // Another policy picked, or the document changed by a form: from outside.
        assert!(c.is_from_outside(&mine, q));
        let form = mine.replace("\"q\"", "\"r\"");
        assert!(c.is_from_outside(&form, &at));
    }

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
