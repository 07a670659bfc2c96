//! The page's side of its Web Worker (`crates/worker`, built by Trunk beside the page as
//! `pv-worker.js` and `pv-worker_bg.wasm`): starts one on the first job that needs it, keeps it
//! while idle for the next job (a second job at the same time gets a second worker), and ends
//! it to cancel a job, the only way to stop a busy WebAssembly loop. A worker that cannot start
//! or that stops (out of memory, a panic) fails its job with a sentence saying so; the page's
//! state is never touched by a worker, so nothing is lost.
//!
//! The messages are described in `crates/worker/src/protocol.rs`.

use pv_core::jobs::{Progress, Stage};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Where the worker's files are: beside the page's glue. The embedding script says where that
/// is (`globalThis.pvPlaygroundAssets`, for widgets loaded from another address); the
/// standalone page's glue sits beside the page. (Not `import.meta.url` through an inline JS
/// snippet: a snippet is one more file every site and package would have to copy.)
fn assets_url() -> String {
    let said = js_sys::Reflect::get(&js_sys::global(), &"pvPlaygroundAssets".into())
        .ok()
        .and_then(|v| v.as_string());
    said.or_else(|| {
        let page = web_sys::window()?.location().href().ok()?;
        Some(web_sys::Url::new_with_base(".", &page).ok()?.href())
    })
    .unwrap_or_default()
}

/// What the page hears about a job.
pub struct Listener {
    pub progress: Rc<dyn Fn(Progress)>,
    /// The answer's bytes (still the browser's: copying tens of megabytes into the page's
    /// memory is the job's to do in slices), or why there is none; called once.
    pub end: Box<dyn FnOnce(Result<js_sys::Uint8Array, String>)>,
}

struct Slot {
    worker: Worker,
    /// The object URL of its bootstrap script, revoked when the worker stops rather than right
    /// after `new Worker()`, before the browser may have fetched the script.
    script_url: String,
    /// The job this worker runs, if any, with its listener.
    running: Option<(u32, Listener)>,
}

type SlotRef = Rc<RefCell<Slot>>;

thread_local! {
    static SLOTS: RefCell<Vec<SlotRef>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// The bootstrap script of a worker: loads the glue and the wasm from the page's address
/// (importScripts takes any address, so a widget embedded from elsewhere works too), and keeps
/// messages that arrive before the wasm is ready for its handler.
fn bootstrap(base: &str) -> String {
    let glue = format!("{base}pv-worker.js");
    let wasm = format!("{base}pv-worker_bg.wasm");
    format!(
        "importScripts({glue:?});\n\
         const early = [];\n\
         self.onmessage = (e) => early.push(e);\n\
         wasm_bindgen({wasm:?}).then(\n\
           () => {{ for (const e of early) self.onmessage(e); }},\n\
           (e) => self.postMessage({{ failed: 'its WebAssembly could not be loaded (' + e + ')' }}),\n\
         );\n"
    )
}

fn spawn() -> Result<SlotRef, String> {
    let script = js_sys::Array::of1(&bootstrap(&assets_url()).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&script, &options)
        .map_err(|_| "the browser could not make its script".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make its script".to_owned())?;
    let worker = Worker::new(&url).map_err(|e| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "this page does not allow it".into());
        format!("the browser refused to start it ({why})")
    });
    let worker = worker.inspect_err(|_| {
        let _ = web_sys::Url::revoke_object_url(&url);
    })?;
    let slot = Rc::new(RefCell::new(Slot {
        worker,
        script_url: url,
        running: None,
    }));
    let weak = Rc::downgrade(&slot);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(slot) = weak.upgrade() {
            heard(&slot, &event.data());
        }
    });
    let weak = Rc::downgrade(&slot);
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        if let Some(slot) = weak.upgrade() {
            let message = event.message();
            let why = if message.is_empty() {
                "it could not be loaded".to_owned()
            } else {
                message
            };
            stop(&slot, Err(format!("The background worker stopped: {why}.")));
        }
    });
    {
        let slot = slot.borrow();
        slot.worker
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        slot.worker
            .set_onerror(Some(on_error.as_ref().unchecked_ref()));
        slot.worker
            .set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    }
    // Both live as long as the worker; a stopped worker drops its slot, and they stay
    // unreachable (a few bytes per worker ever started).
    on_message.forget();
    on_error.forget();
    SLOTS.with(|slots| slots.borrow_mut().push(slot.clone()));
    Ok(slot)
}

/// A message from a worker: progress, an answer, or a failure.
fn heard(slot: &SlotRef, data: &JsValue) {
    let field = |key: &str| js_sys::Reflect::get(data, &key.into()).unwrap_or_default();
    let id = field("id").as_f64().map(|id| id as u32);
    let running = slot.borrow().running.as_ref().map(|(id, _)| *id);
    // A failure without an id is the worker's own (its wasm did not load).
    if let Some(why) = field("failed").as_string() {
        if id.is_none() || id == running {
            stop(slot, Err(format!("The background worker stopped: {why}.")));
        }
        return;
    }
    if id.is_none() || id != running {
        return;
    }
    let answer = field("answer");
    if answer.is_object() {
        let bytes = js_sys::Uint8Array::new(&answer);
        let job = slot.borrow_mut().running.take();
        if let Some((_, listener)) = job {
            (listener.end)(Ok(bytes));
        }
        return;
    }
    let stage = field("stage")
        .as_f64()
        .and_then(|i| Stage::from_index(i as u8));
    if let Some(stage) = stage {
        let number = |key: &str| field(key).as_f64().unwrap_or(0.0) as u64;
        let progress = Progress::new(stage, number("done"), number("total"));
        // Called with no borrow held: the view may post another job from it.
        let listener = slot
            .borrow()
            .running
            .as_ref()
            .map(|(_, l)| l.progress.clone());
        if let Some(listener) = listener {
            listener(progress);
        }
    }
}

/// Ends a worker and its job, with `result` for the job's listener.
fn stop(slot: &SlotRef, result: Result<js_sys::Uint8Array, String>) {
    slot.borrow().worker.terminate();
    let _ = web_sys::Url::revoke_object_url(&slot.borrow().script_url);
    SLOTS.with(|slots| slots.borrow_mut().retain(|s| !Rc::ptr_eq(s, slot)));
    let job = slot.borrow_mut().running.take();
    if let Some((_, listener)) = job {
        (listener.end)(result);
    }
}

/// Starts a worker ahead of a job that is likely to come (a large text was just pasted), so
/// that fetching and compiling its wasm overlaps the user's own time; nothing if one idles.
pub fn prepare() {
    let idle = SLOTS.with(|slots| slots.borrow().iter().any(|s| s.borrow().running.is_none()));
    if !idle {
        // A worker that cannot start says so when a job asks for it.
        let _ = spawn();
    }
}

/// Posts a job: `fields` are the message's (`job`, `text`, `state`…), `transfer` the buffers
/// handed over with it. Returns the job's id, for [`cancel`]. The listener's `end` is always
/// called once, later (never during this call), unless the job is cancelled.
pub fn post(
    fields: Vec<(&'static str, JsValue)>,
    transfer: Vec<JsValue>,
    listener: Listener,
) -> u32 {
    let id = NEXT_ID.with(|next| next.replace(next.get() + 1));
    let idle = SLOTS.with(|slots| {
        slots
            .borrow()
            .iter()
            .find(|s| s.borrow().running.is_none())
            .cloned()
    });
    let slot = match idle.map(Ok).unwrap_or_else(spawn) {
        Ok(slot) => slot,
        Err(why) => {
            let message = format!("The background worker could not start: {why}.");
            // Said after this call returns, as every other end is.
            wasm_bindgen_futures::spawn_local(async move { (listener.end)(Err(message)) });
            return id;
        }
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"id".into(), &id.into());
    for (key, value) in &fields {
        let _ = js_sys::Reflect::set(&message, &(*key).into(), value);
    }
    (listener.progress)(Progress::new(Stage::Starting, 0, 0));
    slot.borrow_mut().running = Some((id, listener));
    let transfer: js_sys::Array = transfer.into_iter().collect();
    let posted = slot
        .borrow()
        .worker
        .post_message_with_transfer(&message, &transfer);
    if posted.is_err() {
        let slot = slot.clone();
        wasm_bindgen_futures::spawn_local(async move {
            stop(
                &slot,
                Err("The background worker could not be given the job.".into()),
            )
        });
    }
    id
}

/// Cancels a job: its worker is ended (a new one starts for the next job) and its listener is
/// dropped without being called.
pub fn cancel(id: u32) {
    let slot = SLOTS.with(|slots| {
        slots
            .borrow()
            .iter()
            .find(|s| s.borrow().running.as_ref().map(|(i, _)| *i) == Some(id))
            .cloned()
    });
    if let Some(slot) = slot {
        slot.borrow_mut().running = None;
        stop(&slot, Err(String::new()));
    }
}
