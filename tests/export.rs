//! `list --format csv` and `--format jsonl` export the whole catalog for log
//! platforms; they must carry exactly what `list --json` carries.

use assert_cmd::Command;
use serde_json::Value;

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("errcode")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("unexpected scalar {other}"),
    }
}

#[test]
fn csv_round_trips_every_entry_of_list_json() {
    let json: Vec<Value> = serde_json::from_slice(&run(&["list", "--json"])).unwrap();
    let csv_out = run(&["list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(&csv_out[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    assert!(json.len() > 800, "the whole catalog, not a sample");
    for (row, entry) in rows.iter().zip(&json) {
        let field = |name: &str| -> &str {
            let i = header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no column {name}"));
            &row[i]
        };
        for scalar in [
            "service",
            "code",
            "status",
            "substatus",
            "reason",
            "hresult",
            "category",
            "message",
            "response_body",
            "source",
            "origin",
        ] {
            assert_eq!(
                field(scalar),
                text(&entry[scalar]),
                "{scalar} of {}",
                entry["code"]
            );
        }
        let methods: Vec<String> = entry["methods"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect();
        assert_eq!(field("methods"), methods.join(";"));
        let notes: Vec<String> = entry["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect();
        assert_eq!(field("notes"), notes.join("\n"));
        assert_eq!(field("retry_verdict"), text(&entry["retry"]["verdict"]));
        assert_eq!(field("retry_reason"), text(&entry["retry"]["reason"]));
    }
}

#[test]
fn jsonl_is_one_list_json_object_per_line() {
    let json: Vec<Value> =
        serde_json::from_slice(&run(&["list", "--service", "batch", "--json"])).unwrap();
    let lines = run(&["list", "--service", "batch", "--format", "jsonl"]);
    let parsed: Vec<Value> = lines
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(parsed, json);
}

#[test]
fn csv_is_refused_where_there_is_no_entry_list() {
    let out = Command::cargo_bin("errcode")
        .unwrap()
        .args(["hresult", "0x8088002E", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("errcode: "));
}
