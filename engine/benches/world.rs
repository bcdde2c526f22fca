#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // bench code
//! Speed target of issue 3, measured (never asserted in tests): who-can over a
//! scenario of 1,000 principals and 1,000 resources for one action in under 1 s on
//! one core.
//!
//! Run: `cargo bench -p iam-engine --bench world`

use criterion::{criterion_group, criterion_main, Criterion};
use iam_engine::world::{analysis, Scenario};
use serde_json::json;
use std::hint::black_box;

include!("support/world_scenario.rs");

fn who_can(c: &mut Criterion) {
    let (s, arns) = big_scenario();
    let principals = s
        .accounts
        .iter()
        .map(|a| a.users.len() + a.roles.len() + 1)
        .sum::<usize>()
        + 1;
    assert!(principals >= 1000, "{principals}");
    assert_eq!(arns.len(), 1000);
    let counts = analysis::who_can_many(&s, "s3:GetObject", &arns);
    assert!(counts.iter().all(|n| *n > 0));
    let mut g = c.benchmark_group("who-can");
    g.sample_size(10);
    g.bench_function("1,000 principals x 1,000 resources, s3:GetObject", |b| {
        b.iter(|| {
            black_box(analysis::who_can_many(
                black_box(&s),
                "s3:GetObject",
                black_box(&arns),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, who_can);
criterion_main!(benches);
