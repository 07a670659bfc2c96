//! The standalone page's address names the tab shown (`#diagnose`, `#graph`), so a tab can be
//! linked to and the address follows the learner's choice. Which fragment names which tab is
//! `pv_core::workspace`'s; this reads and writes `location.hash` and hears it change. Only
//! the standalone page calls it: an embedded widget must not touch its host's address.

use pv_core::workspace::{tab_from_fragment, Tab};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The tab the address names now, if it names one.
pub fn tab_in_address() -> Option<Tab> {
    let hash = web_sys::window()?.location().hash().ok()?;
    tab_from_fragment(&hash)
}

/// Puts `#id` in the address without a new history entry (switching tabs is not a page).
pub fn show_in_address(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let fragment = format!("#{id}");
    if window.location().hash().ok().as_deref() == Some(fragment.as_str()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
    }
}

/// Calls `changed` with the tab whenever the address is changed to name one (a link on the
/// page, the learner editing the address); the returned guard stops listening when dropped.
pub fn on_address_change(changed: impl Fn(Tab) + 'static) -> Option<Listening> {
    let window = web_sys::window()?;
    let closure = Closure::<dyn Fn()>::new(move || {
        if let Some(tab) = tab_in_address() {
            changed(tab);
        }
    });
    window
        .add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(Listening { closure })
}

/// A `hashchange` listener, removed when dropped.
pub struct Listening {
    closure: Closure<dyn Fn()>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "hashchange",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
