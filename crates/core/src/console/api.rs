//! The simulated cluster as its API server serves it: each object as the JSON tree kubectl
//! receives (what `-o yaml|json` print), lists as `kind: List`, and the event log as core/v1
//! Event objects (what kubectl's describers search by `involvedObject`). The oracle tests serve
//! exactly these trees to the real kubectl.

use crate::manifest::{object_node, Entry, Node, NodeKind};
use pv_engine::cluster::uuid_v4_text;
use pv_engine::events::{Event, EventType};
use pv_engine::objects::Object;
use pv_engine::Cluster;

pub(crate) fn text(value: &str) -> Node {
    Node::new(NodeKind::Str(value.to_owned()))
}

pub(crate) fn map(entries: Vec<(&str, Node)>) -> Node {
    Node::new(NodeKind::Map(
        entries
            .into_iter()
            .map(|(key, value)| Entry {
                key: key.to_owned(),
                key_at: Default::default(),
                value,
            })
            .collect(),
    ))
}

/// An object as the API server returns it, with a `resourceVersion`: the simulator keeps no
/// etcd revision, so the version is derived from the object's content (it changes whenever
/// the object does, which is all a client may rely on).
pub(crate) fn object_tree(object: &Object) -> Node {
    let mut tree = object_node(object);
    let version = resource_version(&super::json::to_compact(&tree));
    if let NodeKind::Map(entries) = &mut tree.kind {
        if let Some(metadata) = entries.iter_mut().find(|e| e.key == "metadata") {
            if let NodeKind::Map(fields) = &mut metadata.value.kind {
                fields.push(Entry {
                    key: "resourceVersion".to_owned(),
                    key_at: Default::default(),
                    value: text(&version),
                });
            }
        }
    }
    tree
}

/// 64-bit FNV-1a.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Six digits from a hash of what identifies a version (an object's JSON).
fn resource_version(content: &str) -> String {
    (100_000 + fnv(content.as_bytes()) % 900_000).to_string()
}

/// Objects as `kubectl get -o yaml|json` wraps several: a `v1` `List`.
pub(crate) fn list_tree(items: Vec<Node>) -> Node {
    map(vec![
        ("apiVersion", text("v1")),
        ("items", Node::new(NodeKind::Seq(items))),
        ("kind", text("List")),
        ("metadata", map(vec![("resourceVersion", text(""))])),
    ])
}

/// The events kubectl's describer shows for the object at `key`: those about this very
/// object, not about an earlier one of the same name (kubectl matches `involvedObject.uid`;
/// the log keys events by name, so an event recorded before the object was created belongs to
/// an earlier one), oldest first.
pub(crate) fn events_of<'a>(cluster: &'a Cluster, object: &Object) -> Vec<&'a Event> {
    let key = object.key();
    let created = object.metadata().creation_timestamp;
    cluster
        .events()
        .all()
        .iter()
        .filter(|e| e.object == key && created.is_none_or(|c| e.first_timestamp >= c))
        .collect()
}

/// An event as the API server stores it: where, under which name, about which object (uid).
pub(crate) struct StoredEvent<'a> {
    pub event: &'a Event,
    pub name: String,
    /// Cluster-scoped objects' events live in `default`, as the event recorder puts them.
    pub namespace: String,
    /// The object's uid; an event about an object that is gone, or about an earlier object
    /// of the same name, names a uid no object has.
    pub uid: String,
}

/// The event log as the API server stores it, oldest first; names are the event recorder's
/// (`<object>.<hex nanoseconds>`), so listing them by name lists each object's events in order.
pub(crate) fn stored_events(cluster: &Cluster) -> Vec<StoredEvent<'_>> {
    let objects = cluster.objects();
    cluster
        .events()
        .all()
        .iter()
        .enumerate()
        .map(|(index, event)| {
            let key = &event.object;
            let current = objects.iter().find(|o| {
                o.key() == *key
                    && o.metadata()
                        .creation_timestamp
                        .is_none_or(|c| event.first_timestamp >= c)
            });
            let nanos = event.first_timestamp.0.saturating_mul(1_000_000_000) + index as i64;
            StoredEvent {
                event,
                name: format!("{}.{nanos:x}", key.name),
                namespace: if key.namespace.is_empty() {
                    "default".to_owned()
                } else {
                    key.namespace.clone()
                },
                uid: match current {
                    Some(object) => object.metadata().uid.clone(),
                    None => format!("00000000-0000-4000-8000-{index:012x}"),
                },
            }
        })
        .collect()
}

/// One stored event as a core/v1 Event.
pub(crate) fn event_tree(stored: &StoredEvent) -> Node {
    let event = stored.event;
    let key = &event.object;
    let mut involved = vec![
        ("apiVersion", text(key.kind.api_version())),
        ("kind", text(key.kind.as_str())),
        ("name", text(&key.name)),
    ];
    if !key.namespace.is_empty() {
        involved.push(("namespace", text(&key.namespace)));
    }
    involved.push(("uid", text(&stored.uid)));
    map(vec![
        ("apiVersion", text("v1")),
        ("kind", text("Event")),
        (
            "metadata",
            map(vec![
                (
                    "creationTimestamp",
                    text(&event.first_timestamp.to_string()),
                ),
                ("name", text(&stored.name)),
                ("namespace", text(&stored.namespace)),
                (
                    "resourceVersion",
                    text(&resource_version(&format!(
                        "{}{}{}",
                        stored.name, event.count, event.last_timestamp
                    ))),
                ),
                (
                    "uid",
                    text(&uuid_v4_text(
                        fnv(stored.name.as_bytes()),
                        fnv(stored.namespace.as_bytes()),
                    )),
                ),
            ]),
        ),
        ("involvedObject", map(involved)),
        ("reason", text(&event.reason)),
        ("message", text(&event.message)),
        ("source", map(vec![("component", text(&event.source))])),
        ("firstTimestamp", text(&event.first_timestamp.to_string())),
        ("lastTimestamp", text(&event.last_timestamp.to_string())),
        ("count", Node::new(NodeKind::Int(event.count.into()))),
        (
            "type",
            text(match event.type_ {
                EventType::Normal => "Normal",
                EventType::Warning => "Warning",
            }),
        ),
        ("reportingComponent", text(&event.source)),
        ("reportingInstance", text("")),
    ])
}

/// Everything the API server holds: every object, then every event.
pub(crate) fn served_trees(cluster: &Cluster) -> Vec<Node> {
    let mut trees: Vec<Node> = cluster.objects().iter().map(object_tree).collect();
    trees.extend(stored_events(cluster).iter().map(event_tree));
    trees
}

/// Everything the API server holds as one JSON `List` (what the kubectl oracle serves).
pub fn served_json(cluster: &Cluster) -> String {
    super::json::to_indented(&list_tree(served_trees(cluster)))
}
