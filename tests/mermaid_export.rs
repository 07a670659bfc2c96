//! Mermaid export: the seed flowchart comes out as the seed's own Mermaid (same nodes, shapes,
//! labels, classes, subgraphs and edges), hostile names stay inside their quoted labels and
//! read back unchanged, and a live flowchart's path is styled.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::disallowed_methods)] // tests sort with the standard library; the page's size rule is not theirs

mod common;

use common::play::play;
use proptest::prelude::*;
use pv_core::diagram::{
    live_flowchart, seed_flowchart, to_mermaid, Edge, Graph, Group, Label, Line, Node, NodeClass,
    Shape, Span,
};
use std::collections::BTreeMap;

/// The seed's flowchart block (`shared/seed/persistent-volumes-notes.md`) verbatim, except
/// `access_modes`, which `seed_flowchart()` writes `access modes` as the page shows it.
const SEED: &str = r#"flowchart TD
    %%Pod--> Claim
    Claim --> B
    B -- Yes --> C
    B -- No --> D
    C -- uses --> Vol
    D --> F
 
    F -- creates new--> Vol


    Claim -- requires --> Reqs
    Vol -- satisfies --> Reqs

    subgraph Pod_Graph["Pod "]
       
        Claim["**Claim**
            (PVC)"]
    end

    Reqs(" 
    access modes
    (storage) size
    labels
    storageClassName
    "):::class_reqs
 

    
    B{{Suitable Volume Exists?}}:::class_vol_exists
    C[Static Provisioning]:::class_provision
    D[Dynamic Provisioning]:::class_provision
    F[**StorageClass**]
  

    subgraph Storage_Graph["Storage"]
        Vol[" **Volume** 
        (PV)"]:::class_vol
    end

    %% style Pod_Graph fill:#ccf,stroke:#888,stroke-width:2px

    classDef class_reqs fill:LightSalmon
    classDef class_vol_exists fill:white
    classDef class_provision fill:lightBlue,stroke:#888
    classDef static fill:#eee,stroke:#888
    classDef class_vol fill:lightGreen
    %%class C,E static

    classDef dynamic fill:#eee,stroke:#888
    %%class D,F dynamic

    class B diamond
    class Vol fill:#ccf,stroke:#888,stroke-width:2px
"#;

/// What a reader of the flowchart subset both sources use sees.
#[derive(Debug, Default)]
struct Chart {
    /// id → node, in order of first mention.
    nodes: BTreeMap<String, ChartNode>,
    order: Vec<String>,
    /// (from id, to id, label).
    edges: Vec<(String, String, Option<Label>)>,
    /// (id, title, member ids).
    groups: Vec<(String, Label, Vec<String>)>,
    class_defs: BTreeMap<String, String>,
    /// `class a,b name` statements.
    classes: Vec<(Vec<String>, String)>,
    /// `linkStyle 0,1 style` statements.
    link_styles: Vec<(Vec<usize>, String)>,
    /// Every quoted label's raw text between its quotes, before decoding.
    raw_labels: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct ChartNode {
    label: Option<Label>,
    shape: Option<&'static str>,
    class: Option<String>,
}

struct Reader<'a> {
    rest: &'a str,
    chart: Chart,
    open_groups: Vec<usize>,
}

impl<'a> Reader<'a> {
    fn skip_spaces(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t']);
    }

    fn word(&mut self) -> &'a str {
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest.len());
        let (word, rest) = self.rest.split_at(end);
        self.rest = rest;
        word
    }

    fn line(&mut self) -> &'a str {
        let end = self.rest.find('\n').unwrap_or(self.rest.len());
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        line.trim()
    }

    /// A label between `open` and `close`: a quoted (markdown) string or bare text.
    fn label(&mut self, close: &str) -> Label {
        self.skip_spaces();
        let text = if let Some(quoted) = self.rest.strip_prefix('"') {
            let end = quoted.find('"').expect("closing quote");
            let raw = &quoted[..end];
            self.chart.raw_labels.push(raw.to_owned());
            self.rest = &quoted[end + 1..];
            raw.strip_prefix('`')
                .and_then(|r| r.strip_suffix('`'))
                .unwrap_or(raw)
                .to_owned()
        } else {
            let end = self.rest.find(close).expect("closing bracket");
            let text = self.rest[..end].to_owned();
            self.rest = &self.rest[end..];
            text
        };
        self.skip_spaces();
        self.rest = self.rest.strip_prefix(close).expect("closing bracket");
        // As Mermaid does: markdown first, entity codes become characters afterwards.
        let mut label = Label::markdown(&text);
        for span in label.lines.iter_mut().flat_map(|l| l.spans.iter_mut()) {
            span.text = decode(&span.text);
        }
        label
    }

    fn node(&mut self, id: &str) {
        if !self.chart.nodes.contains_key(id) {
            self.chart.order.push(id.to_owned());
        }
        let mut node = self.chart.nodes.get(id).cloned().unwrap_or_default();
        for (open, close, shape) in [
            ("{{", "}}", "hexagon"),
            ("[", "]", "rect"),
            ("(", ")", "rounded"),
        ] {
            if let Some(rest) = self.rest.strip_prefix(open) {
                self.rest = rest;
                node.label = Some(self.label(close));
                node.shape = Some(shape);
                break;
            }
        }
        if let Some(rest) = self.rest.strip_prefix(":::") {
            self.rest = rest;
            node.class = Some(self.word().to_owned());
        }
        if let Some(&g) = self.open_groups.last() {
            if node.label.is_some() {
                self.chart.groups[g].2.push(id.to_owned());
            }
        }
        self.chart.nodes.insert(id.to_owned(), node);
    }

    fn statement(&mut self, word: &'a str) {
        match word {
            "flowchart" | "style" => {
                self.line();
            }
            "subgraph" => {
                self.skip_spaces();
                let id = self.word().to_owned();
                self.rest = self.rest.strip_prefix('[').expect("subgraph title");
                let title = self.label("]");
                self.chart.groups.push((id, title, Vec::new()));
                self.open_groups.push(self.chart.groups.len() - 1);
            }
            "end" => {
                self.open_groups.pop().expect("end closes a subgraph");
            }
            "classDef" => {
                let line = self.line();
                let (name, style) = line.split_once(' ').expect("classDef name style");
                self.chart.class_defs.insert(name.into(), style.into());
            }
            "class" => {
                let line = self.line();
                let (ids, name) = line.split_once(' ').expect("class ids name");
                let ids = ids.split(',').map(str::to_owned).collect();
                self.chart.classes.push((ids, name.trim().to_owned()));
            }
            "linkStyle" => {
                let line = self.line();
                let (indices, style) = line.split_once(' ').expect("linkStyle indices style");
                let indices = indices.split(',').map(|i| i.parse().unwrap()).collect();
                self.chart.link_styles.push((indices, style.into()));
            }
            id => {
                self.node(id);
                self.skip_spaces();
                let label = if let Some(rest) = self.rest.strip_prefix("-->") {
                    self.rest = rest;
                    self.skip_spaces();
                    self.rest.strip_prefix('|').map(|rest| {
                        self.rest = rest;
                        self.label("|")
                    })
                } else if let Some(rest) = self.rest.strip_prefix("--") {
                    let end = rest.find("-->").expect("edge text ends with -->");
                    self.rest = &rest[end + 3..];
                    Some(Label::markdown(rest[..end].trim()))
                } else {
                    return;
                };
                self.skip_spaces();
                let to = self.word();
                self.node(to);
                self.chart.edges.push((id.to_owned(), to.to_owned(), label));
            }
        }
    }
}

/// Mermaid's entity codes (`#34;`) back to characters.
fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').expect("entity ends with ;");
        let code: u32 = after[..end].parse().expect("numeric entity");
        out.push(char::from_u32(code).expect("a character"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn read(source: &str) -> Chart {
    let mut reader = Reader {
        rest: source,
        chart: Chart::default(),
        open_groups: Vec::new(),
    };
    loop {
        reader.rest = reader.rest.trim_start();
        if reader.rest.is_empty() {
            break;
        }
        if reader.rest.starts_with("%%") {
            reader.line();
            continue;
        }
        let word = reader.word();
        assert!(
            !word.is_empty(),
            "unreadable at {:?}",
            &reader.rest[..20.min(reader.rest.len())]
        );
        reader.statement(word);
    }
    assert!(reader.open_groups.is_empty(), "every subgraph ends");
    reader.chart
}

/// The chart with ids replaced by labels, so two sources with different ids compare.
fn by_label(chart: &Chart) -> (Vec<String>, Vec<String>, Vec<String>) {
    let name = |id: &str| {
        chart.nodes[id]
            .label
            .as_ref()
            .map(Label::plain)
            .unwrap_or_default()
    };
    let mut nodes: Vec<String> = chart
        .nodes
        .values()
        .map(|n| {
            let label = n.label.as_ref().expect("every node is declared");
            let class = n
                .class
                .as_ref()
                .map(|c| format!("{c} {}", chart.class_defs[c]));
            format!("{label:?} {:?} {class:?}", n.shape)
        })
        .collect();
    nodes.sort();
    let mut edges: Vec<String> = chart
        .edges
        .iter()
        .map(|(from, to, label)| {
            let label = label.as_ref().map(Label::plain);
            format!("{} -> {} {label:?}", name(from), name(to))
        })
        .collect();
    edges.sort();
    let mut groups: Vec<String> = chart
        .groups
        .iter()
        .map(|(_, title, members)| {
            let mut members: Vec<String> = members.iter().map(|m| name(m)).collect();
            members.sort();
            format!("{} {members:?}", title.plain())
        })
        .collect();
    groups.sort();
    (nodes, edges, groups)
}

#[test]
fn the_seed_flowchart_exports_as_the_seeds_own_mermaid() {
    let ours = read(&to_mermaid(&seed_flowchart(), None));
    let seed = read(SEED);
    let (our_nodes, our_edges, our_groups) = by_label(&ours);
    let (seed_nodes, seed_edges, seed_groups) = by_label(&seed);
    assert_eq!(our_nodes, seed_nodes);
    assert_eq!(our_edges, seed_edges);
    assert_eq!(our_groups, seed_groups);
    assert_eq!(our_nodes.len(), 7);
    assert_eq!(our_edges.len(), 8);
}

#[test]
fn ids_are_generated_so_no_name_is_read_as_a_keyword() {
    let source = to_mermaid(&seed_flowchart(), None);
    let chart = read(&source);
    for id in &chart.order {
        assert!(
            id.starts_with('n') && id[1..].parse::<usize>().is_ok(),
            "{id}"
        );
    }
    for (id, ..) in &chart.groups {
        assert!(
            id.starts_with('g') && id[1..].parse::<usize>().is_ok(),
            "{id}"
        );
    }
    assert!(source.starts_with("flowchart TD\n"));
}

fn span(text: &str, bold: bool) -> Span {
    Span {
        text: text.into(),
        bold,
    }
}

fn node(id: &str, lines: Vec<Line>, group: Option<usize>) -> Node {
    Node {
        id: id.into(),
        label: Label { lines },
        shape: Shape::Rect,
        class: NodeClass::Plain,
        group,
    }
}

/// A graph whose every text is `texts[i]`, in bold and regular spans, a group title and an
/// edge label.
fn hostile_graph(texts: &[String]) -> Graph {
    let mut graph = Graph {
        groups: vec![Group {
            id: "end".into(),
            title: texts.first().cloned().unwrap_or_default(),
        }],
        ..Graph::default()
    };
    for (i, text) in texts.iter().enumerate() {
        graph.nodes.push(node(
            "end",
            vec![
                Line {
                    spans: vec![span(text, true), span(" · ", false), span(text, false)],
                },
                Line {
                    spans: vec![span(text, false)],
                },
            ],
            (i == 0).then_some(0),
        ));
        if i > 0 {
            graph.edges.push(Edge {
                from: i - 1,
                to: i,
                label: Some(text.clone()),
            });
        }
    }
    graph
}

/// What a label line shows, as `Label::markdown` reads it back: trimmed, control characters
/// as spaces, bold where it was bold (empty lines dropped).
fn shown(line: &Line) -> String {
    let text = |s: &Span| -> String {
        s.text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let mut out = String::new();
    for s in &line.spans {
        let t = text(s);
        if s.bold && !t.trim().is_empty() {
            let lead = &t[..t.len() - t.trim_start().len()];
            let trail = &t[t.trim_end().len()..];
            out.push_str(&format!("{lead}[{}]{trail}", t.trim()));
        } else {
            out.push_str(&t);
        }
    }
    out.trim().to_owned()
}

fn shown_label(label: &Label) -> Vec<String> {
    label
        .lines
        .iter()
        .map(shown)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Checks the export of `texts` parses, keeps every text inside its quotes, and reads back.
fn check_round_trip(texts: &[String]) {
    let graph = hostile_graph(texts);
    let source = to_mermaid(&graph, None);
    let chart = read(&source);
    assert_eq!(chart.order.len(), graph.nodes.len(), "{source}");
    assert_eq!(chart.edges.len(), graph.edges.len(), "{source}");
    for raw in &chart.raw_labels {
        let body = raw.strip_prefix('`').and_then(|r| r.strip_suffix('`'));
        let body = body.unwrap_or_else(|| panic!("a markdown string: {raw:?}"));
        // Only entity codes may carry `#`; nothing that ends a string or means markup is raw.
        let without_entities = body.split('#').skip(1).all(|after| {
            after
                .split_once(';')
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        });
        assert!(without_entities, "{body:?}");
        for c in [
            '"', '`', '[', ']', '|', '<', '>', '{', '}', ':', '%', '\\', '_', '~', '$',
        ] {
            assert!(!body.contains(c), "raw {c:?} in {body:?}");
        }
        assert!(
            !body.lines().any(|l| l.starts_with(['-', '+', '='])),
            "{body:?}"
        );
    }
    for (i, original) in graph.nodes.iter().enumerate() {
        let read_back = chart.nodes[&format!("n{i}")].label.as_ref().unwrap();
        let ours = shown_label(&original.label);
        let theirs: Vec<String> = read_back
            .lines
            .iter()
            .map(shown)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(theirs, ours, "{source}");
    }
    for ((_, _, read_back), edge) in chart.edges.iter().zip(&graph.edges) {
        let original = edge.label.as_deref().unwrap_or_default().trim();
        let original: String = original
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let theirs = read_back.as_ref().map(|l| l.plain()).unwrap_or_default();
        assert_eq!(theirs, original.trim(), "{source}");
    }
}

#[test]
fn hostile_names_stay_inside_their_labels_and_read_back() {
    let texts: Vec<String> = [
        r#"pv "quoted" [brackets] {braces} (parens)"#,
        "end",
        "a;b|c#d `tick` ``` **not bold** _x_ ~~y~~",
        "line one\nline two\r\n\ttabbed",
        "<script>alert(1)</script> &amp; #35; #quot;",
        "%% not a comment",
        "- not a list",
        "1. not a list either",
        "# not a heading",
        "style: x#888;",
        "http://example.com www.example.com a@b.c fa:fa-car $$x^2$$",
        "   ",
        "",
        "(PV)",
        "subgraph end click n0 call f()",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    check_round_trip(&texts);
    let source = to_mermaid(&hostile_graph(&texts), None);
    assert!(!source.contains("<script>"));
    assert!(!source.contains("\"quoted\""));
}

proptest! {
    #[test]
    fn any_text_exports_to_a_chart_that_reads_back(
        texts in proptest::collection::vec("(?s).{0,24}", 1..5)
    ) {
        check_round_trip(&texts);
    }
}

const BLOCKED: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: \"\"}";

const STATIC: &str = "apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-db}
spec: {capacity: {storage: 10Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/db}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: \"\"}";

#[test]
fn a_live_path_is_styled_in_the_export() {
    let cluster = play(&[STATIC]);
    let explanation = cluster.explain_claim("default", "data").unwrap();
    let live = live_flowchart(&cluster, &explanation);
    let source = to_mermaid(&live.graph, Some(&live.path));
    let chart = read(&source);
    let index = |id: &str| live.graph.node_index(id).unwrap();
    let (members, class) = chart
        .classes
        .iter()
        .find(|(_, name)| name == "taken")
        .expect("a class statement for the taken path");
    assert_eq!(class, "taken");
    let mut expected: Vec<String> = live
        .path
        .nodes
        .iter()
        .map(|id| format!("n{}", index(id)))
        .collect();
    expected.sort();
    let mut members = members.clone();
    members.sort();
    assert_eq!(members, expected);
    assert!(chart.class_defs["taken"].contains("stroke-width:3px"));
    let edge_ids: Vec<String> = chart.link_styles[0]
        .0
        .iter()
        .map(|&i| live.graph.edge_id(&live.graph.edges[i]))
        .collect();
    let mut taken_edges: Vec<&String> = live.path.edges.iter().collect();
    taken_edges.sort();
    let mut edge_ids_sorted: Vec<&String> = edge_ids.iter().collect();
    edge_ids_sorted.sort();
    assert_eq!(edge_ids_sorted, taken_edges);
    // The claim's real values are in the exported labels.
    let volume = chart.nodes[&format!("n{}", index("volume"))]
        .label
        .as_ref()
        .unwrap();
    assert!(volume.plain().contains("pv-db"), "{}", volume.plain());
    // Without a path, no path styling.
    let plain = to_mermaid(&live.graph, None);
    assert!(!plain.contains("taken") && !plain.contains("linkStyle"));
}

#[test]
fn a_blocked_stop_is_dashed_in_the_export() {
    let cluster = play(&[BLOCKED]);
    let explanation = cluster.explain_claim("default", "data").unwrap();
    let live = live_flowchart(&cluster, &explanation);
    let (stop, _) = live.path.blocked.clone().expect("the claim is blocked");
    let source = to_mermaid(&live.graph, Some(&live.path));
    let chart = read(&source);
    let stop = format!("n{}", live.graph.node_index(stop).unwrap());
    let blocked = chart
        .classes
        .iter()
        .find(|(_, name)| name == "blocked")
        .expect("a class statement for the blocked stop");
    assert_eq!(blocked.0, vec![stop.clone()]);
    assert!(chart.class_defs["blocked"].contains("stroke-dasharray"));
    let taken = chart.classes.iter().find(|(_, name)| name == "taken");
    assert!(taken.is_some_and(|(members, _)| !members.contains(&stop)));
}
