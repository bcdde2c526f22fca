//! Renders a trace as text for a terminal: the story first, then every policy.
//!
//! By default the text is folded so that one request reads in a screenful: SCP and
//! RCP policies that only allow everything (`FullAWSAccess`, `RCPFullAWSAccess`) take
//! one line, the layers that do not apply one line, and the context shows the keys the
//! request gave and those a condition read. [`Options::full`] shows everything.

use crate::trace::{ElementView, Layer, LayerTrace, PolicyTrace, Step, StepResult, Trace, Verdict};
use std::fmt::Write;

/// How much of a trace to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Every layer, policy and context key, nothing folded (`--full`).
    pub full: bool,
    /// Leave out the decision, the summary and the request's principal, action and
    /// resource: a scenario report has said them just above.
    pub omit_header: bool,
}

/// The trace as indented text, folded (see the module's documentation).
pub fn text(t: &Trace) -> String {
    text_with(t, Options::default())
}

/// Whether a policy of an SCP or RCP level allowed only because it allows everything:
/// what the folded text leaves out.
fn folds(layer: Layer, p: &PolicyTrace) -> bool {
    matches!(layer, Layer::Scp | Layer::Rcp)
        && p.evaluated
        && p.verdict == Verdict::Allow
        && p.source
            .as_ref()
            .is_some_and(|s| s.policy.allows_everything())
}

/// The names of the policies that fold in a layer, in order, each once.
fn folded_names<'t>(layers: impl Iterator<Item = &'t LayerTrace>) -> Vec<&'t str> {
    let mut names: Vec<&str> = Vec::new();
    for l in layers {
        for p in l.policies.iter().filter(|p| folds(l.layer, p)) {
            if !names.contains(&p.name.as_str()) {
                names.push(&p.name);
            }
        }
    }
    names
}

/// "`FullAWSAccess`", "`A` and `B`".
fn names_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// "levels 1–3", "levels 1, 3", "level 2".
fn levels_list(levels: &[usize]) -> String {
    let consecutive = levels
        .windows(2)
        .all(|w| matches!(w, [a, b] if a + 1 == *b));
    match (levels.first(), levels.last()) {
        (Some(a), Some(b)) if levels.len() == 1 || a == b => format!("level {a}"),
        (Some(a), Some(b)) if consecutive => format!("levels {a}–{b}"),
        _ => format!(
            "levels {}",
            levels
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// "SCP", "RCP".
fn short(layer: Layer) -> &'static str {
    if layer == Layer::Scp {
        "SCP"
    } else {
        "RCP"
    }
}

/// The layer trace a step reports on.
fn layer_of<'t>(t: &'t Trace, s: &Step) -> Option<&'t LayerTrace> {
    t.layers
        .iter()
        .find(|l| Some(l.layer) == s.layer && l.level == s.level)
}

/// Whether a step says only that an SCP or RCP level allows through policies that
/// allow everything: such steps of one layer fold into one line.
fn step_folds(t: &Trace, s: &Step) -> bool {
    s.result == StepResult::Pass
        && layer_of(t, s).is_some_and(|l| {
            let allowing = l.policies.iter().filter(|p| p.verdict == Verdict::Allow);
            allowing.clone().count() > 0 && allowing.clone().all(|p| folds(l.layer, p))
        })
}

/// The steps as lines, folded unless `full`.
fn steps(t: &Trace, full: bool) -> Vec<(StepResult, String)> {
    let mut lines: Vec<(StepResult, String)> = Vec::new();
    let mut i = 0;
    while let Some(s) = t.steps.get(i) {
        let layer = s.layer.filter(|_| !full && step_folds(t, s));
        let Some(layer) = layer else {
            lines.push((s.result, format!("{}: {}", s.check, s.detail)));
            i += 1;
            continue;
        };
        let mut levels = Vec::new();
        let mut run = Vec::new();
        while let Some(next) = t
            .steps
            .get(i)
            .filter(|n| n.layer == Some(layer) && step_folds(t, n))
        {
            levels.extend(next.level);
            run.extend(layer_of(t, next));
            i += 1;
        }
        let names = folded_names(run.into_iter());
        let each = if levels.len() > 1 {
            " at each level"
        } else {
            ""
        };
        let verb = if names.len() == 1 { "allows" } else { "allow" };
        lines.push((
            StepResult::Pass,
            format!(
                "{} {}: {} {verb} everything{each}",
                short(layer),
                levels_list(&levels),
                names_list(&names)
            ),
        ));
    }
    lines
}

/// The trace as indented text; `options.full` shows every policy and key.
pub fn text_with(t: &Trace, options: Options) -> String {
    let full = options.full;
    let mut out = String::new();
    let r = &t.request;
    if !options.omit_header {
        let _ = writeln!(out, "Decision: {}", t.decision.name());
    }
    if let Some(b) = t.blocked_by {
        match t.blocked_level {
            Some(l) => {
                let _ = writeln!(out, "Blocked by: {} (level {l})", b.name());
            }
            None => {
                let _ = writeln!(out, "Blocked by: {}", b.name());
            }
        }
    }
    if !options.omit_header {
        let _ = writeln!(out, "{}", t.summary);
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Request");
    if !options.omit_header {
        let _ = writeln!(
            out,
            "  principal: {} ({})",
            r.principal.display(),
            r.principal.kind.name()
        );
        let _ = writeln!(out, "  action:    {}", r.action);
        let _ = writeln!(out, "  resource:  {}", r.resource);
    }
    let acct = r.resource_account.as_deref().unwrap_or("unknown");
    let _ = writeln!(
        out,
        "  resource account: {acct} ({})",
        if r.same_account {
            "same account as the caller"
        } else if r.principal.account.is_none() {
            "the caller belongs to no account"
        } else {
            "another account than the caller's"
        }
    );
    // Folded, the context shows the keys the request gave and those a condition or a
    // policy variable read; the other derived keys are counted.
    let read = keys_read(t);
    let shown = |c: &&crate::context::ContextValue| {
        full || c.source != crate::context::ValueSource::Derived || read.contains(&c.key_lc)
    };
    let hidden = r.context.iter().filter(|c| !shown(c)).count();
    if !r.context.is_empty() {
        let _ = writeln!(out, "  context:");
        for c in r.context.iter().filter(shown) {
            let v = if c.multi {
                format!("[{}]", c.values.join(", "))
            } else {
                c.values.join(", ")
            };
            let src = if c.source == crate::context::ValueSource::Derived {
                "  (derived)"
            } else {
                ""
            };
            let _ = writeln!(out, "    {} = {v}{src}", c.key);
        }
        if hidden > 0 {
            let _ = writeln!(
                out,
                "    ({hidden} more derived key{} that no condition read; --full lists them)",
                if hidden == 1 { "" } else { "s" }
            );
        }
    }
    if !t.errors.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Errors (AWS would refuse to store these policies)");
        for e in &t.errors {
            let _ = writeln!(out, "  {e}");
        }
    }
    for w in &t.warnings {
        let _ = writeln!(out, "Warning: {w}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Steps");
    for (i, (result, line)) in steps(t, full).iter().enumerate() {
        let mark = match result {
            StepResult::Pass => "ok  ",
            StepResult::Skip => "--  ",
            StepResult::Fail => "FAIL",
            StepResult::Deny => "DENY",
            StepResult::Allow => "ALLOW",
        };
        let _ = writeln!(out, "  {}. [{mark}] {line}", i + 1);
    }
    // Folded: the SCP and RCP levels that hold only policies that allow everything, in
    // one line; the layers that do not apply, in another.
    let only_everything = |l: &LayerTrace| {
        !full && !l.policies.is_empty() && l.policies.iter().all(|p| folds(l.layer, p))
    };
    let not_applying = |l: &LayerTrace| !full && !l.applies && l.policies.is_empty();
    let mut folded_levels: Vec<String> = Vec::new();
    let mut kinds: Vec<Layer> = Vec::new();
    for l in t
        .layers
        .iter()
        .filter(|l| matches!(l.layer, Layer::Scp | Layer::Rcp))
    {
        if !kinds.contains(&l.layer) {
            kinds.push(l.layer);
        }
    }
    for layer in kinds {
        let levels: Vec<usize> = t
            .layers
            .iter()
            .filter(|l| l.layer == layer && only_everything(l))
            .filter_map(|l| l.level)
            .collect();
        if !levels.is_empty() {
            folded_levels.push(format!("{} {}", short(layer), levels_list(&levels)));
        }
    }
    if !folded_levels.is_empty() {
        let names = folded_names(t.layers.iter().filter(|l| only_everything(l)));
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}: only {}, which allow{} everything (--full shows them)",
            folded_levels.join(", "),
            names_list(&names),
            if names.len() == 1 { "s" } else { "" }
        );
    }
    for (n, l) in t
        .layers
        .iter()
        .filter(|l| !only_everything(l) && !not_applying(l))
        .enumerate()
    {
        // Folded, the layers follow one another; each title starts its line.
        if full || n == 0 {
            let _ = writeln!(out);
        }
        let title = match l.level {
            Some(n) => format!("{} level {n}", l.title),
            None => l.title.clone(),
        };
        let state = verdict(l.verdict, l.layer);
        let folded = if full {
            Vec::new()
        } else {
            folded_names(std::iter::once(l))
        };
        let also = if folded.is_empty() {
            String::new()
        } else {
            let verb = if folded.len() == 1 { "allows" } else { "allow" };
            format!(" ({} {verb} everything)", names_list(&folded))
        };
        let _ = writeln!(out, "{title}: {state}{also}");
        let _ = writeln!(out, "  {}", l.note);
        for p in l.policies.iter().filter(|p| full || !folds(l.layer, p)) {
            let origin = p
                .origin
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            let state = if p.evaluated {
                verdict(p.verdict, l.layer)
            } else {
                "not evaluated"
            };
            let _ = writeln!(out, "  policy {}{origin}: {state}", p.name);
            let aws_managed = p
                .origin
                .as_deref()
                .is_some_and(|o| o.starts_with("AWS managed"));
            for d in &p.diagnostics {
                let _ = writeln!(out, "    {d}");
            }
            for s in &p.statements {
                let sid = s
                    .sid
                    .as_deref()
                    .map(|x| format!(" \"{x}\""))
                    .unwrap_or_default();
                let applies = if s.applies {
                    "applies"
                } else {
                    "does not apply"
                };
                // An AWS managed policy's lines are in a document the reader has not
                // written: its statements are named by number only.
                let place = if aws_managed {
                    String::new()
                } else {
                    format!(", line {}", s.location.line)
                };
                let _ = writeln!(
                    out,
                    "    statement {}{sid} ({:?}{place}): {applies}",
                    s.index + 1,
                    s.effect,
                );
                element(&mut out, p.element(s, &s.action));
                if let Some(e) = &s.resource {
                    element(&mut out, p.element(s, e));
                }
                if let Some(e) = &s.principal {
                    element(&mut out, p.element(s, e));
                }
                if let Some(at) = s.stopped_at {
                    let _ = writeln!(
                        out,
                        "      (stopped at {at}: the rest of the statement is not checked)"
                    );
                }
                for c in &s.conditions {
                    let m = if c.matched { "yes" } else { "no " };
                    let _ = writeln!(
                        out,
                        "      [{m}] Condition {} {}: {}",
                        c.operator, c.key, c.reason
                    );
                    if let Some(rv) = &c.resolved_values {
                        let _ = writeln!(
                            out,
                            "            policy values after variables: {}",
                            rv.join(", ")
                        );
                    }
                }
            }
        }
    }
    let idle: Vec<&str> = t
        .layers
        .iter()
        .filter(|l| not_applying(l))
        .map(|l| l.title.as_str())
        .collect();
    if !idle.is_empty() {
        let _ = writeln!(out, "Not in play: {} (--full says why)", idle.join(", "));
    }
    if !t.missing_keys.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Context keys asked for but absent from the request");
        for m in &t.missing_keys {
            let _ = writeln!(out, "  {} (used by {})", m.key, m.used_by.join("; "));
        }
    }
    out
}

/// The context keys (lowercase) the trace's conditions and policy variables read.
fn keys_read(t: &Trace) -> Vec<String> {
    let mut keys: Vec<String> = t
        .missing_keys
        .iter()
        .map(|m| m.key.to_ascii_lowercase())
        .collect();
    for l in &t.layers {
        for p in &l.policies {
            for st in &p.statements {
                for c in &st.conditions {
                    keys.push(c.key.to_ascii_lowercase());
                    keys.extend(
                        c.substitutions
                            .iter()
                            .map(|s| s.variable.to_ascii_lowercase()),
                    );
                }
                let elements = std::iter::once(&st.action)
                    .chain(&st.resource)
                    .chain(st.principal.as_deref());
                for e in elements {
                    keys.extend(
                        e.substitutions()
                            .iter()
                            .map(|s| s.variable.to_ascii_lowercase()),
                    );
                }
            }
        }
    }
    keys
}

/// How many listed patterns a miss names before "and N more".
const TRIED: usize = 5;
/// Lines longer than this put each part of a miss on its own line.
const WIDTH: usize = 100;

fn element(out: &mut String, view: ElementView<'_>) {
    let e = view.element;
    let m = if e.matched { "yes" } else { "no " };
    let head = format!("      [{m}] {}: ", e.element);
    // On a miss: what was compared, the patterns tried and the closest one.
    let mut parts = vec![view.outcome()];
    if let Some(c) = view.compared.filter(|_| view.is_miss()) {
        let mut tried: Vec<String> = c
            .against
            .patterns()
            .take(TRIED)
            .map(|(p, _)| format!("`{p}`"))
            .collect();
        if c.against.len() > TRIED {
            tried.push(format!("and {} more", c.against.len() - TRIED));
        }
        let closest = view.closest();
        // One pattern tried that is also the closest is named once, as the closest.
        let said_by_closest = c.against.len() == 1 && closest.is_some();
        if !tried.is_empty() && !said_by_closest {
            parts.push(format!("tried {}", tried.join(", ")));
        }
        if let Some(closest) = closest {
            parts.push(format!("closest: `{}` — {}", closest.pattern, closest.why));
        }
    }
    let line = parts.join("; ");
    if head.len() + line.chars().count() <= WIDTH {
        let _ = writeln!(out, "{head}{line}");
    } else {
        let _ = writeln!(out, "{head}{}", parts.first().map_or("", String::as_str));
        for p in parts.iter().skip(1) {
            let _ = writeln!(out, "            {p}");
        }
    }
    for s in e.substitutions() {
        let v = match (&s.value, s.defaulted) {
            (Some(v), true) => format!("`{v}` (default)"),
            (Some(v), false) => format!("`{v}`"),
            (None, _) => "no value".into(),
        };
        let _ = writeln!(out, "            ${{{}}} = {v}", s.variable);
    }
}

fn verdict(v: Verdict, layer: Layer) -> &'static str {
    match v {
        Verdict::Allow => "allows",
        Verdict::Deny => "denies",
        Verdict::NoMatch if layer == Layer::Identity || layer == Layer::Resource => {
            "no statement allows"
        }
        Verdict::NoMatch => "does not allow",
        Verdict::NotApplicable => "does not apply",
        Verdict::Implicit => "allows (implicitly)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casefile::read_cases;

    const EVERYTHING: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    fn trace(scps: &str) -> Trace {
        let text = format!(
            r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
            "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}],
            "scps":{scps},
            "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{{"aws:SourceIp":"192.0.2.1","aws:RequestedRegion":"eu-west-1"}}}}}}"#
        );
        let case = read_cases(&text).unwrap().remove(0).case;
        crate::decide(&case, true).trace.unwrap()
    }

    #[test]
    fn levels_that_allow_everything_fold_into_a_line() {
        let lock = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;
        let t = trace(&format!(
            "[[{EVERYTHING}],[{EVERYTHING},{lock}],[{EVERYTHING}]]"
        ));
        let folded = text(&t);
        assert!(
            folded.contains("[ok  ] SCP levels 1–3: `SCP 1.1`, `SCP 2.1` and `SCP 3.1` allow everything at each level"),
            "{folded}"
        );
        assert!(folded.contains("SCP levels 1, 3: only `SCP 1.1` and `SCP 3.1`, which allow everything (--full shows them)"), "{folded}");
        assert!(
            folded.contains("(SCPs) level 2: allows (`SCP 2.1` allows everything)"),
            "{folded}"
        );
        assert!(folded.contains("Not in play: "), "{folded}");
        // The key the request gave stays; the derived ones no condition read are counted.
        assert!(folded.contains("aws:SourceIp = 192.0.2.1"), "{folded}");
        assert!(folded.contains("more derived key"), "{folded}");
        let full = text_with(
            &t,
            Options {
                full: true,
                ..Options::default()
            },
        );
        assert!(!full.contains("allows everything"), "{full}");
        assert!(!full.contains("Not in play"), "{full}");
        assert!(
            folded.lines().count() + 10 < full.lines().count(),
            "{folded}\n{full}"
        );
        // A policy that allows only some actions is never folded.
        let some = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        let t = trace(&format!("[[{some}]]"));
        assert!(!text(&t).contains("allows everything"), "{}", text(&t));
    }

    #[test]
    fn an_identity_policy_that_allows_everything_is_shown() {
        let text = format!(
            r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
            "identity_policies":[{EVERYTHING}],
            "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
        );
        let case = read_cases(&text).unwrap().remove(0).case;
        let t = crate::decide(&case, true).trace.unwrap();
        let out = super::text(&t);
        assert!(
            out.contains("[yes] Action: `*` matches the action"),
            "{out}"
        );
    }
}
