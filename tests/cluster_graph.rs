//! The cluster graph laid out: the demo cluster's and busy generated clusters' (about 200
//! objects) keep every layout rule, run left to right in columns pods → claims → volumes, and
//! stay narrow enough to scroll down the page rather than sideways.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::disallowed_methods)] // tests sort with the standard library; the page's size rule is not theirs

mod common;

use common::layout_check::check_rules;
use pv_core::diagram::Direction;
use pv_core::diagram::{cluster_graph, cluster_layout_options, layout, reading_order};
use pv_engine::demo::demo_cluster;
use pv_engine::generate::workload_cluster;

#[test]
fn the_demo_cluster_graph_keeps_every_rule_and_reads_pods_claims_volumes() {
    let mut cluster = demo_cluster();
    cluster.settle();
    let g = cluster_graph(&cluster);
    let out = layout(&g.graph, &cluster_layout_options());
    check_rules(&g.graph, &out).unwrap();
    let rect = |id: &str| out.nodes[g.graph.node_index(id).unwrap()].rect;
    assert!(rect("pod:shop/web-0").right() < rect("pvc:shop/db-data").x);
    assert!(rect("pvc:shop/db-data").right() < rect("pv:pv-db").x);
    // Everything one line high, so columns stack densely.
    assert!(out.nodes.iter().all(|n| n.line_centres.len() == 1));
    assert!(out
        .nodes
        .iter()
        .zip(&g.graph.nodes)
        .all(
            |(n, node)| (n.line_centres[0].y - n.rect.centre().y).abs() < 1e-9
                && !node.label.plain().is_empty()
        ));
}

#[test]
fn two_hundred_objects_keep_every_rule_and_scroll_down_not_sideways() {
    for seed in [1, 2, 3] {
        let cluster = workload_cluster(200, seed);
        let g = cluster_graph(&cluster);
        let n = g.graph.nodes.len();
        // 200 objects written, plus the volumes the provisioner made for them.
        assert!((200..=270).contains(&n), "seed {seed}: {n} objects");
        let out = layout(&g.graph, &cluster_layout_options());
        if let Err(broken) = check_rules(&g.graph, &out) {
            panic!("seed {seed}: {broken}");
        }
        // Three columns of one-line boxes: about a laptop screen wide, however many objects.
        assert!(out.width < 1300.0, "seed {seed}: {} px wide", out.width);
        assert!(out.height > out.width, "seed {seed}: taller than wide");
        // So many pods write their Node in their label instead of drawing a bus of edges.
        assert!(g
            .graph
            .edges
            .iter()
            .all(|e| !g.graph.edge_id(e).contains("node:")));
        let pods: Vec<String> = g
            .graph
            .nodes
            .iter()
            .filter(|n| n.id.starts_with("pod:"))
            .map(|n| n.label.plain())
            .collect();
        assert!(
            pods.iter().all(|p| p.contains(" · Running on worker-")),
            "{pods:?}"
        );
        let order = reading_order(&out, Direction::LeftToRight);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "every node once");
    }
}

#[test]
fn a_busy_cluster_has_every_kind_and_status() {
    let cluster = workload_cluster(200, 1);
    let g = cluster_graph(&cluster);
    for words in [
        "The cluster holds ",
        " pods (",
        "Running",
        " claims (",
        "Bound",
        " volumes (",
        "Available",
        "2 classes",
        "3 nodes",
    ] {
        assert!(
            g.description.contains(words),
            "{words} in {}",
            g.description
        );
    }
}
