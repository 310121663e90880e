//! Simulation throughput on generated hierarchies, in channel-trials (one
//! arc in one run): the bit-parallel loss-only path and the general timed
//! path, at 1 thread and at all threads.
//!
//! `cargo bench --bench simulate -- --quick` for a short run;
//! `cargo bench --bench simulate -- bernoulli` for the coin flips alone (one
//! element = one arc-word: 64 trials of one arc), `-- far` for a far target
//! (bottom to bottom through the top) on 111,111 actors.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hviske::generate::{generate, Shape};
use hviske::sim::{
    live_fixed, live_words_xor, simulate_on, simulate_with, Csr, Method, Query, SimConfig,
};
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

/// The live word of one arc in one 64-trial word (the bit-parallel path's
/// coin flips, without the flood): ns per arc-word is the time per element.
fn bernoulli(c: &mut Criterion) {
    const ARCS: usize = 4096;
    let keys: Vec<u64> = (0..ARCS as u64)
        .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d)
        .collect();
    let mut group = c.benchmark_group("bernoulli");
    group.throughput(Throughput::Elements(ARCS as u64));
    // One probability for every arc, then a mix of fidelities as a
    // generated model has them (times attendance).
    let mixed = [0.95, 0.9, 0.85, 0.97, 0.8, 0.92, 0.99, 0.6];
    for (name, ps) in [
        ("p0.5", vec![0.5]),
        ("p0.9", vec![0.9]),
        ("p0.99", vec![0.99]),
        ("mixed", mixed.to_vec()),
    ] {
        let fixed: Vec<u32> = (0..ARCS).map(|i| live_fixed(ps[i % ps.len()])).collect();
        let mut word = 0u64;
        group.bench_function(BenchmarkId::new("word", name), |b| {
            b.iter(|| {
                word += 1;
                live_words_xor(black_box(&fixed), &keys, word)
            })
        });
    }
    group.finish();
}

/// A far target (issue 24): 111,111 actors (span 10, depth 5, 10 employees
/// per enterprise, 5% lateral channels, loss-only), a fact from the first
/// employee to the last, so every trial climbs to the top and back down;
/// 1,024 trials with the targets-only stop.
fn far(c: &mut Criterion) {
    let shape = Shape {
        span: 10,
        depth: 5,
        employees: 10,
        lateral: 0.05,
        skip: 0.01,
        bodies: 0.1,
        loss_only: true,
        seed: 1,
    };
    let org = generate(&shape, &|_, _| {}).expect("shape generates");
    let mut text = Vec::new();
    org.write_json(&mut text, &|_, _| {}).expect("in memory");
    let model = hviske::model::parse_str(std::str::from_utf8(&text).expect("utf-8"), "far.json")
        .expect("valid");
    let g = hviske::graph::build(&model);
    let csr = Csr::new(&g);
    let last = format!("emp{}", 10u32.pow(5));
    let query = Query::parse(&model, "emp1", &last).expect("ids");
    let cfg = SimConfig {
        trials: Some(1024),
        targets_only: true,
        ..SimConfig::default()
    };
    let mut group = c.benchmark_group("simulate-far");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1024));
    group.bench_function(BenchmarkId::new("bits", model.actors.len()), |b| {
        b.iter(|| simulate_on(&g, &csr, black_box(&query), &cfg, Some(Method::Bits), None))
    });
    group.finish();
}

criterion_group!(benches, bench, bernoulli, far);
criterion_main!(benches);
