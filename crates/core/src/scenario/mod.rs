//! Scenarios: the YAML format shared by lessons, the conformance suite and `pvsim run`, and the
//! runner that plays their steps against a [`Cluster`] and checks their expectations.

mod expect;
mod goal;
pub mod lessons;
mod manifests;
pub mod player;
mod verdict;

pub use expect::{ClaimExpect, EventExpect, Expect, History, PodExpect, VolumeExpect};
pub use goal::Goal;
pub use verdict::Verdict;

use crate::manifest;
pub use crate::problem::Problem;
use pv_engine::cluster::{Cluster, Finalizers};
use pv_engine::objects::{Kind, ObjectKey};
use serde::Deserialize;
use std::fmt;

/// One scenario file. Keys other than these (a lesson's narrative, say) are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// A lesson's title: a file that has one is a lesson, and `pvsim run` checks its narrative
    /// and questions too ([`lessons::Lesson::parse`]).
    #[serde(default)]
    pub title: Option<String>,
    pub steps: Vec<Step>,
}

/// A step: exactly one of `apply`, `update`, `delete`, `expect`, `goal` (other keys are a
/// lesson's).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Step {
    #[serde(default)]
    pub apply: Option<String>,
    #[serde(default)]
    pub update: Option<String>,
    #[serde(default)]
    pub delete: Option<DeleteStep>,
    #[serde(default)]
    pub expect: Option<Expect>,
    /// On an `apply`, `update` or `delete`: the API server must refuse the request with a
    /// message containing this text, and nothing changes.
    #[serde(default)]
    pub refused: Option<String>,
    #[serde(default)]
    pub goal: Option<Goal>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteStep {
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub namespace: Option<String>,
}

/// What a step does, once checked to hold exactly one action.
pub enum Action<'a> {
    Apply(&'a str),
    Update(&'a str),
    Delete(&'a DeleteStep),
    Expect(&'a Expect),
    /// A state the learner reaches by acting; the runner plays its `solution`, then checks it.
    Goal(&'a Goal),
}

impl Step {
    pub fn action(&self) -> Result<Action<'_>, String> {
        let actions: Vec<Action> = [
            self.apply.as_deref().map(Action::Apply),
            self.update.as_deref().map(Action::Update),
            self.delete.as_ref().map(Action::Delete),
            self.expect.as_ref().map(Action::Expect),
            self.goal.as_ref().map(Action::Goal),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.refused.is_some() && (self.expect.is_some() || self.goal.is_some()) {
            return Err(
                "refused goes with an apply, update or delete step, not with expect or goal".into(),
            );
        }
        match actions.len() {
            1 => Ok(actions.into_iter().next().expect("one action")),
            0 => Err("a step needs one of apply, update, delete, expect, goal".into()),
            _ => Err("a step may hold only one of apply, update, delete, expect, goal".into()),
        }
    }

    /// Whether the step changes the cluster when played (apply, update, delete).
    pub fn changes_cluster(&self) -> bool {
        matches!(
            self.action(),
            Ok(Action::Apply(_) | Action::Update(_) | Action::Delete(_))
        )
    }
}

impl Scenario {
    /// Reads a scenario and checks its shape (every step holds one action; unknown keys inside
    /// `expect` are errors, so a typo cannot pass silently). The same path on every target:
    /// the manifest layer's reader into a positioned tree, then serde over the tree, so the
    /// page plays exactly what `pvsim run` checks.
    pub fn parse(text: &str) -> Result<Scenario, Problem> {
        Self::parse_tree(&manifest::read_single_document(text)?)
    }

    fn parse_tree(root: &manifest::Node) -> Result<Scenario, Problem> {
        let scenario: Scenario = manifest::decode_document(root)?;
        for (i, step) in scenario.steps.iter().enumerate() {
            let at = |message: String| Problem::nowhere(format!("step {}: {message}", i + 1));
            if let Action::Goal(goal) = step.action().map_err(at)? {
                goal.check_shape().map_err(|m| at(format!("goal: {m}")))?;
            }
        }
        Ok(scenario)
    }
}

/// The first thing that went wrong in a scenario: at which step (1-based) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub step: usize,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {}: {}", self.step, self.message)
    }
}

/// Plays a scenario on a fresh cluster. After every apply, update and delete the control loop
/// runs until nothing changes; `expect` compares what it names.
pub fn run(scenario: &Scenario) -> (Cluster, Result<(), Failure>) {
    let mut cluster = Cluster::new();
    let mut history = History::default();
    for (i, step) in scenario.steps.iter().enumerate() {
        let fail = |message: String| Failure {
            step: i + 1,
            message,
        };
        if let Err(message) = play_step(&mut cluster, &history, step) {
            return (cluster, Err(fail(message)));
        }
        history.observe(&cluster);
    }
    (cluster, Ok(()))
}

/// Plays one step as the runner does: apply, update or delete followed by a settle,
/// expect's comparison (`history` is what earlier steps showed), or a goal: checked not to
/// hold yet, its solution played, then checked to hold. The lesson player plays steps through
/// this too, so the page and `pvsim run` cannot disagree. A write step is all or nothing:
/// when the API server refuses one of its objects, the cluster is left as it was — which is
/// what a step with `refused` asks for.
pub fn play_step(cluster: &mut Cluster, history: &History, step: &Step) -> Result<(), String> {
    let action = step.action()?;
    let mut trial = cluster.clone();
    let outcome = match action {
        Action::Apply(text) => apply(&mut trial, text),
        Action::Update(text) => update(&mut trial, text),
        Action::Delete(target) => delete(&mut trial, target),
        Action::Expect(expected) => return expected.check(cluster, history),
        Action::Goal(goal) => return goal.solve(cluster, history),
    };
    match (outcome, step.refused.as_deref()) {
        (Ok(()), None) => {
            *cluster = trial;
            Ok(())
        }
        (Ok(()), Some(expected)) => Err(format!(
            "expected the API server to refuse the request with a message containing {expected:?}, but it accepted it"
        )),
        (Err(StepError::Refused(message)), Some(expected)) if message.contains(expected) => Ok(()),
        (Err(StepError::Refused(message)), Some(expected)) => Err(format!(
            "refused with {message:?}, which does not contain {expected:?}"
        )),
        (Err(StepError::Refused(message) | StepError::Malformed(message)), _) => Err(message),
    }
}

/// Why a write step did not run.
enum StepError {
    /// The step itself is wrong (a manifest that does not parse, an unknown kind).
    Malformed(String),
    /// The API server refused a request, in its words.
    Refused(String),
}

fn documents(text: &str) -> Result<Vec<manifests::Document>, StepError> {
    manifests::parse(text).map_err(StepError::Malformed)
}

fn refused(error: pv_engine::ApiError) -> StepError {
    StepError::Refused(error.to_string())
}

fn apply(cluster: &mut Cluster, text: &str) -> Result<(), StepError> {
    let documents = documents(text)?;
    cluster.tick();
    for doc in documents {
        cluster.create(doc.object).map_err(refused)?;
    }
    cluster.settle();
    Ok(())
}

/// The objects an `update` step writes: each document as `kubectl edit` would send it back,
/// with what the system wrote on the live object and the document cannot know carried over
/// (`pv_engine::system_fields`).
pub fn update_objects(
    cluster: &Cluster,
    text: &str,
) -> Result<Vec<(pv_engine::objects::Object, Finalizers)>, String> {
    Ok(manifests::parse(text)?
        .into_iter()
        .map(|doc| {
            let finalizers = if doc.lists_finalizers {
                Finalizers::Replace
            } else {
                Finalizers::Keep
            };
            let object = match cluster.get(&doc.object.key()) {
                Some(live) => pv_engine::system_fields::with_system_fields(&live, doc.object),
                None => doc.object,
            };
            (object, finalizers)
        })
        .collect())
}

fn update(cluster: &mut Cluster, text: &str) -> Result<(), StepError> {
    let objects = update_objects(cluster, text).map_err(StepError::Malformed)?;
    cluster.tick();
    for (object, finalizers) in objects {
        cluster.replace(object, finalizers).map_err(refused)?;
    }
    cluster.settle();
    Ok(())
}

/// The object a `delete` step names.
fn delete_key(target: &DeleteStep) -> Result<ObjectKey, String> {
    let kind =
        Kind::parse(&target.kind).ok_or_else(|| format!("unknown kind {:?}", target.kind))?;
    Ok(ObjectKey::new(
        kind,
        target.namespace.as_deref(),
        &target.name,
    ))
}

fn delete(cluster: &mut Cluster, target: &DeleteStep) -> Result<(), StepError> {
    let key = delete_key(target).map_err(StepError::Malformed)?;
    cluster.tick();
    cluster.delete(&key).map_err(refused)?;
    cluster.settle();
    Ok(())
}
