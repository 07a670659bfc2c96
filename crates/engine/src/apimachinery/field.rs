//! Field paths and field errors rendered exactly as apimachinery renders them, and Go-style quoting of bad values.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

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
pub(super) fn push_named_segment(rendered: &mut String, name: &str, is_root: bool) {
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

pub(super) fn push_go_quoted(out: &mut String, value: &str) {
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
pub(super) fn is_go_printable(character: char) -> bool {
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
pub(super) fn is_format_character(code: u32) -> bool {
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

pub(super) fn is_private_use(code: u32) -> bool {
    matches!(code, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

pub(super) fn is_noncharacter(code: u32) -> bool {
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// A JSON string as Go's `encoding/json` writes it: HTML-sensitive `<`, `>`, `&` and the
/// JavaScript line separators U+2028/U+2029 are `\u`-escaped, other non-ASCII is kept.
pub(crate) fn push_go_json_string(out: &mut String, value: &str) {
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
