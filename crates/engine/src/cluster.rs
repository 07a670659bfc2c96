//! The simulated cluster: the API server's store (create, replace, delete, with admission,
//! defaulting, validation and finalizers), the clock, and the control loop that settles it.

use super::annotations as ann;
use super::apimachinery::{invalid_object_message, ErrorList};
use super::events::{EventLog, EventType};
use super::objects::*;
use super::time::Timestamp;
use super::validation;
use crate::sort::CompactSort;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// A namespaced object's place: (namespace, name).
pub type NsName = (String, String);

/// A hasher with no key: maps hash (and iterate) the same way on every run and target.
/// Volumes and claims live in hash maps because every sync looks them up by name many times,
/// and a tree of string keys costs a cache miss per comparison once clusters are large; code
/// whose order matters walks them in name or creation order, never in map order.
pub type FixedState = std::hash::BuildHasherDefault<NameHasher>;

/// The hasher of the volume and claim maps: FxHash's multiply per 8-byte word (what rustc's
/// own maps use) and a final avalanche (MurmurHash3's `fmix64`) so the low bits that pick a
/// bucket depend on every byte. The keys are object names, which need no protection from
/// chosen collisions, and SipHash, the standard maps' hasher, took a sixth of the
/// instructions of a 10k x 10k settle.
#[derive(Clone, Copy, Default)]
pub struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}
pub type VolumeMap = HashMap<String, PersistentVolume, FixedState>;
pub type ClaimMap = HashMap<NsName, PersistentVolumeClaim, FixedState>;

/// A claim's (namespace, name) as borrowed strings: what [`claim_in`] looks a claim up by, so
/// a lookup from a claimRef builds no owned key (the PV controller does one per volume per
/// pass). It hashes and compares as the `NsName` it stands for.
trait NsNameParts {
    fn parts(&self) -> (&str, &str);
}

impl NsNameParts for NsName {
    fn parts(&self) -> (&str, &str) {
        (&self.0, &self.1)
    }
}

impl NsNameParts for (&str, &str) {
    fn parts(&self) -> (&str, &str) {
        *self
    }
}

impl<'a> std::borrow::Borrow<dyn NsNameParts + 'a> for NsName {
    fn borrow(&self) -> &(dyn NsNameParts + 'a) {
        self
    }
}

/// The same hash as the tuple `(String, String)`: each field's, in order.
impl std::hash::Hash for dyn NsNameParts + '_ {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let (namespace, name) = self.parts();
        namespace.hash(state);
        name.hash(state);
    }
}

impl PartialEq for dyn NsNameParts + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn NsNameParts + '_ {}

/// The claim `namespace/name` of a claim map, looked up without an owned key.
pub(super) fn claim_in<'m>(
    claims: &'m ClaimMap,
    namespace: &str,
    name: &str,
) -> Option<&'m PersistentVolumeClaim> {
    claims.get(&(namespace, name) as &dyn NsNameParts)
}

/// How far the clock moves at every user action.
pub const TICK_SECONDS: i64 = 10;

/// The most sync passes one settle may take; a loop that has not converged by then is a bug,
/// and stopping keeps the page responsive instead of hanging.
pub const MAX_PASSES: usize = 200;

/// Why the API server refused a request, worded as kubectl prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    Invalid {
        key: ObjectKey,
        errors: ErrorList,
    },
    AlreadyExists(ObjectKey),
    NotFound(ObjectKey),
    /// Refused by an admission plugin (claim resize).
    Forbidden(validation::AdmissionDenial),
}

/// The plural resource name kubectl uses in messages (`persistentvolumeclaims "data" …`).
pub fn resource_name(kind: Kind) -> &'static str {
    match kind {
        Kind::PersistentVolume => "persistentvolumes",
        Kind::PersistentVolumeClaim => "persistentvolumeclaims",
        Kind::StorageClass => "storageclasses.storage.k8s.io",
        Kind::Pod => "pods",
        Kind::Node => "nodes",
        Kind::StatefulSet => "statefulsets.apps",
        Kind::Deployment => "deployments.apps",
        Kind::ReplicaSet => "replicasets.apps",
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Invalid { key, errors } => f.write_str(&invalid_object_message(
                key.kind.as_str(),
                key.kind.group(),
                &key.name,
                errors,
            )),
            ApiError::AlreadyExists(key) => {
                write!(
                    f,
                    "{} \"{}\" already exists",
                    resource_name(key.kind),
                    key.name
                )
            }
            ApiError::NotFound(key) => {
                write!(f, "{} \"{}\" not found", resource_name(key.kind), key.name)
            }
            ApiError::Forbidden(denial) => denial.fmt(f),
        }
    }
}

impl std::error::Error for ApiError {}

/// Whether a replace keeps the stored finalizers or takes the document's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finalizers {
    Keep,
    Replace,
}

/// A scheduled pod waiting for its volumes to be bound before it is bound to its node.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reservation {
    pub node: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub(super) volumes: VolumeMap,
    pub(super) claims: ClaimMap,
    /// The keys of `volumes` and `claims` in name order, kept as they come and go, so that
    /// listing them in kubectl's order (the page does it on every change) sorts nothing.
    volume_names: BTreeSet<String>,
    claim_names: BTreeSet<NsName>,
    pub(super) classes: BTreeMap<String, StorageClass>,
    pub(super) pods: BTreeMap<NsName, Pod>,
    pub(super) nodes: BTreeMap<String, Node>,
    pub(super) stateful_sets: BTreeMap<NsName, StatefulSet>,
    pub(super) deployments: BTreeMap<NsName, Deployment>,
    pub(super) replica_sets: BTreeMap<NsName, ReplicaSet>,
    /// Creation sequence of every live object: controllers work in this order. Looked up by
    /// key only (walks in creation order go through `by_seq`), so a hash map: a tree of keys
    /// cost a string comparison per level on every create.
    pub(super) order: HashMap<ObjectKey, u64, FixedState>,
    /// The same, by sequence number, holding each object's map key (namespace is empty for
    /// cluster-scoped kinds), so walking objects in creation order allocates nothing.
    pub(super) by_seq: BTreeMap<u64, (Kind, NsName)>,
    pub(super) reservations: BTreeMap<NsName, Reservation>,
    /// The request each claim had when the expand controller last reported it (§19.3): the
    /// controller reacts to a change of the request, not to every resync. In memory only,
    /// like the scheduler's reservations.
    pub(super) expand_requests: BTreeMap<NsName, super::quantity::Quantity>,
    /// Owners named by imported objects but absent from what was imported (a dump of a few
    /// kinds leaves ReplicaSets out): the garbage collector takes them as existing elsewhere.
    pub(super) unverifiable_owners: std::collections::BTreeSet<String>,
    /// Each StatefulSet's revision name for its current template (set uid → template
    /// fingerprint and name), so a set imported with a revision keeps it (§17.5).
    pub(super) revisions: BTreeMap<String, (u32, String)>,
    pub(super) events: EventLog,
    pub(super) now: Timestamp,
    next_seq: u64,
    /// Volumes that left the API, oldest first: what a watch saw as DELETED, so the lifecycle
    /// view can show where a volume ended after its reclaim policy deleted it.
    deleted_volumes: Vec<DeletedVolume>,
}

/// A volume as it was when it was deleted.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedVolume {
    pub name: String,
    /// Its last phase (Released when its reclaim policy deleted it).
    pub phase: VolumePhase,
    pub deleted_at: Timestamp,
}

impl Default for Cluster {
    fn default() -> Self {
        Self::new()
    }
}

impl Cluster {
    pub fn new() -> Self {
        Self {
            volumes: VolumeMap::default(),
            claims: ClaimMap::default(),
            volume_names: BTreeSet::new(),
            claim_names: BTreeSet::new(),
            classes: BTreeMap::new(),
            pods: BTreeMap::new(),
            nodes: BTreeMap::new(),
            stateful_sets: BTreeMap::new(),
            deployments: BTreeMap::new(),
            replica_sets: BTreeMap::new(),
            order: HashMap::default(),
            by_seq: BTreeMap::new(),
            reservations: BTreeMap::new(),
            expand_requests: BTreeMap::new(),
            unverifiable_owners: std::collections::BTreeSet::new(),
            revisions: BTreeMap::new(),
            events: EventLog::default(),
            now: Timestamp::EPOCH,
            next_seq: 0,
            deleted_volumes: Vec::new(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Moves the clock on by one action's worth.
    pub fn tick(&mut self) {
        self.now = self.now.plus_seconds(TICK_SECONDS);
    }

    /// Every volume, by name.
    pub fn volumes(&self) -> impl DoubleEndedIterator<Item = &PersistentVolume> {
        self.volume_names
            .iter()
            .filter_map(|name| self.volumes.get(name))
    }

    /// Every claim, by namespace then name.
    pub fn claims(&self) -> impl DoubleEndedIterator<Item = &PersistentVolumeClaim> {
        self.claim_names
            .iter()
            .filter_map(|key| self.claims.get(key))
    }

    /// The volumes by name from the `skip`th on: a table's page, where skipping the volumes
    /// before it costs no lookup of them.
    pub fn volumes_from(&self, skip: usize) -> impl Iterator<Item = &PersistentVolume> {
        self.volume_names
            .iter()
            .skip(skip)
            .filter_map(|name| self.volumes.get(name))
    }

    /// The claims by namespace then name from the `skip`th on (see [`Cluster::volumes_from`]).
    pub fn claims_from(&self, skip: usize) -> impl Iterator<Item = &PersistentVolumeClaim> {
        self.claim_names
            .iter()
            .skip(skip)
            .filter_map(|key| self.claims.get(key))
    }

    pub fn classes(&self) -> impl Iterator<Item = &StorageClass> {
        self.classes.values()
    }

    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.pods.values()
    }

    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    /// Every StatefulSet, by namespace then name.
    pub fn stateful_sets(&self) -> impl Iterator<Item = &StatefulSet> {
        self.stateful_sets.values()
    }

    pub fn deployments(&self) -> impl Iterator<Item = &Deployment> {
        self.deployments.values()
    }

    pub fn replica_sets(&self) -> impl Iterator<Item = &ReplicaSet> {
        self.replica_sets.values()
    }

    pub fn stateful_set(&self, namespace: &str, name: &str) -> Option<&StatefulSet> {
        self.stateful_sets
            .get(&(namespace.to_owned(), name.to_owned()))
    }

    /// Volumes deleted since the cluster was made (a name created again is live, not here).
    pub fn deleted_volumes(&self) -> &[DeletedVolume] {
        &self.deleted_volumes
    }

    pub fn events(&self) -> &EventLog {
        &self.events
    }

    pub fn volume(&self, name: &str) -> Option<&PersistentVolume> {
        self.volumes.get(name)
    }

    pub fn claim(&self, namespace: &str, name: &str) -> Option<&PersistentVolumeClaim> {
        claim_in(&self.claims, namespace, name)
    }

    pub fn class(&self, name: &str) -> Option<&StorageClass> {
        self.classes.get(name)
    }

    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.pods.get(&(namespace.to_owned(), name.to_owned()))
    }

    /// Every object, in kind order then name order (for export).
    pub fn objects(&self) -> Vec<Object> {
        let mut out = Vec::new();
        out.extend(self.classes.values().cloned().map(Object::StorageClass));
        out.extend(self.volumes().cloned().map(Object::PersistentVolume));
        out.extend(self.claims().cloned().map(Object::PersistentVolumeClaim));
        out.extend(self.nodes.values().cloned().map(Object::Node));
        out.extend(self.pods.values().cloned().map(Object::Pod));
        out.extend(
            self.stateful_sets
                .values()
                .cloned()
                .map(Object::StatefulSet),
        );
        out.extend(self.deployments.values().cloned().map(Object::Deployment));
        out.extend(self.replica_sets.values().cloned().map(Object::ReplicaSet));
        out
    }

    /// The stored object at `key`, if any.
    pub fn get(&self, key: &ObjectKey) -> Option<Object> {
        let ns = || (key.namespace.clone(), key.name.clone());
        match key.kind {
            Kind::PersistentVolume => self
                .volumes
                .get(&key.name)
                .cloned()
                .map(Object::PersistentVolume),
            Kind::PersistentVolumeClaim => self
                .claims
                .get(&ns())
                .cloned()
                .map(Object::PersistentVolumeClaim),
            Kind::StorageClass => self
                .classes
                .get(&key.name)
                .cloned()
                .map(Object::StorageClass),
            Kind::Pod => self.pods.get(&ns()).cloned().map(Object::Pod),
            Kind::Node => self.nodes.get(&key.name).cloned().map(Object::Node),
            Kind::StatefulSet => self
                .stateful_sets
                .get(&ns())
                .cloned()
                .map(Object::StatefulSet),
            Kind::Deployment => self.deployments.get(&ns()).cloned().map(Object::Deployment),
            Kind::ReplicaSet => self
                .replica_sets
                .get(&ns())
                .cloned()
                .map(Object::ReplicaSet),
        }
    }

    /// The metadata of the live object of `kind` at `key` (namespace empty for cluster-scoped
    /// kinds), without cloning it.
    pub(super) fn metadata_of(&self, kind: Kind, key: &NsName) -> Option<&ObjectMeta> {
        match kind {
            Kind::PersistentVolume => self.volumes.get(&key.1).map(|o| &o.metadata),
            Kind::PersistentVolumeClaim => self.claims.get(key).map(|o| &o.metadata),
            Kind::StorageClass => self.classes.get(&key.1).map(|o| &o.metadata),
            Kind::Pod => self.pods.get(key).map(|o| &o.metadata),
            Kind::Node => self.nodes.get(&key.1).map(|o| &o.metadata),
            Kind::StatefulSet => self.stateful_sets.get(key).map(|o| &o.metadata),
            Kind::Deployment => self.deployments.get(key).map(|o| &o.metadata),
            Kind::ReplicaSet => self.replica_sets.get(key).map(|o| &o.metadata),
        }
    }

    /// Calls `visit` with the kind and metadata of every stored object (in no particular
    /// order), without cloning anything.
    pub(super) fn for_each_metadata(&self, mut visit: impl FnMut(Kind, &ObjectMeta)) {
        self.volumes
            .values()
            .for_each(|o| visit(Kind::PersistentVolume, &o.metadata));
        self.claims
            .values()
            .for_each(|o| visit(Kind::PersistentVolumeClaim, &o.metadata));
        self.classes
            .values()
            .for_each(|o| visit(Kind::StorageClass, &o.metadata));
        self.pods
            .values()
            .for_each(|o| visit(Kind::Pod, &o.metadata));
        self.nodes
            .values()
            .for_each(|o| visit(Kind::Node, &o.metadata));
        self.stateful_sets
            .values()
            .for_each(|o| visit(Kind::StatefulSet, &o.metadata));
        self.deployments
            .values()
            .for_each(|o| visit(Kind::Deployment, &o.metadata));
        self.replica_sets
            .values()
            .for_each(|o| visit(Kind::ReplicaSet, &o.metadata));
    }

    /// The same, to change it in place.
    pub(super) fn metadata_of_mut(&mut self, kind: Kind, key: &NsName) -> Option<&mut ObjectMeta> {
        match kind {
            Kind::PersistentVolume => self.volumes.get_mut(&key.1).map(|o| &mut o.metadata),
            Kind::PersistentVolumeClaim => self.claims.get_mut(key).map(|o| &mut o.metadata),
            Kind::StorageClass => self.classes.get_mut(&key.1).map(|o| &mut o.metadata),
            Kind::Pod => self.pods.get_mut(key).map(|o| &mut o.metadata),
            Kind::Node => self.nodes.get_mut(&key.1).map(|o| &mut o.metadata),
            Kind::StatefulSet => self.stateful_sets.get_mut(key).map(|o| &mut o.metadata),
            Kind::Deployment => self.deployments.get_mut(key).map(|o| &mut o.metadata),
            Kind::ReplicaSet => self.replica_sets.get_mut(key).map(|o| &mut o.metadata),
        }
    }

    /// A UUID-shaped uid derived from the creation sequence, so a scenario gives the same
    /// uids (and provisioned volume names) on every run.
    fn uid_for(seq: u64) -> String {
        let a = splitmix64(seq);
        uuid_v4_text(a, splitmix64(a ^ seq.rotate_left(17)))
    }

    /// Creates an object as the API server would: defaulting, validation, admission
    /// (default storage class, protection finalizers), a fresh uid, status reset.
    pub fn create(&mut self, mut object: Object) -> Result<ObjectKey, ApiError> {
        validation::apply_defaults(&mut object);
        let key = object.key();
        let mut errors = validation::validate_create(&object);
        errors.extend(validation::simulator_limits(&object));
        if !errors.is_empty() {
            return Err(ApiError::Invalid { key, errors });
        }
        if self.get(&key).is_some() {
            return Err(ApiError::AlreadyExists(key));
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        let meta = object.metadata_mut();
        meta.uid = Self::uid_for(seq);
        meta.creation_timestamp = Some(self.now);
        meta.deletion_timestamp = None;
        self.admit(&mut object);
        self.order.insert(key.clone(), seq);
        self.by_seq
            .insert(seq, (key.kind, (key.namespace.clone(), key.name.clone())));
        self.store(object);
        Ok(key)
    }

    /// Loads objects as they are in a real cluster (`kubectl get -o yaml`): an object that
    /// already has a uid keeps it, its timestamps (none when the text has none), status and
    /// finalizers (it was admitted there); one without is created through admission like a
    /// new manifest. Defaults and validation apply to both. Everything or nothing: on any
    /// error the cluster is unchanged.
    pub fn import(&mut self, objects: Vec<Object>) -> Result<(), Vec<ApiError>> {
        let mut next = self.clone();
        let mut errors = Vec::new();
        // Older objects first, so creation order (which controllers follow) is the cluster's.
        let mut objects = objects;
        objects.compact_sort_by_key(|o| o.metadata().creation_timestamp);
        // Into an empty cluster, the clock is the dump's: its newest timestamp among the
        // objects it kept (a uid), so ages count back from the moment of the dump, and objects
        // without a uid are created at that moment. A dump from 2024 read against this
        // simulator's 2026 start had shown claims waiting 577 days. Into a cluster that
        // already runs, the clock never goes back (below).
        if self.order.is_empty() {
            let dumped = objects
                .iter()
                .map(Object::metadata)
                .filter(|meta| !meta.uid.is_empty())
                .filter_map(|meta| meta.creation_timestamp)
                .max();
            if let Some(dumped) = dumped {
                next.now = dumped;
            }
        }
        for mut object in objects {
            if object.metadata().uid.is_empty() {
                if let Err(e) = next.create(object) {
                    errors.push(e);
                }
                continue;
            }
            validation::apply_defaults(&mut object);
            let key = object.key();
            let invalid = validation::validate_create(&object);
            if !invalid.is_empty() {
                errors.push(ApiError::Invalid {
                    key,
                    errors: invalid,
                });
            } else if next.get(&key).is_some() {
                errors.push(ApiError::AlreadyExists(key));
            } else {
                let seq = next.next_seq;
                next.next_seq += 1;
                // A creationTimestamp the dump lacks stays unknown (kubectl prints its age as
                // `<unknown>`, translateTimestampSince): the API server set one in the real
                // cluster, and a time made up here would read as an age the object never had.
                next.order.insert(key.clone(), seq);
                next.by_seq
                    .insert(seq, (key.kind, (key.namespace.clone(), key.name.clone())));
                next.store(object);
            }
        }
        if errors.is_empty() {
            next.note_unverifiable_owners();
            // The clock never runs behind the newest object it holds (read in place: a copy
            // of every object doubled the memory a large dump takes).
            let newest = next
                .volumes
                .values()
                .map(|o| &o.metadata)
                .chain(next.claims.values().map(|o| &o.metadata))
                .chain(next.classes.values().map(|o| &o.metadata))
                .chain(next.pods.values().map(|o| &o.metadata))
                .chain(next.nodes.values().map(|o| &o.metadata))
                .filter_map(|meta| meta.creation_timestamp)
                .max();
            next.now = next.now.max(newest.unwrap_or(next.now));
            *self = next;
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Remembers the owners that imported objects name but that are not here: no object of
    /// the reference's kind and name (in the dependent's namespace) carries its uid. A uid
    /// found on some other object does not make the owner present.
    fn note_unverifiable_owners(&mut self) {
        let mut absent = Vec::new();
        for (kind, key) in self.by_seq.values() {
            let Some(meta) = self.metadata_of(*kind, key) else {
                continue;
            };
            for reference in &meta.owner_references {
                let Some(owner_kind) = crate::garbage_collector::owner_kind(reference) else {
                    continue;
                };
                let namespace = if owner_kind.is_namespaced() {
                    key.0.clone()
                } else {
                    String::new()
                };
                let present = self
                    .metadata_of(owner_kind, &(namespace, reference.name.clone()))
                    .is_some_and(|owner| owner.uid == reference.uid);
                if !present {
                    absent.push(reference.uid.clone());
                }
            }
        }
        self.unverifiable_owners.extend(absent);
    }

    /// Every object in creation order, the order controllers follow: what a saved session
    /// must list for [`Cluster::restore`] to rebuild the same cluster.
    pub fn objects_in_creation_order(&self) -> Vec<Object> {
        self.objects_created(..).map(|(_, object)| object).collect()
    }

    /// The objects created in a range of sequence numbers with their sequence, oldest first,
    /// cloned as they are consumed (a walk through the objects that can stop and resume).
    pub fn objects_created(
        &self,
        range: impl std::ops::RangeBounds<u64>,
    ) -> impl Iterator<Item = (u64, Object)> + '_ {
        self.by_seq
            .range(range)
            .filter_map(|(seq, (kind, (ns, name)))| {
                let namespace = (!ns.is_empty()).then_some(ns.as_str());
                let object = self.get(&ObjectKey::new(*kind, namespace, name))?;
                Some((*seq, object))
            })
    }

    /// How many objects the cluster holds.
    pub fn object_count(&self) -> usize {
        self.order.len()
    }

    /// How many objects of a kind the cluster holds.
    pub fn count_of(&self, kind: Kind) -> usize {
        match kind {
            Kind::PersistentVolume => self.volumes.len(),
            Kind::PersistentVolumeClaim => self.claims.len(),
            Kind::StorageClass => self.classes.len(),
            Kind::Pod => self.pods.len(),
            Kind::Node => self.nodes.len(),
            Kind::StatefulSet => self.stateful_sets.len(),
            Kind::Deployment => self.deployments.len(),
            Kind::ReplicaSet => self.replica_sets.len(),
        }
    }

    /// The sequence number the next created object takes (its uid derives from it).
    pub fn next_sequence(&self) -> u64 {
        self.next_seq
    }

    pub(super) fn set_next_sequence(&mut self, next: u64) {
        self.next_seq = next;
    }

    /// Stores an object exactly as it is, as created at sequence `seq` (an assembly's piece:
    /// see `parts`). No defaults, validation or admission: it was admitted where it was made.
    pub(super) fn insert_as_created(&mut self, seq: u64, object: Object) {
        let key = object.key();
        if let Some(old) = self.order.insert(key.clone(), seq) {
            self.by_seq.remove(&old);
        }
        self.by_seq
            .insert(seq, (key.kind, (key.namespace.clone(), key.name.clone())));
        self.store(object);
    }

    /// How many pieces `parts` takes this cluster apart into. Every field is named here, so
    /// a field added to the cluster does not compile until this says how it travels.
    pub(super) fn piece_count(&self) -> usize {
        let Cluster {
            // Objects: one piece each, with its creation sequence (`order`, `by_seq`).
            volumes: _,
            claims: _,
            volume_names: _,
            claim_names: _,
            classes: _,
            pods: _,
            nodes: _,
            stateful_sets: _,
            deployments: _,
            replica_sets: _,
            order,
            by_seq: _,
            reservations,
            expand_requests,
            unverifiable_owners,
            revisions,
            events,
            // In the header.
            now: _,
            next_seq: _,
            deleted_volumes,
        } = self;
        order.len()
            + events.all().len()
            + reservations.len()
            + expand_requests.len()
            + unverifiable_owners.len()
            + revisions.len()
            + deleted_volumes.len()
    }

    pub(super) fn push_deleted_volume(&mut self, volume: DeletedVolume) {
        self.deleted_volumes.push(volume);
    }

    /// A saved cluster back: its objects as they were (uids, status, finalizers kept, as
    /// [`Cluster::import`] keeps them), its clock, and its creation counter, so objects created
    /// later never take a uid (and a provisioned volume name) already used. What the API
    /// server does not store is not restored: the event log, and the scheduler's in-memory
    /// reservations (the scheduler makes them again on its next pass).
    pub fn restore(
        objects: Vec<Object>,
        now: Timestamp,
        next_sequence: u64,
    ) -> Result<Cluster, Vec<ApiError>> {
        let mut cluster = Cluster::new();
        cluster.import(objects)?;
        cluster.now = cluster.now.max(now);
        cluster.next_seq = cluster.next_seq.max(next_sequence);
        Ok(cluster)
    }

    /// Admission plugins that act on create: DefaultStorageClass (claims without a class get
    /// the default, even when they name a volume) and StorageObjectInUseProtection.
    fn admit(&self, object: &mut Object) {
        match object {
            Object::PersistentVolume(pv) => {
                pv.status = PersistentVolumeStatus::default();
                add_finalizer(&mut pv.metadata, ann::PV_PROTECTION);
            }
            Object::PersistentVolumeClaim(claim) => {
                claim.status = PersistentVolumeClaimStatus::default();
                if !super::classes::claim_has_class(claim) {
                    if let Some(default) = super::classes::default_class(self.classes.values()) {
                        claim.spec.storage_class_name = Some(default.metadata.name.clone());
                    }
                }
                add_finalizer(&mut claim.metadata, ann::PVC_PROTECTION);
            }
            Object::Pod(pod) => {
                pod.status = PodStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                };
            }
            Object::StatefulSet(set) => set.status = StatefulSetStatus::default(),
            Object::Deployment(deployment) => deployment.status = DeploymentStatus::default(),
            Object::ReplicaSet(set) => set.status = ReplicaSetStatus::default(),
            Object::StorageClass(_) | Object::Node(_) => {}
        }
    }

    /// Replaces an existing object (`kubectl replace`): spec, labels and annotations from the
    /// document; uid, timestamps and status kept; finalizers as asked. Immutable fields are
    /// enforced. A Terminating object left without finalizers goes away.
    pub fn replace(&mut self, mut object: Object, finalizers: Finalizers) -> Result<(), ApiError> {
        validation::apply_defaults(&mut object);
        let key = object.key();
        let Some(old) = self.get(&key) else {
            return Err(ApiError::NotFound(key));
        };
        let old_meta = old.metadata().clone();
        {
            let meta = object.metadata_mut();
            meta.uid = old_meta.uid.clone();
            meta.creation_timestamp = old_meta.creation_timestamp;
            meta.deletion_timestamp = old_meta.deletion_timestamp;
            if finalizers == Finalizers::Keep {
                meta.finalizers = old_meta.finalizers.clone();
            }
        }
        match (&mut object, &old) {
            (Object::PersistentVolume(new), Object::PersistentVolume(old)) => {
                new.status = old.status.clone()
            }
            (Object::PersistentVolumeClaim(new), Object::PersistentVolumeClaim(old)) => {
                new.status = old.status.clone()
            }
            (Object::Pod(new), Object::Pod(old)) => new.status = old.status.clone(),
            (Object::StatefulSet(new), Object::StatefulSet(old)) => new.status = old.status.clone(),
            (Object::Deployment(new), Object::Deployment(old)) => new.status = old.status.clone(),
            (Object::ReplicaSet(new), Object::ReplicaSet(old)) => new.status = old.status.clone(),
            _ => {}
        }
        let mut errors = validation::validate_update(&old, &object);
        errors.extend(validation::simulator_limits(&object));
        if !errors.is_empty() {
            return Err(ApiError::Invalid { key, errors });
        }
        // Admission runs after validation, as in the API server.
        if let (Object::PersistentVolumeClaim(old), Object::PersistentVolumeClaim(new)) =
            (&old, &object)
        {
            validation::admit_claim_resize(old, new, |name| self.classes.get(name))
                .map_err(ApiError::Forbidden)?;
        }
        let gone = object.metadata().is_being_deleted() && object.metadata().finalizers.is_empty();
        if gone {
            self.remove(&key);
        } else {
            self.store(object);
        }
        Ok(())
    }

    /// Asks for deletion: an object with finalizers lingers (Terminating) until controllers
    /// remove them; one without goes at once.
    pub fn delete(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        let Some(mut object) = self.get(key) else {
            return Err(ApiError::NotFound(key.clone()));
        };
        let meta = object.metadata_mut();
        if meta.finalizers.is_empty() {
            self.remove(key);
        } else if meta.deletion_timestamp.is_none() {
            meta.deletion_timestamp = Some(self.now);
            self.store(object);
        }
        Ok(())
    }

    pub(super) fn store(&mut self, object: Object) {
        match object {
            Object::PersistentVolume(o) => {
                self.deleted_volumes.retain(|d| d.name != o.metadata.name);
                if !self.volumes.contains_key(&o.metadata.name) {
                    self.volume_names.insert(o.metadata.name.clone());
                }
                self.volumes.insert(o.metadata.name.clone(), o);
            }
            Object::PersistentVolumeClaim(o) => {
                let key = (ns_of(&o.metadata), o.metadata.name.clone());
                if !self.claims.contains_key(&key) {
                    self.claim_names.insert(key.clone());
                }
                self.claims.insert(key, o);
            }
            Object::StorageClass(o) => {
                self.classes.insert(o.metadata.name.clone(), o);
            }
            Object::Pod(o) => {
                let key = (ns_of(&o.metadata), o.metadata.name.clone());
                self.pods.insert(key, o);
            }
            Object::Node(o) => {
                self.nodes.insert(o.metadata.name.clone(), o);
            }
            Object::StatefulSet(o) => {
                let key = (ns_of(&o.metadata), o.metadata.name.clone());
                self.stateful_sets.insert(key, o);
            }
            Object::Deployment(o) => {
                let key = (ns_of(&o.metadata), o.metadata.name.clone());
                self.deployments.insert(key, o);
            }
            Object::ReplicaSet(o) => {
                let key = (ns_of(&o.metadata), o.metadata.name.clone());
                self.replica_sets.insert(key, o);
            }
        }
    }

    pub(super) fn remove(&mut self, key: &ObjectKey) {
        let ns = (key.namespace.clone(), key.name.clone());
        match key.kind {
            Kind::PersistentVolume => {
                if let Some(pv) = self.volumes.remove(&key.name) {
                    self.volume_names.remove(&key.name);
                    self.deleted_volumes.push(DeletedVolume {
                        name: pv.metadata.name,
                        phase: pv.status.phase,
                        deleted_at: self.now,
                    });
                }
            }
            Kind::PersistentVolumeClaim => {
                self.claims.remove(&ns);
                self.claim_names.remove(&ns);
            }
            Kind::StorageClass => {
                self.classes.remove(&key.name);
            }
            Kind::Pod => {
                self.pods.remove(&ns);
                self.reservations.remove(&ns);
            }
            Kind::Node => {
                self.nodes.remove(&key.name);
            }
            Kind::StatefulSet => {
                self.stateful_sets.remove(&ns);
            }
            Kind::Deployment => {
                self.deployments.remove(&ns);
            }
            Kind::ReplicaSet => {
                self.replica_sets.remove(&ns);
            }
        }
        if let Some(seq) = self.order.remove(key) {
            self.by_seq.remove(&seq);
        }
    }

    /// The (namespace, name) keys of live objects of `kind`, in creation order.
    pub(super) fn creation_order(&self, kind: Kind) -> impl Iterator<Item = &NsName> {
        self.by_seq
            .values()
            .filter(move |(k, _)| *k == kind)
            .map(|(_, key)| key)
    }

    /// The claims `pick` selects, with their keys, in creation order. A resync finds most
    /// claims at rest, and a look at each straight from the store reads far less memory than a
    /// walk of the creation order that looks each one up by key; the few picked are then put
    /// in order by their sequence numbers. When many are picked, a walk of the creation order
    /// is cheaper than a lookup of each one's number, so `pick` (which must only read) is
    /// asked again on the way.
    pub(super) fn picked_claims<'a>(
        &'a self,
        pick: impl Fn(&'a PersistentVolumeClaim) -> bool,
    ) -> Vec<(&'a NsName, &'a PersistentVolumeClaim)> {
        let picked: Vec<(&NsName, &PersistentVolumeClaim)> =
            self.claims.iter().filter(|(_, c)| pick(c)).collect();
        if picked.len().saturating_mul(8) > self.claims.len() {
            return self
                .creation_order(Kind::PersistentVolumeClaim)
                .filter_map(|key| self.claims.get(key).filter(|c| pick(c)).map(|c| (key, c)))
                .collect();
        }
        let mut numbered: Vec<(u64, &NsName, &PersistentVolumeClaim)> = picked
            .into_iter()
            .filter_map(|(key, claim)| {
                let object = ObjectKey::new(Kind::PersistentVolumeClaim, Some(&key.0), &key.1);
                Some((*self.order.get(&object)?, key, claim))
            })
            .collect();
        numbered.compact_sort_by_key(|(seq, _, _)| *seq);
        numbered
            .into_iter()
            .map(|(_, key, claim)| (key, claim))
            .collect()
    }

    /// The same, owned, for loops that change the cluster as they go.
    pub(super) fn in_creation_order(&self, kind: Kind) -> Vec<NsName> {
        self.creation_order(kind).cloned().collect()
    }

    pub(super) fn record(
        &mut self,
        object: &ObjectKey,
        type_: EventType,
        source: impl Into<std::borrow::Cow<'static, str>>,
        reason: &str,
        message: String,
    ) {
        self.events
            .record(self.now, object, type_, source.into(), reason, message);
    }

    /// One pass of every controller, in a fixed order (`trace::Controller::PASS`); true
    /// when anything changed.
    pub fn sync_once(&mut self) -> bool {
        let mut changed = false;
        for controller in super::trace::Controller::PASS {
            changed |= self.run_controller(controller);
        }
        changed
    }

    /// The most passes one settle may take: [`MAX_PASSES`], plus a few per workload replica,
    /// since an OrderedReady StatefulSet starts one pod per pass and each pod needs passes of
    /// its own to get its claims bound and become Ready (a rolling update likewise).
    fn pass_limit(&self) -> usize {
        let replicas: usize = self
            .stateful_sets
            .values()
            .map(|s| s.spec.replica_count())
            .chain(self.deployments.values().map(|d| d.spec.replica_count()))
            .map(|r| usize::try_from(r).unwrap_or(0))
            .sum();
        MAX_PASSES.saturating_add(replicas.saturating_mul(8))
    }

    /// Runs the control loop until nothing changes (at most [`MAX_PASSES`], more with
    /// workloads); returns the number of passes that changed something.
    pub fn settle(&mut self) -> usize {
        self.settle_reporting(&mut |_| {})
    }

    /// [`Cluster::settle`], telling `pass` the number of each pass that changed something.
    pub fn settle_reporting(&mut self, pass: &mut dyn FnMut(usize)) -> usize {
        let limit = self.pass_limit();
        let mut passes = 0;
        while passes < limit && self.sync_once() {
            passes += 1;
            pass(passes);
        }
        passes
    }
}

pub(super) fn ns_of(meta: &ObjectMeta) -> String {
    meta.namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into())
}

pub(super) fn claim_key(claim: &PersistentVolumeClaim) -> ObjectKey {
    ObjectKey::new(
        Kind::PersistentVolumeClaim,
        claim.metadata.namespace.as_deref(),
        &claim.metadata.name,
    )
}

pub(super) fn volume_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolume, None, name)
}

pub(super) fn add_finalizer(meta: &mut ObjectMeta, finalizer: &str) {
    if !meta.finalizers.iter().any(|f| f == finalizer) {
        meta.finalizers.push(finalizer.to_owned());
    }
}

/// A well-mixed 64-bit value from a counter (SplitMix64), for uids that look random but are
/// reproducible.
/// 128 bits written as a version-4, RFC 4122-variant UUID (`xxxxxxxx-xxxx-4xxx-yxxx-…`), the
/// shape of every uid Kubernetes shows.
pub fn uuid_v4_text(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

pub(super) fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `claim_in` looks claims up by borrowed parts, which must hash and compare exactly as
    /// the owned keys they were stored under: every claim is found, and only under its own
    /// namespace and name.
    #[test]
    fn claims_are_found_by_borrowed_namespace_and_name() {
        let cluster = crate::generate::random_cluster(50, 400, 3);
        assert_eq!(cluster.claims.len(), 400);
        for (namespace, name) in cluster.claims.keys() {
            let found = claim_in(&cluster.claims, namespace, name).map(|c| &c.metadata.name);
            assert_eq!(found, Some(name));
            assert!(claim_in(&cluster.claims, name, namespace).is_none());
            assert!(claim_in(&cluster.claims, namespace, &format!("{name}x")).is_none());
        }
    }

    #[test]
    fn a_page_of_volumes_or_claims_is_that_slice_of_them_all() {
        let cluster = crate::generate::workload_cluster(600, 3);
        let volumes: Vec<&str> = cluster
            .volumes()
            .map(|v| v.metadata.name.as_str())
            .collect();
        let claims: Vec<String> = cluster
            .claims()
            .map(|c| c.metadata.namespaced_name())
            .collect();
        assert!(volumes.len() > 60 && claims.len() > 60);
        for skip in [0, 50, volumes.len() - 1, volumes.len(), volumes.len() + 5] {
            let page: Vec<&str> = cluster
                .volumes_from(skip)
                .take(50)
                .map(|v| v.metadata.name.as_str())
                .collect();
            assert_eq!(
                page,
                volumes
                    .iter()
                    .copied()
                    .skip(skip)
                    .take(50)
                    .collect::<Vec<_>>()
            );
        }
        let page: Vec<String> = cluster
            .claims_from(50)
            .take(10)
            .map(|c| c.metadata.namespaced_name())
            .collect();
        assert_eq!(page, claims[50..60]);
    }

    #[test]
    fn uids_look_like_uuids_and_differ() {
        let a = Cluster::uid_for(0);
        let b = Cluster::uid_for(1);
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
        assert_eq!(a.matches('-').count(), 4);
    }

    /// An object read back from a cluster keeps the creationTimestamp it has, and none when
    /// the text has none (kubectl then prints `<unknown>`): nothing is made up, and a later
    /// update of it is still accepted.
    #[test]
    fn an_imported_object_without_a_creation_timestamp_keeps_none() {
        let mut class = StorageClass::default();
        class.metadata.name = "fast".into();
        class.metadata.uid = "11111111-1111-4111-8111-111111111111".into();
        class.provisioner = "ebs.csi.aws.com".into();
        let mut cluster = Cluster::new();
        cluster
            .import(vec![Object::StorageClass(class.clone())])
            .expect("imports");
        let created = |c: &Cluster| c.class("fast").expect("kept").metadata.creation_timestamp;
        assert_eq!(created(&cluster), None);
        class.metadata.labels.insert("tier".into(), "fast".into());
        cluster
            .replace(Object::StorageClass(class), Finalizers::Keep)
            .expect("an update is accepted");
        assert_eq!(created(&cluster), None);
    }

    /// A dump of `pods` names each pod's ReplicaSet but does not hold it: the collector cannot
    /// tell it is gone, even when the reference's uid happens to be on another dumped object.
    #[test]
    #[cfg(not(target_arch = "wasm32"))] // serde_json is a native dev-dependency
    fn an_owner_a_dump_names_but_lacks_keeps_its_dependents() {
        let pod = |name: &str, uid: &str, owner_uid: &str| -> Object {
            Object::Pod(
                serde_json::from_value(serde_json::json!({
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": name, "namespace": "shop", "uid": uid,
                        "creationTimestamp": "2026-01-01T00:00:00Z",
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                            "name": "web-5d8f", "uid": owner_uid, "controller": true}]},
                    "spec": {"containers": [{"name": "web", "image": "nginx"}]}
                }))
                .expect("a pod"),
            )
        };
        let mut cluster = Cluster::new();
        cluster
            .import(vec![
                pod(
                    "web-5d8f-a",
                    "11111111-1111-4111-8111-111111111111",
                    "11111111-1111-4111-8111-111111111111",
                ),
                pod(
                    "web-5d8f-b",
                    "22222222-2222-4222-8222-222222222222",
                    "33333333-3333-4333-8333-333333333333",
                ),
            ])
            .expect("imports");
        cluster.settle();
        assert!(cluster
            .pods
            .contains_key(&("shop".into(), "web-5d8f-a".into())));
        assert!(cluster
            .pods
            .contains_key(&("shop".into(), "web-5d8f-b".into())));
    }
}
