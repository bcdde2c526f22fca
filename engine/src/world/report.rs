//! Text reports of a scenario run, for `iam-eval scenario`.

use super::run::RequestOutcome;
use crate::render;
use std::fmt::Write;

/// One block per request: the verdict line, authentication, notes, the session an STS
/// call created; with `explain`, the whole trace.
pub fn outcome(o: &RequestOutcome, explain: bool) -> String {
    let mut s = String::new();
    let mark = match o.met {
        Some(true) => "ok  ",
        Some(false) => "FAIL",
        None => "    ",
    };
    let expected = match (&o.expected, o.met) {
        (Some(e), Some(false)) => format!(" (expected {e})"),
        _ => String::new(),
    };
    let _ = writeln!(
        s,
        "[{mark}] {}: {} -> {}{expected}",
        o.name, o.result, o.action
    );
    let _ = writeln!(s, "       who:      {}", o.who);
    let _ = writeln!(s, "       resource: {}  at {}", o.resource, o.at);
    let auth = if o.authentication.ok { "ok" } else { "FAILED" };
    let _ = writeln!(
        s,
        "       authentication {auth}: {}: {}",
        o.authentication.method, o.authentication.detail
    );
    if let Some(e) = &o.error {
        let _ = writeln!(s, "       invalid: {e}");
    }
    if let Some(t) = &o.trace {
        let _ = writeln!(s, "       {}", t.summary);
    }
    for c in &o.also_checked {
        let _ = writeln!(
            s,
            "       also needs {}: {} ({})",
            c.action,
            c.decision.name(),
            c.summary
        );
    }
    for n in &o.notes {
        let _ = writeln!(s, "       note: {n}");
    }
    if let Some(sess) = &o.session {
        let _ = writeln!(
            s,
            "       created {} {} (until {}{}{})",
            sess.kind,
            sess.arn,
            sess.expires,
            if sess.mfa { ", MFA" } else { "" },
            if sess.chained {
                ", chained: at most 1 hour"
            } else {
                ""
            }
        );
        if !sess.session_policies.is_empty() {
            let _ = writeln!(
                s,
                "         session policies: {}",
                sess.session_policies.join(", ")
            );
        }
        if !sess.tags.is_empty() {
            let tags: Vec<String> = sess.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let _ = writeln!(s, "         session tags: {}", tags.join(", "));
        }
    }
    if explain {
        if let Some(t) = &o.trace {
            for line in render::text(t).lines() {
                let _ = writeln!(s, "       | {line}");
            }
        }
    }
    s
}
