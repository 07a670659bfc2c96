//! The StatefulSet controller (`docs/kubernetes-rules.md` §17; `pkg/controller/statefulset`:
//! `updateStatefulSet`, `processReplica`, `processCondemned` in `stateful_set_control.go`,
//! `CreateStatefulPod`, `createPersistentVolumeClaims`, `UpdatePodClaimForRetentionPolicy`,
//! `PodClaimIsStale` in `stateful_pod_control.go`, `isClaimOwnerUpToDate` and friends in
//! `stateful_set_utils.go`): pods `<set>-<ordinal>` from `spec.ordinals.start`, their claims
//! `<template>-<set>-<ordinal>` made from the templates before each pod, OrderedReady versus
//! Parallel, scale-down from the highest ordinal, the retention policy written as owner
//! references, and the rolling update of pods whose revision is old.
//!
//! Simulator choices (`docs/scenarios.md`): one pass runs one sync of every set; claim volumes
//! come first in a pod, in template order; `minReadySeconds` counts as 0; new pods always get
//! the update revision (the simulator keeps no ControllerRevision history).

use super::annotations as ann;
use super::cluster::{Cluster, Finalizers, NsName};
use super::events::{source, EventType};
use super::names::{render_template, template_hash};
use super::objects::*;
use super::validation::workload_selector_matches;
use crate::sort::CompactSort;

/// A pod of a set as the retention rules see it: name (hence ordinal) and uid (empty for a pod
/// not created yet).
struct PodRef<'a> {
    name: &'a str,
    uid: &'a str,
}

/// `getParentNameAndOrdinal`: `(.*)-([0-9]+)$`, the ordinal an int32.
pub fn parent_and_ordinal(pod_name: &str) -> Option<(&str, i32)> {
    let (parent, digits) = pod_name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok().map(|ordinal| (parent, ordinal))
}

/// `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set: &str, ordinal: i32) -> String {
    format!("{template}-{set}-{ordinal}")
}

/// The set that made a claim from a template, and the ordinal, when the claim's name has the
/// shape `<template>-<set>-<ordinal>` for a live set of its namespace with that template.
pub fn claim_origin<'c>(
    cluster: &'c Cluster,
    claim: &PersistentVolumeClaim,
) -> Option<(&'c StatefulSet, String, i32)> {
    let namespace = claim.metadata.namespace.as_deref().unwrap_or("default");
    let (rest, ordinal) = parent_and_ordinal(&claim.metadata.name)?;
    cluster
        .stateful_sets()
        .filter(|set| set.metadata.namespace.as_deref().unwrap_or("default") == namespace)
        .find_map(|set| {
            let template = rest.strip_suffix(&format!("-{}", set.metadata.name))?;
            set.spec
                .volume_claim_templates
                .iter()
                .any(|t| t.metadata.name == template)
                .then(|| (set, template.to_owned(), ordinal))
        })
}

/// `podInOrdinalRange`.
fn in_range(spec: &StatefulSetSpec, ordinal: i32) -> bool {
    let start = spec.start_ordinal();
    ordinal >= start && ordinal < start.saturating_add(spec.replica_count())
}

/// The revision name a template of `set` gets (`<set>-<hash>`).
pub fn revision_name(set: &StatefulSet) -> String {
    let rendered = render_template(&set.spec.template);
    format!(
        "{}-{}",
        set.metadata.name,
        template_hash(&rendered, set.status.collision_count)
    )
}

/// A fingerprint of the set's template, to notice that it changed.
fn template_fingerprint(set: &StatefulSet) -> u32 {
    let hash = template_hash(&render_template(&set.spec.template), None);
    hash.bytes().fold(0u32, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u32::from(b))
    })
}

/// `utilerrors.NewAggregate(...).Error()`: one message as it is, several in brackets.
fn aggregate(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

fn has_owner_uid(meta: &ObjectMeta, uid: &str) -> bool {
    meta.owner_references.iter().any(|r| r.uid == uid)
}

/// `hasStaleOwnerRef`: a reference to this kind and name with another uid.
fn has_stale_owner_ref(meta: &ObjectMeta, kind: Kind, name: &str, uid: &str) -> bool {
    meta.owner_references
        .iter()
        .find(|r| r.names(kind, name))
        .is_some_and(|r| r.uid != uid)
}

/// `hasUnexpectedController`.
fn has_unexpected_controller(claim: &ObjectMeta, set: &StatefulSet, pod: &PodRef) -> bool {
    if set.spec.retention() == (RETAIN, RETAIN) {
        return false;
    }
    for reference in &claim.owner_references {
        if reference.names(Kind::StatefulSet, &set.metadata.name) {
            if reference.uid != set.metadata.uid {
                return true;
            }
            continue;
        }
        if reference.names(Kind::Pod, pod.name) {
            if reference.uid != pod.uid {
                return true;
            }
            continue;
        }
        if reference.is_controller() {
            return true;
        }
    }
    false
}

/// `hasNonControllerOwner`.
fn has_non_controller_owner(claim: &ObjectMeta, set: &StatefulSet, pod: &PodRef) -> bool {
    claim
        .owner_references
        .iter()
        .any(|r| (r.uid == set.metadata.uid || r.uid == pod.uid) && !r.is_controller())
}

/// `isClaimOwnerUpToDate` (§17.6's table).
fn claim_owner_up_to_date(claim: &ObjectMeta, set: &StatefulSet, pod: &PodRef) -> bool {
    let set_name = &set.metadata.name;
    if has_stale_owner_ref(claim, Kind::StatefulSet, set_name, &set.metadata.uid)
        || has_stale_owner_ref(claim, Kind::Pod, pod.name, pod.uid)
    {
        return true;
    }
    let set_ref = has_owner_uid(claim, &set.metadata.uid);
    let pod_ref = has_owner_uid(claim, pod.uid);
    if has_unexpected_controller(claim, set, pod) {
        return !(set_ref || pod_ref);
    }
    if has_non_controller_owner(claim, set, pod) {
        return false;
    }
    let scaled_down = parent_and_ordinal(pod.name).is_none_or(|(_, o)| !in_range(&set.spec, o));
    match set.spec.retention() {
        (DELETE, RETAIN) => set_ref && !pod_ref,
        (RETAIN, DELETE) => !set_ref && scaled_down == pod_ref,
        (DELETE, DELETE) => scaled_down != set_ref && scaled_down == pod_ref,
        // Retain/Retain, and anything unknown, which upstream treats as Retain.
        _ => !set_ref && !pod_ref,
    }
}

/// `updateClaimOwnerRefForSetAndPod`.
fn update_claim_owner_refs(claim: &mut ObjectMeta, set: &StatefulSet, pod: &PodRef) {
    let unexpected = has_unexpected_controller(claim, set, pod);
    claim.owner_references.retain(|r| {
        !r.names(Kind::StatefulSet, &set.metadata.name) && !r.names(Kind::Pod, pod.name)
    });
    if unexpected {
        return;
    }
    let scaled_down = parent_and_ordinal(pod.name).is_none_or(|(_, o)| !in_range(&set.spec, o));
    let set_owner = || OwnerReference::controller_of(&set.metadata, Kind::StatefulSet);
    let pod_owner = || OwnerReference {
        api_version: Kind::Pod.api_version().to_owned(),
        kind: Kind::Pod.as_str().to_owned(),
        name: pod.name.to_owned(),
        uid: pod.uid.to_owned(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    };
    let mut add = |owner: OwnerReference| {
        if !claim.owner_references.iter().any(|r| r.uid == owner.uid) {
            claim.owner_references.push(owner);
        }
    };
    match set.spec.retention() {
        (DELETE, RETAIN) => add(set_owner()),
        (RETAIN, DELETE) if scaled_down => add(pod_owner()),
        (DELETE, DELETE) if scaled_down => add(pod_owner()),
        (DELETE, DELETE) => add(set_owner()),
        _ => {}
    }
}

/// The claims a pod of `set` at `ordinal` mounts, made from the templates, in template order
/// (`getPersistentVolumeClaims`): labels are the template's plus the selector's `matchLabels`,
/// the selector winning a conflict.
pub fn claims_for(set: &StatefulSet, ordinal: i32) -> Vec<PersistentVolumeClaim> {
    let match_labels = set
        .spec
        .selector
        .as_ref()
        .map(|s| s.match_labels.clone())
        .unwrap_or_default();
    set.spec
        .volume_claim_templates
        .iter()
        .map(|template| {
            let mut metadata = template.metadata.clone();
            metadata.name = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
            metadata.namespace = set.metadata.namespace.clone();
            metadata.uid.clear();
            metadata.creation_timestamp = None;
            metadata.deletion_timestamp = None;
            metadata
                .labels
                .extend(match_labels.iter().map(|(k, v)| (k.clone(), v.clone())));
            PersistentVolumeClaim {
                metadata,
                spec: template.spec.clone(),
                status: PersistentVolumeClaimStatus::default(),
            }
        })
        .collect()
}

/// `newStatefulSetPod` with `setPodRevision`: the template, the identity labels, hostname and
/// subdomain, a controller reference to the set, and the claims' volumes.
fn new_pod(set: &StatefulSet, ordinal: i32, revision: &str) -> Pod {
    let template = &set.spec.template;
    let name = format!("{}-{ordinal}", set.metadata.name);
    let mut metadata = ObjectMeta {
        name: name.clone(),
        namespace: set.metadata.namespace.clone(),
        labels: template.metadata.labels.clone(),
        annotations: template.metadata.annotations.clone(),
        finalizers: template.metadata.finalizers.clone(),
        owner_references: vec![OwnerReference::controller_of(
            &set.metadata,
            Kind::StatefulSet,
        )],
        ..Default::default()
    };
    metadata
        .labels
        .insert(ann::STATEFUL_SET_POD_NAME.to_owned(), name.clone());
    metadata
        .labels
        .insert(ann::POD_INDEX.to_owned(), ordinal.to_string());
    metadata.labels.insert(
        ann::CONTROLLER_REVISION_HASH.to_owned(),
        revision.to_owned(),
    );
    let mut spec = template.spec.clone();
    spec.hostname = name;
    spec.subdomain = set.spec.service_name.clone();
    spec.volumes = storage_volumes(set, ordinal, &template.spec.volumes);
    Pod {
        metadata,
        spec,
        status: PodStatus::default(),
    }
}

/// `updateStorage`: one volume per claim template (named after the template) first, then the
/// pod's other volumes.
fn storage_volumes(set: &StatefulSet, ordinal: i32, current: &[PodVolume]) -> Vec<PodVolume> {
    let templates = &set.spec.volume_claim_templates;
    let mut volumes: Vec<PodVolume> = templates
        .iter()
        .map(|t| PodVolume {
            name: t.metadata.name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(&t.metadata.name, &set.metadata.name, ordinal),
                read_only: false,
            }),
            ..Default::default()
        })
        .collect();
    volumes.extend(
        current
            .iter()
            .filter(|v| !templates.iter().any(|t| t.metadata.name == v.name))
            .cloned(),
    );
    volumes
}

/// `storageMatches`.
fn storage_matches(set: &StatefulSet, pod: &Pod, ordinal: i32) -> bool {
    set.spec.volume_claim_templates.iter().all(|t| {
        pod.spec.volumes.iter().any(|v| {
            v.name == t.metadata.name
                && v.persistent_volume_claim.as_ref().is_some_and(|c| {
                    c.claim_name == claim_name(&t.metadata.name, &set.metadata.name, ordinal)
                })
        })
    })
}

/// `identityMatches`.
fn identity_matches(set: &StatefulSet, pod: &Pod) -> bool {
    parent_and_ordinal(&pod.metadata.name).is_some_and(|(parent, _)| parent == set.metadata.name)
        && pod.metadata.labels.get(ann::STATEFUL_SET_POD_NAME) == Some(&pod.metadata.name)
}

fn is_failed_or_succeeded(pod: &Pod) -> bool {
    pod.is_terminated()
}

/// A pod that counts as unavailable (`isUnavailable`, with `minReadySeconds` as 0).
fn unavailable(pod: Option<&Pod>) -> bool {
    pod.is_none_or(|p| !p.is_running_and_ready() || p.metadata.is_being_deleted())
}

impl Cluster {
    /// One sync of every StatefulSet, in creation order.
    pub(super) fn sync_stateful_sets(&mut self) -> bool {
        let mut changed = false;
        for key in self.in_creation_order(Kind::StatefulSet) {
            changed |= self.sync_stateful_set(&key);
        }
        changed
    }

    fn set_event(&mut self, set: &StatefulSet, type_: EventType, reason: &str, message: String) {
        let object = ObjectKey::new(
            Kind::StatefulSet,
            set.metadata.namespace.as_deref(),
            &set.metadata.name,
        );
        self.record(&object, type_, source::STATEFUL_SET, reason, message);
    }

    /// `recordPodEvent`: `Successful<Verb>` "… Pod <pod> in StatefulSet <set> successful", or
    /// `Failed<Verb>` "… failed error: <err>".
    fn pod_event(&mut self, set: &StatefulSet, verb: &str, pod: &str, error: Option<&str>) {
        let title = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
        let set_name = &set.metadata.name;
        match error {
            None => self.set_event(
                set,
                EventType::Normal,
                &format!("Successful{title}"),
                format!("{verb} Pod {pod} in StatefulSet {set_name} successful"),
            ),
            Some(error) => self.set_event(
                set,
                EventType::Warning,
                &format!("Failed{title}"),
                format!("{verb} Pod {pod} in StatefulSet {set_name} failed error: {error}"),
            ),
        }
    }

    fn sync_stateful_set(&mut self, key: &NsName) -> bool {
        let Some(set) = self.stateful_sets.get(key).cloned() else {
            return false;
        };
        let mut changed = self.claim_stateful_pods(&set, key);
        let revision = self.current_revision(&set);
        if !set.metadata.is_being_deleted() {
            changed |= self.update_stateful_set(&set, key, &revision);
        }
        changed | self.update_stateful_set_status(key, &revision)
    }

    /// The update revision of the set's template: the one it had when first seen (a set
    /// imported from a cluster keeps its `status.updateRevision`), a new name when the
    /// template changes.
    fn current_revision(&mut self, set: &StatefulSet) -> String {
        let fingerprint = template_fingerprint(set);
        match self.revisions.get(&set.metadata.uid) {
            Some((known, name)) if *known == fingerprint => return name.clone(),
            Some(_) => {}
            None if !set.status.update_revision.is_empty() => {
                let name = set.status.update_revision.clone();
                self.revisions
                    .insert(set.metadata.uid.clone(), (fingerprint, name.clone()));
                return name;
            }
            None => {}
        }
        let name = revision_name(set);
        self.revisions
            .insert(set.metadata.uid.clone(), (fingerprint, name.clone()));
        name
    }

    /// `ClaimPods`: adopt orphans of this namespace that match the selector and are named
    /// `<set>-<n>`; release owned pods that no longer match.
    fn claim_stateful_pods(&mut self, set: &StatefulSet, key: &NsName) -> bool {
        let mut changed = false;
        let pods: Vec<NsName> = self
            .pods
            .keys()
            .filter(|(ns, _)| *ns == key.0)
            .cloned()
            .collect();
        for pod_key in pods {
            let Some(pod) = self.pods.get_mut(&pod_key) else {
                continue;
            };
            let matches =
                workload_selector_matches(set.spec.selector.as_ref(), &pod.metadata.labels)
                    && parent_and_ordinal(&pod.metadata.name)
                        .is_some_and(|(parent, _)| parent == set.metadata.name);
            let owner = pod.metadata.controller().map(|r| r.uid.clone());
            match owner {
                Some(uid) if uid == set.metadata.uid && !matches => {
                    pod.metadata
                        .owner_references
                        .retain(|r| r.uid != set.metadata.uid);
                    changed = true;
                }
                None if matches
                    && !pod.metadata.is_being_deleted()
                    && !set.metadata.is_being_deleted() =>
                {
                    pod.metadata
                        .owner_references
                        .push(OwnerReference::controller_of(
                            &set.metadata,
                            Kind::StatefulSet,
                        ));
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }

    /// The set's pods with a valid ordinal: (ordinal, name).
    fn stateful_pods(&self, set: &StatefulSet, namespace: &str) -> Vec<(i32, String)> {
        let mut pods: Vec<(i32, String)> = self
            .pods
            .iter()
            .filter(|((ns, _), pod)| {
                ns == namespace
                    && pod
                        .metadata
                        .controller()
                        .is_some_and(|r| r.uid == set.metadata.uid)
            })
            .filter_map(|((_, name), _)| {
                parent_and_ordinal(name).map(|(_, ordinal)| (ordinal, name.clone()))
            })
            .collect();
        pods.compact_sort();
        pods
    }

    /// `updateStatefulSet` up to the rolling update; true when it changed anything.
    fn update_stateful_set(&mut self, set: &StatefulSet, key: &NsName, revision: &str) -> bool {
        let namespace = key.0.clone();
        let monotonic = !set.spec.is_parallel();
        let pods = self.stateful_pods(set, &namespace);
        let by_ordinal: std::collections::BTreeMap<i32, String> = pods.iter().cloned().collect();
        let live = |this: &Cluster, ordinal: i32| -> Option<(String, String)> {
            by_ordinal
                .get(&ordinal)
                .map(|name| (namespace.clone(), name.clone()))
                .filter(|key| this.pods.contains_key(key))
        };
        let pod_at = |this: &Cluster, ordinal: i32| -> Option<Pod> {
            live(this, ordinal).and_then(|key| this.pods.get(&key).cloned())
        };
        let unhealthy_at = |this: &Cluster, ordinal: i32| {
            unavailable(live(this, ordinal).and_then(|key| this.pods.get(&key)))
        };
        let start = set.spec.start_ordinal();
        let replicas: Vec<i32> = (0..set.spec.replica_count())
            .map(|i| start.saturating_add(i))
            .collect();
        let mut condemned: Vec<(i32, String)> = pods
            .iter()
            .filter(|(o, _)| !in_range(&set.spec, *o))
            .cloned()
            .collect();
        condemned.compact_sort_by_key(|c| std::cmp::Reverse(c.0));
        let first_unhealthy: Option<String> = replicas
            .iter()
            .find(|o| unhealthy_at(self, **o))
            .map(|o| format!("{}-{o}", set.metadata.name))
            .or_else(|| {
                condemned
                    .iter()
                    .rev()
                    .find(|(o, _)| unhealthy_at(self, *o))
                    .map(|(_, name)| name.clone())
            });
        // A replica that is running, ready and in line with the set needs nothing: checked on
        // the stored pod, so a large settled set costs no copies.
        let at_rest = |this: &Cluster, ordinal: i32| {
            live(this, ordinal)
                .and_then(|key| this.pods.get(&key))
                .is_some_and(|pod| {
                    pod.is_running_and_ready()
                        && !pod.metadata.is_being_deleted()
                        && identity_matches(set, pod)
                        && storage_matches(set, pod, ordinal)
                        && this.claims_match_retention(
                            set,
                            &PodRef {
                                name: &pod.metadata.name,
                                uid: &pod.metadata.uid,
                            },
                        )
                })
        };

        let mut changed = false;
        // Replicas, in ascending ordinal; a burst set works in batches of 1, 2, 4, … and stops
        // after a batch that failed.
        let mut batch_end = 1usize;
        let mut failed = false;
        for (index, ordinal) in replicas.iter().enumerate() {
            if !monotonic && index == batch_end {
                if failed {
                    break;
                }
                batch_end = (batch_end * 3).min(batch_end + 500);
            }
            if at_rest(self, *ordinal) {
                continue;
            }
            let (stop, did, error) =
                self.process_replica(set, *ordinal, revision, monotonic, &pod_at(self, *ordinal));
            changed |= did;
            failed |= error;
            if monotonic && stop {
                return changed;
            }
        }
        if failed {
            return changed;
        }
        // Bring the condemned pods' claims in line with the policy.
        for (_, name) in &condemned {
            if let Some(pod) = self.pods.get(&(namespace.clone(), name.clone())) {
                let uid = pod.metadata.uid.clone();
                changed |= self.update_claims_for_retention(set, &PodRef { name, uid: &uid });
            }
        }
        // Scale down from the highest ordinal.
        for (ordinal, name) in &condemned {
            let Some(pod) = pod_at(self, *ordinal) else {
                continue;
            };
            if pod.metadata.is_being_deleted() {
                if monotonic {
                    return changed;
                }
                continue;
            }
            if monotonic
                && !pod.is_running_and_ready()
                && first_unhealthy.as_deref() != Some(name.as_str())
            {
                return changed;
            }
            changed |= self.delete_stateful_pod(set, &namespace, name);
            if monotonic {
                return changed;
            }
        }
        if set.spec.update_strategy.type_ == ON_DELETE {
            return changed;
        }
        // The rolling update: the highest pod of an old revision goes, down to the partition.
        let partition = set
            .spec
            .update_strategy
            .rolling_update
            .as_ref()
            .and_then(|r| r.partition)
            .unwrap_or(0)
            .max(0);
        for (index, ordinal) in replicas.iter().enumerate().rev() {
            if (index as i64) < i64::from(partition) {
                break;
            }
            let Some(pod) = pod_at(self, *ordinal) else {
                return changed;
            };
            let pod_revision = pod
                .metadata
                .labels
                .get(ann::CONTROLLER_REVISION_HASH)
                .map(String::as_str);
            if pod_revision != Some(revision) && !pod.metadata.is_being_deleted() {
                let name = pod.metadata.name.clone();
                return changed | self.delete_stateful_pod(set, &namespace, &name);
            }
            if unavailable(Some(&pod)) {
                return changed;
            }
        }
        changed
    }

    /// `processReplica` for one ordinal: (stop a monotonic set here, changed, failed).
    fn process_replica(
        &mut self,
        set: &StatefulSet,
        ordinal: i32,
        revision: &str,
        monotonic: bool,
        pod: &Option<Pod>,
    ) -> (bool, bool, bool) {
        let namespace = set.metadata.namespace.clone().unwrap_or_default();
        let Some(pod) = pod else {
            let name = format!("{}-{ordinal}", set.metadata.name);
            if self.pod_claim_is_stale(set, &name, ordinal) {
                // Wait for the garbage collector to delete the old pod's claims.
                return (true, false, false);
            }
            return match self.create_stateful_pod(set, ordinal, revision) {
                Ok(()) => (monotonic, true, false),
                Err(changed) => (true, changed, true),
            };
        };
        if is_failed_or_succeeded(pod) {
            let did = !pod.metadata.is_being_deleted()
                && self.delete_stateful_pod(set, &namespace, &pod.metadata.name);
            return (true, did, false);
        }
        let mut changed = false;
        let pod_ref_uid = pod.metadata.uid.clone();
        let pod_ref = PodRef {
            name: &pod.metadata.name,
            uid: &pod_ref_uid,
        };
        if pod.status.phase.as_deref() == Some("Pending") {
            // `createMissingPersistentVolumeClaims`.
            match self.create_claims(set, &pod.metadata.name, ordinal) {
                Ok(did) => changed |= did,
                Err((did, _)) => return (true, changed | did, true),
            }
            changed |= self.update_claims_for_retention(set, &pod_ref);
        }
        if monotonic && (pod.metadata.is_being_deleted() || !pod.is_running_and_ready()) {
            return (true, changed, false);
        }
        let retention_ok = self.claims_match_retention(set, &pod_ref);
        if identity_matches(set, pod) && storage_matches(set, pod, ordinal) && retention_ok {
            return (false, changed, false);
        }
        changed |= self.update_stateful_pod(set, pod, ordinal);
        (false, changed, false)
    }

    /// `PodClaimIsStale`: with `whenScaled: Delete`, a claim still owned by an earlier pod of
    /// this name blocks the new pod.
    fn pod_claim_is_stale(&self, set: &StatefulSet, pod_name: &str, ordinal: i32) -> bool {
        if set.spec.retention().1 == RETAIN {
            return false;
        }
        let namespace = set.metadata.namespace.clone().unwrap_or_default();
        claims_for(set, ordinal).iter().any(|claim| {
            self.claims
                .get(&(namespace.clone(), claim.metadata.name.clone()))
                .is_some_and(|live| has_stale_owner_ref(&live.metadata, Kind::Pod, pod_name, ""))
        })
    }

    /// `createPersistentVolumeClaims`: each missing claim is created; a claim being deleted is
    /// an error. Ok(changed), or Err((changed, the errors as one message)).
    fn create_claims(
        &mut self,
        set: &StatefulSet,
        pod_name: &str,
        ordinal: i32,
    ) -> Result<bool, (bool, String)> {
        let namespace = set.metadata.namespace.clone().unwrap_or_default();
        let set_name = set.metadata.name.clone();
        let mut errors = Vec::new();
        let mut changed = false;
        for claim in claims_for(set, ordinal) {
            let name = claim.metadata.name.clone();
            match self.claims.get(&(namespace.clone(), name.clone())) {
                Some(live) if live.metadata.is_being_deleted() => {
                    errors.push(format!("pvc {name} is being deleted"));
                }
                Some(_) => {}
                None => match self.create(Object::PersistentVolumeClaim(claim)) {
                    Ok(_) => {
                        changed = true;
                        self.set_event(
                            set,
                            EventType::Normal,
                            "SuccessfulCreate",
                            format!("create Claim {name} Pod {pod_name} in StatefulSet {set_name} success"),
                        );
                    }
                    Err(error) => {
                        errors.push(format!("failed to create PVC {name}: {error}"));
                        self.set_event(
                            set,
                            EventType::Warning,
                            "FailedCreate",
                            format!("create Claim {name} for Pod {pod_name} in StatefulSet {set_name} failed error: {error}"),
                        );
                    }
                },
            }
        }
        if errors.is_empty() {
            Ok(changed)
        } else {
            Err((changed, aggregate(&errors)))
        }
    }

    /// `CreateStatefulPod`: the claims, then the pod, then the claims' owner references.
    /// Err(changed) when it failed (its FailedCreate recorded).
    fn create_stateful_pod(
        &mut self,
        set: &StatefulSet,
        ordinal: i32,
        revision: &str,
    ) -> Result<(), bool> {
        let pod = new_pod(set, ordinal, revision);
        let pod_name = pod.metadata.name.clone();
        let changed = match self.create_claims(set, &pod_name, ordinal) {
            Ok(changed) => changed,
            Err((changed, error)) => {
                self.pod_event(set, "create", &pod_name, Some(&error));
                return Err(changed);
            }
        };
        match self.create(Object::Pod(pod)) {
            Ok(_) => {
                // Upstream passes the pod object it sent, which has no uid yet.
                self.update_claims_for_retention(
                    set,
                    &PodRef {
                        name: &pod_name,
                        uid: "",
                    },
                );
                self.pod_event(set, "create", &pod_name, None);
                Ok(())
            }
            Err(super::cluster::ApiError::AlreadyExists(_)) => Err(changed),
            Err(error) => {
                self.pod_event(set, "create", &pod_name, Some(&error.to_string()));
                Err(changed)
            }
        }
    }

    fn delete_stateful_pod(&mut self, set: &StatefulSet, namespace: &str, name: &str) -> bool {
        let key = ObjectKey::new(Kind::Pod, Some(namespace), name);
        let result = self.delete(&key);
        let error = result.as_ref().err().map(ToString::to_string);
        self.pod_event(set, "delete", name, error.as_deref());
        result.is_ok()
    }

    /// `ClaimsMatchRetentionPolicy`: every existing claim of the pod up to date.
    fn claims_match_retention(&self, set: &StatefulSet, pod: &PodRef) -> bool {
        let Some((_, ordinal)) = parent_and_ordinal(pod.name) else {
            return true;
        };
        let namespace = set.metadata.namespace.clone().unwrap_or_default();
        set.spec.volume_claim_templates.iter().all(|t| {
            let name = claim_name(&t.metadata.name, &set.metadata.name, ordinal);
            self.claims
                .get(&(namespace.clone(), name))
                .is_none_or(|claim| claim_owner_up_to_date(&claim.metadata, set, pod))
        })
    }

    /// `UpdatePodClaimForRetentionPolicy`; true when a claim changed.
    fn update_claims_for_retention(&mut self, set: &StatefulSet, pod: &PodRef) -> bool {
        let Some((_, ordinal)) = parent_and_ordinal(pod.name) else {
            return false;
        };
        let namespace = set.metadata.namespace.clone().unwrap_or_default();
        let mut changed = false;
        for template in &set.spec.volume_claim_templates {
            let name = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
            let key = (namespace.clone(), name.clone());
            let Some(claim) = self.claims.get(&key) else {
                continue;
            };
            if has_unexpected_controller(&claim.metadata, set, pod) {
                self.set_event(
                    set,
                    EventType::Warning,
                    "ConflictingController",
                    format!("PersistentVolumeClaim {name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"),
                );
            }
            if let Some(claim) = self.claims.get_mut(&key) {
                if !claim_owner_up_to_date(&claim.metadata, set, pod) {
                    update_claim_owner_refs(&mut claim.metadata, set, pod);
                    changed = true;
                }
            }
        }
        changed
    }

    /// `UpdateStatefulPod`: identity labels, storage, claims' owner references; the pod update
    /// goes through the API server (which refuses a change of volumes).
    fn update_stateful_pod(&mut self, set: &StatefulSet, pod: &Pod, ordinal: i32) -> bool {
        let mut changed = false;
        let mut updated = pod.clone();
        let mut failure: Option<String> = None;
        if !identity_matches(set, pod) {
            updated.metadata.labels.insert(
                ann::STATEFUL_SET_POD_NAME.to_owned(),
                pod.metadata.name.clone(),
            );
            updated
                .metadata
                .labels
                .insert(ann::POD_INDEX.to_owned(), ordinal.to_string());
        }
        if !storage_matches(set, pod, ordinal) {
            updated.spec.volumes = storage_volumes(set, ordinal, &pod.spec.volumes);
            match self.create_claims(set, &pod.metadata.name, ordinal) {
                Ok(did) => changed |= did,
                Err((did, error)) => {
                    changed |= did;
                    failure = Some(error);
                }
            }
        }
        if failure.is_none() {
            let uid = pod.metadata.uid.clone();
            changed |= self.update_claims_for_retention(
                set,
                &PodRef {
                    name: &pod.metadata.name,
                    uid: &uid,
                },
            );
            if updated != *pod {
                match self.replace(Object::Pod(updated), Finalizers::Keep) {
                    Ok(()) => changed = true,
                    Err(error) => failure = Some(error.to_string()),
                }
            }
        }
        self.pod_event(set, "update", &pod.metadata.name, failure.as_deref());
        changed
    }

    /// `updateStatefulSetStatus` with `computeReplicaStatus` and `completeRollingUpdate`.
    fn update_stateful_set_status(&mut self, key: &NsName, revision: &str) -> bool {
        let Some(set) = self.stateful_sets.get(key) else {
            return false;
        };
        let mut status = set.status.clone();
        if status.current_revision.is_empty() {
            status.current_revision = revision.to_owned();
        }
        status.update_revision = revision.to_owned();
        let pods = self.stateful_pods(set, &key.0);
        let (mut replicas, mut ready, mut current, mut updated) = (0, 0, 0, 0);
        for (_, name) in &pods {
            let Some(pod) = self.pods.get(&(key.0.clone(), name.clone())) else {
                continue;
            };
            replicas += 1;
            if pod.is_running_and_ready() {
                ready += 1;
            }
            if !pod.metadata.is_being_deleted() {
                let pod_revision = pod.metadata.labels.get(ann::CONTROLLER_REVISION_HASH);
                if pod_revision == Some(&status.current_revision) {
                    current += 1;
                }
                if pod_revision.map(String::as_str) == Some(revision) {
                    updated += 1;
                }
            }
        }
        status.replicas = replicas;
        status.ready_replicas = ready;
        status.available_replicas = ready;
        status.current_replicas = current;
        status.updated_replicas = updated;
        let wanted = set.spec.replica_count();
        if set.spec.update_strategy.type_ == ROLLING_UPDATE
            && updated == wanted
            && ready == wanted
            && replicas == wanted
        {
            status.current_replicas = updated;
            status.current_revision = revision.to_owned();
        }
        if status == set.status {
            return false;
        }
        if let Some(set) = self.stateful_sets.get_mut(key) {
            set.status = status;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_parse_like_upstreams_regular_expression() {
        assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
        assert_eq!(parent_and_ordinal("my-web-12"), Some(("my-web", 12)));
        assert_eq!(parent_and_ordinal("web"), None);
        assert_eq!(parent_and_ordinal("web-"), None);
        assert_eq!(parent_and_ordinal("web-x1"), None);
        assert_eq!(parent_and_ordinal("web-99999999999"), None);
    }

    fn set_with(policy: (&str, &str)) -> StatefulSet {
        let mut set = StatefulSet::default();
        set.metadata.name = "web".into();
        set.metadata.uid = "set-uid".into();
        set.spec.replicas = Some(2);
        set.spec.persistent_volume_claim_retention_policy = Some(RetentionPolicy {
            when_deleted: policy.0.into(),
            when_scaled: policy.1.into(),
        });
        set
    }

    /// `TestIsClaimOwnerUpToDate`'s table, reduced to what each policy wants for a live and a
    /// condemned pod.
    #[test]
    fn owner_references_follow_the_retention_table() {
        for (policy, live_set, live_pod, gone_set, gone_pod) in [
            ((RETAIN, RETAIN), false, false, false, false),
            ((DELETE, RETAIN), true, false, true, false),
            ((RETAIN, DELETE), false, false, false, true),
            ((DELETE, DELETE), true, false, false, true),
        ] {
            let set = set_with(policy);
            for (pod_name, want_set, want_pod) in
                [("web-1", live_set, live_pod), ("web-2", gone_set, gone_pod)]
            {
                let pod = PodRef {
                    name: pod_name,
                    uid: "pod-uid",
                };
                let mut claim = ObjectMeta::default();
                update_claim_owner_refs(&mut claim, &set, &pod);
                assert_eq!(
                    has_owner_uid(&claim, "set-uid"),
                    want_set,
                    "{policy:?} {pod_name}"
                );
                assert_eq!(
                    has_owner_uid(&claim, "pod-uid"),
                    want_pod,
                    "{policy:?} {pod_name}"
                );
                assert!(claim_owner_up_to_date(&claim, &set, &pod));
                assert!(claim
                    .owner_references
                    .iter()
                    .all(OwnerReference::is_controller));
            }
        }
    }

    #[test]
    fn a_stale_reference_leaves_the_claim_alone() {
        let set = set_with((DELETE, DELETE));
        let mut claim = ObjectMeta::default();
        claim.owner_references.push(OwnerReference {
            api_version: "v1".into(),
            kind: "Pod".into(),
            name: "web-1".into(),
            uid: "old-pod".into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        });
        let pod = PodRef {
            name: "web-1",
            uid: "pod-uid",
        };
        assert!(claim_owner_up_to_date(&claim, &set, &pod));
    }

    #[test]
    fn another_controller_makes_the_set_step_back() {
        let set = set_with((DELETE, RETAIN));
        let mut claim = ObjectMeta::default();
        let other = OwnerReference {
            api_version: "v1".into(),
            kind: "ConfigMap".into(),
            name: "boss".into(),
            uid: "boss-uid".into(),
            controller: Some(true),
            block_owner_deletion: None,
        };
        claim.owner_references.push(other.clone());
        let pod = PodRef {
            name: "web-0",
            uid: "pod-uid",
        };
        assert!(has_unexpected_controller(&claim, &set, &pod));
        assert!(claim_owner_up_to_date(&claim, &set, &pod));
        update_claim_owner_refs(&mut claim, &set, &pod);
        assert_eq!(claim.owner_references, vec![other]);
    }

    #[test]
    fn claim_labels_take_the_selectors_values() {
        let mut set = set_with((RETAIN, RETAIN));
        set.spec.selector = Some(LabelSelector {
            match_labels: [("app".to_owned(), "web".to_owned())].into(),
            match_expressions: Vec::new(),
        });
        let mut template = PersistentVolumeClaimTemplate::default();
        template.metadata.name = "www".into();
        template.metadata.labels = [
            ("app".to_owned(), "other".to_owned()),
            ("tier".to_owned(), "db".to_owned()),
        ]
        .into();
        set.spec.volume_claim_templates.push(template);
        let claims = claims_for(&set, 3);
        assert_eq!(claims[0].metadata.name, "www-web-3");
        assert_eq!(claims[0].metadata.labels["app"], "web");
        assert_eq!(claims[0].metadata.labels["tier"], "db");
    }
}
