//! Upstream's quantity tables (parsing, printing, comparison) and property tests.

use super::*;
use proptest::prelude::*;
use std::collections::hash_map::DefaultHasher;

use Format::{BinarySI as Bin, DecimalExponent as Exp, DecimalSI as Dec};

const I64_MAX: i128 = i64::MAX as i128;
const NANOS_PER_UNIT: i128 = 1_000_000_000;

fn parsed(text: &str) -> Quantity {
    Quantity::parse(text).unwrap_or_else(|error| panic!("{text:?} should parse: {error}"))
}

/// `mantissa × 10^exponent`, like upstream's test helper `decQuantity`.
fn decimal(mantissa: i128, exponent: i64) -> Decimal {
    let digits = mantissa.unsigned_abs().to_string().into_bytes();
    Decimal::new(mantissa < 0, digits, exponent)
}

fn quantity(mantissa: i128, exponent: i64, format: Format) -> Quantity {
    Quantity {
        amount: decimal(mantissa, exponent),
        format,
        spelling: None,
    }
}

fn hash_of(quantity: &Quantity) -> u64 {
    let mut hasher = DefaultHasher::new();
    quantity.hash(&mut hasher);
    hasher.finish()
}

/// Upstream TestQuantityParse: input, exact value as mantissa × 10^exponent, format.
const PARSE_TABLE: &[(&str, i128, i64, Format)] = &[
    ("0", 0, 0, Dec),
    ("0n", 0, 0, Dec),
    ("0u", 0, 0, Dec),
    ("0m", 0, 0, Dec),
    ("0Ki", 0, 0, Bin),
    ("0k", 0, 0, Dec),
    ("0Mi", 0, 0, Bin),
    ("0M", 0, 0, Dec),
    ("0Gi", 0, 0, Bin),
    ("0G", 0, 0, Dec),
    ("0Ti", 0, 0, Bin),
    ("0T", 0, 0, Dec),
    ("1", 1, 0, Dec),
    ("1Ki", 1024, 0, Bin),
    ("8Ki", 8 * 1024, 0, Bin),
    ("7Mi", 7 << 20, 0, Bin),
    ("6Gi", 6 << 30, 0, Bin),
    ("5Ti", 5 << 40, 0, Bin),
    ("4Pi", 4 << 50, 0, Bin),
    ("3Ei", 3 << 60, 0, Bin),
    ("10Ti", 10 << 40, 0, Bin),
    ("100Ti", 100 << 40, 0, Bin),
    ("5n", 5, -9, Dec),
    ("4u", 4, -6, Dec),
    ("3m", 3, -3, Dec),
    ("9", 9, 0, Dec),
    ("8k", 8, 3, Dec),
    ("50k", 5, 4, Dec),
    ("7M", 7, 6, Dec),
    ("6G", 6, 9, Dec),
    ("5T", 5, 12, Dec),
    ("40T", 4, 13, Dec),
    ("300T", 3, 14, Dec),
    ("2P", 2, 15, Dec),
    ("1E", 1, 18, Dec),
    ("1E-3", 1, -3, Exp),
    ("1e3", 1, 3, Exp),
    ("1E6", 1, 6, Exp),
    ("1e9", 1, 9, Exp),
    ("1E12", 1, 12, Exp),
    ("1e15", 1, 15, Exp),
    ("1E18", 1, 18, Exp),
    ("1e14", 1, 14, Exp),
    ("1e13", 1, 13, Exp),
    ("100.035k", 100035, 0, Dec),
    ("0.001", 1, -3, Dec),
    ("0.0005k", 5, -1, Dec),
    ("0.005", 5, -3, Dec),
    ("0.05", 5, -2, Dec),
    ("0.5", 5, -1, Dec),
    ("0.00050k", 5, -1, Dec),
    ("0.00500", 5, -3, Dec),
    ("0.05000", 5, -2, Dec),
    ("0.50000", 5, -1, Dec),
    ("0.5e0", 5, -1, Exp),
    ("0.5e-1", 5, -2, Exp),
    ("0.5e-2", 5, -3, Exp),
    ("10.035M", 10035, 3, Dec),
    ("1.2e3", 12, 2, Exp),
    ("1.3E+6", 13, 5, Exp),
    ("1.40e9", 14, 8, Exp),
    ("1.53E12", 153, 10, Exp),
    ("1.6e15", 16, 14, Exp),
    ("1.7E18", 17, 17, Exp),
    ("9.01", 901, -2, Dec),
    ("8.1k", 81, 2, Dec),
    ("7.123456M", 7123456, 0, Dec),
    ("6.987654321G", 6987654321, 0, Dec),
    ("5.444T", 5444, 9, Dec),
    ("40.1T", 401, 11, Dec),
    ("300.2T", 3002, 11, Dec),
    ("2.5P", 25, 14, Dec),
    ("1.01E", 101, 16, Dec),
    // Rounded up to nano, or capped.
    ("3.001n", 4, -9, Dec),
    ("1.1E-9", 2, -9, Exp),
    ("0.0000000001", 1, -9, Dec),
    ("0.0000000005", 1, -9, Dec),
    ("0.00000000050", 1, -9, Dec),
    ("0.5e-9", 1, -9, Exp),
    ("0.9n", 1, -9, Dec),
    ("0.00000012345", 124, -9, Dec),
    ("0.00000012354", 124, -9, Dec),
    ("9Ei", I64_MAX, 0, Bin),
    ("9223372036854775807Ki", I64_MAX, 0, Bin),
    ("12E", 12, 18, Dec),
    // Fractional binary values.
    ("100.035Ki", 10243584, -2, Bin),
    ("0.5Mi", 524288, 0, Bin),
    ("0.05Gi", 536870912, -1, Bin),
    ("0.025Ti", 274877906944, -1, Bin),
    // "Things written by trolls" upstream.
    ("0.000000000001Ki", 2, -9, Dec),
    (".001", 1, -3, Dec),
    (".0001k", 100, -3, Dec),
    ("1.", 1, 0, Dec),
    ("1.G", 1, 9, Dec),
];

#[test]
fn parses_upstream_table_with_any_sign() {
    for &(input, mantissa, exponent, format) in PARSE_TABLE {
        for (prefix, sign) in [("", 1), ("+", 1), ("-", -1)] {
            let text = format!("{prefix}{input}");
            let got = parsed(&text);
            assert_eq!(got.amount, decimal(sign * mantissa, exponent), "{text}");
            assert_eq!(got.format(), format, "{text}");
        }
    }
}

#[test]
fn rejects_malformed_text_with_upstream_error() {
    use QuantityError::{FormatWrong, Numeric, Suffix};
    let cases = [
        ("", FormatWrong),
        ("1.1.M", FormatWrong),
        ("1+1.0M", FormatWrong),
        ("0.1mi", Suffix),
        ("0.1am", FormatWrong),
        ("aoeu", FormatWrong),
        (".5i", Suffix),
        ("1i", Suffix),
        ("-3.01i", Suffix),
        ("-3.01e-", Suffix),
        (" 1", FormatWrong),
        ("1 ", FormatWrong),
        ("1 Gi", FormatWrong),
        ("1K", Suffix),
        ("1Kb", FormatWrong),
        ("1KiB", FormatWrong),
        ("1e", Suffix),
        ("1mm", Suffix),
        ("1k3", Suffix),
        ("1Kie3", Suffix),
        ("1e3Ki", FormatWrong),
        ("1e1.5", FormatWrong),
        ("--1", Suffix),
        ("1-", Suffix),
        ("Ei", Numeric),
        ("Pi", Numeric),
        (".e-10", Numeric),
        ("-.Pi", Numeric),
        ("1\u{00e9}", FormatWrong),
        ("\u{ff11}", FormatWrong),
    ];
    for (input, expected) in cases {
        assert_eq!(Quantity::parse(input), Err(expected), "{input:?}");
    }
}

#[test]
fn error_messages_match_kubernetes() {
    assert_eq!(
        QuantityError::FormatWrong.to_string(),
        "quantities must match the regular expression \
         '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
    assert_eq!(
        QuantityError::Suffix.to_string(),
        "unable to parse quantity's suffix"
    );
    assert_eq!(
        QuantityError::Numeric.to_string(),
        "unable to parse numeric part of quantity"
    );
}

#[test]
fn accepts_the_digitless_numbers_upstream_reads_as_zero() {
    for input in [
        ".", "-.", "+", "-", "Ki", "Gi", "Ti", "m", "k", "E", "e5", ".n",
    ] {
        assert!(parsed(input).is_zero(), "{input}");
    }
    assert_eq!(parsed("Ki").format(), Bin);
}

#[test]
fn exponent_must_fit_32_bits_like_upstream_suffix_test() {
    assert_eq!(parsed("1E2147483647").amount, decimal(1, 2147483647));
    assert_eq!(parsed("1e14").amount, decimal(1, 14));
    assert_eq!(parsed("1E-2147483648").amount, decimal(1, -9));
    for input in ["1E2147483648", "1E-2147483649", "1E6024865272343"] {
        assert_eq!(
            Quantity::parse(input),
            Err(QuantityError::Suffix),
            "{input}"
        );
    }
}

/// Upstream TestQuantityString: value, format, canonical text, an alternate spelling.
const STRING_TABLE: &[(i128, i64, Format, &str, &str)] = &[
    (1 << 30, 0, Bin, "1Gi", "1024Mi"),
    (300 << 20, 0, Bin, "300Mi", "307200Ki"),
    (6 * 1024, 0, Bin, "6Ki", ""),
    (1001 << 30, 0, Bin, "1001Gi", "1025024Mi"),
    (1 << 40, 0, Bin, "1Ti", "1024Gi"),
    (5, 0, Bin, "5", "5000m"),
    (500, -3, Bin, "500m", "0.5"),
    (1, 9, Dec, "1G", "1000M"),
    (1000, 6, Dec, "1G", "0.001T"),
    (1000000, 3, Dec, "1G", ""),
    (1000000000, 0, Dec, "1G", ""),
    (1, -3, Dec, "1m", "1000u"),
    (80, -3, Dec, "80m", ""),
    (1080, -3, Dec, "1080m", "1.08"),
    (108, -2, Dec, "1080m", "1080000000n"),
    (10800, -4, Dec, "1080m", ""),
    (300, 6, Dec, "300M", ""),
    (1, 12, Dec, "1T", ""),
    (1, 18, Dec, "1E", ""),
    (1, 21, Dec, "1e21", "1000E"),
    (5, 21, Dec, "5e21", "5000E"),
    (1, 24, Dec, "1e24", "1000000E"),
    (1234567, 6, Dec, "1234567M", ""),
    (1234567, -3, Bin, "1234567m", ""),
    (3, 3, Dec, "3k", ""),
    (1025, 0, Bin, "1025", ""),
    (0, 0, Dec, "0", ""),
    (0, 0, Bin, "0", ""),
    (1, 9, Exp, "1e9", ".001e12"),
    (1, -3, Exp, "1e-3", "0.001e0"),
    (1, -9, Exp, "1e-9", "1000e-12"),
    (80, -3, Exp, "80e-3", ""),
    (300, 6, Exp, "300e6", ""),
    (1, 12, Exp, "1e12", ""),
    (1, 3, Exp, "1e3", ""),
    (3, 3, Exp, "3e3", ""),
    (3, 3, Dec, "3k", ""),
    (0, 0, Exp, "0", "00"),
    (1, -9, Dec, "1n", ""),
    (80, -9, Dec, "80n", ""),
    (1080, -9, Dec, "1080n", ""),
    (108, -8, Dec, "1080n", ""),
    (10800, -10, Dec, "1080n", ""),
    (1, -6, Dec, "1u", ""),
    (80, -6, Dec, "80u", ""),
    (1080, -6, Dec, "1080u", ""),
];

#[test]
fn prints_upstream_canonical_strings() {
    for &(mantissa, exponent, format, canonical, alternate) in STRING_TABLE {
        let value = quantity(mantissa, exponent, format);
        assert_eq!(value.to_string(), canonical);
        if mantissa != 0 {
            let negated = quantity(-mantissa, exponent, format);
            assert_eq!(negated.to_string(), format!("-{canonical}"));
        }
        // Upstream keeps a canonical input's own text, and canonicalizes an alternate one.
        let reparsed = parsed(canonical);
        assert_eq!(reparsed.spelling.as_deref(), Some(canonical));
        assert_eq!(reparsed, value, "{canonical}");
        if !alternate.is_empty() {
            let alternate_parsed = parsed(alternate);
            assert_eq!(alternate_parsed.spelling, None, "{alternate}");
            assert_eq!(alternate_parsed.to_string(), canonical, "{alternate}");
        }
    }
}

#[test]
fn parse_then_print_matches_upstream_emit_table() {
    let cases = [
        ("1Ki", "1Ki"),
        ("1Mi", "1Mi"),
        ("1Gi", "1Gi"),
        ("1024Mi", "1Gi"),
        ("1000M", "1G"),
        (".001Ki", "1024m"),
        (".000001Ki", "1024u"),
        (".000000001Ki", "1024n"),
        (".000000000001Ki", "2n"),
    ];
    for (input, expected) in cases {
        assert_eq!(parsed(input).to_string(), expected);
        assert_eq!(
            parsed(&format!("-{input}")).to_string(),
            format!("-{expected}")
        );
    }
}

/// Upstream quantity_golden_test.go: input, `String()`, and the canonical form.
#[test]
fn prints_upstream_golden_serializations() {
    let cases = [
        ("1", "1", "1"),
        ("-1", "-1", "-1"),
        ("1Ki", "1Ki", "1Ki"),
        ("1024Mi", "1Gi", "1Gi"),
        ("1000M", "1G", "1G"),
        ("1e3", "1e3", "1e3"),
        ("0.1", "100m", "100m"),
        ("0.000000000000001", "1n", "1n"),
        ("1.441", "1.441", "1441m"),
        ("1.000001", "1.000001", "1000001u"),
        ("1.000000001", "1.000000001", "1000000001n"),
        ("1.5", "1500m", "1500m"),
        (
            "9223372036854775807",
            "9223372036854775807",
            "9223372036854775807",
        ),
        (
            "9223372036854775808",
            "9223372036854775808",
            "9223372036854775808",
        ),
        (
            "18446744073709551616",
            "18446744073709551616",
            "18446744073709551616",
        ),
        ("1E", "1E", "1E"),
        ("100E", "100E", "100E"),
        ("1000E", "1e21", "1e21"),
        ("1e100", "10e99", "10e99"),
        ("8Ei", "9223372036854775807", "9223372036854775807"),
        ("-20Ei", "-9223372036854775807", "-9223372036854775807"),
        ("-9.5Gi", "-9728Mi", "-9728Mi"),
        (
            "-9.5000000001Gi",
            "-10200547328107374183n",
            "-10200547328107374183n",
        ),
    ];
    for (input, printed, canonical) in cases {
        let value = parsed(input);
        assert_eq!(value.to_string(), printed, "{input}");
        assert_eq!(value.canonical_string(), canonical, "{input}");
    }
    assert_eq!(
        Quantity::new(i64::MIN, Dec).to_string(),
        "-9223372036854775808"
    );
    assert_eq!(
        quantity(I64_MAX, 1, Dec).to_string(),
        "92233720368547758070"
    );
    assert_eq!(Quantity::default().to_string(), "0");
    // The default is built directly; it must be the very value `new(0, DecimalSI)` makes.
    assert_eq!(
        format!("{:?}", Quantity::default()),
        format!("{:?}", Quantity::new(0, Dec))
    );
}

#[test]
fn keeps_input_spelling_only_where_upstream_does() {
    let kept = [
        "+5", "05", "5.", "1.100", "1.500k", "1E3", "1e+3", "+1Gi", "01Gi", "12Mi",
    ];
    for input in kept {
        assert_eq!(parsed(input).to_string(), input);
    }
    let canonicalized = [
        ("1.5Gi", "1536Mi"),
        ("1.5", "1500m"),
        ("1000Mi", "1000Mi"),
        ("1000", "1k"),
        ("0.1m", "100u"),
        ("1.0", "1"),
        ("-0", "0"),
        ("0.0Ki", "0"),
        ("1.0000000000000000000", "1"),
        ("16Mi", "16Mi"),
    ];
    for (input, printed) in canonicalized {
        let value = parsed(input);
        assert_eq!(value.spelling, None, "{input}");
        assert_eq!(value.to_string(), printed, "{input}");
    }
}

#[test]
fn new_quantities_print_like_upstream_new_set() {
    let cases = [
        (1, Dec, "1"),
        (1000, Dec, "1k"),
        (1234000, Dec, "1234k"),
        (1024, Bin, "1Ki"),
        (1000000, Exp, "1e6"),
        (1024 * 1024, Bin, "1Mi"),
    ];
    for (value, format, expected) in cases {
        let built = Quantity::new(value, format);
        assert_eq!(built.to_string(), expected);
        assert_eq!(parsed(expected).value(), value);
    }
    assert_eq!(Quantity::from_bytes(1 << 30).to_string(), "1Gi");
    assert_eq!(Quantity::from_bytes(1536 << 20).to_string(), "1536Mi");
    assert_eq!(Quantity::from_bytes(1000).to_string(), "1k");
    assert_eq!(Quantity::from_bytes(-2048).to_string(), "-2Ki");
    assert_eq!(
        Quantity::from_bytes(i64::MIN).to_string(),
        "-9223372036854775808"
    );
    assert_eq!(Quantity::from_bytes(i64::MIN).value(), i64::MIN);
}

#[test]
fn compares_like_upstream_cmp_tables() {
    let parsed_cases = [
        ("0", "0", Ordering::Equal),
        ("100m", "50m", Ordering::Greater),
        ("50m", "100m", Ordering::Less),
        ("10000T", "100Gi", Ordering::Greater),
    ];
    for (left, right, expected) in parsed_cases {
        assert_eq!(
            parsed(left).cmp(&parsed(right)),
            expected,
            "{left} vs {right}"
        );
    }
    let min = i128::from(i64::MIN);
    let e18 = 1_000_000_000_000_000_000;
    let built_cases = [
        ((901, -2), (901, -2), Ordering::Equal),
        ((90, -1), (901, -2), Ordering::Less),
        ((901, -2), (900, -2), Ordering::Greater),
        ((0, 1), (0, -1), Ordering::Equal),
        ((800, -3), (1, 0), Ordering::Less),
        ((800, -3), (79, -2), Ordering::Greater),
        ((I64_MAX, 0), (1, -1), Ordering::Greater),
        ((I64_MAX, 1), (1, 0), Ordering::Greater),
        ((I64_MAX, -16), (1, 3), Ordering::Less),
        ((min, 0), (0, 0), Ordering::Less),
        ((min, -18), (-1, 0), Ordering::Less),
        ((min, -19), (-1, 0), Ordering::Greater),
        ((e18, -17), (1, 1), Ordering::Equal),
        ((e18, -17), (-10, 0), Ordering::Greater),
        ((-e18, -17), (-10, 0), Ordering::Equal),
        ((e18 + 1, -17), (1, 1), Ordering::Greater),
        ((e18 - 1, -17), (1, 1), Ordering::Less),
    ];
    for ((a, a_exp), (b, b_exp), expected) in built_cases {
        let left = quantity(a, a_exp, Dec);
        let right = quantity(b, b_exp, Dec);
        assert_eq!(left.cmp(&right), expected, "{left:?} vs {right:?}");
        assert_eq!(right.cmp(&left), expected.reverse());
    }
}

#[test]
fn orders_values_beyond_i64_exactly() {
    assert!(parsed("1G") < parsed("1Gi"));
    assert!(parsed("1000Mi") < parsed("1Gi"));
    assert!(parsed("1E") < parsed("200E"));
    assert!(parsed("200E") < parsed("800E"));
    assert!(parsed("800E") < parsed("950E"));
    assert!(parsed("-950E") < parsed("-200E"));
    assert!(parsed("1e2147483646") < parsed("1e2147483647"));
    assert!(parsed("1e-2147483648") > parsed("0"));
    // TestMatchVolume: a 1E claim binds the smallest volume that fits, 200E not 800E.
    let claim = parsed("1E");
    let volumes = [parsed("800E"), parsed("200E"), parsed("100Ti")];
    let best = volumes.iter().filter(|volume| **volume >= claim).min();
    assert_eq!(best.map(ToString::to_string), Some("200E".to_owned()));
}

#[test]
fn equality_and_hash_follow_value_not_spelling() {
    for (left, right) in [
        ("1e3", "1k"),
        ("1Gi", "1024Mi"),
        ("1.5", "1500m"),
        ("0", "-0Ki"),
    ] {
        assert_eq!(parsed(left), parsed(right), "{left} vs {right}");
        assert_eq!(hash_of(&parsed(left)), hash_of(&parsed(right)));
    }
    assert_ne!(parsed("1G"), parsed("1Gi"));
    assert_ne!(parsed("1e3").to_string(), parsed("1k").to_string());
}

#[test]
fn rounds_sub_nano_values_away_from_zero() {
    assert_eq!(parsed("0.1n").to_string(), "1n");
    assert_eq!(parsed("-0.1n").to_string(), "-1n");
    assert_eq!(parsed("0.1m").to_string(), "100u");
    assert_eq!(parsed("1.0000000001").to_string(), "1000000001n");
    assert_eq!(parsed("0.9999999999").to_string(), "1");
    assert_eq!(parsed("1e-100").to_string(), "1e-9");
}

#[test]
fn value_rounds_away_from_zero_and_saturates() {
    let cases = [
        ("0", 0),
        ("1.5", 2),
        ("-1.5", -2),
        ("100m", 1),
        ("-100m", -1),
        ("1Gi", 1 << 30),
        ("1.5Gi", 1536 << 20),
        ("9223372036854775807", i64::MAX),
        ("9223372036854775808", i64::MAX),
        ("-9223372036854775808", i64::MIN),
        ("-9223372036854775809", i64::MIN),
        ("200E", i64::MAX),
        ("-200E", i64::MIN),
        ("9Ei", i64::MAX),
        ("1e100", i64::MAX),
        ("1e2147483647", i64::MAX),
        ("1e-100", 1),
        ("9.2233720368547758071E", i64::MAX),
    ];
    for (input, expected) in cases {
        assert_eq!(parsed(input).value(), expected, "{input}");
    }
}

#[test]
fn survives_extreme_inputs() {
    let many_nines = format!("{}Ei", "9".repeat(100_000));
    assert_eq!(parsed(&many_nines).to_string(), "9223372036854775807");
    let tiny_binary = format!("0.{}1Ki", "0".repeat(100_000));
    assert_eq!(parsed(&tiny_binary).to_string(), "1n");
    let huge = parsed(&format!("1{}", "0".repeat(100_000)));
    assert_eq!(huge.to_string(), "10e99999");
    assert_eq!(huge.value(), i64::MAX);
    assert!(huge < parsed("-1e2147483647").max(parsed("1e2147483647")));
    let long_fraction = format!("1.{}", "5".repeat(100_000));
    assert_eq!(parsed(&long_fraction).to_string(), "1555555556n");
}

#[test]
fn reports_sign_and_zero() {
    assert!(parsed("-1m").is_negative());
    assert!(!parsed("-0").is_negative());
    assert!(parsed("-0.0Gi").is_zero());
    assert!(!parsed("1n").is_zero());
    assert_eq!("5Gi".parse::<Quantity>(), Ok(parsed("5Gi")));
}

#[test]
fn deserializes_strings_and_bare_numbers_like_unmarshal_json() {
    let printed = |json: &str| {
        serde_json::from_str::<Quantity>(json)
            .map(|value| value.to_string())
            .map_err(|error| error.to_string())
    };
    let accepted = [
        (r#""1Gi""#, "1Gi"),
        (r#"" 1""#, "1"),
        (r#""1 ""#, "1"),
        ("5", "5"),
        ("10", "10"),
        ("-1", "-1"),
        ("1.5", "1500m"),
        ("1000", "1k"),
        ("1e21", "1e+21"),
        ("1e-7", "100e-9"),
        ("18446744073709551615", "18446744073709551615"),
    ];
    for (json, expected) in accepted {
        assert_eq!(printed(json), Ok(expected.to_owned()), "{json}");
    }
    let suffix_error = printed(r#""1K""#).unwrap_err();
    assert!(suffix_error.starts_with("unable to parse quantity's suffix"));
    for json in [r#""""#, r#""abc""#, "true", "null", "[1]", "{}"] {
        assert!(printed(json).is_err(), "{json}");
    }
}

#[test]
fn serializes_as_the_printed_text() {
    assert_eq!(
        serde_json::to_string(&parsed("1.5Gi")).unwrap(),
        r#""1536Mi""#
    );
    let list: Vec<Quantity> = serde_json::from_str(r#"["1Gi", 2, "1.100", 0.5]"#).unwrap();
    assert_eq!(
        serde_json::to_string(&list).unwrap(),
        r#"["1Gi","2","1.100","500m"]"#
    );
}

/// The value in nano units by plain i128 arithmetic: magnitude rounded up, binary capped.
fn reference_nanos(negative: bool, whole: u32, fraction: &str, suffix: &str) -> i128 {
    let fraction_scale = 10i128.pow(fraction.len() as u32);
    let written = i128::from(whole) * fraction_scale + fraction.parse::<i128>().unwrap_or(0);
    let decimal_power = |power: i32| {
        if power >= -9 {
            (10i128.pow((power + 9) as u32), 1)
        } else {
            (1, 10i128.pow((-9 - power) as u32))
        }
    };
    let binary_power = BINARY_SUFFIXES.iter().position(|&known| known == suffix);
    let ((numerator, denominator), binary) = match (binary_power, suffix) {
        (Some(power), _) if !suffix.is_empty() => ((NANOS_PER_UNIT << (10 * power), 1), true),
        (_, "") => (decimal_power(0), false),
        (_, "n") => (decimal_power(-9), false),
        (_, "u") => (decimal_power(-6), false),
        (_, "m") => (decimal_power(-3), false),
        (_, "k") => (decimal_power(3), false),
        (_, "M") => (decimal_power(6), false),
        (_, "G") => (decimal_power(9), false),
        (_, "T") => (decimal_power(12), false),
        (_, "P") => (decimal_power(15), false),
        (_, "E") => (decimal_power(18), false),
        _ => (decimal_power(suffix[1..].parse().unwrap()), false),
    };
    let scaled = written * numerator;
    let divisor = fraction_scale * denominator;
    let mut magnitude = (scaled + divisor - 1) / divisor;
    if binary {
        magnitude = magnitude.min(I64_MAX * NANOS_PER_UNIT);
    }
    let sign = if negative { -1 } else { 1 };
    sign * magnitude
}

fn reference_case() -> impl Strategy<Value = (String, i128)> {
    let suffix = prop_oneof![
        prop::sample::select(vec![
            "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
        ])
        .prop_map(String::from),
        (any::<bool>(), -12i32..=12)
            .prop_map(|(upper, power)| { format!("{}{power}", if upper { 'E' } else { 'e' }) }),
    ];
    (any::<bool>(), 0u32..10_000, "[0-9]{0,6}", suffix).prop_map(
        |(negative, whole, fraction, suffix)| {
            let sign = if negative { "-" } else { "" };
            let point = if fraction.is_empty() { "" } else { "." };
            let text = format!("{sign}{whole}{point}{fraction}{suffix}");
            let nanos = reference_nanos(negative, whole, &fraction, &suffix);
            (text, nanos)
        },
    )
}

/// Printing a quantity and parsing the text back gives the same value and the same text.
fn check_round_trip(value: &Quantity) -> Result<(), TestCaseError> {
    // Upstream exponents are 32-bit, so a larger one has no text that parses back.
    if value.amount.exponent > i64::from(i32::MAX) {
        return Ok(());
    }
    for text in [value.to_string(), value.canonical_string()] {
        let again = Quantity::parse(&text)
            .map_err(|error| TestCaseError::fail(format!("{text:?}: {error}")))?;
        prop_assert_eq!(&again, value, "{}", text);
        prop_assert_eq!(again.to_string(), text);
    }
    Ok(())
}

fn quantity_like_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+0-9.eEinumkKMGTP ]{0,24}",
        "[+-]?[0-9]{0,22}(\\.[0-9]{0,12})?([eEinumkKMGTP]{0,2}[+-]?[0-9]{0,11})?",
    ]
}

proptest! {
    #[test]
    fn parse_never_panics_and_printing_round_trips(text in quantity_like_text()) {
        if let Ok(value) = Quantity::parse(&text) {
            check_round_trip(&value)?;
            let _ = value.value();
        }
        let _ = serde_json::from_str::<Quantity>(&serde_json::to_string(&text).unwrap());
    }

    #[test]
    fn finite_floats_always_deserialize(number in any::<f64>()) {
        let json = serde_json::to_string(&number).unwrap();
        let decoded = serde_json::from_str::<Quantity>(&json);
        prop_assert!(decoded.is_ok() || !number.is_finite(), "{}", json);
    }

    #[test]
    fn ordering_and_value_match_integer_reference(
        (left_text, left_nanos) in reference_case(),
        (right_text, right_nanos) in reference_case(),
    ) {
        let left = parsed(&left_text);
        let right = parsed(&right_text);
        prop_assert_eq!(&left.amount, &decimal(left_nanos, -9), "{}", left_text);
        prop_assert_eq!(left.cmp(&right), left_nanos.cmp(&right_nanos));
        prop_assert_eq!(left == right, left_nanos == right_nanos);
        if left == right {
            prop_assert_eq!(hash_of(&left), hash_of(&right));
        }
        let whole_units = (left_nanos.abs() + NANOS_PER_UNIT - 1) / NANOS_PER_UNIT;
        let expected_value = if left_nanos < 0 { -whole_units } else { whole_units };
        let expected_value = i64::try_from(expected_value)
            .unwrap_or(if left_nanos < 0 { i64::MIN } else { i64::MAX });
        prop_assert_eq!(left.value(), expected_value);
        check_round_trip(&left)?;
    }
}
