//! The scenarios shipped with the engine, one per idea of the IAM basics (the files in
//! `scenarios/`). The playground lists them; the tests run every one.

/// `(file stem, JSON text)` in teaching order.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "01-default-deny",
        include_str!("../../../scenarios/01-default-deny.json"),
    ),
    ("02-allow", include_str!("../../../scenarios/02-allow.json")),
    (
        "03-explicit-deny",
        include_str!("../../../scenarios/03-explicit-deny.json"),
    ),
    (
        "04-managed-and-inline",
        include_str!("../../../scenarios/04-managed-and-inline.json"),
    ),
    ("05-group", include_str!("../../../scenarios/05-group.json")),
    (
        "06-root-user",
        include_str!("../../../scenarios/06-root-user.json"),
    ),
    (
        "07-access-keys",
        include_str!("../../../scenarios/07-access-keys.json"),
    ),
    (
        "08-permissions-boundary",
        include_str!("../../../scenarios/08-permissions-boundary.json"),
    ),
    (
        "09-instance-profile",
        include_str!("../../../scenarios/09-instance-profile.json"),
    ),
    (
        "10-federated-user",
        include_str!("../../../scenarios/10-federated-user.json"),
    ),
    (
        "11-expired-credentials",
        include_str!("../../../scenarios/11-expired-credentials.json"),
    ),
    (
        "12-organization-scps-rcps",
        include_str!("../../../scenarios/12-organization-scps-rcps.json"),
    ),
    (
        "13-web-identity",
        include_str!("../../../scenarios/13-web-identity.json"),
    ),
    (
        "14-cross-account-role",
        include_str!("../../../scenarios/14-cross-account-role.json"),
    ),
    (
        "15-role-chaining-and-tags",
        include_str!("../../../scenarios/15-role-chaining-and-tags.json"),
    ),
    (
        "16-third-party-external-id",
        include_str!("../../../scenarios/16-third-party-external-id.json"),
    ),
    (
        "17-kms-key-policy",
        include_str!("../../../scenarios/17-kms-key-policy.json"),
    ),
    (
        "18-bucket-policy-cross-account",
        include_str!("../../../scenarios/18-bucket-policy-cross-account.json"),
    ),
];

/// The text of bundled scenario `id` (a file stem such as `14-cross-account-role`).
pub fn text(id: &str) -> Option<&'static str> {
    SCENARIOS.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}
