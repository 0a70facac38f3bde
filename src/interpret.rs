//! What a bare value can be: `errcode 0x80071BC6`, `errcode 503`,
//! `errcode FABRIC_E_NOT_PRIMARY` and `errcode 137` take the value itself, as
//! Err.exe and errno(1) do, and show every reading that names something.
//!
//! The readings, best first: a code or Windows name (the most specific
//! thing a person can paste), an HRESULT, an HTTP status (or
//! `status.substatus`), a Cosmos DB sub-status, a process exit code.

use crate::{catalog, hresult, http, process_exit, windows};

/// What a value was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A catalog code, alias or entry id, or a Windows name (any case).
    Code,
    /// An HRESULT in any accepted form (`0x80071BC6`, `-2147017786`, ...).
    Hresult,
    /// An HTTP status, or `status.substatus` (`404.1002`).
    Status,
    /// A Cosmos DB sub-status number (`1002`).
    Substatus,
    /// A process exit code (`137`, `0xC0000005`, `-1073741819`).
    Exit,
}

impl Kind {
    /// `code`, `hresult`, `status`, `substatus` or `exit`: the `kind` of JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Code => "code",
            Kind::Hresult => "hresult",
            Kind::Status => "status",
            Kind::Substatus => "substatus",
            Kind::Exit => "exit",
        }
    }

    /// `an HRESULT`, for headings: `0x80071BC6 as an HRESULT`.
    pub fn phrase(self) -> &'static str {
        match self {
            Kind::Code => "a code",
            Kind::Hresult => "an HRESULT",
            Kind::Status => "an HTTP status",
            Kind::Substatus => "a Cosmos DB sub-status",
            Kind::Exit => "a process exit code",
        }
    }
}

/// Every reading of `value` that names something, best first.
///
/// A plain small number is not offered as an HRESULT (`5` is a success
/// code no one pastes); it is one in hex, negative, or from 0x80000000 up.
///
/// ```
/// use errcode_cli::interpret::{Kind, readings};
/// assert_eq!(readings("FABRIC_E_NOT_PRIMARY"), [Kind::Code]);
/// assert_eq!(readings("0x80071BC6")[0], Kind::Hresult);
/// assert!(readings("503").contains(&Kind::Status));
/// assert!(readings("137").contains(&Kind::Exit));
/// assert!(readings("no-such-thing").is_empty());
/// ```
pub fn readings(value: &str) -> Vec<Kind> {
    let v = value.trim();
    let mut kinds = Vec::new();
    if v.is_empty() {
        return kinds;
    }
    let names_code = catalog::by_name(v, None).next().is_some()
        || (v.contains(':') && catalog::by_id(v).is_some())
        || windows::by_name(v).next().is_some();
    if names_code {
        kinds.push(Kind::Code);
    }
    if let Ok((h, notation)) = hresult::parse(v) {
        let plain_small = notation == hresult::Notation::Decimal && h < 0x8000_0000;
        let named = catalog::by_hresult(h).next().is_some() || !windows::names_for(h).is_empty();
        if !plain_small && (named || h >= 0x8000_0000) {
            kinds.push(Kind::Hresult);
        }
    }
    if let Ok((status, sub)) = http::parse_status(v) {
        let named = http::reason_phrase(status).is_some()
            || !catalog::with_status(status, sub, None).is_empty();
        if named {
            kinds.push(Kind::Status);
        }
    }
    if v.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = v.parse::<u32>() {
            if catalog::entries().iter().any(|e| e.substatus == Some(n)) {
                kinds.push(Kind::Substatus);
            }
        }
    }
    if let Ok(code) = process_exit::parse(v) {
        if !process_exit::explain(v, code).readings.is_empty() {
            kinds.push(Kind::Exit);
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_in_order() {
        assert_eq!(readings("fabric_e_not_primary"), [Kind::Code]);
        assert_eq!(readings("ERROR_ACCESS_DENIED"), [Kind::Code]);
        let h = readings("0x80071BC6");
        assert_eq!(h[0], Kind::Hresult);
        assert!(!h.contains(&Kind::Status), "{h:?}");
        assert_eq!(readings("404.1002"), [Kind::Status]);
        let n = readings("1002");
        assert!(
            n.contains(&Kind::Substatus) && !n.contains(&Kind::Hresult),
            "{n:?}"
        );
        assert!(!readings("5").contains(&Kind::Hresult));
        assert!(readings("-2147017786").contains(&Kind::Hresult));
        let e = readings("137");
        assert!(
            e.contains(&Kind::Exit) && !e.contains(&Kind::Hresult),
            "{e:?}"
        );
        assert!(readings("0xC0000005").contains(&Kind::Exit));
        assert!(readings("").is_empty() && readings("   ").is_empty());
        assert!(readings("zzqxv").is_empty());
    }
}
