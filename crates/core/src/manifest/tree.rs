//! YAML text to positioned `Node` trees: the tree, stream splitting at `---`/`...`, and the
//! reader every build uses (`subset`; serde-saphyr is only the tests' oracle).

use super::encode::write_double_quoted;
/// Reads one document of a stream into a tree; `None` for an empty document.
pub(crate) use super::subset::read_document;
use pv_engine::sort::CompactSort;

/// The largest input `parse` reads: a `kubectl get … -o yaml` dump of about 5,000 objects with
/// their managedFields is 15–25 MiB, so 32 MiB leaves room without letting a paste exhaust a
/// browser tab.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The largest dump read from a file (in the page: chosen or dropped; `pvsim diagnose`): read a
/// chunk at a time by `manifest::Stream`, it is never held whole, and 256 MB holds about
/// 140,000 objects with their managedFields.
pub const MAX_DUMP_BYTES: usize = 256 * 1024 * 1024;

pub use crate::problem::Position;

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
            NodeKind::Str(s) => write_double_quoted(out, s),
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
                sorted.compact_sort_by(|a, b| a.key.cmp(&b.key));
                out.push('{');
                for (i, entry) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_double_quoted(out, &entry.key);
                    out.push(':');
                    entry.value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// One document of a stream: its text and the line of the stream it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DocumentText<'a> {
    pub text: &'a str,
    pub first_line: u32,
}

/// What a line is to the stream splitter.
pub(crate) enum Marker {
    /// `---`: a document starts here (its content may follow on the same line).
    Start,
    /// `...`: the current document ends after this line.
    End,
    None,
}

pub(crate) fn marker(line: &str) -> Marker {
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
pub(crate) fn has_content(line: &str) -> bool {
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
