//! Benches for stage 3a (structure): Brandes betweenness and the removal-
//! impact ranking on a generated hierarchy of about 10 000 actors
//! (5 levels, span 10: 11 111 actors).
//!
//! Run briefly: `cargo bench --bench analysis -- --quick`.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hviske::analysis::{centrality, removal_ranking};
use std::hint::black_box;
use std::time::Duration;

fn analysis(c: &mut Criterion) {
    let model = common::hierarchy(5, 10, 200, 42);
    let graph = hviske::graph::build(&model);
    let adj = hviske::graph::Adjacency::of(&graph);
    let mut group = c.benchmark_group("analysis");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_with_input(BenchmarkId::new("betweenness", 10_000), &adj, |b, adj| {
        b.iter(|| centrality::betweenness(black_box(adj), &centrality::no_progress))
    });
    group.bench_with_input(
        BenchmarkId::new("removal_impact", 10_000),
        &graph,
        |b, g| b.iter(|| removal_ranking(black_box(g))),
    );
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
