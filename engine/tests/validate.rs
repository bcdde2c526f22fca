#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! Access Analyzer's checks added to `validate` (docs/VALIDATION.md): each with a
//! policy that triggers it and one that must not. The catalog checks need the bundled
//! catalog.
#![cfg(feature = "bundled-data")]

use iam_engine::validate::{self, Family, Finding};

fn findings(text: &str, kind: &str) -> Vec<Finding> {
    validate::validate_policy(text, validate::policy_kind(kind).unwrap(), "p")
}

/// The finding with `code`, asserting its family; panics with every finding if none.
fn find(text: &str, kind: &str, family: Family, code: &str) -> Finding {
    let f = findings(text, kind);
    let x = f
        .iter()
        .find(|x| x.code == code)
        .unwrap_or_else(|| panic!("{code} not in {:?} for {text}", codes(&f)));
    assert_eq!(x.family, family, "{x:?}");
    x.clone()
}

fn codes(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|x| x.code.as_str()).collect()
}

fn lacks(text: &str, kind: &str, code: &str) {
    let f = findings(text, kind);
    assert!(
        !f.iter().any(|x| x.code == code),
        "{code} in {f:?} for {text}"
    );
}

/// An identity policy with one statement: its effect, action (JSON), resource (JSON)
/// and condition (JSON object, or empty).
fn stmt(effect: &str, action: &str, resource: &str, condition: &str) -> String {
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(r#","Condition":{condition}"#)
    };
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":{action},"Resource":{resource}{condition}}}]}}"#
    )
}

/// An identity policy allowing s3:GetObject on "*" under `condition`.
fn get_object(condition: &str) -> String {
    stmt("Allow", r#""s3:GetObject""#, r#""*""#, condition)
}

/// A role trust policy with one Allow statement.
fn trust(principal: &str, action: &str, condition: &str) -> String {
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(r#","Condition":{condition}"#)
    };
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":{action}{condition}}}]}}"#
    )
}

#[test]
fn sids_iam_refuses_are_errors_in_iam_policies_only() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Allow read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let f = find(text, "identity", Family::Error, "UNSUPPORTED_SID");
    // Located at the Sid's string, with a fix.
    assert_eq!((f.location.line, f.location.column), (1, 45), "{f:?}");
    assert!(f.message.contains("a space"), "{}", f.message);
    find(text, "trust", Family::Error, "UNSUPPORTED_SID");
    // S3, KMS and the other services store such Sids ("Enable IAM User Permissions").
    let bucket = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Allow read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    lacks(bucket, "resource", "UNSUPPORTED_SID");
    lacks(bucket, "key", "UNSUPPORTED_SID");
    lacks(
        &text.replace("Allow read", "AllowRead2"),
        "identity",
        "UNSUPPORTED_SID",
    );
    // The policy is still evaluated: the Sid is no grammar error.
    let p = iam_engine::policy::Policy::parse(text, iam_engine::policy::PolicyKind::Identity);
    assert!(!p.has_errors());
    find(
        &text.replace("Allow read", ""),
        "identity",
        Family::Suggestion,
        "EMPTY_SID_VALUE",
    );
}

#[test]
fn bool_with_true_and_false_is_an_error() {
    let text = get_object(r#"{"Bool":{"aws:SecureTransport":["true","false"]}}"#);
    let f = find(
        &text,
        "identity",
        Family::Error,
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
    );
    assert_eq!(f.path, "Statement[0].Condition.Bool.aws:SecureTransport[1]");
    lacks(
        &text.replace(r#"["true","false"]"#, r#"["true","true"]"#),
        "identity",
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
    );
}

#[test]
fn aws_arn_is_an_unsupported_global_key() {
    let text = get_object(r#"{"ArnLike":{"aws:ARN":"arn:aws:iam::111122223333:role/*"}}"#);
    find(
        &text,
        "identity",
        Family::Error,
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
    );
    lacks(&text, "identity", "INVALID_GLOBAL_CONDITION_KEY");
    lacks(
        &text.replace("aws:ARN", "aws:PrincipalArn"),
        "identity",
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
    );
}

#[test]
fn a_multivalued_global_key_needs_a_qualifier() {
    let text = stmt(
        "Allow",
        r#""ec2:CreateTags""#,
        r#""*""#,
        r#"{"StringEquals":{"aws:TagKeys":["team"]}}"#,
    );
    find(&text, "identity", Family::Error, "MISSING_QUALIFIER");
    lacks(
        &text.replace("StringEquals", "ForAllValues:StringEquals"),
        "identity",
        "MISSING_QUALIFIER",
    );
    // `Null` tests presence, which needs no qualifier; with one it is a suggestion.
    let null = stmt(
        "Allow",
        r#""ec2:CreateTags""#,
        r#""*""#,
        r#"{"Null":{"aws:TagKeys":"false"}}"#,
    );
    lacks(&null, "identity", "MISSING_QUALIFIER");
    lacks(&null, "identity", "NULL_WITH_QUALIFIER");
    find(
        &null.replace("Null", "ForAnyValue:Null"),
        "identity",
        Family::Suggestion,
        "NULL_WITH_QUALIFIER",
    );
}

#[test]
fn source_ip_with_private_addresses() {
    let cond = |op: &str, values: &str| {
        stmt(
            "Allow",
            r#""s3:GetObject""#,
            r#""*""#,
            &format!(r#"{{"{op}":{{"aws:SourceIp":{values}}}}}"#),
        )
    };
    find(
        &cond("IpAddress", r#"["10.0.0.0/8","192.168.1.0/24"]"#),
        "identity",
        Family::Error,
        "PRIVATE_IP_ADDRESS",
    );
    find(
        &cond("NotIpAddress", r#""172.16.0.0/12""#),
        "identity",
        Family::Error,
        "PRIVATE_NOT_IP_ADDRESS",
    );
    let mixed = cond("IpAddress", r#"["203.0.113.0/24","10.1.0.0/16"]"#);
    let f = find(
        &mixed,
        "identity",
        Family::Suggestion,
        "PRIVATE_IP_ADDRESS_SUBSET",
    );
    assert_eq!(f.path, "Statement[0].Condition.IpAddress.aws:SourceIp[1]");
    lacks(&mixed, "identity", "PRIVATE_IP_ADDRESS");
    find(
        &cond("NotIpAddress", r#"["203.0.113.0/24","10.1.0.0/16"]"#),
        "identity",
        Family::Suggestion,
        "PRIVATE_NOT_IP_ADDRESS_SUBSET",
    );
    // Public addresses, and private ones tested with aws:VpcSourceIp, are fine.
    let public = cond("IpAddress", r#"["203.0.113.0/24","0.0.0.0/0"]"#);
    for code in ["PRIVATE_IP_ADDRESS", "PRIVATE_IP_ADDRESS_SUBSET"] {
        lacks(&public, "identity", code);
    }
    // aws:VpcSourceIp alone is a security warning of its own: it wants aws:SourceVpc.
    let vpc = get_object(r#"{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}"#);
    lacks(&vpc, "identity", "PRIVATE_IP_ADDRESS");
    find(
        &vpc,
        "identity",
        Family::SecurityWarning,
        "MISSING_PAIRED_CONDITION_KEYS",
    );
    lacks(
        &vpc.replace(
            r#"{"IpAddress""#,
            r#"{"StringEquals":{"aws:SourceVpc":"vpc-1"},"IpAddress""#,
        ),
        "identity",
        "MISSING_PAIRED_CONDITION_KEYS",
    );
    // Bits past the prefix.
    let f = find(
        &cond("IpAddress", r#""203.0.113.7/24""#),
        "identity",
        Family::Suggestion,
        "IMPROVE_IP_RANGE",
    );
    assert!(f.message.contains("203.0.113.0/24"), "{}", f.message);
    lacks(&public, "identity", "IMPROVE_IP_RANGE");
}

#[test]
fn redundant_numeric_bounds_and_other_value_checks() {
    let text = get_object(r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":["2700","3600"]}}"#);
    let f = find(
        &text,
        "identity",
        Family::Suggestion,
        "REDUNDANT_CONDITION_VALUE_NUM",
    );
    assert!(f.message.contains("`2700`") && f.message.contains("keep only `3600`"));
    assert_eq!(
        f.path,
        "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge[0]"
    );
    let greater = text.replace("NumericLessThan", "NumericGreaterThan");
    let f = find(
        &greater,
        "identity",
        Family::Suggestion,
        "REDUNDANT_CONDITION_VALUE_NUM",
    );
    assert!(f.message.contains("`3600`") && f.message.contains("keep only `2700`"));
    lacks(
        &text.replace(r#"["2700","3600"]"#, r#""3600""#),
        "identity",
        "REDUNDANT_CONDITION_VALUE_NUM",
    );
    // A wildcard under StringEquals is a literal star (not so under ArnEquals).
    let like = get_object(r#"{"StringEquals":{"aws:PrincipalTag/job":"admin-*"}}"#);
    find(
        &like,
        "identity",
        Family::Warning,
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
    );
    lacks(
        &like.replace("StringEquals", "StringLike"),
        "identity",
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
    );
    lacks(
        &get_object(r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:t"}}"#),
        "identity",
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
    );
    // Epoch dates.
    let date = get_object(r#"{"DateLessThan":{"aws:CurrentTime":"1735689600"}}"#);
    find(&date, "identity", Family::Warning, "INVALID_DATE_VALUE");
    lacks(
        &date.replace("1735689600", "2025-01-01T00:00:00Z"),
        "identity",
        "INVALID_DATE_VALUE",
    );
    // Region codes.
    let region = stmt(
        "Deny",
        r#""ec2:*""#,
        r#""*""#,
        r#"{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","Europe"]}}"#,
    );
    let f = find(&region, "identity", Family::Error, "INVALID_REGION");
    assert!(f.message.contains("`Europe`"));
    lacks(
        &region.replace("Europe", "us-gov-west-1"),
        "identity",
        "INVALID_REGION",
    );
}

#[test]
fn resource_arns_are_checked_against_the_service_formats() {
    let with = |resource: &str| stmt("Allow", r#""s3:GetObject""#, resource, "");
    let iam = |resource: &str| stmt("Allow", r#""iam:GetRole""#, resource, "");
    find(
        &iam(r#""arn:aws:iam:us-east-1:111122223333:role/r""#),
        "identity",
        Family::Error,
        "ARN_REGION_NOT_ALLOWED",
    );
    find(
        &with(r#""arn:aws:s3::111122223333:b/key""#),
        "identity",
        Family::Error,
        "ARN_ACCOUNT_NOT_ALLOWED",
    );
    find(
        &with(r#""arn:aws:S3:::b/*""#),
        "identity",
        Family::Error,
        "INVALID_ARN_SERVICE_CASE",
    );
    find(
        &with(r#""arn:amazon:s3:::b/*""#),
        "identity",
        Family::Error,
        "INVALID_PARTITION",
    );
    let lambda = |resource: &str| stmt("Allow", r#""lambda:InvokeFunction""#, resource, "");
    find(
        &lambda(r#""arn:aws:lambda::111122223333:function:f""#),
        "identity",
        Family::Error,
        "MISSING_ARN_REGION",
    );
    find(
        &lambda(r#""arn:aws:lambda:useast1:111122223333:function:f""#),
        "identity",
        Family::Error,
        "INVALID_ARN_REGION",
    );
    find(
        &lambda(r#""arn:aws:lambda:us-east-1:1234:function:f""#),
        "identity",
        Family::Error,
        "INVALID_ARN_ACCOUNT",
    );
    // What the formats allow: a bucket without Region or account, an access point
    // with both, wildcards anywhere, AWS managed policies' account `aws`.
    for resource in [
        r#""arn:aws:s3:::b/*""#,
        r#""arn:aws:s3:us-east-1:111122223333:accesspoint/ap""#,
        r#""arn:aws:s3:*:*:*""#,
        r#""arn:aws-cn:s3:::b""#,
    ] {
        let f = findings(&with(resource), "identity");
        assert!(
            f.iter().all(|x| x.family != Family::Error),
            "{resource}: {f:?}"
        );
    }
    let f = findings(
        &iam(r#"["arn:aws:iam::aws:policy/ReadOnlyAccess","arn:aws:iam::111122223333:role/r"]"#),
        "identity",
    );
    assert!(f.iter().all(|x| x.family != Family::Error), "{f:?}");
    let f = findings(
        &lambda(r#""arn:aws:lambda:${aws:RequestedRegion}:111122223333:function:f""#),
        "identity",
    );
    assert!(f.iter().all(|x| x.family != Family::Error), "{f:?}");
}

#[test]
fn a_resource_another_pattern_covers_is_redundant() {
    let text = stmt(
        "Allow",
        r#""iam:GetRole""#,
        r#"["arn:aws:iam::111122223333:role/jane-admin","arn:aws:iam::111122223333:role/jane*","arn:aws:iam::111122223333:role/bob"]"#,
        "",
    );
    let f = find(&text, "identity", Family::Suggestion, "REDUNDANT_RESOURCE");
    assert_eq!(f.path, "Statement[0].Resource[0]");
    assert!(f.message.contains("role/jane*"));
    assert_eq!(
        findings(&text, "identity")
            .iter()
            .filter(|x| x.code == "REDUNDANT_RESOURCE")
            .count(),
        1
    );
    // `a*` covers `a?`, not the other way round; distinct names are not redundant.
    let text = stmt(
        "Allow",
        r#""s3:GetObject""#,
        r#"["arn:aws:s3:::b/a?","arn:aws:s3:::b/a*","arn:aws:s3:::b/c"]"#,
        "",
    );
    let f: Vec<Finding> = findings(&text, "identity")
        .into_iter()
        .filter(|x| x.code == "REDUNDANT_RESOURCE")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].path, "Statement[0].Resource[0]");
}

#[test]
fn pass_role_and_service_linked_roles_on_every_resource() {
    find(
        &stmt("Allow", r#""iam:CreateServiceLinkedRole""#, r#""*""#, ""),
        "identity",
        Family::Warning,
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
    );
    find(
        &stmt("Allow", r#""iam:PassRole""#, r#""*""#, "").replace("Resource", "NotResource"),
        "identity",
        Family::SecurityWarning,
        "PASS_ROLE_WITH_NOT_RESOURCE",
    );
    find(
        &stmt("Allow", r#""s3:*""#, r#""*""#, "").replace("\"Action\"", "\"NotAction\""),
        "identity",
        Family::SecurityWarning,
        "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    );
    find(
        &stmt("Allow", r#""s3:*""#, r#""arn:aws:s3:::b""#, "")
            .replace("\"Action\"", "\"NotAction\"")
            .replace("Resource", "NotResource"),
        "identity",
        Family::Warning,
        "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
    );
    // A condition naming the service answers it, as AWS's own policies do.
    lacks(
        &stmt(
            "Allow",
            r#""iam:CreateServiceLinkedRole""#,
            r#""*""#,
            r#"{"StringEquals":{"iam:AWSServiceName":"ecs.amazonaws.com"}}"#,
        ),
        "identity",
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
    );
    lacks(
        &stmt(
            "Allow",
            r#""iam:PassRole""#,
            r#""*""#,
            r#"{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}"#,
        ),
        "identity",
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    );
    // NotAction that excludes iam:* grants neither.
    let f = findings(
        &stmt("Allow", r#"["iam:*","organizations:*"]"#, r#""*""#, "")
            .replace("\"Action\"", "\"NotAction\""),
        "identity",
    );
    assert!(
        !f.iter()
            .any(|x| x.code.starts_with("PASS_ROLE") || x.code.starts_with("CREATE_SLR")),
        "{f:?}"
    );
}

#[test]
fn tag_keys_some_actions_never_carry() {
    // lambda:InvokeFunction carries aws:ResourceTag; s3:GetObject does not.
    let text = stmt(
        "Deny",
        r#"["lambda:InvokeFunction","sts:GetCallerIdentity"]"#,
        r#""*""#,
        r#"{"StringEquals":{"aws:ResourceTag/status":"Confidential"}}"#,
    );
    let f = find(
        &text,
        "identity",
        Family::SecurityWarning,
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    );
    assert!(f.message.contains("sts:GetCallerIdentity") && !f.message.contains("lambda"));
    find(
        &text.replace("Deny", "Allow"),
        "identity",
        Family::Suggestion,
        "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    );
    let supported = text.replace(r#","sts:GetCallerIdentity""#, "");
    lacks(
        &supported,
        "identity",
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    );
    // IfExists and negated tests are true when the key is absent: not these findings.
    lacks(
        &text.replace("StringEquals", "StringNotEquals"),
        "identity",
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    );
    find(
        &supported.replace("\"Action\"", "\"NotAction\""),
        "identity",
        Family::SecurityWarning,
        "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    );
    find(
        &supported
            .replace("\"Action\"", "\"NotAction\"")
            .replace("Deny", "Allow"),
        "identity",
        Family::Suggestion,
        "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    );
}

#[test]
fn service_principals_need_the_resource_they_act_for() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:q"}]}"#;
    let f = find(
        text,
        "resource",
        Family::SecurityWarning,
        "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
    );
    assert_eq!(f.path, "Statement[0].Principal.Service");
    let restricted = text.replace(
        r#""Resource":"#,
        r#""Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}},"Resource":"#,
    );
    lacks(
        &restricted,
        "resource",
        "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
    );
    // A role trust policy naming a service is how services get roles: not flagged.
    lacks(
        &trust(
            r#"{"Service":"ec2.amazonaws.com"}"#,
            r#""sts:AssumeRole""#,
            "",
        ),
        "trust",
        "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
    );
}

#[test]
fn oidc_providers_need_conditions_on_their_tokens() {
    let github = r#"{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}"#;
    let action = r#""sts:AssumeRoleWithWebIdentity""#;
    let aud = r#"{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}"#;
    let f = find(
        &trust(github, action, aud),
        "trust",
        Family::SecurityWarning,
        "MISSING_GITHUB_REPO_CONDITION_KEY",
    );
    assert_eq!(f.path, "Statement[0].Principal.Federated");
    // `repo:*` names no repository.
    find(
        &trust(
            github,
            action,
            r#"{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}"#,
        ),
        "trust",
        Family::SecurityWarning,
        "MISSING_GITHUB_REPO_CONDITION_KEY",
    );
    lacks(
        &trust(
            github,
            action,
            r#"{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/my-repo:*"}}"#,
        ),
        "trust",
        "MISSING_GITHUB_REPO_CONDITION_KEY",
    );
    let cognito = r#"{"Federated":"cognito-identity.amazonaws.com"}"#;
    find(
        &trust(cognito, action, ""),
        "trust",
        Family::SecurityWarning,
        "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    );
    lacks(
        &trust(
            cognito,
            action,
            r#"{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}"#,
        ),
        "trust",
        "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    );
    // SAML providers are not OIDC providers.
    lacks(
        &trust(
            r#"{"Federated":"arn:aws:iam::111122223333:saml-provider/idp"}"#,
            r#""sts:AssumeRoleWithSAML""#,
            "",
        ),
        "trust",
        "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    );
}

#[test]
fn trust_policy_actions_and_keys_must_fit_the_principal() {
    let saml = r#"{"Federated":"arn:aws:iam::111122223333:saml-provider/idp"}"#;
    let f = find(
        &trust(
            saml,
            r#"["sts:AssumeRoleWithWebIdentity","sts:TagSession"]"#,
            "",
        ),
        "trust",
        Family::Warning,
        "MISMATCHED_ACTION_FOR_PRINCIPAL",
    );
    assert_eq!(f.path, "Statement[0].Action[0]");
    lacks(
        &trust(saml, r#""sts:AssumeRoleWithSAML""#, ""),
        "trust",
        "MISMATCHED_ACTION_FOR_PRINCIPAL",
    );
    find(
        &trust(
            r#"{"AWS":"arn:aws:iam::111122223333:root"}"#,
            r#""sts:AssumeRoleWithSAML""#,
            "",
        ),
        "trust",
        Family::Warning,
        "MISMATCHED_ACTION_FOR_PRINCIPAL",
    );
    // A key only another provider sends.
    find(
        &trust(
            saml,
            r#""sts:AssumeRoleWithSAML""#,
            r#"{"StringEquals":{"accounts.google.com:aud":"x"}}"#,
        ),
        "trust",
        Family::Warning,
        "UNDEFINED_CONDITION_FOR_PRINCIPAL",
    );
    lacks(
        &trust(
            saml,
            r#""sts:AssumeRoleWithSAML""#,
            r#"{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}"#,
        ),
        "trust",
        "UNDEFINED_CONDITION_FOR_PRINCIPAL",
    );
    // The same account twice.
    let twice = trust(
        r#"{"AWS":["111122223333","arn:aws:iam::111122223333:root"]}"#,
        r#""sts:AssumeRole""#,
        "",
    );
    let f = find(
        &twice,
        "trust",
        Family::Suggestion,
        "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
    );
    assert_eq!(f.path, "Statement[0].Principal.AWS");
    lacks(
        &trust(
            r#"{"AWS":["111122223333","arn:aws:iam::444455556666:root"]}"#,
            r#""sts:AssumeRole""#,
            "",
        ),
        "trust",
        "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
    );
}

#[test]
fn empty_principal_and_condition_objects_are_stored_and_suggested_against() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{}}]}"#;
    find(
        text,
        "resource",
        Family::Suggestion,
        "EMPTY_OBJECT_PRINCIPAL",
    );
    find(
        text,
        "resource",
        Family::Suggestion,
        "EMPTY_OBJECT_CONDITION",
    );
    let array = text.replace(r#""Principal":{}"#, r#""Principal":{"AWS":[]}"#);
    let f = find(
        &array,
        "resource",
        Family::Suggestion,
        "EMPTY_ARRAY_PRINCIPAL",
    );
    assert_eq!(f.path, "Statement[0].Principal.AWS");
    lacks(&array, "resource", "EMPTY_OBJECT_PRINCIPAL");
    // AWS stores them: no grammar error.
    let p = iam_engine::policy::Policy::parse(text, iam_engine::policy::PolicyKind::Resource);
    assert!(!p.has_errors(), "{:?}", p.diagnostics);
    lacks(
        &text.replace(r#","Condition":{}"#, ""),
        "resource",
        "EMPTY_OBJECT_CONDITION",
    );
}

#[test]
fn kind_specific_checks() {
    // RCPs govern only some services.
    let rcp = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","ec2:RunInstances"],"Resource":"*"}]}"#;
    let f = find(rcp, "rcp", Family::Error, "UNSUPPORTED_ACTION_IN_POLICY");
    assert_eq!(f.path, "Statement[0].Action[1]");
    assert_eq!(
        findings(rcp, "rcp")
            .iter()
            .filter(|x| x.code == "UNSUPPORTED_ACTION_IN_POLICY")
            .count(),
        1
    );
    lacks(
        &rcp.replace(r#""Principal":"*","#, ""),
        "identity",
        "UNSUPPORTED_ACTION_IN_POLICY",
    );
    // Size quotas: an SCP of more than 5,120 characters, an identity policy of more
    // than 6,144 not counting white space.
    let actions: Vec<String> = (0..600).map(|i| format!("\"s3:Get{i}\"")).collect();
    let big = stmt("Deny", &format!("[{}]", actions.join(",")), r#""*""#, "");
    find(&big, "scp", Family::Error, "POLICY_SIZE_EXCEEDS_SCP_QUOTA");
    find(
        &big,
        "identity",
        Family::Warning,
        "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
    );
    let small = stmt("Deny", r#""s3:GetObject""#, r#""*""#, "");
    lacks(&small, "scp", "POLICY_SIZE_EXCEEDS_SCP_QUOTA");
    let padded = small.replace(",", &format!(",{}", " ".repeat(7000)));
    lacks(
        &padded,
        "identity",
        "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
    );
    // SCPs support the full policy language since September 2025: no SCP syntax errors.
    let scp = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::b","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;
    let f = findings(scp, "scp");
    assert!(f.iter().all(|x| x.family != Family::Error), "{f:?}");
}
