//! The cluster graph on the page: every object with its status, drawn by the shared diagram
//! view in a scrolling frame; choosing a claim (click, Enter) makes the live flowchart follow
//! it. A button adds a generated 200-object workload, to see the graph (and the engine) at
//! the scale of a real team's namespace.

use super::diagram_view::DiagramView;
use super::mermaid::MermaidExport;
use super::ClusterIdentity;
use pv_core::diagram::{cluster_graph, cluster_layout_options, layout, Direction};
use pv_core::session::{Action, Write};
use pv_engine::generate::random_workload;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterGraphViewProps {
    pub cluster: ClusterIdentity,
    /// The claim the flowchart follows (`ns/name`).
    pub selected: AttrValue,
    pub on_action: Callback<Action>,
    /// A read-only widget offers no generated workload.
    #[prop_or(false)]
    pub readonly: bool,
}

#[function_component(ClusterGraphView)]
pub fn cluster_graph_view(props: &ClusterGraphViewProps) -> Html {
    let heading = use_memo((), |_| super::unique_prefix("graph"));
    // Layout depends only on the cluster: recomputed when the session holds a new one.
    let drawn = use_memo(props.cluster.clone(), |ClusterIdentity(cluster)| {
        let model = cluster_graph(cluster);
        let placed = layout(&model.graph, &cluster_layout_options());
        (
            Rc::new(model.graph),
            Rc::new(placed),
            Rc::new(model.claims),
            AttrValue::from(model.description),
        )
    });
    let (graph, placed, claims, description) = (*drawn).clone();
    let on_choose = props.on_action.reform(Action::Select);
    let add_workload = props.on_action.reform(|_: MouseEvent| {
        Action::Apply(
            random_workload(200, 1)
                .into_iter()
                .map(Write::keeping_finalizers)
                .collect(),
        )
    });
    let count = graph.nodes.len();
    html! {
        <section class="pvp-graph" aria-labelledby={heading.to_string()}>
            <h2 id={heading.to_string()}>{ "Cluster graph" }</h2>
            <p class="pvp-graph-help">
                { format!("All {count} objects: pods mount claims and run on nodes, claims are bound to volumes, classes provision volumes. Each box says its status. Choose a claim (click, or Enter from the keyboard) to follow it on the Flowchart tab.") }
            </p>
            <DiagramView
                graph={graph.clone()}
                layout={placed}
                title={format!("Cluster graph: {count} objects")}
                description={Some(description)}
                direction={Direction::LeftToRight}
                svg_class="pvp-cluster-graph"
                frame_class="pvp-graph-frame"
                choices={Some(claims)}
                on_choose={on_choose}
                chosen={Some(props.selected.clone())}
                choose_hint="Press Enter to follow this claim in the flowchart."
            />
            if !props.readonly {
                <p class="pvp-graph-actions">
                    <button type="button" onclick={add_workload}>{ "Add a generated workload (200 objects)" }</button>
                </p>
            }
            <MermaidExport what="cluster graph" graph={graph} />
        </section>
    }
}
