//! Settings resolved once per run from the arguments and the environment:
//! output format, colour, and which sources `--service` selects.

use anyhow::{Result, anyhow, bail};
use errcode_cli::catalog::Service;
use errcode_cli::windows;

use crate::args::{ColorChoice, Format, OutputArgs, ServiceFilter};
use crate::exit::InputError;
use crate::render::Style;

/// Resolved output settings.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// JSON rather than tables.
    pub json: bool,
    /// Table, JSON, JSON Lines or CSV.
    pub format: Format,
    /// Colours.
    pub style: Style,
}

impl Output {
    pub fn new(args: &OutputArgs, is_tty: bool) -> Output {
        let format = if args.json {
            Format::Json
        } else {
            args.format.unwrap_or(Format::Table)
        };
        let json = format == Format::Json;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color,
        };
        Output {
            json,
            format,
            style: Style {
                color: color && format == Format::Table,
            },
        }
    }
}

pub fn service_of(filter: &ServiceFilter) -> Result<Option<Service>> {
    match &filter.service {
        None => Ok(None),
        Some(s) => Service::parse(s).map(Some).ok_or_else(|| {
            let ids: Vec<_> = Service::all().map(Service::id).collect();
            anyhow!(InputError(format!(
                "unknown service {s:?} (expected one of: {})",
                ids.join(", ")
            )))
        }),
    }
}

/// What `--service` selects for the catalog commands: every source, one
/// service, or only the Windows names (which rank below the services).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The five services, then the Windows names.
    All,
    /// One service.
    Service(Service),
    /// Only the Windows names.
    Windows,
}

impl Scope {
    /// The service filter for catalog queries.
    pub fn service(self) -> Option<Service> {
        match self {
            Scope::Service(s) => Some(s),
            _ => None,
        }
    }
    pub fn services(self) -> bool {
        self != Scope::Windows
    }
    pub fn windows(self) -> bool {
        matches!(self, Scope::All | Scope::Windows)
    }
}

/// `--service` for the commands that also read the Windows names.
pub fn scope_of(filter: &ServiceFilter) -> Result<Scope> {
    match &filter.service {
        Some(s) if s.trim().eq_ignore_ascii_case(windows::SOURCE_ID) => Ok(Scope::Windows),
        Some(s) => match Service::parse(s) {
            Some(svc) => Ok(Scope::Service(svc)),
            None => {
                let ids: Vec<_> = Service::all()
                    .map(Service::id)
                    .chain([windows::SOURCE_ID])
                    .collect();
                bail!(InputError(format!(
                    "unknown service {s:?} (expected one of: {})",
                    ids.join(", ")
                )))
            }
        },
        None => Ok(Scope::All),
    }
}
