//! A fix as data: the API requests it makes (patch, label, annotate, delete, create), from
//! which both its kubectl text and the playground's actions are generated, so the two cannot
//! drift. Only requests the API server accepts are built here (`docs/kubernetes-rules.md`
//! §1.1–§1.2: a PV's access modes, class, claimRef and labels may change; a claim's spec may
//! not, so a claim is deleted and created again; a pod's spec may not either).

use crate::manifest;
use crate::session::{Action, Write};
use pv_engine::annotations as ann;
use pv_engine::objects::{Kind, Object, ObjectKey, PersistentVolumeClaim, Pod, StorageClass};
use pv_engine::Cluster;
use pv_engine::Finalizers;
use serde::{Deserialize, Serialize};

/// The smallest change that resolves a verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// One sentence: what the change does.
    pub summary: String,
    /// Why this change, and what to know first (immutable fields, data, workloads).
    pub notes: Vec<String>,
    /// The requests, in order. Empty: nothing in the cluster's objects is wrong (the notes say
    /// what to look at instead).
    pub steps: Vec<Step>,
}

/// A workload that owns a pod, read from the labels its controller puts on the pod.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name")]
pub enum Workload {
    StatefulSet(String),
    Deployment(String),
}

impl Workload {
    /// The StatefulSet (label `statefulset.kubernetes.io/pod-name`, name `<set>-<ordinal>`) or
    /// Deployment (label `pod-template-hash`, name `<deployment>-<hash>-<suffix>`) a pod
    /// belongs to.
    pub fn of_pod(pod: &Pod) -> Option<Workload> {
        let labels = &pod.metadata.labels;
        let name = pod.metadata.name.as_str();
        if labels
            .get("statefulset.kubernetes.io/pod-name")
            .map(String::as_str)
            == Some(name)
        {
            let (set, ordinal) = name.rsplit_once('-')?;
            if !set.is_empty() && !ordinal.is_empty() && ordinal.bytes().all(|b| b.is_ascii_digit())
            {
                return Some(Workload::StatefulSet(set.to_owned()));
            }
        }
        let hash = labels.get("pod-template-hash")?;
        let deployment = name.split_once(&format!("-{hash}-"))?.0;
        (!deployment.is_empty()).then(|| Workload::Deployment(deployment.to_owned()))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Workload::StatefulSet(_) => "StatefulSet",
            Workload::Deployment(_) => "Deployment",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Workload::StatefulSet(name) | Workload::Deployment(name) => name,
        }
    }

    /// kubectl's resource name for it.
    pub fn resource(&self) -> &'static str {
        match self {
            Workload::StatefulSet(_) => "statefulset",
            Workload::Deployment(_) => "deployment",
        }
    }
}

/// An object a fix creates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum NewObject {
    PersistentVolumeClaim(PersistentVolumeClaim),
    Pod(Pod),
    /// A class a claim names and the dump lacks.
    StorageClass(StorageClass),
}

impl NewObject {
    pub fn object(&self) -> Object {
        match self {
            NewObject::PersistentVolumeClaim(c) => Object::PersistentVolumeClaim(c.clone()),
            NewObject::Pod(p) => Object::Pod(p.clone()),
            NewObject::StorageClass(c) => Object::StorageClass(c.clone()),
        }
    }

    pub fn key(&self) -> ObjectKey {
        self.object().key()
    }
}

/// A JSON patch a fix sends (`kubectl patch --type json`), one kind per change it makes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Patch {
    /// A PV's `spec.claimRef` removed: Released or Failed becomes Available, for any claim.
    RemoveClaimRef,
    /// A PV's `spec.claimRef.uid` removed (and its resourceVersion, if it has one): the PV
    /// stays reserved for the claim's name, now for whichever claim has it.
    #[serde(rename_all = "camelCase")]
    RemoveClaimRefUid { resource_version: bool },
    /// A PV's `spec.claimRef` set to a claim's namespace and name (no uid): reserved for that
    /// claim, which binds it whatever its class, selector or phase (§6.3).
    ReserveFor { namespace: String, name: String },
    /// A PV's `spec.accessModes` replaced.
    SetAccessModes { modes: Vec<String> },
    /// `spec.storageClassName` set: a PV's (`""`: no class), or a claim's that has none.
    SetStorageClass { class: String },
    /// `metadata.finalizers` removed (what keeps a deleted object Terminating).
    RemoveFinalizers,
    /// A PV's `spec.persistentVolumeReclaimPolicy` set (`Retain` keeps it and its data when
    /// its claim goes).
    SetReclaimPolicy { policy: String },
}

impl Patch {
    /// The JSON patch document.
    fn json(&self) -> String {
        let op = |op: &str, path: &str, value: Option<String>| match value {
            Some(value) => format!(r#"{{"op":"{op}","path":"{path}","value":{value}}}"#),
            None => format!(r#"{{"op":"{op}","path":"{path}"}}"#),
        };
        let ops = match self {
            Patch::RemoveClaimRef => vec![op("remove", "/spec/claimRef", None)],
            Patch::RemoveClaimRefUid { resource_version } => {
                let mut ops = vec![op("remove", "/spec/claimRef/uid", None)];
                if *resource_version {
                    ops.push(op("remove", "/spec/claimRef/resourceVersion", None));
                }
                ops
            }
            Patch::ReserveFor { namespace, name } => {
                let value = format!(
                    r#"{{"apiVersion":"v1","kind":"PersistentVolumeClaim","name":{},"namespace":{}}}"#,
                    json_string(name),
                    json_string(namespace)
                );
                vec![op("add", "/spec/claimRef", Some(value))]
            }
            Patch::SetAccessModes { modes } => {
                let list: Vec<String> = modes.iter().map(|m| json_string(m)).collect();
                let value = format!("[{}]", list.join(","));
                vec![op("replace", "/spec/accessModes", Some(value))]
            }
            // `add` sets a member whether or not it exists (RFC 6902 §4.1).
            Patch::SetStorageClass { class } => {
                vec![op(
                    "add",
                    "/spec/storageClassName",
                    Some(json_string(class)),
                )]
            }
            Patch::RemoveFinalizers => vec![op("remove", "/metadata/finalizers", None)],
            Patch::SetReclaimPolicy { policy } => vec![op(
                "replace",
                "/spec/persistentVolumeReclaimPolicy",
                Some(json_string(policy)),
            )],
        };
        format!("[{}]", ops.join(","))
    }

    /// The object after the patch, or kubectl's refusal when a path to remove is missing.
    pub(super) fn applied(&self, object: Object) -> Result<Object, String> {
        let invalid = || {
            "The request is invalid: the server rejected our request due to an error in our request"
                .to_owned()
        };
        match (self, object) {
            (Patch::RemoveFinalizers, mut object) => {
                let meta = object.metadata_mut();
                if meta.finalizers.is_empty() {
                    return Err(invalid());
                }
                meta.finalizers.clear();
                Ok(object)
            }
            (patch, Object::PersistentVolume(mut pv)) => {
                match patch {
                    Patch::RemoveClaimRef => {
                        pv.spec.claim_ref.take().ok_or_else(invalid)?;
                    }
                    Patch::RemoveClaimRefUid { resource_version } => {
                        let reference = pv.spec.claim_ref.as_mut().ok_or_else(invalid)?;
                        if reference.uid.is_empty()
                            || (*resource_version && reference.resource_version.is_empty())
                        {
                            return Err(invalid());
                        }
                        reference.uid.clear();
                        reference.resource_version.clear();
                    }
                    Patch::ReserveFor { namespace, name } => {
                        pv.spec.claim_ref = Some(pv_engine::objects::ObjectReference {
                            kind: "PersistentVolumeClaim".into(),
                            namespace: namespace.clone(),
                            name: name.clone(),
                            api_version: "v1".into(),
                            ..Default::default()
                        })
                    }
                    Patch::SetAccessModes { modes } => pv.spec.access_modes = modes.clone(),
                    Patch::SetStorageClass { class } => {
                        pv.spec.storage_class_name = Some(class.clone())
                    }
                    Patch::SetReclaimPolicy { policy } => {
                        pv.spec.persistent_volume_reclaim_policy = Some(policy.clone())
                    }
                    Patch::RemoveFinalizers => {}
                }
                Ok(Object::PersistentVolume(pv))
            }
            (Patch::SetStorageClass { class }, Object::PersistentVolumeClaim(mut claim)) => {
                claim.spec.storage_class_name = Some(class.clone());
                Ok(Object::PersistentVolumeClaim(claim))
            }
            (_, _) => Err(invalid()),
        }
    }
}

/// One API request of a fix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum Step {
    Patch {
        target: ObjectKey,
        patch: Patch,
    },
    /// `kubectl label`: labels set (`--overwrite` when one had another value) and removed.
    Label {
        target: ObjectKey,
        set: Vec<(String, String)>,
        remove: Vec<String>,
        overwrite: bool,
    },
    /// `kubectl annotate`.
    Annotate {
        target: ObjectKey,
        key: String,
        value: String,
        overwrite: bool,
    },
    /// `kubectl delete`, which waits until the object is gone (its finalizers released).
    Delete {
        target: ObjectKey,
    },
    /// `kubectl wait --for=delete`: an object already being deleted, waited for until it goes.
    WaitForDeletion {
        target: ObjectKey,
    },
    /// `kubectl create -f -` with the object's manifest.
    Create {
        object: NewObject,
    },
    /// What the workload's controller does by itself once its pod is gone: the pod made
    /// again. A comment in the kubectl text; the simulation (which has no workloads) creates it.
    #[serde(rename_all = "camelCase")]
    ControllerCreates {
        workload: Workload,
        namespace: String,
        object: NewObject,
    },
    /// What the workload's controller does by itself when its template changes: the old pod
    /// deleted as it rolls out. A comment in the kubectl text; the simulation deletes it.
    #[serde(rename_all = "camelCase")]
    ControllerDeletes {
        workload: Workload,
        target: ObjectKey,
    },
    /// A change to a workload the simulator does not model: shown, not simulated.
    EditWorkload {
        workload: Workload,
        namespace: String,
        command: String,
    },
}

/// A string as a JSON (and YAML double-quoted) literal.
fn json_string(s: &str) -> String {
    let mut out = String::new();
    manifest::write_double_quoted(&mut out, s);
    out
}

/// A word for a POSIX shell: bare when it is safe, else in single quotes.
pub(super) fn shell_word(s: &str) -> String {
    let safe = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=,@+".contains(&b));
    if safe {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `pvc NAME -n NS`, `pv NAME`: how kubectl names an object on its command line.
fn target_words(key: &ObjectKey) -> String {
    let resource = match key.kind {
        Kind::PersistentVolume => "pv",
        Kind::PersistentVolumeClaim => "pvc",
        Kind::StorageClass => "storageclass",
        Kind::Pod => "pod",
        Kind::Node => "node",
        Kind::StatefulSet => "statefulset",
        Kind::Deployment => "deployment",
        Kind::ReplicaSet => "replicaset",
    };
    if key.namespace.is_empty() {
        format!("{resource} {}", shell_word(&key.name))
    } else {
        format!(
            "{resource} {} -n {}",
            shell_word(&key.name),
            shell_word(&key.namespace)
        )
    }
}

/// The manifest a created object is written as.
fn manifest_of(object: &NewObject) -> String {
    manifest::to_manifest_yaml(&object.object())
}

impl Step {
    /// The kubectl command (or comment) a user runs.
    pub fn kubectl(&self) -> String {
        match self {
            Step::Patch { target, patch } => format!(
                "kubectl patch {} --type json -p {}",
                target_words(target),
                shell_word(&patch.json())
            ),
            Step::Label {
                target,
                set,
                remove,
                overwrite,
            } => {
                let mut words = vec![format!("kubectl label {}", target_words(target))];
                words.extend(set.iter().map(|(k, v)| shell_word(&format!("{k}={v}"))));
                words.extend(remove.iter().map(|k| shell_word(&format!("{k}-"))));
                if *overwrite {
                    words.push("--overwrite".into());
                }
                words.join(" ")
            }
            Step::Annotate {
                target,
                key,
                value,
                overwrite,
            } => {
                let flag = if *overwrite { " --overwrite" } else { "" };
                format!(
                    "kubectl annotate {} {}{flag}",
                    target_words(target),
                    shell_word(&format!("{key}={value}"))
                )
            }
            Step::Delete { target } => format!("kubectl delete {}", target_words(target)),
            Step::WaitForDeletion { target } => {
                let words = target_words(target);
                let (resource, rest) = words.split_once(' ').unwrap_or((&words, ""));
                let (name, namespace) = rest.split_once(' ').unwrap_or((rest, ""));
                let namespace = if namespace.is_empty() {
                    String::new()
                } else {
                    format!(" {namespace}")
                };
                format!("kubectl wait --for=delete {resource}/{name}{namespace} --timeout=120s")
            }
            Step::Create { object } => {
                format!("kubectl create -f - <<'EOF'\n{}EOF", manifest_of(object))
            }
            Step::ControllerCreates {
                workload, object, ..
            } => format!(
                "# the {} controller of {} creates {} {} again",
                workload.kind(),
                workload.name(),
                match object {
                    NewObject::Pod(_) => "pod",
                    NewObject::PersistentVolumeClaim(_) => "claim",
                    NewObject::StorageClass(_) => "storageclass",
                },
                object.key().name
            ),
            Step::ControllerDeletes { workload, target } => format!(
                "# the {} controller of {} deletes pod {} as it rolls out the new template",
                workload.kind(),
                workload.name(),
                target.name
            ),
            Step::EditWorkload { command, .. } => command.clone(),
        }
    }

    /// The playground action this request is, against `cluster` as it is when the request is
    /// made, or kubectl's error where the API server would refuse it before any check (an
    /// object to change that is not there, one to create that still is). None: nothing the
    /// simulator models (a workload's template).
    pub fn action(&self, cluster: &Cluster) -> Result<Option<Action>, String> {
        let stored = |key: &ObjectKey| {
            cluster
                .get(key)
                .ok_or_else(|| pv_engine::ApiError::NotFound(key.clone()).to_string())
        };
        let replaced = |object: Object| {
            Ok(Some(Action::Apply(vec![Write {
                object,
                finalizers: Finalizers::Replace,
            }])))
        };
        match self {
            Step::Patch { target, patch } => replaced(patch.applied(stored(target)?)?),
            Step::Label {
                target,
                set,
                remove,
                overwrite,
            } => {
                let mut object = stored(target)?;
                let labels = &mut object.metadata_mut().labels;
                for (key, value) in set {
                    if labels.get(key).is_some_and(|old| old != value) && !overwrite {
                        return Err(format!(
                            "'{key}' already has a value ({}), and --overwrite is false",
                            labels[key]
                        ));
                    }
                    labels.insert(key.clone(), value.clone());
                }
                for key in remove {
                    labels.remove(key);
                }
                replaced(object)
            }
            Step::Annotate {
                target,
                key,
                value,
                overwrite,
            } => {
                let mut object = stored(target)?;
                let annotations = &mut object.metadata_mut().annotations;
                if annotations.get(key).is_some_and(|old| old != value) && !overwrite {
                    return Err(format!(
                        "--overwrite is false but found the following declared annotation(s): '{key}' already has a value ({})",
                        annotations[key]
                    ));
                }
                annotations.insert(key.clone(), value.clone());
                replaced(object)
            }
            Step::Delete { target } | Step::ControllerDeletes { target, .. } => {
                stored(target)?;
                Ok(Some(Action::Delete(target.clone())))
            }
            // Waiting is letting the controllers run.
            Step::WaitForDeletion { .. } => Ok(Some(Action::Settle)),
            Step::Create { object } | Step::ControllerCreates { object, .. } => {
                let key = object.key();
                if cluster.get(&key).is_some() {
                    return Err(pv_engine::ApiError::AlreadyExists(key).to_string());
                }
                Ok(Some(Action::Apply(vec![Write::keeping_finalizers(
                    object.object(),
                )])))
            }
            Step::EditWorkload { .. } => Ok(None),
        }
    }

    /// The object a `kubectl delete` or `kubectl wait` waits for.
    pub fn waits_for(&self) -> Option<&ObjectKey> {
        match self {
            Step::Delete { target }
            | Step::WaitForDeletion { target }
            | Step::ControllerDeletes { target, .. } => Some(target),
            _ => None,
        }
    }
}

impl Fix {
    /// The commands, one request per line (a created object's manifest in a here-document).
    pub fn kubectl(&self) -> String {
        self.steps
            .iter()
            .map(Step::kubectl)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether it changes the cluster's objects (else it is advice about something outside them).
    pub fn changes_objects(&self) -> bool {
        self.steps
            .iter()
            .any(|s| !matches!(s, Step::EditWorkload { .. }))
    }
}

/// The object as a user would write it to create it again: no uid, timestamps, finalizers or
/// status, none of the annotations controllers write, no node for a pod (the scheduler picks).
pub(super) fn fresh_claim(claim: &PersistentVolumeClaim) -> PersistentVolumeClaim {
    let mut claim = claim.clone();
    strip_meta(&mut claim.metadata);
    claim.status = Default::default();
    claim
}

pub(super) fn fresh_pod(pod: &Pod) -> Pod {
    let mut pod = pod.clone();
    strip_meta(&mut pod.metadata);
    pod.spec.node_name.clear();
    pod.status = Default::default();
    pod
}

fn strip_meta(meta: &mut pv_engine::objects::ObjectMeta) {
    meta.uid.clear();
    meta.creation_timestamp = None;
    meta.deletion_timestamp = None;
    meta.finalizers.clear();
    for key in [
        ann::BIND_COMPLETED,
        ann::BOUND_BY_CONTROLLER,
        ann::STORAGE_PROVISIONER,
        ann::BETA_STORAGE_PROVISIONER,
        ann::SELECTED_NODE,
    ] {
        meta.annotations.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_print_as_json_patch_documents_in_one_shell_word() {
        let pv = ObjectKey::new(Kind::PersistentVolume, None, "pv-1");
        let step = Step::Patch {
            target: pv.clone(),
            patch: Patch::RemoveClaimRef,
        };
        assert_eq!(
            step.kubectl(),
            r#"kubectl patch pv pv-1 --type json -p '[{"op":"remove","path":"/spec/claimRef"}]'"#
        );
        let modes = Step::Patch {
            target: pv,
            patch: Patch::SetAccessModes {
                modes: vec!["ReadWriteOnce".into(), "ReadWriteMany".into()],
            },
        };
        assert_eq!(
            modes.kubectl(),
            r#"kubectl patch pv pv-1 --type json -p '[{"op":"replace","path":"/spec/accessModes","value":["ReadWriteOnce","ReadWriteMany"]}]'"#
        );
        let claim = ObjectKey::new(Kind::PersistentVolumeClaim, Some("shop"), "data");
        assert_eq!(
            Step::Delete { target: claim }.kubectl(),
            "kubectl delete pvc data -n shop"
        );
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }

    #[test]
    fn workloads_are_read_from_their_pods_labels() {
        let mut pod = Pod::default();
        pod.metadata.name = "web-0".into();
        pod.metadata
            .labels
            .insert("statefulset.kubernetes.io/pod-name".into(), "web-0".into());
        assert_eq!(
            Workload::of_pod(&pod),
            Some(Workload::StatefulSet("web".into()))
        );
        let mut pod = Pod::default();
        pod.metadata.name = "api-7d9f8b6c5-x2x4q".into();
        pod.metadata
            .labels
            .insert("pod-template-hash".into(), "7d9f8b6c5".into());
        assert_eq!(
            Workload::of_pod(&pod),
            Some(Workload::Deployment("api".into()))
        );
        pod.metadata.labels.clear();
        assert_eq!(Workload::of_pod(&pod), None);
    }
}
