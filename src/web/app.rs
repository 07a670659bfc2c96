//! The standalone page's root component: a demo cluster the learner steps or settles, a claim
//! picker, the flowchart made live for the chosen claim, why every volume did or did not fit,
//! and kubectl's tables and events. State lives in a [`Session`] reducer.

use super::claim_picker::ClaimPicker;
use super::cluster_graph::ClusterGraphView;
use super::diagram_view::DiagramView;
use super::embed::Bridge;
use super::jobs::{use_job, Input, JobHandle, JobProgress};
use super::kubectl::{ClusterTable, EventLog, VolumeVerdicts};
use super::lesson::{LessonPlayer, Lessons};
use super::lifecycle::LifecycleView;
use super::mermaid::MermaidExport;
use super::objects::Objects;
use super::persistence;
use super::yaml_panel::YamlPanel;
use super::ClusterIdentity;
use pv_core::diagram::{layout, live_flowchart, LayoutOptions};
use pv_core::embed::{start_session, Initial, Part, View};
use pv_core::jobs::{needs_worker, Opened};
use pv_core::session::{Action, Session};
use pv_engine::explain::ClaimExplanation;
use pv_engine::objects::{Kind, ObjectKey};
use std::rc::Rc;
use yew::prelude::*;

/// Whether a widget's first state is worked out by the worker: large manifests, or a long
/// scenario (each of its steps runs the controllers).
fn starts_in_worker(initial: &Initial) -> bool {
    match initial {
        Initial::Manifests(text) | Initial::Scenario(text) => needs_worker(text.len(), 0),
        Initial::Demo | Initial::Lesson(_) => false,
    }
}

/// Where a saved session comes from, for the messages about opening it.
struct SavedFrom {
    opened: &'static str,
    failed: &'static str,
}

const STORED: SavedFrom = SavedFrom {
    opened: "Restored your last session.",
    failed: "Saved state could not be restored",
};
const SHARED: SavedFrom = SavedFrom {
    opened: "Opened the shared state.",
    failed: "The shared link could not be opened",
};

/// Opens a saved session's envelope: at once when small, by the worker when large (saving is
/// held meanwhile, so the demo shown until then never replaces what was saved).
fn open_saved(
    job: &JobHandle,
    text: String,
    from: SavedFrom,
    session: UseReducerDispatcher<SessionState>,
    notice: UseStateHandle<Option<String>>,
) {
    let notice_failed = notice.clone();
    let opened = move |loaded: Session| {
        session.dispatch(Action::Load(Box::new(loaded)));
        notice.set(Some(format!("{} {EVENTS_NOTE}", from.opened)));
    };
    if !needs_worker(text.len(), 0) {
        match pv_core::persist::decode(&text) {
            Ok(loaded) => opened(loaded),
            Err(why) => notice_failed.set(Some(format!(
                "{}: {why}; starting from the demo.",
                from.failed
            ))),
        }
        return;
    }
    persistence::hold_saves(true);
    let failed = from.failed;
    job.start::<Opened>(Input::Open { text }, move |answer| match answer {
        Ok(Opened(Ok(loaded))) => {
            persistence::hold_saves(false);
            opened(loaded);
        }
        // Saving stays held: what was saved is kept as it is.
        Ok(Opened(Err(why))) => notice_failed.set(Some(format!(
            "{failed}: {}; starting from the demo. It stays saved in this browser; changes made now are not saved.",
            why.join(" ")
        ))),
        Err(why) => notice_failed.set(Some(format!(
            "{failed}: {why} It stays saved in this browser and opens when the page is loaded again; until then, changes made here are not saved."
        ))),
    });
}

/// The event log is the cluster's memory, not the API server's: it is not saved.
const EVENTS_NOTE: &str = "The event log starts here: events are not saved.";
const RESTORED: &str =
    "Restored your last session. The event log starts here: events are not saved.";

/// Everything drawn for one claim; depends only on the cluster and the choice, so it is
/// computed when those change, not on every render.
struct ClaimView {
    explanation: ClaimExplanation,
    claim_key: ObjectKey,
    /// Deleted, but held by pvc-protection while a pod uses it (kubectl's `Terminating`).
    terminating: bool,
    graph: Rc<pv_core::diagram::Graph>,
    layout: Rc<pv_core::diagram::Layout>,
    path: Rc<pv_core::diagram::Path>,
    /// Why each volume did or did not fit (taken out of the explanation: a list of thousands
    /// is shown a page at a time).
    verdicts: Rc<Vec<pv_engine::explain::VolumeVerdict>>,
}

/// The session as Yew's reducer state: a wrapper, since the orphan rule keeps Yew's
/// `Reducible` off `pv_core`'s type. It adds nothing: the reducer is `Session::apply`.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionState(pub Session);

impl std::ops::Deref for SessionState {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

impl Reducible for SessionState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        super::perf::change_started();
        Rc::new(SessionState(self.0.apply(action)))
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The standalone page: restore from the `#state=` fragment or localStorage, save after
    /// each change, offer Share. Off by default: an embedded widget must not read or write
    /// its host page's storage or address.
    #[prop_or(false)]
    pub persist: bool,
    /// Where the first state comes from: the demo, or an embedded widget's manifests, lesson
    /// or scenario ("Start over" returns there).
    #[prop_or_default]
    pub initial: Initial,
    /// Which parts an embedded widget shows.
    #[prop_or_default]
    pub view: View,
    /// Read-only: the reader steps, undoes and follows claims, but cannot change objects (no
    /// forms, no YAML apply, no delete, no generated workload).
    #[prop_or(false)]
    pub readonly: bool,
    /// Inside someone else's page: no page header.
    #[prop_or(false)]
    pub embedded: bool,
    /// The embedding API's way to the session (`apply`, `state`).
    #[prop_or_default]
    pub bridge: Option<Rc<Bridge>>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("app"));
    let (picker_id, why_id) = (format!("{ids}-claim"), format!("{ids}-why"));
    let persist = props.persist;
    // A corrupt saved state gives a message and the demo, never a crash. A large one is
    // opened by the worker after the first render (see `open_saved`).
    let saved = use_memo((), move |_| persist.then(persistence::saved_text).flatten());
    let restored = use_memo((), {
        let saved = saved.clone();
        move |_| match saved.as_deref() {
            Some(text) if needs_worker(text.len(), 0) => (None, None),
            Some(text) => match pv_core::persist::decode(text) {
                Ok(session) => (Some(session), Some(RESTORED.to_owned())),
                Err(why) => (
                    None,
                    Some(format!(
                        "Saved state could not be restored: {why}; starting from the demo."
                    )),
                ),
            },
            None => (None, None),
        }
    });
    let notice = use_state(|| restored.1.clone());
    // A source that cannot start (bad manifests, a lesson this build lacks) leaves the widget
    // showing why, in place of the playground.
    // Large manifests or a long scenario are played by the worker after the first render
    // (`None` until then); the widget shows its progress meanwhile.
    let start = {
        let initial = props.initial.clone();
        use_state(move || (!starts_in_worker(&initial)).then(|| start_session(&initial)))
    };
    let session = {
        let (restored, start) = (restored.clone(), start.clone());
        use_reducer(move || {
            let first = || {
                (*start)
                    .clone()
                    .and_then(Result::ok)
                    .unwrap_or_else(Session::empty)
            };
            SessionState(restored.0.clone().unwrap_or_else(first))
        })
    };
    if let Some(bridge) = &props.bridge {
        bridge.connect(&session);
    }
    // A shared link wins over localStorage; it is read once, after the first render.
    let opening = use_job();
    {
        let (session, notice, opening) = (session.dispatcher(), notice.clone(), opening.clone());
        use_effect_with((), move |_| {
            let large_saved = saved.as_ref().clone().filter(|t| needs_worker(t.len(), 0));
            if let Some(fragment) = persist.then(persistence::shared_fragment).flatten() {
                wasm_bindgen_futures::spawn_local(async move {
                    match persistence::text_from_fragment(&fragment).await {
                        Ok(text) => open_saved(&opening, text, SHARED, session, notice),
                        Err(why) => notice.set(Some(format!(
                            "The shared link could not be opened: {why}; starting from the demo."
                        ))),
                    }
                });
            } else if let Some(text) = large_saved {
                open_saved(&opening, text, STORED, session, notice);
            }
        });
    }
    let starting = use_job();
    {
        let (initial, start, session, starting) = (
            props.initial.clone(),
            start.clone(),
            session.dispatcher(),
            starting.clone(),
        );
        use_effect_with((), move |_| {
            if start.is_none() {
                starting.start::<Opened>(Input::Start { initial }, move |answer| {
                    let first = match answer {
                        Ok(Opened(first)) => first,
                        Err(why) => Err(vec![format!("The widget could not start: {why}")]),
                    };
                    if let Ok(session_first) = &first {
                        session.dispatch(Action::Load(Box::new(session_first.clone())));
                    }
                    start.set(Some(first));
                });
            }
        });
    }
    let on_cancel_start = {
        let start = start.clone();
        Callback::from(move |_| {
            start.set(Some(Err(vec![
                "The widget's scenario was not played: it was cancelled. Reload the page to play it."
                    .into(),
            ])))
        })
    };
    let on_cancel_opening = {
        let notice = notice.clone();
        Callback::from(move |_| {
            notice.set(Some(
                "Opening was cancelled. Your saved session stays in this browser and opens when the page is loaded again; until then, changes made here are not saved.".into(),
            ))
        })
    };
    {
        let saved = session.clone();
        use_effect_with(session.clone(), move |_| {
            if persist {
                persistence::save(&saved);
            }
        });
    }
    // The App renders again only when the session changes, so after each render the DOM
    // shows a new state (performance marks for the timing figures).
    use_effect(super::perf::drawn);
    let cluster = ClusterIdentity(session.cluster.clone());
    // The claim followed, or the first one if it was deleted.
    let selected = session.followed_claim().unwrap_or_default();
    let view = use_memo(
        (cluster.clone(), selected.clone()),
        |(ClusterIdentity(cluster), selected)| {
            let (namespace, name) = selected.split_once('/')?;
            let explanation = cluster.explain_claim(namespace, name)?;
            let terminating = cluster
                .claim(namespace, name)
                .is_some_and(|c| c.metadata.is_being_deleted());
            let claim_key = ObjectKey::new(Kind::PersistentVolumeClaim, Some(namespace), name);
            let live = live_flowchart(cluster, &explanation);
            let placed = layout(&live.graph, &LayoutOptions::default());
            let mut explanation = explanation;
            let verdicts = Rc::new(std::mem::take(&mut explanation.volumes));
            Some(ClaimView {
                verdicts,
                path: Rc::new(live.path),
                graph: Rc::new(live.graph),
                layout: Rc::new(placed),
                explanation,
                claim_key,
                terminating,
            })
        },
    );
    // One callback for the page's life, so the cluster graph's props change only with the
    // cluster or the choice (a new callback each render would redraw its hundreds of nodes).
    let on_action = {
        let session = session.dispatcher();
        (*use_memo((), move |_| session.to_callback())).clone()
    };
    let on_pick = {
        let session = session.dispatcher();
        Callback::from(move |claim: String| session.dispatch(Action::Select(claim)))
    };
    let on_step_mode = {
        let session = session.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                session.dispatch(Action::SetStepMode(input.checked()));
            }
        })
    };
    let send = |action: Action| {
        let session = session.dispatcher();
        Callback::from(move |_: MouseEvent| session.dispatch(action.clone()))
    };
    // Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac), on the widget only: an embedded widget must not
    // take the host page's undo; text fields keep their own.
    let on_key = {
        let session = session.dispatcher();
        Callback::from(move |event: KeyboardEvent| {
            let in_text = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA"));
            if in_text
                || !(event.ctrl_key() || event.meta_key())
                || !event.key().eq_ignore_ascii_case("z")
            {
                return;
            }
            event.prevent_default();
            session.dispatch(if event.shift_key() {
                Action::Redo
            } else {
                Action::Undo
            });
        })
    };
    let passes = |n: usize| {
        if n == 1 {
            "1 controller pass".to_owned()
        } else {
            format!("{n} controller passes")
        }
    };
    let progress = match (session.settled, session.passes) {
        (true, n) => format!("Steady state after {}.", passes(n)),
        (false, 0) => "Objects created; no controller has run yet.".to_owned(),
        (false, n) => format!("After {}; still changing.", passes(n)),
    };
    if let Some(Err(problems)) = &*start {
        return html! {
            <div class="pvp-embed-error" role="alert">
                { for problems.iter().map(|p| html! { <p>{ p }</p> }) }
            </div>
        };
    }
    if start.is_none() {
        let what = match &props.initial {
            Initial::Scenario(_) => "Playing the widget's scenario",
            _ => "Applying the widget's manifests",
        };
        return html! {
            <div class="pvp">
                <JobProgress job={starting} what={what} on_cancel={on_cancel_start} />
            </div>
        };
    }
    let (shows, editable) = (|part| props.view.shows(part), !props.readonly);
    let restart = match (&props.initial, &*start) {
        (Initial::Demo, _) | (_, None | Some(Err(_))) => html! {
            <button type="button" onclick={send(Action::Restart)}>{ "Restart demo" }</button>
        },
        (_, Some(Ok(first))) => html! {
            <button type="button" onclick={send(Action::Load(Box::new(first.clone())))}>{ "Start over" }</button>
        },
    };
    let body = match view.as_ref() {
        Some(v) => html! {
            <>
                <figure class="pvp-figure">
                    <DiagramView
                        graph={v.graph.clone()}
                        layout={v.layout.clone()}
                        highlight={Some(v.path.clone())}
                        title={format!("How {} gets a volume", v.explanation.claim)}
                    />
                    <figcaption>
                        <p class="pvp-phase">{ format!("{} is {}{} · {}", v.explanation.claim, v.explanation.phase, if v.terminating { " (Terminating)" } else { "" }, v.explanation.requirements) }</p>
                        <p class="pvp-objects">
                            if editable {
                                <button type="button" onclick={send(Action::Delete(v.claim_key.clone()))}
                                        aria-label={format!("Delete claim {}", v.explanation.claim)}>{ "Delete claim" }</button>
                            }
                            { for v.explanation.pods.iter().map(|p| {
                                let key = p.key.clone();
                                html! {
                                    <span class="pvp-pod">
                                        { format!("Used by pod {}", p.pod) }
                                        { p.node.as_ref().map(|n| format!(" on {n}")).unwrap_or_default() }
                                        // Why it is not running yet (FailedScheduling, in the scheduler's words).
                                        { p.problem.as_ref().map(|m| format!(": {m}")).unwrap_or_default() }
                                        if editable {
                                            <button type="button" onclick={send(Action::Delete(key))}
                                                    aria-label={format!("Delete pod {}", p.pod)}>{ "Delete pod" }</button>
                                        }
                                    </span>
                                }
                            }) }
                        </p>
                        if let Some((_, message)) = &v.path.blocked {
                            <p class="pvp-blocked-reason" role="status">{ format!("Blocked: {message}") }</p>
                        }
                        <MermaidExport what="flowchart" graph={v.graph.clone()} path={Some(v.path.clone())} />
                    </figcaption>
                </figure>
                <section class="pvp-why" aria-labelledby={why_id.clone()}>
                    <h2 id={why_id.clone()}>{ "Why each volume did or did not fit" }</h2>
                    <VolumeVerdicts verdicts={v.verdicts.clone()} />
                </section>
            </>
        },
        None => html! { <p>{ "No claim to show." }</p> },
    };
    html! {
        <div class="pvp" onkeydown={on_key}>
            if !props.embedded {
                <header class="pvp-header">
                    <h1>{ "pv-playground" }</h1>
                    <p>{ "How Kubernetes gives a PersistentVolumeClaim its PersistentVolume: pick a claim of the demo cluster and follow the path the control loop took." }</p>
                </header>
            }
            if let Some(message) = &*notice {
                <p class="pvp-notice" role="status">{ message }</p>
            }
            <JobProgress job={opening} what="Opening the saved session" on_cancel={on_cancel_opening} />
            // The lesson catalogue is the standalone page's; a widget plays its `data-lesson`.
            if let Initial::Lesson(name) = &props.initial {
                <LessonPlayer key={name.clone()} lesson={AttrValue::from(name.clone())}
                              session={session.clone()} session_is_lessons=true />
            } else if !props.embedded {
                <Lessons session={session.clone()} persist={persist} />
            }
            if shows(Part::Flow) {
                <ClaimPicker id={picker_id} cluster={cluster.clone()} selected={selected.clone()} on_pick={on_pick} />
            }
            <div class="pvp-controls">
                <button type="button" onclick={send(Action::Step)} disabled={session.settled}>{ "Step" }</button>
                <button type="button" onclick={send(Action::Settle)} disabled={session.settled}>{ "Run to steady state" }</button>
                { restart }
                // An empty cluster is only a start where objects can be added.
                if editable && shows(Part::Editing) {
                    <button type="button" onclick={send(Action::Load(Box::new(Session::empty())))}>{ "Start empty" }</button>
                }
                <button type="button" onclick={send(Action::Undo)} disabled={!session.can_undo()}
                        aria-keyshortcuts="Control+Z">{ "Undo" }</button>
                <button type="button" onclick={send(Action::Redo)} disabled={!session.can_redo()}
                        aria-keyshortcuts="Control+Shift+Z">{ "Redo" }</button>
                <label class="pvp-step-mode">
                    <input type="checkbox" checked={session.step_mode} onchange={on_step_mode} />
                    { "Step mode: changes wait for Step" }
                </label>
                <span class="pvp-progress" aria-live="polite">{ progress }</span>
            </div>
            if shows(Part::Flow) { { body } }
            if shows(Part::Editing) && editable {
                <Objects session={session.clone()} />
            }
            if shows(Part::Cluster) {
                <ClusterGraphView cluster={cluster.clone()} selected={selected.clone()}
                                  on_action={on_action} readonly={props.readonly} />
                <LifecycleView cluster={cluster.clone()} />
            }
            if shows(Part::Tables) {
                // Focusable: it scrolls sideways on narrow screens, and keyboard users must reach it.
                <section class="pvp-cluster" aria-label="What kubectl shows" tabindex="0">
                    <ClusterTable command="kubectl get pv" cluster={cluster.clone()} kind={Kind::PersistentVolume} />
                    <ClusterTable command="kubectl get pvc -A" cluster={cluster.clone()} kind={Kind::PersistentVolumeClaim} />
                    <EventLog cluster={cluster.clone()} />
                </section>
            }
            if shows(Part::Editing) {
                <YamlPanel session={session.clone()} share={persist} readonly={props.readonly} />
            }
            // A separate, read-only analysis of a pasted dump: where the learner edits.
            if shows(Part::Editing) && editable {
                <super::Diagnose />
            }
        </div>
    }
}
