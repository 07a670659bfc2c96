//! `Diagnose`, the "Diagnose a cluster dump" section: a pasted `kubectl get … -o yaml` dump read
//! in the page (nothing is sent anywhere) and shown as it is — a card per stuck claim, pod and
//! volume, grouped and sorted, one page at a time, each with its fix and a button that
//! simulates the fix in the playground. Self-contained: it needs only a callback that runs
//! session actions in the playground (`load_in_playground`); the verdicts and their words come
//! from `pv_core::diagnose`. A dump file (chosen or dropped, up to 256 MB) or a large paste is
//! read by the page's worker (`jobs::start_dump_job`), with progress and Cancel.

use super::jobs::{start_dump_job, use_job, DumpSource, JobProgress};
use super::verdict_card::VerdictCard;
use pv_core::diagnose::{
    diagnose_dump, page, pages, read_dump, simulate, Diagnosis, Direction, Dump, Group, Input,
    Listing, Outcome, Problem, SortBy,
};
use pv_core::jobs::{needs_worker, Diagnosed};
use pv_core::session::{Action, Session};
use pv_engine::objects::ObjectKey;
use std::collections::HashMap;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Problems listed before "and N more": a broken dump can hold thousands.
const SHOWN_PROBLEMS: usize = 20;

/// Performance marks around the work and the drawing of its result, read by the e2e test.
const START: &str = "pvp:diagnose-start";
const WORK: &str = "pvp:diagnose";
const DRAWN: &str = "pvp:diagnose-drawn";

#[derive(Properties, PartialEq, Default)]
pub struct DiagnoseProps {
    /// Runs actions on the playground's session, in order: what "Simulate the fix" (load the
    /// dump, apply the fix, follow the claim) and "Open in the playground" send. None: the
    /// section offers neither.
    #[prop_or_default]
    pub load_in_playground: Option<Callback<Vec<Action>>>,
}

/// A read dump and its diagnosis; the text kept only for manifests, which the playground can
/// open.
struct Done {
    dump: Dump,
    diagnosis: Diagnosis,
    manifests: Option<String>,
}

#[derive(Clone)]
enum State {
    Empty,
    Busy,
    Done(Rc<Result<Done, Vec<Problem>>>),
    /// The worker could not read it, or the reading was cancelled: why, in a sentence.
    Stopped(String),
}

/// By identity: a new result is a new `Rc`, and comparing thousands of verdicts per render is
/// waste.
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

fn read(text: &str) -> Result<Done, Vec<Problem>> {
    let dump = read_dump(text)?;
    let diagnosis = diagnose_dump(&dump);
    let manifests = matches!(dump.input, Input::Manifests { .. }).then(|| text.to_owned());
    Ok(Done {
        dump,
        diagnosis,
        manifests,
    })
}

/// A diagnosis on its way to the screen, from the click ("Diagnosing…", the timing mark) to
/// its result on the first page with nothing chosen: one path for the page's reading and the
/// worker's.
struct Shown {
    state: UseStateHandle<State>,
    page_number: UseStateHandle<usize>,
    outcomes: UseStateHandle<HashMap<ObjectKey, Outcome>>,
    listing: UseStateHandle<Listing>,
}

impl Shown {
    fn begin(
        state: &UseStateHandle<State>,
        page_number: &UseStateHandle<usize>,
        outcomes: &UseStateHandle<HashMap<ObjectKey, Outcome>>,
        listing: &UseStateHandle<Listing>,
    ) -> Shown {
        if let Some(p) = performance() {
            p.clear_marks_with_mark_name(START);
            let _ = p.mark(START);
        }
        state.set(State::Busy);
        Shown {
            state: state.clone(),
            page_number: page_number.clone(),
            outcomes: outcomes.clone(),
            listing: listing.clone(),
        }
    }

    fn show(self, result: State) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(WORK, START);
        }
        self.page_number.set(1);
        self.outcomes.set(HashMap::new());
        self.listing.set(Listing::default());
        self.state.set(result);
    }
}

#[function_component(Diagnose)]
pub fn diagnose(props: &DiagnoseProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("diagnose"));
    let (heading_id, dump_id, note_id, sort_id) = (
        format!("{ids}-heading"),
        format!("{ids}-dump"),
        format!("{ids}-note"),
        format!("{ids}-sort"),
    );
    let dump = use_node_ref();
    let state = use_state(|| State::Empty);
    let listing = use_state(Listing::default);
    let page_number = use_state(|| 1usize);
    let outcomes = use_state(HashMap::<ObjectKey, Outcome>::new);
    let job = use_job();
    let file_id = format!("{ids}-file");
    // A pasted dump the worker could not read (it did not start, or stopped): offered to the
    // page itself, as the YAML tab offers its Apply.
    let offer_here = use_state(|| false);

    // After the result is on screen: how long from the click to the drawn cards.
    {
        let drawn = matches!(*state, State::Done(_));
        use_effect_with((state.clone(), *page_number), move |_| {
            if drawn {
                if let Some(p) = performance() {
                    let _ = p.measure_with_start_mark(DRAWN, START);
                }
            }
        });
    }

    // A new result is brought to the top of the pane, its summary first: the dump and the
    // form above it had pushed the verdicts below the fold.
    let status_line = use_node_ref();
    {
        let status_line = status_line.clone();
        let done = matches!(*state, State::Done(_));
        use_effect_with(state.clone(), move |_| {
            if let Some(line) = status_line.cast::<web_sys::Element>().filter(|_| done) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Start);
                line.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }

    // A file, or a paste too large to read at once: the worker reads it.
    let in_worker = {
        let (state, page_number, outcomes, listing, job) = (
            state.clone(),
            page_number.clone(),
            outcomes.clone(),
            listing.clone(),
            job.clone(),
        );
        let offer_here = offer_here.clone();
        Callback::from(move |source: DumpSource| {
            let pasted = matches!(source, DumpSource::Text(_));
            offer_here.set(false);
            let offer_here = offer_here.clone();
            let shown = Shown::begin(&state, &page_number, &outcomes, &listing);
            start_dump_job(&job, source, move |answer| {
                shown.show(match answer {
                    Ok(Diagnosed(Ok((dump, _)))) if matches!(dump.input, Input::Manifests { .. }) => {
                        // The worker keeps no copy of a text this large to open in the playground.
                        State::Stopped("This is not a dump: its volumes, claims and pods lack the uid and status a cluster gives every object. To see what Kubernetes does with these manifests, apply them on the YAML tab.".into())
                    }
                    Ok(Diagnosed(result)) => State::Done(Rc::new(result.map(|(dump, diagnosis)| Done {
                        dump,
                        diagnosis,
                        manifests: None,
                    }))),
                    Err(why) => {
                        offer_here.set(pasted && why != "Cancelled.");
                        State::Stopped(format!("Nothing was diagnosed. {why}"))
                    }
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
    // Reads and diagnoses a pasted text on the page itself, after "Diagnosing…" is painted.
    let here = {
        let (state, page_number, outcomes, listing) = (
            state.clone(),
            page_number.clone(),
            outcomes.clone(),
            listing.clone(),
        );
        let offer_here = offer_here.clone();
        Callback::from(move |text: String| {
            offer_here.set(false);
            let shown = Shown::begin(&state, &page_number, &outcomes, &listing);
            // After "Diagnosing…" is painted: a dump read on this page holds its main thread.
            super::after_paint(move || shown.show(State::Done(Rc::new(read(&text)))));
        })
    };
    let on_diagnose = {
        let (in_worker, here, dump) = (in_worker.clone(), here.clone(), dump.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(area) = dump.cast::<HtmlTextAreaElement>() else {
                return;
            };
            if needs_worker(area.text_length() as usize, 0) {
                // The text stays a JavaScript string: the worker reads it.
                let text = js_sys::Reflect::get(&area, &"value".into()).unwrap_or_default();
                return in_worker.emit(DumpSource::Text(text));
            }
            here.emit(area.value());
        })
    };
    // A paste the worker will read: it starts while the reader reaches for Diagnose.
    let prepare_worker = Callback::from(|event: InputEvent| {
        let area = event.target_dyn_into::<HtmlTextAreaElement>();
        if area.is_some_and(|a| needs_worker(a.text_length() as usize, 0)) {
            super::worker::prepare();
        }
    });
    let on_diagnose_here = {
        let (here, dump) = (here.clone(), dump.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = dump.cast::<HtmlTextAreaElement>() {
                here.emit(area.value());
            }
        })
    };

    // The current listing's verdicts, as indices, computed when the result or listing change.
    let listed: Rc<Vec<usize>> = {
        let state = (*state).clone();
        let listing = *listing;
        use_memo((state, listing), move |(state, listing)| match state {
            State::Done(result) => match result.as_ref() {
                Ok(done) => done.diagnosis.listed(listing),
                Err(_) => Vec::new(),
            },
            _ => Vec::new(),
        })
    };

    let status = match &*state {
        State::Empty => String::new(),
        State::Busy => "Diagnosing…".to_owned(),
        State::Stopped(why) => why.clone(),
        State::Done(result) => match result.as_ref() {
            Ok(done) => done.diagnosis.summary(),
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
            Ok(done) => match &done.manifests {
                Some(text) => not_a_dump(&done.diagnosis, text, props.load_in_playground.clone()),
                None => verdicts_view(ViewArgs {
                    result,
                    done,
                    listed: &listed,
                    listing: &listing,
                    page_number: &page_number,
                    outcomes: &outcomes,
                    load: props.load_in_playground.clone(),
                    sort_id: &sort_id,
                }),
            },
        },
        State::Empty | State::Busy | State::Stopped(_) => Html::default(),
    };

    html! {
        <section class="pvp-diagnose" aria-labelledby={heading_id.clone()}
                 ondragover={on_drag_over} ondrop={on_drop}>
            <h2 id={heading_id}>{ "Diagnose a cluster dump" }</h2>
            <p id={note_id.clone()}>
                { "Paste the output of " }<code>{ "kubectl get pv,pvc,sc,pods,nodes -A -o yaml" }</code>
                { ": for every stuck claim, pod and volume, the reason Kubernetes gives, the volumes that came closest, and the fix as kubectl commands you can check in the simulator. The dump is read in this page; nothing is sent anywhere." }
            </p>
            <label for={dump_id.clone()}>{ "kubectl dump" }</label>
            <textarea id={dump_id} ref={dump} rows="8" spellcheck="false" autocomplete="off"
                      aria-describedby={note_id} oninput={prepare_worker} />
            <p class="pvp-diagnose-actions">
                <button type="button" onclick={on_diagnose} disabled={*state == State::Busy}>{ "Diagnose" }</button>
                <label for={file_id.clone()}>{ "or read a dump file (up to 256 MB, YAML or JSON; dropping one here works too)" }</label>
                <input type="file" id={file_id} accept=".yaml,.yml,.json,.txt,application/json,application/yaml,text/*"
                       onchange={on_file} disabled={*state == State::Busy} />
                // A live region, not role="status": the page keeps one status, the blocked claim's.
                <span class="pvp-diagnose-status" aria-live="polite" aria-atomic="true" ref={status_line}>{ status }</span>
                if *offer_here {
                    <button type="button" onclick={on_diagnose_here}>{ "Diagnose on this page instead" }</button>
                }
            </p>
            <JobProgress job={job.clone()} what="Reading the dump" on_cancel={on_cancel} />
            { result }
        </section>
    }
}

/// Manifests, not a dump: said so, and offered to the playground, which creates them.
fn not_a_dump(d: &Diagnosis, text: &str, load: Option<Callback<Vec<Action>>>) -> Html {
    let objects = match d.input {
        Input::Manifests { objects } => objects,
        Input::Dump => 0,
    };
    let session = Session::from_manifests(text);
    let open = match (&session, load) {
        (Ok(session), Some(load)) => {
            let session = session.clone();
            Some(Callback::from(move |_: MouseEvent| {
                load.emit(vec![Action::Load(Box::new(session.clone()))])
            }))
        }
        _ => None,
    };
    html! {
        <div class="pvp-diagnose-notdump">
            <p>
                { format!("This is not a dump: its {objects} volumes, claims and pods lack the uid and status a cluster gives every object, so they were not read from one. ") }
                { "Diagnose reads what " }<code>{ "kubectl get … -o yaml" }</code>{ " prints from a cluster. To see what Kubernetes does with these manifests, open them in the playground: they are created and the controllers run." }
            </p>
            if let Err(problems) = &session {
                <p class="pvp-diagnose-problems">{ format!("The playground would refuse them: {}", problems.first().map(Problem::to_string).unwrap_or_default()) }</p>
            }
            if let Some(open) = open {
                <p><button type="button" onclick={open}>{ "Open in the playground" }</button></p>
            }
        </div>
    }
}

struct ViewArgs<'a> {
    result: &'a Rc<Result<Done, Vec<Problem>>>,
    done: &'a Done,
    listed: &'a Rc<Vec<usize>>,
    listing: &'a UseStateHandle<Listing>,
    page_number: &'a UseStateHandle<usize>,
    outcomes: &'a UseStateHandle<HashMap<ObjectKey, Outcome>>,
    load: Option<Callback<Vec<Action>>>,
    sort_id: &'a str,
}

fn verdicts_view(args: ViewArgs) -> Html {
    let ViewArgs {
        result,
        done,
        listed,
        listing,
        page_number,
        outcomes,
        load,
        sort_id,
    } = args;
    let d = &done.diagnosis;
    let total_pages = pages(listed.len());
    let number = (**page_number).clamp(1, total_pages);
    let go = |to: usize| {
        let page_number = page_number.clone();
        Callback::from(move |_: MouseEvent| page_number.set(to))
    };
    let show = |group: Option<Group>| {
        let (listing, page_number) = (listing.clone(), page_number.clone());
        Callback::from(move |_: MouseEvent| {
            page_number.set(1);
            listing.set(Listing { group, ..*listing });
        })
    };
    let on_sort = {
        let (listing, page_number) = (listing.clone(), page_number.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(sort) = SortBy::from_key(&select.value()) {
                page_number.set(1);
                listing.set(Listing { sort, ..*listing });
            }
        })
    };
    let on_direction = {
        let (listing, page_number) = (listing.clone(), page_number.clone());
        Callback::from(move |_: MouseEvent| {
            page_number.set(1);
            listing.set(Listing {
                direction: listing.direction.flipped(),
                ..*listing
            });
        })
    };
    let group_button = |group: Option<Group>, title: &str, count: usize| {
        let pressed = listing.group == group;
        html! {
            <button type="button" aria-pressed={pressed.to_string()} onclick={show(group)}>
                { format!("{title} ({count})") }
            </button>
        }
    };
    let direction_label = match listing.direction {
        Direction::Ascending => "Ascending",
        Direction::Descending => "Descending",
    };
    let shown = page(listed, number);
    html! {
        <>
            <p class="pvp-diagnose-note">
                { format!("Verdicts: {}. As the dump shows them: the simulator did not run its controllers on it.", d.severity_summary()) }
                if d.skipped > 0 {
                    { format!(" {} object{} of kinds the simulator does not model left out.", d.skipped, if d.skipped == 1 { "" } else { "s" }) }
                }
            </p>
            <p class="pvp-diagnose-note">
                { d.classes_line() }
            </p>
            { for d.notes.iter().map(|n| html! { <p class="pvp-diagnose-note">{ n.clone() }</p> }) }
            if !d.verdicts.is_empty() {
                <div class="pvp-diagnose-toolbar">
                    <div class="pvp-diagnose-groups" role="group" aria-label="Show verdicts on">
                        { group_button(None, "All", d.verdicts.len()) }
                        { for Group::ALL.into_iter().map(|g| group_button(Some(g), g.title(), d.in_group(g))) }
                    </div>
                    <span class="pvp-diagnose-sort">
                        <label for={sort_id.to_owned()}>{ "Sort by" }</label>
                        <select id={sort_id.to_owned()} onchange={on_sort}>
                            { for SortBy::ALL.into_iter().map(|s| html! {
                                <option value={s.key()} selected={s == listing.sort}>{ s.title() }</option>
                            }) }
                        </select>
                        <button type="button" onclick={on_direction} aria-label={format!("Order: {}", direction_label.to_lowercase())}>
                            { match listing.direction { Direction::Ascending => "↑ Ascending", Direction::Descending => "↓ Descending" } }
                        </button>
                    </span>
                </div>
                <ol class="pvp-verdicts" aria-label={format!("Verdicts, page {number} of {total_pages}")}>
                    // Only the current page is drawn, whatever the dump's size.
                    { for shown.iter().map(|&i| {
                        let verdict = &d.verdicts[i];
                        let on_simulate = match (&load, &verdict.fix) {
                            (Some(load), Some(_)) => Some(simulate_callback(result.clone(), i, load.clone(), outcomes.clone())),
                            _ => None,
                        };
                        html! {
                            <li key={verdict.subject.to_string()}>
                                <VerdictCard verdict={verdict.clone()}
                                             outcome={outcomes.get(&verdict.subject).cloned()}
                                             {on_simulate} />
                            </li>
                        }
                    }) }
                </ol>
                <nav class="pvp-diagnose-pages" aria-label="Pages of verdicts">
                    <button type="button" onclick={go(number - 1)} disabled={number <= 1}>{ "Previous" }</button>
                    <span aria-live="polite">{ format!("page {number} of {total_pages}") }</span>
                    <button type="button" onclick={go(number + 1)} disabled={number >= total_pages}>{ "Next" }</button>
                </nav>
            } else {
                <p class="pvp-diagnose-calm">{ "Nothing is stuck: every claim is Bound, every pod that mounts one can start, and every volume is in use or free for a claim." }</p>
            }
        </>
    }
}

/// Simulates verdict `index`'s fix on the dump, keeps the outcome for its card, and loads the
/// simulated session into the playground.
fn simulate_callback(
    result: Rc<Result<Done, Vec<Problem>>>,
    index: usize,
    load: Callback<Vec<Action>>,
    outcomes: UseStateHandle<HashMap<ObjectKey, Outcome>>,
) -> Callback<()> {
    Callback::from(move |()| {
        let Ok(done) = result.as_ref() else {
            return;
        };
        let Some(verdict) = done.diagnosis.verdicts.get(index) else {
            return;
        };
        let Some(fix) = &verdict.fix else {
            return;
        };
        let simulation = simulate(&done.dump.cluster, verdict, fix);
        let mut next = (*outcomes).clone();
        next.insert(verdict.subject.clone(), simulation.outcome);
        outcomes.set(next);
        load.emit(simulation.actions);
    })
}
