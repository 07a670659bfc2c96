use super::*;
use crate::session::{Action, Session};
use pv_engine::objects::{ClaimPhase, VolumePhase};
use pv_engine::scheduler::RWOP_CONFLICT;

fn settled_demo() -> Session {
    Session::demo().apply(Action::Settle)
}

/// Checks the form against the session and applies it, as the view's submit does.
fn submit(session: &Session, form: &Form) -> Session {
    match form.check(session) {
        Ok(checked) => session.apply(Action::Commit(Box::new(checked))),
        Err(problems) => panic!("{:?} refused: {problems:?}", form.kind),
    }
}

fn claim_phase(session: &Session, name: &str) -> (ClaimPhase, String) {
    let claim = session
        .cluster
        .claim("default", name)
        .expect("the claim exists");
    (claim.status.phase, claim.spec.volume_name.clone())
}

#[test]
fn a_claim_added_as_the_form_comes_binds_in_the_demo() {
    let session = settled_demo();
    let form = Form::new(Kind::PersistentVolumeClaim, &session.cluster);
    assert_eq!(form.get(FormField::Name), "claim-1");
    let added = submit(&session, &form);
    assert_eq!(
        claim_phase(&added, "claim-1"),
        (ClaimPhase::Bound, "pv-small".into()),
        "no default class: the free class-less 1Gi volume binds"
    );
    assert_eq!(
        Form::new(Kind::PersistentVolumeClaim, &added.cluster).get(FormField::Name),
        "claim-2",
        "the next form offers a free name"
    );
}

#[test]
fn with_a_default_class_the_two_click_claim_is_provisioned() {
    let session = settled_demo();
    let mut class = Form::new(Kind::StorageClass, &session.cluster);
    class.set(FormField::Name, "standard".into());
    class.set(FormField::DefaultClass, "true".into());
    let session = submit(&session, &class);
    let session = submit(
        &session,
        &Form::new(Kind::PersistentVolumeClaim, &session.cluster),
    );
    let (phase, volume) = claim_phase(&session, "claim-1");
    assert_eq!(phase, ClaimPhase::Bound);
    assert!(volume.starts_with("pvc-"), "provisioned: {volume}");
    let claim = session.cluster.claim("default", "claim-1").expect("exists");
    assert_eq!(claim.spec.storage_class_name.as_deref(), Some("standard"));
}

#[test]
fn parse_errors_and_engine_refusals_land_at_their_fields() {
    let session = settled_demo();
    let mut form = Form::new(Kind::PersistentVolumeClaim, &session.cluster);
    form.set(FormField::Size, "1Gx".into());
    form.set(FormField::MatchLabels, "app".into());
    let problems = form.check(&session).expect_err("unreadable");
    assert_eq!(
        problems,
        vec![
            (
                Some(FormField::Size),
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".into()
            ),
            (
                Some(FormField::MatchLabels),
                "expected key=value, found \"app\"".into()
            ),
        ]
    );
    let mut form = Form::new(Kind::PersistentVolumeClaim, &session.cluster);
    form.set(FormField::Name, "Bad_Name".into());
    form.set(FormField::AccessModes, String::new());
    let problems = form.check(&session).expect_err("invalid");
    let at = |field| {
        problems
            .iter()
            .find(|(f, _)| *f == Some(field))
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    };
    assert!(
        at(FormField::Name).starts_with(
            "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"
        ),
        "{problems:?}"
    );
    assert_eq!(
        at(FormField::AccessModes),
        "spec.accessModes: Required value: at least 1 access mode is required"
    );
    assert_eq!(
        form.get(FormField::Name),
        "Bad_Name",
        "what was typed stays"
    );
}

#[test]
fn adding_a_taken_name_is_refused_in_kubectl_words() {
    let session = settled_demo();
    let mut form = Form::new(Kind::PersistentVolume, &session.cluster);
    form.set(FormField::Name, "pv-db".into());
    assert_eq!(
        form.check(&session).expect_err("taken"),
        vec![(
            Some(FormField::Name),
            "persistentvolumes \"pv-db\" already exists".into()
        )]
    );
}

#[test]
fn every_demo_object_reads_back_unchanged_from_its_form() {
    let session = settled_demo();
    for object in session.cluster.objects() {
        let form = Form::from_object(&object);
        assert_eq!(form.editing(), Some(object.key()));
        assert_eq!(form.to_object().as_ref(), Ok(&object), "{}", object.key());
    }
}

#[test]
fn edits_replace_and_immutable_fields_get_the_engine_message() {
    let session = settled_demo();
    let key = ObjectKey::new(Kind::PersistentVolume, None, "pv-shared");
    let stored = session.cluster.get(&key).expect("demo volume");
    let mut form = Form::from_object(&stored);
    form.set(FormField::Labels, "app=files, tier=cold".into());
    let edited = submit(&session, &form);
    let volume = edited.cluster.volume("pv-shared").expect("kept");
    assert_eq!(volume.metadata.labels.len(), 2);
    assert_eq!(volume.status.phase, VolumePhase::Available, "status kept");

    form.set(FormField::Source, "hostPath".into());
    let problems = form.check(&edited).expect_err("immutable");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, Some(FormField::Source));
    assert!(
        problems[0].1.contains("is immutable after creation"),
        "{problems:?}"
    );

    let claim = ObjectKey::new(Kind::PersistentVolumeClaim, Some("shop"), "db-data");
    let mut form = Form::from_object(&edited.cluster.get(&claim).expect("demo claim"));
    form.set(FormField::Size, "1Gi".into());
    let problems = form.check(&edited).expect_err("shrinking");
    assert_eq!(problems[0].0, Some(FormField::Size), "{problems:?}");
}

#[test]
fn refused_paths_map_to_the_form_that_shows_them() {
    let claim = Kind::PersistentVolumeClaim;
    assert_eq!(
        field_for_path(claim, "spec.resources[storage]"),
        Some(FormField::Size)
    );
    assert_eq!(
        field_for_path(claim, "spec.selector.matchExpressions[0].operator"),
        Some(FormField::MatchExpressions)
    );
    assert_eq!(
        field_for_path(claim, "spec.selector.matchLabels"),
        Some(FormField::MatchLabels)
    );
    assert_eq!(field_for_path(claim, "spec"), None, "the whole spec: top");
    assert_eq!(
        field_for_path(claim, "spec.volumeNameX"),
        None,
        "a prefix of a word is not a match"
    );
    assert_eq!(field_for_path(Kind::Node, "spec.nodeName"), None);
    assert_eq!(
        field_for_path(Kind::StorageClass, "reclaimPolicy"),
        Some(FormField::ReclaimPolicy)
    );
}

#[test]
fn a_read_write_once_pod_claim_keeps_a_second_pod_off_another_node() {
    let mut session = settled_demo();
    let mut claim = Form::new(Kind::PersistentVolumeClaim, &session.cluster);
    claim.set(FormField::AccessModes, String::new());
    claim.set_mode(AccessMode::ReadWriteOncePod, true);
    claim.set(FormField::Class, "fast".into());
    session = submit(&session, &claim);
    let mut pod = Form::new(Kind::Pod, &session.cluster);
    pod.set(FormField::Claims, "claim-1".into());
    session = submit(&session, &pod);
    let node = Form::new(Kind::Node, &session.cluster);
    assert_eq!(node.get(FormField::Name), "node-1");
    session = submit(&session, &node);
    let mut second = Form::new(Kind::Pod, &session.cluster);
    second.set(FormField::Claims, "claim-1".into());
    second.set(
        FormField::NodeSelector,
        "kubernetes.io/hostname=node-1".into(),
    );
    session = submit(&session, &second);
    let placed = |name| {
        session
            .cluster
            .pod("default", name)
            .map(|p| p.spec.node_name.clone())
    };
    assert_eq!(placed("pod-1").as_deref(), Some("node-a"));
    assert_eq!(placed("pod-2").as_deref(), Some(""));
    let why = session
        .cluster
        .explain_claim("default", "claim-1")
        .expect("explained")
        .pods
        .into_iter()
        .find(|p| p.pod == "default/pod-2")
        .and_then(|p| p.problem)
        .unwrap_or_default();
    assert!(why.contains(RWOP_CONFLICT), "{why}");
}

#[test]
fn access_modes_tick_in_the_api_order() {
    let mut form = Form::new(Kind::PersistentVolume, &pv_engine::Cluster::new());
    form.set_mode(AccessMode::ReadWriteOncePod, true);
    form.set_mode(AccessMode::ReadOnlyMany, true);
    form.set_mode(AccessMode::ReadWriteOnce, false);
    assert_eq!(
        form.get(FormField::AccessModes),
        "ReadOnlyMany,ReadWriteOncePod"
    );
    assert!(form.has_mode(AccessMode::ReadOnlyMany) && !form.has_mode(AccessMode::ReadWriteOnce));
}

#[test]
fn a_statefulset_added_as_the_form_comes_runs_three_pods_with_their_own_claims() {
    let session = settled_demo();
    let mut class = Form::new(Kind::StorageClass, &session.cluster);
    class.set(FormField::Name, "standard".into());
    class.set(FormField::DefaultClass, "true".into());
    let session = submit(&session, &class);
    let form = Form::new(Kind::StatefulSet, &session.cluster);
    assert_eq!(form.get(FormField::Name), "web-1");
    assert_eq!(form.get(FormField::PodLabels), "app=web-1");
    let session = submit(&session, &form).apply(Action::Settle);
    for ordinal in 0..3 {
        let (phase, volume) = claim_phase_in(&session, "default", &format!("data-web-1-{ordinal}"));
        assert_eq!(phase, ClaimPhase::Bound);
        assert!(volume.starts_with("pvc-"), "{volume}");
        let pod = session
            .cluster
            .pod("default", &format!("web-1-{ordinal}"))
            .expect("pod created");
        assert!(pod.is_running_and_ready(), "{:?}", pod.status);
    }
    // Scaling through the form is a replace of spec.replicas.
    let set = session
        .cluster
        .get(&ObjectKey::new(Kind::StatefulSet, Some("default"), "web-1"))
        .expect("set");
    let mut scale = Form::from_object(&set);
    scale.set(FormField::Replicas, "1".into());
    let session = submit(&session, &scale).apply(Action::Settle);
    assert!(session.cluster.pod("default", "web-1-2").is_none());
    assert_eq!(
        claim_phase_in(&session, "default", "data-web-1-2").0,
        ClaimPhase::Bound,
        "kept by the default retention policy"
    );
    // A template change is refused with the API server's words, at the top of the form.
    let set = session
        .cluster
        .get(&ObjectKey::new(Kind::StatefulSet, Some("default"), "web-1"))
        .expect("set");
    let mut grow = Form::from_object(&set);
    grow.set(FormField::Size, "5Gi".into());
    let problems = grow.check(&session).expect_err("immutable templates");
    assert_eq!(problems[0].0, None, "{problems:?}");
    assert!(problems[0]
        .1
        .contains("updates to statefulset spec for fields other than"));
}

#[test]
fn a_deployment_form_shares_the_claims_it_names() {
    let session = settled_demo();
    let mut form = Form::new(Kind::Deployment, &session.cluster);
    form.set(FormField::Namespace, "shop".into());
    form.set(FormField::Claims, "db-data".into());
    form.set(FormField::Replicas, "x".into());
    assert_eq!(
        form.check(&session).expect_err("not a number"),
        vec![(
            Some(FormField::Replicas),
            "expected a whole number, found \"x\"".into()
        )]
    );
    form.set(FormField::Replicas, "2".into());
    let session = submit(&session, &form).apply(Action::Settle);
    let mounting = session
        .cluster
        .pods()
        .filter(|p| p.spec.claim_names().any(|c| c == "db-data"))
        .count();
    assert_eq!(mounting, 3, "the demo's pod and both replicas");
    let mut empty = Form::new(Kind::Deployment, &session.cluster);
    empty.set(FormField::PodLabels, String::new());
    let problems = empty.check(&session).expect_err("no selector");
    assert_eq!(
        problems[0],
        (
            Some(FormField::PodLabels),
            "spec.selector: Required value".into()
        )
    );
}

fn claim_phase_in(session: &Session, namespace: &str, name: &str) -> (ClaimPhase, String) {
    let claim = session
        .cluster
        .claim(namespace, name)
        .expect("the claim exists");
    (claim.status.phase, claim.spec.volume_name.clone())
}

#[test]
fn workloads_read_back_unchanged_from_their_forms() {
    let text = "apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop, labels: {tier: data}}
spec:
  replicas: 2
  ordinals: {start: 3}
  serviceName: db
  selector:
    matchLabels: {app: db}
    matchExpressions: [{key: tier, operator: Exists}]
  template:
    metadata: {labels: {app: db, tier: data}}
    spec:
      nodeSelector: {disk: ssd}
      containers: [{name: db, image: postgres}]
      volumes: [{name: conf, configMap: {name: db-conf}}, {name: shared, persistentVolumeClaim: {claimName: shared}}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], storageClassName: \"\", resources: {requests: {storage: 5Gi}}}
  - metadata: {name: logs}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: shop}
spec:
  selector: {matchLabels: {app: app}}
  strategy: {type: Recreate}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers: [{name: app, image: busybox}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: shared}}]
";
    let session = Session::from_manifests(text).expect("valid");
    for object in session.cluster.objects() {
        let form = Form::from_object(&object);
        assert_eq!(form.to_object().as_ref(), Ok(&object), "{}", object.key());
    }
}

#[test]
fn the_class_picker_offers_the_classes_that_exist_and_says_what_each_does() {
    let session = settled_demo();
    let labels = |kind, current: &str| -> Vec<(String, String)> {
        class_choices(kind, &session.cluster, current)
            .into_iter()
            .map(|c| (c.value, c.label))
            .collect()
    };
    let pair = |v: &str, l: &str| (v.to_owned(), l.to_owned());
    assert_eq!(
        labels(Kind::PersistentVolumeClaim, ""),
        [
            pair("", "not set: the default class (none here), so no class"),
            pair("\"\"", "\"\": no class, static binding only"),
            pair("fast", "fast: provisions with ebs.csi.aws.com"),
        ]
    );
    // A class that does not exist stays choosable, and says so.
    assert_eq!(
        labels(Kind::PersistentVolumeClaim, "gold").last(),
        Some(&pair("gold", "gold: no such StorageClass"))
    );
    assert_eq!(
        labels(Kind::PersistentVolume, ""),
        [pair("", "none"), pair("fast", "fast")]
    );
    assert_eq!(
        labels(Kind::PersistentVolume, "\"\"")[1],
        pair("\"\"", "\"\": none")
    );
    // With a default class, a waiting one and one that cannot provision.
    let mut form = Form::new(Kind::StorageClass, &session.cluster);
    form.set(FormField::Name, "standard".into());
    form.set(FormField::DefaultClass, "true".into());
    form.set(FormField::BindingMode, "WaitForFirstConsumer".into());
    let session = submit(&session, &form);
    let mut local = Form::new(Kind::StorageClass, &session.cluster);
    local.set(FormField::Name, "local".into());
    local.set(
        FormField::Provisioner,
        "kubernetes.io/no-provisioner".into(),
    );
    let session = submit(&session, &local);
    let labels: Vec<String> = class_choices(Kind::PersistentVolumeClaim, &session.cluster, "")
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(
        labels,
        [
            "not set: the default class, standard",
            "\"\": no class, static binding only",
            "fast: provisions with ebs.csi.aws.com",
            "local: kubernetes.io/no-provisioner cannot provision, static binding only",
            "standard (default): provisions with csi.example.com, once a pod uses the claim",
        ]
    );
}

#[test]
fn a_newcomer_binds_dynamically_and_statically_by_picking_from_the_class_list() {
    let session = settled_demo();
    // Dynamic: pick the class the list offers, add.
    let mut form = Form::new(Kind::PersistentVolumeClaim, &session.cluster);
    let offered = class_choices(Kind::PersistentVolumeClaim, &session.cluster, "");
    let provisioning = offered
        .iter()
        .find(|c| c.label.contains("provisions with"))
        .expect("a class that provisions is offered");
    form.set(FormField::Class, provisioning.value.clone());
    let dynamic = submit(&session, &form);
    let (phase, volume) = claim_phase(&dynamic, "claim-1");
    assert_eq!(phase, ClaimPhase::Bound);
    assert!(volume.starts_with("pvc-"), "{volume}");
    // Static: "" from the list, add.
    let mut form = Form::new(Kind::PersistentVolumeClaim, &session.cluster);
    let none = offered
        .iter()
        .find(|c| c.label.contains("static binding only"))
        .expect("no class is offered");
    form.set(FormField::Class, none.value.clone());
    let bound = submit(&session, &form);
    assert_eq!(
        claim_phase(&bound, "claim-1"),
        (ClaimPhase::Bound, "pv-small".into())
    );
}
