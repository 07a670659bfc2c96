//! Tab completion: the word under the cursor completed from what fits there — kubectl, its
//! commands, resource types, the names of objects of the type in the namespace the line names
//! (`-n`, or all with `-A`), flags, namespaces, output formats and patch types.

use super::flags::GLOBAL;
use super::help::SUPPORTED;
use super::resources::{resolve, RESOURCES};
use super::targets::list;
use crate::session::Session;
use std::collections::BTreeSet;

/// What can replace the word that starts at byte `start` of the line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    /// Every fitting word, sorted.
    pub candidates: Vec<String>,
    /// The longest text every candidate starts with (what Tab inserts at once).
    pub common: String,
}

const VERBS_WITH_TYPES: &[&str] = &[
    "get", "describe", "delete", "patch", "label", "edit", "scale",
];

fn flags_of(verb: &str) -> Vec<String> {
    use super::read::{DESCRIBE_FLAGS, GET_FLAGS};
    use super::write::{
        APPLY_FLAGS, DELETE_FLAGS, EDIT_FLAGS, LABEL_FLAGS, PATCH_FLAGS, SCALE_FLAGS,
    };
    let own = match verb {
        "get" => GET_FLAGS,
        "describe" => DESCRIBE_FLAGS,
        "apply" | "create" => APPLY_FLAGS,
        "delete" => DELETE_FLAGS,
        "patch" => PATCH_FLAGS,
        "label" => LABEL_FLAGS,
        "edit" => EDIT_FLAGS,
        "scale" => SCALE_FLAGS,
        _ => &[],
    };
    own.iter()
        .chain(GLOBAL)
        .map(|f| format!("--{}", f.long))
        .collect()
}

/// Completes the word before `cursor` (a byte offset into `line`, clamped to it).
pub fn complete(line: &str, cursor: usize, session: &Session) -> Completion {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let before = &line[..cursor];
    let start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[start..];
    let words: Vec<&str> = before[..start].split_whitespace().collect();
    let candidates = candidates(&words, word, session);
    let mut fitting: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(word))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    fitting.retain(|c| !c.is_empty());
    let common = common_prefix(&fitting);
    Completion {
        start,
        candidates: fitting,
        common,
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for word in &words[1..] {
        end = first
            .char_indices()
            .zip(word.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

fn candidates(words: &[&str], word: &str, session: &Session) -> Vec<String> {
    let Some((program, args)) = words.split_first() else {
        return ["kubectl", "help", "clear"].map(str::to_owned).to_vec();
    };
    if *program != "kubectl" && *program != "k" {
        return Vec::new();
    }
    // The verb, the namespace and the positional words typed so far.
    let mut verb = None;
    let mut namespace = "default".to_owned();
    let mut all_namespaces = false;
    let mut positional: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        match a {
            "-n" | "--namespace" => {
                if let Some(n) = args.get(i + 1) {
                    namespace = (*n).to_owned();
                }
                i += 2;
                continue;
            }
            "-A" | "--all-namespaces" => all_namespaces = true,
            "-o" | "--output" | "-l" | "--selector" | "-p" | "--patch" | "--type" | "-f"
            | "--filename" | "--replicas" => {
                i += 2;
                continue;
            }
            _ if a.starts_with("--namespace=") => namespace = a["--namespace=".len()..].to_owned(),
            _ if a.starts_with('-') => {}
            _ if verb.is_none() => verb = Some(a),
            _ => positional.push(a),
        }
        i += 1;
    }
    let previous = args.last().copied().unwrap_or("");
    match previous {
        "-n" | "--namespace" => return namespaces(session),
        "-o" | "--output" => return ["wide", "yaml", "json", "name"].map(str::to_owned).to_vec(),
        "--type" => return ["json", "merge", "strategic"].map(str::to_owned).to_vec(),
        "-f" | "--filename" => return vec!["-".to_owned()],
        "-l" | "--selector" | "-p" | "--patch" | "--replicas" => return Vec::new(),
        _ => {}
    }
    let Some(verb) = verb else {
        return SUPPORTED.iter().map(|s| (*s).to_owned()).collect();
    };
    if word.starts_with('-') {
        return flags_of(verb);
    }
    if !VERBS_WITH_TYPES.contains(&verb) {
        return if matches!(verb, "apply" | "create") {
            flags_of(verb)
        } else {
            Vec::new()
        };
    }
    let scope = (!all_namespaces).then_some(namespace.as_str());
    if let Some((kind, _)) = word.split_once('/') {
        let Ok(resource) = resolve(kind) else {
            return Vec::new();
        };
        return list(&session.cluster, resource.kind, scope)
            .into_iter()
            .map(|o| format!("{kind}/{}", o.metadata().name))
            .collect();
    }
    match positional.first() {
        None => {
            let (done, _) = word.rsplit_once(',').unwrap_or(("", word));
            let prefix = if done.is_empty() {
                String::new()
            } else {
                format!("{done},")
            };
            RESOURCES
                .iter()
                .flat_map(|r| r.spellings())
                .chain(["events", "ev"])
                .map(|s| format!("{prefix}{s}"))
                .collect()
        }
        Some(types) => {
            let mut names = Vec::new();
            for kind in types.split(',') {
                if let Ok(resource) = resolve(kind) {
                    names.extend(
                        list(&session.cluster, resource.kind, scope)
                            .into_iter()
                            .map(|o| o.metadata().name.clone()),
                    );
                }
            }
            names
        }
    }
}

/// The namespaces the cluster's objects are in, and `default`.
fn namespaces(session: &Session) -> Vec<String> {
    let mut names: BTreeSet<String> = BTreeSet::from(["default".to_owned()]);
    for object in session.cluster.objects() {
        if let Some(namespace) = &object.metadata().namespace {
            names.insert(namespace.clone());
        }
    }
    names.into_iter().collect()
}
