//! `errcode man`: the manual page, generated from the clap definitions.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::args::Cli;
use crate::exit::Exit;

/// Writes the roff page.
pub fn run(w: &mut impl Write) -> Result<Exit> {
    clap_mangen::Man::new(Cli::command()).render(w)?;
    Ok(Exit::Found)
}
