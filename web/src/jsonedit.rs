//! Edits of the scenario document that keep the user's own layout: a form changes one
//! value, adds or removes one member, and everything else in the text stays exactly as
//! written. New values are laid out like the text around them (2-space indents).
//!
//! Values are given as JSON text; [`pretty`] lays them out keeping their key order.

use iam_engine::json::{self, Node, Value};

/// One step of a path into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// `k("accounts")`: a key segment.
pub fn k(s: &str) -> Seg {
    Seg::Key(s.to_string())
}

fn child<'a>(n: &'a Node<'a>, seg: &Seg) -> Option<&'a Node<'a>> {
    match (seg, &n.value) {
        (Seg::Key(key), Value::Object(_)) => n.get(key),
        (Seg::Index(i), Value::Array(items)) => items.get(*i),
        _ => None,
    }
}

fn find<'a>(root: &'a Node<'a>, path: &[Seg]) -> Option<&'a Node<'a>> {
    path.iter().try_fold(root, |n, s| child(n, s))
}

/// The leading spaces of the line `at` is on.
pub(crate) fn indent_at(text: &str, at: usize) -> usize {
    let line_start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    text.get(line_start..)
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len())
}

/// A JSON value (as text) laid out with 2-space indents, starting at `indent`; short
/// arrays of scalars stay on one line. Keeps key order and numbers as written.
pub fn pretty(value_json: &str, indent: usize) -> Result<String, String> {
    let n = json::parse(value_json).map_err(|e| e.message)?;
    let mut out = String::new();
    write(&n, indent, &mut out);
    Ok(out)
}

fn scalar(n: &Node) -> Option<String> {
    match &n.value {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(s) => Some(s.to_string()),
        Value::String(s) => serde_json::to_string(s).ok(),
        _ => None,
    }
}

fn write(n: &Node, indent: usize, out: &mut String) {
    if let Some(s) = scalar(n) {
        out.push_str(&s);
        return;
    }
    let pad = " ".repeat(indent + 2);
    match &n.value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            let flat: Option<Vec<String>> = items.iter().map(scalar).collect();
            match flat {
                Some(f) if f.iter().map(String::len).sum::<usize>() < 60 => {
                    out.push('[');
                    out.push_str(&f.join(", "));
                    out.push(']');
                }
                _ => {
                    out.push_str("[\n");
                    for (i, it) in items.iter().enumerate() {
                        out.push_str(&pad);
                        write(it, indent + 2, out);
                        out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                    }
                    out.push_str(&" ".repeat(indent));
                    out.push(']');
                }
            }
        }
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Object(m) => {
            out.push_str("{\n");
            for (i, (key, v)) in m.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&serde_json::to_string(&key.name).unwrap_or_default());
                out.push_str(": ");
                write(v, indent + 2, out);
                out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
        _ => {}
    }
}

fn replace(text: &str, start: usize, end: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(text.get(..start).unwrap_or_default());
    out.push_str(with);
    out.push_str(text.get(end..).unwrap_or_default());
    out
}

fn parse(text: &str) -> Result<Node<'_>, String> {
    json::parse(text).map_err(|e| {
        format!(
            "the document is not valid JSON ({}); fix it first",
            e.message
        )
    })
}

/// Sets the value at `path` (JSON text), creating the objects on the way.
pub fn set(text: &str, path: &[Seg], value_json: &str) -> Result<String, String> {
    let root = parse(text)?;
    if let Some(n) = find(&root, path) {
        let (s, e) = (n.span.start as usize, n.span.end as usize);
        return Ok(replace(
            text,
            s,
            e,
            &pretty(value_json, indent_at(text, s))?,
        ));
    }
    // The deepest existing object on the path gets the rest as one new member.
    let (mut at, mut depth) = (&root, 0);
    while let Some(next) = path.get(depth).and_then(|s| child(at, s)) {
        at = next;
        depth += 1;
    }
    let Some(Seg::Key(key)) = path.get(depth) else {
        return Err("that place in the document is not an object".into());
    };
    let mut value = value_json.to_string();
    for seg in path.iter().skip(depth + 1).rev() {
        match seg {
            Seg::Key(k) => {
                value = format!(
                    "{{{}: {value}}}",
                    serde_json::to_string(k).unwrap_or_default()
                )
            }
            Seg::Index(_) => value = format!("[{value}]"),
        }
    }
    insert_member(text, at, key, &value)
}

/// Adds `"key": value` at the end of the object `obj`.
fn insert_member(text: &str, obj: &Node, key: &str, value_json: &str) -> Result<String, String> {
    let Value::Object(members) = &obj.value else {
        return Err("that place in the document is not an object".into());
    };
    let key_json = serde_json::to_string(key).map_err(|e| e.to_string())?;
    match members.last() {
        Some((k, v)) => {
            let ind = indent_at(text, k.span.start as usize);
            let value = pretty(value_json, ind)?;
            let at = v.span.end as usize;
            // On one line with its neighbours when the object is written on one line.
            let same_line = text
                .get(obj.span.start as usize..obj.span.end as usize)
                .is_some_and(|t| !t.contains('\n'));
            let sep = if same_line {
                ", ".to_string()
            } else {
                format!(",\n{}", " ".repeat(ind))
            };
            Ok(replace(text, at, at, &format!("{sep}{key_json}: {value}")))
        }
        None => {
            let ind = indent_at(text, obj.span.start as usize);
            let value = pretty(value_json, ind + 2)?;
            let body = format!(
                "{{\n{}{key_json}: {value}\n{}}}",
                " ".repeat(ind + 2),
                " ".repeat(ind)
            );
            Ok(replace(
                text,
                obj.span.start as usize,
                obj.span.end as usize,
                &body,
            ))
        }
    }
}

/// Appends a value to the array at `path` (creating it when absent).
pub fn push(text: &str, path: &[Seg], value_json: &str) -> Result<String, String> {
    let root = parse(text)?;
    let Some(arr) = find(&root, path) else {
        return set(text, path, &format!("[{value_json}]"));
    };
    let Value::Array(items) = &arr.value else {
        return Err("that place in the document is not a list".into());
    };
    match items.last() {
        Some(last) => {
            let ind = indent_at(text, last.span.start as usize);
            let same_line = text
                .get(arr.span.start as usize..arr.span.end as usize)
                .is_some_and(|t| !t.contains('\n'));
            let value = pretty(value_json, ind)?;
            let sep = if same_line {
                ", ".to_string()
            } else {
                format!(",\n{}", " ".repeat(ind))
            };
            let at = last.span.end as usize;
            Ok(replace(text, at, at, &format!("{sep}{value}")))
        }
        None => {
            let ind = indent_at(text, arr.span.start as usize);
            let value = pretty(value_json, ind + 2)?;
            let body = format!("[\n{}{value}\n{}]", " ".repeat(ind + 2), " ".repeat(ind));
            Ok(replace(
                text,
                arr.span.start as usize,
                arr.span.end as usize,
                &body,
            ))
        }
    }
}

/// Removes the member or item at `path`, with its comma.
pub fn remove(text: &str, path: &[Seg]) -> Result<String, String> {
    let root = parse(text)?;
    let (last, parent_path) = path.split_last().ok_or("nothing to remove")?;
    let parent = find(&root, parent_path).ok_or("not found in the document")?;
    // (start, end) of each entry: a member from its key, an item from itself.
    let spans: Vec<(usize, usize)> = match &parent.value {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| (k.span.start as usize, v.span.end as usize))
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|v| (v.span.start as usize, v.span.end as usize))
            .collect(),
        _ => return Err("not found in the document".into()),
    };
    let i = match (last, &parent.value) {
        (Seg::Key(key), Value::Object(m)) => m.iter().rposition(|(k, _)| *k.name == **key),
        (Seg::Index(i), Value::Array(_)) => Some(*i).filter(|i| *i < spans.len()),
        _ => None,
    }
    .ok_or("not found in the document")?;
    let (s, e) = spans.get(i).copied().ok_or("not found in the document")?;
    let empty = match parent.value {
        Value::Object(_) => "{}",
        _ => "[]",
    };
    Ok(
        match (
            i.checked_sub(1).and_then(|p| spans.get(p)),
            spans.get(i + 1),
        ) {
            (Some(&(_, prev_end)), _) => replace(text, prev_end, e, ""),
            (None, Some(&(next_start, _))) => replace(text, s, next_start, ""),
            (None, None) => replace(
                text,
                parent.span.start as usize,
                parent.span.end as usize,
                empty,
            ),
        },
    )
}

/// Renames the member at `path` (its value stays as written).
pub fn rename(text: &str, path: &[Seg], new_key: &str) -> Result<String, String> {
    let root = parse(text)?;
    let (Some(Seg::Key(key)), parent_path) = (
        path.last(),
        path.get(..path.len().saturating_sub(1)).unwrap_or_default(),
    ) else {
        return Err("only a named member can be renamed".into());
    };
    let parent = find(&root, parent_path).ok_or("not found in the document")?;
    let members = parent.as_object().ok_or("not found in the document")?;
    if members.iter().any(|(k, _)| k.name == new_key) {
        return Err(format!("\u{201c}{new_key}\u{201d} exists already"));
    }
    let (k, _) = members
        .iter()
        .find(|(k, _)| &k.name == key)
        .ok_or("not found in the document")?;
    let new_json = serde_json::to_string(new_key).map_err(|e| e.to_string())?;
    Ok(replace(
        text,
        k.span.start as usize,
        k.span.end as usize,
        &new_json,
    ))
}

/// Rewrites every string value (not member names) that `f` maps to a new string,
/// leaving the rest of the text as written. Returns the new text and how many strings
/// changed.
pub fn map_strings(
    text: &str,
    f: impl Fn(&str) -> Option<String>,
) -> Result<(String, usize), String> {
    fn walk(n: &Node, f: &dyn Fn(&str) -> Option<String>, out: &mut Vec<(usize, usize, String)>) {
        match &n.value {
            Value::String(s) => {
                if let Some(new) = f(s).filter(|new| new != s) {
                    out.push((n.span.start as usize, n.span.end as usize, new));
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, f, out)),
            Value::Object(members) => members.iter().for_each(|(_, v)| walk(v, f, out)),
            _ => {}
        }
    }
    let root = parse(text)?;
    let mut edits = Vec::new();
    walk(&root, &f, &mut edits);
    let mut t = text.to_string();
    // From the end, so earlier spans stay where they are.
    for (start, end, new) in edits.iter().rev() {
        let json = serde_json::to_string(new).map_err(|e| e.to_string())?;
        t = replace(&t, *start, *end, &json);
    }
    Ok((t, edits.len()))
}

/// Reads the value at `path` as a JSON value (None when absent or not JSON).
pub fn get(text: &str, path: &[Seg]) -> Option<serde_json::Value> {
    let root = json::parse(text).ok()?;
    find(&root, path).map(Node::to_serde)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_rewritten_in_place_and_keys_are_not() {
        let doc = "{\n  \"a\": \"x\",   \"x\": [\"x\", \"y\", {\"k\": \"x\"}]\n}";
        let (t, n) = map_strings(doc, |s| (s == "x").then(|| "é\"z".to_string())).unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            t,
            "{\n  \"a\": \"é\\\"z\",   \"x\": [\"é\\\"z\", \"y\", {\"k\": \"é\\\"z\"}]\n}"
        );
        assert!(map_strings("{", |_| None).is_err());
    }

    const DOC: &str = "{\n  \"format\": \"iam-playground/scenario@1\",\n  \"accounts\": {\n    \"111122223333\": {\n      \"users\": {\n        \"alice\": {}\n      }\n    }\n  }\n}\n";

    fn valid(t: &str) -> serde_json::Value {
        serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}:\n{t}"))
    }

    #[test]
    fn setting_a_new_member_keeps_the_rest_as_written() {
        let path = [k("accounts"), k("111122223333"), k("users"), k("bob")];
        let t = set(DOC, &path, r#"{"groups": ["Developers"]}"#).unwrap();
        assert!(t.starts_with("{\n  \"format\": \"iam-playground/scenario@1\",\n"));
        assert!(t.contains("        \"alice\": {},\n        \"bob\": {\n          \"groups\": [\"Developers\"]\n        }\n"), "{t}");
        valid(&t);
    }

    #[test]
    fn missing_objects_on_the_way_are_created() {
        let path = [
            k("accounts"),
            k("111122223333"),
            k("groups"),
            k("Developers"),
            k("inline"),
            k("assume"),
        ];
        let t = set(DOC, &path, r#"{"Version": "2012-10-17", "Statement": []}"#).unwrap();
        let v = valid(&t);
        assert_eq!(
            v["accounts"]["111122223333"]["groups"]["Developers"]["inline"]["assume"]["Version"],
            "2012-10-17"
        );
        // Key order is kept as given, not sorted.
        assert!(t.find("\"Version\"").unwrap() < t.find("\"Statement\"").unwrap());
    }

    #[test]
    fn an_empty_object_gets_its_first_member_on_its_own_line() {
        let path = [
            k("accounts"),
            k("111122223333"),
            k("users"),
            k("alice"),
            k("groups"),
        ];
        let t = set(DOC, &path, r#"["Developers"]"#).unwrap();
        assert!(
            t.contains("\"alice\": {\n          \"groups\": [\"Developers\"]\n        }"),
            "{t}"
        );
        valid(&t);
    }

    #[test]
    fn an_existing_value_is_replaced() {
        let t = set(DOC, &[k("format")], r#""x""#).unwrap();
        assert!(t.contains("\"format\": \"x\""));
    }

    #[test]
    fn push_appends_and_creates_lists() {
        let t = push(
            DOC,
            &[k("requests")],
            r#"{"name": "r1", "who": {"user": "alice"}, "action": "s3:ListAllMyBuckets"}"#,
        )
        .unwrap();
        let t = push(&t, &[k("requests")], r#"{"name": "r2"}"#).unwrap();
        let v = valid(&t);
        assert_eq!(v["requests"][0]["name"], "r1");
        assert_eq!(v["requests"][1]["name"], "r2");
    }

    #[test]
    fn remove_takes_the_comma_with_it() {
        let path = [k("accounts"), k("111122223333"), k("users"), k("bob")];
        let two = set(DOC, &path, "{}").unwrap();
        assert_eq!(remove(&two, &path).unwrap(), DOC);
        let first = remove(
            &two,
            &[k("accounts"), k("111122223333"), k("users"), k("alice")],
        )
        .unwrap();
        assert!(valid(&first)["accounts"]["111122223333"]["users"]["bob"].is_object());
        let none = remove(&first, &path).unwrap();
        assert!(none.contains("\"users\": {}"), "{none}");
        valid(&none);
        let t = push(DOC, &[k("requests")], "1").unwrap();
        let t = push(&t, &[k("requests")], "2").unwrap();
        assert_eq!(
            valid(&remove(&t, &[k("requests"), Seg::Index(0)]).unwrap())["requests"],
            serde_json::json!([2])
        );
        assert!(remove(DOC, &[k("nope"), k("x")]).is_err());
    }

    #[test]
    fn rename_changes_only_the_key() {
        let path = [k("accounts"), k("111122223333"), k("users"), k("alice")];
        let t = rename(DOC, &path, "alicia").unwrap();
        assert_eq!(t, DOC.replace("\"alice\"", "\"alicia\""));
        let two = set(
            DOC,
            &[k("accounts"), k("111122223333"), k("users"), k("bob")],
            "{}",
        )
        .unwrap();
        assert!(rename(&two, &path, "bob").is_err());
    }

    #[test]
    fn a_broken_document_is_refused_with_a_reason() {
        assert!(set("{ nope", &[k("a")], "1")
            .unwrap_err()
            .contains("not valid JSON"));
    }

    #[test]
    fn pretty_keeps_order_and_numbers() {
        assert_eq!(
            pretty(r#"{"b": 1.50, "a": [1, 2]}"#, 0).unwrap(),
            "{\n  \"b\": 1.50,\n  \"a\": [1, 2]\n}"
        );
    }
}
