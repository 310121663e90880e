//! `hviske compare`'s default on the shipped pair: the comparison across the
//! evidence (200 draws of the readings and ranges, 16 trials per source
//! each) and the single run at the point values, as the command runs them;
//! and the draws alone at 1 thread and at all threads, in draws per second.
//!
//! `cargo bench --bench compare`. The whole process is timed from the
//! command line for the README and the target (5 s on 2 cores):
//! `/usr/bin/time target/release/hviske compare models/three-two-one.json
//! models/industry-council.json -q`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hviske::compare::{self, CompareOptions, Design, UncertainOptions};
use std::hint::black_box;
use std::time::Duration;

fn designs() -> Vec<Design> {
    ["three-two-one", "industry-council"]
        .into_iter()
        .map(|name| Design {
            label: name.into(),
            model: hviske::model::load(format!(
                "{}/models/{name}.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("a shipped model loads"),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let designs = designs();
    let opts = CompareOptions::default();
    let draws = UncertainOptions::default();
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function(BenchmarkId::new("assess", "shipped-pair/200-draws"), |b| {
        b.iter(|| black_box(compare::assess(black_box(&designs), &opts, &draws, None)))
    });
    group.throughput(Throughput::Elements(u64::from(draws.draws)));
    for threads in [1, 0] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let name = if threads == 1 {
            "1-thread"
        } else {
            "all-threads"
        };
        group.bench_function(BenchmarkId::new("draws", name), |b| {
            b.iter(|| {
                pool.install(|| {
                    black_box(compare::robustness(
                        black_box(&designs),
                        &opts,
                        &draws,
                        None,
                    ))
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
