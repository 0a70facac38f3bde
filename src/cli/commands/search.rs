//! `errcode search`: entries and Windows names whose words match.

use std::io::Write;

use anyhow::Result;
use errcode_cli::{search, windows};

use super::print_mixed;
use crate::exit::Exit;
use crate::settings::{Output, Scope};

/// Searches the services' catalog and the Windows names in `scope`.
pub fn run(w: &mut impl Write, out: Output, words: &[String], scope: Scope) -> Result<Exit> {
    let query = words.join(" ");
    let hits = if scope.services() {
        search::search(&query, scope.service())
    } else {
        Vec::new()
    };
    // Windows names have no HTTP status, so a status in the query leaves them out.
    let names = if scope.windows() && !search::names_status(&query) {
        windows::search(&query.split_whitespace().collect::<Vec<_>>())
    } else {
        Vec::new()
    };
    if hits.is_empty() && names.is_empty() {
        // An empty table would look like a crash; say so where a person looks.
        eprintln!("errcode: nothing matches {query:?}{}", scope.label());
    }
    print_mixed(w, out, &hits, &names, false)
}
