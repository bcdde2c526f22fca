//! Resource ARNs checked field by field against the catalog's ARN formats (the
//! Service Authorization Reference's resource types), and resource patterns another
//! pattern of the same list already covers.
//!
//! A field is judged only when every format of the ARN's service that its resource
//! part could match agrees (all without a Region, all with an account...): a
//! service whose formats differ (S3 buckets have no Region, S3 access points do) is
//! judged by the formats its resource part matches, and an ARN whose resource part
//! has a wildcard or a variable could match any of them.

use super::{Family, Push, MAX_COVER_TESTS};
use crate::catalog::Catalog;
use crate::glob::Glob;
use crate::policy::{split_arn, ResourceBlock};
use std::collections::HashMap;

/// The partitions AWS has (General Reference, "Amazon Resource Names": `aws`, `aws-cn`,
/// `aws-us-gov`, and the isolated and sovereign partitions).
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// A field of an ARN format: empty, filled by the caller (`${Region}`, `*`), or a
/// fixed text (`aws` for AWS managed policies, `us-west-2`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Empty,
    Any,
    Fixed,
}

fn field(template: &str) -> Field {
    if template.is_empty() {
        Field::Empty
    } else if template.starts_with("${") || template == "*" {
        Field::Any
    } else {
        Field::Fixed
    }
}

/// One ARN format of a service: its Region and account fields, and its resource part
/// as a pattern (each `${...}` a `*`).
pub(super) struct Format {
    region: Field,
    account: Field,
    resource: Glob,
}

fn formats_of(catalog: &Catalog, service_lc: &str) -> Vec<Format> {
    catalog
        .resource_types_of(service_lc)
        .filter_map(|(_, t)| {
            let [_, service, region, account, resource] = split_arn(&t.arn)?;
            if service.contains('$') {
                return None;
            }
            let mut pattern = String::new();
            let mut rest = resource;
            while let Some(at) = rest.find("${") {
                pattern.push_str(rest.get(..at)?);
                pattern.push('*');
                rest = rest.get(at..)?.split_once('}').map_or("", |(_, r)| r);
            }
            pattern.push_str(rest);
            Some(Format {
                region: field(region),
                account: field(account),
                resource: Glob::new(&pattern),
            })
        })
        .collect()
}

/// Whether a field of a policy's ARN is a plain text (no wildcard, no variable).
fn literal(text: &str) -> bool {
    !text.contains(['*', '?', '$'])
}

/// The ARN checks of one `Resource` or `NotResource` list. `formats` caches each
/// service's formats for the whole policy.
pub(super) fn check(
    block: &ResourceBlock,
    element_path: &str,
    formats: &mut HashMap<String, Vec<Format>>,
    push: &mut Push<'_>,
) {
    let many = block.patterns.len() > 1;
    let catalog = crate::catalog::current();
    for (i, p) in block.patterns.iter().enumerate() {
        let path = || {
            if many {
                format!("{element_path}[{i}]")
            } else {
                element_path.to_string()
            }
        };
        let text = &*p.text;
        let Some([partition, service, region, account, resource]) = split_arn(text) else {
            continue;
        };
        if literal(partition) && !PARTITIONS.contains(&partition) {
            push(
                Family::Error,
                "INVALID_PARTITION",
                format!("`{partition}` is not an AWS partition, so `{text}` names no resource: write `aws` (or `aws-cn`, `aws-us-gov` for those Regions)"),
                p.location,
                path(),
            );
        }
        let Some(catalog) = catalog else {
            continue;
        };
        if !literal(service) {
            continue;
        }
        let service_lc = service.to_ascii_lowercase();
        let list = formats
            .entry(service_lc.clone())
            .or_insert_with(|| formats_of(catalog, &service_lc));
        if list.is_empty() {
            continue;
        }
        if service != service_lc {
            push(
                Family::Error,
                "INVALID_ARN_SERVICE_CASE",
                format!("ARNs are case-sensitive and service names in them are lowercase, so `{text}` matches no resource: write `{service_lc}`"),
                p.location,
                path(),
            );
            continue;
        }
        let candidates: Vec<&Format> = if literal(resource) {
            list.iter()
                .filter(|f| f.resource.is_match(resource))
                .collect()
        } else {
            list.iter().collect()
        };
        if candidates.is_empty() {
            continue;
        }
        let all = |which: fn(&Format) -> Field, want: &[Field]| {
            candidates.iter().all(|f| want.contains(&which(f)))
        };
        let region_of = |f: &Format| f.region;
        let account_of = |f: &Format| f.account;
        if region.is_empty() {
            if all(region_of, &[Field::Any]) {
                push(
                    Family::Error,
                    "MISSING_ARN_REGION",
                    format!("`{service}` resources live in a Region, and `{text}` has an empty Region field, so it matches none of them: write the Region (such as us-east-1), or `*` for any"),
                    p.location,
                    path(),
                );
            }
        } else if literal(region) {
            if all(region_of, &[Field::Empty]) {
                push(
                    Family::Error,
                    "ARN_REGION_NOT_ALLOWED",
                    format!("`{service}` ARNs of this kind have no Region (the resource is global), so `{text}` matches nothing: leave the Region field empty, as in arn:aws:{service}::..."),
                    p.location,
                    path(),
                );
            } else if all(region_of, &[Field::Any]) && !super::conditions::looks_like_region(region)
            {
                push(
                    Family::Error,
                    "INVALID_ARN_REGION",
                    format!("`{region}` is not a Region code, so `{text}` matches nothing: write a code such as us-east-1, or `*` for any Region"),
                    p.location,
                    path(),
                );
            }
        }
        if literal(account) && !account.is_empty() {
            if all(account_of, &[Field::Empty]) {
                push(
                    Family::Error,
                    "ARN_ACCOUNT_NOT_ALLOWED",
                    format!("`{service}` ARNs of this kind have no account ID (the name is unique across all accounts), so `{text}` matches nothing: leave the account field empty"),
                    p.location,
                    path(),
                );
            } else if all(account_of, &[Field::Any])
                && account != "aws"
                && !(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
            {
                push(
                    Family::Error,
                    "INVALID_ARN_ACCOUNT",
                    format!("`{account}` is not an account ID, so `{text}` matches nothing: write the 12-digit account ID, or `*` for any account"),
                    p.location,
                    path(),
                );
            }
        }
    }
}

/// A pattern another pattern of the same list covers adds nothing (at most
/// `MAX_COVER_TESTS` comparisons a list: it is a suggestion).
pub(super) fn redundant(block: &ResourceBlock, element_path: &str, push: &mut Push<'_>) {
    let many = block.patterns.len() > 1;
    if !many {
        return;
    }
    // Wildcard patterns (without variables) by their service field; `*` and patterns
    // with a wildcard service apart.
    let mut by_service: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut any: Vec<usize> = Vec::new();
    let mut first_literal: HashMap<&str, usize> = HashMap::new();
    for (j, p) in block.patterns.iter().enumerate() {
        if p.glob.is_none() {
            continue;
        }
        if literal(&p.text) {
            first_literal.entry(&p.text).or_insert(j);
            continue;
        }
        match split_arn(&p.text) {
            Some([_, service, ..]) if literal(service) => {
                by_service.entry(service).or_default().push(j)
            }
            _ => any.push(j),
        }
    }
    let mut budget = MAX_COVER_TESTS;
    for (i, p) in block.patterns.iter().enumerate() {
        let text = &*p.text;
        let wild = !literal(text);
        let mut covered = first_literal.get(text).filter(|&&j| j < i).copied();
        if covered.is_none() {
            let same = split_arn(text)
                .and_then(|[_, s, ..]| by_service.get(s))
                .map(Vec::as_slice)
                .unwrap_or_default();
            covered = same.iter().chain(&any).copied().find(|&j| {
                budget = budget.saturating_sub(1);
                let Some(q) = block.patterns.get(j) else {
                    return false;
                };
                budget > 0
                    && j != i
                    && (q.text != p.text || j < i)
                    // A `?` would stand for one letter of a wildcard pattern's `*`.
                    && !(wild && q.text.contains('?'))
                    && q.glob.as_ref().is_some_and(|g| g.is_match(text))
            });
        }
        if let Some(other) = covered.and_then(|j| block.patterns.get(j)) {
            push(
                Family::Suggestion,
                "REDUNDANT_RESOURCE",
                format!("`{text}` is already covered by `{}`: remove it (or, if only the listed resources are meant, narrow the wildcard)", other.text),
                p.location,
                if many {
                    format!("{element_path}[{i}]")
                } else {
                    element_path.to_string()
                },
            );
        }
    }
}
