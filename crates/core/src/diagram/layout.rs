//! Layered (Sugiyama-style) layout of a [`Graph`], top to bottom: ranks, crossing reduction,
//! coordinates, edge routes and label places. Pure and deterministic.
//!
//! The geometry is built so that the rules the tests check hold by construction:
//! - every node (with the padding of its group) lives inside its rank's horizontal band, and
//!   neighbours in a band are kept apart by a gap, so node boxes never overlap;
//! - edges leave a node through ports on its bottom side and enter through its top side, run
//!   vertically inside bands (long edges through reserved "dummy" slots) and only cross between
//!   columns in the gaps between bands, where there are no boxes;
//! - edge labels sit in those gaps, which are made tall enough for them.

use super::geometry::{Point, Rect};
use super::graph::{Graph, Shape};
use super::text::text_width;
use pv_engine::sort::CompactSort;
use serde::Serialize;

/// Sizes and spacings, in SVG user units.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    pub font_size: f64,
    pub line_height: f64,
    pub node_pad_x: f64,
    pub node_pad_y: f64,
    pub min_node_width: f64,
    /// Horizontal gap between neighbouring nodes in a rank.
    pub node_gap: f64,
    /// Horizontal gap next to a long edge's slot.
    pub edge_gap: f64,
    /// Least vertical gap between two ranks.
    pub rank_gap: f64,
    pub group_pad: f64,
    pub group_title_height: f64,
    pub label_font_size: f64,
    pub label_pad: f64,
    /// Distance between the ports of edges sharing a node side.
    pub port_spacing: f64,
    /// Corner radius of rounded nodes (the flat part of a side is where ports go).
    pub corner_radius: f64,
    pub margin: f64,
    /// Which way the ranks run.
    pub direction: Direction,
}

/// Which way edges point: down the page (the seed flowchart) or across it, ranks becoming
/// columns (the cluster graph, whose hundreds of objects then stack in tall columns that
/// scroll with the page instead of one row thousands of pixels wide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    #[default]
    TopToBottom,
    /// Laid out top to bottom with every size transposed, then mirrored on the diagonal: the
    /// same rules hold with "bottom port" read as "right port". Meant for rectangular and
    /// rounded nodes without groups (a hexagon's points and a group's title stay as drawn top
    /// to bottom).
    LeftToRight,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            font_size: 15.0,
            line_height: 20.0,
            node_pad_x: 16.0,
            node_pad_y: 10.0,
            min_node_width: 90.0,
            node_gap: 40.0,
            edge_gap: 18.0,
            rank_gap: 46.0,
            group_pad: 12.0,
            group_title_height: 22.0,
            label_font_size: 13.0,
            label_pad: 5.0,
            port_spacing: 14.0,
            corner_radius: 10.0,
            margin: 12.0,
            direction: Direction::TopToBottom,
        }
    }
}

/// Where a node is drawn and where each of its label lines is centred.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeBox {
    pub rect: Rect,
    pub shape: Shape,
    /// Centre of each label line, in the order of the label's lines.
    pub line_centres: Vec<Point>,
}

/// The route of one edge, from its source's border to its target's border.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeRoute {
    pub points: Vec<Point>,
    /// The box of the edge's label, if it has one; the text is centred in it.
    pub label: Option<Rect>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupBox {
    pub rect: Rect,
    /// Centre of the group's title.
    pub title_centre: Point,
}

/// A laid-out graph; `nodes`, `edges` and `groups` follow the graph's own order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgeRoute>,
    pub groups: Vec<GroupBox>,
}

/// How far the inset of a hexagon's pointed sides reaches, as a share of its height.
pub const HEXAGON_INSET: f64 = 0.25;

/// Lays out `graph` in `opts.direction`.
pub fn layout(graph: &Graph, opts: &LayoutOptions) -> Layout {
    let transposed = opts.direction == Direction::LeftToRight;
    let sizes: Vec<(f64, f64)> = graph
        .nodes
        .iter()
        .map(|n| {
            let (w, h) = node_size(n, opts);
            if transposed {
                (h, w)
            } else {
                (w, h)
            }
        })
        .collect();
    let oriented = orient_edges(graph);
    let ranks = assign_ranks(graph.nodes.len(), &oriented);
    let mut virt = VirtualGraph::build(graph, opts, &sizes, &ranks, &oriented);
    virt.order_layers();
    virt.assign_x();
    virt.straighten_long_edges();
    let bands = Bands::measure(graph, opts, &sizes, &virt);
    let mut out = place(graph, opts, &sizes, &virt, &bands);
    normalise(&mut out, opts.margin);
    if transposed {
        transpose(&mut out, graph, opts);
    }
    out
}

/// Mirrors a layout on its diagonal (x ↔ y), then centres each label line in its box again
/// (lines stack down a box in either direction).
fn transpose(layout: &mut Layout, graph: &Graph, opts: &LayoutOptions) {
    let flip_point = |p: &mut Point| *p = Point::new(p.y, p.x);
    let flip_rect = |r: &mut Rect| *r = Rect::new(r.y, r.x, r.height, r.width);
    std::mem::swap(&mut layout.width, &mut layout.height);
    for (node, placed) in graph.nodes.iter().zip(&mut layout.nodes) {
        flip_rect(&mut placed.rect);
        let r = placed.rect;
        let text_height = node.label.lines.len() as f64 * opts.line_height;
        placed.line_centres = (0..node.label.lines.len())
            .map(|j| {
                let top = r.centre().y - text_height / 2.0;
                Point::new(r.centre().x, top + (j as f64 + 0.5) * opts.line_height)
            })
            .collect();
    }
    for edge in &mut layout.edges {
        edge.points.iter_mut().for_each(flip_point);
        edge.label.as_mut().map(flip_rect);
    }
    for group in &mut layout.groups {
        flip_rect(&mut group.rect);
        flip_point(&mut group.title_centre);
    }
}

fn node_size(node: &super::graph::Node, opts: &LayoutOptions) -> (f64, f64) {
    let text_w = node
        .label
        .lines
        .iter()
        .map(|line| {
            line.spans
                .iter()
                .map(|s| text_width(&s.text, opts.font_size, s.bold))
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    let lines = node.label.lines.len().max(1) as f64;
    let height = lines * opts.line_height + 2.0 * opts.node_pad_y;
    let mut width = (text_w + 2.0 * opts.node_pad_x).max(opts.min_node_width);
    if node.shape == Shape::Hexagon {
        width += 2.0 * HEXAGON_INSET * height;
    }
    (width, height)
}

/// An edge as the layout sees it: pointing down the ranks, flagged when that is against its
/// direction (to break a cycle), or a self-loop.
#[derive(Clone, Copy, Debug)]
struct OrientedEdge {
    upper: usize,
    lower: usize,
    reversed: bool,
    self_loop: bool,
}

/// Breaks cycles by reversing the edges that close them in a depth-first search from each
/// node in graph order (so the choice is deterministic).
fn orient_edges(graph: &Graph) -> Vec<OrientedEdge> {
    let n = graph.nodes.len();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in graph.edges.iter().enumerate() {
        if e.from != e.to {
            out_edges[e.from].push(i);
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut reversed = vec![false; graph.edges.len()];
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next out-edge to look at).
        let mut stack = vec![(root, 0usize)];
        mark[root] = Mark::OnStack;
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&ei) = out_edges[v].get(next) {
                top.1 += 1;
                let w = graph.edges[ei].to;
                match mark[w] {
                    Mark::New => {
                        mark[w] = Mark::OnStack;
                        stack.push((w, 0));
                    }
                    Mark::OnStack => reversed[ei] = true,
                    Mark::Done => {}
                }
            } else {
                mark[v] = Mark::Done;
                stack.pop();
            }
        }
    }
    graph
        .edges
        .iter()
        .zip(reversed)
        .map(|(e, rev)| OrientedEdge {
            upper: if rev { e.to } else { e.from },
            lower: if rev { e.from } else { e.to },
            reversed: rev,
            self_loop: e.from == e.to,
        })
        .collect()
}

/// Longest-path ranking, then sources are pulled down next to their highest successor so an
/// input that feeds only deep nodes does not hang at the top with long edges.
fn assign_ranks(n: usize, edges: &[OrientedEdge]) -> Vec<usize> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for e in edges.iter().filter(|e| !e.self_loop) {
        preds[e.lower].push(e.upper);
        succs[e.upper].push(e.lower);
        indegree[e.lower] += 1;
    }
    // Kahn's algorithm, smallest index first, for a deterministic topological order.
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &w in &succs[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.insert(w);
            }
        }
    }
    let mut rank = vec![0usize; n];
    for &v in &order {
        rank[v] = preds[v].iter().map(|&u| rank[u] + 1).max().unwrap_or(0);
    }
    for &v in order.iter().rev() {
        if preds[v].is_empty() {
            if let Some(lowest) = succs[v].iter().map(|&w| rank[w]).min() {
                rank[v] = rank[v].max(lowest.saturating_sub(1));
            }
        }
    }
    rank
}

/// A slot in a rank: a real node, or a point a long edge passes through.
#[derive(Clone, Debug)]
struct VNode {
    real: Option<usize>,
    rank: usize,
    /// Room needed left and right of the slot's x (a node's half width plus group padding).
    left: f64,
    right: f64,
    /// The group a real node belongs to; members are kept next to each other in a rank.
    group: Option<usize>,
    up: Vec<usize>,
    down: Vec<usize>,
    x: f64,
}

struct VirtualGraph {
    vnodes: Vec<VNode>,
    layers: Vec<Vec<usize>>,
    /// For each graph edge, the slots it runs through from upper to lower end.
    chains: Vec<Vec<usize>>,
    oriented: Vec<OrientedEdge>,
    node_gap: f64,
    edge_gap: f64,
}

impl VirtualGraph {
    fn build(
        graph: &Graph,
        opts: &LayoutOptions,
        sizes: &[(f64, f64)],
        ranks: &[usize],
        oriented: &[OrientedEdge],
    ) -> Self {
        let mut vnodes: Vec<VNode> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let (w, _) = sizes[i];
                let mut half = w / 2.0;
                if let Some(g) = node.group {
                    let title = graph.groups.get(g).map_or("", |g| g.title.as_str());
                    let title_w = text_width(title, opts.label_font_size, true);
                    half = (half + opts.group_pad).max(title_w / 2.0 + opts.group_pad);
                }
                VNode {
                    real: Some(i),
                    rank: ranks[i],
                    left: half,
                    right: half,
                    group: node.group,
                    up: Vec::new(),
                    down: Vec::new(),
                    x: 0.0,
                }
            })
            .collect();
        let mut chains = Vec::with_capacity(oriented.len());
        for (ei, e) in oriented.iter().enumerate() {
            if e.self_loop {
                // The loop hangs off the node's right side: reserve room for it and its label.
                let label_w = graph.edges[ei]
                    .label
                    .as_deref()
                    .map_or(0.0, |l| label_size(l, opts).0);
                vnodes[e.upper].right += SELF_LOOP_REACH + label_w;
                chains.push(vec![e.upper]);
                continue;
            }
            let mut chain = vec![e.upper];
            for rank in ranks[e.upper] + 1..ranks[e.lower] {
                vnodes.push(VNode {
                    real: None,
                    rank,
                    left: 0.0,
                    right: 0.0,
                    group: None,
                    up: Vec::new(),
                    down: Vec::new(),
                    x: 0.0,
                });
                chain.push(vnodes.len() - 1);
            }
            chain.push(e.lower);
            for pair in chain.windows(2) {
                vnodes[pair[0]].down.push(pair[1]);
                vnodes[pair[1]].up.push(pair[0]);
            }
            chains.push(chain);
        }
        let depth = vnodes.iter().map(|v| v.rank + 1).max().unwrap_or(0);
        let mut layers = vec![Vec::new(); depth];
        for (i, v) in vnodes.iter().enumerate() {
            layers[v.rank].push(i);
        }
        Self {
            vnodes,
            layers,
            chains,
            oriented: oriented.to_vec(),
            node_gap: opts.node_gap,
            edge_gap: opts.edge_gap,
        }
    }

    /// Barycentre sweeps down and up, keeping the order with the fewest crossings.
    fn order_layers(&mut self) {
        self.keep_groups_together();
        let mut best = self.layers.clone();
        let mut best_crossings = self.crossings();
        for sweep in 0..SWEEPS {
            let downwards = sweep % 2 == 0;
            let ranks: Vec<usize> = if downwards {
                (1..self.layers.len()).collect()
            } else {
                (0..self.layers.len().saturating_sub(1)).rev().collect()
            };
            for r in ranks {
                self.reorder_by_barycentre(r, downwards);
            }
            self.keep_groups_together();
            let crossings = self.crossings();
            if crossings < best_crossings {
                best_crossings = crossings;
                best = self.layers.clone();
            }
        }
        self.layers = best;
    }

    fn positions(&self) -> Vec<usize> {
        let mut pos = vec![0; self.vnodes.len()];
        for layer in &self.layers {
            for (i, &v) in layer.iter().enumerate() {
                pos[v] = i;
            }
        }
        pos
    }

    fn reorder_by_barycentre(&mut self, r: usize, downwards: bool) {
        let pos = self.positions();
        let mut keyed: Vec<(f64, usize, usize)> = self.layers[r]
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let nbrs = if downwards {
                    &self.vnodes[v].up
                } else {
                    &self.vnodes[v].down
                };
                let key = if nbrs.is_empty() {
                    i as f64
                } else {
                    nbrs.iter().map(|&u| pos[u] as f64).sum::<f64>() / nbrs.len() as f64
                };
                (key, i, v)
            })
            .collect();
        keyed.compact_sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.layers[r] = keyed.into_iter().map(|(_, _, v)| v).collect();
    }

    /// Moves the members of a group next to the first of them in each layer, so the group's
    /// box holds no stranger.
    fn keep_groups_together(&mut self) {
        for layer in &mut self.layers {
            let mut placed = vec![false; layer.len()];
            let mut out = Vec::with_capacity(layer.len());
            for i in 0..layer.len() {
                if placed[i] {
                    continue;
                }
                let group = self.vnodes[layer[i]].group;
                for j in i..layer.len() {
                    let same = j == i || (group.is_some() && self.vnodes[layer[j]].group == group);
                    if !placed[j] && same {
                        placed[j] = true;
                        out.push(layer[j]);
                    }
                }
            }
            *layer = out;
        }
    }

    fn crossings(&self) -> usize {
        let pos = self.positions();
        let mut total = 0;
        for layer in &self.layers {
            let mut segments: Vec<(usize, usize)> = Vec::new();
            for &v in layer {
                segments.extend(self.vnodes[v].down.iter().map(|&w| (pos[v], pos[w])));
            }
            for (i, a) in segments.iter().enumerate() {
                total += segments[i + 1..]
                    .iter()
                    .filter(|b| (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1))
                    .count();
            }
        }
        total
    }

    fn gap_between(&self, a: usize, b: usize) -> f64 {
        if self.vnodes[a].real.is_some() && self.vnodes[b].real.is_some() {
            self.node_gap
        } else {
            self.edge_gap
        }
    }

    /// Places each slot as near as the order and gaps allow to the mean of its neighbours in
    /// the layer above, then below, alternately; a last pass balances both.
    fn assign_x(&mut self) {
        for r in 0..self.layers.len() {
            let mut x = 0.0;
            for k in 0..self.layers[r].len() {
                let v = self.layers[r][k];
                if k > 0 {
                    let u = self.layers[r][k - 1];
                    x += self.vnodes[u].right + self.gap_between(u, v) + self.vnodes[v].left;
                }
                self.vnodes[v].x = x;
            }
        }
        let depth = self.layers.len();
        for pass in 0..2 * COORDINATE_PASSES + 1 {
            let (use_up, use_down) = match pass {
                p if p == 2 * COORDINATE_PASSES => (true, true),
                p if p % 2 == 0 => (true, false),
                _ => (false, true),
            };
            let ranks: Vec<usize> = if use_up {
                (0..depth).collect()
            } else {
                (0..depth).rev().collect()
            };
            for r in ranks {
                self.align_layer(r, use_up, use_down);
            }
        }
    }

    /// Lines up the slots of each long edge on one x where the neighbours in every layer leave
    /// room for it, so a long edge runs straight instead of wobbling. Each slot only moves
    /// inside the room its current neighbours leave, so no gap shrinks below its minimum.
    fn straighten_long_edges(&mut self) {
        let pos = self.positions();
        for ei in 0..self.chains.len() {
            let chain = &self.chains[ei];
            if chain.len() < 4 {
                continue;
            }
            let slots: Vec<usize> = chain[1..chain.len() - 1].to_vec();
            let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
            for &d in &slots {
                let layer = &self.layers[self.vnodes[d].rank];
                let k = pos[d];
                if let Some(&u) = k.checked_sub(1).and_then(|i| layer.get(i)) {
                    let min = self.vnodes[u].x + self.vnodes[u].right + self.gap_between(u, d);
                    lo = lo.max(min + self.vnodes[d].left);
                }
                if let Some(&w) = layer.get(k + 1) {
                    let max = self.vnodes[w].x - self.vnodes[w].left - self.gap_between(d, w);
                    hi = hi.min(max - self.vnodes[d].right);
                }
            }
            if lo > hi {
                continue;
            }
            let mean = slots.iter().map(|&d| self.vnodes[d].x).sum::<f64>() / slots.len() as f64;
            let x = mean.clamp(lo, hi);
            for d in slots {
                self.vnodes[d].x = x;
            }
        }
    }

    fn align_layer(&mut self, r: usize, use_up: bool, use_down: bool) {
        let layer = &self.layers[r];
        let mut targets = Vec::with_capacity(layer.len());
        let mut weights = Vec::with_capacity(layer.len());
        let mut offsets = Vec::with_capacity(layer.len());
        let mut offset = 0.0;
        for (k, &v) in layer.iter().enumerate() {
            if k > 0 {
                let u = layer[k - 1];
                offset += self.vnodes[u].right + self.gap_between(u, v) + self.vnodes[v].left;
            }
            let node = &self.vnodes[v];
            let nbrs: Vec<usize> = node
                .up
                .iter()
                .filter(|_| use_up)
                .chain(node.down.iter().filter(|_| use_down))
                .copied()
                .collect();
            let desired = if nbrs.is_empty() {
                node.x
            } else {
                nbrs.iter().map(|&u| self.vnodes[u].x).sum::<f64>() / nbrs.len() as f64
            };
            // Long edges weigh more, so they stay straight and nodes move around them.
            let weight = if node.real.is_some() { 1.0 } else { 2.0 };
            offsets.push(offset);
            targets.push(desired - offset);
            weights.push(weight);
        }
        let solved = isotonic_fit(&targets, &weights);
        for (k, &v) in layer.iter().enumerate() {
            self.vnodes[v].x = solved[k] + offsets[k];
        }
    }
}

const SWEEPS: usize = 12;
const COORDINATE_PASSES: usize = 4;
const SELF_LOOP_REACH: f64 = 28.0;

/// Least-squares fit of a non-decreasing sequence to `targets` (pool-adjacent-violators).
/// With each slot's minimum distance to its left neighbour folded into an offset, "x in order
/// and far enough apart" becomes "non-decreasing", so this finds the positions nearest to the
/// desired ones that keep every gap.
fn isotonic_fit(targets: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of pooled values: (mean, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for (&t, &w) in targets.iter().zip(weights) {
        blocks.push((t, w, 1));
        while blocks.len() > 1 {
            let (m2, w2, c2) = blocks[blocks.len() - 1];
            let (m1, w1, c1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            blocks.push(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(mean, _, count)| std::iter::repeat_n(mean, count))
        .collect()
}

/// A label's box as the top-to-bottom pass sees it (transposed when ranks run across).
fn label_size(text: &str, opts: &LayoutOptions) -> (f64, f64) {
    let width = text_width(text, opts.label_font_size, false) + 2.0 * opts.label_pad;
    let height = opts.label_font_size * 1.3 + 2.0 * opts.label_pad;
    match opts.direction {
        Direction::TopToBottom => (width, height),
        Direction::LeftToRight => (height, width),
    }
}

/// The vertical extent of every rank and of the gaps between them.
struct Bands {
    top: Vec<f64>,
    height: Vec<f64>,
}

impl Bands {
    fn measure(
        graph: &Graph,
        opts: &LayoutOptions,
        sizes: &[(f64, f64)],
        virt: &VirtualGraph,
    ) -> Self {
        let depth = virt.layers.len();
        let mut height = vec![0.0f64; depth];
        for (i, node) in graph.nodes.iter().enumerate() {
            let (top, bottom) = group_padding(node.group.is_some(), opts);
            let r = virt.vnodes[i].rank;
            height[r] = height[r].max(sizes[i].1 + top + bottom);
        }
        let mut gap = vec![opts.rank_gap; depth.saturating_sub(1)];
        for (ei, e) in graph.edges.iter().enumerate() {
            if let (Some(text), Some(g)) = (&e.label, label_gap(virt, ei)) {
                gap[g] = gap[g].max(label_size(text, opts).1 + 2.0 * opts.label_pad);
            }
        }
        let mut top = Vec::with_capacity(depth);
        let mut y = 0.0;
        for (r, band) in height.iter().enumerate() {
            top.push(y);
            y += band + gap.get(r).copied().unwrap_or(0.0);
        }
        Self { top, height }
    }

    fn bottom(&self, r: usize) -> f64 {
        self.top[r] + self.height[r]
    }
}

/// Extra room above and below a node for its group's box and title.
fn group_padding(in_group: bool, opts: &LayoutOptions) -> (f64, f64) {
    if in_group {
        (opts.group_pad + opts.group_title_height, opts.group_pad)
    } else {
        (0.0, 0.0)
    }
}

/// The gap (below rank g) where an edge's label goes: the middle one the edge crosses.
fn label_gap(virt: &VirtualGraph, edge: usize) -> Option<usize> {
    let chain = &virt.chains[edge];
    if chain.len() < 2 {
        return None;
    }
    Some(virt.vnodes[chain[(chain.len() - 2) / 2]].rank)
}

fn place(
    graph: &Graph,
    opts: &LayoutOptions,
    sizes: &[(f64, f64)],
    virt: &VirtualGraph,
    bands: &Bands,
) -> Layout {
    let nodes: Vec<NodeBox> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let (w, h) = sizes[i];
            let (pad_top, pad_bottom) = group_padding(node.group.is_some(), opts);
            let r = virt.vnodes[i].rank;
            let extent = h + pad_top + pad_bottom;
            let y = bands.top[r] + (bands.height[r] - extent) / 2.0 + pad_top;
            let rect = Rect::new(virt.vnodes[i].x - w / 2.0, y, w, h);
            let line_centres = (0..node.label.lines.len())
                .map(|j| {
                    Point::new(
                        rect.centre().x,
                        y + opts.node_pad_y + (j as f64 + 0.5) * opts.line_height,
                    )
                })
                .collect();
            NodeBox {
                rect,
                shape: node.shape,
                line_centres,
            }
        })
        .collect();
    let ports = Ports::assign(graph, opts, virt, &nodes);
    let mut edges: Vec<EdgeRoute> = (0..graph.edges.len())
        .map(|ei| route(ei, virt, bands, &nodes, &ports))
        .collect();
    place_labels(graph, opts, virt, bands, &nodes, &mut edges);
    let groups = graph
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| group_box(g, &group.title, graph, opts, &nodes))
        .collect();
    Layout {
        width: 0.0,
        height: 0.0,
        nodes,
        edges,
        groups,
    }
}

/// Where each edge leaves its upper node and enters its lower one: spread along the flat part
/// of the bottom and top sides, in the order of the far ends, so edges fan out uncrossed.
struct Ports {
    start_x: Vec<f64>,
    end_x: Vec<f64>,
}

impl Ports {
    fn assign(graph: &Graph, opts: &LayoutOptions, virt: &VirtualGraph, nodes: &[NodeBox]) -> Self {
        let mut start_x = vec![0.0; graph.edges.len()];
        let mut end_x = vec![0.0; graph.edges.len()];
        for (v, node) in nodes.iter().enumerate() {
            let flat = flat_side_width(node, opts);
            let spread = |edges: &mut Vec<(f64, usize)>, xs: &mut Vec<f64>| {
                edges.compact_sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let n = edges.len() as f64;
                let step = if n > 1.0 {
                    opts.port_spacing.min(flat / (n - 1.0))
                } else {
                    0.0
                };
                for (k, &(_, ei)) in edges.iter().enumerate() {
                    xs[ei] = node.rect.centre().x + (k as f64 - (n - 1.0) / 2.0) * step;
                }
            };
            let mut leaving = Vec::new();
            let mut entering = Vec::new();
            for (ei, chain) in virt.chains.iter().enumerate() {
                if chain.len() < 2 {
                    continue;
                }
                if chain[0] == v {
                    leaving.push((virt.vnodes[chain[1]].x, ei));
                }
                if chain[chain.len() - 1] == v {
                    entering.push((virt.vnodes[chain[chain.len() - 2]].x, ei));
                }
            }
            spread(&mut leaving, &mut start_x);
            spread(&mut entering, &mut end_x);
        }
        Self { start_x, end_x }
    }
}

/// The width of the straight part of a node's top and bottom sides.
fn flat_side_width(node: &NodeBox, opts: &LayoutOptions) -> f64 {
    let inset = match node.shape {
        Shape::Rect => 0.0,
        Shape::Rounded => opts.corner_radius,
        Shape::Hexagon => HEXAGON_INSET * node.rect.height,
    };
    (node.rect.width - 2.0 * inset).max(0.0)
}

fn route(
    ei: usize,
    virt: &VirtualGraph,
    bands: &Bands,
    nodes: &[NodeBox],
    ports: &Ports,
) -> EdgeRoute {
    let e = virt.oriented[ei];
    let chain = &virt.chains[ei];
    if e.self_loop {
        let r = nodes[e.upper].rect;
        let (y1, y2) = (r.y + r.height * 0.3, r.y + r.height * 0.7);
        let reach = r.right() + SELF_LOOP_REACH * 0.8;
        return EdgeRoute {
            points: vec![
                Point::new(r.right(), y1),
                Point::new(reach, y1),
                Point::new(reach, y2),
                Point::new(r.right(), y2),
            ],
            label: None,
        };
    }
    let upper = nodes[e.upper].rect;
    let lower = nodes[e.lower].rect;
    let (sx, tx) = (ports.start_x[ei], ports.end_x[ei]);
    let upper_rank = virt.vnodes[e.upper].rank;
    let lower_rank = virt.vnodes[e.lower].rank;
    let mut points = vec![
        Point::new(sx, upper.bottom()),
        Point::new(sx, bands.bottom(upper_rank)),
    ];
    for &d in &chain[1..chain.len() - 1] {
        let (x, r) = (virt.vnodes[d].x, virt.vnodes[d].rank);
        points.push(Point::new(x, bands.top[r]));
        points.push(Point::new(x, bands.bottom(r)));
    }
    points.push(Point::new(tx, bands.top[lower_rank]));
    points.push(Point::new(tx, lower.y));
    points.dedup_by(|a, b| a.distance(*b) < 1e-9);
    if e.reversed {
        points.reverse();
    }
    EdgeRoute {
        points,
        label: None,
    }
}

/// Puts each label on its edge's crossing of the middle gap, then pushes apart labels that
/// would touch.
fn place_labels(
    graph: &Graph,
    opts: &LayoutOptions,
    virt: &VirtualGraph,
    bands: &Bands,
    nodes: &[NodeBox],
    edges: &mut [EdgeRoute],
) {
    let mut per_gap: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (ei, e) in graph.edges.iter().enumerate() {
        let Some(text) = &e.label else { continue };
        let (w, h) = label_size(text, opts);
        if virt.oriented[ei].self_loop {
            let r = nodes[e.from].rect;
            let at = Point::new(r.right() + SELF_LOOP_REACH + w / 2.0, r.centre().y);
            edges[ei].label = Some(Rect::centred(at, w, h));
            continue;
        }
        let Some(gap) = label_gap(virt, ei) else {
            continue;
        };
        // The route's one segment that crosses this gap (between the band above and below).
        let points = &edges[ei].points;
        let (gap_top, gap_bottom) = (bands.bottom(gap), bands.top[gap + 1]);
        let crossing = points.windows(2).find(|seg| {
            let (top, bottom) = (seg[0].y.min(seg[1].y), seg[0].y.max(seg[1].y));
            (top - gap_top).abs() < 1e-6 && (bottom - gap_bottom).abs() < 1e-6
        });
        let centre = match crossing {
            Some(seg) => seg[0].lerp(seg[1], 0.5),
            None => points[0].lerp(points[points.len() - 1], 0.5),
        };
        edges[ei].label = Some(Rect::centred(centre, w, h));
        per_gap.entry(gap).or_default().push(ei);
    }
    for labelled in per_gap.values_mut() {
        labelled.compact_sort_by(|&a, &b| {
            let (ra, rb) = (edges[a].label, edges[b].label);
            let xa = ra.map_or(0.0, |r| r.x);
            let xb = rb.map_or(0.0, |r| r.x);
            xa.total_cmp(&xb).then(a.cmp(&b))
        });
        let mut right_edge = f64::NEG_INFINITY;
        for &ei in labelled.iter() {
            if let Some(rect) = edges[ei].label.as_mut() {
                let min_x = right_edge + LABEL_SPACING;
                if rect.x < min_x {
                    rect.x = min_x;
                }
                right_edge = rect.right();
            }
        }
    }
}

const LABEL_SPACING: f64 = 4.0;

fn group_box(
    g: usize,
    title: &str,
    graph: &Graph,
    opts: &LayoutOptions,
    nodes: &[NodeBox],
) -> GroupBox {
    let members = graph
        .nodes
        .iter()
        .zip(nodes)
        .filter(|(n, _)| n.group == Some(g))
        .map(|(_, b)| b.rect);
    let Some(inner) = members.reduce(|a, b| a.union(&b)) else {
        return GroupBox {
            rect: Rect::new(0.0, 0.0, 0.0, 0.0),
            title_centre: Point::new(0.0, 0.0),
        };
    };
    let (pad_top, pad_bottom) = group_padding(true, opts);
    let mut rect = inner.expand(opts.group_pad, pad_top, opts.group_pad, pad_bottom);
    let title_w = text_width(title, opts.label_font_size, true) + 2.0 * opts.group_pad;
    if rect.width < title_w {
        rect = Rect::new(
            rect.centre().x - title_w / 2.0,
            rect.y,
            title_w,
            rect.height,
        );
    }
    GroupBox {
        rect,
        title_centre: Point::new(
            rect.centre().x,
            rect.y + opts.group_pad / 2.0 + opts.group_title_height / 2.0,
        ),
    }
}

/// Moves everything so the drawing starts `margin` from the top-left, and sizes the canvas.
fn normalise(layout: &mut Layout, margin: f64) {
    let mut bounds: Option<Rect> = None;
    let mut grow = |r: Rect| bounds = Some(bounds.map_or(r, |b| b.union(&r)));
    layout.nodes.iter().for_each(|n| grow(n.rect));
    layout
        .groups
        .iter()
        .filter(|g| g.rect.width > 0.0)
        .for_each(|g| grow(g.rect));
    for e in &layout.edges {
        e.label.into_iter().for_each(&mut grow);
        e.points
            .iter()
            .for_each(|p| grow(Rect::new(p.x, p.y, 0.0, 0.0)));
    }
    let Some(b) = bounds else {
        layout.width = 2.0 * margin;
        layout.height = 2.0 * margin;
        return;
    };
    let (dx, dy) = (margin - b.x, margin - b.y);
    let shift = |p: &mut Point| {
        p.x += dx;
        p.y += dy;
    };
    let shift_rect = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    for n in &mut layout.nodes {
        shift_rect(&mut n.rect);
        n.line_centres.iter_mut().for_each(shift);
    }
    for e in &mut layout.edges {
        e.points.iter_mut().for_each(shift);
        e.label.as_mut().map(shift_rect);
    }
    for g in &mut layout.groups {
        shift_rect(&mut g.rect);
        shift(&mut g.title_centre);
    }
    layout.width = b.width + 2.0 * margin;
    layout.height = b.height + 2.0 * margin;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_fit_pools_violations() {
        assert_eq!(
            isotonic_fit(&[1.0, 3.0, 2.0], &[1.0, 1.0, 1.0]),
            vec![1.0, 2.5, 2.5]
        );
        assert_eq!(isotonic_fit(&[5.0, 1.0], &[1.0, 3.0]), vec![2.0, 2.0]);
        assert!(isotonic_fit(&[], &[]).is_empty());
    }
}
