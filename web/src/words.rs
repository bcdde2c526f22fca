//! The words and marks the page uses for decisions and gates, shared by the app and
//! the first paint.

/// The words for a decision, as a learner reads them.
pub fn decision_label(result: &str) -> &'static str {
    match result {
        "Allow" => "Allowed",
        "ExplicitDeny" => "Explicit deny",
        "ImplicitDeny" => "Implicit deny",
        "AuthenticationFailed" => "Authentication failed",
        "Invalid" => "Invalid",
        _ => "Pending",
    }
}

/// The CSS class of a decision.
pub fn decision_class(result: &str) -> &'static str {
    match result {
        "Allow" => "d-allow",
        "ExplicitDeny" => "d-deny",
        "ImplicitDeny" => "d-implicit",
        "AuthenticationFailed" | "Invalid" => "d-invalid",
        _ => "d-pending",
    }
}

/// The mark beside a decision.
pub fn decision_icon(decision: &str) -> &'static str {
    match decision {
        "Allow" => "✓",
        "ExplicitDeny" => "✕",
        "ImplicitDeny" => "∅",
        "" => "…",
        _ => "!",
    }
}

/// Beside a gate after the one that stopped the request.
pub const UNREACHED: &str = "cannot change the decision: the request is stopped above";

/// The mark of a gate, by its verdict name.
pub fn gate_icon(v: &str) -> &'static str {
    match v {
        "Allow" | "Implicit" => "✓",
        "Deny" => "✕",
        "NoMatch" => "∅",
        _ => "–",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_has_words_and_a_class() {
        for d in [
            "Allow",
            "ExplicitDeny",
            "ImplicitDeny",
            "AuthenticationFailed",
            "Invalid",
        ] {
            assert_ne!(decision_label(d), "Pending");
            assert_ne!(decision_class(d), "d-pending");
        }
        assert_eq!(decision_label(""), "Pending");
    }
}
