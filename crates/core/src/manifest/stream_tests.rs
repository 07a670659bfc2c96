//! The stream against the whole-document reader: the same objects, skipped documents and
//! errors (with their lines and columns) for every text, however it is cut into chunks: lists
//! in block style and in JSON (pretty and minified), kubectl dumps, texts with a mistake in the
//! head, an item or the tail, items that look like they end where they do not, and thousands
//! of edited dumps.

use super::tests::{mutated, yaml_char, DUMP};
use super::{parse, parse_whole, to_list_yaml, Node, NodeKind, Parsed, Stream};
use proptest::prelude::*;

/// Reads `text` fed in chunks of `size` bytes (cut at character boundaries).
fn streamed(text: &str, size: usize) -> Parsed {
    let mut stream = Stream::new(usize::MAX);
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = size.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, after) = rest.split_at(cut);
        stream.feed(chunk);
        rest = after;
    }
    stream.finish()
}

/// The stream reads `text` as the whole-document reader does, at every chunk size tried.
fn agree(name: &str, text: &str) -> Result<(), TestCaseError> {
    let whole = parse_whole(text);
    let mut sizes = vec![2, 3, 7, 64, 4096, text.len().max(1)];
    if text.len() < 20_000 {
        sizes.push(1);
    }
    for size in sizes {
        let stream = streamed(text, size);
        prop_assert!(
            stream == whole,
            "{name}, chunks of {size}:\nstream objects {} skipped {} errors {:?}\nwhole  objects {} skipped {} errors {:?}\n--- near the errors:\n{}",
            stream.objects.len(),
            stream.skipped.len(),
            stream.errors,
            whole.objects.len(),
            whole.skipped.len(),
            whole.errors,
            near(text, stream.errors.iter().chain(&whole.errors).filter_map(|e| e.line))
        );
    }
    prop_assert!(
        parse(text) == whole,
        "{name}: parse differs from the whole reading"
    );
    Ok(())
}

/// The lines of `text` around `lines`, numbered, with their invisible characters shown.
fn near(text: &str, lines: impl Iterator<Item = u32>) -> String {
    let all: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for line in lines {
        let line = line as usize;
        for n in line.saturating_sub(6).max(1)..=(line + 1).min(all.len()) {
            out.push_str(&format!("{n:5} {:?}\n", all[n - 1]));
        }
        out.push_str("      ...\n");
    }
    out
}

fn check(name: &str, text: &str) {
    if let Err(e) = agree(name, text) {
        panic!("{e}");
    }
}

/// A tree as JSON the way `kubectl get -o json` lays it out (four spaces a level).
fn pretty_json(node: &Node, depth: usize, out: &mut String) {
    let pad = |out: &mut String, depth: usize| (0..depth * 4).for_each(|_| out.push(' '));
    match &node.kind {
        NodeKind::Seq(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                pad(out, depth + 1);
                pretty_json(item, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, depth);
            out.push(']');
        }
        NodeKind::Map(entries) if !entries.is_empty() => {
            out.push_str("{\n");
            for (i, entry) in entries.iter().enumerate() {
                pad(out, depth + 1);
                super::write_double_quoted(out, &entry.key);
                out.push_str(": ");
                pretty_json(&entry.value, depth + 1, out);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            pad(out, depth);
            out.push('}');
        }
        _ => out.push_str(&node.to_compact_json()),
    }
}

/// The text's one document as a tree (by the whole-document reader).
fn tree_of(text: &str) -> Node {
    let documents = super::tree::split_documents(text);
    super::tree::read_document(documents[0])
        .expect("valid")
        .expect("a document")
}

fn dump(objects: usize, seed: u64) -> String {
    pv_fixtures::dump::kubectl_dump(objects, seed)
}

#[test]
fn kubectl_dumps_in_yaml_and_json_read_the_same_in_any_chunks() {
    for (objects, seed) in [(60, 1), (250, 7)] {
        let yaml = dump(objects, seed);
        check("yaml dump", &yaml);
        let root = tree_of(&yaml);
        let mut pretty = String::new();
        pretty_json(&root, 0, &mut pretty);
        pretty.push('\n');
        check("pretty json dump", &pretty);
        check("minified json dump", &root.to_compact_json());
        let parsed = streamed(&pretty, 1000);
        assert_eq!(parsed.objects.len() + parsed.skipped.len(), objects);
    }
    check("the test dump", DUMP);
    let objects = parse(DUMP).into_objects();
    check("an exported list", &to_list_yaml(&objects));
}

#[test]
fn mistakes_in_the_head_an_item_or_the_tail_are_reported_as_in_the_whole_text() {
    let cases = [
        // Bad indentation inside the second item.
        DUMP.replacen(
            "  kind: PersistentVolume\n",
            "  kind: PersistentVolume\n   oops: 1\n",
            1,
        ),
        // A syntax error in the head, before the items.
        DUMP.replacen("apiVersion: v1\nitems:", "apiVersion: [v1\nitems:", 1),
        // In the tail, after them.
        DUMP.replacen("kind: List", "kind: [List", 1),
        // A character YAML does not allow, in an item, and in the tail.
        DUMP.replacen("name: ", "name: \u{1}", 1),
        format!("{DUMP}# \u{7}\n"),
        // A duplicate key in an item, and a second `items`.
        DUMP.replacen(
            "  kind: PersistentVolume\n",
            "  kind: PersistentVolume\n  kind: Pod\n",
            1,
        ),
        format!("{DUMP}items: []\n"),
        // An item that is not a mapping, and one of a kind the list does not know.
        DUMP.replacen("items:\n", "items:\n- just text\n- 42\n", 1),
        // A tab before an item's content.
        DUMP.replacen(
            "- apiVersion: v1\n  kind: PersistentVolume",
            "\t- apiVersion: v1\n  kind: PersistentVolume",
            1,
        ),
        // The list's own kind missing (its whole text is quoted) or not a list.
        DUMP.replacen("kind: List\n", "", 1),
        DUMP.replacen("kind: List\n", "kind: ConfigMap\n", 1),
        DUMP.replacen("kind: List\n", "kind: PersistentVolume\n", 1),
        DUMP.replacen("apiVersion: v1\nitems:", "items:", 1),
    ];
    for (i, text) in cases.iter().enumerate() {
        check(&format!("case {i}"), text);
        assert!(
            !parse(text).errors.is_empty() || i == 7 || i == 10,
            "case {i} has an error"
        );
    }
}

#[test]
fn items_that_look_as_if_they_end_early_are_read_whole() {
    let texts = [
        // A double-quoted scalar whose continuation lines look like items and keys.
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: \"a\n- b\nkind: c\"}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\nkind: List\n",
        // Single-quoted, with an escaped quote.
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: 'it''s\n- not an item'\nkind: List\n",
        // A flow mapping over lines, with a `- ` line inside it.
        "apiVersion: v1\nitems:\n- {apiVersion: v1,\n- kind: ConfigMap}\nkind: List\n",
        // A block scalar whose lines start with `- ` and `kind:`.
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    script: |\n      - run\n      kind: x\n  metadata: {name: m}\nkind: List\n",
        // Comments at the first column between items, and blank lines.
        "apiVersion: v1\nitems:\n# first\n- apiVersion: v1\n\n  kind: ConfigMap\n# between\n\n- apiVersion: v1\n  kind: Secret\n  # inside\nkind: List\n",
        // Items indented under `items:`, and an entry after them at the wrong depth.
        "apiVersion: v1\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n  - apiVersion: v1\n    kind: Secret\nkind: List\n",
        "apiVersion: v1\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n- apiVersion: v1\nkind: List\n",
        // Plain multi-line scalars and an unterminated quote.
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n      b\n- apiVersion: v1\n  kind: \"Secret\nkind: List\n",
        // Typed lists whose items name no kind, with the kind before or after the items.
        "apiVersion: v1\nkind: PersistentVolumeList\nitems:\n- metadata: {name: a}\n  spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n",
        "apiVersion: v1\nitems:\n- metadata: {name: a}\n  spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}\n- kind: PersistentVolume\n- metadata: {name: b}\n  spec: {capacity: {storage: 2Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /b}}\nkind: PersistentVolumeList\n",
        // Empty and null items, a `...` end, a second document, a byte order mark, CRLF.
        "apiVersion: v1\nitems: []\nkind: List\n",
        "apiVersion: v1\nitems:\nkind: List\n...\n---\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Secret\nkind: List\n",
        "\u{feff}apiVersion: v1\r\nitems:\r\n- apiVersion: v1\r\n  kind: Secret\r\nkind: List\r\n",
        "--- # a list\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Secret\n",
        "--- {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Secret}]}\n",
        // JSON with items on one line, a trailing comma, an empty item, an empty list.
        "{\"apiVersion\": \"v1\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Secret\"}, {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}], \"kind\": \"List\"}",
        "{\"apiVersion\": \"v1\", \"items\": [{\"kind\": \"Secret\", \"apiVersion\": \"v1\"},], \"kind\": \"List\"}",
        "{\"apiVersion\": \"v1\", \"items\": [{\"kind\": \"Secret\", \"apiVersion\": \"v1\"},,{}], \"kind\": \"List\"}",
        "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": []}",
        "{\"kind\": \"List\", \"items\": [\"a, [b]\", {\"k\": \"x]\"}, 'y,z']}",
        "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Secret\"}",
        "{\"kind\": \"PersistentVolumeList\", \"apiVersion\": \"v1\", \"items\": [{\"metadata\": {\"name\": \"a\"}, \"spec\": {\"capacity\": {\"storage\": \"1Gi\"}, \"accessModes\": [\"ReadWriteOnce\"], \"hostPath\": {\"path\": \"/a\"}}}]}",
    ];
    for (i, text) in texts.iter().enumerate() {
        check(&format!("text {i}"), text);
    }
}

#[test]
fn bytes_cut_inside_a_character_read_as_the_text_and_others_are_refused() {
    let text = "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: é✓\u{10348}}\nkind: List\n";
    let bytes = text.as_bytes();
    for size in 1..6 {
        let mut stream = Stream::new(usize::MAX);
        bytes
            .chunks(size)
            .for_each(|chunk| stream.feed_bytes(chunk));
        assert_eq!(stream.finish(), parse_whole(text), "chunks of {size}");
    }
    let mut stream = Stream::new(usize::MAX);
    stream.feed_bytes(b"kind: \xff\n");
    let errors = stream.finish().errors;
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("byte 6"),
        "{}",
        errors[0].message
    );
    let mut stream = Stream::new(usize::MAX);
    stream.feed_bytes("kind: é".as_bytes().split_last().unwrap().1);
    assert!(stream.finish().errors[0].message.contains("not UTF-8"));
}

#[test]
fn a_stream_over_its_limit_is_one_error() {
    let mut stream = Stream::new(100);
    stream.feed(&"a".repeat(60));
    stream.feed(&"b".repeat(60));
    let parsed = stream.finish();
    assert_eq!(parsed.objects, []);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(
        parsed.errors[0].message,
        "the input is more than 100 bytes; at most 100 bytes are read"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn edited_lists_read_the_same_streamed_and_whole(
        json in any::<bool>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), yaml_char()), 1..5),
    ) {
        let base = if json {
            let mut pretty = String::new();
            pretty_json(&tree_of(DUMP), 0, &mut pretty);
            pretty
        } else {
            DUMP.to_owned()
        };
        agree("an edited list", &mutated(&base, &edits))?;
    }
}
