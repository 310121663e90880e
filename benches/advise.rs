//! The design advisor on the shipped 3-2-1 model: one candidate evaluated
//! (its changes applied, its structure measured against the constraints,
//! simulated up and down with the search's trials), and a whole
//! one-step search with its re-evaluation, in candidates per second.
//!
//! `cargo bench --bench advise` (about eight minutes on 2 cores); the
//! default three-step search is timed from the command line (see the
//! README).
//!
//! Measured on the 2-core development machine while other builds shared it
//! (load average 8 to 12, so wall times are about three times the CPU
//! time): `advise/candidate/three-two-one` 314 ms [298–329] per candidate
//! (3.2 candidates/s, one at a time); `advise/search-1-step/three-two-one`
//! 47.0 s [43.6–50.1] for 118 candidates and the re-evaluation of the front
//! by `compare` (2.5 candidates/s all in).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hviske::advise::{self, evaluate, AdviseOptions};
use hviske::scenario::{apply, Change};
use std::hint::black_box;
use std::time::Duration;

fn none(_: u64, _: u64) {}

fn bench(c: &mut Criterion) {
    let start = hviske::model::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/three-two-one.json"
    ))
    .expect("the shipped model loads");
    let mut group = c.benchmark_group("advise");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    let sim = evaluate::SearchSim {
        seed: 321,
        trials: advise::SEARCH_TRIALS,
        start: Default::default(),
        draws: None,
    };
    let change = Change::parse("add-channel:wg_meat->aid:report").expect("a change");
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("candidate", "three-two-one"), |b| {
        b.iter(|| {
            let m = apply(black_box(&start), std::slice::from_ref(&change)).expect("applies");
            let s = evaluate::standing(&m);
            let o = evaluate::objectives(&m, &sim).expect("simulates");
            black_box((s, o))
        })
    });
    let opts = AdviseOptions {
        steps: 1,
        ..AdviseOptions::default()
    };
    let evaluated = advise::advise(&start, &opts, &none)
        .expect("advises")
        .evaluated;
    group.throughput(Throughput::Elements(evaluated));
    group.bench_function(BenchmarkId::new("search-1-step", "three-two-one"), |b| {
        b.iter(|| advise::advise(black_box(&start), &opts, &none).expect("advises"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
