//! Matching a decoded body against the catalog.
//!
//! In order, stopping at the first step that finds something:
//! 1. the code, ignoring case (allocation-free binary search of the code
//!    index), narrowed to the service and then, when several remain, to the
//!    entries whose status is the body's; within a known service, its
//!    aliases too (`NotPrimary` in a Service Fabric body), and with none,
//!    aliases only when no service has the name as a code
//!    ([`catalog::by_name`]);
//! 2. each HRESULT found (`ErrorCode`, `InternalError`, reason phrase, ...);
//! 3. for a known service, the status (and Cosmos DB sub-status): Cosmos DB
//!    and Veeam document statuses, not codes, and Cosmos sends status names
//!    (`NotFound`) as its code.
//!
//! A code that is only an HTTP status (`409`) says nothing about which
//! service's table to read, so it matches only when the service is known; and
//! a Cosmos DB sub-status entry (`TooManyRequests`, 429/3200) applies only
//! when the response carries that sub-status.

use std::sync::OnceLock;

use super::{ErrorBody, HresultField, trim};
use crate::catalog::{self, Entry, Service};

/// Catalog entries that explain `body`, best first. `service` (for example
/// from `--service`) overrides the service inferred from the body.
pub fn matching_entries(body: &ErrorBody, service: Option<Service>) -> Vec<&'static Entry> {
    let service = service.or(body.service);
    // Cosmos DB sends `x-ms-substatus: 0` on nearly every error: it means
    // "no sub-status", and must not select the status-less `Unknown` row.
    let substatus = body.substatus.filter(|&s| s != 0);
    let wanted = |e: &&'static Entry| service.is_none_or(|s| e.service == s);
    let status = body
        .status
        .or_else(|| body.code.as_deref().and_then(implied_status));
    let mut out: Vec<&'static Entry> = Vec::new();
    let add = |out: &mut Vec<&'static Entry>, e: &'static Entry| {
        if !out.iter().any(|o| std::ptr::eq(*o, e)) {
            out.push(e);
        }
    };

    // A Cosmos DB sub-status is the most specific fact a response carries.
    if let (Some(service), Some(ss), Some(status)) = (service, substatus, status) {
        for e in
            catalog::by_status(status).filter(|e| e.service == service && e.substatus == Some(ss))
        {
            add(&mut out, e);
        }
    }
    let specific = out.len();

    // From an unknown service, a code that is only the response's own status
    // as a word (ARM's `TooManyRequests` on a 429) says nothing about which
    // service's table to read: it is not Batch's throttling code.
    let code = body.code.as_deref().map(trim).filter(|c| !c.is_empty());
    let code = code.filter(|c| {
        service.is_some()
            || is_status_number(c)
            || body.status.is_none()
            || implied_status(c) != body.status
    });
    if let Some(code) = code {
        let status_like = is_status_number(code);
        let by_code = catalog::by_name(code, service)
            // A sub-status entry applies only with that sub-status; a bare
            // status only means something within a known service.
            .filter(|e| e.substatus.is_none() || e.substatus == substatus)
            .filter(|_| service.is_some() || !status_like);
        for e in by_code {
            add(&mut out, e);
        }
        // Several meanings of one code (Batch's ConditionNotMet is 304 and 412):
        // keep those with the response's status, if any has it.
        let status = body.status.filter(|&s| {
            out.len() > specific + 1 && out[specific..].iter().any(|e| e.status == Some(s))
        });
        if let Some(status) = status {
            let mut i = 0;
            out.retain(|e| {
                i += 1;
                i <= specific || e.status == Some(status)
            });
        }
    }
    if out.len() == specific {
        for h in &body.hresults {
            for e in catalog::by_hresult(h.value.0).filter(wanted) {
                add(&mut out, e);
            }
        }
    }
    if let (true, Some(service), Some(status)) = (out.len() == specific, service, status) {
        for e in by_status_in(service, status, substatus) {
            add(&mut out, e);
        }
    }
    // A sub-status documented without a status never outranks an entry
    // that has the response's own status.
    if let Some(status) = status {
        let has_status = |e: &&Entry| e.status == Some(status);
        if out.iter().any(has_status) {
            out.sort_by_key(|e| e.status.is_none() && e.substatus.is_some());
        }
    }
    out
}

/// Entries of `service` for a status: with a sub-status, the exact
/// (status, sub-status) entries first, then sub-status-only ones; then the
/// entry named by the status itself (`"404"`).
fn by_status_in(service: Service, status: u16, substatus: Option<u32>) -> Vec<&'static Entry> {
    let mut out: Vec<&'static Entry> = Vec::new();
    if let Some(ss) = substatus {
        out.extend(
            catalog::by_status(status).filter(|e| e.service == service && e.substatus == Some(ss)),
        );
    }
    let exact = !out.is_empty();
    let mut digits = [0u8; 3];
    let name = status_digits(status, &mut digits);
    out.extend(entries_with_code(name).filter(|e| e.service == service));
    if let (Some(ss), false) = (substatus, exact) {
        // Rare: a sub-status documented without a status; after the status's
        // own entry, worth a scan of the service.
        out.extend(
            service
                .entries()
                .iter()
                .filter(|e| e.status.is_none() && e.substatus == Some(ss)),
        );
    }
    out
}

fn status_digits(status: u16, buf: &mut [u8; 3]) -> &str {
    let status = status.min(999);
    buf[0] = b'0' + (status / 100) as u8;
    buf[1] = b'0' + (status / 10 % 10) as u8;
    buf[2] = b'0' + (status % 10) as u8;
    std::str::from_utf8(buf).unwrap_or("")
}

/// The status a code stands for: `409`, or a reason phrase without spaces
/// (`NotFound`, `TooManyRequests`), as Cosmos DB writes them.
pub(super) fn implied_status(code: &str) -> Option<u16> {
    if is_status_number(code) {
        return code.parse().ok();
    }
    if code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    phrases()
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(code))
        .map(|(_, s)| *s)
}

/// Every known reason phrase, lower case without spaces or hyphens, with its
/// status; built once, since trying 500 statuses per body would cost more
/// than decoding it.
fn phrases() -> &'static [(String, u16)] {
    static TABLE: OnceLock<Vec<(String, u16)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (100..600u16)
            .filter_map(|s| {
                let phrase = crate::http::reason_phrase(s)?;
                let squeezed = phrase
                    .bytes()
                    .filter(|b| *b != b' ' && *b != b'-')
                    .map(|b| b.to_ascii_lowercase() as char)
                    .collect();
                Some((squeezed, s))
            })
            .collect()
    })
}

/// The status a code is when it is only a status number (`409`).
pub(super) fn status_number(code: &str) -> Option<u16> {
    is_status_number(code).then(|| code.parse().ok()).flatten()
}

fn is_status_number(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && matches!(code.as_bytes()[0], b'1'..=b'5')
}

/// Entries whose code equals `code` ignoring ASCII case (see [`catalog::by_code`]).
pub(super) fn entries_with_code(code: &str) -> impl Iterator<Item = &'static Entry> {
    catalog::by_code(code)
}

/// Whether a word of free text names a catalog entry: a code of any
/// service, or an exception type's name (`FabricNotPrimaryException`), the
/// one kind of alias distinctive enough to stand for its code in prose. The
/// other aliases are ordinary words elsewhere (`InvalidOperation` is also a
/// PowerShell error category) and count only where a field says they are a
/// code.
pub(super) fn is_catalog_code(code: &str) -> bool {
    entries_with_code(code).next().is_some()
        || (code.ends_with("Exception") && catalog::by_alias(code).next().is_some())
}

/// The service every catalog entry of these HRESULTs belongs to, when they agree.
pub(super) fn service_from_hresults(hresults: &[HresultField]) -> Option<Service> {
    let mut found = None;
    for h in hresults {
        for e in catalog::by_hresult(h.value.0) {
            match found {
                None => found = Some(e.service),
                Some(s) if s != e.service => return None,
                Some(_) => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::{BodyFormat, decode};
    use super::*;

    #[test]
    fn code_lookup_agrees_with_the_catalog() {
        for code in [
            "PoolNotFound",
            "poolnotfound",
            "FABRIC_E_NOT_PRIMARY",
            "conditionnotmet",
            "NoSuchCode",
            "",
            "404",
        ] {
            let mine: Vec<_> = entries_with_code(code).map(catalog::index_of).collect();
            let theirs: Vec<_> = catalog::entries()
                .iter()
                .filter(|e| e.code().eq_ignore_ascii_case(code))
                .map(catalog::index_of)
                .collect();
            assert_eq!(mine, theirs, "{code}");
        }
    }

    #[test]
    fn every_catalog_code_is_found() {
        assert!(
            catalog::entries().iter().all(|e| e.code().len() <= 128),
            "codes fit the lookup buffer"
        );
        for e in catalog::entries() {
            assert!(
                entries_with_code(e.code()).any(|f| std::ptr::eq(f, e)),
                "{}",
                e.code()
            );
        }
    }

    #[test]
    fn status_disambiguates_a_code() {
        let mut b = ErrorBody::new(BodyFormat::Json);
        b.code = Some("ConditionNotMet".into());
        b.status = Some(412);
        let m = matching_entries(&b, Some(Service::Batch));
        assert_eq!(
            m.iter().map(|e| e.status).collect::<Vec<_>>(),
            vec![Some(412)]
        );
        b.status = None;
        assert_eq!(matching_entries(&b, Some(Service::Batch)).len(), 2);
    }

    #[test]
    fn iis_hresult_finds_the_entry() {
        let b = decode(b"<SmoothStreaming xmlns=\"http://schemas.microsoft.com/iis/media/2011/03/streaming/management\"><Error><ErrorCode>0x8088002E</ErrorCode><ErrorMessage>The publishing point was not found.</ErrorMessage><InternalError>0x80070002</InternalError></Error></SmoothStreaming>");
        let m = matching_entries(&b, None);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].code(), "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND");
    }

    #[test]
    fn cosmos_status_name_and_substatus() {
        let b = decode(b"HTTP/1.1 404 Not Found\r\nx-ms-substatus: 1002\r\nx-ms-activity-id: a-1\r\n\r\n{\"code\":\"NotFound\",\"message\":\"Message: {\\\"Errors\\\":[\\\"Read session is not available\\\"]}\"}");
        assert_eq!(b.service, Some(Service::Cosmos));
        let m = matching_entries(&b, None);
        assert!(m.len() >= 2, "{m:?}");
        assert_eq!((m[0].status, m[0].substatus), (Some(404), Some(1002)));
        assert_eq!(m.last().unwrap().code(), "404");
        let b = decode(b"HTTP/1.1 429 Too Many Requests\r\nx-ms-substatus: 3200\r\n\r\n{\"code\":\"429\",\"message\":\"Request rate is large. ActivityId: x\"}");
        let m = matching_entries(&b, None);
        assert_eq!(
            m.iter().map(|e| e.code()).collect::<Vec<_>>(),
            vec!["RUBudgetExceeded", "429"]
        );
        // Without headers the status name still leads to the status entry.
        let b = decode(
            b"{\"code\":\"TooManyRequests\",\"message\":\"Request rate is large. ActivityId: x\"}",
        );
        let m = matching_entries(&b, None);
        assert_eq!(m.iter().map(|e| e.code()).collect::<Vec<_>>(), vec!["429"]);
    }

    #[test]
    fn bare_status_codes_need_a_service() {
        let b = decode(b"<Error><Code>409</Code><Detail>Conflict.</Detail></Error>");
        assert!(matching_entries(&b, None).is_empty());
        let m = matching_entries(&b, Some(Service::Veeam));
        assert_eq!(
            m.iter().map(|e| e.code()).collect::<Vec<_>>(),
            Vec::<&str>::new()
        );
        let m = matching_entries(&b, Some(Service::Cosmos));
        assert_eq!(m.iter().map(|e| e.code()).collect::<Vec<_>>(), vec!["409"]);
    }

    #[test]
    fn implied_statuses() {
        assert_eq!(implied_status("NotFound"), Some(404));
        assert_eq!(implied_status("toomanyrequests"), Some(429));
        assert_eq!(implied_status("RequestTimeout"), Some(408));
        assert_eq!(implied_status("409"), Some(409));
        assert_eq!(implied_status("PoolNotFound"), None);
    }

    #[test]
    fn hresults_name_a_service() {
        let b = decode(b"<Error><Code>Failed</Code><Message>hr 0x80071BCD</Message></Error>");
        assert!(b.hresults.iter().any(|h| h.value.0 == 0x8007_1BCD));
    }
}
