//! The standalone page's way back to stored sessions it could not use: each text kept aside
//! (unreadable, replaced by a shared link) or left in place while saving is paused, with
//! Open (when it reads), Download, Copy, its objects as YAML, and Delete or "Save this session
//! over it"; and, when the last save failed, a download of the session not saved. What is kept
//! and why is `pv_core::persist::store`'s; this renders it and moves bytes.

use super::persistence;
use super::SessionState;
use pv_core::persist::{self, store::Origin};
use pv_core::session::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KeptSessionsProps {
    pub session: UseReducerHandle<SessionState>,
    /// The page's notice: a new one may mean a new kept text, so the list is read again.
    pub notice: Option<String>,
    /// Shows a sentence in the page's notice.
    pub on_notice: Callback<String>,
}

#[function_component(KeptSessions)]
pub fn kept_sessions(props: &KeptSessionsProps) -> Html {
    let list = use_state(persistence::kept);
    {
        let list = list.clone();
        use_effect_with(props.notice.clone(), move |_| list.set(persistence::kept()));
    }
    let failing = persistence::save_failing();
    if list.is_empty() && !failing {
        return html! {};
    }
    let refresh = {
        let list = list.clone();
        move || list.set(persistence::kept())
    };
    let say = props.on_notice.clone();
    let download = move |name: String, text: String| {
        if let Err(why) = persistence::download(&name, &text) {
            say.emit(format!("The download did not start: {why}."));
        }
    };
    let current = {
        let (session, download) = (props.session.clone(), download.clone());
        Callback::from(move |_: MouseEvent| {
            download(
                "pv-playground-session-not-saved.txt".into(),
                persist::encode(&session),
            )
        })
    };
    let items = list.iter().map(|kept| {
        let text = move |key: &str| persistence::stored_text(key).unwrap_or_default();
        let key = kept.key.clone();
        let open = {
            let (key, session, say) = (key.clone(), props.session.clone(), props.on_notice.clone());
            Callback::from(move |_: MouseEvent| match persist::decode(&text(&key)) {
                Ok(saved) => {
                    session.dispatch(Action::Load(Box::new(saved)));
                    say.emit(format!("Opened the session kept under \"{key}\". It stays kept until you delete it."));
                }
                Err(why) => say.emit(format!("It could not be opened: {why}.")),
            })
        };
        let raw = {
            let (key, name, download) = (key.clone(), kept.file_name(false), download.clone());
            Callback::from(move |_: MouseEvent| download(name.clone(), text(&key)))
        };
        let objects = {
            let (key, name, download) = (key.clone(), kept.file_name(true), download.clone());
            Callback::from(move |_: MouseEvent| {
                let all = text(&key);
                download(name.clone(), persist::objects_yaml(&all).unwrap_or_default().to_owned())
            })
        };
        let copy = {
            let (key, say) = (key.clone(), props.on_notice.clone());
            Callback::from(move |_: MouseEvent| {
                let (stored, say) = (text(&key), say.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    say.emit(match persistence::copy_text(&stored).await {
                        Ok(()) => "Copied the stored session's text.".to_owned(),
                        Err(why) => format!("Not copied: {why}; use Download instead."),
                    });
                });
            })
        };
        let last = match kept.origin {
            Origin::InPlace => {
                let (session, say, refresh) = (props.session.clone(), props.on_notice.clone(), refresh.clone());
                Callback::from(move |_: MouseEvent| {
                    let message = persistence::save_over(&session)
                        .unwrap_or_else(|| "Saved this session over the stored one.".into());
                    say.emit(message);
                    refresh();
                })
            }
            _ => {
                let (key, say, refresh) = (key.clone(), props.on_notice.clone(), refresh.clone());
                Callback::from(move |_: MouseEvent| {
                    persistence::forget(&key);
                    say.emit(format!("Deleted the session kept under \"{key}\"."));
                    refresh();
                })
            }
        };
        let last_label = match kept.origin {
            Origin::InPlace => "Save this session over it",
            _ => "Delete it",
        };
        html! {
            <li data-kept={key.clone()}>
                <span class="pvp-kept-title">{ kept.title() }</span>
                <span class="pvp-kept-actions">
                    if kept.opens {
                        <button type="button" onclick={open}>{ "Open it" }</button>
                    }
                    <button type="button" onclick={raw}>{ "Download it" }</button>
                    <button type="button" onclick={copy}>{ "Copy it" }</button>
                    if kept.has_objects {
                        <button type="button" onclick={objects}>{ "Download its objects as YAML" }</button>
                    }
                    <button type="button" onclick={last}>{ last_label }</button>
                </span>
            </li>
        }
    });
    html! {
        <section class="pvp-kept" aria-label="Stored sessions">
            if failing {
                <p>
                    { "This session is not saved. " }
                    <button type="button" onclick={current}>{ "Download this session" }</button>
                </p>
            }
            if !list.is_empty() {
                <ul>{ for items }</ul>
            }
        </section>
    }
}
