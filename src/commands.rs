//! Runs the subcommands: resolve arguments, query the library, hand the
//! result to a printer, and say how the run ended.

use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::{Context, Result, anyhow, bail};
use clap::{CommandFactory, FromArgMatches};
use errcode_cli::catalog::{self, Entry, Service};
use errcode_cli::model::{HresultView, ServiceView};
use errcode_cli::windows::{self, Code};
use errcode_cli::{hresult, http, process_exit, search};

use crate::cli::{Cli, ColorChoice, Command, Format, Origin, OutputArgs, ServiceFilter};
use crate::exit::Exit;
use crate::render::{self, Style};

/// An input error: reported as `errcode: ...` with exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Parses arguments, runs, prints errors once, returns the exit code.
pub fn main() -> Exit {
    // The command tree is thousands of small allocations; the process ends
    // right after the run, so freeing them one by one is pure start-up cost
    // (callgrind: ~40k instructions). Leak them instead.
    let mut command = std::mem::ManuallyDrop::new(Cli::command());
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .map(std::mem::ManuallyDrop::new)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    let result = run(cli, &mut out, is_tty).and_then(|exit| {
        out.flush()?;
        Ok(exit)
    });
    match result {
        Ok(exit) => exit,
        Err(err) if is_broken_pipe(&err) => Exit::Found,
        Err(err) => {
            // Whatever was printed before the error still reaches the reader.
            let _ = out.flush();
            eprintln!("errcode: {err:#}");
            Exit::Error
        }
    }
}

/// Help and version go out as clap writes them; a usage error becomes one
/// line, like every other error: `errcode: unexpected argument '--x' found
/// (see errcode lookup --help)`.
fn usage_error(e: &clap::Error) -> Exit {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            Exit::Found
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            Exit::Error
        }
        _ => {
            let rendered = e.render().to_string();
            let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut first = lines.next().unwrap_or("invalid arguments").to_string();
            if first.ends_with(':') {
                // "the following required arguments were not provided:" + the list
                let missing: Vec<&str> = lines
                    .clone()
                    .take_while(|l| !l.starts_with("Usage:"))
                    .collect();
                first = format!("{first} {}", missing.join(" "));
            }
            let first = first.strip_prefix("error: ").unwrap_or(&first);
            // clap's tip ("a similar argument exists: '--json'") is worth keeping.
            let tip = lines
                .find_map(|l| l.strip_prefix("tip: "))
                .map(|t| format!("; {t}"))
                .unwrap_or_default();
            eprintln!("errcode: {first}{tip} (see {} --help)", help_target());
            Exit::Error
        }
    }
}

/// `errcode lookup` when the arguments name a subcommand, else `errcode`.
fn help_target() -> String {
    let command = Cli::command();
    std::env::args()
        .skip(1)
        .find(|a| command.get_subcommands().any(|s| s.get_name() == a))
        .map(|s| format!("errcode {s}"))
        .unwrap_or_else(|| "errcode".to_string())
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Resolved output settings.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// JSON rather than tables.
    pub json: bool,
    /// Table, JSON, JSON Lines or CSV.
    pub format: Format,
    /// Colours.
    pub style: Style,
}

impl Output {
    fn new(args: &OutputArgs, is_tty: bool) -> Output {
        let format = if args.json {
            Format::Json
        } else {
            args.format.unwrap_or(Format::Table)
        };
        let json = format == Format::Json;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color,
        };
        Output {
            json,
            format,
            style: Style {
                color: color && format == Format::Table,
            },
        }
    }
}

pub fn service_of(filter: &ServiceFilter) -> Result<Option<Service>> {
    match &filter.service {
        None => Ok(None),
        Some(s) => Service::parse(s).map(Some).ok_or_else(|| {
            let ids: Vec<_> = Service::all().map(Service::id).collect();
            anyhow!(InputError(format!(
                "unknown service {s:?} (expected one of: {})",
                ids.join(", ")
            )))
        }),
    }
}

/// What `--service` selects for the catalog commands: every source, one
/// service, or only the Windows names (which rank below the services).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The five services, then the Windows names.
    All,
    /// One service.
    Service(Service),
    /// Only the Windows names.
    Windows,
}

impl Scope {
    /// The service filter for catalog queries.
    fn service(self) -> Option<Service> {
        match self {
            Scope::Service(s) => Some(s),
            _ => None,
        }
    }
    fn services(self) -> bool {
        self != Scope::Windows
    }
    fn windows(self) -> bool {
        matches!(self, Scope::All | Scope::Windows)
    }
}

/// `--service` for the commands that also read the Windows names.
pub fn scope_of(filter: &ServiceFilter) -> Result<Scope> {
    match &filter.service {
        Some(s) if s.trim().eq_ignore_ascii_case(windows::SOURCE_ID) => Ok(Scope::Windows),
        Some(s) => match Service::parse(s) {
            Some(svc) => Ok(Scope::Service(svc)),
            None => {
                let ids: Vec<_> = Service::all()
                    .map(Service::id)
                    .chain([windows::SOURCE_ID])
                    .collect();
                bail!(InputError(format!(
                    "unknown service {s:?} (expected one of: {})",
                    ids.join(", ")
                )))
            }
        },
        None => Ok(Scope::All),
    }
}

fn run(cli: Cli, w: &mut impl Write, is_tty: bool) -> Result<Exit> {
    let out = Output::new(&cli.output, is_tty);
    let lists_entries = matches!(
        cli.command,
        Command::Lookup { .. }
            | Command::Status { .. }
            | Command::List { .. }
            | Command::Search { .. }
    );
    let jsonl_ok = lists_entries || matches!(cli.command, Command::Scan(_));
    if (out.format == Format::Csv && !lists_entries) || (out.format == Format::Jsonl && !jsonl_ok) {
        bail!(InputError(
            "--format csv applies to lists of entries (lookup, status, list, search), jsonl also to scan".into()
        ));
    }
    match cli.command {
        Command::Lookup { codes, filter } => lookup(w, out, &codes, scope_of(&filter)?),
        Command::Hresult { value } => hresult_cmd(w, out, &value),
        Command::Status { status, filter } => status_cmd(w, out, &status, service_of(&filter)?),
        Command::List {
            filter,
            status,
            category,
            origin,
        } => list(
            w,
            out,
            scope_of(&filter)?,
            status.as_deref(),
            category.as_deref(),
            origin,
        ),
        Command::Search { words, filter } => {
            let scope = scope_of(&filter)?;
            let query = words.join(" ");
            let hits = if scope.services() {
                search::search(&query, scope.service())
            } else {
                Vec::new()
            };
            let names = if scope.windows() {
                windows::search(&query.split_whitespace().collect::<Vec<_>>())
            } else {
                Vec::new()
            };
            print_mixed(w, out, &hits, &names, false)
        }
        Command::Exit { code } => exit_cmd(w, out, &code),
        Command::Services => {
            let mut views: Vec<ServiceView> = Service::all().map(ServiceView::from).collect();
            views.push(ServiceView {
                id: windows::SOURCE_ID,
                name: windows::SOURCE_NAME,
                aliases: &[],
                documents: windows::ORIGIN_DOCUMENTS.to_vec(),
                entries: windows::all().len(),
                seed_entries: 0,
                aliases_of_entries: 0,
                newest_source: None,
            });
            if out.json {
                render::json(w, &views)?;
            } else {
                render::services(w, &views, out.style)?;
            }
            Ok(Exit::Found)
        }
        Command::Decode(args) => crate::body::decode_cmd(w, out, &args),
        Command::Retryable(args) => crate::body::retryable_cmd(w, out, &args),
        Command::Scan(args) => crate::scan_cmd::scan(w, out, &args),
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(w)?;
            Ok(Exit::Found)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "errcode", w);
            Ok(Exit::Found)
        }
    }
}

/// Prints entries as JSON, cards (few, for lookups) or a table.
fn print_entries(
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
fn print_mixed(
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

/// The Windows names a lookup key names: by name, and for a `0x` literal
/// every name of that value.
fn lookup_windows(key: &str) -> Vec<&'static Code> {
    let mut names: Vec<&'static Code> = windows::by_name(key).collect();
    if key.starts_with("0x") || key.starts_with("0X") {
        if let Ok((h, _)) = hresult::parse(key) {
            names.extend(windows::names_for(h));
        }
    }
    names
}

/// The entries a lookup key names: by code or alias, scoped to the service
/// ([`catalog::by_name`]); an entry id (`batch:ConditionNotMet:412`); a
/// number also names Cosmos DB sub-statuses; a `0x` literal also names an
/// HRESULT.
fn lookup_one(key: &str, service: Option<Service>) -> Vec<&'static Entry> {
    let mut hits: Vec<&'static Entry> = catalog::by_name(key, service).collect();
    if key.contains(':') {
        hits.extend(catalog::by_id(key));
    }
    if key.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = key.parse::<u32>() {
            hits.extend(catalog::entries().iter().filter(|e| e.substatus == Some(n)));
        }
    }
    if key.starts_with("0x") || key.starts_with("0X") {
        if let Ok((h, _)) = hresult::parse(key) {
            hits.extend(catalog::by_hresult(h));
        }
    }
    hits.retain(|e| service.is_none_or(|s| s == e.service));
    hits.sort_by_key(|e| catalog::index_of(e));
    hits.dedup_by_key(|e| catalog::index_of(e));
    hits
}

fn lookup(w: &mut impl Write, out: Output, codes: &[String], scope: Scope) -> Result<Exit> {
    let mut all = Vec::new();
    let mut all_names = Vec::new();
    let mut missing = false;
    if codes.iter().any(|c| c.trim().is_empty()) {
        bail!(InputError("empty code".into()));
    }
    let service = scope.service();
    for key in codes {
        let hits = if scope.services() {
            lookup_one(key.trim(), service)
        } else {
            Vec::new()
        };
        let names = if scope.windows() {
            lookup_windows(key.trim())
        } else {
            Vec::new()
        };
        if hits.is_empty() && names.is_empty() {
            missing = true;
            let mut near = if scope.services() {
                catalog::suggest(key.trim(), service)
            } else {
                Vec::new()
            };
            if scope.windows() && near.is_empty() {
                near = windows::suggest(key.trim());
            }
            let scope = match scope {
                Scope::All => String::new(),
                Scope::Service(s) => format!(" in {}", s.id()),
                Scope::Windows => format!(" in {}", windows::SOURCE_ID),
            };
            if near.is_empty() {
                eprintln!("errcode: no entry for {key:?}{scope}");
            } else {
                eprintln!(
                    "errcode: no entry for {key:?}{scope}; did you mean {}?",
                    near.join(", ")
                );
            }
        }
        all.extend(hits);
        all_names.extend(names);
    }
    print_mixed(w, out, &all, &all_names, true)?;
    Ok(if missing { Exit::NotFound } else { Exit::Found })
}

fn hresult_cmd(w: &mut impl Write, out: Output, value: &str) -> Result<Exit> {
    let (h, notation) = hresult::parse(value)
        .map_err(|e| anyhow!(InputError(format!("not an HRESULT: {value:?} ({e})"))))?;
    let entries: Vec<&'static Entry> = catalog::by_hresult(h).collect();
    let view = HresultView::new(value, h, notation, &entries);
    let found = !entries.is_empty() || !view.windows.is_empty();
    if out.json {
        render::json(w, &view)?;
    } else {
        render::hresult(w, &view, &entries, out.style)?;
    }
    // All digits: read as decimal, as documented, but a hex reading that names
    // a catalog entry is worth a hint.
    if !found && notation == hresult::Notation::Decimal {
        if let Ok(hex) = u32::from_str_radix(value.trim(), 16) {
            if let Some(e) = catalog::by_hresult(hex).next() {
                eprintln!(
                    "errcode: hint: read as decimal; 0x{hex:08X} would be {}",
                    e.code
                );
            }
        }
    }
    Ok(Exit::found_if(found))
}

fn exit_cmd(w: &mut impl Write, out: Output, text: &str) -> Result<Exit> {
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

/// Reads `409`, `404.1002` or `404/1002`.
pub fn parse_status(text: &str) -> Result<(u16, Option<u32>)> {
    let bad = || {
        anyhow!(InputError(format!(
            "not an HTTP status: {text:?} (expected 100..599, or 404.1002 for a sub-status)"
        )))
    };
    let t = text.trim();
    let (main, sub) = match t.split_once(['.', '/']) {
        Some((m, s)) => (m, Some(s)),
        None => (t, None),
    };
    if main.len() != 3 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let status: u16 = main.parse().map_err(|_| bad())?;
    if !(100..=599).contains(&status) {
        return Err(bad());
    }
    let sub = match sub {
        None => None,
        Some(s) if !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.parse::<u32>().map_err(|_| bad())?)
        }
        Some(_) => return Err(bad()),
    };
    Ok((status, sub))
}

fn with_status(status: u16, sub: Option<u32>, service: Option<Service>) -> Vec<&'static Entry> {
    catalog::by_status(status)
        .filter(|e| service.is_none_or(|s| s == e.service))
        .filter(|e| sub.is_none_or(|ss| e.substatus == Some(ss)))
        .collect()
}

fn status_cmd(
    w: &mut impl Write,
    out: Output,
    text: &str,
    service: Option<Service>,
) -> Result<Exit> {
    let (status, sub) = parse_status(text)?;
    let entries = with_status(status, sub, service);
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

fn list(
    w: &mut impl Write,
    out: Output,
    scope: Scope,
    status: Option<&str>,
    category: Option<&str>,
    origin: Option<Origin>,
) -> Result<Exit> {
    let status = status.map(parse_status).transpose()?;
    // The 6,000 Windows names are listed on request only: `list` alone stays
    // the services' catalog. They have no status, category or seed origin.
    if scope == Scope::Windows {
        let names: Vec<&'static Code> =
            if status.is_none() && category.is_none() && origin != Some(Origin::Seed) {
                windows::all().iter().collect()
            } else {
                Vec::new()
            };
        return print_mixed(w, out, &[], &names, false).context("writing the list");
    }
    let service = scope.service();
    if let Some(c) = category {
        let known = catalog::entries()
            .iter()
            .any(|e| e.category.is_some_and(|k| k.eq_ignore_ascii_case(c)));
        if !known {
            bail!(InputError(format!(
                "unknown category {c:?} (expected UserError or ServerError)"
            )));
        }
    }
    let entries: Vec<&'static Entry> = catalog::entries()
        .iter()
        .filter(|e| service.is_none_or(|s| s == e.service))
        .filter(|e| {
            status.is_none_or(|(st, sub)| {
                e.status == Some(st) && sub.is_none_or(|ss| e.substatus == Some(ss))
            })
        })
        .filter(|e| category.is_none_or(|c| e.category.is_some_and(|k| k.eq_ignore_ascii_case(c))))
        .filter(|e| {
            origin.is_none_or(|o| match o {
                Origin::Seed => e.is_seed(),
                Origin::Reference => !e.is_seed(),
            })
        })
        .collect();
    print_entries(w, out, &entries, false).context("writing the list")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_forms() {
        assert_eq!(parse_status("409").unwrap(), (409, None));
        assert_eq!(parse_status("404.1002").unwrap(), (404, Some(1002)));
        assert_eq!(parse_status("404/1002").unwrap(), (404, Some(1002)));
        for bad in [
            "",
            "99",
            "600",
            "4o4",
            "404.",
            "404.x",
            "1000",
            "404.12345678901",
        ] {
            assert!(parse_status(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_look_up_cosmos_substatuses_under_each_status() {
        let hits = lookup_one("1002", Some(Service::Cosmos));
        assert!(
            lookup_windows("error_sharing_violation")
                .iter()
                .any(|c| c.value() == 32)
        );
        let codes: Vec<_> = hits.iter().map(|e| (e.status, e.code)).collect();
        assert!(codes.contains(&(Some(404), "ReadSessionNotAvailable")));
        assert!(codes.contains(&(Some(410), "PartitionKeyRangeGone")));
    }

    #[test]
    fn hex_literals_look_up_hresults() {
        let hits = lookup_one("0x8088002E", None);
        assert_eq!(
            hits.first().map(|e| e.code),
            Some("MPE_MGMT_PUBLISHING_POINT_NOT_FOUND")
        );
    }
}
