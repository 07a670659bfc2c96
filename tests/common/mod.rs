//! Helpers shared by the native integration tests.
#![allow(dead_code)] // each test binary uses its own subset

pub mod layout_check;
pub mod play;
