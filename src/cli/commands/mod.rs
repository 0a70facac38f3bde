//! The subcommands, one file each: resolve the arguments, ask the library,
//! hand the result to a printer, and say how the run ended.

mod completions;
mod decode;
mod exit_code;
mod hresult;
mod list;
mod lookup;
mod man;
mod retryable;
mod run;
mod scan;
mod search;
mod services;
mod status;
mod values;

use std::io::Write;

use anyhow::{Result, bail};
use errcode_cli::catalog::Entry;
use errcode_cli::windows::Code;

use crate::args::{Cli, Command, Format};
use crate::exit::{Exit, InputError};
use crate::render;
use crate::settings::{Output, scope_of, service_of};

/// Runs the parsed command, writing its output to `w`.
pub fn run(cli: Cli, w: &mut impl Write, is_tty: bool) -> Result<Exit> {
    let out = Output::new(&cli.output, is_tty);
    let Some(command) = cli.command else {
        if matches!(out.format, Format::Csv | Format::Jsonl) {
            bail!(InputError(
                "--format csv and jsonl apply to lists of entries (lookup, status, list, search); a bare value takes table or json".into()
            ));
        }
        return values::run(w, out, &cli.values);
    };
    let lists_entries = matches!(
        command,
        Command::Lookup { .. }
            | Command::Status { .. }
            | Command::List { .. }
            | Command::Search { .. }
    );
    let jsonl_ok = lists_entries || matches!(command, Command::Scan(_));
    let refused = match out.format {
        Format::Csv if !lists_entries => Some("csv"),
        Format::Jsonl if !jsonl_ok => Some("jsonl"),
        _ => None,
    };
    if let Some(asked) = refused {
        bail!(InputError(format!(
            "--format {asked} does not apply to {}: csv applies to lists of entries (lookup, status, list, search), jsonl to those and scan; table and json apply everywhere",
            command.name()
        )));
    }
    match command {
        Command::Lookup { codes, filter } => lookup::run(w, out, &codes, scope_of(&filter)?),
        Command::Hresult { value } => hresult::run(w, out, &value),
        Command::Status { status, filter } => status::run(w, out, &status, service_of(&filter)?),
        Command::List {
            filter,
            status,
            category,
            origin,
        } => list::run(
            w,
            out,
            scope_of(&filter)?,
            status.as_deref(),
            category.as_deref(),
            origin,
        ),
        Command::Search { words, filter } => search::run(w, out, &words, scope_of(&filter)?),
        Command::Exit { code } => exit_code::run(w, out, &code),
        Command::Services => services::run(w, out),
        Command::Decode(args) => decode::run(w, out, &args),
        Command::Retryable(args) => retryable::run(w, out, &args),
        Command::Scan(args) => scan::run(w, out, &args),
        Command::Run(args) => run::run(
            w,
            cli.output.json,
            cli.output.format == Some(Format::Json),
            &args,
        ),
        Command::Man => man::run(w),
        Command::Completions { shell } => completions::run(w, shell),
    }
}

/// Prints entries as JSON, cards (few, for lookups) or a table.
pub fn print_entries(
    w: &mut impl Write,
    out: Output,
    entries: &[&'static Entry],
    as_cards: bool,
) -> Result<Exit> {
    if out.format != Format::Table {
        render::entries(w, out.format, entries)?;
    } else if as_cards {
        render::cards(w, entries, out.style)?;
    } else if !entries.is_empty() {
        render::table(w, entries, out.style)?;
    }
    Ok(Exit::found_if(!entries.is_empty()))
}

/// Prints catalog entries, then Windows names.
pub fn print_mixed(
    w: &mut impl Write,
    out: Output,
    entries: &[&'static Entry],
    names: &[&'static Code],
    as_cards: bool,
) -> Result<Exit> {
    if out.format != Format::Table {
        render::mixed(w, out.format, entries, names)?;
        return Ok(Exit::found_if(!entries.is_empty() || !names.is_empty()));
    }
    print_entries(w, out, entries, as_cards)?;
    if !names.is_empty() {
        if !entries.is_empty() {
            writeln!(w)?;
        }
        if as_cards {
            render::windows_cards(w, names, out.style)?;
        } else {
            render::windows_table(w, names, out.style)?;
        }
    }
    Ok(Exit::found_if(!entries.is_empty() || !names.is_empty()))
}
