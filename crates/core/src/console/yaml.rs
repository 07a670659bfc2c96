//! YAML as `kubectl get -o yaml` prints it: the object's JSON turned into YAML by
//! `sigs.k8s.io/yaml`, that is go-yaml v2's encoder and emitter (a port of libyaml). Keys are
//! sorted by go-yaml's order (letters after other characters, digit runs compared as numbers);
//! a string is plain unless go-yaml would read it back as something else (`"yes"`, `"1"`,
//! timestamps), single-quoted when plain is not allowed (`'*'`), double-quoted when that is not
//! allowed either, and literal (`|`) when it holds a newline; long plain and quoted strings fold
//! at a space once the line passes 80 columns; lists sit at their key's indent.

use crate::manifest::{Entry, Node, NodeKind};
use pv_engine::sort::CompactSort;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// The document for one tree (a mapping, a list or a scalar), with its final newline.
pub(crate) fn to_yaml(node: &Node) -> String {
    let mut emitter = Emitter {
        out: String::new(),
        column: 0,
        indent: -1,
        whitespace: true,
        indention: true,
    };
    emitter.node(node, Context::Root);
    // The document end: a line break if the last line is open.
    if emitter.column > 0 {
        emitter.put_break();
    }
    emitter.out
}

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;
/// go-yaml writes a key longer than this (in bytes) as a complex key (`? key`).
const MAX_SIMPLE_KEY: usize = 128;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Root,
    /// A value in a mapping (the line holds `key:`).
    MappingValue,
    /// An item of a sequence (the line holds `-`).
    SequenceItem,
    /// A key that fits on one line.
    SimpleKey,
    /// The key of a complex `? key` entry.
    ComplexKey,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

struct Emitter {
    out: String,
    column: usize,
    indent: i64,
    whitespace: bool,
    indention: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// `increase_indent`: a flow or scalar node goes two deeper; a block collection too,
    /// except a sequence directly under a mapping key (`indentless`).
    fn increase_indent(&mut self, flow: bool, indentless: bool) -> i64 {
        let saved = self.indent;
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
        saved
    }

    fn node(&mut self, node: &Node, context: Context) {
        match &node.kind {
            NodeKind::Map(entries) if !entries.is_empty() => self.mapping(entries),
            NodeKind::Seq(items) if !items.is_empty() => self.sequence(items, context),
            NodeKind::Map(_) => self.empty_flow("{}"),
            NodeKind::Seq(_) => self.empty_flow("[]"),
            NodeKind::Null => self.scalar("null", Style::Plain, context),
            NodeKind::Bool(b) => {
                self.scalar(if *b { "true" } else { "false" }, Style::Plain, context)
            }
            NodeKind::Int(i) => self.scalar(&i.to_string(), Style::Plain, context),
            NodeKind::Float(f) => self.scalar(&go_float(*f), Style::Plain, context),
            NodeKind::Str(s) => self.scalar(s, requested_style(s), context),
        }
    }

    fn empty_flow(&mut self, text: &str) {
        let saved = self.increase_indent(true, false);
        self.write_indicator(&text[..1], true, true, false);
        self.write_indicator(&text[1..], false, false, false);
        self.indent = saved;
    }

    fn mapping(&mut self, entries: &[Entry]) {
        let saved = self.increase_indent(false, false);
        let mut sorted: Vec<&Entry> = entries.iter().collect();
        sorted.compact_sort_by(|a, b| key_order(&a.key, &b.key));
        for entry in sorted {
            self.write_indent();
            let simple = entry.key.len() <= MAX_SIMPLE_KEY && !has_break(&entry.key);
            if simple {
                self.scalar(&entry.key, requested_style(&entry.key), Context::SimpleKey);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.scalar(&entry.key, requested_style(&entry.key), Context::ComplexKey);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(&entry.value, Context::MappingValue);
        }
        self.indent = saved;
    }

    fn sequence(&mut self, items: &[Node], context: Context) {
        let indentless = context == Context::MappingValue && !self.indention;
        let saved = self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::SequenceItem);
        }
        self.indent = saved;
    }

    fn scalar(&mut self, value: &str, requested: Style, context: Context) {
        let analysis = Analysis::of(value);
        let simple_key = context == Context::SimpleKey;
        let mut style = requested;
        if simple_key && analysis.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain
            && (!analysis.block_plain_allowed || (value.is_empty() && simple_key))
        {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!analysis.block_allowed || simple_key) {
            style = Style::DoubleQuoted;
        }
        let saved = self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.plain(value, allow_breaks),
            Style::SingleQuoted => self.single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.double_quoted(value, allow_breaks),
            Style::Literal => self.literal(value),
        }
        self.indent = saved;
    }

    fn plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c => {
                        let v = c as u32;
                        let (letter, width) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        let mut hex = String::new();
                        let _ = write!(hex, "{v:0width$X}");
                        for h in hex.chars() {
                            self.put(h);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != chars.len() - 1
                {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.put(char::from(b'0' + BEST_INDENT as u8));
        }
        let chomp = match chars.as_slice() {
            [] => Some('-'),
            [.., last] if !is_break(*last) => Some('-'),
            [_] => Some('+'),
            [.., before, _] if is_break(*before) => Some('+'),
            _ => None,
        };
        if let Some(hint) = chomp {
            self.put(hint);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn has_break(s: &str) -> bool {
    s.chars().any(is_break)
}

/// libyaml's printable set, as go-yaml v2 tests it byte-wise: four-byte characters (emoji)
/// are not printable there.
fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || v == 0x85
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
}

/// What libyaml's `analyze_scalar` finds out about a value.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(value: &str) -> Analysis {
        if value.is_empty() {
            return Analysis {
                multiline: false,
                block_plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
            };
        }
        let chars: Vec<char> = value.chars().collect();
        let mut block_indicators = value.starts_with("---") || value.starts_with("...");
        let (mut line_breaks, mut special) = (false, false);
        let (mut leading_space, mut leading_break) = (false, false);
        let (mut trailing_space, mut trailing_break) = (false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        let is_blank = |c: Option<&char>| matches!(c, None | Some(' ' | '\t'));
        for (i, &c) in chars.iter().enumerate() {
            let followed_by_whitespace = is_blank(chars.get(i + 1));
            if i == 0 {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => block_indicators = true,
                    '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                    _ => {}
                }
            } else {
                match c {
                    ':' if followed_by_whitespace => block_indicators = true,
                    '#' if preceded_by_whitespace => block_indicators = true,
                    _ => {}
                }
            }
            if !is_printable(c) {
                special = true;
            }
            let last = i + 1 == chars.len();
            if c == ' ' {
                leading_space |= i == 0;
                trailing_space |= last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                line_breaks = true;
                leading_break |= i == 0;
                trailing_break |= last;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = matches!(c, ' ' | '\t' | '\0') || is_break(c);
        }
        let mut analysis = Analysis {
            multiline: line_breaks,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
        };
        if leading_space || leading_break || trailing_space || trailing_break {
            analysis.block_plain_allowed = false;
        }
        if trailing_space {
            analysis.block_allowed = false;
        }
        if break_space {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
        }
        if space_break || special {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
            analysis.block_allowed = false;
        }
        if line_breaks || block_indicators {
            analysis.block_plain_allowed = false;
        }
        analysis
    }
}

/// The style go-yaml's encoder asks for: literal for text with a newline, plain when reading
/// the text back gives the same string, double-quoted otherwise.
fn requested_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if resolves_to_string(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    }
}

/// go-yaml v2's `resolve` for an untagged plain scalar: is it still a string?
fn resolves_to_string(s: &str) -> bool {
    const NOT_STRINGS: [&str; 35] = [
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "<<", "+.inf",
    ];
    const MORE: [&str; 5] = ["+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"];
    let Some(first) = s.chars().next() else {
        return false;
    };
    let hinted = matches!(first, '+' | '-' | '0'..='9' | '.') || "yYnNtTfFoO~".contains(first);
    if !hinted {
        return true;
    }
    if NOT_STRINGS.contains(&s) || MORE.contains(&s) {
        return false;
    }
    match first {
        '.' => s.parse::<f64>().is_err() || !go_parse_float_syntax(s),
        '+' | '-' | '0'..='9' => {
            if is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            !(go_parse_int(&plain) || is_yaml_float(&plain) || is_binary_int(&plain))
        }
        _ => true,
    }
}

/// Go's `strconv.ParseFloat` accepts what Rust does here, but also hex floats and `inf`
/// spellings; for a value starting with `.` only digits and exponents matter.
fn go_parse_float_syntax(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
}

/// `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` succeeds.
fn go_parse_int(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (digits, radix) = if let Some(rest) = unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        (rest, 16)
    } else if let Some(rest) = unsigned
        .strip_prefix("0b")
        .or_else(|| unsigned.strip_prefix("0B"))
    {
        (rest, 2)
    } else if let Some(rest) = unsigned
        .strip_prefix("0o")
        .or_else(|| unsigned.strip_prefix("0O"))
    {
        (rest, 8)
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        (&unsigned[1..], 8)
    } else {
        (unsigned, 10)
    };
    if digits.is_empty() {
        return false;
    }
    let negative = s.starts_with('-');
    match u64::from_str_radix(digits, radix) {
        Ok(v) if negative => v <= 1 << 63,
        Ok(v) => s.starts_with('+') && v <= i64::MAX as u64 || !s.starts_with('+'),
        Err(_) => false,
    }
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

fn is_binary_int(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    s.strip_prefix("0b")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b == b'0' || b == b'1'))
}

/// go-yaml's `parseTimestamp`: four digits and `-`, then one of its layouts
/// (`2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`, `2006-1-2t…`, `2006-1-2 15:4:5.999999999`).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let number = |t: &str, max: usize| {
        !t.is_empty() && t.len() <= max && t.bytes().all(|c| c.is_ascii_digit())
    };
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(at) => (&rest[..at], Some((&rest[at..at + 1], &rest[at + 1..]))),
        None => (rest, None),
    };
    let Some((month, day)) = date.split_once('-') else {
        return false;
    };
    let date_ok = number(month, 2)
        && number(day, 2)
        && (1..=12).contains(&month.parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&day.parse::<u32>().unwrap_or(0));
    if !date_ok {
        return false;
    }
    let Some((separator, time)) = time else {
        return true;
    };
    // The time part: h:m:s, an optional fraction, then a zone (`Z` or ±hh:mm) except after a
    // space, where no zone is allowed.
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(at) => (&time[..at], &time[at..]),
        None => (time, ""),
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let clock_ok = parts.len() == 3
        && parts.iter().all(|p| number(p, 2))
        && fraction.is_none_or(|f| number(f, 9));
    let zone_ok = if separator == " " {
        zone.is_empty()
    } else {
        zone == "Z" || {
            let z = zone.as_bytes();
            z.len() == 6 && matches!(z[0], b'+' | b'-') && z[3] == b':'
        }
    };
    clock_ok && zone_ok
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, fraction) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok = head.starts_with(|c: char| c.is_ascii_digit())
        && head.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let rest: Vec<&str> = parts.collect();
    let rest_ok = !rest.is_empty()
        && rest.iter().all(|p| {
            let b = p.as_bytes();
            match b {
                [d] => d.is_ascii_digit(),
                [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
                _ => false,
            }
        });
    head_ok
        && rest_ok
        && fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_'))
}

/// go-yaml's key order (`keyList.Less`): runs of digits compare as numbers, and a letter sorts
/// after anything that is not one.
pub(crate) fn key_order(a: &str, b: &str) -> Ordering {
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` with go-yaml's names for the infinities.
fn go_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    let exponent = f.abs().log10().floor() as i32;
    if !(-4..6).contains(&exponent) {
        let text = format!("{f:e}");
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let (sign, digits) = match exp.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exp),
        };
        format!("{mantissa}e{sign}{digits:0>2}")
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::json;

    fn yaml_of(json_text: &str) -> String {
        to_yaml(&json::parse(json_text).unwrap())
    }

    #[test]
    fn kubectl_layout_lists_at_their_keys_indent_and_quoting_like_go_yaml() {
        let text = r#"{"metadata":{"name":"pv-a","annotations":{"pv.kubernetes.io/bound-by-controller":"yes","x":""},"creationTimestamp":"2025-06-02T09:15:10Z","finalizers":["kubernetes.io/pv-protection"],"resourceVersion":"47010"},"spec":{"capacity":{"storage":"1Gi"},"mountOptions":[],"claimRef":{}},"status":{"phase":"Bound"},"apiVersion":"v1","kind":"PersistentVolume"}"#;
        assert_eq!(
            yaml_of(text),
            "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  annotations:\n    pv.kubernetes.io/bound-by-controller: \"yes\"\n    x: \"\"\n  creationTimestamp: \"2025-06-02T09:15:10Z\"\n  finalizers:\n  - kubernetes.io/pv-protection\n  name: pv-a\n  resourceVersion: \"47010\"\nspec:\n  capacity:\n    storage: 1Gi\n  claimRef: {}\n  mountOptions: []\nstatus:\n  phase: Bound\n"
        );
    }

    #[test]
    fn strings_get_the_style_go_yaml_gives_them() {
        let cases = [
            ("plain text", "plain text"),
            ("1Gi", "1Gi"),
            ("10", "\"10\""),
            ("0x1F", "\"0x1F\""),
            ("1e3", "\"1e3\""),
            ("08", "\"08\""),
            ("1:20", "\"1:20\""),
            ("2026-01-01", "\"2026-01-01\""),
            ("true", "\"true\""),
            ("On", "\"On\""),
            ("~", "\"~\""),
            ("*", "'*'"),
            ("- x", "'- x'"),
            ("a: b", "'a: b'"),
            ("a #b", "'a #b'"),
            ("it's: x", "'it''s: x'"),
            (" lead", "' lead'"),
            ("tab\there", "\"tab\\there\""),
            ("line\nnext", "|-\n  line\n  next"),
            ("line\n", "|\n  line"),
        ];
        for (value, expected) in cases {
            let node = Node::new(NodeKind::Str(value.to_owned()));
            assert_eq!(to_yaml(&node), format!("{expected}\n"), "{value:?}");
        }
    }

    #[test]
    // As kubectl 1.32 printed it against the oracle: the fold comes at the first space after
    // column 80, the rest two deeper than the key.
    fn long_text_folds_at_a_space_after_eighty_columns() {
        let message = "Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator.";
        let out = yaml_of(&format!("{{\"message\":\"{message}\"}}"));
        assert_eq!(
            out,
            "message: Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com'\n  or manually by the system administrator.\n"
        );
    }

    #[test]
    fn keys_sort_with_numbers_as_numbers_and_letters_last() {
        let mut keys = vec!["a10", "a9", "aZ", "a_b", "b", "a"];
        keys.compact_sort_by(|a, b| key_order(a, b));
        assert_eq!(keys, ["a", "a_b", "a9", "a10", "aZ", "b"]);
    }
}
