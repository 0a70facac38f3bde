//! Reading the input of `decode`, `retryable` and `scan`: a file or
//! standard input, within `--max-bytes`, with errors a person can act on.

use std::fs::File;
use std::io::{self, IsTerminal, Read};

use anyhow::{Result, anyhow, bail};
use errcode_cli::catalog::Service;
use errcode_cli::explain::Hints;
use errcode_cli::retry::Method;

use crate::args::InputArgs;
use crate::exit::InputError;

pub fn open(input: &InputArgs) -> Result<(Box<dyn Read + Send>, String)> {
    match input.file.as_deref() {
        None => Ok((stdin(), "standard input".into())),
        Some(p) if p.as_os_str() == "-" => Ok((stdin(), "standard input".into())),
        Some(p) => {
            let name = p.display().to_string();
            if p.is_dir() {
                bail!(InputError(format!("cannot read {name}: is a directory")));
            }
            let f = File::open(p)
                .map_err(|e| anyhow!(InputError(format!("cannot read {name}: {}", io_text(&e)))))?;
            Ok((Box::new(f), name))
        }
    }
}

fn stdin() -> Box<dyn Read + Send> {
    note_terminal_stdin();
    Box::new(io::stdin())
}

/// How a person ends what they type at a terminal.
#[cfg(windows)]
const END_OF_INPUT: &str = "Ctrl-Z then Enter";
#[cfg(not(windows))]
const END_OF_INPUT: &str = "Ctrl-D";

/// Says on stderr that standard input is being read when it is a terminal:
/// someone who typed `errcode decode` without a file would otherwise wait on
/// a silent prompt. A pipe or a file gets no notice.
pub fn note_terminal_stdin() {
    if io::stdin().is_terminal() {
        eprintln!("errcode: reading standard input (paste or type, then {END_OF_INPUT} to end it)");
    }
}

/// `No such file or directory`, without Rust's ` (os error 2)` suffix.
pub fn io_text(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads the whole input, refusing more than `max` bytes without buffering them.
pub fn read_limited(input: &InputArgs) -> Result<Vec<u8>> {
    let (reader, name) = open(input)?;
    let mut buf = Vec::new();
    reader
        .take(input.max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| anyhow!(InputError(format!("cannot read {name}: {}", io_text(&e)))))?;
    if buf.len() as u64 > input.max_bytes {
        bail!(InputError(format!(
            "{name} is larger than {} bytes (raise --max-bytes to read it)",
            input.max_bytes
        )));
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        bail!(InputError(format!("{name} is empty: nothing to decode")));
    }
    Ok(buf)
}

pub fn hints(service: Option<Service>, method: Method, input: &InputArgs) -> Hints {
    Hints {
        service,
        method,
        max_bytes: usize::try_from(input.max_bytes).unwrap_or(usize::MAX),
    }
}
