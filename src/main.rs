//! The `errcode` binary: parse arguments, run a command, map the outcome to
//! an exit code. Everything else lives in the modules below and the library.
//!
//! `#![no_main]`: Rust's usual start-up (stack-guard probing, which reads
//! /proc/self/maps through sscanf) costs more instructions than an entire
//! lookup; skipping it is what lets `errcode lookup` start as cheaply as
//! errno(1). std works as usual without it (glibc hands std its arguments).

// Unit tests of the binary's modules need libtest's own `main`.
#![cfg_attr(not(test), no_main)]
// Under test the entry point is libtest's, so the runner is unreachable there.
#![cfg_attr(test, allow(dead_code))]

mod arena;
mod body;
mod cli;
mod commands;
mod exit;
mod render;

#[global_allocator]
static ALLOCATOR: arena::StartupArena = arena::StartupArena;

#[cfg(not(test))]
use std::ffi::{c_char, c_int};

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    ignore_sigpipe();
    commands::main() as c_int
}

/// Rust's own start-up ignores SIGPIPE so that writing into a closed pipe is an
/// error we can handle (`errcode list | head -1` ends quietly with exit 0)
/// instead of a kill. With `no_main` we must do it ourselves.
#[cfg(all(unix, not(test)))]
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

#[cfg(all(not(unix), not(test)))]
fn ignore_sigpipe() {}
