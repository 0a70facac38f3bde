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
/// The name of Linux signal `n` (`SIGKILL` for 9), when it has one.
///
/// ```
/// assert_eq!(errcode_cli::process_exit::signal_name(9), Some("SIGKILL"));
/// assert_eq!(errcode_cli::process_exit::signal_name(99), None);
/// ```
pub fn signal_name(n: u32) -> Option<&'static str> {
    SIGNALS
        .iter()
        .find(|(k, _, _)| *k == n)
        .map(|(_, name, _)| *name)
}

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

/// Which operating system's conventions a process's exit status follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux, macOS and the BSDs: statuses 0-255, shells' 126 and 127, and
    /// 128+N for a child killed by signal N.
    Unix,
    /// Windows: 32-bit exit codes, often an NTSTATUS, HRESULT or Win32 code.
    Windows,
}

impl Platform {
    /// The platform errcode was built for.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }
}

/// What a process's exit status most likely means on `platform`: the one
/// reading a person there would want, when a convention gives one. On Unix
/// that is the shell's 126 and 127, 128+N for a signal, and the common
/// meanings of 1 and 2; the Win32 name of a small number is not offered
/// there (exit status 1 is not `ERROR_INVALID_FUNCTION` on Linux). On
/// Windows it is the first documented reading (NTSTATUS, .NET, Service
/// Fabric, HRESULT, then Win32). `None` for success and for a status no
/// convention explains.
///
/// ```
/// use errcode_cli::process_exit::{meaning_on, Platform};
/// let kill = meaning_on(137, Platform::Unix).unwrap();
/// assert!(kill.name.starts_with("SIGKILL"));
/// assert_eq!(meaning_on(127, Platform::Unix).unwrap().meaning.as_deref(), Some("command not found"));
/// assert_eq!(meaning_on(0xC000_0005, Platform::Windows).unwrap().name, "STATUS_ACCESS_VIOLATION");
/// assert!(meaning_on(0, Platform::Unix).is_none());
/// ```
pub fn meaning_on(value: u32, platform: Platform) -> Option<Reading> {
    if value == 0 {
        return None;
    }
    let readings = explain(&value.to_string(), value).readings;
    match platform {
        Platform::Unix => {
            if let Some(r) = readings.into_iter().find(|r| r.reading == "linux") {
                return Some(r);
            }
            let (name, meaning) = match value {
                1 => (
                    "general failure",
                    "the command reported failure (1 is the usual catch-all status)",
                ),
                2 => (
                    "failure or misuse",
                    "the command reported failure; shells and many tools use 2 for wrong arguments",
                ),
                _ => return None,
            };
            Some(Reading {
                reading: "unix",
                name: name.into(),
                meaning: Some(meaning.into()),
                source: "POSIX shell conventions",
            })
        }
        Platform::Windows => readings
            .into_iter()
            .find(|r| r.reading != "linux" && r.reading != "signal"),
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
    fn meanings_follow_the_platform() {
        assert_eq!(meaning_on(1, Platform::Unix).unwrap().reading, "unix");
        assert_eq!(
            meaning_on(1, Platform::Windows).unwrap().name,
            "ERROR_INVALID_FUNCTION"
        );
        assert!(
            meaning_on(130, Platform::Unix)
                .unwrap()
                .name
                .starts_with("SIGINT")
        );
        assert!(
            meaning_on(126, Platform::Unix)
                .unwrap()
                .name
                .contains("not executable")
        );
        // 3 and 255 have no convention on Unix, only Win32 names.
        assert!(meaning_on(3, Platform::Unix).is_none());
        assert!(meaning_on(255, Platform::Unix).is_none());
        assert_eq!(
            meaning_on(0xE043_4352, Platform::Windows).unwrap().reading,
            "dotnet"
        );
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
