//! The built-in external provisioner (rule book §8.4–8.5): serves every provisioner name outside
//! `kubernetes.io/`, always succeeds, creates `pvc-<uid>` bound to its claim, refuses claims
//! with a selector, waits for a selected node on WaitForFirstConsumer classes, and deletes the
//! volumes it made once they are released with policy Delete.

use super::annotations as ann;
use super::classes::claim_class_or_empty;
use super::cluster::{claim_key, Cluster, NsName};
use super::events::{source, EventType};
use super::objects::*;
use super::pv_controller::claim_reference;
use crate::sort::CompactSort;

/// Why the provisioner refuses a claim with a selector (the external-provisioner library's
/// words).
pub fn selector_refusal(class: &str) -> String {
    format!(
        "failed to provision volume with StorageClass \"{class}\": claim Selector is not supported"
    )
}

/// Whether the built-in provisioner serves this provisioner name.
pub fn serves(provisioner: &str) -> bool {
    !provisioner.is_empty() && !provisioner.starts_with("kubernetes.io/")
}

impl Cluster {
    pub(super) fn sync_provisioner(&mut self) -> bool {
        let mut changed = false;
        // Only claims handed to a provisioner and not yet bound can need it.
        let waiting: Vec<NsName> = self
            .picked_claims(|c| {
                c.spec.volume_name.is_empty()
                    && c.metadata
                        .annotations
                        .contains_key(ann::STORAGE_PROVISIONER)
            })
            .into_iter()
            .map(|(key, _)| key.clone())
            .collect();
        for key in waiting {
            changed |= self.provision(&key);
        }
        changed | self.delete_released_volumes()
    }

    fn provision(&mut self, key: &NsName) -> bool {
        let Some(claim) = self.claims.get(key) else {
            return false;
        };
        let Some(provisioner) = claim
            .metadata
            .annotation(ann::STORAGE_PROVISIONER)
            .map(str::to_owned)
        else {
            return false;
        };
        if !serves(&provisioner)
            || !claim.spec.volume_name.is_empty()
            || claim.status.phase != ClaimPhase::Pending
            || claim.metadata.is_being_deleted()
        {
            return false;
        }
        let class_name = claim_class_or_empty(claim).to_owned();
        let Some(class) = self
            .classes
            .get(&class_name)
            .filter(|c| c.provisioner == provisioner)
        else {
            return false;
        };
        if class.is_wait_for_first_consumer()
            && claim.metadata.annotation(ann::SELECTED_NODE).is_none()
        {
            return false;
        }
        let pv_name = format!("pvc-{}", claim.metadata.uid);
        if self.volumes.contains_key(&pv_name) {
            return false;
        }
        let object = claim_key(claim);
        if claim.spec.selector.is_some() {
            let message = selector_refusal(&class_name);
            self.provisioner_event(&object, EventType::Warning, "ProvisioningFailed", message);
            return false;
        }
        let volume = provisioned_volume(&pv_name, claim, class, &provisioner);
        let message = format!("External provisioner is provisioning volume for claim \"{object}\"");
        self.provisioner_event(&object, EventType::Normal, "Provisioning", message);
        // Created through the API like any volume, so it gets a uid, a timestamp and the
        // pv-protection finalizer; the PV controller then binds the claim to it.
        match self.create(Object::PersistentVolume(volume)) {
            Ok(_) => {
                let message = format!("Successfully provisioned volume {pv_name}");
                self.provisioner_event(
                    &object,
                    EventType::Normal,
                    "ProvisioningSucceeded",
                    message,
                );
                true
            }
            Err(err) => {
                let message =
                    format!("failed to provision volume with StorageClass \"{class_name}\": {err}");
                self.provisioner_event(&object, EventType::Warning, "ProvisioningFailed", message);
                false
            }
        }
    }

    /// Records an event as the external provisioner.
    fn provisioner_event(
        &mut self,
        object: &ObjectKey,
        type_: EventType,
        reason: &str,
        message: String,
    ) {
        self.record(object, type_, source::EXTERNAL_PROVISIONER, reason, message);
    }

    /// Deletes the storage and the PV object of released volumes this provisioner made.
    fn delete_released_volumes(&mut self) -> bool {
        let mut doomed: Vec<ObjectKey> = self
            .volumes
            .values()
            .filter(|pv| {
                pv.status.phase == VolumePhase::Released
                    && pv.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete")
                    && pv
                        .metadata
                        .annotation(ann::PROVISIONED_BY)
                        .is_some_and(serves)
            })
            .map(|pv| super::cluster::volume_key(&pv.metadata.name))
            .collect();
        doomed.compact_sort();
        for key in &doomed {
            if let Some(pv) = self.volumes.get_mut(&key.name) {
                pv.metadata
                    .finalizers
                    .retain(|f| f != ann::EXTERNAL_PROVISIONER_FINALIZER);
            }
            // pv-protection lets a volume that is not Bound go at once.
            self.remove(key);
        }
        !doomed.is_empty()
    }
}

/// The CSI driver name of a provisioned volume: the provisioner's name where it is a valid
/// driver name (`ebs.csi.aws.com`), else the name with every character a driver name cannot
/// hold turned into `-` (`example.com/nfs` → `example.com-nfs`). The provisioner's own name
/// stays in the `pv.kubernetes.io/provisioned-by` annotation.
pub fn csi_driver_name(provisioner: &str) -> String {
    let name: String = provisioner
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '-') => c,
            _ => '-',
        })
        .collect();
    let trimmed = name.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut driver: String = trimmed.chars().take(63).collect();
    while driver.ends_with(['-', '.']) {
        driver.pop();
    }
    if driver.is_empty() {
        "provisioner".to_owned()
    } else {
        driver
    }
}

/// The volume the provisioner creates for `claim`: the request's size, the claim's modes and
/// volume mode, the class's reclaim policy (default Delete), mount options and allowed
/// topologies (as node affinity), already reserved for the claim.
fn provisioned_volume(
    name: &str,
    claim: &PersistentVolumeClaim,
    class: &StorageClass,
    provisioner: &str,
) -> PersistentVolume {
    let policy = class
        .reclaim_policy
        .clone()
        .unwrap_or_else(|| "Delete".into());
    let mut meta = ObjectMeta {
        name: name.to_owned(),
        ..Default::default()
    };
    meta.annotations
        .insert(ann::PROVISIONED_BY.into(), provisioner.to_owned());
    if policy == "Delete" {
        meta.finalizers
            .push(ann::EXTERNAL_PROVISIONER_FINALIZER.into());
    }
    let mut capacity = ResourceList::new();
    if let Some(request) = claim.spec.request() {
        capacity.insert(STORAGE.into(), request.clone());
    }
    let node_affinity = (!class.allowed_topologies.is_empty()).then(|| VolumeNodeAffinity {
        required: Some(NodeSelector {
            node_selector_terms: class
                .allowed_topologies
                .iter()
                .map(|term| NodeSelectorTerm {
                    match_expressions: term
                        .match_label_expressions
                        .iter()
                        .map(|e| NodeSelectorRequirement {
                            key: e.key.clone(),
                            operator: "In".into(),
                            values: e.values.clone(),
                        })
                        .collect(),
                    match_fields: Vec::new(),
                })
                .collect(),
        }),
    });
    PersistentVolume {
        metadata: meta,
        spec: PersistentVolumeSpec {
            capacity,
            access_modes: claim.spec.access_modes.clone(),
            claim_ref: Some(claim_reference(claim)),
            persistent_volume_reclaim_policy: Some(policy),
            storage_class_name: Some(claim_class_or_empty(claim).to_owned()),
            mount_options: class.mount_options.clone(),
            volume_mode: Some(
                VolumeMode::of(claim.spec.volume_mode.as_deref())
                    .as_str()
                    .to_owned(),
            ),
            node_affinity,
            csi: Some(CsiVolumeSource {
                driver: csi_driver_name(provisioner),
                volume_handle: name.to_owned(),
                ..Default::default()
            }),
            ..Default::default()
        },
        status: PersistentVolumeStatus::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_names_are_valid_dns_subdomains() {
        assert_eq!(csi_driver_name("ebs.csi.aws.com"), "ebs.csi.aws.com");
        assert_eq!(csi_driver_name("example.com/nfs"), "example.com-nfs");
        assert_eq!(
            csi_driver_name("K8s-Sigs.io/NFS_subdir"),
            "k8s-sigs.io-nfs-subdir"
        );
        assert_eq!(csi_driver_name("/"), "provisioner");
        for name in ["example.com/nfs", "a/b/c", &"x".repeat(80)] {
            let driver = csi_driver_name(name);
            assert!(
                crate::apimachinery::is_dns1123_subdomain(&driver).is_empty(),
                "{driver}"
            );
            assert!(driver.len() <= 63);
        }
    }
}
