//! The annotation keys and finalizer names the control loop reads and writes, as upstream
//! spells them (`pv_helpers.go`, the admission plugins, the protection controllers).

/// On a claim: it has been through binding once (switches to the "bound claim" branch).
pub const BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
/// On a PV or claim: the controller, not the user, set `claimRef` / `volumeName`.
pub const BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
/// On a PV: who provisioned it.
pub const PROVISIONED_BY: &str = "pv.kubernetes.io/provisioned-by";
/// On a claim: the node the scheduler chose, for WaitForFirstConsumer provisioning.
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// On a claim: which provisioner must act.
pub const STORAGE_PROVISIONER: &str = "volume.kubernetes.io/storage-provisioner";
pub const BETA_STORAGE_PROVISIONER: &str = "volume.beta.kubernetes.io/storage-provisioner";
/// On a PV or claim: the legacy class, which wins over `spec.storageClassName`.
pub const BETA_STORAGE_CLASS: &str = "volume.beta.kubernetes.io/storage-class";
/// On a StorageClass: marks a default class (only the literal "true" counts).
pub const DEFAULT_CLASS: &str = "storageclass.kubernetes.io/is-default-class";
pub const BETA_DEFAULT_CLASS: &str = "storageclass.beta.kubernetes.io/is-default-class";

/// On a PV: the claim's capacity before an expansion that still needs the node (§19.4).
pub const PRE_RESIZE_CAPACITY: &str = "volume.alpha.kubernetes.io/pre-resize-capacity";
/// On a claim: the resizer finished without the node (§19.4).
pub const NODE_EXPANSION_NOT_REQUIRED: &str = "volume.kubernetes.io/node-expansion-not-required";

/// Labels the StatefulSet controller writes on its pods (§17.2).
pub const STATEFUL_SET_POD_NAME: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX: &str = "apps.kubernetes.io/pod-index";
pub const CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
/// The label the Deployment controller adds to a ReplicaSet and its pods (§18.1).
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// On a Deployment and its ReplicaSets: the rollout's number.
pub const DEPLOYMENT_REVISION: &str = "deployment.kubernetes.io/revision";

pub const YES: &str = "yes";

/// Finalizers.
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const EXTERNAL_PROVISIONER_FINALIZER: &str =
    "external-provisioner.volume.kubernetes.io/finalizer";
/// The garbage collector's finalizers for foreground and orphan deletion (§20.3).
pub const FOREGROUND_DELETION: &str = "foregroundDeletion";
pub const ORPHAN: &str = "orphan";
