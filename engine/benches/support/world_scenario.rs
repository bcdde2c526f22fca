// The scenario the who-can benchmark measures (included by benches/world.rs).

/// 1,000 principals (990 users in 10 groups, plus roles and root users) and 1,000
/// buckets, a third of them with bucket policies, in an organization with SCPs.
fn big_scenario() -> (Scenario, Vec<String>) {
    let mut accounts = serde_json::Map::new();
    let acct = "111122223333";
    let mut groups = serde_json::Map::new();
    for g in 0..10 {
        groups.insert(
            format!("team-{g}"),
            json!({ "inline": { "team": {
                "Version": "2012-10-17",
                "Statement": [
                    { "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [format!("arn:aws:s3:::team-{g}-*"), format!("arn:aws:s3:::team-{g}-*/*")] },
                    { "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "false" } } }
                ]
            } }, "policies": ["AmazonEC2ReadOnlyAccess"] }),
        );
    }
    let mut users = serde_json::Map::new();
    for u in 0..980 {
        let mut user = json!({ "groups": [format!("team-{}", u % 10)], "tags": { "team": format!("team-{}", u % 10) } });
        if u % 7 == 0 {
            user["permissions_boundary"] = json!("AmazonS3ReadOnlyAccess");
        }
        if u % 5 == 0 {
            user["inline"] = json!({ "own": { "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": "s3:*", "Resource": format!("arn:aws:s3:::home-{u}/*") }
            ] } });
        }
        users.insert(format!("user-{u}"), user);
    }
    let mut roles = serde_json::Map::new();
    for r in 0..19 {
        roles.insert(format!("role-{r}"), json!({
            "trust": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] },
            "policies": [if r % 2 == 0 { "AmazonS3ReadOnlyAccess" } else { "AmazonDynamoDBReadOnlyAccess" }]
        }));
    }
    let mut resources = Vec::new();
    let mut arns = Vec::new();
    for b in 0..1000 {
        let name = format!("team-{}-bucket-{b}", b % 10);
        let mut r = json!({ "arn": format!("arn:aws:s3:::{name}"), "tags": { "owner": format!("team-{}", b % 10) } });
        if b % 3 == 0 {
            r["policy"] = json!({ "Version": "2012-10-17", "Statement": [
                { "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [format!("arn:aws:s3:::{name}"), format!("arn:aws:s3:::{name}/*")], "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "o-bench12345" } } },
                { "Effect": "Allow", "Principal": { "AWS": format!("arn:aws:iam::{acct}:role/role-{}", b % 19) }, "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{name}/*") }
            ] });
        }
        resources.push(r);
        arns.push(format!("arn:aws:s3:::{name}/data/file-{b}.csv"));
    }
    accounts.insert(acct.into(), json!({ "groups": groups, "users": users, "roles": roles, "resources": resources }));
    let doc = json!({
        "format": "iam-playground/scenario@1",
        "organization": {
            "id": "o-bench12345",
            "management_account": "999999999999",
            "policies": { "NoLeaving": { "type": "scp", "document": { "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*" }] } } },
            "root": { "scps": ["FullAWSAccess", "NoLeaving"], "accounts": ["999999999999"], "ous": [{ "name": "Workloads", "ous": [{ "name": "Prod", "accounts": [acct] }] }] }
        },
        "accounts": { "999999999999": {} }
    });
    let mut doc = doc;
    for (k, v) in accounts {
        doc["accounts"][k] = v;
    }
    let s = Scenario::load(&doc.to_string()).unwrap();
    (s, arns)
}

