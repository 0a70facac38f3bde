//! The embedded catalog: every entry of every service, as static tables
//! generated at build time from `data/*.json` (see `build.rs`).

use std::ops::Range;

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// Every text of the catalog, each once: the tables hold [`Str`] offsets
/// into it rather than pointers, so a position-independent binary has no
/// relocation to apply to them at start-up.
const TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.txt"));

/// A string of the catalog: `len` bytes at `off` in the text blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str {
    pub(crate) off: u32,
    pub(crate) len: u32,
}

impl Str {
    /// The text.
    pub fn get(self) -> &'static str {
        let start = self.off as usize;
        &TEXT[start..start + self.len as usize]
    }
}

/// Rows `start..start + len` of `LISTS`: an entry's aliases, methods or notes.
#[derive(Clone, Copy, Debug)]
struct List {
    start: u16,
    len: u16,
}

impl List {
    fn strs(self) -> Strs {
        let start = self.start as usize;
        Strs {
            inner: LISTS[start..start + self.len as usize].iter(),
        }
    }
}

/// A service's identity and the slice of [`ENTRIES`] that belongs to it.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service.
    pub service: Service,
    /// The id used by `--service` and in JSON (`fabric`, `iis-media`, ...).
    pub id: &'static str,
    /// The full name (`Azure Service Fabric`).
    pub name: &'static str,
    /// Other names `--service` accepts.
    pub aliases: &'static [&'static str],
    /// Range of this service's entries in [`ENTRIES`].
    pub entries: Range<usize>,
    /// The newest date of this service's sources (`YYYY-MM-DD`), if any is dated
    /// (the Veeam seed page carries no date).
    pub newest_source: Option<&'static str>,
}

/// Whether an entry comes from one of the five seed documents or from the
/// reference material gathered beyond them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A row of a seed document's table.
    Seed,
    /// A fact from `shared/reference` (SDK sources, IDL, gateway maps).
    Reference,
}

impl SourceKind {
    /// `seed` or `reference`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Seed => "seed",
            SourceKind::Reference => "reference",
        }
    }
}

/// Provenance: the document and table an entry was taken from.
#[derive(Debug)]
pub struct Source {
    /// Id of the source within its service's data file.
    pub id: &'static str,
    /// Seed or reference.
    pub kind: SourceKind,
    /// File the facts come from.
    pub document: &'static str,
    /// Title of the document.
    pub title: &'static str,
    /// Table within the document, where it has several.
    pub table: Option<&'static str>,
    /// `YYYY-MM-DD`: the document's date, or the day its facts were read upstream.
    pub date: Option<&'static str>,
}

impl Source {
    /// One line naming the document and table, for people and for JSON's `source`.
    pub fn describe(&self) -> String {
        match self.table {
            Some(t) => format!("{} ({}), table \"{}\"", self.title, self.document, t),
            None => format!("{} ({})", self.title, self.document),
        }
    }
}

/// One catalog row. Its texts are read through methods ([`Entry::code`],
/// [`Entry::message`], ...); the numbers are fields.
#[derive(Debug)]
pub struct Entry {
    /// The service that returns it.
    pub service: Service,
    id: Str,
    code: Str,
    aliases: List,
    /// The HTTP status it comes with; `None` for codes reported inside a resource
    /// (Batch scheduling errors) rather than as a response status.
    pub status: Option<u16>,
    /// Cosmos DB sub-status (`x-ms-substatus`), meaningful only together with `status`.
    pub substatus: Option<u32>,
    /// The HRESULT, where the service defines one.
    pub hresult: Option<u32>,
    category: Option<Str>,
    reason: Option<Str>,
    message: Str,
    methods: List,
    response_body: Option<Str>,
    notes: List,
    source: u16,
}

/// A list of catalog strings (an entry's aliases, methods or notes): an
/// iterator that also knows its length.
#[derive(Clone, Debug)]
pub struct Strs {
    inner: std::slice::Iter<'static, Str>,
}

impl Strs {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The strings joined by `sep`.
    pub fn join(self, sep: &str) -> String {
        self.collect::<Vec<_>>().join(sep)
    }

    /// The strings as a vector.
    pub fn to_vec(&self) -> Vec<&'static str> {
        self.clone().collect()
    }
}

impl Iterator for Strs {
    type Item = &'static str;
    fn next(&mut self) -> Option<&'static str> {
        self.inner.next().map(|s| s.get())
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Strs {}

impl DoubleEndedIterator for Strs {
    fn next_back(&mut self) -> Option<&'static str> {
        self.inner.next_back().map(|s| s.get())
    }
}

impl Entry {
    /// Stable unique id, `service:code`, with `:status` (or `:table`) when
    /// the service lists the code more than once: `batch:ConditionNotMet:412`.
    pub fn id(&self) -> &'static str {
        self.id.get()
    }

    /// The error code as the service sends it (`FABRIC_E_NOT_PRIMARY`,
    /// `PoolNotFound`, `"404"`).
    pub fn code(&self) -> &'static str {
        self.code.get()
    }

    /// Other names of this error within its service (`NotPrimary`,
    /// `FabricNotPrimaryException`); see [`by_name`].
    pub fn aliases(&self) -> Strs {
        self.aliases.strs()
    }

    /// Batch's `UserError` / `ServerError`.
    pub fn category(&self) -> Option<&'static str> {
        self.category.map(Str::get)
    }

    /// The source document's own wording of the status, where it has one
    /// (Veeam's "Description" column); [`Entry::reason`] falls back to the
    /// standard phrase.
    pub fn document_reason(&self) -> Option<&'static str> {
        self.reason.map(Str::get)
    }

    /// What the code means, as plain text (may have several lines).
    pub fn message(&self) -> &'static str {
        self.message.get()
    }

    /// HTTP methods the status applies to (Veeam).
    pub fn methods(&self) -> Strs {
        self.methods.strs()
    }

    /// What the response body holds (Veeam).
    pub fn response_body(&self) -> Option<&'static str> {
        self.response_body.map(Str::get)
    }

    /// Extra facts, e.g. where sources disagree on the status.
    pub fn notes(&self) -> Strs {
        self.notes.strs()
    }

    /// Where the entry comes from.
    pub fn source(&self) -> &'static Source {
        &SOURCES[self.source as usize]
    }

    /// The reason phrase: the document's own when it has one, else the standard one.
    pub fn reason(&self) -> Option<&'static str> {
        self.document_reason()
            .or_else(|| self.status.and_then(crate::http::reason_phrase))
    }

    /// Whether this row comes from a seed document.
    pub fn is_seed(&self) -> bool {
        self.source().kind == SourceKind::Seed
    }

    /// `404` or `404.1002` (status with Cosmos DB sub-status), if any; a
    /// sub-status its sources give no status for is `sub-status 3500`.
    pub fn status_label(&self) -> Option<String> {
        match (self.status, self.substatus) {
            (Some(s), Some(ss)) => Some(format!("{s}.{ss}")),
            (Some(s), None) => Some(s.to_string()),
            (None, Some(ss)) => Some(format!("sub-status {ss}")),
            (None, None) => None,
        }
    }
}

impl Service {
    /// Every service, in catalog order.
    pub fn all() -> impl Iterator<Item = Service> {
        SERVICES.iter().map(|s| s.service)
    }

    /// This service's identity.
    pub fn info(self) -> &'static ServiceInfo {
        &SERVICES[self as usize]
    }

    /// The id (`fabric`, `iis-media`, ...).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The full name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// This service's entries.
    pub fn entries(self) -> &'static [Entry] {
        &ENTRIES[self.info().entries.clone()]
    }

    /// Reads a service id, full name or alias, in any case; spaces and
    /// underscores count as hyphens (`"Azure Cosmos DB"`, `iis_media`).
    pub fn parse(text: &str) -> Option<Service> {
        let norm = |s: &str| -> String {
            s.trim()
                .chars()
                .map(|c| match c {
                    ' ' | '_' => '-',
                    c => c.to_ascii_lowercase(),
                })
                .collect()
        };
        let want = norm(text);
        SERVICES
            .iter()
            .find(|s| {
                norm(s.id) == want
                    || norm(s.name) == want
                    || s.aliases.iter().any(|a| norm(a) == want)
            })
            .map(|s| s.service)
    }
}

/// Every entry of the catalog.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

fn indexed<K: Ord + Copy>(
    table: &'static [(K, u16)],
    key: K,
) -> impl Iterator<Item = &'static Entry> {
    let start = table.partition_point(|(k, _)| *k < key);
    table[start..]
        .iter()
        .take_while(move |(k, _)| *k == key)
        .map(|(_, i)| &ENTRIES[*i as usize])
}

/// The rows of a (lower-case name, entry) table whose name equals `name`
/// ignoring ASCII case, without allocating: `name` is lower-cased once into a
/// stack buffer and found by binary search. (The tables are sorted by name,
/// then by entry position, so equal names come out in catalog order.)
fn named_rows(table: &'static [(Str, u16)], name: &str) -> &'static [(Str, u16)] {
    let mut buf = [0u8; 128];
    match buf.get_mut(..name.len()) {
        Some(lower) => {
            for (l, c) in lower.iter_mut().zip(name.bytes()) {
                *l = c.to_ascii_lowercase();
            }
            let lower: &[u8] = lower;
            let start = table.partition_point(|(k, _)| k.get().as_bytes() < lower);
            let len = table[start..]
                .iter()
                .take_while(|(k, _)| k.get().as_bytes() == lower)
                .count();
            &table[start..start + len]
        }
        // No catalog code or alias is this long.
        None => &[],
    }
}

/// Entries whose code equals `code` ignoring ASCII case, in catalog order.
pub fn by_code(code: &str) -> impl Iterator<Item = &'static Entry> + use<> {
    named_rows(BY_CODE, code)
        .iter()
        .map(|(_, i)| &ENTRIES[*i as usize])
}

/// Entries that have `alias` among their [`Entry::aliases`], ignoring ASCII
/// case, in catalog order (any service: see [`by_name`] for the scoped form).
pub fn by_alias(alias: &str) -> impl Iterator<Item = &'static Entry> + use<> {
    named_rows(BY_ALIAS, alias)
        .iter()
        .map(|(_, i)| &ENTRIES[*i as usize])
}

/// Entries a name means, ignoring ASCII case, scoped to `service`: within a
/// service, its codes and then its aliases (in a Service Fabric context
/// `OperationTimedOut` is `FABRIC_E_TIMEOUT`); with no service, the codes of
/// every service, and aliases only when no service has the name as a code
/// (so `OperationTimedOut` alone stays Batch's code, while `NotPrimary`
/// alone is Service Fabric's). Two binary searches, no allocation.
pub fn by_name(
    name: &str,
    service: Option<Service>,
) -> impl Iterator<Item = &'static Entry> + use<> {
    let in_scope = move |e: &&'static Entry| service.is_none_or(|s| e.service == s);
    let codes = named_rows(BY_CODE, name);
    let aliases = if service.is_none() && !codes.is_empty() {
        &[][..]
    } else {
        named_rows(BY_ALIAS, name)
    };
    codes
        .iter()
        .chain(aliases)
        .map(|(_, i)| &ENTRIES[*i as usize])
        .filter(in_scope)
}

/// The entry with this [`Entry::id`] (any case).
pub fn by_id(id: &str) -> Option<&'static Entry> {
    let (service, rest) = id.split_once(':')?;
    let service = Service::parse(service)?;
    let code = rest.split(':').next()?;
    by_code(code).find(|e| e.service == service && e.id().eq_ignore_ascii_case(id))
}

/// Entries with this HRESULT.
pub fn by_hresult(hresult: u32) -> impl Iterator<Item = &'static Entry> {
    indexed(BY_HRESULT, hresult)
}

/// Entries with this HTTP status (any sub-status).
pub fn by_status(status: u16) -> impl Iterator<Item = &'static Entry> {
    indexed(BY_STATUS, status)
}

/// The entries a lookup key names, in catalog order: a code or alias
/// ([`by_name`]), an entry id (`batch:ConditionNotMet:412`), a number (also
/// every Cosmos DB sub-status of that number) and a `0x` literal (also every
/// entry of that HRESULT); all within `service` when one is given.
///
/// ```
/// use errcode_cli::catalog;
/// let hits = catalog::lookup("0x8088002E", None);
/// assert_eq!(hits[0].code(), "MPE_MGMT_PUBLISHING_POINT_NOT_FOUND");
/// let subs = catalog::lookup("1002", Some(errcode_cli::Service::Cosmos));
/// assert!(subs.iter().any(|e| e.status == Some(404)));
/// ```
pub fn lookup(key: &str, service: Option<Service>) -> Vec<&'static Entry> {
    let mut hits: Vec<&'static Entry> = by_name(key, service).collect();
    if key.contains(':') {
        hits.extend(by_id(key));
    }
    if key.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = key.parse::<u32>() {
            hits.extend(ENTRIES.iter().filter(|e| e.substatus == Some(n)));
        }
    }
    if key.starts_with("0x") || key.starts_with("0X") {
        if let Ok((h, _)) = crate::hresult::parse(key) {
            hits.extend(by_hresult(h));
        }
    }
    hits.retain(|e| service.is_none_or(|s| s == e.service));
    hits.sort_by_key(|e| index_of(e));
    hits.dedup_by_key(|e| index_of(e));
    hits
}

/// Entries with this HTTP status and, when `substatus` is given, that Cosmos
/// DB sub-status; within `service` when one is given.
///
/// ```
/// use errcode_cli::{Service, catalog};
/// let gone = catalog::with_status(410, Some(1002), Some(Service::Cosmos));
/// assert_eq!(gone[0].code(), "PartitionKeyRangeGone");
/// ```
pub fn with_status(
    status: u16,
    substatus: Option<u32>,
    service: Option<Service>,
) -> Vec<&'static Entry> {
    by_status(status)
        .filter(|e| service.is_none_or(|s| s == e.service))
        .filter(|e| substatus.is_none_or(|ss| e.substatus == Some(ss)))
        .collect()
}

/// Position of an entry in [`ENTRIES`] (catalog order).
pub fn index_of(entry: &Entry) -> usize {
    (entry as *const Entry as usize - ENTRIES.as_ptr() as usize) / std::mem::size_of::<Entry>()
}

/// Codes close to `code` (edit distance), for "did you mean" hints; best first.
pub fn suggest(code: &str, service: Option<Service>) -> Vec<&'static str> {
    let want = code.to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static str)> = Vec::new();
    for e in ENTRIES {
        if service.is_some_and(|s| s != e.service) || scored.iter().any(|(_, c)| *c == e.code()) {
            continue;
        }
        let score = strsim::jaro_winkler(&want, &e.code().to_ascii_lowercase());
        if score >= 0.85 {
            scored.push((score, e.code()));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(5).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_up_cosmos_substatuses_under_each_status() {
        let hits = lookup("1002", Some(Service::Cosmos));
        let codes: Vec<_> = hits.iter().map(|e| (e.status, e.code())).collect();
        assert!(codes.contains(&(Some(404), "ReadSessionNotAvailable")));
        assert!(codes.contains(&(Some(410), "PartitionKeyRangeGone")));
        assert!(hits.iter().all(|e| e.service == Service::Cosmos));
    }

    #[test]
    fn indexes_are_sorted_and_point_at_matching_entries() {
        assert!(
            BY_CODE
                .windows(2)
                .all(|w| (w[0].0.get(), w[0].1) <= (w[1].0.get(), w[1].1))
        );
        assert!(BY_HRESULT.windows(2).all(|w| w[0] <= w[1]));
        assert!(BY_STATUS.windows(2).all(|w| w[0] <= w[1]));
        for (code, i) in BY_CODE {
            assert_eq!(ENTRIES[*i as usize].code().to_ascii_lowercase(), code.get());
        }
        assert!(
            BY_ALIAS
                .windows(2)
                .all(|w| (w[0].0.get(), w[0].1) <= (w[1].0.get(), w[1].1))
        );
        for (alias, i) in BY_ALIAS {
            let e = &ENTRIES[*i as usize];
            assert!(e.aliases().any(|a| a.to_ascii_lowercase() == alias.get()));
        }
        assert_eq!(
            BY_ALIAS.len(),
            ENTRIES.iter().map(|e| e.aliases().len()).sum::<usize>()
        );
        assert_eq!(BY_CODE.len(), ENTRIES.len());
        for (h, i) in BY_HRESULT {
            assert_eq!(ENTRIES[*i as usize].hresult, Some(*h));
        }
        for (s, i) in BY_STATUS {
            assert_eq!(ENTRIES[*i as usize].status, Some(*s));
        }
    }

    #[test]
    fn services_own_contiguous_slices_in_order() {
        let mut next = 0;
        for (n, info) in SERVICES.iter().enumerate() {
            assert_eq!(info.service as usize, n);
            assert_eq!(info.entries.start, next);
            assert!(
                info.service
                    .entries()
                    .iter()
                    .all(|e| e.service == info.service)
            );
            next = info.entries.end;
        }
        assert_eq!(next, ENTRIES.len());
    }

    #[test]
    fn service_names_parse_in_any_form() {
        assert_eq!(Service::parse("fabric"), Some(Service::Fabric));
        assert_eq!(
            Service::parse("Azure Service Fabric"),
            Some(Service::Fabric)
        );
        assert_eq!(Service::parse("IIS_MEDIA"), Some(Service::IisMedia));
        assert_eq!(Service::parse("azure cosmos db"), Some(Service::Cosmos));
        assert_eq!(Service::parse("BATCH"), Some(Service::Batch));
        assert_eq!(Service::parse("nope"), None);
    }

    #[test]
    fn by_code_ignores_case_and_keeps_every_meaning() {
        let hits: Vec<_> = by_code("conditionnotmet").collect();
        let statuses: Vec<_> = hits.iter().map(|e| e.status).collect();
        assert_eq!(statuses, vec![Some(304), Some(412)]);
        assert!(by_code("NoSuchCode").next().is_none());
        let long = "x".repeat(500);
        assert!(by_code(&long).next().is_none());
    }

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<String> = ENTRIES
            .iter()
            .map(|e| e.id().to_ascii_lowercase())
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ENTRIES.len());
        for e in ENTRIES {
            assert!(std::ptr::eq(by_id(e.id()).unwrap(), e), "{}", e.id());
            assert!(e.id().starts_with(e.service.id()));
        }
        assert_eq!(
            by_id("batch:ConditionNotMet:412").unwrap().status,
            Some(412)
        );
        assert!(by_id("nope:X").is_none());
        assert!(by_id("batch:NoSuchCode").is_none());
    }

    #[test]
    fn names_are_scoped_to_their_service() {
        let one = |name: &str, s: Option<Service>| -> Vec<(Service, &str)> {
            by_name(name, s).map(|e| (e.service, e.code())).collect()
        };
        assert_eq!(
            one("operationtimedout", Some(Service::Fabric)),
            vec![(Service::Fabric, "FABRIC_E_TIMEOUT")]
        );
        assert_eq!(
            one("OperationTimedOut", None),
            vec![(Service::Batch, "OperationTimedOut")]
        );
        assert_eq!(
            one("OperationTimedOut", Some(Service::Batch)),
            vec![(Service::Batch, "OperationTimedOut")]
        );
        assert_eq!(
            one("NotPrimary", None),
            vec![(Service::Fabric, "FABRIC_E_NOT_PRIMARY")]
        );
        assert!(one("NotPrimary", Some(Service::Batch)).is_empty());
    }

    #[test]
    fn suggestions_find_near_misses() {
        assert_eq!(
            suggest("FABRIC_E_NOT_PRIMRY", None).first(),
            Some(&"FABRIC_E_NOT_PRIMARY")
        );
        assert!(suggest("PoolNotFond", Some(Service::Batch)).contains(&"PoolNotFound"));
    }
}
