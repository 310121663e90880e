//! The scenario loader on arbitrary bytes, applied to a small built-in base
//! model: it may reject, never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hviske::fuzzing::scenario_bytes(data);
});
