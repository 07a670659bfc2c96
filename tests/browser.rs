//! The app mounted in headless Chromium (wasm-bindgen-test): the flowchart a learner sees, its
//! nodes, edge labels, styling and accessible name.
#![cfg(target_arch = "wasm32")]

use pv_playground::web::App;
use wasm_bindgen_test::*;
use web_sys::{Element, Node};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own element and lets Yew render it.
async fn mount_app() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n: Node| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    let found = all(root, selector);
    assert_eq!(found.len(), 1, "exactly one {selector}");
    found.into_iter().next().unwrap()
}

/// The values of `attr` on every element matching `selector`, in document order.
fn attribute_values(root: &Element, selector: &str, attr: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .filter_map(|e| e.get_attribute(attr))
        .collect()
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn draws_every_node_of_the_seed_flowchart_once() {
    let root = mount_app().await;
    let svg = one(&root, "svg.pvp-flowchart");
    let expected = [
        ("claim", "Claim(PVC)"),
        ("reqs", "access modes(storage) sizelabelsstorageClassName"),
        ("decision", "Suitable Volume Exists?"),
        ("static", "Static Provisioning"),
        ("dynamic", "Dynamic Provisioning"),
        ("storageclass", "StorageClass"),
        ("volume", "Volume(PV)"),
    ];
    assert_eq!(all(&svg, "[data-node]").len(), expected.len());
    for (id, label) in expected {
        let node = one(&svg, &format!("[data-node='{id}']"));
        assert_eq!(text(&node), label, "label of {id}");
        assert!(
            !text(&node).contains('*'),
            "{id} shows no markdown asterisks"
        );
    }
}

#[wasm_bindgen_test]
async fn draws_every_edge_with_its_label() {
    let root = mount_app().await;
    let expected = [
        ("claim-decision", ""),
        ("decision-static", "Yes"),
        ("decision-dynamic", "No"),
        ("static-volume", "uses"),
        ("dynamic-storageclass", ""),
        ("storageclass-volume", "creates new"),
        ("claim-reqs", "requires"),
        ("volume-reqs", "satisfies"),
    ];
    let ids = attribute_values(&root, "[data-edge]", "data-edge");
    assert_eq!(ids, expected.map(|(id, _)| id.to_owned()));
    for (id, label) in expected {
        let edge = one(&root, &format!("[data-edge='{id}']"));
        assert_eq!(text(&edge), label, "label of edge {id}");
        let path = one(&edge, "path");
        assert!(path.get_attribute("d").is_some_and(|d| d.starts_with('M')));
        assert!(path
            .get_attribute("marker-end")
            .is_some_and(|m| m.starts_with("url(#")));
    }
}

#[wasm_bindgen_test]
async fn bold_where_the_seed_says_so() {
    let root = mount_app().await;
    for (id, bold) in [
        ("claim", "Claim"),
        ("storageclass", "StorageClass"),
        ("volume", "Volume"),
    ] {
        let node = one(&root, &format!("[data-node='{id}']"));
        let bolds: Vec<String> = all(&node, "tspan[font-weight='bold']")
            .iter()
            .map(text)
            .collect();
        assert_eq!(bolds, [bold], "bold text of {id}");
    }
    assert!(all(
        &one(&root, "[data-node='static']"),
        "tspan[font-weight='bold']"
    )
    .is_empty());
}

#[wasm_bindgen_test]
async fn colours_follow_the_seed() {
    let root = mount_app().await;
    for (id, class) in [
        ("reqs", "node-reqs"),
        ("static", "node-provision"),
        ("dynamic", "node-provision"),
        ("volume", "node-volume"),
        ("decision", "node-decision"),
    ] {
        let node = one(&root, &format!("[data-node='{id}']"));
        assert!(node.class_list().contains(class), "{id} has class {class}");
    }
    let groups = attribute_values(&root, "[data-group]", "data-group");
    assert_eq!(groups, ["pod", "storage"]);
}

#[wasm_bindgen_test]
async fn the_drawing_has_an_accessible_name_and_description() {
    let root = mount_app().await;
    let svg = one(&root, "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let document = web_sys::window().unwrap().document().unwrap();
    let by_id = |attr: &str| {
        let id = svg.get_attribute(attr).unwrap();
        document.get_element_by_id(&id).unwrap()
    };
    let name = text(&by_id("aria-labelledby"));
    assert_eq!(
        name,
        "How a claim gets a volume: static or dynamic provisioning"
    );
    let description = text(&by_id("aria-describedby"));
    assert!(description.contains("Suitable Volume Exists? → No → Dynamic Provisioning."));
    assert!(description.contains("Claim (PVC) → requires →"));
}

#[wasm_bindgen_test]
async fn two_apps_on_one_page_never_share_an_id() {
    let first = mount_app().await;
    let second = mount_app().await;
    let ids =
        |root: &Element| -> Vec<String> { all(root, "[id]").iter().map(|e| e.id()).collect() };
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!(a.len(), 3, "title, description and arrow marker");
    assert!(a.iter().all(|id| !b.contains(id)), "{a:?} vs {b:?}");
}
