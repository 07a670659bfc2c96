//! The conformance suite: every scenario under tests/scenarios/ played by the runner.
#![cfg(not(target_arch = "wasm32"))]

use pv_playground::scenario::{run, Scenario};
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
