//! The *see* pane: the claim followed and, as tabs, its flowchart with the why-list and the
//! last pass, the cluster graph, the volume lifecycle, kubectl's tables and the events. It
//! stays in view while the act pane changes things; only the tab shown is drawn.

use super::cluster_graph::ClusterGraphView;
use super::flow::FlowPanel;
use super::kubectl::{EventLog, KubectlTable};
use super::lifecycle::LifecycleView;
use super::tabs::{TabPanel, TabSpec, Tabs};
use super::ClusterIdentity;
use pv_core::manifest::tables;
use pv_core::session::Action;
use pv_core::workspace::SeeTab;
use pv_engine::trace::PassTrace;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClaimPickerProps {
    pub claims: Rc<Vec<String>>,
    pub selected: AttrValue,
    pub on_action: Callback<Action>,
}

/// The claim the flowchart follows, chosen by name.
#[function_component(ClaimPicker)]
pub fn claim_picker(props: &ClaimPickerProps) -> Html {
    let id = use_memo((), |_| super::unique_prefix("claim"));
    let on_pick = props.on_action.reform(|event: Event| {
        Action::Select(
            event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default(),
        )
    });
    html! {
        <p class="pvp-picker">
            <label for={id.to_string()}>{ "Claim" }</label>
            <select id={id.to_string()} onchange={on_pick} disabled={props.claims.is_empty()}
                    title={props.claims.is_empty().then_some("There is no claim to follow yet")}>
                { for props.claims.iter().map(|c| html! {
                    <option value={c.clone()} selected={*c == props.selected}>{ c }</option>
                }) }
            </select>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct SeePaneProps {
    pub cluster: ClusterIdentity,
    pub claims: Rc<Vec<String>>,
    /// The claim followed (`namespace/name`), empty when there is none.
    pub selected: AttrValue,
    #[prop_or_default]
    pub last_pass: Option<Rc<PassTrace>>,
    pub passes: usize,
    pub readonly: bool,
    pub tab: SeeTab,
    pub on_tab: Callback<SeeTab>,
    pub on_action: Callback<Action>,
}

#[function_component(SeePane)]
pub fn see_pane(props: &SeePaneProps) -> Html {
    let prefix = use_memo((), |_| super::unique_prefix("see"));
    let tabs = use_memo((), |_| {
        SeeTab::ALL
            .iter()
            .map(|t| TabSpec {
                id: t.id(),
                label: t.label(),
            })
            .collect::<Vec<_>>()
    });
    let on_select = props.on_tab.reform(|id: &'static str| {
        SeeTab::ALL
            .into_iter()
            .find(|t| t.id() == id)
            .unwrap_or(SeeTab::Flowchart)
    });
    // Choosing a claim in the graph follows it: its story is on the flowchart tab.
    let on_graph_action = {
        let (on_action, on_tab) = (props.on_action.clone(), props.on_tab.clone());
        Callback::from(move |action: Action| {
            if matches!(action, Action::Select(_)) {
                on_tab.emit(SeeTab::Flowchart);
            }
            on_action.emit(action);
        })
    };
    let panel = match props.tab {
        SeeTab::Flowchart => html! {
            <FlowPanel cluster={props.cluster.clone()} claim={props.selected.clone()}
                       claims={Some(props.claims.clone())}
                       last_pass={props.last_pass.clone()} passes={props.passes}
                       editable={!props.readonly} on_action={props.on_action.clone()} />
        },
        SeeTab::Graph => html! {
            <ClusterGraphView cluster={props.cluster.clone()} selected={props.selected.clone()}
                              on_action={on_graph_action} readonly={props.readonly} />
        },
        SeeTab::Lifecycle => html! { <LifecycleView cluster={props.cluster.clone()} /> },
        SeeTab::Tables => html! { <KubectlTables cluster={props.cluster.clone()} events=false /> },
        SeeTab::Events => html! { <KubectlTables cluster={props.cluster.clone()} tables=false /> },
    };
    html! {
        <>
            <div class="pvp-pane-tabs">
                <h2 class="pvp-pane-title">{ "See" }</h2>
                <Tabs label="What the cluster shows" prefix={(*prefix).clone()} tabs={tabs}
                      selected={props.tab.id()} on_select={on_select} />
            </div>
            <TabPanel prefix={(*prefix).clone()} id={props.tab.id()} class="pvp-see-panel">
                { panel }
            </TabPanel>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct KubectlTablesProps {
    pub cluster: ClusterIdentity,
    #[prop_or(true)]
    pub tables: bool,
    #[prop_or(true)]
    pub events: bool,
}

/// What kubectl shows: `get pv`, `get pvc -A` and the events, computed when the cluster
/// changes.
#[function_component(KubectlTables)]
pub fn kubectl_tables(props: &KubectlTablesProps) -> Html {
    let views = use_memo(props.cluster.clone(), |ClusterIdentity(c)| {
        let now = c.now();
        (
            Rc::new(tables::persistent_volumes(c.volumes(), now)),
            Rc::new(tables::persistent_volume_claims(c.claims(), now, true)),
            Rc::new(c.events().all().to_vec()),
            now,
        )
    });
    let (pv_table, pvc_table, events, now) = (*views).clone();
    html! {
        // Focusable: it scrolls sideways on narrow screens, and keyboard users must reach it.
        <section class="pvp-cluster" aria-label="What kubectl shows" tabindex="0">
            if props.tables {
                <KubectlTable command="kubectl get pv" table={pv_table} />
                <KubectlTable command="kubectl get pvc -A" table={pvc_table} />
            }
            if props.events {
                <EventLog events={events} now={now} />
            }
        </section>
    }
}
