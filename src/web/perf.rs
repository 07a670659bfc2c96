//! Performance marks for the page's timing figures (BENCHMARKS.md), read by the end-to-end
//! harness: `pvp:first-diagram` when the first state is on screen, and a `pvp:redraw` measure
//! from each learner action (`pvp:change`, set when the reducer runs) to the DOM showing its
//! result. Marks cost nothing measurable and change nothing the learner sees.

use std::cell::Cell;

pub const CHANGE: &str = "pvp:change";
pub const FIRST_DIAGRAM: &str = "pvp:first-diagram";
pub const REDRAW: &str = "pvp:redraw";

thread_local! {
    /// Whether the first drawing was marked, and whether a change awaits its redraw.
    static FIRST_DONE: Cell<bool> = const { Cell::new(false) };
    static CHANGE_PENDING: Cell<bool> = const { Cell::new(false) };
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// A learner's action is about to change the state.
pub fn change_started() {
    if let Some(performance) = performance() {
        // A browser without the User Timing API just has no figures.
        let _ = performance.mark(CHANGE);
        CHANGE_PENDING.with(|pending| pending.set(true));
    }
}

/// The DOM now shows the current state: the first drawing, or the redraw after a change.
pub fn drawn() {
    let Some(performance) = performance() else {
        return;
    };
    if !FIRST_DONE.with(|done| done.replace(true)) {
        let _ = performance.mark(FIRST_DIAGRAM);
    }
    if CHANGE_PENDING.with(|pending| pending.replace(false)) {
        let _ = performance.measure_with_start_mark(REDRAW, CHANGE);
    }
}
