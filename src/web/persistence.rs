//! The browser's side of saving sessions: localStorage as `pv_core::persist::store`'s
//! [`Store`] (what is restored, kept aside or never overwritten is decided there), the
//! `#state=` URL fragment (deflate-raw through the browser's CompressionStream, then
//! base64url), the clipboard and file downloads. The envelope and its validation are
//! `pv_core::persist`'s; this file only moves bytes. Only the standalone page calls it (the
//! app's `persist` property): an embedded widget must not read or write its host page's
//! storage or address.

use js_sys::{Array, Uint8Array};
use pv_core::persist;
use super::jobs::{self, Ticket};
use pv_core::jobs::{Reopened, SaveChecked};
use pv_core::persist::store::{self, Kept, Opened, Saving, Store, Unread};
use pv_core::session::Session;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, Response};

// web-sys has the compression streams only behind `web_sys_unstable_apis`; the two
// constructors are all we need (each stream is itself the readable/writable pair).
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// The fragment's prefix: `#state=<base64url(deflate-raw(envelope))>`.
const FRAGMENT: &str = "#state=";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// localStorage, or none (storage disabled): then nothing is read and every write is refused.
struct Local(Option<web_sys::Storage>);

impl Store for Local {
    fn get(&self, key: &str) -> Option<String> {
        self.0.as_ref()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let storage = self
            .0
            .as_ref()
            .ok_or("this browser does not let the page use localStorage")?;
        storage.set_item(key, value).map_err(|e| {
            e.dyn_ref::<js_sys::Error>().map_or_else(
                || "the browser gave no reason".to_owned(),
                |e| format!("{}: {}", String::from(e.name()), String::from(e.message())),
            )
        })
    }

    fn remove(&self, key: &str) {
        if let Some(storage) = &self.0 {
            let _ = storage.remove_item(key);
        }
    }

    fn keys(&self) -> Vec<String> {
        let Some(storage) = &self.0 else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }
}

thread_local! {
    /// The standalone page's saving state and what it found when it opened (one per page).
    static SAVED: RefCell<(Saving, Opened)> = RefCell::new((Saving::default(), Opened::Nothing));
}

fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// What the page found at its key as it opened.
pub enum Opening {
    /// Read and settled at once (see `store::open`).
    Done(Opened),
    /// A saved session too large to read on the main thread: the page's worker reads it
    /// ([`opened_large`] then settles it) and saving waits until it has.
    Large(String),
}

/// Why saving waits while a large saved session is read (nothing may be written over it).
const OPENING: &str = "the saved session is still being opened";

/// Reads the saved session as the page opens: call once.
pub fn open_saved() -> Opening {
    let local = Local(storage());
    if let Some(text) = local.get(store::KEY) {
        if text.len() > pv_core::jobs::PAGE_TEXT_BYTES {
            let waiting = Saving {
                paused: Some(OPENING.into()),
                ..Saving::default()
            };
            SAVED.with(|s| *s.borrow_mut() = (waiting, Opened::Nothing));
            return Opening::Large(text);
        }
    }
    let (opened, saving) = store::open(&local, &now());
    SAVED.with(|s| *s.borrow_mut() = (saving, opened.clone()));
    Opening::Done(opened)
}

/// The worker's reading of the large saved `text` ([`Opening::Large`]), settled as
/// `store::open` settles a small one: saving resumes, or the text is kept.
pub fn opened_large(text: String, decoded: Result<Session, Unread>) -> Opened {
    let (opened, saving) = store::opened(&Local(storage()), &now(), text, decoded);
    SAVED.with(|s| *s.borrow_mut() = (saving, opened.clone()));
    opened
}

/// The learner cancelled opening the large saved session: it stays stored, untouched, and
/// this page does not save over it.
pub fn opening_cancelled() -> String {
    SAVED.with(|s| {
        s.borrow_mut().0.paused = Some("opening it was cancelled".into());
    });
    "Opening your saved session was cancelled. It stays stored in this browser as it was, and this page does not save over it: reload the page to open it, or download it below.".into()
}

thread_local! {
    /// The save of a large session the worker is writing (the next change cancels it).
    static SAVING_JOB: RefCell<Option<Ticket>> = const { RefCell::new(None) };
}

/// Saves the session unless saving is paused; `say` gets the sentence to show, when there is
/// one. A large session is written and checked by the page's worker (the page only hands it
/// its state in slices and stores the text), so that saving 10,000 objects does not hold the
/// main thread; a newer change cancels a save still on its way.
pub fn save(session: &Session, say: impl Fn(String) + 'static) {
    SAVING_JOB.with(|job| {
        if let Some(ticket) = job.borrow_mut().take() {
            ticket.cancel();
        }
    });
    if SAVED.with(|s| s.borrow().0.paused.is_some()) {
        return;
    }
    if !pv_core::jobs::needs_worker(0, session.cluster.object_count()) {
        let message = SAVED.with(|s| store::save(&Local(storage()), &mut s.borrow_mut().0, session));
        if let Some(message) = message {
            say(message);
        }
        return;
    }
    let ticket = jobs::run::<SaveChecked>(
        jobs::Input::Save(session.clone()),
        Rc::new(|_| {}),
        move |answer| {
            SAVING_JOB.with(|job| job.borrow_mut().take());
            let checked = answer.and_then(|SaveChecked(checked)| checked);
            let message = SAVED
                .with(|s| store::store_checked(&Local(storage()), &mut s.borrow_mut().0, checked));
            if let Some(message) = message {
                say(message);
            }
        },
    );
    SAVING_JOB.with(|job| *job.borrow_mut() = Some(ticket));
}

/// The user's choice to save this session over the stored text saving was paused for.
pub fn save_over(session: &Session) -> Option<String> {
    SAVED.with(|s| store::save_over(&Local(storage()), &mut s.borrow_mut().0, session))
}

/// Whether the last save failed (the page offers to download the session).
pub fn save_failing() -> bool {
    SAVED.with(|s| s.borrow().0.failing)
}

/// Keeps the saved session aside before a shared link's session replaces it; the notice.
pub fn keep_before_link(shared: &Session, link_text: &str) -> String {
    SAVED.with(|s| {
        let saving = &mut s.borrow_mut().0;
        // A large saved session the page did not open for the link: it is kept aside now.
        if saving.paused.as_deref() == Some(OPENING) {
            saving.paused = None;
        }
        let kept = store::keep_before_link(&Local(storage()), saving, &now(), shared, link_text);
        store::link_opened(&kept)
    })
}

/// The notice for a shared link that cannot be opened, naming what the page shows.
pub fn link_refused(why: &str) -> String {
    SAVED.with(|s| store::link_refused(why, &s.borrow().1))
}

/// The texts kept for the user (see `store::kept`).
pub fn kept() -> Vec<Kept> {
    SAVED.with(|s| store::kept(&Local(storage()), &s.borrow().0))
}

/// The text stored under `key`.
pub fn stored_text(key: &str) -> Option<String> {
    Local(storage()).get(key)
}

/// Deletes a kept text (the user's choice).
pub fn forget(key: &str) {
    Local(storage()).remove(key);
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the browser refused the download".to_owned();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let parts = Array::of1(&JsValue::from_str(text));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A small text saved under `key` (the lesson player's progress), if any.
pub fn load_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Saves a small text under `key`, silently when storage is full or refused, as [`save`].
pub fn save_text(key: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, text);
    }
}

/// The `#state=` fragment of the page's address, if it has one.
pub fn shared_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(FRAGMENT).map(str::to_owned)
}

/// A shared fragment's envelope, or why there is none (bad base64, bad deflate, not text).
pub async fn text_from_fragment(fragment: &str) -> Result<String, String> {
    let compressed =
        persist::base64url_decode(fragment).ok_or("the link's state is not valid base64url")?;
    let bytes = decompress(&compressed, persist::MAX_BYTES)
        .await
        .map_err(|e| format!("the link's state does not decompress ({e})"))?;
    String::from_utf8(bytes).map_err(|_| "the link's state is not UTF-8 text".to_owned())
}

/// Reads a saved session's envelope back: a small one at once, a large one in the page's
/// worker (with `job`'s progress and Cancel); `done` gets the session or why there is none.
pub fn read_envelope(
    job: &jobs::JobHandle,
    text: &str,
    done: impl FnOnce(Result<Session, Unread>) + 'static,
) {
    if text.len() <= pv_core::jobs::PAGE_TEXT_BYTES {
        return done(persist::decode(text).map_err(Unread::from));
    }
    job.start::<Reopened>(jobs::Input::Open(JsValue::from_str(text)), move |answer| {
        done(
            answer
                .map_err(|why| Unread { why, newer: false })
                .and_then(|reopened| reopened.0),
        )
    });
}

/// Puts the session in the address bar's fragment (no new history entry) and returns the link.
pub async fn share(session: &Session) -> Result<String, String> {
    let envelope = persist::encode(session);
    let compressed = compress(envelope.as_bytes())
        .await
        .map_err(|_| "this browser cannot compress (CompressionStream)".to_owned())?;
    let fragment = format!("{FRAGMENT}{}", persist::base64url_encode(&compressed));
    let window = web_sys::window().ok_or("no window")?;
    let history = window.history().map_err(|_| "no history")?;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&fragment))
        .map_err(|_| "the address could not be changed")?;
    window
        .location()
        .href()
        .map_err(|_| "no address".to_owned())
}

/// Copies text to the clipboard; Err when the browser refuses (no permission, no focus).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused access to the clipboard".to_owned())
}

fn stream_of(bytes: &[u8]) -> Result<ReadableStream, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    Ok(Blob::new_with_u8_array_sequence(&parts)?.stream())
}

async fn compress(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    let codec = CompressionStream::new("deflate-raw")?;
    let compressed = stream_of(bytes)?.pipe_through(codec.unchecked_ref::<ReadableWritablePair>());
    let response = Response::new_with_opt_readable_stream(Some(&compressed))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Inflates at most `limit` bytes: a tampered link must not inflate a bomb into the tab.
async fn decompress(bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let js = |e: JsValue| e.as_string().unwrap_or_else(|| "invalid data".into());
    let codec = DecompressionStream::new("deflate-raw").map_err(js)?;
    let inflated = stream_of(bytes)
        .map_err(js)?
        .pipe_through(codec.unchecked_ref::<ReadableWritablePair>());
    let reader: ReadableStreamDefaultReader = inflated.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map_or_else(|| "invalid data".into(), |e| String::from(e.message()))
        })?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(js)?;
        if done.is_truthy() {
            return Ok(out);
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(js)?;
        out.extend(Uint8Array::new(&value).to_vec());
        if out.len() > limit {
            let _ = reader.cancel();
            return Err(format!("it inflates to more than {limit} bytes"));
        }
    }
}
