//! The YAML panel: paste manifests and apply them all or nothing (each problem shown with its
//! line and column, the typed text kept), and see, copy or share the cluster as YAML. What a
//! text means is `Session::prepare_apply`'s; this component renders it and dispatches.

use super::persistence;
use super::SessionState;
use pv_core::manifest;
use pv_core::session::{Action, Problem};
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
}

#[function_component(YamlPanel)]
pub fn yaml_panel(props: &YamlPanelProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("yaml"));
    let (input_id, state_id, heading_id) = (
        format!("{ids}-manifests"),
        format!("{ids}-state"),
        format!("{ids}-heading"),
    );
    let text = use_state(String::new);
    let outcome = use_state(|| None::<Outcome>);
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

    let on_input = {
        let (text, on_text) = (text.clone(), props.on_text.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                on_text.emit(area.value());
                text.set(area.value());
            }
        })
    };
    let on_apply = {
        let (session, text, outcome) = (props.session.clone(), text.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let plan = session.prepare_apply(&text);
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
    };
    html! {
        <section class="pvp-yaml" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ "YAML" }</h2>
            if !props.readonly {
                <label for={input_id.clone()}>{ "Manifests" }</label>
                <textarea id={input_id} class="pvp-yaml-input" rows="10" spellcheck="false"
                          value={(*text).clone()} oninput={on_input}
                          placeholder={"apiVersion: v1\nkind: PersistentVolumeClaim\n…"} />
                <p class="pvp-yaml-actions">
                    <button type="button" onclick={on_apply}>{ "Apply" }</button>
                </p>
                { result }
            }
            if let Some(yaml) = &*state_yaml {
                <label for={state_id.clone()}>{ "Current state as YAML" }</label>
                <textarea id={state_id.clone()} class="pvp-yaml-state" rows="10" readonly=true
                          spellcheck="false" value={yaml.clone()} />
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
