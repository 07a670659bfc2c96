//! `pvsim` as a Unix tool: a closed pipe ends it quietly (no panic, no message), inputs are
//! read only up to the limit (standard input, `/dev/zero`), every subcommand has `--help` and
//! `pvsim help CMD`, and usage errors share one shape. Explanations carry the verdicts asked
//! for (`--claim`, `--volumes`).
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

const LIMIT: usize = 32 * 1024 * 1024;

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pvsim"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(args: &[&str]) -> Output {
    command(args).output().expect("pvsim runs")
}

/// Runs pvsim with `input` on standard input (written from another thread, so a pvsim that
/// stops reading early cannot block the test).
fn run_with_input(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .spawn()
        .expect("pvsim runs");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // pvsim may close its end before all is written: that is the point of some tests.
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("pvsim finishes");
    writer.join().unwrap();
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts `args`, reads one line of its output, closes the pipe, and returns how it ended.
fn close_after_first_line(args: &[&str], stdin: Option<&'static str>) -> (Output, String) {
    let mut child = command(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("pvsim runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input.as_bytes()).unwrap();
    }
    let mut out = child.stdout.take().unwrap();
    let mut first = Vec::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        first.push(byte[0]);
    }
    drop(out);
    let output = child.wait_with_output().expect("pvsim finishes");
    (output, text(&first))
}

#[cfg(unix)]
fn ended_by_sigpipe_or_ok(output: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    output.status.signal() == Some(13) || output.status.code() == Some(0)
}

#[cfg(not(unix))]
fn ended_by_sigpipe_or_ok(output: &Output) -> bool {
    matches!(output.status.code(), Some(0 | 141))
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly() {
    let dump: &'static str =
        Box::leak(text(&run(&["dump", "--objects", "300"]).stdout).into_boxed_str());
    let cases: Vec<(Vec<&str>, Option<&'static str>)> = vec![
        (vec!["dump", "--objects", "5000"], None),
        (vec!["explain", "-"], Some(dump)),
        (vec!["explain", "--output", "json", "-"], Some(dump)),
        (vec!["explain", "--output", "yaml", "-"], Some(dump)),
        (vec!["diagnose", "-"], Some(dump)),
        (vec!["help"], None),
        (vec!["explain", "--help"], None),
    ];
    for (args, stdin) in cases {
        let (output, first) = close_after_first_line(&args, stdin);
        let stderr = text(&output.stderr);
        assert!(!first.is_empty(), "{args:?} printed a first line");
        // `diagnose` says with exit status 1 that something is stuck, if it finished first.
        let stuck = args[0] == "diagnose" && output.status.code() == Some(1);
        assert!(
            ended_by_sigpipe_or_ok(&output) || stuck,
            "{args:?} ended with {:?}: {stderr}",
            output.status
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("failed printing"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_on_run_is_quiet_too() {
    let dir = std::env::temp_dir().join(format!("pvsim-unix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenarios: Vec<String> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/scenarios"
    ))
    .unwrap()
    .map(|e| e.unwrap().path().display().to_string())
    .filter(|p| p.ends_with(".yaml"))
    .collect();
    let mut args = vec!["run"];
    args.extend(scenarios.iter().map(String::as_str));
    let (output, first) = close_after_first_line(&args, None);
    assert!(first.starts_with("pass"), "{first}");
    assert!(ended_by_sigpipe_or_ok(&output), "{:?}", output.status);
    assert_eq!(text(&output.stderr), "");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_message_not_a_panic() {
    let output = command(&["dump", "--objects", "50"])
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr).lines().next().unwrap_or_default(),
        "pvsim: cannot write the output: No space left on device (os error 28)"
    );
}

#[cfg(unix)]
#[test]
fn dev_zero_is_read_up_to_the_limit_and_refused() {
    let output = run(&["explain", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "/dev/zero: cannot read: it is larger than 33554432 bytes (32 MiB), the most pvsim reads; reading stopped there\n"
    );
    // A dump is read a chunk at a time, never held whole: it may be larger.
    let output = run(&["diagnose", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "/dev/zero: cannot read: it is larger than 268435456 bytes (256 MiB), the most pvsim reads of a dump; reading stopped there\n"
    );
}

#[test]
fn standard_input_over_the_limit_is_refused_and_at_the_limit_read() {
    let over = run_with_input(&["explain", "-"], vec![b' '; LIMIT + 4096]);
    assert_eq!(over.status.code(), Some(2));
    assert!(
        text(&over.stderr).starts_with("-: cannot read: it is larger than 33554432 bytes"),
        "{}",
        text(&over.stderr)
    );
    // Exactly at the limit is read (blank YAML: an empty cluster).
    let at = run_with_input(&["explain", "-"], vec![b'\n'; LIMIT]);
    assert_eq!(at.status.code(), Some(0), "{}", text(&at.stderr));
    assert!(text(&at.stdout).contains("No claim is Pending."));
}

#[test]
fn input_that_is_not_utf8_or_a_directory_is_refused() {
    let bytes = run_with_input(&["diagnose", "-"], b"kind: \xff\n".to_vec());
    assert_eq!(bytes.status.code(), Some(2));
    assert_eq!(
        text(&bytes.stderr),
        "-: cannot read: it is not UTF-8 text (byte 7 is not)\n"
    );
    let dir = run(&["explain", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(dir.status.code(), Some(2));
    assert!(text(&dir.stderr).ends_with(": cannot read: it is a directory\n"));
}

#[test]
fn every_subcommand_has_help() {
    for name in ["run", "explain", "diagnose", "dump", "bench", "help"] {
        let flag = run(&[name, "--help"]);
        let word = run(&["help", name]);
        let short = run(&[name, "-h"]);
        assert_eq!(flag.status.code(), Some(0), "{name} --help");
        assert_eq!(text(&flag.stderr), "", "{name} --help");
        let help = text(&flag.stdout);
        assert!(
            help.starts_with(&format!("usage: pvsim {name}")),
            "{name}: {help}"
        );
        assert!(help.lines().count() >= 3, "{name}: {help}");
        assert_eq!(word.stdout, flag.stdout, "help {name}");
        assert_eq!(short.stdout, flag.stdout, "{name} -h");
    }
    let overview = run(&["--help"]);
    assert_eq!(overview.status.code(), Some(0));
    for name in ["run", "explain", "diagnose", "dump", "bench"] {
        assert!(text(&overview.stdout).contains(&format!("  pvsim {name} ")));
    }
    assert_eq!(run(&["help"]).stdout, overview.stdout);
}

#[test]
fn usage_errors_name_the_problem_the_usage_and_the_help() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "pvsim: a command is required"),
        (&["frobnicate"], "pvsim: no command \"frobnicate\""),
        (&["help", "frobnicate"], "pvsim: no command \"frobnicate\""),
        (&["run"], "pvsim run: FILE is required"),
        (&["run", "--output", "yaml", "x.yaml"], "pvsim run: --output yaml is not available here"),
        (&["explain"], "pvsim explain: one FILE (or -) is required"),
        (&["explain", "a", "b"], "pvsim explain: one FILE (or -) is required"),
        (&["explain", "--output", "xml", "-"], "pvsim explain: --output must be text, json or yaml; got \"xml\""),
        (&["explain", "--claim", "nonamespace", "-"], "pvsim explain: --claim takes NAMESPACE/NAME; got \"nonamespace\""),
        (&["explain", "--volumes", "many", "-"], "pvsim explain: --volumes must be a whole number from 0 to 18446744073709551615; got \"many\""),
        (&["explain", "--frobnicate", "-"], "pvsim explain: unknown option \"--frobnicate\""),
        (&["diagnose"], "pvsim diagnose: one FILE (or -) is required"),
        (&["dump"], "pvsim dump: --objects N is required"),
        (&["dump", "--objects"], "pvsim dump: --objects needs a value"),
        (&["dump", "--objects", "0"], "pvsim dump: --objects must be a whole number from 1 to 200000; got \"0\""),
        (&["dump", "--objects", "99999999999999999999"], "pvsim dump: --objects must be a whole number from 1 to 200000; got \"99999999999999999999\""),
        (&["dump", "--objects", "5", "extra"], "pvsim dump: unexpected \"extra\""),
        (&["bench", "--volumes", "5"], "pvsim bench: --volumes N and --claims N are required"),
    ];
    for (args, first_line) in cases {
        let output = run(args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().next(), Some(*first_line), "{args:?}");
        assert!(stderr.contains("usage:"), "{args:?}: {stderr}");
        assert!(stderr.contains("Run 'pvsim help"), "{args:?}: {stderr}");
        assert_eq!(text(&output.stdout), "", "{args:?}");
    }
    // A long value is shortened in the message.
    let long = "x".repeat(100_000);
    let output = run(&["dump", "--objects", &long]);
    assert!(text(&output.stderr).len() < 400, "{}", text(&output.stderr));
}

const PENDING_AND_BOUND: &str = "apiVersion: v1
kind: PersistentVolume
metadata: {name: a-small}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/a}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: b-small}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/b}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: c-small}
spec: {capacity: {storage: 2Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/c}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: big, namespace: shop}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: \"\"}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: fits, namespace: shop}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}, storageClassName: \"\"}
";

#[test]
fn explain_shows_the_verdicts_asked_for() {
    let input = || PENDING_AND_BOUND.as_bytes().to_vec();
    let two = run_with_input(&["explain", "--volumes", "2", "-"], input());
    let out = text(&two.stdout);
    assert_eq!(two.status.code(), Some(0), "{}", text(&two.stderr));
    assert!(out.contains("shop/big is Pending"), "{out}");
    assert!(
        out.contains("  a-small                  capacity 1Gi < request 5Gi"),
        "{out}"
    );
    assert!(
        out.contains("  b-small                  capacity 1Gi"),
        "{out}"
    );
    assert!(!out.contains("  c-small                  "), "{out}");
    assert!(out.contains("… and 1 more volumes"), "{out}");
    assert!(
        !out.contains("shop/fits is"),
        "a Bound claim is not explained unasked: {out}"
    );

    let asked = run_with_input(&["explain", "--claim", "shop/fits", "-"], input());
    let out = text(&asked.stdout);
    assert!(
        out.contains("shop/fits is Bound (RWO · 2Gi · class \"\")"),
        "{out}"
    );
    assert!(
        out.contains("  c-small                  bound: the smallest fitting volume"),
        "{out}"
    );
    assert!(
        out.contains("  a-small                  capacity 1Gi < request 2Gi"),
        "{out}"
    );
    assert!(!out.contains("shop/big is"), "{out}");

    let json = run_with_input(
        &["explain", "--output", "json", "--volumes", "1", "-"],
        input(),
    );
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let explanations = value["explanations"].as_array().unwrap();
    assert_eq!(explanations.len(), 2, "every claim");
    for e in explanations {
        assert_eq!(e["volumes"].as_array().unwrap().len(), 1);
        assert_eq!(e["volumesNotShown"], 2);
    }
    assert_eq!(explanations[1]["volumes"][0]["volume"], "c-small");
    assert_eq!(explanations[1]["volumes"][0]["chosen"], true);

    let missing = run_with_input(&["explain", "--claim", "shop/nope", "-"], input());
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(text(&missing.stderr), "-: there is no claim shop/nope\n");
}
