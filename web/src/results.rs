//! Deciding the scenario: load the document, run its requests in order with traces.
//! Everything the page shows about decisions is derived from an [`Evaluation`].

use iam_engine::diag::{Diagnostic, Severity};
use iam_engine::reqcheck::RequestWarning;
use iam_engine::world::{RequestOutcome, Scenario};
use std::rc::Rc;

/// One request as the document writes it, with what the list needs beyond the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLink {
    pub name: String,
    /// The earlier request whose STS session this one uses (`"who": {"session": ...}`).
    pub via_session: Option<String>,
    /// The earlier request whose new access key this one signs with (`key_from`).
    pub via_key: Option<String>,
}

/// The decided scenario: what the document says and what each request came to.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// The revision of the document this was computed from.
    pub revision: u64,
    /// Whether the document loaded; when not, `problems` says why and there are no
    /// outcomes.
    pub loaded: bool,
    pub name: String,
    pub description: String,
    /// Errors that stopped the document from loading, or warnings and policy problems.
    pub problems: Rc<Vec<Diagnostic>>,
    pub outcomes: Vec<Rc<RequestOutcome>>,
    pub links: Vec<RequestLink>,
    /// The engine's validation of the scenario's own policies (Access Analyzer's
    /// families), and its external access findings. Worked out after the decisions are
    /// drawn ([`Evaluation::validated`]), so an edit redraws the decisions first.
    pub findings: Rc<Vec<iam_engine::validate::Finding>>,
    /// Whether `findings` has been worked out for this revision.
    pub validated: bool,
    /// The loaded scenario, kept for the validation that follows.
    pub scenario: Option<Rc<Scenario>>,
    /// AWS managed policies being fetched before the scenario can be decided.
    pub waiting: Vec<String>,
    /// While waiting: the requests as written (name, action, resource), undecided.
    pub undecided: Vec<(String, String, String)>,
    /// What the action catalog says about each request itself (an unknown action, a
    /// resource of the wrong type...), by request name. Empty until the catalog is
    /// installed (fetched after the first decision).
    pub request_warnings: Rc<Vec<(String, Rc<Vec<RequestWarning>>)>>,
}

impl PartialEq for Evaluation {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl Evaluation {
    /// This evaluation with its validation findings (the same when it has them, or
    /// when the document did not load).
    pub fn validate(&self) -> Evaluation {
        let mut e = self.clone();
        if let Some(s) = self.scenario.as_ref().filter(|_| !self.validated) {
            e.findings = Rc::new(iam_engine::world::validate::validate_scenario(s));
        }
        e.validated = true;
        e
    }

    /// The catalog's warnings about request `name` itself (none when it has none).
    pub fn warnings_of(&self, name: &str) -> Rc<Vec<RequestWarning>> {
        self.request_warnings
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, w)| w.clone())
            .unwrap_or_default()
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn outcome(&self, name: &str) -> Option<&Rc<RequestOutcome>> {
        self.outcomes.iter().find(|o| o.name == name)
    }

    pub fn link(&self, name: &str) -> Option<&RequestLink> {
        self.links.iter().find(|l| l.name == name)
    }

    /// Requests that meet their expectation, and those that do not.
    pub fn met_unmet(&self) -> (usize, usize) {
        let met = self.outcomes.iter().filter(|o| o.met == Some(true)).count();
        let unmet = self
            .outcomes
            .iter()
            .filter(|o| o.met == Some(false))
            .count();
        (met, unmet)
    }
}

/// Loads and runs the document. Never panics: a document that does not load gives its
/// located errors and no outcomes.
pub fn evaluate(text: &str, revision: u64) -> Evaluation {
    let loaded = Scenario::load(text);
    // An AWS managed policy not fetched yet makes the load fail (an unknown policy), or,
    // passed in a session's PolicyArns, the request: only then is the document read for
    // the policies to fetch, so an edit parses the document once.
    if loaded.is_err() || text.contains("PolicyArns") {
        let waiting = crate::data::missing(text);
        if !waiting.is_empty() {
            return waiting_for(text, revision, waiting);
        }
    }
    match loaded {
        Ok(scenario) => {
            let links = scenario
                .doc
                .requests
                .iter()
                .map(|r| RequestLink {
                    name: r.name.clone(),
                    via_session: r.who.session.clone(),
                    via_key: r.who.key_from.clone(),
                })
                .collect();
            let request_warnings = Rc::new(
                scenario
                    .doc
                    .requests
                    .iter()
                    .map(|r| (r.name.clone(), checked(r)))
                    .filter(|(_, w)| !w.is_empty())
                    .collect(),
            );
            Evaluation {
                revision,
                loaded: true,
                request_warnings,
                name: scenario.doc.name.clone(),
                description: scenario.doc.description.clone(),
                outcomes: scenario.run(true).into_iter().map(Rc::new).collect(),
                problems: Rc::new(scenario.diagnostics.clone()),
                scenario: Some(Rc::new(scenario)),
                links,
                ..Evaluation::default()
            }
        }
        Err(e) => Evaluation {
            revision,
            loaded: false,
            problems: Rc::new(e.diagnostics),
            ..Evaluation::default()
        },
    }
}

thread_local! {
    /// The catalog's warnings by what they depend on (action, resource, context keys):
    /// an edit mostly changes policies, so the requests' checks are remembered.
    static CHECKED: std::cell::RefCell<std::collections::HashMap<String, Rc<Vec<RequestWarning>>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`iam_engine::reqcheck::check_request`], remembered. A check without a catalog (not
/// installed yet) is not remembered, so the warnings appear once it is.
fn checked(r: &iam_engine::world::doc::RequestDoc) -> Rc<Vec<RequestWarning>> {
    let mut key = format!("{}\u{0}{}", r.action, r.resource);
    for k in r.context.keys() {
        key.push('\u{0}');
        key.push_str(k);
    }
    if let Some(w) = CHECKED.with(|c| c.borrow().get(&key).cloned()) {
        return w;
    }
    let w = Rc::new(iam_engine::reqcheck::check_request(r));
    if iam_engine::catalog::current().is_some() {
        CHECKED.with(|c| {
            let mut c = c.borrow_mut();
            // A bound on what a long session of typing can leave behind.
            if c.len() > 4096 {
                c.clear();
            }
            c.insert(key, w.clone());
        });
    }
    w
}

/// A document that needs AWS managed policies not fetched yet: its requests, pending.
fn waiting_for(text: &str, revision: u64, waiting: Vec<String>) -> Evaluation {
    let doc: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let field = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let undecided = doc
        .get("requests")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .map(|r| (field(r, "name"), field(r, "action"), field(r, "resource")))
        .collect();
    let (name, description) = (field(&doc, "name"), field(&doc, "description"));
    Evaluation {
        revision,
        name,
        description,
        waiting,
        undecided,
        ..Evaluation::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_engine::world::bundled::SCENARIOS;

    #[test]
    fn requests_are_checked_against_the_catalog_by_name() {
        let text = r#"{"format": "iam-playground/scenario@1",
          "accounts": {"111122223333": {"users": {"ana": {}}}},
          "requests": [
            {"name": "typo", "who": {"user": "ana"}, "action": "s3:GetObjekt", "resource": "arn:aws:s3:::b/k"},
            {"name": "fine", "who": {"user": "ana"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
            {"name": "bucket", "who": {"user": "ana"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b"}]}"#;
        let e = evaluate(text, 1);
        let codes = |n: &str| -> Vec<&str> { e.warnings_of(n).iter().map(|w| w.code).collect() };
        assert_eq!(codes("typo"), ["UNKNOWN_ACTION"]);
        assert!(e.warnings_of("typo")[0].message.contains("s3:GetObject"));
        assert!(codes("fine").is_empty());
        assert_eq!(codes("bucket"), ["RESOURCE_TYPE_MISMATCH"]);
        // The bundled scenarios ask nothing the catalog finds odd.
        for (id, text) in SCENARIOS {
            assert!(evaluate(text, 1).request_warnings.is_empty(), "{id}");
        }
    }

    #[test]
    fn every_bundled_scenario_loads_and_meets_its_expectations() {
        for (id, text) in SCENARIOS {
            let e = evaluate(text, 1);
            assert!(e.loaded, "{id}: {:?}", e.problems);
            assert_eq!(e.errors(), 0, "{id}");
            assert!(!e.outcomes.is_empty(), "{id}");
            assert_eq!(e.met_unmet().1, 0, "{id}");
            assert!(e
                .outcomes
                .iter()
                .all(|o| o.trace.is_some() || o.decision.is_none()));
        }
    }

    #[test]
    fn sessions_link_back_to_the_request_that_made_them() {
        let text = iam_engine::world::bundled::text("14-cross-account-role").unwrap_or_default();
        let e = evaluate(text, 1);
        let l = e.link("David's role session updates the app");
        assert_eq!(
            l.and_then(|l| l.via_session.as_deref()),
            Some("David assumes UpdateApp")
        );
    }

    #[test]
    fn a_broken_document_gives_located_errors_and_no_outcomes() {
        let e = evaluate(
            "{\n  \"format\": \"iam-playground/scenario@1\",\n  \"accounts\": [1]\n}",
            7,
        );
        assert!(!e.loaded);
        assert!(e.outcomes.is_empty());
        assert!(e.errors() > 0);
        assert!(e.problems.iter().all(|d| d.location.line >= 1));
        let e = evaluate("not json", 8);
        assert!(!e.loaded && e.errors() > 0);
        assert_eq!(e.revision, 8);
    }
}
