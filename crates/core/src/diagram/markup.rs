//! A laid-out diagram as SVG markup, the one drawing both the live view (`web/diagram_view.rs`
//! copies it into the page) and `pvsim render` (an embed's picture before any script runs)
//! produce, so the prerendered picture and the live widget's first render are the same markup
//! by construction. Each node carries `data-node`, each edge `data-edge` (`from-to`): the
//! contract for styles, tests and the view's click handling.

use super::flowchart::ids::REQUIREMENTS;
use super::flowchart::{describe, describe_route};
use super::graph::{Graph, Node, Shape};
use super::layout::{Layout, NodeBox};
use super::live::Path;
use super::svg::{fmt, hexagon_points, rounded_path, EDGE_CORNER_RADIUS};
use super::Rect;

/// What to draw and how to mark it.
#[derive(Clone, Copy)]
pub struct Drawing<'a> {
    pub graph: &'a Graph,
    pub layout: &'a Layout,
    /// Prefix of the ids in the markup (title, description, arrow marker), unique on the page.
    pub prefix: &'a str,
    /// The accessible name (`<title>`).
    pub title: &'a str,
    /// The text description (`<desc>`); see [`description`].
    pub description: &'a str,
    /// The path a claim took; without it the plain flowchart is drawn.
    pub highlight: Option<&'a Path>,
    /// Extra classes for the `<svg>` (space-separated, may be empty).
    pub class: &'a str,
    /// For each node, whether choosing it does something (`pvp-choosable`).
    pub choosable: &'a [bool],
    /// The node of the choice in effect (`data-chosen`).
    pub chosen: Option<usize>,
    /// The keyboard's focus ring, around a node.
    pub ring: Option<Rect>,
    /// The last controller pass lit on the drawing (the live flowchart after a Step).
    pub pass: Option<PassMarks<'a>>,
}

/// A controller pass on a drawing: each box it touched (a node id, or a group id) with its
/// place (1-based) in the order of the pass. Touched boxes are marked `pvp-lit` with
/// `data-pass-step` and a `--pvp-step` for the style's delay, and carry their number at the
/// corner (the order shows without motion or colour); `number` tells one pass from the next,
/// so a new pass is new markup and its lighting replays.
#[derive(Clone, Copy)]
pub struct PassMarks<'a> {
    pub number: usize,
    pub boxes: &'a [(&'static str, usize)],
}

impl PassMarks<'_> {
    fn step(&self, id: &str) -> Option<usize> {
        self.boxes.iter().find(|(b, _)| *b == id).map(|(_, k)| *k)
    }
}

/// ` data-pass-step="k" style="--pvp-step:k-1"` for a box the pass touched.
fn pass_attrs(out: &mut String, step: usize) {
    attr(out, "data-pass-step", &step.to_string());
    attr(
        out,
        "style",
        &format!("--pvp-step:{}", step.saturating_sub(1)),
    );
}

/// The drawing's text description: the path in words (when one is marked), then the graph's
/// nodes and edges in words.
pub fn description(graph: &Graph, highlight: Option<&Path>) -> String {
    match highlight {
        Some(h) => format!("{} {}", h.summary, describe_route(graph, Some(&h.edges))),
        None => describe(graph),
    }
}

/// Text content, escaped for HTML and XML alike.
pub fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// ` name="value"`, the value escaped.
pub(crate) fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_text(out, value);
    out.push('"');
}

/// ` x=".." y=".." width=".." height=".."` of a rectangle.
fn rect_attrs(out: &mut String, r: &Rect) {
    attr(out, "x", &fmt(r.x));
    attr(out, "y", &fmt(r.y));
    attr(out, "width", &fmt(r.width));
    attr(out, "height", &fmt(r.height));
}

/// A centred `<text>` at (x, y), its content written by `content`.
fn centred_text(
    out: &mut String,
    class: Option<&str>,
    x: f64,
    y: f64,
    content: impl FnOnce(&mut String),
) {
    out.push_str("<text");
    if let Some(class) = class {
        attr(out, "class", class);
    }
    attr(out, "x", &fmt(x));
    attr(out, "y", &fmt(y));
    out.push_str(" text-anchor=\"middle\" dominant-baseline=\"central\">");
    content(out);
    out.push_str("</text>");
}

/// "true"/"false" for a mark, as `data-taken` spells it.
fn truth(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// The whole `<svg>` element.
pub fn svg(d: &Drawing) -> String {
    let (graph, placed) = (d.graph, d.layout);
    let mut out = String::with_capacity(4096 + 600 * graph.nodes.len());
    let title_id = format!("{}-title", d.prefix);
    let desc_id = format!("{}-desc", d.prefix);
    let arrow_id = format!("{}-arrow", d.prefix);
    out.push_str("<svg");
    let mut class = String::from("pvp-flowchart");
    if d.highlight.is_some() {
        class.push_str(" pvp-live");
    }
    if !d.class.is_empty() {
        class.push(' ');
        class.push_str(d.class);
    }
    attr(&mut out, "class", &class);
    attr(&mut out, "role", "img");
    attr(&mut out, "aria-labelledby", &title_id);
    attr(&mut out, "aria-describedby", &desc_id);
    attr(
        &mut out,
        "viewBox",
        &format!("0 0 {} {}", fmt(placed.width), fmt(placed.height)),
    );
    attr(&mut out, "width", &fmt(placed.width));
    attr(&mut out, "height", &fmt(placed.height));
    attr(&mut out, "xmlns", "http://www.w3.org/2000/svg");
    if let Some(pass) = &d.pass {
        attr(&mut out, "data-pass", &pass.number.to_string());
    }
    out.push('>');
    out.push_str("<title");
    attr(&mut out, "id", &title_id);
    out.push('>');
    escape_text(&mut out, d.title);
    out.push_str("</title><desc");
    attr(&mut out, "id", &desc_id);
    out.push('>');
    escape_text(&mut out, d.description);
    out.push_str("</desc><defs><marker");
    attr(&mut out, "id", &arrow_id);
    out.push_str(
        " class=\"pvp-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" \
         markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">\
         <path d=\"M0,0 L10,5 L0,10 z\"></path></marker></defs>",
    );
    // Group frames go under the edges and their titles over them (with a halo), so an edge
    // entering a group never hides the group's name.
    let pass_step = |id: &str| d.pass.as_ref().and_then(|p| p.step(id));
    for (group, at) in graph.groups.iter().zip(&placed.groups) {
        let step = pass_step(&group.id);
        out.push_str("<rect");
        attr(
            &mut out,
            "class",
            if step.is_some() {
                "pvp-group pvp-lit"
            } else {
                "pvp-group"
            },
        );
        attr(&mut out, "data-group", &group.id);
        if let Some(step) = step {
            pass_attrs(&mut out, step);
        }
        rect_attrs(&mut out, &at.rect);
        out.push_str(" rx=\"4\"></rect>");
    }
    let highlight = d.highlight;
    for (edge, route) in graph.edges.iter().zip(&placed.edges) {
        let id = graph.edge_id(edge);
        let taken = highlight.map(|h| h.edges.contains(&id));
        out.push_str("<g");
        attr(
            &mut out,
            "class",
            match taken {
                None => "pvp-edge",
                Some(true) => "pvp-edge pvp-taken",
                Some(false) => "pvp-edge pvp-not-taken",
            },
        );
        attr(&mut out, "data-edge", &id);
        if let Some(t) = taken {
            attr(&mut out, "data-taken", truth(t));
        }
        out.push_str("><path");
        attr(
            &mut out,
            "d",
            &rounded_path(&route.points, EDGE_CORNER_RADIUS),
        );
        attr(&mut out, "marker-end", &format!("url(#{arrow_id})"));
        out.push_str("></path>");
        if let (Some(text), Some(at)) = (&edge.label, route.label) {
            out.push_str("<g class=\"pvp-edge-label\"><rect");
            rect_attrs(&mut out, &at);
            out.push_str(" rx=\"3\"></rect>");
            let c = at.centre();
            centred_text(&mut out, None, c.x, c.y, |out| escape_text(out, text));
            out.push_str("</g>");
        }
        out.push_str("</g>");
    }
    for (group, at) in graph.groups.iter().zip(&placed.groups) {
        let c = at.title_centre;
        centred_text(&mut out, Some("pvp-group-title"), c.x, c.y, |out| {
            escape_text(out, &group.title)
        });
    }
    for (i, (node, at)) in graph.nodes.iter().zip(&placed.nodes).enumerate() {
        let state = highlight.map(|h| {
            (
                h.nodes.contains(node.id.as_str()),
                h.blocked.as_ref().is_some_and(|(n, _)| *n == node.id),
            )
        });
        let marks = NodeMarks {
            state,
            choosable: d.choosable.get(i).copied().unwrap_or(false),
            chosen: d.chosen == Some(i),
            pass_step: pass_step(&node.id),
            unmet: highlight.is_some_and(|h| h.unmet) && node.id == REQUIREMENTS,
        };
        node_markup(&mut out, node, at, marks);
    }
    // The pass's order as numbers at the top-left corner of each box it touched.
    let boxes = graph
        .nodes
        .iter()
        .zip(&placed.nodes)
        .map(|(node, at)| (node.id.as_str(), at.rect))
        .chain(
            graph
                .groups
                .iter()
                .zip(&placed.groups)
                .map(|(group, at)| (group.id.as_str(), at.rect)),
        );
    for (id, r) in boxes {
        let Some(step) = pass_step(id) else {
            continue;
        };
        out.push_str("<g class=\"pvp-pass-badge\" aria-hidden=\"true\"");
        attr(&mut out, "style", &format!("--pvp-step:{}", step - 1));
        out.push_str("><circle");
        attr(&mut out, "cx", &fmt(r.x));
        attr(&mut out, "cy", &fmt(r.y));
        out.push_str(" r=\"10\"></circle>");
        centred_text(&mut out, None, r.x, r.y, |out| {
            out.push_str(&step.to_string())
        });
        out.push_str("</g>");
    }
    if let Some(r) = d.ring {
        out.push_str("<rect class=\"pvp-focus-ring\"");
        rect_attrs(&mut out, &r);
        out.push_str(" rx=\"8\"></rect>");
    }
    out.push_str("</svg>");
    out
}

/// How one node is marked: (on the path, path blocked here) when a path is highlighted;
/// whether choosing it does something; whether it is the choice in effect.
struct NodeMarks {
    state: Option<(bool, bool)>,
    choosable: bool,
    chosen: bool,
    /// Its place in the last pass's order, if the pass touched it.
    pass_step: Option<usize>,
    /// The requirements box of a claim blocked on some of its requirements.
    unmet: bool,
}

fn node_markup(out: &mut String, node: &Node, at: &NodeBox, marks: NodeMarks) {
    let taken = marks.state.map(|(taken, _)| taken);
    let blocked = marks.state.is_some_and(|(_, blocked)| blocked);
    let mut class = format!("pvp-node {}", node.class.css());
    for (on, name) in [
        (taken == Some(true), "pvp-taken"),
        (taken == Some(false), "pvp-not-taken"),
        (blocked, "pvp-blocked"),
        (marks.choosable, "pvp-choosable"),
        (marks.chosen, "pvp-chosen-node"),
        (marks.pass_step.is_some(), "pvp-lit"),
        (marks.unmet, "pvp-unmet"),
    ] {
        if on {
            class.push(' ');
            class.push_str(name);
        }
    }
    out.push_str("<g");
    attr(out, "class", &class);
    attr(out, "data-node", &node.id);
    if let Some(t) = taken {
        attr(out, "data-taken", truth(t));
    }
    if blocked {
        attr(out, "data-blocked", "true");
    }
    if marks.chosen {
        attr(out, "data-chosen", "true");
    }
    if marks.unmet {
        attr(out, "data-unmet", "true");
    }
    if let Some(step) = marks.pass_step {
        pass_attrs(out, step);
    }
    out.push('>');
    let r = at.rect;
    match at.shape {
        Shape::Hexagon => {
            out.push_str("<polygon class=\"pvp-shape\"");
            attr(out, "points", &hexagon_points(&r));
            out.push_str("></polygon>");
        }
        Shape::Rect | Shape::Rounded => {
            out.push_str("<rect class=\"pvp-shape\"");
            rect_attrs(out, &r);
            attr(
                out,
                "rx",
                if at.shape == Shape::Rounded {
                    "10"
                } else {
                    "2"
                },
            );
            out.push_str("></rect>");
        }
    }
    for (line, c) in node.label.lines.iter().zip(&at.line_centres) {
        centred_text(out, None, c.x, c.y, |out| {
            for span in &line.spans {
                out.push_str(if span.bold {
                    "<tspan font-weight=\"bold\">"
                } else {
                    "<tspan>"
                });
                escape_text(out, &span.text);
                out.push_str("</tspan>");
            }
        });
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{layout, seed_flowchart, LayoutOptions};

    fn drawing_of(graph: &Graph, placed: &Layout, highlight: Option<&Path>) -> String {
        let choosable = vec![false; graph.nodes.len()];
        svg(&Drawing {
            graph,
            layout: placed,
            prefix: "p",
            title: "A <title> & more",
            description: &description(graph, highlight),
            highlight,
            class: "",
            choosable: &choosable,
            chosen: None,
            ring: None,
            pass: None,
        })
    }

    #[test]
    fn every_node_and_edge_is_drawn_once_with_its_id() {
        let graph = seed_flowchart();
        let placed = layout(&graph, &LayoutOptions::default());
        let svg = drawing_of(&graph, &placed, None);
        assert!(svg.starts_with("<svg class=\"pvp-flowchart\" role=\"img\""));
        assert!(svg.ends_with("</svg>"));
        for node in &graph.nodes {
            assert_eq!(
                svg.matches(&format!("data-node=\"{}\"", node.id)).count(),
                1
            );
        }
        for edge in &graph.edges {
            let id = graph.edge_id(edge);
            assert_eq!(svg.matches(&format!("data-edge=\"{id}\"")).count(), 1);
        }
        assert!(svg.contains("<title id=\"p-title\">A &lt;title&gt; &amp; more</title>"));
        // Plain flowchart: no path marks.
        assert!(!svg.contains("data-taken"));
    }

    #[test]
    fn a_path_marks_taken_and_blocked_nodes() {
        let graph = seed_flowchart();
        let placed = layout(&graph, &LayoutOptions::default());
        let first = graph.nodes[0].id.clone();
        let mut path = Path {
            summary: "Pending.".into(),
            ..Path::default()
        };
        let id: &'static str = Box::leak(first.clone().into_boxed_str());
        path.nodes.insert(id);
        path.blocked = Some((id, "why".into()));
        let svg = drawing_of(&graph, &placed, Some(&path));
        assert!(svg.contains("pvp-flowchart pvp-live"));
        assert!(svg.contains(&format!(
            "data-node=\"{first}\" data-taken=\"true\" data-blocked=\"true\""
        )));
        assert!(svg.contains("<desc id=\"p-desc\">Pending. "));
    }

    #[test]
    fn text_is_escaped() {
        let mut out = String::new();
        escape_text(&mut out, "a<b>&\"c\"");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&quot;");
    }
}
