//! The lean widget's entry point: scripts/build-widget.sh builds this binary for wasm32
//! without the `full` feature, so the module exports the compact explainer
//! (`mountExplainer`, `web/explainer.rs`) and nothing of the full playground. It mounts nothing
//! by itself: the embedding script calls it.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Keeps the library (and its wasm-bindgen exports) linked into this binary.
    pv_playground::web::linked();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "pv-explainer is the embeds' lean wasm module: bash scripts/build-widget.sh builds it."
    );
    std::process::exit(2);
}
