//! The *see* pane: the claim followed and, as tabs, its flowchart with the why-list and the
//! last pass, the cluster graph, the volume lifecycle, kubectl's tables and the events. It
//! stays in view while the act pane changes things; only the tab shown is drawn.

use super::cluster_graph::ClusterGraphView;
use super::flow::FlowPanel;
use super::kubectl::{EventLog, KubectlTable, LazyTable};
use super::lifecycle::LifecycleView;
use super::tabs::{TabPanel, TabSpec, Tabs};
use super::ClusterIdentity;
use pv_core::manifest::tables;
use pv_core::picker;
use pv_core::session::Action;
use pv_core::workspace::SeeTab;
use pv_engine::objects::Kind;
use pv_engine::trace::PassTrace;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClaimPickerProps {
    pub claims: Rc<Vec<String>>,
    pub selected: AttrValue,
    pub on_action: Callback<Action>,
}

/// The claim the flowchart follows, chosen by name. Past `picker::MAX_LISTED` claims a
/// search field comes first and the list holds the claims matching it (and the one
/// followed), with a line saying how many more match: a list of 10,000 options is slow to
/// draw and no way to find one.
#[function_component(ClaimPicker)]
pub fn claim_picker(props: &ClaimPickerProps) -> Html {
    let id = use_memo((), |_| super::unique_prefix("claim"));
    let query = use_state(String::new);
    let choices = use_memo(
        (props.claims.clone(), (*query).clone(), props.selected.clone()),
        |(claims, query, selected)| picker::choose(claims, query, selected),
    );
    let on_pick = props.on_action.reform(|event: Event| {
        Action::Select(
            event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default(),
        )
    });
    let select = |described_by: Option<String>| {
        html! {
            <select id={id.to_string()} onchange={on_pick.clone()} disabled={props.claims.is_empty()}
                    aria-describedby={described_by}
                    title={props.claims.is_empty().then_some("There is no claim to follow yet")}>
                { for choices.listed.iter().map(|&i| {
                    let c = &props.claims[i];
                    html! { <option key={c.as_str()} value={c.clone()} selected={*c == props.selected}>{ c }</option> }
                }) }
            </select>
        }
    };
    if !choices.searchable {
        return html! {
            <p class="pvp-picker">
                <label for={id.to_string()}>{ "Claim" }</label>
                { select(None) }
            </p>
        };
    }
    let (search_id, count_id) = (format!("{id}-find"), format!("{id}-count"));
    let on_search = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let summary = choices.summary(props.claims.len(), &query, &props.selected);
    html! {
        <div class="pvp-picker pvp-picker-search">
            // Each label stays beside its field when the row wraps (390 px).
            <span class="pvp-picker-field">
                <label for={search_id.clone()}>{ "Find a claim" }</label>
                <input type="search" id={search_id} value={(*query).clone()} oninput={on_search}
                       placeholder="namespace/name" autocomplete="off" spellcheck="false"
                       aria-describedby={count_id.clone()} />
            </span>
            <span class="pvp-picker-field">
                <label for={id.to_string()}>{ "Claim" }</label>
                { select(Some(count_id.clone())) }
            </span>
            <p class="pvp-picker-count" id={count_id} aria-live="polite">{ summary }</p>
        </div>
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

/// What kubectl shows: `get pv`, `get pvc -A` and the events, a page at a time: a page's rows
/// are made when it is shown, from the cluster of the moment.
#[function_component(KubectlTables)]
pub fn kubectl_tables(props: &KubectlTablesProps) -> Html {
    let tables = use_memo(props.cluster.clone(), |ClusterIdentity(c)| {
        let now = c.now();
        let volumes = {
            let c = c.clone();
            LazyTable::new(c.count_of(Kind::PersistentVolume), move |range| {
                tables::persistent_volumes(c.volumes_from(range.start).take(range.len()), now)
            })
        };
        let claims = {
            let c = c.clone();
            LazyTable::new(c.count_of(Kind::PersistentVolumeClaim), move |range| {
                let page = c.claims_from(range.start).take(range.len());
                tables::persistent_volume_claims(page, now, true)
            })
        };
        (volumes, claims)
    });
    let (pv_table, pvc_table) = (*tables).clone();
    html! {
        // Focusable: it scrolls sideways on narrow screens, and keyboard users must reach it.
        <section class="pvp-cluster" aria-label="What kubectl shows" tabindex="0">
            if props.tables {
                <KubectlTable command="kubectl get pv" table={pv_table} />
                <KubectlTable command="kubectl get pvc -A" table={pvc_table} />
            }
            if props.events {
                <EventLog cluster={props.cluster.clone()} />
            }
        </section>
    }
}
