use super::*;

fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
    Policy::parse(text, kind)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn reads_a_policy() {
    let p = Policy::parse(
        r#"{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/${aws:username}/*"}}"#,
        PolicyKind::Identity,
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.statements.len(), 1);
    assert!(p.statements[0].resource.as_ref().unwrap().patterns[0]
        .template
        .is_some());
}

#[test]
fn misspelt_elements_are_named_once() {
    let v = r#""Version":"2012-10-17""#;
    for (text, typo, meant) in [
        (
            format!(r#"{{{v},"Statement":[{{"Efect":"Allow","Action":"s3:*","Resource":"*"}}]}}"#),
            "Efect",
            "Effect",
        ),
        (
            format!(r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resorce":"*"}}]}}"#),
            "Resorce",
            "Resource",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Actions":"s3:*","Resource":"*"}}]}}"#
            ),
            "Actions",
            "Action",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condtion":{{}}}}]}}"#
            ),
            "Condtion",
            "Condition",
        ),
        (format!(r#"{{{v},"Statment":[]}}"#), "Statment", "Statement"),
    ] {
        let p = Policy::parse(&text, PolicyKind::Identity);
        assert_eq!(p.diagnostics.len(), 1, "{text}: {:?}", p.diagnostics);
        let d = &p.diagnostics[0];
        assert_eq!(d.code, "unknown-element");
        assert!(d.message.contains(typo));
        assert_eq!(
            d.help.as_deref(),
            Some(&*format!("did you mean `{meant}`?"))
        );
    }
    // In a resource-based policy, a misspelt Principal is not also missing.
    let text = format!(
        r#"{{{v},"Statement":[{{"Effect":"Allow","Principl":"*","Action":"s3:*","Resource":"*"}}]}}"#
    );
    assert_eq!(codes(&text, PolicyKind::Resource), ["unknown-element"]);
    // A name far from every element lists them all.
    let text = format!(
        r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Banana":1}}]}}"#
    );
    let p = Policy::parse(&text, PolicyKind::Identity);
    assert!(p.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("a statement may hold Sid"));
}

#[test]
fn misspelt_operators_are_suggested() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}]}"#;
    let p = Policy::parse(text, PolicyKind::Identity);
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].code, "unknown-operator");
    assert!(p.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("`StringEquals`"));
}

#[test]
fn a_trailing_comma_is_called_one() {
    let p = Policy::parse(
        "{\"Version\": \"2012-10-17\",\n \"Statement\": [],\n}",
        PolicyKind::Identity,
    );
    let d = &p.diagnostics[0];
    assert_eq!(d.code, "invalid-json");
    assert!(d.message.contains("trailing comma"), "{}", d.message);
    assert_eq!((d.location.line, d.location.column), (2, 17));
}

#[test]
fn kinds_are_inferred_from_content() {
    let st = |body: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#);
    for (text, kind) in [
        (
            st(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#),
            PolicyKind::Identity,
        ),
        (
            st(
                r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
            ),
            PolicyKind::Resource,
        ),
        (
            st(
                r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","sts:TagSession"]}"#,
            ),
            PolicyKind::RoleTrust,
        ),
        (
            st(
                r#"{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity"}"#,
            ),
            PolicyKind::RoleTrust,
        ),
        (
            st(
                r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}"#,
            ),
            PolicyKind::KeyPolicy,
        ),
        ("not json".to_string(), PolicyKind::Identity),
    ] {
        assert_eq!(PolicyKind::infer(&text).kind, kind, "{text}");
    }
    // A trust policy read as one raises no error.
    let trust = st(
        r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#,
    );
    let inferred = PolicyKind::infer(&trust);
    assert!(!Policy::parse(&trust, inferred.kind).has_errors());
    assert_eq!(inferred.kind.word(), "trust");
}

#[test]
fn located_errors() {
    let p = Policy::parse("{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", PolicyKind::Identity);
    let d = &p.diagnostics[0];
    assert_eq!(d.code, "invalid-effect");
    assert_eq!((d.location.line, d.location.column), (2, 24));
    assert_eq!(d.path, "Statement[0].Effect");
}

#[test]
fn grammar_errors() {
    let v = r#""Version":"2012-10-17""#;
    let cases = [
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}]}}"#
            ),
            "action-and-notaction",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}}]}}"#
            ),
            "prohibited-element",
        ),
        (
            format!(r#"{{{v},"Statement":[{{"Action":"s3:*","Resource":"*"}}]}}"#),
            "missing-effect",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condtion":{{}}}}]}}"#
            ),
            "unknown-element",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{{"StringEqual":{{"a:b":"c"}}}}}}]}}"#
            ),
            "unknown-operator",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{{"IpAddress":{{"aws:SourceIp":"10.0.0.0/40"}}}}}}]}}"#
            ),
            "invalid-condition-value",
        ),
        (
            format!(r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3","Resource":"*"}}]}}"#),
            "invalid-action",
        ),
        (
            format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}]}}"#
            ),
            "malformed-arn",
        ),
    ];
    for (text, code) in cases {
        assert!(
            codes(&text, PolicyKind::Identity).contains(&code),
            "{text} -> {:?}",
            codes(&text, PolicyKind::Identity)
        );
    }
    let np = format!(
        r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","NotPrincipal":{{"AWS":"111122223333"}}}}]}}"#
    );
    // Stored by AWS with a warning, and evaluated.
    let p = Policy::parse(&np, PolicyKind::Resource);
    assert!(!p.has_errors(), "{:?}", p.diagnostics);
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "notprincipal-with-allow"
            && d.message.contains("anonymous callers included")));
    for (action, negated) in [
        ("\"\"", false),
        ("\" s3:GetObject\"", true),
        ("\"s3:\"", false),
    ] {
        let element = if negated { "NotAction" } else { "Action" };
        let p = Policy::parse(
            &format!(
                r#"{{{v},"Statement":[{{"Effect":"Allow","{element}":[{action}],"Resource":"*"}}]}}"#
            ),
            PolicyKind::Identity,
        );
        assert!(!p.has_errors(), "{:?}", p.diagnostics);
        let d = p
            .diagnostics
            .iter()
            .find(|d| d.code == "empty-action")
            .unwrap();
        assert!(d.message.contains("matches no action"), "{}", d.message);
        assert_eq!(
            d.message.contains("excludes nothing"),
            negated,
            "{}",
            d.message
        );
    }
    assert!(codes(
        &format!(
            r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:Get Object","Resource":"*"}}]}}"#
        ),
        PolicyKind::Identity
    )
    .contains(&"invalid-action"));
    let group = format!(
        r#"{{{v},"Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":{{"AWS":"arn:aws:iam::111122223333:group/g"}}}}]}}"#
    );
    assert!(codes(&group, PolicyKind::Resource).contains(&"invalid-principal"));
    assert_eq!(codes("[1", PolicyKind::Identity), vec!["invalid-json"]);
}
