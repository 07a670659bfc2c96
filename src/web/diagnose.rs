//! `Diagnose`, the "Diagnose a cluster dump" section: a pasted `kubectl get … -o yaml` dump read
//! in the page (nothing is sent anywhere) and shown as it is, every Pending claim in a table
//! that sorts by any column and shows one page of rows at a time. A read-only analysis apart
//! from the learner's session; the rows and their words come from `pv_core::diagnose`. A dump
//! file (chosen or dropped, up to 256 MB) or a large paste is read by the page's worker
//! (`jobs::start_dump_job`), with progress and Cancel.

use super::jobs::{start_dump_job, use_job, DumpSource, JobProgress};
use pv_core::diagnose::{diagnose_text, Column, Diagnosis, Problem};
use pv_core::jobs::{needs_worker, Diagnosed};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Problems listed before "and N more": a broken dump can hold thousands.
const SHOWN_PROBLEMS: usize = 20;

/// Performance marks around the work and the drawing of its result, read by the e2e test.
const START: &str = "pvp:diagnose-start";
const WORK: &str = "pvp:diagnose";
const DRAWN: &str = "pvp:diagnose-drawn";

#[derive(Clone)]
enum State {
    Empty,
    Busy,
    Done(Rc<Result<Diagnosis, Vec<Problem>>>),
    /// The worker could not read it, or the reading was cancelled: why, in a sentence.
    Stopped(String),
}

/// By identity: a new result is a new `Rc`, and comparing thousands of rows per render is waste.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (State::Done(a), State::Done(b)) => Rc::ptr_eq(a, b),
            (State::Empty, State::Empty) | (State::Busy, State::Busy) => true,
            (State::Stopped(a), State::Stopped(b)) => a == b,
            _ => false,
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Runs `work` after the browser has painted what is on screen now (two animation frames),
/// so "Diagnosing…" shows before a large dump holds the main thread.
fn after_paint(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return work();
    };
    let next = window.clone();
    let outer = Closure::once_into_js(move || {
        let inner = Closure::once_into_js(work);
        let _ = next.set_timeout_with_callback(inner.unchecked_ref());
    });
    let _ = window.request_animation_frame(outer.unchecked_ref());
}

#[function_component(Diagnose)]
pub fn diagnose() -> Html {
    let ids = use_memo((), |_| super::unique_prefix("diagnose"));
    let (heading_id, dump_id, note_id) = (
        format!("{ids}-heading"),
        format!("{ids}-dump"),
        format!("{ids}-note"),
    );
    let dump = use_node_ref();
    let state = use_state(|| State::Empty);
    let page = use_state(|| 1usize);
    let job = use_job();
    let file_id = format!("{ids}-file");

    // After the result is on screen: how long from the click to the drawn table.
    {
        let drawn = matches!(*state, State::Done(_));
        use_effect_with((state.clone(), *page), move |_| {
            if drawn {
                if let Some(p) = performance() {
                    let _ = p.measure_with_start_mark(DRAWN, START);
                }
            }
        });
    }

    // A file, or a paste too large to read at once: the worker reads it.
    let in_worker = {
        let (state, page, job) = (state.clone(), page.clone(), job.clone());
        Callback::from(move |source: DumpSource| {
            if let Some(p) = performance() {
                p.clear_marks_with_mark_name(START);
                let _ = p.mark(START);
            }
            state.set(State::Busy);
            let (state, page) = (state.clone(), page.clone());
            start_dump_job(&job, source, move |answer| {
                if let Some(p) = performance() {
                    let _ = p.measure_with_start_mark(WORK, START);
                }
                page.set(1);
                state.set(match answer {
                    Ok(Diagnosed(result)) => State::Done(Rc::new(result)),
                    Err(why) => State::Stopped(format!("Nothing was diagnosed. {why}")),
                });
            });
        })
    };
    let on_file = {
        let in_worker = in_worker.clone();
        Callback::from(move |event: Event| {
            let input = event.target_dyn_into::<HtmlInputElement>();
            let file = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                in_worker.emit(DumpSource::File(file));
            }
            // Choosing the same file again reads it again.
            if let Some(input) = input {
                input.set_value("");
            }
        })
    };
    let on_drop = {
        let in_worker = in_worker.clone();
        Callback::from(move |event: DragEvent| {
            let file = event
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                event.prevent_default();
                in_worker.emit(DumpSource::File(file));
            }
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| {
        // Accepts a dropped file (a dropped text goes into the text area as usual).
        let files = event
            .data_transfer()
            .map(|d| d.types().includes(&"Files".into(), 0));
        if files == Some(true) {
            event.prevent_default();
        }
    });
    let on_cancel = {
        let state = state.clone();
        Callback::from(move |_| {
            state.set(State::Stopped("Cancelled: nothing was diagnosed.".into()))
        })
    };
    let on_diagnose = {
        let (dump, state, page) = (dump.clone(), state.clone(), page.clone());
        let in_worker = in_worker.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(area) = dump.cast::<HtmlTextAreaElement>() else {
                return;
            };
            if needs_worker(area.text_length() as usize, 0) {
                let text = js_sys::Reflect::get(&area, &"value".into()).unwrap_or_default();
                return in_worker.emit(DumpSource::Text(text));
            }
            let text = area.value();
            if let Some(p) = performance() {
                p.clear_marks_with_mark_name(START);
                let _ = p.mark(START);
            }
            state.set(State::Busy);
            let (state, page) = (state.clone(), page.clone());
            after_paint(move || {
                let result = diagnose_text(&text);
                if let Some(p) = performance() {
                    let _ = p.measure_with_start_mark(WORK, START);
                }
                page.set(1);
                state.set(State::Done(Rc::new(result)));
            });
        })
    };

    let sort = |column: Column| {
        let state = state.clone();
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            if let State::Done(result) = &*state {
                if let Ok(d) = result.as_ref() {
                    let mut sorted = d.clone();
                    sorted.sort(column, d.next_sort(column));
                    page.set(1);
                    state.set(State::Done(Rc::new(Ok(sorted))));
                }
            }
        })
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };

    let status = match &*state {
        State::Empty => String::new(),
        State::Busy => "Diagnosing…".to_owned(),
        State::Stopped(why) => why.clone(),
        State::Done(result) => match result.as_ref() {
            Ok(d) => d.summary(),
            Err(problems) => format!(
                "The dump could not be read: {} problem{}.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ),
        },
    };

    let result = match &*state {
        State::Done(result) => match result.as_ref() {
            Err(problems) => html! {
                <ul class="pvp-diagnose-problems">
                    { for problems.iter().take(SHOWN_PROBLEMS).map(|p| html! { <li>{ p.to_string() }</li> }) }
                    if problems.len() > SHOWN_PROBLEMS {
                        <li>{ format!("… and {} more", problems.len() - SHOWN_PROBLEMS) }</li>
                    }
                </ul>
            },
            Ok(d) => {
                let pages = d.pages();
                let number = (*page).clamp(1, pages);
                let (sorted_column, direction) = d.sorted_by;
                html! {
                    <>
                        <p class="pvp-diagnose-note">
                            { "As the dump shows them: the simulator did not run its controllers on it." }
                            if d.skipped > 0 {
                                { format!(" {} object{} of kinds the simulator does not model left out.", d.skipped, if d.skipped == 1 { "" } else { "s" }) }
                            }
                        </p>
                        if !d.rows.is_empty() {
                            // Focusable: it scrolls sideways on narrow screens.
                            <div class="pvp-diagnose-scroll" tabindex="0" role="region" aria-label="Pending claims">
                                <table class="pvp-diagnose-table">
                                    <caption>{ format!("Pending claims, page {number} of {pages}") }</caption>
                                    <thead>
                                        <tr>
                                            { for Column::ALL.into_iter().map(|column| html! {
                                                <th scope="col" aria-sort={(column == sorted_column).then(|| direction.aria())}>
                                                    <button type="button" onclick={sort(column)}>{ column.title() }</button>
                                                </th>
                                            }) }
                                        </tr>
                                    </thead>
                                    <tbody>
                                        // Only the current page is drawn, whatever the dump's size.
                                        { for d.page(number).iter().map(|row| html! {
                                            <tr>
                                                { for Column::ALL.into_iter().map(|column| html! { <td>{ column.cell(row) }</td> }) }
                                            </tr>
                                        }) }
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pvp-diagnose-pages" aria-label="Pages of Pending claims">
                                <button type="button" onclick={go(number - 1)} disabled={number <= 1}>{ "Previous" }</button>
                                <span aria-live="polite">{ format!("page {number} of {pages}") }</span>
                                <button type="button" onclick={go(number + 1)} disabled={number >= pages}>{ "Next" }</button>
                            </nav>
                        }
                    </>
                }
            }
        },
        State::Empty | State::Busy | State::Stopped(_) => Html::default(),
    };

    html! {
        <section class="pvp-diagnose" aria-labelledby={heading_id.clone()}
                 ondragover={on_drag_over} ondrop={on_drop}>
            <h2 id={heading_id}>{ "Diagnose a cluster dump" }</h2>
            <p id={note_id.clone()}>
                { "Paste the output of " }<code>{ "kubectl get pv,pvc,sc,pods,nodes -A -o yaml" }</code>
                { ": every Pending claim, the reason Kubernetes gives and which volume would fit. The dump is read in this page; nothing is sent anywhere, and the playground above is left as it is." }
            </p>
            <label for={dump_id.clone()}>{ "kubectl dump" }</label>
            <textarea id={dump_id} ref={dump} rows="8" spellcheck="false" autocomplete="off"
                      aria-describedby={note_id} />
            <p class="pvp-diagnose-actions">
                <button type="button" onclick={on_diagnose} disabled={*state == State::Busy}>{ "Diagnose" }</button>
                <label for={file_id.clone()}>{ "or read a dump file (up to 256 MB, YAML or JSON; dropping one here works too)" }</label>
                <input type="file" id={file_id} accept=".yaml,.yml,.json,.txt,application/json,application/yaml,text/*"
                       onchange={on_file} disabled={*state == State::Busy} />
                // A live region, not role="status": the page keeps one status, the blocked claim's.
                <span class="pvp-diagnose-status" aria-live="polite" aria-atomic="true">{ status }</span>
            </p>
            <JobProgress job={job.clone()} what="Reading the dump" on_cancel={on_cancel} />
            { result }
        </section>
    }
}
