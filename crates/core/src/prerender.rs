//! An embed written out before any script runs (`pvsim render`, the mdBook preprocessor, and
//! `pvsim prerender` over a built site through [`in_place`]): the
//! widget's element with its settings as `data-*` attributes, a declarative shadow root
//! holding the style sheet and the widget's first picture, and the author's text the live
//! widget starts from. Browsers draw the shadow root at parse time, with no JavaScript; the
//! embedding script later makes the same markup live in place (the explainer's HTML is
//! [`crate::explainer::html`] in both, with the same id prefix), so nothing moves.
//!
//! The compact explainer (`view` flow or cluster over manifests) is prerendered as the live
//! widget draws it. Other widgets (a scenario, a lesson, the tables, the full playground) get
//! the picture of their first claim's live flowchart (for `cluster`, the cluster graph) as a
//! placeholder the full playground replaces when it starts.

use crate::diagram::markup::{attr, description, escape_text, svg, Drawing};
use crate::diagram::{
    cluster_graph, cluster_layout_options, layout, live_flowchart, LayoutOptions,
};
use crate::embed::{
    initial_from_text, not_applied, start_session, Initial, Settings, Source, View, OPTIONS,
};
use crate::explainer::{html, Explainer};
use crate::problem::Problem;
use crate::session::Session;

/// The settled session of a scenario, lesson or manifests, or why not.
fn first_session(initial: &Initial) -> Result<Session, Vec<Problem>> {
    // Manifests' problems keep their place in the author's text (start_session writes them as
    // the widget shows them, one line each).
    let session = match initial {
        Initial::Manifests(text) => Session::from_manifests(text).map_err(not_applied)?,
        _ => start_session(initial).map_err(nowhere)?,
    };
    Ok(if session.settled {
        session
    } else {
        session.apply(crate::session::Action::Settle)
    })
}

/// Messages that have no place in a text.
fn nowhere(lines: Vec<String>) -> Vec<Problem> {
    lines.into_iter().map(Problem::nowhere).collect()
}

/// How the element is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The author's text in an inline `<script type="application/yaml">`, as people write
    /// embeds by hand.
    Script,
    /// One line, the author's text in `data-yaml` (newlines as `&#10;`): for Markdown, where
    /// a blank line would end an HTML block (the mdBook preprocessor).
    OneLine,
}

/// The element of one prerendered embed. `options` are the embed's settings as the JS API
/// names them (`view`, `knobs`, `readonly`, …, and `yaml` for the author's text; `lesson` for
/// a built-in lesson); `css` is the widget's style sheet (inlined in the shadow root, since a
/// linked sheet would arrive after the first paint); `prefix` makes the ids unique on the page.
pub fn prerender(
    options: &[(String, String)],
    css: &str,
    prefix: &str,
    form: Form,
) -> Result<String, Vec<Problem>> {
    let settings = Settings::read(options, "").map_err(nowhere)?;
    let text = options
        .iter()
        .rev()
        .find(|(k, _)| k == "yaml")
        .map(|(_, v)| v.as_str());
    if form == Form::Script && text.is_some_and(|t| t.to_ascii_lowercase().contains("</script")) {
        return Err(vec![Problem::nowhere(
            "the manifests contain \"</script\", which would end the embed's script early",
        )]);
    }
    let root = shadow_root(&settings, css, prefix)?;
    let mut out = String::with_capacity(root.len() + text.map_or(0, str::len) + 256);
    out.push_str("<div data-pv-playground");
    for (name, value) in options {
        if name == "yaml" || !OPTIONS.contains(&name.as_str()) {
            continue;
        }
        attr(&mut out, &format!("data-{name}"), value);
    }
    if let (Form::OneLine, Some(text)) = (form, text) {
        attr(&mut out, "data-yaml", text.trim_end());
    }
    out.push('>');
    out.push_str(&root);
    if let (Form::Script, Some(text)) = (form, text) {
        out.push_str("<script type=\"application/yaml\">\n");
        // The text as the author wrote it: a script's content is not parsed as HTML.
        out.push_str(text.trim_end());
        out.push_str("\n</script>");
    }
    out.push_str("</div>");
    Ok(match form {
        Form::Script => out,
        // Only the manifest's <pre> and data-yaml hold newlines; a character reference is the
        // same text once parsed.
        Form::OneLine => out.replace('\n', "&#10;"),
    })
}

/// A widget's declarative shadow root: its style sheet (inlined, since a linked sheet would
/// arrive after the first paint) and its first picture, in the `.pvp-embed` container the
/// live widget draws into. The parser turns the template into the shadow root, so the element's
/// light DOM once parsed is what it was: what lets [`in_place`] add it to a page that a
/// framework hydrates.
///
/// A refusal is a list of problems: those in the author's text keep their line and column in
/// it (after the first, "The manifests could not be applied:"), so a caller that knows where
/// the text sits in a file can say where in the file.
pub fn shadow_root(settings: &Settings, css: &str, prefix: &str) -> Result<String, Vec<Problem>> {
    let initial = match &settings.source {
        Source::Ready(initial) => initial,
        Source::Fetch(url) => {
            return Err(vec![Problem::nowhere(format!(
                "scenario {url:?} is fetched by the browser; to prerender it, give its text \
                 (the fence's body or the file) instead"
            ))])
        }
    };
    let picture = if settings.is_explainer() {
        let Initial::Manifests(text) = initial else {
            unreachable!("an explainer's source is manifests")
        };
        let explainer = Explainer::from_manifests(text).map_err(not_applied)?;
        html(&explainer, &settings.look, prefix)
    } else {
        let session = first_session(initial)?;
        let still = placeholder(&session, settings.view, prefix);
        match initial {
            Initial::Lesson(name) => lesson_heading(name) + &still,
            _ => still,
        }
    };
    let mut out = String::with_capacity(picture.len() + css.len() + 128);
    out.push_str("<template shadowrootmode=\"open\"><style>");
    out.push_str(css);
    out.push_str("</style><div");
    attr(
        &mut out,
        "class",
        if settings.is_explainer() {
            "pvp-embed pvp-compact"
        } else {
            "pvp-embed pvp-placeholder"
        },
    );
    // The explainer keeps within the author's height; a still picture takes the height the
    // playground will (src/web/embed.rs), so nothing below moves when it starts.
    if let Some(height) = settings.playground_height().or(settings.height.as_deref()) {
        attr(&mut out, "style", &format!("--pvp-height:{height}"));
    }
    out.push('>');
    out.push_str(&picture);
    out.push_str("</div></template>");
    Ok(out)
}

/// A still picture for a widget the full playground draws: its first claim's live flowchart,
/// or for the cluster view the cluster graph.
fn placeholder(session: &Session, view: View, prefix: &str) -> String {
    let mut out = String::from("<div class=\"pvp-still\">");
    let cluster = &session.cluster;
    if view == View::Cluster {
        let graph = cluster_graph(cluster).graph;
        let placed = layout(&graph, &cluster_layout_options());
        let choosable = vec![false; graph.nodes.len()];
        out.push_str(&svg(&Drawing {
            graph: &graph,
            layout: &placed,
            prefix,
            title: "The cluster's objects",
            description: &description(&graph, None),
            highlight: None,
            class: "pvp-graph-svg",
            choosable: &choosable,
            chosen: None,
            ring: None,
            pass: None,
        }));
    } else if let Some(explanation) = session.followed_claim().and_then(|claim| {
        let (namespace, name) = claim.split_once('/')?;
        cluster.explain_claim(namespace, name)
    }) {
        let live = live_flowchart(cluster, &explanation);
        let placed = layout(&live.graph, &LayoutOptions::default());
        let choosable = vec![false; live.graph.nodes.len()];
        out.push_str(&svg(&Drawing {
            graph: &live.graph,
            layout: &placed,
            prefix,
            title: &format!("How {} gets a volume", explanation.claim),
            description: &description(&live.graph, Some(&live.path)),
            highlight: Some(&live.path),
            class: "",
            choosable: &choosable,
            chosen: None,
            ring: None,
            pass: None,
        }));
    } else {
        out.push_str("<p>");
        escape_text(
            &mut out,
            "The playground opens here once the page's script has loaded.",
        );
        out.push_str("</p>");
    }
    out.push_str("</div>");
    out
}

/// A lesson's title and summary above its still picture: what the reader will do, before
/// any script (a lesson's first state often has no claim to draw yet).
fn lesson_heading(name: &str) -> String {
    let Some(lesson) = crate::scenario::lessons::lesson(name) else {
        return String::new();
    };
    let mut out = String::from("<div class=\"pvp-still-lesson\"><h3>");
    escape_text(&mut out, &lesson.title);
    out.push_str("</h3><p>");
    escape_text(&mut out, &lesson.summary);
    out.push_str("</p></div>");
    out
}

/// Reads a fence's or a file's body into the embed's `yaml` option: manifests or a scenario
/// (a top-level `steps:` key), as an inline script is read.
pub fn body_option(body: &str) -> Option<(String, String)> {
    match initial_from_text(body) {
        Initial::Manifests(text) if text.trim().is_empty() => None,
        Initial::Manifests(text) | Initial::Scenario(text) => Some(("yaml".to_owned(), text)),
        _ => None,
    }
}

/// What a prerendered widget carries in its shadow root: the sections of the page's style
/// sheet whose title starts with `[inlined]` (a section runs from a `/* ---- ` title line to
/// the next), made compact. The rest (the playground's panes, forms, console, Diagnose) only
/// cost a reader's first paint: about 60 ms at 4× CPU throttling for the whole sheet
/// (BENCHMARKS.md). A sheet without such titles is kept whole.
pub fn inlined_css(css: &str) -> String {
    if !css.contains("/* ---- [inlined]") {
        return compact_css(css);
    }
    let mut kept = String::with_capacity(css.len() / 2);
    let mut keeping = false;
    for line in css.split_inclusive('\n') {
        if line.starts_with("/* ---- ") {
            keeping = line.starts_with("/* ---- [inlined]");
        }
        if keeping {
            kept.push_str(line);
        }
    }
    compact_css(&kept)
}

/// A style sheet made smaller for inlining: comments dropped, runs of white space collapsed.
pub fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    let mut compact = String::with_capacity(out.len());
    let mut space = false;
    for c in out.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space
            && !compact.is_empty()
            && !"{};:,>".contains(c)
            && !compact.ends_with(['{', '}', ';', ':', ',', '>'])
        {
            compact.push(' ');
        }
        space = false;
        compact.push(c);
    }
    compact
}

pub mod in_place;

#[cfg(test)]
mod tests;
