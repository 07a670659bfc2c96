//! The PV controller (`pv_controller.go`): claim sync (rule book §4), volume sync (§5), binding (§7),
//! reclaim (§10), and its side of default classes (§3.4) and provisioning (§8.2).

use super::annotations as ann;
use super::classes::{claim_class_or_empty, claim_has_class, default_class};
use super::cluster::{claim_in, claim_key, volume_key, ClaimMap, Cluster, NsName};
use super::events::{source, EventType};
use super::matching::{check_volume_satisfy_claim, ClaimView, VolumeIndex};
use super::objects::*;
use super::quantity::Quantity;
use crate::sort::CompactSort;

/// What happens to an unbound claim that no volume matched.
#[derive(Clone, Debug, PartialEq)]
pub enum Unmatched {
    /// WaitForFirstConsumer: the scheduler must choose a node first (these pods wait).
    WaitForConsumer { pods: Vec<String> },
    /// Class `""` (or none and no default): nothing will provision it.
    NoClass,
    /// The class names no StorageClass object.
    NoSuchClass { class: String },
    /// The class's provisioner is a `kubernetes.io/` name with no plugin.
    NoPlugin { provisioner: String },
    /// Handed to an external provisioner.
    External { class: String, provisioner: String },
}

impl Unmatched {
    /// The event reason the PV controller emits.
    pub fn reason(&self) -> &'static str {
        match self {
            Unmatched::WaitForConsumer { pods } if pods.is_empty() => "WaitForFirstConsumer",
            Unmatched::WaitForConsumer { .. } => "WaitForPodScheduled",
            Unmatched::NoClass => "FailedBinding",
            Unmatched::NoSuchClass { .. } | Unmatched::NoPlugin { .. } => "ProvisioningFailed",
            Unmatched::External { .. } => "ExternalProvisioning",
        }
    }

    /// The event message, in Kubernetes' words.
    pub fn message(&self) -> String {
        match self {
            Unmatched::WaitForConsumer { pods } => match pods.as_slice() {
                [] => "waiting for first consumer to be created before binding".into(),
                [one] => format!("waiting for pod {one} to be scheduled"),
                many => format!("waiting for pods {} to be scheduled", many.join(",")),
            },
            Unmatched::NoClass => NO_VOLUME_NO_CLASS.into(),
            Unmatched::NoSuchClass { class } => format!("storageclass.storage.k8s.io \"{class}\" not found"),
            Unmatched::NoPlugin { provisioner } => format!("no volume plugin matched name: {provisioner}"),
            Unmatched::External { provisioner, .. } => format!(
                "Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually \
                 by the system administrator. If volume creation is delayed, please verify that the provisioner \
                 is running and correctly registered."
            ),
        }
    }
}

/// The message of the event on a claim that nothing can satisfy and nothing will provision.
pub const NO_VOLUME_NO_CLASS: &str =
    "no persistent volumes available for this claim and no storage class is set";

impl Cluster {
    /// One pass of the PV controller: every volume, then every claim in creation order.
    pub(super) fn sync_pv_controller(&mut self) -> bool {
        let mut changed = false;
        // Most volumes are settled: find those that need work in one walk. A volume with no
        // bound claimRef only becomes Available, which depends on no other object and touches
        // none, so it is done in place; the rest are synced in name order (their events'
        // order).
        let mut unsettled: Vec<String> = Vec::new();
        for pv in self.volumes.values_mut() {
            if volume_settled(pv, &self.claims) {
                continue;
            }
            if bound_claim_ref(pv).is_none() {
                changed |= make_phase(pv, VolumePhase::Available, None);
            } else {
                unsettled.push(pv.metadata.name.clone());
            }
        }
        unsettled.compact_sort();
        for name in &unsettled {
            changed |= self.sync_volume(name);
        }
        let unsettled = self.picked_claims(|c| !self.claim_settled(c));
        // Only claims that look for a volume use the index, and only volumes reserved for
        // one of them can be its pre-bound match: a claim's sync never clears another's
        // volumeName, so no other claim comes to look during the pass.
        let mut looking: Vec<&str> = unsettled
            .iter()
            .filter(|(_, c)| {
                c.spec.volume_name.is_empty()
                    && !c.metadata.has_annotation(ann::BIND_COMPLETED, ann::YES)
            })
            .map(|(_, c)| c.metadata.name.as_str())
            .collect();
        looking.compact_sort();
        looking.dedup();
        let index = if looking.is_empty() {
            VolumeIndex::default()
        } else {
            VolumeIndex::build_for(self.volumes.values(), Some(&looking))
        };
        let unsettled: Vec<NsName> = unsettled.into_iter().map(|(key, _)| key.clone()).collect();
        for key in unsettled {
            changed |= self.sync_claim(&key, &index);
        }
        changed
    }

    /// Whether `sync_claim` would leave a claim as it is: bound, to a volume that points back
    /// at it and is Bound, with the volume's access modes in its status. (The capacity of a
    /// claim that is already Bound is not the PV controller's business, §19.)
    fn claim_settled(&self, claim: &PersistentVolumeClaim) -> bool {
        claim.status.phase == ClaimPhase::Bound
            && claim.metadata.has_annotation(ann::BIND_COMPLETED, ann::YES)
            && self.volumes.get(&claim.spec.volume_name).is_some_and(|pv| {
                pv.status.phase == VolumePhase::Bound
                    && pv.status.message.is_none()
                    && pv
                        .spec
                        .claim_ref
                        .as_ref()
                        .is_some_and(|r| r.uid == claim.metadata.uid && ref_points_to(r, claim))
                    && claim.status.access_modes.len()
                        == AccessModes::from_strings(&pv.spec.access_modes).len()
            })
    }

    /// Whether the claim's class names an existing WaitForFirstConsumer class.
    pub fn is_delay_binding(&self, claim: &PersistentVolumeClaim) -> bool {
        let class = claim_class_or_empty(claim);
        !class.is_empty()
            && self
                .classes
                .get(class)
                .is_some_and(StorageClass::is_wait_for_first_consumer)
    }

    fn sync_claim(&mut self, key: &NsName, index: &VolumeIndex) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        if claim.metadata.has_annotation(ann::BIND_COMPLETED, ann::YES) {
            self.sync_bound_claim(key)
        } else if claim.spec.volume_name.is_empty() {
            self.sync_unbound_claim(key, index)
        } else {
            self.sync_prebound_claim(key)
        }
    }

    /// §4.1 A: the claim does not care which volume.
    fn sync_unbound_claim(&mut self, key: &NsName, index: &VolumeIndex) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let delay = self.is_delay_binding(claim);
        let found = index.take_best_match(&self.volumes, &ClaimView::new(claim), delay);
        if let Some(pv_name) = found {
            return self.bind(&pv_name, key);
        }
        if self.assign_default_class(key) {
            return true;
        }
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let object = claim_key(claim);
        let class = claim_class_or_empty(claim).to_owned();
        let decision = self.unmatched(claim, &class);
        let (reason, message) = (decision.reason(), decision.message());
        match &decision {
            Unmatched::WaitForConsumer { .. } | Unmatched::NoClass => {
                self.controller_event(&object, EventType::Normal, reason, message);
                self.set_claim_phase(key, ClaimPhase::Pending)
            }
            Unmatched::NoSuchClass { .. } | Unmatched::NoPlugin { .. } => {
                self.controller_event(&object, EventType::Warning, reason, message);
                false
            }
            Unmatched::External { provisioner, .. } => {
                let changed = self.hand_to_provisioner(key, provisioner);
                self.controller_event(&object, EventType::Normal, reason, message);
                changed
            }
        }
    }

    /// What the PV controller does with an unbound claim no volume matched (§4.1 A4, §8.2),
    /// for the claim's class `class` (after any default was assigned). The sync acts on it
    /// and the explanations describe it, so the two cannot drift.
    pub(super) fn unmatched(&self, claim: &PersistentVolumeClaim, class: &str) -> Unmatched {
        let object = self.classes.get(class);
        let delay = object.is_some_and(StorageClass::is_wait_for_first_consumer);
        if delay && claim.metadata.annotation(ann::SELECTED_NODE).is_none() {
            return Unmatched::WaitForConsumer {
                pods: self.unscheduled_consumers(claim),
            };
        }
        if class.is_empty() {
            return Unmatched::NoClass;
        }
        let Some(object) = object else {
            return Unmatched::NoSuchClass {
                class: class.to_owned(),
            };
        };
        let provisioner = object.provisioner.clone();
        if provisioner.starts_with("kubernetes.io/") {
            Unmatched::NoPlugin { provisioner }
        } else {
            Unmatched::External {
                class: class.to_owned(),
                provisioner,
            }
        }
    }

    /// Unscheduled, unfinished pods of the claim's namespace that mount it
    /// (`findNonScheduledPodsByPVC`); a pod with `spec.nodeName` does not count.
    fn unscheduled_consumers(&self, claim: &PersistentVolumeClaim) -> Vec<String> {
        let namespace = super::cluster::ns_of(&claim.metadata);
        self.pods
            .iter()
            .filter(|((ns, _), pod)| {
                *ns == namespace
                    && pod.spec.node_name.is_empty()
                    && !pod.is_terminated()
                    && pod.spec.claim_names().any(|c| c == claim.metadata.name)
            })
            .map(|((_, name), _)| name.clone())
            .collect()
    }

    /// Annotates the claim with the provisioner that must act (§8.2).
    fn hand_to_provisioner(&mut self, key: &NsName, provisioner: &str) -> bool {
        let mut changed = false;
        if let Some(claim) = self.claims.get_mut(key) {
            for annotation in [ann::STORAGE_PROVISIONER, ann::BETA_STORAGE_PROVISIONER] {
                if claim.metadata.annotation(annotation) != Some(provisioner) {
                    claim
                        .metadata
                        .annotations
                        .insert(annotation.into(), provisioner.to_owned());
                    changed = true;
                }
            }
        }
        changed
    }

    /// §4.1 B: the user pre-bound the claim with `volumeName`.
    fn sync_prebound_claim(&mut self, key: &NsName) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let object = claim_key(claim);
        let Some(pv) = self.volumes.get(&claim.spec.volume_name) else {
            return self.set_claim_phase(key, ClaimPhase::Pending);
        };
        let refusal = match &pv.spec.claim_ref {
            None => check_volume_satisfy_claim(pv, claim).err().map(|reason| {
                let message = format!(
                    "Cannot bind to requested volume \"{}\": {reason}",
                    pv.metadata.name
                );
                ("VolumeMismatch", message)
            }),
            Some(r) if ref_points_to(r, claim) => None,
            Some(_) => {
                let message = format!(
                    "volume \"{}\" already bound to a different claim.",
                    pv.metadata.name
                );
                Some(("FailedBinding", message))
            }
        };
        let name = pv.metadata.name.clone();
        match refusal {
            None => self.bind(&name, key),
            Some((reason, message)) => {
                self.controller_event(&object, EventType::Warning, reason, message);
                self.set_claim_phase(key, ClaimPhase::Pending)
            }
        }
    }

    /// §4.2: the claim has been bound before.
    fn sync_bound_claim(&mut self, key: &NsName) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let object = claim_key(claim);
        if claim.spec.volume_name.is_empty() {
            return self.lose_claim(
                key,
                &object,
                "ClaimLost",
                "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!",
            );
        }
        let Some(pv) = self.volumes.get(&claim.spec.volume_name) else {
            return self.lose_claim(
                key,
                &object,
                "ClaimLost",
                "Bound claim has lost its PersistentVolume. Data on the volume is lost!",
            );
        };
        match &pv.spec.claim_ref {
            Some(r) if r.uid != claim.metadata.uid => self.lose_claim(
                key,
                &object,
                "ClaimMisbound",
                "Two claims are bound to the same volume, this one is bound incorrectly",
            ),
            _ => {
                let name = pv.metadata.name.clone();
                self.bind(&name, key)
            }
        }
    }

    /// Records an event as the PV controller (`persistentvolume-controller`).
    fn controller_event(
        &mut self,
        object: &ObjectKey,
        type_: EventType,
        reason: &str,
        message: impl Into<String>,
    ) {
        self.record(object, type_, source::PV_CONTROLLER, reason, message.into());
    }

    /// Phase Lost, with its warning only on the change (as upstream emits it).
    fn lose_claim(
        &mut self,
        key: &NsName,
        object: &ObjectKey,
        reason: &str,
        message: &str,
    ) -> bool {
        if self
            .claims
            .get(key)
            .is_none_or(|c| c.status.phase == ClaimPhase::Lost)
        {
            return false;
        }
        self.controller_event(object, EventType::Warning, reason, message);
        self.set_claim_phase(key, ClaimPhase::Lost)
    }

    /// §3.4: a class-less claim that nothing matched takes today's default class.
    fn assign_default_class(&mut self, key: &NsName) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        if claim_has_class(claim) {
            return false;
        }
        let Some(default) = default_class(self.classes.values()).map(|c| c.metadata.name.clone())
        else {
            return false;
        };
        if let Some(claim) = self.claims.get_mut(key) {
            claim.spec.storage_class_name = Some(default);
        }
        true
    }

    /// §7: binds both sides — the volume's claimRef and phase, then the claim's volumeName,
    /// annotations, phase, capacity and access modes (the volume's, not the request).
    pub(super) fn bind(&mut self, pv_name: &str, key: &NsName) -> bool {
        // The two maps are separate fields, so both objects can be borrowed at once.
        let (Some(pv), Some(claim)) = (self.volumes.get_mut(pv_name), self.claims.get_mut(key))
        else {
            return false;
        };
        let mut changed = false;
        let exact = pv
            .spec
            .claim_ref
            .as_ref()
            .is_some_and(|r| r.uid == claim.metadata.uid && ref_points_to(r, claim));
        if !exact {
            let was_pointing = pv
                .spec
                .claim_ref
                .as_ref()
                .is_some_and(|r| ref_points_to(r, claim));
            if !was_pointing {
                pv.metadata
                    .annotations
                    .insert(ann::BOUND_BY_CONTROLLER.into(), ann::YES.into());
            }
            pv.spec.claim_ref = Some(claim_reference(claim));
            changed = true;
        }
        if pv.status.phase != VolumePhase::Bound
            || pv.status.message.is_some()
            || pv.status.reason.is_some()
        {
            pv.status = PersistentVolumeStatus {
                phase: VolumePhase::Bound,
                ..Default::default()
            };
            changed = true;
        }
        if claim.spec.volume_name != pv_name {
            claim.spec.volume_name = pv_name.to_owned();
            claim
                .metadata
                .annotations
                .insert(ann::BOUND_BY_CONTROLLER.into(), ann::YES.into());
            changed = true;
        }
        if !claim.metadata.has_annotation(ann::BIND_COMPLETED, ann::YES) {
            claim
                .metadata
                .annotations
                .insert(ann::BIND_COMPLETED.into(), ann::YES.into());
            changed = true;
        }
        let modes = AccessModes::from_strings(&pv.spec.access_modes);
        let same_modes = claim.status.access_modes.len() == modes.len()
            && claim
                .status
                .access_modes
                .iter()
                .zip(modes.iter())
                .all(|(a, b)| a == b.as_str());
        if !same_modes {
            claim.status.access_modes = modes.iter().map(|m| m.as_str().to_owned()).collect();
            changed = true;
        }
        // `updateClaimStatus`: the capacity is written only when the claim becomes Bound, never
        // after (a claim being expanded reports its file system's size, §19); a volume an
        // expansion left waiting for the node gives its pre-resize size.
        if claim.status.phase != ClaimPhase::Bound {
            claim.status.phase = ClaimPhase::Bound;
            let pre_resize = pv
                .metadata
                .annotation(ann::PRE_RESIZE_CAPACITY)
                .map(|text| Quantity::parse(text).unwrap_or_default());
            match (pre_resize, pv.spec.storage()) {
                (Some(size), _) => {
                    claim.status.capacity.insert(STORAGE.to_owned(), size);
                }
                (None, Some(size)) if claim.status.capacity.get(STORAGE) != Some(size) => {
                    claim.status.capacity = pv.spec.capacity.clone();
                }
                _ => {}
            }
            changed = true;
        }
        changed
    }

    pub(super) fn set_claim_phase(&mut self, key: &NsName, phase: ClaimPhase) -> bool {
        match self.claims.get_mut(key) {
            Some(claim) if claim.status.phase != phase => {
                claim.status.phase = phase;
                true
            }
            _ => false,
        }
    }

    pub(super) fn set_volume_phase(
        &mut self,
        name: &str,
        phase: VolumePhase,
        message: Option<String>,
    ) -> bool {
        self.volumes
            .get_mut(name)
            .is_some_and(|pv| make_phase(pv, phase, message))
    }

    /// §5: the volume side.
    fn sync_volume(&mut self, name: &str) -> bool {
        let Some(pv) = self.volumes.get(name) else {
            return false;
        };
        let Some(claim_ref) = bound_claim_ref(pv) else {
            return self.set_volume_phase(name, VolumePhase::Available, None);
        };
        let claim = self
            .claim(&claim_ref.namespace, &claim_ref.name)
            .filter(|c| c.metadata.uid == claim_ref.uid);
        let Some(claim) = claim else {
            let mut changed = false;
            if !matches!(pv.status.phase, VolumePhase::Released | VolumePhase::Failed) {
                changed |= self.set_volume_phase(name, VolumePhase::Released, None);
            }
            return changed | self.reclaim(name);
        };
        if claim.spec.volume_name.is_empty() {
            if VolumeMode::of(pv.spec.volume_mode.as_deref())
                != VolumeMode::of(claim.spec.volume_mode.as_deref())
            {
                let claim_object = claim_key(claim);
                let on_volume = format!(
                    "Cannot bind PersistentVolume to requested PersistentVolumeClaim \"{}\" due to incompatible volumeMode.",
                    claim.metadata.name
                );
                let on_claim = format!(
                    "Cannot bind PersistentVolume \"{name}\" to requested PersistentVolumeClaim due to incompatible volumeMode."
                );
                self.controller_event(
                    &volume_key(name),
                    EventType::Warning,
                    "VolumeMismatch",
                    on_volume,
                );
                self.controller_event(
                    &claim_object,
                    EventType::Warning,
                    "VolumeMismatch",
                    on_claim,
                );
            }
            return false;
        }
        if claim.spec.volume_name == name {
            return self.set_volume_phase(name, VolumePhase::Bound, None);
        }
        // The claim is bound to another volume.
        let provisioned = pv.metadata.annotations.contains_key(ann::PROVISIONED_BY);
        let delete_policy = pv.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete");
        if provisioned && delete_policy {
            let mut changed = false;
            if !matches!(pv.status.phase, VolumePhase::Released | VolumePhase::Failed) {
                changed |= self.set_volume_phase(name, VolumePhase::Released, None);
            }
            return changed | self.reclaim(name);
        }
        self.unbind_volume(name);
        true
    }

    /// `unbindVolume`: a controller-bound volume forgets its claim; a user-reserved one keeps
    /// the reservation by name and loses only the uid. Either way it is Available again.
    fn unbind_volume(&mut self, name: &str) {
        if let Some(pv) = self.volumes.get_mut(name) {
            if pv
                .metadata
                .annotations
                .remove(ann::BOUND_BY_CONTROLLER)
                .is_some()
            {
                pv.spec.claim_ref = None;
            } else if let Some(r) = pv.spec.claim_ref.as_mut() {
                r.uid.clear();
            }
            pv.status.phase = VolumePhase::Available;
            pv.status.message = None;
        }
    }

    /// §10: what the reclaim policy does to a volume whose claim is gone.
    fn reclaim(&mut self, name: &str) -> bool {
        let Some(pv) = self.volumes.get(name) else {
            return false;
        };
        let object = volume_key(name);
        let policy = pv.spec.reclaim_policy().to_owned();
        let kind = pv.spec.source_kind();
        match ReclaimPolicy::parse(&policy) {
            Some(ReclaimPolicy::Retain) => false,
            Some(ReclaimPolicy::Delete) => {
                let external = pv
                    .metadata
                    .annotation(ann::PROVISIONED_BY)
                    .is_some_and(|p| !p.starts_with("kubernetes.io/"));
                if external || kind == Some(SourceKind::Csi) {
                    // An external deleter's job (the built-in provisioner, or the CSI driver's).
                    return false;
                }
                let message = format!(
                    "error getting deleter volume plugin for volume \"{name}\": no deletable volume plugin matched"
                );
                self.controller_event(
                    &object,
                    EventType::Warning,
                    "VolumeFailedDelete",
                    message.clone(),
                );
                self.set_volume_phase(name, VolumePhase::Failed, Some(message))
            }
            Some(ReclaimPolicy::Recycle) => {
                if !matches!(kind, Some(SourceKind::Nfs | SourceKind::HostPath)) {
                    let message = "No recycler plugin found for the volume!".to_owned();
                    self.controller_event(
                        &object,
                        EventType::Warning,
                        "VolumeFailedRecycle",
                        message.clone(),
                    );
                    return self.set_volume_phase(name, VolumePhase::Failed, Some(message));
                }
                let users = self.pods_using_claim_name(pv.spec.claim_ref.as_ref());
                if !users.is_empty() {
                    let message = format!("Volume is used by pods: {}", users.join(","));
                    self.controller_event(
                        &object,
                        EventType::Normal,
                        "VolumeFailedRecycle",
                        message,
                    );
                    return false;
                }
                self.controller_event(
                    &object,
                    EventType::Normal,
                    "VolumeRecycled",
                    "Volume recycled",
                );
                self.unbind_volume(name);
                true
            }
            None => {
                let message = "Volume has unrecognized PersistentVolumeReclaimPolicy".to_owned();
                self.controller_event(
                    &object,
                    EventType::Warning,
                    "VolumeUnknownReclaimPolicy",
                    message.clone(),
                );
                self.set_volume_phase(name, VolumePhase::Failed, Some(message))
            }
        }
    }

    /// Non-terminated pods that still reference the claim a volume was bound to, as `ns/name`.
    fn pods_using_claim_name(&self, claim_ref: Option<&ObjectReference>) -> Vec<String> {
        let Some(r) = claim_ref else {
            return Vec::new();
        };
        self.pods
            .iter()
            .filter(|((ns, _), pod)| {
                *ns == r.namespace
                    && !pod.is_terminated()
                    && pod.spec.claim_names().any(|c| c == r.name)
            })
            .map(|((ns, name), _)| format!("{ns}/{name}"))
            .collect()
    }
}

/// A volume's phase and message set; true when they were different.
fn make_phase(pv: &mut PersistentVolume, phase: VolumePhase, message: Option<String>) -> bool {
    let changed = pv.status.phase != phase || pv.status.message != message;
    if changed {
        pv.status.phase = phase;
        pv.status.message = message;
    }
    changed
}

/// The volume's claimRef if it is bound to a claim (has a uid), not merely reserved.
fn bound_claim_ref(pv: &PersistentVolume) -> Option<&ObjectReference> {
    pv.spec.claim_ref.as_ref().filter(|r| !r.uid.is_empty())
}

/// Whether `sync_volume` would leave this volume as it is: Available with no bound
/// claimRef, or Bound to a live claim that names it.
fn volume_settled(pv: &PersistentVolume, claims: &ClaimMap) -> bool {
    match bound_claim_ref(pv) {
        None => pv.status.phase == VolumePhase::Available && pv.status.message.is_none(),
        Some(r) => {
            pv.status.phase == VolumePhase::Bound
                && claim_in(claims, &r.namespace, &r.name).is_some_and(|c| {
                    c.metadata.uid == r.uid && c.spec.volume_name == pv.metadata.name
                })
        }
    }
}

/// The claimRef a binding writes: kind, namespace, name, uid, apiVersion.
pub(super) fn claim_reference(claim: &PersistentVolumeClaim) -> ObjectReference {
    ObjectReference {
        kind: "PersistentVolumeClaim".into(),
        namespace: super::cluster::ns_of(&claim.metadata),
        name: claim.metadata.name.clone(),
        uid: claim.metadata.uid.clone(),
        api_version: "v1".into(),
        resource_version: String::new(),
    }
}

/// `IsVolumeBoundToClaim`: same namespace and name, and the same uid if the ref has one.
pub(super) fn ref_points_to(r: &ObjectReference, claim: &PersistentVolumeClaim) -> bool {
    let namespace = claim.metadata.namespace.as_deref().unwrap_or_default();
    r.name == claim.metadata.name
        && r.namespace
            == if namespace.is_empty() {
                "default"
            } else {
                namespace
            }
        && (r.uid.is_empty() || r.uid == claim.metadata.uid)
}
