//! Free-text search over codes and messages, ranked by what a person means.
//!
//! A query is read as terms: a status (`409`, `404.1002`) narrows to the
//! entries with that status; a known phrase or word (`rate limited`,
//! `unauthorised`, `timed out`) stands for its concept, which matches its
//! synonyms and the HTTP statuses it implies; any other word matches its
//! light stem (`partitions` ~ `partition`) or, as before, a substring of the
//! code, an alias or the message. Every term must match; the code's words
//! and the status weigh more than words in the message.

use crate::catalog::{self, Entry, Service, Str};
use crate::http;
use crate::words::{code_words, stem};

/// What a word or phrase in a query can mean: the words (`triggers`) that
/// name it, the words an entry may use for it (`alts`, beside the trigger
/// itself) and the HTTP statuses that carry it. Written in plain words; they
/// are stemmed like everything else.
struct Concept {
    triggers: &'static [&'static str],
    alts: &'static [&'static str],
    statuses: &'static [u16],
}

const CONCEPTS: &[Concept] = &[
    Concept {
        triggers: &[
            "throttle",
            "throttled",
            "throttling",
            "rate limit",
            "rate limited",
            "rate limiting",
            "ratelimit",
            "ratelimited",
            "too many requests",
            "request rate too large",
        ],
        alts: &[
            "throttle",
            "rate limit",
            "too many requests",
            "request rate",
        ],
        statuses: &[429],
    },
    Concept {
        triggers: &[
            "unauthorized",
            "unauthorised",
            "unauthenticated",
            "auth",
            "authentication",
            "authenticate",
            "not authenticated",
            "login",
            "credentials",
        ],
        alts: &[
            "unauthorized",
            "unauthenticated",
            "auth",
            "authentication",
            "authorization",
            "credentials",
        ],
        statuses: &[401],
    },
    Concept {
        triggers: &[
            "forbidden",
            "forbid",
            "permission",
            "permissions",
            "access denied",
            "accessdenied",
            "denied",
            "not allowed",
            "not permitted",
        ],
        alts: &[
            "forbidden",
            "permission",
            "access denied",
            "accessdenied",
            "denied",
            "not allowed",
        ],
        statuses: &[403],
    },
    Concept {
        triggers: &["timeout", "timed out", "time out", "timedout", "timeouts"],
        alts: &["timeout", "timed out", "timedout", "deadline"],
        statuses: &[408, 504],
    },
    Concept {
        triggers: &[
            "not found",
            "notfound",
            "missing",
            "does not exist",
            "not exist",
            "no such",
        ],
        alts: &["not found", "notfound", "missing", "not exist", "no such"],
        statuses: &[404],
    },
    Concept {
        triggers: &["conflict", "conflicts", "already exists", "already exist"],
        alts: &["conflict", "already exists", "exists", "in use"],
        statuses: &[409],
    },
    Concept {
        triggers: &[
            "unavailable",
            "not available",
            "service unavailable",
            "offline",
        ],
        alts: &["unavailable", "not available", "offline"],
        statuses: &[503],
    },
    Concept {
        triggers: &["busy", "overloaded", "overload", "too busy", "server busy"],
        alts: &["busy", "overload", "throttle", "too many requests"],
        statuses: &[503, 429],
    },
    Concept {
        triggers: &["quota", "quotas", "limit exceeded", "limit reached"],
        alts: &["quota", "limit exceeded", "limit reached", "budget"],
        statuses: &[],
    },
    Concept {
        triggers: &["precondition", "precondition failed", "etag mismatch"],
        alts: &["precondition", "etag", "condition not met"],
        statuses: &[412],
    },
    Concept {
        triggers: &["too large", "payload too large", "request too large"],
        alts: &["too large", "too big", "size"],
        statuses: &[413],
    },
    Concept {
        triggers: &["bad request", "malformed"],
        alts: &["bad request", "malformed", "invalid"],
        statuses: &[400],
    },
    Concept {
        triggers: &["internal error", "server error", "internal server error"],
        alts: &["internal error", "internal server error", "server error"],
        statuses: &[500],
    },
    Concept {
        triggers: &["cancelled", "canceled", "cancel", "cancellation"],
        alts: &["cancelled", "canceled", "cancel", "abort"],
        statuses: &[],
    },
];

/// Words that carry no meaning in a query ("why is my request throttled");
/// dropped unless the query has nothing else.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "i", "my", "me", "we", "our", "it",
    "its", "of", "to", "for", "on", "at", "by", "with", "when", "what", "why", "how", "do", "did",
    "got", "get", "getting", "keep", "keeps", "am", "this", "that", "and", "or",
];

/// One query term: its text as typed (matched as a substring, as before),
/// the stemmed word sequences that stand for it (the typed words first),
/// each as [`line`] spells them, and the statuses its concept implies.
#[derive(Debug)]
struct Term {
    literal: String,
    alts: Vec<String>,
    statuses: &'static [u16],
    number: Option<u32>,
    stopword: bool,
}

/// A parsed query: status filters and terms.
#[derive(Debug)]
struct Query {
    statuses: Vec<(u16, Option<u32>)>,
    terms: Vec<Term>,
    /// The query's words as [`code_words`] spells a code, for the exact match.
    exact: String,
}

/// The stems of a phrase in plain words.
fn stems(text: &str) -> Vec<String> {
    code_words(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect()
}

/// Stems as one string with a space before and after every word
/// (` not primary `), so a phrase is found as a substring of an entry's line.
fn line(stems: &[String]) -> String {
    let mut out = String::from(" ");
    for s in stems {
        out.push_str(s);
        out.push(' ');
    }
    out
}

fn concept_term(literal: String, typed: Vec<String>, c: &'static Concept) -> Term {
    let mut alts = vec![line(&typed)];
    for a in c.triggers.iter().chain(c.alts) {
        let s = line(&stems(a));
        if !alts.contains(&s) {
            alts.push(s);
        }
    }
    Term {
        literal,
        alts,
        statuses: c.statuses,
        number: None,
        stopword: false,
    }
}

fn parse(query: &str) -> Query {
    let mut statuses = Vec::new();
    // (typed text in lower case, its stems)
    let mut words: Vec<(String, Vec<String>)> = Vec::new();
    for raw in query.split_whitespace() {
        if let Ok(s) = http::parse_status(raw) {
            statuses.push(s);
            continue;
        }
        let s = stems(raw);
        if !s.is_empty() {
            words.push((raw.to_lowercase(), s));
        }
    }
    let exact = code_words(query);
    let triggers: Vec<(Vec<String>, &'static Concept)> = CONCEPTS
        .iter()
        .flat_map(|c| c.triggers.iter().map(move |t| (stems(t), c)))
        .collect();
    let mut terms = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // The longest run of words (up to three) whose stems name a concept.
        let found = (1..=3.min(words.len() - i)).rev().find_map(|n| {
            let typed: Vec<String> = words[i..i + n]
                .iter()
                .flat_map(|(_, s)| s.clone())
                .collect();
            triggers
                .iter()
                .find(|(t, _)| *t == typed)
                .map(|&(_, c)| (n, c))
        });
        match found {
            Some((n, c)) => {
                let literal = words[i..i + n]
                    .iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let typed = words[i..i + n]
                    .iter()
                    .flat_map(|(_, s)| s.clone())
                    .collect();
                terms.push(concept_term(literal, typed, c));
                i += n;
            }
            None => {
                let (literal, s) = words[i].clone();
                let stopword = STOPWORDS.contains(&literal.as_str());
                terms.push(Term {
                    number: literal.parse().ok(),
                    literal,
                    alts: vec![line(&s)],
                    statuses: &[],
                    stopword,
                });
                i += 1;
            }
        }
    }
    if terms.iter().any(|t| !t.stopword) {
        terms.retain(|t| !t.stopword);
    }
    Query {
        statuses,
        terms,
        exact,
    }
}

/// An entry's searchable text, lower-cased and stemmed by `build.rs` with
/// the functions of `words.rs`: a few strings of the catalog's blob per
/// entry, the stems as [`line`]s so that a phrase is one substring search.
struct Doc {
    /// The code in lower case.
    code: Str,
    code_line: Str,
    /// How many words the code has (fewer is more on topic, among equals).
    code_words: u16,
    /// The aliases in lower case, one a line.
    aliases: Str,
    /// The aliases' stems, ` | ` between aliases so no phrase spans two.
    alias_line: Str,
    message: Str,
    message_line: Str,
    /// The code as [`code_words`] spells it, for the exact match.
    exact: Str,
    /// The aliases so spelled, one a line.
    alias_exact: Str,
}

// `static DOCS: [Doc; ENTRY_COUNT]`, in catalog order.
include!(concat!(env!("OUT_DIR"), "/search_index.rs"));

/// How well `term` matches an entry, or `None` when it does not: a typed
/// word in the code's words counts most, a synonym there or the concept's
/// status next, then aliases, then the message.
fn term_score(term: &Term, d: &Doc, e: &Entry) -> Option<u32> {
    let mut strong = 0u32; // code, alias or status
    let mut weak = 0u32; // message
    for (k, alt) in term.alts.iter().enumerate() {
        let typed = k == 0;
        if d.code_line.get().contains(alt.as_str()) {
            strong = strong.max(if typed { 14 } else { 10 });
        } else if d.alias_line.get().contains(alt.as_str()) {
            strong = strong.max(if typed { 8 } else { 7 });
        }
        if weak < 3 && d.message_line.get().contains(alt.as_str()) {
            weak = if typed { 3 } else { 2 };
        }
    }
    let lit = term.literal.as_str();
    if d.code.get().contains(lit) {
        strong = strong.max(8);
    } else if d.aliases.get().contains(lit) {
        strong = strong.max(6);
    }
    if weak == 0 && d.message.get().contains(lit) {
        weak = 1;
    }
    if term.number.is_some() && term.number == e.substatus {
        strong = strong.max(10);
    }
    let status = if e.status.is_some_and(|s| term.statuses.contains(&s)) {
        8
    } else {
        0
    };
    let score = strong + status + weak;
    (score > 0).then_some(score)
}

/// Entries matching every term of `query` (case-insensitive), best first.
///
/// A status in the query (`409`, `404.1002`) keeps only the entries with it.
/// Words match in their common forms (`throttled` ~ `throttling` ~
/// `throttle`, `partitions` ~ `partition`) and as substrings; well-known
/// words and phrases also match their synonyms and the statuses they imply
/// (`throttled`, `rate limited` ~ 429; `unauthorised` ~ 401; `access denied`
/// ~ 403; `timed out` ~ 408, 504; `not found`, `missing` ~ 404; `already
/// exists` ~ 409; `unavailable` ~ 503). Matches in the code's words
/// (`FABRIC_E_NOT_PRIMARY` is `fabric e not primary`) and the status weigh
/// more than aliases, which weigh more than the message; an exact code (or
/// alias) comes first of all.
///
/// ```
/// use errcode_cli::search::search;
///
/// // An exact code first.
/// assert_eq!(search("FABRIC_E_NOT_PRIMARY", None)[0].code(), "FABRIC_E_NOT_PRIMARY");
/// // What a person means: throttling is a 429.
/// assert_eq!(search("request throttled", None)[0].status, Some(429));
/// // A status narrows.
/// let hits = search("409 already exists", None);
/// assert!(!hits.is_empty() && hits.iter().all(|e| e.status == Some(409)));
/// assert!(search("zzqxv", None).is_empty());
/// ```
pub fn search(query: &str, service: Option<Service>) -> Vec<&'static Entry> {
    let q = parse(query);
    if q.terms.is_empty() && q.statuses.is_empty() {
        return Vec::new();
    }
    let typed = query.trim().to_lowercase();
    // (score, the code's word count, catalog order, entry)
    let mut hits: Vec<(u32, usize, usize, &'static Entry)> = Vec::new();
    for (i, (e, d)) in catalog::entries().iter().zip(DOCS.iter()).enumerate() {
        if service.is_some_and(|s| s != e.service) {
            continue;
        }
        if !q.statuses.is_empty()
            && !q
                .statuses
                .iter()
                .any(|&(s, sub)| e.status == Some(s) && (sub.is_none() || sub == e.substatus))
        {
            continue;
        }
        let mut score = 0u32;
        let mut all = true;
        for t in &q.terms {
            match term_score(t, d, e) {
                Some(s) => score += s,
                None => {
                    all = false;
                    break;
                }
            }
        }
        if !all {
            continue;
        }
        if d.code.get() == typed || d.exact.get() == q.exact {
            score += 1000;
        } else if d.alias_exact.get().lines().any(|a| a == q.exact) {
            score += 500;
        }
        if e.is_seed() {
            score += 1;
        }
        hits.push((score, usize::from(d.code_words), i, e));
    }
    // Among equals, the code with fewer words is more about the query.
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    hits.into_iter().map(|(_, _, _, e)| e).collect()
}

/// Whether `query` names a status (`409`, `404.1002`), which only catalog
/// entries carry: Windows names then stay out of a search.
pub fn names_status(query: &str) -> bool {
    query
        .split_whitespace()
        .any(|w| http::parse_status(w).is_ok())
}
#[cfg(test)]
mod tests {
    use super::*;

    fn codes(hits: &[&Entry]) -> Vec<&'static str> {
        hits.iter()
            .map(|e| catalog::entries()[catalog::index_of(e)].code())
            .collect()
    }

    /// The position of the first hit with `status`, if any.
    fn first_with_status(hits: &[&Entry], status: u16) -> Option<usize> {
        hits.iter().position(|e| e.status == Some(status))
    }

    #[test]
    fn the_build_time_index_is_what_the_words_functions_give() {
        use crate::words::push_line;
        let mut buf = String::new();
        for (e, d) in catalog::entries().iter().zip(DOCS.iter()) {
            let mut code_line = String::new();
            push_line(e.code(), &mut code_line, &mut buf);
            let mut message_line = String::new();
            push_line(e.message(), &mut message_line, &mut buf);
            assert_eq!(d.code.get(), e.code().to_lowercase());
            assert_eq!(d.code_line.get(), code_line, "{}", e.code());
            assert_eq!(d.message_line.get(), message_line, "{}", e.code());
            assert_eq!(d.exact.get(), code_words(e.code()));
            assert_eq!(d.aliases.get().lines().count(), e.aliases().len());
        }
    }

    #[test]
    fn splits_codes_into_words() {
        assert_eq!(code_words("FABRIC_E_NOT_PRIMARY"), "fabric e not primary");
        assert_eq!(code_words("PoolNotFound"), "pool not found");
        assert_eq!(code_words("IOError"), "io error");
        assert_eq!(code_words("RUBudgetExceeded"), "ru budget exceeded");
        assert_eq!(code_words("TimeoutGenerated410"), "timeout generated 410");
        assert_eq!(code_words("rate-limited, please"), "rate limited please");
        assert_eq!(code_words("__x__"), "x");
    }

    #[test]
    fn stems_agree_across_forms() {
        for group in [
            &["throttle", "throttled", "throttling", "throttles"][..],
            &["partition", "partitions", "partitioned", "partitioning"],
            &["authenticate", "authenticated", "authentication"],
            &[
                "authorize",
                "authorized",
                "authorised",
                "authorization",
                "authorisation",
            ],
            &["exist", "exists", "existed", "existing"],
            &["deny", "denied", "denies"],
            &["policy", "policies"],
            &["request", "requests", "requested"],
            &["permit", "permitted"],
            &["stop", "stopped", "stopping"],
            &["process", "processes"],
            &["connect", "connection", "connections", "connected"],
        ] {
            let want = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), want, "{w} vs {}", group[0]);
            }
        }
        // Words that only look inflected stay whole enough to mean themselves.
        assert_eq!(stem("exceed"), "exceed");
        assert_eq!(stem("exceeded"), "exceed");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("missing"), "miss");
        assert_eq!(stem("region"), "region");
        assert_eq!(stem("is"), "is");
        assert_eq!(stem("use"), "use");
    }

    #[test]
    fn queries_parse_into_statuses_concepts_and_words() {
        let q = parse("409 rate limited partitions the");
        assert_eq!(q.statuses, vec![(409, None)]);
        assert_eq!(q.terms.len(), 2, "{q:?}");
        assert_eq!(q.terms[0].literal, "rate limited");
        assert_eq!(q.terms[0].statuses, &[429]);
        assert_eq!(q.terms[1].alts, vec![" partit ".to_string()]);
        // A stop word alone is still searched for.
        assert_eq!(parse("the").terms.len(), 1);
        assert_eq!(parse("404.1002").statuses, vec![(404, Some(1002))]);
        // One hyphenated word may name a concept too.
        assert_eq!(parse("rate-limited").terms[0].statuses, &[429]);
    }

    #[test]
    fn every_word_must_match_and_code_words_rank_first() {
        let hits = search("pool not found", None);
        assert_eq!(codes(&hits).first(), Some(&"PoolNotFound"));
        assert!(hits.iter().all(|e| {
            let t = format!(
                "{} {} {}",
                code_words(e.code()),
                e.aliases().join(" ").to_lowercase(),
                e.message().to_lowercase()
            );
            t.contains("pool")
        }));
        assert!(search("zzzz-no-such-word", None).is_empty());
        assert!(search("pool zzqxv", None).is_empty());
        assert!(search("   ", None).is_empty());
    }

    #[test]
    fn synonyms_reach_the_status_they_mean() {
        for (query, status) in [
            ("throttled", 429),
            ("throttling", 429),
            ("throttle", 429),
            ("rate limit", 429),
            ("rate limited", 429),
            ("unauthorized", 401),
            ("unauthorised", 401),
            ("authentication", 401),
            ("forbidden", 403),
            ("access denied", 403),
            ("permission", 403),
            ("timeout", 408),
            ("timed out", 408),
            ("time out", 408),
            ("not found", 404),
            ("missing", 404),
            ("conflict", 409),
            ("already exists", 409),
            ("unavailable", 503),
            ("busy", 503),
        ] {
            let hits = search(query, None);
            let at = first_with_status(&hits, status);
            assert!(
                at.is_some_and(|i| i < 3),
                "{query:?}: first {status} at {at:?} of {:?}",
                &codes(&hits)[..hits.len().min(10)]
            );
        }
        // The codes that spell it, whatever their status.
        let throttled = codes(&search("throttled", None));
        for code in ["TooManyRequests", "RUBudgetExceeded", "GatewayThrottled"] {
            assert!(throttled.contains(&code), "{code} not in {throttled:?}");
        }
        let timeouts = codes(&search("timed out", None));
        for code in [
            "FABRIC_E_TIMEOUT",
            "TRANSIT_TIMEOUT",
            "BlobDownloadTimedOut",
        ] {
            assert!(timeouts.contains(&code), "{code} not in {timeouts:?}");
        }
        // Every form of a word finds the same entries.
        assert_eq!(
            codes(&search("throttled", None)),
            codes(&search("throttling", None))
        );
        // A plural finds what its singular finds (the singular, a shorter
        // substring, may find a little more).
        let singular = codes(&search("partition", None));
        let plural = codes(&search("partitions", None));
        assert!(plural.len() * 10 >= singular.len() * 9, "{plural:?}");
        assert!(plural.iter().all(|c| singular.contains(c)));
        assert!(codes(&search("partitions", None)).contains(&"FABRIC_E_PARTITION_NOT_FOUND"));
    }

    #[test]
    fn a_status_narrows() {
        let hits = search("409 conflict", None);
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|e| e.status == Some(409)));
        // Without the number, conflicts of other statuses may come too, but
        // the 409s still lead.
        assert_eq!(search("conflict", None)[0].status, Some(409));
        let hits = search("404.1002", None);
        assert!(!hits.is_empty());
        assert!(
            hits.iter()
                .all(|e| e.status == Some(404) && e.substatus == Some(1002))
        );
        // A status alone lists its entries, the one named by the number first.
        let hits = search("429", None);
        assert_eq!(hits[0].code(), "429");
        assert!(hits.len() > 5 && hits.iter().all(|e| e.status == Some(429)));
        let hits = search("503 not primary", None);
        assert_eq!(codes(&hits), vec!["FABRIC_E_NOT_PRIMARY"]);
        assert!(search("599 throttled", None).is_empty());
        // A number outside 100-599 is a word, not a status.
        assert!(parse("1002").statuses.is_empty());
    }

    #[test]
    fn exact_codes_come_first() {
        for code in [
            "FABRIC_E_NOT_PRIMARY",
            "fabric_e_not_primary",
            "TooManyRequests",
            "PoolNotFound",
            "ServerBusy",
            "E_ACCESSDENIED",
            "RUBudgetExceeded",
        ] {
            let hits = search(code, None);
            assert!(
                hits.first()
                    .is_some_and(|e| e.code().eq_ignore_ascii_case(code)),
                "{code}: {:?}",
                &codes(&hits)[..hits.len().min(5)]
            );
        }
    }

    #[test]
    fn code_words_and_status_outweigh_the_message() {
        // GatewayThrottled says "throttled" in its code and is a 429;
        // ListResourceFeedThrottled says it in its code but is a 200.
        let hits = codes(&search("throttled", None));
        let at = |c: &str| hits.iter().position(|h| *h == c).unwrap();
        assert!(at("GatewayThrottled") < at("ListResourceFeedThrottled"));
        // "not primary" in the code beats "not ... primary" in a message.
        assert_eq!(
            codes(&search("not primary", None))[0],
            "FABRIC_E_NOT_PRIMARY"
        );
    }

    #[test]
    fn aliases_are_searched() {
        let hits = search("FabricNotPrimaryException", None);
        assert_eq!(hits.first().map(|e| e.code()), Some("FABRIC_E_NOT_PRIMARY"));
    }

    #[test]
    fn service_narrows() {
        let hits = search("not found", Some(Service::IisMedia));
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|e| e.service == Service::IisMedia));
    }

    #[test]
    fn names_a_status() {
        assert!(names_status("409 conflict"));
        assert!(names_status("conflict 404.1002"));
        assert!(!names_status("conflict 4090"));
    }
}
