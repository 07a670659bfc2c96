//! What the system wrote on a live object that a user's manifest cannot know, carried into an
//! edited copy the way `kubectl edit` sends it back: a claim's `spec.volumeName` and the class
//! admission gave it, a scheduled pod's node and identity, owner references, and the
//! annotations controllers keep (binding, provisioning, resizing, rollout revisions). Status is
//! kept by the API server itself on every update.

use super::objects::*;

/// Annotation prefixes and keys that only controllers write.
const SYSTEM_ANNOTATIONS: &[&str] = &[
    "pv.kubernetes.io/",
    "volume.kubernetes.io/",
    "volume.beta.kubernetes.io/storage-provisioner",
    "volume.alpha.kubernetes.io/",
    "deployment.kubernetes.io/",
];

fn is_system_annotation(key: &str) -> bool {
    SYSTEM_ANNOTATIONS
        .iter()
        .any(|prefix| key.starts_with(prefix))
}

/// `edited` with the system-written fields of `live` it leaves out.
pub fn with_system_fields(live: &Object, mut edited: Object) -> Object {
    let (live_meta, meta) = (live.metadata(), edited.metadata_mut());
    for (key, value) in &live_meta.annotations {
        if is_system_annotation(key) && !meta.annotations.contains_key(key) {
            meta.annotations.insert(key.clone(), value.clone());
        }
    }
    if meta.owner_references.is_empty() {
        meta.owner_references
            .clone_from(&live_meta.owner_references);
    }
    if meta.generate_name.is_empty() {
        meta.generate_name.clone_from(&live_meta.generate_name);
    }
    match (live, &mut edited) {
        (Object::PersistentVolumeClaim(live), Object::PersistentVolumeClaim(claim)) => {
            if claim.spec.volume_name.is_empty() {
                claim.spec.volume_name.clone_from(&live.spec.volume_name);
            }
            if claim.spec.storage_class_name.is_none() {
                claim
                    .spec
                    .storage_class_name
                    .clone_from(&live.spec.storage_class_name);
            }
        }
        (Object::Pod(live), Object::Pod(pod)) => {
            for (field, value) in [
                (&mut pod.spec.node_name, &live.spec.node_name),
                (&mut pod.spec.hostname, &live.spec.hostname),
                (&mut pod.spec.subdomain, &live.spec.subdomain),
            ] {
                if field.is_empty() {
                    field.clone_from(value);
                }
            }
        }
        _ => {}
    }
    edited
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_edit_keeps_its_binding_and_admitted_class() {
        let mut live = PersistentVolumeClaim::default();
        live.spec.volume_name = "pvc-1".into();
        live.spec.storage_class_name = Some("fast".into());
        live.metadata
            .annotations
            .insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
        let mut edited = PersistentVolumeClaim::default();
        edited
            .metadata
            .annotations
            .insert("note".into(), "mine".into());
        let Object::PersistentVolumeClaim(edited) = with_system_fields(
            &Object::PersistentVolumeClaim(live),
            Object::PersistentVolumeClaim(edited),
        ) else {
            unreachable!("the kind is kept")
        };
        assert_eq!(edited.spec.volume_name, "pvc-1");
        assert_eq!(edited.spec.storage_class_name.as_deref(), Some("fast"));
        assert_eq!(edited.metadata.annotations.len(), 2);
    }
}
