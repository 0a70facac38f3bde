//! HTTP status reason phrases: the IANA registry (RFC 9110 and friends) and
//! the few unregistered codes Microsoft services send.

use crate::packed::{Packed, text_len};

/// Registered statuses, sorted by code (binary-searched).
const REGISTERED_ROWS: &[(u16, &str)] = &[
    (100, "Continue"),
    (101, "Switching Protocols"),
    (102, "Processing"),
    (103, "Early Hints"),
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (203, "Non-Authoritative Information"),
    (204, "No Content"),
    (205, "Reset Content"),
    (206, "Partial Content"),
    (207, "Multi-Status"),
    (208, "Already Reported"),
    (226, "IM Used"),
    (300, "Multiple Choices"),
    (301, "Moved Permanently"),
    (302, "Found"),
    (303, "See Other"),
    (304, "Not Modified"),
    (305, "Use Proxy"),
    (307, "Temporary Redirect"),
    (308, "Permanent Redirect"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (402, "Payment Required"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (407, "Proxy Authentication Required"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Content Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (416, "Range Not Satisfiable"),
    (417, "Expectation Failed"),
    (421, "Misdirected Request"),
    (422, "Unprocessable Content"),
    (423, "Locked"),
    (424, "Failed Dependency"),
    (425, "Too Early"),
    (426, "Upgrade Required"),
    (428, "Precondition Required"),
    (429, "Too Many Requests"),
    (431, "Request Header Fields Too Large"),
    (451, "Unavailable For Legal Reasons"),
    (500, "Internal Server Error"),
    (501, "Not Implemented"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
    (505, "HTTP Version Not Supported"),
    (506, "Variant Also Negotiates"),
    (507, "Insufficient Storage"),
    (508, "Loop Detected"),
    (510, "Not Extended"),
    (511, "Network Authentication Required"),
];
static REGISTERED: Packed<u16, { REGISTERED_ROWS.len() }, { text_len(REGISTERED_ROWS) }> =
    Packed::new(REGISTERED_ROWS);

/// Statuses outside the registry that these services (or the servers in front
/// of them) do send, with the phrase they use and why it is not standard.
static UNREGISTERED: &[(u16, &str, &str)] = &[
    (
        440,
        "Login Time-out",
        "not a registered HTTP status: an IIS extension meaning the session expired",
    ),
    (
        449,
        "Retry With",
        "not a registered HTTP status: a Microsoft extension (IIS, Cosmos DB) asking the client to retry",
    ),
    (
        499,
        "Client Closed Request",
        "not a registered HTTP status: nginx logs it when the client hung up first",
    ),
];

/// The reason phrase of a status, registered or a known extension.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    REGISTERED.get(status).or_else(|| {
        UNREGISTERED
            .iter()
            .find(|(c, ..)| *c == status)
            .map(|(_, p, _)| *p)
    })
}

/// .NET's `HttpStatusCode` member names of the error statuses, sorted by
/// status: the names .NET SDKs print (`NotFound (404)`) and Cosmos DB sends
/// as its `code`. Where a name is not the squeezed reason phrase, it is the
/// one an older RFC gave (413 `RequestEntityTooLarge`); 449 is Cosmos DB's.
const DOTNET_NAME_ROWS: &[(u16, &str)] = &[
    (400, "BadRequest"),
    (401, "Unauthorized"),
    (402, "PaymentRequired"),
    (403, "Forbidden"),
    (404, "NotFound"),
    (405, "MethodNotAllowed"),
    (406, "NotAcceptable"),
    (407, "ProxyAuthenticationRequired"),
    (408, "RequestTimeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "LengthRequired"),
    (412, "PreconditionFailed"),
    (413, "RequestEntityTooLarge"),
    (414, "RequestUriTooLong"),
    (415, "UnsupportedMediaType"),
    (416, "RequestedRangeNotSatisfiable"),
    (417, "ExpectationFailed"),
    (421, "MisdirectedRequest"),
    (422, "UnprocessableEntity"),
    (423, "Locked"),
    (424, "FailedDependency"),
    (426, "UpgradeRequired"),
    (428, "PreconditionRequired"),
    (429, "TooManyRequests"),
    (431, "RequestHeaderFieldsTooLarge"),
    (449, "RetryWith"),
    (451, "UnavailableForLegalReasons"),
    (500, "InternalServerError"),
    (501, "NotImplemented"),
    (502, "BadGateway"),
    (503, "ServiceUnavailable"),
    (504, "GatewayTimeout"),
    (505, "HttpVersionNotSupported"),
    (506, "VariantAlsoNegotiates"),
    (507, "InsufficientStorage"),
    (508, "LoopDetected"),
    (510, "NotExtended"),
    (511, "NetworkAuthenticationRequired"),
];
static DOTNET_NAMES: Packed<u16, { DOTNET_NAME_ROWS.len() }, { text_len(DOTNET_NAME_ROWS) }> =
    Packed::new(DOTNET_NAME_ROWS);

/// Other names SDKs print for a status: a newer RFC's phrase as one word,
/// the old Cosmos DB Java SDK's `Retrytherequest`.
static OTHER_NAMES: &[(&str, u16)] = &[("payloadtoolarge", 413), ("retrytherequest", 449)];

/// The name .NET's `HttpStatusCode` gives an error status (`NotFound`,
/// `TooManyRequests`; Cosmos DB's `RetryWith` for 449): what .NET SDKs print
/// and what Cosmos DB sends as its error code.
///
/// ```
/// assert_eq!(errcode_cli::http::status_name(404), Some("NotFound"));
/// assert_eq!(errcode_cli::http::status_name(413), Some("RequestEntityTooLarge"));
/// assert_eq!(errcode_cli::http::status_name(200), None);
/// ```
pub fn status_name(status: u16) -> Option<&'static str> {
    DOTNET_NAMES.get(status)
}

/// The status a name stands for: a reason phrase in any case, with or
/// without its spaces and hyphens (`Not Found`, `NotFound`, `notfound`), or
/// one of the names SDKs use (`.NET`'s `RequestEntityTooLarge`, Cosmos DB's
/// `RetryWith`).
///
/// ```
/// use errcode_cli::http::status_for_name;
/// assert_eq!(status_for_name("TooManyRequests"), Some(429));
/// assert_eq!(status_for_name("Service Unavailable"), Some(503));
/// assert_eq!(status_for_name("RequestEntityTooLarge"), Some(413));
/// assert_eq!(status_for_name("PoolNotFound"), None);
/// ```
pub fn status_for_name(name: &str) -> Option<u16> {
    if name.is_empty() || name.len() > 40 {
        return None;
    }
    let mut buf = [0u8; 40];
    let mut n = 0;
    for b in name.bytes() {
        match b {
            b' ' | b'-' => {}
            b if b.is_ascii_alphabetic() => {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
            _ => return None,
        }
    }
    let squeezed = &buf[..n];
    let same = |phrase: &str| {
        phrase
            .bytes()
            .filter(|b| *b != b' ' && *b != b'-')
            .map(|b| b.to_ascii_lowercase())
            .eq(squeezed.iter().copied())
    };
    REGISTERED
        .iter()
        .chain(UNREGISTERED.iter().map(|(s, p, _)| (*s, *p)))
        .find(|(_, p)| same(p))
        .map(|(s, _)| s)
        .or_else(|| {
            DOTNET_NAMES
                .iter()
                .find(|(_, n)| n.as_bytes().eq_ignore_ascii_case(squeezed))
                .map(|(s, _)| s)
        })
        .or_else(|| {
            OTHER_NAMES
                .iter()
                .find(|(p, _)| p.as_bytes() == squeezed)
                .map(|(_, s)| *s)
        })
}

/// Whether IANA's registry has this status.
pub fn is_registered(status: u16) -> bool {
    REGISTERED.get(status).is_some()
}

/// A note for a status outside the registry: what it is when known, else that it is unregistered.
pub fn unregistered_note(status: u16) -> Option<&'static str> {
    if is_registered(status) {
        return None;
    }
    Some(
        UNREGISTERED
            .iter()
            .find(|(c, ..)| *c == status)
            .map(|(.., note)| *note)
            .unwrap_or("not a registered HTTP status"),
    )
}

/// The status class in words (`Client Error` for 4xx).
pub fn class_name(status: u16) -> &'static str {
    match status / 100 {
        1 => "Informational",
        2 => "Success",
        3 => "Redirection",
        4 => "Client Error",
        5 => "Server Error",
        _ => "Unknown",
    }
}

/// Why [`parse_status`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusError(String);

impl std::fmt::Display for StatusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not an HTTP status: {:?} (expected 100..599, or 404.1002 for a sub-status)",
            self.0
        )
    }
}

impl std::error::Error for StatusError {}

/// Reads a status as people write it: `409`, `404.1002` or `404/1002` (a
/// Cosmos DB sub-status after the dot or slash). Surrounding space is ignored.
///
/// ```
/// use errcode_cli::http::parse_status;
/// assert_eq!(parse_status("409"), Ok((409, None)));
/// assert_eq!(parse_status(" 404.1002 "), Ok((404, Some(1002))));
/// assert_eq!(parse_status("404/1002"), Ok((404, Some(1002))));
/// assert!(parse_status("600").is_err());
/// ```
pub fn parse_status(text: &str) -> Result<(u16, Option<u32>), StatusError> {
    let bad = || StatusError(text.to_string());
    let t = text.trim();
    let (main, sub) = match t.split_once(['.', '/']) {
        Some((m, s)) => (m, Some(s)),
        None => (t, None),
    };
    if main.len() != 3 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let status: u16 = main.parse().map_err(|_| bad())?;
    if !(100..=599).contains(&status) {
        return Err(bad());
    }
    let sub = match sub {
        None => None,
        Some(s) if !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.parse::<u32>().map_err(|_| bad())?)
        }
        Some(_) => return Err(bad()),
    };
    Ok((status, sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_forms() {
        assert_eq!(parse_status("409").unwrap(), (409, None));
        assert_eq!(parse_status("404.1002").unwrap(), (404, Some(1002)));
        assert_eq!(parse_status("404/1002").unwrap(), (404, Some(1002)));
        for bad in [
            "",
            "99",
            "600",
            "4o4",
            "404.",
            "404.x",
            "1000",
            "404.12345678901",
        ] {
            assert!(parse_status(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_status("4o4").unwrap_err().to_string(),
            "not an HTTP status: \"4o4\" (expected 100..599, or 404.1002 for a sub-status)"
        );
    }

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(REGISTERED.is_sorted());
        for (c, ..) in UNREGISTERED {
            assert!(!is_registered(*c));
        }
        assert!(DOTNET_NAMES.is_sorted());
    }

    #[test]
    fn every_name_reads_back_as_its_status() {
        for (status, name) in DOTNET_NAMES.iter() {
            assert!(reason_phrase(status).is_some(), "{status}");
            assert_eq!(status_for_name(name), Some(status), "{name}");
        }
        for status in 100..600 {
            if let Some(p) = reason_phrase(status) {
                assert_eq!(status_for_name(p), Some(status), "{p}");
            }
        }
        assert_eq!(status_for_name("retrytherequest"), Some(449));
        assert_eq!(status_for_name(""), None);
        assert_eq!(status_for_name("Not-Found!"), None);
    }

    #[test]
    fn phrases() {
        assert_eq!(reason_phrase(409), Some("Conflict"));
        assert_eq!(reason_phrase(449), Some("Retry With"));
        assert_eq!(reason_phrase(299), None);
        assert!(unregistered_note(449).unwrap().contains("Microsoft"));
        assert_eq!(unregistered_note(404), None);
        assert_eq!(unregistered_note(452), Some("not a registered HTTP status"));
    }
}
