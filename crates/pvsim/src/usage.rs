//! The command line's grammar: each subcommand's help (`pvsim help CMD`, `pvsim CMD --help`),
//! its options read strictly (an unknown option, a missing or bad value is an error), and one
//! shape for every usage error: `pvsim CMD: what is wrong`, the subcommand's usage lines, a
//! pointer to its help, exit code 2.

pub use pv_core::problem::quoted;

/// Exit code of a usage error (and of a malformed input).
pub const MALFORMED: i32 = 2;

/// A subcommand: its name, usage lines and the rest of its help.
pub struct Command {
    pub name: &'static str,
    usage: &'static str,
    help: &'static str,
}

pub const COMMANDS: &[Command] = &[
    Command {
        name: "run",
        usage: "pvsim run [--output json] FILE...",
        help: "Plays scenario files (tests/scenarios/*.yaml, lessons/*.yaml) and prints \"pass NAME\"
or \"FAIL NAME: …\" for each, then \"N passed, M failed\".

  --output json   one JSON report: counts, and per file the result, the state and explanations

Exit code: 0 all passed, 1 one failed, 2 one is malformed (FILE:LINE:COLUMN: message).",
    },
    Command {
        name: "explain",
        usage: "pvsim explain [--output json|yaml] [--claim NAMESPACE/NAME]... [--volumes N|all] FILE|-",
        help: "Creates the objects of manifests or of a `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` dump
(FILE, or - for standard input) in an empty simulated cluster, lets the controllers settle, and
prints kubectl's tables, the events and why each Pending claim is Pending, with the verdict of
its first volumes.

  --claim NAMESPACE/NAME   explain this claim (whatever its phase) instead of the Pending ones;
                           repeat for more
  --volumes N|all          volume verdicts per claim: N (default 10; all with --claim)
  --output json            the state and the explanations as one JSON document (every claim,
                           or the ones named by --claim)
  --output yaml            the settled state as a kind: List that pvsim reads again

Input: at most 32 MiB. Exit code: 0, or 2 when the input cannot be read or is refused.",
    },
    Command {
        name: "diagnose",
        usage: "pvsim diagnose [--output json] [--simulate-fixes] FILE|-",
        help: "Reads a `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` dump (FILE, or - for standard input) as
it is, with no controller running, and prints a verdict for every stuck claim, pod and volume:
Kubernetes' reason and message, the evidence, the volumes that came closest and the first rule
each fails, and the smallest fix as kubectl commands.

  --simulate-fixes   apply each fix to the dump in the simulator and say whether it resolves
                     the verdict (a request Kubernetes would refuse is named)
  --output json      the diagnosis as one JSON document, each fix with its steps and its
                     kubectl text (and the simulations, with --simulate-fixes)

Input: at most 32 MiB. Manifests that were never in a cluster (no uid, no status) are not a
dump: `pvsim explain` shows what Kubernetes does with them.
Exit code: 0 nothing is stuck, 1 something is stuck, 2 the input cannot be read, is refused
or is not a dump.",
    },
    Command {
        name: "dump",
        usage: "pvsim dump --objects N [--seed S]",
        help: "Prints a realistic generated `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` dump of exactly N
objects (test data; at most 200000), the same for the same seed (default 1).",
    },
    Command {
        name: "bench",
        usage: "pvsim bench --volumes N --claims N [--seed S]",
        help: "Settles a seeded random cluster of N volumes and N claims (each at most 1000000) and
prints one JSON line: volumes, claims, bound, settle_ms.",
    },
    Command {
        name: "render",
        usage: "pvsim render [--view V] [--knobs K,..] [--readonly] [--manifest] [--mermaid] [--height H]
             [--theme T] [--lesson NAME] [--prefix P] [--one-line] [--svg] [FILE|-]",
        help: "Prints an embed's element as it must be before any script runs: its settings, a declarative
shadow root with the widget's first picture (the live flowchart as static SVG with its text
description) and styles, and the manifests or scenario it resumes from (FILE, or - for standard
input). The options are the embed's attributes (docs/embedding.md).

  --one-line   the text in data-yaml, on one line (for Markdown)
  --svg        the picture's <svg> alone
  --prefix P   the id prefix of the picture's elements (default pvp-r0)

Exit code: 0, 1 when there is no claim to draw, 2 when the input cannot be read or is refused.",
    },
    Command {
        name: "prerender",
        usage: "pvsim prerender PATH...",
        help: "Prerenders, in place, every widget of built HTML pages (PATH: a file, or a directory whose
*.html files are read): each <pv-playground> and <div data-pv-playground> without a picture gets
its declarative shadow root, the first picture `pvsim render` draws, as its first child, and
nothing else in the page changes (a page React hydrates, as Docusaurus' are, finds the markup it
rendered). For sites that cannot run pvsim per widget while they build: run it on Hugo's public/
or Docusaurus' build/ after the build. Widgets that fetch their scenario are left to the live
widget; one whose settings or text are refused is left as it was and named (FILE:LINE:COLUMN).

Exit code: 0, or 2 when a file cannot be read or written or a widget is refused.",
    },
    Command {
        name: "help",
        usage: "pvsim help [COMMAND]",
        help: "Prints pvsim's usage, or a command's help (as `pvsim COMMAND --help` does).",
    },
];

fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Every subcommand's usage lines.
fn overview() -> String {
    let mut out = String::from(
        "pvsim: pv-playground's simulated Kubernetes storage on the command line.\n\nusage:\n",
    );
    for c in COMMANDS {
        out.push_str(&format!("  {}\n", c.usage));
    }
    out.push_str("\nRun 'pvsim help COMMAND' for a command's options.");
    out
}

/// The answer to a request for help, if `args` asks for one: `help [CMD]`, `--help` or `-h`
/// anywhere (a subcommand's help when one is named first). Help goes to standard output.
pub fn help_requested(args: &[String]) -> Option<i32> {
    let asks = |w: &String| w == "--help" || w == "-h";
    let first = args.first().map(String::as_str);
    let topic = match first {
        Some("help") => match args.get(1..).unwrap_or_default() {
            [] => None,
            [flag] if asks(flag) => Some("help"),
            [name] if command(name).is_some() => Some(name.as_str()),
            [name] => return Some(error(None, &format!("no command {}", quoted(name)))),
            _ => return Some(error(Some("help"), "give at most one command")),
        },
        _ if args.iter().any(asks) => first.filter(|name| command(name).is_some()),
        _ => return None,
    };
    match topic.and_then(command) {
        Some(c) => println!("usage: {}\n\n{}", c.usage, c.help),
        None => println!("{}", overview()),
    }
    Some(0)
}

/// Reports a usage error of `command` (None: of pvsim itself) on standard error.
pub fn error(command_name: Option<&str>, problem: &str) -> i32 {
    match command_name.and_then(command) {
        Some(c) => eprintln!(
            "pvsim {}: {problem}\nusage: {}\nRun 'pvsim help {}' for its options.",
            c.name, c.usage, c.name
        ),
        None => eprintln!("pvsim: {problem}\n{}", overview()),
    }
    MALFORMED
}

/// A subcommand's words read against the options it takes (each with a value, as `--flag V`
/// or `--flag=V`); everything else is an operand (`-` is standard input).
pub struct Options<'a> {
    pub values: Vec<(&'static str, &'a str)>,
    pub operands: Vec<&'a str>,
}

impl<'a> Options<'a> {
    pub fn read(words: &[&'a str], known: &[&'static str]) -> Result<Self, String> {
        let mut options = Options {
            values: Vec::new(),
            operands: Vec::new(),
        };
        let mut words = words.iter().copied();
        while let Some(word) = words.next() {
            if !word.starts_with("--") {
                options.operands.push(word);
                continue;
            }
            let (name, inline) = match word.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (word, None),
            };
            let Some(flag) = known.iter().find(|k| **k == name) else {
                return Err(format!("unknown option {}", quoted(name)));
            };
            let Some(value) = inline.or_else(|| words.next()) else {
                return Err(format!("{flag} needs a value"));
            };
            options.values.push((flag, value));
        }
        Ok(options)
    }

    /// The last value given for `flag`.
    pub fn value(&self, flag: &str) -> Option<&'a str> {
        self.values
            .iter()
            .rev()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| *v)
    }

    /// Every value given for `flag`, in order.
    pub fn all(&self, flag: &str) -> Vec<&'a str> {
        self.values
            .iter()
            .filter(|(f, _)| *f == flag)
            .map(|(_, v)| *v)
            .collect()
    }

    /// `flag`'s value as a whole number from `min` to `max`, if given.
    pub fn number(&self, flag: &str, min: u64, max: u64) -> Result<Option<u64>, String> {
        let Some(text) = self.value(flag) else {
            return Ok(None);
        };
        match text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(format!(
                "{flag} must be a whole number from {min} to {max}; got {}",
                quoted(text)
            )),
        }
    }
}
