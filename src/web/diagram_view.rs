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
use pv_core::diagram::markup::{description, svg, Drawing, PassMarks};
use pv_core::diagram::{announce, reading_order, Direction, Graph, Layout, Path};
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
    /// place (1-based) in the order of the pass (see `markup::PassMarks`).
    #[prop_or_default]
    pub pass_marks: Option<Rc<Vec<(&'static str, usize)>>>,
    /// Which pass that is (the lighting replays with every new one).
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
        |(graph, highlight, given)| match given {
            Some(text) => text.to_string(),
            None => description(graph, highlight.as_deref()),
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

    // The drawing is pv_core's markup (the same `pvsim render` prerenders for embeds);
    // clicks reach the node under the pointer through `data-node`.
    let ring = at_node
        .and_then(|i| props.layout.nodes.get(i))
        .map(|n| n.rect.expand(5.0, 5.0, 5.0, 5.0));
    let chosen_node = props.chosen.as_ref().and_then(|chosen| {
        (0..props.graph.nodes.len()).find(|&i| choice_of(i).as_deref() == Some(chosen.as_str()))
    });
    let markup = use_memo(
        (
            props.graph.clone(),
            props.layout.clone(),
            props.highlight.clone(),
            props.title.clone(),
            (*description).clone(),
            props.svg_class.to_string(),
            props.choices.clone(),
            chosen_node,
            ring,
            (props.pass_marks.clone(), props.pass_key),
        ),
        |(graph, placed, highlight, title, description, class, choices, chosen, ring, (marks, key))| {
            let choosable: Vec<bool> = (0..graph.nodes.len())
                .map(|i| {
                    choices
                        .as_ref()
                        .is_some_and(|c| c.get(i).is_some_and(Option::is_some))
                })
                .collect();
            AttrValue::from(svg(&Drawing {
                graph,
                layout: placed,
                prefix: &prefix,
                title,
                description,
                highlight: highlight.as_deref(),
                class,
                choosable: &choosable,
                chosen: *chosen,
                ring: *ring,
                pass: marks.as_ref().map(|boxes| PassMarks {
                    number: *key,
                    boxes,
                }),
            }))
        },
    );
    let on_click = {
        let (at, order, graph) = (at.clone(), order.clone(), props.graph.clone());
        let (choices, on_choose) = (props.choices.clone(), props.on_choose.clone());
        Callback::from(move |event: MouseEvent| {
            let node = event
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("[data-node]").ok().flatten())
                .and_then(|n| n.get_attribute("data-node"))
                .and_then(|id| graph.node_index(&id));
            let Some(i) = node else { return };
            if let Some(choice) = choices.as_ref().and_then(|c| c.get(i).cloned().flatten()) {
                at.set(order.iter().position(|&n| n == i));
                on_choose.emit(choice);
            }
        })
    };
    let hint_id = format!("{prefix}-keys");

    html! {
        <div class={classes!("pvp-diagram", props.frame_class.clone())} ref={frame} tabindex="0"
             role="group" aria-label={format!("{} (diagram)", props.title)}
             aria-describedby={hint_id.clone()} onkeydown={on_key} onfocus={on_focus}
             onclick={on_click}>
            { Html::from_html_unchecked((*markup).clone()) }
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
