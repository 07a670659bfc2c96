//! The page's heavy work as jobs, pure: applying a large YAML text to the session's state,
//! opening a saved session or a shared link, starting a widget from its scenario or manifests.
//! The page's Web Worker runs them (the page runs the same functions itself for small inputs),
//! reports [`Progress`], and sends the answer as bytes ([`crate::transfer`]) that the page
//! reads back in steps ([`Reading`]), so that taking over a 20,000-object cluster never holds
//! the page's main thread for long. The page writes the state a job starts from the same way
//! ([`Writing`]).

use crate::diagnose::{diagnose_dump, read_parsed, Diagnosis, Dump, Input, Verdict};
use crate::embed::{start_session, Initial};
use crate::manifest::Skipped;
use crate::manifest::{self, Stream};
use crate::persist::store::Unread;
use crate::problem::Problem;
use crate::session::{Action, Session, Snapshot};
use crate::transfer::{ClusterReading, Decoder, Encoder, TransferError};
use pv_engine::parts::Cursor;
use pv_engine::Cluster;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Inputs up to this size are applied by the page itself, at once; larger ones by the worker.
/// Measured in Chromium on the 2-core test machine (BENCHMARKS.md, "Large inputs off the main
/// thread"): applying 1,000 claims (199 KB) held the main thread 96–121 ms, 500 claims
/// (99 KB) 66–68 ms, 250 claims (50 KB) under 50 ms.
pub const PAGE_TEXT_BYTES: usize = 64 * 1024;
/// States of up to this many objects are worked on (saved, settled, sent) by the page itself:
/// saving 1,000 objects (written, then read back to check it) held the main thread 75–108 ms.
pub const PAGE_OBJECTS: usize = 300;

/// A widget's scenario longer than this is played by the worker: each step settles the
/// cluster (a 5,000-step scenario took 36 s in the page), while the project's 238 scenarios
/// and lessons are at most 8.7 KB (median 1.6 KB) and play at once.
pub const PAGE_SCENARIO_BYTES: usize = 16 * 1024;

/// Whether a widget's first state is worked out by the worker (see [`PAGE_SCENARIO_BYTES`] and
/// [`PAGE_TEXT_BYTES`]); the demo and the built-in lessons never are.
pub fn starts_in_worker(initial: &Initial) -> bool {
    match initial {
        Initial::Manifests(text) => text.len() > PAGE_TEXT_BYTES,
        Initial::Scenario(text) => text.len() > PAGE_SCENARIO_BYTES,
        Initial::Demo | Initial::Lesson(_) => false,
    }
}

/// Whether work on a text of `text_bytes` against a cluster of `objects` objects goes to the
/// worker (see [`PAGE_TEXT_BYTES`] and [`PAGE_OBJECTS`]).
pub fn needs_worker(text_bytes: usize, objects: usize) -> bool {
    text_bytes > PAGE_TEXT_BYTES || objects > PAGE_OBJECTS
}

/// What a job is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// The page writes the state the job starts from (objects).
    Sending,
    /// The worker starts (no count).
    Starting,
    /// Reading a text (bytes).
    Reading,
    /// Checking writes as the API server would (objects).
    Checking,
    /// Running the controllers (passes; no total).
    Settling,
    /// Playing a scenario or a lesson's steps (no count).
    Playing,
    /// Working out verdicts (no count).
    Diagnosing,
    /// The worker writes its answer (no count).
    Answering,
    /// The page takes the answer over (pieces).
    Adopting,
}

impl Stage {
    /// Every stage, in the order a job goes through them (the index travels in messages).
    pub const ALL: [Stage; 9] = [
        Stage::Sending,
        Stage::Starting,
        Stage::Reading,
        Stage::Checking,
        Stage::Settling,
        Stage::Playing,
        Stage::Diagnosing,
        Stage::Answering,
        Stage::Adopting,
    ];

    pub fn index(self) -> u8 {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0) as u8
    }

    pub fn from_index(index: u8) -> Option<Stage> {
        Stage::ALL.get(usize::from(index)).copied()
    }
}

/// How far a job is: `done` of `total` (`total` 0 when unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

impl Progress {
    pub fn new(stage: Stage, done: u64, total: u64) -> Self {
        Progress { stage, done, total }
    }

    /// Between 0 and 1, when the total is known.
    pub fn fraction(&self) -> Option<f64> {
        (self.total > 0).then(|| (self.done as f64 / self.total as f64).clamp(0.0, 1.0))
    }

    /// What the job is at, to follow what it does in a progress bar's label (`Applying the
    /// YAML: 4.2 of 17.0 MB read`).
    pub fn describe(&self) -> String {
        let (done, total) = (self.done, self.total);
        let count = |unit: &str| {
            if total > 0 {
                format!(": {} of {} {unit}", thousands(done), thousands(total))
            } else {
                String::new()
            }
        };
        match self.stage {
            Stage::Sending => format!(
                "handing the playground to the background worker{}",
                count("objects")
            ),
            Stage::Starting => "starting the background worker".into(),
            Stage::Reading if total > 0 => {
                format!("{} of {} MB read", megabytes(done), megabytes(total))
            }
            Stage::Reading => format!("{} MB read", megabytes(done)),
            Stage::Checking => format!(
                "checking the objects as the API server would{}",
                count("objects")
            ),
            Stage::Settling if done > 0 => format!("running the controllers (pass {done})"),
            Stage::Settling => "running the controllers".into(),
            Stage::Playing => "playing the steps".into(),
            Stage::Diagnosing => "working out the verdicts".into(),
            Stage::Answering => "writing the result".into(),
            Stage::Adopting => format!("taking the result over{}", count("pieces")),
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}

/// `12,500`: counts in messages and progress.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What Apply made of a YAML text (as the YAML panel does it synchronously).
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    /// The state after the writes, settled unless the session is in step mode.
    Changed {
        next: Snapshot,
        objects: usize,
        skipped: Vec<Skipped>,
        /// The first claim the text created (`namespace/name`), to follow once adopted.
        created: Option<String>,
    },
    /// Nothing to write: only kinds the simulator does not model, or no document.
    Unchanged { skipped: Vec<Skipped> },
    /// Nothing written: every problem, each at its line.
    Refused {
        problems: Vec<Problem>,
        skipped: Vec<Skipped>,
    },
}

/// Applies manifests to `base` all or nothing, as the YAML panel's Apply does.
pub fn apply(base: &Session, text: &str, report: &mut dyn FnMut(Progress)) -> Applied {
    let plan = base.prepare_apply_reporting(text, report);
    let skipped = plan.skipped;
    if !plan.problems.is_empty() {
        return Applied::Refused {
            problems: plan.problems,
            skipped,
        };
    }
    let Some(checked) = plan.checked else {
        return Applied::Unchanged { skipped };
    };
    let objects = checked.writes().len();
    if objects == 0 {
        return Applied::Unchanged { skipped };
    }
    let created = base.first_new_claim(checked.writes());
    let after = base.apply_reporting(Action::Commit(Box::new(checked)), report);
    Applied::Changed {
        next: Snapshot {
            cluster: after.cluster,
            passes: after.passes,
            settled: after.settled,
        },
        objects,
        skipped,
        created,
    }
}

/// What a dump is: the dump as read (its cluster, for simulating fixes) and its diagnosis, or
/// every problem that stops reading it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnosed(pub Result<(Dump, Diagnosis), Vec<Problem>>);

impl Diagnosed {
    /// Diagnoses a dump read by the YAML reader (whole or in chunks).
    fn of(parsed: manifest::Parsed) -> Self {
        Diagnosed(read_parsed(parsed).map(|dump| {
            let diagnosis = diagnose_dump(&dump);
            (dump, diagnosis)
        }))
    }
}

/// A dump read a chunk at a time (a file the page's worker reads, up to
/// [`manifest::MAX_DUMP_BYTES`]), then diagnosed.
pub struct DumpReading {
    stream: Stream,
    total: u64,
}

impl DumpReading {
    /// A dump of `total` bytes (0 when unknown).
    pub fn new(total: u64) -> Self {
        DumpReading {
            stream: Stream::new(manifest::MAX_DUMP_BYTES),
            total,
        }
    }

    /// Reads the next chunk of the dump's bytes.
    pub fn feed(&mut self, bytes: &[u8], report: &mut dyn FnMut(Progress)) {
        self.stream.feed_bytes(bytes);
        report(Progress::new(
            Stage::Reading,
            self.stream.fed() as u64,
            self.total,
        ));
    }

    pub fn finish(self, report: &mut dyn FnMut(Progress)) -> Diagnosed {
        report(Progress::new(Stage::Diagnosing, 0, 0));
        Diagnosed::of(self.stream.finish())
    }
}

/// A pasted dump (at most [`manifest::MAX_INPUT_BYTES`], as the page's text areas read).
pub fn diagnose_text(text: &str, report: &mut dyn FnMut(Progress)) -> Diagnosed {
    let total = text.len() as u64;
    let parsed = manifest::parse_reporting(text, &mut |read| {
        report(Progress::new(Stage::Reading, read as u64, total))
    });
    report(Progress::new(Stage::Diagnosing, 0, 0));
    Diagnosed::of(parsed)
}

/// A diagnosis without its verdicts (they follow the dump's cluster one at a time), or how many
/// problems follow.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisHeader {
    input: Input,
    skipped: usize,
    diagnosis: Diagnosis,
    verdicts: usize,
}

/// A verdict of a diagnosis, or a problem that stops one.
// Made and read one at a time, never stored in bulk: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Deserialize)]
pub enum DiagnosedRow {
    Verdict(Verdict),
    Problem(Problem),
}

impl Answer for Diagnosed {
    type Header = Result<DiagnosisHeader, usize>;
    type Row = DiagnosedRow;
    fn split(&self) -> (Self::Header, Option<&Cluster>, Vec<DiagnosedRow>) {
        match &self.0 {
            Ok((dump, diagnosis)) => (
                Ok(DiagnosisHeader {
                    input: dump.input.clone(),
                    skipped: dump.skipped,
                    diagnosis: Diagnosis {
                        verdicts: Vec::new(),
                        classes: diagnosis.classes.clone(),
                        notes: diagnosis.notes.clone(),
                        input: diagnosis.input.clone(),
                        ..*diagnosis
                    },
                    verdicts: diagnosis.verdicts.len(),
                }),
                Some(&dump.cluster),
                diagnosis
                    .verdicts
                    .iter()
                    .cloned()
                    .map(DiagnosedRow::Verdict)
                    .collect(),
            ),
            Err(problems) => (
                Err(problems.len()),
                None,
                problems
                    .iter()
                    .cloned()
                    .map(DiagnosedRow::Problem)
                    .collect(),
            ),
        }
    }
    fn has_cluster(header: &Self::Header) -> bool {
        header.is_ok()
    }
    fn rows(header: &Self::Header) -> usize {
        match header {
            Ok(h) => h.verdicts,
            Err(problems) => *problems,
        }
    }
    fn assemble(header: Self::Header, cluster: Option<Cluster>, rows: Vec<DiagnosedRow>) -> Self {
        let mut verdicts = Vec::new();
        let mut problems = Vec::new();
        for row in rows {
            match row {
                DiagnosedRow::Verdict(v) => verdicts.push(v),
                DiagnosedRow::Problem(p) => problems.push(p),
            }
        }
        Diagnosed(match header {
            Ok(h) => Ok((
                Dump {
                    cluster: cluster.unwrap_or_default(),
                    input: h.input,
                    skipped: h.skipped,
                },
                Diagnosis {
                    verdicts,
                    ..h.diagnosis
                },
            )),
            Err(_) => Err(problems),
        })
    }
}

/// A session, or why there is none: what a job that opens one answers.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionOr<Why>(pub Result<Session, Why>);

/// A widget's session to continue from, or why there is none (each line a sentence).
pub type Opened = SessionOr<Vec<String>>;

/// A saved session read back, or why it was not (see `persist::store::opened`).
pub type Reopened = SessionOr<Unread>;

/// A saved session's envelope (localStorage, a shared link's inflated text) read back.
pub fn open_saved(text: &str, report: &mut dyn FnMut(Progress)) -> Reopened {
    report(Progress::new(Stage::Reading, 0, text.len() as u64));
    SessionOr(crate::persist::decode(text).map_err(Unread::from))
}

/// A session's envelope, written and checked to read back, or why it cannot be saved (see
/// `persist::store::store_checked`).
#[derive(Clone, Debug, PartialEq)]
pub struct SaveChecked(pub Result<String, String>);

/// Writes `session`'s envelope and reads it back (the page's worker does a large session's).
pub fn check_save(session: &Session, report: &mut dyn FnMut(Progress)) -> SaveChecked {
    report(Progress::new(Stage::Answering, 0, 0));
    SaveChecked(crate::persist::encode_checked(session).map_err(|e| e.to_string()))
}

/// A widget's first state from its manifests, scenario or lesson.
pub fn start(initial: &Initial, report: &mut dyn FnMut(Progress)) -> Opened {
    report(Progress::new(Stage::Playing, 0, 0));
    SessionOr(start_session(initial))
}

/// The envelope travels whole in the header (at most `persist::MAX_BYTES`, one copy).
impl Answer for SaveChecked {
    type Header = Result<String, String>;
    type Row = ();
    fn split(&self) -> (Self::Header, Option<&Cluster>, Vec<()>) {
        (self.0.clone(), None, Vec::new())
    }
    fn has_cluster(_: &Self::Header) -> bool {
        false
    }
    fn assemble(header: Self::Header, _: Option<Cluster>, _: Vec<()>) -> Self {
        SaveChecked(header)
    }
}

/// An answer the page reads back in steps: a header (a value), then a cluster if the header
/// says one follows, then as many rows as it says (a list of thousands of rows, like a
/// cluster, is read a few at a time).
pub trait Answer: Sized {
    type Header: Serialize + DeserializeOwned;
    /// What follows the header one at a time (`()` when nothing does).
    type Row: Serialize + DeserializeOwned;
    /// The header, the cluster and the rows to write after it.
    fn split(&self) -> (Self::Header, Option<&Cluster>, Vec<Self::Row>);
    fn has_cluster(header: &Self::Header) -> bool;
    fn rows(_header: &Self::Header) -> usize {
        0
    }
    /// The answer again, from its header, its cluster (when it has one) and its rows.
    fn assemble(header: Self::Header, cluster: Option<Cluster>, rows: Vec<Self::Row>) -> Self;
}

/// A session's state without its history.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateHeader {
    passes: usize,
    settled: bool,
    step_mode: bool,
    selected: Option<String>,
}

impl StateHeader {
    fn of(session: &Session) -> Self {
        StateHeader {
            passes: session.passes,
            settled: session.settled,
            step_mode: session.step_mode,
            selected: session.selected.clone(),
        }
    }

    fn session(self, cluster: Cluster) -> Session {
        Session {
            cluster: Rc::new(cluster),
            passes: self.passes,
            settled: self.settled,
            step_mode: self.step_mode,
            selected: self.selected,
            past: Vec::new(),
            future: Vec::new(),
            // The trace of a step is the page's to show; a job's state starts without one.
            last_pass: None,
        }
    }
}

/// A session travels without its undo history.
impl Answer for Session {
    type Header = StateHeader;
    type Row = ();
    fn split(&self) -> (StateHeader, Option<&Cluster>, Vec<()>) {
        (StateHeader::of(self), Some(&self.cluster), Vec::new())
    }
    fn has_cluster(_: &StateHeader) -> bool {
        true
    }
    fn assemble(header: StateHeader, cluster: Option<Cluster>, _: Vec<()>) -> Self {
        header.session(cluster.unwrap_or_default())
    }
}

/// The session travels as [`Session`] does; the reason why not, whole in the header.
impl<Why: Clone + Serialize + DeserializeOwned> Answer for SessionOr<Why> {
    type Header = Result<StateHeader, Why>;
    type Row = ();
    fn split(&self) -> (Self::Header, Option<&Cluster>, Vec<()>) {
        match &self.0 {
            Ok(session) => (
                Ok(StateHeader::of(session)),
                Some(&session.cluster),
                Vec::new(),
            ),
            Err(why) => (Err(why.clone()), None, Vec::new()),
        }
    }
    fn has_cluster(header: &Self::Header) -> bool {
        header.is_ok()
    }
    fn assemble(header: Self::Header, cluster: Option<Cluster>, _: Vec<()>) -> Self {
        SessionOr(header.map(|h| h.session(cluster.unwrap_or_default())))
    }
}

/// What Apply made of a text, without its lists (they follow one item at a time).
#[derive(Serialize, Deserialize)]
pub enum AppliedHeader {
    Changed {
        passes: usize,
        settled: bool,
        objects: usize,
        skipped: usize,
        created: Option<String>,
    },
    Unchanged {
        skipped: usize,
    },
    Refused {
        problems: usize,
        skipped: usize,
    },
}

/// A document of a kind not modelled, or a problem.
#[derive(Serialize, Deserialize)]
pub enum AppliedRow {
    Skipped(Skipped),
    Problem(Problem),
}

impl Answer for Applied {
    type Header = AppliedHeader;
    type Row = AppliedRow;
    fn split(&self) -> (AppliedHeader, Option<&Cluster>, Vec<AppliedRow>) {
        let rows = |skipped: &[Skipped], problems: &[Problem]| {
            let skipped = skipped.iter().cloned().map(AppliedRow::Skipped);
            let problems = problems.iter().cloned().map(AppliedRow::Problem);
            skipped.chain(problems).collect()
        };
        match self {
            Applied::Changed {
                next,
                objects,
                skipped,
                created,
            } => (
                AppliedHeader::Changed {
                    passes: next.passes,
                    settled: next.settled,
                    objects: *objects,
                    skipped: skipped.len(),
                    created: created.clone(),
                },
                Some(&next.cluster),
                rows(skipped, &[]),
            ),
            Applied::Unchanged { skipped } => (
                AppliedHeader::Unchanged {
                    skipped: skipped.len(),
                },
                None,
                rows(skipped, &[]),
            ),
            Applied::Refused { problems, skipped } => (
                AppliedHeader::Refused {
                    problems: problems.len(),
                    skipped: skipped.len(),
                },
                None,
                rows(skipped, problems),
            ),
        }
    }
    fn has_cluster(header: &AppliedHeader) -> bool {
        matches!(header, AppliedHeader::Changed { .. })
    }
    fn rows(header: &AppliedHeader) -> usize {
        match header {
            AppliedHeader::Changed { skipped, .. } | AppliedHeader::Unchanged { skipped } => {
                *skipped
            }
            AppliedHeader::Refused { problems, skipped } => problems + skipped,
        }
    }
    fn assemble(header: AppliedHeader, cluster: Option<Cluster>, rows: Vec<AppliedRow>) -> Self {
        let mut skipped = Vec::new();
        let mut problems = Vec::new();
        for row in rows {
            match row {
                AppliedRow::Skipped(s) => skipped.push(s),
                AppliedRow::Problem(p) => problems.push(p),
            }
        }
        match header {
            AppliedHeader::Changed {
                passes,
                settled,
                objects,
                created,
                ..
            } => Applied::Changed {
                next: Snapshot {
                    cluster: Rc::new(cluster.unwrap_or_default()),
                    passes,
                    settled,
                },
                objects,
                skipped,
                created,
            },
            AppliedHeader::Unchanged { .. } => Applied::Unchanged { skipped },
            AppliedHeader::Refused { .. } => Applied::Refused { problems, skipped },
        }
    }
}

/// An answer as bytes, all at once (the worker's side).
pub fn encode<A: Answer>(answer: &A) -> Vec<u8> {
    let (header, cluster, rows) = answer.split();
    let mut encoder = Encoder::new();
    encoder.value(&header);
    if let Some(cluster) = cluster {
        encoder.cluster(cluster);
    }
    rows.iter().for_each(|row| encoder.value(row));
    encoder.finish()
}

/// An answer read back in steps of bounded work (the page's side).
pub struct Reading<A: Answer> {
    decoder: Decoder,
    header: Option<A::Header>,
    cluster: Option<ClusterReading>,
    rows: Vec<A::Row>,
    row_count: usize,
}

impl<A: Answer> Reading<A> {
    /// Reads the header; the cluster, if any, is read by [`Reading::step`].
    pub fn start(bytes: Vec<u8>) -> Result<Self, TransferError> {
        let mut decoder = Decoder::new(bytes);
        let header: A::Header = decoder.value()?;
        let cluster = if A::has_cluster(&header) {
            Some(decoder.start_cluster()?)
        } else {
            None
        };
        Ok(Reading {
            decoder,
            row_count: A::rows(&header),
            header: Some(header),
            cluster,
            rows: Vec::new(),
        })
    }

    /// Reads at most `budget` more pieces or rows; true when everything is read.
    pub fn step(&mut self, budget: usize) -> Result<bool, TransferError> {
        if let Some(reading) = self.cluster.as_mut().filter(|r| !r.is_done()) {
            self.decoder.read_pieces(reading, budget)?;
            return Ok(false);
        }
        for _ in 0..budget {
            if self.rows.len() >= self.row_count {
                break;
            }
            self.rows.push(self.decoder.value()?);
        }
        Ok(self.rows.len() >= self.row_count)
    }

    /// Pieces and rows read, and how many there are.
    pub fn progress(&self) -> Progress {
        let (done, total) = self
            .cluster
            .as_ref()
            .map_or((0, 0), ClusterReading::progress);
        let (done, total) = (done + self.rows.len(), total + self.row_count);
        Progress::new(Stage::Adopting, done as u64, total as u64)
    }

    /// The answer, once [`Reading::step`] said everything is read.
    pub fn finish(mut self) -> Result<A, TransferError> {
        let header = self.header.take().ok_or(TransferError::new("read twice"))?;
        let cluster = self.cluster.take().map(ClusterReading::finish);
        Ok(A::assemble(header, cluster, self.rows))
    }
}

/// A session written as bytes in steps of bounded work (the page's side, for the state a job
/// starts from).
pub struct Writing {
    encoder: Encoder,
    cluster: Rc<Cluster>,
    cursor: Cursor,
    written: usize,
    total: usize,
}

impl Writing {
    pub fn start(session: &Session) -> Self {
        let mut encoder = Encoder::new();
        encoder.value(&StateHeader::of(session));
        let cursor = encoder.start_cluster(&session.cluster);
        Writing {
            total: session.cluster.header().pieces,
            encoder,
            cluster: session.cluster.clone(),
            cursor,
            written: 0,
        }
    }

    /// Writes at most `budget` more pieces; true when everything is written.
    pub fn step(&mut self, budget: usize) -> bool {
        let done = self
            .encoder
            .write_pieces(&self.cluster, &mut self.cursor, budget);
        self.written = if done {
            self.total
        } else {
            self.written + budget
        };
        done
    }

    pub fn progress(&self) -> Progress {
        Progress::new(Stage::Sending, self.written as u64, self.total as u64)
    }

    pub fn finish(self) -> Vec<u8> {
        self.encoder.finish()
    }
}

/// Reads bytes all at once (the worker's side, for the state a job starts from).
pub fn decode<A: Answer>(bytes: Vec<u8>) -> Result<A, TransferError> {
    let mut reading = Reading::<A>::start(bytes)?;
    while !reading.step(usize::MAX)? {}
    reading.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use pv_engine::generate::random_objects;

    fn read_in_steps<A: Answer>(bytes: Vec<u8>) -> A {
        let mut reading = Reading::<A>::start(bytes).unwrap();
        while !reading.step(50).unwrap() {
            let progress = reading.progress();
            assert!(progress.done <= progress.total);
        }
        reading.finish().unwrap()
    }

    fn manifests(volumes: usize, claims: usize) -> String {
        crate::manifest::to_yaml(&random_objects(volumes, claims, 4))
    }

    #[test]
    fn applying_through_a_job_ends_where_the_panel_does() {
        let base = Session::demo().apply(Action::Settle);
        let text = manifests(150, 150);
        let mut stages = Vec::new();
        let applied = apply(&base, &text, &mut |p| stages.push(p.stage));
        let plan = base.prepare_apply(&text);
        let direct = base.apply(Action::Commit(Box::new(plan.checked.unwrap())));
        let Applied::Changed { next, objects, .. } = &applied else {
            panic!("applied: {applied:?}");
        };
        assert_eq!((*objects, &next.cluster), (300, &direct.cluster));
        assert_eq!((next.passes, next.settled), (direct.passes, direct.settled));
        for stage in [Stage::Reading, Stage::Checking, Stage::Settling] {
            assert!(stages.contains(&stage), "{stage:?} reported: {stages:?}");
        }
        // Through bytes, read in steps: the same answer, adopted as one undoable change.
        let back: Applied = read_in_steps(encode(&applied));
        assert_eq!(back, applied);
        let Applied::Changed { next, created, .. } = back else {
            unreachable!()
        };
        let adopted = base.apply(Action::Adopt(Box::new(crate::session::Adopted {
            base: base.cluster.clone(),
            next,
            created,
        })));
        assert_eq!(adopted.cluster, direct.cluster);
        // The claim followed is the first the text made, as after the panel's own Apply.
        assert_ne!(direct.selected, base.selected);
        assert_eq!(adopted.selected, direct.selected);
        assert_eq!(adopted.apply(Action::Undo).cluster, base.cluster);
        // Against a state that moved on, the answer is not adopted.
        let moved = base.apply(Action::Restart);
        let Applied::Changed { next, created, .. } = applied else {
            unreachable!()
        };
        let stale = moved.apply(Action::Adopt(Box::new(crate::session::Adopted {
            base: base.cluster.clone(),
            next,
            created,
        })));
        assert_eq!(stale, moved);
    }

    #[test]
    fn refusals_and_skipped_kinds_travel_with_their_lines() {
        let base = Session::demo();
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\nkind: [";
        let applied = apply(&base, text, &mut |_| {});
        let Applied::Refused { problems, skipped } = &applied else {
            panic!("{applied:?}");
        };
        assert_eq!((problems.len(), skipped.len()), (1, 1));
        assert_eq!(problems[0].line, Some(5));
        assert_eq!(read_in_steps::<Applied>(encode(&applied)), applied);
        let only_skipped = apply(&base, "apiVersion: v1\nkind: ConfigMap\n", &mut |_| {});
        assert!(matches!(only_skipped, Applied::Unchanged { ref skipped } if skipped.len() == 1));
    }

    #[test]
    fn a_saved_session_opened_by_a_job_is_the_session_saved() {
        let base = Session::demo()
            .apply(Action::Settle)
            .apply(Action::Select("shop/cache".into()));
        let saved = crate::persist::encode(&base);
        let opened = open_saved(&saved, &mut |_| {});
        let direct = crate::persist::decode(&saved).unwrap();
        assert_eq!(opened, SessionOr(Ok(direct.clone())));
        let back: Reopened = read_in_steps(encode(&opened));
        assert_eq!(back, SessionOr(Ok(direct)));
        let broken = open_saved("not a saved state", &mut |_| {});
        assert!(broken.0.is_err());
        assert_eq!(read_in_steps::<Reopened>(encode(&broken)), broken);
        let newer = open_saved("# pv-playground state\nversion: 9\n", &mut |_| {});
        assert!(matches!(&newer.0, Err(Unread { newer: true, .. })));
    }

    #[test]
    fn a_save_checked_by_a_job_is_the_envelope_the_page_would_write() {
        let session = Session::demo().apply(Action::Settle);
        let checked = check_save(&session, &mut |_| {});
        assert_eq!(checked, SaveChecked(Ok(crate::persist::encode(&session))));
        assert_eq!(read_in_steps::<SaveChecked>(encode(&checked)), checked);
    }

    #[test]
    fn the_state_a_job_starts_from_is_written_in_steps_and_read_back() {
        let session = Session::demo()
            .apply(Action::Apply(
                random_objects(120, 120, 2)
                    .into_iter()
                    .map(crate::session::Write::keeping_finalizers)
                    .collect(),
            ))
            .apply(Action::SetStepMode(true));
        let mut writing = Writing::start(&session);
        let mut steps = 0;
        while !writing.step(40) {
            steps += 1;
            assert!(writing.progress().done < writing.progress().total);
        }
        assert!(steps > 3);
        let back: Session = decode(writing.finish()).unwrap();
        assert_eq!(back.cluster, session.cluster);
        assert_eq!(
            (back.passes, back.settled, back.step_mode),
            (session.passes, session.settled, true)
        );
    }

    #[test]
    fn a_dump_read_in_chunks_is_diagnosed_as_the_whole_text() {
        let dump = pv_fixtures::dump::kubectl_dump(400, 3);
        let whole = crate::diagnose::read_dump(&dump).map(|dump| {
            let diagnosis = diagnose_dump(&dump);
            (dump, diagnosis)
        });
        let mut reading = DumpReading::new(dump.len() as u64);
        let mut progress = Vec::new();
        for chunk in dump.as_bytes().chunks(7_777) {
            reading.feed(chunk, &mut |p| progress.push(p));
        }
        let diagnosed = reading.finish(&mut |_| {});
        assert_eq!(diagnosed.0, whole);
        assert!(diagnosed.0.as_ref().is_ok_and(|(_, d)| d.pending > 0));
        assert_eq!(progress.last().map(|p| p.done), Some(dump.len() as u64));
        assert_eq!(read_in_steps::<Diagnosed>(encode(&diagnosed)), diagnosed);
        assert_eq!(diagnose_text(&dump, &mut |_| {}), diagnosed);
        let broken = diagnose_text("kind: [", &mut |_| {});
        assert_eq!(read_in_steps::<Diagnosed>(encode(&broken)), broken);
    }

    #[test]
    fn a_long_list_of_rows_is_read_a_few_at_a_time() {
        let dump = pv_fixtures::dump::kubectl_dump(2_000, 5);
        let diagnosed = diagnose_text(&dump, &mut |_| {});
        let (dump_read, rows) = diagnosed
            .0
            .as_ref()
            .map(|(d, v)| (d.cluster.header().pieces, v.verdicts.len()))
            .unwrap();
        assert!(rows > 150, "{rows} verdicts");
        // The dump's cluster first, then the verdicts: at most 50 pieces or rows a step.
        let total = dump_read + rows;
        let mut reading = Reading::<Diagnosed>::start(encode(&diagnosed)).unwrap();
        let mut steps = 0;
        while !reading.step(50).unwrap() {
            steps += 1;
            let progress = reading.progress();
            assert_eq!(progress.total, total as u64);
            assert!(progress.done <= (steps * 50) as u64);
        }
        assert_eq!(
            steps,
            dump_read.div_ceil(50) + rows.div_ceil(50) - 1,
            "{dump_read} pieces, {rows} verdicts"
        );
        assert_eq!(reading.finish().unwrap(), diagnosed);
    }

    #[test]
    fn progress_reads_as_a_sentence() {
        assert_eq!(
            Progress::new(Stage::Reading, 4_200_000, 17_000_000).describe(),
            "4.2 of 17.0 MB read"
        );
        assert_eq!(
            Progress::new(Stage::Checking, 12_500, 20_000).describe(),
            "checking the objects as the API server would: 12,500 of 20,000 objects"
        );
        assert_eq!(Progress::new(Stage::Settling, 3, 0).fraction(), None);
        assert_eq!(Progress::new(Stage::Adopting, 1, 4).fraction(), Some(0.25));
    }
}
