//! The conformance suite: every scenario under tests/scenarios/ played by the runner.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::disallowed_methods)] // tests sort with the standard library; the page's size rule is not theirs

use pv_core::scenario::{run, Scenario};
use std::path::Path;

#[test]
fn every_scenario_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable scenario");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        match Scenario::parse(&text) {
            Err(e) => failures.push(format!("{stem}: malformed: {e}")),
            Ok(scenario) => {
                if scenario.name != stem {
                    failures.push(format!(
                        "{stem}: name {:?} differs from the file name",
                        scenario.name
                    ));
                }
                if let (_, Err(failure)) = run(&scenario) {
                    failures.push(format!("{stem}: FAIL {failure}"));
                }
            }
        }
    }
    assert!(
        files.len() >= 100,
        "the suite has {} scenarios",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// The page and `pvsim` read scenarios through the manifest layer's tree (the subset reader in
/// the browser); serde-saphyr read them directly before. Every file of the suite and every
/// lesson (its steps' `say` and `predict` too) must read exactly as serde-saphyr reads it.
#[test]
fn scenarios_read_through_the_tree_as_serde_saphyr_reads_them() {
    use pv_core::scenario::lessons::{Lesson, Predict};
    #[derive(serde::Deserialize)]
    struct LessonText {
        title: String,
        summary: String,
        steps: Vec<StepText>,
    }
    #[derive(serde::Deserialize)]
    struct StepText {
        say: Option<String>,
        predict: Option<Predict>,
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for dir in ["tests/scenarios", "lessons"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("directory exists") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let direct: Scenario = serde_saphyr::from_str(&text).expect("serde-saphyr reads it");
            let tree = Scenario::parse(&text).expect("the tree path reads it");
            assert_eq!(
                format!("{tree:?}"),
                format!("{direct:?}"),
                "{}",
                path.display()
            );
            if dir == "lessons" {
                let direct: LessonText = serde_saphyr::from_str(&text).expect("lesson text");
                let lesson = Lesson::parse(&text).expect("the tree path reads the lesson");
                assert_eq!(lesson.title, direct.title);
                assert_eq!(lesson.summary, direct.summary);
                let steps: Vec<_> = direct
                    .steps
                    .into_iter()
                    .map(|s| (s.say, s.predict))
                    .collect();
                let read: Vec<_> = lesson
                    .steps
                    .into_iter()
                    .map(|s| (s.say, s.predict))
                    .collect();
                assert_eq!(read, steps, "{}", path.display());
            }
            compared += 1;
        }
    }
    assert!(compared >= 195, "compared {compared} files");
}
