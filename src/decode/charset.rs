//! Turning body bytes into text: byte-order marks, UTF-16, Latin-1 and
//! Windows-1252 as a `charset` names them, lossy UTF-8 for everything else.
//! Nothing here fails: bytes that do not decode become U+FFFD.

use std::borrow::Cow;

/// A whole input in UTF-16, told by its BOM or, without one, by the shape of
/// ASCII text in UTF-16 (every other byte zero), transcoded to UTF-8.
pub(super) fn utf16_from_bom_or_shape(input: &[u8]) -> Option<(String, &'static str)> {
    if let Some(rest) = input.strip_prefix(b"\xFF\xFE") {
        return Some((utf16(rest, false), "utf-16le"));
    }
    if let Some(rest) = input.strip_prefix(b"\xFE\xFF") {
        return Some((utf16(rest, true), "utf-16be"));
    }
    let head = input.get(..4)?;
    if head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 {
        return Some((utf16(input, false), "utf-16le"));
    }
    if head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0 {
        return Some((utf16(input, true), "utf-16be"));
    }
    None
}

/// Decodes UTF-16 (a trailing odd byte is dropped, unpaired surrogates become U+FFFD).
fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .filter(|&c| c != '\u{feff}')
        .collect()
}

/// The body as text. Returns the text, the charset it was read in when one
/// was named or marked (so it can be reported), and whether a UTF-8 BOM led it.
pub(super) fn to_utf8<'a>(
    bytes: &'a [u8],
    charset: Option<&str>,
) -> (Cow<'a, str>, Option<String>, bool) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest),
            Some("utf-8".to_string()),
            true,
        );
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        if let Some((text, name)) = utf16_from_bom_or_shape(bytes) {
            return (Cow::Owned(text), Some(name.to_string()), false);
        }
    }
    let Some(cs) = charset else {
        return (lossy(bytes), None, false);
    };
    let text = match cs {
        "utf-16" | "utf-16le" | "unicode" | "ucs-2" => Cow::Owned(utf16(bytes, false)),
        "utf-16be" | "unicodefffe" => Cow::Owned(utf16(bytes, true)),
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "iso-ir-100"
        | "cp819" => latin1(bytes, false),
        "windows-1252" | "cp1252" | "x-cp1252" => latin1(bytes, true),
        _ => lossy(bytes),
    };
    (text, Some(cs.to_string()), false)
}

/// UTF-8, invalid sequences replaced. `from_utf8` first: its validation is
/// several times faster than the lossy decoder's, and nearly all input is valid.
pub(super) fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// ISO-8859-1 maps each byte to the code point of the same number; Windows-1252
/// differs only in 0x80..=0x9F, where it has printable characters.
fn latin1(bytes: &[u8], windows: bool) -> Cow<'_, str> {
    if bytes.is_ascii() {
        // Same bytes in every one of these charsets: borrow, no copy.
        return lossy(bytes);
    }
    Cow::Owned(
        bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F if windows => CP1252_HIGH[(b - 0x80) as usize],
                _ => b as char,
            })
            .collect(),
    )
}

/// Windows-1252 0x80..=0x9F (the five undefined positions keep their C1 code point).
static CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v
    }

    #[test]
    fn utf16_is_found_by_bom_or_shape() {
        let (t, n) = utf16_from_bom_or_shape(&utf16le("{\"a\":1}", true)).unwrap();
        assert_eq!((t.as_str(), n), ("{\"a\":1}", "utf-16le"));
        let (t, n) = utf16_from_bom_or_shape(&utf16le("<Error/>", false)).unwrap();
        assert_eq!((t.as_str(), n), ("<Error/>", "utf-16le"));
        let be: Vec<u8> = "<a/>".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_from_bom_or_shape(&be).unwrap().0, "<a/>");
        assert!(utf16_from_bom_or_shape(b"{\"a\":1}").is_none());
        assert!(utf16_from_bom_or_shape(b"").is_none());
    }

    #[test]
    fn charsets_from_headers() {
        let (t, cs, _) = to_utf8(b"caf\xE9", Some("iso-8859-1"));
        assert_eq!((t.as_ref(), cs.as_deref()), ("café", Some("iso-8859-1")));
        let (t, ..) = to_utf8(b"\x93quoted\x94", Some("windows-1252"));
        assert_eq!(t, "“quoted”");
        let wide = utf16le("hé", false);
        let (t, ..) = to_utf8(&wide, Some("utf-16"));
        assert_eq!(t, "hé");
        let (t, cs, bom) = to_utf8(b"\xEF\xBB\xBF<a/>", None);
        assert_eq!(
            (t.as_ref(), cs.as_deref(), bom),
            ("<a/>", Some("utf-8"), true)
        );
        let (t, cs, _) = to_utf8(b"bad \xFF byte", None);
        assert_eq!((t.as_ref(), cs), ("bad \u{fffd} byte", None));
    }

    #[test]
    fn odd_and_unpaired_utf16_is_tolerated() {
        assert_eq!(utf16(&[0x41, 0x00, 0x42], false), "A");
        assert_eq!(utf16(&[0x00, 0xD8, 0x41, 0x00], false), "\u{fffd}A");
    }
}
