//! Kubernetes resource quantities (`10Gi`, `500m`): parsing, exact ordering, kubectl's printed text.
//!
//! Mirrors `resource.Quantity` from k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go,
//! amount.go), including its quirks, because the simulator must agree with a real cluster:
//!
//! - Values are exact decimals of any size, never floats, so `200E` and `800E` (beyond i64) still
//!   order correctly and `1e100` is fine.
//! - Parsing keeps nano precision: a finer non-zero value is rounded away from zero (`0.1n` is `1n`,
//!   `-0.1n` is `-1n`), while `0.1m` stays exact (`100u`).
//! - A binary-suffixed value is capped at `i64::MAX` in magnitude (`9Ei` parses as 2^63-1).
//! - Output keeps the suffix family of the input (`1.5Gi` prints `1536Mi`, `1000` prints `1k`,
//!   `1e3` prints `1e3`) and, like upstream, repeats the input text verbatim when upstream's parser
//!   takes it for canonical (`1.100` prints `1.100`; kubernetes/kubernetes#138165).
//! - A number without digits reads as zero where upstream reads it so (`Ki`, `m`, `.`;
//!   kubernetes/apimachinery#165) and is an error where upstream rejects it (`Ei`).

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// Upstream's splitting expression, quoted in its format error message.
const FORMAT_PATTERN: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Bytes upstream's scanner accepts as the letter part of a suffix.
const SUFFIX_LETTERS: &[u8] = b"eEinumkKMGTP";

/// Parsed values keep nothing finer than 10^-9 (upstream's `Nano` scale).
const NANO_EXPONENT: i64 = -9;

/// The magnitude upstream caps binary-suffixed values at.
const I64_MAX_DIGITS: &[u8] = b"9223372036854775807";

/// Binary suffixes indexed by their power of 1024.
const BINARY_SUFFIXES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// The suffix family a quantity was written in; its canonical text keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `12e6`, `5E-3`.
    DecimalExponent,
    /// `12Mi`: powers of 1024.
    BinarySI,
    /// `12M`, `100m`, `7`: powers of 1000.
    DecimalSI,
}

/// Why a text is not a quantity; `Display` gives Kubernetes' exact message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// Not shaped like `<signedNumber><suffix>` (upstream `ErrFormatWrong`), e.g. `1.1.M` or ` 1`.
    FormatWrong,
    /// A number without digits where upstream needs some (upstream `ErrNumeric`), e.g. `Ei`.
    Numeric,
    /// A suffix Kubernetes does not know (upstream `ErrSuffix`), e.g. `1K`, `1e` or `1E2147483648`.
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FormatWrong => write!(
                f,
                "quantities must match the regular expression '{FORMAT_PATTERN}'"
            ),
            Self::Numeric => f.write_str("unable to parse numeric part of quantity"),
            Self::Suffix => f.write_str("unable to parse quantity's suffix"),
        }
    }
}

impl std::error::Error for QuantityError {}

/// A Kubernetes quantity. Equality, ordering and hashing are by exact numeric value, so
/// `1Gi == 1024Mi` and `1e3 == 1k`, even though they print differently.
#[derive(Clone, Debug)]
pub struct Quantity {
    amount: Decimal,
    format: Format,
    /// The input text, kept when upstream would print it back verbatim (see `Quantity::parse`).
    spelling: Option<Box<str>>,
}

impl Quantity {
    /// Parses `<signedNumber><suffix>` exactly as `resource.ParseQuantity` does, including which
    /// error each malformed input gets and which odd inputs it accepts.
    pub fn parse(text: &str) -> Result<Self, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        if text == "0" {
            return Ok(Self {
                amount: Decimal::zero(),
                format: Format::DecimalSI,
                spelling: Some(text.into()),
            });
        }
        let scanned = scan(text.as_bytes())?;
        let suffix = interpret_suffix(scanned.suffix).ok_or(QuantityError::Suffix)?;
        let path = upstream_path(&scanned, suffix);
        // Only upstream's big-decimal path rejects a number without digits; its int64 path
        // reads one as zero.
        if path == UpstreamPath::BigDecimal && !scanned.has_digits {
            return Err(QuantityError::Numeric);
        }

        let mut format = suffix.format;
        let mut amount = exact_amount(&scanned, suffix).round_magnitude_up_to_nano();
        if format == Format::BinarySI {
            let cap = Decimal::new(amount.negative, I64_MAX_DIGITS.to_vec(), 0);
            if amount.cmp_magnitude(&cap) == Ordering::Greater {
                amount = cap;
            }
            // A binary suffix cannot show a fraction of one, so such values switch family.
            if !amount.is_zero() && amount.order_of_magnitude() <= 0 {
                format = Format::DecimalSI;
            }
        }
        Ok(Self {
            amount,
            format,
            spelling: path.keeps_spelling().then(|| text.into()),
        })
    }

    /// A whole-number quantity in the given family, like upstream's `NewQuantity(value, format)`.
    pub fn new(value: i64, format: Format) -> Self {
        Self {
            amount: Decimal::from_i128(i128::from(value)),
            format,
            spelling: None,
        }
    }

    /// A byte count, printed with binary suffixes (`NewQuantity(bytes, BinarySI)`).
    pub fn from_bytes(bytes: i64) -> Self {
        Self::new(bytes, Format::BinarySI)
    }

    /// The suffix family the canonical text uses.
    pub fn format(&self) -> Format {
        self.format
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.amount.negative
    }

    /// The value as a whole number, rounded away from zero like upstream's `Value()`, and
    /// saturated at the i64 range where upstream would overflow.
    pub fn value(&self) -> i64 {
        let amount = &self.amount;
        let saturated = if amount.negative { i64::MIN } else { i64::MAX };
        if amount.is_zero() {
            return 0;
        }
        // At 10^19 and above nothing fits an i64; below it the arithmetic fits u128 easily.
        if amount.order_of_magnitude() > 19 {
            return saturated;
        }
        let whole_digits = usize::try_from(amount.order_of_magnitude())
            .unwrap_or(0)
            .min(amount.digits.len());
        let mut magnitude = amount.digits[..whole_digits]
            .iter()
            .fold(0u128, |acc, &digit| acc * 10 + u128::from(digit - b'0'));
        for _ in 0..amount.exponent.max(0) {
            magnitude *= 10;
        }
        // Normalized digits end in a non-zero digit, so a negative exponent means a fraction.
        if amount.exponent < 0 {
            magnitude += 1;
        }
        let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
        let signed = if amount.negative {
            -magnitude
        } else {
            magnitude
        };
        i64::try_from(signed).unwrap_or(saturated)
    }

    /// The canonical text upstream's `CanonicalizeBytes` computes from the value and format,
    /// ignoring any input spelling that `Display` would repeat.
    pub fn canonical_string(&self) -> String {
        let amount = &self.amount;
        if amount.is_zero() {
            return "0".to_owned();
        }
        let sign = if amount.negative { "-" } else { "" };
        if let Some((mantissa, suffix)) = self.binary_si_parts() {
            return format!("{sign}{mantissa}{suffix}");
        }
        // Use the largest exponent that is a multiple of three and keeps the mantissa whole.
        let padding = amount.exponent.rem_euclid(3);
        let exponent = amount.exponent - padding;
        let mut text = String::with_capacity(amount.digits.len() + 24);
        text.push_str(sign);
        text.extend(amount.digits.iter().map(|&digit| char::from(digit)));
        text.extend((0..padding).map(|_| '0'));
        let decimal_si = decimal_si_suffix(exponent);
        match (self.format, decimal_si) {
            (Format::DecimalSI | Format::BinarySI, Some(suffix)) => text.push_str(suffix),
            // Beyond `E` (10^18) DecimalSI has no suffix, so upstream falls back to an exponent.
            _ if exponent != 0 => text.push_str(&format!("e{exponent}")),
            _ => {}
        }
        text
    }

    /// Mantissa and suffix for binary output, or `None` where upstream prints DecimalSI instead.
    fn binary_si_parts(&self) -> Option<(u128, &'static str)> {
        if self.format != Format::BinarySI {
            return None;
        }
        // Within (-1024, 1024) there is no binary suffix to show, and a fraction cannot be shown
        // without losing precision.
        if self.amount.cmp_magnitude(&Decimal::from_i128(1024)) == Ordering::Less {
            return None;
        }
        let mut mantissa = self.amount.integer_magnitude()?;
        // Only `new(i64::MIN, BinarySI)` gets here; upstream's int64 path prints it in plain
        // digits because negating it overflows, and that text also parses back exactly.
        if mantissa > u128::from(i64::MAX.unsigned_abs()) {
            return Some((mantissa, ""));
        }
        let mut power = 0;
        while mantissa % 1024 == 0 && power + 1 < BINARY_SUFFIXES.len() {
            mantissa /= 1024;
            power += 1;
        }
        Some((mantissa, BINARY_SUFFIXES[power]))
    }
}

impl Default for Quantity {
    fn default() -> Self {
        Self::new(0, Format::DecimalSI)
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.amount == other.amount
    }
}

impl Eq for Quantity {}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.amount.hash(state);
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.amount.cmp(&other.amount)
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Upstream's `String()`: the kept input spelling if there is one, else the canonical text.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.spelling {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.canonical_string()),
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

/// Accepts what upstream's `UnmarshalJSON` accepts: a string, or a bare number (`storage: 5`).
struct QuantityVisitor;

impl QuantityVisitor {
    fn parse_number<E: de::Error>(text: &str) -> Result<Quantity, E> {
        Quantity::parse(text).map_err(E::custom)
    }
}

impl Visitor<'_> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes quantity such as \"10Gi\", \"500m\" or 5")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Quantity, E> {
        // Upstream trims surrounding whitespace before parsing (and marks that for review), so `" 1"` is
        // accepted on the wire even though `parse` rejects it.
        Quantity::parse(text.trim()).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Quantity, E> {
        Self::parse_number(&value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Quantity, E> {
        Self::parse_number(&value.to_string())
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Quantity, E> {
        Self::parse_number(&value.to_string())
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Quantity, E> {
        Self::parse_number(&value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Quantity, E> {
        if !value.is_finite() {
            return Err(E::invalid_value(Unexpected::Float(value), &self));
        }
        Self::parse_number(&go_json_float_text(value))
    }
}

/// Spells a float as Go's encoding/json does: that is the text upstream parses when kubectl turns
/// a YAML number (`storage: 1.5`) into JSON, and the spelling can end up printed verbatim.
fn go_json_float_text(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        // Shortest round-trip digits, as Go uses; Go also signs positive exponents ("1e+21").
        let text = format!("{value:e}");
        return match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        };
    }
    format!("{value}")
}

/// A quantity's text split the way upstream's `parseQuantityString` splits it.
struct ScannedText<'a> {
    negative: bool,
    /// Integer digits without leading zeros; may be empty.
    whole: &'a [u8],
    /// Digits after the decimal point; may be empty.
    fraction: &'a [u8],
    /// Whether the number had any digit at all, counting stripped leading zeros.
    has_digits: bool,
    /// Suffix letters, then an optional sign and digits (`Ki`, `e-3`, ``).
    suffix: &'a [u8],
}

fn scan(text: &[u8]) -> Result<ScannedText<'_>, QuantityError> {
    let skip_while = |start: usize, accept: &dyn Fn(u8) -> bool| {
        start
            + text[start..]
                .iter()
                .take_while(|&&byte| accept(byte))
                .count()
    };
    let (negative, number_start) = match text.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let zeros_end = skip_while(number_start, &|byte| byte == b'0');
    let whole_end = skip_while(zeros_end, &|byte| byte.is_ascii_digit());
    let mut fraction: &[u8] = &[];
    let mut position = whole_end;
    if text.get(position) == Some(&b'.') {
        let fraction_end = skip_while(position + 1, &|byte| byte.is_ascii_digit());
        fraction = &text[position + 1..fraction_end];
        position = fraction_end;
    }
    let whole = &text[zeros_end..whole_end];
    let has_digits = zeros_end > number_start || !whole.is_empty() || !fraction.is_empty();

    let suffix_start = position;
    position = skip_while(position, &|byte| SUFFIX_LETTERS.contains(&byte));
    if matches!(text.get(position), Some(b'+' | b'-')) {
        position += 1;
    }
    position = skip_while(position, &|byte| byte.is_ascii_digit());
    if position != text.len() {
        return Err(QuantityError::FormatWrong);
    }
    Ok(ScannedText {
        negative,
        whole,
        fraction,
        has_digits,
        suffix: &text[suffix_start..],
    })
}

/// What a suffix means: a power of ten for the decimal families, of two for `BinarySI`.
#[derive(Clone, Copy)]
struct Suffix {
    format: Format,
    exponent: i32,
}

fn interpret_suffix(suffix: &[u8]) -> Option<Suffix> {
    let decimal_si = |exponent| {
        Some(Suffix {
            format: Format::DecimalSI,
            exponent,
        })
    };
    let binary_si = |exponent| {
        Some(Suffix {
            format: Format::BinarySI,
            exponent,
        })
    };
    match suffix {
        b"" => decimal_si(0),
        b"n" => decimal_si(-9),
        b"u" => decimal_si(-6),
        b"m" => decimal_si(-3),
        b"k" => decimal_si(3),
        b"M" => decimal_si(6),
        b"G" => decimal_si(9),
        b"T" => decimal_si(12),
        b"P" => decimal_si(15),
        // A bare `E` is exa; only `E` followed by a number is an exponent.
        b"E" => decimal_si(18),
        b"Ki" => binary_si(10),
        b"Mi" => binary_si(20),
        b"Gi" => binary_si(30),
        b"Ti" => binary_si(40),
        b"Pi" => binary_si(50),
        b"Ei" => binary_si(60),
        [b'e' | b'E', exponent @ ..] => {
            // Rust's i32 grammar is Go's `strconv.ParseInt(s, 10, 32)`: optional sign, digits,
            // and the value must fit 32 bits.
            let exponent = std::str::from_utf8(exponent).ok()?.parse().ok()?;
            Some(Suffix {
                format: Format::DecimalExponent,
                exponent,
            })
        }
        _ => None,
    }
}

/// Which of upstream's two parse paths an input takes. The value is the same either way, but only
/// the int64 path may keep the input text as the printed form, and only the big-decimal path
/// rejects a number without digits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UpstreamPath {
    Int64 { keeps_spelling: bool },
    BigDecimal,
}

impl UpstreamPath {
    fn keeps_spelling(self) -> bool {
        matches!(
            self,
            Self::Int64 {
                keeps_spelling: true
            }
        )
    }
}

fn upstream_path(scanned: &ScannedText<'_>, suffix: Suffix) -> UpstreamPath {
    // Upstream's integer part is "0" when no non-zero integer digit was written.
    let whole: &[u8] = if scanned.whole.is_empty() {
        b"0"
    } else {
        scanned.whole
    };
    match suffix.format {
        Format::BinarySI => {
            // Upstream guesses three decimal digits per ten bits and allows fifteen in all.
            let power_digits = suffix.exponent.unsigned_abs() as usize * 3 / 10;
            if !scanned.fraction.is_empty() || whole.len() + power_digits + 1 > 15 {
                return UpstreamPath::BigDecimal;
            }
            // A count divisible by eight is not trusted as canonical (1024Mi is 1Gi).
            let last_digits = &whole[whole.len().saturating_sub(3)..];
            let low_value = last_digits
                .iter()
                .fold(0u32, |acc, &digit| acc * 10 + u32::from(digit - b'0'));
            UpstreamPath::Int64 {
                keeps_spelling: low_value % 8 != 0,
            }
        }
        Format::DecimalSI | Format::DecimalExponent => {
            // Eighteen digits always fit an int64; below nano the value would need rounding.
            let digit_count = whole.len() + scanned.fraction.len();
            let scale = i64::from(suffix.exponent) - scanned.fraction.len().min(18) as i64;
            if digit_count > 18 || scale < NANO_EXPONENT {
                return UpstreamPath::BigDecimal;
            }
            // Trusted as canonical: exponent a multiple of three, no "000" that a larger suffix
            // would absorb, and a non-zero integer part. A decimal point is not checked, hence
            // `1.100` printing as itself.
            let shifted = [whole, scanned.fraction].concat();
            UpstreamPath::Int64 {
                keeps_spelling: scale % 3 == 0
                    && !shifted.ends_with(b"000")
                    && shifted.first() != Some(&b'0'),
            }
        }
    }
}

/// The exact value written, before upstream's rounding and capping.
fn exact_amount(scanned: &ScannedText<'_>, suffix: Suffix) -> Decimal {
    let digits = [scanned.whole, scanned.fraction].concat();
    let fraction_len = i64::try_from(scanned.fraction.len()).unwrap_or(i64::MAX);
    match suffix.format {
        Format::BinarySI => Decimal::new(scanned.negative, digits, -fraction_len)
            .multiply_by_power_of_two(suffix.exponent.unsigned_abs()),
        Format::DecimalSI | Format::DecimalExponent => Decimal::new(
            scanned.negative,
            digits,
            i64::from(suffix.exponent).saturating_sub(fraction_len),
        ),
    }
}

fn decimal_si_suffix(exponent: i64) -> Option<&'static str> {
    Some(match exponent {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

/// An exact signed decimal `±digits × 10^exponent`.
///
/// Always normalized (no leading or trailing zero digits; zero has no digits, exponent 0 and no
/// sign), so each value has one representation and the derived equality and hash are numeric.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Decimal {
    negative: bool,
    /// ASCII digits, most significant first.
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    fn zero() -> Self {
        Self {
            negative: false,
            digits: Vec::new(),
            exponent: 0,
        }
    }

    fn new(negative: bool, mut digits: Vec<u8>, exponent: i64) -> Self {
        let leading_zeros = digits.iter().take_while(|&&digit| digit == b'0').count();
        digits.drain(..leading_zeros);
        let trailing_zeros = digits
            .iter()
            .rev()
            .take_while(|&&digit| digit == b'0')
            .count();
        digits.truncate(digits.len() - trailing_zeros);
        if digits.is_empty() {
            return Self::zero();
        }
        let trailing_zeros = i64::try_from(trailing_zeros).unwrap_or(i64::MAX);
        Self {
            negative,
            digits,
            exponent: exponent.saturating_add(trailing_zeros),
        }
    }

    fn from_i128(value: i128) -> Self {
        Self::new(value < 0, value.unsigned_abs().to_string().into_bytes(), 0)
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// The `n` with magnitude in `[10^(n-1), 10^n)`, in a type too wide to overflow.
    fn order_of_magnitude(&self) -> i128 {
        self.digits.len() as i128 + i128::from(self.exponent)
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            // With equal orders, normalized digits compare like zero-padded fractions.
            (false, false) => self
                .order_of_magnitude()
                .cmp(&other.order_of_magnitude())
                .then_with(|| self.digits.cmp(&other.digits)),
        }
    }

    /// The magnitude as an integer; `None` if it has a fraction or does not fit a u128.
    fn integer_magnitude(&self) -> Option<u128> {
        if self.exponent < 0 || self.order_of_magnitude() > 39 {
            return None;
        }
        let mut value = 0u128;
        for &digit in &self.digits {
            value = value
                .checked_mul(10)?
                .checked_add(u128::from(digit - b'0'))?;
        }
        for _ in 0..self.exponent {
            value = value.checked_mul(10)?;
        }
        Some(value)
    }

    /// Exact product with `2^power` for `power <= 60`, the largest binary suffix.
    fn multiply_by_power_of_two(&self, power: u32) -> Self {
        let factor = 1u128 << power.min(60);
        let mut reversed = Vec::with_capacity(self.digits.len() + 20);
        // 9 * 2^60 plus a carry below 2^61 stays far inside a u128.
        let mut carry = 0u128;
        for &digit in self.digits.iter().rev() {
            let product = u128::from(digit - b'0') * factor + carry;
            reversed.push(ascii_digit(product));
            carry = product / 10;
        }
        while carry > 0 {
            reversed.push(ascii_digit(carry));
            carry /= 10;
        }
        reversed.reverse();
        Self::new(self.negative, reversed, self.exponent)
    }

    /// Drops digits below 10^-9, rounding the magnitude up so a tiny request still gets something.
    fn round_magnitude_up_to_nano(self) -> Self {
        if self.is_zero() || self.exponent >= NANO_EXPONENT {
            return self;
        }
        let dropped = i128::from(NANO_EXPONENT) - i128::from(self.exponent);
        let kept = usize::try_from(self.digits.len() as i128 - dropped).unwrap_or(0);
        let mut digits = self.digits[..kept].to_vec();
        // The dropped digits end in a non-zero digit (normalized), so rounding always adds one.
        let mut position = digits.len();
        loop {
            if position == 0 {
                digits.insert(0, b'1');
                break;
            }
            position -= 1;
            if digits[position] == b'9' {
                digits[position] = b'0';
            } else {
                digits[position] += 1;
                break;
            }
        }
        Self::new(self.negative, digits, NANO_EXPONENT)
    }
}

fn ascii_digit(value: u128) -> u8 {
    b"0123456789"[(value % 10) as usize]
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.negative { "-" } else { "" };
        let digits = String::from_utf8_lossy(&self.digits);
        write!(f, "{sign}{digits}e{}", self.exponent)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let signum = |decimal: &Decimal| match (decimal.is_zero(), decimal.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        signum(self).cmp(&signum(other)).then_with(|| {
            let by_magnitude = self.cmp_magnitude(other);
            if self.negative {
                by_magnitude.reverse()
            } else {
                by_magnitude
            }
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest and serde_json are host-only
mod tests {
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
                "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi",
                "Ei",
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
}
