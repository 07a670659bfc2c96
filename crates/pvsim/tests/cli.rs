//! The `pvsim` command as a user runs it: exit codes, the pass/FAIL lines and closing count,
//! file:line:column for malformed files, kubectl tables, JSON output.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pvsim(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pvsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pvsim runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("pvsim finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes `files` (name → contents) into a fresh temporary directory.
fn scratch(files: &[(&str, &str)]) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pvsim-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).unwrap();
    }
    dir
}

/// A volume and a claim that binds to it.
const MANIFESTS: &str = "apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1, labels: {app: db}}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/1}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c1, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: \"\"}
";

/// A scenario named `name` that applies [`MANIFESTS`] and expects the claim on pv-1.
fn passing(name: &str) -> String {
    let apply: String = MANIFESTS.lines().map(|l| format!("      {l}\n")).collect();
    format!("name: {name}\nsteps:\n  - apply: |\n{apply}  - expect:\n      claims: {{default/c1: {{phase: Bound, volume: pv-1}}}}\n")
}

#[test]
fn run_reports_pass_and_fail_with_the_first_mismatch() {
    let failing = passing("wrong").replace("volume: pv-1", "volume: pv-2");
    let dir = scratch(&[("binds.yaml", &passing("binds")), ("wrong.yaml", &failing)]);
    let out = pvsim(
        &[
            "run",
            dir.join("binds.yaml").to_str().unwrap(),
            dir.join("wrong.yaml").to_str().unwrap(),
        ],
        None,
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("pass  binds"));
    assert!(stdout.contains("FAIL  wrong: step 2: claims.default/c1.volume: expected Some(\"pv-2\"), got Some(\"pv-1\")"), "{stdout}");
    assert!(stdout.trim_end().ends_with("1 passed, 1 failed"));
}

#[test]
fn run_exits_0_when_all_pass() {
    let dir = scratch(&[("binds.yaml", &passing("binds"))]);
    let out = pvsim(&["run", dir.join("binds.yaml").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).trim_end().ends_with("1 passed, 0 failed"));
}

#[test]
fn malformed_files_exit_2_with_file_line_and_column() {
    let typo = passing("typo").replace("claims: {default/c1", "claim: {default/c1");
    let dir = scratch(&[("typo.yaml", &typo), ("binds.yaml", &passing("binds"))]);
    let typo_path = dir.join("typo.yaml");
    let out = pvsim(
        &[
            "run",
            typo_path.to_str().unwrap(),
            dir.join("binds.yaml").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let expected = format!(
        "{}:14:7: unknown field `claim`, expected one of claims, volumes, pods, events",
        typo_path.display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    // The good file still ran.
    assert!(text(&out.stdout).contains("pass  binds"));
}

#[test]
fn a_lesson_with_a_question_out_of_range_is_malformed() {
    let question = "  - predict: {question: \"Does c1 bind pv-1?\", choices: [\"yes\", \"no\"], answer: ANSWER, explain: \"It fits.\"}\n    apply: |";
    let lesson = |name: &str, answer: &str| {
        passing(name)
            .replacen(
                "steps:",
                "title: Binding\nsummary: A claim binds.\nsteps:",
                1,
            )
            .replacen("  - apply: |", &question.replace("ANSWER", answer), 1)
    };
    let dir = scratch(&[
        ("good.yaml", &lesson("good", "0")),
        ("bad.yaml", &lesson("bad", "2")),
    ]);
    let out = pvsim(
        &[
            "run",
            dir.join("good.yaml").to_str().unwrap(),
            dir.join("bad.yaml").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("pass  good"));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.yaml:1:1: lesson: step 1: predict: answer 2 is out of range"),
        "{stderr}"
    );
}

#[test]
fn explain_prints_tables_events_and_why_a_claim_is_pending() {
    let manifests = "apiVersion: v1
kind: PersistentVolume
metadata: {name: small}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/s}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: big, namespace: shop}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: \"\"}
";
    let out = pvsim(&["explain", "-"], Some(manifests));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("NAME    CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM"),
        "{stdout}"
    );
    assert!(
        stdout.contains("NAMESPACE   NAME   STATUS    VOLUME"),
        "{stdout}"
    );
    assert!(stdout.contains("FailedBinding"));
    assert!(stdout.contains("shop/big is Pending (RWO · 5Gi · class \"\")"));
    assert!(stdout.contains(
        "why: no persistent volumes available for this claim and no storage class is set"
    ));
    assert!(
        stdout.contains("small                    capacity 1Gi < request 5Gi"),
        "{stdout}"
    );
}

#[test]
fn explain_json_has_state_and_explanations() {
    let out = pvsim(&["explain", "--output", "json", "-"], Some(MANIFESTS));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(
        json["state"]["persistentVolumeClaims"][0]["status"]["phase"],
        "Bound"
    );
    assert_eq!(json["explanations"][0]["route"]["route"], "static");
    assert_eq!(json["explanations"][0]["route"]["volume"], "pv-1");
}

#[test]
fn bench_prints_one_json_line() {
    let out = pvsim(
        &[
            "bench",
            "--volumes",
            "200",
            "--claims",
            "150",
            "--seed",
            "3",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(json["volumes"], 200);
    assert_eq!(json["claims"], 150);
    assert!(json["bound"].as_u64().unwrap() > 0);
    assert!(json["settle_ms"].as_f64().unwrap() >= 0.0);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(pvsim(&[], None).status.code(), Some(2));
    assert_eq!(pvsim(&["bench"], None).status.code(), Some(2));
}

#[test]
fn explain_exports_the_settled_state_as_yaml_that_reads_back() {
    let out = pvsim(&["explain", "--output", "yaml", "-"], Some(MANIFESTS));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let yaml = text(&out.stdout);
    assert!(yaml.contains("kind: List"), "{yaml}");
    assert!(yaml.contains("phase: Bound"), "{yaml}");
    assert!(
        yaml.contains("storageClassName: \"\""),
        "the empty class survives: {yaml}"
    );
    // The export is a dump pvsim reads back as the same cluster.
    let again = pvsim(&["explain", "--output", "yaml", "-"], Some(&yaml));
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout), yaml);
}

fn fixture(name: &str) -> String {
    format!("{}/../../tests/diagnose/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn diagnose_reads_a_dump_as_it_is_and_dump_writes_one() {
    let out = pvsim(&["dump", "--objects", "200", "--seed", "4"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dump = text(&out.stdout);
    assert!(dump.starts_with("apiVersion: v1\nitems:\n"), "{dump:.40}");
    assert!(dump.contains("managedFields:"));

    let out = pvsim(&["diagnose", "-"], Some(&dump));
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "something is stuck: {}",
        text(&out.stderr)
    );
    assert!(
        stdout.contains("Pending claims of ") && stdout.contains("the simulator did not run"),
        "{stdout}"
    );
    assert!(stdout.contains("volume that would fit: "), "{stdout}");

    let out = pvsim(&["diagnose", &fixture("shop.yaml")], None);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("4 Pending claims of 5 claims (as the dump shows them"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("Verdicts: 3 stuck, 1 waiting.\nStorageClasses: fast, standard (default).\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "PVC shop/reports (waiting, 30m)\n  RWX · 10Gi · class \"\" · Pending\n  -: volume \"nfs-reports\" fits"
        ),
        "{stdout}"
    );
    // The fix, as commands a user runs.
    assert!(
        stdout.contains("\nkubectl delete pvc typo -n shop\nkubectl create -f - <<'EOF'\n"),
        "{stdout}"
    );

    let out = pvsim(&["diagnose", "-"], Some("kind: List\nitems: [\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("-:line "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn diagnose_exits_0_when_nothing_is_stuck_and_2_for_manifests() {
    let calm = "apiVersion: v1\nkind: List\nitems: []\n";
    let out = pvsim(&["diagnose", "-"], Some(calm));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Verdicts: nothing is stuck."));
    let out = pvsim(&["diagnose", &fixture("manifests.yaml")], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("not a dump") && stderr.contains("pvsim explain"),
        "{stderr}"
    );
    let out = pvsim(&["diagnose", "/nonexistent/dump.yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    // Refused before any input is read (so none is written to it).
    let out = pvsim(&["diagnose", "--output", "yaml", "-"], None);
    assert_eq!(out.status.code(), Some(2), "no YAML output for diagnose");
}

#[test]
fn diagnose_json_has_every_verdict_and_its_fix_as_commands() {
    let out = pvsim(
        &["diagnose", "--output", "json", &fixture("named.yaml")],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(report["stuck"], true);
    assert_eq!(report["input"]["input"], "dump");
    let verdicts = report["verdicts"].as_array().expect("verdicts");
    let uploads = verdicts
        .iter()
        .find(|v| v["subject"]["name"] == "uploads")
        .expect("apps/uploads");
    assert_eq!(uploads["reason"], "VolumeMismatch");
    assert_eq!(uploads["severity"], "stuck");
    assert_eq!(uploads["finding"]["kind"], "claimVolumeMismatch");
    assert_eq!(
        uploads["fix"]["kubectl"],
        r#"kubectl patch pv nfs-uploads --type json -p '[{"op":"add","path":"/spec/storageClassName","value":"standard"}]'"#
    );
    assert_eq!(uploads["fix"]["steps"][0]["step"], "patch");
    assert!(report.get("simulations").is_none());

    let out = pvsim(
        &[
            "diagnose",
            "--output=json",
            "--simulate-fixes",
            &fixture("named.yaml"),
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let simulations = report["simulations"].as_array().expect("simulations");
    assert_eq!(simulations.len(), 8);
    assert!(
        simulations.iter().all(|s| s["outcome"]["resolved"] == true),
        "{simulations:?}"
    );
}

#[test]
fn diagnose_simulates_every_fix_and_says_what_came_of_it() {
    let out = pvsim(
        &["diagnose", "--simulate-fixes", &fixture("pods.yaml")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("  simulated: resolved\n    Pod coord/zk-2 is Running on node node-a.\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("8 fixes simulated: 8 resolve their verdict, 0 do not.\n"),
        "{stdout}"
    );
}

#[test]
fn render_writes_a_prerendered_embed_its_svg_alone_or_the_problems() {
    let manifests = "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-a}\nspec: {capacity: {storage: 5Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {accessModes: [ReadWriteOnce], storageClassName: \"\", resources: {requests: {storage: 1Gi}}}\n";
    let out = pvsim(
        &[
            "render",
            "--view",
            "flow",
            "--knobs",
            "request",
            "--readonly",
            "-",
        ],
        Some(manifests),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let element = text(&out.stdout);
    assert!(element.starts_with("<div data-pv-playground data-view=\"flow\" data-knobs=\"request\" data-readonly=\"\"><template shadowrootmode=\"open\"><style>"));
    assert!(element.contains("<title id=\"pvp-r0-title\">How default/data gets a volume</title>"));
    assert!(element.contains("<script type=\"application/yaml\">\napiVersion: v1\n"));
    let svg = pvsim(&["render", "--svg", "--prefix", "p9", "-"], Some(manifests));
    let svg = text(&svg.stdout);
    assert!(svg.starts_with(
        "<svg class=\"pvp-flowchart pvp-live\" role=\"img\" aria-labelledby=\"p9-title\""
    ));
    assert!(svg.trim_end().ends_with("</svg>"));
    let bad = pvsim(&["render", "--view", "flows", "-"], Some(manifests));
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        text(&bad.stderr),
        "-: view must be one of flow, cluster, tables, full; got \"flows\"\n"
    );
    // A manifest's mistake is placed as explain places it: FILE:LINE:COLUMN.
    let broken = pvsim(
        &["render", "-"],
        Some("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: lots}}\n"),
    );
    assert_eq!(broken.status.code(), Some(2));
    let stderr = text(&broken.stderr);
    assert_eq!(
        stderr.lines().take(2).collect::<Vec<_>>(),
        [
            "-: The manifests could not be applied:",
            "-:7:35: spec.resources.requests.storage: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        ],
    );
    let unknown = pvsim(&["render", "--colour", "red"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).starts_with("pvsim render: unknown option \"--colour\""));
}

#[test]
fn prerender_puts_pictures_into_built_pages_once_and_names_refused_widgets() {
    let widget = format!(
        "<pv-playground view=\"flow\"><script type=\"application/yaml\">{MANIFESTS}</script></pv-playground>"
    );
    let dir = scratch(&[
        (
            "index.html",
            &format!("<!doctype html>\n<p>a</p>{widget}\n"),
        ),
        ("notes.txt", &widget),
    ]);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    let bad = "<p>x</p>\n<div data-pv-playground data-view=\"flows\"></div>\n";
    std::fs::write(dir.join("docs/bad.html"), bad).unwrap();
    let path = dir.to_string_lossy().into_owned();

    let out = pvsim(&["prerender", &path], None);
    assert_eq!(out.status.code(), Some(2), "a refused widget fails the run");
    assert_eq!(
        text(&out.stdout),
        "prerendered 1 widget in 1 of 2 HTML files (0 had a picture already, 0 fetch their scenario and draw live, 1 refused)\n"
    );
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}:2:1: data-view must be one of flow, cluster, tables, full; got \"flows\"\n",
            dir.join("docs/bad.html").display()
        )
    );
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(page.starts_with("<!doctype html>\n<p>a</p><pv-playground view=\"flow\"><template shadowrootmode=\"open\"><style>"));
    assert!(
        page.contains("<title id=\"pvp-p0-title\">How default/c1 gets a volume</title>"),
        "{page}"
    );
    assert!(page.ends_with(&format!(
        "</template><script type=\"application/yaml\">{MANIFESTS}</script></pv-playground>\n"
    )));
    assert_eq!(
        std::fs::read_to_string(dir.join("docs/bad.html")).unwrap(),
        bad
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        widget,
        "only HTML files"
    );

    // Once more: every picture is there already, nothing is written.
    std::fs::remove_file(dir.join("docs/bad.html")).unwrap();
    let again = pvsim(&["prerender", &path], None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        text(&again.stdout),
        "prerendered 0 widgets in 0 of 1 HTML files (1 had a picture already, 0 fetch their scenario and draw live, 0 refused)\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        page
    );

    let missing = pvsim(&["prerender"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).starts_with("pvsim prerender: PATH is required"));
}

/// A reviewer's dump of `kubectl get pv,pvc,sc,pods -A -o yaml` (no Node): the missing class
/// created first, the pod's recorded scheduler message, its age unknown, and its fix judged
/// by its claim since scheduling cannot be simulated.
#[test]
fn diagnose_a_dump_without_nodes_as_kubectl_get_gives_it() {
    let out = pvsim(
        &[
            "diagnose",
            "--simulate-fixes",
            &fixture("review-nonode.yaml"),
        ],
        None,
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        stdout
            .contains("  fix: Create StorageClass \"gp3-encrypted\", which claim prod/logs names"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Pod prod/uploader-7d9f8b6c5-x2k4p (stuck, <unknown>)\n  FailedScheduling: 0/3 nodes are available: "),
        "{stdout}"
    );
    assert!(!stdout.contains("0/0 nodes"), "{stdout}");
    assert!(
        stdout.contains("    Scheduling was not simulated: the dump holds no Node"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("4 fixes simulated: 4 resolve their verdict, 0 do not.\n"),
        "{stdout}"
    );
}
