//! Long lists shown a page at a time: a table of 10,000 claims draws 50 rows, whatever the
//! cluster's size, so a redraw costs what is on screen. [`use_pages`] keeps the page number
//! and gives the rows to draw and the "Previous / rows 51–100 of 10,000 / Next" bar; short
//! lists have no bar.

use pv_core::jobs::thousands;
use std::ops::Range;
use yew::prelude::*;

/// Rows per page: a screenful to scan, few enough to draw in a frame.
pub const PER_PAGE: usize = 50;

/// What a paged list draws: its rows' range and the navigation bar.
pub struct Pages {
    pub range: Range<usize>,
    pub nav: Html,
}

/// Pages of `total` rows; `what` names them for the bar's label (`claims`).
#[hook]
pub fn use_pages(total: usize, what: &'static str) -> Pages {
    let page = use_state(|| 0usize);
    let pages = total.div_ceil(PER_PAGE).max(1);
    let current = (*page).min(pages - 1);
    let start = current * PER_PAGE;
    let range = start..(start + PER_PAGE).min(total);
    if pages == 1 {
        return Pages {
            range,
            nav: Html::default(),
        };
    }
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    let shown = format!(
        "{what} {}–{} of {}",
        thousands(range.start as u64 + 1),
        thousands(range.end as u64),
        thousands(total as u64)
    );
    let nav = html! {
        <nav class="pvp-pages" aria-label={format!("Pages of {what}")}>
            <button type="button" onclick={go(current.saturating_sub(1))} disabled={current == 0}>{ "Previous" }</button>
            <span aria-live="polite">{ shown }</span>
            <button type="button" onclick={go(current + 1)} disabled={current + 1 >= pages}>{ "Next" }</button>
        </nav>
    };
    Pages { range, nav }
}
