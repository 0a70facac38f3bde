//! The scanner against generated logs whose counts are known by construction
//! (`errcode_cli::scan::sample`, the generator behind `examples/gen_log.rs`).

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use errcode_cli::scan::{Confidence, ScanOptions, Scanner, Summary, sample};

fn counts(summary: &Summary) -> BTreeMap<String, u64> {
    summary
        .rows()
        .iter()
        .map(|r| (r.key.to_string(), r.count))
        .collect()
}

fn scan(scanner: &Scanner, log: &[u8]) -> (Summary, errcode_cli::scan::ScanStats) {
    let mut summary = Summary::new();
    let stats = scanner
        .scan_reader(log, |m| {
            summary.record(0, m);
            Ok(())
        })
        .unwrap();
    (summary, stats)
}

#[test]
fn a_generated_log_gives_exactly_its_known_counts() {
    let mut log = Vec::new();
    let expected = sample::write_log(2024, 3 << 20, &mut log).unwrap();
    assert!(expected.total(true) > 1000, "the sample holds codes");
    assert!(!expected.low.is_empty(), "and plain words without context");

    let scanner = Scanner::new(ScanOptions::default());
    let (summary, stats) = scan(&scanner, &log);
    assert_eq!(counts(&summary), expected.counts(false));
    assert_eq!(stats.bytes, expected.bytes);
    assert_eq!(stats.lines, expected.lines);
    assert_eq!(stats.low, expected.low.values().sum::<u64>());
    assert!(summary.rows().iter().all(|r| r.low == 0));

    let with_low = scanner.with_options(ScanOptions {
        include_low: true,
        ..ScanOptions::default()
    });
    let (summary, _) = scan(&with_low, &log);
    assert_eq!(counts(&summary), expected.counts(true));
    for row in summary.rows() {
        let key = row.key.to_string();
        assert_eq!(
            row.low,
            expected.low.get(&key).copied().unwrap_or(0),
            "{key}"
        );
    }
}

#[test]
fn the_counts_do_not_depend_on_the_chunk_size() {
    let mut log = Vec::new();
    let expected = sample::write_log(5, 400 << 10, &mut log).unwrap();
    let scanner = Scanner::new(ScanOptions::default());
    for chunk_size in [1, 4096, 1 << 20] {
        let s = scanner.with_options(ScanOptions {
            include_low: true,
            chunk_size,
        });
        let (summary, _) = scan(&s, &log);
        assert_eq!(
            counts(&summary),
            expected.counts(true),
            "chunk {chunk_size}"
        );
    }
}

#[test]
fn first_and_last_lines_are_where_the_code_is() {
    let mut log = Vec::new();
    sample::write_log(11, 200 << 10, &mut log).unwrap();
    let scanner = Scanner::new(ScanOptions::default());
    let (summary, _) = scan(&scanner, &log);
    let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
    for row in summary.rows().iter().take(20) {
        let key = row.key.to_string();
        for line in [row.first.line, row.last.line] {
            let text = String::from_utf8_lossy(lines[line as usize - 1]);
            let shown = match row.key {
                errcode_cli::scan::SummaryKey::Code(c) => text.contains(c),
                errcode_cli::scan::SummaryKey::Hresult(h) => {
                    text.to_ascii_uppercase().contains(&format!("{h:08X}"))
                        || text.contains(&(h as i32).to_string())
                }
                errcode_cli::scan::SummaryKey::CosmosStatus(s, ss) => {
                    text.contains(&s.to_string()) && text.contains(&ss.to_string())
                }
            };
            assert!(shown, "{key} not on line {line}: {text}");
        }
        assert!(row.first.line <= row.last.line);
    }
}

#[test]
fn a_log_written_to_a_file_scans_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("service.log");
    let mut file = BufWriter::new(std::fs::File::create(&path).unwrap());
    let expected = sample::write_log(3, 256 << 10, &mut file).unwrap();
    file.flush().unwrap();
    drop(file);
    let scanner = Scanner::new(ScanOptions::default());
    let mut high = 0u64;
    let stats = scanner
        .scan_reader(std::fs::File::open(&path).unwrap(), |m| {
            assert_eq!(m.confidence, Confidence::High);
            high += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(high, expected.total(false));
    assert_eq!(stats.reported, high);
    assert_eq!(stats.bytes, std::fs::metadata(&path).unwrap().len());
}
