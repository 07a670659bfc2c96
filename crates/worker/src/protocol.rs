//! The worker's side of the messages with the page (the page's side is `src/web/worker.rs`).
//!
//! The page posts `{id, job, text?, state?, initial?, blob?}`: `job` is `apply` (the YAML
//! `text` to apply to `state`, a session written by `jobs::Writing`), `open` (a saved session's
//! envelope `text`), `save` (write and check the envelope of `state`), `start` (a widget's `initial` kind, `manifests` or `scenario`, and its
//! `text`), or `diagnose` (a dump: a `blob`, a file read here a megabyte at a time and never
//! held whole, or a pasted `text`).
//! The worker answers `{id, stage, done, total}` as it goes (at most every 50 ms, and at each
//! new stage), then `{id, answer}` (an `ArrayBuffer` it hands over, `pv_core::jobs::encode`) or
//! `{id, failed}` (a sentence). A panic posts `{id, failed}` before the worker stops.

use pv_core::embed::Initial;
use pv_core::jobs::{self, Progress, Stage};
use pv_core::session::Session;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// Progress is posted at most this often (milliseconds), besides every change of stage.
const PROGRESS_EVERY_MS: f64 = 50.0;

thread_local! {
    /// The job being run, for the panic hook's message.
    static CURRENT: Cell<f64> = const { Cell::new(-1.0) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &key.into(), value);
}

fn post(fields: &[(&str, JsValue)]) {
    let message = js_sys::Object::new();
    for (key, value) in fields {
        set(&message, key, value);
    }
    let _ = scope().post_message(&message);
}

/// Sets the message handler (the page's bootstrap script replays what came before it).
pub fn listen() {
    std::panic::set_hook(Box::new(|info| {
        let id = CURRENT.with(Cell::get);
        post(&[
            ("id", id.into()),
            (
                "failed",
                format!("the background worker stopped: {info}").into(),
            ),
        ]);
    }));
    let handler = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let data = event.data();
        let field = |key: &str| js_sys::Reflect::get(&data, &key.into()).unwrap_or_default();
        let id = field("id").as_f64().unwrap_or(-1.0);
        CURRENT.with(|current| current.set(id));
        match run(&field) {
            Ok(answer) => {
                let bytes = js_sys::Uint8Array::from(answer.as_slice());
                let message = js_sys::Object::new();
                set(&message, "id", &id.into());
                set(&message, "answer", &bytes.buffer());
                // The buffer is handed over, not copied.
                let transfer = js_sys::Array::of1(&bytes.buffer());
                let _ = scope().post_message_with_transfer(&message, &transfer);
            }
            Err(why) => post(&[("id", id.into()), ("failed", why.into())]),
        }
        CURRENT.with(|current| current.set(-1.0));
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
}

/// Runs one job and returns its answer's bytes.
fn run(field: &dyn Fn(&str) -> JsValue) -> Result<Vec<u8>, String> {
    let id = field("id").as_f64().unwrap_or(-1.0);
    let mut reporter = Reporter::new(id);
    let mut report = |p: Progress| reporter.report(p);
    let text = || field("text").as_string().unwrap_or_default();
    let answer = match field("job").as_string().as_deref() {
        Some("apply") => {
            let state = js_sys::Uint8Array::new(&field("state")).to_vec();
            let base: Session = jobs::decode(state).map_err(|e| e.to_string())?;
            jobs::encode(&jobs::apply(&base, &text(), &mut report))
        }
        Some("open") => jobs::encode(&jobs::open_saved(&text(), &mut report)),
        Some("save") => {
            let state = js_sys::Uint8Array::new(&field("state")).to_vec();
            let session: Session = jobs::decode(state).map_err(|e| e.to_string())?;
            jobs::encode(&jobs::check_save(&session, &mut report))
        }
        Some("diagnose") => {
            let diagnosed = match field("blob").dyn_into::<Blob>() {
                Ok(blob) => read_dump(&blob, &mut report)?,
                Err(_) => jobs::diagnose_text(&text(), &mut report),
            };
            jobs::encode(&diagnosed)
        }
        Some("start") => {
            let initial = match field("initial").as_string().as_deref() {
                Some("manifests") => Initial::Manifests(text()),
                Some("scenario") => Initial::Scenario(text()),
                other => return Err(format!("the page asked for an unknown start {other:?}")),
            };
            jobs::encode(&jobs::start(&initial, &mut report))
        }
        other => return Err(format!("the page asked for an unknown job {other:?}")),
    };
    report(Progress::new(Stage::Answering, 0, 0));
    Ok(answer)
}

/// Bytes of a dump file read at once.
const CHUNK: f64 = 1024.0 * 1024.0;

/// A dump file read a chunk at a time (synchronously: this is a worker) and diagnosed.
fn read_dump(blob: &Blob, report: &mut dyn FnMut(Progress)) -> Result<jobs::Diagnosed, String> {
    let size = blob.size();
    if size > pv_core::manifest::MAX_DUMP_BYTES as f64 {
        let limit = pv_core::manifest::MAX_DUMP_BYTES;
        let problem = pv_core::problem::Problem::nowhere(format!(
            "the file is {size} bytes; at most {limit} bytes are read"
        ));
        return Ok(jobs::Diagnosed(Err(vec![problem])));
    }
    let reader = FileReaderSync::new().map_err(|_| "the file cannot be read here".to_owned())?;
    let mut reading = jobs::DumpReading::new(size as u64);
    let mut at = 0.0;
    while at < size {
        let end = (at + CHUNK).min(size);
        let chunk = blob
            .slice_with_f64_and_f64(at, end)
            .and_then(|part| reader.read_as_array_buffer(&part))
            .map_err(|_| "the file could not be read (was it changed or removed?)".to_owned())?;
        reading.feed(&js_sys::Uint8Array::new(&chunk).to_vec(), report);
        at = end;
    }
    Ok(reading.finish(report))
}

/// Posts progress, at most every [`PROGRESS_EVERY_MS`] within a stage.
struct Reporter {
    id: f64,
    stage: Option<Stage>,
    last: f64,
}

impl Reporter {
    fn new(id: f64) -> Self {
        Reporter {
            id,
            stage: None,
            last: 0.0,
        }
    }

    fn report(&mut self, progress: Progress) {
        let now = js_sys::Date::now();
        if self.stage == Some(progress.stage) && now - self.last < PROGRESS_EVERY_MS {
            return;
        }
        self.stage = Some(progress.stage);
        self.last = now;
        post(&[
            ("id", self.id.into()),
            ("stage", progress.stage.index().into()),
            ("done", (progress.done as f64).into()),
            ("total", (progress.total as f64).into()),
        ]);
    }
}
