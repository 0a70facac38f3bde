//! The `errcode` binary: parse arguments, run a command, map the outcome to
//! an exit code. Everything else lives in the modules below and the library.
//!
//! On Linux the binary is `#![no_main]`: Rust's usual start-up (the
//! stack-guard set-up, which reads /proc/self/maps through sscanf) costs
//! more instructions than an entire lookup (callgrind: ~105k of 458k);
//! skipping it is what lets `errcode lookup` start as cheaply as errno(1).
//! std works as usual without it (glibc hands std its arguments through
//! `.init_array`). Other targets take the ordinary `fn main`.

// Unit tests of the binary's modules need libtest's own `main`.
#![cfg_attr(all(target_os = "linux", not(test)), no_main)]
// Under test the entry point is libtest's, so the runner is unreachable there.
#![cfg_attr(test, allow(dead_code))]

mod arena;
mod args;
mod commands;
mod exit;
mod input;
mod render;
mod settings;
mod wrap;

use std::io::{self, BufWriter, IsTerminal, Write};

use clap::{CommandFactory, FromArgMatches};

use crate::args::Cli;
use crate::exit::Exit;

#[global_allocator]
static ALLOCATOR: arena::StartupArena = arena::StartupArena;

#[cfg(all(target_os = "linux", not(test)))]
use std::ffi::{c_char, c_int};

#[cfg(all(target_os = "linux", not(test)))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    ignore_sigpipe();
    run_main().code() as c_int
}

/// The ordinary entry point, where the start-up trick is not used.
/// `process::exit` rather than `ExitCode`, which holds 8 bits only: `run`
/// passes on a Windows command's 32-bit status (0xC0000005) as it is.
#[cfg(not(target_os = "linux"))]
fn main() {
    let code = run_main().code();
    std::process::exit(code)
}

/// Rust's own start-up ignores SIGPIPE so that writing into a closed pipe is an
/// error we can handle (`errcode list | head -1` ends quietly with exit 0)
/// instead of a kill. With `no_main` we must do it ourselves.
#[cfg(all(target_os = "linux", not(test)))]
fn ignore_sigpipe() {
    unsafe extern "C" {
        fn signal(signum: c_int, handler: usize) -> usize;
    }
    const SIGPIPE: c_int = 13;
    const SIG_IGN: usize = 1;
    // SAFETY: installing SIG_IGN for SIGPIPE before any thread starts.
    unsafe {
        signal(SIGPIPE, SIG_IGN);
    }
}

/// Parses arguments, runs, prints errors once, returns the exit code.
fn run_main() -> Exit {
    // The command tree is thousands of small allocations; the process ends
    // right after the run, so freeing them one by one is pure start-up cost
    // (callgrind: ~40k instructions). Leak them instead.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = match args::parse_simple(&argv) {
        Some(cli) => Ok(cli),
        None => {
            let mut command = std::mem::ManuallyDrop::new(Cli::command());
            command
                .try_get_matches_from_mut(argv)
                .map(std::mem::ManuallyDrop::new)
                .and_then(|matches| Cli::from_arg_matches(&matches))
        }
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    let result = commands::run(cli, &mut out, is_tty).and_then(|exit| {
        out.flush()?;
        Ok(exit)
    });
    match result {
        Ok(exit) => exit,
        Err(err) if is_broken_pipe(&err) => Exit::Found,
        Err(err) => {
            // Whatever was printed before the error still reaches the reader.
            let _ = out.flush();
            eprintln!("errcode: {err:#}");
            Exit::Error
        }
    }
}

/// Help and version go out as clap writes them; a usage error becomes one
/// line, like every other error: `errcode: unexpected argument '--x' found
/// (see errcode lookup --help)`.
fn usage_error(e: &clap::Error) -> Exit {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            Exit::Found
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            Exit::Error
        }
        _ => {
            let rendered = e.render().to_string();
            let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut first = lines.next().unwrap_or("invalid arguments").to_string();
            if first.ends_with(':') {
                // "the following required arguments were not provided:" + the list
                let missing: Vec<&str> = lines
                    .clone()
                    .take_while(|l| !l.starts_with("Usage:"))
                    .collect();
                first = format!("{first} {}", missing.join(" "));
            }
            let first = first.strip_prefix("error: ").unwrap_or(&first);
            // clap's tip ("a similar argument exists: '--json'") is worth keeping.
            let tip = lines
                .find_map(|l| l.strip_prefix("tip: "))
                .map(|t| format!("; {t}"))
                .unwrap_or_default();
            eprintln!("errcode: {first}{tip} (see {} --help)", help_target());
            Exit::Error
        }
    }
}

/// `errcode lookup` when the arguments name a subcommand, else `errcode`.
fn help_target() -> String {
    let command = Cli::command();
    std::env::args()
        .skip(1)
        .find(|a| command.get_subcommands().any(|s| s.get_name() == a))
        .map(|s| format!("errcode {s}"))
        .unwrap_or_else(|| "errcode".to_string())
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
