//! The code editor (CodeMirror 6, bundled by esbuild into `editor.js` beside the page;
//! see web/editor/README.md), loaded after the first decision is drawn and driven
//! through its small contract. All offsets crossing this boundary are UTF-16 units.

use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(
    inline_js = "export function load_editor_module() { return import(new URL('editor.js', document.baseURI).href); }"
)]
extern "C" {
    fn load_editor_module() -> Promise;
}

thread_local! {
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Loads the module once; later calls return the loaded one.
pub async fn module() -> Result<JsValue, String> {
    if let Some(m) = MODULE.with(|m| m.borrow().clone()) {
        return Ok(m);
    }
    let m = JsFuture::from(load_editor_module())
        .await
        .map_err(|e| format!("the code editor could not be loaded ({})", describe(&e)))?;
    MODULE.with(|slot| *slot.borrow_mut() = Some(m.clone()));
    Ok(m)
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// One diagnostic for the editor, in UTF-16 units of its text.
pub struct Mark {
    pub from: usize,
    pub to: usize,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    pub message: String,
}

/// A live editor: the handle `createEditor` returned, and the callback it holds.
pub struct Handle {
    obj: JsValue,
    _on_change: Closure<dyn FnMut(String)>,
}

fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &name.into())?.dyn_into()?;
    let a: Array = args.iter().collect();
    f.apply(obj, &a)
}

fn strings(list: &[String]) -> Array {
    list.iter().map(|s| JsValue::from_str(s)).collect()
}

impl Handle {
    /// Creates an editor in `parent` (the module must be loaded).
    pub fn create(
        module: &JsValue,
        parent: &web_sys::Element,
        doc: &str,
        label: &str,
        on_change: impl FnMut(String) + 'static,
    ) -> Result<Handle, String> {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let opts = Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&opts, &k.into(), v).map(|_| ());
        set("doc", &doc.into())
            .and_then(|_| set("ariaLabel", &label.into()))
            .and_then(|_| set("onChange", on_change.as_ref()))
            .map_err(|e| describe(&e))?;
        let obj = call(module, "createEditor", &[parent.into(), opts.into()])
            .map_err(|e| describe(&e))?;
        Ok(Handle {
            obj,
            _on_change: on_change,
        })
    }

    pub fn doc(&self) -> String {
        call(&self.obj, "getDoc", &[])
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    pub fn set_doc(&self, text: &str) {
        let _ = call(&self.obj, "setDoc", &[text.into()]);
    }

    /// [`Handle::set_doc`] for a text from elsewhere: the undo history starts anew at
    /// it, so undo never writes an older text (or none) over it.
    pub fn set_doc_anew(&self, text: &str) {
        let opts = Object::new();
        let _ = Reflect::set(&opts, &"newHistory".into(), &true.into());
        let _ = call(&self.obj, "setDoc", &[text.into(), opts.into()]);
    }

    pub fn set_marks(&self, marks: &[Mark]) {
        let list: Array = marks
            .iter()
            .map(|m| {
                let o = Object::new();
                let _ = Reflect::set(&o, &"from".into(), &(m.from as f64).into());
                let _ = Reflect::set(&o, &"to".into(), &(m.to as f64).into());
                let _ = Reflect::set(&o, &"severity".into(), &m.severity.into());
                let _ = Reflect::set(&o, &"message".into(), &m.message.as_str().into());
                JsValue::from(o)
            })
            .collect();
        let _ = call(&self.obj, "setDiagnostics", &[list.into()]);
    }

    pub fn select(&self, from: usize, to: usize) {
        let _ = call(
            &self.obj,
            "select",
            &[(from as f64).into(), (to as f64).into()],
        );
    }

    /// Pretty-prints the policy; false when it is not JSON.
    pub fn format(&self) -> bool {
        call(&self.obj, "format", &[])
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    pub fn undo(&self) -> bool {
        call(&self.obj, "undo", &[])
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    pub fn redo(&self) -> bool {
        call(&self.obj, "redo", &[])
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Whether [`Handle::undo`] and [`Handle::redo`] would change something.
    pub fn history(&self) -> (bool, bool) {
        let ask = |name: &str| {
            call(&self.obj, name, &[])
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        };
        (ask("canUndo"), ask("canRedo"))
    }

    pub fn set_completions(&self, actions: &[String], resources: &[String], keys: &[String]) {
        let o = Object::new();
        let _ = Reflect::set(&o, &"actions".into(), &strings(actions));
        let _ = Reflect::set(&o, &"resources".into(), &strings(resources));
        let _ = Reflect::set(&o, &"conditionKeys".into(), &strings(keys));
        let _ = call(&self.obj, "setCompletions", &[o.into()]);
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        let _ = call(&self.obj, "destroy", &[]);
    }
}
