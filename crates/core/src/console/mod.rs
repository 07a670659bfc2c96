//! The kubectl console: a command line the learner types into, run against the simulated
//! cluster, printing what kubectl prints. A text is read like a shell reads it ([`shell`]),
//! each `kubectl` command's arguments like cobra and pflag read them ([`flags`]), its resource
//! arguments like kubectl's resource builder ([`targets`], [`resources`]); reads print with
//! kubectl's printers and describers, writes go through the session (`Session::check`, then
//! [`Action::Commit`]) and print kubectl's lines (`persistentvolumeclaim/data created`), and a
//! refusal prints the API server's answer as kubectl does. Nothing here panics on any input:
//! a command the console cannot run says so on stderr.
//!
//! A run returns the output (stdout, stderr, and the console's own notes kept apart), the
//! session actions the view dispatches in order, and intents for the view (open an object in
//! the editor, clear the screen).

pub mod api;
mod complete;
mod describe;
pub mod flags;
mod help;
pub(crate) mod json;
mod patch;
mod read;
pub mod resources;
pub mod shell;
mod tabwriter;
pub mod targets;
mod values;
mod write;
pub(crate) mod yaml;

pub use complete::{complete, Completion};

use crate::session::{Action, Session};
use pv_engine::objects::ObjectKey;

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// What kubectl writes to standard output.
    Out,
    /// What kubectl writes to standard error.
    Err,
    /// The console's own words (not kubectl's): what it cannot do, or what it did besides.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// What the view does besides printing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// `kubectl edit`: open this object in the editor.
    Edit(ObjectKey),
    /// `clear`: empty the transcript.
    Clear,
}

/// What running a text did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub output: Vec<Chunk>,
    /// To dispatch in order; the output already describes their effect.
    pub actions: Vec<Action>,
    pub intents: Vec<Intent>,
    /// The last command's exit status was 0.
    pub success: bool,
}

impl Outcome {
    /// Everything printed, streams interleaved as a terminal shows them.
    pub fn text(&self) -> String {
        self.output.iter().map(|c| c.text.as_str()).collect()
    }

    /// What went to one stream.
    pub fn stream(&self, stream: Stream) -> String {
        self.output
            .iter()
            .filter(|c| c.stream == stream)
            .map(|c| c.text.as_str())
            .collect()
    }
}

/// One command's working state: the session as the earlier commands left it, and what this
/// run printed and asked for.
pub(crate) struct Ctx<'a> {
    pub session: Session,
    pub editor_yaml: &'a str,
    pub outcome: Outcome,
}

/// A command's exit status.
pub(crate) type Status = Result<(), ()>;

impl Ctx<'_> {
    fn push(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.outcome.output.last_mut() {
            Some(last) if last.stream == stream => last.text.push_str(text),
            _ => self.outcome.output.push(Chunk {
                stream,
                text: text.to_owned(),
            }),
        }
    }

    pub fn out(&mut self, text: &str) {
        self.push(Stream::Out, text);
    }

    pub fn err(&mut self, text: &str) {
        self.push(Stream::Err, text);
    }

    pub fn note(&mut self, text: &str) {
        self.push(Stream::Note, text);
    }

    /// Prints an error and fails.
    pub fn fail(&mut self, text: &str) -> Status {
        self.err(text);
        Err(())
    }

    /// Records an action and moves this run's session past it, so later commands see it.
    pub fn act(&mut self, action: Action) {
        self.session = self.session.apply(action.clone());
        self.outcome.actions.push(action);
    }
}

/// Runs a text typed at the console (one command, or several on lines or separated by `;`
/// and `&&`, with here-documents) against `session`. `editor_yaml` is what `-f -` reads when
/// no here-document or pipe gives it input: the text of the YAML editor.
pub fn run(input: &str, session: &Session, editor_yaml: &str) -> Outcome {
    let mut ctx = Ctx {
        session: session.clone(),
        editor_yaml,
        outcome: Outcome {
            success: true,
            ..Outcome::default()
        },
    };
    let commands = match shell::read(input) {
        shell::Read::Complete(commands) => commands,
        shell::Read::Incomplete(what) => {
            ctx.note(&format!(
                "The command is not finished: {what} is still open.\n"
            ));
            ctx.outcome.success = false;
            return ctx.outcome;
        }
        shell::Read::Unsupported(why) => {
            ctx.note(&format!("{why}\n"));
            ctx.outcome.success = false;
            return ctx.outcome;
        }
    };
    let mut last_ok = true;
    for command in commands {
        if command.only_after_success && !last_ok {
            continue;
        }
        last_ok = run_pipeline(&mut ctx, &command.stages).is_ok();
    }
    ctx.outcome.success = last_ok;
    ctx.outcome
}

/// A pipeline: `kubectl …` alone, or `cat`/`echo` feeding kubectl's standard input.
fn run_pipeline(ctx: &mut Ctx, stages: &[shell::Stage]) -> Status {
    let mut stdin: Option<String> = None;
    for (i, stage) in stages.iter().enumerate() {
        let last = i + 1 == stages.len();
        let Some((program, args)) = stage.words.split_first() else {
            // A here-document without a command.
            continue;
        };
        let input = stage.here_document.clone().or(stdin.take());
        match program.as_str() {
            "kubectl" | "k" if last => return kubectl(ctx, args, input),
            "kubectl" | "k" => {
                ctx.note("kubectl's output cannot be piped here; run it on its own.\n");
                return Err(());
            }
            "cat" if args.is_empty() || args == ["-"] => {
                stdin = Some(input.unwrap_or_default());
                if last {
                    let text = stdin.take().unwrap_or_default();
                    ctx.out(&text);
                }
            }
            "echo" => {
                let text = format!("{}\n", args.join(" "));
                if last {
                    ctx.out(&text);
                } else {
                    stdin = Some(text);
                }
            }
            "help" if stages.len() == 1 => {
                ctx.out(&help::console_help());
                return Ok(());
            }
            "clear" if stages.len() == 1 => {
                ctx.outcome.intents.push(Intent::Clear);
                return Ok(());
            }
            "cat" => {
                ctx.note("cat reads only a here-document here: the console has no files.\n");
                return Err(());
            }
            other => {
                ctx.err(&format!("{other}: command not found\n"));
                ctx.note(
                    "This console runs kubectl (and `help`, `clear`, `cat <<EOF | kubectl …`).\n",
                );
                return Err(());
            }
        }
    }
    Ok(())
}

/// kubectl's commands in the order it adds them to cobra (the order of "Did you mean this?").
const KUBECTL_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "alpha",
    "config",
    "plugin",
    "version",
    "api-versions",
    "api-resources",
    "options",
    "help",
];

/// One kubectl command.
fn kubectl(ctx: &mut Ctx, args: &[String], stdin: Option<String>) -> Status {
    // Global flags may come before the verb (`kubectl -n shop get pvc`).
    let mut verb_at = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "-n" || a == "--namespace" {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            verb_at = Some(i);
            break;
        }
    }
    let Some(at) = verb_at else {
        return match flags::parse("", args, &[]) {
            Err(error) => ctx.fail(&error.replace("'kubectl  --help'", "'kubectl --help'")),
            Ok(_) => {
                ctx.out(&help::kubectl_help());
                Ok(())
            }
        };
    };
    let verb = args[at].as_str();
    let rest: Vec<String> = args[..at].iter().chain(&args[at + 1..]).cloned().collect();
    match verb {
        "get" => read::get(ctx, &rest),
        "describe" => read::describe(ctx, &rest),
        "apply" => write::apply(ctx, &rest, stdin, false),
        "create" => write::apply(ctx, &rest, stdin, true),
        "delete" => write::delete(ctx, &rest, stdin),
        "patch" => write::patch(ctx, &rest),
        "label" => write::label(ctx, &rest),
        "edit" => write::edit(ctx, &rest),
        "scale" => write::scale(ctx, &rest),
        "help" => {
            ctx.out(&help::verb_help(rest.first().map(String::as_str)));
            Ok(())
        }
        "api-resources" => read::api_resources(ctx, &rest),
        "version" => {
            ctx.out(
                "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n",
            );
            ctx.note("(The server is the simulator, which follows Kubernetes 1.32.)\n");
            Ok(())
        }
        known if KUBECTL_COMMANDS.contains(&known) => {
            ctx.note(&format!(
                "`kubectl {known}` is a real kubectl command, but this console runs only: {}. Type `help` for what each does.\n",
                help::SUPPORTED.join(", ")
            ));
            Err(())
        }
        unknown => {
            let suggestions: Vec<&str> = KUBECTL_COMMANDS
                .iter()
                .copied()
                .filter(|c| {
                    levenshtein(unknown, c) <= 2 || c.starts_with(&unknown.to_ascii_lowercase())
                })
                .collect();
            let mut message = format!("Error: unknown command \"{unknown}\" for \"kubectl\"\n");
            if !suggestions.is_empty() {
                message.push_str("\nDid you mean this?\n");
                for s in suggestions {
                    message.push_str(&format!("\t{s}\n"));
                }
                message.push('\n');
            }
            ctx.fail(&message)
        }
    }
}

/// Cobra's edit distance for suggestions (case-insensitive).
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
