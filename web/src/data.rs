//! Data about AWS that the first download leaves out: the documents of AWS managed
//! policies (one small file each, fetched when a scenario attaches them), the list of
//! every managed policy's name, and the action catalog's source. All come from this
//! site (`data/...` beside the page), never from another origin.

use std::cell::RefCell;
use std::collections::BTreeSet;

thread_local! {
    /// Names being fetched now.
    static IN_FLIGHT: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    /// Names whose document this site does not have (so the engine reports them).
    static UNAVAILABLE: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// The file of one managed policy's document, relative to the page.
pub fn policy_url(name: &str) -> String {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    format!("data/managed/{safe}.json")
}

/// Whether a name is known to have no document here.
pub fn unavailable(name: &str) -> bool {
    UNAVAILABLE.with(|u| u.borrow().contains(name))
}

/// The AWS managed policies `text` refers to whose documents are not loaded yet and
/// not known to be missing. Empty when the document does not parse (loading it then
/// reports the errors).
pub fn missing(text: &str) -> Vec<String> {
    iam_engine::world::doc::aws_managed_refs_in(text)
        .into_iter()
        .filter(|n| iam_engine::managed::find(n).is_none() && !unavailable(n))
        .collect()
}

/// Fetches `names` not already on their way; calls `done` once, when every fetch this
/// call started has ended (installed, or marked unavailable).
pub fn fetch_policies(names: Vec<String>, done: impl FnOnce() + 'static) {
    let todo: Vec<String> = names
        .into_iter()
        .filter(|n| IN_FLIGHT.with(|f| f.borrow_mut().insert(n.clone())))
        .collect();
    if todo.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        load_policies(&todo).await;
        for name in &todo {
            IN_FLIGHT.with(|f| f.borrow_mut().remove(name));
        }
        done();
    });
}

/// Fetches the documents of `names` and installs them in the engine, or marks them
/// unavailable. A name that is not one of AWS's (a typo, the wrong case) is never asked
/// for: the site has no such file, and the loader then says which name was meant.
pub async fn load_policies(names: &[String]) {
    if iam_engine::managed::all_names().is_empty() {
        if let Ok(text) = fetch_text(NAMES_URL).await {
            iam_engine::managed::install_names(&text);
        }
    }
    for name in names {
        if is_aws_name(name) {
            load_policy(name).await;
        } else {
            mark_unavailable(name);
        }
    }
}

/// Whether `name` is an AWS managed policy's name, as far as the list of names (when
/// it could be had) tells.
fn is_aws_name(name: &str) -> bool {
    let all = iam_engine::managed::all_names();
    all.is_empty() || all.iter().any(|(n, _)| n == name)
}

/// Every AWS managed policy's name and ARN, one per line.
const NAMES_URL: &str = "data/managed-policy-names.txt";

/// Fetches one managed policy's document and installs it in the engine, or marks it
/// unavailable (so the engine reports it rather than waiting for it).
async fn load_policy(name: &str) {
    match fetch_text(&policy_url(name)).await {
        Ok(text) => match iam_engine::managed::read_one(&text) {
            Ok(p) => iam_engine::managed::install(p),
            Err(_) => mark_unavailable(name),
        },
        Err(_) => mark_unavailable(name),
    }
}

fn mark_unavailable(name: &str) {
    UNAVAILABLE.with(|u| u.borrow_mut().insert(name.to_string()));
}

/// Fetches the list of every managed policy's name (for "exists, but not shipped"
/// messages); calls `done` when it is installed.
pub fn fetch_names(done: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(text) = fetch_text(NAMES_URL).await {
            iam_engine::managed::install_names(&text);
            done();
        }
    });
}

/// A same-origin GET; a status other than 200 is an error.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let w = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response")?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| format!("{url} could not be read"))?;
    text.as_string().ok_or_else(|| "not text".into())
}

/// Fetches the action catalog (`data/catalog.txt`, with `data/catalog-gaps.txt`) and
/// installs it in the engine, so that requests and policies are checked against it;
/// calls `done` once it is installed. A failed
/// fetch leaves the checks silent (no catalog, no warnings), never wrong.
pub fn fetch_catalog(done: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(text) = fetch_text("data/catalog.txt").await {
            // Without the gaps a name AWS ships but the catalog lacks reads as an error.
            let gaps = fetch_text("data/catalog-gaps.txt")
                .await
                .unwrap_or_default();
            if iam_engine::catalog::install_with_gaps(&text, &gaps).is_ok() {
                done();
            }
        }
    });
}

/// `data/completions.json`, written by scripts/web_data.py from the catalog: what the
/// editor and the forms complete.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Completions {
    pub actions: Vec<String>,
    #[serde(rename = "conditionKeys")]
    pub condition_keys: Vec<String>,
    pub resources: Vec<String>,
}

thread_local! {
    static COMPLETIONS: RefCell<Option<std::rc::Rc<Completions>>> = const { RefCell::new(None) };
}

/// The completions, fetched once (later calls share the first answer). The condition
/// keys include the global ones. `None` when the file cannot be had.
pub async fn completions() -> Option<std::rc::Rc<Completions>> {
    if let Some(c) = COMPLETIONS.with(|c| c.borrow().clone()) {
        return Some(c);
    }
    let raw = fetch_text("data/completions.json").await.ok()?;
    let mut c = serde_json::from_str::<Completions>(&raw).ok()?;
    c.condition_keys.extend(
        iam_engine::catalog::GLOBAL_KEYS
            .iter()
            .map(|k| k.to_string()),
    );
    c.condition_keys.sort();
    c.condition_keys.dedup();
    let c = std::rc::Rc::new(c);
    COMPLETIONS.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Some(c)
}

/// Up to `max` of `options` that complete the last item of a comma-separated `typed`
/// list (case-insensitive prefix first, then containing), each written as the whole
/// field's value would read once picked.
pub fn complete_last(typed: &str, options: &[String], max: usize) -> Vec<String> {
    let (head, last) = match typed.rfind(',') {
        Some(i) => (
            format!("{}, ", typed.get(..i).unwrap_or_default().trim_end()),
            typed.get(i + 1..).unwrap_or_default().trim(),
        ),
        None => (String::new(), typed.trim()),
    };
    if last.is_empty() {
        return Vec::new();
    }
    let needle = last.to_ascii_lowercase();
    let starts = options
        .iter()
        .filter(|o| o.to_ascii_lowercase().starts_with(&needle));
    let contains = options.iter().filter(|o| {
        let l = o.to_ascii_lowercase();
        !l.starts_with(&needle) && l.contains(&needle)
    });
    starts
        .chain(contains)
        .take(max)
        .map(|o| format!("{head}{o}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_files_have_safe_names() {
        assert_eq!(
            policy_url("ReadOnlyAccess"),
            "data/managed/ReadOnlyAccess.json"
        );
        assert_eq!(
            policy_url("../../etc/passwd"),
            "data/managed/....etcpasswd.json"
        );
    }

    #[test]
    fn a_document_that_does_not_parse_needs_nothing() {
        assert!(missing("{ nope").is_empty());
    }

    #[test]
    fn a_number_serde_json_refuses_does_not_hide_the_policies_to_fetch() {
        let doc = r#"{"accounts": {"111122223333": {"users": {"a": {
            "policies": ["AmazonRoute53ReadOnlyAccess"],
            "inline": {"p": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Action": "s3:GetObject", "Resource": "*",
              "Condition": {"NumericEquals": {"s3:max-keys": 1e400}}}]}}}}}}}"#;
        assert_eq!(missing(doc), ["AmazonRoute53ReadOnlyAccess"]);
    }

    #[test]
    fn the_last_item_of_a_list_is_completed() {
        let opts: Vec<String> = [
            "s3:GetObject",
            "s3:GetBucketPolicy",
            "ec2:GetConsole",
            "s3:PutObject",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            complete_last("s3:get", &opts, 10),
            ["s3:GetObject", "s3:GetBucketPolicy"]
        );
        assert_eq!(
            complete_last("s3:PutObject,getc", &opts, 10),
            ["s3:PutObject, ec2:GetConsole"]
        );
        assert_eq!(
            complete_last("s3:GetObject, object", &opts, 1),
            ["s3:GetObject, s3:GetObject"]
        );
        assert!(complete_last("  ", &opts, 10).is_empty());
    }
}
