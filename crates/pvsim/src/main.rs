//! `pvsim`: the engine on the command line. `run` plays scenario files and reports pass or
//! FAIL; `explain` settles manifests or a `kubectl get -o yaml` dump and prints kubectl's
//! tables, the events and why each Pending claim is pending; `bench` times a random cluster.
//! `output` (buffered standard output, quiet on a closed pipe), `input` (size-checked reads)
//! and `usage` (help and usage errors) serve every subcommand.
// A native tool: the page's size rule (clippy.toml: sort through CompactSort) is not its.
#![allow(clippy::disallowed_methods)]

#[macro_use]
mod output;
mod input;
mod usage;

fn main() {
    output::end_quietly_on_closed_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    output::exit(cli::main(&args));
}

mod diagnose;

mod cli {
    use crate::input;
    use crate::output;
    use crate::usage::{self, Options, MALFORMED};
    use pv_core::diagnose::{diagnose, ClaimFacts, Verdict};
    use pv_core::manifest::{self, tables};
    use pv_core::scenario::lessons::Lesson;
    use pv_core::scenario::{self, Scenario};
    use pv_engine::events::Event;
    use pv_engine::explain::{ClaimExplanation, Verdicts};
    use pv_engine::generate::random_cluster;
    use pv_engine::objects::{
        ClaimPhase, Deployment, Node, PersistentVolume, PersistentVolumeClaim, Pod, ReplicaSet,
        StatefulSet, StorageClass,
    };
    use pv_engine::Cluster;
    use pv_fixtures::dump::kubectl_dump;
    use serde_json::json;
    use std::path::Path;
    use std::time::Instant;

    /// Exit codes.
    pub(super) const OK: i32 = 0;
    pub(super) const FAILED: i32 = 1;

    /// How results are printed.
    #[derive(Clone, Copy, PartialEq)]
    enum Output {
        Text,
        Json,
        Yaml,
    }

    pub fn main(args: &[String]) -> i32 {
        if let Some(code) = usage::help_requested(args) {
            return code;
        }
        let command = args.first().map(String::as_str);
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
                (true, Some("text")) => output = Output::Text,
                (true, Some("json")) => output = Output::Json,
                (true, Some("yaml")) => output = Output::Yaml,
                (true, other) => {
                    let got = other.map_or("nothing".to_owned(), usage::quoted);
                    return usage::error(
                        command,
                        &format!("--output must be text, json or yaml; got {got}"),
                    );
                }
            }
        }
        let refuse = |what: &str| {
            usage::error(
                rest.first().copied(),
                &format!("--output {what} is not available here"),
            )
        };
        match rest.split_first() {
            None => usage::error(None, "a command is required"),
            Some((&"run", _)) if output == Output::Yaml => refuse("yaml"),
            Some((&"run", files)) => match Options::read(files, &[]) {
                Ok(o) if o.operands.is_empty() => usage::error(Some("run"), "FILE is required"),
                Ok(o) => run(&o.operands, output == Output::Json),
                Err(problem) => usage::error(Some("run"), &problem),
            },
            Some((&"explain", options)) => explain_command(options, output),
            Some((&"diagnose", _)) if output == Output::Yaml => refuse("yaml"),
            Some((&"diagnose", words)) => crate::diagnose::command(words, output == Output::Json),
            Some((&"dump", _)) if output != Output::Text => refuse("json|yaml"),
            Some((&"dump", options)) => dump(options),
            Some((&"bench", options)) => bench(options),
            Some((&"render", _)) if output != Output::Text => refuse("json|yaml"),
            Some((&"render", options)) => render(options),
            Some((&"prerender", _)) if output != Output::Text => refuse("json|yaml"),
            Some((&"prerender", paths)) => match Options::read(paths, &[]) {
                Ok(o) if o.operands.is_empty() => {
                    usage::error(Some("prerender"), "PATH is required")
                }
                Ok(o) => prerender_files(&o.operands),
                Err(problem) => usage::error(Some("prerender"), &problem),
            },
            Some((other, _)) => usage::error(None, &format!("no command {}", usage::quoted(other))),
        }
    }

    fn run(files: &[&str], json: bool) -> i32 {
        let (mut passed, mut failed, mut malformed) = (0, 0, 0);
        let mut results = Vec::new();
        for file in files {
            let text = match input::read_text(file, input::MAX_BYTES) {
                Ok(text) => text,
                Err(message) => {
                    eprintln!("{message}");
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
                    "state": State::of(&cluster),
                    "explanations": cluster.explain_all(Verdicts::All),
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
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct State<'a> {
        now: pv_engine::time::Timestamp,
        storage_classes: Vec<&'a StorageClass>,
        persistent_volumes: Vec<&'a PersistentVolume>,
        persistent_volume_claims: Vec<&'a PersistentVolumeClaim>,
        nodes: Vec<&'a Node>,
        pods: Vec<&'a Pod>,
        stateful_sets: Vec<&'a StatefulSet>,
        deployments: Vec<&'a Deployment>,
        replica_sets: Vec<&'a ReplicaSet>,
        events: &'a [Event],
    }

    impl<'a> State<'a> {
        fn of(cluster: &'a Cluster) -> Self {
            State {
                now: cluster.now(),
                storage_classes: cluster.classes().collect(),
                persistent_volumes: cluster.volumes().collect(),
                persistent_volume_claims: cluster.claims().collect(),
                nodes: cluster.nodes().collect(),
                pods: cluster.pods().collect(),
                stateful_sets: cluster.stateful_sets().collect(),
                deployments: cluster.deployments().collect(),
                replica_sets: cluster.replica_sets().collect(),
                events: cluster.events().all(),
            }
        }
    }

    /// A file's text, or standard input's for `-`; the message is printed on failure.
    pub(super) fn read_input(file: &str) -> Option<String> {
        input::read_text(file, input::MAX_BYTES)
            .map_err(|message| eprintln!("{message}"))
            .ok()
    }

    /// Which claims `explain` explains, and how many volume verdicts each carries.
    struct Asked<'a> {
        /// `namespace/name` of the claims named by `--claim`; empty: the default choice.
        claims: Vec<&'a str>,
        verdicts: Verdicts,
    }

    fn explain_command(words: &[&str], output: Output) -> i32 {
        let options = match Options::read(words, &["--claim", "--volumes"]) {
            Ok(o) => o,
            Err(problem) => return usage::error(Some("explain"), &problem),
        };
        let [file] = options.operands[..] else {
            return usage::error(Some("explain"), "one FILE (or -) is required");
        };
        let claims = options.all("--claim");
        if let Some(bad) = claims.iter().find(|c| c.split_once('/').is_none()) {
            return usage::error(
                Some("explain"),
                &format!("--claim takes NAMESPACE/NAME; got {}", usage::quoted(bad)),
            );
        }
        let verdicts = match options.value("--volumes") {
            Some("all") => Verdicts::All,
            Some(_) => match options.number("--volumes", 0, u64::MAX) {
                Ok(n) => Verdicts::First(n.unwrap_or_default().try_into().unwrap_or(usize::MAX)),
                Err(problem) => return usage::error(Some("explain"), &problem),
            },
            None if claims.is_empty() => Verdicts::First(10),
            None => Verdicts::All,
        };
        explain(file, output, &Asked { claims, verdicts })
    }

    fn explain(file: &str, output: Output, asked: &Asked) -> i32 {
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
        let explainer = cluster.explainer();
        let asked_claims: Vec<(&str, &str)> = asked
            .claims
            .iter()
            .filter_map(|c| c.split_once('/'))
            .collect();
        if let Some((ns, name)) = asked_claims
            .iter()
            .find(|(ns, name)| cluster.claim(ns, name).is_none())
        {
            eprintln!("{file}: there is no claim {ns}/{name}");
            return MALFORMED;
        }
        if output == Output::Json {
            let explanations: Vec<ClaimExplanation> = if asked_claims.is_empty() {
                cluster.explain_all(asked.verdicts)
            } else {
                asked_claims
                    .iter()
                    .filter_map(|(ns, name)| explainer.explain(ns, name, asked.verdicts))
                    .collect()
            };
            output::json(&Report {
                state: State::of(&cluster),
                explanations,
            });
            println!();
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
        if cluster.stateful_sets().next().is_some() {
            println!(
                "$ kubectl get statefulsets -A\n{}",
                tables::render(&tables::stateful_sets(cluster.stateful_sets(), now, true))
            );
        }
        if cluster.deployments().next().is_some() {
            println!(
                "$ kubectl get deployments -A\n{}",
                tables::render(&tables::deployments(cluster.deployments(), now, true))
            );
        }
        if cluster.replica_sets().next().is_some() {
            println!(
                "$ kubectl get replicasets -A\n{}",
                tables::render(&tables::replica_sets(cluster.replica_sets(), now, true))
            );
        }
        if cluster.pods().next().is_some() {
            println!(
                "$ kubectl get pods -A -o wide\n{}",
                tables::render(&tables::pods(cluster.pods(), now, true, true))
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
        // What a claim's workload, owners or resize say about it (claims of sets, claims
        // kept after a scale-down, resizes under way).
        for claim in cluster.claims() {
            let key = (
                claim.metadata.namespace.as_deref().unwrap_or("default"),
                claim.metadata.name.as_str(),
            );
            if !asked_claims.is_empty() && !asked_claims.contains(&key) {
                continue;
            }
            let notes = cluster.claim_notes(claim);
            if notes.is_empty() {
                continue;
            }
            println!("\n{}/{}:", key.0, key.1);
            for note in &notes {
                println!("  {}", note.text());
            }
        }
        let diagnosis = diagnose(&cluster);
        // The Pending claims' verdicts: Kubernetes' reason and message, the volume that would fit.
        let pending: std::collections::HashMap<(&str, &str), (&Verdict, &ClaimFacts)> = diagnosis
            .verdicts
            .iter()
            .filter_map(|v| {
                let facts = v.claim.as_ref().filter(|c| c.status == "Pending")?;
                Some((
                    (v.subject.namespace.as_str(), v.subject.name.as_str()),
                    (v, facts),
                ))
            })
            .collect();
        let shown: Vec<(&str, &str)> = if asked_claims.is_empty() {
            if pending.is_empty() {
                println!("\nNo claim is Pending.");
            }
            let mut keys: Vec<(&str, &str)> = pending.keys().copied().collect();
            keys.sort_unstable();
            keys
        } else {
            asked_claims
        };
        for (ns, name) in shown {
            let Some(e) = explainer.explain(ns, name, asked.verdicts) else {
                continue;
            };
            println!("\n{} is {} ({})", e.claim, e.phase, e.requirements);
            match pending.get(&(ns, name)) {
                Some((verdict, facts)) => {
                    println!("  why: {}", verdict.message);
                    if !verdict.reason.is_empty() {
                        println!("  reason: {}", verdict.reason);
                    }
                    if let Some(fit) = &facts.fit {
                        println!("  volume that would fit: {}", fit.text());
                    }
                }
                None => println!("  route: {}", e.route.message()),
            }
            for v in &e.volumes {
                println!("  {:<24} {}", v.volume, v.reason);
            }
            if e.volumes_not_shown > 0 {
                println!(
                    "  … and {} more volumes (--volumes N or all shows more)",
                    e.volumes_not_shown
                );
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

    /// `explain --output json`: written as it is serialized, never held as a JSON tree.
    #[derive(serde::Serialize)]
    struct Report<'a> {
        state: State<'a>,
        explanations: Vec<ClaimExplanation>,
    }

    /// Test data: a seeded dump of exactly N objects.
    fn dump(words: &[&str]) -> i32 {
        let read = Options::read(words, &["--objects", "--seed"]).and_then(|o| {
            if let Some(extra) = o.operands.first() {
                return Err(format!("unexpected {}", usage::quoted(extra)));
            }
            let objects = o.number("--objects", 1, 200_000)?;
            let objects = objects.ok_or("--objects N is required")?;
            Ok((objects, o.number("--seed", 0, u64::MAX)?.unwrap_or(1)))
        });
        let (objects, seed) = match read {
            Ok(values) => values,
            Err(problem) => return usage::error(Some("dump"), &problem),
        };
        print!("{}", kubectl_dump(objects as usize, seed));
        OK
    }

    /// The widget's style sheet, inlined into every prerendered embed.
    const STYLE: &str = include_str!("../../../www/style.css");

    fn render(words: &[&str]) -> i32 {
        let mut options: Vec<(String, String)> = Vec::new();
        let (mut prefix, mut only_svg, mut one_line, mut file) =
            ("pvp-r0".to_owned(), false, false, None);
        let mut words = words.iter();
        while let Some(&word) = words.next() {
            let name = word.strip_prefix("--");
            match name {
                Some("readonly" | "manifest" | "mermaid") => {
                    options.push((name.unwrap_or_default().to_owned(), String::new()))
                }
                Some("svg") => only_svg = true,
                Some("one-line") => one_line = true,
                Some(n @ ("view" | "knobs" | "height" | "theme" | "lesson" | "prefix")) => {
                    let Some(value) = words.next() else {
                        return usage::error(Some("render"), &format!("--{n} needs a value"));
                    };
                    if n == "prefix" {
                        prefix = value.to_string();
                    } else {
                        options.push((n.to_owned(), value.to_string()));
                    }
                }
                Some(other) if !other.is_empty() => {
                    let option = usage::quoted(&format!("--{other}"));
                    return usage::error(Some("render"), &format!("unknown option {option}"));
                }
                _ if file.is_none() => file = Some(word),
                _ => return usage::error(Some("render"), "give at most one FILE (or -)"),
            }
        }
        if let Some(file) = file {
            let Some(text) = read_input(file) else {
                return MALFORMED;
            };
            options.extend(pv_core::prerender::body_option(&text));
        }
        match pv_core::prerender::prerender(
            &options,
            &pv_core::prerender::inlined_css(STYLE),
            &prefix,
            if one_line {
                pv_core::prerender::Form::OneLine
            } else {
                pv_core::prerender::Form::Script
            },
        ) {
            Ok(element) if only_svg => match element.find("<svg").zip(element.find("</svg>")) {
                Some((start, end)) => {
                    println!("{}", &element[start..end + "</svg>".len()]);
                    OK
                }
                None => {
                    eprintln!("render: there is no claim to draw");
                    FAILED
                }
            },
            Ok(element) => {
                println!("{element}");
                OK
            }
            Err(problems) => {
                // `FILE:LINE:COLUMN: message`, as explain and prerender write it.
                for p in problems {
                    eprintln!("{}", p.in_file(file.unwrap_or("render")));
                }
                MALFORMED
            }
        }
    }

    /// `pvsim prerender PATH...`: every widget of the HTML files (directories walked for
    /// `*.html`) gets its picture in place (pv_core::prerender::in_place).
    fn prerender_files(paths: &[&str]) -> i32 {
        let css = pv_core::prerender::inlined_css(STYLE);
        let mut files = Vec::new();
        for path in paths {
            if let Err(message) = html_files(Path::new(path), &mut files) {
                eprintln!("{path}: {message}");
                return MALFORMED;
            }
        }
        let (mut prerendered, mut already, mut live_only, mut changed, mut refused) =
            (0, 0, 0, 0, 0);
        for file in &files {
            let name = file.display();
            let Some(page) = read_input(&file.to_string_lossy()) else {
                return MALFORMED;
            };
            let (out, report) = pv_core::prerender::in_place::prerender_page(&page, &css);
            for problem in report.live_only.iter().chain(&report.problems) {
                let (line, column) = (problem.line.unwrap_or(1), problem.column.unwrap_or(1));
                eprintln!("{name}:{line}:{column}: {}", problem.message);
            }
            if report.prerendered > 0 {
                if let Err(error) = std::fs::write(file, out) {
                    eprintln!("{name}: {error}");
                    return MALFORMED;
                }
                changed += 1;
            }
            prerendered += report.prerendered;
            already += report.already;
            live_only += report.live_only.len();
            refused += report.refused;
        }
        let widgets = |n: usize| format!("{n} widget{}", if n == 1 { "" } else { "s" });
        println!(
            "prerendered {} in {changed} of {} HTML files ({already} had a picture already, \
             {live_only} fetch their scenario and draw live, {refused} refused)",
            widgets(prerendered),
            files.len()
        );
        if refused > 0 {
            MALFORMED
        } else {
            OK
        }
    }

    /// `path` if it is a file, else the `*.html` files under it, in name order.
    fn html_files(path: &Path, files: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
        if !std::fs::metadata(path)?.is_dir() {
            files.push(path.to_path_buf());
            return Ok(());
        }
        let mut entries: Vec<_> = std::fs::read_dir(path)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                html_files(&entry, files)?;
            } else if entry.extension().is_some_and(|e| e == "html") {
                files.push(entry);
            }
        }
        Ok(())
    }

    fn bench(words: &[&str]) -> i32 {
        let read = Options::read(words, &["--volumes", "--claims", "--seed"]).and_then(|o| {
            if let Some(extra) = o.operands.first() {
                return Err(format!("unexpected {}", usage::quoted(extra)));
            }
            let volumes = o.number("--volumes", 0, 1_000_000)?;
            let claims = o.number("--claims", 0, 1_000_000)?;
            let (Some(volumes), Some(claims)) = (volumes, claims) else {
                return Err("--volumes N and --claims N are required".to_owned());
            };
            Ok((
                volumes,
                claims,
                o.number("--seed", 0, u64::MAX)?.unwrap_or(1),
            ))
        });
        let (volumes, claims, seed) = match read {
            Ok(values) => values,
            Err(problem) => return usage::error(Some("bench"), &problem),
        };
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
