//! `mdbook-pv-playground`: an mdBook preprocessor. In every chapter a fenced block
//! ` ```pv-playground view=flow knobs=request readonly ` (attributes: `view`, `lesson`,
//! `knobs`, `readonly`, `manifest`, `mermaid`, `theme`, `height`; body: manifests or a
//! scenario) becomes a prerendered widget: its picture is in the page's HTML, and the
//! embedding script makes it live. `install` puts the assets into a book and registers the
//! preprocessor in its `book.toml`, as mdbook-mermaid's does. See docs/embedding.md.
// A native tool: the page's size rule (clippy.toml: sort through CompactSort) is not its.
#![allow(clippy::disallowed_methods)]

mod fence;
mod install;

use std::io::Read;

const USAGE: &str = "usage:
  mdbook-pv-playground supports RENDERER     exit 0 for html (mdBook asks this first)
  mdbook-pv-playground                       read [context, book] JSON on stdin, write the book
  mdbook-pv-playground install --assets DIR [BOOK]
                                             copy the built widget files from DIR (trunk's dist/) into
                                             BOOK/src/pv-playground/, add the loader and register the
                                             preprocessor in BOOK/book.toml (BOOK: the current directory)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("supports") => match args.get(1).map(String::as_str) {
            Some("html") => 0,
            _ => 1,
        },
        Some("install") => install::run(&args[1..]),
        Some("--help" | "-h") => {
            println!("{USAGE}");
            0
        }
        Some(_) => {
            eprintln!("{USAGE}");
            2
        }
        None => preprocess(),
    };
    std::process::exit(code);
}

/// Reads `[context, book]`, rewrites every chapter's fences, writes the book.
fn preprocess() -> i32 {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("mdbook-pv-playground: cannot read stdin: {e}");
        return 1;
    }
    match fence::process_book(&input) {
        Ok((book, problems)) => {
            for p in &problems {
                eprintln!("mdbook-pv-playground: {p}");
            }
            println!("{book}");
            // A fence that could not be rendered stops the build, as a broken link would.
            i32::from(!problems.is_empty())
        }
        Err(why) => {
            eprintln!("mdbook-pv-playground: {why}");
            1
        }
    }
}
