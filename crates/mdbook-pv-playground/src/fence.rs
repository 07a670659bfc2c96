//! The rewrite: every ` ```pv-playground ` fence of every chapter replaced by the embed
//! `pv_core::prerender` writes (one line, so Markdown keeps it as one HTML block).

use pv_core::prerender::{body_option, inlined_css, prerender, Form};
use serde_json::Value;

/// The widget's style sheet, inlined into each prerendered widget.
const STYLE: &str = include_str!("../../../www/style.css");

/// The book JSON with its chapters rewritten, and every problem as `chapter:line: message`.
pub fn process_book(input: &str) -> Result<(String, Vec<String>), String> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| format!("the input is not mdBook's JSON: {e}"))?;
    let Value::Array(mut pair) = value else {
        return Err("the input is not a [context, book] pair".into());
    };
    if pair.len() != 2 {
        return Err("the input is not a [context, book] pair".into());
    }
    let mut book = pair.pop().unwrap_or_default();
    let css = inlined_css(STYLE);
    let mut problems = Vec::new();
    // Widgets are numbered across the book: print.html puts every chapter on one page.
    let mut count = 0;
    // mdBook 0.5 names the chapters `items`, 0.4 `sections`.
    for key in ["items", "sections"] {
        if let Some(Value::Array(items)) = book.get_mut(key) {
            for item in items {
                visit(item, &css, &mut count, &mut problems);
            }
        }
    }
    Ok((book.to_string(), problems))
}

fn visit(item: &mut Value, css: &str, count: &mut usize, problems: &mut Vec<String>) {
    let Some(chapter) = item.get_mut("Chapter") else {
        return;
    };
    let name = chapter
        .get("source_path")
        .and_then(Value::as_str)
        .or_else(|| chapter.get("name").and_then(Value::as_str))
        .unwrap_or("chapter")
        .to_owned();
    if let Some(Value::String(content)) = chapter.get_mut("content") {
        let (rewritten, found) = rewrite(content, css, count);
        problems.extend(found.into_iter().map(|p| format!("{name}:{p}")));
        *content = rewritten;
    }
    if let Some(Value::Array(subs)) = chapter.get_mut("sub_items") {
        for sub in subs {
            visit(sub, css, count, problems);
        }
    }
}

/// A fence's info string after `pv-playground`: `key=value`, `key="a value"` or a bare flag.
pub fn attributes(info: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = info.trim();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..end];
        rest = &rest[end..];
        let value = if let Some(after) = rest.strip_prefix('=') {
            if let Some(quoted) = after.strip_prefix('"') {
                let close = quoted
                    .find('"')
                    .ok_or_else(|| format!("the value of {key} has no closing quote"))?;
                rest = &quoted[close + 1..];
                quoted[..close].to_owned()
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                rest = &after[end..];
                after[..end].to_owned()
            }
        } else {
            String::new()
        };
        if key.is_empty() || key == "yaml" {
            return Err(format!("bad attribute {key:?} in the fence"));
        }
        out.push((key.to_owned(), value));
        rest = rest.trim_start();
    }
    Ok(out)
}

/// A chapter's Markdown with its fences replaced, and each problem as `line: message`;
/// `count` numbers the widgets (their id prefixes) across the book.
pub fn rewrite(markdown: &str, css: &str, count: &mut usize) -> (String, Vec<String>) {
    let mut out = String::with_capacity(markdown.len());
    let mut problems = Vec::new();
    let mut lines = markdown.split_inclusive('\n').enumerate().peekable();
    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let fence_len = fence_char.map_or(0, |c| trimmed.chars().take_while(|x| *x == c).count());
        let info = trimmed[fence_len..].trim();
        let opens =
            indent < 4 && fence_len >= 3 && info.split_whitespace().next() == Some("pv-playground");
        if !opens {
            out.push_str(line);
            continue;
        }
        let fence = &trimmed[..fence_len];
        let mut body = String::new();
        let mut closed = false;
        for (_, inner) in lines.by_ref() {
            let t = inner.trim();
            if t.starts_with(fence) && t.chars().all(|c| Some(c) == fence_char) {
                closed = true;
                break;
            }
            body.push_str(inner);
        }
        let at = number + 1;
        if !closed {
            problems.push(format!("{at}: the pv-playground fence is not closed"));
        }
        let mut options = match attributes(&info["pv-playground".len()..]) {
            Ok(options) => options,
            Err(why) => {
                problems.push(format!("{at}: {why}"));
                continue;
            }
        };
        options.extend(body_option(&body));
        let prefix = format!("pvp-r{count}");
        *count += 1;
        match prerender(&options, css, &prefix, Form::OneLine) {
            Ok(element) => {
                out.push_str(&element);
                out.push_str("\n\n");
            }
            Err(why) => {
                let why: Vec<String> = why.iter().map(ToString::to_string).collect();
                problems.push(format!("{at}: {}", why.join("; ")))
            }
        }
    }
    (out, problems)
}
