//! Typed decoding of a checked tree through serde, with Go's null semantics: our own formats
//! (scenarios, lessons, the worker's answers) and the apps kinds. The core kinds are decoded by
//! hand (`typed.rs`), to the same results.
//!
//! Errors name the field path and point at the node.
//!
//! Go's JSON decoder leaves a field at its zero value when the document says `null`, so here
//! `null` reads as `""`, an empty list or map, `false` or `None` as the target asks. Fields the
//! target type does not model are skipped (the schema check has already judged them).

use super::tree::{Node, NodeKind, Position};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};
use std::fmt;

/// A decoding failure: the field path (`spec.resources.requests.storage`), where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DecodeError {
    pub path: String,
    pub at: Position,
    pub message: String,
    /// Set while the error travels up from the struct that lacks the field to the deserializer
    /// that knows the struct's path.
    missing_field: Option<&'static str>,
    located: bool,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    /// An error whose path and position are known (the hand-written decoders').
    pub(super) fn located(path: String, at: Position, message: String) -> Self {
        Self {
            path,
            at,
            message,
            missing_field: None,
            located: true,
        }
    }
}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self {
            path: String::new(),
            at: Position::default(),
            message: message.to_string(),
            missing_field: None,
            located: false,
        }
    }

    /// Our own formats' typos (scenarios, lessons), worded as serde-saphyr worded them.
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self::custom(format!(
            "unknown field `{field}`, expected one of {}",
            expected.join(", ")
        ))
    }

    /// A field the engine's types require; Kubernetes' validation words it this way.
    fn missing_field(field: &'static str) -> Self {
        Self {
            missing_field: Some(field),
            ..Self::custom("Required value")
        }
    }
}

/// Decodes a tree into `T`.
pub(crate) fn decode<T: DeserializeOwned>(node: &Node) -> Result<T, DecodeError> {
    T::deserialize(NodeDeserializer { node, trail: None })
}

/// The way down to a node, rendered like Kubernetes' field paths only when an error needs it.
pub(super) struct Trail<'a> {
    pub parent: Option<&'a Trail<'a>>,
    pub step: Step<'a>,
}

pub(super) enum Step<'a> {
    Name(&'a str),
    Index(usize),
}

pub(super) fn render(trail: Option<&Trail<'_>>) -> String {
    let mut steps = Vec::new();
    let mut cursor = trail;
    while let Some(t) = cursor {
        steps.push(&t.step);
        cursor = t.parent;
    }
    let mut out = String::new();
    for step in steps.into_iter().rev() {
        match step {
            Step::Name(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Why a plain `yes` or `10` is no string: the reader typed it as YAML 1.1 does and its text
/// is gone, so say how to keep it instead of inventing "true".
pub(super) fn plain_scalar(node: &Node) -> String {
    format!(
        "expected a string, not a plain {}: quote it",
        node.json_type()
    )
}

struct NodeDeserializer<'a> {
    node: &'a Node,
    trail: Option<&'a Trail<'a>>,
}

impl NodeDeserializer<'_> {
    /// Gives an error raised at or below this node the path and position it lacks.
    fn locate(&self, mut error: DecodeError) -> DecodeError {
        if !error.located {
            let mut path = render(self.trail);
            if let Some(field) = error.missing_field.take() {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(field);
            }
            error.path = path;
            error.at = self.node.at;
            error.located = true;
        }
        error
    }

    fn visit_scalar<'de, V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(small), _) => visitor.visit_i64(small),
                // Above i64: serde's unsigned visitors take it as u64, not as i128.
                (_, Ok(large)) => visitor.visit_u64(large),
                _ => visitor.visit_i128(*i),
            },
            NodeKind::Float(f) => visitor.visit_f64(*f),
            NodeKind::Str(s) => visitor.visit_str(s),
            NodeKind::Seq(items) => visitor.visit_seq(Items::new(items, self.trail)),
            NodeKind::Map(entries) => visitor.visit_map(Entries::new(entries, self.trail)),
        }
    }
}

macro_rules! forward_to_any {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            self.deserialize_any(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for NodeDeserializer<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let result = self.visit_scalar(visitor);
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_none().map_err(|e| self.locate(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_bool(false).map_err(|e| self.locate(e)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_str("").map_err(|e| self.locate(e)),
            NodeKind::Bool(_) | NodeKind::Int(_) | NodeKind::Float(_) => {
                Err(self.locate(de::Error::custom(plain_scalar(self.node))))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.kind {
            NodeKind::Null => visitor
                .visit_seq(Items::new(&[], self.trail))
                .map_err(|e| self.locate(e)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.kind {
            NodeKind::Null => visitor
                .visit_map(Entries::new(&[], self.trail))
                .map_err(|e| self.locate(e)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        // The engine's enums (phases) are unit variants written as strings; other variants
        // are a mapping of one entry, the variant's name to its content (as `encode` writes).
        match &self.node.kind {
            NodeKind::Str(s) => visitor
                .visit_enum(s.as_str().into_deserializer())
                .map_err(|e| self.locate(e)),
            NodeKind::Map(entries) if entries.len() == 1 => visitor
                .visit_enum(Variant {
                    entry: &entries[0],
                    trail: self.trail,
                })
                .map_err(|e| self.locate(e)),
            _ => Err(self.locate(de::Error::custom(format!(
                "expected a string, got {}",
                self.node.json_type()
            )))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    forward_to_any! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_identifier
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }
}

struct Items<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Node>>,
    trail: Option<&'a Trail<'a>>,
}

impl<'a> Items<'a> {
    fn new(items: &'a [Node], trail: Option<&'a Trail<'a>>) -> Self {
        Self {
            items: items.iter().enumerate(),
            trail,
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let Some((index, node)) = self.items.next() else {
            return Ok(None);
        };
        let trail = Trail {
            parent: self.trail,
            step: Step::Index(index),
        };
        seed.deserialize(NodeDeserializer {
            node,
            trail: Some(&trail),
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a> {
    entries: std::slice::Iter<'a, super::tree::Entry>,
    pending: Option<&'a super::tree::Entry>,
    trail: Option<&'a Trail<'a>>,
}

impl<'a> Entries<'a> {
    fn new(entries: &'a [super::tree::Entry], trail: Option<&'a Trail<'a>>) -> Self {
        Self {
            entries: entries.iter(),
            pending: None,
            trail,
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = DecodeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some(entry);
        let key: de::value::StrDeserializer<'_, DecodeError> =
            entry.key.as_str().into_deserializer();
        // A key the type refuses (`deny_unknown_fields`) is reported at the key itself; the
        // message names it, so no path is added.
        seed.deserialize(key).map(Some).map_err(|mut error| {
            if !error.located {
                error.at = entry.key_at;
                error.located = true;
            }
            error
        })
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        let entry = self
            .pending
            .take()
            .ok_or_else(|| <DecodeError as de::Error>::custom("a value without a key"))?;
        let trail = Trail {
            parent: self.trail,
            step: Step::Name(&entry.key),
        };
        seed.deserialize(NodeDeserializer {
            node: &entry.value,
            trail: Some(&trail),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum variant written as `{variant: content}`.
struct Variant<'a> {
    entry: &'a super::tree::Entry,
    trail: Option<&'a Trail<'a>>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a> {
    type Error = DecodeError;
    type Variant = NodeDeserializer<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, NodeDeserializer<'a>), DecodeError> {
        let name: de::value::StrDeserializer<'_, DecodeError> =
            self.entry.key.as_str().into_deserializer();
        let variant = seed.deserialize(name)?;
        Ok((
            variant,
            NodeDeserializer {
                node: &self.entry.value,
                trail: self.trail,
            },
        ))
    }
}

impl<'de> de::VariantAccess<'de> for NodeDeserializer<'_> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_map(visitor)
    }
}
