//! Which volume fits a claim: the PV controller's access-mode index and `FindMatchingVolume`
//! (rule book §6), the scheduler's node-aware variant (§9.2), `checkVolumeSatisfyClaim` (§6.4) and node
//! affinity. The rules are one ordered list ([`controller_verdict`], [`scheduler_verdict`]),
//! so the fast indexed search and the "why not" explanations can never disagree.

use super::apimachinery::selector_matches;
use super::classes::{claim_class_or_empty, volume_class};
use super::objects::*;
use super::quantity::Quantity;
use crate::sort::CompactSort;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

/// What a claim asks for, read once.
pub struct ClaimView<'a> {
    pub claim: &'a PersistentVolumeClaim,
    pub namespace: &'a str,
    pub modes: AccessModes,
    pub request: Option<&'a Quantity>,
    pub class: &'a str,
    pub volume_mode: VolumeMode,
}

impl<'a> ClaimView<'a> {
    pub fn new(claim: &'a PersistentVolumeClaim) -> Self {
        Self {
            claim,
            namespace: claim
                .metadata
                .namespace
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("default"),
            modes: AccessModes::from_strings(&claim.spec.access_modes),
            request: claim.spec.request(),
            class: claim_class_or_empty(claim),
            volume_mode: VolumeMode::of(claim.spec.volume_mode.as_deref()),
        }
    }
}

/// A volume that passed every rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Reserved for this claim by its `claimRef`: taken at once, even over smaller volumes.
    PreBound,
    /// A candidate; the smallest wins.
    Candidate,
}

/// A volume smaller than the claim's request.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeMismatch {
    pub capacity: Option<Quantity>,
    pub request: Quantity,
}

/// The first rule a volume fails, in the order Kubernetes checks them.
#[derive(Clone, Debug, PartialEq)]
pub enum Mismatch {
    /// The volume's access-mode set lacks some of the claim's modes (the PV controller never
    /// even looks at such a volume).
    AccessModes {
        volume: AccessModes,
        claim: AccessModes,
    },
    /// Already chosen for another claim of the same pod (scheduler only).
    Excluded,
    /// `claimRef` names another claim (or this name with another uid).
    ClaimRef {
        namespace: String,
        name: String,
        bound: bool,
    },
    /// Boxed: rare, and it would otherwise make every verdict as large as two quantities.
    TooSmall(Box<SizeMismatch>),
    VolumeMode {
        volume: VolumeMode,
        claim: VolumeMode,
    },
    VolumeAttributesClass {
        volume: String,
        claim: String,
    },
    BeingDeleted,
    /// A WaitForFirstConsumer claim: the PV controller leaves unreserved volumes to the
    /// scheduler.
    DelayBinding,
    NotAvailable {
        phase: VolumePhase,
    },
    Selector,
    Class {
        volume: String,
        claim: String,
    },
    NodeAffinity {
        node: String,
    },
    /// Reserved for this claim, but its node affinity excludes the node: the scheduler then
    /// finds no volume on that node at all (`FindMatchingVolume` returns nil at once).
    ReservedNodeAffinity {
        node: String,
    },
}

fn is_bound_to(claim_ref: &ObjectReference, c: &ClaimView) -> bool {
    claim_ref.name == c.claim.metadata.name
        && claim_ref.namespace == c.namespace
        && (claim_ref.uid.is_empty() || claim_ref.uid == c.claim.metadata.uid)
}

/// Rules shared by both paths: claimRef, size, volume mode, attributes class, deletion.
fn common_rules(pv: &PersistentVolume, c: &ClaimView) -> Result<bool, Mismatch> {
    let prebound = match &pv.spec.claim_ref {
        Some(r) if !is_bound_to(r, c) => {
            return Err(Mismatch::ClaimRef {
                namespace: r.namespace.clone(),
                name: r.name.clone(),
                bound: !r.uid.is_empty(),
            })
        }
        Some(_) => true,
        None => false,
    };
    if let Some(request) = c.request {
        let fits = pv.spec.storage().is_some_and(|cap| cap >= request);
        if !fits {
            return Err(Mismatch::TooSmall(Box::new(SizeMismatch {
                capacity: pv.spec.storage().cloned(),
                request: request.clone(),
            })));
        }
    }
    let volume_mode = VolumeMode::of(pv.spec.volume_mode.as_deref());
    if volume_mode != c.volume_mode {
        return Err(Mismatch::VolumeMode {
            volume: volume_mode,
            claim: c.volume_mode,
        });
    }
    let pv_vac = pv
        .spec
        .volume_attributes_class_name
        .as_deref()
        .unwrap_or("");
    let claim_vac = c
        .claim
        .spec
        .volume_attributes_class_name
        .as_deref()
        .unwrap_or("");
    if pv_vac != claim_vac {
        return Err(Mismatch::VolumeAttributesClass {
            volume: pv_vac.into(),
            claim: claim_vac.into(),
        });
    }
    if pv.metadata.is_being_deleted() {
        return Err(Mismatch::BeingDeleted);
    }
    Ok(prebound)
}

/// Rules for a volume that is not reserved for the claim, shared by both paths: it must be
/// Available, match the claim's selector, and have the claim's class.
fn unreserved_rules(pv: &PersistentVolume, c: &ClaimView) -> Result<(), Mismatch> {
    if pv.status.phase != VolumePhase::Available {
        return Err(Mismatch::NotAvailable {
            phase: pv.status.phase,
        });
    }
    if !selector_fits(pv, c) {
        return Err(Mismatch::Selector);
    }
    let class = volume_class(pv);
    if class != c.class {
        return Err(Mismatch::Class {
            volume: class.into(),
            claim: c.class.into(),
        });
    }
    Ok(())
}

/// Whether a volume bound to the claim could only have come to it through the reservation
/// (its claimRef naming the claim before the binding): one whose class or labels the claim's
/// class and selector reject is never chosen by the ordinary search (`FindMatchingVolume`
/// checks them only for volumes not reserved for the claim). The bound-by-controller
/// annotation cannot say it: a Released volume keeps the one from its previous binding when
/// a user points its claimRef at a new claim.
pub fn only_reservation_admits(pv: &PersistentVolume, claim: &PersistentVolumeClaim) -> bool {
    let c = ClaimView::new(claim);
    volume_class(pv) != c.class || !selector_fits(pv, &c)
}

fn selector_fits(pv: &PersistentVolume, c: &ClaimView) -> bool {
    match &c.claim.spec.selector {
        None => true,
        Some(sel) => selector_matches(
            &sel.match_labels,
            &sel.match_expressions,
            &pv.metadata.labels,
        ),
    }
}

/// The PV controller's rules for one volume (`findByClaim` + `FindMatchingVolume` with no
/// node): access-mode group, claimRef, size, volume mode, attributes class, deletion, the
/// pre-bound shortcut, delayed binding, phase, selector, class.
pub fn controller_verdict(
    pv: &PersistentVolume,
    c: &ClaimView,
    delay: bool,
) -> Result<Fit, Mismatch> {
    let volume_modes = AccessModes::from_strings(&pv.spec.access_modes);
    if !volume_modes.covers(c.modes) {
        return Err(Mismatch::AccessModes {
            volume: volume_modes,
            claim: c.modes,
        });
    }
    if common_rules(pv, c)? {
        return Ok(Fit::PreBound);
    }
    if delay {
        return Err(Mismatch::DelayBinding);
    }
    unreserved_rules(pv, c)?;
    Ok(Fit::Candidate)
}

/// The scheduler's rules for one volume on one node (`FindMatchingVolume` with a node): no
/// access-mode groups, but node affinity and access modes per volume.
pub fn scheduler_verdict(
    pv: &PersistentVolume,
    c: &ClaimView,
    node: &Node,
    excluded: &BTreeSet<String>,
) -> Result<Fit, Mismatch> {
    if excluded.contains(&pv.metadata.name) {
        return Err(Mismatch::Excluded);
    }
    let prebound = common_rules(pv, c)?;
    let affinity_ok = node_affinity_matches(pv, node);
    let node_mismatch = || Mismatch::NodeAffinity {
        node: node.metadata.name.clone(),
    };
    if prebound {
        return if affinity_ok {
            Ok(Fit::PreBound)
        } else {
            Err(Mismatch::ReservedNodeAffinity {
                node: node.metadata.name.clone(),
            })
        };
    }
    unreserved_rules(pv, c)?;
    if !affinity_ok {
        return Err(node_mismatch());
    }
    let volume_modes = AccessModes::from_strings(&pv.spec.access_modes);
    if !volume_modes.covers(c.modes) {
        return Err(Mismatch::AccessModes {
            volume: volume_modes,
            claim: c.modes,
        });
    }
    Ok(Fit::Candidate)
}

/// Every rule of [`controller_verdict`] a volume fails for a claim, each checked on its own, in
/// the same order (without the wait for a first consumer, which is the claim's, not the
/// volume's): how far a volume is from fitting, for ranking near misses. The first entry is
/// what `controller_verdict(pv, c, false)` reports.
pub fn every_mismatch(pv: &PersistentVolume, c: &ClaimView) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let volume_modes = AccessModes::from_strings(&pv.spec.access_modes);
    if !volume_modes.covers(c.modes) {
        out.push(Mismatch::AccessModes {
            volume: volume_modes,
            claim: c.modes,
        });
    }
    let reserved_here = match &pv.spec.claim_ref {
        Some(r) if !is_bound_to(r, c) => {
            out.push(Mismatch::ClaimRef {
                namespace: r.namespace.clone(),
                name: r.name.clone(),
                bound: !r.uid.is_empty(),
            });
            false
        }
        Some(_) => true,
        None => false,
    };
    if let Some(request) = c.request {
        if pv.spec.storage().is_none_or(|cap| cap < request) {
            out.push(Mismatch::TooSmall(Box::new(SizeMismatch {
                capacity: pv.spec.storage().cloned(),
                request: request.clone(),
            })));
        }
    }
    let volume_mode = VolumeMode::of(pv.spec.volume_mode.as_deref());
    if volume_mode != c.volume_mode {
        out.push(Mismatch::VolumeMode {
            volume: volume_mode,
            claim: c.volume_mode,
        });
    }
    let pv_vac = pv
        .spec
        .volume_attributes_class_name
        .as_deref()
        .unwrap_or("");
    let claim_vac = c
        .claim
        .spec
        .volume_attributes_class_name
        .as_deref()
        .unwrap_or("");
    if pv_vac != claim_vac {
        out.push(Mismatch::VolumeAttributesClass {
            volume: pv_vac.into(),
            claim: claim_vac.into(),
        });
    }
    if pv.metadata.is_being_deleted() {
        out.push(Mismatch::BeingDeleted);
    }
    // A volume reserved for the claim skips the rest (the pre-bound shortcut).
    if reserved_here {
        return out;
    }
    if pv.status.phase != VolumePhase::Available {
        out.push(Mismatch::NotAvailable {
            phase: pv.status.phase,
        });
    }
    if !selector_fits(pv, c) {
        out.push(Mismatch::Selector);
    }
    let class = volume_class(pv);
    if class != c.class {
        out.push(Mismatch::Class {
            volume: class.into(),
            claim: c.class.into(),
        });
    }
    out
}

/// Whether `a` beats `b` as a candidate: smaller capacity, then (our tie rule) smaller name.
pub fn smaller(a: &PersistentVolume, b: &PersistentVolume) -> bool {
    (a.spec.storage(), &a.metadata.name) < (b.spec.storage(), &b.metadata.name)
}

/// The PV controller's volume cache, indexed as `index.go` does it: by exact access-mode set
/// (searched smallest set first; equal sizes by their `RWO,ROX,…` key), then free volumes by
/// class and capacity, and reserved volumes by the claim they name.
#[derive(Default)]
pub struct VolumeIndex {
    groups: Vec<ModeGroup>,
    /// The hashes of the claim names that volumes are reserved for, sorted: most claims have
    /// no reservation, and this tells so without comparing names in every group's tree.
    reserved_names: Vec<u64>,
}

/// The hash `reserved_names` holds for a claim name.
fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    super::cluster::FixedState::default().hash_one(name)
}

struct ModeGroup {
    modes: AccessModes,
    /// Volumes with no claimRef, Available and not being deleted, by class.
    free: BTreeMap<String, Shelf>,
    /// Volumes whose claimRef names a claim: claim name → (namespace, volume name), keyed by
    /// name alone so a lookup borrows instead of building a key.
    reserved: BTreeMap<String, BTreeSet<(String, String)>>,
}

/// The free volumes of one class and access-mode set in the order a claim tries them:
/// smallest capacity first, then (our tie rule) by name. Sorted once when the index is
/// built; a volume taken by a claim stays in place and is skipped from then on.
struct Shelf {
    volumes: Vec<(Quantity, String)>,
    /// Where each capacity's run of volumes starts, smallest capacity first: a claim's search
    /// for its first place compares its request with these few capacities, held together,
    /// rather than with the volumes' own, one scattered allocation each.
    runs: Vec<(Quantity, usize)>,
    /// `next[i]` leads towards the first volume at or after `i` not yet taken: `i` itself
    /// while volume `i` is free, a later place once it is taken (`next[len]` ends the
    /// shelf). Walks halve the paths they follow, so skipping a run of taken volumes stays
    /// cheap however many claims of a pass take them.
    next: Vec<Cell<usize>>,
}

impl Shelf {
    /// Orders the volumes and marks every one free.
    fn sort(&mut self) {
        self.volumes.compact_sort();
        for (place, (capacity, _)) in self.volumes.iter().enumerate() {
            if self.runs.last().is_none_or(|(last, _)| last != capacity) {
                self.runs.push((capacity.clone(), place));
            }
        }
        self.next = (0..=self.volumes.len()).map(Cell::new).collect();
    }

    /// The place of the first volume at least as large as `request`.
    fn first_fitting(&self, request: &Quantity) -> usize {
        let run = self
            .runs
            .partition_point(|(capacity, _)| capacity < request);
        self.runs
            .get(run)
            .map_or(self.volumes.len(), |(_, place)| *place)
    }

    /// The place of the first free volume at or after `place` (`volumes.len()` if none).
    fn first_free(&self, mut place: usize) -> usize {
        let end = self.volumes.len();
        while place < end && self.next[place].get() != place {
            let ahead = self.next[place].get();
            let further = if ahead < end {
                self.next[ahead].get()
            } else {
                ahead
            };
            self.next[place].set(further);
            place = further;
        }
        place.min(end)
    }

    /// Marks the volume at `place` taken.
    fn take(&self, place: usize) {
        if place < self.volumes.len() {
            self.next[place].set(place + 1);
        }
    }
}

impl VolumeIndex {
    /// The index of every volume, reserved ones for any claim.
    pub fn build<'a>(volumes: impl Iterator<Item = &'a PersistentVolume>) -> Self {
        Self::build_for(volumes, None)
    }

    /// The index, with reserved volumes only for the claims named in `claims` (sorted) when
    /// given: the PV controller's pass looks up only the claims that are looking for a volume.
    pub fn build_for<'a>(
        volumes: impl Iterator<Item = &'a PersistentVolume>,
        claims: Option<&[&str]>,
    ) -> Self {
        let mut groups: Vec<ModeGroup> = Vec::new();
        let mut reserved_names: Vec<u64> = Vec::new();
        for pv in volumes {
            // Most volumes of a settled cluster are in no group's lists: skip them before
            // reading their access modes.
            let listed = match &pv.spec.claim_ref {
                Some(r) => claims.is_none_or(|names| names.binary_search(&r.name.as_str()).is_ok()),
                None => {
                    pv.status.phase == VolumePhase::Available && !pv.metadata.is_being_deleted()
                }
            };
            if !listed {
                continue;
            }
            let modes = AccessModes::from_strings(&pv.spec.access_modes);
            // At most one group per set of the four modes: a short list.
            let at = match groups.iter().position(|g| g.modes == modes) {
                Some(at) => at,
                None => {
                    groups.push(ModeGroup {
                        modes,
                        free: BTreeMap::new(),
                        reserved: BTreeMap::new(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[at];
            match &pv.spec.claim_ref {
                Some(r) => {
                    reserved_names.push(name_hash(&r.name));
                    group
                        .reserved
                        .entry(r.name.clone())
                        .or_default()
                        .insert((r.namespace.clone(), pv.metadata.name.clone()));
                }
                None => {
                    let class = volume_class(pv);
                    let entry = (
                        pv.spec.storage().cloned().unwrap_or_default(),
                        pv.metadata.name.clone(),
                    );
                    match group.free.get_mut(class) {
                        Some(shelf) => shelf.volumes.push(entry),
                        None => {
                            let shelf = Shelf {
                                volumes: vec![entry],
                                runs: Vec::new(),
                                next: Vec::new(),
                            };
                            group.free.insert(class.to_owned(), shelf);
                        }
                    }
                }
            }
        }
        for group in &mut groups {
            group.free.values_mut().for_each(Shelf::sort);
        }
        groups.compact_sort_by_key(|g| (g.modes.len(), g.modes.short_string()));
        reserved_names.compact_sort();
        reserved_names.dedup();
        Self {
            groups,
            reserved_names,
        }
    }

    /// `findBestMatchForClaim`: the first access-mode group (smallest first) that holds a
    /// fitting volume decides; in it a volume reserved for the claim wins outright, else the
    /// smallest fitting one.
    pub fn find_best_match(
        &self,
        volumes: &super::cluster::VolumeMap,
        c: &ClaimView,
        delay: bool,
    ) -> Option<String> {
        self.search(volumes, c, delay).map(|(name, _)| name.clone())
    }

    /// [`Self::find_best_match`], and the volume found is no longer free for the claims after
    /// it (the PV controller binds it at once).
    pub fn take_best_match(
        &self,
        volumes: &super::cluster::VolumeMap,
        c: &ClaimView,
        delay: bool,
    ) -> Option<String> {
        let (name, shelved) = self.search(volumes, c, delay)?;
        if let Some((shelf, place)) = shelved {
            shelf.take(place);
        }
        Some(name.clone())
    }

    /// The best volume's name, with its shelf and place when it is a free one.
    fn search(
        &self,
        volumes: &super::cluster::VolumeMap,
        c: &ClaimView,
        delay: bool,
    ) -> Option<(&String, Option<(&Shelf, usize)>)> {
        let zero = Quantity::default();
        let name = c.claim.metadata.name.as_str();
        let maybe_reserved = self.reserved_names.binary_search(&name_hash(name)).is_ok();
        for group in self.groups.iter().filter(|g| g.modes.covers(c.modes)) {
            let reserved = maybe_reserved
                .then(|| group.reserved.get(name))
                .flatten()
                .into_iter()
                .flatten();
            for (_, name) in reserved.filter(|(ns, _)| ns == c.namespace) {
                let fits = volumes.get(name).map(|pv| controller_verdict(pv, c, delay));
                if fits == Some(Ok(Fit::PreBound)) {
                    return Some((name, None));
                }
            }
            if delay {
                continue;
            }
            let Some(shelf) = group.free.get(c.class) else {
                continue;
            };
            let mut place = shelf.first_free(shelf.first_fitting(c.request.unwrap_or(&zero)));
            while let Some((_, name)) = shelf.volumes.get(place) {
                let fits = volumes.get(name).map(|pv| controller_verdict(pv, c, delay));
                if fits == Some(Ok(Fit::Candidate)) {
                    return Some((name, Some((shelf, place))));
                }
                place = shelf.first_free(place + 1);
            }
        }
        None
    }
}

/// The best volume for a claim among `volumes` by brute force over [`controller_verdict`]:
/// the reference the index must agree with, and what explanations replay.
pub fn best_match_by_rules<'a>(
    volumes: impl Iterator<Item = &'a PersistentVolume> + Clone,
    c: &ClaimView,
    delay: bool,
) -> Option<&'a PersistentVolume> {
    let mut group_keys: Vec<(usize, String, AccessModes)> = volumes
        .clone()
        .map(|pv| AccessModes::from_strings(&pv.spec.access_modes))
        .filter(|m| m.covers(c.modes))
        .map(|m| (m.len(), m.short_string(), m))
        .collect();
    group_keys.compact_sort();
    group_keys.dedup();
    for (_, _, modes) in group_keys {
        let mut best: Option<&PersistentVolume> = None;
        let mut members: Vec<&PersistentVolume> = volumes
            .clone()
            .filter(|pv| AccessModes::from_strings(&pv.spec.access_modes) == modes)
            .collect();
        members.compact_sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        for pv in members {
            match controller_verdict(pv, c, delay) {
                Ok(Fit::PreBound) => return Some(pv),
                Ok(Fit::Candidate) if best.is_none_or(|b| smaller(pv, b)) => best = Some(pv),
                _ => {}
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// `checkVolumeSatisfyClaim` (claim pre-bound by `volumeName`): the reason text of the
/// VolumeMismatch event, or Ok. Phase and selector are not checked here.
pub fn check_volume_satisfy_claim(
    pv: &PersistentVolume,
    claim: &PersistentVolumeClaim,
) -> Result<(), String> {
    if pv.metadata.is_being_deleted() {
        return Err(format!(
            "the volume is marked for deletion \"{}\"",
            pv.metadata.name
        ));
    }
    if let Some(request) = claim.spec.request() {
        // Upstream compares Value() (bytes rounded up) here, not Cmp.
        let capacity = pv.spec.storage().map_or(0, Quantity::value);
        if capacity < request.value() {
            return Err("requested PV is too small".into());
        }
    }
    if volume_class(pv) != claim_class_or_empty(claim) {
        return Err("storageClassName does not match".into());
    }
    if VolumeMode::of(pv.spec.volume_mode.as_deref())
        != VolumeMode::of(claim.spec.volume_mode.as_deref())
    {
        return Err("incompatible volumeMode".into());
    }
    let pv_modes = AccessModes::from_strings(&pv.spec.access_modes);
    if !pv_modes.covers(AccessModes::from_strings(&claim.spec.access_modes)) {
        return Err("incompatible accessMode".into());
    }
    let pv_vac = pv
        .spec
        .volume_attributes_class_name
        .as_deref()
        .unwrap_or("");
    let claim_vac = claim
        .spec
        .volume_attributes_class_name
        .as_deref()
        .unwrap_or("");
    if pv_vac != claim_vac {
        return Err("volumeAttributesClassName does not match".into());
    }
    Ok(())
}

/// Whether a PV's required node affinity admits `node` (no affinity admits every node).
pub fn node_affinity_matches(pv: &PersistentVolume, node: &Node) -> bool {
    match pv
        .spec
        .node_affinity
        .as_ref()
        .and_then(|a| a.required.as_ref())
    {
        None => true,
        Some(selector) => node_selector_matches(selector, node),
    }
}

/// NodeSelector semantics: terms are ORed, requirements in a term ANDed; a term with no
/// requirement matches nothing.
pub fn node_selector_matches(selector: &NodeSelector, node: &Node) -> bool {
    selector.node_selector_terms.iter().any(|term| {
        (!term.match_expressions.is_empty() || !term.match_fields.is_empty())
            && term.match_expressions.iter().all(|r| {
                requirement_matches(r, node.metadata.labels.get(&r.key).map(String::as_str))
            })
            && term.match_fields.iter().all(|r| {
                let value = (r.key == "metadata.name").then_some(node.metadata.name.as_str());
                requirement_matches(r, value)
            })
    })
}

fn requirement_matches(r: &NodeSelectorRequirement, value: Option<&str>) -> bool {
    let number = |s: &str| s.parse::<i64>().ok();
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| r.values.iter().any(|x| x == v)),
        "NotIn" => value.is_none_or(|v| r.values.iter().all(|x| x != v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), Some(bound)) = (
                value.and_then(number),
                r.values.first().and_then(|b| number(b)),
            ) else {
                return false;
            };
            if r.operator == "Gt" {
                v > bound
            } else {
                v < bound
            }
        }
        _ => false,
    }
}

/// Whether a node is in a StorageClass's allowed topologies (no list allows every node).
pub fn allowed_topologies_match(class: &StorageClass, node: &Node) -> bool {
    class.allowed_topologies.is_empty()
        || class.allowed_topologies.iter().any(|term| {
            term.match_label_expressions.iter().all(|e| {
                node.metadata
                    .labels
                    .get(&e.key)
                    .is_some_and(|v| e.values.iter().any(|x| x == v))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::random_cluster;

    /// The PV controller's pass takes each volume it binds out of the index; later claims
    /// must then get what the rules pick among the volumes still untaken.
    #[test]
    fn the_index_skips_taken_volumes_as_the_rules_would() {
        for seed in 0..8 {
            // Every volume Available, every claim still looking: as the pass finds them.
            let mut cluster = random_cluster(300, 300, seed);
            for pv in cluster.volumes.values_mut() {
                pv.status.phase = VolumePhase::Available;
            }
            let index = VolumeIndex::build(cluster.volumes.values());
            let mut taken: BTreeSet<&str> = BTreeSet::new();
            for claim in cluster.claims() {
                let view = ClaimView::new(claim);
                let untaken = cluster
                    .volumes
                    .values()
                    .filter(|pv| !taken.contains(pv.metadata.name.as_str()));
                let by_rules = best_match_by_rules(untaken, &view, false);
                let by_index = index.take_best_match(&cluster.volumes, &view, false);
                assert_eq!(
                    by_index.as_deref(),
                    by_rules.map(|pv| pv.metadata.name.as_str()),
                    "seed {seed}, claim {}",
                    claim.metadata.name
                );
                if let Some(pv) = by_rules {
                    taken.insert(&pv.metadata.name);
                }
            }
        }
    }

    #[test]
    fn every_mismatch_starts_with_the_controllers_first_failed_rule() {
        for seed in 1..4 {
            let mut cluster = random_cluster(60, 60, seed);
            // Half settled: bound, released and reserved volumes as well as free ones.
            for _ in 0..2 {
                cluster.sync_once();
            }
            let volumes: Vec<&PersistentVolume> = cluster.volumes().collect();
            for claim in cluster.claims() {
                let view = ClaimView::new(claim);
                for pv in &volumes {
                    let all = every_mismatch(pv, &view);
                    match controller_verdict(pv, &view, false) {
                        Ok(_) => assert!(all.is_empty(), "{all:?}"),
                        Err(first) => assert_eq!(all.first(), Some(&first)),
                    }
                }
            }
        }
    }
}
