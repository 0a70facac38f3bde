//! Tables of `(key, name)` rows packed at compile time into one byte array
//! and a list of offsets, so they hold no pointers.
//!
//! A `static` of `&[(u16, &str)]` is a pointer per row, and a
//! position-independent binary must relocate every one at each start. The
//! same rows kept as a `const` slice and packed by [`Packed::new`] in a
//! `static` cost nothing at start-up: the constant is evaluated by the
//! compiler and the slice of pointers never exists at run time.
//!
//! ```
//! use errcode_cli::packed::{Packed, text_len};
//! const ROWS: &[(u16, &str)] = &[(404, "Not Found"), (503, "Service Unavailable")];
//! static NAMES: Packed<u16, { ROWS.len() }, { text_len(ROWS) }> = Packed::new(ROWS);
//! assert_eq!(NAMES.get(503), Some("Service Unavailable"));
//! assert_eq!(NAMES.get(500), None);
//! assert_eq!(NAMES.iter().next(), Some((404, "Not Found")));
//! ```

/// `N` rows whose names add up to `B` bytes, sorted by key.
#[derive(Debug)]
pub struct Packed<K: 'static, const N: usize, const B: usize> {
    keys: [K; N],
    ends: [u32; N],
    text: [u8; B],
}

/// The bytes of all the names of `rows`: the `B` of their [`Packed`].
pub const fn text_len<K>(rows: &[(K, &str)]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < rows.len() {
        total += rows[i].1.len();
        i += 1;
    }
    total
}

impl<K: Copy + Ord, const N: usize, const B: usize> Packed<K, N, B> {
    /// Packs `rows`, which must be sorted by key (checked by the caller's
    /// tests with [`Packed::is_sorted`]); `N` and `B` must be `rows.len()`
    /// and [`text_len`]`(rows)`, or the build fails.
    pub const fn new(rows: &[(K, &str)]) -> Self {
        assert!(rows.len() == N && text_len(rows) == B);
        assert!(B <= u32::MAX as usize);
        let mut keys = [rows[0].0; N];
        let mut ends = [0u32; N];
        let mut text = [0u8; B];
        let mut at = 0;
        let mut i = 0;
        while i < N {
            keys[i] = rows[i].0;
            let name = rows[i].1.as_bytes();
            let mut j = 0;
            while j < name.len() {
                text[at] = name[j];
                at += 1;
                j += 1;
            }
            ends[i] = at as u32;
            i += 1;
        }
        Packed { keys, ends, text }
    }

    /// Whether the keys are in strictly increasing order (what [`Packed::get`]
    /// relies on).
    pub fn is_sorted(&self) -> bool {
        self.keys.windows(2).all(|w| w[0] < w[1])
    }

    fn name(&'static self, i: usize) -> &'static str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        // The bytes were copied whole from `&str`s, so every row's range is
        // UTF-8 and the fallback is never taken.
        std::str::from_utf8(&self.text[start..self.ends[i] as usize]).unwrap_or_default()
    }

    /// The name of `key` (binary search).
    pub fn get(&'static self, key: K) -> Option<&'static str> {
        let i = self.keys.binary_search(&key).ok()?;
        Some(self.name(i))
    }

    /// Every row, in key order.
    pub fn iter(&'static self) -> impl Iterator<Item = (K, &'static str)> + 'static {
        (0..N).map(move |i| (self.keys[i], self.name(i)))
    }
}
