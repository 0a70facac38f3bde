//! End-to-end: `errcode run` wrapping shell one-liners that print codes and
//! fail the way `az`, `sfctl`, `curl -i` and PowerShell scripts do.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::errcode;
use serde_json::Value;

/// `errcode run -- sh -c SCRIPT`.
fn run_sh(script: &str) -> (Option<i32>, Vec<u8>, String) {
    errcode(&["run", "--", "sh", "-c", script], b"")
}

fn bin() -> String {
    assert_cmd::cargo::cargo_bin("errcode")
        .display()
        .to_string()
}

/// Runs a whole shell line (so errcode's own stdout and stderr can be one
/// pipe, as `2>&1` makes them): (exit code, stdout).
fn shell(line: &str) -> (Option<i32>, String) {
    let out = Command::new("sh")
        .args(["-c", line])
        .env("ERRCODE", bin())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn success_passes_everything_through_and_adds_nothing() {
    let script = r#"printf 'FABRIC_E_NOT_PRIMARY on stdout\n\001\377 binary'; printf 'warning PoolNotFound\n' >&2"#;
    let direct = Command::new("sh").args(["-c", script]).output().unwrap();
    let (code, stdout, stderr) = run_sh(script);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, direct.stdout, "stdout byte for byte");
    assert_eq!(
        stderr.as_bytes(),
        direct.stderr,
        "stderr as the command wrote it, nothing added"
    );
}

#[test]
fn the_commands_exit_status_is_errcodes() {
    for status in [1, 3, 42, 255] {
        let (code, _, stderr) = run_sh(&format!("exit {status}"));
        assert_eq!(code, Some(status));
        assert!(
            stderr.starts_with(&format!("errcode: sh exited with status {status}")),
            "{stderr}"
        );
    }
    let (_, _, stderr) = run_sh("exit 1");
    assert!(
        stderr.contains("catch-all"),
        "1 has its common meaning: {stderr}"
    );
    let (code, _, stderr) = run_sh("exit 127");
    assert_eq!(code, Some(127));
    assert!(stderr.contains("command not found"), "{stderr}");
}

#[test]
fn a_failure_explains_each_code_most_recent_first() {
    // As `az` prints a Batch error, then a gateway failure on a retry.
    let script = r#"
        echo 'ERROR: (PoolNotFound) The specified pool does not exist.' >&2
        echo 'Code: PoolNotFound' >&2
        sleep 0.3
        echo 'retrying after FABRIC_E_NOT_PRIMARY (0x80071BC6 in the trace)'
        exit 1"#;
    let (code, stdout, stderr) = run_sh(script);
    assert_eq!(code, Some(1));
    assert!(String::from_utf8_lossy(&stdout).contains("retrying after"));
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("errcode: sh exited with status 1"))
        .expect("the status line");
    // The command's own lines come first, untouched.
    assert_eq!(
        lines[0],
        "ERROR: (PoolNotFound) The specified pool does not exist."
    );
    let explained: Vec<&str> = lines[at + 1..].to_vec();
    assert!(
        explained[0].contains("error codes in its output, most recent first"),
        "{stderr}"
    );
    let codes: Vec<&str> = explained[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    // FABRIC_E_NOT_PRIMARY and its HRESULT 0x80071BC6 are one error, listed
    // once under the name; the most recent (stdout's line, last) first. (The
    // two streams are read at once, so the pause makes "later" unambiguous.)
    assert_eq!(codes, ["FABRIC_E_NOT_PRIMARY", "PoolNotFound"], "{stderr}");
    let pool = explained
        .iter()
        .find(|l| l.starts_with("  PoolNotFound"))
        .unwrap();
    assert!(pool.contains("(x2)"), "counted: {pool}");
    assert!(
        pool.contains("batch") && pool.contains("[no-retry]"),
        "{pool}"
    );
    let primary = explained
        .iter()
        .find(|l| l.starts_with("  FABRIC_E_NOT_PRIMARY"))
        .unwrap();
    assert!(
        primary.contains("503") && primary.contains("[retry]"),
        "{primary}"
    );
}

#[test]
fn the_order_is_by_last_sight_and_a_handful_are_shown() {
    let codes = [
        "PoolNotFound",
        "JobNotFound",
        "FABRIC_E_TIMEOUT",
        "FABRIC_E_NOT_PRIMARY",
        "TaskNotFound",
        "FABRIC_E_SERVICE_DOES_NOT_EXIST",
        "PoolBeingDeleted",
    ];
    let mut script: String = codes.iter().map(|c| format!("echo {c}; ")).collect();
    script.push_str("echo PoolNotFound; exit 4");
    let (code, _, stderr) = run_sh(&script);
    assert_eq!(code, Some(4));
    let listed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("  and "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "PoolNotFound",
            "PoolBeingDeleted",
            "FABRIC_E_SERVICE_DOES_NOT_EXIST",
            "TaskNotFound",
            "FABRIC_E_NOT_PRIMARY"
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("errcode: 7 error codes in its output")
            && stderr.contains("  and 2 more; errcode run --json FILE lists them all"),
        "{stderr}"
    );
}

#[test]
fn one_pipe_keeps_the_order_the_command_wrote_in() {
    // errcode's stdout and stderr are one pipe here (2>&1): the command gets
    // one pipe for both, and what a person reads is exactly its order.
    let (code, out) = shell(
        r#""$ERRCODE" run sh -c 'for i in 1 2 3 4 5 6 7 8; do echo "out $i"; echo "err $i" >&2; done; exit 5' 2>&1"#,
    );
    assert_eq!(code, Some(5));
    let lines: Vec<&str> = out.lines().collect();
    let expected: Vec<String> = (1..=8)
        .flat_map(|i| [format!("out {i}"), format!("err {i}")])
        .collect();
    assert_eq!(lines[..16], expected[..], "{out}");
    assert_eq!(lines[16], "errcode: sh exited with status 5");
}

#[test]
fn separate_streams_keep_their_own_order() {
    let script = "for i in $(seq 1 500); do echo \"out $i\"; echo \"err $i\" >&2; done";
    let (code, stdout, stderr) = run_sh(script);
    assert_eq!(code, Some(0));
    let out: Vec<String> = (1..=500).map(|i| format!("out {i}")).collect();
    let err: Vec<String> = (1..=500).map(|i| format!("err {i}")).collect();
    assert_eq!(
        String::from_utf8_lossy(&stdout).lines().collect::<Vec<_>>(),
        out
    );
    assert_eq!(stderr.lines().collect::<Vec<_>>(), err);
}

#[test]
fn output_reaches_the_reader_before_the_command_ends() {
    // Unbuffered: the first line is readable while the command still runs.
    let mut child = Command::new(bin())
        .args([
            "run",
            "--",
            "sh",
            "-c",
            "echo FABRIC_E_TIMEOUT; sleep 5; echo done",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 17];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"FABRIC_E_TIMEOUT\n");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the line waited for the command's end"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_signal_is_128_plus_n_and_named() {
    let (code, _, stderr) = run_sh("echo FABRIC_E_TIMEOUT; kill -TERM $$");
    assert_eq!(code, Some(128 + 15));
    assert!(
        stderr.contains("errcode: sh was killed by SIGTERM (signal 15)"),
        "{stderr}"
    );
    assert!(stderr.contains("FABRIC_E_TIMEOUT"), "{stderr}");
    let (code, _, stderr) = run_sh("kill -KILL $$");
    assert_eq!(code, Some(137));
    assert!(
        stderr.contains("SIGKILL") && stderr.contains("OOM"),
        "{stderr}"
    );
}

#[test]
fn a_command_that_cannot_start_is_127_or_126_with_one_line() {
    let (code, stdout, stderr) = errcode(&["run", "no-such-command-errcode-test"], b"");
    assert_eq!(code, Some(127));
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "errcode: no-such-command-errcode-test: command not found\n"
    );

    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("not-executable.sh");
    std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
    let (code, _, stderr) = errcode(&["run", script.to_str().unwrap()], b"");
    assert_eq!(code, Some(126));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.ends_with(": permission denied\n"), "{stderr}");
}

#[test]
fn standard_input_is_the_commands() {
    let (code, stdout, _) = errcode(
        &["run", "--", "sh", "-c", "cat; exit 0"],
        b"PoolNotFound from stdin\n",
    );
    assert_eq!(code, Some(0));
    assert_eq!(stdout, b"PoolNotFound from stdin\n");
}

#[test]
fn megabytes_pass_through_whole_and_are_scanned() {
    // 30 MB of output with a code at the end of it, on both streams.
    let script = "head -c 30000000 /dev/zero | tr '\\0' 'x'; echo; echo 'then FABRIC_E_NOT_PRIMARY'; \
                  head -c 5000000 /dev/zero | tr '\\0' 'y' >&2; exit 9";
    let (code, stdout, stderr) = run_sh(script);
    assert_eq!(code, Some(9));
    assert_eq!(
        stdout.len(),
        30_000_000 + 1 + "then FABRIC_E_NOT_PRIMARY\n".len()
    );
    assert!(stderr.starts_with(&"y".repeat(5_000_000)));
    assert!(
        stderr.contains("\n  FABRIC_E_NOT_PRIMARY  fabric  503"),
        "{}",
        &stderr[5_000_000..]
    );
}

#[test]
fn a_closed_reader_ends_the_command_as_a_pipe_would() {
    // `errcode run yes | head -1`: once the reader goes, the command gets
    // SIGPIPE and errcode ends quietly with its status.
    let (status, stderr) = common::close_stdout_after(
        &["run", "yes"],
        4,
        20,
        "errcode run yes kept running after its reader went away",
    );
    assert_eq!(status.code(), Some(141));
    assert_eq!(stderr, "", "a closed pipe is no failure to explain");
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn json_file_holds_the_whole_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("why.json");
    let path = file.to_str().unwrap();
    // curl -i of a Service Fabric gateway failure, then a non-zero exit.
    let script = r#"printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n{"Error":{"Code":"FABRIC_E_NOT_PRIMARY","Message":"not primary"}}\n'; exit 22"#;
    let (code, _, stderr) = errcode(&["run", "--json", path, "--", "sh", "-c", script], b"");
    assert_eq!(code, Some(22));
    assert!(stderr.contains("FABRIC_E_NOT_PRIMARY"));
    let report = read_json(&file);
    assert_eq!(report["command"][0], "sh");
    assert_eq!(report["status"], 22);
    assert_eq!(report["exit_code"], 22);
    assert_eq!(report["failed"], true);
    assert!(report["signal"].is_null() && report["error"].is_null());
    let codes = report["codes"].as_array().unwrap();
    assert_eq!(codes[0]["match"], "FABRIC_E_NOT_PRIMARY");
    assert_eq!(codes[0]["stream"], "stdout");
    assert_eq!(codes[0]["retry"], "retry");
    assert_eq!(codes[0]["entries"][0]["id"], "fabric:FABRIC_E_NOT_PRIMARY");

    // The same without `--`, with --json-file, and on success.
    let (code, _, stderr) = errcode(
        &["run", "--json-file", path, "sh", "-c", "echo PoolNotFound"],
        b"",
    );
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let report = read_json(&file);
    assert_eq!(report["failed"], false);
    assert!(report["meaning"].is_null());
    assert_eq!(report["codes"][0]["match"], "PoolNotFound");

    // A signal and a command that never started.
    errcode(
        &["run", "--json", path, "--", "sh", "-c", "kill -INT $$"],
        b"",
    );
    let report = read_json(&file);
    assert_eq!(
        (
            report["status"].as_i64(),
            report["signal"]["number"].as_i64()
        ),
        (Some(130), Some(2))
    );
    assert_eq!(report["signal"]["name"], "SIGINT");
    assert!(report["exit_code"].is_null());
    errcode(
        &["run", "--json", path, "no-such-command-errcode-test"],
        b"",
    );
    let report = read_json(&file);
    assert_eq!(report["status"], 127);
    assert_eq!(report["error"], "command not found");
}

#[test]
fn json_usage_errors_run_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    let touch = format!("touch {}", marker.display());
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    for args in [
        vec!["run", "--json", "--", "sh"],
        vec!["run", "--json", "only-a-file"],
        vec!["run", "--format", "json", "--", "sh", "-c", &touch],
        vec![
            "run",
            "--json",
            "/no/such/dir/why.json",
            "--",
            "sh",
            "-c",
            &touch,
        ],
        vec![
            "run",
            "--json",
            a,
            "--json-file",
            b,
            "--",
            "sh",
            "-c",
            &touch,
        ],
        vec![
            "run",
            "--json-file",
            a,
            "--json",
            b,
            "--",
            "sh",
            "-c",
            &touch,
        ],
    ] {
        let (code, stdout, stderr) = errcode(&args, b"");
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("errcode: "), "{stderr}");
    }
    assert!(!marker.exists(), "a usage error ran the command");
    let (code, _, stderr) = errcode(&["run"], b"");
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("errcode: ") && stderr.contains("COMMAND"),
        "{stderr}"
    );
}

#[test]
fn powershell_and_kubectl_style_output() {
    // What `pwsh -c` prints for a failed Service Fabric cmdlet, and kubectl's
    // error line, both on stderr, then their exit codes.
    let script = r#"
        echo 'Connect-ServiceFabricCluster : FABRIC_E_SERVER_AUTHENTICATION_FAILED: 0x80071C4C' >&2
        echo '    + FullyQualifiedErrorId : CreateClusterConnectionErrorId' >&2
        exit 1"#;
    let (code, _, stderr) = run_sh(script);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("\n  FABRIC_E_SERVER_AUTHENTICATION_FAILED"),
        "{stderr}"
    );
    let (code, _, stderr) = run_sh(
        "echo 'Error from server (InternalError): FABRIC_E_GATEWAY_NOT_REACHABLE' >&2; exit 1",
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("\n  FABRIC_E_GATEWAY_NOT_REACHABLE  fabric  502"),
        "{stderr}"
    );
    // A .NET Cosmos DB SDK exception from `dotnet run`: the status pair.
    let (code, _, stderr) = run_sh(
        "echo 'CosmosException : Response status code does not indicate success: TooManyRequests (429); Substatus: 3200; ActivityId: 1' >&2; exit 134",
    );
    assert_eq!(code, Some(134));
    assert!(stderr.contains("SIGABRT"), "134 is 128+6: {stderr}");
    assert!(
        stderr.contains("\n  429.3200  cosmos  429.3200"),
        "{stderr}"
    );
}
