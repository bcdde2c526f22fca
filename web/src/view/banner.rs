//! Messages across the top of the page: errors that say where, and the panic banner.

use crate::state::Banner;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub banner: Option<Banner>,
    pub on_close: Callback<()>,
}

#[function_component(BannerView)]
pub fn banner_view(p: &Props) -> Html {
    let Some(b) = &p.banner else {
        return html! { <div id="banner" hidden=true></div> };
    };
    let close = p.on_close.reform(|_: MouseEvent| ());
    let role = if b.kind == crate::state::BannerKind::Error {
        "alert"
    } else {
        "status"
    };
    html! {
        <div id="banner" class={classes!("banner", b.kind.name())} data-kind={b.kind.name()} role={role}>
            <p>{ &b.text }</p>
            <button type="button" class="ghost" aria-label="Dismiss this message" onclick={close}>{ "×" }</button>
        </div>
    }
}

/// Shows a panic in the page's own banner (outside Yew, which may be unusable after
/// it). The text goes in as text, never as markup.
pub fn show_panic(message: &str) {
    let doc = gloo::utils::document();
    let Some(el) = doc.get_element_by_id("panic-banner") else {
        return;
    };
    el.set_text_content(Some(&format!(
        "The playground hit an internal error and stopped: {message}. Your work up to the last edit is saved in this browser: reload the page to go on. Please report this with the scenario (export it first)."
    )));
    let _ = el.remove_attribute("hidden");
}
