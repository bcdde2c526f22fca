//! The page: header and tools, the gallery and recent work, the requests, the document,
//! and the decision drawn. Side effects (storage, the address bar, the clipboard, files)
//! live here, around the pure reducer in `state.rs`.

use super::banner::BannerView;
use super::build::Builder;
use super::editor::Editor;
use super::gallery::{Gallery, Recent};
use super::import::ImportPanel;
use super::policy::PolicyEditor;
use super::requests::Requests;
use super::tour::Tour;
use super::trace::TracePanel;
use super::world::WorldPanel;
use super::Same;
use crate::opening;
use crate::state::{Action, Banner, Origin, State, Theme};
use crate::store::{browser, Route, Saved, THEME_KEY, TOUR_KEY};
use iam_engine::world::share;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What to open for a route, with this tab's slot: a link or an example opens in a new
/// slot (so it never overwrites saved work), home in this tab's own.
pub struct Opened {
    pub text: String,
    pub origin: Origin,
    pub slot: String,
    pub banner: Option<Banner>,
}

fn resolve(route: &Route) -> Opened {
    let c = opening::choose(route);
    let slot = if c.fresh_slot {
        let slot = browser::new_slot_id();
        browser::set_tab_slot(&slot);
        slot
    } else {
        browser::tab_slot()
    };
    Opened {
        text: c.text,
        origin: c.origin,
        slot,
        banner: c.banner,
    }
}

/// How long after the last edit the work is written to the browser's storage.
const SAVE_AFTER_MS: u32 = 300;

thread_local! {
    /// The element the app draws in, off the page until [`take_over`].
    static HELD: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
}

/// Keeps the element the app draws in until it takes its place in `#app`.
pub fn hold(live: web_sys::Element) {
    HELD.with(|h| *h.borrow_mut() = Some(live));
}

/// Puts the app in `#app` in place of the first paint or the loading note, and marks
/// the page ready. Once only: later calls find nothing to do.
pub fn take_over() {
    let document = gloo::utils::document();
    let Some(live) = HELD.with(|h| h.borrow_mut().take()) else {
        return;
    };
    if let Some(app) = document.get_element_by_id("app") {
        app.replace_children_with_node_1(&live);
    }
    if let Some(body) = document.body() {
        let _ = body.set_attribute("data-ready", "true");
    }
}

fn boot() -> State {
    let theme = Theme::parse(&browser::get(THEME_KEY).unwrap_or_default());
    let o = resolve(&Route::parse(&browser::hash()));
    let mut s = State::new(o.text, o.origin, o.slot, theme);
    s.banner = o.banner;
    s
}

fn open(d: &UseReducerDispatcher<State>, o: Opened) {
    d.dispatch(Action::Open {
        text: o.text,
        origin: o.origin,
        slot: o.slot,
        banner: o.banner,
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(boot);
    let dispatch = state.dispatcher();
    let gallery = use_memo((), |_| crate::examples::all());
    let share_link = use_state(String::new);
    // The guided tour: offered once, on a first visit; reopened from the header.
    let tour_at = use_state(|| None::<usize>);
    let tour_offer = use_state(|| {
        browser::get(TOUR_KEY).is_none()
            && browser::hash().is_empty()
            && browser::recent().is_empty()
    });
    let on_tour = {
        let tour_at = tour_at.clone();
        let tour_offer = tour_offer.clone();
        Callback::from(move |to: Option<usize>| {
            tour_at.set(to);
            tour_offer.set(false);
            browser::set(TOUR_KEY, "1");
        })
    };
    // The gallery starts folded on a phone, so the scenario comes first.
    let wide = use_state(|| {
        gloo::utils::window()
            .match_media("(min-width: 761px)")
            .ok()
            .flatten()
            .is_none_or(|m| m.matches())
    });

    // The page is ready for tests and docs sites once the first decisions are drawn:
    // then the app takes the first paint's place (while AWS managed policies are being
    // fetched, the first paint, which has them, stays).
    use_effect_with(state.eval.waiting.is_empty(), |decided| {
        if *decided {
            take_over();
        }
    });

    // Theme on <html>, remembered.
    use_effect_with(state.theme, |t| {
        let root = gloo::utils::document().document_element();
        if let Some(root) = root {
            match t {
                Theme::System => {
                    let _ = root.remove_attribute("data-theme");
                }
                t => {
                    let _ = root.set_attribute("data-theme", t.name());
                }
            }
        }
        browser::set(THEME_KEY, t.name());
    });

    // Autosave each edit into this tab's slot; after an edit, a reload restores the
    // work rather than reopening the link it came from.
    // Writing the slot (the document as JSON in localStorage) waits for a pause in the
    // typing, so a keystroke only redraws; leaving or hiding the page writes at once.
    let unsaved = use_mut_ref(|| None::<(String, Rc<str>)>);
    let save_now = {
        let d = dispatch.clone();
        let unsaved = unsaved.clone();
        Rc::new(move || {
            if let Some((slot, text)) = unsaved.borrow_mut().take() {
                if let Err(e) = browser::save(&slot, &text) {
                    d.dispatch(Action::Banner(Some(Banner::error(format!(
                        "Your last edit could not be saved in this browser: {e}. Export the scenario to keep it."
                    )))));
                }
            }
        })
    };
    {
        let (dirty, slot, text) = (state.dirty, state.slot.clone(), state.text.clone());
        let unsaved = unsaved.clone();
        let save_now = save_now.clone();
        use_effect_with(state.revision, move |_| {
            // Another document was opened: the last edits of the one before go to its
            // slot now.
            if !dirty {
                save_now();
            }
            let timer = dirty.then(|| {
                browser::set_tab_slot(&slot);
                browser::clear_hash();
                *unsaved.borrow_mut() = Some((slot, text));
                gloo::timers::callback::Timeout::new(SAVE_AFTER_MS, move || save_now())
            });
            move || drop(timer)
        });
    }
    // A duplicated tab starts with this tab's session storage, so with its slot: when
    // another tab writes this tab's slot, this tab moves to a slot of its own and saves
    // its work there (an edit waiting to be saved goes there too).
    {
        let (slot, text, d, unsaved) = (
            state.slot.clone(),
            state.text.clone(),
            dispatch.clone(),
            unsaved.clone(),
        );
        use_effect_with((slot, text), move |(slot, text)| {
            let (slot, text) = (slot.clone(), text.clone());
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "storage", move |e| {
                    let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::StorageEvent>(e) else {
                        return;
                    };
                    let ours = format!("{}{slot}", crate::store::SLOT_PREFIX);
                    if e.key().as_deref() != Some(ours.as_str()) || e.new_value().is_none() {
                        return;
                    }
                    let moved = browser::new_slot_id();
                    browser::set_tab_slot(&moved);
                    let pending = unsaved.borrow_mut().take();
                    let latest = pending.map_or_else(|| text.clone(), |(_, t)| t);
                    let _ = browser::save(&moved, &latest);
                    d.dispatch(Action::MoveSlot(moved));
                });
            move || drop(listener)
        });
    }
    {
        let save_now = save_now.clone();
        use_effect_with((), move |_| {
            let s1 = save_now.clone();
            let hide =
                gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| s1());
            let s2 = save_now.clone();
            let hidden = gloo::events::EventListener::new(
                &gloo::utils::document(),
                "visibilitychange",
                move |_| {
                    if gloo::utils::document().hidden() {
                        s2();
                    }
                },
            );
            move || {
                drop(hide);
                drop(hidden);
            }
        });
    }

    // AWS managed policies the document attaches are fetched (from this site) before it
    // is decided; when they arrive, the scenario runs again.
    {
        let d = dispatch.clone();
        let waiting = state.eval.waiting.clone();
        use_effect_with(state.revision, move |_| {
            if !waiting.is_empty() {
                crate::data::fetch_policies(waiting, move || d.dispatch(Action::Run));
            }
        });
    }
    // The validation findings of each revision, once its decisions are drawn; typing on
    // postpones them (each revision cancels the last one's timer).
    {
        let d = dispatch.clone();
        use_effect_with(state.revision, move |revision| {
            let revision = *revision;
            let timer = gloo::timers::callback::Timeout::new(120, move || {
                d.dispatch(Action::Validate(revision));
            });
            move || drop(timer)
        });
    }
    // After the first paint: the names of all managed policies, for messages about one
    // that exists but is not shipped, and the action catalog.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            let d2 = d.clone();
            crate::data::fetch_names(move || d.dispatch(Action::Run));
            // The action catalog: each request is then checked against it too.
            crate::data::fetch_catalog(move || d2.dispatch(Action::Run));
        });
    }

    // On a phone the decision is far below the list: bring it into view when a request
    // is picked. Not on the first render, and not when the selection moved because
    // another document opened or the document changed (a new revision): an example
    // opens at its title and description.
    {
        let last = use_mut_ref(|| None::<u64>);
        use_effect_with(
            (state.selected.clone(), state.revision),
            move |(_, revision)| {
                let before = last.borrow_mut().replace(*revision);
                if before != Some(*revision) {
                    return;
                }
                let narrow = gloo::utils::window()
                    .match_media("(max-width: 760px)")
                    .ok()
                    .flatten()
                    .is_some_and(|m| m.matches());
                if narrow {
                    if let Some(el) = gloo::utils::document().get_element_by_id("decision") {
                        el.scroll_into_view();
                    }
                }
            },
        );
    }

    // Links: the gallery's anchors and pasted share links arrive as hash changes.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    let route = Route::parse(&browser::hash());
                    if route != Route::Home {
                        open(&d, resolve(&route));
                        gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                    }
                });
            move || drop(listener)
        });
    }

    // The share link of the document as it is now.
    let copy_link = {
        let text = state.text.clone();
        let share_link = share_link.clone();
        let d = dispatch.clone();
        Callback::from(move |_: ()| {
            let link = format!("{}{}", browser::base_url(), share::link(&text));
            share_link.set(link.clone());
            copy_to_clipboard(link, d.clone());
        })
    };

    // Keyboard: Ctrl/Cmd+Enter runs, Ctrl/Cmd+S copies the share link.
    {
        let d = dispatch.clone();
        let copy_link = copy_link.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if !(e.ctrl_key() || e.meta_key()) {
                        return;
                    }
                    match e.key().as_str() {
                        "Enter" => {
                            e.prevent_default();
                            d.dispatch(Action::Run);
                        }
                        "s" | "S" => {
                            e.prevent_default();
                            copy_link.emit(());
                        }
                        _ => {}
                    }
                },
            );
            move || drop(listener)
        });
    }

    let recent_tick = use_state(|| 0u32);
    let recent = {
        let hide = state.hide_recent;
        use_memo((state.slot.clone(), state.dirty, *recent_tick), move |_| {
            if hide {
                Vec::new()
            } else {
                browser::recent()
            }
        })
    };

    let act = dispatch.to_callback();
    let on_edit = act.reform(Action::Edit);
    let on_select = act.reform(Action::Select);
    let on_step = act.reform(Action::Step);
    let on_highlight = act.reform(|(s, e): (usize, usize)| Action::Highlight(s, e));
    let on_close_banner = act.reform(|_: ()| Action::Banner(None));
    let on_open_recent = {
        let d = dispatch.clone();
        Callback::from(move |id: String| {
            if let Some(Saved::Ok { slot, .. }) = browser::load(&id) {
                browser::set_tab_slot(&id);
                browser::clear_hash();
                open(
                    &d,
                    Opened {
                        text: slot.text,
                        origin: Origin::Saved,
                        slot: id,
                        banner: None,
                    },
                );
            }
        })
    };
    let on_forget = {
        let tick = recent_tick.clone();
        Callback::from(move |id: String| {
            browser::remove(&id);
            tick.set(*tick + 1);
        })
    };
    let on_theme = act.reform(|e: Event| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        Action::Theme(Theme::parse(&v))
    });
    let on_export = {
        let text = state.text.clone();
        let name = state.eval.name.clone();
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = export(&text, &name) {
                d.dispatch(Action::Banner(Some(Banner::error(format!(
                    "The export failed: {e}"
                )))));
            }
        })
    };
    let on_import = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            import(file, d.clone());
        })
    };
    let on_import_account = {
        let d = dispatch.clone();
        Callback::from(move |(scenario, summary): (String, Vec<String>)| {
            open_imported(scenario, &summary, "your AWS account's policies", &d);
        })
    };
    let reset = match (&state.origin, state.dirty) {
        (Origin::Example(id), true) => Some(id.clone()),
        _ => None,
    };

    let eval = state.eval.clone();
    let shown = use_last_loaded(&eval);
    let pending = !eval.loaded;
    let pending_note = if !eval.waiting.is_empty() {
        Some(format!(
            "Fetching the AWS managed polic{} {} from this site; the decisions follow in a moment.",
            if eval.waiting.len() == 1 { "y" } else { "ies" },
            eval.waiting.join(", ")
        ))
    } else if pending {
        Some(
            "The document has errors (see Problems): these decisions wait until it loads again."
                .to_string(),
        )
    } else {
        None
    };
    let outcome = state
        .selected
        .as_deref()
        .and_then(|n| shown.outcome(n))
        .map(|o| Same(o.clone()));
    let request_warnings = Same(
        state
            .selected
            .as_deref()
            .map(|n| shown.warnings_of(n))
            .unwrap_or_default(),
    );
    let story = Rc::new(if pending { vec![] } else { state.story() });
    let current_example = match &state.origin {
        Origin::Example(id) => Some(id.clone()),
        _ => None,
    };
    let problems = eval.problems.clone();
    // Validation speaks of the document as it reads; while it does not, the last
    // findings (about text since changed) are not shown.
    let findings = Same(if eval.loaded {
        shown.findings.clone()
    } else {
        Rc::new(Vec::new())
    });
    let title = if shown.name.is_empty() {
        "Untitled scenario".to_string()
    } else {
        shown.name.clone()
    };
    let (catalog, catalog_date) = iam_engine::catalog::source_of(env!("CATALOG_SOURCE"));

    html! {
        <div class="shell">
            <header class="top">
                <div class="brand">
                    <h1>{ "IAM Policy Playground" }</h1>
                    <span class="tagline">{ "AWS authorization, decided in your browser. Nothing you type leaves this page." }</span>
                </div>
                <div class="tools" role="toolbar" aria-label="Scenario">
                    <button id="copy-link" type="button" onclick={copy_link.reform(|_: MouseEvent| ())} title="Copy a link that holds the whole scenario (Ctrl/⌘+S)">{ "Copy share link" }</button>
                    <button id="export" type="button" class="ghost" onclick={on_export} title="Download the scenario as a JSON file">{ "Export" }</button>
                    <label class="button ghost" title="Open a scenario JSON file (or the output of aws iam get-account-authorization-details)">
                        { "Import" }
                        <input id="import" type="file" accept=".json,application/json" class="visually-hidden" onchange={on_import} />
                    </label>
                    <a id="new" class="button ghost" href="#new" title="A fresh scenario (your saved work is not shown)">{ "New" }</a>
                    if let Some(id) = reset {
                        <a id="reset" class="button ghost" href={format!("#example/{id}")} title="Open the example as it was; your edits stay in the recent list">{ "Reset to example" }</a>
                    }
                    <button id="tour-open" type="button" class="ghost" onclick={on_tour.reform(|_: MouseEvent| Some(0))} title="A one-minute tour of the page">{ "Tour" }</button>
                    <label class="theme">
                        <span class="visually-hidden">{ "Theme" }</span>
                        <select id="theme" onchange={on_theme} aria-label="Theme">
                            <option value="system" selected={state.theme == Theme::System}>{ "System theme" }</option>
                            <option value="light" selected={state.theme == Theme::Light}>{ "Light" }</option>
                            <option value="dark" selected={state.theme == Theme::Dark}>{ "Dark" }</option>
                        </select>
                    </label>
                </div>
                <div class="share-row" hidden={share_link.is_empty()}>
                    <label for="share-link">{ "Share link" }</label>
                    <input id="share-link" type="text" readonly=true value={(*share_link).clone()} aria-label="Share link of this scenario"
                           onfocus={Callback::from(|e: FocusEvent| {
                               if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); }
                           })} />
                </div>
            </header>
            <BannerView banner={state.banner.clone()} on_close={on_close_banner} />
            <Tour at={*tour_at} offer={*tour_offer} on_go={on_tour} />
            <main class="layout">
                <aside class="side">
                    <details class="side-box" open={*wide}>
                        <summary>{ "Examples and your work" }</summary>
                        <Gallery examples={gallery} current={current_example} />
                        <Recent recent={recent} slot={state.slot.clone()} on_open={on_open_recent} on_forget={on_forget} />
                    </details>
                </aside>
                <div class="work">
                    <section id="scenario-head" class="scenario-head" aria-labelledby="scenario-title">
                        <h2 id="scenario-title">{ title }</h2>
                        { description(&shown.description) }
                    </section>
                    <Requests eval={shown.clone()} pending={pending} pending_note={pending_note} selected={state.selected.clone()} on_select={on_select} />
                    <PolicyEditor text={state.text.clone()} revision={state.revision} sites={state.sites.clone()} policy={state.policy.clone()}
                                  highlight={state.policy_highlight} problems={problems.clone()} findings={findings.clone()}
                                  on_open={act.reform(Action::OpenPolicy)} on_edit={act.reform(|(t, s)| Action::EditPolicy(t, s))} />
                    <Builder text={state.text.clone()} revision={state.revision} on_edit={act.reform(Action::Edit)} on_select={act.reform(Action::Select)} on_open_policy={act.reform(Action::OpenPolicy)} />
                    <WorldPanel tree={state.world.clone()} open={*wide} text={state.text.clone()} on_highlight={on_highlight.clone()} on_edit={act.reform(Action::Edit)} />
                    <ImportPanel on_open={on_import_account} />
                    <Editor text={state.text.clone()} problems={problems} findings={findings} loaded={eval.loaded} highlight={state.highlight}
                            on_edit={on_edit} on_highlight={on_highlight.clone()} />
                </div>
                <TracePanel outcome={outcome} pending={pending} story={story} step={state.step} request_warnings={request_warnings}
                            text={state.text.clone()} on_step={on_step} on_highlight={on_highlight} />
            </main>
            <footer class="foot">
                <span>{ format!("iam-engine {}", env!("CARGO_PKG_VERSION")) }</span>
                <span>{ format!("action catalog: {catalog}{}", catalog_date.map(|d| format!(", data of {d}")).unwrap_or_default()) }</span>
                <span>{ "Decided as the AWS IAM User Guide documents it. Runs entirely in this page." }</span>
            </footer>
        </div>
    }
}

/// The scenario's description: its first sentence, the rest behind "more".
fn description(text: &str) -> Html {
    if text.is_empty() {
        return html! {};
    }
    let first = crate::examples::first_sentence(text);
    let rest = text.get(first.len()..).unwrap_or_default().trim();
    html! {
        <div class="description">
            <p>{ super::rich(&first) }</p>
            if !rest.is_empty() {
                <details>
                    <summary>{ "More about this scenario" }</summary>
                    <p>{ super::rich(rest) }</p>
                </details>
            }
        </div>
    }
}

/// The last evaluation whose document loaded: while the document has errors, the
/// requests stay listed (pending) instead of vanishing.
#[hook]
fn use_last_loaded(eval: &Rc<crate::results::Evaluation>) -> Rc<crate::results::Evaluation> {
    let last = use_mut_ref(|| eval.clone());
    if eval.loaded {
        *last.borrow_mut() = eval.clone();
    }
    let shown = last.borrow().clone();
    shown
}

fn copy_to_clipboard(link: String, d: UseReducerDispatcher<State>) {
    let Some(w) = web_sys::window() else { return };
    let promise = w.navigator().clipboard().write_text(&link);
    wasm_bindgen_futures::spawn_local(async move {
        let msg = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => Banner::info(format!(
                "The share link is on your clipboard ({} characters). It holds the whole scenario: whoever opens it sees what you see, and nothing is stored on a server.",
                link.len()
            )),
            Err(_) => Banner::info("The browser did not allow the clipboard: copy the link from the box under the toolbar."),
        };
        d.dispatch(Action::Banner(Some(msg)));
    });
}

/// Downloads the document as `<name>.json`.
fn export(text: &str, name: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "the browser could not make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make the file")?;
    let doc = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no link element")?
        .dyn_into()
        .map_err(|_| "no link element")?;
    a.set_href(&url);
    a.set_download(&file_name(name));
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name from a scenario name: letters, digits and dashes.
pub fn file_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s = s.trim_matches('-');
    if s.is_empty() {
        "scenario.json".into()
    } else {
        format!("{s}.json")
    }
}

/// Opens a scenario made from an account's own policies, in a slot of its own, with
/// what was imported and what was left out.
fn open_imported(
    scenario: String,
    summary: &[String],
    from: &str,
    d: &UseReducerDispatcher<State>,
) {
    let slot = browser::new_slot_id();
    browser::set_tab_slot(&slot);
    browser::clear_hash();
    let _ = browser::save(&slot, &scenario);
    d.dispatch(Action::Open {
        text: scenario,
        origin: Origin::Imported(from.to_string()),
        slot,
        banner: Some(Banner::info(format!(
            "Imported {from}, converted in this page (nothing was sent anywhere). {} Add requests with the forms to ask it questions.",
            summary.join(" ")
        ))),
    });
}

fn import(file: web_sys::File, d: UseReducerDispatcher<State>) {
    let name = file.name();
    if file.size() > share::MAX_DOC_BYTES as f64 {
        d.dispatch(Action::Banner(Some(Banner::error(format!(
            "{name} is {:.1} MB: the playground opens scenarios up to {} MB.",
            file.size() / 1_048_576.0,
            share::MAX_DOC_BYTES / 1_048_576
        )))));
        return;
    }
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(v) => {
                let text = v.as_string().unwrap_or_default();
                // AWS CLI output (get-account-authorization-details...) is converted.
                if super::import::is_aws_output(&text) {
                    match super::import::convert(&[text]) {
                        Ok((scenario, summary)) => open_imported(scenario, &summary, &name, &d),
                        Err(e) => d.dispatch(Action::Banner(Some(Banner::error(format!(
                            "{name} looks like AWS CLI output, but it could not be imported: {e}"
                        ))))),
                    }
                    return;
                }
                let slot = browser::new_slot_id();
                browser::set_tab_slot(&slot);
                browser::clear_hash();
                let _ = browser::save(&slot, &text);
                d.dispatch(Action::Open {
                    text,
                    origin: Origin::Imported(name.clone()),
                    slot,
                    banner: Some(Banner::info(format!("Opened {name}. It is saved in this browser; your other scenarios are in the recent list."))),
                });
            }
            Err(_) => d.dispatch(Action::Banner(Some(Banner::error(format!(
                "{name} could not be read."
            ))))),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_tidy() {
        assert_eq!(
            file_name("The cross-account role!"),
            "the-cross-account-role.json"
        );
        assert_eq!(file_name("<>"), "scenario.json");
    }
}
