//! The lesson player's model: where a learner is in a lesson, the answers they gave, the goals
//! they reached, and the session actions that play each step. Scripted steps are played with
//! the runner's own [`play_step`] (first on a copy of the learner's cluster, so a step that
//! cannot run says why and changes nothing), then sent to the session as [`Action::Apply`] or
//! [`Action::Delete`]; so the page shows exactly what `pvsim run` checks. A goal step is not
//! played: the learner reaches it by acting (console, forms, YAML: all `Action`s), and it is
//! checked again on every change of their cluster. What the learner changed outside a goal is
//! said in sentences, with a way back ("Reset to this step"). The view only renders this.

use super::lessons::{Lesson, LessonStep, Predict};
use super::{manifests, play_step, Action as StepAction, Goal, History, Step, Verdict};
use crate::manifest::{self, LineRange};
use crate::session::{Action, Session, Write};
use pv_engine::cluster::{Cluster, Finalizers};
use pv_engine::objects::{Object, ObjectKey};
use pv_engine::sort::CompactSort;
use std::collections::BTreeMap;
use std::rc::Rc;

/// How a goal was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reached {
    /// By the learner's own actions.
    ByLearner,
    /// By playing the goal's solution.
    WithSolution,
}

/// A goal step's state: how many hints were shown, and whether (and how) it was reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GoalProgress {
    pub hints: usize,
    pub reached: Option<Reached>,
}

/// What is kept between visits: the step shown, the answers given, the goals' state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The step shown, from 0; the number of steps once the lesson is finished.
    pub step: usize,
    /// Per step, the choice the learner checked (steps without a question stay `None`).
    pub answers: Vec<Option<usize>>,
    /// Per step, the goal's state (default for steps without a goal).
    pub goals: Vec<GoalProgress>,
}

fn list<T>(items: &[T], show: impl Fn(&T) -> Option<String>) -> String {
    let shown: Vec<String> = items
        .iter()
        .map(|i| show(i).unwrap_or_else(|| "-".to_owned()))
        .collect();
    shown.join(",")
}

impl Progress {
    /// A short text for storage: the step, the answers, the goals (`5 -,1,-,- -,-,-,2r`:
    /// a goal with two hints shown, reached by the learner; `s` when reached with the
    /// solution).
    pub fn encode(&self) -> String {
        let answers = list(&self.answers, |a| a.map(|a| a.to_string()));
        let goals = list(&self.goals, |g| {
            let flag = match g.reached {
                None => "",
                Some(Reached::ByLearner) => "r",
                Some(Reached::WithSolution) => "s",
            };
            (*g != GoalProgress::default()).then(|| format!("{}{flag}", g.hints))
        });
        format!("{} {answers} {goals}", self.step)
    }

    /// Reads [`Progress::encode`]'s text (an older text without goals too); anything else (a
    /// hand-edited value) is `None`, and the lesson starts over.
    pub fn decode(text: &str) -> Option<Progress> {
        let mut parts = text.trim().split(' ');
        let step = parts.next()?.parse().ok()?;
        let items = |part: Option<&str>| -> Vec<String> {
            part.unwrap_or_default()
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let answers = items(parts.next())
            .iter()
            .map(|a| match a.as_str() {
                "-" => Some(None),
                n => n.parse().ok().map(Some),
            })
            .collect::<Option<Vec<_>>>()?;
        let goals = items(parts.next())
            .iter()
            .map(|g| {
                if g == "-" {
                    return Some(GoalProgress::default());
                }
                let (hints, reached) = match g.strip_suffix('r') {
                    Some(h) => (h, Some(Reached::ByLearner)),
                    None => match g.strip_suffix('s') {
                        Some(h) => (h, Some(Reached::WithSolution)),
                        None => (g.as_str(), None),
                    },
                };
                Some(GoalProgress {
                    hints: hints.parse().ok()?,
                    reached,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        if parts.next().is_some() {
            return None;
        }
        Some(Progress {
            step,
            answers,
            goals,
        })
    }
}

/// How the learner's answer to the current question went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feedback {
    Correct,
    /// The right choice's text.
    Incorrect(String),
}

/// Manifests shown with the lines of the fields the step is about highlighted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownManifest {
    pub text: String,
    pub highlighted: Vec<LineRange>,
}

/// One action of a goal's solution, as a learner would type it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolutionStep {
    /// The kubectl command (`kubectl replace -f -`, `kubectl delete pvc web -n default`).
    pub command: String,
    /// The manifests it sends, for apply and replace.
    pub manifest: Option<String>,
}

/// A lesson being played.
#[derive(Clone, Debug)]
pub struct Player {
    pub lesson: Rc<Lesson>,
    progress: Progress,
    /// What the steps played so far showed (the uids of claims, for `dynamic` volumes).
    history: History,
    /// The cluster the lesson's steps so far made (after a goal, the learner's cluster that
    /// reached it): what the learner's cluster is compared with to say what they changed.
    baseline: Rc<Cluster>,
    /// Why the last Next could not go on.
    pub problem: Option<String>,
}

impl Player {
    /// Brings the session to where the lesson is: an empty cluster at its first step, the
    /// steps played so far replayed on an empty cluster otherwise (undoable, like Start
    /// empty). Sent when a lesson starts, restarts, resumes on a session that is not its, or
    /// the learner resets the step.
    pub fn start_action(&self) -> Action {
        Action::Load(Box::new(self.start_session()))
    }

    /// The session [`Player::start_action`] loads.
    pub fn start_session(&self) -> Session {
        let (cluster, _) = replay(&self.lesson, self.progress.step);
        Session::over(cluster)
    }

    /// "Reset to this step": the lesson's steps so far replayed on an empty cluster, the
    /// learner's changes undone (one Undo brings them back).
    pub fn reset(&mut self) -> Action {
        let session = self.start_session();
        self.baseline = session.cluster.clone();
        self.problem = None;
        Action::Load(Box::new(session))
    }

    /// The lesson from its first step.
    pub fn new(lesson: Rc<Lesson>) -> Player {
        Player::resume(lesson, Progress::default())
    }

    /// The lesson where a learner left it: a step past the end means finished, answers that
    /// do not fit a question and goal states of steps without a goal are dropped. The steps
    /// already played are replayed on a fresh cluster to recover what they showed.
    pub fn resume(lesson: Rc<Lesson>, progress: Progress) -> Player {
        let count = lesson.steps.len();
        let answers = (0..count)
            .map(|i| {
                let given = progress.answers.get(i).copied().flatten()?;
                let predict = lesson.steps[i].predict.as_ref()?;
                (given < predict.choices.len()).then_some(given)
            })
            .collect();
        let goals = (0..count)
            .map(|i| {
                let goal = lesson.scenario.steps[i].goal.as_ref();
                match (goal, progress.goals.get(i)) {
                    (Some(goal), Some(state)) => GoalProgress {
                        hints: state.hints.min(goal.hints.len()),
                        reached: state.reached,
                    },
                    _ => GoalProgress::default(),
                }
            })
            .collect();
        let step = progress.step.min(count);
        let (cluster, history) = replay(&lesson, step);
        Player {
            lesson,
            progress: Progress {
                step,
                answers,
                goals,
            },
            history,
            baseline: Rc::new(cluster),
            problem: None,
        }
    }

    /// Notes what the learner's cluster shows (the uid of each claim), so that a goal can
    /// still name the volume provisioned for a claim the learner made and then deleted. Call
    /// it on every change of the learner's cluster; true when it learnt something.
    pub fn observe(&mut self, cluster: &Cluster) -> bool {
        self.history.observe(cluster)
    }

    /// Takes the learner's cluster as the lesson's: for a session restored with the lesson
    /// (after a reload), which may hold the learner's own way through an earlier goal.
    pub fn adopt(&mut self, cluster: Rc<Cluster>) {
        self.observe(&cluster);
        self.baseline = cluster;
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The step shown, from 0.
    pub fn step(&self) -> usize {
        self.progress.step
    }

    pub fn step_count(&self) -> usize {
        self.lesson.steps.len()
    }

    pub fn finished(&self) -> bool {
        self.progress.step >= self.step_count()
    }

    /// The narrative and question of the step shown (None once finished).
    pub fn current(&self) -> Option<&LessonStep> {
        self.lesson.steps.get(self.progress.step)
    }

    /// The text to show: the step's own `say`, or, on a step without one (a check after an
    /// action), the latest earlier step's, with `true` to say it continues. Narrative never
    /// vanishes while the learner looks at an outcome.
    pub fn narrative(&self) -> Option<(&str, bool)> {
        let step = self.progress.step.min(self.step_count());
        (0..=step)
            .rev()
            .filter_map(|i| Some((i, self.lesson.steps.get(i)?.say.as_deref()?)))
            .map(|(i, say)| (say, i != step))
            .next()
    }

    pub fn question(&self) -> Option<&Predict> {
        self.current()?.predict.as_ref()
    }

    /// The question the step before asked and the learner's answer, when this step shows its
    /// outcome (a step without its own question): the explanation belongs beside the result.
    pub fn recap(&self) -> Option<(&Predict, Feedback)> {
        if self.question().is_some() {
            return None;
        }
        let before = self.progress.step.checked_sub(1)?;
        let predict = self.lesson.steps.get(before)?.predict.as_ref()?;
        let answer = self.progress.answers.get(before).copied().flatten()?;
        Some((predict, feedback_for(predict, answer)))
    }

    /// The choice the learner checked for the current question.
    pub fn answer(&self) -> Option<usize> {
        self.progress
            .answers
            .get(self.progress.step)
            .copied()
            .flatten()
    }

    /// Whether Next must wait for an answer.
    pub fn awaits_answer(&self) -> bool {
        self.question().is_some() && self.answer().is_none()
    }

    /// Records the learner's answer to the current question (the first one counts; a choice
    /// out of range is ignored).
    pub fn check_answer(&mut self, choice: usize) {
        let fits = self.question().is_some_and(|q| choice < q.choices.len());
        if fits && self.answer().is_none() {
            if let Some(slot) = self.progress.answers.get_mut(self.progress.step) {
                *slot = Some(choice);
            }
        }
    }

    /// How the current answer went, once given.
    pub fn feedback(&self) -> Option<Feedback> {
        Some(feedback_for(self.question()?, self.answer()?))
    }

    /// Right answers and questions asked, for the end of the lesson.
    pub fn score(&self) -> (usize, usize) {
        let right = self
            .lesson
            .steps
            .iter()
            .zip(&self.progress.answers)
            .filter(|(step, given)| {
                step.predict
                    .as_ref()
                    .is_some_and(|p| **given == Some(p.answer))
            })
            .count();
        (right, self.lesson.question_count())
    }

    /// Goals the learner reached by their own actions, and goals in the lesson.
    pub fn goals_reached(&self) -> (usize, usize) {
        let own = self
            .progress
            .goals
            .iter()
            .filter(|g| g.reached == Some(Reached::ByLearner))
            .count();
        (own, self.lesson.goal_count())
    }

    /// The goal of the step shown.
    pub fn goal(&self) -> Option<&Goal> {
        self.scenario_step()?.goal.as_ref()
    }

    /// The goal's state at the step shown.
    pub fn goal_progress(&self) -> GoalProgress {
        self.progress
            .goals
            .get(self.progress.step)
            .copied()
            .unwrap_or_default()
    }

    /// Whether the learner's cluster reaches the goal of the step shown (the runner's
    /// comparison).
    pub fn goal_reached(&self, cluster: &Cluster) -> bool {
        self.goal()
            .is_some_and(|g| g.expect.check(cluster, &self.history).is_ok())
    }

    /// The hints shown so far for the goal of the step shown.
    pub fn hints_shown(&self) -> &[String] {
        let shown = self.goal_progress().hints;
        self.goal()
            .map_or(&[], |g| &g.hints[..shown.min(g.hints.len())])
    }

    /// Whether another hint can be shown.
    pub fn more_hints(&self) -> bool {
        self.goal()
            .is_some_and(|g| self.goal_progress().hints < g.hints.len())
    }

    /// Shows the next hint.
    pub fn hint(&mut self) {
        if self.more_hints() {
            if let Some(state) = self.progress.goals.get_mut(self.progress.step) {
                state.hints += 1;
            }
        }
    }

    /// The goal's solution as kubectl commands and manifests.
    pub fn solution(&self) -> Vec<SolutionStep> {
        self.goal()
            .map(|g| g.solution.iter().filter_map(solution_step).collect())
            .unwrap_or_default()
    }

    /// Plays the goal's solution on the lesson's cluster at this step (the learner's
    /// attempt is replaced; one Undo brings it back) and records that the goal was reached
    /// with it. None when the step has no goal.
    pub fn apply_solution(&mut self) -> Option<Action> {
        let goal = self.goal()?.clone();
        let (mut cluster, mut history) = replay(&self.lesson, self.progress.step);
        for step in &goal.solution {
            // The runner checks every lesson's solution; a failure here is a broken lesson,
            // and the learner then sees the goal's checks fail.
            let _ = play_step(&mut cluster, &history, step);
            history.observe(&cluster);
        }
        if let Some(state) = self.progress.goals.get_mut(self.progress.step) {
            state.reached = Some(Reached::WithSolution);
        }
        // What the solution showed (a claim it made and deleted) is what the goal checks.
        self.history = history;
        self.problem = None;
        Some(Action::Load(Box::new(Session::over(cluster))))
    }

    /// The checks of the step shown, an `expect` step's or a goal's, as sentences: what
    /// holds, and for what does not, why (the engine's explanations).
    pub fn verdicts(&self, cluster: &Cluster) -> Vec<Verdict> {
        match self.scenario_step().map(Step::action) {
            Some(Ok(StepAction::Expect(expect))) => expect.verdicts(cluster, &self.history),
            Some(Ok(StepAction::Goal(goal))) => goal.expect.verdicts(cluster, &self.history),
            _ => Vec::new(),
        }
    }

    /// What the learner changed since the lesson's steps made the cluster, in sentences
    /// (nothing on a goal step, where changing it is the task, or at the end).
    pub fn changes(&self, cluster: &Cluster) -> Vec<String> {
        if self.goal().is_some() || self.finished() {
            return Vec::new();
        }
        differences(&self.baseline, cluster)
    }

    /// The manifests the step is about, its `highlight` fields marked: an apply or update
    /// step's own text; for a goal, the objects it names as they are now in the learner's
    /// cluster. None for other steps, and for a goal step without `highlight`.
    pub fn manifest(&self, cluster: &Cluster) -> Option<ShownManifest> {
        let highlight = &self.current()?.highlight;
        let text = match self.scenario_step()?.action().ok()? {
            StepAction::Apply(text) | StepAction::Update(text) => text.to_owned(),
            StepAction::Goal(goal) if !highlight.is_empty() => {
                let objects: Vec<Object> = named_objects(&goal.expect)
                    .iter()
                    .filter_map(|key| cluster.get(key))
                    .collect();
                if objects.is_empty() {
                    return None;
                }
                manifest::to_yaml(&objects)
            }
            _ => return None,
        };
        // A field the learner removed is simply not marked.
        let highlighted = highlight
            .iter()
            .filter_map(|path| manifest::field_lines(&text, std::slice::from_ref(path)).ok())
            .flatten()
            .collect::<Vec<_>>();
        Some(ShownManifest {
            text,
            highlighted: merge_ranges(highlighted),
        })
    }

    /// What Next will do to the cluster, in words (`creates PersistentVolume pv-1`).
    pub fn preview(&self) -> Option<String> {
        let (verb, text) = match self.scenario_step()?.action().ok()? {
            StepAction::Apply(text) => ("creates", text),
            StepAction::Update(text) => ("replaces", text),
            StepAction::Delete(target) => {
                let key = super::delete_key(target).ok()?;
                return Some(format!("deletes {} {key}", key.kind));
            }
            StepAction::Expect(_) | StepAction::Goal(_) => return None,
        };
        let objects: Vec<String> = manifests::parse(text)
            .ok()?
            .iter()
            .map(|d| format!("{} {}", d.object.key().kind, d.object.key()))
            .collect();
        Some(format!("{verb} {}", objects.join(", ")))
    }

    /// Next: plays the current step on a copy of `session`'s cluster with the runner's rules
    /// and, when it runs, moves on and returns the action that does the same to the session
    /// (None for an `expect` step, which only shows, and for a goal, which the learner
    /// reached). A step that cannot run, a goal not reached, or a question not yet answered
    /// keeps the player where it is and says why.
    pub fn next(&mut self, session: &Session) -> Option<Action> {
        if self.awaits_answer() {
            self.problem = Some("Choose an answer and check it first.".into());
            return None;
        }
        let step = self.scenario_step()?.clone();
        let action = match step.action() {
            Ok(StepAction::Expect(_)) => None,
            Ok(StepAction::Goal(goal)) => {
                let verdicts = goal.expect.verdicts(&session.cluster, &self.history);
                let missing = verdicts.iter().filter(|v| !v.holds).count();
                if missing > 0 {
                    self.problem = Some(format!(
                        "Not reached yet: {missing} of {} checks do not hold. Change the cluster until every check shows ✓, or ask for a hint.",
                        verdicts.len()
                    ));
                    return None;
                }
                if let Some(state) = self.progress.goals.get_mut(self.progress.step) {
                    state.reached.get_or_insert(Reached::ByLearner);
                }
                self.history.observe(&session.cluster);
                self.baseline = session.cluster.clone();
                None
            }
            _ => {
                let mut cluster = (*session.cluster).clone();
                if let Err(why) = play_step(&mut cluster, &self.history, &step) {
                    self.problem = Some(format!(
                        "This step cannot run on the cluster as you changed it: {why}. Reset to this step to play it on the lesson's cluster."
                    ));
                    return None;
                }
                let mut baseline = (*self.baseline).clone();
                self.baseline = match play_step(&mut baseline, &self.history, &step) {
                    Ok(()) => Rc::new(baseline),
                    Err(_) => Rc::new(cluster.clone()),
                };
                self.history.observe(&cluster);
                if step.refused.is_some() {
                    // Refused as the step says: nothing changed.
                    None
                } else {
                    Some(session_action(&session.cluster, &step)?)
                }
            }
        };
        self.problem = None;
        self.progress.step += 1;
        action
    }

    fn scenario_step(&self) -> Option<&Step> {
        self.lesson.scenario.steps.get(self.progress.step)
    }
}

fn feedback_for(question: &Predict, answer: usize) -> Feedback {
    if answer == question.answer {
        Feedback::Correct
    } else {
        Feedback::Incorrect(question.correct_choice().unwrap_or_default().to_owned())
    }
}

fn merge_ranges(mut ranges: Vec<LineRange>) -> Vec<LineRange> {
    ranges.compact_sort();
    ranges.dedup();
    ranges
}

/// The objects an expectation names (claims, volumes, pods), in its order.
fn named_objects(expect: &super::Expect) -> Vec<ObjectKey> {
    use pv_engine::objects::Kind;
    let namespaced = |kind, key: &String| {
        let (namespace, name) = key.split_once('/')?;
        Some(ObjectKey::new(kind, Some(namespace), name))
    };
    let claims = expect
        .claims
        .keys()
        .filter_map(|k| namespaced(Kind::PersistentVolumeClaim, k));
    let volumes = expect
        .volumes
        .keys()
        .filter(|k| !k.starts_with("dynamic:"))
        .map(|k| ObjectKey::new(Kind::PersistentVolume, None, k));
    let pods = expect.pods.keys().filter_map(|k| namespaced(Kind::Pod, k));
    volumes.chain(claims).chain(pods).collect()
}

/// A solution step as kubectl commands.
fn solution_step(step: &Step) -> Option<SolutionStep> {
    Some(match step.action().ok()? {
        StepAction::Apply(text) => SolutionStep {
            command: "kubectl apply -f -".into(),
            manifest: Some(text.to_owned()),
        },
        StepAction::Update(text) => SolutionStep {
            command: "kubectl replace -f -".into(),
            manifest: Some(text.to_owned()),
        },
        StepAction::Delete(target) => {
            let key = super::delete_key(target).ok()?;
            let namespace = if key.namespace.is_empty() {
                String::new()
            } else {
                format!(" -n {}", key.namespace)
            };
            SolutionStep {
                command: format!(
                    "kubectl delete {} {}{namespace}",
                    short_name(key.kind),
                    key.name
                ),
                manifest: None,
            }
        }
        StepAction::Expect(_) | StepAction::Goal(_) => return None,
    })
}

/// kubectl's short name of a kind.
fn short_name(kind: pv_engine::objects::Kind) -> &'static str {
    use pv_engine::objects::Kind;
    match kind {
        Kind::PersistentVolume => "pv",
        Kind::PersistentVolumeClaim => "pvc",
        Kind::StorageClass => "sc",
        Kind::Pod => "pod",
        Kind::Node => "node",
        Kind::StatefulSet => "sts",
        Kind::Deployment => "deploy",
        Kind::ReplicaSet => "rs",
    }
}

/// The phase kubectl shows for an object, for the kinds that have one.
fn phase(object: &Object) -> Option<String> {
    match object {
        Object::PersistentVolume(pv) => Some(pv.status.phase.to_string()),
        Object::PersistentVolumeClaim(c) => Some(c.status.phase.to_string()),
        Object::Pod(p) => Some(p.status.phase.clone().unwrap_or_else(|| "Pending".into())),
        Object::StorageClass(_)
        | Object::Node(_)
        | Object::StatefulSet(_)
        | Object::Deployment(_)
        | Object::ReplicaSet(_) => None,
    }
}

fn terminating(object: &Object) -> bool {
    object.metadata().is_being_deleted()
}

/// What differs between the lesson's cluster and the learner's, one sentence per object.
fn differences(lesson: &Cluster, learner: &Cluster) -> Vec<String> {
    let index = |cluster: &Cluster| -> BTreeMap<ObjectKey, Object> {
        cluster
            .objects()
            .into_iter()
            .map(|o| (o.key(), o))
            .collect()
    };
    let (theirs, yours) = (index(lesson), index(learner));
    let mut created = Vec::new();
    let mut changed = Vec::new();
    for (key, object) in &yours {
        let Some(before) = theirs.get(key) else {
            created.push(format!("You created {} {key}.", key.kind));
            continue;
        };
        let mut parts = Vec::new();
        let fields = manifest::changed_fields(before, object);
        if !fields.is_empty() {
            parts.push(format!("its {} changed", fields.join(", ")));
        }
        if before.metadata().uid != object.metadata().uid {
            parts.push("it was deleted and created again".to_owned());
        }
        if terminating(object) && !terminating(before) {
            parts.push("it is being deleted (Terminating)".to_owned());
        }
        if let (Some(was), Some(is)) = (phase(before), phase(object)) {
            if was != is {
                parts.push(format!("it is {is}, where the lesson has it {was}"));
            }
        }
        if !parts.is_empty() {
            changed.push(format!("{} {key}: {}.", key.kind, parts.join("; ")));
        }
    }
    let gone = theirs
        .keys()
        .filter(|k| !yours.contains_key(k))
        .map(|key| format!("{} {key} is gone: you deleted it.", key.kind));
    created.into_iter().chain(changed).chain(gone).collect()
}

/// The session a built-in lesson starts from (an empty cluster), or why there is none: for a
/// widget given `data-lesson`, which then mounts `web::LessonPlayer` with
/// `session_is_lessons` set.
pub fn lesson_session(name: &str) -> Result<Session, String> {
    let lesson = super::lessons::lesson(name).ok_or_else(|| {
        let names: Vec<&str> = super::lessons::LESSONS.iter().map(|l| l.name).collect();
        format!(
            "There is no built-in lesson called {}; the lessons are: {}.",
            crate::problem::quoted(name),
            names.join(", ")
        )
    })?;
    Ok(Player::new(Rc::new(lesson)).start_session())
}

/// The session an author's scenario leaves: every step played as `pvsim run` plays it (its
/// expectations checked, its goals solved), or where the text or a step went wrong.
pub fn scenario_session(text: &str) -> Result<Session, String> {
    let scenario =
        super::Scenario::parse(text).map_err(|e| format!("The scenario is malformed: {e}"))?;
    let (cluster, outcome) = super::run(&scenario);
    outcome.map_err(|failure| format!("The scenario fails at {failure}"))?;
    Ok(Session {
        cluster: Rc::new(cluster),
        settled: true,
        ..Session::empty()
    })
}

/// The first `steps` steps played on an empty cluster (goals by their solution), and what
/// they showed.
fn replay(lesson: &Lesson, steps: usize) -> (Cluster, History) {
    let mut cluster = Cluster::new();
    let mut history = History::default();
    for played in lesson.scenario.steps.iter().take(steps) {
        // A step that fails here failed for the learner too: what it showed is kept.
        let _ = play_step(&mut cluster, &history, played);
        history.observe(&cluster);
    }
    (cluster, history)
}

/// The session's action for a step the runner accepted (a solution's too): `apply` creates
/// (nothing exists yet, or the runner would have refused), `update` replaces what the document
/// says with what the system wrote carried over, finalizers as the document says. None for a
/// step the API server refuses as it says (nothing changes) and for `expect` and goals.
pub fn session_action(cluster: &Cluster, step: &Step) -> Option<Action> {
    if step.refused.is_some() {
        return None;
    }
    let writes = |text: &str| -> Option<Vec<Write>> {
        Some(
            manifests::parse(text)
                .ok()?
                .into_iter()
                .map(|d| Write {
                    object: d.object,
                    finalizers: if d.lists_finalizers {
                        Finalizers::Replace
                    } else {
                        Finalizers::Keep
                    },
                })
                .collect(),
        )
    };
    match step.action().ok()? {
        StepAction::Apply(text) => Some(Action::Apply(writes(text)?)),
        StepAction::Update(text) => Some(Action::Apply(
            super::update_objects(cluster, text)
                .ok()?
                .into_iter()
                .map(|(object, finalizers)| Write { object, finalizers })
                .collect(),
        )),
        StepAction::Delete(target) => super::delete_key(target).ok().map(Action::Delete),
        StepAction::Expect(_) | StepAction::Goal(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::lessons::{lesson, LESSONS};
    use pv_engine::objects::Kind;

    fn player(name: &str) -> Player {
        Player::new(Rc::new(lesson(name).expect("built-in lesson")))
    }

    /// Sends `action` to the session as the page does, and lets the player see the result.
    fn act(session: &Session, player: &mut Player, action: Action) -> Session {
        let next = session.apply(action);
        player.observe(&next.cluster);
        next
    }

    /// Solves the goal of the step shown as a learner would: its solution's actions sent to
    /// the session one by one (the forms, YAML panel and console send the same actions).
    fn solve(session: Session, player: &mut Player) -> Session {
        let solution = player.goal().expect("a goal").solution.clone();
        solution.iter().fold(session, |s, step| {
            act(
                &s,
                player,
                session_action(&s.cluster, step).expect("an action"),
            )
        })
    }

    /// Plays a whole lesson through a session as the page does, answering every question
    /// with `choose` and solving every goal; returns the session and the player at the end.
    fn play(name: &str, choose: impl Fn(&Predict) -> usize) -> (Session, Player) {
        let mut player = player(name);
        let mut session = Session::demo().apply(player.start_action());
        while !player.finished() {
            if let Some(question) = player.question() {
                let choice = choose(question);
                player.check_answer(choice);
            }
            if player.goal().is_some() {
                session = solve(session, &mut player);
            }
            let before = player.step();
            if let Some(action) = player.next(&session) {
                session = session.apply(action);
            }
            assert_eq!(player.step(), before + 1, "{name}: {:?}", player.problem);
        }
        (session, player)
    }

    #[test]
    fn every_lesson_played_through_the_session_meets_every_expectation_and_goal() {
        for built_in in LESSONS {
            let mut player = player(built_in.name);
            let mut session = Session::demo().apply(player.start_action());
            let (mut checked, mut goals) = (0, 0);
            while !player.finished() {
                if player.goal().is_some() {
                    assert!(
                        !player.goal_reached(&session.cluster),
                        "{}: a goal reached before the learner acts",
                        built_in.name
                    );
                    assert!(player.verdicts(&session.cluster).iter().any(|v| !v.holds));
                    session = solve(session, &mut player);
                    goals += 1;
                }
                for verdict in player.verdicts(&session.cluster) {
                    assert!(verdict.holds, "{}: {}", built_in.name, verdict.text);
                    checked += 1;
                }
                assert!(
                    player.changes(&session.cluster).is_empty(),
                    "{}: the lesson's own steps count as the learner's changes: {:?}",
                    built_in.name,
                    player.changes(&session.cluster)
                );
                if let Some(q) = player.question() {
                    let answer = q.answer;
                    player.check_answer(answer);
                }
                if let Some(action) = player.next(&session) {
                    session = session.apply(action);
                }
                assert!(
                    player.problem.is_none(),
                    "{}: {:?}",
                    built_in.name,
                    player.problem
                );
            }
            assert!(checked > 0, "{} checks nothing", built_in.name);
            assert!(goals > 0, "{} has no goal", built_in.name);
            assert_eq!(player.goals_reached(), (goals, goals));
            let (cluster, result) = crate::scenario::run(&player.lesson.scenario);
            assert_eq!(result, Ok(()));
            assert_eq!(
                crate::manifest::to_yaml(&session.cluster.objects()),
                crate::manifest::to_yaml(&cluster.objects()),
                "{}: the page's cluster differs from the runner's",
                built_in.name
            );
        }
    }

    #[test]
    fn every_goal_is_reached_by_its_solution_on_the_page() {
        for built_in in LESSONS {
            let lesson = Rc::new(lesson(built_in.name).unwrap());
            for (step, _) in lesson
                .scenario
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.goal.is_some())
            {
                let mut player = Player::resume(
                    lesson.clone(),
                    Progress {
                        step,
                        ..Progress::default()
                    },
                );
                // The learner's own experiment is replaced by the solution.
                let session = Session::demo().apply(player.start_action());
                let solved = session.apply(player.apply_solution().unwrap());
                assert!(
                    player.goal_reached(&solved.cluster),
                    "{} step {}: {:?}",
                    built_in.name,
                    step + 1,
                    player.verdicts(&solved.cluster)
                );
            }
        }
    }

    #[test]
    fn a_question_holds_next_until_answered_and_the_first_answer_counts() {
        let session = Session::empty();
        let mut player = player("static-provisioning");
        // Steps 1 and 2 have no question.
        let first = player.next(&session).expect("step 1 creates the volume");
        let session = session.apply(first);
        assert_eq!(player.next(&session), None);
        assert_eq!(player.step(), 2);
        assert!(player.awaits_answer());
        assert_eq!(player.next(&session), None);
        assert_eq!(player.step(), 2, "Next waits for the answer");
        assert!(player.problem.as_deref().unwrap().contains("answer"));
        player.check_answer(9);
        assert!(player.awaits_answer(), "a choice out of range is ignored");
        player.check_answer(0);
        player.check_answer(1);
        assert_eq!(player.answer(), Some(0));
        assert_eq!(
            player.feedback(),
            Some(Feedback::Incorrect(
                "The claim binds pv-reports and gets all 10Gi.".into()
            ))
        );
        assert!(player.next(&session).is_some());
        assert!(player.problem.is_none());
    }

    #[test]
    fn on_a_check_step_the_narrative_and_the_answered_question_stay() {
        let mut player = player("static-provisioning");
        let mut session = Session::empty();
        assert_eq!(player.narrative().map(|(_, more)| more), Some(false));
        session = session.apply(player.next(&session).unwrap());
        // Step 2 checks the volume and has no text of its own: step 1's stays.
        let (text, continued) = player.narrative().expect("narrative");
        assert!(continued && text.contains("static provisioning"), "{text}");
        assert!(player.recap().is_none(), "step 1 asked nothing");
        player.next(&session);
        player.check_answer(1);
        session = session.apply(player.next(&session).unwrap());
        // Step 4 shows the outcome: the question of step 3 and its explanation come along.
        let (predict, feedback) = player.recap().expect("the question just answered");
        assert!(predict.question.starts_with("The claim asks for 5Gi"));
        assert_eq!(feedback, Feedback::Correct);
        assert!(player
            .narrative()
            .unwrap()
            .0
            .starts_with("Both objects are now"));
        assert!(session.cluster.claim("default", "reports").is_some());
    }

    #[test]
    fn the_expect_step_reads_as_sentences_and_fails_with_reasons_not_test_output() {
        let (session, player) = play("static-provisioning", |q| q.answer);
        let at_the_check = Player::resume(
            player.lesson.clone(),
            Progress {
                step: 3,
                ..Progress::default()
            },
        );
        let texts: Vec<(String, bool)> = at_the_check
            .verdicts(&session.cluster)
            .into_iter()
            .map(|v| (v.text, v.holds))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "claim default/reports is Bound to pv-reports, with capacity 10Gi".into(),
                    true
                ),
                ("volume pv-reports is Bound to default/reports".into(), true),
            ]
        );
        // On an empty cluster the same checks fail, in sentences.
        let failed = at_the_check.verdicts(&Cluster::new());
        assert_eq!(failed[0].text, "claim default/reports does not exist");
        assert!(!failed.iter().any(|v| v.text.contains("expected")));
        assert_eq!(player.score(), (1, 1));
    }

    #[test]
    fn a_goal_is_reached_by_acting_with_hints_one_at_a_time_or_by_its_solution() {
        let lesson = Rc::new(lesson("reuse-released-volume").unwrap());
        let goal_step = lesson
            .scenario
            .steps
            .iter()
            .position(|s| s.goal.is_some())
            .unwrap();
        let mut player = Player::resume(
            lesson.clone(),
            Progress {
                step: goal_step,
                ..Progress::default()
            },
        );
        let session = Session::empty().apply(player.start_action());
        assert!(!player.goal_reached(&session.cluster));
        // Next does not skip a goal: it says what is missing.
        assert_eq!(player.next(&session), None);
        assert_eq!(player.step(), goal_step);
        let problem = player.problem.clone().unwrap();
        assert!(
            problem.starts_with("Not reached yet: 2 of 2 checks"),
            "{problem}"
        );
        // The reasons are the engine's: the claimRef that still names the deleted claim.
        let verdicts = player.verdicts(&session.cluster);
        assert!(
            verdicts[1]
                .text
                .starts_with("volume pv-archive is Released: its claimRef still names the deleted claim default/archive"),
            "{}",
            verdicts[1].text
        );
        assert!(player.hints_shown().is_empty() && player.more_hints());
        player.hint();
        assert_eq!(player.hints_shown().len(), 1);
        player.hint();
        player.hint();
        assert_eq!(player.hints_shown().len(), 2, "no more hints than written");
        assert!(!player.more_hints());
        let solution = player.solution();
        assert_eq!(solution[0].command, "kubectl replace -f -");
        assert!(solution[0]
            .manifest
            .as_deref()
            .unwrap()
            .contains("pv-archive"));
        // The solution replaces the learner's attempt and reaches the goal.
        let solved = session.apply(player.apply_solution().unwrap());
        assert!(player.goal_reached(&solved.cluster));
        assert!(
            solved.settled,
            "the controls say steady state, not that none has run"
        );
        assert_eq!(player.next(&solved), None);
        assert_eq!(player.step(), goal_step + 1);
        assert_eq!(player.goals_reached(), (0, 1), "reached with the solution");
        let saved = player.progress().encode();
        assert!(saved.ends_with(",2s"), "{saved}");
        let back = Player::resume(lesson, Progress::decode(&saved).unwrap());
        assert_eq!(back.progress(), player.progress());
    }

    #[test]
    fn a_goal_reached_by_the_learner_counts_as_theirs() {
        let lesson = Rc::new(lesson("dynamic-provisioning").unwrap());
        let goal_step = lesson.steps.len() - 1;
        let mut player = Player::resume(
            lesson,
            Progress {
                step: goal_step,
                ..Progress::default()
            },
        );
        let session = Session::empty().apply(player.start_action());
        let before = player.verdicts(&session.cluster);
        assert!(
            before[0]
                .text
                .contains("storageclass.storage.k8s.io \"premium\" not found"),
            "{}",
            before[0].text
        );
        let solved = solve(session, &mut player);
        assert!(player.goal_reached(&solved.cluster));
        assert_eq!(player.next(&solved), None);
        assert!(player.finished());
        assert_eq!(player.goals_reached(), (1, 1));
    }

    #[test]
    fn a_learners_experiment_mid_lesson_is_explained_and_reset_undoes_it() {
        let mut player = player("static-provisioning");
        let session = Session::empty().apply(player.start_action());
        let session = session.apply(player.next(&session).unwrap());
        assert!(player.changes(&session.cluster).is_empty());
        // At the check of step 2 the learner deletes the volume and makes a claim.
        let gone = session.apply(Action::Delete(ObjectKey::new(
            Kind::PersistentVolume,
            None,
            "pv-reports",
        )));
        let changes = player.changes(&gone.cluster);
        assert_eq!(
            changes,
            ["PersistentVolume pv-reports is gone: you deleted it."]
        );
        let verdicts = player.verdicts(&gone.cluster);
        assert_eq!(
            verdicts[0].text,
            "volume pv-reports does not exist (it was deleted)"
        );
        // Replaced with another size: the field that changed, and what that did.
        let mut pv = session.cluster.volume("pv-reports").unwrap().clone();
        pv.spec
            .capacity
            .insert("storage".into(), "1Gi".parse().unwrap());
        let resized = session.apply(Action::Apply(vec![Write::keeping_finalizers(
            Object::PersistentVolume(pv),
        )]));
        assert_eq!(
            player.changes(&resized.cluster),
            ["PersistentVolume pv-reports: its spec.capacity.storage changed."]
        );
        // "Reset to this step" replays the lesson so far; one Undo brings the experiment back.
        let reset = gone.apply(player.reset());
        assert_eq!(reset.cluster.objects(), session.cluster.objects());
        assert!(player.changes(&reset.cluster).is_empty());
        assert!(reset.can_undo(), "one Undo brings the experiment back");
    }

    #[test]
    fn a_step_that_cannot_run_says_why_and_offers_the_reset() {
        let mut player = player("static-provisioning");
        let session = Session::empty();
        let create = player.next(&session).unwrap();
        let session = session.apply(create);
        // The learner went back to the start of the lesson without restarting it.
        let mut again = Player::new(player.lesson.clone());
        assert_eq!(again.next(&session), None);
        assert_eq!(again.step(), 0);
        let problem = again.problem.clone().unwrap();
        assert!(
            problem.contains("already exists") && problem.contains("Reset to this step"),
            "{problem}"
        );
    }

    #[test]
    fn resuming_on_another_session_replays_the_steps_played() {
        let (played, _) = play("static-provisioning", |q| q.answer);
        let lesson = Rc::new(lesson("static-provisioning").unwrap());
        let halfway = Player::resume(
            lesson.clone(),
            Progress {
                step: 3,
                ..Progress::default()
            },
        );
        let session = Session::demo().apply(halfway.start_action());
        let reports = |s: &Session| s.cluster.claim("default", "reports").cloned();
        assert_eq!(reports(&session), reports(&played));
        assert!(session.can_undo(), "the learner's cluster is one Undo away");
        // At the end, the goal was replayed by its solution.
        let finished = Player::resume(
            lesson,
            Progress {
                step: 99,
                ..Progress::default()
            },
        );
        let end = Session::demo().apply(finished.start_action());
        assert_eq!(
            crate::manifest::to_yaml(&end.cluster.objects()),
            crate::manifest::to_yaml(&played.cluster.objects())
        );
        let fresh = Session::demo().apply(player("static-provisioning").start_action());
        assert_eq!(fresh.cluster.objects().len(), 0);
    }

    #[test]
    fn a_widget_starts_a_lesson_empty_and_a_scenario_at_its_end() {
        let session = lesson_session("reclaim-policy").unwrap();
        assert_eq!(session.cluster.objects().len(), 0);
        let unknown = lesson_session("nope").unwrap_err();
        assert!(
            unknown.contains("\"nope\"") && unknown.contains("static-provisioning"),
            "{unknown}"
        );
        let text = crate::scenario::lessons::LESSONS[0].text;
        let (ran, _) = crate::scenario::run(&crate::scenario::Scenario::parse(text).unwrap());
        let played = scenario_session(text).unwrap();
        assert_eq!(played.cluster.objects(), ran.objects());
        let broken = text.replace("phase: Bound", "phase: Pending");
        assert!(scenario_session(&broken)
            .unwrap_err()
            .starts_with("The scenario fails at step"));
        let malformed = scenario_session("name: x\nsteps: [{expect: {claim: {}}}]").unwrap_err();
        assert!(
            malformed.starts_with("The scenario is malformed: line 2, column "),
            "{malformed}"
        );
    }

    #[test]
    fn the_preview_names_what_next_does_and_the_manifest_marks_the_lesson_fields() {
        let player = player("static-provisioning");
        assert_eq!(
            player.preview().as_deref(),
            Some("creates PersistentVolume pv-reports")
        );
        let resumed = Player::resume(
            player.lesson.clone(),
            Progress {
                step: 1,
                ..Progress::default()
            },
        );
        assert_eq!(resumed.preview(), None, "an expect step changes nothing");
        // The goal of the lesson shows pv-invoices as it is now, its capacity and access
        // modes marked.
        let goal_step = player.lesson.steps.len() - 1;
        let at_goal = Player::resume(
            player.lesson.clone(),
            Progress {
                step: goal_step,
                ..Progress::default()
            },
        );
        let session = Session::empty().apply(at_goal.start_action());
        let shown = at_goal
            .manifest(&session.cluster)
            .expect("the goal's objects");
        let lines: Vec<&str> = shown.text.lines().collect();
        let marked: Vec<&str> = shown
            .highlighted
            .iter()
            .flat_map(|r| lines[r.first as usize - 1..r.last as usize].iter().copied())
            .collect();
        assert_eq!(
            marked,
            [
                "  capacity:",
                "    storage: 2Gi",
                "  accessModes:",
                "  - ReadWriteOnce"
            ],
            "{}",
            shown.text
        );
    }

    #[test]
    fn progress_survives_storage_and_odd_values_start_over() {
        let progress = Progress {
            step: 3,
            answers: vec![None, Some(1), None, Some(0)],
            goals: vec![
                GoalProgress::default(),
                GoalProgress {
                    hints: 2,
                    reached: Some(Reached::ByLearner),
                },
                GoalProgress {
                    hints: 1,
                    reached: None,
                },
            ],
        };
        assert_eq!(progress.encode(), "3 -,1,-,0 -,2r,1");
        assert_eq!(Progress::decode(&progress.encode()), Some(progress));
        // What the page stored before goals existed still reads.
        assert_eq!(
            Progress::decode("2 -,1"),
            Some(Progress {
                step: 2,
                answers: vec![None, Some(1)],
                goals: vec![],
            })
        );
        assert_eq!(Progress::decode("0 "), Some(Progress::default()));
        for odd in ["", "x 1", "2 a,b", "-1 -", "1 - x", "1 - 2q", "1 - - extra"] {
            assert_eq!(Progress::decode(odd), None, "{odd:?}");
        }
        // A resumed lesson keeps only answers that fit its questions, and a step in range.
        let player = Player::resume(
            Rc::new(lesson("static-provisioning").unwrap()),
            Progress {
                step: 99,
                answers: vec![Some(0), None, Some(7), None, Some(1)],
                goals: vec![GoalProgress {
                    hints: 5,
                    reached: None,
                }],
            },
        );
        assert!(player.finished());
        assert!(player.progress().answers.iter().all(Option::is_none));
        assert!(
            player
                .progress()
                .goals
                .iter()
                .all(|g| *g == GoalProgress::default()),
            "step 1 has no goal"
        );
    }

    #[test]
    fn a_resumed_lesson_remembers_dynamic_volumes_of_deleted_claims() {
        // reclaim-policy deletes a claim whose provisioned volume a later expect names.
        let (session, finished) = play("reclaim-policy", |q| q.answer);
        let lesson = finished.lesson.clone();
        let last_expect = (0..lesson.steps.len())
            .rev()
            .find(|&i| lesson.scenario.steps[i].expect.is_some())
            .unwrap();
        let resumed = Player::resume(
            lesson,
            Progress {
                step: last_expect,
                ..Progress::default()
            },
        );
        for verdict in resumed.verdicts(&session.cluster) {
            assert!(verdict.holds, "{}", verdict.text);
        }
    }

    /// A lesson step the API server must refuse plays as a step that changes nothing, and an
    /// update step carries over what the system wrote: the page's session ends where the
    /// runner's cluster does.
    #[test]
    fn refused_and_update_steps_play_through_the_session_as_the_runner_plays_them() {
        let text = "name: growing
title: Growing a claim
summary: A class must allow expansion.
steps:
  - apply: |
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: fixed}
      provisioner: ebs.csi.aws.com
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: default}
      spec: {accessModes: [ReadWriteOnce], storageClassName: fixed, resources: {requests: {storage: 1Gi}}}
  - say: The class does not allow it.
    update: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: default}
      spec: {accessModes: [ReadWriteOnce], storageClassName: fixed, resources: {requests: {storage: 2Gi}}}
    refused: only dynamically provisioned pvc can be resized
  - update: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: default, labels: {tier: db}}
      spec: {accessModes: [ReadWriteOnce], storageClassName: fixed, resources: {requests: {storage: 1Gi}}}
  - expect:
      claims:
        default/data: {phase: Bound, volume: dynamic, capacity: 1Gi}
";
        let lesson = Lesson::parse(text).expect("a valid lesson");
        let mut player = Player::new(Rc::new(lesson));
        let mut session = Session::empty().apply(player.start_action());
        while !player.finished() {
            let before = player.step();
            if let Some(action) = player.next(&session) {
                session = session.apply(action);
            }
            assert_eq!(player.step(), before + 1, "{:?}", player.problem);
        }
        let claim = session.cluster.claim("default", "data").expect("claim");
        assert_eq!(
            claim.metadata.labels.get("tier").map(String::as_str),
            Some("db")
        );
        assert!(
            claim.spec.volume_name.starts_with("pvc-"),
            "kept by the update"
        );
        let scenario = crate::scenario::Scenario::parse(text).expect("parses");
        let (cluster, outcome) = crate::scenario::run(&scenario);
        outcome.expect("the runner passes");
        assert_eq!(cluster.objects(), session.cluster.objects());
    }

    #[test]
    fn wrong_answers_lower_the_score_but_not_the_lesson() {
        let (_, player) = play("reclaim-policy", |q| (q.answer + 1) % q.choices.len());
        assert!(player.finished());
        let (right, asked) = player.score();
        assert_eq!(right, 0);
        assert!(asked >= 1);
    }
}
