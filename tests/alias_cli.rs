//! End-to-end: the names a Service Fabric .NET caller sees (`NotPrimary`,
//! `FabricNotPrimaryException`) work in `lookup`, `decode` and `scan`,
//! scoped to Service Fabric, so Batch's own `OperationTimedOut` stays
//! Batch's; entry ids in every export; `--version` says what the catalog holds.

mod common;

use common::{errcode, json_lines};
use serde_json::Value;

fn json(args: &[&str], stdin: &[u8]) -> Value {
    let (code, out, err) = errcode(args, stdin);
    assert!(matches!(code, Some(0 | 3)), "{args:?}: {code:?} {err}");
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn codes(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["service"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(s: &str, c: &str) -> (String, String) {
    (s.to_string(), c.to_string())
}

#[test]
fn lookup_finds_an_alias_in_any_case() {
    for name in [
        "NotPrimary",
        "notprimary",
        "FabricNotPrimaryException",
        "System.Fabric.FabricNotPrimaryException",
    ] {
        let v = json(&["lookup", name, "--json"], b"");
        assert_eq!(
            codes(&v),
            [pair("fabric", "FABRIC_E_NOT_PRIMARY")],
            "{name}"
        );
        let aliases = v[0]["aliases"].as_array().unwrap();
        assert!(aliases.iter().any(|a| a == "NotPrimary"));
        assert_eq!(v[0]["id"], "fabric:FABRIC_E_NOT_PRIMARY");
    }
}

#[test]
fn an_alias_that_is_another_services_code_is_scoped() {
    let v = json(&["lookup", "OperationTimedOut", "--json"], b"");
    assert_eq!(codes(&v), [pair("batch", "OperationTimedOut")]);
    let v = json(
        &[
            "lookup",
            "OperationTimedOut",
            "--service",
            "fabric",
            "--json",
        ],
        b"",
    );
    assert_eq!(codes(&v), [pair("fabric", "FABRIC_E_TIMEOUT")]);
    let v = json(
        &[
            "lookup",
            "OperationTimedOut",
            "--service",
            "batch",
            "--json",
        ],
        b"",
    );
    assert_eq!(codes(&v), [pair("batch", "OperationTimedOut")]);
    let (code, out, err) = errcode(&["lookup", "NotPrimary", "--service", "batch"], b"");
    assert_eq!(code, Some(1));
    assert!(out.is_empty());
    assert!(
        err.starts_with("errcode: no entry for \"NotPrimary\" in batch"),
        "{err}"
    );
}

#[test]
fn cards_show_the_aliases() {
    let (code, out, _) = errcode(&["lookup", "ServiceNotFound", "--color", "never"], b"");
    assert_eq!(code, Some(0));
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("FABRIC_E_SERVICE_DOES_NOT_EXIST"), "{out}");
    let also = out
        .lines()
        .find(|l| l.trim_start().starts_with("also"))
        .expect(&out);
    assert!(
        also.contains("ServiceNotFound") && also.contains("FabricServiceNotFoundException"),
        "{also}"
    );
}

#[test]
fn an_entry_id_looks_up_that_entry() {
    let v = json(&["lookup", "batch:ConditionNotMet:412", "--json"], b"");
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["status"], 412);
}

#[test]
fn decode_reads_aliases_in_a_fabric_body_only() {
    let body = br#"{"Error":{"Code":"OperationTimedOut","Message":"timed out"}}"#;
    let v = json(&["decode", "--service", "fabric", "--json", "-"], body);
    let entries = codes(&v["entries"]);
    assert_eq!(
        entries.first(),
        Some(&pair("fabric", "FABRIC_E_TIMEOUT")),
        "{v}"
    );
    let batch = br#"{"code":"OperationTimedOut","message":{"lang":"en-US","value":"x"}}"#;
    let v = json(&["decode", "--json", "-"], batch);
    assert_eq!(
        codes(&v["entries"]).first(),
        Some(&pair("batch", "OperationTimedOut")),
        "{v}"
    );
}

#[test]
fn decode_reads_a_pasted_fabric_exception() {
    let text = b"Unhandled exception. System.Fabric.FabricNotPrimaryException: Operation failed because this replica is not the primary\n   at System.Fabric.Interop.Utility.<>c__DisplayClass";
    let v = json(&["decode", "--json", "-"], text);
    assert_eq!(
        codes(&v["entries"]).first(),
        Some(&pair("fabric", "FABRIC_E_NOT_PRIMARY")),
        "{v}"
    );
}

#[test]
fn scan_reads_aliases_scoped_by_the_line() {
    let log = b"System.Fabric.FabricNotPrimaryException: not primary\n\
                fabric client: error code OperationTimedOut\n\
                batch pool resize: code OperationTimedOut\n";
    let (code, out, err) = errcode(&["scan", "--format", "jsonl", "-"], log);
    assert_eq!(code, Some(0), "{err}");
    let hits = json_lines(&out);
    let found: Vec<(u64, String)> = hits
        .iter()
        .map(|h| {
            (
                h["line"].as_u64().unwrap(),
                h["entries"][0]["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, "FABRIC_E_NOT_PRIMARY".to_string()),
            (2, "FABRIC_E_TIMEOUT".to_string()),
            (3, "OperationTimedOut".to_string())
        ],
        "{hits:?}"
    );
}

#[test]
fn exports_carry_ids_and_aliases() {
    let (code, out, _) = errcode(&["list", "--service", "batch", "--format", "csv"], b"");
    assert_eq!(code, Some(0));
    let mut csv = csv::Reader::from_reader(&out[..]);
    let header = csv.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[3], "aliases");
    let ids: Vec<String> = csv.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert!(ids.contains(&"batch:ConditionNotMet:304".to_string()));
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    let (_, out, _) = errcode(&["list", "--format", "jsonl"], b"");
    let rows = json_lines(&out);
    assert!(
        rows.iter()
            .all(|r| r["id"].is_string() && r["aliases"].is_array())
    );
}

#[test]
fn version_and_services_say_what_the_catalog_holds() {
    let (code, out, _) = errcode(&["--version"], b"");
    assert_eq!(code, Some(0));
    let out = String::from_utf8(out).unwrap();
    let total = errcode_cli::catalog::entries().len();
    assert!(out.starts_with("errcode 0.1.0; catalog: "), "{out}");
    assert!(out.contains(&format!("{total} entries")), "{out}");
    assert!(
        out.contains("fabric 264") && out.contains("newest source 2026-12-02"),
        "{out}"
    );
    let v = json(&["services", "--json"], b"");
    let fabric = &v[0];
    assert_eq!(fabric["entries"], 264);
    assert_eq!(fabric["newest_source"], "2026-12-02");
    assert!(fabric["aliases_of_entries"].as_u64().unwrap() > 200);
}
