//! What the API server refuses and what it fills in: create and update validation and defaulting of the simulator's objects, with upstream's exact field paths and messages.
//!
//! The checks and their order are read from upstream `kubernetes/kubernetes`:
//!
//! - `pkg/apis/core/validation/validation.go`: `ValidatePersistentVolume[Spec|Update]`,
//!   `ValidatePersistentVolumeClaim[Spec|Update]`, `ValidatePodCreate`/`ValidatePodUpdate`
//!   (the parts the simulator models), `ValidateNode`/`ValidateNodeUpdate`,
//!   `ValidateObjectMeta[Update]`;
//! - `pkg/apis/storage/validation/validation.go`: `ValidateStorageClass[Update]`;
//! - `pkg/volume/validation/pv_validation.go`: the mount-options annotation check the PV strategy
//!   adds;
//! - `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`: finalizers and the
//!   metadata update rules;
//! - `staging/src/k8s.io/apiserver/pkg/registry/rest/{create,update,meta}.go`: what happens
//!   around validation (namespaces, restored system fields, the order of the checks);
//! - `plugin/pkg/admission/storage/persistentvolume/resize/admission.go`: claim expansion
//!   ([`admit_claim_resize`]);
//! - `pkg/apis/core/v1/defaults.go`, `pkg/apis/storage/v1/defaults.go`: [`apply_defaults`].
//!
//! The API server defaults a decoded object before it validates it, so the faithful order is
//! [`apply_defaults`] then [`validate_create`] (or [`validate_update`], then
//! [`admit_claim_resize`] for claims). The validators themselves never default: they judge
//! exactly the object they are given.
//!
//! Feature gates are taken as current releases ship them: `VolumeAttributesClass` and
//! `RecoverVolumeExpansionFailure` on.
//!
//! Three upstream messages end with a `go-cmp` diff of the specs (`spec is immutable after
//! creation …`, `spec.persistentvolumesource is immutable after creation`, `pod updates may not
//! change fields other than …`). go-cmp randomises its output format on purpose so that nobody
//! depends on it; the messages here stop before the diff.

mod apps;
mod claim;
mod class;
mod pod;
mod volume;

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest and serde_json are host-only
mod tests;

pub use apps::{
    simulator_limits, workload_selector_matches, MAX_REPLICAS, STATEFUL_SET_SPEC_FORBIDDEN,
};
pub use claim::{admit_claim_resize, AdmissionDenial};

use super::apimachinery::{
    is_dns1123_subdomain, is_qualified_name, quote_go_string, validate_annotations,
    validate_labels, validate_object_meta, BadValue, ErrorList, FieldError, FieldPath, ObjectRules,
};
use super::objects::{Object, ObjectMeta};
use super::time::Timestamp;
use std::collections::{BTreeSet, HashSet};

/// Upstream `apimachineryvalidation.FieldImmutableErrorMsg`.
const FIELD_IMMUTABLE: &str = "field is immutable";

/// The volume mode defaulting gives PVs and PVCs.
const FILESYSTEM: &str = "Filesystem";

/// The namespace kubectl sends a namespaced object to when neither the object nor the command
/// names one.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The errors the API server gives when asked to create `object`, in upstream's order.
///
/// Upstream returns the strategy's `Validate` result and then re-runs the generic metadata
/// checks (`rest.BeforeCreate`); the second pass only repeats messages, which the API error
/// drops, so it is not repeated here.
pub fn validate_create(object: &Object) -> ErrorList {
    let errors = match object {
        Object::PersistentVolume(volume) => {
            volume::validate_volume(volume, volume::VolumeOptions::default())
        }
        Object::PersistentVolumeClaim(claim) => {
            claim::validate_claim(claim, claim::ClaimOptions::default())
        }
        Object::StorageClass(class) => class::validate_class(class),
        Object::Pod(pod) => pod::validate_pod(pod),
        Object::Node(node) => validate_metadata(&node.metadata, ObjectRules::NODE),
        Object::StatefulSet(_) | Object::Deployment(_) | Object::ReplicaSet(_)
            if !cfg!(feature = "workloads") =>
        {
            not_in_this_build()
        }
        Object::StatefulSet(set) => apps::validate_stateful_set(set),
        Object::Deployment(deployment) => apps::validate_deployment(deployment),
        Object::ReplicaSet(set) => apps::validate_replica_set(set),
    };
    without_repeats(errors)
}

/// The errors the API server gives when asked to replace `old` with `new`, in upstream's
/// order: the generic metadata update rules (`rest.BeforeUpdate`), every create check on `new`,
/// then the kind's update rules. Messages upstream would repeat are given once, as the API
/// error shows them.
///
/// Like `rest.BeforeUpdate`, an empty `metadata.uid` and the timestamps of `old` are carried
/// over to `new` before they are compared, and the status of `new` is ignored (a main-resource
/// update keeps the stored status), so the claim rules read the phase and capacity of `old`.
pub fn validate_update(old: &Object, new: &Object) -> ErrorList {
    let mut errors = validate_metadata_update(new.metadata(), old.metadata());
    match (old, new) {
        (Object::PersistentVolume(old), Object::PersistentVolume(new)) => {
            errors.extend(volume::validate_volume(
                new,
                volume::VolumeOptions::for_update_of(old),
            ));
            errors.extend(volume::validate_volume_update(new, old));
        }
        (Object::PersistentVolumeClaim(old), Object::PersistentVolumeClaim(new)) => {
            errors.extend(claim::validate_claim(
                new,
                claim::ClaimOptions::for_update_of(old),
            ));
            errors.extend(claim::validate_claim_update(new, old));
        }
        (Object::StorageClass(old), Object::StorageClass(new)) => {
            errors.extend(class::validate_class(new));
            errors.extend(class::validate_class_update(new, old));
        }
        (Object::Pod(old), Object::Pod(new)) => {
            errors.extend(pod::validate_pod(new));
            errors.extend(pod::validate_pod_update(new, old));
        }
        (Object::Node(_), Object::Node(new)) => {
            errors.extend(validate_metadata(&new.metadata, ObjectRules::NODE));
        }
        (Object::StatefulSet(_), _) | (Object::Deployment(_), _) | (Object::ReplicaSet(_), _)
            if !cfg!(feature = "workloads") =>
        {
            errors = not_in_this_build();
        }
        // The apps kinds run the metadata update rules themselves (their upstream update
        // functions start with them), so the generic pass above is not repeated: the
        // duplicates would be dropped anyway.
        (Object::StatefulSet(old), Object::StatefulSet(new)) => {
            errors = apps::validate_stateful_set_update(new, old);
        }
        (Object::Deployment(old), Object::Deployment(new)) => {
            errors = apps::validate_deployment_update(new, old);
        }
        (Object::ReplicaSet(old), Object::ReplicaSet(new)) => {
            errors = apps::validate_replica_set_update(new, old);
        }
        _ => {
            // Unreachable through the API, where the URL fixes the kind; said in upstream's
            // words for an immutable field rather than ignored.
            errors.push(FieldError::invalid(
                &FieldPath::new("kind"),
                new.kind().as_str(),
                FIELD_IMMUTABLE,
            ));
        }
    }
    without_repeats(errors)
}

/// Fills in what the API server fills in before validating a new or updated object.
///
/// - Namespaced kinds without a namespace get `default`: kubectl sends them to its context's
///   namespace, `default` unless configured, and `rest.BeforeCreate` copies the request's
///   namespace in (`EnsureObjectNamespaceMatchesRequestNamespace`, `registry/rest/meta.go`).
/// - Cluster-scoped kinds lose any namespace: the same function clears it rather than
///   rejecting the object, so `metadata.namespace: Forbidden` is never seen through the API.
/// - PersistentVolume: `persistentVolumeReclaimPolicy` `Retain` when unset or empty, and
///   `volumeMode` `Filesystem` when unset (`SetDefaults_PersistentVolume`); a `hostPath`
///   source without `type` gets `""` (`SetDefaults_HostPathVolumeSource`). All in
///   `pkg/apis/core/v1/defaults.go`. Phases already default to `Pending` in the object model.
/// - PersistentVolumeClaim: `volumeMode` `Filesystem` when unset
///   (`SetDefaults_PersistentVolumeClaimSpec`, same file). `storageClassName` is *not*
///   defaulted here: that is the DefaultStorageClass admission plugin's job.
/// - StorageClass: `reclaimPolicy` `Delete` and `volumeBindingMode` `Immediate` when unset
///   (`SetDefaults_StorageClass`, `pkg/apis/storage/v1/defaults.go`).
pub fn apply_defaults(object: &mut Object) {
    let kind = object.kind();
    let metadata = object.metadata_mut();
    if kind.is_namespaced() {
        if metadata.namespace.as_deref().unwrap_or("").is_empty() {
            metadata.namespace = Some(DEFAULT_NAMESPACE.to_owned());
        }
    } else {
        metadata.namespace = None;
    }
    match object {
        Object::PersistentVolume(volume) => volume::apply_defaults(volume),
        Object::PersistentVolumeClaim(claim) => claim::apply_defaults(claim),
        Object::StorageClass(class) => class::apply_defaults(class),
        Object::StatefulSet(set) => apps::default_stateful_set(set),
        Object::Deployment(deployment) => apps::default_deployment(deployment),
        Object::ReplicaSet(set) => apps::default_replica_set(set),
        Object::Pod(_) | Object::Node(_) => {}
    }
}

// ---------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------

fn metadata_path() -> FieldPath {
    FieldPath::new("metadata")
}

/// Core's `ValidateObjectMeta`: apimachinery's checks (name, namespace, labels, annotations,
/// then `ValidateFinalizers`), then core's legacy finalizer-name rule per entry.
fn validate_metadata(metadata: &ObjectMeta, rules: ObjectRules) -> ErrorList {
    let path = metadata_path();
    let mut errors = validate_object_meta(
        &path,
        &metadata.name,
        metadata.namespace.as_deref().unwrap_or(""),
        &metadata.labels,
        &metadata.annotations,
        rules,
    );
    errors.extend(validate_owner_references(
        &metadata.owner_references,
        &path.child("ownerReferences"),
    ));
    errors.extend(validate_finalizers(
        &metadata.finalizers,
        &path.child("finalizers"),
    ));
    errors.extend(validate_kube_finalizer_names(
        &metadata.finalizers,
        &path.child("finalizers"),
    ));
    errors
}

/// apimachinery `ValidateOwnerReferences`: each reference names a version, kind, name and uid
/// (errors at the list's path, as upstream reports them), and at most one is a controller.
fn validate_owner_references(
    references: &[crate::objects::OwnerReference],
    path: &FieldPath,
) -> ErrorList {
    let mut errors = ErrorList::new();
    let mut first_controller: Option<String> = None;
    for reference in references {
        // `schema.FromAPIVersionAndKind`: a version that does not parse has no version.
        let version = match reference
            .api_version
            .split('/')
            .collect::<Vec<_>>()
            .as_slice()
        {
            [version] => *version,
            [_, version] => *version,
            _ => "",
        };
        if version.is_empty() {
            errors.push(FieldError::invalid(
                &path.child("apiVersion"),
                reference.api_version.as_str(),
                "version must not be empty",
            ));
        }
        if reference.kind.is_empty() {
            errors.push(FieldError::invalid(
                &path.child("kind"),
                "",
                "kind must not be empty",
            ));
        }
        if reference.name.is_empty() {
            errors.push(FieldError::invalid(
                &path.child("name"),
                "",
                "name must not be empty",
            ));
        }
        if reference.uid.is_empty() {
            errors.push(FieldError::invalid(
                &path.child("uid"),
                "",
                "uid must not be empty",
            ));
        }
        if reference.is_controller() {
            let name = format!("{}/{}", reference.kind, reference.name);
            match &first_controller {
                Some(first) => errors.push(FieldError::invalid(
                    path,
                    BadValue::Json(owner_references_json(references)),
                    format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first} and {name}"
                    ),
                )),
                None => first_controller = Some(name),
            }
        }
    }
    errors
}

/// Owner references as the JSON the API error prints.
fn owner_references_json(references: &[crate::objects::OwnerReference]) -> String {
    let mut out = String::from("[");
    for (position, reference) in references.iter().enumerate() {
        if position > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"apiVersion\":{},\"kind\":{},\"name\":{},\"uid\":{}",
            go_json_string(&reference.api_version),
            go_json_string(&reference.kind),
            go_json_string(&reference.name),
            go_json_string(&reference.uid)
        ));
        if let Some(controller) = reference.controller {
            out.push_str(&format!(",\"controller\":{controller}"));
        }
        if let Some(block) = reference.block_owner_deletion {
            out.push_str(&format!(",\"blockOwnerDeletion\":{block}"));
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// `metav1.FinalizerOrphanDependents` and `metav1.FinalizerDeleteDependents`.
const FINALIZER_ORPHAN: &str = "orphan";
const FINALIZER_FOREGROUND: &str = "foregroundDeletion";

/// apimachinery `ValidateFinalizers`: every name a qualified name (reported at the list's path),
/// and not both garbage-collector policies at once.
fn validate_finalizers(finalizers: &[String], path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    for finalizer in finalizers {
        errors.extend(
            is_qualified_name(finalizer)
                .into_iter()
                .map(|message| FieldError::invalid(path, finalizer, message)),
        );
    }
    let has = |name: &str| finalizers.iter().any(|finalizer| finalizer == name);
    if has(FINALIZER_ORPHAN) && has(FINALIZER_FOREGROUND) {
        errors.push(FieldError::invalid(
            path,
            BadValue::string_list(finalizers),
            format!("finalizer {FINALIZER_ORPHAN} and {FINALIZER_FOREGROUND} cannot be both set"),
        ));
    }
    errors
}

/// Core's `validateKubeFinalizerName`: a name without a `/` must be one of the standard
/// finalizers (`helper.IsStandardFinalizerName`).
fn validate_kube_finalizer_names(finalizers: &[String], path: &FieldPath) -> ErrorList {
    const STANDARD: [&str; 3] = ["kubernetes", FINALIZER_ORPHAN, FINALIZER_FOREGROUND];
    finalizers
        .iter()
        .enumerate()
        .filter(|(_, name)| !name.contains('/') && !STANDARD.contains(&name.as_str()))
        .map(|(position, name)| {
            FieldError::invalid(
                &path.index(position),
                name,
                "name is neither a standard finalizer name nor is it fully qualified",
            )
        })
        .collect()
}

/// apimachinery `ValidateObjectMetaAccessorUpdate` plus core's finalizer-name rule, after
/// `rest.BeforeUpdate` has carried `old`'s uid (when `new` has none) and timestamps over.
/// `resourceVersion` and `generation` are not modelled.
pub(super) fn validate_metadata_update(new: &ObjectMeta, old: &ObjectMeta) -> ErrorList {
    let path = metadata_path();
    let mut errors = ErrorList::new();

    if old.is_being_deleted() {
        let had: HashSet<&str> = old.finalizers.iter().map(String::as_str).collect();
        let added: BTreeSet<&str> = new
            .finalizers
            .iter()
            .map(String::as_str)
            .filter(|name| !had.contains(name))
            .collect();
        if !added.is_empty() {
            errors.push(FieldError::forbidden(
                &path.child("finalizers"),
                format!(
                    "no new finalizers can be added if the object is being deleted, found new finalizers {}",
                    go_syntax_string_slice(added)
                ),
            ));
        }
    }

    if new.name != old.name {
        errors.push(immutable(&path.child("name"), &new.name));
    }
    let new_namespace = new.namespace.as_deref().unwrap_or("");
    if new_namespace != old.namespace.as_deref().unwrap_or("") {
        errors.push(immutable(&path.child("namespace"), new_namespace));
    }
    let new_uid = if new.uid.is_empty() {
        &old.uid
    } else {
        &new.uid
    };
    if *new_uid != old.uid {
        errors.push(immutable(&path.child("uid"), new_uid));
    }
    // Restored from `old` whenever `old` has one, so only a first-time value can differ.
    if old.creation_timestamp.is_none() && new.creation_timestamp.is_some() {
        errors.push(FieldError::invalid(
            &path.child("creationTimestamp"),
            go_time_string(new.creation_timestamp),
            FIELD_IMMUTABLE,
        ));
    }
    if old.deletion_timestamp.is_none() && new.deletion_timestamp.is_some() {
        errors.push(FieldError::invalid(
            &path.child("deletionTimestamp"),
            go_time_string(new.deletion_timestamp),
            FIELD_IMMUTABLE,
        ));
    }

    errors.extend(validate_labels(&new.labels, &path.child("labels")));
    errors.extend(validate_annotations(
        &new.annotations,
        &path.child("annotations"),
    ));
    errors.extend(validate_owner_references(
        &new.owner_references,
        &path.child("ownerReferences"),
    ));
    errors.extend(validate_kube_finalizer_names(
        &new.finalizers,
        &path.child("finalizers"),
    ));
    errors
}

// ---------------------------------------------------------------------------
// Helpers shared by the kinds
// ---------------------------------------------------------------------------

/// `ValidateImmutableField` for a plain Go string.
fn immutable(path: &FieldPath, new_value: &str) -> FieldError {
    FieldError::invalid(path, new_value, FIELD_IMMUTABLE)
}

/// Upstream names class-like references (`storageClassName`, `volumeAttributesClassName`)
/// with `ValidateClassName`, a DNS subdomain.
fn validate_class_name(name: &str, path: &FieldPath) -> ErrorList {
    is_dns1123_subdomain(name)
        .into_iter()
        .map(|message| FieldError::invalid(path, name, message))
        .collect()
}

/// A pointer to a Go named string type as `field.Error` prints it: the pointee as JSON, or
/// `null`.
fn optional_named_string(value: Option<&str>) -> BadValue {
    value.map_or_else(|| BadValue::Json("null".to_owned()), BadValue::json_string)
}

/// A string as Go's `encoding/json` writes it, for bad values built from several parts.
fn go_json_string(value: &str) -> String {
    bad_value_text(BadValue::json_string(value))
}

/// A `[]string` as Go's `encoding/json` writes it; an empty list is a nil slice, `null`.
fn go_json_string_list<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        return "null".to_owned();
    }
    bad_value_text(BadValue::string_list(items))
}

/// The text a bad value prints as.
fn bad_value_text(value: BadValue) -> String {
    match value {
        BadValue::Json(json) => json,
        BadValue::Str(text) => quote_go_string(&text),
        BadValue::Int(number) => number.to_string(),
        BadValue::Bool(flag) => flag.to_string(),
    }
}

/// A `[]string` printed with Go's `%#v`: `[]string{"a", "b"}`.
fn go_syntax_string_slice<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(quote_go_string).collect();
    format!("[]string{{{}}}", quoted.join(", "))
}

/// A `metav1.Time` as `field.Error` prints it: through its `String()` (Go's
/// `2006-01-02 15:04:05 -0700 MST` layout, in the API server's UTC), unquoted. A missing time
/// is Go's zero time.
fn go_time_string(time: Option<Timestamp>) -> BadValue {
    let text = match time {
        Some(time) => {
            let rfc3339 = time.to_string();
            let without_zone = rfc3339.strip_suffix('Z').unwrap_or(&rfc3339);
            format!("{} +0000 UTC", without_zone.replacen('T', " ", 1))
        }
        None => "0001-01-01 00:00:00 +0000 UTC".to_owned(),
    };
    // `Json` is printed verbatim, which is what a `fmt.Stringer` gets.
    BadValue::Json(text)
}

/// `ErrorList.ToAggregate` keeps the first of identical messages; upstream's update path runs
/// several checks twice and relies on that.
/// An apps object in a build without the `workloads` feature (the lean explainer, which
/// hands manifests with workloads to the full playground before they get here).
fn not_in_this_build() -> ErrorList {
    vec![FieldError::forbidden(
        &FieldPath::new("kind"),
        "workloads (StatefulSet, Deployment, ReplicaSet) are not in this build",
    )]
}

fn without_repeats(errors: ErrorList) -> ErrorList {
    let mut seen = HashSet::new();
    errors
        .into_iter()
        .filter(|error| seen.insert(error.to_string()))
        .collect()
}

/// A field's value in an opaque object (a pod's container, an unmodelled volume source), as a
/// string; anything but a string reads as absent, the zero value the Go struct would hold.
fn opaque_string<'a>(value: &'a super::value::Value, key: &str) -> Option<&'a str> {
    match value {
        super::value::Value::Map(entries) => match entries.get(key) {
            Some(super::value::Value::String(text)) => Some(text),
            _ => None,
        },
        _ => None,
    }
}

/// `supportedAccessModes`, as `sets.List` sorts it for the message.
const SUPPORTED_ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];
const READ_WRITE_ONCE_POD: &str = "ReadWriteOncePod";

/// The access-mode loop PV and PVC validation share: each mode supported, and
/// `ReadWriteOncePod` alone. (Whether the list may be empty is checked by each kind, with
/// different details.)
fn validate_access_modes(modes: &[String], path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    let (mut read_write_once_pod, mut other_mode) = (false, false);
    for mode in modes {
        let supported = SUPPORTED_ACCESS_MODES.contains(&mode.as_str());
        if !supported {
            errors.push(FieldError::not_supported(
                path,
                BadValue::json_string(mode),
                &SUPPORTED_ACCESS_MODES,
            ));
        }
        if mode == READ_WRITE_ONCE_POD {
            read_write_once_pod = true;
        } else if supported {
            other_mode = true;
        }
    }
    if read_write_once_pod && other_mode {
        errors.push(FieldError::forbidden(
            path,
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    errors
}

/// `supportedVolumeModes`, sorted.
const SUPPORTED_VOLUME_MODES: [&str; 2] = ["Block", "Filesystem"];

/// `spec.volumeMode`, when set, must be `Block` or `Filesystem`.
fn validate_volume_mode(mode: Option<&str>, path: &FieldPath) -> Option<FieldError> {
    mode.filter(|mode| !SUPPORTED_VOLUME_MODES.contains(mode))
        .map(|mode| {
            FieldError::not_supported(path, BadValue::json_string(mode), &SUPPORTED_VOLUME_MODES)
        })
}

/// Go's `strings.ToLower`: Unicode's simple lowercase mapping, which differs from Rust's full
/// mapping only for U+0130 (Go gives `i`).
fn go_to_lower(value: &str) -> String {
    value
        .chars()
        .flat_map(|character| {
            let lowered: Vec<char> = if character == '\u{130}' {
                vec!['i']
            } else {
                character.to_lowercase().collect()
            };
            lowered
        })
        .collect()
}

/// Go's `path.IsAbs`.
fn is_absolute_path(path: &str) -> bool {
    path.starts_with('/')
}

/// Go's `path.Clean`: the shortest equivalent slash-separated path, by lexical processing.
fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut kept: Vec<&str> = Vec::new();
    for element in path.split('/') {
        match element {
            "" | "." => {}
            ".." => {
                if kept.last().is_some_and(|last| *last != "..") {
                    kept.pop();
                } else if !rooted {
                    kept.push("..");
                }
            }
            name => kept.push(name),
        }
    }
    let joined = kept.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `validatePathNoBacksteps`: no `..` element (one error however many there are).
fn validate_no_backsteps(target: &str, path: &FieldPath) -> Option<FieldError> {
    target
        .split('/')
        .any(|element| element == "..")
        .then(|| FieldError::invalid(path, target, "must not contain '..'"))
}
