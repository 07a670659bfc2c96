//! In headless Chromium (wasm-bindgen-test): the seed flowchart as drawn by `DiagramView`
//! (nodes, edge labels, styling, accessible name), and the app's workspace: the live
//! flowchart for the demo cluster's static, dynamic and blocked claims, the tabs, the
//! controls, and a pass lit up controller by controller.
#![cfg(target_arch = "wasm32")]

mod console;
mod diagnose;
mod embed;
mod forms;
mod graph;
mod lesson;
mod saved;
mod support;
mod yaml;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn draws_every_node_of_the_seed_flowchart_once() {
    let root = mount_seed().await;
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
    let root = mount_seed().await;
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
    let root = mount_seed().await;
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
    let root = mount_seed().await;
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
    let root = mount_seed().await;
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
    // The Objects form's ids (a label, hint and error per field) and Diagnose mode's are
    // counted apart.
    let (form, page): (Vec<&String>, Vec<&String>) = a
        .iter()
        .partition(|id| id.starts_with("pvp-objects-") || id.starts_with("pvp-diagnose-"));
    assert_eq!(
        page.len(),
        18,
        "the see pane's five tabs and their panel, the act pane's five tabs and the Objects \
         panel, the claim picker, the why-list's heading, the flowchart's title, description, \
         arrow marker and key help: {page:?}"
    );
    assert!(form.len() > 10, "{form:?}");
    assert!(a.iter().all(|id| !b.contains(id)), "{a:?} vs {b:?}");
}

#[wasm_bindgen_test]
async fn the_live_flowchart_marks_the_static_path() {
    let root = mount_app().await;
    pick_claim(&root, "shop/db-data").await;
    assert_eq!(
        marked(&root, "data-node", "true"),
        ["claim", "reqs", "decision", "static", "volume"]
    );
    assert_eq!(
        marked(&root, "data-edge", "true"),
        [
            "claim-decision",
            "decision-static",
            "static-volume",
            "claim-reqs",
            "volume-reqs"
        ]
    );
    assert!(all(&root, "[data-blocked]").is_empty());
    let volume = text(&one(&root, "[data-node='volume']"));
    assert!(volume.contains("pv-db"), "{volume}");
    let chosen = text(&one(&root, ".pvp-why li.pvp-chosen"));
    assert!(chosen.starts_with("pv-db: bound"), "{chosen}");
    let small = text(&one(&root, ".pvp-why li[data-volume='pv-small']"));
    assert_eq!(small, "pv-small: capacity 1Gi < request 5Gi");
}

#[wasm_bindgen_test]
async fn the_live_flowchart_marks_the_dynamic_path() {
    let root = mount_app().await;
    pick_claim(&root, "shop/cache").await;
    assert_eq!(
        marked(&root, "data-node", "true"),
        [
            "claim",
            "reqs",
            "decision",
            "dynamic",
            "storageclass",
            "volume"
        ]
    );
    assert!(marked(&root, "data-edge", "true").contains(&"storageclass-volume".to_owned()));
    assert_eq!(
        marked(&root, "data-edge", "false"),
        ["decision-static", "static-volume"]
    );
    let class = text(&one(&root, "[data-node='storageclass']"));
    assert!(class.contains("fast"), "{class}");
}

#[wasm_bindgen_test]
async fn a_blocked_claim_shows_where_and_why() {
    let root = mount_app().await;
    pick_claim(&root, "shop/reports").await;
    let blocked = one(&root, "[data-blocked='true']");
    assert_eq!(
        blocked.get_attribute("data-node").as_deref(),
        Some("storageclass")
    );
    assert!(text(&blocked).contains("blocked: class not found"));
    let status = text(&one(&root, ".pvp-blocked-reason[role='status']"));
    assert_eq!(
        status,
        "Blocked: storageclass.storage.k8s.io \"gold\" not found"
    );
    assert!(marked(&root, "data-node", "true")
        .iter()
        .all(|n| n != "volume"));
    // The drawing's description tells a screen reader the same.
    let svg = one(&root, "svg.pvp-live");
    let document = web_sys::window().unwrap().document().unwrap();
    let desc = document
        .get_element_by_id(&svg.get_attribute("aria-describedby").unwrap())
        .unwrap();
    assert!(
        text(&desc).contains("blocked at storageclass"),
        "{}",
        text(&desc)
    );
}

#[wasm_bindgen_test]
async fn kubectl_tables_and_events_show_the_cluster() {
    let root = mount_app().await;
    open_tab(&root, "kubectl get").await;
    let mut tables = all(&root, "table.pvp-kubectl");
    assert_eq!(tables.len(), 2, "get pv, get pvc -A");
    open_tab(&root, "Events").await;
    tables.extend(all(&root, "table.pvp-kubectl"));
    assert_eq!(tables.len(), 3, "and the events, on their own tab");
    let headers = |table: &Element| -> Vec<String> { all(table, "th").iter().map(text).collect() };
    assert_eq!(
        headers(&tables[0]),
        [
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE"
        ]
    );
    assert_eq!(text(&one(&tables[0], "caption")), "$ kubectl get pv");
    assert_eq!(
        headers(&tables[1]),
        [
            "NAMESPACE",
            "NAME",
            "STATUS",
            "VOLUME",
            "CAPACITY",
            "ACCESS MODES",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "AGE"
        ]
    );
    // pv-db is bound to the demo's static claim, with kubectl's cells.
    let pv_db: Vec<String> = all(&tables[0], "tbody tr")
        .iter()
        .map(|row| all(row, "td").iter().map(text).collect::<Vec<_>>())
        .find(|cells| cells[0] == "pv-db")
        .expect("a pv-db row");
    assert_eq!(
        &pv_db[1..6],
        ["10Gi", "RWO", "Retain", "Bound", "shop/db-data"]
    );
    let reasons = attribute_values(&tables[2], "tr[data-reason]", "data-reason");
    for reason in [
        "ProvisioningSucceeded",
        "FailedBinding",
        "ProvisioningFailed",
    ] {
        assert!(
            reasons.iter().any(|r| r == reason),
            "{reason} in {reasons:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn the_page_opens_settled_on_a_claim_with_a_story_and_says_what_to_try() {
    let root = mount_app().await;
    assert_eq!(
        text(&one(&root, ".pvp-progress")),
        "Steady state after 2 controller passes."
    );
    let picker: web_sys::HtmlSelectElement = one(&root, ".pvp-picker select").dyn_into().unwrap();
    assert_eq!(picker.value(), "shop/db-data");
    assert!(text(&one(&root, ".pvp-phase")).starts_with("shop/db-data is Bound"));
    let hint = text(&one(&root, ".pvp-hint"));
    assert!(hint.starts_with("Try next"), "{hint}");
    assert!(
        hint.contains("Add a claim") && hint.contains("Start the first lesson"),
        "{hint}"
    );
    // Nothing is disabled without saying why.
    for button in all(&root, "button[disabled]") {
        assert!(
            button.get_attribute("title").is_some_and(|t| !t.is_empty()),
            "{} says why it is disabled",
            text(&button)
        );
    }
}

#[wasm_bindgen_test]
async fn tabs_are_one_tab_stop_and_arrow_keys_move_between_them() {
    let root = mount_app().await;
    let see = one(&root, ".pvp-see [role='tablist']");
    let selected = || attribute_values(&see, "[aria-selected='true']", "data-tab");
    assert_eq!(selected(), ["flowchart"]);
    assert_eq!(
        attribute_values(&see, "[role='tab'][tabindex='0']", "data-tab"),
        ["flowchart"],
        "one tab stop"
    );
    let first = one(&see, "[data-tab='flowchart']");
    press(&first, "ArrowRight").await;
    assert_eq!(selected(), ["graph"]);
    assert_eq!(
        all(&root, ".pvp-see svg.pvp-cluster-graph").len(),
        1,
        "its panel shows"
    );
    let panel = one(&root, ".pvp-see [role='tabpanel']");
    let tab = one(&see, "[data-tab='graph']");
    assert_eq!(panel.get_attribute("aria-labelledby"), Some(tab.id()));
    assert_eq!(tab.get_attribute("aria-controls"), Some(panel.id()));
    press(&tab, "End").await;
    assert_eq!(selected(), ["events"]);
    press(&one(&see, "[data-tab='events']"), "ArrowRight").await;
    assert_eq!(selected(), ["flowchart"], "wraps around");
    // The act pane's tabs keep their panels once shown: a half-typed form survives a look
    // at YAML.
    let act = one(&root, ".pvp-act [role='tablist']");
    assert_eq!(
        attribute_values(&act, "[role='tab']", "data-tab"),
        ["lesson", "console", "objects", "yaml", "diagnose"]
    );
    let name: web_sys::HtmlInputElement =
        one(&root, "[data-field='name'] input").dyn_into().unwrap();
    name.set_value("kept");
    name.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    open_tab(&root, "YAML").await;
    open_tab(&root, "Objects").await;
    let name: web_sys::HtmlInputElement =
        one(&root, "[data-field='name'] input").dyn_into().unwrap();
    assert_eq!(name.value(), "kept");
}

#[wasm_bindgen_test]
async fn stepping_lights_each_pass_controller_by_controller() {
    let root = mount_fresh_app().await;
    pick_claim(&root, "shop/cache").await;
    let assert_phase = |expected: &str| {
        let phase = text(&one(&root, ".pvp-phase"));
        assert!(
            phase.starts_with(&format!("shop/cache is {expected}")),
            "{phase}"
        );
    };
    let progress = || text(&one(&root, ".pvp-progress"));
    assert_phase("Pending");
    assert_eq!(progress(), "Objects created; no controller has run yet.");
    let route = || marked(&root, "data-node", "true");
    assert!(route().contains(&"dynamic".to_owned()) && !route().contains(&"static".to_owned()));
    click(&root, "Step").await;
    // One pass: the PV controller handed the claim to the provisioner, which made the volume.
    assert_phase("Pending");
    assert_eq!(progress(), "After 1 controller pass; still changing.");
    assert!(!route().contains(&"static".to_owned()), "{:?}", route());
    let lit = |step: &str| {
        attribute_values(
            &root,
            &format!("svg.pvp-live [data-node][data-pass-step='{step}']"),
            "data-node",
        )
    };
    assert_eq!(lit("1"), ["decision", "dynamic", "storageclass"]);
    assert_eq!(lit("2"), ["volume"]);
    let steps: Vec<String> = all(&root, ".pvp-pass-step:not(.pvp-idle) > strong")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        steps,
        ["persistentvolume-controller", "external-provisioner"]
    );
    let pass = text(&one(&root, ".pvp-pass"));
    assert!(
        pass.contains("claim shop/cache handed to provisioner ebs.csi.aws.com"),
        "{pass}"
    );
    assert!(pass.contains("ProvisioningSucceeded"), "{pass}");
    click(&root, "Step").await;
    assert_phase("Bound");
    assert!(!route().contains(&"static".to_owned()), "{:?}", route());
    click(&root, "Run to steady state").await;
    assert!(
        progress().starts_with("Steady state after"),
        "{}",
        progress()
    );
    assert!(
        all(&root, ".pvp-pass").is_empty(),
        "only a Step has a pass to show"
    );
    let disabled: Vec<bool> = all(&root, ".pvp-controls button")
        .iter()
        .map(|b| b.has_attribute("disabled"))
        .collect();
    assert_eq!(
        disabled,
        [true, true, false, true, false, false, false],
        "Step and Run done; Undo left; nothing to redo; the menu's three ways to start over"
    );
    click(&root, "Restart the demo").await;
    assert_phase("Bound");
}

#[wasm_bindgen_test]
async fn undo_and_redo_by_button_and_keyboard() {
    let root = mount_fresh_app().await;
    let progress = || text(&one(&root, ".pvp-progress"));
    click(&root, "Step").await;
    assert_eq!(progress(), "After 1 controller pass; still changing.");
    click(&root, "Undo").await;
    assert_eq!(progress(), "Objects created; no controller has run yet.");
    click(&root, "Redo").await;
    assert_eq!(progress(), "After 1 controller pass; still changing.");
    // The shortcuts work from any control inside the widget.
    let step = all(&root, "button").into_iter().next().unwrap();
    press_ctrl(&step, "z", false).await;
    assert_eq!(progress(), "Objects created; no controller has run yet.");
    press_ctrl(&step, "Z", true).await;
    assert_eq!(progress(), "After 1 controller pass; still changing.");
}

#[wasm_bindgen_test]
async fn deleting_a_claim_in_use_waits_for_its_pod_then_releases_the_volume() {
    let root = mount_app().await;
    pick_claim(&root, "shop/db-data").await;
    let phase = || text(&one(&root, ".pvp-phase"));
    assert!(text(&one(&root, ".pvp-pod")).starts_with("Used by pod shop/web-0 on node-a"));
    click_labelled(&root, "Delete claim shop/db-data").await;
    // pvc-protection: the claim is still Bound, but Terminating, while web-0 uses it.
    assert!(
        phase().starts_with("shop/db-data is Bound (Terminating)"),
        "{}",
        phase()
    );
    let claim_box = text(&one(&root, "[data-node='claim']"));
    assert!(
        claim_box.contains("shop/db-data · Terminating"),
        "{claim_box}"
    );
    let note = text(&one(&root, ".pvp-note"));
    assert!(
        note.starts_with(
            "Deleted, but pvc-protection keeps it (Terminating) while pod shop/web-0 uses it"
        ),
        "{note}"
    );
    click_labelled(&root, "Delete pod shop/web-0").await;
    // The claim is gone (the picker moved on) and its Retain volume is Released, kept for
    // the deleted claim: the why-list says so, never "bound to".
    let claims = attribute_values(&root, ".pvp-picker select option", "value");
    assert!(!claims.contains(&"shop/db-data".to_owned()), "{claims:?}");
    let pv_db = text(&one(&root, ".pvp-why li[data-volume='pv-db']"));
    assert_eq!(
        pv_db,
        "pv-db: Released: its claimRef still names the deleted claim shop/db-data; reclaim policy Retain keeps it (and its data) until an admin removes the claimRef or deletes the volume"
    );
    open_tab(&root, "kubectl get").await;
    let pv_table = all(&root, "table.pvp-kubectl")
        .into_iter()
        .next()
        .expect("kubectl get pv");
    let pv_db: Vec<String> = all(&pv_table, "tbody tr")
        .iter()
        .map(|row| all(row, "td").iter().map(text).collect::<Vec<_>>())
        .find(|cells| cells[0] == "pv-db")
        .expect("pv-db is kept");
    assert_eq!(&pv_db[3..6], ["Retain", "Released", "shop/db-data"]);
}
