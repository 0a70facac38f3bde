//! Error messages carry more than words: Storage and Batch append
//! `RequestId:` and `Time:` lines, Cosmos DB wraps its text in
//! `Message: {"Errors":[..]}` and appends `ActivityId:`, `Request URI:`,
//! `RequestStats:` and `SDK:`, Service Bus inlines `SubCode=` and
//! `TrackingId:`. These become details (and the request id), and the
//! message keeps only what a person should read.

use std::borrow::Cow;

use super::{ErrorBody, json};

/// Whether a message has the marks of a Cosmos DB gateway message.
pub(super) fn looks_like_cosmos(msg: &str) -> bool {
    msg.starts_with("Message: {") || find_word(msg, "ActivityId:", false).is_some()
}

/// Sets `body.message` from `msg`, moving appended facts into details.
pub(super) fn apply(body: &mut ErrorBody, msg: &str) {
    let mut main: Cow<'_, str> = Cow::Borrowed(msg);
    let mut cosmos_tail = None;
    if let Some(after) = msg.strip_prefix("Message: ")
        && let Some((errors, used)) = json::embedded_errors(after)
    {
        if !errors.is_empty() {
            main = Cow::Owned(errors.join("\n"));
        }
        cosmos_tail = Some(&after[used..]);
    }
    let cosmos_tail = match cosmos_tail {
        Some(tail) => tail,
        None => match find_word(&main, "ActivityId:", false) {
            Some(at) => {
                // Split the borrowed message itself: the tail stays in `msg`.
                let (head, tail) = msg.split_at(at.min(msg.len()));
                main = Cow::Borrowed(head.trim_end().trim_end_matches(',').trim_end());
                tail
            }
            None => "",
        },
    };
    if !cosmos_tail.is_empty() {
        let (_, facts) = split_labels(
            cosmos_tail,
            &["ActivityId:", "Request URI:", "RequestStats:", "SDK:"],
            false,
        );
        for (label, value) in facts {
            if label == "ActivityId" {
                body.set_request_id(value);
            }
            body.push_detail(label, value);
        }
    }
    let (head, facts) = split_labels(&main, &["RequestId:", "Time:"], true);
    for (label, value) in &facts {
        if *label == "RequestId" {
            body.set_request_id(value);
        }
        body.push_detail(*label, *value);
    }
    let head = head.trim();
    inline_facts(body, head);
    if !head.is_empty() {
        body.message = Some(head.to_string());
    }
}

/// Service Bus style facts written inside the text (`SubCode=40900.`,
/// `TrackingId:..,`, `TimeStamp:..`): copied to details, the text kept whole.
fn inline_facts(body: &mut ErrorBody, text: &str) {
    for (label, stops) in [
        ("SubCode=", ".,; \n"),
        ("TrackingId:", ",; \n"),
        ("TimeStamp:", ",;\n"),
    ] {
        if let Some(at) = find_word(text, label, false) {
            let rest = &text[at + label.len()..];
            let value = rest[..rest.find(|c| stops.contains(c)).unwrap_or(rest.len())].trim();
            let key = &label[..label.len() - 1];
            if key == "TrackingId" {
                body.set_request_id(value);
            }
            body.push_detail(key, value);
        }
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
    let hits = memchr::memmem::find_iter(b, b"0x").chain(memchr::memmem::find_iter(b, b"0X"));
    for p in hits {
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
        let Some(value) = std::str::from_utf8(&digits[..8])
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
        else {
            continue;
        };
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
        apply(&mut b, msg);
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
