//! Property tests of the body decoder: it never panics on any input, keeps
//! what it read before a cut, and its fast JSON writer agrees with serde.

use errcode_cli::decode::{ErrorBody, decode, matching_entries, write_json_string};
use std::sync::OnceLock;

use proptest::prelude::*;

/// Valid bodies of the recognised shapes, to mutate and cut.
const SEEDS: &[&str] = &[
    r#"{"odata.metadata":"https://a.westus.batch.azure.com/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element","code":"PoolNotFound","message":{"lang":"en-US","value":"The specified pool does not exist.\nRequestId:r-1\nTime:2024-01-01T00:00:00Z"},"values":[{"key":"Reason","value":"x"}]}"#,
    r#"{"Error":{"Code":"FABRIC_E_NOT_PRIMARY","Message":"not primary"}}"#,
    r#"{"code":"NotFound","message":"Message: {\"Errors\":[\"Resource Not Found\"]}\r\nActivityId: a-1, Request URI: /apps/x, RequestStats: \r\n, SDK: s"}"#,
    r#"{"odata.error":{"code":"TableNotFound","message":{"lang":"en-US","value":"gone"}}}"#,
    r#"{"error":{"code":"InvalidTemplate","message":"bad","details":[{"code":"A","message":"b"}],"innererror":{"code":"C"}}}"#,
    r#"{"failureInfo":{"category":"UserError","code":"FailureExitCode","details":[{"name":"n","value":"v"}]}}"#,
    "<?xml version=\"1.0\"?><Error><Code>FABRIC_E_TIMEOUT</Code><Message>timed out</Message></Error>",
    "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code><Message>m\nRequestId:r\nTime:t</Message></Error>",
    "<SmoothStreaming xmlns=\"http://schemas.microsoft.com/iis/media/2011/03/streaming/management\"><Error><ErrorCode>0x8088002E</ErrorCode><ErrorMessage>nf</ErrorMessage><InternalError>0x80070002</InternalError></Error></SmoothStreaming>",
    "<error xmlns=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><code>FileNotFound</code><message xml:lang=\"en-US\">m</message></error>",
    "HTTP/1.1 429 Too Many Requests\r\nx-ms-substatus: 3200\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\nDate: Wed, 21 Oct 2015 07:27:00 GMT\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{\"code\":\"429\",\"message\":\"slow down\"}",
    "HTTP/1.1 202 Accepted\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"code\":\"Exist\"}\r\n0\r\n\r\n--b1--\r\n",
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>HRESULT 0x80072EE2</p></body></html>",
    "Error:Code:401:SubCode:T0:Detail:ACS50012: Authentication failed.:TraceID:t:TimeStamp:ts",
    "* Connected\n> GET / HTTP/1.1\n>\n< HTTP/1.1 409 Conflict\n< request-id: r\n<\n{\"code\":\"JobExists\"}\n* Connection #0 left intact\n",
];

/// The fixture files, read once.
fn fixtures() -> &'static [Vec<u8>] {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
        let mut files: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .expect("fixtures folder")
            .map(|e| std::fs::read(e.expect("entry").path()).expect("fixture"))
            .collect();
        files.sort();
        files
    })
}

fn check(body: &ErrorBody) {
    for p in &body.problems {
        assert!(p.line >= 1 && p.column >= 1, "{p:?}");
    }
    let mut fast = Vec::new();
    body.write_json(&mut fast);
    assert_eq!(fast, serde_json::to_vec(body).unwrap());
    let _ = matching_entries(body, None);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&decode(&bytes));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check(&decode(text.as_bytes()));
    }

    #[test]
    fn bodies_with_a_status_line_prefix_never_panic(text in "[ -~\r\n]{0,200}") {
        check(&decode(format!("HTTP/1.1 400 Bad Request\r\n{text}").as_bytes()));
        check(&decode(format!("--b\r\n{text}").as_bytes()));
    }

    #[test]
    fn cuts_of_valid_bodies_never_panic(seed in 0..SEEDS.len(), cut in 0usize..1000) {
        let s = SEEDS[seed].as_bytes();
        check(&decode(&s[..cut.min(s.len())]));
    }

    #[test]
    fn mutations_of_valid_bodies_never_panic(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec((0usize..1000, any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut s = SEEDS[seed].as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let at = at % (s.len() + 1);
            match kind {
                0 => s.insert(at, byte),
                1 if at < s.len() => { s.remove(at); }
                _ if at < s.len() => s[at] = byte,
                _ => s.push(byte),
            }
        }
        check(&decode(&s));
    }

    #[test]
    fn mutated_and_cut_fixtures_never_panic(
        pick in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    ) {
        let files = fixtures();
        let mut s = files[pick.index(files.len())].clone();
        for (at, byte) in edits {
            let at = at.index(s.len().max(1));
            if at < s.len() {
                s[at] = byte;
            }
        }
        let cut = cut.index(s.len() + 1);
        check(&decode(&s[..cut]));
    }

    #[test]
    fn a_cut_after_the_code_keeps_the_code(extra in 0usize..200) {
        let body = SEEDS[0];
        let after_code = body.find("PoolNotFound\"").unwrap() + "PoolNotFound\"".len();
        let cut = (after_code + extra).min(body.len() - 1);
        let b = decode(&body.as_bytes()[..cut]);
        prop_assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        prop_assert_eq!(b.problems.len(), 1);
    }

    #[test]
    fn strings_are_escaped_like_serde(s in "\\PC{0,80}|[\\x00-\\x7f]{0,80}") {
        let mut mine = Vec::new();
        write_json_string(&mut mine, &s);
        prop_assert_eq!(mine, serde_json::to_vec(&s).unwrap());
    }
}
