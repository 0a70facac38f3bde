//! The body decoder and the explanation built on it: any bytes must decode
//! and explain without a panic, a hang or unbounded memory.
#![no_main]

use errcode_cli::explain::{Hints, explain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = errcode_cli::decode::decode(data);
    let _ = explain(data, &Hints::default());
});
