//! Tests of the manifest layer: input forms, kubectl's errors, export round trips, robustness.

use super::*;
use proptest::prelude::*;
use pv_engine::objects::{
    ClaimPhase, ObjectMeta, ObjectReference, PersistentVolume, PersistentVolumeClaim,
    PersistentVolumeClaimSpec, PersistentVolumeClaimStatus, PersistentVolumeSpec,
    PersistentVolumeStatus, StorageClass, VolumePhase,
};
use pv_engine::quantity::Quantity;
use pv_engine::time::Timestamp;
use pv_engine::value::Value;
use std::collections::BTreeMap;

fn q(text: &str) -> Quantity {
    Quantity::parse(text).unwrap()
}

fn only_object(text: &str) -> Object {
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.objects.len(), 1, "{parsed:?}");
    parsed.objects.into_iter().next().unwrap().object
}

fn only_error(text: &str) -> Problem {
    let parsed = parse(text);
    assert!(parsed.objects.is_empty(), "{:?}", parsed.objects);
    assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    parsed.errors.into_iter().next().unwrap()
}

const CLAIM: &str = "\
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: apps
  labels: {app: db}
  annotations:
    volume.beta.kubernetes.io/storage-class: fast
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
  storageClassName: \"\"
  selector:
    matchLabels: {tier: gold}
";

#[test]
fn reads_one_document_into_the_engine_types() {
    let Object::PersistentVolumeClaim(claim) = only_object(CLAIM) else {
        panic!("not a claim");
    };
    assert_eq!(claim.metadata.name, "data");
    assert_eq!(claim.metadata.namespace.as_deref(), Some("apps"));
    assert_eq!(claim.metadata.labels["app"], "db");
    assert_eq!(
        claim
            .metadata
            .annotation("volume.beta.kubernetes.io/storage-class"),
        Some("fast")
    );
    assert_eq!(claim.spec.access_modes, ["ReadWriteOnce"]);
    assert_eq!(claim.spec.request(), Some(&q("5Gi")));
    assert_eq!(claim.spec.storage_class_name.as_deref(), Some(""));
    assert_eq!(
        claim.spec.selector.unwrap().match_labels["tier"],
        "gold".to_owned()
    );
    assert_eq!(claim.status.phase, ClaimPhase::Pending);
}

#[test]
fn null_reads_as_go_zero_values_and_keeps_nil_apart_from_empty() {
    let text = "\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a, labels: null, annotations: ~}
spec:
  storageClassName:
  volumeName: null
  accessModes:
";
    let Object::PersistentVolumeClaim(claim) = only_object(text) else {
        panic!("not a claim");
    };
    assert_eq!(claim.spec.storage_class_name, None);
    assert_eq!(claim.spec.volume_name, "");
    assert!(claim.spec.access_modes.is_empty());
    assert!(claim.metadata.labels.is_empty());
}

#[test]
fn reads_streams_with_leading_markers_empty_documents_and_end_markers() {
    let text = "\
# a comment before the first marker is not a document
---
apiVersion: v1
kind: Node
metadata: {name: n1}
---
---
# only a comment
---
apiVersion: v1
kind: Node
metadata: {name: n2}
...
--- {apiVersion: v1, kind: Node, metadata: {name: n3}}
";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let seen: Vec<(usize, u32, &str)> = parsed
        .objects
        .iter()
        .map(|o| (o.document, o.line, o.object.metadata().name.as_str()))
        .collect();
    assert_eq!(seen, [(0, 3, "n1"), (3, 10, "n2"), (4, 14, "n3")]);
}

#[test]
fn a_document_without_markers_is_one_document() {
    let parsed = parse("apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n");
    assert_eq!(parsed.objects.len(), 1);
    assert_eq!(parsed.objects[0].document, 0);
    assert_eq!(parsed.objects[0].line, 1);
    assert!(parse("").objects.is_empty() && parse("").errors.is_empty());
    assert!(parse("\u{feff}# only a comment\n").errors.is_empty());
}

/// Shaped like `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` (trimmed), with the server-side
/// fields a dump carries and a kind we do not model.
pub(super) const DUMP: &str = r#"apiVersion: v1
items:
- apiVersion: v1
  kind: PersistentVolume
  metadata:
    annotations:
      pv.kubernetes.io/provisioned-by: rancher.io/local-path
    creationTimestamp: "2026-01-01T00:00:00Z"
    finalizers:
    - kubernetes.io/pv-protection
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:annotations:
            .: {}
            f:pv.kubernetes.io/provisioned-by: {}
      manager: local-path-provisioner
      operation: Update
      time: "2026-01-01T00:00:00Z"
    name: pvc-0b6e
    resourceVersion: "5012"
    uid: 3f1c-aa
  spec:
    accessModes:
    - ReadWriteOnce
    capacity:
      storage: 128Mi
    claimRef:
      apiVersion: v1
      kind: PersistentVolumeClaim
      name: data
      namespace: default
      resourceVersion: "4990"
      uid: 77aa
    hostPath:
      path: /var/local-path-provisioner/pvc-0b6e
      type: DirectoryOrCreate
    nodeAffinity:
      required:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/hostname
            operator: In
            values:
            - kind-control-plane
    persistentVolumeReclaimPolicy: Delete
    storageClassName: standard
    volumeMode: Filesystem
  status:
    lastPhaseTransitionTime: "2026-01-01T00:00:01Z"
    phase: Bound
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    annotations:
      pv.kubernetes.io/bind-completed: "yes"
      volume.kubernetes.io/selected-node: kind-control-plane
    creationTimestamp: "2026-01-01T00:00:00Z"
    generation: 1
    name: data
    namespace: default
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: StatefulSet
      name: db
      uid: 12ab
    resourceVersion: "5014"
    uid: 77aa
  spec:
    accessModes:
    - ReadWriteOnce
    resources:
      requests:
        storage: 100Mi
    storageClassName: standard
    volumeMode: Filesystem
    volumeName: pvc-0b6e
  status:
    accessModes:
    - ReadWriteOnce
    allocatedResources:
      storage: 100Mi
    capacity:
      storage: 128Mi
    phase: Bound
- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    annotations:
      storageclass.kubernetes.io/is-default-class: "true"
    creationTimestamp: "2026-01-01T00:00:00Z"
    name: standard
    resourceVersion: "280"
    uid: 9d9d
  provisioner: rancher.io/local-path
  reclaimPolicy: Delete
  volumeBindingMode: WaitForFirstConsumer
- apiVersion: v1
  kind: Pod
  metadata:
    generateName: db-
    labels: {app: db}
    name: db-0
    namespace: default
  spec:
    containers:
    - image: postgres:16
      name: db
      volumeMounts:
      - mountPath: /var/lib/postgresql
        name: data
    nodeName: kind-control-plane
    restartPolicy: Always
    volumes:
    - name: data
      persistentVolumeClaim:
        claimName: data
  status:
    phase: Running
    podIP: 10.244.0.5
- apiVersion: v1
  kind: Node
  metadata:
    labels:
      kubernetes.io/hostname: kind-control-plane
    name: kind-control-plane
  spec:
    podCIDR: 10.244.0.0/24
  status:
    capacity: {cpu: "8"}
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
kind: List
metadata:
  resourceVersion: ""
"#;

#[test]
fn reads_a_kubectl_dump_dropping_server_fields_and_skipping_unknown_kinds() {
    let parsed = parse(DUMP);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let kinds: Vec<Kind> = parsed.objects.iter().map(|o| o.object.kind()).collect();
    assert_eq!(
        kinds,
        [
            Kind::PersistentVolume,
            Kind::PersistentVolumeClaim,
            Kind::StorageClass,
            Kind::Pod,
            Kind::Node
        ]
    );
    assert_eq!(
        parsed.objects.iter().map(|o| o.item).collect::<Vec<_>>(),
        [Some(0), Some(1), Some(2), Some(3), Some(4)]
    );
    assert_eq!(parsed.objects[1].line, 54);
    assert_eq!(
        parsed.skipped,
        [Skipped {
            document: 0,
            item: Some(5),
            line: 135,
            api_version: "v1".into(),
            kind: "Service".into(),
            name: "web".into(),
            namespace: Some("shop".into()),
        }]
    );
    let Object::PersistentVolume(pv) = &parsed.objects[0].object else {
        panic!("not a volume");
    };
    assert_eq!(pv.status.phase, VolumePhase::Bound);
    assert_eq!(pv.spec.claim_ref.as_ref().unwrap().uid, "77aa");
    assert_eq!(pv.metadata.uid, "3f1c-aa");
    assert_eq!(
        pv.metadata.creation_timestamp,
        Some(Timestamp::parse("2026-01-01T00:00:00Z").unwrap())
    );
    let Object::Pod(pod) = &parsed.objects[3].object else {
        panic!("not a pod");
    };
    assert_eq!(pod.spec.claim_names().collect::<Vec<_>>(), ["data"]);
    assert_eq!(pod.spec.node_name, "kind-control-plane");
}

#[test]
fn reads_typed_lists_whose_items_omit_their_kind() {
    let text = "\
apiVersion: storage.k8s.io/v1
kind: StorageClassList
metadata: {resourceVersion: \"1\"}
items:
- metadata: {name: fast}
  provisioner: example.com/fast
- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata: {name: slow}
  provisioner: example.com/slow
";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let names: Vec<&str> = parsed
        .objects
        .iter()
        .map(|o| o.object.metadata().name.as_str())
        .collect();
    assert_eq!(names, ["fast", "slow"]);
}

#[test]
fn a_known_kind_in_a_wrong_version_gets_kubectls_no_matches_error() {
    let error =
        only_error("apiVersion: v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: x\n");
    assert_eq!(
        error.message,
        r#"no matches for kind "StorageClass" in version "v1""#
    );
    assert_eq!(
        (error.document, error.position()),
        (Some(0), Some(Position::new(1, 13)))
    );
    let beta = "apiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\nmetadata: {name: b}\n";
    assert_eq!(only_object(beta).kind(), Kind::StorageClass);
    let error = only_error("apiVersion: apps/v1\nkind: PersistentVolume\nmetadata: {name: p}\n");
    assert_eq!(
        error.message,
        r#"no matches for kind "PersistentVolume" in version "apps/v1""#
    );
}

#[test]
fn a_missing_kind_or_version_quotes_the_document_like_apimachinery() {
    let error = only_error("apiVersion: v1\nmetadata:\n  name: x\n");
    assert_eq!(
        error.message,
        r#"Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'"#
    );
    assert_eq!(error.position(), Some(Position::new(1, 1)));
    let error = only_error("kind: PersistentVolume\nmetadata: {name: x}\n");
    assert_eq!(
        error.message,
        r#"Object 'apiVersion' is missing in '{"kind":"PersistentVolume","metadata":{"name":"x"}}'"#
    );
    let long = format!(
        "kind: Pod\nmetadata: {{name: x, labels: {{a: \"{}\"}}}}\n",
        "é".repeat(300)
    );
    let error = only_error(&long);
    assert!(error.message.ends_with("…'"), "{}", error.message);
}

#[test]
fn unknown_kinds_are_reported_as_skipped_not_as_errors() {
    let parsed = parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n");
    assert!(parsed.errors.is_empty() && parsed.objects.is_empty());
    assert_eq!(parsed.skipped[0].kind, "ConfigMap");
    assert_eq!(parsed.skipped[0].name, "cfg");
    assert_eq!(parsed.skipped[0].namespace, None);
}

#[test]
fn misspelt_fields_are_strict_decoding_errors_at_their_key() {
    let text = "\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  storageClasName: fast
  resources: {requests: {storage: 1Gi}, limit: {}}
";
    let parsed = parse(text);
    assert!(parsed.objects.is_empty());
    let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            r#"line 6, column 3: unknown field "spec.storageClasName""#,
            r#"line 7, column 41: unknown field "spec.resources.limit""#,
        ]
    );
}

#[test]
fn strictness_reaches_into_lists_and_opaque_volume_sources() {
    let text = "\
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv
  ownerReferences:
  - {apiVersion: v1, kind: X, name: owner, uid: z, colour: red}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  iscsi: {targetPortal: 10.0.0.1, iqn: iqn.x, lun: 0, chapAuth: true}
  claimRef: {namespace: a, name: b, fieldPath: spec}
";
    let messages: Vec<String> = parse(text).errors.into_iter().map(|e| e.message).collect();
    assert_eq!(
        messages,
        [
            r#"unknown field "metadata.ownerReferences[0].colour""#,
            r#"unknown field "spec.iscsi.chapAuth""#,
        ]
    );
}

#[test]
fn api_fields_that_are_not_modelled_are_accepted_and_dropped() {
    let text = "\
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv
  generateName: pv-
  selfLink: /api/v1/persistentvolumes/pv
  deletionGracePeriodSeconds: 30
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  gcePersistentDisk: {pdName: disk-1, fsType: ext4, partition: 1}
status:
  phase: Available
  lastPhaseTransitionTime: \"2026-01-01T00:00:00Z\"
";
    let Object::PersistentVolume(pv) = only_object(text) else {
        panic!("not a volume");
    };
    assert_eq!(pv.status.phase, VolumePhase::Available);
    assert!(pv.spec.gce_persistent_disk.is_some());
}

#[test]
fn pods_and_nodes_ignore_fields_we_do_not_list() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, notAField: 1}
spec:
  schedulerName: default-scheduler
  containers: [{name: web, image: nginx}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: web-data, readOnly: true}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {zone: a}}
spec: {unschedulable: true}
";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.objects.len(), 2);
}

#[test]
fn type_mismatches_use_go_json_wording_with_the_field_path() {
    let text = "\
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  labels: {app: 1}
spec:
  accessModes: ReadWriteOnce
";
    let errors = parse(text).errors;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "line 5, column 17: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
            "line 7, column 16: json: cannot unmarshal string into Go struct field PersistentVolumeClaimSpec.spec.accessModes of type []v1.PersistentVolumeAccessMode",
        ]
    );
    let sc = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: s}\nprovisioner: x\nallowVolumeExpansion: \"true\"\n";
    assert_eq!(
        only_error(sc).message,
        "json: cannot unmarshal string into Go struct field StorageClass.allowVolumeExpansion of type bool"
    );
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {volumes: {name: x}}\n";
    assert_eq!(
        only_error(pod).message,
        "json: cannot unmarshal object into Go struct field PodSpec.spec.volumes of type []v1.Volume"
    );
    let big = "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p}\nspec:\n  iscsi: {lun: 5000000000}\n";
    assert_eq!(
        only_error(big).message,
        "json: cannot unmarshal number 5000000000 into Go struct field ISCSIPersistentVolumeSource.spec.iscsi.lun of type int32"
    );
}

#[test]
fn bad_values_name_their_field_and_position() {
    let text = "\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, creationTimestamp: yesterday}
spec:
  resources:
    requests: {storage: 1K}
";
    let errors = parse(text).errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    // Decoding stops at the first bad value, in document order.
    assert_eq!(errors[0].position(), Some(Position::new(3, 43)));
    assert!(
        errors[0]
            .message
            .starts_with("metadata.creationTimestamp: "),
        "{}",
        errors[0].message
    );
    let error = only_error(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  resources:\n    requests: {storage: 1K}\n",
    );
    assert_eq!(
        error.to_string(),
        "line 6, column 25: spec.resources.requests.storage: unable to parse quantity's suffix"
    );
    let phase = only_error(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p}\nstatus: {phase: Lost}\n",
    );
    assert!(
        phase
            .message
            .starts_with("status.phase: unknown variant `Lost`"),
        "{}",
        phase.message
    );
}

#[test]
fn fields_the_engine_requires_are_reported_as_required_values() {
    let error = only_error(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p}\nspec:\n  hostPath: {type: Directory}\n",
    );
    assert_eq!(error.message, "spec.hostPath.path: Required value");
    assert_eq!(error.position(), Some(Position::new(5, 13)));
}

#[test]
fn a_syntax_error_costs_only_its_own_document() {
    let text = "\
apiVersion: v1
kind: Node
metadata: {name: a}
---
apiVersion: v1
kind: Node
metadata: {name: [b}
---
apiVersion: v1
kind: Node
metadata: {name: c}
";
    let parsed = parse(text);
    let names: Vec<&str> = parsed
        .objects
        .iter()
        .map(|o| o.object.metadata().name.as_str())
        .collect();
    assert_eq!(names, ["a", "c"]);
    assert_eq!(parsed.objects[1].document, 2);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].document, Some(1));
    assert_eq!(parsed.errors[0].line, Some(7), "{}", parsed.errors[0]);
}

#[test]
fn duplicate_keys_and_non_mapping_documents_are_errors() {
    let error = only_error("apiVersion: v1\nkind: Node\nkind: Node\n");
    assert_eq!(error.line, Some(3));
    assert!(error.message.contains("duplicate"), "{}", error.message);
    let error = only_error("- just\n- a list\n");
    assert_eq!(
        error.message,
        "json: cannot unmarshal array into Go value of type map[string]interface {}"
    );
    let error = only_error("apiVersion: v1\nkind: 7\n");
    assert_eq!(
        error.message,
        "json: cannot unmarshal number into Go struct field TypeMeta.kind of type string"
    );
}

#[test]
fn budgets_stop_oversized_nested_and_alias_bomb_inputs() {
    let huge = " ".repeat(MAX_INPUT_BYTES + 1);
    let error = only_error(&huge);
    assert!(error.message.contains("at most"), "{}", error.message);

    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(parse(&deep).errors.len(), 1);

    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        bomb.push_str(&format!(
            "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
            (b'a' + level) as char,
            (b'a' + level) as char,
            p = (b'a' + level - 1) as char
        ));
    }
    assert_eq!(parse(&bomb).errors.len(), 1);
}

#[test]
fn errors_display_as_line_column_message() {
    let error = Problem::at(Position::new(4, 7), "boom").in_document(2);
    assert_eq!(error.to_string(), "line 4, column 7: boom");
    assert_eq!(Problem::at_line(4, "boom").to_string(), "line 4: boom");
    assert_eq!(Problem::nowhere("boom").to_string(), "boom");
    assert_eq!(error.in_file("a.yaml"), "a.yaml:4:7: boom");
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

fn sample_objects() -> Vec<Object> {
    let created = Timestamp::parse("2026-01-02T03:04:05Z").unwrap();
    let volume = PersistentVolume {
        metadata: ObjectMeta {
            name: "pv-1".into(),
            annotations: BTreeMap::from([
                ("pv.kubernetes.io/bound-by-controller".into(), "yes".into()),
                ("example.com/note".into(), "a: b # not a comment".into()),
            ]),
            finalizers: vec!["kubernetes.io/pv-protection".into()],
            creation_timestamp: Some(created),
            ..Default::default()
        },
        spec: PersistentVolumeSpec {
            capacity: BTreeMap::from([("storage".into(), q("1.5Gi"))]),
            access_modes: vec!["ReadWriteOnce".into(), "ReadOnlyMany".into()],
            claim_ref: Some(ObjectReference {
                kind: "PersistentVolumeClaim".into(),
                namespace: "default".into(),
                name: "data".into(),
                uid: "1234".into(),
                ..Default::default()
            }),
            persistent_volume_reclaim_policy: Some("Retain".into()),
            storage_class_name: Some(String::new()),
            iscsi: Some(Box::new(Value::Map(BTreeMap::from([
                ("lun".into(), Value::Int(0)),
                ("readOnly".into(), Value::Bool(true)),
                ("targetPortal".into(), Value::String("10.0.0.1:3260".into())),
            ])))),
            ..Default::default()
        },
        status: PersistentVolumeStatus {
            phase: VolumePhase::Bound,
            ..Default::default()
        },
    };
    let claim = PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: "data".into(),
            namespace: Some("default".into()),
            labels: BTreeMap::from([("app".into(), "true".into())]),
            ..Default::default()
        },
        spec: PersistentVolumeClaimSpec {
            access_modes: vec!["ReadWriteOnce".into()],
            resources: pv_engine::objects::ResourceRequirements {
                requests: BTreeMap::from([("storage".into(), q("1000"))]),
                ..Default::default()
            },
            storage_class_name: Some(String::new()),
            volume_name: "pv-1".into(),
            ..Default::default()
        },
        status: PersistentVolumeClaimStatus {
            phase: ClaimPhase::Bound,
            access_modes: vec!["ReadWriteOnce".into(), "ReadOnlyMany".into()],
            capacity: BTreeMap::from([("storage".into(), q("1.5Gi"))]),
            ..Default::default()
        },
    };
    let class = StorageClass {
        metadata: ObjectMeta {
            name: "fast".into(),
            annotations: BTreeMap::from([(
                "storageclass.kubernetes.io/is-default-class".into(),
                "true".into(),
            )]),
            ..Default::default()
        },
        provisioner: "example.com/fast".into(),
        parameters: BTreeMap::from([("type".into(), "1e3".into())]),
        allow_volume_expansion: Some(true),
        ..Default::default()
    };
    vec![
        Object::PersistentVolume(volume),
        Object::PersistentVolumeClaim(claim),
        Object::StorageClass(class),
    ]
}

#[test]
fn exports_documents_in_kubectls_layout() {
    let objects = sample_objects();
    let expected = r#"apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: default
  labels:
    app: "true"
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1k
  volumeName: pv-1
  storageClassName: ""
status:
  phase: Bound
  accessModes:
  - ReadWriteOnce
  - ReadOnlyMany
  capacity:
    storage: 1536Mi
"#;
    assert_eq!(to_yaml(&objects[1..2]), expected);
    let volume = to_yaml(&objects[..1]);
    assert!(volume.starts_with("apiVersion: v1\nkind: PersistentVolume\nmetadata:\n"));
    assert!(volume.contains("    example.com/note: \"a: b # not a comment\"\n"));
    assert!(volume.contains("  creationTimestamp: \"2026-01-02T03:04:05Z\"\n"));
    assert!(volume.contains("  iscsi:\n    lun: 0\n    readOnly: true\n"));
    let class = to_yaml(&objects[2..]);
    assert!(class.starts_with(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n"
    ));
    assert!(class.contains("\nprovisioner: example.com/fast\nparameters:\n  type: \"1e3\"\n"));
}

#[test]
fn exports_round_trip_through_parse() {
    let objects = sample_objects();
    let stream = to_yaml(&objects);
    assert_eq!(stream.matches("\n---\n").count(), 2);
    assert_eq!(parse(&stream).into_objects(), objects);
    let list = to_list_yaml(&objects);
    assert!(
        list.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: PersistentVolume\n")
    );
    assert!(list.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"));
    let parsed = parse(&list);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.into_objects(), objects);
    assert_eq!(
        to_list_yaml(&[]),
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    );
    assert_eq!(to_yaml(&[]), "");
}

#[test]
fn a_parsed_dump_round_trips() {
    let objects = parse(DUMP).into_objects();
    assert_eq!(parse(&to_yaml(&objects)).into_objects(), objects);
    assert_eq!(parse(&to_list_yaml(&objects)).into_objects(), objects);
}

/// The workloads of a real `kubectl get sts,deploy,rs -o yaml`: read (not skipped), written
/// back and read again to the same objects; a misspelt field in a claim template is an error
/// at its line, though the rest of a workload is read leniently like a pod.
#[test]
fn workloads_are_read_and_round_trip() {
    let text = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: shop
  generation: 3
spec:
  replicas: 2
  ordinals: {start: 1}
  podManagementPolicy: Parallel
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}
  selector:
    matchLabels: {app: web}
  serviceName: web
  template:
    metadata:
      creationTimestamp: null
      labels: {app: web}
    spec:
      containers:
      - image: nginx
        name: nginx
        volumeMounts: [{mountPath: /data, name: www}]
      dnsPolicy: ClusterFirst
      restartPolicy: Always
  updateStrategy:
    rollingUpdate: {partition: 0, maxUnavailable: 1}
    type: RollingUpdate
  volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: www, creationTimestamp: null}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
    status: {phase: Pending}
status:
  replicas: 2
  readyReplicas: 2
  currentRevision: web-6d4c8b9f7
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  strategy:
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
    type: RollingUpdate
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{image: api, name: api}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-7c5ddbdf54
  namespace: shop
  ownerReferences:
  - {apiVersion: apps/v1, kind: Deployment, name: api, uid: d-1, controller: true, blockOwnerDeletion: true}
spec:
  replicas: 3
  selector: {matchLabels: {app: api, pod-template-hash: 7c5ddbdf54}}
  template:
    metadata: {labels: {app: api, pod-template-hash: 7c5ddbdf54}}
    spec: {containers: [{image: api, name: api}]}
";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert!(parsed.skipped.is_empty());
    let objects = parsed.into_objects();
    let kinds: Vec<Kind> = objects.iter().map(Object::kind).collect();
    assert_eq!(
        kinds,
        [Kind::StatefulSet, Kind::Deployment, Kind::ReplicaSet]
    );
    let Object::StatefulSet(set) = &objects[0] else {
        panic!("not a StatefulSet");
    };
    assert_eq!(set.spec.start_ordinal(), 1);
    assert_eq!(set.spec.retention(), ("Delete", "Retain"));
    assert_eq!(set.spec.volume_claim_templates[0].metadata.name, "www");
    assert_eq!(set.status.current_revision, "web-6d4c8b9f7");
    assert_eq!(parse(&to_yaml(&objects)).into_objects(), objects);
    assert_eq!(parse(&to_list_yaml(&objects)).into_objects(), objects);
    let typo = parse(&text.replace(
        "      accessModes: [ReadWriteOnce]\n      resources",
        "      accesModes: [ReadWriteOnce]\n      resources",
    ));
    assert_eq!(
        typo.errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>(),
        ["unknown field \"spec.volumeClaimTemplates[0].spec.accesModes\""]
    );
    let wrong_type = parse(&text.replace("replicas: 2\n  ordinals", "replicas: two\n  ordinals"));
    assert_eq!(
        wrong_type.errors[0].message,
        "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------

/// Single-character edits of a valid manifest: the inputs a person typing produces.
pub(super) fn mutated(base: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for &(position, operation, c) in edits {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let at = position % chars.len();
        match operation % 3 {
            0 => chars.insert(at, c),
            1 => {
                chars.remove(at);
            }
            _ => chars[at] = c,
        }
    }
    chars.into_iter().collect()
}

pub(super) fn yaml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            ' ', '\n', '-', ':', '[', ']', '{', '}', ',', '"', '\'', '&', '*', '!', '|', '>', '#',
            '?', '%', '@', '`', '\t', '.', '0', '1', 'a', 'Z', 'é', '\u{feff}'
        ]),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = parse(&text);
    }

    #[test]
    fn yaml_like_text_never_panics(chars in proptest::collection::vec(yaml_char(), 0..200)) {
        let text: String = chars.into_iter().collect();
        let parsed = parse(&text);
        for error in &parsed.errors {
            prop_assert!(error.position().is_some(), "{error}");
        }
    }

    #[test]
    fn edited_manifests_never_panic(
        base in proptest::sample::select(vec![CLAIM, DUMP]),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), yaml_char()), 1..6),
    ) {
        let parsed = parse(&mutated(base, &edits));
        let total_lines = base.lines().count() as u32 + 8;
        for error in &parsed.errors {
            prop_assert!(error.line.is_some_and(|line| line <= total_lines), "{error}");
        }
    }

    #[test]
    fn any_strings_survive_export(
        name in "\\PC{0,20}",
        annotation_key in "[a-z0-9./-]{1,20}",
        annotation in "\\PC{0,30}",
        class in proptest::option::of("\\PC{0,12}"),
    ) {
        let claim = PersistentVolumeClaim {
            metadata: ObjectMeta {
                name,
                annotations: BTreeMap::from([(annotation_key, annotation)]),
                ..Default::default()
            },
            spec: PersistentVolumeClaimSpec {
                storage_class_name: class,
                ..Default::default()
            },
            ..Default::default()
        };
        let objects = vec![Object::PersistentVolumeClaim(claim)];
        let parsed = parse(&to_yaml(&objects));
        prop_assert!(parsed.errors.is_empty(), "{:?}\n{}", parsed.errors, to_yaml(&objects));
        prop_assert_eq!(parsed.into_objects(), objects);
    }
}

#[test]
fn a_dump_of_five_thousand_objects_fits_the_budgets() {
    let items = DUMP
        .split_once("\nitems:\n")
        .and_then(|(_, rest)| rest.split_once("\nkind: List"))
        .map(|(items, _)| items)
        .unwrap();
    let mut dump = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..1000 {
        dump.push_str(&items.replace("name: ", &format!("name: copy{i}-")));
        dump.push('\n');
    }
    let parsed = parse(&dump);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    assert_eq!((parsed.objects.len(), parsed.skipped.len()), (5000, 1000));
}

#[test]
fn a_numeral_out_of_a_floats_range_is_the_quantity_it_spells() {
    // kubectl's YAML reader keeps `1e999999` a string (ParseFloat fails), and ParseQuantity
    // accepts it: the API server stores the claim (docs/kubernetes-rules.md §2).
    for (written, shown) in [
        ("1e999999", "1e999999"),
        ("\"1e999999\"", "1e999999"),
        ("1E400", "10e399"),
        ("1e309", "1e309"),
    ] {
        let text = format!(
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: c, namespace: default}}\nspec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: {written}}}}}}}\n"
        );
        let Object::PersistentVolumeClaim(claim) = only_object(&text) else {
            panic!("a claim");
        };
        assert_eq!(
            claim.spec.request().unwrap().to_string(),
            shown,
            "{written}"
        );
    }
    // A numeral the quantity grammar refuses still gets ParseQuantity's words.
    let refused = only_error(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {resources: {requests: {storage: 1e99999999999999999999}}}\n",
    );
    assert_eq!(
        refused.message,
        "spec.resources.requests.storage: unable to parse quantity's suffix"
    );
}

#[test]
fn a_cut_short_dump_is_said_to_be_cut_short() {
    let dump = to_list_yaml(&[
        only_object("apiVersion: v1\nkind: Node\nmetadata: {name: a}\n"),
        only_object("apiVersion: v1\nkind: Node\nmetadata: {name: b}\n"),
    ]);
    assert!(parse(&dump).errors.is_empty());
    // Cut anywhere in its items: the List's `kind` line is gone, or the last line is unfinished.
    let end = dump.find("\nkind: List").unwrap();
    for cut in (20..end).step_by(7) {
        let parsed = parse(&dump[..cut]);
        let Some(error) = parsed.errors.first() else {
            panic!("cut at {cut}: no error in {:?}", &dump[..cut]);
        };
        assert!(
            error.message.contains("cut short"),
            "cut at {cut}: {:?} in {:?}",
            error.message,
            &dump[..cut]
        );
        assert!(
            !error.message.contains("Object 'Kind' is missing"),
            "{}",
            error.message
        );
    }
    // A whole document without a kind keeps kubectl's words.
    let whole = only_error("apiVersion: v1\nmetadata: {name: x}\n");
    assert!(
        whole.message.starts_with("Object 'Kind' is missing in"),
        "{}",
        whole.message
    );
}
