//! `errcode run`: run a command with its output passed straight through,
//! scan both of its streams on the way, and explain its failure.
//!
//! The child's stdout and stderr are pipes that errcode reads as the child
//! writes, forwarding each read at once (nothing is held back) and feeding
//! it to the scanner, whose memory stays flat whatever the output's size.
//! When errcode's stdout and stderr are the same file (one terminal, or
//! `2>&1`), the child gets one pipe for both, so the two streams keep
//! exactly the order the child wrote them in; otherwise the two pipes are
//! read at the same time and forwarded as they arrive.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};
use errcode_cli::model::{EntryView, views};
use errcode_cli::process_exit::{self, Platform, Reading};
use errcode_cli::retry::{self, Method};
use errcode_cli::scan::{Match, Recent, RecentRow, ScanOptions, Scanner};
use errcode_cli::windows::CodeView;
use serde::Serialize;

use super::scan::{self, windows_views};
use crate::args::RunArgs;
use crate::exit::{Exit, InputError};

/// How many codes the explanation on stderr names; the JSON file has all.
const SHOWN: usize = 5;

/// The explanation as JSON (`--json FILE`).
#[derive(Serialize)]
struct Report {
    /// The command as run.
    command: Vec<String>,
    /// errcode's own exit status: the command's, 128+N when signal N killed
    /// it, 127 when it was not found, 126 when it could not be run.
    status: i32,
    /// The exit status the command returned, when it exited.
    exit_code: Option<i32>,
    /// The signal that killed it, when one did.
    signal: Option<SignalView>,
    /// Whether it failed (non-zero status, a signal, or not started).
    failed: bool,
    /// Why it could not be started, when it could not.
    error: Option<String>,
    /// What the status means, when a convention says.
    meaning: Option<Reading>,
    /// Bytes it wrote to stdout and stderr.
    bytes: u64,
    /// Every distinct code seen, most recent first.
    codes: Vec<CodeSeen>,
}

#[derive(Serialize)]
struct SignalView {
    number: i32,
    name: Option<&'static str>,
}

/// One distinct code in the command's output.
#[derive(Serialize)]
struct CodeSeen {
    #[serde(rename = "match")]
    text: String,
    kind: &'static str,
    count: u64,
    /// Other spellings of the same entry, counted here (its HRESULT).
    also: Vec<String>,
    /// `stdout`, `stderr`, or `output` when both went through one pipe.
    stream: &'static str,
    /// The retry verdict of the best entry, when there is one.
    retry: Option<&'static str>,
    entries: Vec<EntryView>,
    windows: Vec<CodeView>,
}

/// How the command ended.
enum Outcome {
    /// It ran and ended with this status.
    Ended(ExitStatus),
    /// It could not be started: exit status and the one-line reason.
    NotStarted(i32, String),
}

/// What reading the command's output found.
struct Seen {
    recent: Recent,
    bytes: u64,
    /// errcode's stdout was closed under it (`errcode run yes | head`).
    stdout_closed: bool,
    /// A read error on one of the pipes, already reported.
    read_failed: bool,
}

/// Runs the command; `json_flag` is the global `--json`, `json_format`
/// whether `--format json` was asked for.
pub fn run(w: &mut impl Write, json_flag: bool, json_format: bool, args: &RunArgs) -> Result<Exit> {
    let (json_file, argv) = split_json_file(json_flag, args)?;
    if json_format && json_file.is_none() {
        bail!(InputError(
            "run's stdout is the command's: write the JSON to a file with errcode run --json FILE -- COMMAND".into()
        ));
    }
    // Created before the command runs, so an unwritable path costs nothing.
    let mut report_file = match &json_file {
        Some(path) => Some(File::create(path).map_err(|e| {
            InputError(format!(
                "cannot write {}: {}",
                path.display(),
                crate::input::io_text(&e)
            ))
        })?),
        None => None,
    };
    let program = program_name(&argv[0]);
    let (outcome, seen) = execute(w, &argv)?;
    let (status, failed) = match &outcome {
        Outcome::Ended(s) => (shell_status(s), !s.success()),
        Outcome::NotStarted(code, _) => (*code, true),
    };
    let meaning = process_exit::meaning_on(status as u32, Platform::current());
    let rows = seen.recent.rows();
    // A child killed by SIGPIPE because errcode's reader went away is how
    // `cmd | head` ends; shells do not call that a failure worth a word.
    let quiet = seen.stdout_closed && signal_of(&outcome) == Some(13);
    if failed && !quiet {
        let mut err = io::stderr().lock();
        explain(
            &mut err,
            &program,
            &outcome,
            meaning.as_ref(),
            &rows,
            json_file.as_deref(),
        )?;
    }
    if let (Some(file), Some(path)) = (report_file.as_mut(), json_file.as_ref()) {
        let report = Report {
            command: argv
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
            status,
            exit_code: match &outcome {
                Outcome::Ended(s) => s.code(),
                Outcome::NotStarted(..) => None,
            },
            signal: signal_of(&outcome).map(|number| SignalView {
                number,
                name: process_exit::signal_name(number as u32),
            }),
            failed,
            error: match &outcome {
                Outcome::NotStarted(_, why) => Some(why.clone()),
                Outcome::Ended(_) => None,
            },
            meaning,
            bytes: seen.bytes,
            codes: rows.iter().map(code_seen).collect(),
        };
        let write = serde_json::to_writer_pretty(&mut *file, &report)
            .map_err(io::Error::from)
            .and_then(|()| file.write_all(b"\n"));
        write.with_context(|| format!("cannot write {}", path.display()))?;
    }
    if seen.read_failed && !failed {
        return Ok(Exit::Error);
    }
    Ok(Exit::Status(status))
}

/// `--json FILE` is the global `--json` flag followed by the file as the
/// first word; `--json-file FILE` says it without the trick.
fn split_json_file(json_flag: bool, args: &RunArgs) -> Result<(Option<PathBuf>, Vec<OsString>)> {
    let mut words = args.command.clone();
    let mut file = args.json_file.clone();
    if json_flag {
        if file.is_some() {
            bail!(InputError(
                "give either --json FILE or --json-file FILE, not both".into()
            ));
        }
        let usage = "run --json takes a FILE, then the command: errcode run --json FILE -- COMMAND";
        if words.len() < 2 || words[0] == "--" {
            bail!(InputError(usage.into()));
        }
        file = Some(PathBuf::from(words.remove(0)));
        if words[0] == "--" {
            words.remove(0);
        } else if words[0].to_string_lossy().starts_with('-') {
            // No command starts with a dash: this is an option of errcode's
            // that clap could not see once the FILE began the command.
            bail!(InputError(format!(
                "unexpected {} after --json FILE: put errcode's options before --json, the command after --",
                words[0].to_string_lossy()
            )));
        }
        if words.is_empty() {
            bail!(InputError(usage.into()));
        }
    }
    Ok((file, words))
}

/// `az` for `/usr/bin/az`: the name a person knows the command by.
fn program_name(arg: &OsString) -> String {
    Path::new(arg)
        .file_name()
        .unwrap_or(arg.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// The stream indices given to the scanner: stdout, stderr, or one pipe
/// carrying both.
fn stream_name(index: usize) -> &'static str {
    match index {
        0 => "stdout",
        1 => "stderr",
        _ => "output",
    }
}

/// The retry verdict of a row's best entry, when it names one.
fn verdict(row: &RecentRow) -> Option<&'static str> {
    row.entries
        .first()
        .map(|e| retry::classify(e, Method::Unknown).verdict.as_str())
}

fn code_seen(row: &RecentRow) -> CodeSeen {
    CodeSeen {
        text: row.key.to_string(),
        kind: row.key.kind().as_str(),
        count: row.count,
        also: row.also.iter().map(|k| k.to_string()).collect(),
        stream: stream_name(row.stream),
        retry: verdict(row),
        entries: views(&row.entries),
        windows: windows_views(row.key.hresult()),
    }
}

/// The status a shell would report: the exit code, or 128+N for signal N.
fn shell_status(status: &ExitStatus) -> i32 {
    match status.code() {
        Some(code) => code,
        None => 128 + signal_number(status).unwrap_or(0),
    }
}

fn signal_of(outcome: &Outcome) -> Option<i32> {
    match outcome {
        Outcome::Ended(s) => signal_number(s),
        Outcome::NotStarted(..) => None,
    }
}

#[cfg(unix)]
fn signal_number(status: &ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn signal_number(_status: &ExitStatus) -> Option<i32> {
    None
}

/// The lines on stderr after a failure: the status, then the codes.
fn explain(
    err: &mut impl Write,
    program: &str,
    outcome: &Outcome,
    meaning: Option<&Reading>,
    rows: &[RecentRow],
    json_file: Option<&Path>,
) -> io::Result<()> {
    let what = meaning.and_then(|m| m.meaning.as_deref().map(|text| (m.name.as_str(), text)));
    match outcome {
        Outcome::NotStarted(..) => {}
        Outcome::Ended(status) => match (signal_number(status), what) {
            (Some(n), what) => {
                let by = match process_exit::signal_name(n as u32) {
                    Some(name) => format!("{name} (signal {n})"),
                    None => format!("signal {n}"),
                };
                let text = what.map(|(_, t)| format!(": {t}")).unwrap_or_default();
                writeln!(err, "errcode: {program} was killed by {by}{text}")?
            }
            (None, Some((name, text))) => {
                // A name worth showing is a symbol (SIGINT, STATUS_...), not
                // a description the meaning repeats.
                let symbol = name
                    .split_whitespace()
                    .next()
                    .filter(|n| {
                        n.bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                    })
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                writeln!(
                    err,
                    "errcode: {program} exited with status {}{symbol}: {text}",
                    shell_status(status)
                )?
            }
            (None, None) => writeln!(
                err,
                "errcode: {program} exited with status {}",
                shell_status(status)
            )?,
        },
    }
    if rows.is_empty() {
        return Ok(());
    }
    let codes = if rows.len() == 1 { "code" } else { "codes" };
    writeln!(
        err,
        "errcode: {} error {codes} in its output, most recent first:",
        rows.len()
    )?;
    for row in rows.iter().take(SHOWN) {
        let mut notes = Vec::new();
        if row.count > 1 {
            notes.push(format!("x{}", row.count));
        }
        if !row.also.is_empty() {
            let also: Vec<String> = row.also.iter().map(|k| k.to_string()).collect();
            notes.push(format!("also {}", also.join(", ")));
        }
        let times = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        let verdict = verdict(row).map(|v| format!("  [{v}]")).unwrap_or_default();
        writeln!(
            err,
            "  {}{times}  {}{verdict}",
            row.key,
            scan::meaning(&row.entries, row.key.hresult())
        )?;
    }
    if rows.len() > SHOWN {
        let more = rows.len() - SHOWN;
        let all = match json_file {
            Some(path) => format!("all of them are in {}", path.display()),
            None => "errcode run --json FILE lists them all".into(),
        };
        writeln!(err, "  and {more} more; {all}")?;
    }
    Ok(())
}

/// Starts the command and reads its output to the end, then waits for it.
fn execute(w: &mut impl Write, argv: &[OsString]) -> Result<(Outcome, Seen)> {
    let merged = same_file_for_stdout_and_stderr();
    let mut command = Command::new(&argv[0]);
    command.args(&argv[1..]).stdin(Stdio::inherit());
    let (out_reader, err_reader) = if merged {
        let (reader, writer) = io::pipe()?;
        command.stdout(writer.try_clone()?).stderr(writer);
        (reader, None)
    } else {
        let (out_r, out_w) = io::pipe()?;
        let (err_r, err_w) = io::pipe()?;
        command.stdout(out_w).stderr(err_w);
        (out_r, Some(err_r))
    };
    let spawned = command.spawn();
    // The write ends live in `command`: drop them, or the reads below would
    // never see the end of the output.
    drop(command);
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            let program = argv[0].to_string_lossy();
            let (status, why) = match e.kind() {
                io::ErrorKind::NotFound => (127, "command not found".to_string()),
                io::ErrorKind::PermissionDenied => (126, "permission denied".to_string()),
                _ => (126, format!("cannot run it: {}", crate::input::io_text(&e))),
            };
            eprintln!("errcode: {program}: {why}");
            let seen = Seen {
                recent: Recent::new(),
                bytes: 0,
                stdout_closed: false,
                read_failed: false,
            };
            return Ok((Outcome::NotStarted(status, why), seen));
        }
    };
    // Ctrl-C and Ctrl-\ go to the whole foreground process group: let the
    // command decide what they mean, and stay to report how it ended.
    let _guard = signals::IgnoreInterrupts::new();
    let scanner = Scanner::new(ScanOptions::default());
    let stamps = AtomicU64::new(0);
    let seen = std::thread::scope(|scope| {
        let stderr_side = err_reader.map(|reader| {
            let (scanner, stamps) = (&scanner, &stamps);
            scope.spawn(move || {
                let sink = io::stderr();
                forward(scanner, stamps, 1, reader, sink)
            })
        });
        let stream = if merged { 2 } else { 0 };
        let mut seen = forward(&scanner, &stamps, stream, out_reader, &mut *w);
        if let Some(handle) = stderr_side {
            match handle.join() {
                Ok(other) => {
                    seen.recent.merge(other.recent);
                    seen.bytes += other.bytes;
                    seen.read_failed |= other.read_failed;
                }
                Err(_) => seen.read_failed = true,
            }
        }
        seen
    });
    let status = child.wait().context("waiting for the command")?;
    Ok((Outcome::Ended(status), seen))
}

/// Copies one of the child's streams to `sink` as it arrives, scanning it.
fn forward(
    scanner: &Scanner,
    stamps: &AtomicU64,
    stream: usize,
    reader: io::PipeReader,
    sink: impl Write,
) -> Seen {
    let mut recent = Recent::new();
    let mut tee = Tee {
        reader,
        sink,
        closed: false,
    };
    let result = scanner.scan_reader(&mut tee, |m: &Match| {
        recent.record(stamps.fetch_add(1, Ordering::Relaxed), stream, m);
        Ok(())
    });
    let mut seen = Seen {
        recent,
        bytes: 0,
        stdout_closed: tee.closed,
        read_failed: false,
    };
    match result {
        Ok(stats) => seen.bytes = stats.bytes,
        Err(e) => {
            eprintln!(
                "errcode: cannot read the command's output: {}",
                crate::input::io_text(&e)
            );
            seen.read_failed = true;
        }
    }
    // Dropping the reader closes the pipe: a command still writing to a
    // reader that went away gets SIGPIPE, as it would without errcode.
    seen
}

/// A reader that writes everything it reads to `sink` first.
struct Tee<W: Write> {
    reader: io::PipeReader,
    sink: W,
    /// The sink was closed (a broken pipe): reading stops.
    closed: bool,
}

impl<W: Write> Read for Tee<W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(0);
        }
        let n = self.reader.read(buf)?;
        let written = self
            .sink
            .write_all(&buf[..n])
            .and_then(|()| self.sink.flush());
        match written {
            Ok(()) => Ok(n),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                // Scan what was read; report the end of the stream next time.
                self.closed = true;
                Ok(n)
            }
            Err(e) => Err(e),
        }
    }
}

/// Whether errcode's stdout and stderr are one file (the same terminal, or
/// `2>&1`), so the command can be given one pipe for both.
#[cfg(unix)]
fn same_file_for_stdout_and_stderr() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let meta = |fd: std::os::fd::BorrowedFd<'_>| {
        fd.try_clone_to_owned()
            .ok()
            .and_then(|owned| File::from(owned).metadata().ok())
            .map(|m| (m.dev(), m.ino()))
    };
    match (meta(io::stdout().as_fd()), meta(io::stderr().as_fd())) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file_for_stdout_and_stderr() -> bool {
    false
}

#[cfg(unix)]
mod signals {
    use std::ffi::c_int;

    unsafe extern "C" {
        fn signal(signum: c_int, handler: usize) -> usize;
    }

    const SIGINT: c_int = 2;
    const SIGQUIT: c_int = 3;
    const SIG_IGN: usize = 1;

    /// Ignores SIGINT and SIGQUIT in errcode (not in the command, which was
    /// started before) until dropped, as system(3) does while it waits.
    pub struct IgnoreInterrupts {
        old: [usize; 2],
    }

    impl IgnoreInterrupts {
        pub fn new() -> IgnoreInterrupts {
            // SAFETY: signal(2) with SIG_IGN, then the previous handlers back.
            let old = unsafe { [signal(SIGINT, SIG_IGN), signal(SIGQUIT, SIG_IGN)] };
            IgnoreInterrupts { old }
        }
    }

    impl Drop for IgnoreInterrupts {
        fn drop(&mut self) {
            // SAFETY: restores what `new` replaced.
            unsafe {
                signal(SIGINT, self.old[0]);
                signal(SIGQUIT, self.old[1]);
            }
        }
    }
}

#[cfg(not(unix))]
mod signals {
    /// Elsewhere the console's Ctrl-C handling is left as it is.
    pub struct IgnoreInterrupts;

    impl IgnoreInterrupts {
        pub fn new() -> IgnoreInterrupts {
            IgnoreInterrupts
        }
    }
}
