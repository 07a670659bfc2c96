//! Diagnose on real-looking dumps (`tests/diagnose/*.yaml`, `kubectl get
//! pv,pvc,sc,pods,nodes,events -A -o yaml` trimmed by hand): every stuck claim, pod and volume
//! with Kubernetes' reason and message, the near misses in the playground's words, and the fix
//! as kubectl commands, each fix applied in the simulator and shown to resolve its verdict;
//! the dump read as it is (no controller runs); manifests recognised as not a dump; sorting,
//! pages, errors at their lines, and a generated 5,000-object dump.
#![cfg(not(target_arch = "wasm32"))]

use pv_core::diagnose::simulate::{check_fixes, resolved, settled_alone, simulate};
use pv_core::diagnose::{
    diagnose, diagnose_dump, diagnose_text, page, pages, read_dump, ClassRequest, Diagnosis,
    Direction, Dump, Finding, Fit, Group, Input, Listing, Severity, SortBy, Step, Verdict,
    PAGE_SIZE,
};
use pv_core::manifest;
use pv_core::session::Action;
use pv_engine::matching::{controller_verdict, ClaimView};
use pv_engine::objects::{ClaimPhase, Kind, Object, ObjectKey, VolumePhase};
use pv_engine::Cluster;
use pv_fixtures::dump::kubectl_dump;
use std::collections::BTreeSet;

const FIXTURES: [&str; 10] = [
    "shop.yaml",
    "local.yaml",
    "classes.yaml",
    "no-default.yaml",
    "named.yaml",
    "pods.yaml",
    "terminating.yaml",
    "resize.yaml",
    "review.yaml",
    "review-nonode.yaml",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/diagnose/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> (Dump, Diagnosis) {
    let dump = read_dump(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let diagnosis = diagnose_dump(&dump);
    (dump, diagnosis)
}

fn diagnosed(name: &str) -> Diagnosis {
    read(name).1
}

fn key(kind: Kind, subject: &str) -> ObjectKey {
    match subject.split_once('/') {
        Some((ns, name)) => ObjectKey::new(kind, Some(ns), name),
        None => ObjectKey::new(kind, None, subject),
    }
}

fn verdict<'a>(d: &'a Diagnosis, kind: Kind, subject: &str) -> &'a Verdict {
    d.verdict(&key(kind, subject)).unwrap_or_else(|| {
        let all: Vec<String> = d.verdicts.iter().map(Verdict::title).collect();
        panic!("no verdict on {subject}: {all:?}")
    })
}

fn claim<'a>(d: &'a Diagnosis, subject: &str) -> &'a Verdict {
    verdict(d, Kind::PersistentVolumeClaim, subject)
}

fn pod<'a>(d: &'a Diagnosis, subject: &str) -> &'a Verdict {
    verdict(d, Kind::Pod, subject)
}

fn volume<'a>(d: &'a Diagnosis, name: &str) -> &'a Verdict {
    verdict(d, Kind::PersistentVolume, name)
}

/// Asserts that some line of the verdict's evidence is `wanted`, showing them all if none is.
#[track_caller]
fn assert_evidence(v: &Verdict, wanted: impl Fn(&str) -> bool) {
    assert!(v.evidence.iter().any(|e| wanted(e)), "{:?}", v.evidence);
}

fn commands(v: &Verdict) -> String {
    v.fix
        .as_ref()
        .unwrap_or_else(|| panic!("{} has no fix", v.title()))
        .kubectl()
}

/// Applies the verdict's fix to the dump in the simulator: no request refused, the verdict
/// resolved; and, for a fix that changes objects, not resolved without it.
fn fix_resolves(dump: &Dump, v: &Verdict) -> Vec<String> {
    let fix = v.fix.as_ref().expect("a fix");
    let simulation = simulate(&dump.cluster, v, fix);
    let outcome = &simulation.outcome;
    assert_eq!(outcome.refused, None, "{}: {outcome:?}", v.title());
    assert!(outcome.resolved, "{}: {outcome:?}", v.title());
    if fix.changes_objects() {
        let alone = settled_alone(&dump.cluster);
        assert!(
            !resolved(v, &dump.cluster, &alone),
            "{} resolves without its fix",
            v.title()
        );
    }
    outcome.after.clone()
}

#[test]
fn every_fix_of_every_fixture_resolves_its_verdict_in_the_simulator() {
    let mut checked = 0;
    let mut kinds = BTreeSet::new();
    for name in FIXTURES {
        let (dump, d) = read(name);
        let checks = check_fixes(&dump.cluster, &d.verdicts);
        for check in &checks {
            let v = d.verdict(&check.subject).expect("a verdict");
            assert_eq!(check.outcome.refused, None, "{name}: {}", v.title());
            assert!(
                check.outcome.resolved,
                "{name}: {}: {:?}",
                v.title(),
                check.outcome
            );
            let changes = v.fix.as_ref().is_some_and(|f| f.changes_objects());
            if v.severity == Severity::Stuck && changes {
                assert!(
                    !check.resolves_alone,
                    "{name}: {} resolves without its fix",
                    v.title()
                );
            }
            kinds.insert(
                format!("{:?}", v.finding)
                    .split([' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        // Every stuck verdict has a fix, and every fix was checked.
        for v in &d.verdicts {
            if v.severity != Severity::Waiting {
                assert!(v.fix.is_some(), "{name}: {} has no fix", v.title());
            }
        }
        assert_eq!(
            checks.len(),
            d.verdicts.iter().filter(|v| v.fix.is_some()).count()
        );
        checked += checks.len();
    }
    assert!(checked >= 30, "{checked} fixes checked");
    for kind in [
        "ClaimNoClass",
        "ClaimNoSuchClass",
        "ClaimNoProvisioner",
        "ClaimSelectorRefused",
        "ClaimVolumeMissing",
        "ClaimVolumeTaken",
        "ClaimVolumeMismatch",
        "ClaimLost",
        "ClaimTerminating",
        "ClaimProvisioning",
        "ClaimWaitsForConsumer",
        "ClaimWaitsForPods",
        "PodClaimMissing",
        "PodClaimDeleting",
        "PodClaimLost",
        "PodReadWriteOncePodInUse",
        "PodUnboundImmediate",
        "PodVolumeNodeConflict",
        "PodNoVolumeToBind",
        "PodMultiAttach",
        "VolumeReleased",
        "VolumeFailed",
        "VolumeUnclaimed",
    ] {
        assert!(
            kinds.contains(kind),
            "no fixture checks a fix for {kind}: {kinds:?}"
        );
    }
}

#[test]
fn diagnosing_changes_nothing_and_describes_the_dump_as_it_is() {
    let parsed = manifest::parse(&fixture("shop.yaml"));
    let mut cluster = Cluster::new();
    cluster.import(parsed.into_objects()).expect("imports");
    let before = cluster.clone();
    let d = diagnose(&cluster);
    assert_eq!(cluster, before, "diagnosing changes nothing");
    assert_eq!(
        claim(&d, "shop/reports").finding,
        Finding::ClaimBindsNext {
            volume: "nfs-reports".into()
        }
    );
    // Settling would bind it: the verdict describes the dump, not the settled cluster.
    cluster.settle();
    assert_eq!(
        cluster.claim("shop", "reports").map(|c| c.status.phase),
        Some(ClaimPhase::Bound)
    );
}

#[test]
fn the_shop_dump_its_pending_claims_reasons_and_routes() {
    let d = diagnosed("shop.yaml");
    assert_eq!(d.summary(), "4 Pending claims of 5 claims");
    assert!(d.anything_stuck());

    let reports = claim(&d, "shop/reports");
    assert_eq!(
        reports.severity,
        Severity::Waiting,
        "a binding about to happen"
    );
    assert_eq!(reports.reason, "", "records no event");
    let facts = reports.claim.as_ref().expect("claim facts");
    assert_eq!(facts.fit, Some(Fit::Binds("nfs-reports".into())));
    assert_eq!(
        (facts.access_modes.as_str(), facts.request.as_str()),
        ("RWX", "10Gi")
    );
    assert_eq!(facts.class, ClassRequest::Empty);
    assert!(reports.fix.is_none());

    // The only volume that would fit it goes to the older claim first, as the controller's
    // pass in creation order does: a near miss, and the fix is elsewhere.
    let archive = claim(&d, "shop/reports-archive");
    assert_eq!(archive.reason, "FailedBinding");
    assert_eq!(
        archive.message,
        "no persistent volumes available for this claim and no storage class is set"
    );
    assert_eq!(archive.near_misses[0].volume, "nfs-reports");
    assert_eq!(
        archive.near_misses[0].reason,
        "fits, but shop/reports, an older claim, gets it on the PV controller's same pass"
    );
    // small-disk is a hostPath volume: no ReadWriteMany, so not the fix.
    let small = &archive.near_misses[1];
    assert_eq!(
        (small.volume.as_str(), small.reason.as_str(), small.fixable),
        ("small-disk", "access modes [RWO] lack ReadWriteMany", false)
    );
    let fix = archive.fix.as_ref().expect("a fix");
    // ReadWriteMany: not the EBS default (a block disk), the other class.
    assert!(
        fix.summary.contains("storageClassName: fast"),
        "{}",
        fix.summary
    );
    assert!(
        fix.notes[0].starts_with("storageClassName cannot be changed"),
        "{:?}",
        fix.notes
    );

    let typo = claim(&d, "shop/typo");
    assert_eq!(typo.reason, "ProvisioningFailed");
    assert_eq!(
        typo.message,
        "storageclass.storage.k8s.io \"standrad\" not found"
    );
    assert_eq!(
        typo.finding,
        Finding::ClaimNoSuchClass {
            class: "standrad".into()
        }
    );
    assert!(typo
        .evidence
        .contains(&"StorageClasses in the dump: fast, standard (default).".to_owned()));
    assert!(typo.evidence.contains(
        &"Dynamic provisioning is not the route: no StorageClass is named \"standrad\".".to_owned()
    ));
    // The closest name, not merely the default.
    let text = commands(typo);
    assert!(
        text.starts_with("kubectl delete pvc typo -n shop\nkubectl create -f - <<'EOF'\n"),
        "{text}"
    );
    assert!(text.contains("  storageClassName: standard\n"), "{text}");
    assert!(
        !text.contains("status:"),
        "a manifest to create has no status: {text}"
    );
    assert!(text.ends_with("\nEOF"), "{text}");

    // Waiting for an external provisioner for 150 minutes: stuck, and nothing in the objects
    // to change.
    let cache = claim(&d, "web/cache");
    assert_eq!(cache.reason, "ExternalProvisioning");
    assert!(cache
        .message
        .starts_with("Waiting for a volume to be created either by the external provisioner 'fast.csi.example.com'"));
    assert_eq!(cache.severity, Severity::Stuck);
    let fix = cache.fix.as_ref().expect("advice");
    assert!(fix.steps.is_empty());
    assert!(fix
        .summary
        .starts_with("Get provisioner fast.csi.example.com running"));
    assert!(fix
        .notes
        .iter()
        .any(|n| n.ends_with("kubectl describe pvc cache -n web")));

    // small-disk, which no claim asks for, is explained as a near miss, not again on its own.
    assert!(d
        .verdict(&key(Kind::PersistentVolume, "small-disk"))
        .is_none());
}

#[test]
fn waits_for_a_consumer_named_volumes_and_skipped_kinds() {
    let d = diagnosed("local.yaml");
    assert_eq!(d.summary(), "4 Pending claims of 5 claims");
    assert_eq!(d.skipped, 1, "the ConfigMap");

    let ssd = claim(&d, "apps/ssd");
    assert_eq!(ssd.reason, "WaitForFirstConsumer");
    assert_eq!(
        ssd.message,
        "waiting for first consumer to be created before binding"
    );
    assert_eq!(
        ssd.severity,
        Severity::Waiting,
        "no pod yet: nothing is wrong"
    );
    assert_eq!(
        ssd.claim.as_ref().and_then(|c| c.fit.as_ref()),
        Some(&Fit::Candidate("local-ssd-1".into()))
    );

    let logs = claim(&d, "apps/logs");
    assert_eq!(logs.reason, "WaitForPodScheduled");
    assert_eq!(logs.message, "waiting for pod logs-0 to be scheduled");
    assert_eq!(
        logs.finding,
        Finding::ClaimWaitsForPods {
            pods: vec!["logs-0".into()]
        }
    );
    assert_eq!(
        logs.claim
            .as_ref()
            .and_then(|c| c.fit.as_ref())
            .map(Fit::text)
            .as_deref(),
        Some("none: dynamic provisioning by ebs.csi.aws.com once a pod is placed")
    );

    let taken = claim(&d, "apps/wants-taken");
    assert_eq!(taken.reason, "FailedBinding");
    assert_eq!(
        taken.message,
        "volume \"taken-disk\" already bound to a different claim."
    );
    assert_eq!(taken.near_misses[0].reason, "bound to apps/owner");
    assert!(!taken.near_misses[0].fixable, "its claim is alive");

    let restore = claim(&d, "apps/restore");
    assert_eq!(
        restore.reason, "",
        "Kubernetes records no event for a missing named volume"
    );
    assert!(
        restore.message.contains("\"gone-disk\""),
        "{}",
        restore.message
    );
    // Class "" provisions nothing and no volume fits: made again with a class that provisions.
    assert!(commands(restore).contains("storageClassName: gp3"));
}

#[test]
fn a_read_write_many_claim_whose_only_volume_is_read_write_once() {
    // The issue's example: the near miss is the answer.
    let (dump, d) = read("classes.yaml");
    let shared = claim(&d, "reports/shared-data");
    assert_eq!(shared.finding, Finding::ClaimNoClass);
    let miss = &shared.near_misses[0];
    assert_eq!(
        (miss.volume.as_str(), miss.reason.as_str(), miss.fixable),
        (
            "efs-legacy-01",
            "access modes [RWO] lack ReadWriteMany",
            true
        )
    );
    assert_eq!(
        commands(shared),
        r#"kubectl patch pv efs-legacy-01 --type json -p '[{"op":"replace","path":"/spec/accessModes","value":["ReadWriteOnce","ReadWriteMany"]}]'"#
    );
    let fix = shared.fix.as_ref().expect("a fix");
    assert!(
        fix.notes[0].contains("CSI driver efs.csi.aws.com supports ReadWriteMany"),
        "{:?}",
        fix.notes
    );
    assert!(shared
        .evidence
        .iter()
        .any(|e| e.starts_with("Another way: Delete claim reports/shared-data")));
    let after = fix_resolves(&dump, shared);
    assert_eq!(
        after[0],
        "Claim reports/shared-data is Bound to volume efs-legacy-01."
    );
}

#[test]
fn a_class_that_does_not_exist_from_a_statefulset_template() {
    let (dump, d) = read("classes.yaml");
    let v = claim(&d, "billing/data-invoices-db-0");
    assert_eq!(
        v.finding,
        Finding::ClaimNoSuchClass {
            class: "gp2".into()
        }
    );
    assert!(v.evidence.contains(
        &"StorageClasses in the dump: efs-sc, gp3 (default), local-storage, manual-nfs.".to_owned()
    ));
    let fix = v.fix.as_ref().expect("a fix");
    assert_eq!(
        fix.notes[0],
        "storageClassName cannot be changed on a claim that has one (\"gp2\")."
    );
    assert!(fix
        .notes
        .iter()
        .any(|n| n.contains("volumeClaimTemplates entry \"data\" of StatefulSet invoices-db")));
    let text = fix.kubectl();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "kubectl delete statefulset invoices-db -n billing --cascade=orphan"
    );
    assert_eq!(lines[1], "kubectl delete pvc data-invoices-db-0 -n billing");
    assert!(text.contains("  storageClassName: gp3\n"), "{text}");
    assert!(
        text.ends_with("kubectl apply -f invoices-db.yaml"),
        "{text}"
    );
    // Its pod waits for it: the same fix, and it runs after.
    let pod_verdict = pod(&d, "billing/invoices-db-0");
    assert_eq!(
        pod_verdict.finding,
        Finding::PodUnboundImmediate {
            claims: vec!["data-invoices-db-0".into()]
        }
    );
    assert_eq!(pod_verdict.reason, "FailedScheduling");
    assert!(pod_verdict
        .message
        .starts_with("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims."));
    assert_eq!(pod_verdict.fix, v.fix);
    let after = fix_resolves(&dump, pod_verdict);
    assert!(
        after[0].starts_with("Pod billing/invoices-db-0 is Running on node "),
        "{after:?}"
    );
}

#[test]
fn a_class_without_a_provisioner_a_selector_and_a_local_claim_too_big() {
    let (dump, d) = read("classes.yaml");
    let scratch = claim(&d, "analytics/scratch");
    assert_eq!(
        scratch.finding,
        Finding::ClaimNoProvisioner {
            provisioner: "kubernetes.io/no-provisioner".into()
        }
    );
    assert_eq!(
        scratch.message,
        "no volume plugin matched name: kubernetes.io/no-provisioner"
    );
    assert_eq!(
        scratch.near_misses[0].reason,
        "class \"nfs-legacy\", the claim asks for class \"manual-nfs\""
    );
    assert_eq!(
        commands(scratch),
        r#"kubectl patch pv nfs-scratch-01 --type json -p '[{"op":"add","path":"/spec/storageClassName","value":"manual-nfs"}]'"#
    );
    fix_resolves(&dump, scratch);

    let thumbs = claim(&d, "media/thumbnails");
    assert_eq!(thumbs.finding, Finding::ClaimSelectorRefused);
    assert_eq!(thumbs.reason, "ProvisioningFailed");
    assert_eq!(
        thumbs.message,
        "failed to provision volume with StorageClass \"efs-sc\": claim Selector is not supported"
    );
    assert_eq!(
        thumbs.near_misses[0].reason,
        "labels {tier=archive} do not match the selector tier=media"
    );
    assert_eq!(
        commands(thumbs),
        "kubectl label pv efs-media-01 tier=media --overwrite"
    );
    fix_resolves(&dump, thumbs);

    let index = claim(&d, "search/index-data");
    assert_eq!(
        (index.severity, &index.finding),
        (Severity::Stuck, &Finding::ClaimWaitsForConsumer)
    );
    // An NFS export that would fit once changed comes first; then the local disks, the larger
    // of the too small first.
    let misses: Vec<(&str, &str)> = index
        .near_misses
        .iter()
        .map(|m| (m.volume.as_str(), m.reason.as_str()))
        .collect();
    assert_eq!(
        misses[1..],
        [
            ("local-pv-9e8d7c6b", "capacity 200Gi < request 500Gi"),
            ("local-pv-4f1a2b3c", "capacity 100Gi < request 500Gi")
        ]
    );
    let after = fix_resolves(&dump, index);
    assert_eq!(after[0], "Claim search/index-data is Pending: waiting for first consumer to be created before binding");
    // Near misses are explained under their claims, not again as unclaimed volumes.
    assert!(d
        .verdict(&key(Kind::PersistentVolume, "efs-legacy-01"))
        .is_none());
}

#[test]
fn an_empty_class_and_an_unset_class_are_told_apart() {
    let (dump, d) = read("no-default.yaml");
    let unset = claim(&d, "ml/checkpoints");
    let empty = claim(&d, "ml/datasets");
    assert_eq!(
        (unset.reason.as_str(), empty.reason.as_str()),
        ("FailedBinding", "FailedBinding")
    );
    assert_eq!(unset.message, empty.message, "Kubernetes says the same");
    let (u, e) = (unset.claim.as_ref().unwrap(), empty.claim.as_ref().unwrap());
    assert_eq!(
        (u.class.text(), e.class.text()),
        ("unset".to_owned(), "\"\"".to_owned())
    );
    assert!(
        u.provisioning
            .contains("its class is unset and no StorageClass is the default"),
        "{}",
        u.provisioning
    );
    assert!(
        e.provisioning.contains("class \"\" means no class"),
        "{}",
        e.provisioning
    );
    assert!(unset.evidence.contains(&"StorageClasses in the dump: premium-rwo, standard-rwo, standard-rwx; none is the default.".to_owned()));
    // Unset: the class may still be set once, in place; "" must be made again.
    assert_eq!(
        commands(unset),
        r#"kubectl patch pvc checkpoints -n ml --type json -p '[{"op":"add","path":"/spec/storageClassName","value":"premium-rwo"}]'"#
    );
    assert!(unset
        .evidence
        .iter()
        .any(|e| e.starts_with("Another way: Make class \"premium-rwo\" the default")));
    assert!(commands(empty).starts_with("kubectl delete pvc datasets -n ml\n"));
    fix_resolves(&dump, unset);
    fix_resolves(&dump, empty);
    // The Deployment's pod is unblocked by the claim's fix.
    fix_resolves(&dump, pod(&d, "ml/trainer-7c9d5b8f4d-x7k2p"));
}

#[test]
fn claims_that_name_their_volume_and_volumes_left_released_or_failed() {
    let (dump, d) = read("named.yaml");
    let restore = claim(&d, "apps/restore-db");
    assert_eq!(
        restore.finding,
        Finding::ClaimVolumeTaken {
            volume: "pg-backup-2025".into()
        }
    );
    // Reserved for this claim, not merely freed: an older claim that fits would take it.
    assert_eq!(
        commands(restore),
        r#"kubectl patch pv pg-backup-2025 --type json -p '[{"op":"add","path":"/spec/claimRef","value":{"apiVersion":"v1","kind":"PersistentVolumeClaim","name":"restore-db","namespace":"apps"}}]'"#
    );
    fix_resolves(&dump, restore);

    // Pitfall 6: created without a class, given the default one; the volume has none.
    let uploads = claim(&d, "apps/uploads");
    assert_eq!(uploads.reason, "VolumeMismatch");
    assert_eq!(
        uploads.message,
        "Cannot bind to requested volume \"nfs-uploads\": storageClassName does not match"
    );
    assert_eq!(
        commands(uploads),
        r#"kubectl patch pv nfs-uploads --type json -p '[{"op":"add","path":"/spec/storageClassName","value":"standard"}]'"#
    );
    assert!(uploads
        .evidence
        .iter()
        .any(|e| e.contains("storageClassName: \"\", the volume's")));
    fix_resolves(&dump, uploads);

    let redis = claim(&d, "apps/redis-data");
    assert_eq!(
        redis.near_misses[0].reason, "bound to apps/redis-data",
        "the old uid"
    );
    assert!(redis.near_misses[0].fixable);
    fix_resolves(&dump, redis);

    // The volume of a claim made again: reserved for the new one by dropping the old uid.
    let released = volume(&d, "redis-pv");
    assert_eq!(released.severity, Severity::Idle);
    assert_eq!(
        released.finding,
        Finding::VolumeReleased {
            claim: "apps/redis-data".into()
        }
    );
    assert_eq!(
        commands(released),
        r#"kubectl patch pv redis-pv --type json -p '[{"op":"remove","path":"/spec/claimRef/uid"},{"op":"remove","path":"/spec/claimRef/resourceVersion"}]'"#
    );
    fix_resolves(&dump, released);
    let backup = volume(&d, "pg-backup-2025");
    assert_eq!(
        commands(backup),
        r#"kubectl patch pv pg-backup-2025 --type json -p '[{"op":"remove","path":"/spec/claimRef"}]'"#
    );
    fix_resolves(&dump, backup);

    let idle = volume(&d, "nfs-old-logs");
    assert_eq!(
        (idle.severity, &idle.finding),
        (Severity::Idle, &Finding::VolumeUnclaimed)
    );
    assert!(
        idle.evidence[0].starts_with("It offers RWX · 1Ti · class \"logs-archive\", and no claim")
    );
    let text = commands(idle);
    assert!(
        text.contains("  volumeName: nfs-old-logs\n")
            && text.contains("  storageClassName: logs-archive\n"),
        "{text}"
    );
    assert_eq!(
        fix_resolves(&dump, idle),
        ["Volume nfs-old-logs is Bound to default/nfs-old-logs-claim."]
    );

    let failed = volume(&d, "nfs-tmp-07");
    assert_eq!(
        (failed.finding.clone(), failed.reason.as_str()),
        (Finding::VolumeFailed, "VolumeFailedDelete")
    );
    assert_eq!(failed.message, "error getting deleter volume plugin for volume \"nfs-tmp-07\": no deletable volume plugin matched");
    assert_eq!(commands(failed), "kubectl delete pv nfs-tmp-07");
    assert_eq!(fix_resolves(&dump, failed), ["Volume nfs-tmp-07 is gone."]);

    let missing = claim(&d, "apps/restore-2");
    assert_eq!(
        missing.finding,
        Finding::ClaimVolumeMissing {
            volume: "pg-backup-2024".into()
        }
    );
    fix_resolves(&dump, missing);
}

#[test]
fn pods_that_cannot_start_because_of_storage() {
    let (dump, d) = read("pods.yaml");
    assert_eq!(d.in_group(Group::Pods), 6);
    assert_eq!(
        d.summary(),
        "1 Pending claim of 7 claims; 6 pods cannot start; 1 volume needs a look"
    );

    let kafka = pod(&d, "streaming/kafka-1");
    assert_eq!(
        kafka.finding,
        Finding::PodClaimMissing {
            claim: "data-kafka-1".into()
        }
    );
    assert!(kafka
        .message
        .starts_with("0/3 nodes are available: persistentvolumeclaim \"data-kafka-1\" not found."));
    let text = commands(kafka);
    assert!(
        text.contains("  name: data-kafka-1\n")
            && text.contains("storage: 100Gi")
            && text.contains("storageClassName: gp3"),
        "like its sibling's: {text}"
    );
    fix_resolves(&dump, kafka);

    let report = pod(&d, "reports/report-2026-01-09");
    assert_eq!(
        report.finding,
        Finding::PodReadWriteOncePodInUse {
            claim: "report-data".into(),
            holder: "report-2026-01-08".into()
        }
    );
    assert_eq!(
        commands(report),
        "kubectl delete pod report-2026-01-08 -n reports"
    );
    fix_resolves(&dump, report);

    let uploader = pod(&d, "web/uploader-6b8f7d9c5-w9zt7");
    assert_eq!(uploader.reason, "FailedAttachVolume");
    assert!(uploader
        .message
        .starts_with("Multi-Attach error for volume \"pvc-"));
    assert!(uploader
        .message
        .ends_with("Volume is already used by pod(s) uploader-6b8f7d9c5-4kq2x"));
    assert!(commands(uploader).starts_with(
        r#"kubectl patch deployment uploader -n web --type merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-b"}}}}}'"#
    ));
    assert_eq!(
        fix_resolves(&dump, uploader),
        ["Pod web/uploader-6b8f7d9c5-w9zt7 is Running on node node-b."]
    );

    let zk = pod(&d, "coord/zk-2");
    assert!(matches!(zk.finding, Finding::PodVolumeNodeConflict { .. }));
    assert!(
        zk.message
            .contains("2 node(s) didn't match PersistentVolume's node affinity"),
        "{}",
        zk.message
    );
    // The zone pin goes; the volume's node affinity then takes the pod where the volume is.
    assert!(commands(zk).starts_with(
        r#"kubectl patch statefulset zk -n coord --type merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"topology.kubernetes.io/zone":null}}}}}'"#
    ));
    assert_eq!(
        fix_resolves(&dump, zk),
        ["Pod coord/zk-2 is Running on node node-a."]
    );

    let cache = pod(&d, "edge/cache-0");
    assert!(cache
        .evidence
        .iter()
        .any(|e| e.contains("the node it lives on is gone")));
    fix_resolves(&dump, cache);

    // A free local disk on a node that is gone: no pod can use it, whatever claims ask.
    let dead = volume(&d, "local-pv-0c1d2e3f");
    assert_eq!(dead.message, "Available, and on no node a pod can run on");
    assert_eq!(commands(dead), "kubectl delete pv local-pv-0c1d2e3f");
    fix_resolves(&dump, dead);

    let etl = pod(&d, "batch/etl-0");
    assert_eq!(
        etl.finding,
        Finding::PodNoVolumeToBind {
            claims: vec!["scratch-etl-0".into()]
        }
    );
    let claim_verdict = claim(&d, "batch/scratch-etl-0");
    assert_eq!(claim_verdict.severity, Severity::Stuck);
    assert_eq!(
        claim_verdict.near_misses[0].reason,
        "capacity 100Gi < request 500Gi"
    );
    assert_eq!(etl.fix, claim_verdict.fix);
    fix_resolves(&dump, etl);
    fix_resolves(&dump, claim_verdict);
}

#[test]
fn claims_stuck_terminating_lost_claims_and_the_pods_they_hold_up() {
    let (dump, d) = read("terminating.yaml");
    let pgdata = claim(&d, "db/pgdata-pg-0");
    assert_eq!(
        pgdata.finding,
        Finding::ClaimTerminating {
            holders: vec!["pg-0".into()]
        }
    );
    assert_eq!(
        pgdata.claim.as_ref().map(|c| c.status.as_str()),
        Some("Terminating")
    );
    assert_eq!(commands(pgdata), "kubectl delete pod pg-0 -n db");
    assert!(pgdata
        .fix
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .any(|n| n.contains("kubectl scale statefulset pg -n db --replicas=0")));
    assert_eq!(
        fix_resolves(&dump, pgdata),
        ["Claim db/pgdata-pg-0 is gone."]
    );

    let archiver = pod(&d, "db/wal-archiver");
    assert_eq!(
        archiver.finding,
        Finding::PodClaimDeleting {
            claim: "wal".into()
        }
    );
    let text = commands(archiver);
    assert!(text.starts_with("kubectl delete pod pg-1 -n db\nkubectl wait --for=delete pvc/wal -n db --timeout=120s\nkubectl create -f - <<'EOF'\n"), "{text}");
    fix_resolves(&dump, archiver);

    let archive = claim(&d, "db/archive");
    assert_eq!(
        (archive.reason.as_str(), archive.message.as_str()),
        (
            "ClaimLost",
            "Bound claim has lost its PersistentVolume. Data on the volume is lost!"
        )
    );
    assert!(archive
        .fix
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .any(|n| n.starts_with("The data that was on volume pvc-5e6f7a8b")));
    fix_resolves(&dump, archive);
    let reader = pod(&d, "db/archive-reader");
    assert_eq!(
        reader.finding,
        Finding::PodClaimLost {
            claim: "archive".into()
        }
    );
    fix_resolves(&dump, reader);

    let snapshot = claim(&d, "db/snapshot-source");
    assert_eq!(
        snapshot.finding,
        Finding::ClaimTerminating { holders: vec![] }
    );
    assert_eq!(
        commands(snapshot),
        r#"kubectl patch pvc snapshot-source -n db --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]'"#
    );
    fix_resolves(&dump, snapshot);
}

#[test]
fn the_playground_actions_load_the_dump_apply_the_fix_and_follow_the_claim() {
    let (dump, d) = read("classes.yaml");
    let v = claim(&d, "reports/shared-data");
    let simulation = simulate(&dump.cluster, v, v.fix.as_ref().unwrap());
    match &simulation.actions[..] {
        [Action::Load(loaded), Action::Apply(writes), Action::Select(followed)] => {
            assert_eq!(*loaded.cluster, dump.cluster, "the dump as it is");
            assert!(!loaded.settled);
            assert_eq!(writes.len(), 1);
            assert_eq!(followed, "reports/shared-data");
        }
        other => panic!("{other:?}"),
    }
    // The same actions from any session give the simulated state.
    let mut session = pv_core::session::Session::demo();
    for action in simulation.actions.clone() {
        session = session.apply(action);
    }
    assert_eq!(session.cluster, simulation.session.cluster);
    assert_eq!(
        session.followed_claim().as_deref(),
        Some("reports/shared-data")
    );
    assert!(
        session.can_undo(),
        "undo goes back to the dump before the fix"
    );
}

#[test]
fn a_fix_the_api_server_refuses_is_reported_not_applied() {
    let (dump, d) = read("named.yaml");
    let mut v = claim(&d, "apps/uploads").clone();
    // Changing the class of a claim that has one, in place, is what Kubernetes refuses.
    let mut fix = v.fix.take().unwrap();
    fix.steps = vec![Step::Patch {
        target: key(Kind::PersistentVolumeClaim, "apps/uploads"),
        patch: pv_core::diagnose::Patch::SetStorageClass { class: "".into() },
    }];
    let outcome = simulate(&dump.cluster, &v, &fix).outcome;
    let refused = outcome.refused.expect("refused");
    assert!(
        refused.contains("spec is immutable after creation"),
        "{refused}"
    );
    assert!(!outcome.resolved);
    // Deleting what is not there: kubectl's NotFound.
    fix.steps = vec![Step::Delete {
        target: key(Kind::Pod, "apps/nowhere"),
    }];
    let refused = simulate(&dump.cluster, &v, &fix)
        .outcome
        .refused
        .expect("refused");
    assert!(refused.ends_with("pods \"nowhere\" not found"), "{refused}");
}

#[test]
fn manifests_are_not_a_dump() {
    let d = diagnose_text(&fixture("manifests.yaml")).expect("parses");
    assert_eq!(d.input, Input::Manifests { objects: 3 });
    assert!(d.verdicts.is_empty());
    assert_eq!(d.summary(), "Not a dump: 3 objects not read from a cluster");
    // A dump with its status stripped is not one either: every volume would look Pending.
    let stripped: String = fixture("shop.yaml")
        .split("\n  status:\n")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_owned()
            } else {
                // Drop the status block: its lines are indented deeper than two spaces.
                let rest: Vec<&str> = part.lines().skip_while(|l| l.starts_with("    ")).collect();
                format!("\n{}", rest.join("\n"))
            }
        })
        .collect();
    assert!(!stripped.contains("phase: Bound"));
    let d = diagnose_text(&stripped).expect("parses");
    assert!(matches!(d.input, Input::Manifests { .. }), "{:?}", d.input);
    assert!(diagnosed("shop.yaml").input == Input::Dump);
}

#[test]
fn a_diagnosis_crosses_threads_as_json_unchanged() {
    for name in FIXTURES {
        let d = diagnosed(name);
        let json = serde_json::to_string(&d).expect("serializes");
        let back: Diagnosis = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, d, "{name}");
    }
    let json = serde_json::to_value(diagnosed("no-default.yaml")).unwrap();
    let first = &json["verdicts"][0];
    assert_eq!(first["subject"]["kind"], "PersistentVolumeClaim");
    assert_eq!(first["finding"]["kind"], "claimNoClass");
    assert_eq!(first["claim"]["class"]["set"], "unset");
}

#[test]
fn ages_count_back_from_the_newest_timestamp_in_the_dump() {
    let d = diagnosed("shop.yaml");
    // The newest object is reports-archive (08:30 on the 9th); typo was created on the 5th.
    assert_eq!(claim(&d, "shop/reports-archive").age(), "0s");
    assert_eq!(
        claim(&d, "shop/typo").age_seconds,
        Some(3 * 86_400 + 20 * 3600 + 30 * 60)
    );
    assert_eq!(claim(&d, "shop/typo").age(), "3d20h");
    // A dump older than the simulator's clock (it starts in 2026): the review's is from 2024.
    // Its claims were made at the newest time in the dump, its volume 31 days and 23 hours
    // before.
    let d = diagnosed("review.yaml");
    assert_eq!(claim(&d, "prod/logs").age_seconds, Some(0));
    assert_eq!(claim(&d, "prod/logs").age(), "0s");
    let volume = volume(&d, "pv-data-0");
    assert_eq!(volume.age_seconds, Some(31 * 86_400 + 23 * 3_600));
    assert_eq!(volume.age(), "31d");
}

#[test]
fn listings_filter_by_group_sort_by_any_key_and_break_ties_by_name() {
    let d = diagnosed("pods.yaml");
    let all = d.list(&Listing::default());
    assert_eq!(all.len(), d.verdicts.len());
    let names =
        |listing: &Listing| -> Vec<String> { d.list(listing).iter().map(|v| v.title()).collect() };
    let pods = Listing {
        group: Some(Group::Pods),
        sort: SortBy::Object,
        direction: Direction::Ascending,
    };
    assert_eq!(
        names(&pods),
        [
            "Pod batch/etl-0",
            "Pod coord/zk-2",
            "Pod edge/cache-0",
            "Pod reports/report-2026-01-09",
            "Pod streaming/kafka-1",
            "Pod web/uploader-6b8f7d9c5-w9zt7"
        ]
    );
    let backwards = Listing {
        direction: Direction::Descending,
        ..pods
    };
    let mut reversed = names(&pods);
    reversed.reverse();
    assert_eq!(names(&backwards), reversed);
    let by_reason = Listing {
        sort: SortBy::Reason,
        ..pods
    };
    let reasons: Vec<String> = d
        .list(&by_reason)
        .iter()
        .map(|v| v.reason.clone())
        .collect();
    assert_eq!(reasons[0], "FailedAttachVolume");
    assert!(reasons[1..].iter().all(|r| r == "FailedScheduling"));
    // Equal reasons keep object order.
    assert_eq!(names(&by_reason)[1], "Pod batch/etl-0");
    let by_age = Listing {
        sort: SortBy::Age,
        direction: Direction::Descending,
        group: None,
    };
    let ages: Vec<Option<i64>> = d.list(&by_age).iter().map(|v| v.age_seconds).collect();
    assert!(ages.windows(2).all(|w| w[0] >= w[1]), "{ages:?}");
    for sort in SortBy::ALL {
        assert_eq!(SortBy::from_key(sort.key()), Some(sort));
    }
    // Stuck first by default.
    let shop = diagnosed("shop.yaml");
    let severities: Vec<Severity> = shop
        .list(&Listing::default())
        .iter()
        .map(|v| v.severity)
        .collect();
    assert!(
        severities.windows(2).all(|w| w[0] <= w[1]),
        "{severities:?}"
    );
}

#[test]
fn errors_stop_the_diagnosis_at_their_line() {
    let broken = fixture("shop.yaml").replace(
        "    storageClassName: standrad",
        "    storageClassNam: standrad",
    );
    let problems = diagnose_text(&broken).expect_err("an unknown field");
    assert!(
        problems[0]
            .message
            .contains("unknown field \"spec.storageClassNam\""),
        "{problems:?}"
    );
    let line = broken
        .lines()
        .position(|l| l.contains("storageClassNam:"))
        .map(|i| i as u32 + 1);
    assert_eq!(problems[0].line, line);
    assert!(problems[0].column.is_some());

    // The same claim twice: refused at import, placed at the second copy's line.
    let text = fixture("local.yaml");
    let start = text
        .find("- apiVersion: v1\n  kind: PersistentVolumeClaim")
        .expect("a claim");
    let end = start + text[start + 1..].find("- apiVersion").expect("next item") + 1;
    let twice = format!("{}{}", &text[..end], &text[start..]);
    let problems = diagnose_text(&twice).expect_err("a duplicate");
    assert!(
        problems[0].message.contains("already exists"),
        "{problems:?}"
    );
    assert!(problems[0].line.is_some(), "{problems:?}");
    assert!(diagnose_text("kind: [").is_err());
}

#[test]
fn a_5000_object_dump_has_a_verdict_for_every_pending_claim_in_pages() {
    let text = kubectl_dump(5000, 1);
    let parsed = manifest::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    let objects = parsed.into_objects();
    assert_eq!(objects.len(), 5000);
    let pending: BTreeSet<String> = objects
        .iter()
        .filter_map(|o| match o {
            Object::PersistentVolumeClaim(c) if c.status.phase == ClaimPhase::Pending => {
                Some(c.metadata.namespaced_name())
            }
            _ => None,
        })
        .collect();
    let mut cluster = Cluster::new();
    cluster.import(objects).expect("imports");
    let d = diagnose(&cluster);
    assert_eq!(d.pending, pending.len());
    assert!(
        pending.len() > 300,
        "a realistic share of Pending claims: {}",
        pending.len()
    );
    let claims: BTreeSet<String> = d
        .verdicts
        .iter()
        .filter(|v| v.group() == Group::Claims)
        .map(|v| v.subject.to_string())
        .collect();
    assert!(
        pending.is_subset(&claims),
        "every Pending claim has a verdict"
    );

    // Every reason the generator tells a story for.
    let reasons: BTreeSet<&str> = d.verdicts.iter().map(|v| v.reason.as_str()).collect();
    for reason in [
        "",
        "ExternalProvisioning",
        "FailedBinding",
        "ProvisioningFailed",
        "VolumeMismatch",
        "WaitForFirstConsumer",
        "WaitForPodScheduled",
    ] {
        assert!(reasons.contains(reason), "{reason:?} in {reasons:?}");
    }
    assert!(d.verdicts.iter().all(|v| !v.message.is_empty()));

    // A volume said to bind passes the controller's rules for its claim, and no two claims
    // are promised the same volume.
    let mut promised = BTreeSet::new();
    for v in &d.verdicts {
        if let Some(Fit::Binds(volume)) = v.claim.as_ref().and_then(|c| c.fit.as_ref()) {
            let pv = cluster.volume(volume).expect("exists");
            let claim = cluster
                .claim(&v.subject.namespace, &v.subject.name)
                .expect("exists");
            assert_eq!(pv.status.phase, VolumePhase::Available);
            assert!(controller_verdict(pv, &ClaimView::new(claim), false).is_ok());
            assert!(promised.insert(volume.clone()), "{volume} promised twice");
        }
    }
    assert!(!promised.is_empty());

    // Fixes of each kind, simulated on the whole dump.
    let mut seen = BTreeSet::new();
    let sample: Vec<Verdict> = d
        .verdicts
        .iter()
        .filter(|v| v.fix.as_ref().is_some_and(|f| f.changes_objects()))
        .filter(|v| seen.insert(format!("{:?}", std::mem::discriminant(&v.finding))))
        .cloned()
        .collect();
    assert!(sample.len() >= 4, "{} kinds of fix", sample.len());
    for check in check_fixes(&cluster, &sample) {
        assert!(
            check.outcome.resolved,
            "{}: {:?}",
            check.subject, check.outcome
        );
    }

    // Pages.
    let listed = d.list(&Listing::default());
    assert_eq!(pages(listed.len()), listed.len().div_ceil(PAGE_SIZE));
    assert_eq!(page(&listed, 1).len(), PAGE_SIZE);
    assert_eq!(page(&listed, 0), page(&listed, 1), "clamped");
    assert_eq!(
        page(&listed, usize::MAX),
        page(&listed, pages(listed.len())),
        "clamped"
    );
    let seen: BTreeSet<String> = (1..=pages(listed.len()))
        .flat_map(|p| page(&listed, p).iter().map(|v| v.title()))
        .collect();
    assert_eq!(
        seen.len(),
        listed.len(),
        "the pages hold every verdict once"
    );
}

#[test]
fn an_empty_dump_has_nothing_stuck_and_one_empty_page() {
    let d = diagnose_text("apiVersion: v1\nkind: List\nitems: []\n").expect("parses");
    assert_eq!(d.summary(), "0 Pending claims of 0 claims");
    assert_eq!(d.severity_summary(), "nothing is stuck");
    assert!(!d.anything_stuck());
    let listed = d.list(&Listing::default());
    assert_eq!((pages(listed.len()), page(&listed, 1).len()), (1, 0));
}

#[test]
fn a_grown_claim_waiting_for_its_pod_and_one_nothing_can_grow() {
    let d = diagnosed("resize.yaml");
    let waiting = claim(&d, "data/pg-data");
    assert_eq!(waiting.severity, Severity::Waiting);
    assert_eq!(
        waiting.finding,
        Finding::ClaimResizeWaitsForPod { pod: None }
    );
    assert_eq!(waiting.reason, "FileSystemResizeRequired");
    assert_eq!(
        waiting.message,
        "The volume grew to 20Gi, but the claim shows 10Gi until a pod mounts it and kubelet expands the file system (FileSystemResizePending): start a pod that uses the claim."
    );
    assert_eq!(
        waiting.claim.as_ref().unwrap().fit,
        None,
        "a Bound claim looks for no volume"
    );
    assert_eq!(waiting.fix, None);
    assert_eq!(
        waiting.without_fix(),
        "No change to the objects is needed: the resize finishes when a pod that mounts the claim starts."
    );
    let stuck = claim(&d, "data/scratch");
    assert_eq!(stuck.severity, Severity::Stuck);
    assert_eq!(
        stuck.finding,
        Finding::ClaimResizeStuck {
            request: "5Gi".into(),
            capacity: "2Gi".into()
        }
    );
    assert!(
        stuck
            .message
            .starts_with("Asks for 5Gi but has 2Gi: nothing expands a hostPath volume here"),
        "{}",
        stuck.message
    );
    assert!(
        stuck.evidence.contains(&"No pod mounts it.".to_owned()),
        "{:?}",
        stuck.evidence
    );
    // The fix makes the claim again at the size it has, bound to the same (Retained) volume.
    let kubectl = commands(stuck);
    assert!(
        kubectl.contains("kubectl delete pvc scratch -n data"),
        "{kubectl}"
    );
    assert!(kubectl.contains("/spec/claimRef/uid"), "{kubectl}");
    assert!(kubectl.contains("storage: 2Gi"), "{kubectl}");
    assert!(
        kubectl.contains("volumeName: scratch-hostpath"),
        "{kubectl}"
    );
    let (dump, _) = read("resize.yaml");
    fix_resolves(&dump, stuck);
    let simulation = simulate(&dump.cluster, stuck, stuck.fix.as_ref().unwrap());
    let claim = simulation
        .session
        .cluster
        .claim("data", "scratch")
        .expect("made again");
    assert_eq!(claim.status.phase, ClaimPhase::Bound);
    assert_eq!(
        claim.spec.volume_name, "scratch-hostpath",
        "the same volume, its data kept"
    );
}

/// A claim a StatefulSet's next ordinal will mount, waiting for a pod the set does not create
/// while the ordinal before it is not Ready: the verdict says which set and which pod.
#[test]
fn a_claim_waiting_for_its_stateful_set_s_pod_says_which_pod() {
    let text = format!(
        "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {{name: fast}}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: Node
metadata: {{name: node-a}}
---
{}",
        pv_fixtures::manifests::web_stateful_set("default", 2, "{}", Some("fast"))
    );
    let mut cluster = Cluster::new();
    for object in manifest::parse(&text).into_objects() {
        cluster.create(object).expect("valid");
    }
    cluster.settle();
    // A claim for ordinal 1 made ahead of its pod, as one left from an earlier set would be.
    let ahead = pv_engine::statefulset::claims_for(
        cluster.stateful_set("default", "web").expect("the set"),
        1,
    )
    .remove(0);
    cluster
        .create(Object::PersistentVolumeClaim(ahead))
        .expect("a valid claim");
    let d = diagnose(&cluster);
    let waiting = claim(&d, "default/www-web-1");
    assert!(
        waiting.evidence.iter().any(|e| e
            == "Waits for its pod: StatefulSet default/web is OrderedReady and creates web-1 only once web-0 is Running and Ready."),
        "{:?}",
        waiting.evidence
    );
}

/// The PodScheduled condition's message in `review.yaml` and `review-nonode.yaml`, as the
/// cluster recorded it (three nodes).
const RECORDED: &str = "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

#[test]
fn a_missing_class_is_created_first_and_another_claims_data_is_offered_last() {
    let (dump, d) = read("review.yaml");
    let logs = claim(&d, "prod/logs");
    assert_eq!(
        logs.finding,
        Finding::ClaimNoSuchClass {
            class: "gp3-encrypted".into()
        }
    );
    let fix = logs.fix.as_ref().expect("a fix");
    // (a) The class it names, created with the default class's provisioner, said to be a guess.
    assert!(
        fix.summary.starts_with(
            "Create StorageClass \"gp3-encrypted\", which claim prod/logs names, so that ebs.csi.aws.com provisions a volume for it once a pod that uses the claim is scheduled (class gp3-encrypted has volumeBindingMode: WaitForFirstConsumer"
        ),
        "{}",
        fix.summary
    );
    assert!(
        fix.notes[0].starts_with("The provisioner ebs.csi.aws.com is a guess")
            && fix.notes[0].contains("are copied from class gp3, the default."),
        "{:?}",
        fix.notes
    );
    assert_eq!(
        commands(logs),
        "kubectl create -f - <<'EOF'\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp3-encrypted\nprovisioner: ebs.csi.aws.com\nparameters:\n  type: gp3\nreclaimPolicy: Delete\nvolumeBindingMode: WaitForFirstConsumer\nallowVolumeExpansion: true\nEOF"
    );
    let after = fix_resolves(&dump, logs);
    assert_eq!(
        after[0],
        "Claim prod/logs is Pending: waiting for first consumer to be created before binding"
    );
    // (b) The claim made again with an existing class says that class waits for a pod.
    let others: Vec<&String> = logs
        .evidence
        .iter()
        .filter(|e| e.starts_with("Another way: "))
        .collect();
    assert_eq!(others.len(), 2, "{others:?}");
    assert!(
        others[0].starts_with("Another way: Delete claim prod/logs and create it again with storageClassName: gp3, which ebs.csi.aws.com provisions once a pod that uses the claim is scheduled (class gp3 has volumeBindingMode: WaitForFirstConsumer, so until then the claim stays Pending, \"waiting for first consumer to be created before binding\"; no pod uses it now)"),
        "{others:?}"
    );
    // (c) The Released volume of a deleted claim comes last, saying whose data it holds.
    assert!(
        others[1]
            .starts_with("Another way: Change volume pv-data-0: point its claimRef at this claim")
            && others[1].ends_with(
                "It may still hold the data of prod/data-old, which goes to prod/logs as it is."
            ),
        "{others:?}"
    );
}

/// The ranking rule of `remedy::choose`: a volume that still holds a deleted claim's data is
/// never the first fix while a cleaner one exists, even a cheaper-looking one; offered alone,
/// it keeps its note about the data.
#[test]
fn another_claims_data_is_the_first_fix_only_when_nothing_cleaner_exists() {
    let dump = |with_free_volume: bool| {
        let free = if with_free_volume {
            r#"
- apiVersion: v1
  kind: PersistentVolume
  metadata: {name: pv-free, uid: u-free, creationTimestamp: "2026-02-01T00:00:00Z"}
  spec:
    capacity: {storage: 10Gi}
    accessModes: [ReadWriteOnce]
    storageClassName: other
    persistentVolumeReclaimPolicy: Retain
    nfs: {server: 10.0.0.5, path: /free}
  status: {phase: Available}"#
        } else {
            ""
        };
        format!(
            r#"apiVersion: v1
kind: List
items:
- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata: {{name: slow, uid: u-slow}}
  provisioner: kubernetes.io/no-provisioner
- apiVersion: v1
  kind: PersistentVolume
  metadata: {{name: pv-old, uid: u-old, creationTimestamp: "2026-02-01T00:00:00Z"}}
  spec:
    capacity: {{storage: 10Gi}}
    accessModes: [ReadWriteOnce]
    storageClassName: slow
    persistentVolumeReclaimPolicy: Retain
    nfs: {{server: 10.0.0.5, path: /old}}
    claimRef: {{kind: PersistentVolumeClaim, namespace: app, name: gone, uid: u-gone}}
  status: {{phase: Released}}{free}
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata: {{name: data, namespace: app, uid: u-data, creationTimestamp: "2026-02-02T00:00:00Z"}}
  spec:
    accessModes: [ReadWriteOnce]
    resources: {{requests: {{storage: 5Gi}}}}
    storageClassName: slow
  status: {{phase: Pending}}
"#
        )
    };
    let text = dump(true);
    let d = diagnose_text(&text).expect("reads");
    let v = claim(&d, "app/data");
    // pv-old is the closer near miss (one claimRef away), yet the fix is pv-free.
    assert_eq!(v.near_misses[0].volume, "pv-old");
    let fix = v.fix.as_ref().expect("a fix");
    assert!(
        fix.summary
            .starts_with("Change volume pv-free: give it class \"slow\""),
        "{}",
        fix.summary
    );
    assert_evidence(v, |e| {
        e.starts_with("Another way: Change volume pv-old")
            && e.contains("may still hold the data of app/gone")
    });
    let read = read_dump(&text).expect("reads");
    fix_resolves(&read, v);

    // Nothing cleaner: offered, with its note about the data.
    let d = diagnose_text(&dump(false)).expect("reads");
    let fix = claim(&d, "app/data").fix.clone().expect("a fix");
    assert!(
        fix.summary.starts_with("Change volume pv-old"),
        "{}",
        fix.summary
    );
    assert!(
        fix.notes
            .iter()
            .any(|n| n == "Volume pv-old may still hold the data of app/gone: it goes to this claim as it is."),
        "{:?}",
        fix.notes
    );
}

#[test]
fn without_nodes_a_pod_quotes_its_recorded_scheduler_message() {
    let d = diagnosed("review-nonode.yaml");
    assert_eq!(d.nodes, 0);
    let v = pod(&d, "prod/uploader-7d9f8b6c5-x2k4p");
    assert_eq!(v.reason, "FailedScheduling");
    assert_eq!(v.message, RECORDED, "not a made-up 0/0");
    assert_evidence(v, |e| {
        e
            == "The message is the pod's PodScheduled condition (reason Unschedulable) as the dump recorded it: the dump holds no Node, so its node counts are the cluster's at the time of the dump, not worked out by the simulator."
    });
    // No record and no nodes: the scheduler's reason alone, no count.
    // The pod is the dump's last object and its conditions end it.
    let text = fixture("review-nonode.yaml");
    let (bare, _) = text
        .split_once("    conditions:\n")
        .expect("the pod's conditions");
    let d = diagnose_text(bare).expect("reads");
    let v = pod(&d, "prod/uploader-7d9f8b6c5-x2k4p");
    assert_eq!(
        v.message,
        "pod has unbound immediate PersistentVolumeClaims"
    );
    assert_evidence(v, |e| {
        e.starts_with("The dump holds no Node and the pod records no PodScheduled message")
    });
}

#[test]
fn a_recorded_scheduler_message_wins_when_the_dump_holds_fewer_nodes_than_it_counts() {
    let d = diagnosed("review.yaml");
    assert_eq!(d.nodes, 1);
    let v = pod(&d, "prod/uploader-7d9f8b6c5-x2k4p");
    assert_eq!(v.message, RECORDED);
    assert_evidence(v, |e| {
        e.contains("it counts 3 nodes and the dump holds 1 node")
    });
    assert_evidence(v, |e| {
        e.starts_with(
            "Worked out from the dump's 1 node alone, it would read: 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims."
        )
    });
}

#[test]
fn without_nodes_a_fix_is_judged_by_the_pods_claims_and_says_scheduling_was_not_simulated() {
    let (dump, d) = read("review-nonode.yaml");
    let v = pod(&d, "prod/uploader-7d9f8b6c5-x2k4p");
    let after = fix_resolves(&dump, v);
    assert_eq!(
        after,
        [
            "Pod prod/uploader-7d9f8b6c5-x2k4p is Pending, not scheduled: the dump holds no Node to place it on.",
            "Scheduling was not simulated: the dump holds no Node, so the fix is judged by what can be judged, the pod's claims (bound, or waiting for the pod without being stuck), not by where the pod runs.",
        ]
    );
    // A fix that leaves its claim Pending is still not resolved.
    let nothing = pv_core::diagnose::Fix {
        summary: String::new(),
        notes: Vec::new(),
        steps: Vec::new(),
    };
    assert!(!simulate(&dump.cluster, v, &nothing).outcome.resolved);
    // The claim's own fix, simulated, says where its pod stands too.
    let uploads = claim(&d, "prod/shared-uploads");
    let after = fix_resolves(&dump, uploads);
    assert_eq!(
        after,
        [
            "Claim prod/shared-uploads is Bound to volume pv-rwo-1.",
            "Pod prod/uploader-7d9f8b6c5-x2k4p is Pending, not scheduled: the dump holds no Node to place it on.",
        ]
    );
}

#[test]
fn an_object_without_a_creation_timestamp_has_an_unknown_age() {
    for name in ["review.yaml", "review-nonode.yaml"] {
        let d = diagnosed(name);
        let v = pod(&d, "prod/uploader-7d9f8b6c5-x2k4p");
        assert_eq!(v.age_seconds, None, "{name}");
        assert_eq!(
            v.age(),
            "<unknown>",
            "{name}: kubectl's translateTimestampSince"
        );
        // Objects with one keep their age.
        assert_ne!(claim(&d, "prod/logs").age(), "<unknown>", "{name}");
    }
}
