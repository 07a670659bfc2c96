//! Embedded widgets in the browser, mounted as the embedding script mounts them
//! (`mount_widget` with attribute names and values): views, read-only, the handle's apply,
//! state and unmount, a fixed theme, and a bad attribute's message inside the widget.

use crate::support::*;
use pv_playground::web::mount_widget;
use wasm_bindgen_test::*;
use web_sys::Element;

const CLAIM_AND_VOLUME: &str = "\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-a}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /a}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: \"\"
  resources: {requests: {storage: 1Gi}}
";

fn attributes(pairs: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .unzip()
}

async fn widget(pairs: &[(&str, &str)]) -> (Element, pv_playground::web::Widget) {
    let root = fresh_root();
    let (keys, values) = attributes(pairs);
    let widget = mount_widget(root.clone(), keys, values, true);
    yew::scheduler::flush().await;
    (root, widget)
}

#[wasm_bindgen_test]
async fn a_flow_widget_draws_its_manifests_and_the_handle_applies_reads_and_unmounts() {
    let (root, widget) = widget(&[("view", "flow"), ("yaml", CLAIM_AND_VOLUME)]).await;
    assert_eq!(all(&root, "[data-node]").len(), 7);
    assert!(text(&one(&root, ".pvp-phase")).starts_with("default/data is Bound"));
    for absent in [".pvp-graph", ".pvp-cluster", ".pvp-yaml", "h1"] {
        assert!(all(&root, absent).is_empty(), "flow view has no {absent}");
    }
    let state = widget.state().unwrap();
    assert!(
        state.contains(r#""default/data":{"phase":"Bound","volume":"pv-a"}"#),
        "{state}"
    );

    let second = CLAIM_AND_VOLUME.replace("name: data", "name: more");
    assert_eq!(widget.apply(&second).unwrap(), 2);
    assert!(widget.state().unwrap().contains("default/more"));
    yew::scheduler::flush().await;
    assert_eq!(
        attribute_values(&root, ".pvp-picker option", "value"),
        ["default/data", "default/more"]
    );
    // A bad text changes nothing.
    assert!(widget.apply("kind: [").is_err());
    assert_eq!(all(&root, ".pvp-picker option").len(), 2);

    widget.unmount();
    yew::scheduler::flush().await;
    assert_eq!(root.child_element_count(), 0, "nothing left after unmount");
}

#[wasm_bindgen_test]
async fn a_read_only_widget_changes_nothing_but_steps_and_shows_the_state() {
    let (root, _widget) = widget(&[("readonly", ""), ("yaml", CLAIM_AND_VOLUME)]).await;
    let buttons: Vec<String> = all(&root, "button").iter().map(text).collect();
    for absent in [
        "Delete claim",
        "Start empty",
        "Apply",
        "Add a generated workload (200 objects)",
    ] {
        assert!(
            !buttons.iter().any(|b| b == absent),
            "{absent} in {buttons:?}"
        );
    }
    for present in [
        "Step",
        "Undo",
        "Start over from the beginning",
        "Show the state as YAML",
    ] {
        assert!(
            buttons.iter().any(|b| b == present),
            "{present} in {buttons:?}"
        );
    }
    assert!(all(&root, ".pvp-objects-section").is_empty());
    assert!(all(&root, ".pvp-yaml-input").is_empty());
}

#[wasm_bindgen_test]
async fn a_fixed_theme_and_height_are_set_on_the_widget() {
    let (root, _widget) =
        widget(&[("theme", "dark"), ("height", "20rem"), ("view", "tables")]).await;
    assert_eq!(root.get_attribute("data-scheme").as_deref(), Some("dark"));
    assert_eq!(
        root.get_attribute("style").as_deref(),
        Some("height:20rem;overflow:auto")
    );
    assert_eq!(all(&root, ".pvp-kubectl").len(), 3);
}

#[wasm_bindgen_test]
async fn a_bad_attribute_shows_its_message_in_the_widget_and_the_handle_says_so() {
    let (root, widget) = widget(&[("view", "bogus"), ("height", "1px;color:red")]).await;
    let alert = one(&root, "[role='alert']");
    assert_eq!(
        all(&alert, "p").iter().map(text).collect::<Vec<_>>(),
        [
            "data-view must be one of flow, cluster, tables, full; got \"bogus\"",
            "data-height must be a CSS length such as 600px, 40rem or 80vh; got \"1px;color:red\"",
        ]
    );
    assert_eq!(root.get_attribute("style"), None);
    assert!(widget.state().is_err());
    widget.unmount();
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn an_explainer_redraws_its_route_when_a_knob_changes_and_keeps_a_prerendered_drawing() {
    use wasm_bindgen::JsCast;
    let root = fresh_root();
    let (keys, values) = attributes(&[
        ("view", "flow"),
        ("knobs", "request"),
        ("readonly", ""),
        ("yaml", CLAIM_AND_VOLUME),
    ]);
    let explainer = pv_playground::web::mount_explainer(root.clone(), keys, values, true, None)
        .expect("a flow widget over manifests is an explainer");
    assert_eq!(
        attribute_values(&root, "[data-node='static']", "data-taken"),
        ["true"]
    );
    let knob: web_sys::HtmlSelectElement =
        one(&root, "select[data-knob='request']").unchecked_into();
    knob.set_value("2Gi");
    knob.dispatch_event(
        &web_sys::Event::new_with_event_init_dict("change", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        attribute_values(&root, "[data-node='decision']", "data-blocked"),
        ["true"]
    );
    assert!(text(&one(&root, ".pvp-why li")).starts_with("pv-a: capacity 1Gi < request 2Gi"));
    assert!(explainer
        .state()
        .contains(r#""default/data":{"phase":"Pending","volume":null}"#));
    assert!(explainer
        .mermaid("flowchart")
        .unwrap()
        .starts_with("flowchart TD\n"));
    // Mounted again over markup it drew before (as over a prerendered widget): a drawing of
    // another state (after the knob) is replaced by the author's; the author's is kept as is.
    let drawn = root.inner_html();
    let first = root.first_element_child().unwrap();
    explainer.unmount();
    root.set_inner_html(&drawn);
    let kept = root.first_element_child().unwrap();
    let prefix = kept.get_attribute("data-prefix");
    let (keys, values) = attributes(&[
        ("view", "flow"),
        ("knobs", "request"),
        ("readonly", ""),
        ("yaml", CLAIM_AND_VOLUME),
    ]);
    let _again = pv_playground::web::mount_explainer(root.clone(), keys, values, true, prefix);
    assert!(!first.is_same_node(Some(&kept)));
    assert_eq!(
        attribute_values(&root, "[data-node='static']", "data-taken"),
        ["true"]
    );
    let author = root.first_element_child().unwrap();
    let _third = {
        let (keys, values) = attributes(&[
            ("view", "flow"),
            ("knobs", "request"),
            ("readonly", ""),
            ("yaml", CLAIM_AND_VOLUME),
        ]);
        pv_playground::web::mount_explainer(
            root.clone(),
            keys,
            values,
            true,
            author.get_attribute("data-prefix"),
        )
    };
    assert!(
        root.first_element_child()
            .unwrap()
            .is_same_node(Some(&author)),
        "the same drawing is not replaced"
    );
}
