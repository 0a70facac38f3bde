//! Free text: HTML error pages, plain-text error lines, log excerpts.
//!
//! Such text has no fields, so it is searched for what the catalog knows:
//! catalog codes, HRESULT literals, and HTTP statuses where the words around
//! a number say it is one (`HTTP Error 400`, `404 Not Found`, `status: 503`).
//! One distinct code (or status) found becomes the body's code (or status);
//! several are only listed as mentions, since picking one would be a guess.

use super::{BodyFormat, ErrorBody, matching, message};

/// Longest message taken from free text; the rest is still searched.
const MAX_MESSAGE: usize = 500;

/// Whether text (starting at its first `<`) is an HTML page.
pub(super) fn is_html(text: &str) -> bool {
    let head = text.get(..text.len().min(1024)).unwrap_or(text);
    let head = head.to_ascii_lowercase();
    head.contains("<!doctype html")
        || head.contains("<html")
        || head.starts_with("<head")
        || head.starts_with("<body")
}

/// Whether text is mostly not text (compressed or binary bytes read lossily).
pub(super) fn is_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars().take(512) {
        total += 1;
        if c == '\0'
            || c == char::REPLACEMENT_CHARACTER
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        {
            odd += 1;
        }
    }
    total > 0 && odd * 10 > total * 3
}

/// Decodes an HTML page: its title and first heading, and what its text mentions.
pub(super) fn decode_html(text: &str) -> ErrorBody {
    let mut body = ErrorBody::new(BodyFormat::Html);
    let title = element_text(text, "title");
    let heading = element_text(text, "h1").or_else(|| element_text(text, "h2"));
    let visible = visible_text(text);
    if let Some(t) = &title {
        // A title that is a reason phrase alone (`Bad Request`) names the status.
        if let Some(status) = status_for_phrase(t) {
            body.status = Some(status);
        }
    }
    body.message = heading
        .clone()
        .or_else(|| title.clone())
        .map(|m| truncate(&m));
    if let (Some(t), Some(_)) = (&title, &heading) {
        body.push_detail("title", t.clone());
    }
    apply_mentions(&mut body, &visible);
    body
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_MESSAGE) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// What free text mentions: catalog codes, HRESULT literals and HTTP
/// statuses, each once, in order of first appearance.
pub(super) struct Mentions<'t> {
    pub codes: Vec<&'t str>,
    pub hresults: Vec<u32>,
    pub statuses: Vec<u16>,
}

/// Finds what `text` mentions (see [`Mentions`]).
pub(super) fn mentions(text: &str) -> Mentions<'_> {
    let mut codes: Vec<&str> = Vec::new();
    let mut statuses: Vec<u16> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        let word = &text[start..i];
        let status = (word.len() == 3)
            .then(|| crate::status_text::vouched_status(bytes, start))
            .flatten();
        if let Some(status) = status {
            if !statuses.contains(&status) {
                statuses.push(status);
            }
        } else if looks_like_code(word)
            && bytes.get(i) != Some(&b'=')
            && matching::is_catalog_code(word)
            && !codes.contains(&word)
        {
            codes.push(word);
        }
    }
    Mentions {
        codes,
        hresults: message::hresult_literals(text),
        statuses,
    }
}

/// Adds to `body` what `text` mentions: catalog codes, HRESULTs, statuses.
fn apply_mentions(body: &mut ErrorBody, text: &str) {
    let found = mentions(text);
    for h in &found.hresults {
        body.push_hresult("text", *h);
    }
    if body.code.is_none() && found.codes.len() == 1 {
        body.code = Some(found.codes[0].to_string());
    }
    if body.status.is_none() && found.statuses.len() == 1 {
        body.status = Some(found.statuses[0]);
    }
    body.mentions
        .extend(found.codes.iter().map(|c| c.to_string()));
    body.mentions
        .extend(found.hresults.iter().map(|h| format!("0x{h:08X}")));
    body.mentions
        .extend(found.statuses.iter().map(u16::to_string));
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A code-shaped word: `FABRIC_E_NOT_PRIMARY`, `PoolNotFound`; not an
/// ordinary word (`Unknown`, `Conflict`) that a catalog also lists as a code.
fn looks_like_code(word: &str) -> bool {
    let upper = word.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = word.bytes().filter(u8::is_ascii_lowercase).count();
    word.len() >= 4 && upper >= 2 && (lower >= 2 || word.contains('_'))
}

/// The status whose reason phrase `phrase` is (`Bad Request`, `404 Not Found`).
fn status_for_phrase(phrase: &str) -> Option<u16> {
    let p = phrase
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    let squeezed: String = p.chars().filter(|c| *c != ' ' && *c != '-').collect();
    matching::implied_status(&squeezed).filter(|_| !squeezed.is_empty())
}

/// The text of the first `<name>` element (case-insensitive), tags stripped.
fn element_text(html: &str, name: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(p) = lower[from..].find(&open) {
        let at = from + p;
        from = at + open.len();
        // `<h1 ...>` or `<h1>`, not `<h10>` or `<header>`.
        if !matches!(
            lower.as_bytes().get(from),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            continue;
        }
        let content_start = lower[from..].find('>')? + from + 1;
        let end = lower[content_start..]
            .find(&format!("</{name}"))
            .map_or(lower.len(), |e| content_start + e);
        let text = visible_text(&html[content_start..end]);
        return (!text.is_empty()).then_some(text);
    }
    None
}

/// The text of HTML: tags, scripts and styles removed, common entities
/// decoded, whitespace collapsed.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let mut space = false;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with('<') {
            let lrest = &lower[i..];
            let skip_to = if lrest.starts_with("<script") {
                lrest.find("</script").map(|e| i + e)
            } else if lrest.starts_with("<style") {
                lrest.find("</style").map(|e| i + e)
            } else if lrest.starts_with("<!--") {
                lrest.find("-->").map(|e| i + e)
            } else {
                Some(i)
            };
            let from = skip_to.unwrap_or(html.len());
            i = html[from..].find('>').map_or(html.len(), |e| from + e + 1);
            space = true;
            continue;
        }
        // Look for the `;` in bytes: twelve bytes in may be inside a character.
        let entity_here = match rest.strip_prefix('&') {
            Some(_) => rest.as_bytes()[..rest.len().min(12)]
                .iter()
                .position(|&b| b == b';')
                .and_then(|semi| entity(&rest[1..semi]).map(|c| (semi, c))),
            None => None,
        };
        if let Some((semi, c)) = entity_here {
            flush_space(&mut out, &mut space);
            out.push(c);
            i += semi + 1;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_whitespace() {
            space = true;
        } else {
            flush_space(&mut out, &mut space);
            out.push(c);
        }
    }
    out
}

fn flush_space(out: &mut String, space: &mut bool) {
    if *space && !out.is_empty() {
        out.push(' ');
    }
    *space = false;
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(n).filter(|c| *c != '\0')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_sys_page() {
        let b = decode_html(
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><HTML><HEAD><TITLE>Not Found</TITLE></HEAD><BODY><h2>Not Found</h2><hr><p>HTTP Error 404. The requested resource is not found.</p></BODY></HTML>",
        );
        assert_eq!(b.format, BodyFormat::Html);
        assert_eq!(b.status, Some(404));
        assert_eq!(b.message.as_deref(), Some("Not Found"));
        assert_eq!(b.mentions, vec!["404"]);
    }

    #[test]
    fn iis_detailed_error_page() {
        let b = decode_html(
            "<html><head><title>IIS 10.0 Detailed Error - 500.19 - Internal Server Error</title><style>p{}</style></head><body><h1>HTTP Error 500.19 - Internal Server Error</h1><p>Error Code 0x8007000d</p><script>var x = 'PoolNotFound';</script></body></html>",
        );
        assert_eq!(b.status, Some(500));
        assert_eq!(b.hresults[0].value.0, 0x8007_000D);
        assert!(b.mentions.contains(&"0x8007000D".to_string()));
        assert!(!b.mentions.contains(&"PoolNotFound".to_string()));
    }

    #[test]
    fn binary_is_told_apart() {
        assert!(is_binary("\u{fffd}\u{fffd}\u{0}\u{8}\u{fffd}abc"));
        assert!(!is_binary("plain text, é and ü"));
    }

    #[test]
    fn visible_text_strips_markup() {
        assert_eq!(
            visible_text("<p>a &amp; b</p>\n<p>c&#33;&nbsp;d &bogus; e</p>"),
            "a & b c! d &bogus; e"
        );
    }
}
