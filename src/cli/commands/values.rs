//! `errcode VALUE...`: no subcommand, each value read as everything it can
//! be ([`errcode_cli::interpret::readings`]), every reading shown under a
//! heading, best first; a file or `-` is decoded as `decode` would.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use errcode_cli::interpret::{self, Kind};
use errcode_cli::{catalog, windows};
use serde_json::{Value, json};

use super::{decode, exit_code, hresult, lookup, print_mixed, status};
use crate::args::{DecodeArgs, InputArgs, ServiceFilter};
use crate::exit::{Exit, InputError};
use crate::render;
use crate::settings::{Output, Scope};

/// Explains each value; exit 0 when every value had a reading, 1 when one
/// had none (with a "did you mean" on stderr), like `lookup`.
pub fn run(w: &mut impl Write, out: Output, values: &[String]) -> Result<Exit> {
    if values.iter().any(|v| v.trim().is_empty()) {
        bail!(InputError("empty value".into()));
    }
    let mut groups: Vec<Value> = Vec::new();
    let mut missing = false;
    let mut first = true;
    for value in values {
        let v = value.trim();
        let file = v == "-" || Path::new(value).is_file();
        let kinds = interpret::readings(v);
        if kinds.is_empty() && !file {
            missing = true;
            say_not_found(v);
            continue;
        }
        if file {
            let args = DecodeArgs {
                input: InputArgs {
                    file: Some(value.into()),
                    max_bytes: errcode_cli::decode::DEFAULT_MAX_BYTES as u64,
                },
                filter: ServiceFilter { service: None },
                lines: false,
            };
            let label = if v == "-" { "standard input" } else { v };
            group(
                w,
                out,
                &mut groups,
                &mut first,
                "body",
                label,
                "a body",
                |w| decode::run(w, out, &args),
            )?;
        }
        for kind in kinds {
            group(
                w,
                out,
                &mut groups,
                &mut first,
                kind.as_str(),
                v,
                kind.phrase(),
                |w| reading(w, out, kind, v),
            )?;
        }
    }
    if out.json {
        render::json(w, &groups)?;
    }
    Ok(if missing || (groups.is_empty() && out.json) {
        Exit::NotFound
    } else {
        Exit::Found
    })
}

/// Prints one reading under its heading, or under `--json` collects the
/// subcommand's own JSON as `{"kind", "value", "result"}`.
#[allow(clippy::too_many_arguments)]
fn group(
    w: &mut impl Write,
    out: Output,
    groups: &mut Vec<Value>,
    first: &mut bool,
    kind: &str,
    value: &str,
    phrase: &str,
    print: impl FnOnce(&mut Vec<u8>) -> Result<Exit>,
) -> Result<()> {
    let mut buf = Vec::new();
    print(&mut buf)?;
    if out.json {
        let result: Value = serde_json::from_slice(&buf)?;
        groups.push(json!({ "kind": kind, "value": value, "result": result }));
        return Ok(());
    }
    if !*first {
        writeln!(w)?;
    }
    *first = false;
    writeln!(w, "{}", out.style.heading(&format!("{value} as {phrase}:")))?;
    w.write_all(&buf)?;
    Ok(())
}

/// One reading, printed by the subcommand that owns it.
fn reading(w: &mut Vec<u8>, out: Output, kind: Kind, value: &str) -> Result<Exit> {
    match kind {
        Kind::Code => lookup::run(w, out, &[value.to_string()], Scope::All),
        Kind::Hresult => hresult::run(w, out, value),
        Kind::Status => status::run(w, out, value, None),
        Kind::Substatus => {
            let n: u32 = value.parse()?;
            let entries: Vec<_> = catalog::entries()
                .iter()
                .filter(|e| e.substatus == Some(n))
                .collect();
            print_mixed(w, out, &entries, &[], entries.len() <= 2)
        }
        Kind::Exit => exit_code::run(w, out, value),
    }
}

fn say_not_found(value: &str) {
    // `errcode lokup X` reads `lokup` as a value: offer the subcommand.
    use clap::CommandFactory;
    let lower = value.to_ascii_lowercase();
    let sub = crate::args::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .find(|name| strsim::damerau_levenshtein(name, &lower) <= 2 && lower.len() >= 3);
    if let Some(name) = sub {
        eprintln!("errcode: nothing known as {value:?}; did you mean the subcommand {name}?");
        return;
    }
    let mut near = catalog::suggest(value, None);
    if near.is_empty() {
        near = windows::suggest(value);
    }
    if near.is_empty() {
        eprintln!(
            "errcode: nothing known as {value:?} (not a code, HRESULT, status, exit code or file)"
        );
    } else {
        eprintln!(
            "errcode: nothing known as {value:?}; did you mean {}?",
            near.join(", ")
        );
    }
}
