//! Invariants of the control loop over random sequences of creates and deletes: a volume is
//! bound to at most one claim; a Bound claim's volume points back to it; capacity, access
//! modes, volume mode and class are satisfied; settling twice changes nothing; the same input
//! gives the same output.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use pv_engine::annotations as ann;
use pv_engine::classes::{claim_class_or_empty, volume_class};
use pv_engine::objects::*;
use pv_engine::quantity::Quantity;
use pv_engine::Cluster;
use std::collections::BTreeMap;

const SIZES: [&str; 6] = ["500Mi", "1Gi", "1G", "2Gi", "5Gi", "10Gi"];
const MODES: [&[&str]; 5] = [
    &["ReadWriteOnce"],
    &["ReadWriteOnce", "ReadOnlyMany"],
    &["ReadWriteMany"],
    &["ReadWriteOncePod"],
    &["ReadOnlyMany"],
];
const CLASSES: [Option<&str>; 4] = [None, Some(""), Some("fast"), Some("slow")];
const PROVISIONERS: [&str; 3] = [
    "ebs.csi.aws.com",
    "kubernetes.io/no-provisioner",
    "example.com/nfs",
];

#[derive(Clone, Debug)]
enum Op {
    Volume {
        name: u8,
        size: usize,
        modes: usize,
        class: usize,
        label: bool,
        reserve: Option<u8>,
        policy: u8,
        csi: bool,
    },
    Claim {
        name: u8,
        size: usize,
        modes: usize,
        class: usize,
        selector: bool,
        volume_name: Option<u8>,
    },
    Class {
        name: usize,
        provisioner: usize,
        wait: bool,
        default: bool,
        retain: bool,
    },
    Node {
        name: u8,
        zone: bool,
    },
    Pod {
        name: u8,
        claim: u8,
        node_name: Option<u8>,
    },
    Delete {
        kind: usize,
        name: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..6, 0..SIZES.len(), 0..MODES.len(), 0..CLASSES.len(), any::<bool>(), prop::option::weighted(0.2, 0u8..5), 0u8..3, any::<bool>())
            .prop_map(|(name, size, modes, class, label, reserve, policy, csi)| Op::Volume { name, size, modes, class, label, reserve, policy, csi }),
        3 => (0u8..5, 0..SIZES.len(), 0..MODES.len(), 0..CLASSES.len(), any::<bool>(), prop::option::weighted(0.15, 0u8..6))
            .prop_map(|(name, size, modes, class, selector, volume_name)| Op::Claim { name, size, modes, class, selector, volume_name }),
        1 => (2usize..4, 0..PROVISIONERS.len(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(name, provisioner, wait, default, retain)| Op::Class { name, provisioner, wait, default, retain }),
        1 => (0u8..2, any::<bool>()).prop_map(|(name, zone)| Op::Node { name, zone }),
        2 => (0u8..4, 0u8..5, prop::option::weighted(0.2, 0u8..2)).prop_map(|(name, claim, node_name)| Op::Pod { name, claim, node_name }),
        2 => (0usize..5, 0u8..6).prop_map(|(kind, name)| Op::Delete { kind, name }),
    ]
}

fn meta(name: String, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name,
        namespace: namespace.map(str::to_owned),
        ..Default::default()
    }
}

fn storage(size: &str) -> ResourceList {
    BTreeMap::from([(
        STORAGE.to_owned(),
        Quantity::parse(size).expect("valid size"),
    )])
}

fn modes(i: usize) -> Vec<String> {
    MODES[i].iter().map(|m| m.to_string()).collect()
}

/// Applies one operation as a user would; the API server may refuse it (that is fine).
fn apply(cluster: &mut Cluster, op: &Op) {
    cluster.tick();
    let _ = match op.clone() {
        Op::Volume {
            name,
            size,
            modes: m,
            class,
            label,
            reserve,
            policy,
            csi,
        } => {
            let mut metadata = meta(format!("pv-{name}"), None);
            if label {
                metadata.labels.insert("app".into(), "db".into());
            }
            let mut spec = PersistentVolumeSpec {
                capacity: storage(SIZES[size]),
                access_modes: modes(m),
                storage_class_name: CLASSES[class].map(str::to_owned),
                persistent_volume_reclaim_policy: Some(
                    ["Retain", "Delete", "Recycle"][policy as usize].into(),
                ),
                claim_ref: reserve.map(|c| ObjectReference {
                    namespace: "default".into(),
                    name: format!("c-{c}"),
                    ..Default::default()
                }),
                ..Default::default()
            };
            if csi {
                spec.csi = Some(CsiVolumeSource {
                    driver: "ebs.csi.aws.com".into(),
                    volume_handle: format!("vol-{name}"),
                    ..Default::default()
                });
            } else {
                spec.nfs = Some(NfsVolumeSource {
                    server: "nfs".into(),
                    path: format!("/e/{name}"),
                    read_only: false,
                });
            }
            cluster.create(Object::PersistentVolume(PersistentVolume {
                metadata,
                spec,
                ..Default::default()
            }))
        }
        Op::Claim {
            name,
            size,
            modes: m,
            class,
            selector,
            volume_name,
        } => {
            let spec = PersistentVolumeClaimSpec {
                access_modes: modes(m),
                resources: ResourceRequirements {
                    requests: storage(SIZES[size]),
                    ..Default::default()
                },
                storage_class_name: CLASSES[class].map(str::to_owned),
                selector: selector.then(|| LabelSelector {
                    match_labels: BTreeMap::from([("app".to_owned(), "db".to_owned())]),
                    ..Default::default()
                }),
                volume_name: volume_name.map(|v| format!("pv-{v}")).unwrap_or_default(),
                ..Default::default()
            };
            let claim = PersistentVolumeClaim {
                metadata: meta(format!("c-{name}"), Some("default")),
                spec,
                ..Default::default()
            };
            cluster.create(Object::PersistentVolumeClaim(claim))
        }
        Op::Class {
            name,
            provisioner,
            wait,
            default,
            retain,
        } => {
            let mut metadata = meta(CLASSES[name].unwrap_or_default().to_owned(), None);
            if default {
                metadata
                    .annotations
                    .insert(ann::DEFAULT_CLASS.into(), "true".into());
            }
            cluster.create(Object::StorageClass(StorageClass {
                metadata,
                provisioner: PROVISIONERS[provisioner].into(),
                reclaim_policy: Some(if retain { "Retain" } else { "Delete" }.into()),
                volume_binding_mode: Some(
                    if wait {
                        "WaitForFirstConsumer"
                    } else {
                        "Immediate"
                    }
                    .into(),
                ),
                ..Default::default()
            }))
        }
        Op::Node { name, zone } => {
            let mut metadata = meta(format!("node-{name}"), None);
            metadata.labels.insert(
                "topology.kubernetes.io/zone".into(),
                if zone { "a" } else { "b" }.into(),
            );
            cluster.create(Object::Node(Node { metadata }))
        }
        Op::Pod {
            name,
            claim,
            node_name,
        } => {
            let spec = PodSpec {
                node_name: node_name.map(|n| format!("node-{n}")).unwrap_or_default(),
                volumes: vec![PodVolume {
                    name: "data".into(),
                    persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                        claim_name: format!("c-{claim}"),
                        read_only: false,
                    }),
                    ..Default::default()
                }],
                containers: vec![pv_engine::value::Value::Map(BTreeMap::from([
                    (
                        "name".to_owned(),
                        pv_engine::value::Value::String("app".into()),
                    ),
                    (
                        "image".to_owned(),
                        pv_engine::value::Value::String("busybox".into()),
                    ),
                ]))],
                ..Default::default()
            };
            cluster.create(Object::Pod(Pod {
                metadata: meta(format!("pod-{name}"), Some("default")),
                spec,
                ..Default::default()
            }))
        }
        Op::Delete { kind, name } => {
            let (kind, name) = match kind {
                0 => (Kind::PersistentVolume, format!("pv-{name}")),
                1 => (Kind::PersistentVolumeClaim, format!("c-{name}")),
                2 => (Kind::Pod, format!("pod-{name}")),
                3 => (
                    Kind::StorageClass,
                    CLASSES[2 + name as usize % 2]
                        .unwrap_or_default()
                        .to_owned(),
                ),
                _ => (Kind::Node, format!("node-{}", name % 2)),
            };
            cluster
                .delete(&ObjectKey::new(kind, Some("default"), &name))
                .map(|_| ObjectKey::new(kind, None, &name))
        }
    };
    cluster.settle();
}

/// Every invariant, with a message naming what broke.
fn check(cluster: &Cluster) -> Result<(), String> {
    let mut bound_to: BTreeMap<&str, &str> = BTreeMap::new();
    for claim in cluster
        .claims()
        .filter(|c| c.status.phase == ClaimPhase::Bound)
    {
        let name = &claim.metadata.name;
        if let Some(other) = bound_to.insert(&claim.spec.volume_name, name) {
            return Err(format!(
                "volume {} bound to {other} and {name}",
                claim.spec.volume_name
            ));
        }
        let pv = cluster
            .volume(&claim.spec.volume_name)
            .ok_or(format!("{name}: volume missing"))?;
        let back = pv
            .spec
            .claim_ref
            .as_ref()
            .ok_or(format!("{name}: volume has no claimRef"))?;
        if back.name != *name || back.uid != claim.metadata.uid {
            return Err(format!(
                "{name}: volume {} points at {}/{}",
                pv.metadata.name, back.name, back.uid
            ));
        }
        if pv.status.phase != VolumePhase::Bound {
            return Err(format!("{name}: its volume is {:?}", pv.status.phase));
        }
        // When the user pre-bound both sides (the claim's volumeName and the volume's claimRef),
        // Kubernetes binds without checking anything (`syncUnboundClaim`, IsVolumeBoundToClaim
        // branch), so the fit invariants hold only for pairs the controller had a say in.
        let user_reserved = !pv
            .metadata
            .has_annotation(ann::BOUND_BY_CONTROLLER, ann::YES);
        let user_named = !claim
            .metadata
            .has_annotation(ann::BOUND_BY_CONTROLLER, ann::YES);
        if user_reserved && user_named {
            continue;
        }
        if pv.spec.storage() < claim.spec.request() {
            return Err(format!("{name}: volume smaller than the request"));
        }
        if !AccessModes::from_strings(&pv.spec.access_modes)
            .covers(AccessModes::from_strings(&claim.spec.access_modes))
        {
            return Err(format!("{name}: volume lacks an access mode"));
        }
        if VolumeMode::of(pv.spec.volume_mode.as_deref())
            != VolumeMode::of(claim.spec.volume_mode.as_deref())
        {
            return Err(format!("{name}: volume mode differs"));
        }
        // A volume the user reserved with claimRef binds whatever its class (pitfall 2).
        if !user_reserved && volume_class(pv) != claim_class_or_empty(claim) {
            return Err(format!(
                "{name}: class {:?} bound to volume of class {:?}",
                claim_class_or_empty(claim),
                volume_class(pv)
            ));
        }
        if claim.status.capacity != pv.spec.capacity {
            return Err(format!("{name}: status.capacity is not the volume's"));
        }
    }
    for pv in cluster.volumes() {
        let reserved = pv
            .spec
            .claim_ref
            .as_ref()
            .is_some_and(|r| !r.uid.is_empty());
        if !reserved && pv.status.phase != VolumePhase::Available {
            return Err(format!(
                "{}: no bound claimRef but {:?}",
                pv.metadata.name, pv.status.phase
            ));
        }
    }
    let mut again = cluster.clone();
    if again.sync_once() {
        return Err("a settled cluster changed on one more pass".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invariants_hold_after_every_step(ops in prop::collection::vec(op(), 1..40)) {
        let mut cluster = Cluster::new();
        for (i, op) in ops.iter().enumerate() {
            apply(&mut cluster, op);
            if let Err(broken) = check(&cluster) {
                prop_assert!(false, "after step {} ({:?}): {}", i + 1, op, broken);
            }
        }
    }

    #[test]
    fn the_same_steps_give_the_same_cluster(ops in prop::collection::vec(op(), 1..30)) {
        let play = || {
            let mut cluster = Cluster::new();
            ops.iter().for_each(|op| apply(&mut cluster, op));
            cluster
        };
        prop_assert_eq!(play(), play());
    }
}

/// Field values a user might type, valid and not.
const QUANTITIES: [&str; 8] = ["1Gi", "500M", "1e3", "0", "-1Gi", "1K", "abc", "\"\""];
const MODE_TEXTS: [&str; 5] = [
    "ReadWriteOnce",
    "ReadWriteOncePod",
    "readwriteonce",
    "ReadOnlyMany",
    "ReadWriteMany",
];
const NAMES: [&str; 6] = ["a", "Data_1", "x.y", "ünï", "-bad-", "db"];
const CLASS_TEXTS: [&str; 5] = ["\"\"", "fast", "Fast!", "null", "slow"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever a user pastes, the pipeline (parse, create, settle, explain) answers with
    /// objects or errors, never a panic, and what it accepts keeps the invariants.
    #[test]
    fn pasted_manifests_never_panic(docs in prop::collection::vec(
        (0usize..6, 0..NAMES.len(), 0..QUANTITIES.len(), 0..MODE_TEXTS.len(), 0..CLASS_TEXTS.len(), any::<bool>()),
        1..8,
    )) {
        let text: Vec<String> = docs.iter().map(|&(kind, name, size, mode, class, flag)| {
            let (name, size, mode, class) = (NAMES[name], QUANTITIES[size], MODE_TEXTS[mode], CLASS_TEXTS[class]);
            match kind {
                0 => format!("apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}, labels: {{app: {name}}}}}\nspec: {{capacity: {{storage: {size}}}, accessModes: [{mode}], storageClassName: {class}, {}}}", if flag { "nfs: {server: s, path: /p}" } else { "hostPath: {path: /p}, csi: {driver: d, volumeHandle: h}" }),
                1 => format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec: {{accessModes: [{mode}], resources: {{requests: {{storage: {size}}}}}, storageClassName: {class}{}}}", if flag { ", selector: {matchExpressions: [{key: app, operator: In, values: [db]}]}" } else { "" }),
                2 => format!("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {{name: {name}{}}}\nprovisioner: {}\nvolumeBindingMode: {}", if flag { ", annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}" } else { "" }, if flag { "ebs.csi.aws.com" } else { "kubernetes.io/no-provisioner" }, if flag { "WaitForFirstConsumer" } else { "Immediate" }),
                3 => format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec: {{containers: [{{name: c, image: i}}], volumes: [{{name: v, persistentVolumeClaim: {{claimName: {name}}}}}]}}"),
                4 => format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {name}}}\nspec: {{replicas: {}, podManagementPolicy: {}, selector: {{matchLabels: {{app: {name}}}}}, template: {{metadata: {{labels: {{app: {name}}}}}, spec: {{containers: [{{name: c, image: i}}]}}}}, volumeClaimTemplates: [{{metadata: {{name: {name}}}, spec: {{accessModes: [{mode}], storageClassName: {class}, resources: {{requests: {{storage: {size}}}}}}}}}]}}", size.len() % 4, if flag { "Parallel" } else { "OrderedReady" }),
                _ => format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec: {{replicas: {}, strategy: {{type: {}}}, selector: {{matchLabels: {{app: {name}}}}}, template: {{metadata: {{labels: {{app: {name}}}}}, spec: {{containers: [{{name: c, image: i}}], volumes: [{{name: v, persistentVolumeClaim: {{claimName: {name}}}}}]}}}}}}", size.len() % 3, if flag { "Recreate" } else { "RollingUpdate" }),
            }
        }).collect();
        let parsed = pv_core::manifest::parse(&text.join("\n---\n"));
        let mut cluster = Cluster::new();
        for object in parsed.into_objects() {
            cluster.tick();
            let _ = cluster.create(object);
            cluster.settle();
        }
        let _ = cluster.explain_all(pv_engine::explain::Verdicts::All);
        if let Err(broken) = check(&cluster) {
            prop_assert!(false, "{}", broken);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Workloads and expansion: StatefulSets scaled and deleted under every retention policy,
// Deployments sharing claims, claims grown.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum WorkOp {
    Set {
        name: u8,
        replicas: i32,
        parallel: bool,
        when_deleted: bool,
        when_scaled: bool,
        class: usize,
    },
    Deployment {
        name: u8,
        replicas: i32,
        claim: u8,
        recreate: bool,
    },
    Claim {
        name: u8,
        rwop: bool,
    },
    Grow {
        claim: u8,
        ordinal: bool,
        size: usize,
    },
    Node {
        name: u8,
    },
    Volume {
        name: u8,
    },
    Delete {
        kind: usize,
        name: u8,
    },
}

/// Classes the workloads use: expandable CSI, not expandable CSI, and one nothing provisions.
const WORK_CLASSES: [(&str, &str, bool); 3] = [
    ("grow", "ebs.csi.aws.com", true),
    ("fixed", "pd.csi.storage.gke.io", false),
    ("manual", "kubernetes.io/no-provisioner", true),
];
const GROW_SIZES: [&str; 4] = ["1Gi", "2Gi", "3Gi", "1500Mi"];

fn work_op() -> impl Strategy<Value = WorkOp> {
    prop_oneof![
        3 => (0u8..2, 0i32..4, any::<bool>(), any::<bool>(), any::<bool>(), 0..WORK_CLASSES.len())
            .prop_map(|(name, replicas, parallel, when_deleted, when_scaled, class)| WorkOp::Set { name, replicas, parallel, when_deleted, when_scaled, class }),
        2 => (0u8..2, 0i32..4, 0u8..2, any::<bool>())
            .prop_map(|(name, replicas, claim, recreate)| WorkOp::Deployment { name, replicas, claim, recreate }),
        1 => (0u8..2, any::<bool>()).prop_map(|(name, rwop)| WorkOp::Claim { name, rwop }),
        2 => (0u8..3, any::<bool>(), 0..GROW_SIZES.len()).prop_map(|(claim, ordinal, size)| WorkOp::Grow { claim, ordinal, size }),
        1 => (0u8..2).prop_map(|name| WorkOp::Node { name }),
        1 => (0u8..3).prop_map(|name| WorkOp::Volume { name }),
        2 => (0usize..5, 0u8..3).prop_map(|(kind, name)| WorkOp::Delete { kind, name }),
    ]
}

fn container() -> pv_engine::value::Value {
    use pv_engine::value::Value;
    Value::Map(BTreeMap::from([
        ("name".to_owned(), Value::String("app".into())),
        ("image".to_owned(), Value::String("busybox".into())),
    ]))
}

fn template(app: &str, claim: Option<String>) -> PodTemplateSpec {
    PodTemplateSpec {
        metadata: ObjectMeta {
            labels: BTreeMap::from([("app".to_owned(), app.to_owned())]),
            ..Default::default()
        },
        spec: PodSpec {
            containers: vec![container()],
            volumes: claim
                .map(|claim_name| PodVolume {
                    name: "shared".into(),
                    persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                        claim_name,
                        read_only: false,
                    }),
                    ..Default::default()
                })
                .into_iter()
                .collect(),
            ..Default::default()
        },
    }
}

fn selector(app: &str) -> Option<LabelSelector> {
    Some(LabelSelector {
        match_labels: BTreeMap::from([("app".to_owned(), app.to_owned())]),
        match_expressions: Vec::new(),
    })
}

/// Creates the object, or replaces it when it exists (a scale, a policy change, a growth).
fn create_or_replace(cluster: &mut Cluster, object: Object) {
    if cluster.get(&object.key()).is_some() {
        let live = cluster.get(&object.key()).expect("exists");
        let object = pv_engine::system_fields::with_system_fields(&live, object);
        let _ = cluster.replace(object, Finalizers::Keep);
    } else {
        let _ = cluster.create(object);
    }
}

use pv_engine::Finalizers;

fn apply_work(cluster: &mut Cluster, op: &WorkOp) {
    cluster.tick();
    match op.clone() {
        WorkOp::Set {
            name,
            replicas,
            parallel,
            when_deleted,
            when_scaled,
            class,
        } => {
            let app = format!("set-{name}");
            let policy = |delete: bool| if delete { "Delete" } else { "Retain" }.to_owned();
            let set = StatefulSet {
                metadata: meta(app.clone(), Some("default")),
                spec: StatefulSetSpec {
                    replicas: Some(replicas),
                    selector: selector(&app),
                    template: template(&app, None),
                    pod_management_policy: if parallel { "Parallel" } else { "OrderedReady" }
                        .into(),
                    persistent_volume_claim_retention_policy: Some(RetentionPolicy {
                        when_deleted: policy(when_deleted),
                        when_scaled: policy(when_scaled),
                    }),
                    volume_claim_templates: vec![PersistentVolumeClaimTemplate {
                        metadata: ObjectMeta {
                            name: "data".into(),
                            ..Default::default()
                        },
                        spec: PersistentVolumeClaimSpec {
                            access_modes: vec!["ReadWriteOnce".into()],
                            resources: ResourceRequirements {
                                requests: storage("1Gi"),
                                ..Default::default()
                            },
                            storage_class_name: Some(WORK_CLASSES[class].0.into()),
                            ..Default::default()
                        },
                        ..Default::default()
                    }],
                    ..Default::default()
                },
                ..Default::default()
            };
            create_or_replace(cluster, Object::StatefulSet(set));
        }
        WorkOp::Deployment {
            name,
            replicas,
            claim,
            recreate,
        } => {
            let app = format!("app-{name}");
            let deployment = Deployment {
                metadata: meta(app.clone(), Some("default")),
                spec: DeploymentSpec {
                    replicas: Some(replicas),
                    selector: selector(&app),
                    template: template(&app, Some(format!("c-{claim}"))),
                    strategy: DeploymentStrategy {
                        type_: if recreate {
                            "Recreate"
                        } else {
                            "RollingUpdate"
                        }
                        .into(),
                        rolling_update: None,
                    },
                    ..Default::default()
                },
                ..Default::default()
            };
            create_or_replace(cluster, Object::Deployment(deployment));
        }
        WorkOp::Claim { name, rwop } => {
            let claim = PersistentVolumeClaim {
                metadata: meta(format!("c-{name}"), Some("default")),
                spec: PersistentVolumeClaimSpec {
                    access_modes: vec![if rwop {
                        "ReadWriteOncePod"
                    } else {
                        "ReadWriteOnce"
                    }
                    .into()],
                    resources: ResourceRequirements {
                        requests: storage("1Gi"),
                        ..Default::default()
                    },
                    storage_class_name: Some("grow".into()),
                    ..Default::default()
                },
                ..Default::default()
            };
            let _ = cluster.create(Object::PersistentVolumeClaim(claim));
        }
        WorkOp::Grow {
            claim,
            ordinal,
            size,
        } => {
            let name = if ordinal {
                format!("data-set-{}-{}", claim % 2, claim)
            } else {
                format!("c-{}", claim % 2)
            };
            if let Some(mut live) = cluster.claim("default", &name).cloned() {
                live.spec.resources.requests = storage(GROW_SIZES[size]);
                let _ = cluster.replace(Object::PersistentVolumeClaim(live), Finalizers::Keep);
            }
        }
        WorkOp::Node { name } => {
            let _ = cluster.create(Object::Node(Node {
                metadata: meta(format!("node-{name}"), None),
            }));
        }
        WorkOp::Volume { name } => {
            let _ = cluster.create(Object::PersistentVolume(PersistentVolume {
                metadata: meta(format!("pv-{name}"), None),
                spec: PersistentVolumeSpec {
                    capacity: storage("2Gi"),
                    access_modes: vec!["ReadWriteOnce".into()],
                    storage_class_name: Some("manual".into()),
                    csi: Some(CsiVolumeSource {
                        driver: "local.csi.example.com".into(),
                        volume_handle: format!("vol-{name}"),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                ..Default::default()
            }));
        }
        WorkOp::Delete { kind, name } => {
            let key = match kind {
                0 => ObjectKey::new(
                    Kind::StatefulSet,
                    Some("default"),
                    &format!("set-{}", name % 2),
                ),
                1 => ObjectKey::new(
                    Kind::Deployment,
                    Some("default"),
                    &format!("app-{}", name % 2),
                ),
                2 => ObjectKey::new(
                    Kind::Pod,
                    Some("default"),
                    &format!("set-{}-{}", name % 2, name),
                ),
                3 => ObjectKey::new(
                    Kind::PersistentVolumeClaim,
                    Some("default"),
                    &format!("data-set-{}-{}", name % 2, name),
                ),
                _ => ObjectKey::new(
                    Kind::PersistentVolumeClaim,
                    Some("default"),
                    &format!("c-{}", name % 2),
                ),
            };
            let _ = cluster.delete(&key);
        }
    }
    cluster.settle();
}

/// The workload invariants between two settled states: each set's pod mounts exactly its own
/// ordinal's claims; a claim that stays (same uid) keeps its volume; capacities only grow;
/// one more pass changes nothing.
fn check_work(before: &Cluster, after: &Cluster) -> Result<(), String> {
    for pod in after.pods() {
        let Some(owner) = pod
            .metadata
            .controller()
            .filter(|r| r.kind == "StatefulSet")
        else {
            continue;
        };
        let Some(set) = after.stateful_set("default", &owner.name) else {
            continue;
        };
        let ordinal = pv_engine::statefulset::parent_and_ordinal(&pod.metadata.name)
            .map(|(_, o)| o)
            .ok_or(format!("{}: no ordinal", pod.metadata.name))?;
        for template in &set.spec.volume_claim_templates {
            let own = pv_engine::statefulset::claim_name(
                &template.metadata.name,
                &set.metadata.name,
                ordinal,
            );
            let mounted: Vec<&str> = pod
                .spec
                .volumes
                .iter()
                .filter(|v| v.name == template.metadata.name)
                .filter_map(|v| v.persistent_volume_claim.as_ref())
                .map(|c| c.claim_name.as_str())
                .collect();
            if mounted != [own.as_str()] {
                return Err(format!(
                    "{} mounts {mounted:?}, not {own}",
                    pod.metadata.name
                ));
            }
        }
    }
    for claim in after.claims() {
        let Some(earlier) = before
            .claim("default", &claim.metadata.name)
            .filter(|c| c.metadata.uid == claim.metadata.uid)
        else {
            continue;
        };
        if earlier.status.phase == ClaimPhase::Bound
            && !earlier.spec.volume_name.is_empty()
            && claim.spec.volume_name != earlier.spec.volume_name
        {
            return Err(format!(
                "{} moved from {} to {}",
                claim.metadata.name, earlier.spec.volume_name, claim.spec.volume_name
            ));
        }
        if claim.status.capacity.get(STORAGE) < earlier.status.capacity.get(STORAGE) {
            return Err(format!("{}: status.capacity shrank", claim.metadata.name));
        }
    }
    for pv in after.volumes() {
        if let Some(earlier) = before
            .volume(&pv.metadata.name)
            .filter(|v| v.metadata.uid == pv.metadata.uid)
        {
            if pv.spec.storage() < earlier.spec.storage() {
                return Err(format!("{}: capacity shrank", pv.metadata.name));
            }
        }
    }
    let mut again = after.clone();
    if again.sync_once() {
        return Err("a settled cluster changed on one more pass".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn workloads_keep_their_claims_and_capacity_only_grows(ops in prop::collection::vec(work_op(), 1..30)) {
        let mut cluster = Cluster::new();
        for (name, provisioner, expand) in WORK_CLASSES {
            let _ = cluster.create(Object::StorageClass(StorageClass {
                metadata: meta(name.into(), None),
                provisioner: provisioner.into(),
                allow_volume_expansion: Some(expand),
                ..Default::default()
            }));
        }
        for (i, op) in ops.iter().enumerate() {
            let before = cluster.clone();
            apply_work(&mut cluster, op);
            if let Err(broken) = check_work(&before, &cluster) {
                prop_assert!(false, "after step {} ({:?}): {}", i + 1, op, broken);
            }
        }
    }
}
