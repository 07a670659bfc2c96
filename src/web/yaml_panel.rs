//! The YAML panel: paste manifests and apply them all or nothing (each problem shown with its
//! line and column, the typed text kept), and see, copy or share the cluster as YAML. What a
//! text means is `Session::prepare_apply`'s; this component renders it and dispatches. A large
//! text (or a large cluster) is applied by the page's worker (`jobs`), with progress and
//! Cancel, and the result adopted as one undoable change.

use super::jobs::{use_job, Input, JobProgress};
use super::persistence;
use super::SessionState;
use pv_core::jobs::{needs_worker, Applied};
use pv_core::manifest;
use pv_core::session::{Action, Adopted, Problem};
use pv_engine::Cluster;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct YamlPanelProps {
    pub session: UseReducerHandle<SessionState>,
    /// Offer "Share" (the standalone page; an embedded widget must not touch its host's URL).
    #[prop_or(false)]
    pub share: bool,
    /// A read-only widget shows the state but applies nothing.
    #[prop_or(false)]
    pub readonly: bool,
    /// Told the manifests' text as it is typed (the console's `kubectl apply -f -` reads it).
    #[prop_or_default]
    pub on_text: Callback<String>,
}

/// What the last Apply did, for the status line.
#[derive(Clone, PartialEq)]
enum Outcome {
    Applied {
        objects: usize,
        skipped: Vec<String>,
    },
    Refused(Vec<Problem>),
    /// The learner changed the playground while the worker applied the text.
    Stale,
    /// The worker could not do it; the text can be applied by the page itself instead.
    Failed(String),
}

impl Outcome {
    fn of(applied: Applied) -> (Outcome, Option<(pv_core::session::Snapshot, Option<String>)>) {
        let names = |skipped: Vec<manifest::Skipped>| {
            skipped
                .iter()
                .map(|s| format!("{} {}", s.kind, s.name))
                .collect()
        };
        match applied {
            Applied::Changed {
                next,
                objects,
                skipped,
                created,
            } => (
                Outcome::Applied {
                    objects,
                    skipped: names(skipped),
                },
                Some((next, created)),
            ),
            Applied::Unchanged { skipped } => (
                Outcome::Applied {
                    objects: 0,
                    skipped: names(skipped),
                },
                None,
            ),
            Applied::Refused { problems, .. } => (Outcome::Refused(problems), None),
        }
    }
}

#[function_component(YamlPanel)]
pub fn yaml_panel(props: &YamlPanelProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("yaml"));
    let (input_id, state_id, heading_id) = (
        format!("{ids}-manifests"),
        format!("{ids}-state"),
        format!("{ids}-heading"),
    );
    let input = use_node_ref();
    let outcome = use_state(|| None::<Outcome>);
    let job = use_job();
    // The cluster the page holds now, for a job that ends after later renders.
    let current = use_mut_ref(|| props.session.cluster.clone());
    *current.borrow_mut() = props.session.cluster.clone();
    let notice = use_state(|| None::<String>);
    let cluster = props.session.cluster.clone();
    // The state as YAML is written only while shown: with hundreds of objects, writing it
    // and setting a text area's value on every change cost most of a redraw.
    let show_state = use_state(|| false);
    let state_yaml = use_memo(
        (super::ClusterIdentity(cluster.clone()), *show_state),
        |(super::ClusterIdentity(c), shown)| shown.then(|| manifest::to_yaml(&c.objects())),
    );
    let on_toggle_state = {
        let show_state = show_state.clone();
        Callback::from(move |_: MouseEvent| show_state.set(!*show_state))
    };

    // The console's `kubectl apply -f -` reads the text: told on every input (a paste is one).
    let on_input = {
        let on_text = props.on_text.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                // A text the worker will apply: it starts while the learner reaches for Apply.
                if pv_core::jobs::needs_worker(area.text_length() as usize, 0) {
                    super::worker::prepare();
                }
                on_text.emit(area.value());
            }
        })
    };
    // Here, at once: the learner's own small edits, or a retry after the worker failed.
    let apply_here = {
        let (session, input, outcome) = (props.session.clone(), input.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let plan = session.prepare_apply(&area.value());
            let skipped = plan
                .skipped
                .iter()
                .map(|s| format!("{} {}", s.kind, s.name))
                .collect();
            if !plan.problems.is_empty() {
                outcome.set(Some(Outcome::Refused(plan.problems)));
                return;
            }
            let Some(checked) = plan.checked else {
                return;
            };
            let objects = checked.writes().len();
            if objects > 0 {
                session.dispatch(Action::Commit(Box::new(checked)));
            }
            outcome.set(Some(Outcome::Applied { objects, skipped }));
        })
    };
    let on_apply = {
        let (session, input, outcome, job) = (
            props.session.clone(),
            input.clone(),
            outcome.clone(),
            job.clone(),
        );
        let (apply_here, current) = (apply_here.clone(), current.clone());
        Callback::from(move |event: MouseEvent| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else {
                return;
            };
            // In UTF-16 units: close enough to bytes to choose where the work runs.
            let size = area.text_length() as usize;
            if !needs_worker(size, session.cluster.object_count()) {
                job.cancel();
                return apply_here.emit(event);
            }
            outcome.set(None);
            // The text stays a JavaScript string: the worker reads it, the page never copies it.
            let text = js_sys::Reflect::get(&area, &"value".into()).unwrap_or(JsValue::NULL);
            let base: Rc<Cluster> = session.cluster.clone();
            let (session, outcome, current) = (session.clone(), outcome.clone(), current.clone());
            job.start::<Applied>(
                Input::Apply {
                    base: session.session.clone(),
                    text,
                },
                move |answer| {
                    let result = match answer {
                        Err(why) => Outcome::Failed(why),
                        Ok(_) if !Rc::ptr_eq(&current.borrow(), &base) => Outcome::Stale,
                        Ok(applied) => {
                            let (result, next) = Outcome::of(applied);
                            if let Some((next, created)) = next {
                                session.dispatch(Action::Adopt(Box::new(Adopted {
                                    base,
                                    next,
                                    created,
                                })));
                            }
                            result
                        }
                    };
                    outcome.set(Some(result));
                },
            );
        })
    };
    let on_copy = {
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let (yaml, notice) = (manifest::to_yaml(&cluster.objects()), notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                notice.set(Some(match persistence::copy_text(&yaml).await {
                    Ok(()) => "YAML copied to the clipboard.".to_owned(),
                    Err(why) => format!("Could not copy: {why}. Select the text and copy it."),
                }));
            });
        })
    };
    let on_share = {
        let (session, notice) = (props.session.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            let (session, notice) = ((*session).clone(), notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let message = match persistence::share(&session).await {
                    Ok(link) => match persistence::copy_text(&link).await {
                        Ok(()) => "Link copied: it opens this state.".to_owned(),
                        Err(why) => format!(
                            "The address bar now holds a link to this state (could not copy it: {why})."
                        ),
                    },
                    Err(why) => format!("Could not make a link: {why}."),
                };
                notice.set(Some(message));
            });
        })
    };

    let result = match &*outcome {
        None => html! {},
        Some(Outcome::Applied { objects, skipped }) => html! {
            <div class="pvp-yaml-result" role="status">
                <p>{ format!("Applied {objects} object{}.", if *objects == 1 { "" } else { "s" }) }</p>
                if !skipped.is_empty() {
                    <p>{ format!("Skipped (kinds the simulator does not model): {}", skipped.join(", ")) }</p>
                }
            </div>
        },
        Some(Outcome::Refused(problems)) => html! {
            <div class="pvp-yaml-result pvp-yaml-errors" role="alert">
                <p>{ "Nothing was applied:" }</p>
                <ul>{ for problems.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }</ul>
            </div>
        },
        Some(Outcome::Stale) => html! {
            <div class="pvp-yaml-result pvp-yaml-errors" role="alert">
                <p>{ "Nothing was applied: the playground changed while the YAML was being applied. Apply it again to apply it to the playground as it is now." }</p>
            </div>
        },
        Some(Outcome::Failed(why)) => html! {
            <div class="pvp-yaml-result pvp-yaml-errors" role="alert">
                <p>{ format!("Nothing was applied. {why} The playground is as it was.") }</p>
                <p>
                    <button type="button" onclick={apply_here.clone()}>{ "Apply on this page instead" }</button>
                    { " (the page will not respond until it is done)" }
                </p>
            </div>
        },
    };
    html! {
        <section class="pvp-yaml" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ "YAML" }</h2>
            if !props.readonly {
                <label for={input_id.clone()}>{ "Manifests" }</label>
                // Not bound to a state: a pasted dump of megabytes stays in the text area alone.
                // autocomplete="off": Chromium copies every form field's text into the history
                // entry on each address change (a tab switch names the tab there), 80 ms and
                // more for megabytes of pasted YAML (the price: Back after leaving the page does
                // not bring the text back).
                <textarea id={input_id} ref={input} class="pvp-yaml-input" rows="10" spellcheck="false"
                          autocomplete="off" oninput={on_input}
                          placeholder={"apiVersion: v1\nkind: PersistentVolumeClaim\n…"} />
                <p class="pvp-yaml-actions">
                    <button type="button" onclick={on_apply}>{ "Apply" }</button>
                </p>
                <JobProgress job={job.clone()} what="Applying the YAML" />
                { result }
            }
            if let Some(yaml) = &*state_yaml {
                <label for={state_id.clone()}>{ "Current state as YAML" }</label>
                <textarea id={state_id.clone()} class="pvp-yaml-state" rows="10" readonly=true
                          spellcheck="false" autocomplete="off" value={yaml.clone()} />
            }
            <p class="pvp-yaml-actions">
                <button type="button" onclick={on_toggle_state} aria-expanded={show_state.to_string()}
                        aria-controls={state_id}>
                    { if *show_state { "Hide the state as YAML" } else { "Show the state as YAML" } }
                </button>
                <button type="button" onclick={on_copy}>{ "Copy YAML" }</button>
                if props.share {
                    <button type="button" onclick={on_share}>{ "Share" }</button>
                }
            </p>
            if let Some(message) = &*notice {
                <p class="pvp-yaml-notice" role="status">{ message }</p>
            }
        </section>
    }
}
