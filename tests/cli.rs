//! End-to-end: the `errcode` binary run as a user or a script runs it, with
//! exit codes, stdout and stderr checked. JSON is always decoded and checked
//! field by field, never compared as text.

use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use errcode_cli::catalog::{self, Service};
use serde_json::Value;

/// What a run left behind.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The stdout decoded as JSON.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// The stdout decoded as a JSON array.
    fn array(&self) -> Vec<Value> {
        match self.json() {
            Value::Array(items) => items,
            other => panic!("expected a JSON array, got {other}"),
        }
    }

    /// Asserts the exit code, showing the whole run when it differs.
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code; run: {self:#?}");
        self
    }

    /// Asserts a usage or input error: exit 2, nothing on stdout, one line
    /// on stderr starting `errcode: `.
    fn expect_input_error(&self) {
        self.expect_code(2);
        assert_eq!(self.stdout, "", "stdout of an error: {self:#?}");
        assert!(
            self.stderr.starts_with("errcode: "),
            "stderr must start with `errcode: `: {self:#?}"
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "one line on stderr: {self:#?}"
        );
    }
}

/// Runs `errcode ARGS` with NO_COLOR unset (the caller's environment must not
/// decide the outcome).
fn errcode(args: &[&str]) -> Run {
    errcode_env(args, &[])
}

fn errcode_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::cargo_bin("errcode")
        .unwrap()
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR")
        // COLUMNS would fit the tables to a width (tests/narrow.rs covers it).
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("errcode exited (not killed)"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn codes(items: &[Value]) -> Vec<&str> {
    items.iter().map(|e| e["code"].as_str().unwrap()).collect()
}

fn has_ansi(s: &str) -> bool {
    s.contains("\x1b[")
}

const SERVICE_IDS: [&str; 5] = ["fabric", "batch", "veeam", "cosmos", "iis-media"];

/// The JSON contract of one entry (README): every field present with its type.
fn check_entry_schema(e: &Value) {
    let o = e
        .as_object()
        .unwrap_or_else(|| panic!("entry is not an object: {e}"));
    for key in [
        "service",
        "code",
        "status",
        "substatus",
        "reason",
        "hresult",
        "category",
        "message",
        "source",
        "origin",
    ] {
        assert!(o.contains_key(key), "entry lacks {key:?}: {e}");
    }
    let service = o["service"].as_str().expect("service is a string");
    assert!(SERVICE_IDS.contains(&service), "service {service:?}");
    assert!(o["code"].as_str().is_some_and(|c| !c.is_empty()), "{e}");
    match &o["status"] {
        Value::Null => {}
        Value::Number(n) => assert!(
            n.as_u64().is_some_and(|s| (100..=599).contains(&s)),
            "status {n}"
        ),
        other => panic!("status must be a number or null: {other}"),
    }
    assert!(
        o["substatus"].is_null() || o["substatus"].is_u64(),
        "substatus: {e}"
    );
    assert!(
        o["reason"].is_null() || o["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "reason: {e}"
    );
    match &o["hresult"] {
        Value::Null => {}
        Value::String(h) => assert!(
            h.len() == 10
                && h.starts_with("0x")
                && h[2..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
            "hresult must look like 0x8088002E: {h:?}"
        ),
        other => panic!("hresult must be a string or null: {other}"),
    }
    assert!(
        o["category"].is_null() || o["category"].is_string(),
        "category: {e}"
    );
    assert!(o["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    assert!(o["source"].as_str().is_some_and(|s| !s.is_empty()), "{e}");
    assert!(
        matches!(o["origin"].as_str(), Some("seed" | "reference")),
        "origin: {e}"
    );
}

// ---------------------------------------------------------------------------
// lookup

#[test]
fn lookup_prints_a_card() {
    let r = errcode(&["lookup", "FABRIC_E_NOT_PRIMARY"]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
    for want in [
        "FABRIC_E_NOT_PRIMARY",
        "503",
        "Service Unavailable",
        "0x80071BC6",
        "000_648609ad5151b685.txt",
    ] {
        assert!(
            r.stdout.contains(want),
            "card lacks {want:?}:\n{}",
            r.stdout
        );
    }
    assert!(!has_ansi(&r.stdout), "no colour into a pipe:\n{}", r.stdout);
}

#[test]
fn lookup_ignores_case() {
    for (typed, code) in [
        ("fabric_e_not_primary", "FABRIC_E_NOT_PRIMARY"),
        ("Fabric_E_Not_Primary", "FABRIC_E_NOT_PRIMARY"),
        ("poolnotfound", "PoolNotFound"),
        ("POOLNOTFOUND", "PoolNotFound"),
        (
            "mpe_mgmt_publishing_point_not_found",
            "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND",
        ),
    ] {
        let r = errcode(&["lookup", typed, "--json"]);
        r.expect_code(0);
        assert_eq!(codes(&r.array()), [code], "lookup {typed}");
    }
}

#[test]
fn lookup_several_codes_in_the_order_given() {
    let r = errcode(&[
        "lookup",
        "PoolNotFound",
        "FABRIC_E_NOT_PRIMARY",
        "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND",
        "--json",
    ]);
    r.expect_code(0);
    let items = r.array();
    assert_eq!(
        codes(&items),
        [
            "PoolNotFound",
            "FABRIC_E_NOT_PRIMARY",
            "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"
        ]
    );
    let services: Vec<&str> = items
        .iter()
        .map(|e| e["service"].as_str().unwrap())
        .collect();
    assert_eq!(services, ["batch", "fabric", "iis-media"]);

    // Cards for people: one per entry.
    let r = errcode(&["lookup", "PoolNotFound", "FABRIC_E_NOT_PRIMARY"]);
    r.expect_code(0);
    assert!(r.stdout.contains("PoolNotFound") && r.stdout.contains("FABRIC_E_NOT_PRIMARY"));
}

#[test]
fn lookup_keeps_every_meaning_of_a_name() {
    let r = errcode(&["lookup", "ConditionNotMet", "--json"]);
    r.expect_code(0);
    let statuses: Vec<u64> = r
        .array()
        .iter()
        .map(|e| e["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [304, 412]);
}

#[test]
fn service_narrows_a_lookup() {
    let all = errcode(&["lookup", "404", "--json"]);
    all.expect_code(0);
    let all = all.array();
    let services: Vec<&str> = all.iter().map(|e| e["service"].as_str().unwrap()).collect();
    assert!(
        services.contains(&"veeam") && services.contains(&"cosmos"),
        "{services:?}"
    );

    for spelling in ["cosmos", "COSMOS", "Azure Cosmos DB"] {
        let r = errcode(&["lookup", "404", "--service", spelling, "--json"]);
        r.expect_code(0);
        let narrowed = r.array();
        assert!(!narrowed.is_empty(), "--service {spelling}");
        assert!(
            narrowed.iter().all(|e| e["service"] == "cosmos"),
            "--service {spelling}: {narrowed:?}"
        );
        assert!(narrowed.iter().all(|e| all.contains(e)), "a subset");
        assert!(narrowed.len() < all.len());
    }

    // Narrowed to a service that lacks the code: nothing found.
    let r = errcode(&["lookup", "PoolNotFound", "--service", "fabric"]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
}

#[test]
fn unknown_code_suggests_and_exits_1() {
    let r = errcode(&["lookup", "FABRIC_E_NOT_PRIMRY"]);
    r.expect_code(1);
    assert_eq!(r.stdout, "", "nothing on stdout");
    assert!(r.stderr.starts_with("errcode: "), "{r:#?}");
    assert!(r.stderr.contains("did you mean"), "{r:#?}");
    assert!(r.stderr.contains("FABRIC_E_NOT_PRIMARY"), "{r:#?}");

    let r = errcode(&["lookup", "PoolNotFond", "--json"]);
    r.expect_code(1);
    assert!(r.array().is_empty(), "[] when nothing matched");
    assert!(r.stderr.contains("did you mean") && r.stderr.contains("PoolNotFound"));
}

#[test]
fn one_unknown_code_among_several_exits_1_but_prints_the_rest() {
    let r = errcode(&["lookup", "PoolNotFound", "NoSuchCodeAtAll", "--json"]);
    r.expect_code(1);
    assert_eq!(codes(&r.array()), ["PoolNotFound"]);
    assert!(r.stderr.contains("NoSuchCodeAtAll"), "{r:#?}");
}

#[test]
fn lookup_json_fields() {
    let r = errcode(&["lookup", "FABRIC_E_NOT_PRIMARY", "--json"]);
    r.expect_code(0);
    let items = r.array();
    assert_eq!(items.len(), 1);
    let e = &items[0];
    check_entry_schema(e);
    assert_eq!(e["service"], "fabric");
    assert_eq!(e["code"], "FABRIC_E_NOT_PRIMARY");
    assert_eq!(e["status"], 503);
    assert!(e["substatus"].is_null());
    assert_eq!(e["reason"], "Service Unavailable");
    assert_eq!(e["hresult"], "0x80071BC6");
    assert!(e["category"].is_null());
    assert!(
        e["source"]
            .as_str()
            .unwrap()
            .contains("000_648609ad5151b685.txt")
    );
    assert_eq!(e["origin"], "seed");

    let r = errcode(&["lookup", "PoolNotFound", "--json"]);
    let e = &r.array()[0];
    check_entry_schema(e);
    assert_eq!(e["status"], 404);
    assert!(e["hresult"].is_null());
    assert_eq!(e["message"], "The specified pool does not exist.");

    // Scheduling errors have a category and no status.
    let r = errcode(&["lookup", "BlobNotFound", "--service", "batch", "--json"]);
    let items = r.array();
    let seed: Vec<&Value> = items.iter().filter(|e| e["origin"] == "seed").collect();
    assert_eq!(seed.len(), 1, "{items:?}");
    assert!(seed[0]["status"].is_null());
    assert_eq!(seed[0]["category"], "UserError");

    // A Cosmos DB sub-status.
    let r = errcode(&["lookup", "ReadSessionNotAvailable", "--json"]);
    let e = &r.array()[0];
    check_entry_schema(e);
    assert_eq!(
        (e["status"].as_u64(), e["substatus"].as_u64()),
        (Some(404), Some(1002))
    );
}

#[test]
fn list_json_matches_the_library_entry_by_entry() {
    let r = errcode(&["list", "--json"]);
    r.expect_code(0);
    let items = r.array();
    let entries = catalog::entries();
    assert_eq!(items.len(), entries.len());
    for (v, e) in items.iter().zip(entries) {
        check_entry_schema(v);
        let at = format!("{} {}", e.service.id(), e.code());
        assert_eq!(v["service"], e.service.id(), "{at}");
        assert_eq!(v["code"], e.code(), "{at}");
        assert_eq!(v["status"].as_u64(), e.status.map(u64::from), "{at}");
        assert_eq!(v["substatus"].as_u64(), e.substatus.map(u64::from), "{at}");
        assert_eq!(v["reason"].as_str(), e.reason(), "{at}");
        assert_eq!(
            v["hresult"].as_str().map(str::to_string),
            e.hresult.map(|h| format!("0x{h:08X}")),
            "{at}"
        );
        assert_eq!(v["category"].as_str(), e.category(), "{at}");
        assert_eq!(v["message"], e.message(), "{at}");
        assert_eq!(
            v["origin"],
            if e.is_seed() { "seed" } else { "reference" },
            "{at}"
        );
    }
}

// ---------------------------------------------------------------------------
// hresult

#[test]
fn hresult_in_every_input_form() {
    for (form, notation) in [
        ("0x8088002E", "hex"),
        ("0x8088002e", "hex"),
        ("8088002E", "hex"),
        ("0x8088002EL", "hex"),
        ("2156396590", "decimal"),
        ("-2138570706", "signed-decimal"),
    ] {
        let r = errcode(&["hresult", form, "--json"]);
        r.expect_code(0);
        let v = r.json();
        assert_eq!(v["hresult"], "0x8088002E", "{form}");
        assert_eq!(v["input"], form);
        assert_eq!(v["notation"], notation, "{form}");
        assert_eq!(v["unsigned"], 2_156_396_590u64, "{form}");
        assert_eq!(v["signed"], -2_138_570_706i64, "{form}");
        assert_eq!(v["severity"], "failure", "{form}");
        assert_eq!(v["facility"]["number"], 136, "{form}");
        assert_eq!(v["code"], 0x2E, "{form}");
        let entries = v["entries"].as_array().expect("entries array");
        assert_eq!(
            entries[0]["code"], "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND",
            "{form}"
        );
        assert_eq!(entries[0]["service"], "iis-media");
        assert_eq!(entries[0]["status"], 404);

        // The same for people.
        let r = errcode(&["hresult", form]);
        r.expect_code(0);
        assert!(r.stdout.contains("0x8088002E"), "{form}: {}", r.stdout);
        assert!(r.stdout.contains("MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"));
    }
}

#[test]
fn hresult_of_a_service_fabric_code() {
    let r = errcode(&["hresult", "0x80071BC6", "--json"]);
    r.expect_code(0);
    let v = r.json();
    assert_eq!(v["facility"]["number"], 7);
    assert_eq!(v["facility"]["name"], "FACILITY_WIN32");
    assert_eq!(
        codes(v["entries"].as_array().unwrap()),
        ["FABRIC_E_NOT_PRIMARY"]
    );
}

#[test]
fn hresult_without_entry_still_explains_the_structure() {
    // No service entry, but Windows names: found.
    let r = errcode(&["hresult", "0x80070002", "--json"]);
    r.expect_code(0);
    let v = r.json();
    assert_eq!(v["hresult"], "0x80070002");
    assert_eq!(v["facility"]["number"], 7);
    assert_eq!(v["win32"]["number"], 2);
    assert_eq!(v["win32"]["name"], "ERROR_FILE_NOT_FOUND");
    assert_eq!(v["code"], 2);
    assert_eq!(v["entries"].as_array().map(Vec::len), Some(0));
    let names: Vec<&str> = v["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"ERROR_FILE_NOT_FOUND"), "{names:?}");

    // Neither: the structure alone, exit 1.
    let r = errcode(&["hresult", "0x8007FFFE"]);
    r.expect_code(1);
    assert!(r.stdout.contains("0x8007FFFE"), "{r:#?}");
    assert!(r.stdout.contains("FACILITY_WIN32"), "{r:#?}");
}

#[test]
fn hresult_rejects_junk_and_wide_values() {
    for bad in ["0xZZ", "hello", "0x1FFFFFFFF", "4294967296", "-2147483649"] {
        let r = errcode(&["hresult", bad]);
        r.expect_input_error();
        assert!(r.stderr.contains(bad), "names the input: {r:#?}");
        errcode(&["hresult", bad, "--json"]).expect_input_error();
    }
}

// ---------------------------------------------------------------------------
// status

#[test]
fn status_409_for_batch() {
    let r = errcode(&["status", "409", "--service", "batch", "--json"]);
    r.expect_code(0);
    let items = r.array();
    assert_eq!(items.len(), 43);
    for e in &items {
        check_entry_schema(e);
        assert_eq!(e["status"], 409, "{e}");
        assert_eq!(e["service"], "batch", "{e}");
    }
    let library = Service::Batch
        .entries()
        .iter()
        .filter(|e| e.status == Some(409))
        .count();
    assert_eq!(items.len(), library);

    let r = errcode(&["status", "409", "--service", "batch"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Conflict"), "{}", r.stdout);
}

#[test]
fn unregistered_status_449_has_a_note() {
    let r = errcode(&["status", "449"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Retry With"), "{}", r.stdout);
    assert!(r.stdout.contains("note"), "{}", r.stdout);
    assert!(r.stdout.contains("not a registered"), "{}", r.stdout);

    let r = errcode(&["status", "449", "--service", "cosmos", "--json"]);
    r.expect_code(0);
    assert!(codes(&r.array()).contains(&"449"));
}

#[test]
fn status_without_entries_exits_1() {
    let r = errcode(&["status", "418"]);
    r.expect_code(1);
    assert!(r.stdout.contains("418"), "{r:#?}");
    let r = errcode(&["status", "418", "--json"]);
    r.expect_code(1);
    assert!(r.array().is_empty());
}

#[test]
fn status_rejects_what_is_not_a_status() {
    for bad in ["600", "abc", "99", "4040", "404.x"] {
        errcode(&["status", bad]).expect_input_error();
    }
}

#[test]
fn cosmos_substatus_is_only_unique_with_its_status() {
    let r = errcode(&["status", "404.1002", "--service", "cosmos", "--json"]);
    r.expect_code(0);
    let items = r.array();
    assert_eq!(codes(&items), ["ReadSessionNotAvailable"]);
    assert_eq!(
        (items[0]["status"].as_u64(), items[0]["substatus"].as_u64()),
        (Some(404), Some(1002))
    );

    for form in ["410.1002", "410/1002"] {
        let r = errcode(&["status", form, "--service", "cosmos", "--json"]);
        r.expect_code(0);
        let items = r.array();
        assert_eq!(codes(&items), ["PartitionKeyRangeGone"], "{form}");
        assert_eq!(items[0]["status"], 410);
        assert_eq!(items[0]["substatus"], 1002);
    }
}

// ---------------------------------------------------------------------------
// list, search, services

#[test]
fn list_by_service() {
    let r = errcode(&["list", "--service", "cosmos", "--json"]);
    r.expect_code(0);
    let items = r.array();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["service"] == "cosmos"));
    assert_eq!(items.len(), Service::Cosmos.entries().len());
}

#[test]
fn list_by_category() {
    let want = catalog::entries()
        .iter()
        .filter(|e| e.category() == Some("UserError"))
        .count();
    assert!(want > 0);
    for spelling in ["UserError", "usererror"] {
        let r = errcode(&["list", "--category", spelling, "--json"]);
        r.expect_code(0);
        let items = r.array();
        assert_eq!(items.len(), want, "--category {spelling}");
        assert!(items.iter().all(|e| e["category"] == "UserError"));
    }
    let r = errcode(&["list", "--category", "UserError"]);
    r.expect_code(0);
    assert!(r.stdout.contains("BlobNotFound"), "{}", r.stdout);
    assert!(!r.stdout.contains("PoolNotFound"), "{}", r.stdout);

    errcode(&["list", "--category", "NoSuchCategory"]).expect_input_error();
}

#[test]
fn list_by_origin() {
    let r = errcode(&["list", "--origin", "seed", "--json"]);
    r.expect_code(0);
    let seed = r.array();
    // 233 seed rows; NodeUserExists is listed twice.
    assert_eq!(seed.len(), 232);
    assert!(seed.iter().all(|e| e["origin"] == "seed"));

    let r = errcode(&["list", "--origin", "reference", "--json"]);
    r.expect_code(0);
    let reference = r.array();
    assert!(reference.iter().all(|e| e["origin"] == "reference"));
    assert_eq!(seed.len() + reference.len(), catalog::entries().len());
}

#[test]
fn search_ranks_the_best_match_first() {
    let r = errcode(&["search", "pool", "not", "found", "--json"]);
    r.expect_code(0);
    let items = r.array();
    assert_eq!(codes(&items).first(), Some(&"PoolNotFound"));
    for e in &items {
        let text = format!("{} {}", e["code"], e["message"]).to_lowercase();
        assert!(text.contains("pool"), "\"pool\" not in {e}");
        // "not found" means what it says or one of its synonyms.
        assert!(
            ["not", "missing", "exist"].iter().any(|w| text.contains(w)) || e["status"] == 404,
            "nothing for \"not found\" in {e}"
        );
    }
    // The words may be given as one argument.
    let r = errcode(&["search", "pool not found", "--json"]);
    assert_eq!(codes(&r.array()).first(), Some(&"PoolNotFound"));
}

#[test]
fn search_without_match() {
    let r = errcode(&["search", "zzqxv", "--json"]);
    r.expect_code(1);
    assert!(r.array().is_empty(), "[] when nothing matched");
    assert_eq!(r.stderr, "errcode: nothing matches \"zzqxv\"\n");
    let r = errcode(&["search", "zzqxv"]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "errcode: nothing matches \"zzqxv\"\n");
    let r = errcode(&["search", "zzqxv", "more", "--service", "cosmos"]);
    r.expect_code(1);
    assert_eq!(
        r.stderr,
        "errcode: nothing matches \"zzqxv more\" in cosmos\n"
    );
    // A hit says nothing on stderr.
    let r = errcode(&["search", "pool not found"]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
}

#[test]
fn format_errors_name_the_format_and_the_command() {
    for (args, asked, command) in [
        (
            &["hresult", "0x8088002E", "--format", "csv"][..],
            "csv",
            "hresult",
        ),
        (
            &["hresult", "0x8088002E", "--format", "jsonl"][..],
            "jsonl",
            "hresult",
        ),
        (&["scan", "--format", "csv", "-"][..], "csv", "scan"),
        (&["services", "--format", "csv"][..], "csv", "services"),
        (&["exit", "137", "--format", "jsonl"][..], "jsonl", "exit"),
    ] {
        let r = errcode(args);
        r.expect_code(2);
        assert!(
            r.stderr.starts_with(&format!(
                "errcode: --format {asked} does not apply to {command}: "
            )),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert_eq!(r.stdout, "");
    }
    // An unknown format is clap's error, naming the value.
    let r = errcode(&["lookup", "X", "--format", "yaml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("'yaml'"), "{}", r.stderr);
}

#[test]
fn services_match_the_library() {
    let r = errcode(&["services", "--json"]);
    r.expect_code(0);
    let items = r.array();
    let ids: Vec<&str> = items.iter().map(|s| s["id"].as_str().unwrap()).collect();
    // The Windows names are a source of their own, listed below the services.
    assert_eq!(ids[..SERVICE_IDS.len()], SERVICE_IDS[..]);
    assert_eq!(ids[SERVICE_IDS.len()..], ["windows"]);
    for (v, s) in items.iter().zip(Service::all()) {
        assert_eq!(v["id"], s.id());
        assert_eq!(v["name"], s.name());
        assert_eq!(
            v["entries"].as_u64(),
            Some(s.entries().len() as u64),
            "{}",
            s.id()
        );
        let seed = s.entries().iter().filter(|e| e.is_seed()).count();
        assert_eq!(v["seed_entries"].as_u64(), Some(seed as u64), "{}", s.id());
        assert!(v["documents"].as_array().is_some_and(|d| !d.is_empty()));
    }
    let total: u64 = items[..SERVICE_IDS.len()]
        .iter()
        .map(|s| s["entries"].as_u64().unwrap())
        .sum();
    assert_eq!(total, catalog::entries().len() as u64);
    assert_eq!(
        items[SERVICE_IDS.len()]["entries"].as_u64(),
        Some(errcode_cli::windows::all().len() as u64)
    );

    let r = errcode(&["services"]);
    r.expect_code(0);
    for id in SERVICE_IDS {
        assert!(r.stdout.contains(id), "{id} in {}", r.stdout);
    }
}

#[test]
fn unknown_service_is_an_input_error() {
    for args in [
        &["lookup", "PoolNotFound", "--service", "nope"][..],
        &["list", "--service", "nope"],
        &["status", "404", "--service", "nope"],
        &["search", "pool", "--service", "nope"],
    ] {
        let r = errcode(args);
        r.expect_input_error();
        assert!(r.stderr.contains("nope"), "{r:#?}");
    }
}

// ---------------------------------------------------------------------------
// completions, help, colour, pipes

#[test]
fn completions_for_bash() {
    let r = errcode(&["completions", "bash"]);
    r.expect_code(0);
    assert!(r.stdout.len() > 100, "{r:#?}");
    assert!(r.stdout.contains("errcode"));
    assert!(r.stdout.contains("lookup") && r.stdout.contains("hresult"));
    errcode(&["completions", "tcsh"]).expect_code(2);
}

#[test]
fn help_and_bad_flags() {
    let r = errcode(&["--help"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Usage"), "{}", r.stdout);
    for sub in [
        "lookup",
        "hresult",
        "status",
        "list",
        "search",
        "services",
        "completions",
    ] {
        assert!(r.stdout.contains(sub), "--help lists {sub}");
    }
    assert!(
        r.stdout.contains("Exit codes"),
        "--help documents exit codes"
    );
    errcode(&["lookup", "--help"]).expect_code(0);
    errcode(&["--version"]).expect_code(0);

    for args in [
        &["--bogus"][..],
        &["lookup", "--bogus", "X"],
        &["lookup"],
        &[],
    ] {
        let r = errcode(args);
        r.expect_code(2);
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(!r.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = errcode(&["lookup", "FABRIC_E_NOT_PRIMARY"]);
    assert!(!has_ansi(&plain.stdout), "{}", plain.stdout);
    let always = errcode(&["lookup", "FABRIC_E_NOT_PRIMARY", "--color", "always"]);
    always.expect_code(0);
    assert!(has_ansi(&always.stdout), "{}", always.stdout);
    let never = errcode(&["lookup", "FABRIC_E_NOT_PRIMARY", "--color", "never"]);
    assert_eq!(never.stdout, plain.stdout);

    let table = errcode(&["list", "--service", "veeam", "--color", "always"]);
    assert!(has_ansi(&table.stdout));
    let table = errcode(&["list", "--service", "veeam"]);
    assert!(!has_ansi(&table.stdout));

    // --color always means it, even with NO_COLOR set.
    let r = errcode_env(
        &["lookup", "FABRIC_E_NOT_PRIMARY", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(has_ansi(&r.stdout));

    // The environment's conventions force colour into a pipe, or turn it off.
    for force in [
        ("CLICOLOR_FORCE", "1"),
        ("FORCE_COLOR", "1"),
        ("FORCE_COLOR", "true"),
    ] {
        let r = errcode_env(&["lookup", "FABRIC_E_NOT_PRIMARY"], &[force]);
        assert!(has_ansi(&r.stdout), "{force:?}");
    }
    let r = errcode_env(&["lookup", "FABRIC_E_NOT_PRIMARY"], &[("FORCE_COLOR", "0")]);
    assert!(!has_ansi(&r.stdout));
    let r = errcode_env(
        &["lookup", "FABRIC_E_NOT_PRIMARY"],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
    );
    assert!(!has_ansi(&r.stdout), "NO_COLOR wins over FORCE_COLOR");
    let r = errcode_env(
        &["lookup", "FABRIC_E_NOT_PRIMARY", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(
        !has_ansi(&r.stdout),
        "--color never wins over the environment"
    );

    // JSON is never coloured: it must stay parseable.
    let r = errcode(&[
        "lookup",
        "FABRIC_E_NOT_PRIMARY",
        "--json",
        "--color",
        "always",
    ]);
    assert!(!has_ansi(&r.stdout));
    assert_eq!(codes(&r.array()), ["FABRIC_E_NOT_PRIMARY"]);
}

/// Runs errcode with stdout on a pseudo-terminal, so `--color auto` sees a terminal.
#[cfg(target_os = "linux")]
mod pty {
    use std::ffi::{c_char, c_int};
    use std::fs::{File, OpenOptions};
    use std::io::Read;
    use std::os::fd::FromRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::process::{Command, Stdio};

    unsafe extern "C" {
        fn posix_openpt(flags: c_int) -> c_int;
        fn grantpt(fd: c_int) -> c_int;
        fn unlockpt(fd: c_int) -> c_int;
        fn ptsname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int;
    }

    const O_RDWR: c_int = 0o2;
    const O_NOCTTY: c_int = 0o400;
    const EIO: i32 = 5;

    /// The stdout of `errcode ARGS` run on a terminal, or `None` when no
    /// pseudo-terminal can be had here.
    pub fn run(args: &[&str], env: &[(&str, &str)]) -> Option<String> {
        // SAFETY: plain libc calls on a descriptor we own; the buffer outlives the call.
        let (master, slave_path) = unsafe {
            let fd = posix_openpt(O_RDWR | O_NOCTTY);
            if fd < 0 {
                return None;
            }
            let master = File::from_raw_fd(fd);
            let mut buf = [0 as c_char; 128];
            if grantpt(fd) != 0
                || unlockpt(fd) != 0
                || ptsname_r(fd, buf.as_mut_ptr(), buf.len()) != 0
            {
                return None;
            }
            let path = std::ffi::CStr::from_ptr(buf.as_ptr())
                .to_str()
                .ok()?
                .to_string();
            (master, path)
        };
        let slave = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(O_NOCTTY)
            .open(slave_path)
            .ok()?;
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("errcode"));
        cmd.args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::from(slave))
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("spawn errcode");
        // Our copy of the terminal's slave end must go, or reading never ends.
        drop(cmd);
        let mut out = Vec::new();
        let mut master = master;
        let mut buf = [0u8; 4096];
        loop {
            match master.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                // Linux answers EIO once every slave descriptor is closed.
                Err(e) if e.raw_os_error() == Some(EIO) => break,
                Err(e) => panic!("reading the terminal: {e}"),
            }
        }
        let status = child.wait().expect("wait for errcode");
        assert_eq!(status.code(), Some(0), "errcode {args:?} on a terminal");
        Some(String::from_utf8(out).expect("UTF-8 on the terminal"))
    }
}

#[cfg(target_os = "linux")]
#[test]
fn no_color_is_honoured_on_a_terminal() {
    let args = ["lookup", "FABRIC_E_NOT_PRIMARY"];
    let Some(auto) = pty::run(&args, &[]) else {
        println!("note: no pseudo-terminal available; skipping");
        return;
    };
    // Control: on a terminal, auto means colour.
    assert!(auto.contains("FABRIC_E_NOT_PRIMARY"), "{auto:?}");
    assert!(has_ansi(&auto), "auto on a terminal colours: {auto:?}");
    let no_color = pty::run(&args, &[("NO_COLOR", "1")]).unwrap();
    assert!(no_color.contains("FABRIC_E_NOT_PRIMARY"), "{no_color:?}");
    assert!(!has_ansi(&no_color), "NO_COLOR under auto: {no_color:?}");
    let never = pty::run(&["lookup", "FABRIC_E_NOT_PRIMARY", "--color", "never"], &[]).unwrap();
    assert!(!has_ansi(&never), "--color never on a terminal: {never:?}");
}

/// Reads a little of `errcode ARGS`, closes the pipe and checks the process
/// ended quietly with exit 0.
fn close_pipe_early(args: &[&str]) {
    // The test only means something when the output overflows the pipe buffer
    // (64 KiB on Linux), so that errcode is still writing when the pipe closes.
    let full = errcode(args);
    full.expect_code(0);
    assert!(
        full.stdout.len() > 4 * 65536,
        "output of {args:?} too small to fill a pipe: {} bytes",
        full.stdout.len()
    );
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("errcode"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn errcode");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("read the first bytes");
    drop(stdout);
    let out = child.wait_with_output().expect("wait for errcode");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} into a closed pipe: {:?}, stderr {stderr:?}",
        out.status
    );
    assert_eq!(
        stderr, "",
        "{args:?} into a closed pipe writes nothing to stderr"
    );
}

#[test]
fn closed_pipe_ends_quietly() {
    close_pipe_early(&["list"]);
    close_pipe_early(&["list", "--json"]);
}

#[test]
fn global_options_may_come_before_the_subcommand() {
    // `errcode --json lookup X` is the subcommand with --json, not two bare
    // values "lookup" and "X".
    let r = errcode(&["--json", "lookup", "FABRIC_E_NOT_PRIMARY"]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
    assert_eq!(r.array()[0]["id"], "fabric:FABRIC_E_NOT_PRIMARY");
    let r = errcode(&["--color", "never", "status", "404.1002"]);
    r.expect_code(0);
    assert!(r.stdout.starts_with("404.1002 Not Found"), "{}", r.stdout);
    // And before a bare value.
    let r = errcode(&["--json", "0x80071BC6"]);
    r.expect_code(0);
    assert_eq!(r.array()[0]["kind"], "hresult");
}

#[test]
fn a_bare_value_shows_every_reading_grouped_best_first() {
    let r = errcode(&["0x80071BC6"]);
    r.expect_code(0);
    assert!(
        r.stdout.starts_with("0x80071BC6 as an HRESULT:\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("FABRIC_E_NOT_PRIMARY"));
    assert_eq!(r.stderr, "");

    // Several values, several readings each, in order: a code before a status.
    let r = errcode(&["FABRIC_E_NOT_PRIMARY", "503"]);
    r.expect_code(0);
    let headings: Vec<&str> = r.stdout.lines().filter(|l| l.contains(" as ")).collect();
    let at = |h: &str| headings.iter().position(|l| *l == h);
    assert_eq!(
        at("FABRIC_E_NOT_PRIMARY as a code:"),
        Some(0),
        "{headings:?}"
    );
    let status = at("503 as an HTTP status:").expect("503 is read as a status");
    assert!(status > 0);

    // --json: one array of readings with their kind, each holding the JSON
    // the owning subcommand prints.
    let r = errcode(&["137", "0x80071BC6", "--json"]);
    r.expect_code(0);
    let items = r.array();
    let kinds: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["value"].as_str().unwrap(), i["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("137", "exit")), "{kinds:?}");
    assert!(kinds.contains(&("0x80071BC6", "hresult")), "{kinds:?}");
    let hres = items.iter().find(|i| i["kind"] == "hresult").unwrap();
    assert_eq!(hres["result"]["hresult"], "0x80071BC6");
    assert_eq!(hres["result"]["entries"][0]["code"], "FABRIC_E_NOT_PRIMARY");

    // A status with a sub-status, and a sub-status number alone.
    let r = errcode(&["404.1002", "--json"]);
    r.expect_code(0);
    assert_eq!(r.array()[0]["kind"], "status");
    let r = errcode(&["1002", "--json"]);
    assert!(r.array().iter().any(|i| i["kind"] == "substatus"));

    // A file is decoded as `decode` would.
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cosmos-429-throttled.http"
    );
    let r = errcode(&[fixture, "--json"]);
    r.expect_code(0);
    let body = &r.array()[0];
    assert_eq!(body["kind"], "body");
    assert_eq!(body["result"]["code"], "TooManyRequests");

    // A subcommand name is the subcommand.
    let r = errcode(&["lookup", "FABRIC_E_NOT_PRIMARY"]);
    assert!(
        r.stdout
            .starts_with("FABRIC_E_NOT_PRIMARY  (Azure Service Fabric)")
    );
}

#[test]
fn a_bare_value_that_names_nothing_exits_1_with_a_suggestion() {
    let r = errcode(&["FABRIC_E_NOT_PRIMRY"]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with(
            "errcode: nothing known as \"FABRIC_E_NOT_PRIMRY\"; did you mean FABRIC_E_NOT_PRIMARY"
        ),
        "{}",
        r.stderr
    );
    let r = errcode(&["frobnicate"]);
    r.expect_code(1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    // A mistyped subcommand is suggested as one.
    let r = errcode(&["lokup"]);
    r.expect_code(1);
    assert!(r.stderr.contains("the subcommand lookup"), "{}", r.stderr);
    // One value found and one not: exit 1, the found one still printed.
    let r = errcode(&["FABRIC_E_NOT_PRIMARY", "zzqxv"]);
    r.expect_code(1);
    assert!(r.stdout.contains("FABRIC_E_NOT_PRIMARY as a code:"));
    // Usage errors stay exit 2.
    errcode(&["FABRIC_E_NOT_PRIMARY", "--format", "csv"]).expect_code(2);
    errcode(&[""]).expect_code(2);
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    let cases: &[&[&str]] = &[
        &["lookup"],
        &["hresult"],
        &["--jsn", "list"],
        &["status", "449", "--origin", "seed"],
        &["completions", "tcsh"],
        &["decode", "--max-bytes", "lots"],
    ];
    for args in cases {
        let out = assert_cmd::Command::cargo_bin("errcode")
            .unwrap()
            .args(*args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("errcode: "), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = assert_cmd::Command::cargo_bin("errcode")
        .unwrap()
        .args(["--jsn", "list"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("'--json'"),
        "keeps clap's suggestion"
    );
}

#[test]
fn service_ids_are_offered_to_help_and_completion() {
    let out = assert_cmd::Command::cargo_bin("errcode")
        .unwrap()
        .args(["list", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for id in ["fabric", "batch", "veeam", "cosmos", "iis-media"] {
        assert!(help.contains(id), "{id} missing from list --help");
    }
    // ...without refusing the full names the command accepts.
    let out = assert_cmd::Command::cargo_bin("errcode")
        .unwrap()
        .args(["list", "--service", "Azure Cosmos DB", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// A status with many entries prints a table; its bytes, with and without
/// colour, are pinned (the table is written without comfy-table when no
/// terminal width applies, and must not change by a byte).
#[test]
fn multi_entry_status_table_is_pinned() {
    let cases: [(&[&str], &str); 3] = [
        (
            &["status", "503", "--service", "fabric"],
            include_str!("fixtures/status-503-fabric.txt"),
        ),
        (
            &["status", "503", "--service", "fabric", "--color", "always"],
            include_str!("fixtures/status-503-fabric.color.txt"),
        ),
        (
            &["status", "409", "--service", "batch", "--color", "always"],
            include_str!("fixtures/status-409-batch.color.txt"),
        ),
    ];
    for (args, expected) in cases {
        let r = errcode(args);
        r.expect_code(0);
        assert_eq!(r.stdout, expected, "errcode {}", args.join(" "));
    }
}
