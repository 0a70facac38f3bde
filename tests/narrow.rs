//! Narrow terminals: `COLUMNS` fits tables and cards to a width, even into a
//! pipe. Tables wrap only their meaning column, at spaces, so every code
//! name and HRESULT stays whole; cards wrap their values with a hanging
//! indent; a line is wider than the width only where an unbreakable word
//! forces it.

use assert_cmd::Command;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// The least room a wrapped value or meaning column gets (src/cli/wrap.rs).
const MIN_ROOM: usize = 16;
/// The widest lead a card line has before its value: a padded label, or the
/// retry line's `  retry     conditional - `.
const MAX_LEAD: usize = 26;

/// `errcode ARGS` without colour, with `COLUMNS` set to `columns` (or unset).
fn run(args: &[&str], columns: Option<usize>) -> String {
    let mut cmd = Command::cargo_bin("errcode").unwrap();
    cmd.env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .args(args);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c.to_string());
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "errcode {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Vec<Value> {
    let mut args = args.to_vec();
    args.push("--json");
    serde_json::from_str(&run(&args, None)).unwrap()
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A table's row lines split into trimmed cells.
fn cells(line: &str) -> Vec<&str> {
    line.trim_start_matches('│')
        .trim_end_matches('│')
        .split('┆')
        .map(str::trim)
        .collect()
}

/// Checks the entries table of `args` at `columns`, against `--json`.
fn check_table(args: &[&str], columns: usize) {
    let text = run(args, Some(columns));
    let entries = json(args);
    assert!(!entries.is_empty());
    let lines: Vec<&str> = text.lines().collect();
    let w = width(lines[0]);
    for l in &lines {
        assert_eq!(width(l), w, "a table is rectangular: {l:?}");
    }
    // Rows: a new one starts where the SERVICE cell is filled.
    let body = &lines[3..lines.len() - 1];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for l in body {
        let c = cells(l);
        assert_eq!(c.len(), 5, "{l:?}");
        if c[0].is_empty() {
            for (i, part) in c.iter().enumerate().skip(1) {
                let row = rows.last_mut().expect("a row before its continuation");
                if i < 4 {
                    assert!(part.is_empty(), "only the meaning wraps: {l:?}");
                } else if !part.is_empty() {
                    row[4].push(' ');
                    row[4].push_str(part);
                }
            }
        } else {
            rows.push(c.iter().map(|s| s.to_string()).collect());
        }
    }
    assert_eq!(rows.len(), entries.len(), "one row per entry at {columns}");
    for (row, e) in rows.iter().zip(&entries) {
        assert_eq!(row[1], e["code"].as_str().unwrap(), "the code is whole");
        let hresult = e["hresult"].as_str().unwrap_or("");
        assert_eq!(row[3], hresult, "the HRESULT is whole");
        let message = e["message"].as_str().unwrap().lines().next().unwrap_or("");
        let words: Vec<&str> = message.split_whitespace().collect();
        assert_eq!(row[4], words.join(" "), "no word of the meaning is lost");
    }
    if w > columns {
        // Too wide only because the meaning column is at its least: the
        // floor, or its longest word.
        let rule = lines[0];
        let last = rule.rsplit('┬').next().unwrap();
        let meaning_w = width(last) - 3; // padding and the corner
        let longest = rows
            .iter()
            .flat_map(|r| r[4].split(' '))
            .map(width)
            .max()
            .unwrap_or(0)
            .max("MEANING".len());
        assert!(
            meaning_w <= MIN_ROOM.max(longest),
            "{args:?} at {columns}: {w} wide with a meaning column of {meaning_w}"
        );
    }
}

#[test]
fn tables_wrap_the_meaning_and_keep_codes_and_hresults_whole() {
    for columns in [40, 60, 80, 120, 200] {
        check_table(&["list", "--service", "fabric"], columns);
        check_table(&["list", "--service", "batch"], columns);
        check_table(&["search", "partition", "--service", "fabric"], columns);
    }
}

#[test]
fn a_wide_enough_width_fits_the_table() {
    let text = run(&["list", "--service", "fabric"], Some(200));
    assert!(text.lines().all(|l| width(l) <= 200), "{text}");
    // And the meaning column used the room: something wrapped, or nothing had to.
    let unwrapped = run(&["list", "--service", "fabric"], None);
    let unwrapped_w = width(unwrapped.lines().next().unwrap());
    if unwrapped_w > 200 {
        assert!(text.lines().count() > unwrapped.lines().count());
        assert!(width(text.lines().next().unwrap()) > 190, "{text}");
    } else {
        assert_eq!(text, unwrapped);
    }
}

/// Checks that every line of cards fits `columns`, or is wider only because
/// of one unbreakable word after its lead.
fn check_cards(text: &str, columns: usize, what: &str) {
    for line in text.lines() {
        let w = width(line);
        if w <= columns {
            continue;
        }
        let longest = line.split(' ').map(width).max().unwrap_or(0);
        assert!(
            longest > columns.saturating_sub(MAX_LEAD).max(MIN_ROOM) - 1 && w - longest <= MAX_LEAD,
            "{what} at {columns}: {line:?} is {w} wide"
        );
    }
}

#[test]
fn cards_wrap_with_a_hanging_indent() {
    let text = run(&["lookup", "FABRIC_E_NOT_PRIMARY"], Some(40));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 8, "{text}");
    // The retry reason goes on under the value column.
    let retry = lines
        .iter()
        .position(|l| l.starts_with("  retry "))
        .unwrap();
    assert!(lines[retry + 1].starts_with(&" ".repeat(12)), "{text}");
    assert!(!lines[retry + 1][12..].starts_with(' '), "{text}");
    check_cards(&text, 40, "FABRIC_E_NOT_PRIMARY");
    // Nothing is lost: the words are the unwrapped card's.
    let unwrapped = run(&["lookup", "FABRIC_E_NOT_PRIMARY"], None);
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&text), words(&unwrapped));
}

#[test]
fn every_card_fits_or_is_forced_wider_by_one_word() {
    for service in ["fabric", "batch", "cosmos"] {
        let entries = json(&["list", "--service", service]);
        let codes: Vec<&str> = entries
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        let mut args = vec!["lookup", "--service", service];
        args.extend(&codes);
        let unwrapped = run(&args, None);
        for columns in [40, 60, 80] {
            let text = run(&args, Some(columns));
            check_cards(&text, columns, service);
            let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(&text), words(&unwrapped), "{service} at {columns}");
            for code in &codes {
                assert!(
                    text.lines().any(|l| l.split(' ').any(|w| w == *code)),
                    "{code} whole in the cards at {columns}"
                );
            }
        }
    }
}

#[test]
fn hresult_and_windows_cards_wrap() {
    for args in [
        &["hresult", "0x80070005"][..],
        &["lookup", "ERROR_ACCESS_DENIED", "E_ACCESSDENIED"][..],
        &["decode", "tests/fixtures/cosmos-429-throttled.http"][..],
        &[
            "decode",
            "tests/fixtures/iis-publishing-point-not-found.xml",
        ][..],
    ] {
        let unwrapped = run(args, None);
        for columns in [30, 40, 60] {
            let text = run(args, Some(columns));
            check_cards(&text, columns, &args.join(" "));
            let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(&text), words(&unwrapped), "{args:?} at {columns}");
        }
    }
}

#[test]
fn columns_is_ignored_unless_a_positive_integer_and_json_never_wraps() {
    let args = ["list", "--service", "fabric"];
    let plain = run(&args, None);
    for bad in ["0", "-3", "wide", ""] {
        let out = Command::cargo_bin("errcode")
            .unwrap()
            .env("NO_COLOR", "1")
            .env("COLUMNS", bad)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            plain,
            "COLUMNS={bad:?}"
        );
    }
    let mut json_args = args.to_vec();
    json_args.push("--json");
    assert_eq!(run(&json_args, Some(40)), run(&json_args, None));
}

#[test]
fn other_tables_keep_their_names_whole() {
    for columns in [40, 80] {
        let text = run(&["services"], Some(columns));
        for id in ["fabric", "batch", "cosmos"] {
            assert!(text.contains(&format!("│ {id} ")), "{text}");
        }
        let text = run(&["list", "--service", "windows"], Some(columns));
        let names = json(&["list", "--service", "windows"]);
        for n in names.iter().take(200) {
            let code = n["code"].as_str().unwrap();
            assert!(
                text.lines().any(|l| cells(l).first() == Some(&code)),
                "{code} whole at {columns}"
            );
        }
    }
}
