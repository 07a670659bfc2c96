//! The controllers that let objects go or stop pods at attach time: pvc-protection and
//! pv-protection (rule book §11) remove their finalizers when it is safe, and the attach/detach
//! controller's Multi-Attach check (§12) keeps a single-node volume on one node.

use super::annotations as ann;
use super::cluster::{volume_key, Cluster, NsName};
use super::events::{source, EventType};
use super::objects::*;
use super::time::Timestamp;
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
        self.claim_holders(&claim.0, &claim.1).next().is_some()
    }

    /// The pods that keep a claim from going while it is being deleted (pvc-protection's
    /// "in use"), by name, in name order.
    pub fn claim_holders<'a>(
        &'a self,
        namespace: &'a str,
        claim: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.pods
            .iter()
            .filter(move |((ns, _), pod)| {
                ns == namespace
                    && !pod.spec.node_name.is_empty()
                    && pod.spec.claim_names().any(|c| c == claim)
            })
            .map(|((_, name), _)| name.as_str())
    }

    /// Drops one finalizer of a Terminating object; with none left, the object goes.
    pub(super) fn release_finalizer(&mut self, key: &ObjectKey, finalizer: &str) -> bool {
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
            self.store(object);
        }
        true
    }

    /// The attach/detach controller's view: for every scheduled, unfinished pod (in creation
    /// order), the volumes it cannot attach because a single-node volume (no ReadWriteMany or
    /// ReadOnlyMany) that needs attaching (CSI) is already attached to another node, for the
    /// first pod (in creation order) that used it.
    pub fn multi_attach_conflicts(&self) -> Vec<MultiAttach> {
        let mut attached: BTreeMap<String, (String, Vec<NsName>)> = BTreeMap::new();
        let mut out = Vec::new();
        for key in self.creation_order(Kind::Pod) {
            let Some(pod) = self.pods.get(key) else {
                continue;
            };
            if pod.spec.node_name.is_empty() || pod.is_terminated() {
                continue;
            }
            let node = &pod.spec.node_name;
            let mut blocked = Vec::new();
            let mut volumes_ready = true;
            for claim_name in pod.spec.claim_names() {
                let Some(claim) = self.claims.get(&(key.0.clone(), claim_name.to_owned())) else {
                    volumes_ready = false;
                    continue;
                };
                let Some(pv) = self.volumes.get(&claim.spec.volume_name) else {
                    volumes_ready = false;
                    continue;
                };
                if claim.status.phase != ClaimPhase::Bound {
                    volumes_ready = false;
                }
                let modes = AccessModes::from_strings(&pv.spec.access_modes);
                let multi_node = modes.contains(AccessMode::ReadWriteMany)
                    || modes.contains(AccessMode::ReadOnlyMany);
                if pv.spec.source_kind() != Some(SourceKind::Csi) || multi_node {
                    continue;
                }
                let entry = attached
                    .entry(pv.metadata.name.clone())
                    .or_insert_with(|| (node.clone(), Vec::new()));
                if entry.0 == *node {
                    entry.1.push(key.clone());
                } else {
                    blocked.push(AttachRefused {
                        volume: pv.metadata.name.clone(),
                        claim: claim_name.to_owned(),
                        attached_to: entry.0.clone(),
                        users: entry.1.clone(),
                    });
                }
            }
            out.push(MultiAttach {
                pod: key.clone(),
                node: node.clone(),
                refused: blocked,
                volumes_ready,
            });
        }
        out
    }

    /// Records the Multi-Attach errors, then kubelet's part: a scheduled pod whose claims are
    /// all Bound to existing volumes that attached is `Running` and `Ready`; any other
    /// scheduled pod is `Pending` (ContainerCreating), not Ready (§12).
    pub(super) fn sync_attach_detach(&mut self) -> bool {
        let mut changed = false;
        let now = self.now;
        for MultiAttach {
            pod: key,
            refused,
            volumes_ready,
            ..
        } in self.multi_attach_conflicts()
        {
            let object = ObjectKey::new(Kind::Pod, Some(&key.0), &key.1);
            for refusal in &refused {
                let message = refusal.message(&key.0);
                self.record(
                    &object,
                    EventType::Warning,
                    source::ATTACH_DETACH,
                    "FailedAttachVolume",
                    message,
                );
            }
            let running = volumes_ready && refused.is_empty();
            if let Some(pod) = self.pods.get_mut(&key) {
                changed |= set_pod_running(pod, running, now);
            }
        }
        changed
    }
}

/// A scheduled pod and the volumes the attach/detach controller will not attach on its node.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiAttach {
    pub pod: NsName,
    pub node: String,
    pub refused: Vec<AttachRefused>,
    /// Whether every claim the pod names is Bound to a volume that exists.
    pub volumes_ready: bool,
}

/// One volume a pod cannot attach: where it is attached, and the pods using it there.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachRefused {
    pub volume: String,
    /// The pod's claim that is bound to the volume.
    pub claim: String,
    pub attached_to: String,
    pub users: Vec<NsName>,
}

impl AttachRefused {
    /// The FailedAttachVolume message for a pod of `namespace` (`generateVolumeMsg`, §12).
    pub fn message(&self, namespace: &str) -> String {
        let same_namespace: Vec<&str> = self
            .users
            .iter()
            .filter(|u| u.0 == namespace)
            .map(|u| u.1.as_str())
            .collect();
        let detail = if same_namespace.is_empty() {
            "Volume is already exclusively attached to one node and can't be attached to another"
                .to_owned()
        } else {
            format!(
                "Volume is already used by pod(s) {}",
                same_namespace.join(", ")
            )
        };
        format!("Multi-Attach error for volume \"{}\" {detail}", self.volume)
    }
}

/// kubelet's view of a scheduled pod: `Running` and `Ready` once its volumes are mounted,
/// `Pending` (ContainerCreating) and not Ready before. True when anything changed.
fn set_pod_running(pod: &mut Pod, running: bool, now: Timestamp) -> bool {
    let phase = if running { "Running" } else { "Pending" };
    let mut changed = false;
    if pod.status.phase.as_deref() != Some(phase) {
        pod.status.phase = Some(phase.into());
        changed = true;
    }
    changed |= pod
        .status
        .set_condition("PodScheduled", "True", "", "", now);
    let (ready, reason) = if running {
        ("True", "")
    } else {
        ("False", "ContainersNotReady")
    };
    changed |= pod.status.set_condition("Ready", ready, reason, "", now);
    changed
}
