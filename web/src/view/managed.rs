//! An AWS managed policy's document, fetched from this site when the learner asks:
//! shown read-only, copied to the clipboard, or copied into an account as a customer
//! managed policy that can then be edited.

use crate::build;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The AWS managed policy's name.
    pub name: String,
    /// The account a copy goes into (the form's target); none offers no copy.
    pub account: Option<String>,
    pub text: Rc<str>,
    pub on_edit: Callback<String>,
}

/// The `document` of a managed policy file, laid out with its keys in AWS's order
/// (`Version`, then `Statement`...), as the file has them.
fn document_of(raw: &str) -> Result<String, String> {
    let root = iam_engine::json::parse(raw).map_err(|e| e.message)?;
    let doc = root.get("document").ok_or("the file has no document")?;
    let text = raw
        .get(doc.span.start as usize..doc.span.end as usize)
        .ok_or("the file has no document")?;
    crate::jsonedit::pretty(text, 0)
}

#[derive(Clone, PartialEq)]
enum Shown {
    Closed,
    Loading,
    /// The document, pretty-printed.
    Doc(String),
    Failed(String),
}

#[function_component(ManagedPolicy)]
pub fn managed_policy(p: &Props) -> Html {
    let shown = use_state(|| Shown::Closed);
    let note = use_state(String::new);
    // Another name closes what was shown.
    {
        let (shown, note) = (shown.clone(), note.clone());
        use_effect_with(p.name.clone(), move |_| {
            shown.set(Shown::Closed);
            note.set(String::new());
        });
    }
    let open = {
        let (shown, name) = (shown.clone(), p.name.clone());
        Callback::from(move |_: MouseEvent| {
            if matches!(*shown, Shown::Doc(_)) {
                shown.set(Shown::Closed);
                return;
            }
            shown.set(Shown::Loading);
            let (shown, name) = (shown.clone(), name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let got = crate::data::fetch_text(&crate::data::policy_url(&name))
                    .await
                    .and_then(|raw| document_of(&raw));
                shown.set(match got {
                    Ok(d) => Shown::Doc(d),
                    Err(e) => Shown::Failed(format!("This site has no document for {name} ({e}).")),
                });
            });
        })
    };
    let body = match &*shown {
        Shown::Closed => html! {},
        Shown::Loading => html! { <p class="hint">{ "Loading…" }</p> },
        Shown::Failed(e) => html! { <p class="hint bad">{ e.clone() }</p> },
        Shown::Doc(doc) => {
            let copy = {
                let (doc, note) = (doc.clone(), note.clone());
                Callback::from(move |_: MouseEvent| {
                    let Some(w) = web_sys::window() else { return };
                    let promise = w.navigator().clipboard().write_text(&doc);
                    let note = note.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        note.set(match wasm_bindgen_futures::JsFuture::from(promise).await {
                            Ok(_) => "The document is on your clipboard.".into(),
                            Err(_) => "The browser did not allow the clipboard: select the text and copy it.".into(),
                        });
                    });
                })
            };
            let make_copy = p.account.clone().map(|acct| {
                let (doc, note, text, on_edit, name) = (
                    doc.clone(),
                    note.clone(),
                    p.text.clone(),
                    p.on_edit.clone(),
                    p.name.clone(),
                );
                let label = format!("Copy into account {acct} as {name}Copy");
                let onclick = Callback::from(move |_: MouseEvent| {
                    match build::copy_managed(&text, &acct, &name, &doc) {
                        Ok((t, copy)) => {
                            on_edit.emit(t);
                            note.set(format!("Account {acct} now has the customer managed policy {copy}: edit it in the policy editor and attach it with this form."));
                        }
                        Err(e) => note.set(e),
                    }
                });
                html! { <button type="button" id="managed-copy-into" {onclick}>{ label }</button> }
            });
            let make_copy = make_copy.unwrap_or_else(|| {
                html! { <span class="hint">{ "Pick who it goes to (\u{201c}To\u{201d}) to copy it into their account as a policy you can edit." }</span> }
            });
            html! {
                <>
                    <pre class="managed-doc" tabindex="0" aria-label={format!("The document of {}", p.name)}>{ doc.clone() }</pre>
                    <div class="managed-actions">
                        <button type="button" id="managed-copy" onclick={copy}>{ "Copy JSON" }</button>
                        { make_copy }
                    </div>
                </>
            }
        }
    };
    let open_label = if matches!(*shown, Shown::Doc(_)) {
        "Hide the document"
    } else {
        "View AWS's document"
    };
    html! {
        <div class="managed b-wide">
            <button type="button" class="link" id="managed-view" onclick={open} aria-expanded={matches!(*shown, Shown::Doc(_)).to_string()}>
                { format!("{open_label} of {}", p.name) }
            </button>
            { body }
            if !note.is_empty() { <p class="hint" role="status">{ (*note).clone() }</p> }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_keeps_the_files_key_order() {
        let raw = r#"{"name":"X","arn":"arn:aws:iam::aws:policy/X","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}}"#;
        let d = document_of(raw).unwrap();
        assert!(
            d.find("Version").unwrap() < d.find("Statement").unwrap(),
            "{d}"
        );
        assert!(d.find("Effect").unwrap() < d.find("Action").unwrap(), "{d}");
        assert!(document_of(r#"{"name":"X"}"#).is_err());
        assert!(document_of("not json").is_err());
    }
}
