//! Checks a request against the action catalog, beside its decision: a misspelt
//! action, a resource of the wrong type, a context key the action never carries, a
//! resource of `*` for an action that names its resource. Each of these still decides
//! (a plausible deny), so without the check a learner "fixes" a policy that was never
//! the problem.
//!
//! The checks read [`catalog::current`]: with no catalog (the browser before it has
//! fetched one) they say nothing rather than warn falsely, and an action the catalog
//! does not know is reported once, with no further checks on its resource or keys.

use crate::catalog::{self, Catalog, Found, ResourceType};
use crate::closest::edit_distance;
use serde::Serialize;

/// Which part of the request a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Action,
    Resource,
    Context,
}

/// One finding about a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestWarning {
    /// `UNKNOWN_SERVICE`, `UNKNOWN_ACTION`, `NOT_AN_ACTION`, `ACTION_PATTERN`,
    /// `RESOURCE_TYPE_MISMATCH`, `RESOURCE_NOT_AN_ARN`, `RESOURCE_STAR`,
    /// `RESOURCE_NOT_NAMED` or `CONTEXT_KEY_NOT_CARRIED`.
    pub code: &'static str,
    /// A sentence, names in backticks.
    pub message: String,
    pub field: Field,
    /// The context key, for a warning about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The value meant, when one is close enough to be a misspelling of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl RequestWarning {
    fn new(code: &'static str, field: Field, message: String) -> RequestWarning {
        RequestWarning {
            code,
            message,
            field,
            key: None,
            suggestion: None,
        }
    }
}

/// Checks a request against the catalog in force ([`catalog::current`]); nothing
/// without one.
pub fn check<'k>(
    action: &str,
    resource: &str,
    context_keys: impl IntoIterator<Item = &'k str>,
) -> Vec<RequestWarning> {
    match catalog::current() {
        Some(c) => check_with(c, action, resource, context_keys),
        None => Vec::new(),
    }
}

/// A case's request (see shared/conformance/FORMAT.md).
pub fn check_case(case: &crate::Case) -> Vec<RequestWarning> {
    check(
        &case.request.action,
        &case.request.resource,
        case.request
            .context
            .iter()
            .filter(|v| v.source != crate::context::ValueSource::Derived)
            .map(|v| &*v.key),
    )
}

/// A scenario's request, as written in the document: what the playground shows beside
/// each request's decision.
pub fn check_request(req: &crate::world::doc::RequestDoc) -> Vec<RequestWarning> {
    check(
        &req.action,
        &req.resource,
        req.context.keys().map(String::as_str),
    )
}

/// Every request of a scenario, in the document's order (the index of a request in
/// `s.doc.requests` is the index of its warnings).
pub fn check_scenario(s: &crate::world::Scenario) -> Vec<Vec<RequestWarning>> {
    s.doc.requests.iter().map(check_request).collect()
}

/// Checks a request against the given catalog.
pub fn check_with<'k>(
    catalog: &Catalog,
    action: &str,
    resource: &str,
    context_keys: impl IntoIterator<Item = &'k str>,
) -> Vec<RequestWarning> {
    let found = match check_action(catalog, action) {
        Ok(found) => found,
        Err(w) => return vec![w],
    };
    let mut out = Vec::new();
    if let Some(w) = check_resource(catalog, found, resource) {
        out.push(w);
    }
    for key in context_keys {
        if let Some(w) = check_key(found, key) {
            out.push(w);
        }
    }
    out
}

/// "did you mean `x`?" for the closest of `options`, when close enough.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    options: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    crate::reqcheck::nearest(wanted, options).map(|o| format!("did you mean `{o}`?"))
}

/// The option nearest to `wanted` (without regard to case) when close enough to be a
/// misspelling of it; the first listed wins a tie.
pub fn nearest<'a>(wanted: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    options
        .into_iter()
        .map(|o| (edit_distance(&wanted, &o.to_lowercase()), o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

/// The closest catalog action to an action (or action pattern) that names none: in
/// its service when the service is known, else in the service whose prefix is closest.
pub fn suggest_action(catalog: &Catalog, action: &str) -> Option<String> {
    let (svc, name) = action.split_once(':')?;
    let service = match catalog.service(svc) {
        Some(service) => service,
        None => catalog.service(nearest(
            svc,
            catalog.services.iter().map(|s| s.prefix.as_str()),
        )?)?,
    };
    nearest(name, service.actions.iter().map(|a| a.name.as_str()))
        .map(|a| format!("{}:{a}", service.prefix))
}

fn check_action<'c>(catalog: &'c Catalog, action: &str) -> Result<Found<'c>, RequestWarning> {
    let Some((svc, name)) = action.split_once(':') else {
        return Err(RequestWarning::new(
            "NOT_AN_ACTION",
            Field::Action,
            format!("`{action}` is not an action: actions are written `service:Action`, such as `s3:GetObject`"),
        ));
    };
    if action.contains(['*', '?']) {
        let n = catalog.expand(action).len();
        return Err(RequestWarning::new(
            "ACTION_PATTERN",
            Field::Action,
            format!(
                "`{action}` is a pattern ({n} action{}), but a request makes one action: AWS compares the request's action with the policies' patterns",
                plural(n)
            ),
        ));
    }
    if let Some(found) = catalog.action(action) {
        return Ok(found);
    }
    let suggestion = suggest_action(catalog, action);
    let hint = suggestion
        .as_deref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    let w = match catalog.service(svc) {
        Some(service) => RequestWarning::new(
            "UNKNOWN_ACTION",
            Field::Action,
            format!(
                "{} ({}) has no action `{name}`{hint}",
                service.name, service.prefix
            ),
        ),
        None => {
            let prefix = nearest(svc, catalog.services.iter().map(|s| s.prefix.as_str()))
                .map(|p| format!("; did you mean `{p}`?"));
            RequestWarning::new(
                "UNKNOWN_SERVICE",
                Field::Action,
                format!(
                    "`{svc}` is not an AWS service prefix{}",
                    if suggestion.is_some() {
                        hint
                    } else {
                        prefix.unwrap_or_default()
                    }
                ),
            )
        }
    };
    Err(RequestWarning { suggestion, ..w })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// ARNs longer than this are not compared with the templates (a request's resource is
/// short; the check stays cheap on hostile input).
const MAX_ARN: usize = 4096;

fn check_resource(catalog: &Catalog, found: Found<'_>, resource: &str) -> Option<RequestWarning> {
    let qualified = found.qualified();
    // The action's own resource types; a name the catalog does not resolve makes the
    // check say nothing rather than guess.
    let mut accepted: Vec<&ResourceType> = Vec::new();
    for (name, _) in &found.action.resource_types {
        accepted.push(
            found
                .service
                .resource_types
                .iter()
                .find(|t| t.name == *name)?,
        );
    }
    if resource == "*" {
        return (!accepted.is_empty()).then(|| {
            RequestWarning::new(
                "RESOURCE_STAR",
                Field::Resource,
                format!(
                    "{qualified} acts on {}; a request names the resource, so `*` stands for none of them (a policy's `\"Resource\": \"*\"` covers any ARN, but the request still has one)",
                    acts_on(&accepted, "aws")
                ),
            )
        });
    }
    if accepted.is_empty() {
        return Some(RequestWarning::new(
            "RESOURCE_NOT_NAMED",
            Field::Resource,
            format!("{qualified} acts on no particular resource: AWS authorizes it on `*`, so a policy must allow it with `\"Resource\": \"*\"`, whatever `{resource}` names"),
        ));
    }
    let Some(parts) = crate::policy::split_arn(resource) else {
        return Some(RequestWarning::new(
            "RESOURCE_NOT_AN_ARN",
            Field::Resource,
            format!(
                "`{resource}` is not an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`); {qualified} acts on {}",
                acts_on(&accepted, "aws")
            ),
        ));
    };
    if resource.len() > MAX_ARN {
        return None;
    }
    let [partition, arn_service, ..] = parts;
    // The type nearest to what was written comes first in the sentence.
    accepted.sort_by_cached_key(|t| edit_distance(&readable(&t.arn, partition), resource));
    let best_accepted = accepted.iter().filter_map(|t| fit(&t.arn, resource)).max();
    // What the ARN names: the best fitting type among its own service's and the
    // action's service's.
    let named = catalog
        .resource_types_of(arn_service)
        .chain(
            found
                .service
                .resource_types
                .iter()
                .map(|t| (found.service, t)),
        )
        .filter_map(|(_, t)| fit(&t.arn, resource).map(|f| (f, t)))
        .max_by_key(|(f, _)| *f);
    if let (Some((f, _)), Some(best)) = (&named, best_accepted) {
        if *f <= best {
            return None;
        }
    }
    Some(RequestWarning::new(
        "RESOURCE_TYPE_MISMATCH",
        Field::Resource,
        format!(
            "{qualified} acts on {}; `{resource}` {}",
            acts_on(&accepted, partition),
            names(named.map(|(_, t)| t), partition)
        ),
    ))
}

/// "`object` (`arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`) or `accesspointobject` (...)".
fn acts_on(types: &[&ResourceType], partition: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let parts: Vec<String> = types
        .iter()
        .filter(|t| {
            let new = !seen.contains(&t.name.as_str());
            seen.push(&t.name);
            new
        })
        .map(|t| format!("`{}` (`{}`)", t.name, readable(&t.arn, partition)))
        .collect();
    // Some actions (ec2:RunInstances) act on dozens: the first few say enough.
    const SHOWN: usize = 3;
    match parts.as_slice() {
        [] => "no resource".into(),
        [one] => one.clone(),
        all if all.len() > SHOWN + 1 => format!(
            "{}, and {} other resource types",
            all.get(..SHOWN).unwrap_or_default().join(", "),
            all.len() - SHOWN
        ),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What an ARN names, in words.
fn names(named: Option<&ResourceType>, partition: &str) -> String {
    match named {
        Some(t) => format!(
            "names a resource of type `{}` (`{}`)",
            t.name,
            readable(&t.arn, partition)
        ),
        None => "names none of them, nor any resource type the catalog knows".into(),
    }
}

/// An ARN template for people: `arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`.
fn readable(template: &str, partition: &str) -> String {
    let mut out = String::new();
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Hole("Partition") => out.push_str(partition),
            Piece::Hole(name) => {
                for (i, c) in name.char_indices() {
                    if i > 0 && c.is_ascii_uppercase() {
                        out.push('_');
                    }
                    out.push(c.to_ascii_uppercase());
                }
            }
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    /// A placeholder's name, such as `BucketName` for `${BucketName}`.
    Hole(&'a str),
}

/// A template's literal text and its `${Name}` placeholders, in order.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        let (text, tail) = rest.split_at(at);
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
        let body = tail.get(2..).unwrap_or_default();
        match body.find('}') {
            Some(end) => {
                out.push(Piece::Hole(body.get(..end).unwrap_or_default()));
                rest = body.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push(Piece::Text(tail));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// How well an ARN fits a resource type's template, or `None` when it does not.
/// More literal characters matched is closer (`BUCKET/OBJECT` over `BUCKET` for
/// `b/k/x`), then placeholders that hold one name each (no `/` or `:`) over ones that
/// had to take a path.
fn fit(template: &str, arn: &str) -> Option<(usize, bool)> {
    let (Some(t), Some(a)) = (
        crate::policy::split_arn(template),
        crate::policy::split_arn(arn),
    ) else {
        return None;
    };
    // Partition, service, region, account: a placeholder takes the whole component.
    for (tp, ap) in t.iter().zip(a.iter()).take(4) {
        if !tp.contains("${") && !tp.eq_ignore_ascii_case(ap) {
            return None;
        }
    }
    let [.., t_res] = t;
    let [.., a_res] = a;
    let tokens = pieces(t_res);
    let literal: usize = tokens
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Hole(_) => 0,
        })
        .sum();
    if fits(&tokens, a_res, true) {
        Some((literal, true))
    } else if fits(&tokens, a_res, false) {
        Some((literal, false))
    } else {
        None
    }
}

/// Whether `text` is the template's resource part with its placeholders filled;
/// `strict`: each placeholder holds no `/` or `:`. A set of positions in the template
/// steps over the text once (no backtracking).
fn fits(tokens: &[Piece<'_>], text: &str, strict: bool) -> bool {
    // Each literal character and each placeholder is one position.
    #[derive(Clone, Copy, PartialEq)]
    enum Tok {
        Char(char),
        Hole,
    }
    let toks: Vec<Tok> = tokens
        .iter()
        .flat_map(|p| match p {
            Piece::Text(t) => t.chars().map(Tok::Char).collect::<Vec<_>>(),
            Piece::Hole(_) => vec![Tok::Hole],
        })
        .collect();
    let n = toks.len();
    let close = |set: &mut Vec<bool>| {
        for i in 0..n {
            if set.get(i).copied().unwrap_or(false) && toks.get(i) == Some(&Tok::Hole) {
                if let Some(next) = set.get_mut(i + 1) {
                    *next = true;
                }
            }
        }
    };
    let mut set = vec![false; n + 1];
    if let Some(first) = set.first_mut() {
        *first = true;
    }
    close(&mut set);
    for c in text.chars() {
        let mut next = vec![false; n + 1];
        for (i, tok) in toks.iter().enumerate() {
            if !set.get(i).copied().unwrap_or(false) {
                continue;
            }
            match tok {
                Tok::Char(l) if *l == c => {
                    if let Some(s) = next.get_mut(i + 1) {
                        *s = true;
                    }
                }
                Tok::Hole if !(strict && (c == '/' || c == ':')) => {
                    if let Some(s) = next.get_mut(i) {
                        *s = true;
                    }
                }
                _ => {}
            }
        }
        close(&mut next);
        if !next.contains(&true) {
            return false;
        }
        set = next;
    }
    set.last().copied().unwrap_or(false)
}

fn check_key(found: Found<'_>, key: &str) -> Option<RequestWarning> {
    if catalog::is_global_key(key) || catalog::is_federation_key(key) {
        return None;
    }
    let carried = carried_keys(found);
    if carried.iter().any(|d| Catalog::key_matches(d, key)) {
        return None;
    }
    let qualified = found.qualified();
    let suggestion = nearest(
        key,
        carried
            .iter()
            .copied()
            .chain(catalog::GLOBAL_KEYS.iter().copied())
            .filter(|k| !k.contains(['$', '<']) && !k.ends_with('/')),
    )
    .map(str::to_string);
    let hint = suggestion
        .as_deref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    let message = if key
        .split_once(':')
        .is_some_and(|(p, _)| p.eq_ignore_ascii_case("aws"))
    {
        format!("`{key}` is not a global condition key, and {qualified} does not carry it either, so a condition on it sees it absent{hint}")
    } else {
        format!("{qualified} never carries the context key `{key}` (per the service authorization reference), so a condition on it sees it absent{hint}")
    };
    Some(RequestWarning {
        key: Some(key.to_string()),
        suggestion,
        ..RequestWarning::new("CONTEXT_KEY_NOT_CARRIED", Field::Context, message)
    })
}

/// The condition keys an action carries: its own and its resource types'.
fn carried_keys<'c>(found: Found<'c>) -> Vec<&'c str> {
    let mut out: Vec<&str> = found
        .action
        .condition_keys
        .iter()
        .map(String::as_str)
        .collect();
    for (name, _) in &found.action.resource_types {
        if let Some(t) = found
            .service
            .resource_types
            .iter()
            .find(|t| t.name == *name)
        {
            out.extend(t.condition_keys.iter().map(String::as_str));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small catalog in the generated line format.
    fn tiny() -> Catalog {
        Catalog::parse(concat!(
            "S\ts3\tAmazon S3\t1\n",
            "A\tGetObject\tR\tobject*\ts3:ExistingObjectTag/<key>\n",
            "A\tListBucket\tL\tbucket*\ts3:prefix\n",
            "A\tListAllMyBuckets\tL\t\t\n",
            "T\tbucket\tarn:${Partition}:s3:::${BucketName}\taws:ResourceTag/${TagKey}\n",
            "T\tobject\tarn:${Partition}:s3:::${BucketName}/${ObjectName}\t\n",
            "S\tsts\tAWS STS\t0\n",
            "A\tAssumeRole\tW\trole*\tsts:ExternalId\n",
            "T\trole\tarn:${Partition}:iam::${Account}:role/${RoleNameWithPath}\t\n",
            "S\tiam\tAWS IAM\t0\n",
            "A\tGetRole\tR\trole*\t\n",
            "T\trole\tarn:${Partition}:iam::${Account}:role/${RoleNameWithPath}\t\n",
            "T\tuser\tarn:${Partition}:iam::${Account}:user/${UserNameWithPath}\t\n",
        ))
        .unwrap()
    }

    fn codes(action: &str, resource: &str, keys: &[&str]) -> Vec<&'static str> {
        check_with(&tiny(), action, resource, keys.iter().copied())
            .into_iter()
            .map(|w| w.code)
            .collect()
    }

    #[test]
    fn a_well_formed_request_raises_nothing() {
        for (action, resource, keys) in [
            (
                "s3:GetObject",
                "arn:aws:s3:::reports/q1.csv",
                &["s3:ExistingObjectTag/team", "aws:SourceIp"][..],
            ),
            ("s3:getobject", "arn:aws:s3:::reports/2026/q1/a.csv", &[]),
            (
                "s3:ListBucket",
                "arn:aws:s3:::reports",
                &["s3:prefix", "aws:ResourceTag/x"],
            ),
            ("s3:ListAllMyBuckets", "*", &[]),
            (
                "sts:AssumeRole",
                "arn:aws:iam::111122223333:role/ops/Admin",
                &["sts:ExternalId", "token.actions.githubusercontent.com:sub"],
            ),
        ] {
            assert!(
                codes(action, resource, keys).is_empty(),
                "{action} {resource}: {:?}",
                check_with(&tiny(), action, resource, keys.iter().copied())
            );
        }
    }

    #[test]
    fn misspelt_actions_and_services_get_a_did_you_mean() {
        let w = check_with(&tiny(), "s3:GetObjekt", "arn:aws:s3:::b/k", ["nope:x"]);
        assert_eq!(w.len(), 1, "no further checks on an unknown action: {w:?}");
        let w = &w[0];
        assert_eq!((w.code, w.field), ("UNKNOWN_ACTION", Field::Action));
        assert_eq!(w.suggestion.as_deref(), Some("s3:GetObject"));
        assert!(
            w.message.contains("did you mean `s3:GetObject`?"),
            "{}",
            w.message
        );
        let w = &check_with(&tiny(), "s4:GetObject", "*", [])[0];
        assert_eq!(w.code, "UNKNOWN_SERVICE");
        assert_eq!(w.suggestion.as_deref(), Some("s3:GetObject"));
        let w = &check_with(&tiny(), "s4:DescribeNothing", "*", [])[0];
        assert_eq!(w.suggestion, None);
        assert!(w.message.ends_with("did you mean `s3`?"), "{}", w.message);
        let w = &check_with(&tiny(), "dynamodb:PutItem", "*", [])[0];
        assert_eq!((w.code, w.suggestion.as_deref()), ("UNKNOWN_SERVICE", None));
        assert_eq!(codes("GetObject", "*", &[]), ["NOT_AN_ACTION"]);
        assert_eq!(codes("s3:Get*", "*", &[]), ["ACTION_PATTERN"]);
    }

    #[test]
    fn a_resource_of_the_wrong_type_says_what_the_action_acts_on() {
        let w = check_with(&tiny(), "s3:GetObject", "arn:aws:s3:::reports", []);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].code, w[0].field),
            ("RESOURCE_TYPE_MISMATCH", Field::Resource)
        );
        assert_eq!(
            w[0].message,
            "s3:GetObject acts on `object` (`arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`); `arn:aws:s3:::reports` names a resource of type `bucket` (`arn:aws:s3:::BUCKET_NAME`)"
        );
        // A path is an object, not a bucket whose name holds slashes.
        assert_eq!(
            codes("s3:ListBucket", "arn:aws:s3:::reports/a/b", &[]),
            ["RESOURCE_TYPE_MISMATCH"]
        );
        // The role ARN names an iam role, which sts:AssumeRole acts on; a user is not.
        let w = check_with(
            &tiny(),
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:user/alice",
            [],
        );
        assert!(
            w[0].message.ends_with(
                "names a resource of type `user` (`arn:aws:iam::ACCOUNT:user/USER_NAME_WITH_PATH`)"
            ),
            "{}",
            w[0].message
        );
        let w = check_with(&tiny(), "s3:GetObject", "arn:aws:sqs:us-east-1:1:q", []);
        assert!(
            w[0].message
                .ends_with("names none of them, nor any resource type the catalog knows"),
            "{}",
            w[0].message
        );
        assert_eq!(
            codes("s3:GetObject", "reports/q1.csv", &[]),
            ["RESOURCE_NOT_AN_ARN"]
        );
        assert_eq!(
            codes("s3:ListAllMyBuckets", "arn:aws:s3:::reports", &[]),
            ["RESOURCE_NOT_NAMED"]
        );
        let huge = format!("arn:aws:s3:::{}", "a".repeat(100_000));
        assert!(codes("s3:GetObject", &huge, &[]).is_empty());
    }

    #[test]
    fn a_star_resource_for_an_action_that_names_one() {
        let w = check_with(&tiny(), "s3:GetObject", "*", []);
        assert_eq!(w[0].code, "RESOURCE_STAR");
        assert!(
            w[0].message.starts_with(
                "s3:GetObject acts on `object` (`arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`)"
            ),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn context_keys_the_action_never_carries() {
        let w = check_with(
            &tiny(),
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            ["s3:prefix", "aws:SourceIpp", "AWS:SOURCEIP"],
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(
            (w[0].code, w[0].field, w[0].key.as_deref()),
            ("CONTEXT_KEY_NOT_CARRIED", Field::Context, Some("s3:prefix"))
        );
        assert!(
            w[0].message
                .starts_with("s3:GetObject never carries the context key `s3:prefix`"),
            "{}",
            w[0].message
        );
        assert_eq!(w[1].suggestion.as_deref(), Some("aws:SourceIp"));
        assert!(
            w[1].message.contains("is not a global condition key"),
            "{}",
            w[1].message
        );
    }

    #[test]
    fn warnings_serialise_with_their_field() {
        let w = check_with(&tiny(), "s3:GetObject", "arn:aws:s3:::b/k", ["s3:prefix"]);
        let v = serde_json::to_value(&w).unwrap();
        assert_eq!(v[0]["code"], "CONTEXT_KEY_NOT_CARRIED");
        assert_eq!(v[0]["field"], "context");
        assert_eq!(v[0]["key"], "s3:prefix");
        assert!(v[0].get("suggestion").is_none());
    }

    #[test]
    fn templates_read_for_people() {
        assert_eq!(
            readable(
                "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
                "aws-cn"
            ),
            "arn:aws-cn:iam::ACCOUNT:role/ROLE_NAME_WITH_PATH"
        );
        assert_eq!(
            readable("arn:${Partition}:x:::${Broken", "aws"),
            "arn:aws:x:::${Broken"
        );
        assert_eq!(
            fit("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b"),
            Some((0, true))
        );
        assert_eq!(
            fit(
                "arn:${Partition}:s3:::${BucketName}",
                "arn:aws:s3:us-east-1::b"
            ),
            None
        );
        assert_eq!(
            fit(
                "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
                "arn:aws:s3:::b/k/l"
            ),
            Some((1, false))
        );
    }

    #[cfg(feature = "bundled-data")]
    #[test]
    fn the_bundled_catalog_is_in_force() {
        let w = check("s3:GetObject", "arn:aws:s3:::reports", []);
        assert_eq!(w[0].code, "RESOURCE_TYPE_MISMATCH");
        assert!(
            w[0].message.contains("names a resource of type `bucket`"),
            "{}",
            w[0].message
        );
        assert!(check(
            "s3:GetObject",
            "arn:aws:s3:::reports/a",
            ["s3:ExistingObjectTag/team"]
        )
        .is_empty());
        assert!(check(
            "sts:AssumeRole",
            "arn:aws:iam::1:role/R",
            ["sts:ExternalId"]
        )
        .is_empty());
        assert_eq!(
            suggest_action(catalog::Catalog::bundled(), "s3:GetObjekt").as_deref(),
            Some("s3:GetObject")
        );
    }

    /// The browser's build: silent until a catalog is installed, then checking.
    #[cfg(not(feature = "bundled-data"))]
    #[test]
    fn without_a_catalog_nothing_is_said_until_one_is_installed() {
        assert!(catalog::current().is_none());
        assert!(check("s3:GetObjekt", "arn:aws:s3:::b", ["nope:x"]).is_empty());
        assert!(catalog::install("<!doctype html>").is_err());
        assert!(catalog::current().is_none());
        let text = "# a test catalog\nS\ts3\tAmazon S3\t1\nA\tGetObject\tR\tobject*\t\nT\tobject\tarn:${Partition}:s3:::${BucketName}/${ObjectName}\t\n";
        let installed = catalog::install(text).unwrap();
        assert_eq!(installed.services.len(), 1);
        assert!(std::ptr::eq(catalog::current().unwrap(), installed));
        // The first catalog installed stays.
        assert!(std::ptr::eq(
            catalog::install("S\tx\tX\t0\n").unwrap(),
            installed
        ));
        let w = check("s3:GetObjekt", "*", []);
        assert_eq!(w[0].suggestion.as_deref(), Some("s3:GetObject"));
    }

    // In the build without the bundled data, the test above installs concurrently.
    #[cfg(feature = "bundled-data")]
    #[test]
    fn install_refuses_what_is_no_catalog() {
        assert!(catalog::install("<!doctype html><p>not found").is_err());
        assert!(catalog::install("# nothing\n").is_err());
    }

    #[test]
    fn nearest_names() {
        assert_eq!(nearest("Efect", ["Effect", "Action"]), Some("Effect"));
        assert_eq!(nearest("zzz", ["Effect", "Action"]), None);
    }
}
