//! Finding which of a few hundred fixed phrases a text contains, ignoring
//! ASCII case: the catalog messages a paste quotes, and the SDKs' own
//! texts.
//!
//! An Aho-Corasick automaton did this before, but building one over ~40 KB
//! of case-insensitive phrases cost ~22 million instructions, once per run
//! of any command that read a paste (50 times errcode's whole start-up).
//! The phrases are long and distinctive, so a sorted table of their first
//! bytes does the same job: each text position whose first byte can start
//! a phrase is looked up by binary search, and only phrases sharing its
//! prefix are compared. Building the table is one sort.

/// A set of phrases, searched leftmost-longest, ignoring ASCII case, at
/// word boundaries of the text.
#[derive(Debug)]
pub(super) struct Phrases {
    patterns: Vec<&'static str>,
    /// (lower-cased prefix of `key_len` bytes, pattern index), sorted.
    keys: Vec<([u8; 8], u32)>,
    key_len: usize,
    /// Lower-cased first bytes of the patterns.
    starts: [bool; 256],
}

impl Phrases {
    /// A set of `patterns`; empty ones are ignored.
    pub(super) fn new(patterns: Vec<&'static str>) -> Phrases {
        let key_len = patterns
            .iter()
            .map(|p| p.len())
            .filter(|&n| n > 0)
            .min()
            .unwrap_or(1)
            .min(8);
        let mut keys = Vec::with_capacity(patterns.len());
        let mut starts = [false; 256];
        for (i, p) in patterns.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            keys.push((key(p.as_bytes(), key_len), i as u32));
            starts[usize::from(p.as_bytes()[0].to_ascii_lowercase())] = true;
        }
        keys.sort_unstable();
        Phrases {
            patterns,
            keys,
            key_len,
            starts,
        }
    }

    /// The index of the phrase found first in `text` (the longest of those
    /// starting there), ignoring ASCII case; a phrase starts where a word
    /// of the text does.
    pub(super) fn find(&self, text: &str) -> Option<usize> {
        let b = text.as_bytes();
        if b.len() < self.key_len {
            return None;
        }
        for at in 0..=b.len() - self.key_len {
            // Phrases start at a word boundary of the text: a message
            // quoted inside a longer word is not that message.
            let boundary = at == 0 || !b[at - 1].is_ascii_alphanumeric();
            if !boundary || !self.starts[usize::from(b[at].to_ascii_lowercase())] {
                continue;
            }
            let k = key(&b[at..], self.key_len);
            let from = self.keys.partition_point(|(x, _)| *x < k);
            let best = self.keys[from..]
                .iter()
                .take_while(|(x, _)| *x == k)
                .map(|&(_, i)| i as usize)
                .filter(|&i| {
                    let p = self.patterns[i].as_bytes();
                    b.len() - at >= p.len() && b[at..at + p.len()].eq_ignore_ascii_case(p)
                })
                .max_by_key(|&i| (self.patterns[i].len(), std::cmp::Reverse(i)));
            if best.is_some() {
                return best;
            }
        }
        None
    }
}

fn key(bytes: &[u8], len: usize) -> [u8; 8] {
    let mut k = [0u8; 8];
    for (slot, b) in k.iter_mut().zip(&bytes[..len]) {
        *slot = b.to_ascii_lowercase();
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftmost_then_longest_ignoring_case() {
        let set = Phrases::new(vec![
            "The specified job",
            "The specified job already exists",
            "already exists",
            "",
        ]);
        assert_eq!(
            set.find("error: the SPECIFIED job already exists."),
            Some(1)
        );
        assert_eq!(set.find("error: The specified job was deleted"), Some(0));
        assert_eq!(set.find("it already exists; the specified job"), Some(2));
        assert_eq!(set.find("nothing here"), None);
        assert_eq!(set.find(""), None);
        // A phrase cut short by the end of the text is no match.
        assert_eq!(set.find("xx The specified jo"), None);
        // Nor one that starts inside a word.
        assert_eq!(set.find("reThe specified job"), None);
        assert_eq!(set.find("re:The specified job"), Some(0));
    }

    #[test]
    fn short_phrases_shorten_the_key() {
        let set = Phrases::new(vec!["abc", "abcdefghijk"]);
        assert_eq!(set.find("..ABC.."), Some(0));
        assert_eq!(set.find("abcdefghijkl"), Some(1));
        assert_eq!(set.find("ab"), None);
    }

    #[test]
    fn multibyte_text_is_safe() {
        let set = Phrases::new(vec!["Pool not found"]);
        assert_eq!(set.find("é pool not found ✓"), Some(0));
        assert_eq!(set.find("ééééééééé"), None);
    }
}
