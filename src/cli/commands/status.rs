//! `errcode status`: the entries of an HTTP status or `status.substatus`.

use std::io::Write;

use anyhow::{Result, anyhow};
use errcode_cli::catalog::{self, Service};
use errcode_cli::http;

use crate::args::Format;
use crate::exit::{Exit, InputError};
use crate::render;
use crate::settings::Output;

/// Reads the argument with the library's [`http::parse_status`].
pub fn parse(text: &str) -> Result<(u16, Option<u32>)> {
    http::parse_status(text).map_err(|e| anyhow!(InputError(e.to_string())))
}

pub fn run(w: &mut impl Write, out: Output, text: &str, service: Option<Service>) -> Result<Exit> {
    let (status, sub) = parse(text)?;
    let entries = catalog::with_status(status, sub, service);
    if out.format != Format::Table {
        render::entries(w, out.format, &entries)?;
    } else {
        let label = match sub {
            Some(s) => format!("{status}.{s}"),
            None => status.to_string(),
        };
        render::status_header(
            w,
            &label,
            status,
            http::reason_phrase(status),
            http::unregistered_note(status),
            out.style,
        )?;
        if entries.is_empty() {
            let scope = service
                .map(|s| format!(" for {}", s.id()))
                .unwrap_or_default();
            writeln!(w, "No catalog entry has this status{scope}.")?;
        } else if entries.len() <= 2 {
            writeln!(w)?;
            render::cards(w, &entries, out.style)?;
        } else {
            render::table(w, &entries, out.style)?;
        }
    }
    Ok(Exit::found_if(!entries.is_empty()))
}
