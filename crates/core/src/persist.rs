//! A session saved as text and read back (the page keeps it in localStorage and shares it in
//! the URL): a versioned envelope of a few header lines and the objects as YAML, read back with
//! full validation, so a corrupt or tampered text is a [`RestoreError`], never a panic.
//!
//! ```text
//! # pv-playground state
//! version: 1
//! clock: 2026-01-01T00:00:10Z
//! sequence: 12
//! passes: 3
//! settled: true
//! stepMode: false
//! selected: default/db
//! objects: 9
//! ---
//! <the objects in creation order, with uids, status and finalizers, as `kubectl get -o yaml`>
//! # end of pv-playground state
//! ```
//!
//! Not saved: the undo history, and what the API server does not store either: the event log
//! (a restored session's log starts at the restore; the page says so) and the scheduler's
//! in-memory reservations (made again on the next pass).
//!
//! Every version this project has written is read by every later build: [`READERS`] has one
//! reader per version, each turning its text into today's session (the migration), tested on
//! stored fixtures of each (`persist/fixtures/`). A newer version is refused as
//! [`RestoreError::Newer`], so the page keeps it for the build that wrote it. Saving checks
//! before writing ([`encode_checked`]): the size, and that the text reads back. What the page
//! does with its stored texts (restore, keep aside, never overwrite) is [`store`]'s.

pub mod store;

use crate::manifest;
use crate::session::Session;
use pv_engine::cluster::ApiError;
use pv_engine::time::Timestamp;
use pv_engine::Cluster;
use std::fmt;
use std::ops::Bound;
use std::rc::Rc;

/// The envelope's first line; a text without it is not a saved session.
const MAGIC: &str = "# pv-playground state";
/// The envelope's last line; a text without it was cut short.
const END: &str = "# end of pv-playground state";
/// The version this build writes (it reads this one and every older one, see [`READERS`]).
pub const VERSION: u32 = 1;

/// A reader of one envelope version: the text after the version line into today's session.
type Reader = fn(&str) -> Result<Session, RestoreError>;

/// Every version this project has ever written, oldest first, and its reader; each older
/// version's reader migrates its text to today's session. Version 1: written since the first
/// saved session (commit af74626, 2026-11-25) by every build to date, byte for byte the same
/// for the same session (the fixtures were written by the builds at af74626, 48d8e7e, f502b8f,
/// 4ad79e3, c5d661b and 16f590a). When the format changes, VERSION becomes 2, a `read_v2`
/// joins, and `read_v1` turns a v1 text into what v2 holds.
pub const READERS: &[(u32, Reader)] = &[(1, read_v1)];
/// The largest envelope read back: far above a learner's cluster, far below a tab's memory.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// Why a saved session could not be read back.
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreError {
    /// Not a saved session at all (no first line), or too large.
    NotASavedState(String),
    /// The version line is missing or unreadable, or names a version never written.
    Version(String),
    /// Saved by a newer build of the playground, in a format this build cannot read.
    Newer(u32),
    /// Cut short: the end line is missing, or fewer objects than the header counts.
    Truncated(String),
    /// A header line is missing, repeated, unknown or has a bad value.
    Header(String),
    /// The objects' YAML does not read (line numbers count from the envelope's first line).
    Yaml(Vec<crate::problem::Problem>),
    /// The API server refuses the objects.
    Objects(Vec<ApiError>),
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::NotASavedState(why)
            | RestoreError::Version(why)
            | RestoreError::Truncated(why)
            | RestoreError::Header(why) => f.write_str(why),
            RestoreError::Newer(version) => write!(
                f,
                "it was saved by a newer version of pv-playground (format version {version}; this version reads up to {VERSION})"
            ),
            RestoreError::Yaml(errors) => {
                let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                write!(
                    f,
                    "the saved objects are not valid YAML manifests ({first})"
                )
            }
            RestoreError::Objects(errors) => {
                let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                write!(f, "the saved objects are refused ({first})")
            }
        }
    }
}

impl std::error::Error for RestoreError {}

/// The session as an envelope (see the module documentation).
pub fn encode(session: &Session) -> String {
    let mut saving = Saving::start(session);
    while !saving.step(usize::MAX) {}
    saving.finish()
}

/// An envelope written a few objects at a time (the page saves a large session in slices of
/// its main thread's time); the text is the same as [`encode`]'s.
pub struct Saving {
    out: String,
    cluster: Rc<Cluster>,
    /// The creation sequence of the last object written.
    last: Option<u64>,
    written: usize,
}

impl Saving {
    /// Writes the header.
    pub fn start(session: &Session) -> Saving {
        let cluster = session.cluster.clone();
        let mut out = format!(
            "{MAGIC}\nversion: {VERSION}\nclock: {}\nsequence: {}\npasses: {}\nsettled: {}\nstepMode: {}\n",
            session.cluster.now(),
            session.cluster.next_sequence(),
            session.passes,
            session.settled,
            session.step_mode,
    );
        if let Some(selected) = &session.selected {
            out.push_str(&format!("selected: {selected}\n"));
        }
        out.push_str(&format!("objects: {}\n---\n", cluster.object_count()));
        Saving {
            out,
            cluster,
            last: None,
            written: 0,
        }
    }

    /// Writes at most `budget` more objects; true when all are written.
    pub fn step(&mut self, budget: usize) -> bool {
        let from = self.last.map_or(Bound::Unbounded, Bound::Excluded);
        let mut objects = self.cluster.objects_created((from, Bound::Unbounded));
        for _ in 0..budget {
            let Some((seq, object)) = objects.next() else {
                return true;
            };
            manifest::write_yaml_document(&mut self.out, &object, self.written == 0);
            self.last = Some(seq);
            self.written += 1;
        }
        false
    }

    /// Objects written, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (self.written, self.cluster.object_count())
    }

    /// The envelope, once [`Saving::step`] said everything is written.
    pub fn finish(mut self) -> String {
        self.out.push_str(END);
        self.out.push('\n');
        self.out
    }
}

/// The header's values.
#[derive(Default)]
struct Header {
    version: Option<u32>,
    clock: Option<Timestamp>,
    sequence: Option<u64>,
    passes: Option<usize>,
    settled: Option<bool>,
    step_mode: Option<bool>,
    selected: Option<String>,
    objects: Option<usize>,
}

fn header_error(message: String) -> RestoreError {
    RestoreError::Header(message)
}

/// Sets a header field once; a second time is an error.
fn set<T>(
    field: &mut Option<T>,
    key: &str,
    value: Option<T>,
    text: &str,
) -> Result<(), RestoreError> {
    let Some(value) = value else {
        return Err(header_error(format!("bad value for {key}: {text:?}")));
    };
    if field.replace(value).is_some() {
        return Err(header_error(format!("{key} is given twice")));
    }
    Ok(())
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn read_header(lines: &str) -> Result<Header, RestoreError> {
    let mut header = Header::default();
    for line in lines.lines() {
        let Some((key, value)) = line.split_once(": ") else {
            return Err(header_error(format!("bad header line {line:?}")));
        };
        match key {
            "version" => set(&mut header.version, key, value.parse().ok(), value)?,
            "clock" => set(&mut header.clock, key, Timestamp::parse(value), value)?,
            "sequence" => set(&mut header.sequence, key, value.parse().ok(), value)?,
            "passes" => set(&mut header.passes, key, value.parse().ok(), value)?,
            "settled" => set(&mut header.settled, key, boolean(value), value)?,
            "stepMode" => set(&mut header.step_mode, key, boolean(value), value)?,
            "selected" => set(&mut header.selected, key, Some(value.to_owned()), value)?,
            "objects" => set(&mut header.objects, key, value.parse().ok(), value)?,
            _ => return Err(header_error(format!("unknown header field {key:?}"))),
        }
    }
    Ok(header)
}

fn required<T>(value: Option<T>, key: &str) -> Result<T, RestoreError> {
    value.ok_or_else(|| header_error(format!("the header lacks {key}")))
}

/// Reads an envelope back into a session (with no undo history), checking everything.
pub fn decode(text: &str) -> Result<Session, RestoreError> {
    let Some(rest) = text.strip_prefix(MAGIC).and_then(|r| r.strip_prefix('\n')) else {
        return Err(RestoreError::NotASavedState(
            "it is not a pv-playground state".into(),
        ));
    };
    // The version first: a later version may change everything after it, its size limit too.
    let version_line = rest.lines().next().unwrap_or_default();
    let version = match version_line
        .strip_prefix("version: ")
        .map(str::parse::<u32>)
    {
        Some(Ok(version)) if version > VERSION => return Err(RestoreError::Newer(version)),
        Some(Ok(version)) => version,
        _ => {
            return Err(RestoreError::Version(
                "its format version is missing".into(),
            ))
        }
    };
    if text.len() > MAX_BYTES {
        return Err(RestoreError::NotASavedState(format!(
            "it is {} bytes; a saved state is at most {}",
            crate::jobs::thousands(text.len() as u64),
            crate::jobs::thousands(MAX_BYTES as u64)
        )));
    }
    match READERS.iter().find(|(v, _)| *v == version) {
        Some((_, read)) => read(rest),
        None => Err(RestoreError::Version(format!(
            "it names format version {version}, which no version of pv-playground wrote"
        ))),
    }
}

/// Version 1 (today's): the header lines, `---`, the objects, the end line.
fn read_v1(rest: &str) -> Result<Session, RestoreError> {
    let Some(body) = rest.strip_suffix('\n').and_then(|r| r.strip_suffix(END)) else {
        return Err(RestoreError::Truncated(
            "it is cut short (its last line is missing)".into(),
        ));
    };
    let Some((header_text, yaml)) = body.split_once("\n---\n") else {
        return Err(header_error(
            "the header does not end with a '---' line".into(),
        ));
    };
    let header = read_header(header_text)?;
    required(header.version, "version")?;
    let clock = required(header.clock, "clock")?;
    let sequence = required(header.sequence, "sequence")?;
    let passes = required(header.passes, "passes")?;
    let settled = required(header.settled, "settled")?;
    let step_mode = required(header.step_mode, "stepMode")?;
    let count = required(header.objects, "objects")?;

    // Line numbers in errors count from the envelope's first line.
    let offset = 2 + header_text.lines().count();
    let mut parsed = manifest::parse(yaml);
    if !parsed.errors.is_empty() {
        for error in &mut parsed.errors {
            error.line = error
                .line
                .map(|line| line.saturating_add(u32::try_from(offset).unwrap_or(u32::MAX)));
        }
        return Err(RestoreError::Yaml(parsed.errors));
    }
    if let Some(skipped) = parsed.skipped.first() {
        return Err(RestoreError::Header(format!(
            "it holds a {} the playground does not model",
            skipped.kind
        )));
    }
    if parsed.objects.len() != count {
        return Err(RestoreError::Truncated(format!(
            "it holds {} objects where its header counts {count}",
            parsed.objects.len()
        )));
    }
    let objects = parsed.into_objects();
    if objects.iter().any(|o| o.metadata().uid.is_empty()) {
        return Err(header_error("a saved object lacks its uid".into()));
    }
    if sequence < count as u64 {
        return Err(header_error(format!(
            "sequence {sequence} is lower than the number of objects ({count})"
        )));
    }
    let cluster = Cluster::restore(objects, clock, sequence).map_err(RestoreError::Objects)?;
    // Trust the saved "settled" only if the control loop indeed has nothing left to do.
    let settled = settled && !cluster.clone().sync_once();
    Ok(Session {
        cluster: Rc::new(cluster),
        passes,
        settled,
        selected: header.selected,
        step_mode,
        ..Session::empty()
    })
}

/// Why a session was not saved.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// Its envelope is larger than a saved state may be.
    TooLarge(usize),
    /// Its envelope does not read back as the same session (a bug: saving it would lose work).
    NotReadBack(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::TooLarge(bytes) => write!(
                f,
                "it is {} bytes, and a saved session is at most {} ({} MiB)",
                crate::jobs::thousands(*bytes as u64),
                crate::jobs::thousands(MAX_BYTES as u64),
                MAX_BYTES / (1024 * 1024)
            ),
            SaveError::NotReadBack(why) => write!(f, "its saved text would not read back: {why}"),
        }
    }
}

/// The envelope of `session`, only if it can be read back: at most [`MAX_BYTES`], and
/// decoding it gives the same objects, clock and progress.
pub fn encode_checked(session: &Session) -> Result<String, SaveError> {
    let text = encode(session);
    check_encoded(session, &text)?;
    Ok(text)
}

/// Whether `text`, the envelope of `session`, can be saved (see [`encode_checked`]).
pub fn check_encoded(session: &Session, text: &str) -> Result<(), SaveError> {
    if text.len() > MAX_BYTES {
        return Err(SaveError::TooLarge(text.len()));
    }
    let back = decode(text).map_err(|e| SaveError::NotReadBack(e.to_string()))?;
    let same = back.cluster.objects() == session.cluster.objects()
        && back.cluster.now() == session.cluster.now()
        && back.passes == session.passes
        && back.step_mode == session.step_mode
        && back.selected == session.selected;
    if !same {
        return Err(SaveError::NotReadBack(
            "it reads back as a different session".into(),
        ));
    }
    Ok(())
}

/// The objects of a text shaped like an envelope, as YAML manifests (what a damaged or newer
/// envelope still offers: paste them in the Manifests panel); None when it has no objects part.
pub fn objects_yaml(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(MAGIC)?;
    let (_, objects) = rest.split_once("\n---\n")?;
    let objects = objects
        .strip_suffix('\n')
        .unwrap_or(objects)
        .strip_suffix(END)
        .unwrap_or(objects);
    (!objects.trim().is_empty()).then_some(objects)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Bytes as unpadded base64url (RFC 4648 §5), the alphabet safe in a URL fragment.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Unpadded base64url back to bytes; `None` for a character outside the alphabet or a length
/// no encoder produces (trailing `=` padding is accepted).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|a| a == c)?;
            n |= (value as u32) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
