//! HRESULT parsing and structure (the layout winerror.h documents).
//!
//! ```text
//!  3 3 2 2 2 2 2 2 2 2 2 2 1 1 1 1 1 1 1 1 1 1
//!  1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
//! +-+-+-+-+-+---------------------+-------------------------------+
//! |S|R|C|N|X|      Facility       |              Code             |
//! +-+-+-+-+-+---------------------+-------------------------------+
//! ```

use crate::packed::{Packed, text_len};

use std::fmt;

use serde::Serialize;

/// Why a text is not an HRESULT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing to read.
    Empty,
    /// Not a number in any accepted form.
    Invalid,
    /// A number, but wider than 32 bits.
    TooWide,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseError::Empty => "empty value",
            ParseError::Invalid => "expected hex like 0x8088002E or a decimal",
            ParseError::TooWide => "wider than 32 bits",
        })
    }
}

impl std::error::Error for ParseError {}

/// How the text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notation {
    /// `0x8088002E`, `8088002E`, `0x8088002EL`.
    Hex,
    /// `2156396590`.
    Decimal,
    /// `-2138570706` (the HRESULT as a C `long`).
    SignedDecimal,
}

/// Reads an HRESULT: hex when it has a `0x` prefix or hex letters (a C
/// header's `L` suffix is allowed), otherwise unsigned or signed decimal.
pub fn parse(text: &str) -> Result<(u32, Notation), ParseError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ParseError::Empty);
    }
    let (body, prefixed) = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let has_hex_letters = body.bytes().any(|b| matches!(b, b'a'..=b'f' | b'A'..=b'F'));
    if prefixed || has_hex_letters {
        // C headers write `0x8088002EL`; a trailing L is a suffix, never a digit.
        let digits = ["UL", "ul", "L", "l"]
            .iter()
            .find_map(|suffix| body.strip_suffix(suffix))
            .unwrap_or(body);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ParseError::Invalid);
        }
        let significant = digits.trim_start_matches('0');
        if significant.len() > 8 {
            return Err(ParseError::TooWide);
        }
        let value = u32::from_str_radix(
            if significant.is_empty() {
                "0"
            } else {
                significant
            },
            16,
        )
        .map_err(|_| ParseError::Invalid)?;
        return Ok((value, Notation::Hex));
    }
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::Invalid);
    }
    let wide: u128 = digits
        .trim_start_matches('0')
        .parse::<u128>()
        .or_else(|_| {
            if digits.bytes().all(|b| b == b'0') {
                Ok(0)
            } else {
                Err(())
            }
        })
        .map_err(|_| ParseError::TooWide)?;
    if negative {
        if wide > 1u128 << 31 {
            return Err(ParseError::TooWide);
        }
        Ok((
            (wide as i64).wrapping_neg() as i32 as u32,
            Notation::SignedDecimal,
        ))
    } else {
        u32::try_from(wide)
            .map(|v| (v, Notation::Decimal))
            .map_err(|_| ParseError::TooWide)
    }
}

/// The fields of an HRESULT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hresult(pub u32);

impl Hresult {
    /// S: 1 for failure.
    pub fn severity(self) -> bool {
        self.0 & 0x8000_0000 != 0
    }
    /// R: reserved (with N set, part of an NTSTATUS severity).
    pub fn r(self) -> bool {
        self.0 & 0x4000_0000 != 0
    }
    /// C: customer-defined value, not Microsoft's.
    pub fn customer(self) -> bool {
        self.0 & 0x2000_0000 != 0
    }
    /// N: an NTSTATUS mapped into an HRESULT (`HRESULT_FROM_NT`).
    pub fn nt(self) -> bool {
        self.0 & 0x1000_0000 != 0
    }
    /// X: reserved; modern facility numbers above 2047 use it as a 12th facility bit.
    pub fn x(self) -> bool {
        self.0 & 0x0800_0000 != 0
    }
    /// The facility, as winerror.h's `HRESULT_FACILITY` reads it (`(hr >> 16) & 0x1fff`),
    /// except for a mapped NTSTATUS, whose facility bits are the NTSTATUS's own.
    pub fn facility(self) -> u16 {
        if self.nt() {
            ((self.0 >> 16) & 0x0fff) as u16
        } else {
            ((self.0 >> 16) & 0x1fff) as u16
        }
    }
    /// The low 16 bits.
    pub fn code(self) -> u16 {
        (self.0 & 0xffff) as u16
    }
    /// The facility's name from winerror.h, when it has one.
    pub fn facility_name(self) -> Option<&'static str> {
        if self.nt() || self.customer() {
            return None;
        }
        facility_name(self.facility())
    }
    /// For FACILITY_WIN32 failures (`HRESULT_FROM_WIN32`), the Win32 error number.
    pub fn win32(self) -> Option<u16> {
        (!self.nt() && !self.customer() && self.severity() && self.facility() == 7)
            .then(|| self.code())
    }
    /// For a mapped NTSTATUS, the NTSTATUS value.
    pub fn ntstatus(self) -> Option<u32> {
        self.nt().then_some(self.0 & !0x1000_0000)
    }
}

impl fmt::Display for Hresult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08X}", self.0)
    }
}

impl Serialize for Hresult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// winerror.h's facility table (Windows SDK 10.0.26100), sorted by number.
/// Where winerror.h gives one number two names, both are listed.
const FACILITY_ROWS: &[(u16, &str)] = &[
    (0, "FACILITY_NULL"),
    (1, "FACILITY_RPC"),
    (2, "FACILITY_DISPATCH"),
    (3, "FACILITY_STORAGE"),
    (4, "FACILITY_ITF"),
    (7, "FACILITY_WIN32"),
    (8, "FACILITY_WINDOWS"),
    (9, "FACILITY_SSPI / FACILITY_SECURITY"),
    (10, "FACILITY_CONTROL"),
    (11, "FACILITY_CERT"),
    (12, "FACILITY_INTERNET"),
    (13, "FACILITY_MEDIASERVER"),
    (14, "FACILITY_MSMQ"),
    (15, "FACILITY_SETUPAPI"),
    (16, "FACILITY_SCARD"),
    (17, "FACILITY_COMPLUS"),
    (18, "FACILITY_AAF"),
    (19, "FACILITY_URT"),
    (20, "FACILITY_ACS"),
    (21, "FACILITY_DPLAY"),
    (22, "FACILITY_UMI"),
    (23, "FACILITY_SXS"),
    (24, "FACILITY_WINDOWS_CE"),
    (25, "FACILITY_HTTP"),
    (26, "FACILITY_USERMODE_COMMONLOG"),
    (27, "FACILITY_WER"),
    (31, "FACILITY_USERMODE_FILTER_MANAGER"),
    (32, "FACILITY_BACKGROUNDCOPY"),
    (33, "FACILITY_CONFIGURATION / FACILITY_WIA"),
    (34, "FACILITY_STATE_MANAGEMENT"),
    (35, "FACILITY_METADIRECTORY"),
    (36, "FACILITY_WINDOWSUPDATE"),
    (37, "FACILITY_DIRECTORYSERVICE"),
    (38, "FACILITY_GRAPHICS"),
    (39, "FACILITY_SHELL / FACILITY_NAP"),
    (40, "FACILITY_TPM_SERVICES"),
    (41, "FACILITY_TPM_SOFTWARE"),
    (42, "FACILITY_UI"),
    (43, "FACILITY_XAML"),
    (44, "FACILITY_ACTION_QUEUE"),
    (48, "FACILITY_PLA / FACILITY_WINDOWS_SETUP"),
    (49, "FACILITY_FVE"),
    (50, "FACILITY_FWP"),
    (51, "FACILITY_WINRM"),
    (52, "FACILITY_NDIS"),
    (53, "FACILITY_USERMODE_HYPERVISOR"),
    (54, "FACILITY_CMI"),
    (55, "FACILITY_USERMODE_VIRTUALIZATION"),
    (56, "FACILITY_USERMODE_VOLMGR"),
    (57, "FACILITY_BCD"),
    (58, "FACILITY_USERMODE_VHD"),
    (59, "FACILITY_USERMODE_HNS"),
    (60, "FACILITY_SDIAG"),
    (61, "FACILITY_WEBSERVICES / FACILITY_WINPE"),
    (62, "FACILITY_WPN"),
    (63, "FACILITY_WINDOWS_STORE"),
    (64, "FACILITY_INPUT"),
    (65, "FACILITY_QUIC"),
    (66, "FACILITY_EAP"),
    (70, "FACILITY_IORING"),
    (80, "FACILITY_WINDOWS_DEFENDER"),
    (81, "FACILITY_OPC"),
    (82, "FACILITY_XPS"),
    (83, "FACILITY_RAS"),
    (84, "FACILITY_MBN / FACILITY_POWERSHELL"),
    (85, "FACILITY_EAS"),
    (98, "FACILITY_P2P_INT"),
    (99, "FACILITY_P2P"),
    (100, "FACILITY_DAF"),
    (101, "FACILITY_BLUETOOTH_ATT"),
    (102, "FACILITY_AUDIO"),
    (103, "FACILITY_STATEREPOSITORY"),
    (109, "FACILITY_VISUALCPP"),
    (112, "FACILITY_SCRIPT"),
    (113, "FACILITY_PARSE"),
    (120, "FACILITY_BLB"),
    (121, "FACILITY_BLB_CLI"),
    (122, "FACILITY_WSBAPP"),
    (128, "FACILITY_BLBUI"),
    (129, "FACILITY_USN"),
    (130, "FACILITY_USERMODE_VOLSNAP"),
    (131, "FACILITY_TIERING"),
    (133, "FACILITY_WSB_ONLINE"),
    (134, "FACILITY_ONLINE_ID"),
    (135, "FACILITY_DEVICE_UPDATE_AGENT"),
    (136, "FACILITY_DRVSERVICING"),
    (153, "FACILITY_DLS"),
    (160, "FACILITY_SOS"),
    (173, "FACILITY_OCP_UPDATE_AGENT"),
    (176, "FACILITY_DEBUGGERS"),
    (208, "FACILITY_DELIVERY_OPTIMIZATION"),
    (231, "FACILITY_USERMODE_SPACES"),
    (232, "FACILITY_USER_MODE_SECURITY_CORE"),
    (234, "FACILITY_USERMODE_LICENSING"),
    (256, "FACILITY_SPP / FACILITY_RESTORE / FACILITY_DMSERVER"),
    (257, "FACILITY_DEPLOYMENT_SERVICES_SERVER"),
    (258, "FACILITY_DEPLOYMENT_SERVICES_IMAGING"),
    (259, "FACILITY_DEPLOYMENT_SERVICES_MANAGEMENT"),
    (260, "FACILITY_DEPLOYMENT_SERVICES_UTIL"),
    (261, "FACILITY_DEPLOYMENT_SERVICES_BINLSVC"),
    (263, "FACILITY_DEPLOYMENT_SERVICES_PXE"),
    (264, "FACILITY_DEPLOYMENT_SERVICES_TFTP"),
    (272, "FACILITY_DEPLOYMENT_SERVICES_TRANSPORT_MANAGEMENT"),
    (278, "FACILITY_DEPLOYMENT_SERVICES_DRIVER_PROVISIONING"),
    (289, "FACILITY_DEPLOYMENT_SERVICES_MULTICAST_SERVER"),
    (290, "FACILITY_DEPLOYMENT_SERVICES_MULTICAST_CLIENT"),
    (293, "FACILITY_DEPLOYMENT_SERVICES_CONTENT_PROVIDER"),
    (296, "FACILITY_HSP_SERVICES"),
    (297, "FACILITY_HSP_SOFTWARE"),
    (305, "FACILITY_LINGUISTIC_SERVICES"),
    (885, "FACILITY_WEB"),
    (886, "FACILITY_WEB_SOCKET"),
    (1094, "FACILITY_AUDIOSTREAMING"),
    (1490, "FACILITY_TTD"),
    (1536, "FACILITY_ACCELERATOR"),
    (1793, "FACILITY_MOBILE"),
    (1967, "FACILITY_SQLITE"),
    (1968, "FACILITY_SERVICE_FABRIC"),
    (1989, "FACILITY_UTC"),
    (1996, "FACILITY_WMAAECMA"),
    (2049, "FACILITY_WEP"),
    (2050, "FACILITY_SYNCENGINE"),
    (2168, "FACILITY_DIRECTMUSIC"),
    (2169, "FACILITY_DIRECT3D10"),
    (2170, "FACILITY_DXGI"),
    (2171, "FACILITY_DXGI_DDI"),
    (2172, "FACILITY_DIRECT3D11"),
    (2173, "FACILITY_DIRECT3D11_DEBUG"),
    (2174, "FACILITY_DIRECT3D12"),
    (2175, "FACILITY_DIRECT3D12_DEBUG"),
    (2176, "FACILITY_DXCORE"),
    (2177, "FACILITY_PRESENTATION"),
    (2184, "FACILITY_LEAP"),
    (2185, "FACILITY_AUDCLNT"),
    (2192, "FACILITY_WINML"),
    (2200, "FACILITY_WINCODEC_DWRITE_DWM"),
    (2201, "FACILITY_DIRECT2D"),
    (2304, "FACILITY_DEFRAG"),
    (2305, "FACILITY_USERMODE_SDBUS"),
    (2306, "FACILITY_JSCRIPT"),
    (2339, "FACILITY_XBOX"),
    (2340, "FACILITY_GAME"),
    (2341, "FACILITY_USERMODE_UNIONFS"),
    (2342, "FACILITY_USERMODE_PRM"),
    (2343, "FACILITY_USERMODE_WIN_ACCEL"),
    (2561, "FACILITY_PIDGENX"),
    (2748, "FACILITY_PIX"),
];
static FACILITIES: Packed<u16, { FACILITY_ROWS.len() }, { text_len(FACILITY_ROWS) }> =
    Packed::new(FACILITY_ROWS);

/// The winerror.h name of a facility number.
pub fn facility_name(facility: u16) -> Option<&'static str> {
    FACILITIES.get(facility)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_input_form() {
        let want = Ok((0x8088_002E, Notation::Hex));
        assert_eq!(parse("0x8088002E"), want);
        assert_eq!(parse("0x8088002e"), want);
        assert_eq!(parse("0X8088002E"), want);
        assert_eq!(parse("8088002E"), want);
        assert_eq!(parse("0x8088002EL"), want);
        assert_eq!(parse("0x8088002EUL"), want);
        assert_eq!(parse("  0x8088002E\n"), want);
        assert_eq!(parse("2156396590"), Ok((0x8088_002E, Notation::Decimal)));
        assert_eq!(
            parse("-2138570706"),
            Ok((0x8088_002E, Notation::SignedDecimal))
        );
        assert_eq!(parse("0x0"), Ok((0, Notation::Hex)));
        assert_eq!(parse("0"), Ok((0, Notation::Decimal)));
        assert_eq!(
            parse("-2147483648"),
            Ok((0x8000_0000, Notation::SignedDecimal))
        );
        assert_eq!(parse("0x00000000FFFFFFFF"), Ok((u32::MAX, Notation::Hex)));
    }

    #[test]
    fn rejects_junk_and_wide_values() {
        assert_eq!(parse(""), Err(ParseError::Empty));
        assert_eq!(parse("0xZZ"), Err(ParseError::Invalid));
        assert_eq!(parse("0x"), Err(ParseError::Invalid));
        assert_eq!(parse("hello"), Err(ParseError::Invalid));
        assert_eq!(parse("12 34"), Err(ParseError::Invalid));
        assert_eq!(parse("-"), Err(ParseError::Invalid));
        assert_eq!(parse("0x1FFFFFFFF"), Err(ParseError::TooWide));
        assert_eq!(parse("4294967296"), Err(ParseError::TooWide));
        assert_eq!(parse("-2147483649"), Err(ParseError::TooWide));
        assert_eq!(
            parse("99999999999999999999999999999999999999999999"),
            Err(ParseError::TooWide)
        );
    }

    #[test]
    fn structure_of_known_values() {
        let h = Hresult(0x8088_002E);
        assert!(h.severity() && !h.r() && !h.customer() && !h.nt() && !h.x());
        assert_eq!((h.facility(), h.code()), (0x88, 0x2E));
        let win = Hresult(0x8007_0002);
        assert_eq!(win.win32(), Some(2));
        assert_eq!(win.facility_name(), Some("FACILITY_WIN32"));
        let sf = Hresult(0x87B0_0001);
        assert_eq!(sf.facility_name(), Some("FACILITY_SERVICE_FABRIC"));
        // DXGI's facility (2170) needs the X bit as its 12th bit.
        assert_eq!(Hresult(0x887A_0001).facility_name(), Some("FACILITY_DXGI"));
        assert_eq!(Hresult(0x8005_0000).facility_name(), None);
        let nt = Hresult(0xD000_0022);
        assert_eq!(nt.ntstatus(), Some(0xC000_0022));
        assert_eq!(nt.facility_name(), None);
    }

    #[test]
    fn tables_sorted() {
        assert!(FACILITIES.is_sorted());
    }
}
