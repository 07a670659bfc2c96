//! Diagrams as data: nodes with styled labels, labelled edges and groups, before any geometry.

use serde::Serialize;

/// A run of text with one weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// One line of a label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    /// The line's text without styling.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A node's or group's text: lines of spans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Label {
    pub lines: Vec<Line>,
}

impl Label {
    /// Reads Mermaid's markdown-string subset: one line per text line (blank lines and
    /// surrounding spaces dropped, as Mermaid does), `**…**` for bold. An unmatched `**`
    /// is kept as literal text rather than bolding the rest of the label.
    pub fn markdown(source: &str) -> Label {
        let lines = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(parse_bold)
            .collect();
        Label { lines }
    }

    /// The label as plain text, lines joined by a space (for accessible descriptions).
    pub fn plain(&self) -> String {
        self.lines
            .iter()
            .map(Line::plain)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn parse_bold(line: &str) -> Line {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find("**") {
        let after_open = &rest[open + 2..];
        let Some(close) = after_open.find("**") else {
            break;
        };
        push_span(&mut spans, &rest[..open], false);
        push_span(&mut spans, &after_open[..close], true);
        rest = &after_open[close + 2..];
    }
    push_span(&mut spans, rest, false);
    Line { spans }
}

fn push_span(spans: &mut Vec<Span>, text: &str, bold: bool) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(text),
        _ => spans.push(Span {
            text: text.to_owned(),
            bold,
        }),
    }
}

/// The outline a node is drawn with (Mermaid's `[..]`, `(..)`, `{{..}}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Shape {
    Rect,
    Rounded,
    Hexagon,
}

/// What a node stands for visually; the stylesheet maps each to the seed's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NodeClass {
    /// Mermaid's default node style.
    Plain,
    /// The requirements box (LightSalmon in the seed).
    Requirements,
    /// The decision (white in the seed).
    Decision,
    /// A provisioning step (lightBlue in the seed).
    Provision,
    /// The volume (lightGreen in the seed).
    Volume,
    /// An object in a settled, working phase (Bound, Running): the cluster graph's phases
    /// are also written in each label, so colour is never the only signal.
    Settled,
    /// Waiting (Pending).
    Waiting,
    /// Free to be claimed (Available).
    Free,
    /// Its claim is gone (Released), or it is being deleted (Terminating).
    Leaving,
    /// Broken (Failed, Lost).
    Broken,
}

impl NodeClass {
    /// The CSS class name the view puts on the node.
    pub fn css(self) -> &'static str {
        match self {
            NodeClass::Plain => "node-plain",
            NodeClass::Requirements => "node-reqs",
            NodeClass::Decision => "node-decision",
            NodeClass::Provision => "node-provision",
            NodeClass::Volume => "node-volume",
            NodeClass::Settled => "node-settled",
            NodeClass::Waiting => "node-waiting",
            NodeClass::Free => "node-free",
            NodeClass::Leaving => "node-leaving",
            NodeClass::Broken => "node-broken",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Stable id, exposed as `data-node`.
    pub id: String,
    pub label: Label,
    pub shape: Shape,
    pub class: NodeClass,
    /// Index into [`Graph::groups`].
    pub group: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// Index into [`Graph::nodes`].
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
}

/// A box drawn around some nodes (Mermaid's `subgraph`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub id: String,
    pub title: String,
}

/// A directed graph to lay out, top to bottom.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub groups: Vec<Group>,
}

impl Graph {
    /// The index of the node with this id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The `data-edge` id of an edge: `from-to` with the nodes' ids.
    pub fn edge_id(&self, edge: &Edge) -> String {
        format!("{}-{}", self.nodes[edge.from].id, self.nodes[edge.to].id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool) -> Span {
        Span {
            text: text.into(),
            bold,
        }
    }

    #[test]
    fn markdown_bold_and_lines() {
        let label = Label::markdown(" **Volume** \n        (PV)");
        assert_eq!(label.lines.len(), 2);
        assert_eq!(label.lines[0].spans, vec![span("Volume", true)]);
        assert_eq!(label.lines[1].spans, vec![span("(PV)", false)]);
        assert_eq!(label.plain(), "Volume (PV)");
    }

    #[test]
    fn markdown_mixed_and_unmatched() {
        let label = Label::markdown("a **b** c **d");
        assert_eq!(
            label.lines[0].spans,
            vec![span("a ", false), span("b", true), span(" c **d", false)]
        );
    }

    #[test]
    fn markdown_drops_blank_lines() {
        let label = Label::markdown(" \n    access_modes\n    (storage) size\n    ");
        assert_eq!(label.lines.len(), 2);
    }
}
