//! Tables from upstream's validation_test.go and property tests: messages, paths, no panics.

use super::*;
use super::{field::*, strings::*};
use std::collections::{BTreeMap, HashMap};

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
    assert!(errors[0]
        .to_string()
        .starts_with(r#"metadata.namespace: Invalid value: "Team_A": a lowercase RFC 1123 label"#));

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
        assert!(
            validate_object_meta(&metadata(), "web-0.x", "ns", NO_LABELS, NO_LABELS, rules)
                .is_empty()
        );
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
    assert!(rendered[0]
        .starts_with(r#"metadata.labels: Invalid value: "bad key": name part must consist of"#));
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
    assert!(errors[0]
        .to_string()
        .starts_with(r#"metadata.annotations: Invalid value: "Bad Key": name part must consist"#));

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
