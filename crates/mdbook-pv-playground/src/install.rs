//! `install`: the built widget files into `BOOK/src/pv-playground/` (mdBook copies what is
//! under `src/` into the book), a classic-script loader for `additional-js` (mdBook adds those
//! as classic scripts, and the embedding script is an ES module), and `book.toml` entries for
//! the preprocessor and the loader. Running it again refreshes the files and adds nothing twice.

use std::fs;
use std::path::{Path, PathBuf};

/// What a book needs from the build (trunk's dist/): the embedding script, both widget
/// modules, the Web Worker the full one starts for large work, the style sheet.
pub const ASSETS: [&str; 8] = [
    "pv-playground-embed.js",
    "pv-explainer.js",
    "pv-explainer_bg.wasm",
    "pv-playground.js",
    "pv-playground_bg.wasm",
    "pv-worker.js",
    "pv-worker_bg.wasm",
    "style.css",
];

pub const LOADER: &str = "pv-playground-loader.js";
const LOADER_TEXT: &str = "// Written by `mdbook-pv-playground install`. mdBook loads additional-js as classic scripts;\n\
// pv-playground's embedding script is an ES module, copied beside the book's pages.\n\
import(new URL('pv-playground/pv-playground-embed.js', document.currentScript.src).href);\n";

pub fn run(args: &[String]) -> i32 {
    let mut assets: Option<PathBuf> = None;
    let mut book: Option<PathBuf> = None;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--assets" => assets = words.next().map(PathBuf::from),
            other if book.is_none() && !other.starts_with("--") => book = Some(other.into()),
            _ => {
                eprintln!("{}", super::USAGE);
                return 2;
            }
        }
    }
    let Some(assets) =
        assets.or_else(|| std::env::var_os("PV_PLAYGROUND_ASSETS").map(PathBuf::from))
    else {
        eprintln!("install: say where the built widget files are: --assets DIR (trunk's dist/) or PV_PLAYGROUND_ASSETS");
        return 2;
    };
    match install(&assets, &book.unwrap_or_else(|| PathBuf::from("."))) {
        Ok(()) => 0,
        Err(why) => {
            eprintln!("install: {why}");
            1
        }
    }
}

pub fn install(assets: &Path, book: &Path) -> Result<(), String> {
    let toml_path = book.join("book.toml");
    let toml = fs::read_to_string(&toml_path)
        .map_err(|e| format!("{} is not an mdBook book: {e}", toml_path.display()))?;
    let target = book.join("src").join("pv-playground");
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    for file in ASSETS {
        let from = assets.join(file);
        fs::copy(&from, target.join(file)).map_err(|e| {
            format!(
                "cannot copy {} (build the page first: trunk build --release): {e}",
                from.display()
            )
        })?;
    }
    fs::write(book.join(LOADER), LOADER_TEXT)
        .map_err(|e| format!("cannot write the loader: {e}"))?;
    let updated = register(&toml);
    if updated != toml {
        fs::write(&toml_path, updated).map_err(|e| format!("cannot write book.toml: {e}"))?;
    }
    println!(
        "installed pv-playground into {} (assets in src/pv-playground/, {LOADER}, book.toml)",
        book.display()
    );
    Ok(())
}

/// `book.toml` with the preprocessor and the loader registered (unchanged if they are).
pub fn register(toml: &str) -> String {
    let mut out = toml.to_owned();
    if !out.contains("[preprocessor.pv-playground]") {
        if !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        out.push_str("\n[preprocessor.pv-playground]\ncommand = \"mdbook-pv-playground\"\n");
    }
    if out.contains(LOADER) {
        return out;
    }
    let mut lines: Vec<String> = out.lines().map(str::to_owned).collect();
    let section = lines.iter().position(|l| l.trim() == "[output.html]");
    match section {
        None => {
            lines.push(String::new());
            lines.push("[output.html]".into());
            lines.push(format!("additional-js = [\"{LOADER}\"]"));
        }
        Some(at) => {
            let end = lines[at + 1..]
                .iter()
                .position(|l| l.trim_start().starts_with('['))
                .map_or(lines.len(), |p| at + 1 + p);
            match (at + 1..end).find(|&i| lines[i].trim_start().starts_with("additional-js")) {
                Some(i) => {
                    let line = &lines[i];
                    let close = line.rfind(']').unwrap_or(line.len());
                    let inside = line[line.find('[').map_or(close, |o| o + 1)..close].trim();
                    let sep = if inside.is_empty() { "" } else { ", " };
                    lines[i] = format!(
                        "{}{sep}\"{LOADER}\"{}",
                        &line[..close].trim_end(),
                        &line[close..]
                    );
                }
                None => lines.insert(at + 1, format!("additional-js = [\"{LOADER}\"]")),
            }
        }
    }
    lines.join("\n") + "\n"
}
