//! The differential test of our YAML reader against serde-saphyr: `subset` must give
//! serde-saphyr's tree (values, line and column of every node and key), or refuse with an
//! error at a place in the document. Checked: the conformance suite and the manifests inside
//! it, hand-written styles, the features the subset refuses, and generated documents.

use super::tree::{split_documents, DocumentText, Entry, Node, NodeKind};
use super::{saphyr, subset};
use crate::problem::{Position, Problem};
use proptest::prelude::*;

type Read = Result<Option<Node>, Problem>;

/// Whether the subset's answer is acceptable next to serde-saphyr's.
fn agree(document: DocumentText<'_>, full: &Read, small: &Read) -> Result<(), String> {
    match (full, small) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Ok(Some(a)), Ok(Some(b))) => Err(first_difference(a, b, "")),
        (Ok(_), Ok(_)) => Err("one reader found a document, the other none".into()),
        (Err(e), Ok(_)) => Err(format!(
            "the subset accepts what serde-saphyr refuses: {e:?}"
        )),
        (_, Err(error)) => {
            let last_line = document
                .first_line
                .saturating_add(document.text.lines().count() as u32);
            let placed = error.position().is_some_and(|at| {
                at.line >= document.first_line && at.line <= last_line.max(document.first_line)
            });
            if !placed {
                return Err(format!("error outside the document: {error:?}"));
            }
            // Where serde-saphyr reads the document, the subset may refuse only what it
            // does not support, and must say so.
            if full.is_ok() && !error.message.contains("browser's YAML reader") {
                return Err(format!(
                    "a refusal that does not name the browser reader: {error:?}"
                ));
            }
            Ok(())
        }
    }
}

/// Where two trees first differ, for a readable failure.
fn first_difference(a: &Node, b: &Node, path: &str) -> String {
    let short = |n: &Node| {
        let text = format!("{:?} at {}:{}", n.kind, n.at.line, n.at.column);
        text.chars().take(120).collect::<String>()
    };
    match (&a.kind, &b.kind) {
        (NodeKind::Seq(x), NodeKind::Seq(y)) if a.at == b.at && x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (p, q))| p != q)
            .map_or_else(String::new, |(i, (p, q))| {
                first_difference(p, q, &format!("{path}[{i}]"))
            }),
        (NodeKind::Map(x), NodeKind::Map(y)) if a.at == b.at && x.len() == y.len() => {
            match x.iter().zip(y).find(|(p, q)| p != q) {
                Some((p, q)) if p.key != q.key || p.key_at != q.key_at => format!(
                    "{path}: key {:?} at {:?} vs {:?} at {:?}",
                    p.key, p.key_at, q.key, q.key_at
                ),
                Some((p, q)) => first_difference(&p.value, &q.value, &format!("{path}.{}", p.key)),
                None => String::new(),
            }
        }
        _ => format!("at {path}: serde-saphyr {} / subset {}", short(a), short(b)),
    }
}

/// Both readers over a whole stream, document by document.
fn check_stream(name: &str, text: &str) {
    for document in split_documents(text) {
        let full = saphyr::read_document(document);
        let small = subset::read_document(document);
        if let Err(why) = agree(document, &full, &small) {
            let name: String = name.chars().take(400).collect();
            panic!("{name}: the YAML readers disagree ({why})");
        }
    }
}

/// Every string value under `key` in the tree (the manifests inside scenario steps).
fn strings_under<'n>(node: &'n Node, key: &str, out: &mut Vec<&'n str>) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|i| strings_under(i, key, out)),
        NodeKind::Map(entries) => {
            for entry in entries {
                if let (true, NodeKind::Str(s)) = (entry.key == key, &entry.value.kind) {
                    out.push(s);
                }
                strings_under(&entry.value, key, out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_readers_agree_on_the_conformance_suite_and_its_manifests() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() > 100, "the suite moved? {dir}");
    let mut manifests = 0;
    for path in &paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        check_stream(&name, &text);
        for document in split_documents(&text) {
            let Ok(Some(root)) = subset::read_document(document) else {
                panic!("{name}: the subset reader cannot read the scenario");
            };
            let mut inner = Vec::new();
            for key in ["apply", "update"] {
                strings_under(&root, key, &mut inner);
            }
            for manifest in inner {
                check_stream(&format!("{name} (a step's manifest)"), manifest);
                manifests += 1;
            }
        }
    }
    assert!(
        manifests > 100,
        "only {manifests} manifests found in the suite"
    );
}

#[test]
fn the_subset_refuses_what_it_does_not_support_and_says_so() {
    let cases = [
        ("a: &x 1\nb: 2\n", 1, 4, "anchors"),
        ("a: 1\nb: *x\n", 2, 4, "aliases"),
        ("a: !!str 1\n", 1, 4, "tags"),
        ("? a\n: 1\n", 1, 1, "complex mapping keys"),
        ("a: [b: c]\n", 1, 6, "single pairs"),
    ];
    for (text, line, column, feature) in cases {
        let document = split_documents(text)[0];
        let error = subset::read_document(document).unwrap_err();
        assert_eq!(
            error.position(),
            Some(Position::new(line, column)),
            "{text:?}: {error:?}"
        );
        assert!(
            error.message.contains(feature)
                && error.message.contains("pv-playground's YAML reader"),
            "{text:?}: {}",
            error.message
        );
    }
}

#[test]
fn plain_scalars_are_typed_as_serde_saphyr_types_them() {
    let spellings = [
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "False",
        "yes",
        "No",
        "y",
        "N",
        "on",
        "OFF",
        "0",
        "-0",
        "+12",
        "1_000",
        "_1",
        "1__0",
        "0755",
        "-0755",
        "0x1F",
        "0X1F",
        "-0x1f",
        "0o17",
        "0b101",
        "0b102",
        "1e3",
        "1E-3",
        ".5",
        "5.",
        "-1.5e3",
        "+.5",
        "inf",
        ".inf",
        "-.Inf",
        "+.nan",
        ".NaN",
        "nan",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1Gi",
        "500m",
        "2025-03-14T09:26:53Z",
        "1.2.3",
        "0x",
        "0o",
        "1e",
        "e5",
        "12abc",
        "é",
        ".",
        "-",
        "1 2",
    ];
    for spelling in spellings {
        for text in [
            format!("a: {spelling}\n"),
            format!("{spelling}: a\n"),
            format!("- {spelling}\n"),
        ] {
            check_stream(&text, &text);
        }
    }
}

#[test]
fn the_readers_agree_on_hand_written_styles() {
    let texts = [
        "a: plain text\n  continued here\n\n  and a new para\nb: >\n  folded\n  line\n\n  para\n    more indented\n  back\n",
        "c: |+\n  keep\n\n\nd: |-\n  strip\ne: \"multi\n  line\n\n  quoted \\\n  joined\"\nf: 'it''s\n  folded'\n",
        "g: [a, b,\n   {c: d, e: [1, 2]},  # comment\n   \"x\"]\nh:\n- - nested\n  - seq\n- k: v\n  k2: v2\n",
        "i: http://example.com:8080/path#frag\nj: value   # trailing comment\nk: {}\nl: []\nw:\nx: |2\n   two-indent\n  base\n",
        "\"quoted key\": 1\n'single key': 2\ncrlf: one\r\nlist:\r\n  - a\r\n  - b\r\n",
        "%YAML 1.2\n---\na: 1\n...\n",
        "items:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: a\n    labels: {x: \"1\"}\n",
        "n: \"\\x41\\u00e9\\U0001F600\"\n",
        "m: {tier: ,old, a:, b: }\n",
        "a:\n  b: |\n\n  c: 1\n",
        "f:\n- # gone\n- \n-\n- x\n",
    ];
    for text in texts {
        check_stream(text, text);
    }
}

/// Generated trees: maps with distinct keys, sequences, and scalars of every type.
fn tree() -> impl Strategy<Value = Node> {
    let scalar = prop_oneof![
        Just(NodeKind::Null),
        any::<bool>().prop_map(NodeKind::Bool),
        any::<i64>().prop_map(|i| NodeKind::Int(i.into())),
        (-1e6f64..1e6).prop_map(NodeKind::Float),
        "[a-zA-Z0-9 ._/:#'\"-]{0,12}".prop_map(NodeKind::Str),
        "\\PC{0,8}".prop_map(NodeKind::Str),
        "(yes|no|on|off|y|n|~|null|0x1F|0755|1e3|\\.5|1_000|1Gi)".prop_map(NodeKind::Str),
    ]
    .prop_map(Node::new);
    scalar.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| Node::new(NodeKind::Seq(items))),
            proptest::collection::btree_map("[a-z][a-zA-Z0-9./-]{0,8}", inner, 0..5).prop_map(
                |entries| {
                    Node::new(NodeKind::Map(
                        entries
                            .into_iter()
                            .map(|(key, value)| Entry {
                                key,
                                key_at: Default::default(),
                                value,
                            })
                            .collect(),
                    ))
                }
            ),
        ]
    })
}

/// The same tree in flow style with quoted strings, the other way manifests are written.
fn write_flow(node: &Node, out: &mut String) {
    match &node.kind {
        NodeKind::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(item, out);
            }
            out.push(']');
        }
        NodeKind::Map(entries) => {
            out.push('{');
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n  ");
                }
                out.push_str(&entry.key);
                out.push_str(": ");
                write_flow(&entry.value, out);
            }
            out.push('}');
        }
        NodeKind::Str(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    c if c.is_control() || (c as u32) > 0xffff => {
                        out.push_str(&format!("\\U{:08x}", c as u32));
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        NodeKind::Null => out.push_str("null"),
        NodeKind::Bool(b) => out.push_str(&b.to_string()),
        NodeKind::Int(i) => out.push_str(&i.to_string()),
        NodeKind::Float(f) => out.push_str(&format!("{f:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_readers_agree_on_generated_documents(root in tree()) {
        let mut block = String::new();
        super::encode::write_document(&mut block, &root);
        check_stream(&block, &block);
        let mut flow = String::from("root: ");
        write_flow(&root, &mut flow);
        flow.push('\n');
        check_stream(&flow, &flow);
    }
}
