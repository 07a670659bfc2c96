//! The claim picker: a plain choice for a learner's few claims; past [`MAX_CHOICES`] claims a
//! search field that offers the first matches, since a choice of 10,000 options costs a long
//! redraw and nobody scrolls through it.

use super::ClusterIdentity;
use pv_core::jobs::thousands;
use pv_engine::objects::Kind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The most claims listed as a choice.
pub const MAX_CHOICES: usize = 300;
/// Matches a search offers at once.
const OFFERED: usize = 50;

#[derive(Properties, PartialEq)]
pub struct ClaimPickerProps {
    /// The control's id (its label points at it).
    pub id: AttrValue,
    pub cluster: ClusterIdentity,
    pub selected: AttrValue,
    pub on_pick: Callback<String>,
}

#[function_component(ClaimPicker)]
pub fn claim_picker(props: &ClaimPickerProps) -> Html {
    let query = use_state(String::new);
    let ClusterIdentity(cluster) = &props.cluster;
    let count = cluster.count_of(Kind::PersistentVolumeClaim);
    // Every claim's name, only while they are few enough to list.
    let claims = use_memo(props.cluster.clone(), |ClusterIdentity(c)| {
        let few = c.count_of(Kind::PersistentVolumeClaim) <= MAX_CHOICES;
        let names = c.claims().map(|claim| claim.metadata.namespaced_name());
        if few {
            names.collect()
        } else {
            Vec::new()
        }
    });
    let label = html! { <label for={props.id.clone()}>{ "Claim" }</label> };
    if count <= MAX_CHOICES {
        let on_pick = props.on_pick.reform(|event: Event| {
            event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default()
        });
        let options = claims.iter().map(|c| {
            html! { <option value={c.clone()} selected={*c == *props.selected}>{ c }</option> }
        });
        return html! {
            <p class="pvp-picker">
                { label }
                <select id={props.id.clone()} onchange={on_pick}>{ for options }</select>
            </p>
        };
    }
    let list_id = format!("{}-matches", props.id);
    let hint_id = format!("{}-hint", props.id);
    let on_input = {
        let (query, cluster, on_pick) =
            (query.clone(), props.cluster.clone(), props.on_pick.clone());
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let text = input.value();
            let named = text
                .split_once('/')
                .and_then(|(ns, name)| cluster.0.claim(ns, name));
            if named.is_some() {
                on_pick.emit(text.clone());
            }
            query.set(text);
        })
    };
    // Worked out as the learner types, from the claims in the cluster's order.
    let needle = query.trim();
    let matches = cluster
        .claims()
        .map(|claim| claim.metadata.namespaced_name())
        .filter(|c| c.contains(needle))
        .take(OFFERED)
        .map(|c| html! { <option value={c} /> });
    html! {
        <p class="pvp-picker">
            { label }
            <input type="search" id={props.id.clone()} list={list_id.clone()} value={(*query).clone()}
                   placeholder={props.selected.clone()} oninput={on_input} autocomplete="off"
                   spellcheck="false" aria-describedby={hint_id.clone()} />
            <datalist id={list_id}>{ for matches }</datalist>
            <small id={hint_id}>
                { format!("Following {}. {} claims: type part of a name to find one (the first {OFFERED} matches are offered).", props.selected, thousands(count as u64)) }
            </small>
        </p>
    }
}
