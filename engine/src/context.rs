//! The request context: condition keys and their values.
//!
//! Key names are case-insensitive (AWS documents condition key names so), so each key
//! is stored with its lowercase form for lookups and its original spelling for display.
//!
//! A context may sit on up to two shared layers (`Context::layered`): keys that belong
//! to the caller or to the resource, computed once and shared by many requests (who-can
//! decides a million of them). Lookups read the context's own keys first, then the
//! layers in order; a key in an upper place hides the same key below.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::sync::Arc;

/// Where a context value came from, so the trace can say "derived from the principal".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// Given in the request.
    Request,
    /// Filled in by the evaluator from the principal or the resource.
    Derived,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextValue {
    pub key: Cow<'static, str>,
    #[serde(skip)]
    pub key_lc: Cow<'static, str>,
    pub values: Vec<String>,
    /// Written as an array: a multivalued key, such as `aws:TagKeys`.
    pub multi: bool,
    pub source: ValueSource,
}

impl ContextValue {
    /// The one value of a single-valued key.
    pub fn single(&self) -> Option<&str> {
        match self.values.as_slice() {
            [v] if !self.multi => Some(v),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<ContextValue>,
    layers: [Option<Arc<Context>>; 2],
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl Context {
    /// An empty context over shared layers (the first hides the second).
    pub fn layered(upper: Option<Arc<Context>>, lower: Option<Arc<Context>>) -> Context {
        Context {
            entries: Vec::new(),
            layers: [upper, lower],
        }
    }

    /// Sets a key given in the request (replacing any earlier value of the same key).
    pub fn insert(&mut self, key: &str, values: Vec<String>, multi: bool) {
        self.put(key, values, multi, ValueSource::Request);
    }

    /// Sets a derived key unless the request already gave it: a given key always wins.
    pub fn derive(&mut self, key: &str, value: impl Into<String>) {
        if self.get(key).is_none() {
            self.put(key, vec![value.into()], false, ValueSource::Derived);
        }
    }

    /// `derive` for a key whose lowercase form the caller passes (`key_lc` must be
    /// `key` in lowercase): the lookup is an exact comparison and nothing is allocated
    /// when the key is already there.
    pub fn derive_lc(&mut self, key: &'static str, key_lc: &'static str, value: impl Into<String>) {
        if self.get_lc(key_lc).is_none() {
            self.entries.retain(|e| e.key_lc != key_lc);
            self.entries.push(ContextValue {
                key: Cow::Borrowed(key),
                key_lc: Cow::Borrowed(key_lc),
                values: vec![value.into()],
                multi: false,
                source: ValueSource::Derived,
            });
        }
    }

    /// Sets a derived key with several values (a multivalued key such as
    /// `aws:PrincipalOrgPaths`) unless the request already gave it.
    pub fn derive_values(&mut self, key: &str, values: Vec<String>, multi: bool) {
        if self.get(key).is_none() {
            self.put(key, values, multi, ValueSource::Derived);
        }
    }

    fn put(&mut self, key: &str, values: Vec<String>, multi: bool, source: ValueSource) {
        let key_lc = key.to_ascii_lowercase();
        self.entries.retain(|e| e.key_lc != key_lc);
        self.entries.push(ContextValue {
            key: Cow::Owned(key.to_string()),
            key_lc: Cow::Owned(key_lc),
            values,
            multi,
            source,
        });
    }

    /// Removes one of the context's own keys (layers are shared and left alone).
    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|e| !e.key_lc.eq_ignore_ascii_case(key));
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries
            .iter()
            .find(|e| e.key_lc.eq_ignore_ascii_case(key))
            .or_else(|| self.layers.iter().flatten().find_map(|l| l.get(key)))
    }

    /// Looks up a key already in lowercase.
    pub fn get_lc(&self, key_lc: &str) -> Option<&ContextValue> {
        self.entries
            .iter()
            .find(|e| e.key_lc == key_lc)
            .or_else(|| self.layers.iter().flatten().find_map(|l| l.get_lc(key_lc)))
    }

    /// Every visible key: the context's own, then the layers' that are not hidden.
    pub fn iter(&self) -> std::vec::IntoIter<&ContextValue> {
        let mut out: Vec<&ContextValue> = self.entries.iter().collect();
        for layer in self.layers.iter().flatten() {
            for e in layer.iter() {
                if !out.iter().any(|x| x.key_lc == e.key_lc) {
                    out.push(e);
                }
            }
        }
        out.into_iter()
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_are_read_in_order_and_hidden_by_upper_keys() {
        let mut caller = Context::default();
        caller.derive("aws:PrincipalTag/team", "blue");
        caller.derive("aws:username", "alice");
        let mut resource = Context::default();
        resource.derive("aws:ResourceTag/team", "red");
        resource.derive("aws:username", "hidden");
        let mut c = Context::layered(Some(Arc::new(caller)), Some(Arc::new(resource)));
        c.insert("aws:PrincipalTag/TEAM", vec!["green".into()], false);
        assert_eq!(
            c.get("aws:principaltag/team").and_then(|v| v.single()),
            Some("green")
        );
        assert_eq!(
            c.get_lc("aws:username").and_then(|v| v.single()),
            Some("alice")
        );
        assert_eq!(
            c.get("aws:ResourceTag/team").and_then(|v| v.single()),
            Some("red")
        );
        let keys: Vec<&str> = c.iter().map(|e| &*e.key).collect();
        assert_eq!(
            keys,
            [
                "aws:PrincipalTag/TEAM",
                "aws:username",
                "aws:ResourceTag/team"
            ]
        );
        assert_eq!(c.len(), 3);
        // derive does not override a key any layer has.
        c.derive("aws:username", "bob");
        assert_eq!(
            c.get("aws:username").and_then(|v| v.single()),
            Some("alice")
        );
    }
}
