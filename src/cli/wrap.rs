//! Word wrapping for narrow terminals: lines break at spaces only, so a code
//! name, an HRESULT or a URL (none has a space) is never cut; a word wider
//! than the room it has stays whole on a line of its own.

/// Display width as comfy-table measures it (unicode-width), with a shortcut
/// for printable ASCII.
pub fn text_width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        s.len()
    } else {
        unicode_width::UnicodeWidthStr::width(s)
    }
}

/// The least room a wrapped value gets, however narrow the width: below it
/// the line grows wider rather than one word per line.
pub const MIN_ROOM: usize = 16;

/// Splits `text` into lines at spaces: the first at most `first` columns
/// wide, the others at most `rest` (the room after a hanging indent). Spaces
/// where a line breaks are dropped; a word wider than its line's room is
/// kept whole on a line of its own. Always at least one line.
pub fn wrap_words(text: &str, first: usize, rest: usize) -> Vec<&str> {
    if text_width(text) <= first {
        return vec![text];
    }
    wrap_ranges(text, first, rest)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

/// `wrap_words` as byte ranges of `text`, for a caller that paints parts of
/// it.
pub fn wrap_ranges(text: &str, first: usize, rest: usize) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    // The line being filled: byte range and display width.
    let mut line: Option<(usize, usize, usize)> = None;
    let mut offset = 0;
    for word in text.split(' ') {
        let start = offset;
        offset += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        let end = start + word.len();
        let ww = text_width(word);
        line = Some(match line {
            None => (start, end, ww),
            Some((s, e, lw)) => {
                let room = if lines.is_empty() { first } else { rest };
                let gap = start - e; // spaces only, one column each
                if lw + gap + ww <= room {
                    (s, end, lw + gap + ww)
                } else {
                    lines.push(s..e);
                    (start, end, ww)
                }
            }
        });
    }
    match line {
        Some((s, e, _)) => lines.push(s..e),
        None => lines.push(0..0),
    }
    lines
}

/// The room for a value that starts at column `used` of a `width`-wide line.
pub fn room(width: usize, used: usize) -> usize {
    width.saturating_sub(used).max(MIN_ROOM)
}

/// The room on the first line of a value after a lead `lead_w` columns wide
/// whose continuation lines start at `indent`: all that is left of the
/// width, however little, while the continuation lines have their
/// `MIN_ROOM` (a long lead such as `retry     conditional - ` must not push
/// the line over); only on a width too narrow for that the same floor.
pub fn first_room(width: usize, lead_w: usize, indent: usize) -> usize {
    if width >= indent + MIN_ROOM {
        width.saturating_sub(lead_w)
    } else {
        room(width, lead_w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_at_word_boundaries() {
        assert_eq!(
            wrap_words("the quick brown fox jumps", 10, 10),
            ["the quick", "brown fox", "jumps"]
        );
        // Exactly the width fits.
        assert_eq!(wrap_words("abcde fghij", 11, 11), ["abcde fghij"]);
        assert_eq!(wrap_words("abcde fghij", 10, 10), ["abcde", "fghij"]);
    }

    #[test]
    fn the_first_line_and_the_rest_have_their_own_room() {
        // A hanging indent: less room after the label on the first line.
        assert_eq!(
            wrap_words("one two three four five", 7, 14),
            ["one two", "three four", "five"]
        );
    }

    #[test]
    fn a_long_word_stays_whole() {
        let url = "https://learn.microsoft.com/azure/service-fabric/errors";
        let text = format!("see {url} for details");
        assert_eq!(
            wrap_words(&text, 20, 20),
            ["see", url, "for details"],
            "the URL is wider than the room but is not cut"
        );
        assert_eq!(
            wrap_words("FABRIC_E_SERVICE_DOES_NOT_EXIST", 5, 5),
            ["FABRIC_E_SERVICE_DOES_NOT_EXIST"]
        );
    }

    #[test]
    fn unbroken_text_is_returned_as_is() {
        assert_eq!(wrap_words("short", 80, 80), ["short"]);
        assert_eq!(wrap_words("", 5, 5), [""]);
        // Runs of spaces inside a line are kept, at a break they go.
        assert_eq!(wrap_words("a  b", 10, 10), ["a  b"]);
        assert_eq!(wrap_words("aaaa   bbbb", 6, 6), ["aaaa", "bbbb"]);
        assert_eq!(wrap_words("  x", 1, 1), ["x"]);
    }

    #[test]
    fn measures_display_width() {
        // Each of these is two columns wide.
        assert_eq!(text_width("日本"), 4);
        assert_eq!(wrap_words("日本 語の 文", 5, 5), ["日本", "語の", "文"]);
    }

    #[test]
    fn ranges_index_the_text() {
        assert_eq!(wrap_ranges("ab cd ef", 5, 5), [0..5, 6..8]);
        assert_eq!(
            wrap_ranges(" ", 0, 0),
            vec![std::ops::Range { start: 0, end: 0 }]
        );
    }

    #[test]
    fn room_has_a_floor() {
        assert_eq!(room(80, 12), 68);
        assert_eq!(room(20, 12), MIN_ROOM);
        assert_eq!(first_room(40, 26, 12), 14, "a long lead leaves less");
        assert_eq!(first_room(20, 26, 12), MIN_ROOM, "too narrow: the floor");
    }
}
