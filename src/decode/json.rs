//! JSON error bodies, read in one pass without building a value tree.
//!
//! The scanner walks the top-level object and reads only the fields an error
//! explanation needs (borrowing strings that have no escapes); everything else
//! is skipped by an iterative skipper whose nesting lives in a heap stack, so a
//! million `[` costs a megabyte, not the call stack. The few objects it does
//! descend into (`error`, `innererror`, ...) are at most [`MAX_NEST`] deep.
//!
//! Malformed or truncated input stops the scan with a [`Fail`] at a byte
//! offset; everything read before it is kept.

use std::borrow::Cow;

use super::{BodyFormat, BodyHints, Detail, ErrorBody, message, problem_at};
use crate::catalog::Service;

/// How deep the scanner descends into objects it understands; deeper ones are skipped.
const MAX_NEST: u8 = 8;

/// Where and why the scan stopped.
#[derive(Debug)]
pub(super) struct Fail {
    pub at: usize,
    pub what: &'static str,
}

type R<T> = Result<T, Fail>;

const EOF: &str = "unexpected end of input: the JSON looks truncated";

/// Which object gave the error its shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Fields at the top level (`code`, `message`, ...).
    Plain,
    /// `{"error":{...}}` (or `Error`).
    ErrorWrapper,
    /// `{"odata.error":{...}}`.
    ODataError,
    /// `{"error":"invalid_grant", ...}`.
    OAuth,
    /// `{"RemoteException":{...}}`.
    Remote,
    /// A Batch scheduling error object.
    Scheduling,
}

/// What has been read so far; strings borrow from the input where they can.
struct Draft<'a> {
    shape: Shape,
    code: Option<Cow<'a, str>>,
    /// A code found in an object the scanner does not know, used only when no better one turns up.
    weak_code: Option<Cow<'a, str>>,
    message: Option<Cow<'a, str>>,
    weak_message: Option<Cow<'a, str>>,
    details: Vec<Detail>,
    request_id: Option<Cow<'a, str>>,
    category: Option<Cow<'a, str>>,
    status: Option<u16>,
    odata_metadata: Option<Cow<'a, str>>,
    /// `message` was an object `{lang, value}` (OData JSON light).
    message_object: bool,
    /// A Batch `values` array was present.
    values: bool,
    /// The wrapper was spelled `Error` and its code `Code`: the Service Fabric gateway's casing.
    pascal_case: bool,
    /// RFC 9457 fields (`title` with `type` or `status`).
    problem_title: Option<Cow<'a, str>>,
    problem_type: bool,
    /// Veeam Enterprise Manager's `FirstChanceExceptionMessage` was present.
    veeam: bool,
}

impl<'a> Draft<'a> {
    fn new() -> Self {
        Draft {
            shape: Shape::Plain,
            code: None,
            weak_code: None,
            message: None,
            weak_message: None,
            details: Vec::new(),
            request_id: None,
            category: None,
            status: None,
            odata_metadata: None,
            message_object: false,
            values: false,
            pascal_case: false,
            problem_title: None,
            problem_type: false,
            veeam: false,
        }
    }

    fn detail(&mut self, key: impl Into<Cow<'static, str>>, value: Cow<'a, str>) {
        if !value.is_empty() {
            self.details.push(Detail {
                key: key.into(),
                value: value.into_owned(),
            });
        }
    }

    fn set_code(&mut self, v: Option<Cow<'a, str>>, weak: bool) {
        let slot = if weak {
            &mut self.weak_code
        } else {
            &mut self.code
        };
        if slot.is_none() {
            *slot = v.filter(|c| !super::trim(c).is_empty());
        }
    }

    fn set_message(&mut self, v: Option<Cow<'a, str>>, weak: bool) {
        let slot = if weak {
            &mut self.weak_message
        } else {
            &mut self.message
        };
        if slot.is_none() {
            *slot = v.filter(|m| !super::trim(m).is_empty());
        }
    }

    fn set_shape(&mut self, shape: Shape) {
        if self.shape == Shape::Plain {
            self.shape = shape;
        }
    }
}

/// Decodes a JSON body.
#[inline(always)]
pub(super) fn decode(text: &str, hints: &BodyHints<'_>) -> ErrorBody {
    let mut draft = Draft::new();
    let mut sc = Scan {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    let result = sc.document(&mut draft);
    let mut body = finish(draft, hints);
    if let Err(fail) = result {
        body.problems.push(problem_at(text, fail.at, fail.what));
    }
    body
}

#[inline(always)]
fn finish(d: Draft<'_>, hints: &BodyHints<'_>) -> ErrorBody {
    let code = d.code.or(d.weak_code);
    let message = d.message.or(d.weak_message).or(d.problem_title.clone());
    let marks = message.as_deref().map(message::Marks::scan);
    let cosmos_text = match (&message, &marks) {
        (Some(m), Some(marks)) => marks.cosmos(m),
        _ => false,
    };
    let format = match d.shape {
        Shape::ODataError => BodyFormat::OdataV3Json,
        Shape::ErrorWrapper
            if d.pascal_case
                || code
                    .as_deref()
                    .is_some_and(|c| super::service_from_code(c) == Some(Service::Fabric)) =>
        {
            BodyFormat::FabricJson
        }
        Shape::ErrorWrapper => BodyFormat::OdataV4Json,
        Shape::OAuth => BodyFormat::OauthJson,
        Shape::Remote => BodyFormat::WebhdfsJson,
        Shape::Scheduling => BodyFormat::BatchSchedulingJson,
        Shape::Plain if d.message_object || d.values || d.odata_metadata.is_some() => {
            BodyFormat::BatchJson
        }
        Shape::Plain if code.is_some() && (cosmos_text || hints.cosmos_headers) => {
            BodyFormat::CosmosJson
        }
        Shape::Plain if d.problem_title.is_some() && (d.problem_type || d.status.is_some()) => {
            BodyFormat::ProblemJson
        }
        Shape::Plain => BodyFormat::Json,
    };
    let mut body = ErrorBody::new(format);
    body.service = match format {
        BodyFormat::FabricJson => Some(Service::Fabric),
        BodyFormat::BatchSchedulingJson => Some(Service::Batch),
        BodyFormat::CosmosJson => Some(Service::Cosmos),
        _ if d.veeam => Some(Service::Veeam),
        _ => d
            .odata_metadata
            .as_deref()
            .and_then(service_from_metadata)
            .or_else(|| {
                // OData JSON light without a metadata link is only Batch's top-level shape.
                (format == BodyFormat::BatchJson && d.odata_metadata.is_none())
                    .then_some(Service::Batch)
            }),
    };
    body.status = d.status;
    body.code = code.map(|c| match c {
        Cow::Owned(s) if super::trim(&s).len() == s.len() => s,
        c => super::trim(&c).to_string(),
    });
    body.category = d.category.map(Cow::into_owned);
    body.details = d.details;
    if let Some(id) = d.request_id {
        body.set_request_id(&id);
    }
    if let (Some(m), Some(marks)) = (message, marks) {
        message::apply_marked(&mut body, m, &marks);
    }
    body
}

/// The catalog service an OData metadata URL's host (or type name) belongs to.
fn service_from_metadata(url: &str) -> Option<Service> {
    let url = url.as_bytes();
    if super::contains_ignore_case(url, b".batch.azure.")
        || super::contains_ignore_case(url, b"Microsoft.Azure.Batch.")
    {
        Some(Service::Batch)
    } else if super::contains_ignore_case(url, b".documents.azure.") {
        Some(Service::Cosmos)
    } else {
        None
    }
}

/// Reads the `{"Errors":[..]}` object Cosmos DB embeds in its message: the
/// strings it holds, one per line, and how many bytes of `text` the object took.
pub(super) fn embedded_errors(text: &str) -> Option<(String, usize)> {
    let mut sc = Scan {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    let mut found = String::new();
    if sc.peek() != Some(b'{') {
        return None;
    }
    let mut add = |s: Cow<'_, str>| {
        if !found.is_empty() {
            found.push('\n');
        }
        found.push_str(&s);
    };
    sc.object(|sc, _key| match sc.peek() {
        Some(b'[') => sc.array(|sc, _| {
            if let Some(s) = sc.scalar()? {
                add(s);
            }
            Ok(())
        }),
        _ => {
            if let Some(s) = sc.scalar()? {
                add(s);
            }
            Ok(())
        }
    })
    .ok()?;
    Some((found, sc.i))
}

/// How many bytes the JSON value at the start of `text` (after whitespace)
/// takes, when it is a whole value.
pub(super) fn value_len(text: &str) -> Option<usize> {
    let mut sc = Scan {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    sc.skip_value().ok()?;
    Some(sc.i)
}

/// Offset of the first `"` or `\\`. The first 32 bytes are searched eight
/// at a time (SWAR): most strings (keys, codes) end there, where memchr's
/// setup costs more than the search; longer ones go to memchr.
fn quote_or_backslash(b: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = LO * b'"' as u64;
    const BACKSLASHES: u64 = LO * b'\\' as u64;
    const SHORT: usize = 32;
    let head = &b[..b.len().min(SHORT)];
    let mut chunks = head.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let v = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        let q = v ^ QUOTES;
        let s = v ^ BACKSLASHES;
        // A zero byte in q or s is a match. The lowest flagged byte is always a
        // true match (false flags only appear above a true one).
        let found = (q.wrapping_sub(LO) & !q | s.wrapping_sub(LO) & !s) & HI;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    if let Some(p) = chunks
        .remainder()
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
    {
        return Some(at + p);
    }
    if b.len() <= SHORT {
        return None;
    }
    memchr::memchr2(b'"', b'\\', &b[SHORT..]).map(|p| p + SHORT)
}

/// The field names the scanner acts on, matched ignoring ASCII case.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Code,
    Message,
    ErrorDescription,
    Values,
    Details,
    ODataMetadata,
    Error,
    ODataError,
    PreProcessingError,
    FailureInfo,
    SchedulingError,
    ResizeErrors,
    RemoteException,
    Category,
    InnerError,
    Status,
    Title,
    Detail,
    Type,
    RequestId,
    ExceptionMessage,
    Target,
    ExceptionType,
    Exception,
    CorrelationId,
    Timestamp,
    Errors,
    Value,
    Key,
    Name,
    /// `FirstChanceExceptionMessage`: only Veeam Enterprise Manager sends it.
    VeeamMarker,
    Other,
}

impl Field {
    /// Classifies a key once, by its lower-cased bytes in a stack buffer:
    /// one `match` instead of a comparison per known name.
    fn of(key: &str) -> Field {
        let b = key.as_bytes();
        let mut buf = [0u8; 28];
        let Some(lower) = buf.get_mut(..b.len()) else {
            return Field::Other;
        };
        for (l, c) in lower.iter_mut().zip(b) {
            *l = c.to_ascii_lowercase();
        }
        match &*lower {
            b"code" => Field::Code,
            b"message" => Field::Message,
            b"error_description" => Field::ErrorDescription,
            b"values" => Field::Values,
            b"details" => Field::Details,
            b"odata.metadata" => Field::ODataMetadata,
            b"error" => Field::Error,
            b"odata.error" => Field::ODataError,
            b"preprocessingerror" => Field::PreProcessingError,
            b"failureinfo" => Field::FailureInfo,
            b"schedulingerror" => Field::SchedulingError,
            b"resizeerrors" => Field::ResizeErrors,
            b"remoteexception" => Field::RemoteException,
            b"category" => Field::Category,
            b"innererror" => Field::InnerError,
            b"status" | b"statuscode" | b"httpstatuscode" => Field::Status,
            b"title" => Field::Title,
            b"detail" => Field::Detail,
            b"type" => Field::Type,
            b"requestid" | b"request_id" | b"traceid" | b"trace_id" | b"activityid" => {
                Field::RequestId
            }
            b"exceptionmessage" => Field::ExceptionMessage,
            b"target" => Field::Target,
            b"exceptiontype" => Field::ExceptionType,
            b"exception" => Field::Exception,
            b"correlation_id" | b"correlationid" => Field::CorrelationId,
            b"timestamp" => Field::Timestamp,
            b"errors" => Field::Errors,
            b"value" => Field::Value,
            b"key" => Field::Key,
            b"name" => Field::Name,
            b"firstchanceexceptionmessage" => Field::VeeamMarker,
            _ => Field::Other,
        }
    }
}

struct Scan<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn fail<T>(&self, what: &'static str) -> R<T> {
        if self.i >= self.b.len() {
            Err(Fail {
                at: self.b.len(),
                what: EOF,
            })
        } else {
            Err(Fail { at: self.i, what })
        }
    }

    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// The whole input: one value, then only whitespace.
    fn document(&mut self, d: &mut Draft<'a>) -> R<()> {
        self.ws();
        if self.s[self.i..].starts_with('\u{feff}') {
            self.i += 3;
            self.ws();
        }
        match self.peek() {
            Some(b'{') => self.top_object(d, 0, false)?,
            // An array of errors: the first object is the error.
            Some(b'[') => {
                let mut first = true;
                self.array(|sc, _| {
                    if first && sc.peek() == Some(b'{') {
                        first = false;
                        sc.top_object(d, 0, false)
                    } else {
                        sc.skip_value()
                    }
                })?
            }
            _ => return self.fail("expected a JSON object"),
        }
        self.ws();
        if self.i < self.b.len() {
            return self.fail("unexpected text after the JSON value");
        }
        Ok(())
    }

    /// Calls `f` for each key of the object at the cursor; `f` must consume the value.
    fn object(&mut self, mut f: impl FnMut(&mut Self, Cow<'a, str>) -> R<()>) -> R<()> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return self.fail("expected a string key");
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return self.fail("expected ':' after an object key");
            }
            self.i += 1;
            self.ws();
            f(self, key)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.fail("expected ',' or '}' in an object"),
            }
        }
    }

    /// Calls `f` for each element of the array at the cursor, with its index.
    fn array(&mut self, mut f: impl FnMut(&mut Self, usize) -> R<()>) -> R<()> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        let mut n = 0;
        loop {
            f(self, n)?;
            n += 1;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.fail("expected ',' or ']' in an array"),
            }
        }
    }

    /// A string, a number or a literal as text; objects and arrays are skipped (`None`), as is `null`.
    fn scalar(&mut self) -> R<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'"') => self.string().map(Some),
            Some(b'n') => self.literal("null").map(|_| None),
            Some(b't') => self.literal("true").map(|_| Some(Cow::Borrowed("true"))),
            Some(b'f') => self.literal("false").map(|_| Some(Cow::Borrowed("false"))),
            Some(b'-' | b'0'..=b'9') => self.number().map(|n| Some(Cow::Borrowed(n))),
            _ => self.skip_value().map(|_| None),
        }
    }

    fn literal(&mut self, word: &'static str) -> R<()> {
        let end = self.i + word.len();
        match self.b.get(self.i..end) {
            Some(w) if w == word.as_bytes() => {
                self.i = end;
                Ok(())
            }
            _ if self.b.len() < end && word.as_bytes().starts_with(&self.b[self.i..]) => {
                self.i = self.b.len();
                self.fail(EOF)
            }
            _ => self.fail("invalid literal (expected true, false or null)"),
        }
    }

    fn number(&mut self) -> R<&'a str> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |sc: &mut Self| {
            let from = sc.i;
            while sc.peek().is_some_and(|c| c.is_ascii_digit()) {
                sc.i += 1;
            }
            sc.i > from
        };
        if !digits(self) {
            return self.fail("invalid number");
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return self.fail("invalid number: digits expected after '.'");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return self.fail("invalid number: digits expected in the exponent");
            }
        }
        Ok(&self.s[start..self.i])
    }

    /// The string at the cursor, unescaped; borrowed when it has no escapes.
    fn string(&mut self) -> R<Cow<'a, str>> {
        let start = self.i + 1;
        let Some(off) = quote_or_backslash(&self.b[start..]) else {
            self.i = self.b.len();
            return self.fail(EOF);
        };
        if self.b[start + off] == b'"' {
            self.i = start + off + 1;
            return Ok(Cow::Borrowed(&self.s[start..start + off]));
        }
        // Room for the rest of a typical message, so it grows once at most.
        let mut out = String::with_capacity((self.b.len() - start).min(off + 256));
        out.push_str(&self.s[start..start + off]);
        self.i = start + off;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(_) => self.escape(&mut out)?,
                None => return self.fail(EOF),
            }
            let from = self.i;
            match quote_or_backslash(&self.b[from..]) {
                Some(off) => {
                    out.push_str(&self.s[from..from + off]);
                    self.i = from + off;
                }
                None => {
                    self.i = self.b.len();
                    return self.fail(EOF);
                }
            }
        }
    }

    /// The escape sequence at the cursor (a backslash), appended to `out`.
    fn escape(&mut self, out: &mut String) -> R<()> {
        let Some(&c) = self.b.get(self.i + 1) else {
            self.i = self.b.len();
            return self.fail(EOF);
        };
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4(self.i + 2)?;
                self.i += 6;
                let low = if (0xD800..0xDC00).contains(&unit)
                    && self.b.get(self.i..self.i + 2) == Some(b"\\u")
                {
                    self.hex4(self.i + 2)
                        .ok()
                        .filter(|low| (0xDC00..0xE000).contains(low))
                } else {
                    None
                };
                if let Some(low) = low {
                    self.i += 6;
                    let c = 0x10000 + ((unit as u32 - 0xD800) << 10) + (low as u32 - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    return Ok(());
                }
                out.push(char::from_u32(unit as u32).unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            _ => {
                self.i += 1;
                return self.fail("invalid escape in a string");
            }
        };
        out.push(ch);
        self.i += 2;
        Ok(())
    }

    fn hex4(&mut self, at: usize) -> R<u16> {
        let Some(digits) = self.b.get(at..at + 4) else {
            self.i = self.b.len();
            return self.fail(EOF);
        };
        let mut v = 0u16;
        for &d in digits {
            let n = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => {
                    self.i = at;
                    return self.fail("invalid \\u escape: four hex digits expected");
                }
            };
            v = v << 4 | n as u16;
        }
        Ok(v)
    }

    fn skip_string(&mut self) -> R<()> {
        let mut at = self.i + 1;
        loop {
            match quote_or_backslash(&self.b[at.min(self.b.len())..]) {
                Some(off) if self.b[at + off] == b'"' => {
                    self.i = at + off + 1;
                    return Ok(());
                }
                Some(off) => at += off + 2,
                None => {
                    self.i = self.b.len();
                    return self.fail(EOF);
                }
            }
        }
    }

    /// Skips one value of any depth without recursion: open containers are
    /// kept on a heap stack of their closing bytes.
    fn skip_value(&mut self) -> R<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => self.skip_string()?,
                Some(b'{') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        open.push(b'}');
                        self.skip_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        open.push(b']');
                        continue;
                    }
                }
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                _ => return self.fail("expected a value"),
            }
            // A value ended: close every container it completes.
            loop {
                let Some(&close) = open.last() else {
                    return Ok(());
                };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if close == b'}' {
                            self.ws();
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.i += 1;
                        open.pop();
                    }
                    _ if close == b'}' => return self.fail("expected ',' or '}' in an object"),
                    _ => return self.fail("expected ',' or ']' in an array"),
                }
            }
        }
    }

    fn skip_key(&mut self) -> R<()> {
        if self.peek() != Some(b'"') {
            return self.fail("expected a string key");
        }
        self.skip_string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return self.fail("expected ':' after an object key");
        }
        self.i += 1;
        Ok(())
    }

    /// The top-level object, or an unknown object met at a shallow depth
    /// (`weak`: what it gives counts only when nothing better is found).
    fn top_object(&mut self, d: &mut Draft<'a>, depth: u8, weak: bool) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Code => {
                    let v = sc.scalar()?;
                    d.set_code(v, weak);
                }
                Field::Message | Field::ErrorDescription => sc.message(d, weak)?,
                k @ (Field::Values | Field::Details) => {
                    d.values |= k == Field::Values && !weak;
                    sc.pairs(d)?;
                }
                Field::ODataMetadata => {
                    if let Some(v) = sc.scalar()? {
                        d.odata_metadata.get_or_insert(v);
                    }
                }
                k @ (Field::Error | Field::ODataError) => match sc.peek() {
                    Some(b'{') if depth < MAX_NEST => {
                        if !weak {
                            d.set_shape(if k == Field::ODataError {
                                Shape::ODataError
                            } else {
                                Shape::ErrorWrapper
                            });
                            // The gateway spells it `Error`; ARM and OData `error`.
                            d.pascal_case |= key.starts_with('E');
                        }
                        sc.error_object(d, depth + 1, weak)?;
                    }
                    Some(b'"') => {
                        if !weak {
                            d.set_shape(Shape::OAuth);
                        }
                        let v = sc.scalar()?;
                        d.set_code(v, weak);
                    }
                    _ => sc.skip_value()?,
                },
                Field::PreProcessingError | Field::FailureInfo | Field::SchedulingError
                    if sc.peek() == Some(b'{') && depth < MAX_NEST =>
                {
                    d.set_shape(Shape::Scheduling);
                    sc.scheduling_object(d, depth + 1)?;
                }
                Field::ResizeErrors if sc.peek() == Some(b'[') => {
                    let mut first = true;
                    sc.array(|sc, _| {
                        if first && sc.peek() == Some(b'{') && depth < MAX_NEST {
                            first = false;
                            d.set_shape(Shape::Scheduling);
                            sc.scheduling_object(d, depth + 1)
                        } else {
                            sc.skip_value()
                        }
                    })?;
                }
                Field::RemoteException if sc.peek() == Some(b'{') => {
                    d.set_shape(Shape::Remote);
                    sc.remote_object(d)?;
                }
                Field::Category => {
                    if let Some(v) = sc.scalar()? {
                        d.category.get_or_insert(v);
                    }
                }
                Field::InnerError if depth < MAX_NEST => {
                    sc.inner(d, "innererror".to_string(), depth + 1)?
                }
                Field::Status => {
                    let n = sc.scalar()?.and_then(|v| v.parse::<u16>().ok());
                    if let Some(n) = n.filter(|n| (100..=599).contains(n)) {
                        d.status.get_or_insert(n);
                    }
                }
                Field::Title => {
                    if let Some(v) = sc.scalar()? {
                        d.problem_title.get_or_insert(v);
                    }
                }
                Field::Detail => {
                    let v = sc.scalar()?;
                    d.set_message(v, weak);
                }
                Field::Type => {
                    if let Some(v) = sc.scalar()? {
                        d.problem_type = true;
                        d.detail("type", v);
                    }
                }
                Field::RequestId => {
                    if let Some(v) = sc.scalar()? {
                        d.request_id.get_or_insert(v);
                    }
                }
                // ASP.NET Web API: `Message` is generic, the exception's message says what failed.
                Field::ExceptionMessage => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v.clone());
                        d.set_message(Some(v), true);
                    }
                }
                Field::Target
                | Field::ExceptionType
                | Field::Exception
                | Field::CorrelationId
                | Field::Timestamp => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v);
                    }
                }
                Field::Errors => sc.errors(d, depth, weak)?,
                Field::VeeamMarker => {
                    d.veeam |= depth == 0;
                    sc.skip_value()?;
                }
                // An object the scanner does not know may still hold the error
                // (`{"result":{"code":..}}`); what it gives is second choice.
                _ if sc.peek() == Some(b'{') && depth < 2 => sc.top_object(d, depth + 1, true)?,
                _ => sc.skip_value()?,
            }
            Ok(())
        })
    }

    /// `message`: a string, or OData's `{"lang":..,"value":..}`.
    fn message(&mut self, d: &mut Draft<'a>, weak: bool) -> R<()> {
        if self.peek() == Some(b'{') {
            if !weak {
                d.message_object = true;
            }
            return self.object(|sc, key| {
                if Field::of(&key) == Field::Value {
                    let v = sc.scalar()?;
                    d.set_message(v, weak);
                    Ok(())
                } else {
                    sc.skip_value()
                }
            });
        }
        let v = self.scalar()?;
        d.set_message(v, weak);
        Ok(())
    }

    /// The object inside `error` / `odata.error`.
    fn error_object(&mut self, d: &mut Draft<'a>, depth: u8, weak: bool) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Code => {
                    // Only the gateway spells it `Code` inside `Error`.
                    if !weak && key != "Code" {
                        d.pascal_case = false;
                    }
                    let v = sc.scalar()?;
                    d.set_code(v, weak);
                }
                Field::Message => sc.message(d, weak)?,
                Field::Values => sc.pairs(d)?,
                Field::Details => sc.arm_details(d, depth)?,
                Field::InnerError if depth < MAX_NEST => {
                    sc.inner(d, "innererror".to_string(), depth + 1)?
                }
                Field::RequestId => {
                    if let Some(v) = sc.scalar()? {
                        d.request_id.get_or_insert(v);
                    }
                }
                _ if matches!(sc.peek(), Some(b'{' | b'[')) => sc.skip_value()?,
                // `target` and any other scalar facts of the error.
                _ => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v);
                    }
                }
            }
            Ok(())
        })
    }

    /// ARM `details`: `[{"code":..,"message":..,"target":..}]`, each becoming
    /// a detail keyed by its code.
    fn arm_details(&mut self, d: &mut Draft<'a>, depth: u8) -> R<()> {
        if self.peek() != Some(b'[') || depth >= MAX_NEST {
            return self.skip_value();
        }
        self.array(|sc, n| {
            if sc.peek() != Some(b'{') {
                return sc.skip_value();
            }
            let mut code = None;
            let mut msg = None;
            let mut target = None;
            sc.object(|sc, key| {
                match Field::of(&key) {
                    Field::Code => code = sc.scalar()?,
                    Field::Message => msg = sc.scalar()?,
                    Field::Target => target = sc.scalar()?,
                    _ => sc.skip_value()?,
                }
                Ok(())
            })?;
            let key = code.map_or_else(|| format!("details[{n}]"), Cow::into_owned);
            if let Some(t) = target {
                d.detail(format!("{key}.target"), t);
            }
            d.detail(key, msg.unwrap_or(Cow::Borrowed("")));
            Ok(())
        })
    }

    /// Key/value facts: Batch `values` `[{"key":..,"value":..}]`, `details`
    /// `[{"name":..,"value":..}]`, or a single such object.
    fn pairs(&mut self, d: &mut Draft<'a>) -> R<()> {
        match self.peek() {
            Some(b'[') => self.array(|sc, _| {
                if sc.peek() == Some(b'{') {
                    sc.pair(d)
                } else {
                    sc.skip_value()
                }
            }),
            Some(b'{') => self.pair(d),
            _ => self.skip_value(),
        }
    }

    fn pair(&mut self, d: &mut Draft<'a>) -> R<()> {
        let mut name = None;
        let mut value = None;
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Key | Field::Name | Field::Code => name = sc.scalar()?,
                Field::Value | Field::Message => value = sc.scalar()?,
                _ => sc.skip_value()?,
            }
            Ok(())
        })?;
        if let (Some(n), Some(v)) = (name, value) {
            d.detail(n.into_owned(), v);
        }
        Ok(())
    }

    /// A Batch scheduling error: `category`, `code`, `message`, `details`/`values`.
    fn scheduling_object(&mut self, d: &mut Draft<'a>, depth: u8) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Category => {
                    if let Some(v) = sc.scalar()? {
                        d.category.get_or_insert(v);
                    }
                }
                Field::Code => {
                    let v = sc.scalar()?;
                    d.set_code(v, false);
                }
                Field::Message => sc.message(d, false)?,
                Field::Details | Field::Values => sc.pairs(d)?,
                Field::InnerError if depth < MAX_NEST => {
                    sc.inner(d, "innererror".to_string(), depth + 1)?
                }
                _ => sc.skip_value()?,
            }
            Ok(())
        })
    }

    /// WebHDFS `RemoteException`: the exception's class name is the code.
    fn remote_object(&mut self, d: &mut Draft<'a>) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Exception => {
                    let v = sc.scalar()?;
                    d.set_code(v, false);
                }
                Field::Message => {
                    let v = sc.scalar()?;
                    d.set_message(v, false);
                }
                _ => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v);
                    }
                }
            }
            Ok(())
        })
    }

    /// `innererror`, flattened into details (`innererror.code`,
    /// `innererror.innererror.code`, ...); nesting stops at [`MAX_NEST`].
    fn inner(&mut self, d: &mut Draft<'a>, prefix: String, depth: u8) -> R<()> {
        if self.peek() != Some(b'{') {
            if let Some(v) = self.scalar()? {
                d.detail(prefix, v);
            }
            return Ok(());
        }
        self.object(|sc, key| {
            if Field::of(&key) == Field::InnerError && depth < MAX_NEST {
                sc.inner(d, format!("{prefix}.{key}"), depth + 1)
            } else if matches!(sc.peek(), Some(b'{' | b'[')) {
                sc.skip_value()
            } else {
                if let Some(v) = sc.scalar()? {
                    d.detail(format!("{prefix}.{key}"), v);
                }
                Ok(())
            }
        })
    }

    /// `errors`: an array of error objects (the first is read), of strings, or
    /// an ASP.NET validation map `{"field":["message"]}`.
    fn errors(&mut self, d: &mut Draft<'a>, depth: u8, weak: bool) -> R<()> {
        match self.peek() {
            Some(b'[') => {
                let mut first = true;
                self.array(|sc, _| match sc.peek() {
                    Some(b'{') if first && depth < 2 => {
                        first = false;
                        sc.top_object(d, depth + 1, true)
                    }
                    Some(b'"') => {
                        let v = sc.scalar()?;
                        d.set_message(v, true);
                        Ok(())
                    }
                    _ => sc.skip_value(),
                })
            }
            Some(b'{') => self.object(|sc, key| {
                let mut first = None;
                if sc.peek() == Some(b'[') {
                    sc.array(|sc, _| {
                        let v = sc.scalar()?;
                        if first.is_none() {
                            first = v;
                        }
                        Ok(())
                    })?;
                } else {
                    first = sc.scalar()?;
                }
                if let Some(v) = first.filter(|_| !weak) {
                    d.detail(key.into_owned(), v);
                }
                Ok(())
            }),
            _ => self.skip_value(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> ErrorBody {
        decode(s, &BodyHints::default())
    }

    #[test]
    fn batch_shape_with_values_and_metadata() {
        let b = dec(
            r#"{"odata.metadata":"https://acct.westeurope.batch.azure.com/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element","code":"JobNotFound","message":{"lang":"en-US","value":"The specified job does not exist.\nRequestId:11111111-2222-3333-4444-555555555555\nTime:2024-05-01T10:00:00.0000000Z"},"values":[{"key":"Reason","value":"gone"}]}"#,
        );
        assert_eq!(b.format, BodyFormat::BatchJson);
        assert_eq!(b.service, Some(Service::Batch));
        assert_eq!(b.code.as_deref(), Some("JobNotFound"));
        assert_eq!(
            b.message.as_deref(),
            Some("The specified job does not exist.")
        );
        assert_eq!(
            b.request_id.as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(b.detail("Reason"), Some("gone"));
        assert_eq!(b.detail("Time"), Some("2024-05-01T10:00:00.0000000Z"));
        assert!(b.problems.is_empty());
    }

    #[test]
    fn keys_are_case_insensitive() {
        let b = dec(r#"{"Code":"PoolNotFound","Message":{"Value":"nope"}}"#);
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!(b.message.as_deref(), Some("nope"));
    }

    #[test]
    fn fabric_gateway_shape() {
        let b = dec(
            r#"{"Error":{"Code":"FABRIC_E_SERVICE_DOES_NOT_EXIST","Message":"Service does not exist."}}"#,
        );
        assert_eq!(b.format, BodyFormat::FabricJson);
        assert_eq!(b.service, Some(Service::Fabric));
        let b = dec(r#"{"Error":{"Code":"E_INVALIDARG","Message":"Invalid argument"}}"#);
        assert_eq!(b.format, BodyFormat::FabricJson);
    }

    #[test]
    fn arm_details_target_and_innererror_are_flattened() {
        let b = dec(
            r#"{"error":{"code":"InvalidTemplate","message":"Bad.","target":"vm1","details":[{"code":"Reason","message":"why","target":"x"},{"message":"other"}],"innererror":{"code":"Inner","innererror":{"code":"Deeper"}}}}"#,
        );
        assert_eq!(b.format, BodyFormat::OdataV4Json);
        assert_eq!(b.detail("target"), Some("vm1"));
        assert_eq!(b.detail("Reason"), Some("why"));
        assert_eq!(b.detail("Reason.target"), Some("x"));
        assert_eq!(b.detail("details[1]"), Some("other"));
        assert_eq!(b.detail("innererror.code"), Some("Inner"));
        assert_eq!(b.detail("innererror.innererror.code"), Some("Deeper"));
    }

    #[test]
    fn odata_v3_and_oauth_and_webhdfs() {
        let b = dec(
            r#"{"odata.error":{"code":"EntityNotFound","message":{"lang":"en-US","value":"Gone."}}}"#,
        );
        assert_eq!(
            (b.format, b.code.as_deref()),
            (BodyFormat::OdataV3Json, Some("EntityNotFound"))
        );
        let b = dec(
            r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret.","trace_id":"t-1"}"#,
        );
        assert_eq!(b.format, BodyFormat::OauthJson);
        assert_eq!(b.code.as_deref(), Some("invalid_client"));
        assert_eq!(b.request_id.as_deref(), Some("t-1"));
        let b = dec(
            r#"{"RemoteException":{"exception":"AccessControlException","message":"Denied","javaClassName":"org.X"}}"#,
        );
        assert_eq!(b.format, BodyFormat::WebhdfsJson);
        assert_eq!(b.code.as_deref(), Some("AccessControlException"));
        assert_eq!(b.detail("javaClassName"), Some("org.X"));
    }

    #[test]
    fn scheduling_errors_with_single_object_values() {
        let b = dec(
            r#"{"preProcessingError":{"category":"UserError","code":"ResourceFileDownloadFailed","message":"Could not download","values":{"name":"FilePath","value":"d:\\x"}}}"#,
        );
        assert_eq!(b.format, BodyFormat::BatchSchedulingJson);
        assert_eq!(b.category.as_deref(), Some("UserError"));
        assert_eq!(b.detail("FilePath"), Some("d:\\x"));
        let b = dec(
            r#"{"id":"t1","executionInfo":{"failureInfo":{"category":"ServerError","code":"TaskEnded","details":[{"name":"Message","value":"m"}]}}}"#,
        );
        assert_eq!(b.code.as_deref(), Some("TaskEnded"));
        assert_eq!(b.category.as_deref(), Some("ServerError"));
    }

    #[test]
    fn problem_details() {
        let b = dec(
            r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"traceId":"00-abc-01"}"#,
        );
        assert_eq!(b.format, BodyFormat::ProblemJson);
        assert_eq!(b.status, Some(404));
        assert_eq!(b.message.as_deref(), Some("Not Found"));
        assert_eq!(b.request_id.as_deref(), Some("00-abc-01"));
    }

    #[test]
    fn escapes_and_surrogates() {
        let b = dec(r#"{"code":"A\u0042","message":"\ud83d\ude00 \"q\" \/ \ud800x"}"#);
        assert_eq!(b.code.as_deref(), Some("AB"));
        assert_eq!(b.message.as_deref(), Some("😀 \"q\" / \u{fffd}x"));
    }

    #[test]
    fn truncation_keeps_what_came_before() {
        let b = dec("{\n  \"code\": \"PoolNotFound\",\n  \"message\": {\"lang\": \"en-US\", \"val");
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!(b.problems.len(), 1);
        assert_eq!((b.problems[0].line, b.problems[0].column), (3, 36));
        assert!(b.problems[0].message.contains("truncated"));
    }

    #[test]
    fn malformed_json_reports_the_position() {
        let b = dec("{\"code\": \"X\",\n \"message\" \"no colon\"}");
        assert_eq!(b.code.as_deref(), Some("X"));
        assert_eq!((b.problems[0].line, b.problems[0].column), (2, 12));
        let b = dec("{\"code\":\"X\"} trailing");
        assert_eq!(
            b.problems[0].message,
            "unexpected text after the JSON value"
        );
    }

    #[test]
    fn deep_nesting_is_skipped_without_recursion() {
        let mut s = String::from("{\"code\":\"Deep\",\"x\":");
        s.push_str(&"[".repeat(1_000_000));
        s.push_str(&"]".repeat(1_000_000));
        s.push('}');
        let b = dec(&s);
        assert_eq!(b.code.as_deref(), Some("Deep"));
        assert!(b.problems.is_empty());
        let b = dec(&"[".repeat(1_000_000));
        assert_eq!(b.problems.len(), 1);
        let b = dec(&"{\"a\":".repeat(100_000));
        assert_eq!(b.problems.len(), 1);
    }

    #[test]
    fn quote_search_agrees_with_a_plain_search() {
        let text = br#"abcdefgh\ijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"OPQRSTUVWXYZ"#;
        for start in 0..text.len() {
            for end in start..=text.len() {
                let s = &text[start..end];
                assert_eq!(
                    quote_or_backslash(s),
                    s.iter().position(|&c| c == b'"' || c == b'\\')
                );
            }
        }
        assert_eq!(quote_or_backslash(b"\x01\xff\x22"), Some(2));
        assert_eq!(
            quote_or_backslash(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x5c"),
            Some(9)
        );
    }

    #[test]
    fn embedded_errors_object() {
        let (errs, used) = embedded_errors(r#"{"Errors":["one","two"]} tail"#).unwrap();
        assert_eq!(errs, "one\ntwo");
        assert_eq!(used, 24);
        assert!(embedded_errors("not json").is_none());
    }
}
