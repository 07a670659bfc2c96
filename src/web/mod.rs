//! The Yew view (wasm32 only): renders diagrams and, in later issues, the engine's state; it
//! holds no Kubernetes rule.

mod app;
mod cluster_graph;
mod flowchart;
mod kubectl;
mod lesson;
mod lifecycle;
mod mermaid;
mod objects;
mod perf;
mod persistence;
mod yaml_panel;

pub use app::{App, AppProps};
pub use cluster_graph::{ClusterGraphView, ClusterGraphViewProps};
pub use flowchart::{FlowchartView, FlowchartViewProps};
pub use kubectl::{EventLog, KubectlTable};
pub use lesson::{LessonPlayer, LessonPlayerProps, Lessons, LessonsProps};
pub use lifecycle::{LifecycleView, LifecycleViewProps};
pub use mermaid::{MermaidExport, MermaidExportProps};
pub use objects::Objects;

use crate::engine::Cluster;
use std::rc::Rc;

use std::sync::atomic::{AtomicUsize, Ordering};

/// Mounts the playground into `#app`, or into `<body>` when the page has no such element.
pub fn start() {
    // The standalone page owns its address and storage, so it saves and restores sessions.
    let standalone = AppProps { persist: true };
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(element) => {
            yew::Renderer::<App>::with_root_and_props(element, standalone).render();
        }
        None => {
            yew::Renderer::<App>::with_props(standalone).render();
        }
    }
}

/// A prefix unique to this page for the ids one widget instance puts in the document
/// (SVG markers, title and description), so several widgets never share an id.
pub(crate) fn unique_prefix(kind: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("pvp-{kind}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A cluster compared by identity: memos and props keyed on it recompute when the session
/// holds a new cluster, without comparing clusters object by object on every render.
#[derive(Clone)]
pub struct Same(pub Rc<Cluster>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
