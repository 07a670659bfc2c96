//! The volumes that came closest to fitting a claim, ranked by how much would have to change
//! for them to fit, each with the first rule it fails in the words of the playground's "why
//! not" list (`explain::describe_mismatch`), and, where a change to the volume alone makes it
//! fit, that change (`docs/kubernetes-rules.md` §1.1: a PV's access modes, class, claimRef and
//! labels may be changed; its capacity is what the storage holds, and its volume mode is
//! immutable).

use super::fix::{Patch, Step};
use super::verdict::NearMiss;
use super::{Context, Costed};
use pv_engine::apimachinery::selector_matches;
use pv_engine::classes::volume_class;
use pv_engine::explain::describe_mismatch;
use pv_engine::matching::{every_mismatch, ClaimView, Mismatch};
use pv_engine::objects::{
    AccessMode, AccessModes, Kind, LabelSelector, Labels, Object, ObjectKey, PersistentVolume,
    VolumePhase,
};
use pv_engine::sort::CompactSort;
use std::cmp::Ordering;

/// Near misses shown per claim.
pub const SHOWN: usize = 3;

/// A change to one volume that makes it fit the claim.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeChange {
    pub volume: String,
    pub steps: Vec<Step>,
    /// What the steps do, as a sentence's object: `add ReadWriteMany to its access modes`.
    pub what: Vec<String>,
    pub notes: Vec<String>,
    pub cost: u32,
    /// The claim (`namespace/name`) whose data the volume may still hold and hands to the
    /// claim it goes to: a Released volume, or one whose claimRef names a claim gone.
    pub data_of: Option<String>,
}

/// A ranked volume and, if a change to it alone makes it fit, that change.
pub struct Ranked<'a> {
    pub volume: &'a PersistentVolume,
    pub near_miss: NearMiss,
    pub change: Option<VolumeChange>,
}

/// Whether changing a volume's class to the claim's is a sensible fix: when the claim's class
/// is `""`, or names a class that only binds (no provisioner serves it). A claim whose class
/// does not exist was most likely mistyped, and the claim is what to change.
pub fn class_change_allowed(ctx: &Context, class: &str) -> bool {
    class.is_empty()
        || ctx
            .cluster
            .class(class)
            .is_some_and(|c| !pv_engine::provisioner::serves(&c.provisioner))
}

/// The volumes closest to fitting `view`'s claim, closest first (at most `limit`); volumes bound
/// to a live claim or being deleted never count.
pub fn rank<'a>(
    ctx: &Context<'a>,
    view: &ClaimView,
    allow_class_change: bool,
    limit: usize,
) -> Vec<Ranked<'a>> {
    // Costs first, without words (thousands of volumes per claim in a large dump), then the
    // words for the few shown.
    let ranked = costed_for(ctx, view, allow_class_change);
    let own = ctx.own_volumes(view);
    let mut top: Vec<(u32, &'a PersistentVolume)> = ranked
        .order
        .iter()
        .filter(|(_, i)| !own.contains(i))
        .take(limit)
        .map(|&(cost, i)| (cost, ctx.unbound[i]))
        .collect();
    top.extend(own.iter().filter_map(|&i| {
        let pv = ctx.unbound[i];
        Some((judge(ctx, pv, view, allow_class_change, false)?.0, pv))
    }));
    top.compact_sort_by(|a, b| order(ctx, view, *a, *b));
    top.truncate(limit);
    top.into_iter()
        .filter_map(|(_, pv)| judge(ctx, pv, view, allow_class_change, true)?.1)
        .collect()
}

/// Near misses in order: cheapest change first, then by size, then by name.
fn order(
    _ctx: &Context,
    view: &ClaimView,
    a: (u32, &PersistentVolume),
    b: (u32, &PersistentVolume),
) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| size_order(a.1, b.1, view))
        .then_with(|| a.1.metadata.name.cmp(&b.1.metadata.name))
}

/// Every unbound volume's cost for claims that ask what `view`'s claim asks. The costs depend
/// on what a claim asks for, not on its name, except for volumes reserved or promised to it by
/// name (`Context::own_volumes`): claims that ask the same share one costed list.
fn costed_for(ctx: &Context, view: &ClaimView, allow_class_change: bool) -> std::rc::Rc<Costed> {
    ctx.costed(view, allow_class_change, || {
        let mut anonymous = view.claim.clone();
        anonymous.metadata.name.clear();
        anonymous.metadata.namespace = Some(String::new());
        anonymous.spec.volume_name.clear();
        let anonymous_view = ClaimView::new(&anonymous);
        let mut order_list: Vec<(u32, usize)> = ctx
            .unbound
            .iter()
            .enumerate()
            .filter_map(|(i, pv)| {
                Some((
                    judge(ctx, pv, &anonymous_view, allow_class_change, false)?.0,
                    i,
                ))
            })
            .collect();
        order_list.compact_sort_by(|a, b| {
            order(ctx, view, (a.0, ctx.unbound[a.1]), (b.0, ctx.unbound[b.1]))
        });
        let fits = ctx
            .unbound
            .iter()
            .any(|pv| every_mismatch(pv, &anonymous_view).is_empty());
        Costed {
            order: order_list,
            fits,
        }
    })
}

/// Whether some unbound volume fits `view`'s claim outright once it names none.
pub fn some_volume_fits(ctx: &Context, view: &ClaimView) -> bool {
    costed_for(ctx, view, false).fits
}

/// The verdict of one named volume (a claim's `spec.volumeName`), near miss or not: ranked
/// when a change could make it fit, else its first failed rule alone.
pub fn named<'a>(ctx: &Context<'a>, pv: &'a PersistentVolume, view: &ClaimView) -> Ranked<'a> {
    judge(ctx, pv, view, true, true)
        .and_then(|(_, ranked)| ranked)
        .unwrap_or_else(|| {
            let reason = match every_mismatch(pv, view).first() {
                Some(first) => describe_mismatch(first, pv, view),
                None => "fits".into(),
            };
            Ranked {
                volume: pv,
                near_miss: NearMiss {
                    volume: pv.metadata.name.clone(),
                    reason,
                    also: Vec::new(),
                    fixable: false,
                },
                change: None,
            }
        })
}

/// Volumes that hold the request first, smallest first; then the too small, largest first.
fn size_order(a: &PersistentVolume, b: &PersistentVolume, view: &ClaimView) -> Ordering {
    let holds = |pv: &PersistentVolume| match (view.request, pv.spec.storage()) {
        (Some(request), Some(capacity)) => capacity >= request,
        (None, _) => true,
        (Some(_), None) => false,
    };
    match (holds(a), holds(b)) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (true, true) => a.spec.storage().cmp(&b.spec.storage()),
        (false, false) => b.spec.storage().cmp(&a.spec.storage()),
    }
}

/// A volume's cost for the claim (how much must change for it to fit), and with `detail` the
/// near miss in words and the change; None when it is no near miss at all (bound to a live
/// claim, being deleted, or fitting already).
fn judge<'a>(
    ctx: &Context<'a>,
    pv: &'a PersistentVolume,
    view: &ClaimView,
    allow_class_change: bool,
    detail: bool,
) -> Option<(u32, Option<Ranked<'a>>)> {
    let mismatches = every_mismatch(pv, view);
    let Some(first) = mismatches.first() else {
        // It fits: a near miss only when an older claim gets it on the same pass.
        let taker = ctx.promised.get(pv.metadata.name.as_str())?;
        let (namespace, name) = taker.split_once('/').unwrap_or_default();
        if namespace == view.namespace && name == view.claim.metadata.name {
            return None;
        }
        if !detail {
            return Some((3, None));
        }
        return Some((
            3,
            Some(Ranked {
                volume: pv,
                near_miss: NearMiss {
                    volume: pv.metadata.name.clone(),
                    reason: format!(
                    "fits, but {taker}, an older claim, gets it on the PV controller's same pass"
                ),
                    also: Vec::new(),
                    fixable: false,
                },
                change: None,
            }),
        ));
    };
    let key = ObjectKey::new(Kind::PersistentVolume, None, &pv.metadata.name);
    let mut cost = 0;
    let mut steps = Vec::new();
    let mut what = Vec::new();
    let mut notes = Vec::new();
    let mut fixable = true;
    let mut reserved = false;
    let mut data_of = None;
    for mismatch in &mismatches {
        match mismatch {
            Mismatch::BeingDeleted => return None,
            Mismatch::ClaimRef {
                namespace,
                name,
                bound,
            } => {
                let reference = pv.spec.claim_ref.as_ref()?;
                let live = ctx
                    .cluster
                    .claim(namespace, name)
                    .is_some_and(|claim| !*bound || claim.metadata.uid == reference.uid);
                if live {
                    return None;
                }
                cost += 1;
                reserved = true;
                if pv.status.phase == VolumePhase::Released || *bound {
                    data_of = Some(format!("{namespace}/{name}"));
                }
                if detail {
                    steps.push(Step::Patch {
                        target: key.clone(),
                        patch: Patch::ReserveFor {
                            namespace: view.namespace.to_owned(),
                            name: view.claim.metadata.name.clone(),
                        },
                    });
                    what.push(format!(
                        "point its claimRef at this claim instead of {namespace}/{name}, a claim that no longer exists"
                    ));
                    if data_of.is_some() {
                        notes.push(format!(
                            "Volume {} may still hold the data of {namespace}/{name}: it goes to this claim as it is.",
                            pv.metadata.name
                        ));
                    }
                    notes.push("A claimRef without a uid reserves the volume for the claim it names, which binds it whatever its class, selector or phase, and no other claim can take it (docs/kubernetes-rules.md §6.3).".into());
                }
            }
            // A reserved volume is bound whatever its phase, selector or class.
            Mismatch::NotAvailable { .. } | Mismatch::Selector | Mismatch::Class { .. }
                if reserved => {}
            Mismatch::NotAvailable { phase } => match phase {
                VolumePhase::Pending => cost += 1,
                _ => {
                    cost += 8;
                    fixable = false;
                }
            },
            Mismatch::AccessModes { volume, claim } => {
                let wanted = volume.union(*claim);
                let added: Vec<AccessMode> =
                    claim.iter().filter(|m| !volume.contains(*m)).collect();
                let valid = !(wanted.contains(AccessMode::ReadWriteOncePod) && wanted.len() > 1);
                let each: Vec<Option<bool>> = added.iter().map(|m| supports(pv, *m)).collect();
                let support = if each.contains(&Some(false)) {
                    Some(false)
                } else if each.iter().all(|s| *s == Some(true)) {
                    Some(true)
                } else {
                    None
                };
                match (valid, support) {
                    (true, Some(true) | None) if !detail => {
                        cost += if support.is_some() { 2 } else { 4 };
                    }
                    (true, Some(true) | None) => {
                        cost += if support.is_some() { 2 } else { 4 };
                        let modes: Vec<String> =
                            wanted.iter().map(|m| m.as_str().to_owned()).collect();
                        let names: Vec<&str> = added.iter().map(|m| m.as_str()).collect();
                        what.push(format!("add {} to its access modes", names.join(" and ")));
                        notes.push(match support {
                            Some(_) => format!(
                                "{} supports {} (docs/kubernetes-rules.md §12; the access-mode table of the PersistentVolume docs).",
                                source_name(pv),
                                names.join(" and ")
                            ),
                            None => format!(
                                "Add {} only if {} supports it: access modes describe what the storage can do, and Kubernetes does not check them.",
                                names.join(" and "),
                                source_name(pv)
                            ),
                        });
                        steps.push(Step::Patch {
                            target: key.clone(),
                            patch: Patch::SetAccessModes { modes },
                        });
                    }
                    _ => {
                        cost += 8;
                        fixable = false;
                    }
                }
            }
            Mismatch::Selector => {
                let selector = view.claim.spec.selector.as_ref()?;
                match labels_for(selector, &pv.metadata.labels) {
                    Some(_) if !detail => cost += 1,
                    Some(LabelChange {
                        set,
                        remove,
                        overwrite,
                    }) => {
                        cost += 1;
                        let mut words: Vec<String> =
                            set.iter().map(|(k, v)| format!("{k}={v}")).collect();
                        words.extend(remove.iter().map(|k| format!("no {k}")));
                        what.push(format!(
                            "label it {} to match the claim's selector",
                            words.join(", ")
                        ));
                        steps.push(Step::Label {
                            target: key.clone(),
                            set,
                            remove,
                            overwrite,
                        });
                    }
                    None => {
                        cost += 8;
                        fixable = false;
                    }
                }
            }
            Mismatch::Class { claim, .. } => {
                if allow_class_change
                    && pv
                        .metadata
                        .annotation(pv_engine::annotations::BETA_STORAGE_CLASS)
                        .is_none()
                {
                    cost += 2;
                    if !detail {
                        continue;
                    }
                    let shown = if claim.is_empty() {
                        "no class (\"\")".to_owned()
                    } else {
                        format!("class {claim:?}")
                    };
                    what.push(format!("give it {shown}, the claim's"));
                    steps.push(Step::Patch {
                        target: key.clone(),
                        patch: Patch::SetStorageClass {
                            class: claim.clone(),
                        },
                    });
                } else {
                    cost += 5;
                    fixable = false;
                }
            }
            Mismatch::TooSmall(_) => {
                cost += 4;
                fixable = false;
            }
            Mismatch::VolumeMode { .. } | Mismatch::VolumeAttributesClass { .. } => {
                cost += 6;
                fixable = false;
            }
            // Not produced by `every_mismatch`.
            Mismatch::Excluded
            | Mismatch::DelayBinding
            | Mismatch::NodeAffinity { .. }
            | Mismatch::ReservedNodeAffinity { .. } => {
                cost += 8;
                fixable = false;
            }
        }
    }
    // A volume no node can reach is no use to a pod, whatever a claim binds.
    let reachable = ctx.reachable(pv);
    if !reachable {
        cost += 6;
        fixable = false;
    }
    if !detail {
        return Some((cost, None));
    }
    let mut also: Vec<String> = mismatches[1..]
        .iter()
        .map(|m| describe_mismatch(m, pv, view))
        .collect();
    if !reachable {
        also.push("its node affinity matches no node in the dump".into());
    }
    let near_miss = NearMiss {
        volume: pv.metadata.name.clone(),
        reason: describe_mismatch(first, pv, view),
        also,
        fixable,
    };
    let change = fixable.then(|| VolumeChange {
        volume: pv.metadata.name.clone(),
        steps,
        what,
        notes,
        cost,
        data_of,
    });
    Some((
        cost,
        Some(Ranked {
            volume: pv,
            near_miss,
            change,
        }),
    ))
}

/// Whether a volume's storage supports an access mode: the single-node modes always; the
/// many-node ones per in-tree plugin as the PersistentVolume docs' access-mode table lists
/// them, and for CSI per well-known driver (a file system serves many nodes, a block disk does
/// not); None when it is the driver's secret.
fn supports(pv: &PersistentVolume, mode: AccessMode) -> Option<bool> {
    use pv_engine::objects::SourceKind;
    let (read_only_many, read_write_many) = match mode {
        AccessMode::ReadWriteOnce | AccessMode::ReadWriteOncePod => return Some(true),
        AccessMode::ReadOnlyMany => (true, false),
        AccessMode::ReadWriteMany => (false, true),
    };
    let table = |rox: bool, rwx: Option<bool>| {
        if read_only_many {
            Some(rox)
        } else {
            debug_assert!(read_write_many);
            rwx
        }
    };
    match pv.spec.source_kind()? {
        SourceKind::Nfs => Some(true),
        SourceKind::HostPath | SourceKind::Local => Some(false),
        SourceKind::Csi => driver_supports(&pv.spec.csi.as_ref()?.driver, mode),
        SourceKind::Other(field) => match field {
            "azureFile" | "cephfs" | "glusterfs" | "quobyte" => Some(true),
            "fc" | "iscsi" | "rbd" | "scaleIO" | "gcePersistentDisk" => table(true, Some(false)),
            "flexVolume" => table(true, None),
            "portworxVolume" => table(false, Some(true)),
            _ => Some(false),
        },
    }
}

/// Whether a CSI driver (or the provisioner of that name) serves a mode: the single-node
/// modes always, the many-node ones for well-known file-system drivers and not for
/// well-known block-disk drivers; None for a driver this table does not know.
pub(super) fn driver_supports(driver: &str, mode: AccessMode) -> Option<bool> {
    if matches!(
        mode,
        AccessMode::ReadWriteOnce | AccessMode::ReadWriteOncePod
    ) {
        return Some(true);
    }
    const FILE: [&str; 7] = [
        "efs.csi.aws.com",
        "file.csi.azure.com",
        "filestore.csi.storage.gke.io",
        "nfs.csi.k8s.io",
        "cephfs.csi.ceph.com",
        "smb.csi.k8s.io",
        "fsx.csi.aws.com",
    ];
    const BLOCK: [&str; 5] = [
        "ebs.csi.aws.com",
        "disk.csi.azure.com",
        "pd.csi.storage.gke.io",
        "cinder.csi.openstack.org",
        "csi.vsphere.vmware.com",
    ];
    if FILE.contains(&driver) {
        Some(true)
    } else if BLOCK.contains(&driver) {
        Some(false)
    } else {
        None
    }
}

/// The storage behind a volume, for the notes.
fn source_name(pv: &PersistentVolume) -> String {
    match (&pv.spec.csi, pv.spec.sources().first()) {
        (Some(csi), _) => format!("CSI driver {}", csi.driver),
        (None, Some((field, _))) => format!("a {field} volume"),
        (None, None) => "its storage".into(),
    }
}

/// Labels to set and remove on a volume.
pub struct LabelChange {
    pub set: Vec<(String, String)>,
    pub remove: Vec<String>,
    /// Whether a set changes an existing value (kubectl's `--overwrite`).
    pub overwrite: bool,
}

/// The labels to set and remove on a volume so that `selector` matches it; None when no labels
/// can satisfy it.
pub fn labels_for(selector: &LabelSelector, labels: &Labels) -> Option<LabelChange> {
    let mut after = labels.clone();
    for (key, value) in &selector.match_labels {
        after.insert(key.clone(), value.clone());
    }
    for requirement in &selector.match_expressions {
        let current = after.get(&requirement.key).cloned();
        match requirement.operator.as_str() {
            "In" => {
                if !current.is_some_and(|v| requirement.values.contains(&v)) {
                    after.insert(requirement.key.clone(), requirement.values.first()?.clone());
                }
            }
            "NotIn" => {
                if current.is_some_and(|v| requirement.values.contains(&v)) {
                    after.remove(&requirement.key);
                }
            }
            "Exists" => {
                if current.is_none() {
                    after.insert(requirement.key.clone(), String::new());
                }
            }
            "DoesNotExist" => {
                after.remove(&requirement.key);
            }
            _ => return None,
        }
    }
    if !selector_matches(&selector.match_labels, &selector.match_expressions, &after) {
        return None;
    }
    let set: Vec<(String, String)> = after
        .iter()
        .filter(|(k, v)| labels.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let remove: Vec<String> = labels
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    let overwrite = set.iter().any(|(k, _)| labels.contains_key(k));
    Some(LabelChange {
        set,
        remove,
        overwrite,
    })
}

/// The class a volume offers, for evidence sentences.
pub fn class_of(pv: &PersistentVolume) -> String {
    match volume_class(pv) {
        "" => "no class".into(),
        class => format!("class {class:?}"),
    }
}

/// `AccessModes` has no union in the engine; the bits are its own.
trait Union {
    fn union(self, other: AccessModes) -> AccessModes;
}

impl Union for AccessModes {
    fn union(self, other: AccessModes) -> AccessModes {
        let modes: Vec<&str> = self
            .iter()
            .chain(other.iter())
            .map(AccessMode::as_str)
            .collect();
        AccessModes::from_strings(&modes)
    }
}

/// The claim (`namespace/name`) that would take a volume before `claim` once `change` is made:
/// an older Pending claim the changed volume fits. The change then also reserves the volume.
pub fn contested(
    ctx: &Context,
    pv: &PersistentVolume,
    change: &VolumeChange,
    claim: &pv_engine::objects::PersistentVolumeClaim,
) -> Option<String> {
    let mut changed = Object::PersistentVolume(pv.clone());
    for step in &change.steps {
        changed = match step {
            Step::Patch { patch, .. } => patch.applied(changed).ok()?,
            Step::Label { set, remove, .. } => {
                let labels = &mut changed.metadata_mut().labels;
                labels.extend(set.iter().cloned());
                for key in remove {
                    labels.remove(key);
                }
                changed
            }
            _ => changed,
        };
    }
    let Object::PersistentVolume(changed) = changed else {
        return None;
    };
    if changed.spec.claim_ref.is_some() {
        return None;
    }
    let mine = claim.metadata.creation_timestamp;
    ctx.routes
        .values()
        .filter(|route| {
            (route.namespace.as_str(), route.name.as_str())
                != (
                    claim.metadata.namespace.as_deref().unwrap_or("default"),
                    claim.metadata.name.as_str(),
                )
        })
        .filter_map(|route| ctx.cluster.claim(&route.namespace, &route.name))
        .filter(|other| {
            other.metadata.creation_timestamp <= mine && !other.metadata.is_being_deleted()
        })
        .find(|other| {
            let view = ClaimView::new(other);
            other.spec.volume_name.is_empty()
                && pv_engine::matching::controller_verdict(&changed, &view, false).is_ok()
        })
        .map(|other| other.metadata.namespaced_name())
}

/// A change that also reserves the volume for `claim`, so that `rival` cannot take it first.
pub fn reserved_against(
    mut change: VolumeChange,
    claim: &pv_engine::objects::PersistentVolumeClaim,
    rival: &str,
) -> VolumeChange {
    change.steps.push(Step::Patch {
        target: ObjectKey::new(Kind::PersistentVolume, None, &change.volume),
        patch: Patch::ReserveFor {
            namespace: claim
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into()),
            name: claim.metadata.name.clone(),
        },
    });
    change.what.push(format!(
        "reserve it for this claim with a claimRef, since {rival}, an older claim, would take it first"
    ));
    change.cost += 1;
    change
}
