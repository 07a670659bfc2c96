//! The kubectl console: a terminal-like transcript and a prompt where the learner types
//! kubectl commands against the simulated cluster. What a command prints and does is
//! `pv_core::console`'s (`run`, `complete`); this component keeps the transcript and the
//! history, reads the keys (Enter, ↑/↓, Tab, Ctrl+L), dispatches the actions and hands `edit`
//! to the page.

use super::SessionState;
use pv_core::console::{self, Chunk, Intent, Stream};
use pv_engine::objects::ObjectKey;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The page's session: commands read it and dispatch their actions to it.
    pub session: UseReducerHandle<SessionState>,
    /// `kubectl edit`: the page opens the object in its editor.
    #[prop_or_default]
    pub on_edit: Callback<ObjectKey>,
    /// What `-f -` reads when the command gives no here-document: the YAML editor's text.
    #[prop_or_default]
    pub editor_yaml: AttrValue,
}

/// One command in the transcript and what it printed.
#[derive(Clone, PartialEq)]
struct Entry {
    input: String,
    output: Vec<Chunk>,
}

/// How many commands the transcript keeps (older ones scroll away for good).
const TRANSCRIPT: usize = 200;
const HISTORY: usize = 500;

/// Commands offered to try with one click.
const EXAMPLES: [&str; 4] = [
    "kubectl get pv",
    "kubectl get pvc -A",
    "kubectl describe pvc -A",
    "help",
];

fn stream_class(stream: Stream) -> &'static str {
    match stream {
        Stream::Out => "pvp-console-out",
        Stream::Err => "pvp-console-err",
        Stream::Note => "pvp-console-note",
    }
}

#[function_component(Console)]
pub fn console_view(props: &ConsoleProps) -> Html {
    let ids = use_memo((), |_| super::unique_prefix("console"));
    let (input_id, heading_id, hint_id) = (
        format!("{ids}-input"),
        format!("{ids}-heading"),
        format!("{ids}-hint"),
    );
    let transcript = use_state(Vec::<Entry>::new);
    let history = use_mut_ref(Vec::<String>::new);
    // Where ↑/↓ are in the history (None: at the line being typed), and that line.
    let recall = use_mut_ref(|| (None::<usize>, String::new()));
    let text = use_state(String::new);
    let candidates = use_state(Vec::<String>::new);
    let log = use_node_ref();
    let input = use_node_ref();

    // Each new output scrolls into view.
    {
        let log = log.clone();
        use_effect_with(transcript.len(), move |_| {
            if let Some(element) = log.cast::<HtmlElement>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }

    let run = {
        let (session, transcript, text, candidates) = (
            props.session.clone(),
            transcript.clone(),
            text.clone(),
            candidates.clone(),
        );
        let (history, recall, on_edit, editor) = (
            history.clone(),
            recall.clone(),
            props.on_edit.clone(),
            props.editor_yaml.clone(),
        );
        move |line: String| {
            let outcome = console::run(&line, &session, &editor);
            let mut entries = (*transcript).clone();
            if !line.trim().is_empty() {
                let mut history = history.borrow_mut();
                if history.last() != Some(&line) {
                    history.push(line.clone());
                    if history.len() > HISTORY {
                        history.remove(0);
                    }
                }
            }
            *recall.borrow_mut() = (None, String::new());
            entries.push(Entry {
                input: line,
                output: outcome.output,
            });
            for intent in &outcome.intents {
                match intent {
                    Intent::Clear => entries.clear(),
                    Intent::Edit(key) => on_edit.emit(key.clone()),
                }
            }
            if entries.len() > TRANSCRIPT {
                let extra = entries.len() - TRANSCRIPT;
                entries.drain(..extra);
            }
            transcript.set(entries);
            text.set(String::new());
            candidates.set(Vec::new());
            for action in outcome.actions {
                session.dispatch(action);
            }
        }
    };

    let on_input = {
        let (text, candidates) = (text.clone(), candidates.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(area.value());
                candidates.set(Vec::new());
            }
        })
    };

    let on_key = {
        let (text, candidates, transcript, session) = (
            text.clone(),
            candidates.clone(),
            transcript.clone(),
            props.session.clone(),
        );
        let (history, recall, run) = (history.clone(), recall.clone(), run.clone());
        Callback::from(move |event: KeyboardEvent| {
            let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            let value = area.value();
            let key = event.key();
            let on_first_line = !value[..caret(&area, &value)].contains('\n');
            let on_last_line = !value[caret(&area, &value)..].contains('\n');
            match key.as_str() {
                "Enter" if !event.shift_key() => {
                    // An open quote or here-document continues on the next line.
                    if console::shell::needs_more(&value).is_some() {
                        return;
                    }
                    event.prevent_default();
                    run(value);
                }
                "l" | "L" if event.ctrl_key() => {
                    event.prevent_default();
                    transcript.set(Vec::new());
                }
                "c" | "C" if event.ctrl_key() && area.selection_start() == area.selection_end() => {
                    // ^C abandons the line, as in a shell.
                    event.prevent_default();
                    let mut entries = (*transcript).clone();
                    entries.push(Entry {
                        input: format!("{value}^C"),
                        output: Vec::new(),
                    });
                    transcript.set(entries);
                    text.set(String::new());
                    candidates.set(Vec::new());
                }
                "ArrowUp" if on_first_line => {
                    let history = history.borrow();
                    let mut recall = recall.borrow_mut();
                    let next = match recall.0 {
                        None if !history.is_empty() => {
                            recall.1 = value.clone();
                            Some(history.len() - 1)
                        }
                        Some(i) if i > 0 => Some(i - 1),
                        other => other,
                    };
                    if let Some(i) = next {
                        event.prevent_default();
                        recall.0 = Some(i);
                        text.set(history[i].clone());
                        area.set_value(&history[i]);
                    }
                }
                "ArrowDown" if on_last_line => {
                    let history = history.borrow();
                    let mut recall = recall.borrow_mut();
                    if let Some(i) = recall.0 {
                        event.prevent_default();
                        let line = if i + 1 < history.len() {
                            recall.0 = Some(i + 1);
                            history[i + 1].clone()
                        } else {
                            recall.0 = None;
                            recall.1.clone()
                        };
                        text.set(line.clone());
                        area.set_value(&line);
                    }
                }
                // Tab completes what is typed; on an empty line it moves the focus on, so the
                // prompt never traps the keyboard.
                "Tab" if !event.shift_key() && !value[..caret(&area, &value)].trim().is_empty() => {
                    event.prevent_default();
                    let cursor = caret(&area, &value);
                    let completion = console::complete(&value, cursor, &session);
                    let word_len = cursor - completion.start;
                    let insert = match completion.candidates.as_slice() {
                        [one] => format!("{one} "),
                        _ if completion.common.len() > word_len => completion.common.clone(),
                        _ => String::new(),
                    };
                    if !insert.is_empty() {
                        let next =
                            format!("{}{insert}{}", &value[..completion.start], &value[cursor..]);
                        let at = (completion.start + insert.len()) as u32;
                        area.set_value(&next);
                        let _ = area.set_selection_range(at, at);
                        text.set(next);
                    }
                    candidates.set(if completion.candidates.len() > 1 {
                        completion.candidates
                    } else {
                        Vec::new()
                    });
                }
                _ => {}
            }
        })
    };

    // A click on the screen (not a selection) puts the caret in the prompt.
    let focus = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(area) = input.cast::<HtmlElement>() {
                    let _ = area.focus();
                }
            }
        })
    };

    let rows = text.lines().count().clamp(1, 12) as u32 + u32::from(text.ends_with('\n'));
    html! {
        <section class="pvp-console" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ "kubectl console" }</h2>
            <p class="pvp-console-hint" id={hint_id.clone()}>
                { "Type kubectl commands against the simulated cluster: what kubectl prints is printed here. " }
                <kbd>{ "Tab" }</kbd>{ " completes (on an empty line it moves on), " }<kbd>{ "↑" }</kbd>{ "/" }<kbd>{ "↓" }</kbd>
                { " recall earlier commands, " }<code>{ "help" }</code>{ " lists what the console runs." }
            </p>
            <p class="pvp-console-examples">
                <span>{ "Try:" }</span>
                { for EXAMPLES.iter().map(|example| {
                    let run = run.clone();
                    html! {
                        <button type="button" onclick={Callback::from(move |_: MouseEvent| run(example.to_string()))}>
                            <code>{ *example }</code>
                        </button>
                    }
                }) }
            </p>
            <div class="pvp-console-screen" onclick={focus}>
                <div class="pvp-console-log" ref={log} role="log" aria-live="polite"
                     aria-label="Console output" tabindex="0">
                    { for transcript.iter().map(|entry| html! {
                        <div class="pvp-console-entry">
                            <pre class="pvp-console-command"><span class="pvp-console-prompt-sign" aria-hidden="true">{ "$ " }</span>{ &entry.input }</pre>
                            { for entry.output.iter().map(|chunk| html! {
                                <pre class={stream_class(chunk.stream)} data-stream={match chunk.stream { Stream::Out => "stdout", Stream::Err => "stderr", Stream::Note => "note" }}>{ &chunk.text }</pre>
                            }) }
                        </div>
                    }) }
                </div>
                <div class="pvp-console-prompt">
                    <label for={input_id.clone()} class="pvp-visually-hidden">{ "kubectl command" }</label>
                    <span class="pvp-console-prompt-sign" aria-hidden="true">{ "$ " }</span>
                    <textarea id={input_id} ref={input} rows={rows.to_string()} spellcheck="false"
                              autocomplete="off" autocapitalize="off" aria-describedby={hint_id}
                              value={(*text).clone()} oninput={on_input} onkeydown={on_key}
                              placeholder="kubectl get pvc -A" />
                </div>
                if !candidates.is_empty() {
                    <ul class="pvp-console-candidates" aria-label="Completions" aria-live="polite">
                        { for candidates.iter().map(|c| html! { <li>{ c }</li> }) }
                    </ul>
                }
            </div>
        </section>
    }
}

/// The caret's byte offset in the text (the DOM counts UTF-16 units).
fn caret(area: &HtmlTextAreaElement, value: &str) -> usize {
    let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let mut seen = 0;
    for (i, c) in value.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    value.len()
}
