//! The playground's first paint. The app (Yew, the editors, the forms) is a large
//! download; this small module, the engine and plain DOM, opens the same document the
//! app will open (`web::opening::choose`), decides it with the same code
//! (`web::results::evaluate`) and draws its requests, the first request's decision,
//! its story and its gates with the app's own classes and words. `static/boot.js`
//! loads the app once this is on screen; the app draws itself hidden and takes this
//! page's place when its own decisions are ready (`web::view::app`), so the learner
//! sees one page whose controls come alive.
//!
//! It draws nothing when the app would open with a message (a broken link, an unknown
//! example, unreadable saved work) or when the document does not decide: the app then
//! has the whole say. User text goes into the page as text, never as markup.

use iam_engine::trace::Verdict;
use iam_engine::world::RequestOutcome;
use wasm_bindgen::prelude::*;
use web::examples;
use web::gates::{badge, gates, is_blocking, verdict_name};
use web::narrate::narrate;
use web::opening::choose;
use web::results::{evaluate, Evaluation};
use web::state::Theme;
use web::store::{browser, Route, THEME_KEY, TOUR_KEY};
use web::words::{decision_class, decision_icon, decision_label, gate_icon};
use web_sys::{Document, Element};

/// Draws the first paint into `#app`; resolves to whether it drew (when not, the app
/// draws everything). Never throws.
#[wasm_bindgen]
pub async fn first_paint() -> bool {
    draw().await.unwrap_or(false)
}

async fn draw() -> Result<bool, JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let Some(root) = doc.get_element_by_id("app") else {
        return Ok(false);
    };
    let theme = Theme::parse(&browser::get(THEME_KEY).unwrap_or_default());
    if let (Some(html), false) = (doc.document_element(), theme == Theme::System) {
        html.set_attribute("data-theme", theme.name())?;
    }
    let choice = choose(&Route::parse(&browser::hash()));
    if choice.banner.is_some() {
        return Ok(false);
    }
    let mut eval = evaluate(&choice.text, 1);
    if !eval.waiting.is_empty() {
        web::data::load_policies(&eval.waiting).await;
        eval = evaluate(&choice.text, 1);
    }
    if !eval.loaded || eval.outcomes.is_empty() {
        return Ok(false);
    }
    let current = match &choice.origin {
        web::state::Origin::Example(id) => Some(id.as_str()),
        _ => None,
    };
    // As the app decides whether to offer its tour (view::app).
    let first_visit = browser::get(TOUR_KEY).is_none()
        && browser::hash().is_empty()
        && browser::recent().is_empty();
    let page = Page { doc };
    let shell = page.shell(&eval, current, first_visit)?;
    root.replace_children_with_node_1(&shell);
    Ok(true)
}

/// Builds elements. Text always goes in with `set_text_content`.
struct Page {
    doc: Document,
}

impl Page {
    /// A new `<tag class=...>` appended to `parent`.
    fn add(&self, parent: &Element, tag: &str, class: &str) -> Result<Element, JsValue> {
        let e = self.doc.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        parent.append_child(&e)?;
        Ok(e)
    }

    /// A new `<tag class=...>text</tag>` appended to `parent`.
    fn text(
        &self,
        parent: &Element,
        tag: &str,
        class: &str,
        text: &str,
    ) -> Result<Element, JsValue> {
        let e = self.add(parent, tag, class)?;
        e.set_text_content(Some(text));
        Ok(e)
    }

    /// The engine's sentences, with what they quote in backticks as code (as the
    /// app's `view::rich`).
    fn rich(&self, parent: &Element, text: &str) -> Result<(), JsValue> {
        let parts: Vec<&str> = text.split('`').collect();
        let closed = parts.len() % 2 == 1;
        for (i, p) in parts.iter().enumerate() {
            if i % 2 == 1 && (closed || i + 1 < parts.len()) {
                self.text(parent, "code", "", p)?;
            } else {
                let s = if i % 2 == 1 {
                    format!("`{p}")
                } else {
                    p.to_string()
                };
                parent.append_with_str_1(&s)?;
            }
        }
        Ok(())
    }

    fn shell(
        &self,
        eval: &Evaluation,
        current: Option<&str>,
        first_visit: bool,
    ) -> Result<Element, JsValue> {
        let shell = self.doc.create_element("div")?;
        shell.set_class_name("shell first-paint");
        shell.set_attribute("aria-busy", "true")?;
        let top = self.add(&shell, "header", "top")?;
        let brand = self.add(&top, "div", "brand")?;
        self.text(&brand, "h1", "", "IAM Policy Playground")?;
        self.text(
            &brand,
            "span",
            "tagline",
            "AWS authorization, decided in your browser. Nothing you type leaves this page.",
        )?;
        let tools = self.add(&top, "div", "tools")?;
        self.text(&tools, "span", "hint loading-note", "Loading the editors…")?
            .set_attribute("role", "status")?;
        if first_visit {
            // The app offers its tour here: the same words, so nothing moves.
            let offer = self.add(&shell, "aside", "tour offer")?;
            self.text(
                &offer,
                "p",
                "",
                "New to IAM policies? A one-minute tour shows how to read this page.",
            )?;
            let buttons = self.add(&offer, "div", "tour-buttons")?;
            for (class, label) in [("", "Take the tour"), ("ghost", "No thanks")] {
                self.text(&buttons, "button", class, label)?
                    .set_attribute("disabled", "")?;
            }
        }
        let layout = self.add(&shell, "main", "layout")?;
        self.gallery(&layout, current)?;
        let work = self.add(&layout, "div", "work")?;
        let head = self.add(&work, "section", "scenario-head")?;
        let title = if eval.name.is_empty() {
            "Untitled scenario"
        } else {
            eval.name.as_str()
        };
        self.text(&head, "h2", "", title)?;
        if !eval.description.is_empty() {
            let d = self.add(&head, "div", "description")?;
            let first = examples::first_sentence(&eval.description);
            self.rich(&self.add(&d, "p", "")?, &first)?;
            let rest = eval
                .description
                .get(first.len()..)
                .unwrap_or_default()
                .trim();
            if !rest.is_empty() {
                let more = self.add(&d, "details", "")?;
                self.text(&more, "summary", "", "More about this scenario")?;
                self.rich(&self.add(&more, "p", "")?, rest)?;
            }
        }
        self.requests(&work, eval)?;
        if let Some(o) = eval.outcomes.first() {
            self.decision(&layout, o)?;
        }
        Ok(shell)
    }

    fn gallery(&self, layout: &Element, current: Option<&str>) -> Result<(), JsValue> {
        let side = self.add(layout, "aside", "side")?;
        let bx = self.add(&side, "details", "side-box")?;
        let wide = web_sys::window()
            .and_then(|w| w.match_media("(min-width: 761px)").ok().flatten())
            .is_none_or(|m| m.matches());
        if wide {
            bx.set_attribute("open", "")?;
        }
        self.text(&bx, "summary", "", "Examples and your work")?;
        let nav = self.add(&bx, "nav", "gallery")?;
        nav.set_attribute("aria-label", "Examples")?;
        self.text(&nav, "h2", "", "Examples")?;
        let ol = self.add(&nav, "ol", "")?;
        for e in examples::all() {
            let li = self.add(&ol, "li", "")?;
            let is_current = current == Some(e.id);
            let a = self.add(&li, "a", if is_current { "current" } else { "" })?;
            a.set_attribute("href", &format!("#example/{}", e.id))?;
            if is_current {
                a.set_attribute("aria-current", "page")?;
            }
            self.text(&a, "span", "ex-title", &e.title)?;
            self.text(&a, "span", "ex-blurb", &e.blurb)?;
        }
        Ok(())
    }

    fn requests(&self, work: &Element, eval: &Evaluation) -> Result<(), JsValue> {
        let section = self.add(work, "section", "requests")?;
        let head = self.add(&section, "div", "section-head")?;
        self.text(&head, "h2", "", "Requests")?;
        let (met, unmet) = eval.met_unmet();
        if met + unmet > 0 {
            self.text(
                &head,
                "span",
                if unmet > 0 { "tally bad" } else { "tally" },
                &format!("{met} of {} as expected", met + unmet),
            )?;
        }
        let ol = self.add(&section, "ol", "request-list")?;
        ol.set_attribute("aria-label", "Requests of the scenario")?;
        for (i, o) in eval.outcomes.iter().enumerate() {
            let link = eval.link(&o.name);
            let via = link.and_then(|l| l.via_session.clone().or_else(|| l.via_key.clone()));
            let class = match (via.is_some(), i == 0) {
                (true, true) => "request chained selected",
                (true, false) => "request chained",
                (false, true) => "request selected",
                (false, false) => "request",
            };
            let li = self.add(&ol, "li", class)?;
            li.set_attribute("data-request", &o.name)?;
            li.set_attribute("data-decision", &o.result)?;
            if let Some(m) = o.met {
                li.set_attribute("data-met", if m { "true" } else { "false" })?;
            }
            let top = self.add(&li, "div", "req-top")?;
            self.text(
                &top,
                "span",
                &format!("chip {}", decision_class(&o.result)),
                decision_label(&o.result),
            )?;
            self.text(&top, "span", "req-name", &o.name)?;
            if let (Some(e), Some(m)) = (&o.expected, o.met) {
                if m {
                    self.text(&top, "span", "met ok", "✓ as expected")?;
                } else {
                    self.text(
                        &top,
                        "span",
                        "met bad",
                        &format!("✗ expected {}", decision_label(e)),
                    )?;
                }
            }
            self.what(&li, o)?;
            let who = self.add(&li, "div", "req-who")?;
            self.rich(&who, &o.who)?;
            if let Some(v) = via {
                self.text(
                    &li,
                    "div",
                    "chain-note",
                    &format!("↳ uses the credentials made by \u{201c}{v}\u{201d}"),
                )?;
            }
            if let Some(s) = &o.session {
                let kind = if s.kind.ends_with("session") {
                    s.kind.clone()
                } else {
                    format!("{} session", s.kind)
                };
                let note =
                    self.text(&li, "div", "chain-note made", &format!("→ made a {kind} "))?;
                self.text(&note, "code", "arn", &s.arn)?;
                note.append_with_str_1(&format!(" (until {})", s.expires))?;
            }
            if let Some(k) = &o.created_access_key {
                self.text(
                    &li,
                    "div",
                    "chain-note made",
                    &format!(
                        "→ made access key {} for {} (its secret is shown once, in the trace)",
                        k.access_key_id, k.user
                    ),
                )?;
            }
        }
        if !eval.outcomes.is_empty() {
            self.text(&section, "p", "hint req-how", web::words::REQUESTS_HOW)?;
        }
        Ok(())
    }

    /// "s3:GetObject on arn:...".
    fn what(&self, parent: &Element, o: &RequestOutcome) -> Result<(), JsValue> {
        let what = self.add(parent, "div", "req-what")?;
        self.text(&what, "code", "action", &o.action)?;
        self.text(&what, "span", "on", " on ")?;
        self.text(&what, "code", "arn", &o.resource)?;
        Ok(())
    }

    /// The first request's decision, its story told whole, and its gates.
    fn decision(&self, layout: &Element, o: &RequestOutcome) -> Result<(), JsValue> {
        let panel = self.add(layout, "section", "trace-panel")?;
        panel.set_attribute("aria-label", "Decision")?;
        let card = self.add(
            &panel,
            "div",
            &format!("decision {}", decision_class(&o.result)),
        )?;
        card.set_attribute("data-decision", &o.result)?;
        let verdict = self.add(&card, "div", "verdict")?;
        self.text(&verdict, "span", "verdict-icon", decision_icon(&o.result))?
            .set_attribute("aria-hidden", "true")?;
        self.text(&verdict, "span", "verdict-word", decision_label(&o.result))?;
        let line = self.add(&card, "p", "req-line")?;
        self.text(&line, "strong", "", &o.name)?;
        line.append_with_str_1(": ")?;
        self.text(&line, "code", "", &o.action)?;
        line.append_with_str_1(" on ")?;
        self.text(&line, "code", "arn", &o.resource)?;
        let summary = self.add(&card, "p", "summary")?;
        match (&o.trace, &o.error) {
            (Some(t), _) => self.rich(&summary, &t.summary)?,
            (None, Some(e)) => summary.set_text_content(Some(e)),
            (None, None) => summary.set_text_content(Some(&o.authentication.detail)),
        }
        if !o.notes.is_empty() {
            let notes = self.add(&card, "ul", "notes")?;
            notes.set_attribute("role", "note")?;
            for n in &o.notes {
                let li = self.add(&notes, "li", "")?;
                li.append_with_str_1("ℹ ")?;
                self.rich(&li, n)?;
            }
        }
        if let (Some(exp), Some(met)) = (&o.expected, o.met) {
            let text = if met {
                format!("✓ The scenario expects {}: met.", decision_label(exp))
            } else {
                format!(
                    "✗ The scenario expects {}, but AWS would decide {}.",
                    decision_label(exp),
                    decision_label(&o.result)
                )
            };
            self.text(
                &card,
                "p",
                if met { "expect ok" } else { "expect bad" },
                &text,
            )?;
        }
        // The story at its first rule, as the app opens it; its buttons work once the
        // app is there.
        let story = narrate(o);
        let section = self.add(&panel, "section", "story")?;
        let head = self.add(&section, "div", "section-head")?;
        self.text(&head, "h3", "", "How AWS decides, step by step")?;
        let buttons = self.add(&head, "div", "step-buttons")?;
        let count = format!("1 / {}", story.len());
        for (class, label) in [
            ("ghost", "« Start"),
            ("", "◀ Previous"),
            ("step-count", count.as_str()),
            ("", "Next ▶"),
            ("ghost", "All »"),
        ] {
            if class == "step-count" {
                self.text(&buttons, "span", class, label)?;
            } else {
                self.text(&buttons, "button", class, label)?
                    .set_attribute("disabled", "")?;
            }
        }
        let ol = self.add(&section, "ol", "narration")?;
        if let Some(l) = story.first() {
            let li = self.add(&ol, "li", &format!("line {} current", l.tone.class()))?;
            self.rich(&li, &l.text)?;
        }
        let Some(t) = o
            .trace
            .as_ref()
            .filter(|t| t.decision != iam_engine::Decision::Invalid)
        else {
            return Ok(());
        };
        let bx = self.add(&panel, "section", "gates-box")?;
        self.text(&bx, "h3", "", "The layers, in AWS's order")?;
        self.text(&bx, "p", "hint", "Every layer that applies must allow the request, and no Deny anywhere may match. Open a layer to see its policies and statements.")?;
        let ol = self.add(&bx, "ol", "gates")?;
        let gs = gates(t);
        let blocked_at = gs.iter().position(|g| is_blocking(t, g));
        for (i, g) in gs.iter().enumerate() {
            let v = verdict_name(g.verdict);
            let lower = v.to_ascii_lowercase();
            let blocking = blocked_at == Some(i);
            let unreached = blocked_at.is_some_and(|b| i > b)
                && t.decision != iam_engine::Decision::ExplicitDeny
                && g.verdict != Verdict::NotApplicable;
            let mut class = format!("gate v-{lower}");
            for (on, c) in [(blocking, " blocking"), (unreached, " unreached")] {
                if on {
                    class.push_str(c);
                }
            }
            let li = self.add(&ol, "li", &class)?;
            li.set_attribute("data-layer", g.layer.name())?;
            li.set_attribute("data-verdict", v)?;
            let details = self.add(&li, "details", "")?;
            if blocking || g.verdict == Verdict::Deny {
                details.set_attribute("open", "")?;
            }
            let summary = self.add(&details, "summary", "")?;
            self.text(&summary, "span", "gate-mark", gate_icon(v))?
                .set_attribute("aria-hidden", "true")?;
            self.text(&summary, "span", "gate-title", &g.title)?;
            self.text(&summary, "span", &format!("badge b-{lower}"), badge(g))?;
            if blocking {
                self.text(&summary, "span", "stops", "stops the request here")?;
            }
            if unreached {
                self.text(&summary, "span", "stops muted", web::words::UNREACHED)?;
            }
            let note = self.add(&details, "p", "gate-note")?;
            self.rich(&note, &g.note)?;
            self.text(&details, "p", "gate-what", web::words::what_it_is(g.layer))?;
        }
        Ok(())
    }
}
