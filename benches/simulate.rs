//! Simulation throughput on generated hierarchies, in channel-trials (one
//! arc in one run): the bit-parallel loss-only path and the general timed
//! path, at 1 thread and at all threads.
//!
//! `cargo bench --bench simulate -- --quick` for a short run.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hviske::sim::{simulate_on, simulate_with, Csr, Method, Query, SimConfig};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    let all = rayon::current_num_threads();
    // (levels under span 10, bits-path runs, timed-path runs) per iteration
    for &(levels, bits_trials, general_trials) in &[(5u32, 4096u64, 64u64), (7, 256, 8)] {
        let model = common::sim_hierarchy(10, levels, 0.0);
        let g = hviske::graph::build(&model);
        let n = model.actors.len();
        let deepest = g.deepest_nodes();
        let query = Query {
            sources: vec![0],
            targets: deepest.iter().take(10).map(|v| v.index()).collect(),
        };
        let arcs = g.arc_count() as u64;
        let csr = Csr::new(&g);
        for threads in if all > 1 { vec![1, all] } else { vec![1] } {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            // simulate/bits/11111 at all threads, simulate/bits-1thread/11111 at one.
            let suffix = if threads == 1 && all > 1 {
                "-1thread"
            } else {
                ""
            };
            let cfg = SimConfig {
                trials: Some(bits_trials),
                ..SimConfig::default()
            };
            group.throughput(Throughput::Elements(arcs * bits_trials));
            group.bench_with_input(
                BenchmarkId::new(format!("bits{suffix}"), n),
                &cfg,
                |b, cfg| {
                    b.iter(|| {
                        pool.install(|| {
                            simulate_on(&g, &csr, black_box(&query), cfg, Some(Method::Bits), None)
                        })
                    })
                },
            );
            let cfg = SimConfig {
                trials: Some(general_trials),
                ..SimConfig::default()
            };
            group.throughput(Throughput::Elements(arcs * general_trials));
            group.bench_with_input(
                BenchmarkId::new(format!("general{suffix}"), n),
                &cfg,
                |b, cfg| {
                    b.iter(|| {
                        pool.install(|| {
                            simulate_on(
                                &g,
                                &csr,
                                black_box(&query),
                                cfg,
                                Some(Method::General),
                                None,
                            )
                        })
                    })
                },
            );
        }
    }
    group.finish();
    // The whole call, building the compact graph each time, on the large model.
    let model = common::sim_hierarchy(10, 7, 0.0);
    let g = hviske::graph::build(&model);
    let query = Query {
        sources: vec![0],
        targets: vec![model.actors.len() - 1],
    };
    let cfg = SimConfig {
        trials: Some(128),
        ..SimConfig::default()
    };
    let mut group = c.benchmark_group("simulate-with-csr");
    group.sample_size(10);
    group.throughput(Throughput::Elements(g.arc_count() as u64 * 128));
    group.bench_function(BenchmarkId::new("bits", model.actors.len()), |b| {
        b.iter(|| simulate_with(&g, black_box(&query), &cfg, Some(Method::Bits), None))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
