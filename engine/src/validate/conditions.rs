//! Checks of one condition and of a statement's conditions together that need no
//! catalog: contradictory booleans, `aws:SourceIp` with private addresses, redundant
//! numeric bounds, wildcards without a `Like` operator, epoch dates, a multivalued key
//! without a qualifier, `Null` with a qualifier, an unsupported global key, a key used
//! without the key it must be paired with.

use super::{Family, Push};
use crate::condition::{Base, Condition};
use crate::policy::Statement;
use crate::values::{self, IpNet};
use std::net::IpAddr;

/// The JSON path of value `i` of a condition: `[i]` only when the values are surely
/// an array (more than one), else the key's path.
fn value_path(key_path: &str, c: &Condition, i: usize) -> String {
    if c.values.len() > 1 {
        format!("{key_path}[{i}]")
    } else {
        key_path.to_string()
    }
}

/// Reports each value of `c` that `bad` picks, with the message `say` writes for it.
fn each_value(
    c: &Condition,
    key_path: &str,
    (family, code): (Family, &str),
    bad: impl Fn(&str) -> bool,
    say: impl Fn(&str) -> String,
    push: &mut Push<'_>,
) {
    for (i, v) in c.values.iter().enumerate() {
        if bad(&v.text) {
            push(
                family,
                code,
                say(&v.text),
                v.location,
                value_path(key_path, c, i),
            );
        }
    }
}

/// Whether a value holds a policy variable (such values are not read at parse time).
fn has_variable(text: &str) -> bool {
    text.contains("${")
}

/// The private (RFC 1918) IPv4 ranges and the IPv6 unique local range, which never
/// reach AWS as a request's source address (`aws:SourceIp` holds the public address;
/// through a VPC endpoint, `aws:VpcSourceIp` holds the private one).
const PRIVATE: &[(&str, u8)] = &[
    ("10.0.0.0", 8),
    ("172.16.0.0", 12),
    ("192.168.0.0", 16),
    ("fc00::", 7),
];

fn is_private(net: &IpNet) -> bool {
    PRIVATE.iter().any(|(addr, prefix)| {
        addr.parse::<IpAddr>().is_ok_and(|a| {
            let range = IpNet {
                addr: a,
                prefix: *prefix,
            };
            net.prefix >= *prefix && range.contains(net.addr)
        })
    })
}

/// The network address of a block (its bits past the prefix cleared).
fn network(net: &IpNet) -> IpAddr {
    match net.addr {
        IpAddr::V4(a) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(net.prefix))
                .unwrap_or(0);
            IpAddr::V4((u32::from(a) & mask).into())
        }
        IpAddr::V6(a) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(net.prefix))
                .unwrap_or(0);
            IpAddr::V6((u128::from(a) & mask).into())
        }
    }
}

/// Whether a text looks like a Region code (`us-east-1`, `us-gov-west-1`,
/// `eusc-de-east-1`): lowercase words joined by hyphens, ending in a number.
pub(super) fn looks_like_region(text: &str) -> bool {
    let mut parts = text.split('-');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    first.len() >= 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
}

/// Checks one condition. `multivalued`: whether its key surely carries several values
/// in a request (then an operator without `ForAnyValue:`/`ForAllValues:` is an error).
pub(super) fn check(c: &Condition, sp: &str, multivalued: bool, push: &mut Push<'_>) {
    let Some(first) = c.values.first() else {
        return;
    };
    let op = c.operator;
    let key_path = super::condition_path(sp, c);
    let key = c.key.as_str();
    if c.key_lc == "aws:arn" {
        push(
            Family::Error,
            "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            format!("`{key}` is not supported in conditions: use `aws:PrincipalArn` to test the caller's ARN, or `aws:SourceArn` for the resource a service acts for"),
            first.location,
            key_path.clone(),
        );
    }
    if multivalued && op.set.is_none() && op.base != Base::Null {
        push(
            Family::Error,
            "MISSING_QUALIFIER",
            format!("`{key}` can carry several values in one request, and `{}` compares only single values: write `ForAnyValue:{0}` (true when any value matches) or `ForAllValues:{0}` (true when every value matches)", c.operator_text),
            first.location,
            key_path.clone(),
        );
    }
    if op.base == Base::Null && op.set.is_some() {
        push(
            Family::Suggestion,
            "NULL_WITH_QUALIFIER",
            format!("`{}` with `ForAllValues:` or `ForAnyValue:` is always true or always false: write `Null` alone, which tests whether `{key}` is in the request", c.operator_text),
            first.location,
            key_path.clone(),
        );
    }
    match op.base {
        Base::Bool => {
            let read: Vec<Option<bool>> = c
                .values
                .iter()
                .map(|v| values::boolean(&v.text).ok())
                .collect();
            let first_bool = read.iter().flatten().next().copied();
            if let Some((i, v)) = c.values.iter().enumerate().find(
                |(i, _)| matches!((read.get(*i), first_bool), (Some(Some(b)), Some(f)) if *b != f),
            ) {
                push(
                    Family::Error,
                    "INVALID_CONDITION_MULTIPLE_BOOLEAN",
                    format!("`{key}` is given both `true` and `false`, so the condition holds whatever the request says: keep the one value you mean"),
                    v.location,
                    value_path(&key_path, c, i),
                );
            }
        }
        Base::IpAddress => ip_checks(c, &key_path, push),
        Base::NumericLessThan
        | Base::NumericLessThanEquals
        | Base::NumericGreaterThan
        | Base::NumericGreaterThanEquals => redundant_numbers(c, &key_path, push),
        // (`ArnEquals` reads wildcards as `ArnLike` does.)
        Base::StringEquals | Base::StringEqualsIgnoreCase => each_value(
            c,
            &key_path,
            (Family::Warning, "WILDCARD_WITHOUT_LIKE_OPERATOR"),
            |t| !has_variable(t) && t.contains(['*', '?']),
            |t| {
                format!("`{}` compares `{t}` letter for letter, so `*` and `?` are not wildcards here: if you meant a pattern, use `StringLike` (or `StringNotLike`)", c.operator_text)
            },
            push,
        ),
        Base::DateEquals
        | Base::DateLessThan
        | Base::DateLessThanEquals
        | Base::DateGreaterThan
        | Base::DateGreaterThanEquals => each_value(
            c,
            &key_path,
            (Family::Warning, "INVALID_DATE_VALUE"),
            |t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()),
            |t| {
                format!("`{t}` is read as seconds since 1970 (epoch time), which is easy to get wrong: write the date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
            },
            push,
        ),
        _ => {}
    }
    if c.key_lc == "aws:requestedregion"
        && matches!(
            op.base,
            Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike
        )
    {
        each_value(
            c,
            &key_path,
            (Family::Error, "INVALID_REGION"),
            |t| !has_variable(t) && !t.contains(['*', '?']) && !looks_like_region(t),
            |t| {
                format!("`{t}` is not a Region code, so `{key}` never equals it: write a code such as us-east-1 or eu-west-2")
            },
            push,
        );
    }
}

/// `aws:SourceIp` with private addresses, and blocks with bits set past their prefix.
fn ip_checks(c: &Condition, key_path: &str, push: &mut Push<'_>) {
    let nets: Vec<Option<IpNet>> = c
        .values
        .iter()
        .map(|v| {
            (!has_variable(&v.text))
                .then(|| values::ip_net(&v.text).ok())
                .flatten()
        })
        .collect();
    for (i, (v, net)) in c.values.iter().zip(&nets).enumerate() {
        if let Some(net) = net {
            let base = network(net);
            if base != net.addr {
                push(
                    Family::Suggestion,
                    "IMPROVE_IP_RANGE",
                    format!("the bits of `{}` past the first {} are ignored, so it means `{base}/{}`: write that", v.text, net.prefix, net.prefix),
                    v.location,
                    value_path(key_path, c, i),
                );
            }
        }
    }
    if c.key_lc != "aws:sourceip" {
        return;
    }
    let private: Vec<bool> = nets
        .iter()
        .map(|n| n.as_ref().is_some_and(is_private))
        .collect();
    let negated = c.operator.negated;
    let first = c.values.first().map(|v| v.location);
    if private.iter().all(|p| *p) {
        let (code, effect) = if negated {
            (
                "PRIVATE_NOT_IP_ADDRESS",
                "so `NotIpAddress` is true for every request and the condition has no effect",
            )
        } else {
            ("PRIVATE_IP_ADDRESS", "so the condition never holds")
        };
        if let Some(at) = first {
            push(
                Family::Error,
                code,
                format!("every address listed for `aws:SourceIp` is private, and `aws:SourceIp` only ever holds a public address, {effect}: list public addresses, or test `aws:VpcSourceIp` (requests through a VPC endpoint) for private ones"),
                at,
                key_path.to_string(),
            );
        }
        return;
    }
    let code = if negated {
        "PRIVATE_NOT_IP_ADDRESS_SUBSET"
    } else {
        "PRIVATE_IP_ADDRESS_SUBSET"
    };
    for (i, v) in c.values.iter().enumerate() {
        if private.get(i) == Some(&true) {
            push(
                Family::Suggestion,
                code,
                format!("`{}` is a private address range, and `aws:SourceIp` only ever holds a public address, so this value has no effect: remove it, or test it with `aws:VpcSourceIp` in its own condition", v.text),
                v.location,
                value_path(key_path, c, i),
            );
        }
    }
}

/// Several bounds for one key under a `NumericLessThan`-like operator: values are
/// ORed, so only the loosest bound counts.
fn redundant_numbers(c: &Condition, key_path: &str, push: &mut Push<'_>) {
    if c.values.len() < 2 {
        return;
    }
    let Some(numbers) = c
        .values
        .iter()
        .map(|v| {
            (!has_variable(&v.text))
                .then(|| values::number(&v.text).ok())
                .flatten()
        })
        .collect::<Option<Vec<f64>>>()
    else {
        return;
    };
    let less = matches!(
        c.operator.base,
        Base::NumericLessThan | Base::NumericLessThanEquals
    );
    let keep = numbers
        .iter()
        .enumerate()
        .fold(0usize, |best, (i, n)| match numbers.get(best) {
            Some(b) if (less && n > b) || (!less && n < b) => i,
            _ => best,
        });
    let Some(kept_text) = c.values.get(keep) else {
        return;
    };
    let side = if less { "below" } else { "above" };
    for (i, v) in c.values.iter().enumerate() {
        if i != keep {
            push(
                Family::Suggestion,
                "REDUNDANT_CONDITION_VALUE_NUM",
                format!("`{}` adds nothing: the values of one key are ORed, and `{}` already lets through every number {side} it; keep only `{}`", v.text, kept_text.text, kept_text.text),
                v.location,
                value_path(key_path, c, i),
            );
        }
    }
}

/// Keys that are more secure with another key beside them in the same statement:
/// `aws:VpcSourceIp` alone matches that address in any VPC.
pub(super) fn paired_keys(st: &Statement, sp: &str, push: &mut Push<'_>) {
    const PAIRS: &[(&str, &[&str], &str)] = &[(
        "aws:vpcsourceip",
        &["aws:sourcevpc", "aws:sourcevpce"],
        "the same private address can be used in any VPC, including other accounts' VPCs: add `aws:SourceVpc` (or `aws:SourceVpce`) to the same condition block",
    )];
    if st.effect != crate::policy::Effect::Allow {
        return;
    }
    for (key, partners, why) in PAIRS {
        let Some(c) = st
            .conditions
            .iter()
            .find(|c| c.key_lc == *key && !c.operator.negated)
        else {
            continue;
        };
        let paired = st
            .conditions
            .iter()
            .any(|o| partners.contains(&o.key_lc.as_str()));
        if !paired {
            super::at_key(
                c,
                sp,
                (Family::SecurityWarning, "MISSING_PAIRED_CONDITION_KEYS"),
                format!("`{}` alone can be overly permissive: {why}", c.key),
                push,
            );
        }
    }
}
