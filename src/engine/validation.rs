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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::hash::BuildHasher;

// ---------------------------------------------------------------------------
// Field paths
// ---------------------------------------------------------------------------

/// The path from an object's root to one field, rendered exactly like upstream
/// `field.Path.String()`: `spec.resources.requests.storage`, `spec.accessModes[0]`,
/// `metadata.labels[app]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldPath {
    rendered: String,
}

impl FieldPath {
    /// A root path such as `FieldPath::new("metadata")`.
    pub fn new(root: &str) -> Self {
        let mut rendered = String::with_capacity(root.len());
        push_named_segment(&mut rendered, root, true);
        Self { rendered }
    }

    /// The path of a named field below this one: `spec` → `spec.accessModes`.
    pub fn child(&self, name: &str) -> Self {
        let mut rendered = self.rendered.clone();
        push_named_segment(&mut rendered, name, false);
        Self { rendered }
    }

    /// The path of one list element: `spec.accessModes` → `spec.accessModes[0]`.
    pub fn index(&self, index: usize) -> Self {
        self.subscript(&index.to_string())
    }

    /// The path of one map entry: `metadata.labels` → `metadata.labels[app]`.
    /// Upstream prints the key verbatim (no quoting), and so does this.
    pub fn key(&self, key: &str) -> Self {
        self.subscript(key)
    }

    /// The rendered path, the `field` of a [`FieldError`].
    pub fn as_str(&self) -> &str {
        &self.rendered
    }

    fn subscript(&self, subscript: &str) -> Self {
        let mut rendered = String::with_capacity(self.rendered.len() + subscript.len() + 2);
        rendered.push_str(&self.rendered);
        rendered.push('[');
        rendered.push_str(subscript);
        rendered.push(']');
        Self { rendered }
    }
}

/// Upstream keeps names and subscripts in one struct and prints an element without a
/// name as a subscript, so an empty name renders as `[]` (and never gets a leading dot).
fn push_named_segment(rendered: &mut String, name: &str, is_root: bool) {
    if name.is_empty() {
        rendered.push_str("[]");
        return;
    }
    if !is_root {
        rendered.push('.');
    }
    rendered.push_str(name);
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

// ---------------------------------------------------------------------------
// Field errors
// ---------------------------------------------------------------------------

/// Why a field is invalid; upstream `field.ErrorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
}

impl ErrorKind {
    /// The machine-readable cause type an API `Status` carries, e.g. `FieldValueRequired`.
    pub fn cause_type(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "FieldValueNotFound",
            ErrorKind::Required => "FieldValueRequired",
            ErrorKind::Duplicate => "FieldValueDuplicate",
            ErrorKind::Invalid => "FieldValueInvalid",
            ErrorKind::NotSupported => "FieldValueNotSupported",
            ErrorKind::Forbidden => "FieldValueForbidden",
            ErrorKind::TooLong => "FieldValueTooLong",
            ErrorKind::TooMany => "FieldValueTooMany",
            ErrorKind::Internal => "InternalError",
        }
    }

    /// The human-readable phrase that opens an error body, e.g. `Required value`.
    pub fn phrase(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "Not found",
            ErrorKind::Required => "Required value",
            ErrorKind::Duplicate => "Duplicate value",
            ErrorKind::Invalid => "Invalid value",
            ErrorKind::NotSupported => "Unsupported value",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::TooLong => "Too long",
            ErrorKind::TooMany => "Too many",
            ErrorKind::Internal => "Internal error",
        }
    }

    /// Upstream's `ErrorBody` never prints the bad value of these kinds, whatever it holds.
    fn hides_bad_value(self) -> bool {
        matches!(
            self,
            ErrorKind::Required | ErrorKind::Forbidden | ErrorKind::TooLong | ErrorKind::Internal
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

/// The offending value of a [`FieldError`], kept with the Go type class that decides how
/// upstream prints it.
///
/// Upstream switches on the value's dynamic Go type: a plain `string` is printed with
/// `%q`, integers and bools bare, and everything else as its `json.Marshal` encoding.
/// A Go *named* string type (an enum such as `PersistentVolumeMode` or
/// `LabelSelectorOperator`) is not a plain `string` in that switch, so it is printed
/// as JSON: use [`BadValue::json_string`] for those. Both give `"Blok"` for ordinary
/// text and differ only in how they escape unusual characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BadValue {
    /// A Go `string`, printed with `%q`.
    Str(String),
    /// A Go integer, printed bare.
    Int(i64),
    /// A Go bool, printed bare.
    Bool(bool),
    /// Any other value, already encoded as the JSON upstream would print.
    Json(String),
}

impl BadValue {
    /// A value of a Go named string type, which upstream prints through `json.Marshal`.
    pub fn json_string(value: &str) -> Self {
        let mut json = String::with_capacity(value.len() + 2);
        push_go_json_string(&mut json, value);
        BadValue::Json(json)
    }

    /// A Go `[]string`, printed as a JSON array: `["a","b"]`, or `[]` when empty
    /// (a Go nil slice would print `null`; build that with `BadValue::Json`).
    pub fn string_list<S: AsRef<str>>(items: &[S]) -> Self {
        let mut json = String::from("[");
        for (position, item) in items.iter().enumerate() {
            if position > 0 {
                json.push(',');
            }
            push_go_json_string(&mut json, item.as_ref());
        }
        json.push(']');
        BadValue::Json(json)
    }

    fn write_to(&self, out: &mut String) {
        match self {
            BadValue::Str(text) => push_go_quoted(out, text),
            BadValue::Int(number) => {
                let _ = write!(out, "{number}");
            }
            BadValue::Bool(flag) => {
                let _ = write!(out, "{flag}");
            }
            BadValue::Json(json) => out.push_str(json),
        }
    }
}

impl From<&str> for BadValue {
    fn from(value: &str) -> Self {
        BadValue::Str(value.to_owned())
    }
}

impl From<String> for BadValue {
    fn from(value: String) -> Self {
        BadValue::Str(value)
    }
}

impl From<&String> for BadValue {
    fn from(value: &String) -> Self {
        BadValue::Str(value.clone())
    }
}

impl From<i64> for BadValue {
    fn from(value: i64) -> Self {
        BadValue::Int(value)
    }
}

impl From<i32> for BadValue {
    fn from(value: i32) -> Self {
        BadValue::Int(i64::from(value))
    }
}

impl From<u32> for BadValue {
    fn from(value: u32) -> Self {
        BadValue::Int(i64::from(value))
    }
}

impl From<usize> for BadValue {
    fn from(value: usize) -> Self {
        // A count never reaches i64::MAX; saturate rather than panic if it somehow did.
        BadValue::Int(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<bool> for BadValue {
    fn from(value: bool) -> Self {
        BadValue::Bool(value)
    }
}

/// One field-level validation failure; upstream `field.Error`. `Display` matches
/// upstream `Error()` exactly: `<field>: <body>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldError {
    pub kind: ErrorKind,
    /// The rendered [`FieldPath`].
    pub field: String,
    /// `None` is upstream's omitted value: the body then shows only the kind's phrase.
    pub bad_value: Option<BadValue>,
    pub detail: String,
}

impl FieldError {
    fn new(
        kind: ErrorKind,
        path: &FieldPath,
        bad_value: Option<BadValue>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            field: path.as_str().to_owned(),
            bad_value,
            detail: detail.into(),
        }
    }

    /// Upstream `field.Required`: a value that must be given was not.
    pub fn required(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Required, path, None, detail)
    }

    /// Upstream `field.Invalid`: a malformed value.
    pub fn invalid(
        path: &FieldPath,
        value: impl Into<BadValue>,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::Invalid, path, Some(value.into()), detail)
    }

    /// Upstream `field.NotSupported`: a value outside an enumeration. The detail lists the
    /// supported values, each `%q`-quoted, in the order given (upstream callers usually
    /// pass a sorted set).
    pub fn not_supported<S: AsRef<str>>(
        path: &FieldPath,
        value: impl Into<BadValue>,
        supported: &[S],
    ) -> Self {
        let mut detail = String::new();
        if !supported.is_empty() {
            detail.push_str("supported values: ");
            for (position, item) in supported.iter().enumerate() {
                if position > 0 {
                    detail.push_str(", ");
                }
                push_go_quoted(&mut detail, item.as_ref());
            }
        }
        Self::new(ErrorKind::NotSupported, path, Some(value.into()), detail)
    }

    /// Upstream `field.Duplicate`: a value that must be unique is repeated.
    pub fn duplicate(path: &FieldPath, value: impl Into<BadValue>) -> Self {
        Self::new(ErrorKind::Duplicate, path, Some(value.into()), "")
    }

    /// Upstream `field.NotFound`: a referenced value does not exist.
    pub fn not_found(path: &FieldPath, value: impl Into<BadValue>) -> Self {
        Self::new(ErrorKind::NotFound, path, Some(value.into()), "")
    }

    /// Upstream `field.Forbidden`: a well-formed value not allowed here.
    pub fn forbidden(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, path, None, detail)
    }

    /// Upstream `field.TooLong`: `may not be more than N bytes` (`byte` for 1), or
    /// `value is too long` when the limit is unknown. The value itself is never shown.
    pub fn too_long(path: &FieldPath, max_bytes: Option<usize>) -> Self {
        let detail = match max_bytes {
            Some(limit) => format!(
                "may not be more than {limit} {}",
                if limit == 1 { "byte" } else { "bytes" }
            ),
            None => "value is too long".to_owned(),
        };
        Self::new(ErrorKind::TooLong, path, None, detail)
    }

    /// Upstream `field.TooMany`: a list longer than allowed. The actual count is shown
    /// when known; the detail is `must have at most N items` (`item` for 1), or
    /// `has too many items` when the limit is unknown.
    pub fn too_many(path: &FieldPath, actual: Option<usize>, max_items: Option<usize>) -> Self {
        let detail = match max_items {
            Some(limit) => format!(
                "must have at most {limit} {}",
                if limit == 1 { "item" } else { "items" }
            ),
            None => "has too many items".to_owned(),
        };
        Self::new(ErrorKind::TooMany, path, actual.map(BadValue::from), detail)
    }

    /// Upstream `field.InternalError`: a failure not caused by the user's input.
    pub fn internal(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, path, None, detail)
    }

    /// The message without the field, upstream `ErrorBody()`; it is what an API
    /// `Status` cause carries as its message.
    pub fn body(&self) -> String {
        let mut body = String::from(self.kind.phrase());
        let shown_value = self
            .bad_value
            .as_ref()
            .filter(|_| !self.kind.hides_bad_value());
        if let Some(value) = shown_value {
            body.push_str(": ");
            value.write_to(&mut body);
        }
        if !self.detail.is_empty() {
            body.push_str(": ");
            body.push_str(&self.detail);
        }
        body
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

impl std::error::Error for FieldError {}

/// Upstream `field.ErrorList`.
pub type ErrorList = Vec<FieldError>;

/// Upstream `ErrorList.ToAggregate().Error()`: a lone message as is, several with
/// duplicates dropped (first occurrence wins), joined by `, ` inside `[` `]`.
/// `None` for an empty list, where upstream's aggregate is nil.
pub fn aggregate_message(errors: &[FieldError]) -> Option<String> {
    let mut seen = BTreeSet::new();
    let mut messages = Vec::new();
    for error in errors {
        let message = error.to_string();
        if seen.insert(message.clone()) {
            messages.push(message);
        }
    }
    match messages.len() {
        0 => None,
        1 => messages.pop(),
        _ => Some(format!("[{}]", messages.join(", "))),
    }
}

/// The message of upstream `apierrors.NewInvalid`, what `kubectl` prints when the API
/// server rejects an object: `PersistentVolumeClaim "data" is invalid: <aggregate>`.
/// `group` is empty for the core API group; otherwise the kind is qualified as upstream
/// `GroupKind.String()` does (`StorageClass.storage.k8s.io`).
pub fn invalid_object_message(
    kind: &str,
    group: &str,
    name: &str,
    errors: &[FieldError],
) -> String {
    let mut message = String::from(kind);
    if !group.is_empty() {
        message.push('.');
        message.push_str(group);
    }
    message.push(' ');
    push_go_quoted(&mut message, name);
    message.push_str(" is invalid");
    if let Some(aggregate) = aggregate_message(errors) {
        message.push_str(": ");
        message.push_str(&aggregate);
    }
    message
}

/// Go's `strconv.Quote`, which is what `%q` prints for a string: double quotes, `\"` and
/// `\\`, C-style escapes for `\a \b \f \n \r \t \v`, `\xNN` for other ASCII controls, and
/// `\uNNNN` / `\UNNNNNNNN` for non-printable non-ASCII characters; printable Unicode is
/// kept as is.
pub fn quote_go_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    push_go_quoted(&mut quoted, value);
    quoted
}

fn push_go_quoted(out: &mut String, value: &str) {
    out.push('"');
    for character in value.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            printable if is_go_printable(printable) => out.push(printable),
            control if (control as u32) < 0x20 || control == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", control as u32);
            }
            other if (other as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", other as u32);
            }
            other => {
                let _ = write!(out, "\\U{:08x}", other as u32);
            }
        }
    }
    out.push('"');
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
/// space. Without Unicode category tables this rejects what can be recognised without
/// them (controls, every space but U+0020, format characters, private use,
/// noncharacters) and accepts the rest, so a code point unassigned in Go's Unicode
/// version is printed verbatim where Go would escape it.
fn is_go_printable(character: char) -> bool {
    let code = character as u32;
    if code < 0x80 {
        return (0x20..0x7f).contains(&code);
    }
    if character.is_control() || character.is_whitespace() {
        return false;
    }
    !(is_format_character(code) || is_private_use(code) || is_noncharacter(code))
}

/// Unicode general category Cf (format characters).
fn is_format_character(code: u32) -> bool {
    matches!(
        code,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

fn is_private_use(code: u32) -> bool {
    matches!(code, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn is_noncharacter(code: u32) -> bool {
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// A JSON string as Go's `encoding/json` writes it: HTML-sensitive `<`, `>`, `&` and the
/// JavaScript line separators U+2028/U+2029 are `\u`-escaped, other non-ASCII is kept.
fn push_go_json_string(out: &mut String, value: &str) {
    out.push('"');
    for character in value.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", character as u32);
            }
            control if (control as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", control as u32);
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// String validators (upstream pkg/util/validation)
// ---------------------------------------------------------------------------

/// Maximum length of an RFC 1123 label (namespace names).
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// Maximum length of an RFC 1123 subdomain (most object names).
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// Maximum length of the name part of a qualified name (label and annotation keys).
pub const QUALIFIED_NAME_MAX_LENGTH: usize = 63;
/// Maximum length of a label value.
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;
/// Upstream `TotalAnnotationSizeLimitB`: all annotation keys and values together.
pub const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES: usize = 256 * 1024;

const DNS1123_LABEL_FORMAT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERROR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FORMAT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERROR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FORMAT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERROR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_EXAMPLES: &[&str] = &["MyName", "my.name", "123-abc"];
const LABEL_VALUE_FORMAT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERROR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/// Upstream `EmptyError()`.
pub const EMPTY_ERROR: &str = "must be non-empty";

/// Upstream `MaxLenError`: `must be no more than 63 characters`. Upstream counts bytes
/// (`len()` of a Go string), and so does every caller here.
pub fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// Upstream `RegexError`: the explanation, examples and the regex the value must match.
/// Faithful to upstream down to its double space before `or`:
/// `… (e.g. 'my-name',  or '123-abc', regex used for validation is '…')`.
pub fn regex_error(message: &str, regex: &str, examples: &[&str]) -> String {
    let mut explanation = String::from(message);
    if examples.is_empty() {
        explanation.push_str(" (regex used for validation is '");
    } else {
        explanation.push_str(" (e.g. ");
        for (position, example) in examples.iter().enumerate() {
            if position > 0 {
                explanation.push_str(" or ");
            }
            explanation.push('\'');
            explanation.push_str(example);
            explanation.push_str("', ");
        }
        explanation.push_str("regex used for validation is '");
    }
    explanation.push_str(regex);
    explanation.push_str("')");
    explanation
}

fn is_lowercase_alphanumeric(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit()
}

/// True when `value` is non-empty, starts and ends with a byte of `edge`, and every byte
/// is in `edge` or `inner`: the shape of `edge([inner]*edge)?`, which is how all of
/// upstream's name regexes are built.
fn has_shape(value: &str, edge: fn(u8) -> bool, inner: fn(u8) -> bool) -> bool {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => {
            edge(first) && edge(last) && bytes.iter().all(|&byte| edge(byte) || inner(byte))
        }
        _ => false,
    }
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
fn matches_dns1123_label(value: &str) -> bool {
    has_shape(value, is_lowercase_alphanumeric, |byte| byte == b'-')
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`: dot-separated
/// labels, none empty. The regex has no per-label length limit, so neither has this.
fn matches_dns1123_subdomain(value: &str) -> bool {
    value.split('.').all(matches_dns1123_label)
}

/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
fn matches_qualified_name_part(value: &str) -> bool {
    has_shape(
        value,
        |byte| byte.is_ascii_alphanumeric(),
        |byte| matches!(byte, b'-' | b'_' | b'.'),
    )
}

/// Upstream `IsDNS1123Label`: namespace names. Empty result means valid.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        errors.push(max_len_error(DNS1123_LABEL_MAX_LENGTH));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            // A valid subdomain that is not a valid label can only be failing on dots;
            // upstream says so instead of quoting the regex.
            errors.push("must not contain dots".to_owned());
        } else {
            errors.push(regex_error(
                DNS1123_LABEL_ERROR,
                DNS1123_LABEL_FORMAT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errors
}

/// Upstream `IsDNS1123Subdomain`: PV, PVC, StorageClass, Pod and Node names, and the
/// prefix of qualified names. Empty result means valid.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errors.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !matches_dns1123_subdomain(value) {
        errors.push(regex_error(
            DNS1123_SUBDOMAIN_ERROR,
            DNS1123_SUBDOMAIN_FORMAT,
            &["example.com"],
        ));
    }
    errors
}

/// Upstream `IsQualifiedName`: label keys, annotation keys (after lowercasing), selector
/// keys. An optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
/// Empty result means valid.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let mut parts = value.split('/');
    // `split` always yields at least one part, so the fallback is never used.
    let first = parts.next().unwrap_or_default();
    let name = match (parts.next(), parts.next()) {
        (None, _) => first,
        (Some(name), None) => {
            let prefix = first;
            if prefix.is_empty() {
                errors.push(format!("prefix part {EMPTY_ERROR}"));
            } else {
                errors.extend(
                    is_dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|message| format!("prefix part {message}")),
                );
            }
            name
        }
        (Some(_), Some(_)) => {
            return vec![format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(
                    QUALIFIED_NAME_ERROR,
                    QUALIFIED_NAME_FORMAT,
                    QUALIFIED_NAME_EXAMPLES
                )
            )];
        }
    };

    if name.is_empty() {
        errors.push(format!("name part {EMPTY_ERROR}"));
    } else if name.len() > QUALIFIED_NAME_MAX_LENGTH {
        errors.push(format!(
            "name part {}",
            max_len_error(QUALIFIED_NAME_MAX_LENGTH)
        ));
    }
    if !matches_qualified_name_part(name) {
        errors.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_ERROR,
                QUALIFIED_NAME_FORMAT,
                QUALIFIED_NAME_EXAMPLES
            )
        ));
    }
    errors
}

/// Upstream `IsValidLabelValue`: empty is allowed. Empty result means valid.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > LABEL_VALUE_MAX_LENGTH {
        errors.push(max_len_error(LABEL_VALUE_MAX_LENGTH));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errors.push(regex_error(
            LABEL_VALUE_ERROR,
            LABEL_VALUE_FORMAT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errors
}

// ---------------------------------------------------------------------------
// Object metadata (upstream pkg/api/validation, pkg/apis/meta/v1/validation)
// ---------------------------------------------------------------------------

/// Which format an object kind's `metadata.name` must have; upstream's `ValidateNameFunc`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameRule {
    /// `NameIsDNSSubdomain`.
    Dns1123Subdomain,
    /// `NameIsDNSLabel`.
    Dns1123Label,
}

impl NameRule {
    /// The messages upstream's name function returns for a full (not generateName) name.
    pub fn check(self, name: &str) -> Vec<String> {
        match self {
            NameRule::Dns1123Subdomain => is_dns1123_subdomain(name),
            NameRule::Dns1123Label => is_dns1123_label(name),
        }
    }
}

/// The metadata rules of one object kind, as upstream's `Validate<Kind>` passes them to
/// `ValidateObjectMeta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ObjectRules {
    /// Namespaced kinds require `metadata.namespace`; cluster-scoped kinds forbid it.
    pub namespaced: bool,
    pub name_rule: NameRule,
}

impl ObjectRules {
    /// `ValidatePersistentVolumeName` = `NameIsDNSSubdomain`, cluster-scoped.
    pub const PERSISTENT_VOLUME: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// Upstream validates PVC names with `ValidatePersistentVolumeName` too.
    pub const PERSISTENT_VOLUME_CLAIM: Self = Self {
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidateClassName` = `NameIsDNSSubdomain`, cluster-scoped.
    pub const STORAGE_CLASS: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidatePodName` = `NameIsDNSSubdomain`.
    pub const POD: Self = Self {
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidateNodeName` = `NameIsDNSSubdomain`, cluster-scoped.
    pub const NODE: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
    };
    /// `ValidateNamespaceName` = `NameIsDNSLabel`, cluster-scoped.
    pub const NAMESPACE: Self = Self {
        namespaced: false,
        name_rule: NameRule::Dns1123Label,
    };
}

/// Upstream `ValidateNamespaceName(name, false)`: an RFC 1123 label. Empty result means
/// valid.
pub fn validate_namespace_name(namespace: &str) -> Vec<String> {
    is_dns1123_label(namespace)
}

/// `metadata.name` as upstream `ValidateObjectMetaAccessor` checks it (generateName is
/// expected to have been resolved already).
pub fn validate_object_name(name: &str, rule: NameRule, path: &FieldPath) -> ErrorList {
    if name.is_empty() {
        return vec![FieldError::required(
            path,
            "name or generateName is required",
        )];
    }
    rule.check(name)
        .into_iter()
        .map(|message| FieldError::invalid(path, name, message))
        .collect()
}

/// `metadata.namespace`: required (and an RFC 1123 label) on namespaced kinds, forbidden
/// on cluster-scoped ones.
pub fn validate_object_namespace(namespace: &str, namespaced: bool, path: &FieldPath) -> ErrorList {
    if !namespaced {
        if namespace.is_empty() {
            return Vec::new();
        }
        return vec![FieldError::forbidden(path, "not allowed on this type")];
    }
    if namespace.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    validate_namespace_name(namespace)
        .into_iter()
        .map(|message| FieldError::invalid(path, namespace, message))
        .collect()
}

/// The metadata checks of upstream `ValidateObjectMeta`, in upstream's order: name,
/// namespace, labels, annotations. `path` is normally `FieldPath::new("metadata")`.
pub fn validate_object_meta<L, LK, LV, A, AK, AV>(
    path: &FieldPath,
    name: &str,
    namespace: &str,
    labels: L,
    annotations: A,
    rules: ObjectRules,
) -> ErrorList
where
    L: IntoIterator<Item = (LK, LV)>,
    LK: AsRef<str>,
    LV: AsRef<str>,
    A: IntoIterator<Item = (AK, AV)>,
    AK: AsRef<str>,
    AV: AsRef<str>,
{
    let mut errors = validate_object_name(name, rules.name_rule, &path.child("name"));
    errors.extend(validate_object_namespace(
        namespace,
        rules.namespaced,
        &path.child("namespace"),
    ));
    errors.extend(validate_labels(labels, &path.child("labels")));
    errors.extend(validate_annotations(
        annotations,
        &path.child("annotations"),
    ));
    errors
}

/// Upstream `ValidateLabelName`: one label key, reported at `path` itself.
pub fn validate_label_name(key: &str, path: &FieldPath) -> ErrorList {
    is_qualified_name(key)
        .into_iter()
        .map(|message| FieldError::invalid(path, key, message))
        .collect()
}

/// Upstream `ValidateLabels`. Errors are reported at the map's path (upstream does not
/// append `[key]`); for each entry the key's errors come before the value's. Upstream
/// walks a Go map in random order; entries are sorted by key here so the output is
/// deterministic.
pub fn validate_labels<I, K, V>(labels: I, path: &FieldPath) -> ErrorList
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut errors = Vec::new();
    for (key, value) in sorted_by_key(labels) {
        errors.extend(validate_label_name(key.as_ref(), path));
        let value = value.as_ref();
        errors.extend(
            is_valid_label_value(value)
                .into_iter()
                .map(|message| FieldError::invalid(path, value, message)),
        );
    }
    errors
}

/// Upstream `ValidateAnnotations`: every key must be a qualified name once lowercased
/// (annotation keys are case-insensitive; the error still shows the key as written), and
/// all keys and values together may not exceed [`TOTAL_ANNOTATION_SIZE_LIMIT_BYTES`].
/// Values are otherwise free-form. Keys are checked in sorted order for determinism.
pub fn validate_annotations<I, K, V>(annotations: I, path: &FieldPath) -> ErrorList
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut errors = Vec::new();
    let mut total_size: usize = 0;
    for (key, value) in sorted_by_key(annotations) {
        let key = key.as_ref();
        // Saturating: the sum only needs to be compared with the limit.
        total_size = total_size
            .saturating_add(key.len())
            .saturating_add(value.as_ref().len());
        errors.extend(
            is_qualified_name(&go_to_lower(key))
                .into_iter()
                .map(|message| FieldError::invalid(path, key, message)),
        );
    }
    if total_size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES {
        errors.push(FieldError::too_long(
            path,
            Some(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES),
        ));
    }
    errors
}

fn sorted_by_key<I, K, V>(pairs: I) -> Vec<(K, V)>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
{
    let mut pairs: Vec<(K, V)> = pairs.into_iter().collect();
    pairs.sort_by(|left, right| left.0.as_ref().cmp(right.0.as_ref()));
    pairs
}

/// Go's `strings.ToLower`, which maps each character with Unicode's simple lowercase
/// mapping. Rust's `to_lowercase` uses the full mapping, which differs only for U+0130
/// (`İ`): Go gives `i`, Rust `i̇`. It matters because a non-ASCII key character that
/// lowercases to ASCII (U+0130 → `i`, KELVIN SIGN U+212A → `k`) passes upstream's check.
fn go_to_lower(value: &str) -> Cow<'_, str> {
    if value.is_ascii() {
        if value.bytes().any(|byte| byte.is_ascii_uppercase()) {
            return Cow::Owned(value.to_ascii_lowercase());
        }
        return Cow::Borrowed(value);
    }
    let mut lowered = String::with_capacity(value.len());
    for character in value.chars() {
        if character == '\u{130}' {
            lowered.push('i');
        } else {
            lowered.extend(character.to_lowercase());
        }
    }
    Cow::Owned(lowered)
}

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
fn convertible_operator(requirement: &LabelSelectorRequirement) -> Option<SelectorOperator> {
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

fn requirement_matches<L: LabelSource + ?Sized>(
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

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest and serde_json are host-only
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn metadata() -> FieldPath {
        FieldPath::new("metadata")
    }

    fn messages(errors: &[FieldError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    fn requirement(key: &str, operator: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.to_owned(),
            operator: operator.to_owned(),
            values: values.iter().map(|value| (*value).to_owned()).collect(),
        }
    }

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    const NO_LABELS: [(&str, &str); 0] = [];

    // --- field paths --------------------------------------------------------

    #[test]
    fn paths_render_like_upstream() {
        let spec = FieldPath::new("spec");
        assert_eq!(
            spec.child("resources")
                .child("requests")
                .child("storage")
                .as_str(),
            "spec.resources.requests.storage"
        );
        assert_eq!(
            spec.child("accessModes").index(0).as_str(),
            "spec.accessModes[0]"
        );
        assert_eq!(
            metadata().child("labels").key("app").as_str(),
            "metadata.labels[app]"
        );
        assert_eq!(
            spec.child("selector")
                .child("matchExpressions")
                .index(3)
                .child("values")
                .index(1)
                .to_string(),
            "spec.selector.matchExpressions[3].values[1]"
        );
        // Upstream prints a nameless element as an empty subscript, without a dot.
        assert_eq!(FieldPath::new("").as_str(), "[]");
        assert_eq!(spec.child("").as_str(), "spec[]");
        assert_eq!(spec.key("a.b/c").as_str(), "spec[a.b/c]");
    }

    // --- field errors -------------------------------------------------------

    #[test]
    fn errors_render_like_upstream() {
        let name = metadata().child("name");
        let invalid = validate_object_name("Foo_bar", NameRule::Dns1123Subdomain, &name);
        assert_eq!(
            messages(&invalid),
            [concat!(
                r#"metadata.name: Invalid value: "Foo_bar": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "#,
                r"(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            )]
        );

        let spec = FieldPath::new("spec");
        assert_eq!(
            FieldError::required(&spec.child("accessModes"), "").to_string(),
            "spec.accessModes: Required value"
        );
        assert_eq!(
            FieldError::required(
                &spec.child("accessModes"),
                "at least 1 access mode is required"
            )
            .to_string(),
            "spec.accessModes: Required value: at least 1 access mode is required"
        );
        assert_eq!(
            FieldError::not_supported(
                &spec.child("volumeMode"),
                BadValue::json_string("Blok"),
                &["Block", "Filesystem"]
            )
            .to_string(),
            r#"spec.volumeMode: Unsupported value: "Blok": supported values: "Block", "Filesystem""#
        );
        assert_eq!(
            FieldError::not_supported(&spec.child("x"), "y", &[] as &[&str]).to_string(),
            r#"spec.x: Unsupported value: "y""#
        );
        assert_eq!(
            FieldError::forbidden(&spec.child("x"), "not allowed").to_string(),
            "spec.x: Forbidden: not allowed"
        );
        assert_eq!(
            FieldError::duplicate(&spec.child("accessModes").index(1), "ReadWriteOnce").to_string(),
            r#"spec.accessModes[1]: Duplicate value: "ReadWriteOnce""#
        );
        assert_eq!(
            FieldError::not_found(&spec.child("volumeName"), "pv-1").to_string(),
            r#"spec.volumeName: Not found: "pv-1""#
        );
        assert_eq!(
            FieldError::too_long(&metadata().child("annotations"), Some(262_144)).to_string(),
            "metadata.annotations: Too long: may not be more than 262144 bytes"
        );
        assert_eq!(
            FieldError::too_long(&spec.child("x"), Some(1)).body(),
            "Too long: may not be more than 1 byte"
        );
        assert_eq!(
            FieldError::too_long(&spec.child("x"), None).body(),
            "Too long: value is too long"
        );
        assert_eq!(
            FieldError::too_many(&spec.child("x"), Some(5), Some(3)).to_string(),
            "spec.x: Too many: 5: must have at most 3 items"
        );
        assert_eq!(
            FieldError::too_many(&spec.child("x"), None, Some(1)).body(),
            "Too many: must have at most 1 item"
        );
        assert_eq!(
            FieldError::too_many(&spec.child("x"), Some(2), None).body(),
            "Too many: 2: has too many items"
        );
        assert_eq!(
            FieldError::internal(&spec, "boom").to_string(),
            "spec: Internal error: boom"
        );
        assert_eq!(
            FieldError::invalid(
                &spec.child("replicas"),
                -1_i64,
                "must be greater than or equal to 0"
            )
            .to_string(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            FieldError::invalid(&spec.child("flag"), true, "nope").body(),
            "Invalid value: true: nope"
        );
        assert_eq!(
            FieldError::invalid(
                &spec.child("modes"),
                BadValue::string_list(&["a", "b"]),
                "bad"
            )
            .body(),
            r#"Invalid value: ["a","b"]: bad"#
        );
        assert_eq!(ErrorKind::Required.cause_type(), "FieldValueRequired");
        assert_eq!(ErrorKind::NotSupported.to_string(), "Unsupported value");
    }

    #[test]
    fn bad_values_are_quoted_like_go() {
        assert_eq!(quote_go_string("plain"), r#""plain""#);
        assert_eq!(
            quote_go_string("a\"b\\c\n\t\r\u{7}\u{8}\u{c}\u{b}"),
            r#""a\"b\\c\n\t\r\a\b\f\v""#
        );
        assert_eq!(quote_go_string("\u{1}\u{1f}\u{7f}"), r#""\x01\x1f\x7f""#);
        assert_eq!(quote_go_string("é€😀 ok"), "\"é€😀 ok\"");
        assert_eq!(
            quote_go_string("\u{a0}\u{200b}\u{feff}\u{2028}\u{85}\u{e000}\u{10fffd}"),
            r#""\u00a0\u200b\ufeff\u2028\u0085\ue000\U0010fffd""#
        );
        // Go's JSON encoding, used for named string types, escapes differently from %q.
        let json = BadValue::json_string("<a&b>\u{1}\"\\\n\u{2028}é");
        assert_eq!(
            json,
            BadValue::Json(r#""\u003ca\u0026b\u003e\u0001\"\\\n\u2028é""#.to_owned())
        );
        assert_eq!(
            BadValue::string_list::<&str>(&[]),
            BadValue::Json("[]".to_owned())
        );
    }

    #[test]
    fn aggregates_like_upstream() {
        let spec = FieldPath::new("spec");
        let first = FieldError::required(&spec.child("a"), "");
        let second = FieldError::forbidden(&spec.child("b"), "no");
        assert_eq!(aggregate_message(&[]), None);
        assert_eq!(
            aggregate_message(std::slice::from_ref(&first)).as_deref(),
            Some("spec.a: Required value")
        );
        assert_eq!(
            aggregate_message(&[first.clone(), second.clone(), first.clone()]).as_deref(),
            Some("[spec.a: Required value, spec.b: Forbidden: no]")
        );
        // Duplicates collapse to a single, unbracketed message.
        assert_eq!(
            aggregate_message(&[first.clone(), first.clone()]).as_deref(),
            Some("spec.a: Required value")
        );
        assert_eq!(
            invalid_object_message("PersistentVolumeClaim", "", "data", &[first]),
            r#"PersistentVolumeClaim "data" is invalid: spec.a: Required value"#
        );
        assert_eq!(
            invalid_object_message("StorageClass", "storage.k8s.io", "fast", &[second]),
            r#"StorageClass.storage.k8s.io "fast" is invalid: spec.b: Forbidden: no"#
        );
        assert_eq!(
            invalid_object_message("Pod", "", "p", &[]),
            r#"Pod "p" is invalid"#
        );
    }

    // --- string validators: upstream validation_test.go tables --------------
    // Copied from upstream's tables; the over-long cases are added in each test.

    #[rustfmt::skip]
    const DNS1123_LABEL_GOOD: &[&str] = &[
        "a", "ab", "abc", "a1", "a-1", "a--1--2--b",
        "0", "01", "012", "1a", "1-a", "1--a--b--2",
    ];

    #[rustfmt::skip]
    const DNS1123_LABEL_BAD: &[&str] = &[
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A",
        "-", "a-", "-a", "1-", "-1",
        "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
        ".", "a.", ".a", "a.b", "1.", ".1", "1.2",
        " ", "a ", " a", "a b", "1 ", " 1", "1 2",
    ];

    #[rustfmt::skip]
    const DNS1123_SUBDOMAIN_GOOD: &[&str] = &[
        "a", "ab", "abc", "a1", "a-1", "a--1--2--b",
        "0", "01", "012", "1a", "1-a", "1--a--b--2",
        "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a",
        "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1",
        "0.a", "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2",
        "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1",
        "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55",
    ];

    #[rustfmt::skip]
    const DNS1123_SUBDOMAIN_BAD: &[&str] = &[
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A",
        "-", "a-", "-a", "1-", "-1",
        "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
        ".", "a.", ".a", "a..b", "1.", ".1", "1..2",
        " ", "a ", " a", "a b", "1 ", " 1", "1 2",
        "A.a", "aB.a", "ab.A", "A1.a", "a1.A",
        "A.1", "aB.1", "A1.1", "1A.1",
        "0.A", "01.A", "012.A", "1A.a", "1a.A",
        "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee",
        "a@b", "a,b", "a_b", "a;b",
        "a:b", "a%b", "a?b", "a$b",
    ];

    #[rustfmt::skip]
    const QUALIFIED_NAME_GOOD: &[&str] = &[
        "simple", "now-with-dashes", "1-starts-with-num", "1234",
        "simple/simple", "now-with-dashes/simple", "now-with-dashes/now-with-dashes",
        "now.with.dots/simple", "now-with.dashes-and.dots/simple", "1-num.2-num/3-num",
        "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123",
        "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
    ];

    #[rustfmt::skip]
    const QUALIFIED_NAME_BAD: &[&str] = &[
        "nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-",
        "only/one/slash", "Example.com/abc", "example_com/abc", "example.com/", "/simple",
    ];

    #[rustfmt::skip]
    const LABEL_VALUE_GOOD: &[&str] = &[
        "simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "",
    ];

    #[rustfmt::skip]
    const LABEL_VALUE_BAD: &[&str] = &[
        "nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad",
        "-starts-with-dash", "ends-with-dash-", ".starts.with.dot", "ends.with.dot.",
    ];

    fn assert_table(
        validator: fn(&str) -> Vec<String>,
        good: &[&str],
        extra_good: &[String],
        bad: &[&str],
        extra_bad: &[String],
    ) {
        let good = good
            .iter()
            .copied()
            .chain(extra_good.iter().map(String::as_str));
        for value in good {
            assert_eq!(validator(value), Vec::<String>::new(), "{value:?}");
        }
        let bad = bad
            .iter()
            .copied()
            .chain(extra_bad.iter().map(String::as_str));
        for value in bad {
            assert!(!validator(value).is_empty(), "{value:?}");
        }
    }

    #[test]
    fn dns1123_label_upstream_table() {
        assert_table(
            is_dns1123_label,
            DNS1123_LABEL_GOOD,
            &["a".repeat(63)],
            DNS1123_LABEL_BAD,
            &["a".repeat(64)],
        );
    }

    #[test]
    fn dns1123_subdomain_upstream_table() {
        assert_table(
            is_dns1123_subdomain,
            DNS1123_SUBDOMAIN_GOOD,
            &["a".repeat(253)],
            DNS1123_SUBDOMAIN_BAD,
            &["a".repeat(254)],
        );
    }

    #[test]
    fn qualified_name_upstream_table() {
        assert_table(
            is_qualified_name,
            QUALIFIED_NAME_GOOD,
            &[
                "a".repeat(63),
                format!("{}/{}", "a".repeat(253), "b".repeat(63)),
            ],
            QUALIFIED_NAME_BAD,
            &["a".repeat(64), format!("{}/abc", "a".repeat(254))],
        );
    }

    #[test]
    fn label_value_upstream_table() {
        assert_table(
            is_valid_label_value,
            LABEL_VALUE_GOOD,
            &["a".repeat(63)],
            LABEL_VALUE_BAD,
            &["a".repeat(64)],
        );
    }

    // --- string validators: exact messages ----------------------------------

    #[test]
    fn dns_messages_are_exact() {
        assert_eq!(
            is_dns1123_label("My_ns"),
            [concat!(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', ",
                "and must start and end with an alphanumeric character ",
                "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            )]
        );
        assert_eq!(is_dns1123_label("team.a"), ["must not contain dots"]);
        let dotted_long = format!("{}.b", "a".repeat(70));
        assert_eq!(
            is_dns1123_label(&dotted_long),
            [
                "must be no more than 63 characters",
                "must not contain dots"
            ]
        );
        let long = "a".repeat(254);
        assert_eq!(
            is_dns1123_subdomain(&long),
            ["must be no more than 253 characters"]
        );
        assert_eq!(is_dns1123_subdomain("").len(), 1);
    }

    #[test]
    fn qualified_name_messages_are_exact() {
        let name_regex = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        assert_eq!(
            is_qualified_name("a/b/c"),
            [format!(
                "a qualified name {name_regex} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )]
        );
        assert_eq!(
            is_qualified_name("/simple"),
            ["prefix part must be non-empty"]
        );
        assert_eq!(
            is_qualified_name("example.com/"),
            [
                "name part must be non-empty".to_owned(),
                format!("name part {name_regex}")
            ]
        );
        assert_eq!(
            is_qualified_name(&"a".repeat(64)),
            ["name part must be no more than 63 characters"]
        );
        let prefix_errors = is_qualified_name("Example.com/abc");
        assert_eq!(prefix_errors.len(), 1);
        assert!(prefix_errors[0].starts_with("prefix part a lowercase RFC 1123 subdomain"));
        assert_eq!(
            is_qualified_name("bad name"),
            [format!("name part {name_regex}")]
        );
    }

    #[test]
    fn label_value_messages_are_exact() {
        let value_regex = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        assert_eq!(is_valid_label_value("-x"), [value_regex]);
        assert_eq!(
            is_valid_label_value(&"a".repeat(64)),
            ["must be no more than 63 characters"]
        );
        assert_eq!(
            is_valid_label_value(&format!("{}-", "a".repeat(64))),
            ["must be no more than 63 characters", value_regex]
        );
    }

    #[test]
    fn formats_are_composed_like_upstream() {
        assert_eq!(
            DNS1123_SUBDOMAIN_FORMAT,
            format!("{DNS1123_LABEL_FORMAT}(\\.{DNS1123_LABEL_FORMAT})*")
        );
        assert_eq!(LABEL_VALUE_FORMAT, format!("({QUALIFIED_NAME_FORMAT})?"));
        assert_eq!(
            regex_error("m", "r", &[]),
            "m (regex used for validation is 'r')"
        );
    }

    #[test]
    fn non_ascii_fails_classes_without_panicking() {
        assert!(!is_dns1123_label("é").is_empty());
        assert!(!is_dns1123_subdomain("a.é.b").is_empty());
        assert!(!is_qualified_name("ü/x").is_empty());
        assert!(!is_qualified_name("x/ü").is_empty());
        // 63 bytes but fewer characters: upstream counts bytes, so does this.
        let multibyte = "é".repeat(32);
        assert_eq!(
            is_valid_label_value(&multibyte)[0],
            "must be no more than 63 characters"
        );
    }

    // --- object metadata ----------------------------------------------------

    #[test]
    fn object_meta_checks_follow_upstream_order_and_paths() {
        let errors = validate_object_meta(
            &metadata(),
            "",
            "",
            [("app", "web")],
            NO_LABELS,
            ObjectRules::PERSISTENT_VOLUME_CLAIM,
        );
        assert_eq!(
            messages(&errors),
            [
                "metadata.name: Required value: name or generateName is required",
                "metadata.namespace: Required value",
            ]
        );

        let errors = validate_object_meta(
            &metadata(),
            "pv-1",
            "default",
            NO_LABELS,
            NO_LABELS,
            ObjectRules::PERSISTENT_VOLUME,
        );
        assert_eq!(
            messages(&errors),
            ["metadata.namespace: Forbidden: not allowed on this type"]
        );

        let errors = validate_object_meta(
            &metadata(),
            "data",
            "Team_A",
            NO_LABELS,
            NO_LABELS,
            ObjectRules::PERSISTENT_VOLUME_CLAIM,
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with(
            r#"metadata.namespace: Invalid value: "Team_A": a lowercase RFC 1123 label"#
        ));

        for rules in [
            ObjectRules::PERSISTENT_VOLUME,
            ObjectRules::STORAGE_CLASS,
            ObjectRules::NODE,
        ] {
            assert!(validate_object_meta(
                &metadata(),
                "node-1.example.com",
                "",
                NO_LABELS,
                NO_LABELS,
                rules
            )
            .is_empty());
        }
        for rules in [ObjectRules::POD, ObjectRules::PERSISTENT_VOLUME_CLAIM] {
            assert!(validate_object_meta(
                &metadata(),
                "web-0.x",
                "ns",
                NO_LABELS,
                NO_LABELS,
                rules
            )
            .is_empty());
        }
        let namespace_errors = validate_object_meta(
            &metadata(),
            "team.a",
            "",
            NO_LABELS,
            NO_LABELS,
            ObjectRules::NAMESPACE,
        );
        assert_eq!(
            messages(&namespace_errors),
            [r#"metadata.name: Invalid value: "team.a": must not contain dots"#]
        );
        assert_eq!(validate_namespace_name("kube-system"), Vec::<String>::new());
    }

    #[test]
    fn labels_report_key_then_value_at_map_path() {
        let map = labels(&[("ok", "fine"), ("bad key", "-bad-value")]);
        let errors = validate_labels(&map, &metadata().child("labels"));
        let rendered = messages(&errors);
        assert_eq!(rendered.len(), 2);
        assert!(rendered[0].starts_with(
            r#"metadata.labels: Invalid value: "bad key": name part must consist of"#
        ));
        assert!(rendered[1]
            .starts_with(r#"metadata.labels: Invalid value: "-bad-value": a valid label must be"#));
    }

    #[test]
    fn annotations_lowercase_keys_and_limit_total_size() {
        let path = metadata().child("annotations");
        let ok = labels(&[("Example.COM/Owner", "anything at all: ✓"), ("UPPER", "")]);
        assert!(validate_annotations(&ok, &path).is_empty());

        // Go lowercases KELVIN SIGN to 'k' and dotted capital I to 'i' before checking.
        assert!(validate_annotations([("\u{212a}ey", "v")], &path).is_empty());
        assert!(validate_annotations([("\u{130}d", "v")], &path).is_empty());

        let errors = validate_annotations([("Bad Key", "v")], &path);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with(
            r#"metadata.annotations: Invalid value: "Bad Key": name part must consist"#
        ));

        let at_limit = "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES - 1);
        assert!(validate_annotations([("k", at_limit.as_str())], &path).is_empty());
        let over_limit = "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES);
        assert_eq!(
            messages(&validate_annotations([("k", over_limit.as_str())], &path)),
            ["metadata.annotations: Too long: may not be more than 262144 bytes"]
        );
    }

    // --- label selectors ----------------------------------------------------

    #[test]
    fn selector_validation_messages_and_paths() {
        let path = FieldPath::new("spec").child("selector");
        let expressions = [
            requirement("tier", "In", &[]),
            requirement("tier", "Exists", &["x"]),
            requirement("tier", "Foo", &[]),
            requirement("bad key", "NotIn", &["-bad"]),
            requirement("zone", "DoesNotExist", &[]),
        ];
        let errors = validate_label_selector(
            [("app", "web")],
            &expressions,
            LabelSelectorValidationOptions::default(),
            &path,
        );
        let rendered = messages(&errors);
        assert_eq!(
            rendered[..3],
            [
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                r#"spec.selector.matchExpressions[2].operator: Invalid value: "Foo": not a valid selector operator"#,
            ]
        );
        assert!(rendered[3].starts_with(
            r#"spec.selector.matchExpressions[3].key: Invalid value: "bad key": name part must consist of"#
        ));
        assert!(rendered[4].starts_with(
            r#"spec.selector.matchExpressions[3].values[0]: Invalid value: "-bad": a valid label must be"#
        ));
        assert_eq!(rendered.len(), 5);

        let lenient = validate_label_selector(
            NO_LABELS,
            &[requirement("k", "In", &["-bad"])],
            LabelSelectorValidationOptions {
                allow_invalid_label_value_in_selector: true,
            },
            &path,
        );
        assert!(lenient.is_empty());

        let match_label_errors = validate_label_selector(
            [("k", "-v")],
            &[],
            LabelSelectorValidationOptions::default(),
            &path,
        );
        assert!(match_label_errors[0]
            .to_string()
            .starts_with(r#"spec.selector.matchLabels: Invalid value: "-v""#));
    }

    #[test]
    fn selector_matching_semantics() {
        let web = labels(&[("app", "web"), ("tier", "gold"), ("empty", "")]);
        let bare = labels(&[]);

        // Empty selector matches everything, including no labels.
        assert!(selector_matches(NO_LABELS, &[], &web));
        assert!(selector_matches(NO_LABELS, &[], &bare));

        assert!(selector_matches([("app", "web")], &[], &web));
        assert!(!selector_matches([("app", "db")], &[], &web));
        assert!(!selector_matches([("app", "web")], &[], &bare));
        // matchLabels with an empty value needs the key present with an empty value.
        assert!(selector_matches([("empty", "")], &[], &web));
        assert!(!selector_matches([("missing", "")], &[], &web));

        let in_gold = [requirement("tier", "In", &["gold", "silver"])];
        assert!(selector_matches(NO_LABELS, &in_gold, &web));
        assert!(!selector_matches(NO_LABELS, &in_gold, &bare));

        let not_in_gold = [requirement("tier", "NotIn", &["gold"])];
        assert!(!selector_matches(NO_LABELS, &not_in_gold, &web));
        // NotIn matches when the key is absent.
        assert!(selector_matches(NO_LABELS, &not_in_gold, &bare));

        assert!(selector_matches(
            NO_LABELS,
            &[requirement("empty", "Exists", &[])],
            &web
        ));
        assert!(!selector_matches(
            NO_LABELS,
            &[requirement("empty", "DoesNotExist", &[])],
            &web
        ));
        assert!(selector_matches(
            NO_LABELS,
            &[requirement("zone", "DoesNotExist", &[])],
            &web
        ));

        // Terms are ANDed.
        assert!(!selector_matches([("app", "web")], &not_in_gold, &web));

        // Selectors upstream cannot convert match nothing.
        for broken in [
            requirement("tier", "in", &["gold"]),
            requirement("tier", "NotIn", &[]),
            requirement("zone", "DoesNotExist", &["x"]),
            requirement("bad key", "Exists", &[]),
            requirement("tier", "In", &["gold", "-bad"]),
        ] {
            assert!(
                !selector_matches(NO_LABELS, std::slice::from_ref(&broken), &web),
                "{broken:?}"
            );
            assert!(!selector_matches(NO_LABELS, &[broken], &bare));
        }
        assert!(!selector_matches([("bad key", "web")], &[], &web));
        // Conversion fails even when an earlier term already decides the outcome.
        assert!(!selector_matches(
            [("app", "web")],
            &[requirement("x", "Bogus", &[])],
            &web
        ));

        // Any LabelSource works: HashMap and slices of pairs.
        let hashed: HashMap<String, String> = web.clone().into_iter().collect();
        assert!(selector_matches([("app", "web")], &in_gold, &hashed));
        assert!(selector_matches(
            [("app", "web")],
            &[],
            &[("app", "web")][..]
        ));
    }

    // --- properties ---------------------------------------------------------

    fn exercise_everything(text: &str) {
        let path = FieldPath::new(text).child(text).key(text).index(usize::MAX);
        let _ = is_dns1123_label(text);
        let _ = is_dns1123_subdomain(text);
        let _ = is_qualified_name(text);
        let _ = is_valid_label_value(text);
        let _ = quote_go_string(text);
        let _ = BadValue::json_string(text);
        let _ = validate_object_meta(
            &path,
            text,
            text,
            [(text, text)],
            [(text, text)],
            ObjectRules::PERSISTENT_VOLUME_CLAIM,
        );
        let expression = requirement(text, text, &[text]);
        let errors = validate_label_selector(
            [(text, text)],
            std::slice::from_ref(&expression),
            LabelSelectorValidationOptions::default(),
            &path,
        );
        let _ = aggregate_message(&errors);
        let _ = invalid_object_message(text, text, text, &errors);
        let source = [(text, text)];
        let _ = selector_matches([(text, text)], &[expression], &source[..]);
    }

    #[test]
    fn very_long_inputs_are_fine() {
        let long = "a".repeat(1 << 20);
        assert_eq!(is_valid_label_value(&long).len(), 1);
        let dotted = "a.".repeat(1 << 19);
        exercise_everything(&long);
        exercise_everything(&dotted);
        exercise_everything(&"/".repeat(1 << 16));
        exercise_everything(&"é".repeat(1 << 16));
    }

    proptest! {
        #[test]
        fn validators_never_panic(text in any::<String>()) {
            exercise_everything(&text);
        }

        #[test]
        fn validators_never_panic_on_near_miss_names(
            text in "[a-zA-Z0-9./_ \\-é€\u{130}\u{212a}\u{0}\u{7f}]{0,300}"
        ) {
            exercise_everything(&text);
        }

        #[test]
        fn generated_dns_labels_pass(label in "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") {
            prop_assert!(is_dns1123_label(&label).is_empty());
            prop_assert!(is_dns1123_subdomain(&label).is_empty());
            prop_assert!(is_qualified_name(&label).is_empty());
            prop_assert!(is_valid_label_value(&label).is_empty());
            prop_assert!(validate_namespace_name(&label).is_empty());
        }

        #[test]
        fn generated_subdomains_pass(
            name in "[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?){0,8}"
        ) {
            prop_assert!(is_dns1123_subdomain(&name).is_empty());
            let errors = validate_object_name(&name, NameRule::Dns1123Subdomain, &metadata().child("name"));
            prop_assert!(errors.is_empty());
        }

        #[test]
        fn generated_qualified_names_pass(
            prefix in "([a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?){0,4}/)?",
            name in "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
        ) {
            let key = format!("{prefix}{name}");
            prop_assert!(is_qualified_name(&key).is_empty(), "{}", key);
            prop_assert!(validate_annotations([(key.as_str(), "v")], &metadata()).is_empty());
        }

        #[test]
        fn generated_label_values_pass(value in "(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?") {
            prop_assert!(is_valid_label_value(&value).is_empty());
        }

        #[test]
        fn printable_ascii_is_quoted_verbatim(text in "[ !#-\\[\\]-~]{0,64}") {
            prop_assert_eq!(quote_go_string(&text), format!("\"{text}\""));
        }

        #[test]
        fn a_valid_selector_matches_labels_built_from_it(
            key in "[a-z]{1,10}",
            value in "[a-z0-9]{0,10}",
            other in "[a-z]{1,10}"
        ) {
            let own = labels(&[(key.as_str(), value.as_str())]);
            prop_assert!(selector_matches([(key.as_str(), value.as_str())], &[], &own));
            let in_own = requirement(&key, "In", &[value.as_str()]);
            prop_assert!(selector_matches(NO_LABELS, &[in_own], &own));
            let not_in_own = requirement(&key, "NotIn", &[value.as_str()]);
            prop_assert!(!selector_matches(NO_LABELS, &[not_in_own], &own));
            let absent = requirement(&format!("{other}-absent"), "DoesNotExist", &[]);
            prop_assert!(selector_matches(NO_LABELS, &[absent], &own));
        }
    }
}
