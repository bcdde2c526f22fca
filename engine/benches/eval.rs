#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
//! Speed targets of issue 2, measured (never asserted in tests):
//! - wildcard matching: a 10,000-character pattern of `*` and `?` against a
//!   10,000-character string in under 1 ms;
//! - one-policy case: at least 1,000,000 decisions/s without trace, 200,000/s with;
//! - large case (200 conditioned, wildcarded identity statements, 3 SCP levels,
//!   boundary, resource policy): at least 20,000 decisions/s with trace.
//!
//! Run: `cargo bench -p iam-engine --bench eval`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use iam_engine::casefile::read_cases;
use iam_engine::glob::{ArnGlob, Glob};
use iam_engine::{evaluate, Case};
use std::hint::black_box;

fn one_case(text: &str) -> Case {
    let mut cases = read_cases(text).expect("valid case");
    cases.remove(0).case
}

fn small_case() -> Case {
    one_case(
        r#"{"name":"small","principal":{"arn":"arn:aws:iam::111122223333:user/alice"},
        "identity_policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::reports/*"}]}],
        "request":{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{}}}"#,
    )
}

fn large_case() -> Case {
    let mut stmts = Vec::new();
    for i in 0..200 {
        stmts.push(format!(
            r#"{{"Sid":"S{i}","Effect":"{}","Action":["s3:Get*","ec2:Describe*","dynamodb:*Item{i}"],"Resource":["arn:aws:s3:::bucket-{i}/*","arn:aws:s3:::reports/*/{i}/*"],
            "Condition":{{"StringEquals":{{"aws:PrincipalTag/team":["blue","team-{i}"]}},"IpAddress":{{"aws:SourceIp":["10.0.0.0/8","192.168.{}.0/24"]}},"DateLessThan":{{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}}}}"#,
            if i % 50 == 49 { "Deny" } else { "Allow" },
            i % 255
        ));
    }
    stmts.push(r#"{"Sid":"Last","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}"#.to_string());
    let identity = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        stmts.join(",")
    );
    let full =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let text = format!(
        r#"{{"name":"large","principal":{{"arn":"arn:aws:iam::111122223333:user/alice"}},
        "identity_policies":[{identity}],
        "permissions_boundary":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}}]}},
        "scps":[[{full}],[{full},{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"iam:*","Resource":"*"}}]}}],[{full}]],
        "resource_policy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"s3:*","Resource":"arn:aws:s3:::reports/*"}},
            {{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::reports/*","Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}},
        "request":{{"action":"s3:GetObject","resource":"arn:aws:s3:::reports/q1.csv","context":{{"aws:PrincipalTag/team":"blue","aws:SourceIp":"10.1.2.3","aws:CurrentTime":"2026-11-28T10:00:00Z","aws:SecureTransport":"true"}}}}}}"#
    );
    one_case(&text)
}

fn decisions(c: &mut Criterion) {
    let small = small_case();
    let large = large_case();
    let ps = small.prepare();
    let pl = large.prepare();
    assert_eq!(evaluate(&ps, false).decision, iam_engine::Decision::Allow);
    assert_eq!(evaluate(&pl, true).decision, iam_engine::Decision::Allow);
    let mut g = c.benchmark_group("decide");
    g.throughput(Throughput::Elements(1));
    g.bench_function("one policy, no trace", |b| {
        b.iter(|| black_box(evaluate(black_box(&ps), false).decision))
    });
    g.bench_function("one policy, trace", |b| {
        b.iter(|| black_box(evaluate(black_box(&ps), true).decision))
    });
    g.bench_function("large case, no trace", |b| {
        b.iter(|| black_box(evaluate(black_box(&pl), false).decision))
    });
    g.bench_function("large case, trace", |b| {
        b.iter(|| black_box(evaluate(black_box(&pl), true).decision))
    });
    g.finish();
}

fn wildcards(c: &mut Criterion) {
    let mut g = c.benchmark_group("wildcard 10k x 10k");
    let text_a = "a".repeat(10_000);
    let alternating: String = (0..10_000)
        .map(|i| if i % 2 == 0 { '*' } else { '?' })
        .collect();
    let star_a = format!("{}b", "*a".repeat(4_999));
    let mixed: String = (0..10_000)
        .map(|i| match i % 3 {
            0 => '*',
            1 => 'a',
            _ => '?',
        })
        .collect();
    let one_piece = format!(
        "*{}*",
        (0..9_998)
            .map(|i| if i % 7 == 0 { '?' } else { 'a' })
            .collect::<String>()
    );
    for (name, pattern) in [
        ("*?*?...", &alternating),
        ("*a*a...b", &star_a),
        ("*a?*a?...", &mixed),
        ("*a?aaaa?...*", &one_piece),
    ] {
        let glob = Glob::new(pattern);
        g.bench_with_input(BenchmarkId::new("glob", name), &glob, |b, glob| {
            b.iter(|| black_box(glob.is_match(black_box(&text_a))))
        });
        let arn = ArnGlob::new(pattern);
        g.bench_with_input(BenchmarkId::new("arn", name), &arn, |b, arn| {
            b.iter(|| black_box(arn.is_match(black_box(&text_a))))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = decisions, wildcards
}
criterion_main!(benches);
