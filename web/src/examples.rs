//! The gallery: every bundled scenario, by file stem, title and one-line description.

use iam_engine::world::bundled::SCENARIOS;

/// The example a first visit opens: the smallest world that shows an Allow and the
/// default deny around it (one user, one policy, three requests), decided without
/// waiting for any download. The gallery goes on from there to explicit denies,
/// boundaries, organizations and the cross-account walkthrough.
pub const FIRST_VISIT: &str = "02-allow";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The file stem, as in `#example/<id>`.
    pub id: &'static str,
    pub title: String,
    /// The first sentence of the scenario's description.
    pub blurb: String,
    pub text: &'static str,
}

/// Every bundled scenario, in teaching order.
pub fn all() -> Vec<Example> {
    SCENARIOS
        .iter()
        .map(|&(id, text)| {
            let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default();
            let title = match field("name") {
                "" => id.to_string(),
                name => name.to_string(),
            };
            Example {
                id,
                title,
                blurb: first_sentence(field("description")),
                text,
            }
        })
        .collect()
}

pub fn find(id: &str) -> Option<Example> {
    all().into_iter().find(|e| e.id == id)
}

/// Up to the first ". " (or the whole text), for a one-line description.
pub fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text.get(..=i).unwrap_or(text).to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_a_title_and_a_blurb() {
        let all = all();
        assert_eq!(all.len(), SCENARIOS.len());
        for e in &all {
            assert!(!e.title.is_empty() && e.title != e.id, "{}", e.id);
            assert!(!e.blurb.is_empty(), "{}", e.id);
        }
        assert!(find(FIRST_VISIT).is_some());
        assert!(find("nope").is_none());
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(first_sentence("One. Two. Three"), "One.");
        assert_eq!(first_sentence("No stop"), "No stop");
        assert_eq!(first_sentence("v1.2 is fine. Next"), "v1.2 is fine.");
    }
}
