//! One controller pass, traced: which controller decided what, in the order the pass runs
//! them (`Controller::PASS`: protection, the garbage collector, the workload controllers, the
//! PV controller, the provisioner, the scheduler, the attach/detach check, expansion), and the events each reported. What the page lights up when
//! the learner steps. The decisions are read from the objects before and after each
//! controller, so every rule stays in the controllers and the trace cannot disagree with
//! them; a traced pass changes the cluster exactly as an untraced one.

use super::annotations as ann;
use super::classes::claim_class;
use super::cluster::Cluster;
use super::events::Event;
use super::objects::{Kind, ObjectKey};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// A controller of the simulated pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Controller {
    /// pvc-protection and pv-protection (§11): finalizers of deleted claims and volumes.
    Protection,
    /// The garbage collector (§20): dependents whose owners are gone.
    GarbageCollector,
    /// The StatefulSet controller (§17): pods and their claims from templates.
    StatefulSet,
    /// The Deployment controller (§18): ReplicaSets for each pod template.
    Deployment,
    /// The ReplicaSet controller (§18): pods to the replica count.
    ReplicaSet,
    /// The PV controller (§4–§8): volume sync, then claim sync (binding, handing claims to a
    /// provisioner, reclaim).
    PvController,
    /// The external provisioner (§8.4): creates volumes for claims handed to it, deletes
    /// what it provisioned.
    Provisioner,
    /// The scheduler (§9): places pods, chooses nodes for WaitForFirstConsumer claims.
    Scheduler,
    /// The attach/detach controller's Multi-Attach check (§12), and kubelet's readiness.
    AttachDetach,
    /// Volume expansion (§19): the resize controller, the resizer and kubelet's file system
    /// resize.
    Expansion,
}

impl Controller {
    /// The controllers in the order one pass runs them.
    pub const PASS: [Controller; 10] = [
        Controller::Protection,
        Controller::GarbageCollector,
        Controller::StatefulSet,
        Controller::Deployment,
        Controller::ReplicaSet,
        Controller::PvController,
        Controller::Provisioner,
        Controller::Scheduler,
        Controller::AttachDetach,
        Controller::Expansion,
    ];

    /// Its name as Kubernetes components call themselves (kubectl's `From` column where it
    /// has one).
    pub fn name(self) -> &'static str {
        match self {
            Controller::Protection => "pvc-protection and pv-protection",
            Controller::GarbageCollector => "garbage-collector",
            Controller::StatefulSet => super::events::source::STATEFUL_SET,
            Controller::Deployment => super::events::source::DEPLOYMENT,
            Controller::ReplicaSet => super::events::source::REPLICA_SET,
            Controller::PvController => super::events::source::PV_CONTROLLER,
            Controller::Provisioner => super::events::source::EXTERNAL_PROVISIONER,
            Controller::Scheduler => super::events::source::SCHEDULER,
            Controller::AttachDetach => super::events::source::ATTACH_DETACH,
            Controller::Expansion => super::events::source::VOLUME_EXPAND,
        }
    }
}

/// What a controller changed in one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "camelCase")]
pub enum Change {
    /// The object appeared (a provisioned volume), bound to this claim if any.
    #[serde(rename_all = "camelCase")]
    Created { bound_to: Option<String> },
    /// The object left the API (its last finalizer went, or its reclaim policy deleted it).
    Removed,
    #[serde(rename_all = "camelCase")]
    Phase { from: String, to: String },
    /// A claim's `spec.volumeName` or a volume's `claimRef` now names this object.
    BoundTo { name: String },
    /// That reference was cleared.
    Unbound,
    /// A claim's class was set (the default class, assigned retroactively).
    ClassSet { class: String },
    /// An annotation the controllers hand work over with (which provisioner, which node).
    Annotated { key: String, value: String },
    /// A pod was bound to a node.
    Scheduled { node: String },
    /// A finalizer came off a deleted object.
    FinalizerRemoved { finalizer: String },
}

/// One change to one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub object: ObjectKey,
    #[serde(flatten)]
    pub change: Change,
}

/// What one controller did in the pass.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControllerStep {
    pub controller: Controller,
    pub decisions: Vec<Decision>,
    /// The events it reported, repeats of earlier ones included (a waiting claim's event is
    /// reported again on every pass).
    pub events: Vec<Event>,
}

/// One pass of every controller, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PassTrace {
    pub steps: Vec<ControllerStep>,
}

impl PassTrace {
    /// True when some controller changed something (what `sync_once` returns).
    pub fn changed(&self) -> bool {
        self.steps.iter().any(|s| !s.decisions.is_empty())
    }
}

/// What a controller may change in an object, read before and after it runs.
#[derive(Clone, Debug, Default, PartialEq)]
struct Digest {
    phase: String,
    /// Claim: `spec.volumeName`; volume: `claimRef` as `namespace/name`.
    bound_to: String,
    node: String,
    class: String,
    annotations: BTreeMap<&'static str, String>,
    finalizers: Vec<String>,
}

/// The annotations that carry work from one controller to the next.
const HANDOVER: [&str; 2] = [ann::STORAGE_PROVISIONER, ann::SELECTED_NODE];

fn digests(cluster: &Cluster) -> BTreeMap<ObjectKey, Digest> {
    let mut out = BTreeMap::new();
    for pv in cluster.volumes.values() {
        out.insert(
            ObjectKey::new(Kind::PersistentVolume, None, &pv.metadata.name),
            Digest {
                phase: pv.status.phase.to_string(),
                bound_to: pv
                    .spec
                    .claim_ref
                    .as_ref()
                    .map(|r| format!("{}/{}", r.namespace, r.name))
                    .unwrap_or_default(),
                finalizers: pv.metadata.finalizers.clone(),
                ..Digest::default()
            },
        );
    }
    for claim in cluster.claims.values() {
        let annotations = HANDOVER
            .iter()
            .filter_map(|&key| Some((key, claim.metadata.annotation(key)?.to_owned())))
            .collect();
        out.insert(
            ObjectKey::new(
                Kind::PersistentVolumeClaim,
                claim.metadata.namespace.as_deref(),
                &claim.metadata.name,
            ),
            Digest {
                phase: claim.status.phase.to_string(),
                bound_to: claim.spec.volume_name.clone(),
                class: claim_class(claim).unwrap_or_default().to_owned(),
                annotations,
                finalizers: claim.metadata.finalizers.clone(),
                ..Digest::default()
            },
        );
    }
    for pod in cluster.pods.values() {
        out.insert(
            ObjectKey::new(
                Kind::Pod,
                pod.metadata.namespace.as_deref(),
                &pod.metadata.name,
            ),
            Digest {
                phase: pod.status.phase.clone().unwrap_or_default(),
                node: pod.spec.node_name.clone(),
                finalizers: pod.metadata.finalizers.clone(),
                ..Digest::default()
            },
        );
    }
    out
}

/// The changes from `before` to `after`, object by object in key order.
fn diff(
    before: &BTreeMap<ObjectKey, Digest>,
    after: &BTreeMap<ObjectKey, Digest>,
) -> Vec<Decision> {
    let mut out = Vec::new();
    let mut push = |object: &ObjectKey, change| {
        out.push(Decision {
            object: object.clone(),
            change,
        })
    };
    for (key, old) in before {
        let Some(new) = after.get(key) else {
            push(key, Change::Removed);
            continue;
        };
        for finalizer in old
            .finalizers
            .iter()
            .filter(|f| !new.finalizers.contains(f))
        {
            push(
                key,
                Change::FinalizerRemoved {
                    finalizer: finalizer.clone(),
                },
            );
        }
        if new.class != old.class && !new.class.is_empty() {
            push(
                key,
                Change::ClassSet {
                    class: new.class.clone(),
                },
            );
        }
        for (k, value) in &new.annotations {
            if old.annotations.get(k) != Some(value) {
                push(
                    key,
                    Change::Annotated {
                        key: (*k).to_owned(),
                        value: value.clone(),
                    },
                );
            }
        }
        if new.node != old.node && !new.node.is_empty() {
            push(
                key,
                Change::Scheduled {
                    node: new.node.clone(),
                },
            );
        }
        if new.bound_to != old.bound_to {
            push(
                key,
                if new.bound_to.is_empty() {
                    Change::Unbound
                } else {
                    Change::BoundTo {
                        name: new.bound_to.clone(),
                    }
                },
            );
        }
        if new.phase != old.phase && !new.phase.is_empty() {
            push(
                key,
                Change::Phase {
                    from: old.phase.clone(),
                    to: new.phase.clone(),
                },
            );
        }
    }
    for (key, new) in after.iter().filter(|(k, _)| !before.contains_key(*k)) {
        push(
            key,
            Change::Created {
                bound_to: (!new.bound_to.is_empty()).then(|| new.bound_to.clone()),
            },
        );
    }
    out
}

impl Cluster {
    /// Runs one controller of the pass; true when it changed anything.
    pub(super) fn run_controller(&mut self, controller: Controller) -> bool {
        match controller {
            Controller::Protection => self.sync_protection(),
            // Without workloads (the lean explainer) these have nothing to do, and their code
            // is left out of the build.
            Controller::GarbageCollector => {
                cfg!(feature = "workloads") && self.sync_garbage_collector()
            }
            Controller::StatefulSet => cfg!(feature = "workloads") && self.sync_stateful_sets(),
            Controller::Deployment => cfg!(feature = "workloads") && self.sync_deployments(),
            Controller::ReplicaSet => cfg!(feature = "workloads") && self.sync_replica_sets(),
            Controller::PvController => self.sync_pv_controller(),
            Controller::Provisioner => self.sync_provisioner(),
            Controller::Scheduler => self.sync_scheduler(),
            Controller::AttachDetach => self.sync_attach_detach(),
            Controller::Expansion => self.sync_expansion(),
        }
    }

    /// One pass of every controller, as [`Cluster::sync_once`], with what each decided.
    pub fn sync_once_traced(&mut self) -> PassTrace {
        let mut steps = Vec::new();
        let mut before = digests(self);
        for controller in Controller::PASS {
            let mark = self.events.mark();
            self.run_controller(controller);
            let after = digests(self);
            steps.push(ControllerStep {
                controller,
                decisions: diff(&before, &after),
                events: self.events.reported_since(mark).cloned().collect(),
            });
            before = after;
        }
        PassTrace { steps }
    }
}

impl fmt::Display for Decision {
    /// The change in words, naming the object as kubectl does: `claim shop/db-data: Pending →
    /// Bound`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = match self.object.kind {
            Kind::PersistentVolume => "volume",
            Kind::PersistentVolumeClaim => "claim",
            Kind::StorageClass => "class",
            Kind::Pod => "pod",
            Kind::Node => "node",
            Kind::StatefulSet => "statefulset",
            Kind::Deployment => "deployment",
            Kind::ReplicaSet => "replicaset",
        };
        let object = &self.object;
        match &self.change {
            Change::Created { bound_to: Some(c) } => {
                write!(f, "{noun} {object} created for claim {c}")
            }
            Change::Created { bound_to: None } => write!(f, "{noun} {object} created"),
            Change::Removed => write!(f, "{noun} {object} is gone"),
            Change::Phase { from, to } if from.is_empty() => write!(f, "{noun} {object}: {to}"),
            Change::Phase { from, to } => write!(f, "{noun} {object}: {from} → {to}"),
            Change::BoundTo { name } if self.object.kind == Kind::PersistentVolume => {
                write!(f, "volume {object}: claimRef set to {name}")
            }
            Change::BoundTo { name } => write!(f, "{noun} {object}: spec.volumeName set to {name}"),
            Change::Unbound if self.object.kind == Kind::PersistentVolume => {
                write!(f, "volume {object}: claimRef cleared")
            }
            Change::Unbound => write!(f, "{noun} {object}: spec.volumeName cleared"),
            Change::ClassSet { class } => {
                write!(
                    f,
                    "{noun} {object}: storageClassName set to {class} (the default class)"
                )
            }
            Change::Annotated { key, value } if key == ann::STORAGE_PROVISIONER => {
                write!(f, "{noun} {object} handed to provisioner {value} ({key})")
            }
            Change::Annotated { key, value } if key == ann::SELECTED_NODE => {
                write!(
                    f,
                    "{noun} {object}: node {value} chosen for its volume ({key})"
                )
            }
            Change::Annotated { key, value } => write!(f, "{noun} {object}: {key}={value}"),
            Change::Scheduled { node } => write!(f, "{noun} {object} scheduled to node {node}"),
            Change::FinalizerRemoved { finalizer } => {
                write!(f, "{noun} {object}: finalizer {finalizer} removed")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_cluster;
    use crate::objects::ClaimPhase;

    #[test]
    fn a_traced_pass_changes_the_cluster_as_an_untraced_one() {
        let (mut traced, mut plain) = (demo_cluster(), demo_cluster());
        loop {
            let trace = traced.sync_once_traced();
            let changed = plain.sync_once();
            assert_eq!(trace.changed(), changed);
            assert_eq!(traced, plain);
            if !changed {
                break;
            }
        }
    }

    #[test]
    fn the_demo_s_first_pass_binds_statically_and_provisions_in_controller_order() {
        let mut cluster = demo_cluster();
        let trace = cluster.sync_once_traced();
        let names: Vec<Controller> = trace.steps.iter().map(|s| s.controller).collect();
        assert_eq!(names, Controller::PASS);
        let said = |c: Controller| -> Vec<String> {
            trace.steps[Controller::PASS.iter().position(|x| *x == c).unwrap()]
                .decisions
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let pv = said(Controller::PvController);
        assert!(
            pv.contains(&"volume pv-db: Pending → Bound".to_owned()),
            "{pv:?}"
        );
        assert!(
            pv.contains(&"claim shop/db-data: spec.volumeName set to pv-db".to_owned()),
            "{pv:?}"
        );
        assert!(
            pv.contains(&"claim shop/db-data: Pending → Bound".to_owned()),
            "{pv:?}"
        );
        assert!(
            pv.contains(&"claim shop/cache handed to provisioner ebs.csi.aws.com (volume.kubernetes.io/storage-provisioner)".to_owned()),
            "{pv:?}"
        );
        let provisioned = said(Controller::Provisioner);
        let uid = cluster.claim("shop", "cache").unwrap().metadata.uid.clone();
        assert_eq!(
            provisioned,
            [format!("volume pvc-{uid} created for claim shop/cache")]
        );
        let scheduled = said(Controller::Scheduler);
        assert_eq!(scheduled, ["pod shop/web-0 scheduled to node node-a"]);
        // The pass's events, by who reported them.
        let reasons = |c: Controller| -> Vec<&str> {
            trace.steps[Controller::PASS.iter().position(|x| *x == c).unwrap()]
                .events
                .iter()
                .map(|e| e.reason.as_str())
                .collect()
        };
        assert!(reasons(Controller::PvController).contains(&"ExternalProvisioning"));
        assert_eq!(
            reasons(Controller::Provisioner),
            ["Provisioning", "ProvisioningSucceeded"]
        );
        // The second pass binds the provisioned volume; the waiting claims report again.
        let second = cluster.sync_once_traced();
        let pv_controller = second
            .steps
            .iter()
            .find(|s| s.controller == Controller::PvController)
            .expect("in every pass");
        let pv: Vec<String> = pv_controller
            .decisions
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            pv.contains(&format!(
                "claim shop/cache: spec.volumeName set to pvc-{uid}"
            )),
            "{pv:?}"
        );
        assert!(pv_controller
            .events
            .iter()
            .any(|e| e.reason == "FailedBinding" && e.object.name == "archive"));
        assert_eq!(
            cluster.claim("shop", "cache").unwrap().status.phase,
            ClaimPhase::Bound
        );
    }
}
