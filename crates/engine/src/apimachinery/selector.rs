//! Label selectors: validation with upstream's messages and matching with `labels.Selector` semantics.

use super::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

// ---------------------------------------------------------------------------
// Label selectors
// ---------------------------------------------------------------------------

/// One `matchExpressions` entry, decoupled from any object model. The operator stays a
/// string because invalid operators must be representable to be reported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// The operators a `metav1.LabelSelectorRequirement` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SelectorOperator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

impl SelectorOperator {
    /// Parses the API spelling; matching is case-sensitive, as upstream's is.
    pub fn parse(operator: &str) -> Option<Self> {
        match operator {
            "In" => Some(SelectorOperator::In),
            "NotIn" => Some(SelectorOperator::NotIn),
            "Exists" => Some(SelectorOperator::Exists),
            "DoesNotExist" => Some(SelectorOperator::DoesNotExist),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SelectorOperator::In => "In",
            SelectorOperator::NotIn => "NotIn",
            SelectorOperator::Exists => "Exists",
            SelectorOperator::DoesNotExist => "DoesNotExist",
        }
    }

    fn takes_values(self) -> bool {
        matches!(self, SelectorOperator::In | SelectorOperator::NotIn)
    }
}

/// Upstream `LabelSelectorValidationOptions`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LabelSelectorValidationOptions {
    /// Skips the label-value check of `matchExpressions` values; upstream sets it only
    /// when an update must keep invalid values that were already stored.
    pub allow_invalid_label_value_in_selector: bool,
}

/// Upstream `ValidateLabelSelector` for a present selector (a nil selector is valid and
/// has nothing to check): `matchLabels` as labels at `<path>.matchLabels`, then each
/// requirement at `<path>.matchExpressions[i]`.
pub fn validate_label_selector<I, K, V>(
    match_labels: I,
    match_expressions: &[LabelSelectorRequirement],
    options: LabelSelectorValidationOptions,
    path: &FieldPath,
) -> ErrorList
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut errors = validate_labels(match_labels, &path.child("matchLabels"));
    let expressions_path = path.child("matchExpressions");
    for (position, requirement) in match_expressions.iter().enumerate() {
        errors.extend(validate_label_selector_requirement(
            requirement,
            options,
            &expressions_path.index(position),
        ));
    }
    errors
}

/// Upstream `ValidateLabelSelectorRequirement`, in upstream's order: operator/values
/// shape, key, then each value.
pub fn validate_label_selector_requirement(
    requirement: &LabelSelectorRequirement,
    options: LabelSelectorValidationOptions,
    path: &FieldPath,
) -> ErrorList {
    let mut errors = Vec::new();
    let values_path = path.child("values");
    match SelectorOperator::parse(&requirement.operator) {
        Some(operator) if operator.takes_values() => {
            if requirement.values.is_empty() {
                errors.push(FieldError::required(
                    &values_path,
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        Some(_) => {
            if !requirement.values.is_empty() {
                errors.push(FieldError::forbidden(
                    &values_path,
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        None => errors.push(FieldError::invalid(
            &path.child("operator"),
            // metav1.LabelSelectorOperator is a named string type: printed as JSON.
            BadValue::json_string(&requirement.operator),
            "not a valid selector operator",
        )),
    }
    errors.extend(validate_label_name(&requirement.key, &path.child("key")));
    if !options.allow_invalid_label_value_in_selector {
        for (position, value) in requirement.values.iter().enumerate() {
            let value_path = values_path.index(position);
            errors.extend(
                is_valid_label_value(value)
                    .into_iter()
                    .map(|message| FieldError::invalid(&value_path, value, message)),
            );
        }
    }
    errors
}

/// Read access to an object's labels, so [`selector_matches`] works on whatever map type
/// the object model uses.
pub trait LabelSource {
    fn label_value(&self, key: &str) -> Option<&str>;
}

impl<S: BuildHasher> LabelSource for HashMap<String, String, S> {
    fn label_value(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

impl LabelSource for BTreeMap<String, String> {
    fn label_value(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> LabelSource for [(K, V)] {
    fn label_value(&self, key: &str) -> Option<&str> {
        self.iter()
            .find(|(candidate, _)| candidate.as_ref() == key)
            .map(|(_, value)| value.as_ref())
    }
}

impl<T: LabelSource + ?Sized> LabelSource for &T {
    fn label_value(&self, key: &str) -> Option<&str> {
        (**self).label_value(key)
    }
}

/// Whether `labels` satisfy a present label selector, with the semantics of upstream
/// `metav1.LabelSelectorAsSelector(selector).Matches(labels)`:
///
/// - a selector with no `matchLabels` and no `matchExpressions` matches everything;
/// - all terms are ANDed; `matchLabels` `k: v` requires key `k` present with value `v`;
/// - `In` requires the key present with one of the values;
/// - `NotIn` matches when the key is absent, or present with a value not listed;
/// - `Exists` / `DoesNotExist` test only the key's presence (an empty value is present);
/// - a selector upstream cannot convert (unknown or wrongly-cased operator, `In`/`NotIn`
///   without values, `Exists`/`DoesNotExist` with values, a key that is not a qualified
///   name, or a value that is not a label value, in `matchLabels` or an expression)
///   makes the conversion fail, and the PV controller then binds nothing for the claim,
///   so this returns `false` whatever the labels are.
///
/// A nil selector is the caller's decision: `LabelSelectorAsSelector(nil)` matches
/// nothing, but the PV controller skips the selector check entirely when a claim's
/// `spec.selector` is nil, i.e. a missing selector matches every volume there.
pub fn selector_matches<I, K, V, L>(
    match_labels: I,
    match_expressions: &[LabelSelectorRequirement],
    labels: &L,
) -> bool
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
    L: LabelSource + ?Sized,
{
    let match_labels: Vec<(K, V)> = match_labels.into_iter().collect();
    if match_labels.is_empty() && match_expressions.is_empty() {
        return true;
    }

    // Upstream converts the whole selector before matching anything, so a bad term
    // anywhere fails the selector even if an earlier term already excluded the labels.
    let equalities_convert = match_labels.iter().all(|(key, value)| {
        is_qualified_name(key.as_ref()).is_empty()
            && is_valid_label_value(value.as_ref()).is_empty()
    });
    if !equalities_convert {
        return false;
    }
    let mut operators = Vec::with_capacity(match_expressions.len());
    for requirement in match_expressions {
        match convertible_operator(requirement) {
            Some(operator) => operators.push(operator),
            None => return false,
        }
    }

    let equalities_hold = match_labels
        .iter()
        .all(|(key, value)| labels.label_value(key.as_ref()) == Some(value.as_ref()));
    equalities_hold
        && match_expressions
            .iter()
            .zip(operators)
            .all(|(requirement, operator)| requirement_matches(requirement, operator, labels))
}

/// The operator of a requirement upstream `labels.NewRequirement` accepts, or `None` when
/// it would return an error.
pub(super) fn convertible_operator(
    requirement: &LabelSelectorRequirement,
) -> Option<SelectorOperator> {
    let operator = SelectorOperator::parse(&requirement.operator)?;
    let value_count_ok = if operator.takes_values() {
        !requirement.values.is_empty()
    } else {
        requirement.values.is_empty()
    };
    let key_ok = is_qualified_name(&requirement.key).is_empty();
    let values_ok = requirement
        .values
        .iter()
        .all(|value| is_valid_label_value(value).is_empty());
    (value_count_ok && key_ok && values_ok).then_some(operator)
}

pub(super) fn requirement_matches<L: LabelSource + ?Sized>(
    requirement: &LabelSelectorRequirement,
    operator: SelectorOperator,
    labels: &L,
) -> bool {
    let present = labels.label_value(&requirement.key);
    let listed = |value: &str| requirement.values.iter().any(|listed| listed == value);
    match operator {
        SelectorOperator::In => present.is_some_and(listed),
        SelectorOperator::NotIn => !present.is_some_and(listed),
        SelectorOperator::Exists => present.is_some(),
        SelectorOperator::DoesNotExist => present.is_none(),
    }
}
