//! Compiles `data/*.json` into static Rust tables (`$OUT_DIR/catalog.rs`).
//!
//! The data files are the single source of truth for the catalog. Doing the
//! parsing and validation here means the binary starts with its tables ready
//! (nothing is parsed at start-up) and malformed data fails the build with a
//! message naming the file and the entry.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[path = "src/data_schema.rs"]
mod data_schema;

use data_schema::{ServiceFile, parse_hresult, validate};

#[path = "build/windows.rs"]
mod windows;

// The search's words, so the catalog is stemmed here exactly as a query is
// at run time.
#[allow(dead_code)]
#[path = "src/words.rs"]
mod words;

/// The order services are listed in everywhere (`errcode services`, tables).
const SERVICE_ORDER: &[&str] = &["fabric", "batch", "veeam", "cosmos", "iis-media"];

fn main() {
    println!("cargo::rerun-if-changed=data");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/words.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut files = Vec::new();
    for id in SERVICE_ORDER {
        let path = format!("data/{id}.json");
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(&path, &format!("cannot read: {e}")));
        let file: ServiceFile = serde_json::from_str(&text)
            .unwrap_or_else(|e| fail(&path, &format!("malformed JSON: {e}")));
        if let Err(msg) = validate(id, &file) {
            fail(&path, &msg);
        }
        files.push((path, file));
    }
    // Every JSON file in data/ must be one of the services: a stray file is a mistake.
    for dirent in std::fs::read_dir("data").expect("data/ exists") {
        let name = dirent.expect("readable data/").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".json") && !SERVICE_ORDER.iter().any(|id| name == format!("{id}.json")) {
            fail(&format!("data/{name}"), "not a known service id");
        }
    }
    let (code, mut blob) = generate(&files);
    std::fs::write(Path::new(&out).join("catalog.rs"), code).expect("write catalog.rs");
    let index = search_index(&files, &mut blob);
    std::fs::write(Path::new(&out).join("search_index.rs"), index).expect("write search_index.rs");
    let guidance = retry_guidance("data/retry-guidance.tsv", &mut blob);
    std::fs::write(Path::new(&out).join("retry_guidance.rs"), guidance)
        .expect("write retry_guidance.rs");
    std::fs::write(Path::new(&out).join("catalog.txt"), blob.text).expect("write catalog.txt");
    windows::generate(Path::new(&out));
}

/// The search's view of every entry, in catalog order: codes, aliases and
/// messages lower-cased and stemmed (`src/words.rs`), as strings of the
/// blob. Stemming ~900 messages at each search cost ~15 million
/// instructions; here it costs nothing at run time.
fn search_index(files: &[(String, ServiceFile)], blob: &mut Blob) -> String {
    let mut o = String::from("static DOCS: [Doc; catalog::ENTRY_COUNT] = [\n");
    let mut buf = String::new();
    for (_, f) in files {
        for e in &f.entries {
            let mut code_line = String::new();
            words::push_line(&e.code, &mut code_line, &mut buf);
            let mut aliases = String::new();
            let mut alias_line = String::new();
            let mut alias_exact = String::new();
            for a in &e.aliases {
                aliases.push_str(&a.to_lowercase());
                aliases.push('\n');
                words::push_line(a, &mut alias_line, &mut buf);
                alias_line.push_str("| ");
                alias_exact.push_str(&words::code_words(a));
                alias_exact.push('\n');
            }
            let mut message_line = String::new();
            words::push_line(&e.message, &mut message_line, &mut buf);
            let code_words = code_line.split(' ').filter(|w| !w.is_empty()).count();
            writeln!(
                o,
                "    Doc {{ code: {}, code_line: {}, code_words: {code_words}, aliases: {}, alias_line: {}, message: {}, message_line: {}, exact: {}, alias_exact: {} }},",
                blob.str(&e.code.to_lowercase()),
                blob.str(&code_line),
                blob.str(&aliases),
                blob.str(&alias_line),
                blob.str(&e.message.to_lowercase()),
                blob.str(&message_line),
                blob.str(&words::code_words(&e.code)),
                blob.str(&alias_exact),
            )
            .unwrap();
        }
    }
    o.push_str("];\n");
    o
}

/// Compiles `data/retry-guidance.tsv` into sorted tables: Service Fabric
/// rows by code, Cosmos DB rows by (status, sub-status), where sub-status
/// `u32::MAX` is `status.*` (any) and `u32::MAX - 1` is the plain status.
fn retry_guidance(path: &str, blob: &mut Blob) -> String {
    println!("cargo::rerun-if-changed={path}");
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| fail(path, &format!("cannot read: {e}")));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let citations: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "source")
        .map(|r| match r.as_slice() {
            [_, key, text] => (*key, *text),
            _ => fail(
                path,
                &format!("a source row needs a key and a citation: {r:?}"),
            ),
        })
        .collect();
    let mut fabric = Vec::new();
    let mut cosmos = Vec::new();
    for r in rows.iter().filter(|r| r[0] != "source") {
        let [service, key, verdict, kind, reason, source] = r.as_slice() else {
            fail(path, &format!("a rule row needs 6 columns: {r:?}"));
        };
        let verdict = match *verdict {
            "retry" => "Retry",
            "no-retry" => "NoRetry",
            "conditional" => "Conditional",
            v => fail(path, &format!("unknown verdict {v:?}")),
        };
        if !["transient", "already-done", "deterministic", "guidance"].contains(kind) {
            fail(path, &format!("unknown kind {kind:?}"));
        }
        let Some((_, citation)) = citations.iter().find(|(k, _)| k == source) else {
            fail(path, &format!("unknown source {source:?}"));
        };
        let row = format!(
            "Guidance {{ verdict: Retryability::{verdict}, already_done: {}, reason: {}, source: {} }}",
            *kind == "already-done",
            blob.str(reason),
            blob.str(citation),
        );
        match *service {
            "fabric" => fabric.push((key.to_string(), row)),
            "cosmos" => {
                let (status, sub) = match key.split_once('.') {
                    Some((s, "*")) => (s, u32::MAX),
                    Some((s, n)) => (
                        s,
                        n.parse()
                            .unwrap_or_else(|_| fail(path, &format!("bad key {key}"))),
                    ),
                    None => (*key, u32::MAX - 1),
                };
                let status: u16 = status
                    .parse()
                    .unwrap_or_else(|_| fail(path, &format!("bad key {key}")));
                cosmos.push(((status, sub), row));
            }
            s => fail(path, &format!("no retry guidance for service {s:?}")),
        }
    }
    fabric.sort();
    cosmos.sort();
    for w in fabric.windows(2) {
        if w[0].0 == w[1].0 {
            fail(path, &format!("{} is listed twice", w[0].0));
        }
    }
    for w in cosmos.windows(2) {
        if w[0].0 == w[1].0 {
            fail(path, &format!("{:?} is listed twice", w[0].0));
        }
    }
    let mut o =
        String::from("// @generated by build.rs from data/retry-guidance.tsv. Do not edit.\n\n");
    o.push_str("static FABRIC_GUIDANCE: &[(Str, Guidance)] = &[\n");
    for (k, row) in &fabric {
        writeln!(o, "    ({}, {row}),", blob.str(k)).unwrap();
    }
    o.push_str("];\n\nstatic COSMOS_GUIDANCE: &[((u16, u32), Guidance)] = &[\n");
    for ((st, sub), row) in &cosmos {
        writeln!(o, "    (({st}, {sub}), {row}),").unwrap();
    }
    o.push_str("];\n\nstatic CITATIONS: &[(Str, Str)] = &[\n");
    for (k, t) in &citations {
        writeln!(o, "    ({}, {}),", blob.str(k), blob.str(t)).unwrap();
    }
    o.push_str("];\n");
    o
}

fn fail(path: &str, msg: &str) -> ! {
    eprintln!("error: {path}: {msg}");
    panic!("{path}: {msg}");
}

fn variant(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The catalog's Rust tables, and the text blob they point into.
fn generate(files: &[(String, ServiceFile)]) -> (String, Blob) {
    let mut o = String::new();
    o.push_str("// @generated by build.rs from data/*.json. Do not edit.\n\n");

    // The Service enum.
    o.push_str("/// A service of the catalog (generated from `data/*.json`).\n");
    o.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum Service {\n",
    );
    for (_, f) in files {
        writeln!(o, "    /// {}", f.name).unwrap();
        writeln!(o, "    {},", variant(&f.id)).unwrap();
    }
    o.push_str("}\n\n");
    o.push_str("/// Every service, in catalog order.\npub static SERVICES: &[ServiceInfo] = &[\n");
    let mut offset = 0usize;
    let mut entries_code = String::new();
    let mut sources_code = String::new();
    let mut source_index = BTreeMap::new();
    let mut all = Vec::new(); // (service id, index, entry)
    let mut by_alias: Vec<(String, usize)> = Vec::new();
    let mut newest_overall = String::new();
    let mut blob = Blob::default();
    for (path, f) in files {
        let start = offset;
        let ids = entry_ids(path, f);
        let newest = f.sources.iter().filter_map(|s| s.date.clone()).max();
        newest_overall = newest_overall.max(newest.clone().unwrap_or_default());
        for s in &f.sources {
            let idx = source_index.len();
            source_index.insert((f.id.clone(), s.id.clone()), idx);
            writeln!(
                sources_code,
                "    Source {{ id: {:?}, kind: SourceKind::{}, document: {:?}, title: {:?}, table: {:?}, date: {:?} }},",
                s.id,
                if s.kind == "seed" { "Seed" } else { "Reference" },
                s.document,
                s.title,
                s.table,
                s.date
            )
            .unwrap();
        }
        for e in &f.entries {
            // validate() has checked the HRESULT and the source already.
            let hresult = e
                .hresult
                .as_deref()
                .map(|h| parse_hresult(&e.code, h).unwrap_or_else(|m| fail(path, &m)));
            let src = source_index[&(f.id.clone(), e.source.clone())];
            let id = &ids[offset - start];
            let code_s = blob.str(&e.code);
            writeln!(
                entries_code,
                "    Entry {{ service: Service::{}, id: {}, code: {code_s}, aliases: {}, status: {}, substatus: {}, hresult: {}, category: {}, reason: {}, message: {}, methods: {}, response_body: {}, notes: {}, source: {} }},",
                variant(&f.id),
                blob.str(id),
                blob.list(&e.aliases),
                opt(e.status),
                opt(e.substatus),
                opt(hresult.map(|h| format!("0x{h:08X}"))),
                blob.opt_str(e.category.as_deref()),
                blob.opt_str(e.reason.as_deref()),
                blob.str(&e.message),
                blob.list(&e.methods),
                blob.opt_str(e.response_body.as_deref()),
                blob.list(&e.notes),
                src
            )
            .unwrap();
            for a in &e.aliases {
                by_alias.push((a.to_ascii_lowercase(), offset));
            }
            all.push((
                f.id.clone(),
                offset,
                e.code.to_ascii_lowercase(),
                e.status,
                hresult,
            ));
            offset += 1;
        }
        writeln!(
            o,
            "    ServiceInfo {{ service: Service::{}, id: {:?}, name: {:?}, aliases: &{:?}, entries: {start}..{offset}, newest_source: {newest:?} }},",
            variant(&f.id),
            f.id,
            f.name,
            f.aliases
        )
        .unwrap();
    }
    o.push_str("];\n\n");
    writeln!(
        o,
        "/// The newest date of any source (`YYYY-MM-DD`): how current the catalog is.\npub const NEWEST_SOURCE: &str = {newest_overall:?};\n"
    )
    .unwrap();
    let summary = summary(files, offset, &newest_overall);
    writeln!(o, "/// What the catalog holds and how current it is.\npub const CATALOG_SUMMARY: &str = {summary:?};\n").unwrap();
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    writeln!(o, "/// What `errcode --version` prints after the name.\npub const VERSION_TEXT: &str = {:?};\n", format!("{version}; {summary}")).unwrap();
    writeln!(
        o,
        "/// Where entries come from.\npub static SOURCES: &[Source] = &[\n{sources_code}];\n"
    )
    .unwrap();
    writeln!(
        o,
        "/// How many entries the catalog holds.\npub const ENTRY_COUNT: usize = {offset};\n"
    )
    .unwrap();
    writeln!(o, "/// Every entry, grouped by service in catalog order, each service's in document order.\npub static ENTRIES: &[Entry; ENTRY_COUNT] = &[\n{entries_code}];\n").unwrap();

    // Indexes, sorted for binary search; the names are lower-case strings of the blob.
    let mut by_code: Vec<(String, usize)> =
        all.iter().map(|(_, i, c, _, _)| (c.clone(), *i)).collect();
    by_code.sort();
    o.push_str(
        "/// (lower-case code, entry index), sorted.\npub static BY_CODE: &[(Str, u16)] = &[\n",
    );
    for (c, i) in &by_code {
        writeln!(o, "    ({}, {i}),", blob.str(c)).unwrap();
    }
    o.push_str("];\n\n");
    by_alias.sort();
    o.push_str(
        "/// (lower-case alias, entry index), sorted.\npub static BY_ALIAS: &[(Str, u16)] = &[\n",
    );
    for (a, i) in &by_alias {
        writeln!(o, "    ({}, {i}),", blob.str(a)).unwrap();
    }
    o.push_str("];\n\n");
    let mut by_hr: Vec<(u32, usize)> = all
        .iter()
        .filter_map(|(_, i, _, _, h)| h.map(|h| (h, *i)))
        .collect();
    by_hr.sort();
    o.push_str("/// (HRESULT, entry index), sorted.\npub static BY_HRESULT: &[(u32, u16)] = &[\n");
    for (h, i) in &by_hr {
        writeln!(o, "    (0x{h:08X}, {i}),").unwrap();
    }
    o.push_str("];\n\n");
    let mut by_status: Vec<(u16, usize)> = all
        .iter()
        .filter_map(|(_, i, _, s, _)| s.map(|s| (s as u16, *i)))
        .collect();
    by_status.sort();
    o.push_str(
        "/// (HTTP status, entry index), sorted.\npub static BY_STATUS: &[(u16, u16)] = &[\n",
    );
    for (s, i) in &by_status {
        writeln!(o, "    ({s}, {i}),").unwrap();
    }
    o.push_str("];\n\n");
    assert!(offset < u16::MAX as usize, "entry index must fit u16");
    writeln!(
        o,
        "/// The lists entries refer to (aliases, methods, notes), as strings of the blob.\nstatic LISTS: &[Str] = &[\n{}];\n",
        blob.lists
    )
    .unwrap();
    (o, blob)
}

/// One string holding every text of the catalog, each once, and the lists
/// entries refer to. The tables hold offsets into it rather than pointers,
/// so a position-independent binary has nothing to relocate at start-up.
#[derive(Default)]
struct Blob {
    text: String,
    strings: BTreeMap<String, String>,
    lists: String,
    list_len: usize,
    list_index: BTreeMap<Vec<String>, String>,
}

impl Blob {
    /// The `Str { .. }` literal of `s`, adding it to the blob the first time.
    fn str(&mut self, s: &str) -> String {
        if let Some(lit) = self.strings.get(s) {
            return lit.clone();
        }
        let off = u32::try_from(self.text.len()).expect("catalog text under 4 GiB");
        let len = u32::try_from(s.len()).expect("catalog string under 4 GiB");
        self.text.push_str(s);
        let lit = format!("Str {{ off: {off}, len: {len} }}");
        self.strings.insert(s.to_string(), lit.clone());
        lit
    }

    fn opt_str(&mut self, s: Option<&str>) -> String {
        match s {
            Some(s) => format!("Some({})", self.str(s)),
            None => "None".to_string(),
        }
    }

    /// The `List { .. }` literal of `items`, adding them to `LISTS` the first time.
    fn list(&mut self, items: &[String]) -> String {
        if items.is_empty() {
            return "List { start: 0, len: 0 }".to_string();
        }
        if let Some(lit) = self.list_index.get(items) {
            return lit.clone();
        }
        let start = u16::try_from(self.list_len).expect("lists fit u16");
        let len = u16::try_from(items.len()).expect("a list fits u16");
        for item in items {
            let lit = self.str(item);
            writeln!(self.lists, "    {lit},").unwrap();
        }
        self.list_len += items.len();
        let lit = format!("List {{ start: {start}, len: {len} }}");
        self.list_index.insert(items.to_vec(), lit.clone());
        lit
    }
}

/// Each entry's stable id: `service:code`, and where the service lists the
/// code more than once, `:status` (`batch:ConditionNotMet:412`,
/// `cosmos:CollectionRidMismatch:404.1024`) or, when the status does not tell
/// them apart either, `:table` (`batch:Unknown:seed-job`). A join on the
/// export must not multiply rows, so the build fails on a clash.
fn entry_ids(path: &str, f: &ServiceFile) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_status: BTreeMap<(&str, Option<i64>, Option<i64>), usize> = BTreeMap::new();
    for e in &f.entries {
        *count.entry(e.code.as_str()).or_default() += 1;
        *by_status
            .entry((e.code.as_str(), e.status, e.substatus))
            .or_default() += 1;
    }
    let mut seen = std::collections::BTreeSet::new();
    f.entries
        .iter()
        .map(|e| {
            let mut id = format!("{}:{}", f.id, e.code);
            if count[e.code.as_str()] > 1 {
                if by_status[&(e.code.as_str(), e.status, e.substatus)] > 1 || e.status.is_none() {
                    write!(id, ":{}", e.source).unwrap();
                } else {
                    match e.substatus {
                        Some(ss) => write!(id, ":{}.{ss}", e.status.unwrap_or_default()),
                        None => write!(id, ":{}", e.status.unwrap_or_default()),
                    }
                    .unwrap();
                }
            }
            if !seen.insert(id.to_ascii_lowercase()) {
                fail(path, &format!("entry id {id:?} is not unique"));
            }
            id
        })
        .collect()
}

/// `catalog: 898 entries (fabric 264, batch 180, ...), newest source 2026-12-02`.
fn summary(files: &[(String, ServiceFile)], total: usize, newest: &str) -> String {
    let per: Vec<String> = files
        .iter()
        .map(|(_, f)| format!("{} {}", f.id, f.entries.len()))
        .collect();
    format!(
        "catalog: {total} entries ({}), newest source {newest}",
        per.join(", ")
    )
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    match v {
        Some(v) => format!("Some({v})"),
        None => "None".to_string(),
    }
}
