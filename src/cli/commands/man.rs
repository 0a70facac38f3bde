//! `errcode man`: one manual page, generated from the clap definitions.
//!
//! clap_mangen writes the top-level sections; every subcommand is then
//! documented in the same page (its synopsis, what it does, its options
//! and examples), since errcode installs one page, not one per subcommand.
//! EXIT STATUS and ENVIRONMENT are written here, from the same facts the
//! README's tables give.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;

use crate::args::Cli;
use crate::exit::Exit;

/// Writes the roff page.
pub fn run(w: &mut impl Write) -> Result<Exit> {
    w.write_all(&page()?)?;
    Ok(Exit::Found)
}

/// The whole page.
fn page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    // The title carries roff's preamble (the apostrophe string); every
    // other part is added without its own copy.
    man.render_title(&mut out)?;
    add(&mut out, |w| man.render_name_section(w))?;
    add(&mut out, |w| man.render_synopsis_section(w))?;
    add(&mut out, |w| man.render_description_section(w))?;
    add(&mut out, |w| man.render_options_section(w))?;
    out.extend_from_slice(b".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        // The global options are documented once, above; -h is everywhere.
        let sub = sub
            .clone()
            .bin_name(format!("errcode {name}"))
            .disable_help_flag(true);
        let sub_man = Man::new(sub.clone());
        out.extend_from_slice(format!(".SS \"errcode {name}\"\n").as_bytes());
        body_of(&mut out, |w| sub_man.render_synopsis_section(w))?;
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        text(&mut out, &about);
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            body_of(&mut out, |w| sub_man.render_options_section(w))?;
        }
        if sub.get_after_help().is_some() || sub.get_after_long_help().is_some() {
            body_of(&mut out, |w| sub_man.render_extra_section(w))?;
        }
    }
    out.extend_from_slice(b".SS \"errcode help [COMMAND]\"\n");
    text(&mut out, "Print the help of errcode or of one command.");
    section(&mut out, "EXIT STATUS", EXIT_STATUS);
    section(&mut out, "ENVIRONMENT", ENVIRONMENT);
    if cmd.get_after_help().is_some() {
        out.extend_from_slice(b".SH EXAMPLES\n");
        let mut extra = Vec::new();
        add(&mut extra, |w| man.render_extra_section(w))?;
        out.extend_from_slice(without_heading(&extra));
    }
    add(&mut out, |w| man.render_version_section(w))?;
    Ok(out)
}

/// Exit statuses: a man page's EXIT STATUS (one paragraph each).
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Something was found, or the command succeeded. retryable: retry.",
    ),
    (
        "1",
        "The input was read, but nothing matched (lookup exits 1 if any code has no entry). retryable: do not retry, including a conditional verdict.",
    ),
    (
        "2",
        "Usage error, or input that is not valid: a bad HRESULT, status or service, an unreadable file, a body over --max-bytes (under decode --lines, after every line is reported).",
    ),
    (
        "3",
        "retryable only: the input was read but holds nothing to judge by (no status, no code).",
    ),
    (
        "any",
        "run exits with the command's own status: 128+N when signal N killed it, 127 when it was not found, 126 when it could not be run.",
    ),
];

/// Environment variables errcode reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NO_COLOR",
        "When set and not empty, no colour under --color auto. It wins over the variables that force colour.",
    ),
    ("CLICOLOR", "Set to 0: no colour under --color auto."),
    (
        "CLICOLOR_FORCE",
        "Set and not 0: colour under --color auto even into a pipe or file.",
    ),
    (
        "FORCE_COLOR",
        "Set and not 0 or false: colour under --color auto even into a pipe or file.",
    ),
];

/// A section of tagged paragraphs.
fn section(out: &mut Vec<u8>, heading: &str, items: &[(&str, &str)]) {
    out.extend_from_slice(format!(".SH \"{heading}\"\n").as_bytes());
    for (tag, body) in items {
        out.extend_from_slice(b".TP\n");
        out.extend_from_slice(format!("\\fB{}\\fR\n", escape(tag)).as_bytes());
        out.extend_from_slice(escape(body).as_bytes());
        out.push(b'\n');
    }
}

/// A paragraph of plain text.
fn text(out: &mut Vec<u8>, s: &str) {
    if s.is_empty() {
        return;
    }
    out.extend_from_slice(b".PP\n");
    for line in s.lines() {
        out.extend_from_slice(escape(line).as_bytes());
        out.push(b'\n');
    }
}

/// What a clap_mangen section renders, without its `.SH` heading (inside a
/// command's `.SS`, its parts are not sections of their own).
fn body_of(
    out: &mut Vec<u8>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut part = Vec::new();
    add(&mut part, render)?;
    out.extend_from_slice(b".PP\n");
    out.extend_from_slice(without_heading(&part));
    Ok(())
}

/// Appends what `render` writes, without the preamble roff puts at the top
/// of every document it writes.
fn add(
    out: &mut Vec<u8>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut part = Vec::new();
    render(&mut part)?;
    for line in part.split_inclusive(|&b| b == b'\n') {
        if !(line.starts_with(b".ie \\n(.g .ds Aq") || line.starts_with(b".el .ds Aq")) {
            out.extend_from_slice(line);
        }
    }
    Ok(())
}

fn without_heading(part: &[u8]) -> &[u8] {
    match part.strip_prefix(b".SH ") {
        Some(rest) => match rest.iter().position(|&b| b == b'\n') {
            Some(nl) => &rest[nl + 1..],
            None => b"",
        },
        None => part,
    }
}

/// Roff-escapes text: backslashes, hyphens (so they stay ASCII), and a
/// leading dot or quote that would read as a request.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    if s.starts_with('.') || s.starts_with('\'') {
        out.push_str("\\&");
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '-' => out.push_str("\\-"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_text() -> String {
        String::from_utf8(page().unwrap()).unwrap()
    }

    #[test]
    fn every_command_and_option_is_documented() {
        let text = page_text();
        let cmd = Cli::command();
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            assert!(
                text.contains(&format!(".SS \"errcode {name}")),
                "no section for {name}"
            );
            for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if let Some(long) = arg.get_long() {
                    let roff = format!("\\-\\-{}", long.replace('-', "\\-"));
                    assert!(text.contains(&roff), "{name} --{long} is not in the page");
                }
            }
        }
        for arg in cmd.get_arguments().filter_map(|a| a.get_long()) {
            assert!(text.contains(&format!("\\-\\-{arg}")), "--{arg}");
        }
    }

    #[test]
    fn exit_status_and_environment_sections_and_no_missing_pages() {
        let text = page_text();
        assert!(text.contains(".SH \"EXIT STATUS\""));
        assert!(text.contains(".SH \"ENVIRONMENT\""));
        for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR"] {
            assert!(text.contains(&format!("\\fB{var}\\fR")), "{var}");
        }
        assert!(
            !text.contains("errcode\\-lookup(1)"),
            "names a page that does not exist"
        );
        assert!(!text.contains("(1)\n"), "a reference to another page");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape(".x -y \\z"), "\\&.x \\-y \\\\z");
        assert_eq!(without_heading(b".SH OPTIONS\n.TP\nx\n"), b".TP\nx\n");
        assert_eq!(without_heading(b".TP\n"), b".TP\n");
        let page = page_text();
        assert_eq!(
            page.matches(".ds Aq").count(),
            2,
            "one preamble (.ie and .el)"
        );
    }
}
