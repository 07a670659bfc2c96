//! StorageClass rules: `ValidateStorageClass[Update]` (`pkg/apis/storage/validation/validation.go`),
//! the topology terms it checks (`ValidateTopologySelectorTerm`, core validation), and
//! `SetDefaults_StorageClass` (`pkg/apis/storage/v1/defaults.go`).

use super::{go_to_lower, validate_metadata, FIELD_IMMUTABLE};
use crate::apimachinery::{
    is_qualified_name, validate_label_name, BadValue, ErrorList, FieldError, FieldPath, ObjectRules,
};
use crate::objects::{StorageClass, TopologySelectorTerm, WAIT_FOR_FIRST_CONSUMER};
use std::collections::{BTreeMap, BTreeSet};

const RECLAIM_DELETE: &str = "Delete";
const BINDING_IMMEDIATE: &str = "Immediate";
/// A class's `supportedReclaimPolicy`, sorted: no `Recycle`.
const SUPPORTED_RECLAIM_POLICIES: [&str; 2] = [RECLAIM_DELETE, "Retain"];
/// `supportedVolumeBindingModes`, sorted.
const SUPPORTED_BINDING_MODES: [&str; 2] = [BINDING_IMMEDIATE, WAIT_FOR_FIRST_CONSUMER];
/// `maxProvisionerParameterLen`: how many parameters a class may have.
const MAX_PARAMETER_COUNT: usize = 512;
/// `maxProvisionerParameterSize`: all keys and values together, in bytes.
const MAX_PARAMETERS_SIZE: usize = 256 * 1024;

/// The class's reclaim policy after defaulting. Upstream dereferences the pointer, which
/// defaulting always sets; an undefaulted class is read the same way.
fn reclaim_policy(class: &StorageClass) -> &str {
    class.reclaim_policy.as_deref().unwrap_or(RECLAIM_DELETE)
}

/// The class's binding mode after defaulting. Upstream reports a nil mode as `Required`, which
/// defaulting makes unreachable through the API; the simulator reads it as `Immediate`.
fn binding_mode(class: &StorageClass) -> &str {
    class
        .volume_binding_mode
        .as_deref()
        .unwrap_or(BINDING_IMMEDIATE)
}

/// `ValidateStorageClass`, in upstream's order.
pub(super) fn validate_class(class: &StorageClass) -> ErrorList {
    let mut errors = validate_metadata(&class.metadata, ObjectRules::STORAGE_CLASS);

    let provisioner_path = FieldPath::new("provisioner");
    if class.provisioner.is_empty() {
        errors.push(FieldError::required(&provisioner_path, ""));
    } else {
        // Upstream checks, and quotes, the lowercased name.
        let lowered = go_to_lower(&class.provisioner);
        errors.extend(
            is_qualified_name(&lowered)
                .into_iter()
                .map(|message| FieldError::invalid(&provisioner_path, &lowered, message)),
        );
    }

    errors.extend(validate_parameters(&class.parameters));

    let policy = reclaim_policy(class);
    if !policy.is_empty() && !SUPPORTED_RECLAIM_POLICIES.contains(&policy) {
        errors.push(FieldError::not_supported(
            &FieldPath::new("reclaimPolicy"),
            BadValue::json_string(policy),
            &SUPPORTED_RECLAIM_POLICIES,
        ));
    }

    let mode = binding_mode(class);
    if !SUPPORTED_BINDING_MODES.contains(&mode) {
        errors.push(FieldError::not_supported(
            &FieldPath::new("volumeBindingMode"),
            BadValue::json_string(mode),
            &SUPPORTED_BINDING_MODES,
        ));
    }

    errors.extend(validate_allowed_topologies(
        &class.allowed_topologies,
        &FieldPath::new("allowedTopologies"),
    ));
    errors
}

/// `validateParameters`: at most 512 entries (checked first, alone), no empty key, at most
/// 256 KiB in all.
fn validate_parameters(parameters: &BTreeMap<String, String>) -> ErrorList {
    let path = FieldPath::new("parameters");
    if parameters.len() > MAX_PARAMETER_COUNT {
        return vec![FieldError::too_long(&path, Some(MAX_PARAMETER_COUNT))];
    }
    let mut errors = ErrorList::new();
    let mut total_size: usize = 0;
    for (key, value) in parameters {
        if key.is_empty() {
            errors.push(FieldError::invalid(&path, key, "field can not be empty."));
        }
        total_size = total_size
            .saturating_add(key.len())
            .saturating_add(value.len());
    }
    if total_size > MAX_PARAMETERS_SIZE {
        errors.push(FieldError::too_long(&path, Some(MAX_PARAMETERS_SIZE)));
    }
    errors
}

/// A topology term as a set of keys each with its set of values (upstream's "raw form").
type RawTopology = BTreeMap<String, BTreeSet<String>>;

/// `validateAllowedTopologies`: each term valid, no two terms the same.
///
/// Upstream seeds its list of seen terms with one empty placeholder per term (it makes the
/// slice with a length instead of a capacity), and its semantic equality finds an empty term
/// equal to an empty placeholder; so a term without expressions is reported as a duplicate.
fn validate_allowed_topologies(terms: &[TopologySelectorTerm], path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    let mut seen: Vec<RawTopology> = vec![RawTopology::new(); terms.len()];
    for (index, term) in terms.iter().enumerate() {
        let term_path = path.index(index);
        let (raw, term_errors) = validate_topology_term(term, &term_path);
        errors.extend(term_errors);
        for earlier in &seen {
            if *earlier == raw {
                errors.push(FieldError::duplicate(
                    &term_path.child("matchLabelExpressions"),
                    "",
                ));
            }
        }
        seen.push(raw);
    }
    errors
}

/// `ValidateTopologySelectorTerm` with `validateTopologySelectorLabelRequirement`: each
/// expression has values, no value twice, a label-name key, and no key twice in the term.
/// Values are not checked as label values.
fn validate_topology_term(
    term: &TopologySelectorTerm,
    path: &FieldPath,
) -> (RawTopology, ErrorList) {
    let mut errors = ErrorList::new();
    let mut raw = RawTopology::new();
    let expressions_path = path.child("matchLabelExpressions");
    for (index, requirement) in term.match_label_expressions.iter().enumerate() {
        let requirement_path = expressions_path.index(index);
        let values_path = requirement_path.child("values");
        if requirement.values.is_empty() {
            errors.push(FieldError::required(&values_path, ""));
        }
        let mut values = BTreeSet::new();
        for (value_index, value) in requirement.values.iter().enumerate() {
            if !values.insert(value.clone()) {
                errors.push(FieldError::duplicate(
                    &values_path.index(value_index),
                    value,
                ));
            }
        }
        let key_path = requirement_path.child("key");
        errors.extend(validate_label_name(&requirement.key, &key_path));
        if raw.contains_key(&requirement.key) {
            errors.push(FieldError::duplicate(&key_path, &requirement.key));
        }
        raw.insert(requirement.key.clone(), values);
    }
    (raw, errors)
}

/// `ValidateStorageClassUpdate` beyond the create checks: parameters, provisioner, reclaim
/// policy and binding mode are fixed at creation.
pub(super) fn validate_class_update(new: &StorageClass, old: &StorageClass) -> ErrorList {
    let mut errors = ErrorList::new();
    if new.parameters != old.parameters {
        errors.push(FieldError::forbidden(
            &FieldPath::new("parameters"),
            "updates to parameters are forbidden.",
        ));
    }
    if new.provisioner != old.provisioner {
        errors.push(FieldError::forbidden(
            &FieldPath::new("provisioner"),
            "updates to provisioner are forbidden.",
        ));
    }
    if reclaim_policy(new) != reclaim_policy(old) {
        errors.push(FieldError::forbidden(
            &FieldPath::new("reclaimPolicy"),
            "updates to reclaimPolicy are forbidden.",
        ));
    }
    if binding_mode(new) != binding_mode(old) {
        errors.push(FieldError::invalid(
            &FieldPath::new("volumeBindingMode"),
            BadValue::json_string(binding_mode(new)),
            FIELD_IMMUTABLE,
        ));
    }
    errors
}

/// `SetDefaults_StorageClass`.
pub(super) fn apply_defaults(class: &mut StorageClass) {
    class
        .reclaim_policy
        .get_or_insert_with(|| RECLAIM_DELETE.to_owned());
    class
        .volume_binding_mode
        .get_or_insert_with(|| BINDING_IMMEDIATE.to_owned());
}
