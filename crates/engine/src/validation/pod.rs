//! Pod rules for the parts of a pod the simulator models: metadata, volumes, containers' names
//! and images, `nodeSelector` and `nodeName` (`ValidatePodCreate`, `ValidatePodSpec`,
//! `ValidateVolumes`, `validateContainers` and `ValidatePodUpdate` in
//! `pkg/apis/core/validation/validation.go`).

use super::{opaque_string, validate_metadata, volume::validate_host_path};
use crate::apimachinery::{
    is_dns1123_label, is_dns1123_subdomain, validate_labels, BadValue, ErrorList, FieldError,
    FieldPath, ObjectRules,
};
use crate::objects::{PersistentVolumeClaimVolumeSource, Pod, PodSpec, PodVolume};
use crate::value::Value;
use std::collections::HashSet;

/// `updatablePodSpecFields`, joined as upstream joins them (with `,` and no space).
const UPDATABLE_POD_SPEC_FIELDS: &str = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/// `validatePodMetadataAndSpec`, which both create and update run, restricted to the modelled
/// fields, in upstream's order: metadata, the spec, then the pod-only image check.
pub(super) fn validate_pod(pod: &Pod) -> ErrorList {
    let mut errors = validate_metadata(&pod.metadata, ObjectRules::POD);
    let spec_path = FieldPath::new("spec");
    errors.extend(validate_pod_spec(&pod.spec, &spec_path));
    errors.extend(validate_image_whitespace(
        &pod.spec.containers,
        &spec_path.child("containers"),
    ));
    errors
}

/// `ValidatePodSpec` for the modelled fields at `spec_path` (a pod's `spec`, a template's
/// `spec.template.spec`): volumes, containers, `restartPolicy`, `nodeSelector`, `nodeName`.
pub(super) fn validate_pod_spec(spec: &PodSpec, spec_path: &FieldPath) -> ErrorList {
    let mut errors = validate_volumes(&spec.volumes, &spec_path.child("volumes"));
    errors.extend(validate_containers(
        &spec.containers,
        &spec_path.child("containers"),
    ));
    if let Some(policy) = spec.restart_policy.as_deref() {
        // `validateRestartPolicy`; an empty value cannot reach it, defaulting fills it.
        const SUPPORTED: [&str; 3] = ["Always", "OnFailure", "Never"];
        if !SUPPORTED.contains(&policy) {
            errors.push(FieldError::not_supported(
                &spec_path.child("restartPolicy"),
                BadValue::json_string(policy),
                &SUPPORTED,
            ));
        }
    }
    errors.extend(validate_labels(
        &spec.node_selector,
        &spec_path.child("nodeSelector"),
    ));
    if !spec.node_name.is_empty() {
        let node_name_path = spec_path.child("nodeName");
        errors.extend(
            is_dns1123_subdomain(&spec.node_name)
                .into_iter()
                .map(|message| FieldError::invalid(&node_name_path, &spec.node_name, message)),
        );
    }
    errors
}

/// `ValidateVolumes`: each volume's source first, then its name (required, a DNS label, not
/// used before). Only volumes without errors count as names used.
fn validate_volumes(volumes: &[PodVolume], path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    let mut names = HashSet::new();
    for (index, volume) in volumes.iter().enumerate() {
        let volume_path = path.index(index);
        let name_path = volume_path.child("name");
        let mut volume_errors = validate_volume_source(volume, &volume_path);
        if volume.name.is_empty() {
            volume_errors.push(FieldError::required(&name_path, ""));
        } else {
            volume_errors.extend(
                is_dns1123_label(&volume.name)
                    .into_iter()
                    .map(|message| FieldError::invalid(&name_path, &volume.name, message)),
            );
        }
        if names.contains(volume.name.as_str()) {
            volume_errors.push(FieldError::duplicate(&name_path, &volume.name));
        }
        if volume_errors.is_empty() {
            names.insert(volume.name.as_str());
        } else {
            errors.extend(volume_errors);
        }
    }
    errors
}

/// How `validateVolumeSource` treats one of the sources the object model has.
enum PodVolumeSource<'a> {
    HostPath(&'a Value),
    Secret(&'a Value),
    Claim(&'a PersistentVolumeClaimVolumeSource),
    ConfigMap(&'a Value),
    /// `emptyDir` and `projected`: counted, their contents not checked.
    Unchecked,
}

/// `validateVolumeSource` for the sources the object model has, in upstream's order: the first
/// one found is checked, each later one is `Forbidden`, none is `Required`.
fn validate_volume_source(volume: &PodVolume, path: &FieldPath) -> ErrorList {
    let sources = [
        (
            "emptyDir",
            volume
                .empty_dir
                .as_ref()
                .map(|_| PodVolumeSource::Unchecked),
        ),
        (
            "hostPath",
            volume.host_path.as_ref().map(PodVolumeSource::HostPath),
        ),
        (
            "secret",
            volume.secret.as_ref().map(PodVolumeSource::Secret),
        ),
        (
            "persistentVolumeClaim",
            volume
                .persistent_volume_claim
                .as_ref()
                .map(PodVolumeSource::Claim),
        ),
        (
            "configMap",
            volume.config_map.as_ref().map(PodVolumeSource::ConfigMap),
        ),
        (
            "projected",
            volume
                .projected
                .as_ref()
                .map(|_| PodVolumeSource::Unchecked),
        ),
    ];
    let mut errors = ErrorList::new();
    let mut count = 0;
    for (name, source) in sources {
        let Some(source) = source else { continue };
        let source_path = path.child(name);
        if count > 0 {
            errors.push(FieldError::forbidden(
                &source_path,
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        match source {
            PodVolumeSource::HostPath(host_path) => errors.extend(validate_host_path(
                opaque_string(host_path, "path").unwrap_or(""),
                opaque_string(host_path, "type"),
                &source_path,
            )),
            PodVolumeSource::Secret(secret) => {
                errors.extend(required_name(secret, "secretName", &source_path));
            }
            PodVolumeSource::Claim(claim) => {
                if claim.claim_name.is_empty() {
                    errors.push(FieldError::required(&source_path.child("claimName"), ""));
                }
            }
            PodVolumeSource::ConfigMap(config_map) => {
                errors.extend(required_name(config_map, "name", &source_path));
            }
            PodVolumeSource::Unchecked => {}
        }
    }
    if count == 0 {
        errors.push(FieldError::required(path, "must specify a volume type"));
    }
    errors
}

/// A source's name field that upstream requires non-empty.
fn required_name(source: &Value, field: &str, path: &FieldPath) -> Option<FieldError> {
    opaque_string(source, field)
        .unwrap_or("")
        .is_empty()
        .then(|| FieldError::required(&path.child(field), ""))
}

/// `validateContainers` for the modelled fields: at least one container; each named (a DNS
/// label, unique among the pod's containers) and with an image. Fields the API server would
/// default (`imagePullPolicy`, `terminationMessagePolicy`) are not checked.
fn validate_containers(containers: &[Value], path: &FieldPath) -> ErrorList {
    if containers.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    let mut errors = ErrorList::new();
    let mut names = HashSet::new();
    for (index, container) in containers.iter().enumerate() {
        let container_path = path.index(index);
        let name_path = container_path.child("name");
        let name = opaque_string(container, "name").unwrap_or("");
        if name.is_empty() {
            errors.push(FieldError::required(&name_path, ""));
        } else {
            errors.extend(
                is_dns1123_label(name)
                    .into_iter()
                    .map(|message| FieldError::invalid(&name_path, name, message)),
            );
        }
        if opaque_string(container, "image").unwrap_or("").is_empty() {
            errors.push(FieldError::required(&container_path.child("image"), ""));
        }
        // Upstream records every name, the empty one included.
        if !names.insert(name) {
            errors.push(FieldError::duplicate(&name_path, name));
        }
    }
    errors
}

/// `validateContainersOnlyForPod`: an image with leading or trailing whitespace.
fn validate_image_whitespace(containers: &[Value], path: &FieldPath) -> ErrorList {
    containers
        .iter()
        .enumerate()
        .filter_map(|(index, container)| {
            let image = opaque_string(container, "image").unwrap_or("");
            (image.trim() != image).then(|| {
                FieldError::invalid(
                    &path.index(index).child("image"),
                    image,
                    "must not have leading or trailing whitespace",
                )
            })
        })
        .collect()
}

/// `ValidatePodUpdate` beyond the checks create also runs: the same containers (only their
/// images may change), and otherwise the same spec, `volumes` and `nodeName` included (a pod is
/// bound to a node through the binding subresource, not an update).
pub(super) fn validate_pod_update(new: &Pod, old: &Pod) -> ErrorList {
    let containers_path = FieldPath::new("spec").child("containers");
    if new.spec.containers.len() != old.spec.containers.len() {
        return vec![FieldError::forbidden(
            &containers_path,
            "pod updates may not add or remove containers",
        )];
    }
    let mut errors = ErrorList::new();
    for (index, container) in new.spec.containers.iter().enumerate() {
        let image_path = containers_path.index(index).child("image");
        let image = opaque_string(container, "image").unwrap_or("");
        if image.is_empty() {
            errors.push(FieldError::required(&image_path, ""));
        }
        if image.trim() != image {
            errors.push(FieldError::invalid(
                &image_path,
                image,
                "must not have leading or trailing whitespace",
            ));
        }
    }
    if !same_spec_but_images(&new.spec, &old.spec) {
        errors.push(FieldError::forbidden(
            &FieldPath::new("spec"),
            format!("pod updates may not change fields other than {UPDATABLE_POD_SPEC_FIELDS}"),
        ));
    }
    errors
}

/// Upstream compares the new spec, with each container's image replaced by the old one, to
/// the old spec.
fn same_spec_but_images(new: &PodSpec, old: &PodSpec) -> bool {
    new.node_name == old.node_name
        && new.hostname == old.hostname
        && new.subdomain == old.subdomain
        && new.restart_policy == old.restart_policy
        && new.node_selector == old.node_selector
        && new.volumes == old.volumes
        && new
            .containers
            .iter()
            .zip(&old.containers)
            .all(|(new, old)| without_image(new) == without_image(old))
}

fn without_image(container: &Value) -> Value {
    match container {
        Value::Map(entries) => {
            let mut entries = entries.clone();
            entries.remove("image");
            Value::Map(entries)
        }
        other => other.clone(),
    }
}
