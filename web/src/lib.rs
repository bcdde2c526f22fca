//! The IAM Policy Playground in the browser: a Yew (client-side rendered) app over the
//! engine, Rust to Rust. Nothing leaves the page: the scenario is decided here.
//!
//! The pure parts (state and its reducer, evaluation, narration, gates, storage
//! formats, text offsets) have native unit tests; `view/` holds the components, tested
//! in headless Chromium (`tests/browser.rs`) and end to end (`tests/e2e`).

pub mod build;
pub mod data;
#[cfg(feature = "app")]
pub mod editor_js;
pub mod examples;
pub mod gates;
pub mod jsonedit;
pub mod narrate;
pub mod opening;
pub mod policies;
pub mod results;
pub mod state;
pub mod store;
pub mod text;
#[cfg(feature = "app")]
pub mod view;
pub mod words;
pub mod world;

#[cfg(feature = "app")]
use wasm_bindgen::prelude::*;

/// Mounts the app in `#app` when the page has one (the test pages load the same module
/// without it). The app draws itself off the page and takes the place of the first
/// paint (web/preview) or the loading note once its decisions are ready
/// ([`view::app::take_over`]), so no moment shows two sets of requests.
#[cfg(feature = "app")]
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        view::banner::show_panic(&info.to_string());
    }));
    let document = gloo::utils::document();
    if document.get_element_by_id("app").is_none() {
        return;
    }
    let Ok(live) = document.create_element("div") else {
        return;
    };
    live.set_class_name("app-live");
    view::app::hold(live.clone());
    yew::Renderer::<view::app::App>::with_root(live).render();
}
