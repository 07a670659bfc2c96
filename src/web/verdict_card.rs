//! `VerdictCard`: one verdict of Diagnose as a card that reads the same at 1280 and 390 px —
//! the object and its severity, Kubernetes' reason and message, what the claim asks for (`""`
//! and unset told apart), the evidence, the near misses, and the fix: its notes, its kubectl
//! commands (copyable) and a button that simulates it in the playground. It renders what
//! `pv_core::diagnose` computed; the Simulate click is handed up.

use pv_core::diagnose::{Outcome, Severity, Verdict};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictCardProps {
    pub verdict: Verdict,
    /// What simulating its fix gave, once asked.
    #[prop_or_default]
    pub outcome: Option<Outcome>,
    /// Simulates the fix (and loads it into the playground); None: no button.
    #[prop_or_default]
    pub on_simulate: Option<Callback<()>>,
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Stuck => "pvp-verdict pvp-verdict-stuck",
        Severity::Waiting => "pvp-verdict pvp-verdict-waiting",
        Severity::Idle => "pvp-verdict pvp-verdict-idle",
    }
}

#[function_component(VerdictCard)]
pub fn verdict_card(props: &VerdictCardProps) -> Html {
    let v = &props.verdict;
    let ids = use_memo((), |_| super::unique_prefix("verdict"));
    let title_id = format!("{ids}-title");
    let copied = use_state(|| None::<String>);
    let title = v.title();

    let facts = v.claim.as_ref().map(|c| {
        let request = if c.request.is_empty() {
            "none".to_owned()
        } else {
            c.request.clone()
        };
        html! {
            <dl class="pvp-verdict-facts">
                <dt>{ "Class" }</dt><dd><code>{ c.class.text() }</code></dd>
                <dt>{ "Request" }</dt><dd>{ request }</dd>
                <dt>{ "Access modes" }</dt><dd>{ c.access_modes.clone() }</dd>
                if let Some(selector) = &c.selector {
                    <dt>{ "Selector" }</dt><dd><code>{ selector.clone() }</code></dd>
                }
                if !c.volume_name.is_empty() {
                    <dt>{ "Volume named" }</dt><dd><code>{ c.volume_name.clone() }</code></dd>
                }
                <dt>{ "Status" }</dt><dd>{ c.status.clone() }</dd>
                // Only a claim still looking for a volume has one that would fit.
                if let Some(fit) = &c.fit {
                    <dt>{ "Volume that would fit" }</dt><dd>{ fit.text() }</dd>
                }
            </dl>
        }
    });

    let near_misses = (!v.near_misses.is_empty()).then(|| {
        html! {
            <>
                <h4>{ "Near misses" }</h4>
                <ul class="pvp-verdict-misses">
                    { for v.near_misses.iter().map(|m| html! {
                        <li>
                            <code>{ m.volume.clone() }</code>{ ": " }{ m.reason.clone() }
                            if !m.also.is_empty() {
                                <span class="pvp-verdict-also">{ format!("; also {}", m.also.join("; ")) }</span>
                            }
                        </li>
                    }) }
                </ul>
            </>
        }
    });

    let fix = match &v.fix {
        None => {
            html! { <p class="pvp-verdict-nofix">{ v.without_fix() }</p> }
        }
        Some(fix) => {
            let commands = fix.kubectl();
            let copy = {
                let (commands, copied) = (commands.clone(), copied.clone());
                Callback::from(move |_: MouseEvent| {
                    let (commands, copied) = (commands.clone(), copied.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        copied.set(Some(match super::persistence::copy_text(&commands).await {
                            Ok(()) => "Commands copied to the clipboard.".to_owned(),
                            Err(why) => {
                                format!("Not copied: {why}; select the commands and copy them.")
                            }
                        }));
                    });
                })
            };
            let simulate = props
                .on_simulate
                .clone()
                .map(|cb| Callback::from(move |_: MouseEvent| cb.emit(())));
            html! {
                <div class="pvp-fix">
                    <h4>{ "Fix" }</h4>
                    <p class="pvp-fix-summary">{ fix.summary.clone() }</p>
                    if !fix.notes.is_empty() {
                        <ul class="pvp-fix-notes">
                            { for fix.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                        </ul>
                    }
                    if !fix.steps.is_empty() {
                        // Focusable: long commands scroll sideways inside the card.
                        <pre class="pvp-fix-commands" tabindex="0" aria-label={format!("kubectl commands for {title}")}><code>{ commands }</code></pre>
                    }
                    <p class="pvp-fix-actions">
                        if !fix.steps.is_empty() {
                            <button type="button" onclick={copy} aria-label={format!("Copy the commands for {title}")}>{ "Copy the commands" }</button>
                        }
                        if let Some(simulate) = simulate {
                            <button type="button" onclick={simulate} aria-label={format!("Simulate the fix for {title}")}>{ "Simulate the fix" }</button>
                        }
                        <span class="pvp-fix-status" aria-live="polite">{ (*copied).clone().unwrap_or_default() }</span>
                    </p>
                    if let Some(outcome) = &props.outcome {
                        { outcome_view(outcome) }
                    }
                </div>
            }
        }
    };

    html! {
        <article class={severity_class(v.severity)} aria-labelledby={title_id.clone()}>
            <header class="pvp-verdict-head">
                <h3 id={title_id}>{ title.clone() }</h3>
                <span class="pvp-verdict-severity">{ v.severity.word() }</span>
                <span class="pvp-verdict-age" title="age, counted back from the newest timestamp in the dump">{ v.age() }</span>
            </header>
            <p class="pvp-verdict-message">
                if !v.reason.is_empty() {
                    <strong>{ v.reason.clone() }</strong>{ ": " }
                }
                { v.message.clone() }
            </p>
            { for facts }
            if !v.evidence.is_empty() {
                <h4>{ "Why" }</h4>
                <ul class="pvp-verdict-evidence">
                    { for v.evidence.iter().map(|e| html! { <li>{ e.clone() }</li> }) }
                </ul>
            }
            { for near_misses }
            { fix }
        </article>
    }
}

fn outcome_view(outcome: &Outcome) -> Html {
    let (class, head) = match (&outcome.refused, outcome.resolved) {
        (Some(_), _) => (
            "pvp-fix-outcome pvp-fix-failed",
            "✗ Refused in the simulator",
        ),
        (None, true) => (
            "pvp-fix-outcome pvp-fix-resolved",
            "✓ Resolved in the simulator",
        ),
        (None, false) => (
            "pvp-fix-outcome pvp-fix-failed",
            "✗ Not resolved in the simulator",
        ),
    };
    html! {
        <div class={class} role="status">
            <strong>{ head }</strong>
            if let Some(refused) = &outcome.refused {
                <p>{ refused.clone() }</p>
            }
            <ul>{ for outcome.after.iter().map(|a| html! { <li>{ a.clone() }</li> }) }</ul>
            <p class="pvp-fix-loaded">{ "The playground now holds the dump with this fix applied; Undo there walks the fix back a request at a time." }</p>
        </div>
    }
}
