//! The built-in lessons: each parses as a lesson (titles, questions with their answer among
//! the choices), carries its file's name, and passes the scenario runner, as
//! `pvsim run lessons/*.yaml` does; the catalogue lists every file in `lessons/`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::disallowed_methods)] // tests sort with the standard library; the page's size rule is not theirs

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

#[test]
fn every_lesson_ends_in_a_goal_whose_solution_the_runner_plays() {
    for built_in in LESSONS {
        let lesson = lesson(built_in.name).expect("a built-in lesson parses");
        let last = lesson.scenario.steps.last().expect("steps");
        let goal = last
            .goal
            .as_ref()
            .unwrap_or_else(|| panic!("{} does not end in a goal", lesson.name));
        assert!(
            !goal.hints.is_empty(),
            "{}: a goal without hints",
            lesson.name
        );
        assert!(
            goal.explain.is_some(),
            "{}: a goal without explain",
            lesson.name
        );
        // Without its solution the goal does not hold: the runner refuses a lesson whose
        // goal is reached before the learner acts.
        let mut unsolved = lesson.scenario.clone();
        if let Some(step) = unsolved.steps.last_mut().and_then(|s| s.goal.as_mut()) {
            step.solution.truncate(0);
        }
        let (_, outcome) = run(&unsolved);
        assert!(
            outcome.is_err(),
            "{}: the goal holds with no solution played",
            lesson.name
        );
    }
}

#[test]
fn challenges_need_more_than_one_action() {
    let challenges: Vec<Lesson> = LESSONS
        .iter()
        .filter(|b| b.name.starts_with("challenge-"))
        .filter_map(|b| lesson(b.name))
        .collect();
    assert!(challenges.len() >= 4);
    for lesson in challenges {
        let actions: usize = lesson
            .scenario
            .steps
            .iter()
            .filter_map(|s| s.goal.as_ref())
            .map(|g| {
                g.solution
                    .iter()
                    .map(|s| {
                        // A multi-document apply is one action per object.
                        s.apply.as_deref().map_or(1, |t| t.matches("kind:").count())
                    })
                    .sum::<usize>()
            })
            .sum();
        assert!(actions >= 2, "{}: {actions} action(s)", lesson.name);
    }
}

#[test]
fn every_highlight_marks_lines_where_its_step_is_shown() {
    use pv_core::scenario::player::{Player, Progress};
    use pv_core::session::Session;
    use std::rc::Rc;
    let mut highlights = 0;
    for built_in in LESSONS {
        let lesson = Rc::new(lesson(built_in.name).expect("parses"));
        for (i, step) in lesson.steps.iter().enumerate() {
            if step.highlight.is_empty() {
                continue;
            }
            let player = Player::resume(
                lesson.clone(),
                Progress {
                    step: i,
                    ..Progress::default()
                },
            );
            let session = Session::empty().apply(player.start_action());
            let shown = player
                .manifest(&session.cluster)
                .unwrap_or_else(|| panic!("{} step {}: nothing shown", lesson.name, i + 1));
            let lines: Vec<&str> = shown.text.lines().collect();
            for path in &step.highlight {
                let key = path.rsplit('.').next().unwrap();
                let marked = shown.highlighted.iter().any(|r| {
                    lines[r.first as usize - 1..r.last as usize]
                        .iter()
                        .any(|l| {
                            l.trim_start().starts_with(&format!("{key}:"))
                                || l.contains(&format!(" {key}:"))
                                || l.contains(&format!("{{{key}:"))
                        })
                });
                assert!(
                    marked,
                    "{} step {}: {path} is not marked in\n{}",
                    lesson.name,
                    i + 1,
                    shown.text
                );
            }
            highlights += 1;
        }
    }
    assert!(highlights >= 10, "{highlights} steps highlight a field");
}

/// The verdicts of the scenario's last step (an `expect`) on the cluster its other steps
/// make.
fn verdicts(text: &str) -> Vec<(bool, String)> {
    use pv_core::scenario::{play_step, History, Scenario};
    let scenario = Scenario::parse(text).expect("a scenario");
    let (last, before) = scenario.steps.split_last().unwrap();
    let mut cluster = pv_engine::Cluster::new();
    let mut history = History::default();
    for step in before {
        play_step(&mut cluster, &history, step).expect("plays");
        history.observe(&cluster);
    }
    let out: Vec<(bool, String)> = last
        .expect
        .as_ref()
        .unwrap()
        .verdicts(&cluster, &history)
        .into_iter()
        .map(|v| (v.holds, v.text))
        .collect();
    for (_, text) in &out {
        assert!(
            !text.contains("expected") && !text.contains("got "),
            "test output, not a sentence: {text}"
        );
    }
    out
}

const NODES_AND_VOLUMES: &str = r#"
  - apply: |
      apiVersion: v1
      kind: Node
      metadata: {name: node-a, labels: {kubernetes.io/hostname: node-a}}
      ---
      apiVersion: v1
      kind: Node
      metadata: {name: node-b, labels: {kubernetes.io/hostname: node-b}}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata: {name: pv-small}
      spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata: {name: pv-disk}
      spec: {capacity: {storage: 10Gi}, accessModes: [ReadWriteOnce], csi: {driver: ebs.csi.aws.com, volumeHandle: v1}}
"#;

fn scenario(steps: &str) -> String {
    format!("name: t\nsteps:{NODES_AND_VOLUMES}{steps}")
}

#[test]
fn a_failed_claim_check_says_why_in_the_engines_words() {
    let claim = |name: &str, size: &str| {
        format!(
            "      apiVersion: v1\n      kind: PersistentVolumeClaim\n      metadata: {{name: {name}}}\n      spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: {size}}}}}, storageClassName: \"\"}}\n"
        )
    };
    let text = scenario(&format!(
        "  - apply: |\n{}  - apply: |\n{}  - expect:\n      claims:\n        default/big: {{phase: Bound}}\n        default/small: {{phase: Bound, volume: pv-small}}\n        default/absent: {{phase: Bound}}\n",
        claim("big", "50Gi"),
        claim("small", "1Gi").replace("1Gi}}", "512Mi}}")
    ));
    let found = verdicts(&text);
    assert_eq!(
        found[0],
        (false, "claim default/absent does not exist".to_owned())
    );
    // Pending: the route's message, then each volume's first failed rule.
    assert_eq!(
        found[1],
        (
            false,
            "claim default/big is Pending: no persistent volumes available for this claim and no storage class is set; pv-disk: capacity 10Gi < request 50Gi; 1 volume is bound to other claims".to_owned()
        )
    );
    assert_eq!(
        found[2],
        (true, "claim default/small is Bound to pv-small".to_owned())
    );
    // Bound elsewhere: what the expected volume lacked.
    let text = scenario(&format!(
        "  - apply: |\n{}  - expect:\n      claims:\n        default/c: {{volume: pv-small}}\n",
        claim("c", "2Gi")
    ));
    assert_eq!(
        verdicts(&text)[0].1,
        "claim default/c is Bound to pv-disk: pv-small: capacity 1Gi < request 2Gi"
    );
}

#[test]
fn a_claim_kept_by_a_pod_and_a_released_volume_are_explained() {
    let text = scenario(
        r#"  - apply: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: ""}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: app}
      spec: {containers: [{name: c, image: i}], volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]}
  - delete: {kind: PersistentVolumeClaim, namespace: default, name: data}
  - expect:
      claims:
        default/data: {deleted: true}
"#,
    );
    assert_eq!(
        verdicts(&text)[0].1,
        "claim default/data still exists, Terminating: pvc-protection keeps it while pod default/app uses it"
    );
    let released = text
        .replace(
            "  - expect:\n      claims:\n        default/data: {deleted: true}\n",
            "  - delete: {kind: Pod, namespace: default, name: app}\n  - expect:\n      volumes:\n        pv-small: {phase: Available}\n        pv-disk: {deleted: true}\n",
        );
    let found = verdicts(&released);
    assert_eq!(
        found[0].1,
        "volume pv-disk still exists, Available: it has no claimRef; reclaim policy Retain"
    );
    assert_eq!(
        found[1].1,
        "volume pv-small is Released: its claimRef still names the deleted claim default/data"
    );
}

#[test]
fn failed_pod_and_event_checks_give_the_scheduler_and_attach_messages() {
    let text = scenario(
        r#"  - apply: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: disk}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: ""}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: one}
      spec: {nodeSelector: {kubernetes.io/hostname: node-a}, containers: [{name: c, image: i}], volumes: [{name: d, persistentVolumeClaim: {claimName: disk}}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: two}
      spec: {nodeSelector: {kubernetes.io/hostname: node-b}, containers: [{name: c, image: i}], volumes: [{name: d, persistentVolumeClaim: {claimName: disk}}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: nowhere}
      spec: {nodeSelector: {kubernetes.io/hostname: node-z}, containers: [{name: c, image: i}]}
  - expect:
      pods:
        default/one: {node: node-b, claims: [other]}
        default/two: {phase: Running}
        default/nowhere: {node: node-a}
        default/ghost: {node: node-a}
      events:
        - {object: default/two, reason: FailedAttachVolume, absent: true}
        - {object: default/one, reason: FailedScheduling}
"#,
    );
    let found: Vec<String> = verdicts(&text).into_iter().map(|(_, t)| t).collect();
    assert_eq!(found[0], "pod default/ghost does not exist");
    assert!(
        found[1].starts_with("pod default/nowhere is not scheduled: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."),
        "{}",
        found[1]
    );
    assert_eq!(
        found[2],
        "pod default/one runs on node-a and is Running: it mounts disk; a pod's volumes cannot change: delete it and create it again; a scheduled pod never moves: delete it and create it again to place it on node-b"
    );
    assert_eq!(
        found[3],
        "pod default/two runs on node-b and is Pending: Multi-Attach error for volume \"pv-disk\" Volume is already used by pod(s) one"
    );
    assert_eq!(
        found[4],
        "default/two has the event FailedAttachVolume: Multi-Attach error for volume \"pv-disk\" Volume is already used by pod(s) one"
    );
    assert_eq!(found[5], "default/one has no FailedScheduling event yet");
}

#[test]
fn a_waiting_claim_and_its_missing_volume_say_what_they_wait_for() {
    let text = scenario(
        r#"  - apply: |
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: wffc}
      provisioner: ebs.csi.aws.com
      volumeBindingMode: WaitForFirstConsumer
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: later}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: wffc}
  - expect:
      claims:
        default/later: {phase: Bound, storageClassName: other}
      volumes:
        dynamic:default/later: {phase: Bound}
        dynamic:default/never: {phase: Bound}
"#,
    );
    let found: Vec<String> = verdicts(&text).into_iter().map(|(_, t)| t).collect();
    assert!(
        found[0].starts_with(
            "claim default/later is Pending: it asks for class wffc; waiting for first consumer to be created before binding; "
        ),
        "{}",
        found[0]
    );
    assert!(
        found[0].ends_with("; pv-small: capacity 1Gi < request 5Gi"),
        "{}",
        found[0]
    );
    assert_eq!(
        found[1],
        "no volume has been provisioned for default/later: waiting for first consumer to be created before binding"
    );
    assert_eq!(
        found[2],
        "no volume was provisioned for default/never: that claim was never created"
    );
}

#[test]
fn a_claim_waiting_for_its_pod_gives_the_pods_scheduling_message() {
    let text = scenario(
        r#"  - apply: |
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: wffc}
      provisioner: ebs.csi.aws.com
      volumeBindingMode: WaitForFirstConsumer
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: wffc}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: app}
      spec: {nodeSelector: {zone: nowhere}, containers: [{name: c, image: i}], volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]}
  - expect:
      claims:
        default/data: {phase: Bound}
"#,
    );
    let found = verdicts(&text).remove(0).1;
    assert!(
        found.starts_with("claim default/data is Pending: waiting for pod app to be scheduled; "),
        "{found}"
    );
    assert!(
        found.contains("; pod default/app: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."),
        "{found}"
    );
}

#[test]
fn a_claim_whose_resize_waits_for_a_pod_says_so() {
    let text = r#"name: t
steps:
  - apply: |
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: expandable}
      provisioner: ebs.csi.aws.com
      allowVolumeExpansion: true
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: default}
      spec: {accessModes: [ReadWriteOnce], storageClassName: expandable, resources: {requests: {storage: 1Gi}}}
  - update: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: default}
      spec: {accessModes: [ReadWriteOnce], storageClassName: expandable, resources: {requests: {storage: 2Gi}}}
  - expect:
      claims:
        default/data: {capacity: 2Gi}
      volumes:
        dynamic:default/data: {capacity: 2Gi}
"#;
    let found = verdicts(text);
    assert!(!found[0].0);
    assert!(
        found[0].1.starts_with("claim default/data is Bound to pvc-")
            && found[0].1.contains(": its capacity is 1Gi; the volume grew to 2Gi, but the claim shows 1Gi until a pod mounts it"),
        "{}",
        found[0].1
    );
    assert_eq!(
        found[1],
        (
            true,
            "the volume provisioned for default/data exists, with capacity 2Gi".to_owned()
        )
    );
}

/// A learner at a lesson's goal who types `commands` at the kubectl console: each command
/// succeeds; whether the goal is reached on the cluster they leave, and its verdicts.
fn console_at_goal(name: &str, goal_step: usize, commands: &[&str]) -> (bool, Vec<String>) {
    use pv_core::console;
    use pv_core::scenario::player::{Player, Progress};
    use std::rc::Rc;
    let lesson = Rc::new(lesson(name).expect("parses"));
    let mut player = Player::resume(
        lesson.clone(),
        Progress {
            step: goal_step,
            ..Progress::default()
        },
    );
    let mut session = player.start_session();
    for command in commands {
        let outcome = console::run(command, &session, "");
        assert!(outcome.success, "{name}: {command}: {}", outcome.text());
        for action in outcome.actions {
            session = session.apply(action);
        }
        player.observe(&session.cluster);
    }
    let verdicts = player
        .verdicts(&session.cluster)
        .into_iter()
        .map(|v| v.text)
        .collect();
    (player.goal_reached(&session.cluster), verdicts)
}

/// Like [`console_at_goal`] for the commands a hint of the goal spells out (so the hints stay
/// true): the goal is reached.
fn solved_as_hinted(name: &str, goal_step: usize, commands: &[&str]) {
    let lesson = lesson(name).expect("parses");
    let goal = lesson.scenario.steps[goal_step]
        .goal
        .as_ref()
        .expect("a goal");
    for command in commands.iter().filter(|c| !c.contains('\n')) {
        assert!(
            goal.hints.iter().any(|h| h.contains(command)),
            "{name}: no hint gives {command}"
        );
    }
    let (reached, verdicts) = console_at_goal(name, goal_step, commands);
    assert!(reached, "{name}: {verdicts:#?}");
}

/// The StatefulSet and expansion lessons are solved the way their hints say, in the console;
/// the wrong ways the hints warn about are explained in the engine's words.
#[test]
fn the_workload_and_expansion_lessons_are_solved_at_the_console() {
    // Scaling up finds the retained claim; a claim deleted meanwhile is made again and binds
    // the spare volume instead.
    let scale_up = "kubectl scale statefulset web --replicas=3";
    solved_as_hinted("statefulset-claims", 4, &[scale_up]);
    let (reached, verdicts) = console_at_goal(
        "statefulset-claims",
        4,
        &["kubectl delete pvc www-web-2", scale_up],
    );
    assert!(!reached);
    assert!(
        verdicts
            .iter()
            .any(|v| v.starts_with("claim default/www-web-2 is Bound to pv-d")),
        "{verdicts:#?}"
    );

    // The policy first, then the scale-down; the other way round the claim is kept and must
    // be deleted by hand, as the last hint says.
    let policy = r#"kubectl patch statefulset db -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}'"#;
    let scale_down = "kubectl scale statefulset db --replicas=2";
    let retention = "statefulset-retention-policy";
    solved_as_hinted(retention, 4, &[policy, scale_down]);
    let (reached, verdicts) = console_at_goal(retention, 4, &[scale_down, policy]);
    assert!(!reached, "{verdicts:#?}");
    assert!(
        verdicts
            .iter()
            .any(|v| v.starts_with("claim default/data-db-2 still exists")),
        "{verdicts:#?}"
    );
    assert!(console_at_goal(retention, 4, &[scale_down, "kubectl delete pvc data-db-2"]).0);

    // Growing: the patch grows the volume; a pod finishes the file system's expansion.
    let grow =
        r#"kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"3Gi"}}}}'"#;
    solved_as_hinted("grow-a-claim", 4, &[grow]);
    let pod = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers: [{name: app, image: busybox}]\n  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\nEOF";
    solved_as_hinted("grow-a-claim", 7, &[pod]);
}

/// The refusals the expansion lesson's questions quote are what the console prints.
#[test]
fn the_expansion_lessons_refusals_are_the_api_servers() {
    use pv_core::console::{self, Stream};
    use pv_core::scenario::player::{Player, Progress};
    use std::rc::Rc;
    let lesson = Rc::new(lesson("grow-a-claim").expect("parses"));
    let at = |step: usize| {
        Player::resume(
            lesson.clone(),
            Progress {
                step,
                ..Progress::default()
            },
        )
        .start_session()
    };
    let refused = |step: usize, command: &str| {
        let outcome = console::run(command, &at(step), "");
        assert!(!outcome.success, "{command} was accepted");
        outcome.stream(Stream::Err)
    };
    let class = refused(
        2,
        r#"kubectl patch pvc logs -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'"#,
    );
    assert!(
        class.contains("persistentvolumeclaims \"logs\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"),
        "{class}"
    );
    let shrink = refused(
        5,
        r#"kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}'"#,
    );
    assert!(
        shrink.contains(
            "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"
        ),
        "{shrink}"
    );
}
