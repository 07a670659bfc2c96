//! String validators of `pkg/util/validation`: DNS-1123 names, qualified names, label values, with upstream's messages.

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

pub(super) const DNS1123_LABEL_FORMAT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
pub(super) const DNS1123_LABEL_ERROR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
pub(super) const DNS1123_SUBDOMAIN_FORMAT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
pub(super) const DNS1123_SUBDOMAIN_ERROR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
pub(super) const QUALIFIED_NAME_FORMAT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
pub(super) const QUALIFIED_NAME_ERROR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
pub(super) const QUALIFIED_NAME_EXAMPLES: &[&str] = &["MyName", "my.name", "123-abc"];
pub(super) const LABEL_VALUE_FORMAT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
pub(super) const LABEL_VALUE_ERROR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

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

pub(super) fn is_lowercase_alphanumeric(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit()
}

/// True when `value` is non-empty, starts and ends with a byte of `edge`, and every byte
/// is in `edge` or `inner`: the shape of `edge([inner]*edge)?`, which is how all of
/// upstream's name regexes are built.
pub(super) fn has_shape(value: &str, edge: fn(u8) -> bool, inner: fn(u8) -> bool) -> bool {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => {
            edge(first) && edge(last) && bytes.iter().all(|&byte| edge(byte) || inner(byte))
        }
        _ => false,
    }
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
pub(super) fn matches_dns1123_label(value: &str) -> bool {
    has_shape(value, is_lowercase_alphanumeric, |byte| byte == b'-')
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`: dot-separated
/// labels, none empty. The regex has no per-label length limit, so neither has this.
pub(super) fn matches_dns1123_subdomain(value: &str) -> bool {
    value.split('.').all(matches_dns1123_label)
}

/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
pub(super) fn matches_qualified_name_part(value: &str) -> bool {
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
