//! `errcode lookup`: codes, names, ids, numbers and `0x` literals, as cards.

use std::io::Write;

use anyhow::{Result, bail};
use errcode_cli::{catalog, windows};

use super::print_mixed;
use crate::exit::{Exit, InputError};
use crate::settings::{Output, Scope};

pub fn run(w: &mut impl Write, out: Output, codes: &[String], scope: Scope) -> Result<Exit> {
    let mut all = Vec::new();
    let mut all_names = Vec::new();
    let mut missing = false;
    if codes.iter().any(|c| c.trim().is_empty()) {
        bail!(InputError("empty code".into()));
    }
    let service = scope.service();
    for key in codes {
        let hits = if scope.services() {
            catalog::lookup(key.trim(), service)
        } else {
            Vec::new()
        };
        let names = if scope.windows() {
            windows::lookup(key.trim())
        } else {
            Vec::new()
        };
        if hits.is_empty() && names.is_empty() {
            missing = true;
            let mut near = if scope.services() {
                catalog::suggest(key.trim(), service)
            } else {
                Vec::new()
            };
            if scope.windows() && near.is_empty() {
                near = windows::suggest(key.trim());
            }
            let scope = scope.label();
            if near.is_empty() {
                eprintln!("errcode: no entry for {key:?}{scope}");
            } else {
                eprintln!(
                    "errcode: no entry for {key:?}{scope}; did you mean {}?",
                    near.join(", ")
                );
            }
        }
        all.extend(hits);
        all_names.extend(names);
    }
    print_mixed(w, out, &all, &all_names, true)?;
    Ok(if missing { Exit::NotFound } else { Exit::Found })
}
