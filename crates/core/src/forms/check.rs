//! A form checked as the API server would check its object: parse errors first, then the
//! engine's refusals, each placed at the form field whose value the refused field path came
//! from (or at the top of the form when no field of the form holds it).

use super::{fields, Form, FormField as F};
use crate::session::{Checked, Session, Write};
use pv_engine::cluster::ApiError;
use pv_engine::objects::Kind;

/// One message to show: at a field, or at the top of the form (`None`).
pub type Problem = (Option<F>, String);

/// Field paths (as the engine renders them) and the form field each comes from. A path
/// matches an entry when it is the entry or starts with it followed by `.` or `[`. Some
/// update rules name a field without `spec.` (upstream's own paths), hence the bare entries.
const PATHS: &[(&str, F)] = &[
    ("metadata.name", F::Name),
    ("metadata.namespace", F::Namespace),
    ("metadata.labels", F::Labels),
    (
        "metadata.annotations[storageclass.kubernetes.io/is-default-class]",
        F::DefaultClass,
    ),
    ("spec.capacity", F::Size),
    ("spec.resources", F::Size),
    ("spec.accessModes", F::AccessModes),
    ("spec.volumeMode", F::VolumeMode),
    ("volumeMode", F::VolumeMode),
    ("spec.storageClassName", F::Class),
    ("spec.selector.matchExpressions", F::MatchExpressions),
    ("spec.selector", F::MatchLabels),
    ("spec.persistentVolumeReclaimPolicy", F::ReclaimPolicy),
    ("reclaimPolicy", F::ReclaimPolicy),
    ("spec.hostPath", F::Source),
    ("spec.nfs", F::Source),
    ("spec.local", F::Source),
    ("spec.csi", F::Source),
    ("spec.persistentvolumesource", F::Source),
    ("spec.nodeAffinity", F::NodeAffinity),
    ("nodeAffinity", F::NodeAffinity),
    ("spec.claimRef", F::ClaimRef),
    ("spec.volumeName", F::VolumeName),
    ("provisioner", F::Provisioner),
    ("parameters", F::Parameters),
    ("volumeBindingMode", F::BindingMode),
    ("spec.volumes", F::Claims),
    ("spec.nodeName", F::NodeName),
    ("spec.nodeSelector", F::NodeSelector),
    // The workloads.
    ("spec.selector", F::PodLabels),
    ("spec.template.metadata.labels", F::PodLabels),
    ("spec.replicas", F::Replicas),
    ("spec.ordinals.start", F::OrdinalsStart),
    ("spec.serviceName", F::ServiceName),
    ("spec.podManagementPolicy", F::PodManagementPolicy),
    (
        "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
        F::WhenDeleted,
    ),
    (
        "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
        F::WhenScaled,
    ),
    ("spec.strategy", F::Strategy),
    ("spec.template.spec.volumes", F::Claims),
    ("spec.template.spec.nodeSelector", F::NodeSelector),
];

/// The field of `kind`'s form that a refused field path points at, if the form shows it: the
/// first entry that matches the path and names a field of that form.
pub fn field_for_path(kind: Kind, path: &str) -> Option<F> {
    PATHS
        .iter()
        .filter(|(_, field)| fields(kind).iter().any(|spec| spec.field == *field))
        .find(|(prefix, _)| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .map(|(_, field)| *field)
}

impl Form {
    /// The write this form asks for, checked against the session (its cluster is the one it
    /// would make), or every problem: what cannot be read, an added name already taken, and
    /// what the API server refuses.
    pub fn check(&self, session: &Session) -> Result<Checked, Vec<Problem>> {
        let object = self.to_object().map_err(|errors| {
            errors
                .into_iter()
                .map(|(f, m)| (Some(f), m))
                .collect::<Vec<_>>()
        })?;
        let key = object.key();
        // Adding must not replace what exists (kubectl create, not apply).
        if self.editing().is_none() && session.cluster.get(&key).is_some() {
            return Err(vec![(
                Some(F::Name),
                ApiError::AlreadyExists(key).to_string(),
            )]);
        }
        let write = Write::keeping_finalizers(object);
        let refusals = match session.check(std::slice::from_ref(&write)) {
            Ok(checked) => return Ok(checked),
            Err(refusals) => refusals,
        };
        Err(refusals
            .into_iter()
            .flat_map(|refusal| match refusal.error {
                ApiError::Invalid { errors, .. } => errors
                    .iter()
                    .map(|e| (field_for_path(self.kind, &e.field), e.to_string()))
                    .collect(),
                ApiError::Forbidden(denial) => vec![(Some(F::Size), denial.to_string())],
                other => vec![(None, other.to_string())],
            })
            .collect())
    }
}
