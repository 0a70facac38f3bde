//! Retry verdicts: should a client send the same request again?
//!
//! The verdict follows what the response says and the service that answered,
//! by that service's own client rules, because the services disagree (Cosmos
//! DB documents 408/410/429/449/503 as retryable and 500 as "contact
//! support"; Batch's SDK retries every 5xx). Rules are tried in order; the
//! verdict names the rule and the source it came from, so a script's log
//! says why it retried:
//!
//! 1. `response-category`: a Batch scheduling error's own `category`
//!    (`UserError`, `ServerError`) wins over the catalog row's;
//! 2. `write-safety`: a POST or PATCH that timed out (408, 504, a timeout
//!    code) or got 503 may have been applied: conditional;
//! 3. `service-guidance`: the services' own clients and documentation
//!    (`data/retry-guidance.tsv`): Service Fabric's FabricClient retry lists
//!    and REST client transient set, including the codes that mean an
//!    earlier attempt already took effect; Cosmos DB's status and sub-status
//!    table;
//! 4. `cosmos-412-substatus`: a Cosmos DB 412 with a sub-status is that
//!    sub-status's own precondition, not an ETag mismatch;
//! 5. `deterministic`: Service Fabric codes the gateway answers with 500
//!    only because it has no mapping for them (`*_NOT_FOUND`,
//!    `*_ALREADY_EXISTS`, `INVALID_*`, ...) fail the same way again;
//! 6. `service`: Service Fabric's 503 (reconfiguring) and 504 (timeout)
//!    codes and "in progress" states, Batch's changing resource states;
//! 7. `batch-sdk`: the Batch SDK's retry policy: every status but 4xx, except
//!    408 and 429, never 501 or 505;
//! 8. `documented`: the entry's own words ("Please retry your request", "It
//!    is safe to retry the operation", "retry once ... is over");
//! 9. `status-class`: 408/429/503/504 retry, other 5xx conditional, 4xx no.

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
    /// Which rule applied (see [the module docs](self)).
    pub rule: &'static str,
    /// Where the rule comes from: a client's source file, a documentation
    /// page, or the entry's own source document.
    pub source: &'static str,
    /// The failure says an earlier attempt already took effect (Service
    /// Fabric's `AlreadyPrimaryReplica`, `FabricAlreadyInTargetVersion`):
    /// there is nothing left to retry.
    pub already_done: bool,
}

fn v(verdict: Retryability, rule: &'static str, reason: impl Into<String>) -> Verdict {
    Verdict {
        verdict,
        reason: reason.into(),
        rule,
        source: source_of(rule),
        already_done: false,
    }
}

/// The source of a rule that has one fixed source.
fn source_of(rule: &str) -> &'static str {
    match rule {
        "batch-sdk" => citation("batch-sdk"),
        "deterministic" | "service" => citation("sf-gateway"),
        "response-category" => "the response's own category field",
        _ => citation("http"),
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

/// One rule of `data/retry-guidance.tsv`, the services' own retry rules
/// (compiled by build.rs into the sorted tables below).
#[derive(Debug, Clone, Copy)]
struct Guidance {
    verdict: Retryability,
    already_done: bool,
    reason: Str,
    source: Str,
}

use crate::catalog::Str;

include!(concat!(env!("OUT_DIR"), "/retry_guidance.rs"));

/// Cosmos DB's key for `status.*`.
const ANY_SUBSTATUS: u32 = u32::MAX;
/// Cosmos DB's key for the plain status.
const PLAIN_STATUS: u32 = u32::MAX - 1;

fn fabric_guidance(code: &str) -> Option<&'static Guidance> {
    let i = FABRIC_GUIDANCE
        .binary_search_by(|(k, _)| k.get().cmp(code))
        .ok()?;
    Some(&FABRIC_GUIDANCE[i].1)
}

fn cosmos_guidance(status: u16, substatus: u32) -> Option<&'static Guidance> {
    let key = (status, substatus);
    let i = COSMOS_GUIDANCE
        .binary_search_by(|(k, _)| k.cmp(&key))
        .ok()?;
    Some(&COSMOS_GUIDANCE[i].1)
}

/// The citation of a source key of `data/retry-guidance.tsv`.
fn citation(key: &str) -> &'static str {
    CITATIONS
        .iter()
        .find(|(k, _)| k.get() == key)
        .map_or("RFC 9110 status semantics", |(_, text)| text.get())
}

fn from_guidance(g: &Guidance, what: std::fmt::Arguments) -> Verdict {
    Verdict {
        verdict: g.verdict,
        reason: format!("{what}: {}", g.reason.get()),
        rule: "service-guidance",
        source: g.source.get(),
        already_done: g.already_done,
    }
}

/// Phrases in the catalog's meanings that tell the client to retry.
const RETRY_WORDS: &[&str] = &[
    "please retry",
    "safe to retry",
    "please try again",
    "and try again",
    "try again later",
    "retry your request",
    "retry the request",
    "retry the operation",
    "retry once",
    "retry after",
    "retry later",
    "so retry",
    "; retry",
];

/// The first of [`RETRY_WORDS`] in `message` (the one ending first, as an
/// Aho-Corasick search reports it), ignoring ASCII case. A plain search of
/// the lowercased meaning: building an automaton for two dozen phrases cost
/// more than the rest of a `lookup` (issue 11), and no two phrases can end
/// at the same place.
fn retry_words(message: &str) -> Option<&'static str> {
    let lower = message.to_ascii_lowercase();
    RETRY_WORDS
        .iter()
        .filter_map(|w| lower.find(w).map(|at| (at + w.len(), *w)))
        .min_by_key(|&(end, _)| end)
        .map(|(_, w)| w)
}

/// [`retry_words`] of an entry's meaning, found once per entry and
/// remembered (`decode --lines` judges the same few entries a million times).
fn entry_retry_words(e: &Entry) -> Option<&'static str> {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = u8::MAX;
    const NONE: u8 = u8::MAX - 1;
    // In the binary's data, ready at start-up: no allocation, no set-up loop.
    static FOUND: [AtomicU8; crate::catalog::ENTRY_COUNT] =
        [const { AtomicU8::new(UNKNOWN) }; crate::catalog::ENTRY_COUNT];
    let entries = crate::catalog::entries();
    let offset = (e as *const Entry as usize).wrapping_sub(entries.as_ptr() as usize);
    let Some(slot) = Some(offset / std::mem::size_of::<Entry>())
        .filter(|&i| i < entries.len() && std::ptr::eq(&entries[i], e))
        .map(|i| &FOUND[i])
    else {
        return retry_words(e.message());
    };
    let cached = slot.load(Ordering::Relaxed);
    if cached != UNKNOWN {
        return RETRY_WORDS.get(usize::from(cached)).copied();
    }
    let found = retry_words(e.message());
    let index = found.and_then(|w| RETRY_WORDS.iter().position(|x| *x == w));
    slot.store(index.map_or(NONE, |i| i as u8), Ordering::Relaxed);
    found
}

/// What a verdict is decided from: the response's facts, falling back to
/// the entry's.
#[derive(Debug, Clone, Copy)]
struct Facts<'a> {
    service: Option<Service>,
    status: Option<u16>,
    substatus: Option<u32>,
    code: &'a str,
    entry: Option<&'a Entry>,
    method: Method,
}

/// The verdict for a catalog entry, as its own response would get it.
///
/// ```
/// use errcode_cli::catalog::{by_code, Service};
/// use errcode_cli::retry::{classify, Method, Retryability};
///
/// let e = by_code("FABRIC_E_GATEWAY_NOT_REACHABLE").next().unwrap();
/// assert_eq!(classify(e, Method::Unknown).verdict, Retryability::Retry);
/// let e = by_code("FABRIC_E_PRIMARY_ALREADY_EXISTS").next().unwrap();
/// assert!(classify(e, Method::Unknown).already_done);
/// ```
pub fn classify(e: &Entry, method: Method) -> Verdict {
    decide(Facts {
        service: Some(e.service),
        status: e.status,
        substatus: e.substatus,
        code: e.code(),
        entry: Some(e),
        method,
    })
}

/// The verdict for a failure: from what the response itself says and the
/// entry that describes it. The response's own facts win over the catalog
/// row's: a Batch `failureInfo` whose `category` is `UserError` is a user
/// error whatever the catalog lists, and the response's status and
/// sub-status are judged, not the entry's. `None` when there is nothing to
/// judge by (no entry, no status, no code).
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
    let status = body.status.or(entry.and_then(|e| e.status));
    let code = entry.map(|e| e.code()).or(body.code.as_deref());
    if entry.is_none() && status.is_none() {
        return code.and_then(code_name_verdict);
    }
    Some(decide(Facts {
        service: entry.map(|e| e.service).or(service),
        status,
        substatus: body.substatus.or(entry.and_then(|e| e.substatus)),
        code: code.unwrap_or(""),
        entry,
        method,
    }))
}

/// The rules of [the module docs](self), from rule 2 on.
fn decide(f: Facts) -> Verdict {
    use Retryability::*;
    // `FABRIC_E_TIMEOUT`, `OperationTimedOut`: checked only for writes.
    let timeout_code = |code: &str| {
        code.as_bytes()
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"timeout") || w.eq_ignore_ascii_case(b"timedou"))
    };
    if f.method == Method::Write
        && (matches!(f.status, Some(408 | 503 | 504)) || timeout_code(f.code))
    {
        return v(
            Conditional,
            "write-safety",
            format!(
                "{}: a POST or PATCH that timed out or met an unavailable service may already have been applied; retry only if repeating it is safe",
                f.status
                    .map_or_else(|| f.code.to_string(), |s| s.to_string())
            ),
        );
    }
    match f.service {
        Some(Service::Fabric) => {
            if let Some(g) = fabric_guidance(f.code) {
                return from_guidance(g, format_args!("Service Fabric"));
            }
            if let Some(verdict) = fabric(f.code, f.status) {
                return verdict;
            }
        }
        Some(Service::Cosmos) => {
            if let Some(verdict) = cosmos(f.status, f.substatus, f.entry) {
                return verdict;
            }
        }
        Some(Service::Batch) => {
            if let Some(verdict) = f.entry.and_then(batch) {
                return verdict;
            }
        }
        Some(Service::IisMedia | Service::Veeam) | None => {}
    }
    if let Some(e) = f.entry {
        if let Some(words) = entry_retry_words(e) {
            let mut verdict = v(
                Retry,
                "documented",
                format!(
                    "the {} documentation says \"{}\"",
                    e.service.name(),
                    words.trim_start_matches("; ")
                ),
            );
            verdict.source = e.source().title;
            return verdict;
        }
    }
    if let (Some(Service::Batch), Some(status)) = (f.service, f.status) {
        return batch_sdk(status);
    }
    match f.status {
        Some(s) => by_status_class(s, f.method),
        None => v(
            NoRetry,
            "status-class",
            "reported without an HTTP status and not documented as transient",
        ),
    }
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
///
/// ```
/// use errcode_cli::catalog::Service;
/// use errcode_cli::retry::{classify_status, Method, Retryability};
///
/// let v = classify_status(Some(Service::Cosmos), 410, Some(0), Method::Unknown);
/// assert_eq!(v.verdict, Retryability::Retry);
/// let v = classify_status(Some(Service::Batch), 500, None, Method::Unknown);
/// assert_eq!(v.rule, "batch-sdk");
/// ```
pub fn classify_status(
    service: Option<Service>,
    status: u16,
    substatus: Option<u32>,
    method: Method,
) -> Verdict {
    decide(Facts {
        service,
        status: Some(status),
        substatus,
        code: "",
        entry: None,
        method,
    })
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

/// Cosmos DB: the guidance table by status and sub-status, most specific
/// first; a 412 with a sub-status is judged by that sub-status's meaning.
fn cosmos(status: Option<u16>, substatus: Option<u32>, entry: Option<&Entry>) -> Option<Verdict> {
    let status = status?;
    if let Some(s) = substatus.filter(|&s| s != 0) {
        if let Some(g) = cosmos_guidance(status, s) {
            return Some(from_guidance(g, format_args!("Cosmos DB {status}.{s}")));
        }
        if status == 412 {
            return Some(cosmos_412_substatus(s, entry));
        }
    }
    cosmos_guidance(status, ANY_SUBSTATUS)
        .or_else(|| cosmos_guidance(status, PLAIN_STATUS))
        .map(|g| from_guidance(g, format_args!("Cosmos DB {status}")))
}

/// A Cosmos DB 412 with a sub-status: a precondition inside the service
/// (a lock, a concurrent change, a disabled feature), not the ETag check,
/// so re-reading for a new ETag does not apply.
fn cosmos_412_substatus(substatus: u32, entry: Option<&Entry>) -> Verdict {
    use Retryability::*;
    let e = entry.filter(|e| e.substatus == Some(substatus));
    let (name, meaning) = e.map_or(("", ""), |e| (e.code(), e.message()));
    let lower = meaning.to_ascii_lowercase();
    let transient = [
        "lock",
        "in progress",
        "updated",
        "busy",
        "pending",
        "not yet",
        "concurrent",
    ]
    .iter()
    .any(|w| lower.contains(w));
    let what = if name.is_empty() {
        format!("Cosmos DB 412.{substatus}")
    } else {
        format!("Cosmos DB 412.{substatus} ({name})")
    };
    let mut verdict = if transient {
        v(
            Retry,
            "cosmos-412-substatus",
            format!(
                "{what}: a precondition inside the service that clears by itself (a lock or a concurrent change), not a stale ETag; retry with backoff"
            ),
        )
    } else {
        v(
            NoRetry,
            "cosmos-412-substatus",
            format!(
                "{what}: a precondition inside the service, not a stale ETag; the same request will fail again"
            ),
        )
    };
    verdict.source = e.map_or_else(|| citation("cosmos-resilient"), |e| e.source().title);
    verdict
}

/// Whether a Service Fabric code's name says it fails the same way each
/// time (a missing or existing object, an invalid argument).
fn fabric_deterministic(code: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "_NOT_FOUND",
        "_EXISTS",
        "_DOES_NOT_EXIST",
        "_NOT_EMPTY",
        "_MISMATCH",
        "_NOT_SUPPORTED",
        "_NOT_ALLOWED",
        "_CANNOT_BE_CHANGED",
        "_IN_USE",
        "_DISABLED",
        "_IS_ENABLED",
        "_INVALID",
        "_REACHED",
        "_ALREADY_IN_REQUESTED_STATE",
        "_ALREADY_LISTENING",
    ];
    let c = code.strip_prefix("FABRIC_E_").unwrap_or(code);
    ENDINGS.iter().any(|e| c.ends_with(e))
        || c.starts_with("INVALID_")
        || c.contains("_INVALID_")
        || c.contains("INCOMPATIBLE")
}

/// Service Fabric: codes the gateway answers with 500 for want of a mapping
/// are deterministic when their name says so; 503 codes are reconfiguration
/// states and 504 codes timeouts, both transient; "in progress" states
/// clear by themselves.
fn fabric(code: &str, status: Option<u16>) -> Option<Verdict> {
    use Retryability::*;
    let r = "service";
    if fabric_deterministic(code) && matches!(status, None | Some(500)) {
        return Some(v(
            NoRetry,
            "deterministic",
            format!(
                "{code}: the object is missing or already exists, or an argument is invalid, so the same request fails again (the gateway answers 500 for codes it has no status for)"
            ),
        ));
    }
    if code.ends_with("_IN_PROGRESS") {
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
        504 => v(
            Retry,
            r,
            "Service Fabric 504: a timeout or communication failure inside the cluster; retry",
        ),
        _ => return None,
    })
}

/// Batch: transient resource states and scheduling errors by category.
fn batch(e: &Entry) -> Option<Verdict> {
    use Retryability::*;
    let r = "service";
    let code = e.code();
    let transient_state = ["Being", "TooMany"].iter().any(|w| code.contains(w))
        && e.status == Some(409)
        || code == "TooManyEnableAutoScaleRequests";
    let mut verdict = if transient_state {
        v(
            Conditional,
            r,
            "Batch: the resource is changing state; retry after the operation in progress completes",
        )
    } else if e.status.is_none() {
        match e.category() {
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
        }
    } else {
        return None;
    };
    verdict.source = e.source().title;
    Some(verdict)
}

/// The Batch SDK's retry policy by status: every status but 4xx, except
/// 408 and 429; never 501 or 505.
fn batch_sdk(status: u16) -> Verdict {
    use Retryability::*;
    match status {
        200..=399 => v(NoRetry, "batch-sdk", "not an error: nothing to retry"),
        408 | 429 => v(
            Retry,
            "batch-sdk",
            format!("Batch {status}: the Batch SDK retries it with backoff"),
        ),
        501 | 505 => v(
            NoRetry,
            "batch-sdk",
            format!(
                "Batch {status}: the server does not support the request; the Batch SDK never retries it"
            ),
        ),
        400..=499 => v(
            NoRetry,
            "batch-sdk",
            format!("Batch {status}: a client error; the Batch SDK does not retry it"),
        ),
        _ => v(
            Retry,
            "batch-sdk",
            format!("Batch {status}: a server error; the Batch SDK retries it with backoff"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::by_code;

    /// `retry_words` reports the phrase that ends first; that is one phrase
    /// only if none is a suffix of another. It lowercases the meaning, so the
    /// phrases must be lowercase.
    #[test]
    fn retry_words_end_apart_and_are_lowercase() {
        for a in RETRY_WORDS {
            assert_eq!(*a, a.to_ascii_lowercase());
            for b in RETRY_WORDS {
                assert!(a == b || !a.ends_with(b), "{a:?} ends with {b:?}");
            }
        }
        assert_eq!(
            retry_words("Busy. Please RETRY later, or retry later."),
            Some("please retry")
        );
        assert_eq!(
            retry_words("Wait and try again later."),
            Some("and try again")
        );
        assert_eq!(retry_words("No such thing."), None);
    }

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
        assert_eq!(verdict("500", Service::Cosmos), Conditional);
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
            assert!(!got.reason.is_empty(), "{}", e.code());
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
