//! Verdicts on volumes: Released ones whose claim is gone (kept by Retain, or waiting for their
//! deleter), Failed ones (a reclaim that did not work), and Available ones no claim in the dump
//! asks for (`docs/kubernetes-rules.md` §5, §10, §13.1).

use super::fix::{Fix, NewObject, Patch, Step};
use super::verdict::{Finding, Severity, Verdict};
use super::Context;
use pv_engine::annotations as ann;
use pv_engine::classes::{claim_class_or_empty, volume_class};
use pv_engine::matching::{every_mismatch, node_affinity_matches, ClaimView, Mismatch};
use pv_engine::objects::{
    AccessModes, Kind, ObjectKey, PersistentVolume, PersistentVolumeClaim, ReclaimPolicy,
    SourceKind, VolumeMode, VolumePhase,
};
use pv_engine::quantity::Quantity;
use pv_engine::sort::CompactSort;
use std::collections::{HashMap, HashSet};

/// Verdicts on volumes; an Available one in `near_missed` is left to the claim that names it.
pub(super) fn verdicts(ctx: &Context, near_missed: &HashSet<&str>) -> Vec<Verdict> {
    let wanted = Wanted::new(ctx);
    ctx.cluster
        .volumes()
        .filter(|pv| !pv.metadata.is_being_deleted())
        .filter_map(|pv| match pv.status.phase {
            VolumePhase::Released => released(ctx, pv),
            VolumePhase::Failed => Some(failed(ctx, pv)),
            VolumePhase::Available => unclaimed(ctx, pv, &wanted, near_missed),
            VolumePhase::Bound | VolumePhase::Pending => None,
        })
        .collect()
}

fn key(pv: &PersistentVolume) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolume, None, &pv.metadata.name)
}

fn verdict(
    ctx: &Context,
    pv: &PersistentVolume,
    severity: Severity,
    finding: Finding,
    (reason, message): (&str, String),
    evidence: Vec<String>,
    fix: Option<Fix>,
) -> Verdict {
    Verdict {
        subject: key(pv),
        severity,
        finding,
        reason: reason.into(),
        message,
        evidence,
        claim: None,
        near_misses: Vec::new(),
        fix,
        age_seconds: ctx.age(&pv.metadata),
    }
}

/// `kubectl delete pv`, for a volume whose storage is not wanted any more.
fn delete_volume(pv: &PersistentVolume, why: &str) -> Fix {
    Fix {
        summary: format!("Delete volume {} ({why}).", pv.metadata.name),
        notes: vec![
            "Deleting the PersistentVolume object does not free the storage behind it (a disk, an NFS export): free it by hand.".into(),
        ],
        steps: vec![Step::Delete { target: key(pv) }],
    }
}

/// A Released volume: Retain keeps it with its claimRef, and no claim can bind it.
fn released(ctx: &Context, pv: &PersistentVolume) -> Option<Verdict> {
    let reference = pv.spec.claim_ref.as_ref()?;
    let claim_name = format!("{}/{}", reference.namespace, reference.name);
    let again = ctx
        .cluster
        .claim(&reference.namespace, &reference.name)
        .filter(|c| c.metadata.uid != reference.uid);
    let policy = pv.spec.reclaim_policy();
    let provisioned = pv
        .metadata
        .annotation(ann::PROVISIONED_BY)
        .is_some_and(|p| !p.starts_with("kubernetes.io/"));
    let mut evidence = vec![match again {
        Some(_) => format!(
            "Its claimRef names {claim_name} with uid {}; the claim of that name now is another one (uid differs), created after.",
            reference.uid
        ),
        None => format!("Its claimRef names {claim_name}, which no longer exists."),
    }];
    let (severity, message) = match ReclaimPolicy::parse(policy) {
        Some(ReclaimPolicy::Delete) if provisioned || pv.spec.source_kind() == Some(SourceKind::Csi) => (
            Severity::Waiting,
            "reclaim policy Delete: the external provisioner that made it deletes it (and its storage)".to_owned(),
        ),
        Some(ReclaimPolicy::Delete) => (
            Severity::Stuck,
            format!("error getting deleter volume plugin for volume \"{}\": no deletable volume plugin matched", pv.metadata.name),
        ),
        Some(ReclaimPolicy::Recycle) => (
            Severity::Waiting,
            "reclaim policy Recycle: the recycler scrubs it and makes it Available".into(),
        ),
        _ => (
            Severity::Idle,
            format!("reclaim policy {policy} keeps it Released with its claimRef: no claim binds it until the claimRef goes"),
        ),
    };
    evidence.push(format!(
        "It offers {} · {} · {}.",
        AccessModes::from_strings(&pv.spec.access_modes).short_string(),
        pv.spec
            .storage()
            .map(Quantity::to_string)
            .unwrap_or_default(),
        super::near_miss::class_of(pv)
    ));
    let fix = match severity {
        Severity::Waiting => None,
        Severity::Stuck => Some(delete_volume(
            pv,
            "its reclaim policy Delete, which nothing here can do",
        )),
        Severity::Idle => Some(reuse(pv, again)),
    };
    if severity == Severity::Idle {
        evidence.push(format!(
            "If the data of {claim_name} is not needed, delete the volume instead (kubectl delete pv {}); its storage stays until freed by hand.",
            pv.metadata.name
        ));
    }
    Some(verdict(
        ctx,
        pv,
        severity,
        Finding::VolumeReleased { claim: claim_name },
        ("", message),
        evidence,
        fix,
    ))
}

/// Makes a Released volume usable again: for the claim of the same name when one was made
/// again and the volume fits it (only the uid goes), else for any claim (the claimRef goes).
fn reuse(pv: &PersistentVolume, again: Option<&PersistentVolumeClaim>) -> Fix {
    let reference = pv.spec.claim_ref.as_ref();
    let fits_again = again.is_some_and(|claim| {
        claim.spec.volume_name.is_empty() || claim.spec.volume_name == pv.metadata.name
    }) && again.is_some_and(|claim| {
        let view = ClaimView::new(claim);
        every_mismatch(pv, &view)
            .iter()
            .all(|m| matches!(m, Mismatch::ClaimRef { .. } | Mismatch::NotAvailable { .. }))
    });
    let data = "The data of the claim it was bound to is still on it, and goes to the claim that binds it next.".to_owned();
    if fits_again {
        let claim = again
            .map(|c| c.metadata.namespaced_name())
            .unwrap_or_default();
        return Fix {
            summary: format!(
                "Remove the old uid from volume {}'s claimRef, so that it is Available again, reserved for {claim}, which binds it.",
                pv.metadata.name
            ),
            notes: vec![data, "Without the uid the claimRef reserves the volume for whichever claim has that name (docs/kubernetes-rules.md §6.3).".into()],
            steps: vec![Step::Patch {
                target: key(pv),
                patch: Patch::RemoveClaimRefUid {
                    resource_version: reference.is_some_and(|r| !r.resource_version.is_empty()),
                },
            }],
        };
    }
    Fix {
        summary: format!(
            "Remove volume {}'s claimRef, so that it is Available for a claim that fits it.",
            pv.metadata.name
        ),
        notes: vec![data],
        steps: vec![Step::Patch {
            target: key(pv),
            patch: Patch::RemoveClaimRef,
        }],
    }
}

/// A Failed volume: its reclaim did not work.
fn failed(ctx: &Context, pv: &PersistentVolume) -> Verdict {
    let policy = pv.spec.reclaim_policy();
    let message = pv
        .status
        .message
        .clone()
        .unwrap_or_else(|| "the volume's reclaim failed".into());
    let reason = match ReclaimPolicy::parse(policy) {
        Some(ReclaimPolicy::Delete) => "VolumeFailedDelete",
        Some(ReclaimPolicy::Recycle) => "VolumeFailedRecycle",
        _ => "",
    };
    let claim = pv
        .spec
        .claim_ref
        .as_ref()
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .unwrap_or_default();
    let evidence = vec![
        format!(
            "Its claim {claim} went, and reclaim policy {policy} could not finish: Failed stays until someone acts (the PV controller retries but never sets it back)."
        ),
        format!(
            "To use it again instead, remove its claimRef (kubectl patch pv {} --type json -p '[{{\"op\":\"remove\",\"path\":\"/spec/claimRef\"}}]'): it becomes Available, with the old data on it.",
            pv.metadata.name
        ),
    ];
    let why = match ReclaimPolicy::parse(policy) {
        Some(ReclaimPolicy::Delete) => "what its reclaim policy Delete asked for",
        _ => "its reclaim failed",
    };
    verdict(
        ctx,
        pv,
        Severity::Stuck,
        Finding::VolumeFailed,
        (reason, message),
        evidence,
        Some(delete_volume(pv, why)),
    )
}

/// (class, volume mode) → what claims of it ask for: (request, access modes).
type ByClass = HashMap<(String, &'static str), Vec<(Option<Quantity>, AccessModes)>>;

/// What the dump's claims ask for, by class and volume mode, smallest request first.
struct Wanted {
    by_class: ByClass,
}

impl Wanted {
    fn new(ctx: &Context) -> Self {
        let mut by_class = ByClass::new();
        for claim in ctx.cluster.claims() {
            if claim.metadata.is_being_deleted() {
                continue;
            }
            by_class
                .entry((
                    claim_class_or_empty(claim).to_owned(),
                    VolumeMode::of(claim.spec.volume_mode.as_deref()).as_str(),
                ))
                .or_default()
                .push((
                    claim.spec.request().cloned(),
                    AccessModes::from_strings(&claim.spec.access_modes),
                ));
        }
        for entries in by_class.values_mut() {
            entries.compact_sort_by(|a, b| a.0.cmp(&b.0));
        }
        Wanted { by_class }
    }

    /// Whether some claim asks for this volume's class, a size it holds and modes it offers.
    fn asked_for(&self, pv: &PersistentVolume) -> bool {
        let mode = VolumeMode::of(pv.spec.volume_mode.as_deref()).as_str();
        let Some(entries) = self.by_class.get(&(volume_class(pv).to_owned(), mode)) else {
            return false;
        };
        let modes = AccessModes::from_strings(&pv.spec.access_modes);
        let capacity = pv.spec.storage();
        entries
            .iter()
            .take_while(|(request, _)| match (request, capacity) {
                (None, _) => true,
                (Some(r), Some(c)) => r <= c,
                (Some(_), None) => false,
            })
            .any(|(_, wanted)| modes.covers(*wanted))
    }
}

/// An Available volume no claim of the dump asks for (its class, a size it holds, modes it
/// offers), or reserved for a claim that does not exist.
fn unclaimed(
    ctx: &Context,
    pv: &PersistentVolume,
    wanted: &Wanted,
    near_missed: &HashSet<&str>,
) -> Option<Verdict> {
    let reserved = pv.spec.claim_ref.as_ref();
    let reachable = ctx.nodes.is_empty() || ctx.nodes.iter().any(|n| node_affinity_matches(pv, n));
    if let Some(r) = reserved {
        if ctx.cluster.claim(&r.namespace, &r.name).is_some() {
            return None;
        }
    } else if reachable && (wanted.asked_for(pv) || near_missed.contains(pv.metadata.name.as_str()))
    {
        return None;
    }
    let offers = format!(
        "{} · {} · {}",
        AccessModes::from_strings(&pv.spec.access_modes).short_string(),
        pv.spec
            .storage()
            .map(Quantity::to_string)
            .unwrap_or_default(),
        super::near_miss::class_of(pv)
    );
    let mut evidence = vec![match reserved {
        Some(r) => format!(
            "Its claimRef reserves it for {}/{}, and the dump has no claim of that name.",
            r.namespace, r.name
        ),
        None if reachable => format!(
            "It offers {offers}, and no claim in the dump asks for that class with a size it holds and modes it offers."
        ),
        None => format!("It offers {offers}."),
    }];
    let fix = if reachable {
        Some(claim_for(pv))
    } else {
        evidence.push(
            "Its node affinity matches no node in the dump: no pod could mount it where its storage is."
                .into(),
        );
        Some(delete_volume(pv, "no node in the dump can reach it"))
    };
    let message = match reserved {
        Some(_) => "Available, reserved for a claim that does not exist".to_owned(),
        None if reachable => "Available, and no claim asks for what it offers".to_owned(),
        None => "Available, and on no node a pod can run on".to_owned(),
    };
    Some(verdict(
        ctx,
        pv,
        Severity::Idle,
        Finding::VolumeUnclaimed,
        ("", message),
        evidence,
        fix,
    ))
}

/// A claim that binds exactly this volume: its class (`""` written out), its first access
/// mode, its capacity, its volume mode, and `volumeName`.
fn claim_for(pv: &PersistentVolume) -> Fix {
    let mut claim = PersistentVolumeClaim::default();
    let (namespace, name) = match &pv.spec.claim_ref {
        Some(r) => (r.namespace.clone(), r.name.clone()),
        None => ("default".to_owned(), format!("{}-claim", pv.metadata.name)),
    };
    claim.metadata.name = name.clone();
    claim.metadata.namespace = Some(namespace.clone());
    claim.spec.storage_class_name = Some(volume_class(pv).to_owned());
    claim.spec.access_modes = AccessModes::from_strings(&pv.spec.access_modes)
        .iter()
        .take(1)
        .map(|m| m.as_str().to_owned())
        .collect();
    if let Some(capacity) = pv.spec.storage() {
        claim
            .spec
            .resources
            .requests
            .insert(pv_engine::objects::STORAGE.into(), capacity.clone());
    }
    claim.spec.volume_mode = pv.spec.volume_mode.clone();
    claim.spec.volume_name = pv.metadata.name.clone();
    let mut notes = vec![format!(
        "Only if the volume is meant to be used: name the claim and its namespace as the application needs (spec.volumeName makes it bind exactly {}). If it is not, delete it: kubectl delete pv {}.",
        pv.metadata.name, pv.metadata.name
    )];
    if volume_class(pv).is_empty() {
        notes.push("storageClassName: \"\" is written out: left unset, the claim would get the default class and no longer match a volume without one.".into());
    }
    Fix {
        summary: format!(
            "Create claim {namespace}/{name} for volume {}.",
            pv.metadata.name
        ),
        notes,
        steps: vec![Step::Create {
            object: NewObject::PersistentVolumeClaim(claim),
        }],
    }
}
