//! The Objects section's form in headless Chromium: a refused submit shows the engine's
//! message at the field and keeps what was typed; fixed, it adds the claim, which the claim
//! picker and kubectl's table then show.

use crate::support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

fn input(root: &Element, field: &str) -> HtmlInputElement {
    one(root, &format!("[data-field='{field}'] input"))
        .dyn_into()
        .unwrap()
}

/// Types into a form field as a user would (the value, then an input event).
async fn type_into(root: &Element, field: &str, value: &str) {
    let element = input(root, field);
    element.set_value(value);
    element
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

fn error_at(root: &Element, field: &str) -> String {
    text(&one(
        root,
        &format!("[data-field='{field}'] .pvp-field-error"),
    ))
}

#[wasm_bindgen_test]
async fn a_form_validates_and_adds() {
    let root = mount_app().await;
    assert_eq!(input(&root, "name").value(), "claim-1", "a working default");
    type_into(&root, "name", "Bad_Name").await;
    type_into(&root, "size", "1Gx").await;
    click(&root, "Add claim").await;
    assert_eq!(
        error_at(&root, "size"),
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
    assert_eq!(
        input(&root, "size")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(input(&root, "size").value(), "1Gx", "what was typed stays");
    assert_eq!(input(&root, "name").value(), "Bad_Name");

    type_into(&root, "size", "2Gi").await;
    click(&root, "Add claim").await;
    assert_eq!(error_at(&root, "size"), "");
    let name_error = error_at(&root, "name");
    assert!(
        name_error.starts_with("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"),
        "{name_error}"
    );
    assert_eq!(input(&root, "size").value(), "2Gi");

    type_into(&root, "name", "logs").await;
    click(&root, "Add claim").await;
    assert_eq!(error_at(&root, "name"), "");
    assert_eq!(
        text(&one(&root, ".pvp-done")),
        "Added PersistentVolumeClaim default/logs."
    );
    let claims = attribute_values(&root, ".pvp-picker select option", "value");
    assert!(claims.contains(&"default/logs".to_owned()), "{claims:?}");
    let followed: web_sys::HtmlSelectElement = one(&root, ".pvp-picker select").dyn_into().unwrap();
    assert_eq!(
        followed.value(),
        "default/logs",
        "the new claim is followed"
    );
    open_tab(&root, "kubectl get").await;
    let pvc_table = all(&root, "table.pvp-kubectl")
        .into_iter()
        .nth(1)
        .expect("kubectl get pvc -A");
    let logs: Vec<String> = all(&pvc_table, "tbody tr")
        .iter()
        .map(|row| all(row, "td").iter().map(text).collect::<Vec<_>>())
        .find(|cells| cells[1] == "logs")
        .expect("the added claim is listed");
    assert_eq!(logs[0], "default");
    assert!(
        all(&root, ".pvp-object-list li")
            .iter()
            .any(|li| text(li).starts_with("default/logs")),
        "listed under Objects"
    );
    assert_eq!(
        input(&root, "name").value(),
        "claim-1",
        "a fresh form for the next claim"
    );
}

#[wasm_bindgen_test]
async fn the_class_picker_lists_the_classes_and_one_choice_provisions() {
    let root = mount_app().await;
    let class: web_sys::HtmlSelectElement = one(&root, "[data-field='class'] select")
        .dyn_into()
        .unwrap();
    let offered: Vec<String> = all(&root, "[data-field='class'] option")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        offered,
        [
            "not set: the default class (none here), so no class",
            "\"\": no class, static binding only",
            "fast: provisions with ebs.csi.aws.com",
        ]
    );
    class.set_value("fast");
    class
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(&root, "Add claim").await;
    assert!(text(&one(&root, ".pvp-phase")).starts_with("default/claim-1 is Bound"));
    assert_eq!(
        marked(&root, "data-node", "true"),
        [
            "claim",
            "reqs",
            "decision",
            "dynamic",
            "storageclass",
            "volume"
        ],
        "provisioned: the dynamic route"
    );
}

#[wasm_bindgen_test]
async fn every_form_control_has_a_label() {
    let root = mount_app().await;
    let kind: web_sys::HtmlSelectElement = one(&root, ".pvp-kind select").dyn_into().unwrap();
    for value in [
        "PersistentVolume",
        "PersistentVolumeClaim",
        "StorageClass",
        "Pod",
        "Node",
    ] {
        kind.set_value(value);
        kind.dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        for control in all(&root, ".pvp-form input, .pvp-form select") {
            let id = control.id();
            let labelled = control.closest("label").unwrap().is_some()
                || (!id.is_empty() && all(&root, &format!("label[for='{id}']")).len() == 1);
            assert!(labelled, "{value}: {} is labelled", control.outer_html());
        }
    }
}
