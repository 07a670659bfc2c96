//! The pure layers above the engine, with no browser crate: Kubernetes YAML in and out and
//! kubectl's tables (`manifest`), diagrams as data (`diagram`), scenarios and lessons
//! (`scenario`), the learner's session as a reducer (`session`), Diagnose over a real dump
//! (`diagnose`), the forms as data (`forms`), an embedded widget's settings (`embed`) and saved
//! sessions (`persist`), and the page's workspace: its tabs and what to try next (`workspace`),
//! and the claim picker's search past a few hundred claims (`picker`).
// Unit tests sort with the standard library; clippy.toml's size rule is the page's.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod console;
pub mod diagnose;
pub mod diagram;
pub mod embed;
pub mod explainer;
pub mod forms;
pub mod jobs;
pub mod knobs;
pub mod manifest;
pub mod persist;
pub mod picker;
pub mod prerender;
pub mod problem;
pub mod scenario;
pub mod session;
pub mod transfer;
pub mod workspace;
