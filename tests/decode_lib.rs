//! The body decoder through the library API, on fixtures under
//! `tests/fixtures/decode/` (written for these tests: realistic shapes,
//! invented accounts and ids) and on hostile input made in the tests.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use errcode_cli::catalog::Service;
use errcode_cli::decode::{BodyFormat, Envelope, ErrorBody, decode, matching_entries};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decode")
        .join(name)
}

fn fixture(name: &str) -> ErrorBody {
    let bytes = std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    decode(&bytes)
}

fn codes(body: &ErrorBody, service: Option<Service>) -> Vec<&'static str> {
    matching_entries(body, service)
        .iter()
        .map(|e| e.code())
        .collect()
}

#[test]
fn service_fabric_basic_xml() {
    let b = fixture("fabric-basic.xml");
    assert_eq!(b.format, BodyFormat::FabricXml);
    assert_eq!(b.service, Some(Service::Fabric));
    assert_eq!(b.code.as_deref(), Some("FABRIC_E_SERVICE_DOES_NOT_EXIST"));
    assert_eq!(
        b.message.as_deref(),
        Some("Service fabric:/Orders/Api does not exist.")
    );
    assert_eq!(codes(&b, None), vec!["FABRIC_E_SERVICE_DOES_NOT_EXIST"]);
}

#[test]
fn dataservices_xml_from_the_fabric_image_store() {
    let b = fixture("fabric-imagestore.xml");
    assert_eq!(b.format, BodyFormat::DataservicesXml);
    assert_eq!(b.service, Some(Service::Fabric));
    assert_eq!(b.code.as_deref(), Some("FileNotFound"));
    assert!(
        b.message
            .as_deref()
            .unwrap()
            .starts_with("System.IO.FileNotFoundException")
    );
    // Not Batch's FileNotFound: the body says it is Service Fabric's, whose
    // .NET FabricErrorCode.FileNotFound is FABRIC_E_FILE_NOT_FOUND.
    assert_eq!(codes(&b, None), vec!["FABRIC_E_FILE_NOT_FOUND"]);
}

#[test]
fn fabric_gateway_json_in_a_raw_response() {
    let b = fixture("fabric-gateway.http");
    assert_eq!(b.format, BodyFormat::FabricJson);
    assert_eq!(b.envelope, Some(Envelope::HttpResponse));
    assert_eq!(b.status, Some(503));
    assert_eq!(b.reason_phrase.as_deref(), Some("FABRIC_E_NOT_PRIMARY"));
    assert_eq!(b.code.as_deref(), Some("FABRIC_E_NOT_PRIMARY"));
    assert_eq!(codes(&b, None), vec!["FABRIC_E_NOT_PRIMARY"]);
}

#[test]
fn batch_json_with_values_and_request_lines() {
    let b = fixture("batch-values.json");
    assert_eq!(b.format, BodyFormat::BatchJson);
    assert_eq!(b.service, Some(Service::Batch));
    assert_eq!(b.code.as_deref(), Some("InvalidPropertyValue"));
    assert_eq!(
        b.message.as_deref(),
        Some("The value provided for one of the properties in the request body is invalid.")
    );
    assert_eq!(b.detail("PropertyName"), Some("targetDedicatedNodes"));
    assert_eq!(b.detail("PropertyValue"), Some("-1"));
    assert_eq!(
        b.detail("Reason"),
        Some("The value must be between 0 and 2000.")
    );
    assert_eq!(b.detail("Time"), Some("2024-02-29T17:03:11.4410372Z"));
    assert_eq!(
        b.request_id.as_deref(),
        Some("5a0c1e2f-7d41-4c3b-9e55-0f6a2b8c9d10")
    );
    assert_eq!(codes(&b, None), vec!["InvalidPropertyValue"]);
}

#[test]
fn batch_over_http2_with_lf_line_ends() {
    let b = fixture("batch-http2-lf.http");
    assert_eq!((b.status, b.reason_phrase.as_deref()), (Some(404), None));
    assert_eq!(b.code.as_deref(), Some("JobNotFound"));
    assert_eq!(
        b.request_id.as_deref(),
        Some("7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b")
    );
    assert_eq!(b.content_type.as_deref(), Some("application/json"));
}

#[test]
fn batch_scheduling_errors() {
    let b = fixture("batch-task-failure.json");
    assert_eq!(b.format, BodyFormat::BatchSchedulingJson);
    assert_eq!(b.category.as_deref(), Some("UserError"));
    assert_eq!(b.code.as_deref(), Some("BlobNotFound"));
    assert_eq!(
        b.detail("FilePath"),
        Some(r"D:\batch\tasks\workitems\render\job-1\render-frame-0042\wd\frame.blend")
    );
    assert_eq!(codes(&b, None), vec!["BlobNotFound"]);

    // The seed's sample: `values` as one object with `name`.
    let b = fixture("batch-preprocessing.json");
    assert_eq!(b.format, BodyFormat::BatchSchedulingJson);
    assert_eq!(b.code.as_deref(), Some("JobPreparationTaskFailed"));
    assert_eq!(b.detail("ExitCode"), Some("3"));
}

#[test]
fn batch_multipart_response_reports_the_failed_operation() {
    let b = fixture("batch-multipart.http");
    assert_eq!(b.envelope, Some(Envelope::Multipart));
    assert_eq!(b.format, BodyFormat::BatchJson);
    assert_eq!(b.status, Some(409));
    assert_eq!(b.code.as_deref(), Some("TaskExists"));
    assert_eq!(b.detail("multipart.status"), Some("202"));
    assert_eq!(b.detail("multipart.responses"), Some("2"));
    assert_eq!(codes(&b, None), vec!["TaskExists"]);
}

#[test]
fn iis_media_hresults_find_the_catalog_entry() {
    let b = fixture("iis-media.http");
    assert_eq!(b.format, BodyFormat::IisMediaXml);
    assert_eq!(b.service, Some(Service::IisMedia));
    assert_eq!(b.code.as_deref(), Some("0x8088002E"));
    assert_eq!(
        b.message.as_deref(),
        Some("The publishing point was not found.")
    );
    let fields: Vec<(&str, u32)> = b
        .hresults
        .iter()
        .map(|h| (h.field.as_str(), h.value.0))
        .collect();
    assert!(fields.contains(&("code", 0x8088_002E)));
    assert!(fields.contains(&("InternalError", 0x8007_0003)));
    assert_eq!(codes(&b, None), vec!["MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"]);
}

#[test]
fn cosmos_throttling_with_substatus_and_retry() {
    let b = fixture("cosmos-throttled.http");
    assert_eq!(b.format, BodyFormat::CosmosJson);
    assert_eq!(b.service, Some(Service::Cosmos));
    assert_eq!(
        (b.status, b.substatus, b.retry_after_ms),
        (Some(429), Some(3200), Some(1250))
    );
    assert_eq!(b.code.as_deref(), Some("429"));
    assert!(
        b.message
            .as_deref()
            .unwrap()
            .starts_with("Request rate is large.")
    );
    assert_eq!(
        b.request_id.as_deref(),
        Some("3f1d2c4b-8a9e-4f70-b1c2-d3e4f5a6b7c8")
    );
    assert_eq!(
        b.detail("Request URI"),
        Some("/apps/7c1e/services/91ab/partitions/44f0/replicas/1337p/")
    );
    assert_eq!(
        b.detail("SDK"),
        Some("Microsoft.Azure.Documents.Common/2.14.0")
    );
    assert_eq!(codes(&b, None), vec!["RUBudgetExceeded", "429"]);
}

#[test]
fn cosmos_status_name_as_code() {
    let b = fixture("cosmos-notfound.json");
    assert_eq!(b.format, BodyFormat::CosmosJson);
    assert_eq!(b.code.as_deref(), Some("NotFound"));
    assert_eq!(b.status, None);
    assert_eq!(
        b.message.as_deref(),
        Some("Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found")
    );
    assert_eq!(codes(&b, None), vec!["404"]);
}

#[test]
fn odata_v3_v4_and_key_vault() {
    let b = fixture("table-odata-v3.json");
    assert_eq!(b.format, BodyFormat::OdataV3Json);
    assert_eq!(b.code.as_deref(), Some("EntityAlreadyExists"));
    assert_eq!(
        b.request_id.as_deref(),
        Some("6e1f0a2b-3002-0041-1c4d-6f2a99000000")
    );

    let b = fixture("arm-deployment.json");
    assert_eq!(b.format, BodyFormat::OdataV4Json);
    assert_eq!(b.code.as_deref(), Some("InvalidTemplateDeployment"));
    assert_eq!(b.detail("target"), Some("pool-rollout"));
    assert!(
        b.detail("QuotaExceeded")
            .unwrap()
            .contains("Total Regional Cores")
    );
    assert_eq!(b.detail("QuotaExceeded.target"), Some("cores"));
    assert_eq!(
        b.detail("innererror.innererror.code"),
        Some("CoreQuotaCheck")
    );

    let b = fixture("keyvault.http");
    assert_eq!(b.format, BodyFormat::OdataV4Json);
    assert_eq!(
        (b.status, b.code.as_deref()),
        (Some(401), Some("Unauthorized"))
    );
    assert_eq!(
        b.request_id.as_deref(),
        Some("9d2c0e1a-77b4-4c1e-8a3f-2b6d5e4f3a21")
    );
}

#[test]
fn storage_xml_after_a_bom_with_the_error_code_header() {
    let b = fixture("storage-blob.http");
    assert_eq!(b.format, BodyFormat::StorageXml);
    assert_eq!(b.code.as_deref(), Some("BlobAlreadyExists"));
    assert_eq!(
        b.message.as_deref(),
        Some("The specified blob already exists.")
    );
    assert_eq!(
        b.request_id.as_deref(),
        Some("2b6f0c1d-501e-0033-7a1b-3c4d5e000000")
    );
    assert_eq!(b.detail("Time"), Some("2024-02-01T10:00:00.1234567Z"));
    assert_eq!(b.charset.as_deref(), Some("utf-8"));
    assert!(b.problems.is_empty());
}

#[test]
fn other_xml_dialects() {
    let b = fixture("service-management.xml");
    assert_eq!(
        (b.format, b.code.as_deref()),
        (BodyFormat::ServiceManagementXml, Some("ConflictError"))
    );

    let b = fixture("sql-azure.xml");
    assert_eq!(
        (b.format, b.code.as_deref(), b.status),
        (BodyFormat::ErrorXml, Some("40647"), None)
    );
    assert_eq!(
        (b.detail("Severity"), b.detail("State")),
        (Some("16"), Some("1"))
    );

    let b = fixture("servicebus.xml");
    assert_eq!(
        (b.format, b.code.as_deref(), b.status),
        (BodyFormat::ErrorXml, Some("404"), Some(404))
    );
    assert_eq!(b.detail("SubCode"), Some("40400"));
    assert_eq!(
        b.request_id.as_deref(),
        Some("5c3e2a1b-0f9d-4e8c-b7a6-95f4e3d2c1b0_G12")
    );
    // A bare status says nothing about which service's table to read.
    assert!(codes(&b, None).is_empty());
}

#[test]
fn other_json_dialects() {
    let b = fixture("datalake.json");
    assert_eq!(
        (b.format, b.code.as_deref()),
        (BodyFormat::WebhdfsJson, Some("AccessControlException"))
    );
    assert_eq!(b.hresults[0].value.0, 0x8309_0AA2);

    let b = fixture("webapi-message.json");
    assert_eq!(b.format, BodyFormat::Json);
    assert_eq!(b.message.as_deref(), Some("An error has occurred."));
    assert_eq!(
        b.detail("ExceptionMessage"),
        Some("Object reference not set to an instance of an object.")
    );
    assert_eq!(
        b.detail("ExceptionType"),
        Some("System.NullReferenceException")
    );

    let b = fixture("problem-details.json");
    assert_eq!((b.format, b.status), (BodyFormat::ProblemJson, Some(400)));
    assert_eq!(b.detail("poolId"), Some("The poolId field is required."));

    let b = fixture("oauth.json");
    assert_eq!(
        (b.format, b.code.as_deref()),
        (BodyFormat::OauthJson, Some("invalid_client"))
    );
    assert!(
        b.message
            .as_deref()
            .unwrap()
            .ends_with("not the client secret ID.")
    );
    assert_eq!(
        b.request_id.as_deref(),
        Some("11111111-2222-3333-4444-555555555555")
    );
    assert_eq!(
        b.detail("Correlation ID"),
        Some("66666666-7777-8888-9999-000000000000")
    );
}

#[test]
fn html_pages() {
    let b = fixture("iis-detailed-error.html");
    assert_eq!(b.format, BodyFormat::Html);
    assert_eq!(b.status, Some(404));
    assert_eq!(b.hresults[0].value.0, 0x8007_0002);
    assert!(b.mentions.contains(&"0x80070002".to_string()));

    let b = fixture("proxy-503.http");
    assert_eq!((b.format, b.status), (BodyFormat::Html, Some(503)));
    assert_eq!(b.message.as_deref(), Some("Service Unavailable"));
    // Retry-After as an HTTP-date, counted from the response's Date.
    assert_eq!(b.retry_after_ms, Some(30_000));
}

#[test]
fn text_and_logs() {
    let b = fixture("dotnet-webexception.txt");
    assert_eq!((b.format, b.status), (BodyFormat::Text, Some(409)));

    let b = fixture("client.log");
    assert_eq!(b.format, BodyFormat::Text);
    // The error body quoted in the log line gives the code; two statuses are mentioned, so none is picked.
    assert_eq!(b.code.as_deref(), Some("PoolBeingDeleted"));
    assert_eq!(b.status, None);
    assert_eq!(b.mentions, vec!["PoolBeingDeleted", "503", "409"]);
    assert_eq!(codes(&b, None), vec!["PoolBeingDeleted"]);
}

#[test]
fn charsets() {
    let b = fixture("latin1.http");
    assert_eq!(
        b.message.as_deref(),
        Some("Le paramètre « poolId » est invalide.")
    );
    assert_eq!(b.charset.as_deref(), Some("iso-8859-1"));

    // A body saved as UTF-16 (PowerShell's default), with and without its BOM.
    let json = r#"{"error":{"code":"AuthorizationFailed","message":"Zugriff verweigert – ü"}}"#;
    for bom in [true, false] {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(json.encode_utf16().flat_map(u16::to_le_bytes));
        let b = decode(&bytes);
        assert_eq!(b.code.as_deref(), Some("AuthorizationFailed"));
        assert_eq!(b.message.as_deref(), Some("Zugriff verweigert – ü"));
        assert_eq!(b.charset.as_deref(), Some("utf-16le"));
    }
    // Invalid UTF-8 is replaced, not rejected.
    let b = decode(b"{\"code\":\"Bad\xFFByte\",\"message\":\"caf\xE9\"}");
    assert_eq!(b.code.as_deref(), Some("Bad\u{FFFD}Byte"));
}

#[test]
fn truncated_and_malformed_bodies_keep_what_was_read() {
    let b = fixture("batch-truncated.json");
    assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
    assert_eq!(b.problems.len(), 1);
    assert_eq!((b.problems[0].line, b.problems[0].column), (6, 42));

    let b = fixture("fabric-malformed.xml");
    assert_eq!(b.code.as_deref(), Some("FABRIC_E_TIMEOUT"));
    assert_eq!((b.problems[0].line, b.problems[0].column), (4, 31));
    assert!(b.problems[0].message.contains("</Messag>"));

    // Problems in a body inside a raw response count lines from the top of the input.
    let b = decode(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"code\":\"X\",\n\"message\":");
    assert_eq!(b.code.as_deref(), Some("X"));
    assert_eq!(b.problems[0].line, 5);
}

#[test]
fn empty_input_is_empty() {
    for input in [&b""[..], b"   ", b"\r\n\t", b"\xEF\xBB\xBF"] {
        assert_eq!(decode(input).format, BodyFormat::Empty);
    }
    let b = decode(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n\r\n");
    assert_eq!((b.format, b.status), (BodyFormat::NoBody, Some(401)));
}

/// Runs `f` and fails if it takes longer than `limit`: hostile input must be cheap.
fn quickly<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

#[test]
fn billion_laughs_and_external_entities_are_not_expanded() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let refs = format!(
            "&lol{};",
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            }
        )
        .repeat(10);
        doc.push_str(&format!(" <!ENTITY lol{i} \"{refs}\">\n"));
    }
    doc.push_str(" <!ENTITY secret SYSTEM \"file:///etc/hostname\">\n]>\n<Error><Code>&lol9;</Code><Message>&secret;</Message></Error>");
    let b = quickly(Duration::from_secs(1), || decode(doc.as_bytes()));
    assert_eq!(b.code.as_deref(), Some("&lol9;"));
    assert_eq!(b.message.as_deref(), Some("&secret;"));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let n = 1_000_000;
    let deep_json = "[".repeat(n);
    let b = quickly(Duration::from_secs(5), || decode(deep_json.as_bytes()));
    assert_eq!(b.problems.len(), 1);
    let deep_objects = "{\"a\":".repeat(n);
    assert_eq!(decode(deep_objects.as_bytes()).problems.len(), 1);
    let deep_xml = "<a>".repeat(n);
    let b = quickly(Duration::from_secs(5), || decode(deep_xml.as_bytes()));
    assert_eq!(b.problems.len(), 1);
    let closed = format!(
        "{{\"code\":\"Deep\",\"x\":{}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    assert_eq!(decode(closed.as_bytes()).code.as_deref(), Some("Deep"));
}

#[test]
fn json_output_is_snake_case_with_every_key_present() {
    let b = fixture("cosmos-throttled.http");
    let v: serde_json::Value = serde_json::to_value(&b).unwrap();
    assert_eq!(v["format"], "cosmos-json");
    assert_eq!(v["envelope"], "http-response");
    assert_eq!(v["service"], "cosmos");
    assert_eq!(v["substatus"], 3200);
    assert_eq!(v["retry_after_ms"], 1250);
    assert_eq!(v["details"][0]["key"], "ActivityId");
    assert_eq!(v.get("category"), Some(&serde_json::Value::Null));
    assert_eq!(v.get("problems"), Some(&serde_json::json!([])));
    let b = fixture("iis-media.http");
    let v: serde_json::Value = serde_json::to_value(&b).unwrap();
    assert_eq!(v["hresults"][0]["value"], "0x80070003");
}

#[test]
fn write_json_matches_serde_on_every_fixture() {
    let dir = fixture_path("");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let body = decode(&std::fs::read(&path).unwrap());
        let mut fast = Vec::new();
        body.write_json(&mut fast);
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            serde_json::to_string(&body).unwrap(),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 25, "fixtures found: {seen}");
}

#[test]
fn an_explicit_service_overrides_the_inferred_one() {
    let b = decode(br#"{"code":"ConditionNotMet","message":"x"}"#);
    assert_eq!(
        codes(&b, Some(Service::Batch)),
        vec!["ConditionNotMet", "ConditionNotMet"]
    );
    assert!(codes(&b, Some(Service::Fabric)).is_empty());
    let b = decode(b"HTTP/1.1 412 Precondition Failed\r\n\r\n{\"code\":\"ConditionNotMet\"}");
    let m = matching_entries(&b, Some(Service::Batch));
    assert_eq!(
        m.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![Some(412)]
    );
}
