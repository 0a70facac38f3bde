//! Error messages carry more than words: Storage and Batch append
//! `RequestId:` and `Time:` lines, Cosmos DB wraps its text in
//! `Message: {"Errors":[..]}` and appends `ActivityId:`, `Request URI:`,
//! `RequestStats:` and `SDK:`, Service Bus inlines `SubCode=` and
//! `TrackingId:`. These become details (and the request id), and the
//! message keeps only what a person should read.

use std::borrow::Cow;

use super::{ErrorBody, find_either, json_scan, trim};

/// A fact label services append to messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Label {
    RequestId,
    Time,
    ActivityId,
    RequestUri,
    RequestStats,
    Sdk,
    SubCode,
    TrackingId,
    TimeStamp,
    TraceId,
    CorrelationId,
}

impl Label {
    fn name(self) -> &'static str {
        match self {
            Label::RequestId => "RequestId",
            Label::Time => "Time",
            Label::ActivityId => "ActivityId",
            Label::RequestUri => "Request URI",
            Label::RequestStats => "RequestStats",
            Label::Sdk => "SDK",
            Label::SubCode => "SubCode",
            Label::TrackingId => "TrackingId",
            Label::TimeStamp => "TimeStamp",
            Label::TraceId => "Trace ID",
            Label::CorrelationId => "Correlation ID",
        }
    }

    fn is_cosmos(self) -> bool {
        matches!(
            self,
            Label::ActivityId | Label::RequestUri | Label::RequestStats | Label::Sdk
        )
    }
}

/// Where a label stands in a message.
#[derive(Clone, Copy, Debug)]
struct Mark {
    /// Offset of the label's first byte.
    start: usize,
    /// Offset just after its `:` or `=`, where the value begins.
    value: usize,
    label: Label,
    /// Whether the label begins a line.
    line_start: bool,
}

/// The labels found in a message, in order. Found in one pass over the `:`
/// and `=` bytes (memchr), comparing the word before each: messages are
/// short, and a substring search per label would cost more than the rest
/// of decoding together.
pub(super) struct Marks(Vec<Mark>);

impl Marks {
    pub(super) fn scan(text: &str) -> Marks {
        let b = text.as_bytes();
        let mut marks = Vec::new();
        let mut from = 0;
        while let Some(off) = find_either(&b[from..], b':', b'=') {
            let p = from + off;
            from = p + 1;
            let mut s = p;
            while s > 0 && b[s - 1].is_ascii_alphabetic() {
                s -= 1;
            }
            let label = match (&text[s..p], b[p]) {
                ("RequestId", b':') => Label::RequestId,
                ("Time", b':') => Label::Time,
                ("ActivityId", b':') => Label::ActivityId,
                ("URI", b':') if text[..s].ends_with("Request ") => {
                    s -= "Request ".len();
                    Label::RequestUri
                }
                ("RequestStats", b':') => Label::RequestStats,
                ("SDK", b':') => Label::Sdk,
                ("SubCode", b'=') => Label::SubCode,
                ("TrackingId", b':') => Label::TrackingId,
                ("TimeStamp" | "Timestamp", b':') => Label::TimeStamp,
                // Azure AD: `Trace ID:` and `Correlation ID:` lines.
                ("ID", b':') if text[..s].ends_with("Trace ") => {
                    s -= "Trace ".len();
                    Label::TraceId
                }
                ("ID", b':') if text[..s].ends_with("Correlation ") => {
                    s -= "Correlation ".len();
                    Label::CorrelationId
                }
                _ => continue,
            };
            let before = s.checked_sub(1).map(|i| b[i]);
            if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let line_start = before.is_none_or(|c| c == b'\n' || c == b'\r');
            marks.push(Mark {
                start: s,
                value: p + 1,
                label,
                line_start,
            });
        }
        Marks(marks)
    }

    /// Whether the message has the marks of a Cosmos DB gateway message.
    pub(super) fn cosmos(&self, text: &str) -> bool {
        text.starts_with("Message: {") || self.0.iter().any(|m| m.label == Label::ActivityId)
    }

    /// Whether a Storage-style `RequestId:` line is present.
    pub(super) fn request_id_line(&self) -> bool {
        self.0
            .iter()
            .any(|m| m.label == Label::RequestId && m.line_start)
    }
}

/// Sets `body.message` from `msg`, moving appended facts into details.
pub(super) fn apply(body: &mut ErrorBody, msg: Cow<'_, str>) {
    let marks = Marks::scan(&msg);
    apply_marked(body, msg, &marks);
}

/// [`apply`] with the labels already found.
pub(super) fn apply_marked(body: &mut ErrorBody, msg: Cow<'_, str>, marks: &Marks) {
    // Cosmos DB: `Message: {"Errors":[..]}` then the labelled tail.
    let embedded = msg
        .as_ref()
        .strip_prefix("Message: ")
        .and_then(|after| json_scan::embedded_errors(after).map(|found| (after, found)));
    if let Some((after, (errors, used))) = embedded {
        let tail_at = msg.len() - after.len() + used;
        facts_in_order(body, &msg, marks, tail_at, Label::is_cosmos);
        if !errors.trim().is_empty() {
            body.message = Some(errors.trim().to_string());
        }
        return;
    }
    let mut end = msg.len();
    if let Some(first) = marks.0.iter().find(|m| m.label == Label::ActivityId) {
        end = first.start;
        facts_in_order(body, &msg, marks, first.start, Label::is_cosmos);
    }
    // Trailer lines: Storage and Batch `RequestId:` and `Time:`, Azure AD
    // `Trace ID:`, `Correlation ID:` and `Timestamp:`.
    let starts_trailer = |m: &&Mark| {
        m.line_start
            && m.start < end
            && matches!(
                m.label,
                Label::RequestId | Label::TraceId | Label::CorrelationId
            )
    };
    if let Some(first) = marks.0.iter().find(starts_trailer) {
        let start = first.start;
        let line_marks = |l: Label| {
            matches!(
                l,
                Label::RequestId
                    | Label::Time
                    | Label::TraceId
                    | Label::CorrelationId
                    | Label::TimeStamp
            )
        };
        facts_in_order_until(body, &msg, marks, start, end, line_marks);
        end = start;
    }
    let head = trim(trim(&msg[..end]).trim_end_matches(','));
    // Service Bus: `SubCode=40900.`, `TrackingId:..,`, `TimeStamp:..` inside the text, kept whole.
    for m in marks.0.iter().filter(|m| m.start < end) {
        let stops: &[u8] = match m.label {
            Label::SubCode => b".,; \n",
            Label::TrackingId => b",; \n",
            Label::TimeStamp => b",;\n",
            _ => continue,
        };
        let rest = &msg[m.value..end.max(m.value)];
        let len = rest
            .bytes()
            .position(|c| stops.contains(&c))
            .unwrap_or(rest.len());
        let value = trim(&rest[..len]);
        if m.label == Label::TrackingId {
            body.set_request_id(value);
        }
        body.push_detail(m.label.name(), value);
    }
    if !head.is_empty() {
        let head_start = head.as_ptr() as usize - msg.as_ptr() as usize;
        let head_len = head.len();
        body.message = Some(match msg {
            // The message is a prefix of a string already owned: keep its buffer.
            Cow::Owned(mut owned) if head_start == 0 => {
                owned.truncate(head_len);
                owned
            }
            msg => msg[head_start..head_start + head_len].to_string(),
        });
    }
}

/// Details for the labels `wanted` from offset `from` on, each value running
/// to the next such label; a label must come after the previous one.
fn facts_in_order(
    body: &mut ErrorBody,
    msg: &str,
    marks: &Marks,
    from: usize,
    wanted: fn(Label) -> bool,
) {
    facts_in_order_until(body, msg, marks, from, msg.len(), wanted);
}

fn facts_in_order_until(
    body: &mut ErrorBody,
    msg: &str,
    marks: &Marks,
    from: usize,
    to: usize,
    wanted: impl Fn(Label) -> bool,
) {
    let chosen = |m: &&Mark| m.start >= from && m.start < to && wanted(m.label);
    let mut seen = 0u16;
    let mut iter = marks.0.iter().filter(chosen).peekable();
    while let Some(m) = iter.next() {
        let next = iter.peek().map_or(to, |n| n.start);
        let bit = 1u16 << (m.label as u16);
        if seen & bit != 0 {
            continue;
        }
        seen |= bit;
        let value = trim(trim(&msg[m.value..next.max(m.value)]).trim_end_matches(','));
        match m.label {
            Label::ActivityId | Label::RequestId | Label::TraceId => body.set_request_id(value),
            _ => {}
        }
        body.push_detail(m.label.name(), value);
    }
}

/// Finds `labels` in `text` in the given order, each where a word (or, with
/// `line_start`, a line) begins. Returns the text before the first one found
/// and each label (without its `:`/`=`) with its value: the text up to the
/// next label found, trimmed of spaces and trailing commas.
pub(super) fn split_labels<'t>(
    text: &'t str,
    labels: &[&'static str],
    line_start: bool,
) -> (&'t str, Vec<(&'static str, &'t str)>) {
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    let mut from = 0;
    for &label in labels {
        if let Some(at) = find_word(&text[from..], label, line_start) {
            found.push((from + at, label));
            from += at + label.len();
        }
    }
    let Some(&(first, _)) = found.first() else {
        return (text, Vec::new());
    };
    let facts = found
        .iter()
        .enumerate()
        .map(|(i, &(at, label))| {
            let end = found.get(i + 1).map_or(text.len(), |next| next.0);
            let value = text[at + label.len()..end]
                .trim()
                .trim_end_matches(',')
                .trim_end();
            (label.trim_end_matches([':', '=']), value)
        })
        .collect();
    (&text[..first], facts)
}

/// Byte offset of `needle` in `hay` where it starts a word (not preceded by a
/// letter or digit) or, with `line_start`, a line.
pub(super) fn find_word(hay: &str, needle: &str, line_start: bool) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let at = from + p;
        let prev = hay[..at].chars().next_back();
        let ok = match prev {
            None => true,
            Some(c) if line_start => c == '\n' || c == '\r',
            Some(c) => !c.is_alphanumeric(),
        };
        if ok {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// HRESULT literals in running text: `0x` and exactly eight hex digits (a C
/// `L` suffix allowed) with the failure bit set, each value once.
pub(super) fn hresult_literals(text: &str) -> Vec<u32> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // `x` is rare in prose: look for it, then for the `0` before it.
    for x in memchr::memchr2_iter(b'x', b'X', b) {
        let Some(p) = x.checked_sub(1).filter(|&p| b[p] == b'0') else {
            continue;
        };
        if p > 0 && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'_') {
            continue;
        }
        let digits = &b[p + 2..];
        let n = digits
            .iter()
            .take(9)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if n != 8
            || digits
                .get(8)
                .is_some_and(|c| c.is_ascii_alphanumeric() && *c != b'L')
        {
            continue;
        }
        let value = digits[..8].iter().fold(0u32, |v, &d| {
            let n = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                _ => d - b'A' + 10,
            };
            v << 4 | n as u32
        });
        if value & 0x8000_0000 != 0 && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::BodyFormat;
    use super::*;

    fn applied(msg: &str) -> ErrorBody {
        let mut b = ErrorBody::new(BodyFormat::Json);
        apply(&mut b, Cow::Borrowed(msg));
        b
    }

    #[test]
    fn storage_lines_become_details() {
        let b = applied(
            "The specified container does not exist.\nRequestId:aaaa-1\nTime:2024-01-01T00:00:00.0000000Z",
        );
        assert_eq!(
            b.message.as_deref(),
            Some("The specified container does not exist.")
        );
        assert_eq!(b.request_id.as_deref(), Some("aaaa-1"));
        assert_eq!(b.detail("Time"), Some("2024-01-01T00:00:00.0000000Z"));
    }

    #[test]
    fn cosmos_message_is_unwrapped() {
        let b = applied(
            "Message: {\"Errors\":[\"Resource Not Found. Learn more: https:\\/\\/aka.ms\\/cosmosdb-tsg-not-found\"]}\r\nActivityId: 0d7a1b2c-0000-4000-8000-000000000001, Request URI: /apps/a1/services/s1/partitions/p1/replicas/r1p/, RequestStats: \r\nRequestStartTime: 2024-02-02T10:00:00.0000000Z, Number of regions attempted:1\r\n, SDK: Microsoft.Azure.Documents.Common/2.14.0",
        );
        assert_eq!(
            b.message.as_deref(),
            Some("Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found")
        );
        assert_eq!(
            b.request_id.as_deref(),
            Some("0d7a1b2c-0000-4000-8000-000000000001")
        );
        assert_eq!(
            b.detail("Request URI"),
            Some("/apps/a1/services/s1/partitions/p1/replicas/r1p/")
        );
        assert!(
            b.detail("RequestStats")
                .unwrap()
                .starts_with("RequestStartTime: 2024")
        );
        assert_eq!(
            b.detail("SDK"),
            Some("Microsoft.Azure.Documents.Common/2.14.0")
        );
    }

    #[test]
    fn cosmos_plain_message_with_activity_line() {
        let b = applied(
            "Entity with the specified id does not exist in the system., \r\nActivityId: act-1, Request URI: /dbs/d/colls/c",
        );
        assert_eq!(
            b.message.as_deref(),
            Some("Entity with the specified id does not exist in the system.")
        );
        assert_eq!(b.request_id.as_deref(), Some("act-1"));
    }

    #[test]
    fn azure_ad_trailer_lines() {
        let b = applied(
            "AADSTS700016: Application not found.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2024-01-01 00:00:00Z",
        );
        assert_eq!(
            b.message.as_deref(),
            Some("AADSTS700016: Application not found.")
        );
        assert_eq!(b.request_id.as_deref(), Some("t-1"));
        assert_eq!(b.detail("Correlation ID"), Some("c-1"));
        assert_eq!(b.detail("TimeStamp"), Some("2024-01-01 00:00:00Z"));
    }

    #[test]
    fn service_bus_inline_facts() {
        let b = applied(
            "SubCode=40400. Not Found. The entity was not found.TrackingId:abc_G1,TimeStamp:1/1/2024 1:00:00 AM",
        );
        assert_eq!(b.detail("SubCode"), Some("40400"));
        assert_eq!(b.request_id.as_deref(), Some("abc_G1"));
        assert_eq!(b.detail("TimeStamp"), Some("1/1/2024 1:00:00 AM"));
        assert!(b.message.unwrap().starts_with("SubCode=40400."));
    }

    #[test]
    fn hresults_in_text() {
        assert_eq!(
            hresult_literals("failed 0x80070002, again 0x80070002 and 0X8088002EL"),
            vec![0x8007_0002, 0x8088_002E]
        );
        assert!(hresult_literals("0x123 0x00000001 x0x80070002 0x800700021").is_empty());
    }

    #[test]
    fn words_need_a_boundary() {
        assert_eq!(
            find_word("RequestStartTime: x Time: y", "Time:", false),
            Some(20)
        );
        assert_eq!(find_word("a\nTime: y", "Time:", true), Some(2));
        assert_eq!(find_word("aTime:", "Time:", true), None);
    }
}
