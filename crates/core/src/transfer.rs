//! What the page's Web Worker sends the page, and back: values and whole clusters as compact
//! bytes (posted as a transferable buffer, so nothing is copied between the threads), read
//! back on the page in steps of bounded work so that adopting a 20,000-object cluster never
//! holds the main thread for long.
//!
//! The bytes are the YAML layer's own trees (`manifest::Node`) written in a binary form: a tag
//! per node, lengths as LEB128 varints, strings as UTF-8. Values go through the same serde
//! encoder and decoder as manifests (no second serde format in the page, so no second copy of
//! every type's decoding code), objects through the manifest layer's object trees. Reading
//! skips what makes YAML slow to read: no scanning, indentation or typing of scalars.
//!
//! The bytes come from our own code on the other side, yet reading never panics on any input:
//! a malformed buffer is a [`TransferError`].

use crate::manifest::{self, Node};
use crate::manifest::{Entry, NodeKind};
use pv_engine::parts::{Assembly, Cursor, Header, Piece};
use pv_engine::time::Timestamp;
use pv_engine::Cluster;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// Why bytes could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferError(String);

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the worker's answer could not be read ({})", self.0)
    }
}

impl std::error::Error for TransferError {}

impl TransferError {
    pub fn new(message: impl Into<String>) -> Self {
        TransferError(message.into())
    }
}

fn error<T>(message: impl Into<String>) -> Result<T, TransferError> {
    Err(TransferError(message.into()))
}

/// Trees deeper than this are refused (ours nest about ten levels).
const MAX_DEPTH: usize = 128;

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STR: u8 = 5;
const SEQ: u8 = 6;
const MAP: u8 = 7;

const OBJECT: u8 = 1;
const EVENT: u8 = 2;
const RESERVATION: u8 = 3;
const DELETED_VOLUME: u8 = 4;
const EXPAND_REQUEST: u8 = 5;
const UNVERIFIABLE_OWNER: u8 = 6;
const REVISION: u8 = 7;

/// Writes values and clusters, in the order the reader will read them.
#[derive(Default)]
pub struct Encoder {
    bytes: Vec<u8>,
}

impl Encoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A value with serde's derives (the engine's and the core's types).
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        match manifest::value_node(value) {
            Some(node) => self.node(&node),
            // The encoder fails only on types with non-string map keys, which none of ours
            // has; a null then reads back as the decoder's error, never as a wrong value.
            None => self.bytes.push(NULL),
        }
    }

    /// A cluster: its header, then every piece (see `pv_engine::parts`).
    pub fn cluster(&mut self, cluster: &Cluster) {
        let mut cursor = self.start_cluster(cluster);
        while !self.write_pieces(cluster, &mut cursor, usize::MAX) {}
    }

    /// Starts writing a cluster (its header); [`Encoder::write_pieces`] writes the rest, in
    /// as many steps as the caller likes, of that same unchanged cluster.
    pub fn start_cluster(&mut self, cluster: &Cluster) -> Cursor {
        let header = cluster.header();
        self.uint(u128::from(header.now.0 as u64));
        self.uint(u128::from(header.next_sequence));
        self.uint(header.pieces as u128);
        Cursor::default()
    }

    /// Writes at most `budget` more pieces; true when the cluster is written.
    pub fn write_pieces(&mut self, cluster: &Cluster, cursor: &mut Cursor, budget: usize) -> bool {
        for _ in 0..budget {
            let Some(piece) = cluster.next_piece(cursor) else {
                return true;
            };
            match piece {
                Piece::Object(seq, object) => {
                    self.bytes.push(OBJECT);
                    self.uint(u128::from(seq));
                    self.node(&manifest::object_node(&object));
                }
                Piece::Event(event) => {
                    self.bytes.push(EVENT);
                    self.value(&event);
                    // Not in the event's serde form (a mark for the pass traces).
                    self.uint(u128::from(event.reported));
                }
                Piece::Reservation(key, reservation) => {
                    self.bytes.push(RESERVATION);
                    self.value(&(key, reservation));
                }
                Piece::DeletedVolume(volume) => {
                    self.bytes.push(DELETED_VOLUME);
                    self.value(&volume);
                }
                Piece::ExpandRequest(key, request) => {
                    self.bytes.push(EXPAND_REQUEST);
                    self.value(&(key, request));
                }
                Piece::UnverifiableOwner(uid) => {
                    self.bytes.push(UNVERIFIABLE_OWNER);
                    self.text(&uid);
                }
                Piece::Revision(uid, fingerprint, name) => {
                    self.bytes.push(REVISION);
                    self.value(&(uid, fingerprint, name));
                }
            }
        }
        false
    }

    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }

    fn uint(&mut self, mut value: u128) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    fn text(&mut self, text: &str) {
        self.uint(text.len() as u128);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn node(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Null => self.bytes.push(NULL),
            NodeKind::Bool(false) => self.bytes.push(FALSE),
            NodeKind::Bool(true) => self.bytes.push(TRUE),
            NodeKind::Int(i) => {
                self.bytes.push(INT);
                // Zigzag: small magnitudes of either sign stay short.
                self.uint(((*i << 1) ^ (*i >> 127)) as u128);
            }
            NodeKind::Float(f) => {
                self.bytes.push(FLOAT);
                self.bytes.extend_from_slice(&f.to_le_bytes());
            }
            NodeKind::Str(s) => {
                self.bytes.push(STR);
                self.text(s);
            }
            NodeKind::Seq(items) => {
                self.bytes.push(SEQ);
                self.uint(items.len() as u128);
                items.iter().for_each(|item| self.node(item));
            }
            NodeKind::Map(entries) => {
                self.bytes.push(MAP);
                self.uint(entries.len() as u128);
                for entry in entries {
                    self.text(&entry.key);
                    self.node(&entry.value);
                }
            }
        }
    }
}

/// Reads what an [`Encoder`] wrote, in the same order.
pub struct Decoder {
    bytes: Vec<u8>,
    at: usize,
}

/// A cluster being read piece by piece: [`Decoder::read_pieces`] moves it on.
pub struct ClusterReading {
    assembly: Assembly,
    total: usize,
    read: usize,
}

impl ClusterReading {
    /// Pieces read, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (self.read, self.total)
    }

    pub fn is_done(&self) -> bool {
        self.read >= self.total
    }

    pub fn finish(self) -> Cluster {
        self.assembly.finish()
    }
}

impl Decoder {
    pub fn new(bytes: Vec<u8>) -> Self {
        Decoder { bytes, at: 0 }
    }

    /// The next value, as written by [`Encoder::value`].
    pub fn value<T: DeserializeOwned>(&mut self) -> Result<T, TransferError> {
        let node = self.node(0)?;
        manifest::node_value(&node).map_err(TransferError)
    }

    /// Starts reading a cluster written by [`Encoder::cluster`]: its header only.
    pub fn start_cluster(&mut self) -> Result<ClusterReading, TransferError> {
        let now = Timestamp(self.uint()? as u64 as i64);
        let next_sequence = u64::try_from(self.uint()?).or(error("a sequence out of range"))?;
        let total = usize::try_from(self.uint()?).or(error("a count out of range"))?;
        let header = Header {
            now,
            next_sequence,
            pieces: total,
        };
        Ok(ClusterReading {
            assembly: Assembly::new(header),
            total,
            read: 0,
        })
    }

    /// Reads at most `budget` more pieces of the cluster.
    pub fn read_pieces(
        &mut self,
        reading: &mut ClusterReading,
        budget: usize,
    ) -> Result<(), TransferError> {
        for _ in 0..budget {
            if reading.is_done() {
                break;
            }
            let piece = match self.byte()? {
                OBJECT => {
                    let seq = u64::try_from(self.uint()?).or(error("a sequence out of range"))?;
                    let node = self.node(0)?;
                    Piece::Object(seq, manifest::node_object(&node).map_err(TransferError)?)
                }
                EVENT => {
                    let mut event: pv_engine::events::Event = self.value()?;
                    event.reported =
                        u64::try_from(self.uint()?).or(error("a report mark out of range"))?;
                    Piece::Event(event)
                }
                RESERVATION => {
                    let (key, reservation) = self.value()?;
                    Piece::Reservation(key, reservation)
                }
                DELETED_VOLUME => Piece::DeletedVolume(self.value()?),
                EXPAND_REQUEST => {
                    let (key, request) = self.value()?;
                    Piece::ExpandRequest(key, request)
                }
                UNVERIFIABLE_OWNER => Piece::UnverifiableOwner(self.text()?),
                REVISION => {
                    let (uid, fingerprint, name) = self.value()?;
                    Piece::Revision(uid, fingerprint, name)
                }
                other => return error(format!("an unknown piece {other}")),
            };
            reading.assembly.add(piece);
            reading.read += 1;
        }
        Ok(())
    }

    /// Whether everything written was read.
    pub fn is_at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, TransferError> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or(TransferError("cut short".into()))?;
        self.at += 1;
        Ok(byte)
    }

    fn uint(&mut self) -> Result<u128, TransferError> {
        let mut value = 0u128;
        for shift in (0..128).step_by(7) {
            let byte = self.byte()?;
            value |= u128::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        error("a number too long")
    }

    fn length(&mut self) -> Result<usize, TransferError> {
        let length = usize::try_from(self.uint()?).or(error("a length out of range"))?;
        // Every element takes at least a byte: a larger count is a corrupt buffer, and
        // reserving for it would exhaust memory.
        if length > self.bytes.len() - self.at {
            return error("a length past the end");
        }
        Ok(length)
    }

    fn text(&mut self) -> Result<String, TransferError> {
        let length = self.length()?;
        let bytes = &self.bytes[self.at..self.at + length];
        self.at += length;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => error("text that is not UTF-8"),
        }
    }

    fn node(&mut self, depth: usize) -> Result<Node, TransferError> {
        if depth > MAX_DEPTH {
            return error("nested too deep");
        }
        let kind = match self.byte()? {
            NULL => NodeKind::Null,
            FALSE => NodeKind::Bool(false),
            TRUE => NodeKind::Bool(true),
            INT => {
                let zigzag = self.uint()?;
                NodeKind::Int(((zigzag >> 1) as i128) ^ -((zigzag & 1) as i128))
            }
            FLOAT => {
                let end = self.at + 8;
                let bytes: [u8; 8] = match self.bytes.get(self.at..end) {
                    Some(b) => b.try_into().or(error("cut short"))?,
                    None => return error("cut short"),
                };
                self.at = end;
                NodeKind::Float(f64::from_le_bytes(bytes))
            }
            STR => NodeKind::Str(self.text()?),
            SEQ => {
                let count = self.length()?;
                let mut items = Vec::with_capacity(count);
                for _ in 0..count {
                    items.push(self.node(depth + 1)?);
                }
                NodeKind::Seq(items)
            }
            MAP => {
                let count = self.length()?;
                let mut entries = Vec::with_capacity(count);
                for _ in 0..count {
                    let key = self.text()?;
                    let value = self.node(depth + 1)?;
                    entries.push(Entry {
                        key,
                        key_at: Default::default(),
                        value,
                    });
                }
                NodeKind::Map(entries)
            }
            other => return error(format!("an unknown node {other}")),
        };
        Ok(Node::new(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pv_engine::generate::{random_cluster, workload_cluster};

    fn round_trip(cluster: &Cluster, budget: usize) -> Cluster {
        let mut encoder = Encoder::new();
        encoder.value("before");
        let mut cursor = encoder.start_cluster(cluster);
        while !encoder.write_pieces(cluster, &mut cursor, budget) {}
        encoder.value(&(3usize, true));
        let mut decoder = Decoder::new(encoder.finish());
        assert_eq!(decoder.value::<String>().unwrap(), "before");
        let mut reading = decoder.start_cluster().unwrap();
        let mut steps = 0;
        while !reading.is_done() {
            decoder.read_pieces(&mut reading, budget).unwrap();
            steps += 1;
        }
        let (read, total) = reading.progress();
        assert_eq!(read, total);
        assert_eq!(
            steps,
            total.div_ceil(budget),
            "at most {budget} pieces a step"
        );
        assert_eq!(decoder.value::<(usize, bool)>().unwrap(), (3, true));
        assert!(decoder.is_at_end());
        reading.finish()
    }

    #[test]
    fn a_cluster_sent_as_bytes_is_read_back_equal_in_steps() {
        for mut cluster in [
            random_cluster(200, 200, 3),
            workload_cluster(300, 2),
            Cluster::new(),
        ] {
            assert_eq!(round_trip(&cluster, 7), cluster);
            cluster.settle();
            assert_eq!(round_trip(&cluster, 1000), cluster);
        }
    }

    /// Every kind of object and every part of the cluster's memory: workloads, an expansion
    /// waiting for its pod, an owner absent from the import, StatefulSet revisions, a
    /// deleted volume, events with their report marks.
    fn cluster_with_every_part() -> Cluster {
        let set = pv_fixtures::manifests::web_stateful_set("shop", 2, "{}", Some("fast"));
        let manifests = format!(
            "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {{name: fast}}
provisioner: ebs.csi.aws.com
allowVolumeExpansion: true
---
apiVersion: v1
kind: Node
metadata: {{name: node-a}}
---
{set}---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app, namespace: shop}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: app}}}}
  template:
    metadata: {{labels: {{app: app}}}}
    spec: {{containers: [{{name: app, image: busybox}}]}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: idle, namespace: shop}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {{requests: {{storage: 1Gi}}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: gone, namespace: shop}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {{requests: {{storage: 1Gi}}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: orphan
  namespace: shop
  uid: 6f1c0c1e-0000-4000-8000-000000000001
  ownerReferences:
  - {{apiVersion: apps/v1, kind: ReplicaSet, name: elsewhere, uid: 6f1c0c1e-0000-4000-8000-0000000000aa, controller: true}}
spec:
  nodeName: node-a
  containers: [{{name: c, image: busybox}}]
"
        );
        let parsed = manifest::parse(&manifests);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let mut cluster = Cluster::new();
        cluster.import(parsed.into_objects()).expect("imported");
        cluster.settle();
        let mut idle = cluster.claim("shop", "idle").expect("idle").clone();
        idle.spec.resources.requests.insert(
            "storage".into(),
            pv_engine::quantity::Quantity::parse("2Gi").unwrap(),
        );
        cluster.tick();
        cluster
            .replace(
                pv_engine::objects::Object::PersistentVolumeClaim(idle),
                pv_engine::Finalizers::Keep,
            )
            .expect("expanded");
        let gone = pv_engine::objects::ObjectKey::new(
            pv_engine::objects::Kind::PersistentVolumeClaim,
            Some("shop"),
            "gone",
        );
        cluster.tick();
        cluster.delete(&gone).expect("deleted");
        cluster.settle();
        cluster
    }

    #[test]
    fn every_kind_and_every_part_of_a_cluster_travels() {
        use pv_engine::objects::Kind;
        let cluster = cluster_with_every_part();
        for kind in [Kind::StatefulSet, Kind::Deployment, Kind::ReplicaSet] {
            assert!(cluster.count_of(kind) > 0, "{kind:?}");
        }
        assert!(!cluster.deleted_volumes().is_empty());
        let mut seen = std::collections::HashSet::new();
        for piece in cluster.pieces() {
            seen.insert(std::mem::discriminant(&piece));
            if let Piece::Event(event) = &piece {
                assert!(event.reported > 0);
            }
        }
        let every = [
            Piece::Object(0, pv_engine::objects::Object::Node(Default::default())),
            Piece::Event(cluster.events().all()[0].clone()),
            Piece::ExpandRequest(Default::default(), "1".parse().unwrap()),
            Piece::UnverifiableOwner(String::new()),
            Piece::Revision(String::new(), 0, String::new()),
            Piece::DeletedVolume(cluster.deleted_volumes()[0].clone()),
        ];
        for piece in &every {
            assert!(seen.contains(&std::mem::discriminant(piece)), "{piece:?}");
        }
        // (Reservations, short-lived, are covered by pv_engine::parts' tests.)
        for budget in [1, 5, 1000] {
            let back = round_trip(&cluster, budget);
            assert_eq!(back, cluster);
            assert_eq!(back.events().mark(), cluster.events().mark());
        }
        // And it goes on the same way: the next settle changes both alike.
        let mut copy = round_trip(&cluster, 3);
        let mut original = cluster;
        for c in [&mut original, &mut copy] {
            c.tick();
            c.settle();
        }
        assert_eq!(copy, original);
    }

    #[test]
    fn numbers_and_text_of_every_size_survive() {
        let values: Vec<(i64, u64, f64, String)> = vec![
            (i64::MIN, u64::MAX, -0.5, String::new()),
            (-1, 0, 1e300, "é ✓ \u{10348}".into()),
            (i64::MAX, 127, 0.1, "x".repeat(300)),
        ];
        let mut encoder = Encoder::new();
        encoder.value(&values);
        let mut decoder = Decoder::new(encoder.finish());
        assert_eq!(
            decoder.value::<Vec<(i64, u64, f64, String)>>().unwrap(),
            values
        );
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let mut encoder = Encoder::new();
        let mut cluster = workload_cluster(40, 1);
        cluster.settle();
        encoder.cluster(&cluster);
        let bytes = encoder.finish();
        let read = |bytes: Vec<u8>| -> Result<Cluster, TransferError> {
            let mut decoder = Decoder::new(bytes);
            let mut reading = decoder.start_cluster()?;
            while !reading.is_done() {
                decoder.read_pieces(&mut reading, 10)?;
            }
            Ok(reading.finish())
        };
        for cut in (0..bytes.len()).step_by(97) {
            assert!(read(bytes[..cut].to_vec()).is_err(), "cut at {cut}");
        }
        let mut state = 0x9e37_79b9u32;
        for _ in 0..300 {
            let mut damaged = bytes.clone();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let at = state as usize % damaged.len();
                damaged[at] = (state >> 8) as u8;
            }
            let _ = read(damaged);
        }
        assert!(read(vec![0xff; 40]).is_err());
    }
}
