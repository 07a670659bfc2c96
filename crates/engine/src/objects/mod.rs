//! The Kubernetes objects the simulator knows — PersistentVolume, PersistentVolumeClaim,
//! StorageClass, Pod, Node — with the API's own field names (camelCase on the wire).
//!
//! Enumerated fields that users type (access modes, volume modes, reclaim policies, binding
//! modes) stay strings here, so that validation can report the bad value in Kubernetes' words;
//! the typed views (`AccessModes`, `VolumeMode`, …) are what the control loop uses. Phases are
//! written only by the simulator and are typed.

mod apps;
pub use apps::*;

use super::quantity::Quantity;
use super::time::Timestamp;
use super::value::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub type Labels = BTreeMap<String, String>;
pub type ResourceList = BTreeMap<String, Quantity>;

/// The resource name of storage in capacities and requests.
pub const STORAGE: &str = "storage";

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    /// Set by the API server from `generateName` when `name` is empty (the prefix of a
    /// ReplicaSet's pods); kept for display.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    /// The objects this one depends on (§20): a StatefulSet's pods and, per its retention
    /// policy, its claims; a Deployment's ReplicaSets and their pods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Timestamp>,
}

impl ObjectMeta {
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }

    pub fn has_annotation(&self, key: &str, value: &str) -> bool {
        self.annotation(key) == Some(value)
    }

    pub fn is_being_deleted(&self) -> bool {
        self.deletion_timestamp.is_some()
    }

    /// The owner reference marked `controller: true`, if any (`metav1.GetControllerOf`).
    pub fn controller(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.is_controller())
    }

    /// `namespace/name`, as kubectl and the page name a namespaced object (no namespace:
    /// `default`).
    pub fn namespaced_name(&self) -> String {
        format!(
            "{}/{}",
            self.namespace.as_deref().unwrap_or("default"),
            self.name
        )
    }
}

/// An access mode, in the fixed order Kubernetes prints them (`RWO,ROX,RWX,RWOP`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessMode {
    ReadWriteOnce,
    ReadOnlyMany,
    ReadWriteMany,
    ReadWriteOncePod,
}

impl AccessMode {
    pub const ALL: [AccessMode; 4] = [
        AccessMode::ReadWriteOnce,
        AccessMode::ReadOnlyMany,
        AccessMode::ReadWriteMany,
        AccessMode::ReadWriteOncePod,
    ];

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccessMode::ReadWriteOnce => "ReadWriteOnce",
            AccessMode::ReadOnlyMany => "ReadOnlyMany",
            AccessMode::ReadWriteMany => "ReadWriteMany",
            AccessMode::ReadWriteOncePod => "ReadWriteOncePod",
        }
    }

    /// kubectl's abbreviation.
    pub fn short(self) -> &'static str {
        match self {
            AccessMode::ReadWriteOnce => "RWO",
            AccessMode::ReadOnlyMany => "ROX",
            AccessMode::ReadWriteMany => "RWX",
            AccessMode::ReadWriteOncePod => "RWOP",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of access modes (what the PV controller's index keys on).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccessModes(u8);

impl AccessModes {
    /// The set named by these strings; unknown strings are left out (validation reports them).
    pub fn from_strings<S: AsRef<str>>(modes: &[S]) -> Self {
        modes
            .iter()
            .filter_map(|m| AccessMode::parse(m.as_ref()))
            .fold(AccessModes(0), |set, m| AccessModes(set.0 | m.bit()))
    }

    pub fn contains(self, mode: AccessMode) -> bool {
        self.0 & mode.bit() != 0
    }

    /// Whether every mode of `other` is in this set.
    pub fn covers(self, other: AccessModes) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = AccessMode> {
        AccessMode::ALL
            .into_iter()
            .filter(move |m| self.contains(*m))
    }

    /// As kubectl and the PV controller's index write it: `RWO,ROX`.
    pub fn short_string(self) -> String {
        self.iter()
            .map(AccessMode::short)
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl fmt::Display for AccessModes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.short_string())
    }
}

/// `spec.volumeMode`; unset means Filesystem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolumeMode {
    Filesystem,
    Block,
}

impl VolumeMode {
    /// The effective mode of an optional field (nil is Filesystem, as the matcher treats it).
    pub fn of(field: Option<&str>) -> VolumeMode {
        match field {
            Some("Block") => VolumeMode::Block,
            _ => VolumeMode::Filesystem,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VolumeMode::Filesystem => "Filesystem",
            VolumeMode::Block => "Block",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReclaimPolicy {
    Retain,
    Delete,
    Recycle,
}

impl ReclaimPolicy {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Retain" => Some(ReclaimPolicy::Retain),
            "Delete" => Some(ReclaimPolicy::Delete),
            "Recycle" => Some(ReclaimPolicy::Recycle),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum VolumePhase {
    #[default]
    Pending,
    Available,
    Bound,
    Released,
    Failed,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimPhase {
    #[default]
    Pending,
    Bound,
    Lost,
}

macro_rules! impl_phase_display {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self, f)
            }
        }
    )*};
}
impl_phase_display!(VolumePhase, ClaimPhase);

/// `spec.claimRef` of a PV.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelectorTerm {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<NodeSelectorRequirement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<NodeSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelector {
    #[serde(default)]
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

/// `spec.nodeAffinity` of a PV.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeNodeAffinity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<NodeSelector>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostPathVolumeSource {
    pub path: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NfsVolumeSource {
    pub server: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalVolumeSource {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fs_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsiVolumeSource {
    pub driver: String,
    pub volume_handle: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fs_type: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub volume_attributes: BTreeMap<String, String>,
}

/// Which kind of storage backs a PV; it decides who can delete, recycle or attach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    HostPath,
    Nfs,
    Local,
    Csi,
    /// Another in-tree source, by its field name (`iscsi`, `rbd`, …).
    Other(&'static str),
}

/// Declares the PV spec's volume-source fields: the four the simulation distinguishes are typed,
/// the other in-tree sources are kept as opaque values (so they survive a YAML round trip).
macro_rules! persistent_volume_spec {
    ($($field:ident: $wire:literal),* $(,)?) => {
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct PersistentVolumeSpec {
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            pub capacity: ResourceList,
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub access_modes: Vec<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub claim_ref: Option<ObjectReference>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub persistent_volume_reclaim_policy: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub storage_class_name: Option<String>,
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub mount_options: Vec<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub volume_mode: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub node_affinity: Option<VolumeNodeAffinity>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub volume_attributes_class_name: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub host_path: Option<HostPathVolumeSource>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub nfs: Option<NfsVolumeSource>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub local: Option<LocalVolumeSource>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub csi: Option<CsiVolumeSource>,
            // Boxed: almost always absent, and inline they would triple a volume's size.
            $(
                #[serde(default, rename = $wire, skip_serializing_if = "Option::is_none")]
                pub $field: Option<Box<Value>>,
            )*
        }

        impl PersistentVolumeSpec {
            /// Every volume source set on this spec, by field name (validation wants exactly one).
            pub fn sources(&self) -> Vec<(&'static str, SourceKind)> {
                let mut out = Vec::new();
                if self.host_path.is_some() { out.push(("hostPath", SourceKind::HostPath)); }
                if self.nfs.is_some() { out.push(("nfs", SourceKind::Nfs)); }
                if self.local.is_some() { out.push(("local", SourceKind::Local)); }
                if self.csi.is_some() { out.push(("csi", SourceKind::Csi)); }
                $( if self.$field.is_some() { out.push(($wire, SourceKind::Other($wire))); } )*
                out
            }

            /// The opaque in-tree source field named `wire` (`iscsi`, `rbd`, …), for decoders
            /// that set fields by their wire names.
            pub fn other_source_mut(&mut self, wire: &str) -> Option<&mut Option<Box<Value>>> {
                match wire {
                    $( $wire => Some(&mut self.$field), )*
                    _ => None,
                }
            }
        }
    };
}

persistent_volume_spec! {
    aws_elastic_block_store: "awsElasticBlockStore",
    azure_disk: "azureDisk",
    azure_file: "azureFile",
    cephfs: "cephfs",
    cinder: "cinder",
    fc: "fc",
    flex_volume: "flexVolume",
    flocker: "flocker",
    gce_persistent_disk: "gcePersistentDisk",
    glusterfs: "glusterfs",
    iscsi: "iscsi",
    photon_persistent_disk: "photonPersistentDisk",
    portworx_volume: "portworxVolume",
    quobyte: "quobyte",
    rbd: "rbd",
    scale_io: "scaleIO",
    storageos: "storageos",
    vsphere_volume: "vsphereVolume",
}

impl PersistentVolumeSpec {
    /// The one volume source (the first, if validation let several through).
    pub fn source_kind(&self) -> Option<SourceKind> {
        self.sources().first().map(|(_, kind)| *kind)
    }

    pub fn storage(&self) -> Option<&Quantity> {
        self.capacity.get(STORAGE)
    }

    /// The reclaim policy as written, `Retain` when unset (a hand-made volume's default).
    pub fn reclaim_policy(&self) -> &str {
        self.persistent_volume_reclaim_policy
            .as_deref()
            .unwrap_or("Retain")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeStatus {
    #[serde(default)]
    pub phase: VolumePhase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolume {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PersistentVolumeSpec,
    #[serde(default)]
    pub status: PersistentVolumeStatus,
}

pub use super::apimachinery::LabelSelectorRequirement;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirements {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: ResourceList,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: ResourceList,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub resources: ResourceRequirements,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub volume_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source: Option<Box<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_ref: Option<Box<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
}

impl PersistentVolumeClaimSpec {
    pub fn request(&self) -> Option<&Quantity> {
        self.resources.requests.get(STORAGE)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimStatus {
    #[serde(default)]
    pub phase: ClaimPhase,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: ResourceList,
    /// Resize conditions (§19): `Resizing`, `FileSystemResizePending`, ….
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PersistentVolumeClaimCondition>,
    /// The size an expansion works towards (§19.4).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocated_resources: ResourceList,
    /// Where an expansion is: `ControllerResizeInProgress`, `NodeResizePending`, … (§19).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocated_resource_statuses: BTreeMap<String, String>,
}

/// A claim's condition (`v1.PersistentVolumeClaimCondition`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl PersistentVolumeClaimStatus {
    /// The condition of this type, if the claim has it.
    pub fn condition(&self, type_: &str) -> Option<&PersistentVolumeClaimCondition> {
        self.conditions.iter().find(|c| c.type_ == type_)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaim {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PersistentVolumeClaimSpec,
    #[serde(default)]
    pub status: PersistentVolumeClaimStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TopologySelectorLabelRequirement {
    pub key: String,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TopologySelectorTerm {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_label_expressions: Vec<TopologySelectorLabelRequirement>,
}

/// A StorageClass (`storage.k8s.io/v1`); its fields sit at the top level, beside metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageClass {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub provisioner: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_topologies: Vec<TopologySelectorTerm>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mount_options: Vec<String>,
}

pub const WAIT_FOR_FIRST_CONSUMER: &str = "WaitForFirstConsumer";

impl StorageClass {
    pub fn is_wait_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some(WAIT_FOR_FIRST_CONSUMER)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimVolumeSource {
    pub claim_name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodVolume {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_dir: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projected: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_path: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub node_name: String,
    /// A StatefulSet's pod gets its own name here, and the set's `serviceName` as subdomain.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subdomain: String,
    /// `Always` by default in workload templates; StatefulSets, Deployments and ReplicaSets
    /// accept nothing else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: Labels,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<PodVolume>,
    /// Kept as written: the simulation does not run containers.
    #[serde(default)]
    pub containers: Vec<Value>,
}

impl PodSpec {
    /// The names of the claims this pod mounts, in the pod's volume order.
    pub fn claim_names(&self) -> impl Iterator<Item = &str> {
        self.volumes
            .iter()
            .filter_map(|v| v.persistent_volume_claim.as_ref())
            .map(|c| c.claim_name.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// `PodScheduled` and `Ready`, as kubelet and the scheduler write them (the simulated world
    /// keeps these two; a StatefulSet waits for `Ready`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
}

/// A pod's condition (`v1.PodCondition`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl PodStatus {
    /// Sets a condition's status, reason and message; the transition time moves only when the
    /// status changes. True when anything changed.
    pub fn set_condition(
        &mut self,
        type_: &str,
        status: &str,
        reason: &str,
        message: &str,
        now: Timestamp,
    ) -> bool {
        match self.conditions.iter_mut().find(|c| c.type_ == type_) {
            Some(c) if c.status == status && c.reason == reason && c.message == message => false,
            Some(c) => {
                if c.status != status {
                    c.last_transition_time = Some(now);
                }
                c.status = status.to_owned();
                c.reason = reason.to_owned();
                c.message = message.to_owned();
                true
            }
            None => {
                self.conditions.push(PodCondition {
                    type_: type_.to_owned(),
                    status: status.to_owned(),
                    last_probe_time: None,
                    last_transition_time: Some(now),
                    reason: reason.to_owned(),
                    message: message.to_owned(),
                });
                true
            }
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
    #[serde(default)]
    pub status: PodStatus,
}

impl Pod {
    /// Succeeded or Failed pods have finished (they still count for PVC protection).
    pub fn is_terminated(&self) -> bool {
        matches!(self.status.phase.as_deref(), Some("Succeeded" | "Failed"))
    }

    /// Phase `Running` and the `Ready` condition `True` (`isRunningAndReady`).
    pub fn is_running_and_ready(&self) -> bool {
        self.status.phase.as_deref() == Some("Running")
            && self
                .status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    #[serde(default)]
    pub metadata: ObjectMeta,
}

/// The kinds the simulator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    PersistentVolume,
    PersistentVolumeClaim,
    StorageClass,
    Pod,
    Node,
    StatefulSet,
    Deployment,
    ReplicaSet,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::PersistentVolume,
        Kind::PersistentVolumeClaim,
        Kind::StorageClass,
        Kind::Pod,
        Kind::Node,
        Kind::StatefulSet,
        Kind::Deployment,
        Kind::ReplicaSet,
    ];

    pub fn parse(text: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PersistentVolume => "PersistentVolume",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::StorageClass => "StorageClass",
            Kind::Pod => "Pod",
            Kind::Node => "Node",
            Kind::StatefulSet => "StatefulSet",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self {
            Kind::StorageClass => "storage.k8s.io/v1",
            Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            _ => "v1",
        }
    }

    /// The API group (`""` for the core group), as error messages name resources.
    pub fn group(self) -> &'static str {
        match self.api_version().split_once('/') {
            Some((group, _)) => group,
            None => "",
        }
    }

    pub fn is_namespaced(self) -> bool {
        matches!(
            self,
            Kind::PersistentVolumeClaim
                | Kind::Pod
                | Kind::StatefulSet
                | Kind::Deployment
                | Kind::ReplicaSet
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Any object the simulator knows.
// Carries one parsed document at a time, never stored in bulk: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    PersistentVolume(PersistentVolume),
    PersistentVolumeClaim(PersistentVolumeClaim),
    StorageClass(StorageClass),
    Pod(Pod),
    Node(Node),
    StatefulSet(StatefulSet),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
}

/// Runs `$body` with `$o` bound to the typed object of any variant.
macro_rules! each_object {
    ($object:expr, $o:ident => $body:expr) => {
        match $object {
            Object::PersistentVolume($o) => $body,
            Object::PersistentVolumeClaim($o) => $body,
            Object::StorageClass($o) => $body,
            Object::Pod($o) => $body,
            Object::Node($o) => $body,
            Object::StatefulSet($o) => $body,
            Object::Deployment($o) => $body,
            Object::ReplicaSet($o) => $body,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use each_object;

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::PersistentVolume(_) => Kind::PersistentVolume,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::StorageClass(_) => Kind::StorageClass,
            Object::Pod(_) => Kind::Pod,
            Object::Node(_) => Kind::Node,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
        }
    }

    pub fn metadata(&self) -> &ObjectMeta {
        each_object!(self, o => &o.metadata)
    }

    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        each_object!(self, o => &mut o.metadata)
    }

    /// Where the object lives: kind, namespace (for namespaced kinds) and name.
    pub fn key(&self) -> ObjectKey {
        let meta = self.metadata();
        ObjectKey::new(self.kind(), meta.namespace.as_deref(), &meta.name)
    }
}

/// The identity of an object: kind, namespace (empty for cluster-scoped kinds) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectKey {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    /// A key; namespaced kinds without a namespace are in `default`, cluster-scoped kinds have
    /// none.
    pub fn new(kind: Kind, namespace: Option<&str>, name: &str) -> Self {
        let namespace = if kind.is_namespaced() {
            namespace.filter(|n| !n.is_empty()).unwrap_or("default")
        } else {
            ""
        };
        Self {
            kind,
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        }
    }
}

impl fmt::Display for ObjectKey {
    /// `namespace/name` for namespaced objects, the bare name otherwise (as events name them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_mode_sets_print_in_kubectl_order() {
        let set = AccessModes::from_strings(&["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"]);
        assert_eq!(set.short_string(), "RWO,RWX");
        assert_eq!(set.len(), 2);
        assert!(set.covers(AccessModes::from_strings(&["ReadWriteOnce"])));
        assert!(!set.covers(AccessModes::from_strings(&["ReadOnlyMany"])));
        assert!(AccessModes::from_strings(&["Bogus"]).is_empty());
    }

    #[test]
    fn keys_default_the_namespace_of_namespaced_kinds_only() {
        let claim = ObjectKey::new(Kind::PersistentVolumeClaim, None, "data");
        assert_eq!(claim.to_string(), "default/data");
        let volume = ObjectKey::new(Kind::PersistentVolume, Some("ignored"), "pv-1");
        assert_eq!(volume.to_string(), "pv-1");
    }

    #[test]
    fn volume_sources_are_listed_by_field_name() {
        let spec = PersistentVolumeSpec {
            nfs: Some(NfsVolumeSource::default()),
            iscsi: Some(Box::new(Value::Null)),
            ..Default::default()
        };
        let names: Vec<&str> = spec.sources().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["nfs", "iscsi"]);
        assert_eq!(spec.source_kind(), Some(SourceKind::Nfs));
    }
}
