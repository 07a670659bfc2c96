//! Standard output for every subcommand: one buffered writer behind `print!` and `println!`
//! (this module's macros shadow std's in the whole crate), so a big output costs few writes,
//! and a failed write ends pvsim with a message instead of std's panic ("failed printing to
//! stdout"). A closed pipe (`pvsim dump … | head -1`) ends pvsim quietly by SIGPIPE, as it
//! ends `cat` or `seq`: Rust ignores that signal by default, pvsim restores its default action.

use std::cell::RefCell;
use std::io::{self, BufWriter, Stdout, Write};

thread_local! {
    static OUT: RefCell<BufWriter<Stdout>> = RefCell::new(BufWriter::with_capacity(64 * 1024, io::stdout()));
}

/// Writes to the buffered standard output, ending pvsim on a write error.
macro_rules! print {
    ($($arg:tt)*) => { $crate::output::write(format_args!($($arg)*)) };
}

/// `print!` with a newline.
macro_rules! println {
    () => { $crate::output::write(format_args!("\n")) };
    ($($arg:tt)*) => {{
        $crate::output::write(format_args!($($arg)*));
        $crate::output::write(format_args!("\n"));
    }};
}

/// A closed pipe ends the process by SIGPIPE from here on, without a message.
pub fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    {
        extern "C" {
            fn signal(signum: i32, handler: usize) -> usize;
        }
        const SIGPIPE: i32 = 13;
        const SIG_DFL: usize = 0;
        // SAFETY: restores the default action of one signal before any other thread exists;
        // no Rust state depends on SIGPIPE being ignored.
        unsafe {
            signal(SIGPIPE, SIG_DFL);
        }
    }
}

pub fn write(args: std::fmt::Arguments<'_>) {
    if let Err(error) = OUT.with(|out| out.borrow_mut().write_fmt(args)) {
        fail(&error);
    }
}

/// Writes what is buffered, then exits with `code`.
pub fn exit(code: i32) -> ! {
    if let Err(error) = OUT.with(|out| out.borrow_mut().flush()) {
        fail(&error);
    }
    std::process::exit(code)
}

fn fail(error: &io::Error) -> ! {
    // A closed pipe where SIGPIPE is not a signal (not Unix): quiet, as the signal would be.
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    eprintln!("pvsim: cannot write the output: {error}");
    std::process::exit(1)
}

/// Writes `value` as JSON straight into the output (no JSON tree is built first).
pub fn json<T: serde::Serialize>(value: &T) {
    let written = OUT.with(|out| serde_json::to_writer(&mut *out.borrow_mut(), value));
    if let Err(error) = written {
        fail(&error.into());
    }
}
