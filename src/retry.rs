//! Retry verdicts: should a client send the same request again?
//!
//! The verdict follows the service that answered, because the services
//! disagree (Cosmos DB documents 408/410/429/449/503 as retryable but 500 as
//! "contact support"; Service Fabric's 503 codes are transient reconfiguration
//! states). Rules are tried in order and the verdict names the rule that
//! applied, so a script's log says why it retried:
//!
//! 1. the service's documented guidance for that code or status (per service),
//! 2. the entry's own words ("Please retry your request", "It is safe to
//!    retry the operation", "Please try again"),
//! 3. the status class: 408/429/503/504 retry, other 5xx conditional, 4xx no.

use serde::Serialize;

use crate::catalog::{Entry, Service};
use crate::decode::ErrorBody;

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Retryability {
    /// Transient: send the request again (after the wait the response asks for).
    Retry,
    /// Permanent for this request: change something before sending again.
    NoRetry,
    /// Retry only under a condition the reason states (idempotent write,
    /// after refreshing state, a bounded number of times).
    Conditional,
}

impl Retryability {
    /// `retry`, `no-retry`, `conditional`.
    pub fn as_str(self) -> &'static str {
        match self {
            Retryability::Retry => "retry",
            Retryability::NoRetry => "no-retry",
            Retryability::Conditional => "conditional",
        }
    }
}

/// A verdict with its reason (JSON: `{verdict, reason, rule}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Retry, no-retry or conditional.
    pub verdict: Retryability,
    /// One line saying why.
    pub reason: String,
    /// Which rule applied: `service`, `documented`, `status-class`.
    pub rule: &'static str,
}

fn v(verdict: Retryability, rule: &'static str, reason: impl Into<String>) -> Verdict {
    Verdict {
        verdict,
        reason: reason.into(),
        rule,
    }
}

/// Whether the request changes state. Writes get the stricter answer where a
/// service says a timed-out write may have been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Not said: answer for a read or an idempotent request.
    #[default]
    Unknown,
    /// GET, HEAD, OPTIONS.
    Read,
    /// PUT, DELETE: writes that may be repeated.
    IdempotentWrite,
    /// POST, PATCH: writes that may not.
    Write,
}

impl Method {
    /// Reads an HTTP method name.
    pub fn parse(name: &str) -> Option<Method> {
        match name.to_ascii_uppercase().as_str() {
            "GET" | "HEAD" | "OPTIONS" => Some(Method::Read),
            "PUT" | "DELETE" => Some(Method::IdempotentWrite),
            "POST" | "PATCH" | "MERGE" => Some(Method::Write),
            _ => None,
        }
    }
}

/// Phrases in the seed documents that tell the client to retry.
const RETRY_WORDS: &[&str] = &[
    "please retry",
    "safe to retry",
    "please try again",
    "retry your request",
    "retry the request",
];

/// The verdict for a catalog entry.
pub fn classify(e: &Entry, method: Method) -> Verdict {
    let service_rule = match e.service {
        Service::Cosmos => cosmos(e.status, e.substatus, method),
        Service::Fabric => fabric(e.code, e.status, method),
        Service::Batch => batch(e),
        Service::IisMedia | Service::Veeam => None,
    };
    if let Some(verdict) = service_rule {
        return verdict;
    }
    let lower = e.message.to_ascii_lowercase();
    if let Some(words) = RETRY_WORDS.iter().find(|w| lower.contains(*w)) {
        return v(
            Retryability::Retry,
            "documented",
            format!("the {} documentation says \"{words}\"", e.service.name()),
        );
    }
    match e.status {
        Some(s) => by_status_class(s, method),
        None => v(
            Retryability::NoRetry,
            "status-class",
            "reported without an HTTP status and not documented as transient",
        ),
    }
}

/// The verdict for a failure: from what the response itself says and the
/// entry that describes it. The response's own facts win over the catalog
/// row's: a Batch `failureInfo` whose `category` is `UserError` is a user
/// error whatever the catalog lists. `None` when there is nothing to judge
/// by (no entry, no status, no code).
///
/// ```
/// use errcode_cli::decode::decode;
/// use errcode_cli::retry::{judge, Method, Retryability};
///
/// let body = decode(br#"{"failureInfo":{"category":"UserError","code":"BlobDownloadMiscError","message":"m"}}"#);
/// let v = judge(&body, None, None, Method::Unknown).unwrap();
/// assert_eq!(v.verdict, Retryability::NoRetry);
/// ```
pub fn judge(
    body: &ErrorBody,
    entry: Option<&Entry>,
    service: Option<Service>,
    method: Method,
) -> Option<Verdict> {
    if let Some(verdict) = body.category.as_deref().and_then(category_verdict) {
        return Some(verdict);
    }
    if let Some(e) = entry {
        return Some(classify(e, method));
    }
    if let Some(status) = body.status {
        return Some(classify_status(service, status, body.substatus, method));
    }
    body.code.as_deref().and_then(code_name_verdict)
}

/// A Batch scheduling error's own category.
fn category_verdict(category: &str) -> Option<Verdict> {
    use Retryability::*;
    if category.eq_ignore_ascii_case("UserError") {
        Some(v(
            NoRetry,
            "response-category",
            "the response's own category is UserError: fix the job, task or its inputs before running it again",
        ))
    } else if category.eq_ignore_ascii_case("ServerError") {
        Some(v(
            Retry,
            "response-category",
            "the response's own category is ServerError: the service hit a transient failure",
        ))
    } else {
        None
    }
}

/// A code no catalog knows, sent without a status, judged by what its name
/// says: a missing or existing resource, an invalid or unauthorised request
/// fails the same way again.
fn code_name_verdict(code: &str) -> Option<Verdict> {
    const DETERMINISTIC: &[&str] = &[
        "notfound",
        "doesnotexist",
        "alreadyexists",
        "invalid",
        "unauthorized",
        "forbidden",
        "authorizationfailed",
        "authenticationfailed",
        "missing",
        "notsupported",
        "conflict",
        "badrequest",
    ];
    let lower = code.to_ascii_lowercase().replace(['_', '-'], "");
    DETERMINISTIC
        .iter()
        .find(|w| lower.contains(*w))
        .map(|w| {
            v(
                Retryability::NoRetry,
                "code-name",
                format!(
                    "{code} is not in the catalog and no status was given, but its name says \"{w}\": the same request will fail again"
                ),
            )
        })
}

/// The verdict for a response the catalog has no entry for: the service's
/// status rules where the service is known, else the status class.
pub fn classify_status(
    service: Option<Service>,
    status: u16,
    substatus: Option<u32>,
    method: Method,
) -> Verdict {
    let rule = match service {
        Some(Service::Cosmos) => cosmos(Some(status), substatus, method),
        Some(Service::Fabric) => fabric("", Some(status), method),
        _ => None,
    };
    rule.unwrap_or_else(|| by_status_class(status, method))
}

/// Generic HTTP semantics (RFC 9110): the server says these are temporary.
fn by_status_class(status: u16, method: Method) -> Verdict {
    use Retryability::*;
    match status {
        200..=399 => v(NoRetry, "status-class", "not an error: nothing to retry"),
        408 | 429 | 503 | 504 if method == Method::Write => v(
            Conditional,
            "status-class",
            format!(
                "{status} is temporary, but a non-idempotent write may already have been applied: retry only if it is safe to repeat"
            ),
        ),
        449 => v(
            Retry,
            "status-class",
            "449 Retry With: the server asks for the request to be sent again",
        ),
        408 => v(
            Retry,
            "status-class",
            "408: the server timed out waiting for the request; send it again",
        ),
        429 => v(
            Retry,
            "status-class",
            "429: throttled; retry after the wait the response asks for",
        ),
        503 => v(
            Retry,
            "status-class",
            "503: the service is temporarily unavailable; retry with backoff",
        ),
        504 => v(
            Retry,
            "status-class",
            "504: a gateway timed out; retry with backoff",
        ),
        501 | 505 => v(
            NoRetry,
            "status-class",
            format!("{status}: the server does not support the request"),
        ),
        500..=599 => v(
            Conditional,
            "status-class",
            format!(
                "{status}: server error of unknown cause; retry a bounded number of times with backoff"
            ),
        ),
        _ => v(
            NoRetry,
            "status-class",
            format!("{status}: a client error; the same request will fail again"),
        ),
    }
}

/// Cosmos DB's documented guidance (HTTP status codes page, SDK retry policies).
fn cosmos(status: Option<u16>, substatus: Option<u32>, method: Method) -> Option<Verdict> {
    use Retryability::*;
    let r = "service";
    Some(match (status?, substatus) {
        (449, _) => v(
            Retry,
            r,
            "Cosmos DB 449 Retry With: a transient conflict on a write; the documentation says it is safe to retry",
        ),
        (429, _) => v(
            Retry,
            r,
            "Cosmos DB 429: request rate too large; retry after x-ms-retry-after-ms",
        ),
        (410, _) => v(
            Retry,
            r,
            "Cosmos DB 410: the partition moved (split, merge or migration); refresh routing and retry",
        ),
        (404, Some(1002)) => v(
            Retry,
            r,
            "Cosmos DB 404.1002: the replica has not caught up with the session token yet; retry (on another replica or region)",
        ),
        (403, Some(3)) => v(
            Conditional,
            r,
            "Cosmos DB 403.3: writes are not accepted in this region; refresh the account's write region and send the write there",
        ),
        (408 | 503, _) if method == Method::Write => v(
            Conditional,
            r,
            format!(
                "Cosmos DB {}: a write that timed out may have been applied; retry only if it is idempotent",
                status?
            ),
        ),
        (408, _) => v(
            Retry,
            r,
            "Cosmos DB 408: the operation timed out; the documentation lists it as retryable",
        ),
        (503, _) => v(
            Retry,
            r,
            "Cosmos DB 503: the service is unavailable; the documentation says it is safe to retry",
        ),
        (412, _) => v(
            Conditional,
            r,
            "Cosmos DB 412: the ETag is stale; read the latest version, then retry with its ETag",
        ),
        (500, _) => v(
            NoRetry,
            r,
            "Cosmos DB 500: an unexpected service error; the documentation says to contact support, not to retry",
        ),
        _ => return None,
    })
}

/// Service Fabric: 503 codes are reconfiguration states and 504 codes
/// timeouts, both transient; "in progress" conflicts clear by themselves.
fn fabric(code: &str, status: Option<u16>, method: Method) -> Option<Verdict> {
    use Retryability::*;
    let r = "service";
    if code.ends_with("_IN_PROGRESS") || code == "FABRIC_E_RECONFIGURATION_PENDING" {
        return Some(v(
            Retry,
            r,
            "Service Fabric: another operation is in progress; retry once it has finished",
        ));
    }
    Some(match status? {
        503 => v(
            Retry,
            r,
            "Service Fabric 503: the partition is reconfiguring or not ready (e.g. no primary); re-resolve and retry",
        ),
        504 if method == Method::Write => v(
            Conditional,
            r,
            "Service Fabric 504: the operation timed out and may have taken effect; retry only if it is idempotent",
        ),
        504 => v(
            Retry,
            r,
            "Service Fabric 504: a timeout or communication failure inside the cluster; retry",
        ),
        _ => return None,
    })
}

/// Batch: transient resource states and server-side scheduling errors.
fn batch(e: &Entry) -> Option<Verdict> {
    use Retryability::*;
    let r = "service";
    let code = e.code;
    let transient_state = ["Being", "TooMany"].iter().any(|w| code.contains(w))
        && e.status == Some(409)
        || code == "TooManyEnableAutoScaleRequests";
    if transient_state {
        return Some(v(
            Conditional,
            r,
            "Batch: the resource is changing state; retry after the operation in progress completes",
        ));
    }
    if code == "OperationTimedOut" {
        return Some(v(
            Conditional,
            r,
            "Batch: the operation timed out; it may have taken effect, retry if idempotent",
        ));
    }
    if e.status.is_none() {
        return Some(match e.category {
            Some("ServerError") => v(
                Retry,
                r,
                "Batch scheduling error in the ServerError category: the service hit a transient failure",
            ),
            Some("UserError") => v(
                NoRetry,
                r,
                "Batch scheduling error in the UserError category: fix the job or task specification",
            ),
            _ => return None,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::by_code;

    fn verdict(code: &str, service: Service) -> Retryability {
        let e = by_code(code).find(|e| e.service == service).expect(code);
        classify(e, Method::Unknown).verdict
    }

    #[test]
    fn documented_examples() {
        use Retryability::*;
        assert_eq!(verdict("449", Service::Cosmos), Retry);
        assert_eq!(verdict("FABRIC_E_NOT_PRIMARY", Service::Fabric), Retry);
        assert_eq!(verdict("ServerBusy", Service::Batch), Retry);
        assert_eq!(
            verdict("MPE_MGMT_PUBLISHING_POINT_LOCKED", Service::IisMedia),
            Retry
        );
        assert_eq!(verdict("PoolNotFound", Service::Batch), NoRetry);
        assert_eq!(verdict("409", Service::Cosmos), NoRetry);
        assert_eq!(verdict("MPE_MGMT_INVALID_XML", Service::IisMedia), NoRetry);
        assert_eq!(verdict("500", Service::Cosmos), NoRetry);
        assert_eq!(verdict("FABRIC_E_TIMEOUT", Service::Fabric), Retry);
        assert_eq!(verdict("PoolBeingResized", Service::Batch), Conditional);
    }

    #[test]
    fn writes_get_the_stricter_answer() {
        let e = by_code("503")
            .find(|e| e.service == Service::Cosmos)
            .unwrap();
        assert_eq!(classify(e, Method::Read).verdict, Retryability::Retry);
        assert_eq!(
            classify(e, Method::Write).verdict,
            Retryability::Conditional
        );
        assert_eq!(
            classify_status(None, 503, None, Method::Write).verdict,
            Retryability::Conditional
        );
    }

    #[test]
    fn the_reason_names_the_rule() {
        let e = by_code("InternalError")
            .find(|e| e.service == Service::Batch)
            .unwrap();
        let got = classify(e, Method::Unknown);
        assert_eq!(got.rule, "documented");
        assert!(got.reason.contains("please retry"));
        assert_eq!(
            classify_status(None, 404, None, Method::Unknown).rule,
            "status-class"
        );
    }

    #[test]
    fn every_entry_gets_a_verdict_with_a_reason() {
        for e in crate::catalog::entries() {
            let got = classify(e, Method::Unknown);
            assert!(!got.reason.is_empty(), "{}", e.code);
        }
    }

    #[test]
    fn methods_parse() {
        assert_eq!(Method::parse("post"), Some(Method::Write));
        assert_eq!(Method::parse("GET"), Some(Method::Read));
        assert_eq!(Method::parse("DELETE"), Some(Method::IdempotentWrite));
        assert_eq!(Method::parse("BREW"), None);
    }
}
