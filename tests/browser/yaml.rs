//! The YAML panel in the browser: two documents applied together, a stream with one invalid
//! document refused whole with line and column, and the state shown as YAML (stored sessions:
//! `saved.rs`).

use crate::support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

const TWO_DOCUMENTS: &str = "\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-typed}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: typed, namespace: default}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 1Gi}}
";

/// The textarea labelled `label` (through its `<label for>`).
fn labelled_textarea(root: &Element, label: &str) -> HtmlTextAreaElement {
    let label = all(root, "label")
        .into_iter()
        .find(|l| text(l) == label)
        .expect("the label exists");
    let id = label.get_attribute("for").expect("a label for a control");
    one(root, &format!("textarea[id='{id}']"))
        .dyn_into()
        .unwrap()
}

async fn type_manifests(root: &Element, text: &str) {
    open_tab(root, "YAML").await;
    let area = labelled_textarea(root, "Manifests");
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// The state as YAML, shown first if it is hidden (as it is until asked for).
async fn state_yaml(root: &Element) -> String {
    if all(root, "[data-panel='yaml']:not([hidden])").is_empty() {
        open_tab(root, "YAML").await;
    }
    if all(root, ".pvp-yaml-state").is_empty() {
        click(root, "Show the state as YAML").await;
    }
    labelled_textarea(root, "Current state as YAML").value()
}

#[wasm_bindgen_test]
async fn two_valid_documents_are_applied_together() {
    let root = mount_app().await;
    type_manifests(&root, TWO_DOCUMENTS).await;
    click(&root, "Apply").await;
    let status = text(&one(&root, ".pvp-yaml-result"));
    assert_eq!(status, "Applied 2 objects.");
    let state = state_yaml(&root).await;
    assert!(state.contains("name: pv-typed\n"), "{state}");
    assert!(state.contains("name: typed\n"), "{state}");
    assert!(
        state.contains("volumeName: pv-typed"),
        "the claim bound: {state}"
    );
    let picker = text(&one(&root, ".pvp-picker select"));
    assert!(picker.contains("default/typed"), "{picker}");
}

#[wasm_bindgen_test]
async fn one_invalid_document_changes_nothing_and_shows_line_and_column() {
    let root = mount_app().await;
    let before = state_yaml(&root).await;
    let broken = TWO_DOCUMENTS.replace("namespace: default}", "namespace: default");
    type_manifests(&root, &broken).await;
    click(&root, "Apply").await;
    let alert = text(&one(&root, "[role='alert']"));
    assert!(alert.starts_with("Nothing was applied:"), "{alert}");
    // The mapping left open on line 12 is found unclosed where the next key starts.
    assert!(alert.contains("line 13, column 5: "), "{alert}");
    assert_eq!(
        state_yaml(&root).await,
        before,
        "not even the valid document was applied"
    );
    assert_eq!(
        labelled_textarea(&root, "Manifests").value(),
        broken,
        "the text stays"
    );
}

#[wasm_bindgen_test]
async fn the_state_is_shown_as_yaml() {
    let root = mount_app().await;
    let state = state_yaml(&root).await;
    for name in [
        "name: db-data\n",
        "name: pv-db\n",
        "kind: StorageClass\n",
        "phase: Bound\n",
    ] {
        assert!(state.contains(name), "{name} in {state}");
    }
    let buttons: Vec<String> = all(&root, ".pvp-yaml button").iter().map(text).collect();
    assert_eq!(
        buttons,
        ["Apply", "Hide the state as YAML", "Copy YAML"],
        "no Share without persistence"
    );
}
