//! Free-text search over codes and messages.

use crate::catalog::{self, Entry, Service};

/// Splits a code into lower-case words: `FABRIC_E_NOT_PRIMARY` and
/// `PoolNotFound` both become words a person would type.
fn code_words(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut prev_lower = false;
    for c in code.chars() {
        if c == '_' || c == '-' || c == '.' {
            out.push(' ');
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Entries whose code, aliases or message contain every word of `query`
/// (case-insensitive), best match first: words found in the code weigh more
/// than words in an alias (`NotPrimary`), which weigh more than words in the
/// message, and an exact code match comes first of all.
pub fn search(query: &str, service: Option<Service>) -> Vec<&'static Entry> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u32, usize, &'static Entry)> = Vec::new();
    for (i, e) in catalog::entries().iter().enumerate() {
        if service.is_some_and(|s| s != e.service) {
            continue;
        }
        let code = e.code().to_lowercase();
        let split = code_words(e.code());
        let message = e.message().to_lowercase();
        let aliases: Vec<String> = e.aliases().map(|a| a.to_lowercase()).collect();
        let mut score = 0u32;
        let mut all = true;
        for w in &words {
            let in_code = code.contains(w.as_str()) || split.contains(w.as_str());
            let whole_word = split.split(' ').any(|p| p == w);
            let in_message = message.contains(w.as_str());
            let in_alias = aliases.iter().any(|a| a.contains(w.as_str()));
            if !(in_code || in_message || in_alias) {
                all = false;
                break;
            }
            score += if whole_word {
                12
            } else if in_code {
                8
            } else if in_alias {
                6
            } else {
                0
            };
            score += if in_message { 2 } else { 0 };
        }
        if !all {
            continue;
        }
        let phrase = words.join(" ");
        if code == phrase.replace(' ', "") || split == phrase || code == phrase {
            score += 1000;
        }
        if e.is_seed() {
            score += 1;
        }
        hits.push((score, i, e));
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().map(|(_, _, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_codes_into_words() {
        assert_eq!(code_words("FABRIC_E_NOT_PRIMARY"), "fabric e not primary");
        assert_eq!(code_words("PoolNotFound"), "pool not found");
        assert_eq!(code_words("IOError"), "ioerror");
    }

    #[test]
    fn every_word_must_match_and_code_words_rank_first() {
        let hits = search("pool not found", None);
        assert_eq!(hits.first().map(|e| e.code()), Some("PoolNotFound"));
        assert!(hits.iter().all(|e| {
            let t = format!(
                "{} {} {} {}",
                e.code().to_lowercase(),
                code_words(e.code()),
                e.aliases().join(" ").to_lowercase(),
                e.message().to_lowercase()
            );
            ["pool", "not", "found"].iter().all(|w| t.contains(w))
        }));
        assert!(search("zzzz-no-such-word", None).is_empty());
        assert!(search("   ", None).is_empty());
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
}
