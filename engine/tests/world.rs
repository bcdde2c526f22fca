#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! The world model: bundled scenarios, loading with located errors, authentication,
//! STS, who-can / principal-can, external access and validation checks.

use iam_engine::validate::{self, Family};
use iam_engine::world::access::{self, AccessKind};
use iam_engine::world::analysis;
use iam_engine::world::bundled::SCENARIOS;
use iam_engine::world::validate::validate_scenario;
use iam_engine::world::Scenario;
use iam_engine::Decision;

fn load(text: &str) -> Scenario {
    match Scenario::load(text) {
        Ok(s) => s,
        Err(e) => panic!("scenario does not load:\n{e}"),
    }
}

fn bundled(stem: &str) -> Scenario {
    let (_, text) = SCENARIOS.iter().find(|(n, _)| *n == stem).unwrap();
    load(text)
}

#[test]
fn every_bundled_scenario_meets_its_expectations() {
    assert!(SCENARIOS.len() >= 12);
    for (name, text) in SCENARIOS {
        let s = load(text);
        assert!(
            s.diagnostics.iter().all(|d| !d.is_error()),
            "{name}: {:?}",
            s.diagnostics
        );
        assert!(!s.doc.description.is_empty(), "{name} needs a description");
        let outcomes = s.run(true);
        assert!(!outcomes.is_empty(), "{name} has no requests");
        for o in &outcomes {
            assert_eq!(
                o.met,
                Some(true),
                "{name}: request `{}` gave {} ({:?}) but expected {:?}",
                o.name,
                o.result,
                o.error,
                o.expected
            );
            if o.decision.is_some() {
                let trace = o.trace.as_ref().unwrap();
                assert!(serde_json::to_string(trace).is_ok());
                if o.trace.is_some() && !o.notes.iter().any(|n| n.contains("GetSessionToken")) {
                    assert_eq!(trace.steps[0].check, "Authentication", "{name}: {}", o.name);
                }
            }
        }
        // The fast path decides alike.
        let fast = s.run(false);
        for (a, b) in outcomes.iter().zip(&fast) {
            assert_eq!(a.result, b.result, "{name}: {}", a.name);
        }
    }
}

#[test]
fn the_issue_ideas_each_have_a_scenario() {
    let names: Vec<&str> = SCENARIOS.iter().map(|(n, _)| *n).collect();
    for idea in [
        "default-deny",
        "allow",
        "explicit-deny",
        "managed-and-inline",
        "group",
        "root-user",
        "access-keys",
        "permissions-boundary",
        "instance-profile",
        "federated-user",
        "expired-credentials",
        "cross-account-role",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(idea)),
            "no scenario for {idea}"
        );
    }
}

#[test]
fn a_scenario_survives_a_round_trip() {
    for (name, text) in SCENARIOS {
        let s = load(text);
        let again = serde_json::to_string_pretty(&s.doc).unwrap();
        let t = load(&again);
        let a: Vec<String> = s.run(false).into_iter().map(|o| o.result).collect();
        let b: Vec<String> = t.run(false).into_iter().map(|o| o.result).collect();
        assert_eq!(a, b, "{name}");
    }
}

/// Loads `text`, expecting failure; returns "line:column message (path)" lines.
fn errors(text: &str) -> Vec<String> {
    match Scenario::load(text) {
        Ok(_) => panic!("expected the scenario to fail:\n{text}"),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} ({}) {}",
                    d.location.line,
                    d.location.column,
                    d.message,
                    d.path,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect(),
    }
}

#[test]
fn bad_documents_get_located_errors() {
    let e = errors("{\"format\": \"iam-playground/scenario@1\",\n \"accounts\": {");
    assert!(e[0].starts_with("2:"), "{e:?}");

    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "acounts": {}}"#,
    );
    assert!(
        e[0].contains("unknown field `acounts`") && e[0].contains("did you mean `accounts`"),
        "{e:?}"
    );
    assert!(e[0].starts_with("2:"), "{e:?}");

    let e = errors(r#"{"format": "iam-playground/scenario@2"}"#);
    assert!(
        e[0].contains("not a scenario format") && e[0].contains("newer playground"),
        "{e:?}"
    );

    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {
    "users": {"alice": {"groups": ["Developer"]}},
    "groups": {"Developers": {}}}}}"#,
    );
    assert!(
        e[0].starts_with("3:")
            && e[0].contains("no group `Developer`")
            && e[0].contains("did you mean `Developers`"),
        "{e:?}"
    );
    assert!(
        e[0].contains("accounts.111122223333.users.alice.groups[0]"),
        "{e:?}"
    );

    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"policies": ["AmazonS3ReadOnlyAcess"]}}}}}"#,
    );
    assert!(
        e[0].contains("did you mean `AmazonS3ReadOnlyAccess`"),
        "{e:?}"
    );

    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"policies": ["AWSCloudFormationReadOnlyAccess"]}}}}}"#,
    );
    assert!(e[0].contains("not shipped"), "{e:?}");

    // An ARN names the policy with its path: a wrong path is no policy of AWS's.
    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"policies": ["arn:aws:iam::aws:policy/service-role/AmazonS3ReadOnlyAccess"]}}}}}"#,
    );
    assert!(
        e[0].contains("is not the ARN of the AWS managed policy `AmazonS3ReadOnlyAccess`")
            && e[0].contains("its ARN is `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`"),
        "{e:?}"
    );
    let ok = r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"policies": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]}}}}}"#;
    assert!(Scenario::load(ok).is_ok());

    // The wrong case: the name AWS has is offered.
    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"policies": ["amazons3readonlyaccess"]}}}}}"#,
    );
    assert!(
        e[0].contains("did you mean `AmazonS3ReadOnlyAccess`"),
        "{e:?}"
    );

    let e = errors(r#"{"format": "iam-playground/scenario@1", "now": "yesterday"}"#);
    assert!(e[0].contains("not a date"), "{e:?}");

    let e = errors(r#"{"format": "iam-playground/scenario@1", "accounts": {"12": {}}}"#);
    assert!(e[0].contains("12 digits"), "{e:?}");

    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "requests": [
    {"name": "a", "who": {"session": "b"}, "action": "s3:GetObject", "resource": "*"},
    {"name": "b", "who": {"anonymous": true}, "action": "s3:GetObject", "resource": "*"}]}"#,
    );
    assert!(e[0].contains("no earlier request is called `b`"), "{e:?}");

    let e = errors(
        r#"{"format": "iam-playground/scenario@1", "requests": [{"name": "a", "who": {}, "action": "s3:GetObject", "expect": "Allowed"}]}"#,
    );
    assert!(e[0].contains("`Allowed` is not an outcome"), "{e:?}");

    let e = errors(
        r#"{"format": "iam-playground/scenario@1", "accounts": {"111122223333": {"users": {"a": {"mfa": "yes"}}}}}"#,
    );
    assert!(e[0].contains("accounts.111122223333.users.a.mfa"), "{e:?}");

    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "organization": {"id": "o-abc", "management_account": "111122223333", "root": {"scps": ["Nope"]}},
  "accounts": {"111122223333": {}}}"#,
    );
    assert!(
        e[0].contains("no organization policy is called `Nope`"),
        "{e:?}"
    );
}

#[test]
fn policy_errors_are_located_in_the_scenario_and_the_request_is_invalid() {
    let text = r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"inline": {"p": {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/40"}}}]}}},
    "bob": {}}}},
  "requests": [{"name": "r", "who": {"user": "alice"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "Invalid"},
    {"name": "bob's request needs no broken policy", "who": {"user": "bob"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "ImplicitDeny"}]}"#;
    let s = load(text);
    let d = s.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.location.line, 4);
    assert!(
        d.path
            .starts_with("accounts.111122223333.users.alice.inline.p"),
        "{}",
        d.path
    );
    let outcomes = s.run(true);
    let o = &outcomes[0];
    assert_eq!(o.met, Some(true), "{o:?}");
    assert_eq!(o.decision, Some(iam_engine::Decision::Invalid));
    let error = o.error.as_deref().unwrap();
    assert!(
        error.contains("AWS would refuse to store the policy: p: 4:"),
        "{error}"
    );
    let trace = o.trace.as_ref().unwrap();
    assert!(trace.layers.is_empty());
    assert_eq!(trace.errors[0].diagnostic.location.line, 4);
    assert_eq!(outcomes[1].met, Some(true), "{:?}", outcomes[1]);
}

#[test]
fn hostile_input_never_panics() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Scenario::load(&deep).is_err());
    for text in [
        "",
        "null",
        "[]",
        "{}",
        "{\"format\": 3}",
        "\"x\"",
        "{\"format\": \"iam-playground/scenario@1\", \"accounts\": []}",
    ] {
        assert!(Scenario::load(text).is_err(), "{text}");
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Scenario::load(&text);
    }

    #[test]
    fn mutated_bundled_scenarios_never_panic(i in 0usize..16, at in 0usize..4000, cut in 0usize..40) {
        let (_, text) = SCENARIOS[i % SCENARIOS.len()];
        let at = at.min(text.len());
        let mut s = String::new();
        s.push_str(text.get(..at).unwrap_or(""));
        s.push_str(text.get((at + cut).min(text.len())..).unwrap_or(""));
        if let Ok(sc) = Scenario::load(&s) {
            let _ = sc.run(true);
        }
    }
}

#[test]
fn authentication_rules() {
    let s = bundled("07-access-keys");
    let out = s.run(false);
    let by = |n: &str| out.iter().find(|o| o.name == n).unwrap();
    assert!(by("the active key works").authentication.ok);
    assert!(by("the inactive key fails")
        .authentication
        .detail
        .contains("Inactive"));
    assert!(by("the deleted key is unknown")
        .authentication
        .detail
        .contains("deleted"));
    assert!(by("the inactive key fails").trace.is_none());
    // A secret is shown once, at creation.
    let created = by("the admin creates a key")
        .created_access_key
        .as_ref()
        .unwrap();
    assert_eq!(created.secret_access_key.len(), 40);
    assert!(created.access_key_id.starts_with("AKIA") && created.access_key_id.len() == 20);
    let listed = serde_json::to_string(by("listing keys never shows a secret")).unwrap();
    assert!(listed.contains(&created.access_key_id));
    assert!(!listed.contains(&created.secret_access_key));
    assert_eq!(by("the new key works").result, "Allow");
    assert!(by("a third key is refused")
        .error
        .as_ref()
        .unwrap()
        .contains("LimitExceeded"));
}

#[test]
fn sts_sessions_carry_what_they_should() {
    let s = bundled("15-role-chaining-and-tags");
    let out = s.run(true);
    let first = &out[0];
    let sess = first.session.as_ref().unwrap();
    assert_eq!(
        sess.arn,
        "arn:aws:sts::111122223333:assumed-role/Engineer/grace"
    );
    assert_eq!(sess.tags.get("project").map(String::as_str), Some("apollo"));
    assert_eq!(sess.source_identity.as_deref(), Some("grace"));
    assert!(first
        .also_checked
        .iter()
        .any(|c| c.action == "sts:TagSession" && c.decision == Decision::Allow));
    let chained = out[1].session.as_ref().unwrap();
    assert!(chained.chained);
    assert_eq!(
        chained.source_identity.as_deref(),
        Some("grace"),
        "a source identity stays with the chain"
    );
    assert_eq!(chained.expires, "2026-03-02T11:05:00Z");
    assert!(out[4].error.as_ref().unwrap().contains("transitive tag"));
    assert!(out[5].error.as_ref().unwrap().contains("role chaining"));
}

#[test]
fn tagging_a_session_needs_sts_tag_session() {
    let text = r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {
    "roles": {"R": {"trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/u"}, "Action": "sts:AssumeRole"}]}}},
    "users": {"u": {"policies": ["AdministratorAccess"], "access_keys": [{"id": "AKIAIOSFODNN7EXAMPL1"}]}}}},
  "requests": [
    {"name": "no tags", "who": {"access_key": "AKIAIOSFODNN7EXAMPL1"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/R", "parameters": {"RoleSessionName": "sess"}, "expect": "Allow"},
    {"name": "tags", "who": {"access_key": "AKIAIOSFODNN7EXAMPL1"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/R", "parameters": {"RoleSessionName": "sess", "Tags": {"team": "a"}}, "expect": "ImplicitDeny"},
    {"name": "root cannot assume", "who": {"root": "111122223333"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/R", "parameters": {"RoleSessionName": "sess"}, "expect": "ImplicitDeny"},
    {"name": "no session name", "who": {"user": "u"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/R", "expect": "Invalid"},
    {"name": "unknown role", "who": {"user": "u"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/Q", "parameters": {"RoleSessionName": "sess"}, "expect": "Invalid"}
  ]}"#;
    let s = load(text);
    for o in s.run(true) {
        assert_eq!(o.met, Some(true), "{}: {} {:?}", o.name, o.result, o.error);
    }
}

#[test]
fn derived_context_keys_come_from_the_world() {
    let s = bundled("12-organization-scps-rcps");
    let out = s.run(true);
    let t = out[0].trace.as_ref().unwrap();
    let get = |k: &str| {
        t.request
            .context
            .iter()
            .find(|c| c.key == k)
            .map(|c| c.values.clone())
    };
    assert_eq!(
        get("aws:PrincipalOrgID"),
        Some(vec!["o-a1b2c3d4e5".to_string()])
    );
    assert_eq!(
        get("aws:PrincipalOrgPaths"),
        Some(vec!["o-a1b2c3d4e5/r-root/ou-a1b2-prod0001/".to_string()])
    );
    assert_eq!(
        get("aws:ResourceOrgID"),
        Some(vec!["o-a1b2c3d4e5".to_string()])
    );
    assert_eq!(
        get("aws:CurrentTime"),
        Some(vec!["2026-03-02T10:00:00Z".to_string()])
    );
    assert_eq!(
        get("aws:RequestedRegion"),
        Some(vec!["eu-west-1".to_string()])
    );
    assert!(get("aws:userid").unwrap()[0].starts_with("AIDA"));
    // Where each policy came from.
    let ident = t
        .layers
        .iter()
        .find(|l| l.layer.name() == "identity")
        .unwrap();
    assert_eq!(
        ident.policies[0].origin.as_deref(),
        Some("AWS managed, attached to user pat")
    );
    let scp_levels: Vec<_> = t
        .layers
        .iter()
        .filter(|l| l.layer.name() == "scp")
        .collect();
    assert_eq!(scp_levels.len(), 3, "root, OU, account");
}

#[test]
fn who_can_lists_every_principal_and_the_rule() {
    let s = bundled("14-cross-account-role");
    let r = analysis::who_can(
        &s,
        "sts:AssumeRole",
        "arn:aws:iam::999999999999:role/UpdateApp",
    );
    let allowed: Vec<&str> = r
        .iter()
        .filter(|e| e.allowed)
        .map(|e| e.principal.as_str())
        .collect();
    assert_eq!(allowed, vec!["arn:aws:iam::111111111111:user/david"]);
    assert!(r.iter().any(|e| e.kind == "anonymous" && !e.allowed));
    let r = analysis::who_can(&s, "s3:PutObject", "arn:aws:s3:::productionapp/index.html");
    let allowed: Vec<&str> = r
        .iter()
        .filter(|e| e.allowed)
        .map(|e| e.principal.as_str())
        .collect();
    assert_eq!(
        allowed,
        vec![
            "root user of production, 999999999999",
            "arn:aws:iam::999999999999:role/UpdateApp",
            "arn:aws:iam::999999999999:role/UpdateAppUntrusting"
        ]
    );
    let counts = analysis::who_can_many(
        &s,
        "s3:PutObject",
        &[
            "arn:aws:s3:::productionapp/a".to_string(),
            "arn:aws:s3:::production-secrets/a".to_string(),
        ],
    );
    assert_eq!(counts, vec![3, 1]);
}

#[test]
fn principal_can_lists_allowed_actions() {
    let s = bundled("14-cross-account-role");
    let r = analysis::principal_can(&s, "role:UpdateApp").unwrap();
    let app = r
        .iter()
        .find(|x| x.resource == "arn:aws:s3:::productionapp")
        .unwrap();
    for a in [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:ListBucket",
    ] {
        assert!(
            app.allowed.iter().any(|x| x == a),
            "{a} in {:?}",
            app.allowed
        );
    }
    let secrets = r
        .iter()
        .find(|x| x.resource == "arn:aws:s3:::production-secrets")
        .unwrap();
    assert!(secrets.allowed.is_empty(), "{:?}", secrets.allowed);
    let david = analysis::principal_can(&s, "user:david").unwrap();
    let role = david
        .iter()
        .find(|x| x.resource.ends_with("role/UpdateApp"))
        .unwrap();
    assert_eq!(role.allowed, vec!["sts:AssumeRole"]);
    assert!(analysis::principal_can(&s, "user:nobody").is_err());
}

#[test]
fn principal_can_takes_arns_and_lists_what_root_can_do() {
    let s = bundled("14-cross-account-role");
    // By ARN, as by name.
    let by_arn = analysis::principal_can(&s, "arn:aws:iam::111111111111:user/david").unwrap();
    let by_name = analysis::principal_can(&s, "user:david").unwrap();
    assert_eq!(
        by_arn.iter().map(|r| &r.allowed).collect::<Vec<_>>(),
        by_name.iter().map(|r| &r.allowed).collect::<Vec<_>>()
    );
    // Nothing of david's or the buckets' policies names an S3 action: nothing tried.
    let app = by_name
        .iter()
        .find(|r| r.resource == "arn:aws:s3:::productionapp")
        .unwrap();
    assert_eq!(app.tried, 0);
    // The root user: every action of the bucket's service, none from a policy.
    for who in [
        "root:999999999999",
        "999999999999",
        "arn:aws:iam::999999999999:root",
    ] {
        let root = analysis::principal_can(&s, who).unwrap();
        let app = root
            .iter()
            .find(|r| r.resource == "arn:aws:s3:::productionapp")
            .unwrap();
        assert!(
            app.tried > 50 && app.allowed.len() == app.tried,
            "{who}: {app:?}"
        );
        let role = root
            .iter()
            .find(|r| r.resource.ends_with("role/UpdateApp"))
            .unwrap();
        assert!(role
            .allowed
            .iter()
            .any(|a| a == "iam:UpdateAssumeRolePolicy"));
        assert_eq!(
            role.refused(),
            ["sts:AssumeRole"],
            "the root user cannot assume roles"
        );
    }
    let e = analysis::principal_can(&s, "group:x").unwrap_err();
    assert!(e.contains("not a kind of principal"), "{e}");
    let e = analysis::principal_can(&s, "arn:aws:iam::111111111111:user/nobody").unwrap_err();
    assert!(e.contains("no principal"), "{e}");
}

#[test]
fn principal_can_shows_the_conditions_an_allow_rests_on() {
    let s = bundled("12-organization-scps-rcps");
    let r = analysis::principal_can(&s, "user:pat").unwrap();
    let table = r
        .iter()
        .find(|x| x.resource == "arn:aws:dynamodb:eu-west-1:222222222222:table/orders")
        .unwrap();
    assert!(!table.allowed.is_empty());
    let limited = table
        .conditions
        .iter()
        .find(|l| l.action == "dynamodb:PutItem")
        .unwrap();
    assert_eq!(
        limited.conditions,
        ["denied when StringNotEquals aws:RequestedRegion eu-west-1 (RegionLock)"]
    );
}

#[test]
fn who_can_follows_roles_that_can_be_assumed() {
    let s = bundled("14-cross-account-role");
    let r =
        analysis::who_can_with_roles(&s, "s3:PutObject", "arn:aws:s3:::productionapp/index.html");
    let david = r
        .iter()
        .find(|e| e.principal == "arn:aws:iam::111111111111:user/david")
        .unwrap();
    assert!(!david.allowed);
    assert_eq!(david.via, ["arn:aws:iam::999999999999:role/UpdateApp"]);
    // Mallory may assume nothing: no chain.
    assert!(r
        .iter()
        .filter(|e| e.principal.ends_with("user/mallory"))
        .all(|e| e.via.is_empty()));
    // Without a resource: each of the scenario's resources the action acts on, an
    // object action on a bucket asking about an object in it; `*` only for an action
    // that names no resource.
    assert_eq!(
        analysis::resources_for(&s, "s3:PutObject"),
        [
            "arn:aws:s3:::productionapp/example-object",
            "arn:aws:s3:::production-secrets/example-object"
        ]
    );
    assert_eq!(analysis::resources_for(&s, "s3:ListAllMyBuckets"), ["*"]);
    assert_eq!(
        analysis::resources_for(&s, "sts:AssumeRole").len(),
        3,
        "the three roles"
    );
}

/// Scenario 14 with UpdateApp's trust asking for `condition` (a JSON object), and david
/// with an MFA device when `mfa`.
fn update_app_asking(condition: &str, mfa: bool) -> Scenario {
    let (_, text) = SCENARIOS
        .iter()
        .find(|(n, _)| *n == "14-cross-account-role")
        .unwrap();
    let trust = "\"AWS\": \"arn:aws:iam::111111111111:root\"\n                },\n                \"Action\": \"sts:AssumeRole\"";
    assert!(text.contains(trust));
    let text = text.replacen(trust, &format!("{trust}, \"Condition\": {condition}"), 1);
    let text = if mfa {
        text.replacen("\"david\": {", "\"david\": {\"mfa\": true,", 1)
    } else {
        text
    };
    load(&text)
}

/// AssumeRole carries sts:ExternalId only when the caller passes the ExternalId: a
/// chain through a trust policy that asks for one says so (the caller must know it),
/// rather than claiming access or dropping the chain; the same for MFA.
#[test]
fn who_can_says_what_a_chain_asks_of_the_caller() {
    let object = "arn:aws:s3:::productionapp/index.html";
    let david = "arn:aws:iam::111111111111:user/david";
    let role = "arn:aws:iam::999999999999:role/UpdateApp";
    // Without a condition the chain asks nothing.
    let r = analysis::who_can_with_roles(&bundled("14-cross-account-role"), "s3:PutObject", object);
    let d = r.iter().find(|e| e.principal == david).unwrap();
    assert_eq!(d.via, [role]);
    assert!(d.requires.is_empty(), "{d:?}");

    let s = update_app_asking(r#"{"StringEquals": {"sts:ExternalId": "app-7731"}}"#, false);
    let r = analysis::who_can_with_roles(&s, "s3:PutObject", object);
    let d = r.iter().find(|e| e.principal == david).unwrap();
    assert!(!d.allowed);
    assert_eq!(d.via, [role]);
    assert_eq!(d.requires.len(), 1, "{d:?}");
    let q = &d.requires[0];
    assert_eq!(
        (q.key.as_str(), q.value.as_str(), q.role.as_deref()),
        ("sts:ExternalId", "app-7731", Some(role))
    );
    assert!(q.says.contains("the caller must know it"), "{}", q.says);
    let json = serde_json::to_value(d).unwrap();
    assert_eq!(json["requires"][0]["key"], "sts:ExternalId");
    assert_eq!(json["requires"][0]["value"], "app-7731");
    assert_eq!(json["requires"][0]["role"], role);
    // Asked directly, the assumption is allowed only with the external ID, and the
    // fast path counts it as the traced one does.
    let direct = analysis::who_can(&s, "sts:AssumeRole", role);
    let d = direct.iter().find(|e| e.principal == david).unwrap();
    assert!(d.allowed, "{d:?}");
    assert_eq!(d.requires[0].value, "app-7731");
    assert_eq!(
        analysis::who_can_many(&s, "sts:AssumeRole", &[role.to_string()]),
        [direct.iter().filter(|e| e.allowed).count()]
    );
    // A negated operator names no value to pass: nothing is claimed.
    let s = update_app_asking(r#"{"StringNotEquals": {"sts:ExternalId": "x"}}"#, false);
    let direct = analysis::who_can(&s, "sts:AssumeRole", role);
    assert!(direct.iter().all(|e| e.requires.is_empty()));

    // MFA: a user without an MFA device cannot bring it, and no chain is claimed; a
    // user with one reaches the bucket only with MFA, and the chain says so.
    let mfa = r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#;
    let r = analysis::who_can_with_roles(&update_app_asking(mfa, false), "s3:PutObject", object);
    let d = r.iter().find(|e| e.principal == david).unwrap();
    assert!(d.via.is_empty() && d.requires.is_empty(), "{d:?}");
    let r = analysis::who_can_with_roles(&update_app_asking(mfa, true), "s3:PutObject", object);
    let d = r.iter().find(|e| e.principal == david).unwrap();
    assert_eq!(d.via, [role]);
    assert_eq!(
        d.requires
            .iter()
            .map(|q| (q.key.as_str(), q.role.as_deref()))
            .collect::<Vec<_>>(),
        [("aws:MultiFactorAuthPresent", Some(role))]
    );
    // Both: the external ID and MFA.
    let both = r#"{"StringEquals": {"sts:ExternalId": "app-7731"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}"#;
    let r = analysis::who_can_with_roles(&update_app_asking(both, true), "s3:PutObject", object);
    let d = r.iter().find(|e| e.principal == david).unwrap();
    let keys: Vec<&str> = d.requires.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(keys, ["sts:ExternalId", "aws:MultiFactorAuthPresent"]);
}

#[test]
fn external_access_findings() {
    let s = bundled("12-organization-scps-rcps");
    let f = access::external_access(&s);
    let partner = f
        .iter()
        .find(|x| x.resource == "arn:aws:s3:::prod-data")
        .unwrap();
    assert_eq!(partner.kind, AccessKind::CrossAccount);
    assert!(partner.outside_organization);
    assert_eq!(partner.statement, "Statement[0] \"PartnerRead\"");
    let s = bundled("14-cross-account-role");
    let f = access::external_access(&s);
    assert!(f
        .iter()
        .any(|x| x.resource.ends_with("role/UpdateApp") && x.kind == AccessKind::CrossAccount));
    let s = bundled("13-web-identity");
    let f = access::external_access(&s);
    assert!(f.iter().any(|x| x.kind == AccessKind::Federated));
    let s = bundled("02-allow");
    assert!(access::external_access(&s).is_empty());
}

#[test]
fn public_and_org_confined_buckets() {
    let text = r#"{"format": "iam-playground/scenario@1",
  "organization": {"id": "o-abc", "management_account": "111122223333", "root": {"accounts": ["111122223333"]}},
  "accounts": {"111122223333": {"resources": [
    {"arn": "arn:aws:s3:::public", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}]}},
    {"arn": "arn:aws:s3:::org-only", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::org-only/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}}
  ]}}}"#;
    let s = load(text);
    let f = access::external_access(&s);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, AccessKind::Public);
    let v = validate_scenario(&s);
    assert!(v
        .iter()
        .any(|x| x.code == "WILDCARD_PRINCIPAL_WITHOUT_CONDITION"));
    assert!(v.iter().any(|x| x.code == "EXTERNAL_ACCESS_PUBLIC"));
    // The anonymous caller can read the public bucket.
    let r = analysis::who_can(&s, "s3:GetObject", "arn:aws:s3:::public/x");
    assert!(r.iter().any(|e| e.kind == "anonymous" && e.allowed));
}

fn codes(text: &str, kind: &str) -> Vec<(Family, String)> {
    validate::validate_policy(text, validate::policy_kind(kind).unwrap(), "")
        .into_iter()
        .map(|f| (f.family, f.code))
        .collect()
}

#[test]
fn validation_checks_in_four_families() {
    let has = |text: &str, kind: &str, family: Family, code: &str| {
        let c = codes(text, kind);
        assert!(
            c.iter().any(|(f, x)| *f == family && x == code),
            "{code} not in {c:?} for {text}"
        );
    };
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
        "identity",
        Family::SecurityWarning,
        "ALLOW_WITH_NOT_ACTION",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}]}"#,
        "resource",
        Family::SecurityWarning,
        "ALLOW_WITH_NOT_PRINCIPAL",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["","s3:GetObject"],"Resource":"*"}]}"#,
        "identity",
        Family::Warning,
        "EMPTY_ACTION",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#,
        "identity",
        Family::SecurityWarning,
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#,
        "identity",
        Family::SecurityWarning,
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
        "resource",
        Family::SecurityWarning,
        "WILDCARD_PRINCIPAL_WITHOUT_CONDITION",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#,
        "identity",
        Family::Error,
        "INVALID_ACTION",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s4:GetObject","Resource":"*"}]}"#,
        "identity",
        Family::Error,
        "INVALID_SERVICE",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Gett*","Resource":"*"}]}"#,
        "identity",
        Family::Error,
        "INVALID_ACTION",
    );
    has(
        r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        "identity",
        Family::Warning,
        "MISSING_VERSION",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:nosuchkey":"x"}}}]}"#,
        "identity",
        Family::Error,
        "INVALID_SERVICE_CONDITION_KEY",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceIpp":"x"}}}]}"#,
        "identity",
        Family::Error,
        "INVALID_GLOBAL_CONDITION_KEY",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#,
        "identity",
        Family::Error,
        "UNIQUE_SIDS_REQUIRED",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalTag/team":"x"}}}]}"#,
        "identity",
        Family::SecurityWarning,
        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:GetObject"],"Resource":"*"}]}"#,
        "identity",
        Family::Suggestion,
        "REDUNDANT_ACTION",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        "identity",
        Family::Suggestion,
        "REDUNDANT_STATEMENT",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        "identity",
        Family::Error,
        "INVALID_EFFECT",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*"}}}]}"#,
        "identity",
        Family::Warning,
        "UNSUPPORTED_CONDITION_KEY",
    );
    has(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*"}}}]}"#,
        "identity",
        Family::Warning,
        "UNSUPPORTED_CONDITION_KEY",
    );
    assert!(codes(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"StringLike":{"s3:prefix":"home/*"}}}]}"#, "identity").is_empty());
    assert!(codes(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"blue"}}}]}"#, "identity").is_empty());
    // Multivalued keys and ForAllValues are fine (with an action whose requests carry
    // the key); a clean policy has no findings.
    assert!(codes(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}}]}"#, "identity").is_empty());
    assert!(codes(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}]}"#, "identity").is_empty());
}

#[test]
fn validation_locates_findings() {
    let text = "{\"Version\":\"2012-10-17\",\n\"Statement\":[\n{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}]}";
    let f = validate::validate_policy(text, iam_engine::policy::PolicyKind::Identity, "p");
    assert_eq!(f[0].location.line, 3);
    assert_eq!(f[0].path, "Statement[0].Resource");
}

/// A policy with one statement: `action` (a JSON value) and an optional condition.
fn one_statement(action: &str, condition: &str) -> String {
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(r#","Condition":{condition}"#)
    };
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":{action},"Resource":"*"{condition}}}]}}"#
    )
}

#[test]
fn tag_key_templates_match_any_tag_key_colons_included() {
    // The catalog writes `secretsmanager:ResourceTag/tag-key`, `ssm:resourceTag/tag-key`,
    // `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`, `glacier:ResourceTag/`.
    for (action, key) in [
        (
            "secretsmanager:GetSecretValue",
            "secretsmanager:ResourceTag/aws:secretsmanager:owningService",
        ),
        (
            "secretsmanager:GetSecretValue",
            "secretsmanager:ResourceTag/team",
        ),
        (
            "ssm:SendCommand",
            "ssm:resourceTag/sagemaker.amazonaws.com/eks-cluster-arn",
        ),
        ("s3:GetObject", "s3:ExistingObjectTag/a:b"),
        (
            "ec2:TerminateInstances",
            "ec2:ResourceTag/aws:cloudformation:stack-name",
        ),
    ] {
        let text = one_statement(
            &format!("\"{action}\""),
            &format!(r#"{{"StringEquals":{{"{key}":"x"}}}}"#),
        );
        assert!(
            codes(&text, "identity").is_empty(),
            "{key}: {:?}",
            codes(&text, "identity")
        );
    }
    // A key that is not a tag template stays an error.
    let text = one_statement(
        "\"secretsmanager:GetSecretValue\"",
        r#"{"StringEquals":{"secretsmanager:ResourceTagg/x":"x"}}"#,
    );
    assert!(
        codes(&text, "identity").contains(&(Family::Error, "INVALID_SERVICE_CONDITION_KEY".into()))
    );
    // A key whose prefix is not its service's (`catalog:` keys of `aws-marketplace`).
    let text = one_statement(
        "\"aws-marketplace:StartChangeSet\"",
        r#"{"StringEquals":{"catalog:ChangeType":"x"}}"#,
    );
    assert!(
        codes(&text, "identity").is_empty(),
        "{:?}",
        codes(&text, "identity")
    );
}

#[test]
fn a_finding_about_one_element_is_located_at_it() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\n  \"s3:GetObject\",\n  \"s3:GetObjekt\",\n  \"s3:Get*\"],\"Resource\":\"*\"}]}";
    let f = validate::validate_policy(text, iam_engine::policy::PolicyKind::Identity, "p");
    let at = |code: &str, path: &str| {
        let x = f.iter().find(|x| x.code == code && x.path == path).unwrap();
        (x.location.line, x.location.column)
    };
    assert_eq!(at("INVALID_ACTION", "Statement[0].Action[1]"), (3, 3));
    assert_eq!(at("REDUNDANT_ACTION", "Statement[0].Action[0]"), (2, 3));
}

#[test]
fn names_aws_ships_but_the_catalog_lacks_are_warnings_naming_its_date() {
    let has = |text: &str, code: &str| {
        let f = validate::validate_policy(text, iam_engine::policy::PolicyKind::Identity, "p");
        let x = f
            .iter()
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("{code} not in {f:?}"));
        assert_eq!(x.family, Family::Warning, "{x:?}");
        assert!(x.message.contains("as of 20"), "{}", x.message);
    };
    // A retired service (DeepRacer), an action newer than the catalog, an undocumented key.
    has(
        &one_statement("\"deepracer:ListModels\"", ""),
        "SERVICE_NOT_IN_CATALOG",
    );
    has(
        &one_statement("\"securityagent:ListTasks\"", ""),
        "ACTION_NOT_IN_CATALOG",
    );
    has(
        &one_statement(
            "\"s3:GetObject\"",
            r#"{"StringEquals":{"aws:PrincipalOrgMasterAccountId":"1"}}"#,
        ),
        "CONDITION_KEY_NOT_IN_CATALOG",
    );
    // What AWS does not ship stays an error.
    let c = codes(&one_statement("\"deepracerr:ListModels\"", ""), "identity");
    assert!(
        c.contains(&(Family::Error, "INVALID_SERVICE".into())),
        "{c:?}"
    );
    let c = codes(
        &one_statement("\"securityagent:ListTaskz\"", ""),
        "identity",
    );
    assert!(
        c.contains(&(Family::Error, "INVALID_ACTION".into())),
        "{c:?}"
    );
}

#[test]
fn a_policy_of_thousands_of_actions_is_validated_whole() {
    // 4,000 distinct actions plus 4,000 wildcards in one service: the shape that made
    // the old quadratic check take seconds (AWSSupportServiceRolePolicy, 4,500 actions,
    // took 10 s). Its speed is measured by tests/bench/validate_managed.sh, not here
    // (no timed tests); this checks the findings still come out whole.
    let mut actions: Vec<String> = iam_engine::catalog::Catalog::bundled()
        .expand("ec2:*")
        .iter()
        .map(|f| format!("\"{}\"", f.qualified()))
        .collect();
    let n = actions.len();
    for i in 0..4000 {
        actions.push(format!("\"ec2:Describe{i}*\""));
    }
    for i in 0..4000usize.saturating_sub(n) {
        actions.push(format!("\"s3:Get{i}x\""));
    }
    let text = one_statement(&format!("[{}]", actions.join(",")), "");
    let f = validate::validate_policy(&text, iam_engine::policy::PolicyKind::Identity, "p");
    assert!(f.iter().any(|x| x.code == "INVALID_ACTION"));
    // Each invalid action is its own finding, at its own string.
    let invalid = f.iter().filter(|x| x.code == "INVALID_ACTION").count();
    assert!(invalid >= 4000usize.saturating_sub(n), "{invalid} of {n}");
}

#[test]
fn bundled_scenarios_validate_without_errors() {
    for (name, text) in SCENARIOS {
        let s = load(text);
        let f = validate_scenario(&s);
        assert!(
            f.iter().all(|x| x.family != Family::Error),
            "{name}: {:?}",
            f.iter()
                .filter(|x| x.family == Family::Error)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_scenario_file_is_bundled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_string()
        })
        .collect();
    files.sort();
    let bundled: Vec<String> = SCENARIOS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(files, bundled, "regenerate engine/src/world/bundled.rs");
}

#[test]
fn request_references_are_checked_at_load() {
    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {}}}},
  "requests": [{"name": "r", "who": {"user": "alicee"}, "action": "s3:GetObject", "resource": "*"}]}"#,
    );
    assert!(
        e[0].starts_with("3:") && e[0].contains("did you mean `alice`"),
        "{e:?}"
    );
    let e = errors(
        r#"{"format": "iam-playground/scenario@1",
  "requests": [{"name": "r", "who": {"root": "111122223333"}, "action": "s3:GetObject", "resource": "*"}]}"#,
    );
    assert!(e[0].contains("not among `accounts`"), "{e:?}");
}

#[test]
fn saml_session_tokens_endpoint_policies_and_service_linked_roles() {
    let text = r#"{"format": "iam-playground/scenario@1", "now": "2026-05-01T08:00:00Z",
  "organization": {"id": "o-abc", "management_account": "999999999999",
    "policies": {"DenyAll": {"type": "scp", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["s3:GetObject", "support:*"], "Resource": "*"}]}}},
    "root": {"accounts": ["999999999999"], "ous": [{"name": "Locked", "scps": ["FullAWSAccess", "DenyAll"], "accounts": ["111122223333"]}]}},
  "accounts": {
    "999999999999": {},
    "111122223333": {
      "identity_providers": {"Okta": {"type": "saml"}},
      "policies": {"ReadReports": {"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}}},
      "roles": {
        "SamlUser": {
          "trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]},
          "policies": ["AmazonS3FullAccess"]
        },
        "AWSServiceRoleForSupport": {"service_linked": true, "path": "/aws-service-role/support.amazonaws.com/",
          "trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "support.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
          "policies": ["AWSSupportAccess"]}
      },
      "users": {"mo": {"mfa": true, "policies": ["AmazonS3FullAccess"],
        "inline": {"mfa-only": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}},
        "access_keys": [{"id": "AKIAIOSFODNN7MO00001"}]}}
    }
  },
  "requests": [
    {"name": "saml", "who": {"anonymous": true}, "action": "sts:AssumeRoleWithSAML", "resource": "arn:aws:iam::111122223333:role/SamlUser",
     "parameters": {"PrincipalArn": "arn:aws:iam::111122223333:saml-provider/Okta", "SAMLAssertion": {"sub": "mo@example.com"}, "PolicyArns": ["ReadReports"]}, "expect": "Allow"},
    {"name": "saml session is capped by its session policy", "who": {"session": "saml"}, "action": "s3:PutObject", "resource": "arn:aws:s3:::reports/x", "expect": "ImplicitDeny"},
    {"name": "the locked OU denies everything, even the SAML session", "who": {"session": "saml"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/x", "expect": "ExplicitDeny"},
    {"name": "a service-linked role is not restricted by SCPs", "who": {"role": "AWSServiceRoleForSupport"}, "action": "support:DescribeCases", "resource": "*", "expect": "Allow"},
    {"name": "long-term key: MFA key absent, IfExists deny applies", "who": {"access_key": "AKIAIOSFODNN7MO00001"}, "action": "s3:DeleteObject", "resource": "arn:aws:s3:::reports/x", "expect": "ExplicitDeny"},
    {"name": "session token with MFA", "who": {"access_key": "AKIAIOSFODNN7MO00001"}, "action": "sts:GetSessionToken", "resource": "*",
     "parameters": {"SerialNumber": "arn:aws:iam::111122223333:mfa/mo", "TokenCode": "123456"}, "expect": "Allow"},
    {"name": "the endpoint policy must allow too", "who": {"session": "session token with MFA"}, "action": "s3:PutObject", "resource": "arn:aws:s3:::reports/x",
     "vpc_endpoint_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "*"}]}, "expect": "ImplicitDeny"}
  ]}"#;
    let s = load(text);
    let out = s.run(true);
    for o in &out {
        assert_eq!(o.met, Some(true), "{}: {} {:?}", o.name, o.result, o.error);
    }
    let by = |n: &str| out.iter().find(|o| o.name == n).unwrap();
    let saml = by("saml");
    assert_eq!(
        saml.result,
        "Allow",
        "{:?} {:?}",
        saml.error,
        saml.trace.as_ref().map(|t| &t.summary)
    );
    assert_eq!(
        saml.session.as_ref().unwrap().session_policies,
        vec!["ReadReports"]
    );
    // The locked OU's SCP denies every request of the account's principals.
    assert_eq!(
        by("the locked OU denies everything, even the SAML session").result,
        "ExplicitDeny"
    );
    let capped = by("saml session is capped by its session policy");
    assert_eq!(
        capped.trace.as_ref().unwrap().blocked_by.unwrap().name(),
        "session_policy"
    );
    assert_eq!(
        by("a service-linked role is not restricted by SCPs").result,
        "Allow"
    );
    assert_eq!(
        by("long-term key: MFA key absent, IfExists deny applies").result,
        "ExplicitDeny"
    );
    let token = by("session token with MFA");
    assert_eq!(token.result, "Allow");
    assert!(token.session.as_ref().unwrap().mfa);
    let ep = by("the endpoint policy must allow too");
    assert_eq!(
        ep.trace.as_ref().unwrap().blocked_by.unwrap().name(),
        "endpoint_policy"
    );
}

/// The fast who-can path (shared context layers, no derivation, the yes/no shortcut)
/// counts exactly the principals the traced path allows, for every action and resource
/// the bundled scenarios ask about.
#[test]
fn fast_who_can_agrees_with_the_traced_one() {
    for (name, text) in SCENARIOS {
        let s = load(text);
        for r in &s.doc.requests {
            let traced = analysis::who_can(&s, &r.action, &r.resource);
            let allowed = traced.iter().filter(|e| e.allowed).count();
            let fast = analysis::who_can_many(&s, &r.action, std::slice::from_ref(&r.resource));
            assert_eq!(
                fast,
                vec![allowed],
                "{name}: {} on {}: {:?}",
                r.action,
                r.resource,
                traced
                    .iter()
                    .filter(|e| e.allowed)
                    .map(|e| &e.principal)
                    .collect::<Vec<_>>()
            );
        }
        // sts:GetCallerIdentity needs no permission: every signed principal may call it.
        let traced = analysis::who_can(&s, "sts:GetCallerIdentity", "*");
        let signed: Vec<_> = traced.iter().filter(|e| e.kind != "anonymous").collect();
        assert!(signed.iter().all(|e| e.allowed), "{name}: {traced:?}");
        let fast = analysis::who_can_many(&s, "sts:GetCallerIdentity", &["*".to_string()]);
        assert_eq!(fast, vec![signed.len()], "{name}");
    }
}

#[test]
fn the_published_json_schema_is_current() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/scenario.schema.json");
    let published = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        published,
        iam_engine::world::doc::json_schema(),
        "regenerate with: iam-eval schema > docs/scenario.schema.json"
    );
}

#[test]
fn a_schema_key_is_accepted_and_documented() {
    let text = r#"{"$schema": "../docs/scenario.schema.json", "format": "iam-playground/scenario@1",
        "accounts": {"111122223333": {"users": {"alice": {}}}},
        "requests": [{"name": "r", "who": {"user": "alice"}, "action": "s3:ListAllMyBuckets", "expect": "ImplicitDeny"}]}"#;
    let s = iam_engine::world::Scenario::load(text).unwrap();
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    assert_eq!(
        s.doc.schema.as_deref(),
        Some("../docs/scenario.schema.json")
    );
    // Every top-level field of the schema has its row in docs/SCENARIO.md.
    let schema: serde_json::Value =
        serde_json::from_str(&iam_engine::world::doc::json_schema()).unwrap();
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/SCENARIO.md"),
    )
    .unwrap();
    let rows: Vec<&str> = guide.lines().filter(|l| l.starts_with("| `")).collect();
    for key in schema["properties"].as_object().unwrap().keys() {
        let named = format!("`{key}`");
        assert!(
            rows.iter()
                .any(|r| r.split('|').nth(1).is_some_and(|c| c.contains(&named))),
            "SCENARIO.md lacks `{key}`"
        );
    }
}

#[test]
fn a_user_with_a_device_signs_in_with_mfa_unless_the_request_says_not() {
    let text = r#"{"format": "iam-playground/scenario@1",
        "accounts": {"111122223333": {"users": {
            "alice": {"mfa": true, "inline": {"p": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}}},
            "bob": {}}}},
        "requests": [
            {"name": "with", "who": {"user": "alice"}, "action": "s3:ListAllMyBuckets", "expect": "Allow"},
            {"name": "without", "who": {"user": "alice", "mfa": false}, "action": "s3:ListAllMyBuckets", "expect": "ImplicitDeny"},
            {"name": "no device", "who": {"user": "bob", "mfa": true}, "action": "s3:ListAllMyBuckets", "expect": "AuthenticationFailed"}
        ]}"#;
    run_expecting(text);
}

/// A scenario whose requests must each meet their `expect`; returns the outcomes.
fn run_expecting(text: &str) -> Vec<iam_engine::world::RequestOutcome> {
    let out = load(text).run(true);
    for o in &out {
        assert_eq!(
            o.met,
            Some(true),
            "{}: got {} ({:?}) {:?}",
            o.name,
            o.result,
            o.error,
            o.trace.as_ref().map(|t| &t.summary)
        );
    }
    out
}

fn context_value(o: &iam_engine::world::RequestOutcome, key: &str) -> Option<Vec<String>> {
    o.trace
        .as_ref()?
        .request
        .context
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.values.clone())
}

#[test]
fn scps_limit_only_the_organization_members_principals() {
    // 333333333333 is in the scenario but not placed in the organization: its users are
    // outsiders, whom the organization's SCPs never limit and who have no org keys.
    let out = run_expecting(
        r#"{"format": "iam-playground/scenario@1",
  "organization": {"id": "o-a1b2c3d4e5", "management_account": "111111111111",
    "policies": {"DenyS3": {"type": "scp", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}},
    "root": {"scps": ["FullAWSAccess", "DenyS3"], "accounts": ["111111111111", "222222222222"]}},
  "accounts": {
    "111111111111": {},
    "222222222222": {"users": {"member": {"inline": {"all": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}}}},
    "333333333333": {"scps": ["DenyS3"], "users": {"outsider": {"inline": {"all": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}}}}},
  "requests": [
    {"name": "member", "who": {"user": "member"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::own/k", "expect": "ExplicitDeny"},
    {"name": "outsider", "who": {"user": "outsider"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::own/k", "expect": "Allow"}]}"#,
    );
    assert_eq!(
        out[0].trace.as_ref().unwrap().blocked_by.map(|b| b.name()),
        Some("scp")
    );
    assert!(context_value(&out[0], "aws:PrincipalOrgID").is_some());
    let outsider = &out[1];
    assert_eq!(context_value(outsider, "aws:PrincipalOrgID"), None);
    assert_eq!(context_value(outsider, "aws:PrincipalOrgPaths"), None);
    let t = outsider.trace.as_ref().unwrap();
    assert!(t.layers.iter().all(|l| l.layer.name() != "scp"));
    assert!(
        t.steps
            .iter()
            .any(|s| s.detail.contains("in no organization")),
        "{:?}",
        t.steps
    );
}

#[test]
fn an_account_outside_the_organization_is_warned_only_when_it_has_scps_or_rcps() {
    let doc = |extra: &str| {
        format!(
            r#"{{"format": "iam-playground/scenario@1",
  "organization": {{"id": "o-a1b2c3d4e5", "management_account": "111111111111", "root": {{"accounts": ["111111111111"]}}}},
  "accounts": {{"111111111111": {{}}, "444455556666": {{{extra}}}}}}}"#
        )
    };
    let codes = |s: &Scenario| -> Vec<&str> { s.diagnostics.iter().map(|d| d.code).collect() };
    // Another company's account: normal, nothing to say.
    assert!(!codes(&load(&doc(""))).contains(&"account-outside-organization"));
    // SCPs written on it can never apply: that is a mistake worth a warning.
    let s = load(&doc(r#""scps": ["FullAWSAccess"]"#));
    assert!(
        codes(&s).contains(&"account-outside-organization"),
        "{:?}",
        codes(&s)
    );
    // Every bundled scenario loads without a warning.
    for (id, text) in SCENARIOS {
        let s = load(text);
        assert!(s.diagnostics.is_empty(), "{id}: {:?}", s.diagnostics);
    }
}

#[test]
fn the_root_user_cannot_assume_a_role() {
    let out = run_expecting(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {
    "roles": {"Admin": {"trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}}}}},
  "requests": [
    {"name": "root assumes", "who": {"root": "111122223333"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/Admin", "parameters": {"RoleSessionName": "root"}, "expect": "ImplicitDeny"},
    {"name": "root reads the role", "who": {"root": "111122223333"}, "action": "iam:GetRole", "resource": "arn:aws:iam::111122223333:role/Admin", "expect": "Allow"}]}"#,
    );
    let t = out[0].trace.as_ref().unwrap();
    assert_eq!(t.blocked_by.map(|b| b.name()), Some("service_rule"));
    assert!(out[0].session.is_none());
    let step = t.steps.iter().find(|s| s.check == "Service rule").unwrap();
    let d = &step.detail;
    assert!(
        d.contains("root user cannot assume a role") && d.contains("STS API Reference, AssumeRole"),
        "{d}"
    );
}

#[test]
fn a_trust_policy_naming_the_user_does_not_bypass_the_boundary() {
    let out = run_expecting(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {
    "policies": {"S3Only": {"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
                 "S3AndAssume": {"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sts:AssumeRole"], "Resource": "*"}]}}},
    "users": {"alice": {"permissions_boundary": "S3Only"}, "bob": {"permissions_boundary": "S3AndAssume"}},
    "roles": {"Deploy": {"trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob"]}, "Action": "sts:AssumeRole"}]}}},
    "resources": [{"arn": "arn:aws:s3:::shared", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "sqs:*", "Resource": "*"}]}}]}},
  "requests": [
    {"name": "alice assumes", "who": {"user": "alice"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/Deploy", "parameters": {"RoleSessionName": "alice"}, "expect": "ImplicitDeny"},
    {"name": "bob assumes", "who": {"user": "bob"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/Deploy", "parameters": {"RoleSessionName": "bob"}, "expect": "Allow"}]}"#,
    );
    let t = out[0].trace.as_ref().unwrap();
    assert_eq!(t.blocked_by.map(|b| b.name()), Some("permissions_boundary"));
    assert!(
        t.summary
            .contains("does not bypass its permissions boundary"),
        "{}",
        t.summary
    );
}

#[test]
fn get_caller_identity_needs_no_permission_and_managed_policies_stay_aws_s() {
    let out = run_expecting(
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"alice": {"inline": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "*", "Resource": "*"},
      {"Effect": "Deny", "Action": "sts:GetCallerIdentity", "Resource": "*"}]}}}}}},
  "requests": [
    {"name": "who am I", "who": {"user": "alice"}, "action": "sts:GetCallerIdentity", "resource": "*", "expect": "Allow"},
    {"name": "change an AWS managed policy", "who": {"user": "alice"}, "action": "iam:CreatePolicyVersion", "resource": "arn:aws:iam::aws:policy/ReadOnlyAccess", "expect": "ImplicitDeny"}]}"#,
    );
    let t = out[0].trace.as_ref().unwrap();
    let step = t
        .steps
        .iter()
        .find(|s| s.check == "No permission required")
        .unwrap();
    assert!(
        step.detail.starts_with("no permission is required"),
        "{}",
        step.detail
    );
    assert!(
        t.summary.contains("would give ExplicitDeny"),
        "{}",
        t.summary
    );
    let t = out[1].trace.as_ref().unwrap();
    assert_eq!(t.blocked_by.map(|b| b.name()), Some("service_rule"));
}

#[test]
fn an_instance_gets_no_credentials_from_a_role_that_does_not_trust_ec2() {
    let doc = |principal: &str| {
        format!(
            r#"{{"format": "iam-playground/scenario@1",
  "accounts": {{"111122223333": {{
    "roles": {{"App": {{"trust": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": "sts:AssumeRole"}}]}},
      "inline": {{"all": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}}}}}}},
    "instance_profiles": {{"App": {{"role": "App"}}}},
    "instances": {{"i-0abc1234def567890": {{"profile": "App"}}}}}}}},
  "requests": [{{"name": "r", "who": {{"instance": "i-0abc1234def567890"}}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}]}}"#
        )
    };
    let out = load(&doc(r#"{"Service": "ec2.amazonaws.com"}"#)).run(true);
    assert_eq!(out[0].result, "Allow");
    let out = load(&doc(r#"{"AWS": "arn:aws:iam::111122223333:root"}"#)).run(true);
    assert_eq!(out[0].result, "AuthenticationFailed", "{:?}", out[0].error);
    assert!(
        out[0].authentication.detail.contains("ec2.amazonaws.com"),
        "{}",
        out[0].authentication.detail
    );
}
