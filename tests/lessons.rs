//! The built-in lessons: each parses as a lesson (titles, questions with their answer among
//! the choices), carries its file's name, and passes the scenario runner, as
//! `pvsim run lessons/*.yaml` does; the catalogue lists every file in `lessons/`.
#![cfg(not(target_arch = "wasm32"))]

use pv_core::scenario::lessons::{lesson, Lesson, LESSONS};
use pv_core::scenario::run;
use std::path::Path;

#[test]
fn every_built_in_lesson_parses_and_passes_the_runner() {
    let mut failures = Vec::new();
    for built_in in LESSONS {
        let lesson = match Lesson::parse(built_in.text) {
            Ok(lesson) => lesson,
            Err(e) => {
                failures.push(format!("{}: malformed: {e}", built_in.name));
                continue;
            }
        };
        if lesson.name != built_in.name {
            failures.push(format!(
                "{}: name {:?} differs from the file name",
                built_in.name, lesson.name
            ));
        }
        if let (_, Err(failure)) = run(&lesson.scenario) {
            failures.push(format!("{}: FAIL {failure}", built_in.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_lesson_asks_and_its_answers_are_among_the_choices() {
    for built_in in LESSONS {
        let lesson = lesson(built_in.name).expect("a built-in lesson parses");
        assert!(
            lesson.question_count() >= 1,
            "{} asks no question",
            lesson.name
        );
        assert!(
            lesson.steps.first().is_some_and(|s| s.say.is_some()),
            "{} starts without narrative",
            lesson.name
        );
        for step in &lesson.steps {
            if let Some(predict) = &step.predict {
                assert!(predict.choices.len() >= 2, "{}", lesson.name);
                assert!(
                    predict.correct_choice().is_some(),
                    "{}: {}",
                    lesson.name,
                    predict.question
                );
            }
        }
    }
}

#[test]
fn the_catalogue_lists_every_lesson_file_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("lessons/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = LESSONS.iter().map(|l| l.name.to_owned()).collect();
    listed.sort();
    assert_eq!(listed, on_disk);
    assert!(lesson("no-such-lesson").is_none());
}
