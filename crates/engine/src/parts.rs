//! A cluster taken apart into plain data and assembled again, piece by piece: how the page's
//! Web Worker hands a cluster it computed to the page, which rebuilds it in slices short
//! enough to keep the main thread responsive. Everything the cluster holds travels (objects of
//! every kind with their creation sequence, the clock and counter, the event log, the
//! scheduler's reservations, the expand controller's last requests, the owners taken as
//! existing elsewhere, the StatefulSets' revisions, the record of deleted volumes), so the
//! assembled cluster is equal to the original and behaves the same from then on (natively
//! tested).
//!
//! The pieces come from a trusted producer (our own worker, the same engine), so they are not
//! validated again; an inconsistent sequence of pieces still never panics (a later piece with
//! the same key replaces an earlier one).

use super::cluster::{Cluster, DeletedVolume, NsName, Reservation};
use super::events::Event;
use super::objects::Object;
use super::quantity::Quantity;
use super::time::Timestamp;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound::{Excluded, Unbounded};

/// One piece of a cluster, in the order [`Cluster::pieces`] gives them.
// Passed one at a time from producer to consumer, never stored in bulk: boxing would only
// add an allocation per object.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// A live object and its creation sequence (controllers work in that order).
    Object(u64, Object),
    /// An entry of the event log, oldest first.
    Event(Event),
    /// A pod the scheduler placed, waiting for its volumes before being bound to the node.
    Reservation(NsName, Reservation),
    /// The request a claim had when the expand controller last reported it.
    ExpandRequest(NsName, Quantity),
    /// The uid of an owner named by imported objects but not imported.
    UnverifiableOwner(String),
    /// A StatefulSet's (by uid) revision: its template's fingerprint and the revision's name.
    Revision(String, u32, String),
    /// A volume that left the API, oldest first.
    DeletedVolume(DeletedVolume),
}

/// The cluster's clock and creation counter: what an assembly starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub now: Timestamp,
    pub next_sequence: u64,
    /// How many pieces follow (a progress bar's total).
    pub pieces: usize,
}

impl Cluster {
    /// The clock, the counter and the number of pieces [`Cluster::pieces`] yields.
    pub fn header(&self) -> Header {
        Header {
            now: self.now,
            next_sequence: self.next_sequence(),
            pieces: self.piece_count(),
        }
    }

    /// Every piece of the cluster: objects in creation order, then events, reservations, the
    /// expand controller's requests, unverifiable owners, revisions and deleted volumes. Objects are cloned one at a time, as the caller consumes them.
    pub fn pieces(&self) -> impl Iterator<Item = Piece> + '_ {
        let mut cursor = Cursor::default();
        std::iter::from_fn(move || self.next_piece(&mut cursor))
    }

    /// The piece after `cursor`, moving it on: a walk through [`Cluster::pieces`] that can
    /// stop and resume (the page writes a large cluster for its worker in slices).
    pub fn next_piece(&self, cursor: &mut Cursor) -> Option<Piece> {
        if !cursor.objects_done {
            let from = cursor.last_object.map_or(Unbounded, Excluded);
            match self.objects_created((from, Unbounded)).next() {
                Some((seq, object)) => {
                    cursor.last_object = Some(seq);
                    return Some(Piece::Object(seq, object));
                }
                None => cursor.objects_done = true,
            }
        }
        let events = self.events.all();
        if let Some(event) = events.get(cursor.events) {
            cursor.events += 1;
            return Some(Piece::Event(event.clone()));
        }
        if let Some((key, reservation)) = after(&self.reservations, &mut cursor.reservation) {
            return Some(Piece::Reservation(key, reservation.clone()));
        }
        if let Some((key, request)) = after(&self.expand_requests, &mut cursor.expand_request) {
            return Some(Piece::ExpandRequest(key, request.clone()));
        }
        if let Some(uid) = after_in_set(&self.unverifiable_owners, &mut cursor.owner) {
            return Some(Piece::UnverifiableOwner(uid));
        }
        if let Some((uid, (fingerprint, name))) = after(&self.revisions, &mut cursor.revision) {
            return Some(Piece::Revision(uid, *fingerprint, name.clone()));
        }
        let deleted = self.deleted_volumes().get(cursor.deleted)?;
        cursor.deleted += 1;
        Some(Piece::DeletedVolume(deleted.clone()))
    }
}

/// The entry of `map` after the key in `last` (the first when `last` is empty), moving `last`
/// on: a resumable walk that never counts from the start.
fn after<'a, K: Ord + Clone, V>(
    map: &'a BTreeMap<K, V>,
    last: &mut Option<K>,
) -> Option<(K, &'a V)> {
    let from = last.as_ref().map_or(Unbounded, Excluded);
    let (key, value) = map.range((from, Unbounded)).next()?;
    *last = Some(key.clone());
    Some((key.clone(), value))
}

/// [`after`] for a set.
fn after_in_set<K: Ord + Clone>(set: &BTreeSet<K>, last: &mut Option<K>) -> Option<K> {
    let from = last.as_ref().map_or(Unbounded, Excluded);
    let key = set.range((from, Unbounded)).next()?;
    *last = Some(key.clone());
    Some(key.clone())
}

/// Where a walk through a cluster's pieces stands (see [`Cluster::next_piece`]): the last key
/// given of each keyed part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    last_object: Option<u64>,
    objects_done: bool,
    events: usize,
    reservation: Option<NsName>,
    expand_request: Option<NsName>,
    owner: Option<String>,
    revision: Option<String>,
    deleted: usize,
}

/// Builds a cluster from its [`Header`] and [`Piece`]s, one piece at a time.
#[derive(Debug)]
pub struct Assembly {
    cluster: Cluster,
}

impl Assembly {
    pub fn new(header: Header) -> Self {
        let mut cluster = Cluster::new();
        cluster.now = header.now;
        cluster.set_next_sequence(header.next_sequence);
        Assembly { cluster }
    }

    pub fn add(&mut self, piece: Piece) {
        let cluster = &mut self.cluster;
        match piece {
            Piece::Object(seq, object) => cluster.insert_as_created(seq, object),
            Piece::Event(event) => cluster.events.restore(event),
            Piece::Reservation(key, reservation) => {
                cluster.reservations.insert(key, reservation);
            }
            Piece::ExpandRequest(key, request) => {
                cluster.expand_requests.insert(key, request);
            }
            Piece::UnverifiableOwner(uid) => {
                cluster.unverifiable_owners.insert(uid);
            }
            Piece::Revision(uid, fingerprint, name) => {
                cluster.revisions.insert(uid, (fingerprint, name));
            }
            Piece::DeletedVolume(volume) => cluster.push_deleted_volume(volume),
        }
    }

    pub fn finish(self) -> Cluster {
        self.cluster
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{random_cluster, workload_cluster};
    use crate::objects::Kind;

    fn reassembled(cluster: &Cluster) -> Cluster {
        let header = cluster.header();
        let pieces: Vec<Piece> = cluster.pieces().collect();
        assert_eq!(pieces.len(), header.pieces);
        let mut assembly = Assembly::new(header);
        for piece in pieces {
            assembly.add(piece);
        }
        assembly.finish()
    }

    #[test]
    fn a_cluster_taken_apart_and_assembled_is_the_same_cluster() {
        for mut cluster in [
            random_cluster(300, 300, 7),
            workload_cluster(400, 3),
            crate::demo::demo_cluster(),
        ] {
            // Before and after the controllers ran: events, reservations and bindings travel.
            assert_eq!(reassembled(&cluster), cluster);
            cluster.settle();
            assert!(!cluster.events().all().is_empty());
            let again = reassembled(&cluster);
            assert_eq!(again, cluster);
            assert_eq!(
                again.objects_in_creation_order(),
                cluster.objects_in_creation_order()
            );
        }
    }

    #[test]
    fn an_assembled_cluster_behaves_as_the_original() {
        let mut original = workload_cluster(300, 5);
        original.settle();
        // Delete a volume so the record of deleted volumes is not empty, and create after it.
        let volume = original
            .volumes()
            .next()
            .expect("volumes")
            .metadata
            .name
            .clone();
        let key = crate::objects::ObjectKey::new(Kind::PersistentVolume, None, &volume);
        original.tick();
        original.delete(&key).expect("deleted");
        original.settle();
        let mut copy = reassembled(&original);
        assert_eq!(copy, original);
        for cluster in [&mut original, &mut copy] {
            cluster.tick();
            for object in crate::generate::random_objects(20, 20, 9) {
                let _ = cluster.create(object);
            }
            cluster.settle();
        }
        assert_eq!(
            copy, original,
            "the same uids, events and bindings afterwards"
        );
    }
}
