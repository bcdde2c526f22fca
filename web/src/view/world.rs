//! The world panel: the organization, accounts and everything in them as a tree. A
//! click selects the definition in the document.

use crate::build::{self, Thing};
use crate::world::Item;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub tree: Rc<Vec<Item>>,
    pub open: bool,
    pub text: Rc<str>,
    pub on_highlight: Callback<(usize, usize)>,
    pub on_edit: Callback<String>,
}

/// A short tag for the kind, drawn as a badge (text, so every font has it).
fn tag(kind: &str) -> &'static str {
    match kind {
        "organization" => "org",
        "root" => "root",
        "ou" => "ou",
        "account" | "account-ref" => "account",
        "user" => "user",
        "group" => "group",
        "role" => "role",
        "instance-profile" => "profile",
        "instance" => "ec2",
        "identity-provider" => "idp",
        "policy" => "policy",
        "trust" => "trust",
        "inline" => "inline",
        "resource" => "resource",
        "requests" | "request" => "request",
        _ => "item",
    }
}

fn kind_word(kind: &str) -> &'static str {
    match kind {
        "organization" => "organization",
        "root" => "organization root",
        "ou" => "organizational unit",
        "account" | "account-ref" => "account",
        "user" => "IAM user",
        "group" => "IAM group",
        "role" => "IAM role",
        "instance-profile" => "instance profile",
        "instance" => "EC2 instance",
        "identity-provider" => "identity provider",
        "policy" => "policy",
        "trust" => "trust policy",
        "inline" => "inline policy",
        "resource" => "resource",
        "requests" => "list of requests",
        "request" => "request",
        _ => "item",
    }
}

fn node(
    i: &Item,
    hl: &Callback<(usize, usize)>,
    del: &Callback<Thing>,
    ren: &Callback<Thing>,
) -> Html {
    let span = i.span;
    let onclick = hl.reform(move |_: MouseEvent| span);
    let expanded = (!i.children.is_empty()).then_some("true");
    html! {
        <li role="treeitem" aria-expanded={expanded} class={classes!("w-item", format!("w-{}", i.kind))}>
            <button type="button" class="link w-label" {onclick} title={format!("Select this {} in the document", kind_word(i.kind))}>
                <span class="w-tag" aria-hidden="true">{ tag(i.kind) }</span>
                <span class="visually-hidden">{ format!("{}: ", kind_word(i.kind)) }</span>
                <span class="w-name">{ &i.label }</span>
            </button>
            if !i.detail.is_empty() { <span class="w-detail">{ &i.detail }</span> }
            if let Some(t) = &i.thing {
                <button type="button" class="ghost w-ren" title={format!("Rename {}", t.describe())} aria-label={format!("Rename {}", t.describe())}
                        onclick={{ let t = t.clone(); ren.reform(move |_: MouseEvent| t.clone()) }}>{ "✎" }</button>
            }
            if let Some(t) = &i.thing {
                <button type="button" class="ghost w-del" title={format!("Delete {}", t.describe())} aria-label={format!("Delete {}", t.describe())}
                        onclick={{ let t = t.clone(); del.reform(move |_: MouseEvent| t.clone()) }}>{ "×" }</button>
            }
            if !i.children.is_empty() {
                <ul role="group">{ for i.children.iter().map(|c| node(c, hl, del, ren)) }</ul>
            }
        </li>
    }
}

/// What a delete waits for: the thing, what names it, and the requests that go with it.
type Pending = (Thing, Vec<String>, Vec<String>);

#[function_component(WorldPanel)]
pub fn world_panel(p: &Props) -> Html {
    // A delete that would leave references dangling waits for a second click.
    let pending = use_state(|| None::<Pending>);
    // What the last rename or delete said, and the document it was said of: an edit
    // made elsewhere makes it stale, and it goes.
    let note = use_state(|| None::<(String, Rc<str>)>);
    let del = {
        let (pending, text, on_edit, note) = (
            pending.clone(),
            p.text.clone(),
            p.on_edit.clone(),
            note.clone(),
        );
        Callback::from(move |t: Thing| {
            note.set(None);
            let refs = build::references(&text, &t);
            let gone = build::delete(&text, &t).map(|(_, g)| g).unwrap_or_default();
            // An account takes everything in it along: always asked first.
            if refs.is_empty() && gone.is_empty() && !matches!(t, Thing::Account(_)) {
                remove(&text, &t, &on_edit, &note);
                pending.set(None);
            } else {
                pending.set(Some((t, refs, gone)));
            }
        })
    };
    // Renaming: the thing, the name typed so far, and what the last attempt said.
    let renaming = use_state(|| None::<(Thing, String)>);
    let ren = {
        let (renaming, note) = (renaming.clone(), note.clone());
        Callback::from(move |t: Thing| {
            let current = match &t {
                Thing::Named { name, .. } => name.clone(),
                Thing::Account(a) => a.clone(),
                Thing::Resource { arn, .. } => arn.clone(),
                Thing::Request(name) => name.clone(),
            };
            renaming.set(Some((t, current)));
            note.set(None);
        })
    };
    let rename_box = renaming.as_ref().map(|(t, typed)| {
        let oninput = {
            let (renaming, t) = (renaming.clone(), t.clone());
            Callback::from(move |e: InputEvent| {
                if let Some(i) = e.target().and_then(|x| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(x).ok()) {
                    renaming.set(Some((t.clone(), i.value())));
                }
            })
        };
        let onsubmit = {
            let (renaming, note, text, on_edit, t, typed) = (renaming.clone(), note.clone(), p.text.clone(), p.on_edit.clone(), t.clone(), typed.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let renamed = build::rename(&text, &t, &typed)
                    .and_then(|(new, still)| build::check_loads(&text, &new).map(|_| (new, still)));
                match renamed {
                    Ok((new, still)) => {
                        let said = if still.is_empty() {
                            "Renamed.".to_string()
                        } else {
                            format!("Renamed; {}.", still.join("; "))
                        };
                        note.set(Some((said, Rc::from(new.as_str()))));
                        on_edit.emit(new);
                        renaming.set(None);
                    }
                    Err(e) => note.set(Some((e, text.clone()))),
                }
            })
        };
        let cancel = {
            let renaming = renaming.clone();
            Callback::from(move |_: MouseEvent| renaming.set(None))
        };
        html! {
            <form id="rename-form" class="w-confirm" {onsubmit}>
                <label>
                    <strong>{ format!("Rename {} to ", t.describe()) }</strong>
                    <input id="rename-to" type="text" value={typed.clone()} {oninput} spellcheck="false" autocomplete="off" />
                </label>
                <div class="tour-buttons">
                    <button type="button" class="ghost" onclick={cancel}>{ "Cancel" }</button>
                    <button id="rename-save" type="submit">{ "Rename" }</button>
                </div>
            </form>
        }
    });
    let confirm = pending.as_ref().map(|(t, refs, gone)| {
        let yes = {
            let (pending, text, on_edit, t, note) = (pending.clone(), p.text.clone(), p.on_edit.clone(), t.clone(), note.clone());
            Callback::from(move |_: MouseEvent| {
                remove(&text, &t, &on_edit, &note);
                pending.set(None);
            })
        };
        let no = {
            let pending = pending.clone();
            Callback::from(move |_: MouseEvent| pending.set(None))
        };
        html! {
            <div id="delete-confirm" class="w-confirm" role="alertdialog" aria-labelledby="delete-confirm-title">
                <p id="delete-confirm-title">
                    <strong>{ format!("Delete {}?", t.describe()) }</strong>
                    if matches!(t, Thing::Account(_)) { { " Its users, groups, roles, policies and resources go with it." } }
                    if !refs.is_empty() { { " These name it:" } }
                </p>
                if !refs.is_empty() { <ul>{ for refs.iter().map(|r| html! { <li>{ r }</li> }) }</ul> }
                if !gone.is_empty() {
                    <p id="delete-confirm-gone">{ format!("These requests cannot run without it, so they go with it: {}.", quoted(gone)) }</p>
                }
                <div class="tour-buttons">
                    <button type="button" class="ghost" onclick={no}>{ "Keep it" }</button>
                    <button id="delete-anyway" type="button" onclick={yes}>{ "Delete anyway" }</button>
                </div>
            </div>
        }
    });
    html! {
        <details class="world" open={p.open}>
            <summary><h2 id="world-title">{ "The world" }</h2><span class="hint">{ " accounts, people, roles and resources" }</span></summary>
            { confirm.unwrap_or_default() }
            { rename_box.unwrap_or_default() }
            if let Some((n, _)) = note.as_ref().filter(|(_, said_of)| **said_of == *p.text) {
                <p id="rename-note" class="hint" role="status">{ n }</p>
            }
            if p.tree.is_empty() {
                <p class="hint">{ "The document is not valid JSON yet, so there is no world to show." }</p>
            } else {
                <ul class="world-tree" role="tree" aria-labelledby="world-title">
                    { for p.tree.iter().map(|i| node(i, &p.on_highlight, &del, &ren)) }
                </ul>
            }
        </details>
    }
}

/// Deletes `t` (and the requests that go with it) unless the document would then not
/// load, which the note says instead.
fn remove(
    text: &Rc<str>,
    t: &Thing,
    on_edit: &Callback<String>,
    note: &UseStateHandle<Option<(String, Rc<str>)>>,
) {
    let deleted = build::delete(text, t)
        .and_then(|(new, gone)| build::check_loads(text, &new).map(|_| (new, gone)));
    match deleted {
        Ok((new, gone)) => {
            if !gone.is_empty() {
                let said = format!(
                    "Deleted {}, and the requests {}.",
                    t.describe(),
                    quoted(&gone)
                );
                note.set(Some((said, Rc::from(new.as_str()))));
            }
            on_edit.emit(new);
        }
        Err(e) => note.set(Some((e, text.clone()))),
    }
}

/// Names in curly quotes, joined with commas.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\u{201c}{n}\u{201d}"))
        .collect::<Vec<_>>()
        .join(", ")
}
