//! A cluster taken apart into plain data and assembled again, piece by piece: how the page's
//! Web Worker hands a cluster it computed to the page, which rebuilds it in slices short
//! enough to keep the main thread responsive. Everything the cluster holds travels (objects
//! with their creation sequence, the clock and counter, the event log, the scheduler's
//! reservations, the record of deleted volumes), so the assembled cluster is equal to the
//! original and behaves the same from then on (natively tested).
//!
//! The pieces come from a trusted producer (our own worker, the same engine), so they are not
//! validated again; an inconsistent sequence of pieces still never panics (a later piece with
//! the same key replaces an earlier one).

use super::cluster::{Cluster, DeletedVolume, NsName, Reservation};
use super::events::Event;
use super::objects::Object;
use super::time::Timestamp;

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
            pieces: self.order.len()
                + self.events.all().len()
                + self.reservations.len()
                + self.deleted_volumes().len(),
        }
    }

    /// Every piece of the cluster: objects in creation order, then events, reservations and
    /// deleted volumes. Objects are cloned one at a time, as the caller consumes them.
    pub fn pieces(&self) -> impl Iterator<Item = Piece> + '_ {
        let mut cursor = Cursor::default();
        std::iter::from_fn(move || self.next_piece(&mut cursor))
    }

    /// The piece after `cursor`, moving it on: a walk through [`Cluster::pieces`] that can
    /// stop and resume (the page writes a large cluster for its worker in slices).
    pub fn next_piece(&self, cursor: &mut Cursor) -> Option<Piece> {
        use std::ops::Bound::{Excluded, Unbounded};
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
        // Few (pods waiting for their volumes): skipping to the next one costs little.
        if let Some((key, reservation)) = self.reservations.iter().nth(cursor.reservations) {
            cursor.reservations += 1;
            return Some(Piece::Reservation(key.clone(), reservation.clone()));
        }
        let deleted = self.deleted_volumes().get(cursor.deleted)?;
        cursor.deleted += 1;
        Some(Piece::DeletedVolume(deleted.clone()))
    }
}

/// Where a walk through a cluster's pieces stands (see [`Cluster::next_piece`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    last_object: Option<u64>,
    objects_done: bool,
    events: usize,
    reservations: usize,
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
