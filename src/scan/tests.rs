//! Unit tests of the scanner: the rules as a whole, streaming, and properties.

use std::io::{self, Read};
use std::sync::LazyLock;

use proptest::prelude::*;

use super::*;

/// A match with everything owned, for comparing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    offset: u64,
    line: u64,
    column: u64,
    text: String,
    kind: MatchKind,
    confidence: Confidence,
    codes: Vec<&'static str>,
    hresult: Option<u32>,
    status: Option<u16>,
    substatus: Option<u32>,
}

/// Built once: the automaton takes a while in an unoptimised test build.
static SCANNER: LazyLock<Scanner> = LazyLock::new(|| Scanner::new(ScanOptions::default()));

fn scanner(include_low: bool, chunk_size: usize) -> Scanner {
    SCANNER.with_options(ScanOptions {
        include_low,
        chunk_size,
    })
}

fn default_scanner() -> Scanner {
    SCANNER.with_options(ScanOptions::default())
}

fn collect<R: Read>(s: &Scanner, r: R) -> (Vec<Hit>, ScanStats) {
    let mut hits = Vec::new();
    let stats = s
        .scan_reader(r, |m| {
            hits.push(Hit {
                offset: m.offset,
                line: m.line,
                column: m.column,
                text: m.text.to_string(),
                kind: m.kind,
                confidence: m.confidence,
                codes: m.entries.iter().map(|e| e.code()).collect(),
                hresult: m.hresult,
                status: m.status,
                substatus: m.substatus,
            });
            Ok(())
        })
        .unwrap();
    (hits, stats)
}

fn all(input: &[u8]) -> Vec<Hit> {
    collect(&scanner(true, ScanOptions::DEFAULT_CHUNK), input).0
}

fn texts(input: &[u8]) -> Vec<(String, Confidence)> {
    all(input)
        .into_iter()
        .map(|h| (h.text, h.confidence))
        .collect()
}

fn high(s: &str) -> (String, Confidence) {
    (s.to_string(), Confidence::High)
}

fn low(s: &str) -> (String, Confidence) {
    (s.to_string(), Confidence::Low)
}

/// Gives at most `step` bytes per read, as a pipe may.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[test]
fn code_names_only_as_whole_words() {
    let input =
        b"PoolNotFound PoolNotFoundX xPoolNotFound _PoolNotFound PoolNotFound_ 1PoolNotFound\n\
                  (PoolNotFound) \"PoolNotFound\" a.PoolNotFound: PoolNotFound\n";
    let hits = all(input);
    let at: Vec<(u64, u64)> = hits.iter().map(|h| (h.line, h.column)).collect();
    assert_eq!(at, vec![(1, 1), (2, 2), (2, 17), (2, 33), (2, 47)]);
    assert!(
        hits.iter()
            .all(|h| h.text == "PoolNotFound" && h.kind == MatchKind::Code)
    );
}

#[test]
fn code_names_are_case_sensitive_and_numbers_are_not_names() {
    assert!(all(b"poolnotfound POOLNOTFOUND fabric_e_not_primary 404 503 200\n").is_empty());
}

#[test]
fn the_longest_name_wins() {
    // `MissedTargetLsn` is a prefix of `MissedTargetLsnOver100`.
    assert_eq!(
        texts(b"MissedTargetLsnOver100 MissedTargetLsn MissedTargetLsnOver1000\n"),
        vec![
            high("MissedTargetLsnOver100"),
            high("MissedTargetLsn"),
            high("MissedTargetLsnOver1000")
        ]
    );
}

#[test]
fn a_name_shared_by_services_names_every_entry() {
    let hits = all(b"code: ResourceNotFound\n");
    let services: Vec<Service> = catalog::by_code("ResourceNotFound")
        .filter(|e| e.code() == "ResourceNotFound")
        .map(|e| e.service)
        .collect();
    assert!(services.contains(&Service::Batch) && services.contains(&Service::Cosmos));
    assert_eq!(hits[0].codes.len(), services.len());
}

#[test]
fn lines_and_columns_are_one_based_bytes() {
    let input = "héllo PoolNotFound\r\n\r\n\tJobNotFound".as_bytes();
    let hits = all(input);
    assert_eq!((hits[0].line, hits[0].column, hits[0].offset), (1, 8, 7));
    assert_eq!((hits[1].line, hits[1].column), (3, 2));
    let (_, stats) = collect(&scanner(true, 4), input);
    assert_eq!(stats.lines, 3);
    assert_eq!(stats.bytes, input.len() as u64);
    assert_eq!(collect(&scanner(true, 4), &b""[..]).1.lines, 0);
    assert_eq!(collect(&scanner(true, 4), &b"\n\n"[..]).1.lines, 2);
}

#[test]
fn hresults_in_hex() {
    let hits = all(b"0x8088002E 0X8088002e, hr=0x8088002e\n");
    assert_eq!(hits.len(), 3);
    for h in &hits {
        assert_eq!(h.hresult, Some(0x8088_002E));
        assert_eq!(h.kind, MatchKind::Hresult);
        assert_eq!(h.confidence, Confidence::High);
        assert_eq!(h.codes, vec!["MPE_MGMT_PUBLISHING_POINT_NOT_FOUND"]);
    }
    assert_eq!(hits[1].text, "0X8088002e");
    // Not eight digits, glued to a word, severity clear.
    assert!(
        all(b"0x8088002 0x8088002E1 0x8088002ELX a0x8088002E 0x00000000 0x7FFFFFFF\n").is_empty()
    );
    // A C literal's suffix belongs to it.
    let hits = all(b"native error 0x80071BC6L returned\n");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].text, "0x80071BC6L");
    assert_eq!(hits[0].codes, vec!["FABRIC_E_NOT_PRIMARY"]);
}

#[test]
fn hresults_outside_the_catalog_need_a_key_for_high() {
    let input = b"CreateFile returned 0x8007FFFE\nHRESULT: 0x8007FFFE\nhr=0x8007FFFE\n";
    assert!(catalog::by_hresult(0x8007_FFFE).next().is_none());
    // Nor a Windows name: a named value (ERROR_SHARING_VIOLATION) is High alone.
    assert!(crate::windows::first_name(0x8007_FFFE).is_none());
    let hits = all(input);
    let conf: Vec<Confidence> = hits.iter().map(|h| h.confidence).collect();
    assert_eq!(conf, [Confidence::Low, Confidence::High, Confidence::High]);
    assert!(
        hits.iter()
            .all(|h| h.codes.is_empty() && h.hresult == Some(0x8007_FFFE))
    );
    let (default_hits, stats) = collect(&default_scanner(), &input[..]);
    assert_eq!(default_hits.len(), 2);
    assert_eq!((stats.reported, stats.low), (2, 1));
}

#[test]
fn windows_names_make_bare_literals_high() {
    // An NTSTATUS crash code and a wrapped Win32 error need no key.
    let hits = all(b"task exited with 0xC0000005\nsend failed 0x80072EE7\n");
    let conf: Vec<Confidence> = hits.iter().map(|h| h.confidence).collect();
    assert_eq!(conf, [Confidence::High, Confidence::High]);
    assert_eq!(hits[0].hresult, Some(0xC000_0005));
}

#[test]
fn hresults_in_signed_decimal_only_after_a_key() {
    let input =
        b"HRESULT -2138570706\nhr=-2138570706 error code -2138570706 ErrorCode: -2138570706\n\
                  hr: -2138570706 ERROR -2138570706 lastError=-2138570706\n\
                  offset -2138570706 thr=-2138570706 error -1 error 2156396590\n";
    let hits = all(input);
    assert_eq!(hits.len(), 8, "{hits:#?}");
    assert!(
        hits.iter()
            .all(|h| h.hresult == Some(0x8088_002E) && h.confidence == Confidence::High)
    );
    assert!(hits[..7].iter().all(|h| h.text == "-2138570706"));
    // The unsigned form after an error key is the same HRESULT.
    assert_eq!(hits[7].text, "2156396590");
    assert_eq!((hits[0].line, hits[0].column), (1, 9));
}

#[test]
fn hresults_without_0x_and_unsigned_after_a_key() {
    let hits = all(b"call failed hr=80071BC6; HRESULT: C0000005 hresult 2147949517\n");
    let got: Vec<(&str, Option<u32>)> = hits.iter().map(|h| (h.text.as_str(), h.hresult)).collect();
    assert_eq!(
        got,
        [
            ("80071BC6", Some(0x8007_1BC6)),
            ("C0000005", Some(0xC000_0005)),
            ("2147949517", Some(0x8007_1BCD)),
        ]
    );
    // Without a key, or without the failure bit, numbers are numbers.
    assert!(all(b"id 80071BC6 took 2147949517 ns; hr=12345678 hresult 1147949517\n").is_empty());
}

#[test]
fn cosmos_pairs_with_a_slash_or_a_dot() {
    let hits = all(b"failed 404/1002 then 449.5352; at 09:12:33.123 v1.404/1002 and 404/9999\n");
    let got: Vec<(&str, Option<u16>, Option<u32>)> = hits
        .iter()
        .map(|h| (h.text.as_str(), h.status, h.substatus))
        .collect();
    assert_eq!(
        got,
        [
            ("404/1002", Some(404), Some(1002)),
            ("449.5352", Some(449), Some(5352)),
        ]
    );
}

#[test]
fn cosmos_body_codes_with_their_status_nearby() {
    let input = b"fail: {\"code\":\"NotFound\",\"message\":\"Entity missing\"} status 404\n\
                  cosmos error code=Conflict status=409\n\
                  warn: request Conflict (409) on item\n\
                  we found NotFound in the docs 404\n\
                  code=NotFound status=4040 v1.404\n\
                  code=Conflict status=404\n\
                  \"statusCode\":404,\"code\":\"NotFound\",\"subStatusCode\":1002\n";
    let hits = all(input);
    assert!(hits.iter().all(|h| h.kind == MatchKind::CosmosStatus));
    let got: Vec<(&str, u64, Option<u16>, Option<u32>)> = hits
        .iter()
        .map(|h| (h.text.as_str(), h.line, h.status, h.substatus))
        .collect();
    assert_eq!(
        got,
        [
            ("NotFound", 1, Some(404), None),
            ("Conflict", 2, Some(409), None),
            (
                "statusCode\":404,\"code\":\"NotFound\",\"subStatusCode\":1002",
                7,
                Some(404),
                Some(1002),
            ),
        ]
    );
    assert!(
        hits[0].codes.iter().all(|c| *c == "404"),
        "{:?}",
        hits[0].codes
    );
}

#[test]
fn cosmos_pairs_name_their_entry() {
    let input = b"StatusCode: 404, SubStatusCode: 1002\n\
                  StatusCode=410 SubStatusCode=1002\n\
                  {\"statusCode\":429,\"subStatusCode\":3200,\"x\":1}\n\
                  Response status code does not indicate success: NotFound (404); Substatus: 1002; ActivityId: 1\n\
                  status: 404 x-ms-substatus: 1002\n";
    let hits = all(input);
    let pairs: Vec<(u16, u32, u64)> = hits
        .iter()
        .map(|h| (h.status.unwrap(), h.substatus.unwrap(), h.line))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (404, 1002, 1),
            (410, 1002, 2),
            (429, 3200, 3),
            (404, 1002, 4),
            (404, 1002, 5)
        ]
    );
    assert_eq!(hits[0].codes, vec!["ReadSessionNotAvailable"]);
    assert_eq!(hits[1].codes, vec!["PartitionKeyRangeGone"]);
    assert_eq!(hits[0].text, "StatusCode: 404, SubStatusCode: 1002");
    assert_eq!(hits[3].text, "(404); Substatus: 1002");
    assert_eq!(hits[3].column, 58);
    assert!(hits.iter().all(|h| h.kind == MatchKind::CosmosStatus));
}

#[test]
fn cosmos_pairs_fall_back_from_pair_to_status() {
    let hit = |s: &str| all(s.as_bytes()).into_iter().next().map(|h| h.codes);
    // Sub-status 0 means none: the status's own entry.
    assert_eq!(hit("StatusCode: 404, SubStatusCode: 0"), Some(vec!["404"]));
    // A sub-status the catalog lists without a status.
    let sdk_only = Service::Cosmos
        .entries()
        .iter()
        .find(|e| e.status.is_none() && e.substatus.is_some_and(|s| s > 0))
        .unwrap();
    assert_eq!(
        hit(&format!(
            "StatusCode: 400, SubStatusCode: {}",
            sdk_only.substatus.unwrap()
        )),
        Some(vec![sdk_only.code()])
    );
    // An unknown sub-status of a known status: the status.
    assert_eq!(
        hit("StatusCode: 503, SubStatusCode: 999999"),
        Some(vec!["503"])
    );
    // Nothing known: nothing reported.
    assert_eq!(hit("StatusCode: 418, SubStatusCode: 999999"), None);
}

#[test]
fn one_status_makes_one_pair() {
    let hits = all(b"StatusCode: 404, SubStatusCode: 1002, substatus=1002\n");
    assert_eq!(hits.len(), 1);
}

#[test]
fn plain_names_need_corroboration() {
    let input = b"node state Unknown\n\
                  code: Unknown\n\
                  {\"code\":\"ServerBusy\"}\n\
                  x-ms-error-code: ServerBusy\n\
                  <Code>InternalError</Code>\n\
                  Microsoft.Azure.Batch.BatchException: ServerBusy\n\
                  ServerBusy was reported by the batch service\n\
                  Microsoft.Azure.Cosmos: ServerBusy\n\
                  the DiskFull alarm and PoolNotFound\n";
    assert_eq!(
        texts(input),
        vec![
            low("Unknown"),
            high("Unknown"),
            high("ServerBusy"),
            high("ServerBusy"),
            high("InternalError"),
            high("ServerBusy"),
            high("ServerBusy"),
            // Cosmos DB does not define ServerBusy: its name is no corroboration.
            low("ServerBusy"),
            low("DiskFull"),
            high("PoolNotFound"),
        ]
    );
    let (hits, stats) = collect(&default_scanner(), &input[..]);
    assert_eq!(hits.len(), 7);
    assert_eq!(stats.low, 3);
}

#[test]
fn corroboration_stays_on_the_line_and_near() {
    // The service name is on the line before: no help.
    assert_eq!(texts(b"batch\nServerBusy\n"), vec![low("ServerBusy")]);
    let far = format!("batch{}ServerBusy\n", " ".repeat(CONTEXT));
    assert_eq!(texts(far.as_bytes()), vec![low("ServerBusy")]);
    let near = format!("batch{}ServerBusy\n", " ".repeat(CONTEXT - 5));
    assert_eq!(texts(near.as_bytes()), vec![high("ServerBusy")]);
}

#[test]
fn invalid_utf8_is_just_bytes() {
    let input = b"\xff\xfePoolNotFound\xff \xc3(JobNotFound\x80\n\xed\xa0\x80 0x8088002E\xff\n";
    let hits = all(input);
    let t: Vec<&str> = hits.iter().map(|h| h.text.as_str()).collect();
    // Non-ASCII bytes are not word characters.
    assert_eq!(t, vec!["PoolNotFound", "JobNotFound", "0x8088002E"]);
    assert_eq!((hits[2].line, hits[2].column), (2, 5));
}

/// A reader of one enormous line without holding it: `len` bytes of filler
/// with `needle` at the given offsets.
struct LongLine {
    len: u64,
    at: u64,
    marks: Vec<(u64, &'static [u8])>,
}

impl Read for LongLine {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (self.len - self.at).min(buf.len() as u64) as usize;
        for (i, b) in buf[..n].iter_mut().enumerate() {
            let p = self.at + i as u64;
            *b = b"abc def "[(p % 8) as usize];
        }
        for (off, text) in &self.marks {
            for (k, &c) in text.iter().enumerate() {
                let p = off + k as u64;
                if p >= self.at && p < self.at + n as u64 {
                    buf[(p - self.at) as usize] = c;
                }
            }
        }
        self.at += n as u64;
        Ok(n)
    }
}

#[test]
fn a_very_long_line_scans_in_a_fixed_buffer() {
    let len = 24 << 20;
    let marks: Vec<(u64, &'static [u8])> = vec![
        (8, b" PoolNotFound "),
        (len / 2 - 3, b" code: Unknown "),
        (len - 30, b" 0x8088002E "),
    ];
    let reader = LongLine {
        len,
        at: 0,
        marks: marks.clone(),
    };
    let (hits, stats) = collect(&scanner(false, 64 << 10), reader);
    assert_eq!(stats.lines, 1);
    assert_eq!(stats.bytes, len);
    let got: Vec<(u64, &str)> = hits.iter().map(|h| (h.offset, h.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (9, "PoolNotFound"),
            (len / 2 + 4, "Unknown"),
            (len - 29, "0x8088002E")
        ]
    );
    assert!(hits.iter().all(|h| h.line == 1 && h.column == h.offset + 1));
}

#[test]
fn matches_straddling_reads_are_found_whole() {
    let input: &[u8] = b"xx PoolNotFound yy FABRIC_E_NOT_PRIMARY hr=-2138570706 StatusCode: 404, SubStatusCode: 1002 code=Unknown\n";
    let want = all(input);
    assert_eq!(want.len(), 5);
    for chunk in [1, 2, 3, 5, 7, 13, 64] {
        assert_eq!(
            collect(&scanner(true, chunk), input).0,
            want,
            "chunk {chunk}"
        );
        for step in [1, 3, 10] {
            let r = Trickle { data: input, step };
            assert_eq!(
                collect(&scanner(true, chunk), r).0,
                want,
                "chunk {chunk} step {step}"
            );
        }
    }
}

/// Lines whose verdicts depend on context far from the match: a service
/// name 200 bytes after a plain name, a key right before one, a status 90
/// bytes before its sub-status, a key before a decimal HRESULT.
fn far_context_log() -> Vec<u8> {
    let pad = |n: usize| " ".repeat(n);
    let mut log = String::new();
    for i in 0..12 {
        log += &format!("{}ServerBusy{}batch\n", pad(i * 37 % 300), pad(200));
        log += &format!("{}Unknown{}batch\n", pad(i * 53 % 300), pad(250));
        // Long tails: the line's end is out of reach when the match is decided.
        log += &format!("batch{}ServerBusy{}.\n", pad(240), pad(600));
        log += &format!(
            "{}code: Unknown and DiskFull{}.\n",
            pad(i * 71 % 300),
            pad(600)
        );
        log += &format!(
            "StatusCode: 404,{}SubStatusCode: 1002{}.\n",
            pad(70),
            pad(600)
        );
        log += &format!(
            "{}HRESULT: -2138570706 0x8007FFFE hr=0x8007FFFE\n",
            pad(i * 29 % 300)
        );
        log += &format!("{}\n", "x".repeat(700 + i));
    }
    log.into_bytes()
}

#[test]
fn far_context_gives_the_same_verdicts_for_every_read_size() {
    let log = far_context_log();
    let want = all(&log);
    // Per round, high: both ServerBusy, Unknown twice, the pair, the decimal,
    // hr=0x8007FFFE; low: DiskFull, the bare 0x8007FFFE.
    assert_eq!(
        want.iter()
            .filter(|h| h.confidence == Confidence::High)
            .count(),
        12 * 7
    );
    assert_eq!(
        want.iter()
            .filter(|h| h.confidence == Confidence::Low)
            .count(),
        12 * 2
    );
    for chunk in (1..=40).chain([63, 64, 65, 100, 255, 256, 257, 511, 1000]) {
        assert_eq!(
            collect(&scanner(true, chunk), &log[..]).0,
            want,
            "chunk {chunk}"
        );
    }
    for step in [1, 7, 64, 333] {
        let r = Trickle { data: &log, step };
        assert_eq!(collect(&scanner(true, 4096), r).0, want, "step {step}");
    }
}

#[test]
fn a_callback_error_stops_the_scan() {
    let s = default_scanner();
    let mut seen = 0;
    let err = s
        .scan_bytes(b"PoolNotFound PoolNotFound PoolNotFound", |_| {
            seen += 1;
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
        })
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    assert_eq!(seen, 1);
}

#[test]
fn read_errors_are_returned_and_interruptions_retried() {
    struct Flaky(u32);
    impl Read for Flaky {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.0 += 1;
            match self.0 {
                1 => Err(io::ErrorKind::Interrupted.into()),
                2 => {
                    buf[..13].copy_from_slice(b"PoolNotFound\n");
                    Ok(13)
                }
                _ => Err(io::Error::other("disk gone")),
            }
        }
    }
    let s = default_scanner();
    let mut seen = 0;
    let err = s
        .scan_reader(Flaky(0), |_| {
            seen += 1;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "disk gone");
    assert_eq!(seen, 1, "the complete line before the error is reported");
}

#[test]
fn a_scanner_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Scanner>();
    let hits = std::thread::scope(|s| {
        let a = s.spawn(|| all(b"PoolNotFound\n").len());
        let b = s.spawn(|| all(b"JobNotFound JobNotFound\n").len());
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(hits, (1, 2));
}

#[test]
fn names_are_the_non_numeric_codes() {
    let s = default_scanner();
    let names: Vec<&str> = s.names().collect();
    assert!(names.contains(&"FABRIC_E_NOT_PRIMARY") && names.contains(&"PoolNotFound"));
    assert!(!names.iter().any(|n| n.bytes().all(|b| b.is_ascii_digit())));
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    assert!(s.is_plain("Unknown") && !s.is_plain("PoolNotFound"));
}

#[test]
fn newline_count_matches_a_naive_count() {
    let data: Vec<u8> = (0..10_000u32)
        .map(|i| if i % 7 == 0 { b'\n' } else { b'a' })
        .collect();
    for len in [0, 1, 254, 255, 256, 511, 10_000] {
        let naive = data[..len].iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(count_newlines(&data[..len]), naive);
    }
}

/// Log-like input for the properties: fragments that form matches, near
/// misses and noise, glued by random bytes.
fn loggy() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(&b"PoolNotFound"[..]),
        Just(&b"FABRIC_E_NOT_PRIMARY"[..]),
        Just(&b"Unknown"[..]),
        Just(&b"code: "[..]),
        Just(&b"batch "[..]),
        Just(&b"0x8088002E"[..]),
        Just(&b"0x8007FFFE"[..]),
        Just(&b"hr="[..]),
        Just(&b"-2138570706"[..]),
        Just(&b"StatusCode: 404, "[..]),
        Just(&b"SubStatusCode: 1002"[..]),
        Just(&b"(404); Substatus: 3"[..]),
        Just(&b"\n"[..]),
        Just(&b" "[..]),
        Just(&b"\xff"[..]),
        Just(&b"_"[..]),
    ];
    let part = prop_oneof![
        6 => piece.prop_map(|p| p.to_vec()),
        2 => proptest::collection::vec(any::<u8>(), 0..8),
        // Runs long enough to push context out of reach of a small buffer.
        1 => (1usize..400).prop_map(|n| vec![b' '; n]),
    ];
    proptest::collection::vec(part, 0..200).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_chunk_size_and_read_split_gives_the_same_matches(
        input in loggy(),
        chunk in 1usize..600,
        step in 1usize..50,
    ) {
        let whole = collect(&scanner(true, 1 << 20), &input[..]);
        let chunked = collect(&scanner(true, chunk), Trickle { data: &input, step });
        prop_assert_eq!(&chunked.0, &whole.0);
        prop_assert_eq!(chunked.1, whole.1);
        for h in &whole.0 {
            // Every reported position is right.
            let at = h.offset as usize;
            prop_assert_eq!(&input[at..at + h.text.len()], h.text.as_bytes());
            let line_start = input[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            prop_assert_eq!(h.column, (at - line_start + 1) as u64);
            prop_assert_eq!(h.line, 1 + input[..at].iter().filter(|&&b| b == b'\n').count() as u64);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..2000), chunk in 1usize..64) {
        let (hits, stats) = collect(&scanner(true, chunk), &input[..]);
        prop_assert_eq!(stats.bytes, input.len() as u64);
        prop_assert!(hits.len() as u64 <= stats.reported);
    }
}

#[test]
fn aliases_are_names_scoped_to_their_service() {
    let hits = all(b"System.Fabric.FabricNotPrimaryException: not primary\n\
                     fabric: code OperationTimedOut\n\
                     batch: code OperationTimedOut\n\
                     status NotFound\n");
    let found: Vec<(u64, Vec<&str>)> = hits.iter().map(|h| (h.line, h.codes.clone())).collect();
    assert_eq!(
        found,
        vec![
            (1, vec!["FABRIC_E_NOT_PRIMARY"]),
            (2, vec!["FABRIC_E_TIMEOUT"]),
            (3, vec!["OperationTimedOut"]),
        ]
    );
    assert_eq!(hits[0].text, "FabricNotPrimaryException");
    assert_eq!(hits[0].confidence, Confidence::High);
}
