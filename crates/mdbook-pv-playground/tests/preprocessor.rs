//! The preprocessor as mdBook runs it: `supports`, a book through stdin and stdout, and
//! `install`'s edits to book.toml.

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdbook-pv-playground"))
}

const CHAPTER: &str = "# Binding\n\nText.\n\n```pv-playground view=flow knobs=\"request accessModes\" readonly\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-a}\nspec:\n  capacity: {storage: 5Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /a}\n\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: \"\"\n  resources: {requests: {storage: 1Gi}}\n```\n\n```yaml\nkept: as it is\n```\n";

fn run(book: &serde_json::Value) -> (i32, serde_json::Value, String) {
    let mut child = bin()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::json!([{"root": "/b", "config": {}, "renderer": "html", "mdbook_version": "0.5.4"}, book]);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let book = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        book,
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn chapter(content: &str) -> serde_json::Value {
    serde_json::json!({"Chapter": {"name": "Binding", "content": content, "number": [1], "sub_items": [], "path": "binding.md", "source_path": "binding.md", "parent_names": []}})
}

#[test]
fn supports_html_only() {
    assert_eq!(
        bin().args(["supports", "html"]).status().unwrap().code(),
        Some(0)
    );
    assert_eq!(
        bin().args(["supports", "epub"]).status().unwrap().code(),
        Some(1)
    );
}

#[test]
fn a_fence_becomes_a_prerendered_widget_and_other_fences_stay() {
    let (code, book, stderr) = run(&serde_json::json!({"items": [chapter(CHAPTER), "Separator"]}));
    assert_eq!(code, 0, "{stderr}");
    let content = book["items"][0]["Chapter"]["content"].as_str().unwrap();
    let widget = content
        .lines()
        .find(|l| l.starts_with("<div data-pv-playground"))
        .unwrap();
    assert!(
        widget.contains("data-view=\"flow\" data-knobs=\"request accessModes\" data-readonly=\"\"")
    );
    assert!(widget.contains("<template shadowrootmode=\"open\"><style>"));
    assert!(widget.contains("<svg class=\"pvp-flowchart pvp-live\""));
    assert!(widget.contains("data-yaml=\"apiVersion: v1&#10;"));
    // The blank line inside the manifests did not end the HTML block: it is all one line.
    assert!(content.contains("```yaml\nkept: as it is\n```"));
    assert!(content.starts_with("# Binding\n\nText.\n\n<div"));
    assert_eq!(book["items"][1], "Separator");
}

#[test]
fn a_bad_fence_is_reported_with_its_chapter_and_line() {
    let (code, _, stderr) = run(
        &serde_json::json!({"sections": [chapter("a\n```pv-playground view=bogus\nkind: PersistentVolumeClaim\n```\n")]}),
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "binding.md:2: view must be one of flow, cluster, tables, full; got \"bogus\""
        ),
        "{stderr}"
    );
}

#[test]
fn install_registers_the_preprocessor_and_the_loader_once() {
    let dir = std::env::temp_dir().join(format!("pvp-install-{}", std::process::id()));
    let (assets, book) = (dir.join("dist"), dir.join("book"));
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::create_dir_all(book.join("src")).unwrap();
    for f in [
        "pv-playground-embed.js",
        "pv-explainer.js",
        "pv-explainer_bg.wasm",
        "pv-playground.js",
        "pv-playground_bg.wasm",
        "pv-worker.js",
        "pv-worker_bg.wasm",
        "style.css",
    ] {
        std::fs::write(assets.join(f), f).unwrap();
    }
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"t\"\n\n[output.html]\nadditional-js = [\"other.js\"]\n",
    )
    .unwrap();
    for _ in 0..2 {
        let status = bin()
            .arg("install")
            .arg("--assets")
            .arg(&assets)
            .arg(&book)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0));
    }
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert_eq!(toml, "[book]\ntitle = \"t\"\n\n[output.html]\nadditional-js = [\"other.js\", \"pv-playground-loader.js\"]\n\n[preprocessor.pv-playground]\ncommand = \"mdbook-pv-playground\"\n");
    assert!(book.join("src/pv-playground/pv-explainer_bg.wasm").exists());
    assert!(
        std::fs::read_to_string(book.join("pv-playground-loader.js"))
            .unwrap()
            .contains("import(")
    );
    let missing = bin()
        .arg("install")
        .arg("--assets")
        .arg(dir.join("none"))
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}
