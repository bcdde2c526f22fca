//! What the page opens first, by the URL's hash: an example, a share link, a fresh
//! scenario, or (no hash) this tab's work, the most recent saved work, or the first
//! visit's example. Reads the browser's storage and changes nothing, so the first paint
//! (web/preview) and the app make the same choice; the app then gives the document its
//! storage slot.

use crate::examples::{self, FIRST_VISIT};
use crate::state::{Banner, Origin};
use crate::store::{browser, Route, Saved};
use iam_engine::world::share;

/// A blank scenario for `#new`: one account, one user, one request.
pub const NEW_SCENARIO: &str = r#"{
  "format": "iam-playground/scenario@1",
  "name": "New scenario",
  "description": "One account with one user. Give alice a policy, then add requests.",
  "now": "2026-01-01T12:00:00Z",
  "accounts": {
    "111122223333": {
      "alias": "my-account",
      "users": {
        "alice": {}
      }
    }
  },
  "requests": [
    {
      "name": "alice lists her buckets",
      "who": { "user": "alice" },
      "action": "s3:ListAllMyBuckets",
      "resource": "*"
    }
  ]
}
"#;

/// The document to open, where it comes from, and a message. Never loses saved work: a
/// route that cannot be opened falls back to home and says why.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub text: String,
    pub origin: Origin,
    pub banner: Option<Banner>,
    /// A link, an example or `#new` opens in a slot of its own (so it never overwrites
    /// saved work); home opens in this tab's slot.
    pub fresh_slot: bool,
}

pub fn choose(route: &Route) -> Choice {
    let fresh = |text: String, origin: Origin| Choice {
        text,
        origin,
        banner: None,
        fresh_slot: true,
    };
    match route {
        Route::Home => home(),
        Route::New => fresh(NEW_SCENARIO.to_string(), Origin::New),
        Route::Example(id) => match examples::find(id) {
            Some(e) => fresh(e.text.to_string(), Origin::Example(e.id.to_string())),
            None => with_banner(
                home(),
                Banner::error(format!(
                    "There is no example called \u{201c}{id}\u{201d}. The gallery lists them all. Your saved work is as you left it."
                )),
            ),
        },
        Route::Shared(payload) => match shared(payload) {
            Ok(text) => fresh(text, Origin::Shared),
            Err(e) => with_banner(
                home(),
                Banner::error(format!(
                    "This share link cannot be opened: {e}. Nothing of your saved work was changed."
                )),
            ),
        },
        Route::Unknown(h) => with_banner(
            home(),
            Banner::error(format!(
                "The address ends in \u{201c}#{}\u{201d}, which the playground does not know. Links look like #example/<name> or #scenario/<data>.",
                h.chars().take(60).collect::<String>()
            )),
        ),
    }
}

/// A share link's document. Decoded as the fragment it came in, so a second `#` in it
/// is refused as the command line refuses it, never read as a link of its own.
fn shared(payload: &str) -> Result<String, share::ShareError> {
    share::decode(&format!("#scenario/{payload}"))
}

fn with_banner(mut c: Choice, b: Banner) -> Choice {
    c.banner = Some(b);
    c
}

/// No hash: this tab's own work after a reload; else the most recent saved work (as a
/// copy, so two tabs never share a slot); else the first visit's example. Only the
/// tab's own work opens in the tab's slot: when that slot cannot be read, what opens
/// instead gets a new slot, so the unreadable one is kept as it is.
fn home() -> Choice {
    let saved = |text: String, banner: Option<Banner>| Choice {
        text,
        origin: Origin::Saved,
        banner,
        fresh_slot: true,
    };
    if let Some(Saved::Ok { slot, .. }) = browser::tab_slot_if_any().and_then(|t| browser::load(&t))
    {
        return Choice {
            fresh_slot: false,
            ..saved(slot.text, None)
        };
    }
    let recent = browser::recent();
    let unreadable = recent
        .iter()
        .filter(|s| matches!(s, Saved::Unreadable { .. }))
        .count();
    let banner = (unreadable > 0).then(|| {
        Banner::error(format!(
            "{unreadable} saved scenario{} in this browser could not be read. {} kept as {} in the recent list; nothing was overwritten.",
            if unreadable == 1 { "" } else { "s" },
            if unreadable == 1 { "It is" } else { "They are" },
            if unreadable == 1 { "it is" } else { "they are" },
        ))
    });
    if let Some(Saved::Ok { slot, .. }) = recent.into_iter().find(|s| matches!(s, Saved::Ok { .. }))
    {
        let welcome = Banner::info(format!(
            "Welcome back: this is your most recent scenario, \u{201c}{}\u{201d}.",
            slot.name
        ));
        return saved(slot.text, Some(banner.unwrap_or(welcome)));
    }
    let text = examples::find(FIRST_VISIT)
        .map(|e| e.text.to_string())
        .unwrap_or_else(|| NEW_SCENARIO.into());
    Choice {
        text,
        origin: Origin::Example(FIRST_VISIT.into()),
        banner,
        fresh_slot: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_scenario_loads_and_decides() {
        let e = crate::results::evaluate(NEW_SCENARIO, 1);
        assert!(e.loaded, "{:?}", e.problems);
        assert_eq!(e.errors(), 0);
        assert_eq!(
            e.outcomes.first().map(|o| o.result.as_str()),
            Some("ImplicitDeny")
        );
    }

    // Routes that never read the browser's storage (home does; the browser tests and
    // the end-to-end suite cover it).
    #[test]
    fn links_examples_and_new_open_in_a_slot_of_their_own() {
        let c = choose(&Route::New);
        assert_eq!((c.origin, c.fresh_slot), (Origin::New, true));
        let c = choose(&Route::Example("14-cross-account-role".into()));
        assert_eq!(c.origin, Origin::Example("14-cross-account-role".into()));
        assert!(c.fresh_slot && c.banner.is_none());
        let c = choose(&Route::Shared(share::encode(NEW_SCENARIO)));
        assert_eq!((c.text.as_str(), c.origin), (NEW_SCENARIO, Origin::Shared));
    }

    #[test]
    fn a_link_with_a_second_fragment_is_refused_not_read_as_the_second() {
        let a = share::encode(NEW_SCENARIO);
        let b = share::encode(crate::examples::find(FIRST_VISIT).map_or("", |e| e.text));
        let Route::Shared(payload) = Route::parse(&format!("#scenario/{a}#scenario/{b}")) else {
            panic!("a scenario link")
        };
        let e = shared(&payload).map(|_| ()).unwrap_err().to_string();
        assert!(e.contains('#'), "{e}");
        assert_eq!(shared(&a).ok().as_deref(), Some(NEW_SCENARIO));
        let cli = share::decode(&format!("https://x.test/#scenario/{a}#scenario/{b}"));
        assert!(cli.is_err());
    }
}
