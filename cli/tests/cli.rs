#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! The command line contract: exit codes, outputs and located errors.

use std::path::PathBuf;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iam-eval"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    results(&out)
}

/// The exit code, standard output and standard error.
fn results(out: &std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("iam-eval-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn scenario_runs_and_reports() {
    let (code, out, _) = run(&["scenario", "../scenarios/14-cross-account-role.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("10 expectations met, 0 unmet"), "{out}");
    assert!(
        out.contains("created role session arn:aws:sts::999999999999:assumed-role/UpdateApp/david")
    );
    let (code, out, _) = run(&[
        "scenario",
        "../scenarios/14-cross-account-role.json",
        "--request",
        "Step 4 missing: Theresa cannot assume the role",
        "--explain",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("| Steps"), "{out}");
    let (code, out, _) = run(&["scenario", "../scenarios/02-allow.json", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["met"], 3);
    assert!(v["requests"][0]["trace"]["steps"].is_array());
}

#[test]
fn an_unmet_expectation_exits_1() {
    let f = temp(
        "unmet.json",
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"a": {}}}},
  "requests": [{"name": "r", "who": {"user": "a"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "Allow"}]}"#,
    );
    let (code, out, _) = run(&["scenario", &f]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[FAIL] r: ImplicitDeny"), "{out}");
}

#[test]
fn bad_scenarios_exit_2_with_a_location() {
    let f = temp("bad.json", "{\"format\": \"iam-playground/scenario@1\",\n  \"accounts\": {\"111122223333\": {\"users\": {\"a\": {\"groups\": [\"nope\"]}}}}}");
    let (code, _, err) = run(&["scenario", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.json:2:"), "{err}");
    assert!(err.contains("no group `nope`"), "{err}");
    let (code, _, err) = run(&["scenario", "/no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = run(&["scenario"]);
    assert_eq!(code, 2);
}

#[test]
fn who_can_and_principal_can() {
    let (code, out, _) = run(&[
        "who-can",
        "../scenarios/14-cross-account-role.json",
        "--action",
        "sts:AssumeRole",
        "--resource",
        "arn:aws:iam::999999999999:role/UpdateApp",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("arn:aws:iam::111111111111:user/david"),
        "{out}"
    );
    assert!(out.contains("1 allowed"), "{out}");
    let (code, out, _) = run(&[
        "principal-can",
        "../scenarios/14-cross-account-role.json",
        "--who",
        "role:UpdateApp",
        "--json",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("s3:PutObject"), "{out}");
    let (code, _, _) = run(&["who-can", "../scenarios/14-cross-account-role.json"]);
    assert_eq!(code, 2);
}

#[test]
fn validate_policies_and_scenarios() {
    let f = temp(
        "passrole.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#,
    );
    let (code, out, _) = run(&["validate", &f]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE"),
        "{out}"
    );
    assert!(out.contains("passrole.json:1:"), "{out}");
    let f = temp(
        "bad-action.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#,
    );
    let (code, out, _) = run(&["validate", &f]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ERROR INVALID_ACTION") && out.contains("did you mean `s3:GetObject`"),
        "{out}"
    );
    let (code, out, _) = run(&[
        "validate",
        "../scenarios/12-organization-scps-rcps.json",
        "--json",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("EXTERNAL_ACCESS_CROSS_ACCOUNT"), "{out}");
    let (code, _, err) = run(&["validate", &f, "--kind", "nonsense"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown --kind"), "{err}");
}

#[test]
fn validate_infers_the_kind_and_helps() {
    // A trust policy given without --kind is read as one, and said so.
    let f = temp(
        "trust.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
    );
    let (code, out, _) = run(&["validate", &f]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("validated as a role trust policy (a statement has `Principal` and names `sts:AssumeRole*`)"),
        "{out}"
    );
    let (_, out, _) = run(&["validate", &f, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["kind"], "role_trust");
    assert_eq!(v[0]["kind_inferred"], true);
    let f = temp(
        "bucket.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    );
    let (_, out, _) = run(&["validate", &f]);
    assert!(
        out.contains("validated as a resource-based policy"),
        "{out}"
    );
    let (_, out, _) = run(&["validate", &f, "--kind", "resource"]);
    assert!(
        out.contains("validated as a resource-based policy (--kind resource)"),
        "{out}"
    );

    // Misspelt elements: each named once with a did-you-mean, the line and a caret; no
    // MISSING_EFFECT or MISSING_RESOURCE after them.
    let f = temp(
        "typos.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Efect\": \"Allow\",\n    \"Action\": \"s3:GetObject\",\n    \"Resorce\": \"*\"\n  }]\n}\n",
    );
    let (code, out, _) = run(&["validate", &f]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "typos.json:4:5: ERROR UNKNOWN_ELEMENT: unknown element `Efect`\n  4 |     \"Efect\": \"Allow\",\n    |     ^^^^^^^\n  help: did you mean `Effect`?\n"
        ),
        "{out}"
    );
    assert!(out.contains("help: did you mean `Resource`?"), "{out}");
    assert!(!out.contains("MISSING_"), "{out}");
    let (_, out, _) = run(&["validate", &f, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["findings"][0]["help"], "did you mean `Effect`?");
    assert_eq!(v[0]["findings"].as_array().unwrap().len(), 2);

    // A misspelt operator, and a trailing comma called by its name.
    let f = temp(
        "operator.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "a"}}}]}"#,
    );
    let (_, out, _) = run(&["validate", &f]);
    assert!(out.contains("did you mean `StringEquals`?"), "{out}");
    let f = temp(
        "comma.json",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},]}",
    );
    let (code, out, _) = run(&["validate", &f]);
    assert_eq!(code, 1);
    assert!(
        out.contains("comma.json:1:95: ERROR INVALID_JSON: invalid JSON: trailing comma"),
        "{out}"
    );

    // A case file: the policies inside, named by case.
    let (code, out, _) = run(&["validate", "../tests/cases/basics.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("a case file: the policies of its"), "{out}");
    assert!(out.contains("[case `"), "{out}");
}

#[test]
fn explain_folds_what_only_allows_everything() {
    let args = [
        "scenario",
        "../scenarios/12-organization-scps-rcps.json",
        "--request",
        "prod admin in eu-west-1",
        "--explain",
    ];
    let (code, folded, _) = run(&args);
    assert_eq!(code, 0, "{folded}");
    assert!(
        folded.contains("RCP levels 1–3: `RCPFullAWSAccess` allows everything at each level"),
        "{folded}"
    );
    assert!(!folded.contains("policy FullAWSAccess"), "{folded}");
    // What teaches stays, under the step it belongs to: the region lock's condition
    // under the deny check, the statement that allowed under its layer's step.
    let deny_check = folded
        .split("1. [ok  ] Explicit deny check")
        .nth(1)
        .and_then(|rest| rest.split("2. [ok  ]").next())
        .unwrap_or_default();
    assert!(
        deny_check.contains("`RegionLock` (attached to OU Production), statement 1 \"DenyOtherRegions\" (Deny, line 15): does not apply")
            && deny_check.contains("[no ] Condition StringNotEquals aws:RequestedRegion: `eu-west-1` equals `eu-west-1`"),
        "{folded}"
    );
    assert!(
        deny_check.contains("for other actions: `DataPerimeter` statement 1 (`s3:*`)"),
        "{folded}"
    );
    assert!(
        folded.contains("Identity-based policies: `AdministratorAccess` (AWS managed, attached to user pat), statement 1 allows the action\n       |        [yes] Action: `*` matches the action"),
        "{folded}"
    );
    let (code, full, _) = run(&[&args[..], &["--full"]].concat());
    assert_eq!(code, 0);
    assert!(
        full.contains("policy FullAWSAccess (attached to the organization root): allows"),
        "{full}"
    );
    assert!(full.contains("aws:PrincipalOrgPaths"), "{full}");
    let (folded, full) = (folded.lines().count(), full.lines().count());
    assert!(
        folded <= 22 && full >= 3 * folded,
        "{folded} lines folded, {full} in full"
    );
    // --full needs --explain.
    let (code, _, _) = run(&["scenario", "../scenarios/02-allow.json", "--full"]);
    assert_eq!(code, 2);
}

/// Every request of every bundled scenario reads in about twenty lines folded: the
/// verdict, who, authentication and decision, then the steps with what decided them.
#[test]
fn every_bundled_request_reads_in_about_twenty_lines() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 18);
    for f in files {
        let (code, out, err) = run(&["scenario", f.to_str().unwrap(), "--explain"]);
        assert_eq!(code, 0, "{}: {err}", f.display());
        let mut blocks: Vec<(String, usize)> = Vec::new();
        for line in out.lines().skip(1) {
            if line.starts_with('[') {
                blocks.push((line.to_string(), 0));
            } else if let Some((_, n)) = blocks.last_mut() {
                *n += 1;
            }
        }
        for (request, lines) in blocks {
            assert!(
                lines <= 30,
                "{}: {request} takes {lines} lines folded\n{out}",
                f.display()
            );
        }
    }
}

/// A trust policy that asks for an external ID or MFA: who-can says the caller must
/// bring it, in text and in JSON (`requires`), for the assumption and along a chain.
#[test]
fn who_can_names_what_a_trust_policy_asks_of_the_caller() {
    let file = "../scenarios/16-third-party-external-id.json";
    let (code, out, err) = run(&["who-can", file, "--action", "iam:ListUsers"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("arn:aws:iam::555566667777:role/Collector (role) through a role: Collector → sts:AssumeRole VendorReadOnly with ExternalId `c7a1-customer-42` (the caller must know it) → iam:ListUsers"),
        "{out}"
    );
    assert!(
        out.contains("arn:aws:iam::111122223333:user/hana (user) through a role: hana → sts:AssumeRole BreakGlassAdmin with MFA (aws:MultiFactorAuthPresent) → iam:ListUsers"),
        "{out}"
    );
    let role = "arn:aws:iam::111122223333:role/VendorReadOnly";
    let args = [
        "who-can",
        file,
        "--action",
        "sts:AssumeRole",
        "--resource",
        role,
    ];
    let (code, out, _) = run(&args);
    assert_eq!(code, 0);
    assert!(
        out.contains("arn:aws:iam::555566667777:role/Collector (role), only with ExternalId `c7a1-customer-42` (the caller must know it): Allowed: across accounts"),
        "{out}"
    );
    assert!(
        out.contains("1 allowed (1 only with what the caller brings), 6 not"),
        "{out}"
    );
    let (code, out, _) = run(&[&args[..], &["--json"]].concat());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let collector = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["principal"] == "arn:aws:iam::555566667777:role/Collector")
        .unwrap();
    assert_eq!(collector["allowed"], true);
    assert_eq!(
        collector["requires"],
        serde_json::json!([{
            "key": "sts:ExternalId",
            "value": "c7a1-customer-42",
            "role": role,
            "says": "ExternalId `c7a1-customer-42` (the caller must know it)"
        }])
    );
    // An entry that asks nothing has no `requires`.
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["principal"] != "arn:aws:iam::555566667777:role/Collector")
        .all(|e| e.get("requires").is_none()));
}

#[test]
fn who_can_goes_over_the_resources_and_through_roles() {
    let (code, out, err) = run(&[
        "who-can",
        "../scenarios/14-cross-account-role.json",
        "--action",
        "s3:PutObject",
    ]);
    assert_eq!(code, 0, "{err}");
    // Every bucket of the scenario, as an object in it; never a literal `*`.
    assert!(
        out.contains("Who can s3:PutObject on arn:aws:s3:::productionapp/example-object:"),
        "{out}"
    );
    assert!(
        out.contains("Who can s3:PutObject on arn:aws:s3:::production-secrets/example-object:"),
        "{out}"
    );
    assert!(!out.contains(" on *:"), "{out}");
    assert!(
        out.contains("arn:aws:iam::111111111111:user/david (user) through a role: david → sts:AssumeRole UpdateApp → s3:PutObject"),
        "{out}"
    );
    // Many denied: held back, said how to see them.
    assert!(
        out.contains("--denied lists the principals not allowed"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "who-can",
        "../scenarios/14-cross-account-role.json",
        "--action",
        "s3:PutObject",
        "--resource",
        "arn:aws:s3:::production-secrets/a",
        "--denied",
    ]);
    assert!(
        out.contains("  not arn:aws:iam::444455556666:user/mallory (user): Implicitly denied"),
        "{out}"
    );
    // Several actions in one --action, and JSON entries that name their resource.
    let (_, out, _) = run(&[
        "who-can",
        "../scenarios/14-cross-account-role.json",
        "--action",
        "s3:PutObject",
        "s3:GetObject",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entries = v.as_array().unwrap();
    assert!(entries.iter().any(|e| e["action"] == "s3:GetObject"));
    let david = entries
        .iter()
        .find(|e| {
            e["action"] == "s3:PutObject"
                && e["resource"] == "arn:aws:s3:::productionapp/example-object"
                && e["principal"] == "arn:aws:iam::111111111111:user/david"
        })
        .unwrap();
    assert_eq!(david["via"][0], "arn:aws:iam::999999999999:role/UpdateApp");
}

#[test]
fn principal_can_says_what_it_tried() {
    let (code, out, _) = run(&[
        "principal-can",
        "../scenarios/14-cross-account-role.json",
        "--who",
        "arn:aws:iam::111111111111:user/david",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("arn:aws:s3:::productionapp: nothing tried (no policy"),
        "{out}"
    );
    assert!(
        out.contains("arn:aws:iam::999999999999:role/UpdateApp: sts:AssumeRole (of 1 tried)"),
        "{out}"
    );
    assert!(
        out.contains("role/UpdateAppUntrusting: nothing (1 action tried)"),
        "{out}"
    );
    let (code, out, _) = run(&[
        "principal-can",
        "../scenarios/06-root-user.json",
        "--who",
        "root:222233334444",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("arn:aws:s3:::workload-data: "), "{out}");
    assert!(!out.contains("nothing"), "{out}");
    let (_, out, _) = run(&[
        "principal-can",
        "../scenarios/12-organization-scps-rcps.json",
        "--who",
        "user:pat",
    ]);
    assert!(
        out.contains("denied when StringNotEquals aws:RequestedRegion eu-west-1 (RegionLock)"),
        "{out}"
    );
}

#[test]
fn import_writes_a_scenario_that_loads() {
    let dir = "../engine/tests/import/";
    let files = [
        "authorization-details-111122223333.json",
        "authorization-details-444455556666.json",
        "describe-policy-RegionLock.json",
    ]
    .map(|f| format!("{dir}{f}"));
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("{\n  \"format\": \"iam-playground/scenario@1\""),
        "{out}"
    );
    assert!(
        err.starts_with("2 accounts (111122223333, 444455556666): 2 users"),
        "{err}"
    );
    assert!(err.contains("left out: MFA devices, access keys"), "{err}");
    // The scenario loads without a problem and answers questions.
    let f = temp("imported.json", &out);
    let (code, text, err) = run(&["scenario", &f]);
    assert_eq!(code, 0, "{text}{err}");
    assert!(err.is_empty(), "{err}");
    let (code, text, _) = run(&[
        "who-can",
        &f,
        "--action",
        "sts:AssumeRole",
        "--resource",
        "arn:aws:iam::444455556666:role/Deploy",
        "--denied",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Who can sts:AssumeRole on arn:aws:iam::444455556666:role/Deploy:"),
        "{text}"
    );
    // Standard input, and a file that is no AWS output.
    let (code, out, _) = run_stdin(&["import", "-"], "{\"RoleDetailList\": []}");
    assert_eq!(code, 0);
    assert!(out.contains("\"accounts\": {}"), "{out}");
    let f = temp("not-aws.json", "{\"Users\": []}");
    let (code, _, err) = run(&["import", &f]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not-aws.json: not the output of `aws iam get-account-authorization-details`"),
        "{err}"
    );
}

#[test]
fn actions_expand_wildcards() {
    let (code, out, _) = run(&["actions", "s3:Get*"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("s3:Get* covers "), "{out}");
    assert!(out.contains("s3:GetObject (Read)"), "{out}");
}

#[test]
fn link_encodes_and_decodes_scenarios() {
    let file = "../scenarios/14-cross-account-role.json";
    let (code, out, err) = run(&["link", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("#scenario/") && out.ends_with('\n'),
        "{out}"
    );
    let link = out.trim_end();
    let (code, doc, err) = run(&["link", "--decode", link]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc, std::fs::read_to_string(file).unwrap());

    // --base: the link's fragment replaces the base's.
    let (code, out, _) = run(&[
        "link",
        file,
        "--base",
        "https://example.com/play/#example/14-cross-account-role",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), format!("https://example.com/play/{link}"));
    let (code, doc, _) = run(&["link", "--decode", out.trim_end()]);
    assert_eq!(code, 0);
    assert_eq!(doc, std::fs::read_to_string(file).unwrap());

    // The worked example of docs/SHARE-LINK.md, as this encoder and as Python write it.
    let example = temp(
        "hello.json",
        r#"{"format":"iam-playground/scenario@1","name":"Hello, share link","accounts":{"111122223333":{"users":{"alice":{"inline":{"read":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::demo/*"}]}}}}}},"requests":[{"name":"alice reads","who":{"user":"alice"},"action":"s3:GetObject","resource":"arn:aws:s3:::demo/a.txt","expect":"Allow"}]}"#,
    );
    let (code, out, _) = run(&["link", &example]);
    assert_eq!(code, 0);
    assert_eq!(out, "#scenario/fU89T8MwEP0r0Y0ooXU6IHmiA4INCSQWxHA4F2rwR7EdpSjKf-cuUKlD1Vt81nv3PiboY_JYQINF3-wd_nykOIRulQ0FTDbeKqghoCemPJBzsa7yDhNVzoYvhtAY5pcMegLF0_JseOQ_ZEoLgM4aksUGPlu2RNjJ-8IUGwOrt2vVNmrdqBuWfS5YyFPgZK8T3PU9GQm55QAjw1tT_o7yRt9TeXz_FLyGJ8pxSOIFmILGMWtmaN2Rj6srmN_mZWq2_x4oS2yW_6-3pKwkWGapcRePHY4YzNL3vHO65IzX5SAkOuxPe3CcXw\n");
    let (code, doc, _) = run(&["link", "--decode", "fU_LTsMwEPyVaI8ooXV6QPKJHiq4VQKJC-KwOBtq8KO1HaUoyr-zG6jEATEXrzWzszMT9DF5LKDBom-ODj_fUhxCt8qGAiYbbxXUENATS-7JuVhX-YCJKmfDB1NoDOtLBj2BYrSMDUP-Q6a0EOisIRls4LVlSoSdvE8ssTGwe7tWbaPWjbph28eChTwFTvY8wa7vyUjILQcYmd6a8r2UN_qOyv71XfgaHijHIcktwBQ0jlmzQuuOfFxdwfwyL6j5_GmgLLHZ_qfekrKSYJmtxkO8dLhwMEvfvy-n_y7jdTmLiM7H3z04zhc"]);
    assert_eq!(code, 0);
    assert_eq!(doc, std::fs::read_to_string(&example).unwrap());
}

#[test]
fn broken_links_and_scenarios_exit_2() {
    let (_, out, _) = run(&["link", "../scenarios/02-allow.json"]);
    let link = out.trim_end();
    let (code, doc, err) = run(&["link", "--decode", &link[..link.len() - 8]]);
    assert_eq!(code, 2);
    assert!(doc.is_empty());
    assert!(
        err.starts_with("cannot open the share link: the link is truncated"),
        "{err}"
    );
    let (code, _, err) = run(&["link", "--decode", &format!("{link}==")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`=` at position") && err.contains("padding"),
        "{err}"
    );
    let (code, _, err) = run(&["link", "--decode", "https://example.com/#example/02-allow"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a share link"), "{err}");

    let f = temp("bad-link.json", "{\"format\": \"iam-playground/scenario@1\",\n  \"accounts\": {\"111122223333\": {\"users\": {\"a\": {\"groups\": [\"nope\"]}}}}}");
    let (code, out, err) = run(&["link", &f]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("bad-link.json:2:") && err.contains("no group `nope`"),
        "{err}"
    );
    for args in [
        &["link"][..],
        &["link", "--decode"],
        &["link", "a", "b"],
        &["link", "f.json", "--base"],
    ] {
        assert_eq!(run(args).0, 2, "{args:?}");
    }
}

#[test]
fn a_case_aws_would_refuse_is_invalid_and_the_others_run_on() {
    let f = temp(
        "invalid.json",
        r#"[
  {"name": "principal in identity", "principal": {"arn": "arn:aws:iam::111122223333:user/alice"},
   "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*"}]}],
   "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expected": "Invalid"},
  {"name": "valid", "principal": {"arn": "arn:aws:iam::111122223333:user/alice"},
   "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}],
   "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expected": "Allow"}
]"#,
    );
    let (code, out, err) = run(&["check", &f]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 passed, 0 failed"), "{out}");
    let (code, out, _) = run(&["check", "--json", &f]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["decision"], "Invalid");
    assert_eq!(first["pass"], true);
    let e = &first["errors"][0];
    assert_eq!(e["path"], "[0].identity_policies[0].Statement[0].Principal");
    assert_eq!(e["line"], 3);
    assert!(e["column"].as_u64().unwrap() > 0);
    assert!(
        e["help"]
            .as_str()
            .unwrap()
            .starts_with("remove `Principal`"),
        "{e}"
    );
    // Expecting a decision from an invalid case fails, and names the error and its fix.
    let g = temp(
        "invalid-expected.json",
        &std::fs::read_to_string(&f)
            .unwrap()
            .replacen("\"Invalid\"", "\"ExplicitDeny\"", 1),
    );
    let (code, out, _) = run(&["check", &g]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("expected ExplicitDeny, got Invalid")
            && out.contains("help: remove `Principal`"),
        "{out}"
    );
    let (code, out, _) = run(&["explain", &f, "--case", "principal in identity"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Decision: Invalid") && out.contains("help: remove `Principal`"),
        "{out}"
    );
}

/// Runs with standard input.
fn run_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_iam-eval"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    results(&child.wait_with_output().unwrap())
}

#[test]
fn help_version_and_did_you_mean() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    // What each command is for, and one example a command.
    for cmd in [
        "check",
        "explain",
        "scenario",
        "who-can",
        "principal-can",
        "validate",
        "actions",
        "schema",
        "link",
        "simulate",
    ] {
        assert!(out.contains(&format!("\n  {cmd} ")), "{cmd}: {out}");
        assert!(
            out.contains(&format!("\n  iam-eval {cmd} ")),
            "{cmd}: {out}"
        );
    }
    assert!(
        out.contains("Start with: iam-eval scenario scenarios/01-default-deny.json"),
        "{out}"
    );
    for args in [
        &["help", "who-can"][..],
        &["who-can", "--help"],
        &["help", "check"],
        &["simulate", "-h"],
    ] {
        let (code, out, _) = run(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(
            out.contains("Usage: iam-eval ") && out.contains("Example:"),
            "{args:?}: {out}"
        );
    }
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("iam-eval "), "{out}");
    // Unknown commands and options: exit 2, naming them, with a did-you-mean.
    for (args, says) in [
        (
            &["chek", "x.json"][..],
            &["unrecognized subcommand 'chek'", "'check'"][..],
        ),
        (&["check", "--jsn", "x.json"], &["'--jsn'", "'--json'"]),
        (&[], &["Usage: iam-eval"]),
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(says.iter().all(|s| err.contains(s)), "{args:?}: {err}");
    }
    // The contract's usage errors still exit 2.
    for args in [
        &["check"][..],
        &["explain"],
        &["actions"],
        &["schema", "x"],
        &["validate"],
        &["principal-can", "f.json"],
    ] {
        assert_eq!(run(args).0, 2, "{args:?}");
    }
}

#[test]
fn actions_that_match_nothing_suggest_and_exit_1() {
    let (code, out, _) = run(&["actions", "s3:GetObjekt"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "s3:GetObjekt matches no action; did you mean `s3:GetObject`?\n"
    );
    let (code, out, _) = run(&["actions", "s3:GetObject", "s4:ListBuckets", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["count"], 1);
    assert!(v[0].get("suggestion").is_none());
    assert_eq!(v[1]["count"], 0);
    assert_eq!(v[1]["suggestion"], "s3:ListBucket");
}

#[test]
fn who_can_expands_patterns_and_checks_the_request() {
    let file = "../scenarios/02-allow.json";
    let object = "arn:aws:s3:::team-reports/reports/q1.csv";
    let (code, out, err) = run(&["who-can", file, "--action", "s3:Get*", "--resource", object]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("Who can s3:GetObject on {object}:")),
        "{out}"
    );
    assert!(out.contains("Who can s3:GetObjectTagging on"), "{out}");
    // Get actions on buckets are beside the point for an object, and said to be left out.
    assert!(!out.contains("s3:GetBucketPolicy"), "{out}");
    assert!(err.contains("act on other resource types than"), "{err}");
    assert!(!out.contains("warning:"), "{out}");
    let (code, out, _) = run(&[
        "who-can",
        file,
        "--action",
        "s3:Get*Acl",
        "--action",
        "s3:PutObject",
        "--resource",
        object,
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let actions: std::collections::BTreeSet<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains("s3:GetObjectAcl") && actions.contains("s3:PutObject"),
        "{actions:?}"
    );
    assert!(v[0]["principal"].is_string() && v[0]["request_warnings"].is_array());

    // The wrong resource type is said beside the answer.
    let (code, out, _) = run(&[
        "who-can",
        file,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::team-reports",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  warning: s3:GetObject acts on")
            && out.contains("`arn:aws:s3:::team-reports` names a resource of type `bucket`"),
        "{out}"
    );
    let (code, _, err) = run(&["who-can", file, "--action", "s3:GetObjekt*"]);
    assert_eq!(code, 2);
    assert!(err.contains("`s3:GetObjekt*` covers no action"), "{err}");
}

const CASES: &str = r#"[
  {"name": "reads", "principal": {"arn": "arn:aws:iam::111122223333:user/a"},
   "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}],
   "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expected": "Allow"},
  {"name": "bucket, not object", "principal": {"arn": "arn:aws:iam::111122223333:user/a"},
   "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}],
   "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b"}, "expected": "Allow"},
  {"name": "no expectation", "principal": {"arn": "arn:aws:iam::111122223333:user/a"},
   "request": {"action": "s3:GetObjekt", "resource": "arn:aws:s3:::b/k", "context": {"aws:SourceIp": "203.0.113.7"}}}
]"#;

#[test]
fn check_lists_cases_without_expected_and_warns_beside_failures() {
    let f = temp("mixed.json", CASES);
    let (code, out, _) = run(&["check", &f]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("FAIL ")
            && lines[0].ends_with(
                ": bucket, not object: expected Allow, got ImplicitDeny (blocked by identity)"
            ),
        "{out}"
    );
    assert!(
        lines[1].starts_with("  warning: s3:GetObject acts on `object` (`arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`) or `accesspointobject`"),
        "{out}"
    );
    assert!(lines[2].starts_with("UNCHECKED ") && lines[2].ends_with(": no expectation: no `expected`; the decision is ImplicitDeny (blocked by identity)"), "{out}");
    assert_eq!(
        lines[3],
        "  warning: Amazon S3 (s3) has no action `GetObjekt`; did you mean `s3:GetObject`?"
    );
    assert_eq!(*lines.last().unwrap(), "1 passed, 1 failed");
    assert_eq!(lines.len(), 5, "a passing case prints nothing: {out}");

    let (code, out, err) = run(&["check", "--json", &f]);
    assert_eq!(code, 1);
    assert_eq!(err.trim_end(), "1 passed, 1 failed");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        for field in [
            "file",
            "name",
            "expected",
            "decision",
            "blocked_by",
            "pass",
            "request_warnings",
        ] {
            assert!(r.get(field).is_some(), "{field}: {r}");
        }
    }
    assert_eq!(rows[0]["request_warnings"], serde_json::json!([]));
    assert_eq!(
        rows[1]["request_warnings"][0]["code"],
        "RESOURCE_TYPE_MISMATCH"
    );
    assert_eq!(rows[1]["request_warnings"][0]["field"], "resource");
    assert_eq!(rows[2]["pass"], serde_json::Value::Null);
    assert_eq!(rows[2]["request_warnings"][0]["suggestion"], "s3:GetObject");
}

#[test]
fn explain_checks_the_request_and_names_only_its_case() {
    // A case whose policy has an error (no Resource), and one that is fine.
    let broken = CASES.replacen(
        "[\n  {\"name\": \"reads\"",
        "[\n  {\"name\": \"broken\", \"principal\": {\"arn\": \"arn:aws:iam::111122223333:user/a\"},\n   \"identity_policies\": [{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}]}],\n   \"request\": {\"action\": \"s3:GetObject\", \"resource\": \"arn:aws:s3:::b/k\"}},\n  {\"name\": \"reads\"",
        1,
    );
    assert_ne!(broken, CASES);
    let f = temp("explain.json", &broken);
    let (code, out, err) = run(&["explain", &f, "--case", "bucket, not object"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Expected: Allow (NOT as expected)\nwarning: s3:GetObject acts on"),
        "{out}"
    );
    // The broken case's policy error belongs to another case: not printed here.
    assert!(err.is_empty(), "{err}");
    // Its own case is decided Invalid, with the located error (AWS would refuse the
    // policy), in the explanation itself.
    let (code, out, _) = run(&["explain", &f, "--case", "broken"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Decision: Invalid") && out.contains("Resource"),
        "{out}"
    );
    let (_, out, _) = run(&["explain", &f, "--case", "no expectation", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["steps"].is_array(), "the trace is unchanged");
    assert_eq!(v["request_warnings"][0]["code"], "UNKNOWN_ACTION");

    let (code, out, err) = run(&["explain", "../scenarios/02-allow.json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("is a scenario, not a case file: use `iam-eval scenario ../scenarios/02-allow.json --explain`"), "{err}");
}

#[test]
fn bundled_scenarios_run_without_noise() {
    let mut files: Vec<_> = std::fs::read_dir("../scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 18);
    for f in files {
        let f = f.to_string_lossy().into_owned();
        let (code, out, _) = run(&["scenario", &f]);
        assert_eq!(code, 0, "{f}: {out}");
        assert!(!out.contains("warning:"), "{f}: {out}");
        let (_, out, _) = run(&["scenario", &f, "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for r in v["requests"].as_array().unwrap() {
            assert_eq!(r["request_warnings"], serde_json::json!([]), "{f}");
        }
    }
}

#[test]
fn scenario_requests_are_checked() {
    let f = temp(
        "warns.json",
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"a": {}}}},
  "requests": [{"name": "r", "who": {"user": "a"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::reports", "context": {"s3:prefix": "x/"}, "expect": "ImplicitDeny"}]}"#,
    );
    let (code, out, _) = run(&["scenario", &f]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("       warning: s3:GetObject acts on `object` (`arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`) or `accesspointobject`"),
        "{out}"
    );
    assert!(
        out.contains("       warning: s3:GetObject never carries the context key `s3:prefix`"),
        "{out}"
    );
    let (_, out, _) = run(&["scenario", &f, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r = &v["requests"][0];
    assert_eq!(
        r["result"], "ImplicitDeny",
        "the outcome's fields are unchanged"
    );
    assert_eq!(r["request_warnings"][1]["key"], "s3:prefix");
    assert_eq!(r["request_warnings"][1]["field"], "context");
}

#[test]
fn simulate_answers_without_a_scenario() {
    let policy = temp(
        "sim-policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::reports/*",
            "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
    );
    let (code, out, err) = run(&[
        "simulate",
        "--policy",
        &policy,
        "--action",
        "s3:GetObject",
        "s3:PutObject",
        "--resource",
        "arn:aws:s3:::reports/q1.csv",
        "--context",
        "aws:SourceIp=203.0.113.7",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Caller: arn:aws:iam::111122223333:user/simulated");
    assert!(
        lines[1].starts_with("ACTION") && lines[1].ends_with("DECISION"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("s3:GetObject  arn:aws:s3:::reports/q1.csv  Allow"),
        "{out}"
    );
    assert!(
        lines[3].starts_with(
            "s3:PutObject  arn:aws:s3:::reports/q1.csv  ImplicitDeny (blocked by identity)"
        ),
        "{out}"
    );

    // A pattern, standard input, a boundary, JSON with traces.
    let boundary = temp(
        "sim-boundary.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let text = std::fs::read_to_string(&policy).unwrap();
    let (code, out, err) = run_stdin(
        &[
            "simulate",
            "--policy",
            "-",
            "--boundary",
            &boundary,
            "--action",
            "s3:GetObject*",
            "--resource",
            "arn:aws:s3:::reports/q1.csv",
            "--context",
            "aws:SourceIp=203.0.113.7",
            "--json",
            "--explain",
        ],
        &text,
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = v["results"].as_array().unwrap();
    assert!(results.len() > 5);
    assert!(results
        .iter()
        .all(|r| r["action"].as_str().unwrap().starts_with("s3:GetObject")));
    assert_eq!(results[0]["action"], "s3:GetObject");
    assert_eq!(results[0]["decision"], "Allow");
    assert!(results[0]["trace"]["steps"].is_array());
    assert!(
        results
            .iter()
            .skip(1)
            .all(|r| r["blocked_by"] == "permissions_boundary" || r["decision"] != "Allow"),
        "{out}"
    );

    // A misspelt action warns; a broken policy is located; bad context exits 2.
    let (code, out, _) = run(&[
        "simulate",
        "--policy",
        &policy,
        "--action",
        "s3:GetObjekt",
        "--resource",
        "arn:aws:s3:::reports/q1.csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "  warning: Amazon S3 (s3) has no action `GetObjekt`; did you mean `s3:GetObject`?"
        ),
        "{out}"
    );
    let broken = temp("sim-broken.json", "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}]}");
    let (code, _, err) = run(&["simulate", "--policy", &broken, "--action", "s3:GetObject"]);
    assert_eq!(code, 2);
    assert!(err.contains("sim-broken.json:2:"), "{err}");
    let (code, _, err) = run(&[
        "simulate",
        "--policy",
        &policy,
        "--action",
        "s3:GetObject",
        "--context",
        "novalue",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("write KEY=VALUE"), "{err}");
    assert_eq!(run(&["simulate", "--policy", &policy]).0, 2);

    // A resource policy: a bucket policy for the object, a trust policy for the role.
    let bucket = temp(
        "sim-bucket.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["s3:GetObject", "sts:AssumeRole"], "Resource": "*"}]}"#,
    );
    let (code, out, err) = run(&[
        "simulate",
        "--policy",
        &boundary,
        "--resource-policy",
        &bucket,
        "--principal",
        "arn:aws:iam::444455556666:user/bob",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::reports/q1.csv",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["principal"], "arn:aws:iam::444455556666:user/bob");
    assert_eq!(v["results"][0]["decision"], "Allow", "{out}");
    // As a role's trust policy it may not have Resource: refused with its place.
    let (code, _, err) = run(&[
        "simulate",
        "--resource-policy",
        &bucket,
        "--principal",
        "arn:aws:iam::444455556666:user/bob",
        "--action",
        "sts:AssumeRole",
        "--resource",
        "arn:aws:iam::111122223333:role/R",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("sim-bucket.json:2:") && err.contains("Resource"),
        "{err}"
    );

    // A pattern asked of `*`: one note, not a warning a row.
    let (code, out, _) = run(&["simulate", "--policy", &policy, "--action", "s3:GetObject*"]);
    assert_eq!(code, 0);
    assert!(!out.contains("warning:"), "{out}");
    assert!(
        out.lines().last().unwrap().starts_with("note: ") && out.contains("were asked of `*`"),
        "{out}"
    );
    let (_, out, _) = run(&["simulate", "--policy", &policy, "--action", "s3:GetObject"]);
    assert!(
        out.contains("  warning: s3:GetObject acts on") && !out.contains("note:"),
        "{out}"
    );
}

#[test]
fn a_closed_output_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // One case whose trace is far larger than a pipe's buffer, so printing it must
    // meet the closed pipe.
    let statements: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{"Sid":"S{i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{i}/*"}}"#))
        .collect();
    let case = format!(
        r#"[{{"name":"big","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},"identity_policies":[{{"Version":"2012-10-17","Statement":[{}]}}],"request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::x/y","context":{{}}}}}}]"#,
        statements.join(",")
    );
    let file = temp("closed-pipe.json", &case);
    let mut child = Command::new(env!("CARGO_BIN_EXE_iam-eval"))
        .args(["explain", "--json", &file])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // `| head -c 10`
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_aws_managed_policy_is_decided_as_the_playground_decides_it() {
    // Not one of the few the engine ships whole: the command line carries every one.
    let f = temp(
        "route53.json",
        r#"{"format": "iam-playground/scenario@1",
  "accounts": {"111122223333": {"users": {"u": {"policies": ["AmazonRoute53ReadOnlyAccess"]}}}},
  "requests": [
    {"name": "list zones", "who": {"user": "u"}, "action": "route53:ListHostedZones", "resource": "*", "expect": "Allow"},
    {"name": "change records", "who": {"user": "u"}, "action": "route53:ChangeResourceRecordSets",
     "resource": "arn:aws:route53:::hostedzone/Z1", "expect": "ImplicitDeny"}]}"#,
    );
    let (code, out, err) = run(&["scenario", &f]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 expectations met, 0 unmet"), "{out}");
}
