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

pub const YES: &str = "yes";

/// Finalizers.
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const EXTERNAL_PROVISIONER_FINALIZER: &str =
    "external-provisioner.volume.kubernetes.io/finalizer";
