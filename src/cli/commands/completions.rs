//! `errcode completions`: a shell's completion script.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::args::Cli;
use crate::exit::Exit;

/// Writes the script for `shell`.
pub fn run(w: &mut impl Write, shell: Shell) -> Result<Exit> {
    clap_complete::generate(shell, &mut Cli::command(), "errcode", w);
    Ok(Exit::Found)
}
