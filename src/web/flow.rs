//! The followed claim's story: its live flowchart (the route it took, where and why it is
//! blocked, the last pass lit up controller by controller), its phase, what holds it, the
//! pods that use it, and why each volume did or did not fit. Everything shown is computed by
//! the core (`explain_claim`, `live_flowchart`, `pass_on_flowchart`) and memoised on the
//! cluster's identity; this renders it and sends the learner's deletes as actions.

use super::diagram_view::DiagramView;
use super::mermaid::MermaidExport;
use super::see::ClaimPicker;
use super::ClusterIdentity;
use pv_core::diagram::{layout, live_flowchart, pass_on_flowchart, LayoutOptions, PassOnFlowchart};
use pv_core::session::Action;
use pv_engine::events::EventType;
use pv_engine::explain::{ClaimExplanation, Verdicts};
use pv_engine::objects::{Kind, ObjectKey};
use pv_engine::trace::PassTrace;
use std::rc::Rc;
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

#[derive(Properties, PartialEq)]
pub struct FlowPanelProps {
    pub cluster: ClusterIdentity,
    /// The claim followed (`namespace/name`); empty when the cluster has none.
    pub claim: AttrValue,
    /// The claims to choose from, for the picker above the story (none: no picker).
    #[prop_or_default]
    pub claims: Option<Rc<Vec<String>>>,
    /// The last Step's pass, to light up; None after any other change.
    #[prop_or_default]
    pub last_pass: Option<Rc<PassTrace>>,
    /// Passes run so far (the lighting replays with each new one).
    #[prop_or_default]
    pub passes: usize,
    /// Offer Delete buttons (not in a read-only widget).
    #[prop_or(true)]
    pub editable: bool,
    pub on_action: Callback<Action>,
}

/// A phase as a pill: the word, always, with its colour as a second signal.
#[derive(Properties, PartialEq)]
pub struct PillProps {
    pub phase: AttrValue,
}

#[function_component(Pill)]
pub fn pill(props: &PillProps) -> Html {
    html! { <span class="pvp-pill" data-phase={props.phase.clone()}>{ props.phase.clone() }</span> }
}

#[function_component(FlowPanel)]
pub fn flow_panel(props: &FlowPanelProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("flow-panel"));
    let (why_id, pass_id) = (format!("{ids}-why"), format!("{ids}-pass"));
    let view = use_memo(
        (props.cluster.clone(), props.claim.clone()),
        |(ClusterIdentity(cluster), claim)| {
            let (namespace, name) = claim.split_once('/')?;
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
    let pass = use_memo(
        (
            props.cluster.clone(),
            props.claim.clone(),
            props.last_pass.clone(),
        ),
        |(ClusterIdentity(cluster), claim, trace)| {
            let trace = trace.as_ref()?;
            let (namespace, name) = claim.split_once('/')?;
            let explanation = cluster
                .explainer()
                .explain(namespace, name, Verdicts::First(0))?;
            Some(Rc::new(pass_on_flowchart(trace, &explanation)))
        },
    );
    let picker = props.claims.as_ref().map(|claims| {
        html! { <ClaimPicker claims={claims.clone()} selected={props.claim.clone()} on_action={props.on_action.clone()} /> }
    });
    let Some(v) = view.as_ref() else {
        return html! {
            <>
                { for picker }
                <p class="pvp-empty">{ "No claim to show: add a PersistentVolumeClaim (Objects, YAML or a lesson) and its story appears here." }</p>
            </>
        };
    };
    let send = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    let pass = (*pass).clone();
    // Numbers follow the controllers that touched this claim, in the pass's order.
    let marks = pass.as_ref().map(|p| {
        Rc::new(
            active_order(p)
                .into_iter()
                .flat_map(|(step, n)| p.steps[step].boxes.iter().map(move |b| (*b, n)))
                .fold(Vec::<(&'static str, usize)>::new(), |mut out, (b, n)| {
                    if !out.iter().any(|(seen, _)| *seen == b) {
                        out.push((b, n));
                    }
                    out
                }),
        )
    });
    let e = &v.explanation;
    html! {
        <div class="pvp-flow">
            <figure class="pvp-figure">
                <DiagramView
                    graph={v.graph.clone()}
                    layout={v.layout.clone()}
                    highlight={Some(v.path.clone())}
                    title={format!("How {} gets a volume", e.claim)}
                    pass_marks={marks}
                    pass_key={props.passes}
                />
            </figure>
            <div class="pvp-flow-details">
                { for picker }
                <p class="pvp-phase">
                    { format!("{} is ", e.claim) }
                    <Pill phase={if v.terminating { format!("{} (Terminating)", e.phase) } else { e.phase.to_string() }} />
                    <span class="pvp-requirements">{ format!(" · {}", e.requirements) }</span>
                </p>
                if let Some(note) = &e.note {
                    <p class="pvp-note">{ note }</p>
                }
                // Its StatefulSet, its owners, an expansion under way (§17, §19, §20).
                if !e.notes.is_empty() {
                    <ul class="pvp-notes">
                        { for e.notes.iter().map(|note| html! { <li>{ note.text() }</li> }) }
                    </ul>
                }
                if let Some((_, message)) = &v.path.blocked {
                    <p class="pvp-blocked-reason" role="status">{ format!("Blocked: {message}") }</p>
                }
                if !e.pods.is_empty() {
                <ul class="pvp-objects" aria-label="Pods using this claim">
                    { for e.pods.iter().map(|p| html! {
                        <li class="pvp-pod">
                            { format!("Used by pod {}", p.pod) }
                            { p.node.as_ref().map(|n| format!(" on {n}")).unwrap_or_default() }
                            // Why it is not running yet (FailedScheduling, in the scheduler's words).
                            { p.problem.as_ref().map(|m| format!(": {m}")).unwrap_or_default() }
                            if props.editable {
                                <button type="button" onclick={send(Action::Delete(p.key.clone()))}
                                        aria-label={format!("Delete pod {}", p.pod)}>{ "Delete pod" }</button>
                            }
                        </li>
                    }) }
                </ul>
                }
                if props.editable {
                    <p class="pvp-claim-actions">
                        <button type="button" onclick={send(Action::Delete(v.claim_key.clone()))}
                                aria-label={format!("Delete claim {}", e.claim)}>{ "Delete claim" }</button>
                    </p>
                }
                if let Some(pass) = &pass {
                    <PassList pass={pass.clone()} heading_id={pass_id} passes={props.passes} />
                }
                <section class="pvp-why" aria-labelledby={why_id.clone()}>
                    <h3 id={why_id}>{ "Why each volume did or did not fit" }</h3>
                    if e.volumes.is_empty() {
                        <p>{ "There is no volume yet." }</p>
                    } else {
                        <ul>
                            { for e.volumes.iter().map(|verdict| html! {
                                <li data-volume={verdict.volume.clone()}
                                    class={classes!(verdict.chosen.then_some("pvp-chosen"), verdict.unmet.map(|_| "pvp-misfit"))}>
                                    <strong>{ &verdict.volume }</strong>{ ": " }{ &verdict.reason }
                                </li>
                            }) }
                        </ul>
                        if e.volumes_not_shown > 0 {
                            <p>{ format!("… and {} more volumes.", e.volumes_not_shown) }</p>
                        }
                    }
                </section>
                <MermaidExport what="flowchart" graph={v.graph.clone()} path={Some(v.path.clone())} />
            </div>
        </div>
    }
}

/// The steps that touched the claim, each with its number (1-based) in the pass's order.
fn active_order(pass: &PassOnFlowchart) -> Vec<(usize, usize)> {
    pass.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.boxes.is_empty() || !s.decisions.is_empty())
        .enumerate()
        .map(|(n, (step, _))| (step, n + 1))
        .collect()
}

#[derive(Properties, PartialEq)]
struct PassListProps {
    pass: Rc<PassOnFlowchart>,
    heading_id: AttrValue,
    passes: usize,
}

/// The last pass in words, controller by controller in the order they ran: what each did to
/// this claim, its volume and its pods, and the events it reported about them.
#[function_component(PassList)]
fn pass_list(props: &PassListProps) -> Html {
    let order = active_order(&props.pass);
    let number = |step: usize| order.iter().find(|(s, _)| *s == step).map(|(_, n)| *n);
    html! {
        <section class="pvp-pass" aria-labelledby={props.heading_id.clone()} key={props.passes.to_string()}>
            <h3 id={props.heading_id.clone()}>{ "The last pass, controller by controller" }</h3>
            <ol class="pvp-pass-steps">
                { for props.pass.steps.iter().enumerate().map(|(i, step)| {
                    let n = number(i);
                    let elsewhere = match step.elsewhere {
                        0 => String::new(),
                        1 => "1 change to other objects".to_owned(),
                        k => format!("{k} changes to other objects"),
                    };
                    html! {
                        <li class={classes!("pvp-pass-step", n.is_none().then_some("pvp-idle"))}
                            style={n.map(|n| format!("--pvp-step:{}", n - 1))}>
                            <span class="pvp-pass-number" aria-hidden="true">{ n.map(|n| n.to_string()).unwrap_or_else(|| "–".into()) }</span>
                            <strong>{ step.controller.name() }</strong>
                            if n.is_none() {
                                <span class="pvp-muted">{ if elsewhere.is_empty() { " did nothing here".to_owned() } else { format!(" did nothing to this claim ({elsewhere})") } }</span>
                            } else {
                                <ul>
                                    { for step.decisions.iter().map(|d| html! { <li>{ d }</li> }) }
                                    { for step.events.iter().map(|e| html! {
                                        <li class="pvp-pass-event">
                                            <span class={classes!("pvp-event-type", (e.type_ == EventType::Warning).then_some("pvp-warning"))}>
                                                { format!("{:?}", e.type_) }
                                            </span>
                                            { format!(" {} on {}: {}", e.reason, e.object, e.message) }
                                        </li>
                                    }) }
                                    if !elsewhere.is_empty() {
                                        <li class="pvp-muted">{ format!("and {elsewhere}") }</li>
                                    }
                                </ul>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
