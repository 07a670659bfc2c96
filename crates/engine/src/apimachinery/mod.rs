//! Kubernetes API validation primitives (field paths, field errors, name/label/annotation/selector rules, label-selector matching) with upstream's exact messages.
//!
//! Reference, read from upstream `k8s.io/apimachinery`:
//! - `pkg/util/validation/field/path.go` and `field/errors.go` → [`FieldPath`], [`FieldError`];
//! - `pkg/util/validation/validation.go` → [`is_dns1123_label`], [`is_dns1123_subdomain`],
//!   [`is_qualified_name`], [`is_valid_label_value`], [`max_len_error`], [`regex_error`];
//! - `pkg/apis/meta/v1/validation/validation.go` → [`validate_labels`],
//!   [`validate_label_selector`];
//! - `pkg/api/validation/objectmeta.go` and `generic.go` → [`validate_object_meta`],
//!   [`validate_annotations`], [`validate_namespace_name`];
//! - `pkg/labels/selector.go` and `pkg/apis/meta/v1/helpers.go` → [`selector_matches`].
//!
//! Upstream's wording drifts between releases. This module follows the
//! `pkg/util/validation` generation in which `MaxLenError` reads "must be no more than N
//! characters", the DNS messages say "a lowercase RFC 1123 …", a label that is a valid
//! subdomain gets "must not contain dots", and `IsQualifiedName` says "a qualified name …".
//! Upstream's newest `api/validate/content` package says "bytes" and "a valid label key"
//! instead; every such string lives in one constant or function below, so it is a
//! one-line change.
//!
//! Every character class is checked by hand over bytes. The accepted alphabets are pure
//! ASCII, so a byte of a multi-byte UTF-8 character (>= 0x80) simply fails the class,
//! which is also how upstream's regexes treat it. Strings are only ever split at ASCII
//! separators, so nothing here slices inside a character, and no input can cause a panic.

mod field;
mod metadata;
mod selector;
mod strings;
#[cfg(all(test, not(target_arch = "wasm32")))] // proptest and serde_json are host-only
mod tests;

pub use field::*;
pub use metadata::*;
pub use selector::*;
pub use strings::*;
