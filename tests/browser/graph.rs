//! The cluster graph, the volume lifecycle and the keyboard walk through diagrams, in the
//! mounted app: every object shown with its status in words, choosing a claim in the graph
//! relights the flowchart, the lifecycle follows a Retain volume from Bound to Released, and
//! arrow keys move a focus ring that a live region reads out.

use crate::support::*;
use pv_engine::generate::workload_cluster;
use pv_playground::web::{ClusterGraphView, ClusterGraphViewProps, ClusterIdentity};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

/// Clicks an SVG element (which has no `click()`), bubbling as a real click does.
async fn click_svg(target: &Element) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("click", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Focuses an element as Tab would.
async fn focus(target: &Element) {
    target
        .clone()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    yew::scheduler::flush().await;
}

fn graph_frame(root: &Element) -> Element {
    one(root, ".pvp-graph .pvp-diagram")
}

/// What the graph's live region says.
fn spoken(frame: &Element) -> String {
    text(&one(frame, "[aria-live='polite']"))
}

fn stage_now(root: &Element, volume: &str) -> String {
    text(&one(
        root,
        &format!(".pvp-lifecycle [data-volume='{volume}'] [aria-current='step']"),
    ))
}

#[wasm_bindgen_test]
async fn the_graph_shows_every_object_with_its_status_in_words() {
    let root = mount_app().await;
    open_tab(&root, "Cluster graph").await;
    let svg = one(&root, "svg.pvp-cluster-graph");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let labels: Vec<String> = all(&svg, "[data-node]").iter().map(text).collect();
    assert_eq!(labels.len(), 11, "{labels:?}");
    for expected in [
        "Pod shop/web-0 · Running",
        "PVC shop/db-data · Bound",
        "PVC shop/archive · Pending",
        "PV pv-db · Bound",
        "PV pv-small · Available",
        "StorageClass fast · ebs.csi.aws.com",
        "Node node-a · 1 pod",
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected} in {labels:?}"
        );
    }
    // The accessible description says it in words, edges included.
    let desc = text(&one(&svg, "desc"));
    assert!(
        desc.contains("PVC shop/db-data is bound to PV pv-db."),
        "{desc}"
    );
}

#[wasm_bindgen_test]
async fn clicking_a_claim_in_the_graph_relights_the_flowchart() {
    let root = mount_app().await;
    open_tab(&root, "Cluster graph").await;
    click_svg(&one(&root, "[data-node='pvc:shop/reports'] .pvp-shape")).await;
    // Following a claim shows its story: the flowchart tab.
    let live = one(&root, "svg.pvp-live");
    assert_eq!(text(&one(&live, "title")), "How shop/reports gets a volume");
    assert_eq!(
        attribute_values(&live, "[data-blocked='true']", "data-node"),
        ["storageclass"]
    );
    let picker = || -> String {
        let select: web_sys::HtmlSelectElement =
            one(&root, ".pvp-picker select").dyn_into().unwrap();
        select.value()
    };
    assert_eq!(picker(), "shop/reports");
    open_tab(&root, "Cluster graph").await;
    assert_eq!(
        attribute_values(&root, "[data-chosen='true']", "data-node"),
        ["pvc:shop/reports"]
    );
    // A pod is not a claim: clicking it changes nothing.
    click_svg(&one(&root, "[data-node='pod:shop/web-0'] .pvp-shape")).await;
    assert_eq!(
        all(&root, "svg.pvp-cluster-graph").len(),
        1,
        "still on the graph"
    );
    open_tab(&root, "Flowchart").await;
    assert_eq!(picker(), "shop/reports");
}

#[wasm_bindgen_test]
async fn the_lifecycle_marks_bound_then_released_for_a_retained_volume() {
    let root = mount_app().await;
    open_tab(&root, "Volume lifecycle").await;
    assert_eq!(stage_now(&root, "pv-db"), "Bound (now)");
    assert_eq!(stage_now(&root, "pv-small"), "Available (now)");
    // The pod holds the claim (pvc-protection); delete it first, then the claim.
    open_tab(&root, "Flowchart").await;
    pick_claim(&root, "shop/db-data").await;
    click_labelled(&root, "Delete pod shop/web-0").await;
    click_labelled(&root, "Delete claim shop/db-data").await;
    open_tab(&root, "Volume lifecycle").await;
    assert_eq!(stage_now(&root, "pv-db"), "Released (now)");
    let row = one(&root, ".pvp-lifecycle [data-volume='pv-db']");
    assert!(text(&row).contains("reclaim policy Retain · was claimed by shop/db-data"));
    // The graph agrees, in words.
    open_tab(&root, "Cluster graph").await;
    assert_eq!(
        text(&one(&root, "[data-node='pv:pv-db']")),
        "PV pv-db · Released"
    );
}

#[wasm_bindgen_test]
async fn a_deleted_volume_ends_at_deleted() {
    let root = mount_app().await;
    open_tab(&root, "Volume lifecycle").await;
    let provisioned =
        attribute_values(&root, ".pvp-lifecycle [data-volume^='pvc-']", "data-volume");
    assert_eq!(provisioned.len(), 1);
    open_tab(&root, "Flowchart").await;
    pick_claim(&root, "shop/cache").await;
    click_labelled(&root, "Delete claim shop/cache").await;
    open_tab(&root, "Volume lifecycle").await;
    assert_eq!(stage_now(&root, &provisioned[0]), "deleted (now)");
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_focus_ring_and_the_live_region_reads_the_node() {
    let root = mount_app().await;
    open_tab(&root, "Cluster graph").await;
    let frame = graph_frame(&root);
    assert_eq!(frame.get_attribute("tabindex").as_deref(), Some("0"));
    focus(&frame).await;
    assert_eq!(spoken(&frame), "Pod shop/web-0 · Running (1 of 11).");
    let ring = || one(&frame, ".pvp-focus-ring");
    let first = ring().get_attribute("y");
    press(&frame, "ArrowDown").await;
    let second = spoken(&frame);
    assert!(
        second.ends_with("(2 of 11). Press Enter to follow this claim in the flowchart."),
        "{second}"
    );
    assert_ne!(ring().get_attribute("y"), first, "the ring moved");
    press(&frame, "End").await;
    assert!(spoken(&frame).contains("(11 of 11)"), "{}", spoken(&frame));
    press(&frame, "ArrowDown").await;
    assert!(spoken(&frame).contains("(11 of 11)"), "stays on the last");
    press(&frame, "Home").await;
    assert_eq!(spoken(&frame), "Pod shop/web-0 · Running (1 of 11).");

    // Enter on a claim follows it in the flowchart.
    press(&frame, "ArrowDown").await;
    let claim = second
        .split(" · ")
        .next()
        .and_then(|s| s.strip_prefix("PVC "))
        .unwrap()
        .to_owned();
    press(&frame, "Enter").await;
    assert_eq!(
        text(&one(&root, "svg.pvp-live title")),
        format!("How {claim} gets a volume")
    );
}

#[wasm_bindgen_test]
async fn the_live_flowchart_is_walked_the_same_way_and_says_the_path() {
    let root = mount_app().await;
    pick_claim(&root, "shop/reports").await;
    let frame = one(&root, ".pvp-figure .pvp-diagram");
    focus(&frame).await;
    let first = spoken(&frame);
    assert!(
        first.starts_with("Claim shop/reports · Pending (1 of 7): on the path taken."),
        "{first}"
    );
    let mut heard = vec![first];
    for _ in 0..6 {
        press(&frame, "ArrowRight").await;
        heard.push(spoken(&frame));
    }
    assert!(
        heard
            .iter()
            .any(|h| h.contains("blocked here, storageclass.storage.k8s.io \"gold\" not found")),
        "{heard:?}"
    );
    assert!(
        heard.iter().any(|h| h.contains("not on the path taken")),
        "{heard:?}"
    );
}

#[wasm_bindgen_test]
async fn two_hundred_objects_are_all_drawn_tall_not_wide() {
    let root = fresh_root();
    let cluster = workload_cluster(200, 1);
    let objects = cluster.volumes().count()
        + cluster.claims().count()
        + cluster.pods().count()
        + cluster.classes().count()
        + cluster.nodes().count();
    let props = yew::props!(ClusterGraphViewProps {
        cluster: ClusterIdentity(Rc::new(cluster)),
        selected: "team-0/db-18-data",
        on_action: yew::Callback::noop(),
    });
    yew::Renderer::<ClusterGraphView>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let nodes = all(&root, "[data-node]");
    assert_eq!(nodes.len(), objects);
    assert!(objects >= 200);
    assert!(
        nodes.iter().all(|n| text(n).contains(" · ")),
        "every box has its status"
    );
    // Drawn at its natural size, tall rather than wide: the page's frame scrolls it down
    // (the e2e test checks the frame with the real stylesheet).
    let svg = one(&root, "svg.pvp-cluster-graph");
    let size = |attr: &str| svg.get_attribute(attr).unwrap().parse::<f64>().unwrap();
    assert!(size("width") < 1300.0 && size("height") > 2.0 * size("width"));
}

#[wasm_bindgen_test]
async fn the_generated_workload_button_adds_two_hundred_objects() {
    let root = mount_app().await;
    open_tab(&root, "Cluster graph").await;
    click(&root, "Add a generated workload (200 objects)").await;
    let nodes = all(&one(&root, "svg.pvp-cluster-graph"), "[data-node]").len();
    assert!(nodes >= 211, "{nodes} objects");
    assert!(text(&one(&root, ".pvp-graph h2")).contains("Cluster graph"));
}
