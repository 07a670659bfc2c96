//! The layout's promises, checked on the seed flowchart and on random graphs: boxes never
//! overlap, edges start and end on their nodes' borders and never cross another box, labels
//! collide with nothing, groups hold their members and nobody else.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::layout_check::{check_rules, EPS};
use proptest::prelude::*;
use pv_core::diagram::{
    layout, seed_flowchart, Direction, Edge, Graph, Group, Label, LayoutOptions, Node, NodeClass,
    Shape,
};

#[test]
fn seed_flowchart_keeps_every_rule() {
    let graph = seed_flowchart();
    let out = layout(&graph, &LayoutOptions::default());
    check_rules(&graph, &out).unwrap();
}

#[test]
fn seed_flowchart_reads_top_down_like_the_seed() {
    let graph = seed_flowchart();
    let out = layout(&graph, &LayoutOptions::default());
    let rect = |id: &str| out.nodes[graph.node_index(id).unwrap()].rect;
    // The claim on top, then the decision, the two kinds of provisioning side by side (Yes
    // left, No right), the class under dynamic provisioning, the volume below both.
    assert!(rect("claim").bottom() < rect("decision").y);
    assert!(rect("decision").bottom() < rect("static").y);
    assert!((rect("static").y - rect("dynamic").y).abs() < EPS);
    assert!(rect("static").right() < rect("dynamic").x);
    assert!(rect("dynamic").bottom() < rect("storageclass").y);
    assert!(rect("storageclass").bottom() < rect("volume").y);
    assert!(rect("static").bottom() < rect("volume").y);
    // Requirements are below the volume that satisfies them, as Mermaid ranks it.
    assert!(rect("volume").bottom() < rect("reqs").y);
}

#[test]
fn seed_flowchart_groups_frame_claim_and_volume() {
    let graph = seed_flowchart();
    let out = layout(&graph, &LayoutOptions::default());
    let pod = &out.groups[0];
    let storage = &out.groups[1];
    assert!(pod
        .rect
        .contains_rect(&out.nodes[graph.node_index("claim").unwrap()].rect));
    assert!(storage
        .rect
        .contains_rect(&out.nodes[graph.node_index("volume").unwrap()].rect));
    // Titles sit above their member, inside the frame.
    assert!(pod.title_centre.y < out.nodes[graph.node_index("claim").unwrap()].rect.y);
    assert!(pod.rect.y < pod.title_centre.y);
}

#[test]
fn boxes_are_wide_enough_for_their_text() {
    let graph = seed_flowchart();
    let opts = LayoutOptions::default();
    let out = layout(&graph, &opts);
    for (node, placed) in graph.nodes.iter().zip(&out.nodes) {
        for line in &node.label.lines {
            let w: f64 = line
                .spans
                .iter()
                .map(|s| pv_core::diagram::text::text_width(&s.text, opts.font_size, s.bold))
                .sum();
            assert!(
                w + 2.0 * opts.node_pad_x <= placed.rect.width + EPS,
                "{}",
                node.id
            );
        }
        assert_eq!(placed.line_centres.len(), node.label.lines.len());
    }
}

#[test]
fn layout_is_deterministic() {
    let graph = seed_flowchart();
    let opts = LayoutOptions::default();
    assert_eq!(layout(&graph, &opts), layout(&graph, &opts));
}

#[test]
fn an_empty_graph_lays_out_to_an_empty_canvas() {
    let out = layout(&Graph::default(), &LayoutOptions::default());
    assert!(out.nodes.is_empty() && out.width > 0.0 && out.height > 0.0);
}

#[test]
fn cycles_and_parallel_edges_still_keep_the_rules() {
    let mut graph = random_graph(4, &[(0, 1), (1, 2), (2, 0), (1, 2), (3, 1)], &[], true);
    graph.edges[2].label = Some("back".into());
    let out = layout(&graph, &LayoutOptions::default());
    check_rules(&graph, &out).unwrap();
    // The edge that closes the cycle still points from its source to its target.
    let back = &out.edges[2];
    let first = back.points[0];
    assert!(
        (first.y - out.nodes[2].rect.y).abs() < EPS,
        "leaves node 2 from its top"
    );
}

#[test]
fn members_of_a_group_in_one_rank_stay_together() {
    // 0 feeds 1, 2, 3 on one rank; 1 and 3 share a group, 2 does not.
    let mut graph = random_graph(4, &[(0, 1), (0, 2), (0, 3)], &[Some(0)], false);
    graph.nodes[1].group = Some(0);
    graph.nodes[3].group = Some(0);
    let out = layout(&graph, &LayoutOptions::default());
    check_rules(&graph, &out).unwrap();
}

fn random_graph(
    n: usize,
    edges: &[(usize, usize)],
    groups: &[Option<usize>],
    labels: bool,
) -> Graph {
    let nodes = (0..n)
        .map(|i| Node {
            id: format!("n{i}"),
            label: Label::markdown(&"**word** ".repeat(i % 3 + 1)),
            shape: [Shape::Rect, Shape::Rounded, Shape::Hexagon][i % 3],
            class: NodeClass::Plain,
            group: groups.get(i).copied().flatten(),
        })
        .collect();
    let group_count = groups.iter().flatten().map(|g| g + 1).max().unwrap_or(0);
    Graph {
        nodes,
        edges: edges
            .iter()
            .enumerate()
            .map(|(k, &(from, to))| Edge {
                from,
                to,
                label: (labels && k % 2 == 0).then(|| format!("label {k}")),
            })
            .collect(),
        groups: (0..group_count)
            .map(|g| Group {
                id: format!("g{g}"),
                title: format!("Group {g}"),
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random graphs (cycles, parallel edges and long edges included; each group has one
    /// member) keep every rule.
    #[test]
    fn random_graphs_keep_every_rule(
        n in 1usize..14,
        raw_edges in prop::collection::vec((0usize..14, 0usize..14), 0..24),
        grouped in prop::collection::vec(any::<bool>(), 14),
        labels in any::<bool>(),
    ) {
        let edges: Vec<(usize, usize)> = raw_edges
            .into_iter()
            .map(|(a, b)| (a % n, b % n))
            .filter(|(a, b)| a != b)
            .collect();
        let mut next_group = 0;
        let groups: Vec<Option<usize>> = (0..n)
            .map(|i| grouped[i].then(|| { next_group += 1; next_group - 1 }))
            .collect();
        let graph = random_graph(n, &edges, &groups, labels);
        let out = layout(&graph, &LayoutOptions::default());
        if let Err(broken) = check_rules(&graph, &out) {
            prop_assert!(false, "{}", broken);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Ranks running left to right (the cluster graph's direction) keep the same rules, read
    /// sideways: edges leave through right ports and enter through left ones. Without groups
    /// and hexagons, which that direction does not draw.
    #[test]
    fn random_graphs_left_to_right_keep_every_rule(
        n in 1usize..14,
        raw_edges in prop::collection::vec((0usize..14, 0usize..14), 0..24),
        labels in any::<bool>(),
    ) {
        let edges: Vec<(usize, usize)> = raw_edges
            .into_iter()
            .map(|(a, b)| (a % n, b % n))
            .filter(|(a, b)| a != b)
            .collect();
        let mut graph = random_graph(n, &edges, &[], labels);
        for node in &mut graph.nodes {
            if node.shape == Shape::Hexagon {
                node.shape = Shape::Rect;
            }
        }
        let opts = LayoutOptions { direction: Direction::LeftToRight, ..LayoutOptions::default() };
        let out = layout(&graph, &opts);
        if let Err(broken) = check_rules(&graph, &out) {
            prop_assert!(false, "{}", broken);
        }
    }
}
