//! The browser's side of saving sessions: localStorage, the `#state=` URL fragment
//! (deflate-raw through the browser's CompressionStream, then base64url) and the clipboard.
//! The envelope and its validation are `pv_core::persist`'s; this file only moves bytes. Only
//! the standalone page calls it (the app's `persist` property): an embedded widget must not
//! read or write its host page's storage or address.

use super::jobs::{in_slices, OnProgress, Ticket};
use js_sys::{Array, Uint8Array};
use pv_core::persist;
use pv_core::session::Session;
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

/// The localStorage key, namespaced and versioned with the envelope.
pub const STORAGE_KEY: &str = "pv-playground:v1";
/// The fragment's prefix: `#state=<base64url(deflate-raw(envelope))>`.
const FRAGMENT: &str = "#state=";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved session's text, if any (a large one is opened by the worker).
pub fn saved_text() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

thread_local! {
    /// Saving is held while a saved session is being opened, so that the demo shown
    /// meanwhile never replaces it (and for good after the opening was cancelled).
    static HELD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Holds or releases saving (see `HELD`).
pub fn hold_saves(held: bool) {
    HELD.with(|h| h.set(held));
}

thread_local! {
    /// A large session being written in slices; a newer save cancels it.
    static SAVING: std::cell::RefCell<Option<Ticket>> = const { std::cell::RefCell::new(None) };
}

/// Saves the session (a full or refused storage is not worth interrupting the learner for).
/// A large one is written in slices of the main thread's time, as `jobs` does its work: a
/// 10,000-object session takes a few hundred milliseconds to write.
pub fn save(session: &Session) {
    let Some(storage) = storage().filter(|_| !HELD.with(|h| h.get())) else {
        return;
    };
    if let Some(earlier) = SAVING.with(|s| s.borrow_mut().take()) {
        earlier.cancel();
    }
    if session.cluster.object_count() <= pv_core::jobs::PAGE_OBJECTS {
        let _ = storage.set_item(STORAGE_KEY, &persist::encode(session));
        return;
    }
    let ticket = Ticket::default();
    SAVING.with(|s| *s.borrow_mut() = Some(ticket.clone()));
    let mut saving = persist::Saving::start(session);
    wasm_bindgen_futures::spawn_local(async move {
        let progress: OnProgress = std::rc::Rc::new(|_| {});
        if in_slices(&ticket, &mut saving, &progress).await.is_ok() {
            let _ = storage.set_item(STORAGE_KEY, &saving.finish());
        }
    });
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

/// The envelope a shared fragment holds, inflated (a large one is opened by the worker).
pub async fn text_from_fragment(fragment: &str) -> Result<String, String> {
    let compressed =
        persist::base64url_decode(fragment).ok_or("the link's state is not valid base64url")?;
    let bytes = decompress(&compressed, persist::MAX_BYTES)
        .await
        .map_err(|e| format!("the link's state does not decompress ({e})"))?;
    String::from_utf8(bytes).map_err(|_| "the link's state is not UTF-8 text".to_owned())
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
