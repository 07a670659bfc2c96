//! The lesson player in the browser: choosing and playing a lesson (its text, a question that
//! holds Next until answered, feedback on a wrong answer, Next applying the step until the
//! claim is Bound), a goal checked live after each form action (a wrong attempt explained,
//! Reset to this step, the goal reached, the next lesson), progress restored from storage,
//! and the Mermaid export of both diagrams.

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

/// The ✓/✗ sentences shown, as `✓ text` (the words said to screen readers left out).
fn checks(root: &Element) -> Vec<String> {
    all(root, ".pvp-lesson-checks li")
        .iter()
        .map(|li| {
            let mark = text(&one(li, ".pvp-check-mark"));
            let said = text(&one(li, ".pvp-visually-hidden"));
            let all = text(li);
            format!("{mark} {}", &all[mark.len() + said.len()..])
        })
        .collect()
}

fn input(root: &Element, field: &str) -> web_sys::HtmlInputElement {
    one(root, &format!("[data-field='{field}'] input"))
        .dyn_into()
        .unwrap()
}

/// Types into a form field of the Objects section as a user would.
async fn type_into(root: &Element, field: &str, value: &str) {
    let element = input(root, field);
    element.set_value(value);
    element
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
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
    assert!(lesson_text(&root).contains("Step 1 of 6"));
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
    // What Next sends is shown, and said.
    assert_eq!(
        text(&one(&root, ".pvp-lesson-manifest figcaption")),
        "Next creates PersistentVolume pv-reports:"
    );
    assert!(text(&one(&root, ".pvp-lesson-manifest pre")).contains("name: pv-reports"));

    click(&root, "Next").await;
    assert_eq!(pv_rows(&root).await, 1, "Next applied the volume");
    assert_eq!(
        checks(&root),
        ["✓ volume pv-reports is Available, with no claimRef"]
    );
    assert!(
        lesson_text(&root).contains("In static provisioning an administrator"),
        "a check step keeps the text it checks"
    );

    click(&root, "Next").await;
    assert!(lesson_text(&root).contains("Step 3 of 6"));
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
    assert!(lesson_text(&root).contains("Step 4 of 6"));
    let options: Vec<String> = all(&root, ".pvp-picker option").iter().map(text).collect();
    assert_eq!(options, ["default/reports"]);
    assert!(text(&one(&root, ".pvp-phase")).starts_with("default/reports is Bound"));
    assert_eq!(
        checks(&root),
        [
            "✓ claim default/reports is Bound to pv-reports, with capacity 10Gi",
            "✓ volume pv-reports is Bound to default/reports",
        ]
    );
    // The question's explanation stays beside the outcome it explains.
    assert!(text(&one(&root, ".pvp-lesson-recap")).contains("status.capacity"));
}

/// Plays static-provisioning up to its goal, answering the question right.
async fn to_the_goal(root: &Element) {
    play_lesson(root, "static-provisioning").await;
    click(root, "Next").await;
    click(root, "Next").await;
    answer(root, 1).await;
    click(root, "Next").await;
    click(root, "Next").await;
    click(root, "Next").await;
    assert!(
        lesson_text(root).contains("Step 6 of 6"),
        "{}",
        lesson_text(root)
    );
}

#[wasm_bindgen_test]
async fn a_goal_is_checked_live_after_each_form_action() {
    let root = mount_app().await;
    to_the_goal(&root).await;
    assert!(text(&one(&root, ".pvp-goal-task")).contains("binds pv-invoices"));
    assert_eq!(
        checks(&root),
        [
            "✗ claim default/invoices does not exist",
            "✗ volume pv-invoices is Available: it has no claimRef; claim default/invoices does not exist",
        ]
    );
    assert!(disabled(&root, "Continue"), "the goal comes first");
    assert!(
        lesson_text(&root).contains("Reach the goal to go on"),
        "and says so"
    );
    // The volume as it is now, its capacity and access modes marked.
    let marked: Vec<String> = all(&root, ".pvp-lesson-manifest mark")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        marked,
        [
            "  capacity:",
            "    storage: 2Gi",
            "  accessModes:",
            "  - ReadWriteOnce"
        ]
    );

    // The claim form as it comes: another claim takes the volume, and the goal says so.
    click(&root, "Add claim").await;
    assert_eq!(
        checks(&root)[1],
        "✗ volume pv-invoices is Bound to default/claim-1"
    );
    click(&root, "Hint (1 of 2)").await;
    assert_eq!(all(&root, ".pvp-goal-hints li").len(), 1);
    click(&root, "Reset to this step").await;
    assert!(
        checks(&root)[1].starts_with("✗ volume pv-invoices is Available"),
        "the lesson's cluster is back"
    );

    type_into(&root, "name", "invoices").await;
    type_into(&root, "size", "2Gi").await;
    click(&root, "Add claim").await;
    assert_eq!(
        checks(&root),
        [
            "✓ claim default/invoices is Bound to pv-invoices",
            "✓ volume pv-invoices is Bound to default/invoices",
        ]
    );
    assert_eq!(text(&one(&root, ".pvp-goal h5")), "Goal reached");
    assert!(!disabled(&root, "Continue"));
    click(&root, "Continue").await;
    assert!(lesson_text(&root).contains("Lesson complete"));
    assert!(lesson_text(&root).contains("You reached 1 of 1 goal yourself."));
    assert!(lesson_text(&root).contains("You answered 1 of 1 question right."));
    assert!(
        all(&root, ".pvp-lesson button")
            .iter()
            .all(|b| text(b) != "Next"),
        "no dead Next at the end"
    );
    click(
        &root,
        "Next lesson: Dynamic provisioning: a StorageClass creates the volume",
    )
    .await;
    assert!(lesson_text(&root).contains("Step 1 of "));
    assert!(lesson_text(&root).contains("Dynamic provisioning"));
    assert_eq!(
        pv_rows(&root).await,
        0,
        "the next lesson starts from an empty cluster"
    );
}

#[wasm_bindgen_test]
async fn a_stuck_learner_gets_the_solution_and_restarts() {
    let root = mount_app().await;
    to_the_goal(&root).await;
    click(&root, "Hint (1 of 2)").await;
    click(&root, "Hint (2 of 2)").await;
    click(&root, "Show the solution").await;
    let solution = text(&one(&root, ".pvp-goal-solution"));
    assert!(solution.contains("$ kubectl apply -f -"), "{solution}");
    assert!(solution.contains("name: invoices"), "{solution}");
    click(&root, "Apply the solution").await;
    assert!(
        checks(&root).iter().all(|c| c.starts_with('✓')),
        "{:?}",
        checks(&root)
    );
    click(&root, "Continue").await;
    assert!(
        lesson_text(&root).contains("You reached 0 of 1 goal yourself (1 goal with the solution).")
    );
    click(&root, "Restart lesson").await;
    assert!(lesson_text(&root).contains("Step 1 of 6"));
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
        .set_item("pv-playground:lesson:static-provisioning", "2 -,-,-,-,-,-")
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
        lesson_text(&root).contains("Step 3 of 6"),
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
    assert_eq!(saved.as_deref(), Some("2 -,-,1,-,-,- -,-,-,-,-,-"));
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

#[wasm_bindgen_test]
async fn an_experiment_mid_lesson_is_explained_and_reset_to_the_step() {
    let root = mount_app().await;
    play_lesson(&root, "static-provisioning").await;
    click(&root, "Next").await;
    assert_eq!(
        checks(&root),
        ["✓ volume pv-reports is Available, with no claimRef"]
    );
    // The learner tries the claim form before the lesson asks: the claim takes the volume.
    click(&root, "Add claim").await;
    assert_eq!(
        checks(&root),
        ["✗ volume pv-reports is Bound to default/claim-1"]
    );
    let changes: Vec<String> = all(&root, ".pvp-lesson-changes li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        changes,
        [
            "You created PersistentVolumeClaim default/claim-1.",
            "PersistentVolume pv-reports: its spec.claimRef changed; it is Bound, where the lesson has it Available.",
        ]
    );
    assert!(
        !lesson_text(&root).contains("expected"),
        "sentences, not test output"
    );
    click(&root, "Reset to this step").await;
    assert!(all(&root, ".pvp-lesson-changes").is_empty());
    assert_eq!(
        checks(&root),
        ["✓ volume pv-reports is Available, with no claimRef"]
    );
    assert!(lesson_text(&root).contains("Step 2 of 6"));
}
