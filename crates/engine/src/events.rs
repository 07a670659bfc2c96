//! Events as `kubectl describe` shows them: object, type, reason, message, a count of
//! repetitions, and the component that reported it.

use super::objects::ObjectKey;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
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
    /// Every component above, to read a source back from its text.
    pub const ALL: [&str; 4] = [
        PV_CONTROLLER,
        SCHEDULER,
        ATTACH_DETACH,
        EXTERNAL_PROVISIONER,
    ];
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub object: ObjectKey,
    #[serde(rename = "type")]
    pub type_: EventType,
    pub reason: String,
    pub message: String,
    pub source: &'static str,
    pub count: u32,
    pub first_timestamp: Timestamp,
    pub last_timestamp: Timestamp,
}

/// An [`Event`] as read back (its source as text, checked against the known components).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventRecord {
    object: ObjectKey,
    #[serde(rename = "type")]
    type_: EventType,
    reason: String,
    message: String,
    source: String,
    count: u32,
    first_timestamp: Timestamp,
    last_timestamp: Timestamp,
}

// By hand: a derive would borrow the `&'static str` source from the input.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = EventRecord::deserialize(deserializer)?;
        let source = source::ALL
            .into_iter()
            .find(|s| *s == record.source)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("unknown event source {:?}", record.source))
            })?;
        Ok(Event {
            object: record.object,
            type_: record.type_,
            reason: record.reason,
            message: record.message,
            source,
            count: record.count,
            first_timestamp: record.first_timestamp,
            last_timestamp: record.last_timestamp,
        })
    }
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
        source: &'static str,
        reason: &str,
        message: String,
    ) {
        let hash = event_hash(object, type_, reason, &message);
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
            }
            Some(_) => {}
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
                })
            }
        }
    }

    /// Appends an event exactly as it was recorded elsewhere (a cluster assembled from its
    /// pieces), indexed as `record` indexes it.
    pub fn restore(&mut self, event: Event) {
        let hash = event_hash(&event.object, event.type_, &event.reason, &event.message);
        self.index.entry(hash).or_default().push(self.events.len());
        self.events.push(event);
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
