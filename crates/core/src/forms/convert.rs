//! A form's text from an object, and an object from a form's text: each field written into the
//! object the form started from (a new one, or the stored one being edited), so what the form
//! does not show is kept.

use super::syntax::*;
use super::{Form, FormField as F};
use pv_engine::annotations as ann;
use pv_engine::classes::is_default_class;
use pv_engine::objects::*;
use pv_engine::quantity::Quantity;
use pv_engine::value::Value;
use std::collections::BTreeMap;

/// How the form writes a class: empty is unset (the default class applies); `""` is the empty
/// class, which asks for class-less volumes only.
fn class_text(class: &Option<String>) -> String {
    match class.as_deref() {
        None => String::new(),
        Some("") => "\"\"".into(),
        Some(name) => name.into(),
    }
}

fn class_value(text: &str) -> Option<String> {
    match text.trim() {
        "" => None,
        "\"\"" => Some(String::new()),
        name => Some(name.into()),
    }
}

fn size_text(list: &ResourceList) -> String {
    list.get(STORAGE)
        .map(ToString::to_string)
        .unwrap_or_default()
}

pub(super) fn values_of(object: &Object) -> BTreeMap<F, String> {
    let meta = object.metadata();
    let mut values = BTreeMap::from([
        (F::Name, meta.name.clone()),
        (F::Labels, render_map(&meta.labels)),
    ]);
    if let Some(namespace) = &meta.namespace {
        values.insert(F::Namespace, namespace.clone());
    }
    let mut put = |field, value: String| {
        values.insert(field, value);
    };
    match object {
        Object::PersistentVolume(pv) => {
            let spec = &pv.spec;
            put(F::Size, size_text(&spec.capacity));
            put(F::AccessModes, spec.access_modes.join(","));
            put(F::VolumeMode, spec.volume_mode.clone().unwrap_or_default());
            put(F::Class, class_text(&spec.storage_class_name));
            put(
                F::ReclaimPolicy,
                spec.persistent_volume_reclaim_policy
                    .clone()
                    .unwrap_or_default(),
            );
            put(
                F::Source,
                spec.sources()
                    .first()
                    .map(|(name, _)| (*name).to_owned())
                    .unwrap_or_default(),
            );
            let terms = spec
                .node_affinity
                .as_ref()
                .and_then(|a| a.required.as_ref())
                .map(|r| r.node_selector_terms.as_slice())
                .unwrap_or_default();
            let terms: Vec<String> = terms
                .iter()
                .map(|t| {
                    render_requirements(
                        t.match_expressions
                            .iter()
                            .map(|r| (r.key.as_str(), r.operator.as_str(), r.values.as_slice())),
                    )
                })
                .collect();
            put(F::NodeAffinity, terms.join("; "));
            put(
                F::ClaimRef,
                spec.claim_ref
                    .as_ref()
                    .map(|r| format!("{}/{}", r.namespace, r.name))
                    .unwrap_or_default(),
            );
        }
        Object::PersistentVolumeClaim(claim) => {
            let spec = &claim.spec;
            put(F::Size, size_text(&spec.resources.requests));
            put(F::AccessModes, spec.access_modes.join(","));
            put(F::VolumeMode, spec.volume_mode.clone().unwrap_or_default());
            put(F::Class, class_text(&spec.storage_class_name));
            let selector = spec.selector.clone().unwrap_or_default();
            put(F::MatchLabels, render_map(&selector.match_labels));
            put(
                F::MatchExpressions,
                render_requirements(
                    selector
                        .match_expressions
                        .iter()
                        .map(|r| (r.key.as_str(), r.operator.as_str(), r.values.as_slice())),
                ),
            );
            put(F::VolumeName, spec.volume_name.clone());
        }
        Object::StorageClass(class) => {
            put(F::Provisioner, class.provisioner.clone());
            put(F::Parameters, render_map(&class.parameters));
            put(
                F::ReclaimPolicy,
                class.reclaim_policy.clone().unwrap_or_default(),
            );
            put(
                F::BindingMode,
                class.volume_binding_mode.clone().unwrap_or_default(),
            );
            put(
                F::DefaultClass,
                if is_default_class(class) { "true" } else { "" }.into(),
            );
        }
        Object::Pod(pod) => {
            put(
                F::Claims,
                pod.spec.claim_names().collect::<Vec<_>>().join(", "),
            );
            put(F::NodeName, pod.spec.node_name.clone());
            put(F::NodeSelector, render_map(&pod.spec.node_selector));
        }
        Object::Node(_) => {}
        Object::StatefulSet(set) => {
            let spec = &set.spec;
            put(F::Replicas, optional_number(spec.replicas));
            put(
                F::OrdinalsStart,
                optional_number(spec.ordinals.as_ref().map(|o| o.start)),
            );
            put(F::PodLabels, selector_labels(spec.selector.as_ref()));
            put(F::ServiceName, spec.service_name.clone());
            put(F::PodManagementPolicy, spec.pod_management_policy.clone());
            let template = spec.volume_claim_templates.first();
            put(
                F::TemplateName,
                template
                    .map(|t| t.metadata.name.clone())
                    .unwrap_or_default(),
            );
            put(
                F::Size,
                template
                    .map(|t| size_text(&t.spec.resources.requests))
                    .unwrap_or_default(),
            );
            put(
                F::AccessModes,
                template
                    .map(|t| t.spec.access_modes.join(","))
                    .unwrap_or_default(),
            );
            put(
                F::Class,
                template
                    .map(|t| class_text(&t.spec.storage_class_name))
                    .unwrap_or_default(),
            );
            let policy = spec
                .persistent_volume_claim_retention_policy
                .clone()
                .unwrap_or_default();
            put(F::WhenDeleted, policy.when_deleted);
            put(F::WhenScaled, policy.when_scaled);
            put_template(&mut put, &spec.template);
        }
        Object::Deployment(deployment) => {
            let spec = &deployment.spec;
            put(F::Replicas, optional_number(spec.replicas));
            put(F::PodLabels, selector_labels(spec.selector.as_ref()));
            put(F::Strategy, spec.strategy.type_.clone());
            put_template(&mut put, &spec.template);
        }
        Object::ReplicaSet(set) => {
            let spec = &set.spec;
            put(F::Replicas, optional_number(spec.replicas));
            put(F::PodLabels, selector_labels(spec.selector.as_ref()));
            put_template(&mut put, &spec.template);
        }
    }
    values
}

fn optional_number(value: Option<i32>) -> String {
    value.map(|n| n.to_string()).unwrap_or_default()
}

fn selector_labels(selector: Option<&LabelSelector>) -> String {
    selector
        .map(|s| render_map(&s.match_labels))
        .unwrap_or_default()
}

/// The pod template's fields a workload form shows: the claims its pods mount and its node
/// selector.
fn put_template(put: &mut impl FnMut(F, String), template: &PodTemplateSpec) {
    put(
        F::Claims,
        template.spec.claim_names().collect::<Vec<_>>().join(", "),
    );
    put(F::NodeSelector, render_map(&template.spec.node_selector));
}

/// Collects parse errors by field while the object is built.
struct Reader<'a> {
    form: &'a Form,
    errors: Vec<(F, String)>,
}

impl Reader<'_> {
    fn text(&self, field: F) -> String {
        self.form.get(field).trim().to_owned()
    }

    fn optional(&self, field: F) -> Option<String> {
        Some(self.text(field)).filter(|t| !t.is_empty())
    }

    fn map(&mut self, field: F) -> BTreeMap<String, String> {
        parse_map(self.form.get(field)).unwrap_or_else(|e| {
            self.errors.push((field, e));
            BTreeMap::new()
        })
    }

    /// `{storage: <size>}`, or empty when the field is: the engine then says it is required.
    fn storage(&mut self) -> ResourceList {
        let text = self.text(F::Size);
        if text.is_empty() {
            return ResourceList::new();
        }
        match Quantity::parse(&text) {
            Ok(q) => ResourceList::from([(STORAGE.to_owned(), q)]),
            Err(e) => {
                self.errors.push((F::Size, e.to_string()));
                ResourceList::new()
            }
        }
    }

    fn modes(&self) -> Vec<String> {
        self.form.modes().map(str::to_owned).collect()
    }

    /// A whole number, or `None` when the field is empty (the API default applies).
    fn number(&mut self, field: F) -> Option<i32> {
        let text = self.text(field);
        if text.is_empty() {
            return None;
        }
        match text.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.errors
                    .push((field, format!("expected a whole number, found {text:?}")));
                None
            }
        }
    }

    /// The selector's `matchLabels` from the pod-labels field, written on the pod template
    /// too (replacing the labels the old selector had put there).
    fn pod_labels(&mut self, selector: &mut Option<LabelSelector>, template: &mut PodTemplateSpec) {
        let labels = self.map(F::PodLabels);
        let mut next = selector.clone().unwrap_or_default();
        for key in next.match_labels.keys() {
            if !labels.contains_key(key) {
                template.metadata.labels.remove(key);
            }
        }
        template.metadata.labels.extend(labels.clone());
        next.match_labels = labels;
        *selector = (next != LabelSelector::default()).then_some(next);
    }

    /// The template's claims and node selector.
    fn template(&mut self, template: &mut PodTemplateSpec) {
        set_claims(&mut template.spec, parse_list(self.form.get(F::Claims)));
        template.spec.node_selector = self.map(F::NodeSelector);
    }

    fn parsed<T>(&mut self, field: F, parse: fn(&str) -> Result<Vec<T>, String>) -> Vec<T> {
        parse(self.form.get(field)).unwrap_or_else(|e| {
            self.errors.push((field, e));
            Vec::new()
        })
    }
}

fn new_object(kind: Kind) -> Object {
    match kind {
        Kind::PersistentVolume => Object::PersistentVolume(Default::default()),
        Kind::PersistentVolumeClaim => Object::PersistentVolumeClaim(Default::default()),
        Kind::StorageClass => Object::StorageClass(Default::default()),
        Kind::Pod => Object::Pod(Pod {
            spec: PodSpec {
                containers: vec![app_container()],
                ..Default::default()
            },
            ..Default::default()
        }),
        Kind::Node => Object::Node(Default::default()),
        Kind::StatefulSet => Object::StatefulSet(StatefulSet {
            spec: StatefulSetSpec {
                template: new_template(),
                ..Default::default()
            },
            ..Default::default()
        }),
        Kind::Deployment => Object::Deployment(Deployment {
            spec: DeploymentSpec {
                template: new_template(),
                ..Default::default()
            },
            ..Default::default()
        }),
        Kind::ReplicaSet => Object::ReplicaSet(ReplicaSet {
            spec: ReplicaSetSpec {
                template: new_template(),
                ..Default::default()
            },
            ..Default::default()
        }),
    }
}

/// The container every pod the page makes runs: the simulation runs none, but the API
/// requires one.
fn app_container() -> Value {
    Value::Map(BTreeMap::from([
        ("name".to_owned(), Value::String("app".into())),
        ("image".to_owned(), Value::String("nginx".into())),
    ]))
}

fn new_template() -> PodTemplateSpec {
    PodTemplateSpec {
        metadata: ObjectMeta::default(),
        spec: PodSpec {
            containers: vec![app_container()],
            ..Default::default()
        },
    }
}

/// Mounts exactly these claims: other volumes stay, a claim already mounted keeps its
/// volume's name, a new one gets a volume named after it.
fn set_claims(spec: &mut PodSpec, claims: Vec<String>) {
    let mut volumes: Vec<PodVolume> = spec
        .volumes
        .iter()
        .filter(|v| {
            v.persistent_volume_claim
                .as_ref()
                .is_none_or(|c| claims.contains(&c.claim_name))
        })
        .cloned()
        .collect();
    for claim in claims {
        if !spec.claim_names().any(|c| c == claim) {
            volumes.push(PodVolume {
                name: claim.clone(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: claim,
                    read_only: false,
                }),
                ..Default::default()
            });
        }
    }
    spec.volumes = volumes;
}

/// Replaces the volume's source with a new one of this kind, its details made up from the
/// volume's name.
fn new_source(spec: &mut PersistentVolumeSpec, kind: &str, name: &str) {
    spec.host_path = None;
    spec.nfs = None;
    spec.local = None;
    spec.csi = None;
    match kind {
        "hostPath" => {
            spec.host_path = Some(HostPathVolumeSource {
                path: format!("/mnt/data/{name}"),
                type_: None,
            })
        }
        "nfs" => {
            spec.nfs = Some(NfsVolumeSource {
                server: "nfs.example.com".into(),
                path: format!("/exports/{name}"),
                read_only: false,
            })
        }
        "local" => {
            spec.local = Some(LocalVolumeSource {
                path: format!("/mnt/disks/{name}"),
                fs_type: None,
            })
        }
        "csi" => {
            spec.csi = Some(CsiVolumeSource {
                driver: "csi.example.com".into(),
                volume_handle: name.into(),
                ..Default::default()
            })
        }
        _ => {}
    }
}

pub(super) fn object_of(form: &Form) -> Result<Object, Vec<(F, String)>> {
    let mut r = Reader {
        form,
        errors: Vec::new(),
    };
    let mut object = form.base.clone().unwrap_or_else(|| new_object(form.kind));
    let name = r.text(F::Name);
    {
        let meta = object.metadata_mut();
        meta.name = name.clone();
        if form.kind.is_namespaced() {
            meta.namespace = r.optional(F::Namespace);
        }
        meta.labels = r.map(F::Labels);
    }
    match &mut object {
        Object::PersistentVolume(pv) => {
            let spec = &mut pv.spec;
            spec.capacity = r.storage();
            spec.access_modes = r.modes();
            spec.volume_mode = r.optional(F::VolumeMode);
            spec.storage_class_name = class_value(form.get(F::Class));
            spec.persistent_volume_reclaim_policy = r.optional(F::ReclaimPolicy);
            let source = r.text(F::Source);
            if spec.sources().first().map(|(n, _)| *n) != Some(source.as_str()) {
                new_source(spec, &source, &name);
            }
            let terms: Vec<NodeSelectorTerm> = form
                .get(F::NodeAffinity)
                .split(';')
                .filter(|t| !t.trim().is_empty())
                .map(|t| NodeSelectorTerm {
                    match_expressions: node_requirements(t).unwrap_or_else(|e| {
                        r.errors.push((F::NodeAffinity, e));
                        Vec::new()
                    }),
                    ..Default::default()
                })
                .collect();
            spec.node_affinity = (!terms.is_empty()).then_some(VolumeNodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: terms,
                }),
            });
            spec.claim_ref = match r.optional(F::ClaimRef) {
                None => None,
                Some(text) => match text.split_once('/') {
                    Some((namespace, claim)) => {
                        let kept = spec
                            .claim_ref
                            .clone()
                            .filter(|c| c.namespace == namespace.trim() && c.name == claim.trim());
                        Some(kept.unwrap_or(ObjectReference {
                            kind: Kind::PersistentVolumeClaim.as_str().into(),
                            api_version: "v1".into(),
                            namespace: namespace.trim().into(),
                            name: claim.trim().into(),
                            ..Default::default()
                        }))
                    }
                    None => {
                        r.errors.push((
                            F::ClaimRef,
                            format!("expected namespace/name, found {text:?}"),
                        ));
                        None
                    }
                },
            };
        }
        Object::PersistentVolumeClaim(claim) => {
            let spec = &mut claim.spec;
            spec.resources.requests = r.storage();
            spec.access_modes = r.modes();
            spec.volume_mode = r.optional(F::VolumeMode);
            spec.storage_class_name = class_value(form.get(F::Class));
            let selector = LabelSelector {
                match_labels: r.map(F::MatchLabels),
                match_expressions: r.parsed(F::MatchExpressions, label_requirements),
            };
            spec.selector = (selector != LabelSelector::default()).then_some(selector);
            spec.volume_name = r.text(F::VolumeName);
        }
        Object::StorageClass(class) => {
            class.provisioner = r.text(F::Provisioner);
            class.parameters = r.map(F::Parameters);
            class.reclaim_policy = r.optional(F::ReclaimPolicy);
            class.volume_binding_mode = r.optional(F::BindingMode);
            let annotations = &mut class.metadata.annotations;
            if form.get(F::DefaultClass) == "true" {
                annotations.insert(ann::DEFAULT_CLASS.into(), "true".into());
            } else {
                annotations.remove(ann::DEFAULT_CLASS);
                annotations.remove(ann::BETA_DEFAULT_CLASS);
            }
        }
        Object::Pod(pod) => {
            let spec = &mut pod.spec;
            set_claims(spec, parse_list(form.get(F::Claims)));
            spec.node_name = r.text(F::NodeName);
            spec.node_selector = r.map(F::NodeSelector);
        }
        Object::StatefulSet(set) => {
            let spec = &mut set.spec;
            spec.replicas = r.number(F::Replicas);
            spec.ordinals = r
                .number(F::OrdinalsStart)
                .map(|start| StatefulSetOrdinals { start });
            r.pod_labels(&mut spec.selector, &mut spec.template);
            spec.service_name = r.text(F::ServiceName);
            spec.pod_management_policy = r.text(F::PodManagementPolicy);
            let template_name = r.text(F::TemplateName);
            if template_name.is_empty() {
                if !spec.volume_claim_templates.is_empty() {
                    spec.volume_claim_templates.remove(0);
                }
            } else {
                if spec.volume_claim_templates.is_empty() {
                    spec.volume_claim_templates
                        .push(PersistentVolumeClaimTemplate::default());
                }
                let template = &mut spec.volume_claim_templates[0];
                template.metadata.name = template_name;
                template.spec.resources.requests = r.storage();
                template.spec.access_modes = r.modes();
                template.spec.storage_class_name = class_value(form.get(F::Class));
            }
            let policy = RetentionPolicy {
                when_deleted: r.text(F::WhenDeleted),
                when_scaled: r.text(F::WhenScaled),
            };
            spec.persistent_volume_claim_retention_policy =
                (policy != RetentionPolicy::default()).then_some(policy);
            r.template(&mut spec.template);
        }
        Object::Deployment(deployment) => {
            let spec = &mut deployment.spec;
            spec.replicas = r.number(F::Replicas);
            r.pod_labels(&mut spec.selector, &mut spec.template);
            let strategy = r.text(F::Strategy);
            if strategy != spec.strategy.type_ {
                // The other strategy's settings do not carry over (`Recreate` forbids them).
                spec.strategy = DeploymentStrategy {
                    type_: strategy,
                    rolling_update: None,
                };
            }
            r.template(&mut spec.template);
        }
        Object::ReplicaSet(set) => {
            let spec = &mut set.spec;
            spec.replicas = r.number(F::Replicas);
            r.pod_labels(&mut spec.selector, &mut spec.template);
            r.template(&mut spec.template);
        }
        Object::Node(node) => {
            // The kubelet registers a node with this label; a node added here gets it too, so
            // a node selector or a volume's node affinity can name the new node.
            if form.base.is_none() {
                node.metadata
                    .labels
                    .entry("kubernetes.io/hostname".into())
                    .or_insert(name);
            }
        }
    }
    if r.errors.is_empty() {
        Ok(object)
    } else {
        Err(r.errors)
    }
}
