//! One policy layer and its statements matched against the request: whether each
//! statement applies (principal, action, resource, conditions), with the trace of every
//! element it compared.

use super::{Evaluator, Hit, LayerResult};
use crate::case::NamedPolicy;
use crate::diag::Location;
use crate::glob::ArnGlob;
use crate::policy::{Effect, PolicyKind, Statement};
use crate::principal::{PrincipalMatch, PrincipalType};
use crate::trace::{
    ElementTrace, Layer, LayerTrace, ListedDetails, PolicyTrace, Source, StatementTrace, Verdict,
    Why,
};
use std::sync::Arc;

impl<'a> Evaluator<'a> {
    pub(super) fn layer(
        &self,
        layer: Layer,
        level: Option<usize>,
        policies: &'a [NamedPolicy],
        applies: bool,
        note: &dyn Fn() -> String,
        has_boundary: bool,
    ) -> LayerResult<'a> {
        let mut result = LayerResult {
            layer,
            level,
            applies,
            allow: None,
            deny: None,
            allow_by: None,
            trace: None,
        };
        let mut traces = Vec::new();
        for np in policies {
            // A case with a policy AWS would refuse to store never gets here (`invalid`).
            let evaluated = applies;
            let mut verdict = if applies {
                Verdict::NoMatch
            } else {
                Verdict::NotApplicable
            };
            let mut statements = Vec::with_capacity(if self.explain {
                np.policy.statements.len()
            } else {
                0
            });
            if evaluated {
                for st in &np.policy.statements {
                    let (applies_to, st_trace) = if self.explain {
                        self.statement(st, layer.policy_kind(), has_boundary)
                    } else {
                        (
                            self.statement_applies(st, layer.policy_kind(), has_boundary),
                            None,
                        )
                    };
                    if let Some(m) = applies_to {
                        match st.effect {
                            Effect::Deny => {
                                verdict = Verdict::Deny;
                                if result.deny.is_none() {
                                    result.deny = Some(Hit {
                                        policy: np,
                                        statement: st,
                                        layer,
                                    });
                                }
                            }
                            Effect::Allow => {
                                if verdict != Verdict::Deny {
                                    verdict = Verdict::Allow;
                                }
                                if result.allow.is_none_or(|a| m > a) {
                                    result.allow = Some(m);
                                    result.allow_by = Some(Hit {
                                        policy: np,
                                        statement: st,
                                        layer,
                                    });
                                }
                            }
                        }
                    }
                    if let Some(t) = st_trace {
                        statements.push(t);
                    }
                    // Without a trace, one Deny settles the layer.
                    if !self.explain && result.deny.is_some() {
                        break;
                    }
                }
            }
            if self.explain {
                traces.push(PolicyTrace {
                    name: np.name.clone(),
                    origin: np.origin.clone(),
                    evaluated,
                    verdict,
                    diagnostics: np.policy.diagnostics.clone(),
                    statements,
                    source: evaluated.then(|| Source {
                        policy: np.policy.clone(),
                        request: self.p.shared().clone(),
                    }),
                });
            }
            if !self.explain && result.deny.is_some() {
                break;
            }
        }
        if self.explain {
            let verdict = if !applies {
                Verdict::NotApplicable
            } else if result.deny.is_some() {
                Verdict::Deny
            } else if result.allow.is_some() {
                Verdict::Allow
            } else if layer == Layer::Identity && self.caller.kind == PrincipalType::Root {
                Verdict::Implicit
            } else {
                Verdict::NoMatch
            };
            let note = note();
            result.trace = Some(Box::new(LayerTrace {
                layer,
                level,
                title: layer.title().into(),
                applies,
                note,
                verdict,
                policies: traces,
            }));
        }
        result
    }

    /// Whether a statement applies to the request (`Some` with how its principal
    /// matched), with the trace of every element when explaining.
    /// Whether a statement applies (and how its principal matched), without a trace:
    /// the fast path builds nothing it would throw away.
    pub(super) fn statement_applies(
        &self,
        st: &Statement,
        kind: PolicyKind,
        has_boundary: bool,
    ) -> Option<PrincipalMatch> {
        let actions = &st.action;
        let hit = actions.hits(&self.p.action_lc, self.p.service_lc(), self.p.action_ascii);
        if hit == actions.negated {
            return None;
        }
        if let Some(block) = &st.resource {
            let resource = self.case.resource;
            let mut hit = false;
            for p in &block.patterns {
                match (&p.glob, &p.template) {
                    (Some(g), _) => {
                        hit = hit || g.is_match_known(resource, self.p.resource_ascii);
                    }
                    (None, Some(t)) => {
                        let filled = t.fill(&self.p.context);
                        if !filled.complete {
                            // A variable AWS cannot resolve: the statement does not apply.
                            return None;
                        }
                        hit = hit
                            || ArnGlob::from_tokens(filled.tokens.iter().copied())
                                .is_match(resource);
                    }
                    (None, None) => {}
                }
            }
            if hit == block.negated {
                return None;
            }
        }
        let m = match &st.principal {
            None => PrincipalMatch::Direct,
            Some(block) => {
                let check = self.caller.check_block(block, false);
                if block.negated
                    && st.effect == Effect::Deny
                    && has_boundary
                    && !check.applies
                    && kind.requires_principal()
                {
                    // The NotPrincipal-with-Deny rule for principals with a boundary.
                    PrincipalMatch::Direct
                } else if !check.applies {
                    return None;
                } else {
                    check.matched.unwrap_or(PrincipalMatch::Direct)
                }
            }
        };
        st.conditions
            .iter()
            .all(|c| c.matches(&self.p.context))
            .then_some(m)
    }

    pub(super) fn statement(
        &self,
        st: &Statement,
        kind: PolicyKind,
        has_boundary: bool,
    ) -> (Option<PrincipalMatch>, Option<StatementTrace>) {
        let explain = self.explain;
        // Like AWS, stop at the first element that does not match: the trace then says
        // where the statement stopped, and leaves the later elements unchecked.
        let action = self.action(st, explain);
        if !action.0 {
            return (None, action.1.map(|a| partial(st, a, None)));
        }
        let resource = self.resource(st, explain);
        if !resource.0 {
            return (
                None,
                resource.1.map(|r| {
                    partial(
                        st,
                        action.1.unwrap_or_else(|| empty_element("Action")),
                        Some(r),
                    )
                }),
            );
        }
        let principal = match &st.principal {
            None => (true, Some(PrincipalMatch::Direct), None),
            Some(block) => {
                let check = self.caller.check_block(block, explain);
                let element = |matched: bool, reason: String| {
                    let name = if block.negated {
                        "NotPrincipal"
                    } else {
                        "Principal"
                    };
                    let why = Why::Text(reason);
                    listed(name, matched, check.hit, why, block.location)
                };
                if block.negated
                    && st.effect == Effect::Deny
                    && has_boundary
                    && !check.applies
                    && kind.requires_principal()
                {
                    // IAM User Guide, permissions boundaries: a resource-based Deny with
                    // NotPrincipal always denies a principal that has a boundary.
                    let why = explain.then(|| element(true, "NotPrincipal with Deny always applies to a principal that has a permissions boundary, whatever it lists (IAM User Guide)".to_string()));
                    (true, None, why)
                } else {
                    let applies = check.applies;
                    (
                        applies,
                        check.matched.or(if block.negated {
                            Some(PrincipalMatch::Direct)
                        } else {
                            None
                        }),
                        check.reason.map(|w| element(applies, w)),
                    )
                }
            }
        };
        if !explain && !principal.0 {
            return (None, None);
        }
        let mut cond_ok = true;
        let mut cond_traces = Vec::new();
        for c in &st.conditions {
            let (m, t) = c.evaluate(&self.p.context, explain);
            cond_ok &= m;
            if let Some(t) = t {
                cond_traces.push(t);
            }
            if !explain && !cond_ok {
                return (None, None);
            }
        }
        let applies = action.0 && resource.0 && principal.0 && cond_ok;
        let result = if applies {
            principal.1.or(Some(PrincipalMatch::Direct))
        } else {
            None
        };
        let trace = explain.then(|| StatementTrace {
            index: st.index,
            sid: st.sid.clone(),
            effect: st.effect,
            applies,
            action: action.1.unwrap_or_else(|| empty_element("Action")),
            resource: resource.1,
            principal: principal.2.map(Box::new),
            principal_match: if applies { principal.1 } else { None },
            conditions: cond_traces,
            stopped_at: None,
            location: st.location,
        });
        (result, trace)
    }

    pub(super) fn action(&self, st: &Statement, explain: bool) -> (bool, Option<ElementTrace>) {
        let block = &st.action;
        let hit = block.patterns.iter().position(|p| {
            p.glob
                .is_match_known(&self.p.action_lc, self.p.action_ascii)
        });
        let matched = hit.is_some() != block.negated;
        let trace = explain.then(|| {
            let name = if block.negated { "NotAction" } else { "Action" };
            listed(name, matched, hit, Why::Listed(None), block.location)
        });
        (matched, trace)
    }

    pub(super) fn resource(&self, st: &Statement, explain: bool) -> (bool, Option<ElementTrace>) {
        let Some(block) = &st.resource else {
            let trace = explain.then(|| ElementTrace {
                element: "Resource",
                matched: true,
                hit: None,
                why: Why::Text("a trust policy's resource is the role itself".into()),
                location: st.location,
            });
            return (true, trace);
        };
        let resource = &self.case.resource;
        // The position of the first pattern that matched, and what its variables made
        // of it. Every pattern with variables is filled in even after a hit: one that
        // cannot be resolved makes the whole statement not apply.
        let mut hit: Option<(usize, Option<String>)> = None;
        let mut subs = Vec::new();
        let mut unfilled: Vec<Arc<str>> = Vec::new();
        for (i, p) in block.patterns.iter().enumerate() {
            let ok = match (&p.glob, &p.template) {
                (Some(g), _) => hit.is_none() && g.is_match_known(resource, self.p.resource_ascii),
                (None, Some(t)) => {
                    let filled = t.fill(&self.p.context);
                    let ok = hit.is_none()
                        && filled.complete
                        && ArnGlob::from_tokens(filled.tokens.iter().copied()).is_match(resource);
                    if !filled.complete {
                        unfilled.push(p.text.clone());
                    }
                    if explain {
                        subs.extend(filled.substitutions);
                    }
                    if ok {
                        hit = Some((i, Some(filled.text)));
                    }
                    ok
                }
                (None, None) => false,
            };
            if ok && hit.is_none() {
                hit = Some((i, None));
            }
            if !unfilled.is_empty() {
                break;
            }
        }
        if !unfilled.is_empty() {
            hit = None;
        }
        let matched = unfilled.is_empty() && hit.is_some() != block.negated;
        let trace = explain.then(|| {
            let (hit, filled) = hit.map_or((None, None), |(h, f)| (Some(h), f));
            let details =
                (filled.is_some() || !unfilled.is_empty() || !subs.is_empty()).then(|| {
                    Box::new(ListedDetails {
                        substitutions: subs,
                        filled,
                        unfilled,
                    })
                });
            let name = if block.negated {
                "NotResource"
            } else {
                "Resource"
            };
            listed(name, matched, hit, Why::Listed(details), block.location)
        });
        (matched, trace)
    }
}

/// The trace of an element that lists patterns (`Action`, `NotResource`, `Principal`...):
/// what it compared is read from its policy's `Source` when the trace is read.
fn listed(
    element: &'static str,
    matched: bool,
    hit: Option<usize>,
    why: Why,
    location: Location,
) -> ElementTrace {
    ElementTrace {
        element,
        matched,
        hit,
        why,
        location,
    }
}

/// The trace of a statement whose evaluation stopped at a non-matching element.
fn partial(st: &Statement, action: ElementTrace, resource: Option<ElementTrace>) -> StatementTrace {
    let stopped_at = resource.as_ref().map_or(action.element, |r| r.element);
    StatementTrace {
        index: st.index,
        sid: st.sid.clone(),
        effect: st.effect,
        applies: false,
        action,
        resource,
        principal: None,
        principal_match: None,
        conditions: Vec::new(),
        stopped_at: Some(stopped_at),
        location: st.location,
    }
}

fn empty_element(element: &'static str) -> ElementTrace {
    ElementTrace {
        element,
        matched: false,
        hit: None,
        why: Why::Text(String::new()),
        location: Default::default(),
    }
}
