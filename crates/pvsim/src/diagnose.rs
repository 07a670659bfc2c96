//! `pvsim diagnose`: a dump read as it is (no controller runs) and every verdict printed with
//! its evidence, near misses and fix as kubectl commands, as text or JSON; `--simulate-fixes`
//! checks each fix in the simulator. Exit status for CI: 0 nothing stuck, 1 something stuck,
//! 2 unreadable input (or manifests, which are not a dump). Output goes through `output`, so a
//! reader that goes away early (`| head`) ends the command quietly, as for every subcommand.

use crate::cli::{FAILED, OK};
use crate::usage::{self, MALFORMED};
use pv_core::diagnose::simulate::{check_fixes, FixCheck};
use pv_core::diagnose::{diagnose_dump, read_parsed, Diagnosis, Input, Verdict};
use pv_core::manifest::{self, Stream, MAX_DUMP_BYTES};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::io::{ErrorKind, Read};

/// `pvsim diagnose [--simulate-fixes] FILE|-` (`--output` is read by the caller).
pub fn command(words: &[&str], json: bool) -> i32 {
    let simulate = words.contains(&"--simulate-fixes");
    let mut operands = Vec::new();
    for word in words.iter().filter(|w| **w != "--simulate-fixes") {
        if word.starts_with("--") {
            return usage::error(
                Some("diagnose"),
                &format!("unknown option {}", usage::quoted(word)),
            );
        }
        operands.push(*word);
    }
    match operands.as_slice() {
        [file] => run(file, json, simulate),
        _ => usage::error(Some("diagnose"), "one FILE (or -) is required"),
    }
}

/// A dump read a chunk at a time and never held whole (up to [`MAX_DUMP_BYTES`]): the file, or
/// standard input for `-`. What cannot be read is said as for every subcommand's input
/// (`FILE: cannot read: …`), with the dump's own limit.
fn read_chunked(file: &str) -> Option<manifest::Parsed> {
    let fail = |why: String| {
        eprintln!("{file}: cannot read: {why}");
        None
    };
    let mut input = match crate::input::open(file) {
        Ok(input) => input,
        Err(e) => return fail(e.to_string()),
    };
    let mut stream = Stream::new(MAX_DUMP_BYTES);
    let mut buffer = vec![0u8; 256 * 1024];
    // Bytes of a character cut in two by a chunk, carried to the next.
    let mut carried: Vec<u8> = Vec::new();
    let mut read = 0usize;
    loop {
        let n = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return fail(e.to_string()),
        };
        read += n;
        if read > MAX_DUMP_BYTES {
            return fail(format!(
                "it is larger than {MAX_DUMP_BYTES} bytes ({} MiB), the most pvsim reads of a dump; reading stopped there",
                MAX_DUMP_BYTES / (1024 * 1024)
            ));
        }
        carried.extend_from_slice(&buffer[..n]);
        let start = read - carried.len();
        let valid = match std::str::from_utf8(&carried) {
            Ok(_) => carried.len(),
            Err(e) if e.error_len().is_some() => {
                let at = start + e.valid_up_to() + 1;
                return fail(format!("it is not UTF-8 text (byte {at} is not)"));
            }
            Err(e) => e.valid_up_to(),
        };
        stream.feed(std::str::from_utf8(&carried[..valid]).unwrap_or_default());
        carried.drain(..valid);
    }
    if !carried.is_empty() {
        let at = read - carried.len() + 1;
        return fail(format!("it is not UTF-8 text (byte {at} is not)"));
    }
    Some(stream.finish())
}

fn run(file: &str, json: bool, simulate: bool) -> i32 {
    let Some(parsed) = read_chunked(file) else {
        return MALFORMED;
    };
    let dump = match read_parsed(parsed) {
        Ok(dump) => dump,
        Err(problems) => {
            for p in problems {
                eprintln!("{file}:{p}");
            }
            return MALFORMED;
        }
    };
    if let Input::Manifests { objects } = dump.input {
        eprintln!(
            "{file}: not a dump: its {objects} volumes, claims and pods lack the uid and status a cluster gives every object, so they were not read from one. \
             Diagnose reads `kubectl get pv,pvc,sc,pods,nodes -A -o yaml`; to see what Kubernetes does with these manifests, run `pvsim explain {file}`."
        );
        return MALFORMED;
    }
    let diagnosis = diagnose_dump(&dump);
    let checks = simulate.then(|| check_fixes(&dump.cluster, &diagnosis.verdicts));
    if json {
        crate::output::json(&json_report(&diagnosis, checks.as_deref()));
        println!();
    } else {
        print!("{}", text_report(&diagnosis, checks.as_deref()));
    }
    if diagnosis.anything_stuck() {
        FAILED
    } else {
        OK
    }
}

/// The diagnosis as JSON: every field of the verdicts, each fix's kubectl text beside its
/// steps, and the simulations when asked for.
fn json_report(diagnosis: &Diagnosis, checks: Option<&[FixCheck]>) -> Value {
    let mut value = serde_json::to_value(diagnosis).unwrap_or(Value::Null);
    if let Some(verdicts) = value.get_mut("verdicts").and_then(Value::as_array_mut) {
        for (verdict, typed) in verdicts.iter_mut().zip(&diagnosis.verdicts) {
            if let (Some(fix), Some(typed)) = (verdict.get_mut("fix"), &typed.fix) {
                fix["kubectl"] = Value::String(typed.kubectl());
            }
        }
    }
    value["summary"] = Value::String(diagnosis.summary());
    value["stuck"] = Value::Bool(diagnosis.anything_stuck());
    if let Some(checks) = checks {
        value["simulations"] = json!(checks);
    }
    value
}

fn text_report(diagnosis: &Diagnosis, checks: Option<&[FixCheck]>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (as the dump shows them: the simulator did not run)",
        diagnosis.summary()
    );
    let _ = writeln!(out, "Verdicts: {}.", diagnosis.severity_summary());
    let _ = writeln!(out, "{}", diagnosis.classes_line());
    for note in &diagnosis.notes {
        let _ = writeln!(out, "{note}");
    }
    if diagnosis.skipped > 0 {
        let _ = writeln!(
            out,
            "{} objects of kinds the simulator does not model were left out.",
            diagnosis.skipped
        );
    }
    for verdict in &diagnosis.verdicts {
        let check = checks.and_then(|c| c.iter().find(|c| c.subject == verdict.subject));
        write_verdict(&mut out, verdict, check);
    }
    if let Some(checks) = checks {
        let resolved = checks.iter().filter(|c| c.outcome.resolved).count();
        let _ = writeln!(
            out,
            "\n{} fixes simulated: {resolved} resolve their verdict, {} do not.",
            checks.len(),
            checks.len() - resolved
        );
    }
    out
}

fn write_verdict(out: &mut String, verdict: &Verdict, check: Option<&FixCheck>) {
    let _ = writeln!(
        out,
        "\n{} ({}, {})",
        verdict.title(),
        verdict.severity.word(),
        verdict.age()
    );
    if let Some(facts) = &verdict.claim {
        let request = if facts.request.is_empty() {
            "no request"
        } else {
            facts.request.as_str()
        };
        let selector = facts
            .selector
            .as_ref()
            .map(|s| format!(" · selector {s}"))
            .unwrap_or_default();
        let volume = if facts.volume_name.is_empty() {
            String::new()
        } else {
            format!(" · volumeName {}", facts.volume_name)
        };
        let _ = writeln!(
            out,
            "  {} · {request} · class {}{selector}{volume} · {}",
            facts.access_modes,
            facts.class.text(),
            facts.status
        );
    }
    let reason = if verdict.reason.is_empty() {
        "-"
    } else {
        verdict.reason.as_str()
    };
    let _ = writeln!(out, "  {reason}: {}", verdict.message);
    for line in &verdict.evidence {
        let _ = writeln!(out, "  - {line}");
    }
    if let Some(fit) = verdict.claim.as_ref().and_then(|c| c.fit.as_ref()) {
        let _ = writeln!(out, "  volume that would fit: {}", fit.text());
    }
    if !verdict.near_misses.is_empty() {
        let _ = writeln!(out, "  near misses:");
        for miss in &verdict.near_misses {
            let also = if miss.also.is_empty() {
                String::new()
            } else {
                format!("; also {}", miss.also.join("; "))
            };
            let _ = writeln!(out, "    {:<24} {}{also}", miss.volume, miss.reason);
        }
    }
    match &verdict.fix {
        None => {
            let _ = writeln!(out, "  fix: none needed");
        }
        Some(fix) => {
            let _ = writeln!(out, "  fix: {}", fix.summary);
            for note in &fix.notes {
                let _ = writeln!(out, "    note: {note}");
            }
            if !fix.steps.is_empty() {
                let _ = writeln!(out, "{}", fix.kubectl());
            }
        }
    }
    if let Some(check) = check {
        let verdict_word = if check.outcome.resolved {
            "resolved"
        } else {
            "NOT resolved"
        };
        let _ = writeln!(
            out,
            "  simulated: {verdict_word}{}",
            check
                .outcome
                .refused
                .as_ref()
                .map(|r| format!(" (refused: {r})"))
                .unwrap_or_default()
        );
        for line in &check.outcome.after {
            let _ = writeln!(out, "    {line}");
        }
        let changes = verdict.fix.as_ref().is_some_and(|f| f.changes_objects());
        if check.resolves_alone && changes && verdict.severity == pv_core::diagnose::Severity::Stuck
        {
            let _ = writeln!(out, "    (the controllers resolve it without the fix too)");
        }
    }
}
