use super::*;
use crate::results::evaluate;

#[test]
fn resource_fields_offer_the_scenarios_own_arns() {
    let t = iam_engine::world::bundled::SCENARIOS
        .iter()
        .find(|(id, _)| *id == "14-cross-account-role")
        .map(|(_, t)| *t)
        .unwrap_or_default();
    let arns = names(t).arns;
    for want in [
        "arn:aws:iam::999999999999:role/UpdateApp",
        "arn:aws:iam::111111111111:user/david",
        "arn:aws:s3:::productionapp",
        "arn:aws:s3:::productionapp/*",
    ] {
        assert!(arns.iter().any(|a| a == want), "{want} not in {arns:?}");
    }
    let with_path = r#"{"accounts": {"111122223333": {"roles": {"r": {"path": "/ops/", "trust": {"Version": "2012-10-17", "Statement": []}}}}}}"#;
    assert_eq!(
        names(with_path).arns,
        ["arn:aws:iam::111122223333:role/ops/r"]
    );
}

/// Adds an Allow statement (the permission form with Effect Allow).
fn allow(
    t: &str,
    acct: &str,
    kind: &str,
    who: &str,
    policy: &str,
    actions: &[String],
    resources: &[String],
) -> Result<String, String> {
    add_permission(
        t,
        &Permission {
            acct,
            kind,
            who,
            policy,
            allow: true,
            actions,
            resources,
            cond: None,
        },
    )
}

/// A request form with no external ID and no context keys.
fn req<'a>(
    name: &'a str,
    who: Caller,
    action: &'a str,
    resource: &'a str,
    session_name: &'a str,
    expect: &'a str,
) -> RequestForm<'a> {
    RequestForm {
        name,
        who,
        action,
        resource,
        session_name,
        external_id: "",
        expect,
        context: "",
        mfa: false,
        duration: "",
        session_policy: "",
    }
}

/// Every request of `t` meets its expectation.
fn all_met(t: &str, count: usize) {
    let e = evaluate(t, 1);
    assert!(e.loaded, "{:?}\n{t}", e.problems);
    assert_eq!(e.outcomes.len(), count, "{t}");
    for o in &e.outcomes {
        assert_eq!(
            o.met,
            Some(true),
            "{}: {} ({:?})\n{t}",
            o.name,
            o.result,
            o.error
        );
    }
}

#[test]
fn instances_services_mfa_and_session_parameters_are_callers_and_requests() {
    let a = "111122223333";
    let mut t = add_account(START, a, "").unwrap();
    let trust = trust_policy(&Trusted::Service("ec2.amazonaws.com".into()), None, false).unwrap();
    t = add_role(&t, a, "WebServer", &trust).unwrap();
    t = set_max_session(&t, a, "WebServer", "4").unwrap();
    assert!(set_max_session(&t, a, "WebServer", "13").is_err());
    assert!(
        get(
            &t,
            &[
                k("accounts"),
                k(a),
                k("roles"),
                k("WebServer"),
                k("max_session_duration")
            ]
        ) == Some(json!(14400))
    );
    t = allow(
        &t,
        a,
        "roles",
        "WebServer",
        "read",
        &["s3:GetObject".into()],
        &["*".into()],
    )
    .unwrap();
    assert!(add_instance_profile(&t, a, "WebServer", "Nobody", "", "").is_err());
    assert!(add_instance_profile(&t, a, "WebServer", "WebServer", "web-1", "").is_err());
    assert!(add_instance_profile(&t, a, "WebServer", "WebServer", "i-123", "").is_err());
    t = add_instance_profile(
        &t,
        a,
        "WebServer",
        "WebServer",
        "i-0abc1234def567890",
        "eu-west-1",
    )
    .unwrap();
    assert_eq!(
        names(&t).instances,
        [(a.to_string(), "i-0abc1234def567890".to_string())]
    );
    t = add_request(
        &t,
        &req(
            "The instance reads",
            Caller::Instance("i-0abc1234def567890".into()),
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            "",
            "Allow",
        ),
    )
    .unwrap();
    t = add_request(
        &t,
        &req(
            "The instance writes",
            Caller::Instance("i-0abc1234def567890".into()),
            "s3:PutObject",
            "arn:aws:s3:::b/k",
            "",
            "ImplicitDeny",
        ),
    )
    .unwrap();
    assert!(add_request(
        &t,
        &req(
            "Bad service",
            Caller::Service("lambda".into()),
            "s3:GetObject",
            "",
            "",
            ""
        )
    )
    .is_err());

    // A user who must sign in with MFA to assume a role: the checkbox gives the
    // user a device and signs the request with it.
    t = add_user(&t, a, "mia", &[]).unwrap();
    t = allow(
        &t,
        a,
        "users",
        "mia",
        "assume",
        &["sts:AssumeRole".into()],
        &["*".into()],
    )
    .unwrap();
    let trust = trust_policy(&Trusted::Account(a.into()), None, true).unwrap();
    t = add_role(&t, a, "Admin", &trust).unwrap();
    let role = format!("arn:aws:iam::{a}:role/Admin");
    t = add_request(
        &t,
        &req(
            "Without MFA",
            Caller::User(a.into(), "mia".into()),
            "sts:AssumeRole",
            &role,
            "mia",
            "ImplicitDeny",
        ),
    )
    .unwrap();
    let mut r = req(
        "With MFA",
        Caller::User(a.into(), "mia".into()),
        "sts:AssumeRole",
        &role,
        "mia",
        "Allow",
    );
    r.mfa = true;
    r.duration = "3600";
    r.session_policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#;
    t = add_request(&t, &r).unwrap();
    assert_eq!(
        get(&t, &[k("accounts"), k(a), k("users"), k("mia"), k("mfa")]),
        Some(json!(true))
    );
    let mut bad = req("x", Caller::Root(a.into()), "s3:GetObject", "", "", "");
    bad.mfa = true;
    assert!(add_request(&t, &bad).is_err());
    let mut bad = req(
        "y",
        Caller::User(a.into(), "mia".into()),
        "s3:GetObject",
        "",
        "",
        "",
    );
    bad.duration = "3600";
    assert!(add_request(&t, &bad).unwrap_err().contains("STS"));
    bad.duration = "";
    bad.session_policy = "{not json";
    assert!(add_request(&t, &bad).is_err());
    all_met(&t, 4);
}

#[test]
fn resource_and_trust_statements_name_who_they_let_in() {
    let (dev, prod) = ("111111111111", "999999999999");
    let mut t = add_account(START, dev, "").unwrap();
    t = add_account(&t, prod, "").unwrap();
    t = add_user(&t, dev, "david", &[]).unwrap();
    t = allow(
        &t,
        dev,
        "users",
        "david",
        "s3",
        &["s3:GetObject".into()],
        &["*".into()],
    )
    .unwrap();
    t = add_resource(&t, prod, "arn:aws:s3:::reports").unwrap();
    let side = Side::Resource {
        acct: prod.into(),
        arn: "arn:aws:s3:::reports".into(),
    };
    let who = Who::Arn(format!("arn:aws:iam::{dev}:user/david"));
    let s1 = statement(
        true,
        Some(&who),
        &["s3:GetObject".into()],
        &["arn:aws:s3:::reports/*".into()],
        None,
    )
    .unwrap();
    t = add_resource_statement(&t, &side, &s1).unwrap();
    // A second statement joins the first: a Deny unless over TLS.
    let tls = Cond {
        op: "Bool".into(),
        key: "aws:SecureTransport".into(),
        values: vec!["false".into()],
    };
    let s2 = statement(
        false,
        Some(&Who::Everyone),
        &["s3:*".into()],
        &["arn:aws:s3:::reports/*".into()],
        Some(&tls),
    )
    .unwrap();
    t = add_resource_statement(&t, &side, &s2).unwrap();
    assert!(add_resource_statement(
        &t,
        &Side::Resource {
            acct: prod.into(),
            arn: "arn:aws:s3:::nope".into()
        },
        &s1
    )
    .is_err());
    let get_report = |name: &'static str, expect: &'static str, ctx: &'static str| RequestForm {
        context: ctx,
        ..req(
            name,
            Caller::User(dev.into(), "david".into()),
            "s3:GetObject",
            "arn:aws:s3:::reports/q1.csv",
            "",
            expect,
        )
    };
    // A role in prod that dev's account may assume; a trust statement added later
    // lets a service in as well.
    let trust = trust_policy(&Trusted::Account(dev.into()), None, false).unwrap();
    t = add_role(&t, prod, "Reader", &trust).unwrap();
    let svc = trust_statement(
        true,
        &Who::Service("lambda.amazonaws.com".into()),
        &[],
        None,
    )
    .unwrap();
    t = add_resource_statement(
        &t,
        &Side::Trust {
            acct: prod.into(),
            role: "Reader".into(),
        },
        &svc,
    )
    .unwrap();
    let trust_now = get(
        &t,
        &[
            k("accounts"),
            k(prod),
            k("roles"),
            k("Reader"),
            k("trust"),
            k("Statement"),
        ],
    )
    .unwrap();
    assert_eq!(trust_now.as_array().map(Vec::len), Some(2));
    t = add_request(
        &t,
        &get_report("Over TLS", "Allow", "aws:SecureTransport = true"),
    )
    .unwrap();
    t = add_request(
        &t,
        &get_report("Without TLS", "ExplicitDeny", "aws:SecureTransport = false"),
    )
    .unwrap();
    all_met(&t, 2);
}

fn scenario_text(id: &str) -> String {
    iam_engine::world::bundled::SCENARIOS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, t)| t.to_string())
        .unwrap()
}

#[test]
fn accounts_resources_and_policies_are_renamed_everywhere_they_are_named() {
    let mut t = scenario_text("14-cross-account-role");
    let e = evaluate(&t, 1);
    let before: Vec<String> = e.outcomes.iter().map(|o| o.result.to_string()).collect();
    // The production account gets another ID: roles' ARNs in requests, trust
    // principals and the organization follow, and every decision stays the same.
    let (t2, notes) = rename(&t, &Thing::Account("999999999999".into()), "888888888888").unwrap();
    assert!(!t2.contains("999999999999"), "{t2}");
    assert!(
        notes.first().is_some_and(|n| n.contains("other places")),
        "{notes:?}"
    );
    let after: Vec<String> = evaluate(&t2, 2)
        .outcomes
        .iter()
        .map(|o| o.result.to_string())
        .collect();
    assert_eq!(before, after);
    assert!(rename(&t, &Thing::Account("999999999999".into()), "111111111111").is_err());
    assert!(rename(&t, &Thing::Account("999999999999".into()), "8888").is_err());

    // The bucket: its objects in policies and requests follow.
    let n = names(&t);
    let (acct, arn) = n.resources.first().cloned().unwrap();
    let (t3, _) = rename(
        &t,
        &Thing::Resource {
            acct: acct.clone(),
            arn: arn.clone(),
        },
        "arn:aws:s3:::renamed-app",
    )
    .unwrap();
    assert!(
        !t3.contains(&format!("{arn}/")) && !t3.contains(&format!("\"{arn}\"")),
        "{t3}"
    );
    let after: Vec<String> = evaluate(&t3, 3)
        .outcomes
        .iter()
        .map(|o| o.result.to_string())
        .collect();
    assert_eq!(before, after);
    assert!(rename(&t, &Thing::Resource { acct, arn }, "bucket").is_err());

    // A customer managed policy: attachments and boundaries follow.
    t = add_account(START, "111122223333", "").unwrap();
    t = set(&t, &[k("accounts"), k("111122223333"), k("policies"), k("Old")], r#"{"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}"#).unwrap();
    t = add_user(&t, "111122223333", "ana", &[]).unwrap();
    t = attach_policy(&t, "111122223333", "users", "ana", "Old", false).unwrap();
    t = attach_policy(&t, "111122223333", "users", "ana", "Old", true).unwrap();
    let thing = Thing::Named {
        kind: "policies".into(),
        acct: "111122223333".into(),
        name: "Old".into(),
    };
    let (t4, notes) = rename(&t, &thing, "New").unwrap();
    assert!(!t4.contains("\"Old\""), "{t4}");
    assert_eq!(notes, ["2 other places that named it were updated"]);
    assert!(rename(&t, &thing, "bad name").is_err());
}

#[test]
fn a_blank_session_name_is_the_callers_name_and_a_bad_one_is_refused() {
    let a = "111122223333";
    let mut t = add_account(START, a, "").unwrap();
    t = add_user(&t, a, "mia", &[]).unwrap();
    let role = format!("arn:aws:iam::{a}:role/R");
    t = add_request(
        &t,
        &req(
            "r",
            Caller::User(a.into(), "mia".into()),
            "sts:AssumeRole",
            &role,
            "",
            "",
        ),
    )
    .unwrap();
    assert_eq!(
        get(
            &t,
            &[
                k("requests"),
                Seg::Index(0),
                k("parameters"),
                k("RoleSessionName")
            ]
        ),
        Some(json!("mia"))
    );
    assert!(add_request(
        &t,
        &req(
            "s",
            Caller::User(a.into(), "mia".into()),
            "sts:AssumeRole",
            &role,
            "a b",
            ""
        )
    )
    .is_err());
}

#[test]
fn a_policy_is_detached_and_a_misspelt_one_refused_with_the_nearest() {
    let a = "111122223333";
    let mut t = add_account(START, a, "").unwrap();
    t = add_user(&t, a, "ana", &[]).unwrap();
    assert_eq!(
        check_policy_name(&t, a, "AmazonS3FullAccesss").unwrap_err(),
        "there is no policy called AmazonS3FullAccesss: did you mean AmazonS3FullAccess?"
    );
    check_policy_name(&t, a, "AmazonS3FullAccess").unwrap();
    t = attach_policy(&t, a, "users", "ana", "AmazonS3FullAccess", false).unwrap();
    t = attach_policy(&t, a, "users", "ana", "ReadOnlyAccess", true).unwrap();
    t = detach_policy(&t, a, "users", "ana", "AmazonS3FullAccess", false).unwrap();
    assert!(
        get(
            &t,
            &[k("accounts"), k(a), k("users"), k("ana"), k("policies")]
        ) == Some(json!([]))
    );
    assert!(detach_policy(&t, a, "users", "ana", "AmazonS3FullAccess", false).is_err());
    t = detach_policy(&t, a, "users", "ana", "", true).unwrap();
    assert!(get(
        &t,
        &[
            k("accounts"),
            k(a),
            k("users"),
            k("ana"),
            k("permissions_boundary")
        ]
    )
    .is_none());
    assert!(detach_policy(&t, a, "users", "ana", "", true).is_err());
}

#[test]
fn a_resource_policy_names_its_own_resource() {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        resources_of_own_policy("arn:aws:s3:::b", &[]).unwrap(),
        v(&["arn:aws:s3:::b", "arn:aws:s3:::b/*"])
    );
    assert_eq!(
        resources_of_own_policy("arn:aws:kms:us-east-1:111122223333:key/k", &[]).unwrap(),
        v(&["*"])
    );
    assert!(
        resources_of_own_policy("arn:aws:s3:::b", &v(&["arn:aws:s3:::other/*"]))
            .unwrap_err()
            .contains("can name only")
    );
    assert!(resources_of_own_policy("arn:aws:s3:::b", &v(&["arn:aws:s3:::bb"])).is_err());
    resources_of_own_policy("arn:aws:s3:::b", &v(&["arn:aws:s3:::b/reports/*"])).unwrap();
}

#[test]
fn a_users_groups_are_read_and_set() {
    let a = "111122223333";
    let mut t = add_account(START, a, "").unwrap();
    t = add_group(&t, a, "Devs").unwrap();
    t = add_group(&t, a, "Ops").unwrap();
    t = add_user(&t, a, "ana", &["Devs".into()]).unwrap();
    assert_eq!(groups_of(&t, a, "ana"), ["Devs"]);
    t = set_groups(&t, a, "ana", &["Ops".into(), "Devs".into()]).unwrap();
    assert_eq!(groups_of(&t, a, "ana"), ["Ops", "Devs"]);
    assert!(set_groups(&t, a, "ana", &["Nope".into()]).is_err());
    t = set_groups(&t, a, "ana", &[]).unwrap();
    assert!(groups_of(&t, a, "ana").is_empty());
    assert!(
        get(
            &t,
            &[k("accounts"), k(a), k("users"), k("ana"), k("groups")]
        )
        .is_none(),
        "{t}"
    );
    assert!(evaluate(&t, 1).loaded);
}

#[test]
fn an_aws_managed_policy_is_copied_into_an_account_to_be_edited() {
    let t = add_account(START, "111122223333", "").unwrap();
    let doc = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#;
    let (t, name) = copy_managed(&t, "111122223333", "AmazonS3ReadOnlyAccess", doc).unwrap();
    assert_eq!(name, "AmazonS3ReadOnlyAccessCopy");
    let (t, again) = copy_managed(&t, "111122223333", "AmazonS3ReadOnlyAccess", doc).unwrap();
    assert_eq!(again, "AmazonS3ReadOnlyAccessCopy2");
    assert!(copy_managed(&t, "999999999999", "X", doc).is_err());
    assert!(copy_managed(&t, "111122223333", "X", "{oops").is_err());
    let t = add_user(&t, "111122223333", "ana", &[]).unwrap();
    let t = attach_policy(&t, "111122223333", "users", "ana", &name, false).unwrap();
    let e = evaluate(&t, 1);
    assert!(e.loaded, "{:?}", e.problems);
}

const START: &str = "{\n  \"format\": \"iam-playground/scenario@1\",\n  \"name\": \"Built with forms\",\n  \"now\": \"2026-06-01T09:00:00Z\"\n}\n";

/// The seed's cross-account walkthrough, built with the forms' functions alone.
#[test]
fn the_cross_account_walkthrough_can_be_built_with_the_forms() {
    let dev = "111111111111";
    let prod = "999999999999";
    let mut t = START.to_string();
    t = add_account(&t, dev, "development").unwrap();
    t = add_account(&t, prod, "production").unwrap();
    t = add_group(&t, dev, "Developers").unwrap();
    t = add_user(&t, dev, "david", &["Developers".into()]).unwrap();
    t = add_user(&t, dev, "theresa", &[]).unwrap();
    t = add_resource(&t, prod, "arn:aws:s3:::productionapp").unwrap();
    let trust = trust_policy(&Trusted::Account(dev.into()), None, false).unwrap();
    t = add_role(&t, prod, "UpdateApp", &trust).unwrap();
    t = allow(
        &t,
        prod,
        "roles",
        "UpdateApp",
        "app-bucket",
        &split_list("s3:ListBucket"),
        &["arn:aws:s3:::productionapp".into()],
    )
    .unwrap();
    t = allow(
        &t,
        prod,
        "roles",
        "UpdateApp",
        "app-bucket",
        &split_list("s3:GetObject, s3:PutObject"),
        &["arn:aws:s3:::productionapp/*".into()],
    )
    .unwrap();
    t = allow(
        &t,
        dev,
        "groups",
        "Developers",
        "assume-UpdateApp",
        &["sts:AssumeRole".into()],
        &[format!("arn:aws:iam::{prod}:role/UpdateApp")],
    )
    .unwrap();
    let role = format!("arn:aws:iam::{prod}:role/UpdateApp");
    t = add_request(
        &t,
        &req(
            "David assumes UpdateApp",
            Caller::User(dev.into(), "david".into()),
            "sts:AssumeRole",
            &role,
            "david",
            "Allow",
        ),
    )
    .unwrap();
    t = add_request(
        &t,
        &req(
            "The session updates the app",
            Caller::Session("David assumes UpdateApp".into()),
            "s3:PutObject",
            "arn:aws:s3:::productionapp/index.html",
            "",
            "Allow",
        ),
    )
    .unwrap();
    t = add_request(
        &t,
        &req(
            "Theresa cannot assume it",
            Caller::User(dev.into(), "theresa".into()),
            "sts:AssumeRole",
            &role,
            "theresa",
            "ImplicitDeny",
        ),
    )
    .unwrap();
    t = add_request(
        &t,
        &req(
            "David without the role",
            Caller::User(dev.into(), "david".into()),
            "s3:PutObject",
            "arn:aws:s3:::productionapp/index.html",
            "",
            "ImplicitDeny",
        ),
    )
    .unwrap();
    all_met(&t, 4);
}

#[test]
fn the_trust_form_writes_external_id_and_mfa_conditions() {
    let p = trust_policy(
        &Trusted::Account("222233334444".into()),
        Some("vendor-42"),
        true,
    )
    .unwrap();
    let v: Value = serde_json::from_str(&p).unwrap();
    let s = &v["Statement"][0];
    assert_eq!(s["Principal"]["AWS"], "arn:aws:iam::222233334444:root");
    assert_eq!(
        s["Condition"]["StringEquals"]["sts:ExternalId"],
        "vendor-42"
    );
    assert_eq!(s["Condition"]["Bool"]["aws:MultiFactorAuthPresent"], "true");
    let svc = trust_policy(&Trusted::Service("ec2.amazonaws.com".into()), None, false).unwrap();
    let svc: Value = serde_json::from_str(&svc).unwrap();
    assert_eq!(
        svc["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );
    assert!(trust_policy(&Trusted::Service("ec2".into()), None, false).is_err());
    assert!(trust_policy(&Trusted::Account("12".into()), None, false).is_err());
    assert!(trust_policy(&Trusted::Account("111122223333".into()), Some(" "), false).is_err());
    let web = trust_policy(
        &Trusted::WebIdentity("token.actions.githubusercontent.com".into()),
        None,
        false,
    )
    .unwrap();
    assert!(web.contains("sts:AssumeRoleWithWebIdentity"));
}

#[test]
fn forms_refuse_what_cannot_be_right() {
    assert!(add_account(START, "123", "")
        .unwrap_err()
        .contains("12 digits"));
    let t = add_account(START, "111122223333", "").unwrap();
    assert!(add_account(&t, "111122223333", "")
        .unwrap_err()
        .contains("already"));
    assert!(add_user(&t, "111122223333", "bad name", &[])
        .unwrap_err()
        .contains("not \u{201c} \u{201d}"));
    assert!(add_user(&t, "999999999999", "bob", &[])
        .unwrap_err()
        .contains("add account"));
    assert!(add_resource(&t, "111122223333", "bucket")
        .unwrap_err()
        .contains("six parts"));
    let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
    assert!(add_permission(
        &t,
        &Permission {
            acct: "111122223333",
            kind: "users",
            who: "bob",
            policy: "p",
            allow: true,
            actions: &["GetObject".into()],
            resources: &["*".into()],
            cond: None,
        }
    )
    .unwrap_err()
    .contains("service:Action"));
    assert!(add_permission(
        &t,
        &Permission {
            acct: "111122223333",
            kind: "users",
            who: "bob",
            policy: "p",
            allow: true,
            actions: &[],
            resources: &["*".into()],
            cond: None,
        }
    )
    .is_err());
    assert!(add_request(&t, &req("", Caller::Anonymous, "s3:GetObject", "", "", "")).is_err());
}

#[test]
fn managed_policies_attach_and_boundaries_set() {
    let t = add_account(START, "111122223333", "").unwrap();
    let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
    let t = add_group(&t, "111122223333", "G").unwrap();
    let t = attach_policy(
        &t,
        "111122223333",
        "users",
        "bob",
        "AdministratorAccess",
        false,
    )
    .unwrap();
    assert!(attach_policy(
        &t,
        "111122223333",
        "users",
        "bob",
        "AdministratorAccess",
        false
    )
    .unwrap_err()
    .contains("already"));
    let t = attach_policy(&t, "111122223333", "users", "bob", "PowerUserAccess", true).unwrap();
    assert!(
        attach_policy(&t, "111122223333", "groups", "G", "ReadOnlyAccess", true)
            .unwrap_err()
            .contains("not on a group")
    );
    let v: Value = serde_json::from_str(&t).unwrap();
    assert_eq!(
        v["accounts"]["111122223333"]["users"]["bob"]["policies"][0],
        "AdministratorAccess"
    );
    assert_eq!(
        v["accounts"]["111122223333"]["users"]["bob"]["permissions_boundary"],
        "PowerUserAccess"
    );
    let e = evaluate(&t, 1);
    assert!(e.loaded, "{:?}", e.problems);
}

#[test]
fn context_keys_are_typed() {
    let c = parse_context("aws:SourceIp = 203.0.113.7\naws:MultiFactorAuthPresent = true\naws:MultiFactorAuthAge = 300\naws:TagKeys = [a, b]").unwrap();
    assert_eq!(c["aws:SourceIp"], "203.0.113.7");
    assert_eq!(c["aws:MultiFactorAuthPresent"], true);
    assert_eq!(c["aws:MultiFactorAuthAge"], 300);
    assert_eq!(c["aws:TagKeys"], serde_json::json!(["a", "b"]));
    assert!(parse_context("nokey").unwrap_err().contains("key = value"));
    assert!(parse_context("SourceIp = 1")
        .unwrap_err()
        .contains("service:name"));
    assert!(parse_context("").unwrap().is_empty());
}

#[test]
fn a_delete_that_would_leave_a_dangling_reference_says_so_first() {
    let t = add_account(START, "111122223333", "").unwrap();
    let t = add_group(&t, "111122223333", "Developers").unwrap();
    let t = add_user(&t, "111122223333", "david", &["Developers".into()]).unwrap();
    let t = add_resource(&t, "111122223333", "arn:aws:s3:::b").unwrap();
    let t = add_request(
        &t,
        &req(
            "r",
            Caller::User("111122223333".into(), "david".into()),
            "s3:GetObject",
            "arn:aws:s3:::b",
            "",
            "",
        ),
    )
    .unwrap();
    let group = Thing::Named {
        kind: "groups".into(),
        acct: "111122223333".into(),
        name: "Developers".into(),
    };
    assert_eq!(references(&t, &group), ["user david is a member"]);
    let user = Thing::Named {
        kind: "users".into(),
        acct: "111122223333".into(),
        name: "david".into(),
    };
    assert_eq!(references(&t, &user).len(), 1);
    let res = Thing::Resource {
        acct: "111122223333".into(),
        arn: "arn:aws:s3:::b".into(),
    };
    assert_eq!(references(&t, &res).len(), 1);
    let (t2, gone) = delete(&t, &res).unwrap();
    assert!(
        gone.is_empty(),
        "a request may name a resource the scenario lacks"
    );
    assert!(!t2.contains("arn:aws:s3:::b\"}"), "{t2}");
    let (t3, _) = delete(&t, &group).unwrap();
    assert!(
        serde_json::from_str::<Value>(&t3).unwrap()["accounts"]["111122223333"]["groups"]
            .as_object()
            .unwrap()
            .is_empty()
    );
    let acct = Thing::Account("111122223333".into());
    assert!(!references(&t, &acct).is_empty());
    assert!(delete(&t, &acct).is_ok());
}

#[test]
fn keys_and_tags_are_written_as_aws_would_have_them() {
    let t = add_account(START, "111122223333", "").unwrap();
    let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
    let (t, id) = add_key(&t, "111122223333", "bob").unwrap();
    assert!(id.starts_with("AKIA") && id.len() == 20, "{id}");
    let (t, id2) = add_key(&t, "111122223333", "bob").unwrap();
    assert_ne!(id, id2);
    assert!(add_key(&t, "111122223333", "bob")
        .unwrap_err()
        .contains("two"));
    let t = set_key_status(&t, &id, "Inactive").unwrap();
    assert_eq!(
        names(&t)
            .keys
            .iter()
            .find(|k| k.2 == id)
            .map(|k| k.3.as_str()),
        Some("Inactive")
    );
    let t = set_tag(&t, "111122223333", "users", "bob", "team", "blue").unwrap();
    assert!(set_tag(&t, "111122223333", "users", "bob", "aws:x", "1").is_err());
    let t = add_request(
        &t,
        &req(
            "with the inactive key",
            Caller::Key(id.clone()),
            "s3:ListAllMyBuckets",
            "*",
            "",
            "AuthenticationFailed",
        ),
    )
    .unwrap();
    let e = evaluate(&t, 1);
    assert!(e.loaded, "{:?}", e.problems);
    assert_eq!(
        e.outcomes.first().map(|o| o.result.as_str()),
        Some("AuthenticationFailed")
    );
}

#[test]
fn a_rename_updates_what_names_it() {
    let a = "111122223333";
    let t = add_account(START, a, "").unwrap();
    let t = add_group(&t, a, "Developers").unwrap();
    let t = add_user(&t, a, "david", &["Developers".into()]).unwrap();
    let trust = trust_policy(&Trusted::Account(a.into()), None, false).unwrap();
    let t = add_role(&t, a, "App", &trust).unwrap();
    let t = allow(
        &t,
        a,
        "groups",
        "Developers",
        "p",
        &["sts:AssumeRole".into()],
        &[format!("arn:aws:iam::{a}:role/App")],
    )
    .unwrap();
    let role = format!("arn:aws:iam::{a}:role/App");
    let t = add_request(
        &t,
        &req(
            "d",
            Caller::User(a.into(), "david".into()),
            "sts:AssumeRole",
            &role,
            "dave",
            "Allow",
        ),
    )
    .unwrap();
    let group = Thing::Named {
        kind: "groups".into(),
        acct: a.into(),
        name: "Developers".into(),
    };
    let (t, _) = rename(&t, &group, "Devs").unwrap();
    let user = Thing::Named {
        kind: "users".into(),
        acct: a.into(),
        name: "david".into(),
    };
    let (t, _) = rename(&t, &user, "dave").unwrap();
    let role_t = Thing::Named {
        kind: "roles".into(),
        acct: a.into(),
        name: "App".into(),
    };
    let (t, still) = rename(&t, &role_t, "Application").unwrap();
    let v: Value = serde_json::from_str(&t).unwrap();
    assert_eq!(v["accounts"][a]["users"]["dave"]["groups"][0], "Devs");
    assert_eq!(v["requests"][0]["who"]["user"], "dave");
    assert_eq!(
        v["requests"][0]["resource"],
        format!("arn:aws:iam::{a}:role/Application")
    );
    assert_eq!(still.len(), 2, "{still:?}");
    assert!(
        still[1].contains("still names the old ARN"),
        "the group's policy still names the old role ARN: {still:?}"
    );
    assert!(rename(&t, &user, "x").is_err(), "david is gone");
    assert!(rename(
        &t,
        &Thing::Named {
            kind: "users".into(),
            acct: a.into(),
            name: "dave".into()
        },
        "bad name"
    )
    .is_err());
    let e = evaluate(&t, 1);
    assert!(e.loaded, "{:?}", e.problems);
}

#[test]
fn names_are_read_from_the_document() {
    let t = add_account(START, "111122223333", "").unwrap();
    let t = add_user(&t, "111122223333", "bob", &[]).unwrap();
    let n = names(&t);
    assert_eq!(n.accounts, ["111122223333"]);
    assert_eq!(n.users, [("111122223333".to_string(), "bob".to_string())]);
    assert_eq!(split_list("a, b\nc  d"), ["a", "b", "c", "d"]);
}

#[test]
fn a_request_resource_that_is_not_an_arn_is_refused_before_writing() {
    let a = "111122223333";
    let t = add_account(START, a, "").unwrap();
    let t = add_user(&t, a, "ana", &[]).unwrap();
    let user = || Caller::User(a.into(), "ana".into());
    let e = add_request(
        &t,
        &req("r", user(), "s3:GetObject", "productionapp/a", "", ""),
    )
    .unwrap_err();
    assert!(e.contains("a resource is an ARN (arn:aws:...) or *"), "{e}");
    for ok in ["*", "", "arn:aws:s3:::productionapp/a"] {
        let t = ask(&t, "r", user(), "s3:GetObject", ok);
        assert!(evaluate(&t, 1).loaded, "{ok}");
    }
}

#[test]
fn a_write_that_breaks_the_document_is_refused_and_old_errors_are_the_users_own() {
    let t = add_account(START, "111122223333", "").unwrap();
    // A request by a user no account has: the loader refuses it.
    let broken = t.replace(
        "\n}\n",
        ",\n\"requests\": [{\"name\": \"r\", \"who\": {\"user\": \"nobody\"}, \"action\": \"s3:GetObject\", \"resource\": \"*\"}]\n}\n",
    );
    assert!(!evaluate(&broken, 1).loaded, "{broken}");
    let e = check_loads(&t, &broken).unwrap_err();
    assert!(e.contains("would not load") && e.contains("nobody"), "{e}");
    // What was broken already is not the form's doing: the write goes ahead.
    let more = add_group(&broken, "111122223333", "Developers").unwrap();
    assert!(check_loads(&broken, &more).is_ok());
    assert!(check_loads(&t, &add_group(&t, "111122223333", "Ops").unwrap()).is_ok());
}

/// Adds a request with no session name and no expectation.
fn ask(t: &str, name: &str, who: Caller, action: &str, resource: &str) -> String {
    add_request(t, &req(name, who, action, resource, "", "")).unwrap()
}

/// A world with a user who assumes a role, and requests made with that session.
fn chained() -> String {
    let a = "111122223333";
    let t = add_account(START, a, "").unwrap();
    let t = add_resource(&t, a, "arn:aws:s3:::b").unwrap();
    let t = add_user(&t, a, "ana", &[]).unwrap();
    let trust = trust_policy(&Trusted::Account(a.into()), None, false).unwrap();
    let t = add_role(&t, a, "App", &trust).unwrap();
    let role = format!("arn:aws:iam::{a}:role/App");
    let mut t = t;
    for (name, who, action, resource) in [
        (
            "assume",
            Caller::User(a.into(), "ana".into()),
            "sts:AssumeRole",
            role.as_str(),
        ),
        (
            "read",
            Caller::Session("assume".into()),
            "s3:GetObject",
            "arn:aws:s3:::b/k",
        ),
        (
            "root lists",
            Caller::Root(a.into()),
            "s3:ListAllMyBuckets",
            "*",
        ),
    ] {
        t = ask(&t, name, who, action, resource);
    }
    // Written by hand: a caller named without its account, on the account's bucket.
    let t = push(
        &t,
        &[k("requests")],
        r#"{"name": "bare", "who": {"role": "App"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/x"}"#,
    )
    .unwrap();
    assert!(evaluate(&t, 1).loaded, "{:?}", evaluate(&t, 1).problems);
    t
}

#[test]
fn requests_are_deleted_and_renamed_with_the_requests_that_use_their_session() {
    let t = chained();
    let assume = Thing::Request("assume".into());
    assert_eq!(assume.describe(), "request assume");
    let refs = references(&t, &assume);
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert!(
        refs[0].contains("read") && refs[0].contains("session"),
        "{refs:?}"
    );
    let (renamed, notes) = rename(&t, &assume, "ana assumes App").unwrap();
    assert_eq!(notes, ["1 other place that named it was updated"]);
    let v: Value = serde_json::from_str(&renamed).unwrap();
    assert_eq!(v["requests"][1]["who"]["session"], "ana assumes App");
    assert!(evaluate(&renamed, 1).loaded);
    assert!(rename(&t, &assume, "read").unwrap_err().contains("already"));
    // Deleting it takes the request that used its session along.
    let (after, gone) = delete(&t, &assume).unwrap();
    assert_eq!(gone, ["read"]);
    assert_eq!(names(&after).requests.len(), 2);
    assert!(evaluate(&after, 1).loaded);
    let (after, gone) = delete(&t, &Thing::Request("read".into())).unwrap();
    assert!(gone.is_empty() && names(&after).requests.len() == 3);
}

#[test]
fn deleting_an_account_or_a_caller_takes_the_requests_that_need_it_along() {
    let t = chained();
    let acct = Thing::Account("111122223333".into());
    let refs = references(&t, &acct);
    assert!(
        refs.iter().any(|r| r.contains("bare")),
        "a caller without its account: {refs:?}"
    );
    assert!(refs.iter().any(|r| r.contains("root lists")), "{refs:?}");
    let (after, gone) = delete(&t, &acct).unwrap();
    assert_eq!(gone.len(), 4, "{gone:?}");
    assert!(evaluate(&after, 1).loaded, "{after}");
    assert!(check_loads(&t, &after).is_ok());
    let ana = Thing::Named {
        kind: "users".into(),
        acct: "111122223333".into(),
        name: "ana".into(),
    };
    let (after, gone) = delete(&t, &ana).unwrap();
    assert_eq!(gone, ["assume", "read"], "the session's request goes too");
    assert!(evaluate(&after, 1).loaded);
    let role = Thing::Named {
        kind: "roles".into(),
        acct: "111122223333".into(),
        name: "App".into(),
    };
    let (after, gone) = delete(&t, &role).unwrap();
    assert!(gone.contains(&"bare".to_string()), "{gone:?}");
    assert!(evaluate(&after, 1).loaded, "{after}");
}

#[test]
fn the_same_statement_twice_is_refused() {
    let a = "111122223333";
    let t = add_account(START, a, "").unwrap();
    let t = add_user(&t, a, "ana", &[]).unwrap();
    let (act, res) = (["s3:GetObject".to_string()], ["*".to_string()]);
    let t = allow(&t, a, "users", "ana", "p", &act, &res).unwrap();
    let e = allow(&t, a, "users", "ana", "p", &act, &res).unwrap_err();
    assert_eq!(e, "that policy already has this statement");
    let t = allow(&t, a, "users", "ana", "p", &["s3:PutObject".into()], &res).unwrap();
    assert!(
        allow(&t, a, "users", "ana", "p", &act, &res).is_err(),
        "among several"
    );
    assert!(allow(&t, a, "users", "ana", "other", &act, &res).is_ok());
}

#[test]
fn a_misspelt_action_gets_the_catalogs_did_you_mean() {
    let w = unknown_actions(&["s3:PutObjekt".into(), "s3:GetObject".into(), "s3:*".into()]);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("did you mean s3:PutObject?"), "{w:?}");
}

#[test]
fn the_scenario_name_and_description_are_set() {
    let t = set_about(START, " Mine ", "It shows things.").unwrap();
    assert_eq!(
        about(&t),
        ("Mine".to_string(), "It shows things.".to_string())
    );
    let t = set_about(&t, "Mine", "").unwrap();
    assert_eq!(about(&t).1, "");
    assert!(!t.contains("description"));
    assert!(set_about(&t, " ", "").is_err());
    assert!(evaluate(&t, 1).loaded);
}

#[test]
fn a_role_caller_says_its_session_was_assumed_already() {
    let a = "111122223333";
    let t = add_account(START, a, "").unwrap();
    let trust = trust_policy(&Trusted::Account(a.into()), None, false).unwrap();
    let t = add_role(&t, a, "App", &trust).unwrap();
    let t = add_request(
        &t,
        &req(
            "r",
            Caller::Role(a.into(), "App".into()),
            "s3:ListAllMyBuckets",
            "*",
            "",
            "",
        ),
    )
    .unwrap();
    let e = evaluate(&t, 1);
    let who = &e.outcomes[0].who;
    assert!(
        who.contains("already-assumed of role App") && !who.contains("session session"),
        "{who}"
    );
}

#[test]
fn a_member_account_leaves_the_organization_when_deleted() {
    let t = add_account(START, "111122223333", "").unwrap();
    let t = add_account(&t, "444455556666", "").unwrap();
    let t = org::create_org(&t, "111122223333", &["444455556666".into()]).unwrap();
    let (after, _) = delete(&t, &Thing::Account("444455556666".into())).unwrap();
    assert!(!after.contains("444455556666"), "{after}");
    assert!(evaluate(&after, 1).loaded);
    // The management account cannot go: the document would not load.
    let (after, _) = delete(&t, &Thing::Account("111122223333".into())).unwrap();
    assert!(check_loads(&t, &after).is_err());
}

#[test]
fn an_empty_field_is_called_empty_not_a_pair_of_quotes() {
    let t = add_account(START, "111122223333", "").unwrap();
    let e = add_account(&t, "  ", "").unwrap_err();
    assert!(
        e.contains("(the field is empty)") && !e.contains("\u{201c}\u{201d}"),
        "{e}"
    );
    let e = add_account(&t, "12", "").unwrap_err();
    assert!(e.contains("(not \u{201c}12\u{201d})"), "{e}");
}

#[test]
fn a_role_can_trust_one_user_by_its_arn() {
    let t = trust_policy(
        &Trusted::Principal("arn:aws:iam::111111111111:user/david".into()),
        None,
        false,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&t).unwrap();
    assert_eq!(
        v["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111111111111:user/david"
    );
    assert_eq!(v["Statement"][0]["Action"], "sts:AssumeRole");
    for bad in [
        "david",
        "arn:aws:iam::111111111111:group/Devs",
        "arn:aws:iam::12:user/x",
        "",
    ] {
        let e = trust_policy(&Trusted::Principal(bad.into()), None, false).unwrap_err();
        assert!(e.contains("named by its ARN"), "{bad}: {e}");
    }
}
