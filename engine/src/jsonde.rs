//! Serde types read straight from the positioned tree of [`crate::json`], without an
//! intermediate `serde_json::Value`: an error carries the path of the innermost value
//! it is about (a misspelt member's key, a value of the wrong type, the object that
//! lacks a required member), so the loader can point at it.

use crate::json::{Node, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// One step of a path into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// Why a value could not be read as the type asked for, and where.
#[derive(Debug)]
pub(crate) struct Error {
    pub message: String,
    /// From the root to the innermost value the error is about; `None` only before
    /// the error has left the value that raised it.
    pub path: Option<Vec<Step>>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            path: None,
        }
    }
}

/// Where a value sits: a chain of links on the stack, turned into a path only when an
/// error needs one.
#[derive(Clone, Copy)]
enum Link<'a> {
    Root,
    Key(&'a Link<'a>, &'a str),
    Index(&'a Link<'a>, usize),
}

impl Link<'_> {
    fn path(&self) -> Vec<Step> {
        let mut out = Vec::new();
        let mut at = self;
        loop {
            match at {
                Link::Root => break,
                Link::Key(up, k) => {
                    out.push(Step::Key((*k).to_string()));
                    at = up;
                }
                Link::Index(up, i) => {
                    out.push(Step::Index(*i));
                    at = up;
                }
            }
        }
        out.reverse();
        out
    }

    /// Gives `e` this place unless a deeper one has already.
    fn place(&self, mut e: Error) -> Error {
        if e.path.is_none() {
            e.path = Some(self.path());
        }
        e
    }
}

/// Reads a `T` from the tree.
pub(crate) fn from_node<T: de::DeserializeOwned>(node: &Node) -> Result<T, Error> {
    let link = Link::Root;
    T::deserialize(De { node, link: &link })
}

struct De<'a> {
    node: &'a Node<'a>,
    link: &'a Link<'a>,
}

/// A number as written: an integer when it is one (and fits), else a float.
fn number<'de, V: Visitor<'de>>(text: &str, v: V) -> Result<V::Value, Error> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(u) = text.parse::<u64>() {
            return v.visit_u64(u);
        }
        if let Ok(i) = text.parse::<i64>() {
            return v.visit_i64(i);
        }
    }
    match text.parse::<f64>() {
        Ok(f) => v.visit_f64(f),
        Err(_) => Err(de::Error::custom(format!("`{text}` is not a number"))),
    }
}

impl<'de> de::Deserializer<'de> for De<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let r = match &self.node.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Number(n) => number(n, v),
            Value::String(s) => v.visit_str(s),
            Value::Array(items) => v.visit_seq(Seq {
                items: items.iter(),
                index: 0,
                link: self.link,
            }),
            Value::Object(members) => v.visit_map(Map {
                members: members.iter(),
                value: None,
                link: self.link,
            }),
        };
        r.map_err(|e| self.link.place(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.node.value {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let r = match &self.node.value {
            // A unit variant, as the scenario writes its kinds (`"scp"`, `"oidc"`).
            Value::String(s) => v.visit_enum((&**s).into_deserializer()),
            Value::Object(members) => v.visit_enum(de::value::MapAccessDeserializer::new(Map {
                members: members.iter(),
                value: None,
                link: self.link,
            })),
            _ => Err(de::Error::custom(
                "expected a string naming one of the kinds",
            )),
        };
        r.map_err(|e| self.link.place(e))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct Seq<'a> {
    items: std::slice::Iter<'a, Node<'a>>,
    index: usize,
    link: &'a Link<'a>,
}

impl<'de> de::SeqAccess<'de> for Seq<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let link = Link::Index(self.link, self.index);
        self.index += 1;
        seed.deserialize(De { node, link: &link }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'a> {
    members: std::slice::Iter<'a, (crate::json::Key<'a>, Node<'a>)>,
    /// The member whose key was read last: its value comes next.
    value: Option<(&'a str, &'a Node<'a>)>,
    link: &'a Link<'a>,
}

impl<'de> de::MapAccess<'de> for Map<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, node)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some((&*key.name, node));
        // A key the type does not know is about that member: point at it.
        let link = Link::Key(self.link, &key.name);
        seed.deserialize((&*key.name).into_deserializer())
            .map(Some)
            .map_err(|e| link.place(e))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (key, node) = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("a value without its key"))?;
        let link = Link::Key(self.link, key);
        seed.deserialize(De { node, link: &link })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        kind: Option<Kind>,
        #[serde(default)]
        extra: Option<serde_json::Value>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        size: u32,
        #[serde(default)]
        tags: indexmap::IndexMap<String, String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Scp,
        Rcp,
    }

    fn read(text: &str) -> Result<Doc, Error> {
        from_node(&crate::json::parse(text).unwrap())
    }

    #[test]
    fn values_are_read_as_serde_json_reads_them() {
        let d = read(r#"{"name": "n", "items": [{"size": 3600, "tags": {"a": "b"}}], "kind": "rcp", "extra": {"x": [1, -2, 2.5, true, null, "s"]}}"#).unwrap();
        assert_eq!(d.items[0].size, 3600);
        assert_eq!(d.items[0].tags["a"], "b");
        assert_eq!(d.kind, Some(Kind::Rcp));
        assert_eq!(
            d.extra,
            Some(serde_json::json!({"x": [1, -2, 2.5, true, null, "s"]}))
        );
    }

    #[test]
    fn an_error_names_the_innermost_place() {
        let e = read(r#"{"name": "n", "items": [{"size": 1}, {"size": "big"}]}"#).unwrap_err();
        assert_eq!(
            e.path,
            Some(vec![
                Step::Key("items".into()),
                Step::Index(1),
                Step::Key("size".into())
            ])
        );
        assert!(e.message.contains("expected u32"), "{}", e.message);
        let e = read(r#"{"name": "n", "items": [{"size": 1, "sise": 2}]}"#).unwrap_err();
        assert_eq!(
            e.path,
            Some(vec![
                Step::Key("items".into()),
                Step::Index(0),
                Step::Key("sise".into())
            ])
        );
        assert!(e.message.contains("unknown field `sise`"), "{}", e.message);
        let e = read(r#"{"items": []}"#).unwrap_err();
        assert_eq!(e.path, Some(vec![]));
        assert!(e.message.contains("missing field `name`"));
        let e = read(r#"{"name": "n", "kind": "ou"}"#).unwrap_err();
        assert_eq!(e.path, Some(vec![Step::Key("kind".into())]));
        let e = read(r#"{"name": "n", "items": [{"size": -1}]}"#).unwrap_err();
        assert!(e.message.contains("expected u32"), "{}", e.message);
        let e = read(r#"{"name": "n", "items": [{"size": 1e400}]}"#).unwrap_err();
        assert_eq!(e.path.map(|p| p.len()), Some(3));
    }
}
