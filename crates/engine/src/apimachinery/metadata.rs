//! Object metadata rules: names, namespaces, labels and annotations (`pkg/api/validation`, `pkg/apis/meta/v1/validation`).

use super::*;
use crate::sort::CompactSort;
use std::borrow::Cow;

// ---------------------------------------------------------------------------
// Object metadata (upstream pkg/api/validation, pkg/apis/meta/v1/validation)
// ---------------------------------------------------------------------------

/// Which format an object kind's `metadata.name` must have; upstream's `ValidateNameFunc`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameRule {
    /// `NameIsDNSSubdomain`.
    Dns1123Subdomain,
    /// `NameIsDNSLabel`.
    Dns1123Label,
}

impl NameRule {
    /// The messages upstream's name function returns for a full (not generateName) name.
    pub fn check(self, name: &str) -> Vec<String> {
        match self {
            NameRule::Dns1123Subdomain => is_dns1123_subdomain(name),
            NameRule::Dns1123Label => is_dns1123_label(name),
        }
    }
}

/// The metadata rules of one object kind, as upstream's `Validate<Kind>` passes them to
/// `ValidateObjectMeta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ObjectRules {
    /// Namespaced kinds require `metadata.namespace`; cluster-scoped kinds forbid it.
    pub namespaced: bool,
    pub name_rule: NameRule,
}

impl ObjectRules {
    /// `ValidatePersistentVolumeName` = `NameIsDNSSubdomain`, cluster-scoped.
    pub const PERSISTENT_VOLUME: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// Upstream validates PVC names with `ValidatePersistentVolumeName` too.
    pub const PERSISTENT_VOLUME_CLAIM: Self = Self {
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidateClassName` = `NameIsDNSSubdomain`, cluster-scoped.
    pub const STORAGE_CLASS: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidatePodName` = `NameIsDNSSubdomain`.
    pub const POD: Self = Self {
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidateNodeName` = `NameIsDNSSubdomain`, cluster-scoped.
    pub const NODE: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidateNamespaceName` = `NameIsDNSLabel`, cluster-scoped.
    /// `ValidateStatefulSetName` = `NameIsDNSLabel` (apps validation), namespaced.
    pub const STATEFUL_SET: Self = Self {
        namespaced: true,
        name_rule: NameRule::Dns1123Label,
    };
    /// `ValidateDeploymentName` and `ValidateReplicaSetName` = `NameIsDNSSubdomain`.
    pub const DEPLOYMENT: Self = Self {
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
    };
    pub const NAMESPACE: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Label,
    };
}

/// Upstream `ValidateNamespaceName(name, false)`: an RFC 1123 label. Empty result means
/// valid.
pub fn validate_namespace_name(namespace: &str) -> Vec<String> {
    is_dns1123_label(namespace)
}

/// `metadata.name` as upstream `ValidateObjectMetaAccessor` checks it (generateName is
/// expected to have been resolved already).
pub fn validate_object_name(name: &str, rule: NameRule, path: &FieldPath) -> ErrorList {
    if name.is_empty() {
        return vec![FieldError::required(
            path,
            "name or generateName is required",
        )];
    }
    rule.check(name)
        .into_iter()
        .map(|message| FieldError::invalid(path, name, message))
        .collect()
}

/// `metadata.namespace`: required (and an RFC 1123 label) on namespaced kinds, forbidden
/// on cluster-scoped ones.
pub fn validate_object_namespace(namespace: &str, namespaced: bool, path: &FieldPath) -> ErrorList {
    if !namespaced {
        if namespace.is_empty() {
            return Vec::new();
        }
        return vec![FieldError::forbidden(path, "not allowed on this type")];
    }
    if namespace.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    validate_namespace_name(namespace)
        .into_iter()
        .map(|message| FieldError::invalid(path, namespace, message))
        .collect()
}

/// The metadata checks of upstream `ValidateObjectMeta`, in upstream's order: name,
/// namespace, labels, annotations. `path` is normally `FieldPath::new("metadata")`.
pub fn validate_object_meta<L, LK, LV, A, AK, AV>(
    path: &FieldPath,
    name: &str,
    namespace: &str,
    labels: L,
    annotations: A,
    rules: ObjectRules,
) -> ErrorList
where
    L: IntoIterator<Item = (LK, LV)>,
    LK: AsRef<str>,
    LV: AsRef<str>,
    A: IntoIterator<Item = (AK, AV)>,
    AK: AsRef<str>,
    AV: AsRef<str>,
{
    let mut errors = validate_object_name(name, rules.name_rule, &path.child("name"));
    errors.extend(validate_object_namespace(
        namespace,
        rules.namespaced,
        &path.child("namespace"),
    ));
    errors.extend(validate_labels(labels, &path.child("labels")));
    errors.extend(validate_annotations(
        annotations,
        &path.child("annotations"),
    ));
    errors
}

/// Upstream `ValidateLabelName`: one label key, reported at `path` itself.
pub fn validate_label_name(key: &str, path: &FieldPath) -> ErrorList {
    is_qualified_name(key)
        .into_iter()
        .map(|message| FieldError::invalid(path, key, message))
        .collect()
}

/// Upstream `ValidateLabels`. Errors are reported at the map's path (upstream does not
/// append `[key]`); for each entry the key's errors come before the value's. Upstream
/// walks a Go map in random order; entries are sorted by key here so the output is
/// deterministic.
pub fn validate_labels<I, K, V>(labels: I, path: &FieldPath) -> ErrorList
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut errors = Vec::new();
    for (key, value) in sorted_by_key(labels) {
        errors.extend(validate_label_name(key.as_ref(), path));
        let value = value.as_ref();
        errors.extend(
            is_valid_label_value(value)
                .into_iter()
                .map(|message| FieldError::invalid(path, value, message)),
        );
    }
    errors
}

/// Upstream `ValidateAnnotations`: every key must be a qualified name once lowercased
/// (annotation keys are case-insensitive; the error still shows the key as written), and
/// all keys and values together may not exceed [`TOTAL_ANNOTATION_SIZE_LIMIT_BYTES`].
/// Values are otherwise free-form. Keys are checked in sorted order for determinism.
pub fn validate_annotations<I, K, V>(annotations: I, path: &FieldPath) -> ErrorList
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut errors = Vec::new();
    let mut total_size: usize = 0;
    for (key, value) in sorted_by_key(annotations) {
        let key = key.as_ref();
        // Saturating: the sum only needs to be compared with the limit.
        total_size = total_size
            .saturating_add(key.len())
            .saturating_add(value.as_ref().len());
        errors.extend(
            is_qualified_name(&go_to_lower(key))
                .into_iter()
                .map(|message| FieldError::invalid(path, key, message)),
        );
    }
    if total_size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES {
        errors.push(FieldError::too_long(
            path,
            Some(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES),
        ));
    }
    errors
}

pub(super) fn sorted_by_key<I, K, V>(pairs: I) -> Vec<(K, V)>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
{
    let mut pairs: Vec<(K, V)> = pairs.into_iter().collect();
    pairs.compact_sort_by(|left, right| left.0.as_ref().cmp(right.0.as_ref()));
    pairs
}

/// Go's `strings.ToLower`, which maps each character with Unicode's simple lowercase
/// mapping. Rust's `to_lowercase` uses the full mapping, which differs only for U+0130
/// (`İ`): Go gives `i`, Rust `i̇`. It matters because a non-ASCII key character that
/// lowercases to ASCII (U+0130 → `i`, KELVIN SIGN U+212A → `k`) passes upstream's check.
pub(super) fn go_to_lower(value: &str) -> Cow<'_, str> {
    if value.is_ascii() {
        if value.bytes().any(|byte| byte.is_ascii_uppercase()) {
            return Cow::Owned(value.to_ascii_lowercase());
        }
        return Cow::Borrowed(value);
    }
    let mut lowered = String::with_capacity(value.len());
    for character in value.chars() {
        if character == '\u{130}' {
            lowered.push('i');
        } else {
            lowered.extend(character.to_lowercase());
        }
    }
    Cow::Owned(lowered)
}
