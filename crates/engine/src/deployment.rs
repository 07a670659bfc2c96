//! The Deployment controller as far as storage goes (`docs/kubernetes-rules.md` §18;
//! `pkg/controller/deployment`: `getNewReplicaSet`, `rolloutRolling`,
//! `reconcileNewReplicaSet`, `reconcileOldReplicaSets`, `rolloutRecreate`, `scaleReplicaSet`,
//! `syncRolloutStatus`; `deployment/util` `NewRSNewReplicas`, `ResolveFenceposts`): one
//! ReplicaSet per pod template, named `<deployment>-<pod-template-hash>`, scaled so that a
//! rolling update surges and retires pods within `maxSurge` and `maxUnavailable`, or all old
//! pods go first (`Recreate`). The replicas share the claims their template names: the
//! Deployment creates none.
//!
//! Simulator choices (`docs/scenarios.md`): the template hash is computed over the simulator's
//! own rendering of the template (same shape, other values); `minReadySeconds` counts as 0;
//! progress deadlines and conditions are not modelled; a scale while a rollout is under way
//! is left to the rollout's own arithmetic rather than upstream's proportional scaling.

use super::annotations as ann;
use super::cluster::{Cluster, NsName};
use super::events::{source, EventType};
use super::names::{render_template, template_hash};
use super::objects::*;
use super::validation::workload_selector_matches;
use crate::sort::CompactSort;

/// The template without the `pod-template-hash` label (`EqualIgnoreHash`).
fn without_hash(template: &PodTemplateSpec) -> PodTemplateSpec {
    let mut template = template.clone();
    template.metadata.labels.remove(ann::POD_TEMPLATE_HASH);
    template
}

fn revision_of(meta: &ObjectMeta) -> i64 {
    meta.annotation(ann::DEPLOYMENT_REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// `ResolveFenceposts`: surge rounds up, unavailability down, and they are not both 0.
fn fenceposts(deployment: &Deployment) -> (i64, i64) {
    let replicas = i64::from(deployment.spec.replica_count());
    let rolling = deployment
        .spec
        .strategy
        .rolling_update
        .clone()
        .unwrap_or_default();
    let surge = rolling
        .max_surge
        .and_then(|v| v.scaled(replicas, true))
        .unwrap_or(0)
        .max(0);
    let unavailable = rolling
        .max_unavailable
        .and_then(|v| v.scaled(replicas, false))
        .unwrap_or(0)
        .max(0);
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

/// A ReplicaSet as the rollout arithmetic reads it.
#[derive(Clone)]
struct Set {
    key: NsName,
    replicas: i64,
    available: i64,
    created: Option<crate::time::Timestamp>,
}

impl Cluster {
    /// One sync of every Deployment, in creation order.
    pub(super) fn sync_deployments(&mut self) -> bool {
        let mut changed = false;
        for key in self.in_creation_order(Kind::Deployment) {
            changed |= self.sync_deployment(&key);
        }
        changed
    }

    fn deployment_event(&mut self, key: &NsName, reason: &str, message: String) {
        let object = ObjectKey::new(Kind::Deployment, Some(&key.0), &key.1);
        self.record(
            &object,
            EventType::Normal,
            source::DEPLOYMENT,
            reason,
            message,
        );
    }

    fn sync_deployment(&mut self, key: &NsName) -> bool {
        let Some(deployment) = self.deployments.get(key).cloned() else {
            return false;
        };
        let mut changed = self.claim_replica_sets(&deployment, key);
        if !deployment.metadata.is_being_deleted() {
            changed |= if deployment.spec.strategy.type_ == RECREATE {
                self.rollout_recreate(&deployment, key)
            } else {
                self.rollout_rolling(&deployment, key)
            };
            changed |= self.cleanup_old_replica_sets(&deployment, key);
        }
        changed | self.update_deployment_status(key)
    }

    /// Adopts orphan ReplicaSets matching the selector; releases owned ones that stopped
    /// matching.
    fn claim_replica_sets(&mut self, deployment: &Deployment, key: &NsName) -> bool {
        let mut changed = false;
        for ((ns, _), set) in self.replica_sets.iter_mut() {
            if *ns != key.0 {
                continue;
            }
            let matches =
                workload_selector_matches(deployment.spec.selector.as_ref(), &set.metadata.labels);
            match set.metadata.controller().map(|r| r.uid.clone()) {
                Some(uid) if uid == deployment.metadata.uid && !matches => {
                    set.metadata
                        .owner_references
                        .retain(|r| r.uid != deployment.metadata.uid);
                    changed = true;
                }
                None if matches
                    && !set.metadata.is_being_deleted()
                    && !deployment.metadata.is_being_deleted() =>
                {
                    set.metadata
                        .owner_references
                        .push(OwnerReference::controller_of(
                            &deployment.metadata,
                            Kind::Deployment,
                        ));
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }

    /// The Deployment's ReplicaSets: the one whose template is the Deployment's (if any), and
    /// the others, oldest first.
    fn replica_sets_of(&self, deployment: &Deployment, key: &NsName) -> (Option<Set>, Vec<Set>) {
        let wanted = without_hash(&deployment.spec.template);
        let mut new = None;
        let mut old = Vec::new();
        for ((ns, name), set) in &self.replica_sets {
            let owned = *ns == key.0
                && set
                    .metadata
                    .controller()
                    .is_some_and(|r| r.uid == deployment.metadata.uid);
            if !owned {
                continue;
            }
            let entry = Set {
                key: (ns.clone(), name.clone()),
                replicas: i64::from(set.spec.replica_count()),
                available: i64::from(set.status.available_replicas),
                created: set.metadata.creation_timestamp,
            };
            if new.is_none() && without_hash(&set.spec.template) == wanted {
                new = Some(entry);
            } else {
                old.push(entry);
            }
        }
        old.compact_sort_by(|a, b| a.created.cmp(&b.created).then(a.key.cmp(&b.key)));
        (new, old)
    }

    /// `NewRSNewReplicas` for a rolling update.
    fn new_rs_replicas(deployment: &Deployment, new: Option<&Set>, old: &[Set]) -> i64 {
        let replicas = i64::from(deployment.spec.replica_count());
        let new_replicas = new.map_or(0, |s| s.replicas);
        if deployment.spec.strategy.type_ == RECREATE {
            return replicas;
        }
        let (surge, _) = fenceposts(deployment);
        let current: i64 = old.iter().map(|s| s.replicas).sum::<i64>() + new_replicas;
        let max_total = replicas + surge;
        if current >= max_total {
            return new_replicas;
        }
        let up = (max_total - current).min(replicas - new_replicas).max(0);
        new_replicas + up
    }

    /// `getNewReplicaSet` with `createIfNotExisted`: the ReplicaSet of the current template,
    /// with `pod-template-hash` in its labels, selector and template.
    fn create_new_replica_set(
        &mut self,
        deployment: &Deployment,
        key: &NsName,
        replicas: i64,
    ) -> bool {
        let rendered = render_template(&without_hash(&deployment.spec.template));
        let hash = template_hash(&rendered, deployment.status.collision_count);
        let name = format!("{}-{hash}", deployment.metadata.name);
        if self
            .replica_sets
            .contains_key(&(key.0.clone(), name.clone()))
        {
            // Another ReplicaSet holds the name: count a collision, so the next hash differs.
            if let Some(deployment) = self.deployments.get_mut(key) {
                let count = deployment.status.collision_count.unwrap_or(0);
                deployment.status.collision_count = Some(count.saturating_add(1));
            }
            return true;
        }
        let (_, old) = self.replica_sets_of(deployment, key);
        let revision = old
            .iter()
            .filter_map(|s| self.replica_sets.get(&s.key))
            .map(|s| revision_of(&s.metadata))
            .max()
            .unwrap_or(0)
            + 1;
        let mut template = deployment.spec.template.clone();
        template
            .metadata
            .labels
            .insert(ann::POD_TEMPLATE_HASH.to_owned(), hash.clone());
        let mut selector = deployment.spec.selector.clone().unwrap_or_default();
        selector
            .match_labels
            .insert(ann::POD_TEMPLATE_HASH.to_owned(), hash);
        let set = ReplicaSet {
            metadata: ObjectMeta {
                name: name.clone(),
                namespace: Some(key.0.clone()),
                labels: template.metadata.labels.clone(),
                annotations: [(ann::DEPLOYMENT_REVISION.to_owned(), revision.to_string())].into(),
                owner_references: vec![OwnerReference::controller_of(
                    &deployment.metadata,
                    Kind::Deployment,
                )],
                ..Default::default()
            },
            spec: ReplicaSetSpec {
                replicas: Some(i32::try_from(replicas).unwrap_or(i32::MAX)),
                min_ready_seconds: deployment.spec.min_ready_seconds,
                selector: Some(selector),
                template,
            },
            status: ReplicaSetStatus::default(),
        };
        if self.create(Object::ReplicaSet(set)).is_err() {
            return false;
        }
        if replicas > 0 {
            self.deployment_event(
                key,
                "ScalingReplicaSet",
                format!("Scaled up replica set {name} from 0 to {replicas}"),
            );
        }
        if let Some(deployment) = self.deployments.get_mut(key) {
            deployment
                .metadata
                .annotations
                .insert(ann::DEPLOYMENT_REVISION.to_owned(), revision.to_string());
        }
        true
    }

    /// `scaleReplicaSet`: a new `spec.replicas`, with its event.
    fn scale_replica_set(&mut self, deployment: &NsName, set: &NsName, to: i64) -> bool {
        let Some(live) = self.replica_sets.get_mut(set) else {
            return false;
        };
        let from = i64::from(live.spec.replica_count());
        if from == to {
            return false;
        }
        live.spec.replicas = Some(i32::try_from(to.max(0)).unwrap_or(i32::MAX));
        let direction = if from < to { "up" } else { "down" };
        let name = set.1.clone();
        self.deployment_event(
            deployment,
            "ScalingReplicaSet",
            format!("Scaled {direction} replica set {name} from {from} to {to}"),
        );
        true
    }

    /// `rolloutRolling`.
    fn rollout_rolling(&mut self, deployment: &Deployment, key: &NsName) -> bool {
        let (new, old) = self.replica_sets_of(deployment, key);
        let replicas = i64::from(deployment.spec.replica_count());
        let Some(new) = new else {
            let count = Self::new_rs_replicas(deployment, None, &old);
            return self.create_new_replica_set(deployment, key, count);
        };
        // reconcileNewReplicaSet.
        if new.replicas > replicas {
            return self.scale_replica_set(key, &new.key, replicas);
        }
        if new.replicas < replicas {
            let count = Self::new_rs_replicas(deployment, Some(&new), &old);
            if self.scale_replica_set(key, &new.key, count) {
                return true;
            }
        }
        self.reconcile_old_replica_sets(deployment, key, &new, &old)
    }

    /// `reconcileOldReplicaSets`: first the unhealthy old pods, then as many healthy ones as
    /// `maxUnavailable` allows.
    fn reconcile_old_replica_sets(
        &mut self,
        deployment: &Deployment,
        key: &NsName,
        new: &Set,
        old: &[Set],
    ) -> bool {
        let old_pods: i64 = old.iter().map(|s| s.replicas).sum();
        if old_pods == 0 {
            return false;
        }
        let replicas = i64::from(deployment.spec.replica_count());
        let (_, unavailable) = fenceposts(deployment);
        let min_available = replicas - unavailable;
        let all_pods = old_pods + new.replicas;
        let new_unavailable = new.replicas - new.available;
        let mut max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return false;
        }
        let mut changed = false;
        let mut old: Vec<Set> = old.to_vec();
        // cleanupUnhealthyReplicas.
        for set in &mut old {
            if max_scaled_down <= 0 {
                break;
            }
            if set.replicas == set.available {
                continue;
            }
            let down = max_scaled_down.min(set.replicas - set.available);
            max_scaled_down -= down;
            set.replicas -= down;
            changed |= self.scale_replica_set(key, &set.key, set.replicas);
        }
        // scaleDownOldReplicaSetsForRollingUpdate.
        let available: i64 =
            old.iter().map(|s| s.available.min(s.replicas)).sum::<i64>() + new.available;
        let mut total = available - min_available;
        for set in &old {
            if total <= 0 {
                break;
            }
            if set.replicas == 0 {
                continue;
            }
            let down = set.replicas.min(total);
            total -= down;
            changed |= self.scale_replica_set(key, &set.key, set.replicas - down);
        }
        changed
    }

    /// `rolloutRecreate`: every old pod goes before the new ReplicaSet scales up.
    fn rollout_recreate(&mut self, deployment: &Deployment, key: &NsName) -> bool {
        let (new, old) = self.replica_sets_of(deployment, key);
        let mut changed = false;
        for set in &old {
            changed |= self.scale_replica_set(key, &set.key, 0);
        }
        if changed {
            return true;
        }
        let old_pods_left = old.iter().any(|set| {
            self.replica_sets
                .get(&set.key)
                .is_some_and(|s| !self.owned_pods(&s.metadata.uid, &key.0, false).is_empty())
        });
        if old_pods_left {
            return false;
        }
        let replicas = i64::from(deployment.spec.replica_count());
        match new {
            None => self.create_new_replica_set(deployment, key, replicas),
            Some(new) => self.scale_replica_set(key, &new.key, replicas),
        }
    }

    /// `cleanupDeployment`: old ReplicaSets with no pods beyond `revisionHistoryLimit` are
    /// deleted, oldest first.
    fn cleanup_old_replica_sets(&mut self, deployment: &Deployment, key: &NsName) -> bool {
        let limit = deployment.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
        let (_, old) = self.replica_sets_of(deployment, key);
        let idle: Vec<NsName> = old
            .iter()
            .filter(|set| {
                self.replica_sets
                    .get(&set.key)
                    .is_some_and(|s| s.spec.replica_count() == 0 && s.status.replicas == 0)
            })
            .map(|set| set.key.clone())
            .collect();
        let excess = idle.len().saturating_sub(limit);
        let mut changed = false;
        for set in idle.into_iter().take(excess) {
            let object = ObjectKey::new(Kind::ReplicaSet, Some(&set.0), &set.1);
            changed |= self.delete(&object).is_ok();
        }
        changed
    }

    /// `syncRolloutStatus`'s counts.
    fn update_deployment_status(&mut self, key: &NsName) -> bool {
        let Some(deployment) = self.deployments.get(key).cloned() else {
            return false;
        };
        let (new, old) = self.replica_sets_of(&deployment, key);
        let mut status = deployment.status.clone();
        let (mut replicas, mut ready, mut available) = (0, 0, 0);
        for set in old.iter().chain(new.iter()) {
            if let Some(live) = self.replica_sets.get(&set.key) {
                replicas += live.status.replicas;
                ready += live.status.ready_replicas;
                available += live.status.available_replicas;
            }
        }
        status.replicas = replicas;
        status.ready_replicas = ready;
        status.available_replicas = available;
        status.updated_replicas = new
            .and_then(|set| self.replica_sets.get(&set.key))
            .map_or(0, |s| s.status.replicas);
        status.unavailable_replicas = (deployment.spec.replica_count() - available).max(0);
        if status == deployment.status {
            return false;
        }
        if let Some(deployment) = self.deployments.get_mut(key) {
            deployment.status = status;
        }
        true
    }
}
