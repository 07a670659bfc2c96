//! What Diagnose says about one stuck object: the finding, Kubernetes' reason and message, the
//! evidence, the near misses and the fix. Plain data (serde both ways, so a worker thread can
//! hand it over), computed by `claims.rs`, `pods.rs` and `volumes.rs`.

use super::fix::Fix;
use pv_engine::objects::{Kind, ObjectKey};
use serde::{Deserialize, Serialize};

/// How much a verdict asks of the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Nothing in the cluster will change it: it needs the fix.
    Stuck,
    /// Kubernetes will act on its own (a controller's next pass, a provisioner at work, a pod
    /// yet to come): no change is needed.
    Waiting,
    /// Nothing is blocked, but something lies unused that nothing will use on its own (a
    /// Released volume kept by Retain, a volume no claim asks for).
    Idle,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Stuck => "stuck",
            Severity::Waiting => "waiting",
            Severity::Idle => "idle",
        }
    }
}

/// What Diagnose found, one kind per cause (the evidence and the fix carry the details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Finding {
    // Claims (Pending, Lost, Terminating).
    /// A volume fits: the PV controller binds it on its next pass.
    ClaimBindsNext {
        volume: String,
    },
    /// Handed to an external provisioner that has not created the volume yet.
    ClaimProvisioning {
        provisioner: String,
    },
    /// WaitForFirstConsumer and no pod mounts it yet.
    ClaimWaitsForConsumer,
    /// WaitForFirstConsumer, waiting for these pods to be scheduled.
    #[serde(rename_all = "camelCase")]
    ClaimWaitsForPods {
        pods: Vec<String>,
    },
    /// No volume fits and its class (`""`, or unset with no default) never provisions.
    ClaimNoClass,
    /// Its class names no StorageClass.
    ClaimNoSuchClass {
        class: String,
    },
    /// Its class's provisioner has no plugin (`kubernetes.io/no-provisioner`, an in-tree name).
    ClaimNoProvisioner {
        provisioner: String,
    },
    /// A selector on a claim whose class provisions: provisioners refuse selectors.
    ClaimSelectorRefused,
    /// `spec.volumeName` names a volume that does not exist.
    ClaimVolumeMissing {
        volume: String,
    },
    /// `spec.volumeName` names a volume bound or reserved for another claim.
    ClaimVolumeTaken {
        volume: String,
    },
    /// `spec.volumeName` names a volume that does not satisfy it.
    ClaimVolumeMismatch {
        volume: String,
    },
    /// Was bound; its volume is gone or bound to another claim.
    ClaimLost {
        volume: String,
    },
    /// Deleted, but kept by pvc-protection while these scheduled pods use it (or by other
    /// finalizers when none does).
    ClaimTerminating {
        holders: Vec<String>,
    },
    /// Bound, asking for more than it has, and nothing will expand its volume.
    #[serde(rename_all = "camelCase")]
    ClaimResizeStuck {
        request: String,
        capacity: String,
    },
    /// Bound; the external resizer is expanding its volume.
    ClaimResizing {
        target: String,
    },
    /// Bound; the volume grew and the file system waits for a pod to mount the claim.
    ClaimResizeWaitsForPod {
        pod: Option<String>,
    },
    /// Bound, outside its StatefulSet's ordinals after a scale-down, kept by `whenScaled:
    /// Retain` for a later scale-up.
    ClaimRetained {
        set: String,
    },
    // Pods that cannot start because of storage.
    PodClaimMissing {
        claim: String,
    },
    PodClaimDeleting {
        claim: String,
    },
    PodClaimLost {
        claim: String,
    },
    PodReadWriteOncePodInUse {
        claim: String,
        holder: String,
    },
    PodUnboundImmediate {
        claims: Vec<String>,
    },
    PodVolumeNodeConflict {
        claim: String,
        volume: String,
    },
    PodNoVolumeToBind {
        claims: Vec<String>,
    },
    PodMultiAttach {
        volume: String,
        node: String,
    },
    // Volumes.
    /// Released: its claim is gone (or was made again with a new uid), and Retain keeps it.
    VolumeReleased {
        claim: String,
    },
    /// Failed: its reclaim did not work.
    VolumeFailed,
    /// Available, and no claim in the dump asks for what it offers.
    VolumeUnclaimed,
}

/// The group a verdict is listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Group {
    Claims,
    Pods,
    Volumes,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Claims, Group::Pods, Group::Volumes];

    pub fn title(self) -> &'static str {
        match self {
            Group::Claims => "Claims",
            Group::Pods => "Pods",
            Group::Volumes => "Volumes",
        }
    }
}

/// The class a claim asks for, with `""` and unset kept apart: they are the crux of binding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "set", content = "name", rename_all = "camelCase")]
pub enum ClassRequest {
    /// No `storageClassName` (nil): admission gives it the default class, if there is one.
    Unset,
    /// `storageClassName: ""`: explicitly no class; binds class-less volumes, never provisioned.
    Empty,
    Named(String),
}

impl ClassRequest {
    /// As Diagnose writes it: `"fast"`, `""`, or `unset`.
    pub fn text(&self) -> String {
        match self {
            ClassRequest::Unset => "unset".into(),
            ClassRequest::Empty => "\"\"".into(),
            ClassRequest::Named(name) => format!("{name:?}"),
        }
    }

    /// The class string matching compares (unset reads as `""`).
    pub fn matched_as(&self) -> &str {
        match self {
            ClassRequest::Named(name) => name,
            ClassRequest::Unset | ClassRequest::Empty => "",
        }
    }
}

/// Which volume, if any, would end a Pending claim's wait.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fit", content = "value", rename_all = "camelCase")]
pub enum Fit {
    /// Passes every rule of the PV controller: its next pass binds it.
    Binds(String),
    /// The claim's class binds on first consumer: this volume passes every other rule, and the
    /// scheduler may pick it once a pod is placed on a node its affinity allows.
    Candidate(String),
    /// No volume fits; dynamic provisioning by this provisioner is the route (once a pod is
    /// placed, for a class that waits for the first consumer).
    #[serde(rename_all = "camelCase")]
    Provisioned {
        provisioner: String,
        after_scheduling: bool,
    },
    /// No volume fits and nothing will provision one.
    Nothing,
}

impl Fit {
    /// The fitting volume's name, if one fits.
    pub fn volume(&self) -> Option<&str> {
        match self {
            Fit::Binds(v) | Fit::Candidate(v) => Some(v),
            Fit::Provisioned { .. } | Fit::Nothing => None,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Fit::Binds(v) => format!("{v} (the PV controller binds it on its next pass)"),
            Fit::Candidate(v) => format!("{v} (the scheduler's candidate once a pod is placed)"),
            Fit::Provisioned {
                provisioner,
                after_scheduling: false,
            } => format!("none: dynamic provisioning by {provisioner}"),
            Fit::Provisioned { provisioner, .. } => {
                format!("none: dynamic provisioning by {provisioner} once a pod is placed")
            }
            Fit::Nothing => "none, and nothing provisions one".into(),
        }
    }
}

/// What a claim asks for, as the verdict shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimFacts {
    pub class: ClassRequest,
    /// `10Gi`, or empty without a request.
    pub request: String,
    /// `RWO,RWX`, kubectl's short names.
    pub access_modes: String,
    /// Its label selector as kubectl writes one (`tier=media`), if it has one.
    pub selector: Option<String>,
    /// The volume it names (`spec.volumeName`), or empty.
    pub volume_name: String,
    /// Its phase, or `Terminating`.
    pub status: String,
    /// Whether dynamic provisioning is the route, and why not when it is not.
    pub provisioning: String,
    /// For a claim still looking for a volume (Pending): the one that would fit, or how one
    /// would come. None for a claim that has one (Bound, Lost, being deleted).
    pub fit: Option<Fit>,
}

/// A volume that came close to fitting a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NearMiss {
    pub volume: String,
    /// The first rule it fails, in the words of the playground's "why not" list.
    pub reason: String,
    /// The other rules it fails, in the same words.
    pub also: Vec<String>,
    /// Whether a change to the volume alone makes it fit (the fix may be that change).
    pub fixable: bool,
}

/// One stuck (or waiting, or idle) object and what to do about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub subject: ObjectKey,
    pub severity: Severity,
    pub finding: Finding,
    /// The event reason Kubernetes records (`ProvisioningFailed`, `FailedScheduling`, …);
    /// empty where it records none.
    pub reason: String,
    /// Kubernetes' message, or what the state means where there is none.
    pub message: String,
    /// What the dump shows that led here, in sentences.
    pub evidence: Vec<String>,
    /// For a claim: what it asks for and its route.
    pub claim: Option<ClaimFacts>,
    /// For a claim no volume fits: the volumes that came closest, closest first.
    pub near_misses: Vec<NearMiss>,
    /// The smallest change that resolves it; None where nothing needs changing.
    pub fix: Option<Fix>,
    /// Seconds from the object's creation to the newest timestamp in the dump (the dump holds
    /// no clock).
    pub age_seconds: Option<i64>,
}

impl Verdict {
    pub fn group(&self) -> Group {
        match self.subject.kind {
            Kind::PersistentVolumeClaim => Group::Claims,
            Kind::Pod => Group::Pods,
            _ => Group::Volumes,
        }
    }

    /// What a verdict without a fix says instead: what it waits for, in words that do not
    /// promise Kubernetes acts when a person has to (a pod to start, a set to scale up).
    pub fn without_fix(&self) -> &'static str {
        match self.finding {
            Finding::ClaimResizeWaitsForPod { .. } => {
                "No change to the objects is needed: the resize finishes when a pod that mounts the claim starts."
            }
            Finding::ClaimWaitsForConsumer => {
                "No change to the objects is needed: the claim binds when a pod that mounts it is scheduled."
            }
            Finding::ClaimRetained { .. } => {
                "No change is needed: the claim and its volume stay until the set scales up again or you delete the claim."
            }
            _ => "No change is needed: Kubernetes gets there on its own.",
        }
    }

    /// `PVC shop/data`, `Pod shop/web-0`, `PV pv-1`: the card's title.
    pub fn title(&self) -> String {
        let kind = match self.subject.kind {
            Kind::PersistentVolumeClaim => "PVC",
            Kind::PersistentVolume => "PV",
            Kind::Pod => "Pod",
            Kind::StorageClass => "StorageClass",
            Kind::Node => "Node",
            Kind::StatefulSet => "StatefulSet",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
        };
        format!("{kind} {}", self.subject)
    }

    /// `AGE` as kubectl prints it.
    pub fn age(&self) -> String {
        self.age_seconds
            .map(crate::manifest::tables::human_duration)
            .unwrap_or_else(|| "<unknown>".into())
    }
}
