//! The flowchart made live for a claim: real values in the boxes, the engine's path marked,
//! a blocked path stopping where Kubernetes stops, and the layout rules still kept.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::layout_check::check_rules;
use common::play::play;
use pv_core::diagram::{layout, live_flowchart, LayoutOptions, LiveFlowchart};

/// Plays one apply step and returns the live flowchart of `default/<claim>`.
fn live(manifests: &str, claim: &str) -> LiveFlowchart {
    let cluster = play(&[manifests]);
    let explanation = cluster
        .explain_claim("default", claim)
        .expect("claim exists");
    live_flowchart(&cluster, &explanation)
}

fn node_text(chart: &LiveFlowchart, id: &str) -> String {
    let node = &chart.graph.nodes[chart.graph.node_index(id).unwrap()];
    node.label
        .lines
        .iter()
        .map(|l| l.plain())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn taken(chart: &LiveFlowchart) -> (Vec<&str>, Vec<&str>) {
    (
        chart.path.nodes.iter().copied().collect(),
        chart.path.edges.iter().map(String::as_str).collect(),
    )
}

const STATIC: &str = "apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-db, labels: {app: db}}
spec: {capacity: {storage: 10Gi}, accessModes: [ReadWriteOnce], storageClassName: fast, hostPath: {path: /mnt/db}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: fast, selector: {matchLabels: {app: db}}}";

#[test]
fn a_static_binding_lights_the_yes_path_and_shows_real_values() {
    let chart = live(STATIC, "data");
    let (nodes, edges) = taken(&chart);
    assert_eq!(nodes, ["claim", "decision", "reqs", "static", "volume"]);
    assert_eq!(
        edges,
        [
            "claim-decision",
            "claim-reqs",
            "decision-static",
            "static-volume",
            "volume-reqs"
        ]
    );
    assert_eq!(chart.path.blocked, None);
    assert_eq!(node_text(&chart, "claim"), "Claim | default/data · Bound");
    assert_eq!(
        node_text(&chart, "reqs"),
        "access modes: RWO | (storage) size: 5Gi | labels: app=db | storageClassName: fast"
    );
    assert_eq!(
        node_text(&chart, "decision"),
        "Suitable Volume Exists? | Yes"
    );
    assert_eq!(
        node_text(&chart, "volume"),
        "Volume (PV) | pv-db | 10Gi · RWO"
    );
}

const DYNAMIC: &str = "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: fast}";

const NO_CLASS: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: \"\"}";

/// The nodes on a dynamic route to a volume, in id order.
const DYNAMIC_NODES: [&str; 6] = [
    "claim",
    "decision",
    "dynamic",
    "reqs",
    "storageclass",
    "volume",
];

#[test]
fn dynamic_provisioning_lights_the_no_path_through_the_class() {
    let chart = live(DYNAMIC, "data");
    let (nodes, edges) = taken(&chart);
    assert_eq!(nodes, DYNAMIC_NODES);
    assert_eq!(
        edges,
        [
            "claim-decision",
            "claim-reqs",
            "decision-dynamic",
            "dynamic-storageclass",
            "storageclass-volume",
            "volume-reqs"
        ]
    );
    assert_eq!(node_text(&chart, "storageclass"), "StorageClass | fast");
    assert_eq!(
        node_text(&chart, "dynamic"),
        "Dynamic Provisioning | ebs.csi.aws.com | bound"
    );
    assert!(
        node_text(&chart, "volume").contains("pvc-"),
        "{}",
        node_text(&chart, "volume")
    );
}

#[test]
fn a_blocked_claim_stops_where_kubernetes_stops_and_says_why() {
    let chart = live(NO_CLASS, "data");
    let (nodes, edges) = taken(&chart);
    assert_eq!(nodes, ["claim", "decision", "reqs"]);
    assert_eq!(edges, ["claim-decision", "claim-reqs"]);
    assert_eq!(
        chart.path.blocked,
        Some((
            "decision",
            "no persistent volumes available for this claim and no storage class is set".into()
        ))
    );

    let missing_class = NO_CLASS.replace("storageClassName: \"\"", "storageClassName: gold");
    let chart = live(&missing_class, "data");
    assert_eq!(
        taken(&chart).1,
        [
            "claim-decision",
            "claim-reqs",
            "decision-dynamic",
            "dynamic-storageclass"
        ]
    );
    assert_eq!(
        chart.path.blocked,
        Some((
            "storageclass",
            "storageclass.storage.k8s.io \"gold\" not found".into()
        ))
    );
    assert!(chart.path.summary.contains("blocked at storageclass"));
    assert_eq!(
        node_text(&chart, "storageclass"),
        "StorageClass | gold | blocked: class not found"
    );
}

#[test]
fn live_labels_still_keep_every_layout_rule() {
    for manifests in [STATIC, DYNAMIC, NO_CLASS] {
        let chart = live(manifests, "data");
        let placed = layout(&chart.graph, &LayoutOptions::default());
        check_rules(&chart.graph, &placed).unwrap();
    }
}

/// The title of the Pod box around the claim.
fn pod_box(chart: &LiveFlowchart) -> &str {
    let group = chart.graph.groups.iter().find(|g| g.id == "pod");
    group.map_or("", |g| g.title.as_str())
}

fn pods(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: web-{i}, namespace: default}}\n\
                 spec: {{containers: [{{name: app, image: nginx}}], volumes: [{{name: data, \
                 persistentVolumeClaim: {{claimName: data}}}}]}}"
            )
        })
        .collect()
}

#[test]
fn the_pod_box_names_the_pods_that_mount_the_claim() {
    assert_eq!(pod_box(&live(STATIC, "data")), "Pod (none uses this claim)");
    assert_eq!(
        pod_box(&live(&(STATIC.to_owned() + &pods(1)), "data")),
        "Pod web-0"
    );
    assert_eq!(
        pod_box(&live(&(STATIC.to_owned() + &pods(2)), "data")),
        "Pods web-0, web-1"
    );
    let many = live(&(STATIC.to_owned() + &pods(5)), "data");
    assert_eq!(pod_box(&many), "Pods web-0, web-1, web-2 +2");
    let placed = layout(&many.graph, &LayoutOptions::default());
    check_rules(&many.graph, &placed).unwrap();
}

/// A claim a StatefulSet made names its set, template and ordinal in the Claim box, and the
/// Pod box names the set's pod; the drawing still keeps every layout rule.
#[test]
fn a_template_made_claim_names_its_set_and_ordinal() {
    let chart = live(
        &format!(
            "{}{}",
            pv_fixtures::manifests::FAST_CLASS_AND_NODE,
            pv_fixtures::manifests::web_stateful_set("default", 2, "{}", Some("fast"))
        ),
        "www-web-1",
    );
    assert_eq!(
        node_text(&chart, "claim"),
        "Claim | default/www-web-1 · Bound | StatefulSet web · www · ordinal 1"
    );
    let pod = chart
        .graph
        .groups
        .iter()
        .find(|g| g.id == "pod")
        .expect("pod box");
    assert_eq!(pod.title, "Pod web-1");
    let out = layout(&chart.graph, &LayoutOptions::default());
    check_rules(&chart.graph, &out).unwrap();
}

use common::play::{created, remove_volume};

/// The nodes on the path of `default/<claim>`'s live flowchart now.
fn path_nodes(cluster: &pv_engine::Cluster, claim: &str) -> Vec<&'static str> {
    let explanation = cluster.explain_claim("default", claim).unwrap();
    let chart = live_flowchart(cluster, &explanation);
    chart.path.nodes.iter().copied().collect()
}

#[test]
fn stepping_a_dynamic_claim_lights_only_the_dynamic_route_at_every_pass() {
    let mut cluster = created(DYNAMIC);
    let mut labels = Vec::new();
    loop {
        assert_eq!(
            path_nodes(&cluster, "data")
                .into_iter()
                .filter(|n| ["static", "dynamic", "storageclass"].contains(n))
                .collect::<Vec<_>>(),
            ["dynamic", "storageclass"]
        );
        let explanation = cluster.explain_claim("default", "data").unwrap();
        labels.push(node_text(
            &live_flowchart(&cluster, &explanation),
            "dynamic",
        ));
        if !cluster.sync_once() {
            break;
        }
    }
    assert_eq!(
        labels,
        [
            "Dynamic Provisioning | ebs.csi.aws.com | waiting for the volume",
            "Dynamic Provisioning | ebs.csi.aws.com | binding…",
            "Dynamic Provisioning | ebs.csi.aws.com | bound",
        ]
    );
    assert!(path_nodes(&cluster, "data").contains(&"volume"));
}

#[test]
fn a_lost_dynamic_claim_keeps_the_dynamic_path_to_its_lost_volume() {
    let mut cluster = play(&[DYNAMIC]);
    let uid = cluster
        .claim("default", "data")
        .unwrap()
        .metadata
        .uid
        .clone();
    let name = format!("pvc-{uid}");
    remove_volume(&mut cluster, &name);
    let explanation = cluster.explain_claim("default", "data").unwrap();
    let chart = live_flowchart(&cluster, &explanation);
    let (nodes, _) = taken(&chart);
    assert_eq!(nodes, DYNAMIC_NODES);
    assert_eq!(
        node_text(&chart, "volume"),
        format!("Volume | {name} (lost)")
    );
    assert_eq!(
        chart.path.blocked,
        Some((
            "volume",
            "Bound claim has lost its PersistentVolume. Data on the volume is lost!".into()
        ))
    );
}

#[test]
fn a_deleted_volume_held_by_protection_says_terminating_in_its_box() {
    let mut cluster = play(&[STATIC]);
    cluster.tick();
    cluster
        .delete(&pv_engine::objects::ObjectKey::new(
            pv_engine::objects::Kind::PersistentVolume,
            None,
            "pv-db",
        ))
        .unwrap();
    cluster.settle();
    let explanation = cluster.explain_claim("default", "data").unwrap();
    let chart = live_flowchart(&cluster, &explanation);
    assert_eq!(
        node_text(&chart, "volume"),
        "Volume (PV) | pv-db | 10Gi · RWO · Terminating"
    );
}

#[test]
fn the_requirements_box_is_marked_only_where_a_requirement_fails() {
    // Bound: every requirement met, nothing marked.
    let bound = live(STATIC, "data");
    assert!(!bound.path.unmet);
    assert!(!node_text(&bound, "reqs").contains('✗'));
    // No volume is big enough and class "" never provisions: the size is what failed.
    let too_big = format!(
        "{}\n---\n{}",
        "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-small}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /s}}",
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: default}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: \"\"}"
    );
    let chart = live(&too_big, "data");
    assert!(chart.path.unmet);
    assert_eq!(
        node_text(&chart, "reqs"),
        "access modes: RWO | ✗ (storage) size: 5Gi | labels: any | storageClassName: \"\""
    );
    // Blocked at a missing class: its requirements are not the problem.
    let missing_class = NO_CLASS.replace("storageClassName: \"\"", "storageClassName: gold");
    assert!(!live(&missing_class, "data").path.unmet);
}
