//! Which fix for which verdict: candidate changes with a cost (how much they touch), the
//! cheapest first. What may change follows the API server (`docs/kubernetes-rules.md` §1.1:
//! a PV's access modes, class, claimRef and labels; §1.2: a claim's spec only gets
//! `storageClassName` once from unset, so any other change deletes and creates it again; §17.8:
//! a StatefulSet's claim templates cannot change; pods' specs cannot change either).

use super::fix::{fresh_claim, fresh_pod, Fix, NewObject, Patch, Step, Workload};
use super::near_miss::{Ranked, VolumeChange};
use super::verdict::{ClassRequest, Finding};
use super::{claim_key, pod_key, Context};
use pv_engine::annotations as ann;
use pv_engine::classes::{claim_class_or_empty, volume_class};
use pv_engine::matching::check_volume_satisfy_claim;
use pv_engine::objects::{Kind, ObjectKey, PersistentVolumeClaim, Pod, StorageClass};
use pv_engine::sort::CompactSort;

/// Alternatives kept beside the chosen fix.
const ALTERNATIVES: usize = 2;

/// A candidate fix and how much it touches.
pub(super) struct Candidate {
    /// Whether it gives the claim a volume that may still hold another claim's data, which
    /// the claim did not ask for by name (`spec.volumeName`).
    pub hands_over_data: bool,
    pub cost: u32,
    pub fix: Fix,
}

/// The first candidate by the ranking rule, and up to two others.
///
/// The ranking rule: every fix that keeps each claim's data its own comes before any fix that
/// hands a claim a volume still holding another claim's data (a Released volume, `§10`),
/// whatever their costs; among each, the cheapest (fewest objects touched) first, the first
/// of equal cost kept. Cost counts how much a fix changes, not what it risks: pointing a
/// Released volume's claimRef at a new claim is one patch, but it gives that claim someone
/// else's files (possibly another team's, possibly needed to restore the claim that went),
/// which no later command takes back, while creating a class or the claim again touches only
/// the claim that is stuck. Such a fix is still offered when nothing cleaner is, or beside a
/// cleaner one, and always with its note about the data. A claim that names the volume in
/// `spec.volumeName` asks for that data (a restore), so the rule does not hold it back.
fn choose(mut candidates: Vec<Candidate>) -> (Option<Fix>, Vec<Fix>) {
    candidates.compact_sort_by_key(|c| (c.hands_over_data, c.cost));
    let mut seen: Vec<Vec<Step>> = Vec::new();
    candidates.retain(|c| {
        let new = !seen.contains(&c.fix.steps);
        seen.push(c.fix.steps.clone());
        new
    });
    let mut fixes = candidates.into_iter().map(|c| c.fix);
    let first = fixes.next();
    (first, fixes.take(ALTERNATIVES).collect())
}

fn namespace_of(claim: &PersistentVolumeClaim) -> &str {
    claim
        .metadata
        .namespace
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
}

/// The fix for a stuck Pending claim and the other ways.
pub(super) fn for_pending_claim(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    finding: &Finding,
    ranked: &[Ranked],
) -> (Option<Fix>, Vec<Fix>) {
    let name = claim.metadata.namespaced_name();
    let mut candidates = Vec::new();
    // A change to the closest volume, when one makes it fit (and reserves it, when an older
    // claim would take it first).
    let guarded = |r: &Ranked| {
        let change = r.change.clone()?;
        Some(
            match super::near_miss::contested(ctx, r.volume, &change, claim) {
                Some(rival) => super::near_miss::reserved_against(change, claim, &rival),
                None => change,
            },
        )
    };
    // The closest volume a change makes fit; if that one hands over another claim's data,
    // also the closest that does not (the ranking rule in `choose` puts it first).
    let mut changes = ranked.iter().filter_map(&guarded);
    if let Some(change) = changes.next() {
        let risky = hands_over_data(&change, claim);
        candidates.push(volume_candidate(&change, claim));
        if risky {
            if let Some(clean) = changes.find(|c| !hands_over_data(c, claim)) {
                candidates.push(volume_candidate(&clean, claim));
            }
        }
    }
    let class = super::claims::class_request(claim);
    let provisioning_class = choose_class(ctx, claim);
    match finding {
        Finding::ClaimNoClass => {
            if let (ClassRequest::Unset, Some(target)) = (&class, provisioning_class) {
                candidates.push(Candidate {
                    hands_over_data: false,
                    cost: 2,
                    fix: set_claim_class(ctx, claim, target),
                });
                candidates.push(Candidate {
                    hands_over_data: false,
                    cost: 3,
                    fix: mark_default(target, &name),
                });
            } else if let Some(target) = provisioning_class {
                candidates.push(recreate_with_class(ctx, claim, target));
            }
        }
        Finding::ClaimNoSuchClass { class: missing } => {
            let typo = closest_class(ctx, missing);
            // Creating the class the claim names leaves the claim as it is (it binds on the
            // PV controller's next pass). Not when the name is a typo of an existing class
            // (the claim is what is wrong), nor when volumes of the dump carry the name: such
            // a class name groups volumes made by hand and needs no object (rule book §16
            // pitfall 7), and a provisioner under it would change what every claim of it gets.
            let names_volumes = ctx.cluster.volumes().any(|pv| volume_class(pv) == missing);
            if let (None, false, Some(template)) = (typo, names_volumes, provisioning_class) {
                candidates.push(create_class(ctx, claim, missing, template));
            }
            if let Some(target) = typo.or(provisioning_class) {
                candidates.push(recreate_with_class(ctx, claim, target));
            }
        }
        Finding::ClaimNoProvisioner { .. }
        | Finding::ClaimWaitsForConsumer
        | Finding::ClaimWaitsForPods { .. } => {
            if let Some(target) = provisioning_class {
                candidates.push(recreate_with_class(ctx, claim, target));
            }
        }
        Finding::ClaimSelectorRefused => {
            let class_text = class.text();
            candidates.push(recreate_claim(
                ctx,
                claim,
                &format!(
                    "without its selector, so that class {class_text} provisions a volume for it"
                ),
                |c| c.spec.selector = None,
            ));
        }
        Finding::ClaimVolumeMissing { .. } => {
            let (what, edit) = fresh_volume(ctx, claim);
            candidates.push(recreate_claim(ctx, claim, &what, edit));
        }
        Finding::ClaimVolumeTaken { volume } => {
            if let Some(change) = ranked
                .iter()
                .filter(|r| r.volume.metadata.name == *volume)
                .find_map(&guarded)
            {
                candidates.push(volume_candidate(&change, claim));
            }
            let (what, edit) = fresh_volume(ctx, claim);
            candidates.push(recreate_claim(ctx, claim, &what, edit));
        }
        Finding::ClaimVolumeMismatch { volume } => {
            candidates.extend(named_volume_mismatch(ctx, claim, volume));
        }
        Finding::ClaimProvisioning { provisioner } => {
            candidates.push(Candidate {
                hands_over_data: false,
                cost: 0,
                fix: check_provisioner(claim, provisioner),
            });
            if let Some(target) = provisioning_class.filter(|c| c.provisioner != *provisioner) {
                candidates.push(recreate_with_class(ctx, claim, target));
            }
        }
        _ => {}
    }
    choose(candidates)
}

/// A claim that names a volume that does not satisfy it: change the volume where it may
/// change, else the claim to what the volume offers.
fn named_volume_mismatch(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    volume: &str,
) -> Vec<Candidate> {
    let Some(pv) = ctx.cluster.volume(volume) else {
        return Vec::new();
    };
    let Err(reason) = check_volume_satisfy_claim(pv, claim) else {
        return Vec::new();
    };
    let target = ObjectKey::new(Kind::PersistentVolume, None, volume);
    let name = claim.metadata.namespaced_name();
    let claim_class = claim_class_or_empty(claim).to_owned();
    let pv_class = volume_class(pv).to_owned();
    let change = |what: &str, patch: Patch, note: String| Candidate {
        hands_over_data: false,
        cost: 2,
        fix: Fix {
            summary: format!("Change volume {volume}: {what}, so that claim {name} binds it."),
            notes: vec![note, PV_MUTABLE.into()],
            steps: vec![Step::Patch {
                target: target.clone(),
                patch,
            }],
        },
    };
    match reason.as_str() {
        "storageClassName does not match" => {
            let shown = |c: &str| {
                if c.is_empty() {
                    "no class".to_owned()
                } else {
                    format!("class {c:?}")
                }
            };
            let mut out = vec![change(
                &format!("give it {}, the claim's", shown(&claim_class)),
                Patch::SetStorageClass {
                    class: claim_class.clone(),
                },
                format!(
                    "The claim asks for {} and the volume has {}; a claim that names its volume still needs the same class (a claim created without storageClassName gets the default class, docs/kubernetes-rules.md §16 pitfall 6).",
                    shown(&claim_class),
                    shown(&pv_class)
                ),
            )];
            out.push(recreate_claim(
                ctx,
                claim,
                &format!("with storageClassName: {pv_class:?}, the volume's"),
                |c| {
                    c.metadata.annotations.remove(ann::BETA_STORAGE_CLASS);
                    c.spec.storage_class_name = Some(pv_class.clone());
                },
            ));
            out
        }
        "incompatible accessMode" => {
            let modes: Vec<String> = pv
                .spec
                .access_modes
                .iter()
                .chain(&claim.spec.access_modes)
                .map(String::as_str)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(str::to_owned)
                .collect();
            let modes = pv_engine::objects::AccessModes::from_strings(&modes);
            let valid = !(modes.contains(pv_engine::objects::AccessMode::ReadWriteOncePod)
                && modes.len() > 1);
            let mut out = Vec::new();
            if valid {
                out.push(change(
                    &format!("let it offer {}", modes.short_string()),
                    Patch::SetAccessModes {
                        modes: modes.iter().map(|m| m.as_str().to_owned()).collect(),
                    },
                    "Access modes describe what the storage can do: add a mode only if the storage allows it.".into(),
                ));
            }
            let pv_modes = pv.spec.access_modes.clone();
            out.push(recreate_claim(
                ctx,
                claim,
                "asking for the volume's access modes",
                |c| c.spec.access_modes = pv_modes,
            ));
            out
        }
        "requested PV is too small" => {
            let Some(capacity) = pv.spec.storage().cloned() else {
                return Vec::new();
            };
            vec![recreate_claim(
                ctx,
                claim,
                &format!("requesting {capacity}, what volume {volume} holds"),
                |c| {
                    c.spec
                        .resources
                        .requests
                        .insert(pv_engine::objects::STORAGE.into(), capacity);
                },
            )]
        }
        "incompatible volumeMode" => {
            let mode = pv.spec.volume_mode.clone();
            vec![recreate_claim(
                ctx,
                claim,
                "with the volume's volumeMode",
                |c| c.spec.volume_mode = mode,
            )]
        }
        "volumeAttributesClassName does not match" => {
            let vac = pv.spec.volume_attributes_class_name.clone();
            vec![recreate_claim(
                ctx,
                claim,
                "with the volume's volumeAttributesClassName",
                |c| c.spec.volume_attributes_class_name = vac,
            )]
        }
        _ => vec![recreate_claim(
            ctx,
            claim,
            "without spec.volumeName, since the volume it names is being deleted",
            |c| c.spec.volume_name.clear(),
        )],
    }
}

const PV_MUTABLE: &str = "A PersistentVolume's access modes, class, claimRef and labels can be changed in place (its source, volume mode and node affinity cannot).";

const CLAIM_IMMUTABLE: &str = "A claim's spec cannot be changed once it exists (only storageClassName may be set on a claim that has none, and a Bound claim's request may grow), so the claim is deleted and created again.";

/// Whether a change gives `claim` another claim's data it did not ask for by name.
fn hands_over_data(change: &VolumeChange, claim: &PersistentVolumeClaim) -> bool {
    change.data_of.is_some() && claim.spec.volume_name != change.volume
}

fn volume_candidate(change: &VolumeChange, claim: &PersistentVolumeClaim) -> Candidate {
    Candidate {
        hands_over_data: hands_over_data(change, claim),
        cost: change.cost,
        fix: volume_fix(change, &claim.metadata.namespaced_name()),
    }
}

fn volume_fix(change: &VolumeChange, claim: &str) -> Fix {
    let mut notes = change.notes.clone();
    notes.push(PV_MUTABLE.into());
    // Said in the summary too, which is all an alternative shows ("Another way: …").
    let data = match &change.data_of {
        Some(owner) => {
            format!(" It may still hold the data of {owner}, which goes to {claim} as it is.")
        }
        None => String::new(),
    };
    Fix {
        summary: format!(
            "Change volume {}: {}, so that claim {claim} binds it.{data}",
            change.volume,
            change.what.join(", ")
        ),
        notes,
        steps: change.steps.clone(),
    }
}

/// The class to give a claim that needs provisioning: the default if a provisioner serves it
/// (and the claim's access modes), else one that provisions without waiting for a pod, else
/// any that provisions.
fn choose_class<'a>(ctx: &Context<'a>, claim: &PersistentVolumeClaim) -> Option<&'a StorageClass> {
    let current = claim_class_or_empty(claim);
    let modes = pv_engine::objects::AccessModes::from_strings(&claim.spec.access_modes);
    // A provisioner known not to serve a mode the claim asks for would only fail later.
    let serves_modes = |c: &&StorageClass| {
        modes
            .iter()
            .all(|m| super::near_miss::driver_supports(&c.provisioner, m) != Some(false))
    };
    // A claim of many-node modes is best served by a file system; one of single-node modes by
    // anything else (a block disk is the usual choice). Then the order of
    // `provisioning_classes`: the default, Immediate classes, by name.
    let many = modes.contains(pv_engine::objects::AccessMode::ReadWriteMany)
        || modes.contains(pv_engine::objects::AccessMode::ReadOnlyMany);
    let natural = |c: &StorageClass| {
        let file = super::near_miss::driver_supports(
            &c.provisioner,
            pv_engine::objects::AccessMode::ReadWriteMany,
        ) == Some(true);
        file == many
    };
    let is_default = |c: &StorageClass| {
        ctx.default_class
            .is_some_and(|d| d.metadata.name == c.metadata.name)
    };
    let mut classes: Vec<&StorageClass> = ctx
        .provisioning_classes()
        .into_iter()
        .filter(|c| c.metadata.name != current)
        .filter(serves_modes)
        .collect();
    classes.compact_sort_by_key(|c| (!is_default(c), !natural(c)));
    classes.first().copied()
}

/// What a claim made again needs to get a volume of its own: no `volumeName`, and a class
/// that provisions when its own does not and no free volume fits it.
fn fresh_volume<'a>(
    ctx: &Context<'a>,
    claim: &PersistentVolumeClaim,
) -> (String, impl FnOnce(&mut PersistentVolumeClaim) + 'a) {
    let own_provisions = ctx
        .cluster
        .class(claim_class_or_empty(claim))
        .is_some_and(|c| pv_engine::provisioner::serves(&c.provisioner));
    let fits = super::near_miss::some_volume_fits(ctx, &pv_engine::matching::ClaimView::new(claim));
    let class = (!own_provisions && !fits)
        .then(|| choose_class(ctx, claim))
        .flatten();
    let what = match class {
        Some(c) => format!(
            "without spec.volumeName and with storageClassName: {}, which {} provisions",
            c.metadata.name, c.provisioner
        ),
        None => "without spec.volumeName, so that it binds or is provisioned anew".to_owned(),
    };
    let class = class.map(|c| c.metadata.name.clone());
    (what, move |c: &mut PersistentVolumeClaim| {
        c.spec.volume_name.clear();
        if let Some(class) = class {
            c.metadata.annotations.remove(ann::BETA_STORAGE_CLASS);
            c.spec.storage_class_name = Some(class);
            c.spec.selector = None;
        }
    })
}

/// The existing class whose name is closest to a mistyped one (at most two edits, and fewer
/// than half its letters).
fn closest_class<'a>(ctx: &Context<'a>, missing: &str) -> Option<&'a StorageClass> {
    ctx.cluster
        .classes()
        .map(|c| (edit_distance(&c.metadata.name, missing), c))
        .filter(|(d, _)| *d <= 2 && *d * 2 < missing.chars().count().max(1))
        .min_by_key(|(d, c)| (*d, c.metadata.name.clone()))
        .map(|(_, c)| c)
}

/// Damerau–Levenshtein distance (adjacent transpositions count one), as a typo counts.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Nothing in the objects is wrong: the external provisioner has not answered.
fn check_provisioner(claim: &PersistentVolumeClaim, provisioner: &str) -> Fix {
    let namespace = namespace_of(claim);
    let name = &claim.metadata.name;
    let word = super::fix::shell_word;
    Fix {
        summary: format!(
            "Get provisioner {provisioner} running: the claim and its class are right, and Kubernetes handed the claim to it, but it has not created a volume."
        ),
        notes: vec![
            format!(
                "Its events say how far it got (Provisioning, ProvisioningFailed from the provisioner itself): kubectl describe pvc {} -n {}",
                word(name),
                word(namespace)
            ),
            format!(
                "Whether its CSI driver is registered: kubectl get csidriver {}",
                word(provisioner)
            ),
            "Whether its controller pods run (they are often in kube-system): kubectl get pods -A -o wide".into(),
        ],
        steps: Vec::new(),
    }
}

/// What a class's binding mode means for a claim given it: nothing for Immediate; for
/// WaitForFirstConsumer, that the claim binds only once a pod that uses it is scheduled, and
/// whether one does.
fn binding_note(ctx: &Context, claim: &PersistentVolumeClaim, class: &StorageClass) -> String {
    if !class.is_wait_for_first_consumer() {
        return String::new();
    }
    let users = ctx.users(namespace_of(claim), &claim.metadata.name);
    format!(
        " once a pod that uses the claim is scheduled (class {} has volumeBindingMode: WaitForFirstConsumer, so until then the claim stays Pending, \"waiting for first consumer to be created before binding\"{})",
        class.metadata.name,
        if users.is_empty() {
            "; no pod uses it now"
        } else {
            ""
        }
    )
}

/// The StorageClass a claim names, created: a copy of `template`, a class of the dump that
/// provisions, under the missing name. Which provisioner and parameters the class was meant to
/// have is not in the dump, so the copy is a guess the notes ask the user to confirm.
fn create_class(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    missing: &str,
    template: &StorageClass,
) -> Candidate {
    let mut class = template.clone();
    class.metadata = pv_engine::objects::ObjectMeta {
        name: missing.to_owned(),
        ..Default::default()
    };
    let is_default = ctx
        .default_class
        .is_some_and(|d| d.metadata.name == template.metadata.name);
    let source = format!(
        "class {}{}",
        template.metadata.name,
        if is_default { ", the default" } else { "" }
    );
    let mut copied = vec!["its provisioner".to_owned()];
    if !class.parameters.is_empty() {
        let parameters: Vec<String> = class
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        copied.push(format!("parameters ({})", parameters.join(", ")));
    }
    if let Some(policy) = &class.reclaim_policy {
        copied.push(format!("reclaimPolicy {policy}"));
    }
    if let Some(mode) = &class.volume_binding_mode {
        copied.push(format!("volumeBindingMode {mode}"));
    }
    if let Some(allow) = class.allow_volume_expansion {
        copied.push(format!("allowVolumeExpansion {allow}"));
    }
    if !class.mount_options.is_empty() {
        copied.push("mountOptions".into());
    }
    if !class.allowed_topologies.is_empty() {
        copied.push("allowedTopologies".into());
    }
    let last = copied.pop().unwrap_or_default();
    let copied = if copied.is_empty() {
        last
    } else {
        format!("{} and {last}", copied.join(", "))
    };
    Candidate {
        hands_over_data: false,
        cost: 2,
        fix: Fix {
            summary: format!(
                "Create StorageClass {missing:?}, which claim {} names, so that {} provisions a volume for it{}.",
                claim.metadata.namespaced_name(),
                class.provisioner,
                binding_note(ctx, claim, &class)
            ),
            notes: vec![
                format!(
                    "The provisioner {} is a guess, and so is the rest: the dump does not say what class {missing:?} was meant to be, so {copied} are copied from {source}. Confirm them before creating it (parameters are the driver's to define): a StorageClass's provisioner, parameters, reclaimPolicy and volumeBindingMode cannot be changed once it is created (docs/kubernetes-rules.md §1.3).",
                    class.provisioner,
                ),
                format!("Every claim that names class {missing:?} is provisioned by it from then on."),
            ],
            steps: vec![Step::Create {
                object: NewObject::StorageClass(class),
            }],
        },
    }
}

/// `kubectl patch pvc` setting the class of a claim that has none: the one change a claim's
/// spec allows before binding.
fn set_claim_class(ctx: &Context, claim: &PersistentVolumeClaim, class: &StorageClass) -> Fix {
    let name = claim.metadata.namespaced_name();
    let class_name = &class.metadata.name;
    Fix {
        summary: format!(
            "Give claim {name} class {class_name:?}, which {} provisions{}.",
            class.provisioner,
            binding_note(ctx, claim, class)
        ),
        notes: vec![
            "storageClassName may be set once on a claim that has none (the PV controller does the same when a default class appears); any other change to a claim's spec is refused.".into(),
        ],
        steps: vec![Step::Patch {
            target: claim_key(namespace_of(claim), &claim.metadata.name),
            patch: Patch::SetStorageClass {
                class: class_name.clone(),
            },
        }],
    }
}

/// Annotating a class as the default: claims without a class that nothing binds get it from
/// the PV controller (§3.4).
fn mark_default(class: &StorageClass, claim: &str) -> Fix {
    let overwrite = class.metadata.annotations.contains_key(ann::DEFAULT_CLASS);
    Fix {
        summary: format!(
            "Make class {:?} the default, so that the PV controller gives it to claim {claim} (and to every claim without a class that nothing binds).",
            class.metadata.name
        ),
        notes: vec![
            "Every claim created later without a class gets the default class too.".into(),
        ],
        steps: vec![Step::Annotate {
            target: ObjectKey::new(Kind::StorageClass, None, &class.metadata.name),
            key: ann::DEFAULT_CLASS.into(),
            value: "true".into(),
            overwrite,
        }],
    }
}

fn recreate_with_class(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    class: &StorageClass,
) -> Candidate {
    let class_name = class.metadata.name.clone();
    let selector = claim.spec.selector.is_some();
    let what = format!(
        "with storageClassName: {class_name}, which {} provisions{}{}",
        class.provisioner,
        binding_note(ctx, claim, class),
        if selector {
            ", and without its selector (provisioners refuse claims with one)"
        } else {
            ""
        }
    );
    recreate_claim(ctx, claim, &what, |c| {
        c.metadata.annotations.remove(ann::BETA_STORAGE_CLASS);
        c.spec.storage_class_name = Some(class_name);
        c.spec.selector = None;
        c.spec.volume_name.clear();
    })
}

/// The StatefulSet whose `volumeClaimTemplates` made a claim (`<template>-<pod>`, mounted by
/// that pod), with the template's name.
fn claim_template(ctx: &Context, claim: &PersistentVolumeClaim) -> Option<(String, String)> {
    ctx.users(namespace_of(claim), &claim.metadata.name)
        .iter()
        .find_map(|pod| match Workload::of_pod(pod)? {
            Workload::StatefulSet(set) => {
                let template = claim
                    .metadata
                    .name
                    .strip_suffix(&format!("-{}", pod.metadata.name))?;
                Some((set, template.to_owned()))
            }
            Workload::Deployment(_) => None,
        })
}

/// A claim asking for more than a volume nothing can expand: the API server never lets the
/// request go back down to the capacity (`field can not be less than status.capacity`, rule
/// book §19.1), so the claim is made again with the size it has, bound to the same volume by
/// name, the volume kept by Retain meanwhile and reserved for the new claim (§6.3).
pub(super) fn for_stuck_resize(ctx: &Context, claim: &PersistentVolumeClaim) -> Fix {
    let volume = claim.spec.volume_name.clone();
    let capacity = claim
        .status
        .capacity
        .get(pv_engine::objects::STORAGE)
        .cloned();
    let pv = ctx.cluster.volume(&volume);
    let retained =
        pv.is_some_and(|pv| pv.spec.persistent_volume_reclaim_policy.as_deref() == Some("Retain"));
    let what = format!(
        "asking for the {} it has, bound to volume {volume} by spec.volumeName",
        capacity
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| "size".into())
    );
    let Candidate { mut fix, .. } = recreate_claim(ctx, claim, &what, |c| {
        if let Some(capacity) = capacity {
            c.spec
                .resources
                .requests
                .insert(pv_engine::objects::STORAGE.into(), capacity);
        }
        c.spec.volume_name = volume.clone();
    });
    let pv_key = ObjectKey::new(Kind::PersistentVolume, None, &claim.spec.volume_name);
    // The old claim's uid comes off the volume once it is gone, keeping its name: reserved for
    // the claim made again, which no other claim can then take.
    if let Some(create) = fix
        .steps
        .iter()
        .position(|s| matches!(s, Step::Create { .. }))
    {
        fix.steps.insert(
            create,
            Step::Patch {
                target: pv_key.clone(),
                patch: Patch::RemoveClaimRefUid {
                    resource_version: pv.is_some_and(|pv| {
                        pv.spec
                            .claim_ref
                            .as_ref()
                            .is_some_and(|r| !r.resource_version.is_empty())
                    }),
                },
            },
        );
    }
    if !retained {
        fix.steps.insert(
            0,
            Step::Patch {
                target: pv_key,
                patch: Patch::SetReclaimPolicy {
                    policy: "Retain".into(),
                },
            },
        );
        fix.notes.insert(
            0,
            format!("Volume {} gets persistentVolumeReclaimPolicy: Retain first, so that deleting the claim keeps it and its data.", claim.spec.volume_name),
        );
    }
    fix.notes.insert(
        0,
        "A request can go back down only while it stays above status.capacity (RecoverVolumeExpansionFailure), and nothing expands this volume, so the claim is made again at the size it has; the data stays on the volume.".into(),
    );
    fix
}

/// A claim deleted and made again so that it gets a volume of its own (see `fresh_volume`).
pub(super) fn recreate_claim_for_volume(ctx: &Context, claim: &PersistentVolumeClaim) -> Candidate {
    let (what, edit) = fresh_volume(ctx, claim);
    recreate_claim(ctx, claim, &what, edit)
}

/// Deletes a claim (the pods that hold it first) and creates it again with `edit` applied;
/// the pods come back as their workload or their author makes them.
pub(super) fn recreate_claim(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    what: &str,
    edit: impl FnOnce(&mut PersistentVolumeClaim),
) -> Candidate {
    // One body for every edit: the page carries it once, not once per closure.
    let mut edit = Some(edit);
    recreate_claim_with(ctx, claim, what, &mut |c| {
        if let Some(edit) = edit.take() {
            edit(c)
        }
    })
}

fn recreate_claim_with(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    what: &str,
    edit: &mut dyn FnMut(&mut PersistentVolumeClaim),
) -> Candidate {
    let namespace = namespace_of(claim);
    let name = &claim.metadata.name;
    let holders: Vec<&Pod> = ctx.holders(namespace, name);
    let mut notes = vec![CLAIM_IMMUTABLE.to_owned()];
    let mut steps = Vec::new();
    let template = claim_template(ctx, claim);
    if let Some((set, template)) = &template {
        notes.push(format!(
            "Claim {name} comes from the volumeClaimTemplates entry {template:?} of StatefulSet {set}, and a StatefulSet's templates cannot be changed either: delete the StatefulSet but not its pods, make the same change in its template, and apply it again, so that replicas it creates later get it too."
        ));
        steps.push(Step::EditWorkload {
            workload: Workload::StatefulSet(set.clone()),
            namespace: namespace.to_owned(),
            command: format!(
                "kubectl delete statefulset {} -n {} --cascade=orphan",
                super::fix::shell_word(set),
                super::fix::shell_word(namespace)
            ),
        });
    }
    if !holders.is_empty() {
        let names: Vec<&str> = holders.iter().map(|p| p.metadata.name.as_str()).collect();
        notes.push(format!(
            "kubectl delete waits while a scheduled pod uses the claim (pvc-protection), so pod {} goes first and comes back after.",
            names.join(", ")
        ));
    }
    for pod in &holders {
        steps.push(Step::Delete {
            target: pod_key(namespace, &pod.metadata.name),
        });
    }
    steps.push(Step::Delete {
        target: claim_key(namespace, name),
    });
    let mut new = fresh_claim(claim);
    if let Some(beta) = new.metadata.annotations.remove(ann::BETA_STORAGE_CLASS) {
        new.spec.storage_class_name = Some(beta);
    }
    edit(&mut new);
    let old_class = super::claims::class_request(claim);
    if old_class != ClassRequest::Unset && super::claims::class_request(&new) != old_class {
        notes.insert(
            0,
            format!(
                "storageClassName cannot be changed on a claim that has one ({}).",
                old_class.text()
            ),
        );
    }
    steps.push(Step::Create {
        object: NewObject::PersistentVolumeClaim(new),
    });
    for pod in &holders {
        steps.push(recreated_pod(namespace, fresh_pod(pod)));
    }
    if let Some((set, template)) = &template {
        steps.push(Step::EditWorkload {
            workload: Workload::StatefulSet(set.clone()),
            namespace: namespace.to_owned(),
            command: format!(
                "# make the same change in volumeClaimTemplates {template:?} of StatefulSet {set}'s manifest, then:\nkubectl apply -f {set}.yaml"
            ),
        });
    }
    Candidate {
        hands_over_data: false,
        cost: 3 + holders.len() as u32,
        fix: Fix {
            summary: format!("Delete claim {namespace}/{name} and create it again {what}."),
            notes,
            steps,
        },
    }
}

/// A pod created again: by its workload's controller, or by the user for a bare pod.
pub(super) fn recreated_pod(namespace: &str, pod: Pod) -> Step {
    match Workload::of_pod(&pod) {
        Some(workload) => Step::ControllerCreates {
            workload,
            namespace: namespace.to_owned(),
            object: NewObject::Pod(pod),
        },
        None => Step::Create {
            object: NewObject::Pod(pod),
        },
    }
}

/// A claim whose volume is gone or belongs to another claim: created again, so that it binds
/// or is provisioned anew.
pub(super) fn for_lost_claim(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
) -> (Option<Fix>, Vec<Fix>) {
    let volume = claim.spec.volume_name.clone();
    let (what, edit) = fresh_volume(ctx, claim);
    let mut candidate = recreate_claim(ctx, claim, &what, edit);
    candidate.fix.notes.push(if ctx.cluster.volume(&volume).is_some() {
        format!("Volume {volume} belongs to another claim: this one gets a volume of its own, without the data it had.")
    } else {
        format!("The data that was on volume {volume} is not brought back. If its storage still exists, create the PersistentVolume {volume} again from its manifest instead (with claimRef naming this claim's uid {}), and the claim binds it again.", claim.metadata.uid)
    });
    choose(vec![candidate])
}

/// A claim kept Terminating: the pods that hold it deleted, or (when none does) the foreign
/// finalizers removed.
pub(super) fn for_terminating_claim(
    ctx: &Context,
    claim: &PersistentVolumeClaim,
    holders: &[String],
    other_finalizers: bool,
) -> Fix {
    let namespace = namespace_of(claim);
    let name = claim.metadata.namespaced_name();
    if holders.is_empty() && other_finalizers {
        return Fix {
            summary: format!("Remove the finalizers of claim {name}, so that it goes."),
            notes: vec![format!(
                "Only once you know why they are there: {} belongs to another controller (a backup or storage operator, say), which removes it when its work is done.",
                claim
                    .metadata
                    .finalizers
                    .iter()
                    .filter(|f| *f != ann::PVC_PROTECTION)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
            steps: vec![Step::Patch {
                target: claim_key(namespace, &claim.metadata.name),
                patch: Patch::RemoveFinalizers,
            }],
        };
    }
    let mut notes = vec![
        "pvc-protection removes its finalizer once no scheduled pod mounts the claim, and the claim goes.".into(),
    ];
    for pod in holders {
        if let Some(workload) = ctx.cluster.pod(namespace, pod).and_then(Workload::of_pod) {
            notes.push(format!(
                "Pod {pod} belongs to {} {}, which makes it again: if the claim is meant to go, scale it down first (kubectl scale {} {} -n {namespace} --replicas=0) or take the claim out of its template.",
                workload.kind(),
                workload.name(),
                workload.resource(),
                workload.name()
            ));
        }
    }
    Fix {
        summary: format!(
            "Delete pod {}, which keeps claim {name} from going.",
            holders.join(", pod ")
        ),
        notes,
        steps: holders
            .iter()
            .map(|pod| Step::Delete {
                target: pod_key(namespace, pod),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn typos_are_near() {
        assert_eq!(edit_distance("standrad", "standard"), 1);
        assert_eq!(edit_distance("gp2", "gp3"), 1);
        assert_eq!(edit_distance("fast", "slow"), 4);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
