//! Reading a text a piece at a time, in bounded memory: the stream behind [`super::parse`], fed
//! the whole text at once, and behind a dump of 256 MB read from a file in chunks. The result
//! is the same as reading the whole text, whatever the chunks (natively tested, chunk size by
//! chunk size).
//!
//! Documents of a `---` stream are split by lines, as `tree::split_documents` splits them. A
//! document is kept whole until it ends and read as usual, unless it is a list (`kind: List`,
//! as `kubectl get -o yaml` and `-o json` print one): a mapping at its root whose `items` is a
//! block sequence (`items:` then `- ` lines) or a JSON array (`"items": [`). Then each item is
//! cut out of the text as its lines arrive, read on its own by the YAML reader's own code (the
//! same depth, lines and columns as in the whole document), turned into an object and dropped;
//! what comes before and after the items is read at the end as one document. An item is
//! found by a scan of the lines that follows quotes, flow collections, block scalars and
//! comments; a cut that the reader disagrees with (a quoted scalar or a flow collection that
//! goes on past it) makes the rest of the document be read whole, so a wrong guess costs
//! memory, never a different result.
//!
//! `kind` comes after `items` in kubectl's output, so items are turned into objects before the
//! document is known to be a list; what they give is kept aside and taken only when it is one.

use super::subset::{read_block_items, read_flow_item, read_joined, PieceError};
use super::tree::{read_document, DocumentText, Marker};
use super::{DocumentReader, Parsed, Position, Problem, StreamedItems};

/// Reads a text fed in chunks; [`Stream::finish`] gives what [`super::parse`] would.
pub struct Stream {
    limit: usize,
    fed: usize,
    started: bool,
    /// The bytes of a line not yet complete.
    partial: String,
    /// Bytes fed as bytes that do not end a character yet (a chunk cut one in two).
    cut_character: Vec<u8>,
    /// Where fed bytes stopped being UTF-8, if they did.
    not_utf8: Option<usize>,
    /// The number the next complete line has.
    line: u32,
    document: Document,
    /// Documents already read (empty ones count).
    documents: usize,
    parsed: Parsed,
}

impl Stream {
    /// A stream that refuses more than `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Stream {
            limit,
            fed: 0,
            started: false,
            partial: String::new(),
            cut_character: Vec::new(),
            not_utf8: None,
            line: 1,
            document: Document::new(1),
            documents: 0,
            parsed: Parsed::default(),
        }
    }

    /// Bytes fed so far.
    pub fn fed(&self) -> usize {
        self.fed
    }

    /// Reads a chunk (any length; a line may span chunks).
    pub fn feed(&mut self, mut chunk: &str) {
        if self.fed > self.limit {
            return;
        }
        self.fed += chunk.len();
        if self.fed > self.limit {
            return;
        }
        if !self.started && !chunk.is_empty() {
            self.started = true;
            chunk = chunk.strip_prefix('\u{feff}').unwrap_or(chunk);
        }
        let mut rest = chunk;
        while let Some(end) = rest.find('\n') {
            let (line, after) = rest.split_at(end + 1);
            if self.partial.is_empty() {
                self.line_done(line);
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.push_str(line);
                self.line_done(&whole);
            }
            rest = after;
        }
        self.partial.push_str(rest);
    }

    /// Reads a chunk of UTF-8 bytes (a file read in chunks: a character may span two).
    pub fn feed_bytes(&mut self, bytes: &[u8]) {
        if self.not_utf8.is_some() || self.fed > self.limit {
            return;
        }
        let mut joined;
        let bytes = if self.cut_character.is_empty() {
            bytes
        } else {
            joined = std::mem::take(&mut self.cut_character);
            joined.extend_from_slice(bytes);
            &joined[..]
        };
        let (text, rest) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, &[][..]),
            Err(e) if e.error_len().is_none() => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                (std::str::from_utf8(valid).unwrap_or_default(), rest)
            }
            Err(e) => {
                self.not_utf8 = Some(self.fed + e.valid_up_to());
                return;
            }
        };
        self.feed(text);
        self.cut_character = rest.to_vec();
    }

    /// What the text held.
    pub fn finish(mut self) -> Parsed {
        let cut_short = !self.cut_character.is_empty();
        if let Some(at) = self.not_utf8.or(cut_short.then_some(self.fed)) {
            let mut parsed = Parsed::default();
            let message = format!("the input is not UTF-8 text (byte {at} does not continue a character): save it as UTF-8");
            parsed.errors.push(Problem::nowhere(message).in_document(0));
            return parsed;
        }
        if self.fed > self.limit {
            // Reading stopped there: how much more there was is not known.
            let mut parsed = Parsed::default();
            let message = format!(
                "the input is more than {0} bytes; at most {0} bytes are read",
                self.limit
            );
            parsed
                .errors
                .push(Problem::at(Position::new(1, 1), message).in_document(0));
            return parsed;
        }
        // A text that does not end with a line break ends on an unfinished line.
        let unfinished = (!self.partial.is_empty()).then_some(self.line);
        if !self.partial.is_empty() {
            let last = std::mem::take(&mut self.partial);
            self.line_done(&last);
        }
        if self.document.explicit || self.document.content {
            let document = std::mem::replace(&mut self.document, Document::new(self.line));
            document.finish(self.documents, &mut self.parsed);
        }
        if let Some(line) = unfinished {
            super::note_unfinished_line(&mut self.parsed, line);
        }
        self.parsed
    }

    /// One complete line (with its line break, except at the end of the text).
    fn line_done(&mut self, line: &str) {
        let number = self.line;
        self.line = self.line.saturating_add(1);
        match super::tree::marker(line) {
            Marker::Start => {
                self.end_document(number);
                self.document.explicit = true;
                self.document.push(line, number, self.documents);
            }
            Marker::End => {
                let ends = self.document.explicit || self.document.content;
                if ends {
                    self.document.push_end(line, number, self.documents);
                }
                self.end_document(number.saturating_add(1));
            }
            Marker::None => {
                self.document.content |= super::tree::has_content(line);
                self.document.push(line, number, self.documents);
            }
        }
    }

    /// Ends the current document (if it is one) and starts the next at `first_line`.
    fn end_document(&mut self, first_line: u32) {
        let next = Document::new(first_line);
        let document = std::mem::replace(&mut self.document, next);
        if document.explicit || document.content {
            document.finish(self.documents, &mut self.parsed);
            self.documents += 1;
        }
    }
}

/// What `parse` says of a text over the limit.
pub(crate) fn too_large(bytes: usize, limit: usize) -> Parsed {
    let mut parsed = Parsed::default();
    parsed.errors.push(
        Problem::at(
            Position::new(1, 1),
            format!("the input is {bytes} bytes; at most {limit} bytes are read"),
        )
        .in_document(0),
    );
    parsed
}

/// One document of the stream as its lines arrive.
struct Document {
    first_line: u32,
    /// The line the reader counts for the next line pushed: a lone carriage return breaks a
    /// line for the reader (not for the splitter of documents).
    reader_line: u32,
    /// It began with `---` (so it is a document even without content).
    explicit: bool,
    content: bool,
    /// Where the first character YAML does not allow is, if any (it is the document's error).
    unprintable: Option<Position>,
    lexer: Lexer,
    state: State,
}

enum State {
    /// Lines kept until the document is known to be a list or not.
    Whole { text: String, root: Root },
    /// The items of a list, read one at a time.
    Items(Box<Items>),
}

/// What the document's root is, as far as its lines tell yet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Root {
    /// No content yet.
    Unknown,
    /// A block mapping at this indentation; `items_colon` is where the colon of its last key
    /// line is in the text, when that line was `items:` with nothing after it.
    Block {
        indent: usize,
        items_colon: Option<usize>,
    },
    /// A flow mapping (JSON).
    Flow,
    /// Anything else: read whole.
    Other,
}

struct Items {
    /// The document up to the items (their `items:` line, or `"items": [`).
    head: String,
    /// Block items: the sequence's indentation; flow items: None.
    block: Option<usize>,
    /// The text of the item being cut out, and where it starts.
    piece: String,
    piece_line: u32,
    piece_column: u32,
    /// Items so far (their objects, or errors, kept aside).
    items: StreamedItems,
    /// The reader's first error in an item: the document's error, unless its head has one.
    failed: Option<Problem>,
    /// The cut went wrong: the rest of the document is kept and read with the head.
    whole: bool,
    /// After the items: the rest of the document, and where it starts.
    tail: Option<(String, u32, u32)>,
    /// Block items: where the colon of `items:` is in the head.
    items_colon: Option<usize>,
}

impl Document {
    fn new(first_line: u32) -> Self {
        Document {
            first_line,
            reader_line: first_line,
            explicit: false,
            content: false,
            unprintable: None,
            lexer: Lexer::default(),
            state: State::Whole {
                text: String::new(),
                root: Root::Unknown,
            },
        }
    }

    fn push(&mut self, line: &str, number: u32, index: usize) {
        if self.unprintable.is_none() {
            self.unprintable = unprintable_in(line).map(|column| Position::new(number, column));
        }
        self.push_unchecked(line, number, index);
    }

    /// A document's closing `...` line: the end, not content (as `read_document` reads it).
    fn push_end(&mut self, line: &str, number: u32, index: usize) {
        self.push_unchecked(line, number, index);
    }

    fn push_unchecked(&mut self, line: &str, _number: u32, index: usize) {
        let number = self.reader_line;
        self.reader_line = number
            .saturating_add(1)
            .saturating_add(lone_returns(line, line.len()));
        let marker_line = number == self.first_line && self.explicit;
        match &mut self.state {
            State::Items(items) if items.whole || items.tail.is_some() => match &mut items.tail {
                Some((tail, _, _)) => tail.push_str(line),
                None => items.piece.push_str(line),
            },
            State::Items(items) if items.block.is_none() => self.flow_items(line, number, 1, index),
            State::Items(items) => {
                let indent = items.block.unwrap_or(0);
                let facts = self.lexer.line(line);
                let outside = !facts.inside && facts.content && !facts.tab_led;
                let next_item = outside && facts.indent == indent && facts.dash;
                let after = outside && facts.indent <= indent && !next_item;
                if next_item || after {
                    items.cut_block(index);
                }
                if items.whole {
                    // The rest is read with the head, from the piece that would not read.
                    items.piece.push_str(line);
                } else if after {
                    items.tail = Some((line.to_owned(), number, 1));
                } else {
                    if next_item {
                        items.piece_line = number;
                    }
                    items.piece.push_str(line);
                }
            }
            State::Whole { text, root } => {
                let facts = self.lexer.line(line);
                let start = text.len();
                text.push_str(line);
                match *root {
                    // `"items": [` of a flow root: the items start after the bracket.
                    Root::Flow => {
                        if let Some(open) = facts.items_open {
                            let rest = text.split_off(start + open);
                            let head = std::mem::take(text);
                            let column = column_at(line, open);
                            self.state =
                                State::Items(Box::new(Items::new(head, None, number, column)));
                            self.flow_items(&rest, number, column, index);
                        }
                    }
                    // The first content after `items:`: a `- ` as deep or deeper starts them.
                    Root::Block {
                        indent,
                        items_colon: Some(colon),
                    } if facts.content => {
                        if facts.dash && facts.indent >= indent {
                            let piece = text.split_off(start);
                            let head = std::mem::take(text);
                            let mut items = Items::new(head, Some(facts.indent), number, 1);
                            items.piece = piece;
                            items.items_colon = Some(colon);
                            self.state = State::Items(Box::new(items));
                        } else {
                            *root = Root::Other;
                        }
                    }
                    // A line the scan cannot place: the document is read whole.
                    _ if facts.lone_return && *root != Root::Flow => *root = Root::Other,
                    _ => *root = next_root(*root, &facts, marker_line, start),
                }
            }
        }
    }

    /// A piece of a line inside a flow list's items (`from_column` its first column).
    fn flow_items(&mut self, text: &str, number: u32, from_column: u32, index: usize) {
        let State::Items(items) = &mut self.state else {
            return;
        };
        let mut start = 0;
        for (at, cut) in self.lexer.item_cuts(text) {
            items.piece.push_str(&text[start..at]);
            if cut == Cut::Unmatched {
                // A brace where the items' bracket should be: the whole reader says why.
                items.whole = true;
            } else {
                items.cut_flow(index);
            }
            let closes = cut == Cut::Close;
            if items.whole {
                // The rest, from the cut, is read with the head.
                items.piece.push_str(&text[at..]);
                return;
            }
            if closes {
                let (line, column) = position_in(text, at, number, from_column);
                items.tail = Some((text[at..].to_owned(), line, column));
                return;
            }
            (items.piece_line, items.piece_column) = position_in(text, at + 1, number, from_column);
            start = at + 1;
        }
        items.piece.push_str(&text[start..]);
    }

    fn finish(self, index: usize, parsed: &mut Parsed) {
        if let Some(at) = self.unprintable {
            let message = super::subset::unprintable_message();
            parsed
                .errors
                .push(Problem::at(at, message).in_document(index));
            return;
        }
        let mut reader = DocumentReader {
            document: index,
            parsed,
            streamed: None,
        };
        match self.state {
            State::Whole { text, .. } => {
                let document = DocumentText {
                    text: &text,
                    first_line: self.first_line,
                };
                match read_document(document) {
                    Ok(Some(root)) => reader.read_root(&root),
                    Ok(None) => {}
                    Err(error) => reader.parsed.errors.push(error.in_document(index)),
                }
            }
            State::Items(mut items) => {
                if !items.whole && items.tail.is_none() {
                    // The document ended in the items (a block list's last item).
                    match items.block {
                        Some(_) => items.cut_block(index),
                        None => items.whole = true,
                    }
                }
                let (tail, line, column) = match (items.whole, items.tail.take()) {
                    (true, tail) => {
                        let mut rest = std::mem::take(&mut items.piece);
                        if let Some((tail, _, _)) = tail {
                            rest.push_str(&tail);
                        }
                        (rest, items.piece_line, items.piece_column)
                    }
                    (false, Some(tail)) => tail,
                    (false, None) => (String::new(), items.piece_line, 1),
                };
                // Read without its items, a block `items:` is `items: []`, so that what follows
                // ends it as it did; read with the rest of them, it stays as it is.
                if let Some(colon) = items.items_colon.filter(|_| !items.whole) {
                    items.head.insert_str(colon + 1, " []");
                }
                let head = DocumentText {
                    text: &items.head,
                    first_line: self.first_line,
                };
                let root = read_joined(head, &tail, line, column);
                let first_item = items.first_position();
                let error = match (root, items.failed) {
                    // The head comes first: its error wins.
                    (Err(e), _) if e.position() < Some(first_item) => Some(e),
                    (_, Some(e)) => Some(e),
                    (Err(e), None) => Some(e),
                    (Ok(root), None) => {
                        if let Some(root) = root {
                            reader.streamed = Some(items.items);
                            reader.read_root(&root);
                        }
                        None
                    }
                };
                if let Some(error) = error {
                    reader.parsed.errors.push(error.in_document(index));
                }
            }
        }
    }
}

impl Items {
    fn new(head: String, block: Option<usize>, line: u32, column: u32) -> Self {
        Items {
            head,
            block,
            piece: String::new(),
            piece_line: line,
            piece_column: column,
            items: StreamedItems::default(),
            failed: None,
            whole: false,
            tail: None,
            items_colon: None,
        }
    }

    /// Where the first item's piece starts.
    fn first_position(&self) -> Position {
        self.items
            .first_at
            .unwrap_or(Position::new(self.piece_line, self.piece_column))
    }

    /// Reads the block items in the piece (whole lines from a `- ` line).
    fn cut_block(&mut self, index: usize) {
        let piece = std::mem::take(&mut self.piece);
        if self.failed.is_some() || piece.is_empty() {
            return;
        }
        let text = DocumentText {
            text: &piece,
            first_line: self.piece_line,
        };
        self.items
            .first_at
            .get_or_insert(Position::new(self.piece_line, self.piece_column));
        // The root mapping is one level deep; its `items` sequence is the second.
        match read_block_items(text, 1) {
            Ok(nodes) => nodes.into_iter().for_each(|n| self.items.add(n, index)),
            Err(PieceError::Syntax(e)) => self.failed = Some(e),
            Err(PieceError::NotAPiece) => {
                self.whole = true;
                self.piece = piece;
            }
        }
    }

    /// Reads the flow item in the piece (the text between two commas).
    fn cut_flow(&mut self, index: usize) {
        let piece = std::mem::take(&mut self.piece);
        if self.failed.is_some() {
            return;
        }
        let text = DocumentText {
            text: &piece,
            first_line: self.piece_line,
        };
        self.items
            .first_at
            .get_or_insert(Position::new(self.piece_line, self.piece_column));
        // The root mapping is one level deep, `items` two: an item's own collection is three.
        match read_flow_item(text, self.piece_column, 2) {
            Ok(Some(node)) => self.items.add(node, index),
            // An empty piece between two commas (or before the bracket): the whole document's
            // reader says what is wrong there, or that a trailing comma is fine.
            Ok(None) | Err(PieceError::NotAPiece) => {
                self.whole = true;
                self.piece = piece;
            }
            Err(PieceError::Syntax(e)) => self.failed = Some(e),
        }
    }
}

/// Carriage returns not followed by a line feed in `text[..end]`: each breaks a line for the
/// reader.
fn lone_returns(text: &str, end: usize) -> u32 {
    let bytes = &text.as_bytes()[..end];
    if !bytes.contains(&b'\r') {
        return 0;
    }
    let lone = bytes
        .iter()
        .enumerate()
        .filter(|(i, c)| **c == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
        .count();
    u32::try_from(lone).unwrap_or(u32::MAX)
}

/// The reader's line and column of byte `at` of a piece of a line that starts at `line`,
/// `column` (lone carriage returns start lines of their own).
fn position_in(text: &str, at: usize, line: u32, column: u32) -> (u32, u32) {
    let before = &text[..at];
    match before.rfind('\r') {
        Some(r) => (
            line.saturating_add(lone_returns(text, at)),
            column_at(&before[r + 1..], at - r - 1),
        ),
        None => (line, column + column_at(text, at) - 1),
    }
}

/// The 1-based column (in characters) of byte `at` of a line.
fn column_at(line: &str, at: usize) -> u32 {
    let chars = line.get(..at).map_or(at, |s| s.chars().count());
    u32::try_from(chars).unwrap_or(u32::MAX).saturating_add(1)
}

/// The column of the first character of `line` YAML does not allow, if any.
fn unprintable_in(line: &str) -> Option<u32> {
    super::subset::first_unprintable(line).map(|(_, column)| column)
}

/// What a document's root is, given its root so far and its next line (which starts at
/// byte `start` of the document's text).
fn next_root(root: Root, facts: &LineFacts, marker_line: bool, start: usize) -> Root {
    let items_colon = facts.items_colon.map(|colon| start + colon);
    match root {
        // A `---` line: content after it is read whole.
        Root::Unknown if marker_line => {
            if facts.after_marker {
                Root::Other
            } else {
                Root::Unknown
            }
        }
        Root::Unknown if facts.content => {
            if facts.flow_root {
                Root::Flow
            } else if facts.key {
                Root::Block {
                    indent: facts.indent,
                    items_colon,
                }
            } else {
                Root::Other
            }
        }
        Root::Block { indent, .. } if facts.content && facts.indent == indent => Root::Block {
            indent,
            items_colon,
        },
        other => other,
    }
}

/// What a line is, as far as cutting items goes.
#[derive(Default)]
struct LineFacts {
    /// Leading spaces.
    indent: usize,
    /// A tab among the leading blanks.
    tab_led: bool,
    /// Content starts on this line outside any quoted scalar, flow collection or block scalar
    /// begun on an earlier line (`inside` is false), and is not only a comment.
    content: bool,
    /// The line began inside a quoted scalar, flow collection or block scalar, or holds a
    /// carriage return that breaks it in two for the reader (the scan cannot say where what
    /// follows it stands; the reader will).
    inside: bool,
    /// The line holds a carriage return not followed by a line feed.
    lone_return: bool,
    /// The content starts with a sequence entry's `-`.
    dash: bool,
    /// The content is a mapping entry (`key:`).
    key: bool,
    /// For `items:` with nothing after it, where its colon is on the line.
    items_colon: Option<usize>,
    /// The content opens a flow mapping at the start of the line (`{`).
    flow_root: bool,
    /// The line is `---` with content after it.
    after_marker: bool,
    /// Where `"items": [` opens the items of a flow root, just after the bracket.
    items_open: Option<usize>,
}

/// Where a flow list's items are cut.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// A comma between two items.
    Comma,
    /// The bracket that closes the items.
    Close,
    /// A closing brace at the items' depth: not a list the stream can cut.
    Unmatched,
}

/// What the scan of the lines knows at a line break.
#[derive(Default)]
struct Lexer {
    /// Inside a quoted scalar: its quote.
    quote: Option<u8>,
    /// Flow collections open.
    flow: usize,
    /// In a block scalar: lines deeper than this indentation are its content.
    block_scalar: Option<usize>,
    /// In a flow root: the last double-quoted text at depth one was `items`, then a `:`.
    items_key: u8,
}

impl Lexer {
    fn line(&mut self, line: &str) -> LineFacts {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        let mut facts = LineFacts {
            indent,
            tab_led: bytes[..bytes
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()]
                .contains(&b'\t'),
            ..LineFacts::default()
        };
        let blank = line.trim_matches([' ', '\t', '\r', '\n']).is_empty();
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                facts.inside = true;
                return facts;
            }
            self.block_scalar = None;
        }
        facts.lone_return = lone_returns(line, line.len()) > 0;
        facts.inside = self.quote.is_some() || self.flow > 0 || facts.lone_return;
        let starts = if facts.inside { 0 } else { indent };
        let content = &line[starts..];
        let first = content.trim_start_matches([' ', '\t']);
        facts.content = !facts.inside && !blank && !first.starts_with('#');
        if facts.content {
            facts.dash = first == "-"
                || first.starts_with("- ")
                || first.starts_with("-\t")
                || first.starts_with("-\r")
                || first.starts_with("-\n");
            facts.flow_root = first.starts_with('{');
            facts.after_marker = line.starts_with("---")
                && !first.trim_start_matches('-').trim().is_empty()
                && line.len() > 3;
            if let Some((key, colon, value)) = map_entry(first) {
                facts.key = true;
                let empty = value.is_empty() || value.starts_with('#');
                if key == "items" && empty {
                    facts.items_colon = Some(line.len() - first.len() + colon);
                }
            }
        }
        self.scan(line, starts, &mut facts, None);
        facts
    }

    /// Where a flow list's items end on this piece of a line, as byte offsets.
    fn item_cuts(&mut self, text: &str) -> Vec<(usize, Cut)> {
        let mut cuts = Vec::new();
        let mut facts = LineFacts::default();
        self.scan(text, 0, &mut facts, Some(&mut cuts));
        cuts
    }

    /// Follows quotes, flow collections, comments and block scalar headers through `line`
    /// from byte `from`; with `cuts`, notes the items' commas and closing bracket (the items
    /// are the flow collection at depth two).
    fn scan(
        &mut self,
        line: &str,
        from: usize,
        facts: &mut LineFacts,
        mut cuts: Option<&mut Vec<(usize, Cut)>>,
    ) {
        let b = line.as_bytes();
        let mut i = from;
        // The last character that is not a blank, and whether blanks followed it.
        let mut last: Option<u8> = None;
        let mut spaced = false;
        let mut owner = facts.indent;
        let mut text_start = 0;
        while i < b.len() {
            let c = b[i];
            if let Some(q) = self.quote {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                    if self.flow == 1 && q == b'"' {
                        self.items_key = u8::from(&line[text_start..i] == "items");
                    }
                    last = Some(c);
                    spaced = false;
                }
                i += 1;
                continue;
            }
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    spaced = last.is_some();
                    i += 1;
                    continue;
                }
                b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => break,
                _ => {}
            }
            let token = match last {
                None => true,
                Some(b'[' | b'{' | b',') => true,
                Some(b':') => spaced || self.flow > 0,
                Some(b'-' | b'?') => spaced,
                _ => false,
            };
            match c {
                b'"' | b'\'' if token => {
                    self.quote = Some(c);
                    text_start = i + 1;
                }
                b'[' | b'{' if token || self.flow > 0 => {
                    self.flow += 1;
                    if c == b'[' && self.flow == 2 && self.items_key == 2 && cuts.is_none() {
                        // The items: the rest of the line is cut into them.
                        facts.items_open = Some(i + 1);
                        self.items_key = 0;
                        return;
                    }
                }
                b']' | b'}' if self.flow > 0 => {
                    if self.flow == 2 {
                        if let Some(cuts) = cuts.as_deref_mut() {
                            let cut = if c == b']' {
                                Cut::Close
                            } else {
                                Cut::Unmatched
                            };
                            cuts.push((i, cut));
                        }
                    }
                    self.flow -= 1;
                }
                b',' if self.flow == 2 => {
                    if let Some(cuts) = cuts.as_deref_mut() {
                        cuts.push((i, Cut::Comma));
                    }
                }
                b':' if self.flow == 1 && self.items_key == 1 => self.items_key = 2,
                b'|' | b'>' if token && self.flow == 0 => {
                    // Its content: the lines deeper than the key or dash that owns it.
                    self.block_scalar = Some(owner);
                    break;
                }
                b'-' if token
                    && self.flow == 0
                    && matches!(b.get(i + 1), Some(b' ') | None | Some(b'\n' | b'\r')) =>
                {
                    owner = i;
                }
                _ => {
                    if token && self.flow == 0 && last != Some(b':') {
                        owner = i;
                    }
                }
            }
            if self.flow == 1 && !matches!(c, b'"' | b':') && self.items_key == 1 {
                self.items_key = 0;
            }
            if self.flow == 1 && self.items_key == 2 && !matches!(c, b':' | b'[') {
                self.items_key = 0;
            }
            last = Some(c);
            spaced = false;
            i += 1;
        }
    }
}

/// A block mapping entry line's key, the colon's offset in `content`, and what follows the
/// colon (trimmed), if the line is one.
fn map_entry(content: &str) -> Option<(&str, usize, &str)> {
    let bytes = content.as_bytes();
    let (key, colon) = match bytes.first()? {
        q @ (b'"' | b'\'') => {
            let end = content[1..].find(char::from(*q))? + 1;
            let after = content[end + 1..].trim_start_matches([' ', '\t']);
            let colon = content.len() - after.len();
            (&content[1..end], colon)
        }
        b'[' | b'{' | b'-' | b'#' | b'?' => return None,
        _ => {
            let colon = content
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|i| matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n')))?;
            (content[..colon].trim_end_matches([' ', '\t']), colon)
        }
    };
    (bytes.get(colon) == Some(&b':')).then(|| {
        (
            key,
            colon,
            content[colon + 1..].trim_matches([' ', '\t', '\r', '\n']),
        )
    })
}
