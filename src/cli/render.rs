//! Printers: they decide how things look, never what is shown. Each writes
//! to a `&mut impl Write` so tests and the binary share them.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use errcode_cli::catalog::Entry;
use errcode_cli::model::{EntryView, HresultView, ServiceView};
use errcode_cli::process_exit::ExitReport;
use errcode_cli::windows::{self as win, Code, CodeView};
use owo_colors::OwoColorize;
use serde::Serialize;

use crate::args::Format;

/// Decided once per run from `--color`, `NO_COLOR` and whether stdout is a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit ANSI colour.
    pub color: bool,
}

impl Style {
    /// A heading line, bold in colour.
    pub fn heading(&self, s: &str) -> String {
        self.bold(s)
    }
    fn bold(&self, s: &str) -> String {
        if self.color {
            s.bold().to_string()
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.color {
            s.dimmed().to_string()
        } else {
            s.to_string()
        }
    }
    fn code(&self, s: &str) -> String {
        if self.color {
            s.bold().cyan().to_string()
        } else {
            s.to_string()
        }
    }
    fn status(&self, status: u16, s: &str) -> String {
        if !self.color {
            return s.to_string();
        }
        match status {
            500.. => s.red().to_string(),
            400.. => s.yellow().to_string(),
            _ => s.green().to_string(),
        }
    }
}

/// Writes entries in a machine format: a JSON array, JSON Lines or CSV.
pub fn entries(w: &mut impl Write, format: Format, entries: &[&'static Entry]) -> io::Result<()> {
    mixed(w, format, entries, &[])
}

/// Keeps the underlying I/O error (a closed pipe must stay recognisable).
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("CSV: {other:?}")),
    }
}

/// Writes any view as pretty JSON followed by a newline.
pub fn json<T: Serialize>(w: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::from)?;
    writeln!(w)
}

fn status_text(e: &Entry) -> String {
    match (e.status_label(), e.reason()) {
        (Some(l), Some(r)) => format!("{l} {r}"),
        (Some(l), None) => l,
        (None, _) => "-".to_string(),
    }
}

/// Prints one entry as a detail card.
pub fn card(w: &mut impl Write, e: &'static Entry, style: Style) -> io::Result<()> {
    let v = EntryView::from(e);
    writeln!(
        w,
        "{}  {}",
        style.code(e.code()),
        style.dim(&format!("({})", e.service.name()))
    )?;
    let label = |l: &str| style.dim(&format!("  {l:<10}"));
    if !e.aliases().is_empty() {
        writeln!(w, "{}{}", label("also"), e.aliases().join(", "))?;
    }
    let status = status_text(e);
    writeln!(
        w,
        "{}{}",
        label("status"),
        style.status(e.status.unwrap_or(0), &status)
    )?;
    if let Some(h) = v.hresult {
        writeln!(w, "{}{h}", label("hresult"))?;
    }
    if let Some(c) = e.category() {
        writeln!(w, "{}{c}", label("category"))?;
    }
    if !e.methods().is_empty() {
        writeln!(w, "{}{}", label("methods"), e.methods().join(", "))?;
    }
    if let Some(b) = e.response_body() {
        writeln!(w, "{}{b}", label("body"))?;
    }
    let mut first = true;
    for line in e.message().lines() {
        let l = if first {
            label("meaning")
        } else {
            " ".repeat(12)
        };
        writeln!(w, "{l}{line}")?;
        first = false;
    }
    writeln!(
        w,
        "{}{} - {}",
        label("retry"),
        style.bold(v.retry.verdict.as_str()),
        v.retry.reason
    )?;
    for note in e.notes() {
        writeln!(w, "{}{note}", label("note"))?;
    }
    writeln!(w, "{}{} [{}]", label("source"), v.source, v.origin)?;
    Ok(())
}

/// Prints entries as cards separated by blank lines.
pub fn cards(w: &mut impl Write, entries: &[&'static Entry], style: Style) -> io::Result<()> {
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        card(w, e, style)?;
    }
    Ok(())
}

fn new_table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(header.iter().map(|h| {
        let c = Cell::new(h);
        if style.color {
            c.add_attribute(comfy_table::Attribute::Bold)
        } else {
            c
        }
    }));
    t
}

/// Prints entries as a table sized to the terminal.
pub fn table(w: &mut impl Write, entries: &[&'static Entry], style: Style) -> io::Result<()> {
    const HEADER: [&str; 5] = ["SERVICE", "CODE", "STATUS", "HRESULT", "MEANING"];
    if sized_to_terminal(style) {
        return table_to_terminal(w, HEADER, entries, style);
    }
    let rows: Vec<[Painted; 5]> = entries
        .iter()
        .map(|e| {
            let status_fg = match e.status {
                Some(500..) => ANSI_RED,
                Some(400..) => ANSI_YELLOW,
                Some(_) => ANSI_GREEN,
                None => ANSI_RESET,
            };
            [
                Painted::plain(e.service.id()),
                Painted::new(e.code(), ANSI_CYAN),
                Painted::new(status_text(e), status_fg),
                Painted::plain(e.hresult.map(|h| format!("0x{h:08X}")).unwrap_or_default()),
                Painted::plain(e.message().lines().next().unwrap_or_default()),
            ]
        })
        .collect();
    plain_table(w, HEADER, &rows, style)
}

/// The comfy-table path, kept for a terminal, where the table may have to wrap.
fn table_to_terminal(
    w: &mut impl Write,
    header: [&str; 5],
    entries: &[&'static Entry],
    style: Style,
) -> io::Result<()> {
    let mut t = new_table(style, &header);
    for e in entries {
        let mut code = Cell::new(e.code());
        let mut status = Cell::new(status_text(e));
        if style.color {
            code = code.fg(Color::Cyan);
            status = status.fg(match e.status {
                Some(500..) => Color::Red,
                Some(400..) => Color::Yellow,
                Some(_) => Color::Green,
                None => Color::Reset,
            });
        }
        t.add_row(vec![
            Cell::new(e.service.id()),
            code,
            status,
            Cell::new(e.hresult.map(|h| format!("0x{h:08X}")).unwrap_or_default()),
            Cell::new(e.message().lines().next().unwrap_or_default()),
        ]);
    }
    writeln!(w, "{t}")
}

/// Whether comfy-table would size a table to the terminal (and so may wrap
/// it): only when it styles and stdout is a terminal (`new_table` turns the
/// terminal off without colour). Otherwise every column is as wide as its
/// widest cell, which `plain_table` writes for a fraction of the cost
/// (comfy-table measures each cell's width several times).
fn sized_to_terminal(style: Style) -> bool {
    use std::io::IsTerminal;
    style.color && io::stdout().is_terminal()
}

// The escapes crossterm writes for comfy-table's colours (8-bit palette).
const ANSI_CYAN: &str = "\x1b[38;5;14m";
const ANSI_RED: &str = "\x1b[38;5;9m";
const ANSI_YELLOW: &str = "\x1b[38;5;11m";
const ANSI_GREEN: &str = "\x1b[38;5;10m";
const ANSI_RESET: &str = "\x1b[39m";

/// A table cell for `plain_table`: its text and the foreground colour it
/// gets when colour is on.
struct Painted<'a> {
    text: std::borrow::Cow<'a, str>,
    fg: Option<&'static str>,
}

impl<'a> Painted<'a> {
    fn plain(text: impl Into<std::borrow::Cow<'a, str>>) -> Self {
        Painted {
            text: text.into(),
            fg: None,
        }
    }
    fn new(text: impl Into<std::borrow::Cow<'a, str>>, fg: &'static str) -> Self {
        Painted {
            text: text.into(),
            fg: Some(fg),
        }
    }
}

/// Display width as comfy-table measures it (unicode-width), with a shortcut
/// for printable ASCII.
fn text_width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        s.len()
    } else {
        unicode_width::UnicodeWidthStr::width(s)
    }
}

/// Writes, byte for byte, what `new_table` + comfy-table print when no
/// terminal width applies: UTF8_FULL_CONDENSED borders, one space of padding,
/// each column as wide as its widest line (at least 1), a cell's lines split
/// at `\n`, colour around the padded line.
fn plain_table<const N: usize>(
    w: &mut impl Write,
    header: [&str; N],
    rows: &[[Painted; N]],
    style: Style,
) -> io::Result<()> {
    let mut widths = [1usize; N];
    for (i, h) in header.iter().enumerate() {
        widths[i] = widths[i].max(h.split('\n').map(text_width).max().unwrap_or(0));
    }
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            let wd = c.text.split('\n').map(text_width).max().unwrap_or(0);
            widths[i] = widths[i].max(wd);
        }
    }
    let mut out = String::with_capacity(256 + rows.len() * 128);
    let rule = |out: &mut String, left: char, fill: char, junction: char, right: char| {
        out.push(left);
        for (i, wd) in widths.iter().enumerate() {
            if i > 0 {
                out.push(junction);
            }
            out.extend(std::iter::repeat_n(fill, wd + 2));
        }
        out.push(right);
    };
    // One table row, which is as many lines as its tallest cell.
    let line = |out: &mut String, cells: [(&str, Option<&str>, bool); N]| {
        let mut lines: [std::str::Split<'_, char>; N] = cells.map(|(t, _, _)| t.split('\n'));
        let height = cells
            .iter()
            .map(|(t, _, _)| t.split('\n').count())
            .max()
            .unwrap_or(0);
        for row_line in 0..height {
            if row_line > 0 || !out.is_empty() {
                out.push('\n');
            }
            out.push('│');
            for (i, part) in lines.iter_mut().enumerate() {
                if i > 0 {
                    out.push('┆');
                }
                let Some(part) = part.next() else {
                    out.extend(std::iter::repeat_n(' ', widths[i] + 2));
                    continue;
                };
                let (_, fg, bold) = cells[i];
                let styled = style.color && (fg.is_some() || bold);
                if styled {
                    if let Some(fg) = fg {
                        out.push_str(fg);
                    }
                    if bold {
                        out.push_str("\x1b[1m");
                    }
                }
                out.push(' ');
                out.push_str(part);
                out.extend(std::iter::repeat_n(' ', widths[i] - text_width(part) + 1));
                if styled {
                    out.push_str(if bold { "\x1b[0m" } else { ANSI_RESET });
                }
            }
            out.push('│');
        }
    };
    rule(&mut out, '┌', '─', '┬', '┐');
    line(&mut out, header.map(|h| (h, None, true)));
    out.push('\n');
    rule(&mut out, '╞', '═', '╪', '╡');
    for row in rows {
        let cells: [(&str, Option<&str>, bool); N] =
            std::array::from_fn(|i| (row[i].text.as_ref(), row[i].fg, false));
        line(&mut out, cells);
    }
    out.push('\n');
    rule(&mut out, '└', '─', '┴', '┘');
    out.push('\n');
    w.write_all(out.as_bytes())
}

/// Prints the structure of an HRESULT and its entries.
pub fn hresult(
    w: &mut impl Write,
    v: &HresultView,
    entries: &[&'static Entry],
    style: Style,
) -> io::Result<()> {
    let label = |l: &str| style.dim(&format!("  {l:<10}"));
    writeln!(
        w,
        "{}  {}",
        style.code(&v.hresult.to_string()),
        style.dim(&format!("(unsigned {}, signed {})", v.unsigned, v.signed))
    )?;
    writeln!(
        w,
        "{}{} (S={})",
        label("severity"),
        v.severity,
        u8::from(v.severity == "failure")
    )?;
    writeln!(
        w,
        "{}R={} C={} N={} X={}",
        label("bits"),
        u8::from(v.r),
        u8::from(v.customer),
        u8::from(v.nt),
        u8::from(v.x)
    )?;
    let facility = match v.facility.name {
        Some(n) => format!("{} (0x{:X}) {n}", v.facility.number, v.facility.number),
        None => format!(
            "{} (0x{:X}) not named in winerror.h",
            v.facility.number, v.facility.number
        ),
    };
    writeln!(w, "{}{facility}", label("facility"))?;
    writeln!(w, "{}{} (0x{:04X})", label("code"), v.code, v.code)?;
    if let Some(win) = &v.win32 {
        let name = win.name.map(|n| format!(" {n}")).unwrap_or_default();
        writeln!(w, "{}Win32 error {}{name}", label("win32"), win.number)?;
    }
    if let Some(nt) = v.ntstatus {
        writeln!(w, "{}NTSTATUS {nt}", label("ntstatus"))?;
    }
    if let Some(nt) = &v.ntstatus_reading {
        writeln!(
            w,
            "{}as NTSTATUS 0x{:08X}: severity {}, C={}, facility 0x{:X}, code 0x{:04X}",
            label("nt read"),
            nt.value,
            nt.severity,
            u8::from(nt.customer),
            nt.facility,
            nt.code
        )?;
    }
    for note in &v.notes {
        writeln!(w, "{}{note}", label("note"))?;
    }
    // A service's own entry comes first, the Windows names below it.
    if entries.is_empty() {
        if v.windows.is_empty() {
            writeln!(w, "\n{}", style.dim("No catalog entry has this HRESULT."))?;
        }
    } else {
        writeln!(w)?;
        cards(w, entries, style)?;
    }
    if !v.windows.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "{}",
            style.bold(&format!("Windows names ({})", v.windows.len()))
        )?;
        for c in &v.windows {
            let meaning = c.meaning.map(|m| format!(": {m}")).unwrap_or_default();
            writeln!(
                w,
                "  {} {}{meaning}",
                style.code(c.code),
                style.dim(&format!("({} {}, {})", c.table.as_str(), c.value, c.origin))
            )?;
        }
    }
    Ok(())
}

/// Prints Windows names as cards separated by blank lines.
pub fn windows_cards(w: &mut impl Write, codes: &[&'static Code], style: Style) -> io::Result<()> {
    let label = |l: &str| style.dim(&format!("  {l:<10}"));
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        writeln!(w, "{}  {}", style.code(c.name()), style.dim("(Windows)"))?;
        let hr = c
            .as_hresult()
            .filter(|_| c.table() == win::Table::Win32)
            .map(|h| format!(" (as HRESULT 0x{h:08X})"))
            .unwrap_or_default();
        writeln!(w, "{}{}{hr}", label(c.table().as_str()), c.value_label())?;
        if let Some(m) = c.meaning() {
            writeln!(w, "{}{m}", label("meaning"))?;
        }
        writeln!(w, "{}{}", label("source"), c.origin())?;
    }
    Ok(())
}

/// Prints Windows names as a table.
pub fn windows_table(w: &mut impl Write, codes: &[&'static Code], style: Style) -> io::Result<()> {
    let mut t = new_table(style, &["NAME", "TABLE", "VALUE", "ORIGIN", "MEANING"]);
    for c in codes {
        let mut name = Cell::new(c.name());
        if style.color {
            name = name.fg(Color::Cyan);
        }
        t.add_row(vec![
            name,
            Cell::new(c.table().as_str()),
            Cell::new(c.value_label()),
            Cell::new(c.origin()),
            Cell::new(c.meaning().unwrap_or("")),
        ]);
    }
    writeln!(w, "{t}")
}

/// Writes catalog entries, then Windows names, in a machine format: one JSON
/// array, JSON Lines, or CSV with the entry columns (a Windows name fills
/// `service`, `code`, `hresult`, `message` and `source`).
pub fn mixed(
    w: &mut impl Write,
    format: Format,
    entries: &[&'static Entry],
    codes: &[&'static Code],
) -> io::Result<()> {
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Item {
        Entry(Box<EntryView>),
        Windows(CodeView),
    }
    let items: Vec<Item> = entries
        .iter()
        .map(|e| Item::Entry(Box::new(EntryView::from(*e))))
        .chain(codes.iter().map(|c| Item::Windows(c.view())))
        .collect();
    match format {
        Format::Json | Format::Table => json(w, &items),
        Format::Jsonl => {
            for v in &items {
                serde_json::to_writer(&mut *w, v).map_err(io::Error::from)?;
                writeln!(w)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(w);
            csv.write_record(errcode_cli::model::CSV_HEADER)
                .map_err(csv_io)?;
            for item in &items {
                let record = match item {
                    Item::Entry(v) => v.csv_record(),
                    Item::Windows(c) => {
                        let mut r: [String; 17] = Default::default();
                        r[0] = format!("{}:{}", c.service, c.code);
                        r[1] = c.service.to_string();
                        r[2] = c.code.to_string();
                        r[7] = c.hresult.map(|h| h.to_string()).unwrap_or_default();
                        r[9] = c.meaning.unwrap_or_default().to_string();
                        r[13] = format!("{} ({} {})", c.origin, c.table.as_str(), c.value);
                        r[14] = "reference".to_string();
                        r
                    }
                };
                csv.write_record(record).map_err(csv_io)?;
            }
            csv.flush()
        }
    }
}

/// Prints `errcode exit`.
pub fn exit_report(w: &mut impl Write, r: &ExitReport, style: Style) -> io::Result<()> {
    writeln!(
        w,
        "{}  {}",
        style.code(&r.hex),
        style.dim(&format!("(unsigned {}, signed {})", r.unsigned, r.signed))
    )?;
    if r.readings.is_empty() {
        return writeln!(w, "\n{}", style.dim("No known reading of this exit code."));
    }
    let mut t = new_table(style, &["READING", "NAME", "MEANING", "SOURCE"]);
    for x in &r.readings {
        let mut name = Cell::new(&x.name);
        if style.color {
            name = name.fg(Color::Cyan);
        }
        t.add_row(vec![
            Cell::new(x.reading),
            name,
            Cell::new(x.meaning.as_deref().unwrap_or("")),
            Cell::new(x.source),
        ]);
    }
    writeln!(w, "{t}")
}

/// Prints the services table.
pub fn services(w: &mut impl Write, views: &[ServiceView], style: Style) -> io::Result<()> {
    let mut t = new_table(
        style,
        &["ID", "NAME", "ENTRIES", "SEED", "SOURCE DOCUMENTS"],
    );
    for v in views {
        t.add_row(vec![
            Cell::new(v.id),
            Cell::new(v.name),
            Cell::new(v.entries),
            Cell::new(v.seed_entries),
            Cell::new(v.documents.join("\n")),
        ]);
    }
    writeln!(w, "{t}")
}

/// A header line for `status`: the phrase, class and any note.
pub fn status_header(
    w: &mut impl Write,
    label: &str,
    status: u16,
    phrase: Option<&str>,
    note: Option<&str>,
    style: Style,
) -> io::Result<()> {
    let phrase = phrase.unwrap_or("(no standard reason phrase)");
    writeln!(
        w,
        "{} {}  {}",
        style.status(status, label),
        style.bold(phrase),
        style.dim(&format!("({})", errcode_cli::http::class_name(status)))
    )?;
    if let Some(n) = note {
        writeln!(w, "  {}", style.dim(&format!("note: {n}")))?;
    }
    Ok(())
}

/// Prints a decoded body as a card, then the matching entries.
pub fn decoded(
    w: &mut impl Write,
    body: &errcode_cli::decode::ErrorBody,
    entries: &[&'static Entry],
    style: Style,
) -> io::Result<()> {
    let label = |l: &str| style.dim(&format!("  {l:<12}"));
    writeln!(
        w,
        "{}  {}",
        style.bold(body.format.as_str()),
        style.dim(&format!("({})", body.format.description()))
    )?;
    if let Some(s) = body.status {
        let phrase = body
            .reason_phrase
            .as_deref()
            .or_else(|| errcode_cli::http::reason_phrase(s))
            .unwrap_or("");
        let sub = body
            .substatus
            .map(|ss| format!(".{ss}"))
            .unwrap_or_default();
        writeln!(
            w,
            "{}{}",
            label("status"),
            style.status(s, &format!("{s}{sub} {phrase}"))
        )?;
    } else if let Some(ss) = body.substatus {
        writeln!(w, "{}{ss}", label("substatus"))?;
    }
    if let Some(c) = &body.code {
        writeln!(w, "{}{}", label("code"), style.code(c))?;
    }
    if let Some(c) = &body.category {
        writeln!(w, "{}{c}", label("category"))?;
    }
    if let Some(m) = &body.message {
        let mut first = true;
        for line in m.lines() {
            let l = if first {
                label("message")
            } else {
                " ".repeat(14)
            };
            writeln!(w, "{l}{line}")?;
            first = false;
        }
    }
    for d in &body.details {
        writeln!(w, "{}{}: {}", label("detail"), d.key, d.value)?;
    }
    for h in &body.hresults {
        let hr = errcode_cli::Hresult(h.value.0);
        let win = hr
            .win32()
            .map(|n| {
                let name = errcode_cli::windows::win32_name(n)
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                format!(" (Win32 error {n}{name})")
            })
            .unwrap_or_default();
        writeln!(w, "{}{}: {hr}{win}", label("hresult"), h.field)?;
    }
    if let Some(id) = &body.request_id {
        writeln!(w, "{}{id}", label("request id"))?;
    }
    if let Some(ms) = body.retry_after_ms {
        writeln!(w, "{}{ms} ms", label("retry after"))?;
    }
    if let Some(ct) = &body.content_type {
        writeln!(w, "{}{ct}", label("content"))?;
    }
    if !body.mentions.is_empty() {
        writeln!(w, "{}{}", label("mentions"), body.mentions.join(", "))?;
    }
    for p in &body.problems {
        writeln!(
            w,
            "{}line {}, column {}: {}",
            label("problem"),
            p.line,
            p.column,
            p.message
        )?;
    }
    writeln!(w)?;
    if entries.is_empty() {
        writeln!(
            w,
            "{}",
            style.dim("No catalog entry matches this response.")
        )
    } else {
        cards(w, entries, style)
    }
}

/// One line per body under `decode --lines`.
pub fn decoded_line(
    w: &mut impl Write,
    number: u64,
    body: &errcode_cli::decode::ErrorBody,
    entries: &[&'static Entry],
    style: Style,
) -> io::Result<()> {
    let status = body
        .status
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".into());
    let code = body.code.as_deref().unwrap_or("-");
    let meaning = entries
        .first()
        .map(|e| {
            format!(
                "{}: {}",
                e.service.id(),
                e.message().lines().next().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "no catalog entry".into());
    writeln!(
        w,
        "{}: {}  {}  {}  {}",
        number,
        style.dim(body.format.as_str()),
        style.status(body.status.unwrap_or(0), &status),
        style.code(code),
        meaning
    )
}
