//! StatefulSet, Deployment and ReplicaSet rules (`pkg/apis/apps/validation/validation.go`:
//! `ValidateStatefulSet[Spec|Update]`, `ValidateDeployment[Spec|Update]`,
//! `ValidateReplicaSet[Spec|Update]`; the selector immutability of
//! `pkg/registry/apps/{deployment,replicaset}/strategy.go`) and their defaults
//! (`pkg/apis/apps/v1/defaults.go`). `docs/kubernetes-rules.md` §17.1, §17.8, §18.1.
//!
//! Bad values that are structs (a selector, a strategy) are printed as their JSON, the form the
//! API error uses for such values in current releases (not verified for every type).

use super::{pod::validate_pod_spec, validate_metadata, validate_metadata_update};
use crate::apimachinery::{
    push_go_json_string, regex_error, selector_matches, validate_annotations,
    validate_label_selector, validate_labels, BadValue, ErrorList, FieldError, FieldPath,
    LabelSelectorValidationOptions, ObjectRules,
};
use crate::objects::*;

/// The most replicas a workload written here may ask for; more is refused at `spec.replicas`.
/// A simulator limit, not Kubernetes': an OrderedReady set starts one pod per pass and every
/// pass looks at every pod, so the work grows with the square of the replicas, and the page
/// must stay responsive. Objects imported from a cluster (with their pods) are not limited.
pub const MAX_REPLICAS: i32 = 250;

const ALWAYS: &str = "Always";

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

/// `SetDefaults_PodSpec` for the modelled fields of a template: `restartPolicy: Always`.
fn default_template(template: &mut PodTemplateSpec) {
    template
        .spec
        .restart_policy
        .get_or_insert_with(|| ALWAYS.to_owned());
}

/// `SetDefaults_StatefulSet`: `OrderedReady`, `RollingUpdate` with partition 0, retention
/// Retain/Retain, one replica, ten revisions; each claim template as a claim is defaulted
/// (`volumeMode: Filesystem`, phase `Pending`) and written back with its `apiVersion` and
/// `kind`, as the API returns it.
pub(super) fn default_stateful_set(set: &mut StatefulSet) {
    let spec = &mut set.spec;
    if spec.pod_management_policy.is_empty() {
        spec.pod_management_policy = ORDERED_READY.to_owned();
    }
    if spec.update_strategy.type_.is_empty() {
        spec.update_strategy.type_ = ROLLING_UPDATE.to_owned();
    }
    if spec.update_strategy.type_ == ROLLING_UPDATE {
        let rolling = spec
            .update_strategy
            .rolling_update
            .get_or_insert_with(Default::default);
        rolling.partition.get_or_insert(0);
    }
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(Default::default);
    for field in [&mut policy.when_deleted, &mut policy.when_scaled] {
        if field.is_empty() {
            *field = RETAIN.to_owned();
        }
    }
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    default_template(&mut spec.template);
    for template in &mut spec.volume_claim_templates {
        if template.api_version.is_empty() {
            template.api_version = "v1".to_owned();
        }
        if template.kind.is_empty() {
            template.kind = Kind::PersistentVolumeClaim.as_str().to_owned();
        }
        template
            .spec
            .volume_mode
            .get_or_insert_with(|| super::FILESYSTEM.to_owned());
    }
}

/// `SetDefaults_Deployment`: one replica, `RollingUpdate` with 25% surge and unavailability,
/// ten revisions, a 600-second progress deadline.
pub(super) fn default_deployment(deployment: &mut Deployment) {
    let spec = &mut deployment.spec;
    spec.replicas.get_or_insert(1);
    if spec.strategy.type_.is_empty() {
        spec.strategy.type_ = ROLLING_UPDATE.to_owned();
    }
    if spec.strategy.type_ == ROLLING_UPDATE {
        let rolling = spec
            .strategy
            .rolling_update
            .get_or_insert_with(Default::default);
        rolling
            .max_unavailable
            .get_or_insert_with(|| IntOrString::String("25%".into()));
        rolling
            .max_surge
            .get_or_insert_with(|| IntOrString::String("25%".into()));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    default_template(&mut spec.template);
}

/// `SetDefaults_ReplicaSet`: one replica.
pub(super) fn default_replica_set(set: &mut ReplicaSet) {
    set.spec.replicas.get_or_insert(1);
    default_template(&mut set.spec.template);
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/// `ValidateNonnegativeField`.
fn nonnegative(value: i64, path: &FieldPath) -> Option<FieldError> {
    (value < 0).then(|| FieldError::invalid(path, value, "must be greater than or equal to 0"))
}

/// The simulator's own limit on a workload written here ([`MAX_REPLICAS`]).
pub fn simulator_limits(object: &Object) -> ErrorList {
    let replicas = match object {
        Object::StatefulSet(set) => set.spec.replicas,
        Object::Deployment(deployment) => deployment.spec.replicas,
        Object::ReplicaSet(set) => set.spec.replicas,
        _ => None,
    };
    match replicas {
        Some(replicas) if replicas > MAX_REPLICAS => vec![FieldError::invalid(
            &FieldPath::new("spec").child("replicas"),
            i64::from(replicas),
            format!(
                "must be less than or equal to {MAX_REPLICAS}: the simulator runs at most {MAX_REPLICAS} replicas of a workload written here (a limit of the simulator, not of Kubernetes)"
            ),
        )],
        _ => ErrorList::new(),
    }
}

/// A label selector as its JSON (`{"matchLabels":{"app":"web"}}`), for bad values.
fn selector_json(selector: &LabelSelector) -> BadValue {
    let mut out = String::from("{");
    if !selector.match_labels.is_empty() {
        out.push_str("\"matchLabels\":{");
        for (position, (key, value)) in selector.match_labels.iter().enumerate() {
            if position > 0 {
                out.push(',');
            }
            push_go_json_string(&mut out, key);
            out.push(':');
            push_go_json_string(&mut out, value);
        }
        out.push('}');
    }
    if !selector.match_expressions.is_empty() {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str("\"matchExpressions\":[");
        for (position, requirement) in selector.match_expressions.iter().enumerate() {
            if position > 0 {
                out.push(',');
            }
            out.push_str("{\"key\":");
            push_go_json_string(&mut out, &requirement.key);
            out.push_str(",\"operator\":");
            push_go_json_string(&mut out, &requirement.operator);
            if !requirement.values.is_empty() {
                out.push_str(",\"values\":[");
                for (index, value) in requirement.values.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    push_go_json_string(&mut out, value);
                }
                out.push(']');
            }
            out.push('}');
        }
        out.push(']');
    }
    out.push('}');
    BadValue::Json(out)
}

/// A string map as JSON (template labels in the selector mismatch); `null` when empty, as a
/// nil Go map prints.
fn labels_json(labels: &Labels) -> BadValue {
    if labels.is_empty() {
        return BadValue::Json("null".to_owned());
    }
    let mut out = String::from("{");
    for (position, (key, value)) in labels.iter().enumerate() {
        if position > 0 {
            out.push(',');
        }
        push_go_json_string(&mut out, key);
        out.push(':');
        push_go_json_string(&mut out, value);
    }
    out.push('}');
    BadValue::Json(out)
}

/// Whether `LabelSelectorAsSelector` accepts the selector (it refuses what validation
/// reports, so the selector's own errors decide).
fn selector_converts(selector: &LabelSelector) -> bool {
    validate_label_selector(
        &selector.match_labels,
        &selector.match_expressions,
        LabelSelectorValidationOptions::default(),
        &FieldPath::new("selector"),
    )
    .is_empty()
}

/// Whether a workload's selector matches these labels (an empty selector matches
/// everything, as `LabelSelectorAsSelector` makes it).
pub fn workload_selector_matches(selector: Option<&LabelSelector>, labels: &Labels) -> bool {
    selector.is_some_and(|s| selector_matches(&s.match_labels, &s.match_expressions, labels))
}

/// The selector checks every workload kind runs: required, valid, not empty.
fn validate_selector(selector: Option<&LabelSelector>, path: &FieldPath, kind: &str) -> ErrorList {
    let mut errors = ErrorList::new();
    let selector_path = path.child("selector");
    match selector {
        None => errors.push(FieldError::required(&selector_path, "")),
        Some(selector) => {
            errors.extend(validate_label_selector(
                &selector.match_labels,
                &selector.match_expressions,
                LabelSelectorValidationOptions::default(),
                &selector_path,
            ));
            if selector.match_labels.is_empty() && selector.match_expressions.is_empty() {
                errors.push(FieldError::invalid(
                    &selector_path,
                    selector_json(selector),
                    format!("empty selector is invalid for {kind}"),
                ));
            }
        }
    }
    errors
}

/// The template's labels must match a non-empty selector.
fn validate_template_labels(
    selector: &LabelSelector,
    template: &PodTemplateSpec,
    template_path: &FieldPath,
) -> ErrorList {
    let mut errors = ErrorList::new();
    let empty = selector.match_labels.is_empty() && selector.match_expressions.is_empty();
    if !empty
        && !selector_matches(
            &selector.match_labels,
            &selector.match_expressions,
            &template.metadata.labels,
        )
    {
        errors.push(FieldError::invalid(
            &template_path.child("metadata").child("labels"),
            labels_json(&template.metadata.labels),
            "`selector` does not match template `labels`",
        ));
    }
    errors
}

/// `restartPolicy` must be `Always` in a workload's template.
fn validate_restart_always(template: &PodTemplateSpec, template_path: &FieldPath) -> ErrorList {
    let policy = template.spec.restart_policy.as_deref().unwrap_or("");
    if policy == ALWAYS {
        return ErrorList::new();
    }
    vec![FieldError::not_supported(
        &template_path.child("spec").child("restartPolicy"),
        BadValue::json_string(policy),
        &[ALWAYS],
    )]
}

// ---------------------------------------------------------------------------------------------
// StatefulSet
// ---------------------------------------------------------------------------------------------

/// `ValidateStatefulSet`.
pub(super) fn validate_stateful_set(set: &StatefulSet) -> ErrorList {
    let mut errors = validate_metadata(&set.metadata, ObjectRules::STATEFUL_SET);
    errors.extend(validate_stateful_set_spec(&set.spec));
    errors
}

/// `ValidateStatefulSetSpec`, in upstream's order. The pod template itself is not validated
/// beyond its labels and annotations (upstream leaves a TODO): a bad pod shows when the
/// controller creates it, as a `FailedCreate` event.
fn validate_stateful_set_spec(spec: &StatefulSetSpec) -> ErrorList {
    let path = FieldPath::new("spec");
    let mut errors = ErrorList::new();
    match spec.pod_management_policy.as_str() {
        "" => errors.push(FieldError::required(&path.child("podManagementPolicy"), "")),
        ORDERED_READY | PARALLEL => {}
        other => errors.push(FieldError::invalid(
            &path.child("podManagementPolicy"),
            BadValue::json_string(other),
            format!("must be '{ORDERED_READY}' or '{PARALLEL}'"),
        )),
    }
    let strategy_path = path.child("updateStrategy");
    let strategy = &spec.update_strategy;
    match strategy.type_.as_str() {
        "" => errors.push(FieldError::required(&strategy_path, "")),
        ON_DELETE => {
            if strategy.rolling_update.is_some() {
                errors.push(FieldError::invalid(
                    &strategy_path.child("rollingUpdate"),
                    BadValue::Json("{}".to_owned()),
                    format!("only allowed for updateStrategy '{ROLLING_UPDATE}'"),
                ));
            }
        }
        ROLLING_UPDATE => {
            if let Some(partition) = strategy.rolling_update.as_ref().and_then(|r| r.partition) {
                errors.extend(nonnegative(
                    i64::from(partition),
                    &strategy_path.child("rollingUpdate").child("partition"),
                ));
            }
        }
        other => {
            let mut json = String::from("{\"type\":");
            push_go_json_string(&mut json, other);
            json.push('}');
            errors.push(FieldError::invalid(
                &strategy_path,
                BadValue::Json(json),
                format!("must be '{ROLLING_UPDATE}' or '{ON_DELETE}'"),
            ));
        }
    }
    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        let policy_path = path.child("persistentVolumeClaimRetentionPolicy");
        for (name, value) in [
            ("whenDeleted", &policy.when_deleted),
            ("whenScaled", &policy.when_scaled),
        ] {
            if value != RETAIN && value != DELETE {
                errors.push(FieldError::not_supported(
                    &policy_path.child(name),
                    BadValue::json_string(value),
                    &[RETAIN, DELETE],
                ));
            }
        }
    }
    let replicas = spec.replica_count_as_written();
    errors.extend(nonnegative(i64::from(replicas), &path.child("replicas")));
    errors.extend(nonnegative(
        i64::from(spec.min_ready_seconds),
        &path.child("minReadySeconds"),
    ));
    if let Some(ordinals) = &spec.ordinals {
        // Upstream names the child `ordinals.start` in one step; it prints the same.
        errors.extend(nonnegative(
            i64::from(ordinals.start),
            &path.child("ordinals.start"),
        ));
    }
    errors.extend(validate_selector(
        spec.selector.as_ref(),
        &path,
        "statefulset",
    ));
    let template_path = path.child("template");
    match &spec.selector {
        Some(selector) if !selector_converts(selector) => errors.push(FieldError::invalid(
            &path.child("selector"),
            selector_json(selector),
            "",
        )),
        Some(selector) => {
            errors.extend(validate_template_labels(
                selector,
                &spec.template,
                &template_path,
            ));
            errors.extend(validate_labels(
                &spec.template.metadata.labels,
                &template_path.child("labels"),
            ));
            errors.extend(validate_annotations(
                &spec.template.metadata.annotations,
                &template_path.child("annotations"),
            ));
        }
        None => {}
    }
    errors.extend(validate_restart_always(&spec.template, &template_path));
    errors
}

impl StatefulSetSpec {
    /// `spec.replicas` as written (unset reads as the default, 1).
    fn replica_count_as_written(&self) -> i32 {
        self.replicas.unwrap_or(1)
    }
}

/// What `ValidateStatefulSetUpdate` lets change (§17.8), in its message's words.
pub const STATEFUL_SET_SPEC_FORBIDDEN: &str = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/// `ValidateStatefulSetUpdate`: metadata, the new spec, then everything but the updatable
/// fields must be unchanged (`volumeClaimTemplates` above all).
pub(super) fn validate_stateful_set_update(new: &StatefulSet, old: &StatefulSet) -> ErrorList {
    let mut errors = validate_metadata_update(&new.metadata, &old.metadata);
    errors.extend(validate_stateful_set_spec(&new.spec));
    let mut clone = new.spec.clone();
    clone.replicas = old.spec.replicas;
    clone.template = old.spec.template.clone();
    clone.update_strategy = old.spec.update_strategy.clone();
    clone.min_ready_seconds = old.spec.min_ready_seconds;
    clone.ordinals = old.spec.ordinals.clone();
    clone.persistent_volume_claim_retention_policy =
        old.spec.persistent_volume_claim_retention_policy.clone();
    if clone != old.spec {
        errors.push(FieldError::forbidden(
            &FieldPath::new("spec"),
            STATEFUL_SET_SPEC_FORBIDDEN,
        ));
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// Deployment and ReplicaSet
// ---------------------------------------------------------------------------------------------

/// `ValidatePodTemplateSpecForReplicaSet`: labels against the selector, the pod template as a
/// pod spec, `restartPolicy: Always`.
fn validate_replica_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    template_path: &FieldPath,
) -> ErrorList {
    let mut errors = ErrorList::new();
    if let Some(selector) = selector.filter(|s| selector_converts(s)) {
        errors.extend(validate_template_labels(selector, template, template_path));
    }
    // `ValidatePodTemplateSpec`: template metadata labels and annotations, then the spec.
    errors.extend(validate_labels(
        &template.metadata.labels,
        &template_path.child("labels"),
    ));
    errors.extend(validate_annotations(
        &template.metadata.annotations,
        &template_path.child("annotations"),
    ));
    errors.extend(validate_pod_spec(
        &template.spec,
        &template_path.child("spec"),
    ));
    if template.spec.restart_policy.as_deref() != Some(ALWAYS) {
        errors.extend(validate_restart_always(template, template_path));
    }
    errors
}

/// `IsValidPercent` and `ValidatePositiveIntOrPercent`.
fn validate_int_or_percent(value: &IntOrString, path: &FieldPath) -> ErrorList {
    match value {
        IntOrString::Int(number) => nonnegative(*number, path).into_iter().collect(),
        IntOrString::String(text) => {
            let digits = text.strip_suffix('%').unwrap_or("");
            let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            if valid {
                Vec::new()
            } else {
                vec![FieldError::invalid(
                    path,
                    BadValue::json_string(text),
                    regex_error(
                        "a valid percent string must be a numeric string followed by an ending '%'",
                        "[0-9]+%",
                        &["1%", "93%"],
                    ),
                )]
            }
        }
    }
}

fn int_or_percent_value(value: Option<&IntOrString>) -> i64 {
    match value {
        Some(IntOrString::Int(number)) => *number,
        Some(IntOrString::String(text)) => text
            .strip_suffix('%')
            .and_then(|digits| digits.parse().ok())
            .unwrap_or(0),
        None => 0,
    }
}

fn int_or_percent_json(value: Option<&IntOrString>) -> BadValue {
    match value {
        Some(IntOrString::Int(number)) => BadValue::Int(*number),
        Some(IntOrString::String(text)) => BadValue::json_string(text),
        None => BadValue::Int(0),
    }
}

/// `ValidateDeploymentStrategy`.
fn validate_strategy(strategy: &DeploymentStrategy, path: &FieldPath) -> ErrorList {
    let mut errors = ErrorList::new();
    match strategy.type_.as_str() {
        RECREATE => {
            if strategy.rolling_update.is_some() {
                errors.push(FieldError::forbidden(
                    &path.child("rollingUpdate"),
                    format!("may not be specified when strategy `type` is '{RECREATE}'"),
                ));
            }
        }
        ROLLING_UPDATE => match &strategy.rolling_update {
            None => errors.push(FieldError::required(
                &path.child("rollingUpdate"),
                "this should be defaulted and never be nil",
            )),
            Some(rolling) => {
                let rolling_path = path.child("rollingUpdate");
                let unavailable_path = rolling_path.child("maxUnavailable");
                if let Some(value) = &rolling.max_unavailable {
                    errors.extend(validate_int_or_percent(value, &unavailable_path));
                }
                if let Some(value) = &rolling.max_surge {
                    errors.extend(validate_int_or_percent(
                        value,
                        &rolling_path.child("maxSurge"),
                    ));
                }
                let unavailable = rolling.max_unavailable.as_ref();
                if int_or_percent_value(unavailable) == 0
                    && int_or_percent_value(rolling.max_surge.as_ref()) == 0
                {
                    errors.push(FieldError::invalid(
                        &unavailable_path,
                        int_or_percent_json(unavailable),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
                if matches!(unavailable, Some(IntOrString::String(_)))
                    && int_or_percent_value(unavailable) > 100
                {
                    errors.push(FieldError::invalid(
                        &unavailable_path,
                        int_or_percent_json(unavailable),
                        "must not be greater than 100%",
                    ));
                }
            }
        },
        other => {
            let mut json = String::from("{\"type\":");
            push_go_json_string(&mut json, other);
            json.push('}');
            errors.push(FieldError::not_supported(
                path,
                BadValue::Json(json),
                &[RECREATE, ROLLING_UPDATE],
            ));
        }
    }
    errors
}

/// `ValidateDeployment` (create and, with the selector rule, update).
pub(super) fn validate_deployment(deployment: &Deployment) -> ErrorList {
    let mut errors = validate_metadata(&deployment.metadata, ObjectRules::DEPLOYMENT);
    errors.extend(validate_deployment_spec(&deployment.spec));
    errors
}

fn validate_deployment_spec(spec: &DeploymentSpec) -> ErrorList {
    let path = FieldPath::new("spec");
    let replicas = spec.replicas.unwrap_or(1);
    let mut errors: ErrorList = nonnegative(i64::from(replicas), &path.child("replicas"))
        .into_iter()
        .collect();
    errors.extend(validate_selector_and_template(
        spec.selector.as_ref(),
        &spec.template,
        &path,
    ));
    errors.extend(validate_strategy(&spec.strategy, &path.child("strategy")));
    errors.extend(nonnegative(
        i64::from(spec.min_ready_seconds),
        &path.child("minReadySeconds"),
    ));
    if let Some(limit) = spec.revision_history_limit {
        errors.extend(nonnegative(
            i64::from(limit),
            &path.child("revisionHistoryLimit"),
        ));
    }
    if let Some(deadline) = spec.progress_deadline_seconds {
        let deadline_path = path.child("progressDeadlineSeconds");
        errors.extend(nonnegative(i64::from(deadline), &deadline_path));
        if deadline <= spec.min_ready_seconds {
            errors.push(FieldError::invalid(
                &deadline_path,
                i64::from(deadline),
                "must be greater than minReadySeconds",
            ));
        }
    }
    errors
}

/// `spec.selector` cannot change through `apps/v1` (`ValidateImmutableField` in the
/// strategies).
fn immutable_selector(new: Option<&LabelSelector>, old: Option<&LabelSelector>) -> ErrorList {
    if new == old {
        return ErrorList::new();
    }
    let value = new.map_or_else(|| BadValue::Json("null".to_owned()), selector_json);
    vec![FieldError::invalid(
        &FieldPath::new("spec").child("selector"),
        value,
        super::FIELD_IMMUTABLE,
    )]
}

pub(super) fn validate_deployment_update(new: &Deployment, old: &Deployment) -> ErrorList {
    let mut errors = validate_metadata_update(&new.metadata, &old.metadata);
    errors.extend(validate_deployment_spec(&new.spec));
    errors.extend(immutable_selector(
        new.spec.selector.as_ref(),
        old.spec.selector.as_ref(),
    ));
    errors
}

/// `ValidateReplicaSet`.
pub(super) fn validate_replica_set(set: &ReplicaSet) -> ErrorList {
    let mut errors = validate_metadata(&set.metadata, ObjectRules::DEPLOYMENT);
    errors.extend(validate_replica_set_spec(&set.spec));
    errors
}

fn validate_replica_set_spec(spec: &ReplicaSetSpec) -> ErrorList {
    let path = FieldPath::new("spec");
    let replicas = spec.replicas.unwrap_or(1);
    let mut errors: ErrorList = nonnegative(i64::from(replicas), &path.child("replicas"))
        .into_iter()
        .collect();
    errors.extend(nonnegative(
        i64::from(spec.min_ready_seconds),
        &path.child("minReadySeconds"),
    ));
    errors.extend(validate_selector_and_template(
        spec.selector.as_ref(),
        &spec.template,
        &path,
    ));
    errors
}

/// The selector and the template of a Deployment or ReplicaSet (upstream's ReplicaSet check
/// reuses the Deployment's words for an empty selector).
fn validate_selector_and_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    spec_path: &FieldPath,
) -> ErrorList {
    let mut errors = validate_selector(selector, spec_path, "deployment");
    errors.extend(validate_replica_template(
        selector,
        template,
        &spec_path.child("template"),
    ));
    errors
}

pub(super) fn validate_replica_set_update(new: &ReplicaSet, old: &ReplicaSet) -> ErrorList {
    let mut errors = validate_metadata_update(&new.metadata, &old.metadata);
    errors.extend(validate_replica_set_spec(&new.spec));
    errors.extend(immutable_selector(
        new.spec.selector.as_ref(),
        old.spec.selector.as_ref(),
    ));
    errors
}
