//! The page's state and its reducer. The scenario document (`text`) is the source of
//! truth: every view, the decisions and the traces are derived from it. An edit
//! anywhere re-runs the scenario's requests in order at once.
//!
//! The reducer is pure: storage, the address bar and the clipboard are touched by
//! effects in `view::app`, which feed their results back as actions.

use crate::results::{evaluate, Evaluation};
use std::rc::Rc;

/// Where the open document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Example(String),
    Shared,
    New,
    Saved,
    Imported(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BannerKind {
    Error,
    Info,
}

impl BannerKind {
    pub fn name(self) -> &'static str {
        match self {
            BannerKind::Error => "error",
            BannerKind::Info => "info",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    pub kind: BannerKind,
    pub text: String,
}

impl Banner {
    pub fn error(text: impl Into<String>) -> Banner {
        Banner {
            kind: BannerKind::Error,
            text: text.into(),
        }
    }
    pub fn info(text: impl Into<String>) -> Banner {
        Banner {
            kind: BannerKind::Info,
            text: text.into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepMove {
    Next,
    Prev,
    First,
    Last,
    To(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The scenario document, as the user wrote it.
    pub text: Rc<str>,
    /// Bumped on every change of `text` (and on a forced run).
    pub revision: u64,
    /// The decisions and traces of `text`.
    pub eval: Rc<Evaluation>,
    /// The storage slot this tab saves into.
    pub slot: String,
    pub origin: Origin,
    /// Edited since it was opened: autosave keeps it.
    pub dirty: bool,
    /// The request whose trace is shown.
    pub selected: Option<String>,
    /// The step-through position in the selected request's story.
    pub step: usize,
    /// A byte span of `text` to highlight in the document editor, bumped per click.
    pub highlight: Option<(usize, usize, u64)>,
    /// The policies written in the document, with their places.
    pub sites: Rc<Vec<crate::policies::Site>>,
    /// The world tree of the document (empty while it is not JSON).
    pub world: Rc<Vec<crate::world::Item>>,
    /// The policy open in the policy editor (a site id).
    pub policy: Option<String>,
    /// A byte span of `text` inside the open policy to select there, bumped per click.
    pub policy_highlight: Option<(usize, usize, u64)>,
    pub banner: Option<Banner>,
    /// `#new`: a fresh page that shows no saved work.
    pub hide_recent: bool,
    pub theme: Theme,
}

pub enum Action {
    /// Opens a document (an example, a link, saved work, an import) in `slot`.
    Open {
        text: String,
        origin: Origin,
        slot: String,
        banner: Option<Banner>,
    },
    /// The user changed the document.
    Edit(String),
    /// The policy editor changed the document: its policy is now at this place.
    EditPolicy(String, crate::policies::Site),
    /// Ctrl/Cmd+Enter: run again.
    Run,
    Select(String),
    Step(StepMove),
    /// Shows a span of the document: in the policy editor when it falls in a policy,
    /// else in the document editor.
    Highlight(usize, usize),
    /// Opens a policy (by site id) in the policy editor.
    OpenPolicy(String),
    Banner(Option<Banner>),
    Theme(Theme),
    /// Works out the validation findings of `revision`, once its decisions are drawn
    /// (a later revision makes it moot).
    Validate(u64),
    /// Another tab wrote this tab's storage slot (a duplicated tab shares it): this
    /// tab's work goes on in a slot of its own, so neither overwrites the other.
    MoveSlot(String),
}

impl State {
    pub fn new(text: String, origin: Origin, slot: String, theme: Theme) -> State {
        State::at(text, origin, slot, theme, 1)
    }

    /// A state at `revision` (revisions only grow, so effects keyed on them fire).
    fn at(text: String, origin: Origin, slot: String, theme: Theme, revision: u64) -> State {
        let eval = Rc::new(evaluate(&text, revision));
        let selected = eval.outcomes.first().map(|o| o.name.clone());
        let mut s = State {
            hide_recent: origin == Origin::New,
            text: text.into(),
            revision,
            eval,
            slot,
            origin,
            dirty: false,
            selected,
            step: 0,
            highlight: None,
            sites: Rc::new(Vec::new()),
            world: Rc::new(Vec::new()),
            policy: None,
            policy_highlight: None,
            banner: None,
            theme,
        };
        s.read_places();
        s.policy = s.sites.first().map(|p| p.id.clone());
        // The story starts at its first rule; Next tells the rest one rule at a time
        // (All shows the whole of it).
        s.step = 0;
        s
    }

    /// The selected request's story, as the stepper shows it.
    pub fn story(&self) -> Vec<crate::narrate::Line> {
        self.selected
            .as_deref()
            .and_then(|n| self.eval.outcome(n))
            .map(|o| crate::narrate::narrate(o))
            .unwrap_or_default()
    }

    /// Reads the policies' places and the world tree, from one parse of the text. While
    /// the document is not JSON, the policies keep their last places.
    fn read_places(&mut self) {
        match iam_engine::json::parse(&self.text) {
            Ok(root) => {
                self.sites = Rc::new(crate::policies::sites_of(&self.text, &root));
                self.world = Rc::new(crate::world::tree_of(&root));
            }
            Err(_) => self.world = Rc::new(Vec::new()),
        }
    }

    fn rerun(&mut self) {
        self.revision += 1;
        self.eval = Rc::new(evaluate(&self.text, self.revision));
        self.read_places();
        let open = self
            .policy
            .as_deref()
            .is_some_and(|id| self.sites.iter().any(|s| s.id == id));
        if !open && !self.sites.is_empty() {
            self.policy = self.sites.first().map(|p| p.id.clone());
        }
        // Keep the selection while the request exists; else the first one. A document
        // that does not load keeps the old selection for when it loads again.
        if self.eval.loaded {
            let keep = self
                .selected
                .as_deref()
                .is_some_and(|n| self.eval.outcome(n).is_some());
            if !keep {
                self.selected = self.eval.outcomes.first().map(|o| o.name.clone());
                self.step = 0;
            }
        }
        let len = self.story().len();
        self.step = self.step.min(len.saturating_sub(1));
    }
}

#[cfg(feature = "app")]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        State::reduce(self, action)
    }
}

impl State {
    /// The reducer: the state after `action`.
    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Action::Validate(revision) = action {
            if revision != self.revision || self.eval.validated {
                return self;
            }
            let mut s = (*self).clone();
            s.eval = Rc::new(s.eval.validate());
            return Rc::new(s);
        }
        let mut s = (*self).clone();
        match action {
            Action::Open {
                text,
                origin,
                slot,
                banner,
            } => {
                let theme = s.theme;
                let hide = s.hide_recent && origin != Origin::Saved;
                s = State::at(text, origin, slot, theme, s.revision + 1);
                s.hide_recent = s.hide_recent || hide;
                s.banner = banner;
            }
            Action::Edit(text) => {
                if *s.text == *text {
                    return self;
                }
                // The policies' places are read again; while the document does not
                // parse there are none (an edit elsewhere says nothing sure about them).
                s.sites = Rc::new(Vec::new());
                s.text = text.into();
                s.dirty = true;
                s.highlight = None;
                s.rerun();
            }
            Action::EditPolicy(text, site) => {
                if *s.text == *text {
                    return self;
                }
                // The policy editor knows where its policy is now: the places stay
                // right even while the document does not parse.
                s.sites = Rc::new(crate::policies::follow(&s.sites, &site));
                s.text = text.into();
                s.dirty = true;
                s.highlight = None;
                s.rerun();
            }
            Action::Run => s.rerun(),
            Action::Select(name) => {
                if s.selected.as_deref() != Some(&name) {
                    s.selected = Some(name);
                    s.step = 0;
                }
            }
            Action::Step(m) => {
                let last = s.story().len().saturating_sub(1);
                s.step = match m {
                    StepMove::Next => (s.step + 1).min(last),
                    StepMove::Prev => s.step.saturating_sub(1),
                    StepMove::First => 0,
                    StepMove::Last => last,
                    StepMove::To(i) => i.min(last),
                };
            }
            Action::Highlight(start, end) => {
                let seq = s
                    .highlight
                    .into_iter()
                    .chain(s.policy_highlight)
                    .map(|(_, _, n)| n)
                    .max()
                    .unwrap_or(0)
                    + 1;
                // A span in a policy is shown there; a span that holds policies (a
                // role, a user, a resource picked in the world tree) opens its first
                // policy; anything else is shown in the document.
                // A whole policy (picked in the world tree) opens at its start.
                let inside = s.sites.iter().find(|p| {
                    !p.is_string && p.contains(start) && (p.start, p.end) != (start, end)
                });
                let holds = s
                    .sites
                    .iter()
                    .find(|p| !p.is_string && start <= p.start && p.end <= end);
                match (inside, holds) {
                    (Some(site), _) => {
                        s.policy = Some(site.id.clone());
                        s.policy_highlight = Some((start, end, seq));
                    }
                    (None, Some(site)) => {
                        s.policy = Some(site.id.clone());
                        s.policy_highlight = Some((site.start, site.start, seq));
                    }
                    (None, None) => s.highlight = Some((start, end, seq)),
                }
            }
            Action::OpenPolicy(id) => {
                if s.sites.iter().any(|p| p.id == id) {
                    s.policy = Some(id);
                    s.policy_highlight = None;
                }
            }
            Action::Banner(b) => s.banner = b,
            Action::Theme(t) => s.theme = t,
            Action::MoveSlot(slot) => s.slot = slot,
            // Handled above, before the state is copied.
            Action::Validate(_) => {}
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_engine::world::bundled::SCENARIOS;

    fn example(id: &str) -> String {
        SCENARIOS
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| t.to_string())
            .unwrap()
    }

    fn state(id: &str) -> Rc<State> {
        Rc::new(State::new(
            example(id),
            Origin::Example(id.into()),
            "slot".into(),
            Theme::System,
        ))
    }

    #[test]
    fn opening_decides_at_once_and_selects_the_first_request() {
        let s = state("02-allow");
        assert!(s.eval.loaded);
        assert_eq!(
            s.selected.as_deref(),
            s.eval.outcomes.first().map(|o| o.name.as_str())
        );
        assert!(!s.dirty);
    }

    #[test]
    fn an_edit_reruns_and_keeps_the_selection() {
        let s = state("03-explicit-deny");
        let second = s.eval.outcomes.get(1).unwrap().name.clone();
        let s = s.reduce(Action::Select(second.clone()));
        let rev = s.revision;
        let edited = s
            .text
            .replacen("\"name\"", "\"description\": \"edited\",\n  \"name\"", 1);
        let s = s.reduce(Action::Edit(edited));
        assert!(s.revision > rev);
        assert!(s.dirty);
        assert_eq!(s.selected.as_deref(), Some(second.as_str()));
        assert_eq!(s.eval.revision, s.revision);
    }

    #[test]
    fn a_broken_edit_keeps_the_selection_for_when_it_loads_again() {
        let s = state("02-allow");
        let sel = s.selected.clone();
        let s = s.reduce(Action::Edit("{ broken".into()));
        assert!(!s.eval.loaded);
        assert_eq!(s.selected, sel);
        let s = s.reduce(Action::Edit(example("02-allow")));
        assert!(s.eval.loaded);
        assert_eq!(s.selected, sel);
    }

    #[test]
    fn the_stepper_stays_within_the_story() {
        let s = state("08-permissions-boundary");
        let len = s.story().len();
        assert!(len >= 3);
        assert_eq!(s.step, 0, "a story starts at its first rule");
        let s = s.reduce(Action::Step(StepMove::Last));
        assert_eq!(s.step, len - 1);
        let s = s.reduce(Action::Step(StepMove::First));
        let s = s.reduce(Action::Step(StepMove::Prev));
        assert_eq!(s.step, 0);
        let s = s.reduce(Action::Step(StepMove::Last));
        assert_eq!(s.step, len - 1);
        let s = s.reduce(Action::Step(StepMove::Next));
        assert_eq!(s.step, len - 1);
        let s = s.reduce(Action::Step(StepMove::To(1)));
        assert_eq!(s.step, 1);
        let other = s.eval.outcomes.get(1).unwrap().name.clone();
        let s = s.reduce(Action::Select(other));
        assert_eq!(s.step, 0, "a new request's story starts at its first rule");
    }

    #[test]
    fn opening_another_document_moves_revisions_forward() {
        let s = state("02-allow");
        let s = s.reduce(Action::Edit(example("03-explicit-deny")));
        let rev = s.revision;
        let s = s.reduce(Action::Open {
            text: example("05-group"),
            origin: Origin::Example("05-group".into()),
            slot: "other".into(),
            banner: Some(Banner::info("hi")),
        });
        assert!(s.revision > rev);
        assert!(!s.dirty);
        assert_eq!(s.slot, "other");
        assert_eq!(s.eval.revision, s.revision);
        assert!(s.banner.is_some());
    }

    #[test]
    fn a_span_in_a_policy_opens_that_policy_and_selects_there() {
        let s = state("14-cross-account-role");
        let trust = s.sites.iter().find(|p| p.kind == "trust").unwrap().clone();
        let s = s.reduce(Action::Highlight(trust.start + 1, trust.start + 2));
        assert_eq!(s.policy.as_deref(), Some(trust.id.as_str()));
        assert!(s.policy_highlight.is_some());
        assert!(s.highlight.is_none());
        // A span that holds a policy (a role picked in the world tree) opens it.
        let role = s
            .world
            .iter()
            .flat_map(|a| a.children.iter())
            .find(|i| i.kind == "role")
            .map(|i| i.span)
            .unwrap();
        let first_inside = s
            .sites
            .iter()
            .find(|p| role.0 <= p.start && p.end <= role.1)
            .map(|p| p.id.clone());
        assert!(first_inside.is_some());
        let s = s.reduce(Action::Highlight(role.0, role.1));
        assert_eq!(s.policy, first_inside);
        // A whole policy (a trust or inline policy picked in the world tree) opens at
        // its start.
        let s = s.reduce(Action::Highlight(trust.start, trust.end));
        assert_eq!(s.policy.as_deref(), Some(trust.id.as_str()));
        assert_eq!(
            s.policy_highlight.map(|(a, b, _)| (a, b)),
            Some((trust.start, trust.start))
        );
        // A span outside every policy goes to the document editor.
        let s = s.reduce(Action::Highlight(0, 1));
        assert!(s.highlight.is_some());
        let s = s.reduce(Action::OpenPolicy("nope".into()));
        assert_eq!(s.policy.as_deref(), Some(trust.id.as_str()));
    }

    #[test]
    fn validation_follows_the_decisions_and_only_for_the_current_revision() {
        let s = state("14-cross-account-role");
        assert!(!s.eval.validated && s.eval.findings.is_empty());
        let rev = s.revision;
        // A stale revision's timer changes nothing.
        let same = s.clone().reduce(Action::Validate(rev - 1));
        assert!(Rc::ptr_eq(&same, &s));
        let v = s.clone().reduce(Action::Validate(rev));
        assert!(v.eval.validated);
        assert!(
            !v.eval.findings.is_empty(),
            "the cross-account role is an external access finding"
        );
        assert_eq!(v.eval.outcomes.len(), s.eval.outcomes.len());
        // Once validated, again is a no-op.
        let again = v.clone().reduce(Action::Validate(rev));
        assert!(Rc::ptr_eq(&again, &v));
    }

    #[test]
    fn an_identical_edit_changes_nothing() {
        let s = state("02-allow");
        let same = s.text.to_string();
        let s2 = s.clone().reduce(Action::Edit(same));
        assert!(Rc::ptr_eq(&s, &s2));
    }
}
