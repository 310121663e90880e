//! Integration tests: one test binary, one module per command or concern.
//! They run the real `hviske` binary on the shipped models and on small
//! files under `tests/data/`.

mod analyze;
mod compare;
mod corpus;
mod fuzz_corpus;
mod hardening;
mod inspect;
mod layering;
mod properties;
mod scenarios;
mod simulate;
mod util;
mod validate;
