//! Error body decoding: reads what a Microsoft REST service sent back (a JSON
//! or XML error body, a whole raw HTTP response, an HTML error page, a line of
//! text) and pulls out the error code, message, status and the facts around
//! them, so the catalog can explain the code.
//!
//! [`decode`] never fails and never panics: whatever it cannot read is reported
//! as a [`Problem`] beside what it could. It does no I/O, expands no XML
//! entities or DTDs, and scans nested input iteratively, so hostile bodies
//! (billion laughs, a million `[`) cost time linear in their size and no stack.
//!
//! The JSON path is a single pass over the text that borrows what it reads and
//! keeps only the fields an error explanation needs: decoding a typical body
//! costs about what a catalog lookup costs.

mod charset;
mod error_body;
mod json;
mod json_out;
mod json_scan;
mod matching;
mod message;
mod paste;
mod phrases;
mod raw_http;
mod text;
mod xml;

use crate::catalog::Service;

pub use error_body::{BodyFormat, Detail, Envelope, ErrorBody, HresultField, Problem};
pub use json_out::{write_json_string, write_u64};
pub use matching::matching_entries;

/// Inputs longer than this are cut to this length before decoding (and a
/// [`Problem`] says so): no real error body comes near it, and the cap keeps
/// the cost of a pasted log or a wrong file bounded.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Reads an error body of any recognised shape (see [`BodyFormat`]), bare or
/// inside a raw HTTP response. Never fails: see [`ErrorBody::problems`].
/// Reads at most [`DEFAULT_MAX_BYTES`]; see [`decode_limited`].
pub fn decode(input: &[u8]) -> ErrorBody {
    decode_limited(input, DEFAULT_MAX_BYTES)
}

/// [`decode`], reading at most `max_bytes` of the input (the rest is cut and
/// a [`Problem`] says so), for callers that choose their own limit.
pub fn decode_limited(input: &[u8], max_bytes: usize) -> ErrorBody {
    let (input, cut) = match input.get(..max_bytes) {
        Some(head) if head.len() < input.len() => (head, true),
        _ => (input, false),
    };
    let mut body = decode_input(input);
    if cut {
        body.problems.push(Problem {
            line: 1,
            column: 1,
            message: format!(
                "input longer than {max_bytes} bytes: only the first {max_bytes} were read"
            ),
        });
    }
    finish(&mut body);
    body
}

#[inline(always)]
fn decode_input(input: &[u8]) -> ErrorBody {
    // A whole file saved as UTF-16 (PowerShell's default) is transcoded first,
    // whatever it holds; everything after works on UTF-8.
    if let Some((text, name)) = charset::utf16_from_bom_or_shape(input) {
        let mut body = decode_text_input(text.as_bytes());
        if body.charset.is_none() {
            body.charset = Some(name.to_string());
        }
        return body;
    }
    decode_text_input(input)
}

#[inline(always)]
fn decode_text_input(input: &[u8]) -> ErrorBody {
    let (had_bom, rest) = match input.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let trimmed = &rest[start..];
    if raw_http::looks_like_response(trimmed) {
        let line_base = count_lines(&rest[..start]);
        return raw_http::decode_response(trimmed, line_base);
    }
    if let Some((at, response)) = raw_http::curl_verbose_response(trimmed) {
        let line_base = count_lines(&rest[..start + at]);
        return raw_http::decode_response(response, line_base);
    }
    let mut body = decode_body(input, &BodyHints::default(), 0);
    if had_bom && body.charset.is_none() {
        body.charset = Some("utf-8".to_string());
    }
    body
}

/// What the envelope around a body says about it.
#[derive(Default)]
pub(crate) struct BodyHints<'a> {
    /// Media type, lower case, without parameters.
    pub content_type: Option<&'a str>,
    /// Charset parameter, lower case.
    pub charset: Option<&'a str>,
    /// Multipart boundary parameter.
    pub boundary: Option<&'a str>,
    /// How many envelopes (responses, multipart parts) enclose the body.
    pub depth: u8,
    /// Whether headers mark the response as Cosmos DB's (activity id, sub-status).
    pub cosmos_headers: bool,
    /// Whether headers mark the response as Azure Storage's.
    pub storage_headers: bool,
}

/// Decodes a body's bytes (no status line): charset first, then by shape.
/// `line_base` is the number of input lines before the body, so problems
/// point into the whole input.
#[inline(always)]
pub(crate) fn decode_body(bytes: &[u8], hints: &BodyHints<'_>, line_base: usize) -> ErrorBody {
    let (text, charset_used, bom) = charset::to_utf8(bytes, hints.charset);
    let mut body = decode_str(&text, hints, bom);
    if let Some(cs) = charset_used {
        body.charset = Some(cs);
    }
    if line_base > 0 {
        for p in &mut body.problems {
            p.line += line_base;
        }
    }
    body
}

#[inline(always)]
fn decode_str(text: &str, hints: &BodyHints<'_>, bom: bool) -> ErrorBody {
    let text_start = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(lead) = text_start.bytes().position(|b| !b.is_ascii_whitespace()) else {
        return ErrorBody::new(BodyFormat::Empty);
    };
    let trimmed = &text_start[lead..];
    let ct = hints.content_type.unwrap_or("");
    if ct.starts_with("multipart/") || raw_http::looks_like_multipart(trimmed) {
        if let Some(body) = raw_http::decode_multipart(text, hints) {
            return body;
        }
    }
    match trimmed.as_bytes()[0] {
        b'{' | b'[' if json_start(trimmed) => json_or_text(text, hints),
        b'<' if text::is_html(trimmed) => text::decode_html(text),
        b'<' => xml::decode(text, hints, bom),
        _ if text::is_binary(trimmed) => {
            let mut body = ErrorBody::new(BodyFormat::Binary);
            body.problems.push(Problem {
                line: 1,
                column: 1,
                message: "the body is not text (compressed or binary); nothing could be read"
                    .to_string(),
            });
            body
        }
        _ => paste::decode_text(text),
    }
}

/// Whether text starting with `{` or `[` is JSON rather than a log line
/// (`[2024-05-14 09:12:33 ERR] ...`, `[VERBOSE] ...`) or a JavaScript or
/// Python dump (`{ code: 429, ...`, `{'code': ...`).
fn json_start(t: &str) -> bool {
    let rest = t[1..].trim_start();
    let Some(&next) = rest.as_bytes().first() else {
        return true;
    };
    match (t.as_bytes()[0], next) {
        (b'{', b'"' | b'}') => true,
        (b'{', _) => false,
        (_, b'{' | b'[' | b']' | b'"' | b't' | b'f' | b'n') => true,
        (_, b'-' | b'0'..=b'9') => {
            // A number, then `,` or `]`: `[2024-05-14 ...` is a date.
            let end = rest[1..]
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+')))
                .map_or(rest.len(), |e| e + 1);
            matches!(
                rest[end..].trim_start().as_bytes().first(),
                Some(b',' | b']') | None
            )
        }
        _ => false,
    }
}

/// A JSON document; when it holds neither a code nor a status (a Cosmos DB
/// diagnostics dump, an SDK's exception serialized whole), the text rules
/// read it too.
fn json_or_text(text: &str, hints: &BodyHints<'_>) -> ErrorBody {
    let mut body = json::decode(text, hints);
    if body.code.is_none() && body.status.is_none() {
        paste::read_facts_into(&mut body, text);
    }
    body
}

/// Fills in what follows from what was read: service from a code prefix or an
/// HRESULT, a status from a numeric code, HRESULTs in code and message.
fn finish(body: &mut ErrorBody) {
    if let Some(code) = body.code.take() {
        if let Some(h) = strict_hresult(&code) {
            body.push_hresult("code", h);
        }
        if body.service.is_none() {
            body.service = service_from_code(&code);
        }
        // Service Bus and ACS put the HTTP status itself in their Code field.
        if body.status.is_none() && code.len() == 3 {
            body.status = code.parse::<u16>().ok().filter(|n| (100..=599).contains(n));
        }
        body.code = Some(code);
    }
    if let Some(m) = body.message.take() {
        for h in message::hresult_literals(&m) {
            body.push_hresult("message", h);
        }
        body.message = Some(m);
    }
    if body.service.is_none() {
        body.service = matching::service_from_hresults(&body.hresults);
    }
}

/// The catalog service a code's prefix names (`FABRIC_E_`, `MPE_MGMT_`).
pub(crate) fn service_from_code(code: &str) -> Option<Service> {
    let starts = |p: &str| {
        code.len() >= p.len() && code.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    if starts("FABRIC_E_") {
        Some(Service::Fabric)
    } else if starts("MPE_MGMT_") {
        Some(Service::IisMedia)
    } else {
        None
    }
}

/// An HRESULT written as one: `0x` and hex digits, or a decimal with the
/// failure bit set (a negative C `long` or an unsigned value >= 0x80000000).
/// Plain small numbers (`40645`, `409`) are codes, not HRESULTs.
pub(crate) fn strict_hresult(text: &str) -> Option<u32> {
    let t = trim(text);
    let hex = t.len() > 2 && (t.starts_with("0x") || t.starts_with("0X"));
    let signed = t.starts_with('-') && t.len() > 1 && t[1..].bytes().all(|b| b.is_ascii_digit());
    let unsigned = t.len() == 10 && t.bytes().all(|b| b.is_ascii_digit());
    if !(hex || signed || unsigned) {
        return None;
    }
    let (value, _) = crate::hresult::parse(t).ok()?;
    (value & 0x8000_0000 != 0).then_some(value)
}

/// Offset of the first `needle` (ASCII) in `hay`, ignoring ASCII case.
pub(crate) fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let &first = needle.first()?;
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Whether `needle` (ASCII) occurs in `hay`, ignoring ASCII case. For the
/// short hosts and names searched here this beats building a searcher.
pub(crate) fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).any(|i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Offset of the first `x` or `y` in `b`, eight bytes at a time (SWAR). For
/// the short texts of error bodies, searched from hit to hit, this beats
/// memchr, whose setup is paid at every call.
pub(crate) fn find_either(b: &[u8], x: u8, y: u8) -> Option<usize> {
    let (xs, ys) = (SWAR_LO * x as u64, SWAR_LO * y as u64);
    swar_find(
        b,
        |v| {
            let (p, q) = (v ^ xs, v ^ ys);
            // A zero byte of p or q is a match.
            p.wrapping_sub(SWAR_LO) & !p | q.wrapping_sub(SWAR_LO) & !q
        },
        |c| c == x || c == y,
    )
}

/// `0x01` in every byte of a word.
pub(crate) const SWAR_LO: u64 = 0x0101_0101_0101_0101;
const SWAR_HI: u64 = 0x8080_8080_8080_8080;

/// Offset of the first byte of `b` that `flags` marks, eight bytes at a time:
/// `flags` maps a little-endian word to one whose bytes have their high bit
/// set where a byte matches (the lowest flagged byte must be exact; false
/// flags may only appear above a true one, as with the usual zero-byte
/// trick). `is` says the same of one byte, for the tail.
#[inline(always)]
pub(crate) fn swar_find(
    b: &[u8],
    flags: impl Fn(u64) -> u64,
    is: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let found = flags(v) & SWAR_HI;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| is(c))
        .map(|p| at + p)
}

/// `s` without leading and trailing whitespace; checks the ends as bytes
/// first, since nearly every value has none and `str::trim` decodes chars.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Counts line breaks (LF, or CR not followed by LF) in `bytes`.
pub(crate) fn count_lines(bytes: &[u8]) -> usize {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    lf + lone_cr
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub(crate) fn position(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text.as_bytes()[..at];
    let line = count_lines(before) + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    (line, column)
}

/// A problem at byte offset `at` of `text`.
pub(crate) fn problem_at(text: &str, at: usize, message: impl Into<String>) -> Problem {
    let (line, column) = position(text, at);
    Problem {
        line,
        column,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_either_agrees_with_a_plain_search() {
        let text = b"abc:defghijklmnop=qrstuvwxyz\xff\x80:";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let s = &text[start..end];
                assert_eq!(
                    find_either(s, b':', b'='),
                    s.iter().position(|&c| c == b':' || c == b'=')
                );
            }
        }
    }

    #[test]
    fn format_names_match_serde() {
        for f in BodyFormat::ALL {
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
            assert!(!f.description().is_empty());
        }
    }

    #[test]
    fn empty_and_whitespace_are_empty() {
        assert_eq!(decode(b"").format, BodyFormat::Empty);
        assert_eq!(decode(b" \r\n\t ").format, BodyFormat::Empty);
        assert_eq!(decode(b"\xEF\xBB\xBF  \n").format, BodyFormat::Empty);
    }

    #[test]
    fn positions_are_one_based_in_characters() {
        assert_eq!(position("abc", 0), (1, 1));
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("a\r\nb", 3), (2, 1));
        assert_eq!(position("é\nxé!", 6), (2, 3));
        assert_eq!(position("abc", 99), (1, 4));
    }

    #[test]
    fn strict_hresults_need_the_failure_bit_or_hex() {
        assert_eq!(strict_hresult("0x8088002E"), Some(0x8088_002E));
        assert_eq!(strict_hresult("-2147024894"), Some(0x8007_0002));
        assert_eq!(strict_hresult("2147942402"), Some(0x8007_0002));
        assert_eq!(strict_hresult("40645"), None);
        assert_eq!(strict_hresult("409"), None);
        assert_eq!(strict_hresult("0x00000001"), None);
        assert_eq!(strict_hresult("PoolNotFound"), None);
    }

    #[test]
    fn numeric_status_codes_become_the_status() {
        let b = decode(b"<Error><Code>409</Code><Detail>SubCode=40900. Conflict.</Detail></Error>");
        assert_eq!(b.status, Some(409));
        let b = decode(b"<Error><Code>40645</Code><Message>bad name</Message></Error>");
        assert_eq!(b.status, None);
    }

    #[test]
    fn oversized_input_is_cut_with_a_problem() {
        let mut big = b"{\"code\":\"PoolNotFound\",\"message\":\"".to_vec();
        big.resize(DEFAULT_MAX_BYTES + 10, b'a');
        let b = decode(&big);
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert!(b.problems.iter().any(|p| p.message.contains("longer than")));
    }
}
