//! Throughput of the body decoder, as `errcode decode --lines --json` uses it.
//!
//! ```text
//! cargo run --release --example decode_bench -- FILE [COUNT]
//! ```
//!
//! Writes COUNT (default 1,000,000) NDJSON error bodies to FILE, mixing the
//! shapes services send (Batch, Service Fabric gateway, Cosmos DB, OData v3
//! and v4) with codes drawn from the catalog, so the same file can be fed to
//! `jq` and to the CLI. Then, with the file in memory and one thread, times:
//! `decode` alone; with `matching_entries`; and with the CLI's output line
//! (`{"line":N, ..body.., "entries":[..]}`) written two ways: serde with
//! `flatten` and the entry views serialized per line, and the fast path
//! (`ErrorBody::write_json_fields`, each entry's JSON made once). Output goes
//! to a reused buffer drained into a sink, as a `BufWriter` on stdout would.

use std::io::Write;
use std::time::Instant;

use errcode_cli::catalog::{self, Service};
use errcode_cli::decode::{ErrorBody, decode, matching_entries};
use errcode_cli::explain::{Hints, explain_body, write_line_json};
use errcode_cli::model::{self, EntryView};
use serde::Serialize;

/// The CLI's `--lines --json` line, as serde writes it.
#[derive(Serialize)]
struct Line<'a> {
    line: u64,
    #[serde(flatten)]
    body: &'a ErrorBody,
    entries: Vec<EntryView>,
}

/// A small deterministic generator (xorshift): the file is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn guid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a as u32,
            (a >> 32) as u16,
            (a >> 48) as u16,
            b as u16,
            (b >> 16) & 0xffff_ffff_ffff
        )
    }
}

fn codes(service: Service) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = service
        .entries()
        .iter()
        .filter(|e| e.status.is_some_and(|s| s >= 400))
        .map(|e| e.code())
        .collect();
    v.dedup();
    v
}

fn generate(n: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let batch = codes(Service::Batch);
    let fabric = codes(Service::Fabric);
    let cosmos = [
        (
            "NotFound",
            "Resource Not Found. Learn more: https:\\/\\/aka.ms\\/cosmosdb-tsg-not-found",
        ),
        (
            "Conflict",
            "Entity with the specified id already exists in the system.",
        ),
        (
            "TooManyRequests",
            "Request rate is large. More Request Units may be needed, so no changes were made.",
        ),
        ("BadRequest", "One of the specified inputs is invalid"),
        (
            "PreconditionFailed",
            "Operation cannot be performed because one of the specified precondition is not met.",
        ),
    ];
    let table = [
        "TableAlreadyExists",
        "EntityAlreadyExists",
        "ResourceNotFound",
        "UpdateConditionNotSatisfied",
        "InvalidInput",
    ];
    let arm = [
        "ResourceGroupNotFound",
        "AuthorizationFailed",
        "InvalidTemplate",
        "ResourceNotFound",
        "Conflict",
    ];
    let mut out = String::with_capacity(n * 330);
    for i in 0..n {
        let rid = rng.guid();
        match i % 5 {
            0 => {
                let code = rng.pick(&batch);
                out.push_str(&format!(
                    "{{\"odata.metadata\":\"https://acct{}.westus.batch.azure.com/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element\",\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"The request failed.\\nRequestId:{rid}\\nTime:2024-05-01T10:00:00.1234567Z\"}}",
                    i % 97
                ));
                if rng.next().is_multiple_of(2) {
                    out.push_str(
                        ",\"values\":[{\"key\":\"Reason\",\"value\":\"Value is out of range\"}]",
                    );
                }
                out.push('}');
            }
            1 => {
                let code = rng.pick(&fabric);
                out.push_str(&format!("{{\"Error\":{{\"Code\":\"{code}\",\"Message\":\"The operation failed for partition {rid}.\"}}}}"));
            }
            2 => {
                let (code, text) = rng.pick(&cosmos);
                out.push_str(&format!(
                    "{{\"code\":\"{code}\",\"message\":\"Message: {{\\\"Errors\\\":[\\\"{text}\\\"]}}\\r\\nActivityId: {rid}, Request URI: /apps/a/services/s/partitions/p/replicas/1p/, RequestStats: , SDK: Microsoft.Azure.Documents.Common/2.14.0\"}}"
                ));
            }
            3 => {
                let code = rng.pick(&table);
                out.push_str(&format!(
                    "{{\"odata.error\":{{\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"The table operation failed.\\nRequestId:{rid}\\nTime:2024-05-01T10:00:00.1234567Z\"}}}}}}"
                ));
            }
            _ => {
                let code = rng.pick(&arm);
                out.push_str(&format!(
                    "{{\"error\":{{\"code\":\"{code}\",\"message\":\"The operation on resource '{rid}' failed.\",\"target\":\"properties\"}}}}"
                ));
            }
        }
        out.push('\n');
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: decode_bench FILE [COUNT]");
        std::process::exit(2);
    };
    let count: usize = match args.next().map(|c| c.replace('_', "").parse()) {
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("decode_bench: COUNT must be a number");
            std::process::exit(2);
        }
        None => 1_000_000,
    };
    let text = generate(count);
    if let Err(e) = std::fs::write(&path, &text) {
        eprintln!("decode_bench: cannot write {path}: {e}");
        std::process::exit(1);
    }
    let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    println!(
        "{} bodies, {:.1} MB, written to {path}",
        lines.len(),
        text.len() as f64 / 1e6
    );
    assert!(catalog::entries().len() > 1, "catalog is compiled in");

    // Warm up caches and the allocator.
    for l in lines.iter().take(10_000) {
        std::hint::black_box(decode(l));
    }

    let start = Instant::now();
    let mut with_code = 0usize;
    for l in &lines {
        let body = decode(l);
        with_code += body.code.is_some() as usize;
        std::hint::black_box(&body);
    }
    report("decode", lines.len(), start.elapsed().as_secs_f64());
    assert_eq!(with_code, lines.len(), "every generated body has a code");

    let start = Instant::now();
    let mut matched = 0usize;
    for l in &lines {
        let body = decode(l);
        matched += !matching_entries(&body, None).is_empty() as usize;
    }
    report("decode + match", lines.len(), start.elapsed().as_secs_f64());

    let mut sink = std::io::sink();
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut bytes_out = 0usize;
    let start = Instant::now();
    for (n, l) in lines.iter().enumerate() {
        let body = decode(l);
        let entries = matching_entries(&body, None);
        let line = Line {
            line: n as u64 + 1,
            body: &body,
            entries: model::views(&entries),
        };
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut buf, &line);
        buf.push(b'\n');
        if buf.len() > 60_000 {
            bytes_out += buf.len();
            let _ = sink.write_all(&buf);
            buf.clear();
        }
    }
    bytes_out += buf.len();
    report(
        "decode + match + serde line",
        lines.len(),
        start.elapsed().as_secs_f64(),
    );

    buf.clear();
    let start = Instant::now();
    for (n, l) in lines.iter().enumerate() {
        let x = explain_body(decode(l), &Hints::default());
        write_line_json(&mut buf, n as u64 + 1, &x);
        if buf.len() > 60_000 {
            let _ = sink.write_all(&buf);
            buf.clear();
        }
    }
    report(
        "decode + match + fast line",
        lines.len(),
        start.elapsed().as_secs_f64(),
    );
    println!(
        "{matched} of {} bodies matched a catalog entry; {:.1} MB of JSON out",
        lines.len(),
        bytes_out as f64 / 1e6
    );

    // Both writers must agree byte for byte.
    for (n, l) in lines.iter().enumerate().take(20_000) {
        let x = explain_body(decode(l), &Hints::default());
        let slow = serde_json::to_vec(&x.view(Some(n as u64)));
        let mut fast = Vec::new();
        write_line_json(&mut fast, n as u64, &x);
        assert_eq!(
            slow.map(|mut v| {
                v.push(b'\n');
                v
            })
            .ok(),
            Some(fast),
            "line {n}"
        );
    }
    let _ = std::io::stdout().flush();
}

fn report(what: &str, n: usize, secs: f64) {
    println!(
        "{what:<28} {:>10.0} bodies/s  ({:.0} ns/body, {:.3} s)",
        n as f64 / secs,
        secs * 1e9 / n as f64,
        secs
    );
}
