//! Explanations a learner reads: the route each claim took through the flowchart and the first
//! rule every other volume fails, with the values that failed it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::play::{add, created, play, remove_volume};
use pv_engine::explain::{Blocked, ClaimExplanation, Route, Stop};
use pv_engine::objects::{ClaimPhase, Kind, ObjectKey};
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
    assert_eq!(e.route, fast_route(Some(&volume), false));
    assert_eq!(e.volumes[0].volume, volume);
    assert_eq!(
        e.volumes[0].reason,
        "bound: provisioned for this claim by ebs.csi.aws.com"
    );
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

/// A StatefulSet `web` of `replicas` with a 1Gi claim template `www` in class `fast`
/// (CSI, expandable), and the given retention policy.
fn stateful_set(replicas: u32, policy: &str) -> String {
    pv_fixtures::manifests::web_stateful_set("default", replicas, policy, Some("fast"))
}

const FAST_AND_NODE: &str = "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
allowVolumeExpansion: true
---
apiVersion: v1
kind: Node
metadata: {name: node-a}
---
";

/// Plays a scenario's steps (YAML) and returns the cluster.
fn run_steps(steps: &str) -> Cluster {
    let text = format!("name: t\nsteps:\n{steps}");
    let scenario = pv_core::scenario::Scenario::parse(&text).expect("parses");
    let (cluster, outcome) = pv_core::scenario::run(&scenario);
    outcome.expect("steps run");
    cluster
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("      {l}\n")).collect()
}

fn notes(cluster: &Cluster, claim: &str) -> Vec<String> {
    cluster
        .explain_claim("default", claim)
        .expect("claim exists")
        .notes
        .iter()
        .map(|n| n.text())
        .collect()
}

#[test]
fn a_claim_kept_after_scale_down_says_which_set_and_policy_keep_it() {
    let steps = format!(
        "  - apply: |\n{}  - update: |\n{}",
        indent(&format!("{FAST_AND_NODE}{}", stateful_set(3, "{}"))),
        indent(&stateful_set(1, "{}"))
    );
    let cluster = run_steps(&steps);
    let kept = notes(&cluster, "www-web-2");
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept[0].starts_with("Claim template www of StatefulSet default/web, ordinal 2"));
    assert!(kept[1].contains("now runs one pod (ordinal 0)"), "{kept:?}");
    assert!(kept[1].contains("whenScaled: Retain"), "{kept:?}");
    assert_eq!(
        notes(&cluster, "www-web-0").len(),
        1,
        "a live replica's claim"
    );
}

#[test]
fn a_claim_whose_ordered_pod_waits_names_the_pod_it_waits_on() {
    // The class cannot provision: web-0 never runs, so web-1 is never created.
    let steps = format!(
        "  - apply: |\n{}  - apply: |\n{}",
        indent(
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: kubernetes.io/no-provisioner\n"
        ),
        indent(&stateful_set(2, "{}"))
    );
    let mut cluster = run_steps(&steps);
    // A claim for web-1 made ahead of its pod, as one left from an earlier set would be.
    cluster
        .create(pv_engine::objects::Object::PersistentVolumeClaim(
            pv_engine::statefulset::claims_for(
                cluster.stateful_set("default", "web").expect("set"),
                1,
            )
            .remove(0),
        ))
        .expect("valid claim");
    assert_eq!(
        notes(&cluster, "www-web-1")[1],
        "Waits for its pod: StatefulSet default/web is OrderedReady and creates web-1 only once web-0 is Running and Ready."
    );
}

#[test]
fn expansions_say_where_they_stand() {
    // No pod mounts the claim: the volume grows, the file system waits.
    let claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: default}\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: fast\n  resources: {requests: {storage: SIZE}}\n";
    let steps = format!(
        "  - apply: |\n{}  - update: |\n{}",
        indent(&format!("{FAST_AND_NODE}{}", claim.replace("SIZE", "1Gi"))),
        indent(&claim.replace("SIZE", "2Gi"))
    );
    let cluster = run_steps(&steps);
    assert_eq!(
        notes(&cluster, "data"),
        ["The volume grew to 2Gi, but the claim shows 1Gi until a pod mounts it and kubelet expands the file system (FileSystemResizePending): start a pod that uses the claim."]
    );
    // A hostPath volume: nothing expands it.
    let steps = format!(
        "  - apply: |\n{}  - update: |\n{}",
        indent(&format!(
            "{FAST_AND_NODE}{}{}",
            pv("disk", "1Gi", "ReadWriteOnce", ", storageClassName: fast"),
            claim.replace("SIZE", "1Gi")
        )),
        indent(&claim.replace("SIZE", "5Gi"))
    );
    let cluster = run_steps(&steps);
    assert_eq!(
        notes(&cluster, "data"),
        ["Asks for 5Gi but has 1Gi: nothing expands a hostPath volume here (only a CSI driver's external resizer grows a volume), so the larger request waits. It cannot go back down to 1Gi (a request may only drop to a size above status.capacity, which would still wait): to give up, make the claim again at 1Gi and bind it to the same volume (Retain keeps the volume and its data meanwhile)."]
    );
}

#[test]
fn an_owned_claim_says_who_deletes_it() {
    let steps = format!(
        "  - apply: |\n{}",
        indent(&format!(
            "{FAST_AND_NODE}{}",
            stateful_set(1, "{whenDeleted: Delete}")
        ))
    );
    let cluster = run_steps(&steps);
    assert!(notes(&cluster, "www-web-0")[1]
        .starts_with("Owned by StatefulSet default/web (whenDeleted: Delete)"));
}

// Every state a claim and a volume go through, explained as it is: the route from what
// happened to the claim, the other volumes' verdicts from the state they are in.

const FAST: &str = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: ebs.csi.aws.com\n---\n";

fn explained(cluster: &Cluster, claim: &str) -> ClaimExplanation {
    cluster
        .explain_claim("default", claim)
        .expect("claim exists")
}

/// The name the built-in provisioner gives the volume of `default/<claim>`: `pvc-<uid>`.
fn provisioned_name(cluster: &Cluster, claim: &str) -> String {
    let uid = &cluster.claim("default", claim).expect("claim").metadata.uid;
    format!("pvc-{uid}")
}

/// The dynamic route through class `fast` (provisioner ebs.csi.aws.com).
fn fast_route(volume: Option<&str>, pending: bool) -> Route {
    Route::Dynamic {
        class: "fast".into(),
        provisioner: "ebs.csi.aws.com".into(),
        volume: volume.map(str::to_owned),
        pending,
    }
}

fn claim_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolumeClaim, Some("default"), name)
}

#[test]
fn a_provisioned_claim_is_on_the_dynamic_route_in_every_state() {
    // A static volume that would fit but for its class: the claim must be provisioned.
    let objects = [
        FAST,
        &pv(
            "spare",
            "5Gi",
            "ReadWriteOnce",
            ", storageClassName: fast, claimRef: {namespace: default, name: someone}",
        ),
        &claim("cache", "2Gi", "ReadWriteOnce", ", storageClassName: fast"),
    ]
    .concat();
    let mut cluster = created(&objects);
    let volume = provisioned_name(&cluster, "cache");
    // Before any controller ran: the next pass hands it to the provisioner.
    let waiting = explained(&cluster, "cache");
    assert_eq!(waiting.route, fast_route(None, true));
    // After one pass the volume exists, reserved for the claim by its claimRef, not yet bound:
    // still the dynamic route (it was provisioned for the claim), never "a suitable volume
    // exists".
    assert!(cluster.sync_once());
    let provisioned = explained(&cluster, "cache");
    assert_eq!(provisioned.phase, ClaimPhase::Pending);
    assert_eq!(provisioned.route, fast_route(Some(&volume), true));
    assert_eq!(
        provisioned.volumes[0].reason,
        "will bind: provisioned for this claim by ebs.csi.aws.com"
    );
    assert!(
        provisioned
            .route
            .message()
            .contains("was provisioned for it"),
        "{}",
        provisioned.route.message()
    );
    assert!(cluster.sync_once());
    let bound = explained(&cluster, "cache");
    assert_eq!(bound.phase, ClaimPhase::Bound);
    assert_eq!(bound.route, fast_route(Some(&volume), false));
    assert_eq!(
        bound.route.message(),
        format!("bound to volume \"{volume}\", provisioned for it by ebs.csi.aws.com")
    );
    assert!(!cluster.sync_once(), "settled");
}

#[test]
fn other_claims_see_a_provisioned_volume_as_made_for_its_claim() {
    let objects = [
        FAST,
        &claim("cache", "2Gi", "ReadWriteOnce", ", storageClassName: fast"),
        &claim("other", "1Gi", "ReadWriteOnce", ", storageClassName: fast"),
    ]
    .concat();
    let mut cluster = created(&objects);
    let volume = provisioned_name(&cluster, "cache");
    cluster.sync_once();
    assert_eq!(
        reason_for(&explained(&cluster, "other"), &volume),
        "provisioned for default/cache: the PV controller binds it to that claim on its next pass"
    );
    cluster.settle();
    assert_eq!(
        reason_for(&explained(&cluster, "other"), &volume),
        "provisioned for default/cache and bound to it"
    );
}

#[test]
fn before_the_first_pass_a_new_volume_counts_as_the_pass_will_see_it() {
    // A new volume is Pending until the PV controller's volume sync, which runs before the
    // claims in the same pass: the claim binds it in that pass, so that is its route.
    let objects = [
        pv("pv-a", "5Gi", "ReadWriteOnce", ""),
        claim("data", "1Gi", "ReadWriteOnce", ", storageClassName: \"\""),
    ]
    .concat();
    let mut cluster = created(&objects);
    assert_eq!(
        cluster.volume("pv-a").unwrap().status.phase,
        pv_engine::objects::VolumePhase::Pending
    );
    let before = explained(&cluster, "data");
    assert_eq!(
        before.route,
        Route::Static {
            volume: "pv-a".into(),
            pending: true
        }
    );
    cluster.sync_once();
    assert_eq!(
        explained(&cluster, "data").route,
        Route::Static {
            volume: "pv-a".into(),
            pending: false
        }
    );
}

/// A Retain volume bound to `shared-files`, a second claim `next`, a pod using `shared-files`.
fn retained_and_bound() -> Cluster {
    let objects = [
        pv("pv-shared", "20Gi", "ReadWriteOnce, ReadWriteMany", ""),
        claim("shared-files", "10Gi", "ReadWriteMany", ", storageClassName: \"\""),
        claim("next", "10Gi", "ReadWriteMany", ", storageClassName: \"\""),
        "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n".to_owned(),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: default}\nspec: {containers: [{name: app, image: busybox}], volumes: [{name: d, persistentVolumeClaim: {claimName: shared-files}}]}\n".to_owned(),
    ]
    .concat();
    play(&[&objects])
}

#[test]
fn a_claim_being_deleted_says_what_holds_it_and_what_then_happens_to_its_volume() {
    let mut cluster = retained_and_bound();
    cluster.tick();
    cluster.delete(&claim_key("shared-files")).unwrap();
    cluster.settle();
    let e = explained(&cluster, "shared-files");
    assert_eq!(
        e.phase,
        ClaimPhase::Bound,
        "pvc-protection holds it, still Bound"
    );
    assert_eq!(
        e.route,
        Route::Static {
            volume: "pv-shared".into(),
            pending: false
        },
        "its route is still how it got its volume"
    );
    assert_eq!(
        e.note.as_deref(),
        Some("Deleted, but pvc-protection keeps it (Terminating) while pod default/app uses it: delete that pod to let it go. Then its volume pv-shared is Released (reclaim policy Retain).")
    );
    // The other claim sees a volume bound to a claim that still exists.
    assert_eq!(
        reason_for(&explained(&cluster, "next"), "pv-shared"),
        "bound to default/shared-files"
    );
    assert_eq!(explained(&cluster, "next").note, None);
}

#[test]
fn a_released_volume_is_kept_for_the_deleted_claim_not_bound_to_it() {
    let mut cluster = retained_and_bound();
    cluster.tick();
    cluster
        .delete(&ObjectKey::new(Kind::Pod, Some("default"), "app"))
        .unwrap();
    // Gone at once (no finalizer left), before any controller saw it go: the volume is
    // still Bound, its claimRef naming a claim that no longer exists.
    let mut held = cluster.claim("default", "shared-files").unwrap().clone();
    held.metadata.finalizers.clear();
    cluster
        .replace(
            pv_engine::objects::Object::PersistentVolumeClaim(held),
            pv_engine::cluster::Finalizers::Replace,
        )
        .unwrap();
    cluster.delete(&claim_key("shared-files")).unwrap();
    assert!(cluster.claim("default", "shared-files").is_none());
    assert_eq!(
        reason_for(&explained(&cluster, "next"), "pv-shared"),
        "its claimRef still names the deleted claim default/shared-files: the PV controller releases it on its next pass (reclaim policy Retain)"
    );
    cluster.settle();
    assert_eq!(
        cluster.volume("pv-shared").unwrap().status.phase,
        pv_engine::objects::VolumePhase::Released
    );
    let released = reason_for(&explained(&cluster, "next"), "pv-shared").to_owned();
    assert_eq!(
        released,
        "Released: its claimRef still names the deleted claim default/shared-files; reclaim policy Retain keeps it (and its data) until an admin removes the claimRef or deletes the volume"
    );
    assert!(!released.contains("bound to"));
    // A new claim of the deleted claim's name is a new object: the stale uid keeps it out.
    add(
        &mut cluster,
        &claim(
            "shared-files",
            "10Gi",
            "ReadWriteMany",
            ", storageClassName: \"\"",
        ),
    );
    cluster.settle();
    let again = explained(&cluster, "shared-files");
    assert_eq!(again.phase, ClaimPhase::Pending);
    assert!(
        reason_for(&again, "pv-shared").starts_with("Released: its claimRef names the deleted claim default/shared-files (an older object of this claim's name, uid "),
        "{}",
        reason_for(&again, "pv-shared")
    );
}

#[test]
fn a_failed_volume_says_why_and_whose_it_was() {
    // A hand-made nfs volume with Delete: no plugin can delete it, so it fails (§10).
    let objects = [
        "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-nfs}\nspec: {capacity: {storage: 5Gi}, accessModes: [ReadWriteOnce], persistentVolumeReclaimPolicy: Delete, nfs: {server: nfs.example.com, path: /e}}\n---\n".to_owned(),
        claim("gone", "1Gi", "ReadWriteOnce", ", storageClassName: \"\""),
        claim("next", "1Gi", "ReadWriteOnce", ", storageClassName: \"\", volumeName: pv-other"),
    ]
    .concat();
    let mut cluster = play(&[&objects]);
    cluster.tick();
    cluster.delete(&claim_key("gone")).unwrap();
    cluster.settle();
    assert_eq!(
        cluster.volume("pv-nfs").unwrap().status.phase,
        pv_engine::objects::VolumePhase::Failed
    );
    assert_eq!(
        reason_for(&explained(&cluster, "next"), "pv-nfs"),
        "Failed (error getting deleter volume plugin for volume \"pv-nfs\": no deletable volume plugin matched): its claimRef still names the deleted claim default/gone; it stays out of use until an admin removes the claimRef or deletes the volume"
    );
}

#[test]
fn a_terminating_volume_says_so_to_its_claim_and_to_the_others() {
    let mut cluster = retained_and_bound();
    cluster.tick();
    cluster
        .delete(&ObjectKey::new(Kind::PersistentVolume, None, "pv-shared"))
        .unwrap();
    cluster.settle();
    let own = explained(&cluster, "shared-files");
    assert!(
        own.volumes[0].reason.ends_with(
            "; the volume was deleted, pv-protection keeps it (Terminating) while it is Bound"
        ),
        "{}",
        own.volumes[0].reason
    );
    assert_eq!(
        reason_for(&explained(&cluster, "next"), "pv-shared"),
        "bound to default/shared-files; deleted, pv-protection keeps it (Terminating) while it is Bound"
    );
}

#[test]
fn a_reserved_volume_is_named_for_its_claim_before_and_after_binding() {
    let objects = [
        pv("small", "1Gi", "ReadWriteOnce", ""),
        pv(
            "kept",
            "10Gi",
            "ReadWriteOnce",
            ", claimRef: {namespace: default, name: mine}",
        ),
        claim("mine", "1Gi", "ReadWriteOnce", ", storageClassName: \"\""),
        claim("yours", "1Gi", "ReadWriteOnce", ", storageClassName: \"\""),
    ]
    .concat();
    let mut cluster = created(&objects);
    let before = explained(&cluster, "mine");
    assert_eq!(
        before.route,
        Route::Static {
            volume: "kept".into(),
            pending: true
        },
        "the reserved volume wins over the smaller one"
    );
    assert_eq!(
        before.volumes[0].reason,
        "will bind: reserved for this claim by its claimRef"
    );
    assert_eq!(
        reason_for(&explained(&cluster, "yours"), "kept"),
        "claimRef reserves it for default/mine"
    );
    cluster.settle();
    assert_eq!(
        explained(&cluster, "mine").volumes[0].reason,
        "bound: reserved for this claim by its claimRef"
    );
    assert_eq!(
        reason_for(&explained(&cluster, "yours"), "kept"),
        "bound to default/mine"
    );
}

#[test]
fn a_released_volume_pointed_at_a_new_claim_is_named_reserved_though_it_was_bound_by_the_controller_before(
) {
    // A Released volume keeps pv.kubernetes.io/bound-by-controller from its first binding
    // when a user points its claimRef at another claim (Diagnose's fix for a lost claim).
    // Its class is not the claim's, so only the reservation can have bound it.
    let objects = "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: kept, annotations: {pv.kubernetes.io/bound-by-controller: \"yes\"}}\n\
spec: {capacity: {storage: 20Gi}, accessModes: [ReadWriteOnce], storageClassName: manual, persistentVolumeReclaimPolicy: Retain, hostPath: {path: /mnt/kept}, claimRef: {namespace: default, name: logs}}\n---\n"
        .to_owned()
        + &claim("logs", "10Gi", "ReadWriteOnce", ", storageClassName: gp3-encrypted");
    let mut cluster = created(&objects);
    cluster.settle();
    let bound = explained(&cluster, "logs");
    assert_eq!(
        bound.route,
        Route::Static {
            volume: "kept".into(),
            pending: false
        }
    );
    assert_eq!(
        bound.volumes[0].reason,
        "bound: reserved for this claim by its claimRef"
    );
}

#[test]
fn a_lost_claim_keeps_the_route_it_had_taken() {
    let objects = [
        FAST,
        &pv("pv-a", "5Gi", "ReadWriteOnce", ""),
        &claim("static", "1Gi", "ReadWriteOnce", ", storageClassName: \"\""),
        &claim(
            "dynamic",
            "1Gi",
            "ReadWriteOnce",
            ", storageClassName: fast",
        ),
    ]
    .concat();
    let mut cluster = play(&[&objects]);
    let uid = cluster
        .claim("default", "dynamic")
        .unwrap()
        .metadata
        .uid
        .clone();
    remove_volume(&mut cluster, "pv-a");
    remove_volume(&mut cluster, &format!("pvc-{uid}"));
    let lost = explained(&cluster, "static");
    assert_eq!(lost.phase, ClaimPhase::Lost);
    assert_eq!(
        lost.route,
        Route::Lost {
            volume: "pv-a".into(),
            message: "Bound claim has lost its PersistentVolume. Data on the volume is lost!"
                .into(),
            provisioned_from: None,
        }
    );
    let lost = explained(&cluster, "dynamic");
    assert_eq!(lost.phase, ClaimPhase::Lost);
    assert_eq!(
        lost.route,
        Route::Lost {
            volume: format!("pvc-{uid}"),
            message: "Bound claim has lost its PersistentVolume. Data on the volume is lost!"
                .into(),
            provisioned_from: Some("fast".into()),
        }
    );
}

#[test]
fn a_claim_waiting_for_a_consumer_goes_dynamic_once_its_pod_is_placed_never_static() {
    let objects = [
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: late}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: WaitForFirstConsumer\n---\n",
        "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n",
        &claim("data", "1Gi", "ReadWriteOnce", ", storageClassName: late"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: default}\nspec: {containers: [{name: app, image: busybox}], volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]}\n",
    ]
    .concat();
    let mut cluster = created(&objects);
    let mut routes = vec![explained(&cluster, "data").route];
    while cluster.sync_once() {
        routes.push(explained(&cluster, "data").route);
    }
    assert!(
        matches!(
            routes[0],
            Route::Blocked {
                reason: Blocked::WaitForPodScheduled,
                ..
            }
        ),
        "{routes:?}"
    );
    assert!(
        routes.iter().all(|r| !matches!(r, Route::Static { .. })),
        "{routes:?}"
    );
    assert!(
        matches!(
            routes.last(),
            Some(Route::Dynamic {
                volume: Some(_),
                pending: false,
                ..
            })
        ),
        "{routes:?}"
    );
}

// Property: stepping pass by pass, a claim that ends bound to a volume provisioned for it is
// never shown on the static route, at any pass, in its explanation or its live flowchart;
// and once its volume exists, every later pass shows the dynamic route with that volume.

use proptest::prelude::*;

/// One random object, as manifest text: static volumes of both classes (some reserved),
/// claims asking for `fast`, no class or `""`, classes (Immediate or WaitForFirstConsumer),
/// a node, pods mounting claims.
fn object() -> impl Strategy<Value = String> {
    let sizes = ["1Gi", "2Gi", "5Gi"];
    let modes = [
        "ReadWriteOnce",
        "ReadWriteMany",
        "ReadWriteOnce, ReadWriteMany",
    ];
    let classes = ["", ", storageClassName: fast", ", storageClassName: \"\""];
    prop_oneof![
        (0u8..4, 0..3usize, 0..3usize, 0..2usize, prop::option::of(0u8..4)).prop_map(
            move |(n, size, m, class, reserve)| {
                let reserve = reserve
                    .map(|c| format!(", claimRef: {{namespace: default, name: c-{c}}}"))
                    .unwrap_or_default();
                let class = if class == 0 { "" } else { ", storageClassName: fast" };
                pv(&format!("pv-{n}"), sizes[size], modes[m], &format!("{class}{reserve}"))
            }
        ),
        (0u8..4, 0..3usize, 0..3usize, 0..3usize).prop_map(move |(n, size, m, class)| {
            claim(&format!("c-{n}"), sizes[size], modes[m], classes[class])
        }),
        any::<bool>().prop_map(|wait| format!(
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {{name: fast}}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: {}\n---\n",
            if wait { "WaitForFirstConsumer" } else { "Immediate" }
        )),
        Just("apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n".to_owned()),
        (0u8..3, 0u8..4).prop_map(|(p, c)| format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p-{p}, namespace: default}}\nspec: {{containers: [{{name: a, image: busybox}}], volumes: [{{name: d, persistentVolumeClaim: {{claimName: c-{c}}}}}]}}\n---\n"
        )),
    ]
}

/// The objects of `batch` not yet in the cluster, as one manifest text (first one wins).
fn new_objects(cluster: &Cluster, batch: &[String]) -> String {
    let mut seen = std::collections::BTreeSet::new();
    batch
        .iter()
        .filter(|text| {
            let parsed = pv_core::manifest::parse(text);
            parsed.objects.iter().all(|o| {
                let key = o.object.key();
                cluster.get(&key).is_none() && seen.insert(key.to_string())
            })
        })
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn stepping_a_dynamic_claim_never_shows_the_static_route(
        first in prop::collection::vec(object(), 1..10),
        later in prop::collection::vec(object(), 0..5),
        wait in 0usize..3,
    ) {
        let mut cluster = Cluster::new();
        cluster.tick();
        let objects = new_objects(&cluster, &first);
        add(&mut cluster, &objects);
        // (claim, route, flowchart nodes on the path) at every pass.
        let mut seen: Vec<(String, Route, Vec<&'static str>)> = Vec::new();
        let mut record = |cluster: &Cluster| {
            for e in cluster.explain_all(pv_engine::explain::Verdicts::All) {
                let live = pv_core::diagram::live_flowchart(cluster, &e);
                seen.push((e.claim.clone(), e.route.clone(), live.path.nodes.iter().copied().collect()));
            }
        };
        let mut passes = 0;
        loop {
            record(&cluster);
            if passes == wait && !later.is_empty() {
                let more = new_objects(&cluster, &later);
                add(&mut cluster, &more);
                record(&cluster);
            }
            passes += 1;
            if !cluster.sync_once() || passes > 50 {
                break;
            }
        }
        record(&cluster);
        for claim in cluster.claims() {
            let Some(volume) = cluster.provisioned_for(claim) else { continue };
            if claim.status.phase != ClaimPhase::Bound {
                continue;
            }
            let name = format!("default/{}", claim.metadata.name);
            let mut provisioned = false;
            for (_, route, nodes) in seen.iter().filter(|(c, _, _)| *c == name) {
                prop_assert!(!matches!(route, Route::Static { .. }), "{name} shown static: {route:?}");
                prop_assert!(!nodes.contains(&"static"), "{name}'s flowchart lights static: {nodes:?}");
                if let Route::Dynamic { volume: Some(v), .. } = route {
                    prop_assert_eq!(v, &volume.metadata.name);
                    provisioned = true;
                } else {
                    prop_assert!(!provisioned, "{} left the dynamic route after provisioning: {:?}", name, route);
                }
            }
        }
    }
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
