//! The standalone page's root component: a header and the seed flowchart.

use super::flowchart::FlowchartView;
use crate::diagram::{layout, seed_flowchart, LayoutOptions};
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    // The flowchart depends on nothing yet: build and lay it out once per mount.
    let diagram = use_memo((), |_| {
        let graph = seed_flowchart();
        let placed = layout(&graph, &LayoutOptions::default());
        (Rc::new(graph), Rc::new(placed))
    });
    let (graph, placed) = (*diagram).clone();
    html! {
        <div class="pvp">
            <header class="pvp-header">
                <h1>{ "pv-playground" }</h1>
                <p>{ "How Kubernetes gives a PersistentVolumeClaim its PersistentVolume." }</p>
            </header>
            <figure class="pvp-figure">
                <FlowchartView
                    graph={graph}
                    layout={placed}
                    title="How a claim gets a volume: static or dynamic provisioning"
                />
                <figcaption>
                    { "A claim states its requirements. If a suitable volume already exists, \
                       Kubernetes binds it (static provisioning); if not, a StorageClass \
                       creates a new one (dynamic provisioning)." }
                </figcaption>
            </figure>
        </div>
    }
}
