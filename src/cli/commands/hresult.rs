//! `errcode hresult`: decode an HRESULT and name what it is.

use std::io::Write;

use anyhow::{Result, anyhow};
use errcode_cli::catalog::{self, Entry};
use errcode_cli::hresult;
use errcode_cli::model::HresultView;

use crate::exit::{Exit, InputError};
use crate::render;
use crate::settings::Output;

pub fn run(w: &mut impl Write, out: Output, value: &str) -> Result<Exit> {
    let (h, notation) = hresult::parse(value)
        .map_err(|e| anyhow!(InputError(format!("not an HRESULT: {value:?} ({e})"))))?;
    let entries: Vec<&'static Entry> = catalog::by_hresult(h).collect();
    let view = HresultView::new(value, h, notation, &entries);
    let found = !entries.is_empty() || !view.windows.is_empty();
    if out.json {
        render::json(w, &view)?;
    } else {
        render::hresult(w, &view, &entries, out.style)?;
    }
    // All digits: read as decimal, as documented, but a hex reading that names
    // a catalog entry is worth a hint.
    if !found && notation == hresult::Notation::Decimal {
        if let Ok(hex) = u32::from_str_radix(value.trim(), 16) {
            if let Some(e) = catalog::by_hresult(hex).next() {
                eprintln!(
                    "errcode: hint: read as decimal; 0x{hex:08X} would be {}",
                    e.code()
                );
            }
        }
    }
    Ok(Exit::found_if(found))
}
