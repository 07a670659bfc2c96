//! The page's root: the learner's session (a [`Session`] reducer, saved and restored on the
//! standalone page) and the workspace around it. From 1024 px wide the *see* pane (the
//! followed claim's flowchart, the cluster graph, the lifecycle, kubectl's tables, the events)
//! stays in view beside the *act* pane (a lesson, the forms, YAML, Diagnose); narrower, one
//! pane at a time with a switch, and the effect of a change shown first. An embedded widget
//! that shows one part (`data-view`) gets that part alone.

use super::address;
use super::console::Console;
use super::controls::Controls;
use super::embed::Bridge;
use super::flow::FlowPanel;
use super::jobs::{use_job, Input, JobProgress};
use super::lesson::{LessonPlayer, Lessons};
use super::lifecycle::LifecycleView;
use super::objects::{EditRequest, Objects};
use super::persistence;
use super::see::{KubectlTables, SeePane};
use super::tabs::{TabPanel, TabSpec, Tabs};
use super::yaml_panel::YamlPanel;
use super::{ClusterGraphView, ClusterIdentity};
use pv_core::embed::{start_session, Initial, View};
use pv_core::jobs;
use pv_core::session::{Action, Session};
use pv_core::workspace::{effect_tab, next_hint, ActTab, Offer, SeeTab, Tab};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// The session as Yew's reducer state: a wrapper, since the orphan rule keeps Yew's
/// `Reducible` off `pv_core`'s type. The reducer is `Session::apply`; the wrapper also keeps
/// whether the last action's effect is worth showing first (a Load — a lesson starting, a
/// shared state opening — is not: what to read then is where the learner is).
#[derive(Clone, Debug)]
pub struct SessionState {
    pub session: Session,
    pub show_effect: bool,
}

/// By identity (`Session::is_same_state`): Yew compares the session handle in props and
/// effects on every render, and a deep comparison walks every object of every cluster in the
/// undo history (a third of a second at 20,000 objects, on each tab switch).
impl PartialEq for SessionState {
    fn eq(&self, other: &Self) -> bool {
        self.show_effect == other.show_effect && self.session.is_same_state(&other.session)
    }
}

impl SessionState {
    pub fn new(session: Session) -> Self {
        SessionState {
            session,
            show_effect: false,
        }
    }
}

impl std::ops::Deref for SessionState {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Reducible for SessionState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        super::perf::change_started();
        let show_effect = !matches!(action, Action::Load(_) | Action::Restore(_));
        Rc::new(SessionState {
            session: self.session.apply(action),
            show_effect,
        })
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The standalone page: restore from the `#state=` fragment or localStorage, save after
    /// each change, offer Share, name the tab shown in the address. Off by default: an
    /// embedded widget must not read or write its host page's storage or address.
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
    let persist = props.persist;
    // What was stored (restored, kept aside, left in place, or large and still being read)
    // and what the page says about it.
    let opening = use_memo((), move |_| persist.then(persistence::open_saved));
    let restored = match opening.as_ref() {
        Some(persistence::Opening::Done(opened)) => Some(opened.clone()),
        _ => None,
    };
    let notice = use_state(|| restored.as_ref().and_then(|o| o.message()));
    // A source that cannot start (bad manifests, a lesson this build lacks) leaves the widget
    // showing why, in place of the playground. A long scenario or many manifests are played
    // by the worker while the widget shows an empty cluster (None until then).
    let start = {
        let initial = props.initial.clone();
        use_state(move || (!jobs::starts_in_worker(&initial)).then(|| start_session(&initial)))
    };
    let session = {
        let start = start.clone();
        use_reducer(move || {
            let first = || match &*start {
                Some(Ok(first)) => first.clone(),
                _ => Session::empty(),
            };
            let saved = restored.as_ref().and_then(|o| o.session().cloned());
            SessionState::new(saved.unwrap_or_else(first))
        })
    };
    let starting_job = use_job();
    {
        let (job, start, initial) = (starting_job.clone(), start.clone(), props.initial.clone());
        let session = session.dispatcher();
        use_effect_with((), move |_| {
            if start.is_none() {
                job.start::<jobs::Opened>(Input::Start(initial.clone()), move |answer| {
                    // A worker that cannot start: the widget plays it itself.
                    let first = answer.map_or_else(|_| start_session(&initial), |a| a.0);
                    if let Ok(first) = &first {
                        session.dispatch(Action::Restore(Box::new(first.clone())));
                    }
                    start.set(Some(first));
                });
            }
        });
    }
    // A shared link's state, or a large saved session, is read as the page opens: a large one
    // by the worker while the page shows its first state, with progress and Cancel. A shared
    // link wins over localStorage; it is read once, after the first render.
    let opening_job = use_job();
    let opening_link = use_state(|| false);
    {
        let (job, link) = (opening_job.clone(), opening_link.clone());
        let (session, notice) = (session.dispatcher(), notice.clone());
        use_effect_with((), move |_| {
            if let Some(fragment) = persist.then(persistence::shared_fragment).flatten() {
                // The link replaces what was saved (kept aside first), so a large saved
                // session is not opened for it.
                link.set(true);
                wasm_bindgen_futures::spawn_local(async move {
                    let text = match persistence::text_from_fragment(&fragment).await {
                        Ok(text) => text,
                        Err(why) => return notice.set(Some(persistence::link_refused(&why))),
                    };
                    let link_text = text.clone();
                    persistence::read_envelope(&job, &text, move |read| match read {
                        Ok(shared) => {
                            notice.set(Some(persistence::keep_before_link(&shared, &link_text)));
                            session.dispatch(Action::Load(Box::new(shared)));
                        }
                        Err(unread) => notice.set(Some(persistence::link_refused(&unread.why))),
                    });
                });
            } else if let Some(persistence::Opening::Large(text)) = opening.as_ref() {
                let text = text.clone();
                persistence::read_envelope(&job, &text.clone(), move |read| {
                    let opened = persistence::opened_large(text, read);
                    if let Some(saved) = opened.session() {
                        session.dispatch(Action::Restore(Box::new(saved.clone())));
                    }
                    notice.set(opened.message());
                });
            }
        });
    }
    if let Some(bridge) = &props.bridge {
        bridge.connect(&session);
    }
    {
        let (saved, notice) = (session.clone(), notice.clone());
        use_effect_with(session.clone(), move |_| {
            // After the change is on screen: a save writes the session and reads it back,
            // work a frame need not wait for.
            if persist {
                super::after_paint(move || {
                    persistence::save(&saved, move |message| notice.set(Some(message)));
                });
            }
        });
    }
    // The App renders again only when the session changes, so after each render the DOM
    // shows a new state (performance marks for the timing figures).
    use_effect(super::perf::drawn);
    // One callback for the page's life, so components' props change only with the cluster
    // or the choice (a new callback each render would redraw the graph's hundreds of nodes).
    let on_action = {
        let session = session.dispatcher();
        (*use_memo((), move |_| session.to_callback())).clone()
    };
    // Diagnose's "Simulate the fix" and "Open in the playground": its actions run here, in
    // order, with a notice of what was loaded (the workspace then shows the see pane).
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
            })
        }))
        .clone()
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
    if let Some(Err(problems)) = &*start {
        return html! {
            <div class="pvp-embed-error" role="alert">
                { for problems.iter().map(|p| html! { <p>{ p }</p> }) }
            </div>
        };
    }
    let editable = !props.readonly;
    let link_opening = *opening_link;
    // "Start over" returns to the demo (the page) or to the widget's own first state.
    let start_over = match (&props.initial, &*start) {
        (Initial::Demo, _) | (_, Some(Err(_)) | None) => None,
        (_, Some(Ok(first))) => Some(Rc::new(first.clone())),
    };
    let controls = html! {
        <Controls settled={session.settled} passes={session.passes} step_mode={session.step_mode}
                  can_undo={session.can_undo()} can_redo={session.can_redo()}
                  start_over={start_over} offer_empty={editable}
                  on_action={on_action.clone()} />
    };
    let body = if props.view == View::Full {
        html! {
            <Workspace session={session.clone()} initial={props.initial.clone()} persist={persist}
                       standalone={!props.embedded} readonly={props.readonly} on_action={on_action.clone()}
                       notice={(*notice).clone()} load_in_playground={load_in_playground} />
        }
    } else {
        html! { <Part session={session.clone()} view={props.view} readonly={props.readonly} on_action={on_action.clone()} /> }
    };
    html! {
        <div class={classes!("pvp", (props.view == View::Full).then_some("pvp-workspace"), (!props.embedded).then_some("pvp-standalone"))}
             onkeydown={on_key}>
            <header class="pvp-topbar">
                if !props.embedded {
                    <div class="pvp-brand">
                        <h1>{ "pv-playground" }</h1>
                        <p>{ "How Kubernetes gives a PersistentVolumeClaim its PersistentVolume, simulated." }</p>
                    </div>
                }
                { controls }
            </header>
            <JobProgress job={starting_job.clone()} what={match &props.initial {
                Initial::Scenario(_) => "Playing the scenario",
                _ => "Applying the manifests",
            }} on_cancel={start.setter().to_callback().reform(|()| Some(Err(vec![
                "You cancelled playing this widget's scenario: reload the page to play it again.".to_owned(),
            ])))} />
            <JobProgress job={opening_job.clone()}
                         what={if *opening_link { "Opening the shared link" } else { "Opening your saved session" }}
                         on_cancel={notice.setter().to_callback().reform(move |()| Some(if link_opening {
                             persistence::link_refused("you cancelled opening it")
                         } else {
                             persistence::opening_cancelled()
                         }))} />
            if props.view != View::Full {
                if let Some(message) = &*notice {
                    <p class="pvp-notice" role="status">{ message }</p>
                }
            }
            // Stored sessions the page could not use, when there are any (the page's own).
            if persist {
                <super::KeptSessions session={session.clone()} notice={(*notice).clone()}
                                     on_notice={notice.setter().to_callback().reform(Some)} />
            }
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PartProps {
    session: UseReducerHandle<SessionState>,
    view: View,
    readonly: bool,
    on_action: Callback<Action>,
}

/// An embedded widget's one part: the flowchart of a claim, the cluster, or kubectl's views.
#[function_component(Part)]
fn part(props: &PartProps) -> Html {
    let cluster = ClusterIdentity(props.session.cluster.clone());
    let claims = use_claims(&cluster);
    let selected = AttrValue::from(props.session.followed_claim().unwrap_or_default());
    match props.view {
        View::Flow => html! {
            <>
                <FlowPanel cluster={cluster} claim={selected} claims={Some(claims)}
                           last_pass={props.session.last_pass.clone()}
                           passes={props.session.passes} editable={!props.readonly}
                           on_action={props.on_action.clone()} />
            </>
        },
        View::Cluster => html! {
            <>
                <ClusterGraphView cluster={cluster.clone()} selected={selected}
                                  on_action={props.on_action.clone()} readonly={props.readonly}
                                  beside_flowchart=false />
                <LifecycleView cluster={cluster} />
            </>
        },
        View::Tables | View::Full => html! { <KubectlTables cluster={cluster} /> },
    }
}

/// The cluster's claims (`namespace/name`), recomputed when it changes.
#[hook]
fn use_claims(cluster: &ClusterIdentity) -> Rc<Vec<String>> {
    use_memo(cluster.clone(), |ClusterIdentity(c)| {
        c.claims()
            .map(|claim| claim.metadata.namespaced_name())
            .collect()
    })
}

/// Which pane shows when only one fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pane {
    See,
    Act,
}

#[derive(Properties, PartialEq)]
struct WorkspaceProps {
    session: UseReducerHandle<SessionState>,
    initial: Initial,
    persist: bool,
    /// The page itself, not a widget in someone else's page (the lesson catalogue is its).
    standalone: bool,
    readonly: bool,
    on_action: Callback<Action>,
    notice: Option<String>,
    /// Runs Diagnose's actions on the session (its fix simulated, its dump opened).
    load_in_playground: Callback<Vec<Action>>,
}

/// The act pane's tabs this widget offers: a lesson where there is one to play (the
/// standalone page's catalogue, or an embedded lesson), the forms and Diagnose where objects
/// may change, YAML always (a read-only widget shows the state there).
fn act_tabs(initial: &Initial, standalone: bool, readonly: bool) -> Vec<ActTab> {
    ActTab::ALL
        .into_iter()
        .filter(|tab| match tab {
            ActTab::Lesson => standalone || matches!(initial, Initial::Lesson(_)),
            ActTab::Console => !readonly,
            ActTab::Objects | ActTab::Diagnose => !readonly,
            ActTab::Yaml => true,
        })
        .collect()
}

#[function_component(Workspace)]
fn workspace(props: &WorkspaceProps) -> Html {
    let prefix = use_memo((), |_| super::unique_prefix("act"));
    let offered = use_memo(
        (props.initial.clone(), props.standalone, props.readonly),
        |(initial, standalone, readonly)| act_tabs(initial, *standalone, *readonly),
    );
    let first = use_memo((), {
        let persist = props.persist;
        move |_| persist.then(address::tab_in_address).flatten()
    });
    let resumes_lesson = use_memo((), {
        let persist = props.persist;
        move |_| persist && super::lesson::lesson_in_progress().is_some()
    });
    let default_act = match &props.initial {
        Initial::Lesson(_) => ActTab::Lesson,
        _ if *resumes_lesson => ActTab::Lesson,
        _ if props.readonly => ActTab::Yaml,
        _ => ActTab::Objects,
    };
    let see_tab = use_state(|| match *first {
        Some(Tab::See(tab)) => tab,
        _ => SeeTab::Flowchart,
    });
    let act_tab = {
        let offered = offered.clone();
        use_state(|| match *first {
            Some(Tab::Act(tab)) if offered.contains(&tab) => tab,
            _ => default_act,
        })
    };
    // One pane at a time: what the address names, a widget's lesson (what it is for), or
    // the see pane.
    let embedded_lesson = matches!(props.initial, Initial::Lesson(_));
    let pane = use_state(|| match *first {
        Some(Tab::Act(_)) => Pane::Act,
        Some(Tab::See(_)) => Pane::See,
        None if embedded_lesson => Pane::Act,
        None => Pane::See,
    });
    // The act panels mounted so far: kept (hidden) when another tab shows, so a half-typed
    // form, a pasted manifest or a lesson in progress survive a look elsewhere.
    let visited = use_state(|| BTreeSet::from([act_tab.id()]));
    // "Start the first lesson": the lesson, and a count that remounts the lesson list.
    let lesson_start = use_state(|| None::<(usize, &'static str)>);
    // Whether the Lessons tab plays a lesson: its guide then replaces the hint line.
    let lesson_playing = use_state(|| false);
    // The console reads the YAML editor's text for `-f -`, and opens `kubectl edit`'s object
    // in the form.
    let editor_yaml = use_state(String::new);
    let edit_request = use_state(|| None::<EditRequest>);
    let switch = use_node_ref();
    let see_section = use_node_ref();

    let show_act = {
        let (act_tab, pane, visited, persist) = (
            act_tab.clone(),
            pane.clone(),
            visited.clone(),
            props.persist,
        );
        Callback::from(move |tab: ActTab| {
            act_tab.set(tab);
            pane.set(Pane::Act);
            let mut seen = (*visited).clone();
            if seen.insert(tab.id()) {
                visited.set(seen);
            }
            if persist {
                address::show_in_address(tab.id());
            }
        })
    };
    let show_see = {
        let (see_tab, pane, persist) = (see_tab.clone(), pane.clone(), props.persist);
        Callback::from(move |tab: SeeTab| {
            see_tab.set(tab);
            pane.set(Pane::See);
            if persist {
                address::show_in_address(tab.id());
            }
        })
    };
    // The address changed to name a tab (a link, the learner): show it.
    {
        let (show_act, show_see, persist) = (show_act.clone(), show_see.clone(), props.persist);
        use_effect_with((), move |_| {
            let listening = persist
                .then(|| {
                    address::on_address_change(move |tab| match tab {
                        Tab::See(t) => show_see.emit(t),
                        Tab::Act(t) => show_act.emit(t),
                    })
                })
                .flatten();
            move || drop(listening)
        });
    }
    // After a change, one pane at a time shows the effect first: the see pane, from its top
    // (scrolled there once the pane is drawn). Not after a Load (a lesson starting, a state
    // opening): what to read next is where the learner is.
    let reveal = use_mut_ref(|| false);
    {
        let (pane, switch, reveal) = (pane.clone(), switch.clone(), reveal.clone());
        let show_effect = props.session.show_effect;
        let see_tab = see_tab.clone();
        let has_claim = props.session.followed_claim().is_some();
        let first_render = use_mut_ref(|| true);
        use_effect_with(ClusterIdentity(props.session.cluster.clone()), move |_| {
            if std::mem::replace(&mut *first_render.borrow_mut(), false) || !show_effect {
                return;
            }
            let one_pane = switch
                .cast::<web_sys::Element>()
                .is_some_and(|s| s.get_client_rects().length() > 0);
            if one_pane {
                let tab = effect_tab(*see_tab, has_claim);
                if tab != *see_tab {
                    see_tab.set(tab);
                }
                pane.set(Pane::See);
                *reveal.borrow_mut() = true;
            }
        });
    }
    {
        let (see_section, reveal) = (see_section.clone(), reveal.clone());
        // Once a render has drawn the see pane (the one that asked may not have yet).
        let drawn = *pane == Pane::See;
        use_effect(move || {
            if !drawn || !std::mem::replace(&mut *reveal.borrow_mut(), false) {
                return;
            }
            if let Some(section) = see_section.cast::<web_sys::Element>() {
                if section.get_bounding_client_rect().top() < 0.0 {
                    section.scroll_into_view();
                }
            }
        });
    }
    let session = &props.session;
    let cluster = ClusterIdentity(session.cluster.clone());
    let claims = use_claims(&cluster);
    let selected = AttrValue::from(session.followed_claim().unwrap_or_default());
    let hint = use_memo(
        (
            cluster.clone(),
            selected.clone(),
            session.settled,
            session.step_mode,
            session.can_undo(),
        ),
        {
            let (session, editable) = (session.clone(), !props.readonly);
            move |_| next_hint(&session, editable)
        },
    );
    let offer = |offer: Offer| -> Html {
        let on_click = match offer {
            Offer::AddClaim => show_act.reform(|_: MouseEvent| ActTab::Objects),
            Offer::Step => props.on_action.reform(|_: MouseEvent| Action::Step),
            Offer::Lesson(name) => {
                let (show_act, lesson_start) = (show_act.clone(), lesson_start.clone());
                Callback::from(move |_: MouseEvent| {
                    let count = lesson_start.map_or(1, |(n, _)| n + 1);
                    lesson_start.set(Some((count, name)));
                    show_act.emit(ActTab::Lesson);
                })
            }
        };
        let primary = matches!(offer, Offer::AddClaim | Offer::Step);
        html! {
            <button type="button" class={classes!(primary.then_some("pvp-primary"))} onclick={on_click}>
                { offer.label() }
            </button>
        }
    };
    let offered_tabs = Rc::new(
        offered
            .iter()
            .map(|t| TabSpec {
                id: t.id(),
                label: t.label(),
            })
            .collect::<Vec<_>>(),
    );
    let on_act_tab = show_act.reform(|id: &'static str| {
        ActTab::ALL
            .into_iter()
            .find(|t| t.id() == id)
            .unwrap_or(ActTab::Yaml)
    });
    let on_editor_text = {
        let editor_yaml = editor_yaml.clone();
        Callback::from(move |text: String| editor_yaml.set(text))
    };
    // `kubectl edit`: the object's form, on the Objects tab.
    let on_edit = {
        let (edit_request, show_act) = (edit_request.clone(), show_act.clone());
        Callback::from(move |key: pv_engine::objects::ObjectKey| {
            let serial = edit_request.as_ref().map_or(0, |r| r.serial + 1);
            edit_request.set(Some(EditRequest { key, serial }));
            show_act.emit(ActTab::Objects);
        })
    };
    // What Diagnose loads shows at once: the followed claim's flowchart. One callback for
    // the page's life, so Diagnose's long lists are not redrawn with every change.
    let diagnose_loads = {
        let (load, show_see) = (props.load_in_playground.clone(), show_see.clone());
        (*use_memo((), move |_| {
            Callback::from(move |actions: Vec<Action>| {
                load.emit(actions);
                show_see.emit(SeeTab::Flowchart);
            })
        }))
        .clone()
    };
    let panel = |tab: ActTab| -> Html {
        if !visited.contains(tab.id()) {
            return Html::default();
        }
        let body = match tab {
            ActTab::Lesson => match &props.initial {
                Initial::Lesson(name) => html! {
                    <LessonPlayer key={name.clone()} lesson={AttrValue::from(name.clone())}
                                  session={session.clone()} session_is_lessons=true />
                },
                _ => {
                    let (key, start) = match *lesson_start {
                        Some((n, name)) => (format!("lessons-{n}"), Some(AttrValue::from(name))),
                        None => ("lessons".to_owned(), None),
                    };
                    let on_playing = {
                        let lesson_playing = lesson_playing.clone();
                        Callback::from(move |playing: bool| lesson_playing.set(playing))
                    };
                    html! { <Lessons key={key} session={session.clone()} persist={props.persist} start={start} {on_playing} /> }
                }
            },
            ActTab::Console => html! {
                <Console session={session.clone()} editor_yaml={AttrValue::from((*editor_yaml).clone())}
                         on_edit={on_edit.clone()} />
            },
            ActTab::Objects => html! { <Objects session={session.clone()} open={(*edit_request).clone()} /> },
            ActTab::Yaml => html! {
                <YamlPanel session={session.clone()} share={props.persist} readonly={props.readonly}
                           on_text={on_editor_text.clone()} />
            },
            ActTab::Diagnose => html! {
                <super::Diagnose load_in_playground={Some(diagnose_loads.clone())} />
            },
        };
        html! {
            <TabPanel prefix={(*prefix).clone()} id={tab.id()} hidden={tab != *act_tab} class="pvp-act-panel">
                { body }
            </TabPanel>
        }
    };
    let pane_button = |which: Pane, title: &'static str, detail: &'static str| {
        let pane = pane.clone();
        html! {
            <button type="button" aria-pressed={(*pane == which).to_string()}
                    onclick={Callback::from(move |_: MouseEvent| pane.set(which))}>
                <strong>{ title }</strong>{ " " }<span class="pvp-muted">{ detail }</span>
            </button>
        }
    };
    let pane_id = match *pane {
        Pane::See => "see",
        Pane::Act => "act",
    };
    html! {
        <>
            <div class="pvp-hintbar">
                if let Some(message) = &props.notice {
                    <p class="pvp-notice" role="status">{ message }</p>
                }
                // A lesson's guide is the lesson (a lesson widget's, or the one the Lessons
                // tab plays): no second voice offering another.
                if !hint.text.is_empty() && !embedded_lesson && !*lesson_playing {
                    <p class="pvp-hint">
                        <span class="pvp-hint-label">{ "Try next" }</span>
                        <span class="pvp-hint-text">{ hint.text.clone() }</span>
                        { for hint.offers.iter().filter(|o| match o { Offer::Lesson(_) => offered.contains(&ActTab::Lesson), Offer::AddClaim => offered.contains(&ActTab::Objects), Offer::Step => true }).map(|o| offer(*o)) }
                    </p>
                }
            </div>
            <div class="pvp-pane-switch" role="group" aria-label="Pane shown" ref={switch}>
                { pane_button(Pane::See, "See", see_tab.label()) }
                { pane_button(Pane::Act, "Act", act_tab.label()) }
            </div>
            <div class="pvp-panes" data-pane={pane_id} data-act={act_tab.id()}>
                <section class="pvp-pane pvp-see" aria-label="See: what the cluster did" ref={see_section}>
                    <SeePane cluster={cluster} claims={claims} selected={selected}
                             last_pass={session.last_pass.clone()} passes={session.passes}
                             readonly={props.readonly} tab={*see_tab} on_tab={show_see}
                             on_action={props.on_action.clone()} />
                </section>
                <section class="pvp-pane pvp-act" aria-label="Act: change the cluster">
                    <div class="pvp-pane-tabs">
                        <h2 class="pvp-pane-title">{ "Act" }</h2>
                        <Tabs label="Ways to change the cluster" prefix={(*prefix).clone()} tabs={offered_tabs}
                              selected={act_tab.id()} on_select={on_act_tab} />
                    </div>
                    { for offered.iter().map(|t| panel(*t)) }
                </section>
            </div>
        </>
    }
}
