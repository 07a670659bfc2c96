//! The cluster graph on the page: every object with its status, drawn by the shared diagram
//! view in a scrolling frame; choosing a claim (click, Enter) makes the live flowchart follow
//! it. A button adds a generated 200-object workload, to see the graph (and the engine) at
//! the scale of a real team's namespace.

use super::diagram_view::DiagramView;
use super::mermaid::MermaidExport;
use super::ClusterIdentity;
use pv_core::diagram::{
    cluster_graph_around, cluster_layout_options, layout, Direction, MAX_DRAWN_OBJECTS,
};
use pv_core::jobs::thousands;
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
    /// Whether a Flowchart tab sits beside the graph (not in a `view="cluster"` widget).
    #[prop_or(true)]
    pub beside_flowchart: bool,
}

#[function_component(ClusterGraphView)]
pub fn cluster_graph_view(props: &ClusterGraphViewProps) -> Html {
    let heading = use_memo((), |_| super::unique_prefix("graph"));
    // Layout depends only on the cluster (and, past the cap, on the claim followed):
    // recomputed when the session holds a new one.
    let ClusterIdentity(cluster) = &props.cluster;
    let around = (cluster.object_count() > MAX_DRAWN_OBJECTS).then(|| props.selected.clone());
    let drawn = use_memo(
        (props.cluster.clone(), around),
        |(ClusterIdentity(cluster), around)| {
            let model = cluster_graph_around(cluster, around.as_deref());
            let placed = layout(&model.graph, &cluster_layout_options());
            (
                Rc::new(model.graph),
                Rc::new(placed),
                Rc::new(model.claims),
                AttrValue::from(model.description),
                (model.objects, model.complete),
            )
        },
    );
    let (graph, placed, claims, description, (objects, complete)) = (*drawn).clone();
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
    let help = if complete {
        let choose = if props.beside_flowchart {
            "Choose a claim (click, or Enter from the keyboard) to follow it on the Flowchart tab."
        } else {
            "Choose a claim (click, or Enter from the keyboard) to mark it."
        };
        let all = if count == 1 {
            "One object".to_owned()
        } else {
            format!("All {count} objects")
        };
        format!("{all}: pods mount claims and run on nodes, claims are bound to volumes, classes provision volumes. Each box says its status. {choose}")
    } else {
        format!(
            "The cluster holds {} objects; the graph draws at most {MAX_DRAWN_OBJECTS}, so it shows the {count} around the claim followed ({}): its volume, the classes, the pods that mount it and the Nodes. Follow another claim to see its neighbourhood; the Objects tab's tables list every object.",
            thousands(objects as u64),
            props.selected
        )
    };
    html! {
        <section class="pvp-graph" aria-labelledby={heading.to_string()}>
            <h2 id={heading.to_string()}>{ "Cluster graph" }</h2>
            <p class="pvp-graph-help">{ help }</p>
            <DiagramView
                graph={graph.clone()}
                layout={placed}
                title={if complete { format!("Cluster graph: {count} objects") } else { format!("Cluster graph: {count} of {objects} objects") }}
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
