//! The lesson player on the page: a built-in lesson step by step (its text, a question to
//! answer before the engine shows what happens, the manifests with the lesson's fields
//! marked, the checks of an `expect` step), and goals the learner reaches by acting anywhere
//! on the page (the checks update live, hints one at a time, the solution on request). What a
//! step does, whether a check holds and why, and what the learner changed are
//! `scenario::player`'s; this file renders them and dispatches.
//!
//! [`LessonPlayer`] plays one lesson (the embedding's `data-lesson` mounts it too);
//! [`Lessons`] is the standalone page's section that chooses one.

use super::persistence;
use super::{ClusterIdentity, SessionState};
use pv_core::manifest::LineRange;
use pv_core::scenario::lessons::{lesson, next_lesson, say_paragraphs, Inline, Predict, LESSONS};
use pv_core::scenario::player::{Feedback, Player, Progress, Reached, ShownManifest};
use pv_core::scenario::Verdict;
use pv_core::session::{Action, Session};
use std::rc::Rc;
use wasm_bindgen::JsCast;
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
    /// The session the lesson plays in; every change to it (forms, YAML, console) re-checks
    /// the goal shown.
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
    /// Offered at the end as "Next lesson" with the next built-in lesson's name; without it
    /// (an embedded widget plays one lesson) the end offers only to restart.
    #[prop_or_default]
    pub on_next_lesson: Option<Callback<AttrValue>>,
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

/// ✓ and ✗ sentences; the mark is also said in words for screen readers.
fn verdict_list(verdicts: &[Verdict], label: &str) -> Html {
    html! {
        <ul class="pvp-lesson-checks" aria-label={label.to_owned()}>
            { for verdicts.iter().map(|v| {
                let (class, mark, said) = if v.holds {
                    ("pvp-check-holds", "✓", "Holds: ")
                } else {
                    ("pvp-check-fails", "✗", "Not yet: ")
                };
                html! {
                    <li class={class}>
                        <span class="pvp-check-mark" aria-hidden="true">{ mark }</span>
                        <span class="pvp-visually-hidden">{ said }</span>
                        { v.text.clone() }
                    </li>
                }
            }) }
        </ul>
    }
}

/// A manifest with numbered lines, the lesson's fields marked (and said to be).
fn manifest_view(shown: &ShownManifest, caption: &str) -> Html {
    let marked = |line: u32| {
        shown
            .highlighted
            .iter()
            .any(|r: &LineRange| r.contains(line))
    };
    let lines = shown.text.lines().enumerate().map(|(i, text)| {
        let number = i as u32 + 1;
        let class = classes!("pvp-manifest-line", marked(number).then_some("pvp-marked"));
        // The line break stays outside the line's span: a marked line is an inline block as
        // wide as the box, and a break inside it left the next line beside it, off-screen.
        html! {
            <>
                <span class={class}>
                    <span class="pvp-manifest-number" aria-hidden="true">{ format!("{number:>3} ") }</span>
                    if marked(number) {
                        <mark>{ text }</mark>
                    } else {
                        { text }
                    }
                </span>
                { "\n" }
            </>
        }
    });
    html! {
        <figure class="pvp-lesson-manifest">
            <figcaption>{ caption.to_owned() }</figcaption>
            <pre tabindex="0"><code>{ for lines }</code></pre>
        </figure>
    }
}

/// The answer given to a question, its verdict and explanation.
fn feedback_view(question: &Predict, answered: Option<usize>, feedback: &Feedback) -> Html {
    let (class, verdict) = match feedback {
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
            if let Some(chose) = answered.and_then(|a| question.choices.get(a)) {
                <p>{ format!("You chose: {chose}") }</p>
            }
            { paragraphs(&question.explain) }
        </div>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[function_component(LessonPlayer)]
pub fn lesson_player(props: &LessonPlayerProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("lesson"));
    let (title_id, choice_name) = (format!("{ids}-title"), format!("{ids}-choice"));
    let (goal_id, next_why_id) = (format!("{ids}-goal"), format!("{ids}-why-wait"));
    let (name, persist) = (props.lesson.to_string(), props.persist);
    let player = {
        let name = name.clone();
        let (adopt, cluster) = (props.session_is_lessons, props.session.cluster.clone());
        use_state(move || {
            let lesson = lesson(&name)?;
            let saved = persist
                .then(|| persistence::load_text(&progress_key(&name)))
                .flatten()
                .and_then(|text| Progress::decode(&text))
                .unwrap_or_default();
            let mut player = Player::resume(Rc::new(lesson), saved);
            if adopt {
                player.adopt(cluster);
            }
            Some(player)
        })
    };
    // The choice made but not yet checked, and whether the goal's solution is shown; both
    // cleared on every step.
    let choice = use_state(|| None::<usize>);
    let solution_shown = use_state(|| false);
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
    // Every change of the learner's cluster: the player notes the claims it shows, so a goal
    // can follow a claim the learner made and deleted.
    {
        let player = player.clone();
        use_effect_with(
            ClusterIdentity(props.session.cluster.clone()),
            move |ClusterIdentity(cluster)| {
                if let Some(mut seen) = (*player).clone() {
                    if seen.observe(cluster) {
                        player.set(Some(seen));
                    }
                }
            },
        );
    }
    // Saved after each change; the step heading takes the focus when the step changes, so
    // a screen reader reads where the learner is and Tab continues from there.
    {
        let (heading, first_render) = (heading.clone(), first_render.clone());
        let progress = (*player).as_ref().map(|p| p.progress().clone());
        let step = progress.as_ref().map(|p| p.step);
        let saved_name = name.clone();
        use_effect_with(progress, move |progress| {
            if let (true, Some(p)) = (persist, progress) {
                persistence::save_text(&progress_key(&saved_name), &p.encode());
            }
        });
        use_effect_with(step, move |_| {
            let first = std::mem::replace(&mut *first_render.borrow_mut(), false);
            if !first {
                if let Some(h) = heading.cast::<HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    // An answer's feedback is scrolled into view when it appears (not when a step that was
    // already answered is shown again): it is what the learner reads next.
    let feedback_box = use_node_ref();
    {
        let feedback_box = feedback_box.clone();
        let answered = (*player).as_ref().and_then(|p| p.answer());
        let seen = use_mut_ref(|| answered);
        use_effect_with(answered, move |answered| {
            let was = std::mem::replace(&mut *seen.borrow_mut(), *answered);
            if was.is_none() && answered.is_some() {
                if let Some(feedback) = feedback_box.cast::<web_sys::Element>() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    feedback.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }
    // The marked lines of a long manifest are scrolled into its box when it changes.
    let manifest_box = use_node_ref();
    {
        let shown = (*player)
            .as_ref()
            .and_then(|p| p.manifest(&props.session.cluster))
            .map(|m| m.text);
        let manifest_box = manifest_box.clone();
        use_effect_with(shown, move |_| {
            let pre = manifest_box
                .cast::<web_sys::Element>()
                .and_then(|b| b.query_selector("pre").ok().flatten())
                .and_then(|p| p.dyn_into::<HtmlElement>().ok());
            let first = manifest_box
                .cast::<web_sys::Element>()
                .and_then(|b| b.query_selector(".pvp-marked").ok().flatten())
                .and_then(|m| m.dyn_into::<HtmlElement>().ok());
            if let (Some(pre), Some(first)) = (pre, first) {
                let top = first.offset_top() - pre.offset_top();
                pre.set_scroll_top((top - pre.client_height() / 3).max(0));
            }
        });
    }
    let Some(current) = (*player).as_ref() else {
        return html! { <p class="pvp-lesson-missing">{ format!("There is no lesson called {}.", props.lesson) }</p> };
    };
    let update = |change: Change| {
        let (player, session) = (player.clone(), props.session.clone());
        let (choice, solution_shown) = (choice.clone(), solution_shown.clone());
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
                solution_shown.set(false);
            }
            player.set(Some(next));
        })
    };
    let on_next = update(Rc::new(|p: &mut Player, s: &Session| p.next(s)));
    let on_restart = {
        let (choice, solution_shown) = (choice.clone(), solution_shown.clone());
        let restart = update(Rc::new(|p: &mut Player, _: &Session| {
            *p = Player::new(p.lesson.clone());
            Some(p.start_action())
        }));
        Callback::from(move |e: MouseEvent| {
            choice.set(None);
            solution_shown.set(false);
            restart.emit(e);
        })
    };
    let on_reset = update(Rc::new(|p: &mut Player, _: &Session| Some(p.reset())));
    let on_hint = update(Rc::new(|p: &mut Player, _: &Session| {
        p.hint();
        None
    }));
    let on_apply_solution = update(Rc::new(|p: &mut Player, _: &Session| p.apply_solution()));
    let on_show_solution = {
        let solution_shown = solution_shown.clone();
        Callback::from(move |_: MouseEvent| solution_shown.set(true))
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
    let cluster = &props.session.cluster;
    let lesson = &current.lesson;
    let (step, count) = (current.step(), current.step_count());
    let changes = current.changes(cluster);
    let reset_button = html! {
        <button type="button" class="pvp-secondary" onclick={on_reset.clone()}>{ "Reset to this step" }</button>
    };
    let body = match current.current() {
        None => {
            let (right, asked) = current.score();
            let (own, goals) = current.goals_reached();
            let helped = current
                .progress()
                .goals
                .iter()
                .filter(|g| g.reached == Some(Reached::WithSolution))
                .count();
            html! {
                <>
                    <h4 ref={heading.clone()} tabindex="-1">{ "Lesson complete" }</h4>
                    if goals > 0 {
                        <p>{ format!("You reached {own} of {} yourself{}.", plural(goals, "goal", "goals"),
                            if helped > 0 { format!(" ({} with the solution)", plural(helped, "goal", "goals")) } else { String::new() }) }</p>
                    }
                    if asked > 0 {
                        <p>{ format!("You answered {right} of {} right.", plural(asked, "question", "questions")) }</p>
                    }
                    <p>{ "The cluster stays as the lesson left it: explore it, or go on." }</p>
                </>
            }
        }
        Some(lesson_step) => {
            let narrative = current.narrative().map(|(text, continued)| {
                html! {
                    <div class={classes!("pvp-lesson-text", continued.then_some("pvp-lesson-continued"))}>
                        { paragraphs(text) }
                    </div>
                }
            });
            // The outcome of the question just answered is shown now: its explanation too.
            let recap = current.recap().map(|(question, feedback)| {
                let answered = current
                    .progress()
                    .answers
                    .get(step.saturating_sub(1))
                    .copied()
                    .flatten();
                html! {
                    <div class="pvp-lesson-recap">
                        <p class="pvp-lesson-recap-question">{ question.question.clone() }</p>
                        { feedback_view(question, answered, &feedback) }
                    </div>
                }
            });
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
                let feedback = current.feedback().map(|f| feedback_view(q, answered, &f));
                html! {
                    <fieldset class="pvp-lesson-question">
                        <legend>{ q.question.clone() }</legend>
                        { for radios }
                        if answered.is_none() {
                            <button type="button" onclick={on_check.clone()} disabled={choice.is_none()}>{ "Check answer" }</button>
                            if choice.is_none() {
                                <span class="pvp-lesson-hint-text">{ " Choose an answer first." }</span>
                            }
                        }
                        <div class="pvp-lesson-answer" role="status" ref={feedback_box.clone()}>{ for feedback }</div>
                    </fieldset>
                }
            });
            let shown_manifest = current.manifest(cluster);
            // The manifest's caption says what Next does; without one, a line says it.
            let preview = current.preview().filter(|_| shown_manifest.is_none());
            let manifest = shown_manifest.map(|shown| {
                let caption = if current.goal().is_some() {
                    "The objects of this goal, as they are now (the lesson's fields marked)"
                        .to_owned()
                } else {
                    match current.preview() {
                        Some(preview) => format!("Next {preview}:"),
                        None => "The manifests of this step".to_owned(),
                    }
                };
                html! { <div ref={manifest_box.clone()}>{ manifest_view(&shown, &caption) }</div> }
            });
            let verdicts = current.verdicts(cluster);
            let goal = current.goal().map(|goal| {
                let reached = verdicts.iter().all(|v| v.holds);
                let holding = verdicts.iter().filter(|v| v.holds).count();
                let state = current.goal_progress();
                let hints = current.hints_shown();
                let hint_label = format!("Hint ({} of {})", hints.len() + 1, goal.hints.len());
                let solution = (*solution_shown).then(|| {
                    html! {
                        <div class="pvp-goal-solution">
                            <p>{ "One way to reach the goal, from this step's cluster:" }</p>
                            { for current.solution().iter().map(|s| html! {
                                <>
                                    <pre class="pvp-goal-command"><code>{ format!("$ {}", s.command) }</code></pre>
                                    if let Some(text) = &s.manifest {
                                        <pre class="pvp-goal-manifest" tabindex="0"><code>{ text.clone() }</code></pre>
                                    }
                                </>
                            }) }
                            <button type="button" onclick={on_apply_solution.clone()}>{ "Apply the solution" }</button>
                            <span class="pvp-lesson-hint-text">{ " It replaces your changes since this step (Undo brings them back)." }</span>
                        </div>
                    }
                });
                html! {
                    <section class={classes!("pvp-goal", reached.then_some("pvp-goal-done"))} aria-labelledby={goal_id.clone()}>
                        <h5 id={goal_id.clone()}>{ if reached { "Goal reached" } else { "Goal" } }</h5>
                        <div class="pvp-goal-task">{ paragraphs(&goal.task) }</div>
                        <p class="pvp-goal-count" aria-live="polite">
                            { format!("{holding} of {} hold.", plural(verdicts.len(), "check", "checks")) }
                        </p>
                        { verdict_list(&verdicts, "The goal's checks, on the cluster as it is now") }
                        if reached {
                            <div class="pvp-goal-explain" role="status">
                                { for goal.explain.as_deref().map(paragraphs) }
                                if state.reached == Some(Reached::WithSolution) {
                                    <p>{ "Reached with the solution. Restart the lesson to try it yourself." }</p>
                                }
                            </div>
                        }
                        if !hints.is_empty() {
                            <ol class="pvp-goal-hints" aria-label="Hints">
                                { for hints.iter().map(|h| html! { <li>{ paragraphs(h) }</li> }) }
                            </ol>
                        }
                        if !reached {
                            <p class="pvp-goal-help">
                                if current.more_hints() {
                                    <button type="button" class="pvp-secondary" onclick={on_hint.clone()}>{ hint_label }</button>
                                } else if !*solution_shown {
                                    <button type="button" class="pvp-secondary" onclick={on_show_solution.clone()}>{ "Show the solution" }</button>
                                }
                                { reset_button.clone() }
                            </p>
                        }
                        { for solution.filter(|_| !reached) }
                    </section>
                }
            });
            let checks = (current.goal().is_none() && !verdicts.is_empty())
                .then(|| verdict_list(&verdicts, "What the cluster shows now"));
            html! {
                <>
                    <h4 ref={heading.clone()} tabindex="-1">{ format!("Step {} of {count}", step + 1) }</h4>
                    { for narrative }
                    { for recap }
                    { for checks }
                    { for question }
                    { for goal }
                    { for manifest }
                    if !changes.is_empty() {
                        <div class="pvp-lesson-changes" role="status">
                            <p><strong>{ "You changed the cluster since this step began:" }</strong></p>
                            <ul>{ for changes.iter().map(|c| html! { <li>{ c.clone() }</li> }) }</ul>
                            <p>{ "The lesson's next steps expect its own cluster. Keep exploring, or go back to it:" }</p>
                            { reset_button.clone() }
                        </div>
                    }
                    if let Some(preview) = preview {
                        <p class="pvp-lesson-preview">{ format!("Next {preview}.") }</p>
                    }
                </>
            }
        }
    };
    // Next waits for an answer or for the goal; the reason is shown beside it.
    let goal_waiting = current.goal().is_some() && !current.goal_reached(cluster);
    let waiting = if current.awaits_answer() {
        Some("Answer the question to go on.".to_owned())
    } else if goal_waiting {
        Some("Reach the goal to go on: change the cluster until every check shows ✓.".to_owned())
    } else {
        None
    };
    let next_label = if current.goal().is_some() {
        "Continue"
    } else {
        "Next"
    };
    let following = next_lesson(&name).and_then(|b| Some((b.name, lesson_title(b.name)?)));
    let end_actions = match (&props.on_next_lesson, following) {
        (Some(go), Some((next_name, title))) => {
            let go = go.clone();
            html! {
                <button type="button" class="pvp-primary"
                        onclick={Callback::from(move |_: MouseEvent| go.emit(AttrValue::from(next_name)))}>
                    { format!("Next lesson: {title}") }
                </button>
            }
        }
        (Some(_), None) => html! { <span>{ "That was the last lesson." }</span> },
        (None, _) => html! {},
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
                if current.finished() {
                    { end_actions }
                } else {
                    <button type="button" class="pvp-primary" onclick={on_next}
                            disabled={waiting.is_some()}
                            aria-describedby={waiting.is_some().then(|| next_why_id.clone())}>{ next_label }</button>
                    if let Some(why) = waiting {
                        <span id={next_why_id} class="pvp-lesson-hint-text">{ why }</span>
                    }
                }
                <button type="button" class="pvp-secondary" onclick={on_restart}>{ "Restart lesson" }</button>
            </p>
        </article>
    }
}

fn lesson_title(name: &str) -> Option<String> {
    Some(lesson(name)?.title)
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
    /// Told whether a lesson is being played (the page then stops offering its own hints: the
    /// lesson is the guide).
    #[prop_or_default]
    pub on_playing: Callback<bool>,
}

/// The standalone page's lessons: a labelled choice of the built-in lessons by title, and the
/// player of the one started (resumed after a reload when the page persists); the end of a
/// lesson offers the next.
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
    use_effect_with(playing.is_some(), {
        let on_playing = props.on_playing.clone();
        move |playing| on_playing.emit(*playing)
    });
    let start = {
        let (chosen, playing) = (chosen.clone(), playing.clone());
        Callback::from(move |name: String| {
            if persist {
                persistence::save_text(KEY, &name);
            }
            chosen.set(Some(name.clone()));
            playing.set(Some((name, false)));
        })
    };
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
        let (chosen, start) = (chosen.clone(), start.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = (*chosen).clone() {
                start.emit(name);
            }
        })
    };
    let on_next_lesson = {
        let start = start.clone();
        Callback::from(move |name: AttrValue| start.emit(name.to_string()))
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
                if chosen.is_none() {
                    <span class="pvp-lesson-hint-text">{ "Choose a lesson to play it." }</span>
                }
            </p>
            if let Some((name, restored)) = &*playing {
                <LessonPlayer key={name.clone()} lesson={AttrValue::from(name.clone())}
                              session={props.session.clone()} persist={persist}
                              session_is_lessons={*restored}
                              on_next_lesson={Some(on_next_lesson)} />
            }
        </section>
    }
}
