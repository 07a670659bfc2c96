//! The lesson player in the browser: choosing and playing a lesson (its text, a question that
//! holds Next until answered, feedback on a wrong answer, Next applying the step until the
//! claim is Bound), progress restored from storage, and the Mermaid export of both diagrams.

use crate::support::*;
use pv_playground::web::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement};

/// The control labelled `label` through its `<label for>`.
fn labelled(root: &Element, label: &str) -> Element {
    let label = all(root, "label")
        .into_iter()
        .find(|l| text(l) == label)
        .unwrap_or_else(|| panic!("a label {label:?}"));
    let id = label.get_attribute("for").expect("a label for a control");
    one(root, &format!("[id='{id}']"))
}

fn disabled(root: &Element, label: &str) -> bool {
    all(root, "button")
        .into_iter()
        .find(|b| text(b) == label)
        .unwrap_or_else(|| panic!("a button {label:?}"))
        .has_attribute("disabled")
}

async fn play_lesson(root: &Element, name: &str) {
    open_tab(root, "Lesson").await;
    let select: HtmlSelectElement = labelled(root, "Lesson").dyn_into().unwrap();
    select.set_value(name);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(root, "Play lesson").await;
}

/// Chooses the `choice`th answer and checks it, as a user would.
async fn answer(root: &Element, choice: usize) {
    all(root, ".pvp-lesson input[type=radio]")[choice]
        .clone()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    click(root, "Check answer").await;
}

fn lesson_text(root: &Element) -> String {
    text(&one(root, ".pvp-lesson"))
}

/// The rows of `kubectl get pv`, read on its tab (then back to the flowchart).
async fn pv_rows(root: &Element) -> usize {
    open_tab(root, "kubectl get").await;
    let rows = all(root, "table")
        .into_iter()
        .find(|t| text(t).contains("RECLAIM POLICY"))
        .map_or(0, |t| all(&t, "tbody tr").len());
    open_tab(root, "Flowchart").await;
    rows
}

#[wasm_bindgen_test]
async fn a_lesson_plays_with_its_text_a_question_and_the_result() {
    let root = mount_app().await;
    assert!(pv_rows(&root).await > 0, "the demo has volumes");
    play_lesson(&root, "static-provisioning").await;
    assert!(lesson_text(&root).contains("Static provisioning: a claim binds a volume made by hand"));
    assert!(lesson_text(&root).contains("Step 1 of 4"));
    let bold: Vec<String> = all(&root, ".pvp-lesson strong").iter().map(text).collect();
    assert_eq!(bold, ["static provisioning"]);
    assert!(all(&root, ".pvp-lesson code")
        .iter()
        .any(|c| text(c) == "pv-reports"));
    assert_eq!(
        pv_rows(&root).await,
        0,
        "a lesson starts from an empty cluster"
    );
    assert!(lesson_text(&root).contains("Next creates PersistentVolume pv-reports."));

    click(&root, "Next").await;
    assert_eq!(pv_rows(&root).await, 1, "Next applied the volume");
    let checks: Vec<String> = all(&root, ".pvp-lesson-checks li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(checks, ["✓ volume pv-reports is Available, no claim"]);

    click(&root, "Next").await;
    assert!(lesson_text(&root).contains("Step 3 of 4"));
    let legend = text(&one(&root, ".pvp-lesson fieldset legend"));
    assert_eq!(
        legend,
        "The claim asks for 5Gi; the only volume holds 10Gi. What happens?"
    );
    assert!(disabled(&root, "Next"), "the question comes first");
    assert!(disabled(&root, "Check answer"), "nothing chosen yet");
    let radios = all(&root, ".pvp-lesson input[type=radio]");
    assert_eq!(radios.len(), 3);
    answer(&root, 0).await;
    let feedback = text(&one(&root, ".pvp-lesson-feedback"));
    assert!(
        feedback
            .starts_with("Not quite. The answer is: The claim binds pv-reports and gets all 10Gi."),
        "{feedback}"
    );
    assert!(
        feedback.contains("You chose: The claim stays Pending: the sizes differ."),
        "{feedback}"
    );
    assert!(
        feedback.contains("status.capacity"),
        "the explanation follows: {feedback}"
    );
    assert!(
        all(&root, ".pvp-picker option").is_empty(),
        "no claim before Next"
    );

    click(&root, "Next").await;
    assert!(lesson_text(&root).contains("Step 4 of 4"));
    let options: Vec<String> = all(&root, ".pvp-picker option").iter().map(text).collect();
    assert_eq!(options, ["default/reports"]);
    assert!(text(&one(&root, ".pvp-phase")).starts_with("default/reports is Bound"));
    let checks: Vec<String> = all(&root, ".pvp-lesson-checks li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        checks,
        [
            "✓ claim default/reports is Bound, bound to pv-reports, capacity 10Gi",
            "✓ volume pv-reports is Bound, claimed by default/reports",
        ]
    );
    click(&root, "Next").await;
    assert!(lesson_text(&root).contains("Lesson complete"));
    assert!(lesson_text(&root).contains("You answered 0 of 1 question right."));
    assert!(disabled(&root, "Next"));

    click(&root, "Restart lesson").await;
    assert!(lesson_text(&root).contains("Step 1 of 4"));
    assert_eq!(pv_rows(&root).await, 0);
}

#[wasm_bindgen_test]
async fn progress_is_restored_from_storage_when_the_page_persists() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("pv-playground:v1").unwrap();
    storage
        .set_item("pv-playground:lesson", "static-provisioning")
        .unwrap();
    storage
        .set_item("pv-playground:lesson:static-provisioning", "2 -,-,-,-")
        .unwrap();
    let root = fresh_root();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            persist: true,
            ..AppProps::default()
        },
    )
    .render();
    yew::scheduler::flush().await;
    assert!(
        lesson_text(&root).contains("Step 3 of 4"),
        "{}",
        lesson_text(&root)
    );
    assert_eq!(all(&root, ".pvp-lesson fieldset").len(), 1);
    answer(&root, 1).await;
    assert!(text(&one(&root, ".pvp-lesson-feedback")).starts_with("Correct."));
    let saved = storage
        .get_item("pv-playground:lesson:static-provisioning")
        .unwrap();
    storage.remove_item("pv-playground:lesson").unwrap();
    storage
        .remove_item("pv-playground:lesson:static-provisioning")
        .unwrap();
    storage.remove_item("pv-playground:v1").unwrap();
    assert_eq!(saved.as_deref(), Some("2 -,-,1,-"));
}

#[wasm_bindgen_test]
async fn without_persistence_nothing_is_read_or_written() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item("pv-playground:lesson", "static-provisioning")
        .unwrap();
    let root = mount_app().await;
    open_tab(&root, "Lesson").await;
    assert!(all(&root, ".pvp-lesson").is_empty(), "no lesson resumed");
    play_lesson(&root, "dynamic-provisioning").await;
    assert_eq!(
        storage.get_item("pv-playground:lesson").unwrap().as_deref(),
        Some("static-provisioning")
    );
    assert_eq!(
        storage
            .get_item("pv-playground:lesson:dynamic-provisioning")
            .unwrap(),
        None
    );
    storage.remove_item("pv-playground:lesson").unwrap();
}

#[wasm_bindgen_test]
async fn both_diagrams_export_as_mermaid() {
    let root = mount_app().await;
    assert!(
        all(&root, ".pvp-mermaid-source").is_empty(),
        "written only when asked"
    );
    click_labelled(&root, "Copy as Mermaid (the flowchart)").await;
    let flowchart: HtmlTextAreaElement = labelled(&root, "Mermaid source of the flowchart")
        .dyn_into()
        .unwrap();
    let source = flowchart.value();
    assert!(source.starts_with("flowchart TD\n"), "{source}");
    assert!(
        source.contains("class ") && source.contains("linkStyle"),
        "the path is styled"
    );
    assert!(flowchart.read_only());
    open_tab(&root, "Cluster graph").await;
    click_labelled(&root, "Copy as Mermaid (the cluster graph)").await;
    let graph: HtmlTextAreaElement = labelled(&root, "Mermaid source of the cluster graph")
        .dyn_into()
        .unwrap();
    assert!(graph.value().starts_with("flowchart TD\n"));
    assert_eq!(
        all(&root, ".pvp-mermaid-source").len(),
        1,
        "the flowchart's tab is not drawn while the graph's shows"
    );
}
