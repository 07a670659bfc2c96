//! The cluster graph: every object of a cluster as a node with its kind, name and kubectl
//! status in words (`PVC shop/db-data · Bound`), coloured by that status, and an edge for
//! each reference that matters for storage: a StatefulSet or Deployment runs its pods (a
//! Deployment through its ReplicaSets, which are not drawn) and a StatefulSet made its claims
//! from its templates, a pod mounts its claims and runs on its node, a claim is bound to its
//! volume, a class provisioned a volume. Pure: the view draws it.

use super::graph::{Edge, Graph, Label, Line, Node, NodeClass, Shape, Span};
use super::layout::{Direction, LayoutOptions};
use crate::manifest::tables::{claim_status, pod_status, volume_status};
use pv_engine::annotations as ann;
use pv_engine::classes::volume_class;
use pv_engine::objects::{Kind, ObjectMeta};
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
}

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
    let mut graph = Graph::default();
    let mut claims = Vec::new();
    // Node id → (index, "Kind name") for the edges and their sentences.
    let mut index: HashMap<String, (usize, String)> = HashMap::new();
    let mut counts: Vec<(&str, BTreeMap<String, usize>)> = Vec::new();
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
    let mut tally = |kind: &'static str, status: &str| {
        if counts.last().is_none_or(|(k, _)| *k != kind) {
            counts.push((kind, BTreeMap::new()));
        }
        if let Some((_, by_status)) = counts.last_mut() {
            *by_status.entry(status.to_owned()).or_default() += 1;
        }
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
    for set in cluster.stateful_sets() {
        let key = set.metadata.namespaced_name();
        let (status, class) = ready(set.status.ready_replicas, set.spec.replica_count());
        tally("StatefulSet", "");
        let node = object_node(format!("sts:{key}"), "StatefulSet", &key, &status, class);
        add(&mut graph, node, None);
    }
    for deployment in cluster.deployments() {
        let key = deployment.metadata.namespaced_name();
        let (status, class) = ready(
            deployment.status.ready_replicas,
            deployment.spec.replica_count(),
        );
        tally("Deployment", "");
        let node = object_node(format!("deploy:{key}"), "Deployment", &key, &status, class);
        add(&mut graph, node, None);
    }
    let node_edges = cluster.pods().count() <= MAX_PODS_WITH_NODE_EDGES;
    for pod in cluster.pods() {
        let key = pod.metadata.namespaced_name();
        let status = pod_status(pod);
        tally("pod", &status);
        let class = status_class(&status);
        let shown = match pod.spec.node_name.as_str() {
            node if !node_edges && !node.is_empty() => format!("{status} on {node}"),
            _ => status,
        };
        add(
            &mut graph,
            object_node(format!("pod:{key}"), "Pod", &key, &shown, class),
            None,
        );
    }
    for claim in cluster.claims() {
        let key = claim.metadata.namespaced_name();
        let status = claim_status(claim);
        tally("claim", &status);
        let class = status_class(&status);
        let node = object_node(format!("pvc:{key}"), "PVC", &key, &status, class);
        add(&mut graph, node, Some(key));
    }
    for pv in cluster.volumes() {
        let status = volume_status(pv);
        tally("volume", &status);
        let class = status_class(&status);
        let node = object_node(
            format!("pv:{}", pv.metadata.name),
            "PV",
            &pv.metadata.name,
            &status,
            class,
        );
        add(&mut graph, node, None);
    }
    for class in cluster.classes() {
        tally("class", "");
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
    for node in cluster.nodes() {
        tally("node", "");
        let name = &node.metadata.name;
        let pods = match pods_on.get(name.as_str()).copied().unwrap_or(0) {
            1 => "1 pod".to_owned(),
            n => format!("{n} pods"),
        };
        let drawn = object_node(
            format!("node:{name}"),
            "Node",
            name,
            &pods,
            NodeClass::Plain,
        );
        add(&mut graph, drawn, None);
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
    for pod in cluster.pods() {
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
    for claim in cluster.claims() {
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
    for pv in cluster.volumes() {
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
    let description = if graph.nodes.is_empty() {
        "The cluster holds no object.".to_owned()
    } else {
        format!("The cluster holds {summary}. {}", sentences.join(" "))
            .trim_end()
            .to_owned()
    };
    ClusterGraph {
        graph,
        claims,
        description,
    }
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
