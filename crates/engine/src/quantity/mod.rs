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

/// Zero, as `Quantity::new(0, DecimalSI)` makes it, without formatting the 0 to get there
/// (the matcher takes a zero for every claim without a request).
impl Default for Quantity {
    fn default() -> Self {
        Self {
            amount: Decimal::zero(),
            format: Format::DecimalSI,
            spelling: None,
        }
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
pub fn go_json_float_text(value: f64) -> String {
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
mod tests;
