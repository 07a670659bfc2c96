//! The simulated control loop and everything it reads: objects with Kubernetes' field names,
//! quantities, validation, the PV controller, provisioner, scheduler and protection
//! controllers. Pure, deterministic Rust with no browser dependency and no I/O.
//!
//! "Rule book §N" (or just "§N") in this crate's comments is a section of
//! `docs/kubernetes-rules.md` at the repository's root: each rule there names the upstream
//! Kubernetes file and function it was read from, and `tests/scenarios/` holds a scenario
//! translated from upstream for each.

pub mod annotations;
pub mod apimachinery;
pub mod classes;
pub mod cluster;
pub mod demo;
pub mod events;
pub mod explain;
pub mod generate;
pub mod matching;
pub mod objects;
mod protection;
pub mod provisioner;
mod pv_controller;
pub mod quantity;
pub mod scheduler;
pub mod sort;
pub mod time;
pub mod trace;
pub mod validation;
pub mod value;

pub use cluster::{ApiError, Cluster, Finalizers};
pub use pv_controller::NO_VOLUME_NO_CLASS;
