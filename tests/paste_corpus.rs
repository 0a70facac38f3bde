//! Explains every labelled paste in `../shared/corpus/pasted` (SDK exception
//! text, CLI and PowerShell output, logs, bodies; beside the repository, when
//! it exists) and checks the code, status, sub-status, verdict and wait
//! against its `index.tsv`, through the library and through the binary.
//!
//! The pastes are read in place and never copied into the project; nothing
//! here knows a file by name: each row is judged by the columns it fills.
//! Where the folder is absent (a plain clone), the tests say so and pass.

mod common;

use std::path::{Path, PathBuf};

use errcode_cli::explain::{Hints, explain};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pasted");
    dir.join("index.tsv").is_file().then_some(dir)
}

/// One row of `index.tsv`: what the paste must give; empty columns are not checked.
struct Row {
    file: String,
    status: Option<u16>,
    substatus: Option<u32>,
    codes: Vec<String>,
    verdict: Option<String>,
    wait_ms: Option<u64>,
}

fn rows(dir: &Path) -> Vec<Row> {
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("index.tsv is readable");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("index.tsv has a {name} column"))
    };
    let (file, status, substatus, code, verdict, wait) = (
        col("file"),
        col("status"),
        col("substatus"),
        col("code"),
        col("verdict"),
        col("wait_ms"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let get = |i: usize| c.get(i).copied().unwrap_or("").trim();
            Row {
                file: get(file).to_string(),
                status: get(status).parse().ok(),
                substatus: get(substatus).parse().ok(),
                codes: get(code)
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                verdict: Some(get(verdict).to_string()).filter(|v| !v.is_empty()),
                wait_ms: get(wait).parse().ok(),
            }
        })
        .collect()
}

#[test]
fn every_labelled_paste_is_explained_as_labelled() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus/pasted not present");
        return;
    };
    let rows = rows(&dir);
    assert!(rows.len() >= 50, "index.tsv lists {} pastes", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let bytes = std::fs::read(dir.join(&row.file)).expect("paste is readable");
        let x = explain(&bytes, &Hints::default());
        let mut why = Vec::new();
        let code = x.body.code.clone().unwrap_or_default();
        if !row.codes.is_empty() && !row.codes.contains(&code) {
            why.push(format!("code {code:?}, want {:?}", row.codes));
        }
        if row.status.is_some() && x.body.status != row.status {
            why.push(format!("status {:?}, want {:?}", x.body.status, row.status));
        }
        if row.substatus.is_some() && x.body.substatus != row.substatus {
            why.push(format!(
                "substatus {:?}, want {:?}",
                x.body.substatus, row.substatus
            ));
        }
        let verdict = x.verdict.as_ref().map(|v| v.verdict.as_str().to_string());
        if row.verdict.is_some() && verdict != row.verdict {
            why.push(format!("verdict {verdict:?}, want {:?}", row.verdict));
        }
        if row.wait_ms.is_some() && x.wait_ms != row.wait_ms {
            why.push(format!("wait {:?}, want {:?}", x.wait_ms, row.wait_ms));
        }
        if !why.is_empty() {
            failures.push(format!("{}: {}", row.file, why.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pastes wrong:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// The binary gives what the library gives: `retryable`'s exit code and
/// JSON, and `decode --json`'s code, for every paste with a verdict.
#[test]
fn the_binary_agrees_on_every_verdict() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus/pasted not present");
        return;
    };
    for row in rows(&dir).iter().filter(|r| r.verdict.is_some()) {
        let path = dir.join(&row.file);
        let (code, stdout, _) = common::errcode(
            &["retryable", "--json", path.to_str().expect("utf-8 path")],
            b"",
        );
        let json: serde_json::Value =
            serde_json::from_slice(&stdout).expect("retryable --json prints JSON");
        let want = row.verdict.as_deref().expect("filtered");
        assert_eq!(json["verdict"], want, "{}", row.file);
        assert_eq!(
            code,
            Some(if want == "retry" { 0 } else { 1 }),
            "{}",
            row.file
        );
        assert!(json["rule"].as_str().is_some_and(|r| !r.is_empty()));
        if let Some(ms) = row.wait_ms {
            assert_eq!(json["wait_ms"], ms, "{}", row.file);
        }
    }
}
