//! The organization forms: create it, add OUs (moving accounts into them), write
//! SCPs and RCPs and attach them to the root, an OU or an account.

use super::{add_to_policy, check_account, exists, q};
use crate::jsonedit::{get, k, push, remove, set, Seg};
use serde_json::{json, Value};

/// A place that SCPs and RCPs attach to: the root, an OU or a member account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// "Root", "OU Production", "OU Production / Web", "account 111122223333".
    pub label: String,
    pub path: Vec<Seg>,
}

/// Encodes a node's path for a form's select (`organization/root/ous/0`).
pub fn path_key(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The node whose [`path_key`] is `key`.
pub fn node_by_key(text: &str, key: &str) -> Option<Node> {
    nodes(text).into_iter().find(|n| path_key(&n.path) == key)
}

/// Whether the document has an organization.
pub fn has_org(text: &str) -> bool {
    exists(text, &[k("organization")])
}

/// Every node of the organization, root first, OUs depth first, then the accounts
/// placed in the tree.
pub fn nodes(text: &str) -> Vec<Node> {
    let Some(org) = get(text, &[k("organization")]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let root_path = vec![k("organization"), k("root")];
    out.push(Node {
        label: "Root".into(),
        path: root_path.clone(),
    });
    let mut accounts = Vec::new();
    if let Some(root) = org.get("root") {
        walk(root, &root_path, "", &mut out, &mut accounts);
    }
    for a in accounts {
        out.push(Node {
            label: format!("account {a}"),
            path: vec![k("accounts"), k(&a)],
        });
    }
    out
}

fn walk(node: &Value, path: &[Seg], label: &str, out: &mut Vec<Node>, accounts: &mut Vec<String>) {
    for a in node
        .get("accounts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        accounts.push(a.to_string());
    }
    for (i, ou) in node
        .get("ous")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let name = ou
            .get("name")
            .and_then(Value::as_str)
            .or_else(|| ou.get("id").and_then(Value::as_str))
            .unwrap_or("(unnamed)");
        let l = if label.is_empty() {
            name.to_string()
        } else {
            format!("{label} / {name}")
        };
        let mut p = path.to_vec();
        p.extend([k("ous"), Seg::Index(i)]);
        out.push(Node {
            label: format!("OU {l}"),
            path: p.clone(),
        });
        walk(ou, &p, &l, out, accounts);
    }
}

/// Where account `id` is placed in the tree: the path of its item in an `accounts` list.
pub(super) fn placed(text: &str, id: &str) -> Option<Vec<Seg>> {
    nodes(text)
        .into_iter()
        .filter(|n| n.path.first() == Some(&k("organization")))
        .find_map(|n| {
            let mut p = n.path.clone();
            p.push(k("accounts"));
            let list = get(text, &p)?;
            let i = list
                .as_array()?
                .iter()
                .position(|a| a.as_str() == Some(id))?;
            p.push(Seg::Index(i));
            Some(p)
        })
}

/// Creates the organization with its management account and the member accounts
/// placed at the root.
pub fn create_org(text: &str, management: &str, members: &[String]) -> Result<String, String> {
    if has_org(text) {
        return Err("the scenario has an organization already: add OUs to it".into());
    }
    check_account(management)?;
    if !exists(text, &[k("accounts"), k(management)]) {
        return Err(format!("add account {management} first"));
    }
    let mut accounts = vec![management.to_string()];
    for m in members {
        if !exists(text, &[k("accounts"), k(m)]) {
            return Err(format!("there is no account {m}"));
        }
        if !accounts.contains(m) {
            accounts.push(m.clone());
        }
    }
    let id = format!(
        "o-{}",
        iam_engine::world::model::pseudo_random(
            management,
            10,
            b"abcdefghijklmnopqrstuvwxyz0123456789"
        )
    );
    let org = json!({
        "id": id,
        "management_account": management,
        "root": { "accounts": accounts },
    });
    set(text, &[k("organization")], &org.to_string())
}

/// Adds an OU under `parent` (the root or an OU) and moves `accounts` into it (an
/// account not yet in the organization joins it).
pub fn add_ou(
    text: &str,
    parent: &[Seg],
    name: &str,
    accounts: &[String],
) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 128 {
        return Err("give the OU a name of 1 to 128 characters".into());
    }
    let parent_node = get(text, parent).ok_or("pick where the OU goes: the root or an OU")?;
    if parent_node
        .get("ous")
        .and_then(Value::as_array)
        .is_some_and(|ous| {
            ous.iter()
                .any(|o| o.get("name").and_then(Value::as_str) == Some(name))
        })
    {
        return Err(format!("there is an OU called {name} there already"));
    }
    let mut t = text.to_string();
    for a in accounts {
        if !exists(&t, &[k("accounts"), k(a)]) {
            return Err(format!("there is no account {a}"));
        }
        if let Some(p) = placed(&t, a) {
            t = remove(&t, &p)?;
        }
    }
    let mut ou = serde_json::Map::new();
    ou.insert("name".into(), json!(name));
    if !accounts.is_empty() {
        ou.insert("accounts".into(), json!(accounts));
    }
    let mut p = parent.to_vec();
    p.push(k("ous"));
    push(&t, &p, &Value::Object(ou).to_string())
}

/// `scp` or `rcp`: the list a node attaches them in and the policy attached by default.
fn kind_fields(kind: &str) -> Result<(&'static str, &'static str), String> {
    match kind {
        "scp" => Ok(("scps", "FullAWSAccess")),
        "rcp" => Ok(("rcps", "RCPFullAWSAccess")),
        _ => Err("an organization policy is an SCP or an RCP".into()),
    }
}

/// Adds a statement to the SCP or RCP `name` (made when it does not exist) and
/// attaches the policy to `attach_to` when given.
pub fn add_org_statement(
    text: &str,
    kind: &str,
    name: &str,
    stmt: &str,
    attach_to: Option<&[Seg]>,
) -> Result<String, String> {
    kind_fields(kind)?;
    if !has_org(text) {
        return Err("create the organization first".into());
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 128 {
        return Err("give the policy a name of 1 to 128 characters".into());
    }
    if name == "FullAWSAccess" || name == "RCPFullAWSAccess" {
        return Err(format!(
            "{name} is AWS's own policy: write a policy of your own"
        ));
    }
    let base = [k("organization"), k("policies"), k(name)];
    let t = match get(text, &base) {
        Some(p) => {
            let ty = p.get("type").and_then(Value::as_str).unwrap_or_default();
            if ty != kind {
                return Err(format!("{name} is an {} already, not an {}", ty.to_uppercase(), kind.to_uppercase()));
            }
            let mut doc = base.to_vec();
            doc.push(k("document"));
            add_to_policy(text, &doc, stmt)?
        }
        None => set(
            text,
            &base,
            &format!(
                "{{\"type\": {}, \"document\": {{\"Version\": \"2012-10-17\", \"Statement\": [{stmt}]}}}}",
                q(kind)
            ),
        )?,
    };
    match attach_to {
        Some(node) => attach(&t, node, kind, name),
        None => Ok(t),
    }
}

/// Attaches SCP or RCP `name` to a node. A node without a list has AWS's full-access
/// policy attached, and attaching another policy keeps it, as in AWS.
pub fn attach(text: &str, node: &[Seg], kind: &str, name: &str) -> Result<String, String> {
    let (field, full) = kind_fields(kind)?;
    if !exists(text, node) {
        return Err("pick where to attach the policy".into());
    }
    let mut p = node.to_vec();
    p.push(k(field));
    match get(text, &p) {
        None => set(text, &p, &json!([full, name]).to_string()),
        Some(Value::Array(list)) if list.iter().any(|x| x.as_str() == Some(name)) => {
            Err(format!("{name} is attached there already"))
        }
        Some(_) => push(text, &p, &q(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{add_account, statement, Who};
    use crate::results::evaluate;

    const START: &str =
        "{\n  \"format\": \"iam-playground/scenario@1\",\n  \"now\": \"2026-06-01T09:00:00Z\"\n}\n";

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn an_organization_with_an_ou_and_an_scp_is_built_with_the_forms() {
        let mut t = START.to_string();
        for a in ["111111111111", "222222222222", "333333333333"] {
            t = add_account(&t, a, "").unwrap();
        }
        assert!(nodes(&t).is_empty());
        t = create_org(&t, "111111111111", &v(&["222222222222", "333333333333"])).unwrap();
        assert!(create_org(&t, "111111111111", &[]).is_err());
        let root = vec![k("organization"), k("root")];
        t = add_ou(&t, &root, "Production", &v(&["222222222222"])).unwrap();
        assert!(add_ou(&t, &root, "Production", &[]).is_err());
        let labels: Vec<String> = nodes(&t).into_iter().map(|n| n.label).collect();
        assert_eq!(
            labels,
            [
                "Root",
                "OU Production",
                "account 111111111111",
                "account 333333333333",
                "account 222222222222"
            ]
        );
        let ou = node_by_key(&t, "organization/root/ous/0").unwrap();
        t = add_ou(&t, &ou.path, "Web", &v(&["333333333333"])).unwrap();
        assert!(nodes(&t).iter().any(|n| n.label == "OU Production / Web"));
        // The account moved: it is in the tree once.
        assert_eq!(t.matches("\"333333333333\"").count(), 2, "{t}");

        let deny = statement(false, None, &v(&["s3:DeleteBucket"]), &v(&["*"]), None).unwrap();
        t = add_org_statement(&t, "scp", "NoBucketDeletes", &deny, Some(&ou.path)).unwrap();
        let scps = get(
            &t,
            &[
                k("organization"),
                k("root"),
                k("ous"),
                Seg::Index(0),
                k("scps"),
            ],
        )
        .unwrap();
        assert_eq!(scps, json!(["FullAWSAccess", "NoBucketDeletes"]));
        assert!(attach(&t, &ou.path, "scp", "NoBucketDeletes").is_err());
        // A second statement goes into the same policy (the same one again does not);
        // the kind must match.
        assert!(add_org_statement(&t, "scp", "NoBucketDeletes", &deny, None).is_err());
        let deny2 = statement(false, None, &v(&["s3:DeleteObject"]), &v(&["*"]), None).unwrap();
        t = add_org_statement(&t, "scp", "NoBucketDeletes", &deny2, None).unwrap();
        assert!(add_org_statement(&t, "rcp", "NoBucketDeletes", &deny, None).is_err());
        let rcp = statement(false, Some(&Who::Everyone), &v(&["s3:*"]), &v(&["*"]), None).unwrap();
        t = add_org_statement(&t, "rcp", "NoS3", &rcp, Some(&root)).unwrap();

        // The document still loads and decides.
        t = crate::build::add_user(&t, "222222222222", "ana", &[]).unwrap();
        let e = evaluate(&t, 1);
        assert_eq!(e.errors(), 0, "{:?}\n{t}", e.problems);
    }
}
