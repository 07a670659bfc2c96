//! Objects to YAML text: a serde serializer into `Node` trees, and a kubectl-style emitter.
//!
//! The emitter indents by two, keeps list items at their key's indent, and quotes a string only
//! when YAML would read it as something else.

use super::tree::{Entry, Node, NodeKind};
use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};

#[derive(Debug)]
pub(crate) struct EncodeError(String);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EncodeError {}

impl ser::Error for EncodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        EncodeError(message.to_string())
    }
}

/// The tree of a serializable value.
pub(crate) fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, EncodeError> {
    value.serialize(TreeSerializer)
}

fn leaf(kind: NodeKind) -> Result<Node, EncodeError> {
    Ok(Node::new(kind))
}

struct TreeSerializer;

impl ser::Serializer for TreeSerializer {
    type Ok = Node;
    type Error = EncodeError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = VariantBuilder<MapBuilder>;

    fn serialize_bool(self, v: bool) -> Result<Node, EncodeError> {
        leaf(NodeKind::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_i128(self, v: i128) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Node, EncodeError> {
        leaf(NodeKind::Int(v.into()))
    }
    fn serialize_f32(self, v: f32) -> Result<Node, EncodeError> {
        leaf(NodeKind::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Node, EncodeError> {
        leaf(NodeKind::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Node, EncodeError> {
        leaf(NodeKind::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Node, EncodeError> {
        leaf(NodeKind::Str(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Node, EncodeError> {
        leaf(NodeKind::Seq(
            v.iter()
                .map(|b| Node::new(NodeKind::Int((*b).into())))
                .collect(),
        ))
    }
    fn serialize_none(self) -> Result<Node, EncodeError> {
        leaf(NodeKind::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, EncodeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, EncodeError> {
        leaf(NodeKind::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Node, EncodeError> {
        leaf(NodeKind::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Node, EncodeError> {
        leaf(NodeKind::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Node, EncodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node, EncodeError> {
        leaf(NodeKind::Map(vec![entry(variant, to_node(value)?)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, EncodeError> {
        Ok(SeqBuilder(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, EncodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, EncodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<SeqBuilder>, EncodeError> {
        Ok(VariantBuilder {
            variant,
            inner: SeqBuilder(Vec::with_capacity(len)),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, EncodeError> {
        Ok(MapBuilder {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapBuilder, EncodeError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<MapBuilder>, EncodeError> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

fn entry(key: &str, value: Node) -> Entry {
    Entry {
        key: key.to_owned(),
        key_at: Default::default(),
        value,
    }
}

struct SeqBuilder(Vec<Node>);

impl ser::SerializeSeq for SeqBuilder {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.0.push(to_node(value)?);
        Ok(())
    }
    fn end(self) -> Result<Node, EncodeError> {
        leaf(NodeKind::Seq(self.0))
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, EncodeError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, EncodeError> {
        ser::SerializeSeq::end(self)
    }
}

struct MapBuilder {
    entries: Vec<Entry>,
    key: Option<String>,
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EncodeError> {
        let text = match to_node(key)?.kind {
            NodeKind::Str(s) => s,
            NodeKind::Int(i) => i.to_string(),
            NodeKind::Bool(b) => b.to_string(),
            _ => return Err(ser::Error::custom("a mapping key must be a string")),
        };
        self.key = Some(text);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <EncodeError as ser::Error>::custom("a value without a key"))?;
        self.entries.push(entry(&key, to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, EncodeError> {
        leaf(NodeKind::Map(self.entries))
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.entries.push(entry(key, to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, EncodeError> {
        ser::SerializeMap::end(self)
    }
}

/// An externally tagged enum variant: `{variant: inner}`.
struct VariantBuilder<B> {
    variant: &'static str,
    inner: B,
}

impl ser::SerializeTupleVariant for VariantBuilder<SeqBuilder> {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> Result<Node, EncodeError> {
        let inner = ser::SerializeSeq::end(self.inner)?;
        leaf(NodeKind::Map(vec![entry(self.variant, inner)]))
    }
}

impl ser::SerializeStructVariant for VariantBuilder<MapBuilder> {
    type Ok = Node;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Node, EncodeError> {
        let inner = ser::SerializeMap::end(self.inner)?;
        leaf(NodeKind::Map(vec![entry(self.variant, inner)]))
    }
}

// ---------------------------------------------------------------------------------------------
// The emitter
// ---------------------------------------------------------------------------------------------

/// Appends a mapping as a block document (or `{}` when empty).
pub(crate) fn write_document(out: &mut String, root: &Node) {
    match &root.kind {
        NodeKind::Map(entries) if !entries.is_empty() => write_map(out, entries, 0, false),
        NodeKind::Seq(items) if !items.is_empty() => write_seq(out, items, 0, false),
        _ => {
            write_scalar(out, root);
            out.push('\n');
        }
    }
}

fn indent(out: &mut String, width: usize) {
    out.extend(std::iter::repeat_n(' ', width));
}

/// Writes entries at `width`; `inline` means the first line is already indented (after `- `).
fn write_map(out: &mut String, entries: &[Entry], width: usize, inline: bool) {
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 || !inline {
            indent(out, width);
        }
        write_string(out, &entry.key);
        out.push(':');
        write_value(out, &entry.value, width, false);
    }
}

fn write_seq(out: &mut String, items: &[Node], width: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            indent(out, width);
        }
        out.push('-');
        write_value(out, item, width, true);
    }
}

/// Writes what follows `key:` or `-`. A nested mapping under a key goes two deeper; a list
/// under a key stays at the key's indent (kubectl's style); collections in a list item start on
/// the item's line.
fn write_value(out: &mut String, value: &Node, width: usize, in_seq: bool) {
    match &value.kind {
        NodeKind::Map(entries) if !entries.is_empty() => {
            if in_seq {
                out.push(' ');
                write_map(out, entries, width + 2, true);
            } else {
                out.push('\n');
                write_map(out, entries, width + 2, false);
            }
        }
        NodeKind::Seq(items) if !items.is_empty() => {
            if in_seq {
                out.push(' ');
                write_seq(out, items, width + 2, true);
            } else {
                out.push('\n');
                write_seq(out, items, width, false);
            }
        }
        _ => {
            out.push(' ');
            write_scalar(out, value);
            out.push('\n');
        }
    }
}

fn write_scalar(out: &mut String, node: &Node) {
    match &node.kind {
        NodeKind::Null => out.push_str("null"),
        NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeKind::Int(i) => {
            let _ = write!(out, "{i}");
        }
        NodeKind::Float(f) => write_float(out, *f),
        NodeKind::Str(s) => write_string(out, s),
        NodeKind::Seq(_) => out.push_str("[]"),
        NodeKind::Map(_) => out.push_str("{}"),
    }
}

/// A float that reads back as a float (`1.0`, not `1`, which YAML reads as an integer).
fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str(".nan");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { ".inf" } else { "-.inf" });
    } else {
        // Debug prints the shortest text that round-trips, always with a `.` or an exponent.
        let _ = write!(out, "{f:?}");
    }
}

/// A string, plain when YAML (1.1 or 1.2) reads the plain text back as this same string, else
/// double-quoted. The plain alphabet is deliberately small: letters, digits and ` ._/-`.
fn write_string(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        write_double_quoted(out, s);
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphanumeric() || first == '/' || first == '_') || s.ends_with(' ') {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '_' | '/' | '-'))
    {
        return false;
    }
    const WORDS: [&str; 9] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null"];
    if WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return false;
    }
    // Anything starting with a digit that could be a number, a date or a timestamp in some
    // YAML schema (`1e3`, `0x1F`, `2026-01-01`, `1_000`) is quoted; `1Gi` and `500m` are not.
    let number_like = first.is_ascii_digit()
        && s.chars().all(|c| {
            c.is_ascii_hexdigit() || matches!(c, '.' | '_' | '-' | '+' | 'x' | 'X' | 'o' | 'O')
        });
    !number_like
}

/// A double-quoted string that reads back the same as YAML (1.1 and 1.2) and as JSON: only
/// escapes both languages share. The one string escaper of the crate (YAML out, the JSON of
/// `to_json` and the embedding's `state()`).
pub(crate) fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
