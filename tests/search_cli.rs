//! End to end: `errcode search` ranks by what a person means. JSON output is
//! decoded and checked field by field.

mod common;

use serde_json::Value;

/// Runs `errcode search ARGS --json`: (exit code, the decoded array, stderr).
fn search(args: &[&str]) -> (i32, Vec<Value>, String) {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.push("--json");
    let (code, stdout, stderr) = common::errcode(&all, b"");
    let items = match serde_json::from_slice(&stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("{args:?}: expected a JSON array, got {other:?}"),
    };
    (code.expect("errcode exited"), items, stderr)
}

fn codes(items: &[Value]) -> Vec<&str> {
    items.iter().map(|e| e["code"].as_str().unwrap()).collect()
}

/// The catalog entries (not Windows names) of a result.
fn entries(items: &[Value]) -> Vec<&Value> {
    items.iter().filter(|e| e["service"] != "windows").collect()
}

#[test]
fn throttled_finds_429s_in_every_form() {
    for query in [
        &["throttled"][..],
        &["throttling"],
        &["throttle"],
        &["rate", "limited"],
        &["rate limit"],
    ] {
        let (code, items, stderr) = search(query);
        assert_eq!(code, 0, "{query:?}: {stderr}");
        let found = entries(&items);
        assert_eq!(found[0]["status"], 429, "{query:?}: {:?}", codes(&items));
        assert!(
            found.iter().take(5).all(|e| e["status"] == 429),
            "{query:?}: the first five are 429s: {:?}",
            codes(&items)
        );
        let all = codes(&items);
        assert!(all.contains(&"TooManyRequests"), "{query:?}: {all:?}");
        assert!(all.contains(&"RUBudgetExceeded"), "{query:?}: {all:?}");
    }
}

#[test]
fn synonyms_lead_to_their_status() {
    for (query, statuses) in [
        ("unauthorised", &[401][..]),
        ("auth", &[401]),
        ("forbidden", &[403]),
        ("access denied", &[403]),
        ("timed out", &[408, 504]),
        ("not found", &[404]),
        ("already exists", &[409]),
        ("unavailable", &[503]),
    ] {
        let (code, items, _) = search(&[query]);
        assert_eq!(code, 0, "{query}");
        let found = entries(&items);
        assert!(
            statuses.contains(&found[0]["status"].as_u64().unwrap()),
            "{query}: {:?}",
            codes(&items)
        );
    }
}

#[test]
fn a_status_in_the_query_narrows() {
    let (code, items, _) = search(&["409", "conflict"]);
    assert_eq!(code, 0);
    assert!(items.len() > 10, "{:?}", codes(&items));
    for e in &items {
        assert_eq!(e["status"], 409, "{e}");
    }
    // Windows names have no status, so none come with one in the query.
    assert!(items.iter().all(|e| e["service"] != "windows"));

    let (code, items, _) = search(&["404.1002"]);
    assert_eq!(code, 0);
    assert!(!items.is_empty());
    for e in &items {
        assert_eq!((&e["status"], &e["substatus"]), (&404.into(), &1002.into()));
    }

    let (code, items, _) = search(&["503", "not", "primary"]);
    assert_eq!(code, 0);
    assert_eq!(codes(&items), ["FABRIC_E_NOT_PRIMARY"]);
}

#[test]
fn an_exact_code_comes_first() {
    for code in [
        "TooManyRequests",
        "FABRIC_E_TIMEOUT",
        "ServerBusy",
        "e_accessdenied",
    ] {
        let (exit, items, _) = search(&[code]);
        assert_eq!(exit, 0);
        assert!(
            codes(&items)[0].eq_ignore_ascii_case(code),
            "{code}: {:?}",
            codes(&items)
        );
    }
}

#[test]
fn no_hit_still_says_so() {
    let (code, items, stderr) = search(&["409", "zzqxv"]);
    assert_eq!(code, 1);
    assert!(items.is_empty());
    assert_eq!(stderr, "errcode: nothing matches \"409 zzqxv\"\n");
    // Every word must still match: a synonym does not excuse a stray word.
    let (code, _, _) = search(&["throttled", "zzqxv"]);
    assert_eq!(code, 1);
}
