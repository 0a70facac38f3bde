//! Finds every catalog code, HRESULT and Cosmos DB status pair in a stream of
//! text (a log, CI output, a support ticket) in one pass, with flat memory.
//!
//! # What is found
//!
//! - **Code names** ([`MatchKind::Code`]): every catalog code that is not a
//!   bare number, as a whole word (`PoolNotFound`, not `PoolNotFoundX` nor
//!   `xPoolNotFound`; word characters are `[A-Za-z0-9_]`, as for `grep -w`).
//!   Matching is **case-sensitive**: codes are identifiers and services send
//!   them in one spelling, while their lower-case forms (`unknown`,
//!   `internalerror`) are mostly prose. Numeric codes (Veeam's and Cosmos DB's
//!   `404`) are never matched as names: a log is full of numbers. Statuses come
//!   only through the Cosmos DB pair rule below.
//!   Words that are only an HTTP status (`NotFound`, the internal Service
//!   Fabric code) are left to the pair rule too; a code that also names a
//!   sub-status (`TooManyRequests`, 429/3200) is still a name.
//! - **Aliases** ([`MatchKind::Code`] too, reported with the entry they
//!   name): the other names of an entry within its service
//!   ([`crate::Entry::aliases`]: `NotPrimary`, `FabricNotPrimaryException`),
//!   whole words, case-sensitive, under the same noise rule. An alias that is
//!   also another service's code (`OperationTimedOut` is Batch's code and
//!   Service Fabric's .NET name of `FABRIC_E_TIMEOUT`) is the alias only with
//!   the name of the alias's service on its line (rule 2 below), else the
//!   code. The aliases of status rows (Cosmos DB's `NotFound` for `404`) are
//!   statuses, left to the pair rule.
//! - **HRESULT literals** ([`MatchKind::Hresult`]): see [the HRESULT rule](#the-hresult-rule).
//! - **Cosmos DB status pairs** ([`MatchKind::CosmosStatus`]): a sub-status
//!   key, the word `substatus`, `substatuscode`, `sub_status` or
//!   `sub_status_code` in any case (`SubStatusCode`, `subStatusCode`,
//!   `Substatus`, `x-ms-substatus`), followed by at most four separator bytes
//!   and its number, with a status before it on the same line, at most 96 bytes back:
//!   `StatusCode: 404, SubStatusCode: 1002`, `StatusCode=404 SubStatusCode=1002`,
//!   `"statusCode":404,"subStatusCode":1002`, or the .NET SDK's
//!   `NotFound (404); Substatus: 1002`. The pair names the catalog entry with
//!   that status and sub-status; failing that (sub-status 0, or one the
//!   catalog does not list for that status) the Cosmos DB entry for the
//!   sub-status alone, then the one for the status alone. A pair that names
//!   nothing in the catalog is not reported. Both numbers must be on one line.
//! - **Cosmos DB body codes** ([`MatchKind::CosmosStatus`] too): the name of
//!   an HTTP status as the value of an error-code key (`"code":"NotFound"`,
//!   `code=Conflict`, `Code: RequestTimeout`) with that status's number on
//!   the same line within 256 bytes either side: Cosmos DB's body codes are
//!   its statuses' names, too common as words to match alone. It names the
//!   Cosmos DB entry for the status; with a sub-status key after it on the
//!   line, the pair rule reports the line instead.
//!
//! # The noise rule
//!
//! Some code names are also ordinary words in logs: a name is *plain* when it
//! is one or two capitalised words run together (`Unknown`, `ServerBusy`,
//! `InternalError`, `DiskFull`, `TaskEnded`) or is one of the few longer
//! everyday names in [`rules::PLAIN_EXTRA`] (`FileNotFound`, `IOError`,
//! `TooManyRequests`, `S_OK` ...). A plain name is [`Confidence::High`] only
//! with corroboration on its own line:
//!
//! 1. it is the value of an error-code key: right before it, past at most
//!    four bytes of `"`, `'`, `:`, `=`, `(`, `[`, `>`, space or tab, stands a
//!    word ending in `code`, `error` or `hresult`, or the word `hr` or `err`,
//!    in any case (`code: ServerBusy`, `"code":"ServerBusy"`,
//!    `x-ms-error-code: ServerBusy`, `<Code>ServerBusy</Code>`, `ErrorCode=Unknown`,
//!    `hr=S_OK`); or
//! 2. the name of a service that defines the code appears within 256 bytes
//!    either side on the same line (`fabric`, `batch`, `cosmos`, `documentdb`,
//!    `veeam`, `iis`, `smoothstreaming`, in any case):
//!    `Microsoft.Azure.Batch.BatchException: ServerBusy`.
//!
//! Otherwise it is [`Confidence::Low`]. Every other name is always `High`.
//! [`ScanOptions::include_low`] decides whether `Low` matches are reported;
//! either way they are counted in [`ScanStats::low`].
//!
//! # The HRESULT rule
//!
//! - Hex: `0x` or `0X` and **exactly eight** hex digits, any case, as a whole
//!   word (`0x8088002E`, `0X8088002e`; not `0x8088002EL`, not `0x1234`).
//!   Reported when the severity bit is set (a failure HRESULT), never
//!   otherwise: values below `0x80000000` are flags, addresses and `S_OK`'s
//!   `0x00000000`, and log lines are full of them. A failure HRESULT the
//!   catalog defines, or that has a Windows name ([`crate::windows`]: an
//!   NTSTATUS such as `0xC0000005`, `E_FAIL`, a wrapped Win32 error), is
//!   `High`; one without either is still reported (the
//!   caller can decode its facility, see [`crate::hresult::Hresult`]) with no
//!   entries, `High` when it is the value of an error-code key (as in the
//!   noise rule: `hr=0x80070005`, `HRESULT: 0x80070005`, `error 0x80070005`)
//!   and `Low` otherwise.
//! - Signed decimal (the HRESULT as a C `long`, `-2138570706`): `-` and 9 or
//!   10 digits that fit an `i32`, as a whole word, only right after a key
//!   that says it is an error: past one to four separator bytes (as in the
//!   noise rule), a word ending in `error`, `errorcode`, `error_code`,
//!   `error-code` or `hresult` (`ERROR`, `ErrorCode`, `lastError`, `HRESULT`),
//!   the word `hr` (alone, after `_` or `-`, or camel-case: `m_hr`, `lastHr`),
//!   or `error code`, in any case: `hr=-2138570706`, `HRESULT -2138570706`,
//!   `failed with error code -2147024891`. Always `High` (the key is the
//!   corroboration). Shorter negatives (`error -1`, `err=-22`) are
//!   errno-style return values and are ignored; so is a number after any
//!   other word (`offset -2138570706`).
//!
//! # How it searches
//!
//! Every match starts a word, and in one of four ways (an upper-case letter,
//! `0x`, `su`, or a digit after a `-` that does not follow a digit; see
//! `candidates.rs`), so the scan looks only at those word starts, found 64
//! bytes at a time with SSE2 on x86_64: lower-case prose, numbers and
//! punctuation are skipped without a look. A candidate word
//! is then looked up in a hash table of the code names (the whole word must be
//! a name, which is what whole-word matching means), or checked as an HRESULT
//! or a sub-status key. This replaced an Aho-Corasick automaton over the names,
//! which topped out near 500 MB/s on this kind of text: with whole-word
//! semantics a word lookup finds exactly the same matches, several times faster.
//!
//! # Streaming
//!
//! The input is read in chunks of [`ScanOptions::chunk_size`] bytes into one
//! buffer that never grows: besides the chunk it holds only the 256 bytes
//! before the unsearched part (context for the rules above) and the longest
//! code name plus 256 bytes after it (so a match that straddles two reads is
//! seen whole). Lines are counted with a vectorisable byte count, never
//! stored, so a 100 MB line scans in the same memory as a short one. The
//! rules look at fixed windows (the same line, at most 256 bytes away), so the
//! matches never depend on the chunk size or on how the reader splits its reads.
//!
//! # Example
//!
//! ```
//! use errcode_cli::scan::{Confidence, MatchKind, ScanOptions, Scanner};
//!
//! let scanner = Scanner::new(ScanOptions::default());
//! let log = b"12:00:01 ERROR pool p1: code=PoolNotFound hr=0x8088002E\n";
//! let mut found = Vec::new();
//! let stats = scanner
//!     .scan_reader(&log[..], |m| {
//!         found.push((m.line, m.column, m.text.to_string(), m.kind));
//!         Ok(())
//!     })
//!     .unwrap();
//! assert_eq!(stats.lines, 1);
//! assert_eq!(
//!     found,
//!     vec![
//!         (1, 30, "PoolNotFound".to_string(), MatchKind::Code),
//!         (1, 46, "0x8088002E".to_string(), MatchKind::Hresult),
//!     ]
//! );
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use serde::Serialize;

use crate::catalog::{self, Entry, Service};

mod candidates;
mod recent;
pub mod rules;
pub mod sample;
mod summary;

pub use recent::{Recent, RecentRow};
pub use summary::{Position, Summary, SummaryKey, SummaryRow};

/// How far either side of a match, on its line, the rules look for context.
pub const CONTEXT: usize = 256;

/// How a scan behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// Report [`Confidence::Low`] matches too (plain code names without
    /// corroboration, failure HRESULTs outside the catalog without a key).
    pub include_low: bool,
    /// Bytes read at a time. The buffer is this plus about 600 bytes and never
    /// grows. Any value works (0 counts as 1); the matches are the same for
    /// every value, only the speed differs.
    pub chunk_size: usize,
}

impl ScanOptions {
    /// The default chunk size, 1 MiB: on the 1 GB benchmark log it was 5%
    /// faster than 256 KiB and 12% faster than 64 KiB (fewer read calls), and
    /// it is still a fixed, small buffer.
    pub const DEFAULT_CHUNK: usize = 1 << 20;
}

impl Default for ScanOptions {
    /// Low-confidence matches left out, 1 MiB chunks.
    fn default() -> Self {
        ScanOptions {
            include_low: false,
            chunk_size: Self::DEFAULT_CHUNK,
        }
    }
}

/// What kind of thing a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// A catalog code name (`FABRIC_E_NOT_PRIMARY`).
    Code,
    /// An HRESULT literal (`0x8088002E`, `-2138570706`).
    Hresult,
    /// A Cosmos DB status and sub-status pair (`StatusCode: 404, SubStatusCode: 1002`).
    CosmosStatus,
}

impl MatchKind {
    /// `code`, `hresult` or `cosmos-status`, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Code => "code",
            MatchKind::Hresult => "hresult",
            MatchKind::CosmosStatus => "cosmos-status",
        }
    }
}

/// How sure the scanner is that a match is an error code and not a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A plain word without corroboration, or a failure HRESULT outside the
    /// catalog without a key (see [the noise rule](self#the-noise-rule)).
    Low,
    /// Everything else.
    High,
}

impl Confidence {
    /// `low` or `high`, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::High => "high",
        }
    }
}

/// One occurrence. It borrows from the scanner (its entries) and from the
/// scan's buffer (its text), so it lives only for the callback; copy what you keep.
#[derive(Debug, Clone)]
pub struct Match<'a> {
    /// Byte offset of the match in the input, from 0.
    pub offset: u64,
    /// Line number, from 1.
    pub line: u64,
    /// Column in bytes, from 1 (like `rg --column` and `grep -b` minus the line start).
    pub column: u64,
    /// The text matched: the code, the HRESULT literal as written, or the
    /// pair from the status key to the sub-status digits. Always ASCII.
    pub text: &'a str,
    /// What it is.
    pub kind: MatchKind,
    /// How sure the scanner is.
    pub confidence: Confidence,
    /// The catalog entries it names, in catalog order; empty for a failure
    /// HRESULT the catalog does not define.
    pub entries: &'a [&'static Entry],
    /// The HRESULT value, for [`MatchKind::Hresult`].
    pub hresult: Option<u32>,
    /// The HTTP status, for [`MatchKind::CosmosStatus`].
    pub status: Option<u16>,
    /// The sub-status, for [`MatchKind::CosmosStatus`].
    pub substatus: Option<u32>,
}

impl Match<'_> {
    /// The identity of what was found, independent of how it was written:
    /// the code, the HRESULT, or the status pair. [`Summary`] groups by it.
    pub fn key(&self) -> SummaryKey {
        match self.kind {
            MatchKind::Code => SummaryKey::Code(self.entries[0].code()),
            MatchKind::Hresult => SummaryKey::Hresult(self.hresult.unwrap_or_default()),
            MatchKind::CosmosStatus => SummaryKey::CosmosStatus(
                self.status.unwrap_or_default(),
                self.substatus.unwrap_or_default(),
            ),
        }
    }
}

/// Totals of one scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScanStats {
    /// Bytes read.
    pub bytes: u64,
    /// Lines read (a last line without a newline counts).
    pub lines: u64,
    /// Matches passed to the callback.
    pub reported: u64,
    /// Matches of [`Confidence::Low`], reported or not.
    pub low: u64,
}

#[derive(Debug)]
struct NameInfo {
    code: &'static str,
    /// Index into [`Scanner::lists`] of the entries with this code, if any.
    list: Option<u32>,
    plain: bool,
    /// Bit per [`Service`] that defines the code.
    services: u8,
    /// The entries that have this name as an alias (`NotPrimary`,
    /// `FabricNotPrimaryException`), if any.
    alias_list: Option<u32>,
    /// Bit per [`Service`] whose entries have the alias.
    alias_services: u8,
}

/// A compiled scanner: a hash table of every code name, the prefilter that
/// finds where a match may start, and the rules. Build it once (well under a millisecond) and
/// scan as many inputs as you like, from as many threads as you like; cloning
/// it, or changing its options with [`Scanner::with_options`], shares the tables.
#[derive(Clone)]
pub struct Scanner {
    opts: ScanOptions,
    compiled: Arc<Compiled>,
}

/// The part of a scanner that is built once.
struct Compiled {
    names: Vec<NameInfo>,
    table: NameTable,
    /// Entry lists that matches borrow.
    lists: Vec<Vec<&'static Entry>>,
    /// (HRESULT, list), sorted: a binary search beats hashing the key.
    by_hresult: Vec<(u32, u32)>,
    /// (status, sub-status) → list, for every entry with both.
    by_pair: HashMap<(u16, u32), u32>,
    /// Cosmos DB entries with a status and no sub-status (`404`).
    cosmos_status: HashMap<u16, u32>,
    /// Cosmos DB entries with a sub-status and no status.
    cosmos_substatus: HashMap<u32, u32>,
    markers: AhoCorasick,
    /// Service of each marker pattern.
    marker_service: Vec<Service>,
    /// The longest code name.
    max_name: usize,
}

impl fmt::Debug for Scanner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scanner")
            .field("opts", &self.opts)
            .field("names", &self.compiled.names.len())
            .finish_non_exhaustive()
    }
}

/// Code names by their bytes: open addressing over a power-of-two table kept
/// at most a quarter full. Each slot holds 16 more bits of the hash beside
/// the name's index, so a word that is no name (nearly every word that gets
/// here: `INFO`, `Request`, `GET`) is turned away by the slot alone, without
/// touching the names. Only the first and last four bytes and the length are
/// hashed, so long words cost no more than short ones.
struct NameTable {
    /// `tag << 16 | (index + 1)`; 0 is an empty slot.
    slots: Vec<u32>,
    shift: u32,
}

impl NameTable {
    fn new(names: &[NameInfo]) -> NameTable {
        assert!(names.len() < 0xffff, "name indexes fit 16 bits");
        let bits = (names.len().max(1) * 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut table = NameTable {
            slots: vec![0; 1 << bits],
            shift: 64 - bits,
        };
        let mask = table.slots.len() - 1;
        for (i, n) in names.iter().enumerate() {
            let (mut slot, tag) = table.hash(n.code.as_bytes());
            while table.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table.slots[slot] = tag << 16 | (i as u32 + 1);
        }
        table
    }

    /// The first slot to probe and the tag.
    fn hash(&self, word: &[u8]) -> (usize, u32) {
        let n = word.len();
        let key = if n >= 4 {
            let head = u32::from_le_bytes(word[..4].try_into().expect("4 bytes"));
            let tail = u32::from_le_bytes(word[n - 4..].try_into().expect("4 bytes"));
            u64::from(head) | u64::from(tail) << 32
        } else {
            word.iter().fold(0u64, |k, &b| k << 8 | u64::from(b))
        };
        let h = (key ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h >> self.shift) as usize, (h >> 16) as u32 & 0xffff)
    }

    /// The index of the name equal to `word`.
    fn get(&self, names: &[NameInfo], word: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let (mut slot, tag) = self.hash(word);
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                return None;
            }
            if entry >> 16 == tag {
                let i = (entry & 0xffff) as usize - 1;
                if names[i].code.as_bytes() == word {
                    return Some(i);
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}

fn service_bit(s: Service) -> u8 {
    1 << (s as u8)
}

impl Scanner {
    /// Builds the automaton from the embedded catalog.
    pub fn new(opts: ScanOptions) -> Scanner {
        let mut lists: Vec<Vec<&'static Entry>> = Vec::new();
        let mut names: Vec<NameInfo> = Vec::new();
        let mut name_index: HashMap<&'static str, usize> = HashMap::new();
        let statuses = rules::status_words();
        let mut name_of = |name: &'static str, names: &mut Vec<NameInfo>| -> usize {
            *name_index.entry(name).or_insert_with(|| {
                names.push(NameInfo {
                    code: name,
                    list: None,
                    plain: rules::is_plain_name(name),
                    services: 0,
                    alias_list: None,
                    alias_services: 0,
                });
                names.len() - 1
            })
        };
        for e in catalog::entries() {
            if e.code().bytes().all(|b| b.is_ascii_digit())
                || rules::is_status_word(&statuses, e.code())
            {
                continue;
            }
            let i = name_of(e.code(), &mut names);
            let list = *names[i].list.get_or_insert_with(|| {
                lists.push(Vec::new());
                (lists.len() - 1) as u32
            });
            lists[list as usize].push(e);
            names[i].services |= service_bit(e.service);
        }
        // Aliases are names too, but scoped: see `recognise`. The aliases of
        // a status row (Cosmos DB's `NotFound`, `RequestEntityTooLarge` for
        // `404`, `413`) are statuses, left to the pair rule.
        for e in catalog::entries() {
            if e.code().bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            for alias in e.aliases() {
                if statuses.contains(alias.to_ascii_lowercase().as_str()) {
                    continue;
                }
                let i = name_of(alias, &mut names);
                let list = *names[i].alias_list.get_or_insert_with(|| {
                    lists.push(Vec::new());
                    (lists.len() - 1) as u32
                });
                lists[list as usize].push(e);
                names[i].alias_services |= service_bit(e.service);
            }
        }
        let mut group = |key_of: &dyn Fn(&Entry) -> Option<u64>| -> HashMap<u64, u32> {
            let mut map: HashMap<u64, u32> = HashMap::new();
            for e in catalog::entries() {
                if let Some(k) = key_of(e) {
                    let list = *map.entry(k).or_insert_with(|| {
                        lists.push(Vec::new());
                        (lists.len() - 1) as u32
                    });
                    lists[list as usize].push(e);
                }
            }
            map
        };
        let by_hresult = group(&|e| e.hresult.map(u64::from));
        let by_pair = group(&|e| Some((u64::from(e.status?) << 32) | u64::from(e.substatus?)));
        let cosmos_status = group(&|e| {
            (e.service == Service::Cosmos && e.substatus.is_none()).then_some(u64::from(e.status?))
        });
        let cosmos_substatus = group(&|e| {
            (e.service == Service::Cosmos && e.status.is_none()).then_some(u64::from(e.substatus?))
        });

        let table = NameTable::new(&names);
        let max_name = names.iter().map(|n| n.code.len()).max().unwrap_or(0);

        let mut marker_patterns = Vec::new();
        let mut marker_service = Vec::new();
        for s in Service::all() {
            for m in rules::service_markers(s) {
                marker_patterns.push(*m);
                marker_service.push(s);
            }
        }
        let markers = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&marker_patterns)
            .expect("service markers build an automaton");

        let narrow = |m: HashMap<u64, u32>| m.into_iter().map(|(k, v)| (k as u32, v)).collect();
        let compiled = Compiled {
            names,
            table,
            lists,
            by_hresult: {
                let mut v: Vec<(u32, u32)> =
                    by_hresult.into_iter().map(|(k, v)| (k as u32, v)).collect();
                v.sort_unstable();
                v
            },
            by_pair: by_pair
                .into_iter()
                .map(|(k, v)| (((k >> 32) as u16, k as u32), v))
                .collect(),
            cosmos_status: cosmos_status
                .into_iter()
                .map(|(k, v)| (k as u16, v))
                .collect(),
            cosmos_substatus: narrow(cosmos_substatus),
            markers,
            marker_service,
            max_name,
        };
        Scanner {
            opts,
            compiled: Arc::new(compiled),
        }
    }

    /// The same scanner with other options; the automaton is shared, not rebuilt.
    pub fn with_options(&self, opts: ScanOptions) -> Scanner {
        Scanner {
            opts,
            compiled: Arc::clone(&self.compiled),
        }
    }

    /// Its options.
    pub fn options(&self) -> ScanOptions {
        self.opts
    }

    /// Every code name it matches (the catalog's non-numeric codes), in
    /// catalog order: what `rg -F -w -f names.txt` would be given.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.compiled
            .names
            .iter()
            .filter(|n| n.list.is_some())
            .map(|n| n.code)
    }

    /// Every alias it matches (`NotPrimary`, `FabricNotPrimaryException`).
    pub fn aliases(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.compiled
            .names
            .iter()
            .filter(|n| n.alias_list.is_some())
            .map(|n| n.code)
    }

    /// Whether a code name counts as plain under [the noise rule](self#the-noise-rule).
    pub fn is_plain(&self, code: &str) -> bool {
        self.compiled
            .names
            .iter()
            .any(|n| n.code == code && n.plain)
    }

    /// Scans a whole in-memory input. Same matches as [`Scanner::scan_reader`].
    pub fn scan_bytes(
        &self,
        input: &[u8],
        on_match: impl FnMut(&Match) -> io::Result<()>,
    ) -> io::Result<ScanStats> {
        self.scan_reader(input, on_match)
    }

    /// Scans everything `reader` yields, calling `on_match` for each match in
    /// input order (a Cosmos DB pair is reported when its sub-status is
    /// reached, at the position of its status). An error from `on_match`
    /// (a closed pipe) stops the scan and is returned; so is a read error.
    /// Reads interrupted by a signal are retried.
    pub fn scan_reader<R: Read>(
        &self,
        mut reader: R,
        mut on_match: impl FnMut(&Match) -> io::Result<()>,
    ) -> io::Result<ScanStats> {
        let chunk = self.opts.chunk_size.max(1);
        let keep_before = CONTEXT.max(rules::COSMOS_LOOKBACK);
        let keep_after = self.compiled.max_name + CONTEXT + 1;
        let mut buf = vec![0u8; keep_before + keep_after + chunk];
        let mut state = State::default();
        let mut filled = 0usize;
        let mut pos = 0usize;
        let mut eof = false;
        while !eof {
            if buf.len() - filled < chunk {
                // Keep what the rules may look back at; drop the rest, once
                // its newlines are counted.
                state.count_lines_to(&buf[..filled], pos);
                let keep = pos.saturating_sub(keep_before);
                buf.copy_within(keep..filled, 0);
                state.base += keep as u64;
                filled -= keep;
                pos -= keep;
                state.counted -= keep;
            }
            let n = loop {
                match reader.read(&mut buf[filled..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            filled += n;
            state.stats.bytes += n as u64;
            eof = n == 0;
            // Everything up to `safe` can be decided now: a match starting
            // there is whole and has its context, either because the longest
            // pattern and the context window fit before `filled`, or because
            // its line ends before `filled` (nothing the rules read crosses a
            // newline).
            let safe = if eof {
                filled
            } else {
                let by_length = filled.saturating_sub(keep_after);
                let by_line = memchr::memrchr(b'\n', &buf[pos..filled]).map_or(0, |i| pos + i + 1);
                by_length.max(by_line)
            };
            if safe > pos {
                pos = self.compiled.search(
                    self.opts,
                    &buf[..filled],
                    pos,
                    safe,
                    &mut state,
                    &mut on_match,
                )?;
            }
        }
        state.count_lines_to(&buf[..filled], filled);
        let mut stats = state.stats;
        stats.lines = state.newlines + u64::from(filled > 0 && buf[filled - 1] != b'\n');
        Ok(stats)
    }
}

impl Compiled {
    /// Finds every match starting in `from..safe` of `hay`; returns where the
    /// next search must start (past the last match, at least `safe`).
    fn search(
        &self,
        opts: ScanOptions,
        hay: &[u8],
        from: usize,
        safe: usize,
        state: &mut State,
        on_match: &mut impl FnMut(&Match) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mut resume = from;
        let mut p = from;
        while p < safe {
            let block = candidates::candidates(hay, p, safe);
            let mut mask = block.candidates;
            while mask != 0 {
                let k = mask.trailing_zeros();
                mask &= mask - 1;
                let start = p + k as usize;
                if start < resume {
                    continue;
                }
                // The word ends at the first non-word byte; when the block
                // does not show it, look byte by byte.
                let rest = !block.words >> k;
                let end = if rest != 0 && k + rest.trailing_zeros() < block.len as u32 {
                    start + rest.trailing_zeros() as usize
                } else {
                    rules::word_end(hay, start, self.max_name + 1)
                };
                let Some(found) =
                    self.recognise(hay, start, end.min(start + self.max_name + 1), state)
                else {
                    continue;
                };
                resume = found.resume;
                if found.confidence == Confidence::Low {
                    state.stats.low += 1;
                    if !opts.include_low {
                        continue;
                    }
                }
                self.report(hay, &found, state, on_match)?;
            }
            p += block.len;
        }
        Ok(resume.max(safe))
    }

    fn report(
        &self,
        hay: &[u8],
        found: &Found,
        state: &mut State,
        on_match: &mut impl FnMut(&Match) -> io::Result<()>,
    ) -> io::Result<()> {
        state.count_lines_to(hay, found.start);
        let offset = state.base + found.start as u64;
        let text = match found.code {
            Some(code) => code,
            None => std::str::from_utf8(&hay[found.start..found.end])
                .expect("the rules only accept ASCII matches"),
        };
        let hit = Match {
            offset,
            line: state.newlines + 1,
            column: offset - state.line_start + 1,
            text,
            kind: found.kind,
            confidence: found.confidence,
            entries: found.list.map_or(&[][..], |l| &self.lists[l as usize]),
            hresult: found.hresult,
            status: found.status,
            substatus: found.substatus,
        };
        state.stats.reported += 1;
        on_match(&hit)
    }

    /// Applies the rules to the word `hay[start..end]`, a candidate (`end`
    /// is capped: a word longer than the longest name is no name).
    fn recognise(&self, hay: &[u8], start: usize, end: usize, state: &mut State) -> Option<Found> {
        let word = &hay[start..end];
        let first = word[0];
        if first.is_ascii_uppercase() {
            if let Some(i) = self.table.get(&self.names, word) {
                let name = &self.names[i];
                // An alias that is also another service's code
                // (`OperationTimedOut`) is the alias only beside a name of
                // the alias's service; a name that is only an alias is
                // scanned like a code of its service.
                let (list, services) = match (name.list, name.alias_list) {
                    (Some(_), Some(alias))
                        if self.service_near(hay, start, end, name.alias_services) =>
                    {
                        (alias, name.alias_services)
                    }
                    (Some(list), _) => (list, name.services),
                    (None, Some(alias)) => (alias, name.alias_services),
                    (None, None) => return None,
                };
                let confidence = if !name.plain || self.corroborated(hay, start, end, services) {
                    Confidence::High
                } else {
                    Confidence::Low
                };
                let mut f = Found::new(MatchKind::Code, start, end, confidence, Some(list));
                f.code = Some(name.code);
                return Some(f);
            }
            if let Some(found) = self.cosmos_code(hay, start, end) {
                return Some(found);
            }
        }
        if first == b'0' && (10..=12).contains(&word.len()) {
            if let Some(found) = self.hex(hay, start) {
                return Some(found);
            }
        }
        let prev = start.checked_sub(1).map(|i| hay[i]);
        if first.is_ascii_digit() && prev == Some(b'-') {
            if !(9..=10).contains(&word.len()) {
                return None;
            }
            let lo = line_floor(hay, start);
            let (dash, value) = rules::decimal_hresult(hay, lo, start, end)?;
            return Some(self.hresult_found(dash, end, value));
        }
        if first.is_ascii_digit() && matches!(prev, Some(b'/' | b'.')) {
            return self.slash_pair(hay, start, end, state);
        }
        if word.len() == 8 || word.len() == 10 && first.is_ascii_digit() {
            let lo = line_floor(hay, start);
            if let Some(value) = rules::bare_hresult(hay, lo, start, end) {
                return Some(self.hresult_found(start, end, value));
            }
        }
        if first | 0x20 == b's' {
            if let Some(len) = crate::status_text::substatus_key(hay, start) {
                return self.cosmos(hay, start, start + len, state);
            }
        }
        None
    }

    /// An HRESULT its key vouches for: always `High`.
    fn hresult_found(&self, start: usize, end: usize, value: u32) -> Found {
        let list = self.hresult_list(value);
        let mut f = Found::new(MatchKind::Hresult, start, end, Confidence::High, list);
        f.hresult = Some(value);
        f
    }

    /// A Cosmos DB pair written `404/1002` or `449.5352`, found at its
    /// sub-status (`start..end`): three digits of an error status before the
    /// `/` or `.`, no word or number before them, and a pair the catalog lists.
    fn slash_pair(&self, hay: &[u8], start: usize, end: usize, state: &mut State) -> Option<Found> {
        let at = start.checked_sub(4)?;
        let digits = &hay[at..start - 1];
        if !digits.iter().all(u8::is_ascii_digit)
            || at
                .checked_sub(1)
                .is_some_and(|i| rules::is_word(hay[i]) || matches!(hay[i], b'.' | b'/' | b'-'))
            || end - start > 10
        {
            return None;
        }
        let status: u16 = std::str::from_utf8(digits).ok()?.parse().ok()?;
        let substatus: u32 = std::str::from_utf8(&hay[start..end]).ok()?.parse().ok()?;
        if !(400..=599).contains(&status) {
            return None;
        }
        let list = *self.by_pair.get(&(status, substatus))?;
        let status_at = state.base + at as u64;
        if state.last_status.is_some_and(|last| last >= status_at) {
            return None;
        }
        state.last_status = Some(status_at);
        let mut f = Found::new(
            MatchKind::CosmosStatus,
            at,
            end,
            Confidence::High,
            Some(list),
        );
        f.status = Some(status);
        f.substatus = Some(substatus);
        Some(f)
    }

    /// A Cosmos DB body code (`"code":"NotFound"`, `code=Conflict`): the
    /// name of an HTTP status as an error-code key's value, with that
    /// status's number on the same line within [`CONTEXT`] bytes either side
    /// and no sub-status key after it (the pair rule reports those).
    fn cosmos_code(&self, hay: &[u8], start: usize, end: usize) -> Option<Found> {
        if end - start < 4 || end - start > 40 {
            return None;
        }
        let lo = line_floor(hay, start);
        if !rules::key_before(hay, lo, start) {
            return None;
        }
        let status = crate::http::status_for_name(std::str::from_utf8(&hay[start..end]).ok()?)?;
        if !(400..=599).contains(&status) {
            return None;
        }
        let list = *self.cosmos_status.get(&status)?;
        let hi = (end + CONTEXT).min(hay.len());
        let hi = end + memchr::memchr(b'\n', &hay[end..hi]).unwrap_or(hi - end);
        let window = &hay[lo.max(start.saturating_sub(CONTEXT))..hi];
        let digits = status.to_string();
        let nearby = memchr::memmem::find_iter(window, digits.as_bytes()).any(|at| {
            let before = at.checked_sub(1).map(|i| window[i]);
            let after = window.get(at + 3).copied();
            !before.is_some_and(|b| rules::is_word(b) || b == b'.')
                && !after.is_some_and(|b| rules::is_word(b) || b == b'.')
        });
        let after = &hay[end..hi];
        let substatus_after = (0..after.len()).any(|i| {
            after[i] | 0x20 == b's' && crate::status_text::substatus_key(after, i).is_some()
        });
        if !nearby || substatus_after {
            return None;
        }
        let mut f = Found::new(
            MatchKind::CosmosStatus,
            start,
            end,
            Confidence::High,
            Some(list),
        );
        f.status = Some(status);
        Some(f)
    }

    /// A hex HRESULT at `start` (see [the HRESULT rule](self#the-hresult-rule)).
    fn hex(&self, hay: &[u8], start: usize) -> Option<Found> {
        let (end, value) = rules::hex_hresult(hay, start)?;
        if value & 0x8000_0000 == 0 {
            return None;
        }
        let list = self.hresult_list(value);
        // A value with a Windows name (an NTSTATUS crash code, a Win32 error
        // wrapped in an HRESULT) is as sure a match as a catalog one.
        let confidence = if list.is_some()
            || crate::windows::first_name(value).is_some()
            || rules::key_before(hay, line_floor(hay, start), start)
        {
            Confidence::High
        } else {
            Confidence::Low
        };
        let mut f = Found::new(MatchKind::Hresult, start, end, confidence, list);
        f.hresult = Some(value);
        Some(f)
    }

    /// A Cosmos DB pair around the sub-status key `hay[key..key_end]`.
    fn cosmos(&self, hay: &[u8], key: usize, key_end: usize, state: &mut State) -> Option<Found> {
        let lo = line_floor(hay, key);
        let pair = rules::cosmos_pair(hay, lo, key, key_end)?;
        let status_at = state.base + pair.status_at as u64;
        if state.last_status.is_some_and(|last| last >= status_at) {
            // `SubStatusCode: 1002, substatus=1002`: one status, one pair.
            return None;
        }
        let list = self.cosmos_list(pair.status, pair.substatus)?;
        state.last_status = Some(status_at);
        let mut f = Found::new(
            MatchKind::CosmosStatus,
            pair.start,
            pair.end,
            Confidence::High,
            Some(list),
        );
        f.status = Some(pair.status);
        f.substatus = Some(pair.substatus);
        Some(f)
    }

    fn hresult_list(&self, value: u32) -> Option<u32> {
        self.by_hresult
            .binary_search_by_key(&value, |&(h, _)| h)
            .ok()
            .map(|i| self.by_hresult[i].1)
    }

    /// The entries a Cosmos DB pair names (see [the module docs](self)).
    fn cosmos_list(&self, status: u16, substatus: u32) -> Option<u32> {
        self.by_pair
            .get(&(status, substatus))
            .or_else(|| {
                if substatus == 0 {
                    self.cosmos_status.get(&status)
                } else {
                    None
                }
            })
            .or_else(|| self.cosmos_substatus.get(&substatus))
            .or_else(|| self.cosmos_status.get(&status))
            .copied()
    }

    /// Rule 1 or 2 of [the noise rule](self#the-noise-rule) for a plain name.
    fn corroborated(&self, hay: &[u8], start: usize, end: usize, services: u8) -> bool {
        let lo = line_floor(hay, start);
        rules::key_before(hay, lo, start) || self.service_near(hay, start, end, services)
    }

    /// Whether the name of one of `services` stands within [`CONTEXT`] bytes
    /// of `hay[start..end]`, on its line.
    fn service_near(&self, hay: &[u8], start: usize, end: usize, services: u8) -> bool {
        let lo = line_floor(hay, start);
        let before = &hay[lo.max(start.saturating_sub(CONTEXT))..start];
        let after_end = (end + CONTEXT).min(hay.len());
        let after = &hay[end..after_end];
        let after = &after[..memchr::memchr(b'\n', after).unwrap_or(after.len())];
        [before, after].iter().any(|side| {
            self.markers
                .find_iter(*side)
                .any(|m| services & service_bit(self.marker_service[m.pattern().as_usize()]) != 0)
        })
    }
}

/// A recognised match, before it is counted and reported.
struct Found {
    kind: MatchKind,
    start: usize,
    end: usize,
    /// Where searching goes on (past anything the rule consumed).
    resume: usize,
    confidence: Confidence,
    list: Option<u32>,
    /// The catalog's spelling of a code name (the same bytes as the match).
    code: Option<&'static str>,
    hresult: Option<u32>,
    status: Option<u16>,
    substatus: Option<u32>,
}

impl Found {
    fn new(
        kind: MatchKind,
        start: usize,
        end: usize,
        confidence: Confidence,
        list: Option<u32>,
    ) -> Found {
        Found {
            kind,
            start,
            end,
            resume: end,
            confidence,
            list,
            code: None,
            hresult: None,
            status: None,
            substatus: None,
        }
    }
}

/// Where a scan is, in absolute terms (the buffer slides under it).
#[derive(Default)]
struct State {
    /// Input offset of `buf[0]`.
    base: u64,
    /// Newlines are counted in `buf[..counted]`.
    counted: usize,
    newlines: u64,
    /// Input offset where the line holding `counted` starts.
    line_start: u64,
    /// Input offset of the last status a Cosmos DB pair used.
    last_status: Option<u64>,
    stats: ScanStats,
}

impl State {
    /// Counts the newlines up to `to` (at or after the last count).
    fn count_lines_to(&mut self, hay: &[u8], to: usize) {
        if to <= self.counted {
            return;
        }
        let seg = &hay[self.counted..to];
        let n = count_newlines(seg);
        if n > 0 {
            let last = memchr::memrchr(b'\n', seg).expect("counted a newline");
            self.line_start = self.base + (self.counted + last + 1) as u64;
            self.newlines += n;
        }
        self.counted = to;
    }
}

/// The first byte of `hay` the rules may read for a match at `at`: the
/// start of its line, or [`CONTEXT`] bytes back if the line began earlier
/// (the buffer always keeps that much before the unsearched part, so the
/// answer does not depend on where reads ended).
fn line_floor(hay: &[u8], at: usize) -> usize {
    let lo = at.saturating_sub(CONTEXT);
    memchr::memrchr(b'\n', &hay[lo..at]).map_or(lo, |i| lo + i + 1)
}

/// Counts `\n` bytes. Written so that the compiler vectorises it: a byte
/// counter per lane that cannot overflow within a block of 255.
fn count_newlines(bytes: &[u8]) -> u64 {
    bytes
        .chunks(255)
        .map(|block| {
            u64::from(
                block
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n'))),
            )
        })
        .sum()
}

#[cfg(test)]
mod tests;
