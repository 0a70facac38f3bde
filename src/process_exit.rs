//! Process exit codes, read every way they are met: as an NTSTATUS (a
//! Windows crash), an HRESULT, a Win32 error, the .NET runtime's and
//! Service Fabric's own codes, a Batch task's wall-clock kill, and on Linux
//! as 128+N (killed by signal N) or a negative signal number.

use serde::Serialize;

use crate::hresult::{self, Hresult};
use crate::windows::{self, Table};

/// One way to read an exit code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// `fabric`, `batch`, `dotnet`, `windows`, `linux`, `ntstatus`,
    /// `hresult`, `win32` or `signal`.
    pub reading: &'static str,
    /// The name the value goes by in that reading.
    pub name: String,
    /// What it means there, when known.
    pub meaning: Option<String>,
    /// Where the name comes from.
    pub source: &'static str,
}

/// An exit code and all its readings.
#[derive(Debug, Serialize)]
pub struct ExitReport {
    /// The text as given.
    pub input: String,
    /// The value as 32 bits, in hex.
    pub hex: String,
    /// As an unsigned 32-bit number (how Windows tools print exit codes).
    pub unsigned: u32,
    /// As a signed 32-bit number (how .NET's `Process.ExitCode` prints them).
    pub signed: i32,
    /// Every reading that applies, documented facts first.
    pub readings: Vec<Reading>,
}

/// Why a text is not an exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub hresult::ParseError);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            hresult::ParseError::TooWide => f.write_str("wider than 32 bits"),
            _ => f.write_str(
                "expected a decimal like 137, a negative decimal like -1073741510 or hex like 0xC000013A",
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// Linux signal numbers (asm-generic numbering, as on x86 and Arm).
const SIGNALS: &[(u32, &str, &str)] = &[
    (
        1,
        "SIGHUP",
        "hang-up: its terminal or controlling process went away",
    ),
    (2, "SIGINT", "interrupt (Ctrl+C)"),
    (3, "SIGQUIT", "quit (Ctrl+\\), with a core dump"),
    (4, "SIGILL", "illegal instruction"),
    (5, "SIGTRAP", "trace or breakpoint trap"),
    (
        6,
        "SIGABRT",
        "abort(): the program gave up, often on a failed assertion",
    ),
    (
        7,
        "SIGBUS",
        "bus error: bad memory access, e.g. a truncated mapped file",
    ),
    (
        8,
        "SIGFPE",
        "arithmetic exception, e.g. integer division by zero",
    ),
    (
        9,
        "SIGKILL",
        "killed outright; often the kernel's OOM killer or a container memory limit",
    ),
    (10, "SIGUSR1", "user-defined signal 1"),
    (
        11,
        "SIGSEGV",
        "segmentation fault: invalid memory access (a native crash)",
    ),
    (12, "SIGUSR2", "user-defined signal 2"),
    (13, "SIGPIPE", "wrote to a pipe or socket nobody reads"),
    (14, "SIGALRM", "timer alarm"),
    (
        15,
        "SIGTERM",
        "asked to terminate (the usual stop request, e.g. from a container runtime)",
    ),
    (16, "SIGSTKFLT", "coprocessor stack fault"),
    (17, "SIGCHLD", "child process status changed"),
    (18, "SIGCONT", "continue"),
    (19, "SIGSTOP", "stopped"),
    (20, "SIGTSTP", "terminal stop (Ctrl+Z)"),
    (21, "SIGTTIN", "background read from terminal"),
    (22, "SIGTTOU", "background write to terminal"),
    (23, "SIGURG", "urgent socket data"),
    (24, "SIGXCPU", "CPU time limit exceeded"),
    (25, "SIGXFSZ", "file size limit exceeded"),
    (26, "SIGVTALRM", "virtual timer alarm"),
    (27, "SIGPROF", "profiling timer alarm"),
    (28, "SIGWINCH", "window size changed"),
    (29, "SIGIO", "I/O possible"),
    (30, "SIGPWR", "power failure"),
    (31, "SIGSYS", "bad system call (often a seccomp filter)"),
];

/// A signal's name and what it means; 32..=64 are the real-time signals,
/// which have no fixed names (glibc's SIGRTMIN is 34).
fn signal(n: u32) -> Option<(String, &'static str)> {
    SIGNALS
        .iter()
        .find(|(k, _, _)| *k == n)
        .map(|(_, name, what)| (name.to_string(), *what))
        .or_else(|| {
            (32..=64).contains(&n).then(|| {
                (
                    "real-time".to_string(),
                    "a real-time signal (application-defined)",
                )
            })
        })
}

/// Reads `3221225477`, `-1073741510`, `0xC000013A` or `C000013A`.
pub fn parse(text: &str) -> Result<u32, ParseError> {
    hresult::parse(text).map(|(v, _)| v).map_err(ParseError)
}

/// What a signal a `128+N` exit reports usually means (`SIGKILL (128+9)`:
/// often the OOM killer), where [`SIGNALS`] says more than the bare fact.
fn signal_meaning(name: &str) -> Option<&'static str> {
    let signal = name.split_whitespace().next()?;
    SIGNALS
        .iter()
        .find(|(_, n, _)| *n == signal)
        .map(|(_, _, meaning)| *meaning)
}

/// Every reading of an exit code.
pub fn explain(input: &str, value: u32) -> ExitReport {
    let mut readings = Vec::new();
    for f in windows::exit_facts(value) {
        readings.push(Reading {
            reading: match f.context {
                windows::ExitContext::Windows => "windows",
                windows::ExitContext::Dotnet => "dotnet",
                windows::ExitContext::Fabric => "fabric",
                windows::ExitContext::Batch => "batch",
                windows::ExitContext::Linux => "linux",
            },
            name: f.name.to_string(),
            meaning: Some(signal_meaning(f.name).unwrap_or(f.label).to_string()),
            source: "process-exit-codes.tsv",
        });
    }
    if value == 0 {
        readings.push(Reading {
            reading: "windows",
            name: "ERROR_SUCCESS / EXIT_SUCCESS".into(),
            meaning: Some("the process reported success".into()),
            source: "winerror.h",
        });
    }
    let mut push_code = |reading: &'static str, c: &'static windows::Code| {
        readings.push(Reading {
            reading,
            name: c.name().to_string(),
            meaning: c.meaning().map(str::to_string),
            source: c.origin(),
        })
    };
    if value >= 0x4000_0000 {
        for c in windows::by_value(Table::Ntstatus, value) {
            push_code("ntstatus", c);
        }
    }
    if value >= 0x8000_0000 {
        for c in windows::by_value(Table::Hresult, value) {
            push_code("hresult", c);
        }
        if let Some(win) = Hresult(value).win32() {
            for c in windows::by_value(Table::Win32, u32::from(win)) {
                push_code("hresult", c);
            }
        }
    }
    if (1..=0xFFFF).contains(&value) {
        for c in windows::by_value(Table::Win32, value) {
            push_code("win32", c);
        }
    }
    if (7100..=7499).contains(&value) {
        let hr = 0x8007_0000 | value;
        let name = crate::catalog::by_hresult(hr)
            .next()
            .map(|e| e.code().to_string())
            .unwrap_or_else(|| format!("0x{hr:08X}"));
        readings.push(Reading {
            reading: "fabric",
            name,
            meaning: Some(format!(
                "low word of a Service Fabric HRESULT (Win32 range 7100-7499); see errcode hresult 0x{hr:08X}"
            )),
            source: "Service Fabric FABRIC_E_* range",
        });
    }
    let signed = value as i32;
    let sig = match value {
        129..=192 => Some((
            value - 128,
            "exit status 128+N from a shell or container runtime",
        )),
        _ if (-64..=-1).contains(&signed) => Some((
            (-signed) as u32,
            "negative signal number (e.g. Python's returncode)",
        )),
        _ => None,
    };
    if let Some((n, how)) = sig {
        if let Some((name, what)) = signal(n) {
            if !readings
                .iter()
                .any(|r| r.reading == "linux" && r.name.starts_with(name.as_str()))
            {
                readings.push(Reading {
                    reading: "signal",
                    name: format!("{name} (signal {n})"),
                    meaning: Some(format!("killed by signal {n}, {what}; {how}")),
                    source: "Linux asm-generic/signal.h numbering",
                });
            }
        }
    }
    ExitReport {
        input: input.to_string(),
        hex: format!("0x{value:08X}"),
        unsigned: value,
        signed,
        readings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(text: &str) -> Vec<(&'static str, String)> {
        let v = parse(text).unwrap();
        explain(text, v)
            .readings
            .into_iter()
            .map(|r| (r.reading, r.name))
            .collect()
    }

    #[test]
    fn one_value_in_every_notation() {
        assert_eq!(parse("3221225477"), Ok(0xC000_0005));
        assert_eq!(parse("-1073741819"), Ok(0xC000_0005));
        assert_eq!(parse("0xC0000005"), Ok(0xC000_0005));
        assert_eq!(parse("C0000005"), Ok(0xC000_0005));
        assert!(parse("banana").is_err());
        assert!(parse("4294967296").is_err());
    }

    #[test]
    fn the_documented_cases() {
        assert!(readings("0xC0000005").contains(&("ntstatus", "STATUS_ACCESS_VIOLATION".into())));
        let ctrl_c = readings("-1073741510");
        assert!(ctrl_c.iter().any(|(r, _)| *r == "batch"));
        assert!(ctrl_c.contains(&("ntstatus", "STATUS_CONTROL_C_EXIT".into())));
        assert!(readings("0xE0434352").iter().any(|(r, _)| *r == "dotnet"));
        let sf = readings("7147");
        assert!(
            sf.iter()
                .any(|(r, n)| *r == "fabric" && n.contains("ProcessDeactivate"))
        );
        assert!(
            sf.iter()
                .any(|(r, n)| *r == "fabric" && n == "FABRIC_E_PROCESS_DEACTIVATED")
        );
        assert!(
            readings("137")
                .iter()
                .any(|(_, n)| n.starts_with("SIGKILL"))
        );
        assert!(readings("-9").contains(&("signal", "SIGKILL (signal 9)".into())));
        assert!(
            readings("139")
                .iter()
                .any(|(_, n)| n.starts_with("SIGSEGV"))
        );
        assert!(readings("0x80131500").contains(&("hresult", "COR_E_EXCEPTION".into())));
        assert!(readings("0x12345678").is_empty());
    }
}
