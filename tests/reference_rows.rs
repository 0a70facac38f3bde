//! The catalog checked against the reference tables of issue 9
//! (`../shared/reference`): every .NET name and exception type an alias,
//! the regenerated gateway statuses, and every row the audit added. The
//! expected values are read from the reference files, never from `data/`.
//! Without `../shared` the checks that need it print a note and pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use errcode_cli::catalog::{self, Entry, Service};

fn reference() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("note: {} is absent; skipping", dir.display());
        None
    }
}

/// A reference TSV as rows of column name -> value.
fn tsv(dir: &Path, file: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir.join(file)).expect("readable reference TSV");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect()
        })
        .collect()
}

fn entry(service: Service, code: &str) -> &'static Entry {
    let hits: Vec<_> = catalog::by_code(code)
        .filter(|e| e.service == service && e.code() == code)
        .collect();
    assert_eq!(hits.len(), 1, "{code} in {service:?}: {hits:?}");
    hits[0]
}

fn count(service: Service, source: &str) -> usize {
    service
        .entries()
        .iter()
        .filter(|e| e.source().id == source)
        .count()
}

#[test]
fn entry_counts_per_source() {
    let counts = |s: Service| -> Vec<(&str, usize)> {
        let mut ids: Vec<&str> = s.entries().iter().map(|e| e.source().id).collect();
        ids.dedup();
        ids.iter().map(|id| (*id, count(s, id))).collect()
    };
    assert_eq!(
        counts(Service::Fabric),
        vec![("seed", 65), ("idl", 173), ("common", 15), ("extra", 11)]
    );
    assert_eq!(count(Service::Batch, "seed-common"), 34);
    assert_eq!(count(Service::Batch, "seed-service"), 69);
    assert_eq!(count(Service::Batch, "extra-resize"), 5 + 18);
    assert_eq!(count(Service::Batch, "extra-track2"), 1);
    assert_eq!(Service::Batch.entries().len(), 161 + 19);
    assert_eq!(count(Service::Cosmos, "seed"), 15);
    // 362 service rows less the sub-status 0 "Unknown" row (0 means no sub-status).
    assert_eq!(count(Service::Cosmos, "substatus-service"), 361);
    assert_eq!(count(Service::Cosmos, "substatus-sdk-client"), 16 + 14);
    assert_eq!(count(Service::Cosmos, "substatus-sdk-server"), 13 + 7);
    assert_eq!(Service::Veeam.entries().len(), 12);
    assert_eq!(Service::IisMedia.entries().len(), 16);
    assert_eq!(catalog::entries().len(), 898);
}

#[test]
fn sample_of_exact_values() {
    let e = entry(Service::Fabric, "FABRIC_E_INVALID_X509_THUMBPRINT");
    assert_eq!(e.status, Some(400));
    let e = entry(Service::Fabric, "NotFound");
    assert_eq!((e.status, e.hresult), (Some(404), Some(0x8007_1CF0)));
    assert_eq!(e.id(), "fabric:NotFound");
    let e = entry(Service::Fabric, "ParentServiceMultiplePartitions");
    assert_eq!((e.status, e.hresult), (None, Some(0x87B0_0019)));
    let e = entry(Service::Fabric, "FABRIC_E_BACKUP_POLICY_ALREADY_EXISTING");
    assert_eq!((e.status, e.hresult), (Some(409), None));
    let e = entry(Service::Fabric, "FABRIC_E_NOT_PRIMARY");
    assert_eq!(
        e.aliases().to_vec(),
        [
            "NotPrimary",
            "FabricNotPrimaryException",
            "System.Fabric.FabricNotPrimaryException"
        ]
    );
    let e = entry(Service::Batch, "DiskEncryptionFailure");
    assert_eq!((e.status, e.source().id), (None, "extra-resize"));
    let e = entry(Service::Batch, "CertificateDeleteFailed");
    assert_eq!(e.aliases().to_vec(), ["CertificateStateDeleteFailed"]);
    let e = entry(Service::Cosmos, "404");
    assert_eq!(e.aliases().to_vec(), ["NotFound"]);
    let e = entry(
        Service::Cosmos,
        "THROUGHPUT_CONTROL_BULK_REQUEST_RATE_TOO_LARGE",
    );
    assert_eq!((e.status, e.substatus), (Some(429), Some(10005)));
    let e = entry(Service::Cosmos, "WriteRegionBarrierChangedMidOperation");
    assert_eq!((e.status, e.substatus), (Some(500), Some(20913)));
    let ids: Vec<&str> = catalog::by_code("TransportGenerated410")
        .map(|e| e.id())
        .collect();
    assert_eq!(
        ids,
        [
            "cosmos:TransportGenerated410:503.20001",
            "cosmos:TransportGenerated410:410.20001"
        ]
    );
    let ids: BTreeSet<&str> = catalog::by_code("Unknown")
        .filter(|e| e.service == Service::Batch)
        .map(|e| e.id())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from(["batch:Unknown:seed-job", "batch:Unknown:seed-task"])
    );
    assert_eq!(catalog::NEWEST_SOURCE, "2026-12-02");
    assert_eq!(Service::Veeam.info().newest_source, None);
    assert_eq!(Service::IisMedia.info().newest_source, Some("2012-05-02"));
}

#[test]
fn gateway_statuses_are_the_regenerated_map() {
    let Some(dir) = reference() else { return };
    let rows = tsv(&dir, "fabric-http-status-map.tsv");
    assert_eq!(rows.len(), 163);
    let mut checked = 0;
    for r in &rows {
        let name = &r["name"];
        let Some(e) = catalog::by_code(name).find(|e| e.service == Service::Fabric) else {
            continue;
        };
        if e.is_seed() {
            continue; // the seed's own status stands; its notes say where the gateway differs
        }
        assert_eq!(
            e.status.map(|s| s.to_string()),
            Some(r["http_status"].clone()),
            "{name}"
        );
        checked += 1;
    }
    assert_eq!(checked, 97, "non-seed Service Fabric names in the map");
    for suffix in [
        "FIND_TYPE",
        "STORE",
        "STORE_LOCATION",
        "STORE_NAME",
        "THUMBPRINT",
        "NAME_LIST",
    ] {
        let e = entry(Service::Fabric, &format!("FABRIC_E_INVALID_X509_{suffix}"));
        assert_eq!(e.status, Some(400), "{suffix}");
    }
}

#[test]
fn every_dotnet_name_is_an_alias_of_its_code() {
    let Some(dir) = reference() else { return };
    let rows = tsv(&dir, "fabric-dotnet-names.tsv");
    assert_eq!(rows.len(), 235);
    let mut aliased = 0;
    for r in &rows {
        let (dotnet, native) = (&r["dotnet_name"], &r["native_name"]);
        if native.is_empty() {
            // No native name: the member is a code of its own (0x87B00019..),
            // or `Unknown` (0), which names no error.
            if dotnet != "Unknown" {
                entry(Service::Fabric, dotnet);
            }
            continue;
        }
        let hits: Vec<&str> = catalog::by_name(dotnet, Some(Service::Fabric))
            .map(|e| e.code())
            .collect();
        assert!(
            hits.contains(&native.as_str()),
            "{dotnet} -> {native}: {hits:?}"
        );
        aliased += 1;
    }
    assert!(aliased >= 225, "{aliased}");
}

#[test]
fn exception_types_of_one_code_are_aliases() {
    let Some(dir) = reference() else { return };
    let mut natives: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in tsv(&dir, "fabric-exception-types.tsv") {
        let t = r["exception_type"].split(' ').next().unwrap().to_string();
        if t.starts_with("System.Fabric.") && !r["native_name"].is_empty() {
            natives
                .entry(t)
                .or_default()
                .insert(r["native_name"].clone());
        }
    }
    let mut checked = 0;
    for (t, n) in &natives {
        let short = t.rsplit('.').next().unwrap();
        let hits: Vec<&str> = catalog::by_name(short, Some(Service::Fabric))
            .map(|e| e.code())
            .collect();
        if n.len() == 1 {
            let native = n.iter().next().unwrap();
            assert_eq!(hits, [native.as_str()], "{t}");
            let full: Vec<&str> = catalog::by_name(t, Some(Service::Fabric))
                .map(|e| e.code())
                .collect();
            assert_eq!(full, [native.as_str()], "{t}");
            checked += 1;
        } else {
            // A type several codes raise names none of them.
            assert!(hits.is_empty(), "{t}: {hits:?}");
        }
    }
    assert_eq!(checked, 25, "exception types of one code");
}

#[test]
fn every_extra_fabric_code_is_an_entry() {
    let Some(dir) = reference() else { return };
    let rows = tsv(&dir, "fabric-codes-extra.tsv");
    assert_eq!(rows.len(), 11);
    for r in rows {
        let e = entry(Service::Fabric, &r["code"]);
        assert_eq!(e.source().id, "extra");
        let want = r["hresult"].split(' ').next().unwrap();
        assert_eq!(
            e.hresult.map(|h| format!("0x{h:08X}")).unwrap_or_default(),
            want,
            "{}",
            r["code"]
        );
    }
}

#[test]
fn every_batch_reference_code_is_found() {
    let Some(dir) = reference() else { return };
    let rows = tsv(&dir, "batch-error-codes-extra.tsv");
    assert_eq!(rows.len(), 171);
    for r in rows {
        let code = &r["code"];
        assert!(
            catalog::by_name(code, Some(Service::Batch))
                .next()
                .is_some(),
            "{code}"
        );
    }
}

#[test]
fn every_cosmos_substatus_with_a_status_is_an_entry() {
    let Some(dir) = reference() else { return };
    let rows = tsv(&dir, "cosmos-substatus.tsv");
    let mut checked = 0;
    for r in rows {
        let (Ok(status), Ok(ss)) = (
            r["http_status"].parse::<u16>(),
            r["substatus"].parse::<u32>(),
        ) else {
            continue;
        };
        let found = catalog::by_status(status)
            .any(|e| e.service == Service::Cosmos && e.substatus == Some(ss));
        assert!(found, "{status}.{ss} {}", r["name"]);
        checked += 1;
    }
    assert_eq!(checked, 315, "numeric (status, sub-status) rows");
}

#[test]
fn the_imported_data_is_current() {
    if reference().is_none() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/import_reference.py");
    let out = match std::process::Command::new("python3")
        .arg(&script)
        .arg("--check")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            println!("note: python3 not runnable ({e}); skipping");
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
