//! The Yew view (wasm32 only): renders diagrams and, in later issues, the engine's state; it
//! holds no Kubernetes rule.

mod app;
mod diagnose;
mod flowchart;
mod kubectl;
mod objects;
mod perf;

pub use app::App;
pub use diagnose::Diagnose;
pub use flowchart::{FlowchartView, FlowchartViewProps};
pub use kubectl::{EventLog, KubectlTable};
pub use objects::Objects;

use std::sync::atomic::{AtomicUsize, Ordering};

/// Mounts the playground into `#app`, or into `<body>` when the page has no such element.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(element) => {
            yew::Renderer::<App>::with_root(element).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// A prefix unique to this page for the ids one widget instance puts in the document
/// (SVG markers, title and description), so several widgets never share an id.
pub(crate) fn unique_prefix(kind: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("pvp-{kind}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
