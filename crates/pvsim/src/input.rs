//! A subcommand's input: a file, or standard input for `-`, read with its size checked while
//! reading, so standard input, `/dev/zero` and other endless or special files stop at the
//! limit instead of growing until memory runs out.

use std::fs::File;
use std::io::{self, Read};

/// The most a subcommand reads: what the YAML reader accepts.
pub const MAX_BYTES: usize = pv_core::manifest::MAX_INPUT_BYTES;

/// The source named `name` (`-` is standard input), unread.
pub fn open(name: &str) -> io::Result<Box<dyn Read>> {
    if name == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    let file = File::open(name)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("it is a directory"));
    }
    Ok(Box::new(file))
}

/// The text of `name`, at most `limit` bytes of UTF-8; the error is a whole message naming
/// the source (`FILE: cannot read: …`).
pub fn read_text(name: &str, limit: usize) -> Result<String, String> {
    let fail = |why: String| format!("{name}: cannot read: {why}");
    let source = open(name).map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    // One byte past the limit tells an input of exactly `limit` bytes from a longer one.
    source
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() > limit {
        return Err(fail(format!(
            "it is larger than {limit} bytes ({}), the most pvsim reads; reading stopped there",
            mebibytes(limit)
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "it is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

fn mebibytes(bytes: usize) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} B")
    }
}
