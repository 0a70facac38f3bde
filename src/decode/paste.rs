//! Pastes: what people copy from a terminal or a log when a call fails. An
//! SDK exception's text (Cosmos DB .NET, Java, Python, JavaScript; Batch;
//! Service Fabric), CLI output (`az`, `sfctl`), PowerShell error records, log
//! lines, often with a body inside.
//!
//! Such text has no fields, so it is read by general rules, in this order:
//! 1. a body quoted inside it (JSON after `Invoke-RestMethod : `, XML after
//!    `Invoke-WebRequest : `, a JSON-string-escaped body, a Java exception's
//!    `toString()` JSON) is decoded as a body;
//! 2. statuses, sub-statuses and waits, by the rules of [`crate::status_text`]
//!    (shared with `scan`);
//! 3. codes: labelled (`Code: X`, `ErrorCode : X`, `Error=X`, `Code=X;`),
//!    in azure-core's `(Code) message` form, after `ERROR: `, catalog code
//!    names anywhere, HRESULT literals resolved to their catalog name, and
//!    text quoting a catalog message;
//! 4. the service, from the markers SDKs leave (`Microsoft.Azure.Cosmos`,
//!    `azure.cosmos`, `System.Fabric`, `*.batch.azure.com`, ...).
//!
//! The code kept is the most specific one a catalog knows (an inner Service
//! Fabric code over the ARM error around it); the others stay as mentions.

use std::borrow::Cow;

use super::phrases::Phrases;
use super::{BodyFormat, BodyHints, ErrorBody, json, json_scan, matching, message, text, xml};
use crate::catalog::{self, Service};
use crate::status_text::{self, Fact};

/// Longest message taken from free text; the rest is still searched.
const MAX_MESSAGE: usize = 500;

/// Decodes plain text or a log excerpt.
pub(super) fn decode_text(input: &str) -> ErrorBody {
    let text = normalise(input);
    let text = text.as_ref();
    let mut body = ErrorBody::new(BodyFormat::Text);
    let mut candidates: Vec<Candidate> = Vec::new();

    // 1. A body quoted inside the text.
    let inner = embedded_body(text);
    if let Some(inner) = &inner {
        if let Some(code) = &inner.code {
            candidates.push(Candidate::new(code, Rank::Body));
        }
        body.status = inner.status;
        body.message = inner.message.clone();
        body.details.extend(inner.details.iter().cloned());
        body.request_id = inner.request_id.clone();
        body.category = inner.category.clone();
        body.service = inner.service;
        for h in &inner.hresults {
            body.push_hresult(&h.field, h.value.0);
        }
    }

    // ACS and similar `Key:Value:Key:Value` lines.
    let (_, facts) = message::split_labels(
        text,
        &["SubCode:", "Detail:", "TraceID:", "TimeStamp:"],
        false,
    );
    for (label, value) in facts {
        let value = value.trim_end_matches(':').trim();
        match label {
            "Detail" if body.message.is_none() => body.message = Some(truncate(value)),
            "TraceID" => {
                body.set_request_id(value);
                body.push_detail(label, value);
            }
            _ => body.push_detail(label, value),
        }
    }

    // 2. Statuses, sub-statuses, waits.
    apply_status_facts(&mut body, text);

    // 3. Codes.
    let mut message_after_code = None;
    for (code, rank, after) in labelled_codes(text) {
        if message_after_code.is_none() && !after.is_empty() {
            message_after_code = Some(after);
        }
        candidates.push(Candidate::new(code, rank));
    }
    let mentions = text::mentions(text);
    if let [only] = mentions.codes.as_slice() {
        candidates.push(Candidate::new(only, Rank::Word));
    }
    for h in &mentions.hresults {
        body.push_hresult("text", *h);
    }
    for h in keyed_hresults(text) {
        if !mentions.hresults.contains(&h) {
            body.push_hresult("text", h);
        }
    }
    for h in body.hresults.clone() {
        if let Some(e) = catalog::by_hresult(h.value.0).next() {
            candidates.push(Candidate::new(e.code(), Rank::Hresult));
        }
    }
    let mut sdk_service = None;
    if candidates.iter().all(|c| !c.known) {
        if let Some(code) = quoted_message(text) {
            candidates.push(Candidate::new(code, Rank::Quoted));
        } else if let Some((service, code)) = sdk_text(text) {
            candidates.push(Candidate::new(code, Rank::Quoted));
            sdk_service = Some(service);
        }
    }
    if body.status.is_none() {
        if let [only] = mentions.statuses.as_slice() {
            body.status = Some(*only);
        }
    }
    if body.status.is_none() {
        // `Code: 403`, JavaScript's `code: 429`: a code that is a status.
        body.status = candidates
            .iter()
            .filter_map(|c| matching::status_number(&c.code))
            .next();
    }

    // 4. The service.
    if body.service.is_none() {
        body.service = service_markers(text).or(sdk_service);
    }
    if body.service.is_none() && body.substatus.is_some() {
        // Only Cosmos DB sends sub-statuses.
        body.service = Some(Service::Cosmos);
    }
    body.code = choose(&candidates);
    cosmos_code_from_status(&mut body);

    if body.message.is_none() {
        body.message = message_after_code
            .map(|m| truncate(m.trim()))
            .or_else(|| labelled_line(text, "Message").map(truncate))
            .or_else(|| error_line(text).map(truncate));
    }
    if body.request_id.is_none() {
        if let Some(id) = request_id(text) {
            body.set_request_id(id);
        }
    }
    body.mentions
        .extend(mentions.codes.iter().map(|c| c.to_string()));
    body.mentions
        .extend(mentions.hresults.iter().map(|h| format!("0x{h:08X}")));
    body.mentions
        .extend(mentions.statuses.iter().map(u16::to_string));
    body
}

/// Reads the statuses, sub-statuses, waits and service markers of `text`
/// into a body whose structure gave neither a code nor a status (a Cosmos DB
/// diagnostics dump whose `"StatusCode":"Gone"` sits deep inside).
pub(super) fn read_facts_into(body: &mut ErrorBody, text: &str) {
    apply_status_facts(body, text);
    if body.service.is_none() {
        body.service = service_markers(text);
    }
    if body.service.is_none() && body.substatus.is_some() {
        body.service = Some(Service::Cosmos);
    }
    cosmos_code_from_status(body);
}

/// Cosmos DB's code is its status's name: Java's `NotFoundException` with
/// `statusCode: 404` is the gateway's `NotFound`.
fn cosmos_code_from_status(body: &mut ErrorBody) {
    // `Status code: 404` labels the status, not a code: Cosmos DB's code is its name.
    let code_is_status = body.status.is_some()
        && body.code.as_deref().and_then(|c| c.parse::<u16>().ok()) == body.status;
    if (body.code.is_none() || code_is_status) && body.service == Some(Service::Cosmos) {
        body.code = body
            .status
            .and_then(crate::http::status_name)
            .map(str::to_string);
    }
}

/// Undoes what transports do to pasted text: .NET's `%3b`-encoded
/// diagnostics (`ServiceUnavailable (503)%3b Substatus: 0%3b`) and the
/// `Line |` / `     | ` gutter of PowerShell 7's error view.
fn normalise(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if text.contains("%3b") || text.contains("%3B") {
        out = Cow::Owned(text.replace("%3b", ";").replace("%3B", ";"));
    }
    fn gutter(l: &str) -> Option<&str> {
        let t = l.trim_start();
        let t = t
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        t.strip_prefix('|')
            .map(|rest| rest.strip_prefix(' ').unwrap_or(rest))
    }
    if out.lines().any(|l| l.trim_start().starts_with("Line |")) {
        let mut s = String::with_capacity(out.len());
        for line in out.lines() {
            s.push_str(gutter(line).unwrap_or(line));
            s.push('\n');
        }
        out = Cow::Owned(s);
    }
    out
}

/// How a code was found, most trustworthy first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The code of a body quoted in the text.
    Body,
    /// After a code label, in `(Code) message` form, after `ERROR: `.
    Labelled,
    /// The one catalog code name the text mentions.
    Word,
    /// The catalog name of an HRESULT in the text.
    Hresult,
    /// The code whose catalog message the text quotes.
    Quoted,
}

struct Candidate {
    code: String,
    rank: Rank,
    /// The catalog knows it.
    known: bool,
}

impl Candidate {
    /// A code as found; an HRESULT literal the catalog knows becomes its name
    /// (`ErrorCode=0x80880028` is `MPE_MGMT_STATE_TRANSITION_INVALID`).
    fn new(code: &str, rank: Rank) -> Candidate {
        let named = super::strict_hresult(code).and_then(|h| catalog::by_hresult(h).next());
        match named {
            Some(e) => Candidate {
                code: e.code().to_string(),
                rank,
                known: true,
            },
            None => Candidate {
                code: code.to_string(),
                rank,
                known: catalog::by_name(code, None).next().is_some(),
            },
        }
    }
}

/// The most specific code a catalog knows, else the best-ranked one; a
/// code that is only a status number comes last.
fn choose(candidates: &[Candidate]) -> Option<String> {
    let numeric = |c: &&Candidate| matching::status_number(&c.code).is_some();
    candidates
        .iter()
        .filter(|c| c.known && !numeric(c))
        .min_by_key(|c| c.rank)
        .or_else(|| {
            candidates
                .iter()
                .filter(|c| !numeric(c))
                .min_by_key(|c| c.rank)
        })
        .or_else(|| candidates.first())
        .map(|c| c.code.clone())
}

/// The statuses, sub-statuses and waits of the text, combined: a pair wins;
/// else one distinct error status and one distinct sub-status. A sub-status
/// written as a name is resolved under the status.
fn apply_status_facts(body: &mut ErrorBody, text: &str) {
    let found = status_text::facts(text.as_bytes());
    let mut statuses: Vec<u16> = Vec::new();
    let mut substatuses: Vec<u32> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut pair = None;
    for f in &found {
        match f.fact {
            Fact::Pair { status, substatus } if status >= 400 => {
                pair.get_or_insert((status, substatus));
            }
            Fact::Pair { .. } => {}
            Fact::Status { status, .. } if status >= 400 => {
                if !statuses.contains(&status) {
                    statuses.push(status);
                }
            }
            Fact::Status { .. } => {}
            Fact::Substatus(s) => {
                if !substatuses.contains(&s) {
                    substatuses.push(s);
                }
            }
            Fact::SubstatusName(s, e) => names.push(&text[s..e]),
            Fact::RetryAfterMs(ms) => {
                body.retry_after_ms.get_or_insert(ms);
            }
        }
    }
    if let Some((status, substatus)) = pair {
        body.status.get_or_insert(status);
        if body.status == Some(status) {
            body.substatus = Some(substatus);
        }
        return;
    }
    if body.status.is_none() {
        if let [only] = statuses.as_slice() {
            body.status = Some(*only);
        }
    }
    let by_name = names
        .iter()
        .find_map(|n| status_text::substatus_for_name(n, body.status));
    match (substatuses.as_slice(), by_name) {
        ([only], _) => body.substatus = Some(*only),
        ([], Some(s)) => body.substatus = Some(s),
        _ => {}
    }
}

/// Codes written after a label, with the text that follows the code on its
/// line (the message, in the `(Code) message` form):
/// `Code: PoolNotFound`, `ErrorCode : ServiceNotFound`, `Error=FABRIC_E_X`,
/// `BatchError: Code=PoolBeingResized;`, `code: 'TooManyRequests'`,
/// `ERROR: (PoolNotFound) The specified pool does not exist.`,
/// `CosmosResourceNotFoundError: (NotFound) Entity ...`, `ERROR: FABRIC_E_X`.
fn labelled_codes(text: &str) -> Vec<(&str, Rank, &str)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        // azure-core's `(Code) message`, at the start of the line or after `: `.
        let paren = trimmed
            .strip_prefix('(')
            .map(|r| (r, true))
            .or_else(|| line.find(": (").map(|p| (&line[p + 3..], false)));
        if let Some((rest, _)) = paren {
            if let Some(close) = rest.find(')') {
                let code = &rest[..close];
                if is_code_shaped(code) {
                    out.push((code, Rank::Labelled, rest[close + 1..].trim()));
                    continue;
                }
            }
        }
        if let Some(rest) = trimmed.strip_prefix("ERROR: ") {
            let word = code_word(rest);
            if is_code_shaped(word) && catalog::by_name(word, None).next().is_some() {
                out.push((word, Rank::Labelled, ""));
            }
        }
        for value in labelled_values(line, &["code", "errorcode", "error_code", "error code"]) {
            out.push((value, Rank::Labelled, ""));
        }
        for value in labelled_values(line, &["error"]) {
            // `Error=FABRIC_E_INVALID_CONFIGURATION`: only a known code counts,
            // `error: connection refused` is prose.
            if catalog::by_name(value, None).next().is_some() {
                out.push((value, Rank::Labelled, ""));
            }
        }
    }
    out
}

/// A code's shape: letters, digits, `_`, `.`, `-`, with a letter or a `0x`.
fn is_code_shaped(s: &str) -> bool {
    (2..=96).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
        || matching::status_number(s).is_some()
        || super::strict_hresult(s).is_some()
}

/// The code-shaped word at the start of `s`.
fn code_word(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'))
        .unwrap_or(s.len());
    s[..end].trim_end_matches('.')
}

/// The values after `labels` (whole words, any case) on a line: `label`,
/// then spaces, one `:` or `=`, then spaces or quotes, then a code-shaped word.
fn labelled_values<'t>(line: &'t str, labels: &[&str]) -> Vec<&'t str> {
    let lower = line.to_ascii_lowercase();
    let mut out = Vec::new();
    for label in labels {
        let mut from = 0;
        while let Some(p) = lower[from..].find(label) {
            let at = from + p;
            from = at + label.len();
            let before_ok = lower[..at]
                .bytes()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric() && c != b'_' && c != b'-');
            let after_ok = lower
                .as_bytes()
                .get(from)
                .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_');
            if !before_ok || !after_ok {
                continue;
            }
            let rest = line[from..].trim_start_matches(['"', '\'']);
            let rest = rest.trim_start_matches([' ', '\t']);
            let Some(rest) = rest.strip_prefix([':', '=']) else {
                continue;
            };
            let rest = rest.trim_start_matches([' ', '\t', '"', '\'']);
            let value = code_word(rest);
            if is_code_shaped(value) {
                out.push(value);
            }
        }
    }
    out
}

/// The rest of the first line that starts with `label:` (after indentation).
fn labelled_line<'t>(text: &'t str, label: &str) -> Option<&'t str> {
    text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix(label)?;
        let rest = rest.trim_start().strip_prefix(':')?.trim();
        (!rest.is_empty()).then_some(rest)
    })
}

/// The line a person would call the error: not a shell prompt, a
/// traceback header, a stack frame, a warning or debug line, PowerShell's
/// position lines; the first that says it is an error, else the first left.
fn error_line(text: &str) -> Option<&str> {
    let noise = |l: &str| {
        let t = l.trim_start();
        t.is_empty()
            || t.starts_with("$ ")
            || t.starts_with("PS ")
            || t.starts_with("> ")
            || t.starts_with("Traceback (most recent call last)")
            || t.starts_with("File \"")
            || t.starts_with("at ")
            || t.starts_with("---")
            || t.starts_with("...")
            || t.starts_with("+ ")
            || t.starts_with('~')
            || t.starts_with("WARNING:")
            || t.starts_with("DEBUG:")
            || t.starts_with("VERBOSE:")
            || t.starts_with("At line:")
            || t.starts_with("At ")
            || t == "False"
    };
    let lines = || text.lines().filter(|l| !noise(l)).map(str::trim);
    lines()
        .find(|l| {
            l.contains("Exception")
                || l.contains("ERROR")
                || l.contains("Error")
                || l.contains("error")
                || l.contains("failed")
        })
        .or_else(|| lines().next())
        .map(|l| l.strip_prefix("ERROR: ").unwrap_or(l))
}

/// A request id written as a label: `ActivityId: ..`, `RequestId:..`,
/// `x-ms-activity-id=..`, `activityId: '..'`.
fn request_id(text: &str) -> Option<&str> {
    let labels = [
        "activityid",
        "requestid",
        "x-ms-activity-id",
        "x-ms-request-id",
        "request-id",
    ];
    let lower = text.to_ascii_lowercase();
    for label in labels {
        let mut from = 0;
        while let Some(p) = lower[from..].find(label) {
            let at = from + p;
            from = at + label.len();
            if lower[..at]
                .bytes()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-')
            {
                continue;
            }
            let rest = text[from..].trim_start_matches(['"', '\'', ' ']);
            let Some(rest) = rest.strip_prefix([':', '=']) else {
                continue;
            };
            let rest = rest.trim_start_matches([' ', '"', '\'']);
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len());
            if end >= 8 {
                return Some(&rest[..end]);
            }
        }
    }
    None
}

/// The service whose marks an SDK or tool leaves in its text.
fn service_markers(text: &str) -> Option<Service> {
    const MARKERS: &[(&str, Service)] = &[
        ("Microsoft.Azure.Cosmos", Service::Cosmos),
        ("Microsoft.Azure.Documents", Service::Cosmos),
        ("azure.cosmos", Service::Cosmos),
        ("com.azure.cosmos", Service::Cosmos),
        ("@azure/cosmos", Service::Cosmos),
        ("azsdk-java-cosmos", Service::Cosmos),
        ("cosmos-netstandard-sdk", Service::Cosmos),
        (".documents.azure.com", Service::Cosmos),
        ("CosmosException", Service::Cosmos),
        ("CosmosHttpResponseError", Service::Cosmos),
        ("System.Fabric", Service::Fabric),
        ("Microsoft.ServiceFabric", Service::Fabric),
        ("ServiceFabric", Service::Fabric),
        ("FabricException", Service::Fabric),
        ("sfctl ", Service::Fabric),
        ("fabric:/", Service::Fabric),
        ("Microsoft.Azure.Batch", Service::Batch),
        ("azure.batch", Service::Batch),
        (".batch.azure.com", Service::Batch),
        ("az batch ", Service::Batch),
        ("BatchErrorException", Service::Batch),
        ("veeam.com/ent", Service::Veeam),
        ("X-RestSvcSessionId", Service::Veeam),
        ("SmoothStreaming", Service::IisMedia),
        ("iis/media", Service::IisMedia),
    ];
    let bytes = text.as_bytes();
    let mut best: Option<(usize, Service)> = None;
    for (marker, service) in MARKERS {
        if let Some(at) = super::find_ignore_case(bytes, marker.as_bytes()) {
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, *service));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// A body quoted inside the text: the first JSON object (or JSON-string-
/// escaped one) or XML error document that holds a code or a status.
fn embedded_body(text: &str) -> Option<ErrorBody> {
    let b = text.as_bytes();
    let mut best: Option<ErrorBody> = None;
    let mut from = 0;
    while let Some(off) = memchr::memchr2(b'{', b'<', &b[from..]) {
        let at = from + off;
        from = at + 1;
        let found = if b[at] == b'{' {
            embedded_json(&text[at..])
        } else {
            embedded_xml(&text[at..])
        };
        let Some((body, len)) = found else { continue };
        from = at + len.max(1);
        let useful = body.code.is_some() || body.status.is_some();
        if body.code.is_some() {
            // A status from an earlier, code-less body (Java's statusCode) is kept.
            let status = best.as_ref().and_then(|b| b.status);
            let mut body = body;
            body.status = body.status.or(status);
            return Some(body);
        }
        if useful && best.is_none() {
            best = Some(body);
        }
    }
    best
}

/// A JSON object at the start of `text`, plain or with its quotes escaped
/// (`{\"code\":..}` inside a JSON string or a Python `b"..."`), and the
/// bytes it took.
fn embedded_json(text: &str) -> Option<(ErrorBody, usize)> {
    let rest = text[1..].trim_start();
    if rest.starts_with("\\\"") {
        let unescaped = unescape_quotes(text);
        let len = json_scan::value_len(&unescaped)?;
        let body = json::decode(&unescaped[..len], &BodyHints::default());
        // The escaped form is longer; skip at least what was read.
        return Some((body, len));
    }
    if !rest.starts_with('"') {
        return None;
    }
    let len = json_scan::value_len(text)?;
    let body = json::decode(&text[..len], &BodyHints::default());
    Some((body, len))
}

/// `text` with `\"` as `"` and `\\` as `\`, up to the first unescaped quote.
fn unescape_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('n') => out.push_str("\\n"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => break,
            },
            '"' => break,
            c => out.push(c),
        }
    }
    out
}

/// An XML error document at the start of `text` (`<?xml`, `<Error`,
/// `<error`, `<SmoothStreaming`), up to its root's end, and the bytes it took.
fn embedded_xml(text: &str) -> Option<(ErrorBody, usize)> {
    let mut root_at = 0;
    if text.starts_with("<?xml") {
        root_at = text.find("?>")? + 2;
        root_at += text[root_at..].find('<')?;
    }
    let root = &text[root_at + 1..];
    let name_len = root
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '_'))
        .unwrap_or(root.len());
    let name = &root[..name_len];
    let local = name.rsplit(':').next().unwrap_or(name);
    if !["Error", "error", "SmoothStreaming"].contains(&local) {
        return None;
    }
    let close = format!("</{name}>");
    let end = match text.find(&close) {
        Some(p) => p + close.len(),
        None => {
            // A self-closing root: `<Error Message=".." StatusCode="401" />`.
            let tag_end = root_at + text[root_at..].find('>')? + 1;
            if !text[..tag_end].ends_with("/>") {
                return None;
            }
            tag_end
        }
    };
    let body = xml::decode(&text[..end], &BodyHints::default(), false);
    (body.code.is_some() || body.status.is_some() || body.message.is_some()).then_some((body, end))
}

/// The code whose catalog message the text quotes (`The specified job
/// already exists.`): seed messages long enough to be distinctive only.
fn quoted_message(text: &str) -> Option<&'static str> {
    use std::sync::OnceLock;
    static MESSAGES: OnceLock<(Phrases, Vec<&'static str>)> = OnceLock::new();
    let (phrases, codes) = MESSAGES.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut codes = Vec::new();
        for e in catalog::entries() {
            let m = e.message().trim_end_matches('.');
            // Status entries' messages describe the status, not a wording a service sends.
            if e.is_seed() && m.len() >= 24 && !m.contains('\n') && e.code().parse::<u16>().is_err()
            {
                patterns.push(m);
                codes.push(e.code());
            }
        }
        (Phrases::new(patterns), codes)
    });
    codes.get(phrases.find(text)?).copied()
}

/// HRESULTs written without `0x` after an error key (`hr=80071BC6`,
/// `hresult 2147949517`, `error code -2147023436`), by the rules `scan` uses,
/// so the two read a line alike.
fn keyed_hresults(text: &str) -> Vec<u32> {
    use crate::scan::rules;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut line = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            line = i + 1;
        }
        if !rules::is_word(b[i]) || i > 0 && rules::is_word(b[i - 1]) {
            i += 1;
            continue;
        }
        let end = rules::word_end(b, i, 16);
        let found = match end - i {
            8 | 10 => rules::bare_hresult(b, line, i, end),
            _ => None,
        }
        .or_else(|| rules::decimal_hresult(b, line, i, end).map(|(_, v)| v));
        if let Some(v) = found.filter(|v| !out.contains(v)) {
            out.push(v);
        }
        i = end.max(i + 1);
    }
    out
}

/// The SDK texts of `data/sdk-texts.tsv`: sentences a client prints for a
/// failure in place of its code.
const SDK_TEXTS: &str = include_str!("../../data/sdk-texts.tsv");

/// The rows of [`SDK_TEXTS`] as (service, code, text); rows that do not
/// parse are left out (a test checks there are none).
fn sdk_text_rows() -> impl Iterator<Item = (Service, &'static str, &'static str)> {
    SDK_TEXTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let service = Service::parse(cols.next()?)?;
            let code = cols.next()?;
            let text = cols.next()?;
            Some((service, code, text))
        })
}

/// The service and code whose SDK text `text` contains (`No cluster
/// endpoint is reachable` is Service Fabric's communication error).
fn sdk_text(text: &str) -> Option<(Service, &'static str)> {
    use std::sync::OnceLock;
    static TEXTS: OnceLock<(Phrases, Vec<(Service, &'static str)>)> = OnceLock::new();
    let (phrases, codes) = TEXTS.get_or_init(|| {
        let (codes, patterns): (Vec<_>, Vec<_>) =
            sdk_text_rows().map(|(s, c, t)| ((s, c), t)).unzip();
        (Phrases::new(patterns), codes)
    });
    codes.get(phrases.find(text)?).copied()
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_MESSAGE) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> ErrorBody {
        decode_text(s)
    }

    #[test]
    fn cosmos_dotnet_exception() {
        let b = dec(
            "Microsoft.Azure.Cosmos.CosmosException : Response status code does not indicate success: NotFound (404); Substatus: 1002; ActivityId: 9d3a41f0-77c2-4e0b-b2d8-55f0c1a8e3b2; Reason: (Message: {\"Errors\":[\"The read session is not available\"]}",
        );
        assert_eq!((b.status, b.substatus), (Some(404), Some(1002)));
        assert_eq!(b.code.as_deref(), Some("NotFound"));
        assert_eq!(b.service, Some(Service::Cosmos));
        assert_eq!(
            b.request_id.as_deref(),
            Some("9d3a41f0-77c2-4e0b-b2d8-55f0c1a8e3b2")
        );
    }

    #[test]
    fn percent_encoded_dotnet_diagnostics() {
        let b = dec(
            "CosmosException: Response status code does not indicate success: ServiceUnavailable (503)%3b Substatus: 0%3b ActivityId: 1%3b",
        );
        assert_eq!((b.status, b.substatus), (Some(503), Some(0)));
        assert_eq!(b.code.as_deref(), Some("ServiceUnavailable"));
    }

    #[test]
    fn java_exception_json_in_a_log_line() {
        let b = dec(
            r#"com.azure.cosmos.implementation.RequestRateTooLargeException: {"ClassName":"RequestRateTooLargeException","statusCode":429,"innerErrorMessage":"x","responseHeaders":"{x-ms-retry-after-ms=1200, x-ms-substatus=3200}"}"#,
        );
        assert_eq!((b.status, b.substatus), (Some(429), Some(3200)));
        assert_eq!(b.retry_after_ms, Some(1200));
        assert_eq!(b.code.as_deref(), Some("TooManyRequests"));
    }

    #[test]
    fn python_and_az_cli_lines() {
        let b = dec(
            "azure.cosmos.exceptions.CosmosHttpResponseError: Status code: 429 Sub-status: 3200\n(TooManyRequests) Message: x\nCode: TooManyRequests",
        );
        assert_eq!((b.status, b.substatus), (Some(429), Some(3200)));
        assert_eq!(b.code.as_deref(), Some("TooManyRequests"));
        let b = dec(
            "$ az batch pool show --pool-id p\nERROR: (PoolNotFound) The specified pool does not exist.\nRequestId:9b1c6a3e-0f3a-4a51-a3f2-3b9e8d7c6f21\nCode: PoolNotFound",
        );
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!(
            b.message.as_deref(),
            Some("The specified pool does not exist.")
        );
        assert_eq!(
            b.request_id.as_deref(),
            Some("9b1c6a3e-0f3a-4a51-a3f2-3b9e8d7c6f21")
        );
        let b = dec(
            "$ az group show\nERROR: (ResourceGroupNotFound) Resource group 'rg' could not be found.",
        );
        assert_eq!(b.code.as_deref(), Some("ResourceGroupNotFound"));
    }

    #[test]
    fn javascript_error_response_dump() {
        let b = dec(
            "ErrorResponse: Message: x\n    at httpRequest (/app/node_modules/@azure/cosmos/dist/index.js:1:1) {\n  code: 429,\n  body: {\n    code: 'TooManyRequests',\n  },\n  retryAfterInMs: 1500,\n  substatus: 3200\n}",
        );
        assert_eq!((b.status, b.substatus), (Some(429), Some(3200)));
        assert_eq!(b.code.as_deref(), Some("TooManyRequests"));
        assert_eq!(b.retry_after_ms, Some(1500));
        assert_eq!(b.service, Some(Service::Cosmos));
    }

    #[test]
    fn bodies_quoted_in_text() {
        let b = dec(
            "Invoke-RestMethod : {\"Error\":{\"Code\":\"FABRIC_E_NOT_PRIMARY\",\"Message\":\"not primary\"}}\nAt line:1 char:1",
        );
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_NOT_PRIMARY"));
        assert_eq!(b.message.as_deref(), Some("not primary"));
        let b = dec(
            "Invoke-WebRequest : <?xml version=\"1.0\"?><SmoothStreaming xmlns=\"http://schemas.microsoft.com/iis/media/2011/03/streaming/management\"><Error><ErrorCode>0x80880021</ErrorCode><ErrorMessage>bad type</ErrorMessage></Error></SmoothStreaming>\nAt line:1",
        );
        assert_eq!(
            b.code.as_deref(),
            Some("MPE_MGMT_CONTENT_TYPE_NOT_SUPPORTED")
        );
        let b = dec(r#"error body: "{\"code\":\"PoolNotFound\",\"message\":\"gone\"}" (retrying)"#);
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        let b = dec(r#"resp = b'{"code":"JobNotFound","message":"m"}'"#);
        assert_eq!(b.code.as_deref(), Some("JobNotFound"));
    }

    #[test]
    fn powershell_seven_gutter() {
        let b = dec(
            "Invoke-RestMethod: \nLine |\n  12 |      $r = Invoke-RestMethod -Uri x\n     |           ~~~~~\n     | {\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"busy\"}}",
        );
        assert_eq!(b.code.as_deref(), Some("ServerBusy"));
    }

    #[test]
    fn hresult_only_texts_name_their_code() {
        let b = dec(
            "System.Fabric.FabricElementNotFoundException: Partition not found ---> System.Runtime.InteropServices.COMException: Exception from HRESULT: 0x80071BE7",
        );
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_PARTITION_NOT_FOUND"));
        assert_eq!(b.service, Some(Service::Fabric));
        let b = dec("ERROR Encoder: rejected: ErrorCode=0x80880028 InternalError=0x80070005");
        assert_eq!(b.code.as_deref(), Some("MPE_MGMT_STATE_TRANSITION_INVALID"));
    }

    #[test]
    fn status_only_texts() {
        let b = dec(
            "System.Net.Http.HttpRequestException: Response status code does not indicate success: 429 (Too Many Requests).\n   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()",
        );
        assert_eq!((b.status, b.code.as_deref()), (Some(429), None));
        assert_eq!(
            b.message.as_deref(),
            Some(
                "System.Net.Http.HttpRequestException: Response status code does not indicate success: 429 (Too Many Requests)."
            )
        );
        let b = dec(
            "Microsoft.Azure.Batch.Common.BatchException: Operation returned an invalid status code 'Conflict'\nBatchError: Code=PoolBeingResized; Message=The pool is being resized.",
        );
        assert_eq!(b.status, Some(409));
        assert_eq!(b.code.as_deref(), Some("PoolBeingResized"));
        assert_eq!(b.service, Some(Service::Batch));
    }

    #[test]
    fn messages_skip_prompts_and_tracebacks() {
        let b = dec(
            "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in f\n    g()\nazure.batch.models.BatchErrorException: Request encountered an exception.\nCode: JobNotFound",
        );
        assert_eq!(b.code.as_deref(), Some("JobNotFound"));
        assert_eq!(
            b.message.as_deref(),
            Some("azure.batch.models.BatchErrorException: Request encountered an exception.")
        );
    }

    #[test]
    fn python_status_lines_are_cosmos() {
        // A sub-status says Cosmos DB; a numeric `code` that is the status is its name.
        let b = dec("Status code: 404 Sub-status: 1002 Message: read session not available");
        assert_eq!(b.service, Some(Service::Cosmos));
        assert_eq!((b.status, b.substatus), (Some(404), Some(1002)));
        assert_eq!(b.code.as_deref(), Some("NotFound"));
        // Without a sub-status or marker, a status alone names no service.
        assert_eq!(dec("Status code: 404").service, None);
    }

    #[test]
    fn hresults_after_a_key_without_0x() {
        let b = dec("warn ServiceFabric: resolve failed hr=80071BC6 after 3 attempts");
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_NOT_PRIMARY"));
        let b = dec("call failed, error code -2147023436");
        assert_eq!(b.hresults[0].value.0, 0x8007_05B4);
        // Numbers without a key are not HRESULTs.
        assert!(dec("took 2147949517 ns, id 80071BC6").hresults.is_empty());
    }

    #[test]
    fn sdk_texts_name_their_code() {
        let b =
            dec("Connect-ServiceFabricCluster : No cluster endpoint is reachable, please check.");
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_COMMUNICATION_ERROR"));
        assert_eq!(b.service, Some(Service::Fabric));
        let b = dec("error: request rate is large; more request units may be needed");
        assert_eq!(b.code.as_deref(), Some("TooManyRequests"));
        assert_eq!(b.service, Some(Service::Cosmos));
        // A code the text names outranks a sentence it quotes.
        let b = dec("FABRIC_E_TIMEOUT: No cluster endpoint is reachable");
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_TIMEOUT"));
    }

    #[test]
    fn every_sdk_text_names_a_catalog_code_of_its_service() {
        let rows = SDK_TEXTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(sdk_text_rows().count(), rows, "a row does not parse");
        for (service, code, text) in sdk_text_rows() {
            assert!(
                catalog::by_code(code).any(|e| e.service == service),
                "{code} ({text}) is not a {service:?} code"
            );
        }
    }

    #[test]
    fn quoted_catalog_messages_identify_the_code() {
        let m = catalog::by_code("JobExists")
            .next()
            .map(|e| e.message())
            .expect("Batch JobExists");
        let b = dec(&format!("submit failed: {m} (will not retry)"));
        assert_eq!(b.code.as_deref(), Some("JobExists"));
    }

    #[test]
    fn acs_style_text() {
        let b = decode_text(
            "Error:Code:403:SubCode:T1:Detail:ACS50000: There was an error issuing a token.:TraceID:t-9:TimeStamp:2020-01-01 00:00:00Z",
        );
        assert_eq!(b.code.as_deref(), Some("403"));
        assert_eq!(
            b.message.as_deref(),
            Some("ACS50000: There was an error issuing a token.")
        );
        assert_eq!(b.request_id.as_deref(), Some("t-9"));
        assert_eq!(b.detail("SubCode"), Some("T1"));
    }

    #[test]
    fn log_lines() {
        let b = decode_text(
            "2024-01-01T00:00:00Z ERROR request failed: HTTP/1.1 404 Not Found PoolNotFound hr=0x80070005",
        );
        assert_eq!(b.format, BodyFormat::Text);
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!(b.status, Some(404));
        assert_eq!(b.mentions, vec!["PoolNotFound", "0x80070005", "404"]);
        let b = decode_text(
            "warn: call failed {\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"No access.\"}} after 3 tries",
        );
        assert_eq!(b.code.as_deref(), Some("AuthorizationFailed"));
        assert_eq!(b.message.as_deref(), Some("No access."));
        let b = decode_text("errors: JobNotFound then PoolNotFound, HTTP 404 and status 409");
        assert_eq!((b.code, b.status), (None, None));
        assert_eq!(
            b.mentions,
            vec!["JobNotFound", "PoolNotFound", "404", "409"]
        );
        let b = decode_text("Conflict: Unknown error 123 while 200 items");
        assert!(b.mentions.is_empty());
    }

    #[test]
    fn statuses_after_multibyte_text() {
        let b = decode_text("ᦸ᧹᧹᧹᧹᧹᧹᧹᧹ error 404 here");
        assert_eq!(b.status, Some(404));
    }
}
