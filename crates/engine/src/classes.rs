//! Which storage class a claim or volume asks for, and which class is the default
//! (`helpers.go` class getters, `storageclass.go` GetDefaultClass).

use super::annotations as ann;
use super::objects::{PersistentVolume, PersistentVolumeClaim, StorageClass};

/// The class a claim asks for: the beta annotation if present, else `spec.storageClassName`;
/// `None` when neither is set (which matches like `""`).
pub fn claim_class(claim: &PersistentVolumeClaim) -> Option<&str> {
    claim
        .metadata
        .annotation(ann::BETA_STORAGE_CLASS)
        .or(claim.spec.storage_class_name.as_deref())
}

/// The class string compared when matching: unset counts as `""`.
pub fn claim_class_or_empty(claim: &PersistentVolumeClaim) -> &str {
    claim_class(claim).unwrap_or("")
}

/// Whether the claim states a class at all (`""` counts: it is never defaulted).
pub fn claim_has_class(claim: &PersistentVolumeClaim) -> bool {
    claim
        .metadata
        .annotations
        .contains_key(ann::BETA_STORAGE_CLASS)
        || claim.spec.storage_class_name.is_some()
}

/// The class of a volume: the beta annotation if present, else `spec.storageClassName`, else `""`.
pub fn volume_class(pv: &PersistentVolume) -> &str {
    pv.metadata
        .annotation(ann::BETA_STORAGE_CLASS)
        .or(pv.spec.storage_class_name.as_deref())
        .unwrap_or("")
}

pub fn is_default_class(class: &StorageClass) -> bool {
    class.metadata.has_annotation(ann::DEFAULT_CLASS, "true")
        || class
            .metadata
            .has_annotation(ann::BETA_DEFAULT_CLASS, "true")
}

/// The default class: among classes marked default, the most recently created; on equal
/// creation times, the smallest name.
pub fn default_class<'a>(
    classes: impl Iterator<Item = &'a StorageClass>,
) -> Option<&'a StorageClass> {
    classes.filter(|c| is_default_class(c)).min_by(|a, b| {
        b.metadata
            .creation_timestamp
            .cmp(&a.metadata.creation_timestamp)
            .then_with(|| a.metadata.name.cmp(&b.metadata.name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    fn class(name: &str, default: bool, created: i64) -> StorageClass {
        let mut c = StorageClass::default();
        c.metadata.name = name.into();
        c.metadata.creation_timestamp = Some(Timestamp(created));
        if default {
            c.metadata
                .annotations
                .insert(ann::DEFAULT_CLASS.into(), "true".into());
        }
        c
    }

    #[test]
    fn newest_default_wins_then_smallest_name() {
        let classes = [
            class("old", true, 1),
            class("new", true, 5),
            class("other", false, 9),
        ];
        assert_eq!(default_class(classes.iter()).unwrap().metadata.name, "new");
        let tied = [class("b", true, 5), class("a", true, 5)];
        assert_eq!(default_class(tied.iter()).unwrap().metadata.name, "a");
        assert!(default_class([class("x", false, 1)].iter()).is_none());
    }

    #[test]
    fn beta_annotation_wins_over_the_field() {
        let mut claim = PersistentVolumeClaim::default();
        claim.spec.storage_class_name = Some("spec".into());
        claim
            .metadata
            .annotations
            .insert(ann::BETA_STORAGE_CLASS.into(), "beta".into());
        assert_eq!(claim_class(&claim), Some("beta"));
        claim.metadata.annotations.clear();
        claim.spec.storage_class_name = Some(String::new());
        assert!(claim_has_class(&claim));
        claim.spec.storage_class_name = None;
        assert!(!claim_has_class(&claim));
        assert_eq!(claim_class_or_empty(&claim), "");
    }
}
