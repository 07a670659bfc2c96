//! Prerendering the widgets of an HTML page that is already built (`pvsim prerender`), for
//! the sites whose build cannot run pvsim per widget: Hugo's shortcodes, Docusaurus' MDX,
//! pages written by hand. Every `<pv-playground>` and `<div data-pv-playground>` without a
//! picture gets its declarative shadow root ([`super::shadow_root`]) as a first child, and
//! nothing else in the page changes. The browser's parser turns that template into the shadow
//! root, so each element's light DOM is what it was: React finds the markup it rendered when
//! it hydrates a Docusaurus page, and the embedding script makes the same markup live.
//!
//! The widget's settings are read as the embedding script reads them (its `attributes`): a
//! div's `data-*` attributes, a custom element's attributes but `id`, `class`, `style`, `slot`
//! and `hidden`, and the text of a `<script type="application/yaml">` first child.
//!
//! Hand-written rather than an HTML parser crate: pvsim needs only start tags, attributes with
//! their character references, comments and raw-text elements skipped, and the exact byte
//! where a start tag ends, so the rest of the page is copied untouched (a parser that
//! re-serialises a page would rewrite all of it).

use super::shadow_root;
use crate::embed::{shared_indent, Settings, Source};
use crate::problem::{Position, Problem};

/// What [`prerender_page`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Widgets that got their picture.
    pub prerendered: usize,
    /// Widgets that already had one (a second run, or the mdBook preprocessor's).
    pub already: usize,
    /// Widgets left to the live widget because the browser fetches their scenario, each at
    /// its start tag.
    pub live_only: Vec<Problem>,
    /// Widgets left as they were because their settings or text are refused (the live widget
    /// shows the same problems) or their tag would hide the rest of the page.
    pub refused: usize,
    /// What is wrong with those, at each one's start tag (a widget may have several).
    pub problems: Vec<Problem>,
}

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Attributes of `<pv-playground>` that are the host page's, not settings (as in the
/// embedding script).
const HOST_ATTRIBUTES: [&str; 5] = ["id", "class", "style", "slot", "hidden"];

/// The page with every widget that lacks a picture prerendered; `css` is the widget's style
/// sheet (inlined in each shadow root). Ids are prefixed `pvp-p0`, `pvp-p1`… in page order.
pub fn prerender_page(html: &str, css: &str) -> (String, Report) {
    let mut report = Report::default();
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        if let Some(comment) = html[start..].strip_prefix("<!--") {
            at = comment
                .find("-->")
                .map_or(html.len(), |end| start + 4 + end + 3);
            continue;
        }
        let Some(tag) = StartTag::read(html, start) else {
            at = start + 1;
            continue;
        };
        at = tag.end;
        if RAW_TEXT.contains(&tag.name.as_str()) {
            at = end_tag(html, tag.end, &tag.name).map_or(html.len(), |(_, after)| after);
            continue;
        }
        let custom = tag.name == "pv-playground";
        let widget = custom || (tag.name == "div" && tag.has("data-pv-playground"));
        if !widget {
            continue;
        }
        let content = html[tag.end..].trim_start();
        if starts_with_ignoring_case(content, "<template") {
            report.already += 1;
            continue;
        }
        let mut options = tag.settings(custom);
        // Where the author's text starts in the page, when an inline script holds it.
        let mut script_text = None;
        if let Some(script) = StartTag::read(html, html.len() - content.len()) {
            let yaml = script.name == "script"
                && script
                    .value("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/yaml"));
            if yaml {
                // Unclosed, a script runs to the end of the page, as the browser reads it.
                let end = end_tag(html, script.end, "script").map_or(html.len(), |(end, _)| end);
                let text = &html[script.end..end];
                script_text = Some(TextPlace::new(html, script.end, text));
                options.push(("yaml".to_owned(), text.to_owned()));
            }
        }
        let place = position(html, start);
        let mut refuse = |problems: Vec<Problem>| {
            report.refused += 1;
            report.problems.extend(problems.into_iter().map(|p| {
                match (p.line, p.column, &script_text) {
                    (Some(line), column, Some(text)) => {
                        Problem::at(text.in_page(line, column.unwrap_or(1)), p.message)
                    }
                    (Some(_), _, None) => Problem::at(place, format!("in its yaml, {p}")),
                    (None, _, _) => Problem::at(place, p.message),
                }
            }));
        };
        if tag.self_closing {
            refuse(vec![Problem::nowhere(format!(
                "<{0} … /> does not end the element in HTML (only void elements close \
                 themselves): the rest of the page would be its content, hidden under its \
                 picture; write <{0} …></{0}>",
                tag.name
            ))]);
            continue;
        }
        let settings = match Settings::read(&options, if custom { "" } else { "data-" }) {
            Ok(settings) => settings,
            Err(problems) => {
                refuse(problems.into_iter().map(Problem::nowhere).collect());
                continue;
            }
        };
        if let Source::Fetch(url) = &settings.source {
            report.live_only.push(Problem::at(
                place,
                format!("its scenario {url:?} is fetched by the browser: the live widget draws it"),
            ));
            continue;
        }
        match shadow_root(&settings, css, &format!("pvp-p{}", report.prerendered)) {
            Ok(root) => {
                out.push_str(&html[copied..tag.end]);
                out.push_str(&root);
                copied = tag.end;
                report.prerendered += 1;
            }
            Err(problems) => refuse(problems),
        }
    }
    out.push_str(&html[copied..]);
    (out, report)
}

/// A start tag: its name and attributes (lowercase names, values with character references
/// replaced), and the byte after its `>`.
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
    /// Written `<name … />`, which HTML ignores on elements that are not void.
    self_closing: bool,
    end: usize,
}

impl StartTag {
    /// The start tag at `start` (a `<`), or `None` when none starts there.
    fn read(html: &str, start: usize) -> Option<StartTag> {
        let bytes = html.as_bytes();
        if bytes.get(start) != Some(&b'<') {
            return None;
        }
        let name_end = start
            + 1
            + html[start + 1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(html.len() - start - 1);
        if !bytes.get(start + 1)?.is_ascii_alphabetic() {
            return None;
        }
        let name = html[start + 1..name_end].to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut i = name_end;
        loop {
            let mut slash = false;
            while bytes.get(i)?.is_ascii_whitespace() || bytes[i] == b'/' {
                slash = bytes[i] == b'/';
                i += 1;
            }
            if bytes[i] == b'>' {
                return Some(StartTag {
                    name,
                    attributes,
                    self_closing: slash,
                    end: i + 1,
                });
            }
            let key_end = i + html[i..]
                .find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c))
                .unwrap_or(html.len() - i);
            let key = html[i..key_end].to_ascii_lowercase();
            i = key_end;
            while bytes.get(i)?.is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if bytes[i] == b'=' {
                i += 1;
                while bytes.get(i)?.is_ascii_whitespace() {
                    i += 1;
                }
                let (raw, next) = match bytes[i] {
                    quote @ (b'"' | b'\'') => {
                        let close = i + 1 + html[i + 1..].find(quote as char)?;
                        (&html[i + 1..close], close + 1)
                    }
                    _ => {
                        let end = i + html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .unwrap_or(html.len() - i);
                        (&html[i..end], end)
                    }
                };
                value = decode_references(raw);
                i = next;
            }
            attributes.push((key, value));
        }
    }

    fn has(&self, name: &str) -> bool {
        self.attributes.iter().any(|(key, _)| key == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The widget's settings as the embedding script reads them, names without `data-`.
    fn settings(&self, custom: bool) -> Vec<(String, String)> {
        self.attributes
            .iter()
            .filter(|(key, _)| key != "data-pv-playground")
            .filter(|(key, _)| match custom {
                true => !HOST_ATTRIBUTES.contains(&key.as_str()),
                false => key.starts_with("data-"),
            })
            .map(|(key, value)| {
                let name = key.strip_prefix("data-").unwrap_or(key);
                (name.to_owned(), value.clone())
            })
            .collect()
    }
}

/// Where an inline script's text sits in the page, to turn a place in the text (as the
/// widget reads it: its [`shared_indent`] removed) into a place in the page.
struct TextPlace {
    start: Position,
    indent: u32,
}

impl TextPlace {
    fn new(html: &str, at: usize, text: &str) -> Self {
        TextPlace {
            start: position(html, at),
            indent: u32::try_from(shared_indent(text)).unwrap_or(0),
        }
    }

    fn in_page(&self, line: u32, column: u32) -> Position {
        let column = column.saturating_add(self.indent);
        if line <= 1 {
            // The text's first line starts after the script's tag.
            Position::new(
                self.start.line,
                self.start.column.saturating_add(column - 1),
            )
        } else {
            Position::new(self.start.line.saturating_add(line - 1), column)
        }
    }
}

/// The start and the end (after its `>`) of the first `</name>` at or after `from`.
fn end_tag(html: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let start = at + found;
        let after = start + 2 + name.len();
        let matches = html
            .get(start + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && html[after..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
        if matches {
            return Some((start, after + html[after..].find('>')? + 1));
        }
        at = start + 2;
    }
    None
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// An attribute value with its character references replaced: numeric ones and the named ones
/// that Hugo, React and people write (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`);
/// anything else stays as written.
fn decode_references(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The line and column (in characters) of byte `at`.
fn position(html: &str, at: usize) -> Position {
    let before = &html[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
        .chars()
        .count()
        + 1;
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests;
