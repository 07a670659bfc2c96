//! kubectl's views of the cluster as real tables: `kubectl get pv`, `kubectl get pvc -A`, and
//! the events `kubectl describe` lists. The cells come from `manifest::tables` and the event
//! log; this module only lays them out, a page of rows at a time (a cluster of 10,000 claims
//! draws 50 rows, so a redraw costs what is on screen).

use super::pages::use_pages;
use pv_core::manifest::tables::{human_duration, Table};
use pv_engine::events::Event;
use pv_engine::time::Timestamp;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KubectlTableProps {
    /// The command whose output this is, shown as the caption (`kubectl get pv`).
    pub command: AttrValue,
    pub table: Rc<Table>,
}

/// A kubectl table with its command as caption and the columns as header cells.
#[function_component(KubectlTable)]
pub fn kubectl_table(props: &KubectlTableProps) -> Html {
    let pages = use_pages(props.table.rows.len(), "rows");
    html! {
        <>
        <table class="pvp-kubectl">
            <caption><code>{ format!("$ {}", props.command) }</code></caption>
            <thead>
                <tr>{ for props.table.headers.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
            </thead>
            <tbody>
                { for props.table.rows[pages.range].iter().map(|row| html! {
                    <tr>{ for row.iter().map(|cell| html! { <td>{ cell }</td> }) }</tr>
                }) }
            </tbody>
        </table>
        { pages.nav }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub events: Rc<Vec<Event>>,
    pub now: Timestamp,
}

/// The event log as `kubectl describe` shows events: type, reason, age, from, object, message.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let age = |e: &Event| {
        let last = human_duration(e.last_timestamp.seconds_until(props.now));
        if e.count > 1 {
            let first = human_duration(e.first_timestamp.seconds_until(props.now));
            format!("{last} (x{} over {first})", e.count)
        } else {
            last
        }
    };
    let pages = use_pages(props.events.len(), "events");
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
                { for props.events[pages.range].iter().map(|e| html! {
                    <tr data-reason={e.reason.clone()}>
                        <td>{ format!("{:?}", e.type_) }</td>
                        <td>{ &e.reason }</td>
                        <td>{ age(e) }</td>
                        <td>{ e.source.to_string() }</td>
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
