//! The control loop's controls: Step (one pass of every controller), Run to steady state,
//! Undo and Redo, step mode, and ways to start over; with where the loop is, in words. A
//! button that cannot act says why in its title. It sends the session's actions.

use pv_core::session::{Action, Session};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub settled: bool,
    pub passes: usize,
    pub step_mode: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// The standalone demo (its restart and the demo from scratch), or a widget's own start.
    #[prop_or_default]
    pub start_over: Option<Rc<Session>>,
    /// Offer an empty cluster to build from (where objects can be added).
    #[prop_or(false)]
    pub offer_empty: bool,
    pub on_action: Callback<Action>,
}

use std::rc::Rc;

/// The loop's progress in words.
fn progress(settled: bool, passes: usize) -> String {
    let count = |n: usize| {
        if n == 1 {
            "1 controller pass".to_owned()
        } else {
            format!("{n} controller passes")
        }
    };
    match (settled, passes) {
        (true, 0) => "Steady state: the controllers have nothing to do.".to_owned(),
        (true, n) => format!("Steady state after {}.", count(n)),
        (false, 0) => "Objects created; no controller has run yet.".to_owned(),
        (false, n) => format!("After {}; still changing.", count(n)),
    }
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let menu = use_node_ref();
    let send = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    // A choice in the menu closes it.
    let choose = |action: Action| {
        let (menu, on_action) = (menu.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(details) = menu.cast::<web_sys::Element>() {
                let _ = details.remove_attribute("open");
            }
            on_action.emit(action.clone());
        })
    };
    let on_step_mode = props.on_action.reform(|event: Event| {
        let on = event
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .is_some_and(|i| i.checked());
        Action::SetStepMode(on)
    });
    let idle = "Nothing to run: the controllers are at a steady state";
    // In step mode the learner steps; otherwise changes settle at once and Step is a detail.
    let step_first = props.step_mode && !props.settled;
    html! {
        <div class="pvp-controls" role="group" aria-label="Control loop">
            <button type="button" class={classes!(step_first.then_some("pvp-primary"))}
                    onclick={send(Action::Step)} disabled={props.settled}
                    title={props.settled.then_some(idle)}>{ "Step" }</button>
            <button type="button" onclick={send(Action::Settle)} disabled={props.settled}
                    title={props.settled.then_some(idle)}>{ "Run to steady state" }</button>
            <button type="button" onclick={send(Action::Undo)} disabled={!props.can_undo}
                    title={(!props.can_undo).then_some("Nothing to undo")}
                    aria-keyshortcuts="Control+Z">{ "Undo" }</button>
            <button type="button" onclick={send(Action::Redo)} disabled={!props.can_redo}
                    title={(!props.can_redo).then_some("Nothing to redo")}
                    aria-keyshortcuts="Control+Shift+Z">{ "Redo" }</button>
            <label class="pvp-step-mode">
                <input type="checkbox" checked={props.step_mode} onchange={on_step_mode} />
                { "Step mode" }
                <span class="pvp-visually-hidden">{ ": changes wait for Step" }</span>
            </label>
            <details class="pvp-menu" ref={menu.clone()}>
                <summary>{ "Start over" }</summary>
                <div class="pvp-menu-items">
                    { for props.start_over.as_ref().map(|start| html! {
                        <button type="button" onclick={choose(Action::Load(Box::new((**start).clone())))}>
                            { "Start over from the beginning" }
                        </button>
                    }) }
                    if props.start_over.is_none() {
                        <button type="button" onclick={choose(Action::Restart)}>{ "Restart the demo" }</button>
                        <button type="button" onclick={choose(Action::Load(Box::new(Session::demo_stepping())))}>
                            { "Watch the demo being built, pass by pass" }
                        </button>
                    }
                    if props.offer_empty {
                        <button type="button" onclick={choose(Action::Load(Box::new(Session::empty())))}>{ "Start empty" }</button>
                    }
                </div>
            </details>
            <span class="pvp-progress" aria-live="polite">{ progress(props.settled, props.passes) }</span>
        </div>
    }
}
