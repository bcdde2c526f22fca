use super::*;
use crate::casefile::read_cases;

fn trace(case: &str) -> Trace {
    let case = read_cases(case).unwrap().remove(0).case;
    decide(&case, true).trace.unwrap()
}

/// The first statement of the first policy of a layer, in JSON.
fn first_statement(json: &serde_json::Value, layer: &str) -> serde_json::Value {
    let layers = json["layers"].as_array().unwrap();
    let l = layers.iter().find(|l| l["layer"] == layer).unwrap();
    l["policies"][0]["statements"][0].clone()
}

const ALICE: &str = r#""principal":{"arn":"arn:aws:iam::111122223333:user/alice"}"#;

#[test]
fn a_trace_names_what_it_compared() {
    let t = trace(&format!(
        r#"{{"name":"bucket",{ALICE},
        "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::logs","arn:aws:s3:::reports/*"]}}]}}],
        "request":{{"action":"s3:ListBucket","resource":"arn:aws:s3:::reports"}}}}"#
    ));
    let json = serde_json::to_value(&t).unwrap();
    let st = &first_statement(&json, "identity");
    let action = &st["action"];
    assert_eq!(action["value"], "s3:ListBucket");
    assert_eq!(action["matched_pattern"], "s3:ListBucket");
    assert_eq!(action["patterns"][1]["pattern"], "s3:ListBucket");
    assert_eq!(
        action["patterns"][1]["location"],
        action["matched_location"]
    );
    let resource = &st["resource"];
    assert_eq!(resource["matched"], false);
    assert_eq!(resource["value"], "arn:aws:s3:::reports");
    assert_eq!(resource["patterns"].as_array().map(Vec::len), Some(2));
    assert_eq!(resource["closest"]["pattern"], "arn:aws:s3:::reports/*");
    assert_eq!(
        resource["closest"]["location"],
        resource["patterns"][1]["location"]
    );
    assert_eq!(
        resource["closest"]["why"],
        "it covers the objects in the bucket, not the bucket `arn:aws:s3:::reports`"
    );
    let text = crate::render::text(&t);
    assert!(
        text.contains("[no ] Resource: none of the listed resources matches `arn:aws:s3:::reports`")
            && text.contains("tried `arn:aws:s3:::logs`, `arn:aws:s3:::reports/*`")
            && text.contains("closest: `arn:aws:s3:::reports/*` — it covers the objects in the bucket, not the bucket `arn:aws:s3:::reports`"),
        "{text}"
    );
}

#[test]
fn a_principal_check_names_the_caller_and_the_entries() {
    let t = trace(&format!(
        r#"{{"name":"cross",{ALICE},
        "resource_policy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":["arn:aws:iam::444455556666:user/bob","arn:aws:iam::111122223333:user/alicia"]}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}]}},
        "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
    ));
    let json = serde_json::to_value(&t).unwrap();
    let p = &first_statement(&json, "resource")["principal"];
    assert_eq!(p["element"], "Principal");
    assert_eq!(p["value"], "arn:aws:iam::111122223333:user/alice");
    assert_eq!(
        p["patterns"][0]["pattern"],
        "arn:aws:iam::444455556666:user/bob"
    );
    assert_eq!(
        p["closest"]["pattern"],
        "arn:aws:iam::111122223333:user/alicia"
    );
    assert_eq!(
        p["closest"]["why"],
        "the name differs: `alicia` in the pattern, `alice` in the request"
    );
}

#[test]
fn a_broken_boundary_makes_the_case_invalid() {
    let text = format!(
        r#"{{"name":"broken",{ALICE},
        "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}}],
        "permissions_boundary":{{"Version":"2012-10-17","Statement":[{{"Efect":"Allow","Action":"s3:*","Resource":"*"}}]}},
        "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
    );
    let case = read_cases(&text).unwrap().remove(0).case;
    let fast = decide(&case, false);
    assert_eq!(fast.decision, Decision::Invalid);
    assert_eq!(fast.blocked_by, None);
    assert!(fast
        .errors
        .iter()
        .all(|e| e.layer == Layer::PermissionsBoundary));
    assert!(!is_allowed(&case.prepare()));
    let t = decide(&case, true).trace.unwrap();
    assert_eq!(t.decision, Decision::Invalid);
    assert!(
        t.summary.starts_with("Invalid: AWS would refuse to store"),
        "{}",
        t.summary
    );
    assert!(t.layers.is_empty());
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["decision"], "Invalid");
    assert_eq!(json["errors"][0]["layer"], "permissions_boundary");
    assert!(
        json["errors"][0]["line"].is_null(),
        "location is nested: {json}"
    );
    assert!(json["errors"][0]["location"]["line"].as_u64() > Some(0));
    let text = crate::render::text(&t);
    assert!(
        text.contains("Errors (AWS would refuse to store these policies)"),
        "{text}"
    );
}

#[test]
fn every_refusal_carries_its_fix() {
    let t = trace(&format!(
        r#"{{"name":"one of two",{ALICE},
        "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Principal":"*"}}]}}],
        "resource_policy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Principal":"arn:aws:iam::111122223333:user/alice"}},
            {{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}]}},
        "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
    ));
    assert_eq!(t.decision, Decision::Invalid);
    let helps: Vec<&str> = t
        .errors
        .iter()
        .map(|e| e.diagnostic.help.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(helps.len(), 3, "{helps:?}");
    assert!(
        helps.iter().any(|h| h.starts_with("remove `Principal`")),
        "{helps:?}"
    );
    assert!(
        helps
            .iter()
            .any(|h| h.contains(r#"write `{"AWS": "arn:aws:iam::111122223333:user/alice"}`"#)),
        "{helps:?}"
    );
    assert!(
        helps
            .iter()
            .any(|h| h.contains(r#"add `"Principal": "*"`"#)),
        "{helps:?}"
    );
    assert_eq!(t.steps.len(), 3);
}

#[test]
fn a_request_aws_never_makes_is_warned() {
    let t = trace(&format!(
        r#"{{"name":"star",{ALICE},
        "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}],
        "request":{{"action":"s3:GetObject","resource":"*"}}}}"#
    ));
    assert_eq!(t.decision, Decision::Allow);
    let json = serde_json::to_value(&t).unwrap();
    assert!(
        json["warnings"][0]
            .as_str()
            .unwrap()
            .contains("AWS never makes"),
        "{json}"
    );
    let t = trace(&format!(
        r#"{{"name":"list",{ALICE},
        "request":{{"action":"s3:ListAllMyBuckets","resource":"*"}}}}"#
    ));
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn an_unresolvable_variable_is_a_missing_key() {
    let t = trace(
        r#"{"name":"session","principal":{"arn":"arn:aws:sts::111122223333:assumed-role/R/s","role_arn":"arn:aws:iam::111122223333:role/R"},
        "identity_policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}],
        "request":{"action":"s3:GetObject","resource":"arn:aws:s3:::home/s/x"}}"#,
    );
    assert_eq!(t.decision, Decision::ImplicitDeny);
    assert!(
        t.missing_keys.iter().any(|m| m.key == "aws:username"),
        "{:?}",
        t.missing_keys
    );
}
