//! Patches over an object's tree, as the API server applies them: a JSON merge patch
//! (RFC 7386: `null` deletes), a JSON patch (RFC 6902: add, remove, replace, move, copy, test),
//! and a strategic merge patch for the kinds the simulator has (a merge patch whose lists with
//! a merge key — containers, volumes, env… — merge item by item, `finalizers` merges as a set,
//! `$patch: delete|replace` and `$deleteFromPrimitiveList` honoured). `kubectl apply`'s
//! three-way merge is here too.

use crate::manifest::{Entry, Node, NodeKind};

/// Whether two trees hold the same value (where they were written aside).
pub(crate) fn same(a: &Node, b: &Node) -> bool {
    super::json::to_compact(a) == super::json::to_compact(b)
}

fn entries(node: &Node) -> Option<&Vec<Entry>> {
    match &node.kind {
        NodeKind::Map(entries) => Some(entries),
        _ => None,
    }
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    entries(node)?
        .iter()
        .find(|e| e.key == key)
        .map(|e| &e.value)
}

fn set(node: &mut Node, key: &str, value: Node) {
    if !matches!(node.kind, NodeKind::Map(_)) {
        node.kind = NodeKind::Map(Vec::new());
    }
    if let NodeKind::Map(entries) = &mut node.kind {
        match entries.iter_mut().find(|e| e.key == key) {
            Some(entry) => entry.value = value,
            None => entries.push(Entry {
                key: key.to_owned(),
                key_at: Default::default(),
                value,
            }),
        }
    }
}

fn remove(node: &mut Node, key: &str) -> Option<Node> {
    if let NodeKind::Map(entries) = &mut node.kind {
        let at = entries.iter().position(|e| e.key == key)?;
        return Some(entries.remove(at).value);
    }
    None
}

/// RFC 7386.
pub fn merge_patch(target: &Node, patch: &Node) -> Node {
    let Some(patch_entries) = entries(patch) else {
        return patch.clone();
    };
    let mut out = if entries(target).is_some() {
        target.clone()
    } else {
        Node::new(NodeKind::Map(Vec::new()))
    };
    for entry in patch_entries {
        if matches!(entry.value.kind, NodeKind::Null) {
            remove(&mut out, &entry.key);
        } else {
            let merged = match get(&out, &entry.key) {
                Some(current) => merge_patch(current, &entry.value),
                None => merge_patch(&Node::new(NodeKind::Null), &entry.value),
            };
            set(&mut out, &entry.key, merged);
        }
    }
    out
}

/// The key items of a list field merge on in a strategic merge patch (`patchMergeKey`).
fn merge_key(field: &str, items: &[Node]) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "resourceClaims" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "conditions" => "type",
        "ownerReferences" => "uid",
        "ports" if items.iter().any(|i| get(i, "containerPort").is_some()) => "containerPort",
        _ => return None,
    })
}

fn is_directive(node: &Node, value: &str) -> bool {
    get(node, "$patch").and_then(Node::as_str) == Some(value)
}

/// A strategic merge patch over the simulator's kinds.
pub fn strategic_merge_patch(target: &Node, patch: &Node) -> Option<Node> {
    let Some(patch_entries) = entries(patch) else {
        return Some(patch.clone());
    };
    if is_directive(patch, "delete") {
        return None;
    }
    if is_directive(patch, "replace") {
        let mut replaced = patch.clone();
        remove(&mut replaced, "$patch");
        return Some(replaced);
    }
    let mut out = if entries(target).is_some() {
        target.clone()
    } else {
        Node::new(NodeKind::Map(Vec::new()))
    };
    for entry in patch_entries {
        let key = entry.key.as_str();
        if key == "$patch" || key == "$retainKeys" || key.starts_with("$setElementOrder/") {
            continue;
        }
        if let Some(field) = key.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(current), NodeKind::Seq(gone)) =
                (get(&out, field).cloned(), &entry.value.kind)
            {
                if let NodeKind::Seq(items) = current.kind {
                    let kept = items
                        .into_iter()
                        .filter(|i| !gone.iter().any(|g| same(g, i)))
                        .collect();
                    set(&mut out, field, Node::new(NodeKind::Seq(kept)));
                }
            }
            continue;
        }
        match &entry.value.kind {
            NodeKind::Null => {
                remove(&mut out, key);
            }
            NodeKind::Seq(items) => {
                let merged = merge_list(key, get(&out, key), items);
                set(&mut out, key, merged);
            }
            _ => {
                let current = get(&out, key).cloned().unwrap_or(Node::new(NodeKind::Null));
                match strategic_merge_patch(&current, &entry.value) {
                    Some(merged) => set(&mut out, key, merged),
                    None => {
                        remove(&mut out, key);
                    }
                }
            }
        }
    }
    Some(out)
}

fn merge_list(field: &str, current: Option<&Node>, patch: &[Node]) -> Node {
    if patch.iter().any(|i| is_directive(i, "replace")) {
        let items = patch
            .iter()
            .filter(|i| !is_directive(i, "replace"))
            .cloned()
            .collect();
        return Node::new(NodeKind::Seq(items));
    }
    let current_items = match current.map(|c| &c.kind) {
        Some(NodeKind::Seq(items)) => items.clone(),
        _ => Vec::new(),
    };
    if field == "finalizers" {
        let mut out = current_items;
        for item in patch {
            if !out.iter().any(|o| same(o, item)) {
                out.push(item.clone());
            }
        }
        return Node::new(NodeKind::Seq(out));
    }
    let Some(key) = merge_key(field, patch) else {
        return Node::new(NodeKind::Seq(patch.to_vec()));
    };
    if !patch.iter().all(|i| entries(i).is_some()) {
        return Node::new(NodeKind::Seq(patch.to_vec()));
    }
    let mut out = current_items;
    for item in patch {
        let id = get(item, key);
        let at = out.iter().position(|c| match (get(c, key), id) {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        });
        if is_directive(item, "delete") {
            if let Some(at) = at {
                out.remove(at);
            }
            continue;
        }
        match at {
            Some(at) => {
                if let Some(merged) = strategic_merge_patch(&out[at], item) {
                    out[at] = merged;
                }
            }
            None => {
                let mut added = item.clone();
                remove(&mut added, "$patch");
                out.push(added);
            }
        }
    }
    Node::new(NodeKind::Seq(out))
}

/// Why a JSON patch does not apply (evanphx/json-patch's words).
pub type JsonPatchError = String;

fn pointer(path: &str) -> Result<Vec<String>, JsonPatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("invalid JSON pointer: {path:?}"));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn walk_mut<'a>(root: &'a mut Node, tokens: &[String]) -> Option<&'a mut Node> {
    let mut node = root;
    for token in tokens {
        node = match &mut node.kind {
            NodeKind::Map(entries) => &mut entries.iter_mut().find(|e| &e.key == token)?.value,
            NodeKind::Seq(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn walk<'a>(root: &'a Node, tokens: &[String]) -> Option<&'a Node> {
    let mut node = root;
    for token in tokens {
        node = match &node.kind {
            NodeKind::Map(entries) => &entries.iter().find(|e| &e.key == token)?.value,
            NodeKind::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn add(root: &mut Node, path: &str, value: Node) -> Result<(), JsonPatchError> {
    let tokens = pointer(path)?;
    let Some((last, parent)) = tokens.split_last() else {
        *root = value;
        return Ok(());
    };
    let missing = || format!("add operation does not apply: doc is missing path: \"{path}\"");
    let parent = walk_mut(root, parent).ok_or_else(missing)?;
    match &mut parent.kind {
        NodeKind::Map(_) => {
            set(parent, last, value);
            Ok(())
        }
        NodeKind::Seq(items) => {
            let at = if last == "-" {
                items.len()
            } else {
                last.parse::<usize>()
                    .ok()
                    .filter(|i| *i <= items.len())
                    .ok_or_else(missing)?
            };
            items.insert(at, value);
            Ok(())
        }
        _ => Err(missing()),
    }
}

fn take(root: &mut Node, path: &str, op: &str) -> Result<Node, JsonPatchError> {
    let tokens = pointer(path)?;
    let missing = || format!("{op} operation does not apply: doc is missing path: \"{path}\"");
    let Some((last, parent)) = tokens.split_last() else {
        return Err(missing());
    };
    let parent = walk_mut(root, parent).ok_or_else(missing)?;
    match &mut parent.kind {
        NodeKind::Map(_) => remove(parent, last).ok_or_else(missing),
        NodeKind::Seq(items) => {
            let at = last
                .parse::<usize>()
                .ok()
                .filter(|i| *i < items.len())
                .ok_or_else(missing)?;
            Ok(items.remove(at))
        }
        _ => Err(missing()),
    }
}

/// RFC 6902 over a tree; `ops` is the patch document.
pub fn json_patch(target: &Node, ops: &Node) -> Result<Node, JsonPatchError> {
    let NodeKind::Seq(operations) = &ops.kind else {
        return Err("json patch must be a list of operations".to_owned());
    };
    let mut root = target.clone();
    for operation in operations {
        let text = |field: &str| get(operation, field).and_then(Node::as_str).unwrap_or("");
        let path = text("path");
        let value = || {
            get(operation, "value")
                .cloned()
                .unwrap_or(Node::new(NodeKind::Null))
        };
        match text("op") {
            "add" => add(&mut root, path, value())?,
            "remove" => {
                take(&mut root, path, "remove")?;
            }
            "replace" => {
                let tokens = pointer(path)?;
                match walk_mut(&mut root, &tokens) {
                    Some(node) => *node = value(),
                    None => {
                        return Err(format!(
                            "replace operation does not apply: doc is missing key: {path}"
                        ))
                    }
                }
            }
            "move" => {
                let moved = take(&mut root, text("from"), "move")?;
                add(&mut root, path, moved)?;
            }
            "copy" => {
                let from = text("from");
                let copied = walk(&root, &pointer(from)?).cloned().ok_or_else(|| {
                    format!("copy operation does not apply: doc is missing from path: {from}")
                })?;
                add(&mut root, path, copied)?;
            }
            "test" => {
                if !walk(&root, &pointer(path)?).is_some_and(|found| same(found, &value())) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(root)
}

/// `kubectl apply`'s three-way merge: what the last applied manifest (`original`) had and the
/// new one (`modified`) lacks is removed from the live object; what the new one says is set
/// (mappings merge, lists are replaced — `finalizers` merges as a set); what neither says
/// (fields the controllers and defaults wrote) stays.
pub fn three_way_merge(original: Option<&Node>, modified: &Node, current: &Node) -> Node {
    let mut out = match original {
        Some(original) => prune(original, modified, current),
        None => current.clone(),
    };
    overlay(&mut out, modified, "");
    out
}

/// Removes from `current` what `original` has and `modified` lacks, recursively in mappings.
fn prune(original: &Node, modified: &Node, current: &Node) -> Node {
    let mut out = current.clone();
    if let (Some(original), Some(modified_entries)) = (entries(original), entries(modified)) {
        for entry in original {
            match modified_entries.iter().find(|m| m.key == entry.key) {
                None => {
                    remove(&mut out, &entry.key);
                }
                Some(m) if entries(&entry.value).is_some() && entries(&m.value).is_some() => {
                    if let Some(child) = get(&out, &entry.key).cloned() {
                        set(&mut out, &entry.key, prune(&entry.value, &m.value, &child));
                    }
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// Sets every field of `modified` on `out`: mappings merge, other values replace.
fn overlay(out: &mut Node, modified: &Node, field: &str) {
    let Some(modified_entries) = entries(modified) else {
        *out = modified.clone();
        return;
    };
    if entries(out).is_none() {
        *out = Node::new(NodeKind::Map(Vec::new()));
    }
    for entry in modified_entries {
        let value = match (&entry.value.kind, get(out, &entry.key)) {
            (NodeKind::Map(_), Some(current)) if entries(current).is_some() => {
                let mut merged = current.clone();
                overlay(&mut merged, &entry.value, &entry.key);
                merged
            }
            (NodeKind::Seq(items), current) if entry.key == "finalizers" && field == "metadata" => {
                merge_list("finalizers", current, items)
            }
            _ => entry.value.clone(),
        };
        set(out, &entry.key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::json::{parse, to_compact};

    fn merged(target: &str, patch: &str) -> String {
        to_compact(&merge_patch(
            &parse(target).unwrap(),
            &parse(patch).unwrap(),
        ))
    }

    #[test]
    fn merge_patch_follows_rfc_7386() {
        assert_eq!(merged(r#"{"a":"b"}"#, r#"{"a":"c"}"#), r#"{"a":"c"}"#);
        assert_eq!(
            merged(r#"{"a":"b"}"#, r#"{"b":"c"}"#),
            r#"{"a":"b","b":"c"}"#
        );
        assert_eq!(merged(r#"{"a":"b"}"#, r#"{"a":null}"#), r#"{}"#);
        assert_eq!(
            merged(r#"{"a":[{"b":"c"}]}"#, r#"{"a":[1]}"#),
            r#"{"a":[1]}"#
        );
        assert_eq!(
            merged(r#"{"e":null}"#, r#"{"a":{"bb":{"ccc":null}}}"#),
            r#"{"a":{"bb":{}},"e":null}"#
        );
        assert_eq!(
            merged(
                r#"{"spec":{"claimRef":{"name":"x"},"capacity":{"storage":"1Gi"}}}"#,
                r#"{"spec":{"claimRef":null}}"#
            ),
            r#"{"spec":{"capacity":{"storage":"1Gi"}}}"#
        );
    }

    #[test]
    fn json_patch_follows_rfc_6902() {
        let doc = parse(r#"{"spec":{"claimRef":{"name":"x"},"modes":["a"]}}"#).unwrap();
        let ops = parse(r#"[{"op":"remove","path":"/spec/claimRef"},{"op":"add","path":"/spec/modes/-","value":"b"},{"op":"replace","path":"/spec/modes/0","value":"c"},{"op":"test","path":"/spec/modes/1","value":"b"}]"#).unwrap();
        assert_eq!(
            to_compact(&json_patch(&doc, &ops).unwrap()),
            r#"{"spec":{"modes":["c","b"]}}"#
        );
        let missing = parse(r#"[{"op":"remove","path":"/spec/nope"}]"#).unwrap();
        assert_eq!(
            json_patch(&doc, &missing).unwrap_err(),
            "remove operation does not apply: doc is missing path: \"/spec/nope\""
        );
    }

    #[test]
    fn strategic_merge_merges_keyed_lists_and_finalizers() {
        let doc = parse(r#"{"metadata":{"finalizers":["a"]},"spec":{"containers":[{"name":"web","image":"x"}],"accessModes":["ReadWriteOnce"]}}"#).unwrap();
        let patch = parse(r#"{"metadata":{"finalizers":["b"]},"spec":{"containers":[{"name":"web","image":"y"},{"name":"log","image":"z"}],"accessModes":["ReadOnlyMany"]}}"#).unwrap();
        assert_eq!(
            to_compact(&strategic_merge_patch(&doc, &patch).unwrap()),
            r#"{"metadata":{"finalizers":["a","b"]},"spec":{"accessModes":["ReadOnlyMany"],"containers":[{"image":"y","name":"web"},{"image":"z","name":"log"}]}}"#
        );
    }

    #[test]
    fn apply_removes_only_what_the_last_manifest_had() {
        let original =
            parse(r#"{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"size":"1"}}"#).unwrap();
        let modified = parse(r#"{"metadata":{"labels":{"a":"1"}},"spec":{"size":"2"}}"#).unwrap();
        let current = parse(r#"{"metadata":{"labels":{"a":"1","b":"2","c":"3"},"finalizers":["p"]},"spec":{"size":"1","volumeName":"v"}}"#).unwrap();
        assert_eq!(
            to_compact(&three_way_merge(Some(&original), &modified, &current)),
            r#"{"metadata":{"finalizers":["p"],"labels":{"a":"1","c":"3"}},"spec":{"size":"2","volumeName":"v"}}"#
        );
    }
}
