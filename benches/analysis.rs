//! Benches for stage 3a (structure) on generated organisations
//! (`hviske generate` presets, seed 1):
//! - exact betweenness on the municipality preset (3,932 actors): plain
//!   Brandes and the articulation-point split `analyze` uses;
//! - betweenness and closeness estimated from 100 pivots on the agency
//!   preset (about 151,000 actors);
//! - the removal-impact ranking on the municipality preset, and on the
//!   older balanced hierarchy of 11,111 actors.
//!
//! Run briefly: `cargo bench --bench analysis -- --quick`.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hviske::analysis::{centrality, pivots, removal_ranking};
use hviske::generate::{generate, Preset};
use hviske::graph::Adjacency;
use hviske::model::Model;
use std::hint::black_box;
use std::time::Duration;

/// A preset's organisation as a model, as `hviske generate --preset` writes it.
fn preset(p: Preset) -> Model {
    let org = generate(&p.shape(1), &|_, _| {}).expect("preset generates");
    let mut json = Vec::new();
    org.write_json(&mut json, &|_, _| {}).expect("in memory");
    let text = String::from_utf8(json).expect("UTF-8");
    hviske::model::parse_str(&text, p.name()).expect("generated model is valid")
}

fn analysis(c: &mut Criterion) {
    let municipality = preset(Preset::Municipality);
    let agency = preset(Preset::Agency);
    let hierarchy = common::hierarchy(5, 10, 200, 42);
    let (mg, ag, hg) = (
        hviske::graph::build(&municipality),
        hviske::graph::build(&agency),
        hviske::graph::build(&hierarchy),
    );
    let (madj, aadj) = (Adjacency::of(&mg), Adjacency::of(&ag));
    let none = &centrality::no_progress;
    let mut group = c.benchmark_group("analysis");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let m = madj.len();
    group.bench_with_input(BenchmarkId::new("betweenness_exact", m), &madj, |b, adj| {
        b.iter(|| centrality::betweenness(black_box(adj), none))
    });
    group.bench_with_input(
        BenchmarkId::new("betweenness_brandes", m),
        &madj,
        |b, adj| b.iter(|| centrality::betweenness_brandes(black_box(adj), none)),
    );
    let chosen = pivots::pivots(aadj.len(), 100, 1);
    group.bench_with_input(
        BenchmarkId::new("betweenness_sampled_100", aadj.len()),
        &aadj,
        |b, adj| b.iter(|| centrality::estimate(black_box(adj), &chosen, none)),
    );
    group.bench_with_input(BenchmarkId::new("removal_impact", m), &mg, |b, g| {
        b.iter(|| removal_ranking(black_box(g)))
    });
    group.bench_with_input(
        BenchmarkId::new("removal_impact", hg.node_count()),
        &hg,
        |b, g| b.iter(|| removal_ranking(black_box(g))),
    );
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
