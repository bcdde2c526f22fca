//! "Import from your AWS account": the output of `aws iam
//! get-account-authorization-details` (several accounts' worth too) and of `aws
//! organizations describe-policy`, pasted or picked as files, turned into a scenario
//! by the engine (`world::import`) in this page. Nothing is sent anywhere.

use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Opens the imported scenario, with what was imported and left out.
    pub on_open: Callback<(String, Vec<String>)>,
}

/// Whether a JSON text is AWS CLI output the importer reads (rather than a scenario).
pub fn is_aws_output(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    !head.contains("\"format\"")
        && [
            "\"UserDetailList\"",
            "\"RoleDetailList\"",
            "\"GroupDetailList\"",
            "\"Policies\"",
            "\"Policy\"",
        ]
        .iter()
        .any(|k| text.contains(k))
}

/// Converts the inputs, or says which input is wrong and why.
pub fn convert(inputs: &[String]) -> Result<(String, Vec<String>), String> {
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    iam_engine::world::import::import_report(&refs)
        .map(|i| (i.scenario, i.summary))
        .map_err(|e| {
            if inputs.len() > 1 {
                format!("input {}: {}", e.input, e.message)
            } else {
                e.message
            }
        })
}

#[function_component(ImportPanel)]
pub fn import_panel(p: &Props) -> Html {
    let pasted = use_state(String::new);
    let files = use_state(Vec::<(String, String)>::new);
    let error = use_state(|| None::<String>);
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                pasted.set(t.value());
            }
        })
    };
    let onchange = {
        let (files, error) = (files.clone(), error.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(list) = input.files() else { return };
            let picked: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            let (files, error) = (files.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut read = Vec::new();
                for f in picked {
                    if f.size() > iam_engine::world::share::MAX_DOC_BYTES as f64 * 4.0 {
                        error.set(Some(format!(
                            "{} is too large to import here ({:.1} MB).",
                            f.name(),
                            f.size() / 1_048_576.0
                        )));
                        return;
                    }
                    match wasm_bindgen_futures::JsFuture::from(f.text()).await {
                        Ok(v) => read.push((f.name(), v.as_string().unwrap_or_default())),
                        Err(_) => {
                            error.set(Some(format!("{} could not be read.", f.name())));
                            return;
                        }
                    }
                }
                error.set(None);
                files.set(read);
            });
        })
    };
    let go = {
        let (pasted, files, error, on_open) = (
            pasted.clone(),
            files.clone(),
            error.clone(),
            p.on_open.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let mut inputs: Vec<String> = files.iter().map(|(_, t)| t.clone()).collect();
            if !pasted.trim().is_empty() {
                inputs.push((*pasted).clone());
            }
            if inputs.is_empty() {
                error.set(Some("Paste the output, or pick its files, first.".into()));
                return;
            }
            match convert(&inputs) {
                Ok(done) => {
                    error.set(None);
                    on_open.emit(done);
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let picked: Rc<Vec<String>> = Rc::new(files.iter().map(|(n, _)| n.clone()).collect());
    html! {
        <details id="import-account" class="import-account">
            <summary><h2>{ "Import from your AWS account" }</h2></summary>
            <p class="hint">
                { "Ask your own account: run " }<code>{ "aws iam get-account-authorization-details > auth.json" }</code>
                { " (for each account you want; add " }<code>{ "aws organizations describe-policy --policy-id p-…" }</code>
                { " for SCPs), then paste the output here or pick the files. It is read and converted in this page: nothing leaves your browser." }
            </p>
            <label class="b-field b-wide">
                <span>{ "Paste the output" }</span>
                <textarea id="import-paste" rows="4" spellcheck="false" placeholder="{\"UserDetailList\": [...], \"GroupDetailList\": [...], \"RoleDetailList\": [...], \"Policies\": [...]}" {oninput} />
            </label>
            <label class="b-field b-wide">
                <span>{ "or pick files" }</span>
                <input id="import-files" type="file" multiple=true accept=".json,application/json" {onchange} />
            </label>
            if !picked.is_empty() { <p class="hint">{ format!("Picked: {}", picked.join(", ")) }</p> }
            <div class="b-submit"><button id="import-go" type="button" onclick={go}>{ "Import as a new scenario" }</button></div>
            if let Some(e) = &*error { <p id="import-error" class="b-msg bad" role="alert">{ e }</p> }
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTH: &str = r#"{"UserDetailList": [{"Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLE0000000001", "Arn": "arn:aws:iam::111122223333:user/alice", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [{"PolicyName": "read", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}]}], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}"#;

    #[test]
    fn aws_output_is_told_from_a_scenario_and_converted() {
        assert!(is_aws_output(AUTH));
        assert!(!is_aws_output(
            r#"{"format": "iam-playground/scenario@1", "Policies": []}"#
        ));
        let (scenario, summary) = convert(&[AUTH.to_string()]).unwrap();
        assert!(!summary.is_empty());
        let e = crate::results::evaluate(&scenario, 1);
        assert!(e.loaded, "{:?}\n{scenario}", e.problems);
        assert!(scenario.contains("\"alice\""));
        assert!(convert(&["{\"nope\": 1}".to_string()]).is_err());
        let e = convert(&[AUTH.to_string(), "[]".to_string()]).unwrap_err();
        assert!(e.starts_with("input 2:"), "{e}");
    }
}
