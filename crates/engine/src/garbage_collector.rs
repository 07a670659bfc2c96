//! The garbage collector (`docs/kubernetes-rules.md` §20, `gc` `attemptToDeleteItem`,
//! `processDeletingDependentsItem`, `attemptToOrphanWorker`): objects whose owners are all gone
//! are deleted, dangling references next to a live owner are removed, and owners deleted in the
//! foreground or with orphaning wait for their dependents.
//!
//! Simulator choices (`docs/scenarios.md`): the collector runs once per pass; an owner
//! reference to a kind the simulator does not model (a Job, a custom resource) counts as a live
//! owner, since nothing here can say it is gone, and so does an owner an imported dump names
//! but does not contain; no events are recorded.

use super::annotations as ann;
use super::cluster::{ApiError, Cluster, NsName};
use super::objects::*;
use crate::sort::CompactSort;
use std::collections::HashMap;

/// How the dependents of a deleted object are treated (`kubectl delete --cascade=…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Propagation {
    /// The owner goes at once; the collector then deletes its dependents (kubectl's default).
    Background,
    /// The owner waits, Terminating, until its blocking dependents are gone.
    Foreground,
    /// The dependents lose their reference to the owner and stay.
    Orphan,
}

impl Propagation {
    /// kubectl's `--cascade` values.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "background" => Some(Propagation::Background),
            "foreground" => Some(Propagation::Foreground),
            "orphan" => Some(Propagation::Orphan),
            _ => None,
        }
    }
}

/// What an owner reference points at, for the collector.
enum Owner {
    /// The live object with that uid.
    Solid,
    /// Live, with that uid, and being deleted in the foreground.
    Waiting,
    /// Absent, or present with another uid.
    Dangling,
}

/// The kind an owner reference names, when the simulator models it (same kind and API group).
pub(crate) fn owner_kind(reference: &OwnerReference) -> Option<Kind> {
    let kind = Kind::parse(&reference.kind)?;
    let group = match reference.api_version.split_once('/') {
        Some((group, _)) => group,
        None => "",
    };
    (group == kind.group()).then_some(kind)
}

fn has_finalizer(meta: &ObjectMeta, name: &str) -> bool {
    meta.finalizers.iter().any(|f| f == name)
}

impl Cluster {
    /// Asks for deletion with a propagation policy. Background is [`Cluster::delete`];
    /// foreground and orphan add the collector's finalizer and mark the object Terminating.
    pub fn delete_with(
        &mut self,
        key: &ObjectKey,
        propagation: Propagation,
    ) -> Result<(), ApiError> {
        let finalizer = match propagation {
            Propagation::Background => return self.delete(key),
            Propagation::Foreground => ann::FOREGROUND_DELETION,
            Propagation::Orphan => ann::ORPHAN,
        };
        let Some(mut object) = self.get(key) else {
            return Err(ApiError::NotFound(key.clone()));
        };
        let now = self.now;
        let meta = object.metadata_mut();
        if !has_finalizer(meta, finalizer) {
            meta.finalizers.push(finalizer.to_owned());
        }
        meta.deletion_timestamp.get_or_insert(now);
        self.store(object);
        Ok(())
    }

    /// One pass of the collector; true when it changed or deleted anything.
    pub(super) fn sync_garbage_collector(&mut self) -> bool {
        // Everything the collector has business with, in creation order. Almost nothing has
        // owners in a cluster of hand-made claims and volumes: one look at each object's
        // metadata, straight from the stores.
        let concerned = |meta: &ObjectMeta| {
            !meta.owner_references.is_empty()
                || (meta.is_being_deleted()
                    && (has_finalizer(meta, ann::ORPHAN)
                        || has_finalizer(meta, ann::FOREGROUND_DELETION)))
        };
        let mut keys: Vec<ObjectKey> = Vec::new();
        self.for_each_metadata(|kind, meta| {
            if concerned(meta) {
                keys.push(ObjectKey::new(kind, meta.namespace.as_deref(), &meta.name));
            }
        });
        if keys.is_empty() {
            return false;
        }
        let mut ordered: Vec<(u64, Kind, NsName)> = keys
            .into_iter()
            .filter_map(|key| {
                let seq = *self.order.get(&key)?;
                Some((seq, key.kind, (key.namespace, key.name)))
            })
            .collect();
        ordered.compact_sort_by_key(|(seq, _, _)| *seq);
        let work: Vec<(Kind, NsName)> = ordered
            .into_iter()
            .map(|(_, kind, key)| (kind, key))
            .collect();
        if work.is_empty() {
            return false;
        }
        // Owner uid → its dependents, and whether each blocks a foreground deletion.
        let mut dependents: HashMap<String, Vec<(Kind, NsName, bool)>> = HashMap::new();
        for (kind, key) in &work {
            if let Some(meta) = self.metadata_of(*kind, key) {
                for reference in &meta.owner_references {
                    dependents.entry(reference.uid.clone()).or_default().push((
                        *kind,
                        key.clone(),
                        reference.block_owner_deletion == Some(true),
                    ));
                }
            }
        }
        let mut changed = false;
        for (kind, key) in &work {
            changed |= self.finish_owner(*kind, key, &dependents);
        }
        for (kind, key) in &work {
            changed |= self.attempt_to_delete(*kind, key, &dependents);
        }
        changed
    }

    /// An owner being deleted with orphaning or in the foreground: orphan its dependents, or
    /// wait until no blocking dependent is left; then its finalizer goes.
    fn finish_owner(
        &mut self,
        kind: Kind,
        key: &NsName,
        dependents: &HashMap<String, Vec<(Kind, NsName, bool)>>,
    ) -> bool {
        let Some(meta) = self.metadata_of(kind, key) else {
            return false;
        };
        if !meta.is_being_deleted() {
            return false;
        }
        let uid = meta.uid.clone();
        let object = ObjectKey::new(kind, Some(&key.0), &key.1);
        let own = dependents.get(&uid).map(Vec::as_slice).unwrap_or_default();
        if has_finalizer(meta, ann::ORPHAN) {
            for (dependent_kind, dependent, _) in own {
                if let Some(meta) = self.metadata_of_mut(*dependent_kind, dependent) {
                    meta.owner_references.retain(|r| r.uid != uid);
                }
            }
            return self.release_finalizer(&object, ann::ORPHAN);
        }
        if has_finalizer(meta, ann::FOREGROUND_DELETION) {
            let blocked = own.iter().any(|(dependent_kind, dependent, blocks)| {
                *blocks
                    && self
                        .metadata_of(*dependent_kind, dependent)
                        .is_some_and(|m| m.owner_references.iter().any(|r| r.uid == uid))
            });
            if !blocked {
                return self.release_finalizer(&object, ann::FOREGROUND_DELETION);
            }
        }
        false
    }

    /// `attemptToDeleteItem` for one dependent.
    fn attempt_to_delete(
        &mut self,
        kind: Kind,
        key: &NsName,
        dependents: &HashMap<String, Vec<(Kind, NsName, bool)>>,
    ) -> bool {
        let Some(meta) = self.metadata_of(kind, key) else {
            return false;
        };
        if meta.is_being_deleted() || meta.owner_references.is_empty() {
            return false;
        }
        let owners: Vec<Owner> = meta
            .owner_references
            .iter()
            .map(|reference| self.classify(kind, key, reference))
            .collect();
        let solid = owners.iter().any(|o| matches!(o, Owner::Solid));
        let waiting = owners.iter().any(|o| matches!(o, Owner::Waiting));
        let object = ObjectKey::new(kind, Some(&key.0), &key.1);
        if solid {
            if owners.iter().all(|o| matches!(o, Owner::Solid)) {
                return false;
            }
            // Keep the live owners, drop the rest.
            let mut keep = owners.iter().map(|o| matches!(o, Owner::Solid));
            if let Some(meta) = self.metadata_of_mut(kind, key) {
                meta.owner_references
                    .retain(|_| keep.next().unwrap_or(true));
            }
            return true;
        }
        let uid = meta.uid.clone();
        let has_dependents = dependents.get(&uid).is_some_and(|d| !d.is_empty());
        let propagation = if waiting && has_dependents {
            Propagation::Foreground
        } else if has_finalizer(meta, ann::ORPHAN) {
            Propagation::Orphan
        } else {
            Propagation::Background
        };
        self.delete_with(&object, propagation).is_ok()
    }

    fn classify(
        &self,
        dependent_kind: Kind,
        dependent: &NsName,
        reference: &OwnerReference,
    ) -> Owner {
        let Some(kind) = owner_kind(reference) else {
            return Owner::Solid;
        };
        if self.unverifiable_owners.contains(&reference.uid) {
            return Owner::Solid;
        }
        let namespace = if kind.is_namespaced() {
            if dependent_kind.is_namespaced() {
                dependent.0.clone()
            } else {
                // A namespaced owner cannot be found from a cluster-scoped dependent.
                return Owner::Dangling;
            }
        } else {
            String::new()
        };
        match self.metadata_of(kind, &(namespace, reference.name.clone())) {
            Some(owner) if owner.uid == reference.uid => {
                if owner.is_being_deleted() && has_finalizer(owner, ann::FOREGROUND_DELETION) {
                    Owner::Waiting
                } else {
                    Owner::Solid
                }
            }
            _ => Owner::Dangling,
        }
    }
}
