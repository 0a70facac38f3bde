//! A fast JSON writer for [`ErrorBody`], for `decode --lines --json`.
//!
//! serde_json escapes strings a byte at a time, which made serialization
//! cost more than decoding. This writer copies runs that need no escape
//! eight bytes at a time and otherwise writes exactly what serde_json
//! writes, every key present (`null` and `[]` for what is absent): the
//! tests compare the two byte for byte.

use super::{BodyFormat, Envelope, ErrorBody, SWAR_LO, swar_find};

/// Appends `s` as a JSON string (quotes included), escaped as serde_json does:
/// `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control bytes as `\u00XX`.
pub fn write_json_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let b = s.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < b.len() {
        match next_escape(&b[at..]) {
            Some(off) => {
                at += off;
                out.extend_from_slice(&b[start..at]);
                escape(out, b[at]);
                at += 1;
                start = at;
            }
            None => break,
        }
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// Offset of the first byte that needs escaping: below 0x20, `"` or `\`.
fn next_escape(b: &[u8]) -> Option<usize> {
    const QUOTES: u64 = SWAR_LO * b'"' as u64;
    const BACKSLASHES: u64 = SWAR_LO * b'\\' as u64;
    const SPACES: u64 = SWAR_LO * 0x20;
    swar_find(
        b,
        |v| {
            let q = v ^ QUOTES;
            let s = v ^ BACKSLASHES;
            // `v - 0x20..` borrows in bytes below 0x20; `!v` drops bytes >= 0x80
            // (non-ASCII is written as is).
            q.wrapping_sub(SWAR_LO) & !q
                | s.wrapping_sub(SWAR_LO) & !s
                | v.wrapping_sub(SPACES) & !v
        },
        |c| c < 0x20 || c == b'"' || c == b'\\',
    )
}

fn escape(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(c >> 4) as usize],
            HEX[(c & 0xf) as usize],
        ]),
    }
}

/// Appends `n` in decimal, as serde writes it.
pub fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Writes `"key":` with a leading comma after the first field.
struct Fields<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl Fields<'_> {
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    fn str(&mut self, key: &str, value: Option<&str>) {
        let out = self.key(key);
        match value {
            Some(v) => write_json_string(out, v),
            None => out.extend_from_slice(b"null"),
        }
    }

    fn num(&mut self, key: &str, value: Option<u64>) {
        let out = self.key(key);
        match value {
            Some(v) => write_u64(out, v),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// `"key":[...]`, each item written by `item`; `[]` when empty.
    fn list<T>(&mut self, key: &str, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
        let out = self.key(key);
        out.push(b'[');
        for (i, t) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item(out, t);
        }
        out.push(b']');
    }
}

fn envelope_name(e: Envelope) -> &'static str {
    match e {
        Envelope::HttpResponse => "http-response",
        Envelope::Multipart => "multipart",
    }
}

impl ErrorBody {
    /// Appends this body as compact JSON: the same bytes as
    /// `serde_json::to_writer(out, self)`, several times faster (see the
    /// module documentation).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        self.write_json_fields(out);
        out.push(b'}');
    }

    /// Appends this body's JSON fields without the braces (`"format":..,"envelope":..`),
    /// so a caller can add fields of its own around them: what `#[serde(flatten)]`
    /// of the body would write, without flatten's cost.
    pub fn write_json_fields(&self, out: &mut Vec<u8>) {
        let mut f = Fields { out, first: true };
        f.str("format", Some(BodyFormat::as_str(self.format)));
        f.str("envelope", self.envelope.map(envelope_name));
        f.num("status", self.status.map(u64::from));
        f.str("reason_phrase", self.reason_phrase.as_deref());
        f.str("code", self.code.as_deref());
        f.str("message", self.message.as_deref());
        f.list("details", &self.details, |out, d| {
            out.extend_from_slice(b"{\"key\":");
            write_json_string(out, &d.key);
            out.extend_from_slice(b",\"value\":");
            write_json_string(out, &d.value);
            out.push(b'}');
        });
        f.str("request_id", self.request_id.as_deref());
        f.num("substatus", self.substatus.map(u64::from));
        f.num("retry_after_ms", self.retry_after_ms);
        f.str("content_type", self.content_type.as_deref());
        f.str("charset", self.charset.as_deref());
        f.str("category", self.category.as_deref());
        f.str("service", self.service.map(|s| s.id()));
        f.list("hresults", &self.hresults, |out, h| {
            out.extend_from_slice(b"{\"field\":");
            write_json_string(out, &h.field);
            out.extend_from_slice(b",\"value\":");
            write_json_string(out, &h.value.to_string());
            out.push(b'}');
        });
        f.list("mentions", &self.mentions, |out, m| {
            write_json_string(out, m)
        });
        f.list("problems", &self.problems, |out, p| {
            out.extend_from_slice(b"{\"line\":");
            write_u64(out, p.line as u64);
            out.extend_from_slice(b",\"column\":");
            write_u64(out, p.column as u64);
            out.extend_from_slice(b",\"message\":");
            write_json_string(out, &p.message);
            out.push(b'}');
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Detail, HresultField, Problem, decode};
    use super::*;
    use crate::catalog::Service;
    use crate::hresult::Hresult;

    fn same_as_serde(body: &ErrorBody) {
        let mut mine = Vec::new();
        body.write_json(&mut mine);
        let theirs = serde_json::to_vec(body).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&mine),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn strings_escape_like_serde() {
        let all: String = (0u8..0x80)
            .map(char::from)
            .chain("é€😀\u{7f}".chars())
            .collect();
        for s in [
            all.as_str(),
            "",
            "plain",
            "a\"b\\c\nd\u{1}e\u{1f}",
            "12345678\"",
            "\u{8}\u{c}\t\r",
        ] {
            let mut mine = Vec::new();
            write_json_string(&mut mine, s);
            assert_eq!(mine, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn every_field_like_serde() {
        let mut b = ErrorBody::new(BodyFormat::IisMediaXml);
        same_as_serde(&b);
        b.envelope = Some(Envelope::Multipart);
        b.status = Some(404);
        b.reason_phrase = Some("Not Found".into());
        b.code = Some("0x8088002E".into());
        b.message = Some("line\nbreak \"quoted\"".into());
        b.details = vec![
            Detail {
                key: "k\t".into(),
                value: "v".into(),
            },
            Detail {
                key: "x".into(),
                value: String::new(),
            },
        ];
        b.request_id = Some("r".into());
        b.substatus = Some(u32::MAX);
        b.retry_after_ms = Some(u64::MAX);
        b.content_type = Some("application/xml".into());
        b.charset = Some("utf-8".into());
        b.category = Some("UserError".into());
        b.service = Some(Service::IisMedia);
        b.hresults = vec![HresultField {
            field: "ErrorCode".into(),
            value: Hresult(0x8088_002E),
        }];
        b.mentions = vec!["404".into(), "0x80070002".into()];
        b.problems = vec![Problem {
            line: 3,
            column: 17,
            message: "bad\u{0}".into(),
        }];
        same_as_serde(&b);
        b.envelope = Some(Envelope::HttpResponse);
        same_as_serde(&b);
    }

    #[test]
    fn fields_are_what_flatten_writes() {
        #[derive(serde::Serialize)]
        struct Wrapped<'a> {
            line: u64,
            #[serde(flatten)]
            body: &'a ErrorBody,
            tail: [u8; 0],
        }
        let body = decode(b"HTTP/1.1 404 Not Found\r\n\r\n{\"code\":\"PoolNotFound\"}");
        let mut mine = b"{\"line\":7,".to_vec();
        body.write_json_fields(&mut mine);
        mine.extend_from_slice(b",\"tail\":[]}");
        let theirs = serde_json::to_vec(&Wrapped {
            line: 7,
            body: &body,
            tail: [],
        })
        .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&mine),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn decoded_bodies_like_serde() {
        for input in [
            &b"HTTP/1.1 503 Service Unavailable\r\nx-ms-substatus: 3200\r\nRetry-After: 1\r\n\r\n{\"code\":\"TooManyRequests\",\"message\":\"x\\r\\nActivityId: a\"}"[..],
            b"<Error><Code>X</Code><Message>m</Message>",
            b"<html><title>404 Not Found</title></html>",
            b"Error 0x80070005 status 403",
        ] {
            same_as_serde(&decode(input));
        }
    }
}
