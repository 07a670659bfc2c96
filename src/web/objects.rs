//! The "Objects" section: the objects of one kind with Edit and Delete, and the form that adds
//! or edits one. The form's fields, defaults, conversions and the placing of the API server's
//! refusals are `forms`' (pure, natively tested); this draws any kind's fields with one generic
//! field renderer and sends the checked write as an `Action`.

use super::pages::use_pages;
use super::{ClusterIdentity, SessionState};
use pv_core::forms::{class_choices, fields, FieldSpec, Form, FormField, Problem, Widget};
use pv_core::session::Action;
use pv_engine::objects::{AccessMode, Kind, Object, ObjectKey};
use pv_engine::Cluster;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, Clone, PartialEq)]
pub struct ObjectsProps {
    /// The page's session: read for the objects and the checks, dispatched to for changes.
    pub session: UseReducerHandle<SessionState>,
    /// An object to open in the form (the console's `kubectl edit`); each new request opens.
    #[prop_or_default]
    pub open: Option<EditRequest>,
}

/// A request to edit one object in the form; `serial` tells repeated requests apart.
#[derive(Clone, Debug, PartialEq)]
pub struct EditRequest {
    pub key: ObjectKey,
    pub serial: u32,
}

#[function_component(Objects)]
pub fn objects(props: &ObjectsProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("objects"));
    let session = props.session.clone();
    let form = use_state(|| Form::new(Kind::PersistentVolumeClaim, &session.cluster));
    let problems = use_state(Vec::<Problem>::new);
    let done = use_state(String::new);
    let kind = form.kind;
    // Starts a form afresh (a new kind, after a change, or Cancel); old messages go with it.
    let restart = {
        let (form, problems) = (form.clone(), problems.clone());
        move |next: Form| {
            form.set(next);
            problems.set(Vec::new());
        }
    };
    // `kubectl edit` in the console: the object's form, scrolled into view.
    let section = use_node_ref();
    {
        let (restart, session, section) = (restart.clone(), session.clone(), section.clone());
        use_effect_with(props.open.clone(), move |open| {
            if let Some(object) = open.as_ref().and_then(|o| session.cluster.get(&o.key)) {
                restart(Form::from_object(&object));
                if let Some(element) = section.cast::<web_sys::Element>() {
                    element.scroll_into_view();
                }
            }
        });
    }
    let on_kind = {
        let (restart, session) = (restart.clone(), session.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let kind = Kind::parse(&value).unwrap_or(Kind::PersistentVolumeClaim);
            restart(Form::new(kind, &session.cluster));
        })
    };
    let on_submit = {
        let (form, problems, done, session) = (
            form.clone(),
            problems.clone(),
            done.clone(),
            session.clone(),
        );
        let restart = restart.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.check(&session) {
                Ok(checked) => {
                    let verb = if form.editing().is_some() {
                        "Saved"
                    } else {
                        "Added"
                    };
                    let key = checked.writes()[0].object.key();
                    done.set(format!("{verb} {kind} {key}."));
                    restart(Form::new(kind, checked.cluster()));
                    session.dispatch(Action::Commit(Box::new(checked)));
                }
                // What was typed stays in the form; only the messages change.
                Err(found) => {
                    done.set(String::new());
                    problems.set(found);
                }
            }
        })
    };
    let edit = |object: Object| {
        let restart = restart.clone();
        Callback::from(move |_: MouseEvent| restart(Form::from_object(&object)))
    };
    let delete = |object: &Object| {
        let (session, key, done) = (session.clone(), object.key(), done.clone());
        Callback::from(move |_: MouseEvent| {
            // Finalizers may hold it (Terminating) until the controllers let it go.
            done.set(format!("Deletion asked for {kind} {key}."));
            session.dispatch(Action::Delete(key.clone()))
        })
    };
    // The page shown only: a kind with 10,000 objects costs what 50 cost.
    let pages = use_pages(session.cluster.count_of(kind), "objects");
    let listed = use_memo(
        (
            ClusterIdentity(session.cluster.clone()),
            kind,
            pages.range.clone(),
        ),
        |(ClusterIdentity(cluster), kind, range)| objects_in(cluster, *kind, range.clone()),
    );
    let listed = (*listed).clone();
    let editing = form.editing();
    let field_html = |spec: &FieldSpec| {
        let field = spec.field;
        let id = format!("{ids}-{}", field.id());
        let value = form.get(field).to_owned();
        let set = {
            let form = form.clone();
            move |value: String| {
                let mut next = (*form).clone();
                next.set(field, value);
                form.set(next);
            }
        };
        let errors: Vec<&String> = problems
            .iter()
            .filter(|(f, _)| *f == Some(field))
            .map(|(_, m)| m)
            .collect();
        let invalid = (!errors.is_empty()).then_some("true");
        let described = format!("{id}-hint {id}-error");
        let control = match spec.widget {
            Widget::Text => {
                let set = set.clone();
                html! {
                    <input type="text" id={id.clone()} value={value} aria-invalid={invalid}
                           aria-describedby={described} spellcheck="false" autocomplete="off"
                           readonly={editing.is_some() && matches!(field, FormField::Name | FormField::Namespace)}
                           oninput={Callback::from(move |e: InputEvent| set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                }
            }
            Widget::ClassPicker => {
                let set = set.clone();
                let choices = class_choices(kind, &session.cluster, &value);
                html! {
                    <select id={id.clone()} aria-invalid={invalid} aria-describedby={described}
                            onchange={Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        { for choices.into_iter().map(|c| html! {
                            <option value={c.value.clone()} selected={c.value == value.trim()}>{ c.label }</option>
                        }) }
                    </select>
                }
            }
            Widget::Choice(options) => {
                let set = set.clone();
                // A stored value the list does not offer (unset, or another source kind) stays
                // choosable, so editing does not change it behind the learner's back.
                let extra = (!options.contains(&value.as_str())).then(|| value.clone());
                html! {
                    <select id={id.clone()} aria-invalid={invalid} aria-describedby={described}
                            onchange={Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        { for extra.into_iter().map(|v| html! { <option value={v.clone()} selected=true>{ if v.is_empty() { "(unset)".to_owned() } else { v } }</option> }) }
                        { for options.iter().map(|o| html! { <option value={*o} selected={value == *o}>{ *o }</option> }) }
                    </select>
                }
            }
            Widget::Check => {
                let set = set.clone();
                html! {
                    <input type="checkbox" id={id.clone()} checked={value == "true"} aria-describedby={described}
                           onchange={Callback::from(move |e: Event| set(if e.target_unchecked_into::<HtmlInputElement>().checked() { "true" } else { "" }.into()))} />
                }
            }
            Widget::AccessModes => html! {
                <span class="pvp-modes">
                    { for AccessMode::ALL.into_iter().map(|mode| {
                        let checked = form.has_mode(mode);
                        let form = form.clone();
                        let toggle = Callback::from(move |e: Event| {
                            let mut next = (*form).clone();
                            next.set_mode(mode, e.target_unchecked_into::<HtmlInputElement>().checked());
                            form.set(next);
                        });
                        html! {
                            <label>
                                <input type="checkbox" checked={checked} onchange={toggle} aria-describedby={described.clone()} />
                                { format!("{} ({})", mode.as_str(), mode.short()) }
                            </label>
                        }
                    }) }
                </span>
            },
        };
        // A group of checkboxes is a fieldset; every other control has its own label.
        let label = if spec.widget == Widget::AccessModes {
            html! { <legend>{ spec.label }</legend> }
        } else {
            html! { <label for={id.clone()}>{ spec.label }</label> }
        };
        let body = html! {
            <>
                { label }
                { control }
                <small id={format!("{id}-hint")}>{ spec.hint }</small>
                <span id={format!("{id}-error")} class="pvp-field-error">
                    { for errors.iter().map(|m| html! { <span>{ *m }</span> }) }
                </span>
            </>
        };
        if spec.widget == Widget::AccessModes {
            html! { <fieldset class="pvp-field" data-field={field.id()}>{ body }</fieldset> }
        } else {
            html! { <div class="pvp-field" data-field={field.id()}>{ body }</div> }
        }
    };
    let heading = format!("{ids}-heading");
    let kind_id = format!("{ids}-kind");
    let top: Vec<&String> = problems
        .iter()
        .filter(|(f, _)| f.is_none())
        .map(|(_, m)| m)
        .collect();
    let noun = pv_core::forms::noun(kind);
    html! {
        <section class="pvp-objects-section" aria-labelledby={heading.clone()} ref={section}>
            <h2 id={heading}>{ "Objects" }</h2>
            <p class="pvp-kind">
                <label for={kind_id.clone()}>{ "Kind" }</label>
                <select id={kind_id} onchange={on_kind}>
                    { for pv_core::forms::KINDS.into_iter().map(|k| html! { <option value={k.as_str()} selected={k == kind}>{ k.as_str() }</option> }) }
                </select>
            </p>
            <ul class="pvp-object-list">
                { for listed.into_iter().map(|object| {
                    let key = object.key();
                    html! {
                        <li>
                            <span>{ key.to_string() }</span>
                            <button type="button" onclick={edit(object.clone())} aria-label={format!("Edit {kind} {key}")}>{ "Edit" }</button>
                            <button type="button" onclick={delete(&object)} aria-label={format!("Delete {kind} {key}")}>{ "Delete" }</button>
                        </li>
                    }
                }) }
            </ul>
            { pages.nav }
            <form class="pvp-form" onsubmit={on_submit} novalidate=true>
                <h3>{ match &editing { Some(key) => format!("Edit {kind} {key}"), None => format!("Add a {kind}") } }</h3>
                if !top.is_empty() {
                    <ul class="pvp-form-errors">{ for top.iter().map(|m| html! { <li>{ *m }</li> }) }</ul>
                }
                { for fields(kind).iter().map(field_html) }
                <p class="pvp-form-buttons">
                    <button type="submit">{ format!("{} {noun}", if editing.is_some() { "Save" } else { "Add" }) }</button>
                    if editing.is_some() {
                        <button type="button" onclick={{ let (restart, session) = (restart.clone(), session.clone()); Callback::from(move |_: MouseEvent| restart(Form::new(kind, &session.cluster))) }}>{ "Cancel" }</button>
                    }
                    <span class="pvp-done" aria-live="polite">{ (*done).clone() }</span>
                </p>
            </form>
        </section>
    }
}

/// The objects of a kind in `range` of the order the page lists them (by namespace and name).
fn objects_in(cluster: &Cluster, kind: Kind, range: std::ops::Range<usize>) -> Vec<Object> {
    let (skip, take) = (range.start, range.len());
    match kind {
        Kind::PersistentVolume => page(cluster.volumes(), skip, take, Object::PersistentVolume),
        Kind::PersistentVolumeClaim => {
            page(cluster.claims(), skip, take, Object::PersistentVolumeClaim)
        }
        Kind::StorageClass => page(cluster.classes(), skip, take, Object::StorageClass),
        Kind::Pod => page(cluster.pods(), skip, take, Object::Pod),
        Kind::Node => page(cluster.nodes(), skip, take, Object::Node),
        Kind::StatefulSet => page(cluster.stateful_sets(), skip, take, Object::StatefulSet),
        Kind::Deployment => page(cluster.deployments(), skip, take, Object::Deployment),
        Kind::ReplicaSet => page(cluster.replica_sets(), skip, take, Object::ReplicaSet),
    }
}

fn page<'a, T: Clone + 'a>(
    all: impl Iterator<Item = &'a T>,
    skip: usize,
    take: usize,
    object: fn(T) -> Object,
) -> Vec<Object> {
    all.skip(skip).take(take).cloned().map(object).collect()
}
