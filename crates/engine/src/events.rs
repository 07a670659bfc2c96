//! Events as `kubectl describe` shows them: object, type, reason, message, a count of
//! repetitions, and the component that reported it.

use super::objects::ObjectKey;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventType {
    Normal,
    Warning,
}

/// Who reports an event (kubectl's `From` column).
pub mod source {
    pub const PV_CONTROLLER: &str = "persistentvolume-controller";
    pub const SCHEDULER: &str = "default-scheduler";
    pub const ATTACH_DETACH: &str = "attachdetach-controller";
    pub const EXTERNAL_PROVISIONER: &str = "external-provisioner";
    pub const STATEFUL_SET: &str = "statefulset-controller";
    pub const DEPLOYMENT: &str = "deployment-controller";
    pub const REPLICA_SET: &str = "replicaset-controller";
    /// The expand controller in kube-controller-manager (§19.3).
    pub const VOLUME_EXPAND: &str = "volume_expand";
    pub const KUBELET: &str = "kubelet";

    /// The external resizer of a CSI driver names itself after the driver (§19.4).
    pub fn external_resizer(driver: &str) -> String {
        format!("external-resizer {driver}")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub object: ObjectKey,
    #[serde(rename = "type")]
    pub type_: EventType,
    pub reason: String,
    pub message: String,
    pub source: Cow<'static, str>,
    pub count: u32,
    pub first_timestamp: Timestamp,
    pub last_timestamp: Timestamp,
    /// When a controller last reported it, as a count of reports (see [`EventLog::mark`]):
    /// a repeat folded into this entry within one tick still counts as reported again.
    #[serde(skip)]
    pub reported: u64,
}

/// The event log. Like the event recorder, it folds a repeated event (same object, type,
/// reason and message) into one entry with a count; repeats within one tick of the clock
/// (the passes of one settle) count once, since a real controller would have emitted them
/// once per resync.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventLog {
    events: Vec<Event>,
    /// Hash of (object, type, reason, message) → positions in `events`, so recording a
    /// repeat costs a lookup, not a scan (thousands of pending claims re-emit every pass).
    #[serde(skip)]
    index: HashMap<u64, Vec<usize>>,
    /// How many reports were made (every `record` call, folded or not).
    #[serde(skip)]
    reports: u64,
}

fn event_hash(object: &ObjectKey, type_: EventType, reason: &str, message: &str) -> u64 {
    // DefaultHasher::new() has fixed keys: the same event always hashes the same.
    let mut hasher = DefaultHasher::new();
    (object, type_ as u8, reason, message).hash(&mut hasher);
    hasher.finish()
}

impl EventLog {
    pub fn record(
        &mut self,
        now: Timestamp,
        object: &ObjectKey,
        type_: EventType,
        source: Cow<'static, str>,
        reason: &str,
        message: String,
    ) {
        let hash = event_hash(object, type_, reason, &message);
        self.reports += 1;
        let reported = self.reports;
        let events = &mut self.events;
        let existing = self
            .index
            .get(&hash)
            .into_iter()
            .flatten()
            .copied()
            .find(|&i| {
                let e = &events[i];
                e.object == *object
                    && e.type_ == type_
                    && e.reason == reason
                    && e.message == message
            });
        match existing.map(|i| &mut events[i]) {
            Some(event) if event.last_timestamp < now => {
                event.count += 1;
                event.last_timestamp = now;
                event.reported = reported;
            }
            Some(event) => event.reported = reported,
            None => {
                self.index.entry(hash).or_default().push(self.events.len());
                self.events.push(Event {
                    object: object.clone(),
                    type_,
                    reason: reason.to_owned(),
                    message,
                    source,
                    count: 1,
                    first_timestamp: now,
                    last_timestamp: now,
                    reported,
                })
            }
        }
    }

    /// Appends an event exactly as it was recorded elsewhere (a cluster assembled from its
    /// pieces), indexed as `record` indexes it. Every report marks the entry it lands in and
    /// entries are never removed, so the count of reports is the latest mark.
    pub fn restore(&mut self, event: Event) {
        self.reports = self.reports.max(event.reported);
        let hash = event_hash(&event.object, event.type_, &event.reason, &event.message);
        self.index.entry(hash).or_default().push(self.events.len());
        self.events.push(event);
    }

    /// A mark of the reports so far: [`EventLog::reported_since`] gives what was reported
    /// after it (a controller's events in one pass, for the pass's trace).
    pub fn mark(&self) -> u64 {
        self.reports
    }

    /// The events reported after `mark`, repeats folded within one tick included, oldest
    /// entry first.
    pub fn reported_since(&self, mark: u64) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.reported > mark)
    }

    /// Every event, oldest first.
    pub fn all(&self) -> &[Event] {
        &self.events
    }

    /// The events of one object, oldest first.
    pub fn of<'a>(&'a self, object: &'a ObjectKey) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.object == *object)
    }
}
