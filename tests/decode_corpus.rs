//! Decodes every response recorded from live Azure services in
//! `../shared/corpus/recorded` (beside the repository, when it exists) and
//! checks the code and status against its `index.tsv`.
//!
//! The bodies are read in place and never copied into the project. Where the
//! folder is absent (a plain clone), the test says so and passes.

use std::path::{Path, PathBuf};

use errcode_cli::decode::{BodyFormat, decode, matching_entries};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/recorded");
    dir.join("index.tsv").is_file().then_some(dir)
}

struct Row {
    file: String,
    status: u16,
    code: Option<String>,
}

fn rows(dir: &Path) -> Vec<Row> {
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("index.tsv is readable");
    index
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Row {
                file: cols[0].to_string(),
                status: cols[1].parse().expect("http_status is a number"),
                code: Some(cols[2].to_string()).filter(|c| !c.is_empty()),
            }
        })
        .collect()
}

#[test]
fn every_recorded_response_decodes_to_its_code_and_status() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus/recorded not present");
        return;
    };
    let rows = rows(&dir);
    assert!(!rows.is_empty(), "index.tsv lists no files");
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in &rows {
        // Each body file, and the same response raw (`NNN.http`) where recorded.
        let stem = row.file.split('.').next().unwrap_or(&row.file);
        let raw = format!("{stem}.http");
        let mut files = vec![(row.file.clone(), false)];
        if row.file != raw && dir.join(&raw).is_file() {
            files.push((raw, true));
        }
        for (file, is_raw) in files {
            let bytes = std::fs::read(dir.join(&file)).expect("corpus file is readable");
            let body = decode(&bytes);
            checked += 1;
            let mut wrong = Vec::new();
            if body.code != row.code {
                wrong.push(format!("code {:?}, expected {:?}", body.code, row.code));
            }
            // A raw response always has its status; a bare body only when it carries one.
            if is_raw && body.status != Some(row.status) {
                wrong.push(format!("status {:?}, expected {}", body.status, row.status));
            }
            if !is_raw && body.status.is_some_and(|s| s != row.status) {
                wrong.push(format!(
                    "status {:?} in the body, expected {}",
                    body.status, row.status
                ));
            }
            if matches!(body.format, BodyFormat::Empty | BodyFormat::Binary) {
                wrong.push(format!("format {}", body.format));
            }
            if !body.problems.is_empty() {
                wrong.push(format!("problems {:?}", body.problems));
            }
            if !wrong.is_empty() {
                failures.push(format!("{file} ({}): {}", body.format, wrong.join("; ")));
            }
            // Matching must never fail on real input, whatever it finds.
            let _ = matching_entries(&body, None);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} files decoded wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} corpus files decoded as index.tsv says");
}
