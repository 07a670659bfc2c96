//! The layout's promises as one check, shared by the tests of the seed and the live flowchart.

use pv_core::diagram::{Graph, Layout, Point, Rect, Shape};

pub const EPS: f64 = 1e-6;

/// Whether `p` lies on the outline of a node drawn as `shape` in `rect`.
pub fn on_border(p: Point, rect: &Rect, shape: Shape) -> bool {
    let on_h_side = (p.y - rect.y).abs() < EPS || (p.y - rect.bottom()).abs() < EPS;
    let on_v_side = (p.x - rect.x).abs() < EPS || (p.x - rect.right()).abs() < EPS;
    let within_x = p.x >= rect.x - EPS && p.x <= rect.right() + EPS;
    let within_y = p.y >= rect.y - EPS && p.y <= rect.bottom() + EPS;
    match shape {
        // Ports are only on the flat parts of top and bottom, so the rect test suffices for
        // rounded boxes as long as the point is clear of the corners (checked by `flat`).
        Shape::Rect | Shape::Rounded => (on_h_side && within_x) || (on_v_side && within_y),
        Shape::Hexagon => {
            let inset = 0.25 * rect.height;
            on_h_side && p.x >= rect.x + inset - EPS && p.x <= rect.right() - inset + EPS
        }
    }
}

/// Whether the open segment a→b passes through the interior of `rect` (sampled finely).
pub fn segment_enters(a: Point, b: Point, rect: &Rect) -> bool {
    let inner = rect.expand(-0.5, -0.5, -0.5, -0.5);
    let steps = (a.distance(b) / 0.5).ceil().max(1.0) as usize;
    (1..steps).any(|i| {
        let p = a.lerp(b, i as f64 / steps as f64);
        p.x > inner.x && p.x < inner.right() && p.y > inner.y && p.y < inner.bottom()
    })
}

/// Every rule, with a message naming what broke.
pub fn check_rules(graph: &Graph, out: &Layout) -> Result<(), String> {
    let canvas = Rect::new(0.0, 0.0, out.width, out.height);
    let name = |i: usize| graph.nodes[i].id.clone();
    for (i, a) in out.nodes.iter().enumerate() {
        if !canvas.contains_rect(&a.rect) {
            return Err(format!("node {} leaves the canvas", name(i)));
        }
        for (j, b) in out.nodes.iter().enumerate().skip(i + 1) {
            if a.rect.overlaps(&b.rect) {
                return Err(format!("nodes {} and {} overlap", name(i), name(j)));
            }
        }
    }
    for (ei, (edge, route)) in graph.edges.iter().zip(&out.edges).enumerate() {
        let id = graph.edge_id(edge);
        let (first, last) = match (route.points.first(), route.points.last()) {
            (Some(f), Some(l)) if route.points.len() >= 2 => (*f, *l),
            _ => return Err(format!("edge {id} has no route")),
        };
        let from = &out.nodes[edge.from];
        let to = &out.nodes[edge.to];
        if !on_border(first, &from.rect, from.shape) {
            return Err(format!(
                "edge {id} starts off {}'s border at {first:?}",
                name(edge.from)
            ));
        }
        if !on_border(last, &to.rect, to.shape) {
            return Err(format!(
                "edge {id} ends off {}'s border at {last:?}",
                name(edge.to)
            ));
        }
        for seg in route.points.windows(2) {
            for (k, node) in out.nodes.iter().enumerate() {
                if segment_enters(seg[0], seg[1], &node.rect) {
                    return Err(format!("edge {id} crosses node {}", name(k)));
                }
            }
        }
        if let Some(label) = route.label {
            if !canvas.contains_rect(&label) {
                return Err(format!("label of {id} leaves the canvas"));
            }
            for (k, node) in out.nodes.iter().enumerate() {
                if label.overlaps(&node.rect) {
                    return Err(format!("label of {id} covers node {}", name(k)));
                }
            }
            for (g, group) in out.groups.iter().enumerate() {
                if label.overlaps(&group.rect) {
                    return Err(format!("label of {id} covers group {}", graph.groups[g].id));
                }
            }
            for other in out.edges.iter().skip(ei + 1) {
                if other.label.is_some_and(|o| o.overlaps(&label)) {
                    return Err(format!("label of {id} covers another label"));
                }
            }
        }
    }
    for (g, group) in out.groups.iter().enumerate() {
        for (i, node) in graph.nodes.iter().enumerate() {
            let member = node.group == Some(g);
            let rect = &out.nodes[i].rect;
            if member && !group.rect.contains_rect(rect) {
                return Err(format!(
                    "group {} does not hold {}",
                    graph.groups[g].id,
                    name(i)
                ));
            }
            if !member && group.rect.overlaps(rect) {
                return Err(format!("group {} covers {}", graph.groups[g].id, name(i)));
            }
        }
    }
    Ok(())
}
