//! The standalone page's root component: a demo cluster the learner steps or settles, a claim
//! picker, the flowchart made live for the chosen claim, why every volume did or did not fit,
//! and kubectl's tables and events. State lives in a [`Session`] reducer.

use super::cluster_graph::ClusterGraphView;
use super::console::Console;
use super::diagram_view::DiagramView;
use super::embed::Bridge;
use super::kubectl::{EventLog, KubectlTable};
use super::lesson::{LessonPlayer, Lessons};
use super::lifecycle::LifecycleView;
use super::mermaid::MermaidExport;
use super::objects::{EditRequest, Objects};
use super::persistence;
use super::yaml_panel::YamlPanel;
use super::ClusterIdentity;
use pv_core::diagram::{layout, live_flowchart, LayoutOptions};
use pv_core::embed::{start_session, Initial, Part, View};
use pv_core::manifest::tables;
use pv_core::session::{Action, Session};
use pv_engine::explain::{ClaimExplanation, Verdicts};
use pv_engine::objects::{Kind, ObjectKey};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// How many volumes' verdicts "Why each volume did or did not fit" lists.
const VERDICTS_SHOWN: usize = 100;

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
    // What was stored (restored, kept aside, left in place) and what the page says about it.
    let restored = use_memo((), move |_| persist.then(persistence::open_saved));
    let notice = use_state(|| restored.as_ref().as_ref().and_then(|o| o.message()));
    // A source that cannot start (bad manifests, a lesson this build lacks) leaves the widget
    // showing why, in place of the playground.
    let start = {
        let initial = props.initial.clone();
        use_memo((), move |_| start_session(&initial))
    };
    let session = {
        let (restored, start) = (restored.clone(), start.clone());
        use_reducer(move || {
            let first = || (*start).clone().unwrap_or_else(|_| Session::empty());
            let saved = restored
                .as_ref()
                .as_ref()
                .and_then(|o| o.session().cloned());
            SessionState(saved.unwrap_or_else(first))
        })
    };
    if let Some(bridge) = &props.bridge {
        bridge.connect(&session);
    }
    // A shared link wins over localStorage; it is read once, after the first render.
    {
        let (session, notice) = (session.dispatcher(), notice.clone());
        use_effect_with((), move |_| {
            if let Some(fragment) = persist.then(persistence::shared_fragment).flatten() {
                wasm_bindgen_futures::spawn_local(async move {
                    match persistence::session_from_fragment(&fragment).await {
                        Ok(shared) => {
                            notice.set(Some(persistence::keep_before_link(&shared)));
                            session.dispatch(Action::Load(Box::new(shared)));
                        }
                        Err(why) => notice.set(Some(persistence::link_refused(&why))),
                    }
                });
            }
        });
    }
    {
        let (saved, notice) = (session.clone(), notice.clone());
        use_effect_with(session.clone(), move |_| {
            if let Some(message) = persist.then(|| persistence::save(&saved)).flatten() {
                notice.set(Some(message));
            }
        });
    }
    // The App renders again only when the session changes, so after each render the DOM
    // shows a new state (performance marks for the timing figures).
    use_effect(super::perf::drawn);
    let cluster = ClusterIdentity(session.cluster.clone());
    let claims: Rc<Vec<String>> = use_memo(cluster.clone(), |ClusterIdentity(c)| {
        c.claims()
            .map(|claim| claim.metadata.namespaced_name())
            .collect()
    });
    // kubectl's views depend only on the cluster.
    let kubectl = use_memo(cluster.clone(), |ClusterIdentity(c)| {
        let now = c.now();
        (
            Rc::new(tables::persistent_volumes(c.volumes(), now)),
            Rc::new(tables::persistent_volume_claims(c.claims(), now, true)),
            Rc::new(c.events().all().to_vec()),
            now,
        )
    });
    let (pv_table, pvc_table, events, now) = (*kubectl).clone();
    // The claim followed, or the first one if it was deleted.
    let selected = session.followed_claim().unwrap_or_default();
    let view = use_memo(
        (cluster.clone(), selected.clone()),
        |(ClusterIdentity(cluster), selected)| {
            let (namespace, name) = selected.split_once('/')?;
            // The first volumes' verdicts: a list of thousands says nothing and costs a redraw.
            let explanation =
                cluster
                    .explainer()
                    .explain(namespace, name, Verdicts::First(VERDICTS_SHOWN))?;
            let terminating = cluster
                .claim(namespace, name)
                .is_some_and(|c| c.metadata.is_being_deleted());
            let claim_key = ObjectKey::new(Kind::PersistentVolumeClaim, Some(namespace), name);
            let live = live_flowchart(cluster, &explanation);
            let placed = layout(&live.graph, &LayoutOptions::default());
            Some(ClaimView {
                path: Rc::new(live.path),
                graph: Rc::new(live.graph),
                layout: Rc::new(placed),
                explanation,
                claim_key,
                terminating,
            })
        },
    );
    // Diagnose's "Simulate the fix" and "Open in the playground": its actions run here, in
    // order, and the page goes back up to show their effect.
    let load_in_playground = {
        let (session, notice) = (session.dispatcher(), notice.clone());
        (*use_memo((), move |_| {
            Callback::from(move |actions: Vec<Action>| {
                let followed = actions.iter().find_map(|a| match a {
                    Action::Select(claim) => Some(claim.clone()),
                    _ => None,
                });
                for action in actions {
                    session.dispatch(action);
                }
                notice.set(Some(match followed {
                    Some(claim) => format!("Loaded from Diagnose into the playground: the dump with the fix applied, following claim {claim}. Undo goes back a request at a time."),
                    None => "Loaded from Diagnose into the playground; Undo goes back to what was here.".to_owned(),
                }));
                if let Some(window) = web_sys::window() {
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                }
            })
        }))
        .clone()
    };
    // One callback for the page's life, so the cluster graph's props change only with the
    // cluster or the choice (a new callback each render would redraw its hundreds of nodes).
    let on_action = {
        let session = session.dispatcher();
        (*use_memo((), move |_| session.to_callback())).clone()
    };
    let on_pick = {
        let session = session.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                session.dispatch(Action::Select(select.value()));
            }
        })
    };
    let on_step_mode = {
        let session = session.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                session.dispatch(Action::SetStepMode(input.checked()));
            }
        })
    };
    // The console reads the YAML editor's text for `-f -`, and opens `kubectl edit`'s object
    // in the form.
    let editor_yaml = use_state(String::new);
    let edit_request = use_state(|| None::<EditRequest>);
    let on_editor_text = {
        let editor_yaml = editor_yaml.clone();
        Callback::from(move |text: String| editor_yaml.set(text))
    };
    let on_edit = {
        let edit_request = edit_request.clone();
        Callback::from(move |key: ObjectKey| {
            let serial = edit_request.as_ref().map_or(0, |r| r.serial + 1);
            edit_request.set(Some(EditRequest { key, serial }));
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
    let options = claims.iter().map(|c| {
        html! { <option value={c.clone()} selected={*c == selected}>{ c }</option> }
    });
    if let Err(problems) = &*start {
        return html! {
            <div class="pvp-embed-error" role="alert">
                { for problems.iter().map(|p| html! { <p>{ p }</p> }) }
            </div>
        };
    }
    let (shows, editable) = (|part| props.view.shows(part), !props.readonly);
    let restart = match (&props.initial, &*start) {
        (Initial::Demo, _) | (_, Err(_)) => html! {
            <button type="button" onclick={send(Action::Restart)}>{ "Restart demo" }</button>
        },
        (_, Ok(first)) => html! {
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
                        if !v.explanation.notes.is_empty() {
                            <ul class="pvp-notes">
                                { for v.explanation.notes.iter().map(|note| html! { <li>{ note.text() }</li> }) }
                            </ul>
                        }
                        <MermaidExport what="flowchart" graph={v.graph.clone()} path={Some(v.path.clone())} />
                    </figcaption>
                </figure>
                <section class="pvp-why" aria-labelledby={why_id.clone()}>
                    <h2 id={why_id.clone()}>{ "Why each volume did or did not fit" }</h2>
                    <ul>
                        { for v.explanation.volumes.iter().map(|verdict| html! {
                            <li data-volume={verdict.volume.clone()} class={classes!(verdict.chosen.then_some("pvp-chosen"))}>
                                <strong>{ &verdict.volume }</strong>{ ": " }{ &verdict.reason }
                            </li>
                        }) }
                    </ul>
                    if v.explanation.volumes_not_shown > 0 {
                        <p>{ format!("… and {} more volumes.", v.explanation.volumes_not_shown) }</p>
                    }
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
            if persist {
                <super::KeptSessions session={session.clone()} notice={(*notice).clone()}
                                     on_notice={notice.setter().to_callback().reform(Some)} />
            }
            // The lesson catalogue is the standalone page's; a widget plays its `data-lesson`.
            if let Initial::Lesson(name) = &props.initial {
                <LessonPlayer key={name.clone()} lesson={AttrValue::from(name.clone())}
                              session={session.clone()} session_is_lessons=true />
            } else if !props.embedded {
                <Lessons session={session.clone()} persist={persist} />
            }
            if shows(Part::Flow) {
                <p class="pvp-picker">
                    <label for={picker_id.clone()}>{ "Claim" }</label>
                    <select id={picker_id} onchange={on_pick}>{ for options }</select>
                </p>
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
                <Objects session={session.clone()} open={(*edit_request).clone()} />
            }
            if shows(Part::Cluster) {
                <ClusterGraphView cluster={cluster.clone()} selected={selected.clone()}
                                  on_action={on_action} readonly={props.readonly} />
                <LifecycleView cluster={cluster.clone()} />
            }
            if shows(Part::Tables) {
                // Focusable: it scrolls sideways on narrow screens, and keyboard users must reach it.
                <section class="pvp-cluster" aria-label="What kubectl shows" tabindex="0">
                    <KubectlTable command="kubectl get pv" table={pv_table} />
                    <KubectlTable command="kubectl get pvc -A" table={pvc_table} />
                    <EventLog events={events} now={now} />
                </section>
            }
            if shows(Part::Editing) {
                <YamlPanel session={session.clone()} share={persist} readonly={props.readonly}
                           on_text={on_editor_text} />
            }
            // Beside the YAML editor, whose text `kubectl apply -f -` reads.
            if shows(Part::Editing) && editable {
                <Console session={session.clone()} editor_yaml={AttrValue::from((*editor_yaml).clone())}
                         on_edit={on_edit} />
            }
            // A separate, read-only analysis of a pasted dump: where the learner edits.
            if shows(Part::Editing) && editable {
                <super::Diagnose {load_in_playground} />
            }
        </div>
    }
}
