//! pv-playground's page: the Yew view over `pv_core` and `pv_engine`, compiled for wasm32 only.
//! It renders what the core computed and turns the user's clicks into the session's actions;
//! natively this library is empty (the core's crates are tested on their own).
// Unit tests sort with the standard library; clippy.toml's size rule is the page's.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

#[cfg(target_arch = "wasm32")]
pub mod web;
