//! Lessons: scenarios with a title, a summary and, per step, narrative (`say`), "predict"
//! questions and the fields to highlight in the step's manifests; goals (`goal:` steps, see
//! [`super::Goal`]) the learner reaches by acting. The built-in ones are compiled in from
//! `lessons/*.yaml`, parsed and validated here so the page only renders them.

use super::{Action, Problem, Scenario};
use crate::manifest;
use serde::de::IgnoredAny;
use serde::Deserialize;

/// A lesson: the scenario the runner plays, and what the learner reads and answers.
#[derive(Clone, Debug)]
pub struct Lesson {
    pub name: String,
    pub title: String,
    pub summary: String,
    pub scenario: Scenario,
    /// One per scenario step, in the same order.
    pub steps: Vec<LessonStep>,
}

/// What a step shows before its effect.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonStep {
    /// Markdown-light text (see [`say_paragraphs`]).
    pub say: Option<String>,
    pub predict: Option<Predict>,
    /// Field paths (`spec.storageClassName`) whose lines are highlighted in the manifests the
    /// step shows: an apply or update step's text, a goal's objects as they are now.
    pub highlight: Vec<String>,
}

/// A multiple-choice question asked before the step runs; `explain` is shown once the
/// learner has answered and the engine has shown what happens.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predict {
    pub question: String,
    pub choices: Vec<String>,
    /// Index into `choices`, from 0.
    pub answer: usize,
    pub explain: String,
}

impl Predict {
    pub fn correct_choice(&self) -> Option<&str> {
        self.choices.get(self.answer).map(String::as_str)
    }
}

/// The lesson's view of the file: strict about its own keys (a typo in `predict` or `say`
/// must not pass silently); the scenario's keys are read by [`Scenario::parse`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFile {
    name: String,
    title: String,
    summary: String,
    #[serde(default, rename = "source")]
    _source: Option<IgnoredAny>,
    #[serde(default, rename = "note")]
    _note: Option<IgnoredAny>,
    steps: Vec<LessonStepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonStepFile {
    #[serde(default)]
    say: Option<String>,
    #[serde(default)]
    predict: Option<Predict>,
    #[serde(default)]
    highlight: Vec<String>,
    #[serde(default, rename = "goal")]
    _goal: Option<IgnoredAny>,
    #[serde(default, rename = "apply")]
    _apply: Option<IgnoredAny>,
    #[serde(default, rename = "update")]
    _update: Option<IgnoredAny>,
    #[serde(default, rename = "delete")]
    _delete: Option<IgnoredAny>,
    #[serde(default, rename = "expect")]
    _expect: Option<IgnoredAny>,
    #[serde(default, rename = "refused")]
    _refused: Option<IgnoredAny>,
}

impl Lesson {
    /// Reads a lesson: a valid scenario plus a title, a summary, and per step an optional
    /// `say`, `predict` and `highlight`. A question needs at least two distinct choices, an
    /// answer among them and an explanation, and must come before an action (apply, update,
    /// delete) whose outcome a later `expect` or `goal` shows. A highlight goes with an apply
    /// or update step (every path must be found in its text) or a goal (the objects it names).
    pub fn parse(text: &str) -> Result<Lesson, Problem> {
        let root = manifest::read_single_document(text)?;
        let scenario = Scenario::parse_tree(&root)?;
        let file: LessonFile = manifest::decode_document(&root)?;
        let invalid = Problem::nowhere;
        if file.title.trim().is_empty() {
            return Err(invalid("title is empty".into()));
        }
        if file.summary.trim().is_empty() {
            return Err(invalid("summary is empty".into()));
        }
        let mut steps = Vec::with_capacity(file.steps.len());
        for (i, step) in file.steps.into_iter().enumerate() {
            let at = |message: String| invalid(format!("step {}: {message}", i + 1));
            if step.say.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(at("say is empty".into()));
            }
            let action = scenario.steps.get(i).map(|s| s.action());
            if !step.highlight.is_empty() {
                match action {
                    Some(Ok(Action::Apply(text) | Action::Update(text))) => {
                        manifest::field_lines(text, &step.highlight)
                            .map_err(|m| at(format!("highlight: {m}")))?;
                    }
                    Some(Ok(Action::Goal(_))) => {}
                    _ => {
                        return Err(at(
                            "highlight goes with an apply, update or goal step, whose manifests are shown"
                                .into(),
                        ))
                    }
                }
            }
            if let Some(predict) = &step.predict {
                check_predict(predict).map_err(|m| at(format!("predict: {m}")))?;
                let acts = scenario.steps.get(i).is_some_and(|s| s.changes_cluster());
                if !acts {
                    return Err(at(
                        "predict must come with an apply, update or delete, whose outcome it asks about"
                            .into(),
                    ));
                }
                let shown = scenario
                    .steps
                    .iter()
                    .skip(i + 1)
                    .any(|s| s.expect.is_some() || s.goal.is_some());
                if !shown {
                    return Err(at(
                        "predict needs a later expect or goal step that shows the outcome".into(),
                    ));
                }
            }
            steps.push(LessonStep {
                say: step.say,
                predict: step.predict,
                highlight: step.highlight,
            });
        }
        Ok(Lesson {
            name: file.name,
            title: file.title,
            summary: file.summary,
            scenario,
            steps,
        })
    }

    /// How many questions the lesson asks (for a score such as "4 of 5 right").
    pub fn question_count(&self) -> usize {
        self.steps.iter().filter(|s| s.predict.is_some()).count()
    }

    /// How many goals the learner reaches by acting.
    pub fn goal_count(&self) -> usize {
        self.scenario
            .steps
            .iter()
            .filter(|s| s.goal.is_some())
            .count()
    }
}

fn check_predict(predict: &Predict) -> Result<(), String> {
    if predict.question.trim().is_empty() {
        return Err("question is empty".into());
    }
    if predict.choices.len() < 2 {
        return Err(format!(
            "needs at least two choices, has {}",
            predict.choices.len()
        ));
    }
    for (i, choice) in predict.choices.iter().enumerate() {
        if choice.trim().is_empty() {
            return Err(format!("choice {i} is empty"));
        }
        if predict.choices[..i].contains(choice) {
            return Err(format!("choice {i} repeats an earlier one: {choice:?}"));
        }
    }
    if predict.answer >= predict.choices.len() {
        return Err(format!(
            "answer {} is out of range (choices are numbered 0 to {})",
            predict.answer,
            predict.choices.len() - 1
        ));
    }
    if predict.explain.trim().is_empty() {
        return Err("explain is empty".into());
    }
    Ok(())
}

/// A built-in lesson: its name (the file name without `.yaml`, and `data-lesson`) and text.
#[derive(Clone, Copy, Debug)]
pub struct BuiltIn {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        &[$(BuiltIn { name: $name, text: include_str!(concat!("../../../../lessons/", $name, ".yaml")) }),*]
    };
}

/// The built-in lessons in teaching order: the seed notes' ideas first, then what they leave
/// out (the default class, WaitForFirstConsumer), then the claims' life beyond binding
/// (StatefulSets' claims and their retention, expansion), then challenges that take several
/// actions.
pub const LESSONS: &[BuiltIn] = built_in![
    "static-provisioning",
    "dynamic-provisioning",
    "matching-size-and-modes",
    "matching-labels-and-class",
    "access-readwriteonce",
    "access-readwriteoncepod",
    "access-many-nodes",
    "binding-outlives-pods",
    "reclaim-policy",
    "reuse-released-volume",
    "default-storage-class",
    "wait-for-first-consumer",
    "statefulset-claims",
    "statefulset-retention-policy",
    "grow-a-claim",
    "challenge-restore-released-volume",
    "challenge-local-disk-on-node",
    "challenge-missing-class",
    "challenge-share-across-nodes",
];

/// The built-in lesson with this name, parsed (tests check that every one parses).
pub fn lesson(name: &str) -> Option<Lesson> {
    LESSONS
        .iter()
        .find(|l| l.name == name)
        .and_then(|l| Lesson::parse(l.text).ok())
}

/// The built-in lesson after `name` in teaching order (None after the last, or for a name
/// that is not built in).
pub fn next_lesson(name: &str) -> Option<&'static BuiltIn> {
    let at = LESSONS.iter().position(|l| l.name == name)?;
    LESSONS.get(at + 1)
}

/// A run of `say` text and how it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// `**bold**`
    Bold(String),
    /// `` `code` `` (object names, field names, values)
    Code(String),
}

/// Reads markdown-light `say` text: paragraphs separated by blank lines, line breaks inside a
/// paragraph are spaces, `` `code` `` and `**bold**`. A marker without its closing twin is
/// literal text, so any text renders.
pub fn say_paragraphs(text: &str) -> Vec<Vec<Inline>> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim).chain([""]) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(inlines(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    paragraphs
}

fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    loop {
        let next = [("`", "`"), ("**", "**")]
            .into_iter()
            .filter_map(|(open, close)| {
                let start = rest.find(open)?;
                let body = &rest[start + open.len()..];
                let end = body.find(close).filter(|&e| e > 0)?;
                Some((
                    start,
                    open,
                    &body[..end],
                    start + open.len() + end + close.len(),
                ))
            })
            .min_by_key(|&(start, ..)| start);
        let Some((start, open, body, after)) = next else {
            plain.push_str(rest);
            break;
        };
        plain.push_str(&rest[..start]);
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(&mut plain)));
        }
        out.push(if open == "`" {
            Inline::Code(body.to_owned())
        } else {
            Inline::Bold(body.to_owned())
        });
        rest = &rest[after..];
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name: tiny
title: "Tiny"
summary: "A claim binds a volume."
steps:
  - say: "One volume."
    apply: |
      apiVersion: v1
      kind: PersistentVolume
      metadata: {name: pv-1}
      spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}
  - predict:
      question: "Does it bind?"
      choices: ["yes", "no"]
      answer: ANSWER
      explain: "It fits."
    apply: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: c1}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: ""}
  - expect:
      claims: {default/c1: {phase: Bound, volume: pv-1}}
"#;

    fn with_answer(answer: &str) -> String {
        MINIMAL.replace("ANSWER", answer)
    }

    #[test]
    fn a_lesson_keeps_its_narrative_step_by_step() {
        let lesson = Lesson::parse(&with_answer("0")).unwrap();
        assert_eq!(lesson.title, "Tiny");
        assert_eq!(lesson.steps.len(), lesson.scenario.steps.len());
        assert_eq!(lesson.steps[0].say.as_deref(), Some("One volume."));
        let predict = lesson.steps[1].predict.as_ref().unwrap();
        assert_eq!(predict.correct_choice(), Some("yes"));
        assert_eq!(lesson.question_count(), 1);
        assert_eq!(lesson.steps[2], LessonStep::default());
    }

    #[test]
    fn an_answer_out_of_range_is_refused_with_its_step() {
        let error = Lesson::parse(&with_answer("2")).unwrap_err();
        assert!(
            error.message.starts_with("step 2: predict: answer 2"),
            "{error}"
        );
    }

    #[test]
    fn one_choice_or_a_repeated_choice_is_refused() {
        let one = with_answer("0").replace(r#"["yes", "no"]"#, r#"["yes"]"#);
        assert!(Lesson::parse(&one)
            .unwrap_err()
            .message
            .contains("at least two choices"));
        let twice = with_answer("0").replace(r#"["yes", "no"]"#, r#"["yes", "yes"]"#);
        assert!(Lesson::parse(&twice)
            .unwrap_err()
            .message
            .contains("repeats"));
    }

    #[test]
    fn a_misspelt_lesson_key_is_an_error_not_silence() {
        let typo = with_answer("0").replace("  - say:", "  - sya:");
        let error = Lesson::parse(&typo).unwrap_err();
        assert!(error.message.contains("sya"), "{error}");
        let in_predict = with_answer("0").replace("explain:", "explian:");
        assert!(Lesson::parse(&in_predict).is_err());
    }

    #[test]
    fn a_question_must_precede_an_action_whose_outcome_is_shown() {
        let on_expect = with_answer("0").replace(
            "  - expect:",
            "  - predict: {question: q, choices: [a, b], answer: 0, explain: e}\n    expect:",
        );
        assert!(Lesson::parse(&on_expect)
            .unwrap_err()
            .message
            .starts_with("step 3: predict must come with"));
        let never_shown = with_answer("0")
            .split("  - expect:")
            .next()
            .unwrap()
            .to_owned();
        assert!(Lesson::parse(&never_shown)
            .unwrap_err()
            .message
            .contains("later expect"));
    }

    #[test]
    fn a_plain_yes_among_the_choices_is_refused_where_it_stands() {
        let plain = with_answer("0").replace(r#"["yes", "no"]"#, "[yes, no]");
        let error = Lesson::parse(&plain).unwrap_err();
        assert_eq!((error.line, error.column), (Some(14), Some(17)), "{error}");
        assert_eq!(
            error.message,
            "steps[1].predict.choices[0]: expected a string, not a plain bool: quote it"
        );
    }

    #[test]
    fn a_typo_in_a_flow_mapping_is_placed_at_the_key() {
        let typo = with_answer("0").replace("{phase: Bound", "{phsae: Bound");
        let error = Lesson::parse(&typo).unwrap_err();
        assert_eq!((error.line, error.column), (Some(23), Some(29)), "{error}");
        assert!(
            error.message.starts_with("unknown field `phsae`"),
            "{error}"
        );
    }

    #[test]
    fn a_lesson_needs_a_title_and_a_summary() {
        let untitled = with_answer("0").replace("title: \"Tiny\"\n", "");
        assert!(Lesson::parse(&untitled).is_err());
        let blank = with_answer("0").replace("title: \"Tiny\"", "title: \" \"");
        assert_eq!(Lesson::parse(&blank).unwrap_err().message, "title is empty");
    }

    #[test]
    fn say_text_has_paragraphs_code_and_bold() {
        let paragraphs =
            say_paragraphs("A **claim** binds\n`pv-1` (10Gi).\n\n  Then `kubectl get pvc`.\n");
        assert_eq!(
            paragraphs,
            vec![
                vec![
                    Inline::Text("A ".into()),
                    Inline::Bold("claim".into()),
                    Inline::Text(" binds ".into()),
                    Inline::Code("pv-1".into()),
                    Inline::Text(" (10Gi).".into()),
                ],
                vec![
                    Inline::Text("Then ".into()),
                    Inline::Code("kubectl get pvc".into()),
                    Inline::Text(".".into()),
                ],
            ]
        );
    }

    #[test]
    fn unmatched_markers_stay_literal() {
        assert_eq!(
            say_paragraphs("a ` b ** c"),
            vec![vec![Inline::Text("a ` b ** c".into())]]
        );
        assert_eq!(
            say_paragraphs("`a**b` **c`d**"),
            vec![vec![
                Inline::Code("a**b".into()),
                Inline::Text(" ".into()),
                Inline::Bold("c`d".into()),
            ]]
        );
        assert!(say_paragraphs("\n \n").is_empty());
    }
}
