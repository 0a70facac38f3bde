//! The distinct codes seen in output that is still being written, most
//! recent first: the model behind `errcode run`'s explanation.

use std::collections::HashMap;

use super::{Confidence, Match, SummaryKey};
use crate::catalog::Entry;

/// One distinct code, HRESULT or status pair, and when it was last seen.
#[derive(Debug, Clone)]
pub struct RecentRow {
    /// What was matched, as [`SummaryKey`] spells it.
    pub key: SummaryKey,
    /// How many times.
    pub count: u64,
    /// The caller's stamp of the first and the latest occurrence.
    pub first: u64,
    /// See `first`.
    pub last: u64,
    /// The caller's index of the stream it was last seen in.
    pub stream: usize,
    /// The catalog entries it names, best first.
    pub entries: Vec<&'static Entry>,
    /// Other spellings seen of the same entry (`0x80071BFF` for
    /// `FABRIC_E_TIMEOUT`), counted in this row.
    pub also: Vec<SummaryKey>,
}

impl RecentRow {
    /// Counts `other`'s occurrences in this row, keeping the earliest first
    /// and the latest last (and the stream it was in).
    fn absorb(&mut self, other: &RecentRow) {
        self.count += other.count;
        self.first = self.first.min(other.first);
        if other.last > self.last {
            self.last = other.last;
            self.stream = other.stream;
        }
    }
}

/// Distinct matches with the order they were seen in, across streams read
/// at the same time: each match is stamped by the caller (a shared counter,
/// say), so the streams' records can be merged and ordered by recency.
/// Low-confidence matches (a bare status, a name that is also a common
/// word) are left out: an explanation of them would be noise.
///
/// ```
/// use errcode_cli::scan::{Recent, ScanOptions, Scanner};
///
/// let scanner = Scanner::new(ScanOptions::default());
/// let mut recent = Recent::new();
/// let mut stamp = 0;
/// let out = b"FABRIC_E_TIMEOUT\nFABRIC_E_NOT_PRIMARY\nFABRIC_E_TIMEOUT\n";
/// scanner
///     .scan_bytes(out, |m| {
///         stamp += 1;
///         recent.record(stamp, 0, m);
///         Ok(())
///     })
///     .unwrap();
/// let rows = recent.rows();
/// assert_eq!(rows[0].key.to_string(), "FABRIC_E_TIMEOUT");
/// assert_eq!((rows[0].count, rows[0].last), (2, 3));
/// assert_eq!(rows[1].key.to_string(), "FABRIC_E_NOT_PRIMARY");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Recent {
    rows: HashMap<SummaryKey, RecentRow>,
}

impl Recent {
    /// Nothing seen yet.
    pub fn new() -> Recent {
        Recent::default()
    }

    /// Records one match, stamped `stamp` (larger is later), from stream
    /// `stream`.
    pub fn record(&mut self, stamp: u64, stream: usize, m: &Match) {
        if m.confidence == Confidence::Low {
            return;
        }
        self.rows
            .entry(m.key())
            .and_modify(|row| {
                row.count += 1;
                if stamp >= row.last {
                    row.last = stamp;
                    row.stream = stream;
                }
                row.first = row.first.min(stamp);
            })
            .or_insert_with(|| RecentRow {
                key: m.key(),
                count: 1,
                first: stamp,
                last: stamp,
                stream,
                entries: m.entries.to_vec(),
                also: Vec::new(),
            });
    }

    /// Adds another record's rows (another stream's, read at the same time).
    pub fn merge(&mut self, other: Recent) {
        for (key, theirs) in other.rows {
            match self.rows.get_mut(&key) {
                Some(row) => row.absorb(&theirs),
                None => {
                    self.rows.insert(key, theirs);
                }
            }
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, most recently seen first. A code and the HRESULT (or
    /// status pair) of the same entry are one row, under the code's name,
    /// with the other spellings in `also`: they are one error, not two.
    pub fn rows(&self) -> Vec<RecentRow> {
        let mut rows: Vec<RecentRow> = self.rows.values().cloned().collect();
        // Names first, so a merged row keeps the name as its key.
        rows.sort_by_key(|r| (r.key.kind() != super::MatchKind::Code, r.key));
        let mut merged: Vec<RecentRow> = Vec::with_capacity(rows.len());
        for row in rows {
            let same = row.entries.first().and_then(|e| {
                merged
                    .iter_mut()
                    .find(|m| m.entries.first().is_some_and(|f| std::ptr::eq(*f, *e)))
            });
            match same {
                Some(m) => {
                    m.absorb(&row);
                    m.also.push(row.key);
                }
                None => merged.push(row),
            }
        }
        merged.sort_by(|a, b| b.last.cmp(&a.last).then(a.key.cmp(&b.key)));
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{ScanOptions, Scanner};

    fn record(text: &[u8], stamps: &mut u64, stream: usize) -> Recent {
        let mut recent = Recent::new();
        Scanner::new(ScanOptions::default())
            .scan_bytes(text, |m| {
                *stamps += 1;
                recent.record(*stamps, stream, m);
                Ok(())
            })
            .unwrap();
        recent
    }

    #[test]
    fn merged_streams_keep_the_latest_occurrence() {
        let mut stamp = 0;
        let mut out = record(b"FABRIC_E_TIMEOUT then PoolNotFound\n", &mut stamp, 0);
        let err = record(b"FABRIC_E_TIMEOUT again\n", &mut stamp, 1);
        out.merge(err);
        let rows = out.rows();
        let keys: Vec<String> = rows.iter().map(|r| r.key.to_string()).collect();
        assert_eq!(keys, ["FABRIC_E_TIMEOUT", "PoolNotFound"]);
        assert_eq!((rows[0].count, rows[0].first, rows[0].last), (2, 1, 3));
        assert_eq!(rows[0].stream, 1);
        assert_eq!(rows[1].stream, 0);
    }

    #[test]
    fn a_code_and_its_hresult_are_one_row() {
        let mut stamp = 0;
        let recent = record(
            b"FABRIC_E_TIMEOUT\nPoolNotFound\nretry: 0x80071BFF\n",
            &mut stamp,
            0,
        );
        let rows = recent.rows();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].key.to_string(), "FABRIC_E_TIMEOUT");
        assert_eq!((rows[0].count, rows[0].first, rows[0].last), (2, 1, 3));
        assert_eq!(rows[0].also, [SummaryKey::Hresult(0x8007_1BFF)]);
        assert_eq!(rows[1].key.to_string(), "PoolNotFound");
    }

    #[test]
    fn low_confidence_matches_are_left_out() {
        let mut stamp = 0;
        // A bare 429 near no Cosmos DB context is a low-confidence match at best.
        let recent = record(b"took 429 ms\n", &mut stamp, 0);
        assert!(recent.is_empty());
    }
}
