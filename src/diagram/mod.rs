//! Diagrams as data: graphs, their layered layout to geometry, and SVG path data. Pure Rust with
//! no browser dependency, so every layout rule is tested natively.

pub mod flowchart;
pub mod geometry;
pub mod graph;
pub mod layout;
pub mod live;
pub mod mermaid;
pub mod svg;
pub mod text;

pub use flowchart::{describe, seed_flowchart};
pub use geometry::{Point, Rect};
pub use graph::{Edge, Graph, Group, Label, Line, Node, NodeClass, Shape, Span};
pub use layout::{layout, EdgeRoute, GroupBox, Layout, LayoutOptions, NodeBox};
pub use live::{live_flowchart, LiveFlowchart, Path};
pub use mermaid::to_mermaid;
