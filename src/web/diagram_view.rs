//! Draws a laid-out graph as inline SVG: groups, edges with labels, nodes with styled text.
//! Each node carries `data-node`, each edge `data-edge` (`from-to`): the contract for styles
//! and tests. Every diagram (the live flowchart, the cluster graph) is drawn by this one
//! component, and walked from the keyboard the same way.
//!
//! Keyboard: the SVG stays a single `role="img"` (its nodes are not ARIA widgets, which axe
//! would refuse inside an image); the frame around it is one tab stop, a labelled group.
//! Arrow keys (and Home/End) move a visible focus ring through the nodes in reading order,
//! a polite live region reads the node reached, and Enter or Space chooses a node that has
//! a choice (a claim in the cluster graph), as a click does.

use super::unique_prefix;
use pv_core::diagram::flowchart::ids::REQUIREMENTS;
use pv_core::diagram::graph::Node;
use pv_core::diagram::svg::{fmt, hexagon_points, rounded_path, EDGE_CORNER_RADIUS};
use pv_core::diagram::{announce, describe, reading_order, Direction, Graph, Layout, NodeBox};
use pv_core::diagram::{Path, Shape};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagramViewProps {
    pub graph: Rc<Graph>,
    pub layout: Rc<Layout>,
    /// The accessible name of the drawing.
    pub title: AttrValue,
    /// Marks the path a claim took; without it the plain flowchart is drawn.
    #[prop_or_default]
    pub highlight: Option<Rc<Path>>,
    /// The text description; by default the graph's nodes and edges in words.
    #[prop_or_default]
    pub description: Option<AttrValue>,
    /// The direction the layout ran in, which sets the keyboard's reading order.
    #[prop_or_default]
    pub direction: Direction,
    /// Extra classes for the SVG (its look) and for the frame (its size and scrolling).
    #[prop_or_default]
    pub svg_class: Classes,
    #[prop_or_default]
    pub frame_class: Classes,
    /// For each node, what choosing it (click, Enter, Space) sends to `on_choose`.
    #[prop_or_default]
    pub choices: Option<Rc<Vec<Option<String>>>>,
    #[prop_or_default]
    pub on_choose: Callback<String>,
    /// The choice currently in effect: its node is marked `data-chosen`.
    #[prop_or_default]
    pub chosen: Option<AttrValue>,
    /// Read after a choosable node's text (what Enter would do).
    #[prop_or_default]
    pub choose_hint: AttrValue,
    /// The last controller pass: for each box it touched (a node id, or a group id), its
    /// place (1-based) in the order of the pass. The boxes light up in that order and carry
    /// the number, so the order shows without motion or colour.
    #[prop_or_default]
    pub pass_marks: Option<Rc<Vec<(&'static str, usize)>>>,
    /// Changes with every pass, so the lighting replays even on the same boxes.
    #[prop_or_default]
    pub pass_key: usize,
}

#[function_component(DiagramView)]
pub fn flowchart_view(props: &DiagramViewProps) -> Html {
    let prefix = use_memo((), |_| unique_prefix("flow"));
    let description = use_memo(
        (
            props.graph.clone(),
            props.highlight.clone(),
            props.description.clone(),
        ),
        |(graph, highlight, given)| match (given, highlight) {
            (Some(text), _) => text.to_string(),
            (None, Some(h)) => format!("{} {}", h.summary, describe(graph)),
            (None, None) => describe(graph),
        },
    );
    let order = use_memo((props.layout.clone(), props.direction), |(layout, dir)| {
        reading_order(layout, *dir)
    });
    // Where the keyboard is in `order`; None until the frame is first focused.
    let at = use_state(|| None::<usize>);
    let frame = use_node_ref();
    let at_node = (*at)
        .and_then(|k| order.get(k.min(order.len().saturating_sub(1))))
        .copied();
    let choice_of = |i: usize| -> Option<String> {
        props
            .choices
            .as_ref()
            .and_then(|c| c.get(i).cloned().flatten())
    };
    let announcement = at_node.map(|i| {
        let position = order.iter().position(|&n| n == i).unwrap_or(0) + 1;
        let text = announce(
            &props.graph,
            i,
            (position, order.len()),
            props.highlight.as_deref(),
        );
        match choice_of(i) {
            Some(_) if !props.choose_hint.is_empty() => format!("{text} {}", props.choose_hint),
            _ => text,
        }
    });

    let on_key = {
        let (at, order, frame, graph) = (
            at.clone(),
            order.clone(),
            frame.clone(),
            props.graph.clone(),
        );
        let (choices, on_choose) = (props.choices.clone(), props.on_choose.clone());
        Callback::from(move |event: KeyboardEvent| {
            let last = order.len().saturating_sub(1);
            let current = (*at).unwrap_or(0).min(last);
            let next = match event.key().as_str() {
                "ArrowDown" | "ArrowRight" => (current + 1).min(last),
                "ArrowUp" | "ArrowLeft" => current.saturating_sub(1),
                "Home" => 0,
                "End" => last,
                "Enter" | " " => {
                    let choice = order
                        .get(current)
                        .and_then(|&i| choices.as_ref()?.get(i).cloned().flatten());
                    if let Some(choice) = choice {
                        event.prevent_default();
                        on_choose.emit(choice);
                    }
                    return;
                }
                _ => return,
            };
            // The keys move the ring, not the page.
            event.prevent_default();
            if order.is_empty() {
                return;
            }
            at.set(Some(next));
            if let Some(&i) = order.get(next) {
                scroll_to_node(&frame, &graph.nodes[i].id);
            }
        })
    };
    let on_focus = {
        let at = at.clone();
        Callback::from(move |_: FocusEvent| {
            if at.is_none() {
                at.set(Some(0));
            }
        })
    };

    let highlight = props.highlight.as_deref();
    let edge_taken = |id: &str| highlight.map(|h| h.edges.contains(id));
    let node_state = |id: &str| {
        highlight.map(|h| {
            (
                h.nodes.contains(id),
                h.blocked.as_ref().is_some_and(|(node, _)| *node == id),
            )
        })
    };
    let (graph, placed) = (&*props.graph, &*props.layout);
    let title_id = format!("{prefix}-title");
    let desc_id = format!("{prefix}-desc");
    let hint_id = format!("{prefix}-keys");
    let arrow_id = format!("{prefix}-arrow");
    let arrow_ref = format!("url(#{arrow_id})");

    // Group frames go under the edges and their titles over them (with a halo), so an edge
    // entering a group never hides the group's name.
    let pass_step = |id: &str| {
        props
            .pass_marks
            .as_ref()
            .and_then(|marks| marks.iter().find(|(b, _)| *b == id).map(|(_, k)| *k))
    };
    let group_frames = graph.groups.iter().zip(&placed.groups).map(|(group, at)| {
        let step = pass_step(&group.id);
        html! {
            <rect class={classes!("pvp-group", step.map(|_| "pvp-lit"))} data-group={group.id.clone()}
                  data-pass-step={step.map(|k| k.to_string())}
                  style={step.map(|k| format!("--pvp-step:{}", k - 1))}
                  x={fmt(at.rect.x)} y={fmt(at.rect.y)}
                  width={fmt(at.rect.width)} height={fmt(at.rect.height)} rx="4" />
        }
    });
    // The pass's order as numbers at the top-left corner of each box it touched.
    let badges = placed
        .nodes
        .iter()
        .zip(&graph.nodes)
        .filter_map(|(at, node)| Some((at.rect, pass_step(&node.id)?)))
        .chain(
            placed
                .groups
                .iter()
                .zip(&graph.groups)
                .filter_map(|(at, group)| Some((at.rect, pass_step(&group.id)?))),
        )
        .map(|(rect, k)| {
            html! {
                <g class="pvp-pass-badge" style={format!("--pvp-step:{}", k - 1)} aria-hidden="true">
                    <circle cx={fmt(rect.x)} cy={fmt(rect.y)} r="10" />
                    <text x={fmt(rect.x)} y={fmt(rect.y)} text-anchor="middle"
                          dominant-baseline="central">{ k }</text>
                </g>
            }
        });
    let group_titles = graph.groups.iter().zip(&placed.groups).map(|(group, at)| {
        html! {
            <text class="pvp-group-title" x={fmt(at.title_centre.x)} y={fmt(at.title_centre.y)}
                  text-anchor="middle" dominant-baseline="central">{ &group.title }</text>
        }
    });
    let edges = graph.edges.iter().zip(&placed.edges).map(|(edge, route)| {
        let label = match (&edge.label, route.label) {
            (Some(text), Some(at)) => html! {
                <g class="pvp-edge-label">
                    <rect x={fmt(at.x)} y={fmt(at.y)} width={fmt(at.width)}
                          height={fmt(at.height)} rx="3" />
                    <text x={fmt(at.centre().x)} y={fmt(at.centre().y)}
                          text-anchor="middle" dominant-baseline="central">{ text }</text>
                </g>
            },
            _ => html! {},
        };
        let id = graph.edge_id(edge);
        let taken = edge_taken(&id);
        html! {
            <g class={classes!("pvp-edge", taken.map(|t| if t { "pvp-taken" } else { "pvp-not-taken" }))}
               data-edge={id} data-taken={taken.map(|t| t.to_string())}>
                <path d={rounded_path(&route.points, EDGE_CORNER_RADIUS)}
                      marker-end={arrow_ref.clone()} />
                { label }
            </g>
        }
    });
    let nodes = graph
        .nodes
        .iter()
        .zip(&placed.nodes)
        .enumerate()
        .map(|(i, (node, placed_at))| {
            let choice = choice_of(i);
            let chosen = choice.is_some() && choice.as_deref() == props.chosen.as_deref();
            let on_click = choice.map(|choice| {
                let (at_state, on_choose, order) =
                    (at.clone(), props.on_choose.clone(), order.clone());
                Callback::from(move |_: MouseEvent| {
                    at_state.set(order.iter().position(|&n| n == i));
                    on_choose.emit(choice.clone());
                })
            });
            node_html(
                node,
                placed_at,
                NodeMarks {
                    state: node_state(&node.id),
                    chosen,
                    on_click,
                    pass_step: pass_step(&node.id),
                    unmet: highlight.is_some_and(|h| h.unmet) && node.id == REQUIREMENTS,
                },
            )
        });
    let ring = at_node
        .and_then(|i| placed.nodes.get(i))
        .map(|n| n.rect.expand(5.0, 5.0, 5.0, 5.0));

    html! {
        <div class={classes!("pvp-diagram", props.frame_class.clone())} ref={frame} tabindex="0"
             role="group" aria-label={format!("{} (diagram)", props.title)}
             aria-describedby={hint_id.clone()} onkeydown={on_key} onfocus={on_focus}>
            <svg class={classes!("pvp-flowchart", highlight.is_some().then_some("pvp-live"), props.svg_class.clone())}
                 role="img" aria-labelledby={title_id.clone()} aria-describedby={desc_id.clone()}
                 viewBox={format!("0 0 {} {}", fmt(placed.width), fmt(placed.height))}
                 width={fmt(placed.width)} height={fmt(placed.height)}
                 xmlns="http://www.w3.org/2000/svg">
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ (*description).clone() }</desc>
                <defs>
                    <marker id={arrow_id} class="pvp-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse"
                            orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" />
                    </marker>
                </defs>
                // Keyed by the pass: a new pass makes new elements, so the lighting replays.
                <g key={props.pass_key.to_string()}>
                    { for group_frames }
                    { for edges }
                    { for group_titles }
                    { for nodes }
                    { for badges }
                </g>
                if let Some(r) = ring {
                    <rect class="pvp-focus-ring" x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.width)}
                          height={fmt(r.height)} rx="8" />
                }
            </svg>
            <p id={hint_id} class="pvp-visually-hidden">
                { "Arrow keys move through the boxes in reading order; Home and End go to the first and last." }
            </p>
            <p class="pvp-visually-hidden pvp-walk-status" aria-live="polite">
                { announcement.unwrap_or_default() }
            </p>
        </div>
    }
}

/// Brings the node with `id` into the frame's view (a tall cluster graph scrolls).
fn scroll_to_node(frame: &NodeRef, id: &str) {
    let Some(frame) = frame.cast::<web_sys::Element>() else {
        return;
    };
    if let Ok(Some(node)) = frame.query_selector(&format!("[data-node=\"{id}\"]")) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        node.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// How one node is marked: (on the path, path blocked here) when a path is highlighted;
/// whether it is the choice in effect; what a click on it does.
struct NodeMarks {
    state: Option<(bool, bool)>,
    chosen: bool,
    on_click: Option<Callback<MouseEvent>>,
    /// Its place in the last pass's order, if the pass touched it.
    pass_step: Option<usize>,
    /// The requirements box of a claim blocked on some of its requirements.
    unmet: bool,
}

fn node_html(node: &Node, at: &NodeBox, marks: NodeMarks) -> Html {
    let r = at.rect;
    let shape = match at.shape {
        Shape::Hexagon => html! { <polygon class="pvp-shape" points={hexagon_points(&r)} /> },
        Shape::Rect | Shape::Rounded => {
            let radius = if at.shape == Shape::Rounded {
                "10"
            } else {
                "2"
            };
            html! {
                <rect class="pvp-shape" x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.width)}
                      height={fmt(r.height)} rx={radius} />
            }
        }
    };
    let lines = node
        .label
        .lines
        .iter()
        .zip(&at.line_centres)
        .map(|(line, c)| {
            html! {
                <text x={fmt(c.x)} y={fmt(c.y)} text-anchor="middle" dominant-baseline="central">
                    { for line.spans.iter().map(|s| if s.bold {
                        html! { <tspan font-weight="bold">{ &s.text }</tspan> }
                    } else {
                        html! { <tspan>{ &s.text }</tspan> }
                    }) }
                </text>
            }
        });
    let taken = marks.state.map(|(taken, _)| taken);
    let blocked = marks.state.is_some_and(|(_, blocked)| blocked);
    let class = classes!(
        "pvp-node",
        node.class.css(),
        taken.map(|t| if t { "pvp-taken" } else { "pvp-not-taken" }),
        blocked.then_some("pvp-blocked"),
        marks.on_click.is_some().then_some("pvp-choosable"),
        marks.chosen.then_some("pvp-chosen-node"),
        marks.pass_step.map(|_| "pvp-lit"),
        marks.unmet.then_some("pvp-unmet"),
    );
    html! {
        <g class={class} data-node={node.id.clone()} data-taken={taken.map(|t| t.to_string())}
           data-blocked={blocked.then_some("true")} data-chosen={marks.chosen.then_some("true")}
           data-pass-step={marks.pass_step.map(|k| k.to_string())}
           data-unmet={marks.unmet.then_some("true")}
           style={marks.pass_step.map(|k| format!("--pvp-step:{}", k - 1))}
           onclick={marks.on_click}>
            { shape }
            { for lines }
        </g>
    }
}
