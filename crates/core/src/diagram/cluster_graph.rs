//! The cluster graph: every object of a cluster as a node with its kind, name and kubectl
//! status in words (`PVC shop/db-data · Bound`), coloured by that status, and an edge for
//! each reference that matters for storage: a StatefulSet or Deployment runs its pods (a
//! Deployment through its ReplicaSets, which are not drawn) and a StatefulSet made its claims
//! from its templates, a pod mounts its claims and runs on its node, a claim is bound to its
//! volume, a class provisioned a volume. Above [`MAX_DRAWN_OBJECTS`] objects the page draws
//! the objects around the claim it follows instead ([`cluster_graph_around`]): thousands of
//! boxes are neither readable nor quick to lay out. Pure: the view draws it.

use super::graph::{Edge, Graph, Label, Line, Node, NodeClass, Shape, Span};
use super::layout::{Direction, LayoutOptions};
use crate::manifest::tables::{claim_status, pod_status, volume_status};
use pv_engine::annotations as ann;
use pv_engine::classes::volume_class;
use pv_engine::objects::{
    Deployment, Kind, ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod, StatefulSet,
    StorageClass,
};
use pv_engine::statefulset::claim_origin;
use pv_engine::Cluster;
use std::collections::{BTreeMap, HashMap};

/// What the view needs to draw and operate the cluster graph.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterGraph {
    /// Nodes are StatefulSets, Deployments, pods, claims, volumes, classes and Nodes, in that
    /// order, each kind sorted by namespace and name; node ids are `sts:ns/name`,
    /// `deploy:ns/name`, `pod:ns/name`, `pvc:ns/name`, `pv:name`, `sc:name`, `node:name`.
    pub graph: Graph,
    /// For each node, the claim (`ns/name`) that choosing it follows in the flowchart.
    pub claims: Vec<Option<String>>,
    /// The graph in words: counts by status, then every reference as a sentence.
    pub description: String,
    /// How many objects the cluster holds (the graph may draw fewer: see `drawn`).
    pub objects: usize,
    /// Whether every object is drawn; otherwise the objects around one claim.
    pub complete: bool,
}

/// The most objects the page's cluster graph draws: past this it draws the followed claim's
/// neighbourhood (the layout of 300 boxes takes a few milliseconds; thousands take seconds).
pub const MAX_DRAWN_OBJECTS: usize = 300;

/// Ranks run left to right: pods, then claims (with the classes and Nodes they lead to),
/// then volumes. Hundreds of objects then make tall columns that scroll with the page; gaps
/// are tighter than the flowchart's because the labels are one line.
pub fn cluster_layout_options() -> LayoutOptions {
    LayoutOptions {
        direction: Direction::LeftToRight,
        node_gap: 10.0,
        edge_gap: 6.0,
        rank_gap: 70.0,
        port_spacing: 6.0,
        ..LayoutOptions::default()
    }
}

/// Above this many pods the "runs on" edges are written into the pods' labels instead of
/// drawn: a handful of Nodes each fed by dozens of pods makes a bus of long edges that hides
/// the mounts (seen at 200 objects); the text keeps the fact, the drawing stays readable.
pub const MAX_PODS_WITH_NODE_EDGES: usize = 30;

/// One object's node: kind in bold, then name and status.
fn object_node(id: String, kind: &str, name: &str, status: &str, class: NodeClass) -> Node {
    let text = if status.is_empty() {
        format!(" {name}")
    } else {
        format!(" {name} · {status}")
    };
    Node {
        id,
        label: Label {
            lines: vec![Line {
                spans: vec![
                    Span {
                        text: kind.to_owned(),
                        bold: true,
                    },
                    Span { text, bold: false },
                ],
            }],
        },
        shape: Shape::Rounded,
        class,
        group: None,
    }
}

/// The colour class of a kubectl status: the text says it too.
fn status_class(status: &str) -> NodeClass {
    match status {
        "Bound" | "Running" | "Completed" => NodeClass::Settled,
        "Pending" | "ContainerCreating" => NodeClass::Waiting,
        "Available" => NodeClass::Free,
        "Released" | "Terminating" => NodeClass::Leaving,
        "Failed" | "Lost" | "Error" => NodeClass::Broken,
        _ => NodeClass::Plain,
    }
}

/// `namespace/name` for a name the object does not hold itself (a pod's claim, in the pod's
/// namespace).
fn ns_name(namespace: Option<&str>, name: &str) -> String {
    format!("{}/{name}", namespace.unwrap_or("default"))
}

/// The cluster graph of `cluster`.
pub fn cluster_graph(cluster: &Cluster) -> ClusterGraph {
    build(
        cluster,
        Drawn {
            stateful_sets: cluster.stateful_sets().collect(),
            deployments: cluster.deployments().collect(),
            pods: cluster.pods().collect(),
            claims: cluster.claims().collect(),
            volumes: cluster.volumes().collect(),
            classes: cluster.classes().collect(),
            nodes: cluster.nodes().collect(),
        },
    )
}

/// The objects a graph draws, each kind in the order nodes are listed.
struct Drawn<'a> {
    stateful_sets: Vec<&'a StatefulSet>,
    deployments: Vec<&'a Deployment>,
    pods: Vec<&'a Pod>,
    claims: Vec<&'a PersistentVolumeClaim>,
    volumes: Vec<&'a PersistentVolume>,
    classes: Vec<&'a StorageClass>,
    nodes: Vec<&'a pv_engine::objects::Node>,
}

/// The whole graph up to [`MAX_DRAWN_OBJECTS`] objects; past that, the objects around
/// `claim` (`ns/name`): the claim, its volume, the pods that mount it, and the classes and
/// Nodes (when they are few). What it costs grows with what it draws, apart from one count
/// of the statuses for the description.
pub fn cluster_graph_around(cluster: &Cluster, claim: Option<&str>) -> ClusterGraph {
    if cluster.object_count() <= MAX_DRAWN_OBJECTS {
        return cluster_graph(cluster);
    }
    let mut drawn = Drawn {
        stateful_sets: Vec::new(),
        deployments: Vec::new(),
        pods: Vec::new(),
        claims: Vec::new(),
        volumes: Vec::new(),
        classes: cluster.classes().collect(),
        nodes: cluster.nodes().collect(),
    };
    if drawn.classes.len() + drawn.nodes.len() > MAX_DRAWN_OBJECTS / 2 {
        drawn.classes.clear();
        drawn.nodes.clear();
    }
    let followed = claim
        .and_then(|c| c.split_once('/'))
        .and_then(|(ns, name)| cluster.claim(ns, name));
    if let Some(claim) = followed {
        drawn.claims.push(claim);
        if let Some((set, _, _)) = claim_origin(cluster, claim) {
            drawn.stateful_sets.push(set);
        }
        drawn
            .volumes
            .extend(cluster.volume(&claim.spec.volume_name));
        let namespace = claim.metadata.namespace.as_deref().unwrap_or("default");
        drawn.pods = cluster
            .pods()
            .filter(|pod| {
                pod.metadata.namespace.as_deref().unwrap_or("default") == namespace
                    && pod.spec.claim_names().any(|c| c == claim.metadata.name)
            })
            .take(MAX_DRAWN_OBJECTS / 2)
            .collect();
    }
    build(cluster, drawn)
}

/// The graph of the `drawn` objects; the description counts every object of the cluster.
fn build(cluster: &Cluster, drawn: Drawn<'_>) -> ClusterGraph {
    let mut graph = Graph::default();
    let mut claims = Vec::new();
    // Node id → (index, "Kind name") for the edges and their sentences.
    let mut index: HashMap<String, (usize, String)> = HashMap::new();
    let mut add = |graph: &mut Graph, node: Node, claim: Option<String>| {
        let spans = node.label.lines.first().map(|l| l.spans.as_slice());
        let words = match spans {
            Some([kind, rest, ..]) => {
                let name = rest.text.split(" · ").next().unwrap_or("");
                format!("{}{name}", kind.text)
            }
            _ => node.label.plain(),
        };
        index.insert(node.id.clone(), (graph.nodes.len(), words));
        graph.nodes.push(node);
        claims.push(claim);
    };
    // Workloads: ready replicas over the desired count.
    let ready = |ready: i32, wanted: i32| {
        let class = if ready == wanted {
            NodeClass::Settled
        } else {
            NodeClass::Waiting
        };
        (format!("{ready}/{wanted} ready"), class)
    };
    for set in &drawn.stateful_sets {
        let key = set.metadata.namespaced_name();
        let (status, class) = ready(set.status.ready_replicas, set.spec.replica_count());
        let node = object_node(format!("sts:{key}"), "StatefulSet", &key, &status, class);
        add(&mut graph, node, None);
    }
    for deployment in &drawn.deployments {
        let key = deployment.metadata.namespaced_name();
        let (status, class) = ready(
            deployment.status.ready_replicas,
            deployment.spec.replica_count(),
        );
        let node = object_node(format!("deploy:{key}"), "Deployment", &key, &status, class);
        add(&mut graph, node, None);
    }
    let node_edges = cluster.count_of(Kind::Pod) <= MAX_PODS_WITH_NODE_EDGES;
    for pod in &drawn.pods {
        let key = pod.metadata.namespaced_name();
        let status = pod_status(pod);
        let class = status_class(&status);
        let shown = match pod.spec.node_name.as_str() {
            node if !node_edges && !node.is_empty() => format!("{status} on {node}"),
            _ => status,
        };
        let id = format!("pod:{key}");
        add(
            &mut graph,
            object_node(id, "Pod", &key, &shown, class),
            None,
        );
    }
    for claim in &drawn.claims {
        let key = claim.metadata.namespaced_name();
        let status = claim_status(claim);
        let class = status_class(&status);
        let node = object_node(format!("pvc:{key}"), "PVC", &key, &status, class);
        add(&mut graph, node, Some(key));
    }
    for pv in &drawn.volumes {
        let status = volume_status(pv);
        let class = status_class(&status);
        let id = format!("pv:{}", pv.metadata.name);
        add(
            &mut graph,
            object_node(id, "PV", &pv.metadata.name, &status, class),
            None,
        );
    }
    for class in &drawn.classes {
        let node = object_node(
            format!("sc:{}", class.metadata.name),
            "StorageClass",
            &class.metadata.name,
            &class.provisioner,
            NodeClass::Plain,
        );
        add(&mut graph, node, None);
    }
    let mut pods_on: BTreeMap<&str, usize> = BTreeMap::new();
    for pod in cluster.pods() {
        *pods_on.entry(pod.spec.node_name.as_str()).or_default() += 1;
    }
    for node in &drawn.nodes {
        let name = &node.metadata.name;
        let pods = match pods_on.get(name.as_str()).copied().unwrap_or(0) {
            1 => "1 pod".to_owned(),
            n => format!("{n} pods"),
        };
        let id = format!("node:{name}");
        add(
            &mut graph,
            object_node(id, "Node", name, &pods, NodeClass::Plain),
            None,
        );
    }

    // References, each as an edge and a sentence of the description.
    let mut sentences = Vec::new();
    let mut link = |graph: &mut Graph, from: &str, to: &str, verb: &str| {
        let (Some((a, a_words)), Some((b, b_words))) = (index.get(from), index.get(to)) else {
            return;
        };
        let (a, b) = (*a, *b);
        graph.edges.push(Edge {
            from: a,
            to: b,
            label: None,
        });
        sentences.push(format!("{a_words} {verb} {b_words}."));
    };
    for pod in &drawn.pods {
        let namespace = pod.metadata.namespace.as_deref();
        let key = pod.metadata.namespaced_name();
        if let Some(owner) = workload_of(cluster, &pod.metadata) {
            link(&mut graph, &owner, &format!("pod:{key}"), "runs");
        }
        for claim in pod.spec.claim_names() {
            let to = format!("pvc:{}", ns_name(namespace, claim));
            link(&mut graph, &format!("pod:{key}"), &to, "mounts");
        }
        if !pod.spec.node_name.is_empty() && node_edges {
            let to = format!("node:{}", pod.spec.node_name);
            link(&mut graph, &format!("pod:{key}"), &to, "runs on");
        }
    }
    for claim in &drawn.claims {
        let key = claim.metadata.namespaced_name();
        if let Some((set, _, _)) = claim_origin(cluster, claim) {
            let from = format!("sts:{}", set.metadata.namespaced_name());
            link(&mut graph, &from, &format!("pvc:{key}"), "made");
        }
        if claim.spec.volume_name.is_empty() {
            continue;
        }
        let to = format!("pv:{}", claim.spec.volume_name);
        link(&mut graph, &format!("pvc:{key}"), &to, "is bound to");
    }
    for pv in &drawn.volumes {
        // Only volumes a provisioner made: a hand-made volume merely names its class.
        if pv.metadata.annotation(ann::PROVISIONED_BY).is_none() {
            continue;
        }
        let from = format!("sc:{}", volume_class(pv));
        link(
            &mut graph,
            &from,
            &format!("pv:{}", pv.metadata.name),
            "provisioned",
        );
    }

    let counts = statuses(cluster);
    let summary = counts
        .iter()
        .map(|(kind, by_status)| {
            let total: usize = by_status.values().sum();
            let plural = match (*kind, total) {
                (_, 1) => (*kind).to_owned(),
                ("class", _) => "classes".to_owned(),
                ("StatefulSet" | "Deployment", _) => format!("{kind}s"),
                _ => format!("{kind}s"),
            };
            let statuses: Vec<String> = by_status
                .iter()
                .filter(|(status, _)| !status.is_empty())
                .map(|(status, n)| format!("{n} {status}"))
                .collect();
            if statuses.is_empty() {
                format!("{total} {plural}")
            } else {
                format!("{total} {plural} ({})", statuses.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let objects = cluster.object_count();
    // ReplicaSets are never drawn (their Deployment stands for them).
    let complete = graph.nodes.len() == objects - cluster.count_of(Kind::ReplicaSet);
    let description = if objects == 0 {
        "The cluster holds no object.".to_owned()
    } else {
        let drawn = if complete {
            String::new()
        } else {
            format!(
                "The graph shows {} of them, around the claim followed. ",
                graph.nodes.len()
            )
        };
        format!(
            "The cluster holds {summary}. {drawn}{}",
            sentences.join(" ")
        )
        .trim_end()
        .to_owned()
    };
    ClusterGraph {
        graph,
        claims,
        description,
        objects,
        complete,
    }
}

/// Every object counted by kind and kubectl status, for the description.
fn statuses(cluster: &Cluster) -> Vec<(&'static str, BTreeMap<String, usize>)> {
    fn tally(statuses: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
        let mut by_status = BTreeMap::new();
        for status in statuses {
            *by_status.entry(status).or_default() += 1;
        }
        by_status
    }
    let counts = [
        (
            "StatefulSet",
            tally(cluster.stateful_sets().map(|_| String::new())),
        ),
        (
            "Deployment",
            tally(cluster.deployments().map(|_| String::new())),
        ),
        ("pod", tally(cluster.pods().map(pod_status))),
        ("claim", tally(cluster.claims().map(claim_status))),
        ("volume", tally(cluster.volumes().map(volume_status))),
        ("class", tally(cluster.classes().map(|_| String::new()))),
        ("node", tally(cluster.nodes().map(|_| String::new()))),
    ];
    counts.into_iter().filter(|(_, c)| !c.is_empty()).collect()
}

/// The drawn workload that runs a pod: its StatefulSet, or the Deployment of its ReplicaSet,
/// by controller references that point at live objects.
fn workload_of(cluster: &Cluster, pod: &ObjectMeta) -> Option<String> {
    let namespace = pod.namespace.as_deref().unwrap_or("default");
    let owner = pod.controller()?;
    match Kind::parse(&owner.kind)? {
        Kind::StatefulSet => cluster
            .stateful_set(namespace, &owner.name)
            .filter(|s| s.metadata.uid == owner.uid)
            .map(|s| format!("sts:{}", s.metadata.namespaced_name())),
        Kind::ReplicaSet => {
            let set = cluster
                .replica_sets()
                .find(|r| r.metadata.uid == owner.uid)?;
            let deployment = set.metadata.controller()?;
            cluster
                .deployments()
                .find(|d| d.metadata.uid == deployment.uid)
                .map(|d| format!("deploy:{}", d.metadata.namespaced_name()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pv_engine::demo::demo_cluster;

    fn settled_demo() -> Cluster {
        let mut cluster = demo_cluster();
        cluster.settle();
        cluster
    }

    fn labels(g: &ClusterGraph) -> Vec<String> {
        g.graph.nodes.iter().map(|n| n.label.plain()).collect()
    }

    #[test]
    fn a_large_cluster_draws_the_objects_around_the_followed_claim() {
        let cluster = pv_engine::generate::workload_cluster(1000, 4);
        assert!(cluster.object_count() > MAX_DRAWN_OBJECTS);
        let claim = cluster
            .claims()
            .find(|c| !c.spec.volume_name.is_empty())
            .expect("a bound claim");
        let key = claim.metadata.namespaced_name();
        let g = cluster_graph_around(&cluster, Some(&key));
        assert!(!g.complete && g.objects == cluster.object_count());
        assert!(g.graph.nodes.len() <= MAX_DRAWN_OBJECTS);
        let ids: Vec<&str> = g.graph.nodes.iter().map(|n| n.id.as_str()).collect();
        assert!(ids.contains(&format!("pvc:{key}").as_str()), "{ids:?}");
        assert!(ids.contains(&format!("pv:{}", claim.spec.volume_name).as_str()));
        let pods = cluster
            .pods()
            .filter(|p| p.spec.claim_names().any(|c| c == claim.metadata.name))
            .count();
        assert!(pods > 0);
        assert_eq!(ids.iter().filter(|id| id.starts_with("pod:")).count(), pods);
        assert!(
            g.description.contains("The graph shows"),
            "{}",
            g.description
        );
        assert!(
            !g.graph.edges.is_empty(),
            "the claim's references are drawn"
        );
        // A small cluster is drawn whole, whatever the claim.
        let small = settled_demo();
        assert!(cluster_graph_around(&small, None).complete);
        assert_eq!(cluster_graph_around(&small, None), cluster_graph(&small));
    }

    #[test]
    fn every_demo_object_is_a_node_with_its_status_in_words() {
        let cluster = settled_demo();
        let g = cluster_graph(&cluster);
        let provisioned = cluster
            .volumes()
            .find(|v| v.metadata.name.starts_with("pvc-"))
            .map(|v| v.metadata.name.clone())
            .expect("the demo provisions a volume for shop/cache");
        let expected = [
            "Pod shop/web-0 · Running".to_owned(),
            "PVC shop/archive · Pending".into(),
            "PVC shop/cache · Bound".into(),
            "PVC shop/db-data · Bound".into(),
            "PVC shop/reports · Pending".into(),
            format!("PV {provisioned} · Bound"),
            "PV pv-db · Bound".into(),
            "PV pv-shared · Available".into(),
            "PV pv-small · Available".into(),
            "StorageClass fast · ebs.csi.aws.com".into(),
            "Node node-a · 1 pod".into(),
        ];
        let mut got = labels(&g);
        // Volumes come by name; the provisioned one's uid-based name sorts among them.
        got.sort();
        let mut want = expected.to_vec();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(g.graph.nodes[0].class, NodeClass::Settled);
        let pending = g.graph.node_index("pvc:shop/archive").unwrap();
        assert_eq!(g.graph.nodes[pending].class, NodeClass::Waiting);
        let free = g.graph.node_index("pv:pv-small").unwrap();
        assert_eq!(g.graph.nodes[free].class, NodeClass::Free);
    }

    #[test]
    fn demo_edges_are_the_storage_references() {
        let cluster = settled_demo();
        let g = cluster_graph(&cluster);
        let provisioned = cluster
            .volumes()
            .find(|v| v.metadata.name.starts_with("pvc-"))
            .map(|v| v.metadata.name.clone())
            .unwrap();
        let mut edges: Vec<String> = g.graph.edges.iter().map(|e| g.graph.edge_id(e)).collect();
        edges.sort();
        let mut want = vec![
            "pod:shop/web-0-pvc:shop/db-data".to_owned(),
            "pod:shop/web-0-node:node-a".into(),
            "pvc:shop/db-data-pv:pv-db".into(),
            format!("pvc:shop/cache-pv:{provisioned}"),
            format!("sc:fast-pv:{provisioned}"),
        ];
        want.sort();
        assert_eq!(edges, want);
        assert!(g
            .description
            .contains("Pod shop/web-0 mounts PVC shop/db-data."));
        assert!(g.description.starts_with(
            "The cluster holds 1 pod (1 Running), 4 claims (2 Bound, 2 Pending), 4 volumes \
             (2 Available, 2 Bound), 1 class, 1 node."
        ));
    }

    #[test]
    fn only_claim_nodes_select_a_claim() {
        let g = cluster_graph(&settled_demo());
        for (node, claim) in g.graph.nodes.iter().zip(&g.claims) {
            match node.id.strip_prefix("pvc:") {
                Some(key) => assert_eq!(claim.as_deref(), Some(key)),
                None => assert_eq!(claim, &None, "{} selects nothing", node.id),
            }
        }
    }

    #[test]
    fn before_any_controller_runs_everything_waits() {
        let g = cluster_graph(&demo_cluster());
        let pod = &g.graph.nodes[g.graph.node_index("pod:shop/web-0").unwrap()];
        assert_eq!(pod.label.plain(), "Pod shop/web-0 · Pending");
        // Nothing is bound or scheduled yet: no edge but the pod's mount.
        assert_eq!(g.graph.edges.len(), 1);
    }

    #[test]
    fn an_empty_cluster_says_so() {
        let g = cluster_graph(&Cluster::new());
        assert!(g.graph.nodes.is_empty());
        assert_eq!(g.description, "The cluster holds no object.");
    }

    #[test]
    fn a_statefulset_runs_its_pods_and_made_its_claims() {
        let mut cluster = Cluster::new();
        let manifests = crate::manifest::parse(&format!(
            "{}{}",
            pv_fixtures::manifests::FAST_CLASS_AND_NODE,
            pv_fixtures::manifests::web_stateful_set("shop", 1, "{}", Some("fast"))
        ));
        for object in manifests.into_objects() {
            cluster.create(object).expect("valid");
        }
        cluster.settle();
        let g = cluster_graph(&cluster);
        let edges: Vec<String> = g.graph.edges.iter().map(|e| g.graph.edge_id(e)).collect();
        assert!(
            edges.contains(&"sts:shop/web-pod:shop/web-0".to_owned()),
            "{edges:?}"
        );
        assert!(
            edges.contains(&"sts:shop/web-pvc:shop/www-web-0".to_owned()),
            "{edges:?}"
        );
        assert!(edges.contains(&"pod:shop/web-0-pvc:shop/www-web-0".to_owned()));
        assert_eq!(
            g.graph.nodes[0].label.plain(),
            "StatefulSet shop/web · 1/1 ready"
        );
        assert!(g
            .description
            .contains("StatefulSet shop/web made PVC shop/www-web-0."));
        assert!(g
            .description
            .starts_with("The cluster holds 1 StatefulSet, 1 pod (1 Running)"));
    }
}
