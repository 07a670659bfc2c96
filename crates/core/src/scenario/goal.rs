//! `goal` steps: a state the learner reaches by acting (console, forms, YAML), checked by the
//! runner's comparison; `pvsim run` plays the goal's `solution` so every goal is verified.

use super::{play_step, Expect, History, Step};
use pv_engine::cluster::Cluster;
use serde::Deserialize;

/// A task, the state that completes it, hints shown one at a time, and a solution: the
/// actions (apply, update, delete) that reach it from the state the steps before it leave.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// One or two sentences: what to reach, not how.
    pub task: String,
    /// What must hold, as an `expect` step says it.
    pub expect: Expect,
    #[serde(default)]
    pub hints: Vec<String>,
    pub solution: Vec<Step>,
    /// A lesson's words once the goal is reached: what the learner's change did.
    #[serde(default)]
    pub explain: Option<String>,
}

impl Goal {
    /// What a goal must hold to be played: a task, something to check, a solution made of
    /// actions, hints that say something.
    pub(super) fn check_shape(&self) -> Result<(), String> {
        if self.task.trim().is_empty() {
            return Err("task is empty".into());
        }
        if self.expect.is_empty() {
            return Err("expect names nothing to check".into());
        }
        if self.explain.as_deref().is_some_and(|e| e.trim().is_empty()) {
            return Err("explain is empty".into());
        }
        if let Some(i) = self.hints.iter().position(|h| h.trim().is_empty()) {
            return Err(format!("hint {} is empty", i + 1));
        }
        if self.solution.is_empty() {
            return Err("solution is empty: give the actions that reach the goal".into());
        }
        for (i, step) in self.solution.iter().enumerate() {
            step.action()
                .map_err(|m| format!("solution step {}: {m}", i + 1))?;
            if !step.changes_cluster() {
                return Err(format!(
                    "solution step {}: only apply, update and delete solve a goal",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    /// The runner's way through a goal: it must not hold yet (a goal already reached teaches
    /// nothing), then the solution is played and the goal must hold.
    pub(super) fn solve(&self, cluster: &mut Cluster, history: &History) -> Result<(), String> {
        if self.expect.check(cluster, history).is_ok() {
            return Err(
                "goal: it already holds before its solution is played, so there is nothing to do"
                    .into(),
            );
        }
        let mut seen = history.clone();
        for (i, step) in self.solution.iter().enumerate() {
            play_step(cluster, &seen, step)
                .map_err(|m| format!("goal: solution step {}: {m}", i + 1))?;
            seen.observe(cluster);
        }
        self.expect
            .check(cluster, &seen)
            .map_err(|m| format!("goal: after its solution, {m}"))
    }
}
