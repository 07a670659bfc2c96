//! Diagnose mode on real-looking dumps: every Pending claim with Kubernetes' reason and message
//! and the volume that would fit, read from the dump as it is (no controller runs); sorting,
//! pages, errors at their lines, and a generated 5,000-object dump.

use pv_core::diagnose::{
    diagnose, diagnose_text, Column, Diagnosis, Direction, Fit, PendingClaimRow, PAGE_SIZE,
};
use pv_core::manifest;
use pv_engine::matching::{controller_verdict, ClaimView};
use pv_engine::objects::{ClaimPhase, Object, VolumePhase};
use pv_engine::Cluster;
use pv_fixtures::dump::kubectl_dump;
use std::collections::BTreeSet;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/diagnose/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn diagnosed(name: &str) -> Diagnosis {
    diagnose_text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn row<'a>(d: &'a Diagnosis, claim: &str) -> &'a PendingClaimRow {
    d.rows
        .iter()
        .find(|r| r.claim == claim)
        .unwrap_or_else(|| panic!("no row for {claim}: {:?}", d.rows))
}

#[test]
fn every_pending_claim_of_a_shop_dump_with_its_reason_and_fit() {
    let d = diagnosed("shop.yaml");
    assert_eq!(d.summary(), "4 Pending claims of 5 claims");
    let claims: Vec<&str> = d.rows.iter().map(|r| r.claim.as_str()).collect();
    // Namespace, then name: shop's three, then web's.
    assert_eq!(claims, ["reports", "reports-archive", "typo", "cache"]);

    let reports = row(&d, "reports");
    assert_eq!(reports.fit, Fit::Binds("nfs-reports".into()));
    assert_eq!(
        reports.reason, "",
        "a binding about to happen records no event"
    );
    assert_eq!(
        (
            reports.access_modes.as_str(),
            reports.request_text().as_str()
        ),
        ("RWX", "10Gi")
    );

    // The only volume that would fit it goes to the older claim first, as the controller's
    // pass in creation order does.
    let archive = row(&d, "reports-archive");
    assert_eq!(archive.reason, "FailedBinding");
    assert_eq!(
        archive.message,
        "no persistent volumes available for this claim and no storage class is set"
    );
    assert_eq!(archive.fit, Fit::Nothing);

    let typo = row(&d, "typo");
    assert_eq!(typo.reason, "ProvisioningFailed");
    assert_eq!(
        typo.message,
        "storageclass.storage.k8s.io \"standrad\" not found"
    );
    assert_eq!(typo.class, "standrad");
    assert_eq!(typo.fit, Fit::Nothing);

    let cache = row(&d, "cache");
    assert_eq!(cache.reason, "ExternalProvisioning");
    assert!(cache
        .message
        .starts_with("Waiting for a volume to be created either by the external provisioner 'fast.csi.example.com'"));
    assert_eq!(
        cache.fit.text(),
        "none: dynamic provisioning by fast.csi.example.com"
    );
}

#[test]
fn waits_for_a_consumer_named_volumes_and_skipped_kinds() {
    let d = diagnosed("local.yaml");
    assert_eq!(d.summary(), "4 Pending claims of 5 claims");
    assert_eq!(d.skipped, 1, "the ConfigMap");

    let ssd = row(&d, "ssd");
    assert_eq!(ssd.reason, "WaitForFirstConsumer");
    assert_eq!(
        ssd.message,
        "waiting for first consumer to be created before binding"
    );
    assert_eq!(ssd.fit, Fit::Candidate("local-ssd-1".into()));

    let logs = row(&d, "logs");
    assert_eq!(logs.reason, "WaitForPodScheduled");
    assert_eq!(logs.message, "waiting for pod logs-0 to be scheduled");
    assert_eq!(
        logs.fit.text(),
        "none: dynamic provisioning by ebs.csi.aws.com once a pod is placed"
    );

    let taken = row(&d, "wants-taken");
    assert_eq!(taken.reason, "FailedBinding");
    assert_eq!(
        taken.message,
        "volume \"taken-disk\" already bound to a different claim."
    );
    assert_eq!(taken.fit.volume(), None);

    let restore = row(&d, "restore");
    assert_eq!(
        restore.reason, "",
        "Kubernetes records no event for a missing named volume"
    );
    assert!(
        restore.message.contains("\"gone-disk\""),
        "{}",
        restore.message
    );
}

#[test]
fn the_dump_is_shown_as_it_is_not_as_the_controllers_would_leave_it() {
    let parsed = manifest::parse(&fixture("shop.yaml"));
    let mut cluster = Cluster::new();
    cluster.import(parsed.into_objects()).expect("imports");
    let before = cluster.clone();
    let d = diagnose(&cluster);
    assert_eq!(cluster, before, "diagnosing changes nothing");
    assert!(d.rows.iter().any(|r| r.claim == "reports"));
    // Settling would bind it: the row describes the dump, not the settled cluster.
    cluster.settle();
    assert_eq!(
        cluster.claim("shop", "reports").map(|c| c.status.phase),
        Some(ClaimPhase::Bound)
    );
}

#[test]
fn ages_count_back_from_the_newest_timestamp_in_the_dump() {
    let d = diagnosed("shop.yaml");
    // The newest object is reports-archive (08:30 on the 9th); typo was created on the 5th.
    assert_eq!(row(&d, "reports-archive").age(), "0s");
    assert_eq!(
        row(&d, "typo").age_seconds,
        Some(3 * 86_400 + 20 * 3600 + 30 * 60)
    );
    assert_eq!(row(&d, "typo").age(), "3d20h");
}

#[test]
fn sorting_by_a_column_orders_by_value_and_breaks_ties_by_name() {
    let mut d = diagnosed("shop.yaml");
    d.sort(Column::Request, Direction::Ascending);
    let requests: Vec<String> = d.rows.iter().map(PendingClaimRow::request_text).collect();
    assert_eq!(
        requests,
        ["500Mi", "2Gi", "5Gi", "10Gi"],
        "by quantity, not by text"
    );
    assert_eq!(d.next_sort(Column::Request), Direction::Descending);
    d.sort(Column::Request, Direction::Descending);
    let requests: Vec<String> = d.rows.iter().map(PendingClaimRow::request_text).collect();
    assert_eq!(requests, ["10Gi", "5Gi", "2Gi", "500Mi"]);
    assert_eq!(d.next_sort(Column::Request), Direction::Ascending);
    assert_eq!(d.next_sort(Column::Age), Direction::Ascending);

    // Equal reasons keep namespace/name order whatever the previous sort was.
    d.sort(Column::Reason, Direction::Ascending);
    let by_reason: Vec<(&str, &str)> = d
        .rows
        .iter()
        .map(|r| (r.reason.as_str(), r.claim.as_str()))
        .collect();
    assert_eq!(
        by_reason,
        [
            ("", "reports"),
            ("ExternalProvisioning", "cache"),
            ("FailedBinding", "reports-archive"),
            ("ProvisioningFailed", "typo")
        ]
    );
    d.sort(Column::Age, Direction::Descending);
    assert_eq!(d.rows[0].claim, "typo", "the oldest first");
    for column in Column::ALL {
        d.sort(column, Direction::Ascending);
        let cells: Vec<String> = d.rows.iter().map(|r| column.cell(r)).collect();
        assert_eq!(cells.len(), 4, "{column:?}");
    }
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
fn a_5000_object_dump_lists_every_pending_claim_in_pages() {
    let text = kubectl_dump(5000, 1);
    let parsed = manifest::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    let objects = parsed.into_objects();
    assert_eq!(objects.len(), 5000);
    let pending = objects
        .iter()
        .filter(|o| matches!(o, Object::PersistentVolumeClaim(c) if c.status.phase == ClaimPhase::Pending))
        .count();
    let mut cluster = Cluster::new();
    cluster.import(objects).expect("imports");
    let mut d = diagnose(&cluster);
    assert_eq!(d.pending(), pending);
    assert!(
        pending > 300,
        "a realistic share of Pending claims: {pending}"
    );

    // Every reason the generator tells a story for.
    let reasons: BTreeSet<&str> = d.rows.iter().map(|r| r.reason.as_str()).collect();
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
    assert!(d.rows.iter().all(|r| !r.message.is_empty()));

    // A volume said to bind passes the controller's rules for its claim, and no two claims
    // are promised the same volume.
    let mut promised = BTreeSet::new();
    for r in &d.rows {
        if let Fit::Binds(volume) = &r.fit {
            let pv = cluster.volume(volume).expect("exists");
            let claim = cluster.claim(&r.namespace, &r.claim).expect("exists");
            assert_eq!(pv.status.phase, VolumePhase::Available);
            assert!(controller_verdict(pv, &ClaimView::new(claim), false).is_ok());
            assert!(promised.insert(volume.clone()), "{volume} promised twice");
        }
    }
    assert!(!promised.is_empty());

    assert_eq!(d.pages(), pending.div_ceil(PAGE_SIZE));
    assert_eq!(d.page(1).len(), PAGE_SIZE);
    assert_eq!(
        d.page(d.pages()).len(),
        pending - (d.pages() - 1) * PAGE_SIZE
    );
    assert_eq!(d.page(0), d.page(1), "clamped");
    assert_eq!(d.page(usize::MAX), d.page(d.pages()), "clamped");
    let first = d.page(1)[0].clone();
    d.sort(Column::Claim, Direction::Descending);
    assert_ne!(d.page(1)[0], first);
    let seen: BTreeSet<(String, String)> = (1..=d.pages())
        .flat_map(|p| {
            d.page(p)
                .iter()
                .map(|r| (r.namespace.clone(), r.claim.clone()))
        })
        .collect();
    assert_eq!(seen.len(), pending, "the pages hold every row once");
}

#[test]
fn an_empty_dump_has_one_empty_page() {
    let d = diagnose_text("apiVersion: v1\nkind: List\nitems: []\n").expect("parses");
    assert_eq!(d.summary(), "0 Pending claims of 0 claims");
    assert_eq!((d.pages(), d.page(1).len()), (1, 0));
}
