//! Whole HTTP responses (`curl -i`, a proxy capture, a log): status line,
//! headers, blank line, body; and OData `$batch` `multipart/mixed` responses
//! whose parts embed HTTP responses.
//!
//! Headers say what bodies cannot: `x-ms-error-code` (which wins over the
//! body's code), the request id, Cosmos DB's sub-status, how long to wait
//! (`Retry-After`, `retry-after-ms`), and the charset to read the body in.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{
    BodyFormat, BodyHints, Envelope, ErrorBody, Problem, count_lines, decode_body, strict_hresult,
};
use crate::catalog::Service;

/// How many interim responses (`100 Continue`, a proxy's `200 Connection
/// established`) may precede the real one; and how deep multipart parts may nest.
const MAX_INTERIM: usize = 8;
const MAX_DEPTH: u8 = 4;
/// Parts of a multipart response read at most (a batch holds up to 100 operations).
const MAX_PARTS: usize = 1000;

/// Whether `b` starts with an HTTP status line (`HTTP/1.1 404`, `HTTP/2 404`),
/// possibly in `curl -v` form (`< HTTP/1.1 404`).
pub(super) fn looks_like_response(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"< ").unwrap_or(b);
    let Some(rest) = b
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case(b"HTTP/"))
        .map(|_| &b[5..])
    else {
        return false;
    };
    let version = rest
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'.')
        .count();
    version > 0
        && rest.get(version) == Some(&b' ')
        && rest
            .get(version + 1..version + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && rest
            .get(version + 4)
            .is_none_or(|c| c.is_ascii_whitespace())
}

/// A `curl -v` transcript: `* ` notes and `> ` request lines, then the
/// response as `< ` lines and the body, then `* ` notes again. Returns the
/// response's offset in `b` and the response without the trailing notes.
pub(super) fn curl_verbose_response(b: &[u8]) -> Option<(usize, &[u8])> {
    if !(b.starts_with(b"*") || b.starts_with(b">")) {
        return None;
    }
    let mut at = 0;
    // curl prints a few dozen notes at most (TLS handshake, proxy, request headers).
    for _ in 0..200 {
        let (line, len) = next_line(&b[at..])?;
        if line.starts_with(b"< ") && looks_like_response(line) {
            let response = &b[at..];
            return Some((at, strip_trailing_notes(response)));
        }
        let note = line.is_empty()
            || line.starts_with(b"*")
            || line.starts_with(b">")
            || line.starts_with(b"{ [")
            || line.starts_with(b"} [");
        if !note {
            return None;
        }
        at += len;
    }
    None
}

/// The response without the `* Connection #0 ... left intact` lines curl
/// prints after the body.
fn strip_trailing_notes(mut b: &[u8]) -> &[u8] {
    loop {
        let trimmed_len = b.len()
            - b.iter()
                .rev()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
        let body = &b[..trimmed_len];
        let line_start = body.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        if line_start > 0 && body[line_start..].starts_with(b"* ") {
            b = &body[..line_start];
        } else {
            return b;
        }
    }
}

/// Whether text starts with a multipart delimiter line (`--batchresponse_..`).
pub(super) fn looks_like_multipart(text: &str) -> bool {
    if !text.starts_with("--") {
        return false;
    }
    let line = text.lines().next().unwrap_or("");
    line.len() > 2
        && line.starts_with("--")
        && !line[2..].trim_end().contains(' ')
        && text.contains("HTTP/")
}

/// A parsed status line and header block.
struct Head<'a> {
    status: u16,
    reason: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    /// Bytes of the input before the body.
    head_len: usize,
}

impl Head<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// Splits off one line (without its CR LF / LF); `None` at the end of input.
fn next_line(b: &[u8]) -> Option<(&[u8], usize)> {
    if b.is_empty() {
        return None;
    }
    let end = memchr::memchr(b'\n', b).map_or(b.len(), |i| i + 1);
    let mut line = &b[..end];
    while let Some((&last, rest)) = line.split_last() {
        if last == b'\n' || last == b'\r' {
            line = rest;
        } else {
            break;
        }
    }
    Some((line, end))
}

fn parse_head(b: &[u8]) -> Option<Head<'_>> {
    let (status_line, mut at) = next_line(b)?;
    let curl = status_line.starts_with(b"< ");
    let status_line = std::str::from_utf8(status_line).ok()?;
    let status_line = status_line.strip_prefix("< ").unwrap_or(status_line);
    let mut parts = status_line.splitn(3, ' ');
    let _version = parts.next()?;
    let status: u16 = parts.next()?.trim().parse().ok()?;
    let reason = parts.next().unwrap_or("").trim();
    let mut headers = Vec::new();
    while let Some((line, len)) = next_line(&b[at..]) {
        // curl marks response lines with `< ` (the blank one may have lost its space).
        let line = match line {
            b"<" if curl => &line[1..],
            _ if curl => line.strip_prefix(b"< ").unwrap_or(line),
            _ => line,
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            at += len;
            break;
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            // No blank line before the body (a hand-made excerpt): the body starts here.
            break;
        };
        let name = &line[..colon];
        if name.is_empty() || name.iter().any(|c| c.is_ascii_whitespace()) {
            break;
        }
        at += len;
        if let (Ok(n), Ok(v)) = (
            std::str::from_utf8(name),
            std::str::from_utf8(&line[colon + 1..]),
        ) {
            headers.push((n, v.trim()));
        }
    }
    Some(Head {
        status,
        reason,
        headers,
        head_len: at,
    })
}

/// Decodes a whole response; `line_base` is the number of input lines before it.
pub(super) fn decode_response(input: &[u8], line_base: usize) -> ErrorBody {
    decode_response_at(input, line_base, 0)
}

fn decode_response_at(input: &[u8], mut line_base: usize, depth: u8) -> ErrorBody {
    let mut rest = input;
    let mut head = None;
    for _ in 0..MAX_INTERIM {
        let Some(h) = parse_head(rest) else { break };
        let after = &rest[h.head_len..];
        let skip = after
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(after.len());
        let interim = h.status < 200
            || (h.status == 200 && h.reason.eq_ignore_ascii_case("Connection established"));
        if interim && looks_like_response(&after[skip..]) {
            line_base += count_lines(&rest[..h.head_len + skip]);
            rest = &after[skip..];
            continue;
        }
        head = Some(h);
        break;
    }
    let Some(head) = head else {
        // looks_like_response said yes, so only a non-UTF-8 status line gets here.
        let mut body = ErrorBody::new(BodyFormat::Text);
        body.problems.push(Problem {
            line: line_base + 1,
            column: 1,
            message: "unreadable HTTP status line".into(),
        });
        return body;
    };
    let raw_body = &rest[head.head_len..];
    let body_line = line_base + count_lines(&rest[..head.head_len]);
    apply_head(&head, raw_body, body_line, depth)
}

/// Decodes the body under `head` and adds what the status line and headers say.
fn apply_head(head: &Head<'_>, raw_body: &[u8], body_line: usize, depth: u8) -> ErrorBody {
    let content_type = head.header("content-type").unwrap_or("");
    let (media, charset, boundary) = parse_content_type(content_type);
    let cosmos_headers = head.headers.iter().any(|(n, _)| {
        let n = n.to_ascii_lowercase();
        n == "x-ms-activity-id"
            || n == "x-ms-substatus"
            || n.starts_with("x-ms-documentdb-")
            || n.starts_with("x-ms-cosmos-")
    });
    let storage_headers = head.header("server").is_some_and(|s| {
        s.starts_with("Windows-Azure-Blob")
            || s.starts_with("Windows-Azure-Queue")
            || s.starts_with("Windows-Azure-File")
    });
    let hints = BodyHints {
        content_type: Some(media.as_str()).filter(|m| !m.is_empty()),
        charset: charset.as_deref(),
        boundary: boundary.as_deref(),
        cosmos_headers,
        storage_headers,
        depth: depth + 1,
    };

    let mut problems = Vec::new();
    let dechunked;
    let mut raw_body = raw_body;
    let chunked = head
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if let Some((joined, complete)) = if chunked { dechunk(raw_body) } else { None } {
        if !complete {
            problems.push(Problem {
                line: body_line + 1,
                column: 1,
                message: "chunked body ends before its last chunk".into(),
            });
        }
        dechunked = joined;
        raw_body = &dechunked;
    }
    let encoding = head.header("content-encoding").map(str::to_ascii_lowercase);
    let mut body = match encoding.as_deref() {
        Some(enc @ ("gzip" | "br" | "deflate" | "compress" | "zstd"))
            if !raw_body.iter().all(|b| b.is_ascii_whitespace()) && !raw_body.is_ascii() =>
        {
            let mut b = ErrorBody::new(BodyFormat::Binary);
            b.problems.push(Problem {
                line: body_line + 1,
                column: 1,
                message: format!(
                    "the body is {enc}-compressed; decompress it first (curl --compressed)"
                ),
            });
            b
        }
        _ => decode_body(raw_body, &hints, body_line),
    };
    body.problems.splice(0..0, problems);
    if body.format == BodyFormat::Empty {
        body.format = BodyFormat::NoBody;
    }
    if body.envelope.is_none() {
        body.envelope = Some(Envelope::HttpResponse);
        body.status = Some(head.status);
        if !head.reason.is_empty() {
            body.reason_phrase = Some(head.reason.to_string());
        }
        reason_facts(&mut body, head.status, head.reason);
    } else {
        body.push_detail("multipart.status", head.status.to_string());
    }
    if !media.is_empty() {
        body.content_type = Some(media);
    }
    if let Some(cs) = charset {
        body.charset = Some(cs);
    }
    header_facts(&mut body, head, cosmos_headers);
    body
}

/// What a reason phrase adds: Service Fabric sends the error name (or, per
/// its 2017 documentation, the HRESULT) there, Batch its message.
fn reason_facts(body: &mut ErrorBody, status: u16, reason: &str) {
    let standard =
        crate::http::reason_phrase(status).is_some_and(|p| p.eq_ignore_ascii_case(reason));
    if reason.is_empty() || standard {
        return;
    }
    if let Some(h) = strict_hresult(reason) {
        body.push_hresult("reason_phrase", h);
    }
    let one_word = !reason.contains(' ');
    let code_like = one_word
        && reason
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && reason.contains('_');
    if body.code.is_none() && (code_like || strict_hresult(reason).is_some()) {
        body.code = Some(reason.to_string());
    } else if body.message.is_none() && !one_word {
        body.message = Some(reason.to_string());
    }
}

/// Facts from headers; header values win over what the body says.
fn header_facts(body: &mut ErrorBody, head: &Head<'_>, cosmos_headers: bool) {
    let header_code = head
        .header("x-ms-error-code")
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if let Some(code) = header_code.filter(|c| body.code.as_deref() != Some(*c)) {
        if let Some(old) = body.code.take() {
            body.push_detail("body_code", old);
        }
        body.code = Some(code.to_string());
    }
    for name in ["x-ms-request-id", "request-id", "x-ms-activity-id"] {
        if let Some(id) = head.header(name).map(str::trim).filter(|v| !v.is_empty()) {
            body.request_id = Some(id.to_string());
            break;
        }
    }
    if let Some(ss) = head
        .header("x-ms-substatus")
        .and_then(|v| v.trim().parse().ok())
    {
        body.substatus = Some(ss);
    }
    let ms = head
        .header("retry-after-ms")
        .or_else(|| head.header("x-ms-retry-after-ms"))
        .and_then(parse_millis);
    body.retry_after_ms = ms.or_else(|| {
        head.header("retry-after")
            .and_then(|v| retry_after(v, head.header("date"), SystemTime::now()))
    });
    for (name, value) in &head.headers {
        if value.starts_with("0x") || value.starts_with("0X") {
            if let Some(h) = strict_hresult(value) {
                body.push_hresult(&name.to_ascii_lowercase(), h);
            }
        }
    }
    if body.service.is_none() {
        body.service = if cosmos_headers {
            Some(Service::Cosmos)
        } else {
            head.headers.iter().find_map(|(_, v)| service_from_url(v))
        };
    }
}

/// The catalog service a URL's host names.
fn service_from_url(value: &str) -> Option<Service> {
    let lower = value.to_ascii_lowercase();
    if !lower.starts_with("http") {
        None
    } else if lower.contains(".batch.azure.com") {
        Some(Service::Batch)
    } else if lower.contains(".documents.azure.com") {
        Some(Service::Cosmos)
    } else {
        None
    }
}

fn parse_millis(v: &str) -> Option<u64> {
    let v = v.trim();
    v.parse::<u64>().ok().or_else(|| {
        v.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(|f| f.round() as u64)
    })
}

/// `Retry-After`: delay-seconds, or an HTTP-date counted from the response's
/// `Date` (the server's clock) or, without one, from `now`.
fn retry_after(value: &str, date: Option<&str>, now: SystemTime) -> Option<u64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    let base = date
        .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        .unwrap_or(now);
    let base = base.max(UNIX_EPOCH);
    Some(
        when.duration_since(base)
            .map_or(0, |d| d.as_millis().min(u64::MAX as u128) as u64),
    )
}

/// Media type (lower case, no parameters), charset and boundary of a Content-Type.
fn parse_content_type(value: &str) -> (String, Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let mut charset = None;
    let mut boundary = None;
    for p in parts {
        let Some((k, v)) = p.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match k.trim().to_ascii_lowercase().as_str() {
            "charset" if !v.is_empty() => charset = Some(v.to_ascii_lowercase()),
            "boundary" if !v.is_empty() => boundary = Some(v.to_string()),
            _ => {}
        }
    }
    (media, charset, boundary)
}

/// Joins a chunked body. `None` when it is not chunk-framed after all (a
/// capture that already joined it); otherwise the data and whether the last
/// (zero) chunk was seen.
fn dechunk(b: &[u8]) -> Option<(Vec<u8>, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut first = true;
    while let Some((line, len)) = next_line(&b[at..]) {
        let size_text = line.split(|&c| c == b';').next().unwrap_or(b"");
        let size_text = std::str::from_utf8(size_text)
            .ok()
            .map(str::trim)
            .unwrap_or("");
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return if first { None } else { Some((out, false)) };
        };
        first = false;
        at += len;
        if size == 0 {
            return Some((out, true));
        }
        let end = at.saturating_add(size).min(b.len());
        out.extend_from_slice(&b[at..end]);
        if end < at + size {
            return Some((out, false));
        }
        at = end;
        // The CR LF after the chunk data.
        if b[at..].starts_with(b"\r\n") {
            at += 2;
        } else if b[at..].starts_with(b"\n") {
            at += 1;
        }
    }
    if first { None } else { Some((out, false)) }
}

/// One embedded response of a multipart body, decoded.
struct Part {
    body: ErrorBody,
}

/// Decodes a `multipart/mixed` batch response: every embedded HTTP response
/// is decoded; the first that failed (else the first) is the result, the
/// others are summarised in details.
pub(super) fn decode_multipart(text: &str, hints: &BodyHints<'_>) -> Option<ErrorBody> {
    if hints.depth > MAX_DEPTH {
        return None;
    }
    let trimmed_start = text.len() - text.trim_start().len();
    let boundary = match hints.boundary {
        Some(b) => b.to_string(),
        None => {
            let first = text[trimmed_start..].lines().next()?.trim_end();
            first.strip_prefix("--")?.to_string()
        }
    };
    let mut parts = Vec::new();
    collect_parts(text, &boundary, 0, hints.depth, &mut parts);
    if parts.is_empty() {
        return None;
    }
    let total = parts.len();
    let chosen = parts
        .iter()
        .position(|p| p.body.status.is_some_and(|s| s >= 400))
        .unwrap_or(0);
    let mut result = parts.remove(chosen);
    result.body.envelope = Some(Envelope::Multipart);
    result
        .body
        .push_detail("multipart.responses", total.to_string());
    for (n, p) in parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.body.status.is_some_and(|s| s >= 400))
    {
        let idx = if n >= chosen { n + 1 } else { n };
        let summary = format!(
            "{} {}",
            p.body.status.map_or(String::new(), |s| s.to_string()),
            p.body.code.as_deref().unwrap_or("")
        );
        result
            .body
            .push_detail(format!("multipart.response[{idx}]"), summary.trim());
    }
    Some(result.body)
}

/// Finds the parts between `--boundary` lines of `text` (whose first byte is
/// at input offset `offset`), descending into nested multiparts (changesets).
fn collect_parts(text: &str, boundary: &str, offset: usize, depth: u8, out: &mut Vec<Part>) {
    let delimiter = format!("--{boundary}");
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(&delimiter) {
        let at = from + p;
        let line_start = at == 0 || matches!(text.as_bytes()[at - 1], b'\n' | b'\r');
        from = at + delimiter.len();
        if line_start {
            starts.push(at);
        }
        if starts.len() > MAX_PARTS {
            break;
        }
    }
    for w in starts.windows(2) {
        let (start, end) = (w[0] + delimiter.len(), w[1]);
        let seg = &text[start..end];
        if seg.starts_with("--") {
            break; // closing delimiter
        }
        // Skip the rest of the delimiter line.
        let seg_start = seg.find('\n').map_or(seg.len(), |i| i + 1);
        let part = &seg[seg_start..];
        let part_offset = offset + start + seg_start;
        let Some(head_end) = blank_line_end(part) else {
            continue;
        };
        let part_headers = &part[..head_end];
        let content = &part[head_end..];
        let content_offset = part_offset + head_end;
        let ct = part_headers
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(n, _)| n.trim().eq_ignore_ascii_case("content-type"))
            })
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        let (media, _, inner_boundary) = parse_content_type(ct);
        if media.starts_with("multipart/") && depth < MAX_DEPTH {
            if let Some(b) = inner_boundary {
                collect_parts(content, &b, content_offset, depth + 1, out);
            }
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let embedded = &content[lead..];
        if looks_like_response(embedded.as_bytes()) && out.len() < MAX_PARTS {
            // Line numbers count from the whole input: `offset` is relative to `text`'s own start.
            let line_base =
                count_lines(&text.as_bytes()[..(content_offset - offset + lead).min(text.len())]);
            let body = decode_response_at(embedded.as_bytes(), line_base, depth + 1);
            out.push(Part { body });
        }
    }
}

/// Byte offset just after the first blank line (end of a header block).
fn blank_line_end(s: &str) -> Option<usize> {
    let mut at = 0;
    for line in s.split_inclusive('\n') {
        at += line.len();
        if line.trim().is_empty() {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::decode;
    use super::*;

    #[test]
    fn status_lines() {
        assert!(looks_like_response(b"HTTP/1.1 404 Not Found\r\n"));
        assert!(looks_like_response(b"HTTP/2 404\r\n"));
        assert!(looks_like_response(b"http/1.0 500"));
        assert!(looks_like_response(b"< HTTP/1.1 200 OK"));
        assert!(!looks_like_response(b"HTTP/1.1 4040"));
        assert!(!looks_like_response(b"HTTP/ 404"));
        assert!(!looks_like_response(b"HTTP/1.1"));
    }

    #[test]
    fn headers_win_and_fill_in() {
        let b = decode(
            b"HTTP/1.1 404 The specified blob does not exist.\r\nx-ms-error-code: BlobNotFound\r\nx-ms-request-id: rid-1\r\nContent-Type: application/xml\r\n\r\n<Error><Code>Other</Code><Message>m</Message></Error>",
        );
        assert_eq!(b.status, Some(404));
        assert_eq!(
            b.reason_phrase.as_deref(),
            Some("The specified blob does not exist.")
        );
        assert_eq!(b.code.as_deref(), Some("BlobNotFound"));
        assert_eq!(b.detail("body_code"), Some("Other"));
        assert_eq!(b.request_id.as_deref(), Some("rid-1"));
        assert_eq!(b.content_type.as_deref(), Some("application/xml"));
        assert_eq!(b.envelope, Some(Envelope::HttpResponse));
    }

    #[test]
    fn http2_lf_and_empty_body() {
        let b = decode(b"HTTP/2 503\nretry-after: 7\n\n");
        assert_eq!(
            (b.status, b.format, b.retry_after_ms),
            (Some(503), BodyFormat::NoBody, Some(7000))
        );
        assert_eq!(b.reason_phrase, None);
    }

    #[test]
    fn fabric_reason_phrase_is_a_code() {
        let b = decode(b"HTTP/1.1 503 FABRIC_E_NOT_PRIMARY\r\n\r\n");
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_NOT_PRIMARY"));
        assert_eq!(b.service, Some(Service::Fabric));
        let b = decode(b"HTTP/1.1 404 0x80071BCD\r\n\r\n");
        assert_eq!(b.hresults[0].field, "reason_phrase");
    }

    #[test]
    fn retry_after_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after("120", None, now), Some(120_000));
        let date = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:30 GMT", Some(date), now),
            Some(30_000)
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:27:00 GMT", Some(date), now),
            Some(0)
        );
        assert_eq!(retry_after("soon", None, now), None);
        let b = decode(b"HTTP/1.1 429 Too Many Requests\r\nx-ms-retry-after-ms: 1500\r\nRetry-After: 2\r\n\r\n");
        assert_eq!(b.retry_after_ms, Some(1500));
    }

    #[test]
    fn interim_responses_are_skipped() {
        let b = decode(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 409 Conflict\r\n\r\n{\"code\":\"JobExists\"}",
        );
        assert_eq!(
            (b.status, b.code.as_deref()),
            (Some(409), Some("JobExists"))
        );
        let b = decode(b"HTTP/1.1 200 Connection established\r\n\r\nHTTP/2 404\r\n\r\n");
        assert_eq!(b.status, Some(404));
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n"),
            Some((b"Wikipedia".to_vec(), true))
        );
        assert_eq!(dechunk(b"{\"a\":1}"), None);
        assert_eq!(dechunk(b"4\r\nWi"), Some((b"Wi".to_vec(), false)));
        let b = decode(b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n13\r\n{\"code\":\"NotThere\"}\r\n0\r\n\r\n");
        assert_eq!(b.code.as_deref(), Some("NotThere"));
    }

    #[test]
    fn charset_header_decodes_latin1_and_utf16() {
        let b = decode(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\nCaf\xE9 ferm\xE9");
        assert_eq!(b.message.as_deref(), Some("Café fermé"));
        assert_eq!(b.charset.as_deref(), Some("iso-8859-1"));
        let mut raw =
            b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-16\r\n\r\n"
                .to_vec();
        raw.extend(
            "{\"code\":\"Gone\"}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert_eq!(decode(&raw).code.as_deref(), Some("Gone"));
    }

    #[test]
    fn compressed_bodies_are_reported() {
        let b = decode(b"HTTP/1.1 500 Internal Server Error\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00\xff\xfe");
        assert_eq!(b.format, BodyFormat::Binary);
        assert!(b.problems[0].message.contains("gzip"));
    }

    #[test]
    fn curl_verbose_prefix() {
        let b =
            decode(b"< HTTP/1.1 404 Not Found\r\n< x-ms-request-id: r\r\n< \r\n{\"code\":\"X\"}");
        assert_eq!(
            (b.status, b.request_id.as_deref(), b.code.as_deref()),
            (Some(404), Some("r"), Some("X"))
        );
    }

    #[test]
    fn curl_verbose_transcripts() {
        let text = "*   Trying 20.38.98.100:443...\n* Connected to acct.westus.batch.azure.com (20.38.98.100) port 443\n\
> GET /pools/p1?api-version=2024-02-01.19.0 HTTP/1.1\n> Host: acct.westus.batch.azure.com\n> Accept: */*\n>\n\
< HTTP/1.1 404 The specified pool does not exist.\n< Content-Type: application/json;odata=minimalmetadata\n< request-id: r-9\n<\n\
{\"code\":\"PoolNotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"The specified pool does not exist.\"}}\n\
* Connection #0 to host acct.westus.batch.azure.com left intact\n";
        let b = decode(text.as_bytes());
        assert_eq!(
            (b.status, b.code.as_deref()),
            (Some(404), Some("PoolNotFound"))
        );
        assert_eq!(b.request_id.as_deref(), Some("r-9"));
        assert!(b.problems.is_empty(), "{:?}", b.problems);
        // A log that merely starts with `*` is still text.
        assert_eq!(decode(b"* note\nsomething else").format, BodyFormat::Text);
    }

    #[test]
    fn multipart_picks_the_failed_response() {
        let text = "HTTP/1.1 202 Accepted\r\nContent-Type: multipart/mixed; boundary=batchresponse_1\r\n\r\n\
--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n\
--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
HTTP/1.1 201 Created\r\nContent-ID: 1\r\n\r\n\
--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
HTTP/1.1 409 Conflict\r\nContent-ID: 2\r\nContent-Type: application/json;odata=minimalmetadata\r\n\r\n\
{\"code\":\"TaskExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"The specified task already exists.\"}}\r\n\
--changesetresponse_2--\r\n--batchresponse_1--\r\n";
        let b = decode(text.as_bytes());
        assert_eq!(b.envelope, Some(Envelope::Multipart));
        assert_eq!(
            (b.status, b.code.as_deref()),
            (Some(409), Some("TaskExists"))
        );
        assert_eq!(b.detail("multipart.responses"), Some("2"));
        assert_eq!(b.service, Some(Service::Batch));
    }
}
