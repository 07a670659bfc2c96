//! Tables of good and bad objects per kind with the exact messages the API server gives, the
//! update and admission rules, defaulting, and properties over arbitrary field contents.
//! Cases named after upstream's come from `pkg/apis/core/validation/validation_test.go` and
//! `pkg/apis/storage/validation/validation_test.go`.

use super::*;
use crate::apimachinery::{is_dns1123_label, is_qualified_name, is_valid_label_value};
use crate::objects::{
    ClaimPhase, Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass,
};
use crate::quantity::Quantity;
use proptest::prelude::*;
use serde_json::{json, Value as Json};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// Upstream's DNS-1123 subdomain message, written out once so the tables can be read.
const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/// Upstream's DNS-1123 label message (with upstream's double space before `or`).
const LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const ACCESS_MODES: &str =
    r#"supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod""#;
const POD_UPDATE: &str = "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
const CLAIM_SPEC_IMMUTABLE: &str = "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

fn messages(errors: &[FieldError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

/// `<path>: Invalid value: "<value>": <message>` for each message a primitive gives.
fn invalid_each(path: &str, value: &str, details: Vec<String>) -> Vec<String> {
    details
        .into_iter()
        .map(|detail| {
            format!(
                "{path}: Invalid value: {}: {detail}",
                quote_go_string(value)
            )
        })
        .collect()
}

/// Deep-merges `patch` into `base` (objects merge, anything else replaces, `null` removes).
fn merged(mut base: Json, patch: Json) -> Json {
    merge(&mut base, patch);
    base
}

fn merge(base: &mut Json, patch: Json) {
    match (base, patch) {
        (Json::Object(base), Json::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    base.remove(&key);
                } else {
                    merge(base.entry(key).or_insert(Json::Null), value);
                }
            }
        }
        (base, patch) => *base = patch,
    }
}

fn good_volume_json() -> Json {
    json!({
        "metadata": {"name": "foo"},
        "spec": {
            "capacity": {"storage": "10G"},
            "accessModes": ["ReadWriteOnce"],
            "hostPath": {"path": "/foo", "type": "Directory"}
        }
    })
}

fn volume(patch: Json) -> PersistentVolume {
    serde_json::from_value(merged(good_volume_json(), patch)).expect("a PersistentVolume")
}

fn good_claim_json() -> Json {
    json!({
        "metadata": {"name": "data", "namespace": "default"},
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": "1Gi"}}
        }
    })
}

fn claim(patch: Json) -> PersistentVolumeClaim {
    serde_json::from_value(merged(good_claim_json(), patch)).expect("a PersistentVolumeClaim")
}

fn class(patch: Json) -> StorageClass {
    let base = json!({
        "metadata": {"name": "fast"},
        "provisioner": "kubernetes.io/foo-provisioner",
        "reclaimPolicy": "Delete",
        "volumeBindingMode": "Immediate"
    });
    serde_json::from_value(merged(base, patch)).expect("a StorageClass")
}

fn pod(patch: Json) -> Pod {
    let base = json!({
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "containers": [{"name": "app", "image": "nginx"}],
            "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]
        }
    });
    serde_json::from_value(merged(base, patch)).expect("a Pod")
}

fn node(patch: Json) -> Node {
    serde_json::from_value(merged(json!({"metadata": {"name": "node-1"}}), patch)).expect("a Node")
}

/// Asserts the exact messages `validate_create` gives for each case.
fn assert_create_table(cases: Vec<(&str, Object, Vec<String>)>) {
    for (name, object, expected) in cases {
        assert_eq!(messages(&validate_create(&object)), expected, "case {name}");
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn node_affinity(expression: Json) -> Json {
    json!({"required": {"nodeSelectorTerms": [{"matchExpressions": [expression]}]}})
}

/// A local volume as upstream's `testVolumeWithNodeAffinity` builds one.
fn local_volume(affinity: Json) -> Object {
    Object::PersistentVolume(volume(json!({
        "spec": {"hostPath": null, "local": {"path": "/mnt/disk"}, "nodeAffinity": affinity}
    })))
}

// ---------------------------------------------------------------------------
// PersistentVolume
// ---------------------------------------------------------------------------

#[test]
fn good_volumes_pass() {
    let good = [
        json!({}),
        json!({"spec": {"capacity": {"storage": "10Gi"}}}),
        json!({"spec": {"capacity": {"storage": "10"}}}),
        json!({"spec": {"storageClassName": "valid"}}),
        json!({"spec": {"storageClassName": ""}}),
        json!({"spec": {"persistentVolumeReclaimPolicy": "Retain"}}),
        json!({"spec": {"volumeMode": "Filesystem"}}),
        json!({"spec": {"accessModes": ["ReadWriteOncePod"]}}),
        json!({"spec": {"accessModes": ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"]}}),
        json!({"spec": {"hostPath": null, "nfs": {"server": "nfs.example.com", "path": "/exports"}}}),
        json!({"spec": {"hostPath": null, "csi": {"driver": "Ebs.CSI.AWS.com", "volumeHandle": "vol-1"}}}),
        json!({"spec": {"hostPath": null, "csi": {"driver": "test-driver", "volumeHandle": "test-123"},
                        "storageClassName": "valid", "volumeAttributesClassName": "valid"}}),
        json!({"spec": {"hostPath": null, "local": {"path": "/mnt/disk"},
                        "nodeAffinity": node_affinity(json!({"key": "foo", "operator": "In", "values": ["bar"]}))}}),
        json!({"spec": {"hostPath": null, "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:storage", "lun": 0}}}),
        // Upstream counts flexVolume without the "more than one source" check.
        json!({"spec": {"flexVolume": {"driver": "kubernetes.io/blue"}}}),
        json!({"spec": {"hostPath": null, "nfs": {"server": "s", "path": "/p"}},
               "metadata": {"annotations": {"volume.beta.kubernetes.io/mount-options": "ro"}}}),
        json!({"metadata": {"finalizers": ["kubernetes.io/pv-protection", "kubernetes"]}}),
        json!({"spec": {"claimRef": {"namespace": "default", "name": "data"}}}),
    ];
    for patch in good {
        let object = Object::PersistentVolume(volume(patch.clone()));
        assert_eq!(
            messages(&validate_create(&object)),
            Vec::<String>::new(),
            "{patch}"
        );
    }
}

#[test]
fn upstream_volume_error_cases() {
    let cases = vec![
        (
            "invalid-accessmode",
            volume(json!({"spec": {"accessModes": ["fakemode"]}})),
            vec![format!(r#"spec.accessModes: Unsupported value: "fakemode": {ACCESS_MODES}"#)],
        ),
        (
            "invalid-reclaimpolicy",
            volume(json!({"spec": {"persistentVolumeReclaimPolicy": "fakeReclaimPolicy"}})),
            strings(&[r#"spec.persistentVolumeReclaimPolicy: Unsupported value: "fakeReclaimPolicy": supported values: "Delete", "Recycle", "Retain""#]),
        ),
        (
            "invalid-volume-mode",
            volume(json!({"spec": {"volumeMode": "fakeVolumeMode"}})),
            strings(&[r#"spec.volumeMode: Unsupported value: "fakeVolumeMode": supported values: "Block", "Filesystem""#]),
        ),
        (
            "with-read-write-once-pod-and-others",
            volume(json!({"spec": {"accessModes": ["ReadWriteOncePod", "ReadWriteMany"]}})),
            strings(&["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"]),
        ),
        (
            "unexpected-namespace",
            volume(json!({"metadata": {"namespace": "unexpected-namespace"}})),
            strings(&["metadata.namespace: Forbidden: not allowed on this type"]),
        ),
        (
            "missing-volume-source",
            volume(json!({"spec": {"hostPath": null}})),
            strings(&["spec: Required value: must specify a volume type"]),
        ),
        (
            "bad-name",
            volume(json!({"metadata": {"name": "123*Bad(Name", "namespace": "unexpected-namespace"}})),
            vec![
                format!(r#"metadata.name: Invalid value: "123*Bad(Name": {SUBDOMAIN}"#),
                "metadata.namespace: Forbidden: not allowed on this type".to_owned(),
            ],
        ),
        (
            "missing-name",
            volume(json!({"metadata": {"name": ""}})),
            strings(&["metadata.name: Required value: name or generateName is required"]),
        ),
        (
            "missing-capacity",
            volume(json!({"spec": {"capacity": null}})),
            strings(&[
                "spec.capacity: Required value",
                r#"spec.capacity: Unsupported value: null: supported values: "storage""#,
            ]),
        ),
        (
            "bad-volume-zero-capacity",
            volume(json!({"spec": {"capacity": {"storage": "0"}}})),
            strings(&[r#"spec.capacity[storage]: Invalid value: "0": must be greater than zero"#]),
        ),
        (
            "missing-accessmodes",
            volume(json!({"metadata": {"name": "goodname", "namespace": "missing-accessmodes"},
                          "spec": {"accessModes": null}})),
            strings(&[
                "metadata.namespace: Forbidden: not allowed on this type",
                "spec.accessModes: Required value",
            ]),
        ),
        (
            "too-many-sources",
            volume(json!({"spec": {"capacity": {"storage": "5G"}, "accessModes": null,
                                   "gcePersistentDisk": {"pdName": "foo", "fsType": "ext4"}}})),
            strings(&[
                "spec.accessModes: Required value",
                "spec.gcePersistentDisk: Forbidden: may not specify more than 1 volume type",
            ]),
        ),
        (
            "host mount of / with recycle reclaim policy",
            volume(json!({"metadata": {"name": "bad-recycle-do-not-want"},
                          "spec": {"hostPath": {"path": "/"}, "persistentVolumeReclaimPolicy": "Recycle"}})),
            strings(&["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"]),
        ),
        (
            "host mount of / with recycle reclaim policy 2",
            volume(json!({"spec": {"hostPath": {"path": "/a/.."}, "persistentVolumeReclaimPolicy": "Recycle"}})),
            strings(&[
                r#"spec.hostPath.path: Invalid value: "/a/..": must not contain '..'"#,
                "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
            ]),
        ),
        (
            "invalid-storage-class-name",
            volume(json!({"spec": {"storageClassName": "-invalid-"}})),
            vec![format!(r#"spec.storageClassName: Invalid value: "-invalid-": {SUBDOMAIN}"#)],
        ),
        (
            "bad-hostpath-volume-backsteps",
            volume(json!({"spec": {"hostPath": {"path": "/foo/.."}, "storageClassName": "backstep-hostpath"}})),
            strings(&[r#"spec.hostPath.path: Invalid value: "/foo/..": must not contain '..'"#]),
        ),
        (
            "invalid-volume-attributes-class-name",
            volume(json!({"spec": {"storageClassName": "invalid", "volumeAttributesClassName": "-invalid-"}})),
            vec![
                format!(r#"spec.volumeAttributesClassName: Invalid value: "-invalid-": {SUBDOMAIN}"#),
                "spec.csi: Required value: has to be specified when using volumeAttributesClassName".to_owned(),
            ],
        ),
        (
            "invalid-empty-volume-attributes-class-name",
            volume(json!({"spec": {"storageClassName": "invalid", "volumeAttributesClassName": ""}})),
            strings(&[
                "spec.volumeAttributesClassName: Required value: an empty string is disallowed",
                "spec.csi: Required value: has to be specified when using volumeAttributesClassName",
            ]),
        ),
    ];
    assert_create_table(
        cases
            .into_iter()
            .map(|(name, volume, expected)| (name, Object::PersistentVolume(volume), expected))
            .collect(),
    );
}

#[test]
fn volume_sources_and_capacity() {
    let cases = vec![
        (
            "local without node affinity",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": null, "local": {"path": ""}}}))),
            strings(&[
                "spec.local.path: Required value",
                "spec.nodeAffinity: Required value: Local volume requires node affinity",
            ]),
        ),
        (
            "local with backsteps",
            local_volume(node_affinity(json!({"key": "k", "operator": "Exists"})))
                .with_local_path("/mnt/../etc"),
            strings(&[r#"spec.local.path: Invalid value: "/mnt/../etc": must not contain '..'"#]),
        ),
        (
            "empty nfs",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": null, "nfs": {"server": "", "path": ""}}}))),
            strings(&[
                "spec.nfs.server: Required value",
                "spec.nfs.path: Required value",
                r#"spec.nfs.path: Invalid value: "": must be an absolute path"#,
            ]),
        ),
        (
            "relative nfs path",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": null, "nfs": {"server": "s", "path": "exports"}}}))),
            strings(&[r#"spec.nfs.path: Invalid value: "exports": must be an absolute path"#]),
        ),
        (
            "empty csi",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": null, "csi": {"driver": "", "volumeHandle": ""}}}))),
            vec![
                "spec.csi.driver: Required value".to_owned(),
                format!(r#"spec.csi.driver: Invalid value: "": {SUBDOMAIN}"#),
                "spec.csi.volumeHandle: Required value".to_owned(),
            ],
        ),
        (
            "long csi driver",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": null,
                "csi": {"driver": "d".repeat(64), "volumeHandle": "h"}}}))),
            strings(&["spec.csi.driver: Too long: may not be more than 63 bytes"]),
        ),
        (
            "bad csi driver keeps its case in the message",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": null,
                "csi": {"driver": "Bad_Driver", "volumeHandle": "h"}}}))),
            vec![format!(r#"spec.csi.driver: Invalid value: "Bad_Driver": {SUBDOMAIN}"#)],
        ),
        (
            "empty host path",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": {"path": ""}}}))),
            strings(&["spec.hostPath.path: Required value"]),
        ),
        (
            "unknown host path type",
            Object::PersistentVolume(volume(json!({"spec": {"hostPath": {"path": "/x", "type": "Dir"}}}))),
            strings(&[r#"spec.hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#]),
        ),
        (
            "a second cephfs is reported at upstream's cephFS",
            Object::PersistentVolume(volume(json!({"spec": {"cephfs": {"monitors": ["m"]}}}))),
            strings(&["spec.cephFS: Forbidden: may not specify more than 1 volume type"]),
        ),
        (
            "three sources",
            Object::PersistentVolume(volume(json!({"spec": {"nfs": {"server": "s", "path": "/p"},
                                                           "csi": {"driver": "d", "volumeHandle": "h"}}}))),
            strings(&[
                "spec.nfs: Forbidden: may not specify more than 1 volume type",
                "spec.csi: Forbidden: may not specify more than 1 volume type",
            ]),
        ),
        (
            "a resource other than storage",
            Object::PersistentVolume(volume(json!({"spec": {"capacity": {"storage": "1Gi", "iops": "3"}}}))),
            strings(&[r#"spec.capacity: Unsupported value: {"iops":"3","storage":"1Gi"}: supported values: "storage""#]),
        ),
        (
            "negative capacity",
            Object::PersistentVolume(volume(json!({"spec": {"capacity": {"storage": "-1Gi"}}}))),
            strings(&[
                "spec.capacity[storage]: Invalid value: -1073741824: must be a valid resource quantity",
                r#"spec.capacity[storage]: Invalid value: "-1Gi": must be greater than zero"#,
            ]),
        ),
        (
            "mount options on hostPath",
            Object::PersistentVolume(volume(json!({"metadata": {"annotations": {"volume.beta.kubernetes.io/mount-options": "ro"}}}))),
            strings(&["metadata.annotations.volume.beta.kubernetes.io/mount-options: Forbidden: may not specify mount options for this volume type"]),
        ),
    ];
    assert_create_table(cases);
}

/// Test helper: replace a local volume's path.
trait WithLocalPath {
    fn with_local_path(self, path: &str) -> Self;
}

impl WithLocalPath for Object {
    fn with_local_path(mut self, path: &str) -> Self {
        if let Object::PersistentVolume(volume) = &mut self {
            if let Some(local) = &mut volume.spec.local {
                local.path = path.to_owned();
            }
        }
        self
    }
}

#[test]
fn volume_node_affinity_rules() {
    let term_path = "spec.nodeAffinity.required.nodeSelectorTerms[0]";
    let empty_key_errors = invalid_each(
        &format!("{term_path}.matchExpressions[0].key"),
        "",
        is_qualified_name(""),
    );
    let cases = vec![
        (
            "volume-empty-node-affinity",
            local_volume(json!({})),
            strings(&["spec.nodeAffinity.required: Required value: must specify required node constraints"]),
        ),
        ("volume-bad-node-affinity", local_volume(node_affinity(json!({"key": "", "operator": "In", "values": ["test-label-value"]}))), empty_key_errors),
        (
            "no terms",
            local_volume(json!({"required": {"nodeSelectorTerms": []}})),
            strings(&["spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term"]),
        ),
        (
            "In without values",
            local_volume(node_affinity(json!({"key": "zone", "operator": "In"}))),
            vec![format!("{term_path}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")],
        ),
        (
            "Exists with values",
            local_volume(node_affinity(json!({"key": "zone", "operator": "Exists", "values": ["a"]}))),
            vec![format!("{term_path}.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")],
        ),
        (
            "Gt with two values",
            local_volume(node_affinity(json!({"key": "cores", "operator": "Gt", "values": ["1", "2"]}))),
            vec![format!("{term_path}.matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'")],
        ),
        (
            "unknown operator and bad value",
            local_volume(node_affinity(json!({"key": "zone", "operator": "in", "values": ["-a"]}))),
            [
                vec![format!(r#"{term_path}.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator"#)],
                invalid_each(&format!("{term_path}.matchExpressions[0].values[0]"), "-a", is_valid_label_value("-a")),
            ]
            .concat(),
        ),
        (
            "field selector on a label",
            local_volume(json!({"required": {"nodeSelectorTerms": [{"matchFields": [
                {"key": "metadata.labels", "operator": "In", "values": ["a", "b"]}]}]}})),
            vec![
                format!("{term_path}.matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"),
                format!(r#"{term_path}.matchFields[0].key: Invalid value: "metadata.labels": not a valid field selector key"#),
            ],
        ),
        (
            "field selector with a bad node name",
            local_volume(json!({"required": {"nodeSelectorTerms": [{"matchFields": [
                {"key": "metadata.name", "operator": "Exists", "values": ["Node_1"]}]}]}})),
            vec![
                format!(r#"{term_path}.matchFields[0].operator: Invalid value: "Exists": not a valid selector operator"#),
                format!(r#"{term_path}.matchFields[0].values[0]: Invalid value: "Node_1": {SUBDOMAIN}"#),
            ],
        ),
    ];
    assert_create_table(cases);
    let good = local_volume(json!({"required": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "NotIn", "values": ["a"]},
                              {"key": "cores", "operator": "Lt", "values": ["8"]}],
         "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-1"]}]}]}}));
    assert!(validate_create(&good).is_empty());
}

#[test]
fn finalizer_rules_apply_to_every_kind() {
    let cases = vec![
        (
            "non-standard unqualified finalizer",
            Object::PersistentVolume(volume(json!({"metadata": {"finalizers": ["custom"]}}))),
            strings(&[
                r#"metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified"#,
            ]),
        ),
        (
            "both garbage-collector policies",
            Object::Node(node(
                json!({"metadata": {"finalizers": ["orphan", "foregroundDeletion"]}}),
            )),
            strings(&[
                r#"metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set"#,
            ]),
        ),
        (
            "a finalizer that is not a qualified name",
            Object::PersistentVolumeClaim(claim(
                json!({"metadata": {"finalizers": ["example.com/a b"]}}),
            )),
            invalid_each(
                "metadata.finalizers",
                "example.com/a b",
                is_qualified_name("example.com/a b"),
            ),
        ),
    ];
    assert_create_table(cases);
}

// ---------------------------------------------------------------------------
// PersistentVolumeClaim
// ---------------------------------------------------------------------------

#[test]
fn good_claims_pass() {
    let good = [
        json!({}),
        json!({"spec": {"storageClassName": ""}}),
        json!({"spec": {"storageClassName": "fast", "volumeMode": "Block", "volumeName": "pv-1"}}),
        json!({"spec": {"accessModes": ["ReadWriteOncePod"]}}),
        json!({"spec": {"selector": {"matchLabels": {"tier": "gold"},
                                     "matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["b"]}]}}}),
        json!({"spec": {"dataSource": {"kind": "PersistentVolumeClaim", "name": "source"}}}),
        json!({"spec": {"dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"},
                        "dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"}}}),
        json!({"spec": {"dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot",
                                          "name": "snap", "namespace": "other"}}}),
        json!({"spec": {"volumeAttributesClassName": "gold"}}),
        json!({"spec": {"resources": {"requests": {"storage": "1Gi"}, "limits": {"storage": "2Gi"}}}}),
    ];
    for patch in good {
        let object = Object::PersistentVolumeClaim(claim(patch.clone()));
        assert_eq!(
            messages(&validate_create(&object)),
            Vec::<String>::new(),
            "{patch}"
        );
    }
}

#[test]
fn claim_error_cases() {
    let cases = vec![
        (
            "missing-namespace",
            claim(json!({"metadata": {"namespace": null}})),
            strings(&["metadata.namespace: Required value"]),
        ),
        (
            "invalid-namespace",
            claim(json!({"metadata": {"namespace": "Team_A"}})),
            vec![format!(r#"metadata.namespace: Invalid value: "Team_A": {LABEL}"#)],
        ),
        (
            "missing-accessmode",
            claim(json!({"spec": {"accessModes": null}})),
            strings(&["spec.accessModes: Required value: at least 1 access mode is required"]),
        ),
        (
            "invalid-accessmode",
            claim(json!({"spec": {"accessModes": ["fakemode"]}})),
            vec![format!(r#"spec.accessModes: Unsupported value: "fakemode": {ACCESS_MODES}"#)],
        ),
        (
            "read-write-once-pod with others",
            claim(json!({"spec": {"accessModes": ["ReadWriteOnce", "ReadWriteOncePod"]}})),
            strings(&["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"]),
        ),
        (
            "no-resource-requests",
            claim(json!({"spec": {"resources": null}})),
            strings(&["spec.resources[storage]: Required value"]),
        ),
        (
            "invalid-resource-requests (memory only)",
            claim(json!({"spec": {"resources": {"requests": {"storage": null, "memory": "2G"}}}})),
            strings(&["spec.resources[storage]: Required value"]),
        ),
        (
            "zero-storage-request",
            claim(json!({"spec": {"resources": {"requests": {"storage": "0G"}}}})),
            strings(&[r#"spec.resources[storage]: Invalid value: "0": must be greater than zero"#]),
        ),
        (
            "negative-storage-request",
            claim(json!({"spec": {"resources": {"requests": {"storage": "-2Gi"}}}})),
            strings(&[r#"spec.resources[storage]: Invalid value: "-2Gi": must be greater than zero"#]),
        ),
        (
            "invalid-storage-class-name",
            claim(json!({"spec": {"storageClassName": "-invalid-"}})),
            vec![format!(r#"spec.storageClassName: Invalid value: "-invalid-": {SUBDOMAIN}"#)],
        ),
        (
            "invalid-volume-mode",
            claim(json!({"spec": {"volumeMode": "Blok"}})),
            strings(&[r#"spec.volumeMode: Unsupported value: "Blok": supported values: "Block", "Filesystem""#]),
        ),
        (
            "invalid-label-selector",
            claim(json!({"spec": {"selector": {"matchExpressions": [{"key": "key2", "operator": "InvalidOp", "values": ["value1", "value2"]}]}}})),
            strings(&[r#"spec.selector.matchExpressions[0].operator: Invalid value: "InvalidOp": not a valid selector operator"#]),
        ),
        (
            "data source of a kind in the core group",
            claim(json!({"spec": {"dataSource": {"kind": "VolumeSnapshot", "name": "snap"}}})),
            strings(&[r#"spec.dataSource: Invalid value: "VolumeSnapshot": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#]),
        ),
        (
            "empty data source",
            claim(json!({"spec": {"dataSource": {}}})),
            strings(&[
                "spec.dataSource.name: Required value",
                "spec.dataSource.kind: Required value",
                r#"spec.dataSource: Invalid value: "": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#,
            ]),
        ),
        (
            "bad data source group and namespace",
            claim(json!({"spec": {"dataSourceRef": {"apiGroup": "Snapshots", "kind": "VolumeSnapshot", "name": "s", "namespace": "Other"}}})),
            [
                vec![format!(r#"spec.dataSourceRef.apiGroup: Invalid value: "Snapshots": {SUBDOMAIN}"#)],
                vec![format!(r#"spec.dataSourceRef.namespace: Invalid value: "Other": {LABEL}"#)],
            ]
            .concat(),
        ),
        (
            "data source differs from its ref",
            claim(json!({"spec": {"dataSource": {"kind": "PersistentVolumeClaim", "name": "a"},
                                  "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "b"}}})),
            strings(&["spec: Invalid value: spec.dataSource: must match dataSourceRef"]),
        ),
        (
            "data source beside a cross-namespace ref",
            claim(json!({"spec": {"dataSource": {"kind": "PersistentVolumeClaim", "name": "a"},
                                  "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "a", "namespace": "other"}}})),
            strings(&["spec: Invalid value: spec.dataSource: may not be specified when dataSourceRef.namespace is specified"]),
        ),
        (
            "errors in upstream's order",
            claim(json!({"metadata": {"name": "Data"},
                         "spec": {"accessModes": ["Sometimes"], "resources": null, "storageClassName": "Fast",
                                  "volumeMode": "Raw", "selector": {"matchLabels": {"tier": "-gold"}}}})),
            [
                vec![format!(r#"metadata.name: Invalid value: "Data": {SUBDOMAIN}"#)],
                invalid_each("spec.selector.matchLabels", "-gold", is_valid_label_value("-gold")),
                vec![
                    format!(r#"spec.accessModes: Unsupported value: "Sometimes": {ACCESS_MODES}"#),
                    "spec.resources[storage]: Required value".to_owned(),
                    format!(r#"spec.storageClassName: Invalid value: "Fast": {SUBDOMAIN}"#),
                    r#"spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem""#.to_owned(),
                ],
            ]
            .concat(),
        ),
    ];
    assert_create_table(
        cases
            .into_iter()
            .map(|(name, claim, expected)| (name, Object::PersistentVolumeClaim(claim), expected))
            .collect(),
    );
}

// ---------------------------------------------------------------------------
// StorageClass
// ---------------------------------------------------------------------------

#[test]
fn upstream_storage_class_cases() {
    let good = [
        json!({"parameters": {}}),
        json!({}),
        json!({"parameters": {"kubernetes.io/foo-parameter": "free/form/string", "foo-parameter": "free-form-string",
                              "foo-parameter2": "{\"embedded\": \"json\", \"with\": {\"structures\":\"inside\"}}"}}),
        json!({"reclaimPolicy": "Retain"}),
        json!({"provisioner": "Example.COM/Fast", "volumeBindingMode": "WaitForFirstConsumer",
               "allowVolumeExpansion": true, "mountOptions": ["ro"]}),
        json!({"reclaimPolicy": null, "volumeBindingMode": null}),
        json!({"allowedTopologies": [{"matchLabelExpressions": [
            {"key": "topology.kubernetes.io/zone", "values": ["zone1", "zone2"]}]}]}),
    ];
    for patch in good {
        let object = Object::StorageClass(class(patch.clone()));
        assert_eq!(
            messages(&validate_create(&object)),
            Vec::<String>::new(),
            "{patch}"
        );
    }

    let many_parameters: serde_json::Map<String, Json> = (0..=512)
        .map(|index| (format!("param/{index}"), json!("v")))
        .collect();
    let cases = vec![
        (
            "namespace is present",
            class(json!({"metadata": {"namespace": "bar"}})),
            strings(&["metadata.namespace: Forbidden: not allowed on this type"]),
        ),
        (
            "invalid provisioner",
            class(json!({"provisioner": "kubernetes.io/invalid/provisioner"})),
            invalid_each(
                "provisioner",
                "kubernetes.io/invalid/provisioner",
                is_qualified_name("kubernetes.io/invalid/provisioner"),
            ),
        ),
        (
            "invalid provisioner is quoted lowercased",
            class(json!({"provisioner": "-Bad"})),
            invalid_each("provisioner", "-bad", is_qualified_name("-bad")),
        ),
        (
            "invalid empty parameter name",
            class(json!({"parameters": {"": "value"}})),
            strings(&[r#"parameters: Invalid value: "": field can not be empty."#]),
        ),
        (
            "provisioner: Required value",
            class(json!({"provisioner": ""})),
            strings(&["provisioner: Required value"]),
        ),
        (
            "too many parameters",
            class(json!({"parameters": many_parameters})),
            strings(&["parameters: Too long: may not be more than 512 bytes"]),
        ),
        (
            "too long parameters",
            class(json!({"parameters": {"big": "x".repeat(256 * 1024)}})),
            strings(&["parameters: Too long: may not be more than 262144 bytes"]),
        ),
        (
            "invalid reclaimpolicy",
            class(json!({"reclaimPolicy": "Recycle"})),
            strings(&[
                r#"reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain""#,
            ]),
        ),
        (
            "invalid binding mode",
            class(json!({"volumeBindingMode": "foo"})),
            strings(&[
                r#"volumeBindingMode: Unsupported value: "foo": supported values: "Immediate", "WaitForFirstConsumer""#,
            ]),
        ),
    ];
    assert_create_table(
        cases
            .into_iter()
            .map(|(name, class, expected)| (name, Object::StorageClass(class), expected))
            .collect(),
    );
}

#[test]
fn allowed_topologies() {
    let zone = "failure-domain.beta.kubernetes.io/zone";
    let term = |expressions: Json| json!({"allowedTopologies": expressions});
    let cases = vec![
        (
            "empty values",
            class(term(
                json!([{"matchLabelExpressions": [{"key": zone, "values": []}]}]),
            )),
            strings(&["allowedTopologies[0].matchLabelExpressions[0].values: Required value"]),
        ),
        (
            "duplicate values",
            class(term(
                json!([{"matchLabelExpressions": [{"key": zone, "values": ["zone1", "zone1"]}]}]),
            )),
            strings(&[
                r#"allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "zone1""#,
            ]),
        ),
        (
            "bad key",
            class(term(
                json!([{"matchLabelExpressions": [{"key": "bad key", "values": ["a"]}]}]),
            )),
            invalid_each(
                "allowedTopologies[0].matchLabelExpressions[0].key",
                "bad key",
                is_qualified_name("bad key"),
            ),
        ),
        (
            "duplicate key",
            class(term(
                json!([{"matchLabelExpressions": [{"key": zone, "values": ["a"]}, {"key": zone, "values": ["b"]}]}]),
            )),
            vec![format!(
                r#"allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "{zone}""#
            )],
        ),
        (
            "duplicate terms, values in another order",
            class(term(
                json!([{"matchLabelExpressions": [{"key": zone, "values": ["a", "b"]}]},
                             {"matchLabelExpressions": [{"key": zone, "values": ["b", "a"]}]}]),
            )),
            strings(&[r#"allowedTopologies[1].matchLabelExpressions: Duplicate value: """#]),
        ),
        (
            "an empty term matches upstream's empty placeholders",
            class(term(json!([{"matchLabelExpressions": []}]))),
            strings(&[r#"allowedTopologies[0].matchLabelExpressions: Duplicate value: """#]),
        ),
    ];
    assert_create_table(
        cases
            .into_iter()
            .map(|(name, class, expected)| (name, Object::StorageClass(class), expected))
            .collect(),
    );
}

// ---------------------------------------------------------------------------
// Pod and Node
// ---------------------------------------------------------------------------

#[test]
fn pods() {
    assert!(validate_create(&Object::Pod(pod(json!({})))).is_empty());
    let good = pod(
        json!({"spec": {"nodeName": "node-1.example.com", "nodeSelector": {"disk": "ssd"},
        "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data", "readOnly": true}},
                    {"name": "scratch", "emptyDir": {}},
                    {"name": "config", "configMap": {"name": "app"}},
                    {"name": "creds", "secret": {"secretName": "app"}},
                    {"name": "logs", "hostPath": {"path": "/var/log", "type": "DirectoryOrCreate"}}],
        "containers": [{"name": "app", "image": "nginx"}, {"name": "sidecar", "image": "busybox"}]}}),
    );
    assert!(validate_create(&Object::Pod(good)).is_empty());

    let cases = vec![
        (
            "missing namespace",
            pod(json!({"metadata": {"namespace": null}})),
            strings(&["metadata.namespace: Required value"]),
        ),
        (
            "no containers",
            pod(json!({"spec": {"containers": []}})),
            strings(&["spec.containers: Required value"]),
        ),
        (
            "container without name or image",
            pod(json!({"spec": {"containers": [{}]}})),
            strings(&["spec.containers[0].name: Required value", "spec.containers[0].image: Required value"]),
        ),
        (
            "bad and duplicate container names",
            pod(json!({"spec": {"containers": [{"name": "App", "image": "a"}, {"name": "App", "image": "b"}]}})),
            [
                invalid_each("spec.containers[0].name", "App", is_dns1123_label("App")),
                invalid_each("spec.containers[1].name", "App", is_dns1123_label("App")),
                strings(&[r#"spec.containers[1].name: Duplicate value: "App""#]),
            ]
            .concat(),
        ),
        (
            "image with whitespace",
            pod(json!({"spec": {"containers": [{"name": "app", "image": " nginx"}]}})),
            strings(&[r#"spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace"#]),
        ),
        (
            "volume without source",
            pod(json!({"spec": {"volumes": [{"name": "data"}]}})),
            strings(&["spec.volumes[0]: Required value: must specify a volume type"]),
        ),
        (
            "volume with two sources",
            pod(json!({"spec": {"volumes": [{"name": "data", "emptyDir": {}, "persistentVolumeClaim": {"claimName": "data"}}]}})),
            strings(&["spec.volumes[0].persistentVolumeClaim: Forbidden: may not specify more than 1 volume type"]),
        ),
        (
            "claim without name",
            pod(json!({"spec": {"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": ""}}]}})),
            strings(&["spec.volumes[0].persistentVolumeClaim.claimName: Required value"]),
        ),
        (
            "volume names: missing, invalid, duplicate",
            pod(json!({"spec": {"volumes": [
                {"name": "", "emptyDir": {}},
                {"name": "Data", "emptyDir": {}},
                {"name": "data", "emptyDir": {}},
                {"name": "data", "emptyDir": {}}]}})),
            [
                strings(&["spec.volumes[0].name: Required value"]),
                invalid_each("spec.volumes[1].name", "Data", is_dns1123_label("Data")),
                strings(&[r#"spec.volumes[3].name: Duplicate value: "data""#]),
            ]
            .concat(),
        ),
        (
            "source errors come before name errors",
            pod(json!({"spec": {"volumes": [{"name": "", "secret": {}}, {"name": "c", "configMap": {}},
                                            {"name": "h", "hostPath": {"path": "/a/../b", "type": "Folder"}}]}})),
            strings(&[
                "spec.volumes[0].secret.secretName: Required value",
                "spec.volumes[0].name: Required value",
                "spec.volumes[1].configMap.name: Required value",
                r#"spec.volumes[2].hostPath.path: Invalid value: "/a/../b": must not contain '..'"#,
                r#"spec.volumes[2].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#,
            ]),
        ),
        (
            "bad node name and node selector",
            pod(json!({"spec": {"nodeName": "Node_1", "nodeSelector": {"disk": "-ssd"}}})),
            [
                invalid_each("spec.nodeSelector", "-ssd", is_valid_label_value("-ssd")),
                vec![format!(r#"spec.nodeName: Invalid value: "Node_1": {SUBDOMAIN}"#)],
            ]
            .concat(),
        ),
    ];
    assert_create_table(
        cases
            .into_iter()
            .map(|(name, pod, expected)| (name, Object::Pod(pod), expected))
            .collect(),
    );
}

#[test]
fn nodes() {
    assert!(validate_create(&Object::Node(node(
        json!({"metadata": {"labels": {"topology.kubernetes.io/zone": "a"}}})
    )))
    .is_empty());
    assert_create_table(vec![
        (
            "bad name",
            Object::Node(node(json!({"metadata": {"name": "Node_1"}}))),
            vec![format!(
                r#"metadata.name: Invalid value: "Node_1": {SUBDOMAIN}"#
            )],
        ),
        (
            "namespace",
            Object::Node(node(json!({"metadata": {"namespace": "default"}}))),
            strings(&["metadata.namespace: Forbidden: not allowed on this type"]),
        ),
    ]);
}

// ---------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------

fn bound(mut claim: PersistentVolumeClaim, capacity: &str) -> PersistentVolumeClaim {
    claim.status.phase = ClaimPhase::Bound;
    claim.status.capacity.insert(
        "storage".to_owned(),
        Quantity::parse(capacity).expect("a quantity"),
    );
    claim
}

fn update_messages(old: Object, new: Object) -> Vec<String> {
    messages(&validate_update(&old, &new))
}

#[test]
fn metadata_updates() {
    let old = Object::Node(node(
        json!({"metadata": {"uid": "u-1", "creationTimestamp": "2026-01-01T00:00:00Z"}}),
    ));
    let same_without_uid = Object::Node(node(json!({})));
    assert!(update_messages(old.clone(), same_without_uid).is_empty());

    let renamed = Object::Node(node(
        json!({"metadata": {"name": "node-2", "uid": "u-2", "labels": {"a": "b"}}}),
    ));
    assert_eq!(
        update_messages(old.clone(), renamed),
        [
            r#"metadata.name: Invalid value: "node-2": field is immutable"#,
            r#"metadata.uid: Invalid value: "u-2": field is immutable"#,
        ]
    );

    let moved = Object::PersistentVolumeClaim(claim(json!({"metadata": {"namespace": "other"}})));
    assert_eq!(
        update_messages(Object::PersistentVolumeClaim(claim(json!({}))), moved),
        [r#"metadata.namespace: Invalid value: "other": field is immutable"#]
    );

    let deleting = Object::PersistentVolumeClaim(claim(json!({"metadata": {
        "deletionTimestamp": "2026-01-01T00:01:00Z", "finalizers": ["kubernetes.io/pvc-protection"]}})));
    let more_finalizers = Object::PersistentVolumeClaim(claim(json!({"metadata": {
        "deletionTimestamp": "2026-01-01T00:01:00Z",
        "finalizers": ["kubernetes.io/pvc-protection", "example.com/hold", "example.com/audit"]}})));
    assert_eq!(
        update_messages(deleting.clone(), more_finalizers),
        [
            r#"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/audit", "example.com/hold"}"#
        ]
    );
    let fewer_finalizers =
        Object::PersistentVolumeClaim(claim(json!({"metadata": {"finalizers": []}})));
    assert!(update_messages(deleting, fewer_finalizers).is_empty());

    let marked = Object::PersistentVolumeClaim(claim(
        json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"}}),
    ));
    assert_eq!(
        update_messages(Object::PersistentVolumeClaim(claim(json!({}))), marked),
        ["metadata.deletionTimestamp: Invalid value: 2026-01-01 00:00:00 +0000 UTC: field is immutable"]
    );

    // A bad label is reported once, though upstream checks it on both passes.
    let labelled = Object::Node(node(
        json!({"metadata": {"uid": "u-1", "labels": {"a": "-b"}}}),
    ));
    assert_eq!(
        update_messages(old, labelled),
        invalid_each("metadata.labels", "-b", is_valid_label_value("-b"))
    );

    assert_eq!(
        update_messages(
            Object::Node(node(json!({}))),
            Object::PersistentVolume(volume(json!({"metadata": {"name": "node-1"}})))
        ),
        [r#"kind: Invalid value: "PersistentVolume": field is immutable"#]
    );
}

#[test]
fn claim_updates() {
    let pending = claim(json!({}));
    let check = |old: &PersistentVolumeClaim, new: PersistentVolumeClaim, expected: &[&str]| {
        assert_eq!(
            update_messages(
                Object::PersistentVolumeClaim(old.clone()),
                Object::PersistentVolumeClaim(new.clone())
            ),
            expected,
            "{new:?}"
        );
    };

    // What may change.
    check(
        &pending,
        claim(json!({"spec": {"volumeName": "pv-1"}})),
        &[],
    );
    check(
        &pending,
        claim(json!({"spec": {"storageClassName": "fast"}})),
        &[],
    );
    check(
        &pending,
        claim(json!({"metadata": {"labels": {"team": "a"}}})),
        &[],
    );
    let bound_claim = bound(
        claim(json!({"spec": {"volumeName": "pv-1", "storageClassName": "fast"}})),
        "1Gi",
    );
    check(
        &bound_claim,
        bound(
            claim(
                json!({"spec": {"volumeName": "pv-1", "storageClassName": "fast",
        "resources": {"requests": {"storage": "2Gi"}}}}),
            ),
            "1Gi",
        ),
        &[],
    );

    // What may not.
    let named = claim(json!({"spec": {"volumeName": "pv-1"}}));
    check(
        &named,
        claim(json!({"spec": {"volumeName": "pv-2"}})),
        &[CLAIM_SPEC_IMMUTABLE],
    );
    let classed = claim(json!({"spec": {"storageClassName": "fast"}}));
    check(
        &classed,
        claim(json!({"spec": {"storageClassName": "slow"}})),
        &[CLAIM_SPEC_IMMUTABLE],
    );
    check(&classed, claim(json!({})), &[CLAIM_SPEC_IMMUTABLE]);
    check(
        &pending,
        claim(json!({"spec": {"accessModes": ["ReadWriteMany"]}})),
        &[CLAIM_SPEC_IMMUTABLE],
    );
    check(
        &pending,
        claim(json!({"spec": {"resources": {"requests": {"storage": "2Gi"}}}})),
        &[CLAIM_SPEC_IMMUTABLE],
    );
    check(
        &claim(json!({"spec": {"volumeMode": "Filesystem"}})),
        claim(json!({"spec": {"volumeMode": "Block"}})),
        &[
            CLAIM_SPEC_IMMUTABLE,
            r#"volumeMode: Invalid value: "Block": field is immutable"#,
        ],
    );
    check(
        &claim(json!({"spec": {"volumeMode": "Filesystem"}})),
        claim(json!({})),
        &[
            CLAIM_SPEC_IMMUTABLE,
            "volumeMode: Invalid value: null: field is immutable",
        ],
    );

    // Shrinking is allowed back towards, but not to, the provisioned capacity.
    let expanded = bound(
        claim(json!({"spec": {"resources": {"requests": {"storage": "10Gi"}}}})),
        "5Gi",
    );
    let shrink = |size: &str| {
        bound(
            claim(json!({"spec": {"resources": {"requests": {"storage": size}}}})),
            "5Gi",
        )
    };
    check(&expanded, shrink("6Gi"), &[]);
    check(&expanded, shrink("5Gi"), &["spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"]);

    // The beta class annotation: immutable, but a claim may move from it to the field.
    let annotated = claim(
        json!({"metadata": {"annotations": {"volume.beta.kubernetes.io/storage-class": "gold"}}}),
    );
    check(
        &annotated,
        claim(
            json!({"metadata": {"annotations": {"volume.beta.kubernetes.io/storage-class": "gold"}},
                                  "spec": {"storageClassName": "gold"}}),
        ),
        &[],
    );
    check(
        &annotated,
        claim(json!({"spec": {"storageClassName": "gold"}})),
        &[],
    );
    check(
        &annotated,
        claim(
            json!({"metadata": {"annotations": {"volume.beta.kubernetes.io/storage-class": "silver"}}}),
        ),
        &[
            r#"metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid value: "silver": field is immutable"#,
        ],
    );
    check(
        &annotated,
        claim(json!({"spec": {"storageClassName": "silver"}})),
        &[
            r#"metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid value: "": field is immutable"#,
            CLAIM_SPEC_IMMUTABLE,
        ],
    );

    // Volume attributes classes may change on bound claims, never back to unset.
    let with_attributes = bound(
        claim(json!({"spec": {"volumeAttributesClassName": "gold"}})),
        "1Gi",
    );
    check(
        &with_attributes,
        bound(
            claim(json!({"spec": {"volumeAttributesClassName": "silver"}})),
            "1Gi",
        ),
        &[],
    );
    // Unsetting it is also a spec change: only a set class is carried over on bound claims.
    check(&with_attributes, bound(claim(json!({})), "1Gi"),
          &[CLAIM_SPEC_IMMUTABLE,
            "spec.volumeAttributesClassName: Forbidden: update from non-nil value to nil is forbidden"]);
    check(&with_attributes, bound(claim(json!({"spec": {"volumeAttributesClassName": ""}})), "1Gi"),
          &["spec.volumeAttributesClassName: Forbidden: update from non-nil value to an empty string is forbidden"]);

    // A selector that was stored with a bad value may keep it.
    let stored = claim(
        json!({"spec": {"selector": {"matchExpressions": [{"key": "k", "operator": "In", "values": ["-v"]}]}}}),
    );
    check(&stored, stored.clone(), &[]);
    let relabelled = claim(
        json!({"spec": {"selector": {"matchExpressions": [{"key": "k", "operator": "In", "values": ["-v"]}]}},
                                  "metadata": {"labels": {"a": "b"}}}),
    );
    check(&stored, relabelled, &[]);
    assert!(!validate_create(&Object::PersistentVolumeClaim(stored)).is_empty());
}

#[test]
fn claim_resize_admission() {
    let fast = class(json!({"allowVolumeExpansion": true}));
    let fixed = class(json!({"metadata": {"name": "fixed"}}));
    let classes = [fast, fixed];
    let lookup = |name: &str| classes.iter().find(|class| class.metadata.name == name);
    let sized = |class_name: &str, size: &str| {
        claim(
            json!({"spec": {"storageClassName": class_name, "resources": {"requests": {"storage": size}}}}),
        )
    };
    let denied = |reason: &str| format!(r#"persistentvolumeclaims "data" is forbidden: {reason}"#);
    let only_dynamic = denied("only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");

    let old = bound(sized("fast", "1Gi"), "1Gi");
    assert_eq!(
        admit_claim_resize(&old, &sized("fast", "2Gi"), lookup),
        Ok(())
    );
    assert_eq!(
        admit_claim_resize(&old, &sized("fast", "1024Mi"), lookup),
        Ok(())
    );
    assert_eq!(
        admit_claim_resize(&sized("fast", "1Gi"), &sized("fast", "2Gi"), lookup)
            .map_err(|denial| denial.to_string()),
        Err(denied(
            "Only bound persistent volume claims can be expanded"
        ))
    );
    let old_fixed = bound(sized("fixed", "1Gi"), "1Gi");
    assert_eq!(
        admit_claim_resize(&old_fixed, &sized("fixed", "2Gi"), lookup)
            .map_err(|denial| denial.to_string()),
        Err(only_dynamic.clone())
    );
    let old_missing = bound(sized("gone", "1Gi"), "1Gi");
    assert_eq!(
        admit_claim_resize(&old_missing, &sized("gone", "2Gi"), lookup)
            .map_err(|denial| denial.to_string()),
        Err(only_dynamic.clone())
    );
    let old_classless = bound(sized("", "1Gi"), "1Gi");
    assert_eq!(
        admit_claim_resize(&old_classless, &sized("", "2Gi"), lookup)
            .map_err(|denial| denial.to_string()),
        Err(only_dynamic)
    );
    // The beta annotation names the class when present.
    let mut annotated = bound(sized("fixed", "1Gi"), "1Gi");
    annotated.metadata.annotations.insert(
        "volume.beta.kubernetes.io/storage-class".to_owned(),
        "fast".to_owned(),
    );
    let mut grown = sized("fixed", "2Gi");
    grown.metadata.annotations = annotated.metadata.annotations.clone();
    assert_eq!(admit_claim_resize(&annotated, &grown, lookup), Ok(()));
}

#[test]
fn volume_updates() {
    let nfs = |server: &str| {
        volume(json!({"spec": {"hostPath": null, "nfs": {"server": server, "path": "/exports"}}}))
    };
    let check = |old: PersistentVolume, new: PersistentVolume, expected: &[&str]| {
        assert_eq!(
            update_messages(Object::PersistentVolume(old), Object::PersistentVolume(new)),
            expected
        );
    };
    let source_immutable = "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation";

    check(nfs("a"), nfs("a"), &[]);
    check(nfs("a"), nfs("b"), &[source_immutable]);
    check(nfs("a"), volume(json!({})), &[source_immutable]);
    // Capacity, access modes, class, reclaim policy and claimRef may change.
    check(
        nfs("a"),
        volume(
            json!({"spec": {"hostPath": null, "nfs": {"server": "a", "path": "/exports"},
        "capacity": {"storage": "20Gi"}, "accessModes": ["ReadWriteMany"], "storageClassName": "gold",
        "persistentVolumeReclaimPolicy": "Delete", "claimRef": {"namespace": "default", "name": "data"}}}),
        ),
        &[],
    );
    check(
        volume(json!({"spec": {"volumeMode": "Filesystem"}})),
        volume(json!({"spec": {"volumeMode": "Block"}})),
        &[r#"volumeMode: Invalid value: "Block": field is immutable"#],
    );

    let zone = |key: &str, value: &str| {
        local_volume(node_affinity(
            json!({"key": key, "operator": "In", "values": [value]}),
        ))
    };
    let as_volume = |object: Object| match object {
        Object::PersistentVolume(volume) => volume,
        other => panic!("not a volume: {other:?}"),
    };
    let beta = as_volume(zone("failure-domain.beta.kubernetes.io/zone", "a"));
    check(
        beta.clone(),
        as_volume(zone("topology.kubernetes.io/zone", "a")),
        &[],
    );
    check(
        beta.clone(),
        as_volume(zone("failure-domain.beta.kubernetes.io/zone", "b")),
        &[
            r#"nodeAffinity: Invalid value: {"Required":{"NodeSelectorTerms":[{"MatchExpressions":[{"Key":"failure-domain.beta.kubernetes.io/zone","Operator":"In","Values":["b"]}],"MatchFields":null}]}}: field is immutable, except for updating from beta label to GA"#,
        ],
    );
    // Moving back from GA to beta is a change.
    check(
        as_volume(zone("topology.kubernetes.io/zone", "a")),
        beta,
        &[
            r#"nodeAffinity: Invalid value: {"Required":{"NodeSelectorTerms":[{"MatchExpressions":[{"Key":"failure-domain.beta.kubernetes.io/zone","Operator":"In","Values":["a"]}],"MatchFields":null}]}}: field is immutable, except for updating from beta label to GA"#,
        ],
    );
    // Affinity may be added to a volume that had none.
    check(
        volume(json!({})),
        volume(
            json!({"spec": {"nodeAffinity": node_affinity(json!({"key": "k", "operator": "Exists"}))}}),
        ),
        &[],
    );

    let with_attributes = volume(
        json!({"spec": {"hostPath": null, "csi": {"driver": "d", "volumeHandle": "h"},
                                                 "volumeAttributesClassName": "gold"}}),
    );
    let mut without = with_attributes.clone();
    without.spec.volume_attributes_class_name = None;
    check(with_attributes, without, &["spec.volumeAttributesClassName: Forbidden: update from non-nil value to nil is forbidden"]);

    // A stored invalid label value in the required affinity may stay.
    let stored = as_volume(zone("k", "-v"));
    let mut relabelled = stored.clone();
    relabelled
        .metadata
        .labels
        .insert("a".to_owned(), "b".to_owned());
    check(stored.clone(), relabelled, &[]);
    assert!(!validate_create(&Object::PersistentVolume(stored)).is_empty());
}

#[test]
fn storage_class_updates() {
    let check = |new: StorageClass, expected: &[&str]| {
        assert_eq!(
            update_messages(
                Object::StorageClass(class(json!({}))),
                Object::StorageClass(new)
            ),
            expected
        );
    };
    check(
        class(
            json!({"allowVolumeExpansion": true, "metadata": {"labels": {"tier": "gold"}},
                       "mountOptions": ["ro"], "allowedTopologies": [{"matchLabelExpressions": [{"key": "k", "values": ["v"]}]}]}),
        ),
        &[],
    );
    check(
        class(json!({"parameters": {"type": "gp3"}})),
        &["parameters: Forbidden: updates to parameters are forbidden."],
    );
    check(
        class(json!({"provisioner": "ebs.csi.aws.com"})),
        &["provisioner: Forbidden: updates to provisioner are forbidden."],
    );
    check(
        class(json!({"reclaimPolicy": "Retain"})),
        &["reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden."],
    );
    check(
        class(json!({"volumeBindingMode": "WaitForFirstConsumer"})),
        &[r#"volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable"#],
    );
    // An unset field reads as its default.
    check(
        class(json!({"reclaimPolicy": null, "volumeBindingMode": null})),
        &[],
    );
}

#[test]
fn pod_updates() {
    let check = |new: Pod, expected: &[&str]| {
        assert_eq!(
            update_messages(Object::Pod(pod(json!({}))), Object::Pod(new)),
            expected
        );
    };
    check(
        pod(
            json!({"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}, "metadata": {"labels": {"a": "b"}}}),
        ),
        &[],
    );
    check(pod(json!({"spec": {"nodeName": "node-1"}})), &[POD_UPDATE]);
    check(
        pod(json!({"spec": {"nodeSelector": {"disk": "ssd"}}})),
        &[POD_UPDATE],
    );
    check(
        pod(
            json!({"spec": {"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "other"}}]}}),
        ),
        &[POD_UPDATE],
    );
    check(
        pod(
            json!({"spec": {"containers": [{"name": "app", "image": "nginx", "command": ["sh"]}]}}),
        ),
        &[POD_UPDATE],
    );
    check(
        pod(
            json!({"spec": {"containers": [{"name": "app", "image": "nginx"}, {"name": "two", "image": "nginx"}]}}),
        ),
        &["spec.containers: Forbidden: pod updates may not add or remove containers"],
    );
    check(
        pod(json!({"spec": {"containers": [{"name": "app", "image": ""}]}})),
        &["spec.containers[0].image: Required value"],
    );
}

// ---------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------

#[test]
fn defaults_follow_upstream() {
    let mut object = Object::PersistentVolume(volume(json!({
        "metadata": {"namespace": "ignored"},
        "spec": {"persistentVolumeReclaimPolicy": "", "hostPath": {"path": "/data", "type": null}}
    })));
    assert_eq!(
        messages(&validate_create(&object)),
        ["metadata.namespace: Forbidden: not allowed on this type"]
    );
    apply_defaults(&mut object);
    let Object::PersistentVolume(defaulted) = &object else {
        unreachable!()
    };
    assert_eq!(defaulted.metadata.namespace, None);
    assert_eq!(
        defaulted.spec.persistent_volume_reclaim_policy.as_deref(),
        Some("Retain")
    );
    assert_eq!(defaulted.spec.volume_mode.as_deref(), Some("Filesystem"));
    assert_eq!(
        defaulted
            .spec
            .host_path
            .as_ref()
            .and_then(|h| h.type_.as_deref()),
        Some("")
    );
    assert!(validate_create(&object).is_empty());

    let mut kept = Object::PersistentVolume(volume(
        json!({"spec": {"persistentVolumeReclaimPolicy": "Delete", "volumeMode": "Block"}}),
    ));
    apply_defaults(&mut kept);
    let Object::PersistentVolume(kept) = &kept else {
        unreachable!()
    };
    assert_eq!(
        kept.spec.persistent_volume_reclaim_policy.as_deref(),
        Some("Delete")
    );
    assert_eq!(kept.spec.volume_mode.as_deref(), Some("Block"));

    let mut object = Object::PersistentVolumeClaim(claim(json!({"metadata": {"namespace": ""}})));
    apply_defaults(&mut object);
    let Object::PersistentVolumeClaim(defaulted) = &object else {
        unreachable!()
    };
    assert_eq!(defaulted.metadata.namespace.as_deref(), Some("default"));
    assert_eq!(defaulted.spec.volume_mode.as_deref(), Some("Filesystem"));
    // The class is admission's business, not defaulting's.
    assert_eq!(defaulted.spec.storage_class_name, None);

    let mut object = Object::Pod(pod(json!({"metadata": {"namespace": "team-a"}})));
    apply_defaults(&mut object);
    assert_eq!(object.metadata().namespace.as_deref(), Some("team-a"));

    let mut object = Object::StorageClass(class(
        json!({"reclaimPolicy": null, "volumeBindingMode": null}),
    ));
    apply_defaults(&mut object);
    let Object::StorageClass(defaulted) = &object else {
        unreachable!()
    };
    assert_eq!(defaulted.reclaim_policy.as_deref(), Some("Delete"));
    assert_eq!(defaulted.volume_binding_mode.as_deref(), Some("Immediate"));
    assert_eq!(defaulted.allow_volume_expansion, None);

    let mut object = Object::Node(node(json!({"metadata": {"namespace": "default"}})));
    apply_defaults(&mut object);
    assert_eq!(object.metadata().namespace, None);
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

#[test]
fn go_path_clean_and_time_formatting() {
    for (path, cleaned) in [
        ("", "."),
        ("/", "/"),
        ("//", "/"),
        ("/a/..", "/"),
        ("/../..", "/"),
        ("/./", "/"),
        ("a/../..", ".."),
        ("a//b/./c/", "a/b/c"),
        ("/mnt/disk/", "/mnt/disk"),
    ] {
        assert_eq!(clean_path(path), cleaned, "{path}");
    }
    assert_eq!(go_to_lower("İSTANBUL.Example"), "istanbul.example");
    assert_eq!(
        go_time_string(None).to_owned(),
        BadValue::Json("0001-01-01 00:00:00 +0000 UTC".to_owned())
    );
    assert_eq!(
        go_syntax_string_slice(["a", "b\"c"]),
        r#"[]string{"a", "b\"c"}"#
    );
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Text that is often almost valid: names, paths, keys, enum values with near misses.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-zA-Z0-9./_ \\-é]{0,12}",
        Just(String::new()),
        prop::sample::select(vec![
            "ReadWriteOnce",
            "ReadWriteOncePod",
            "Filesystem",
            "Block",
            "Retain",
            "Recycle",
            "Delete",
            "In",
            "NotIn",
            "Exists",
            "Gt",
            "Lt",
            "metadata.name",
            "/",
            "/a/..",
            "kubernetes.io/pv-protection",
            "orphan",
            "foregroundDeletion",
            "storage",
            "Immediate",
            "WaitForFirstConsumer",
            "volume.beta.kubernetes.io/storage-class",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ]
    .boxed()
}

fn quantity() -> BoxedStrategy<Json> {
    prop::sample::select(vec![
        "0", "1Gi", "-1", "10G", "1.5", "1e3", "9Ei", "-0.5", "100m",
    ])
    .prop_map(Json::from)
    .boxed()
}

/// Absent (`null`, dropped before deserializing) or a value.
fn maybe<S>(value: S) -> BoxedStrategy<Json>
where
    S: Strategy + 'static,
    S::Value: Into<Json>,
{
    prop_oneof![Just(Json::Null), value.prop_map(Into::into)].boxed()
}

fn string_list() -> BoxedStrategy<Json> {
    prop::collection::vec(text(), 0..3)
        .prop_map(Json::from)
        .boxed()
}

fn string_map() -> BoxedStrategy<Json> {
    prop::collection::btree_map(text(), text(), 0..3)
        .prop_map(|map| serde_json::to_value(map).expect("a map"))
        .boxed()
}

fn metadata() -> BoxedStrategy<Json> {
    (text(), maybe(text()), text(), string_map(), string_map(), string_list(), any::<bool>())
        .prop_map(|(name, namespace, uid, labels, annotations, finalizers, deleting)| {
            let mut metadata = json!({"name": name, "namespace": namespace, "uid": uid, "labels": labels,
                                      "annotations": annotations, "finalizers": finalizers});
            if deleting {
                metadata["deletionTimestamp"] = json!("2026-01-01T00:00:00Z");
            }
            metadata
        }).boxed()
}

fn requirement() -> BoxedStrategy<Json> {
    (text(), text(), string_list())
        .prop_map(
            |(key, operator, values)| json!({"key": key, "operator": operator, "values": values}),
        )
        .boxed()
}

fn volume_json() -> BoxedStrategy<Json> {
    (
        metadata(),
        (maybe(quantity()), string_list(), maybe(text()), maybe(text()), maybe(text())),
        (maybe((text(), maybe(text())).prop_map(|(path, kind)| json!({"path": path, "type": kind}))),
         maybe((text(), text()).prop_map(|(server, path)| json!({"server": server, "path": path}))),
         maybe(text().prop_map(|path| json!({"path": path}))),
         maybe((text(), text()).prop_map(|(driver, handle)| json!({"driver": driver, "volumeHandle": handle}))),
         maybe(Just(json!({"pdName": "x"}))), maybe(Just(json!({"driver": "x"})))),
        maybe(prop::collection::vec((prop::collection::vec(requirement(), 0..3), prop::collection::vec(requirement(), 0..2)), 0..3)
            .prop_map(|terms| {
                let terms: Vec<Json> = terms.into_iter().map(|(expressions, fields)| json!({"matchExpressions": expressions, "matchFields": fields})).collect();
                json!({"required": {"nodeSelectorTerms": terms}})
            })),
        maybe(text()),
    )
        .prop_map(|(metadata, (storage, modes, policy, class, mode), (host_path, nfs, local, csi, gce, flex), affinity, attributes)| {
            json!({"metadata": metadata, "spec": {
                "capacity": if storage.is_null() { json!({}) } else { json!({"storage": storage}) },
                "accessModes": modes, "persistentVolumeReclaimPolicy": policy, "storageClassName": class,
                "volumeMode": mode, "hostPath": host_path, "nfs": nfs, "local": local, "csi": csi,
                "gcePersistentDisk": gce, "flexVolume": flex, "nodeAffinity": affinity,
                "volumeAttributesClassName": attributes}})
        }).boxed()
}

fn claim_json() -> BoxedStrategy<Json> {
    let reference = || {
        (maybe(text()), text(), text(), maybe(text())).prop_map(|(group, kind, name, namespace)| {
            json!({"apiGroup": group, "kind": kind, "name": name, "namespace": namespace})
        })
    };
    (
        metadata(),
        (string_list(), maybe(quantity()), maybe(text()), maybe(text()), text(), maybe(text())),
        maybe((string_map(), prop::collection::vec(requirement(), 0..3)).prop_map(|(labels, expressions)| json!({"matchLabels": labels, "matchExpressions": expressions}))),
        (maybe(reference()), maybe(reference())),
        (any::<bool>(), maybe(quantity())),
    )
        .prop_map(|(metadata, (modes, storage, class, mode, volume_name, attributes), selector, (source, source_ref), (bound, capacity))| {
            json!({"metadata": metadata,
                   "spec": {"accessModes": modes,
                            "resources": {"requests": if storage.is_null() { json!({}) } else { json!({"storage": storage}) }},
                            "storageClassName": class, "volumeMode": mode, "volumeName": volume_name,
                            "volumeAttributesClassName": attributes, "selector": selector,
                            "dataSource": source, "dataSourceRef": source_ref},
                   "status": {"phase": if bound { "Bound" } else { "Pending" },
                              "capacity": if capacity.is_null() { json!({}) } else { json!({"storage": capacity}) }}})
        }).boxed()
}

fn class_json() -> BoxedStrategy<Json> {
    let expression =
        (text(), string_list()).prop_map(|(key, values)| json!({"key": key, "values": values}));
    (metadata(), text(), string_map(), maybe(text()), maybe(text()), maybe(any::<bool>().prop_map(Json::from)),
     prop::collection::vec(prop::collection::vec(expression, 0..3), 0..3))
        .prop_map(|(metadata, provisioner, parameters, reclaim, binding, expansion, terms)| {
            let terms: Vec<Json> = terms.into_iter().map(|expressions| json!({"matchLabelExpressions": expressions})).collect();
            json!({"metadata": metadata, "provisioner": provisioner, "parameters": parameters, "reclaimPolicy": reclaim,
                   "volumeBindingMode": binding, "allowVolumeExpansion": expansion, "allowedTopologies": terms})
        }).boxed()
}

fn pod_json() -> BoxedStrategy<Json> {
    let source = prop_oneof![
        Just(json!({})),
        text().prop_map(|name| json!({"persistentVolumeClaim": {"claimName": name}})),
        Just(json!({"emptyDir": {}})),
        (text(), maybe(text()))
            .prop_map(|(path, kind)| json!({"hostPath": {"path": path, "type": kind}})),
        text()
            .prop_map(|name| json!({"secret": {"secretName": name}, "configMap": {"name": name}})),
        Just(json!({"projected": {"sources": []}, "hostPath": 7})),
    ];
    let volume = (text(), source).prop_map(|(name, mut source)| {
        source["name"] = json!(name);
        source
    });
    let container = prop_oneof![
        (text(), text()).prop_map(|(name, image)| json!({"name": name, "image": image})),
        Just(json!("not a map")),
        Just(json!({"name": 3})),
    ];
    (
        metadata(),
        text(),
        string_map(),
        prop::collection::vec(volume, 0..4),
        prop::collection::vec(container, 0..3),
    )
        .prop_map(|(metadata, node_name, selector, volumes, containers)| {
            json!({"metadata": metadata, "spec": {"nodeName": node_name, "nodeSelector": selector,
                                                  "volumes": volumes, "containers": containers}})
        })
        .boxed()
}

/// Drops `null` members, which the object model reads as absent only where a field is
/// optional.
fn without_nulls(value: Json) -> Json {
    match value {
        Json::Object(members) => Json::Object(
            members
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (key, without_nulls(value)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn any_object() -> BoxedStrategy<Object> {
    prop_oneof![
        volume_json().prop_map(|json| Object::PersistentVolume(
            serde_json::from_value(without_nulls(json)).expect("a volume")
        )),
        claim_json().prop_map(|json| Object::PersistentVolumeClaim(
            serde_json::from_value(without_nulls(json)).expect("a claim")
        )),
        class_json().prop_map(|json| Object::StorageClass(
            serde_json::from_value(without_nulls(json)).expect("a class")
        )),
        pod_json().prop_map(|json| Object::Pod(
            serde_json::from_value(without_nulls(json)).expect("a pod")
        )),
        metadata().prop_map(|metadata| Object::Node(
            serde_json::from_value(without_nulls(json!({"metadata": metadata}))).expect("a node")
        )),
    ]
    .boxed()
}

fn same_kind_pair() -> BoxedStrategy<(Object, Object)> {
    prop_oneof![
        (volume_json(), volume_json()).prop_map(|(a, b)| (
            Object::PersistentVolume(serde_json::from_value(without_nulls(a)).expect("a volume")),
            Object::PersistentVolume(serde_json::from_value(without_nulls(b)).expect("a volume"))
        )),
        (claim_json(), claim_json()).prop_map(|(a, b)| (
            Object::PersistentVolumeClaim(
                serde_json::from_value(without_nulls(a)).expect("a claim")
            ),
            Object::PersistentVolumeClaim(
                serde_json::from_value(without_nulls(b)).expect("a claim")
            )
        )),
        (class_json(), class_json()).prop_map(|(a, b)| (
            Object::StorageClass(serde_json::from_value(without_nulls(a)).expect("a class")),
            Object::StorageClass(serde_json::from_value(without_nulls(b)).expect("a class"))
        )),
        (pod_json(), pod_json()).prop_map(|(a, b)| (
            Object::Pod(serde_json::from_value(without_nulls(a)).expect("a pod")),
            Object::Pod(serde_json::from_value(without_nulls(b)).expect("a pod"))
        )),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn validation_never_panics_and_never_repeats_a_message(object in any_object(), other in any_object()) {
        for errors in [validate_create(&object), validate_update(&object, &other), validate_update(&other, &object)] {
            let rendered = messages(&errors);
            let unique: std::collections::HashSet<&String> = rendered.iter().collect();
            prop_assert_eq!(unique.len(), rendered.len());
        }
        if let (Object::PersistentVolumeClaim(old), Object::PersistentVolumeClaim(new)) = (&object, &other) {
            let classes = [class(json!({"allowVolumeExpansion": true}))];
            let _ = admit_claim_resize(old, new, |name| classes.iter().find(|c| c.metadata.name == name));
        }
    }

    #[test]
    fn updates_of_one_kind_never_panic((old, new) in same_kind_pair()) {
        let _ = validate_update(&old, &new);
        let _ = validate_update(&new, &old);
    }

    #[test]
    fn defaulting_is_idempotent_and_settles_namespaces(mut object in any_object()) {
        apply_defaults(&mut object);
        let once = object.clone();
        apply_defaults(&mut object);
        prop_assert_eq!(&once, &object);
        let namespace_errors = validate_create(&object)
            .into_iter()
            .filter(|error| error.field == "metadata.namespace")
            .count();
        if !object.kind().is_namespaced() {
            prop_assert_eq!(namespace_errors, 0);
        }
    }

    #[test]
    fn writing_an_object_back_unchanged_adds_no_error(object in any_object()) {
        // Nothing changed, so no update rule can fail and the metadata pass only repeats create
        // messages. Update may report fewer: a value the stored object already has is allowed
        // to stay (selector and node-affinity label values).
        let created = messages(&validate_create(&object));
        for message in messages(&validate_update(&object, &object)) {
            prop_assert!(created.contains(&message), "{}", message);
        }
    }
}

// ---------------------------------------------------------------------------
// apps/v1 (pkg/apis/apps/validation/validation_test.go, as far as the simulator models them)
// ---------------------------------------------------------------------------

fn deployment(patch: Json) -> crate::objects::Deployment {
    let base = json!({
        "metadata": {"name": "app", "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": "app"}},
            "template": {
                "metadata": {"labels": {"app": "app"}},
                "spec": {"containers": [{"name": "app", "image": "nginx"}]}
            }
        }
    });
    let mut object =
        Object::Deployment(serde_json::from_value(merged(base, patch)).expect("a Deployment"));
    apply_defaults(&mut object);
    match object {
        Object::Deployment(d) => d,
        _ => unreachable!("the kind is kept"),
    }
}

fn stateful_set(patch: Json) -> crate::objects::StatefulSet {
    let base = json!({
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}
            },
            "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {
                "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
        }
    });
    let mut object =
        Object::StatefulSet(serde_json::from_value(merged(base, patch)).expect("a StatefulSet"));
    apply_defaults(&mut object);
    match object {
        Object::StatefulSet(s) => s,
        _ => unreachable!("the kind is kept"),
    }
}

#[test]
fn workload_defaults_are_the_api_servers() {
    let set = stateful_set(json!({}));
    assert_eq!(set.spec.replicas, Some(1));
    assert_eq!(set.spec.pod_management_policy, "OrderedReady");
    assert_eq!(set.spec.update_strategy.type_, "RollingUpdate");
    assert_eq!(
        set.spec
            .update_strategy
            .rolling_update
            .as_ref()
            .and_then(|r| r.partition),
        Some(0)
    );
    assert_eq!(set.spec.retention(), ("Retain", "Retain"));
    assert_eq!(
        set.spec.template.spec.restart_policy.as_deref(),
        Some("Always")
    );
    let template = &set.spec.volume_claim_templates[0];
    assert_eq!(
        (template.api_version.as_str(), template.kind.as_str()),
        ("v1", "PersistentVolumeClaim")
    );
    assert_eq!(template.spec.volume_mode.as_deref(), Some("Filesystem"));
    let d = deployment(json!({}));
    assert_eq!(d.spec.replicas, Some(1));
    assert_eq!(d.spec.strategy.type_, "RollingUpdate");
    let rolling = d.spec.strategy.rolling_update.clone().expect("defaulted");
    assert_eq!(
        rolling.max_surge,
        Some(crate::objects::IntOrString::String("25%".into()))
    );
    assert_eq!(d.spec.progress_deadline_seconds, Some(600));
    assert_eq!(d.spec.revision_history_limit, Some(10));
    assert!(validate_create(&Object::Deployment(d)).is_empty());
    assert!(validate_create(&Object::StatefulSet(set)).is_empty());
}

#[test]
fn deployment_error_cases() {
    assert_create_table(vec![
        (
            "empty selector",
            Object::Deployment(deployment(json!({"spec": {"selector": {"matchLabels": null}}}))),
            strings(&[
                "spec.selector: Invalid value: {}: empty selector is invalid for deployment",
            ]),
        ),
        (
            "selector does not match",
            Object::Deployment(deployment(json!({"spec": {"selector": {"matchLabels": {"app": "other"}}}}))),
            strings(&[
                r#"spec.template.metadata.labels: Invalid value: {"app":"app"}: `selector` does not match template `labels`"#,
            ]),
        ),
        (
            "both fenceposts zero",
            Object::Deployment(deployment(json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": "0%"}}}}))),
            strings(&[
                r#"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0"#,
            ]),
        ),
        (
            "a bad percent",
            Object::Deployment(deployment(json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": "ten%"}}}}))),
            strings(&[
                r#"spec.strategy.rollingUpdate.maxSurge: Invalid value: "ten%": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"#,
            ]),
        ),
        (
            "Recreate with rollingUpdate",
            Object::Deployment(deployment(json!({"spec": {"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}}}))),
            strings(&[
                "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
            ]),
        ),
        (
            "a template without containers",
            Object::Deployment(deployment(json!({"spec": {"template": {"spec": {"containers": []}}}}))),
            strings(&["spec.template.spec.containers: Required value"]),
        ),
        (
            "restartPolicy other than Always",
            Object::Deployment(deployment(json!({"spec": {"template": {"spec": {"restartPolicy": "Never"}}}}))),
            strings(&[r#"spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always""#]),
        ),
    ]);
}

#[test]
fn workload_update_rules() {
    let old = stateful_set(json!({"metadata": {"uid": "u-1"}}));
    let scaled = stateful_set(
        json!({"metadata": {"uid": "u-1"}, "spec": {"replicas": 5, "persistentVolumeClaimRetentionPolicy": {"whenScaled": "Delete"}}}),
    );
    assert!(update_messages(
        Object::StatefulSet(old.clone()),
        Object::StatefulSet(scaled)
    )
    .is_empty());
    let renamed_service =
        stateful_set(json!({"metadata": {"uid": "u-1"}, "spec": {"serviceName": "other"}}));
    assert_eq!(
        update_messages(
            Object::StatefulSet(old),
            Object::StatefulSet(renamed_service)
        ),
        [format!("spec: Forbidden: {STATEFUL_SET_SPEC_FORBIDDEN}")]
    );
    let old = deployment(json!({"metadata": {"uid": "u-1"}}));
    let moved = deployment(json!({"metadata": {"uid": "u-1"}, "spec": {
        "selector": {"matchLabels": {"app": "app", "tier": "web"}},
        "template": {"metadata": {"labels": {"app": "app", "tier": "web"}}}}}));
    assert_eq!(
        update_messages(Object::Deployment(old), Object::Deployment(moved)),
        [
            r#"spec.selector: Invalid value: {"matchLabels":{"app":"app","tier":"web"}}: field is immutable"#
        ]
    );
}
