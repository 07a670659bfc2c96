//! Volume expansion after the API server accepted a larger request (`docs/kubernetes-rules.md`
//! §19): the expand controller's `ExternalExpanding` (§19.3), the built-in external resizer of
//! every CSI driver (§19.4: `Resizing`, the PV's new capacity, `FileSystemResizePending`,
//! `allocatedResources` and `allocatedResourceStatuses`), and kubelet's node expansion for a
//! running pod that mounts the claim (§19.5).
//!
//! Simulator choices (`docs/scenarios.md`): the resizer's work takes two passes — marking the
//! claim `ControllerResizeInProgress`, then expanding — so the `Resizing` state can be seen;
//! the driver always succeeds with exactly the size asked and always needs node expansion;
//! there are no failures and no recovery; kubelet expands on the first pass a `Running` pod
//! on a node mounts the claim.

use super::annotations as ann;
use super::cluster::{claim_key, Cluster, NsName};
use super::events::{source, EventType};
use super::objects::*;
use super::quantity::Quantity;
use super::time::Timestamp;
use crate::sort::CompactSort;

/// Condition types and resize states of `kubernetes/api` `core/v1/types.go`.
pub const RESIZING: &str = "Resizing";
pub const FILE_SYSTEM_RESIZE_PENDING: &str = "FileSystemResizePending";
pub const CONTROLLER_RESIZE_IN_PROGRESS: &str = "ControllerResizeInProgress";
pub const NODE_RESIZE_PENDING: &str = "NodeResizePending";
pub const NODE_RESIZE_IN_PROGRESS: &str = "NodeResizeInProgress";

/// The message of the `FileSystemResizePending` condition (`markForPendingNodeExpansion`).
pub const WAITING_FOR_POD: &str =
    "Waiting for user to (re-)start a pod to finish file system resize of volume on node.";
/// The expand controller's event for a volume no in-tree plugin expands.
pub const WAITING_FOR_EXTERNAL: &str = "waiting for an external controller to expand this PVC";

/// Where an expansion of a claim stands, as a learner would ask about it.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpansionState {
    /// The request is larger than the capacity, but nothing serves this volume: only CSI
    /// volumes are expanded (the volume's source is named).
    NoResizer { source: &'static str },
    /// The resizer is working on the volume (`ControllerResizeInProgress`).
    Resizing { target: Quantity },
    /// The volume grew; the file system waits for a pod to mount it (`NodeResizePending`).
    WaitingForPod { target: Quantity },
}

/// The claim's request when it asks for more than its status shows, i.e. an expansion to do.
fn growth(claim: &PersistentVolumeClaim) -> Option<&Quantity> {
    if claim.status.phase != ClaimPhase::Bound || claim.spec.volume_name.is_empty() {
        return None;
    }
    let request = claim.spec.request()?;
    claim
        .status
        .capacity
        .get(STORAGE)
        .is_none_or(|capacity| request > capacity)
        .then_some(request)
}

/// Whether the volume is bound to exactly this claim (namespace and uid), as both the expand
/// controller and the resizer check.
fn bound_to(pv: &PersistentVolume, claim: &PersistentVolumeClaim) -> bool {
    pv.spec.claim_ref.as_ref().is_some_and(|r| {
        r.namespace == claim.metadata.namespace.as_deref().unwrap_or("default")
            && r.uid == claim.metadata.uid
    })
}

/// Sets a condition of this type as the resizer's `MergeResizeConditionsOfPVC` does: the
/// other resize conditions go (`FileSystemResizePending` replaces `Resizing`), conditions of
/// other kinds stay.
fn put_condition(
    conditions: &mut Vec<PersistentVolumeClaimCondition>,
    type_: &str,
    message: &str,
    now: Timestamp,
) {
    let condition = PersistentVolumeClaimCondition {
        type_: type_.to_owned(),
        status: "True".to_owned(),
        last_probe_time: None,
        last_transition_time: Some(now),
        reason: String::new(),
        message: message.to_owned(),
    };
    conditions.retain(|c| !is_resize_condition(c) || c.type_ == type_);
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(existing) => *existing = condition,
        None => conditions.push(condition),
    }
}

/// The resize conditions the resizer and kubelet manage.
fn is_resize_condition(condition: &PersistentVolumeClaimCondition) -> bool {
    condition.type_ == RESIZING || condition.type_ == FILE_SYSTEM_RESIZE_PENDING
}

impl Cluster {
    /// One pass of the expansion components, in the order they act on one claim.
    pub(super) fn sync_expansion(&mut self) -> bool {
        // Most claims are at rest: one cheap look at each, straight from the store; only the
        // few with work are put in creation order.
        let mut candidates: Vec<(u64, NsName)> = self
            .claims
            .iter()
            .filter(|(_, claim)| {
                !claim.status.allocated_resource_statuses.is_empty() || growth(claim).is_some()
            })
            .map(|(key, _)| {
                let object = ObjectKey::new(Kind::PersistentVolumeClaim, Some(&key.0), &key.1);
                (
                    self.order.get(&object).copied().unwrap_or(u64::MAX),
                    key.clone(),
                )
            })
            .collect();
        candidates.compact_sort();
        let candidates: Vec<NsName> = candidates.into_iter().map(|(_, key)| key).collect();
        let mut changed = self.forget_pre_resize_capacity();
        for key in &candidates {
            self.expand_controller(key);
            changed |= self.external_resizer(key);
            changed |= self.node_expansion(key);
        }
        changed
    }

    /// §19.3: a claim that asks for more gets `ExternalExpanding`, once per new request (the
    /// controller syncs on the claim's update, not on every resync).
    fn expand_controller(&mut self, key: &NsName) {
        let Some(claim) = self.claims.get(key) else {
            return;
        };
        let Some(request) = growth(claim).cloned() else {
            return;
        };
        if !self
            .volumes
            .get(&claim.spec.volume_name)
            .is_some_and(|pv| bound_to(pv, claim))
        {
            return;
        }
        if self.expand_requests.get(key) == Some(&request) {
            return;
        }
        let object = claim_key(claim);
        self.expand_requests.insert(key.clone(), request);
        // KCM registers no expandable plugin for the volumes simulated here, so the lookup
        // fails and the event is a Warning, as real clusters show it.
        self.record(
            &object,
            EventType::Warning,
            source::VOLUME_EXPAND,
            "ExternalExpanding",
            WAITING_FOR_EXTERNAL.to_owned(),
        );
    }

    /// §19.4 `expandAndRecover` without failures: mark the claim in progress, then (next pass)
    /// expand the volume and wait for the node.
    fn external_resizer(&mut self, key: &NsName) -> bool {
        let now = self.now;
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let Some(request) = growth(claim).cloned() else {
            return false;
        };
        let Some(pv) = self.volumes.get(&claim.spec.volume_name) else {
            return false;
        };
        let Some(driver) = pv.spec.csi.as_ref().map(|csi| csi.driver.clone()) else {
            return false;
        };
        if !bound_to(pv, claim) {
            return false;
        }
        let pv_size = pv.spec.storage().cloned().unwrap_or_default();
        let status = claim
            .status
            .allocated_resource_statuses
            .get(STORAGE)
            .map(String::as_str);
        let allocated = claim.status.allocated_resources.get(STORAGE).cloned();
        let node_side = matches!(status, Some(NODE_RESIZE_PENDING | NODE_RESIZE_IN_PROGRESS));
        let target = if pv_size < request {
            match status {
                Some(NODE_RESIZE_PENDING | NODE_RESIZE_IN_PROGRESS) => {
                    let target = allocated.unwrap_or_else(|| request.clone());
                    if pv_size >= target {
                        return false;
                    }
                    target
                }
                Some(CONTROLLER_RESIZE_IN_PROGRESS) => allocated.unwrap_or_else(|| request.clone()),
                _ => request.clone(),
            }
        } else if node_side {
            return false;
        } else {
            match (status, allocated) {
                (_, Some(allocated)) => allocated,
                (None, None) if claim.status.condition(FILE_SYSTEM_RESIZE_PENDING).is_some() => {
                    return false
                }
                _ => request.clone(),
            }
        };
        let pv_name = pv.metadata.name.clone();
        let object = claim_key(claim);
        let in_progress = status == Some(CONTROLLER_RESIZE_IN_PROGRESS)
            && claim.status.allocated_resources.get(STORAGE) == Some(&target);
        let resizer = source::external_resizer(&driver);
        if !in_progress {
            // `markControllerResizeInProgress`.
            if let Some(claim) = self.claims.get_mut(key) {
                put_condition(&mut claim.status.conditions, RESIZING, "", now);
                claim
                    .status
                    .allocated_resource_statuses
                    .insert(STORAGE.to_owned(), CONTROLLER_RESIZE_IN_PROGRESS.to_owned());
                claim
                    .status
                    .allocated_resources
                    .insert(STORAGE.to_owned(), target);
                claim
                    .metadata
                    .annotations
                    .remove(ann::NODE_EXPANSION_NOT_REQUIRED);
            }
            self.record(
                &object,
                EventType::Normal,
                resizer,
                "Resizing",
                format!("External resizer is resizing volume {pv_name}"),
            );
            return true;
        }
        // ControllerExpandVolume succeeded with exactly the target; the PV records the size
        // the claim had before, for the PV controller (`updatePVCapacity`).
        let old_size = claim
            .status
            .capacity
            .get(STORAGE)
            .map(ToString::to_string)
            .unwrap_or_else(|| "0".to_owned());
        if let Some(pv) = self.volumes.get_mut(&pv_name) {
            pv.spec
                .capacity
                .insert(STORAGE.to_owned(), Quantity::from_bytes(target.value()));
            pv.metadata
                .annotations
                .entry(ann::PRE_RESIZE_CAPACITY.to_owned())
                .or_insert(old_size);
        }
        // `markForPendingNodeExpansion`.
        if let Some(claim) = self.claims.get_mut(key) {
            put_condition(
                &mut claim.status.conditions,
                FILE_SYSTEM_RESIZE_PENDING,
                WAITING_FOR_POD,
                now,
            );
            claim
                .metadata
                .annotations
                .remove(ann::NODE_EXPANSION_NOT_REQUIRED);
            claim
                .status
                .allocated_resource_statuses
                .insert(STORAGE.to_owned(), NODE_RESIZE_PENDING.to_owned());
        }
        self.record(
            &object,
            EventType::Normal,
            source::external_resizer(&driver),
            "FileSystemResizeRequired",
            "Require file system resize of volume on node".to_owned(),
        );
        true
    }

    /// §19.5: kubelet expands the file system when a running pod on a node mounts the claim,
    /// then reports the new capacity on the claim.
    fn node_expansion(&mut self, key: &NsName) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let pending = matches!(
            claim
                .status
                .allocated_resource_statuses
                .get(STORAGE)
                .map(String::as_str),
            Some(NODE_RESIZE_PENDING | NODE_RESIZE_IN_PROGRESS)
        );
        if !pending {
            return false;
        }
        let Some(pv) = self.volumes.get(&claim.spec.volume_name) else {
            return false;
        };
        let Some(new_size) = pv.spec.storage().cloned() else {
            return false;
        };
        let Some((pod_key, node)) = self.running_pod_mounting(key) else {
            return false;
        };
        let pv_name = pv.metadata.name.clone();
        let object = claim_key(claim);
        if let Some(claim) = self.claims.get_mut(key) {
            // `MarkFSResizeFinished`.
            claim.status.capacity.insert(STORAGE.to_owned(), new_size);
            claim.status.allocated_resource_statuses.remove(STORAGE);
            claim.status.conditions.retain(|c| !is_resize_condition(c));
        }
        let message =
            format!("MountVolume.NodeExpandVolume succeeded for volume \"{pv_name}\" {node}");
        let pod = ObjectKey::new(Kind::Pod, Some(&pod_key.0), &pod_key.1);
        self.record(
            &pod,
            EventType::Normal,
            source::KUBELET,
            "FileSystemResizeSuccessful",
            message.clone(),
        );
        self.record(
            &object,
            EventType::Normal,
            source::KUBELET,
            "FileSystemResizeSuccessful",
            message,
        );
        true
    }

    /// The first pod (in creation order) running on a node with this claim among its volumes.
    fn running_pod_mounting(&self, claim: &NsName) -> Option<(NsName, String)> {
        self.creation_order(Kind::Pod).find_map(|key| {
            let pod = self.pods.get(key)?;
            (key.0 == claim.0
                && !pod.spec.node_name.is_empty()
                && !pod.metadata.is_being_deleted()
                && pod.status.phase.as_deref() == Some("Running")
                && pod.spec.claim_names().any(|c| c == claim.1))
            .then(|| (key.clone(), pod.spec.node_name.clone()))
        })
    }

    /// The resizer removes `pre-resize-capacity` from a volume once its claim's capacity has
    /// caught up (`isNodeExpandComplete`).
    fn forget_pre_resize_capacity(&mut self) -> bool {
        let mut done: Vec<String> = Vec::new();
        for pv in self.volumes.values() {
            if !pv
                .metadata
                .annotations
                .contains_key(ann::PRE_RESIZE_CAPACITY)
            {
                continue;
            }
            let Some(reference) = &pv.spec.claim_ref else {
                continue;
            };
            let Some(claim) = self.claim(&reference.namespace, &reference.name) else {
                continue;
            };
            let caught_up = match (claim.status.capacity.get(STORAGE), pv.spec.storage()) {
                (Some(claim_size), Some(pv_size)) => claim_size >= pv_size,
                _ => false,
            };
            if caught_up && claim.metadata.uid == reference.uid {
                done.push(pv.metadata.name.clone());
            }
        }
        for name in &done {
            if let Some(pv) = self.volumes.get_mut(name) {
                pv.metadata.annotations.remove(ann::PRE_RESIZE_CAPACITY);
            }
        }
        !done.is_empty()
    }

    /// Where the expansion of a claim stands, when one is under way or cannot start.
    pub fn expansion_state(&self, claim: &PersistentVolumeClaim) -> Option<ExpansionState> {
        let status = claim
            .status
            .allocated_resource_statuses
            .get(STORAGE)
            .map(String::as_str);
        let target = claim
            .status
            .allocated_resources
            .get(STORAGE)
            .cloned()
            .or_else(|| claim.spec.request().cloned())
            .unwrap_or_default();
        match status {
            Some(CONTROLLER_RESIZE_IN_PROGRESS) => Some(ExpansionState::Resizing { target }),
            Some(NODE_RESIZE_PENDING | NODE_RESIZE_IN_PROGRESS) => {
                Some(ExpansionState::WaitingForPod { target })
            }
            _ => {
                growth(claim)?;
                let pv = self.volumes.get(&claim.spec.volume_name)?;
                match pv.spec.sources().first() {
                    Some((_, SourceKind::Csi)) => None,
                    Some((name, _)) => Some(ExpansionState::NoResizer { source: name }),
                    None => None,
                }
            }
        }
    }
}
