//! The core kinds (PersistentVolume, PersistentVolumeClaim, StorageClass, Pod, Node) decoded from
//! a tree by hand: what serde's derives did through [`super::decode`], with the same null
//! semantics, paths, positions and messages, in a fraction of the code. serde's generated
//! visitors and their instantiations over our deserializer were about a fifth of the lean
//! explainer module (BENCHMARKS.md, "Where the lean module's bytes go"); the differential test
//! (`typed_tests.rs`) holds the two to the same answers.
//!
//! Scenarios, lessons, the worker's answers and the apps kinds still go through serde.

use super::decode::{plain_scalar, render, DecodeError, Step, Trail};
use super::tree::{Node, NodeKind};
use pv_engine::objects::{
    ClaimPhase, CsiVolumeSource, HostPathVolumeSource, LabelSelector, LabelSelectorRequirement,
    LocalVolumeSource, NfsVolumeSource, Node as NodeObject, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, ObjectMeta, ObjectReference, OwnerReference, PersistentVolume,
    PersistentVolumeClaim, PersistentVolumeClaimCondition, PersistentVolumeClaimSpec,
    PersistentVolumeClaimStatus, PersistentVolumeClaimVolumeSource, PersistentVolumeSpec,
    PersistentVolumeStatus, Pod, PodCondition, PodSpec, PodStatus, PodVolume, ResourceRequirements,
    StorageClass, TopologySelectorLabelRequirement, TopologySelectorTerm, VolumeNodeAffinity,
    VolumePhase,
};
use pv_engine::quantity::{go_json_float_text, Quantity};
use pv_engine::time::Timestamp;
use pv_engine::value::Value;
use std::collections::BTreeMap;

/// Decodes a tree into `T`.
pub(crate) fn decode<T: FromTree>(node: &Node) -> Result<T, DecodeError> {
    T::from_tree(At { node, trail: None })
}

/// A node and the way down to it (for the error's path).
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    node: &'a Node,
    trail: Option<&'a Trail<'a>>,
}

impl<'a> At<'a> {
    /// An error at this node, its path the way down to it.
    fn fail(self, message: String) -> DecodeError {
        DecodeError::located(render(self.trail), self.node.at, message)
    }

    /// serde's `invalid type: map, expected a string`.
    fn invalid_type(self, expected: &str) -> DecodeError {
        self.fail(format!(
            "invalid type: {}, expected {expected}",
            unexpected(self.node)
        ))
    }

    /// A field the type requires, missing from this mapping.
    fn missing(self, field: &str) -> DecodeError {
        let mut path = render(self.trail);
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(field);
        DecodeError::located(path, self.node.at, "Required value".to_owned())
    }

    /// Calls `each` with every entry of a mapping (none for null), for a struct named `name`.
    fn fields(
        self,
        name: &str,
        mut each: impl FnMut(&str, At<'_>) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        let entries = match &self.node.kind {
            NodeKind::Null => return Ok(()),
            NodeKind::Map(entries) => entries,
            _ => return Err(self.invalid_type(&format!("struct {name}"))),
        };
        for entry in entries {
            let trail = Trail {
                parent: self.trail,
                step: Step::Name(&entry.key),
            };
            each(
                &entry.key,
                At {
                    node: &entry.value,
                    trail: Some(&trail),
                },
            )?;
        }
        Ok(())
    }

    /// A string the way serde's string visitors take one: null is `""`, a plain scalar the
    /// reader typed (`yes`, `10`) is refused with the way to keep its text.
    fn text(self, expected: &str) -> Result<&'a str, DecodeError> {
        match &self.node.kind {
            NodeKind::Null => Ok(""),
            NodeKind::Str(s) => Ok(s),
            NodeKind::Bool(_) | NodeKind::Int(_) | NodeKind::Float(_) => {
                Err(self.fail(plain_scalar(self.node)))
            }
            _ => Err(self.invalid_type(expected)),
        }
    }
}

/// How serde's `Unexpected` names what a node holds, as our deserializer hands it over.
fn unexpected(node: &Node) -> String {
    match &node.kind {
        NodeKind::Null => "unit value".to_owned(),
        NodeKind::Bool(b) => format!("boolean `{b}`"),
        NodeKind::Int(i) if i64::try_from(*i).is_ok() || u64::try_from(*i).is_ok() => {
            format!("integer `{i}`")
        }
        NodeKind::Int(i) => format!("integer `{i}` as i128"),
        NodeKind::Float(f) => format!("floating point `{}`", float_text(*f)),
        NodeKind::Str(s) => format!("string {s:?}"),
        NodeKind::Seq(_) => "sequence".to_owned(),
        NodeKind::Map(_) => "map".to_owned(),
    }
}

/// A float as serde's `Unexpected::Float` prints it: always with a decimal point when finite.
fn float_text(value: f64) -> String {
    let text = value.to_string();
    if value.is_finite() && !text.contains('.') {
        text + ".0"
    } else {
        text
    }
}

/// A value decoded from a tree.
pub(crate) trait FromTree: Sized {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError>;
}

impl FromTree for String {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        at.text("a string").map(str::to_owned)
    }
}

impl FromTree for bool {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        match at.node.kind {
            NodeKind::Null => Ok(false),
            NodeKind::Bool(b) => Ok(b),
            _ => Err(at.invalid_type("a boolean")),
        }
    }
}

impl<T: FromTree> FromTree for Option<T> {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        match at.node.kind {
            NodeKind::Null => Ok(None),
            _ => T::from_tree(at).map(Some),
        }
    }
}

impl<T: FromTree> FromTree for Box<T> {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        T::from_tree(at).map(Box::new)
    }
}

impl<T: FromTree> FromTree for Vec<T> {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        let items = match &at.node.kind {
            NodeKind::Null => return Ok(Vec::new()),
            NodeKind::Seq(items) => items,
            _ => return Err(at.invalid_type("a sequence")),
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, node) in items.iter().enumerate() {
            let trail = Trail {
                parent: at.trail,
                step: Step::Index(index),
            };
            out.push(T::from_tree(At {
                node,
                trail: Some(&trail),
            })?);
        }
        Ok(out)
    }
}

impl<V: FromTree> FromTree for BTreeMap<String, V> {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        if !matches!(at.node.kind, NodeKind::Null | NodeKind::Map(_)) {
            return Err(at.invalid_type("a map"));
        }
        let mut out = BTreeMap::new();
        at.fields("", |key, value| {
            out.insert(key.to_owned(), V::from_tree(value)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl FromTree for Quantity {
    /// What upstream's `UnmarshalJSON` accepts: a string (trimmed) or a bare number.
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        const EXPECTED: &str = "a Kubernetes quantity such as \"10Gi\", \"500m\" or 5";
        let parsed = match &at.node.kind {
            NodeKind::Str(text) => Quantity::parse(text.trim()),
            NodeKind::Int(i) => Quantity::parse(&i.to_string()),
            NodeKind::Float(f) if !f.is_finite() => {
                return Err(at.fail(format!(
                    "invalid value: {}, expected {EXPECTED}",
                    unexpected(at.node)
                )))
            }
            NodeKind::Float(f) => Quantity::parse(&go_json_float_text(*f)),
            _ => return Err(at.invalid_type(EXPECTED)),
        };
        parsed.map_err(|e| at.fail(e.to_string()))
    }
}

impl FromTree for Timestamp {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        const EXPECTED: &str = "an RFC 3339 time such as 2026-01-01T00:00:00Z";
        let text = at.text(EXPECTED)?;
        Timestamp::parse(text).ok_or_else(|| {
            at.fail(format!(
                "invalid value: string {text:?}, expected {EXPECTED}"
            ))
        })
    }
}

impl FromTree for Value {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        Ok(match &at.node.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(small), _) => Value::Int(small),
                (_, Ok(large)) => Value::Float(large as f64),
                _ => return Err(at.invalid_type("any YAML value")),
            },
            NodeKind::Float(f) => Value::Float(*f),
            NodeKind::Str(s) => Value::String(s.clone()),
            NodeKind::Seq(_) => Value::Seq(Vec::from_tree(at)?),
            NodeKind::Map(_) => Value::Map(BTreeMap::from_tree(at)?),
        })
    }
}

/// A phase: its name as a string (or, as serde's enums allow, a mapping of one entry whose key
/// is the name).
fn phase<P: Copy>(at: At<'_>, phases: &[(&str, P)]) -> Result<P, DecodeError> {
    let name = match &at.node.kind {
        NodeKind::Str(s) => s.as_str(),
        NodeKind::Map(entries) if entries.len() == 1 => entries[0].key.as_str(),
        _ => return Err(at.fail(format!("expected a string, got {}", at.node.json_type()))),
    };
    match phases.iter().find(|(n, _)| *n == name) {
        Some((_, p)) => Ok(*p),
        None => {
            let names: Vec<String> = phases.iter().map(|(n, _)| format!("`{n}`")).collect();
            Err(at.fail(format!(
                "unknown variant `{name}`, expected one of {}",
                names.join(", ")
            )))
        }
    }
}

impl FromTree for VolumePhase {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        use VolumePhase::*;
        phase(
            at,
            &[
                ("Pending", Pending),
                ("Available", Available),
                ("Bound", Bound),
                ("Released", Released),
                ("Failed", Failed),
            ],
        )
    }
}

impl FromTree for ClaimPhase {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        use ClaimPhase::*;
        phase(
            at,
            &[("Pending", Pending), ("Bound", Bound), ("Lost", Lost)],
        )
    }
}

/// `impl FromTree` for structs: each field by its wire name; `required` ones (no
/// `#[serde(default)]` in the engine) are reported missing, first in declaration order, as
/// serde's derive reports them. Keys the type does not model are skipped (the schema check has
/// judged them). `[name]` is the type's name in messages when the Rust name here differs.
macro_rules! structs {
    ($($ty:ident $([$name:literal])? { $($field:ident: $wire:literal $($required:ident)?),* $(,)? })*) => {$(
        impl FromTree for $ty {
            fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
                let mut out = $ty::default();
                at.fields(type_name!($ty $($name)?), |key, value| {
                    match key {
                        $($wire => out.$field = FromTree::from_tree(value)?,)*
                        _ => {}
                    }
                    Ok(())
                })?;
                $($(
                    required!($required);
                    if !has_key(at.node, $wire) {
                        return Err(at.missing($wire));
                    }
                )?)*
                Ok(out)
            }
        }

        #[cfg(all(test, not(target_arch = "wasm32")))]
        impl tests::Fields for $ty {
            const FIELDS: &'static [&'static str] = &[$($wire),*];
        }
    )*};
}

macro_rules! type_name {
    ($ty:ident) => {
        stringify!($ty)
    };
    ($ty:ident $name:literal) => {
        $name
    };
}

/// The marker word of a required field (only `required` is accepted).
macro_rules! required {
    (required) => {};
}

/// Whether a mapping has `key` (null has none).
fn has_key(node: &Node, key: &str) -> bool {
    matches!(&node.kind, NodeKind::Map(entries) if entries.iter().any(|e| e.key == key))
}

structs! {
    ObjectMeta {
        name: "name", namespace: "namespace", uid: "uid", labels: "labels",
        annotations: "annotations", finalizers: "finalizers", generate_name: "generateName",
        owner_references: "ownerReferences", creation_timestamp: "creationTimestamp",
        deletion_timestamp: "deletionTimestamp",
    }
    OwnerReference {
        api_version: "apiVersion", kind: "kind", name: "name", uid: "uid",
        controller: "controller", block_owner_deletion: "blockOwnerDeletion",
    }
    ObjectReference {
        kind: "kind", namespace: "namespace", name: "name", uid: "uid",
        api_version: "apiVersion", resource_version: "resourceVersion",
    }
    NodeSelectorRequirement { key: "key" required, operator: "operator" required, values: "values" }
    NodeSelectorTerm { match_expressions: "matchExpressions", match_fields: "matchFields" }
    NodeSelector { node_selector_terms: "nodeSelectorTerms" }
    VolumeNodeAffinity { required: "required" }
    HostPathVolumeSource { path: "path" required, type_: "type" }
    NfsVolumeSource { server: "server" required, path: "path" required, read_only: "readOnly" }
    LocalVolumeSource { path: "path" required, fs_type: "fsType" }
    CsiVolumeSource {
        driver: "driver" required, volume_handle: "volumeHandle" required,
        read_only: "readOnly", fs_type: "fsType", volume_attributes: "volumeAttributes",
    }
    PersistentVolumeStatus { phase: "phase", message: "message", reason: "reason" }
    PersistentVolume { metadata: "metadata", spec: "spec", status: "status" }
    LabelSelectorRequirement { key: "key" required, operator: "operator" required, values: "values" }
    LabelSelector { match_labels: "matchLabels", match_expressions: "matchExpressions" }
    ResourceRequirements { requests: "requests", limits: "limits" }
    PersistentVolumeClaimSpec {
        access_modes: "accessModes", selector: "selector", resources: "resources",
        volume_name: "volumeName", storage_class_name: "storageClassName",
        volume_mode: "volumeMode", data_source: "dataSource", data_source_ref: "dataSourceRef",
        volume_attributes_class_name: "volumeAttributesClassName",
    }
    PersistentVolumeClaimStatus {
        phase: "phase", access_modes: "accessModes", capacity: "capacity",
        conditions: "conditions", allocated_resources: "allocatedResources",
        allocated_resource_statuses: "allocatedResourceStatuses",
    }
    PersistentVolumeClaimCondition {
        type_: "type" required, status: "status" required, last_probe_time: "lastProbeTime",
        last_transition_time: "lastTransitionTime", reason: "reason", message: "message",
    }
    PersistentVolumeClaim { metadata: "metadata", spec: "spec", status: "status" }
    TopologySelectorLabelRequirement { key: "key" required, values: "values" }
    TopologySelectorTerm { match_label_expressions: "matchLabelExpressions" }
    StorageClass {
        metadata: "metadata", provisioner: "provisioner", parameters: "parameters",
        reclaim_policy: "reclaimPolicy", volume_binding_mode: "volumeBindingMode",
        allow_volume_expansion: "allowVolumeExpansion", allowed_topologies: "allowedTopologies",
        mount_options: "mountOptions",
    }
    PersistentVolumeClaimVolumeSource { claim_name: "claimName" required, read_only: "readOnly" }
    PodVolume {
        name: "name" required, persistent_volume_claim: "persistentVolumeClaim",
        empty_dir: "emptyDir", config_map: "configMap", secret: "secret",
        projected: "projected", host_path: "hostPath",
    }
    PodSpec {
        node_name: "nodeName", hostname: "hostname", subdomain: "subdomain",
        restart_policy: "restartPolicy", node_selector: "nodeSelector", volumes: "volumes",
        containers: "containers",
    }
    PodStatus { phase: "phase", conditions: "conditions" }
    PodCondition {
        type_: "type" required, status: "status" required, last_probe_time: "lastProbeTime",
        last_transition_time: "lastTransitionTime", reason: "reason", message: "message",
    }
    Pod { metadata: "metadata", spec: "spec", status: "status" }
    NodeObject ["Node"] { metadata: "metadata" }
}

/// A volume's spec: the typed fields, then the opaque in-tree sources by their wire names.
impl FromTree for PersistentVolumeSpec {
    fn from_tree(at: At<'_>) -> Result<Self, DecodeError> {
        let mut out = PersistentVolumeSpec::default();
        at.fields("PersistentVolumeSpec", |key, value| {
            match key {
                "capacity" => out.capacity = FromTree::from_tree(value)?,
                "accessModes" => out.access_modes = FromTree::from_tree(value)?,
                "claimRef" => out.claim_ref = FromTree::from_tree(value)?,
                "persistentVolumeReclaimPolicy" => {
                    out.persistent_volume_reclaim_policy = FromTree::from_tree(value)?
                }
                "storageClassName" => out.storage_class_name = FromTree::from_tree(value)?,
                "mountOptions" => out.mount_options = FromTree::from_tree(value)?,
                "volumeMode" => out.volume_mode = FromTree::from_tree(value)?,
                "nodeAffinity" => out.node_affinity = FromTree::from_tree(value)?,
                "volumeAttributesClassName" => {
                    out.volume_attributes_class_name = FromTree::from_tree(value)?
                }
                "hostPath" => out.host_path = FromTree::from_tree(value)?,
                "nfs" => out.nfs = FromTree::from_tree(value)?,
                "local" => out.local = FromTree::from_tree(value)?,
                "csi" => out.csi = FromTree::from_tree(value)?,
                other => {
                    if let Some(source) = out.other_source_mut(other) {
                        *source = FromTree::from_tree(value)?;
                    }
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "typed_tests.rs"]
mod tests;
