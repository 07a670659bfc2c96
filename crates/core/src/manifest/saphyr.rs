//! serde-saphyr under explicit budgets, into `tree`'s positioned nodes: the oracle the tests
//! hold the subset reader to (`subset_tests.rs`); no build ships it.

use super::tree::{DocumentText, Entry, Node, NodeKind, Position, MAX_INPUT_BYTES};
use crate::problem::Problem;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

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
pub(crate) fn read_document(document: DocumentText<'_>) -> Result<Option<Node>, Problem> {
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
            Err(Problem::at(at, syntax_message(&error)))
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
