//! kubectl's views of the cluster as real tables: `kubectl get pv`, `kubectl get pvc -A`, and
//! the events `kubectl describe` lists. The cells come from `manifest::tables` and the event
//! log; this module only lays them out, a page of rows at a time, and makes only that page's
//! cells (a cluster of 10,000 claims makes and draws 50 rows, so opening the tab or turning a
//! page costs what is on screen).

use super::pages::use_pages;
use super::ClusterIdentity;
use pv_core::manifest::tables::{self, human_duration, HtmlTable, Table};
use pv_engine::events::Event;
use pv_engine::time::Timestamp;
use std::ops::Range;
use std::rc::Rc;
use yew::prelude::*;

/// A table whose rows are made when shown: its headers, how many rows it has, and the
/// function that makes a range of them (the cells of rows `range`, as `manifest::tables`
/// makes them). Compared by identity: make one per cluster.
#[derive(Clone)]
pub struct LazyTable {
    pub headers: Rc<Vec<&'static str>>,
    pub rows: usize,
    make: Rc<dyn Fn(Range<usize>) -> Table>,
}

impl LazyTable {
    /// A table of `rows` rows made by `make` (which must give rows `range`, in order).
    pub fn new(rows: usize, make: impl Fn(Range<usize>) -> Table + 'static) -> Self {
        let headers = Rc::new(make(0..0).headers);
        LazyTable {
            headers,
            rows,
            make: Rc::new(make),
        }
    }
}

impl PartialEq for LazyTable {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.make, &other.make)
    }
}

#[derive(Properties, PartialEq)]
pub struct KubectlTableProps {
    /// The command whose output this is, shown as the caption (`kubectl get pv`).
    pub command: AttrValue,
    pub table: LazyTable,
}

/// A kubectl table with its command as caption and the columns as header cells.
#[function_component(KubectlTable)]
pub fn kubectl_table(props: &KubectlTableProps) -> Html {
    let pages = use_pages(props.table.rows, "rows");
    let markup = use_memo(
        (props.table.clone(), pages.range.clone(), props.command.clone()),
        |(table, range, command)| {
            let shown = (table.make)(range.clone());
            AttrValue::from(tables::html(&HtmlTable {
                class: "pvp-kubectl",
                caption: &format!("$ {command}"),
                table: &shown,
                row_attribute: None,
            }))
        },
    );
    html! {
        <>
        { Html::from_html_unchecked((*markup).clone()) }
        { pages.nav }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// The cluster whose event log this shows (its clock gives the ages).
    pub cluster: ClusterIdentity,
}

/// The event log as `kubectl describe` shows events: type, reason, age, from, object, message.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let ClusterIdentity(cluster) = &props.cluster;
    let (events, now): (&[Event], Timestamp) = (cluster.events().all(), cluster.now());
    let age = |e: &Event| {
        let last = human_duration(e.last_timestamp.seconds_until(now));
        if e.count > 1 {
            let first = human_duration(e.first_timestamp.seconds_until(now));
            format!("{last} (x{} over {first})", e.count)
        } else {
            last
        }
    };
    let pages = use_pages(events.len(), "events");
    let markup = use_memo(
        (props.cluster.clone(), pages.range.clone()),
        |(_, range)| {
            let table = Table {
                headers: vec!["Type", "Reason", "Age", "From", "Object", "Message"],
                rows: events[range.clone()]
                    .iter()
                    .map(|e| {
                        vec![
                            format!("{:?}", e.type_),
                            e.reason.clone(),
                            age(e),
                            e.source.to_string(),
                            e.object.to_string(),
                            e.message.clone(),
                        ]
                    })
                    .collect(),
            };
            AttrValue::from(tables::html(&HtmlTable {
                class: "pvp-kubectl pvp-events",
                caption: "Events",
                table: &table,
                row_attribute: Some(("data-reason", 1)),
            }))
        },
    );
    html! {
        <>
        { Html::from_html_unchecked((*markup).clone()) }
        { pages.nav }
        </>
    }
}
