//! `errcode decode` and `errcode retryable` end to end: the seed examples,
//! raw responses, --lines, retry verdicts and hostile input.

use std::io::Write;

mod common;

use common::{errcode, json_lines};
use serde_json::Value;

fn json(args: &[&str], stdin: &[u8]) -> (Option<i32>, Value) {
    let (code, stdout, stderr) = errcode(args, stdin);
    let v = serde_json::from_slice(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}; stderr {stderr}"));
    (code, v)
}

const IIS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SmoothStreaming xmlns="http://schemas.microsoft.com/iis/media/2011/03/streaming/management">
  <Error>
    <ErrorCode>0x8088002E</ErrorCode>
    <ErrorMessage>The publishing point could not be located.</ErrorMessage>
    <InternalError>0x80070002</InternalError>
  </Error>
</SmoothStreaming>"#;

#[test]
fn iis_media_hresult_code_finds_its_entry() {
    let (code, v) = json(&["decode", "--json"], IIS.as_bytes());
    assert_eq!(code, Some(0));
    assert_eq!(v["format"], "iis-media-xml");
    assert_eq!(
        v["entries"][0]["code"],
        "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"
    );
    let internal = v["hresults"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "InternalError")
        .unwrap();
    assert_eq!(internal["value"], "0x80070002");
}

#[test]
fn batch_values_become_details() {
    let body = br#"{"code":"InvalidQueryParameterValue","message":{"lang":"en-us","value":"A query parameter was wrong"},"values":[{"key":"QueryParameterName","value":"state"},{"key":"QueryParameterValue","value":"deleted"},{"key":"Reason","value":"invalid state"}]}"#;
    let (code, v) = json(&["decode", "--json"], body);
    assert_eq!(code, Some(0));
    assert_eq!(v["code"], "InvalidQueryParameterValue");
    let details = v["details"].as_array().unwrap();
    for (k, val) in [
        ("QueryParameterName", "state"),
        ("QueryParameterValue", "deleted"),
        ("Reason", "invalid state"),
    ] {
        assert!(
            details.iter().any(|d| d["key"] == k && d["value"] == val),
            "{k}"
        );
    }
    assert_eq!(v["entries"][0]["service"], "batch");
}

#[test]
fn fabric_xml_and_dataservices_xml() {
    let (_, v) = json(
        &["decode", "--json"],
        b"<Error><Code>FABRIC_E_NOT_PRIMARY</Code><Message>not primary</Message></Error>",
    );
    assert_eq!(v["code"], "FABRIC_E_NOT_PRIMARY");
    assert_eq!(v["entries"][0]["hresult"], "0x80071BC6");
    let ado = br#"<error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code>FileNotFound</code><message xml:lang="en-US">missing from the store</message></error>"#;
    let (code, v) = json(&["decode", "--json"], ado);
    assert_eq!(code, Some(0));
    assert_eq!(v["code"], "FileNotFound");
    assert_eq!(v["message"], "missing from the store");
}

#[test]
fn raw_cosmos_429_decodes_to_its_substatus_and_is_retryable_with_a_wait() {
    let raw = b"HTTP/1.1 429 Too Many Requests\r\nx-ms-substatus: 3200\r\nx-ms-retry-after-ms: 5000\r\nx-ms-activity-id: 1b2c\r\nContent-Type: application/json\r\n\r\n{\"code\":\"TooManyRequests\",\"message\":\"Request rate is large\"}";
    let (code, v) = json(&["decode", "--json"], raw);
    assert_eq!(code, Some(0));
    assert_eq!(v["status"], 429);
    assert_eq!(v["substatus"], 3200);
    assert_eq!(v["entries"][0]["code"], "RUBudgetExceeded");
    let (code, v) = json(&["retryable", "--json"], raw);
    assert_eq!(code, Some(0));
    assert_eq!(v["verdict"], "retry");
    assert_eq!(v["wait_ms"], 5000);
}

#[test]
fn retry_verdicts_for_the_documented_cases() {
    let cases: &[(&[u8], i32)] = &[
        (b"HTTP/1.1 449 Retry With\r\n\r\n{\"code\":\"RetryWith\",\"message\":\"conflict\"}", 0),
        (b"{\"Error\":{\"Code\":\"FABRIC_E_NOT_PRIMARY\",\"Message\":\"not primary\"}}", 0),
        (b"HTTP/1.1 503 Service Unavailable\r\n\r\n{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"busy\"}}", 0),
        (b"<SmoothStreaming><Error><ErrorCode>0x8088002A</ErrorCode><ErrorMessage>locked</ErrorMessage></Error></SmoothStreaming>", 0),
        (b"HTTP/1.1 404 Not Found\r\n\r\n{\"code\":\"PoolNotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"no pool\"}}", 1),
        (b"HTTP/1.1 409 Conflict\r\nx-ms-activity-id: 1\r\n\r\n{\"code\":\"Conflict\",\"message\":\"Entity with the specified id already exists\"}", 1),
        (b"<SmoothStreaming><Error><ErrorCode>0x80880025</ErrorCode><ErrorMessage>bad xml</ErrorMessage></Error></SmoothStreaming>", 1),
    ];
    for (body, want) in cases {
        let (code, _, stderr) = errcode(&["retryable"], body);
        assert_eq!(
            code,
            Some(*want),
            "{}: {stderr}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn a_write_gets_the_stricter_answer() {
    let raw = b"HTTP/1.1 503 Service Unavailable\r\nx-ms-activity-id: 9\r\n\r\n{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}";
    assert_eq!(
        errcode(&["retryable", "--service", "cosmos"], raw).0,
        Some(0)
    );
    assert_eq!(
        errcode(
            &["retryable", "--service", "cosmos", "--method", "POST"],
            raw
        )
        .0,
        Some(1)
    );
    assert_eq!(errcode(&["retryable", "--method", "BREW"], raw).0, Some(2));
}

#[test]
fn lines_reports_every_line_with_its_number() {
    let input = b"{\"code\":\"PoolNotFound\",\"message\":\"gone\"}\nnot json at all {\n\n{\"Error\":{\"Code\":\"FABRIC_E_TIMEOUT\",\"Message\":\"slow\"}}\n";
    let (code, stdout, _) = errcode(&["decode", "--lines", "--json"], input);
    assert_eq!(code, Some(0));
    let rows: Vec<Value> = json_lines(&stdout);
    let lines: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![1, 2, 3, 4]);
    assert_eq!(rows[0]["code"], "PoolNotFound");
    assert_eq!(rows[3]["code"], "FABRIC_E_TIMEOUT");
    assert!(rows[1]["code"].is_null());
}

#[test]
fn hostile_and_unreadable_input_is_an_error_not_a_crash() {
    for (args, input) in [
        (vec!["decode"], b"".to_vec()),
        (vec!["decode"], b"  \n\t ".to_vec()),
        (vec!["decode", "/definitely/not/here.xml"], Vec::new()),
        (vec!["decode", "/"], Vec::new()),
        (
            vec!["decode", "--max-bytes", "10"],
            b"<Error><Code>X</Code></Error>".to_vec(),
        ),
    ] {
        let (code, stdout, stderr) = errcode(&args, &input);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stdout.is_empty());
        assert!(
            stderr.starts_with("errcode: ") && stderr.trim_end().lines().count() == 1,
            "{stderr}"
        );
    }
}

#[test]
fn billion_laughs_deep_nesting_and_invalid_utf8_finish() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><Error><Code>&lol9;</Code><Message>x</Message></Error>"#;
    let (code, _, stderr) = errcode(&["decode", "--json"], laughs.as_bytes());
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    let xxe = br#"<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><Error><Code>&x;</Code></Error>"#;
    let (_, stdout, _) = errcode(&["decode", "--json"], xxe);
    assert!(!String::from_utf8_lossy(&stdout).contains("root:"));
    let deep_json = "[".repeat(1_000_000);
    assert!(matches!(
        errcode(&["decode", "--json"], deep_json.as_bytes()).0,
        Some(0 | 1)
    ));
    let deep_xml = "<a>".repeat(1_000_000);
    assert!(matches!(
        errcode(&["decode", "--json"], deep_xml.as_bytes()).0,
        Some(0 | 1)
    ));
    let bad_utf8 = b"{\"code\":\"PoolNotFound\",\"message\":\"\xff\xfe broken\"}";
    let (code, v) = json(&["decode", "--json"], bad_utf8);
    assert_eq!(code, Some(0));
    assert_eq!(v["code"], "PoolNotFound");
}

#[test]
fn decode_reads_a_file_argument() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(IIS.as_bytes()).unwrap();
    let path = f.path().to_str().unwrap().to_string();
    let (code, stdout, _) = errcode(&["decode", &path], b"");
    assert_eq!(code, Some(0));
    assert!(String::from_utf8_lossy(&stdout).contains("MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"));
}

#[test]
fn json_keys_are_always_present_even_when_null() {
    let (_, v) = json(&["decode", "--json"], b"just some text with no error in it");
    for key in [
        "format",
        "status",
        "code",
        "message",
        "details",
        "request_id",
        "entries",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert!(v["status"].is_null() && v["code"].is_null());
    assert!(v["details"].as_array().unwrap().is_empty());
}

#[test]
fn lines_keep_input_order_across_batches_and_threads() {
    // More lines than one batch, so several threads decode at once.
    let codes = [
        "PoolNotFound",
        "JobExists",
        "TaskNotFound",
        "FABRIC_E_TIMEOUT",
    ];
    let mut input = Vec::new();
    for i in 0..20_000usize {
        let code = codes[i % codes.len()];
        input.extend_from_slice(
            format!("{{\"code\":\"{code}\",\"message\":\"n{i}\"}}\n").as_bytes(),
        );
    }
    let (code, stdout, _) = errcode(&["decode", "--lines", "--json"], &input);
    assert_eq!(code, Some(0));
    let rows: Vec<Value> = json_lines(&stdout);
    assert_eq!(rows.len(), 20_000);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"].as_u64(), Some(i as u64 + 1));
        assert_eq!(row["code"], codes[i % codes.len()]);
        assert_eq!(row["message"], format!("n{i}"));
    }
}

#[test]
fn a_line_over_the_limit_is_reported_and_the_run_goes_on() {
    let input = b"{\"code\":\"PoolNotFound\"}\n{\"code\":\"JobExists\",\"message\":\"this line is long\"}\n{\"code\":\"JobExists\"}\n";
    let (code, stdout, stderr) = errcode(&["decode", "--lines", "--max-bytes", "30"], input);
    assert_eq!(code, Some(2), "{stderr}");
    let stdout = String::from_utf8(stdout).unwrap();
    let rows: Vec<&str> = stdout.lines().collect();
    assert_eq!(rows.len(), 3, "{stdout}");
    assert!(
        rows[0].starts_with("1: ") && rows[0].contains("PoolNotFound"),
        "{stdout}"
    );
    assert_eq!(
        rows[1],
        "standard input:2: line longer than 30 bytes: not decoded (raise --max-bytes)"
    );
    assert!(
        rows[2].starts_with("3: ") && rows[2].contains("JobExists"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "errcode: standard input: 1 line longer than 30 bytes not decoded (raise --max-bytes)\n"
    );
}

#[test]
fn a_line_over_the_limit_is_a_json_line_with_its_problem() {
    // The long line is far over the limit and has no newline of its own in
    // the first megabytes: it is skipped, not read whole.
    let mut input = b"{\"code\":\"PoolNotFound\"}\n".to_vec();
    input.extend_from_slice(b"{\"code\":\"JobExists\",\"message\":\"");
    input.extend(std::iter::repeat_n(b'x', 3 << 20));
    input.extend_from_slice(b"\"}\n\n{\"code\":\"TaskNotFound\"}");
    let (code, stdout, stderr) = errcode(
        &["decode", "--lines", "--json", "--max-bytes", "1K"],
        &input,
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("1 line longer than 1024 bytes"), "{stderr}");
    let rows = json_lines(&stdout);
    assert_eq!(rows.len(), 4);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"].as_u64(), Some(i as u64 + 1));
    }
    assert_eq!(rows[0]["code"], "PoolNotFound");
    assert!(rows[0]["problems"].as_array().unwrap().is_empty());
    let problems = rows[1]["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["message"]
            .as_str()
            .unwrap()
            .contains("longer than 1024 bytes")),
        "{problems:?}"
    );
    // Only the head was kept, so no message of megabytes comes back.
    assert!(rows[1].to_string().len() < 8 << 10);
    assert_eq!(rows[2]["format"], "empty");
    assert_eq!(rows[3]["code"], "TaskNotFound");
}

#[test]
fn lines_within_the_limit_still_exit_by_what_they_hold() {
    let (code, _, stderr) = errcode(
        &["decode", "--lines", "--max-bytes", "64"],
        b"{\"code\":\"PoolNotFound\"}\nplain words\n",
    );
    assert_eq!(code, Some(0));
    assert!(stderr.is_empty(), "{stderr}");
}

/// Regression: with decoding spread over threads, a closed output once left
/// the reader blocked on a full queue, and `decode --lines | head -1` hung.
#[test]
fn lines_into_a_closed_pipe_end_quietly() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    for i in 0..200_000 {
        writeln!(file, "{{\"code\":\"PoolNotFound\",\"message\":\"m{i}\"}}").unwrap();
    }
    file.flush().unwrap();
    let path = file.path().to_str().unwrap();
    let (status, stderr) = common::close_stdout_after(
        &["decode", "--lines", "--json", path],
        64,
        30,
        "errcode kept running after its output closed",
    );
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn max_bytes_above_the_default_reads_the_whole_body() {
    let mut body = b"{\"code\":\"PoolNotFound\",\"message\":\"".to_vec();
    body.resize(body.len() + 17 * 1024 * 1024, b'a');
    body.extend_from_slice(b"\"}");
    let (code, _, stderr) = errcode(&["decode"], &body);
    assert_eq!(code, Some(2), "over the 16 MiB default: refused");
    assert!(stderr.contains("larger than 16777216 bytes"), "{stderr}");
    let (code, v) = json(&["decode", "--json", "--max-bytes", "20000000"], &body);
    assert_eq!(code, Some(0));
    assert_eq!(v["code"], "PoolNotFound");
    assert!(
        v["problems"].as_array().unwrap().is_empty(),
        "nothing cut: {}",
        v["problems"]
    );
}

/// Each paste shape of the README, end to end: one line each, through
/// `decode --lines --json` and `retryable --json` on the line alone.
#[test]
fn paste_shapes_give_their_code_status_service_and_verdict() {
    let path = "tests/fixtures/pastes/one-line-pastes.log";
    let (code, stdout, _) = errcode(&["decode", "--lines", "--json", path], b"");
    assert_eq!(code, Some(0));
    let got: Vec<(Value, Value, Value, Value)> = json_lines(&stdout)
        .iter()
        .map(|b| {
            (
                b["code"].clone(),
                b["status"].clone(),
                b["substatus"].clone(),
                b["service"].clone(),
            )
        })
        .collect();
    let want = [
        ("ServiceUnavailable", 503, 0, "cosmos"),
        ("Gone", 410, 1002, "cosmos"),
        ("NotFound", 404, 1002, "cosmos"),
        ("TooManyRequests", 429, 3200, "cosmos"),
        ("", 503, -1, ""),
        ("FABRIC_E_SERVICE_TOO_BUSY", -1, -1, "fabric"),
        ("PoolNotFound", -1, -1, ""), // no marker: the entry says Batch
        ("FABRIC_E_NOT_PRIMARY", -1, -1, "fabric"),
        ("FABRIC_E_COMMUNICATION_ERROR", -1, -1, "fabric"),
    ];
    let opt_str = |s: &str| {
        if s.is_empty() {
            Value::Null
        } else {
            Value::from(s)
        }
    };
    let opt_num = |n: i64| if n < 0 { Value::Null } else { Value::from(n) };
    let want: Vec<_> = want
        .iter()
        .map(|&(c, st, ss, sv)| (opt_str(c), opt_num(st), opt_num(ss), opt_str(sv)))
        .collect();
    assert_eq!(got, want);

    let text = std::fs::read_to_string(path).unwrap();
    let verdicts: Vec<(Option<i32>, Value, Value)> = text
        .lines()
        .map(|line| {
            let (code, out, _) = errcode(&["retryable", "--json"], line.as_bytes());
            let v: Value = serde_json::from_slice(&out).expect("JSON");
            (code, v["verdict"].clone(), v["wait_ms"].clone())
        })
        .collect();
    let retry = |wait: Option<u64>| {
        (
            Some(0),
            Value::from("retry"),
            wait.map_or(Value::Null, Value::from),
        )
    };
    let no = (Some(1), Value::from("no-retry"), Value::Null);
    assert_eq!(
        verdicts,
        [
            retry(None),
            retry(None),
            retry(None),
            retry(Some(1500)),
            retry(None),
            retry(None),
            no.clone(),
            retry(None),
            retry(None),
        ]
    );
}

#[test]
fn max_bytes_takes_unit_suffixes() {
    // 2K is 2048 bytes: a 3000-byte body is refused, a 1500-byte one read.
    let big = format!(
        "{{\"code\":\"PoolNotFound\",\"message\":\"{}\"}}",
        "x".repeat(3000)
    );
    let small = format!(
        "{{\"code\":\"PoolNotFound\",\"message\":\"{}\"}}",
        "x".repeat(1500)
    );
    for limit in ["2K", "2k", "2KiB", "2kib"] {
        let (code, _, stderr) = errcode(&["decode", "--max-bytes", limit], big.as_bytes());
        assert_eq!(code, Some(2), "{limit}");
        assert!(
            stderr.contains("larger than 2048 bytes"),
            "{limit}: {stderr}"
        );
        let (code, v) = json(
            &["decode", "--json", "--max-bytes", limit],
            small.as_bytes(),
        );
        assert_eq!(code, Some(0), "{limit}");
        assert_eq!(v["code"], "PoolNotFound");
    }
    for limit in ["16M", "16m", "16MiB", "1G", "1g", "1GiB", "4096"] {
        let (code, v) = json(
            &["retryable", "--json", "--max-bytes", limit],
            small.as_bytes(),
        );
        assert_eq!(code, Some(1), "{limit}");
        assert_eq!(v["code"], "PoolNotFound");
    }
}

#[test]
fn a_bad_max_bytes_is_one_line_naming_the_value() {
    for bad in ["12X", "1.5M", "K", "1KB", "64 K"] {
        let (code, stdout, stderr) = errcode(&["decode", "--max-bytes", bad], b"{}");
        assert_eq!(code, Some(2), "{bad}");
        assert!(stdout.is_empty(), "{bad}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{bad}: {stderr}");
        assert!(stderr.contains(&format!("'{bad}'")), "{bad}: {stderr}");
        assert!(stderr.contains("--max-bytes"), "{bad}: {stderr}");
        assert!(stderr.contains("64K, 16M, 1G"), "{bad}: {stderr}");
    }
}

/// Runs `errcode ARGS` with a terminal on its standard input (through
/// util-linux `script`), standard input ended at once; returns what the
/// terminal showed, or `None` when `script` is not available here.
fn on_a_terminal(args: &str) -> Option<String> {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("errcode");
    let command = format!("{} {args}", bin.display());
    let out = Std::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_on_standard_input_is_told_how_to_end_it() {
    if !cfg!(unix) {
        return;
    }
    for args in ["decode", "retryable", "scan", "decode --lines", "decode -"] {
        let Some(shown) = on_a_terminal(args) else {
            eprintln!("skipped: util-linux `script` is not available to give errcode a terminal");
            return;
        };
        assert!(
            shown
                .contains("errcode: reading standard input (paste or type, then Ctrl-D to end it)"),
            "{args}: {shown:?}"
        );
    }
}

#[test]
fn a_pipe_or_a_file_gets_no_notice() {
    for args in [
        &["decode"][..],
        &["retryable"],
        &["scan"],
        &["decode", "--lines"],
    ] {
        let (_, _, stderr) = errcode(args, b"{\"code\":\"PoolNotFound\"}\n");
        assert!(
            !stderr.contains("reading standard input"),
            "{args:?}: {stderr}"
        );
    }
    let (_, _, stderr) = errcode(
        &[
            "decode",
            "tests/fixtures/iis-publishing-point-not-found.xml",
        ],
        b"",
    );
    assert!(stderr.is_empty(), "{stderr}");
}
