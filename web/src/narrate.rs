//! The decision told one rule at a time, in plain sentences, ending with what would
//! change it. The step-through mode shows these lines one by one.

use crate::gates::{gates, is_blocking, Gate};
use iam_engine::case::Decision;
use iam_engine::policy::Effect;
use iam_engine::trace::{Layer, Trace, Verdict};
use iam_engine::world::RequestOutcome;

/// How a line colours the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    Pass,
    Allow,
    Deny,
    Fail,
    /// The closing "what would change the decision" line.
    Change,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Pass => "pass",
            Tone::Allow => "allow",
            Tone::Deny => "deny",
            Tone::Fail => "fail",
            Tone::Change => "change",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub tone: Tone,
    /// The gate the line is about (`Gate::key`), to highlight it in the drawing.
    pub gate: Option<String>,
}

fn line(text: String, tone: Tone, gate: Option<String>) -> Line {
    Line { text, tone, gate }
}

/// A statement as a learner reads it: by its Sid, else by its number from 1.
fn statement_name(s: &iam_engine::trace::StatementTrace) -> String {
    match &s.sid {
        Some(sid) if !sid.is_empty() => format!("statement \"{sid}\""),
        _ => format!("statement {}", s.index + 1),
    }
}

/// The statements of a gate with the given effect that apply, named as a learner reads
/// them: `statement "AllowWrite" of S3Write`.
fn statements(g: &Gate<'_>, effect: Effect) -> Vec<String> {
    let Some(l) = g.trace else { return vec![] };
    let mut out = vec![];
    for p in l.policies.iter().filter(|p| p.evaluated) {
        for s in p
            .statements
            .iter()
            .filter(|s| s.applies && s.effect == effect)
        {
            let st = statement_name(s);
            out.push(format!("{st} of {}", p.name));
        }
    }
    out
}

/// An Allow statement that names the action (and the resource) but does not apply.
struct NearMiss {
    /// `statement 2 of app-data`.
    statement: String,
    /// Why it does not apply: `its Condition does not hold: ...`.
    why: String,
}

impl NearMiss {
    /// `Statement 2 of app-data would allow it, but its Condition does not hold: ...`
    fn sentence(&self) -> String {
        let s = format!(
            "{} would allow it, but {}",
            capitalise(&self.statement),
            self.why
        );
        if s.ends_with('.') {
            s
        } else {
            s + "."
        }
    }
}

/// An Allow statement of the gate that names the action (and the resource) but does
/// not apply, with why: a learner who reads "no Allow" would otherwise add one.
fn near_miss(g: &Gate<'_>) -> Option<NearMiss> {
    let l = g.trace?;
    for p in l.policies.iter().filter(|p| p.evaluated) {
        for s in p
            .statements
            .iter()
            .filter(|s| !s.applies && s.effect == Effect::Allow)
        {
            if !s.action.matched || s.resource.as_ref().is_some_and(|r| !r.matched) {
                continue;
            }
            let st = statement_name(s);
            let why = if let Some(pr) = s.principal.as_ref().filter(|pr| !pr.matched) {
                format!("its Principal does not match the caller: {}", pr.reason())
            } else if let Some(c) = s.conditions.iter().find(|c| !c.matched) {
                format!(
                    "its Condition does not hold: {} {}: {}",
                    c.operator, c.key, c.reason
                )
            } else {
                continue;
            };
            return Some(NearMiss {
                statement: format!("{st} of {}", p.name),
                why,
            });
        }
    }
    None
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn level_words(g: &Gate<'_>) -> String {
    let origins: Vec<String> = g
        .trace
        .map(|l| {
            let mut o: Vec<String> = l.policies.iter().filter_map(|p| p.origin.clone()).collect();
            o.dedup();
            o
        })
        .unwrap_or_default();
    match (g.level, origins.is_empty()) {
        (Some(n), false) => format!("level {n} ({})", list(&origins)),
        (Some(n), true) => format!("level {n}"),
        (None, _) => String::new(),
    }
}

fn org_gate(g: &Gate<'_>, action: &str, short: &str, blocking: bool) -> Line {
    let key = Some(g.key());
    match g.verdict {
        Verdict::NotApplicable => line(
            // One line for all levels when they share the reason (see `narrate`).
            format!(
                "No {short}s apply: {}.",
                g.note
                    .strip_prefix("level ")
                    .and_then(|n| n.split_once(": "))
                    .map_or(g.note.as_str(), |(_, why)| why)
            ),
            Tone::Neutral,
            key,
        ),
        Verdict::Allow | Verdict::Implicit => line(
            format!("{short} {} allows {action}.", level_words(g)),
            Tone::Pass,
            key,
        ),
        Verdict::NoMatch => line(
            format!(
                "At {short} {}, no {short} allows {action}{}",
                level_words(g),
                if blocking {
                    ", so the request is implicitly denied: every level from the organization root down to the account must allow it."
                } else {
                    "."
                }
            ),
            Tone::Fail,
            key,
        ),
        Verdict::Deny => line(
            format!("{short} {} denies {action}.", level_words(g)),
            Tone::Deny,
            key,
        ),
    }
}

fn policy_gate(g: &Gate<'_>, t: &Trace, action: &str, blocking: bool) -> Option<Line> {
    let key = Some(g.key());
    let noun = g.layer.noun();
    let allows = statements(g, Effect::Allow);
    Some(match g.verdict {
        Verdict::NotApplicable => return None,
        Verdict::Implicit => line(
            "The root user needs no identity policy: it can do everything in its own account."
                .into(),
            Tone::Pass,
            key,
        ),
        Verdict::Allow => {
            let by = if allows.is_empty() {
                String::new()
            } else {
                format!(" ({})", list(&allows))
            };
            let too = if matches!(
                g.layer,
                Layer::PermissionsBoundary | Layer::SessionPolicy | Layer::EndpointPolicy
            ) {
                " too"
            } else {
                ""
            };
            line(
                format!(
                    "The {noun} {} {action}{too}{by}.",
                    verb(noun, "allows", "allow")
                ),
                Tone::Pass,
                key,
            )
        }
        Verdict::NoMatch => {
            let tail = if blocking {
                ", so the request is implicitly denied.".to_string()
            } else if matches!(g.layer, Layer::Resource) && t.request.same_account {
                ": within one account that is fine, one side's Allow is enough.".to_string()
            } else if matches!(g.layer, Layer::Identity) && t.request.same_account {
                ": within one account a resource-based policy that names the caller can allow it alone.".to_string()
            } else {
                ".".to_string()
            };
            let near = near_miss(g)
                .map(|w| format!(" {}", w.sentence()))
                .unwrap_or_default();
            let head = if near.is_empty() {
                "no Allow for"
            } else {
                "no Allow that applies to"
            };
            line(
                format!(
                    "The {noun} {} {head} {action}{tail}{near}",
                    verb(noun, "has", "have")
                ),
                Tone::Fail,
                key,
            )
        }
        Verdict::Deny => line(
            format!(
                "The {noun} {} {action} ({}).",
                verb(noun, "denies", "deny"),
                list(&statements(g, Effect::Deny))
            ),
            Tone::Deny,
            key,
        ),
    })
}

/// The story of one request.
pub fn narrate(o: &RequestOutcome) -> Vec<Line> {
    tell(o)
        .into_iter()
        .map(|l| Line {
            text: unnest(&l.text),
            ..l
        })
        .collect()
}

/// A sentence with brackets inside brackets (names and reasons written elsewhere carry
/// their own: "user vic (partner (outside the organization), 7777...)") made flat: an
/// inner bracket becomes commas. Code in backticks is left as written.
pub fn unnest(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut depth, mut code) = (0usize, false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                code = !code;
                out.push(c);
            }
            _ if code => out.push(c),
            '(' => {
                depth += 1;
                if depth == 1 {
                    out.push(c);
                } else {
                    let kept = out.trim_end().len();
                    out.truncate(kept);
                    if !out.ends_with(['(', ',', ';', ':']) {
                        out.push(',');
                    }
                    out.push(' ');
                }
            }
            ')' if depth > 1 => {
                depth -= 1;
                if !matches!(chars.peek(), Some(',' | ';' | ')' | '.' | ':') | None) {
                    out.push(',');
                }
            }
            ')' => {
                depth = depth.saturating_sub(1);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn tell(o: &RequestOutcome) -> Vec<Line> {
    let mut out = vec![line(
        format!(
            "{} calls {} on {}.",
            capitalise(&o.who),
            o.action,
            o.resource
        ),
        Tone::Neutral,
        None,
    )];
    let auth = &o.authentication;
    if !auth.ok {
        out.push(line(
            format!("Authentication fails ({}): {}. AWS refuses the request before it reads any policy.", auth.method, auth.detail),
            Tone::Fail,
            None,
        ));
        out.push(line(
            format!(
                "To change the decision, the caller needs valid credentials: {}.",
                auth.detail
            ),
            Tone::Change,
            None,
        ));
        return out;
    }
    if !auth.method.is_empty() {
        out.push(line(
            format!(
                "AWS authenticates the caller ({}): {}.",
                auth.method, auth.detail
            ),
            Tone::Pass,
            None,
        ));
    }
    // An `Invalid` request has no decision to narrate, only its errors (in `error`).
    let Some(t) = o.trace.as_ref().filter(|t| t.decision != Decision::Invalid) else {
        let errors = o
            .trace
            .as_ref()
            .map(|t| t.errors.as_slice())
            .unwrap_or_default();
        if errors.is_empty() {
            let why = o
                .error
                .clone()
                .unwrap_or_else(|| "the request could not be decided".into());
            out.push(line(
                format!("The request is invalid: {why}."),
                Tone::Fail,
                None,
            ));
        }
        // One sentence per policy AWS would refuse to store, with where and the fix.
        for e in errors {
            let d = &e.diagnostic;
            let whose = e
                .origin
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            let fix = d
                .help
                .as_deref()
                .map(|h| format!(" To fix it: {h}."))
                .unwrap_or_default();
            out.push(line(
                format!(
                    "AWS would refuse to store the policy `{}`{whose}, so it never evaluates this request: {} (line {}, column {}).{fix}",
                    e.policy,
                    d.message.trim_end_matches('.'),
                    d.location.line,
                    d.location.column
                ),
                Tone::Fail,
                None,
            ));
        }
        out.push(line(
            "To change the decision, fix what the error names; AWS decides only a valid request."
                .into(),
            Tone::Change,
            None,
        ));
        return out;
    };
    // Rules of the owning service (engine `service.rs`): no policy decides these.
    let free = t
        .steps
        .first()
        .filter(|s| s.check == "No permission required");
    if t.blocked_by == Some(Layer::ServiceRule) || free.is_some() {
        let (tone, change) = if free.is_some() {
            (
                Tone::Allow,
                "To change the decision, no policy will do: this call needs no permission.",
            )
        } else {
            (
                Tone::Fail,
                "To change the decision, no policy will do: the service itself refuses this call.",
            )
        };
        out.push(line(t.summary.clone(), tone, None));
        out.push(line(change.into(), Tone::Change, None));
        return out;
    }
    let action = &t.request.action;
    let gs = gates(t);
    // 1. An explicit Deny anywhere wins.
    let denies: Vec<(String, String)> = gs
        .iter()
        .flat_map(|g| {
            statements(g, Effect::Deny)
                .into_iter()
                .map(move |s| (s, g.key()))
        })
        .collect();
    if t.decision == Decision::ExplicitDeny {
        let names: Vec<String> = denies.iter().map(|(s, _)| s.clone()).collect();
        let gate = denies.first().map(|(_, k)| k.clone());
        let what = if names.is_empty() {
            t.summary.clone()
        } else {
            format!("{} denies {action}", capitalise(&list(&names)))
        };
        out.push(line(
            format!("First, AWS looks for an explicit Deny in every policy that applies. {what}. An explicit Deny overrides every Allow, so the request is explicitly denied."),
            Tone::Deny,
            gate,
        ));
        out.push(line(
            format!(
                "To change the decision, remove or narrow {}: no Allow anywhere can override it.",
                if names.is_empty() {
                    "the Deny statement".to_string()
                } else {
                    list(&names)
                }
            ),
            Tone::Change,
            denies.first().map(|(_, k)| k.clone()),
        ));
        return out;
    }
    out.push(line(
        format!("First, AWS looks for an explicit Deny in every policy that applies: no Deny statement matches {action}."),
        Tone::Pass,
        None,
    ));
    // 2. Each gate in order, until the one that blocks.
    let mut skipped: Vec<&'static str> = vec![];
    for (i, g) in gs.iter().enumerate() {
        let blocking = is_blocking(t, g);
        // Organization levels that all allow: one line, as a learner reads them.
        if let Some(l) = levels_all_allow(&gs, i, action) {
            out.push(l);
            continue;
        }
        if matches!(g.layer, Layer::Scp | Layer::Rcp)
            && g.level.is_some_and(|n| n > 1)
            && levels_all_allow(&gs, first_level(&gs, g.layer), action).is_some()
        {
            continue;
        }
        let l = match g.layer {
            Layer::Scp => Some(org_gate(g, action, "SCP", blocking)),
            Layer::Rcp => Some(org_gate(g, action, "RCP", blocking)),
            _ => policy_gate(g, t, action, blocking),
        };
        match l {
            // Levels that do not apply for the same reason read as one line.
            Some(l) if out.last().is_some_and(|prev| prev.text == l.text) => {}
            Some(l) => out.push(l),
            None => skipped.push(g.layer.noun()),
        }
        if blocking {
            break;
        }
    }
    if !skipped.is_empty() && t.decision == Decision::Allow {
        out.push(line(
            format!(
                "No {} takes part in this request.",
                list(&skipped.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                    .replace(" and ", " or ")
            ),
            Tone::Neutral,
            None,
        ));
    }
    // 3. The decision and what would change it.
    out.push(line(
        t.summary.clone(),
        if t.decision == Decision::Allow {
            Tone::Allow
        } else {
            Tone::Fail
        },
        None,
    ));
    out.push(change(t, &gs));
    out
}

/// The index of the first gate of an organization layer.
fn first_level(gs: &[Gate<'_>], layer: Layer) -> usize {
    gs.iter().position(|g| g.layer == layer).unwrap_or(0)
}

/// At the first level of SCPs or RCPs, when every level allows: "No SCP level blocks
/// X: level 1 (...), level 2 (...) all allow it."
fn levels_all_allow(gs: &[Gate<'_>], i: usize, action: &str) -> Option<Line> {
    let g = gs.get(i)?;
    if !matches!(g.layer, Layer::Scp | Layer::Rcp) || g.level != Some(1) {
        return None;
    }
    let levels: Vec<&Gate<'_>> = gs.iter().filter(|x| x.layer == g.layer).collect();
    if levels.len() < 2 || levels.iter().any(|x| x.verdict != Verdict::Allow) {
        return None;
    }
    let (short, default) = if g.layer == Layer::Scp {
        ("SCP", iam_engine::world::model::FULL_AWS_ACCESS)
    } else {
        ("RCP", iam_engine::world::model::RCP_FULL_AWS_ACCESS)
    };
    let words: Vec<String> = levels.iter().map(|x| level_words(x)).collect();
    // A learner who attached nothing wonders what allows it: the default policy.
    let only_default = levels.iter().all(|x| {
        x.trace
            .is_some_and(|l| l.policies.iter().all(|p| p.name == default))
    });
    let why = if only_default {
        format!(", each through {default}, the policy AWS attaches to the root, every OU and every account until it is replaced")
    } else {
        String::new()
    };
    Some(line(
        format!(
            "No {short} level blocks {action}: {} all allow it{why}.",
            list(&words)
        ),
        Tone::Pass,
        Some(g.key()),
    ))
}

/// What would change the decision: the layer that lacks an Allow, or for an Allow, what
/// would take it away.
fn change(t: &Trace, gs: &[Gate<'_>]) -> Line {
    let r = &t.request;
    if t.decision == Decision::Allow {
        let allows: Vec<(String, String)> = gs
            .iter()
            .flat_map(|g| {
                statements(g, Effect::Allow)
                    .into_iter()
                    .map(move |s| (s, g.key()))
            })
            .filter(|(_, k)| !k.starts_with("scp") && !k.starts_with("rcp"))
            .collect();
        let names: Vec<String> = allows.iter().map(|(s, _)| s.clone()).collect();
        let mut layers: Vec<&str> = allows.iter().map(|(_, k)| k.as_str()).collect();
        layers.dedup();
        let remove = match (names.len(), layers.len()) {
            (0, _) => String::new(),
            (_, 1) => format!(" Without {}, nothing would allow it: the default deny.", list(&names)),
            _ => format!(
                " Each of these layers must allow it, so removing the Allow from any one of them ({}) would leave it implicitly denied.",
                list(&names)
            ),
        };
        return line(
            format!("To change the decision, add a Deny for {} to any policy that applies: an explicit Deny beats this Allow.{remove}", r.action),
            Tone::Change,
            allows.first().map(|(_, k)| k.clone()),
        );
    }
    let blocking = gs.iter().find(|g| is_blocking(t, g));
    let text = match blocking {
        Some(g) => {
            let at = match (g.layer, g.level) {
                (Layer::Scp | Layer::Rcp, Some(_)) => format!(" at {}", level_words(g)),
                _ => String::new(),
            };
            let resource_side =
                |l: Layer| matches!(l, Layer::Resource | Layer::RoleTrust | Layer::KeyPolicy);
            let resource_allows = gs
                .iter()
                .any(|x| resource_side(x.layer) && x.verdict == Verdict::Allow);
            // The resource's own policy by its name: a role's trust policy, a key policy.
            let other_side = gs
                .iter()
                .find(|x| resource_side(x.layer))
                .map_or("resource-based policy", |x| x.layer.noun());
            // A caller without identity-based policies (a web identity, a service,
            // anonymous) has only the resource's side to meet.
            let both = if r.same_account
                || !r.principal.kind.has_identity()
                || !matches!(
                    g.layer,
                    Layer::Identity | Layer::Resource | Layer::RoleTrust | Layer::KeyPolicy
                ) {
                ""
            } else if g.layer == Layer::Identity && !resource_allows {
                " Across accounts that alone is not enough: the resource's own policy must allow the caller too (or, as AWS's tutorial does, the caller assumes a role in the resource's account)."
            } else {
                &*format!(" Across accounts both sides must allow: the caller's identity-based policies and the {other_side}.")
            };
            match near_miss(g) {
                Some(near) => format!(
                    "To change the decision, make the request meet {}, which would allow it but {}. Or add to the {}{at} an Allow for {} on {} that matches this request.{both}",
                    near.statement,
                    near.why.trim_end_matches('.'),
                    g.layer.noun(),
                    r.action,
                    r.resource,
                ),
                None => format!(
                    "To change the decision, add an Allow for {} on {} to the {}{at}: that layer lacks one.{both}",
                    r.action,
                    r.resource,
                    g.layer.noun()
                ),
            }
        }
        None => format!(
            "To change the decision, add an Allow for {} on {} to a policy that applies.",
            r.action, r.resource
        ),
    };
    line(text, Tone::Change, blocking.map(|g| g.key()))
}

/// The verb that agrees with a layer's noun ("the boundary has", "the policies have").
fn verb(noun: &str, one: &'static str, many: &'static str) -> &'static str {
    if noun.ends_with("policies") {
        many
    } else {
        one
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::evaluate;
    use iam_engine::world::bundled::SCENARIOS;

    fn outcomes(id: &str) -> Vec<std::rc::Rc<RequestOutcome>> {
        let text = iam_engine::world::bundled::text(id).unwrap();
        evaluate(text, 1).outcomes
    }

    fn story(id: &str, request: &str) -> Vec<Line> {
        let o = outcomes(id);
        narrate(o.iter().find(|o| o.name == request).unwrap())
    }

    #[test]
    fn an_invalid_request_is_told_by_its_errors_with_their_fixes() {
        let text = r#"{"format": "iam-playground/scenario@1",
          "accounts": {"111122223333": {"users": {"ana": {"inline": {"p": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}}}}}},
          "requests": [{"name": "r", "who": {"user": "ana"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#;
        let e = crate::results::evaluate(text, 1);
        let story = narrate(&e.outcomes[0]);
        let said: Vec<&str> = story.iter().map(|l| l.text.as_str()).collect();
        assert!(
            said.iter()
                .any(|l| l.contains("AWS would refuse to store the policy `p`")
                    && l.contains("(line ")
                    && l.contains("To fix it: remove `Principal`")),
            "{said:#?}"
        );
        assert!(said
            .last()
            .is_some_and(|l| l.starts_with("To change the decision")));
    }

    #[test]
    fn every_story_ends_with_what_would_change_it() {
        for (id, _) in SCENARIOS {
            for o in outcomes(id) {
                let s = narrate(&o);
                assert!(s.len() >= 2, "{id} {}", o.name);
                let last = s.last().unwrap();
                assert_eq!(last.tone, Tone::Change, "{id} {}: {:?}", o.name, s);
                assert!(
                    last.text.starts_with("To change the decision"),
                    "{}",
                    last.text
                );
                for l in &s {
                    assert!(!l.text.contains("``"), "{}", l.text);
                }
            }
        }
    }

    /// The deepest bracket nesting of a sentence: 1 is "(...)", 2 is "(... (...))".
    fn depth(s: &str) -> usize {
        let (mut at, mut most, mut code) = (0usize, 0usize, false);
        for c in s.chars() {
            match c {
                '`' => code = !code,
                _ if code => {}
                '(' | '[' => {
                    at += 1;
                    most = most.max(at);
                }
                ')' | ']' => at = at.saturating_sub(1),
                _ => {}
            }
        }
        most
    }

    #[test]
    fn inner_brackets_become_commas() {
        assert_eq!(
            unnest("User vic (partner (outside the organization), 777788889999) calls."),
            "User vic (partner, outside the organization, 777788889999) calls."
        );
        assert_eq!(
            unnest("both allow (`a` (inline policy of group D), statement 1; `b`, statement 1)."),
            "both allow (`a`, inline policy of group D, statement 1; `b`, statement 1)."
        );
        assert_eq!(unnest("a (b (c)) d"), "a (b, c) d");
        assert_eq!(unnest("a (b (c) d) e"), "a (b, c, d) e");
        assert_eq!(unnest("`f(g(x))` (as written)"), "`f(g(x))` (as written)");
        assert_eq!(unnest("plain (one) and (two)"), "plain (one) and (two)");
    }

    #[test]
    fn no_sentence_nests_brackets() {
        let mut nested = vec![];
        for (id, _) in SCENARIOS {
            for o in outcomes(id) {
                for l in narrate(&o) {
                    if depth(&l.text) > 1 {
                        nested.push(format!("{id} {}: {}", o.name, l.text));
                    }
                }
            }
        }
        assert!(nested.is_empty(), "{nested:#?}");
    }

    #[test]
    fn a_boundary_without_an_allow_is_named_as_what_to_change() {
        let o = outcomes("08-permissions-boundary");
        let o = o
            .iter()
            .find(|o| {
                o.trace
                    .as_ref()
                    .is_some_and(|t| t.blocked_by == Some(Layer::PermissionsBoundary))
            })
            .unwrap();
        let s = narrate(o);
        let text: Vec<&str> = s.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("permissions boundary has no Allow")
                    && t.contains("implicitly denied")),
            "{text:#?}"
        );
        assert!(
            s.last()
                .unwrap()
                .text
                .contains("to the permissions boundary"),
            "{text:#?}"
        );
        assert_eq!(
            s.last().unwrap().gate.as_deref(),
            Some("permissions_boundary")
        );
    }

    #[test]
    fn an_explicit_deny_names_the_statement_to_remove() {
        let s = story("08-permissions-boundary", "maria cannot remove a boundary");
        let last = &s.last().unwrap().text;
        assert!(
            last.contains("statement \"NoBoundaryChanges\" of DelegatedUserAdmin"),
            "{last}"
        );
        assert!(s.iter().any(|l| l.tone == Tone::Deny));
    }

    #[test]
    fn an_allow_names_the_statement_that_grants_it() {
        let s = story("14-cross-account-role", "David assumes UpdateApp");
        let text: Vec<&str> = s.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text.iter().any(|t| t.contains("role trust policy allows")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|t| t.contains("No SCPs apply")),
            "{text:#?}"
        );
        assert!(s.last().unwrap().text.contains("add a Deny"), "{text:#?}");
    }

    #[test]
    fn a_trust_policy_is_named_as_such_in_what_would_change_it() {
        let mut seen = 0;
        for (id, _) in SCENARIOS {
            for o in outcomes(id) {
                let Some(t) = &o.trace else { continue };
                if t.blocked_by != Some(Layer::RoleTrust) {
                    continue;
                }
                seen += 1;
                let last = narrate(&o).pop().map(|l| l.text).unwrap_or_default();
                assert!(
                    last.contains("role trust policy"),
                    "{id} {}: {last}",
                    o.name
                );
                assert!(
                    !last.contains("resource's policy"),
                    "{id} {}: {last}",
                    o.name
                );
                assert!(!last.contains("does apply to"), "{id} {}: {last}", o.name);
                if !t.request.principal.kind.has_identity() {
                    assert!(!last.contains("both sides"), "{id} {}: {last}", o.name);
                }
            }
        }
        assert!(seen > 0, "no bundled request is stopped by a trust policy");
    }

    #[test]
    fn organization_levels_that_all_allow_read_as_one_line() {
        let s = story("12-organization-scps-rcps", "prod admin in eu-west-1");
        let text: Vec<&str> = s.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("No SCP level blocks dynamodb:PutItem: level 1")),
            "{text:#?}"
        );
        assert!(
            !text.iter().any(|t| t.starts_with("SCP level 2")),
            "{text:#?}"
        );
    }

    #[test]
    fn organization_levels_with_only_the_default_policy_name_it() {
        let text = r#"{"format": "iam-playground/scenario@1", "name": "t",
          "organization": {"id": "o-abcdefghij", "management_account": "111111111111",
            "root": {"accounts": ["111111111111", "222222222222"]}},
          "accounts": {"111111111111": {}, "222222222222": {"users": {"a": {"inline": {
            "p": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}}}}}},
          "requests": [{"name": "r", "who": {"user": "a"},
            "action": "s3:ListAllMyBuckets", "resource": "*"}]}"#;
        let ev = evaluate(text, 1);
        let o = ev.outcomes.first().expect("the request is decided");
        let lines: Vec<String> = narrate(o).into_iter().map(|l| l.text).collect();
        assert!(
            lines.iter().any(|t| t.starts_with("No SCP level blocks")
                && t.contains("each through FullAWSAccess, the policy AWS attaches")),
            "{lines:#?}"
        );
        // Where a level has its own SCP, the default is not the explanation.
        let s = story("12-organization-scps-rcps", "prod admin in eu-west-1");
        assert!(!s
            .iter()
            .any(|l| l.text.contains("each through FullAWSAccess")));
    }

    #[test]
    fn an_allow_whose_condition_fails_is_named_not_called_missing() {
        let s = story(
            "08-permissions-boundary",
            "maria cannot create a user without it",
        );
        let text: Vec<&str> = s.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text.iter().any(|t| t.contains("no Allow that applies")
                && t.contains("would allow it, but its Condition does not hold")),
            "{text:#?}"
        );
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["a".into()]), "a");
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}
