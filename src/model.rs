//! Plain serializable views of catalog data: the JSON contract documented in
//! the README. Commands build these; renderers print them.

use serde::Serialize;

use crate::catalog::{Entry, Service};
use crate::hresult::{Hresult, Notation};
use crate::retry::{Method, Verdict};

/// One entry as JSON.
#[derive(Debug, Serialize)]
pub struct EntryView {
    /// Stable unique id (`batch:ConditionNotMet:412`): the key to join on.
    pub id: &'static str,
    /// Service id.
    pub service: &'static str,
    /// The error code.
    pub code: &'static str,
    /// Other names of the error within its service (`NotPrimary`).
    pub aliases: Vec<&'static str>,
    /// HTTP status, or null.
    pub status: Option<u16>,
    /// Cosmos DB sub-status, or null.
    pub substatus: Option<u32>,
    /// Reason phrase of the status, or null.
    pub reason: Option<&'static str>,
    /// `"0x8088002E"`, or null.
    pub hresult: Option<Hresult>,
    /// `UserError` / `ServerError`, or null.
    pub category: Option<&'static str>,
    /// What the code means.
    pub message: &'static str,
    /// HTTP methods the status applies to (Veeam), else empty.
    pub methods: Vec<&'static str>,
    /// What the response body holds (Veeam), or null.
    pub response_body: Option<&'static str>,
    /// Extra facts.
    pub notes: Vec<&'static str>,
    /// Document and table the entry comes from.
    pub source: String,
    /// `seed` or `reference`.
    pub origin: &'static str,
    /// Whether to retry, and why.
    pub retry: Verdict,
}

impl From<&'static Entry> for EntryView {
    fn from(e: &'static Entry) -> Self {
        EntryView {
            id: e.id(),
            service: e.service.id(),
            code: e.code(),
            aliases: e.aliases().collect(),
            status: e.status,
            substatus: e.substatus,
            reason: e.reason(),
            hresult: e.hresult.map(Hresult),
            category: e.category(),
            message: e.message(),
            methods: e.methods().collect(),
            response_body: e.response_body(),
            notes: e.notes().collect(),
            source: e.source().describe(),
            origin: e.source().kind.as_str(),
            retry: crate::retry::classify(e, Method::Unknown),
        }
    }
}

/// The CSV columns of an entry (`list --format csv`): the JSON fields, with
/// `methods` and `aliases` joined by `;`, `notes` by newlines, and `retry`
/// split in two.
pub const CSV_HEADER: [&str; 17] = [
    "id",
    "service",
    "code",
    "aliases",
    "status",
    "substatus",
    "reason",
    "hresult",
    "category",
    "message",
    "methods",
    "response_body",
    "notes",
    "source",
    "origin",
    "retry_verdict",
    "retry_reason",
];

impl EntryView {
    /// One CSV row in [`CSV_HEADER`] order; null is the empty field.
    pub fn csv_record(&self) -> [String; 17] {
        fn opt<T: ToString>(v: Option<T>) -> String {
            v.map(|v| v.to_string()).unwrap_or_default()
        }
        [
            self.id.to_string(),
            self.service.to_string(),
            self.code.to_string(),
            self.aliases.join(";"),
            opt(self.status),
            opt(self.substatus),
            opt(self.reason),
            opt(self.hresult),
            opt(self.category),
            self.message.to_string(),
            self.methods.join(";"),
            opt(self.response_body),
            self.notes.join("\n"),
            self.source.clone(),
            self.origin.to_string(),
            self.retry.verdict.as_str().to_string(),
            self.retry.reason.clone(),
        ]
    }
}

/// Entries as views.
pub fn views(entries: &[&'static Entry]) -> Vec<EntryView> {
    entries.iter().map(|e| EntryView::from(*e)).collect()
}

/// A facility as JSON.
#[derive(Debug, Serialize)]
pub struct FacilityView {
    /// Facility number.
    pub number: u16,
    /// winerror.h name, or null when the number is unnamed.
    pub name: Option<&'static str>,
}

/// A Win32 error inside an HRESULT.
#[derive(Debug, Serialize)]
pub struct Win32View {
    /// The Win32 error number.
    pub number: u16,
    /// winerror.h name, when known.
    pub name: Option<&'static str>,
}

/// `errcode hresult` as JSON.
#[derive(Debug, Serialize)]
pub struct HresultView {
    /// The text given.
    pub input: String,
    /// How it was read.
    pub notation: Notation,
    /// `0x8088002E`.
    pub hresult: Hresult,
    /// As unsigned decimal.
    pub unsigned: u32,
    /// As signed decimal (C `long`).
    pub signed: i32,
    /// `failure` or `success`.
    pub severity: &'static str,
    /// The R bit.
    pub r: bool,
    /// The C (customer) bit.
    pub customer: bool,
    /// The N (NTSTATUS) bit.
    pub nt: bool,
    /// The X bit.
    pub x: bool,
    /// The facility.
    pub facility: FacilityView,
    /// The low 16 bits.
    pub code: u16,
    /// For FACILITY_WIN32, the Win32 error.
    pub win32: Option<Win32View>,
    /// For a mapped NTSTATUS, its value (`0xC0000022`).
    pub ntstatus: Option<Hresult>,
    /// Catalog entries with this HRESULT.
    pub entries: Vec<EntryView>,
    /// The value read as an NTSTATUS, when the bits say so.
    pub ntstatus_reading: Option<crate::windows::NtStatus>,
    /// Every Windows name for the value, in each reading (HRESULT,
    /// `HRESULT_FROM_WIN32` of a Win32 number, NTSTATUS), below the entries.
    pub windows: Vec<crate::windows::CodeView>,
    /// Facts about the value's range (Service Fabric's Win32 range).
    pub notes: Vec<String>,
}

impl HresultView {
    /// Builds the view of a parsed value.
    pub fn new(input: &str, value: u32, notation: Notation, entries: &[&'static Entry]) -> Self {
        let h = Hresult(value);
        HresultView {
            input: input.to_string(),
            notation,
            hresult: h,
            unsigned: value,
            signed: value as i32,
            severity: if h.severity() { "failure" } else { "success" },
            r: h.r(),
            customer: h.customer(),
            nt: h.nt(),
            x: h.x(),
            facility: FacilityView {
                number: h.facility(),
                name: h.facility_name(),
            },
            code: h.code(),
            win32: h.win32().map(|n| Win32View {
                number: n,
                name: crate::windows::win32_name(n),
            }),
            ntstatus: h.ntstatus().map(Hresult),
            entries: views(entries),
            ntstatus_reading: crate::windows::ntstatus_reading(value),
            windows: crate::windows::names_for(value)
                .into_iter()
                .map(crate::windows::Code::view)
                .collect(),
            notes: crate::windows::FABRIC_RANGE
                .contains(&value)
                .then(|| {
                    "in Service Fabric's range (0x80071BBC-0x80071D4B, Win32 7100-7499): a FABRIC_E_* code, \
                     named or not"
                        .to_string()
                })
                .into_iter()
                .collect(),
        }
    }
}

/// `errcode services` as JSON.
#[derive(Debug, Serialize)]
pub struct ServiceView {
    /// The id.
    pub id: &'static str,
    /// The full name.
    pub name: &'static str,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// Titles of the seed documents.
    pub documents: Vec<&'static str>,
    /// Number of entries.
    pub entries: usize,
    /// Of which from the seed documents.
    pub seed_entries: usize,
    /// Aliases of its entries (other names `lookup`, `decode`, `scan` read).
    pub aliases_of_entries: usize,
    /// The newest date of its sources (`YYYY-MM-DD`), or null when none is dated.
    pub newest_source: Option<&'static str>,
}

impl ServiceView {
    /// The Windows names, listed after the five services.
    ///
    /// ```
    /// let w = errcode_cli::model::ServiceView::windows();
    /// assert_eq!(w.id, "windows");
    /// assert!(w.entries > 1000);
    /// ```
    pub fn windows() -> ServiceView {
        ServiceView {
            id: crate::windows::SOURCE_ID,
            name: crate::windows::SOURCE_NAME,
            aliases: &[],
            documents: crate::windows::ORIGIN_DOCUMENTS.to_vec(),
            entries: crate::windows::all().len(),
            seed_entries: 0,
            aliases_of_entries: 0,
            newest_source: None,
        }
    }
}

impl From<Service> for ServiceView {
    fn from(s: Service) -> Self {
        let info = s.info();
        let mut documents: Vec<&'static str> = Vec::new();
        for e in s.entries() {
            if e.is_seed() && !documents.contains(&e.source().title) {
                documents.push(e.source().title);
            }
        }
        ServiceView {
            id: info.id,
            name: info.name,
            aliases: info.aliases,
            documents,
            entries: s.entries().len(),
            seed_entries: s.entries().iter().filter(|e| e.is_seed()).count(),
            aliases_of_entries: s.entries().iter().map(|e| e.aliases().len()).sum(),
            newest_source: info.newest_source,
        }
    }
}
