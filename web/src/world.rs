//! The world as a tree (organization, OUs, accounts, users, groups, roles, instance
//! profiles, policies, resources, and the requests asked of it), read from the scenario
//! text with positions, so each node can select its place in the document.

use iam_engine::json::{self, Node, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What it is: `account`, `user`, `group`, `role`, `policy`...
    pub kind: &'static str,
    pub label: String,
    /// A short fact ("in Developers", "trusts 111111111111").
    pub detail: String,
    /// The byte span of its definition in the document.
    pub span: (usize, usize),
    /// What deleting it removes, for the things the panel can delete.
    pub thing: Option<crate::build::Thing>,
    pub children: Vec<Item>,
}

fn item(kind: &'static str, label: String, detail: String, n: &Node, children: Vec<Item>) -> Item {
    Item {
        kind,
        label,
        detail,
        span: (n.span.start as usize, n.span.end as usize),
        thing: None,
        children,
    }
}

fn named(mut i: Item, kind: &str, acct: &str) -> Item {
    i.thing = Some(crate::build::Thing::Named {
        kind: kind.into(),
        acct: acct.into(),
        name: i.label.clone(),
    });
    i
}

/// The members of an object node (none for anything else).
pub(crate) fn members<'a>(n: Option<&'a Node<'a>>) -> &'a [(json::Key<'a>, Node<'a>)] {
    n.and_then(|n| n.as_object()).unwrap_or_default()
}

fn strings(n: Option<&Node>) -> Vec<String> {
    match n.map(|n| &n.value) {
        Some(Value::String(s)) => vec![s.to_string()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => vec![],
    }
}

fn short(list: &[String]) -> String {
    list.iter()
        .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tree of a document; empty when the text is not JSON.
pub fn tree(text: &str) -> Vec<Item> {
    json::parse(text).map_or_else(|_| vec![], |root| tree_of(&root))
}

/// The tree of a parsed document.
pub fn tree_of(root: &Node) -> Vec<Item> {
    let mut out = vec![];
    if let Some(org) = root.get("organization") {
        out.push(organization(org));
    }
    for (k, a) in members(root.get("accounts")) {
        out.push(account(&k.name, a));
    }
    if let Some(list) = root.get("requests") {
        if let Value::Array(rs) = &list.value {
            if !rs.is_empty() {
                out.push(requests(list, rs));
            }
        }
    }
    out
}

/// The requests, so they can be renamed and deleted like the rest of the world.
fn requests(list: &Node, rs: &[Node]) -> Item {
    let children = rs
        .iter()
        .map(|r| {
            let field = |k: &str| {
                r.get(k)
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let mut i = item("request", field("name"), field("action"), r, vec![]);
            i.thing = Some(crate::build::Thing::Request(i.label.clone()));
            i
        })
        .collect();
    item("requests", "Requests".into(), String::new(), list, children)
}

fn organization(org: &Node) -> Item {
    let mut children = vec![];
    for (k, p) in members(org.get("policies")) {
        let kind = p.get("type").and_then(|t| t.as_str()).unwrap_or("SCP");
        children.push(item(
            "policy",
            k.name.to_string(),
            kind.to_ascii_uppercase(),
            p,
            vec![],
        ));
    }
    if let Some(r) = org.get("root") {
        children.push(ou(r, true));
    }
    let id = org.get("id").and_then(|v| v.as_str()).unwrap_or_default();
    let mgmt = org
        .get("management_account")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    item(
        "organization",
        format!("Organization {id}"),
        format!("management account {mgmt}"),
        org,
        children,
    )
}

fn ou(n: &Node, root: bool) -> Item {
    let name = n.get("name").and_then(|v| v.as_str()).map(String::from);
    let mut detail = vec![];
    let scps = strings(n.get("scps"));
    if !scps.is_empty() {
        detail.push(format!("SCPs: {}", short(&scps)));
    }
    let rcps = strings(n.get("rcps"));
    if !rcps.is_empty() {
        detail.push(format!("RCPs: {}", short(&rcps)));
    }
    let mut children: Vec<Item> = n
        .get("ous")
        .and_then(|o| match &o.value {
            Value::Array(a) => Some(a.iter().map(|c| ou(c, false)).collect()),
            _ => None,
        })
        .unwrap_or_default();
    if let Some(Value::Array(accts)) = n.get("accounts").map(|a| &a.value) {
        for a in accts {
            if let Some(id) = a.as_str() {
                children.push(item(
                    "account-ref",
                    format!("account {id}"),
                    String::new(),
                    a,
                    vec![],
                ));
            }
        }
    }
    let label = match (root, name) {
        (true, _) => "Root".to_string(),
        (false, Some(n)) => format!("OU {n}"),
        (false, None) => "OU".to_string(),
    };
    item(
        if root { "root" } else { "ou" },
        label,
        detail.join(" · "),
        n,
        children,
    )
}

/// The policies written inside a user, group or role: a role's trust policy, then its
/// inline policies (the managed ones it attaches are named in its detail).
fn own_policies(who: &Node) -> Vec<Item> {
    let trust = who.get("trust").map(|t| {
        item(
            "trust",
            "trust policy".into(),
            "who may assume it".into(),
            t,
            vec![],
        )
    });
    trust
        .into_iter()
        .chain(members(who.get("inline")).iter().map(|(k, p)| {
            item(
                "inline",
                k.name.to_string(),
                "inline policy".into(),
                p,
                vec![],
            )
        }))
        .collect()
}

fn account(id: &str, a: &Node) -> Item {
    let alias = a
        .get("alias")
        .and_then(|v| v.as_str())
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    let mut children = vec![];
    // The ARN a policy names it by (Principal, Resource), with its path.
    let arn = |kind: &str, name: &str, x: &Node| {
        let path = x
            .get("path")
            .and_then(|v| v.as_str())
            .filter(|p| p.starts_with('/') && p.ends_with('/'))
            .unwrap_or("/");
        format!("arn:aws:iam::{id}:{kind}{path}{name}")
    };
    for (k, u) in members(a.get("users")) {
        let mut d = vec![arn("user", &k.name, u)];
        let groups = strings(u.get("groups"));
        if !groups.is_empty() {
            d.push(format!("in {}", groups.join(", ")));
        }
        let pols = strings(u.get("policies"));
        if !pols.is_empty() {
            d.push(format!("policies {}", short(&pols)));
        }
        if let Some(b) = strings(u.get("permissions_boundary")).first() {
            d.push(format!("boundary {}", short(std::slice::from_ref(b))));
        }
        children.push(named(
            item(
                "user",
                k.name.to_string(),
                d.join(" · "),
                u,
                own_policies(u),
            ),
            "users",
            id,
        ));
    }
    for (kind, word) in [("group", "groups"), ("role", "roles")] {
        for (k, x) in members(a.get(word)) {
            let pols = strings(x.get("policies"));
            let mut d = vec![arn(kind, &k.name, x)];
            if !pols.is_empty() {
                d.push(format!("policies {}", short(&pols)));
            }
            let d = d.join(" · ");
            children.push(named(
                item(kind, k.name.to_string(), d, x, own_policies(x)),
                word,
                id,
            ));
        }
    }
    for (k, p) in members(a.get("instance_profiles")) {
        let role = p.get("role").and_then(|v| v.as_str()).unwrap_or_default();
        children.push(item(
            "instance-profile",
            k.name.to_string(),
            format!("role {role}"),
            p,
            vec![],
        ));
    }
    for (k, p) in members(a.get("instances")) {
        let prof = p
            .get("profile")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        children.push(item(
            "instance",
            k.name.to_string(),
            format!("profile {prof}"),
            p,
            vec![],
        ));
    }
    for (k, p) in members(a.get("identity_providers")) {
        children.push(item(
            "identity-provider",
            k.name.to_string(),
            String::new(),
            p,
            vec![],
        ));
    }
    for (k, p) in members(a.get("policies")) {
        children.push(named(
            item(
                "policy",
                k.name.to_string(),
                "customer managed".into(),
                p,
                vec![],
            ),
            "policies",
            id,
        ));
    }
    if let Some(Value::Array(rs)) = a.get("resources").map(|r| &r.value) {
        for r in rs {
            let arn = r.get("arn").and_then(|v| v.as_str()).unwrap_or_default();
            let d = if r.get("policy").is_some() {
                "has a resource-based policy"
            } else {
                ""
            };
            let mut res = item("resource", arn.to_string(), d.into(), r, vec![]);
            res.thing = Some(crate::build::Thing::Resource {
                acct: id.to_string(),
                arn: arn.to_string(),
            });
            children.push(res);
        }
    }
    let mut acct = item(
        "account",
        format!("Account {id}{alias}"),
        String::new(),
        a,
        children,
    );
    acct.thing = Some(crate::build::Thing::Account(id.to_string()));
    acct
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_engine::world::bundled::SCENARIOS;

    fn text(id: &str) -> &'static str {
        SCENARIOS
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t)
            .unwrap()
    }

    #[test]
    fn the_cross_account_world_has_both_accounts_and_their_people() {
        let t = text("14-cross-account-role");
        let tree = tree(t);
        let labels: Vec<String> = tree.iter().map(|i| i.label.clone()).collect();
        assert!(
            labels.iter().any(|l| l.starts_with("Account 111111111111")),
            "{labels:?}"
        );
        assert!(
            labels.iter().any(|l| l.starts_with("Account 999999999999")),
            "{labels:?}"
        );
        let all: Vec<&Item> = tree.iter().flat_map(|a| a.children.iter()).collect();
        let david = all
            .iter()
            .find(|i| i.kind == "user" && i.label == "david")
            .unwrap();
        assert!(david.detail.contains("Developers"), "{}", david.detail);
        // Each item's span is its definition in the text.
        assert!(t.get(david.span.0..david.span.1).unwrap().starts_with('{'));
        // The ARN a policy names it by is there to copy.
        assert!(
            david
                .detail
                .starts_with("arn:aws:iam::111111111111:user/david"),
            "{}",
            david.detail
        );
        assert!(all.iter().any(|i| i.kind == "role"
            && i.label == "UpdateApp"
            && i.detail
                .starts_with("arn:aws:iam::999999999999:role/UpdateApp")));
    }

    #[test]
    fn an_organization_shows_its_ous_and_policies() {
        let tree = tree(text("12-organization-scps-rcps"));
        let org = tree.iter().find(|i| i.kind == "organization").unwrap();
        assert!(org
            .children
            .iter()
            .any(|c| c.kind == "root" && c.label == "Root"));
        assert!(org.children.iter().any(|c| c.kind == "policy"));
    }

    #[test]
    fn roles_list_their_trust_and_inline_policies_and_users_and_groups_theirs() {
        let t = text("14-cross-account-role");
        let tree = tree(t);
        let all: Vec<&Item> = tree.iter().flat_map(|a| a.children.iter()).collect();
        let role = all
            .iter()
            .find(|i| i.kind == "role" && i.label == "UpdateApp")
            .unwrap();
        let kinds: Vec<&str> = role.children.iter().map(|c| c.kind).collect();
        assert_eq!(kinds.first(), Some(&"trust"), "{kinds:?}");
        let trust = &role.children[0];
        // Its span is the policy itself, so a click opens it in the policy editor.
        let sites = crate::policies::sites(t);
        assert!(sites
            .iter()
            .any(|s| s.kind == "trust" && (s.start, s.end) == trust.span));
        let group = all
            .iter()
            .find(|i| i.kind == "group" && i.label == "Developers")
            .unwrap();
        assert!(
            group.children.iter().any(|c| c.kind == "inline"
                && sites
                    .iter()
                    .any(|s| s.kind == "identity" && (s.start, s.end) == c.span)),
            "{group:?}"
        );
    }

    #[test]
    fn requests_are_listed_last_each_deletable() {
        let tree = tree(text("14-cross-account-role"));
        let last = tree.last().unwrap();
        assert_eq!((last.kind, last.label.as_str()), ("requests", "Requests"));
        let first = &last.children[0];
        assert_eq!(first.kind, "request");
        assert_eq!(
            first.thing,
            Some(crate::build::Thing::Request(first.label.clone()))
        );
    }

    #[test]
    fn text_that_is_not_json_has_no_tree() {
        assert!(tree("{ nope").is_empty());
    }
}
