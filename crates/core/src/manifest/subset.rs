//! The YAML reader of every build (the page, pvsim, the tests): a small hand-written reader for
//! the YAML that Kubernetes manifests use, giving the same positioned tree as serde-saphyr
//! would (which costs the page about 180 KB gzip; this reader about 27 KB). serde-saphyr is
//! kept as a test oracle only: a differential test (`subset_tests.rs`) holds the two to the
//! same trees.
//!
//! Supported: `---`/`...` documents, `%` directives (skipped), comments, block mappings and
//! sequences (including indentless sequences as mapping values and compact `- key: v` items),
//! flow mappings and sequences (possibly over several lines), plain (with multi-line
//! continuation), single- and double-quoted scalars (escapes, line folding), `|` and `>` block
//! scalars with chomping and indentation indicators. Plain scalars are typed as serde-saphyr
//! types them (YAML 1.1 booleans such as `yes`, like kubectl; YAML 1.2 numbers).
//!
//! Refused with an error at their place, never misread: anchors `&`, aliases `*`, tags `!`,
//! complex keys `?`, flow pairs `[a: b]`, content on a `---` line, tabs as indentation,
//! multi-line keys. Manifests almost never use them; the message says so.
//!
//! Limits: nesting depth 64 (so no recursion deeper than that); every loop consumes input.

use super::tree::{DocumentText, Entry, Node, NodeKind, Position};
use crate::problem::Problem;

/// How deep collections may nest, as serde-saphyr's budget in `tree.rs`.
const MAX_DEPTH: usize = 64;

fn at_node(at: Position, kind: NodeKind) -> Node {
    Node { at, kind }
}

/// The message for YAML this reader refuses but a full YAML reader would accept.
fn not_supported(feature: &str) -> String {
    format!("{feature} are not supported by pv-playground's YAML reader")
}

/// Types a plain scalar the way serde-saphyr's `deserialize_any` does with the options
/// `tree.rs` sets: null spellings, YAML 1.1 booleans, decimal/`0x`/`0o`/`0b` integers that
/// fit 64 bits (underscores between digits allowed; a leading zero makes a float), then
/// Rust's float syntax for numeral-shaped text; everything else is a string. `.inf` and `.nan`
/// cannot be JSON, so they are errors, as serde-saphyr makes them; a numeral out of a float's
/// range is a string (kubectl's reader, where serde-saphyr refuses it).
fn resolve_plain(text: &str) -> Result<NodeKind, &'static str> {
    const NON_FINITE: &str = "non-finite floating point values (.inf, .nan) are not valid JSON";
    let t = text.trim_matches([' ', '\t', '\r', '\n']);
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Ok(NodeKind::Null);
    }
    let is = |words: [&str; 4]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is(["true", "yes", "y", "on"]) {
        return Ok(NodeKind::Bool(true));
    }
    if is(["false", "no", "n", "off"]) {
        return Ok(NodeKind::Bool(false));
    }
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let signed = t.starts_with(['+', '-']);
    if matches!(unsigned.as_bytes(), [b'0', b'X' | b'O' | b'B', ..])
        || (signed && matches!(unsigned, ".nan" | ".NaN" | ".NAN"))
    {
        return Ok(NodeKind::Str(text.to_owned()));
    }
    // serde-saphyr reads integers as i64 when negative, u64 otherwise; larger ones are floats.
    if let Some(magnitude) = integer(unsigned) {
        let value = i128::try_from(magnitude).ok().and_then(|m| {
            if negative {
                i64::try_from(-m).ok().map(i128::from)
            } else {
                u64::try_from(m).ok().map(i128::from)
            }
        });
        if let Some(v) = value {
            return Ok(NodeKind::Int(v));
        }
    }
    if matches!(
        unsigned,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF"
    ) {
        return Err(NON_FINITE);
    }
    if unsigned
        .as_bytes()
        .first()
        .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
    {
        // A numeral too large for a float (`1e999999`) stays the text it is, as kubectl's
        // YAML reader (goyaml's resolver) keeps it when ParseFloat fails with ErrRange: the
        // API server then reads it as what the field is (a quantity accepts it).
        if let Ok(v) = t.parse::<f64>().map(|v| v.is_finite().then_some(v)) {
            return Ok(v.map_or_else(|| NodeKind::Str(text.to_owned()), NodeKind::Float));
        }
    }
    Ok(NodeKind::Str(text.to_owned()))
}

/// An unsigned integer in serde-saphyr's syntax: `0x`, `0o`, `0b` or decimal without a
/// leading zero; `_` only between digits. `None` when it is not one or exceeds 128 bits.
fn integer(text: &str) -> Option<u128> {
    let (radix, digits) = if let Some(d) = text.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = text.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = text.strip_prefix("0b") {
        (2, d)
    } else if text.len() > 1 && text.starts_with('0') {
        return None;
    } else {
        (10, text)
    };
    let bytes = digits.as_bytes();
    let mut value: u128 = 0;
    let mut any = false;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'_' {
            let between =
                i > 0 && bytes[i - 1] != b'_' && bytes.get(i + 1).is_some_and(|n| *n != b'_');
            if !between {
                return None;
            }
            continue;
        }
        let digit = char::from(c).to_digit(radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
        any = true;
    }
    any.then_some(value)
}

/// A mapping key as text, as `tree.rs`'s `KeyText` makes it (JSON keys are strings).
fn key_text(kind: NodeKind) -> Result<String, &'static str> {
    match kind {
        NodeKind::Str(s) => Ok(s),
        NodeKind::Bool(b) => Ok(b.to_string()),
        NodeKind::Int(i) => Ok(i.to_string()),
        NodeKind::Float(f) => Ok(f.to_string()),
        NodeKind::Null => Ok("null".into()),
        NodeKind::Seq(_) | NodeKind::Map(_) => {
            Err("a mapping key must be a scalar (Kubernetes objects are JSON)")
        }
    }
}

struct Reader<'a> {
    /// (byte offset, column) of the last column computed on the current line, so that
    /// columns cost O(distance) rather than O(line length) on long (minified JSON) lines.
    col_cache: std::cell::Cell<(usize, u32)>,
    s: &'a str,
    b: &'a [u8],
    i: usize,
    line: u32,
    /// Byte offset where the current line starts.
    ls: usize,
    depth: usize,
    /// The column of the text's first byte, when the text starts inside a line (a flow item
    /// read on its own: see `stream`); 1 otherwise.
    first_column: u32,
    /// Where the text jumps to another line of the stream: a text made of two pieces of a
    /// document (see [`read_joined`]) counts lines from this byte on from this line.
    jump: Option<(usize, u32)>,
}

type R<T> = Result<T, Problem>;

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

fn is_break_or_end(c: u8) -> bool {
    c == b'\n' || c == b'\r' || c == 0
}

impl<'a> Reader<'a> {
    fn new(s: &'a str, first_line: u32) -> Self {
        Reader {
            col_cache: std::cell::Cell::new((0, 1)),
            s,
            b: s.as_bytes(),
            i: 0,
            line: first_line,
            ls: 0,
            depth: 0,
            first_column: 1,
            jump: None,
        }
    }

    /// The column the current line's first byte has (see `first_column`).
    fn line_column(&self) -> u32 {
        if self.ls == 0 {
            self.first_column
        } else {
            1
        }
    }

    fn peek(&self) -> u8 {
        self.peek_at(0)
    }

    fn peek_at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn eof(&self) -> bool {
        self.i >= self.b.len()
    }

    /// Column of byte `i` on the current line, 1-based, in characters.
    fn col_of(&self, i: usize) -> u32 {
        let (mut from, mut col) = self.col_cache.get();
        if from < self.ls || from > i {
            (from, col) = (self.ls.min(i), self.line_column());
        }
        let chars = self.s.get(from..i).map_or(i - from, |t| t.chars().count());
        let col = col.saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
        self.col_cache.set((i, col));
        col
    }

    fn at(&self) -> Position {
        Position::new(self.line, self.col_of(self.i))
    }

    /// Indentation of the current position (bytes from the line start; indentation is ASCII).
    fn indent(&self) -> usize {
        self.i - self.ls
    }

    fn fail<T>(&self, message: &str) -> R<T> {
        Err(Problem::at(self.at(), message))
    }

    /// Consumes a line break if there is one.
    fn newline(&mut self) -> bool {
        match self.peek() {
            b'\r' if self.peek_at(1) == b'\n' => self.i += 2,
            b'\n' | b'\r' => self.i += 1,
            _ => return false,
        }
        self.line = match self.jump {
            Some((at, line)) if at == self.i => line,
            _ => self.line.saturating_add(1),
        };
        self.ls = self.i;
        true
    }

    fn skip_blanks(&mut self) {
        while is_blank(self.peek()) {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == b'#' {
            while !is_break_or_end(self.peek()) {
                self.i += 1;
            }
        }
    }

    /// Skips blanks, comments and line breaks up to the next content; false at the end.
    /// Tabs are allowed between tokens but not as indentation of content.
    fn skip_to_content(&mut self) -> R<bool> {
        loop {
            let mut tab = false;
            while is_blank(self.peek()) {
                tab |= self.peek() == b'\t'
                    && self.i
                        == self.ls
                            + self.b[self.ls..self.i]
                                .iter()
                                .take_while(|c| **c == b' ')
                                .count();
                self.i += 1;
            }
            self.skip_comment();
            if self.newline() {
                continue;
            }
            if self.eof() {
                return Ok(false);
            }
            if tab && self.b[self.ls..self.i].iter().all(|c| is_blank(*c)) {
                return self.fail(&not_supported("tabs before content at the start of a line"));
            }
            return Ok(true);
        }
    }

    /// After a value: only blanks and a comment may follow on the line.
    fn end_of_line(&mut self) -> R<()> {
        self.skip_blanks();
        if self.peek() == b'#' && (self.i == 0 || is_blank(self.b[self.i - 1])) {
            self.skip_comment();
        }
        if is_break_or_end(self.peek()) {
            Ok(())
        } else if self.peek() == b':' {
            self.fail("mapping values are not allowed in this context")
        } else {
            self.fail("unexpected characters after a value")
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("the document nests deeper than 64 levels");
        }
        Ok(())
    }

    fn unsupported(&self) -> R<()> {
        match self.peek() {
            b'&' => self.fail(&not_supported("anchors (&)")),
            b'*' => self.fail(&not_supported("aliases (*)")),
            b'!' => self.fail(&not_supported("tags (!)")),
            b'?' if is_blank(self.peek_at(1)) || is_break_or_end(self.peek_at(1)) => {
                self.fail(&not_supported("complex mapping keys (?)"))
            }
            b'@' | b'`' => self.fail("a plain scalar cannot start with this character"),
            _ => Ok(()),
        }
    }

    fn is_seq_dash(&self) -> bool {
        self.peek() == b'-' && (is_blank(self.peek_at(1)) || is_break_or_end(self.peek_at(1)))
    }

    /// Whether the current line holds `key:` (a block mapping entry) from here.
    fn is_map_entry(&self) -> bool {
        let mut j = self.i;
        let b = self.b;
        let get = |k: usize| b.get(k).copied().unwrap_or(0);
        match get(j) {
            q @ (b'"' | b'\'') => {
                j += 1;
                loop {
                    let c = get(j);
                    if is_break_or_end(c) {
                        return false;
                    }
                    if q == b'"' && c == b'\\' {
                        j += 2;
                        continue;
                    }
                    if c == q {
                        if q == b'\'' && get(j + 1) == b'\'' {
                            j += 2;
                            continue;
                        }
                        j += 1;
                        break;
                    }
                    j += 1;
                }
                while is_blank(get(j)) {
                    j += 1;
                }
                get(j) == b':' && (is_blank(get(j + 1)) || is_break_or_end(get(j + 1)))
            }
            b'[' | b'{' | b'#' => false,
            _ => loop {
                let c = get(j);
                if is_break_or_end(c) {
                    return false;
                }
                if c == b':' && (is_blank(get(j + 1)) || is_break_or_end(get(j + 1))) {
                    return true;
                }
                if is_blank(c) && get(j + 1) == b'#' {
                    return false;
                }
                j += 1;
            },
        }
    }

    // ------------------------------------------------------------------------------------
    // Block structure

    /// A node whose content starts at the current position, the first thing on its line or
    /// after `- `; `parent` is the indentation of the enclosing block (-1 at the root).
    fn block_node(&mut self, parent: isize) -> R<Node> {
        self.unsupported()?;
        if self.is_seq_dash() {
            let n = self.indent();
            return self.block_seq(n);
        }
        if self.is_map_entry() {
            let n = self.indent();
            return self.block_map(n);
        }
        self.inline_value(parent)
    }

    fn block_seq(&mut self, n: usize) -> R<Node> {
        self.block_seq_at(n, None)
    }

    /// A block sequence; `at` overrides its position (see `map_value`).
    fn block_seq_at(&mut self, n: usize, at: Option<Position>) -> R<Node> {
        self.enter()?;
        let at = at.unwrap_or_else(|| self.at());
        let mut items = Vec::new();
        loop {
            // At `-` in column n.
            self.i += 1;
            let after_dash = self.i;
            self.skip_blanks();
            // A tab cannot indent a nested block sequence (`-\t-`), as serde-saphyr holds.
            if self.b[after_dash..self.i].contains(&b'\t') && self.is_seq_dash() {
                return self.fail("a tab cannot indent a block sequence entry");
            }
            let item = if self.peek() == b'#' || is_break_or_end(self.peek()) {
                // An empty item sits at the end of its line (after a comment), as
                // serde-saphyr places it.
                self.skip_comment();
                let empty_at = self.at();
                if self.skip_to_content()? && self.indent() > n {
                    self.block_node(n as isize)?
                } else {
                    at_node(empty_at, NodeKind::Null)
                }
            } else {
                self.block_node(n as isize)?
            };
            items.push(item);
            if !self.skip_to_content()? {
                break;
            }
            let c = self.indent();
            if c < n || (c == n && !self.is_seq_dash()) {
                break;
            }
            if c > n {
                return self.fail("bad indentation of a sequence entry");
            }
        }
        self.depth -= 1;
        Ok(at_node(at, NodeKind::Seq(items)))
    }

    fn block_map(&mut self, n: usize) -> R<Node> {
        self.enter()?;
        let at = self.at();
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        loop {
            self.unsupported()?;
            let key_at = self.at();
            let key = match self.peek() {
                b'"' => self.double_quoted()?,
                b'\'' => self.single_quoted()?,
                b':' => return self.fail(&not_supported("empty mapping keys")),
                _ => {
                    let text = self.plain(false)?;
                    resolve_plain(text)
                        .and_then(key_text)
                        .map_err(|m| Problem::at(key_at, m))?
                }
            };
            self.skip_blanks();
            if self.peek() != b':' {
                return self.fail("expected ':' after a mapping key");
            }
            self.i += 1;
            if !seen.insert(key.clone()) {
                return Err(Problem::at(
                    key_at,
                    format!("duplicate mapping key {key:?}"),
                ));
            }
            let value = self.map_value(n)?;
            entries.push(Entry { key, key_at, value });
            if !self.skip_to_content()? {
                break;
            }
            let c = self.indent();
            if c < n {
                break;
            }
            if c > n {
                return self.fail("bad indentation of a mapping entry");
            }
            if self.is_seq_dash() {
                // `- ` at the mapping's own indentation ends it only for an enclosing sequence.
                break;
            }
        }
        self.depth -= 1;
        Ok(at_node(at, NodeKind::Map(entries)))
    }

    /// The value after `key:` of a mapping at indentation n.
    fn map_value(&mut self, n: usize) -> R<Node> {
        // An empty value sits at its colon, as serde-saphyr places it.
        let empty_at = Position::new(self.line, self.col_of(self.i.saturating_sub(1)));
        self.skip_blanks();
        if self.peek() == b'#' || is_break_or_end(self.peek()) {
            let (i, line, ls) = (self.i, self.line, self.ls);
            if self.skip_to_content()? {
                let c = self.indent();
                if c == n && self.is_seq_dash() {
                    // An indentless sequence: YAML parsers (serde-saphyr's included) place
                    // it at its first item, not at its dash.
                    let mut first = self.i + 1;
                    while self.b.get(first).copied().is_some_and(is_blank) {
                        first += 1;
                    }
                    // An empty first item (maybe with a comment) sits at its line's end.
                    if self.b.get(first) == Some(&b'#') {
                        while !self.b.get(first).is_none_or(|c| is_break_or_end(*c)) {
                            first += 1;
                        }
                    }
                    let at = Position::new(self.line, self.col_of(first));
                    return self.block_seq_at(n, Some(at));
                }
                if c > n {
                    return self.block_node(n as isize);
                }
            }
            // Empty value: leave the next line for the caller.
            (self.i, self.line, self.ls) = (i, line, ls);
            return Ok(at_node(empty_at, NodeKind::Null));
        }
        self.unsupported()?;
        self.inline_value(n as isize)
    }

    /// A value that starts on this line: flow collection, quoted, block or plain scalar.
    fn inline_value(&mut self, parent: isize) -> R<Node> {
        let at = self.at();
        if self.is_seq_dash() {
            return self.fail("block sequence entries are not allowed in this context");
        }
        let node = match self.peek() {
            b'[' | b'{' => self.flow_node()?,
            b'"' => at_node(at, NodeKind::Str(self.double_quoted()?)),
            b'\'' => at_node(at, NodeKind::Str(self.single_quoted()?)),
            b'|' | b'>' => return self.block_scalar(parent),
            _ => return self.plain_block(parent),
        };
        self.end_of_line()?;
        Ok(node)
    }

    /// A plain scalar in block context, continued on more-indented lines.
    fn plain_block(&mut self, parent: isize) -> R<Node> {
        let at = self.at();
        let first = self.plain(false)?;
        if self.peek() == b':' {
            return self.fail("mapping values are not allowed in this context");
        }
        let mut text = String::from(first);
        loop {
            self.skip_blanks();
            if self.peek() == b'#' {
                break;
            }
            let save = (self.i, self.line, self.ls);
            let mut breaks = 0;
            while self.newline() {
                breaks += 1;
                self.skip_blanks();
            }
            if breaks == 0
                || self.eof()
                || self.peek() == b'#'
                || (self.indent() as isize) <= parent
                || self.at_document_marker()
            {
                (self.i, self.line, self.ls) = save;
                break;
            }
            let more = self.plain_line(false);
            if self.peek() == b':' {
                return self.fail("mapping values are not allowed in this context");
            }
            if breaks == 1 {
                text.push(' ');
            } else {
                (1..breaks).for_each(|_| text.push('\n'));
            }
            text.push_str(more);
        }
        self.end_of_line()?;
        let kind = resolve_plain(&text).map_err(|m| Problem::at(at, m))?;
        Ok(at_node(at, kind))
    }

    fn at_document_marker(&self) -> bool {
        self.i == self.ls
            && self.line_column() == 1
            && (self.s[self.i..].starts_with("---") || self.s[self.i..].starts_with("..."))
            && (is_blank(self.peek_at(3)) || is_break_or_end(self.peek_at(3)))
    }

    /// Scans one line of a plain scalar; in flow context it also stops at flow indicators.
    fn plain(&mut self, flow: bool) -> R<&'a str> {
        let c = self.peek();
        if matches!(
            c,
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'%' | b'@' | b'`' | b'|' | b'>'
        ) {
            return self.fail("a plain scalar cannot start with this character");
        }
        Ok(self.plain_line(flow))
    }

    /// The rest of a plain scalar's line (a continuation line may start with any character).
    fn plain_line(&mut self, flow: bool) -> &'a str {
        let start = self.i;
        let mut end = self.i;
        loop {
            let c = self.peek();
            if is_break_or_end(c) {
                break;
            }
            if c == b':' {
                let n = self.peek_at(1);
                if is_blank(n)
                    || is_break_or_end(n)
                    || (flow && matches!(n, b',' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
            }
            if flow && matches!(c, b',' | b'[' | b']' | b'{' | b'}') {
                break;
            }
            if is_blank(c) {
                if self.peek_at(1) == b'#' {
                    break;
                }
            } else {
                end = self.i + 1;
            }
            self.i += 1;
        }
        // Back up over trailing blanks so the caller sees what follows the scalar.
        self.i = end.max(start);
        // Multi-byte characters: advance over whole chars (bytes >= 0x80 never match above).
        &self.s[start..self.i]
    }

    // ------------------------------------------------------------------------------------
    // Quoted scalars

    /// Folds a line break inside a quoted scalar: trailing blanks dropped, one break becomes
    /// a space, n breaks become n-1 newlines; leading blanks of the next line dropped.
    fn fold_break(&mut self, out: &mut String) -> R<()> {
        while out.ends_with([' ', '\t']) {
            out.pop();
        }
        let mut breaks = 0;
        while self.newline() {
            breaks += 1;
            self.skip_blanks();
        }
        if self.at_document_marker() {
            return self.fail("document marker inside a quoted scalar");
        }
        if breaks == 1 {
            out.push(' ');
        } else {
            (1..breaks).for_each(|_| out.push('\n'));
        }
        Ok(())
    }

    fn single_quoted(&mut self) -> R<String> {
        let at = self.at();
        self.i += 1;
        let mut out = String::new();
        loop {
            let c = self.peek();
            match c {
                0 if self.eof() => {
                    return Err(Problem::at(at, "unterminated single-quoted scalar"))
                }
                b'\'' if self.peek_at(1) == b'\'' => {
                    out.push('\'');
                    self.i += 2;
                }
                b'\'' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\n' | b'\r' => self.fold_break(&mut out)?,
                _ => self.push_char(&mut out),
            }
        }
    }

    fn push_char(&mut self, out: &mut String) {
        let ch = self.s[self.i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        self.i += ch.len_utf8().max(1);
    }

    fn double_quoted(&mut self) -> R<String> {
        let at = self.at();
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                0 if self.eof() => {
                    return Err(Problem::at(at, "unterminated double-quoted scalar"))
                }
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\n' | b'\r' => self.fold_break(&mut out)?,
                b'\\' => {
                    self.i += 1;
                    let e = self.peek();
                    self.i += 1;
                    let simple = match e {
                        b'0' => '\0',
                        b'a' => '\x07',
                        b'b' => '\x08',
                        b't' | b'\t' => '\t',
                        b'n' => '\n',
                        b'v' => '\x0b',
                        b'f' => '\x0c',
                        b'r' => '\r',
                        b'e' => '\x1b',
                        b' ' => ' ',
                        b'"' => '"',
                        b'/' => '/',
                        b'\\' => '\\',
                        b'N' => '\u{85}',
                        b'_' => '\u{a0}',
                        b'L' => '\u{2028}',
                        b'P' => '\u{2029}',
                        b'x' | b'u' | b'U' => {
                            let len = match e {
                                b'x' => 2,
                                b'u' => 4,
                                _ => 8,
                            };
                            let hex = self.s.get(self.i..self.i + len).unwrap_or("");
                            let code = u32::from_str_radix(hex, 16)
                                .ok()
                                .filter(|_| hex.len() == len);
                            match code.and_then(char::from_u32) {
                                Some(ch) => {
                                    self.i += len;
                                    ch
                                }
                                None => {
                                    self.i -= 2;
                                    return self.fail("invalid escape in a double-quoted scalar");
                                }
                            }
                        }
                        b'\n' | b'\r' => {
                            // Escaped line break: joined without a space.
                            self.i -= 1;
                            self.newline();
                            self.skip_blanks();
                            continue;
                        }
                        _ => {
                            self.i -= 2;
                            return self.fail("unknown escape in a double-quoted scalar");
                        }
                    };
                    out.push(simple);
                }
                _ => self.push_char(&mut out),
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Block scalars

    fn block_scalar(&mut self, parent: isize) -> R<Node> {
        // A block scalar without content sits at its indicator, as serde-saphyr places it.
        let header_at = self.at();
        let literal = self.peek() == b'|';
        self.i += 1;
        let mut chomp = 0i8; // -1 strip, 0 clip, 1 keep
        let mut explicit = 0usize;
        for _ in 0..2 {
            match self.peek() {
                b'-' if chomp == 0 => chomp = -1,
                b'+' if chomp == 0 => chomp = 1,
                c @ b'1'..=b'9' if explicit == 0 => explicit = (c - b'0') as usize,
                _ => break,
            }
            self.i += 1;
        }
        self.end_of_line()?;
        let header_line_ends_with_break = matches!(self.peek(), b'\n' | b'\r');
        let base = (parent + 1).max(0) as usize;
        let mut indent = if explicit > 0 {
            (parent.max(0) as usize) + explicit
        } else {
            0
        };
        let mut lines: Vec<&'a str> = Vec::new();
        let mut at = None;
        // Each loop iteration reads one line after the header's line break.
        loop {
            let save = (self.i, self.line, self.ls);
            if !self.newline() {
                break;
            }
            let start = self.i;
            while self.peek() == b' ' {
                self.i += 1;
            }
            let spaces = self.i - start;
            let blank = is_break_or_end(self.peek());
            if indent == 0 && !blank {
                if spaces < base {
                    (self.i, self.line, self.ls) = save;
                    break;
                }
                indent = spaces;
            }
            if !blank && spaces < indent.max(base) {
                (self.i, self.line, self.ls) = save;
                break;
            }
            if self.at_document_marker() {
                (self.i, self.line, self.ls) = save;
                break;
            }
            if !blank && at.is_none() {
                at = Some(Position::new(self.line, self.col_of(start + indent)));
            }
            while !is_break_or_end(self.peek()) {
                self.i += 1;
            }
            let content = if blank {
                ""
            } else {
                &self.s[start + indent..self.i]
            };
            lines.push(content);
        }
        // Trailing empty lines.
        let mut trailing = 0;
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
            trailing += 1;
        }
        let mut out = if literal {
            lines.join("\n")
        } else {
            fold_empty_lines(&lines)
        };
        match chomp {
            -1 => {}
            0 => {
                if !lines.is_empty() {
                    out.push('\n');
                }
            }
            _ => {
                if !lines.is_empty() {
                    out.push('\n');
                }
                (0..trailing).for_each(|_| out.push('\n'));
            }
        }
        // Without content, serde-saphyr places it where the next content starts, or at its
        // indicator when the input ends there.
        let rest = &self.s[self.i..];
        let blank = rest.len() - rest.trim_start().len();
        let breaks = rest[..blank].matches('\n').count();
        let after_header = (header_line_ends_with_break && blank < rest.len()).then(|| {
            let breaks = u32::try_from(breaks).unwrap_or(u32::MAX);
            let indent = rest[..blank]
                .rsplit('\n')
                .next()
                .map_or(0, |s| s.chars().count());
            let column = u32::try_from(indent).unwrap_or(u32::MAX).saturating_add(1);
            Position::new(self.line.saturating_add(breaks), column)
        });
        let at = at.or(after_header).unwrap_or(header_at);
        Ok(at_node(at, NodeKind::Str(out)))
    }

    // ------------------------------------------------------------------------------------
    // Flow collections (may span lines; inside them indentation does not matter)

    fn flow_skip(&mut self) -> R<()> {
        self.flow_skip_to_end()?;
        if self.eof() {
            return self.fail("unterminated flow collection");
        }
        Ok(())
    }

    /// [`Reader::flow_skip`] that may reach the end of the text (a flow item read alone).
    fn flow_skip_to_end(&mut self) -> R<()> {
        loop {
            self.skip_blanks();
            if self.peek() == b'#' {
                self.skip_comment();
            }
            if !self.newline() {
                return Ok(());
            }
            if self.at_document_marker() {
                return self.fail("document marker inside a flow collection");
            }
        }
    }

    /// A plain scalar in a flow collection may go on over lines; its breaks fold as in block
    /// context (one break is a space, n breaks are n-1 newlines).
    fn flow_plain_continuation(&mut self, first: &str) -> String {
        let mut text = String::from(first);
        loop {
            let save = (self.i, self.line, self.ls);
            self.skip_blanks();
            let mut breaks = 0;
            while self.newline() {
                breaks += 1;
                self.skip_blanks();
            }
            let c = self.peek();
            let ends = matches!(c, b',' | b'[' | b']' | b'{' | b'}' | b'#')
                || (c == b':' && {
                    let n = self.peek_at(1);
                    is_blank(n)
                        || is_break_or_end(n)
                        || matches!(n, b',' | b'[' | b']' | b'{' | b'}')
                });
            if breaks == 0 || self.eof() || ends || self.at_document_marker() {
                (self.i, self.line, self.ls) = save;
                return text;
            }
            let more = self.plain_line(true);
            if more.is_empty() {
                (self.i, self.line, self.ls) = save;
                return text;
            }
            if breaks == 1 {
                text.push(' ');
            } else {
                (1..breaks).for_each(|_| text.push('\n'));
            }
            text.push_str(more);
        }
    }

    fn flow_node(&mut self) -> R<Node> {
        self.unsupported()?;
        let at = self.at();
        match self.peek() {
            b'[' => {
                self.enter()?;
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.flow_skip()?;
                    if self.peek() == b']' {
                        self.i += 1;
                        break;
                    }
                    items.push(self.flow_node()?);
                    self.flow_skip()?;
                    match self.peek() {
                        b',' => self.i += 1,
                        b']' => {}
                        b':' => {
                            // Usually a missing `]` that let the next line's `key: value` in.
                            return self.fail(&format!(
                                "expected ',' or ']' in the flow sequence opened at line {} \
                                 (single pairs such as [a: b] are not supported by the \
                                 pv-playground's YAML reader)",
                                at.line
                            ));
                        }
                        _ => return self.fail("expected ',' or ']' in a flow sequence"),
                    }
                }
                self.depth -= 1;
                Ok(at_node(at, NodeKind::Seq(items)))
            }
            b'{' => {
                self.enter()?;
                self.i += 1;
                let mut entries: Vec<Entry> = Vec::new();
                let mut seen = std::collections::BTreeSet::new();
                loop {
                    self.flow_skip()?;
                    if self.peek() == b'}' {
                        self.i += 1;
                        break;
                    }
                    let key_at = self.at();
                    let key_node = self.flow_node()?;
                    let key = key_text(key_node.kind).map_err(|m| Problem::at(key_at, m))?;
                    if !seen.insert(key.clone()) {
                        return Err(Problem::at(
                            key_at,
                            format!("duplicate mapping key {key:?}"),
                        ));
                    }
                    self.flow_skip()?;
                    if self.peek() == b':' && self.line != key_at.line {
                        return self.fail(&not_supported("keys over several lines"));
                    }
                    let value = if self.peek() == b':' {
                        // An empty value sits at its colon, as in block mappings.
                        let colon_at = self.at();
                        self.i += 1;
                        self.flow_skip()?;
                        if matches!(self.peek(), b',' | b'}') {
                            at_node(colon_at, NodeKind::Null)
                        } else {
                            self.flow_node()?
                        }
                    } else {
                        at_node(self.at(), NodeKind::Null)
                    };
                    entries.push(Entry { key, key_at, value });
                    self.flow_skip()?;
                    match self.peek() {
                        b',' => self.i += 1,
                        b'}' => {}
                        _ => return self.fail("expected ',' or '}' in a flow mapping"),
                    }
                }
                self.depth -= 1;
                Ok(at_node(at, NodeKind::Map(entries)))
            }
            b'"' => Ok(at_node(at, NodeKind::Str(self.double_quoted()?))),
            b'\'' => Ok(at_node(at, NodeKind::Str(self.single_quoted()?))),
            _ => {
                if self.peek() == b':' {
                    return self.fail(&not_supported("empty mapping keys"));
                }
                let first = self.plain(true)?;
                if first.is_empty() {
                    return self.fail("expected a value");
                }
                let text = self.flow_plain_continuation(first);
                let kind = resolve_plain(&text).map_err(|m| Problem::at(at, m))?;
                Ok(at_node(at, kind))
            }
        }
    }
}

/// Folded block scalar content (YAML 1.2 §8.1.3): breaks between two normal (not more
/// indented) non-empty lines become spaces; empty lines stay breaks; more-indented lines keep
/// their breaks.
fn fold_empty_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut k = 0;
    let mut prev: Option<&str> = None;
    while k < lines.len() {
        let l = lines[k];
        if l.is_empty() {
            // Count the run of empty lines.
            let mut run = 0;
            while k < lines.len() && lines[k].is_empty() {
                run += 1;
                k += 1;
            }
            let next_more = lines.get(k).is_some_and(|n| n.starts_with([' ', '\t']));
            let prev_more = prev.is_some_and(|p| p.starts_with([' ', '\t']));
            if prev.is_some() {
                // A run of n empty lines between normal lines gives n breaks; next to
                // more-indented lines the first break is kept too.
                let extra = if prev_more || next_more { 1 } else { 0 };
                (0..run + extra).for_each(|_| out.push('\n'));
            } else {
                (0..run).for_each(|_| out.push('\n'));
            }
            continue;
        }
        if let Some(p) = prev {
            if !p.is_empty() && lines[k - 1] == p {
                let more = l.starts_with([' ', '\t']) || p.starts_with([' ', '\t']);
                out.push(if more { '\n' } else { ' ' });
            }
        }
        out.push_str(l);
        prev = Some(l);
        k += 1;
    }
    out
}

/// What a document with a character YAML does not allow is told.
pub(crate) fn unprintable_message() -> String {
    not_supported("control characters and byte order marks inside a document")
}

/// Reads one document of a stream into a tree; `None` for an empty document.
pub(crate) fn read_document(document: DocumentText<'_>) -> R<Option<Node>> {
    read_document_with(document, None)
}

fn read_document_with(document: DocumentText<'_>, jump: Option<(usize, u32)>) -> R<Option<Node>> {
    // The stream splitter leaves a closing `...` line in its document: the end, not content.
    let text = document.text;
    let body = text.trim_end_matches(['\n', '\r']);
    let last_line = body.rfind('\n').map_or(0, |i| i + 1);
    let ends = body[last_line..].strip_prefix("...").is_some_and(|rest| {
        rest.trim_start_matches([' ', '\t']).is_empty()
            || rest.starts_with([' ', '\t'])
                && rest.trim_start_matches([' ', '\t']).starts_with('#')
    });
    let text = if ends { &text[..last_line] } else { text };
    let mut p = Reader::new(text, document.first_line);
    p.jump = jump;
    if let Some((line, column)) = first_unprintable(text) {
        return Err(Problem::at(
            Position::new(document.first_line.saturating_add(line), column),
            unprintable_message(),
        ));
    }
    // The `---` line. Directives before it never reach here: the stream splitter leaves them
    // out of the document, so a `%` line here is one without its `---`.
    if p.peek() == b'%' {
        return p.fail("a directive (%) must be followed by a '---' line");
    }
    if p.at_document_marker() && p.s.starts_with("---") {
        p.i += 3;
        p.skip_blanks();
        p.skip_comment();
        // Content may follow on the marker's line (`--- {kind: Node, …}`, as kubectl reads it).
        if is_break_or_end(p.peek()) && !p.newline() {
            return Ok(None);
        }
    }
    if !p.skip_to_content()? {
        return Ok(None);
    }
    let root = p.block_node(-1)?;
    // A document that is only `null` or `~` is no object, as for serde-saphyr.
    if root.kind == NodeKind::Null {
        return Ok(None);
    }
    if p.skip_to_content()? {
        return p.fail("unexpected content after the document");
    }
    Ok(Some(root))
}

/// The (0-based line, 1-based column) of the first character YAML does not allow anywhere
/// (its `c-printable` set: tab, line breaks and the printable ranges).
pub(crate) fn first_unprintable(text: &str) -> Option<(u32, u32)> {
    // Most text is printable ASCII: one pass over the bytes says so.
    let ascii_printable = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e);
    if text.as_bytes().iter().all(ascii_printable) {
        return None;
    }
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}')
            || matches!(c, '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    };
    // A byte order mark may open the stream (`parse` drops it), never sit inside a document.
    let printable = |c: char| c != '\u{feff}' && printable(c);
    let (mut line, mut column) = (0u32, 1u32);
    for c in text.chars() {
        if !printable(c) {
            return Some((line, column));
        }
        if c == '\n' {
            (line, column) = (line.saturating_add(1), 1);
        } else {
            column = column.saturating_add(1);
        }
    }
    None
}

/// Why a piece of a document read alone did not read as the whole document would have it.
#[derive(Debug)]
pub(crate) enum PieceError {
    /// The reader's own error, at its place: the whole document has it too.
    Syntax(Problem),
    /// The piece is not what it was taken for (it ends inside a quoted scalar or a flow
    /// collection, or holds more than one flow item): read the document whole instead.
    NotAPiece,
}

/// Errors that can come from cutting a document in the wrong place rather than from the
/// document itself.
fn cut_short(problem: &Problem) -> bool {
    problem.message.starts_with("unterminated")
}

/// The items of a block sequence cut from a document: `piece` starts at the line of an item's
/// `-`, and holds whole items; `depth` is the sequence's nesting depth minus one. Read as the
/// whole document's reader reads them (the same code), so lines, columns and errors are the
/// same.
pub(crate) fn read_block_items(
    piece: DocumentText<'_>,
    depth: usize,
) -> Result<Vec<Node>, PieceError> {
    let mut p = Reader::new(piece.text, piece.first_line);
    p.depth = depth;
    let syntax = |e: Problem| {
        if cut_short(&e) {
            PieceError::NotAPiece
        } else {
            PieceError::Syntax(e)
        }
    };
    if !p.skip_to_content().map_err(syntax)? || !p.is_seq_dash() {
        return Err(PieceError::NotAPiece);
    }
    let n = p.indent();
    let node = p.block_seq(n).map_err(syntax)?;
    if p.skip_to_content().map_err(syntax)? {
        return Err(PieceError::NotAPiece);
    }
    match node.kind {
        NodeKind::Seq(items) => Ok(items),
        _ => Err(PieceError::NotAPiece),
    }
}

/// One item of a flow sequence cut from a document (the text between two commas), starting
/// at `column` of its first line; `None` when it holds no item. `depth` as for
/// [`read_block_items`].
pub(crate) fn read_flow_item(
    piece: DocumentText<'_>,
    column: u32,
    depth: usize,
) -> Result<Option<Node>, PieceError> {
    let mut p = Reader::new(piece.text, piece.first_line);
    (p.depth, p.first_column) = (depth, column);
    p.col_cache.set((0, column));
    let syntax = |e: Problem| {
        if cut_short(&e) {
            PieceError::NotAPiece
        } else {
            PieceError::Syntax(e)
        }
    };
    p.flow_skip_to_end().map_err(syntax)?;
    if p.eof() {
        return Ok(None);
    }
    let node = p.flow_node().map_err(syntax)?;
    p.flow_skip_to_end().map_err(syntax)?;
    if !p.eof() {
        return Err(PieceError::NotAPiece);
    }
    Ok(Some(node))
}

/// A document read from two pieces of it, `head` then `tail` (whose first byte is at
/// `tail_line`, column `tail_column`), as if the text between them were absent: a list
/// document whose items were read one at a time. A tail that starts inside a line is moved to
/// its column on a line of its own (in flow context a line break there changes nothing).
pub(crate) fn read_joined(
    head: DocumentText<'_>,
    tail: &str,
    tail_line: u32,
    tail_column: u32,
) -> R<Option<Node>> {
    let mut text = String::with_capacity(head.text.len() + tail.len() + 1);
    text.push_str(head.text);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let jump = text.len();
    (1..tail_column).for_each(|_| text.push(' '));
    text.push_str(tail);
    read_document_with(
        DocumentText {
            text: &text,
            first_line: head.first_line,
        },
        Some((jump, tail_line)),
    )
}
