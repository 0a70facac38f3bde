//! Words as search reads them: a code split into the words a person would
//! type, and a light English stemmer. Plain std code, so `build.rs` compiles
//! the same functions (`#[path]`) to stem the catalog at build time, and a
//! query at run time is stemmed exactly alike.

/// Splits a code into lower-case words: `FABRIC_E_NOT_PRIMARY` and
/// `PoolNotFound` both become words a person would type. An upper-case run
/// ends before its last letter when a lower-case one follows (`IOError` is
/// `io error`), and digits part from letters (`TimeoutGenerated410`).
pub fn code_words(code: &str) -> String {
    // Byte by byte: every boundary is between ASCII characters, and anything
    // else (non-ASCII included) separates words.
    let b = code.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + b.len() / 4);
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if out.last().is_some_and(|&l| l != b' ') {
                out.push(b' ');
            }
            continue;
        }
        if let Some(&p) = i.checked_sub(1).and_then(|j| b.get(j)) {
            let next_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            let boundary = (c.is_ascii_uppercase()
                && (p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next_lower)))
                || (c.is_ascii_digit() && p.is_ascii_alphabetic())
                || (c.is_ascii_alphabetic() && p.is_ascii_digit());
            if boundary {
                out.push(b' ');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    if out.last() == Some(&b' ') {
        out.pop();
    }
    String::from_utf8(out).expect("only ASCII is pushed")
}

/// A light, hand-written stemmer for English words in lower case: plurals
/// (`-s`, `-ies`), `-ed`, `-ing`, `-ion` and a final `-e` come off, British
/// `-ise` reads as `-ize`, so `throttle`, `throttled`, `throttling` and
/// `throttles` are all `throttl`, and `partitions` is `partition`'s `partit`.
/// Both the query and the catalog go through it, so only agreement matters.
pub fn stem(word: &str) -> String {
    let mut w = String::new();
    stem_into(word, &mut w);
    w
}

/// `stem` into `w` (cleared first), so a caller can reuse one buffer.
pub fn stem_into(word: &str, w: &mut String) {
    w.clear();
    w.push_str(word);
    w.make_ascii_lowercase();
    for (from, to) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("ises", "izes"),
        ("ise", "ize"),
    ] {
        if w.len() > from.len() + 2 && w.ends_with(from) {
            w.truncate(w.len() - from.len());
            w.push_str(to);
            break;
        }
    }
    // Plurals.
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    }
    // -ed, -ing.
    let mut cut = false;
    if w.len() > 4 && w.ends_with("ied") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("eed") {
        // exceed, succeed: not a past tense.
    } else if w.len() >= 5 && w.ends_with("ed") {
        w.truncate(w.len() - 2);
        cut = true;
    } else if w.len() >= 6 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
        cut = true;
    }
    if cut {
        let b = w.as_bytes();
        let n = b.len();
        if n >= 2
            && b[n - 1] == b[n - 2]
            && b[n - 1].is_ascii_alphabetic()
            && !b"aeioulsz".contains(&b[n - 1])
        {
            w.pop();
        }
    }
    // -ion: partition ~ partit, authentication ~ authenticat(e).
    if w.len() >= 7 && w.ends_with("ion") {
        w.truncate(w.len() - 3);
        if w.ends_with("izat") {
            w.truncate(w.len() - 2);
        }
    }
    if w.len() >= 4 && w.ends_with('e') {
        w.pop();
    }
}

/// The stems of every word of `text`, as the search's lines spell them, appended to
/// `out`; `buf` is scratch space.
// build.rs builds the catalog's lines with it; the library's tests check them.
#[cfg_attr(not(test), allow(dead_code))]
pub fn push_line(text: &str, out: &mut String, buf: &mut String) {
    if !out.ends_with(' ') {
        out.push(' ');
    }
    for w in code_words(text).split(' ').filter(|w| !w.is_empty()) {
        stem_into(w, buf);
        out.push_str(buf);
        out.push(' ');
    }
}
