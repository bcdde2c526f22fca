//! The request context: condition keys and their values.
//!
//! Key names are case-insensitive (AWS documents condition key names so), so each key
//! is stored with its lowercase form for lookups and its original spelling for display.

use serde::Serialize;

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
    pub key: String,
    #[serde(skip)]
    pub key_lc: String,
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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Context {
    entries: Vec<ContextValue>,
}

impl Context {
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
            key: key.to_string(),
            key_lc,
            values,
            multi,
            source,
        });
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries
            .iter()
            .find(|e| e.key_lc.eq_ignore_ascii_case(key))
    }

    /// Looks up a key already in lowercase.
    pub fn get_lc(&self, key_lc: &str) -> Option<&ContextValue> {
        self.entries.iter().find(|e| e.key_lc == key_lc)
    }

    pub fn iter(&self) -> impl Iterator<Item = &ContextValue> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
