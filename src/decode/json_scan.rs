//! The JSON scanner under the error-shape reader (`json.rs`): tokens,
//! strings and escapes, and an iterative skipper whose nesting lives in a
//! heap stack, so a million `[` costs a megabyte, not the call stack.
//!
//! Malformed or truncated input stops a scan with a [`Fail`] at a byte
//! offset; the caller keeps everything read before it.

use std::borrow::Cow;

/// Where and why the scan stopped.
#[derive(Debug)]
pub(super) struct Fail {
    pub at: usize,
    pub what: &'static str,
}

pub(super) type R<T> = Result<T, Fail>;

pub(super) const EOF: &str = "unexpected end of input: the JSON looks truncated";

/// A cursor over one JSON text.
pub(super) struct Scan<'a> {
    pub s: &'a str,
    pub b: &'a [u8],
    pub i: usize,
}

impl<'a> Scan<'a> {
    /// A scan from the start of `text`.
    pub fn new(text: &'a str) -> Scan<'a> {
        Scan {
            s: text,
            b: text.as_bytes(),
            i: 0,
        }
    }

    pub fn fail<T>(&self, what: &'static str) -> R<T> {
        if self.i >= self.b.len() {
            Err(Fail {
                at: self.b.len(),
                what: EOF,
            })
        } else {
            Err(Fail { at: self.i, what })
        }
    }

    pub fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.i += 1;
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Calls `f` for each key of the object at the cursor; `f` must consume the value.
    pub fn object(&mut self, mut f: impl FnMut(&mut Self, Cow<'a, str>) -> R<()>) -> R<()> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return self.fail("expected a string key");
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return self.fail("expected ':' after an object key");
            }
            self.i += 1;
            self.ws();
            f(self, key)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.fail("expected ',' or '}' in an object"),
            }
        }
    }

    /// Calls `f` for each element of the array at the cursor, with its index.
    pub fn array(&mut self, mut f: impl FnMut(&mut Self, usize) -> R<()>) -> R<()> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        let mut n = 0;
        loop {
            f(self, n)?;
            n += 1;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.fail("expected ',' or ']' in an array"),
            }
        }
    }

    /// A string, a number or a literal as text; objects and arrays are skipped (`None`), as is `null`.
    pub fn scalar(&mut self) -> R<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'"') => self.string().map(Some),
            Some(b'n') => self.literal("null").map(|_| None),
            Some(b't') => self.literal("true").map(|_| Some(Cow::Borrowed("true"))),
            Some(b'f') => self.literal("false").map(|_| Some(Cow::Borrowed("false"))),
            Some(b'-' | b'0'..=b'9') => self.number().map(|n| Some(Cow::Borrowed(n))),
            _ => self.skip_value().map(|_| None),
        }
    }

    pub fn literal(&mut self, word: &'static str) -> R<()> {
        let end = self.i + word.len();
        match self.b.get(self.i..end) {
            Some(w) if w == word.as_bytes() => {
                self.i = end;
                Ok(())
            }
            _ if self.b.len() < end && word.as_bytes().starts_with(&self.b[self.i..]) => {
                self.i = self.b.len();
                self.fail(EOF)
            }
            _ => self.fail("invalid literal (expected true, false or null)"),
        }
    }

    pub fn number(&mut self) -> R<&'a str> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |sc: &mut Self| {
            let from = sc.i;
            while sc.peek().is_some_and(|c| c.is_ascii_digit()) {
                sc.i += 1;
            }
            sc.i > from
        };
        if !digits(self) {
            return self.fail("invalid number");
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return self.fail("invalid number: digits expected after '.'");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return self.fail("invalid number: digits expected in the exponent");
            }
        }
        Ok(&self.s[start..self.i])
    }

    /// The string at the cursor, unescaped; borrowed when it has no escapes.
    pub fn string(&mut self) -> R<Cow<'a, str>> {
        let start = self.i + 1;
        let Some(off) = quote_or_backslash(&self.b[start..]) else {
            self.i = self.b.len();
            return self.fail(EOF);
        };
        if self.b[start + off] == b'"' {
            self.i = start + off + 1;
            return Ok(Cow::Borrowed(&self.s[start..start + off]));
        }
        // Room for the rest of a typical message, so it grows once at most.
        let mut out = String::with_capacity((self.b.len() - start).min(off + 256));
        out.push_str(&self.s[start..start + off]);
        self.i = start + off;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(_) => self.escape(&mut out)?,
                None => return self.fail(EOF),
            }
            let from = self.i;
            match quote_or_backslash(&self.b[from..]) {
                Some(off) => {
                    out.push_str(&self.s[from..from + off]);
                    self.i = from + off;
                }
                None => {
                    self.i = self.b.len();
                    return self.fail(EOF);
                }
            }
        }
    }

    /// The escape sequence at the cursor (a backslash), appended to `out`.
    pub fn escape(&mut self, out: &mut String) -> R<()> {
        let Some(&c) = self.b.get(self.i + 1) else {
            self.i = self.b.len();
            return self.fail(EOF);
        };
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4(self.i + 2)?;
                self.i += 6;
                let low = if (0xD800..0xDC00).contains(&unit)
                    && self.b.get(self.i..self.i + 2) == Some(b"\\u")
                {
                    self.hex4(self.i + 2)
                        .ok()
                        .filter(|low| (0xDC00..0xE000).contains(low))
                } else {
                    None
                };
                if let Some(low) = low {
                    self.i += 6;
                    let c = 0x10000 + ((unit as u32 - 0xD800) << 10) + (low as u32 - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    return Ok(());
                }
                out.push(char::from_u32(unit as u32).unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            _ => {
                self.i += 1;
                return self.fail("invalid escape in a string");
            }
        };
        out.push(ch);
        self.i += 2;
        Ok(())
    }

    pub fn hex4(&mut self, at: usize) -> R<u16> {
        let Some(digits) = self.b.get(at..at + 4) else {
            self.i = self.b.len();
            return self.fail(EOF);
        };
        let mut v = 0u16;
        for &d in digits {
            let n = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => {
                    self.i = at;
                    return self.fail("invalid \\u escape: four hex digits expected");
                }
            };
            v = v << 4 | n as u16;
        }
        Ok(v)
    }

    pub fn skip_string(&mut self) -> R<()> {
        let mut at = self.i + 1;
        loop {
            match quote_or_backslash(&self.b[at.min(self.b.len())..]) {
                Some(off) if self.b[at + off] == b'"' => {
                    self.i = at + off + 1;
                    return Ok(());
                }
                Some(off) => at += off + 2,
                None => {
                    self.i = self.b.len();
                    return self.fail(EOF);
                }
            }
        }
    }

    /// Skips one value of any depth without recursion: open containers are
    /// kept on a heap stack of their closing bytes.
    pub fn skip_value(&mut self) -> R<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => self.skip_string()?,
                Some(b'{') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        open.push(b'}');
                        self.skip_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        open.push(b']');
                        continue;
                    }
                }
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                _ => return self.fail("expected a value"),
            }
            // A value ended: close every container it completes.
            loop {
                let Some(&close) = open.last() else {
                    return Ok(());
                };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if close == b'}' {
                            self.ws();
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.i += 1;
                        open.pop();
                    }
                    _ if close == b'}' => return self.fail("expected ',' or '}' in an object"),
                    _ => return self.fail("expected ',' or ']' in an array"),
                }
            }
        }
    }

    pub fn skip_key(&mut self) -> R<()> {
        if self.peek() != Some(b'"') {
            return self.fail("expected a string key");
        }
        self.skip_string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return self.fail("expected ':' after an object key");
        }
        self.i += 1;
        Ok(())
    }
}

/// Reads the `{"Errors":[..]}` object Cosmos DB embeds in its message: the
/// strings it holds, one per line, and how many bytes of `text` the object took.
pub(super) fn embedded_errors(text: &str) -> Option<(String, usize)> {
    let mut sc = Scan::new(text);
    let mut found = String::new();
    if sc.peek() != Some(b'{') {
        return None;
    }
    let mut add = |s: Cow<'_, str>| {
        if !found.is_empty() {
            found.push('\n');
        }
        found.push_str(&s);
    };
    sc.object(|sc, _key| match sc.peek() {
        Some(b'[') => sc.array(|sc, _| {
            if let Some(s) = sc.scalar()? {
                add(s);
            }
            Ok(())
        }),
        _ => {
            if let Some(s) = sc.scalar()? {
                add(s);
            }
            Ok(())
        }
    })
    .ok()?;
    Some((found, sc.i))
}

/// How many bytes the JSON value at the start of `text` (after whitespace)
/// takes, when it is a whole value.
pub(super) fn value_len(text: &str) -> Option<usize> {
    let mut sc = Scan::new(text);
    sc.skip_value().ok()?;
    Some(sc.i)
}

/// Offset of the first `"` or `\\`. The first 32 bytes are searched eight
/// at a time (SWAR): most strings (keys, codes) end there, where memchr's
/// setup costs more than the search; longer ones go to memchr.
fn quote_or_backslash(b: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = LO * b'"' as u64;
    const BACKSLASHES: u64 = LO * b'\\' as u64;
    const SHORT: usize = 32;
    let head = &b[..b.len().min(SHORT)];
    let mut chunks = head.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let v = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        let q = v ^ QUOTES;
        let s = v ^ BACKSLASHES;
        // A zero byte in q or s is a match. The lowest flagged byte is always a
        // true match (false flags only appear above a true one).
        let found = (q.wrapping_sub(LO) & !q | s.wrapping_sub(LO) & !s) & HI;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    if let Some(p) = chunks
        .remainder()
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
    {
        return Some(at + p);
    }
    if b.len() <= SHORT {
        return None;
    }
    memchr::memchr2(b'"', b'\\', &b[SHORT..]).map(|p| p + SHORT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_search_agrees_with_a_plain_search() {
        let text = br#"abcdefgh\ijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"OPQRSTUVWXYZ"#;
        for start in 0..text.len() {
            for end in start..=text.len() {
                let s = &text[start..end];
                assert_eq!(
                    quote_or_backslash(s),
                    s.iter().position(|&c| c == b'"' || c == b'\\')
                );
            }
        }
        assert_eq!(quote_or_backslash(b"\x01\xff\x22"), Some(2));
        assert_eq!(
            quote_or_backslash(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x5c"),
            Some(9)
        );
    }

    #[test]
    fn embedded_errors_object() {
        let (errs, used) = embedded_errors(r#"{"Errors":["one","two"]} tail"#).unwrap();
        assert_eq!(errs, "one\ntwo");
        assert_eq!(used, 24);
        assert!(embedded_errors("not json").is_none());
    }
}
