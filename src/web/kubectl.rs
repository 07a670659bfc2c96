//! kubectl's views of the cluster as real tables: `kubectl get pv`, `kubectl get pvc -A`, and
//! the events `kubectl describe` lists, and why each volume fits the followed claim. The cells
//! come from `manifest::tables`, the event log and the explanation; this module only lays
//! them out, a page of rows at a time (a table computes the rows it shows, not the 10,000 it
//! has).

use super::pages::use_pages;
use super::ClusterIdentity;
use pv_core::manifest::tables::{self, human_duration};
use pv_engine::events::Event;
use pv_engine::explain::VolumeVerdict;
use pv_engine::objects::Kind;
use std::rc::Rc;
use yew::prelude::*;

fn table_html(command: &str, headers: &[&str], rows: &[Vec<String>], nav: Html) -> Html {
    html! {
        <>
            <table class="pvp-kubectl">
                <caption><code>{ format!("$ {command}") }</code></caption>
                <thead>
                    <tr>{ for headers.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|cell| html! { <td>{ cell }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
            { nav }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClusterTableProps {
    pub command: AttrValue,
    pub cluster: ClusterIdentity,
    /// `PersistentVolume` (`kubectl get pv`) or `PersistentVolumeClaim` (`get pvc -A`).
    pub kind: Kind,
}

/// `kubectl get pv` or `kubectl get pvc -A` of the cluster, computing only the page shown.
#[function_component(ClusterTable)]
pub fn cluster_table(props: &ClusterTableProps) -> Html {
    let ClusterIdentity(cluster) = &props.cluster;
    let pages = use_pages(cluster.count_of(props.kind), "rows");
    let range = pages.range.clone();
    let table = use_memo(
        (props.cluster.clone(), props.kind, range.clone()),
        |(ClusterIdentity(c), kind, range)| {
            let (skip, take) = (range.start, range.len());
            match kind {
                Kind::PersistentVolumeClaim => tables::persistent_volume_claims(
                    c.claims().skip(skip).take(take),
                    c.now(),
                    true,
                ),
                _ => tables::persistent_volumes(c.volumes().skip(skip).take(take), c.now()),
            }
        },
    );
    table_html(&props.command, &table.headers, &table.rows, pages.nav)
}

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub cluster: ClusterIdentity,
}

/// The event log as `kubectl describe` shows events: type, reason, age, from, object, message.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let ClusterIdentity(cluster) = &props.cluster;
    let now = cluster.now();
    let all = cluster.events().all();
    let pages = use_pages(all.len(), "events");
    let age = |e: &Event| {
        let last = human_duration(e.last_timestamp.seconds_until(now));
        if e.count > 1 {
            let first = human_duration(e.first_timestamp.seconds_until(now));
            format!("{last} (x{} over {first})", e.count)
        } else {
            last
        }
    };
    html! {
        <>
        <table class="pvp-kubectl pvp-events">
            <caption><code>{ "Events" }</code></caption>
            <thead>
                <tr>
                    { for ["Type", "Reason", "Age", "From", "Object", "Message"].iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                </tr>
            </thead>
            <tbody>
                { for all[pages.range].iter().map(|e| html! {
                    <tr data-reason={e.reason.clone()}>
                        <td>{ format!("{:?}", e.type_) }</td>
                        <td>{ &e.reason }</td>
                        <td>{ age(e) }</td>
                        <td>{ e.source }</td>
                        <td>{ e.object.to_string() }</td>
                        <td>{ &e.message }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        { pages.nav }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct VolumeVerdictsProps {
    pub verdicts: Rc<Vec<VolumeVerdict>>,
}

/// Why each volume did or did not fit the followed claim, a page at a time.
#[function_component(VolumeVerdicts)]
pub fn volume_verdicts(props: &VolumeVerdictsProps) -> Html {
    let pages = use_pages(props.verdicts.len(), "volumes");
    html! {
        <>
            <ul>
                { for props.verdicts[pages.range].iter().map(|verdict| html! {
                    <li data-volume={verdict.volume.clone()} class={classes!(verdict.chosen.then_some("pvp-chosen"))}>
                        <strong>{ &verdict.volume }</strong>{ ": " }{ &verdict.reason }
                    </li>
                }) }
            </ul>
            { pages.nav }
        </>
    }
}
