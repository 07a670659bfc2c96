//! The lesson player on the page: a built-in lesson step by step (its text, a question to
//! answer before the engine shows what happens, the checks of an `expect` step), playing each
//! step through the session. What a step does and whether a check holds is
//! `scenario::player`'s; this file renders it and dispatches.
//!
//! [`LessonPlayer`] plays one lesson (the embedding's `data-lesson` mounts it too);
//! [`Lessons`] is the standalone page's section that chooses one.

use super::persistence;
use super::SessionState;
use pv_core::scenario::lessons::{lesson, say_paragraphs, Inline, LESSONS};
use pv_core::scenario::player::{Feedback, Player, Progress};
use pv_core::session::{Action, Session};
use std::rc::Rc;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

/// localStorage: the lesson being played, and each lesson's progress under `KEY:<name>`.
const KEY: &str = "pv-playground:lesson";

/// A change to the player, returning what the session must do (if anything).
type Change = Rc<dyn Fn(&mut Player, &Session) -> Option<Action>>;

/// The lesson the standalone page was playing when it was last closed, if any: the page
/// reopens on it.
pub fn lesson_in_progress() -> Option<String> {
    persistence::load_text(KEY).filter(|name| LESSONS.iter().any(|b| b.name == name))
}

fn progress_key(name: &str) -> String {
    format!("{KEY}:{name}")
}

#[derive(Properties, PartialEq)]
pub struct LessonPlayerProps {
    /// A built-in lesson's name (`lessons/<name>.yaml`, the embedding's `data-lesson`). Give
    /// the component a `key` of the same name, so another lesson mounts a fresh player.
    pub lesson: AttrValue,
    /// The session the lesson plays in.
    pub session: UseReducerHandle<SessionState>,
    /// Keep progress in localStorage and resume it (the standalone page only: an embedded
    /// widget must not touch its host's storage).
    #[prop_or(false)]
    pub persist: bool,
    /// The session already holds this lesson's cluster (the standalone page restored both
    /// after a reload): leave it. Otherwise mounting brings the session to the lesson's step
    /// (an empty cluster at the start).
    #[prop_or(false)]
    pub session_is_lessons: bool,
}

/// Text with `code` and **bold** runs, as `say_paragraphs` reads it.
fn paragraphs(text: &str) -> Html {
    let inline = |run: &Inline| match run {
        Inline::Text(t) => html! { { t.clone() } },
        Inline::Bold(t) => html! { <strong>{ t.clone() }</strong> },
        Inline::Code(t) => html! { <code>{ t.clone() }</code> },
    };
    html! {
        { for say_paragraphs(text).iter().map(|p| html! { <p>{ for p.iter().map(inline) }</p> }) }
    }
}

#[function_component(LessonPlayer)]
pub fn lesson_player(props: &LessonPlayerProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("lesson"));
    let (title_id, choice_name) = (format!("{ids}-title"), format!("{ids}-choice"));
    let (name, persist) = (props.lesson.to_string(), props.persist);
    let player = {
        let name = name.clone();
        use_state(move || {
            let lesson = lesson(&name)?;
            let saved = persist
                .then(|| persistence::load_text(&progress_key(&name)))
                .flatten()
                .and_then(|text| Progress::decode(&text))
                .unwrap_or_default();
            Some(Player::resume(Rc::new(lesson), saved))
        })
    };
    // The choice made but not yet checked, cleared on every step.
    let choice = use_state(|| None::<usize>);
    let heading = use_node_ref();
    let first_render = use_mut_ref(|| true);
    {
        let (session, player) = (props.session.dispatcher(), player.clone());
        let leave = props.session_is_lessons;
        use_effect_with((), move |_| {
            if let Some(p) = (*player).as_ref().filter(|_| !leave) {
                session.dispatch(p.start_action());
            }
        });
    }
    // Saved after each change; the step heading takes the focus when the step changes, so
    // a screen reader reads where the learner is and Tab continues from there.
    {
        let (heading, first_render) = (heading.clone(), first_render.clone());
        let progress = (*player).as_ref().map(|p| p.progress().clone());
        use_effect_with(progress, move |progress| {
            if let (true, Some(p)) = (persist, progress) {
                persistence::save_text(&progress_key(&name), &p.encode());
            }
            let first = std::mem::replace(&mut *first_render.borrow_mut(), false);
            if !first {
                if let Some(h) = heading.cast::<HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    let Some(current) = (*player).as_ref() else {
        return html! { <p class="pvp-lesson-missing">{ format!("There is no lesson called {}.", props.lesson) }</p> };
    };
    let update = |change: Change| {
        let (player, session, choice) = (player.clone(), props.session.clone(), choice.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(mut next) = (*player).clone() else {
                return;
            };
            let before = next.step();
            if let Some(action) = change(&mut next, &session) {
                session.dispatch(action);
            }
            if next.step() != before {
                choice.set(None);
            }
            player.set(Some(next));
        })
    };
    let on_next = update(Rc::new(|p: &mut Player, s: &Session| p.next(s)));
    let on_restart = {
        let choice = choice.clone();
        let restart = update(Rc::new(|p: &mut Player, _: &Session| {
            *p = Player::new(p.lesson.clone());
            Some(p.start_action())
        }));
        Callback::from(move |e: MouseEvent| {
            choice.set(None);
            restart.emit(e);
        })
    };
    let on_check = {
        let chosen = *choice;
        update(Rc::new(move |p: &mut Player, _: &Session| {
            if let Some(c) = chosen {
                p.check_answer(c);
            }
            None
        }))
    };
    let lesson = &current.lesson;
    let (step, count) = (current.step(), current.step_count());
    let body = match current.current() {
        None => {
            let (right, asked) = current.score();
            html! {
                <>
                    <h4 ref={heading.clone()} tabindex="-1">{ "Lesson complete" }</h4>
                    if asked > 0 {
                        <p>{ format!("You answered {right} of {asked} question{} right.", if asked == 1 { "" } else { "s" }) }</p>
                    }
                    <p>{ "The cluster stays as the lesson left it: explore it below, or choose another lesson." }</p>
                </>
            }
        }
        Some(lesson_step) => {
            let question = lesson_step.predict.as_ref().map(|q| {
                let answered = current.answer();
                let radios = q.choices.iter().enumerate().map(|(i, text)| {
                    let id = format!("{choice_name}-{i}");
                    let pick = {
                        let choice = choice.clone();
                        Callback::from(move |_: Event| choice.set(Some(i)))
                    };
                    html! {
                        <p class="pvp-lesson-choice">
                            <input type="radio" id={id.clone()} name={choice_name.clone()}
                                   checked={answered.or(*choice) == Some(i)}
                                   disabled={answered.is_some()} onchange={pick} />
                            <label for={id}>{ text.clone() }</label>
                        </p>
                    }
                });
                let feedback = current.feedback().map(|f| {
                    let (class, verdict) = match f {
                        Feedback::Correct => ("pvp-lesson-correct", "Correct.".to_owned()),
                        Feedback::Incorrect(right) => (
                            "pvp-lesson-incorrect",
                            format!("Not quite. The answer is: {right}"),
                        ),
                    };
                    html! {
                        <div class={classes!("pvp-lesson-feedback", class)}>
                            <p><strong>{ verdict }</strong></p>
                            // Disabled radios hardly show which was chosen (dark mode): say it.
                            if let Some(chose) = answered.and_then(|a| q.choices.get(a)) {
                                <p>{ format!("You chose: {chose}") }</p>
                            }
                            { paragraphs(&q.explain) }
                        </div>
                    }
                });
                html! {
                    <fieldset class="pvp-lesson-question">
                        <legend>{ q.question.clone() }</legend>
                        { for radios }
                        <button type="button" onclick={on_check.clone()}
                                disabled={answered.is_some() || choice.is_none()}>{ "Check answer" }</button>
                        <div role="status">{ for feedback }</div>
                    </fieldset>
                }
            });
            let checks = current.checks(&props.session.cluster);
            html! {
                <>
                    <h4 ref={heading.clone()} tabindex="-1">{ format!("Step {} of {count}", step + 1) }</h4>
                    { for lesson_step.say.as_deref().map(paragraphs) }
                    if !checks.is_empty() {
                        <ul class="pvp-lesson-checks" aria-label="What the cluster shows now">
                            { for checks.iter().map(|c| match &c.outcome {
                                Ok(()) => html! {
                                    <li class="pvp-check-holds"><span aria-hidden="true">{ "✓ " }</span>{ c.text.clone() }</li>
                                },
                                Err(why) => html! {
                                    <li class="pvp-check-fails"><span aria-hidden="true">{ "✗ " }</span>
                                        { format!("{}: not so here ({why})", c.text) }</li>
                                },
                            }) }
                        </ul>
                    }
                    { for question }
                    if let Some(preview) = current.preview() {
                        <p class="pvp-lesson-preview">{ format!("Next {preview}.") }</p>
                    }
                </>
            }
        }
    };
    html! {
        <article class="pvp-lesson" aria-labelledby={title_id.clone()}>
            <h3 id={title_id}>{ lesson.title.clone() }</h3>
            <p class="pvp-lesson-summary">{ lesson.summary.clone() }</p>
            { body }
            if let Some(problem) = &current.problem {
                <p class="pvp-lesson-problem" role="alert">{ problem.clone() }</p>
            }
            <p class="pvp-lesson-actions">
                <button type="button" onclick={on_next}
                        disabled={current.finished() || current.awaits_answer()}>{ "Next" }</button>
                <button type="button" onclick={on_restart}>{ "Restart lesson" }</button>
            </p>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonsProps {
    pub session: UseReducerHandle<SessionState>,
    #[prop_or(false)]
    pub persist: bool,
    /// A lesson to play at once (the page's "Start the first lesson"); give the component a
    /// new `key` with each such request.
    #[prop_or_default]
    pub start: Option<AttrValue>,
}

/// The standalone page's lessons: a labelled choice of the built-in lessons by title, and the
/// player of the one started (resumed after a reload when the page persists).
#[function_component(Lessons)]
pub fn lessons(props: &LessonsProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("lessons"));
    let (heading_id, select_id) = (format!("{ids}-heading"), format!("{ids}-choose"));
    let titles = use_memo((), |_| {
        LESSONS
            .iter()
            .filter_map(|b| Some((b.name, lesson(b.name)?.title)))
            .collect::<Vec<_>>()
    });
    let persist = props.persist;
    let start = props
        .start
        .as_ref()
        .map(|name| name.to_string())
        .filter(|name| LESSONS.iter().any(|b| b.name == name));
    // The lesson played, and whether the session is already its (restored after a reload).
    let playing = use_state(move || {
        if let (true, Some(name)) = (persist, &start) {
            persistence::save_text(KEY, name);
        }
        start.map(|name| (name, false)).or_else(|| {
            persist
                .then(lesson_in_progress)
                .flatten()
                .map(|name| (name, true))
        })
    });
    let chosen = use_state(|| playing.as_ref().map(|(name, _)| name.clone()));
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                let value = select.value();
                chosen.set((!value.is_empty()).then_some(value));
            }
        })
    };
    let on_play = {
        let (chosen, playing) = (chosen.clone(), playing.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = (*chosen).clone() {
                if persist {
                    persistence::save_text(KEY, &name);
                }
                playing.set(Some((name, false)));
            }
        })
    };
    let options = titles.iter().map(|(name, title)| {
        let selected = chosen.as_deref() == Some(*name);
        html! { <option value={*name} {selected}>{ title.clone() }</option> }
    });
    html! {
        <section class="pvp-lessons" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ "Lessons" }</h2>
            <p class="pvp-lesson-pick">
                <label for={select_id.clone()}>{ "Lesson" }</label>
                <select id={select_id} onchange={on_choose}>
                    <option value="" selected={chosen.is_none()}>{ "Choose a lesson…" }</option>
                    { for options }
                </select>
                <button type="button" onclick={on_play} disabled={chosen.is_none()}>{ "Play lesson" }</button>
            </p>
            if let Some((name, restored)) = &*playing {
                <LessonPlayer key={name.clone()} lesson={AttrValue::from(name.clone())}
                              session={props.session.clone()} persist={persist}
                              session_is_lessons={*restored} />
            }
        </section>
    }
}
