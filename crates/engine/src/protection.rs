//! The controllers that let objects go or stop pods at attach time: pvc-protection and
//! pv-protection (rule book §11) remove their finalizers when it is safe, and the attach/detach
//! controller's Multi-Attach check (§12) keeps a single-node volume on one node.

use super::annotations as ann;
use super::cluster::{volume_key, Cluster, NsName};
use super::events::{source, EventType};
use super::objects::*;
use crate::sort::CompactSort;
use std::collections::BTreeMap;

impl Cluster {
    pub(super) fn sync_protection(&mut self) -> bool {
        let mut changed = false;
        let mut claims: Vec<NsName> = self
            .claims
            .iter()
            .filter(|(_, c)| c.metadata.is_being_deleted())
            .map(|(k, _)| k.clone())
            .collect();
        claims.compact_sort();
        for key in claims {
            if !self.claim_used_by_scheduled_pod(&key) {
                changed |= self.release_finalizer(
                    &ObjectKey::new(Kind::PersistentVolumeClaim, Some(&key.0), &key.1),
                    ann::PVC_PROTECTION,
                );
            }
        }
        let mut volumes: Vec<String> = self
            .volumes
            .values()
            .filter(|pv| pv.metadata.is_being_deleted() && pv.status.phase != VolumePhase::Bound)
            .map(|pv| pv.metadata.name.clone())
            .collect();
        volumes.compact_sort();
        for name in volumes {
            changed |= self.release_finalizer(&volume_key(&name), ann::PV_PROTECTION);
        }
        changed
    }

    /// A pod "uses" a claim when it exists, is scheduled to a node (finished or not), and
    /// mounts it (`pvc_protection_controller.go`).
    fn claim_used_by_scheduled_pod(&self, claim: &NsName) -> bool {
        self.pods.iter().any(|((ns, _), pod)| {
            *ns == claim.0
                && !pod.spec.node_name.is_empty()
                && pod.spec.claim_names().any(|c| c == claim.1)
        })
    }

    /// Drops one finalizer of a Terminating object; with none left, the object goes.
    fn release_finalizer(&mut self, key: &ObjectKey, finalizer: &str) -> bool {
        let Some(mut object) = self.get(key) else {
            return false;
        };
        let meta = object.metadata_mut();
        let before = meta.finalizers.len();
        meta.finalizers.retain(|f| f != finalizer);
        if meta.finalizers.len() == before {
            return false;
        }
        if meta.finalizers.is_empty() {
            self.remove(key);
        } else {
            // Put the object back with the finalizer removed.
            match object {
                Object::PersistentVolume(pv) => {
                    self.volumes.insert(key.name.clone(), pv);
                }
                Object::PersistentVolumeClaim(claim) => {
                    self.claims
                        .insert((key.namespace.clone(), key.name.clone()), claim);
                }
                _ => {}
            }
        }
        true
    }

    /// The attach/detach controller: a volume that only allows one node (no ReadWriteMany or
    /// ReadOnlyMany) and needs attaching (CSI) is attached to the node of the first pod using
    /// it; a pod on another node gets a Multi-Attach error and stays ContainerCreating.
    /// Scheduled pods whose volumes all attached are Running.
    pub(super) fn sync_attach_detach(&mut self) -> bool {
        let mut attached: BTreeMap<String, (String, Vec<NsName>)> = BTreeMap::new();
        let mut changed = false;
        for key in self.in_creation_order(Kind::Pod) {
            let Some(pod) = self.pods.get(&key) else {
                continue;
            };
            if pod.spec.node_name.is_empty() || pod.is_terminated() {
                continue;
            }
            let node = pod.spec.node_name.clone();
            let mut blocked = Vec::new();
            for claim_name in pod.spec.claim_names() {
                let Some(claim) = self.claims.get(&(key.0.clone(), claim_name.to_owned())) else {
                    continue;
                };
                let Some(pv) = self.volumes.get(&claim.spec.volume_name) else {
                    continue;
                };
                let modes = AccessModes::from_strings(&pv.spec.access_modes);
                let multi_node = modes.contains(AccessMode::ReadWriteMany)
                    || modes.contains(AccessMode::ReadOnlyMany);
                if pv.spec.source_kind() != Some(SourceKind::Csi) || multi_node {
                    continue;
                }
                let entry = attached
                    .entry(pv.metadata.name.clone())
                    .or_insert_with(|| (node.clone(), Vec::new()));
                if entry.0 == node {
                    entry.1.push(key.clone());
                } else {
                    blocked.push((pv.metadata.name.clone(), entry.1.clone()));
                }
            }
            let object = ObjectKey::new(Kind::Pod, Some(&key.0), &key.1);
            for (volume, users) in &blocked {
                let same_namespace: Vec<&str> = users
                    .iter()
                    .filter(|u| u.0 == key.0)
                    .map(|u| u.1.as_str())
                    .collect();
                let detail = if same_namespace.is_empty() {
                    "Volume is already exclusively attached to one node and can't be attached to another".to_owned()
                } else {
                    format!(
                        "Volume is already used by pod(s) {}",
                        same_namespace.join(", ")
                    )
                };
                let message = format!("Multi-Attach error for volume \"{volume}\" {detail}");
                self.record(
                    &object,
                    EventType::Warning,
                    source::ATTACH_DETACH,
                    "FailedAttachVolume",
                    message,
                );
            }
            let phase = if blocked.is_empty() {
                "Running"
            } else {
                "Pending"
            };
            if let Some(pod) = self.pods.get_mut(&key) {
                if pod.status.phase.as_deref() != Some(phase) {
                    pod.status.phase = Some(phase.into());
                    changed = true;
                }
            }
        }
        changed
    }
}
