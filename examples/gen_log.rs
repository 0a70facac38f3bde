//! Writes a large, realistic service log with known counts of every code, for
//! the scanner's benchmark and tests:
//!
//! ```text
//! cargo run --release --example gen_log -- /tmp/big.log /tmp/big.counts.json /tmp/names.txt --size 1G
//! rg -c -F -w -f /tmp/names.txt /tmp/big.log
//! ```
//!
//! - the log: see `errcode_cli::scan::sample` for what it holds;
//! - the counts, as JSON: `{"seed", "bytes", "lines", "high": {code: n}, "low": {code: n}}`,
//!   keyed like `errcode scan --summary` (`PoolNotFound`, `0x8088002E`, `404.1002`);
//! - the literal code names the scanner matches, one per line, for `rg -F -w -f`.
//!
//! The same seed and size give the same bytes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use errcode_cli::scan::{ScanOptions, Scanner, sample};

const USAGE: &str = "usage: gen_log LOG COUNTS_JSON NAMES_TXT [--size BYTES[K|M|G]] [--seed N]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_log: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn parse_size(text: &str) -> Result<u64> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits
        .parse()
        .with_context(|| format!("not a size: {text:?}"))?;
    let mult = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => bail!("unknown size unit in {text:?} (use K, M or G)"),
    };
    Ok(n * mult)
}

fn run() -> Result<()> {
    let mut paths = Vec::new();
    let mut size = 64u64 << 20;
    let mut seed = 2024u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--size" => size = parse_size(&args.next().context(USAGE)?)?,
            "--seed" => {
                seed = args
                    .next()
                    .context(USAGE)?
                    .parse()
                    .context("--seed takes a number")?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => paths.push(arg),
        }
    }
    let [log, counts, names] = paths.as_slice() else {
        bail!("{USAGE}");
    };
    let file = File::create(log).with_context(|| format!("cannot create {log}"))?;
    let expected = sample::write_log(seed, size, file).with_context(|| format!("writing {log}"))?;

    let mut out =
        BufWriter::new(File::create(counts).with_context(|| format!("cannot create {counts}"))?);
    serde_json::to_writer_pretty(&mut out, &expected)?;
    writeln!(out)?;
    out.flush()?;

    let mut out =
        BufWriter::new(File::create(names).with_context(|| format!("cannot create {names}"))?);
    for name in Scanner::new(ScanOptions::default()).names() {
        writeln!(out, "{name}")?;
    }
    out.flush()?;
    eprintln!(
        "gen_log: {log}: {} bytes, {} lines, {} codes ({} more of low confidence)",
        expected.bytes,
        expected.lines,
        expected.total(false),
        expected.low.values().sum::<u64>()
    );
    Ok(())
}
