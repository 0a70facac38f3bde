//! The schema of `data/*.json` and the checks every file must pass.
//!
//! Shared by `build.rs` (which refuses to build a catalog from bad data) and
//! by this crate's tests (which prove each check rejects what it should), so
//! the rules are written once.

use std::collections::BTreeSet;

use serde::Deserialize;

/// One service's data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Service id; must equal the file name.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Other names `--service` accepts.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Documents and tables entries come from.
    pub sources: Vec<SourceDef>,
    /// The rows.
    pub entries: Vec<EntryDef>,
}

/// A document (and table) entries come from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// Id referenced by entries.
    pub id: String,
    /// `seed` or `reference`.
    pub kind: String,
    /// File name.
    pub document: String,
    /// Title.
    pub title: String,
    /// Table within the document.
    pub table: Option<String>,
    /// `YYYY-MM-DD`: the document's own date, or for facts read from
    /// upstream repositories (whose commit dates are not recorded) the day
    /// they were read. The newest one says how current the catalog is.
    #[serde(default)]
    pub date: Option<String>,
}

/// One catalog row as written in the data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryDef {
    /// The code.
    pub code: String,
    /// HTTP status.
    pub status: Option<i64>,
    /// Cosmos DB sub-status.
    #[serde(default)]
    pub substatus: Option<i64>,
    /// `0x` + 8 hex digits.
    #[serde(default)]
    pub hresult: Option<String>,
    /// Batch category.
    #[serde(default)]
    pub category: Option<String>,
    /// The document's own wording of the status.
    #[serde(default)]
    pub reason: Option<String>,
    /// Plain-text meaning.
    pub message: String,
    /// HTTP methods (Veeam).
    #[serde(default)]
    pub methods: Vec<String>,
    /// Response body content (Veeam).
    #[serde(default)]
    pub response_body: Option<String>,
    /// Extra facts.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Other names the same error goes by within this service (Service
    /// Fabric's .NET `FabricErrorCode` member and exception type, Cosmos DB's
    /// status name): `lookup`, `decode` and `scan` read them, scoped to the
    /// service, so a name that is another service's code stays that code's.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Source id.
    pub source: String,
}

/// Plain text: not empty, trimmed, no markup or mis-decoded characters.
pub fn check_text(what: &str, s: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        return Err(format!("{what}: empty text"));
    }
    if s != s.trim() {
        return Err(format!("{what}: leading or trailing whitespace"));
    }
    for bad in ["<br", "</", "**", "\u{fffd}", "â€", "Ã"] {
        if s.contains(bad) {
            return Err(format!("{what}: contains {bad:?}"));
        }
    }
    Ok(())
}

/// Reads `0x` + exactly 8 hex digits.
pub fn parse_hresult(code: &str, s: &str) -> Result<u32, String> {
    let hex = s
        .strip_prefix("0x")
        .ok_or_else(|| format!("entry {code:?}: HRESULT {s:?} must start with 0x"))?;
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "entry {code:?}: HRESULT {s:?} is not 32-bit hex (0x + 8 digits)"
        ));
    }
    u32::from_str_radix(hex, 16).map_err(|e| format!("entry {code:?}: HRESULT {s:?}: {e}"))
}

/// Every check a data file must pass; the error names the entry.
pub fn validate(expected_id: &str, file: &ServiceFile) -> Result<(), String> {
    if file.id != expected_id {
        return Err(format!("id is {:?}, expected {expected_id:?}", file.id));
    }
    check_text("name", &file.name)?;
    let mut source_ids = BTreeSet::new();
    for s in &file.sources {
        if !source_ids.insert(s.id.as_str()) {
            return Err(format!("source {:?} defined twice", s.id));
        }
        if s.kind != "seed" && s.kind != "reference" {
            return Err(format!("source {:?}: kind must be seed or reference", s.id));
        }
        check_text(&format!("source {}", s.id), &s.title)?;
        if let Some(d) = &s.date {
            let b = d.as_bytes();
            let ok = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            if !ok {
                return Err(format!("source {:?}: date {d:?} is not YYYY-MM-DD", s.id));
            }
        }
    }
    if file.entries.is_empty() {
        return Err("no entries".into());
    }
    let mut keys = BTreeSet::new();
    for e in &file.entries {
        let what = format!("entry {:?}", e.code);
        if e.code.is_empty() || e.code.chars().any(char::is_whitespace) {
            return Err(format!("{what}: code must be non-empty without spaces"));
        }
        check_text(&format!("{what} message"), &e.message)?;
        if let Some(st) = e.status {
            if !(100..=599).contains(&st) {
                return Err(format!("{what}: status {st} outside 100..=599"));
            }
        }
        if let Some(ss) = e.substatus {
            if !(0..=i64::from(u32::MAX)).contains(&ss) {
                return Err(format!("{what}: substatus {ss} out of range"));
            }
        }
        if let Some(h) = &e.hresult {
            parse_hresult(&e.code, h)?;
        }
        if !source_ids.contains(e.source.as_str()) {
            return Err(format!("{what}: unknown source {:?}", e.source));
        }
        // One entry per (code, status, sub-status) within a source table; the same
        // name may stand in two tables (Batch's `Unknown` is both a job and a task
        // scheduling error).
        if !keys.insert((e.code.as_str(), e.status, e.substatus, e.source.as_str())) {
            return Err(format!(
                "{what}: duplicate (code, status, substatus) {:?}/{:?}/{:?} in source {:?}",
                e.code, e.status, e.substatus, e.source
            ));
        }
        for n in &e.notes {
            check_text(&format!("{what} note"), n)?;
        }
        if let Some(c) = &e.category {
            check_text(&format!("{what} category"), c)?;
        }
        if let Some(r) = &e.reason {
            check_text(&format!("{what} reason"), r)?;
        }
        for a in &e.aliases {
            if a.is_empty() || a.len() > 128 || !a.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "{what}: alias {a:?} must be 1 to 128 printable ASCII characters without spaces"
                ));
            }
            if a.eq_ignore_ascii_case(&e.code) {
                return Err(format!("{what}: alias {a:?} is the code itself"));
            }
        }
    }
    // An alias names one error: it may not also be a code of this service
    // (the code would win and the alias could never be reached), and two
    // entries may share one only when they are the same code listed twice.
    let codes: BTreeSet<String> = file
        .entries
        .iter()
        .map(|e| e.code.to_ascii_lowercase())
        .collect();
    let mut owner: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for e in &file.entries {
        for a in &e.aliases {
            let lower = a.to_ascii_lowercase();
            if codes.contains(&lower) {
                return Err(format!(
                    "entry {:?}: alias {a:?} is also a code of this service",
                    e.code
                ));
            }
            if let Some(prev) = owner.insert(lower, e.code.as_str()) {
                if prev != e.code {
                    return Err(format!(
                        "entry {:?}: alias {a:?} is also an alias of {prev:?}",
                        e.code
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(entry: &str) -> ServiceFile {
        let text = format!(
            r#"{{"id":"batch","name":"Azure Batch","sources":[{{"id":"s","kind":"seed","document":"d","title":"T","table":null}}],"entries":[{entry}]}}"#
        );
        serde_json::from_str(&text).unwrap()
    }

    const GOOD: &str =
        r#"{"code":"PoolNotFound","status":404,"message":"The pool does not exist.","source":"s"}"#;

    #[test]
    fn a_good_file_passes() {
        assert_eq!(validate("batch", &file(GOOD)), Ok(()));
    }

    #[test]
    fn each_rule_rejects_and_names_the_entry() {
        let cases = [
            (
                r#"{"code":"X","status":600,"message":"m.","source":"s"}"#,
                "status 600 outside",
            ),
            (
                r#"{"code":"X","status":99,"message":"m.","source":"s"}"#,
                "status 99 outside",
            ),
            (
                r#"{"code":"X","status":400,"hresult":"0x123","message":"m.","source":"s"}"#,
                "not 32-bit hex",
            ),
            (
                r#"{"code":"X","status":400,"hresult":"8088002E","message":"m.","source":"s"}"#,
                "must start with 0x",
            ),
            (
                r#"{"code":"X","status":400,"message":"  ","source":"s"}"#,
                "empty text",
            ),
            (
                r#"{"code":"X","status":400,"message":"a<br />b","source":"s"}"#,
                "contains \"<br\"",
            ),
            (
                r#"{"code":"X","status":400,"message":"donâ€™t","source":"s"}"#,
                "contains",
            ),
            (
                r#"{"code":"X","status":400,"message":"m.","source":"nope"}"#,
                "unknown source",
            ),
            (
                r#"{"code":"X Y","status":400,"message":"m.","source":"s"}"#,
                "without spaces",
            ),
        ];
        for (entry, want) in cases {
            let err = validate("batch", &file(entry)).unwrap_err();
            assert!(err.contains(want), "{entry}: {err}");
            assert!(err.starts_with("entry \"X"), "names the entry: {err}");
        }
    }

    #[test]
    fn duplicates_are_rejected_within_a_table_only() {
        let dup = format!("{GOOD},{GOOD}");
        assert!(
            validate("batch", &file(&dup))
                .unwrap_err()
                .contains("duplicate")
        );
        let other_status = GOOD.replace("404", "409");
        assert_eq!(
            validate("batch", &file(&format!("{GOOD},{other_status}"))),
            Ok(())
        );
    }

    #[test]
    fn aliases_must_name_one_error_of_the_service() {
        let aliased = r#"{"code":"PoolNotFound","status":404,"message":"m.","aliases":["NoPool"],"source":"s"}"#;
        assert_eq!(validate("batch", &file(aliased)), Ok(()));
        let cases = [
            (
                r#"{"code":"X","status":400,"message":"m.","aliases":["x"],"source":"s"}"#
                    .to_string(),
                "is the code itself",
            ),
            (
                r#"{"code":"X","status":400,"message":"m.","aliases":["a b"],"source":"s"}"#
                    .to_string(),
                "printable ASCII",
            ),
            (
                format!(
                    r#"{aliased},{{"code":"X","status":400,"message":"m.","aliases":["poolnotfound"],"source":"s"}}"#
                ),
                "also a code of this service",
            ),
            (
                format!(
                    r#"{aliased},{{"code":"X","status":400,"message":"m.","aliases":["NOPOOL"],"source":"s"}}"#
                ),
                "also an alias of \"PoolNotFound\"",
            ),
        ];
        for (entries, want) in cases {
            let err = validate("batch", &file(&entries)).unwrap_err();
            assert!(err.contains(want), "{entries}: {err}");
        }
    }

    #[test]
    fn the_id_must_match_the_file() {
        assert!(
            validate("cosmos", &file(GOOD))
                .unwrap_err()
                .contains("expected \"cosmos\"")
        );
    }

    #[test]
    fn the_shipped_data_is_valid() {
        for id in ["fabric", "batch", "veeam", "cosmos", "iis-media"] {
            let path = format!("{}/data/{id}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let f: ServiceFile = serde_json::from_str(&text).unwrap();
            assert_eq!(validate(id, &f), Ok(()), "{path}");
            assert!(!text.contains("TODO"), "{path} still has TODO");
        }
    }
}
