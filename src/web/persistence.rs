//! The browser's side of saving sessions: localStorage, the `#state=` URL fragment
//! (deflate-raw through the browser's CompressionStream, then base64url) and the clipboard.
//! The envelope and its validation are `pv_core::persist`'s; this file only moves bytes. Only
//! the standalone page calls it (the app's `persist` property): an embedded widget must not
//! read or write its host page's storage or address.

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

/// The session saved in localStorage: None when there is none, or why it cannot be restored.
pub fn saved_session() -> Option<Result<Session, String>> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    Some(persist::decode(&text).map_err(|e| e.to_string()))
}

/// Saves the session (a full or refused storage is not worth interrupting the learner for).
pub fn save(session: &Session) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &persist::encode(session));
    }
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

/// A session from a shared fragment, or why not (bad base64, bad deflate, bad envelope).
pub async fn session_from_fragment(fragment: &str) -> Result<Session, String> {
    let compressed =
        persist::base64url_decode(fragment).ok_or("the link's state is not valid base64url")?;
    let bytes = decompress(&compressed, persist::MAX_BYTES)
        .await
        .map_err(|e| format!("the link's state does not decompress ({e})"))?;
    let text = String::from_utf8(bytes).map_err(|_| "the link's state is not UTF-8 text")?;
    persist::decode(&text).map_err(|e| e.to_string())
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
