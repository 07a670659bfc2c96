//! Diagrams as data: graphs, their layered layout to geometry, and SVG path data. Pure Rust with
//! no browser dependency, so every layout rule is tested natively.

pub mod cluster_graph;
pub mod flowchart;
pub mod geometry;
pub mod graph;
pub mod layout;
pub mod lifecycle;
pub mod live;
pub mod markup;
pub mod mermaid;
pub mod pass;
pub mod svg;
pub mod text;
pub mod walk;

pub use cluster_graph::{
    cluster_graph, cluster_graph_around, cluster_layout_options, ClusterGraph, MAX_DRAWN_OBJECTS,
};
pub use flowchart::{describe, seed_flowchart};
pub use geometry::{Point, Rect};
pub use graph::{Edge, Graph, Group, Label, Line, Node, NodeClass, Shape, Span};
pub use layout::{layout, Direction, EdgeRoute, GroupBox, Layout, LayoutOptions, NodeBox};
pub use lifecycle::{
    lifecycle_list_html, volume_lifecycle_count, volume_lifecycles, volume_lifecycles_in, Stage,
    VolumeLifecycle,
};
pub use live::{live_flowchart, LiveFlowchart, Path};
pub use mermaid::{claim_mermaid, mermaid_sources, to_mermaid, MermaidSources};
pub use pass::{pass_on_flowchart, PassOnFlowchart, PassStep, POD_GROUP};
pub use walk::{announce, reading_order};
