//! The Yew view (wasm32 only): renders the engine's state, diagrams and explanations, and turns
//! clicks into the session's actions; it holds no Kubernetes rule.
//!
//! With the default `full` feature: the whole playground (Yew). Without it (the lean widget
//! build, `src/explainer_main.rs`): only the compact explainer (`explainer`), which needs no
//! Yew.

mod explainer;
pub use explainer::{mount_explainer, ExplainerWidget};

/// Items of the full playground only (the `full` feature).
macro_rules! full {
    ($($item:item)*) => { $( #[cfg(feature = "full")] $item )* };
}

full! {
    mod address;
    mod app;
    mod cluster_graph;
    mod console;
    mod controls;
    mod diagnose;
    mod diagram_view;
    mod embed;
    mod flow;
    mod jobs;
    mod kept_sessions;
    mod kubectl;
    mod lesson;
    mod lifecycle;
    mod mermaid;
    mod objects;
    mod pages;
    mod perf;
    mod persistence;
    mod see;
    mod tabs;
    mod verdict_card;
    mod worker;
    mod yaml_panel;

    pub use app::{App, AppProps, SessionState};
    pub use cluster_graph::{ClusterGraphView, ClusterGraphViewProps};
    pub use console::{Console, ConsoleProps};
    pub use diagnose::{Diagnose, DiagnoseProps};
    pub use diagram_view::{DiagramView, DiagramViewProps};
    pub use embed::{mount_widget, Bridge, Widget};
    pub use kept_sessions::{KeptSessions, KeptSessionsProps};
    pub use kubectl::{EventLog, KubectlTable};
    pub use lesson::{LessonPlayer, LessonPlayerProps, Lessons, LessonsProps};
    pub use lifecycle::{LifecycleView, LifecycleViewProps};
    pub use mermaid::{MermaidExport, MermaidExportProps};
    pub use objects::{EditRequest, Objects};
    pub use verdict_card::{VerdictCard, VerdictCardProps};

    use pv_engine::Cluster;
    use std::rc::Rc;

    /// A cluster compared by identity: memos and props keyed on it recompute when the
    /// session holds a new cluster, without comparing clusters object by object on every
    /// render.
    #[derive(Clone)]
    pub struct ClusterIdentity(pub Rc<Cluster>);

    impl PartialEq for ClusterIdentity {
        fn eq(&self, other: &Self) -> bool {
            Rc::ptr_eq(&self.0, &other.0)
        }
    }

    /// Runs `work` after the browser has painted what is on screen now (the next animation
    /// frame, then a task), so work that need not delay a frame does not.
    pub(crate) fn after_paint(work: impl FnOnce() + 'static) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return work();
        };
        let next = window.clone();
        let outer = Closure::once_into_js(move || {
            let inner = Closure::once_into_js(work);
            let _ = next.set_timeout_with_callback(inner.unchecked_ref());
        });
        let _ = window.request_animation_frame(outer.unchecked_ref());
    }

    /// Mounts the standalone page's playground into its `[data-pv-page]` element. The same
    /// wasm runs on pages that embed widgets (`mountWidget`): there no element has the
    /// attribute, so nothing is mounted (not even into a host's `#app`).
    pub fn start() {
        // The standalone page owns its address and storage, so it saves and restores sessions.
        let standalone = AppProps {
            persist: true,
            ..AppProps::default()
        };
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-pv-page]").ok().flatten());
        if let Some(element) = root {
            yew::Renderer::<App>::with_root_and_props(element, standalone).render();
        }
    }
}

/// Called by the lean binary's `main` so the library's exports are linked into it.
pub fn linked() {}

use std::sync::atomic::{AtomicUsize, Ordering};

/// A prefix unique to this page for the ids one widget instance puts in the document
/// (SVG markers, title and description), so several widgets never share an id.
pub(crate) fn unique_prefix(kind: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("pvp-{kind}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
