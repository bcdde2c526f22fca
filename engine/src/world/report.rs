//! Text reports of a scenario run, for `iam-eval scenario`.

use super::run::RequestOutcome;
use crate::render;
use crate::reqcheck::RequestWarning;
use std::fmt::Write;

/// One block per request: the verdict line, authentication, notes, the session an STS
/// call created; with `explain`, the trace (folded unless `full`, without the
/// decision and request that the block's first lines say).
/// `warnings` are the request's checks against the catalog ([`crate::reqcheck`]),
/// shown under the decision.
pub fn outcome(
    o: &RequestOutcome,
    explain: Option<render::Options>,
    warnings: &[RequestWarning],
) -> String {
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
    if let Some(t) = &o.trace {
        let _ = writeln!(s, "       {}", t.summary);
    }
    if let Some(e) = &o.error {
        let _ = writeln!(s, "       invalid: {e}");
    }
    for w in warnings {
        let _ = writeln!(s, "       warning: {}", w.message);
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
    if let Some(k) = &o.created_access_key {
        let _ = writeln!(
            s,
            "       created access key {} for user {}; secret {} (shown once: AWS never shows it again)",
            k.access_key_id, k.user, k.secret_access_key
        );
    }
    if let Some(keys) = &o.access_keys {
        for k in keys {
            let _ = writeln!(
                s,
                "       key {} {:?}{} (no secret: it is only shown at creation)",
                k.access_key_id,
                k.status,
                k.created
                    .as_deref()
                    .map(|c| format!(", created {c}"))
                    .unwrap_or_default()
            );
        }
    }
    if let Some(options) = explain {
        if let Some(t) = &o.trace {
            let options = render::Options {
                omit_header: true,
                ..options
            };
            for line in render::text_with(t, options).lines() {
                let _ = writeln!(s, "       | {line}");
            }
        }
    }
    s
}
