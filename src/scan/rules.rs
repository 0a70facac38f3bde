//! The byte-level recognisers behind [`super::Scanner`]: word boundaries, the
//! noise rule for code names, the HRESULT literal forms and the Cosmos DB
//! status pair. They work on bytes, never on `str`, so invalid UTF-8 in a log
//! costs nothing; every function looks only at a window it is given, so the
//! scanner can promise that results do not depend on how the input was chunked.

use crate::catalog::Service;

// Word characters (`grep -w`'s) and key separators are the status rules' too.
pub(crate) use crate::status_text::{MAX_SEPARATORS, is_separator, is_word};

/// True when `hay[start..end]` is a whole word: the bytes either side (if any)
/// are not word characters.
pub(crate) fn whole_word(hay: &[u8], start: usize, end: usize) -> bool {
    (start == 0 || !is_word(hay[start - 1])) && hay.get(end).is_none_or(|&b| !is_word(b))
}

/// Longer code names that are nonetheless everyday words in logs (a Python
/// `IOError`, a "FileNotFound" log message, `S_OK` after every COM call).
/// Kept short on purpose: the shape rule in [`is_plain_name`] does most of the
/// work, this list only adds what the shape rule cannot see.
pub const PLAIN_EXTRA: &[&str] = &[
    "FileNotFound",
    "IOError",
    "OperationInProgress",
    "OperationTimedOut",
    "PathNotFound",
    "ResourceNotFound",
    "S_OK",
    "TooManyRequests",
];

/// Every HTTP reason phrase as one lower-case word (`notfound`,
/// `toomanyrequests`).
pub fn status_words() -> std::collections::HashSet<String> {
    (100..600u16)
        .filter_map(crate::http::reason_phrase)
        .map(|p| {
            p.bytes()
                .filter(|b| b.is_ascii_alphanumeric())
                .map(|b| b.to_ascii_lowercase() as char)
                .collect()
        })
        .collect()
}

/// Whether a code is only an HTTP status written as a word (Service
/// Fabric's internal `NotFound`): statuses are found by the pair rule, not as
/// names. A code that also names a sub-status (Cosmos DB's `TooManyRequests`,
/// 429/3200) is a code in its own right.
pub fn is_status_word(words: &std::collections::HashSet<String>, code: &str) -> bool {
    words.contains(code.to_ascii_lowercase().as_str())
        && !crate::catalog::by_code(code).any(|e| e.substatus.is_some())
}

/// Whether a code name reads like an ordinary word or phrase and so needs
/// corroboration before it counts as a sighting of the code: one or two
/// capitalised words run together (`Unknown`, `ServerBusy`, `InternalError`,
/// `DiskFull`, `TaskEnded`), or one of [`PLAIN_EXTRA`].
pub fn is_plain_name(code: &str) -> bool {
    if PLAIN_EXTRA.contains(&code) {
        return true;
    }
    let b = code.as_bytes();
    let mut words = 0;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_uppercase() {
            return false;
        }
        i += 1;
        let lower_start = i;
        while i < b.len() && b[i].is_ascii_lowercase() {
            i += 1;
        }
        if i == lower_start {
            return false;
        }
        words += 1;
    }
    (1..=2).contains(&words)
}

/// Whether the value starting at `start` is the value of an error-code key:
/// going back over at most [`MAX_SEPARATORS`] separator bytes, the word there
/// (letters, digits, `_`, `-`) ends in `code`, `error` or `hresult`
/// (`code`, `ErrorCode`, `x-ms-error-code`, `error`, `lastError`, `HRESULT`),
/// or is `hr` or `err` (alone or after `_`/`-`), ignoring ASCII case.
/// `lo` is the first byte that may be looked at (the start of the line).
pub(crate) fn key_before(hay: &[u8], lo: usize, start: usize) -> bool {
    // No separator: `ErrorCodeUnknown` is one word, not a key and a value.
    word_before(hay, lo, start).is_some_and(|(_, word)| is_error_key(word))
}

fn ends_with_ci(word: &[u8], suffix: &[u8]) -> bool {
    word.len() >= suffix.len() && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn is_error_key(word: &[u8]) -> bool {
    ["code", "error", "hresult"]
        .iter()
        .any(|s| ends_with_ci(word, s.as_bytes()))
        || short_key(word, b"hr")
        || short_key(word, b"err")
}

/// A short key only counts as a word of its own (`hr`, `m_hr`, `last-err`,
/// camel-case `lastErr`): `thr` or `tcperr` are not keys.
fn short_key(word: &[u8], key: &[u8]) -> bool {
    if !ends_with_ci(word, key) {
        return false;
    }
    let at = word.len() - key.len();
    at == 0
        || matches!(word[at - 1], b'_' | b'-')
        || word[at].is_ascii_uppercase() && word[at - 1].is_ascii_lowercase()
}

/// Words on a line that name a service. A plain code name next to its own
/// service's name (`Batch task t-17: TaskEnded`,
/// `Microsoft.Azure.Cosmos: ServerBusy`) is taken as the code.
pub(crate) fn service_markers(service: Service) -> &'static [&'static str] {
    match service {
        Service::Fabric => &["fabric"],
        Service::Batch => &["batch"],
        Service::Veeam => &["veeam"],
        Service::Cosmos => &["cosmos", "documentdb"],
        Service::IisMedia => &["iis", "smoothstreaming"],
    }
}

/// An HRESULT written as hex: `0x` or `0X`, exactly eight hex digits, as a
/// whole word. `at` is the position of the `0`.
pub(crate) fn hex_hresult(hay: &[u8], at: usize) -> Option<(usize, u32)> {
    let digits = hay.get(at + 2..at + 10)?;
    // A C literal's `L` or `UL` suffix belongs to the literal.
    let suffix = [&b"UL"[..], b"ul", b"L", b"l"]
        .iter()
        .find(|s| hay.get(at + 10..at + 10 + s.len()) == Some(s))
        .map_or(0, |s| s.len());
    if !whole_word(hay, at, at + 10 + suffix) {
        return None;
    }
    // By hand: thread ids (`0x000011ea`) make this a hot path.
    let value = digits.iter().try_fold(0u32, |v, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        Some(v << 4 | u32::from(d))
    })?;
    Some((at + 10 + suffix, value))
}

/// An HRESULT written without its `0x` (`hr=80071BC6`, `HRESULT: C0000005`)
/// or as an unsigned decimal (`hresult 2147949517`): `hay[start..end]` is a
/// word of exactly eight hex digits or ten decimal digits whose value has the
/// failure bit set, right after an error key (as for [`decimal_hresult`]).
pub(crate) fn bare_hresult(hay: &[u8], lo: usize, start: usize, end: usize) -> Option<u32> {
    let word = &hay[start..end];
    let value = match word.len() {
        8 if word.iter().all(u8::is_ascii_hexdigit) => {
            u32::from_str_radix(std::str::from_utf8(word).ok()?, 16).ok()?
        }
        10 if word.iter().all(u8::is_ascii_digit) => {
            std::str::from_utf8(word).ok()?.parse::<u32>().ok()?
        }
        _ => return None,
    };
    (value & 0x8000_0000 != 0 && start >= lo && decimal_key_before(hay, lo, start)).then_some(value)
}

/// An HRESULT written as a signed decimal (`-2138570706`, C's `long` view),
/// right after a key that says so. `digits..end` is a word of digits. It is
/// accepted when it has 9 or 10 digits and fits an `i32`, a `-` stands right
/// before it with no word character before that, and going back over at most
/// [`MAX_SEPARATORS`] separators there is an error key: a word ending in
/// `error`, `errorcode`, `error_code`, `error-code` or `hresult`, the word
/// `hr` (alone, after `_`/`-`, or camel-case), or `code` after such a word
/// (`error code`), ignoring ASCII case. Shorter negatives (`error -1`,
/// `err=-22`) are errno-style returns, not HRESULTs. `lo` is the first byte
/// that may be looked at. Returns where the number starts (its `-`) and its value.
pub(crate) fn decimal_hresult(
    hay: &[u8],
    lo: usize,
    digits: usize,
    end: usize,
) -> Option<(usize, u32)> {
    if !(9..=10).contains(&(end - digits)) || digits < lo + 2 || hay[digits - 1] != b'-' {
        return None;
    }
    let dash = digits - 1;
    if is_word(hay[dash - 1]) || !decimal_key_before(hay, lo, dash) {
        return None;
    }
    let value: i64 = std::str::from_utf8(&hay[digits..end]).ok()?.parse().ok()?;
    let value = i32::try_from(-value).ok()?;
    Some((dash, value as u32))
}

/// The error key of [`decimal_hresult`] before `at`.
fn decimal_key_before(hay: &[u8], lo: usize, at: usize) -> bool {
    let Some((start, word)) = word_before(hay, lo, at) else {
        return false;
    };
    let error_word = |w: &[u8]| {
        ["error", "errorcode", "error_code", "error-code", "hresult"]
            .iter()
            .any(|s| ends_with_ci(w, s.as_bytes()))
    };
    if error_word(word) || short_key(word, b"hr") {
        return true;
    }
    // `error code -2147024891`: the key is two words.
    word.eq_ignore_ascii_case(b"code")
        && start > lo
        && hay[start - 1] == b' '
        && word_before_space(hay, lo, start - 1).is_some_and(error_word)
}

/// The key word (letters, digits, `_`, `-`; at most 40 bytes) that ends at
/// most [`MAX_SEPARATORS`] separator bytes (and at least one) before `at`.
fn word_before(hay: &[u8], lo: usize, at: usize) -> Option<(usize, &[u8])> {
    let mut i = at;
    while i > lo && at - i < MAX_SEPARATORS && is_separator(hay[i - 1]) {
        i -= 1;
    }
    if i == at {
        return None;
    }
    let end = i;
    while i > lo && end - i < 40 && (is_word(hay[i - 1]) || hay[i - 1] == b'-') {
        i -= 1;
    }
    (i < end).then(|| (i, &hay[i..end]))
}

/// The word that ends right at `at` (no separators in between).
fn word_before_space(hay: &[u8], lo: usize, at: usize) -> Option<&[u8]> {
    let mut i = at;
    while i > lo && at - i < 40 && is_word(hay[i - 1]) {
        i -= 1;
    }
    (i < at).then(|| &hay[i..at])
}

/// Where the word starting at `start` ends, looking at most `cap` bytes
/// ahead (a word longer than that is no code, however it ends).
pub(crate) fn word_end(hay: &[u8], start: usize, cap: usize) -> usize {
    let limit = hay.len().min(start + cap);
    hay[start..limit]
        .iter()
        .position(|&b| !is_word(b))
        .map_or(limit, |n| start + n)
}

pub(crate) use crate::status_text::{COSMOS_LOOKBACK, cosmos_pair};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_one_or_two_capitalised_words_or_listed() {
        for plain in [
            "Unknown",
            "ServerBusy",
            "InternalError",
            "DiskFull",
            "TaskEnded",
        ] {
            assert!(is_plain_name(plain), "{plain}");
        }
        for listed in PLAIN_EXTRA {
            assert!(is_plain_name(listed), "{listed}");
        }
        for specific in [
            "PoolNotFound",
            "FABRIC_E_NOT_PRIMARY",
            "E_FAIL",
            "MissedTargetLsnOver100",
            "OSVersionNotFound",
            "NodeAgentSKUNotFound",
        ] {
            assert!(!is_plain_name(specific), "{specific}");
        }
    }

    #[test]
    fn every_listed_plain_name_is_in_the_catalog() {
        // A stale entry would silently do nothing; keep the list honest.
        for name in PLAIN_EXTRA {
            assert!(
                crate::catalog::entries().iter().any(|e| e.code() == *name),
                "{name} is not a catalog code"
            );
        }
    }

    #[test]
    fn whole_words_use_grep_word_characters() {
        let hay = b"PoolNotFound PoolNotFoundX xPoolNotFound _PoolNotFound (PoolNotFound)";
        let starts: Vec<usize> = (0..hay.len())
            .filter(|&i| hay[i..].starts_with(b"PoolNotFound") && whole_word(hay, i, i + 12))
            .collect();
        assert_eq!(starts, vec![0, 56]);
    }

    #[test]
    fn keys_before_a_value() {
        let yes: &[&[u8]] = &[
            b"code: X",
            b"\"code\":\"X",
            b"\"code\": \"X",
            b"ErrorCode=X",
            b"x-ms-error-code: X",
            b"<Code>X",
            b"error=X",
            b"hr=X",
            b"m_hr = X",
            b"HRESULT X",
            b"lastErr:X",
            b"Error(X",
        ];
        for hay in yes {
            let x = hay.len() - 1;
            assert!(key_before(hay, 0, x), "{}", String::from_utf8_lossy(hay));
        }
        let no: &[&[u8]] = &[
            b"state X",
            b"thr=X",
            b"ErrorCodeX",
            b"code -> X",
            b"status: X",
            b"X",
            b"errors=X",
            b"tcperr=X",
        ];
        for hay in no {
            let x = hay.len() - 1;
            assert!(!key_before(hay, 0, x), "{}", String::from_utf8_lossy(hay));
        }
        // The key must be on the same line: `lo` is where the line starts.
        assert!(!key_before(b"code:\nX", 6, 6));
    }

    #[test]
    fn hex_hresults_need_eight_digits_and_word_boundaries() {
        assert_eq!(hex_hresult(b"0x8088002E", 0), Some((10, 0x8088_002E)));
        assert_eq!(hex_hresult(b"hr 0X8088002e;", 3), Some((13, 0x8088_002E)));
        assert_eq!(hex_hresult(b"0x8088002", 0), None);
        assert_eq!(hex_hresult(b"0x8088002E1", 0), None);
        assert_eq!(hex_hresult(b"0x8088002EL", 0), Some((11, 0x8088_002E)));
        assert_eq!(hex_hresult(b"0x8088002EUL)", 0), Some((12, 0x8088_002E)));
        assert_eq!(hex_hresult(b"0x8088002ELX", 0), None);
        assert_eq!(hex_hresult(b"a0x8088002E", 1), None);
        assert_eq!(hex_hresult(b"0x8088002G", 0), None);
    }

    #[test]
    fn decimal_hresults_follow_their_key() {
        let check = |hay: &[u8]| {
            let end = hay.iter().rposition(u8::is_ascii_digit)? + 1;
            let digits = hay[..end].iter().rposition(|b| !b.is_ascii_digit())? + 1;
            decimal_hresult(hay, 0, digits, end)
        };
        assert_eq!(check(b"hr=-2138570706"), Some((3, 0x8088_002E)));
        assert_eq!(check(b"error -2138570706"), Some((6, 0x8088_002E)));
        for key in [
            "error code ",
            "ErrorCode: ",
            "error_code=\"",
            "HRESULT ",
            "hr: ",
            "m_hr = ",
            "lastError=",
            "x-ms-error-code: ",
        ] {
            let text = format!("{key}-2147024891");
            assert_eq!(
                check(text.as_bytes()).map(|m| m.1),
                Some(0x8007_0005),
                "{key}"
            );
        }
        assert_eq!(
            check(b"HRESULT -2147483648").map(|m| m.1),
            Some(0x8000_0000)
        );
        // Too short, too long, out of range, no key, glued to a word, too far away.
        assert_eq!(check(b"error -1"), None);
        assert_eq!(check(b"error -21474836480"), None);
        assert_eq!(check(b"error -2147483649"), None);
        assert_eq!(check(b"offset -2147024891"), None);
        assert_eq!(check(b"thr=-2147024891"), None);
        assert_eq!(check(b"errors -2147024891"), None);
        assert_eq!(check(b"error-2147024891"), None);
        assert_eq!(check(b"error in file -2147024891"), None);
        assert_eq!(check(b"my code -2147024891"), None);
        assert_eq!(check(b"error 2147024891"), None);
    }

    #[test]
    fn words_end_at_non_word_bytes_or_the_cap() {
        assert_eq!(word_end(b"abc_9 x", 0, 100), 5);
        assert_eq!(word_end(b"abcdef", 0, 3), 3);
        assert_eq!(word_end(b"abc", 1, 100), 3);
        assert_eq!(word_end(b"ab\xffc", 0, 100), 2);
    }
}
