//! Integration tests: one test binary, one module per command or concern.
//! They run the real `hviske` binary on the shipped models and on small
//! files under `tests/data/`.

mod advise;
mod analyze;
mod chart;
mod compare;
mod corpus;
mod fair;
mod fuzz_corpus;
mod generate;
mod golden;
mod hardening;
mod inspect;
mod interop;
mod interop_readers;
mod layering;
mod measures;
mod properties;
mod readings;
mod readme;
mod report;
mod scenarios;
mod simulate;
mod stated;
mod util;
mod validate;
