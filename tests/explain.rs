//! Explanations a learner reads: the route each claim took through the flowchart and the first
//! rule every other volume fails, with the values that failed it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::play::play;
use pv_engine::explain::{Blocked, ClaimExplanation, Route, Stop};
use pv_engine::Cluster;

/// Plays `apply` steps (one per string) and explains `default/<claim>`.
fn explain(steps: &[&str], claim: &str) -> (Cluster, ClaimExplanation) {
    let cluster = play(steps);
    let explanation = cluster
        .explain_claim("default", claim)
        .expect("claim exists");
    (cluster, explanation)
}

fn pv(name: &str, size: &str, modes: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}}}\nspec: {{capacity: {{storage: {size}}}, accessModes: [{modes}], hostPath: {{path: /mnt/{name}}}{extra}}}\n---\n"
    )
}

fn claim(name: &str, size: &str, modes: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}, namespace: default}}\nspec: {{accessModes: [{modes}], resources: {{requests: {{storage: {size}}}}}{extra}}}\n---\n"
    )
}

fn reason_for<'a>(e: &'a ClaimExplanation, volume: &str) -> &'a str {
    &e.volumes
        .iter()
        .find(|v| v.volume == volume)
        .expect("volume listed")
        .reason
}

#[test]
fn a_static_binding_names_every_other_volumes_first_failed_rule() {
    let objects = [
        pv("tiny", "1Gi", "ReadWriteOnce", ""),
        pv("rwo-only", "10Gi", "ReadWriteOnce", ""),
        pv("shared", "10Gi", "ReadWriteOnce, ReadWriteMany", ""),
        pv("big-shared", "50Gi", "ReadWriteOnce, ReadWriteMany", ""),
        pv(
            "kept",
            "10Gi",
            "ReadWriteOnce, ReadWriteMany",
            ", claimRef: {namespace: default, name: other}",
        ),
        claim("data", "5Gi", "ReadWriteMany", ", storageClassName: \"\""),
    ]
    .concat();
    let (_, e) = explain(&[&objects], "data");
    assert_eq!(
        e.route,
        Route::Static {
            volume: "shared".into(),
            pending: false
        }
    );
    assert_eq!(e.requirements, "RWX · 5Gi · class \"\"");
    assert_eq!(e.volumes[0].volume, "shared");
    assert!(e.volumes[0].chosen);
    assert!(
        e.volumes[0]
            .reason
            .starts_with("bound: the smallest fitting volume (10Gi)"),
        "{}",
        e.volumes[0].reason
    );
    assert_eq!(
        reason_for(&e, "tiny"),
        "access modes [RWO] lack ReadWriteMany"
    );
    assert_eq!(
        reason_for(&e, "rwo-only"),
        "access modes [RWO] lack ReadWriteMany"
    );
    assert_eq!(
        reason_for(&e, "kept"),
        "claimRef reserves it for default/other"
    );
    assert_eq!(
        reason_for(&e, "big-shared"),
        "fits, but shared (10Gi) is smaller than 50Gi"
    );
}

#[test]
fn too_small_class_selector_and_phase_are_reported_with_their_values() {
    let objects = [
        pv("small", "1Gi", "ReadWriteOnce", ", storageClassName: fast"),
        pv("slow", "10Gi", "ReadWriteOnce", ", storageClassName: slow"),
        pv(
            "unlabelled",
            "10Gi",
            "ReadWriteOnce",
            ", storageClassName: fast",
        ),
        claim(
            "db",
            "5Gi",
            "ReadWriteOnce",
            ", storageClassName: fast, selector: {matchLabels: {app: db}}",
        ),
    ]
    .concat();
    let (_, e) = explain(&[&objects], "db");
    assert_eq!(e.requirements, "RWO · 5Gi · app=db · class fast");
    assert_eq!(reason_for(&e, "small"), "capacity 1Gi < request 5Gi");
    assert_eq!(
        reason_for(&e, "unlabelled"),
        "labels {} do not match the selector app=db"
    );
    // The selector is checked before the class, as FindMatchingVolume does.
    assert_eq!(
        reason_for(&e, "slow"),
        "labels {} do not match the selector app=db"
    );
    // Nothing fits and the class object does not exist.
    match &e.route {
        Route::Blocked {
            at,
            reason,
            message,
        } => {
            assert_eq!((*at, *reason), (Stop::StorageClass, Blocked::NoSuchClass));
            assert_eq!(message, "storageclass.storage.k8s.io \"fast\" not found");
        }
        other => panic!("expected a blocked route, got {other:?}"),
    }
}

#[test]
fn blocked_routes_say_why() {
    let (_, e) = explain(
        &[&claim(
            "none",
            "1Gi",
            "ReadWriteOnce",
            ", storageClassName: \"\"",
        )],
        "none",
    );
    assert!(
        matches!(
            &e.route,
            Route::Blocked {
                reason: Blocked::NoClass,
                at: Stop::Decision,
                ..
            }
        ),
        "{:?}",
        e.route
    );

    let local = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: local}\nprovisioner: kubernetes.io/no-provisioner\n---\n";
    let (_, e) = explain(
        &[
            local,
            &claim("c", "1Gi", "ReadWriteOnce", ", storageClassName: local"),
        ],
        "c",
    );
    match &e.route {
        Route::Blocked {
            reason: Blocked::NoProvisioner,
            message,
            ..
        } => {
            assert_eq!(
                message,
                "no volume plugin matched name: kubernetes.io/no-provisioner"
            )
        }
        other => panic!("{other:?}"),
    }

    let wffc = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: late}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: WaitForFirstConsumer\n---\n";
    let (_, e) = explain(
        &[
            wffc,
            &claim("c", "1Gi", "ReadWriteOnce", ", storageClassName: late"),
        ],
        "c",
    );
    assert!(
        matches!(
            &e.route,
            Route::Blocked {
                reason: Blocked::WaitForFirstConsumer,
                at: Stop::DynamicProvisioning,
                ..
            }
        ),
        "{:?}",
        e.route
    );

    let fast = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: ebs.csi.aws.com\n---\n";
    let picky = claim(
        "c",
        "1Gi",
        "ReadWriteOnce",
        ", storageClassName: fast, selector: {matchLabels: {tier: gold}}",
    );
    let (_, e) = explain(&[fast, &picky], "c");
    assert!(
        matches!(
            &e.route,
            Route::Blocked {
                reason: Blocked::SelectorRefused,
                ..
            }
        ),
        "{:?}",
        e.route
    );
}

#[test]
fn a_dynamic_route_names_class_provisioner_and_volume() {
    let fast = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: ebs.csi.aws.com\n---\n";
    let (cluster, e) = explain(
        &[
            fast,
            &claim("c", "2Gi", "ReadWriteOnce", ", storageClassName: fast"),
        ],
        "c",
    );
    let uid = &cluster.claim("default", "c").unwrap().metadata.uid;
    let volume = format!("pvc-{uid}");
    assert_eq!(
        e.route,
        Route::Dynamic {
            class: "fast".into(),
            provisioner: "ebs.csi.aws.com".into(),
            volume: Some(volume.clone())
        }
    );
    assert_eq!(e.volumes[0].volume, volume);
    assert_eq!(e.volumes[0].reason, "bound: provisioned for this claim");
}

#[test]
fn a_pod_that_cannot_run_says_why() {
    let node = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n";
    let pod = |name: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: default}}\nspec: {{containers: [{{name: app, image: busybox}}], volumes: [{{name: d, persistentVolumeClaim: {{claimName: solo}}}}]}}\n---\n")
    };
    let objects = [
        node.to_owned(),
        pv("one", "1Gi", "ReadWriteOncePod", ""),
        claim(
            "solo",
            "1Gi",
            "ReadWriteOncePod",
            ", storageClassName: \"\"",
        ),
        pod("first"),
    ]
    .concat();
    let (_, e) = explain(&[&objects, &pod("second")], "solo");
    let second = e.pods.iter().find(|p| p.pod == "default/second").unwrap();
    assert_eq!(second.node, None);
    assert!(second
        .problem
        .as_deref()
        .unwrap()
        .contains("ReadWriteOncePod access mode"));
    let first = e.pods.iter().find(|p| p.pod == "default/first").unwrap();
    assert_eq!(first.node.as_deref(), Some("n1"));
}

/// Explanations of many claims search volumes through the PV controller's index; they must
/// pick what the rules pick one volume at a time (`best_match_by_rules`), in every state a
/// cluster passes through, with and without waiting for a first consumer.
#[test]
fn the_index_explanations_use_picks_what_the_rules_pick() {
    use pv_engine::cluster::VolumeMap;
    use pv_engine::generate::random_cluster;
    use pv_engine::matching::{best_match_by_rules, ClaimView, VolumeIndex};
    for seed in 0..12 {
        let mut cluster = random_cluster(120, 100, seed);
        for pass in 0..3 {
            let volumes: VolumeMap = cluster
                .volumes()
                .map(|pv| (pv.metadata.name.clone(), pv.clone()))
                .collect();
            let index = VolumeIndex::build(volumes.values());
            for claim in cluster.claims() {
                let view = ClaimView::new(claim);
                for delay in [false, true] {
                    let by_rules = best_match_by_rules(volumes.values(), &view, delay)
                        .map(|pv| pv.metadata.name.clone());
                    assert_eq!(
                        index.find_best_match(&volumes, &view, delay),
                        by_rules,
                        "seed {seed}, pass {pass}, claim {}, delay {delay}",
                        claim.metadata.name
                    );
                }
            }
            cluster.sync_once();
        }
    }
}

/// A limited explanation is the start of the full one, and says how many volumes it leaves out.
#[test]
fn limited_verdicts_are_the_first_of_all_verdicts() {
    use pv_engine::explain::Verdicts;
    let mut cluster = pv_engine::generate::random_cluster(60, 50, 7);
    cluster.sync_once();
    let all = cluster.explain_all(Verdicts::All);
    assert_eq!(all.len(), 50);
    for n in [0, 1, 5, 60, 100] {
        let limited = cluster.explain_all(Verdicts::First(n));
        for (short, full) in limited.iter().zip(&all) {
            assert_eq!(short.route, full.route);
            assert_eq!(short.pods, full.pods);
            assert_eq!(short.volumes[..], full.volumes[..short.volumes.len()]);
            assert_eq!(short.volumes.len(), n.min(60));
            assert_eq!(short.volumes_not_shown, 60 - short.volumes.len());
            assert_eq!(full.volumes_not_shown, 0);
        }
    }
}
