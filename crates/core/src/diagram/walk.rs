//! Walking a drawn diagram from the keyboard: the order its nodes are read in, and what a
//! screen reader hears about the node reached. Pure, so the view only moves an index.

use super::graph::Graph;
use super::layout::{Direction, Layout};
use super::live::Path;
use pv_engine::sort::CompactSort;

/// The nodes in reading order: rank by rank in the direction the ranks run (rows top to
/// bottom, or columns left to right), and along each rank left to right (or top to bottom).
/// Nodes of one rank share its band, so a node starting past the end of every node before it
/// opens the next rank.
pub fn reading_order(layout: &Layout, direction: Direction) -> Vec<usize> {
    // (start, end) along the ranks' axis, and the position across it.
    let span = |i: usize| {
        let r = layout.nodes[i].rect;
        match direction {
            Direction::TopToBottom => (r.y, r.bottom(), r.x),
            Direction::LeftToRight => (r.x, r.right(), r.y),
        }
    };
    let mut by_start: Vec<usize> = (0..layout.nodes.len()).collect();
    by_start.compact_sort_by(|&a, &b| span(a).0.total_cmp(&span(b).0).then(a.cmp(&b)));
    let mut order = Vec::with_capacity(by_start.len());
    let mut rank: Vec<usize> = Vec::new();
    let mut rank_end = f64::NEG_INFINITY;
    for i in by_start {
        let (start, end, _) = span(i);
        if start >= rank_end && !rank.is_empty() {
            rank.compact_sort_by(|&a, &b| span(a).2.total_cmp(&span(b).2).then(a.cmp(&b)));
            order.append(&mut rank);
        }
        rank_end = if rank.is_empty() {
            end
        } else {
            rank_end.max(end)
        };
        rank.push(i);
    }
    rank.compact_sort_by(|&a, &b| span(a).2.total_cmp(&span(b).2).then(a.cmp(&b)));
    order.append(&mut rank);
    order
}

/// What is read out when the keyboard reaches node `index`: its label, where it is in the
/// walk, and with a highlighted path whether the node is on it (or where it stopped, why).
pub fn announce(
    graph: &Graph,
    index: usize,
    position: (usize, usize),
    path: Option<&Path>,
) -> String {
    let Some(node) = graph.nodes.get(index) else {
        return String::new();
    };
    let mut text = format!("{} ({} of {})", node.label.plain(), position.0, position.1);
    if let Some(path) = path {
        match &path.blocked {
            Some((at, why)) if *at == node.id => text.push_str(&format!(": blocked here, {why}")),
            _ if path.nodes.contains(node.id.as_str()) => text.push_str(": on the path taken"),
            _ => text.push_str(": not on the path taken"),
        }
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{layout, seed_flowchart, LayoutOptions};

    #[test]
    fn the_seed_flowchart_reads_row_by_row() {
        let graph = seed_flowchart();
        let placed = layout(&graph, &LayoutOptions::default());
        let order = reading_order(&placed, Direction::TopToBottom);
        let ids: Vec<&str> = order.iter().map(|&i| graph.nodes[i].id.as_str()).collect();
        assert_eq!(ids.len(), graph.nodes.len());
        assert_eq!(ids[0], "claim", "the claim heads the chart");
        // Each step goes down a row, or right within one.
        for pair in order.windows(2) {
            let (a, b) = (placed.nodes[pair[0]].rect, placed.nodes[pair[1]].rect);
            assert!(
                b.y >= a.bottom() || (b.x > a.x && b.y < a.bottom()),
                "{} then {}",
                graph.nodes[pair[0]].id,
                graph.nodes[pair[1]].id
            );
        }
    }

    #[test]
    fn announcements_say_whether_the_node_is_on_the_path() {
        let graph = seed_flowchart();
        let path = Path {
            nodes: ["claim", "decision", "dynamic", "storageclass"].into(),
            blocked: Some((
                "storageclass",
                "storageclass.storage.k8s.io \"gold\" not found".into(),
            )),
            ..Path::default()
        };
        let at = |id: &str| graph.node_index(id).unwrap();
        assert_eq!(
            announce(&graph, at("claim"), (1, 7), Some(&path)),
            "Claim (PVC) (1 of 7): on the path taken."
        );
        assert_eq!(
            announce(&graph, at("static"), (4, 7), Some(&path)),
            "Static Provisioning (4 of 7): not on the path taken."
        );
        assert_eq!(
            announce(&graph, at("storageclass"), (6, 7), Some(&path)),
            "StorageClass (6 of 7): blocked here, storageclass.storage.k8s.io \"gold\" not found."
        );
        assert_eq!(
            announce(&graph, at("static"), (4, 7), None),
            "Static Provisioning (4 of 7)."
        );
        assert_eq!(announce(&graph, 99, (1, 7), None), "");
    }
}
