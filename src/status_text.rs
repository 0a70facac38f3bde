//! How HTTP statuses, Cosmos DB sub-statuses and retry waits are written in
//! text: SDK exception messages, CLI output, log lines, header dumps.
//!
//! One home for these rules, so that `scan` (which meets them one line at a
//! time) and the text path of `decode` (which reads a whole paste) never
//! disagree about a line. Everything works on bytes, never on `str`, so
//! invalid UTF-8 costs nothing, and every function looks only at the window
//! it is given.
//!
//! The forms understood, each as SDKs and tools print it:
//!
//! | written as | read as |
//! |---|---|
//! | `StatusCode: 404, SubStatusCode: 1002`, `"statusCode":404`, `status=503` | status (and sub-status) after their keys |
//! | `Status code: 429 Sub-status: 3200` (Python) | the same, keys with a space or a hyphen |
//! | `NotFound (404); Substatus: 1002` (.NET), `400 Substatus: 1001` (older .NET) | a status in parentheses after its name, or right before the sub-status key |
//! | `503 (Service Unavailable)`, `404 Not Found`, `HTTP/1.1 404`, `HTTP Error 404` | a number its reason phrase or an `HTTP` word vouches for |
//! | `StatusCode: Conflict`, `status: 'Unauthorized'`, `"StatusCode":"Gone"` | a status by name after a status key |
//! | `x-ms-substatus=0`, `'x-ms-substatus': '3200'`, `substatus: 3200`, `"SubStatusCode":"PartitionKeyRangeGone"` | a sub-status by number or name |
//! | `404/1002`, `449.5352`, `(410, 1002)` | a status and sub-status pair, when the catalog knows the pair |
//! | `x-ms-retry-after-ms=1200`, `retryAfterInMs: 1500`, `Retry-After: 17` | the wait before a retry |

use crate::catalog::{self, Service};

/// Word characters, as `grep -w` defines them.
pub(crate) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Bytes that may stand between a key and its value: `code: X`, `"code":"X"`,
/// `code=X`, `<Code>X`, `error(X)`, `'key': 'X'`.
pub(crate) fn is_separator(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'"' | b'\'' | b':' | b'=' | b'(' | b'[' | b'>'
    )
}

/// How many separator bytes a key may be away from its value (`': '` is 4).
pub(crate) const MAX_SEPARATORS: usize = 4;

/// How far before a sub-status key the status may stand.
pub(crate) const COSMOS_LOOKBACK: usize = 96;

fn starts_with_ci(hay: &[u8], at: usize, word: &[u8]) -> bool {
    hay.get(at..at + word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// A Cosmos DB status pair found around a sub-status key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CosmosPair {
    /// Where the status's key (or its opening parenthesis, or its digits) starts.
    pub start: usize,
    /// Where the status's digits start: a status is used by one pair only.
    pub status_at: usize,
    /// Just after the sub-status digits.
    pub end: usize,
    pub status: u16,
    pub substatus: u32,
}

/// The length of a sub-status key starting at `at` (`SubStatusCode`,
/// `subStatusCode`, `substatus`, `sub_status`, `Sub-status`, `x-ms-substatus`'s
/// `substatus`), any case, as a whole word.
pub(crate) fn substatus_key(hay: &[u8], at: usize) -> Option<usize> {
    if at > 0 && hay[at - 1].is_ascii_alphanumeric() {
        return None;
    }
    let rest = &hay[at..];
    let len = [
        &b"substatuscode"[..],
        b"sub_status_code",
        b"sub-status-code",
        b"substatus",
        b"sub_status",
        b"sub-status",
    ]
    .iter()
    .find(|k| starts_with_ci(rest, 0, k))
    .map(|k| k.len())?;
    rest.get(len)
        .is_none_or(|b| !b.is_ascii_alphanumeric())
        .then_some(len)
}

/// The value after a key ending at `key_end`: at most [`MAX_SEPARATORS`]
/// separators (at least one), then the value's first byte.
fn value_start(hay: &[u8], key_end: usize) -> Option<usize> {
    let mut i = key_end;
    while i < hay.len() && i - key_end < MAX_SEPARATORS && is_separator(hay[i]) {
        i += 1;
    }
    (i > key_end || hay.get(i).is_some_and(u8::is_ascii_digit)).then_some(i)
}

/// Digits at `at` (at most ten), not followed by a word byte: their value and end.
fn number_at(hay: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut i = at;
    while i < hay.len() && hay[i].is_ascii_digit() && i - at <= 10 {
        i += 1;
    }
    if i == at || hay.get(i).is_some_and(|&b| is_word(b)) {
        return None;
    }
    let v = std::str::from_utf8(&hay[at..i]).ok()?.parse().ok()?;
    Some((v, i))
}

/// Letters at `at` (a name such as `Gone` or `PartitionKeyRangeGone`) and their end.
fn name_at(hay: &[u8], at: usize) -> Option<(&str, usize)> {
    let len = hay[at.min(hay.len())..]
        .iter()
        .take(64)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if len == 0 || hay.get(at + len).is_some_and(|&b| is_word(b)) {
        return None;
    }
    Some((std::str::from_utf8(&hay[at..at + len]).ok()?, at + len))
}

/// Reads a Cosmos DB pair around the sub-status key `hay[key..key_end]`
/// (see [`substatus_key`]): after the key, separators and the sub-status
/// digits; before it, within [`COSMOS_LOOKBACK`] bytes on the same line
/// (from `lo`), the nearest status: `StatusCode: 404`, `statusCode=404`,
/// `"statusCode":404`, `status: 404`, `Status code: 429`, the .NET SDK's
/// `NotFound (404); Substatus: 1002` or the older `400 Substatus: 1001`.
pub(crate) fn cosmos_pair(hay: &[u8], lo: usize, key: usize, key_end: usize) -> Option<CosmosPair> {
    if key > 0 && hay[key - 1].is_ascii_alphanumeric()
        || hay.get(key_end).is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    let digits = value_start(hay, key_end)?;
    let (substatus, end) = number_at(hay, digits)?;
    let substatus = u32::try_from(substatus).ok()?;
    // The status, nearest first.
    let from = lo.max(key.saturating_sub(COSMOS_LOOKBACK));
    let keyed = (from..key)
        .rev()
        .find_map(|p| keyed_status(hay, from, p, key).or_else(|| paren_status(hay, p, key)));
    // `StatusCode=404 SubStatusCode=1002`: the bare number is the keyed one.
    let (start, status_at, status) = match (bare_status_before(hay, from, key), keyed) {
        (Some(bare), Some(k)) if k.1 != bare.1 => bare,
        (Some(bare), None) => bare,
        (_, k) => k?,
    };
    // The pair is reported as one literal; keep it printable ASCII so it is text.
    if !hay[start..end].iter().all(|b| (b' '..=b'~').contains(b)) {
        return None;
    }
    Some(CosmosPair {
        start,
        status_at,
        end,
        status,
        substatus,
    })
}

/// Three digits at `at`, not part of a longer number, in 100..=599.
fn status_digits(hay: &[u8], at: usize, limit: usize) -> Option<u16> {
    let d = hay.get(at..at + 3)?;
    if at + 3 > limit
        || !d.iter().all(u8::is_ascii_digit)
        || hay.get(at + 3).is_some_and(u8::is_ascii_digit)
        || (at > 0 && hay[at - 1].is_ascii_digit())
    {
        return None;
    }
    let v = (d[0] - b'0') as u16 * 100 + (d[1] - b'0') as u16 * 10 + (d[2] - b'0') as u16;
    (100..=599).contains(&v).then_some(v)
}

/// The older .NET form `400 Substatus: 1001`: a status, one space, the key.
fn bare_status_before(hay: &[u8], from: usize, key: usize) -> Option<(usize, usize, u16)> {
    let at = key.checked_sub(4).filter(|&a| a >= from)?;
    if hay[key - 1] != b' ' || (at > 0 && !matches!(hay[at - 1], b' ' | b'\t' | b':')) {
        return None;
    }
    status_digits(hay, at, key - 1).map(|s| (at, at, s))
}

/// `status`, `StatusCode`, `status_code`, `Status code` (any case, not
/// `substatus`) at `p`, then separators and a status.
fn keyed_status(hay: &[u8], from: usize, p: usize, limit: usize) -> Option<(usize, usize, u16)> {
    let (_, value) = status_key(hay, from, p)?;
    status_digits(hay, value, limit).map(|s| (p, value, s))
}

/// A status key at `p` (see [`keyed_status`]): its end and where its value starts.
fn status_key(hay: &[u8], from: usize, p: usize) -> Option<(usize, usize)> {
    if !starts_with_ci(hay, p, b"status") || (p > 0 && hay[p - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let sub = p >= from + 3 && hay[p - 3..p].eq_ignore_ascii_case(b"sub")
        || p >= from + 4
            && (hay[p - 4..p].eq_ignore_ascii_case(b"sub_")
                || hay[p - 4..p].eq_ignore_ascii_case(b"sub-"));
    if sub {
        return None;
    }
    let mut i = p + 6;
    for tail in [&b"code"[..], b"_code", b" code", b"-code"] {
        if starts_with_ci(hay, i, tail) {
            i += tail.len();
            break;
        }
    }
    if hay.get(i).is_some_and(|&b| is_word(b)) {
        return None;
    }
    let key_end = i;
    let sep_start = i;
    while i < hay.len() && i - sep_start < MAX_SEPARATORS && is_separator(hay[i]) {
        i += 1;
    }
    (i > sep_start).then_some((key_end, i))
}

/// The .NET SDK's `NotFound (404); Substatus: 1002`: `(NNN)` followed by at
/// most three bytes of `;`, `,` or space before the sub-status key.
fn paren_status(hay: &[u8], p: usize, key: usize) -> Option<(usize, usize, u16)> {
    if hay[p] != b'(' || hay.get(p + 4) != Some(&b')') {
        return None;
    }
    let gap = &hay[(p + 5).min(key)..key];
    if p + 5 > key || gap.len() > 3 || !gap.iter().all(|b| matches!(b, b';' | b',' | b' ')) {
        return None;
    }
    status_digits(hay, p + 1, key).map(|s| (p, p + 1, s))
}

/// A fact about the response, read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// An HTTP status; `named` when the text gave its name (`NotFound (404)`,
    /// `status code 'Conflict'`), which is then the code Cosmos DB would send.
    Status {
        /// The status.
        status: u16,
        /// Whether it was written as a name.
        named: bool,
    },
    /// A Cosmos DB sub-status by number, with no status beside it.
    Substatus(u32),
    /// A Cosmos DB sub-status by name (`PartitionKeyRangeGone`), to be
    /// resolved once the status is known; the range is the name in the text.
    SubstatusName(usize, usize),
    /// A status and its sub-status, written together.
    Pair {
        /// The status.
        status: u16,
        /// Its sub-status.
        substatus: u32,
    },
    /// How long to wait before retrying, in milliseconds.
    RetryAfterMs(u64),
}

/// A fact and where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Offset of the fact's first byte.
    pub start: usize,
    /// Offset just after it.
    pub end: usize,
    /// What it says.
    pub fact: Fact,
}

/// Keys whose value is the wait in milliseconds, lower case.
const RETRY_MS_KEYS: &[&[u8]] = &[
    b"x-ms-retry-after-ms",
    b"retry-after-ms",
    b"retry_after_ms",
    b"retryafterms",
    b"retryafterinms",
    b"retryafterinmilliseconds",
];

/// Every status, sub-status and wait written in `text`, in order. A pair
/// written together is one [`Fact::Pair`]; its status is not repeated as a
/// [`Fact::Status`].
///
/// ```
/// use errcode_cli::status_text::{facts, Fact};
/// let f = facts(b"Status code: 429 Sub-status: 3200, x-ms-retry-after-ms=1200");
/// assert_eq!(f[0].fact, Fact::Pair { status: 429, substatus: 3200 });
/// assert_eq!(f[1].fact, Fact::RetryAfterMs(1200));
/// ```
pub fn facts(text: &[u8]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut line_start = 0;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'\n' || b == b'\r' {
            line_start = i + 1;
            i += 1;
            continue;
        }
        let word_start = i == 0 || !is_word(text[i - 1]) && text[i - 1] != b'-';
        if !word_start {
            i += 1;
            continue;
        }
        let found = match b | 0x20 {
            b's' | b'x' | b'r' => key_fact(text, line_start, i),
            b'0'..=b'9' => number_fact(text, i),
            b'(' => paren_fact(text, i),
            _ => None,
        };
        match found {
            Some(f) => {
                // A pair's status was found on its own first: keep the pair only.
                if let Fact::Pair { .. } = f.fact {
                    out.retain(|o| {
                        !matches!(o.fact, Fact::Status { .. })
                            || o.end <= f.start
                            || o.start >= f.end
                    });
                }
                i = f.end.max(i + 1);
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

/// A status, sub-status or wait key at `at`, and its value.
fn key_fact(text: &[u8], line_start: usize, at: usize) -> Option<Found> {
    if let Some(len) = substatus_key(text, at).or_else(|| {
        // `x-ms-substatus`: the key proper starts after the prefix.
        starts_with_ci(text, at, b"x-ms-")
            .then(|| substatus_key(text, at + 5).map(|l| l + 5))
            .flatten()
    }) {
        let key = if starts_with_ci(text, at, b"x-ms-") {
            at + 5
        } else {
            at
        };
        if let Some(p) = cosmos_pair(text, line_start, key, at + len) {
            return Some(Found {
                start: p.start.min(at),
                end: p.end,
                fact: Fact::Pair {
                    status: p.status,
                    substatus: p.substatus,
                },
            });
        }
        let v = value_start(text, at + len)?;
        if let Some((n, end)) = number_at(text, v) {
            return Some(Found {
                start: at,
                end,
                fact: Fact::Substatus(u32::try_from(n).ok()?),
            });
        }
        let (_, end) = name_at(text, v)?;
        return Some(Found {
            start: at,
            end,
            fact: Fact::SubstatusName(v, end),
        });
    }
    if let Some((_, v)) = status_key(text, line_start, at) {
        if let Some(status) = status_digits(text, v, text.len()) {
            return Some(Found {
                start: at,
                end: v + 3,
                fact: Fact::Status {
                    status,
                    named: false,
                },
            });
        }
        let (name, end) = name_at(text, v)?;
        let status = crate::http::status_for_name(name).filter(|s| *s >= 400)?;
        return Some(Found {
            start: at,
            end,
            fact: Fact::Status {
                status,
                named: true,
            },
        });
    }
    let word_len = text[at..]
        .iter()
        .take(40)
        .take_while(|&&b| is_word(b) || b == b'-')
        .count();
    let key = text[at..at + word_len].to_ascii_lowercase();
    let seconds = key == b"retry-after";
    if !seconds && !RETRY_MS_KEYS.contains(&key.as_slice()) {
        return None;
    }
    let v = value_start(text, at + word_len)?;
    let (n, end) = number_at(text, v)?;
    let ms = if seconds { n.checked_mul(1000)? } else { n };
    Some(Found {
        start: at,
        end,
        fact: Fact::RetryAfterMs(ms),
    })
}

/// A three-digit status that the words around it vouch for (see
/// [`vouched_status`]); or a pair `404/1002`, `449.5352` the catalog knows.
fn number_fact(text: &[u8], at: usize) -> Option<Found> {
    let status = status_digits(text, at, text.len())?;
    let after = at + 3;
    if let (Some(b'/' | b'.'), Some(d)) = (text.get(after), text.get(after + 1)) {
        if d.is_ascii_digit() && (at == 0 || !matches!(text[at - 1], b'.' | b'/')) {
            let (ss, end) = number_at(text, after + 1)?;
            let ss = u32::try_from(ss).ok()?;
            if known_pair(status, ss) {
                return Some(Found {
                    start: at,
                    end,
                    fact: Fact::Pair {
                        status,
                        substatus: ss,
                    },
                });
            }
        }
    }
    vouched_status(text, at).map(|status| Found {
        start: at,
        end: after,
        fact: Fact::Status {
            status,
            named: false,
        },
    })
}

/// The status a three-digit number at `start` stands for, when the words
/// around it say it is one: a label before it (`HTTP`, `HTTP/1.1`, `HTTP/2`,
/// `error`, `status`, `code`, `StatusCode`, `status code`, then spaces or
/// `:`, `=`, `#`, quotes, `(`) or its reason phrase after it (`404 Not
/// Found`, `503 (Service Unavailable)`). Only statuses with a known meaning:
/// `error 123` is some other number.
pub(crate) fn vouched_status(text: &[u8], start: usize) -> Option<u16> {
    let status = status_digits(text, start, text.len())?;
    if start > 0 && is_word(text[start - 1]) || text.get(start + 3).is_some_and(|&b| is_word(b)) {
        return None;
    }
    let phrase = crate::http::reason_phrase(status)?;
    let from = start.saturating_sub(24);
    let mut before = &text[from..start];
    while let [
        rest @ ..,
        b' ' | b':' | b'=' | b'#' | b'"' | b'\'' | b'(' | b'\t',
    ] = before
    {
        before = rest;
    }
    let before = before.to_ascii_lowercase();
    let by_label = [
        &b"http"[..],
        b"error",
        b"status",
        b"code",
        b"statuscode",
        b"status code",
        b"http/1.1",
        b"http/1.0",
        b"http/2",
        b"http/2.0",
    ]
    .iter()
    .any(|l| {
        before.ends_with(l)
            && (before.len() == l.len()
                || !before[before.len() - l.len() - 1].is_ascii_alphanumeric())
    });
    let mut after = start + 3;
    while after < text.len()
        && after - start < 8
        && matches!(text[after], b' ' | b'-' | b'.' | b'0' | b'(')
    {
        after += 1;
    }
    let by_phrase = starts_with_ci(text, after, phrase.as_bytes());
    (by_label || by_phrase).then_some(status)
}

/// `(NNN)` after the status's own name (`NotFound (404)`), or `(NNN, SSSS)`
/// (the .NET diagnostics' `"(410, 1002)"`) when the catalog knows the pair.
fn paren_fact(text: &[u8], at: usize) -> Option<Found> {
    let status = status_digits(text, at + 1, text.len())?;
    match text.get(at + 4)? {
        b')' => {
            let name_end = text[..at].iter().rposition(|b| *b != b' ')? + 1;
            let name_start = text[..name_end]
                .iter()
                .rposition(|b| !b.is_ascii_alphabetic())
                .map_or(0, |p| p + 1);
            let name = std::str::from_utf8(&text[name_start..name_end]).ok()?;
            let named = status >= 400 && crate::http::status_for_name(name) == Some(status);
            named.then_some(Found {
                start: name_start,
                end: at + 5,
                fact: Fact::Status {
                    status,
                    named: true,
                },
            })
        }
        b',' => {
            let digits = at + 5 + usize::from(text.get(at + 5) == Some(&b' '));
            let (ss, end) = number_at(text, digits)?;
            let ss = u32::try_from(ss).ok()?;
            (text.get(end) == Some(&b')') && status >= 400 && known_pair(status, ss)).then_some(
                Found {
                    start: at,
                    end: end + 1,
                    fact: Fact::Pair {
                        status,
                        substatus: ss,
                    },
                },
            )
        }
        _ => None,
    }
}

/// Whether Cosmos DB documents this status with this sub-status (0, "none",
/// goes with every status it documents).
fn known_pair(status: u16, substatus: u32) -> bool {
    catalog::by_status(status)
        .any(|e| e.service == Service::Cosmos && (e.substatus == Some(substatus) || substatus == 0))
}

/// The sub-status a name stands for under `status` (`PartitionKeyRangeGone`
/// under 410 is 1002), from the Cosmos DB catalog.
///
/// ```
/// use errcode_cli::status_text::substatus_for_name;
/// assert_eq!(substatus_for_name("PartitionKeyRangeGone", Some(410)), Some(1002));
/// assert_eq!(substatus_for_name("NoSuchName", Some(410)), None);
/// ```
pub fn substatus_for_name(name: &str, status: Option<u16>) -> Option<u32> {
    catalog::by_code(name)
        .filter(|e| e.service == Service::Cosmos && e.substatus.is_some())
        .find(|e| status.is_none() || e.status == status || e.status.is_none())
        .and_then(|e| e.substatus)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(hay: &[u8]) -> Option<(u16, u32, String)> {
        let text = std::str::from_utf8(hay).unwrap_or("");
        let lower = text.to_ascii_lowercase();
        let key = lower.rfind("sub")?;
        let len = substatus_key(hay, key)?;
        cosmos_pair(hay, 0, key, key + len)
            .map(|p| (p.status, p.substatus, text[p.start..p.end].to_string()))
    }

    #[test]
    fn cosmos_pairs_in_every_written_form() {
        let want = |s: &str| Some((404, 1002, s.to_string()));
        assert_eq!(
            pair(b"x StatusCode: 404, SubStatusCode: 1002, y"),
            want("StatusCode: 404, SubStatusCode: 1002")
        );
        assert_eq!(
            pair(b"StatusCode=404 SubStatusCode=1002"),
            want("StatusCode=404 SubStatusCode=1002")
        );
        assert_eq!(
            pair(br#"{"statusCode":404,"subStatusCode":1002}"#),
            want(r#"statusCode":404,"subStatusCode":1002"#)
        );
        assert_eq!(
            pair(b"status code does not indicate success: NotFound (404); Substatus: 1002; ActivityId"),
            want("(404); Substatus: 1002")
        );
        assert_eq!(
            pair(b"StatusCode: 404, RequestCharge: 2.5, SubStatusCode: 1002"),
            want("StatusCode: 404, RequestCharge: 2.5, SubStatusCode: 1002")
        );
        assert_eq!(
            pair(b"Status code: 404 Sub-status: 1002"),
            want("Status code: 404 Sub-status: 1002")
        );
        assert_eq!(
            pair(b"status_code=404 sub_status=1002"),
            want("status_code=404 sub_status=1002")
        );
        assert_eq!(
            pair(b"Microsoft.Azure.Documents.DocumentClientException: 404 Substatus: 1002 Reason"),
            want("404 Substatus: 1002")
        );
    }

    #[test]
    fn cosmos_pairs_reject_near_misses() {
        assert_eq!(pair(b"SubStatusCode: 1002"), None, "no status");
        assert_eq!(pair(b"StatusCode: 4040, SubStatusCode: 1002"), None);
        assert_eq!(pair(b"StatusCode: 404, SubStatusCode: 10x2"), None);
        assert_eq!(pair(b"StatusCode: 404, SubStatusCode:"), None);
        assert_eq!(pair(b"StatusCode: 700, SubStatusCode: 1"), None);
        assert_eq!(pair(b"SubStatusCode: 3, SubStatusCode: 1002"), None);
        assert_eq!(pair(b"v1.404 Substatus: 1002"), None, "part of a number");
        let far = format!("StatusCode: 404,{} SubStatusCode: 1002", " ".repeat(100));
        assert_eq!(pair(far.as_bytes()), None, "status too far back");
        assert_eq!(pair(b"StatusCode: 404, \xff SubStatusCode: 1002"), None);
    }

    fn kinds(text: &str) -> Vec<Fact> {
        facts(text.as_bytes()).into_iter().map(|f| f.fact).collect()
    }

    fn status(status: u16, named: bool) -> Fact {
        Fact::Status { status, named }
    }

    #[test]
    fn statuses_by_key_name_and_phrase() {
        assert_eq!(
            kinds("Response status code does not indicate success: 503 (Service Unavailable)."),
            vec![status(503, false)]
        );
        assert_eq!(
            kinds("does not indicate success: TooManyRequests (429); ActivityId: x"),
            vec![status(429, true)]
        );
        assert_eq!(
            kinds("Operation returned an invalid status code 'Conflict'"),
            vec![status(409, true)]
        );
        assert_eq!(kinds("StatusCode: Conflict"), vec![status(409, true)]);
        assert_eq!(kinds("status: 'Unauthorized'"), vec![status(401, true)]);
        assert_eq!(kinds(r#""StatusCode":"Gone""#), vec![status(410, true)]);
        assert_eq!(kinds("Response status: 404"), vec![status(404, false)]);
        assert_eq!(kinds("HTTP/1.1 404 Not Found"), vec![status(404, false)]);
        assert_eq!(kinds("HTTP/2 404 "), vec![status(404, false)]);
        assert_eq!(kinds("HTTP Error 500.19 - x"), vec![status(500, false)]);
        assert_eq!(kinds(r#""statusCode":404,"x""#), vec![status(404, false)]);
        assert_eq!(
            kinds("StatusCode: Retrytherequest"),
            vec![status(449, true)]
        );
    }

    #[test]
    fn numbers_that_are_not_statuses() {
        assert!(kinds("took 404 ms; 500 items; status: Running").is_empty());
        assert!(kinds("version 1.404.2 and 2404 and (404)").is_empty());
        assert!(kinds("Found (302) substatus").is_empty());
        assert!(kinds("status: OK").is_empty(), "not an error");
    }

    #[test]
    fn substatuses_pairs_and_waits() {
        assert_eq!(
            kinds("x-ms-retry-after-ms=1200, x-ms-substatus=3200"),
            vec![Fact::RetryAfterMs(1200), Fact::Substatus(3200)]
        );
        assert_eq!(
            kinds("'x-ms-retry-after-ms': '1500', 'x-ms-substatus': '3200'"),
            vec![Fact::RetryAfterMs(1500), Fact::Substatus(3200)]
        );
        assert_eq!(
            kinds("retryAfterInMs: 1500, substatus: 3200"),
            vec![Fact::RetryAfterMs(1500), Fact::Substatus(3200)]
        );
        assert_eq!(kinds("Retry-After: 17"), vec![Fact::RetryAfterMs(17_000)]);
        assert_eq!(
            kinds("code 404/1002 and 449.5352"),
            vec![
                Fact::Pair {
                    status: 404,
                    substatus: 1002
                },
                Fact::Pair {
                    status: 449,
                    substatus: 5352
                }
            ]
        );
        assert!(kinds("build 404.99999 at 1.404/1002").is_empty());
        assert_eq!(
            kinds(r#"{"(410, 1002)":1,"(200, 0)":1}"#),
            vec![Fact::Pair {
                status: 410,
                substatus: 1002
            }]
        );
        let text = r#""StatusCode":"Gone","SubStatusCode":"PartitionKeyRangeGone""#;
        let f = facts(text.as_bytes());
        assert_eq!(f[0].fact, status(410, true));
        let Fact::SubstatusName(s, e) = f[1].fact else {
            panic!("{f:?}")
        };
        assert_eq!(&text[s..e], "PartitionKeyRangeGone");
        assert_eq!(
            kinds("NotFound (404); Substatus: 1002; ActivityId"),
            vec![Fact::Pair {
                status: 404,
                substatus: 1002
            }]
        );
    }
}
