//! Mermaid export: any [`Graph`] (the live flowchart, the cluster graph) as Mermaid `flowchart
//! TD` source an author can paste into docs, with the seed's colours and, given a [`Path`], the
//! taken route highlighted. Every text is escaped so the output parses whatever the objects are
//! called.

use super::cluster_graph::cluster_graph;
use super::graph::{Graph, Line, NodeClass, Shape, Span};
use super::live::{live_flowchart, Path};
use pv_engine::Cluster;
use std::fmt::Write;

/// The seed's `classDef`s (`shared/seed/persistent-volumes-notes.md`), by the seed's names.
fn class_def(class: NodeClass) -> Option<(&'static str, &'static str)> {
    match class {
        NodeClass::Plain => None,
        NodeClass::Requirements => Some(("class_reqs", "fill:LightSalmon")),
        NodeClass::Decision => Some(("class_vol_exists", "fill:white")),
        NodeClass::Provision => Some(("class_provision", "fill:lightBlue,stroke:#888")),
        NodeClass::Volume => Some(("class_vol", "fill:lightGreen")),
        // The cluster graph's phases, in the page's colours (`www/style.css`); each label
        // also says its phase in words.
        NodeClass::Settled => Some(("phase_settled", "fill:#90ee90")),
        NodeClass::Waiting => Some(("phase_waiting", "fill:#ffe08a")),
        NodeClass::Free => Some(("phase_free", "fill:#add8e6")),
        NodeClass::Leaving => Some((
            "phase_leaving",
            "fill:#d9d9d9,stroke:#6e7781,stroke-dasharray:5 3",
        )),
        NodeClass::Broken => Some((
            "phase_broken",
            "fill:#ffb4ab,stroke:#b3261e,stroke-width:2px",
        )),
    }
}

/// The taken route and a blocked stop, in the page's colours (`www/style.css`); the width and
/// the dashes say it without colour too.
const TAKEN_NODE: &str = "stroke:#0b57d0,stroke-width:3px";
const BLOCKED_NODE: &str = "stroke:#b3261e,stroke-width:3px,stroke-dasharray:6 4";
const TAKEN_EDGE: &str = "stroke:#0b57d0,stroke-width:3px";

/// A cluster's two diagrams as Mermaid source, for the page's copy buttons and the JS API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MermaidSources {
    /// The live flowchart of the claim asked for, with its path; None when there is no such
    /// claim.
    pub flowchart: Option<String>,
    /// The cluster graph of every object.
    pub cluster: String,
}

/// The live flowchart of claim `namespace/name` as Mermaid source, its route styled.
pub fn claim_mermaid(cluster: &Cluster, claim: &str) -> Option<String> {
    let (namespace, name) = claim.split_once('/')?;
    let live = live_flowchart(cluster, &cluster.explain_claim(namespace, name)?);
    Some(to_mermaid(&live.graph, Some(&live.path)))
}

/// Both diagrams of `cluster`, the flowchart for `claim` (`namespace/name`). What the page's
/// "Copy as Mermaid" buttons copy; an embedding's JS API can return it as it is.
pub fn mermaid_sources(cluster: &Cluster, claim: Option<&str>) -> MermaidSources {
    MermaidSources {
        flowchart: claim.and_then(|c| claim_mermaid(cluster, c)),
        cluster: to_mermaid(&cluster_graph(cluster).graph, None),
    }
}

/// The graph as Mermaid flowchart source. Node ids are generated (`n0`, `n1`, …; groups `g0`,
/// …) so no object name can collide with a keyword such as `end`; every label is a quoted
/// Mermaid markdown string. Nodes of a group are declared inside its `subgraph`, then the
/// others, then the edges in the graph's order (so `linkStyle` indices are edge indices).
pub fn to_mermaid(graph: &Graph, path: Option<&Path>) -> String {
    let mut out = String::from("flowchart TD\n");
    let node_line = |out: &mut String, i: usize, indent: &str| {
        let node = &graph.nodes[i];
        let label = markdown_string(&node.label.lines);
        let (open, close) = match node.shape {
            Shape::Rect => ("[", "]"),
            Shape::Rounded => ("(", ")"),
            Shape::Hexagon => ("{{", "}}"),
        };
        let class = class_def(node.class)
            .map(|(name, _)| format!(":::{name}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{indent}n{i}{open}{label}{close}{class}");
    };
    let group_of = |i: usize| graph.nodes[i].group.filter(|&g| g < graph.groups.len());
    for (g, group) in graph.groups.iter().enumerate() {
        let title = markdown_string(&[plain_line(&group.title)]);
        let _ = writeln!(out, "    subgraph g{g}[{title}]");
        for i in (0..graph.nodes.len()).filter(|&i| group_of(i) == Some(g)) {
            node_line(&mut out, i, "        ");
        }
        out.push_str("    end\n");
    }
    for i in (0..graph.nodes.len()).filter(|&i| group_of(i).is_none()) {
        node_line(&mut out, i, "    ");
    }
    let mut taken_edges = Vec::new();
    let edges = graph
        .edges
        .iter()
        .filter(|e| e.from < graph.nodes.len() && e.to < graph.nodes.len());
    for (index, edge) in edges.enumerate() {
        let label = edge
            .label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("|{}|", markdown_string(&[plain_line(l)])))
            .unwrap_or_default();
        let _ = writeln!(out, "    n{} -->{label} n{}", edge.from, edge.to);
        if path.is_some_and(|p| p.edges.contains(&graph.edge_id(edge))) {
            taken_edges.push(index.to_string());
        }
    }
    let mut classes: Vec<(&str, &str)> = Vec::new();
    for node in &graph.nodes {
        if let Some(def) = class_def(node.class) {
            if !classes.contains(&def) {
                classes.push(def);
            }
        }
    }
    for (name, style) in &classes {
        let _ = writeln!(out, "    classDef {name} {style}");
    }
    if let Some(path) = path {
        let ids = |wanted: &dyn Fn(&str) -> bool| -> Vec<String> {
            (0..graph.nodes.len())
                .filter(|&i| wanted(&graph.nodes[i].id))
                .map(|i| format!("n{i}"))
                .collect()
        };
        let blocked = path.blocked.as_ref().map(|(id, _)| *id);
        let taken = ids(&|id| path.nodes.contains(id) && Some(id) != blocked);
        let stopped = ids(&|id| Some(id) == blocked);
        // Declared last so they win over the fill classes' strokes.
        for (name, style, members) in [
            ("taken", TAKEN_NODE, taken),
            ("blocked", BLOCKED_NODE, stopped),
        ] {
            if !members.is_empty() {
                let _ = writeln!(out, "    classDef {name} {style}");
                let _ = writeln!(out, "    class {} {name}", members.join(","));
            }
        }
        if !taken_edges.is_empty() {
            let _ = writeln!(out, "    linkStyle {} {TAKEN_EDGE}", taken_edges.join(","));
        }
    }
    out
}

fn plain_line(text: &str) -> Line {
    Line {
        spans: vec![Span {
            text: text.to_owned(),
            bold: false,
        }],
    }
}

/// Lines of spans as a quoted Mermaid markdown string: `"` `` ` `` … `` ` `` `"`, one source
/// line per label line, `**bold**`, everything else escaped (see [`escape`]).
fn markdown_string(lines: &[Line]) -> String {
    let body: Vec<String> = lines
        .iter()
        .map(markdown_line)
        .filter(|l| !l.is_empty())
        .collect();
    let body = if body.is_empty() {
        " ".to_owned()
    } else {
        body.join("\n")
    };
    format!("\"`{body}`\"")
}

fn markdown_line(line: &Line) -> String {
    let mut out = String::new();
    for span in &line.spans {
        let text: String = span
            .text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let at_start = out.trim().is_empty();
        if span.bold && !text.trim().is_empty() {
            // Markdown bolds `**x**` only with the markers against the text, so spaces go
            // outside them, and punctuation at either end is escaped (a `**` next to
            // punctuation and a letter would not count as a marker).
            let inner = text.trim();
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            out.push_str(lead);
            out.push_str("**");
            out.push_str(&escape(inner, at_start && lead.is_empty(), true));
            out.push_str("**");
            out.push_str(trail);
        } else if at_start {
            // Leading spaces go (Mermaid trims them), so a marker after them is at the start.
            out.push_str(&escape(text.trim_start(), true, false));
        } else {
            out.push_str(&escape(&text, false, false));
        }
    }
    out.trim().to_owned()
}

/// Text made inert for Mermaid and for the markdown it renders: characters that end a string
/// or a markdown string (`"`, `` ` ``), start an entity (`#`), or mean markdown, HTML, KaTeX
/// or a comment (`*`, `_`, `~`, `[`, `]`, `<`, `>`, `&`, `\`, `|`, `{`, `}`, `$`, `%`, `@`,
/// `:`) become Mermaid entity codes (`#34;`), which Mermaid turns back into the characters
/// after parsing. `:` is escaped because Mermaid's entity pre-pass drops a `;` from lines
/// holding `style…:…#…;`, and so that `fa:` icons and `http://` links stay text. At a line's
/// start, list, heading and rule markers (`-`, `+`, `=`, `1.`) are escaped too.
fn escape(text: &str, line_start: bool, bold: bool) -> String {
    const ALWAYS: &str = "\"`#*_~[]<>&\\|{}$%@:";
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // Where a line's first word is a run of digits, the `.` or `)` after it makes a list.
    let list_number_end = if line_start {
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        (digits > 0 && matches!(chars.get(digits), Some('.' | ')'))).then_some(digits)
    } else {
        None
    };
    for (i, &c) in chars.iter().enumerate() {
        let first_or_last = i == 0 || i + 1 == chars.len();
        let www_dot =
            c == '.' && i >= 3 && chars[i - 3..i].iter().all(|p| p.eq_ignore_ascii_case(&'w'));
        let inert = ALWAYS.contains(c)
            || (line_start && i == 0 && matches!(c, '-' | '+' | '='))
            || list_number_end == Some(i)
            || www_dot
            || (bold && first_or_last && !c.is_alphanumeric() && c != ' ');
        if inert {
            let _ = write!(out, "#{};", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backticks_and_markdown_become_entity_codes() {
        assert_eq!(escape("a\"b`c", false, false), "a#34;b#96;c");
        assert_eq!(escape("x*y_z", false, false), "x#42;y#95;z");
        assert_eq!(escape("- item", true, false), "#45; item");
        assert_eq!(escape("- item", false, false), "- item");
        assert_eq!(escape("12. twelve", true, false), "12#46; twelve");
        assert_eq!(
            escape("see www.example.com", false, false),
            "see www#46;example.com"
        );
        assert_eq!(escape("(PV)", false, true), "#40;PV#41;");
        assert_eq!(escape("pv-db · 10Gi", false, false), "pv-db · 10Gi");
    }

    #[test]
    fn spaces_stay_outside_bold_markers() {
        let line = Line {
            spans: vec![
                Span {
                    text: "blocked: ".into(),
                    bold: true,
                },
                Span {
                    text: "no class".into(),
                    bold: false,
                },
            ],
        };
        assert_eq!(markdown_line(&line), "**blocked#58;** no class");
        assert_eq!(
            markdown_line(&plain_line("   - not a list")),
            "#45; not a list"
        );
    }
}
