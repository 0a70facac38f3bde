//! The embedded catalog checked row by row against the seed documents
//! (`../shared/seeds`) and the reference tables (`../shared/reference`).
//!
//! The expected rows are parsed here, from the documents themselves, never
//! from `data/`: a row the data files lose, mistype or invent fails a test.
//! CI clones the repository with `shared/` beside it; without it the checks
//! that need it print a note and pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use errcode_cli::catalog::{self, Entry};

// ---------------------------------------------------------------------------
// Finding the shared documents.

fn shared_dir(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "note: {} is absent; skipping the checks that need it",
            dir.display()
        );
        None
    }
}

/// The seed file whose name starts with `prefix` (`000_`): its name and text.
fn seed_file(dir: &Path, prefix: &str) -> (String, String) {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable seeds directory")
        .map(|d| d.expect("readable entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    assert_eq!(found.len(), 1, "exactly one seed {prefix}*.txt: {found:?}");
    let path = found.pop().unwrap();
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    let text = std::fs::read_to_string(&path).expect("seed is UTF-8 text");
    (name, text)
}

/// A reference TSV (header skipped) as `name -> HRESULT`.
fn hresult_tsv(dir: &Path, file: &str) -> Vec<(String, u32)> {
    let text = std::fs::read_to_string(dir.join(file)).expect("readable reference TSV");
    let mut lines = text.lines();
    let header = lines.next().expect("TSV header");
    assert!(
        header.starts_with("name\thresult"),
        "{file}: header {header:?}"
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let name = cols.next().unwrap().trim().to_string();
            let hex = cols.next().unwrap_or_default().trim();
            (
                name,
                parse_hex(hex).unwrap_or_else(|| panic!("{file}: {l:?}")),
            )
        })
        .collect()
}

/// `0x80880020L` / `0x80071BC6` as a number.
fn parse_hex(s: &str) -> Option<u32> {
    let digits = s.strip_prefix("0x")?.trim_end_matches('L');
    (digits.len() == 8)
        .then(|| u32::from_str_radix(digits, 16).ok())
        .flatten()
}

// ---------------------------------------------------------------------------
// Plain text from the documents' markup.

/// Markdown cell text as the plain lines a message should have: `<br />`
/// breaks lines, links keep their text, emphasis and code marks go, list
/// markers become `- `, and whitespace is normalised.
fn markdown_lines(cell: &str) -> Vec<String> {
    let text = cell
        .replace("<br />", "\n")
        .replace("<br/>", "\n")
        .replace("<br>", "\n");
    text.lines()
        .map(|l| normalise(&unlink(l).replace(['*', '`'], "")))
        .filter(|l| !l.is_empty())
        .collect()
}

/// `see [request units](https://...)` -> `see request units`.
fn unlink(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Trimmed, with each run of whitespace as one space.
fn normalise(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A catalog message as normalised, non-empty lines.
fn message_lines(message: &str) -> Vec<String> {
    message
        .lines()
        .map(normalise)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Removes HTML tags (`<a name="x"></a>`) from a heading.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    normalise(&out)
}

// ---------------------------------------------------------------------------
// The seed tables.

/// One documented row, with the fields its table documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    code: String,
    status: Option<u16>,
    hresult: Option<Hex>,
    category: Option<String>,
    /// Normalised lines; `None` when the table gives no text (Service Fabric).
    message: Option<Vec<String>>,
    /// The document's own wording of the status, where the table has a column for it.
    reason: Option<String>,
    methods: Vec<String>,
    response_body: Option<String>,
}

/// An HRESULT that reads as one in failure messages.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hex(u32);

impl std::fmt::Debug for Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{:08X}", self.0)
    }
}

/// One table of a seed document.
#[derive(Debug)]
struct SeedTable {
    service: &'static str,
    document: String,
    /// The table's name in the document; used to tell a document's tables apart.
    label: String,
    rows: Vec<Row>,
    /// Whether the table gives message text to compare.
    has_message: bool,
    /// Whether the table has its own reason column (Veeam).
    has_reason: bool,
}

impl SeedTable {
    /// The row a catalog entry makes, with only the fields this table documents.
    fn row_of(&self, e: &Entry) -> Row {
        Row {
            code: e.code().to_string(),
            status: e.status,
            hresult: e.hresult.map(Hex),
            category: e.category().map(str::to_string),
            message: self.has_message.then(|| message_lines(e.message())),
            reason: if self.has_reason {
                e.reason().map(str::to_string)
            } else {
                None
            },
            methods: e.methods().map(|m| m.to_string()).collect(),
            response_body: e.response_body().map(str::to_string),
        }
    }

    /// Rows without the repeats the document lists twice, identical (`NodeUserExists`).
    fn distinct_rows(&self) -> Vec<Row> {
        let mut seen = BTreeSet::new();
        self.rows
            .iter()
            .filter(|r| seen.insert((*r).clone()))
            .cloned()
            .collect()
    }
}

/// A markdown table: its context (latest heading, or a "list of X that"
/// sentence, whichever came last), header cells and rows of cells.
struct MdTable {
    context: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn markdown_tables(text: &str) -> Vec<MdTable> {
    let lines: Vec<&str> = text.lines().collect();
    let mut tables = Vec::new();
    let mut context = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.starts_with('|') && lines.get(i + 1).is_some_and(|l| is_separator(l)) {
            let header = cells(line);
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].trim().starts_with('|') {
                let row = cells(lines[i]);
                assert_eq!(row.len(), header.len(), "ragged row {:?}", lines[i]);
                rows.push(row);
                i += 1;
            }
            tables.push(MdTable {
                context: context.clone(),
                header,
                rows,
            });
            continue;
        }
        if line.starts_with('#') {
            context = strip_tags(line.trim_start_matches('#'));
        } else if let Some(rest) = line.split_once("list of ").map(|(_, r)| r) {
            if let Some((what, _)) = rest.split_once(" that") {
                context = normalise(what);
            }
        }
        i += 1;
    }
    tables
}

/// `Not Modified (304)` / `BadRequest (400)` -> 304.
fn status_in_parens(s: &str) -> u16 {
    let open = s
        .rfind('(')
        .unwrap_or_else(|| panic!("no (status) in {s:?}"));
    let close = s
        .rfind(')')
        .unwrap_or_else(|| panic!("no (status) in {s:?}"));
    s[open + 1..close]
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("bad status in {s:?}"))
}

/// `503 Service Unavailable` / `**449 Retry With**` -> (449, "Retry With").
fn leading_status(s: &str) -> (u16, String) {
    let s = s.replace('*', "");
    let s = s.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(digits.len(), 3, "no leading status in {s:?}");
    (digits.parse().unwrap(), s[3..].trim().to_string())
}

fn header_is(t: &MdTable, want: &[&str]) -> bool {
    t.header.len() == want.len()
        && t.header
            .iter()
            .zip(want)
            .all(|(h, w)| h.replace('*', "").eq_ignore_ascii_case(w))
}

fn empty_row(code: &str) -> Row {
    Row {
        code: code.to_string(),
        status: None,
        hresult: None,
        category: None,
        message: None,
        reason: None,
        methods: Vec::new(),
        response_body: None,
    }
}

/// 000: Service Fabric. Names in one cell per status, split by `<br />`; the
/// HRESULTs come from the reference tables, the seed gives no message.
fn fabric_tables(name: &str, text: &str, hresults: &BTreeMap<String, u32>) -> Vec<SeedTable> {
    let tables = markdown_tables(text);
    assert_eq!(tables.len(), 1, "{name}: one table");
    let t = &tables[0];
    assert!(header_is(t, &["HTTP Status Code", "Error Code"]), "{name}");
    let mut rows = Vec::new();
    for r in &t.rows {
        let (status, _) = leading_status(&r[0]);
        for code in r[1]
            .split("<br />")
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let hresult = *hresults
                .get(code)
                .unwrap_or_else(|| panic!("{code} has no HRESULT in the reference TSVs"));
            rows.push(Row {
                status: Some(status),
                hresult: Some(Hex(hresult)),
                ..empty_row(code)
            });
        }
    }
    vec![SeedTable {
        service: "fabric",
        document: name.to_string(),
        label: t.context.clone(),
        rows,
        has_message: false,
        has_reason: false,
    }]
}

/// 001: Batch. Two tables with status and message, two with category and message.
fn batch_tables(name: &str, text: &str) -> Vec<SeedTable> {
    let mut out = Vec::new();
    for t in markdown_tables(text) {
        let with_status = header_is(&t, &["Error code", "HTTP status code", "User message"]);
        let with_category = header_is(&t, &["Error code", "Category", "User message"]);
        if !with_status && !with_category {
            // The table of categories themselves, not of error codes.
            assert!(
                header_is(&t, &["Category", "Description"]),
                "{name}: {:?}",
                t.header
            );
            continue;
        }
        let rows = t
            .rows
            .iter()
            .map(|r| Row {
                status: with_status.then(|| status_in_parens(&r[1])),
                category: with_category.then(|| r[1].clone()),
                message: Some(markdown_lines(&r[2])),
                ..empty_row(&r[0])
            })
            .collect();
        out.push(SeedTable {
            service: "batch",
            document: name.to_string(),
            label: t.context.clone(),
            rows,
            has_message: true,
            has_reason: false,
        });
    }
    out
}

/// 003: Cosmos DB. Code is the status as text; message is the description.
fn cosmos_tables(name: &str, text: &str) -> Vec<SeedTable> {
    let tables = markdown_tables(text);
    assert_eq!(tables.len(), 1, "{name}: one table");
    let t = &tables[0];
    assert!(header_is(t, &["Code", "Description"]), "{name}");
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let (status, _) = leading_status(&r[0]);
            Row {
                status: Some(status),
                message: Some(markdown_lines(&r[1])),
                ..empty_row(&status.to_string())
            }
        })
        .collect();
    vec![SeedTable {
        service: "cosmos",
        document: name.to_string(),
        label: t.context.clone(),
        rows,
        has_message: true,
        has_reason: false,
    }]
}

/// 004: IIS Media Services. Code, HRESULT (C-header `L` suffix), status, message.
fn iis_tables(name: &str, text: &str) -> Vec<SeedTable> {
    let tables = markdown_tables(text);
    assert_eq!(tables.len(), 1, "{name}: one table");
    let t = &tables[0];
    assert!(
        header_is(t, &["Error code", "HResult", "Status code", "Message"]),
        "{name}"
    );
    let rows = t
        .rows
        .iter()
        .map(|r| Row {
            status: Some(status_in_parens(&r[2])),
            hresult: Some(Hex(
                parse_hex(&r[1]).unwrap_or_else(|| panic!("{name}: {:?}", r[1]))
            )),
            message: Some(markdown_lines(&r[3])),
            ..empty_row(&r[0])
        })
        .collect();
    vec![SeedTable {
        service: "iis-media",
        document: name.to_string(),
        label: t.context.clone(),
        rows,
        has_message: true,
        has_reason: false,
    }]
}

const HTTP_METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "All"];

/// 002: Veeam, a web page flattened to text: each table is a heading, the
/// five column names on their own lines, then per row the status, its
/// methods (one a line), the description, the body content and the details
/// (one or more paragraphs).
fn veeam_tables(name: &str, text: &str) -> Vec<SeedTable> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let columns = [
        "Code",
        "Applies to HTTP Method",
        "Description",
        "Response Body Content",
        "Details",
    ];
    let is_status = |l: &str| l.len() == 3 && l.bytes().all(|b| b.is_ascii_digit());
    let starts_table = |i: usize| lines.get(i + 1) == Some(&"Code");
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !(starts_table(i) && lines[i + 2..].starts_with(&columns[1..])) {
            i += 1;
            continue;
        }
        let label = lines[i].to_string();
        i += 1 + columns.len();
        let mut rows = Vec::new();
        while i < lines.len() && is_status(lines[i]) {
            let status: u16 = lines[i].parse().unwrap();
            i += 1;
            let mut methods = Vec::new();
            while HTTP_METHODS.contains(&lines[i]) {
                methods.push(lines[i].to_string());
                i += 1;
            }
            assert!(!methods.is_empty(), "{name}: {status} has no methods");
            let reason = lines[i].to_string();
            let body = lines[i + 1].to_string();
            i += 2;
            let mut details = Vec::new();
            while i < lines.len() && !is_status(lines[i]) && !starts_table(i) {
                details.push(normalise(lines[i]));
                i += 1;
            }
            assert!(!details.is_empty(), "{name}: {status} has no details");
            rows.push(Row {
                status: Some(status),
                message: Some(details),
                reason: Some(reason),
                methods,
                response_body: Some(body),
                ..empty_row(&status.to_string())
            });
        }
        out.push(SeedTable {
            service: "veeam",
            document: name.to_string(),
            label,
            rows,
            has_message: true,
            has_reason: true,
        });
    }
    out
}

/// Every table of every seed, or `None` when `shared/` is absent.
fn seed_tables() -> Option<Vec<SeedTable>> {
    let seeds = shared_dir("seeds")?;
    let reference = shared_dir("reference")?;
    let hresults: BTreeMap<String, u32> = hresult_tsv(&reference, "fabric-hresults.tsv")
        .into_iter()
        .chain(hresult_tsv(&reference, "fabric-hresults-common.tsv"))
        .collect();
    let mut tables = Vec::new();
    let (n, t) = seed_file(&seeds, "000_");
    tables.extend(fabric_tables(&n, &t, &hresults));
    let (n, t) = seed_file(&seeds, "001_");
    tables.extend(batch_tables(&n, &t));
    let (n, t) = seed_file(&seeds, "002_");
    tables.extend(veeam_tables(&n, &t));
    let (n, t) = seed_file(&seeds, "003_");
    tables.extend(cosmos_tables(&n, &t));
    let (n, t) = seed_file(&seeds, "004_");
    tables.extend(iis_tables(&n, &t));
    Some(tables)
}

fn seed_entries() -> Vec<&'static Entry> {
    catalog::entries().iter().filter(|e| e.is_seed()).collect()
}

/// The catalog's seed entries that belong to `table`: same service and
/// document, and, where the document has several tables, the same table.
fn entries_of(table: &SeedTable, all: &[SeedTable]) -> Vec<&'static Entry> {
    let tables_in_document = all.iter().filter(|t| t.document == table.document).count();
    seed_entries()
        .into_iter()
        .filter(|e| e.service.id() == table.service && e.source().document == table.document)
        .filter(|e| {
            tables_in_document == 1
                || e.source()
                    .table
                    .is_some_and(|t| t.eq_ignore_ascii_case(&table.label))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Tests.

#[test]
fn seed_tables_have_the_documented_row_counts() {
    let Some(tables) = seed_tables() else { return };
    let counts: Vec<(&str, &str, usize)> = tables
        .iter()
        .map(|t| (t.service, t.label.as_str(), t.rows.len()))
        .collect();
    let want = [
        ("fabric", 65),
        ("batch", 34),
        ("batch", 70),
        ("batch", 7),
        ("batch", 14),
        ("veeam", 4),
        ("veeam", 8),
        ("cosmos", 15),
        ("iis-media", 16),
    ];
    assert_eq!(
        counts.iter().map(|(s, _, n)| (*s, *n)).collect::<Vec<_>>(),
        want,
        "tables parsed from the seeds: {counts:?}"
    );
    let fabric = &tables[0];
    let fabric_e = fabric
        .rows
        .iter()
        .filter(|r| r.code.starts_with("FABRIC_E_"))
        .count();
    assert_eq!(fabric_e, 64);
    assert!(fabric.rows.iter().any(|r| r.code == "E_ABORT"));
    let labels: Vec<String> = tables[1..5]
        .iter()
        .map(|t| t.label.to_lowercase())
        .collect();
    assert_eq!(
        labels,
        [
            "common rest api error codes",
            "batch service error codes",
            "job scheduling error codes",
            "task scheduling error codes"
        ]
    );
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    let distinct: usize = tables.iter().map(|t| t.distinct_rows().len()).sum();
    assert_eq!((rows, distinct), (233, 232));
    // The only repeat is the Batch service table's second NodeUserExists.
    let service = &tables[2];
    let repeats: Vec<&str> = service
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| service.rows[..*i].contains(r))
        .map(|(_, r)| r.code.as_str())
        .collect();
    assert_eq!(repeats, ["NodeUserExists"]);
}

#[test]
fn every_seed_row_is_in_the_catalog_exactly_as_documented() {
    let Some(tables) = seed_tables() else { return };
    let mut failures = Vec::new();
    for table in &tables {
        let mut want = table.distinct_rows();
        let mut have: Vec<Row> = entries_of(table, &tables)
            .iter()
            .map(|e| table.row_of(e))
            .collect();
        want.sort();
        have.sort();
        if want == have {
            continue;
        }
        let before = failures.len();
        for row in &want {
            let n_want = want.iter().filter(|r| *r == row).count();
            let n_have = have.iter().filter(|r| *r == row).count();
            if n_have < n_want {
                let near: Vec<&Row> = have.iter().filter(|r| r.code == row.code).collect();
                failures.push(format!(
                    "{} {:?}: documented row missing or different\n  seed:    {row:?}\n  catalog: {near:?}",
                    table.document, table.label
                ));
            }
        }
        for row in &have {
            if !want.contains(row) {
                failures.push(format!(
                    "{} {:?}: catalog row not in the seed: {row:?}",
                    table.document, table.label
                ));
            }
        }
        if failures.len() == before {
            failures.push(format!(
                "{} {:?}: {} distinct seed rows, {} catalog entries",
                table.document,
                table.label,
                want.len(),
                have.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_entries_are_exactly_the_seed_rows() {
    let Some(tables) = seed_tables() else { return };
    let distinct: usize = tables.iter().map(|t| t.distinct_rows().len()).sum();
    let seed = seed_entries();
    assert_eq!(seed.len(), distinct, "seed entries vs distinct seed rows");
    assert_eq!(seed.len(), 232);
    // Each seed entry belongs to exactly one seed table.
    for e in &seed {
        let homes = tables
            .iter()
            .filter(|t| entries_of(t, &tables).iter().any(|x| std::ptr::eq(*x, *e)))
            .count();
        assert_eq!(
            homes,
            1,
            "{} ({}) is in {homes} seed tables",
            e.code(),
            e.source().describe()
        );
    }
    // The catalog's per-service counts of seed entries agree with the documents.
    for service in catalog::Service::all() {
        let want: usize = tables
            .iter()
            .filter(|t| t.service == service.id())
            .map(|t| t.distinct_rows().len())
            .sum();
        let have = service.entries().iter().filter(|e| e.is_seed()).count();
        assert_eq!(have, want, "seed entries of {}", service.id());
    }
}

fn seed_batch(code: &str) -> Vec<&'static Entry> {
    catalog::by_code(code)
        .filter(|e| e.is_seed() && e.service.id() == "batch")
        .collect()
}

#[test]
fn names_listed_with_two_meanings_are_two_entries() {
    let statuses = |code: &str| -> Vec<(Option<u16>, Option<&str>)> {
        let mut v: Vec<_> = seed_batch(code)
            .iter()
            .map(|e| (e.status, e.category()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        statuses("ConditionNotMet"),
        [(Some(304), None), (Some(412), None)]
    );
    assert_eq!(
        statuses("JobBeingTerminated"),
        [(None, Some("UserError")), (Some(409), None)]
    );
    assert_eq!(
        statuses("Unknown"),
        [(None, Some("ServerError")), (None, Some("ServerError"))]
    );
    let mut unknown_tables: Vec<String> = seed_batch("Unknown")
        .iter()
        .map(|e| e.source().table.unwrap_or_default().to_lowercase())
        .collect();
    unknown_tables.sort();
    assert_eq!(
        unknown_tables,
        ["job scheduling error codes", "task scheduling error codes"]
    );
    // Listed twice, identically: one entry.
    assert_eq!(statuses("NodeUserExists"), [(Some(409), None)]);
    // The two ConditionNotMet messages say read and write.
    let messages: Vec<&str> = seed_batch("ConditionNotMet")
        .iter()
        .map(|e| e.message())
        .collect();
    assert!(messages.iter().any(|m| m.contains("read operation")));
    assert!(messages.iter().any(|m| m.contains("write operation")));
}

fn only(code: &str, service: &str) -> &'static Entry {
    let hits: Vec<&'static Entry> = catalog::by_code(code)
        .filter(|e| e.is_seed() && e.service.id() == service)
        .collect();
    assert_eq!(hits.len(), 1, "{service} {code}: {hits:?}");
    hits[0]
}

#[test]
fn sample_of_exact_values() {
    let e = only("FABRIC_E_NOT_PRIMARY", "fabric");
    assert_eq!(e.status, Some(503));
    assert_eq!(e.hresult, Some(0x8007_1BC6));
    assert_eq!(e.reason(), Some("Service Unavailable"));
    if let Some(reference) = shared_dir("reference") {
        let tsv = hresult_tsv(&reference, "fabric-hresults.tsv");
        assert!(tsv.contains(&("FABRIC_E_NOT_PRIMARY".to_string(), 0x8007_1BC6)));
    }

    let e = only("E_ABORT", "fabric");
    assert_eq!((e.status, e.hresult), (Some(503), Some(0x8000_4004)));

    let e = only("MPE_MGMT_PUBLISHING_POINT_NOT_FOUND", "iis-media");
    assert_eq!(e.hresult, Some(0x8088_002E));
    assert_eq!(e.status, Some(404));
    assert_eq!(e.message(), "The publishing point was not found.");

    let e = only("405", "veeam");
    assert_eq!(e.status, Some(405));
    assert_eq!(e.reason(), Some("Method is not Allowed"));
    assert_eq!(e.methods().to_vec(), ["All"]);
    assert_eq!(e.response_body(), Some("Error"));

    let e = only("InvalidAuthenticationInfo", "batch");
    assert_eq!(e.status, Some(400));
    assert_eq!(
        e.message(),
        "The authentication information was not provided in the correct format. \
         Verify the value of Authorization header."
    );

    let e = only("449", "cosmos");
    assert_eq!((e.status, e.hresult, e.category()), (Some(449), None, None));
    let e = only("200", "cosmos");
    assert_eq!(
        e.message().lines().collect::<Vec<_>>(),
        [
            "One of the following REST operations were successful:",
            "- GET on a resource.",
            "- PUT on a resource.",
            "- POST on a resource.",
            "- POST on a stored procedure resource to execute the stored procedure.",
        ]
    );
}

#[test]
fn every_fabric_hresult_in_the_reference_is_an_entry() {
    let Some(reference) = shared_dir("reference") else {
        return;
    };
    let seed_names: BTreeSet<String> = match seed_tables() {
        Some(tables) => tables
            .iter()
            .filter(|t| t.service == "fabric")
            .flat_map(|t| t.rows.iter().map(|r| r.code.clone()))
            .collect(),
        None => return,
    };
    let all = hresult_tsv(&reference, "fabric-hresults.tsv");
    let (markers, names): (Vec<_>, Vec<_>) = all.iter().partition(|(n, _)| n.ends_with("_HRESULT"));
    assert_eq!(markers.len(), 6, "range markers: {markers:?}");
    assert_eq!(names.len(), 237);
    let common = hresult_tsv(&reference, "fabric-hresults-common.tsv");
    let mut failures = Vec::new();
    for (name, hresult) in names.iter().copied().chain(common.iter()) {
        let fabric: Vec<&'static Entry> = catalog::by_code(name)
            .filter(|e| e.service.id() == "fabric")
            .collect();
        if fabric.is_empty() {
            failures.push(format!("{name}: no fabric entry"));
        }
        for e in &fabric {
            if e.code() != name {
                failures.push(format!("{name}: entry spelled {:?}", e.code()));
            }
            if e.hresult != Some(*hresult) {
                failures.push(format!(
                    "{name}: HRESULT {:?}, reference 0x{hresult:08X}",
                    e.hresult.map(|h| format!("0x{h:08X}"))
                ));
            }
            if e.is_seed() != seed_names.contains(name) {
                failures.push(format!(
                    "{name}: origin {} but {} the seed",
                    e.source().kind.as_str(),
                    if seed_names.contains(name) {
                        "in"
                    } else {
                        "not in"
                    }
                ));
            }
        }
        if fabric.len() > 1 {
            failures.push(format!("{name}: {} fabric entries", fabric.len()));
        }
    }
    // The range markers alias real codes; they are not codes themselves.
    for (name, _) in &markers {
        if catalog::by_code(name).next().is_some() {
            failures.push(format!("{name}: a range marker is an entry"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_are_clean_plain_text() {
    let markup = [
        "<br", "</", "<a ", "<p>", "**", "`", "](", "&nbsp;", "&amp;", "&lt;", "&gt;", "&#",
    ];
    let mojibake = ["\u{fffd}", "â€", "Ã", "Â"];
    let mut failures = Vec::new();
    for e in catalog::entries() {
        let mut texts: Vec<(&str, &str)> = vec![("message", e.message())];
        texts.extend(e.document_reason().map(|r| ("reason", r)));
        texts.extend(e.response_body().map(|b| ("response_body", b)));
        texts.extend(e.notes().map(|n| ("note", n)));
        for (field, text) in texts {
            let at = format!("{} {} {field}", e.service.id(), e.code());
            if text.trim().is_empty() {
                failures.push(format!("{at}: empty"));
            }
            if text.contains("TODO") || text.contains("FIXME") || text.contains("XXX") {
                failures.push(format!("{at}: placeholder: {text:?}"));
            }
            for bad in markup.iter().chain(&mojibake) {
                if text.contains(bad) {
                    failures.push(format!("{at}: contains {bad:?}: {text:?}"));
                }
            }
            if text.contains(['\t', '\r']) {
                failures.push(format!("{at}: tab or carriage return: {text:?}"));
            }
            for line in text.split('\n') {
                if line.is_empty() || line != line.trim() || line.contains("  ") {
                    failures.push(format!("{at}: untidy line {line:?} in {text:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
