//! A short guided tour for a first visit: the world, a policy, a request, the decision
//! and its trace. It can be skipped, and reopened from the header.

use yew::prelude::*;

/// One stop: the element it points at (by id: the first of these on the page) and what
/// it says there.
pub struct Stop {
    pub target: &'static [&'static str],
    pub title: &'static str,
    pub text: &'static str,
}

pub const STOPS: &[Stop] = &[
    Stop {
        target: &["scenario-head"],
        title: "1 · The world",
        text: "A scenario is a small AWS world: an organization, accounts, users, groups, roles and resources, plus requests made in it. This title names the one open now and says what it shows. The world panel further down lists everything in it; the gallery holds the other scenarios, from the default deny to AWS's cross-account tutorial.",
    },
    Stop {
        target: &["policy-bar", "policy-editor"],
        title: "2 · The policies",
        text: "Pick any policy of the world here (a role's trust policy, a user's inline policy, a bucket policy...) and it opens in the code editor below. Change anything (an Allow to a Deny, an action, a resource) and every request is decided again at once; problems are underlined. The forms below add users, roles, permissions and requests without any JSON, and the whole world is also one JSON document further down.",
    },
    Stop {
        target: &["requests-title"],
        title: "3 · The requests",
        text: "Each request says who calls which action on which resource. Its chip shows AWS's decision: Allowed, Explicit deny or Implicit deny (nothing allowed it: the default). A ✓ means the scenario expected that decision.",
    },
    Stop {
        target: &["decision"],
        title: "4 · The decision",
        text: "For the selected request: the decision, and below it the story, one rule at a time. Use Previous and Next (or the arrow keys) to walk through it. The last line says what would change the decision.",
    },
    Stop {
        target: &["trace"],
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
    // Where the card sits: at the bottom of the window (under its target) or at the top
    // (over it), whichever leaves the target uncovered.
    let place = use_state(|| Place::Bottom);
    {
        let at = p.at;
        let place = place.clone();
        use_effect_with(at, move |at| {
            let target = at.and_then(|i| STOPS.get(i)).map(|s| s.target);
            if let Some(p) = mark(target) {
                place.set(p);
            }
        });
    }
    let go = |to: Option<usize>| p.on_go.reform(move |_: MouseEvent| to);
    match (p.at.and_then(|i| STOPS.get(i).map(|s| (i, s))), p.offer) {
        (Some((i, stop)), _) => html! {
            <aside id="tour" class={classes!("tour", "on", place.class())} aria-label="Guided tour" aria-live="polite">
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

/// Where the card is pinned in the window.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Place {
    Top,
    Bottom,
}

impl Place {
    fn class(self) -> &'static str {
        match self {
            Place::Top => "at-top",
            Place::Bottom => "at-bottom",
        }
    }
}

/// The gap kept between the card, its target and the window's edges (CSS pixels).
const GAP: f64 = 12.0;

/// Where the card goes for a target spanning `top..bottom` of a window `height` tall,
/// the card being `card` tall: under the target when it fits there, else over it; and
/// how far to scroll first (none when it fits as it is). A target taller than what the
/// card leaves is brought to the top with the card under it.
pub fn placement(top: f64, bottom: f64, height: f64, card: f64) -> (Place, f64) {
    let need = card + 2.0 * GAP;
    if height - bottom >= need && top >= GAP {
        return (Place::Bottom, 0.0);
    }
    if top >= need && bottom <= height - GAP {
        return (Place::Top, 0.0);
    }
    let tall = bottom - top;
    if tall + need + GAP <= height {
        // Scroll the target to just under the top edge, the card under it.
        (Place::Bottom, top - GAP)
    } else if tall + need <= height {
        // Only room with the card on top: the target just under the card.
        (Place::Top, top - need)
    } else {
        (Place::Bottom, top - GAP)
    }
}

/// Outlines the tour's target, opens what holds it (a folded section), scrolls it into
/// view and says where the card goes; clears the previous outline.
fn mark(target: Option<&[&str]>) -> Option<Place> {
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
    let el = target?.iter().find_map(|t| doc.get_element_by_id(t))?;
    let mut up = el.parent_element();
    while let Some(p) = up {
        if p.tag_name().eq_ignore_ascii_case("details") && !p.has_attribute("open") {
            let _ = p.set_attribute("open", "");
        }
        up = p.parent_element();
    }
    let _ = el.class_list().add_1("tour-target");
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    let window = gloo::utils::window();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let card = doc
        .get_element_by_id("tour")
        .map_or(0.0, |c| c.get_bounding_client_rect().height());
    let r = el.get_bounding_client_rect();
    let (mut place, by) = placement(r.top(), r.bottom(), height, card);
    if by != 0.0 {
        window.scroll_by_with_x_and_y(0.0, by);
        // The page may not scroll that far (its end, a sticky panel): measured again.
        let r = el.get_bounding_client_rect();
        if let (fits, 0.0) = placement(r.top(), r.bottom(), height, card) {
            place = fits;
        }
    }
    Some(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The card (`card` tall, pinned at `place` after scrolling by `by`) and the target
    /// do not overlap, and both are in the window.
    fn clear(top: f64, bottom: f64, height: f64, card: f64) -> bool {
        let (place, by) = placement(top, bottom, height, card);
        let (t, b) = (top - by, bottom - by);
        let (ct, cb) = match place {
            Place::Top => (GAP, GAP + card),
            Place::Bottom => (height - GAP - card, height - GAP),
        };
        t >= 0.0 && b <= height && (b <= ct || t >= cb)
    }

    #[test]
    fn the_card_goes_under_its_target_or_over_it_never_on_it() {
        // A title near the top: the card under it, no scrolling.
        assert_eq!(placement(60.0, 120.0, 800.0, 200.0), (Place::Bottom, 0.0));
        // The layers low in a sticky panel: the card over them.
        assert_eq!(placement(450.0, 760.0, 800.0, 200.0), (Place::Top, 0.0));
        // Off screen below: scrolled to under the top edge.
        assert_eq!(
            placement(1500.0, 1700.0, 800.0, 200.0),
            (Place::Bottom, 1488.0)
        );
        for (top, bottom) in [
            (0.0, 40.0),
            (300.0, 420.0),
            (-900.0, -700.0),
            (700.0, 1200.0),
        ] {
            for (height, card) in [(800.0, 180.0), (740.0, 300.0), (600.0, 250.0)] {
                if bottom - top + card + 3.0 * GAP <= height {
                    assert!(
                        clear(top, bottom, height, card),
                        "{top} {bottom} {height} {card}"
                    );
                }
            }
        }
    }
}
