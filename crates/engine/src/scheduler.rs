//! The scheduler, as far as storage goes (rule book §9.2, §12): `nodeSelector`, the volume restrictions
//! (ReadWriteOncePod), and volume binding — bound claims' node affinity, WaitForFirstConsumer
//! claims matched or marked for provisioning on the chosen node, all of a pod's claims on one
//! node. Nodes are tried in name order; the first that fits wins, except that a workload's pod
//! goes to the fitting node with the fewest pods of its controller (the scheduler's default
//! spreading of a ReplicaSet's or StatefulSet's pods over hostnames).

use super::annotations as ann;
use super::classes::claim_class_or_empty;
use super::cluster::{Cluster, NsName, Reservation};
use super::events::{source, EventType};
use super::matching::{
    allowed_topologies_match, node_affinity_matches, scheduler_verdict, smaller, ClaimView, Fit,
    Mismatch,
};
use super::objects::*;
use super::pv_controller::claim_reference;
use crate::sort::CompactSort;
use std::collections::{BTreeMap, BTreeSet};

pub const RWOP_CONFLICT: &str =
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";
pub const UNBOUND_IMMEDIATE: &str = "pod has unbound immediate PersistentVolumeClaims";
pub const NODE_SELECTOR_MISMATCH: &str = "node(s) didn't match Pod's node affinity/selector";
pub const VOLUME_NODE_CONFLICT: &str = "node(s) didn't match PersistentVolume's node affinity";
pub const NO_VOLUME_TO_BIND: &str = "node(s) didn't find available persistent volumes to bind";
pub const MISSING_VOLUME: &str =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

/// Why a pod cannot be placed, as the scheduler words it.
#[derive(Clone, Debug, PartialEq)]
pub enum Unschedulable {
    /// A reason that holds for every node (PreFilter).
    Everywhere(String),
    /// Per-node reasons (Filter): reason → number of nodes.
    PerNode(BTreeMap<&'static str, usize>),
    NoNodes,
}

impl Unschedulable {
    /// The FailedScheduling message (`0/N nodes are available: …`).
    pub fn message(&self, nodes: usize) -> String {
        let preemption =
            format!("preemption: 0/{nodes} nodes are available: {nodes} Preemption is not helpful for scheduling.");
        match self {
            Unschedulable::NoNodes => "no nodes available to schedule pods".into(),
            Unschedulable::Everywhere(reason) => {
                format!("0/{nodes} nodes are available: {reason}. {preemption}")
            }
            Unschedulable::PerNode(reasons) => {
                let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
                format!(
                    "0/{nodes} nodes are available: {}. {preemption}",
                    parts.join(", ")
                )
            }
        }
    }
}

/// What stops a pod at PreFilter because of its claims (§9.2, §12 RWOP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreFilterBlock {
    ClaimNotFound {
        claim: String,
    },
    ClaimDeleting {
        claim: String,
    },
    ClaimLost {
        claim: String,
        volume: String,
    },
    /// A ReadWriteOncePod claim another scheduled pod (`holder`, same namespace) uses.
    ReadWriteOncePodInUse {
        claim: String,
        holder: String,
    },
    /// Immediate claims not bound yet (all of them, in the pod's volume order).
    UnboundImmediate {
        claims: Vec<String>,
    },
}

impl PreFilterBlock {
    /// The scheduler's reason, as it appears in FailedScheduling.
    pub fn message(&self) -> String {
        match self {
            PreFilterBlock::ClaimNotFound { claim } => {
                format!("persistentvolumeclaim \"{claim}\" not found")
            }
            PreFilterBlock::ClaimDeleting { claim } => {
                format!("persistentvolumeclaim \"{claim}\" is being deleted")
            }
            PreFilterBlock::ClaimLost { claim, volume } => format!(
                "persistentvolumeclaim \"{claim}\" bound to non-existent persistentvolume \"{volume}\""
            ),
            PreFilterBlock::ReadWriteOncePodInUse { .. } => RWOP_CONFLICT.into(),
            PreFilterBlock::UnboundImmediate { .. } => UNBOUND_IMMEDIATE.into(),
        }
    }
}

/// Where a pod can go and what must happen to its claims there.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub node: String,
    /// Unbound claims matched to a volume on this node: (claim, volume).
    pub static_bindings: Vec<(NsName, String)>,
    /// Unbound claims to provision on this node.
    pub provisions: Vec<NsName>,
}

impl Cluster {
    pub(super) fn sync_scheduler(&mut self) -> bool {
        let mut changed = false;
        for key in self.in_creation_order(Kind::Pod) {
            changed |= self.schedule(&key);
        }
        changed
    }

    fn schedule(&mut self, key: &NsName) -> bool {
        let Some(pod) = self.pods.get(key) else {
            return false;
        };
        if !pod.spec.node_name.is_empty() || pod.is_terminated() || pod.metadata.is_being_deleted()
        {
            return false;
        }
        // PreBind done earlier: bind the pod once the PV controller has bound its claims.
        if let Some(reservation) = self.reservations.get(key) {
            let all_bound = pod.spec.claim_names().all(|c| {
                self.claims
                    .get(&(key.0.clone(), c.to_owned()))
                    .is_some_and(|claim| claim.status.phase == ClaimPhase::Bound)
            });
            if !all_bound {
                return false;
            }
            let node = reservation.node.clone();
            self.reservations.remove(key);
            if let Some(pod) = self.pods.get_mut(key) {
                pod.spec.node_name = node;
            }
            return true;
        }
        match self.find_placement(key) {
            Ok(placement) => self.reserve(key, placement),
            Err(why) => {
                let message = why.message(self.nodes.len());
                let object = ObjectKey::new(Kind::Pod, Some(&key.0), &key.1);
                let now = self.now;
                // The scheduler records why on the pod too, as `PodScheduled: False`.
                let changed = self.pods.get_mut(key).is_some_and(|pod| {
                    pod.status.set_condition(
                        "PodScheduled",
                        "False",
                        "Unschedulable",
                        &message,
                        now,
                    )
                });
                self.record(
                    &object,
                    EventType::Warning,
                    source::SCHEDULER,
                    "FailedScheduling",
                    message,
                );
                changed
            }
        }
    }

    /// PreBind: reserve matched volumes for their claims, mark claims to provision with the
    /// node, and bind the pod at once if it has nothing to wait for.
    fn reserve(&mut self, key: &NsName, placement: Placement) -> bool {
        for (claim_key, pv_name) in &placement.static_bindings {
            let Some(claim) = self.claims.get(claim_key) else {
                continue;
            };
            let reference = claim_reference(claim);
            if let Some(pv) = self.volumes.get_mut(pv_name) {
                pv.spec.claim_ref = Some(reference);
                pv.metadata
                    .annotations
                    .insert(ann::BOUND_BY_CONTROLLER.into(), ann::YES.into());
            }
        }
        for claim_key in &placement.provisions {
            if let Some(claim) = self.claims.get_mut(claim_key) {
                claim
                    .metadata
                    .annotations
                    .insert(ann::SELECTED_NODE.into(), placement.node.clone());
            }
        }
        if placement.static_bindings.is_empty() && placement.provisions.is_empty() {
            if let Some(pod) = self.pods.get_mut(key) {
                pod.spec.node_name = placement.node;
            }
        } else {
            self.reservations.insert(
                key.clone(),
                Reservation {
                    node: placement.node,
                },
            );
        }
        true
    }

    /// The scheduler's decision for a pod: the first node (by name) that fits, or why none.
    pub fn find_placement(&self, key: &NsName) -> Result<Placement, Unschedulable> {
        let Some(pod) = self.pods.get(key) else {
            return Err(Unschedulable::Everywhere("pod not found".into()));
        };
        let claims = self.prefilter(key, pod)?;
        if self.nodes.is_empty() {
            return Err(Unschedulable::NoNodes);
        }
        let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
        // A pod of a workload goes where its siblings are fewest (the default topology
        // spreading by hostname); any other pod takes the first node that fits.
        let owner = pod.metadata.controller().map(|r| r.uid.as_str());
        // Counted once for every node: counting per node walked every pod once per node.
        let siblings = owner.map(|owner| self.siblings_by_node(owner, key));
        // Each unbound claim's candidate volumes do not depend on the node: found once, not
        // once per node (a pod's scheduling walked every volume for every node).
        let candidates: Vec<Vec<&PersistentVolume>> = claims
            .iter()
            .map(|(_, claim)| match claim.status.phase {
                ClaimPhase::Bound => Vec::new(),
                _ => self.volume_candidates(claim),
            })
            .collect();
        let mut best: Option<(usize, Placement)> = None;
        for node in self.nodes.values() {
            match self.filter(pod, &claims, &candidates, node) {
                Ok(placement) => {
                    let Some(siblings) = &siblings else {
                        return Ok(placement);
                    };
                    let siblings = siblings
                        .get(node.metadata.name.as_str())
                        .copied()
                        .unwrap_or(0);
                    if best.as_ref().is_none_or(|(fewest, _)| siblings < *fewest) {
                        best = Some((siblings, placement));
                    }
                }
                Err(reason) => *reasons.entry(reason).or_default() += 1,
            }
        }
        match best {
            Some((_, placement)) => Ok(placement),
            None => Err(Unschedulable::PerNode(reasons)),
        }
    }

    /// How many pods with the same controller each node runs (or holds), `pod` itself left
    /// out: node name → count.
    fn siblings_by_node(&self, owner: &str, pod: &NsName) -> BTreeMap<&str, usize> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, other) in &self.pods {
            if key == pod || other.metadata.controller().is_none_or(|r| r.uid != owner) {
                continue;
            }
            let held = self.reservations.get(key).map(|r| r.node.as_str());
            if !other.spec.node_name.is_empty() {
                *counts.entry(other.spec.node_name.as_str()).or_default() += 1;
            }
            if let Some(node) = held.filter(|n| *n != other.spec.node_name) {
                *counts.entry(node).or_default() += 1;
            }
        }
        counts
    }

    /// PreFilter: every claim exists, is not being deleted or lost, is bound unless it waits
    /// for a first consumer, and no other pod holds a ReadWriteOncePod claim.
    fn prefilter<'a>(
        &'a self,
        key: &NsName,
        pod: &Pod,
    ) -> Result<Vec<(NsName, &'a PersistentVolumeClaim)>, Unschedulable> {
        if let Some(block) = self.prefilter_block(key, pod) {
            return Err(Unschedulable::Everywhere(block.message()));
        }
        Ok(pod
            .spec
            .claim_names()
            .filter_map(|name| {
                let claim_key = (key.0.clone(), name.to_owned());
                let claim = self.claims.get(&claim_key)?;
                Some((claim_key, claim))
            })
            .collect())
    }

    /// Why PreFilter stops a pod because of its claims, as data (the first reason, in the
    /// scheduler's order), or None when its claims let it go on to the nodes.
    pub fn prefilter_block(&self, key: &NsName, pod: &Pod) -> Option<PreFilterBlock> {
        let mut claims = Vec::new();
        for name in pod.spec.claim_names() {
            let claim_key = (key.0.clone(), name.to_owned());
            let Some(claim) = self.claims.get(&claim_key) else {
                return Some(PreFilterBlock::ClaimNotFound { claim: name.into() });
            };
            if claim.metadata.is_being_deleted() {
                return Some(PreFilterBlock::ClaimDeleting { claim: name.into() });
            }
            if claim.status.phase == ClaimPhase::Lost {
                return Some(PreFilterBlock::ClaimLost {
                    claim: name.into(),
                    volume: claim.spec.volume_name.clone(),
                });
            }
            claims.push((claim_key, claim));
        }
        for (claim_key, claim) in &claims {
            let modes = AccessModes::from_strings(&claim.spec.access_modes);
            if modes.contains(AccessMode::ReadWriteOncePod) {
                if let Some(holder) = self.claim_user_other_than(claim_key, key) {
                    return Some(PreFilterBlock::ReadWriteOncePodInUse {
                        claim: claim_key.1.clone(),
                        holder,
                    });
                }
            }
        }
        let unbound: Vec<String> = claims
            .iter()
            .filter(|(_, c)| c.status.phase != ClaimPhase::Bound && !self.is_delay_binding(c))
            .map(|(k, _)| k.1.clone())
            .collect();
        (!unbound.is_empty()).then_some(PreFilterBlock::UnboundImmediate { claims: unbound })
    }

    /// A scheduled (or reserved) pod other than `pod` that mounts the claim, by name.
    fn claim_user_other_than(&self, claim: &NsName, pod: &NsName) -> Option<String> {
        self.pods
            .iter()
            .find(|(key, other)| {
                *key != pod
                    && key.0 == claim.0
                    && !other.is_terminated()
                    && (!other.spec.node_name.is_empty() || self.reservations.contains_key(*key))
                    && other.spec.claim_names().any(|c| c == claim.1)
            })
            .map(|(key, _)| key.1.clone())
    }

    /// Filter on one node: node selector, then the volumes.
    fn filter(
        &self,
        pod: &Pod,
        claims: &[(NsName, &PersistentVolumeClaim)],
        candidates: &[Vec<&PersistentVolume>],
        node: &Node,
    ) -> Result<Placement, &'static str> {
        let selector_ok = pod
            .spec
            .node_selector
            .iter()
            .all(|(k, v)| node.metadata.labels.get(k) == Some(v));
        if !selector_ok {
            return Err(NODE_SELECTOR_MISMATCH);
        }
        let mut placement = Placement {
            node: node.metadata.name.clone(),
            static_bindings: Vec::new(),
            provisions: Vec::new(),
        };
        let mut unbound: Vec<(&(NsName, &PersistentVolumeClaim), &[&PersistentVolume])> =
            Vec::new();
        for (entry, candidates) in claims.iter().zip(candidates) {
            let claim = entry.1;
            if claim.status.phase == ClaimPhase::Bound {
                match self.volumes.get(&claim.spec.volume_name) {
                    None => return Err(MISSING_VOLUME),
                    Some(pv) if !node_affinity_matches(pv, node) => {
                        return Err(VOLUME_NODE_CONFLICT)
                    }
                    Some(_) => {}
                }
            } else {
                unbound.push((entry, candidates));
            }
        }
        // Unbound claims are matched smallest request first, each excluding the volumes the
        // pod's earlier claims took.
        unbound.compact_sort_by(|a, b| a.0 .1.spec.request().cmp(&b.0 .1.spec.request()));
        let mut excluded = BTreeSet::new();
        for ((claim_key, claim), candidates) in unbound {
            // A claim the scheduler already chose a node for is only ever provisioned there,
            // never matched to a static volume (`FindPodVolumes`).
            let matched = match claim.metadata.annotation(ann::SELECTED_NODE) {
                Some(selected) if selected != node.metadata.name => return Err(NO_VOLUME_TO_BIND),
                Some(_) => None,
                None => best_volume_on_node(claim, candidates, node, &excluded),
            };
            if let Some(pv) = matched {
                excluded.insert(pv.clone());
                placement.static_bindings.push((claim_key.clone(), pv));
            } else if self.can_provision_on(claim, node) {
                placement.provisions.push(claim_key.clone());
            } else {
                return Err(NO_VOLUME_TO_BIND);
            }
        }
        Ok(placement)
    }

    /// The volumes `FindMatchingVolume` tries for `claim` on any node, in name order.
    /// Upstream walks its cache's list; ours is in name order. A volume whose claimRef names
    /// another claim fails at once (`common_rules`), so only free volumes and those reserved
    /// for this claim are sorted and tried: the same answer without sorting every bound one.
    fn volume_candidates(&self, claim: &PersistentVolumeClaim) -> Vec<&PersistentVolume> {
        let view = ClaimView::new(claim);
        let mut volumes: Vec<&PersistentVolume> =
            self.volumes
                .values()
                .filter(|pv| {
                    pv.spec.claim_ref.as_ref().is_none_or(|r| {
                        r.name == claim.metadata.name && r.namespace == view.namespace
                    })
                })
                .filter(|pv| super::classes::volume_class(pv) == view.class)
                .collect();
        volumes.compact_sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        volumes
    }

    /// Whether a claim with no static match could be provisioned for this node: its class
    /// exists, has a provisioner other than `kubernetes.io/no-provisioner`, and allows the
    /// node's topology.
    fn can_provision_on(&self, claim: &PersistentVolumeClaim, node: &Node) -> bool {
        self.classes
            .get(claim_class_or_empty(claim))
            .is_some_and(|class| {
                !class.provisioner.is_empty()
                    && class.provisioner != "kubernetes.io/no-provisioner"
                    && allowed_topologies_match(class, node)
            })
    }
}

/// `FindMatchingVolume` with a node, over `candidates` (see `Cluster::volume_candidates`).
fn best_volume_on_node(
    claim: &PersistentVolumeClaim,
    candidates: &[&PersistentVolume],
    node: &Node,
    excluded: &BTreeSet<String>,
) -> Option<String> {
    let view = ClaimView::new(claim);
    let mut best: Option<&PersistentVolume> = None;
    for pv in candidates.iter().copied() {
        match scheduler_verdict(pv, &view, node, excluded) {
            // A volume reserved for the claim decides at once: it, or nothing on this node.
            Ok(Fit::PreBound) => return Some(pv.metadata.name.clone()),
            Err(Mismatch::ReservedNodeAffinity { .. }) => return None,
            Ok(Fit::Candidate) if best.is_none_or(|b| smaller(pv, b)) => best = Some(pv),
            _ => {}
        }
    }
    best.map(|pv| pv.metadata.name.clone())
}
