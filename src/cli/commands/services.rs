//! `errcode services`: the catalog's sources.

use std::io::Write;

use anyhow::Result;
use errcode_cli::catalog::Service;
use errcode_cli::model::ServiceView;

use crate::exit::Exit;
use crate::render;
use crate::settings::Output;

/// Lists the five services, then the Windows names.
pub fn run(w: &mut impl Write, out: Output) -> Result<Exit> {
    let mut views: Vec<ServiceView> = Service::all().map(ServiceView::from).collect();
    views.push(ServiceView::windows());
    if out.json {
        render::json(w, &views)?;
    } else {
        render::services(w, &views, out.style)?;
    }
    Ok(Exit::Found)
}
