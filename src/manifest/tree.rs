//! YAML text to positioned `Node` trees: stream splitting and budgeted reading with serde-saphyr.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// The largest input `parse` reads: a `kubectl get … -o yaml` dump of about 5,000 objects with
/// their managedFields is 15–25 MiB, so 32 MiB leaves room without letting a paste exhaust a
/// browser tab.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// A 1-based line and column (in characters), as editors count them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }
}

/// A YAML node with where it was written. Trees built for output carry default positions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub at: Position,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NodeKind {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order (duplicates are rejected while reading).
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub key_at: Position,
    pub value: Node,
}

impl Node {
    pub fn new(kind: NodeKind) -> Self {
        Self {
            at: Position::default(),
            kind,
        }
    }

    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// What JSON calls this value, as Go's decoder names it in type errors.
    pub fn json_type(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "bool",
            NodeKind::Int(_) | NodeKind::Float(_) => "number",
            NodeKind::Str(_) => "string",
            NodeKind::Seq(_) => "array",
            NodeKind::Map(_) => "object",
        }
    }

    /// The node as compact JSON with sorted keys, the way kubectl quotes a document it cannot
    /// decode (it converts YAML to a Go map, then marshals it).
    pub fn to_compact_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match &self.kind {
            NodeKind::Null => out.push_str("null"),
            NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            NodeKind::Int(i) => out.push_str(&i.to_string()),
            NodeKind::Float(f) => out.push_str(&f.to_string()),
            NodeKind::Str(s) => write_json_string(out, s),
            NodeKind::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            NodeKind::Map(entries) => {
                let mut sorted: Vec<&Entry> = entries.iter().collect();
                sorted.sort_by(|a, b| a.key.cmp(&b.key));
                out.push('{');
                for (i, entry) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, &entry.key);
                    out.push(':');
                    entry.value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// One document of a stream: its text and the line of the stream it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DocumentText<'a> {
    pub text: &'a str,
    pub first_line: u32,
}

/// What a line is to the stream splitter.
enum Marker {
    /// `---`: a document starts here (its content may follow on the same line).
    Start,
    /// `...`: the current document ends after this line.
    End,
    None,
}

fn marker(line: &str) -> Marker {
    let is = |prefix: &str| {
        line.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
    };
    if is("---") {
        Marker::Start
    } else if is("...") {
        Marker::End
    } else {
        Marker::None
    }
}

/// Whether a line carries YAML content (not blank, not a comment, not a `%` directive).
fn has_content(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    !(trimmed.trim_end().is_empty() || trimmed.starts_with('#') || line.starts_with('%'))
}

/// Splits a stream at its document markers, so that each document is read on its own: a
/// syntax error then costs one document, not the rest of the paste, and each document gets its
/// own budget. YAML forbids `---` and `...` at the start of a line inside any document content
/// (plain, quoted and block scalars alike), so a line-based split is exact. Text before a first
/// `---` that holds only comments, blank lines or directives is not a document.
pub(crate) fn split_documents(text: &str) -> Vec<DocumentText<'_>> {
    let mut documents = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut explicit = false;
    let mut content = false;
    let mut offset = 0usize;
    let mut line_number = 1u32;
    for line in text.split_inclusive('\n') {
        match marker(line) {
            Marker::Start => {
                if explicit || content {
                    documents.push(DocumentText {
                        text: &text[start..offset],
                        first_line: start_line,
                    });
                }
                start = offset;
                start_line = line_number;
                explicit = true;
                content = false;
            }
            Marker::End => {
                if explicit || content {
                    documents.push(DocumentText {
                        text: &text[start..offset + line.len()],
                        first_line: start_line,
                    });
                }
                start = offset + line.len();
                start_line = line_number.saturating_add(1);
                explicit = false;
                content = false;
            }
            Marker::None => content |= has_content(line),
        }
        offset += line.len();
        line_number = line_number.saturating_add(1);
    }
    if explicit || content {
        documents.push(DocumentText {
            text: &text[start..],
            first_line: start_line,
        });
    }
    documents
}

/// A YAML syntax or budget error, located in the whole stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub at: Position,
    pub message: String,
}

/// The parser's limits. Each document is read separately, but one document may be a whole
/// `kind: List` dump, so the per-document limits are sized for `MAX_INPUT_BYTES` of real
/// Kubernetes YAML, and the alias limits keep a "billion laughs" paste to the cost of an
/// ordinary large dump.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            // Kubernetes objects nest about 20 deep at most (managedFields' fieldsV1 inside a
            // List item); our tree walkers recurse per level, so depth also bounds their stack.
            max_depth: 64,
            flow_nesting_limit: 64,
            // Real dumps average one node per 10–20 bytes; this admits any realistic 32 MiB
            // input while bounding the tree (about 60 bytes per node) to a few hundred MiB.
            max_nodes: 4_000_000,
            max_events: 10_000_000,
            max_total_scalar_bytes: MAX_INPUT_BYTES,
            max_documents: 1,
            // Manifests rarely use anchors; these are generous for hand-written ones.
            max_anchors: 10_000,
            max_aliases: 10_000,
            max_merge_keys: 10_000,
            max_recorded_anchor_bytes: MAX_INPUT_BYTES,
        },
        alias_limits: serde_saphyr::alias_limits! {
            // Expanding aliases may replay at most as many events as a large real dump has.
            max_total_replayed_events: 1_000_000,
            max_replay_stack_depth: 16,
        },
        // We report line and column ourselves; a rendered snippet would repeat the input.
        with_snippet: false,
    }
}

/// Reads one document into a tree; `None` for an empty document (only comments or `---`).
pub(crate) fn read_document(document: DocumentText<'_>) -> Result<Option<Node>, SyntaxError> {
    let line_offset = document.first_line.saturating_sub(1);
    match serde_saphyr::from_str_with_options::<Option<Spanned<NodeKind>>>(document.text, options())
    {
        Ok(root) => Ok(root.map(|spanned| shift(into_node(spanned), line_offset))),
        Err(error) => {
            let at = error.location().filter(|l| l.line() > 0).map_or(
                Position::new(document.first_line, 1),
                |l| {
                    Position::new(
                        saturate(l.line()).saturating_add(line_offset),
                        saturate(l.column()).max(1),
                    )
                },
            );
            Err(SyntaxError {
                at,
                message: syntax_message(&error),
            })
        }
    }
}

/// The error's text without serde-saphyr's location suffix (we print our own), with control
/// characters (which a quoted scalar can bring into a message) made visible.
fn syntax_message(error: &serde_saphyr::Error) -> String {
    use serde_saphyr::MessageFormatter as _;
    let mut inner = error.without_snippet();
    if let serde_saphyr::Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    let text = serde_saphyr::DefaultMessageFormatter.format_message(inner);
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn position(location: &serde_saphyr::Location) -> Position {
    Position::new(saturate(location.line()), saturate(location.column()))
}

fn into_node(spanned: Spanned<NodeKind>) -> Node {
    Node {
        at: position(&spanned.referenced),
        kind: spanned.value,
    }
}

/// Moves a document's positions from document lines to stream lines.
fn shift(mut node: Node, lines: u32) -> Node {
    if lines > 0 {
        shift_in_place(&mut node, lines);
    }
    node
}

fn shift_in_place(node: &mut Node, lines: u32) {
    node.at.line = node.at.line.saturating_add(lines);
    match &mut node.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(|n| shift_in_place(n, lines)),
        NodeKind::Map(entries) => {
            for entry in entries {
                entry.key_at.line = entry.key_at.line.saturating_add(lines);
                shift_in_place(&mut entry.value, lines);
            }
        }
        _ => {}
    }
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        NodeKind::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<NodeKind, E> {
        i128::try_from(v)
            .map(NodeKind::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<NodeKind>>()? {
            items.push(into_node(item));
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Spanned<KeyText>, Spanned<NodeKind>>()? {
            entries.push(Entry {
                key_at: position(&key.referenced),
                key: key.value.0,
                value: into_node(value),
            });
        }
        Ok(NodeKind::Map(entries))
    }
}

/// A mapping key as text. YAML allows any scalar as a key and JSON (which Kubernetes decodes)
/// only strings, so `1:` or `true:` become `"1"` and `"true"`, as kubectl's converter does;
/// a collection as a key is an error.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match NodeKind::deserialize(deserializer)? {
            NodeKind::Str(s) => Ok(KeyText(s)),
            NodeKind::Bool(b) => Ok(KeyText(b.to_string())),
            NodeKind::Int(i) => Ok(KeyText(i.to_string())),
            NodeKind::Float(f) => Ok(KeyText(f.to_string())),
            NodeKind::Null => Ok(KeyText("null".into())),
            NodeKind::Seq(_) | NodeKind::Map(_) => Err(de::Error::custom(
                "a mapping key must be a scalar (Kubernetes objects are JSON)",
            )),
        }
    }
}
