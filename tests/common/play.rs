//! Clusters for tests, built as a user would: each string is one `apply` step of manifests,
//! played by the scenario runner (so every step settles).

use pv_core::scenario::{run, Scenario};
use pv_engine::Cluster;

/// The cluster after applying each of `steps` in turn; panics if a step is refused.
pub fn play(steps: &[&str]) -> Cluster {
    let mut text = String::from("name: t\nsteps:\n");
    for step in steps {
        text.push_str("  - apply: |\n");
        for line in step.lines() {
            text.push_str("      ");
            text.push_str(line);
            text.push('\n');
        }
    }
    let scenario = Scenario::parse(&text).expect("test scenario parses");
    let (cluster, outcome) = run(&scenario);
    outcome.expect("steps apply");
    cluster
}
