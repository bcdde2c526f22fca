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

/// Under the requests list: what a learner can do with it.
pub const REQUESTS_HOW: &str = "Pick a request to see its decision step by step. Add one with the forms (Add: Request); rename or delete one in The world, under Requests.";

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

/// What a layer is, in a sentence for a learner meeting it for the first time (shown
/// in its gate, under the note on why it takes part or not).
pub fn what_it_is(layer: iam_engine::trace::Layer) -> &'static str {
    use iam_engine::trace::Layer;
    match layer {
        Layer::Scp => "Service control policies (SCPs) are set in AWS Organizations on the organization root, its OUs and its accounts. They cap what the IAM users and roles of member accounts may do, and grant nothing.",
        Layer::Rcp => "Resource control policies (RCPs) are set in AWS Organizations like SCPs, but cap what may be done to the resources of member accounts, whoever asks. They grant nothing.",
        Layer::Resource => "A resource-based policy is attached to the resource itself (an S3 bucket policy, for example) and names the principals it allows or denies.",
        Layer::RoleTrust => "A role's trust policy is the role's own resource-based policy: it says who may assume the role.",
        Layer::KeyPolicy => "A key policy is a KMS key's own resource-based policy. Every key has one, and IAM policies count for the key only where it lets them.",
        Layer::Identity => "Identity-based policies are attached to the user, its groups or the role (AWS managed, customer managed or inline). They grant what they allow.",
        Layer::PermissionsBoundary => "A permissions boundary is a managed policy set on a user or role that caps what its identity-based policies can grant. It grants nothing itself.",
        Layer::SessionPolicy => "Session policies are passed when a role session or a federated user's session is made. They cap what the session may do, and grant nothing.",
        Layer::EndpointPolicy => "A VPC endpoint policy is attached to the VPC endpoint a request goes through. It caps what may be done through that endpoint.",
        Layer::ServiceRule => "Not a policy: a rule the AWS service applies whatever the policies say.",
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
