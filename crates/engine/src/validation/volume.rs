//! PersistentVolume rules: `ValidatePersistentVolume[Spec|Update]` and the node selector checks
//! its `nodeAffinity` gets (`pkg/apis/core/validation/validation.go`), the mount-options
//! annotation check (`pkg/volume/validation/pv_validation.go`), and `SetDefaults_PersistentVolume`.

use super::{
    clean_path, go_json_string, go_json_string_list, go_to_lower, is_absolute_path,
    optional_named_string, validate_access_modes, validate_class_name, validate_metadata,
    validate_no_backsteps, validate_volume_mode, FIELD_IMMUTABLE, FILESYSTEM,
};
use crate::apimachinery::{
    is_dns1123_subdomain, is_valid_label_value, validate_label_name, BadValue, ErrorList,
    FieldError, FieldPath, ObjectRules,
};
use crate::objects::{
    CsiVolumeSource, LocalVolumeSource, NfsVolumeSource, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, PersistentVolume, PersistentVolumeSpec, ResourceList, VolumeNodeAffinity,
    STORAGE,
};
use crate::quantity::Quantity;
use crate::value::Value;

/// What `ValidationOptionsForPersistentVolume` relaxes when an update must keep a value the
/// stored object already has.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct VolumeOptions {
    allow_invalid_label_value_in_required_node_affinity: bool,
}

impl VolumeOptions {
    /// Invalid label values in the required node affinity stay allowed if `old` has one
    /// (`helper.HasInvalidLabelValueInNodeSelectorTerms`, which reads `matchExpressions` only).
    pub(super) fn for_update_of(old: &PersistentVolume) -> Self {
        let terms = old
            .spec
            .node_affinity
            .as_ref()
            .and_then(|affinity| affinity.required.as_ref())
            .map_or(&[][..], |selector| &selector.node_selector_terms[..]);
        let has_invalid_value = terms
            .iter()
            .flat_map(|term| &term.match_expressions)
            .flat_map(|requirement| &requirement.values)
            .any(|value| !is_valid_label_value(value).is_empty());
        Self {
            allow_invalid_label_value_in_required_node_affinity: has_invalid_value,
        }
    }
}

const RECLAIM_RETAIN: &str = "Retain";
const RECLAIM_RECYCLE: &str = "Recycle";
/// `supportedReclaimPolicy`, sorted.
const SUPPORTED_RECLAIM_POLICIES: [&str; 3] = ["Delete", RECLAIM_RECYCLE, RECLAIM_RETAIN];
/// `supportedHostPathTypes`, sorted (the unset type is the empty string).
const SUPPORTED_HOST_PATH_TYPES: [&str; 8] = [
    "",
    "BlockDevice",
    "CharDevice",
    "Directory",
    "DirectoryOrCreate",
    "File",
    "FileOrCreate",
    "Socket",
];
/// `volume.MountOptionAnnotation`, the legacy way to give mount options.
const MOUNT_OPTIONS_ANNOTATION: &str = "volume.beta.kubernetes.io/mount-options";
/// `ValidateCSIDriverName`'s length limit.
const CSI_DRIVER_NAME_MAX_LENGTH: usize = 63;
/// `metav1.ObjectNameField`, the only key a node field selector may use.
const OBJECT_NAME_FIELD: &str = "metadata.name";

/// The PV strategy's `Validate`: core `ValidatePersistentVolume`, then
/// `volumevalidation.ValidatePersistentVolume`.
pub(super) fn validate_volume(volume: &PersistentVolume, options: VolumeOptions) -> ErrorList {
    let mut errors = validate_metadata(&volume.metadata, ObjectRules::PERSISTENT_VOLUME);
    errors.extend(validate_spec(&volume.spec, options));
    errors.extend(validate_mount_options_annotation(volume));
    errors
}

/// `ValidatePersistentVolumeSpec` for a standalone (not inline) volume, in upstream's order.
fn validate_spec(spec: &PersistentVolumeSpec, options: VolumeOptions) -> ErrorList {
    let path = FieldPath::new("spec");
    let mut errors = ErrorList::new();

    let modes_path = path.child("accessModes");
    if spec.access_modes.is_empty() {
        errors.push(FieldError::required(&modes_path, ""));
    }
    errors.extend(validate_access_modes(&spec.access_modes, &modes_path));

    errors.extend(validate_capacity(&spec.capacity, &path.child("capacity")));

    let reclaim_policy = spec.persistent_volume_reclaim_policy.as_deref();
    if let Some(policy) = reclaim_policy.filter(|policy| !policy.is_empty()) {
        if !SUPPORTED_RECLAIM_POLICIES.contains(&policy) {
            errors.push(FieldError::not_supported(
                &path.child("persistentVolumeReclaimPolicy"),
                BadValue::json_string(policy),
                &SUPPORTED_RECLAIM_POLICIES,
            ));
        }
    }

    // Upstream counts a present `nodeAffinity` as given even when it fails validation.
    let node_affinity_given = spec.node_affinity.is_some();
    if let Some(affinity) = &spec.node_affinity {
        errors.extend(validate_volume_node_affinity(
            affinity,
            options.allow_invalid_label_value_in_required_node_affinity,
            &path.child("nodeAffinity"),
        ));
    }

    errors.extend(validate_sources(spec, node_affinity_given, &path));

    if let Some(host_path) = &spec.host_path {
        if clean_path(&host_path.path) == "/" && reclaim_policy == Some(RECLAIM_RECYCLE) {
            errors.push(FieldError::forbidden(
                &path.child("persistentVolumeReclaimPolicy"),
                "may not be 'recycle' for a hostPath mount of '/'",
            ));
        }
    }

    // A PV's class name is a plain Go string: empty and absent are the same.
    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        errors.extend(validate_class_name(class, &path.child("storageClassName")));
    }
    errors.extend(validate_volume_mode(
        spec.volume_mode.as_deref(),
        &path.child("volumeMode"),
    ));
    if let Some(class) = spec.volume_attributes_class_name.as_deref() {
        let class_path = path.child("volumeAttributesClassName");
        if class.is_empty() {
            errors.push(FieldError::required(
                &class_path,
                "an empty string is disallowed",
            ));
        } else {
            errors.extend(validate_class_name(class, &class_path));
        }
        if spec.csi.is_none() {
            errors.push(FieldError::required(
                &path.child("csi"),
                "has to be specified when using volumeAttributesClassName",
            ));
        }
    }
    errors
}

/// `spec.capacity` must hold `storage` and nothing else, each entry a positive quantity.
/// Upstream walks the map in Go's random order; entries are taken sorted here.
fn validate_capacity(capacity: &ResourceList, path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    if capacity.is_empty() {
        errors.push(FieldError::required(path, ""));
    }
    if !capacity.contains_key(STORAGE) || capacity.len() > 1 {
        errors.push(FieldError::not_supported(
            path,
            BadValue::Json(resource_list_json(capacity)),
            &[STORAGE],
        ));
    }
    for (resource, quantity) in capacity {
        let entry_path = path.key(resource);
        // `validateBasicResource` reads the value rounded away from zero.
        if quantity.value() < 0 {
            errors.push(FieldError::invalid(
                &entry_path,
                quantity.value(),
                "must be a valid resource quantity",
            ));
        }
        errors.extend(validate_positive_quantity(quantity, &entry_path));
    }
    errors
}

/// `ValidatePositiveQuantityValue`; the bad value is the quantity's `String()`.
pub(super) fn validate_positive_quantity(
    quantity: &Quantity,
    path: &FieldPath,
) -> Option<FieldError> {
    (*quantity <= Quantity::default())
        .then(|| FieldError::invalid(path, quantity.to_string(), "must be greater than zero"))
}

/// A `core.ResourceList` as `encoding/json` writes it: keys sorted, quantities as strings; a
/// missing list is a nil map, `null`.
fn resource_list_json(list: &ResourceList) -> String {
    if list.is_empty() {
        return "null".to_owned();
    }
    let entries: Vec<String> = list
        .iter()
        .map(|(name, quantity)| {
            format!(
                "{}:{}",
                go_json_string(name),
                go_json_string(&quantity.to_string())
            )
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

/// How upstream treats one volume-source field while counting them.
enum SourceRule<'a> {
    HostPath(&'a str, Option<&'a str>),
    Nfs(&'a NfsVolumeSource),
    Local(&'a LocalVolumeSource),
    Csi(&'a CsiVolumeSource),
    /// A source the simulator carries opaquely: counted, its fields not checked.
    Opaque,
}

/// Exactly one volume source, in upstream's order of checks: the first one found is
/// validated, each later one is `Forbidden`, none at all is `Required` at `spec`.
fn validate_sources(
    spec: &PersistentVolumeSpec,
    node_affinity_given: bool,
    path: &FieldPath,
) -> ErrorList {
    let opaque = |field: &Option<Box<Value>>| field.as_ref().map(|_| SourceRule::Opaque);
    let sources = [
        (
            "hostPath",
            spec.host_path
                .as_ref()
                .map(|source| SourceRule::HostPath(&source.path, source.type_.as_deref())),
        ),
        ("gcePersistentDisk", opaque(&spec.gce_persistent_disk)),
        (
            "awsElasticBlockStore",
            opaque(&spec.aws_elastic_block_store),
        ),
        ("glusterfs", opaque(&spec.glusterfs)),
        ("flocker", opaque(&spec.flocker)),
        ("nfs", spec.nfs.as_ref().map(SourceRule::Nfs)),
        ("rbd", opaque(&spec.rbd)),
        ("quobyte", opaque(&spec.quobyte)),
        ("cephfs", opaque(&spec.cephfs)),
        ("iscsi", opaque(&spec.iscsi)),
        ("cinder", opaque(&spec.cinder)),
        ("fc", opaque(&spec.fc)),
        ("flexVolume", opaque(&spec.flex_volume)),
        ("azureFile", opaque(&spec.azure_file)),
        ("vsphereVolume", opaque(&spec.vsphere_volume)),
        ("photonPersistentDisk", opaque(&spec.photon_persistent_disk)),
        ("portworxVolume", opaque(&spec.portworx_volume)),
        ("azureDisk", opaque(&spec.azure_disk)),
        ("scaleIO", opaque(&spec.scale_io)),
        ("local", spec.local.as_ref().map(SourceRule::Local)),
        ("storageos", opaque(&spec.storageos)),
        ("csi", spec.csi.as_ref().map(SourceRule::Csi)),
    ];

    let mut errors = ErrorList::new();
    let mut count = 0;
    for (name, rule) in sources {
        let Some(rule) = rule else { continue };
        // Upstream counts `flexVolume` without checking whether another source came first.
        if name == "flexVolume" {
            count += 1;
            continue;
        }
        if count > 0 {
            // Upstream reports a second `cephfs` at `cephFS`.
            let reported = if name == "cephfs" { "cephFS" } else { name };
            errors.push(FieldError::forbidden(
                &path.child(reported),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        let source_path = path.child(name);
        match rule {
            SourceRule::HostPath(host_path, host_path_type) => {
                errors.extend(validate_host_path(host_path, host_path_type, &source_path));
            }
            SourceRule::Nfs(nfs) => errors.extend(validate_nfs(nfs, &source_path)),
            SourceRule::Local(local) => {
                errors.extend(validate_local(local, &source_path));
                if !node_affinity_given {
                    errors.push(FieldError::required(
                        &path.child("nodeAffinity"),
                        "Local volume requires node affinity",
                    ));
                }
            }
            SourceRule::Csi(csi) => errors.extend(validate_csi(csi, &source_path)),
            SourceRule::Opaque => {}
        }
    }
    if count == 0 {
        errors.push(FieldError::required(path, "must specify a volume type"));
    }
    errors
}

/// `validateHostPathVolumeSource`, shared with pod volumes: a path without `..`, a known type.
pub(super) fn validate_host_path(
    host_path: &str,
    host_path_type: Option<&str>,
    path: &FieldPath,
) -> ErrorList {
    let path_path = path.child("path");
    if host_path.is_empty() {
        return vec![FieldError::required(&path_path, "")];
    }
    let mut errors: ErrorList = validate_no_backsteps(host_path, &path_path)
        .into_iter()
        .collect();
    if let Some(kind) = host_path_type.filter(|kind| !SUPPORTED_HOST_PATH_TYPES.contains(kind)) {
        errors.push(FieldError::not_supported(
            &path.child("type"),
            BadValue::json_string(kind),
            &SUPPORTED_HOST_PATH_TYPES,
        ));
    }
    errors
}

/// `validateNFSVolumeSource`. An empty path is both missing and not absolute, and upstream
/// says both.
fn validate_nfs(nfs: &NfsVolumeSource, path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    if nfs.server.is_empty() {
        errors.push(FieldError::required(&path.child("server"), ""));
    }
    if nfs.path.is_empty() {
        errors.push(FieldError::required(&path.child("path"), ""));
    }
    if !is_absolute_path(&nfs.path) {
        errors.push(FieldError::invalid(
            &path.child("path"),
            &nfs.path,
            "must be an absolute path",
        ));
    }
    errors
}

/// `validateLocalVolumeSource`.
fn validate_local(local: &LocalVolumeSource, path: &FieldPath) -> ErrorList {
    let path_path = path.child("path");
    if local.path.is_empty() {
        return vec![FieldError::required(&path_path, "")];
    }
    validate_no_backsteps(&local.path, &path_path)
        .into_iter()
        .collect()
}

/// `validateCSIPersistentVolumeSource` for the fields the simulator models (secret references
/// are not). An empty driver is also not a DNS subdomain, and upstream says both.
fn validate_csi(csi: &CsiVolumeSource, path: &FieldPath) -> ErrorList {
    let driver_path = path.child("driver");
    let mut errors = ErrorList::new();
    if csi.driver.is_empty() {
        errors.push(FieldError::required(&driver_path, ""));
    }
    if csi.driver.len() > CSI_DRIVER_NAME_MAX_LENGTH {
        errors.push(FieldError::too_long(
            &driver_path,
            Some(CSI_DRIVER_NAME_MAX_LENGTH),
        ));
    }
    errors.extend(
        is_dns1123_subdomain(&go_to_lower(&csi.driver))
            .into_iter()
            .map(|message| FieldError::invalid(&driver_path, &csi.driver, message)),
    );
    if csi.volume_handle.is_empty() {
        errors.push(FieldError::required(&path.child("volumeHandle"), ""));
    }
    errors
}

/// `validateVolumeNodeAffinity` for a present affinity.
fn validate_volume_node_affinity(
    affinity: &VolumeNodeAffinity,
    allow_invalid_label_values: bool,
    path: &FieldPath,
) -> ErrorList {
    let required_path = path.child("required");
    match &affinity.required {
        Some(selector) => {
            validate_node_selector(selector, allow_invalid_label_values, &required_path)
        }
        None => vec![FieldError::required(
            &required_path,
            "must specify required node constraints",
        )],
    }
}

/// `ValidateNodeSelector`: at least one term, each requirement well formed.
fn validate_node_selector(
    selector: &NodeSelector,
    allow_invalid_label_values: bool,
    path: &FieldPath,
) -> ErrorList {
    let terms_path = path.child("nodeSelectorTerms");
    if selector.node_selector_terms.is_empty() {
        return vec![FieldError::required(
            &terms_path,
            "must have at least one node selector term",
        )];
    }
    let mut errors = ErrorList::new();
    for (term_index, term) in selector.node_selector_terms.iter().enumerate() {
        let term_path = terms_path.index(term_index);
        let expressions_path = term_path.child("matchExpressions");
        for (index, requirement) in term.match_expressions.iter().enumerate() {
            errors.extend(validate_node_selector_requirement(
                requirement,
                allow_invalid_label_values,
                &expressions_path.index(index),
            ));
        }
        let fields_path = term_path.child("matchFields");
        for (index, requirement) in term.match_fields.iter().enumerate() {
            errors.extend(validate_node_field_selector_requirement(
                requirement,
                &fields_path.index(index),
            ));
        }
    }
    errors
}

/// `ValidateNodeSelectorRequirement`: the operator decides how many values there must be;
/// the key is a label name and each value a label value.
fn validate_node_selector_requirement(
    requirement: &NodeSelectorRequirement,
    allow_invalid_label_values: bool,
    path: &FieldPath,
) -> ErrorList {
    let values_path = path.child("values");
    let value_count = requirement.values.len();
    let mut errors = ErrorList::new();
    match requirement.operator.as_str() {
        "In" | "NotIn" if value_count == 0 => errors.push(FieldError::required(
            &values_path,
            "must be specified when `operator` is 'In' or 'NotIn'",
        )),
        "Exists" | "DoesNotExist" if value_count > 0 => errors.push(FieldError::forbidden(
            &values_path,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "Gt" | "Lt" if value_count != 1 => errors.push(FieldError::required(
            &values_path,
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
        // `core.NodeSelectorOperator` is a named string type: printed as JSON.
        other => errors.push(FieldError::invalid(
            &path.child("operator"),
            BadValue::json_string(other),
            "not a valid selector operator",
        )),
    }
    errors.extend(validate_label_name(&requirement.key, &path.child("key")));
    if !allow_invalid_label_values {
        for (index, value) in requirement.values.iter().enumerate() {
            let value_path = values_path.index(index);
            errors.extend(
                is_valid_label_value(value)
                    .into_iter()
                    .map(|message| FieldError::invalid(&value_path, value, message)),
            );
        }
    }
    errors
}

/// `ValidateNodeFieldSelectorRequirement`: `metadata.name` with `In` or `NotIn` and exactly
/// one node name.
fn validate_node_field_selector_requirement(
    requirement: &NodeSelectorRequirement,
    path: &FieldPath,
) -> ErrorList {
    let values_path = path.child("values");
    let mut errors = ErrorList::new();
    match requirement.operator.as_str() {
        "In" | "NotIn" => {
            if requirement.values.len() != 1 {
                errors.push(FieldError::required(
                    &values_path,
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                ));
            }
        }
        other => errors.push(FieldError::invalid(
            &path.child("operator"),
            BadValue::json_string(other),
            "not a valid selector operator",
        )),
    }
    if requirement.key != OBJECT_NAME_FIELD {
        errors.push(FieldError::invalid(
            &path.child("key"),
            &requirement.key,
            "not a valid field selector key",
        ));
    } else {
        for (index, value) in requirement.values.iter().enumerate() {
            let value_path = values_path.index(index);
            errors.extend(
                is_dns1123_subdomain(value)
                    .into_iter()
                    .map(|message| FieldError::invalid(&value_path, value, message)),
            );
        }
    }
    errors
}

/// `checkMountOption`: the legacy mount-options annotation is refused unless the volume's
/// plugin takes mount options (the list is upstream's; `hostPath`, `local` and `csi` are not
/// on it).
fn validate_mount_options_annotation(volume: &PersistentVolume) -> Option<FieldError> {
    let spec = &volume.spec;
    let takes_mount_options = spec.gce_persistent_disk.is_some()
        || spec.aws_elastic_block_store.is_some()
        || spec.glusterfs.is_some()
        || spec.nfs.is_some()
        || spec.rbd.is_some()
        || spec.quobyte.is_some()
        || spec.iscsi.is_some()
        || spec.cinder.is_some()
        || spec.cephfs.is_some()
        || spec.azure_file.is_some()
        || spec.vsphere_volume.is_some()
        || spec.azure_disk.is_some()
        || spec.photon_persistent_disk.is_some()
        || spec.flocker.is_some()
        || spec.scale_io.is_some()
        || spec.fc.is_some()
        || spec.portworx_volume.is_some();
    let annotated = volume
        .metadata
        .annotations
        .contains_key(MOUNT_OPTIONS_ANNOTATION);
    (annotated && !takes_mount_options).then(|| {
        FieldError::forbidden(
            &FieldPath::new("metadata")
                .child("annotations")
                .child(MOUNT_OPTIONS_ANNOTATION),
            "may not specify mount options for this volume type",
        )
    })
}

/// `ValidatePersistentVolumeUpdate` beyond the create checks: the volume source, volume mode
/// and (once set) node affinity stay as they are, and a volume attributes class is not unset.
pub(super) fn validate_volume_update(new: &PersistentVolume, old: &PersistentVolume) -> ErrorList {
    let mut errors = ErrorList::new();
    if source_only(&new.spec) != source_only(&old.spec) {
        errors.push(FieldError::forbidden(
            &FieldPath::new("spec").child("persistentvolumesource"),
            "spec.persistentvolumesource is immutable after creation",
        ));
    }
    // Upstream names these two paths without the `spec.` prefix.
    if new.spec.volume_mode != old.spec.volume_mode {
        errors.push(FieldError::invalid(
            &FieldPath::new("volumeMode"),
            optional_named_string(new.spec.volume_mode.as_deref()),
            FIELD_IMMUTABLE,
        ));
    }
    if old.spec.node_affinity.is_some()
        && !same_affinity_but_ga_labels(
            new.spec.node_affinity.as_ref(),
            old.spec.node_affinity.as_ref(),
        )
    {
        errors.push(FieldError::invalid(
            &FieldPath::new("nodeAffinity"),
            BadValue::Json(volume_node_affinity_json(new.spec.node_affinity.as_ref())),
            format!("{FIELD_IMMUTABLE}, except for updating from beta label to GA"),
        ));
    }
    if old.spec.volume_attributes_class_name.is_some()
        && new.spec.volume_attributes_class_name.is_none()
    {
        errors.push(FieldError::forbidden(
            &FieldPath::new("spec").child("volumeAttributesClassName"),
            "update from non-nil value to nil is forbidden",
        ));
    }
    errors
}

/// The spec with everything but the volume source (upstream's `PersistentVolumeSource`)
/// cleared, so that two specs compare by source alone.
fn source_only(spec: &PersistentVolumeSpec) -> PersistentVolumeSpec {
    PersistentVolumeSpec {
        capacity: ResourceList::new(),
        access_modes: Vec::new(),
        claim_ref: None,
        persistent_volume_reclaim_policy: None,
        storage_class_name: None,
        mount_options: Vec::new(),
        volume_mode: None,
        node_affinity: None,
        volume_attributes_class_name: None,
        ..spec.clone()
    }
}

/// Deprecated node label keys and the GA keys a volume's affinity may be moved to
/// (`betaToGALabel`).
const BETA_TO_GA_LABELS: [(&str, &str); 5] = [
    (
        "failure-domain.beta.kubernetes.io/zone",
        "topology.kubernetes.io/zone",
    ),
    (
        "failure-domain.beta.kubernetes.io/region",
        "topology.kubernetes.io/region",
    ),
    ("beta.kubernetes.io/os", "kubernetes.io/os"),
    ("beta.kubernetes.io/arch", "kubernetes.io/arch"),
    (
        "beta.kubernetes.io/instance-type",
        "node.kubernetes.io/instance-type",
    ),
];

/// `validatePvNodeAffinity`'s equality: semantic equality, except that any requirement's key
/// may have moved from a beta label to its GA label.
fn same_affinity_but_ga_labels(
    new: Option<&VolumeNodeAffinity>,
    old: Option<&VolumeNodeAffinity>,
) -> bool {
    match (new, old) {
        (None, None) => true,
        (Some(new), Some(old)) => match (&new.required, &old.required) {
            (None, None) => true,
            (Some(new), Some(old)) => same_list(
                &new.node_selector_terms,
                &old.node_selector_terms,
                same_term_but_ga_labels,
            ),
            _ => false,
        },
        _ => false,
    }
}

fn same_term_but_ga_labels(new: &NodeSelectorTerm, old: &NodeSelectorTerm) -> bool {
    same_list(
        &new.match_expressions,
        &old.match_expressions,
        same_requirement_but_ga_label,
    ) && same_list(
        &new.match_fields,
        &old.match_fields,
        same_requirement_but_ga_label,
    )
}

fn same_requirement_but_ga_label(
    new: &NodeSelectorRequirement,
    old: &NodeSelectorRequirement,
) -> bool {
    let moved_to_ga = BETA_TO_GA_LABELS
        .iter()
        .any(|(beta, ga)| old.key == *beta && new.key == *ga);
    (new.key == old.key || moved_to_ga) && new.operator == old.operator && new.values == old.values
}

fn same_list<T>(new: &[T], old: &[T], same: fn(&T, &T) -> bool) -> bool {
    new.len() == old.len() && new.iter().zip(old).all(|(new, old)| same(new, old))
}

/// A `*core.VolumeNodeAffinity` as `encoding/json` writes it. The internal type has no JSON
/// tags, so fields keep their Go names, and empty lists are nil slices (`null`).
fn volume_node_affinity_json(affinity: Option<&VolumeNodeAffinity>) -> String {
    let Some(affinity) = affinity else {
        return "null".to_owned();
    };
    let required = affinity.required.as_ref().map_or_else(
        || "null".to_owned(),
        |selector| {
            let terms: Vec<String> = selector
                .node_selector_terms
                .iter()
                .map(|term| {
                    format!(
                        "{{\"MatchExpressions\":{},\"MatchFields\":{}}}",
                        requirements_json(&term.match_expressions),
                        requirements_json(&term.match_fields)
                    )
                })
                .collect();
            let terms = if terms.is_empty() {
                "null".to_owned()
            } else {
                format!("[{}]", terms.join(","))
            };
            format!("{{\"NodeSelectorTerms\":{terms}}}")
        },
    );
    format!("{{\"Required\":{required}}}")
}

fn requirements_json(requirements: &[NodeSelectorRequirement]) -> String {
    if requirements.is_empty() {
        return "null".to_owned();
    }
    let items: Vec<String> = requirements
        .iter()
        .map(|requirement| {
            format!(
                "{{\"Key\":{},\"Operator\":{},\"Values\":{}}}",
                go_json_string(&requirement.key),
                go_json_string(&requirement.operator),
                go_json_string_list(&requirement.values)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// `SetDefaults_PersistentVolume` and `SetDefaults_HostPathVolumeSource`
/// (`pkg/apis/core/v1/defaults.go`).
pub(super) fn apply_defaults(volume: &mut PersistentVolume) {
    let spec = &mut volume.spec;
    if spec
        .persistent_volume_reclaim_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        spec.persistent_volume_reclaim_policy = Some(RECLAIM_RETAIN.to_owned());
    }
    if spec.volume_mode.is_none() {
        spec.volume_mode = Some(FILESYSTEM.to_owned());
    }
    if let Some(host_path) = &mut spec.host_path {
        host_path.type_.get_or_insert_with(String::new);
    }
}
