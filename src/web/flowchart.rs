//! Draws a laid-out graph as inline SVG: groups, edges with labels, nodes with styled text.
//! Each node carries `data-node`, each edge `data-edge` (`from-to`): the contract for styles
//! and tests.

use super::unique_prefix;
use crate::diagram::graph::Node;
use crate::diagram::svg::{fmt, hexagon_points, rounded_path, EDGE_CORNER_RADIUS};
use crate::diagram::{describe, Graph, Layout, NodeBox, Path, Shape};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FlowchartViewProps {
    pub graph: Rc<Graph>,
    pub layout: Rc<Layout>,
    /// The accessible name of the drawing.
    pub title: AttrValue,
    /// Marks the path a claim took; without it the plain flowchart is drawn.
    #[prop_or_default]
    pub highlight: Option<Rc<Path>>,
}

#[function_component(FlowchartView)]
pub fn flowchart_view(props: &FlowchartViewProps) -> Html {
    let prefix = use_memo((), |_| unique_prefix("flow"));
    let description = use_memo(
        (props.graph.clone(), props.highlight.clone()),
        |(graph, highlight)| match highlight {
            Some(h) => format!("{} {}", h.summary, describe(graph)),
            None => describe(graph),
        },
    );
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
    let arrow_id = format!("{prefix}-arrow");
    let arrow_ref = format!("url(#{arrow_id})");

    // Group frames go under the edges and their titles over them (with a halo), so an edge
    // entering a group never hides the group's name.
    let group_frames = graph.groups.iter().zip(&placed.groups).map(|(group, at)| {
        html! {
            <rect class="pvp-group" data-group={group.id.clone()}
                  x={fmt(at.rect.x)} y={fmt(at.rect.y)}
                  width={fmt(at.rect.width)} height={fmt(at.rect.height)} rx="4" />
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
        .map(|(node, at)| node_html(node, at, node_state(&node.id)));

    html! {
        <svg class={classes!("pvp-flowchart", highlight.is_some().then_some("pvp-live"))} role="img"
             aria-labelledby={title_id.clone()} aria-describedby={desc_id.clone()}
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
            { for group_frames }
            { for edges }
            { for group_titles }
            { for nodes }
        </svg>
    }
}

/// One node; `state` is (on the path, path blocked here) when a path is highlighted.
fn node_html(node: &Node, at: &NodeBox, state: Option<(bool, bool)>) -> Html {
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
    let taken = state.map(|(taken, _)| taken);
    let blocked = state.is_some_and(|(_, blocked)| blocked);
    let class = classes!(
        "pvp-node",
        node.class.css(),
        taken.map(|t| if t { "pvp-taken" } else { "pvp-not-taken" }),
        blocked.then_some("pvp-blocked"),
    );
    html! {
        <g class={class} data-node={node.id.clone()} data-taken={taken.map(|t| t.to_string())}
           data-blocked={blocked.then_some("true")}>
            { shape }
            { for lines }
        </g>
    }
}
