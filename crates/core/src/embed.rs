//! An embedded widget's configuration and outputs, as pure data: its attributes (or the JS
//! API's options) read and validated into [`Settings`], the host page's theme, where its
//! first state comes from, and its state as JSON. The browser side is `web/embed.rs`.

use crate::manifest::write_double_quoted;
use crate::problem::quoted;
use crate::session::{Problem, Session};

/// Which parts of the playground a widget shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The claim picker, the live flowchart and why each volume did or did not fit.
    Flow,
    /// The cluster graph and the volume lifecycle.
    Cluster,
    /// kubectl's tables and the event log.
    Tables,
    /// Everything, with the forms and the YAML panel.
    #[default]
    Full,
}

/// A part of the page, for [`View::shows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Flow,
    Cluster,
    Tables,
    /// The forms and the YAML panel.
    Editing,
}

impl View {
    /// The view as `data-view` spells it.
    pub fn name(self) -> &'static str {
        match self {
            View::Flow => "flow",
            View::Cluster => "cluster",
            View::Tables => "tables",
            View::Full => "full",
        }
    }

    pub fn shows(self, part: Part) -> bool {
        matches!(
            (self, part),
            (View::Full, _)
                | (View::Flow, Part::Flow)
                | (View::Cluster, Part::Cluster)
                | (View::Tables, Part::Tables)
        )
    }
}

/// The widget's colours: fixed, or following the host page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

/// Where a widget's first state comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Initial {
    /// The demo cluster at its steady state (the standalone page).
    #[default]
    Demo,
    /// An author's manifests, applied to an empty cluster and settled (empty text: an empty
    /// cluster).
    Manifests(String),
    /// A scenario's text (an inline script with `steps:`, or a fetched `data-scenario`).
    Scenario(String),
    /// A built-in lesson, by name.
    Lesson(String),
}

/// A widget's first state: the text it has, or a scenario still to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Ready(Initial),
    /// `data-scenario`: the URL of a scenario file, resolved against the host page.
    Fetch(String),
}

/// A widget's validated settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub source: Source,
    pub view: View,
    pub readonly: bool,
    pub theme: Theme,
    /// A CSS length: the widget scrolls inside this height.
    pub height: Option<String>,
    /// The compact explainer's knobs (`data-knobs`), its manifest beside the diagram
    /// (`data-manifest`) and its "Copy as Mermaid" (`data-mermaid`; flow view only).
    pub look: crate::explainer::Look,
}

impl Settings {
    /// Whether the widget is the compact explainer (`web/explainer.rs`, the lean build):
    /// the flow or cluster view of an author's manifests. Lessons, scenarios and the demo are
    /// played by the full playground.
    pub fn is_explainer(&self) -> bool {
        matches!(self.view, View::Flow | View::Cluster)
            && matches!(self.source, Source::Ready(Initial::Manifests(_)))
    }

    /// The height a full playground widget (a lesson, a scenario, another view) keeps: the
    /// author's, or [`PLAYGROUND_HEIGHT`]. None for the compact explainer, which sizes itself
    /// within `--pvp-height` (480px unless set).
    pub fn playground_height(&self) -> Option<&str> {
        if self.is_explainer() {
            return None;
        }
        Some(self.height.as_deref().unwrap_or(PLAYGROUND_HEIGHT))
    }
}

/// A full playground widget's height when the author gives none. Fixed rather than its
/// content's: its still picture takes the same before the script runs, and a lesson's or
/// scenario's steps change what it shows, so the page below moves neither when it starts nor
/// as the reader steps (it scrolls inside instead). 800px holds a lesson's step at 1280 px
/// wide (794 px measured); 90vh keeps it within a phone's screen.
pub const PLAYGROUND_HEIGHT: &str = "min(800px, 90vh)";

/// The option names, as the JS API spells them; attributes add `data-` in front.
pub const OPTIONS: [&str; 10] = [
    "lesson", "scenario", "yaml", "view", "readonly", "theme", "height", "knobs", "manifest",
    "mermaid",
];

impl Settings {
    /// Reads options given as (name, value) pairs: a widget's `data-*` attributes without
    /// `data-` and its inline YAML script as `yaml` (`prefix` "data-"), or the JS API's
    /// options (`prefix` ""). Names it does not know are ignored (host pages put their own
    /// `data-*` attributes on elements); every bad value is reported, named as the author
    /// wrote it.
    pub fn read(options: &[(String, String)], prefix: &str) -> Result<Settings, Vec<String>> {
        let get = |name: &str| {
            options
                .iter()
                .rev()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let mut problems = Vec::new();
        let mut choose = |name: &str, allowed: &[&str]| -> Option<usize> {
            let value = get(name)?;
            let found = allowed.iter().position(|a| *a == value.trim());
            if found.is_none() {
                problems.push(format!(
                    "{prefix}{name} must be one of {}; got {}",
                    allowed.join(", "),
                    quoted(value)
                ));
            }
            found
        };
        let view = match choose("view", &["flow", "cluster", "tables", "full"]) {
            Some(0) => View::Flow,
            Some(1) => View::Cluster,
            Some(2) => View::Tables,
            _ => View::Full,
        };
        let theme = match choose("theme", &["light", "dark", "auto"]) {
            Some(0) => Theme::Light,
            Some(1) => Theme::Dark,
            _ => Theme::Auto,
        };
        // Boolean attributes: present (empty) means yes.
        let mut flag = |name: &str| match get(name).map(str::trim) {
            None | Some("false") => false,
            Some(value) if value.is_empty() || value == "true" || value == name => true,
            Some(other) => {
                problems.push(format!(
                    "{prefix}{name} must be empty, true or false; got {}",
                    quoted(other)
                ));
                false
            }
        };
        let readonly = flag("readonly");
        let manifest = flag("manifest");
        let mermaid = flag("mermaid");
        let knobs = match get("knobs").map(crate::knobs::parse_knobs) {
            None => Vec::new(),
            Some(Ok(knobs)) => knobs,
            Some(Err(found)) => {
                problems.extend(found.into_iter().map(|p| format!("{prefix}{p}")));
                Vec::new()
            }
        };
        // Knobs and the manifest beside the diagram belong to one claim's flowchart: said,
        // not silently dropped, when the view has none.
        if view != View::Flow {
            for (name, given) in [("knobs", !knobs.is_empty()), ("manifest", manifest)] {
                if given {
                    problems.push(format!(
                        "{prefix}{name} needs {prefix}view=\"flow\" (it belongs to the flowchart of one claim); this widget's view is {}",
                        view.name()
                    ));
                }
            }
        }
        let height = get("height").map(|h| h.trim().to_owned());
        if let Some(h) = &height {
            if !is_css_length(h) {
                problems.push(format!(
                    "{prefix}height must be a CSS length such as 600px, 40rem or 80vh; got {}",
                    quoted(h)
                ));
            }
        }
        let sources: Vec<Source> = [
            get("lesson").map(|l| Source::Ready(Initial::Lesson(l.trim().to_owned()))),
            get("scenario").map(|s| Source::Fetch(s.trim().to_owned())),
            get("yaml").map(|text| Source::Ready(initial_from_text(text))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if sources.len() > 1 {
            problems.push(format!(
                "use only one of {prefix}lesson, {prefix}scenario or {}",
                if prefix.is_empty() {
                    "yaml"
                } else {
                    "an inline <script type=\"application/yaml\">"
                }
            ));
        }
        let source = sources
            .into_iter()
            .next()
            .unwrap_or(Source::Ready(Initial::Demo));
        match &source {
            Source::Ready(Initial::Lesson(name)) if name.is_empty() => {
                problems.push(format!("{prefix}lesson needs a lesson's name"))
            }
            Source::Fetch(url) if url.is_empty() => {
                problems.push(format!("{prefix}scenario needs the URL of a scenario file"))
            }
            _ => {}
        }
        if problems.is_empty() {
            Ok(Settings {
                source,
                view,
                readonly,
                theme,
                height,
                look: crate::explainer::Look {
                    knobs,
                    manifest,
                    readonly,
                    mermaid,
                    cluster: view == View::Cluster,
                },
            })
        } else {
            Err(problems)
        }
    }
}

/// The spaces every non-blank line of `text` starts with: what [`initial_from_text`] removes.
pub fn shared_indent(text: &str) -> usize {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0)
}

/// Inline YAML, without the indentation its lines share (authors indent a script's text
/// with the page's HTML, and `---` must start a line): a scenario when it has a top-level
/// `steps:` key, else manifests.
pub fn initial_from_text(text: &str) -> Initial {
    let indent = shared_indent(text);
    // Each line ends with its line break, the last too: the reader takes a text without a
    // final one for a cut-short paste and says so of an error on its last line.
    let text: String = text
        .lines()
        .map(|line| format!("{}\n", line.get(indent..).unwrap_or("").trim_end()))
        .collect();
    if text.lines().any(|line| line.starts_with("steps:")) {
        Initial::Scenario(text)
    } else {
        Initial::Manifests(text)
    }
}

/// A non-negative number with a CSS length unit (or `%`). Nothing else reaches the style
/// attribute, so a value cannot add declarations.
fn is_css_length(text: &str) -> bool {
    const UNITS: [&str; 10] = [
        "px", "em", "rem", "vh", "svh", "lvh", "dvh", "ex", "ch", "%",
    ];
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
    let unit = &text[digits.len()..];
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    UNITS.contains(&unit)
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        && !(whole.is_empty() && fraction.is_none())
}

/// The colours a widget shows: None follows the system (`prefers-color-scheme`, which the
/// style sheet handles by itself). With [`Theme::Auto`] the host page decides when it says:
/// Docusaurus' `data-theme` on `<html>`, mdBook's theme classes on `<html>` (`light`,
/// `rust` are light; `coal`, `navy`, `ayu` dark), or a `dark`/`light` class (Tailwind, many
/// Hugo themes).
pub fn scheme(theme: Theme, html_class: &str, html_data_theme: Option<&str>) -> Option<Theme> {
    const DARK: [&str; 4] = ["dark", "coal", "navy", "ayu"];
    const LIGHT: [&str; 2] = ["light", "rust"];
    let named = |word: &str| {
        if DARK.contains(&word) {
            Some(Theme::Dark)
        } else if LIGHT.contains(&word) {
            Some(Theme::Light)
        } else {
            None
        }
    };
    match theme {
        Theme::Auto => html_data_theme
            .and_then(|t| named(t.trim()))
            .or_else(|| html_class.split_whitespace().find_map(named)),
        fixed => Some(fixed),
    }
}

/// `"key":"value"` or `"key":null`.
fn json_field(out: &mut String, key: &str, value: Option<&str>) {
    write_double_quoted(out, key);
    out.push(':');
    match value {
        Some(v) => write_double_quoted(out, v),
        None => out.push_str("null"),
    }
}

/// Entries of a JSON object: a name, then its fields.
type Entries = Vec<(String, [(&'static str, Option<String>); 2])>;

/// One JSON object of `"name":{fields}` entries (not generic: one copy in the page).
fn json_map(out: &mut String, entries: Entries) {
    out.push('{');
    for (i, (name, fields)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_double_quoted(out, &name);
        out.push_str(":{");
        for (j, (key, value)) in fields.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            json_field(out, key, value.as_deref());
        }
        out.push('}');
    }
    out.push('}');
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The widget's state for the JS API's `state()`: whether the control loop settled, each
/// claim's phase and volume, each volume's phase and claim, each pod's phase and node (the
/// names a scenario's `expect` uses), and every object as YAML (`yaml`, which `apply` reads
/// back).
pub fn state_json(session: &Session) -> String {
    let cluster = &session.cluster;
    let mut out = format!(
        "{{\"settled\":{},\"passes\":{},\"claims\":",
        session.settled, session.passes
    );
    json_map(
        &mut out,
        cluster
            .claims()
            .map(|c| {
                (
                    c.metadata.namespaced_name(),
                    [
                        ("phase", Some(c.status.phase.to_string())),
                        ("volume", non_empty(&c.spec.volume_name)),
                    ],
                )
            })
            .collect(),
    );
    out.push_str(",\"volumes\":");
    json_map(
        &mut out,
        cluster
            .volumes()
            .map(|v| {
                let claim = v
                    .spec
                    .claim_ref
                    .as_ref()
                    .map(|r| format!("{}/{}", r.namespace, r.name));
                (
                    v.metadata.name.clone(),
                    [
                        ("phase", Some(v.status.phase.to_string())),
                        ("claim", claim),
                    ],
                )
            })
            .collect(),
    );
    out.push_str(",\"pods\":");
    json_map(
        &mut out,
        cluster
            .pods()
            .map(|p| {
                (
                    p.metadata.namespaced_name(),
                    [
                        ("phase", p.status.phase.clone()),
                        ("node", non_empty(&p.spec.node_name)),
                    ],
                )
            })
            .collect(),
    );
    out.push(',');
    json_field(
        &mut out,
        "yaml",
        Some(&crate::manifest::to_yaml(&cluster.objects())),
    );
    out.push('}');
    out
}

/// The JS API's `mermaid(what)`: the followed claim's live flowchart (`"flowchart"`) or the
/// cluster graph (`"cluster"`) as Mermaid source, or what is wrong with the call. The
/// flowchart only is computed when that is what is asked for.
pub fn mermaid_source(session: &Session, what: &str) -> Result<String, String> {
    match what {
        "flowchart" => session
            .followed_claim()
            .and_then(|claim| crate::diagram::claim_mermaid(&session.cluster, &claim))
            .ok_or_else(|| "there is no claim to draw a flowchart for".to_owned()),
        "cluster" => Ok(session.mermaid_sources().cluster),
        other => Err(format!(
            "mermaid(what): what must be \"flowchart\" or \"cluster\"; got {other:?}"
        )),
    }
}

/// The author's manifests' problems, after the line the widget shows above them.
pub fn not_applied(problems: Vec<Problem>) -> Vec<Problem> {
    let mut all = vec![Problem::nowhere("The manifests could not be applied:")];
    all.extend(problems);
    all
}

/// A widget's first session, or what is wrong with its source.
pub fn start_session(initial: &Initial) -> Result<Session, Vec<String>> {
    match initial {
        Initial::Demo => Ok(Session::settled_demo()),
        Initial::Manifests(text) => Session::from_manifests(text).map_err(|problems| {
            not_applied(problems)
                .iter()
                .map(Problem::to_string)
                .collect()
        }),
        Initial::Scenario(text) => scenario_session(text).map_err(|why| vec![why]),
        Initial::Lesson(name) => lesson_session(name).map_err(|why| vec![why]),
    }
}

// Scenarios and lessons are played by `scenario::player` (the same steps `pvsim run` plays).
use crate::scenario::player::{lesson_session, scenario_session};

// Native only: they read the JSON back with serde_json, which the wasm build lacks.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
