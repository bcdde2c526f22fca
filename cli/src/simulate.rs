//! `iam-eval simulate`: a question without writing a file, in the spirit of
//! `aws iam simulate-custom-policy`: identity policies (and optionally a resource
//! policy and a permissions boundary), a caller, actions and resources; a table of
//! decisions by action and resource.

use crate::world::{expand_actions, off_target, read, shown, star_note};
use iam_engine::case::{Case, NamedPolicy, Request, ResourcePolicyKind};
use iam_engine::context::Context;
use iam_engine::policy::{Policy, PolicyKind};
use iam_engine::principal::{Caller, CallerSpec};
use iam_engine::{decide, render, reqcheck};
use std::io::Read;
use std::sync::Arc;

/// The caller when `--principal` is not given.
const DEFAULT_PRINCIPAL: &str = "arn:aws:iam::111122223333:user/simulated";

#[derive(clap::Args)]
pub struct Args {
    /// An identity-based policy of the caller (repeatable; `-` reads standard input)
    #[arg(long = "policy", value_name = "FILE")]
    policies: Vec<String>,
    /// The resource-based policy of the resource (a role trust policy for
    /// sts:AssumeRole* on a role, a key policy for a KMS key)
    #[arg(long, value_name = "FILE")]
    resource_policy: Option<String>,
    /// The caller's permissions boundary
    #[arg(long, value_name = "FILE")]
    boundary: Option<String>,
    /// The caller's ARN
    #[arg(long, value_name = "ARN", default_value = DEFAULT_PRINCIPAL)]
    principal: String,
    /// A context key (repeatable; a key given twice is multivalued)
    #[arg(long, value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// Actions or action patterns (`s3:Get*`), expanded through the catalog
    #[arg(long, value_name = "ACTION", required = true, num_args = 1.., action = clap::ArgAction::Append)]
    action: Vec<String>,
    /// Resource ARNs, each asked with every action (default `*`)
    #[arg(long, value_name = "ARN", num_args = 1.., action = clap::ArgAction::Append)]
    resource: Vec<String>,
    /// Each decision's trace
    #[arg(long)]
    explain: bool,
    /// With --explain: every policy, layer and context key (the policies that only allow
    /// everything, and the layers not in play, are folded otherwise)
    #[arg(long, requires = "explain")]
    full: bool,
    #[arg(long)]
    json: bool,
}

/// A policy file's text, read once (`-` is standard input).
struct Source {
    name: String,
    text: String,
}

fn source(file: &str, stdin_used: &mut bool) -> Option<Source> {
    if file == "-" {
        if *stdin_used {
            eprintln!("standard input (`-`) can be read only once");
            return None;
        }
        *stdin_used = true;
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("standard input: cannot read: {e}");
            return None;
        }
        return Some(Source {
            name: "<stdin>".into(),
            text,
        });
    }
    Some(Source {
        name: file.to_string(),
        text: read(file)?,
    })
}

/// Parses a policy; prints its errors (located in its file) and returns `None` when
/// it has any: AWS would refuse to store it.
fn policy(src: &Source, kind: PolicyKind, origin: &str) -> Option<NamedPolicy> {
    let p = Policy::parse(&src.text, kind);
    let mut bad = false;
    for d in &p.diagnostics {
        let severity = if d.is_error() { "error" } else { "warning" };
        bad |= d.is_error();
        eprintln!(
            "{}:{}:{}: {severity}: {} (at {})",
            src.name, d.location.line, d.location.column, d.message, d.path
        );
    }
    if bad {
        return None;
    }
    Some(NamedPolicy {
        name: src.name.clone(),
        origin: Some(origin.into()),
        policy: Arc::new(p),
    })
}

/// `KEY=VALUE` pairs as a context; a key given twice is multivalued.
fn context(pairs: &[String]) -> Option<Context> {
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    for pair in pairs {
        let Some((k, v)) = pair.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            eprintln!("--context `{pair}`: write KEY=VALUE, such as aws:SourceIp=203.0.113.7");
            return None;
        };
        match keys
            .iter_mut()
            .find(|(have, _)| have.eq_ignore_ascii_case(k))
        {
            Some((_, values)) => values.push(v.to_string()),
            None => keys.push((k.to_string(), vec![v.to_string()])),
        }
    }
    let mut ctx = Context::default();
    for (k, values) in keys {
        let multi = values.len() > 1;
        ctx.insert(&k, values, multi);
    }
    Some(ctx)
}

pub fn run(args: &Args) -> u8 {
    let caller = match Caller::from_spec(CallerSpec {
        arn: Some(args.principal.clone()),
        ..CallerSpec::default()
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("--principal `{}`: {e}", args.principal);
            return 2;
        }
    };
    let mut stdin_used = false;
    let mut identity = Vec::new();
    for f in &args.policies {
        let Some(src) = source(f, &mut stdin_used) else {
            return 2;
        };
        let Some(p) = policy(&src, PolicyKind::Identity, "identity-based policy") else {
            return 2;
        };
        identity.push(p);
    }
    let boundary = match &args.boundary {
        Some(f) => {
            let Some(p) = source(f, &mut stdin_used).and_then(|src| {
                policy(
                    &src,
                    PolicyKind::PermissionsBoundary,
                    "permissions boundary",
                )
            }) else {
                return 2;
            };
            Some(p)
        }
        None => None,
    };
    let resource_source = match &args.resource_policy {
        Some(f) => match source(f, &mut stdin_used) {
            Some(s) => Some(s),
            None => return 2,
        },
        None => None,
    };
    let Some(ctx) = context(&args.context) else {
        return 2;
    };
    let Some(actions) = expand_actions(&args.action) else {
        return 2;
    };
    let resources = if args.resource.is_empty() {
        vec!["*".to_string()]
    } else {
        args.resource.clone()
    };
    let mut rows = Vec::new();
    let mut parsed_as: Vec<(ResourcePolicyKind, Option<NamedPolicy>)> = Vec::new();
    for (action, from_pattern) in &actions {
        for resource in &resources {
            let warnings = reqcheck::check(
                action,
                resource,
                args.context
                    .iter()
                    .filter_map(|p| p.split_once('=').map(|(k, _)| k)),
            );
            if off_target(*from_pattern, resource, &warnings) {
                continue;
            }
            // The resource policy's kind follows from the request, as in a case file.
            let kind = ResourcePolicyKind::infer(action, resource);
            let resource_policy = match &resource_source {
                Some(src) => {
                    // Parsed once for each kind the requests call for (its problems
                    // printed once).
                    let parsed = match parsed_as.iter().find(|(k, _)| *k == kind) {
                        Some((_, p)) => p.clone(),
                        None => {
                            let pk = match kind {
                                ResourcePolicyKind::Resource => PolicyKind::Resource,
                                ResourcePolicyKind::RoleTrust => PolicyKind::RoleTrust,
                                ResourcePolicyKind::KeyPolicy => PolicyKind::KeyPolicy,
                            };
                            let p = policy(src, pk, "resource-based policy");
                            parsed_as.push((kind, p.clone()));
                            p
                        }
                    };
                    let Some(p) = parsed else {
                        return 2;
                    };
                    Some(p)
                }
                None => None,
            };
            let request = Request {
                action: action.clone(),
                resource: resource.clone(),
                context: ctx.clone(),
            };
            let case = Case {
                name: format!("{action} on {resource}"),
                identity_policies: identity.clone(),
                permissions_boundary: boundary.clone(),
                resource_policy,
                ..Case::bare(caller.clone(), request)
            };
            let outcome = decide(&case, args.explain || args.json);
            rows.push((action, resource, outcome, warnings, *from_pattern));
        }
    }
    if args.json {
        let results: Vec<_> = rows
            .iter()
            .map(|(action, resource, o, w, _)| {
                let mut v = serde_json::json!({
                    "action": action,
                    "resource": resource,
                    "decision": o.decision.name(),
                    "blocked_by": o.blocked_by.map(|b| b.name()),
                    "summary": o.trace.as_ref().map(|t| t.summary.clone()),
                    "request_warnings": w,
                });
                if let (true, Some(obj), Some(t)) = (args.explain, v.as_object_mut(), &o.trace) {
                    obj.insert("trace".into(), serde_json::json!(t));
                }
                v
            })
            .collect();
        let doc = serde_json::json!({ "principal": args.principal, "results": results });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return 0;
    }
    if rows.is_empty() {
        eprintln!("no action of the patterns acts on the resources given");
        return 2;
    }
    let action_w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(6);
    let resource_w = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(8);
    println!("Caller: {}", args.principal);
    println!(
        "{:action_w$}  {:resource_w$}  DECISION",
        "ACTION", "RESOURCE"
    );
    let mut star = 0;
    for (action, resource, o, warnings, from_pattern) in &rows {
        let by = o
            .blocked_by
            .map(|b| format!(" (blocked by {})", b.name()))
            .unwrap_or_default();
        println!(
            "{action:action_w$}  {resource:resource_w$}  {}{by}",
            o.decision.name()
        );
        for w in shown(*from_pattern, warnings, &mut star) {
            println!("  warning: {}", w.message);
        }
        if args.explain {
            if let Some(t) = &o.trace {
                let options = render::Options {
                    full: args.full,
                    ..render::Options::default()
                };
                print!("{}", render::text_with(t, options));
            }
        }
    }
    if let Some(note) = star_note(star) {
        println!("{note}");
    }
    0
}
