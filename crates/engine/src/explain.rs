//! Why a claim is where it is, as plain data the widget draws and `pvsim explain` prints: the
//! path through the seed's flowchart (static, dynamic or blocked, and why), every volume's
//! verdict (the first rule it fails, in Kubernetes' order, or why it was chosen), where each
//! pod that mounts the claim runs, or why it cannot, and the notes of `claim_notes` (its
//! StatefulSet, owners, expansion).
//!
//! The route is what happened to the claim, read from the objects' own record of it, not
//! re-derived from the moment's state: a volume a provisioner created for the claim
//! (`pv.kubernetes.io/provisioned-by` and a `claimRef` with the claim's uid, rule book §8.3,
//! §8.4) puts it on the dynamic route while the provisioner works, once the volume exists but
//! is not bound yet, once bound, and when it is lost. Only where nothing has been decided yet
//! (a Pending claim no controller acted on) is the route the one the PV controller's next
//! pass takes, seen as that pass sees the volumes: after their own sync, which makes a volume
//! without a bound `claimRef` Available before any claim is matched (§5 steps 1–2).
//!
//! Every other volume's verdict says the state it is in: bound to a live claim, provisioned
//! for one, reserved by name, or Released or Failed and still kept for a claim that was
//! deleted (§10: its `claimRef` names that claim until an admin removes it).

use super::annotations as ann;
use super::classes::{claim_class, claim_class_or_empty, default_class};
use super::cluster::VolumeMap;
use super::cluster::{Cluster, NsName};
use super::matching::{
    check_volume_satisfy_claim, controller_verdict, only_reservation_admits, ClaimView, Fit,
    Mismatch, VolumeIndex,
};
use super::objects::*;
use super::provisioner;
use super::pv_controller::{ref_points_to, Unmatched};
use crate::sort::CompactSort;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

/// The route a claim took, named after the seed flowchart's nodes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "route", rename_all = "camelCase")]
pub enum Route {
    /// "Suitable volume exists? Yes → Static provisioning → Volume". `pending` while the
    /// controller has not written the binding yet (step mode).
    #[serde(rename_all = "camelCase")]
    Static { volume: String, pending: bool },
    /// "No → Dynamic provisioning → StorageClass → creates new Volume": the claim waits for
    /// its provisioner (`volume` None), or a volume was provisioned for it, bound or not yet
    /// (`pending` while the PV controller has not bound it, step mode).
    #[serde(rename_all = "camelCase")]
    Dynamic {
        class: String,
        provisioner: String,
        volume: Option<String>,
        pending: bool,
    },
    /// Stopped at the step `at` for `reason`.
    #[serde(rename_all = "camelCase")]
    Blocked {
        at: Stop,
        reason: Blocked,
        message: String,
    },
    /// Was bound, lost its volume. `provisioned_from`: the class the lost volume had been
    /// provisioned from for this claim (the route was dynamic), None for a static binding.
    #[serde(rename_all = "camelCase")]
    Lost {
        volume: String,
        message: String,
        provisioned_from: Option<String>,
    },
}

/// The step of the seed flowchart where a blocked claim stops (the diagram maps each to its box).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Stop {
    /// The claim itself (being deleted).
    #[serde(rename = "claim")]
    Claim,
    /// "Suitable volume exists?": no volume, and no class to provision from.
    #[serde(rename = "decision")]
    Decision,
    /// Static provisioning: the volume the claim names cannot be used.
    #[serde(rename = "static")]
    StaticProvisioning,
    /// Dynamic provisioning: waiting for a consumer or for its pod to be scheduled.
    #[serde(rename = "dynamic")]
    DynamicProvisioning,
    /// The StorageClass: missing, or no provisioner serves it.
    #[serde(rename = "storageclass")]
    StorageClass,
}

/// Why a claim cannot go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Blocked {
    /// Class `""` (or unset with no default): never provisioned.
    NoClass,
    /// The class names no StorageClass object.
    NoSuchClass,
    /// WaitForFirstConsumer and no pod yet.
    WaitForFirstConsumer,
    /// WaitForFirstConsumer and a pod that is not scheduled yet.
    WaitForPodScheduled,
    /// The class's provisioner has no plugin (`kubernetes.io/no-provisioner`, …).
    NoProvisioner,
    /// The external provisioner refuses claims with a selector.
    SelectorRefused,
    /// `volumeName` names a volume that does not exist.
    VolumeMissing,
    /// `volumeName` names a volume that does not satisfy the claim.
    VolumeMismatch,
    /// `volumeName` names a volume bound to another claim.
    VolumeTaken,
    /// Being deleted.
    Terminating,
}

/// One volume's verdict for a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeVerdict {
    pub volume: String,
    /// True for the volume the claim got (or will get).
    pub chosen: bool,
    /// Why it was chosen, or the first rule it fails, in words.
    pub reason: String,
    /// The claim's requirement that first rule is about, when it is one (a volume bound to
    /// another claim or not Available fails for its own state, not the claim's asking).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmet: Option<Requirement>,
}

/// One of the claim's requirements, as the flowchart's requirements box lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Requirement {
    AccessModes,
    Size,
    /// The selector's labels.
    Labels,
    StorageClass,
    VolumeMode,
}

impl Requirement {
    /// The requirement a failed rule is about, if it is one of the claim's.
    pub fn of(m: &Mismatch) -> Option<Requirement> {
        match m {
            Mismatch::AccessModes { .. } => Some(Requirement::AccessModes),
            Mismatch::TooSmall(_) => Some(Requirement::Size),
            Mismatch::Selector => Some(Requirement::Labels),
            Mismatch::Class { .. } => Some(Requirement::StorageClass),
            Mismatch::VolumeMode { .. } => Some(Requirement::VolumeMode),
            _ => None,
        }
    }
}

/// Where a pod that mounts the claim runs, or why it cannot.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodPlacement {
    /// `namespace/name`, as kubectl writes it.
    pub pod: String,
    /// The pod's key, for acting on it (the view's Delete button).
    #[serde(skip)]
    pub key: ObjectKey,
    pub node: Option<String>,
    pub problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimExplanation {
    pub claim: String,
    pub phase: ClaimPhase,
    /// The claim's requirements as one line: `RWO · 5Gi · app=db · class fast`.
    pub requirements: String,
    pub route: Route,
    /// Where the claim is heading when the route alone does not say it: being deleted, what
    /// holds it, and what then happens to its volume.
    pub note: Option<String>,
    /// Verdicts of the volumes shown (see [`Verdicts`]): the chosen one first, then by name.
    pub volumes: Vec<VolumeVerdict>,
    /// How many of the cluster's volumes have no verdict here.
    pub volumes_not_shown: usize,
    pub pods: Vec<PodPlacement>,
    /// What its StatefulSet, its owners and an expansion add (§17, §19, §20).
    pub notes: Vec<super::claim_notes::Note>,
}

/// A Pending claim and the route the PV controller's next pass would take for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRoute {
    pub namespace: String,
    pub name: String,
    pub route: Route,
    /// For a claim whose class binds on first consumer: the volume that passes every rule of
    /// the PV controller but the wait, the scheduler's candidate once a pod is placed on a
    /// node its affinity allows. Not reserved: several claims may name the same one.
    pub scheduler_candidate: Option<String>,
}

impl Route {
    /// The reason of the event the PV controller (or the provisioner) records on a Pending
    /// claim with this route, as `kubectl describe pvc` shows it; None where Kubernetes
    /// records none (a named volume that does not exist, a claim being deleted, a binding
    /// about to happen).
    pub fn event_reason(&self) -> Option<&'static str> {
        match self {
            Route::Blocked { reason, .. } => match reason {
                Blocked::NoClass | Blocked::VolumeTaken => Some("FailedBinding"),
                Blocked::NoSuchClass | Blocked::NoProvisioner | Blocked::SelectorRefused => {
                    Some("ProvisioningFailed")
                }
                Blocked::WaitForFirstConsumer => Some("WaitForFirstConsumer"),
                Blocked::WaitForPodScheduled => Some("WaitForPodScheduled"),
                Blocked::VolumeMismatch => Some("VolumeMismatch"),
                Blocked::VolumeMissing | Blocked::Terminating => None,
            },
            Route::Dynamic { volume: None, .. } => Some("ExternalProvisioning"),
            Route::Dynamic {
                volume: Some(_), ..
            }
            | Route::Static { .. } => None,
            Route::Lost { .. } => Some("ClaimLost"),
        }
    }

    /// What the route means for the claim, in Kubernetes' words where it has them.
    pub fn message(&self) -> String {
        match self {
            Route::Blocked { message, .. } | Route::Lost { message, .. } => message.clone(),
            Route::Static { volume, .. } => {
                format!("volume \"{volume}\" fits: the PV controller binds it on its next pass")
            }
            Route::Dynamic {
                class,
                provisioner,
                volume: None,
                ..
            } => Unmatched::External {
                class: class.clone(),
                provisioner: provisioner.clone(),
            }
            .message(),
            Route::Dynamic {
                volume: Some(volume),
                pending: true,
                ..
            } => format!(
                "volume \"{volume}\" was provisioned for it: the PV controller binds it on its next pass"
            ),
            Route::Dynamic {
                volume: Some(volume),
                provisioner,
                ..
            } => format!("bound to volume \"{volume}\", provisioned for it by {provisioner}"),
        }
    }
}

/// How many volume verdicts an explanation carries: every volume's, or the first `n` (the
/// chosen volume first, the rest by name). Verdicts are worked out only for the volumes
/// shown, so explaining many claims costs what the output holds, not claims × volumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdicts {
    All,
    First(usize),
}

impl Verdicts {
    fn limit(self) -> usize {
        match self {
            Verdicts::All => usize::MAX,
            Verdicts::First(n) => n,
        }
    }
}

/// Explains many claims of one cluster: the PV controller's volume index, the volume names in
/// order and the pods of each claim are built once, so each claim costs its own volumes'
/// search and the verdicts shown (`Cluster::explain_claim` is one claim through it).
pub struct Explainer<'c> {
    cluster: &'c Cluster,
    // Every index below is built the first time an explanation needs it, not up front: the
    // page explains one claim of a 20,000-object session per render, and each full scan of
    // the volumes costs milliseconds there.
    /// The volumes as the PV controller's next pass sees them when it matches claims (see
    /// `as_next_pass_sees`); None when that is the cluster's own (no volume just created).
    seen: OnceCell<Option<VolumeMap>>,
    /// The PV controller's index over those volumes, built the first time a claim's route
    /// needs a match (a Bound claim's never does: 20 ms at 10,000 volumes in the page).
    index: OnceCell<VolumeIndex>,
    /// Provisioned volumes by the uid of the claim they were made for.
    provisioned: OnceCell<HashMap<&'c str, &'c PersistentVolume>>,
    /// The cluster after one more pass, worked out at most once, when a claim's route is
    /// still to be decided and a volume fits it.
    next: OnceCell<Cluster>,
    /// Pods by the claim (namespace, name) they mount, in pod-name order.
    pods: OnceCell<BTreeMap<(&'c str, &'c str), Vec<&'c NsName>>>,
}

impl<'c> Explainer<'c> {
    fn new(cluster: &'c Cluster) -> Self {
        Self {
            cluster,
            seen: OnceCell::new(),
            index: OnceCell::new(),
            provisioned: OnceCell::new(),
            next: OnceCell::new(),
            pods: OnceCell::new(),
        }
    }

    /// The volumes as the next pass matches them against claims.
    fn seen(&self) -> &VolumeMap {
        let cluster = self.cluster;
        self.seen
            .get_or_init(|| {
                let changed = cluster
                    .volumes
                    .values()
                    .any(|pv| matches!(as_next_pass_sees(pv), Cow::Owned(_)));
                changed.then(|| {
                    cluster
                        .volumes
                        .iter()
                        .map(|(name, pv)| (name.clone(), as_next_pass_sees(pv).into_owned()))
                        .collect()
                })
            })
            .as_ref()
            .unwrap_or(&cluster.volumes)
    }

    /// Pods by the claim (namespace, name) they mount.
    fn pods(&self) -> &BTreeMap<(&'c str, &'c str), Vec<&'c NsName>> {
        self.pods.get_or_init(|| {
            let mut pods: BTreeMap<(&str, &str), Vec<&NsName>> = BTreeMap::new();
            for (key, pod) in &self.cluster.pods {
                let mut mounted: Vec<&str> = pod.spec.claim_names().collect();
                mounted.compact_sort();
                mounted.dedup();
                for claim in mounted {
                    pods.entry((key.0.as_str(), claim)).or_default().push(key);
                }
            }
            pods
        })
    }

    /// The volume made for this claim, if one exists (see [`is_provisioned_for`]).
    fn provisioned_for(&self, claim: &PersistentVolumeClaim) -> Option<&'c PersistentVolume> {
        self.provisioned
            .get_or_init(|| self.cluster.provisioned_by_uid())
            .get(claim.metadata.uid.as_str())
            .copied()
            .filter(|pv| is_provisioned_for(pv, claim))
    }

    /// The explanation of one claim with `verdicts` of its volumes, or None if there is no
    /// such claim.
    pub fn explain(
        &self,
        namespace: &str,
        name: &str,
        verdicts: Verdicts,
    ) -> Option<ClaimExplanation> {
        let cluster = self.cluster;
        let key: NsName = (namespace.to_owned(), name.to_owned());
        let claim = cluster.claims.get(&key)?;
        let view = ClaimView::new(claim);
        let delay = cluster.is_delay_binding(claim);
        // A Bound claim's route looks only at the volume it is bound to: no index of them all.
        let provisioned = if claim.status.phase == ClaimPhase::Bound {
            (cluster.volumes.get(&claim.spec.volume_name))
                .filter(|pv| is_provisioned_for(pv, claim))
        } else {
            self.provisioned_for(claim)
        };
        let route = cluster.route(claim, provisioned, || {
            // No volume fits it as the next pass will see them: that pass binds none. One
            // fits: the pass itself says whether a claim synced earlier takes it first.
            let seen = self.seen();
            let index = self.index.get_or_init(|| VolumeIndex::build(seen.values()));
            index.find_best_match(seen, &view, delay)?;
            let after = self.next.get_or_init(|| cluster.after_one_pass());
            after
                .claims
                .get(&key)
                .filter(|c| c.status.phase == ClaimPhase::Bound)
                .map(|c| c.spec.volume_name.clone())
                .filter(|v| !v.is_empty())
        });
        let chosen = match &route {
            Route::Static { volume, .. } | Route::Lost { volume, .. } => Some(volume.clone()),
            Route::Dynamic { volume, .. } => volume.clone(),
            Route::Blocked { .. } => None,
        };
        let volumes = self.volume_verdicts(claim, &view, delay, chosen.as_deref(), verdicts);
        Some(ClaimExplanation {
            claim: format!("{namespace}/{name}"),
            phase: claim.status.phase,
            requirements: requirements(claim),
            note: cluster.claim_note(&key, claim),
            route,
            volumes_not_shown: cluster.volumes.len() - volumes.len(),
            volumes,
            pods: self.placements(&key),
            notes: self.cluster.claim_notes(claim),
        })
    }

    /// The chosen volume first (if it exists), then the others by name, up to the limit; a
    /// reason is written only for those.
    fn volume_verdicts(
        &self,
        claim: &PersistentVolumeClaim,
        view: &ClaimView,
        delay: bool,
        chosen: Option<&str>,
        verdicts: Verdicts,
    ) -> Vec<VolumeVerdict> {
        let cluster = self.cluster;
        let bound_here = claim.status.phase == ClaimPhase::Bound;
        let winner = chosen.and_then(|c| cluster.volumes.get(c));
        let first = winner.map(|pv| VolumeVerdict {
            volume: pv.metadata.name.clone(),
            chosen: true,
            reason: cluster.why_chosen(pv, claim, bound_here),
            unmet: None,
        });
        let next = self.next.get();
        let others = cluster
            .volumes()
            .filter(|pv| Some(pv.metadata.name.as_str()) != chosen)
            .map(|pv| {
                // Judged as the PV controller's next pass sees it (a new volume is Available
                // by the time claims are matched), for this claim and the route it predicts.
                let pv: &PersistentVolume = &as_next_pass_sees(pv);
                let verdict = controller_verdict(pv, view, delay);
                let unmet = verdict.as_ref().err().and_then(Requirement::of);
                let reason = match verdict {
                    Err(m) => cluster.verdict_words(&m, pv, view),
                    Ok(Fit::PreBound) => "reserved for this claim by its claimRef".into(),
                    Ok(Fit::Candidate) => match (winner, taken_in(next, pv)) {
                        (_, Some(other)) => format!(
                            "fits, but the next pass binds it to {other}, a claim the PV controller syncs first (created earlier)"
                        ),
                        (Some(winner), None) => beaten_by(pv, winner),
                        (None, None) => "fits".into(),
                    },
                };
                VolumeVerdict {
                    volume: pv.metadata.name.clone(),
                    chosen: false,
                    reason,
                    unmet,
                }
            });
        first
            .into_iter()
            .chain(others)
            .take(verdicts.limit())
            .collect()
    }

    fn placements(&self, claim: &NsName) -> Vec<PodPlacement> {
        let cluster = self.cluster;
        let Some(pods) = self.pods().get(&(claim.0.as_str(), claim.1.as_str())) else {
            return Vec::new();
        };
        pods.iter()
            .map(|key| {
                let pod_key = ObjectKey::new(Kind::Pod, Some(&key.0), &key.1);
                let pod_name = format!("{}/{}", key.0, key.1);
                let node_name = cluster
                    .pods
                    .get(*key)
                    .map(|pod| pod.spec.node_name.as_str())
                    .unwrap_or_default();
                if !node_name.is_empty() {
                    let problem = cluster
                        .events
                        .of(&pod_key)
                        .filter(|e| e.reason == "FailedAttachVolume")
                        .last()
                        .map(|e| e.message.clone());
                    return PodPlacement {
                        pod: pod_name,
                        key: pod_key,
                        node: Some(node_name.to_owned()),
                        problem,
                    };
                }
                let problem = match cluster.reservations.get(*key) {
                    Some(r) => format!(
                        "assumed on node {}, waiting for its volumes to be bound",
                        r.node
                    ),
                    None => match cluster.find_placement(key) {
                        Ok(p) => format!("can run on node {}", p.node),
                        Err(why) => why.message(cluster.nodes.len()),
                    },
                };
                PodPlacement {
                    pod: pod_name,
                    key: pod_key,
                    node: None,
                    problem: Some(problem),
                }
            })
            .collect()
    }
}

impl Cluster {
    /// The explanation of one claim with every volume's verdict, or None if there is no such
    /// claim.
    pub fn explain_claim(&self, namespace: &str, name: &str) -> Option<ClaimExplanation> {
        self.explainer().explain(namespace, name, Verdicts::All)
    }

    /// The cluster after one more pass of every controller: what the next pass decides for
    /// claims nothing was decided for yet (with every rule of the pass: volumes synced
    /// first, claims in creation order, a volume taken by an earlier claim gone for later
    /// ones).
    fn after_one_pass(&self) -> Cluster {
        let mut next = self.clone();
        next.sync_once();
        next
    }

    /// An [`Explainer`] for explaining many claims of this cluster.
    pub fn explainer(&self) -> Explainer<'_> {
        Explainer::new(self)
    }

    /// Explanations of every claim, in namespace/name order, each with `verdicts` of its
    /// volumes.
    pub fn explain_all(&self, verdicts: Verdicts) -> Vec<ClaimExplanation> {
        let explainer = self.explainer();
        let mut keys: Vec<&NsName> = self.claims.keys().collect();
        keys.compact_sort();
        keys.into_iter()
            .filter_map(|(ns, name)| explainer.explain(ns, name, verdicts))
            .collect()
    }

    /// The route of every Pending claim as the PV controller's next pass would take it,
    /// without running it: claims in creation order, volumes found through the controller's
    /// own index, a volume picked for one claim no longer free for the next (as
    /// `sync_pv_controller` does). What a diagnosis of a real cluster's dump shows.
    pub fn pending_routes(&self) -> Vec<PendingRoute> {
        let index = VolumeIndex::build(self.volumes.values());
        // Provisioned volumes by the uid of the claim they were made for, found once.
        let provisioned = self.provisioned_by_uid();
        let mut out = Vec::new();
        for key in self.creation_order(Kind::PersistentVolumeClaim) {
            let Some(claim) = self.claims.get(key) else {
                continue;
            };
            if claim.status.phase != ClaimPhase::Pending {
                continue;
            }
            let view = ClaimView::new(claim);
            let delay = self.is_delay_binding(claim);
            let made_for = provisioned
                .get(claim.metadata.uid.as_str())
                .copied()
                .filter(|pv| is_provisioned_for(pv, claim));
            let route = self.route(claim, made_for, || {
                index.take_best_match(&self.volumes, &view, delay)
            });
            let waits = matches!(
                route,
                Route::Blocked {
                    reason: Blocked::WaitForFirstConsumer | Blocked::WaitForPodScheduled,
                    ..
                }
            );
            let scheduler_candidate = if waits {
                index.find_best_match(&self.volumes, &view, false)
            } else {
                None
            };
            out.push(PendingRoute {
                namespace: key.0.clone(),
                name: key.1.clone(),
                route,
                scheduler_candidate,
            });
        }
        out
    }

    /// The volumes that say who provisioned them, by the uid of the claim their `claimRef`
    /// names (one scan of every volume).
    fn provisioned_by_uid(&self) -> HashMap<&str, &PersistentVolume> {
        self.volumes
            .values()
            .filter(|pv| pv.metadata.annotation(ann::PROVISIONED_BY).is_some())
            .filter_map(|pv| {
                let uid = pv.spec.claim_ref.as_ref()?.uid.as_str();
                (!uid.is_empty()).then_some((uid, pv))
            })
            .collect()
    }

    /// The volume a provisioner created for this claim, if one exists: the one the claim
    /// names, else the provisioners' default name `pvc-<uid>`, else the first by name of the
    /// volumes whose `claimRef` carries the claim's uid and that say who provisioned them.
    pub fn provisioned_for(&self, claim: &PersistentVolumeClaim) -> Option<&PersistentVolume> {
        if claim.metadata.uid.is_empty() {
            return None;
        }
        let likely = [
            claim.spec.volume_name.clone(),
            format!("pvc-{}", claim.metadata.uid),
        ];
        likely
            .iter()
            .filter_map(|name| self.volumes.get(name))
            .find(|pv| is_provisioned_for(pv, claim))
            .or_else(|| {
                self.volumes
                    .values()
                    .filter(|pv| is_provisioned_for(pv, claim))
                    .min_by(|a, b| a.metadata.name.cmp(&b.metadata.name))
            })
    }

    /// The claim's route: what happened to it (bound, lost, provisioned for, named a volume),
    /// and for a claim nothing was decided for yet, what the PV controller's next pass
    /// decides. `provisioned` is the volume made for it ([`Cluster::provisioned_for`]);
    /// `best_match` finds the volume the PV controller's next pass binds it to (read from
    /// that pass for one claim, through the controller's index for many), asked only for an
    /// unbound claim that names no volume and has none provisioned.
    fn route(
        &self,
        claim: &PersistentVolumeClaim,
        provisioned: Option<&PersistentVolume>,
        best_match: impl FnOnce() -> Option<String>,
    ) -> Route {
        let bound = (!claim.spec.volume_name.is_empty()).then(|| claim.spec.volume_name.clone());
        let dynamic = |pv: &PersistentVolume, pending: bool| Route::Dynamic {
            class: claim_class_or_empty(claim).to_owned(),
            provisioner: pv
                .metadata
                .annotation(ann::PROVISIONED_BY)
                .unwrap_or_default()
                .to_owned(),
            volume: Some(pv.metadata.name.clone()),
            pending,
        };
        if claim.status.phase == ClaimPhase::Lost {
            let volume = bound.unwrap_or_default();
            let message = if self.volumes.contains_key(&volume) {
                "Two claims are bound to the same volume, this one is bound incorrectly".to_owned()
            } else if volume.is_empty() {
                "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"
                    .to_owned()
            } else {
                "Bound claim has lost its PersistentVolume. Data on the volume is lost!".to_owned()
            };
            // The volume is gone: the claim itself says it was handed to a provisioner, and
            // provisioners name their volumes after the claim's uid.
            let handed = claim
                .metadata
                .annotation(ann::STORAGE_PROVISIONER)
                .or_else(|| claim.metadata.annotation(ann::BETA_STORAGE_PROVISIONER))
                .is_some();
            let provisioned_from =
                (handed && !claim.metadata.uid.is_empty() && volume.ends_with(&claim.metadata.uid))
                    .then(|| claim_class_or_empty(claim).to_owned());
            return Route::Lost {
                volume,
                message,
                provisioned_from,
            };
        }
        if claim.status.phase == ClaimPhase::Bound {
            return match provisioned.filter(|pv| bound.as_deref() == Some(&pv.metadata.name)) {
                Some(pv) => dynamic(pv, false),
                None => Route::Static {
                    volume: bound.unwrap_or_default(),
                    pending: false,
                },
            };
        }
        // Provisioned for it, not bound yet: the next pass binds it (the volume is reserved
        // for the claim by its claimRef), whatever else would fit.
        if let Some(pv) =
            provisioned.filter(|pv| bound.as_deref().is_none_or(|v| v == pv.metadata.name))
        {
            return dynamic(pv, true);
        }
        if let Some(volume) = bound {
            return self.prebound_route(claim, &volume);
        }
        let blocked = |at, reason, message: String| Route::Blocked {
            at,
            reason,
            message,
        };
        if claim.metadata.is_being_deleted() {
            return blocked(
                Stop::Claim,
                Blocked::Terminating,
                "the claim is being deleted".into(),
            );
        }
        if let Some(volume) = best_match() {
            return Route::Static {
                volume,
                pending: true,
            };
        }
        let default = (!super::classes::claim_has_class(claim))
            .then(|| default_class(self.classes.values()))
            .flatten();
        let class_name = match default {
            Some(d) => d.metadata.name.clone(),
            None => claim_class_or_empty(claim).to_owned(),
        };
        let decision = self.unmatched(claim, &class_name);
        let message = decision.message();
        let provisioner = match decision {
            Unmatched::WaitForConsumer { pods } if pods.is_empty() => {
                return blocked(
                    Stop::DynamicProvisioning,
                    Blocked::WaitForFirstConsumer,
                    message,
                )
            }
            Unmatched::WaitForConsumer { .. } => {
                return blocked(
                    Stop::DynamicProvisioning,
                    Blocked::WaitForPodScheduled,
                    message,
                )
            }
            Unmatched::NoClass => return blocked(Stop::Decision, Blocked::NoClass, message),
            Unmatched::NoSuchClass { .. } => {
                return blocked(Stop::StorageClass, Blocked::NoSuchClass, message)
            }
            Unmatched::NoPlugin { .. } => {
                return blocked(Stop::StorageClass, Blocked::NoProvisioner, message)
            }
            Unmatched::External { provisioner, .. } => provisioner,
        };
        if claim.spec.selector.is_some() {
            return blocked(
                Stop::StorageClass,
                Blocked::SelectorRefused,
                provisioner::selector_refusal(&class_name),
            );
        }
        Route::Dynamic {
            class: class_name,
            provisioner,
            volume: None,
            pending: true,
        }
    }

    fn prebound_route(&self, claim: &PersistentVolumeClaim, volume: &str) -> Route {
        let blocked = |reason, message: String| Route::Blocked {
            at: Stop::StaticProvisioning,
            reason,
            message,
        };
        let Some(pv) = self.volumes.get(volume) else {
            return blocked(
                Blocked::VolumeMissing,
                format!("volume \"{volume}\" named by spec.volumeName does not exist"),
            );
        };
        match &pv.spec.claim_ref {
            Some(r) if !ref_points_to(r, claim) => blocked(
                Blocked::VolumeTaken,
                format!("volume \"{volume}\" already bound to a different claim."),
            ),
            Some(_) => Route::Static {
                volume: volume.to_owned(),
                pending: true,
            },
            None => match check_volume_satisfy_claim(pv, claim) {
                Ok(()) => Route::Static {
                    volume: volume.to_owned(),
                    pending: true,
                },
                Err(reason) => blocked(
                    Blocked::VolumeMismatch,
                    format!("Cannot bind to requested volume \"{volume}\": {reason}"),
                ),
            },
        }
    }

    /// For a claim being deleted: what holds it and what then happens to its volume.
    fn claim_note(&self, key: &NsName, claim: &PersistentVolumeClaim) -> Option<String> {
        if !claim.metadata.is_being_deleted() {
            return None;
        }
        let holders: Vec<String> = self
            .pods
            .iter()
            .filter(|((ns, _), pod)| {
                *ns == key.0
                    && !pod.spec.node_name.is_empty()
                    && pod.spec.claim_names().any(|c| c == key.1)
            })
            .map(|((ns, name), _)| format!("{ns}/{name}"))
            .collect();
        let held = if holders.is_empty() {
            "Deleted: no scheduled pod uses it, so pvc-protection lets it go on the next pass"
                .to_owned()
        } else {
            format!(
                "Deleted, but pvc-protection keeps it (Terminating) while pod{} {} use{} it: delete {} to let it go",
                if holders.len() == 1 { "" } else { "s" },
                holders.join(", "),
                if holders.len() == 1 { "s" } else { "" },
                if holders.len() == 1 { "that pod" } else { "those pods" },
            )
        };
        let volume = self
            .volumes
            .get(&claim.spec.volume_name)
            .filter(|_| claim.status.phase == ClaimPhase::Bound);
        Some(match volume {
            Some(pv) => format!(
                "{held}. Then its volume {} is Released (reclaim policy {}).",
                pv.metadata.name,
                pv.spec.reclaim_policy()
            ),
            None => format!("{held}."),
        })
    }

    /// A failed rule in words, with what the cluster knows about the claim a `claimRef`
    /// names: a live claim, a claim the volume was provisioned for, or a claim that was
    /// deleted (the volume then Released or Failed, kept for it).
    fn verdict_words(&self, m: &Mismatch, pv: &PersistentVolume, view: &ClaimView) -> String {
        let Mismatch::ClaimRef {
            namespace,
            name,
            bound: true,
        } = m
        else {
            return describe_mismatch(m, pv, view);
        };
        let owner = format!("{namespace}/{name}");
        let uid = pv.spec.claim_ref.as_ref().map_or("", |r| r.uid.as_str());
        let deleting = if pv.metadata.is_being_deleted() {
            "; deleted, pv-protection keeps it (Terminating) while it is Bound"
        } else {
            ""
        };
        let live = self
            .claims
            .get(&(namespace.clone(), name.clone()))
            .filter(|c| c.metadata.uid == uid);
        if let Some(owner_claim) = live {
            let provisioned = is_provisioned_for(pv, owner_claim);
            return match (provisioned, owner_claim.status.phase) {
                (true, ClaimPhase::Bound) => format!("provisioned for {owner} and bound to it{deleting}"),
                (true, _) => format!(
                    "provisioned for {owner}: the PV controller binds it to that claim on its next pass{deleting}"
                ),
                (false, ClaimPhase::Bound) if owner_claim.spec.volume_name == pv.metadata.name => {
                    format!("bound to {owner}{deleting}")
                }
                (false, _) => format!(
                    "claimRef holds it for {owner}, whose binding is not finished yet{deleting}"
                ),
            };
        }
        // The claim it was bound to is gone (or is a new claim of the same name).
        let same_name_new = view.claim.metadata.name == *name && view.namespace == namespace;
        let whose = if same_name_new {
            format!(
                "its claimRef names the deleted claim {owner} (an older object of this claim's name, uid {uid}), not this claim"
            )
        } else {
            format!("its claimRef still names the deleted claim {owner}")
        };
        match pv.status.phase {
            VolumePhase::Released => {
                let fate = match ReclaimPolicy::parse(pv.spec.reclaim_policy()) {
                    Some(ReclaimPolicy::Retain) => {
                        "reclaim policy Retain keeps it (and its data) until an admin removes the claimRef or deletes the volume"
                    }
                    Some(ReclaimPolicy::Delete) => "reclaim policy Delete: it waits to be deleted",
                    Some(ReclaimPolicy::Recycle) => {
                        "reclaim policy Recycle: it is scrubbed, then Available again"
                    }
                    None => "its reclaim policy is not one Kubernetes knows",
                };
                format!("Released: {whose}; {fate}{deleting}")
            }
            VolumePhase::Failed => {
                let why = pv
                    .status
                    .message
                    .as_deref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default();
                format!(
                    "Failed{why}: {whose}; it stays out of use until an admin removes the claimRef or deletes the volume{deleting}"
                )
            }
            _ => format!(
                "{whose}: the PV controller releases it on its next pass (reclaim policy {}){deleting}",
                pv.spec.reclaim_policy()
            ),
        }
    }

    fn why_chosen(
        &self,
        pv: &PersistentVolume,
        claim: &PersistentVolumeClaim,
        bound: bool,
    ) -> String {
        let verb = if bound { "bound" } else { "will bind" };
        let leaving = if pv.metadata.is_being_deleted() {
            "; the volume was deleted, pv-protection keeps it (Terminating) while it is Bound"
        } else {
            ""
        };
        if is_provisioned_for(pv, claim) {
            let by = pv
                .metadata
                .annotation(ann::PROVISIONED_BY)
                .unwrap_or_default();
            return format!("{verb}: provisioned for this claim by {by}{leaving}");
        }
        if !claim.spec.volume_name.is_empty()
            && !claim
                .metadata
                .has_annotation(ann::BOUND_BY_CONTROLLER, ann::YES)
        {
            return format!("{verb}: named by the claim's spec.volumeName{leaving}");
        }
        if pv
            .spec
            .claim_ref
            .as_ref()
            .is_some_and(|r| ref_points_to(r, claim))
            && (!pv
                .metadata
                .has_annotation(ann::BOUND_BY_CONTROLLER, ann::YES)
                || only_reservation_admits(pv, claim))
        {
            return format!("{verb}: reserved for this claim by its claimRef{leaving}");
        }
        let modes = AccessModes::from_strings(&pv.spec.access_modes);
        let capacity = pv
            .spec
            .storage()
            .map(ToString::to_string)
            .unwrap_or_default();
        format!("{verb}: the smallest fitting volume ({capacity}) in the smallest access-mode set that has one ({modes}){leaving}")
    }
}

/// Why a fitting volume lost to the chosen one.
fn beaten_by(pv: &PersistentVolume, winner: &PersistentVolume) -> String {
    let (mine, theirs) = (
        AccessModes::from_strings(&pv.spec.access_modes),
        AccessModes::from_strings(&winner.spec.access_modes),
    );
    if mine != theirs && (theirs.len(), theirs.short_string()) < (mine.len(), mine.short_string()) {
        return format!("fits, but access-mode set {theirs} is searched before {mine}");
    }
    let show = |p: &PersistentVolume| {
        p.spec
            .storage()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    if pv.spec.storage() == winner.spec.storage() {
        format!(
            "fits, but {} has the same capacity and a name that sorts first",
            winner.metadata.name
        )
    } else {
        format!(
            "fits, but {} ({}) is smaller than {}",
            winner.metadata.name,
            show(winner),
            show(pv)
        )
    }
}

/// The first failed rule in words, with the values that failed it.
pub fn describe_mismatch(m: &Mismatch, pv: &PersistentVolume, view: &ClaimView) -> String {
    match m {
        Mismatch::AccessModes { volume, claim } => {
            let missing: Vec<&str> = claim
                .iter()
                .filter(|x| !volume.contains(*x))
                .map(AccessMode::as_str)
                .collect();
            format!("access modes {volume} lack {}", missing.join(", "))
        }
        Mismatch::Excluded => "already chosen for another claim of the same pod".into(),
        Mismatch::ClaimRef {
            namespace,
            name,
            bound,
        } => {
            if *bound {
                format!("bound to {namespace}/{name}")
            } else {
                format!("claimRef reserves it for {namespace}/{name}")
            }
        }
        Mismatch::TooSmall(size) => match &size.capacity {
            Some(c) => format!("capacity {c} < request {}", size.request),
            None => format!("no capacity < request {}", size.request),
        },
        Mismatch::VolumeMode { volume, claim } => {
            format!(
                "volumeMode {} differs from the claim's {}",
                volume.as_str(),
                claim.as_str()
            )
        }
        Mismatch::VolumeAttributesClass { volume, claim } => {
            format!("volumeAttributesClassName {volume:?} differs from the claim's {claim:?}")
        }
        Mismatch::BeingDeleted => "being deleted".into(),
        Mismatch::DelayBinding => {
            "WaitForFirstConsumer: the scheduler picks the volume when a pod needs the claim".into()
        }
        Mismatch::NotAvailable { phase } => format!("phase {phase}, not Available"),
        Mismatch::Selector => {
            let labels: Vec<String> = pv
                .metadata
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!(
                "labels {{{}}} do not match the selector {}",
                labels.join(","),
                view.claim
                    .spec
                    .selector
                    .as_ref()
                    .map(selector_text)
                    .unwrap_or_default()
            )
        }
        Mismatch::Class { volume, claim } => {
            let has = if volume.is_empty() {
                "it has no class".to_owned()
            } else {
                format!("class {volume:?}")
            };
            let wants = if claim.is_empty() {
                "no class".to_owned()
            } else {
                format!("class {claim:?}")
            };
            format!("{has}, the claim asks for {wants}")
        }
        Mismatch::NodeAffinity { node } => format!("node affinity excludes node {node}"),
        Mismatch::ReservedNodeAffinity { node } => {
            format!("reserved for this claim, but its node affinity excludes node {node}")
        }
    }
}

/// A selector as `kubectl` shows it: `app=db,tier in (a,b),!legacy`.
pub fn selector_text(selector: &LabelSelector) -> String {
    let mut parts: Vec<String> = selector
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for e in &selector.match_expressions {
        parts.push(match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, e.values.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, e.values.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            other => format!("{} {other} ({})", e.key, e.values.join(",")),
        });
    }
    parts.join(",")
}

/// A claim's requirements on one line, as the flowchart's requirements box shows them.
pub fn requirements(claim: &PersistentVolumeClaim) -> String {
    let mut parts = vec![AccessModes::from_strings(&claim.spec.access_modes).short_string()];
    if let Some(request) = claim.spec.request() {
        parts.push(request.to_string());
    }
    if let Some(selector) = &claim.spec.selector {
        parts.push(selector_text(selector));
    }
    parts.push(match claim_class(claim) {
        None => "no class set".into(),
        Some("") => "class \"\"".into(),
        Some(c) => format!("class {c}"),
    });
    if VolumeMode::of(claim.spec.volume_mode.as_deref()) == VolumeMode::Block {
        parts.push("Block".into());
    }
    parts.join(" · ")
}

/// Whether a provisioner created this volume for this claim: it says who provisioned it, and
/// its `claimRef` names the claim with the claim's uid (§8.3, §8.4).
pub fn is_provisioned_for(pv: &PersistentVolume, claim: &PersistentVolumeClaim) -> bool {
    pv.metadata.annotation(ann::PROVISIONED_BY).is_some()
        && !claim.metadata.uid.is_empty()
        && pv
            .spec
            .claim_ref
            .as_ref()
            .is_some_and(|r| r.uid == claim.metadata.uid && ref_points_to(r, claim))
}

/// A volume as the PV controller's next pass sees it when it matches claims: its own sync has
/// run first, and a volume with no `claimRef`, or one without a uid (a reservation by name),
/// is Available whatever its phase was (§5 steps 1–2). Borrowed when that changes nothing.
fn as_next_pass_sees(pv: &PersistentVolume) -> Cow<'_, PersistentVolume> {
    let unbound = pv.spec.claim_ref.as_ref().is_none_or(|r| r.uid.is_empty());
    if unbound && pv.status.phase != VolumePhase::Available {
        let mut next = pv.clone();
        next.status.phase = VolumePhase::Available;
        next.status.message = None;
        Cow::Owned(next)
    } else {
        Cow::Borrowed(pv)
    }
}

/// The claim (`ns/name`) the next pass binds this volume to, when it binds it to one.
fn taken_in(next: Option<&Cluster>, pv: &PersistentVolume) -> Option<String> {
    let after = next?.volumes.get(&pv.metadata.name)?;
    let r = after
        .spec
        .claim_ref
        .as_ref()
        .filter(|r| !r.uid.is_empty())?;
    (pv.spec
        .claim_ref
        .as_ref()
        .is_none_or(|before| before.uid.is_empty()))
    .then(|| format!("{}/{}", r.namespace, r.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::random_objects;

    // The page explains the followed claim on every render of a session of up to 20,000
    // objects: a Bound claim's explanation must not index every volume to get there.
    #[test]
    fn a_bound_claims_explanation_builds_no_index_over_the_volumes() {
        let mut cluster = Cluster::new();
        for object in random_objects(200, 200, 7) {
            cluster.create(object).expect("generated objects are valid");
        }
        cluster.settle();
        let bound = cluster
            .claims()
            .find(|c| c.status.phase == ClaimPhase::Bound)
            .expect("some generated claim binds");
        let (ns, name) = (
            bound.metadata.namespace.clone().unwrap_or_default(),
            bound.metadata.name.clone(),
        );
        let explainer = cluster.explainer();
        let e = explainer
            .explain(&ns, &name, Verdicts::First(3))
            .expect("the claim exists");
        assert!(matches!(e.route, Route::Static { pending: false, .. }));
        assert_eq!(e.volumes.len(), 3);
        assert!(explainer.seen.get().is_none());
        assert!(explainer.index.get().is_none());
        assert!(explainer.provisioned.get().is_none());
        assert!(explainer.next.get().is_none());
        // The same explanation as the one that indexes everything.
        let full = cluster.explain_claim(&ns, &name).expect("the claim exists");
        assert_eq!(full.route, e.route);
        assert_eq!(full.volumes[..3], e.volumes[..]);
    }
}
