//! `errcode exit`: what a process exit code means.

use std::io::Write;

use anyhow::{Result, anyhow};
use errcode_cli::process_exit;

use crate::exit::{Exit, InputError};
use crate::render;
use crate::settings::Output;

pub fn run(w: &mut impl Write, out: Output, text: &str) -> Result<Exit> {
    let value = process_exit::parse(text)
        .map_err(|e| anyhow!(InputError(format!("not an exit code: {text:?} ({e})"))))?;
    let report = process_exit::explain(text.trim(), value);
    if out.json {
        render::json(w, &report)?;
    } else {
        render::exit_report(w, &report, out.style)?;
    }
    Ok(Exit::found_if(!report.readings.is_empty()))
}
