//! Diagnose's fixes as a user runs them: every request of every fixture's fix, typed into the
//! kubectl console (`pv_core::console`) as the kubectl text Diagnose prints, gives the same
//! cluster as the fix's structured step applied by the simulation. The text and the data come
//! from one `Step`; this holds them to what kubectl (as the console reads it) does with the text.
#![cfg(not(target_arch = "wasm32"))]

use pv_core::console;
use pv_core::diagnose::simulate::dump_session;
use pv_core::diagnose::{diagnose_dump, read_dump, Step};
use pv_core::session::Session;

const FIXTURES: [&str; 7] = [
    "shop.yaml",
    "local.yaml",
    "classes.yaml",
    "no-default.yaml",
    "named.yaml",
    "pods.yaml",
    "terminating.yaml",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/diagnose/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The kubectl verbs the console runs that fixes use; other requests (a workload's
/// controller, a wait, an annotation) are applied on both sides as their structured step.
fn console_runs(step: &Step) -> bool {
    matches!(
        step,
        Step::Patch { .. } | Step::Label { .. } | Step::Delete { .. } | Step::Create { .. }
    )
}

fn applied(session: &Session, step: &Step) -> Session {
    match step.action(&session.cluster).expect("the step applies") {
        Some(action) => session.apply(action),
        None => session.clone(),
    }
}

#[test]
fn every_fix_typed_into_the_console_makes_the_same_cluster_as_its_steps() {
    let mut typed = 0;
    for name in FIXTURES {
        let dump = read_dump(&fixture(name)).expect("reads");
        let diagnosis = diagnose_dump(&dump);
        for verdict in &diagnosis.verdicts {
            let Some(fix) = &verdict.fix else { continue };
            let mut by_steps = dump_session(&dump.cluster);
            let mut by_console = by_steps.clone();
            for step in &fix.steps {
                let expected = applied(&by_steps, step);
                if console_runs(step) {
                    let text = step.kubectl();
                    let outcome = console::run(&text, &by_console, "");
                    assert!(
                        outcome.success,
                        "{name}: {}: `{text}` failed in the console: {}",
                        verdict.title(),
                        outcome.text()
                    );
                    for action in outcome.actions {
                        by_console = by_console.apply(action);
                    }
                    typed += 1;
                } else {
                    by_console = applied(&by_console, step);
                }
                by_steps = expected;
                assert!(
                    by_console.cluster == by_steps.cluster,
                    "{name}: {}: after `{}` the console's cluster differs from the step's",
                    verdict.title(),
                    step.kubectl().lines().next().unwrap_or_default()
                );
            }
        }
    }
    assert!(typed >= 30, "{typed} requests typed into the console");
}
