//! The world panel: the organization, accounts and everything in them as a tree. A
//! click selects the definition in the document.

use crate::world::Item;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub tree: Rc<Vec<Item>>,
    pub open: bool,
    pub on_highlight: Callback<(usize, usize)>,
}

/// A short tag for the kind, drawn as a badge (text, so every font has it).
fn tag(kind: &str) -> &'static str {
    match kind {
        "organization" => "org",
        "ou" => "ou",
        "account" | "account-ref" => "account",
        "user" => "user",
        "group" => "group",
        "role" => "role",
        "instance-profile" => "profile",
        "instance" => "ec2",
        "identity-provider" => "idp",
        "policy" => "policy",
        "resource" => "resource",
        _ => "item",
    }
}

fn kind_word(kind: &str) -> &'static str {
    match kind {
        "organization" => "organization",
        "ou" => "organizational unit",
        "account" | "account-ref" => "account",
        "user" => "IAM user",
        "group" => "IAM group",
        "role" => "IAM role",
        "instance-profile" => "instance profile",
        "instance" => "EC2 instance",
        "identity-provider" => "identity provider",
        "policy" => "policy",
        "resource" => "resource",
        _ => "item",
    }
}

fn node(i: &Item, hl: &Callback<(usize, usize)>) -> Html {
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
            if !i.children.is_empty() {
                <ul role="group">{ for i.children.iter().map(|c| node(c, hl)) }</ul>
            }
        </li>
    }
}

#[function_component(WorldPanel)]
pub fn world_panel(p: &Props) -> Html {
    html! {
        <details class="world" open={p.open}>
            <summary><h2 id="world-title">{ "The world" }</h2><span class="hint">{ " accounts, people, roles and resources" }</span></summary>
            if p.tree.is_empty() {
                <p class="hint">{ "The document is not valid JSON yet, so there is no world to show." }</p>
            } else {
                <ul class="world-tree" role="tree" aria-labelledby="world-title">
                    { for p.tree.iter().map(|i| node(i, &p.on_highlight)) }
                </ul>
            }
        </details>
    }
}
