//! The listed pattern nearest to a request's value that none of them matched, and a
//! sentence that says why it missed: "it covers the objects in the bucket, not the
//! bucket `arn:aws:s3:::reports`".
//!
//! Only a trace that is read asks for this ([`crate::trace::ElementView::closest`]);
//! evaluation never does.
//!
//! The closest pattern has the best score, which is deterministic:
//! 1. the most shared components, more being closer: for resources (and principals
//!    named by ARN) the partition, service, region and account, plus the resource type
//!    (the S3 bucket), each compared with the pattern's wildcards; for actions the
//!    service prefix;
//! 2. then the smallest edit distance between the pattern as written and the value
//!    (without regard to case for actions);
//! 3. then the first listed.
//!
//! The sentences never contradict the matcher ([`crate::glob`]): in a resource, `*`
//! matches any characters, `/` included, and a `*` that ends its segment runs across
//! colons too. So a pattern misses because of the literal text around its wildcards,
//! never because a `*` stopped at a `/`.

use crate::glob::{ArnGlob, Glob};
use crate::policy::{split_arn, PrincipalEntry, PrincipalValue};
use crate::principal::{Caller, PrincipalType};
use std::cmp::Reverse;

/// The nearest pattern: its position in the list, and why it missed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub index: usize,
    pub why: String,
}

/// How close a pattern is: shared components (more is closer), then edit distance
/// (less is closer).
type Score = (usize, usize);

/// The position of the best score; the first listed wins a tie.
fn pick(scores: impl Iterator<Item = Score>) -> Option<usize> {
    scores
        .enumerate()
        .max_by_key(|&(i, (shared, distance))| (shared, Reverse(distance), Reverse(i)))
        .map(|(i, _)| i)
}

/// Levenshtein distance in characters. Texts too long for a quick answer (the product
/// of their lengths over a million) count as far apart as the longer one is long.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    if a.len().saturating_mul(b.len()) > 1 << 20 {
        return a.chars().count().max(b.len());
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let best = (prev + usize::from(ca != *cb)).min(cur + 1).min(left + 1);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
            prev = cur;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Whether a text is close enough to another to be a misspelling of it.
fn misspelt(distance: usize, len: usize) -> bool {
    distance > 0 && distance <= 2.max(len / 4)
}

/// "`x`", or "none" for an empty part (an S3 ARN has no region).
fn part(s: &str) -> String {
    if s.is_empty() {
        "none".into()
    } else {
        format!("`{s}`")
    }
}

fn differs(what: &str, pattern: &str, value: &str) -> String {
    format!(
        "the {what} differs: {} in the pattern, {} in the request",
        part(pattern),
        part(value)
    )
}

/// The first part of an ARN's resource: its type (`user`, `table`) or, in S3, the bucket.
fn resource_type(resource: &str) -> &str {
    resource.split(['/', ':']).next().unwrap_or(resource)
}

/// How many components a pattern ARN shares with a value ARN (see the module's score).
fn shared_arn_parts(pattern: &str, value: &str) -> usize {
    let (Some(p), Some(v)) = (split_arn(pattern), split_arn(value)) else {
        return 0;
    };
    let leading = p
        .iter()
        .zip(v.iter())
        .take(4)
        .filter(|(p, v)| Glob::new(p).is_match(v))
        .count();
    let kind = match (p.get(4), v.get(4)) {
        (Some(pr), Some(vr)) => Glob::new(resource_type(pr)).is_match(resource_type(vr)),
        _ => false,
    };
    leading + usize::from(kind)
}

/// The closest of the listed resource patterns to a resource none of them matched.
pub fn resource<'p>(value: &str, patterns: impl Iterator<Item = &'p str> + Clone) -> Option<Miss> {
    let index = pick(
        patterns
            .clone()
            .map(|p| (shared_arn_parts(p, value), edit_distance(p, value))),
    )?;
    let pattern = patterns.clone().nth(index)?;
    Some(Miss {
        index,
        why: resource_why(pattern, value),
    })
}

/// Why a resource pattern does not match a resource.
pub fn resource_why(pattern: &str, value: &str) -> String {
    if ArnGlob::new(&pattern.to_lowercase()).is_match(&value.to_lowercase()) {
        return "only the case differs: resource ARNs are case-sensitive".into();
    }
    let (Some(p), Some(v)) = (split_arn(pattern), split_arn(value)) else {
        return if value == "*" {
            "the request names no particular resource (`*`), which only the pattern `*` covers"
                .into()
        } else {
            format!("it does not match `{value}`")
        };
    };
    arn_why(pattern, value, p, v)
}

/// Every part of an ARN pattern that does not cover the value's: "the account differs:
/// ..." for the partition, region and account, then what is wrong with the resource
/// part. Only the service when that differs: the other parts mean something else in
/// another service.
fn arn_why(pattern: &str, value: &str, p: [&str; 5], v: [&str; 5]) -> String {
    let ([pp, ps, pg, pa, pr], [vp, vs, vg, va, vr]) = (p, v);
    if !Glob::new(ps).is_match(vs) {
        return differs("service", ps, vs);
    }
    let mut why: Vec<String> = [
        ("partition", pp, vp),
        ("region", pg, vg),
        ("account", pa, va),
    ]
    .into_iter()
    .filter(|(_, p, v)| !Glob::new(p).is_match(v))
    .map(|(name, p, v)| differs(name, p, v))
    .collect();
    if !ArnGlob::new(pr).is_match(vr) {
        let s3 = if ps == "s3" {
            s3_why(pattern, pr, value, vr)
        } else {
            None
        };
        why.push(s3.unwrap_or_else(|| resource_part_why(pattern, pr, vr)));
    }
    if why.is_empty() {
        format!("it does not match `{value}`")
    } else {
        why.join("; ")
    }
}

/// Buckets and objects, the most common S3 mistake.
fn s3_why(pattern: &str, pr: &str, value: &str, vr: &str) -> Option<String> {
    let (pb, pk) = pr.split_once('/').map_or((pr, None), |(b, k)| (b, Some(k)));
    let (vb, vk) = vr.split_once('/').map_or((vr, None), |(b, k)| (b, Some(k)));
    let bucket_ok = Glob::new(pb).is_match(vb);
    Some(match (pk, vk) {
        (Some(_), None) if bucket_ok => {
            format!("it covers the objects in the bucket, not the bucket `{value}`")
        }
        (None, Some(_)) if Glob::new(pr).is_match(vb) => {
            format!("it names the bucket itself; objects in it need `{pattern}/*`")
        }
        _ if !bucket_ok => differs("bucket", pb, vb),
        (Some(pk), Some(vk)) => differs("object key", pk, vk),
        _ => return None,
    })
}

/// The resource part: a parent against what is under it, another type, another name.
fn resource_part_why(pattern: &str, pr: &str, vr: &str) -> String {
    let wild = |s: &str| s.contains(['*', '?']);
    if !wild(pr)
        && vr
            .strip_prefix(pr)
            .is_some_and(|rest| rest.starts_with('/'))
    {
        return format!(
            "it names `{pr}` itself, not what is under it such as `{vr}`: that needs `{pattern}/*`"
        );
    }
    if let Some(base) = pr.strip_suffix("/*") {
        if Glob::new(base).is_match(vr) {
            return format!("it covers what is under `{base}/`, not `{vr}` itself");
        }
    }
    let (pt, vt) = (resource_type(pr), resource_type(vr));
    let typed = |s: &str| s.contains(['/', ':']);
    if typed(pr) && typed(vr) {
        if !Glob::new(pt).is_match(vt) {
            return differs("resource type", pt, vt);
        }
        let rest = |s: &'_ str, t: &str| s.get(t.len() + 1..).unwrap_or_default().to_string();
        return differs("name", &rest(pr, pt), &rest(vr, vt));
    }
    differs("resource", pr, vr)
}

/// The closest of the listed action patterns to an action none of them matched.
pub fn action<'p>(value: &str, patterns: impl Iterator<Item = &'p str> + Clone) -> Option<Miss> {
    let value_lc = value.to_ascii_lowercase();
    let service = |a: &str| a.split_once(':').map(|(s, _)| s.to_string());
    let vs = service(&value_lc).unwrap_or_default();
    let index = pick(patterns.clone().map(|p| {
        let p = p.to_ascii_lowercase();
        let same = service(&p).is_some_and(|ps| Glob::new(&ps).is_match(&vs));
        (usize::from(same), edit_distance(&p, &value_lc))
    }))?;
    let pattern = patterns.clone().nth(index)?;
    Some(Miss {
        index,
        why: action_why(pattern, value),
    })
}

/// Why an action pattern does not match an action.
pub fn action_why(pattern: &str, value: &str) -> String {
    let (Some((ps, pa)), Some((vs, va))) = (pattern.split_once(':'), value.split_once(':')) else {
        return format!("it does not match `{value}`");
    };
    if !Glob::new(&ps.to_ascii_lowercase()).is_match(&vs.to_ascii_lowercase()) {
        return differs("service", ps, vs);
    }
    let (vverb, vrest) = verb(va);
    if pa.contains(['*', '?']) {
        // `Get*` against `PutObject`: a pattern for another verb.
        return match pa.strip_suffix('*') {
            Some(prefix) if !prefix.is_empty() && !prefix.contains(['*', '?']) => format!(
                "it covers the `{vs}` actions that start with `{prefix}`, and `{va}` starts with `{vverb}`"
            ),
            _ => format!("its wildcards do not cover `{va}`"),
        };
    }
    let (pverb, prest) = verb(pa);
    if !pverb.eq_ignore_ascii_case(vverb) && prest.eq_ignore_ascii_case(vrest) {
        return differs("verb", pverb, vverb);
    }
    let distance = edit_distance(&pa.to_ascii_lowercase(), &va.to_ascii_lowercase());
    if !misspelt(distance, va.len()) {
        return format!("it names another action: `{pa}`, not `{va}`");
    }
    let letters = if distance == 1 { "letter" } else { "letters" };
    let which = match (known(vs, pa), known(vs, va)) {
        (Some(true), Some(true)) => return format!("it names another action: `{pa}`, not `{va}`"),
        (Some(false), Some(true)) => {
            format!("`{vs}` has no action `{pa}`, so the pattern is misspelt")
        }
        (Some(true), Some(false)) => {
            format!("`{vs}` has no action `{va}`, so the request is misspelt")
        }
        _ => "is one of them misspelt?".into(),
    };
    format!(
        "the action name differs by {distance} {letters}: `{pa}` in the pattern, `{va}` in the request; {which}"
    )
}

/// An action name's leading verb and the rest: `Get` and `Object` in `GetObject`.
fn verb(action: &str) -> (&str, &str) {
    let end = action
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(action.len(), |(i, _)| i);
    action.split_at_checked(end).unwrap_or((action, ""))
}

/// Whether the service has the action, by the action catalog in force; `None` without
/// one (the browser before it installed it) or for a service it does not know.
fn known(service: &str, action: &str) -> Option<bool> {
    let catalog = crate::catalog::current()?;
    catalog.service(service)?;
    Some(catalog.action(&format!("{service}:{action}")).is_some())
}

/// What a principal entry names, and the caller's identity of the same kind, if any.
fn counterpart(caller: &Caller, value: &PrincipalValue) -> (&'static str, Option<String>) {
    let arn = caller.arn.clone();
    let kind = caller.kind;
    match value {
        PrincipalValue::Everyone => ("everyone", arn),
        PrincipalValue::Account(_) => ("an account", caller.account_root()),
        PrincipalValue::User { .. } => (
            "an IAM user",
            match kind {
                PrincipalType::User => arn,
                PrincipalType::Federated => caller.user_arn.clone(),
                _ => None,
            },
        ),
        PrincipalValue::Role { .. } => ("a role", caller.role_arn.clone()),
        PrincipalValue::RoleSession { .. } => (
            "a role session",
            arn.filter(|_| kind == PrincipalType::AssumedRole),
        ),
        PrincipalValue::FederatedUser { .. } => (
            "a federated user",
            arn.filter(|_| kind == PrincipalType::Federated),
        ),
        PrincipalValue::Service(_) => ("a service", caller.service.clone()),
        PrincipalValue::Federated(_) => ("an identity provider", caller.federated_provider.clone()),
        PrincipalValue::CanonicalUser(_) => ("a canonical user ID", None),
    }
}

/// The entry as an ARN or name to compare with its counterpart (an account ID as its
/// root ARN, so that the account is compared as a part).
fn entry_text(caller: &Caller, e: &PrincipalEntry) -> String {
    match &e.value {
        PrincipalValue::Account(a) => format!("arn:{}:iam::{a}:root", caller.partition),
        _ => e.text.clone(),
    }
}

fn caller_words(kind: PrincipalType) -> &'static str {
    match kind {
        PrincipalType::User => "an IAM user",
        PrincipalType::Root => "the account's root user",
        PrincipalType::AssumedRole => "a role session",
        PrincipalType::Federated => "a federated user",
        PrincipalType::Service => "a service",
        PrincipalType::Anonymous => "anonymous",
        PrincipalType::FederatedIdentity => "a user of an identity provider",
    }
}

/// The closest of the listed principals to a caller none of them is.
pub fn principal(caller: &Caller, entries: &[PrincipalEntry]) -> Option<Miss> {
    let display = caller.display();
    let index = pick(entries.iter().map(|e| {
        let text = entry_text(caller, e);
        match counterpart(caller, &e.value).1 {
            Some(c) => (1 + shared_arn_parts(&text, &c), edit_distance(&text, &c)),
            None => (0, edit_distance(&text, &display)),
        }
    }))?;
    let e = entries.get(index)?;
    let (what, other) = counterpart(caller, &e.value);
    let why = match other {
        None => format!(
            "it names {what}, and the caller is {}{}",
            caller_words(caller.kind),
            caller
                .arn
                .as_deref()
                .map(|a| format!(" (`{a}`)"))
                .unwrap_or_default()
        ),
        Some(c) => {
            let text = entry_text(caller, e);
            match (split_arn(&text), split_arn(&c)) {
                (Some(p), Some(v)) => arn_why(&text, &c, p, v),
                // A service or an identity provider, named without an ARN.
                _ => differs(what.split_once(' ').map_or(what, |(_, n)| n), &text, &c),
            }
        }
    };
    Some(Miss { index, why })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::principal::tests::caller;

    fn why_resource(patterns: &[&str], value: &str) -> (usize, String) {
        let m = resource(value, patterns.iter().copied()).unwrap();
        (m.index, m.why)
    }

    fn why_action(patterns: &[&str], value: &str) -> (usize, String) {
        let m = action(value, patterns.iter().copied()).unwrap();
        (m.index, m.why)
    }

    #[test]
    fn objects_are_not_the_bucket() {
        assert_eq!(
            why_resource(
                &["arn:aws:s3:::logs", "arn:aws:s3:::reports/*"],
                "arn:aws:s3:::reports"
            ),
            (
                1,
                "it covers the objects in the bucket, not the bucket `arn:aws:s3:::reports`".into()
            )
        );
    }

    #[test]
    fn the_bucket_is_not_its_objects() {
        assert_eq!(
            why_resource(&["arn:aws:s3:::reports"], "arn:aws:s3:::reports/q1.csv").1,
            "it names the bucket itself; objects in it need `arn:aws:s3:::reports/*`"
        );
    }

    #[test]
    fn another_account_region_or_service() {
        assert_eq!(
            why_resource(
                &["arn:aws:dynamodb:us-east-1:111111111111:table/Orders"],
                "arn:aws:dynamodb:us-east-1:222222222222:table/Orders"
            )
            .1,
            "the account differs: `111111111111` in the pattern, `222222222222` in the request"
        );
        assert_eq!(
            why_resource(
                &["arn:aws:sqs:us-east-1:111111111111:jobs"],
                "arn:aws:sqs:eu-west-1:111111111111:jobs"
            )
            .1,
            "the region differs: `us-east-1` in the pattern, `eu-west-1` in the request"
        );
        assert_eq!(
            why_resource(
                &["arn:aws:s3:::reports"],
                "arn:aws:sqs:us-east-1:111111111111:reports"
            )
            .1,
            "the service differs: `s3` in the pattern, `sqs` in the request"
        );
        assert_eq!(
            why_resource(
                &["arn:aws:sqs:us-east-1:111111111111:jobs"],
                "arn:aws:sqs:eu-west-1:222222222222:jobs"
            )
            .1,
            "the region differs: `us-east-1` in the pattern, `eu-west-1` in the request; the account differs: `111111111111` in the pattern, `222222222222` in the request"
        );
        assert_eq!(
            why_resource(&["arn:aws:s3:::reports/*"], "arn:aws-cn:s3:::reports").1,
            "the partition differs: `aws` in the pattern, `aws-cn` in the request; it covers the objects in the bucket, not the bucket `arn:aws-cn:s3:::reports`"
        );
        // A wildcard region covers any region: only the account is named.
        assert_eq!(
            why_resource(
                &["arn:aws:sqs:*:111111111111:jobs"],
                "arn:aws:sqs:eu-west-1:222222222222:jobs"
            )
            .1,
            "the account differs: `111111111111` in the pattern, `222222222222` in the request"
        );
    }

    #[test]
    fn case_only() {
        assert_eq!(
            why_resource(&["arn:aws:s3:::Reports/*"], "arn:aws:s3:::reports/q1.csv").1,
            "only the case differs: resource ARNs are case-sensitive"
        );
    }

    #[test]
    fn a_star_crosses_slashes_so_the_text_around_it_is_named() {
        // `*` matches `2024/q1.csv`, slashes and all: what misses is `logs/`.
        assert_eq!(
            why_resource(
                &["arn:aws:s3:::reports/logs/*"],
                "arn:aws:s3:::reports/2024/q1.csv"
            )
            .1,
            "the object key differs: `logs/*` in the pattern, `2024/q1.csv` in the request"
        );
        assert_eq!(
            why_resource(&["arn:aws:s3:::report-*/*"], "arn:aws:s3:::logs/a").1,
            "the bucket differs: `report-*` in the pattern, `logs` in the request"
        );
    }

    #[test]
    fn other_resources() {
        let t = "arn:aws:dynamodb:us-east-1:111111111111:table/Orders";
        assert_eq!(
            why_resource(&[t], &format!("{t}/index/ByDate")).1,
            format!("it names `table/Orders` itself, not what is under it such as `table/Orders/index/ByDate`: that needs `{t}/*`")
        );
        assert_eq!(
            why_resource(&[&format!("{t}/*")], t).1,
            "it covers what is under `table/Orders/`, not `table/Orders` itself"
        );
        assert_eq!(
            why_resource(
                &["arn:aws:iam::111111111111:user/alice"],
                "arn:aws:iam::111111111111:role/alice"
            )
            .1,
            "the resource type differs: `user` in the pattern, `role` in the request"
        );
        assert_eq!(
            why_resource(
                &["arn:aws:iam::111111111111:user/alice"],
                "arn:aws:iam::111111111111:user/bob"
            )
            .1,
            "the name differs: `alice` in the pattern, `bob` in the request"
        );
        assert_eq!(
            why_resource(&["arn:aws:s3:::reports/*"], "*").1,
            "the request names no particular resource (`*`), which only the pattern `*` covers"
        );
    }

    #[test]
    fn the_score_prefers_shared_parts_then_distance() {
        // Same account and service beat a closer text in another account.
        assert_eq!(
            why_resource(
                &[
                    "arn:aws:sqs:us-east-1:222222222222:job",
                    "arn:aws:sqs:us-east-1:111111111111:other-queue",
                ],
                "arn:aws:sqs:us-east-1:111111111111:jobs"
            )
            .0,
            1
        );
        // A tie goes to the first listed.
        assert_eq!(why_action(&["s3:GetA", "s3:GetB"], "s3:GetC").0, 0);
    }

    #[test]
    fn actions() {
        let (index, why) = why_action(&["ec2:Describe*", "s3:GetObjekt"], "s3:GetObject");
        assert_eq!(index, 1);
        let misspelt = "the action name differs by 1 letter: `GetObjekt` in the pattern, `GetObject` in the request; ";
        // The bundled catalog tells which one is misspelt.
        #[cfg(feature = "bundled-data")]
        {
            assert_eq!(
                why,
                format!("{misspelt}`s3` has no action `GetObjekt`, so the pattern is misspelt")
            );
            assert_eq!(
                why_action(&["s3:GetObject"], "s3:GetObjekt").1,
                "the action name differs by 1 letter: `GetObject` in the pattern, `GetObjekt` in the request; `s3` has no action `GetObjekt`, so the request is misspelt"
            );
            // Two real actions a letter apart: neither is misspelt.
            assert_eq!(
                why_action(&["s3:GetObjectTagging"], "s3:PutObjectTagging").1,
                "the verb differs: `Get` in the pattern, `Put` in the request"
            );
            assert_eq!(
                why_action(&["s3:ListBucket"], "s3:ListBuckets").1,
                "the action name differs by 1 letter: `ListBucket` in the pattern, `ListBuckets` in the request; `s3` has no action `ListBuckets`, so the request is misspelt"
            );
        }
        #[cfg(not(feature = "bundled-data"))]
        assert_eq!(why, format!("{misspelt}is one of them misspelt?"));
        for (pattern, value, why) in [
            (
                "s3:Get*",
                "s3:PutObject",
                "it covers the `s3` actions that start with `Get`, and `PutObject` starts with `Put`",
            ),
            (
                "sqs:GetObject",
                "s3:GetObject",
                "the service differs: `sqs` in the pattern, `s3` in the request",
            ),
            (
                "s3:ListBucket",
                "s3:GetObject",
                "it names another action: `ListBucket`, not `GetObject`",
            ),
            (
                "s3:GetObject",
                "s3:PutObject",
                "the verb differs: `Get` in the pattern, `Put` in the request",
            ),
            (
                "s3:*Tagging",
                "s3:GetObject",
                "its wildcards do not cover `GetObject`",
            ),
        ] {
            assert_eq!(why_action(&[pattern], value).1, why);
        }
        assert!(action("s3:GetObject", std::iter::empty()).is_none());
    }

    #[test]
    fn principals() {
        let session = caller("arn:aws:sts::222222222222:assumed-role/Admin/s");
        let policy = crate::policy::Policy::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",
            "Principal":{"AWS":["arn:aws:iam::111111111111:user/bob","arn:aws:iam::111111111111:role/Admin"]}}]}"#,
            crate::policy::PolicyKind::Resource,
        );
        let entries = &policy.statements[0].principal.as_ref().unwrap().entries;
        assert_eq!(
            principal(&session, entries),
            Some(Miss {
                index: 1,
                why: "the account differs: `111111111111` in the pattern, `222222222222` in the request".into()
            })
        );
        let user = caller("arn:aws:iam::111111111111:user/alice");
        assert_eq!(
            principal(&user, entries).unwrap().why,
            "the name differs: `bob` in the pattern, `alice` in the request"
        );
        // Another account and another name: both are said.
        let pablo = caller("arn:aws:iam::444455556666:user/pablo");
        assert_eq!(
            principal(&pablo, entries).unwrap().why,
            "the account differs: `111111111111` in the pattern, `444455556666` in the request; the name differs: `bob` in the pattern, `pablo` in the request"
        );
        let service = caller("lambda.amazonaws.com");
        let why = principal(&service, entries).unwrap().why;
        assert!(
            why.starts_with("it names ")
                && why.ends_with(", and the caller is a service (`lambda.amazonaws.com`)"),
            "{why}"
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("GetObjekt", "GetObject"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance(&"a".repeat(2000), &"b".repeat(2000)), 2000);
    }
}
