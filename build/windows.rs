//! The Windows half of build.rs: compiles `data/windows/*.tsv` into
//! `$OUT_DIR/windows.rs`, the tables `src/windows.rs` searches.
//!
//! Thousands of names would be thousands of `&'static str` pointers, each a
//! relocation in a PIE; instead every name lives in one string blob and the
//! rows hold offsets (the unicode_names2 shape), so the tables cost nothing
//! at start-up whatever their size.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// Must match `ORIGINS` in src/windows.rs: the row's `origin` is an index.
const ORIGINS: &[&str] = &[
    "winerror.h",
    "ntstatus.h",
    "wininet.h",
    "lmerr.h",
    "winhttp-errors.tsv",
    "clr-hresults.tsv",
];
const TABLES: &[(&str, &str)] = &[
    ("win32", "Win32"),
    ("hresult", "Hresult"),
    ("ntstatus", "Ntstatus"),
];
const CONTEXTS: &[(&str, &str)] = &[
    ("windows", "Windows"),
    ("dotnet", "Dotnet"),
    ("fabric", "Fabric"),
    ("batch", "Batch"),
    ("linux", "Linux"),
];

struct Row {
    table: usize,
    name: String,
    value: u32,
    origin: usize,
}

fn lines(path: &str) -> Vec<(usize, Vec<String>)> {
    println!("cargo::rerun-if-changed={path}");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| super::fail(path, &format!("cannot read: {e}")));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l.split('\t').map(str::to_string).collect()))
        .collect()
}

fn parse_value(path: &str, line: usize, table: &str, text: &str) -> u32 {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) if table != "win32" && hex.len() == 8 => u32::from_str_radix(hex, 16).ok(),
        None if table == "win32" => text.parse::<u16>().ok().map(u32::from),
        _ => None,
    };
    parsed.unwrap_or_else(|| {
        super::fail(
            path,
            &format!("line {line}: bad {table} value {text:?} (win32: decimal 0..65535; others: 0x + 8 hex digits)"),
        )
    })
}

fn escape(s: &str) -> String {
    format!("{s:?}")
}

/// Writes `$OUT_DIR/windows.rs`.
pub fn generate(out_dir: &std::path::Path) {
    let codes_path = "data/windows/codes.tsv";
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (line, cols) in lines(codes_path) {
        let [table, name, value, origin] = cols.as_slice() else {
            super::fail(
                codes_path,
                &format!("line {line}: expected 4 tab-separated columns"),
            );
        };
        let t = TABLES
            .iter()
            .position(|(id, _)| id == table)
            .unwrap_or_else(|| {
                super::fail(codes_path, &format!("line {line}: unknown table {table:?}"))
            });
        let o = ORIGINS
            .iter()
            .position(|id| id == origin)
            .unwrap_or_else(|| {
                super::fail(
                    codes_path,
                    &format!("line {line}: unknown origin {origin:?}"),
                )
            });
        if name.is_empty()
            || name.len() > 255
            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            super::fail(codes_path, &format!("line {line}: bad name {name:?}"));
        }
        if !seen.insert((t, name.clone())) {
            super::fail(
                codes_path,
                &format!("line {line}: {name} listed twice in table {table}"),
            );
        }
        let value = parse_value(codes_path, line, table, value);
        rows.push(Row {
            table: t,
            name: name.clone(),
            value,
            origin: o,
        });
    }

    let meanings_path = "data/windows/meanings.tsv";
    let names: HashSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let mut meanings: BTreeMap<String, String> = BTreeMap::new();
    for (line, cols) in lines(meanings_path) {
        let [name, meaning] = cols.as_slice() else {
            super::fail(
                meanings_path,
                &format!("line {line}: expected name<TAB>meaning"),
            );
        };
        if !names.contains(name.as_str()) {
            super::fail(
                meanings_path,
                &format!("line {line}: {name} is not in {codes_path}"),
            );
        }
        if meaning.trim().is_empty() {
            super::fail(
                meanings_path,
                &format!("line {line}: {name} has an empty meaning"),
            );
        }
        if meanings.insert(name.clone(), meaning.clone()).is_some() {
            super::fail(
                meanings_path,
                &format!("line {line}: {name} has two meanings"),
            );
        }
    }

    // Rows sorted by (table, value), then in file order: a value's names come
    // out winerror.h first, as the file lists them.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (rows[i].table, rows[i].value, i));
    let mut blob = String::new();
    let mut meaning_blob = String::new();
    let mut meaning_at: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (name, m) in &meanings {
        meaning_at.insert(name, (meaning_blob.len(), m.len()));
        meaning_blob.push_str(m);
    }
    let mut o = String::new();
    o.push_str("// @generated by build.rs from data/windows/*.tsv. Do not edit.\n\n");
    o.push_str("static CODES: &[Code] = &[\n");
    for &i in &order {
        let r = &rows[i];
        let start = blob.len();
        blob.push_str(&r.name);
        let (ms, ml) = meaning_at.get(r.name.as_str()).copied().unwrap_or((0, 0));
        writeln!(
            o,
            "    Code {{ table: Table::{}, value: 0x{:08X}, origin: {}, name_len: {}, name_start: {start}, meaning_start: {ms}, meaning_len: {ml} }},",
            TABLES[r.table].1,
            r.value,
            r.origin,
            r.name.len()
        )
        .unwrap();
    }
    o.push_str("];\n\n");
    // BY_NAME: positions in CODES, sorted by lower-case name, then position.
    let mut by_name: Vec<(String, usize)> = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| (rows[i].name.to_ascii_lowercase(), pos))
        .collect();
    by_name.sort();
    assert!(rows.len() < u16::MAX as usize, "Windows rows must fit u16");
    o.push_str("static BY_NAME: &[u16] = &[");
    for (n, (_, pos)) in by_name.iter().enumerate() {
        if n % 16 == 0 {
            o.push_str("\n   ");
        }
        write!(o, " {pos},").unwrap();
    }
    o.push_str("\n];\n\n");
    writeln!(o, "static NAMES: &str = {};\n", escape(&blob)).unwrap();
    writeln!(o, "static MEANINGS: &str = {};\n", escape(&meaning_blob)).unwrap();

    let exits_path = "data/windows/exit-codes.tsv";
    o.push_str("static EXIT_FACTS: &[ExitFact] = &[\n");
    let mut facts = Vec::new();
    for (line, cols) in lines(exits_path) {
        let [value, context, name, label] = cols.as_slice() else {
            super::fail(
                exits_path,
                &format!("line {line}: expected 4 tab-separated columns"),
            );
        };
        let value = parse_value(exits_path, line, "exit", value);
        let c = CONTEXTS
            .iter()
            .find(|(id, _)| id == context)
            .unwrap_or_else(|| {
                super::fail(
                    exits_path,
                    &format!("line {line}: unknown context {context:?}"),
                )
            });
        facts.push((value, line, c.1, name.clone(), label.clone()));
    }
    facts.sort();
    for (value, _, c, name, label) in facts {
        writeln!(
            o,
            "    ExitFact {{ value: 0x{value:08X}, context: ExitContext::{c}, name: {}, label: {} }},",
            escape(&name),
            escape(&label)
        )
        .unwrap();
    }
    o.push_str("];\n");
    std::fs::write(out_dir.join("windows.rs"), o).expect("write windows.rs");
}
