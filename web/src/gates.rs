//! The trace as gates in AWS's order of evaluation: the SCP levels, the RCP levels, the
//! resource-side policy (resource, role trust or key policy), the identity policies, the
//! permissions boundary, the session policies and the VPC endpoint policy.

use iam_engine::trace::{Layer, LayerTrace, StepResult, Trace, Verdict};

/// One gate of the drawing.
#[derive(Clone, Debug)]
pub struct Gate<'a> {
    pub layer: Layer,
    pub level: Option<usize>,
    /// "Service control policies (SCPs), level 2".
    pub title: String,
    pub verdict: Verdict,
    /// Why the layer takes part or not.
    pub note: String,
    /// The layer's policies, when the engine looked at them.
    pub trace: Option<&'a LayerTrace>,
    /// False for an SCP or RCP gate the engine never reached (the request was decided
    /// before it): its badge says "not checked", not "not applicable".
    pub checked: bool,
}

impl Gate<'_> {
    /// A stable id for the gate, as in `data-gate`.
    pub fn key(&self) -> String {
        match self.level {
            Some(n) => format!("{}-{n}", self.layer.name()),
            None => self.layer.name().to_string(),
        }
    }
}

/// The gate's verdict in the words of `data-verdict`.
pub fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Allow => "Allow",
        Verdict::Deny => "Deny",
        Verdict::NoMatch => "NoMatch",
        Verdict::NotApplicable => "NotApplicable",
        Verdict::Implicit => "Implicit",
    }
}

/// The verdict in a learner's words, for the gate's badge.
pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Allow => "allows",
        Verdict::Deny => "denies",
        Verdict::NoMatch => "no Allow",
        Verdict::NotApplicable => "not applicable",
        Verdict::Implicit => "allows (root)",
    }
}

fn rank(layer: Layer) -> u8 {
    match layer {
        Layer::Scp => 0,
        Layer::Rcp => 1,
        Layer::Resource | Layer::RoleTrust | Layer::KeyPolicy => 2,
        Layer::Identity => 3,
        Layer::PermissionsBoundary => 4,
        Layer::SessionPolicy => 5,
        Layer::EndpointPolicy => 6,
        Layer::ServiceRule => 7,
    }
}

/// The gates of a trace, in AWS's order. SCPs and RCPs that do not apply (no
/// organization) still get a gate, from the step that says why.
pub fn gates(t: &Trace) -> Vec<Gate<'_>> {
    let mut out: Vec<Gate<'_>> = t
        .layers
        .iter()
        .map(|l| Gate {
            layer: l.layer,
            level: l.level,
            title: match l.level {
                Some(n) => format!("{}, level {n}", l.title),
                None => l.title.clone(),
            },
            verdict: if l.applies {
                l.verdict
            } else {
                Verdict::NotApplicable
            },
            note: l.note.clone(),
            trace: Some(l),
            checked: true,
        })
        .collect();
    for layer in [Layer::Scp, Layer::Rcp] {
        if out.iter().any(|g| g.layer == layer) {
            continue;
        }
        let step = t.steps.iter().find(|s| s.layer == Some(layer));
        let note = step.map(|s| s.detail.clone()).unwrap_or_else(|| {
            if t.decision == iam_engine::Decision::ExplicitDeny {
                "not needed: an explicit Deny decides the request before AWS looks for any Allow, so this layer was not checked".into()
            } else {
                "not needed: the request was decided before this layer, so it was not checked".into()
            }
        });
        let verdict = match step.map(|s| s.result) {
            Some(StepResult::Fail) => Verdict::NoMatch,
            Some(StepResult::Deny) => Verdict::Deny,
            _ => Verdict::NotApplicable,
        };
        out.push(Gate {
            layer,
            level: None,
            title: layer.title().to_string(),
            verdict,
            note,
            trace: None,
            checked: step.is_some(),
        });
    }
    out.sort_by_key(|g| (rank(g.layer), g.level));
    out
}

/// The gate's badge: its verdict in a learner's words, or "not checked".
pub fn badge(g: &Gate<'_>) -> &'static str {
    if g.checked {
        verdict_label(g.verdict)
    } else {
        "not checked"
    }
}

/// Whether the gate stopped the request.
pub fn is_blocking(t: &Trace, g: &Gate<'_>) -> bool {
    t.blocked_by == Some(g.layer) && (t.blocked_level.is_none() || t.blocked_level == g.level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::evaluate;

    fn traces(id: &str) -> Vec<std::rc::Rc<iam_engine::world::RequestOutcome>> {
        let text = iam_engine::world::bundled::text(id).unwrap_or_default();
        evaluate(text, 1).outcomes
    }

    #[test]
    fn gates_come_in_aws_order_with_scps_first() {
        for o in traces("12-organization-scps-rcps") {
            let Some(t) = &o.trace else { continue };
            let g = gates(t);
            let ranks: Vec<(u8, Option<usize>)> =
                g.iter().map(|g| (rank(g.layer), g.level)).collect();
            let mut sorted = ranks.clone();
            sorted.sort();
            assert_eq!(ranks, sorted, "{}", o.name);
            assert_eq!(g.first().map(|g| g.layer), Some(Layer::Scp), "{}", o.name);
            assert!(g.iter().any(|g| g.layer == Layer::Identity), "{}", o.name);
        }
    }

    #[test]
    fn a_scenario_without_organization_shows_scps_as_not_applicable() {
        let outcomes = traces("02-allow");
        let t = outcomes.iter().find_map(|o| o.trace.as_ref());
        let g = gates(t.unwrap());
        let scp = g.iter().find(|g| g.layer == Layer::Scp);
        assert_eq!(scp.map(|g| g.verdict), Some(Verdict::NotApplicable));
        assert!(scp.is_some_and(|g| g.note.contains("organization")));
        assert_eq!(scp.map(badge), Some("not applicable"));
    }

    #[test]
    fn an_organization_layer_after_an_explicit_deny_is_not_checked() {
        let outcomes = traces("03-explicit-deny");
        let t = outcomes
            .iter()
            .filter_map(|o| o.trace.as_ref())
            .find(|t| t.decision == iam_engine::Decision::ExplicitDeny);
        let g = gates(t.unwrap());
        for layer in [Layer::Scp, Layer::Rcp] {
            let gate = g.iter().find(|g| g.layer == layer);
            assert_eq!(gate.map(badge), Some("not checked"), "{layer:?}");
        }
    }

    #[test]
    fn the_blocking_gate_is_the_boundary_when_it_lacks_an_allow() {
        let outcomes = traces("08-permissions-boundary");
        let blocked: Vec<_> = outcomes
            .iter()
            .filter_map(|o| o.trace.as_ref())
            .filter(|t| t.blocked_by == Some(Layer::PermissionsBoundary))
            .collect();
        assert!(!blocked.is_empty());
        for t in blocked {
            let g = gates(t);
            let b: Vec<_> = g.iter().filter(|g| is_blocking(t, g)).collect();
            assert_eq!(b.len(), 1);
            assert_eq!(b.first().map(|g| g.verdict), Some(Verdict::NoMatch));
        }
    }
}
