use super::*;
use crate::casefile::read_cases;

const EVERYTHING: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

fn trace(scps: &str) -> Trace {
    let text = format!(
        r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
        "identity_policies":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}],
        "scps":{scps},
        "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{{"aws:SourceIp":"192.0.2.1","aws:RequestedRegion":"eu-west-1"}}}}}}"#
    );
    let case = read_cases(&text).unwrap().remove(0).case;
    crate::decide(&case, true).trace.unwrap()
}

#[test]
fn levels_that_allow_everything_fold_into_a_line() {
    let lock = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;
    let t = trace(&format!(
        "[[{EVERYTHING}],[{EVERYTHING},{lock}],[{EVERYTHING}]]"
    ));
    let folded = text(&t);
    assert!(
        folded.contains("[ok  ] SCP levels 1–3: `SCP 1.1`, `SCP 2.1` and `SCP 3.1` allow everything at each level"),
        "{folded}"
    );
    // The region lock at level 2 is named under the deny check, with the condition
    // that kept it off; the policies that allow everything are not listed.
    assert!(
        folded.contains("`SCP 2.2`, statement 1 (Deny, line 3): does not apply\n         [no ] Condition StringNotEquals aws:RequestedRegion"),
        "{folded}"
    );
    assert!(!folded.contains("policy SCP 1.1"), "{folded}");
    assert!(folded.contains("Not in play: "), "{folded}");
    // The key the request gave stays; the derived ones no condition read are counted.
    assert!(folded.contains("aws:SourceIp = 192.0.2.1"), "{folded}");
    assert!(folded.contains("more derived key"), "{folded}");
    let full = text_with(
        &t,
        Options {
            full: true,
            ..Options::default()
        },
    );
    assert!(!full.contains("allows everything"), "{full}");
    assert!(!full.contains("Not in play"), "{full}");
    assert!(
        folded.lines().count() + 10 < full.lines().count(),
        "{folded}\n{full}"
    );
    // A policy that allows only some actions is never folded.
    let some = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let t = trace(&format!("[[{some}]]"));
    assert!(!text(&t).contains("allows everything"), "{}", text(&t));
}

#[test]
fn an_identity_policy_that_allows_everything_is_shown() {
    let text = format!(
        r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
        "identity_policies":[{EVERYTHING}],
        "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
    );
    let case = read_cases(&text).unwrap().remove(0).case;
    let t = crate::decide(&case, true).trace.unwrap();
    let out = super::text(&t);
    assert!(
        out.contains("[yes] Action: `*` matches the action"),
        "{out}"
    );
}

fn case(text: &str) -> Trace {
    let case = read_cases(text).unwrap().remove(0).case;
    crate::decide(&case, true).trace.unwrap()
}

/// A layer that lacked an Allow shows, under its step, the statements that came
/// closest with what did not match, and names those for other services in a line.
#[test]
fn a_layer_without_an_allow_shows_its_near_misses() {
    let t = case(
        r#"{"name":"t","principal":{"arn":"arn:aws:iam::111122223333:user/alice"},
        "identity_policies":[
          {"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"},
            {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"},
            {"Effect":"Allow","Action":"ec2:*","Resource":"*"},
            {"Effect":"Allow","Action":["sqs:SendMessage","sns:Publish"],"Resource":"*"}]}],
        "request":{"action":"s3:PutObject","resource":"arn:aws:s3:::reports/q1.csv"}}"#,
    );
    let out = text(&t);
    let steps = out.split("Steps\n").nth(1).unwrap();
    assert!(
        steps
            .contains("[--  ] Identity-based policies: no identity-based policy allows the action"),
        "{out}"
    );
    assert!(
        steps.contains("`identity policy 1`:\n         statement 1 (Allow, line 4): does not apply\n           [no ] Action: "),
        "{out}"
    );
    assert!(
        steps.contains("closest: `s3:GetObject` — the verb differs"),
        "{out}"
    );
    assert!(
        steps.contains(
            "[no ] Resource: none of the listed resources matches `arn:aws:s3:::reports/q1.csv`"
        ),
        "{out}"
    );
    assert!(
        steps.contains("for other services (ec2, sqs, sns): `identity policy 1` statements 3–4"),
        "{out}"
    );
    // The statements that do not apply are named once, in the step that needs them,
    // and no layer section repeats them.
    assert_eq!(
        out.matches("statement 2 (Allow, line 5)").count(),
        1,
        "{out}"
    );
    assert!(!out.contains("\nIdentity-based policies: "), "{out}");
}

/// A user allowed `s3:*` by its first policy, with Deny `statements` in its second,
/// asking for `action` on an object; `more` adds fields to the case.
fn s3_user_with_denies(statements: &str, more: &str, action: &str) -> Trace {
    case(&format!(
        r#"{{"name":"t","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
        "identity_policies":[
          {{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}},
          {{"Version":"2012-10-17","Statement":[
            {statements}]}}],
        {more}
        "request":{{"action":"{action}","resource":"arn:aws:s3:::reports/q1.csv"}}}}"#
    ))
}

/// An explicit Deny shows the Deny statement that matched; the layers it made
/// unnecessary are named with their verdicts in one line.
#[test]
fn an_explicit_deny_names_what_it_overrode() {
    let t = s3_user_with_denies(
        r#"{"Sid":"NoDeletes","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},
            {"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"}"#,
        r#""resource_policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]},"#,
        "s3:DeleteObject",
    );
    let out = text(&t);
    assert!(out.contains("[DENY] Explicit deny check: `identity policy 2`, statement \"NoDeletes\" denies the request"), "{out}");
    // The step names the statement: its elements follow without a heading.
    assert!(
        out.contains("  1. [DENY] Explicit deny check: `identity policy 2`, statement \"NoDeletes\" denies the request; an explicit Deny overrides every Allow\n       [yes] Action: `s3:DeleteObject` matches the action\n       [yes] Resource: `*` matches the resource\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "Not needed for the decision (--full shows them): Resource-based policy: allows\n"
        ),
        "{out}"
    );
    // Without the Deny, the check lists it among the Denys for other actions.
    let t = s3_user_with_denies(
        r#"{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},
            {"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"}"#,
        "",
        "s3:PutObject",
    );
    let out = text(&t);
    assert!(
        out.contains("for other actions: `identity policy 2` statement 1 (`s3:DeleteObject`)"),
        "{out}"
    );
    // A Deny that matched the action but not the resource is shown with the miss.
    assert!(
        out.contains("`identity policy 2`, statement 2 (Deny, line 6): does not apply\n         [no ] Resource: "),
        "{out}"
    );
    assert!(!out.contains("Not needed for the decision"), "{out}");
}

/// The scenario report says the authentication and the decision above the trace:
/// the folded trace does not repeat them.
#[test]
fn a_report_trace_leaves_out_what_the_report_says() {
    let t = case(
        r#"{"name":"t","principal":{"arn":"arn:aws:iam::111122223333:user/alice"},
        "identity_policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}],
        "request":{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{"aws:SourceIp":"192.0.2.1"}}}"#,
    );
    let out = text_with(
        &t,
        Options {
            omit_header: true,
            ..Options::default()
        },
    );
    assert!(!out.contains("Decision:"), "{out}");
    assert!(out.starts_with("Resource account: 111122223333 (same account as the caller)\nContext: aws:SourceIp = 192.0.2.1; "), "{out}");
}
