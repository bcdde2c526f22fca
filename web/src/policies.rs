//! Every policy written in the scenario document, found with its place, so each can
//! be edited on its own: the editor shows the policy de-indented, and an edit is put
//! back into the document at the same place (the document stays the one source of
//! truth). Offsets here are bytes of the document.

use crate::world::members;
use iam_engine::json::{self, Node, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// A stable id: the JSON path, such as `accounts.111122223333.users.alice.inline.S3Write`.
    pub id: String,
    /// For a learner: "inline policy S3Write of user alice (111122223333)".
    pub label: String,
    /// `identity`, `trust`, `resource`, `key`, `scp`, `rcp`, `session`, `endpoint`.
    pub kind: &'static str,
    /// The policy value's span in the document.
    pub start: usize,
    pub end: usize,
    /// Written as a JSON string (as the AWS APIs take it), not as an object.
    pub is_string: bool,
    /// The leading spaces of the line the policy starts on: removed from its other lines
    /// in the editor, put back on an edit.
    pub indent: usize,
}

impl Site {
    /// Whether a byte offset of the document falls in this policy.
    pub fn contains(&self, at: usize) -> bool {
        (self.start..self.end).contains(&at)
    }
}

fn site(text: &str, id: String, label: String, kind: &'static str, n: &Node) -> Site {
    let start = n.span.start as usize;
    let indent = crate::jsonedit::indent_at(text, start);
    Site {
        id,
        label,
        kind,
        start,
        end: n.span.end as usize,
        is_string: matches!(n.value, Value::String(_)),
        indent,
    }
}

/// The policies of a document, in document order. Empty when it is not JSON.
pub fn sites(text: &str) -> Vec<Site> {
    json::parse(text).map_or_else(|_| vec![], |root| sites_of(text, &root))
}

/// The policy an edit from `before` to `after` wrote: the first that is new, else the
/// first whose text changed (by site id). None when no policy changed.
pub fn written(before: &str, after: &str) -> Option<String> {
    let old = sites(before);
    let new = sites(after);
    let text_of = |doc: &str, s: &Site| doc.get(s.start..s.end).map(str::to_string);
    new.iter()
        .find(|n| !old.iter().any(|o| o.id == n.id))
        .or_else(|| {
            new.iter().find(|n| {
                old.iter()
                    .find(|o| o.id == n.id)
                    .is_some_and(|o| text_of(before, o) != text_of(after, n))
            })
        })
        .map(|s| s.id.clone())
}

/// The policies of a parsed document (`root` is `text` parsed).
pub fn sites_of(text: &str, root: &Node) -> Vec<Site> {
    let mut out = vec![];
    if let Some(org) = root.get("organization") {
        for (k, p) in members(org.get("policies")) {
            // The format writes the type in lower case (`"rcp"`), as docs/SCENARIO.md does.
            let rcp = p
                .get("type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("rcp"));
            if let Some(d) = p.get("document") {
                let (kind, word) = if rcp { ("rcp", "RCP") } else { ("scp", "SCP") };
                out.push(site(
                    text,
                    format!("organization.policies.{}", k.name),
                    format!("{word} {}", k.name),
                    kind,
                    d,
                ));
            }
        }
    }
    for (acct, a) in members(root.get("accounts")) {
        let id = &acct.name;
        for (k, p) in members(a.get("policies")) {
            if let Some(d) = p.get("document") {
                out.push(site(
                    text,
                    format!("accounts.{id}.policies.{}", k.name),
                    format!("customer managed policy {} ({id})", k.name),
                    "identity",
                    d,
                ));
            }
        }
        for (what, word) in [("users", "user"), ("groups", "group"), ("roles", "role")] {
            for (k, who) in members(a.get(what)) {
                if what == "roles" {
                    if let Some(t) = who.get("trust") {
                        out.push(site(
                            text,
                            format!("accounts.{id}.roles.{}.trust", k.name),
                            format!("trust policy of role {} ({id})", k.name),
                            "trust",
                            t,
                        ));
                    }
                }
                for (pk, p) in members(who.get("inline")) {
                    out.push(site(
                        text,
                        format!("accounts.{id}.{what}.{}.inline.{}", k.name, pk.name),
                        format!("inline policy {} of {word} {} ({id})", pk.name, k.name),
                        "identity",
                        p,
                    ));
                }
            }
        }
        if let Some(Value::Array(rs)) = a.get("resources").map(|r| &r.value) {
            for (i, r) in rs.iter().enumerate() {
                if let Some(p) = r.get("policy") {
                    let arn = r.get("arn").and_then(Node::as_str).unwrap_or_default();
                    let kind = if arn.starts_with("arn:aws:kms:") {
                        "key"
                    } else {
                        "resource"
                    };
                    let word = if kind == "key" {
                        "key policy"
                    } else {
                        "resource-based policy"
                    };
                    out.push(site(
                        text,
                        format!("accounts.{id}.resources.{i}.policy"),
                        format!("{word} of {arn}"),
                        kind,
                        p,
                    ));
                }
            }
        }
    }
    if let Some(Value::Array(reqs)) = root.get("requests").map(|r| &r.value) {
        for (i, r) in reqs.iter().enumerate() {
            let name = r.get("name").and_then(Node::as_str).unwrap_or_default();
            if let Some(p) = r.get("vpc_endpoint_policy") {
                out.push(site(
                    text,
                    format!("requests.{i}.vpc_endpoint_policy"),
                    format!("VPC endpoint policy of request \u{201c}{name}\u{201d}"),
                    "endpoint",
                    p,
                ));
            }
            if let Some(p) = r.get("parameters").and_then(|x| x.get("Policy")) {
                out.push(site(
                    text,
                    format!("requests.{i}.parameters.Policy"),
                    format!("session policy of request \u{201c}{name}\u{201d}"),
                    "session",
                    p,
                ));
            }
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// The policy's text as the editor shows it: de-indented (or, for a policy written as
/// a JSON string, the string's content).
pub fn show(text: &str, s: &Site) -> String {
    let raw = text.get(s.start..s.end).unwrap_or_default();
    if s.is_string {
        return serde_json::from_str::<String>(raw).unwrap_or_default();
    }
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push_str(line.get(spaces.min(s.indent)..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The document with the policy replaced by `policy` (as shown by [`show`]).
pub fn splice(text: &str, s: &Site, policy: &str) -> String {
    splice_site(text, s, policy).0
}

/// [`splice`], with the policy's new place in the new document.
pub fn splice_site(text: &str, s: &Site, policy: &str) -> (String, Site) {
    let value = if s.is_string {
        serde_json::to_string(policy).unwrap_or_default()
    } else {
        let pad = " ".repeat(s.indent);
        policy.replace('\n', &format!("\n{pad}"))
    };
    let mut out = String::with_capacity(text.len() + value.len());
    out.push_str(text.get(..s.start).unwrap_or_default());
    out.push_str(&value);
    out.push_str(text.get(s.end..).unwrap_or_default());
    let site = Site {
        end: s.start + value.len(),
        ..s.clone()
    };
    (out, site)
}

/// What an edit in the policy editor writes: [`splice_site`], or `None` when the policy
/// is blank. The document would not read a member with no value (`"trust": ,`), so it
/// keeps its last policy until one is written.
pub fn edit(text: &str, s: &Site, policy: &str) -> Option<(String, Site)> {
    (!policy.trim().is_empty()).then(|| splice_site(text, s, policy))
}

/// The policies' places after the policy editor changed one of them (its new place is
/// `edited`): the others after it move by as much as it grew. Exact whatever the
/// policy's text is, so the editor keeps working while the document does not parse.
pub fn follow(sites: &[Site], edited: &Site) -> Vec<Site> {
    let Some(old) = sites.iter().find(|s| s.id == edited.id) else {
        return sites.to_vec();
    };
    let moved = |at: usize| at + edited.end - old.end;
    sites
        .iter()
        .map(|s| {
            if s.id == edited.id {
                edited.clone()
            } else if s.start >= old.end {
                Site {
                    start: moved(s.start),
                    end: moved(s.end),
                    ..s.clone()
                }
            } else {
                s.clone()
            }
        })
        .collect()
}

/// A byte offset of the document as a byte offset of the shown policy, when it falls
/// in the policy (not for a policy written as a string, whose positions differ).
pub fn to_shown(text: &str, s: &Site, at: usize) -> Option<usize> {
    if s.is_string || !(s.start..=s.end).contains(&at) {
        return None;
    }
    let before = text.get(s.start..at)?;
    let mut removed = 0;
    for line in before.split('\n').skip(1) {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        removed += spaces.min(s.indent);
    }
    // A position inside the removed indentation of its own line counts from the line's
    // shown start.
    Some(at - s.start - removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_engine::world::bundled::SCENARIOS;

    const DOC: &str = "{\n  \"format\": \"iam-playground/scenario@1\",\n  \"accounts\": {\n    \"111122223333\": {\n      \"users\": {\n        \"alice\": {\n          \"inline\": {\n            \"S3\": {\n              \"Version\": \"2012-10-17\",\n              \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n            }\n          }\n        }\n      }\n    }\n  }\n}\n";

    #[test]
    fn the_policy_an_edit_wrote_is_found() {
        let added = DOC.replace(
            "\"S3\": {",
            "\"New\": {\"Version\": \"2012-10-17\", \"Statement\": []},\n            \"S3\": {",
        );
        assert_eq!(
            written(DOC, &added).as_deref(),
            Some("accounts.111122223333.users.alice.inline.New")
        );
        let changed = DOC.replace("\"s3:*\"", "\"s3:GetObject\"");
        assert_eq!(
            written(DOC, &changed).as_deref(),
            Some("accounts.111122223333.users.alice.inline.S3")
        );
        assert_eq!(written(DOC, DOC), None);
    }

    #[test]
    fn an_rcp_is_labelled_an_rcp() {
        let text =
            iam_engine::world::bundled::text("12-organization-scps-rcps").unwrap_or_default();
        let s = sites(text);
        let rcp = s
            .iter()
            .find(|s| s.id == "organization.policies.DataPerimeter");
        assert_eq!(rcp.map(|s| s.kind), Some("rcp"));
        assert!(rcp.is_some_and(|s| s.label.starts_with("RCP ")));
        let scp = s
            .iter()
            .find(|s| s.id == "organization.policies.RegionLock");
        assert_eq!(scp.map(|s| s.kind), Some("scp"));
    }

    #[test]
    fn a_policy_is_shown_de_indented_and_spliced_back_unchanged() {
        let s = sites(DOC);
        assert_eq!(s.len(), 1);
        let site = s.first().unwrap();
        assert_eq!(site.id, "accounts.111122223333.users.alice.inline.S3");
        assert_eq!(site.kind, "identity");
        let shown = show(DOC, site);
        assert!(shown.starts_with("{\n  \"Version\""), "{shown}");
        assert!(shown.ends_with("\n}"), "{shown}");
        assert_eq!(splice(DOC, site, &shown), DOC);
    }

    #[test]
    fn a_policy_cleared_and_retyped_in_the_editor_keeps_the_rest_of_the_document() {
        // Two policies, so the one after the edited one must move.
        let two = DOC.replace(
            "\"S3\": {",
            "\"Other\": {\"Version\": \"2012-10-17\", \"Statement\": []},\n            \"S3\": {",
        );
        let mut places = sites(&two);
        assert_eq!(places.len(), 2);
        let first = places.first().cloned().unwrap();
        let (before, after) = (&two[..first.start], &two[first.end..]);
        let policy = show(&two, &first);
        let second = places.last().map(|s| show(&two, s)).unwrap();
        // Clear it, then type it back one character at a time: every step but the last
        // leaves the document unparseable, and the places follow the edits.
        let (mut doc, at) = splice_site(&two, &first, "");
        places = follow(&places, &at);
        let mut shown = String::new();
        for (i, c) in policy.char_indices() {
            let at = places.first().cloned().unwrap();
            assert_eq!(show(&doc, &at), shown);
            assert_eq!(places.last().map(|s| show(&doc, s)).unwrap(), second);
            shown.push(c);
            let (next, at) = splice_site(&doc, &at, &policy[..i + c.len_utf8()]);
            places = follow(&places, &at);
            doc = next;
            assert!(doc.starts_with(before) && doc.ends_with(after), "{doc}");
        }
        assert_eq!(doc, two);
        assert_eq!(sites(&doc), places);
    }

    #[test]
    fn a_blank_policy_is_never_written_into_the_document() {
        let site = sites(DOC).into_iter().next().unwrap();
        for blank in ["", " ", "\n  \n"] {
            assert_eq!(edit(DOC, &site, blank), None, "{blank:?}");
        }
        // The same place takes the next policy typed: the document is whole again.
        let (doc, at) = edit(DOC, &site, "{\"Statement\": []}").unwrap();
        assert!(iam_engine::json::parse(&doc).is_ok(), "{doc}");
        assert_eq!(show(&doc, &at), "{\"Statement\": []}");
        // Half a policy is written: the document's problems say where it breaks.
        let (doc, _) = edit(DOC, &site, "{").unwrap();
        assert!(iam_engine::json::parse(&doc).is_err());
    }

    #[test]
    fn an_edit_lands_in_the_document_at_the_policy_place() {
        let site = sites(DOC).into_iter().next().unwrap();
        let edited = show(DOC, &site).replace("\"Allow\"", "\"Deny\"");
        let doc = splice(DOC, &site, &edited);
        assert!(doc.contains("\"Effect\": \"Deny\""));
        assert!(serde_json::from_str::<serde_json::Value>(&doc).is_ok());
        // The new text is indented like the old.
        assert!(doc.contains("\n              \"Version\""), "{doc}");
    }

    #[test]
    fn document_offsets_map_into_the_shown_policy() {
        let site = sites(DOC).into_iter().next().unwrap();
        let shown = show(DOC, &site);
        let at = DOC.find("\"Statement\"").unwrap();
        let mapped = to_shown(DOC, &site, at).unwrap();
        assert!(shown.get(mapped..).unwrap().starts_with("\"Statement\""));
        assert_eq!(to_shown(DOC, &site, 0), None);
    }

    #[test]
    fn every_bundled_policy_round_trips_and_maps_its_statements() {
        for (id, text) in SCENARIOS {
            let all = sites(text);
            for s in &all {
                let shown = show(text, s);
                assert!(!shown.is_empty(), "{id} {}", s.id);
                assert_eq!(splice(text, s, &shown), *text, "{id} {}", s.id);
            }
        }
        let text = iam_engine::world::bundled::text("14-cross-account-role").unwrap();
        let kinds: Vec<&str> = sites(text).iter().map(|s| s.kind).collect();
        assert!(
            kinds.contains(&"trust") && kinds.contains(&"identity"),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_policy_written_as_a_string_is_shown_as_its_content() {
        let doc = r#"{"accounts": {"1": {"users": {"u": {"inline": {"p": "{\"Version\": \"2012-10-17\"}"}}}}}}"#;
        let site = sites(doc).into_iter().next().unwrap();
        assert!(site.is_string);
        assert_eq!(show(doc, &site), "{\"Version\": \"2012-10-17\"}");
        let back = splice(doc, &site, "{\"Version\": \"2008-10-17\"}");
        assert!(
            back.contains(r#""p": "{\"Version\": \"2008-10-17\"}""#),
            "{back}"
        );
    }
}
