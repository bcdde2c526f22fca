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
