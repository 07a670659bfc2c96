//! The Kubernetes API's field lists for the kinds we read, and the check of documents against them.
//!
//! The check reports unknown fields (kubectl's default `--validate=strict`) and JSON type
//! mismatches, in Kubernetes' words.
//!
//! The lists are the full API (k8s.io/api core/v1 and storage/v1 `types.go`, Kubernetes 1.33),
//! not just what `engine::objects` models: a field that exists in the API but is not modelled
//! (`metadata.managedFields`, `status.conditions`, an `iscsi` source's fields) is accepted here
//! and then dropped by the typed decoding, while a misspelt one is an error. PersistentVolume,
//! PersistentVolumeClaim and StorageClass are checked strictly. Pod and Node have huge schemas of
//! which we read a few fields: only those are listed, and anything else is ignored.

use super::tree::{Node, NodeKind};
use crate::problem::Problem;

/// What a field holds, with the Go type names kubectl's errors print.
pub(crate) enum Shape {
    /// A string, or a named string type such as `v1.PersistentVolumeAccessMode`.
    Str(&'static str),
    Bool,
    /// An integer of this Go type (`int32`, `int64`).
    Int(&'static str),
    /// `resource.Quantity`: a string or a bare number; its own parser judges the text.
    Quantity,
    /// `v1.Time`: an RFC 3339 string.
    Time,
    List(&'static Shape),
    /// `map[string]…`.
    Map(&'static Shape),
    /// A named map type (`v1.ResourceList`).
    NamedMap(&'static str, &'static Shape),
    Struct(&'static Struct),
    /// Free-form JSON (`fieldsV1`).
    Any,
    /// `intstr.IntOrString`: an integer or a string.
    IntOrString,
    /// A struct checked strictly even inside a leniently checked object (the claim templates
    /// of a StatefulSet, whose every field the simulator reads).
    Strict(&'static Struct),
}

impl Shape {
    fn go_type(&self) -> String {
        match self {
            Shape::Str(name) | Shape::Int(name) | Shape::NamedMap(name, _) => (*name).to_owned(),
            Shape::Bool => "bool".to_owned(),
            Shape::Quantity => "resource.Quantity".to_owned(),
            Shape::Time => "v1.Time".to_owned(),
            Shape::List(item) => format!("[]{}", item.go_type()),
            Shape::Map(value) => format!("map[string]{}", value.go_type()),
            Shape::Struct(s) | Shape::Strict(s) => format!("{}.{}", s.package, s.name),
            Shape::Any => "interface {}".to_owned(),
            Shape::IntOrString => "intstr.IntOrString".to_owned(),
        }
    }
}

pub(crate) struct Struct {
    /// The Go type name, which kubectl's type errors quote.
    pub name: &'static str,
    pub package: &'static str,
    pub fields: &'static [(&'static str, Shape)],
}

const STRING: Shape = Shape::Str("string");
const STRINGS: Shape = Shape::List(&STRING);
const STRING_MAP: Shape = Shape::Map(&STRING);
const BOOL: Shape = Shape::Bool;
const INT32: Shape = Shape::Int("int32");
const INT64: Shape = Shape::Int("int64");
const RESOURCE_LIST: Shape = Shape::NamedMap("v1.ResourceList", &Shape::Quantity);
const ACCESS_MODES: Shape = Shape::List(&Shape::Str("v1.PersistentVolumeAccessMode"));
const VOLUME_MODE: Shape = Shape::Str("v1.PersistentVolumeMode");

const fn v1(name: &'static str, fields: &'static [(&'static str, Shape)]) -> Struct {
    Struct {
        name,
        package: "v1",
        fields,
    }
}

const fn obj(s: &'static Struct) -> Shape {
    Shape::Struct(s)
}

/// A list of structs; a macro so that the inner shape is promoted to a static.
macro_rules! list_of {
    ($s:expr) => {
        Shape::List(&Shape::Struct($s))
    };
}

// ---------------------------------------------------------------------------------------------
// Shared metadata types (apimachinery meta/v1, core/v1)
// ---------------------------------------------------------------------------------------------

static OWNER_REFERENCE: Struct = v1(
    "OwnerReference",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("name", STRING),
        ("uid", Shape::Str("types.UID")),
        ("controller", BOOL),
        ("blockOwnerDeletion", BOOL),
    ],
);

static MANAGED_FIELDS_ENTRY: Struct = v1(
    "ManagedFieldsEntry",
    &[
        ("manager", STRING),
        ("operation", Shape::Str("v1.ManagedFieldsOperationType")),
        ("apiVersion", STRING),
        ("time", Shape::Time),
        ("fieldsType", STRING),
        ("fieldsV1", Shape::Any),
        ("subresource", STRING),
    ],
);

pub(crate) static OBJECT_META: Struct = v1(
    "ObjectMeta",
    &[
        ("name", STRING),
        ("generateName", STRING),
        ("namespace", STRING),
        ("selfLink", STRING),
        ("uid", Shape::Str("types.UID")),
        ("resourceVersion", STRING),
        ("generation", INT64),
        ("creationTimestamp", Shape::Time),
        ("deletionTimestamp", Shape::Time),
        ("deletionGracePeriodSeconds", INT64),
        ("labels", STRING_MAP),
        ("annotations", STRING_MAP),
        ("ownerReferences", list_of!(&OWNER_REFERENCE)),
        ("finalizers", STRINGS),
        ("managedFields", list_of!(&MANAGED_FIELDS_ENTRY)),
    ],
);

static OBJECT_REFERENCE: Struct = v1(
    "ObjectReference",
    &[
        ("kind", STRING),
        ("namespace", STRING),
        ("name", STRING),
        ("uid", Shape::Str("types.UID")),
        ("apiVersion", STRING),
        ("resourceVersion", STRING),
        ("fieldPath", STRING),
    ],
);

static SECRET_REFERENCE: Struct = v1(
    "SecretReference",
    &[("name", STRING), ("namespace", STRING)],
);

static LOCAL_OBJECT_REFERENCE: Struct = v1("LocalObjectReference", &[("name", STRING)]);

static NODE_SELECTOR_REQUIREMENT: Struct = v1(
    "NodeSelectorRequirement",
    &[
        ("key", STRING),
        ("operator", Shape::Str("v1.NodeSelectorOperator")),
        ("values", STRINGS),
    ],
);

static NODE_SELECTOR_TERM: Struct = v1(
    "NodeSelectorTerm",
    &[
        ("matchExpressions", list_of!(&NODE_SELECTOR_REQUIREMENT)),
        ("matchFields", list_of!(&NODE_SELECTOR_REQUIREMENT)),
    ],
);

static NODE_SELECTOR: Struct = v1(
    "NodeSelector",
    &[("nodeSelectorTerms", list_of!(&NODE_SELECTOR_TERM))],
);

static LABEL_SELECTOR_REQUIREMENT: Struct = v1(
    "LabelSelectorRequirement",
    &[
        ("key", STRING),
        ("operator", Shape::Str("v1.LabelSelectorOperator")),
        ("values", STRINGS),
    ],
);

static LABEL_SELECTOR: Struct = v1(
    "LabelSelector",
    &[
        ("matchLabels", STRING_MAP),
        ("matchExpressions", list_of!(&LABEL_SELECTOR_REQUIREMENT)),
    ],
);

// ---------------------------------------------------------------------------------------------
// PersistentVolume
// ---------------------------------------------------------------------------------------------

static HOST_PATH: Struct = v1(
    "HostPathVolumeSource",
    &[("path", STRING), ("type", Shape::Str("v1.HostPathType"))],
);

static NFS: Struct = v1(
    "NFSVolumeSource",
    &[("server", STRING), ("path", STRING), ("readOnly", BOOL)],
);

static LOCAL: Struct = v1("LocalVolumeSource", &[("path", STRING), ("fsType", STRING)]);

static CSI: Struct = v1(
    "CSIPersistentVolumeSource",
    &[
        ("driver", STRING),
        ("volumeHandle", STRING),
        ("readOnly", BOOL),
        ("fsType", STRING),
        ("volumeAttributes", STRING_MAP),
        ("controllerPublishSecretRef", obj(&SECRET_REFERENCE)),
        ("nodeStageSecretRef", obj(&SECRET_REFERENCE)),
        ("nodePublishSecretRef", obj(&SECRET_REFERENCE)),
        ("controllerExpandSecretRef", obj(&SECRET_REFERENCE)),
        ("nodeExpandSecretRef", obj(&SECRET_REFERENCE)),
    ],
);

static GCE_PERSISTENT_DISK: Struct = v1(
    "GCEPersistentDiskVolumeSource",
    &[
        ("pdName", STRING),
        ("fsType", STRING),
        ("partition", INT32),
        ("readOnly", BOOL),
    ],
);

static AWS_ELASTIC_BLOCK_STORE: Struct = v1(
    "AWSElasticBlockStoreVolumeSource",
    &[
        ("volumeID", STRING),
        ("fsType", STRING),
        ("partition", INT32),
        ("readOnly", BOOL),
    ],
);

static GLUSTERFS: Struct = v1(
    "GlusterfsPersistentVolumeSource",
    &[
        ("endpoints", STRING),
        ("path", STRING),
        ("readOnly", BOOL),
        ("endpointsNamespace", STRING),
    ],
);

static RBD: Struct = v1(
    "RBDPersistentVolumeSource",
    &[
        ("monitors", STRINGS),
        ("image", STRING),
        ("fsType", STRING),
        ("pool", STRING),
        ("user", STRING),
        ("keyring", STRING),
        ("secretRef", obj(&SECRET_REFERENCE)),
        ("readOnly", BOOL),
    ],
);

static ISCSI: Struct = v1(
    "ISCSIPersistentVolumeSource",
    &[
        ("targetPortal", STRING),
        ("iqn", STRING),
        ("lun", INT32),
        ("iscsiInterface", STRING),
        ("fsType", STRING),
        ("readOnly", BOOL),
        ("portals", STRINGS),
        ("chapAuthDiscovery", BOOL),
        ("chapAuthSession", BOOL),
        ("secretRef", obj(&SECRET_REFERENCE)),
        ("initiatorName", STRING),
    ],
);

static CINDER: Struct = v1(
    "CinderPersistentVolumeSource",
    &[
        ("volumeID", STRING),
        ("fsType", STRING),
        ("readOnly", BOOL),
        ("secretRef", obj(&SECRET_REFERENCE)),
    ],
);

static CEPHFS: Struct = v1(
    "CephFSPersistentVolumeSource",
    &[
        ("monitors", STRINGS),
        ("path", STRING),
        ("user", STRING),
        ("secretFile", STRING),
        ("secretRef", obj(&SECRET_REFERENCE)),
        ("readOnly", BOOL),
    ],
);

static FC: Struct = v1(
    "FCVolumeSource",
    &[
        ("targetWWNs", STRINGS),
        ("lun", INT32),
        ("fsType", STRING),
        ("readOnly", BOOL),
        ("wwids", STRINGS),
    ],
);

static FLOCKER: Struct = v1(
    "FlockerVolumeSource",
    &[("datasetName", STRING), ("datasetUUID", STRING)],
);

static FLEX_VOLUME: Struct = v1(
    "FlexPersistentVolumeSource",
    &[
        ("driver", STRING),
        ("fsType", STRING),
        ("secretRef", obj(&SECRET_REFERENCE)),
        ("readOnly", BOOL),
        ("options", STRING_MAP),
    ],
);

static AZURE_FILE: Struct = v1(
    "AzureFilePersistentVolumeSource",
    &[
        ("secretName", STRING),
        ("shareName", STRING),
        ("readOnly", BOOL),
        ("secretNamespace", STRING),
    ],
);

static VSPHERE_VOLUME: Struct = v1(
    "VsphereVirtualDiskVolumeSource",
    &[
        ("volumePath", STRING),
        ("fsType", STRING),
        ("storagePolicyName", STRING),
        ("storagePolicyID", STRING),
    ],
);

static QUOBYTE: Struct = v1(
    "QuobyteVolumeSource",
    &[
        ("registry", STRING),
        ("volume", STRING),
        ("readOnly", BOOL),
        ("user", STRING),
        ("group", STRING),
        ("tenant", STRING),
    ],
);

static AZURE_DISK: Struct = v1(
    "AzureDiskVolumeSource",
    &[
        ("diskName", STRING),
        ("diskURI", STRING),
        ("cachingMode", Shape::Str("v1.AzureDataDiskCachingMode")),
        ("fsType", STRING),
        ("readOnly", BOOL),
        ("kind", Shape::Str("v1.AzureDataDiskKind")),
    ],
);

static PHOTON_PERSISTENT_DISK: Struct = v1(
    "PhotonPersistentDiskVolumeSource",
    &[("pdID", STRING), ("fsType", STRING)],
);

static PORTWORX_VOLUME: Struct = v1(
    "PortworxVolumeSource",
    &[("volumeID", STRING), ("fsType", STRING), ("readOnly", BOOL)],
);

static SCALE_IO: Struct = v1(
    "ScaleIOPersistentVolumeSource",
    &[
        ("gateway", STRING),
        ("system", STRING),
        ("secretRef", obj(&SECRET_REFERENCE)),
        ("sslEnabled", BOOL),
        ("protectionDomain", STRING),
        ("storagePool", STRING),
        ("storageMode", STRING),
        ("volumeName", STRING),
        ("fsType", STRING),
        ("readOnly", BOOL),
    ],
);

static STORAGEOS: Struct = v1(
    "StorageOSPersistentVolumeSource",
    &[
        ("volumeName", STRING),
        ("volumeNamespace", STRING),
        ("fsType", STRING),
        ("readOnly", BOOL),
        ("secretRef", obj(&OBJECT_REFERENCE)),
    ],
);

static VOLUME_NODE_AFFINITY: Struct =
    v1("VolumeNodeAffinity", &[("required", obj(&NODE_SELECTOR))]);

static PERSISTENT_VOLUME_SPEC: Struct = v1(
    "PersistentVolumeSpec",
    &[
        ("capacity", RESOURCE_LIST),
        // The inline PersistentVolumeSource.
        ("gcePersistentDisk", obj(&GCE_PERSISTENT_DISK)),
        ("awsElasticBlockStore", obj(&AWS_ELASTIC_BLOCK_STORE)),
        ("hostPath", obj(&HOST_PATH)),
        ("glusterfs", obj(&GLUSTERFS)),
        ("nfs", obj(&NFS)),
        ("rbd", obj(&RBD)),
        ("iscsi", obj(&ISCSI)),
        ("cinder", obj(&CINDER)),
        ("cephfs", obj(&CEPHFS)),
        ("fc", obj(&FC)),
        ("flocker", obj(&FLOCKER)),
        ("flexVolume", obj(&FLEX_VOLUME)),
        ("azureFile", obj(&AZURE_FILE)),
        ("vsphereVolume", obj(&VSPHERE_VOLUME)),
        ("quobyte", obj(&QUOBYTE)),
        ("azureDisk", obj(&AZURE_DISK)),
        ("photonPersistentDisk", obj(&PHOTON_PERSISTENT_DISK)),
        ("portworxVolume", obj(&PORTWORX_VOLUME)),
        ("scaleIO", obj(&SCALE_IO)),
        ("local", obj(&LOCAL)),
        ("storageos", obj(&STORAGEOS)),
        ("csi", obj(&CSI)),
        // The rest of the spec.
        ("accessModes", ACCESS_MODES),
        ("claimRef", obj(&OBJECT_REFERENCE)),
        (
            "persistentVolumeReclaimPolicy",
            Shape::Str("v1.PersistentVolumeReclaimPolicy"),
        ),
        ("storageClassName", STRING),
        ("mountOptions", STRINGS),
        ("volumeMode", VOLUME_MODE),
        ("nodeAffinity", obj(&VOLUME_NODE_AFFINITY)),
        ("volumeAttributesClassName", STRING),
    ],
);

static PERSISTENT_VOLUME_STATUS: Struct = v1(
    "PersistentVolumeStatus",
    &[
        ("phase", Shape::Str("v1.PersistentVolumePhase")),
        ("message", STRING),
        ("reason", STRING),
        ("lastPhaseTransitionTime", Shape::Time),
    ],
);

pub(crate) static PERSISTENT_VOLUME: Struct = v1(
    "PersistentVolume",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("spec", obj(&PERSISTENT_VOLUME_SPEC)),
        ("status", obj(&PERSISTENT_VOLUME_STATUS)),
    ],
);

// ---------------------------------------------------------------------------------------------
// PersistentVolumeClaim
// ---------------------------------------------------------------------------------------------

static VOLUME_RESOURCE_REQUIREMENTS: Struct = v1(
    "VolumeResourceRequirements",
    &[("limits", RESOURCE_LIST), ("requests", RESOURCE_LIST)],
);

static TYPED_LOCAL_OBJECT_REFERENCE: Struct = v1(
    "TypedLocalObjectReference",
    &[("apiGroup", STRING), ("kind", STRING), ("name", STRING)],
);

static TYPED_OBJECT_REFERENCE: Struct = v1(
    "TypedObjectReference",
    &[
        ("apiGroup", STRING),
        ("kind", STRING),
        ("name", STRING),
        ("namespace", STRING),
    ],
);

static PERSISTENT_VOLUME_CLAIM_SPEC: Struct = v1(
    "PersistentVolumeClaimSpec",
    &[
        ("accessModes", ACCESS_MODES),
        ("selector", obj(&LABEL_SELECTOR)),
        ("resources", obj(&VOLUME_RESOURCE_REQUIREMENTS)),
        ("volumeName", STRING),
        ("storageClassName", STRING),
        ("volumeMode", VOLUME_MODE),
        ("dataSource", obj(&TYPED_LOCAL_OBJECT_REFERENCE)),
        ("dataSourceRef", obj(&TYPED_OBJECT_REFERENCE)),
        ("volumeAttributesClassName", STRING),
    ],
);

static PERSISTENT_VOLUME_CLAIM_CONDITION: Struct = v1(
    "PersistentVolumeClaimCondition",
    &[
        ("type", Shape::Str("v1.PersistentVolumeClaimConditionType")),
        ("status", Shape::Str("v1.ConditionStatus")),
        ("lastProbeTime", Shape::Time),
        ("lastTransitionTime", Shape::Time),
        ("reason", STRING),
        ("message", STRING),
    ],
);

static MODIFY_VOLUME_STATUS: Struct = v1(
    "ModifyVolumeStatus",
    &[
        ("targetVolumeAttributesClassName", STRING),
        (
            "status",
            Shape::Str("v1.PersistentVolumeClaimModifyVolumeStatus"),
        ),
    ],
);

static PERSISTENT_VOLUME_CLAIM_STATUS: Struct = v1(
    "PersistentVolumeClaimStatus",
    &[
        ("phase", Shape::Str("v1.PersistentVolumeClaimPhase")),
        ("accessModes", ACCESS_MODES),
        ("capacity", RESOURCE_LIST),
        ("conditions", list_of!(&PERSISTENT_VOLUME_CLAIM_CONDITION)),
        ("allocatedResources", RESOURCE_LIST),
        (
            "allocatedResourceStatuses",
            Shape::NamedMap(
                "map[v1.ResourceName]v1.ClaimResourceStatus",
                &Shape::Str("v1.ClaimResourceStatus"),
            ),
        ),
        ("currentVolumeAttributesClassName", STRING),
        ("modifyVolumeStatus", obj(&MODIFY_VOLUME_STATUS)),
    ],
);

pub(crate) static PERSISTENT_VOLUME_CLAIM: Struct = v1(
    "PersistentVolumeClaim",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("spec", obj(&PERSISTENT_VOLUME_CLAIM_SPEC)),
        ("status", obj(&PERSISTENT_VOLUME_CLAIM_STATUS)),
    ],
);

// ---------------------------------------------------------------------------------------------
// StorageClass (storage.k8s.io/v1)
// ---------------------------------------------------------------------------------------------

static TOPOLOGY_SELECTOR_LABEL_REQUIREMENT: Struct = v1(
    "TopologySelectorLabelRequirement",
    &[("key", STRING), ("values", STRINGS)],
);

static TOPOLOGY_SELECTOR_TERM: Struct = v1(
    "TopologySelectorTerm",
    &[(
        "matchLabelExpressions",
        list_of!(&TOPOLOGY_SELECTOR_LABEL_REQUIREMENT),
    )],
);

pub(crate) static STORAGE_CLASS: Struct = v1(
    "StorageClass",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("provisioner", STRING),
        ("parameters", STRING_MAP),
        (
            "reclaimPolicy",
            Shape::Str("v1.PersistentVolumeReclaimPolicy"),
        ),
        ("mountOptions", STRINGS),
        ("allowVolumeExpansion", BOOL),
        ("volumeBindingMode", Shape::Str("v1.VolumeBindingMode")),
        ("allowedTopologies", list_of!(&TOPOLOGY_SELECTOR_TERM)),
    ],
);

// ---------------------------------------------------------------------------------------------
// Pod and Node: only the fields the simulator reads (checked leniently)
// ---------------------------------------------------------------------------------------------

static PVC_VOLUME_SOURCE: Struct = v1(
    "PersistentVolumeClaimVolumeSource",
    &[("claimName", STRING), ("readOnly", BOOL)],
);

static POD_VOLUME: Struct = v1(
    "Volume",
    &[
        ("name", STRING),
        ("persistentVolumeClaim", obj(&PVC_VOLUME_SOURCE)),
        ("emptyDir", Shape::Any),
        ("configMap", Shape::Any),
        ("secret", Shape::Any),
        ("projected", Shape::Any),
        ("hostPath", obj(&HOST_PATH)),
    ],
);

static POD_SPEC: Struct = v1(
    "PodSpec",
    &[
        ("nodeName", STRING),
        ("hostname", STRING),
        ("subdomain", STRING),
        ("restartPolicy", Shape::Str("v1.RestartPolicy")),
        ("nodeSelector", STRING_MAP),
        ("volumes", list_of!(&POD_VOLUME)),
        ("containers", Shape::List(&Shape::Any)),
        ("imagePullSecrets", list_of!(&LOCAL_OBJECT_REFERENCE)),
    ],
);

static POD_CONDITION: Struct = v1(
    "PodCondition",
    &[
        ("type", Shape::Str("v1.PodConditionType")),
        ("status", Shape::Str("v1.ConditionStatus")),
        ("lastProbeTime", Shape::Time),
        ("lastTransitionTime", Shape::Time),
        ("reason", STRING),
        ("message", STRING),
    ],
);

static POD_STATUS: Struct = v1(
    "PodStatus",
    &[
        ("phase", Shape::Str("v1.PodPhase")),
        ("conditions", list_of!(&POD_CONDITION)),
    ],
);

pub(crate) static POD: Struct = v1(
    "Pod",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("spec", obj(&POD_SPEC)),
        ("status", obj(&POD_STATUS)),
    ],
);

pub(crate) static NODE: Struct = v1(
    "Node",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
    ],
);

// ---------------------------------------------------------------------------------------------
// apps/v1: StatefulSet, Deployment, ReplicaSet (checked leniently, like Pod: the fields the
// simulator reads are typed, the rest of a pod template is ignored)
// ---------------------------------------------------------------------------------------------

const fn apps(name: &'static str, fields: &'static [(&'static str, Shape)]) -> Struct {
    Struct {
        name,
        package: "v1",
        fields,
    }
}

const INT_OR_STRING: Shape = Shape::IntOrString;

static POD_TEMPLATE_SPEC: Struct = v1(
    "PodTemplateSpec",
    &[("metadata", obj(&OBJECT_META)), ("spec", obj(&POD_SPEC))],
);

static STATEFUL_SET_ORDINALS: Struct = apps("StatefulSetOrdinals", &[("start", INT32)]);

static RETENTION_POLICY: Struct = apps(
    "StatefulSetPersistentVolumeClaimRetentionPolicy",
    &[
        (
            "whenDeleted",
            Shape::Str("v1.PersistentVolumeClaimRetentionPolicyType"),
        ),
        (
            "whenScaled",
            Shape::Str("v1.PersistentVolumeClaimRetentionPolicyType"),
        ),
    ],
);

static ROLLING_UPDATE_STATEFUL_SET: Struct = apps(
    "RollingUpdateStatefulSetStrategy",
    &[("partition", INT32), ("maxUnavailable", INT_OR_STRING)],
);

static STATEFUL_SET_UPDATE_STRATEGY: Struct = apps(
    "StatefulSetUpdateStrategy",
    &[
        ("type", Shape::Str("v1.StatefulSetUpdateStrategyType")),
        ("rollingUpdate", obj(&ROLLING_UPDATE_STATEFUL_SET)),
    ],
);

static STATEFUL_SET_SPEC: Struct = apps(
    "StatefulSetSpec",
    &[
        ("replicas", INT32),
        ("selector", obj(&LABEL_SELECTOR)),
        ("template", obj(&POD_TEMPLATE_SPEC)),
        (
            "volumeClaimTemplates",
            Shape::List(&Shape::Strict(&PERSISTENT_VOLUME_CLAIM)),
        ),
        ("serviceName", STRING),
        (
            "podManagementPolicy",
            Shape::Str("v1.PodManagementPolicyType"),
        ),
        ("updateStrategy", obj(&STATEFUL_SET_UPDATE_STRATEGY)),
        ("revisionHistoryLimit", INT32),
        ("minReadySeconds", INT32),
        (
            "persistentVolumeClaimRetentionPolicy",
            obj(&RETENTION_POLICY),
        ),
        ("ordinals", obj(&STATEFUL_SET_ORDINALS)),
    ],
);

static STATEFUL_SET_STATUS: Struct = apps(
    "StatefulSetStatus",
    &[
        ("observedGeneration", INT64),
        ("replicas", INT32),
        ("readyReplicas", INT32),
        ("currentReplicas", INT32),
        ("updatedReplicas", INT32),
        ("availableReplicas", INT32),
        ("currentRevision", STRING),
        ("updateRevision", STRING),
        ("collisionCount", INT32),
    ],
);

pub(crate) static STATEFUL_SET: Struct = apps(
    "StatefulSet",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("spec", obj(&STATEFUL_SET_SPEC)),
        ("status", obj(&STATEFUL_SET_STATUS)),
    ],
);

static ROLLING_UPDATE_DEPLOYMENT: Struct = apps(
    "RollingUpdateDeployment",
    &[
        ("maxUnavailable", INT_OR_STRING),
        ("maxSurge", INT_OR_STRING),
    ],
);

static DEPLOYMENT_STRATEGY: Struct = apps(
    "DeploymentStrategy",
    &[
        ("type", Shape::Str("v1.DeploymentStrategyType")),
        ("rollingUpdate", obj(&ROLLING_UPDATE_DEPLOYMENT)),
    ],
);

static DEPLOYMENT_SPEC: Struct = apps(
    "DeploymentSpec",
    &[
        ("replicas", INT32),
        ("selector", obj(&LABEL_SELECTOR)),
        ("template", obj(&POD_TEMPLATE_SPEC)),
        ("strategy", obj(&DEPLOYMENT_STRATEGY)),
        ("minReadySeconds", INT32),
        ("revisionHistoryLimit", INT32),
        ("paused", BOOL),
        ("progressDeadlineSeconds", INT32),
    ],
);

static DEPLOYMENT_STATUS: Struct = apps(
    "DeploymentStatus",
    &[
        ("observedGeneration", INT64),
        ("replicas", INT32),
        ("updatedReplicas", INT32),
        ("readyReplicas", INT32),
        ("availableReplicas", INT32),
        ("unavailableReplicas", INT32),
        ("collisionCount", INT32),
    ],
);

pub(crate) static DEPLOYMENT: Struct = apps(
    "Deployment",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("spec", obj(&DEPLOYMENT_SPEC)),
        ("status", obj(&DEPLOYMENT_STATUS)),
    ],
);

static REPLICA_SET_SPEC: Struct = apps(
    "ReplicaSetSpec",
    &[
        ("replicas", INT32),
        ("minReadySeconds", INT32),
        ("selector", obj(&LABEL_SELECTOR)),
        ("template", obj(&POD_TEMPLATE_SPEC)),
    ],
);

static REPLICA_SET_STATUS: Struct = apps(
    "ReplicaSetStatus",
    &[
        ("replicas", INT32),
        ("fullyLabeledReplicas", INT32),
        ("readyReplicas", INT32),
        ("availableReplicas", INT32),
        ("observedGeneration", INT64),
    ],
);

pub(crate) static REPLICA_SET: Struct = apps(
    "ReplicaSet",
    &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", obj(&OBJECT_META)),
        ("spec", obj(&REPLICA_SET_SPEC)),
        ("status", obj(&REPLICA_SET_STATUS)),
    ],
);

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// A step from an object's root: a field name, a map key, or a list index.
enum Step<'a> {
    Field(&'a str),
    Key(&'a str),
    Index(usize),
}

/// The way down to a node, as a linked list on the stack (rendered only for messages).
struct Trail<'a> {
    parent: Option<&'a Trail<'a>>,
    step: Step<'a>,
}

impl Trail<'_> {
    /// The path Kubernetes' strict decoding prints: `spec.claimRef.foo`,
    /// `metadata.ownerReferences[0].foo`.
    fn strict_path(&self) -> String {
        let mut steps = Vec::new();
        let mut cursor = Some(self);
        while let Some(trail) = cursor {
            steps.push(&trail.step);
            cursor = trail.parent;
        }
        let mut out = String::new();
        for step in steps.into_iter().rev() {
            match step {
                Step::Field(name) | Step::Key(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// The path Go's encoding/json prints in a type error: field names only.
    fn go_path(&self) -> String {
        let mut names = Vec::new();
        let mut cursor = Some(self);
        while let Some(trail) = cursor {
            if let Step::Field(name) = trail.step {
                names.push(name);
            }
            cursor = trail.parent;
        }
        names.reverse();
        names.join(".")
    }
}

/// Checks a document against its kind's schema; `strict` reports fields the API does not have.
pub(crate) fn check(root: &Node, schema: &'static Struct, strict: bool) -> Vec<Problem> {
    let mut checker = Checker {
        strict,
        problems: Vec::new(),
    };
    checker.check_struct(root, schema, None, schema.name);
    checker.problems
}

struct Checker {
    strict: bool,
    problems: Vec<Problem>,
}

impl Checker {
    /// `owner` is the innermost Go struct, named in type errors (`Go struct field
    /// PersistentVolumeClaimSpec.spec.accessModes`).
    fn check_struct(
        &mut self,
        node: &Node,
        schema: &'static Struct,
        trail: Option<&Trail<'_>>,
        owner: &'static str,
    ) {
        let entries = match &node.kind {
            NodeKind::Map(entries) => entries,
            NodeKind::Null => return,
            _ => {
                self.type_error(node, trail, owner, &Shape::Struct(schema));
                return;
            }
        };
        for entry in entries {
            let here = Trail {
                parent: trail,
                step: Step::Field(&entry.key),
            };
            match schema.fields.iter().find(|(name, _)| *name == entry.key) {
                Some((_, shape)) => self.check_value(&entry.value, shape, &here, schema.name),
                None if self.strict => self.problems.push(Problem::at(
                    entry.key_at,
                    format!("unknown field \"{}\"", here.strict_path()),
                )),
                None => {}
            }
        }
    }

    fn check_value(&mut self, node: &Node, shape: &Shape, trail: &Trail<'_>, owner: &'static str) {
        let fits = match (&node.kind, shape) {
            (NodeKind::Null, _) | (_, Shape::Any) => true,
            (NodeKind::Str(_), Shape::Str(_) | Shape::Time | Shape::Quantity) => true,
            (NodeKind::Str(_), Shape::IntOrString) => true,
            (NodeKind::Int(i), Shape::IntOrString) => fits_int(*i, "int32"),
            (NodeKind::Int(_) | NodeKind::Float(_), Shape::Quantity) => true,
            (NodeKind::Bool(_), Shape::Bool) => true,
            (NodeKind::Int(i), Shape::Int(go)) => fits_int(*i, go),
            (NodeKind::Float(f), Shape::Int(go)) => {
                f.fract() == 0.0 && f.is_finite() && fits_int(*f as i128, go)
            }
            (NodeKind::Seq(items), Shape::List(item_shape)) => {
                for (i, item) in items.iter().enumerate() {
                    let here = Trail {
                        parent: Some(trail),
                        step: Step::Index(i),
                    };
                    self.check_value(item, item_shape, &here, owner);
                }
                true
            }
            (NodeKind::Map(entries), Shape::Map(value_shape) | Shape::NamedMap(_, value_shape)) => {
                for entry in entries {
                    let here = Trail {
                        parent: Some(trail),
                        step: Step::Key(&entry.key),
                    };
                    self.check_value(&entry.value, value_shape, &here, owner);
                }
                true
            }
            (NodeKind::Map(_), Shape::Struct(schema)) => {
                self.check_struct(node, schema, Some(trail), owner);
                true
            }
            (NodeKind::Map(_), Shape::Strict(schema)) => {
                let lenient = !self.strict;
                self.strict = true;
                self.check_struct(node, schema, Some(trail), owner);
                self.strict = !lenient;
                true
            }
            _ => false,
        };
        if !fits {
            self.type_error(node, Some(trail), owner, shape);
        }
    }

    /// Go's encoding/json wording, as kubectl relays it.
    fn type_error(&mut self, node: &Node, trail: Option<&Trail<'_>>, owner: &str, shape: &Shape) {
        // Go names the number itself only when it does not fit an integer field.
        let value = match (&node.kind, shape) {
            (NodeKind::Int(i), Shape::Int(_)) => format!("number {i}"),
            (NodeKind::Float(f), Shape::Int(_)) => format!("number {f}"),
            _ => node.json_type().to_owned(),
        };
        let message = match trail {
            Some(trail) => format!(
                "json: cannot unmarshal {value} into Go struct field {owner}.{} of type {}",
                trail.go_path(),
                shape.go_type()
            ),
            None => format!(
                "json: cannot unmarshal {value} into Go value of type {}",
                shape.go_type()
            ),
        };
        self.problems.push(Problem::at(node.at, message));
    }
}

fn fits_int(value: i128, go_type: &str) -> bool {
    match go_type {
        "int32" => i32::try_from(value).is_ok(),
        _ => i64::try_from(value).is_ok(),
    }
}
