//! Where a match may start: the scanner's prefilter.
//!
//! Every match the rules accept starts a word (a run of `[A-Za-z0-9_]`, the
//! `grep -w` word characters) and begins in one of these ways:
//!
//! - an upper-case letter: every catalog code name starts with one, and so
//!   do `SubStatusCode` and `SubStatus`;
//! - `0x` or `0X`: a hex HRESULT;
//! - `su`: the lower-case sub-status keys (`subStatusCode`, `substatus`,
//!   `x-ms-substatus`, `sub_status`);
//! - a digit right after a `-` that does not follow a digit: a signed
//!   decimal HRESULT (`hr=-2138570706`; not the `05` of `2024-05-01`);
//! - a digit right after a space, tab, `=`, quote, `(` or `[`, or after a
//!   `:` that does not follow a digit: an unsigned decimal or unprefixed hex
//!   HRESULT after its key (`hresult 2147949517`, `hr=80071BC6`; not the
//!   `12` of `09:12:33`);
//! - a digit right after a `/` or `.` that follows a digit: the sub-status of
//!   a Cosmos DB pair written `404/1002` or `449.5352`.
//!
//! Log text is mostly lower-case words, numbers and punctuation, so these
//! positions are few (a handful per line) and finding them is the whole cost
//! of scanning text that holds no codes. On x86_64 they are found 64 bytes at
//! a time with SSE2 (part of the x86_64 baseline, so no detection is needed);
//! elsewhere, and at the edges of the buffer, byte by byte. Both must agree:
//! a test checks them against each other on random bytes.

use super::rules::is_word;

/// Whether a match may start at `hay[i]` (see the module docs). Bytes outside
/// `hay` count as neither word characters nor anything else.
pub(crate) fn is_candidate(hay: &[u8], i: usize) -> bool {
    let b = hay[i];
    let prev = if i >= 1 { hay[i - 1] } else { b' ' };
    if !is_word(b) || is_word(prev) {
        return false;
    }
    let next = hay.get(i + 1).copied().unwrap_or(b' ');
    let before_dash = if i >= 2 { hay[i - 2] } else { b' ' };
    let after_digit = before_dash.is_ascii_digit();
    b.is_ascii_uppercase()
        || b == b'0' && next | 0x20 == b'x'
        || b == b's' && next | 0x20 == b'u'
        || b.is_ascii_digit()
            && match prev {
                b'-' | b':' => !after_digit,
                b'/' | b'.' => after_digit,
                b' ' | b'\t' | b'=' | b'"' | b'\'' | b'(' | b'[' => true,
                _ => false,
            }
}

/// What [`candidates`] finds in a block of up to 64 bytes at `p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    /// Bit `k` set when a match may start at `p + k`.
    pub candidates: u64,
    /// Bit `k` set when `hay[p + k]` is a word character: a candidate's word
    /// ends at the first clear bit after it (if there is one in the block).
    pub words: u64,
    /// How many bytes the block covers: `min(64, limit - p)`.
    pub len: usize,
}

/// The candidates among `hay[p..limit]`, at most 64 bytes of them.
pub(crate) fn candidates(hay: &[u8], p: usize, limit: usize) -> Block {
    let len = (limit - p).min(64);
    let keep = if len == 64 {
        u64::MAX
    } else {
        (1u64 << len) - 1
    };
    #[cfg(target_arch = "x86_64")]
    {
        // The vector code reads two bytes before and one after each block.
        if p >= 2 && p + 65 <= hay.len() {
            let (candidates, words) = sse2::candidates64(hay, p);
            return Block {
                candidates: candidates & keep,
                words: words & keep,
                len,
            };
        }
    }
    let mut block = Block {
        candidates: 0,
        words: 0,
        len,
    };
    for k in 0..len {
        block.candidates |= u64::from(is_candidate(hay, p + k)) << k;
        block.words |= u64::from(is_word(hay[p + k])) << k;
    }
    block
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8, _mm_xor_si128,
    };

    /// The candidates and word characters of `hay[p..p + 64]`; needs
    /// `p >= 2` and `p + 65 <= hay.len()`.
    pub(super) fn candidates64(hay: &[u8], p: usize) -> (u64, u64) {
        assert!(p >= 2 && p + 65 <= hay.len());
        let mut mask = 0u64;
        let mut words = 0u64;
        for k in 0..4 {
            let at = p + 16 * k;
            // SAFETY: SSE2 is part of the x86_64 baseline, so every SSE2
            // instruction is available; the loads are unaligned loads of
            // 16 bytes at `at - 2`, `at - 1`, `at` and `at + 1`, all inside
            // `hay` by the assertion above.
            let (bits, word) = unsafe {
                let load = |q: usize| _mm_loadu_si128(hay.as_ptr().add(q).cast::<__m128i>());
                lanes(load(at - 2), load(at - 1), load(at), load(at + 1))
            };
            mask |= u64::from(bits) << (16 * k);
            words |= u64::from(word) << (16 * k);
        }
        (mask, words)
    }

    /// `x` in `lo..lo + n` as unsigned bytes: SSE2 only compares signed, so
    /// shift the range to start at -128.
    ///
    /// # Safety
    /// Needs SSE2.
    unsafe fn in_range(x: __m128i, lo: u8, n: u8) -> __m128i {
        unsafe {
            let shifted = _mm_xor_si128(_mm_sub_epi8(x, splat(lo)), splat(0x80));
            _mm_cmplt_epi8(shifted, splat(n ^ 0x80))
        }
    }

    /// # Safety
    /// Needs SSE2.
    unsafe fn splat(b: u8) -> __m128i {
        unsafe { _mm_set1_epi8(b as i8) }
    }

    /// # Safety
    /// Needs SSE2.
    unsafe fn is_word(x: __m128i) -> __m128i {
        unsafe {
            let alpha = in_range(_mm_or_si128(x, splat(0x20)), b'a', 26);
            let digit = in_range(x, b'0', 10);
            let under = _mm_cmpeq_epi8(x, splat(b'_'));
            _mm_or_si128(_mm_or_si128(alpha, digit), under)
        }
    }

    /// The rule of [`super::is_candidate`] on 16 lanes (`before2`, `before`
    /// and `next` are the same bytes shifted by -2, -1 and +1), and which
    /// lanes are word characters.
    ///
    /// # Safety
    /// Needs SSE2.
    unsafe fn lanes(before2: __m128i, before: __m128i, v: __m128i, next: __m128i) -> (u16, u16) {
        unsafe {
            let word = is_word(v);
            let starts = _mm_andnot_si128(is_word(before), word);
            let upper = in_range(v, b'A', 26);
            let next_lower = _mm_or_si128(next, splat(0x20));
            let hex = _mm_and_si128(
                _mm_cmpeq_epi8(v, splat(b'0')),
                _mm_cmpeq_epi8(next_lower, splat(b'x')),
            );
            let sub = _mm_and_si128(
                _mm_cmpeq_epi8(v, splat(b's')),
                _mm_cmpeq_epi8(next_lower, splat(b'u')),
            );
            let after_digit = in_range(before2, b'0', 10);
            let is = |c: u8| _mm_cmpeq_epi8(before, splat(c));
            let dash_or_colon = _mm_andnot_si128(after_digit, _mm_or_si128(is(b'-'), is(b':')));
            let slash_or_dot = _mm_and_si128(after_digit, _mm_or_si128(is(b'/'), is(b'.')));
            let separator = _mm_or_si128(
                _mm_or_si128(
                    _mm_or_si128(is(b' '), is(b'\t')),
                    _mm_or_si128(is(b'='), is(b'"')),
                ),
                _mm_or_si128(_mm_or_si128(is(b'\''), is(b'(')), is(b'[')),
            );
            let digit = _mm_and_si128(
                in_range(v, b'0', 10),
                _mm_or_si128(_mm_or_si128(dash_or_colon, slash_or_dot), separator),
            );
            let any = _mm_or_si128(_mm_or_si128(upper, hex), _mm_or_si128(sub, digit));
            (
                _mm_movemask_epi8(_mm_and_si128(starts, any)) as u16,
                _mm_movemask_epi8(word) as u16,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn scalar(hay: &[u8], p: usize, limit: usize) -> (u64, u64) {
        (p..limit.min(p + 64)).fold((0, 0), |(c, w), i| {
            (
                c | u64::from(is_candidate(hay, i)) << (i - p),
                w | u64::from(is_word(hay[i])) << (i - p),
            )
        })
    }

    #[test]
    fn candidates_are_word_starts_of_the_listed_kinds() {
        let hay = b"xx PoolNotFound a_B 0x8088002E 0y1 subStatus sx hr=-2138570706 2024-05-01 Su 09:12:33.5 404/1002 hr=80071BC6 a1";
        let starts: Vec<&str> = (0..hay.len())
            .filter(|&i| is_candidate(hay, i))
            .map(|i| {
                let end = (i..hay.len())
                    .find(|&j| !is_word(hay[j]))
                    .unwrap_or(hay.len());
                std::str::from_utf8(&hay[i..end]).unwrap()
            })
            .collect();
        assert_eq!(
            starts,
            [
                "PoolNotFound",
                "0x8088002E",
                "0y1",
                "subStatus",
                "2138570706",
                "2024",
                "Su",
                "09",
                "5",
                "404",
                "1002",
                "80071BC6"
            ]
        );
    }

    proptest! {
        #[test]
        fn the_vector_code_agrees_with_the_bytewise_rule(
            hay in proptest::collection::vec(
                prop_oneof![
                    Just(b'0'), Just(b'x'), Just(b'X'), Just(b's'), Just(b'u'), Just(b'U'),
                    Just(b'-'), Just(b'5'), Just(b'_'), Just(b' '), Just(b'A'), Just(b'Z'),
                    Just(b'a'), Just(b'z'), Just(b'@'), Just(b'['), Just(b'`'), Just(b'{'),
                    Just(b'/'), Just(b':'), Just(b'9'), Just(b'.'), Just(b'='), Just(b'"'),
                    Just(b'\''), Just(b'('), Just(b'\t'), any::<u8>(),
                ],
                0..300,
            ),
            p in 0usize..300,
        ) {
            let p = p.min(hay.len());
            for limit in [hay.len(), hay.len().saturating_sub(7).max(p)] {
                let block = candidates(&hay, p, limit);
                prop_assert_eq!(block.len, (limit - p).min(64));
                prop_assert_eq!((block.candidates, block.words), scalar(&hay, p, limit));
            }
        }
    }
}
