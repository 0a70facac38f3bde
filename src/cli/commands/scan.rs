//! `errcode scan`: drive the library scanner over files or standard input
//! and print occurrences (grep-like lines or JSON Lines) or a summary.

use std::fs::File;
use std::io::{self, Read, Write};

use anyhow::Result;
use errcode_cli::catalog::Entry;
use errcode_cli::model::{EntryView, views};
use errcode_cli::scan::{Match, ScanOptions, Scanner, Summary};
use errcode_cli::windows::{self, CodeView};
use owo_colors::OwoColorize;
use serde::Serialize;

use crate::args::{Format, ScanArgs};
use crate::exit::Exit;
use crate::settings::Output;

/// One occurrence under `--json` (JSON Lines).
#[derive(Serialize)]
struct OccurrenceView<'a> {
    file: &'a str,
    line: u64,
    column: u64,
    #[serde(rename = "match")]
    text: &'a str,
    kind: &'static str,
    confidence: &'static str,
    entries: Vec<EntryView>,
    /// Windows names of an HRESULT or NTSTATUS literal, below the entries.
    windows: Vec<CodeView>,
}

/// The Windows names of a match's value, when it is an HRESULT.
pub(super) fn windows_views(hresult: Option<u32>) -> Vec<CodeView> {
    hresult
        .map(windows::names_for)
        .unwrap_or_default()
        .into_iter()
        .map(windows::Code::view)
        .collect()
}

/// One summary row under `--summary --json`.
#[derive(Serialize)]
struct SummaryView<'a> {
    #[serde(rename = "match")]
    text: String,
    kind: &'static str,
    count: u64,
    low: u64,
    first: PositionView<'a>,
    last: PositionView<'a>,
    entries: Vec<EntryView>,
    windows: Vec<CodeView>,
}

#[derive(Serialize)]
struct PositionView<'a> {
    file: &'a str,
    line: u64,
}

pub(super) fn meaning(entries: &[&'static Entry], hresult: Option<u32>) -> String {
    match entries.first() {
        None => match hresult.and_then(windows::first_name) {
            Some(c) => format!(
                "windows  {}  {}",
                c.name(),
                c.meaning().unwrap_or("(name only)")
            ),
            None => "not in the catalog".to_string(),
        },
        Some(e) => {
            let status = e.status_label().unwrap_or_else(|| "-".into());
            let more = if entries.len() > 1 {
                format!(" (+{} more)", entries.len() - 1)
            } else {
                String::new()
            };
            format!(
                "{}  {status}  {}{more}",
                e.service.id(),
                e.message().lines().next().unwrap_or_default()
            )
        }
    }
}

/// Runs the scan; a file that cannot be read is reported and the rest scanned.
pub fn run(w: &mut impl Write, out: Output, args: &ScanArgs) -> Result<Exit> {
    let scanner = Scanner::new(ScanOptions {
        include_low: args.low,
        ..ScanOptions::default()
    });
    let names: Vec<String> = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.iter().map(|p| p.display().to_string()).collect()
    };
    let mut summary = Summary::new();
    let mut found = false;
    let mut failed = false;
    for (index, name) in names.iter().enumerate() {
        let reader: Box<dyn Read> = if name == "-" {
            crate::input::note_terminal_stdin();
            Box::new(io::stdin().lock())
        } else {
            let path = std::path::Path::new(name);
            if path.is_dir() {
                eprintln!("errcode: cannot read {name}: is a directory");
                failed = true;
                continue;
            }
            match File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("errcode: cannot read {name}: {}", crate::input::io_text(&e));
                    failed = true;
                    continue;
                }
            }
        };
        let shown = if name == "-" {
            "(standard input)"
        } else {
            name.as_str()
        };
        let result = scanner.scan_reader(reader, |m: &Match| {
            if args.summary {
                summary.record(index, m);
                Ok(())
            } else {
                occurrence(w, out, shown, m)
            }
        });
        match result {
            Ok(stats) => found |= stats.reported > 0,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e.into()),
            Err(e) => {
                eprintln!("errcode: cannot read {name}: {}", crate::input::io_text(&e));
                failed = true;
            }
        }
    }
    if args.summary {
        print_summary(w, out, &summary, &names)?;
    }
    Ok(if failed {
        Exit::Error
    } else {
        Exit::found_if(found)
    })
}

fn occurrence(w: &mut impl Write, out: Output, file: &str, m: &Match) -> io::Result<()> {
    if out.format == Format::Json || out.format == Format::Jsonl {
        let view = OccurrenceView {
            file,
            line: m.line,
            column: m.column,
            text: m.text,
            kind: m.kind.as_str(),
            confidence: m.confidence.as_str(),
            entries: views(m.entries),
            windows: windows_views(m.hresult),
        };
        serde_json::to_writer(&mut *w, &view).map_err(io::Error::from)?;
        return writeln!(w);
    }
    let low = if m.confidence.as_str() == "low" {
        "  (low confidence)"
    } else {
        ""
    };
    if out.style.color {
        writeln!(
            w,
            "{}:{}:{}: {}  {}{low}",
            file.magenta(),
            m.line.green(),
            m.column,
            m.text.bold().cyan(),
            meaning(m.entries, m.hresult)
        )
    } else {
        writeln!(
            w,
            "{file}:{}:{}: {}  {}{low}",
            m.line,
            m.column,
            m.text,
            meaning(m.entries, m.hresult)
        )
    }
}

fn print_summary(
    w: &mut impl Write,
    out: Output,
    summary: &Summary,
    names: &[String],
) -> io::Result<()> {
    let file = |i: usize| -> &str {
        let n = names[i].as_str();
        if n == "-" { "(standard input)" } else { n }
    };
    let rows = summary.rows();
    if out.format == Format::Json || out.format == Format::Jsonl {
        let views: Vec<SummaryView> = rows
            .iter()
            .map(|r| SummaryView {
                text: r.key.to_string(),
                kind: r.key.kind().as_str(),
                count: r.count,
                low: r.low,
                first: PositionView {
                    file: file(r.first.source),
                    line: r.first.line,
                },
                last: PositionView {
                    file: file(r.last.source),
                    line: r.last.line,
                },
                entries: views(&r.entries),
                windows: windows_views(r.key.hresult()),
            })
            .collect();
        return crate::render::json(w, &views);
    }
    if rows.is_empty() {
        return Ok(());
    }
    let multi = names.len() > 1;
    let at = |p: errcode_cli::scan::Position| {
        if multi {
            format!("{}:{}", file(p.source), p.line)
        } else {
            p.line.to_string()
        }
    };
    let rows = rows
        .iter()
        .map(|r| {
            [
                r.count.to_string(),
                r.key.to_string(),
                at(r.first),
                at(r.last),
                meaning(&r.entries, r.key.hresult()),
            ]
        })
        .collect();
    let header = ["COUNT", "MATCH", "FIRST", "LAST", "MEANING"];
    let t = crate::render::fitted_table(out.style, header, rows, 4, None);
    writeln!(w, "{t}")
}
