//! Saving and restoring sessions: round trips, and every kind of damage a stored or shared
//! text can suffer.

use super::*;
use crate::session::{Action, Write};
use proptest::prelude::*;
use pv_engine::objects::{Kind, ObjectKey};

/// The demo run to its steady state: bound claims, a provisioned volume, events.
fn settled_demo() -> Session {
    let session = Session::demo().apply(Action::Settle);
    assert!(session.settled);
    session
}

fn provisioned(session: &Session) -> Vec<String> {
    session
        .cluster
        .volumes()
        .filter(|v| v.metadata.name.starts_with("pvc-"))
        .map(|v| v.metadata.name.clone())
        .collect()
}

#[test]
fn a_settled_demo_round_trips_with_uids_status_and_progress() {
    let session = settled_demo()
        .apply(Action::Select("shop/db-data".into()))
        .apply(Action::SetStepMode(true));
    assert!(
        !provisioned(&session).is_empty(),
        "the demo provisions a volume"
    );
    let restored = decode(&encode(&session)).unwrap();
    assert_eq!(restored.cluster.objects(), session.cluster.objects());
    assert_eq!(restored.cluster.now(), session.cluster.now());
    assert_eq!(restored.passes, session.passes);
    assert!(restored.settled);
    assert_eq!(restored.selected, session.selected);
    assert!(restored.step_mode);
    assert!(!restored.can_undo(), "the undo history is not saved");
    // Encoding the restored session gives the same text: nothing was lost on the way.
    assert_eq!(encode(&restored), encode(&session));
}

#[test]
fn a_session_saved_before_settling_goes_on_as_the_original_would() {
    let session = Session::demo();
    let restored = decode(&encode(&session)).unwrap();
    assert!(!restored.settled);
    let (a, b) = (
        session.apply(Action::Settle),
        restored.apply(Action::Settle),
    );
    assert_eq!(a.cluster.objects(), b.cluster.objects());
    assert_eq!(provisioned(&a), provisioned(&b));
}

#[test]
fn objects_created_after_a_restore_never_reuse_a_uid() {
    let session = settled_demo();
    // Delete a claim first, so the cluster holds fewer objects than it ever created.
    let claim = session.cluster.claims().next().unwrap().clone();
    let key = ObjectKey::new(
        Kind::PersistentVolumeClaim,
        claim.metadata.namespace.as_deref(),
        &claim.metadata.name,
    );
    let session = session.apply(Action::Delete(key));
    let restored = decode(&encode(&session)).unwrap();
    let mut fresh = claim.clone();
    fresh.metadata.name = "fresh".into();
    fresh.metadata.uid.clear();
    fresh.metadata.finalizers.clear();
    let write = || {
        Action::Apply(vec![Write::keeping_finalizers(
            Object::PersistentVolumeClaim(fresh.clone()),
        )])
    };
    let (a, b) = (session.apply(write()), restored.apply(write()));
    let namespace = claim.metadata.namespace.clone().unwrap_or_default();
    let uid = |s: &Session| {
        s.cluster
            .claim(&namespace, "fresh")
            .unwrap()
            .metadata
            .uid
            .clone()
    };
    assert_eq!(uid(&a), uid(&b));
    let uids: Vec<String> = b
        .cluster
        .objects()
        .iter()
        .map(|o| o.metadata().uid.clone())
        .collect();
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "{uids:?}");
}

use pv_engine::objects::Object;

fn error_of(text: &str) -> RestoreError {
    match decode(text) {
        Ok(_) => panic!("restored from {text:?}"),
        Err(e) => e,
    }
}

#[test]
fn every_kind_of_damage_is_a_typed_error_with_a_message() {
    let good = encode(&settled_demo());
    assert!(matches!(error_of(""), RestoreError::NotASavedState(_)));
    assert!(matches!(
        error_of("{\"hello\": 1}"),
        RestoreError::NotASavedState(_)
    ));
    let other = good.replace("version: 1\n", "version: 2\n");
    let e = error_of(&other);
    assert_eq!(e, RestoreError::Newer(2));
    assert!(e.to_string().contains("newer version"), "{e}");
    for never in ["version: 0\n", "version: one\n", ""] {
        let e = error_of(&good.replace("version: 1\n", never));
        assert!(matches!(e, RestoreError::Version(_)), "{never:?}: {e:?}");
    }
    let cut = &good[..good.len() / 2];
    assert!(matches!(error_of(cut), RestoreError::Truncated(_)));
    let dropped = good.replacen(
        "---\napiVersion",
        "---\nkind: Foo\nx: [\n---\napiVersion",
        1,
    );
    let e = error_of(&dropped);
    assert!(matches!(e, RestoreError::Yaml(_)), "{e:?}");
    assert!(e.to_string().contains("line "), "{e}");
    let miscounted = good.replace("objects: ", "objects: 1");
    assert!(matches!(error_of(&miscounted), RestoreError::Truncated(_)));
    for (from, to) in [
        ("passes: ", "passes: -"),
        ("settled: true", "settled: yes"),
        ("clock: ", "clock: yesterday "),
        ("stepMode: false\n", "stepMode: false\nstepMode: false\n"),
        ("stepMode: false\n", "stepMode: false\ncolour: blue\n"),
        ("sequence: ", "sequence: x"),
    ] {
        let damaged = good.replacen(from, to, 1);
        assert_ne!(damaged, good, "{from}");
        let e = error_of(&damaged);
        assert!(matches!(e, RestoreError::Header(_)), "{from}: {e:?}");
    }
    // A valid manifest the API server refuses: an invalid name.
    let first_name = settled_demo().cluster.objects_in_creation_order()[0]
        .metadata()
        .name
        .clone();
    let refused = good.replacen(&format!("name: {first_name}\n"), "name: Not_A_Name\n", 1);
    assert_ne!(refused, good);
    let e = error_of(&refused);
    assert!(matches!(e, RestoreError::Objects(_)), "{e:?}");
    assert!(e.to_string().contains("Not_A_Name"), "{e}");
}

#[test]
fn a_saved_settled_flag_is_not_trusted_when_the_loop_has_work() {
    let text = encode(&Session::demo()).replace("settled: false", "settled: true");
    assert!(!decode(&text).unwrap().settled);
}

#[test]
fn base64url_round_trips_and_refuses_foreign_characters() {
    for bytes in [
        &b""[..],
        b"f",
        b"fo",
        b"foo",
        b"foob",
        b"fooba",
        b"foobar",
        &[0xff, 0xfe, 0x00],
    ] {
        let text = base64url_encode(bytes);
        assert!(!text.contains(['+', '/', '=']), "{text}");
        assert_eq!(base64url_decode(&text).as_deref(), Some(bytes));
    }
    assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("Zm9vYg=="), Some(b"foob".to_vec()));
    assert_eq!(base64url_decode("Zm9v!"), None);
    assert_eq!(base64url_decode("Zm9vY"), None);
    assert_eq!(base64url_decode("a+b/"), None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_envelope_is_an_error_or_a_valid_session_never_a_panic(
        cut in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..4),
    ) {
        let good = encode(&settled_demo());
        let mut chars: Vec<char> = good.chars().collect();
        for (at, c) in edits {
            let i = at.index(chars.len());
            chars[i] = c;
        }
        let end = cut.index(chars.len() + 1);
        let text: String = chars[..end].iter().collect();
        let _ = decode(&text);
    }

    #[test]
    fn base64url_round_trips_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
    }
}

#[test]
fn a_session_saved_a_few_objects_at_a_time_is_the_same_text() {
    let session = settled_demo().apply(Action::Apply(
        pv_engine::generate::random_objects(40, 40, 3)
            .into_iter()
            .map(Write::keeping_finalizers)
            .collect(),
    ));
    let mut saving = Saving::start(&session);
    let mut steps = 0;
    while !saving.step(7) {
        steps += 1;
        let (written, total) = saving.progress();
        assert_eq!(written, steps * 7);
        assert_eq!(total, session.cluster.object_count());
    }
    assert!(steps >= 10);
    let text = saving.finish();
    assert_eq!(text, encode(&session));
    let restored = decode(&text).unwrap().cluster;
    assert_eq!(
        restored.objects_in_creation_order(),
        session.cluster.objects_in_creation_order()
    );
}

/// A StatefulSet with claims from its template, a Deployment sharing a claim (its
/// ReplicaSet and generated pod names), and a claim whose expansion waits for a pod: saved and
/// read back, nothing moves when the restored cluster settles (no pod rolled for a revision
/// the restore forgot, no dependent collected, no second expansion).
#[test]
fn workloads_and_a_pending_expansion_round_trip_and_stay_settled() {
    let manifests = "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
allowVolumeExpansion: true
---
apiVersion: v1
kind: Node
metadata: {name: node-a}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: fast
      resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: shared, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers: [{name: app, image: busybox}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: shared}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: idle, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {requests: {storage: 1Gi}}
";
    let session = Session::from_manifests(manifests).expect("valid manifests");
    let mut idle = session
        .cluster
        .claim("shop", "idle")
        .expect("idle claim")
        .clone();
    idle.spec.resources.requests.insert(
        "storage".into(),
        pv_engine::quantity::Quantity::parse("2Gi").unwrap(),
    );
    let session = session.apply(Action::Apply(vec![Write::keeping_finalizers(
        pv_engine::objects::Object::PersistentVolumeClaim(idle),
    )]));
    let session = session.apply(Action::Settle);
    assert_eq!(session.cluster.stateful_sets().count(), 1);
    assert_eq!(session.cluster.replica_sets().count(), 1);
    assert_eq!(session.cluster.pods().count(), 4);
    let restored = decode(&encode(&session)).unwrap();
    assert_eq!(restored.cluster.objects(), session.cluster.objects());
    let settled = restored.apply(Action::Settle);
    assert_eq!(settled.cluster.objects(), session.cluster.objects());
}

/// Every envelope a build of this project wrote (see fixtures/README.md).
const FIXTURES: &[(&str, &str)] = &[
    ("v1-edited", include_str!("fixtures/v1-edited.txt")),
    ("v1-demo", include_str!("fixtures/v1-demo.txt")),
    ("v1-empty", include_str!("fixtures/v1-empty.txt")),
];

#[test]
fn every_version_ever_written_has_a_reader_and_a_fixture() {
    let versions: Vec<u32> = READERS.iter().map(|(v, _)| *v).collect();
    assert_eq!(versions, (1..=VERSION).collect::<Vec<_>>());
    for version in versions {
        let prefix = format!("version: {version}\n");
        assert!(
            FIXTURES
                .iter()
                .any(|(_, text)| text.lines().nth(1) == Some(prefix.trim_end())),
            "no fixture of version {version}"
        );
    }
}

#[test]
fn every_stored_fixture_opens_as_the_session_it_saved() {
    for (name, text) in FIXTURES {
        let session = decode(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // What the fixture holds survives: its objects, written again, are the same objects.
        let again = decode(&encode(&session)).unwrap();
        assert_eq!(again.cluster.objects(), session.cluster.objects(), "{name}");
        assert!(encode_checked(&session).is_ok(), "{name}");
    }
    let edited = decode(FIXTURES[0].1).unwrap();
    assert_eq!(edited.selected.as_deref(), Some("team-a/quoted"));
    assert!(edited.step_mode);
    assert!(!edited.settled);
    assert_eq!(edited.passes, 4);
    let volume = edited
        .cluster
        .volume("pv-quoted")
        .expect("the applied volume");
    assert_eq!(
        volume.metadata.annotations.get("note").map(String::as_str),
        Some("a \"quoted\" value: with # and unicode é ✓")
    );
    assert_eq!(
        volume.metadata.annotations.get("multi").map(String::as_str),
        Some("line one\nline two\n")
    );
    let claim = edited
        .cluster
        .claim("team-a", "quoted")
        .expect("the applied claim");
    assert_eq!(claim.status.phase, pv_engine::objects::ClaimPhase::Bound);
    // A restored session goes on: the deleted claim's volume is reclaimed when it settles.
    let settled = edited.apply(Action::Settle);
    assert!(settled.settled);
    assert!(settled.cluster.claim("shop", "archive").is_none());
    assert!(decode(FIXTURES[1].1).unwrap().cluster.claims().count() > 3);
    assert_eq!(decode(FIXTURES[2].1).unwrap().cluster.objects().len(), 0);
}

#[test]
fn a_newer_envelope_is_refused_as_newer_and_its_objects_still_read() {
    let text = include_str!("fixtures/v2-newer.txt");
    let e = error_of(text);
    assert_eq!(e, RestoreError::Newer(2));
    assert_eq!(
        e.to_string(),
        "it was saved by a newer version of pv-playground (format version 2; this version reads up to 1)"
    );
    // Even over the size limit, a newer envelope is named as newer (its limit may differ).
    let big = format!("{text}{}", " ".repeat(MAX_BYTES));
    assert_eq!(error_of(&big), RestoreError::Newer(2));
    let objects = objects_yaml(text).expect("its objects part");
    assert!(objects.starts_with("apiVersion: v1\nkind: Node\n"));
    let parsed = crate::manifest::parse(objects);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.objects.len(), 12);
}

#[test]
fn a_session_is_saved_only_when_its_text_reads_back_within_the_limit() {
    let session = settled_demo();
    assert_eq!(encode_checked(&session).unwrap(), encode(&session));
    // Over the limit: a cluster of many volumes with long labels.
    let mut yaml = String::new();
    for i in 0..1400 {
        yaml.push_str(&format!(
            "apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: v{i}, annotations: {{pad: {}}}}}\nspec: {{capacity: {{storage: 1Gi}}, accessModes: [ReadWriteOnce], hostPath: {{path: /p}}}}\n---\n",
            "x".repeat(3000)
        ));
    }
    let big = Session::from_manifests(&yaml).expect("valid manifests");
    match encode_checked(&big) {
        Err(SaveError::TooLarge(bytes)) => {
            assert!(bytes > MAX_BYTES);
            let message = SaveError::TooLarge(bytes).to_string();
            assert!(
                message.ends_with("and a saved session is at most 4,194,304 (4 MiB)"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}
