//! The retry verdicts, over the whole catalog: the services' own rules hold
//! for every entry, no rule drifts from another, and a raw response built for
//! each entry gets that entry's verdict whatever the method and whether or
//! not it carries `x-ms-substatus: 0`.

use errcode_cli::catalog::{self, Entry, Service};
use errcode_cli::explain::{Hints, explain};
use errcode_cli::retry::{Method, Retryability, classify, classify_status};

const METHODS: [Method; 4] = [
    Method::Unknown,
    Method::Read,
    Method::IdempotentWrite,
    Method::Write,
];

fn entry(service: Service, code: &str) -> &'static Entry {
    catalog::by_code(code)
        .find(|e| e.service == service)
        .unwrap_or_else(|| panic!("{code} is not a {service:?} entry"))
}

#[test]
fn service_fabric_follows_its_clients_retry_lists() {
    for code in [
        "FABRIC_E_GATEWAY_NOT_REACHABLE",
        "FABRIC_E_SERVICE_TOO_BUSY",
        "FABRIC_E_TIMEOUT",
        "FABRIC_E_COMMUNICATION_ERROR",
        "FABRIC_E_NOT_PRIMARY",
        "FABRIC_E_RECONFIGURATION_PENDING",
        "FABRIC_E_NO_WRITE_QUORUM",
        "FABRIC_E_SERVICE_OFFLINE",
        "E_ABORT",
    ] {
        let v = classify(entry(Service::Fabric, code), Method::Unknown);
        assert_eq!(v.verdict, Retryability::Retry, "{code}: {}", v.reason);
        assert_eq!(v.rule, "service-guidance", "{code}");
        assert!(v.source.contains("service-fabric"), "{code}: {}", v.source);
    }
}

#[test]
fn codes_that_mean_an_earlier_attempt_took_effect_say_so() {
    for code in [
        "FABRIC_E_PRIMARY_ALREADY_EXISTS",
        "FABRIC_E_SECONDARY_ALREADY_EXISTS",
        "FABRIC_E_FABRIC_ALREADY_IN_TARGET_VERSION",
        "FABRIC_E_STOP_IN_PROGRESS",
    ] {
        let v = classify(entry(Service::Fabric, code), Method::Unknown);
        assert!(v.already_done, "{code}");
        assert_eq!(v.verdict, Retryability::NoRetry, "{code}");
        assert!(
            v.reason.contains("already took effect"),
            "{code}: {}",
            v.reason
        );
    }
    let v = classify(entry(Service::Fabric, "FABRIC_E_TIMEOUT"), Method::Unknown);
    assert!(!v.already_done);
}

#[test]
fn fabric_codes_the_gateway_maps_to_500_by_default_are_deterministic() {
    let deterministic: Vec<&Entry> = catalog::entries()
        .iter()
        .filter(|e| e.service == Service::Fabric && e.status == Some(500))
        .filter(|e| {
            let c = e.code();
            c.ends_with("_NOT_FOUND")
                || c.ends_with("_ALREADY_EXISTS")
                || c.ends_with("_NOT_SUPPORTED")
                || c.contains("INVALID_")
        })
        .collect();
    assert!(deterministic.len() >= 15, "{}", deterministic.len());
    for e in deterministic {
        let v = classify(e, Method::Unknown);
        if v.already_done {
            continue;
        }
        assert_eq!(
            v.verdict,
            Retryability::NoRetry,
            "{}: {}",
            e.code(),
            v.reason
        );
    }
}

#[test]
fn cosmos_follows_its_guidance_table() {
    let c = |status, sub| classify_status(Some(Service::Cosmos), status, sub, Method::Unknown);
    for status in [408, 410, 429, 449, 503] {
        for sub in [None, Some(0)] {
            assert_eq!(
                c(status, sub).verdict,
                Retryability::Retry,
                "{status} {sub:?}"
            );
        }
    }
    assert_eq!(c(404, Some(1002)).verdict, Retryability::Retry);
    assert_eq!(c(404, Some(0)).verdict, Retryability::NoRetry);
    assert_eq!(c(412, None).verdict, Retryability::Conditional);
    assert!(c(412, None).reason.contains("ETag"));
    assert_eq!(c(403, Some(3)).verdict, Retryability::Conditional);
    assert_eq!(c(408, Some(20901)).verdict, Retryability::NoRetry);
    let v = c(500, None);
    assert_eq!(v.verdict, Retryability::Conditional);
    assert!(v.reason.contains("disagree"), "{}", v.reason);
}

#[test]
fn every_cosmos_412_substatus_has_its_own_meaning() {
    let subs: Vec<&Entry> = catalog::entries()
        .iter()
        .filter(|e| e.service == Service::Cosmos && e.status == Some(412) && e.substatus.is_some())
        .collect();
    assert!(subs.len() >= 100, "{}", subs.len());
    for e in subs {
        let v = classify(e, Method::Unknown);
        assert_eq!(v.rule, "cosmos-412-substatus", "{}", e.code());
        assert!(!v.reason.contains("ETag is stale"), "{}", e.code());
        assert!(v.reason.contains(e.code()), "{}: {}", e.code(), v.reason);
    }
}

#[test]
fn batch_follows_its_sdk_policy_and_the_responses_category() {
    let b = |status| classify_status(Some(Service::Batch), status, None, Method::Unknown).verdict;
    assert_eq!(b(500), Retryability::Retry);
    assert_eq!(b(502), Retryability::Retry);
    assert_eq!(b(408), Retryability::Retry);
    assert_eq!(b(429), Retryability::Retry);
    assert_eq!(b(409), Retryability::NoRetry);
    assert_eq!(b(501), Retryability::NoRetry);
    assert_eq!(b(505), Retryability::NoRetry);
    let body = br#"{"failureInfo":{"category":"UserError","code":"ContainerPoolNotSupported","message":"m"}}"#;
    let x = explain(body, &Hints::default());
    let v = x.verdict.expect("a verdict");
    assert_eq!(v.verdict, Retryability::NoRetry);
    assert_eq!(v.rule, "response-category");
}

#[test]
fn a_write_that_timed_out_may_have_been_applied() {
    for (service, status) in [
        (Service::Cosmos, 408),
        (Service::Cosmos, 503),
        (Service::Fabric, 504),
        (Service::Batch, 503),
    ] {
        let v = classify_status(Some(service), status, None, Method::Write);
        assert_eq!(v.verdict, Retryability::Conditional, "{service:?} {status}");
        assert_eq!(v.rule, "write-safety");
        let v = classify_status(Some(service), status, None, Method::IdempotentWrite);
        assert_eq!(v.verdict, Retryability::Retry, "{service:?} {status} PUT");
    }
    // 449 Retry With is for writes: still retry.
    let v = classify_status(Some(Service::Cosmos), 449, None, Method::Write);
    assert_eq!(v.verdict, Retryability::Retry);
}

/// A meaning that tells the caller to retry is never answered plain no-retry.
#[test]
fn an_entry_that_says_retry_is_never_no_retry() {
    let says_retry = |m: &str| {
        let m = m.to_ascii_lowercase();
        let positive = [
            "please retry",
            "safe to retry",
            "try again",
            "retry once",
            "retry after",
            "retry later",
        ];
        let negative = [
            "do not retry",
            "don't retry",
            "not retry",
            "retrying adds",
            "no retry",
            "without retry",
            "not be retried",
            "never retr",
            "retries are exhausted",
            "retries already",
            "already retried",
        ];
        positive.iter().any(|p| m.contains(p)) && !negative.iter().any(|n| m.contains(n))
    };
    let mut wrong = Vec::new();
    for e in catalog::entries() {
        let v = classify(e, Method::Unknown);
        if says_retry(e.message()) && v.verdict == Retryability::NoRetry && !v.already_done {
            wrong.push(format!("{:?} {}: {}", e.service, e.code(), v.reason));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_verdict_names_its_rule_and_source() {
    for e in catalog::entries() {
        for m in METHODS {
            let v = classify(e, m);
            assert!(!v.reason.is_empty(), "{}", e.code());
            assert!(!v.rule.is_empty(), "{}", e.code());
            assert!(!v.source.is_empty(), "{}", e.code());
        }
    }
}

/// A raw response for an entry, as its service would send it.
fn raw_response(e: &Entry, status: u16, zero_substatus: bool) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\n");
    let body = match e.service {
        Service::Cosmos => {
            let sub = e.substatus.unwrap_or(0);
            if sub != 0 || zero_substatus {
                head.push_str(&format!("x-ms-substatus: {sub}\r\n"));
            }
            format!(
                r#"{{"code":"{}","message":"m"}}"#,
                errcode_cli::http::status_name(status).unwrap_or("Error")
            )
        }
        Service::Fabric => {
            if zero_substatus {
                head.push_str("x-ms-substatus: 0\r\n");
            }
            format!(r#"{{"Error":{{"Code":"{}","Message":"m"}}}}"#, e.code())
        }
        _ => {
            if zero_substatus {
                head.push_str("x-ms-substatus: 0\r\n");
            }
            if e.code().parse::<u16>().is_ok() {
                r#"{"message":"m"}"#.to_string()
            } else {
                head.push_str(&format!("x-ms-error-code: {}\r\n", e.code()));
                format!(r#"{{"code":"{}","message":"m"}}"#, e.code())
            }
        }
    };
    let mut raw = head.into_bytes();
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body.as_bytes());
    raw
}

/// Every catalog entry with an error status, sent as a raw response with and
/// without `x-ms-substatus: 0` and with each method, gets its entry's verdict.
#[test]
fn a_raw_response_for_every_entry_gets_that_entrys_verdict() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for e in catalog::entries() {
        let Some(status) = e.status.filter(|s| *s >= 400) else {
            continue;
        };
        for zero in [false, true] {
            let raw = raw_response(e, status, zero);
            for method in METHODS {
                let hints = Hints {
                    service: Some(e.service),
                    method,
                    ..Hints::default()
                };
                let x = explain(&raw, &hints);
                let got = x.verdict.map(|v| v.verdict);
                // Where the catalog lists two entries for one pair (412.2022
                // from two sources), the response names either.
                let same = |c: &&Entry| {
                    c.service == e.service
                        && (c.code() == e.code()
                            || (c.status, c.substatus) == (e.status, e.substatus))
                };
                let chosen = x.entry.filter(same).unwrap_or(e);
                let want = classify(chosen, method).verdict;
                checked += 1;
                if got != Some(want) {
                    wrong.push(format!(
                        "{:?} {} {status} zero={zero} {method:?}: got {got:?}, want {want:?}",
                        e.service,
                        e.code()
                    ));
                }
            }
        }
    }
    assert!(checked > 2000, "{checked}");
    assert!(
        wrong.is_empty(),
        "{} of {checked} wrong:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(40)].join("\n")
    );
}
