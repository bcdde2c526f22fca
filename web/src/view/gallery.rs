//! The gallery of bundled scenarios, and the user's recent work.

use crate::examples::Example;
use crate::store::Saved;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub examples: std::rc::Rc<Vec<Example>>,
    /// The example open now, if any.
    pub current: Option<String>,
}

#[function_component(Gallery)]
pub fn gallery(p: &GalleryProps) -> Html {
    html! {
        <nav class="gallery" aria-labelledby="gallery-title">
            <h2 id="gallery-title">{ "Examples" }</h2>
            <ol>
                { for p.examples.iter().map(|e| {
                    let current = p.current.as_deref() == Some(e.id);
                    html! {
                        <li key={e.id}>
                            <a href={format!("#example/{}", e.id)} data-example={e.id}
                               aria-current={current.then_some("page")}
                               class={classes!(current.then_some("current"))}>
                                <span class="ex-title">{ &e.title }</span>
                                <span class="ex-blurb">{ &e.blurb }</span>
                            </a>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
pub struct RecentProps {
    pub recent: std::rc::Rc<Vec<Saved>>,
    /// This tab's slot.
    pub slot: String,
    pub on_open: Callback<String>,
    pub on_forget: Callback<String>,
}

/// "3 min ago", from milliseconds.
pub fn ago(then: f64, now: f64) -> String {
    let s = ((now - then) / 1000.0).max(0.0) as u64;
    match s {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ => format!("{} days ago", s / 86_400),
    }
}

#[function_component(Recent)]
pub fn recent(p: &RecentProps) -> Html {
    if p.recent.is_empty() {
        return html! {};
    }
    let now = crate::store::browser::now_ms();
    html! {
        <section class="recent" aria-labelledby="recent-title">
            <h2 id="recent-title">{ "Your recent scenarios" }</h2>
            <p class="hint">{ "Saved in this browser only." }</p>
            <ul id="recent">
                { for p.recent.iter().map(|s| {
                    let id = s.id().to_string();
                    let forget = {
                        let id = id.clone();
                        p.on_forget.reform(move |_: MouseEvent| id.clone())
                    };
                    match s {
                        crate::store::Saved::Ok { slot, .. } => {
                            let open = {
                                let id = id.clone();
                                p.on_open.reform(move |_: MouseEvent| id.clone())
                            };
                            let here = id == p.slot;
                            html! {
                                <li key={id.clone()} class={classes!(here.then_some("current"))}>
                                    <button type="button" class="link" onclick={open}>
                                        <span class="ex-title">{ &slot.name }</span>
                                        <span class="ex-blurb">{ ago(slot.updated, now) }{ if here { " · open in this tab" } else { "" } }</span>
                                    </button>
                                    <button type="button" class="ghost" aria-label={format!("Forget {}", slot.name)} title="Forget" onclick={forget}>{ "×" }</button>
                                </li>
                            }
                        }
                        crate::store::Saved::Unreadable { error, .. } => html! {
                            <li key={id.clone()} class="unreadable">
                                <span>{ format!("A saved scenario could not be read ({error}); it is kept as it is.") }</span>
                                <button type="button" class="ghost" aria-label="Forget the unreadable scenario" onclick={forget}>{ "×" }</button>
                            </li>
                        },
                    }
                }) }
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_read_naturally() {
        assert_eq!(super::ago(0.0, 10_000.0), "just now");
        assert_eq!(super::ago(0.0, 180_000.0), "3 min ago");
        assert_eq!(super::ago(0.0, 7_200_000.0), "2 h ago");
        assert_eq!(super::ago(0.0, 3.0 * 86_400_000.0), "3 days ago");
        assert_eq!(super::ago(10.0, 0.0), "just now");
    }
}
