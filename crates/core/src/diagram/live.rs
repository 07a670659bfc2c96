//! The seed flowchart made live for one claim: node labels carry the claim's real values (a
//! claim a StatefulSet made names its set, template and ordinal), the nodes and edges on the
//! path the engine took are marked, and a blocked path says where it stopped and why. Pure: it reads an explanation and the cluster, and returns data to draw.

use super::flowchart::{ids, seed_flowchart};
use super::graph::{Graph, Label, Line, Span};
use pv_engine::classes::claim_class;
use pv_engine::explain::{selector_text, Blocked, ClaimExplanation, Requirement, Route, Stop};
use pv_engine::objects::AccessModes;
use pv_engine::statefulset::claim_origin;
use pv_engine::Cluster;
use std::collections::BTreeSet;

/// What the flowchart shows for one claim.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveFlowchart {
    /// The seed's graph with the claim's values in its labels (same node and edge ids).
    pub graph: Graph,
    /// The path to mark on it.
    pub path: Path,
}

/// The path a claim took through the flowchart, as the drawing marks it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    /// Node ids on the path the engine took (`data-taken="true"`).
    pub nodes: BTreeSet<&'static str>,
    /// Edge ids (`from-to`) on that path.
    pub edges: BTreeSet<String>,
    /// Where a blocked path stopped, and why (Kubernetes' own words).
    pub blocked: Option<(&'static str, String)>,
    /// The path in words, for the drawing's text description.
    pub summary: String,
    /// The claim is blocked because no volume meets some of its requirements: the
    /// requirements box is marked, and its failing lines start with "✗" (otherwise the box
    /// stays neutral: its requirements are met, or the claim waits for something else).
    pub unmet: bool,
}

/// The live flowchart of the claim `explanation` explains.
pub fn live_flowchart(cluster: &Cluster, explanation: &ClaimExplanation) -> LiveFlowchart {
    use ids::*;
    let (namespace, name) = explanation
        .claim
        .split_once('/')
        .unwrap_or(("default", &explanation.claim));
    let claim = cluster.claim(namespace, name);
    let mut graph = seed_flowchart();
    let mut set_label = |id: &str, lines: Vec<Line>| {
        if let Some(i) = graph.node_index(id) {
            graph.nodes[i].label = Label { lines };
        }
    };
    // kubectl shows a deleted claim that protection still holds as Terminating.
    let terminating = claim.is_some_and(|c| c.metadata.is_being_deleted());
    let status = if terminating {
        "Terminating".to_owned()
    } else {
        explanation.phase.to_string()
    };
    let mut claim_lines = vec![
        bold_line("Claim", ""),
        plain(&format!("{} · {status}", explanation.claim)),
    ];
    // A claim a StatefulSet made says which set, template and ordinal (§17.3).
    if let Some((set, template, ordinal)) = claim.and_then(|c| claim_origin(cluster, c)) {
        claim_lines.push(plain(&format!(
            "StatefulSet {} · {template} · ordinal {ordinal}",
            set.metadata.name
        )));
    }
    set_label(CLAIM, claim_lines);
    let mut unmet_requirements = false;
    if let Some(claim) = claim {
        let modes = AccessModes::from_strings(&claim.spec.access_modes).short_string();
        let size = claim
            .spec
            .request()
            .map(ToString::to_string)
            .unwrap_or_else(|| "none".into());
        let labels = claim
            .spec
            .selector
            .as_ref()
            .map(selector_text)
            .filter(|s| !s.is_empty());
        let class = match claim_class(claim) {
            None => "(unset)".to_owned(),
            Some("") => "\"\"".to_owned(),
            Some(c) => c.to_owned(),
        };
        // Blocked with no volume (or the one it names) meeting what it asks: the rules the
        // volumes failed first are the requirements to mark.
        let stuck_on_requirements = matches!(
            explanation.route,
            Route::Blocked {
                at: Stop::Decision | Stop::StaticProvisioning,
                ..
            }
        );
        let unmet: BTreeSet<Requirement> = explanation
            .volumes
            .iter()
            .filter(|_| stuck_on_requirements)
            .filter_map(|v| v.unmet)
            .collect();
        let line = |requirement: Requirement, text: String| {
            if unmet.contains(&requirement) {
                bold_line(&format!("✗ {text}"), "")
            } else {
                plain(&text)
            }
        };
        set_label(
            REQUIREMENTS,
            vec![
                line(Requirement::AccessModes, format!("access modes: {modes}")),
                line(Requirement::Size, format!("(storage) size: {size}")),
                line(
                    Requirement::Labels,
                    format!("labels: {}", labels.as_deref().unwrap_or("any")),
                ),
                line(
                    Requirement::StorageClass,
                    format!("storageClassName: {class}"),
                ),
            ],
        );
        unmet_requirements = !unmet.is_empty();
    }
    let mut nodes: BTreeSet<&'static str> = BTreeSet::from([CLAIM, REQUIREMENTS]);
    let mut edges: Vec<(&'static str, &'static str)> = vec![(CLAIM, REQUIREMENTS)];
    let reaches_decision = !matches!(
        &explanation.route,
        Route::Blocked {
            at: Stop::Claim,
            ..
        }
    );
    if reaches_decision {
        nodes.insert(DECISION);
        edges.push((CLAIM, DECISION));
    }
    let mut blocked = None;
    let summary;
    match &explanation.route {
        Route::Static { volume, pending } => {
            nodes.extend([STATIC, VOLUME]);
            edges.extend([(DECISION, STATIC), (STATIC, VOLUME), (VOLUME, REQUIREMENTS)]);
            set_label(
                DECISION,
                vec![plain("Suitable Volume Exists?"), bold_line("Yes", "")],
            );
            set_label(
                STATIC,
                vec![
                    plain("Static Provisioning"),
                    plain(if *pending { "binding…" } else { "bound" }),
                ],
            );
            set_label(VOLUME, volume_lines(cluster, volume));
            summary = format!(
                "{} → a suitable volume exists → static provisioning → {volume}.",
                explanation.claim
            );
        }
        Route::Dynamic {
            class,
            provisioner,
            volume,
            pending,
        } => {
            nodes.extend([DYNAMIC, STORAGE_CLASS]);
            edges.extend([(DECISION, DYNAMIC), (DYNAMIC, STORAGE_CLASS)]);
            set_label(
                DECISION,
                vec![plain("Suitable Volume Exists?"), bold_line("No", "")],
            );
            let progress = match (volume, pending) {
                (None, _) => "waiting for the volume",
                (Some(_), true) => "binding…",
                (Some(_), false) => "bound",
            };
            set_label(
                DYNAMIC,
                vec![
                    plain("Dynamic Provisioning"),
                    plain(provisioner),
                    plain(progress),
                ],
            );
            set_label(
                STORAGE_CLASS,
                vec![bold_line("StorageClass", ""), plain(class)],
            );
            summary = match volume {
                Some(volume) => {
                    nodes.insert(VOLUME);
                    edges.extend([(STORAGE_CLASS, VOLUME), (VOLUME, REQUIREMENTS)]);
                    set_label(VOLUME, volume_lines(cluster, volume));
                    let state = if *pending { "provisioned, binding" } else { "bound" };
                    format!("{} → no suitable volume → dynamic provisioning by {provisioner} (class {class}) → {volume} ({state}).", explanation.claim)
                }
                None => format!("{} → no suitable volume → dynamic provisioning by {provisioner} (class {class}), waiting for the volume.", explanation.claim),
            };
        }
        Route::Blocked {
            at,
            message,
            reason,
        } => {
            let stop: &'static str = match *at {
                Stop::StaticProvisioning => STATIC,
                Stop::DynamicProvisioning => DYNAMIC,
                Stop::StorageClass => STORAGE_CLASS,
                Stop::Claim => CLAIM,
                Stop::Decision => DECISION,
            };
            let path: &[(&'static str, &'static str)] = match stop {
                STATIC => &[(DECISION, STATIC)],
                DYNAMIC => &[(DECISION, DYNAMIC)],
                STORAGE_CLASS => &[(DECISION, DYNAMIC), (DYNAMIC, STORAGE_CLASS)],
                _ => &[],
            };
            for &(from, to) in path {
                nodes.extend([from, to]);
                edges.push((from, to));
            }
            if reaches_decision {
                // A claim naming its volume goes the static way; any other block is a "No".
                let answer = if stop == STATIC { "Yes" } else { "No" };
                set_label(
                    DECISION,
                    vec![plain("Suitable Volume Exists?"), bold_line(answer, "")],
                );
            }
            if stop == STORAGE_CLASS {
                let class = claim.and_then(claim_class).unwrap_or_default();
                set_label(
                    STORAGE_CLASS,
                    vec![bold_line("StorageClass", ""), plain(class)],
                );
            }
            summary = format!("{} is blocked at {stop}: {message}", explanation.claim);
            blocked = Some((stop, message.clone()));
            // The box where the route stops says why in a few words; the full message is in
            // `blocked` for the text beside the drawing.
            if let Some(i) = graph.node_index(stop) {
                graph.nodes[i]
                    .label
                    .lines
                    .push(bold_line("blocked: ", short_reason(*reason)));
            }
        }
        Route::Lost {
            volume,
            message,
            provisioned_from,
        } => {
            // Lost on the route it had taken: the volume was provisioned for it, or bound.
            match provisioned_from {
                Some(class) => {
                    nodes.extend([DYNAMIC, STORAGE_CLASS, VOLUME]);
                    edges.extend([
                        (DECISION, DYNAMIC),
                        (DYNAMIC, STORAGE_CLASS),
                        (STORAGE_CLASS, VOLUME),
                    ]);
                    set_label(
                        DECISION,
                        vec![plain("Suitable Volume Exists?"), bold_line("No", "")],
                    );
                    set_label(
                        STORAGE_CLASS,
                        vec![bold_line("StorageClass", ""), plain(class)],
                    );
                }
                None => {
                    nodes.extend([STATIC, VOLUME]);
                    edges.extend([(DECISION, STATIC), (STATIC, VOLUME)]);
                    set_label(
                        DECISION,
                        vec![plain("Suitable Volume Exists?"), bold_line("Yes", "")],
                    );
                }
            }
            set_label(
                VOLUME,
                vec![bold_line("Volume", ""), plain(&format!("{volume} (lost)"))],
            );
            summary = format!("{} lost its volume {volume}: {message}", explanation.claim);
            blocked = Some((VOLUME, message.clone()));
        }
    }
    // The Pod box names the pods that mount the claim (the seed draws the claim inside its pod).
    if let Some(group) = graph.groups.iter_mut().find(|g| g.id == "pod") {
        group.title = pods_title(namespace, &explanation.pods);
    }
    let taken_edges = edges
        .iter()
        .filter_map(|&(from, to)| {
            let edge = graph
                .edges
                .iter()
                .find(|e| graph.nodes[e.from].id == from && graph.nodes[e.to].id == to)?;
            Some(graph.edge_id(edge))
        })
        .collect();
    LiveFlowchart {
        graph,
        path: Path {
            nodes,
            edges: taken_edges,
            blocked,
            summary,
            unmet: unmet_requirements,
        },
    }
}

/// The Pod box's title: the pods that mount the claim, by name within the claim's namespace
/// (at most three, then how many more), or that none does.
fn pods_title(namespace: &str, pods: &[pv_engine::explain::PodPlacement]) -> String {
    const SHOWN: usize = 3;
    let names: Vec<&str> = pods
        .iter()
        .map(|p| {
            p.pod
                .strip_prefix(namespace)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(&p.pod)
        })
        .collect();
    match names.len() {
        0 => "Pod (none uses this claim)".to_owned(),
        1 => format!("Pod {}", names[0]),
        n if n <= SHOWN => format!("Pods {}", names.join(", ")),
        n => format!("Pods {} +{}", names[..SHOWN].join(", "), n - SHOWN),
    }
}

/// A few words for a blocked box.
fn short_reason(reason: Blocked) -> &'static str {
    match reason {
        Blocked::NoClass => "no class, no volume",
        Blocked::NoSuchClass => "class not found",
        Blocked::WaitForFirstConsumer => "waits for a pod",
        Blocked::WaitForPodScheduled => "waits for its pod",
        Blocked::NoProvisioner => "no provisioner",
        Blocked::SelectorRefused => "selector refused",
        Blocked::VolumeMissing => "volume missing",
        Blocked::VolumeMismatch => "volume does not fit",
        Blocked::VolumeTaken => "volume taken",
        Blocked::Terminating => "being deleted",
    }
}

fn plain(text: &str) -> Line {
    Line {
        spans: vec![Span {
            text: text.to_owned(),
            bold: false,
        }],
    }
}

/// A line starting with bold text, then regular text.
fn bold_line(bold: &str, rest: &str) -> Line {
    let mut spans = vec![Span {
        text: bold.to_owned(),
        bold: true,
    }];
    if !rest.is_empty() {
        spans.push(Span {
            text: rest.to_owned(),
            bold: false,
        });
    }
    Line { spans }
}

/// The volume box: its name, capacity and modes as the engine has them, and `Terminating`
/// (kubectl's word) when it was deleted and pv-protection still holds it.
fn volume_lines(cluster: &Cluster, name: &str) -> Vec<Line> {
    let detail = cluster
        .volume(name)
        .map(|pv| {
            let size = pv
                .spec
                .storage()
                .map(ToString::to_string)
                .unwrap_or_default();
            let modes = AccessModes::from_strings(&pv.spec.access_modes).short_string();
            if pv.metadata.is_being_deleted() {
                format!("{size} · {modes} · Terminating")
            } else {
                format!("{size} · {modes}")
            }
        })
        .unwrap_or_default();
    vec![bold_line("Volume", " (PV)"), plain(name), plain(&detail)]
}
