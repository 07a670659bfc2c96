//! The simulated control loop and everything it reads: objects with Kubernetes' field names,
//! quantities, validation. Pure, deterministic Rust with no browser dependency and no I/O.

pub mod objects;
pub mod quantity;
pub mod time;
pub mod validation;
pub mod value;
