//! The IAM Policy Playground in the browser: a Yew (client-side rendered) app over the
//! engine, Rust to Rust. Nothing leaves the page: the scenario is decided here.
//!
//! The pure parts (state and its reducer, evaluation, narration, gates, storage
//! formats, text offsets) have native unit tests; `view/` holds the components, tested
//! in headless Chromium (`tests/browser.rs`) and end to end (`tests/e2e`).

pub mod build;
pub mod data;
pub mod editor_js;
pub mod examples;
pub mod gates;
pub mod jsonedit;
pub mod narrate;
pub mod policies;
pub mod results;
pub mod state;
pub mod store;
pub mod text;
pub mod view;
pub mod world;

use wasm_bindgen::prelude::*;

/// Mounts the app on `#app` when the page has one (the test pages load the same module
/// without it).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        view::banner::show_panic(&info.to_string());
    }));
    let Some(root) = gloo::utils::document().get_element_by_id("app") else {
        return;
    };
    // The "Loading…" note goes; the app takes its place.
    root.set_text_content(None);
    yew::Renderer::<view::app::App>::with_root(root).render();
}
