//! Field paths in Kubernetes YAML: the lines a field takes in a text (a lesson highlights the
//! field it is about), and the fields in which two versions of an object differ (what a learner
//! changed), both read off the positioned tree.

use super::tree::{self, Entry, Node, NodeKind};
use pv_engine::objects::Object;
use pv_engine::sort::CompactSort;
use std::collections::BTreeSet;

/// Lines of a text, 1-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineRange {
    pub first: u32,
    pub last: u32,
}

impl LineRange {
    pub fn contains(&self, line: u32) -> bool {
        (self.first..=self.last).contains(&line)
    }
}

/// The lines of every occurrence of each path in every document of `text`, merged and in
/// text order. A path is keys joined by dots (`spec.storageClassName`); a sequence on the way
/// is searched item by item, so `spec.volumes.persistentVolumeClaim` finds the key in every
/// volume. A field's lines run from its key to the end of its value (a nested mapping, a
/// multi-line flow collection or block scalar included). A path found nowhere is an error that
/// names it, so a misspelt highlight cannot silently show nothing.
pub fn field_lines(text: &str, paths: &[String]) -> Result<Vec<LineRange>, String> {
    let documents: Vec<Node> = tree::split_documents(text)
        .into_iter()
        .filter_map(|d| tree::read_document(d).ok().flatten())
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut ranges = Vec::new();
    for path in paths {
        let keys: Vec<&str> = path.split('.').collect();
        if keys.iter().any(|k| k.is_empty()) {
            return Err(format!(
                "{path:?} is not a field path (keys joined by dots)"
            ));
        }
        let before = ranges.len();
        for document in &documents {
            find(document, &keys, &lines, &mut ranges);
        }
        if ranges.len() == before {
            return Err(format!("no field {path} in the manifests"));
        }
    }
    Ok(merge(ranges))
}

fn find(node: &Node, keys: &[&str], lines: &[&str], out: &mut Vec<LineRange>) {
    let Some((first, rest)) = keys.split_first() else {
        return;
    };
    match &node.kind {
        NodeKind::Map(entries) => {
            for entry in entries.iter().filter(|e| e.key == *first) {
                if rest.is_empty() {
                    out.push(entry_lines(entry, lines));
                } else {
                    find(&entry.value, rest, lines, out);
                }
            }
        }
        NodeKind::Seq(items) => {
            for item in items {
                find(item, keys, lines, out);
            }
        }
        _ => {}
    }
}

/// From the key's line to the last line of its value: the deepest position in the value, then
/// the lines after it indented deeper than the key (a block scalar's text has no positions).
fn entry_lines(entry: &Entry, lines: &[&str]) -> LineRange {
    let first = entry.key_at.line;
    let mut last = last_line(&entry.value).max(first);
    let key_indent = entry.key_at.column.saturating_sub(1) as usize;
    while let Some(next) = lines.get(last as usize) {
        let indent = next.len() - next.trim_start_matches(' ').len();
        if next.trim().is_empty() || indent <= key_indent {
            break;
        }
        last += 1;
    }
    LineRange { first, last }
}

fn last_line(node: &Node) -> u32 {
    let inner = match &node.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .map(|e| e.key_at.line.max(last_line(&e.value)))
            .max(),
        NodeKind::Seq(items) => items.iter().map(last_line).max(),
        _ => None,
    };
    inner.unwrap_or(0).max(node.at.line)
}

fn merge(mut ranges: Vec<LineRange>) -> Vec<LineRange> {
    ranges.compact_sort();
    let mut out: Vec<LineRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(previous) if range.first <= previous.last + 1 => {
                previous.last = previous.last.max(range.last)
            }
            _ => out.push(range),
        }
    }
    out
}

/// The fields a user writes (everything but `metadata` and `status`, and `metadata.labels`)
/// in which two versions of an object differ, as dotted paths in manifest order. What the
/// system writes (uids, timestamps, annotations, status) is left out: it differs whenever an
/// object is made again, and a learner's change is in what they wrote.
pub fn changed_fields(before: &Object, after: &Object) -> Vec<String> {
    let (a, b) = (super::object_node(before), super::object_node(after));
    let mut out = BTreeSet::new();
    diff(Some(&a), Some(&b), &mut Vec::new(), &mut out);
    out.into_iter().collect()
}

fn written_by_users(path: &[&str]) -> bool {
    match path {
        ["status", ..] => false,
        // Looked into, for its labels.
        ["metadata"] => true,
        ["metadata", "labels", ..] => true,
        ["metadata", ..] => false,
        _ => true,
    }
}

fn diff<'a>(
    a: Option<&'a Node>,
    b: Option<&'a Node>,
    path: &mut Vec<&'a str>,
    out: &mut BTreeSet<String>,
) {
    if !path.is_empty() && !written_by_users(path) {
        return;
    }
    let entries = |n: Option<&'a Node>| match n.map(|n| &n.kind) {
        Some(NodeKind::Map(entries)) => Some(entries),
        _ => None,
    };
    // A field that appeared or went is named whole; `metadata` is looked into for its labels.
    let empty: &'a [Entry] = &[];
    let pair = match (entries(a), entries(b)) {
        (Some(left), None) if b.is_none() && path.len() == 1 => (Some(&left[..]), Some(empty)),
        (None, Some(right)) if a.is_none() && path.len() == 1 => (Some(empty), Some(&right[..])),
        (left, right) => (left.map(|l| &l[..]), right.map(|r| &r[..])),
    };
    match pair {
        (Some(left), Some(right)) => {
            let mut keys: Vec<&str> = left.iter().map(|e| e.key.as_str()).collect();
            for e in right {
                if !keys.contains(&e.key.as_str()) {
                    keys.push(&e.key);
                }
            }
            let value = |entries: &'a [Entry], key: &str| {
                entries.iter().find(|e| e.key == key).map(|e| &e.value)
            };
            for key in keys {
                path.push(key);
                diff(value(left, key), value(right, key), path, out);
                path.pop();
            }
        }
        _ if same(a, b) => {}
        _ => {
            out.insert(path.join("."));
        }
    }
}

/// Equal values, whatever their positions.
fn same(a: Option<&Node>, b: Option<&Node>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (&a.kind, &b.kind) {
            (NodeKind::Seq(x), NodeKind::Seq(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(Some(x), Some(y)))
            }
            (NodeKind::Map(x), NodeKind::Map(y)) => {
                x.len() == y.len()
                    && x.iter().all(|e| {
                        y.iter()
                            .find(|f| f.key == e.key)
                            .is_some_and(|f| same(Some(&e.value), Some(&f.value)))
                    })
            }
            (x, y) => x == y,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1, labels: {tier: gold}}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /a}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c1}
spec:
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
  storageClassName: manual
";

    fn lines(paths: &[&str]) -> Result<Vec<(u32, u32)>, String> {
        let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        field_lines(TWO, &paths).map(|r| r.iter().map(|r| (r.first, r.last)).collect())
    }

    #[test]
    fn a_field_is_found_in_every_document_from_its_key_to_the_end_of_its_value() {
        assert_eq!(
            lines(&["spec.storageClassName"]),
            Ok(vec![(7, 7), (19, 19)])
        );
        assert_eq!(lines(&["spec.resources"]), Ok(vec![(16, 18)]));
        assert_eq!(lines(&["spec.accessModes"]), Ok(vec![(6, 6), (14, 15)]));
        assert_eq!(lines(&["metadata.labels"]), Ok(vec![(3, 3)]));
        // Adjacent ranges merge.
        assert_eq!(
            lines(&["spec.resources", "spec.storageClassName"]),
            Ok(vec![(7, 7), (16, 19)])
        );
    }

    #[test]
    fn a_path_found_nowhere_is_an_error_that_names_it() {
        assert_eq!(
            lines(&["spec.storageClasName"]),
            Err("no field spec.storageClasName in the manifests".into())
        );
        assert!(lines(&["spec..x"])
            .unwrap_err()
            .contains("not a field path"));
    }

    #[test]
    fn sequences_are_searched_item_by_item_and_block_scalars_run_to_their_end() {
        let pod = "\
kind: Pod
spec:
  volumes:
    - name: a
      persistentVolumeClaim: {claimName: one}
    - name: b
      persistentVolumeClaim:
        claimName: two
  note: |
    first
    second
  after: x
";
        let found = field_lines(pod, &["spec.volumes.persistentVolumeClaim".into()]).unwrap();
        assert_eq!(
            found,
            vec![
                LineRange { first: 5, last: 5 },
                LineRange { first: 7, last: 8 }
            ]
        );
        let note = field_lines(pod, &["spec.note".into()]).unwrap();
        assert_eq!(note, vec![LineRange { first: 9, last: 11 }]);
    }

    #[test]
    fn changed_fields_name_what_a_user_wrote_not_what_the_system_did() {
        let parsed = super::super::parse(TWO).into_objects();
        let before = parsed[1].clone();
        let mut after = before.clone();
        if let Object::PersistentVolumeClaim(c) = &mut after {
            c.metadata.uid = "other".into();
            c.status.phase = pv_engine::objects::ClaimPhase::Bound;
            c.spec.storage_class_name = Some("fast".into());
            c.metadata.labels.insert("app".into(), "db".into());
        }
        assert_eq!(
            changed_fields(&before, &after),
            vec!["metadata.labels", "spec.storageClassName"]
        );
        assert!(changed_fields(&before, &before).is_empty());
        // Within labels that exist, the key that changed.
        let mut relabelled = after.clone();
        relabelled
            .metadata_mut()
            .labels
            .insert("tier".into(), "gold".into());
        assert_eq!(
            changed_fields(&after, &relabelled),
            vec!["metadata.labels.tier"]
        );
    }
}
