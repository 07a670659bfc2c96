//! `pvsim`: the engine on the command line. `run` plays scenario files and reports pass or
//! FAIL; `explain` settles manifests or a `kubectl get -o yaml` dump and prints kubectl's
//! tables, the events and why each Pending claim is pending; `bench` times a random cluster.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::main(&args));
}

mod diagnose;

mod cli {
    use pv_core::diagnose::diagnose;
    use pv_core::manifest::{self, tables};
    use pv_core::scenario::lessons::Lesson;
    use pv_core::scenario::{self, Scenario};
    use pv_engine::explain::ClaimExplanation;
    use pv_engine::generate::random_cluster;
    use pv_engine::objects::ClaimPhase;
    use pv_engine::Cluster;
    use pv_fixtures::dump::kubectl_dump;
    use serde_json::json;
    use std::io::Read;
    use std::path::Path;
    use std::time::Instant;

    const USAGE: &str = "usage:
  pvsim run [--output json] FILE...        play scenario files; exit 1 if any fails, 2 if one is malformed
  pvsim explain [--output json|yaml] FILE|-
                                           settle manifests or a kubectl dump; tables, events, why claims are
                                           Pending (yaml: the settled state as a kind: List, readable again)
  pvsim diagnose [--output json] [--simulate-fixes] FILE|-
                                           a kubectl dump as it is (no controller runs): every stuck claim, pod
                                           and volume, Kubernetes' reason and message, the near misses and the
                                           fix as kubectl commands; --simulate-fixes checks each fix in the
                                           simulator. Exit 0: nothing stuck, 1: something stuck, 2: unreadable
  pvsim dump --objects N [--seed S]        print a realistic `kubectl get pv,pvc,sc,pods,nodes -A -o yaml`
  pvsim bench --volumes N --claims N [--seed S]
                                           settle a seeded random cluster; print one JSON line";

    /// Exit codes.
    pub(super) const OK: i32 = 0;
    pub(super) const FAILED: i32 = 1;
    pub(super) const MALFORMED: i32 = 2;

    /// How results are printed.
    #[derive(Clone, Copy, PartialEq)]
    enum Output {
        Text,
        Json,
        Yaml,
    }

    pub fn main(args: &[String]) -> i32 {
        let mut output = Output::Text;
        let mut rest: Vec<&str> = Vec::new();
        let mut words = args.iter().map(String::as_str);
        while let Some(word) = words.next() {
            let format = match word {
                "--output" => words.next(),
                _ => word.strip_prefix("--output="),
            };
            match (word.starts_with("--output"), format) {
                (false, _) => rest.push(word),
                (true, Some("json")) => output = Output::Json,
                (true, Some("yaml")) => output = Output::Yaml,
                (true, _) => {
                    eprintln!("{USAGE}");
                    return MALFORMED;
                }
            }
        }
        match rest.split_first() {
            Some((&"run", files)) if !files.is_empty() && output != Output::Yaml => {
                run(files, output == Output::Json)
            }
            Some((&"explain", [file])) => explain(file, output),
            Some((&"diagnose", words)) if output != Output::Yaml => {
                let simulate = words.contains(&"--simulate-fixes");
                match words
                    .iter()
                    .filter(|w| **w != "--simulate-fixes")
                    .collect::<Vec<_>>()
                    .as_slice()
                {
                    [file] => crate::diagnose::run(file, output == Output::Json, simulate),
                    _ => {
                        eprintln!("{USAGE}");
                        MALFORMED
                    }
                }
            }
            Some((&"dump", options)) if output == Output::Text => dump(options),
            Some((&"bench", options)) => bench(options),
            _ => {
                eprintln!("{USAGE}");
                MALFORMED
            }
        }
    }

    fn run(files: &[&str], json: bool) -> i32 {
        let (mut passed, mut failed, mut malformed) = (0, 0, 0);
        let mut results = Vec::new();
        for file in files {
            let text = match std::fs::read_to_string(file) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("{file}: cannot read: {e}");
                    malformed += 1;
                    continue;
                }
            };
            let scenario = match Scenario::parse(&text) {
                Ok(s) => s,
                Err(e) => {
                    let (line, column) = (e.line.unwrap_or(1), e.column.unwrap_or(1));
                    eprintln!("{file}:{line}:{column}: {}", e.message);
                    malformed += 1;
                    continue;
                }
            };
            if scenario.title.is_some() {
                if let Err(e) = Lesson::parse(&text) {
                    let (line, column) = (e.line.unwrap_or(1), e.column.unwrap_or(1));
                    eprintln!("{file}:{line}:{column}: lesson: {}", e.message);
                    malformed += 1;
                    continue;
                }
            }
            let stem = Path::new(file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if scenario.name != stem {
                eprintln!(
                    "{file}:1:1: name {:?} differs from the file name {stem:?}",
                    scenario.name
                );
                malformed += 1;
                continue;
            }
            let (cluster, outcome) = scenario::run(&scenario);
            match &outcome {
                Ok(()) => passed += 1,
                Err(_) => failed += 1,
            }
            if json {
                results.push(json!({
                    "file": file,
                    "name": scenario.name,
                    "passed": outcome.is_ok(),
                    "step": outcome.as_ref().err().map(|f| f.step),
                    "message": outcome.as_ref().err().map(|f| f.message.clone()),
                    "state": state(&cluster),
                    "explanations": cluster.explain_all(),
                }));
            } else {
                match outcome {
                    Ok(()) => println!("pass  {}", scenario.name),
                    Err(f) => println!("FAIL  {}: {f}", scenario.name),
                }
            }
        }
        if json {
            let report = json!({ "passed": passed, "failed": failed, "malformed": malformed, "results": results });
            println!("{report}");
        } else {
            println!("{passed} passed, {failed} failed");
        }
        if malformed > 0 {
            MALFORMED
        } else if failed > 0 {
            FAILED
        } else {
            OK
        }
    }

    /// Everything the cluster holds, by kind, plus the event log.
    fn state(cluster: &Cluster) -> serde_json::Value {
        json!({
            "now": cluster.now(),
            "storageClasses": cluster.classes().collect::<Vec<_>>(),
            "persistentVolumes": cluster.volumes().collect::<Vec<_>>(),
            "persistentVolumeClaims": cluster.claims().collect::<Vec<_>>(),
            "nodes": cluster.nodes().collect::<Vec<_>>(),
            "pods": cluster.pods().collect::<Vec<_>>(),
            "events": cluster.events().all(),
        })
    }

    /// A file's text, or standard input's for `-`; the message is printed on failure.
    pub(super) fn read_input(file: &str) -> Option<String> {
        let mut text = String::new();
        let read = if file == "-" {
            std::io::stdin().read_to_string(&mut text).map(|_| ())
        } else {
            std::fs::read_to_string(file).map(|t| text = t)
        };
        match read {
            Ok(()) => Some(text),
            Err(e) => {
                eprintln!("{file}: cannot read: {e}");
                None
            }
        }
    }

    fn explain(file: &str, output: Output) -> i32 {
        let Some(text) = read_input(file) else {
            return MALFORMED;
        };
        let parsed = manifest::parse(&text);
        if !parsed.errors.is_empty() {
            for e in &parsed.errors {
                eprintln!("{}", e.in_file(file));
            }
            return MALFORMED;
        }
        for s in &parsed.skipped {
            let ns = s
                .namespace
                .as_deref()
                .map(|n| format!("{n}/"))
                .unwrap_or_default();
            eprintln!(
                "{file}:{}: skipping {} {ns}{} (not simulated)",
                s.line, s.kind, s.name
            );
        }
        let mut cluster = Cluster::new();
        if let Err(errors) = cluster.import(parsed.into_objects()) {
            for e in errors {
                eprintln!("{file}: {e}");
            }
            return MALFORMED;
        }
        cluster.settle();
        if output == Output::Yaml {
            print!("{}", manifest::to_list_yaml(&cluster.objects()));
            return OK;
        }
        let explanations: Vec<ClaimExplanation> = cluster.explain_all();
        if output == Output::Json {
            println!(
                "{}",
                json!({ "state": state(&cluster), "explanations": explanations })
            );
            return OK;
        }
        let now = cluster.now();
        println!(
            "$ kubectl get pv\n{}",
            tables::render(&tables::persistent_volumes(cluster.volumes(), now))
        );
        println!(
            "$ kubectl get pvc -A\n{}",
            tables::render(&tables::persistent_volume_claims(
                cluster.claims(),
                now,
                true
            ))
        );
        if cluster.classes().next().is_some() {
            println!(
                "$ kubectl get sc\n{}",
                tables::render(&tables::storage_classes(cluster.classes(), now))
            );
        }
        if cluster.pods().next().is_some() {
            println!(
                "$ kubectl get pods -A -o wide\n{}",
                tables::render(&tables::pods(cluster.pods(), true))
            );
        }
        println!("Events:");
        for e in cluster.events().all() {
            let times = if e.count > 1 {
                format!(" (x{})", e.count)
            } else {
                String::new()
            };
            println!(
                "  {:<8} {:<22} {:<32} {}{times}",
                format!("{:?}", e.type_),
                e.reason,
                e.object.to_string(),
                e.message
            );
        }
        let diagnosis = diagnose(&cluster);
        let pending: Vec<_> = diagnosis
            .verdicts
            .iter()
            .filter_map(|v| Some((v, v.claim.as_ref().filter(|c| c.status == "Pending")?)))
            .collect();
        if pending.is_empty() {
            println!("\nNo claim is Pending.");
        }
        for (verdict, facts) in pending {
            let claim = verdict.subject.to_string();
            let Some(e) = explanations.iter().find(|e| e.claim == claim) else {
                continue;
            };
            println!("\n{claim} is Pending ({})", e.requirements);
            println!("  why: {}", verdict.message);
            if !verdict.reason.is_empty() {
                println!("  reason: {}", verdict.reason);
            }
            println!("  volume that would fit: {}", facts.fit.text());
            const SHOWN: usize = 10;
            for v in e.volumes.iter().take(SHOWN) {
                println!("  {:<24} {}", v.volume, v.reason);
            }
            if e.volumes.len() > SHOWN {
                println!("  … and {} more volumes", e.volumes.len() - SHOWN);
            }
            for p in &e.pods {
                match (&p.node, &p.problem) {
                    (Some(node), None) => println!("  pod {} runs on {node}", p.pod),
                    (_, Some(problem)) => println!("  pod {}: {problem}", p.pod),
                    (None, None) => {}
                }
            }
        }
        OK
    }

    /// Test data: a seeded dump of exactly N objects.
    fn dump(options: &[&str]) -> i32 {
        let value = |flag| flag_value(options, flag);
        let Some(objects) = value("--objects") else {
            eprintln!("{USAGE}");
            return MALFORMED;
        };
        print!(
            "{}",
            kubectl_dump(objects as usize, value("--seed").unwrap_or(1))
        );
        OK
    }

    /// The number after `flag` in `options` (`--seed 3`).
    fn flag_value(options: &[&str], flag: &str) -> Option<u64> {
        options
            .windows(2)
            .find(|w| w[0] == flag)
            .and_then(|w| w[1].parse().ok())
    }

    fn bench(options: &[&str]) -> i32 {
        let value = |flag| flag_value(options, flag);
        let (Some(volumes), Some(claims)) = (value("--volumes"), value("--claims")) else {
            eprintln!("{USAGE}");
            return MALFORMED;
        };
        let seed = value("--seed").unwrap_or(1);
        let mut cluster = random_cluster(volumes as usize, claims as usize, seed);
        let started = Instant::now();
        cluster.settle();
        let settle_ms = started.elapsed().as_secs_f64() * 1000.0;
        let bound = cluster
            .claims()
            .filter(|c| c.status.phase == ClaimPhase::Bound)
            .count();
        println!(
            "{}",
            json!({ "volumes": volumes, "claims": claims, "bound": bound, "settle_ms": (settle_ms * 100.0).round() / 100.0 })
        );
        OK
    }
}
