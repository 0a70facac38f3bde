//! Running the binary from the end-to-end tests.

use assert_cmd::Command;

/// Runs `errcode args` with `stdin`: (exit code, stdout, stderr).
pub fn errcode(args: &[&str], stdin: &[u8]) -> (Option<i32>, Vec<u8>, String) {
    let out = Command::cargo_bin("errcode")
        .unwrap()
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Splits JSON Lines output into values.
#[allow(dead_code)] // not every test binary reads JSON Lines
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect()
}

/// Waits for `child`, failing the test (after killing it) if it is still
/// running after `secs` seconds: what a hang looks like from outside.
#[allow(dead_code)] // not every test binary waits on a child
pub fn wait_or_fail(
    child: &mut std::process::Child,
    secs: u64,
    what: &str,
) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs `errcode args`, reads `n` bytes of its stdout and closes it, as
/// `| head -c n` would; then waits (failing after `secs` seconds) and
/// returns its status and stderr.
#[allow(dead_code)] // not every test binary closes a pipe early
pub fn close_stdout_after(
    args: &[&str],
    n: usize,
    secs: u64,
    what: &str,
) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("errcode"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = vec![0u8; n];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = wait_or_fail(&mut child, secs, what);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}
