//! Scans files with `errcode_cli::scan` and prints the throughput, for
//! comparing with `rg -c -F -w -f names.txt` on a log from `gen_log`:
//!
//! ```text
//! cargo build --release --example gen_log --example scan_bench
//! target/release/examples/gen_log /tmp/big.log /tmp/big.counts.json /tmp/names.txt --size 1G
//! target/release/examples/scan_bench /tmp/big.log --check /tmp/big.counts.json
//! ```
//!
//! Options: `--low` reports low-confidence matches too; `--chunk BYTES` sets
//! the read size; `--runs N` repeats the scan and prints the best;
//! `--check COUNTS_JSON` compares the per-code counts with gen_log's and fails
//! on any difference.

use std::collections::BTreeMap;
use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use errcode_cli::scan::{ScanOptions, Scanner, Summary};

const USAGE: &str =
    "usage: scan_bench FILE... [--low] [--chunk BYTES] [--runs N] [--check COUNTS_JSON]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scan_bench: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<()> {
    let mut files = Vec::new();
    let mut opts = ScanOptions::default();
    let mut runs = 1;
    let mut check = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--low" => opts.include_low = true,
            "--chunk" => opts.chunk_size = args.next().context(USAGE)?.parse()?,
            "--runs" => runs = args.next().context(USAGE)?.parse()?,
            "--check" => check = Some(args.next().context(USAGE)?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        bail!("{USAGE}");
    }
    let started = Instant::now();
    let scanner = Scanner::new(opts);
    println!("build: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);

    let mut best = f64::INFINITY;
    let mut summary = Summary::new();
    let mut bytes = 0;
    for run in 0..runs {
        let mut this = Summary::new();
        bytes = 0;
        let started = Instant::now();
        for (source, path) in files.iter().enumerate() {
            let file = File::open(path).with_context(|| format!("cannot open {path}"))?;
            let stats = scanner
                .scan_reader(file, |m| {
                    this.record(source, m);
                    Ok(())
                })
                .with_context(|| format!("cannot read {path}"))?;
            bytes += stats.bytes;
            if run == 0 {
                println!(
                    "{path}: {} bytes, {} lines, {} matches reported, {} of low confidence",
                    stats.bytes, stats.lines, stats.reported, stats.low
                );
            }
        }
        let secs = started.elapsed().as_secs_f64();
        best = best.min(secs);
        println!(
            "run {}: {:.3} s, {:.0} MB/s",
            run + 1,
            secs,
            bytes as f64 / secs / 1e6
        );
        summary = this;
    }
    println!(
        "best: {:.3} s, {:.0} MB/s ({} bytes, {} codes)",
        best,
        bytes as f64 / best / 1e6,
        bytes,
        summary.rows().len()
    );
    for row in summary.rows().iter().take(5) {
        println!("  {:>9}  {}", row.count, row.key);
    }
    if let Some(path) = check {
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let json: serde_json::Value = serde_json::from_str(&text)?;
        let mut want: BTreeMap<String, u64> = BTreeMap::new();
        let sections: &[&str] = if opts.include_low {
            &["high", "low"]
        } else {
            &["high"]
        };
        for section in sections {
            for (k, v) in json[section]
                .as_object()
                .context("counts JSON from gen_log")?
            {
                *want.entry(k.clone()).or_default() += v.as_u64().unwrap_or(0);
            }
        }
        let got: BTreeMap<String, u64> = summary
            .rows()
            .iter()
            .map(|r| (r.key.to_string(), r.count))
            .collect();
        if got != want {
            bail!("counts differ from {path}");
        }
        println!("counts match {path} ({} codes)", want.len());
    }
    Ok(())
}
