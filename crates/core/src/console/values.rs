//! Small readers and Go renderings the printers share: fields of the parts of objects the
//! simulator keeps as written (a pod's containers, exotic volume sources), Go's `%v` of a string
//! list, RFC 1123 dates with a numeric zone, and quantities in billionths.

use pv_engine::quantity::Quantity;
use pv_engine::time::Timestamp;
use pv_engine::value::Value;

/// Field access on an opaque value, with Go's zero values for what is missing.
pub(crate) trait ValueExt {
    fn get(&self, key: &str) -> Option<&Value>;
    fn as_text(&self) -> Option<&str>;
    /// A string field, or empty.
    fn text(&self, key: &str) -> String;
    /// An integer field, or 0.
    fn int(&self, key: &str) -> i64;
    /// A boolean field, or false.
    fn boolean(&self, key: &str) -> bool;
    /// A list field, or empty.
    fn list(&self, key: &str) -> &[Value];
}

impl ValueExt for Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(map) => map.get(key),
            _ => None,
        }
    }

    fn as_text(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> String {
        match ValueExt::get(self, key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Int(i)) => i.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => String::new(),
        }
    }

    fn int(&self, key: &str) -> i64 {
        match ValueExt::get(self, key) {
            Some(Value::Int(i)) => *i,
            _ => 0,
        }
    }

    fn boolean(&self, key: &str) -> bool {
        matches!(ValueExt::get(self, key), Some(Value::Bool(true)))
    }

    fn list(&self, key: &str) -> &[Value] {
        match ValueExt::get(self, key) {
            Some(Value::Seq(items)) => items,
            _ => &[],
        }
    }
}

impl ValueExt for Box<Value> {
    fn get(&self, key: &str) -> Option<&Value> {
        ValueExt::get(&**self, key)
    }
    fn as_text(&self) -> Option<&str> {
        (**self).as_text()
    }
    fn text(&self, key: &str) -> String {
        (**self).text(key)
    }
    fn int(&self, key: &str) -> i64 {
        (**self).int(key)
    }
    fn boolean(&self, key: &str) -> bool {
        (**self).boolean(key)
    }
    fn list(&self, key: &str) -> &[Value] {
        (**self).list(key)
    }
}

/// Go's `%v` of a `[]string`: `[a b]`.
pub(crate) fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// Go's `time.RFC1123Z` in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`.
pub(crate) fn rfc1123z(time: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = time.to_string();
    let day = DAYS[time.0.div_euclid(86_400).rem_euclid(7) as usize];
    let month: usize = iso.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    format!(
        "{day}, {} {} {} {} +0000",
        iso.get(8..10).unwrap_or("01"),
        MONTHS[month.clamp(1, 12) - 1],
        iso.get(0..4).unwrap_or("0001"),
        iso.get(11..19).unwrap_or("00:00:00")
    )
}

/// A quantity in billionths of its unit (None beyond what an i128 holds).
pub(crate) fn nanos(quantity: &Quantity) -> Option<i128> {
    let text = quantity.canonical_string();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits_end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let mut value: i128 = format!("{whole}{fraction}").parse().ok()?;
    let mut scale: i32 = 9 - fraction.len() as i32;
    let binary = |power: u32| 1024i128.checked_pow(power);
    let factor = match suffix {
        "n" => {
            scale -= 9;
            1
        }
        "u" => {
            scale -= 6;
            1
        }
        "m" => {
            scale -= 3;
            1
        }
        "" => 1,
        "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        "P" => 1_000_000_000_000_000,
        "E" => 1_000_000_000_000_000_000,
        "Ki" => binary(1)?,
        "Mi" => binary(2)?,
        "Gi" => binary(3)?,
        "Ti" => binary(4)?,
        "Pi" => binary(5)?,
        "Ei" => binary(6)?,
        other => {
            let exponent: i32 = other.strip_prefix(['e', 'E'])?.parse().ok()?;
            scale += exponent;
            1
        }
    };
    value = value.checked_mul(factor)?;
    if scale >= 0 {
        value = value.checked_mul(10i128.checked_pow(scale as u32)?)?;
    } else {
        value /= 10i128.checked_pow((-scale) as u32)?;
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_quantities_as_go_prints_them() {
        let t = Timestamp::parse("2025-06-02T09:15:11Z").unwrap();
        assert_eq!(rfc1123z(t), "Mon, 02 Jun 2025 09:15:11 +0000");
        assert_eq!(
            rfc1123z(Timestamp::EPOCH),
            "Thu, 01 Jan 2026 00:00:00 +0000"
        );
        let n = |s: &str| nanos(&Quantity::parse(s).unwrap());
        assert_eq!(n("250m"), Some(250_000_000));
        assert_eq!(n("1Gi"), Some(1_073_741_824_000_000_000));
        assert_eq!(n("2"), Some(2_000_000_000));
        assert_eq!(go_list(&["a".into(), "b".into()]), "[a b]");
        assert_eq!(go_list(&[]), "[]");
    }
}
