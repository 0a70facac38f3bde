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
use crate::wrap::{first_room, room, text_width, wrap_ranges, wrap_words};

/// Decided once per run from `--color`, `NO_COLOR`, `COLUMNS` and whether
/// stdout is a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit ANSI colour.
    pub color: bool,
    /// The width to fit tables and cards to: `COLUMNS` or the terminal's.
    /// `None` (a pipe or file without `COLUMNS`) writes lines unwrapped.
    pub width: Option<usize>,
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
    let code = |s: &str| style.code(s);
    title(
        w,
        style,
        e.code(),
        &code,
        &format!("({})", e.service.name()),
    )?;
    let c = CardLines::new(style, 10);
    if !e.aliases().is_empty() {
        c.field(w, "also", &e.aliases().join(", "))?;
    }
    let status = status_text(e);
    c.painted(w, "status", &status, |s| {
        style.status(e.status.unwrap_or(0), s).into()
    })?;
    if let Some(h) = v.hresult {
        c.field(w, "hresult", &h.to_string())?;
    }
    if let Some(cat) = e.category() {
        c.field(w, "category", cat)?;
    }
    if !e.methods().is_empty() {
        c.field(w, "methods", &e.methods().join(", "))?;
    }
    if let Some(b) = e.response_body() {
        c.field(w, "body", b)?;
    }
    c.lines(w, "meaning", e.message())?;
    let verdict = v.retry.verdict.as_str();
    let lead = format!("{}{} - ", c.label("retry"), style.bold(verdict));
    let lead_w = c.indent + text_width(verdict) + 3;
    c.put(w, &lead, lead_w, &v.retry.reason, |s| s.into())?;
    for note in e.notes() {
        c.field(w, "note", note)?;
    }
    c.field(w, "source", &format!("{} [{}]", v.source, v.origin))?;
    Ok(())
}

/// Writes a card's labelled lines: `  label     value`, the value wrapped at
/// spaces to the style's width with its continuation lines indented under
/// the value column (a hanging indent). Without a width, one line per value
/// as ever.
struct CardLines {
    style: Style,
    /// Columns the label is padded to.
    pad: usize,
    /// Where values start: two spaces and the padded label.
    indent: usize,
}

impl CardLines {
    fn new(style: Style, pad: usize) -> Self {
        CardLines {
            style,
            pad,
            indent: 2 + pad,
        }
    }
    fn label(&self, l: &str) -> String {
        self.style.dim(&format!("  {l:<pad$}", pad = self.pad))
    }
    fn label_width(&self, l: &str) -> usize {
        2 + self.pad.max(text_width(l))
    }
    /// `label` and a plain value.
    fn field(&self, w: &mut impl Write, label: &str, text: &str) -> io::Result<()> {
        self.put(w, &self.label(label), self.label_width(label), text, |s| {
            s.into()
        })
    }
    /// `label` and a value painted line by line.
    fn painted<'t>(
        &self,
        w: &mut impl Write,
        label: &str,
        text: &'t str,
        paint: impl Fn(&'t str) -> std::borrow::Cow<'t, str>,
    ) -> io::Result<()> {
        self.put(w, &self.label(label), self.label_width(label), text, paint)
    }
    /// `label` and a value of several lines, each under the value column.
    fn lines(&self, w: &mut impl Write, label: &str, text: &str) -> io::Result<()> {
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                self.field(w, label, line)?;
            } else {
                let lead = " ".repeat(self.indent);
                self.put(w, &lead, self.indent, line, |s| s.into())?;
            }
        }
        Ok(())
    }
    /// `lead` (already `lead_w` columns wide), then `text`, wrapped.
    fn put<'t>(
        &self,
        w: &mut impl Write,
        lead: &str,
        lead_w: usize,
        text: &'t str,
        paint: impl Fn(&'t str) -> std::borrow::Cow<'t, str>,
    ) -> io::Result<()> {
        hanging(w, lead, lead_w, self.indent, text, self.style.width, paint)
    }
}

/// Paints a byte range of a line.
type Span<'a> = (std::ops::Range<usize>, &'a dyn Fn(&str) -> String);

/// A line of parts painted differently (a title: the code, then its source
/// dimmed), wrapped at spaces to `width` with continuation lines indented
/// `indent` columns. `spans` are byte ranges of `text`, in order, apart.
fn spans_line(
    w: &mut impl Write,
    text: &str,
    spans: &[Span],
    indent: usize,
    width: usize,
) -> io::Result<()> {
    let lead = text.len() - text.trim_start_matches(' ').len();
    let body = &text[lead..];
    let lines = wrap_ranges(body, first_room(width, lead, indent), room(width, indent));
    for (i, line) in lines.into_iter().enumerate() {
        let pad = if i == 0 { lead } else { indent };
        write!(w, "{:pad$}", "")?;
        let (start, end) = (line.start + lead, line.end + lead);
        let mut at = start;
        for (range, paint) in spans {
            let (s, e) = (range.start.max(at), range.end.min(end));
            if s >= e {
                continue;
            }
            w.write_all(&text.as_bytes()[at..s])?;
            w.write_all(paint(&text[s..e]).as_bytes())?;
            at = e;
        }
        w.write_all(&text.as_bytes()[at..end])?;
        writeln!(w)?;
    }
    Ok(())
}

/// A card's first line, `NAME  (detail)`, the name in its colour and the
/// detail dimmed; wrapped (continuation under the value column) when a
/// width applies.
fn title(
    w: &mut impl Write,
    style: Style,
    name: &str,
    paint: &dyn Fn(&str) -> String,
    detail: &str,
) -> io::Result<()> {
    let Some(width) = style.width else {
        return writeln!(w, "{}  {}", paint(name), style.dim(detail));
    };
    let text = format!("{name}  {detail}");
    let dim = |s: &str| style.dim(s);
    let spans: [Span; 2] = [(0..name.len(), paint), (name.len() + 2..text.len(), &dim)];
    spans_line(w, &text, &spans, 12, width)
}

/// Writes `lead` (`lead_w` columns wide) and `text`, wrapped at spaces to
/// `width` with continuation lines indented `indent` columns; one line
/// without a width.
fn hanging<'t>(
    w: &mut impl Write,
    lead: &str,
    lead_w: usize,
    indent: usize,
    text: &'t str,
    width: Option<usize>,
    paint: impl Fn(&'t str) -> std::borrow::Cow<'t, str>,
) -> io::Result<()> {
    let Some(width) = width else {
        return writeln!(w, "{lead}{}", paint(text));
    };
    let lines = wrap_words(text, first_room(width, lead_w, indent), room(width, indent));
    for (i, line) in lines.into_iter().enumerate() {
        if i == 0 {
            writeln!(w, "{lead}{}", paint(line))?;
        } else {
            writeln!(w, "{:indent$}{}", "", paint(line))?;
        }
    }
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

/// A comfy-table table in the house style. comfy-table never sizes it to
/// the terminal itself (its wrapping cuts words, code names included): a
/// table that must fit a width gets its one flexible column wrapped first
/// (`fitted_table`), every other column as wide as its widest cell.
fn new_table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    t.force_no_tty();
    if style.color {
        t.enforce_styling();
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

/// A table of `rows` under `header`, column `flex` wrapped at spaces to fit
/// the style's width, column `cyan` (a code name) coloured.
pub(crate) fn fitted_table<const N: usize>(
    style: Style,
    header: [&str; N],
    mut rows: Vec<[String; N]>,
    flex: usize,
    cyan: Option<usize>,
) -> Table {
    if let Some(width) = style.width {
        fit_rows(&header, &mut rows, flex, width);
    }
    let mut t = new_table(style, &header);
    for row in rows {
        t.add_row(row.into_iter().enumerate().map(|(i, text)| {
            let cell = Cell::new(text);
            if style.color && cyan == Some(i) {
                cell.fg(Color::Cyan)
            } else {
                cell
            }
        }));
    }
    t
}

/// Prints entries as a table sized to the terminal (or `COLUMNS`).
pub fn table(w: &mut impl Write, entries: &[&'static Entry], style: Style) -> io::Result<()> {
    const HEADER: [&str; 5] = ["SERVICE", "CODE", "STATUS", "HRESULT", "MEANING"];
    let mut rows: Vec<[Painted; 5]> = entries
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
    if let Some(width) = style.width {
        // Only the meaning wraps: code, status and HRESULT keep their width.
        let mut widths: [usize; 5] = HEADER.map(text_width);
        for row in &rows {
            for (i, c) in row.iter().enumerate() {
                let wd = if i == 4 {
                    longest_word(&c.text)
                } else {
                    cell_width(&c.text)
                };
                widths[i] = widths[i].max(wd);
            }
        }
        let room = flex_room(&widths, 4, width);
        for row in &mut rows {
            if text_width(&row[4].text) > room {
                row[4].text = wrap_cell(&row[4].text, room).into();
            }
        }
    }
    plain_table(w, HEADER, &rows, style)
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

/// The widest line of a cell.
fn cell_width(text: &str) -> usize {
    text.split('\n').map(text_width).max().unwrap_or(0)
}

/// The widest word (run without a space) of a cell: the least it wraps to.
fn longest_word(text: &str) -> usize {
    text.split(['\n', ' ']).map(text_width).max().unwrap_or(0)
}

/// The room left for column `flex` of a table `width` columns wide, once
/// every other column has its full width (`widths[i]`, header included) and
/// the borders and padding theirs: never below `MIN_ROOM`, so when the fixed
/// columns alone are too wide the line grows instead of any of them being
/// cut. `widths[flex]` is the flexible column's widest word (or header): the
/// column is at least that wide anyway, so its lines may use all of it.
fn flex_room(widths: &[usize], flex: usize, width: usize) -> usize {
    let fixed: usize = widths
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != flex)
        .map(|(_, w)| w)
        .sum();
    // UTF8_FULL_CONDENSED: a border before each column and after the last,
    // one space of padding either side of each cell.
    let frame = 3 * widths.len() + 1;
    room(width, fixed + frame).max(widths[flex])
}

/// A cell's text wrapped at spaces to `room` columns, line by line.
fn wrap_cell(text: &str, room: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let parts = wrap_words(line, room, room);
        out.push_str(&parts.join("\n"));
    }
    out
}

/// Wraps column `flex` of `rows` so the table fits `width` (see `flex_room`).
fn fit_rows<const N: usize>(
    header: &[&str; N],
    rows: &mut [[String; N]],
    flex: usize,
    width: usize,
) {
    let mut widths: [usize; N] = std::array::from_fn(|i| cell_width(header[i]).max(1));
    for row in rows.iter() {
        for (i, c) in row.iter().enumerate() {
            let wd = if i == flex {
                longest_word(c)
            } else {
                cell_width(c)
            };
            widths[i] = widths[i].max(wd);
        }
    }
    let room = flex_room(&widths, flex, width);
    for row in rows.iter_mut() {
        if cell_width(&row[flex]) > room {
            row[flex] = wrap_cell(&row[flex], room);
        }
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
    let c = CardLines::new(style, 10);
    let code = |s: &str| style.code(s);
    let detail = format!("(unsigned {}, signed {})", v.unsigned, v.signed);
    title(w, style, &v.hresult.to_string(), &code, &detail)?;
    let severity = format!("{} (S={})", v.severity, u8::from(v.severity == "failure"));
    c.field(w, "severity", &severity)?;
    let bits = format!(
        "R={} C={} N={} X={}",
        u8::from(v.r),
        u8::from(v.customer),
        u8::from(v.nt),
        u8::from(v.x)
    );
    c.field(w, "bits", &bits)?;
    let facility = match v.facility.name {
        Some(n) => format!("{} (0x{:X}) {n}", v.facility.number, v.facility.number),
        None => format!(
            "{} (0x{:X}) not named in winerror.h",
            v.facility.number, v.facility.number
        ),
    };
    c.field(w, "facility", &facility)?;
    c.field(w, "code", &format!("{} (0x{:04X})", v.code, v.code))?;
    if let Some(win) = &v.win32 {
        let name = win.name.map(|n| format!(" {n}")).unwrap_or_default();
        c.field(w, "win32", &format!("Win32 error {}{name}", win.number))?;
    }
    if let Some(nt) = v.ntstatus {
        c.field(w, "ntstatus", &format!("NTSTATUS {nt}"))?;
    }
    if let Some(nt) = &v.ntstatus_reading {
        let reading = format!(
            "as NTSTATUS 0x{:08X}: severity {}, C={}, facility 0x{:X}, code 0x{:04X}",
            nt.value,
            nt.severity,
            u8::from(nt.customer),
            nt.facility,
            nt.code
        );
        c.field(w, "nt read", &reading)?;
    }
    for note in &v.notes {
        c.field(w, "note", note)?;
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
            let detail = format!("({} {}, {})", c.table.as_str(), c.value, c.origin);
            let Some(width) = style.width else {
                writeln!(
                    w,
                    "  {} {}{meaning}",
                    style.code(c.code),
                    style.dim(&detail)
                )?;
                continue;
            };
            let text = format!("  {} {detail}{meaning}", c.code);
            let code = |s: &str| style.code(s);
            let dim = |s: &str| style.dim(s);
            let at = 3 + c.code.len();
            let spans: [Span; 2] = [(2..at - 1, &code), (at..at + detail.len(), &dim)];
            spans_line(w, &text, &spans, 4, width)?;
        }
    }
    Ok(())
}

/// Prints Windows names as cards separated by blank lines.
pub fn windows_cards(w: &mut impl Write, codes: &[&'static Code], style: Style) -> io::Result<()> {
    let card = CardLines::new(style, 10);
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let code = |s: &str| style.code(s);
        title(w, style, c.name(), &code, "(Windows)")?;
        let hr = c
            .as_hresult()
            .filter(|_| c.table() == win::Table::Win32)
            .map(|h| format!(" (as HRESULT 0x{h:08X})"))
            .unwrap_or_default();
        card.field(w, c.table().as_str(), &format!("{}{hr}", c.value_label()))?;
        if let Some(m) = c.meaning() {
            card.field(w, "meaning", m)?;
        }
        card.field(w, "source", c.origin())?;
    }
    Ok(())
}

/// Prints Windows names as a table.
pub fn windows_table(w: &mut impl Write, codes: &[&'static Code], style: Style) -> io::Result<()> {
    let rows = codes
        .iter()
        .map(|c| {
            [
                c.name().to_string(),
                c.table().as_str().to_string(),
                c.value_label(),
                c.origin().to_string(),
                c.meaning().unwrap_or("").to_string(),
            ]
        })
        .collect();
    let header = ["NAME", "TABLE", "VALUE", "ORIGIN", "MEANING"];
    let t = fitted_table(style, header, rows, 4, Some(0));
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
    let rows = r
        .readings
        .iter()
        .map(|x| {
            [
                x.reading.to_string(),
                x.name.to_string(),
                x.meaning.as_deref().unwrap_or("").to_string(),
                x.source.to_string(),
            ]
        })
        .collect();
    let header = ["READING", "NAME", "MEANING", "SOURCE"];
    let t = fitted_table(style, header, rows, 2, Some(1));
    writeln!(w, "{t}")
}

/// Prints the services table.
pub fn services(w: &mut impl Write, views: &[ServiceView], style: Style) -> io::Result<()> {
    let rows = views
        .iter()
        .map(|v| {
            [
                v.id.to_string(),
                v.name.to_string(),
                v.entries.to_string(),
                v.seed_entries.to_string(),
                v.documents.join("\n"),
            ]
        })
        .collect();
    let header = ["ID", "NAME", "ENTRIES", "SEED", "SOURCE DOCUMENTS"];
    let t = fitted_table(style, header, rows, 4, None);
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
    let c = CardLines::new(style, 12);
    let label = |l: &str| c.label(l);
    let bold = |s: &str| style.bold(s);
    let detail = format!("({})", body.format.description());
    title(w, style, body.format.as_str(), &bold, &detail)?;
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
        let status = format!("{s}{sub} {phrase}");
        c.painted(w, "status", &status, |t| style.status(s, t).into())?;
    } else if let Some(ss) = body.substatus {
        writeln!(w, "{}{ss}", label("substatus"))?;
    }
    if let Some(code) = &body.code {
        writeln!(w, "{}{}", label("code"), style.code(code))?;
    }
    if let Some(cat) = &body.category {
        c.field(w, "category", cat)?;
    }
    if let Some(m) = &body.message {
        c.lines(w, "message", m)?;
    }
    for d in &body.details {
        c.field(w, "detail", &format!("{}: {}", d.key, d.value))?;
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
        c.field(w, "hresult", &format!("{}: {hr}{win}", h.field))?;
    }
    if let Some(id) = &body.request_id {
        c.field(w, "request id", id)?;
    }
    if let Some(ms) = body.retry_after_ms {
        writeln!(w, "{}{ms} ms", label("retry after"))?;
    }
    if let Some(ct) = &body.content_type {
        c.field(w, "content", ct)?;
    }
    if !body.mentions.is_empty() {
        c.field(w, "mentions", &body.mentions.join(", "))?;
    }
    for p in &body.problems {
        let problem = format!("line {}, column {}: {}", p.line, p.column, p.message);
        c.field(w, "problem", &problem)?;
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
