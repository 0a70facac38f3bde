//! `errcode scan` end to end: exact counts on a generated log with known
//! contents, grep-like lines, JSON Lines, and unreadable files among others.

use std::collections::BTreeMap;
use std::io::Write;

mod common;

use common::{errcode, json_lines};
use errcode_cli::scan::sample::write_log;
use serde_json::Value;

fn counts(summary: &Value) -> BTreeMap<String, u64> {
    summary
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["match"].as_str().unwrap().to_string(),
                row["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn summary_counts_equal_what_the_generated_log_holds() {
    let mut log = tempfile::NamedTempFile::new().unwrap();
    let expected = write_log(20261121, 2 << 20, &mut log).unwrap();
    log.flush().unwrap();
    let path = log.path().to_str().unwrap();
    for (flags, include_low) in [(vec![], false), (vec!["--low"], true)] {
        let mut args = vec!["scan", "--summary", "--json", path];
        args.extend(flags.iter());
        let (code, stdout, stderr) = errcode(&args, b"");
        assert_eq!(code, Some(0), "{stderr}");
        let summary: Value = serde_json::from_slice(&stdout).unwrap();
        assert_eq!(
            counts(&summary),
            expected.counts(include_low),
            "include_low={include_low}"
        );
        let rows = summary.as_array().unwrap();
        assert!(
            rows.windows(2)
                .all(|w| w[0]["count"].as_u64() >= w[1]["count"].as_u64()),
            "sorted by count"
        );
        assert!(
            rows.iter()
                .all(|r| r["first"]["line"].as_u64() <= r["last"]["line"].as_u64())
        );
    }
    assert!(expected.total(false) > 100, "a log worth scanning");
}

#[test]
fn occurrences_as_lines_and_as_json_lines() {
    let log = b"boot\nerror code: PoolNotFound for pool p1\nhr=0x8088002E from the publishing point\nStatusCode: 410, SubStatusCode: 1002\nPoolNotFoundX is not a code\n";
    let (code, stdout, _) = errcode(&["scan"], log);
    assert_eq!(code, Some(0));
    let text = String::from_utf8(stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("(standard input):2:13: PoolNotFound  batch  404"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("0x8088002E  iis-media  404"));
    assert!(lines[2].contains("cosmos  410.1002"));

    let (_, stdout, _) = errcode(&["scan", "--json"], log);
    let rows: Vec<Value> = json_lines(&stdout);
    let got: Vec<(u64, u64, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["column"].as_u64().unwrap(),
                r["match"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got[0], (2, 13, "PoolNotFound"));
    assert_eq!(got[1].2, "0x8088002E");
    assert_eq!(
        rows[1]["entries"][0]["code"],
        "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"
    );
    assert_eq!(rows[2]["entries"][0]["code"], "PartitionKeyRangeGone");
    assert!(rows.iter().all(|r| r["file"] == "(standard input)"));
}

#[test]
fn nothing_found_exits_1_and_a_missing_file_among_several_exits_2() {
    let (code, stdout, _) = errcode(&["scan"], b"all quiet here\n");
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());

    let mut ok = tempfile::NamedTempFile::new().unwrap();
    ok.write_all(b"FABRIC_E_TIMEOUT\n").unwrap();
    let path = ok.path().to_str().unwrap();
    let (code, stdout, stderr) = errcode(&["scan", "/no/such/file.log", path], b"");
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("errcode: cannot read /no/such/file.log"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&stdout).contains("FABRIC_E_TIMEOUT"),
        "the rest is still scanned"
    );
}

#[test]
fn low_confidence_words_need_context() {
    let log = b"Unknown host\nerror code: Unknown\n";
    let (_, stdout, _) = errcode(&["scan", "--json"], log);
    let n = stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    assert_eq!(n, 1, "only the corroborated one");
    let (_, stdout, _) = errcode(&["scan", "--json", "--low"], log);
    let rows: Vec<Value> = json_lines(&stdout);
    let confidences: Vec<&str> = rows
        .iter()
        .map(|r| r["confidence"].as_str().unwrap())
        .collect();
    assert!(confidences.contains(&"low") && confidences.contains(&"high"));
}
