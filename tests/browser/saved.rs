//! Saved sessions in the browser's real localStorage: a stored text the page cannot read is
//! moved aside and said so, a newer build's session is kept and never written over, and a save
//! the storage refuses (a stub `setItem` that throws, as a full quota does) says so at once and
//! leaves the last good save.
#![allow(clippy::disallowed_methods)] // tests sort with the standard library; the page's size rule is not theirs

use super::support::*;
use pv_playground::web::{App, AppProps};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, Storage};

const KEY: &str = "pv-playground:v1";
const NEWER: &str = include_str!("../../crates/core/src/persist/fixtures/v2-newer.txt");

// The stub: setItem throws a QuotaExceededError for the page's keys until restored.
#[wasm_bindgen(inline_js = "
let original = null;
export function refuse_writes() {
  original = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).startsWith('pv-playground:v1')) {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return original.call(this, key, value);
  };
}
export function accept_writes() {
  if (original) Storage.prototype.setItem = original;
  original = null;
}
")]
extern "C" {
    fn refuse_writes();
    fn accept_writes();
}

fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Leaves none of the page's keys behind.
fn clear() {
    let storage = storage();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(KEY))
        .collect();
    for key in keys {
        storage.remove_item(&key).unwrap();
    }
}

fn kept_keys() -> Vec<String> {
    let storage = storage();
    let mut keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("pv-playground:v1:"))
        .collect();
    keys.sort();
    keys
}

async fn mount_standalone() -> Element {
    let root = fresh_root();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            persist: true,
            ..AppProps::default()
        },
    )
    .render();
    yew::scheduler::flush().await;
    saved().await;
    root
}

/// Waits for the page's save, which runs once the change is painted.
async fn saved() {
    yew::platform::time::sleep(std::time::Duration::from_millis(120)).await;
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn an_unreadable_saved_session_is_moved_aside_and_offered_back() {
    clear();
    let damaged = "# pv-playground state\nversion: 1\nclock: garbage";
    storage().set_item(KEY, damaged).unwrap();
    let root = mount_standalone().await;
    let notice = text(&one(&root, ".pvp-notice"));
    let kept = kept_keys();
    let stored_now = storage().get_item(KEY).unwrap();
    clear();
    assert!(
        notice.starts_with("Your saved session could not be restored: ")
            && notice.ends_with("The page shows the demo."),
        "{notice}"
    );
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].starts_with("pv-playground:v1:unreadable:"),
        "{kept:?}"
    );
    assert!(notice.contains(&kept[0]), "{notice}");
    assert!(
        stored_now.is_some_and(|t| t.contains("objects: ")),
        "the demo is saved now"
    );
    let buttons: Vec<String> = all(&root, ".pvp-kept button").iter().map(text).collect();
    assert_eq!(buttons, ["Download it", "Copy it", "Delete it"]);
    let picker = text(&one(&root, ".pvp-picker select"));
    assert!(picker.contains("shop/db-data"), "the demo: {picker}");
}

#[wasm_bindgen_test]
async fn a_newer_saved_session_is_refused_kept_and_not_written_over() {
    clear();
    storage().set_item(KEY, NEWER).unwrap();
    let root = mount_standalone().await;
    let notice = text(&one(&root, ".pvp-notice"));
    // A change (the page opens settled: the learner deletes a claim).
    click_labelled(&root, "Delete claim shop/db-data").await;
    saved().await;
    let after_change = storage().get_item(KEY).unwrap();
    let buttons: Vec<String> = all(&root, ".pvp-kept button").iter().map(text).collect();
    click(&root, "Save this session over it").await;
    saved().await;
    let after_choice = storage().get_item(KEY).unwrap().unwrap_or_default();
    clear();
    assert!(
        notice.contains(
            "newer version of pv-playground (format version 2; this version reads up to 1)"
        ),
        "{notice}"
    );
    assert!(
        notice.contains("this page does not save over it"),
        "{notice}"
    );
    assert_eq!(
        after_change.as_deref(),
        Some(NEWER),
        "not overwritten by a change"
    );
    assert_eq!(
        buttons,
        [
            "Download it",
            "Copy it",
            "Download its objects as YAML",
            "Save this session over it"
        ]
    );
    assert!(
        after_choice.starts_with("# pv-playground state\nversion: 1\n"),
        "{after_choice}"
    );
}

#[wasm_bindgen_test]
async fn a_save_the_storage_refuses_says_so_and_keeps_the_last_good_save() {
    clear();
    let root = mount_standalone().await;
    let good = storage().get_item(KEY).unwrap().expect("the demo is saved");
    refuse_writes();
    click_labelled(&root, "Delete claim shop/db-data").await;
    saved().await;
    let notice = text(&one(&root, ".pvp-notice"));
    let stored = storage().get_item(KEY).unwrap();
    let offered: Vec<String> = all(&root, ".pvp-kept button").iter().map(text).collect();
    accept_writes();
    click(&root, "Undo").await;
    saved().await;
    let recovered = text(&one(&root, ".pvp-notice"));
    clear();
    assert_eq!(
        notice,
        "This change is not saved: the browser refused to store it (QuotaExceededError: The quota has been exceeded.). Your last saved session is kept as it was; to keep this one, download it below or copy it from Show the state as YAML."
    );
    assert_eq!(
        stored.as_deref(),
        Some(good.as_str()),
        "the last good save stays"
    );
    assert_eq!(offered, ["Download this session"]);
    assert_eq!(
        recovered,
        "Saved: the session is stored in this browser again."
    );
}
