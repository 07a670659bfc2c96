//! PersistentVolumeClaim rules: `ValidatePersistentVolumeClaim[Spec|Update]`
//! (`pkg/apis/core/validation/validation.go`), `SetDefaults_PersistentVolumeClaimSpec`, and the
//! PersistentVolumeClaimResize admission plugin that decides whether a claim may grow.

use super::{
    opaque_string, optional_named_string, validate_access_modes, validate_class_name,
    validate_metadata, validate_volume_mode, volume::validate_positive_quantity, FIELD_IMMUTABLE,
    FILESYSTEM,
};
use crate::apimachinery::{
    is_dns1123_subdomain, quote_go_string, validate_label_selector, validate_namespace_name,
    BadValue, ErrorList, FieldError, FieldPath, LabelSelectorRequirement,
    LabelSelectorValidationOptions, ObjectRules,
};
use crate::objects::{ClaimPhase, LabelSelector, PersistentVolumeClaim, StorageClass, STORAGE};
use crate::quantity::Quantity;
use crate::value::Value;
use std::fmt;

/// `core.BetaStorageClassAnnotation`: the legacy class, which wins over `storageClassName`.
const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";
const PERSISTENT_VOLUME_CLAIM_KIND: &str = "PersistentVolumeClaim";

/// What `ValidationOptionsForPersistentVolumeClaim` relaxes when an update must keep a value
/// the stored claim already has.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ClaimOptions {
    allow_invalid_label_value_in_selector: bool,
    allow_invalid_api_group_in_data_source: bool,
}

impl ClaimOptions {
    pub(super) fn for_update_of(old: &PersistentVolumeClaim) -> Self {
        // Any error in the stored selector, not only a bad value, relaxes the value check.
        let selector_had_errors = old.spec.selector.as_ref().is_some_and(|selector| {
            !validate_selector(
                selector,
                LabelSelectorValidationOptions::default(),
                &FieldPath::new("selector"),
            )
            .is_empty()
        });
        let has_api_group = |reference: &Option<Box<Value>>| {
            reference
                .as_ref()
                .is_some_and(|reference| TypedReference::of(reference).api_group.is_some())
        };
        Self {
            allow_invalid_label_value_in_selector: selector_had_errors,
            allow_invalid_api_group_in_data_source: has_api_group(&old.spec.data_source)
                || has_api_group(&old.spec.data_source_ref),
        }
    }
}

/// `ValidatePersistentVolumeClaim`: metadata, then `ValidatePersistentVolumeClaimSpec` in
/// upstream's order.
pub(super) fn validate_claim(claim: &PersistentVolumeClaim, options: ClaimOptions) -> ErrorList {
    let mut errors = validate_metadata(&claim.metadata, ObjectRules::PERSISTENT_VOLUME_CLAIM);
    let spec = &claim.spec;
    let path = FieldPath::new("spec");

    let modes_path = path.child("accessModes");
    if spec.access_modes.is_empty() {
        errors.push(FieldError::required(
            &modes_path,
            "at least 1 access mode is required",
        ));
    }
    if let Some(selector) = &spec.selector {
        let selector_options = LabelSelectorValidationOptions {
            allow_invalid_label_value_in_selector: options.allow_invalid_label_value_in_selector,
        };
        errors.extend(validate_selector(
            selector,
            selector_options,
            &path.child("selector"),
        ));
    }
    errors.extend(validate_access_modes(&spec.access_modes, &modes_path));

    // The map key is written with a subscript: `spec.resources[storage]`.
    let storage_path = path.child("resources").key(STORAGE);
    match spec.request() {
        None => errors.push(FieldError::required(&storage_path, "")),
        // A positive quantity passes the remaining `ValidateResourceQuantityValue` checks:
        // it is not negative, and `storage` is not an integer resource.
        Some(request) => errors.extend(validate_positive_quantity(request, &storage_path)),
    }

    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        errors.extend(validate_class_name(class, &path.child("storageClassName")));
    }
    errors.extend(validate_volume_mode(
        spec.volume_mode.as_deref(),
        &path.child("volumeMode"),
    ));

    let data_source = spec.data_source.as_deref().map(TypedReference::of);
    let data_source_ref = spec.data_source_ref.as_deref().map(TypedReference::of);
    let allow_api_group = options.allow_invalid_api_group_in_data_source;
    if let Some(source) = &data_source {
        errors.extend(source.validate(&path.child("dataSource"), allow_api_group));
    }
    if let Some(reference) = &data_source_ref {
        errors.extend(reference.validate(&path.child("dataSourceRef"), allow_api_group));
    }
    // The bad value is a `*field.Path`, which prints through its `String()`, unquoted.
    let data_source_path = BadValue::Json(path.child("dataSource").to_string());
    match (&data_source, &data_source_ref) {
        (Some(_), Some(reference)) if !reference.namespace.unwrap_or("").is_empty() => {
            errors.push(FieldError::invalid(
                &path,
                data_source_path,
                "may not be specified when dataSourceRef.namespace is specified",
            ));
        }
        (Some(source), Some(reference))
            if reference.namespace.unwrap_or("").is_empty() && !source.same_target(reference) =>
        {
            errors.push(FieldError::invalid(
                &path,
                data_source_path,
                "must match dataSourceRef",
            ));
        }
        _ => {}
    }

    if let Some(class) = spec
        .volume_attributes_class_name
        .as_deref()
        .filter(|class| !class.is_empty())
    {
        errors.extend(validate_class_name(
            class,
            &path.child("volumeAttributesClassName"),
        ));
    }
    errors
}

/// `metav1validation.ValidateLabelSelector` on the object model's selector.
fn validate_selector(
    selector: &LabelSelector,
    options: LabelSelectorValidationOptions,
    path: &FieldPath,
) -> ErrorList {
    let expressions: Vec<LabelSelectorRequirement> = selector
        .match_expressions
        .iter()
        .map(|requirement| LabelSelectorRequirement {
            key: requirement.key.clone(),
            operator: requirement.operator.clone(),
            values: requirement.values.clone(),
        })
        .collect();
    validate_label_selector(&selector.match_labels, &expressions, options, path)
}

/// A `dataSource` (`TypedLocalObjectReference`) or `dataSourceRef` (`TypedObjectReference`),
/// read from the opaque value the object model keeps. A field that is not a string reads as
/// unset.
struct TypedReference<'a> {
    api_group: Option<&'a str>,
    kind: &'a str,
    name: &'a str,
    namespace: Option<&'a str>,
}

impl<'a> TypedReference<'a> {
    fn of(value: &'a Value) -> Self {
        Self {
            api_group: opaque_string(value, "apiGroup"),
            kind: opaque_string(value, "kind").unwrap_or(""),
            name: opaque_string(value, "name").unwrap_or(""),
            namespace: opaque_string(value, "namespace"),
        }
    }

    /// `validateDataSource` / `validateDataSourceRef` (the namespace exists only on the
    /// latter, and is checked only when set).
    fn validate(&self, path: &FieldPath, allow_invalid_api_group: bool) -> ErrorList {
        let mut errors = ErrorList::new();
        if self.name.is_empty() {
            errors.push(FieldError::required(&path.child("name"), ""));
        }
        if self.kind.is_empty() {
            errors.push(FieldError::required(&path.child("kind"), ""));
        }
        let api_group = self.api_group.unwrap_or("");
        if api_group.is_empty() && self.kind != PERSISTENT_VOLUME_CLAIM_KIND {
            errors.push(FieldError::invalid(
                path,
                self.kind,
                "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
            ));
        }
        if !api_group.is_empty() && !allow_invalid_api_group {
            let group_path = path.child("apiGroup");
            errors.extend(
                is_dns1123_subdomain(api_group)
                    .into_iter()
                    .map(|message| FieldError::invalid(&group_path, api_group, message)),
            );
        }
        if let Some(namespace) = self.namespace.filter(|namespace| !namespace.is_empty()) {
            let namespace_path = path.child("namespace");
            errors.extend(
                validate_namespace_name(namespace)
                    .into_iter()
                    .map(|message| FieldError::invalid(&namespace_path, namespace, message)),
            );
        }
        errors
    }

    /// `isDataSourceEqualDataSourceRef`: an unset group differs from an empty one.
    fn same_target(&self, other: &TypedReference<'_>) -> bool {
        self.api_group == other.api_group && self.kind == other.kind && self.name == other.name
    }
}

/// The class a claim asks for, as `helper.GetPersistentVolumeClaimClass` reads it: the beta
/// annotation if present, else `storageClassName`, else none.
fn claim_class(claim: &PersistentVolumeClaim) -> &str {
    claim
        .metadata
        .annotation(BETA_STORAGE_CLASS_ANNOTATION)
        .or(claim.spec.storage_class_name.as_deref())
        .unwrap_or("")
}

/// `ValidatePersistentVolumeClaimUpdate` beyond the create checks. The spec is immutable except
/// for setting `volumeName` once, setting `storageClassName` from nil (or from the beta
/// annotation's value), and, on a bound claim, `resources.requests.storage` and
/// `volumeAttributesClassName`; whether the class lets the claim grow is the resize
/// admission's question ([`admit_claim_resize`]), asked after validation passes.
pub(super) fn validate_claim_update(
    new: &PersistentVolumeClaim,
    old: &PersistentVolumeClaim,
) -> ErrorList {
    let mut errors = ErrorList::new();
    let mut new_spec = new.spec.clone();
    let mut old_spec = old.spec.clone();

    // The PV controller writes volumeName once; claims are otherwise immutable so that quota
    // and limit ranges cannot be gamed.
    if old.spec.volume_name.is_empty() {
        old_spec.volume_name.clone_from(&new_spec.volume_name);
    }

    let old_annotation = old.metadata.annotation(BETA_STORAGE_CLASS_ANNOTATION);
    let new_annotation = new.metadata.annotation(BETA_STORAGE_CLASS_ANNOTATION);
    let old_class = old.spec.storage_class_name.as_deref();
    let new_class = new.spec.storage_class_name.as_deref();
    let upgrade_from_annotation = old_annotation.is_some_and(|annotated| {
        old_class.is_none()
            && new_class == Some(annotated)
            && new_annotation.is_none_or(|value| value == annotated)
    });
    if upgrade_from_annotation {
        new_spec.storage_class_name = None;
    } else {
        let new_value = new_annotation.unwrap_or("");
        if new_value != old_annotation.unwrap_or("") {
            errors.push(FieldError::invalid(
                &FieldPath::new("metadata")
                    .child("annotations")
                    .child(BETA_STORAGE_CLASS_ANNOTATION),
                new_value,
                FIELD_IMMUTABLE,
            ));
        }
        // Setting a class on a claim that had none is how the default class is assigned
        // retroactively.
        let upgrade_from_nil = new_class.is_some_and(|class| {
            old_class.is_none() && old_annotation.is_none_or(|annotated| annotated == class)
        });
        if upgrade_from_nil {
            new_spec
                .storage_class_name
                .clone_from(&old_spec.storage_class_name);
        }
    }

    // A main-resource update keeps the stored status, so the phase is `old`'s.
    let bound = old.status.phase == ClaimPhase::Bound;
    if bound && !new_spec.resources.requests.is_empty() {
        new_spec.resources.requests.insert(
            STORAGE.to_owned(),
            old.spec.request().cloned().unwrap_or_default(),
        );
    }
    if bound && new_spec.volume_attributes_class_name.is_some() {
        new_spec
            .volume_attributes_class_name
            .clone_from(&old_spec.volume_attributes_class_name);
    }
    if new_spec != old_spec {
        errors.push(FieldError::forbidden(
            &FieldPath::new("spec"),
            "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
        ));
    }

    // With RecoverVolumeExpansionFailure, a request may shrink back towards what was actually
    // provisioned, but not to or below `status.capacity`.
    let zero = Quantity::default();
    let old_size = old.spec.request().unwrap_or(&zero);
    let new_size = new.spec.request().unwrap_or(&zero);
    let status_size = old.status.capacity.get(STORAGE).unwrap_or(&zero);
    if new_size < old_size && new_size <= status_size {
        errors.push(FieldError::forbidden(
            &FieldPath::new("spec")
                .child("resources")
                .child("requests")
                .child(STORAGE),
            "field can not be less than status.capacity",
        ));
    }

    // Upstream names this path without the `spec.` prefix.
    if new.spec.volume_mode != old.spec.volume_mode {
        errors.push(FieldError::invalid(
            &FieldPath::new("volumeMode"),
            optional_named_string(new.spec.volume_mode.as_deref()),
            FIELD_IMMUTABLE,
        ));
    }

    let old_attributes_class = old.spec.volume_attributes_class_name.as_deref();
    let new_attributes_class = new.spec.volume_attributes_class_name.as_deref();
    if old_attributes_class.is_some() && new_attributes_class != old_attributes_class {
        let class_path = FieldPath::new("spec").child("volumeAttributesClassName");
        match new_attributes_class {
            None => errors.push(FieldError::forbidden(
                &class_path,
                "update from non-nil value to nil is forbidden",
            )),
            Some("") => errors.push(FieldError::forbidden(
                &class_path,
                "update from non-nil value to an empty string is forbidden",
            )),
            Some(_) => {}
        }
    }
    errors
}

/// `SetDefaults_PersistentVolumeClaimSpec` (`pkg/apis/core/v1/defaults.go`).
pub(super) fn apply_defaults(claim: &mut PersistentVolumeClaim) {
    claim
        .spec
        .volume_mode
        .get_or_insert_with(|| FILESYSTEM.to_owned());
}

/// A refusal from an admission plugin, printed as the API server's Forbidden status message:
/// `persistentvolumeclaims "data" is forbidden: <reason>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdmissionDenial {
    /// The resource, as the API path names it.
    pub resource: &'static str,
    pub name: String,
    pub reason: &'static str,
}

impl fmt::Display for AdmissionDenial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} is forbidden: {}",
            self.resource,
            quote_go_string(&self.name),
            self.reason
        )
    }
}

impl std::error::Error for AdmissionDenial {}

/// The PersistentVolumeClaimResize admission plugin, consulted after an update of `old` to
/// `new` has passed [`super::validate_update`]: a claim may ask for more storage only when it is
/// bound, its class (as the beta annotation or `storageClassName` names it) is unchanged and
/// non-empty, and that StorageClass exists with `allowVolumeExpansion: true`. `storage_class`
/// finds a class by name.
pub fn admit_claim_resize<'c>(
    old: &PersistentVolumeClaim,
    new: &PersistentVolumeClaim,
    storage_class: impl Fn(&str) -> Option<&'c StorageClass>,
) -> Result<(), AdmissionDenial> {
    let zero = Quantity::default();
    let old_size = old.spec.request().unwrap_or(&zero);
    let new_size = new.spec.request().unwrap_or(&zero);
    if new_size <= old_size {
        return Ok(());
    }
    let deny = |reason| {
        Err(AdmissionDenial {
            resource: "persistentvolumeclaims",
            name: new.metadata.name.clone(),
            reason,
        })
    };
    if old.status.phase != ClaimPhase::Bound {
        return deny("Only bound persistent volume claims can be expanded");
    }
    let class = claim_class(new);
    let allowed = !class.is_empty()
        && class == claim_class(old)
        && storage_class(class).is_some_and(|class| class.allow_volume_expansion == Some(true));
    if !allowed {
        return deny(
            "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize",
        );
    }
    Ok(())
}
