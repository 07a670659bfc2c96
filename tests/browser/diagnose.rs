//! Diagnose mode in headless Chromium: a pasted dump's Pending claims in a table with their
//! reasons; sorting by a column header (aria-sort); pages; errors at their lines.

use crate::support::*;
use pv_playground::web::Diagnose;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

const SHOP: &str = include_str!("../diagnose/shop.yaml");

async fn mount() -> Element {
    let root = fresh_root();
    yew::Renderer::<Diagnose>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Pastes `dump`, clicks Diagnose and waits for the result (the work runs after a paint).
async fn diagnose(root: &Element, dump: &str) -> String {
    let area: HtmlTextAreaElement = one(root, "textarea").dyn_into().unwrap();
    area.set_value(dump);
    click(root, "Diagnose").await;
    for _ in 0..1000 {
        let status = text(&one(root, ".pvp-diagnose-status"));
        if !status.is_empty() && status != "Diagnosing…" {
            return status;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
        yew::scheduler::flush().await;
    }
    panic!("no result");
}

fn column(root: &Element, n: usize) -> Vec<String> {
    all(root, &format!("tbody tr td:nth-child({n})"))
        .iter()
        .map(text)
        .collect()
}

#[wasm_bindgen_test]
async fn lists_pending_claims_with_their_reasons() {
    let root = mount().await;
    let label = one(&root, "label");
    assert_eq!(text(&label), "kubectl dump");
    assert_eq!(
        label.get_attribute("for"),
        one(&root, "textarea").get_attribute("id")
    );
    let status = diagnose(&root, SHOP).await;
    assert_eq!(status, "4 Pending claims of 5 claims");
    assert!(text(&root).contains("the simulator did not run its controllers"));
    assert_eq!(
        column(&root, 2),
        ["reports", "reports-archive", "typo", "cache"]
    );
    assert_eq!(
        column(&root, 7),
        [
            "",
            "FailedBinding",
            "ProvisioningFailed",
            "ExternalProvisioning"
        ]
    );
    assert!(column(&root, 9)[0].starts_with("nfs-reports"));
    assert_eq!(text(&one(&root, "caption")), "Pending claims, page 1 of 1");
    assert_eq!(
        attribute_values(&root, "th[aria-sort]", "aria-sort"),
        ["ascending"],
        "sorted by namespace at first"
    );
}

#[wasm_bindgen_test]
async fn sorts_by_a_column_header_both_ways() {
    let root = mount().await;
    diagnose(&root, SHOP).await;
    click(&root, "Request").await;
    assert_eq!(column(&root, 4), ["500Mi", "2Gi", "5Gi", "10Gi"]);
    let sorted = one(&root, "th[aria-sort]");
    assert_eq!(text(&sorted), "Request");
    assert_eq!(
        sorted.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    click(&root, "Request").await;
    assert_eq!(column(&root, 4), ["10Gi", "5Gi", "2Gi", "500Mi"]);
    assert_eq!(
        one(&root, "th[aria-sort]")
            .get_attribute("aria-sort")
            .as_deref(),
        Some("descending")
    );
}

#[wasm_bindgen_test]
async fn pages_through_a_large_dump() {
    let root = mount().await;
    let dump = pv_fixtures::dump::kubectl_dump(800, 3);
    let expected = pv_core::diagnose::diagnose_text(&dump).unwrap();
    let status = diagnose(&root, &dump).await;
    assert_eq!(status, expected.summary());
    let pages = expected.pages();
    assert!(pages > 1, "{status}");
    assert_eq!(all(&root, "tbody tr").len(), 50, "only one page is drawn");
    assert_eq!(text(&one(&root, "nav span")), format!("page 1 of {pages}"));
    let previous = one(&root, "nav button:first-child");
    assert!(
        previous.has_attribute("disabled"),
        "no page before the first"
    );
    click(&root, "Next").await;
    assert_eq!(text(&one(&root, "nav span")), format!("page 2 of {pages}"));
    assert_eq!(column(&root, 2)[0], expected.page(2)[0].claim);
    click(&root, "Previous").await;
    assert_eq!(column(&root, 2)[0], expected.page(1)[0].claim);
}

#[wasm_bindgen_test]
async fn a_broken_dump_shows_its_problems_at_their_lines() {
    let root = mount().await;
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
    assert!(all(&root, "table").is_empty());
}
