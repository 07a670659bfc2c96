//! The hand-written decoders against serde's derives (the decoding they replace): the same
//! objects, and the same error (message, path, position) for every object of the repository's
//! scenarios, Diagnose dumps and a generated dump, each also with every node in turn replaced
//! by a value of every other type and with every mapping entry in turn removed.

use super::super::tree::{read_document, split_documents, Entry, Node, NodeKind};
use super::super::{decode, is_strict, schema, schema_of};
use super::{decode as typed, FromTree};
use pv_engine::objects::Kind;
use pv_engine::objects::{
    Node as NodeObject, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass,
};
use std::fmt::Debug;
use std::path::Path;

/// Every mapping with a core `kind` in `text` (a manifest stream or a scenario, whose `apply`
/// texts are read in turn), or in the `items` of a List.
fn objects_in(text: &str, out: &mut Vec<Node>) {
    for part in split_documents(text) {
        if let Ok(Some(root)) = read_document(part) {
            collect(&root, out);
        }
    }
}

fn collect(node: &Node, out: &mut Vec<Node>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            let kind = node.get("kind").and_then(Node::as_str);
            if matches!(
                kind,
                Some(
                    "PersistentVolume" | "PersistentVolumeClaim" | "StorageClass" | "Pod" | "Node"
                )
            ) {
                out.push(node.clone());
            }
            for entry in entries {
                collect(&entry.value, out);
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|item| collect(item, out)),
        // A scenario's `apply: |` text.
        NodeKind::Str(text) if text.contains("kind:") => objects_in(text, out),
        _ => {}
    }
}

fn corpus() -> Vec<Node> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in [
        "tests/scenarios",
        "tests/diagnose",
        "www/examples",
        "lessons",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "yaml") {
                objects_in(&std::fs::read_to_string(&path).unwrap(), &mut out);
            }
        }
    }
    objects_in(&pv_fixtures::dump::kubectl_dump(120, 7), &mut out);
    out
}

fn same<T: FromTree + serde::de::DeserializeOwned + PartialEq + Debug>(
    node: &Node,
    what: &str,
    compare: bool,
) {
    let by_hand = typed::<T>(node);
    if compare {
        assert_eq!(by_hand, decode::decode::<T>(node), "{what}");
    }
}

/// Both decoders agree on `node` wherever `decode_object` can meet it: after the schema check
/// accepted it (trees our own encoder wrote are such trees). Elsewhere the hand-written one
/// must still answer without panicking: serde's derives take a sequence for a struct (fields
/// by position), which the schema check never lets through.
fn both(node: &Node, what: &str) -> bool {
    let kind = node
        .get("kind")
        .and_then(Node::as_str)
        .and_then(Kind::parse);
    let checked = kind.is_some_and(|k| schema::check(node, schema_of(k), is_strict(k)).is_empty());
    match kind {
        Some(Kind::PersistentVolume) => same::<PersistentVolume>(node, what, checked),
        Some(Kind::PersistentVolumeClaim) => same::<PersistentVolumeClaim>(node, what, checked),
        Some(Kind::StorageClass) => same::<StorageClass>(node, what, checked),
        Some(Kind::Pod) => same::<Pod>(node, what, checked),
        _ => same::<NodeObject>(node, what, checked),
    }
    checked
}

/// Values of every type the reader makes, to put in place of each node.
fn replacements() -> Vec<Node> {
    let node = |kind| Node::new(kind);
    let entry = |key: &str, value: Node| Entry {
        key: key.to_owned(),
        key_at: Default::default(),
        value,
    };
    vec![
        node(NodeKind::Null),
        node(NodeKind::Bool(true)),
        node(NodeKind::Int(5)),
        node(NodeKind::Int(-3)),
        node(NodeKind::Int(i128::from(u64::MAX))),
        node(NodeKind::Int(i128::MIN)),
        node(NodeKind::Float(1.5)),
        node(NodeKind::Float(2.0)),
        node(NodeKind::Float(f64::INFINITY)),
        node(NodeKind::Str("x".into())),
        node(NodeKind::Str(String::new())),
        node(NodeKind::Str(" 10Gi ".into())),
        node(NodeKind::Str("2026-01-01T00:00:00Z".into())),
        node(NodeKind::Str("Bound".into())),
        node(NodeKind::Seq(vec![node(NodeKind::Str("x".into()))])),
        node(NodeKind::Map(Vec::new())),
        node(NodeKind::Map(vec![entry("Bound", node(NodeKind::Null))])),
        node(NodeKind::Map(vec![entry("Nope", node(NodeKind::Int(1)))])),
    ]
}

/// Every variant of `root` with one node replaced by `with`, or one mapping entry removed
/// (`with` None), handed to `each`.
fn variants(root: &Node, with: Option<&Node>, each: &mut dyn FnMut(&Node, String)) {
    fn walk(
        root: &Node,
        path: &mut Vec<usize>,
        with: Option<&Node>,
        each: &mut dyn FnMut(&Node, String),
    ) {
        let node = at(root, path);
        let children = match &node.kind {
            NodeKind::Map(entries) => entries.len(),
            NodeKind::Seq(items) => items.len(),
            _ => 0,
        };
        for i in 0..children {
            path.push(i);
            let mut changed = root.clone();
            match with {
                Some(value) => *at_mut(&mut changed, path) = value.clone(),
                None => remove(&mut changed, path),
            }
            each(&changed, format!("{path:?} -> {with:?}"));
            walk(root, path, with, each);
            path.pop();
        }
    }
    walk(root, &mut Vec::new(), with, each);
}

fn child(node: &Node, i: usize) -> &Node {
    match &node.kind {
        NodeKind::Map(entries) => &entries[i].value,
        NodeKind::Seq(items) => &items[i],
        _ => unreachable!("a path goes through collections"),
    }
}

fn at<'a>(root: &'a Node, path: &[usize]) -> &'a Node {
    path.iter().fold(root, |node, &i| child(node, i))
}

fn at_mut<'a>(root: &'a mut Node, path: &[usize]) -> &'a mut Node {
    path.iter().fold(root, |node, &i| match &mut node.kind {
        NodeKind::Map(entries) => &mut entries[i].value,
        NodeKind::Seq(items) => &mut items[i],
        _ => unreachable!("a path goes through collections"),
    })
}

fn remove(root: &mut Node, path: &[usize]) {
    let (last, parent) = path.split_last().unwrap();
    match &mut at_mut(root, parent).kind {
        NodeKind::Map(entries) => {
            entries.remove(*last);
        }
        NodeKind::Seq(items) => {
            items.remove(*last);
        }
        _ => unreachable!("a path goes through collections"),
    }
}

#[test]
fn the_corpus_decodes_alike() {
    let corpus = corpus();
    let compared = corpus
        .iter()
        .enumerate()
        .filter(|(i, node)| both(node, &format!("object {i}")))
        .count();
    // The rest are scenarios' deliberate mistakes, which the schema check stops.
    assert!(
        compared > 300,
        "{compared} of {} objects compared",
        corpus.len()
    );
}

#[test]
fn every_node_replaced_by_every_type_and_every_entry_removed_decodes_alike() {
    // One object of each kind and shape: the corpus's distinct key sets keep this fast.
    let mut seen = std::collections::HashSet::new();
    let (mut checked, mut compared) = (0, 0);
    for node in corpus() {
        let shape = format!("{:?}", keys(&node));
        if !seen.insert(shape) {
            continue;
        }
        for value in replacements() {
            variants(&node, Some(&value), &mut |changed, what| {
                compared += usize::from(both(changed, &what));
                checked += 1;
            });
        }
        variants(&node, None, &mut |changed, what| {
            compared += usize::from(both(changed, &what));
            checked += 1;
        });
    }
    assert!(
        checked > 10_000 && compared > 2_000,
        "{compared} of {checked} variants compared"
    );
}

/// The keys of every mapping in a tree, as its shape.
fn keys(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(node: &Node, prefix: &str, out: &mut Vec<String>) {
        match &node.kind {
            NodeKind::Map(entries) => entries.iter().for_each(|e| {
                let path = format!("{prefix}.{}", e.key);
                out.push(path.clone());
                walk(&e.value, &path, out);
            }),
            NodeKind::Seq(items) => items
                .iter()
                .for_each(|i| walk(i, &format!("{prefix}[]"), out)),
            _ => {}
        }
    }
    walk(node, "", &mut out);
    out.sort();
    out.dedup();
    out
}

/// The wire names a hand-written decoder reads (written by the `structs!` macro).
pub(super) trait Fields {
    const FIELDS: &'static [&'static str];
}

/// The wire names serde's derive reads for `T`: what it hands to `deserialize_struct`.
fn serde_fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Deserializer, Visitor};
    #[derive(Debug)]
    struct Found(&'static [&'static str]);
    impl std::fmt::Display for Found {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:?}", self.0)
        }
    }
    impl std::error::Error for Found {}
    impl de::Error for Found {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Found(&[])
        }
    }
    struct Spy;
    impl<'de> Deserializer<'de> for Spy {
        type Error = Found;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
            Err(Found(&[]))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Found> {
            Err(Found(fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    match T::deserialize(Spy) {
        Err(Found(fields)) => fields,
        Ok(_) => unreachable!("the spy never gives a value"),
    }
}

fn reads_every_field<T: Fields + serde::de::DeserializeOwned>() {
    assert_eq!(
        T::FIELDS,
        serde_fields::<T>(),
        "{}: the hand-written decoder reads other fields than the engine's type has",
        std::any::type_name::<T>()
    );
}

/// A field added to an engine type is read by hand too (or this fails).
#[test]
fn the_hand_written_decoders_read_every_field_the_engine_types_have() {
    use pv_engine::objects::*;
    reads_every_field::<ObjectMeta>();
    reads_every_field::<OwnerReference>();
    reads_every_field::<ObjectReference>();
    reads_every_field::<NodeSelectorRequirement>();
    reads_every_field::<NodeSelectorTerm>();
    reads_every_field::<NodeSelector>();
    reads_every_field::<VolumeNodeAffinity>();
    reads_every_field::<HostPathVolumeSource>();
    reads_every_field::<NfsVolumeSource>();
    reads_every_field::<LocalVolumeSource>();
    reads_every_field::<CsiVolumeSource>();
    reads_every_field::<PersistentVolumeStatus>();
    reads_every_field::<PersistentVolume>();
    reads_every_field::<LabelSelectorRequirement>();
    reads_every_field::<LabelSelector>();
    reads_every_field::<ResourceRequirements>();
    reads_every_field::<PersistentVolumeClaimSpec>();
    reads_every_field::<PersistentVolumeClaimStatus>();
    reads_every_field::<PersistentVolumeClaimCondition>();
    reads_every_field::<PersistentVolumeClaim>();
    reads_every_field::<TopologySelectorLabelRequirement>();
    reads_every_field::<TopologySelectorTerm>();
    reads_every_field::<StorageClass>();
    reads_every_field::<PersistentVolumeClaimVolumeSource>();
    reads_every_field::<PodVolume>();
    reads_every_field::<PodSpec>();
    reads_every_field::<PodStatus>();
    reads_every_field::<PodCondition>();
    reads_every_field::<Pod>();
    reads_every_field::<NodeObject>();
    // The volume's spec is written out by hand: each serde field decodes by its wire name.
    let mut spec = PersistentVolumeSpec::default();
    for wire in serde_fields::<PersistentVolumeSpec>() {
        let typed_field = [
            "capacity",
            "accessModes",
            "claimRef",
            "persistentVolumeReclaimPolicy",
            "storageClassName",
            "mountOptions",
            "volumeMode",
            "nodeAffinity",
            "volumeAttributesClassName",
            "hostPath",
            "nfs",
            "local",
            "csi",
        ];
        assert!(
            typed_field.contains(wire) || spec.other_source_mut(wire).is_some(),
            "PersistentVolumeSpec.{wire} is not decoded by hand"
        );
    }
}
