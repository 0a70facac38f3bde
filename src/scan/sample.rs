//! A deterministic generator of realistic service logs with known counts of
//! every code in them: the test oracle for [`super::Scanner`] and the input of
//! its benchmark (`examples/gen_log.rs`).
//!
//! The log mixes what real Azure service logs hold: mostly INFO noise (request
//! traces, thread ids as `0x0000xxxx`, GUIDs, durations, transient errors),
//! Service Fabric failures with their HRESULTs, Batch error bodies and
//! `x-ms-error-code` headers, Cosmos DB exceptions in the .NET SDK's, JSON and
//! key=value forms, HRESULTs in hex and signed decimal, plain code names both
//! as prose and as corroborated codes, near misses that must not match
//! (`PoolNotFoundX`, `0x8088002ELX`, `error -1`), and now and then a long line.
//! Codes are drawn with a Zipf law, so a few are frequent and most are rare.
//!
//! Each line is written from a template that knows what it puts in, so the
//! counts are known by construction, not by scanning. The same seed and size
//! give the same bytes on every platform.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Confidence, SummaryKey, rules};
use crate::catalog::{self, Entry, Service};

/// What a generated log holds, keyed like [`SummaryKey`]'s display
/// (`PoolNotFound`, `0x8088002E`, `404.1002`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// The seed that made the log.
    pub seed: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Lines written (every line ends with a newline).
    pub lines: u64,
    /// Occurrences a scan reports with [`Confidence::High`].
    pub high: BTreeMap<String, u64>,
    /// Occurrences a scan finds with [`Confidence::Low`] (reported only with
    /// [`super::ScanOptions::include_low`]).
    pub low: BTreeMap<String, u64>,
}

impl Expected {
    /// Counts per key as a scan reports them: high only, or high and low together.
    pub fn counts(&self, include_low: bool) -> BTreeMap<String, u64> {
        let mut all = self.high.clone();
        if include_low {
            for (k, n) in &self.low {
                *all.entry(k.clone()).or_default() += n;
            }
        }
        all
    }

    /// Total occurrences as a scan reports them.
    pub fn total(&self, include_low: bool) -> u64 {
        self.counts(include_low).values().sum()
    }

    fn add(&mut self, key: SummaryKey, confidence: Confidence) {
        let map = match confidence {
            Confidence::High => &mut self.high,
            Confidence::Low => &mut self.low,
        };
        *map.entry(key.to_string()).or_default() += 1;
    }
}

/// Writes about `target_bytes` of log (whole lines; it stops at the first line
/// end past the target) to `out` and returns what it holds.
pub fn write_log<W: Write>(seed: u64, target_bytes: u64, out: W) -> io::Result<Expected> {
    let mut g = Generator::new(seed, out);
    while g.expected.bytes < target_bytes {
        g.line()?;
    }
    g.out.flush()?;
    Ok(g.expected)
}

/// SplitMix64: tiny, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Draws from a fixed list with weight `1/(rank+1)`.
struct Zipf<T> {
    items: Vec<T>,
    cumulative: Vec<f64>,
}

impl<T: Copy> Zipf<T> {
    fn new(items: Vec<T>) -> Zipf<T> {
        let mut total = 0.0;
        let cumulative = (0..items.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 1.0);
                total
            })
            .collect();
        Zipf { items, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> T {
        let total = *self.cumulative.last().expect("a non-empty list");
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.items[i.min(self.items.len() - 1)]
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// Components of noise and prose lines. None names a service, so a plain code
/// name on their lines has no corroboration.
const COMPONENTS: &[&str] = &[
    "Gateway",
    "Scheduler",
    "Replicator",
    "Naming",
    "Storage",
    "Http",
    "Worker",
    "Router",
    "Auth",
    "Placement",
];

/// A logger name that mentions the service, for corroborated plain names.
fn service_component(s: Service) -> &'static str {
    match s {
        Service::Fabric => "System.Fabric.Hosting",
        Service::Batch => "Microsoft.Azure.Batch",
        Service::Veeam => "Veeam.Backup.EnterpriseManager",
        Service::Cosmos => "Microsoft.Azure.Cosmos",
        Service::IisMedia => "IIS.SmoothStreaming",
    }
}

/// The .NET `HttpStatusCode` name the Cosmos DB SDK prints before `(404)`.
fn dotnet_status_name(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "NoContent",
        304 => "NotModified",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "RequestEntityTooLarge",
        429 => "TooManyRequests",
        449 => "RetryWith",
        500 => "InternalServerError",
        503 => "ServiceUnavailable",
        _ => "Status",
    }
}

struct Generator<W: Write> {
    rng: Rng,
    out: io::BufWriter<W>,
    line: Vec<u8>,
    expected: Expected,
    clock_ms: u64,
    /// Code names that are not plain, most frequent first.
    specific: Zipf<&'static str>,
    plain: Vec<&'static str>,
    /// Cosmos DB (status, sub-status) pairs the catalog defines.
    pairs: Zipf<(u16, u32)>,
    /// Statuses with a Cosmos DB entry of their own (sent with sub-status 0).
    cosmos_statuses: Vec<u16>,
    /// HRESULTs the catalog defines.
    hresults: Zipf<u32>,
    /// Codes that are only an HTTP status as a word, which the scanner leaves alone.
    status_words: std::collections::HashSet<String>,
}

impl<W: Write> Generator<W> {
    fn new(seed: u64, out: W) -> Generator<W> {
        let mut rng = Rng(seed);
        let mut specific = Vec::new();
        let mut plain = Vec::new();
        let statuses = rules::status_words();
        for e in catalog::entries() {
            let c = e.code();
            // Status words (`NotFound`) are left to the pair rule, not scanned as names.
            if c.bytes().all(|b| b.is_ascii_digit())
                || specific.contains(&c)
                || plain.contains(&c)
                || rules::is_status_word(&statuses, c)
            {
                continue;
            }
            if rules::is_plain_name(c) {
                plain.push(c);
            } else {
                specific.push(c);
            }
        }
        shuffle(&mut rng, &mut specific);
        let mut pairs: Vec<(u16, u32)> = catalog::entries()
            .iter()
            .filter_map(|e| Some((e.status?, e.substatus?)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        shuffle(&mut rng, &mut pairs);
        let cosmos_statuses = Service::Cosmos
            .entries()
            .iter()
            .filter(|e| e.substatus.is_none())
            .filter_map(|e| e.status)
            .collect();
        let mut hresults: Vec<u32> = catalog::entries()
            .iter()
            .filter_map(|e| e.hresult)
            .filter(|h| h & 0x8000_0000 != 0)
            .collect();
        shuffle(&mut rng, &mut hresults);
        Generator {
            rng,
            out: io::BufWriter::with_capacity(1 << 16, out),
            line: Vec::with_capacity(16 << 10),
            expected: Expected {
                seed,
                ..Expected::default()
            },
            clock_ms: 0,
            specific: Zipf::new(specific),
            plain,
            pairs: Zipf::new(pairs),
            cosmos_statuses,
            hresults: Zipf::new(hresults),
            status_words: statuses,
        }
    }

    /// Writes one line.
    fn line(&mut self) -> io::Result<()> {
        self.line.clear();
        self.clock_ms += 1 + self.rng.below(9);
        let roll = self.rng.below(1000);
        match roll {
            0..820 => self.noise(),
            820..870 => self.specific_code(),
            870..905 => self.cosmos_pair(),
            905..935 => self.hresult(),
            935..975 => self.plain_code(),
            975..999 => self.near_miss(),
            _ => self.long_line(),
        }
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        self.expected.bytes += self.line.len() as u64;
        self.expected.lines += 1;
        Ok(())
    }

    fn put(&mut self, s: &str) {
        self.line.extend_from_slice(s.as_bytes());
    }

    fn num(&mut self, n: u64) {
        // `write!` into a Vec cannot fail.
        let _ = write!(self.line, "{n}");
    }

    fn header(&mut self, level: &str, component: &str) {
        let ms = self.clock_ms;
        let day = 1 + (ms / 86_400_000) % 28;
        let _ = write!(
            self.line,
            "2024-05-{day:02}T{:02}:{:02}:{:02}.{:03}Z {level:<5} [{component}] ",
            ms / 3_600_000 % 24,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        );
    }

    fn guid(&mut self) {
        let a = self.rng.next();
        let b = self.rng.next();
        let _ = write!(
            self.line,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        );
    }

    fn hex(&mut self, value: u32) {
        let _ = if self.rng.chance(80) {
            write!(self.line, "0x{value:08X}")
        } else if self.rng.chance(50) {
            write!(self.line, "0x{value:08x}")
        } else {
            write!(self.line, "0X{value:08X}")
        };
    }

    fn noise(&mut self) {
        let level = *self
            .rng
            .pick(&["INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]);
        let component = *self.rng.pick(COMPONENTS);
        self.header(level, component);
        match self.rng.below(9) {
            0 => {
                self.put("Request ");
                self.guid();
                self.put(" GET /pools/p-");
                let n = self.rng.below(500);
                self.num(n);
                self.put("/nodes completed in ");
                let n = self.rng.below(900);
                self.num(n);
                self.put(" ms (StatusCode: 200)");
            }
            1 => {
                self.put("Replica ");
                let n = self.rng.next() >> 20;
                self.num(n);
                self.put(" of partition ");
                self.guid();
                self.put(" opened on node _Node_");
                let n = self.rng.below(12);
                self.num(n);
            }
            2 => {
                let t = self.rng.below(0x7fff_ffff) as u32 & 0x0000_ffff;
                let _ = write!(
                    self.line,
                    "Heartbeat from 10.0.{}.{} on thread 0x{t:08x}, pid 0x{:08X}",
                    self.rng.below(256),
                    self.rng.below(256),
                    self.rng.below(0x8000_0000)
                );
            }
            3 => {
                let _ = write!(
                    self.line,
                    "Checkpoint {} committed, lsn={}, {} bytes flushed",
                    self.rng.below(100_000),
                    self.rng.next() >> 24,
                    self.rng.below(1 << 20)
                );
            }
            4 => {
                let _ = write!(
                    self.line,
                    "Transient error talking to store-{}.internal, retrying in {} ms (attempt {} of 5)",
                    self.rng.below(64),
                    self.rng.below(2000),
                    1 + self.rng.below(5)
                );
            }
            5 => {
                let _ = write!(
                    self.line,
                    "Query returned {} documents, request charge {}.{:02} RU, continuation token present",
                    self.rng.below(1000),
                    self.rng.below(50),
                    self.rng.below(100)
                );
            }
            6 => {
                let _ = write!(
                    self.line,
                    "Cache miss for key user:{}:profile, loading from store (status: ok)",
                    self.rng.below(1_000_000)
                );
            }
            7 => {
                self.put("Lease renewed for owner ");
                self.guid();
                let _ = write!(self.line, " on range {}", self.rng.below(64));
            }
            _ => {
                self.put("Uploaded blob logs/2024/05/");
                self.guid();
                let _ = write!(self.line, ".json ({} KB)", self.rng.below(4096));
            }
        }
    }

    /// A specific (never plain) code in the form its service logs it.
    fn specific_code(&mut self) {
        let code = self.specific.draw(&mut self.rng);
        let entry: &'static Entry = catalog::entries()
            .iter()
            .find(|e| e.code() == code)
            .expect("drawn from the catalog");
        self.expected.add(SummaryKey::Code(code), Confidence::High);
        match entry.service {
            Service::Batch => {
                self.header("ERROR", "Microsoft.Azure.Batch.Protocol");
                self.put("Request ");
                self.guid();
                if self.rng.chance(50) {
                    let _ = write!(
                        self.line,
                        " PUT https://acct{}.westus.batch.azure.com/pools/p-{} failed: {{\"odata.metadata\":\"https://acct.westus.batch.azure.com/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element\",\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"The request failed.\"}}}}",
                        self.rng.below(9),
                        self.rng.below(500)
                    );
                } else {
                    let _ = write!(self.line, " 409 x-ms-error-code: {code}");
                }
            }
            Service::Cosmos => {
                self.header("WARN", "Microsoft.Azure.Cosmos.Direct");
                let _ = write!(self.line, "Store response carried error {code}, will retry");
            }
            Service::Fabric | Service::IisMedia | Service::Veeam => {
                let component = if entry.service == Service::Fabric {
                    "ServiceFabric.Naming"
                } else {
                    "MediaServices.Management"
                };
                self.header("WARN", component);
                let _ = write!(
                    self.line,
                    "Operation {} on fabric:/App{}/Svc failed: {code}",
                    self.rng.below(1 << 30),
                    self.rng.below(40)
                );
                if let Some(h) = entry.hresult.filter(|_| self.rng.chance(70)) {
                    self.put(" (");
                    self.hex(h);
                    self.put(")");
                    self.expected.add(SummaryKey::Hresult(h), Confidence::High);
                }
            }
        }
    }

    fn cosmos_pair(&mut self) {
        let (status, substatus) = if self.rng.chance(85) {
            self.pairs.draw(&mut self.rng)
        } else {
            (*self.rng.pick(&self.cosmos_statuses), 0)
        };
        self.expected.add(
            SummaryKey::CosmosStatus(status, substatus),
            Confidence::High,
        );
        match self.rng.below(4) {
            0 => {
                self.header("ERROR", "Microsoft.Azure.Cosmos");
                let name = dotnet_status_name(status);
                let _ = write!(
                    self.line,
                    "CosmosException : Response status code does not indicate success: {name} ({status}); Substatus: {substatus}; ActivityId: "
                );
                self.guid();
                self.put("; Reason: (Message: request failed);");
                if catalog::entries().iter().any(|e| e.code() == name)
                    && !rules::is_status_word(&self.status_words, name)
                {
                    // `TooManyRequests` is itself a Cosmos DB code, corroborated by the logger name.
                    self.expected.add(SummaryKey::Code(name), Confidence::High);
                }
            }
            1 => {
                let _ = write!(
                    self.line,
                    "{{\"ts\":{},\"level\":\"warn\",\"msg\":\"cosmos request failed\",\"statusCode\":{status},\"subStatusCode\":{substatus},\"requestCharge\":{}.{},\"activityId\":\"",
                    1_715_644_800_000 + self.clock_ms,
                    self.rng.below(20),
                    self.rng.below(10)
                );
                self.guid();
                self.put("\"}");
            }
            2 => {
                self.header("WARN", "Cosmos.Direct");
                let _ = write!(
                    self.line,
                    "StatusCode={status} SubStatusCode={substatus} RequestCharge=1.5 Endpoint=rntbd://cdb-ms-prod-westus1-fd{}.documents.azure.com:14364/",
                    self.rng.below(90)
                );
            }
            _ => {
                self.header("WARN", "Cosmos.Gateway");
                let _ = write!(
                    self.line,
                    "Request failed: StatusCode: {status}, SubStatusCode: {substatus}, Region: West US"
                );
            }
        }
    }

    fn hresult(&mut self) {
        let component = *self.rng.pick(COMPONENTS);
        self.header("ERROR", component);
        match self.rng.below(4) {
            0 => {
                let h = self.hresults.draw(&mut self.rng);
                self.put("Publishing point update failed, hr=");
                self.hex(h);
                self.expected.add(SummaryKey::Hresult(h), Confidence::High);
            }
            1 => {
                let h = self.hresults.draw(&mut self.rng);
                let form = *self
                    .rng
                    .pick(&["HRESULT ", "error code ", "ErrorCode: ", "hr: "]);
                let _ = write!(self.line, "Call failed with {form}{}", h as i32);
                self.expected.add(SummaryKey::Hresult(h), Confidence::High);
            }
            _ => {
                let h = self.foreign_hresult();
                if self.rng.chance(50) {
                    self.put("COM call failed, HRESULT: ");
                    self.hex(h);
                    self.expected.add(SummaryKey::Hresult(h), Confidence::High);
                } else {
                    self.put("CreateFile returned ");
                    self.hex(h);
                    self.put(" for D:\\data\\app.db");
                    self.expected.add(SummaryKey::Hresult(h), Confidence::Low);
                }
            }
        }
    }

    /// A failure HRESULT neither the catalog nor the Windows tables name
    /// (a named one is a sure match without a key; see the scan rules).
    fn foreign_hresult(&mut self) -> u32 {
        loop {
            // A small set, so they repeat as real ones do; Win32 numbers this
            // high are unassigned.
            let h = 0x8007_FFC0 | self.rng.below(64) as u32;
            if catalog::by_hresult(h).next().is_none() && crate::windows::first_name(h).is_none() {
                return h;
            }
        }
    }

    fn plain_code(&mut self) {
        let code = *self.rng.pick(&self.plain);
        match self.rng.below(3) {
            0 => {
                let component = *self.rng.pick(COMPONENTS);
                self.header("INFO", component);
                let _ = write!(
                    self.line,
                    "node {} reported state {code} after {} ms",
                    self.rng.below(64),
                    self.rng.below(5000)
                );
                self.expected.add(SummaryKey::Code(code), Confidence::Low);
            }
            1 => {
                let component = *self.rng.pick(COMPONENTS);
                self.header("WARN", component);
                self.put("request ");
                self.guid();
                let form = *self.rng.pick(&[
                    " rejected: code=",
                    " x-ms-error-code: ",
                    " body <Code>",
                    " \"code\": \"",
                ]);
                let _ = write!(self.line, "{form}{code}");
                self.expected.add(SummaryKey::Code(code), Confidence::High);
            }
            _ => {
                let service = catalog::entries()
                    .iter()
                    .find(|e| e.code() == code)
                    .expect("drawn from the catalog")
                    .service;
                self.header("WARN", service_component(service));
                let _ = write!(
                    self.line,
                    "task t-{} finished: {code}",
                    self.rng.below(1000)
                );
                self.expected.add(SummaryKey::Code(code), Confidence::High);
            }
        }
    }

    /// Things that look like codes and are not.
    fn near_miss(&mut self) {
        let component = *self.rng.pick(COMPONENTS);
        self.header("DEBUG", component);
        let text = *self.rng.pick(&[
            "lookup PoolNotFoundX in cache: poolnotfound, xPoolNotFound",
            "parsed 0x8088002ELX and 0x8088002 and 0x7FFFFFFF from header",
            "syscall error -1 (errno 22), retry",
            "field ErrorCodeUnknown set; FABRIC_E_NOT_PRIMARY_V2 is a metric name",
            "StatusCode: 200 RequestCharge: 1.2",
            "unknown server busy; internal error budget 5%",
        ]);
        self.put(text);
    }

    /// A long JSON line (a payload dump) with a code at its end.
    fn long_line(&mut self) {
        let len = 2048 + self.rng.below(6144);
        self.put("{\"payload\":\"");
        for _ in 0..len / 16 {
            // Lower-case hex only: it can hold no code name, no `0x`, no key.
            let _ = write!(self.line, "{:016x}", self.rng.next());
        }
        let code = self.specific.draw(&mut self.rng);
        let _ = write!(self.line, "\",\"code\":\"{code}\"}}");
        self.expected.add(SummaryKey::Code(code), Confidence::High);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_counts() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let ea = write_log(7, 50_000, &mut a).unwrap();
        let eb = write_log(7, 50_000, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(ea, eb);
        assert_eq!(ea.bytes, a.len() as u64);
        assert_eq!(ea.lines, a.iter().filter(|&&c| c == b'\n').count() as u64);
        let mut c = Vec::new();
        write_log(8, 50_000, &mut c).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn zipf_draws_favour_the_first() {
        let z = Zipf::new((0..100).collect::<Vec<u32>>());
        let mut rng = Rng(1);
        let mut counts = [0u32; 100];
        for _ in 0..10_000 {
            counts[z.draw(&mut rng) as usize] += 1;
        }
        assert!(counts[0] > counts[10] && counts[10] > counts[99]);
    }
}
