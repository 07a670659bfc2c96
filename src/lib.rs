//! pv-playground: a simulator of Kubernetes persistent storage. The pure core (engine,
//! manifests, scenarios and lessons, diagrams, forms, diagnosis, the session) builds natively
//! and for wasm32; the Yew view is compiled for wasm32 only.

pub mod diagnose;
pub mod diagram;
pub mod embed;
pub mod engine;
pub mod forms;
pub mod manifest;
pub mod persist;
pub mod scenario;
pub mod session;
pub mod sort;

#[cfg(target_arch = "wasm32")]
pub mod web;
