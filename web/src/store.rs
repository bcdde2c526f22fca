//! Where scenarios come from and where work is kept: the URL's hash (`#example/<id>`,
//! `#scenario/<payload>`, `#new`) and the browser's storage.
//!
//! Saved work lives in `localStorage`, one key per slot (`iam-playground/slot@1/<id>`),
//! so two tabs never write the same key: each tab owns the slot whose id it keeps in
//! `sessionStorage` (which survives a reload, not a new tab). A slot that cannot be
//! read is listed as such and never overwritten or removed without the user's say.

use serde::{Deserialize, Serialize};

pub const SLOT_PREFIX: &str = "iam-playground/slot@1/";
pub const TAB_KEY: &str = "iam-playground/tab-slot";
pub const THEME_KEY: &str = "iam-playground/theme";
pub const TOUR_KEY: &str = "iam-playground/tour-seen";
/// How many saved scenarios are kept; the oldest beyond this are dropped.
pub const MAX_SLOTS: usize = 20;

/// What the URL's hash asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// No hash: restore this tab's work, or the most recent, or the first example.
    Home,
    Example(String),
    /// A share link's payload, not yet decoded.
    Shared(String),
    /// A fresh playground that shows no saved work.
    New,
    /// A hash the playground does not know.
    Unknown(String),
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        if h.is_empty() {
            return Route::Home;
        }
        if let Some(id) = h.strip_prefix("example/") {
            return Route::Example(percent_decode(id));
        }
        if let Some(p) = h.strip_prefix("scenario/") {
            return Route::Shared(p.to_string());
        }
        if h == "new" {
            return Route::New;
        }
        Route::Unknown(h.to_string())
    }
}

/// `%20` and the like in a hash typed or pasted by hand.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = |j: usize| b.get(j).and_then(|&h| (h as char).to_digit(16));
        match (c, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One saved scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// The scenario's name when it was saved (for the recent list).
    pub name: String,
    /// Milliseconds since the epoch.
    pub updated: f64,
    pub text: String,
}

/// A slot as found in storage: readable, or kept as it is with the reason.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    Ok { id: String, slot: Slot },
    Unreadable { id: String, error: String },
}

impl Saved {
    pub fn id(&self) -> &str {
        match self {
            Saved::Ok { id, .. } | Saved::Unreadable { id, .. } => id,
        }
    }
}

/// Reads a slot's stored text.
pub fn parse_slot(id: &str, raw: &str) -> Saved {
    match serde_json::from_str::<Slot>(raw) {
        Ok(slot) => Saved::Ok {
            id: id.to_string(),
            slot,
        },
        Err(e) => Saved::Unreadable {
            id: id.to_string(),
            error: format!("line {}, column {}: {e}", e.line(), e.column()),
        },
    }
}

/// The name to list a document under: its `name`, else the first characters.
pub fn name_of(text: &str) -> String {
    #[derive(Deserialize)]
    struct Named {
        #[serde(default)]
        name: String,
    }
    match serde_json::from_str::<Named>(text) {
        Ok(n) if !n.name.trim().is_empty() => n.name,
        _ => "Untitled scenario (does not load yet)".to_string(),
    }
}

/// Sorts saved work newest first (unreadable slots last).
pub fn sort_recent(list: &mut [Saved]) {
    list.sort_by(|a, b| {
        let t = |s: &Saved| match s {
            Saved::Ok { slot, .. } => slot.updated,
            Saved::Unreadable { .. } => f64::NEG_INFINITY,
        };
        t(b).total_cmp(&t(a)).then_with(|| a.id().cmp(b.id()))
    });
}

/// The browser side: storage access that never throws into the page (private mode,
/// full quota and disabled storage all come back as errors to show).
pub mod browser {
    use super::*;
    use web_sys::Storage;

    fn local() -> Option<Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn session() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn now_ms() -> f64 {
        js_sys::Date::now()
    }

    /// A new slot id: time and randomness, so tabs do not collide.
    pub fn new_slot_id() -> String {
        format!(
            "{:x}-{:06x}",
            now_ms() as u64,
            (js_sys::Math::random() * 16_777_216.0) as u32
        )
    }

    /// This tab's slot id, if it has one yet.
    pub fn tab_slot_if_any() -> Option<String> {
        session()
            .and_then(|s| s.get_item(TAB_KEY).ok().flatten())
            .filter(|id| !id.is_empty())
    }

    /// This tab's slot id, made on first use.
    pub fn tab_slot() -> String {
        if let Some(id) = tab_slot_if_any() {
            return id;
        }
        let id = new_slot_id();
        set_tab_slot(&id);
        id
    }

    pub fn set_tab_slot(id: &str) {
        if tab_slot_if_any().as_deref() == Some(id) {
            return;
        }
        if let Some(s) = session() {
            let _ = s.set_item(TAB_KEY, id);
        }
    }

    /// Every saved scenario, newest first.
    pub fn recent() -> Vec<Saved> {
        let Some(s) = local() else { return vec![] };
        let n = s.length().unwrap_or(0);
        let mut out = vec![];
        for i in 0..n {
            let Some(key) = s.key(i).ok().flatten() else {
                continue;
            };
            let Some(id) = key.strip_prefix(SLOT_PREFIX) else {
                continue;
            };
            if let Some(raw) = s.get_item(&key).ok().flatten() {
                out.push(parse_slot(id, &raw));
            }
        }
        sort_recent(&mut out);
        out
    }

    pub fn load(id: &str) -> Option<Saved> {
        let raw = local()?.get_item(&format!("{SLOT_PREFIX}{id}")).ok()??;
        Some(parse_slot(id, &raw))
    }

    /// Saves `text` in slot `id`, then drops the oldest readable slots beyond
    /// [`MAX_SLOTS`]. Says why when the browser refuses.
    pub fn save(id: &str, text: &str) -> Result<(), String> {
        let s = local().ok_or("this browser does not allow saving (localStorage is off)")?;
        let slot = Slot {
            name: name_of(text),
            updated: now_ms(),
            text: text.to_string(),
        };
        let raw = serde_json::to_string(&slot).map_err(|e| e.to_string())?;
        s.set_item(&format!("{SLOT_PREFIX}{id}"), &raw)
            .map_err(|_| "the browser refused to save (its storage may be full)".to_string())?;
        let readable: Vec<Saved> = recent()
            .into_iter()
            .filter(|r| matches!(r, Saved::Ok { .. }))
            .collect();
        for old in readable.iter().skip(MAX_SLOTS) {
            let _ = s.remove_item(&format!("{SLOT_PREFIX}{}", old.id()));
        }
        Ok(())
    }

    pub fn remove(id: &str) {
        if let Some(s) = local() {
            let _ = s.remove_item(&format!("{SLOT_PREFIX}{id}"));
        }
    }

    pub fn get(key: &str) -> Option<String> {
        local()?.get_item(key).ok()?
    }

    pub fn set(key: &str, value: &str) {
        if let Some(s) = local() {
            let _ = s.set_item(key, value);
        }
    }

    pub fn hash() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    /// Drops the hash from the address without a navigation (after an edit, so a
    /// reload restores the edited work rather than reopening the link).
    pub fn clear_hash() {
        let Some(w) = web_sys::window() else { return };
        let l = w.location();
        if l.hash().map(|h| h.is_empty()).unwrap_or(true) {
            return;
        }
        let url = format!(
            "{}{}",
            l.pathname().unwrap_or_default(),
            l.search().unwrap_or_default()
        );
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }

    /// The page's address without its hash, for share links.
    pub fn base_url() -> String {
        web_sys::window()
            .and_then(|w| {
                let l = w.location();
                Some(format!(
                    "{}{}{}",
                    l.origin().ok()?,
                    l.pathname().ok()?,
                    l.search().ok()?
                ))
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_parse_from_the_hash() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(
            Route::parse("#example/14-cross-account-role"),
            Route::Example("14-cross-account-role".into())
        );
        assert_eq!(Route::parse("#example/a%20b"), Route::Example("a b".into()));
        assert_eq!(
            Route::parse("#scenario/abc_-"),
            Route::Shared("abc_-".into())
        );
        assert_eq!(Route::parse("#new"), Route::New);
        assert_eq!(Route::parse("#nope"), Route::Unknown("nope".into()));
        assert_eq!(Route::parse("#example/%zz"), Route::Example("%zz".into()));
    }

    #[test]
    fn a_corrupt_slot_is_kept_with_its_reason() {
        match parse_slot("x", "{\"name\": 1") {
            Saved::Unreadable { id, error } => {
                assert_eq!(id, "x");
                assert!(error.starts_with("line 1, column"), "{error}");
            }
            other => panic!("{other:?}"),
        }
        let ok = serde_json::to_string(&Slot {
            name: "n".into(),
            updated: 5.0,
            text: "{}".into(),
        })
        .unwrap();
        assert!(matches!(parse_slot("y", &ok), Saved::Ok { .. }));
    }

    #[test]
    fn recent_work_is_newest_first_and_unreadable_last() {
        let slot = |u: f64| Slot {
            name: String::new(),
            updated: u,
            text: String::new(),
        };
        let mut l = vec![
            Saved::Unreadable {
                id: "bad".into(),
                error: String::new(),
            },
            Saved::Ok {
                id: "old".into(),
                slot: slot(1.0),
            },
            Saved::Ok {
                id: "new".into(),
                slot: slot(9.0),
            },
        ];
        sort_recent(&mut l);
        let ids: Vec<&str> = l.iter().map(Saved::id).collect();
        assert_eq!(ids, ["new", "old", "bad"]);
    }

    #[test]
    fn names_come_from_the_document() {
        assert_eq!(name_of(r#"{"name": "Mine"}"#), "Mine");
        assert!(name_of("{oops").starts_with("Untitled"));
        assert!(name_of(r#"{"name": "  "}"#).starts_with("Untitled"));
    }
}
