//! The ReplicaSet controller (`docs/kubernetes-rules.md` §18.1; `pkg/controller/replicaset`
//! `syncReplicaSet`, `manageReplicas`, `getPodsToDelete`; `controller_utils.go`
//! `RealPodControl`, `ActivePodsWithRanks`): as many active pods as `spec.replicas`, named
//! `<replicaset>-<5 characters>` through `generateName`, each with a controller reference to
//! the set; the pods deleted first on scale-down are the unscheduled, then the not running, the
//! not ready, the most crowded node's, the most recently ready, the newest.
//!
//! Simulator choices (`docs/scenarios.md`): the five characters come from the creation
//! counter, so runs repeat; at most 500 pods are created or deleted per pass
//! (upstream's `burstReplicas`).

use super::cluster::{Cluster, NsName};
use super::events::{source, EventType};
use super::names::suffix;
use super::objects::*;
use super::validation::workload_selector_matches;
use crate::sort::CompactSort;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `burstReplicas`: the most pods one sync creates or deletes.
const BURST: usize = 500;

/// `maxGeneratedNameLength`: 63 minus the five random characters.
const MAX_GENERATE_NAME: usize = 58;

/// A pod counts for its ReplicaSet while it is neither finished nor being deleted
/// (`FilterActivePods`).
fn is_active(pod: &Pod) -> bool {
    !pod.is_terminated() && !pod.metadata.is_being_deleted()
}

fn phase_rank(pod: &Pod) -> u8 {
    match pod.status.phase.as_deref() {
        Some("Pending") => 0,
        Some("Running") => 2,
        _ => 1,
    }
}

fn ready_since(pod: &Pod) -> Option<crate::time::Timestamp> {
    pod.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .and_then(|c| c.last_transition_time)
}

/// `ActivePodsWithRanks.Less`: which pod goes first on scale-down.
fn delete_first(a: &(&Pod, usize), b: &(&Pod, usize)) -> Ordering {
    let (pa, rank_a) = a;
    let (pb, rank_b) = b;
    let unassigned = |p: &Pod| p.spec.node_name.is_empty();
    unassigned(pb)
        .cmp(&unassigned(pa))
        .then(phase_rank(pa).cmp(&phase_rank(pb)))
        .then(pa.is_running_and_ready().cmp(&pb.is_running_and_ready()))
        .then(rank_b.cmp(rank_a))
        .then(ready_since(pb).cmp(&ready_since(pa)))
        .then(
            pb.metadata
                .creation_timestamp
                .cmp(&pa.metadata.creation_timestamp),
        )
        .then(pb.metadata.name.cmp(&pa.metadata.name))
}

impl Cluster {
    /// One sync of every ReplicaSet, in creation order.
    pub(super) fn sync_replica_sets(&mut self) -> bool {
        let mut changed = false;
        for key in self.in_creation_order(Kind::ReplicaSet) {
            changed |= self.sync_replica_set(&key);
        }
        changed
    }

    fn replica_set_event(&mut self, key: &NsName, type_: EventType, reason: &str, message: String) {
        let object = ObjectKey::new(Kind::ReplicaSet, Some(&key.0), &key.1);
        self.record(&object, type_, source::REPLICA_SET, reason, message);
    }

    fn sync_replica_set(&mut self, key: &NsName) -> bool {
        let Some(set) = self.replica_sets.get(key).cloned() else {
            return false;
        };
        let mut changed = self.claim_replica_pods(&set, key);
        let active: Vec<String> = self.owned_pods(&set.metadata.uid, &key.0, true);
        if !set.metadata.is_being_deleted() {
            let wanted = set.spec.replica_count() as usize;
            if active.len() < wanted {
                changed |= self.create_replicas(&set, key, (wanted - active.len()).min(BURST));
            } else if active.len() > wanted {
                changed |= self.delete_replicas(key, &active, (active.len() - wanted).min(BURST));
            }
        }
        changed | self.update_replica_set_status(key)
    }

    /// The names of the pods of this namespace whose controller is `owner`, active only or all.
    pub(super) fn owned_pods(
        &self,
        owner: &str,
        namespace: &str,
        active_only: bool,
    ) -> Vec<String> {
        self.pods
            .iter()
            .filter(|((ns, _), pod)| {
                ns == namespace
                    && pod.metadata.controller().is_some_and(|r| r.uid == owner)
                    && (!active_only || is_active(pod))
            })
            .map(|((_, name), _)| name.clone())
            .collect()
    }

    /// Adopts orphan pods that match the selector; releases owned pods that no longer do.
    fn claim_replica_pods(&mut self, set: &ReplicaSet, key: &NsName) -> bool {
        let mut changed = false;
        for ((ns, _), pod) in self.pods.iter_mut() {
            if *ns != key.0 {
                continue;
            }
            let matches =
                workload_selector_matches(set.spec.selector.as_ref(), &pod.metadata.labels);
            match pod.metadata.controller().map(|r| r.uid.clone()) {
                Some(uid) if uid == set.metadata.uid && !matches => {
                    pod.metadata
                        .owner_references
                        .retain(|r| r.uid != set.metadata.uid);
                    changed = true;
                }
                None if matches && is_active(pod) && !set.metadata.is_being_deleted() => {
                    pod.metadata
                        .owner_references
                        .push(OwnerReference::controller_of(
                            &set.metadata,
                            Kind::ReplicaSet,
                        ));
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }

    /// `RealPodControl.CreatePods` `count` times: pods from the template through
    /// `generateName`.
    fn create_replicas(&mut self, set: &ReplicaSet, key: &NsName, count: usize) -> bool {
        let mut changed = false;
        let template = &set.spec.template;
        let mut prefix = format!("{}-", set.metadata.name);
        if prefix.len() > MAX_GENERATE_NAME {
            prefix.truncate(MAX_GENERATE_NAME);
        }
        for _ in 0..count {
            let mut seed = self.next_sequence();
            let name = loop {
                let candidate = format!("{prefix}{}", suffix(seed));
                if !self.pods.contains_key(&(key.0.clone(), candidate.clone())) {
                    break candidate;
                }
                seed = seed.wrapping_add(0x1_0000_0000);
            };
            let pod = Pod {
                metadata: ObjectMeta {
                    name: name.clone(),
                    generate_name: prefix.clone(),
                    namespace: Some(key.0.clone()),
                    labels: template.metadata.labels.clone(),
                    annotations: template.metadata.annotations.clone(),
                    finalizers: template.metadata.finalizers.clone(),
                    owner_references: vec![OwnerReference::controller_of(
                        &set.metadata,
                        Kind::ReplicaSet,
                    )],
                    ..Default::default()
                },
                spec: template.spec.clone(),
                status: PodStatus::default(),
            };
            match self.create(Object::Pod(pod)) {
                Ok(_) => {
                    changed = true;
                    self.replica_set_event(
                        key,
                        EventType::Normal,
                        "SuccessfulCreate",
                        format!("Created pod: {name}"),
                    );
                }
                Err(error) => {
                    self.replica_set_event(
                        key,
                        EventType::Warning,
                        "FailedCreate",
                        format!("Error creating: {error}"),
                    );
                    // Upstream stops the slow-start batch at the first failure.
                    break;
                }
            }
        }
        changed
    }

    /// `getPodsToDelete` then `DeletePod` for each.
    fn delete_replicas(&mut self, key: &NsName, active: &[String], count: usize) -> bool {
        let pods: Vec<Pod> = active
            .iter()
            .filter_map(|name| self.pods.get(&(key.0.clone(), name.clone())).cloned())
            .collect();
        // Related pods per node: a crowded node loses a pod first.
        let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
        for pod in &pods {
            if !pod.spec.node_name.is_empty() {
                *per_node.entry(pod.spec.node_name.as_str()).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&Pod, usize)> = pods
            .iter()
            .map(|p| {
                (
                    p,
                    per_node
                        .get(p.spec.node_name.as_str())
                        .copied()
                        .unwrap_or(0),
                )
            })
            .collect();
        ranked.compact_sort_by(delete_first);
        let doomed: Vec<String> = ranked
            .iter()
            .take(count)
            .map(|(p, _)| p.metadata.name.clone())
            .collect();
        let mut changed = false;
        for name in doomed {
            let object = ObjectKey::new(Kind::Pod, Some(&key.0), &name);
            if self.delete(&object).is_ok() {
                changed = true;
                self.replica_set_event(
                    key,
                    EventType::Normal,
                    "SuccessfulDelete",
                    format!("Deleted pod: {name}"),
                );
            }
        }
        changed
    }

    /// `calculateStatus`.
    fn update_replica_set_status(&mut self, key: &NsName) -> bool {
        let Some(set) = self.replica_sets.get(key) else {
            return false;
        };
        let mut status = ReplicaSetStatus::default();
        for name in self.owned_pods(&set.metadata.uid, &key.0, true) {
            let Some(pod) = self.pods.get(&(key.0.clone(), name)) else {
                continue;
            };
            status.replicas += 1;
            let template_labels = &set.spec.template.metadata.labels;
            if template_labels
                .iter()
                .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
            {
                status.fully_labeled_replicas += 1;
            }
            if pod.is_running_and_ready() {
                status.ready_replicas += 1;
                status.available_replicas += 1;
            }
        }
        if status == set.status {
            return false;
        }
        if let Some(set) = self.replica_sets.get_mut(key) {
            set.status = status;
        }
        true
    }
}
