//! The kubectl console in the browser: a command typed and entered prints kubectl's output in
//! the transcript (a log region), errors as standard error; ↑ recalls the last command; Tab
//! completes a verb and lists the candidates when several fit; `kubectl edit` opens the form;
//! Ctrl+L clears; a delete changes the cluster the rest of the page shows.

use crate::support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

fn prompt(root: &Element) -> HtmlTextAreaElement {
    let label = all(root, "label")
        .into_iter()
        .find(|l| text(l) == "kubectl command")
        .expect("the prompt is labelled");
    let id = label.get_attribute("for").expect("a label for the prompt");
    one(root, &format!("textarea[id='{id}']"))
        .dyn_into()
        .unwrap()
}

async fn type_line(root: &Element, line: &str) {
    let area = prompt(root);
    area.set_value(line);
    let _ = area.set_selection_range(line.len() as u32, line.len() as u32);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

async fn enter(root: &Element, line: &str) {
    type_line(root, line).await;
    press(&prompt(root), "Enter").await;
}

fn log(root: &Element) -> Element {
    one(root, ".pvp-console-log")
}

#[wasm_bindgen_test]
async fn a_command_prints_kubectls_output_in_a_log() {
    let root = mount_app().await;
    open_tab(&root, "Console").await;
    let log_region = log(&root);
    assert_eq!(log_region.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(
        log_region.get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    enter(&root, "kubectl get pvc -n shop").await;
    let entries = all(&root, ".pvp-console-entry");
    assert_eq!(entries.len(), 1);
    assert_eq!(
        text(&one(&entries[0], ".pvp-console-command")),
        "$ kubectl get pvc -n shop"
    );
    let out = text(&one(&entries[0], "[data-stream='stdout']"));
    assert!(out.starts_with("NAME      STATUS    VOLUME"), "{out}");
    assert!(out.contains("db-data   Bound     pv-db"), "{out}");
    assert_eq!(prompt(&root).value(), "", "the prompt is emptied");

    enter(&root, "kubectl get pvc nope -n shop").await;
    let err = text(&one(&root, ".pvp-console-err"));
    assert_eq!(
        err,
        "Error from server (NotFound): persistentvolumeclaims \"nope\" not found\n"
    );
}

#[wasm_bindgen_test]
async fn arrow_up_recalls_and_tab_completes() {
    let root = mount_app().await;
    open_tab(&root, "Console").await;
    enter(&root, "kubectl get sc").await;
    enter(&root, "kubectl get pv -o name").await;
    press(&prompt(&root), "ArrowUp").await;
    assert_eq!(prompt(&root).value(), "kubectl get pv -o name");
    press(&prompt(&root), "ArrowUp").await;
    assert_eq!(prompt(&root).value(), "kubectl get sc");
    press(&prompt(&root), "ArrowDown").await;
    assert_eq!(prompt(&root).value(), "kubectl get pv -o name");

    type_line(&root, "kubectl des").await;
    press(&prompt(&root), "Tab").await;
    assert_eq!(prompt(&root).value(), "kubectl describe ");
    type_line(&root, "kubectl describe pvc -n shop ").await;
    press(&prompt(&root), "Tab").await;
    let shown: Vec<String> = all(&root, ".pvp-console-candidates li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(shown, ["archive", "cache", "db-data", "reports"]);
}

#[wasm_bindgen_test]
async fn deleting_through_the_console_changes_the_page_and_edit_opens_the_form() {
    let root = mount_app().await;
    open_tab(&root, "Console").await;
    enter(
        &root,
        "kubectl delete pod web-0 -n shop && kubectl delete pvc db-data -n shop",
    )
    .await;
    let out = text(&log(&root));
    assert!(out.contains("pod \"web-0\" deleted"), "{out}");
    assert!(
        out.contains("persistentvolumeclaim \"db-data\" deleted"),
        "{out}"
    );
    let picker = text(&one(&root, ".pvp-picker select"));
    assert!(
        !picker.contains("shop/db-data"),
        "the claim is gone from the page: {picker}"
    );
    enter(
        &root,
        r#"kubectl patch pv pv-db -p '{"spec":{"claimRef":null}}'"#,
    )
    .await;
    assert!(text(&log(&root)).contains("persistentvolume/pv-db patched"));
    enter(&root, "kubectl get pv pv-db").await;
    let last = all(&root, ".pvp-console-entry").pop().unwrap();
    assert!(text(&last).contains("Available"), "{}", text(&last));

    enter(&root, "kubectl edit pvc cache -n shop").await;
    let form = text(&one(&root, ".pvp-form h3"));
    assert_eq!(form, "Edit PersistentVolumeClaim shop/cache");
    let shown = attribute_values(
        &root,
        ".pvp-act [role='tab'][aria-selected='true']",
        "data-tab",
    );
    assert_eq!(shown, ["objects"], "the form's tab shows");

    press_ctrl(&prompt(&root), "l", false).await;
    assert!(all(&root, ".pvp-console-entry").is_empty(), "Ctrl+L clears");
}

#[wasm_bindgen_test]
async fn an_open_here_document_waits_for_its_end() {
    let root = mount_app().await;
    open_tab(&root, "Console").await;
    type_line(&root, "kubectl apply -f - <<EOF\napiVersion: v1").await;
    press(&prompt(&root), "Enter").await;
    assert!(
        all(&root, ".pvp-console-entry").is_empty(),
        "nothing runs yet"
    );
    enter(
        &root,
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: logs, namespace: shop}\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: fast\n  resources: {requests: {storage: 1Gi}}\nEOF",
    )
    .await;
    let out = text(&one(&root, "[data-stream='stdout']"));
    assert_eq!(out, "persistentvolumeclaim/logs created\n");
}
