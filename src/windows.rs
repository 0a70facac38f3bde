//! Windows error names on every OS: Win32 errors, HRESULTs and NTSTATUS
//! values from the public-domain mingw-w64 headers plus WinHTTP and CLR
//! tables (`data/windows/`, written by `examples/gen_windows.rs`), compiled
//! into static tables by `build.rs`.
//!
//! This is the catalog's `windows` source: it ranks below the five
//! services, whose own entry for a value always comes first. Most names come
//! with their header and value only; the codes people meet most carry a
//! one-line meaning (`data/windows/meanings.tsv`).

use serde::Serialize;

include!(concat!(env!("OUT_DIR"), "/windows.rs"));

/// The id of this source (`--service windows`).
pub const SOURCE_ID: &str = "windows";
/// Its full name, for `services`.
pub const SOURCE_NAME: &str = "Windows error codes (Win32, HRESULT, NTSTATUS)";

/// Where each name was read; a row's `origin` indexes this (build/windows.rs).
const ORIGINS: &[&str] = &[
    "winerror.h",
    "ntstatus.h",
    "wininet.h",
    "lmerr.h",
    "winhttp-errors.tsv",
    "clr-hresults.tsv",
];

/// One line describing each origin, for `services` and JSON.
pub const ORIGIN_DOCUMENTS: &[&str] = &[
    "mingw-w64 10.0.0 winerror.h (public domain)",
    "mingw-w64 10.0.0 ntstatus.h (public domain)",
    "mingw-w64 10.0.0 wininet.h (public domain)",
    "mingw-w64 10.0.0 lmerr.h (public domain)",
    "windows-sys 0.61.2 WinHttp constants (MIT OR Apache-2.0)",
    "dotnet/runtime corerror.xml and HResults.cs (MIT)",
];

/// Which numbering a name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    /// A Win32 error number (`GetLastError`, 0..65535).
    Win32,
    /// An HRESULT.
    Hresult,
    /// An NTSTATUS.
    Ntstatus,
}

impl Table {
    /// `win32`, `hresult` or `ntstatus`.
    pub fn as_str(self) -> &'static str {
        match self {
            Table::Win32 => "win32",
            Table::Hresult => "hresult",
            Table::Ntstatus => "ntstatus",
        }
    }
}

/// One Windows name: offsets into the string blobs, no pointers.
#[derive(Debug)]
pub struct Code {
    table: Table,
    value: u32,
    origin: u8,
    name_len: u8,
    name_start: u32,
    meaning_start: u32,
    meaning_len: u16,
}

impl Code {
    /// `ERROR_SHARING_VIOLATION`.
    pub fn name(&self) -> &'static str {
        let s = self.name_start as usize;
        &NAMES[s..s + self.name_len as usize]
    }
    /// Which numbering the value is in.
    pub fn table(&self) -> Table {
        self.table
    }
    /// The value (a Win32 number, an HRESULT or an NTSTATUS).
    pub fn value(&self) -> u32 {
        self.value
    }
    /// `winerror.h`, `clr-hresults.tsv`, ...
    pub fn origin(&self) -> &'static str {
        ORIGINS[self.origin as usize]
    }
    /// The one-line meaning, for the codes that have one.
    pub fn meaning(&self) -> Option<&'static str> {
        let s = self.meaning_start as usize;
        (self.meaning_len > 0).then(|| &MEANINGS[s..s + self.meaning_len as usize])
    }
    /// `0x80070020` for HRESULTs and NTSTATUS values, `32` for Win32 numbers.
    pub fn value_label(&self) -> String {
        match self.table {
            Table::Win32 => self.value.to_string(),
            _ => format!("0x{:08X}", self.value),
        }
    }
    /// The HRESULT this name is met as: itself, or `HRESULT_FROM_WIN32` of a
    /// Win32 number (None for 0 and for NTSTATUS values).
    pub fn as_hresult(&self) -> Option<u32> {
        match self.table {
            Table::Hresult => Some(self.value),
            Table::Win32 if self.value != 0 => Some(0x8007_0000 | self.value),
            _ => None,
        }
    }
    /// A plain view for JSON.
    pub fn view(&'static self) -> CodeView {
        CodeView {
            service: SOURCE_ID,
            code: self.name(),
            table: self.table,
            value: self.value_label(),
            hresult: self.as_hresult().map(crate::Hresult),
            origin: self.origin(),
            meaning: self.meaning(),
        }
    }
}

/// A Windows name as JSON.
#[derive(Debug, Serialize)]
pub struct CodeView {
    /// Always `windows`.
    pub service: &'static str,
    /// The name (called `code`, like a catalog entry's).
    pub code: &'static str,
    /// `win32`, `hresult` or `ntstatus`.
    pub table: Table,
    /// Decimal for Win32 numbers, `0x` hex otherwise.
    pub value: String,
    /// The HRESULT it is met as, or null.
    pub hresult: Option<crate::Hresult>,
    /// Header or table it was read from.
    pub origin: &'static str,
    /// One-line meaning, or null (the headers carry names only).
    pub meaning: Option<&'static str>,
}

/// Every name, sorted by table and value.
pub fn all() -> &'static [Code] {
    CODES
}

/// The names with this value in this table, winerror.h's first.
pub fn by_value(table: Table, value: u32) -> &'static [Code] {
    let start = CODES.partition_point(|c| (c.table, c.value) < (table, value));
    let len = CODES[start..]
        .iter()
        .take_while(|c| c.table == table && c.value == value)
        .count();
    &CODES[start..start + len]
}

/// The names spelled `name`, ignoring ASCII case (binary search; no allocation).
pub fn by_name(name: &str) -> impl Iterator<Item = &'static Code> + use<> {
    let key = name.as_bytes();
    let lower = |c: &Code| c.name().bytes().map(|b| b.to_ascii_lowercase());
    let cmp = move |c: &Code| lower(c).cmp(key.iter().map(|b| b.to_ascii_lowercase()));
    let start = BY_NAME.partition_point(|&i| cmp(&CODES[i as usize]).is_lt());
    let len = BY_NAME[start..]
        .iter()
        .take_while(|&&i| cmp(&CODES[i as usize]).is_eq())
        .count();
    BY_NAME[start..start + len]
        .iter()
        .map(|&i| &CODES[i as usize])
}

/// The first Win32 name of a Win32 error number (winerror.h's when it has one).
pub fn win32_name(number: u16) -> Option<&'static str> {
    by_value(Table::Win32, u32::from(number))
        .first()
        .map(Code::name)
}

/// Names containing every word (ASCII case ignored) in their name or meaning;
/// names matching in the name come first, then by name.
pub fn search(words: &[&str]) -> Vec<&'static Code> {
    let words: Vec<String> = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(bool, &'static Code)> = CODES
        .iter()
        .filter_map(|c| {
            let name = c.name().to_ascii_lowercase();
            let meaning = c.meaning().unwrap_or("").to_ascii_lowercase();
            let all = words
                .iter()
                .all(|w| name.contains(w.as_str()) || meaning.contains(w.as_str()));
            all.then(|| (words.iter().all(|w| name.contains(w.as_str())), c))
        })
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name().cmp(b.1.name())));
    hits.into_iter().map(|(_, c)| c).collect()
}

/// Names close to `name` (edit distance), best first, for "did you mean"
/// hints after a miss (a scan of every name, so never on the hit path).
pub fn suggest(name: &str) -> Vec<&'static str> {
    let want = name.to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static str)> = CODES
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&want, &c.name().to_ascii_lowercase()),
                c.name(),
            )
        })
        .filter(|(score, _)| *score >= 0.9)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by_key(|(_, n)| *n);
    scored.into_iter().take(5).map(|(_, n)| n).collect()
}

/// The Win32 error range Service Fabric's FABRIC_E_* HRESULTs use
/// (0x80071BBC..=0x80071D4B, Win32 7100..=7499).
pub const FABRIC_RANGE: std::ops::RangeInclusive<u32> = 0x8007_1BBC..=0x8007_1D4B;

/// The Windows names a lookup key names: by name (any case), and for a `0x`
/// literal every name of that value ([`names_for`]).
///
/// ```
/// use errcode_cli::windows;
/// assert!(windows::lookup("error_sharing_violation").iter().any(|c| c.value() == 32));
/// assert!(windows::lookup("0x80070005").iter().any(|c| c.name() == "E_ACCESSDENIED"));
/// ```
pub fn lookup(key: &str) -> Vec<&'static Code> {
    let mut names: Vec<&'static Code> = by_name(key).collect();
    if key.starts_with("0x") || key.starts_with("0X") {
        if let Ok((h, _)) = crate::hresult::parse(key) {
            names.extend(names_for(h));
        }
    }
    names
}

/// Every Windows name an HRESULT-sized value carries, in each reading that
/// applies: as an HRESULT, as `HRESULT_FROM_WIN32` of a Win32 number, as an
/// NTSTATUS (directly, or mapped with `HRESULT_FROM_NT`).
pub fn names_for(value: u32) -> Vec<&'static Code> {
    let h = crate::Hresult(value);
    let mut out: Vec<&'static Code> = by_value(Table::Hresult, value).iter().collect();
    if let Some(win) = h.win32() {
        out.extend(by_value(Table::Win32, u32::from(win)));
    }
    if let Some(nt) = ntstatus_reading(value) {
        out.extend(by_value(Table::Ntstatus, nt.value));
    }
    out
}

/// The first Windows name of a value in the order [`names_for`] gives,
/// without allocating (the scanner asks this of every failure literal).
pub fn first_name(value: u32) -> Option<&'static Code> {
    if let Some(c) = by_value(Table::Hresult, value).first() {
        return Some(c);
    }
    if let Some(win) = crate::Hresult(value).win32() {
        if let Some(c) = by_value(Table::Win32, u32::from(win)).first() {
            return Some(c);
        }
    }
    let nt = if value & 0x9000_0000 == 0x9000_0000 {
        value & !0x1000_0000
    } else {
        value
    };
    by_value(Table::Ntstatus, nt).first()
}

/// An NTSTATUS's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NtStatus {
    /// The NTSTATUS value (for an `HRESULT_FROM_NT` value, with the N bit cleared).
    #[serde(serialize_with = "hex32")]
    pub value: u32,
    /// `success`, `informational`, `warning` or `error`.
    pub severity: &'static str,
    /// Customer bit.
    pub customer: bool,
    /// Facility (12 bits).
    pub facility: u16,
    /// Code (16 bits).
    pub code: u16,
    /// Whether it arrived mapped into an HRESULT (`HRESULT_FROM_NT`, 0xD...).
    pub from_hresult: bool,
}

fn hex32<S: serde::Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("0x{v:08X}"))
}

/// Whether the bits read as an NTSTATUS: an `HRESULT_FROM_NT` value (N bit
/// set), a named NTSTATUS, or a severity of error, warning or informational
/// with facility 0 (where an HRESULT would have R=1 or S=0 with high bits).
pub fn ntstatus_reading(value: u32) -> Option<NtStatus> {
    let from_hresult = value & 0x1000_0000 != 0 && value & 0x8000_0000 != 0;
    let nt = if from_hresult {
        value & !0x1000_0000
    } else {
        value
    };
    let severity = nt >> 30;
    let facility = ((nt >> 16) & 0x0FFF) as u16;
    let named = !by_value(Table::Ntstatus, nt).is_empty();
    if !(from_hresult || named || (severity != 0 && facility == 0)) {
        return None;
    }
    Some(NtStatus {
        value: nt,
        severity: ["success", "informational", "warning", "error"][severity as usize],
        customer: nt & 0x2000_0000 != 0,
        facility,
        code: (nt & 0xFFFF) as u16,
        from_hresult,
    })
}

/// Where a process exit code fact applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitContext {
    /// Any Windows process.
    Windows,
    /// The .NET runtime.
    Dotnet,
    /// Service Fabric code packages.
    Fabric,
    /// Azure Batch tasks.
    Batch,
    /// Linux processes (shell conventions and signals).
    Linux,
}

/// A documented fact about one exit code (data/windows/exit-codes.tsv).
#[derive(Debug)]
pub struct ExitFact {
    /// The exit code as a 32-bit value.
    pub value: u32,
    /// Where it applies.
    pub context: ExitContext,
    /// The name it goes by.
    pub name: &'static str,
    /// What it means there.
    pub label: &'static str,
}

/// Facts about this exit code, sorted by value.
pub fn exit_facts(value: u32) -> impl Iterator<Item = &'static ExitFact> {
    let start = EXIT_FACTS.partition_point(|f| f.value < value);
    EXIT_FACTS[start..]
        .iter()
        .take_while(move |f| f.value == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_names_round_trip() {
        assert!(
            CODES
                .windows(2)
                .all(|w| (w[0].table, w[0].value) <= (w[1].table, w[1].value))
        );
        assert_eq!(BY_NAME.len(), CODES.len());
        let lower = |i: u16| CODES[i as usize].name().to_ascii_lowercase();
        assert!(BY_NAME.windows(2).all(|w| lower(w[0]) <= lower(w[1])));
        for c in CODES.iter().step_by(97) {
            assert!(
                by_name(c.name()).any(|f| std::ptr::eq(f, c)),
                "{}",
                c.name()
            );
        }
        assert!(EXIT_FACTS.windows(2).all(|w| w[0].value <= w[1].value));
    }

    #[test]
    fn names_found_in_any_case() {
        let hits: Vec<_> = by_name("error_sharing_violation").collect();
        assert!(
            hits.iter()
                .any(|c| c.table() == Table::Win32 && c.value() == 32)
        );
        assert!(by_name("STATUS_ACCESS_VIOLATION").any(|c| c.value() == 0xC000_0005));
        assert!(by_name("cor_e_exception").any(|c| c.value() == 0x8013_1500));
        assert!(by_name("NO_SUCH_NAME").next().is_none());
        assert_eq!(win32_name(2), Some("ERROR_FILE_NOT_FOUND"));
        assert_eq!(win32_name(1722), Some("RPC_S_SERVER_UNAVAILABLE"));
    }

    #[test]
    fn every_reading_of_a_value() {
        let names = |v| names_for(v).iter().map(|c| c.name()).collect::<Vec<_>>();
        assert!(names(0x8007_2EE7).contains(&"ERROR_WINHTTP_NAME_NOT_RESOLVED"));
        assert!(names(0x8007_2EE7).contains(&"ERROR_INTERNET_NAME_NOT_RESOLVED"));
        assert!(names(0xC000_0005).contains(&"STATUS_ACCESS_VIOLATION"));
        assert!(names(0xD000_0022).contains(&"STATUS_ACCESS_DENIED"));
        assert_eq!(ntstatus_reading(0x8088_002E), None);
        for v in [
            0x8007_2EE7,
            0xC000_0005,
            0xD000_0022,
            0x8013_1500,
            0x8088_002E,
        ] {
            assert_eq!(
                first_name(v).map(Code::name),
                names_for(v).first().map(|c| c.name()),
                "{v:#x}"
            );
        }
        let nt = ntstatus_reading(0xC000_013A).unwrap();
        assert_eq!((nt.severity, nt.facility, nt.code), ("error", 0, 0x13A));
    }

    #[test]
    fn meanings_are_attached() {
        let c = by_name("SEC_E_UNTRUSTED_ROOT").next().unwrap();
        assert!(c.meaning().unwrap().contains("root"));
        let meanings = CODES.iter().filter(|c| c.meaning().is_some()).count();
        assert!(meanings >= 100, "{meanings}");
    }

    #[test]
    fn search_by_substring() {
        let hits = search(&["sharing_viol"]);
        assert!(hits.iter().any(|c| c.name() == "ERROR_SHARING_VIOLATION"));
        assert!(search(&[""]).is_empty());
        assert_eq!(
            suggest("ERROR_SHARING_VIOLATON").first(),
            Some(&"ERROR_SHARING_VIOLATION")
        );
    }
}
