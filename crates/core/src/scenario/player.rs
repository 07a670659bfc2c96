//! The lesson player's model: where a learner is in a lesson, the answers they gave, and the
//! session actions that play each step. Steps are played with the runner's own
//! [`play_step`] (first on a copy of the learner's cluster, so a step that cannot run says why
//! and changes nothing), then sent to the session as [`Action::Apply`] or [`Action::Delete`];
//! so the page shows exactly what `pvsim run` checks. The view only renders this.

use super::lessons::{Lesson, LessonStep, Predict};
use super::{manifests, play_step, Action as StepAction, Check, History};
use crate::session::{Action, Session, Write};
use pv_engine::cluster::{Cluster, Finalizers};
use std::rc::Rc;

/// What is kept between visits: the step shown and the answers given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The step shown, from 0; the number of steps once the lesson is finished.
    pub step: usize,
    /// Per step, the choice the learner checked (steps without a question stay `None`).
    pub answers: Vec<Option<usize>>,
}

impl Progress {
    /// A short text for storage: the step, then the answers (`3 -,1,-,-`).
    pub fn encode(&self) -> String {
        let answers: Vec<String> = self
            .answers
            .iter()
            .map(|a| a.map_or_else(|| "-".to_owned(), |a| a.to_string()))
            .collect();
        format!("{} {}", self.step, answers.join(","))
    }

    /// Reads [`Progress::encode`]'s text; anything else (a hand-edited or older value) is
    /// `None`, and the lesson starts over.
    pub fn decode(text: &str) -> Option<Progress> {
        let (step, answers) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
        let answers = answers
            .split(',')
            .filter(|a| !a.is_empty())
            .map(|a| match a {
                "-" => Some(None),
                n => n.parse().ok().map(Some),
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Progress {
            step: step.parse().ok()?,
            answers,
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

/// A lesson being played.
#[derive(Clone, Debug)]
pub struct Player {
    pub lesson: Rc<Lesson>,
    progress: Progress,
    /// What the steps played so far showed (the uids of claims, for `dynamic` volumes).
    history: History,
    /// Why the last Next could not run its step.
    pub problem: Option<String>,
}

impl Player {
    /// Brings the session to where the lesson is: an empty cluster at its first step, the
    /// steps played so far replayed on an empty cluster otherwise (undoable, like Start
    /// empty). Sent when a lesson starts, restarts, or resumes on a session that is not its.
    pub fn start_action(&self) -> Action {
        Action::Load(Box::new(self.start_session()))
    }

    /// The session [`Player::start_action`] loads.
    pub fn start_session(&self) -> Session {
        let (cluster, _) = replay(&self.lesson, self.progress.step);
        Session {
            cluster: Rc::new(cluster),
            ..Session::empty()
        }
    }

    /// The lesson from its first step.
    pub fn new(lesson: Rc<Lesson>) -> Player {
        Player::resume(lesson, Progress::default())
    }

    /// The lesson where a learner left it: a step past the end means finished, answers that
    /// do not fit a question are dropped. The steps already played are replayed on a fresh
    /// cluster to recover what they showed.
    pub fn resume(lesson: Rc<Lesson>, progress: Progress) -> Player {
        let count = lesson.steps.len();
        let answers = (0..count)
            .map(|i| {
                let given = progress.answers.get(i).copied().flatten()?;
                let predict = lesson.steps[i].predict.as_ref()?;
                (given < predict.choices.len()).then_some(given)
            })
            .collect();
        let step = progress.step.min(count);
        let (_, history) = replay(&lesson, step);
        Player {
            lesson,
            progress: Progress { step, answers },
            history,
            problem: None,
        }
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

    pub fn question(&self) -> Option<&Predict> {
        self.current()?.predict.as_ref()
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
        let (question, answer) = (self.question()?, self.answer()?);
        Some(if answer == question.answer {
            Feedback::Correct
        } else {
            Feedback::Incorrect(question.correct_choice().unwrap_or_default().to_owned())
        })
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

    /// For an `expect` step: each thing it names, checked against the learner's cluster by
    /// the runner's comparison.
    pub fn checks(&self, cluster: &Cluster) -> Vec<Check> {
        match self.scenario_step().map(|s| s.action()) {
            Some(Ok(StepAction::Expect(expect))) => expect.checks(cluster, &self.history),
            _ => Vec::new(),
        }
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
            StepAction::Expect(_) => return None,
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
    /// (None for an `expect` step, which only shows). A step that cannot run, or a question
    /// not yet answered, keeps the player where it is and says why.
    pub fn next(&mut self, session: &Session) -> Option<Action> {
        if self.awaits_answer() {
            self.problem = Some("Choose an answer and check it first.".into());
            return None;
        }
        let step = self.scenario_step()?.clone();
        let action = match step.action() {
            Ok(StepAction::Expect(_)) => None,
            _ => {
                let mut cluster = (*session.cluster).clone();
                if let Err(why) = play_step(&mut cluster, &self.history, &step) {
                    self.problem = Some(format!(
                        "This step cannot run on the cluster as it is now ({why}). Restart the lesson to play it from the start."
                    ));
                    return None;
                }
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

    fn scenario_step(&self) -> Option<&super::Step> {
        self.lesson.scenario.steps.get(self.progress.step)
    }
}

/// The session a built-in lesson starts from (an empty cluster), or why there is none: for a
/// widget given `data-lesson`, which then mounts `web::LessonPlayer` with
/// `session_is_lessons` set.
pub fn lesson_session(name: &str) -> Result<Session, String> {
    let lesson = super::lessons::lesson(name).ok_or_else(|| {
        let names: Vec<&str> = super::lessons::LESSONS.iter().map(|l| l.name).collect();
        format!(
            "There is no built-in lesson called {name:?}; the lessons are: {}.",
            names.join(", ")
        )
    })?;
    Ok(Player::new(Rc::new(lesson)).start_session())
}

/// The session an author's scenario leaves: every step played as `pvsim run` plays it (its
/// expectations checked), or where the text or a step went wrong.
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

/// The first `steps` steps played on an empty cluster, and what they showed.
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

/// The session's action for a step the runner accepted: `apply` creates (nothing exists yet,
/// or the runner would have refused), `update` replaces what the document says with what the
/// system wrote carried over, finalizers as the document says.
fn session_action(cluster: &Cluster, step: &super::Step) -> Option<Action> {
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
        StepAction::Expect(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::lessons::{lesson, LESSONS};

    fn player(name: &str) -> Player {
        Player::new(Rc::new(lesson(name).expect("built-in lesson")))
    }

    /// Plays a whole lesson through a session as the page does, answering every question
    /// with `choose`; returns the session and the player at the end.
    fn play(name: &str, choose: impl Fn(&Predict) -> usize) -> (Session, Player) {
        let mut player = player(name);
        let mut session = Session::demo().apply(player.start_action());
        while !player.finished() {
            if let Some(question) = player.question() {
                let choice = choose(question);
                player.check_answer(choice);
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
    fn every_lesson_played_through_the_session_meets_every_expectation() {
        for built_in in LESSONS {
            let mut player = player(built_in.name);
            let mut session = Session::demo().apply(player.start_action());
            let mut checked = 0;
            while !player.finished() {
                for check in player.checks(&session.cluster) {
                    assert_eq!(check.outcome, Ok(()), "{}: {}", built_in.name, check.text);
                    checked += 1;
                }
                if let Some(q) = player.question() {
                    let answer = q.answer;
                    player.check_answer(answer);
                }
                if let Some(action) = player.next(&session) {
                    session = session.apply(action);
                }
            }
            assert!(checked > 0, "{} checks nothing", built_in.name);
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
    fn the_expect_step_reads_as_sentences_that_hold() {
        let (session, player) = play("static-provisioning", |q| q.answer);
        let mut at_the_end = Player::resume(
            player.lesson.clone(),
            Progress {
                step: 3,
                answers: player.progress().answers.clone(),
            },
        );
        let texts: Vec<(String, bool)> = at_the_end
            .checks(&session.cluster)
            .into_iter()
            .map(|c| (c.text, c.outcome.is_ok()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "claim default/reports is Bound, bound to pv-reports, capacity 10Gi".into(),
                    true
                ),
                (
                    "volume pv-reports is Bound, claimed by default/reports".into(),
                    true
                ),
            ]
        );
        // On the empty cluster the same checks fail, with the runner's words.
        let failed = at_the_end.checks(&Cluster::new());
        assert_eq!(
            failed[0].outcome,
            Err("claims.default/reports: expected to exist, but it does not".into())
        );
        assert_eq!(at_the_end.next(&session), None);
        assert!(at_the_end.finished());
        assert_eq!(player.score(), (1, 1));
    }

    #[test]
    fn wrong_answers_lower_the_score_but_not_the_lesson() {
        let (_, player) = play("reclaim-policy", |q| (q.answer + 1) % q.choices.len());
        assert!(player.finished());
        let (right, asked) = player.score();
        assert_eq!(right, 0);
        assert!(asked >= 1);
    }

    #[test]
    fn a_step_that_cannot_run_says_why_and_changes_nothing() {
        let mut player = player("static-provisioning");
        let session = Session::empty();
        let create = player.next(&session).unwrap();
        let session = session.apply(create);
        // The learner went back to the start of the lesson without restarting it.
        let mut again = Player::new(player.lesson.clone());
        assert_eq!(again.next(&session), None);
        assert_eq!(again.step(), 0);
        assert!(
            again.problem.as_deref().unwrap().contains("already exists"),
            "{:?}",
            again.problem
        );
    }

    #[test]
    fn resuming_on_another_session_replays_the_steps_played() {
        let (played, _) = play("static-provisioning", |q| q.answer);
        let halfway = Player::resume(
            Rc::new(lesson("static-provisioning").unwrap()),
            Progress {
                step: 3,
                answers: Vec::new(),
            },
        );
        let session = Session::demo().apply(halfway.start_action());
        assert_eq!(
            crate::manifest::to_yaml(&session.cluster.objects()),
            crate::manifest::to_yaml(&played.cluster.objects())
        );
        assert!(session.can_undo(), "the learner's cluster is one Undo away");
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
    fn the_preview_names_what_next_does() {
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
    }

    #[test]
    fn progress_survives_storage_and_odd_values_start_over() {
        let progress = Progress {
            step: 3,
            answers: vec![None, Some(1), None, Some(0)],
        };
        assert_eq!(progress.encode(), "3 -,1,-,0");
        assert_eq!(Progress::decode(&progress.encode()), Some(progress));
        assert_eq!(
            Progress::decode("0 "),
            Some(Progress {
                step: 0,
                answers: vec![]
            })
        );
        for odd in ["", "x 1", "2 a,b", "-1 -"] {
            assert_eq!(Progress::decode(odd), None, "{odd:?}");
        }
        // A resumed lesson keeps only answers that fit its questions, and a step in range.
        let player = Player::resume(
            Rc::new(lesson("static-provisioning").unwrap()),
            Progress {
                step: 99,
                answers: vec![Some(0), None, Some(7), None, Some(1)],
            },
        );
        assert!(player.finished());
        assert_eq!(player.progress().answers, vec![None, None, None, None]);
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
                answers: Vec::new(),
            },
        );
        for check in resumed.checks(&session.cluster) {
            assert_eq!(check.outcome, Ok(()), "{}", check.text);
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
}
