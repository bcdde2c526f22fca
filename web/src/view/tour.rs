//! A short guided tour for a first visit: the world, a policy, a request, the decision
//! and its trace. It can be skipped, and reopened from the header.

use yew::prelude::*;

/// One stop: the element it points at (by id) and what it says there.
pub struct Stop {
    pub target: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

pub const STOPS: &[Stop] = &[
    Stop {
        target: "world-title",
        title: "1 · The world",
        text: "A scenario is a small AWS world: an organization, accounts, users, groups, roles and resources, plus requests made in it. The title above the requests names the one open now and says what it shows; the gallery holds the others, from the default deny to AWS's cross-account tutorial.",
    },
    Stop {
        target: "policy-editor",
        title: "2 · The policies",
        text: "Each policy of the world opens here in a code editor. Change anything (an Allow to a Deny, an action, a resource) and every request is decided again at once; problems are underlined. The forms below add users, roles, permissions and requests without any JSON, and the whole world is also one JSON document further down.",
    },
    Stop {
        target: "requests-title",
        title: "3 · The requests",
        text: "Each request says who calls which action on which resource. Its chip shows AWS's decision: Allowed, Explicit deny or Implicit deny (nothing allowed it: the default). A ✓ means the scenario expected that decision.",
    },
    Stop {
        target: "decision",
        title: "4 · The decision",
        text: "For the selected request: the decision, and below it the story, one rule at a time. Use Previous and Next (or the arrow keys) to walk through it. The last line says what would change the decision.",
    },
    Stop {
        target: "trace",
        title: "5 · The trace",
        text: "The layers AWS checks, in its order: SCPs, RCPs, the resource's policy, identity policies, the permissions boundary, session policies, the VPC endpoint policy. Open a layer to see each policy, statement and element check; \u{201c}show in the editor\u{201d} selects the statement in its policy.",
    },
];

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The stop shown, or none (the tour is closed).
    pub at: Option<usize>,
    /// A first visit: offer the tour.
    pub offer: bool,
    pub on_go: Callback<Option<usize>>,
}

#[function_component(Tour)]
pub fn tour(p: &Props) -> Html {
    {
        let at = p.at;
        use_effect_with(at, move |at| {
            let target = at.and_then(|i| STOPS.get(i)).map(|s| s.target);
            mark(target);
        });
    }
    let go = |to: Option<usize>| p.on_go.reform(move |_: MouseEvent| to);
    match (p.at.and_then(|i| STOPS.get(i).map(|s| (i, s))), p.offer) {
        (Some((i, stop)), _) => html! {
            <aside id="tour" class="tour" aria-label="Guided tour" aria-live="polite">
                <h2>{ stop.title }</h2>
                <p>{ stop.text }</p>
                <div class="tour-buttons">
                    <button type="button" class="ghost" onclick={go(None)}>{ "End the tour" }</button>
                    if i > 0 { <button type="button" class="ghost" onclick={go(Some(i - 1))}>{ "◀ Back" }</button> }
                    if i + 1 < STOPS.len() {
                        <button id="tour-next" type="button" onclick={go(Some(i + 1))}>{ format!("Next ({} of {}) ▶", i + 2, STOPS.len()) }</button>
                    } else {
                        <button id="tour-next" type="button" onclick={go(None)}>{ "Done" }</button>
                    }
                </div>
            </aside>
        },
        (None, true) => html! {
            <aside id="tour" class="tour offer" aria-label="Guided tour">
                <p>{ "New to IAM policies? A one-minute tour shows how to read this page." }</p>
                <div class="tour-buttons">
                    <button id="tour-start" type="button" onclick={go(Some(0))}>{ "Take the tour" }</button>
                    <button id="tour-skip" type="button" class="ghost" onclick={go(None)}>{ "No thanks" }</button>
                </div>
            </aside>
        },
        (None, false) => html! {},
    }
}

/// Outlines the tour's target and brings it into view; clears the previous one.
fn mark(target: Option<&str>) {
    let doc = gloo::utils::document();
    if let Ok(old) = doc.query_selector_all(".tour-target") {
        for i in 0..old.length() {
            if let Some(el) = old
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            {
                let _ = el.class_list().remove_1("tour-target");
            }
        }
    }
    if let Some(el) = target.and_then(|t| doc.get_element_by_id(t)) {
        let _ = el.class_list().add_1("tour-target");
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}
