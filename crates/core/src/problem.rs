//! A problem with a text, at its place: the one type for what the YAML reader, the manifest
//! layer, the session, scenarios and Diagnose refuse, with the line and column an editor shows.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A 1-based line and column (in characters), as editors count them.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }
}

/// What is wrong with a text, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based; `None` when the problem has no single place (an empty or oversized input).
    pub line: Option<u32>,
    /// 1-based, in characters; `None` for a problem with a whole line (the API server refuses
    /// the object that starts there) or with no place.
    pub column: Option<u32>,
    /// The 0-based index of the YAML document in the stream, for a problem inside a stream.
    pub document: Option<usize>,
    /// Kubernetes' or kubectl's words where they exist: `unknown field "spec.storageClasName"`,
    /// `json: cannot unmarshal …`, the API server's refusal.
    pub message: String,
}

impl Problem {
    /// At a line and column (a line or column of 0 is taken as 1).
    pub fn at(position: Position, message: impl Into<String>) -> Self {
        Problem {
            line: Some(position.line.max(1)),
            column: Some(position.column.max(1)),
            document: None,
            message: message.into(),
        }
    }

    /// About a whole line.
    pub fn at_line(line: u32, message: impl Into<String>) -> Self {
        Problem {
            line: Some(line.max(1)),
            column: None,
            document: None,
            message: message.into(),
        }
    }

    /// With no single place.
    pub fn nowhere(message: impl Into<String>) -> Self {
        Problem {
            line: None,
            column: None,
            document: None,
            message: message.into(),
        }
    }

    /// The same problem, inside the stream's `document`.
    pub fn in_document(mut self, document: usize) -> Self {
        self.document = Some(document);
        self
    }

    /// Its line and column, when it has both.
    pub fn position(&self) -> Option<Position> {
        Some(Position::new(self.line?, self.column?))
    }

    /// As compilers print it for a file: `path:line:column: message` (or `path:line: …`,
    /// `path: …`).
    pub fn in_file(&self, path: &str) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}: {}", self.message),
            (Some(l), None) => format!("{path}:{l}: {}", self.message),
            _ => format!("{path}: {}", self.message),
        }
    }
}

/// `line 3, column 7: message`, `line 3: message`, or the message alone.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Problem {}

/// The longest value a message quotes whole, in characters.
pub const QUOTED_LIMIT: usize = 80;

/// A value as a message quotes it: Rust's debug quoting, and past [`QUOTED_LIMIT`] characters
/// its start and how long it is (a 1 MB attribute must not be echoed whole).
pub fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED_LIMIT) {
        Some((cut, _)) => format!(
            "{:?}… ({} characters)",
            &value[..cut],
            value.chars().count()
        ),
        None => format!("{value:?}"),
    }
}

#[cfg(test)]
mod quoted_tests {
    use super::quoted;

    #[test]
    fn long_values_are_cut_with_their_length() {
        assert_eq!(quoted("gold"), "\"gold\"");
        let long = "é".repeat(1_000_000);
        let shown = quoted(&long);
        assert_eq!(
            shown,
            format!("\"{}\"… (1000000 characters)", "é".repeat(80))
        );
        assert_eq!(quoted(&"a".repeat(80)), format!("\"{}\"", "a".repeat(80)));
    }
}
