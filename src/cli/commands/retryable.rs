//! `errcode retryable`: the retry verdict of a body, as an exit code.

use std::io::Write;

use anyhow::{Result, anyhow};
use errcode_cli::catalog::Service;
use errcode_cli::explain::{self, Explanation};
use errcode_cli::model::EntryView;
use errcode_cli::retry::{Method, Retryability};
use serde::Serialize;

use crate::args::RetryableArgs;
use crate::exit::{Exit, InputError};
use crate::input::{hints, read_limited};
use crate::render;
use crate::settings::{Output, service_of};

/// `errcode retryable --json`.
#[derive(Serialize)]
struct RetryView<'a> {
    verdict: Retryability,
    reason: &'a str,
    rule: &'a str,
    source: &'a str,
    already_done: bool,
    wait_ms: Option<u64>,
    wait_note: Option<&'a str>,
    status: Option<u16>,
    substatus: Option<u32>,
    code: Option<&'a str>,
    service: Option<&'static str>,
    format: &'static str,
    entry: Option<EntryView>,
}

/// `errcode retryable`: exit 0 retry, 1 do not retry (or only conditionally),
/// 2 unreadable input, 3 read but nothing in it to judge by.
pub fn run(w: &mut impl Write, out: Output, args: &RetryableArgs) -> Result<Exit> {
    let service = service_of(&args.filter)?;
    let method = match &args.method {
        None => Method::Unknown,
        Some(m) => Method::parse(m)
            .ok_or_else(|| anyhow!(InputError(format!("unknown HTTP method {m:?}"))))?,
    };
    let bytes = read_limited(&args.input)?;
    let x: Explanation = explain::explain(&bytes, &hints(service, method, &args.input));
    let Some(verdict) = &x.verdict else {
        eprintln!(
            "errcode: no HTTP status or known error code in the input ({}): cannot judge",
            x.body.format.as_str()
        );
        return Ok(Exit::CannotJudge);
    };
    if out.json {
        let view = RetryView {
            verdict: verdict.verdict,
            reason: &verdict.reason,
            rule: verdict.rule,
            source: verdict.source,
            already_done: verdict.already_done,
            wait_ms: x.wait_ms,
            wait_note: x.wait_note.as_deref(),
            status: x.body.status,
            substatus: x.body.substatus,
            code: x.body.code.as_deref(),
            service: x.service.map(Service::id),
            format: x.body.format.as_str(),
            entry: x.entry.map(EntryView::from),
        };
        render::json(w, &view)?;
    } else {
        let wait = x
            .wait_ms
            .map(|ms| format!(" (wait {ms} ms)"))
            .unwrap_or_default();
        writeln!(w, "{}{wait}: {}", verdict.verdict.as_str(), verdict.reason)?;
        if let Some(note) = &x.wait_note {
            writeln!(w, "note: {note}")?;
        }
    }
    Ok(match verdict.verdict {
        Retryability::Retry => Exit::Found,
        Retryability::NoRetry | Retryability::Conditional => Exit::NotFound,
    })
}
