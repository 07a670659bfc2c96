//! Verdicts on pods that cannot start because of storage: the scheduler's PreFilter (a missing,
//! deleting or lost claim, ReadWriteOncePod in use, unbound Immediate claims) and Filter
//! (`volume node affinity`, no volume to bind) in its own words (`docs/kubernetes-rules.md`
//! §9.2, §12), and the attach/detach controller's Multi-Attach error on scheduled pods (§12).

use super::fix::{fresh_claim, fresh_pod, Fix, NewObject, Step, Workload};
use super::near_miss;
use super::remedy::{self, recreated_pod};
use super::verdict::{Finding, Severity, Verdict};
use super::{claim_key, pod_key, Context};
use pv_engine::matching::{node_affinity_matches, ClaimView};
use pv_engine::objects::{ClaimPhase, Labels, Node, PersistentVolumeClaim, Pod, PodCondition};
use pv_engine::protection::MultiAttach;
use pv_engine::scheduler::{
    PreFilterBlock, Unschedulable, MISSING_VOLUME, NO_VOLUME_TO_BIND, VOLUME_NODE_CONFLICT,
};

/// The label every node carries with its own name (`kubernetes.io/hostname`).
const HOSTNAME: &str = "kubernetes.io/hostname";

pub(super) fn verdicts(ctx: &Context, claims: &[Verdict]) -> Vec<Verdict> {
    let attach: std::collections::HashMap<(String, String), MultiAttach> = ctx
        .cluster
        .multi_attach_conflicts()
        .into_iter()
        .filter(|c| !c.refused.is_empty())
        .map(|c| (c.pod.clone(), c))
        .collect();
    let mut out = Vec::new();
    for pod in ctx.cluster.pods() {
        if pod.is_terminated()
            || pod.metadata.is_being_deleted()
            || pod.spec.claim_names().next().is_none()
        {
            continue;
        }
        let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
        let key = (namespace.to_owned(), pod.metadata.name.clone());
        if !pod.spec.node_name.is_empty() {
            out.extend(attach.get(&key).map(|c| multi_attach(ctx, pod, c)));
            continue;
        }
        if let Some(block) = ctx.cluster.prefilter_block(&key, pod) {
            out.extend(prefilter(ctx, pod, block, claims));
            continue;
        }
        if ctx.nodes.is_empty() {
            continue;
        }
        if let Err(Unschedulable::PerNode(reasons)) = ctx.cluster.find_placement(&key) {
            let said = scheduler_said(ctx, pod, &Unschedulable::PerNode(reasons.clone()));
            out.extend(
                per_node(ctx, pod, &reasons, said.message, claims).map(|mut verdict| {
                    verdict.evidence.extend(said.evidence);
                    verdict
                }),
            );
        }
    }
    out
}

/// The scheduler's message on a pod it cannot place, and where it comes from.
struct Said {
    message: String,
    /// Where the message comes from, when it is not the simulator's reading of the dump's
    /// nodes, or what the pod recorded beside it.
    evidence: Vec<String>,
}

/// The FailedScheduling message of a pod, and what the verdict says of it.
///
/// The rule, for what a user compares with `kubectl describe pod`: the simulator works the
/// message out from the dump's nodes (`0/N nodes are available: …` with N the dump's count)
/// only when the dump holds the nodes the cluster counted. When the dump holds no Node
/// (`kubectl get pv,pvc,sc,pods` leaves them out), or holds a different number of them than
/// the message the pod recorded counts (a dump of some nodes only, or nodes gone or added
/// since), a count worked out here would be made up or wrong; the pod's PodScheduled
/// condition carries the scheduler's own words for the whole cluster, so those are quoted,
/// and the evidence says that the counts are the ones the dump recorded. When the counts
/// agree but the words differ (the scheduler may say more than the simulator models, such as
/// taints or resources), the recorded words are kept as evidence beside the simulator's.
fn scheduler_said(ctx: &Context, pod: &Pod, why: &Unschedulable) -> Said {
    let nodes = ctx.nodes.len();
    let recorded = pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False" && !c.message.is_empty());
    if nodes == 0 {
        return match recorded {
            Some(c) => quoted(c, "the dump holds no Node".into()),
            // Without nodes and without the pod's own record the count is unknown: the
            // scheduler's reason alone, which holds for every node.
            None => Said {
                message: match why {
                    Unschedulable::Everywhere(reason) => reason.clone(),
                    other => other.message(0),
                },
                evidence: vec![
                    "The dump holds no Node and the pod records no PodScheduled message, so how many nodes the scheduler counted is not known: this reason holds for every node.".into(),
                ],
            },
        };
    }
    let computed = why.message(nodes);
    let counted = recorded.and_then(|c| recorded_node_count(&c.message));
    match recorded {
        Some(c) if counted.is_some_and(|n| n != nodes) => {
            let counted = counted.unwrap_or_default();
            let mut said = quoted(
                c,
                format!(
                    "it counts {counted} nodes and the dump holds {}",
                    super::plural(nodes, "node")
                ),
            );
            said.evidence.push(format!(
                "Worked out from the dump's {} alone, it would read: {computed}",
                super::plural(nodes, "node")
            ));
            said
        }
        Some(c) if c.message != computed => Said {
            message: computed,
            evidence: vec![format!(
                "The pod's PodScheduled condition recorded: {}",
                c.message
            )],
        },
        _ => Said {
            message: computed,
            evidence: Vec::new(),
        },
    }
}

/// The recorded words of a PodScheduled condition, and why they are quoted rather than
/// worked out (`because`).
fn quoted(condition: &PodCondition, because: String) -> Said {
    let reason = if condition.reason.is_empty() {
        String::new()
    } else {
        format!(" (reason {})", condition.reason)
    };
    Said {
        message: condition.message.clone(),
        evidence: vec![format!(
            "The message is the pod's PodScheduled condition{reason} as the dump recorded it: {because}, so its node counts are the cluster's at the time of the dump, not worked out by the simulator."
        )],
    }
}

/// N of a recorded `0/N nodes are available: …`.
fn recorded_node_count(message: &str) -> Option<usize> {
    let (count, _) = message
        .strip_prefix("0/")?
        .split_once(" nodes are available")?;
    count.parse().ok()
}

/// What a pod verdict says, before it is put on its pod.
struct Found {
    severity: Severity,
    finding: Finding,
    reason: &'static str,
    message: String,
    evidence: Vec<String>,
    fix: Option<Fix>,
}

fn pod_verdict(ctx: &Context, pod: &Pod, found: Found) -> Verdict {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    Verdict {
        subject: pod_key(namespace, &pod.metadata.name),
        severity: found.severity,
        finding: found.finding,
        reason: found.reason.into(),
        message: found.message,
        evidence: found.evidence,
        claim: None,
        near_misses: Vec::new(),
        fix: found.fix,
        age_seconds: ctx.age(&pod.metadata),
    }
}

/// The verdict on a claim of the pod, computed before the pods'.
fn claim_verdict<'v>(claims: &'v [Verdict], namespace: &str, claim: &str) -> Option<&'v Verdict> {
    let key = claim_key(namespace, claim);
    claims.iter().find(|v| v.subject == key)
}

fn prefilter(
    ctx: &Context,
    pod: &Pod,
    block: PreFilterBlock,
    claims: &[Verdict],
) -> Option<Verdict> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let said = scheduler_said(ctx, pod, &Unschedulable::Everywhere(block.message()));
    let verdict = |severity, finding, mut evidence: Vec<String>, fix| {
        evidence.extend(said.evidence.iter().cloned());
        pod_verdict(
            ctx,
            pod,
            Found {
                severity,
                finding,
                reason: "FailedScheduling",
                message: said.message.clone(),
                evidence,
                fix,
            },
        )
    };
    Some(match block {
        PreFilterBlock::ClaimNotFound { claim } => {
            let fix = create_missing_claim(ctx, pod, &claim);
            verdict(
                Severity::Stuck,
                Finding::PodClaimMissing {
                    claim: claim.clone(),
                },
                vec![format!(
                    "It mounts claim {claim}, and namespace {namespace} has no claim of that name."
                )],
                Some(fix),
            )
        }
        PreFilterBlock::ClaimDeleting { claim } => {
            let stored = ctx.cluster.claim(namespace, &claim)?;
            let holders: Vec<String> = ctx
                .cluster
                .claim_holders(namespace, &claim)
                .map(str::to_owned)
                .collect();
            let mut evidence = vec![format!(
                "Its claim {claim} is being deleted; a pod cannot start with a claim that is going away."
            )];
            if !holders.is_empty() {
                evidence.push(format!(
                    "pvc-protection keeps the claim while pod {} uses it.",
                    holders.join(", ")
                ));
            }
            let fix = claim_again(ctx, stored, &holders);
            verdict(
                Severity::Stuck,
                Finding::PodClaimDeleting { claim },
                evidence,
                Some(fix),
            )
        }
        PreFilterBlock::ClaimLost { claim, volume } => verdict(
            Severity::Stuck,
            Finding::PodClaimLost {
                claim: claim.clone(),
            },
            vec![format!(
                "Its claim {claim} is Lost: volume {volume:?} it was bound to is gone or belongs to another claim."
            )],
            claim_verdict(claims, namespace, &claim).and_then(|v| v.fix.clone()),
        ),
        PreFilterBlock::ReadWriteOncePodInUse { claim, holder } => {
            let mut notes = vec![
                "ReadWriteOncePod lets one pod in the whole cluster use the claim at a time.".to_owned(),
            ];
            if let Some(workload) = ctx
                .cluster
                .pod(namespace, &holder)
                .and_then(Workload::of_pod)
            {
                notes.push(format!(
                    "Pod {holder} belongs to {} {}, which makes it again: run one replica, or give each pod a claim of its own.",
                    workload.kind(),
                    workload.name()
                ));
            }
            let fix = Fix {
                summary: format!("Delete pod {holder}, which uses ReadWriteOncePod claim {claim}, so that this pod can have it."),
                notes,
                steps: vec![Step::Delete {
                    target: pod_key(namespace, &holder),
                }],
            };
            verdict(
                Severity::Stuck,
                Finding::PodReadWriteOncePodInUse {
                    claim: claim.clone(),
                    holder: holder.clone(),
                },
                vec![format!(
                    "Claim {claim} asks for ReadWriteOncePod, and pod {holder} already uses it."
                )],
                Some(fix),
            )
        }
        PreFilterBlock::UnboundImmediate { claims: names } => {
            let verdicts: Vec<&Verdict> = names
                .iter()
                .filter_map(|c| claim_verdict(claims, namespace, c))
                .collect();
            let severity = verdicts
                .iter()
                .map(|v| v.severity)
                .min()
                .unwrap_or(Severity::Waiting);
            let fix = verdicts.iter().find_map(|v| v.fix.clone());
            let mut evidence: Vec<String> = verdicts
                .iter()
                .map(|v| {
                    format!(
                        "Claim {} is Pending: {}",
                        v.subject.name,
                        if v.reason.is_empty() {
                            v.message.clone()
                        } else {
                            format!("{}: {}", v.reason, v.message)
                        }
                    )
                })
                .collect();
            evidence.push(
                "The scheduler leaves Immediate claims to the PV controller, and places the pod once they are bound.".into(),
            );
            verdict(
                severity,
                Finding::PodUnboundImmediate { claims: names },
                evidence,
                fix,
            )
        }
    })
}

/// A claim that is going away, made again once it has gone.
fn claim_again(ctx: &Context, claim: &PersistentVolumeClaim, holders: &[String]) -> Fix {
    let namespace = claim.metadata.namespace.as_deref().unwrap_or("default");
    let key = claim_key(namespace, &claim.metadata.name);
    let mut steps: Vec<Step> = holders
        .iter()
        .map(|pod| Step::Delete {
            target: pod_key(namespace, pod),
        })
        .collect();
    let others = claim
        .metadata
        .finalizers
        .iter()
        .any(|f| f != pv_engine::annotations::PVC_PROTECTION);
    if holders.is_empty() && others {
        steps.push(Step::Patch {
            target: key.clone(),
            patch: super::fix::Patch::RemoveFinalizers,
        });
    }
    steps.push(Step::WaitForDeletion { target: key });
    let mut fresh = fresh_claim(claim);
    fresh.spec.volume_name.clear();
    steps.push(Step::Create {
        object: NewObject::PersistentVolumeClaim(fresh),
    });
    let mut notes = vec![
        "A claim that is being deleted cannot be kept: once it has gone, create it again (it gets a new volume; the old one follows its reclaim policy).".to_owned(),
    ];
    if !holders.is_empty() {
        notes.push(format!(
            "Pod {} keeps it (pvc-protection) and goes first.",
            holders.join(", ")
        ));
    }
    let _ = ctx;
    Fix {
        summary: format!(
            "Let claim {} go, then create it again.",
            claim.metadata.namespaced_name()
        ),
        notes,
        steps,
    }
}

/// A claim for a pod that mounts one that does not exist: the template of a sibling pod's
/// claim for a StatefulSet's pod, else a claim of the class that provisions.
fn create_missing_claim(ctx: &Context, pod: &Pod, claim: &str) -> Fix {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let sibling = match Workload::of_pod(pod) {
        Some(Workload::StatefulSet(set)) => claim
            .strip_suffix(&format!("-{}", pod.metadata.name))
            .and_then(|template| sibling_claim(ctx, namespace, &set, template)),
        _ => None,
    };
    let (mut new, notes) = match sibling {
        Some(sibling) => {
            let note = format!(
                "Made like {}, its sibling's claim from the same StatefulSet template.",
                sibling.metadata.name
            );
            let mut new = fresh_claim(sibling);
            new.spec.volume_name.clear();
            (new, vec![note])
        }
        None => {
            let mut new = PersistentVolumeClaim::default();
            new.spec.access_modes = vec!["ReadWriteOnce".into()];
            new.spec.resources.requests.insert(
                pv_engine::objects::STORAGE.into(),
                "1Gi".parse().expect("a quantity"),
            );
            let class = ctx
                .provisioning_classes()
                .first()
                .map(|c| c.metadata.name.clone());
            let class_note = match &class {
                Some(c) => format!("class {c:?}, which provisions"),
                None => "no class".into(),
            };
            new.spec.storage_class_name = class;
            (
                new,
                vec![format!(
                    "The dump does not say what the claim should ask for: ReadWriteOnce, 1Gi and {class_note} are this fix's choice; set what the application needs."
                )],
            )
        }
    };
    new.metadata.name = claim.to_owned();
    new.metadata.namespace = Some(namespace.to_owned());
    Fix {
        summary: format!("Create claim {namespace}/{claim}, which the pod mounts."),
        notes,
        steps: vec![Step::Create {
            object: NewObject::PersistentVolumeClaim(new),
        }],
    }
}

/// Another pod of the StatefulSet whose claim from `template` exists.
fn sibling_claim<'a>(
    ctx: &Context<'a>,
    namespace: &str,
    set: &str,
    template: &str,
) -> Option<&'a PersistentVolumeClaim> {
    ctx.cluster
        .pods()
        .filter(|p| {
            p.metadata.namespace.as_deref().unwrap_or("default") == namespace
                && Workload::of_pod(p) == Some(Workload::StatefulSet(set.to_owned()))
        })
        .find_map(|p| {
            ctx.cluster
                .claim(namespace, &format!("{template}-{}", p.metadata.name))
        })
}

/// Per-node reasons: the volume's node affinity, no volume to bind, a missing volume.
fn per_node(
    ctx: &Context,
    pod: &Pod,
    reasons: &std::collections::BTreeMap<&'static str, usize>,
    message: String,
    claims: &[Verdict],
) -> Option<Verdict> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let claims_of = || {
        pod.spec
            .claim_names()
            .filter_map(|c| ctx.cluster.claim(namespace, c))
    };
    if reasons.contains_key(MISSING_VOLUME) {
        let claim = claims_of().find(|c| {
            c.status.phase == ClaimPhase::Bound && ctx.cluster.volume(&c.spec.volume_name).is_none()
        })?;
        return Some(pod_verdict(
            ctx,
            pod,
            Found {
                severity: Severity::Stuck,
                finding: Finding::PodClaimLost {
                    claim: claim.metadata.name.clone(),
                },
                reason: "FailedScheduling",
                message,
                evidence: vec![format!(
                    "Its claim {} is bound to volume {}, which does not exist.",
                    claim.metadata.name, claim.spec.volume_name
                )],
                fix: claim_verdict(claims, namespace, &claim.metadata.name)
                    .and_then(|v| v.fix.clone()),
            },
        ));
    }
    if reasons.contains_key(VOLUME_NODE_CONFLICT) {
        return node_conflict(ctx, pod, message);
    }
    if reasons.contains_key(NO_VOLUME_TO_BIND) {
        let waiting: Vec<&PersistentVolumeClaim> = claims_of()
            .filter(|c| c.status.phase != ClaimPhase::Bound)
            .collect();
        let names: Vec<String> = waiting.iter().map(|c| c.metadata.name.clone()).collect();
        let fix = waiting.iter().find_map(|claim| {
            claim_verdict(claims, namespace, &claim.metadata.name)
                .and_then(|v| v.fix.clone())
                .or_else(|| provision_instead(ctx, claim))
        });
        let evidence = waiting
            .iter()
            .map(|c| {
                format!(
                    "Claim {} waits for this pod, and no node has a volume that fits it or a provisioner that serves its class.",
                    c.metadata.name
                )
            })
            .collect();
        return Some(pod_verdict(
            ctx,
            pod,
            Found {
                severity: Severity::Stuck,
                finding: Finding::PodNoVolumeToBind { claims: names },
                reason: "FailedScheduling",
                message,
                evidence,
                fix,
            },
        ));
    }
    None
}

/// A waiting claim no volume on the pod's nodes fits: created again with a class that provisions.
fn provision_instead(ctx: &Context, claim: &PersistentVolumeClaim) -> Option<Fix> {
    let view = ClaimView::new(claim);
    let ranked = near_miss::rank(ctx, &view, false, near_miss::SHOWN);
    remedy::for_pending_claim(
        ctx,
        claim,
        &Finding::ClaimWaitsForPods { pods: Vec::new() },
        &ranked,
    )
    .0
}

/// The nodes that satisfy a pod's node selector.
fn selectable<'a>(ctx: &Context<'a>, selector: &Labels) -> Vec<&'a Node> {
    ctx.nodes
        .iter()
        .copied()
        .filter(|n| {
            selector
                .iter()
                .all(|(k, v)| n.metadata.labels.get(k) == Some(v))
        })
        .collect()
}

/// A bound claim whose volume's node affinity leaves the pod nowhere to go.
fn node_conflict(ctx: &Context, pod: &Pod, message: String) -> Option<Verdict> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let candidates = selectable(ctx, &pod.spec.node_selector);
    let bound: Vec<(
        &PersistentVolumeClaim,
        &pv_engine::objects::PersistentVolume,
    )> = pod
        .spec
        .claim_names()
        .filter_map(|c| ctx.cluster.claim(namespace, c))
        .filter(|c| c.status.phase == ClaimPhase::Bound)
        .filter_map(|c| Some((c, ctx.cluster.volume(&c.spec.volume_name)?)))
        .collect();
    let (claim, pv) = bound
        .iter()
        .find(|(_, pv)| !candidates.iter().any(|n| node_affinity_matches(pv, n)))
        .or_else(|| bound.first())?;
    let reachable: Vec<&Node> = ctx
        .nodes
        .iter()
        .copied()
        .filter(|n| bound.iter().all(|(_, pv)| node_affinity_matches(pv, n)))
        .collect();
    let mut evidence = vec![format!(
        "Its claim {} is bound to volume {}, whose node affinity admits {}.",
        claim.metadata.name,
        pv.metadata.name,
        match ctx
            .nodes
            .iter()
            .filter(|n| node_affinity_matches(pv, n))
            .map(|n| n.metadata.name.as_str())
            .collect::<Vec<_>>()
            .as_slice()
        {
            [] => "no node in the dump".to_owned(),
            nodes => format!("node {}", nodes.join(", node ")),
        }
    )];
    if !pod.spec.node_selector.is_empty() {
        evidence.push(format!(
            "The pod's nodeSelector {} admits {}.",
            labels_text(&pod.spec.node_selector),
            match candidates
                .iter()
                .map(|n| n.metadata.name.as_str())
                .collect::<Vec<_>>()
                .as_slice()
            {
                [] => "no node".to_owned(),
                nodes => format!("node {}", nodes.join(", node ")),
            }
        ));
    }
    let fix = match reachable.first() {
        Some(node) => Some(move_pod(ctx, pod, node, "where its volumes are", false)),
        None => {
            evidence.push(format!(
                "No node in the dump can reach volume {}: the node it lives on is gone, and its data with it.",
                pv.metadata.name
            ));
            let mut candidate = remedy::recreate_claim_for_volume(ctx, claim);
            candidate.fix.notes.push(format!(
                "The data on volume {} is left behind (the volume follows its reclaim policy).",
                pv.metadata.name
            ));
            Some(candidate.fix)
        }
    };
    Some(pod_verdict(
        ctx,
        pod,
        Found {
            severity: Severity::Stuck,
            finding: Finding::PodVolumeNodeConflict {
                claim: claim.metadata.name.clone(),
                volume: pv.metadata.name.clone(),
            },
            reason: "FailedScheduling",
            message,
            evidence,
            fix,
        },
    ))
}

fn labels_text(labels: &Labels) -> String {
    let parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    parts.join(",")
}

/// A pod's node selector that admits `node`: the old one without the entries `node` fails;
/// pinned to it by `kubernetes.io/hostname` (every real node has that label) when `pin`. None
/// when the node cannot be pinned that way.
fn selector_for(pod: &Pod, node: &Node, pin: bool) -> Option<Labels> {
    let mut selector: Labels = pod
        .spec
        .node_selector
        .iter()
        .filter(|(k, v)| node.metadata.labels.get(*k) == Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if pin {
        let host = node.metadata.labels.get(HOSTNAME)?;
        selector.insert(HOSTNAME.into(), host.clone());
    }
    Some(selector)
}

/// The pod made again to run on `node`: its workload's template changed (a change the
/// simulator does not model) and the pod replaced, or a bare pod deleted and created again.
fn move_pod(ctx: &Context, pod: &Pod, node: &Node, why: &str, pin: bool) -> Fix {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let mut moved = fresh_pod(pod);
    let how = match selector_for(pod, node, pin) {
        Some(selector) => {
            let how = if selector.is_empty() {
                "no nodeSelector".to_owned()
            } else {
                format!("nodeSelector {}", labels_text(&selector))
            };
            moved.spec.node_selector = selector;
            how
        }
        None => {
            // No hostname label: name the node (the scheduler is then skipped).
            moved.spec.node_name = node.metadata.name.clone();
            format!("spec.nodeName {}", node.metadata.name)
        }
    };
    let mut steps = Vec::new();
    let mut notes = vec![
        "A pod's spec cannot be changed once it exists, so it is deleted and created again with the new placement.".to_owned(),
    ];
    let workload = Workload::of_pod(pod);
    if let Some(workload) = workload.clone() {
        let removed: Vec<String> = pod
            .spec
            .node_selector
            .keys()
            .filter(|k| !moved.spec.node_selector.contains_key(*k))
            .map(|k| format!("\"{k}\":null"))
            .collect();
        let mut entries = removed;
        entries.extend(
            moved
                .spec
                .node_selector
                .iter()
                .map(|(k, v)| format!("\"{k}\":\"{v}\"")),
        );
        let patch = format!(
            r#"{{"spec":{{"template":{{"spec":{{"nodeSelector":{{{}}}}}}}}}}}"#,
            entries.join(",")
        );
        notes.push(format!(
            "Pod {} belongs to {} {}: the change goes into its pod template, and its controller makes the pod again.",
            pod.metadata.name,
            workload.kind(),
            workload.name()
        ));
        steps.push(Step::EditWorkload {
            namespace: namespace.to_owned(),
            command: format!(
                "kubectl patch {} {} -n {} --type merge -p {}",
                workload.resource(),
                super::fix::shell_word(workload.name()),
                super::fix::shell_word(namespace),
                super::fix::shell_word(&patch)
            ),
            workload,
        });
    }
    let target = pod_key(namespace, &pod.metadata.name);
    // A Deployment rolls its pods out by itself; a StatefulSet may wait for a pod that never
    // becomes ready, so that one is deleted by hand.
    steps.push(match workload {
        Some(workload @ Workload::Deployment(_)) => Step::ControllerDeletes { workload, target },
        _ => Step::Delete { target },
    });
    steps.push(recreated_pod(namespace, moved));
    let _ = ctx;
    Fix {
        summary: format!(
            "Run pod {}/{} on node {} ({why}), with {how}.",
            namespace, pod.metadata.name, node.metadata.name
        ),
        notes,
        steps,
    }
}

/// A scheduled pod whose volume is attached to another node.
fn multi_attach(ctx: &Context, pod: &Pod, conflict: &MultiAttach) -> Verdict {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let refused = &conflict.refused[0];
    let users: Vec<String> = refused
        .users
        .iter()
        .map(|(ns, name)| format!("{ns}/{name}"))
        .collect();
    let mut evidence = vec![
        format!(
            "It runs on node {}, and its claim {} is bound to volume {}, a single-node volume (no ReadWriteMany or ReadOnlyMany) attached to node {} for pod {}.",
            conflict.node,
            refused.claim,
            refused.volume,
            refused.attached_to,
            users.join(", ")
        ),
        "The scheduler lets ReadWriteOnce through; the attach/detach controller then refuses a second node (docs/kubernetes-rules.md §16 pitfall 13).".into(),
    ];
    let node = ctx
        .nodes
        .iter()
        .find(|n| n.metadata.name == refused.attached_to);
    let fix = node.map(|node| {
        let mut fix = move_pod(ctx, pod, node, "where its volume is attached", true);
        fix.notes.push(
            "ReadWriteOnce lets pods share a volume on one node only; pods on several nodes need a volume with ReadWriteMany (a file system that serves many nodes).".into(),
        );
        fix
    });
    if node.is_none() {
        evidence.push(format!("Node {} is not in the dump.", refused.attached_to));
    }
    pod_verdict(
        ctx,
        pod,
        Found {
            severity: Severity::Stuck,
            finding: Finding::PodMultiAttach {
                volume: refused.volume.clone(),
                node: refused.attached_to.clone(),
            },
            reason: "FailedAttachVolume",
            message: refused.message(namespace),
            evidence,
            fix,
        },
    )
}
