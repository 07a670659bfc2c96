//! The browser app's entry point: Trunk builds this binary for wasm32 and loads it in
//! `index.html`. A native build only explains how to serve the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    pv_playground::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "pv-playground is a browser app: serve it with `bash scripts/serve.sh` and open \
         http://127.0.0.1:8080 (see README.md)."
    );
    std::process::exit(2);
}
