//! `errcode decode`: one body, or one body per line (`--lines`) decoded on
//! every core and written back in input order.

use std::io::{self, BufRead, BufReader, Read, Write};

use anyhow::{Result, anyhow, bail};
use errcode_cli::catalog::Service;
use errcode_cli::decode::ErrorBody;
use errcode_cli::explain::{self, Hints};
use errcode_cli::retry::Method;

use crate::args::DecodeArgs;
use crate::exit::{Exit, InputError};
use crate::input::{hints, io_text, open, read_limited};
use crate::render;
use crate::settings::{Output, service_of};

fn holds_error(body: &ErrorBody) -> bool {
    body.code.is_some() || body.status.is_some_and(|s| s >= 300) || !body.hresults.is_empty()
}

/// `errcode decode`.
pub fn run(w: &mut impl Write, out: Output, args: &DecodeArgs) -> Result<Exit> {
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
