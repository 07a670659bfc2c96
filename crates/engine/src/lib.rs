//! The simulated control loop and everything it reads: objects with Kubernetes' field names,
//! quantities, validation, the PV controller, provisioner, scheduler and protection
//! controllers. Pure, deterministic Rust with no browser dependency and no I/O.
//!
//! "Rule book §N" (or just "§N") in this crate's comments is a section of
//! `docs/kubernetes-rules.md` at the repository's root: each rule there names the upstream
//! Kubernetes file and function it was read from, and `tests/scenarios/` holds a scenario
//! translated from upstream for each.
// Unit tests sort with the standard library; clippy.toml's size rule is the page's.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod annotations;
pub mod apimachinery;
pub mod claim_notes;
pub mod classes;
pub mod cluster;
pub mod demo;
mod deployment;
pub mod events;
pub mod expansion;
pub mod explain;
pub mod garbage_collector;
pub mod generate;
pub mod matching;
pub mod names;
pub mod objects;
pub mod parts;
pub mod protection;
pub mod provisioner;
mod pv_controller;
pub mod quantity;
mod replicaset;
pub mod scheduler;
pub mod sort;
pub mod statefulset;
pub mod system_fields;
pub mod time;
pub mod trace;
pub mod validation;
pub mod value;

pub use cluster::{ApiError, Cluster, Finalizers};
pub use pv_controller::NO_VOLUME_NO_CLASS;
