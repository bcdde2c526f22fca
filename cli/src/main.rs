//! `iam-eval`: runs decision case files (see shared/conformance/FORMAT.md) and asks
//! questions of scenarios. `iam-eval --help` lists the commands, `iam-eval help CMD`
//! shows one with an example.
//!
//! Exit codes: 0 all cases pass (or help was asked for), 1 some case fails (or, for
//! `actions`, a pattern covers nothing), 2 a file cannot be read, a case is invalid or
//! the command line is wrong (the message names the file, the case, the line and
//! column, or the argument).

use clap::{Parser, Subcommand};
use iam_engine::case::Case;
use iam_engine::casefile::{read_cases, read_cases_split, CaseEntry, CaseError};
use iam_engine::reqcheck::{self, RequestWarning};
use iam_engine::{decide, render};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

mod output;
mod simulate;
mod world;

/// Reading a case file allocates for every JSON value and every policy element, and
/// glibc's allocator spent a quarter of `iam-eval check`'s instructions (mimalloc: a
/// third fewer instructions in all; tests/bench/cli_throughput.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "Start with: iam-eval scenario scenarios/01-default-deny.json, then open the file.

Examples:
  iam-eval check tests/cases/basics.json
  iam-eval explain tests/cases/boundaries.json --case \"boundary does not allow the action\"
  iam-eval scenario scenarios/02-allow.json --explain
  iam-eval who-can scenarios/02-allow.json --action 's3:Get*' --resource arn:aws:s3:::team-reports/reports/q1.csv
  iam-eval principal-can scenarios/14-cross-account-role.json --who role:UpdateApp
  iam-eval validate policy.json --kind identity
  iam-eval actions 's3:Get*'
  iam-eval schema > scenario.schema.json
  iam-eval link scenarios/02-allow.json --base https://example.com/play/
  iam-eval simulate --policy policy.json --action 's3:Get*' --resource arn:aws:s3:::reports/q1.csv
  iam-eval import account.json > my-account.json   from aws iam get-account-authorization-details
  iam-eval help who-can        one command's options, with more examples

Exit codes: 0 success, 1 a case or expectation failed (or a pattern covers nothing),
2 a file cannot be read, a case is invalid, or the command line is wrong.";

/// Decides AWS IAM requests as AWS documents it, and explains every step.
#[derive(Parser)]
#[command(name = "iam-eval", version, after_help = EXAMPLES, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check case files: one line per case whose decision is not its `expected`
    #[command(after_help = "Example:
  iam-eval check tests/cases/basics.json tests/cases/conditions.json
  iam-eval check --json tests/cases/basics.json   one JSON object per case and line

Cases without `expected` are listed with their decision. Exit code 0 when every case
passes, 1 when one fails, 2 when a file cannot be read or a case is invalid.")]
    Check {
        /// One JSON object per case and line instead of text
        #[arg(long)]
        json: bool,
        /// Case files (JSON array of cases, or one case)
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// The step-by-step trace of one case's decision
    #[command(after_help = "Example:
  iam-eval explain tests/cases/basics.json --case \"same-account identity allow\"
  iam-eval explain case.json --json     the trace as data, as the playground draws it

The policies of SCP and RCP levels that only allow everything (FullAWSAccess,
RCPFullAWSAccess) and the layers not in play take a line each; --full shows them.
For a scenario, use `iam-eval scenario FILE --explain`.")]
    Explain {
        /// A case file
        file: String,
        /// The case to explain (needed when the file holds several)
        #[arg(long, value_name = "NAME")]
        case: Option<String>,
        /// The trace as JSON
        #[arg(long)]
        json: bool,
        /// Every policy, layer and context key: without it, SCPs and RCPs that only allow
        /// everything (FullAWSAccess, RCPFullAWSAccess) and the layers not in play are
        /// folded into a line each
        #[arg(long)]
        full: bool,
    },
    /// Run a scenario's requests and compare them with their `expect`
    #[command(after_help = "Example:
  iam-eval scenario scenarios/01-default-deny.json
  iam-eval scenario scenarios/14-cross-account-role.json --request \"Step 3: david assumes UpdateApp\" --explain

Exit code 1 when an expectation is not met.")]
    Scenario {
        /// A scenario document (docs/SCENARIO.md)
        file: String,
        /// Show only this request (the earlier ones still run: they create sessions)
        #[arg(long, value_name = "NAME")]
        request: Option<String>,
        /// Each decision's trace
        #[arg(long)]
        explain: bool,
        /// With --explain: every policy, layer and context key, nothing folded
        #[arg(long, requires = "explain")]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// Which principals of a scenario may call an action on a resource
    #[command(after_help = "Example:
  iam-eval who-can scenarios/14-cross-account-role.json --action sts:AssumeRole --resource arn:aws:iam::999999999999:role/UpdateApp
  iam-eval who-can scenarios/02-allow.json --action 's3:Get*' --resource arn:aws:s3:::team-reports/reports/q1.csv
  iam-eval who-can scenarios/14-cross-account-role.json --action s3:PutObject

An action pattern is expanded through the action catalog; each action is asked.
Without --resource, every resource of the scenario the action acts on is asked (an
object action on a bucket asks about `BUCKET/example-object`). Principals that reach
the resource through roles they may assume are shown with the chain
(david → sts:AssumeRole UpdateApp → s3:PutObject). What a trust policy asks the caller
to bring is named, never assumed: an external ID (`with ExternalId `X` (the caller must
know it)`) or MFA; in JSON, `requires`.")]
    WhoCan {
        /// A scenario document
        file: String,
        /// An action or an action pattern (`s3:Get*`); may be given more than once
        #[arg(long, value_name = "ACTION", required = true, num_args = 1.., action = clap::ArgAction::Append)]
        action: Vec<String>,
        /// The resource ARN (default: every resource of the scenario the action acts on)
        #[arg(long, value_name = "ARN")]
        resource: Option<String>,
        /// List every principal not allowed, with the reason (without it, only when
        /// there are five or fewer)
        #[arg(long)]
        denied: bool,
        #[arg(long)]
        json: bool,
    },
    /// What one principal of a scenario may do on the scenario's resources
    #[command(after_help = "Example:
  iam-eval principal-can scenarios/14-cross-account-role.json --who role:UpdateApp
  iam-eval principal-can scenarios/14-cross-account-role.json --who arn:aws:iam::111111111111:user/david
  iam-eval principal-can scenarios/06-root-user.json --who root:222233334444

For each resource: the actions allowed (of those the principal's and the resource's
policies name; for a root user, every action of the resource's service), the
conditions they were allowed under, or \"nothing tried\" when no policy names one.")]
    PrincipalCan {
        /// A scenario document
        file: String,
        /// user:NAME, role:NAME, root:ACCOUNT, an account ID or the principal's ARN
        #[arg(long, value_name = "WHO")]
        who: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate policies, or every policy of a scenario or case file, as Access Analyzer would
    #[command(after_help = "Example:
  iam-eval validate policy.json
  iam-eval validate bucket-policy.json --kind resource
  iam-eval validate scenarios/12-organization-scps-rcps.json
  iam-eval validate tests/cases/basics.json

Without --kind, a policy's kind is read from its content and said: a statement with
`Principal` makes it a resource-based policy, and with `sts:AssumeRole*` a role trust
policy. Each finding shows its line with a caret and the fix. Exit code 1 when an
error is found.")]
    Validate {
        /// Policy documents, scenario documents or case files
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
        /// The kind of a policy file: identity, resource, trust, key, boundary, session,
        /// scp, rcp or endpoint (default: read from the policy)
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The actions an action pattern covers, from the action catalog
    #[command(after_help = "Example:
  iam-eval actions 's3:Get*' 'iam:*User*'

Exit code 1 when a pattern covers no action (the closest one is suggested).")]
    Actions {
        /// Action patterns such as `s3:Get*`
        #[arg(value_name = "PATTERN", required = true)]
        patterns: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// The scenario document's JSON Schema
    #[command(after_help = "Example:
  iam-eval schema > scenario.schema.json")]
    Schema,
    /// A scenario's share link, or the scenario a share link holds (docs/SHARE-LINK.md)
    #[command(after_help = "Example:
  iam-eval link scenarios/02-allow.json --base https://example.com/play/
  iam-eval link --decode '#scenario/fU89T8Mw...'")]
    Link {
        /// A scenario document
        #[arg(required_unless_present = "decode", conflicts_with = "decode")]
        file: Option<String>,
        /// The page the link opens (without it, just `#scenario/<payload>`)
        #[arg(long, value_name = "URL", conflicts_with = "decode")]
        base: Option<String>,
        /// Print the scenario document a share link (or its payload) holds
        #[arg(long, value_name = "LINK_OR_PAYLOAD", allow_hyphen_values = true)]
        decode: Option<String>,
    },
    /// A scenario from your account: the output of `aws iam get-account-authorization-details`
    #[command(after_help = "Example:
  aws iam get-account-authorization-details > account.json
  iam-eval import account.json > my-account.json
  iam-eval import dev.json prod.json describe-scp.json > org.json   several accounts, and SCPs

Each FILE is the output of `aws iam get-account-authorization-details` (one account,
every page; the policy documents URL-encoded as the API returns them, or decoded as the
AWS CLI prints them), `aws organizations describe-policy` or `aws organizations
list-policies`. The scenario goes to standard output; what was imported, and what was
left out and why (MFA devices, access keys, resources, where SCPs are attached), to
standard error. Nothing is invented. Exit code 2 when a file cannot be read or is none
of these outputs.")]
    Import {
        /// Outputs of the AWS CLI (`-` is standard input)
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// Ask a question without writing a scenario: policies, actions, resources
    #[command(after_help = "Example:
  iam-eval simulate --policy policy.json --action 's3:Get*' --action s3:PutObject --resource arn:aws:s3:::reports/q1.csv
  cat policy.json | iam-eval simulate --policy - --boundary boundary.json --action iam:CreateUser --resource '*'

The caller is `--principal` (default arn:aws:iam::111122223333:user/simulated); the
policies are its identity-based policies. A table of decisions by action and resource;
exit code 0 whatever they are.")]
    Simulate(simulate::Args),
}

fn main() -> ExitCode {
    output::end_quietly_on_closed_output();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let code = match cli.command {
        Command::Check { json, files } => check(&files, json),
        Command::Explain {
            file,
            case,
            json,
            full,
        } => explain(&file, case.as_deref(), json, full),
        Command::Scenario {
            file,
            request,
            explain,
            full,
            json,
        } => {
            let explain = explain.then_some(render::Options {
                full,
                ..render::Options::default()
            });
            world::scenario(&file, request.as_deref(), explain, json)
        }
        Command::WhoCan {
            file,
            action,
            resource,
            denied,
            json,
        } => world::who_can(&file, &action, resource.as_deref(), denied, json),
        Command::PrincipalCan { file, who, json } => world::principal_can(&file, &who, json),
        Command::Validate { files, kind, json } => world::validate(&files, kind.as_deref(), json),
        Command::Actions { patterns, json } => world::actions(&patterns, json),
        Command::Schema => world::schema(),
        Command::Link { file, base, decode } => match decode {
            Some(input) => world::decode_link(&input),
            None => world::link(file.as_deref().unwrap_or_default(), base.as_deref()),
        },
        Command::Simulate(args) => simulate::run(&args),
        Command::Import { files } => world::import(&files),
    };
    ExitCode::from(code)
}

/// Reads a case file; on failure prints every fault and returns `None`. (The errors of
/// the cases' policies are part of each case's `Invalid` decision, not of the file.)
fn load(file: &str) -> Option<Vec<CaseEntry>> {
    let text = read_file(file).ok()?;
    // A case whose policies AWS would refuse to store is not a fault of the file: it
    // is decided `Invalid` with its located errors, and the other cases run on.
    read_cases(&text)
        .map_err(|errors| report_faults(file, errors))
        .ok()
}

/// A file's text; when it cannot be read, says so.
fn read_file(file: &str) -> Result<String, ()> {
    std::fs::read_to_string(file).map_err(|e| eprintln!("{file}: cannot read: {e}"))
}

/// Prints the faults of a case file, each with its place.
fn report_faults(file: &str, errors: Vec<CaseError>) {
    for e in errors {
        eprintln!("{file}:{e}");
    }
}

/// The request checks' lines under a result: `  warning: ...`.
fn warning_lines(out: &mut impl Write, indent: &str, warnings: &[RequestWarning]) {
    for w in warnings {
        let _ = writeln!(out, "{indent}warning: {}", w.message);
    }
}

fn check(files: &[String], json_out: bool) -> u8 {
    // Each case is decided as soon as it is read, and its lines are kept until every
    // file has been read: a fault in any file means no result is printed at all.
    let mut report = Report::new(json_out);
    let mut bad = false;
    // A large file is read and decided on every core, in runs of whole cases.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    for file in files {
        let read = read_file(file).and_then(|text| {
            read_cases_split(
                &text,
                threads,
                || Report::new(json_out),
                |part, entry| part.case(file, &entry.case),
            )
            .map_err(|errors| report_faults(file, errors))
        });
        match read {
            Ok(parts) if !bad => parts.into_iter().for_each(|part| report.join(part)),
            _ => bad = true,
        }
    }
    if bad {
        return 2;
    }
    let Report {
        mut out,
        passed,
        failed,
        ..
    } = report;
    let summary = format!("{passed} passed, {failed} failed");
    if json_out {
        eprintln!("{summary}");
    } else {
        let _ = writeln!(out, "{summary}");
    }
    let _ = std::io::stdout().lock().write_all(&out);
    u8::from(failed > 0)
}

/// What `check` prints, as it decides case after case.
struct Report {
    out: Vec<u8>,
    json: bool,
    passed: usize,
    failed: usize,
}

impl Report {
    fn new(json: bool) -> Report {
        Report {
            out: Vec::new(),
            json,
            passed: 0,
            failed: 0,
        }
    }

    /// Appends what another part of the files printed after this one.
    fn join(&mut self, part: Report) {
        self.out.extend_from_slice(&part.out);
        self.passed += part.passed;
        self.failed += part.failed;
    }

    fn case(&mut self, file: &str, case: &Case) {
        let out = &mut self.out;
        let outcome = decide(case, false);
        let pass = case.expected.map(|e| e == outcome.decision);
        match pass {
            Some(true) => self.passed += 1,
            Some(false) => self.failed += 1,
            None => {}
        }
        let blocked = outcome.blocked_by.map(|b| b.name());
        if self.json {
            let warnings = reqcheck::check_case(case);
            let mut line = json!({
                "file": file,
                "name": case.name,
                "expected": case.expected.map(|d| d.name()),
                "decision": outcome.decision.name(),
                "blocked_by": blocked,
                "pass": pass,
                "request_warnings": warnings,
            });
            if !outcome.errors.is_empty() {
                // FORMAT.md: each error's message, JSON path, line and column (and
                // the fix, which policy and which layer).
                let errors: Vec<_> = outcome
                    .errors
                    .iter()
                    .map(|e| {
                        let d = &e.diagnostic;
                        json!({
                            "policy": e.policy,
                            "layer": e.layer.name(),
                            "code": d.code,
                            "message": d.message,
                            "help": d.help,
                            "path": d.path,
                            "line": d.location.line,
                            "column": d.location.column,
                        })
                    })
                    .collect();
                if let Some(o) = line.as_object_mut() {
                    o.insert("errors".into(), json!(errors));
                }
            }
            let _ = writeln!(out, "{line}");
            return;
        }
        let by = blocked
            .map(|b| format!(" (blocked by {b})"))
            .unwrap_or_default();
        match (pass, case.expected) {
            (Some(false), Some(expected)) => {
                let _ = writeln!(
                    out,
                    "FAIL {file}: {}: expected {}, got {}{by}",
                    case.name,
                    expected.name(),
                    outcome.decision.name()
                );
                for e in &outcome.errors {
                    let _ = writeln!(out, "  {e}");
                }
            }
            (None, _) => {
                let _ = writeln!(
                    out,
                    "UNCHECKED {file}: {}: no `expected`; the decision is {}{by}",
                    case.name,
                    outcome.decision.name()
                );
            }
            _ => return,
        }
        // Beside a failure (or an unchecked decision), what may explain it: checked
        // only here, so that a passing case costs no more than its decision.
        warning_lines(out, "  ", &reqcheck::check_case(case));
    }
}

fn explain(file: &str, case_name: Option<&str>, json_out: bool, full: bool) -> u8 {
    if let Ok(text) = std::fs::read_to_string(file) {
        if world::is_scenario(&text) {
            eprintln!(
                "{file}: this is a scenario, not a case file: use `iam-eval scenario {file} --explain` (with `--request NAME` for one request)"
            );
            return 2;
        }
    }
    let Some(cases) = load(file) else {
        return 2;
    };
    let entry = match case_name {
        Some(n) => match cases.iter().find(|c| c.case.name == n) {
            Some(e) => e,
            None => {
                eprintln!("{file}: no case named `{n}`; cases: {}", names(&cases));
                return 2;
            }
        },
        None => match cases.as_slice() {
            [one] => one,
            [] => {
                eprintln!("{file}: the file holds no case");
                return 2;
            }
            _ => {
                eprintln!(
                    "{file}: the file holds {} cases: choose one with --case NAME; cases: {}",
                    cases.len(),
                    names(&cases)
                );
                return 2;
            }
        },
    };
    let outcome = decide(&entry.case, true);
    let Some(trace) = outcome.trace else {
        eprintln!("{file}: no trace was produced");
        return 2;
    };
    let warnings = reqcheck::check_case(&entry.case);
    if json_out {
        // The trace, with the request's checks as one more field.
        let mut value = match serde_json::to_value(&trace) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("cannot serialise the trace: {e}");
                return 2;
            }
        };
        if let Some(obj) = value.as_object_mut() {
            obj.insert("request_warnings".into(), json!(warnings));
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        println!("Case: {}", entry.case.name);
        if let Some(doc) = &entry.doc {
            println!("Doc: {doc}");
        }
        if let Some(e) = entry.case.expected {
            let verdict = if e == outcome.decision {
                "as expected"
            } else {
                "NOT as expected"
            };
            println!("Expected: {} ({verdict})", e.name());
        }
        warning_lines(&mut std::io::stdout(), "", &warnings);
        let options = render::Options {
            full,
            ..render::Options::default()
        };
        print!("{}", render::text_with(&trace, options));
    }
    match entry.case.expected {
        Some(e) if e != outcome.decision => 1,
        _ => 0,
    }
}

fn names(cases: &[CaseEntry]) -> String {
    cases
        .iter()
        .map(|c| format!("`{}`", c.case.name))
        .collect::<Vec<_>>()
        .join(", ")
}
