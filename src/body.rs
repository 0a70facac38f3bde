//! `decode` and `retryable`: read a body safely, decode it, match the catalog.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};

use anyhow::{Result, anyhow, bail};
use errcode_cli::catalog::Service;
use errcode_cli::decode::ErrorBody;
use errcode_cli::explain::{self, Explanation, Hints};
use errcode_cli::model::EntryView;
use errcode_cli::retry::{Method, Retryability};
use serde::Serialize;

use crate::cli::{DecodeArgs, InputArgs, RetryableArgs};
use crate::commands::{InputError, Output, service_of};
use crate::exit::Exit;
use crate::render;

fn open(input: &InputArgs) -> Result<(Box<dyn Read + Send>, String)> {
    match input.file.as_deref() {
        None => Ok((stdin(), "standard input".into())),
        Some(p) if p.as_os_str() == "-" => Ok((stdin(), "standard input".into())),
        Some(p) => {
            let name = p.display().to_string();
            if p.is_dir() {
                bail!(InputError(format!("cannot read {name}: is a directory")));
            }
            let f = File::open(p)
                .map_err(|e| anyhow!(InputError(format!("cannot read {name}: {}", io_text(&e)))))?;
            Ok((Box::new(f), name))
        }
    }
}

fn stdin() -> Box<dyn Read + Send> {
    note_terminal_stdin();
    Box::new(io::stdin())
}

/// How a person ends what they type at a terminal.
#[cfg(windows)]
const END_OF_INPUT: &str = "Ctrl-Z then Enter";
#[cfg(not(windows))]
const END_OF_INPUT: &str = "Ctrl-D";

/// Says on stderr that standard input is being read when it is a terminal:
/// someone who typed `errcode decode` without a file would otherwise wait on
/// a silent prompt. A pipe or a file gets no notice.
pub fn note_terminal_stdin() {
    if io::stdin().is_terminal() {
        eprintln!("errcode: reading standard input (paste or type, then {END_OF_INPUT} to end it)");
    }
}

/// `No such file or directory`, without Rust's ` (os error 2)` suffix.
pub fn io_text(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads the whole input, refusing more than `max` bytes without buffering them.
fn read_limited(input: &InputArgs) -> Result<Vec<u8>> {
    let (reader, name) = open(input)?;
    let mut buf = Vec::new();
    reader
        .take(input.max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| anyhow!(InputError(format!("cannot read {name}: {}", io_text(&e)))))?;
    if buf.len() as u64 > input.max_bytes {
        bail!(InputError(format!(
            "{name} is larger than {} bytes (raise --max-bytes to read it)",
            input.max_bytes
        )));
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        bail!(InputError(format!("{name} is empty: nothing to decode")));
    }
    Ok(buf)
}

fn holds_error(body: &ErrorBody) -> bool {
    body.code.is_some() || body.status.is_some_and(|s| s >= 300) || !body.hresults.is_empty()
}

/// `errcode decode`.
pub fn decode_cmd(w: &mut impl Write, out: Output, args: &DecodeArgs) -> Result<Exit> {
    let service = service_of(&args.filter)?;
    if args.lines {
        return decode_lines(w, out, args, service);
    }
    let bytes = read_limited(&args.input)?;
    let x = explain::explain(&bytes, &hints(service, Method::Unknown, &args.input));
    if out.json {
        render::json(w, &x.view(None))?;
    } else {
        render::decoded(w, &x.body, &x.entries, out.style)?;
    }
    Ok(Exit::found_if(holds_error(&x.body)))
}

fn hints(service: Option<Service>, method: Method, input: &InputArgs) -> Hints {
    Hints {
        service,
        method,
        max_bytes: usize::try_from(input.max_bytes).unwrap_or(usize::MAX),
    }
}

/// Lines per batch handed to a decoding thread: large enough that the
/// hand-off costs nothing next to the decoding, small enough that a batch's
/// output (about 1 KiB a line) stays a few MiB.
const BATCH_LINES: usize = 4096;

/// A batch of input lines: the bytes of whole lines and the number of the first.
struct Batch {
    seq: u64,
    first_line: u64,
    bytes: Vec<u8>,
    /// Numbers of the lines longer than the limit, ascending: the batch holds
    /// only their first `limit + 1` bytes, the rest was skipped unread.
    too_long: Vec<u64>,
}

/// A decoded batch, ready to write in order.
struct Done {
    seq: u64,
    out: Vec<u8>,
    any: bool,
}

/// `decode --lines`: the input is read in batches of whole lines, decoded on
/// every core, and written back in input order. Memory stays bounded: at most
/// a few batches are in flight, and of a line longer than --max-bytes only the
/// first --max-bytes (and one) are kept: the line is reported as too long, the
/// rest of it skipped, and the run goes on, to exit 2 at the end.
fn decode_lines(
    w: &mut impl Write,
    out: Output,
    args: &DecodeArgs,
    service: Option<Service>,
) -> Result<Exit> {
    let (reader, name) = open(&args.input)?;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<Batch>(workers * 2);
    // Owned by the workers alone: when the last one stops (the output was
    // closed), the receiver goes and the reader's next send fails, so every
    // thread ends.
    let batch_rx = std::sync::Arc::new(std::sync::Mutex::new(batch_rx));
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Done>(workers * 2);
    let max_line = usize::try_from(args.input.max_bytes).unwrap_or(usize::MAX);
    std::thread::scope(|scope| -> Result<Exit> {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let batch_rx = std::sync::Arc::clone(&batch_rx);
            let name = name.as_str();
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next batch.
                    let next = batch_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok(batch)) = next else { break };
                    let done = decode_batch(&batch, out, service, name, max_line);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(batch_rx);
        let max = args.input.max_bytes;
        let reading = scope.spawn(move || read_batches(reader, max, batch_tx));
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0u64;
        let mut any = false;
        let mut write_error = None;
        for done in done_rx.iter() {
            pending.insert(done.seq, done);
            while let Some(d) = pending.remove(&next) {
                any |= d.any;
                if write_error.is_none() {
                    if let Err(e) = w.write_all(&d.out) {
                        write_error = Some(e);
                    }
                }
                next += 1;
            }
            if write_error.is_some() {
                // Dropping the receiver stops the workers, which stops the reader.
                break;
            }
        }
        drop(done_rx);
        if let Some(e) = write_error {
            return Err(e.into());
        }
        let (lines, too_long) = reading
            .join()
            .map_err(|_| anyhow!("the reading thread failed"))?
            .map_err(|e| anyhow!(InputError(format!("cannot read {name}: {}", io_text(&e)))))?;
        if lines == 0 {
            bail!(InputError(format!("{name} is empty: nothing to decode")));
        }
        if too_long > 0 {
            // Each is reported on its own line of output; this says why the
            // exit is 2 to whoever reads only stderr.
            let lines = if too_long == 1 { "line" } else { "lines" };
            eprintln!(
                "errcode: {name}: {too_long} {lines} longer than {max} bytes not decoded (raise --max-bytes)"
            );
            return Ok(Exit::Error);
        }
        Ok(Exit::found_if(any))
    })
}

/// Cuts the input into batches of whole lines; returns the number of lines
/// and how many of them were longer than `max_line`.
fn read_batches(
    reader: Box<dyn Read + Send>,
    max_line: u64,
    tx: std::sync::mpsc::SyncSender<Batch>,
) -> io::Result<(u64, u64)> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut number = 0u64;
    let mut seq = 0u64;
    let mut bytes = Vec::with_capacity(1 << 20);
    let mut in_batch = 0usize;
    let mut first_line = 1u64;
    let mut too_long = Vec::new();
    let mut too_long_total = 0u64;
    loop {
        let start = bytes.len();
        let n = (&mut reader)
            .take(max_line.saturating_add(1))
            .read_until(b'\n', &mut bytes)?;
        if n == 0 {
            break;
        }
        number += 1;
        if (bytes.len() - start) as u64 > max_line && bytes.last() != Some(&b'\n') {
            skip_line(&mut reader)?;
            too_long.push(number);
            too_long_total += 1;
        }
        if bytes.last() != Some(&b'\n') {
            bytes.push(b'\n');
        }
        in_batch += 1;
        if in_batch == BATCH_LINES {
            let batch = Batch {
                seq,
                first_line,
                bytes: std::mem::replace(&mut bytes, Vec::with_capacity(1 << 20)),
                too_long: std::mem::take(&mut too_long),
            };
            if tx.send(batch).is_err() {
                return Ok((number, too_long_total)); // the writer stopped (closed pipe)
            }
            seq += 1;
            first_line = number + 1;
            in_batch = 0;
        }
    }
    if in_batch > 0 {
        let _ = tx.send(Batch {
            seq,
            first_line,
            bytes,
            too_long,
        });
    }
    Ok((number, too_long_total))
}

/// Reads past the rest of a line without keeping it: a line of any length
/// costs no more memory than the reader's buffer.
fn skip_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Decodes every line of a batch into its output bytes.
fn decode_batch(
    batch: &Batch,
    out: Output,
    service: Option<Service>,
    name: &str,
    max: usize,
) -> Done {
    let mut buf = Vec::with_capacity(batch.bytes.len() * 5);
    let mut any = false;
    let lines = batch.bytes.split_inclusive(|b| *b == b'\n');
    for (number, line) in (batch.first_line..).zip(lines) {
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let hints = Hints {
            service,
            method: Method::Unknown,
            max_bytes: max,
        };
        if batch.too_long.binary_search(&number).is_ok() {
            if out.json {
                // The kept head is one byte over the limit, so the decoder
                // cuts it and says so in `problems`, as for any cut input;
                // what the head holds is reported, but counts for nothing.
                let x = explain::explain(text, &hints);
                explain::write_line_json(&mut buf, number, &x);
            } else {
                let _ = writeln!(
                    buf,
                    "{name}:{number}: line longer than {max} bytes: not decoded (raise --max-bytes)"
                );
            }
            continue;
        }
        let x = explain::explain(text, &hints);
        any |= holds_error(&x.body);
        if out.json {
            explain::write_line_json(&mut buf, number, &x);
        } else if text.iter().all(u8::is_ascii_whitespace) {
            // Said, not skipped: a blank line is reported like any other.
            let _ = writeln!(buf, "{name}:{number}: blank line");
        } else {
            // Writing into a Vec cannot fail.
            let _ = render::decoded_line(&mut buf, number, &x.body, &x.entries, out.style);
        }
    }
    Done {
        seq: batch.seq,
        out: buf,
        any,
    }
}

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
pub fn retryable_cmd(w: &mut impl Write, out: Output, args: &RetryableArgs) -> Result<Exit> {
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
