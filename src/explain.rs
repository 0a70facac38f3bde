//! The one explanation of an input: what it is, which catalog entry
//! describes the failure, and whether to retry.
//!
//! `decode`, `decode --lines` and `retryable` all print an [`Explanation`];
//! none of them chooses entries or verdicts on its own, so a Rust caller of
//! the library gets exactly the answers the command line gives.

use std::sync::OnceLock;

use serde::Serialize;

use crate::catalog::{self, Entry, Service};
use crate::decode::{self, ErrorBody};
use crate::model::EntryView;
use crate::retry::{self, Method, Verdict};

/// What the caller knows that the input may not say.
#[derive(Debug, Clone, Copy)]
pub struct Hints {
    /// The service that answered (`--service`); wins over what the input suggests.
    pub service: Option<Service>,
    /// The request's method (`--method`): a write that timed out may have been applied.
    pub method: Method,
    /// Read at most this many bytes of the input (see [`decode::decode_limited`]).
    pub max_bytes: usize,
}

impl Default for Hints {
    fn default() -> Self {
        Hints {
            service: None,
            method: Method::Unknown,
            max_bytes: decode::DEFAULT_MAX_BYTES,
        }
    }
}

/// The longest wait a verdict passes on. A `Retry-After` further out (a date
/// weeks ahead, a misconfigured proxy) is cut to this, with a note: a script
/// that sleeps on it should not hang for days.
pub const MAX_WAIT_MS: u64 = 5 * 60 * 1000;

/// Everything errcode says about one input.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// What was read: format, service, status, sub-status, code, message,
    /// request id, wait (see [`ErrorBody`]).
    pub body: ErrorBody,
    /// The service, from the hint, the input, or the entry.
    pub service: Option<Service>,
    /// Catalog entries that match, best first.
    pub entries: Vec<&'static Entry>,
    /// The one entry that describes this failure, if any does.
    pub entry: Option<&'static Entry>,
    /// Whether to send the request again; `None` when the input holds
    /// nothing to judge by (no status, no code).
    pub verdict: Option<Verdict>,
    /// How long to wait before retrying, in milliseconds, capped at [`MAX_WAIT_MS`].
    pub wait_ms: Option<u64>,
    /// Why the wait differs from what the input asked for, when it does.
    pub wait_note: Option<String>,
}

/// Explains an input: a body, a raw HTTP response, or a paste.
///
/// ```
/// use errcode_cli::explain::{explain, Hints};
/// use errcode_cli::retry::Retryability;
///
/// let raw = b"HTTP/1.1 429 Too Many Requests\r\nx-ms-substatus: 3200\r\n\
///             x-ms-retry-after-ms: 1200\r\n\r\n{\"code\":\"TooManyRequests\",\"message\":\"Request rate is large\"}";
/// let x = explain(raw, &Hints::default());
/// assert_eq!(x.entry.map(|e| e.code()), Some("RUBudgetExceeded"));
/// assert_eq!(x.verdict.map(|v| v.verdict), Some(Retryability::Retry));
/// assert_eq!(x.wait_ms, Some(1200));
/// ```
pub fn explain(input: &[u8], hints: &Hints) -> Explanation {
    explain_body(decode::decode_limited(input, hints.max_bytes), hints)
}

/// Explains a body already decoded (see [`explain`]).
pub fn explain_body(body: ErrorBody, hints: &Hints) -> Explanation {
    let entries = decode::matching_entries(&body, hints.service);
    let entry = choose_entry(&entries, &body);
    let service = hints.service.or(body.service).or(entry.map(|e| e.service));
    let verdict = retry::judge(&body, entry, service, hints.method);
    let (wait_ms, wait_note) = match body.retry_after_ms {
        Some(ms) if ms > MAX_WAIT_MS => (
            Some(MAX_WAIT_MS),
            Some(format!(
                "the response asked for {ms} ms; capped at {MAX_WAIT_MS} ms (5 minutes)"
            )),
        ),
        ms => (ms, None),
    };
    Explanation {
        body,
        service,
        entries,
        entry,
        verdict,
        wait_ms,
        wait_note,
    }
}

/// The entry that describes the failure, among `entries` (best first): one
/// that agrees with the response's status and sub-status, else one that
/// agrees with its status (or has none), else the first. A Cosmos DB
/// sub-status of 0 means "no sub-status": the status's own entry is chosen.
///
/// ```
/// use errcode_cli::decode::{decode, matching_entries};
/// use errcode_cli::explain::choose_entry;
///
/// let body = decode(b"HTTP/1.1 408 Request Timeout\r\nx-ms-substatus: 0\r\n\r\n{\"code\":\"RequestTimeout\",\"message\":\"m\"}");
/// let entries = matching_entries(&body, None);
/// assert_eq!(choose_entry(&entries, &body).map(|e| e.code()), Some("408"));
/// ```
pub fn choose_entry(entries: &[&'static Entry], body: &ErrorBody) -> Option<&'static Entry> {
    let substatus = body.substatus.filter(|&s| s != 0);
    entries
        .iter()
        .find(|e| {
            body.status.is_some()
                && e.status == body.status
                && (substatus.is_none() || e.substatus == substatus)
        })
        .or_else(|| {
            entries
                .iter()
                .find(|e| body.status.is_none() || e.status == body.status || e.status.is_none())
        })
        .or(entries.first())
        .copied()
}

/// An [`Explanation`] as `decode --json` prints it: the body's fields, then
/// `entries` (best first), `entry` (the `id` of the one among them that
/// describes the failure: naming it, not repeating it, halves a
/// `decode --lines` line),
/// `verdict`, `wait_ms` and `wait_note`; every key present, `null` when absent.
#[derive(Serialize)]
pub struct ExplanationView<'a> {
    /// The line number, under `decode --lines`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// What was read.
    #[serde(flatten)]
    pub body: &'a ErrorBody,
    /// Matching entries, best first.
    pub entries: Vec<EntryView>,
    /// The `id` of the entry (in `entries`) that describes the failure.
    pub entry: Option<&'static str>,
    /// Whether to retry.
    pub verdict: Option<&'a Verdict>,
    /// The wait, capped.
    pub wait_ms: Option<u64>,
    /// Why the wait was capped.
    pub wait_note: Option<&'a str>,
}

impl Explanation {
    /// The JSON view (see [`ExplanationView`]), with a line number for `--lines`.
    pub fn view(&self, line: Option<u64>) -> ExplanationView<'_> {
        ExplanationView {
            line,
            body: &self.body,
            entries: crate::model::views(&self.entries),
            entry: self.entry.map(Entry::id),
            verdict: self.verdict.as_ref(),
            wait_ms: self.wait_ms,
            wait_note: self.wait_note.as_deref(),
        }
    }
}

/// One `decode --lines --json` line: the bytes `serde_json` writes for
/// [`Explanation::view`] with the line number, and a newline, built without
/// serde's `flatten` and with each entry's JSON made once. At a million lines
/// a second, those two costs were larger than decoding itself.
pub fn write_line_json(buf: &mut Vec<u8>, number: u64, x: &Explanation) {
    buf.extend_from_slice(b"{\"line\":");
    decode::write_u64(buf, number);
    buf.push(b',');
    x.body.write_json_fields(buf);
    buf.extend_from_slice(b",\"entries\":[");
    for (i, e) in x.entries.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(entry_json(e));
    }
    buf.extend_from_slice(b"],\"entry\":");
    match x.entry {
        Some(e) => decode::write_json_string(buf, e.id()),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"verdict\":");
    match &x.verdict {
        Some(v) => {
            buf.extend_from_slice(b"{\"verdict\":\"");
            buf.extend_from_slice(v.verdict.as_str().as_bytes());
            buf.extend_from_slice(b"\",\"reason\":");
            decode::write_json_string(buf, &v.reason);
            buf.extend_from_slice(b",\"rule\":");
            decode::write_json_string(buf, v.rule);
            buf.extend_from_slice(b",\"source\":");
            decode::write_json_string(buf, v.source);
            buf.extend_from_slice(if v.already_done {
                b",\"already_done\":true}"
            } else {
                b",\"already_done\":false}"
            });
        }
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"wait_ms\":");
    match x.wait_ms {
        Some(ms) => decode::write_u64(buf, ms),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"wait_note\":");
    match &x.wait_note {
        Some(n) => decode::write_json_string(buf, n),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b"}\n");
}

/// An entry's [`EntryView`] as JSON, serialized on first use and kept: the
/// view is a function of the static entry alone.
fn entry_json(e: &'static Entry) -> &'static [u8] {
    static CACHE: OnceLock<Vec<OnceLock<Vec<u8>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| catalog::entries().iter().map(|_| OnceLock::new()).collect());
    // Serializing plain static data into a Vec cannot fail.
    cache[catalog::index_of(e)]
        .get_or_init(|| serde_json::to_vec(&EntryView::from(e)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast `--lines --json` writer must write exactly what the view does.
    #[test]
    fn fast_lines_are_what_serde_writes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
        let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .expect("decode fixtures")
            .map(|e| std::fs::read(e.expect("entry").path()).expect("fixture"))
            .collect();
        inputs.push(br#"{"code":"ConditionNotMet","message":"x"}"#.to_vec());
        inputs.push(
            b"HTTP/1.1 429 Too Many Requests\r\nx-ms-substatus: 3200\r\nRetry-After: 999999\r\n\r\n{\"code\":\"429\"}"
                .to_vec(),
        );
        inputs.push(b"no error here".to_vec());
        for (n, input) in inputs.iter().enumerate() {
            for service in [None, Some(Service::Batch), Some(Service::Cosmos)] {
                let hints = Hints {
                    service,
                    ..Hints::default()
                };
                let x = explain(input, &hints);
                let mut fast = Vec::new();
                write_line_json(&mut fast, n as u64 * 1001, &x);
                let mut slow = serde_json::to_vec(&x.view(Some(n as u64 * 1001))).expect("view");
                slow.push(b'\n');
                assert_eq!(
                    String::from_utf8_lossy(&fast),
                    String::from_utf8_lossy(&slow)
                );
            }
        }
    }

    #[test]
    fn far_waits_are_capped_with_a_note() {
        let x = explain(
            b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 86400\r\n\r\n",
            &Hints::default(),
        );
        assert_eq!(x.body.retry_after_ms, Some(86_400_000));
        assert_eq!(x.wait_ms, Some(MAX_WAIT_MS));
        assert!(x.wait_note.as_deref().is_some_and(|n| n.contains("capped")));
    }

    #[test]
    fn substatus_zero_selects_the_status_entry() {
        for status in [408u16, 410, 429, 449, 503] {
            let raw = format!(
                "HTTP/1.1 {status} X\r\nx-ms-substatus: 0\r\nx-ms-activity-id: a\r\n\r\n{{\"code\":\"X\",\"message\":\"m\"}}"
            );
            let x = explain(raw.as_bytes(), &Hints::default());
            let own = catalog::by_status(status)
                .find(|e| e.service == Service::Cosmos && e.substatus.is_none());
            assert_eq!(
                x.entry.map(catalog::index_of),
                own.map(catalog::index_of),
                "{status}"
            );
            assert!(x.entries.iter().all(|e| e.status.is_some()), "{status}");
            assert_eq!(
                x.verdict.map(|v| v.verdict),
                Some(retry::Retryability::Retry),
                "{status}"
            );
        }
    }
}
