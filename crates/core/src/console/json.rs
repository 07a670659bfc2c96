//! JSON as the Go programs on either side of kubectl handle it: reading a patch the way Go's
//! `encoding/json` scanner does (the API server's words for a malformed body: `invalid character
//! 's' looking for beginning of object key string`, `unexpected end of JSON input`), and writing
//! an object as kubectl's `-o json` does (`json.MarshalIndent` with four spaces, keys sorted,
//! `<`, `>` and `&` escaped).

use crate::manifest::{Entry, Node, NodeKind};
use pv_engine::sort::CompactSort;
use std::fmt::Write as _;

/// Reads JSON text into a tree, or Go's syntax error for it.
pub(crate) fn parse(text: &str) -> Result<Node, String> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    reader.skip_space();
    let value = reader.value()?;
    reader.skip_space();
    match reader.peek() {
        None => Ok(value),
        Some(c) => Err(invalid(c, "after top-level value")),
    }
}

const END: &str = "unexpected end of JSON input";
/// Go's decoder refuses nesting deeper than this ("exceeded max depth").
const MAX_DEPTH: usize = 10_000;

/// Go's `quoteChar`: the offending byte as Go quotes it in scanner errors.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        0x07 => "'\\a'".to_owned(),
        0x08 => "'\\b'".to_owned(),
        b'\t' => "'\\t'".to_owned(),
        b'\n' => "'\\n'".to_owned(),
        0x0b => "'\\v'".to_owned(),
        0x0c => "'\\f'".to_owned(),
        b'\r' => "'\\r'".to_owned(),
        b'\\' => "'\\\\'".to_owned(),
        c if c < 0x20 || c == 0x7f => format!("'\\x{c:02x}'"),
        c if (0x80..0xa1).contains(&c) || c == 0xad => format!("'\\u00{c:02x}'"),
        c => format!("'{}'", char::from(c)),
    }
}

fn invalid(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Result<u8, String> {
        let c = self.peek().ok_or(END)?;
        self.at += 1;
        Ok(c)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Node, String> {
        match self.next()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => Ok(Node::new(NodeKind::Str(self.string()?))),
            b'-' => self.number(true),
            b'0'..=b'9' => {
                // The number reads its own first digit.
                self.at -= 1;
                self.number(false)
            }
            b't' => self.literal("true", Node::new(NodeKind::Bool(true))),
            b'f' => self.literal("false", Node::new(NodeKind::Bool(false))),
            b'n' => self.literal("null", Node::new(NodeKind::Null)),
            c => Err(invalid(c, "looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, value: Node) -> Result<Node, String> {
        for expected in word.bytes().skip(1) {
            let c = self.next()?;
            if c != expected {
                return Err(invalid(
                    c,
                    &format!("in literal {word} (expecting '{}')", char::from(expected)),
                ));
            }
        }
        Ok(value)
    }

    fn nest(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("exceeded max depth".to_owned());
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Node, String> {
        self.nest()?;
        let mut entries: Vec<Entry> = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Node::new(NodeKind::Map(entries)));
        }
        loop {
            self.skip_space();
            match self.next()? {
                b'"' => {}
                c => return Err(invalid(c, "looking for beginning of object key string")),
            }
            let key = self.string()?;
            self.skip_space();
            match self.next()? {
                b':' => {}
                c => return Err(invalid(c, "after object key")),
            }
            self.skip_space();
            let value = self.value()?;
            // A repeated key: the last one wins, as when Go decodes into a map.
            entries.retain(|e| e.key != key);
            entries.push(Entry {
                key,
                key_at: Default::default(),
                value,
            });
            self.skip_space();
            match self.next()? {
                b',' => continue,
                b'}' => break,
                c => return Err(invalid(c, "after object key:value pair")),
            }
        }
        self.depth -= 1;
        Ok(Node::new(NodeKind::Map(entries)))
    }

    fn array(&mut self) -> Result<Node, String> {
        self.nest()?;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Node::new(NodeKind::Seq(items)));
        }
        loop {
            self.skip_space();
            items.push(self.value()?);
            self.skip_space();
            match self.next()? {
                b',' => continue,
                b']' => break,
                c => return Err(invalid(c, "after array element")),
            }
        }
        self.depth -= 1;
        Ok(Node::new(NodeKind::Seq(items)))
    }

    /// The rest of a string after its opening quote.
    fn string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let start = self.at;
            // Copy a run of ordinary bytes at once (the input is UTF-8 already).
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("\u{fffd}"));
            match self.next()? {
                b'"' => return Ok(out),
                b'\\' => match self.next()? {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let first = self.hex4()?;
                        out.push(self.code_point(first)?);
                    }
                    c => return Err(invalid(c, "in string escape code")),
                },
                c => return Err(invalid(c, "in string literal")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut value = 0u32;
        for _ in 0..4 {
            let c = self.next()?;
            let digit = char::from(c)
                .to_digit(16)
                .ok_or_else(|| invalid(c, "in \\u hexadecimal character escape"))?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// A `\u` escape, joined with a following low surrogate; a lone surrogate is U+FFFD, as
    /// Go decodes it.
    fn code_point(&mut self, first: u32) -> Result<char, String> {
        if (0xd800..0xdc00).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
        {
            let save = self.at;
            self.at += 2;
            // A malformed second escape is still a syntax error at its byte.
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                let joined = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                return Ok(char::from_u32(joined).unwrap_or('\u{fffd}'));
            }
            self.at = save;
        }
        Ok(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// A number, its sign already read when `negative`.
    fn number(&mut self, negative: bool) -> Result<Node, String> {
        let start = self.at - usize::from(negative);
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => {
                self.digits();
            }
            c => return Err(invalid(c, "in numeric literal")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integral = false;
            match self.peek() {
                None => return Err(END.to_owned()),
                Some(b'0'..=b'9') => {
                    self.digits();
                }
                Some(c) => return Err(invalid(c, "after decimal point in numeric literal")),
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integral = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            match self.peek() {
                None => return Err(END.to_owned()),
                Some(b'0'..=b'9') => {
                    self.digits();
                }
                Some(c) => return Err(invalid(c, "in exponent of numeric literal")),
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("0");
        if integral {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Node::new(NodeKind::Int(i.into())));
            }
        }
        Ok(Node::new(NodeKind::Float(text.parse().unwrap_or(0.0))))
    }
}

// ---------------------------------------------------------------------------------------------
// Writing, as kubectl's `-o json` prints.
// ---------------------------------------------------------------------------------------------

/// The tree as `json.MarshalIndent(obj, "", "    ")` writes it, with a final newline.
pub(crate) fn to_indented(node: &Node) -> String {
    let mut out = String::new();
    write_value(&mut out, node, 0);
    out.push('\n');
    out
}

/// The tree as `json.Marshal` writes it (compact, keys sorted).
pub(crate) fn to_compact(node: &Node) -> String {
    let mut out = String::new();
    write_compact(&mut out, node);
    out
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn sorted(entries: &[Entry]) -> Vec<&Entry> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.compact_sort_by(|a, b| a.key.cmp(&b.key));
    sorted
}

fn write_value(out: &mut String, node: &Node, depth: usize) {
    match &node.kind {
        NodeKind::Map(entries) if !entries.is_empty() => {
            out.push('{');
            for (i, entry) in sorted(entries).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, &entry.key);
                out.push_str(": ");
                write_value(out, &entry.value, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        NodeKind::Seq(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        _ => write_scalar(out, node),
    }
}

fn write_compact(out: &mut String, node: &Node) {
    match &node.kind {
        NodeKind::Map(entries) => {
            out.push('{');
            for (i, entry) in sorted(entries).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, &entry.key);
                out.push(':');
                write_compact(out, &entry.value);
            }
            out.push('}');
        }
        NodeKind::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, item);
            }
            out.push(']');
        }
        _ => write_scalar(out, node),
    }
}

fn write_scalar(out: &mut String, node: &Node) {
    match &node.kind {
        NodeKind::Null => out.push_str("null"),
        NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeKind::Int(i) => {
            let _ = write!(out, "{i}");
        }
        NodeKind::Float(f) => write_float(out, *f),
        NodeKind::Str(s) => write_string(out, s),
        NodeKind::Map(_) => out.push_str("{}"),
        NodeKind::Seq(_) => out.push_str("[]"),
    }
}

/// Go's float64 format: plain decimals, exponent form below 1e-6 or from 1e21 (`1e+21`).
pub(crate) fn write_float(out: &mut String, f: f64) {
    if !f.is_finite() {
        // Go refuses to marshal these; a null keeps the output valid JSON.
        out.push_str("null");
        return;
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let text = format!("{f:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let (sign, digits) = match exponent.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exponent),
        };
        let _ = write!(out, "{mantissa}e{sign}{digits:0>2}");
    } else {
        let _ = write!(out, "{f}");
    }
}

/// A JSON string as Go's encoder writes it (HTML-safe).
pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_go_scanner_errors() {
        let cases = [
            (
                "{\"spec\":{\"claimRef\":null}",
                "unexpected end of JSON input",
            ),
            (
                "{spec:{}}",
                "invalid character 's' looking for beginning of object key string",
            ),
            ("", "unexpected end of JSON input"),
            ("  ", "unexpected end of JSON input"),
            ("{\"a\" 1}", "invalid character '1' after object key"),
            (
                "{\"a\":1 2}",
                "invalid character '2' after object key:value pair",
            ),
            ("[1 2]", "invalid character '2' after array element"),
            ("tru", "unexpected end of JSON input"),
            (
                "trux",
                "invalid character 'x' in literal true (expecting 'e')",
            ),
            ("{} x", "invalid character 'x' after top-level value"),
            ("01", "invalid character '1' after top-level value"),
            ("-x", "invalid character 'x' in numeric literal"),
            (
                "1.x",
                "invalid character 'x' after decimal point in numeric literal",
            ),
            (
                "1ex",
                "invalid character 'x' in exponent of numeric literal",
            ),
            ("\"a\nb\"", "invalid character '\\n' in string literal"),
            ("\"\\q\"", "invalid character 'q' in string escape code"),
            (
                "\"\\u12x4\"",
                "invalid character 'x' in \\u hexadecimal character escape",
            ),
            (
                "'a'",
                "invalid character '\\'' looking for beginning of value",
            ),
            ("é", "invalid character 'Ã' looking for beginning of value"),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err(), message, "{text:?}");
        }
    }

    #[test]
    fn values_read_back_and_print_as_go_does() {
        let node = parse(r#"{"b":[1,2.5,"x<y"],"a":{"t":true,"n":null},"e":{},"l":[],"a2":"\u00e9\ud83d\ude00"}"#)
            .unwrap();
        assert_eq!(
            to_indented(&node),
            "{\n    \"a\": {\n        \"n\": null,\n        \"t\": true\n    },\n    \"a2\": \"é😀\",\n    \"b\": [\n        1,\n        2.5,\n        \"x\\u003cy\"\n    ],\n    \"e\": {},\n    \"l\": []\n}\n"
        );
        assert_eq!(
            to_compact(&node),
            r#"{"a":{"n":null,"t":true},"a2":"é😀","b":[1,2.5,"x\u003cy"],"e":{},"l":[]}"#
        );
        let mut out = String::new();
        write_float(&mut out, 1e21);
        write_float(&mut out, 1.5e-7);
        assert_eq!(out, "1e+211.5e-07");
    }
}
