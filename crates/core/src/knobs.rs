//! Knobs of an embedded explainer: fields of the followed claim an author lets readers flip
//! (`data-knobs="storageClassName,accessModes,request"`), the values each offers (taken from
//! the author's own objects, so every choice leads somewhere the cluster can show), a claim
//! rewritten with a chosen value, and which field decides the route a claim took (the line the
//! explainer highlights in the manifest beside the diagram). Pure; the explainer's state is
//! `crate::explainer`.

use pv_engine::classes::claim_class;
use pv_engine::explain::{Blocked, ClaimExplanation, Route};
use pv_engine::matching::{controller_verdict, ClaimView, Mismatch};
use pv_engine::objects::{AccessMode, Object, PersistentVolumeClaim, STORAGE};
use pv_engine::quantity::Quantity;
use pv_engine::sort::CompactSort;
use pv_engine::Cluster;

/// A field of a claim's spec that decides where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    StorageClassName,
    AccessModes,
    /// `resources.requests.storage`.
    Request,
    VolumeMode,
    VolumeName,
    /// `selector` (decides, but offers no finite list of values: never a knob).
    Selector,
}

/// The names a `data-knobs` list may use, in the order the explainer shows them.
pub const KNOB_NAMES: [&str; 5] = [
    "storageClassName",
    "accessModes",
    "request",
    "volumeMode",
    "volumeName",
];

/// What the claim's `storageClassName` knob offers for "the field left out".
pub const UNSET: &str = "(unset)";

impl Field {
    /// The knob's name, as `data-knobs` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Field::StorageClassName => "storageClassName",
            Field::AccessModes => "accessModes",
            Field::Request => "request",
            Field::VolumeMode => "volumeMode",
            Field::VolumeName => "volumeName",
            Field::Selector => "selector",
        }
    }

    /// The field's path in the claim, as `kubectl explain` writes it.
    pub fn path(self) -> &'static str {
        match self {
            Field::StorageClassName => "spec.storageClassName",
            Field::AccessModes => "spec.accessModes",
            Field::Request => "spec.resources.requests.storage",
            Field::VolumeMode => "spec.volumeMode",
            Field::VolumeName => "spec.volumeName",
            Field::Selector => "spec.selector",
        }
    }

    /// The YAML key of the field's own line in the claim's manifest.
    fn key(self) -> &'static str {
        match self {
            Field::Request => "storage",
            other => other.name(),
        }
    }

    /// The knob `data-knobs` names `name`.
    pub fn knob(name: &str) -> Option<Field> {
        [
            Field::StorageClassName,
            Field::AccessModes,
            Field::Request,
            Field::VolumeMode,
            Field::VolumeName,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

/// Reads a `data-knobs` list (names separated by commas or spaces): every unknown or
/// repeated name is reported.
pub fn parse_knobs(text: &str) -> Result<Vec<Field>, Vec<String>> {
    let mut knobs = Vec::new();
    let mut problems = Vec::new();
    for name in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
    {
        match Field::knob(name) {
            Some(knob) if knobs.contains(&knob) => {
                problems.push(format!("knobs names {name} twice"))
            }
            Some(knob) => knobs.push(knob),
            None => problems.push(format!(
                "knobs must name fields among {}; got {name:?}",
                KNOB_NAMES.join(", ")
            )),
        }
    }
    if problems.is_empty() {
        Ok(knobs)
    } else {
        Err(problems)
    }
}

/// One value a knob offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// What the field is set to (`(unset)` leaves it out).
    pub value: String,
    /// What the reader sees.
    pub label: String,
}

fn offer(value: impl Into<String>, label: impl Into<String>) -> Offer {
    Offer {
        value: value.into(),
        label: label.into(),
    }
}

/// The claim's current value of a knob, as [`Offer::value`] spells it.
pub fn current(field: Field, claim: &PersistentVolumeClaim) -> String {
    match field {
        Field::StorageClassName => claim_class(claim).map_or(UNSET.to_owned(), str::to_owned),
        Field::AccessModes => claim.spec.access_modes.join(","),
        Field::Request => claim
            .spec
            .request()
            .map_or_else(String::new, ToString::to_string),
        Field::VolumeMode => claim
            .spec
            .volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".to_owned()),
        Field::VolumeName => {
            if claim.spec.volume_name.is_empty() {
                UNSET.to_owned()
            } else {
                claim.spec.volume_name.clone()
            }
        }
        Field::Selector => String::new(),
    }
}

/// The values a knob offers for `claim` among `objects` (the author's): the current value
/// first-class among them, then what the objects make interesting. Classes: left out, `""`
/// (static provisioning only), every StorageClass and every class a volume names. Access
/// modes: each mode alone. Request: the claim's own, every volume's capacity and twice the
/// largest (bigger than any volume). Volume mode: Filesystem, Block. Volume name: left out,
/// every volume.
pub fn offers(field: Field, objects: &[Object], claim: &PersistentVolumeClaim) -> Vec<Offer> {
    let volumes = || {
        objects.iter().filter_map(|o| match o {
            Object::PersistentVolume(v) => Some(v),
            _ => None,
        })
    };
    let classes = || {
        objects.iter().filter_map(|o| match o {
            Object::StorageClass(c) => Some(c),
            _ => None,
        })
    };
    let mut out: Vec<Offer> = match field {
        Field::StorageClassName => {
            // Left out, a claim gets the default class: say which, or that there is none (the
            // claim then waits for one, or binds a volume of no class).
            let default = pv_engine::classes::default_class(classes());
            let unset = match default {
                Some(class) => format!("(unset: the default class, {})", class.metadata.name),
                None => "(unset: no default class here)".to_owned(),
            };
            let mut out = vec![offer(UNSET, unset), offer("", "\"\" (no provisioning)")];
            let names = classes().map(|c| c.metadata.name.clone());
            let volume_classes = volumes().filter_map(|v| v.spec.storage_class_name.clone());
            for class in names.chain(volume_classes).filter(|c| !c.is_empty()) {
                out.push(offer(class.clone(), class));
            }
            out
        }
        Field::AccessModes => AccessMode::ALL
            .into_iter()
            .map(|m| offer(m.as_str(), m.as_str()))
            .collect(),
        Field::Request => {
            let mut sizes: Vec<Quantity> = volumes()
                .filter_map(|v| v.spec.storage().cloned())
                .chain(claim.spec.request().cloned())
                .collect();
            sizes.compact_sort();
            sizes.dedup();
            if let Some(doubled) = sizes.last().and_then(double) {
                sizes.push(doubled);
            }
            sizes
                .into_iter()
                .map(|q| offer(q.to_string(), q.to_string()))
                .collect()
        }
        Field::VolumeMode => vec![offer("Filesystem", "Filesystem"), offer("Block", "Block")],
        Field::VolumeName => std::iter::once(offer(UNSET, "(unset: any that fits)"))
            .chain(volumes().map(|v| offer(v.metadata.name.clone(), v.metadata.name.clone())))
            .collect(),
        Field::Selector => Vec::new(),
    };
    let now = current(field, claim);
    if !out.iter().any(|o| o.value == now) {
        out.insert(0, offer(now.clone(), now));
    }
    let mut seen = Vec::new();
    out.retain(|o| {
        let new = !seen.contains(&o.value);
        seen.push(o.value.clone());
        new
    });
    out
}

/// Twice a quantity, in its own unit (`10Gi` → `20Gi`).
fn double(q: &Quantity) -> Option<Quantity> {
    let text = q.to_string();
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let number: u64 = digits.parse().ok()?;
    Quantity::parse(&format!(
        "{}{}",
        number.checked_mul(2)?,
        &text[digits.len()..]
    ))
    .ok()
}

/// `objects` with the claim `namespace/name` rewritten: `field` set to `value` (one of its
/// [`offers`], or any value the field takes). A value the field cannot take is an error
/// naming it; nothing else changes.
pub fn rewrite(
    objects: &[Object],
    claim: &str,
    field: Field,
    value: &str,
) -> Result<Vec<Object>, String> {
    let (namespace, name) = claim.split_once('/').unwrap_or(("default", claim));
    let mut out = objects.to_vec();
    let found = out.iter_mut().find_map(|o| match o {
        Object::PersistentVolumeClaim(c)
            if c.metadata.name == name
                && c.metadata.namespace.as_deref().unwrap_or("default") == namespace =>
        {
            Some(c)
        }
        _ => None,
    });
    let Some(target) = found else {
        return Err(format!("there is no claim {claim} to change"));
    };
    let spec = &mut target.spec;
    let unset = value == UNSET;
    match field {
        Field::StorageClassName => {
            target
                .metadata
                .annotations
                .remove(pv_engine::annotations::BETA_STORAGE_CLASS);
            spec.storage_class_name = (!unset).then(|| value.to_owned());
        }
        Field::AccessModes => {
            spec.access_modes = value
                .split(',')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
                .collect();
        }
        Field::Request => {
            let quantity = Quantity::parse(value.trim())
                .map_err(|e| format!("{} {value:?}: {e}", field.path()))?;
            spec.resources.requests.insert(STORAGE.to_owned(), quantity);
        }
        Field::VolumeMode => spec.volume_mode = Some(value.to_owned()),
        Field::VolumeName => {
            spec.volume_name = if unset {
                String::new()
            } else {
                value.to_owned()
            };
        }
        Field::Selector => return Err("the selector is not a knob".to_owned()),
    }
    Ok(out)
}

/// The field of the claim that decided its route, for the explainer to highlight: the class
/// for a provisioned, provisioning or class-blocked claim; the named volume when it names
/// one; for a claim that found no volume, the first rule the nearest volume failed (its
/// access modes, size, volume mode, class or selector); for a statically bound claim, the
/// first field that narrowed the choice (volume name, selector, class, then size). `written`
/// is the claim as its author wrote it (the binder fills `volumeName` in the cluster's copy).
pub fn deciding_field(
    cluster: &Cluster,
    explanation: &ClaimExplanation,
    written: &PersistentVolumeClaim,
) -> Option<Field> {
    let (namespace, name) = explanation.claim.split_once('/')?;
    let claim = cluster.claim(namespace, name)?;
    let names_volume = !written.spec.volume_name.is_empty();
    match &explanation.route {
        Route::Dynamic { .. } => Some(Field::StorageClassName),
        Route::Static { .. } | Route::Lost { .. } if names_volume => Some(Field::VolumeName),
        Route::Static { .. } | Route::Lost { .. } => Some(if claim.spec.selector.is_some() {
            Field::Selector
        } else if claim_class(claim).is_some_and(|c| !c.is_empty()) {
            Field::StorageClassName
        } else {
            Field::Request
        }),
        Route::Blocked { reason, .. } => match reason {
            Blocked::VolumeMissing | Blocked::VolumeMismatch | Blocked::VolumeTaken => {
                Some(Field::VolumeName)
            }
            Blocked::SelectorRefused => Some(Field::Selector),
            Blocked::Terminating => None,
            Blocked::NoClass => {
                let view = ClaimView::new(claim);
                let misfit = cluster.volumes().find_map(|pv| {
                    controller_verdict(pv, &view, false)
                        .err()
                        .and_then(field_of)
                });
                Some(misfit.unwrap_or(Field::StorageClassName))
            }
            // A class nothing provisions for: a volume of that class would have bound, so
            // what kept the author's volume from fitting decides (access modes, request,
            // volume mode), before the class itself.
            Blocked::NoSuchClass | Blocked::NoProvisioner => {
                let view = ClaimView::new(claim);
                let class = claim_class(claim).unwrap_or_default();
                let misfit = cluster
                    .volumes()
                    .filter(|pv| !class.is_empty() && pv_engine::classes::volume_class(pv) == class)
                    .find_map(|pv| {
                        controller_verdict(pv, &view, false)
                            .err()
                            .and_then(field_of)
                    });
                Some(misfit.unwrap_or(Field::StorageClassName))
            }
            Blocked::WaitForFirstConsumer | Blocked::WaitForPodScheduled => {
                Some(Field::StorageClassName)
            }
        },
    }
}

/// The claim's field a volume's mismatch is about (None: the volume's own state decides).
fn field_of(mismatch: Mismatch) -> Option<Field> {
    match mismatch {
        Mismatch::AccessModes { .. } => Some(Field::AccessModes),
        Mismatch::TooSmall(_) => Some(Field::Request),
        Mismatch::VolumeMode { .. } => Some(Field::VolumeMode),
        Mismatch::Class { .. } => Some(Field::StorageClassName),
        Mismatch::Selector => Some(Field::Selector),
        _ => None,
    }
}

/// The 0-based lines of a claim's manifest (as `manifest::to_yaml` writes it) that hold
/// `field`: its key's line and, for a list or a mapping, the lines indented under it.
pub fn field_lines(yaml: &str, field: Field) -> Vec<usize> {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let key = format!("{}:", field.key());
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let matches = trimmed.starts_with(&key)
            && (field != Field::Request
                || i > 0
                    && lines[..i]
                        .iter()
                        .rev()
                        .any(|l| l.trim_start() == "requests:"));
        if !matches || indent(line) < 2 {
            continue;
        }
        out.push(i);
        let own = indent(line);
        for (j, next) in lines.iter().enumerate().skip(i + 1) {
            let deeper =
                indent(next) > own || (next.trim_start().starts_with("- ") && indent(next) >= own);
            if !deeper {
                break;
            }
            out.push(j);
        }
        break;
    }
    out
}

#[cfg(test)]
mod tests;
