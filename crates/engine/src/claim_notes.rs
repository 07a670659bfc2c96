//! What a claim's workload, owners and expansion add to its explanation
//! (`docs/kubernetes-rules.md` §17.3, §17.5, §17.6, §19, §20): which StatefulSet made it from
//! which template for which ordinal, why it outlived its pod after a scale-down, why its pod
//! does not exist yet, who will delete it, and where a resize stands or why it is stuck.

use super::cluster::Cluster;
use super::expansion::ExpansionState;
use super::objects::*;
use super::quantity::Quantity;
use super::statefulset::claim_origin;
use serde::Serialize;

/// One fact about a claim beyond its binding, with a sentence for people.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "note", rename_all = "camelCase")]
pub enum Note {
    /// Made by a StatefulSet from a claim template for one ordinal.
    #[serde(rename_all = "camelCase")]
    FromTemplate {
        set: String,
        template: String,
        ordinal: i32,
        pod: String,
    },
    /// Its pod was scaled away; the set's `whenScaled: Retain` keeps it for a later scale-up.
    #[serde(rename_all = "camelCase")]
    KeptAfterScaleDown {
        set: String,
        pod: String,
        replicas: i32,
        first: i32,
    },
    /// Its ordinal is in range but the pod is not created yet.
    #[serde(rename_all = "camelCase")]
    WaitsForPod {
        set: String,
        pod: String,
        /// The earlier pod an OrderedReady set waits for, if any.
        waiting_on: Option<String>,
    },
    /// An owner reference: the garbage collector deletes the claim once every owner is gone.
    #[serde(rename_all = "camelCase")]
    Owned {
        kind: String,
        owner: String,
        /// False when the owner is already gone (the collector is about to act).
        live: bool,
    },
    /// The request is larger than the capacity and nothing will expand the volume.
    #[serde(rename_all = "camelCase")]
    ResizeStuck {
        request: Quantity,
        capacity: Quantity,
        source: String,
    },
    /// The external resizer is expanding the volume.
    #[serde(rename_all = "camelCase")]
    Resizing { target: Quantity },
    /// The volume grew; the file system waits for a pod to mount the claim.
    #[serde(rename_all = "camelCase")]
    ResizeWaitsForPod {
        target: Quantity,
        capacity: Quantity,
        /// A pod that mounts the claim but is not running yet.
        pod: Option<String>,
    },
}

impl Note {
    /// The fact in a sentence, with what to do where something waits.
    pub fn text(&self) -> String {
        match self {
            Note::FromTemplate {
                set,
                template,
                ordinal,
                pod,
            } => format!(
                "Claim template {template} of StatefulSet {set}, ordinal {ordinal}: pod {pod} mounts it, and mounts it again whenever the pod is created again."
            ),
            Note::KeptAfterScaleDown {
                set,
                pod,
                replicas,
                first,
            } => {
                let range = match replicas {
                    0 => "no pod".to_owned(),
                    1 => format!("one pod (ordinal {first})"),
                    n => format!("{n} pods (ordinals {first}–{})", first + n - 1),
                };
                format!(
                    "Kept outside the set's ordinals: StatefulSet {set} now runs {range}, and its persistentVolumeClaimRetentionPolicy whenScaled: Retain never deletes a claim on scale-down, so the claim and its volume stay. When the set scales up far enough, {pod} mounts it again; delete the claim to free the volume."
                )
            }
            Note::WaitsForPod {
                set,
                pod,
                waiting_on,
            } => match waiting_on {
                Some(earlier) => format!(
                    "Waits for its pod: StatefulSet {set} is OrderedReady and creates {pod} only once {earlier} is Running and Ready."
                ),
                None => format!("Waits for its pod: StatefulSet {set} has not created {pod} yet."),
            },
            Note::Owned { kind, owner, live } => match (kind.as_str(), live) {
                (_, false) => format!(
                    "Its owner {kind} {owner} is gone: the garbage collector deletes this claim."
                ),
                ("StatefulSet", true) => format!(
                    "Owned by StatefulSet {owner} (whenDeleted: Delete): deleting the set deletes this claim, and the volume then follows its reclaim policy."
                ),
                ("Pod", true) => format!(
                    "Owned by pod {owner} (its StatefulSet's whenScaled: Delete, the pod being scaled away): the garbage collector deletes this claim once the pod is gone."
                ),
                _ => format!(
                    "Owned by {kind} {owner}: the garbage collector deletes this claim once its owners are gone."
                ),
            },
            Note::ResizeStuck {
                request,
                capacity,
                source,
            } => format!(
                "Asks for {request} but has {capacity}: nothing expands a {source} volume here (only a CSI driver's external resizer grows a volume), so the larger request waits. It cannot go back down to {capacity} (a request may only drop to a size above status.capacity, which would still wait): to give up, make the claim again at {capacity} and bind it to the same volume (Retain keeps the volume and its data meanwhile)."
            ),
            Note::Resizing { target } => format!(
                "Being expanded to {target}: the external resizer is resizing the volume (Resizing, ControllerResizeInProgress)."
            ),
            Note::ResizeWaitsForPod {
                target,
                capacity,
                pod,
            } => match pod {
                Some(pod) => format!(
                    "The volume grew to {target}; the claim shows {capacity} until its file system is expanded when pod {pod} starts on a node (FileSystemResizePending)."
                ),
                None => format!(
                    "The volume grew to {target}, but the claim shows {capacity} until a pod mounts it and kubelet expands the file system (FileSystemResizePending): start a pod that uses the claim."
                ),
            },
        }
    }
}

impl Cluster {
    /// The notes of a claim, in the order a reader needs them.
    pub fn claim_notes(&self, claim: &PersistentVolumeClaim) -> Vec<Note> {
        let mut notes = Vec::new();
        let namespace = claim.metadata.namespace.as_deref().unwrap_or("default");
        if let Some((set, template, ordinal)) = claim_origin(self, claim) {
            let set_name = set.metadata.namespaced_name();
            let pod = format!("{}-{ordinal}", set.metadata.name);
            notes.push(Note::FromTemplate {
                set: set_name.clone(),
                template,
                ordinal,
                pod: pod.clone(),
            });
            let start = set.spec.start_ordinal();
            let replicas = set.spec.replica_count();
            let in_range = ordinal >= start && ordinal < start.saturating_add(replicas);
            let pod_exists = self.pod(namespace, &pod).is_some();
            if !in_range && set.spec.retention().1 == RETAIN && !pod_exists {
                notes.push(Note::KeptAfterScaleDown {
                    set: set_name,
                    pod,
                    replicas,
                    first: start,
                });
            } else if in_range && !pod_exists {
                // An OrderedReady set waits for the first earlier pod that is not ready.
                let waiting_on = (!set.spec.is_parallel())
                    .then(|| {
                        (start..ordinal)
                            .map(|o| format!("{}-{o}", set.metadata.name))
                            .find(|name| {
                                self.pod(namespace, name)
                                    .is_none_or(|p| !p.is_running_and_ready())
                            })
                    })
                    .flatten();
                notes.push(Note::WaitsForPod {
                    set: set_name,
                    pod,
                    waiting_on,
                });
            }
        }
        for reference in &claim.metadata.owner_references {
            let owner_namespace = Kind::parse(&reference.kind)
                .filter(|k| k.is_namespaced())
                .map(|_| namespace);
            let live = Kind::parse(&reference.kind).is_none_or(|kind| {
                let key = ObjectKey::new(kind, owner_namespace, &reference.name);
                self.get(&key)
                    .is_some_and(|o| o.metadata().uid == reference.uid)
            });
            let owner = match owner_namespace {
                Some(ns) => format!("{ns}/{}", reference.name),
                None => reference.name.clone(),
            };
            notes.push(Note::Owned {
                kind: reference.kind.clone(),
                owner,
                live,
            });
        }
        let capacity = claim
            .status
            .capacity
            .get(STORAGE)
            .cloned()
            .unwrap_or_default();
        match self.expansion_state(claim) {
            Some(ExpansionState::NoResizer { source }) => notes.push(Note::ResizeStuck {
                request: claim.spec.request().cloned().unwrap_or_default(),
                capacity,
                source: source.to_owned(),
            }),
            Some(ExpansionState::Resizing { target }) => notes.push(Note::Resizing { target }),
            Some(ExpansionState::WaitingForPod { target }) => {
                let pod = self
                    .pods()
                    .find(|p| {
                        p.metadata.namespace.as_deref().unwrap_or("default") == namespace
                            && p.spec.claim_names().any(|c| c == claim.metadata.name)
                    })
                    .map(|p| p.metadata.name.clone());
                notes.push(Note::ResizeWaitsForPod {
                    target,
                    capacity,
                    pod,
                });
            }
            None => {}
        }
        notes
    }
}
