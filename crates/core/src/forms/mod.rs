//! Forms to add and edit objects, as data: what each kind's form asks (a list of
//! [`FieldSpec`]s the view renders with one generic field component), the text the learner
//! typed, working defaults, and the conversions to and from the engine's objects. Pure and
//! natively tested; the view only renders fields and sends the [`Write`] a form checks out to.
//!
//! A form holds strings (and `"true"`/`""` for a checkbox) keyed by [`FormField`], not a struct
//! per kind: one description list then drives the view, the conversions and the mapping of the
//! engine's field paths back to the field that caused them, and five forms cost one component.
//! The form judges only syntax (a quantity, `key=value`); every Kubernetes rule and message is
//! the engine's, reached through [`Form::check`].

mod check;
mod convert;
pub mod syntax;

pub use check::{field_for_path, Problem};

use pv_engine::objects::{AccessMode, Kind, Object, ObjectKey};
use pv_engine::sort::CompactSort;
use pv_engine::Cluster;
use std::collections::BTreeMap;

/// One thing a learner edits in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormField {
    Name,
    Namespace,
    Labels,
    /// A volume's capacity or a claim's request.
    Size,
    AccessModes,
    VolumeMode,
    Class,
    MatchLabels,
    MatchExpressions,
    ReclaimPolicy,
    /// Which kind of storage backs a volume (`hostPath`, `nfs`, …).
    Source,
    NodeAffinity,
    ClaimRef,
    VolumeName,
    Provisioner,
    Parameters,
    BindingMode,
    DefaultClass,
    /// The claims a pod mounts.
    Claims,
    NodeName,
    NodeSelector,
    /// A workload's `spec.replicas`.
    Replicas,
    /// A StatefulSet's `spec.ordinals.start`.
    OrdinalsStart,
    /// A workload's selector `matchLabels`, also written on its pod template.
    PodLabels,
    ServiceName,
    PodManagementPolicy,
    /// The name of a StatefulSet's (first) claim template.
    TemplateName,
    WhenDeleted,
    WhenScaled,
    /// A Deployment's strategy type.
    Strategy,
}

impl FormField {
    /// A short stable name for element ids and test hooks.
    pub fn id(self) -> &'static str {
        match self {
            FormField::Name => "name",
            FormField::Namespace => "namespace",
            FormField::Labels => "labels",
            FormField::Size => "size",
            FormField::AccessModes => "access-modes",
            FormField::VolumeMode => "volume-mode",
            FormField::Class => "class",
            FormField::MatchLabels => "match-labels",
            FormField::MatchExpressions => "match-expressions",
            FormField::ReclaimPolicy => "reclaim-policy",
            FormField::Source => "source",
            FormField::NodeAffinity => "node-affinity",
            FormField::ClaimRef => "claim-ref",
            FormField::VolumeName => "volume-name",
            FormField::Provisioner => "provisioner",
            FormField::Parameters => "parameters",
            FormField::BindingMode => "binding-mode",
            FormField::DefaultClass => "default-class",
            FormField::Claims => "claims",
            FormField::NodeName => "node-name",
            FormField::NodeSelector => "node-selector",
            FormField::Replicas => "replicas",
            FormField::OrdinalsStart => "ordinals-start",
            FormField::PodLabels => "pod-labels",
            FormField::ServiceName => "service-name",
            FormField::PodManagementPolicy => "pod-management-policy",
            FormField::TemplateName => "template-name",
            FormField::WhenDeleted => "when-deleted",
            FormField::WhenScaled => "when-scaled",
            FormField::Strategy => "strategy",
        }
    }
}

/// How a field is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widget {
    Text,
    /// A choice among the cluster's StorageClasses, each saying what it does, with "not set"
    /// and `""` for a claim ([`class_choices`]).
    ClassPicker,
    /// One of these values.
    Choice(&'static [&'static str]),
    /// One checkbox per access mode.
    AccessModes,
    /// One checkbox: `"true"` or `""`.
    Check,
}

/// One field of a kind's form: what it edits, its label, how, and a hint on the syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: FormField,
    pub label: &'static str,
    pub widget: Widget,
    pub hint: &'static str,
}

const fn spec(
    field: FormField,
    label: &'static str,
    widget: Widget,
    hint: &'static str,
) -> FieldSpec {
    FieldSpec {
        field,
        label,
        widget,
        hint,
    }
}

use FormField as F;
use Widget as W;

const NAME: FieldSpec = spec(F::Name, "Name", W::Text, "");
const NAMESPACE: FieldSpec = spec(F::Namespace, "Namespace", W::Text, "");
const LABELS: FieldSpec = spec(F::Labels, "Labels", W::Text, "key=value, key2=value2");
const MODES: FieldSpec = spec(F::AccessModes, "Access modes", W::AccessModes, "");
const VOLUME_MODE: FieldSpec = spec(
    F::VolumeMode,
    "Volume mode",
    W::Choice(&["Filesystem", "Block"]),
    "",
);
const CLASS: FieldSpec = spec(
    F::Class,
    "Storage class",
    W::ClassPicker,
    "a class provisions a new volume; none binds an existing one",
);

const VOLUME_FIELDS: &[FieldSpec] = &[
    NAME,
    LABELS,
    spec(F::Size, "Capacity", W::Text, "e.g. 10Gi"),
    MODES,
    VOLUME_MODE,
    // A volume is never given the default class: unset and "" both mean no class.
    spec(
        F::Class,
        "Storage class",
        W::ClassPicker,
        "a claim binds it only if it asks for the same class",
    ),
    spec(
        F::ReclaimPolicy,
        "Reclaim policy",
        W::Choice(&["Retain", "Delete", "Recycle"]),
        "",
    ),
    spec(
        F::Source,
        "Volume source",
        W::Choice(&["hostPath", "nfs", "local", "csi"]),
        "",
    ),
    spec(
        F::NodeAffinity,
        "Node affinity",
        W::Text,
        "kubernetes.io/hostname in (node-a); terms split by ;",
    ),
    spec(
        F::ClaimRef,
        "Reserved for claim (claimRef)",
        W::Text,
        "namespace/name",
    ),
];

const CLAIM_FIELDS: &[FieldSpec] = &[
    NAME,
    NAMESPACE,
    LABELS,
    spec(F::Size, "Request", W::Text, "e.g. 1Gi"),
    MODES,
    VOLUME_MODE,
    CLASS,
    spec(F::MatchLabels, "Selector matchLabels", W::Text, "key=value"),
    spec(
        F::MatchExpressions,
        "Selector matchExpressions",
        W::Text,
        "key in (a,b), key notin (c), key, !key",
    ),
    spec(
        F::VolumeName,
        "Volume name (volumeName)",
        W::Text,
        "a PV's name",
    ),
];

const CLASS_FIELDS: &[FieldSpec] = &[
    NAME,
    LABELS,
    spec(F::Provisioner, "Provisioner", W::Text, ""),
    spec(F::Parameters, "Parameters", W::Text, "key=value"),
    spec(
        F::ReclaimPolicy,
        "Reclaim policy",
        W::Choice(&["Delete", "Retain"]),
        "",
    ),
    spec(
        F::BindingMode,
        "Volume binding mode",
        W::Choice(&["Immediate", "WaitForFirstConsumer"]),
        "",
    ),
    spec(F::DefaultClass, "Default class", W::Check, ""),
];

const POD_FIELDS: &[FieldSpec] = &[
    NAME,
    NAMESPACE,
    LABELS,
    spec(F::Claims, "Claims", W::Text, "claim names, comma-separated"),
    spec(
        F::NodeName,
        "Node name (nodeName)",
        W::Text,
        "empty: the scheduler picks",
    ),
    spec(F::NodeSelector, "Node selector", W::Text, "key=value"),
];

const NODE_FIELDS: &[FieldSpec] = &[NAME, LABELS];

const REPLICAS: FieldSpec = spec(F::Replicas, "Replicas", W::Text, "a whole number, e.g. 3");
const POD_LABELS: FieldSpec = spec(
    F::PodLabels,
    "Pod labels (selector)",
    W::Text,
    "key=value: the selector's matchLabels, set on every pod",
);
const TEMPLATE_CLAIMS: FieldSpec = spec(
    F::Claims,
    "Claims every pod mounts",
    W::Text,
    "existing claim names, comma-separated",
);
const TEMPLATE_NODE_SELECTOR: FieldSpec =
    spec(F::NodeSelector, "Node selector", W::Text, "key=value");
const RETENTION: &[&str] = &["Retain", "Delete"];

const STATEFUL_SET_FIELDS: &[FieldSpec] = &[
    NAME,
    NAMESPACE,
    LABELS,
    REPLICAS,
    spec(
        F::OrdinalsStart,
        "First ordinal (ordinals.start)",
        W::Text,
        "empty: 0",
    ),
    POD_LABELS,
    spec(
        F::ServiceName,
        "Service name",
        W::Text,
        "the pods' DNS subdomain",
    ),
    spec(
        F::PodManagementPolicy,
        "Pod management policy",
        W::Choice(&["OrderedReady", "Parallel"]),
        "",
    ),
    spec(
        F::TemplateName,
        "Claim template name",
        W::Text,
        "claims are named <template>-<set>-<ordinal>; empty: no template",
    ),
    spec(F::Size, "Claim template request", W::Text, "e.g. 1Gi"),
    MODES,
    CLASS,
    spec(
        F::WhenDeleted,
        "Claims when the set is deleted (whenDeleted)",
        W::Choice(RETENTION),
        "",
    ),
    spec(
        F::WhenScaled,
        "Claims when the set scales down (whenScaled)",
        W::Choice(RETENTION),
        "",
    ),
    TEMPLATE_CLAIMS,
    TEMPLATE_NODE_SELECTOR,
];

const DEPLOYMENT_FIELDS: &[FieldSpec] = &[
    NAME,
    NAMESPACE,
    LABELS,
    REPLICAS,
    POD_LABELS,
    TEMPLATE_CLAIMS,
    spec(
        F::Strategy,
        "Strategy",
        W::Choice(&["RollingUpdate", "Recreate"]),
        "",
    ),
    TEMPLATE_NODE_SELECTOR,
];

const REPLICA_SET_FIELDS: &[FieldSpec] = &[
    NAME,
    NAMESPACE,
    LABELS,
    REPLICAS,
    POD_LABELS,
    TEMPLATE_CLAIMS,
    TEMPLATE_NODE_SELECTOR,
];

/// The kinds the page offers forms for, in the order of its kind picker. ReplicaSets are
/// listed and edited through their Deployment, as people work with them.
pub const KINDS: [Kind; 7] = [
    Kind::PersistentVolume,
    Kind::PersistentVolumeClaim,
    Kind::StorageClass,
    Kind::Pod,
    Kind::Node,
    Kind::StatefulSet,
    Kind::Deployment,
];

/// One option of a choice: the value the form holds and what the learner reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The class picker's options for a kind's form: what a claim's class means (not set: the
/// default class, naming it, or none; `""`: no class, so only an existing volume without a
/// class can bind it; each StorageClass with its provisioner, the default marked), or a
/// volume's (none, or a class a claim must ask for). A value the list lacks (a class that does
/// not exist, typed elsewhere) is kept as an option saying so, so editing never changes it
/// behind the learner's back.
pub fn class_choices(kind: Kind, cluster: &Cluster, current: &str) -> Vec<Choice> {
    let choice = |value: &str, label: String| Choice {
        value: value.to_owned(),
        label,
    };
    let mut classes: Vec<&pv_engine::objects::StorageClass> = cluster.classes().collect();
    classes.compact_sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    let default = pv_engine::classes::default_class(cluster.classes());
    let mut out = Vec::new();
    if kind == Kind::PersistentVolumeClaim {
        out.push(choice(
            "",
            match default {
                Some(d) => format!("not set: the default class, {}", d.metadata.name),
                None => "not set: the default class (none here), so no class".to_owned(),
            },
        ));
        out.push(choice(
            "\"\"",
            "\"\": no class, static binding only".to_owned(),
        ));
    } else {
        // A volume is never given the default class: unset and `""` both mean none.
        out.push(choice("", "none".to_owned()));
        if current.trim() == "\"\"" {
            out.push(choice("\"\"", "\"\": none".to_owned()));
        }
    }
    for class in classes {
        let name = &class.metadata.name;
        let is_default = default.is_some_and(|d| d.metadata.name == *name);
        let what = if kind != Kind::PersistentVolumeClaim {
            String::new()
        } else if class.provisioner.starts_with("kubernetes.io/") {
            format!(
                ": {} cannot provision, static binding only",
                class.provisioner
            )
        } else {
            format!(": provisions with {}", class.provisioner)
        };
        let waits = if class.is_wait_for_first_consumer() && kind == Kind::PersistentVolumeClaim {
            ", once a pod uses the claim"
        } else {
            ""
        };
        let marked = if is_default { " (default)" } else { "" };
        out.push(choice(name, format!("{name}{marked}{what}{waits}")));
    }
    if !out.iter().any(|c| c.value == current.trim()) {
        let name = current.trim();
        out.push(choice(name, format!("{name}: no such StorageClass")));
    }
    out
}

/// What the page calls an object of this kind in a button: `Add claim`.
pub fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::PersistentVolume => "volume",
        Kind::PersistentVolumeClaim => "claim",
        Kind::StorageClass => "class",
        Kind::Pod => "pod",
        Kind::Node => "node",
        Kind::StatefulSet => "StatefulSet",
        Kind::Deployment => "Deployment",
        Kind::ReplicaSet => "ReplicaSet",
    }
}

/// The fields of a kind's form, in the order shown.
pub fn fields(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::PersistentVolume => VOLUME_FIELDS,
        Kind::PersistentVolumeClaim => CLAIM_FIELDS,
        Kind::StorageClass => CLASS_FIELDS,
        Kind::Pod => POD_FIELDS,
        Kind::Node => NODE_FIELDS,
        Kind::StatefulSet => STATEFUL_SET_FIELDS,
        Kind::Deployment => DEPLOYMENT_FIELDS,
        Kind::ReplicaSet => REPLICA_SET_FIELDS,
    }
}

/// A form's contents: the kind, what the learner typed, and the object being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub kind: Kind,
    values: BTreeMap<FormField, String>,
    /// The stored object an edit starts from: what the form does not show (status, uid,
    /// annotations, a pod's containers, a volume's source details) is kept from it.
    base: Option<Object>,
}

impl Form {
    /// A new object's form with working defaults: a claim added as it comes asks for 1Gi,
    /// ReadWriteOnce, in `default`, with no class (so the default class applies, or a free
    /// class-less volume binds); names are the first free `claim-1`, `pv-1`, ….
    pub fn new(kind: Kind, cluster: &Cluster) -> Form {
        let prefix = match kind {
            Kind::PersistentVolume => "pv",
            Kind::PersistentVolumeClaim => "claim",
            Kind::StorageClass => "class",
            Kind::Pod => "pod",
            Kind::Node => "node",
            Kind::StatefulSet => "web",
            Kind::Deployment => "app",
            Kind::ReplicaSet => "replicas",
        };
        let name = (1..)
            .map(|n| format!("{prefix}-{n}"))
            .find(|name| {
                cluster
                    .get(&ObjectKey::new(kind, Some("default"), name))
                    .is_none()
            })
            .unwrap_or_default();
        let defaults: &[(FormField, &str)] = match kind {
            Kind::PersistentVolume => &[
                (F::Size, "1Gi"),
                (F::AccessModes, "ReadWriteOnce"),
                (F::VolumeMode, "Filesystem"),
                (F::ReclaimPolicy, "Retain"),
                (F::Source, "hostPath"),
            ],
            Kind::PersistentVolumeClaim => &[
                (F::Size, "1Gi"),
                (F::AccessModes, "ReadWriteOnce"),
                (F::VolumeMode, "Filesystem"),
            ],
            // Any provisioner outside `kubernetes.io/` is served by the simulated external
            // provisioner, so a class added as it comes provisions.
            Kind::StorageClass => &[
                (F::Provisioner, "csi.example.com"),
                (F::ReclaimPolicy, "Delete"),
                (F::BindingMode, "Immediate"),
            ],
            // A set of three, each pod with its own 1Gi claim made from the template; claims
            // stay when the set scales down or goes (the default policy).
            Kind::StatefulSet => &[
                (F::Replicas, "3"),
                (F::PodManagementPolicy, "OrderedReady"),
                (F::TemplateName, "data"),
                (F::Size, "1Gi"),
                (F::AccessModes, "ReadWriteOnce"),
                (F::WhenDeleted, "Retain"),
                (F::WhenScaled, "Retain"),
            ],
            Kind::Deployment => &[(F::Replicas, "2"), (F::Strategy, "RollingUpdate")],
            Kind::ReplicaSet => &[(F::Replicas, "2")],
            Kind::Pod | Kind::Node => &[],
        };
        let mut values: BTreeMap<FormField, String> = defaults
            .iter()
            .map(|(field, value)| (*field, (*value).to_owned()))
            .collect();
        if matches!(
            kind,
            Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet
        ) {
            values.insert(F::PodLabels, format!("app={name}"));
        }
        if kind == Kind::StatefulSet {
            values.insert(F::ServiceName, name.clone());
        }
        values.insert(F::Name, name);
        if kind.is_namespaced() {
            values.insert(F::Namespace, "default".into());
        }
        Form {
            kind,
            values,
            base: None,
        }
    }

    /// The form that edits a stored object.
    pub fn from_object(object: &Object) -> Form {
        Form {
            kind: object.kind(),
            values: convert::values_of(object),
            base: Some(object.clone()),
        }
    }

    /// Whether this form edits a stored object (its name and namespace are then fixed).
    pub fn editing(&self) -> Option<ObjectKey> {
        self.base.as_ref().map(Object::key)
    }

    pub fn get(&self, field: FormField) -> &str {
        self.values.get(&field).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, field: FormField, value: String) {
        self.values.insert(field, value);
    }

    pub fn has_mode(&self, mode: AccessMode) -> bool {
        self.modes().any(|m| m == mode.as_str())
    }

    /// Ticks or unticks one access mode, keeping the API's order.
    pub fn set_mode(&mut self, mode: AccessMode, on: bool) {
        let modes: Vec<&str> = AccessMode::ALL
            .iter()
            .filter(|m| if **m == mode { on } else { self.has_mode(**m) })
            .map(|m| m.as_str())
            .collect();
        self.set(F::AccessModes, modes.join(","));
    }

    fn modes(&self) -> impl Iterator<Item = &str> {
        self.get(F::AccessModes)
            .split(',')
            .filter(|m| !m.is_empty())
    }

    /// The object this form describes, or what cannot be read (a quantity, `key=value`), by
    /// field.
    pub fn to_object(&self) -> Result<Object, Vec<(FormField, String)>> {
        convert::object_of(self)
    }
}

#[cfg(test)]
mod tests;
