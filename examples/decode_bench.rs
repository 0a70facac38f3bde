//! Throughput of the body decoder, as `errcode decode --lines --json` uses it.
//!
//! ```text
//! cargo run --release --example decode_bench -- FILE [COUNT]
//! ```
//!
//! Writes COUNT (default 1,000,000) NDJSON error bodies to FILE, mixing the
//! shapes services send (Batch, Service Fabric gateway, Cosmos DB, OData v3
//! and v4) with codes drawn from the catalog, so the same file can be fed to
//! `jq` and to the CLI. Then, with the file in memory, times `decode` alone
//! and `decode` + `matching_entries` + JSON serialization of one object per
//! body into a buffer, and prints bodies per second.

use std::io::Write;
use std::time::Instant;

use errcode_cli::catalog::{self, Service};
use errcode_cli::decode::{ErrorBody, decode, matching_entries, write_json_string};
use serde::Serialize;

/// One output line: the decoded body and the catalog entries it matched.
#[derive(Serialize)]
struct Line<'a> {
    body: &'a ErrorBody,
    matches: Vec<Match>,
}

#[derive(Serialize)]
struct Match {
    service: &'static str,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
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
        .map(|e| e.code)
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
                if rng.next() % 2 == 0 {
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

    let start = Instant::now();
    let mut out: Vec<u8> = Vec::with_capacity(text.len() * 3);
    for l in &lines {
        let body = decode(l);
        let matches: Vec<Match> = matching_entries(&body, None)
            .into_iter()
            .map(|e| Match {
                service: e.service.id(),
                code: e.code,
                status: e.status,
            })
            .collect();
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(
            &mut out,
            &Line {
                body: &body,
                matches,
            },
        );
        out.push(b'\n');
    }
    report(
        "decode + match + serde",
        lines.len(),
        start.elapsed().as_secs_f64(),
    );

    // The same lines through ErrorBody::write_json, the writer the CLI's hot path can use.
    let start = Instant::now();
    let mut fast: Vec<u8> = Vec::with_capacity(out.len());
    for l in &lines {
        let body = decode(l);
        let matches = matching_entries(&body, None);
        fast.extend_from_slice(b"{\"body\":");
        body.write_json(&mut fast);
        fast.extend_from_slice(b",\"matches\":[");
        for (i, e) in matches.iter().enumerate() {
            if i > 0 {
                fast.push(b',');
            }
            fast.extend_from_slice(b"{\"service\":");
            write_json_string(&mut fast, e.service.id());
            fast.extend_from_slice(b",\"code\":");
            write_json_string(&mut fast, e.code);
            if let Some(s) = e.status {
                fast.extend_from_slice(b",\"status\":");
                fast.extend_from_slice(s.to_string().as_bytes());
            }
            fast.push(b'}');
        }
        fast.extend_from_slice(b"]}\n");
    }
    report(
        "decode + match + write_json",
        lines.len(),
        start.elapsed().as_secs_f64(),
    );
    assert!(fast == out, "write_json writes what serde_json writes");
    println!(
        "{matched} of {} bodies matched a catalog entry; {:.1} MB of JSON out",
        lines.len(),
        out.len() as f64 / 1e6
    );
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
