//! The seed notes' flowchart (how a claim gets its volume) as a graph, with the node and edge
//! ids that the view's `data-node` / `data-edge` attributes and the tests rely on.

use super::graph::{Edge, Graph, Group, Label, Node, NodeClass, Shape};
use std::collections::BTreeSet;

/// The ids of the flowchart's nodes, as exposed in `data-node`.
pub mod ids {
    pub const CLAIM: &str = "claim";
    pub const REQUIREMENTS: &str = "reqs";
    pub const DECISION: &str = "decision";
    pub const STATIC: &str = "static";
    pub const DYNAMIC: &str = "dynamic";
    pub const STORAGE_CLASS: &str = "storageclass";
    pub const VOLUME: &str = "volume";
}

/// The flowchart as the seed draws it (`shared/seed/persistent-volumes-notes.md`): node
/// labels in Mermaid's markdown strings, the seed's shapes and style classes, the Pod and
/// Storage subgraphs, and the edges in the seed's order.
pub fn seed_flowchart() -> Graph {
    use ids::*;
    let groups = vec![
        Group {
            id: "pod".into(),
            title: "Pod".into(),
        },
        Group {
            id: "storage".into(),
            title: "Storage".into(),
        },
    ];
    let node = |id: &str, label: &str, shape, class, group| Node {
        id: id.into(),
        label: Label::markdown(label),
        shape,
        class,
        group,
    };
    let nodes = vec![
        node(
            CLAIM,
            "**Claim**\n(PVC)",
            Shape::Rect,
            NodeClass::Plain,
            Some(0),
        ),
        node(
            REQUIREMENTS,
            "access modes\n(storage) size\nlabels\nstorageClassName",
            Shape::Rounded,
            NodeClass::Requirements,
            None,
        ),
        node(
            DECISION,
            "Suitable Volume Exists?",
            Shape::Hexagon,
            NodeClass::Decision,
            None,
        ),
        node(
            STATIC,
            "Static Provisioning",
            Shape::Rect,
            NodeClass::Provision,
            None,
        ),
        node(
            DYNAMIC,
            "Dynamic Provisioning",
            Shape::Rect,
            NodeClass::Provision,
            None,
        ),
        node(
            STORAGE_CLASS,
            "**StorageClass**",
            Shape::Rect,
            NodeClass::Plain,
            None,
        ),
        node(
            VOLUME,
            "**Volume**\n(PV)",
            Shape::Rect,
            NodeClass::Volume,
            Some(1),
        ),
    ];
    let mut graph = Graph {
        nodes,
        edges: Vec::new(),
        groups,
    };
    for (from, to, label) in [
        (CLAIM, DECISION, None),
        (DECISION, STATIC, Some("Yes")),
        (DECISION, DYNAMIC, Some("No")),
        (STATIC, VOLUME, Some("uses")),
        (DYNAMIC, STORAGE_CLASS, None),
        (STORAGE_CLASS, VOLUME, Some("creates new")),
        (CLAIM, REQUIREMENTS, Some("requires")),
        (VOLUME, REQUIREMENTS, Some("satisfies")),
    ] {
        let (Some(from), Some(to)) = (graph.node_index(from), graph.node_index(to)) else {
            unreachable!("the flowchart's edges name its own nodes");
        };
        graph.edges.push(Edge {
            from,
            to,
            label: label.map(str::to_owned),
        });
    }
    graph
}

/// A text description of a graph for screen readers: each node once, then each edge as a
/// sentence ("Suitable Volume Exists? → Yes → Static Provisioning.").
pub fn describe(graph: &Graph) -> String {
    describe_route(graph, None)
}

/// [`describe`], with the edges of a route (`from-to` ids) told apart from the others: the
/// arrows it took first, then "Not taken:" and the rest, so a reader who hears the drawing is
/// not told of a step the claim never went through.
pub fn describe_route(graph: &Graph, taken: Option<&BTreeSet<String>>) -> String {
    let mut out = String::new();
    for node in &graph.nodes {
        let group = node
            .group
            .and_then(|g| graph.groups.get(g))
            .map(|g| format!(" (in {})", g.title))
            .unwrap_or_default();
        out.push_str(&format!("{}{group}. ", node.label.plain()));
    }
    let sentence = |edge: &Edge| {
        let from = graph.nodes[edge.from].label.plain();
        let to = graph.nodes[edge.to].label.plain();
        match &edge.label {
            Some(label) => format!("{from} → {label} → {to}. "),
            None => format!("{from} → {to}. "),
        }
    };
    let on_route = |edge: &Edge| taken.is_none_or(|t| t.contains(&graph.edge_id(edge)));
    for edge in graph.edges.iter().filter(|e| on_route(e)) {
        out.push_str(&sentence(edge));
    }
    let mut others = graph.edges.iter().filter(|e| !on_route(e)).peekable();
    if others.peek().is_some() {
        out.push_str("Not taken: ");
        others.for_each(|edge| out.push_str(&sentence(edge)));
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_flowchart_has_its_seven_nodes_and_eight_edges() {
        let graph = seed_flowchart();
        let ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "claim",
                "reqs",
                "decision",
                "static",
                "dynamic",
                "storageclass",
                "volume"
            ]
        );
        let edges: Vec<String> = graph.edges.iter().map(|e| graph.edge_id(e)).collect();
        assert_eq!(
            edges,
            [
                "claim-decision",
                "decision-static",
                "decision-dynamic",
                "static-volume",
                "dynamic-storageclass",
                "storageclass-volume",
                "claim-reqs",
                "volume-reqs"
            ]
        );
    }

    #[test]
    fn bold_where_the_seed_uses_double_asterisks() {
        let graph = seed_flowchart();
        for id in ["claim", "storageclass", "volume"] {
            let node = &graph.nodes[graph.node_index(id).unwrap()];
            assert!(node.label.lines[0].spans[0].bold, "{id} starts bold");
            assert!(!node.label.plain().contains('*'), "{id} shows no asterisks");
        }
    }

    #[test]
    fn description_reads_every_edge() {
        let text = describe(&seed_flowchart());
        assert!(text.contains("Claim (PVC) (in Pod)."));
        assert!(text.contains("Suitable Volume Exists? → Yes → Static Provisioning."));
        assert!(text.contains("StorageClass → creates new → Volume (PV)."));
        assert!(text.contains(
            "Volume (PV) → satisfies → access modes (storage) size labels storageClassName."
        ));
    }
}
