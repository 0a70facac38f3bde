//! `errcode list`: the catalog, filtered.

use std::io::Write;

use anyhow::{Context, Result, bail};
use errcode_cli::catalog::{self, Entry};
use errcode_cli::windows::{self, Code};

use super::{print_entries, print_mixed};
use crate::args::Origin;
use crate::exit::{Exit, InputError};
use crate::settings::{Output, Scope};

pub fn run(
    w: &mut impl Write,
    out: Output,
    scope: Scope,
    status: Option<&str>,
    category: Option<&str>,
    origin: Option<Origin>,
) -> Result<Exit> {
    let status = status.map(super::status::parse).transpose()?;
    // The 6,000 Windows names are listed on request only: `list` alone stays
    // the services' catalog. They have no status, category or seed origin.
    if scope == Scope::Windows {
        let names: Vec<&'static Code> =
            if status.is_none() && category.is_none() && origin != Some(Origin::Seed) {
                windows::all().iter().collect()
            } else {
                Vec::new()
            };
        return print_mixed(w, out, &[], &names, false).context("writing the list");
    }
    let service = scope.service();
    if let Some(c) = category {
        let known = catalog::entries()
            .iter()
            .any(|e| e.category().is_some_and(|k| k.eq_ignore_ascii_case(c)));
        if !known {
            bail!(InputError(format!(
                "unknown category {c:?} (expected UserError or ServerError)"
            )));
        }
    }
    let entries: Vec<&'static Entry> = catalog::entries()
        .iter()
        .filter(|e| service.is_none_or(|s| s == e.service))
        .filter(|e| {
            status.is_none_or(|(st, sub)| {
                e.status == Some(st) && sub.is_none_or(|ss| e.substatus == Some(ss))
            })
        })
        .filter(|e| {
            category.is_none_or(|c| e.category().is_some_and(|k| k.eq_ignore_ascii_case(c)))
        })
        .filter(|e| {
            origin.is_none_or(|o| match o {
                Origin::Seed => e.is_seed(),
                Origin::Reference => !e.is_seed(),
            })
        })
        .collect();
    print_entries(w, out, &entries, false).context("writing the list")
}
