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
        let color = wants_color(args.color, is_tty, |name| std::env::var_os(name));
        Output {
            json,
            format,
            style: Style {
                color: color && format == Format::Table,
                width: if format == Format::Table {
                    output_width(is_tty, |name| std::env::var_os(name))
                } else {
                    None
                },
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
    /// ` in cosmos`, ` in windows`, or nothing for every source: for messages.
    pub fn label(self) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Service(s) => format!(" in {}", s.id()),
            Scope::Windows => format!(" in {}", windows::SOURCE_ID),
        }
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

/// The width tables and cards are fitted to: `COLUMNS` when it is a positive
/// integer (even into a pipe, so `COLUMNS=60 errcode list | cat` wraps),
/// else the terminal's width when stdout is one, else none: output into a
/// pipe or file is then unwrapped, byte for byte what it always was.
pub fn output_width(
    is_tty: bool,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<usize> {
    let columns = env("COLUMNS")
        .and_then(|v| v.to_str().and_then(|s| s.trim().parse::<usize>().ok()))
        .filter(|&n| n > 0);
    columns.or_else(|| {
        // Only asked of a terminal: comfy-table's crossterm reads its size.
        is_tty
            .then(|| comfy_table::Table::new().width())
            .flatten()
            .map(usize::from)
            .filter(|&n| n > 0)
    })
}

/// Whether to colour, by `--color` and then the conventions of the
/// environment (no-color.org, bixense.com/clicolors, FORCE_COLOR): under
/// `auto`, a non-empty `NO_COLOR` turns colour off, else `CLICOLOR_FORCE`
/// (not `0`) or `FORCE_COLOR` (not `0` or `false`) forces it even into a
/// pipe, else `CLICOLOR=0` turns it off, else colour goes to a terminal only.
pub fn wants_color(
    choice: ColorChoice,
    is_tty: bool,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> bool {
    let set = |name: &str, off: &[&str]| {
        env(name).is_some_and(|v| !v.is_empty() && !off.iter().any(|o| v.eq_ignore_ascii_case(o)))
    };
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR", &[]) => false,
        ColorChoice::Auto
            if set("CLICOLOR_FORCE", &["0"]) || set("FORCE_COLOR", &["0", "false"]) =>
        {
            true
        }
        ColorChoice::Auto if env("CLICOLOR").is_some_and(|v| v == "0") => false,
        ColorChoice::Auto => is_tty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(is_tty: bool, vars: &[(&str, &str)]) -> bool {
        wants_color(ColorChoice::Auto, is_tty, |name| {
            vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.into())
        })
    }

    #[test]
    fn columns_sets_the_width_when_it_is_a_positive_integer() {
        let width = |v: &str| output_width(false, |name| (name == "COLUMNS").then(|| v.into()));
        assert_eq!(width("60"), Some(60));
        assert_eq!(width(" 80 "), Some(80));
        assert_eq!(width("0"), None);
        assert_eq!(width("-5"), None);
        assert_eq!(width("wide"), None);
        assert_eq!(width(""), None);
        assert_eq!(
            output_width(false, |_| None),
            None,
            "a pipe stays unwrapped"
        );
    }

    #[test]
    fn colour_follows_the_environment_conventions() {
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(
            auto(true, &[("NO_COLOR", "")]),
            "an empty NO_COLOR is unset"
        );
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(auto(false, &[("FORCE_COLOR", "1")]));
        assert!(auto(false, &[("FORCE_COLOR", "true")]));
        assert!(!auto(false, &[("FORCE_COLOR", "0")]));
        assert!(!auto(false, &[("FORCE_COLOR", "false")]));
        assert!(!auto(true, &[("CLICOLOR", "0")]));
        assert!(auto(true, &[("CLICOLOR", "1")]));
        assert!(!auto(false, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]));
        assert!(auto(false, &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]));
        let none = |_: &str| None;
        assert!(wants_color(ColorChoice::Always, false, |_| Some(
            "1".into()
        )));
        assert!(!wants_color(ColorChoice::Never, true, none));
    }
}
