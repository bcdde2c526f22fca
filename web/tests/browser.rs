//! The components in headless Chromium (wasm-bindgen-test): the app mounts, decides the
//! first visit's example, and answers clicks and keys as a learner would use them.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::view::app::App;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

/// A fresh app in its own element, with no saved work and no hash.
async fn mount() -> Element {
    let doc = gloo::utils::document();
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.clear();
    }
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, sel: &str) -> Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no {sel}"))
}

fn click(el: &Element) {
    el.clone().dyn_into::<HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn the_first_visit_shows_an_example_decided() {
    let root = mount().await;
    let requests = all(&root, "[data-request]");
    // Every request of the first visit's example is in the list.
    let first: serde_json::Value = iam_engine::world::bundled::SCENARIOS
        .iter()
        .find(|(id, _)| *id == web::examples::FIRST_VISIT)
        .map(|(_, t)| serde_json::from_str(t).unwrap())
        .unwrap();
    assert_eq!(requests.len(), first["requests"].as_array().unwrap().len());
    for r in &requests {
        let d = r.get_attribute("data-decision").unwrap_or_default();
        assert!(
            [
                "Allow",
                "ExplicitDeny",
                "ImplicitDeny",
                "AuthenticationFailed",
                "Invalid"
            ]
            .contains(&d.as_str()),
            "{d}"
        );
        assert_ne!(r.get_attribute("data-met").as_deref(), Some("false"));
    }
    assert_eq!(
        all(&root, "a[data-example]").len(),
        iam_engine::world::bundled::SCENARIOS.len()
    );
    assert!(one(&root, "#decision")
        .get_attribute("data-decision")
        .is_some());
    // The gates come in AWS's order: SCPs first.
    let gates = all(&root, "#trace [data-layer]");
    assert_eq!(
        gates
            .first()
            .and_then(|g| g.get_attribute("data-layer"))
            .as_deref(),
        Some("scp")
    );
}

#[wasm_bindgen_test]
async fn clicking_a_request_shows_its_decision_and_story() {
    let root = mount().await;
    let target = all(&root, "[data-request]")
        .into_iter()
        .find(|r| r.get_attribute("data-decision").as_deref() == Some("ImplicitDeny"))
        .unwrap();
    click(&target);
    settle().await;
    assert_eq!(
        target.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(
        one(&root, "#decision")
            .get_attribute("data-decision")
            .as_deref(),
        Some("ImplicitDeny")
    );
    let story = one(&root, "#narration").text_content().unwrap_or_default();
    assert!(story.contains("To change the decision"), "{story}");
    // Step back to the start, then forward one rule.
    click(&one(&root, "#step-first"));
    settle().await;
    let shown = all(&root, "#narration li:not([hidden])").len();
    assert_eq!(shown, 1);
    click(&one(&root, "#step-next"));
    settle().await;
    assert_eq!(all(&root, "#narration li:not([hidden])").len(), 2);
}

#[wasm_bindgen_test]
async fn an_edit_redecides_at_once_and_errors_are_located() {
    let root = mount().await;
    let area: HtmlTextAreaElement = one(&root, "#scenario-json").dyn_into().unwrap();
    let text = area.value();
    // A Deny for everything at the top of the group's inline policy... simplest: break
    // the JSON, then mend it.
    area.set_value(&format!("{text}\n}}"));
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    let problems = one(&root, "#problems").text_content().unwrap_or_default();
    assert!(problems.contains(':'), "{problems}");
    // While the document is broken, decisions are pending (empty).
    for r in all(&root, "[data-request]") {
        assert_eq!(r.get_attribute("data-decision").as_deref(), Some(""));
    }
    area.set_value(&text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    assert!(all(&root, "[data-request]").iter().all(|r| !r
        .get_attribute("data-decision")
        .unwrap_or_default()
        .is_empty()));
}

#[wasm_bindgen_test]
async fn markup_in_the_document_shows_as_text() {
    let root = mount().await;
    let area: HtmlTextAreaElement = one(&root, "#scenario-json").dyn_into().unwrap();
    let first = iam_engine::world::bundled::SCENARIOS
        .iter()
        .find(|(id, _)| *id == web::examples::FIRST_VISIT)
        .map(|(_, t)| serde_json::from_str::<serde_json::Value>(t).unwrap())
        .unwrap();
    let name = first["name"].as_str().unwrap();
    let text = area.value().replacen(
        &serde_json::to_string(name).unwrap(),
        "\"<img src=x id=injected>\"",
        1,
    );
    area.set_value(&text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    assert!(root.query_selector("#injected").unwrap().is_none());
    assert!(one(&root, "#scenario-title")
        .text_content()
        .unwrap_or_default()
        .contains("<img"));
}
