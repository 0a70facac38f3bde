//! The scanner fed in pieces of random sizes, with a random chunk size, to
//! exercise its buffer boundaries: the matches must be the ones a one-shot
//! scan of the same bytes finds.
//!
//! Input layout: byte 0 picks the chunk size (1..=256), byte 1 the number
//! of piece sizes that follow (each one byte, 0 meaning "the rest"), then
//! the text to scan. The sizes repeat until the text runs out.
#![no_main]

use std::io::{self, Read};
use std::sync::OnceLock;

use errcode_cli::scan::{ScanOptions, Scanner};
use libfuzzer_sys::fuzz_target;

/// Yields `data` in pieces whose sizes cycle through `sizes`.
struct Pieces<'a> {
    data: &'a [u8],
    sizes: &'a [u8],
    next: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = match self.sizes.get(self.next % self.sizes.len().max(1)) {
            Some(&0) | None => self.data.len(),
            Some(&n) => usize::from(n),
        };
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// What a match is, apart from how the input was cut.
type Seen = (u64, u64, u64, String, Option<u32>, Option<u16>, Option<u32>);

fn collect(scanner: &Scanner, reader: impl Read) -> (Vec<Seen>, u64, u64) {
    let mut seen = Vec::new();
    let stats = scanner
        .scan_reader(reader, |m| {
            seen.push((
                m.offset,
                m.line,
                m.column,
                m.text.to_owned(),
                m.hresult,
                m.status,
                m.substatus,
            ));
            Ok(())
        })
        .expect("reading from memory cannot fail");
    (seen, stats.bytes, stats.lines)
}

fuzz_target!(|data: &[u8]| {
    let [chunk, count, rest @ ..] = data else {
        return;
    };
    let count = usize::from(*count % 16).min(rest.len());
    let (sizes, text) = rest.split_at(count);
    let include_low = chunk & 0x80 != 0;
    let opts = ScanOptions {
        include_low,
        chunk_size: usize::from(chunk & 0x7f) * 2 + 1,
    };
    // Built once: building per input would dominate the run.
    static BUILT: OnceLock<Scanner> = OnceLock::new();
    let built = BUILT.get_or_init(|| Scanner::new(ScanOptions::default()));
    let pieces = built.with_options(opts);
    let whole = built.with_options(ScanOptions {
        include_low,
        ..ScanOptions::default()
    });
    let cut = collect(
        &pieces,
        Pieces {
            data: text,
            sizes,
            next: 0,
        },
    );
    let once = collect(&whole, text);
    assert_eq!(cut.0.len(), once.0.len(), "match count differs");
    assert_eq!(cut, once);
});
