//! End to end: the Windows source and `errcode exit`.

mod common;

use serde_json::Value;

fn run(args: &[&str]) -> (i32, Value, String) {
    let (code, stdout, stderr) = common::errcode(args, b"");
    let json = serde_json::from_slice(&stdout).unwrap_or(Value::Null);
    (code.unwrap(), json, stderr)
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect()
}

#[test]
fn hresult_names_the_common_values_of_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("#### The 52 common values")
        .nth(1)
        .and_then(|s| s.split("\n#### ").next())
        .expect("README has the common-values section");
    let values: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `0x"))
        .map(|l| &l[..8])
        .collect();
    assert_eq!(values.len(), 52, "{values:?}");
    let mut named = 0;
    for v in &values {
        let (code, json, _) = run(&["hresult", &format!("0x{v}"), "--json"]);
        let found = !json["windows"].as_array().unwrap().is_empty()
            || !json["entries"].as_array().unwrap().is_empty();
        assert_eq!(code, if found { 0 } else { 1 }, "0x{v}");
        named += usize::from(found);
    }
    assert!(named >= 50, "hresult names {named} of 52");
}

#[test]
fn hresult_reads_ntstatus_and_the_fabric_range() {
    let (code, json, _) = run(&["hresult", "0xC0000005", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json["ntstatus_reading"]["severity"], "error");
    assert!(names(&json["windows"]).contains(&"STATUS_ACCESS_VIOLATION"));
    // HRESULT_FROM_NT(STATUS_ACCESS_DENIED)
    let (_, json, _) = run(&["hresult", "0xD0000022", "--json"]);
    assert_eq!(json["ntstatus_reading"]["value"], "0xC0000022");
    assert!(names(&json["windows"]).contains(&"STATUS_ACCESS_DENIED"));
    // A value in Service Fabric's range says so even with no name.
    let (_, json, _) = run(&["hresult", "0x80071D4A", "--json"]);
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .contains("Service Fabric")
    );
    let (_, json, _) = run(&["hresult", "0x8088002E", "--json"]);
    assert!(json["notes"].as_array().unwrap().is_empty());
    assert!(json["ntstatus_reading"].is_null());
}

#[test]
fn a_service_entry_comes_before_the_windows_name() {
    let (code, json, _) = run(&["lookup", "E_ABORT", "--json"]);
    assert_eq!(code, 0);
    let services: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["service"].as_str().unwrap())
        .collect();
    assert_eq!(services.first(), Some(&"fabric"));
    assert_eq!(services.last(), Some(&"windows"));
    // The same order in hresult's text.
    let (_, stdout, _) = common::errcode(&["hresult", "0x80004004"], b"");
    let text = String::from_utf8(stdout).unwrap();
    let service = text.find("(Azure Service Fabric)").unwrap();
    let windows = text.find("Windows names").unwrap();
    assert!(service < windows, "{text}");
}

#[test]
fn lookup_and_search_find_windows_names_in_any_case() {
    for name in [
        "ERROR_SHARING_VIOLATION",
        "status_access_violation",
        "Cor_E_Exception",
    ] {
        let (code, json, _) = run(&["lookup", name, "--json"]);
        assert_eq!(code, 0, "{name}");
        assert!(
            names(&json).iter().any(|n| n.eq_ignore_ascii_case(name)),
            "{name}"
        );
    }
    let (code, json, _) = run(&["search", "sharing_viol", "--service", "windows", "--json"]);
    assert_eq!(code, 0);
    assert!(names(&json).contains(&"ERROR_SHARING_VIOLATION"));
    // --service windows leaves the services out, a service leaves windows out.
    let (code, _, _) = run(&["lookup", "FABRIC_E_NOT_PRIMARY", "--service", "windows"]);
    assert_eq!(code, 1);
    let (code, _, _) = run(&["lookup", "ERROR_SHARING_VIOLATION", "--service", "fabric"]);
    assert_eq!(code, 1);
    let (code, _, stderr) = run(&["lookup", "x", "--service", "nope"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("errcode: unknown service") && stderr.contains("windows"));
}

#[test]
fn list_service_windows_holds_the_whole_tables() {
    let (code, json, _) = run(&["list", "--service", "windows", "--json"]);
    assert_eq!(code, 0);
    let all = names(&json);
    let win32 = all.iter().filter(|n| n.starts_with("ERROR_")).count();
    let nt = all.iter().filter(|n| n.starts_with("STATUS_")).count();
    assert!(win32 >= 1700, "{win32} ERROR_* names");
    assert!(nt >= 1600, "{nt} STATUS_* names");
    // Plain `list` stays the services' catalog.
    let (_, json, _) = run(&["list", "--json"]);
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|e| e["service"] != "windows")
    );
}

fn readings(code: &str) -> (i32, Vec<(String, String)>) {
    let (exit, json, _) = run(&["exit", code, "--json"]);
    let r = json["readings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["reading"].as_str().unwrap().to_string(),
                        r["name"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (exit, r)
}

fn has(r: &[(String, String)], reading: &str, name: &str) -> bool {
    r.iter().any(|(k, n)| k == reading && n.contains(name))
}

#[test]
fn exit_explains_the_documented_cases() {
    // One value in each notation people paste.
    for form in ["3221225477", "-1073741819", "0xC0000005", "C0000005"] {
        let (code, r) = readings(form);
        assert_eq!(code, 0, "{form}");
        assert!(
            has(&r, "ntstatus", "STATUS_ACCESS_VIOLATION"),
            "{form}: {r:?}"
        );
    }
    let (_, r) = readings("-1073741510");
    assert!(has(&r, "batch", "STATUS_CONTROL_C_EXIT"), "{r:?}");
    let (_, r) = readings("0xE0434352");
    assert!(has(&r, "dotnet", "EXCEPTION_COMPLUS"), "{r:?}");
    let (_, r) = readings("7147");
    assert!(has(&r, "fabric", "ProcessDeactivateExitCode"), "{r:?}");
    let (_, r) = readings("7148");
    assert!(has(&r, "fabric", "ProcessAbortExitCode"), "{r:?}");
    let (_, r) = readings("137");
    assert!(has(&r, "linux", "SIGKILL"), "{r:?}");
    // 137 is what a container killed for memory exits with: say so.
    let (_, json, _) = run(&["exit", "137", "--json"]);
    let linux = json["readings"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["reading"] == "linux"))
        .expect("a linux reading");
    assert!(
        linux["meaning"].as_str().is_some_and(|m| m.contains("OOM")),
        "{linux}"
    );
    let (_, r) = readings("139");
    assert!(has(&r, "linux", "SIGSEGV"), "{r:?}");
    let (_, r) = readings("143");
    assert!(has(&r, "linux", "SIGTERM"), "{r:?}");
    let (_, r) = readings("-9");
    assert!(has(&r, "signal", "SIGKILL"), "{r:?}");
    let (_, r) = readings("0x80131500");
    assert!(has(&r, "hresult", "COR_E_EXCEPTION"), "{r:?}");
}

#[test]
fn exit_codes_of_the_exit_command() {
    let (code, r) = readings("0x12345678");
    assert_eq!((code, r.len()), (1, 0));
    for bad in ["banana", "0x1FFFFFFFF", "", "-99999999999"] {
        let (code, stdout, stderr) = common::errcode(&["exit", bad], b"");
        assert_eq!(code, Some(2), "{bad}");
        assert!(stdout.is_empty());
        assert!(stderr.starts_with("errcode: not an exit code"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}
