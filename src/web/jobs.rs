//! Jobs as the view sees them. [`run`] hands a job to the worker (first writing the state it
//! starts from, in slices), passes on its progress, and reads the answer back in slices: each
//! slice works for at most [`SLICE_MS`] and then yields to the browser, so no task of the main
//! thread comes near 50 ms however large the cluster. [`use_job`] keeps a job as a component's
//! state with Cancel. Small inputs never come here: the view does them at once
//! (`pv_core::jobs::needs_worker` says which).

use super::worker::{self, Listener};
use pv_core::jobs::{Answer, Diagnosed, Progress, Reading, Stage, Writing};
use pv_core::embed::Initial;
use pv_core::session::Session;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// How long one slice of the page's own work lasts before it yields (milliseconds).
pub const SLICE_MS: f64 = 8.0;
/// Pieces handled between two looks at the clock: one, since a piece (an object decoded
/// into a cluster) can take a millisecond or more on a slow machine, and a look costs less.
const PIECES_PER_LOOK: usize = 1;

/// What a job works on.
pub enum Input {
    /// Apply a YAML text (a JS string, never copied into the page's memory) to a state.
    Apply { base: Session, text: JsValue },
    /// A dump to diagnose.
    Dump(DumpSource),
    /// Read a saved session's envelope (a JS string) back.
    Open(JsValue),
    /// Write a session's envelope and check that it reads back.
    Save(Session),
    /// A widget's first state from its manifests or scenario (`pv_core::jobs::start`).
    Start(Initial),
}

/// Where a dump comes from.
pub enum DumpSource {
    /// A chosen or dropped file: the worker reads it a megabyte at a time (up to 256 MB) and
    /// never holds it whole.
    File(web_sys::File),
    /// A pasted text, as a JavaScript string (never copied into the page's memory).
    Text(JsValue),
}

/// Reads and diagnoses a dump off the main thread: `job` shows its progress and Cancel (see
/// [`JobProgress`]), `done` gets the diagnosis, or why there is none. The Diagnose view's way
/// in; small pasted dumps it diagnoses itself at once (`pv_core::jobs::needs_worker`).
pub fn start_dump_job(
    job: &JobHandle,
    source: DumpSource,
    done: impl FnOnce(Result<Diagnosed, String>) + 'static,
) {
    job.start::<Diagnosed>(Input::Dump(source), done);
}

/// What a job's owner hears.
pub type OnProgress = Rc<dyn Fn(Progress)>;

/// A running job; [`Ticket::cancel`] stops it (its `done` is then never called).
#[derive(Clone, Default)]
pub struct Ticket {
    cancelled: Rc<Cell<bool>>,
    worker_job: Rc<Cell<Option<u32>>>,
}

impl Ticket {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(id) = self.worker_job.take() {
            worker::cancel(id);
        }
    }
}

/// Runs a job; `done` gets its answer, or a sentence saying why there is none.
pub fn run<A: Answer + 'static>(
    input: Input,
    progress: OnProgress,
    done: impl FnOnce(Result<A, String>) + 'static,
) -> Ticket {
    let reading: Box<dyn ReadAnswer> = Box::new(AnswerOf::<A>(None));
    let done = move |answer: Result<Box<dyn Any>, String>| {
        done(answer.and_then(|a| {
            a.downcast::<A>()
                .map(|a| *a)
                .map_err(|_| "the worker answered another job".to_owned())
        }))
    };
    run_any(input, progress, reading, Box::new(done))
}

/// What a job does with its answer, whatever its type.
type Done = Box<dyn FnOnce(Result<Box<dyn Any>, String>)>;

/// [`run`] for any answer: one copy of the job's machinery for every kind of job.
fn run_any(
    input: Input,
    progress: OnProgress,
    mut reading: Box<dyn ReadAnswer>,
    done: Done,
) -> Ticket {
    let ticket = Ticket::default();
    let state = ticket.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = drive(input, &progress, &state, reading.as_mut()).await;
        // The owner's redraw with the answer gets a task of its own.
        next_slice().await;
        if !state.cancelled.get() {
            done(result.and_then(|()| reading.finish()));
        }
    });
    ticket
}

/// An answer of some type read back in steps (see `pv_core::jobs::Reading`).
trait ReadAnswer: Steps {
    fn start(&mut self, bytes: Vec<u8>) -> Result<(), String>;
    fn finish(&mut self) -> Result<Box<dyn Any>, String>;
}

struct AnswerOf<A: Answer>(Option<Reading<A>>);

impl<A: Answer + 'static> ReadAnswer for AnswerOf<A> {
    fn start(&mut self, bytes: Vec<u8>) -> Result<(), String> {
        self.0 = Some(Reading::start(bytes).map_err(|e| e.to_string())?);
        Ok(())
    }
    fn finish(&mut self) -> Result<Box<dyn Any>, String> {
        let reading = self.0.take().ok_or("the answer was not read")?;
        let answer = reading.finish().map_err(|e| e.to_string())?;
        Ok(Box::new(answer))
    }
}

impl<A: Answer> Steps for AnswerOf<A> {
    fn step(&mut self, pieces: usize) -> Result<bool, String> {
        match &mut self.0 {
            Some(reading) => reading.step(pieces).map_err(|e| e.to_string()),
            None => Ok(true),
        }
    }
    fn progress(&self) -> Progress {
        self.0
            .as_ref()
            .map_or(Progress::new(Stage::Adopting, 0, 0), Reading::progress)
    }
}

thread_local! {
    // Looked up once: the clock is read after every object, and finding `window.performance`
    // each time was about 4% of the page's work while taking an answer over.
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

fn now() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, |p| p.now()))
}

/// Lets the browser run (input, rendering) before the next slice: `scheduler.yield()` where
/// the browser has it (Chromium 129+), which resumes ahead of other queued tasks, else a timer
/// (nested timers wait at least 4 ms each).
async fn next_slice() {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into())
        .ok()
        .filter(|s| s.is_object());
    let yielded = scheduler.and_then(|s| {
        let yield_now = js_sys::Reflect::get(&s, &"yield".into()).ok()?;
        let yield_now = yield_now.dyn_into::<js_sys::Function>().ok()?;
        yield_now.call0(&s).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    let promise = yielded.unwrap_or_else(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback(&resolve);
            }
        })
    });
    let _ = JsFuture::from(promise).await;
}

/// Work done a few pieces at a time: writing a state, reading an answer.
pub trait Steps {
    /// Does at most `pieces` more; true when finished.
    fn step(&mut self, pieces: usize) -> Result<bool, String>;
    fn progress(&self) -> Progress;
}

impl Steps for Writing {
    fn step(&mut self, pieces: usize) -> Result<bool, String> {
        Ok(Writing::step(self, pieces))
    }
    fn progress(&self) -> Progress {
        Writing::progress(self)
    }
}

/// Does `work` in slices of [`SLICE_MS`], yielding to the browser between them; stops with
/// an error when `ticket` is cancelled.
pub async fn in_slices(
    ticket: &Ticket,
    work: &mut dyn Steps,
    progress: &OnProgress,
) -> Result<(), String> {
    loop {
        let start = now();
        while now() - start < SLICE_MS {
            if work.step(PIECES_PER_LOOK)? {
                progress(work.progress());
                return Ok(());
            }
        }
        progress(work.progress());
        next_slice().await;
        if ticket.cancelled.get() {
            return Err("Cancelled.".into());
        }
    }
}

/// The job's answer, read back in slices.
async fn drive(
    input: Input,
    progress: &OnProgress,
    ticket: &Ticket,
    reading: &mut dyn ReadAnswer,
) -> Result<(), String> {
    let answer = answer_bytes(input, progress, ticket).await?;
    // The answer arrived in a message handler's task: copying it (tens of megabytes for a
    // large dump's diagnosis) and reading its header get tasks of their own.
    let total = answer.length() as usize;
    let mut bytes = Vec::with_capacity(total);
    while bytes.len() < total {
        next_slice().await;
        if ticket.cancelled.get() {
            return Err("Cancelled.".into());
        }
        let (start, end) = (bytes.len(), (bytes.len() + COPY_BYTES).min(total));
        bytes.resize(end, 0);
        answer
            .subarray(start as u32, end as u32)
            .copy_to(&mut bytes[start..end]);
    }
    next_slice().await;
    reading.start(bytes)?;
    in_slices(ticket, reading, progress).await
}

/// Bytes of an answer copied into the page's memory per slice (a few milliseconds).
const COPY_BYTES: usize = 4 * 1024 * 1024;

/// Hands the job to a worker (writing the state it starts from first) and waits for the bytes
/// of its answer.
async fn answer_bytes(
    input: Input,
    progress: &OnProgress,
    ticket: &Ticket,
) -> Result<js_sys::Uint8Array, String> {
    let mut transfer = Vec::new();
    let fields: Vec<(&'static str, JsValue)> = match input {
        Input::Apply { base, text } => {
            let state = write_state(&base, progress, ticket).await?;
            transfer.push(state.buffer().into());
            vec![
                ("job", "apply".into()),
                ("text", text),
                ("state", state.into()),
            ]
        }
        Input::Save(session) => {
            let state = write_state(&session, progress, ticket).await?;
            transfer.push(state.buffer().into());
            vec![("job", "save".into()), ("state", state.into())]
        }
        Input::Open(text) => vec![("job", "open".into()), ("text", text)],
        Input::Start(Initial::Manifests(text)) => {
            vec![("job", "start".into()), ("initial", "manifests".into()), ("text", text.into())]
        }
        Input::Start(Initial::Scenario(text)) => {
            vec![("job", "start".into()), ("initial", "scenario".into()), ("text", text.into())]
        }
        Input::Start(_) => return Err("only manifests and scenarios start in the worker".into()),
        Input::Dump(DumpSource::File(file)) => {
            vec![("job", "diagnose".into()), ("blob", file.into())]
        }
        Input::Dump(DumpSource::Text(text)) => vec![("job", "diagnose".into()), ("text", text)],
    };
    let (sender, answer) = oneshot();
    let id = worker::post(
        fields,
        transfer,
        Listener {
            progress: progress.clone(),
            end: Box::new(move |result| sender.send(result)),
        },
    );
    ticket.worker_job.set(Some(id));
    let bytes = answer.await.unwrap_or_else(|| Err("Cancelled.".into()))?;
    ticket.worker_job.set(None);
    if ticket.cancelled.get() {
        return Err("Cancelled.".into());
    }
    Ok(bytes)
}

/// The state a job starts from, written in slices, as bytes to hand over to the worker.
async fn write_state(
    session: &Session,
    progress: &OnProgress,
    ticket: &Ticket,
) -> Result<js_sys::Uint8Array, String> {
    let mut writing = Writing::start(session);
    in_slices(ticket, &mut writing, progress).await?;
    Ok(js_sys::Uint8Array::from(writing.finish().as_slice()))
}

/// A value handed from a callback to an `async` block, once; `None` if the sender is dropped.
struct Shared<T> {
    value: Option<T>,
    closed: bool,
    waker: Option<Waker>,
}

struct Sender<T>(Rc<RefCell<Shared<T>>>);
struct Receiver<T>(Rc<RefCell<Shared<T>>>);

fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Rc::new(RefCell::new(Shared {
        value: None,
        closed: false,
        waker: None,
    }));
    (Sender(shared.clone()), Receiver(shared))
}

impl<T> Sender<T> {
    fn send(self, value: T) {
        self.0.borrow_mut().value = Some(value);
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let waker = {
            let mut shared = self.0.borrow_mut();
            shared.closed = true;
            shared.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = Option<T>;
    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<T>> {
        let mut shared = self.0.borrow_mut();
        if let Some(value) = shared.value.take() {
            return Poll::Ready(Some(value));
        }
        if shared.closed {
            return Poll::Ready(None);
        }
        shared.waker = Some(context.waker().clone());
        Poll::Pending
    }
}

/// A component's job: whether one runs and how far it is.
#[derive(Clone, Debug, PartialEq)]
pub enum JobStatus {
    Idle,
    Running(Progress),
}

/// The handle [`use_job`] gives: the status to draw, and start and cancel.
#[derive(Clone)]
pub struct JobHandle {
    status: UseStateHandle<JobStatus>,
    ticket: Rc<RefCell<Option<Ticket>>>,
}

impl PartialEq for JobHandle {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status && Rc::ptr_eq(&self.ticket, &other.ticket)
    }
}

impl JobHandle {
    pub fn status(&self) -> &JobStatus {
        &self.status
    }

    /// Starts a job (cancelling one still running); `done` gets its answer.
    pub fn start<A: Answer + 'static>(
        &self,
        input: Input,
        done: impl FnOnce(Result<A, String>) + 'static,
    ) {
        self.cancel();
        self.status
            .set(JobStatus::Running(Progress::new(Stage::Starting, 0, 0)));
        let status = self.status.clone();
        let progress: OnProgress = {
            let status = status.clone();
            Rc::new(move |p| status.set(JobStatus::Running(p)))
        };
        let slot = self.ticket.clone();
        let ticket = run::<A>(input, progress, move |result| {
            slot.borrow_mut().take();
            status.set(JobStatus::Idle);
            done(result);
        });
        *self.ticket.borrow_mut() = Some(ticket);
    }

    /// Stops the job, if one runs: nothing it did reaches the page.
    pub fn cancel(&self) {
        if let Some(ticket) = self.ticket.borrow_mut().take() {
            ticket.cancel();
        }
        self.status.set(JobStatus::Idle);
    }
}

/// A job owned by a component; it is cancelled when the component goes away.
#[hook]
pub fn use_job() -> JobHandle {
    let status = use_state(|| JobStatus::Idle);
    let ticket = use_memo((), |_| RefCell::new(None::<Ticket>));
    let ticket: Rc<RefCell<Option<Ticket>>> = ticket.clone();
    {
        let ticket = ticket.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(ticket) = ticket.borrow_mut().take() {
                    ticket.cancel();
                }
            }
        });
    }
    JobHandle { status, ticket }
}

/// A progress bar with its sentence and a Cancel button, for any job.
#[derive(Properties, PartialEq)]
pub struct JobProgressProps {
    pub job: JobHandle,
    /// What the job does, before the progress sentence (`Applying the YAML`).
    pub what: AttrValue,
    /// Told when the learner cancels (the job's own `done` is then never called).
    #[prop_or_default]
    pub on_cancel: Callback<()>,
}

#[function_component(JobProgress)]
pub fn job_progress(props: &JobProgressProps) -> Html {
    let JobStatus::Running(progress) = props.job.status() else {
        return Html::default();
    };
    let on_cancel = {
        let (job, told) = (props.job.clone(), props.on_cancel.clone());
        Callback::from(move |_: MouseEvent| {
            job.cancel();
            told.emit(());
        })
    };
    let label = format!("{}: {}…", props.what, progress.describe());
    html! {
        <div class="pvp-job" role="status" aria-live="polite">
            <label>
                { label.clone() }
                if let Some(fraction) = progress.fraction() {
                    <progress max="1" value={fraction.to_string()} aria-label={label} />
                } else {
                    <progress aria-label={label} />
                }
            </label>
            <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    }
}
