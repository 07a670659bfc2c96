//! Kubernetes YAML in and out: manifests and dumps to objects, objects to YAML, kubectl tables.
//!
//! Parsing is strict, like kubectl's default `--validate=strict`, and every error carries
//! kubectl's message with its document, line and column.
//!
//! - [`parse`] reads one document, a `---` stream, a `kind: List` or a typed list
//!   (`PersistentVolumeList`). Every document is read, whatever its neighbours hold: the result
//!   lists the objects, the documents of kinds the simulator does not know (skipped, not
//!   errors, since a cluster dump is full of them) and the errors.
//! - [`to_yaml`] and [`to_list_yaml`] write objects as a stream or as a `kind: List`; parsing
//!   their output gives the same objects back.
//! - [`tables`] prints `kubectl get pv|pvc|sc|pods|statefulsets|deployments|replicasets`.

mod decode;
mod encode;
mod paths;
// serde-saphyr, as the differential test's oracle for `subset`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod saphyr;
mod schema;
mod stream;
// The core kinds' decoding, by hand.
mod typed;
// The YAML reader of every build.
mod subset;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod subset_tests;
pub mod tables;
mod tree;

pub use crate::problem::{Position, Problem};
pub(crate) use encode::write_double_quoted;
pub use paths::{changed_fields, field_lines, LineRange};
pub use stream::Stream;
pub(crate) use tree::{Entry, Node, NodeKind};
pub use tree::{MAX_DUMP_BYTES, MAX_INPUT_BYTES};

use pv_engine::objects::{Kind, Object};
use pv_engine::sort::CompactSort;
use schema::Struct;

/// What a text held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The objects of known kinds that parsed cleanly, in text order.
    pub objects: Vec<ParsedObject>,
    /// Documents of kinds the simulator does not model, in text order.
    pub skipped: Vec<Skipped>,
    /// Everything that stopped a document or a list item from becoming an object, in text
    /// order, each at its line and column (for a missing field, of the mapping that lacks it;
    /// for an error the reader cannot place, of the document's first line) and document.
    pub errors: Vec<Problem>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The objects alone, in text order.
    pub fn into_objects(self) -> Vec<Object> {
        self.objects.into_iter().map(|p| p.object).collect()
    }
}

/// An object and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedObject {
    pub object: Object,
    /// The 0-based index of its YAML document in the stream (empty documents count).
    pub document: usize,
    /// Its 0-based index in the `items` of a list document, if it came from one.
    pub item: Option<usize>,
    /// The 1-based line where the object's mapping starts.
    pub line: u32,
    /// Whether the document wrote `metadata.finalizers` (even as an empty list): a replace
    /// takes the document's finalizers only then, and keeps the stored ones otherwise.
    pub declares_finalizers: bool,
}

/// A document (or list item) of a kind the simulator does not model, such as a Service.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub document: usize,
    pub item: Option<usize>,
    pub line: u32,
    pub api_version: String,
    pub kind: String,
    /// `metadata.name`, empty when absent.
    pub name: String,
    pub namespace: Option<String>,
}

/// Parses Kubernetes YAML (see the module documentation). Never panics; an input larger than
/// [`MAX_INPUT_BYTES`] is one error.
pub fn parse(text: &str) -> Parsed {
    parse_reporting(text, &mut |_| {})
}

/// [`parse`], telling `read` how many bytes of the text are read, every 64 KiB.
pub fn parse_reporting(text: &str, read: &mut dyn FnMut(usize)) -> Parsed {
    if text.len() > MAX_INPUT_BYTES {
        return stream::too_large(text.len(), MAX_INPUT_BYTES);
    }
    let mut stream = Stream::new(MAX_INPUT_BYTES);
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(64 * 1024);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, after) = rest.split_at(cut);
        stream.feed(chunk);
        read(stream.fed());
        rest = after;
    }
    stream.finish()
}

/// Reads every document of `text` whole, as [`parse`] does without cutting lists into items:
/// the reference the stream is tested against.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn parse_whole(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (document, part) in tree::split_documents(text).into_iter().enumerate() {
        let mut reader = DocumentReader {
            document,
            parsed: &mut parsed,
            streamed: None,
        };
        match tree::read_document(part) {
            Ok(Some(root)) => reader.read_root(&root),
            Ok(None) => {}
            Err(error) => parsed.errors.push(error.in_document(document)),
        }
    }
    note_cut_short(text, &mut parsed);
    parsed
}

/// A reader error on the text's last line is what a cut-short paste or file looks like: it
/// says so.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn note_cut_short(text: &str, parsed: &mut Parsed) {
    if !text.is_empty() && !text.ends_with('\n') {
        let last_line = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
        note_unfinished_line(parsed, last_line);
    }
}

/// Says of each reader error on `line`, the text's last and unfinished one, that the input
/// may have been cut short.
fn note_unfinished_line(parsed: &mut Parsed, line: u32) {
    for error in &mut parsed.errors {
        if error.line == Some(line) {
            error.message.push_str(CUT_SHORT);
        }
    }
}

/// What a syntax error on the input's last, unfinished line adds.
const CUT_SHORT: &str =
    " (the input ends on this line, unfinished: if it was cut short, give all of it)";

/// Reads a text of one YAML document for a format of our own (scenarios, lessons) with the
/// reader `parse` uses on this target, so the page and `pvsim` read such files alike; decode
/// it with [`decode_document`]. A second document is an error at its first line.
pub(crate) fn read_single_document(text: &str) -> Result<Node, Problem> {
    let refuse = |line: u32, message: &str| Problem::at(Position::new(line, 1), message);
    if text.len() > MAX_INPUT_BYTES {
        return Err(refuse(1, "the file is too large"));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let documents = tree::split_documents(text);
    if let Some(second) = documents.get(1) {
        return Err(refuse(
            second.first_line,
            "a second YAML document: one is expected",
        ));
    }
    match documents.first().map(|&d| tree::read_document(d)) {
        Some(Ok(Some(root))) => Ok(root),
        Some(Err(error)) => Err(error),
        _ => Err(refuse(1, "the file holds no YAML document")),
    }
}

/// Decodes a tree read by [`read_single_document`] into `T`, the error at its node (an
/// unknown key at the key) and named by its field path.
pub(crate) fn decode_document<T: serde::de::DeserializeOwned>(root: &Node) -> Result<T, Problem> {
    decode::decode(root).map_err(|e| Problem::at(e.at, e.to_string()))
}

/// The API versions a kind is served at; anything else is "no matches for kind".
fn served_versions(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::StorageClass => &["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
        Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet => &["apps/v1"],
        _ => &["v1"],
    }
}

fn schema_of(kind: Kind) -> &'static Struct {
    match kind {
        Kind::PersistentVolume => &schema::PERSISTENT_VOLUME,
        Kind::PersistentVolumeClaim => &schema::PERSISTENT_VOLUME_CLAIM,
        Kind::StorageClass => &schema::STORAGE_CLASS,
        Kind::Pod => &schema::POD,
        Kind::Node => &schema::NODE,
        Kind::StatefulSet => &schema::STATEFUL_SET,
        Kind::Deployment => &schema::DEPLOYMENT,
        Kind::ReplicaSet => &schema::REPLICA_SET,
    }
}

/// Pod and Node schemas are huge and we read a few fields: unknown ones are ignored there, and
/// in the workload kinds, whose pod templates are pod specs.
fn is_strict(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::PersistentVolume | Kind::PersistentVolumeClaim | Kind::StorageClass
    )
}

/// The longest document text an error message quotes.
const QUOTE_LIMIT: usize = 200;

struct DocumentReader<'a> {
    document: usize,
    parsed: &'a mut Parsed,
    /// The items of a list document read one at a time by the stream, for its root.
    streamed: Option<StreamedItems>,
}

/// The items of a list document read one at a time (see `stream`): what they give, read as
/// the items of a `kind: List`, kept aside until the document is known to be a list.
#[derive(Default)]
pub(crate) struct StreamedItems {
    parsed: Parsed,
    /// Items that name neither kind nor apiVersion: what they are depends on the list's kind
    /// (a typed list gives its own), so each waits, with its index and where its results go.
    pending: Vec<(usize, Node, [usize; 3])>,
    count: usize,
    /// The items as compact JSON, as far as an error's quote may need them.
    json: String,
    json_complete: bool,
    /// Where the first item's piece starts.
    pub first_at: Option<Position>,
}

impl StreamedItems {
    /// Reads the next item (of document `document`).
    pub fn add(&mut self, item: Node, document: usize) {
        let index = self.count;
        self.count += 1;
        if self.json.len() <= QUOTE_LIMIT {
            if index > 0 {
                self.json.push(',');
            }
            self.json.push_str(&item.to_compact_json());
            self.json_complete = true;
        } else {
            self.json_complete = false;
        }
        if names_no_type(&item) {
            let at = [
                self.parsed.objects.len(),
                self.parsed.skipped.len(),
                self.parsed.errors.len(),
            ];
            self.pending.push((index, item, at));
            return;
        }
        let mut reader = DocumentReader {
            document,
            parsed: &mut self.parsed,
            streamed: None,
        };
        reader.read_object(&item, Origin::item(index, None));
    }
}

/// A mapping whose `apiVersion` and `kind` are both absent (or empty or null): what it is
/// depends on the list it is in.
fn names_no_type(node: &Node) -> bool {
    let absent = |field: &str| match node.get(field).map(|v| &v.kind) {
        None | Some(NodeKind::Null) => true,
        Some(NodeKind::Str(s)) => s.is_empty(),
        Some(_) => false,
    };
    matches!(node.kind, NodeKind::Map(_)) && absent("apiVersion") && absent("kind")
}

/// Where a mapping sits: its own document, or an item of a list.
#[derive(Clone, Copy)]
struct Origin {
    item: Option<usize>,
    /// For items of a typed list (`PersistentVolumeList`), the kind and version an item that
    /// does not name its own has.
    implied: Option<(Kind, &'static str)>,
}

impl Origin {
    fn item(index: usize, implied: Option<(Kind, &'static str)>) -> Self {
        Origin {
            item: Some(index),
            implied,
        }
    }
}

impl DocumentReader<'_> {
    fn error(&mut self, at: Position, message: String) {
        self.parsed
            .errors
            .push(Problem::at(at, message).in_document(self.document));
    }

    fn read_root(&mut self, root: &Node) {
        self.read_object(
            root,
            Origin {
                item: None,
                implied: None,
            },
        );
    }

    /// A string field of the type header (`apiVersion`, `kind`); `None` when absent or empty.
    fn type_field<'n>(&mut self, node: &'n Node, field: &str) -> Result<Option<&'n str>, ()> {
        match node.get(field) {
            None => Ok(None),
            Some(value) => match &value.kind {
                NodeKind::Str(s) if s.is_empty() => Ok(None),
                NodeKind::Str(s) => Ok(Some(s)),
                NodeKind::Null => Ok(None),
                _ => {
                    self.error(
                        value.at,
                        format!(
                            "json: cannot unmarshal {} into Go struct field TypeMeta.{field} of type string",
                            value.json_type()
                        ),
                    );
                    Err(())
                }
            },
        }
    }

    fn read_object(&mut self, node: &Node, origin: Origin) {
        if !matches!(node.kind, NodeKind::Map(_)) {
            // kubectl decodes the document into a map first and fails with Go's words.
            let message = format!(
                "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                node.json_type()
            );
            self.error(node.at, message);
            return;
        }
        let Ok(api_version) = self.type_field(node, "apiVersion") else {
            return;
        };
        let Ok(kind_name) = self.type_field(node, "kind") else {
            return;
        };
        let (kind_name, api_version) = match (kind_name, api_version, origin.implied) {
            (None, None, Some((kind, version))) => (kind.as_str(), version),
            // `kubectl get -o yaml` writes `kind: List` after its items: a dump without it
            // was cut short, which kubectl's own words ("Object 'Kind' is missing") hide.
            (None, _, None) if origin.item.is_none() && node.get("items").is_some() => {
                self.error(
                    node.at,
                    "the input is cut short (truncated): it has the items of a List but not the `kind: List` line that ends `kubectl get … -o yaml` output; give all of it".to_owned(),
                );
                return;
            }
            (None, _, _) => {
                self.missing(node, "Kind");
                return;
            }
            (Some(_), None, _) => {
                self.missing(node, "apiVersion");
                return;
            }
            (Some(kind), Some(version), _) => (kind, version),
        };
        if origin.item.is_none() {
            if kind_name == "List" {
                self.read_items(node, None);
                return;
            }
            if let Some(kind) = kind_name.strip_suffix("List").and_then(Kind::parse) {
                if let Some(version) = served_versions(kind).iter().find(|v| **v == api_version) {
                    self.read_items(node, Some((kind, version)));
                    return;
                }
            }
        }
        let Some(kind) = Kind::parse(kind_name) else {
            self.skip(node, origin, api_version, kind_name);
            return;
        };
        if !served_versions(kind).contains(&api_version) {
            let at = node.get("apiVersion").map_or(node.at, |n| n.at);
            self.error(
                at,
                format!("no matches for kind \"{kind_name}\" in version \"{api_version}\""),
            );
            return;
        }
        let problems = schema::check(node, schema_of(kind), is_strict(kind));
        if !problems.is_empty() {
            let document = self.document;
            self.parsed
                .errors
                .extend(problems.into_iter().map(|p| p.in_document(document)));
            return;
        }
        match decode_object(kind, node) {
            Ok(object) => self.parsed.objects.push(ParsedObject {
                object,
                document: self.document,
                item: origin.item,
                line: node.at.line.max(1),
                declares_finalizers: node
                    .get("metadata")
                    .and_then(|m| m.get("finalizers"))
                    .is_some(),
            }),
            Err(error) => self.error(error.at, error.to_string()),
        }
    }

    /// apimachinery's `NewMissingKindErr` / `NewMissingVersionErr`, quoting the document as
    /// JSON (shortened: a dump's document can be megabytes).
    fn missing(&mut self, node: &Node, what: &str) {
        let mut json = match &self.streamed {
            Some(items) => quoted_list(node, items),
            None => node.to_compact_json(),
        };
        if json.len() > QUOTE_LIMIT {
            let mut cut = QUOTE_LIMIT;
            while !json.is_char_boundary(cut) {
                cut -= 1;
            }
            json.truncate(cut);
            json.push('…');
        }
        self.error(node.at, format!("Object '{what}' is missing in '{json}'"));
    }

    fn read_items(&mut self, list: &Node, implied: Option<(Kind, &'static str)>) {
        // Items the stream read already come first (the rest, if any, are in the node).
        let read = match self.streamed.take() {
            Some(streamed) => self.take_streamed(streamed, implied),
            None => 0,
        };
        let items = match list.get("items") {
            None => return,
            Some(items) => items,
        };
        match &items.kind {
            NodeKind::Null => {}
            NodeKind::Seq(entries) => {
                for (index, item) in entries.iter().enumerate() {
                    self.read_object(item, Origin::item(read + index, implied));
                }
            }
            _ => self.error(
                items.at,
                format!(
                    "json: cannot unmarshal {} into Go struct field List.items of type []runtime.RawExtension",
                    items.json_type()
                ),
            ),
        }
    }

    /// Takes what streamed items gave, reading the ones that waited for the list's kind
    /// where they stand; returns how many items there were.
    fn take_streamed(
        &mut self,
        mut streamed: StreamedItems,
        implied: Option<(Kind, &'static str)>,
    ) -> usize {
        // From the last, so that the places of the earlier ones stay where they were.
        while let Some((index, item, [objects, skipped, errors])) = streamed.pending.pop() {
            let mut own = Parsed::default();
            let mut reader = DocumentReader {
                document: self.document,
                parsed: &mut own,
                streamed: None,
            };
            reader.read_object(&item, Origin::item(index, implied));
            let into = &mut streamed.parsed;
            into.objects.splice(objects..objects, own.objects);
            into.skipped.splice(skipped..skipped, own.skipped);
            into.errors.splice(errors..errors, own.errors);
        }
        self.parsed.objects.append(&mut streamed.parsed.objects);
        self.parsed.skipped.append(&mut streamed.parsed.skipped);
        self.parsed.errors.append(&mut streamed.parsed.errors);
        streamed.count
    }

    fn skip(&mut self, node: &Node, origin: Origin, api_version: &str, kind: &str) {
        let metadata = node.get("metadata");
        let text = |field: &str| {
            metadata
                .and_then(|m| m.get(field))
                .and_then(Node::as_str)
                .map(str::to_owned)
        };
        self.parsed.skipped.push(Skipped {
            document: self.document,
            item: origin.item,
            line: node.at.line.max(1),
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            name: text("name").unwrap_or_default(),
            namespace: text("namespace"),
        });
    }
}

/// A value with serde's derives as a tree (None only for maps with non-text keys).
pub(crate) fn value_node<T: serde::Serialize + ?Sized>(value: &T) -> Option<Node> {
    encode::to_node(value).ok()
}

/// A tree written by [`value_node`] back as its value.
pub(crate) fn node_value<T: serde::de::DeserializeOwned>(node: &Node) -> Result<T, String> {
    decode::decode(node).map_err(|e| e.to_string())
}

/// An object tree written by [`object_node`] back as the object, its kind read from the tree.
/// No schema check: the tree is one this program wrote.
pub(crate) fn node_object(node: &Node) -> Result<Object, String> {
    let kind = node
        .get("kind")
        .and_then(Node::as_str)
        .and_then(Kind::parse)
        .ok_or("an object without a known kind")?;
    decode_object(kind, node).map_err(|e| e.to_string())
}

/// A list document as compact JSON with sorted keys (as kubectl quotes a document), its items
/// those the stream read one at a time (as far as it kept them), then any in the node.
fn quoted_list(node: &Node, streamed: &StreamedItems) -> String {
    let NodeKind::Map(entries) = &node.kind else {
        return node.to_compact_json();
    };
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.compact_sort_by(|a, b| a.key.cmp(&b.key));
    let mut out = String::from("{");
    for (i, entry) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_double_quoted(&mut out, &entry.key);
        out.push(':');
        if entry.key != "items" {
            out.push_str(&entry.value.to_compact_json());
            continue;
        }
        out.push('[');
        out.push_str(&streamed.json);
        if !streamed.json_complete && streamed.count > 0 {
            // Longer than any quote: the rest is never shown.
            return out;
        }
        if let NodeKind::Seq(rest) = &entry.value.kind {
            for (j, item) in rest.iter().enumerate() {
                if j > 0 || streamed.count > 0 {
                    out.push(',');
                }
                out.push_str(&item.to_compact_json());
            }
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// The tree of one object as its text wrote it (document `document`, list item `item`), for
/// what kubectl keeps of a manifest as written (`last-applied-configuration`).
pub(crate) fn written_tree(text: &str, document: usize, item: Option<usize>) -> Option<Node> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let part = *tree::split_documents(text).get(document)?;
    let root = tree::read_document(part).ok()??;
    match item {
        None => Some(root),
        Some(index) => match &root.get("items")?.kind {
            NodeKind::Seq(items) => items.get(index).cloned(),
            _ => None,
        },
    }
}

/// Reads one object's tree (an object after a patch) as [`parse`] reads a document: the
/// same schema check and decoding, each problem in kubectl's words.
pub(crate) fn object_from_node(node: &Node) -> Result<Object, Vec<Problem>> {
    let mut parsed = Parsed::default();
    DocumentReader {
        document: 0,
        parsed: &mut parsed,
        streamed: None,
    }
    .read_root(node);
    if parsed.has_errors() {
        return Err(parsed.errors);
    }
    match (parsed.objects.pop(), parsed.skipped.first()) {
        (Some(object), _) => Ok(object.object),
        (None, Some(skipped)) => Err(vec![Problem::nowhere(format!(
            "the simulator does not model {}",
            skipped.kind
        ))]),
        (None, None) => Err(vec![Problem::nowhere("no object")]),
    }
}

/// Why a build without the `workloads` feature (the lean explainer) refuses an apps object.
pub const WORKLOADS_LEFT_OUT: &str =
    "workloads (StatefulSet, Deployment, ReplicaSet) are not in this build";

fn decode_object(kind: Kind, node: &Node) -> Result<Object, decode::DecodeError> {
    Ok(match kind {
        Kind::PersistentVolume => Object::PersistentVolume(typed::decode(node)?),
        Kind::PersistentVolumeClaim => Object::PersistentVolumeClaim(typed::decode(node)?),
        Kind::StorageClass => Object::StorageClass(typed::decode(node)?),
        Kind::Pod => Object::Pod(typed::decode(node)?),
        Kind::Node => Object::Node(typed::decode(node)?),
        #[cfg(feature = "workloads")]
        Kind::StatefulSet => Object::StatefulSet(decode::decode(node)?),
        #[cfg(feature = "workloads")]
        Kind::Deployment => Object::Deployment(decode::decode(node)?),
        #[cfg(feature = "workloads")]
        Kind::ReplicaSet => Object::ReplicaSet(decode::decode(node)?),
        // Left out, and with them their decoders (35 KB of the lean module, BENCHMARKS.md).
        #[cfg(not(feature = "workloads"))]
        Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet => {
            return Err(serde::de::Error::custom(WORKLOADS_LEFT_OUT))
        }
    })
}

/// An object as a document tree: `apiVersion`, `kind`, then its own fields in declaration order
/// (`metadata`, `spec`, `status`; a StorageClass's top-level fields).
pub(crate) fn object_node(object: &Object) -> Node {
    let fields = match object {
        Object::PersistentVolume(o) => encode::to_node(o),
        Object::PersistentVolumeClaim(o) => encode::to_node(o),
        Object::StorageClass(o) => encode::to_node(o),
        Object::Pod(o) => encode::to_node(o),
        Object::Node(o) => encode::to_node(o),
        #[cfg(feature = "workloads")]
        Object::StatefulSet(o) => encode::to_node(o),
        #[cfg(feature = "workloads")]
        Object::Deployment(o) => encode::to_node(o),
        #[cfg(feature = "workloads")]
        Object::ReplicaSet(o) => encode::to_node(o),
        // A build without workloads never decodes one, so it has none to write.
        #[cfg(not(feature = "workloads"))]
        Object::StatefulSet(_) | Object::Deployment(_) | Object::ReplicaSet(_) => {
            Ok(Node::new(NodeKind::Map(Vec::new())))
        }
    };
    let kind = object.kind();
    let mut entries = vec![
        text_entry("apiVersion", kind.api_version()),
        text_entry("kind", kind.as_str()),
    ];
    // The engine's types serialize to mappings of strings, numbers and collections only, so
    // the serializer cannot fail on them; an empty body would still be a valid document.
    if let Ok(Node {
        kind: NodeKind::Map(body),
        ..
    }) = fields
    {
        entries.extend(body);
    }
    Node::new(NodeKind::Map(entries))
}

fn text_entry(key: &str, value: &str) -> tree::Entry {
    tree::Entry {
        key: key.to_owned(),
        key_at: Default::default(),
        value: Node::new(NodeKind::Str(value.to_owned())),
    }
}

/// The objects as a YAML stream, documents separated by `---`.
pub fn to_yaml(objects: &[Object]) -> String {
    let mut out = String::new();
    for (i, object) in objects.iter().enumerate() {
        write_yaml_document(&mut out, object, i == 0);
    }
    out
}

/// Appends one object to a YAML stream ([`to_yaml`] a document at a time).
pub fn write_yaml_document(out: &mut String, object: &Object, first: bool) {
    if !first {
        out.push_str("---\n");
    }
    encode::write_document(out, &object_node(object));
}

/// One object as a user writes it to create it: without `status`, which the API server sets.
pub fn to_manifest_yaml(object: &Object) -> String {
    let mut node = object_node(object);
    if let NodeKind::Map(entries) = &mut node.kind {
        entries.retain(|e| e.key != "status");
    }
    let mut out = String::new();
    encode::write_document(&mut out, &node);
    out
}

/// The objects as one `kind: List` document, laid out as `kubectl get -o yaml` prints it.
pub fn to_list_yaml(objects: &[Object]) -> String {
    let items = objects.iter().map(object_node).collect();
    let list = Node::new(NodeKind::Map(vec![
        text_entry("apiVersion", "v1"),
        tree::Entry {
            key: "items".to_owned(),
            key_at: Default::default(),
            value: Node::new(NodeKind::Seq(items)),
        },
        text_entry("kind", "List"),
        tree::Entry {
            key: "metadata".to_owned(),
            key_at: Default::default(),
            value: Node::new(NodeKind::Map(vec![text_entry("resourceVersion", "")])),
        },
    ]));
    let mut out = String::new();
    encode::write_document(&mut out, &list);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod stream_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
