//! pv-worker: the page's Web Worker. The page posts it a job (a large YAML text to apply to a
//! state, a saved session or shared link to open, a widget's scenario or manifests to play, a
//! dump to diagnose); it runs `pv_core::jobs` on it, posts progress as it goes and the answer as
//! one transferable buffer (`pv_core::transfer`) that the page reads back in slices. It keeps
//! nothing between jobs. The page ends it to cancel a job (`src/web/worker.rs`).
//!
//! It is its own crate so that it carries none of the view (Yew) and is built for speed
//! (`[profile.worker]`, opt-level 3) while the page is built for size.

#[cfg(target_arch = "wasm32")]
mod protocol;

#[cfg(target_arch = "wasm32")]
fn main() {
    protocol::listen();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "pv-worker is pv-playground's Web Worker: Trunk builds it for the page (index.html)."
    );
    std::process::exit(2);
}
