//! The `--what-if` parser on arbitrary text, and the parsed change applied
//! to a small built-in model: it may reject, never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hviske::fuzzing::what_if_bytes(data);
});
