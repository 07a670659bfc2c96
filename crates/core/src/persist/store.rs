//! What the standalone page does with the sessions it stores, so that saved work is never
//! destroyed: restore the saved session; keep aside a stored text it cannot read (under
//! [`UNREADABLE`]) or leave it in place and pause saving (a newer format, or no room to copy
//! it), never write over it; keep the saved session aside before a shared link replaces it
//! ([`BEFORE_LINK`]); write only an envelope that reads back, and say at once when the browser
//! refuses it (the last good save stays). Each outcome comes with the sentence the page shows.
//! The browser's localStorage is behind [`Store`] (`src/web/persistence.rs`); tests use a map
//! with a quota.

use super::{check_encoded, decode, encode, objects_yaml, RestoreError};
use crate::session::Session;
use pv_engine::sort::CompactSort;

/// A key-value store of texts: the browser's localStorage.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    /// Err with the browser's words when it refuses (quota exceeded, storage disabled).
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&self, key: &str);
    fn keys(&self) -> Vec<String>;
}

/// The saved session's key. It stays the same when the envelope's version changes: the
/// envelope says its version, and a build reads every older one.
pub const KEY: &str = "pv-playground:v1";
/// A stored text the page could not read, kept aside: `pv-playground:v1:unreadable:<time>`.
pub const UNREADABLE: &str = "pv-playground:v1:unreadable:";
/// The saved session a shared link replaced: `pv-playground:v1:before-link:<time>`.
pub const BEFORE_LINK: &str = "pv-playground:v1:before-link:";

/// Whether the page writes its session to [`KEY`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saving {
    /// Why saving is paused: the text at [`KEY`] must not be overwritten until the user says so.
    pub paused: Option<String>,
    /// The last save failed, so the next one that works says so.
    pub failing: bool,
    /// The envelope last written or restored: an unchanged session is neither checked nor
    /// written again (opening a big session must not cost a second read).
    pub written: Option<String>,
}

/// What was found at [`KEY`] when the page opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    Nothing,
    Restored(Box<Session>),
    /// It could not be read; it is kept, unchanged, under `key`.
    KeptAside {
        why: String,
        key: String,
    },
    /// It could not be read, and stays at [`KEY`] (saving is paused): written by a newer
    /// version, or the browser refused a copy (`copy_refused`).
    LeftInPlace {
        why: String,
        copy_refused: Option<String>,
    },
}

impl Opened {
    /// The sentence the page shows (None: nothing to say).
    pub fn message(&self) -> Option<String> {
        match self {
            Opened::Nothing => None,
            Opened::Restored(_) => Some(
                "Restored your last saved session. The event log starts here: events are not saved."
                    .to_owned(),
            ),
            Opened::KeptAside { why, key } => Some(format!(
                "Your saved session could not be restored: {why}. It is kept in this browser as it was (under \"{key}\"): download or copy it below, or paste its objects in Manifests. The page shows the demo."
            )),
            Opened::LeftInPlace {
                why,
                copy_refused: None,
            } => Some(format!(
                "Your saved session could not be restored: {why}. It is kept as it is, and this page does not save over it: open it with that version, or download it below. The page shows the demo; its changes are not saved."
            )),
            Opened::LeftInPlace {
                why,
                copy_refused: Some(refusal),
            } => Some(format!(
                "Your saved session could not be restored: {why}. The browser refused to copy it aside ({refusal}), so it stays where it is and this page does not save over it: download it below. The page shows the demo; its changes are not saved."
            )),
        }
    }

    /// The restored session, if there is one.
    pub fn session(&self) -> Option<&Session> {
        match self {
            Opened::Restored(session) => Some(session),
            _ => None,
        }
    }
}

/// Reads [`KEY`] as the page opens (`now`: the time, as the backup key's suffix).
pub fn open(store: &dyn Store, now: &str) -> (Opened, Saving) {
    let Some(text) = store.get(KEY) else {
        return (Opened::Nothing, Saving::default());
    };
    let decoded = decode(&text).map_err(Unread::from);
    opened(store, now, text, decoded)
}

/// Why the text at [`KEY`] was not read back: the sentence, and whether a newer build wrote
/// it (that text stays where that build looks for it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Unread {
    pub why: String,
    pub newer: bool,
}

impl From<RestoreError> for Unread {
    fn from(error: RestoreError) -> Self {
        Unread {
            why: error.to_string(),
            newer: matches!(error, RestoreError::Newer(_)),
        }
    }
}

/// What the page does with the `text` it found at [`KEY`] once it is read back (`decoded`):
/// [`open`]'s second half, apart because the page reads a large text in its worker.
pub fn opened(
    store: &dyn Store,
    now: &str,
    text: String,
    decoded: Result<Session, Unread>,
) -> (Opened, Saving) {
    let why = match decoded {
        Ok(session) => {
            let saving = Saving {
                written: Some(text),
                ..Saving::default()
            };
            return (Opened::Restored(Box::new(session)), saving);
        }
        Err(unread) => unread,
    };
    let left = |copy_refused| {
        let paused = Saving {
            paused: Some(format!(
                "the session stored in this browser could not be restored: {}",
                why.why
            )),
            ..Saving::default()
        };
        let opened = Opened::LeftInPlace {
            why: why.why.clone(),
            copy_refused,
        };
        (opened, paused)
    };
    // A newer build's session stays where that build looks for it.
    if why.newer {
        return left(None);
    }
    match keep_copy(store, UNREADABLE, now, &text) {
        Ok(key) => {
            store.remove(KEY);
            let opened = Opened::KeptAside {
                why: why.why.clone(),
                key,
            };
            (opened, Saving::default())
        }
        Err(refusal) => left(Some(refusal)),
    }
}

/// Copies `text` to a new key `prefix<now>` (or reuses a key that already holds exactly this
/// text), checked by reading it back.
fn keep_copy(store: &dyn Store, prefix: &str, now: &str, text: &str) -> Result<String, String> {
    if let Some(same) = store
        .keys()
        .into_iter()
        .filter(|k| k.starts_with(prefix))
        .find(|k| store.get(k).as_deref() == Some(text))
    {
        return Ok(same);
    }
    let taken: Vec<String> = store.keys();
    let key = (1..)
        .map(|n| match n {
            1 => format!("{prefix}{now}"),
            n => format!("{prefix}{now}-{n}"),
        })
        .find(|k| !taken.contains(k))
        .unwrap_or_default();
    store.set(&key, text)?;
    if store.get(&key).as_deref() != Some(text) {
        store.remove(&key);
        return Err("the copy did not read back".into());
    }
    Ok(key)
}

/// Saves `session` at [`KEY`] unless saving is paused; the sentence to show when the save
/// failed, or works again after a failure. A failed save leaves the last good one in place.
pub fn save(store: &dyn Store, saving: &mut Saving, session: &Session) -> Option<String> {
    if saving.paused.is_some() {
        return None;
    }
    let text = encode(session);
    if saving.written.as_deref() == Some(text.as_str()) && !saving.failing {
        return None;
    }
    let checked = check_encoded(session, &text)
        .map(|()| text)
        .map_err(|e| e.to_string());
    store_checked(store, saving, checked)
}

/// [`save`]'s second half: stores an envelope already written and checked to read back (the
/// page has its worker write and check a large session's), or says why there is none.
pub fn store_checked(
    store: &dyn Store,
    saving: &mut Saving,
    checked: Result<String, String>,
) -> Option<String> {
    if saving.paused.is_some() {
        return None;
    }
    if let Ok(text) = &checked {
        if saving.written.as_deref() == Some(text.as_str()) && !saving.failing {
            return None;
        }
    }
    let written = checked.and_then(|text| {
        store
            .set(KEY, &text)
            .map(|()| text)
            .map_err(|refusal| format!("the browser refused to store it ({refusal})"))
    });
    match written {
        Ok(text) => {
            saving.written = Some(text);
            if std::mem::take(&mut saving.failing) {
                Some("Saved: the session is stored in this browser again.".to_owned())
            } else {
                None
            }
        }
        Err(why) => {
            saving.written = None;
            saving.failing = true;
            Some(format!(
                "This change is not saved: {why}. Your last saved session is kept as it was; to keep this one, download it below or copy it from Show the state as YAML."
            ))
        }
    }
}

/// The user's choice to save this session over the text left at [`KEY`]: saving resumes.
pub fn save_over(store: &dyn Store, saving: &mut Saving, session: &Session) -> Option<String> {
    saving.paused = None;
    saving.failing = true;
    save(store, saving, session)
}

/// Keeps the saved session aside before a shared link's session replaces it (the next save
/// writes over [`KEY`]); nothing to keep when it holds the link's objects already. Returns the
/// key it is kept under; Err pauses saving (the browser refused the copy).
pub fn keep_before_link(
    store: &dyn Store,
    saving: &mut Saving,
    now: &str,
    shared: &Session,
    link_text: &str,
) -> Result<Option<String>, String> {
    let Some(text) = store.get(KEY) else {
        return Ok(None);
    };
    // A large stored text is not read on the page's main thread: it is kept unless it is the
    // link's very text. Counts are compared before objects: listing a large link's objects
    // clones each of them, a long task at 10,000 claims when a small saved session is
    // plainly not the link's.
    let holds_the_link = text == link_text
        || (text.len() <= crate::jobs::PAGE_TEXT_BYTES
            && decode(&text).is_ok_and(|saved| {
                saved.cluster.object_count() == shared.cluster.object_count()
                    && saved.cluster.objects() == shared.cluster.objects()
            }));
    if holds_the_link {
        return Ok(None);
    }
    keep_copy(store, BEFORE_LINK, now, &text)
        .map(Some)
        .inspect_err(|refusal| {
            saving.paused = Some(format!(
                "the browser refused to keep your saved session aside ({refusal})"
            ));
        })
}

/// What the notice says when a shared link opened: `kept` is where the session it replaced
/// went, or why it stays and saving paused.
pub fn link_opened(kept: &Result<Option<String>, String>) -> String {
    const OPENED: &str =
        "Opened the shared state. The event log starts here: events are not saved.";
    match kept {
        Ok(None) => OPENED.to_owned(),
        Ok(Some(key)) => format!(
            "{OPENED} Your own saved session is kept (under \"{key}\"): open it below to go back to it."
        ),
        Err(refusal) => format!(
            "{OPENED} Your own saved session could not be kept aside ({refusal}), so this page does not save over it: download it below, or save this session over it."
        ),
    }
}

/// What the notice says when a shared link cannot be opened, naming what the page shows.
pub fn link_refused(why: &str, opened: &Opened) -> String {
    let shown = match opened {
        Opened::Restored(_) => "your last saved session",
        _ => "the demo",
    };
    format!("The shared link could not be opened: {why}. The page shows {shown}.")
}

/// A stored text the page keeps for the user, with what can be done with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub key: String,
    pub origin: Origin,
    /// The time in its key (empty for the one at [`KEY`]).
    pub when: String,
    pub bytes: usize,
    /// It reads as a session this build can open.
    pub opens: bool,
    /// It holds objects that can be pasted as manifests.
    pub has_objects: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Could not be read when the page opened.
    Unreadable,
    /// The saved session a shared link replaced.
    BeforeLink,
    /// At [`KEY`], not overwritten while saving is paused.
    InPlace,
}

impl Kept {
    /// When it was kept, as people read it: `2026-12-07 09:24 UTC` from the key's ISO time.
    fn readable_when(&self) -> String {
        match (self.when.get(..10), self.when.get(11..16)) {
            (Some(day), Some(time)) if self.when.ends_with('Z') => format!("{day} {time} UTC"),
            _ => self.when.clone(),
        }
    }

    /// How the page names it.
    pub fn title(&self) -> String {
        let size = if self.bytes >= 10 * 1024 {
            format!("{} KB", self.bytes / 1024)
        } else {
            format!("{} bytes", self.bytes)
        };
        match self.origin {
            Origin::Unreadable => format!(
                "A saved session that could not be restored (kept {}, {size})",
                self.readable_when()
            ),
            Origin::BeforeLink => format!(
                "Your saved session before a shared link replaced it (kept {}, {size})",
                self.readable_when()
            ),
            Origin::InPlace => format!("The stored session this page does not save over ({size})"),
        }
    }

    /// A file name for downloading it (`objects`: its objects as YAML).
    pub fn file_name(&self, objects: bool) -> String {
        let stamp: String = self
            .when
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let stamp = if stamp.is_empty() {
            "stored".into()
        } else {
            stamp
        };
        if objects {
            format!("pv-playground-objects-{stamp}.yaml")
        } else {
            format!("pv-playground-session-{stamp}.txt")
        }
    }
}

/// Every text the page keeps for the user, oldest first; the one at [`KEY`] only while saving
/// is paused.
pub fn kept(store: &dyn Store, saving: &Saving) -> Vec<Kept> {
    let mut keys: Vec<String> = store
        .keys()
        .into_iter()
        .filter(|k| k.starts_with(UNREADABLE) || k.starts_with(BEFORE_LINK))
        .collect();
    keys.compact_sort();
    if saving.paused.is_some() {
        keys.push(KEY.to_owned());
    }
    keys.into_iter()
        .filter_map(|key| {
            let text = store.get(&key)?;
            let (origin, when) = if let Some(when) = key.strip_prefix(UNREADABLE) {
                (Origin::Unreadable, when.to_owned())
            } else if let Some(when) = key.strip_prefix(BEFORE_LINK) {
                (Origin::BeforeLink, when.to_owned())
            } else {
                (Origin::InPlace, String::new())
            };
            Some(Kept {
                origin,
                when,
                bytes: text.len(),
                opens: decode(&text).is_ok(),
                has_objects: objects_yaml(&text).is_some(),
                key,
            })
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
