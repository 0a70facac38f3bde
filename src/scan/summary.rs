//! Counting matches per code: the model behind `errcode scan --summary`.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Serialize, Serializer};

use super::{Confidence, Match, MatchKind};
use crate::catalog::Entry;

/// What a summary row counts: one code, one HRESULT, one status pair,
/// however it was written (`0x8088002E` and `0x8088002e` and `-2138570706`
/// are one HRESULT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SummaryKey {
    /// A code name.
    Code(&'static str),
    /// An HRESULT value.
    Hresult(u32),
    /// A Cosmos DB (status, sub-status) pair.
    CosmosStatus(u16, u32),
}

impl SummaryKey {
    /// The kind of match it counts.
    pub fn kind(self) -> MatchKind {
        match self {
            SummaryKey::Code(_) => MatchKind::Code,
            SummaryKey::Hresult(_) => MatchKind::Hresult,
            SummaryKey::CosmosStatus(..) => MatchKind::CosmosStatus,
        }
    }

    /// The HRESULT it counts, when it counts one (to name its Windows codes).
    pub fn hresult(self) -> Option<u32> {
        match self {
            SummaryKey::Hresult(h) => Some(h),
            _ => None,
        }
    }
}

impl fmt::Display for SummaryKey {
    /// `PoolNotFound`, `0x8088002E`, `404.1002` (the notation of
    /// [`Entry::status_label`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SummaryKey::Code(c) => f.write_str(c),
            SummaryKey::Hresult(h) => write!(f, "0x{h:08X}"),
            SummaryKey::CosmosStatus(s, ss) => write!(f, "{s}.{ss}"),
        }
    }
}

impl Serialize for SummaryKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a match was: which input (an index the caller gives, e.g. into its
/// list of files) and which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// The caller's index of the input.
    pub source: usize,
    /// Line number, from 1.
    pub line: u64,
}

/// One code's occurrences.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    /// What is counted.
    pub key: SummaryKey,
    /// Every occurrence recorded.
    pub count: u64,
    /// How many of them were [`Confidence::Low`].
    pub low: u64,
    /// The first occurrence recorded.
    pub first: Position,
    /// The last occurrence recorded.
    pub last: Position,
    /// The catalog entries it names (empty for an HRESULT outside the catalog).
    pub entries: Vec<&'static Entry>,
}

/// Occurrences per code, accumulated from matches.
///
/// ```
/// use errcode_cli::scan::{ScanOptions, Scanner, Summary};
///
/// let scanner = Scanner::new(ScanOptions::default());
/// let mut summary = Summary::new();
/// let log = b"FABRIC_E_NOT_PRIMARY\nok\nFABRIC_E_NOT_PRIMARY\nFABRIC_E_TIMEOUT\n";
/// scanner
///     .scan_bytes(log, |m| {
///         summary.record(0, m);
///         Ok(())
///     })
///     .unwrap();
/// let rows = summary.rows();
/// assert_eq!(rows[0].key.to_string(), "FABRIC_E_NOT_PRIMARY");
/// assert_eq!((rows[0].count, rows[0].first.line, rows[0].last.line), (2, 1, 3));
/// assert_eq!(rows[1].key.to_string(), "FABRIC_E_TIMEOUT");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Summary {
    rows: HashMap<SummaryKey, SummaryRow, BuildHasherDefault<KeyHasher>>,
}

/// A multiply-rotate hasher (FxHash's): keys are our own, so the DoS
/// resistance of the standard SipHash buys nothing, and a summary hashes one
/// key per match.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

impl Summary {
    /// An empty summary.
    pub fn new() -> Summary {
        Summary::default()
    }

    /// Counts one match found in input `source`. Record an input's matches
    /// in order (first and last follow the order of recording).
    pub fn record(&mut self, source: usize, m: &Match) {
        let at = Position {
            source,
            line: m.line,
        };
        let low = u64::from(m.confidence == Confidence::Low);
        self.rows
            .entry(m.key())
            .and_modify(|row| {
                row.count += 1;
                row.low += low;
                row.last = at;
            })
            .or_insert_with(|| SummaryRow {
                key: m.key(),
                count: 1,
                low,
                first: at,
                last: at,
                entries: m.entries.to_vec(),
            });
    }

    /// Adds another summary's counts, taken as coming after this one's.
    pub fn merge(&mut self, other: Summary) {
        for (key, theirs) in other.rows {
            self.rows
                .entry(key)
                .and_modify(|row| {
                    row.count += theirs.count;
                    row.low += theirs.low;
                    row.last = theirs.last;
                })
                .or_insert(theirs);
        }
    }

    /// Total occurrences recorded.
    pub fn total(&self) -> u64 {
        self.rows.values().map(|r| r.count).sum()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of one key.
    pub fn get(&self, key: &SummaryKey) -> Option<&SummaryRow> {
        self.rows.get(key)
    }

    /// The rows, most frequent first; ties by kind, then code, HRESULT or pair.
    pub fn rows(&self) -> Vec<&SummaryRow> {
        let mut rows: Vec<&SummaryRow> = self.rows.values().collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        rows
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::scan::{ScanOptions, Scanner};

    fn summarise(parts: &[&[u8]]) -> Summary {
        static SCANNER: LazyLock<Scanner> = LazyLock::new(|| Scanner::new(ScanOptions::default()));
        let scanner = SCANNER.with_options(ScanOptions {
            include_low: true,
            ..ScanOptions::default()
        });
        let mut summary = Summary::new();
        for (source, part) in parts.iter().enumerate() {
            scanner
                .scan_bytes(part, |m| {
                    summary.record(source, m);
                    Ok(())
                })
                .unwrap();
        }
        summary
    }

    #[test]
    fn one_row_per_value_however_written() {
        let s = summarise(&[b"0x8088002E\n0x8088002e hr=-2138570706\nHRESULT 0X8088002E\n"]);
        let row = s.get(&SummaryKey::Hresult(0x8088_002E)).unwrap();
        assert_eq!(row.count, 4);
        assert_eq!((row.first.line, row.last.line), (1, 3));
        assert_eq!(row.entries[0].code(), "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND");
        assert_eq!(s.rows().len(), 1);
    }

    #[test]
    fn rows_sorted_by_count_then_key_and_low_counted() {
        let s = summarise(&[
            b"JobNotFound PoolNotFound\nPoolNotFound code=Unknown\n",
            b"Unknown PoolNotFound\n",
        ]);
        let rows = s.rows();
        let keys: Vec<String> = rows.iter().map(|r| r.key.to_string()).collect();
        assert_eq!(keys, ["PoolNotFound", "Unknown", "JobNotFound"]);
        let unknown = rows[1];
        assert_eq!((unknown.count, unknown.low), (2, 1));
        assert_eq!(unknown.first, Position { source: 0, line: 2 });
        assert_eq!(unknown.last, Position { source: 1, line: 1 });
        assert_eq!(s.total(), 6);
    }

    #[test]
    fn merging_adds_counts_and_keeps_the_first_first() {
        let mut a = summarise(&[b"PoolNotFound\n"]);
        let mut b = Summary::new();
        b.merge(summarise(&[
            b"\nPoolNotFound\nStatusCode: 404, SubStatusCode: 1002\n",
        ]));
        a.merge(b);
        let row = a.get(&SummaryKey::Code("PoolNotFound")).unwrap();
        assert_eq!((row.count, row.first.line, row.last.line), (2, 1, 2));
        let pair = a.get(&SummaryKey::CosmosStatus(404, 1002)).unwrap();
        assert_eq!(pair.key.to_string(), "404.1002");
        assert_eq!(pair.entries[0].code(), "ReadSessionNotAvailable");
    }
}
