//! The page's stored sessions on an in-memory store with a quota: nothing stored is ever
//! overwritten or lost, whatever the store refuses.

use super::*;
use crate::persist::encode;
use crate::session::{Action, Session};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// localStorage as a test sees it: a map, a quota in bytes, and a switch that refuses writes.
#[derive(Default)]
struct Memory {
    items: RefCell<BTreeMap<String, String>>,
    quota: Option<usize>,
    refuse_all: bool,
}

impl Memory {
    fn with(items: &[(&str, &str)]) -> Self {
        let memory = Memory::default();
        for (k, v) in items {
            memory.items.borrow_mut().insert((*k).into(), (*v).into());
        }
        memory
    }

    fn used_without(&self, key: &str) -> usize {
        let items = self.items.borrow();
        items
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl Store for Memory {
    fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let over = self
            .quota
            .is_some_and(|q| self.used_without(key) + key.len() + value.len() > q);
        if self.refuse_all || over {
            return Err("QuotaExceededError: the quota has been exceeded.".into());
        }
        self.items.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) {
        self.items.borrow_mut().remove(key);
    }
    fn keys(&self) -> Vec<String> {
        self.items.borrow().keys().cloned().collect()
    }
}

const NOW: &str = "2026-12-07T09:00:00.000Z";
const NEWER: &str = include_str!("../fixtures/v2-newer.txt");

fn edited() -> Session {
    Session::demo()
        .apply(Action::Settle)
        .apply(Action::Select("shop/cache".into()))
}

#[test]
fn a_readable_session_is_restored_and_saving_goes_on() {
    let store = Memory::with(&[(KEY, &encode(&edited()))]);
    let (opened, mut saving) = open(&store, NOW);
    assert_eq!(
        opened.session().unwrap().selected.as_deref(),
        Some("shop/cache")
    );
    assert!(opened
        .message()
        .unwrap()
        .starts_with("Restored your last saved session."));
    assert_eq!(save(&store, &mut saving, &Session::demo()), None);
    assert_eq!(store.get(KEY), Some(encode(&Session::demo())));
    assert_eq!(open(&Memory::default(), NOW).0, Opened::Nothing);
}

#[test]
fn an_unreadable_session_is_moved_aside_unchanged_and_never_overwritten() {
    for damaged in [
        "garbage".to_owned(),
        encode(&edited()).replace("passes: ", "passes: x"),
        encode(&edited())[..500].to_owned(),
    ] {
        let store = Memory::with(&[(KEY, &damaged)]);
        let (opened, mut saving) = open(&store, NOW);
        let key = format!("{UNREADABLE}{NOW}");
        assert_eq!(store.get(&key).as_deref(), Some(damaged.as_str()));
        match &opened {
            Opened::KeptAside { key: kept, .. } => assert_eq!(kept, &key),
            other => panic!("{other:?}"),
        }
        let message = opened.message().unwrap();
        assert!(
            message.starts_with("Your saved session could not be restored: "),
            "{message}"
        );
        assert!(message.contains(&format!("(under \"{key}\")")), "{message}");
        assert!(message.ends_with("The page shows the demo."), "{message}");
        // The page saves again (the key is free), and the copy stays.
        assert_eq!(save(&store, &mut saving, &Session::demo()), None);
        assert_eq!(store.get(&key).as_deref(), Some(damaged.as_str()));
        let list = kept(&store, &saving);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].origin, Origin::Unreadable);
        assert_eq!(list[0].when, NOW);
        assert!(!list[0].opens);
        assert_eq!(
            list[0].file_name(false),
            "pv-playground-session-2026-12-07T09-00-00-000Z.txt"
        );
        // Reloading does not copy it again.
        let (again, _) = open(&store, NOW);
        assert!(matches!(again, Opened::Restored(_)));
        assert_eq!(kept(&store, &saving).len(), 1);
    }
}

#[test]
fn the_same_unreadable_text_is_kept_once_and_two_texts_twice() {
    let store = Memory::with(&[(KEY, "first")]);
    open(&store, NOW);
    store.set(KEY, "first").unwrap();
    open(&store, "later");
    store.set(KEY, "second").unwrap();
    open(&store, NOW);
    let keys: Vec<String> = kept(&store, &Saving::default())
        .into_iter()
        .map(|k| k.key)
        .collect();
    assert_eq!(
        keys,
        [format!("{UNREADABLE}{NOW}"), format!("{UNREADABLE}{NOW}-2")]
    );
}

#[test]
fn a_newer_envelope_stays_in_place_and_saving_pauses_until_the_user_saves_over_it() {
    let store = Memory::with(&[(KEY, NEWER)]);
    let (opened, mut saving) = open(&store, NOW);
    assert!(
        matches!(
            opened,
            Opened::LeftInPlace {
                copy_refused: None,
                ..
            }
        ),
        "{opened:?}"
    );
    let message = opened.message().unwrap();
    assert!(
        message.contains("newer version of pv-playground (format version 2"),
        "{message}"
    );
    assert!(
        message.contains("this page does not save over it"),
        "{message}"
    );
    assert!(saving.paused.is_some());
    // Changes are not written over it.
    assert_eq!(save(&store, &mut saving, &edited()), None);
    assert_eq!(store.get(KEY).as_deref(), Some(NEWER));
    let list = kept(&store, &saving);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].origin, Origin::InPlace);
    assert!(list[0].has_objects && !list[0].opens);
    // Only the user's choice writes over it.
    assert_eq!(
        save_over(&store, &mut saving, &edited()).as_deref(),
        Some("Saved: the session is stored in this browser again.")
    );
    assert_eq!(store.get(KEY), Some(encode(&edited())));
    assert!(kept(&store, &saving).is_empty());
}

#[test]
fn an_unreadable_session_the_store_cannot_copy_stays_in_place() {
    let mut store = Memory::with(&[(KEY, "garbage that is long enough")]);
    store.refuse_all = true;
    let (opened, mut saving) = open(&store, NOW);
    match &opened {
        Opened::LeftInPlace {
            copy_refused: Some(refusal),
            ..
        } => {
            assert!(refusal.starts_with("QuotaExceededError"))
        }
        other => panic!("{other:?}"),
    }
    assert!(opened
        .message()
        .unwrap()
        .contains("The browser refused to copy it aside (QuotaExceededError"));
    store.refuse_all = false;
    assert_eq!(save(&store, &mut saving, &edited()), None);
    assert_eq!(
        store.get(KEY).as_deref(),
        Some("garbage that is long enough")
    );
}

#[test]
fn a_save_the_browser_refuses_says_so_and_keeps_the_last_good_save() {
    let mut store = Memory::default();
    let mut saving = Saving::default();
    assert_eq!(save(&store, &mut saving, &Session::demo()), None);
    let good = store.get(KEY).unwrap();
    store.quota = Some(good.len() + KEY.len() + 10);
    let message = save(&store, &mut saving, &edited()).expect("a message");
    assert_eq!(
        message,
        "This change is not saved: the browser refused to store it (QuotaExceededError: the quota has been exceeded.). Your last saved session is kept as it was; to keep this one, download it below or copy it from Show the state as YAML."
    );
    assert_eq!(store.get(KEY), Some(good.clone()));
    // It says so on every change, and says when saving works again.
    assert!(save(&store, &mut saving, &edited()).is_some());
    store.quota = None;
    assert_eq!(
        save(&store, &mut saving, &edited()).as_deref(),
        Some("Saved: the session is stored in this browser again.")
    );
    assert_eq!(save(&store, &mut saving, &edited()), None);
}

#[test]
fn a_session_over_the_limit_is_not_written() {
    let mut yaml = String::new();
    for i in 0..1400 {
        yaml.push_str(&format!(
            "apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: v{i}, annotations: {{pad: {}}}}}\nspec: {{capacity: {{storage: 1Gi}}, accessModes: [ReadWriteOnce], hostPath: {{path: /p}}}}\n---\n",
            "x".repeat(3000)
        ));
    }
    let big = Session::from_manifests(&yaml).unwrap();
    let store = Memory::default();
    let mut saving = Saving::default();
    save(&store, &mut saving, &Session::demo());
    let message = save(&store, &mut saving, &big).unwrap();
    assert!(
        message.starts_with("This change is not saved: it is "),
        "{message}"
    );
    assert!(
        message.contains("a saved session is at most 4,194,304 (4 MiB)"),
        "{message}"
    );
    assert_eq!(store.get(KEY), Some(encode(&Session::demo())));
}

#[test]
fn a_shared_link_keeps_the_saved_session_aside_first() {
    let store = Memory::with(&[(KEY, &encode(&edited()))]);
    let (opened, mut saving) = open(&store, NOW);
    let shared = Session::empty();
    let kept_key = keep_before_link(&store, &mut saving, NOW, &shared, &encode(&shared));
    assert_eq!(kept_key, Ok(Some(format!("{BEFORE_LINK}{NOW}"))));
    assert_eq!(
        link_opened(&kept_key),
        format!("Opened the shared state. The event log starts here: events are not saved. Your own saved session is kept (under \"{BEFORE_LINK}{NOW}\"): open it below to go back to it.")
    );
    save(&store, &mut saving, &shared);
    let list = kept(&store, &saving);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].origin, Origin::BeforeLink);
    assert!(list[0].opens);
    // Opening the same link again (a reload) keeps nothing more.
    assert_eq!(
        keep_before_link(&store, &mut saving, NOW, &shared, &encode(&shared)),
        Ok(None)
    );
    assert_eq!(
        link_refused("bad base64", &opened),
        "The shared link could not be opened: bad base64. The page shows your last saved session."
    );
    assert_eq!(
        link_refused("bad base64", &Opened::Nothing),
        "The shared link could not be opened: bad base64. The page shows the demo."
    );
}

#[test]
fn a_shared_link_with_the_saved_objects_keeps_nothing_aside_though_its_text_differs() {
    let store = Memory::with(&[(KEY, &encode(&edited()))]);
    let (_, mut saving) = open(&store, NOW);
    // A link's text is not the stored envelope's, yet the session it holds is the saved one.
    assert_eq!(
        keep_before_link(&store, &mut saving, NOW, &edited(), "another text"),
        Ok(None)
    );
    assert!(kept(&store, &saving).is_empty());
}

#[test]
fn a_shared_link_the_store_cannot_keep_aside_pauses_saving() {
    let mut store = Memory::with(&[(KEY, &encode(&edited()))]);
    let (_, mut saving) = open(&store, NOW);
    store.refuse_all = true;
    let kept_key = keep_before_link(&store, &mut saving, NOW, &Session::empty(), "");
    assert!(kept_key.is_err());
    assert!(link_opened(&kept_key).contains("could not be kept aside (QuotaExceededError"));
    store.refuse_all = false;
    assert_eq!(save(&store, &mut saving, &Session::empty()), None);
    assert_eq!(store.get(KEY), Some(encode(&edited())), "not overwritten");
}

#[test]
fn an_unchanged_session_is_neither_checked_nor_written_again() {
    let mut store = Memory::with(&[(KEY, &encode(&edited()))]);
    let (opened, mut saving) = open(&store, NOW);
    // The store refuses every write: a save that tried one would say so.
    store.refuse_all = true;
    assert_eq!(save(&store, &mut saving, opened.session().unwrap()), None);
    assert!(
        save(&store, &mut saving, &Session::demo()).is_some(),
        "a change is written"
    );
}

/// The page's worker does a large session's halves: `jobs::check_save` then `store_checked`,
/// and `jobs::open_saved` then `opened`; each outcome is the one the whole functions give.
#[test]
fn the_worker_halves_of_saving_and_opening_keep_the_same_rules() {
    let store = Memory::default();
    let mut saving = Saving::default();
    let checked = crate::jobs::check_save(&edited(), &mut |_| {}).0;
    assert_eq!(store_checked(&store, &mut saving, checked.clone()), None);
    assert_eq!(store.get(KEY), Some(encode(&edited())));
    // The same envelope again: not written again.
    assert_eq!(store_checked(&store, &mut saving, checked), None);
    // A refusal keeps the last good save and says so; the next good one says it works again.
    let refused = store_checked(&store, &mut saving, Err("it is 5000000 bytes".into())).unwrap();
    assert!(
        refused.starts_with("This change is not saved: it is 5000000 bytes."),
        "{refused}"
    );
    assert_eq!(store.get(KEY), Some(encode(&edited())));
    let again = store_checked(&store, &mut saving, Ok(encode(&Session::demo())));
    assert_eq!(
        again.as_deref(),
        Some("Saved: the session is stored in this browser again.")
    );
    // Paused (a large saved session still being opened): nothing is written.
    saving.paused = Some("the saved session is still being opened".into());
    assert_eq!(
        store_checked(&store, &mut saving, Ok(encode(&edited()))),
        None
    );
    assert_eq!(store.get(KEY), Some(encode(&Session::demo())));

    // Opening: a text read back in the worker is restored, one it could not read kept aside,
    // a newer one left in place, exactly as `open` does with the same texts.
    for text in [
        encode(&edited()),
        "not a saved state".to_owned(),
        NEWER.to_owned(),
    ] {
        let whole_store = Memory::with(&[(KEY, &text)]);
        let whole = open(&whole_store, NOW);
        let store = Memory::with(&[(KEY, &text)]);
        let decoded = crate::jobs::open_saved(&text, &mut |_| {}).0;
        assert_eq!(opened(&store, NOW, text.clone(), decoded), whole);
        assert_eq!(*store.items.borrow(), *whole_store.items.borrow());
    }
}
