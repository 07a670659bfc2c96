//! Simulating a fix: the dump loaded into a playground session as it is, the fix's requests
//! sent through the API server one by one (the session's own `check`, so a request Kubernetes
//! would refuse is caught with its message), the controllers run after each as in a real
//! cluster (`kubectl delete` waits for the object to go), then the verdict checked: the claim
//! Bound, the pod running, the volume usable or gone. The actions are the page's "Simulate
//! the fix": the same session, step by step, ending on the claim to follow.

use super::fix::{Fix, Step};
use super::verdict::{Finding, Group, Severity, Verdict};
use crate::session::{Action, Session};
use pv_engine::objects::{ClaimPhase, Kind, ObjectKey, VolumePhase};
use pv_engine::Cluster;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// What a simulated fix did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Whether the verdict's problem is gone once the controllers have run.
    pub resolved: bool,
    /// The request the API server refused (or that would not finish), in kubectl's words.
    pub refused: Option<String>,
    /// The object's state afterwards, in sentences.
    pub after: Vec<String>,
}

/// The playground actions of a simulated fix and what came of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    /// Load the dump, each request, the claim to follow.
    pub actions: Vec<Action>,
    pub outcome: Outcome,
    /// The session after the last action.
    pub session: Session,
}

/// The dump as a playground session: not settled (nothing has run on it), changes settled.
pub fn dump_session(dump: &Cluster) -> Session {
    Session {
        cluster: Rc::new(dump.clone()),
        ..Session::empty()
    }
}

/// Applies `fix` to the dump in a playground session and checks `verdict` afterwards.
pub fn simulate(dump: &Cluster, verdict: &Verdict, fix: &Fix) -> Simulation {
    let start = dump_session(dump);
    let mut actions = vec![Action::Load(Box::new(start.clone()))];
    let mut session = start;
    for step in &fix.steps {
        match run_step(&session, step) {
            Err(refused) => {
                return Simulation {
                    outcome: Outcome {
                        resolved: false,
                        refused: Some(format!("{}: {refused}", first_line(&step.kubectl()))),
                        after: describe(verdict, &session.cluster),
                    },
                    actions,
                    session,
                }
            }
            Ok(None) => {}
            Ok(Some((action, next))) => {
                actions.push(action);
                session = next;
            }
        }
    }
    // An advice-only fix (or one that changed nothing yet): the controllers still run.
    if !session.settled {
        actions.push(Action::Settle);
        session = session.apply(Action::Settle);
    }
    if let Some(claim) = followed(verdict, &session.cluster) {
        actions.push(Action::Select(claim.clone()));
        session = session.apply(Action::Select(claim));
    }
    let mut after = describe(verdict, &session.cluster);
    if unplaceable(verdict, &session.cluster) {
        after.push(NOT_SCHEDULED.into());
    }
    if !fix.changes_objects() {
        after.insert(
            0,
            "Nothing was changed: the simulator's provisioner answers for every name outside kubernetes.io/, as a working one does.".into(),
        );
    }
    let outcome = Outcome {
        resolved: resolved(verdict, dump, &session.cluster),
        refused: None,
        after,
    };
    Simulation {
        actions,
        outcome,
        session,
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// One request through the session, or why the API server (or kubectl) stops it.
fn run_step(session: &Session, step: &Step) -> Result<Option<(Action, Session)>, String> {
    let Some(action) = step.action(&session.cluster)? else {
        return Ok(None);
    };
    if let Action::Apply(writes) = &action {
        if let Err(refusals) = session.check(writes) {
            let message = refusals
                .first()
                .map(|r| r.error.to_string())
                .unwrap_or_default();
            return Err(message);
        }
    }
    let next = session.apply(action.clone());
    if let Some(target) = step.waits_for() {
        if next.cluster.get(target).is_some() {
            return Err(format!(
                "still there after the controllers ran, so kubectl would wait for ever: {}",
                holding(&next.cluster, target)
            ));
        }
    }
    Ok(Some((action, next)))
}

/// Why an object is still there.
fn holding(cluster: &Cluster, key: &ObjectKey) -> String {
    let Some(object) = cluster.get(key) else {
        return "gone".into();
    };
    let finalizers = object.metadata().finalizers.join(", ");
    if key.kind == Kind::PersistentVolumeClaim {
        let holders: Vec<&str> = cluster.claim_holders(&key.namespace, &key.name).collect();
        if !holders.is_empty() {
            return format!(
                "pvc-protection keeps it while pod {} uses it",
                holders.join(", ")
            );
        }
    }
    format!("finalizers {finalizers} keep it")
}

/// The claim the playground follows after the fix: the verdict's claim, or the pod's first.
fn followed(verdict: &Verdict, cluster: &Cluster) -> Option<String> {
    let subject = &verdict.subject;
    match subject.kind {
        Kind::PersistentVolumeClaim => cluster
            .claim(&subject.namespace, &subject.name)
            .map(|_| subject.to_string()),
        Kind::Pod => cluster
            .pod(&subject.namespace, &subject.name)?
            .spec
            .claim_names()
            .next()
            .map(|c| format!("{}/{c}", subject.namespace)),
        _ => {
            let pv = cluster.volume(&subject.name)?;
            let r = pv.spec.claim_ref.as_ref()?;
            cluster
                .claim(&r.namespace, &r.name)
                .map(|_| format!("{}/{}", r.namespace, r.name))
        }
    }
}

/// What a simulated fix says of a pod when the dump holds no Node.
const NOT_SCHEDULED: &str = "Scheduling was not simulated: the dump holds no Node, so the fix is judged by what can be judged, the pod's claims (bound, or waiting for the pod without being stuck), not by where the pod runs.";

/// Whether a verdict is about a pod and the cluster holds no Node to place it on: nothing can
/// say whether the pod runs, only whether its claims stop blocking it.
fn unplaceable(verdict: &Verdict, cluster: &Cluster) -> bool {
    verdict.group() == Group::Pods && holds_no_node(cluster)
}

/// A dump of `pv,pvc,sc,pods` (no Node): where a pod runs cannot be simulated.
fn holds_no_node(cluster: &Cluster) -> bool {
    cluster.nodes().next().is_none()
}

/// Whether the problem the verdict describes is gone in `after` (`before` is the dump).
pub fn resolved(verdict: &Verdict, before: &Cluster, after: &Cluster) -> bool {
    let subject = &verdict.subject;
    match verdict.group() {
        Group::Claims => {
            if let Finding::ClaimTerminating { .. } = verdict.finding {
                let old = before
                    .claim(&subject.namespace, &subject.name)
                    .map(|c| c.metadata.uid.clone());
                return after
                    .claim(&subject.namespace, &subject.name)
                    .is_none_or(|c| Some(&c.metadata.uid) != old.as_ref());
            }
            let Some(claim) = after.claim(&subject.namespace, &subject.name) else {
                return false;
            };
            if claim.metadata.is_being_deleted() {
                return false;
            }
            if matches!(
                verdict.finding,
                Finding::ClaimResizeStuck { .. }
                    | Finding::ClaimResizing { .. }
                    | Finding::ClaimResizeWaitsForPod { .. }
            ) {
                // Resolved once no expansion is waiting or under way.
                return after.expansion_state(claim).is_none();
            }
            if claim.status.phase == ClaimPhase::Bound {
                return after.volume(&claim.spec.volume_name).is_some();
            }
            // Not bound yet but not stuck either: waiting for its first consumer with a volume
            // or a provisioner ready for it.
            super::diagnose(after)
                .verdict(subject)
                .is_none_or(|v| v.severity != Severity::Stuck)
        }
        // Without nodes (a dump of `pv,pvc,sc,pods`) no pod can be placed, fixed or not: the
        // fix is judged on what can be judged, the scheduler's PreFilter (the pod's claims
        // exist, are not being deleted or lost, and are bound when Immediate) and no claim
        // of the pod left stuck; the outcome says scheduling was not simulated.
        Group::Pods if holds_no_node(after) => {
            let Some(pod) = after.pod(&subject.namespace, &subject.name) else {
                return false;
            };
            let key = (subject.namespace.clone(), subject.name.clone());
            if after.prefilter_block(&key, pod).is_some() {
                return false;
            }
            let diagnosis = super::diagnose(after);
            pod.spec.claim_names().all(|claim| {
                diagnosis
                    .verdict(&super::claim_key(&subject.namespace, claim))
                    .is_none_or(|v| v.severity != Severity::Stuck)
            })
        }
        Group::Pods => after
            .pod(&subject.namespace, &subject.name)
            .is_some_and(|pod| {
                !pod.spec.node_name.is_empty() && pod.status.phase.as_deref() == Some("Running")
            }),
        Group::Volumes => match after.volume(&subject.name) {
            None => true,
            Some(pv) => match verdict.finding {
                Finding::VolumeUnclaimed => pv.status.phase == VolumePhase::Bound,
                _ => matches!(pv.status.phase, VolumePhase::Available | VolumePhase::Bound),
            },
        },
    }
}

/// The verdict's object afterwards, in sentences.
fn describe(verdict: &Verdict, cluster: &Cluster) -> Vec<String> {
    let subject = &verdict.subject;
    match subject.kind {
        Kind::PersistentVolumeClaim => match cluster.claim(&subject.namespace, &subject.name) {
            None => vec![format!("Claim {subject} is gone.")],
            Some(claim) => {
                let mut out = vec![match claim.status.phase {
                    ClaimPhase::Bound => format!(
                        "Claim {subject} is Bound to volume {}.",
                        claim.spec.volume_name
                    ),
                    phase => match cluster.explain_claim(&subject.namespace, &subject.name) {
                        Some(e) => format!("Claim {subject} is {phase}: {}", e.route.message()),
                        None => format!("Claim {subject} is {phase}."),
                    },
                }];
                if claim.metadata.is_being_deleted() {
                    out.push(format!("Claim {subject} is Terminating."));
                }
                for pod in cluster.pods().filter(|p| {
                    p.metadata.namespace.as_deref().unwrap_or("default") == subject.namespace
                        && p.spec.claim_names().any(|c| c == subject.name)
                }) {
                    out.push(pod_sentence(cluster, &pod.metadata.namespaced_name()));
                }
                out
            }
        },
        Kind::Pod => vec![pod_sentence(cluster, &subject.to_string())],
        _ => vec![match cluster.volume(&subject.name) {
            None => format!("Volume {} is gone.", subject.name),
            Some(pv) => match &pv.spec.claim_ref {
                Some(r) if pv.status.phase == VolumePhase::Bound => format!(
                    "Volume {} is Bound to {}/{}.",
                    subject.name, r.namespace, r.name
                ),
                _ => format!("Volume {} is {}.", subject.name, pv.status.phase),
            },
        }],
    }
}

fn pod_sentence(cluster: &Cluster, pod: &str) -> String {
    let (namespace, name) = pod.split_once('/').unwrap_or(("default", pod));
    let Some(p) = cluster.pod(namespace, name) else {
        return format!("Pod {pod} is gone.");
    };
    if p.spec.node_name.is_empty() {
        if holds_no_node(cluster) {
            return format!(
                "Pod {pod} is Pending, not scheduled: the dump holds no Node to place it on."
            );
        }
        let key = ObjectKey::new(Kind::Pod, Some(namespace), name);
        let why = cluster
            .events()
            .of(&key)
            .filter(|e| e.reason == "FailedScheduling")
            .last()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| "not scheduled".into());
        return format!("Pod {pod} is Pending: {why}");
    }
    format!(
        "Pod {pod} is {} on node {}.",
        p.status.phase.as_deref().unwrap_or("Pending"),
        p.spec.node_name
    )
}

/// The dump after the controllers run with no fix: what the cluster does on its own.
pub fn settled_alone(dump: &Cluster) -> Cluster {
    let mut cluster = dump.clone();
    cluster.settle();
    cluster
}

/// One verdict's fix, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixCheck {
    pub subject: ObjectKey,
    pub outcome: Outcome,
    /// Whether the controllers resolve it with no fix at all (then the verdict is not stuck).
    pub resolves_alone: bool,
}

/// Every fix of a diagnosis, simulated; the dump settled once for the no-fix comparison.
pub fn check_fixes(dump: &Cluster, verdicts: &[Verdict]) -> Vec<FixCheck> {
    let alone = settled_alone(dump);
    verdicts
        .iter()
        .filter_map(|verdict| {
            let fix = verdict.fix.as_ref()?;
            Some(FixCheck {
                subject: verdict.subject.clone(),
                outcome: simulate(dump, verdict, fix).outcome,
                resolves_alone: resolved(verdict, dump, &alone),
            })
        })
        .collect()
}
