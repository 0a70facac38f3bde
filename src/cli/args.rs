//! Command-line definitions (clap types only; no behaviour).

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Explain the error codes, HRESULTs, HTTP statuses and error bodies of
/// Microsoft REST services (Service Fabric, Batch, Cosmos DB, IIS Media
/// Services, Veeam Enterprise Manager), offline.
#[derive(Debug, Parser)]
#[command(name = "errcode", version, long_version = errcode_cli::catalog::VERSION_TEXT, about, long_about = None, after_help = TOP_HELP)]
#[command(arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub output: OutputArgs,
    /// Values to explain without naming a subcommand: a code or Windows name,
    /// an HRESULT, a status or status.substatus, an exit code, or a file (or
    /// -) holding a body; every reading is shown, best first
    #[arg(value_name = "VALUE")]
    pub values: Vec<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Printed under the top-level `--help`.
const TOP_HELP: &str = "Examples:
  errcode 0x80071BC6             every reading of a value
  errcode FABRIC_E_NOT_PRIMARY 503
  errcode response.http          decode a body in a file

Exit codes: 0 found, 1 nothing found, 2 usage or input error.";

/// Output options shared by every command.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Print JSON (same as --format json)
    #[arg(long, global = true)]
    pub json: bool,
    /// Output format
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables and cards for people
    Table,
    /// JSON for scripts
    Json,
    /// JSON Lines: one entry object per line (entry lists only)
    Jsonl,
    /// CSV (RFC 4180) with a header row (entry lists only)
    Csv,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, unless the environment says otherwise
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Look up error codes by name (case-insensitive), across services
    #[command(after_help = LOOKUP_HELP)]
    Lookup {
        /// Codes to look up (FABRIC_E_NOT_PRIMARY, PoolNotFound, 449, 1002 ...)
        #[arg(required = true, value_name = "CODE")]
        codes: Vec<String>,
        #[command(flatten)]
        filter: ServiceFilter,
    },
    /// Explain an HRESULT: its structure, the catalog entries and every Windows name for it
    #[command(after_help = HRESULT_HELP)]
    Hresult {
        /// 0x8088002E, 8088002E, 0x8088002EL, 2156396590 or -2138570706
        #[arg(allow_negative_numbers = true, value_name = "VALUE")]
        value: String,
    },
    /// Explain an HTTP status (or Cosmos DB status.substatus) and list its entries
    #[command(after_help = STATUS_HELP)]
    Status {
        /// 409, or a Cosmos DB status with sub-status: 404.1002 or 404/1002
        #[arg(value_name = "STATUS")]
        status: String,
        #[command(flatten)]
        filter: ServiceFilter,
    },
    /// List catalog entries (the Windows names with --service windows)
    #[command(after_help = LIST_HELP)]
    List {
        #[command(flatten)]
        filter: ServiceFilter,
        /// Only entries with this HTTP status (409, 404.1002)
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Only entries of this category (UserError, ServerError)
        #[arg(long, value_name = "CATEGORY")]
        category: Option<String>,
        /// Only entries from the seed documents or from the wider reference material
        #[arg(long, value_enum, value_name = "ORIGIN")]
        origin: Option<Origin>,
    },
    /// Search codes and messages for all the given words in any form or synonym, best match first
    #[command(after_help = SEARCH_HELP)]
    Search {
        /// Words to find (`throttled`, `access denied`); a status (409, 404.1002) narrows
        #[arg(required = true, value_name = "TEXT")]
        words: Vec<String>,
        #[command(flatten)]
        filter: ServiceFilter,
    },
    /// Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals
    #[command(after_help = EXIT_HELP)]
    Exit {
        /// 3221225477, -1073741510, 0xC000013A, 137
        #[arg(allow_negative_numbers = true, value_name = "CODE")]
        code: String,
    },
    /// List the services with their ids, names, sources and entry counts
    #[command(after_help = SERVICES_HELP)]
    Services,
    /// Explain an error response body (XML, JSON or a whole raw HTTP response)
    #[command(after_help = DECODE_HELP)]
    Decode(DecodeArgs),
    /// Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable
    #[command(after_help = RETRYABLE_HELP)]
    Retryable(RetryableArgs),
    /// Find and explain every error code, HRESULT and Cosmos DB status pair in logs
    #[command(after_help = SCAN_HELP)]
    Scan(ScanArgs),
    /// Run a command, pass its output through, and explain the error codes it printed if it fails
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
    /// Print the man page (roff)
    #[command(after_help = MAN_HELP)]
    Man,
    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `--service`.
#[derive(Debug, Args, Clone)]
pub struct ServiceFilter {
    /// Only this service (ids, full names and aliases accepted, any case)
    #[arg(long, short = 's', value_name = "SERVICE", value_parser = ServiceNames)]
    pub service: Option<String>,
}

/// Where to read a body from, and how much.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// File holding the body; standard input when absent or `-`
    #[arg(value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,
    /// Refuse input larger than this; bytes, or with a suffix K, M, G (KiB,
    /// MiB, GiB: powers of 1024), as in 64K or 16M
    #[arg(long, value_name = "SIZE", value_parser = parse_size,
          default_value_t = errcode_cli::decode::DEFAULT_MAX_BYTES as u64)]
    pub max_bytes: u64,
}

/// The parse of the simplest command lines without building clap's command
/// tree: `errcode lookup CODE...`, `status STATUS`, `hresult VALUE`, `exit
/// CODE` or bare values, with `--json` anywhere and `--service X` (`-s X`,
/// `--service=X`) where the command takes it, all words UTF-8. Building and
/// running clap is ~90,000 instructions, a quarter of a whole `errcode
/// hresult` run, and these lines are most of what people and scripts type.
/// `None` means "ask clap"; for every line it accepts the result is what
/// clap gives (a unit test compares them), and anything else (another
/// option, a repeated one, a negative number) goes to clap.
pub fn parse_simple(args: &[std::ffi::OsString]) -> Option<Cli> {
    let words: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str())
        .collect::<Option<_>>()?;
    let mut json = false;
    let mut service: Option<String> = None;
    let mut positional: Vec<&str> = Vec::new();
    let mut it = words.iter();
    while let Some(&w) = it.next() {
        let value = match w {
            "--json" if !json => {
                json = true;
                continue;
            }
            "--service" | "-s" => Some(*it.next()?),
            _ => w.strip_prefix("--service="),
        };
        match value {
            Some(v) if service.is_none() && !v.is_empty() && !v.starts_with('-') => {
                service = Some(v.to_string());
            }
            Some(_) => return None,
            None if w.is_empty() || w.starts_with('-') => return None,
            None => positional.push(w),
        }
    }
    let (first, rest) = positional.split_first()?;
    let output = OutputArgs {
        json,
        format: None,
        color: ColorChoice::Auto,
    };
    let one = || match rest {
        [value] => Some(value.to_string()),
        _ => None,
    };
    let takes_service = matches!(*first, "lookup" | "status");
    if service.is_some() && !takes_service {
        return None;
    }
    let filter = ServiceFilter { service };
    let command = match *first {
        "lookup" if !rest.is_empty() => Command::Lookup {
            codes: rest.iter().map(|w| w.to_string()).collect(),
            filter,
        },
        "hresult" => Command::Hresult { value: one()? },
        "status" => Command::Status {
            status: one()?,
            filter,
        },
        "exit" => Command::Exit { code: one()? },
        _ if SUBCOMMANDS.contains(first) => return None,
        _ => {
            return Some(Cli {
                output,
                values: positional.iter().map(|w| w.to_string()).collect(),
                command: None,
            });
        }
    };
    Some(Cli {
        output,
        values: Vec::new(),
        command: Some(command),
    })
}

/// Every subcommand name, `help` included: a first word that is one of
/// these is never a bare value.
const SUBCOMMANDS: &[&str] = &[
    "lookup",
    "hresult",
    "status",
    "list",
    "search",
    "exit",
    "services",
    "decode",
    "retryable",
    "scan",
    "run",
    "man",
    "completions",
    "help",
];

/// A byte count as people write it: `4096`, `64K`, `16M`, `1G`, any case,
/// with or without `iB` (`64KiB`); the units are powers of 1024, as for
/// memory. clap puts the value and the flag before the message.
pub fn parse_size(text: &str) -> Result<u64, String> {
    const EXPECTED: &str = "expected a number of bytes, optionally with K, M or G (64K, 16M, 1G)";
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => return Err(EXPECTED.into()),
    };
    let n: u64 = number.parse().map_err(|_| EXPECTED.to_string())?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("more than {} bytes", u64::MAX))
}

/// `decode` arguments.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: ServiceFilter,
    /// The input holds many bodies, one per line (NDJSON logs); JSON Lines
    /// under --json. --max-bytes then limits each line
    #[arg(long)]
    pub lines: bool,
}

/// Printed under `errcode lookup --help`.
const LOOKUP_HELP: &str = "Examples:
  errcode lookup FABRIC_E_NOT_PRIMARY
  errcode lookup poolnotfound JobNotFound --json
  errcode lookup 1002 --service cosmos      a sub-status number";

/// Printed under `errcode hresult --help`.
const HRESULT_HELP: &str = "Examples:
  errcode hresult 0x8088002E
  errcode hresult -2147017786               negative decimal, as .NET prints it";

/// Printed under `errcode status --help`.
const STATUS_HELP: &str = "Examples:
  errcode status 503 --service fabric
  errcode status 404.1002                   Cosmos DB status.substatus";

/// Printed under `errcode list --help`.
const LIST_HELP: &str = "Examples:
  errcode list --service batch --status 409
  errcode list --format csv > catalog.csv
  errcode list --service windows --format jsonl";

/// Printed under `errcode search --help`.
const SEARCH_HELP: &str = "Examples:
  errcode search throttled
  errcode search 409 conflict --service batch";

/// Printed under `errcode exit --help`.
const EXIT_HELP: &str = "Examples:
  errcode exit 137                          SIGKILL: often out of memory
  errcode exit 0xC0000005
  errcode exit -1073741510                  negative decimal, as .NET prints it";

/// Printed under `errcode services --help`.
const SERVICES_HELP: &str = "Examples:
  errcode services
  errcode services --json | jq -r '.[].id'";

/// Printed under `errcode decode --help`.
const DECODE_HELP: &str = "Examples:
  errcode decode response.xml
  curl -si $URL | errcode decode
  errcode decode --lines --json errors.ndjson";

/// Printed under `errcode retryable --help`.
const RETRYABLE_HELP: &str = "Examples:
  errcode retryable resp.http && retry
  errcode retryable --method POST --json < resp.http

Exit codes: 0 retry, 1 do not retry (or only under a condition), 2
unreadable input, 3 nothing to judge by.";

/// Printed under `errcode scan --help`.
const SCAN_HELP: &str = "Examples:
  errcode scan app.log
  errcode scan --summary app.log other.log
  kubectl logs pod/api | errcode scan --json";

/// Printed under `errcode man --help`.
const MAN_HELP: &str = "Examples:
  errcode man | man -l -
  errcode man > /usr/local/share/man/man1/errcode.1";

/// Printed under `errcode completions --help`.
const COMPLETIONS_HELP: &str = "Examples:
  errcode completions bash > ~/.local/share/bash-completion/completions/errcode
  errcode completions zsh > ~/.zfunc/_errcode";

/// Printed under `errcode run --help`.
const RUN_HELP: &str = "Examples:
  errcode run -- az storage account show -n acct
  errcode run --json why.json -- sfctl partition list --service-id app~svc

The command's stdout and stderr pass through as it writes them; when it
fails, errcode prints on stderr what each error code it printed means (most
recent first) and what its exit status means. errcode then exits with the
command's own status: 128+N when a signal N killed it, 127 when it was not
found, 126 when it could not be run.";

/// `run` arguments.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Also write the explanation as JSON to FILE, whether the command fails
    /// or not (`--json FILE` before the command means the same)
    #[arg(long, value_name = "FILE")]
    pub json_file: Option<std::path::PathBuf>,
    /// The command and its arguments
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "COMMAND"
    )]
    pub command: Vec<std::ffi::OsString>,
}

/// `scan` arguments.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files to scan; standard input when none, `-` for standard input among files
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// One row per code with its count, first and last line, sorted by count
    #[arg(long)]
    pub summary: bool,
    /// Also report low-confidence matches: code names that are ordinary words
    /// (Unknown, ServerBusy) with no error-code key or service name on their line
    #[arg(long)]
    pub low: bool,
}

/// `retryable` arguments.
#[derive(Debug, Args)]
pub struct RetryableArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: ServiceFilter,
    /// The request's HTTP method: a write (POST) may get a stricter answer than a read
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,
}

impl Command {
    /// The subcommand's name, as typed (`lookup`, `scan`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Lookup { .. } => "lookup",
            Command::Hresult { .. } => "hresult",
            Command::Status { .. } => "status",
            Command::List { .. } => "list",
            Command::Search { .. } => "search",
            Command::Exit { .. } => "exit",
            Command::Services => "services",
            Command::Decode(_) => "decode",
            Command::Retryable(_) => "retryable",
            Command::Scan(_) => "scan",
            Command::Run(_) => "run",
            Command::Man => "man",
            Command::Completions { .. } => "completions",
        }
    }
}

/// Offers the service ids to help and shell completion without restricting
/// the value: full names and aliases (`"Azure Cosmos DB"`) are accepted too,
/// and an unknown name is reported by the command in one line.
#[derive(Debug, Clone, Copy)]
pub struct ServiceNames;

impl clap::builder::TypedValueParser for ServiceNames {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            errcode_cli::catalog::SERVICES
                .iter()
                .map(|s| clap::builder::PossibleValue::new(s.id).help(s.name))
                .chain([
                    clap::builder::PossibleValue::new(errcode_cli::windows::SOURCE_ID)
                        .help(errcode_cli::windows::SOURCE_NAME),
                ]),
        ))
    }
}

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Origin {
    /// A row of one of the five seed documents
    Seed,
    /// The wider reference material (SDK sources, IDL, gateway maps)
    Reference,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_names_are_clap_names() {
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name();
            if name == "help" {
                continue;
            }
            let mut argv = vec!["errcode", name];
            argv.extend(match name {
                "lookup" | "hresult" | "status" | "search" | "exit" | "run" => &["1"][..],
                "completions" => &["bash"][..],
                _ => &[][..],
            });
            let cli = Cli::try_parse_from(&argv).unwrap();
            assert_eq!(cli.command.expect("a subcommand").name(), name);
        }
    }

    #[test]
    fn every_command_has_examples_that_parse() {
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name();
            if name == "help" {
                continue;
            }
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.starts_with("Examples:\n"),
                "{name} --help has no examples"
            );
            let examples: Vec<&str> = help
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("errcode "))
                .collect();
            assert!(!examples.is_empty(), "{name}");
            for example in examples {
                // The command line up to a pipe, redirection or comment.
                let words: Vec<&str> = std::iter::once("errcode")
                    .chain(
                        example
                            .split("  ")
                            .next()
                            .unwrap()
                            .split_whitespace()
                            .take_while(|w| !["|", ">", "<", "&&"].contains(w)),
                    )
                    .collect();
                let parsed =
                    Cli::try_parse_from(&words).unwrap_or_else(|e| panic!("{words:?}: {e}"));
                assert_eq!(
                    parsed.command.expect("a subcommand").name(),
                    name,
                    "{words:?}"
                );
            }
        }
    }

    #[test]
    fn simple_lines_parse_as_clap_parses_them() {
        let subs: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut known: Vec<&str> = SUBCOMMANDS.to_vec();
        known.sort_unstable();
        // clap adds `help` when it builds the tree.
        let mut names: Vec<&str> = subs.iter().map(String::as_str).chain(["help"]).collect();
        names.sort_unstable();
        assert_eq!(known, names, "SUBCOMMANDS lists every subcommand");
        let lines: &[&[&str]] = &[
            &["lookup", "FABRIC_E_NOT_PRIMARY"],
            &["lookup", "PoolNotFound", "1002", "fabric:FABRIC_E_TIMEOUT"],
            &["hresult", "0x8088002E"],
            &["status", "404.1002"],
            &["exit", "137"],
            &["0x80071BC6"],
            &["FABRIC_E_NOT_PRIMARY", "503", "lookup"],
            &["résumé"],
            &["status", "503", "--service", "fabric"],
            &["status", "-s", "Service Fabric", "409"],
            &["lookup", "--service=cosmos", "1002", "--json"],
            &["--json", "lookup", "PoolNotFound"],
            &["--json", "0x80071BC6", "137"],
            &["hresult", "0x8088002E", "--json"],
        ];
        for line in lines {
            let argv: Vec<std::ffi::OsString> = std::iter::once("errcode")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect();
            let fast = parse_simple(&argv).unwrap_or_else(|| panic!("{line:?} takes clap"));
            let clap = Cli::try_parse_from(&argv).unwrap();
            assert_eq!(format!("{fast:?}"), format!("{clap:?}"), "{line:?}");
        }
        // Options, other subcommands, wrong counts and empty words go to clap.
        for line in [
            &["hresult", "-2147017786"][..],
            &["lookup", "X", "--format", "json"],
            &["lookup", "X", "--json", "--json"],
            &["lookup", "X", "-s", "fabric", "-s", "batch"],
            &["lookup", "X", "--service"],
            &["lookup", "X", "--service", "--json"],
            &["lookup", "X", "--service="],
            &["hresult", "0x1", "--service", "fabric"],
            &["0x1", "--service", "fabric"],
            &["lookup", "X", "-sfabric"],
            &["hresult", "1", "2"],
            &["hresult"],
            &["lookup"],
            &["search", "throttled"],
            &["help"],
            &["run", "true"],
            &[],
            &[""],
        ] {
            let argv: Vec<std::ffi::OsString> = std::iter::once("errcode")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect();
            assert!(parse_simple(&argv).is_none(), "{line:?}");
        }
    }

    #[test]
    fn sizes_take_binary_units_in_any_case() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("16mib"), Ok(16 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        for bad in ["", "K", "12X", "1.5M", "-1", " 1", "1 K", "1KB", "1T"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
        assert!(parse_size("99999999999999999999G").is_err());
        assert!(parse_size("17179869184G").is_err());
    }

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
