//! Diagnose in headless Chromium: a pasted dump's verdicts as cards (reason and message, the
//! class with `""` apart from unset, near misses, the fix's commands), grouped and sorted, in
//! pages; "Simulate the fix" hands the playground the actions that load the dump, apply the fix
//! and follow the claim, and says what came of it; manifests are offered to the playground;
//! errors at their lines. The component alone, and inside the page's App.

use crate::support::*;
use pv_core::diagnose::{diagnose_text, pages, Listing};
use pv_core::session::Action;
use pv_playground::web::{Diagnose, DiagnoseProps};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::Callback;

const SHOP: &str = include_str!("../diagnose/shop.yaml");
const PODS: &str = include_str!("../diagnose/pods.yaml");
const NO_DEFAULT: &str = include_str!("../diagnose/no-default.yaml");
const MANIFESTS: &str = include_str!("../diagnose/manifests.yaml");

type Received = Rc<RefCell<Vec<Vec<Action>>>>;

/// Mounts the section alone, recording what it hands the playground.
async fn mount() -> (Element, Received) {
    let root = fresh_root();
    let received: Received = Rc::default();
    let record = received.clone();
    let props = DiagnoseProps {
        load_in_playground: Some(Callback::from(move |actions| {
            record.borrow_mut().push(actions)
        })),
    };
    yew::Renderer::<Diagnose>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, received)
}

/// Pastes `dump` into the section under `root`, clicks Diagnose and waits for the result (the
/// work runs after a paint).
async fn diagnose(root: &Element, dump: &str) -> String {
    let section = one(root, ".pvp-diagnose");
    let area: HtmlTextAreaElement = one(&section, "textarea").dyn_into().unwrap();
    area.set_value(dump);
    click(&section, "Diagnose").await;
    settled_status(&section).await
}

/// The status line once it says something other than "Diagnosing…".
async fn settled_status(section: &Element) -> String {
    for _ in 0..1000 {
        let status = text(&one(section, ".pvp-diagnose-status"));
        if !status.is_empty() && status != "Diagnosing…" {
            return status;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
        yew::scheduler::flush().await;
    }
    panic!("no result");
}

fn titles(root: &Element) -> Vec<String> {
    all(root, ".pvp-verdict h3").iter().map(text).collect()
}

/// The card whose title is `title`.
fn card(root: &Element, title: &str) -> Element {
    all(root, ".pvp-verdict")
        .into_iter()
        .find(|c| text(&one(c, "h3")) == title)
        .unwrap_or_else(|| panic!("no card {title}: {:?}", titles(root)))
}

async fn press_button(el: &Element) {
    el.clone().dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn shows_each_verdict_as_a_card_with_its_reason_near_misses_and_fix() {
    let (root, _) = mount().await;
    let area_id = one(&root, "textarea").id();
    let label = one(&root, &format!("label[for='{area_id}']"));
    assert_eq!(text(&label), "kubectl dump");
    let status = diagnose(&root, SHOP).await;
    assert_eq!(status, "4 Pending claims of 5 claims");
    assert!(text(&root).contains("Verdicts: 3 stuck, 1 waiting."));
    assert!(text(&root).contains("the simulator did not run its controllers"));
    assert!(text(&root).contains("StorageClasses: fast, standard (default)."));
    // Stuck ones first, then by object.
    assert_eq!(
        titles(&root),
        [
            "PVC shop/reports-archive",
            "PVC shop/typo",
            "PVC web/cache",
            "PVC shop/reports"
        ]
    );
    let typo = card(&root, "PVC shop/typo");
    assert!(text(&one(&typo, ".pvp-verdict-message"))
        .starts_with("ProvisioningFailed: storageclass.storage.k8s.io \"standrad\" not found"));
    assert_eq!(
        text(&one(&typo, ".pvp-verdict-facts dd code")),
        "\"standrad\""
    );
    let commands = text(&one(&typo, ".pvp-fix-commands"));
    assert!(
        commands.starts_with("kubectl delete pvc typo -n shop\nkubectl create -f - <<'EOF'"),
        "{commands}"
    );
    let archive = card(&root, "PVC shop/reports-archive");
    let misses: Vec<String> = all(&archive, ".pvp-verdict-misses li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        misses[1],
        "small-disk: access modes [RWO] lack ReadWriteMany"
    );
    // `""` is shown as `""`.
    assert_eq!(text(&one(&archive, ".pvp-verdict-facts dd code")), "\"\"");
    // A verdict that needs no change says so, and has no buttons.
    let waiting = card(&root, "PVC shop/reports");
    assert!(text(&waiting).contains("No change is needed"));
    assert!(all(&waiting, "button").is_empty());
}

#[wasm_bindgen_test]
async fn an_unset_class_is_not_an_empty_one() {
    let (root, _) = mount().await;
    diagnose(&root, NO_DEFAULT).await;
    let unset = card(&root, "PVC ml/checkpoints");
    let empty = card(&root, "PVC ml/datasets");
    assert_eq!(text(&one(&unset, ".pvp-verdict-facts dd code")), "unset");
    assert_eq!(text(&one(&empty, ".pvp-verdict-facts dd code")), "\"\"");
    assert!(text(&unset).contains("its class is unset and no StorageClass is the default"));
    assert!(text(&empty).contains("class \"\" means no class"));
}

#[wasm_bindgen_test]
async fn groups_and_sorts_the_verdicts() {
    let (root, _) = mount().await;
    diagnose(&root, PODS).await;
    let groups: Vec<String> = all(&root, ".pvp-diagnose-groups button")
        .iter()
        .map(text)
        .collect();
    assert_eq!(groups, ["All (8)", "Claims (1)", "Pods (6)", "Volumes (1)"]);
    click(&root, "Pods (6)").await;
    assert_eq!(
        attribute_values(
            &root,
            ".pvp-diagnose-groups button[aria-pressed='true']",
            "aria-pressed"
        )
        .len(),
        1
    );
    assert!(
        titles(&root).iter().all(|t| t.starts_with("Pod ")),
        "{:?}",
        titles(&root)
    );
    let select: HtmlSelectElement = one(&root, ".pvp-diagnose-sort select").dyn_into().unwrap();
    select.set_value("reason");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(
        titles(&root)[0],
        "Pod web/uploader-6b8f7d9c5-w9zt7",
        "FailedAttachVolume first"
    );
    click(&root, "↑ Ascending").await;
    assert_eq!(
        titles(&root).last().map(String::as_str),
        Some("Pod web/uploader-6b8f7d9c5-w9zt7")
    );
    assert_eq!(
        one(&root, ".pvp-diagnose-sort button")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Order: descending")
    );
}

#[wasm_bindgen_test]
async fn simulating_a_fix_hands_the_playground_its_actions_and_says_it_worked() {
    let (root, received) = mount().await;
    diagnose(&root, SHOP).await;
    let archive = card(&root, "PVC shop/reports-archive");
    let button = one(
        &archive,
        "button[aria-label='Simulate the fix for PVC shop/reports-archive']",
    );
    assert_eq!(text(&button), "Simulate the fix");
    press_button(&button).await;
    let archive = card(&root, "PVC shop/reports-archive");
    let outcome = text(&one(&archive, ".pvp-fix-outcome"));
    assert!(
        outcome.starts_with("✓ Resolved in the simulator"),
        "{outcome}"
    );
    assert!(
        outcome.contains("Claim shop/reports-archive is Bound to volume pvc-"),
        "{outcome}"
    );
    let received = received.borrow();
    let actions = received.last().expect("actions for the playground");
    assert!(
        matches!(actions.first(), Some(Action::Load(_))),
        "the dump first"
    );
    assert!(matches!(actions.last(), Some(Action::Select(c)) if c == "shop/reports-archive"));
    assert!(
        actions.iter().any(|a| matches!(a, Action::Delete(_))),
        "the claim deleted"
    );
}

#[wasm_bindgen_test]
async fn inside_the_page_the_fix_lands_in_the_playground_following_the_claim() {
    let root = mount_fresh_app().await;
    open_tab(&root, "Diagnose").await;
    diagnose(&root, SHOP).await;
    let typo = card(&root, "PVC shop/typo");
    press_button(&one(
        &typo,
        "button[aria-label='Simulate the fix for PVC shop/typo']",
    ))
    .await;
    let picker: HtmlSelectElement = one(&root, ".pvp-picker select").dyn_into().unwrap();
    assert_eq!(picker.value(), "shop/typo");
    assert!(
        text(&one(&root, ".pvp-notice")).starts_with("Loaded from Diagnose into the playground")
    );
    // The playground's flowchart follows the fixed claim: Bound, provisioned by its new class.
    assert!(
        text(&root).contains("Bound"),
        "the claim is bound in the playground"
    );
    // Undo walks the fix back a request at a time: before the create the claim is gone (the
    // picker falls back to the first claim); before the delete it is the dump's again.
    click(&root, "Undo").await;
    assert_eq!(picker.value(), "shop/db");
    click(&root, "Undo").await;
    assert_eq!(picker.value(), "shop/typo", "the dump before the fix");
}

#[wasm_bindgen_test]
async fn pages_through_a_large_dump() {
    let (root, _) = mount().await;
    let dump = pv_fixtures::dump::kubectl_dump(800, 3);
    let expected = diagnose_text(&dump).unwrap();
    // Over 64 KB the worker reads it; the test runner serves no worker, so the page says it
    // stopped and offers to read the dump itself.
    let status = diagnose(&root, &dump).await;
    assert!(
        status.starts_with("Nothing was diagnosed. The background worker stopped"),
        "{status}"
    );
    let section = one(&root, ".pvp-diagnose");
    click(&section, "Diagnose on this page instead").await;
    let status = settled_status(&section).await;
    assert_eq!(status, expected.summary());
    let listed = expected.list(&Listing::default());
    let total = pages(listed.len());
    assert!(total > 1, "{status}");
    assert_eq!(
        all(&root, ".pvp-verdict").len(),
        20,
        "only one page is drawn"
    );
    assert_eq!(text(&one(&root, "nav span")), format!("page 1 of {total}"));
    let previous = one(&root, "nav button:first-child");
    assert!(
        previous.has_attribute("disabled"),
        "no page before the first"
    );
    click(&root, "Next").await;
    assert_eq!(text(&one(&root, "nav span")), format!("page 2 of {total}"));
    assert_eq!(titles(&root)[0], listed[20].title());
    click(&root, "Previous").await;
    assert_eq!(titles(&root)[0], listed[0].title());
}

#[wasm_bindgen_test]
async fn manifests_are_offered_to_the_playground() {
    let (root, received) = mount().await;
    let status = diagnose(&root, MANIFESTS).await;
    assert_eq!(status, "Not a dump: 3 objects not read from a cluster");
    assert!(text(&one(&root, ".pvp-diagnose-notdump")).starts_with("This is not a dump"));
    assert!(all(&root, ".pvp-verdict").is_empty());
    click(&root, "Open in the playground").await;
    let received = received.borrow();
    match received.last().map(Vec::as_slice) {
        Some([Action::Load(session)]) => {
            assert!(session.cluster.claim("wiki", "wiki-data").is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_broken_dump_shows_its_problems_at_their_lines() {
    let (root, _) = mount().await;
    let broken = SHOP.replace(
        "    storageClassName: standrad",
        "    storageClassNam: standrad",
    );
    let status = diagnose(&root, &broken).await;
    assert_eq!(status, "The dump could not be read: 1 problem.");
    let problem = text(&one(&root, ".pvp-diagnose-problems li"));
    assert!(problem.starts_with("line "), "{problem}");
    assert!(
        problem.contains("unknown field \"spec.storageClassNam\""),
        "{problem}"
    );
    assert!(all(&root, ".pvp-verdict").is_empty());
}
