//! Scale (issue 13) on generated organisations (`hviske generate` presets):
//! loading and validating a model file, simulating on both paths (the
//! bit-parallel loss-only path and the general timed path), sampled sources
//! on a large model, and comparing two designs.
//!
//! `cargo bench --bench scale -- --quick` for a short run. The national
//! preset (1.1M actors) is left to the command line: see
//! `benches/peers/README.md` and the note of issue 13 for its figures.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hviske::compare::{compare, CompareOptions, Design};
use hviske::generate::{generate, Preset};
use hviske::sim::{simulate_on, sources, Csr, Method, Query, SimConfig};
use std::hint::black_box;

fn none(_: u64, _: u64) {}

/// The preset's model file as text (seed 1), loss-only when asked.
fn text(preset: Preset, loss_only: bool) -> String {
    let shape = hviske::generate::Shape {
        loss_only,
        ..preset.shape(1)
    };
    let org = generate(&shape, &none).expect("preset generates");
    let mut out = Vec::new();
    org.write_json(&mut out, &none).expect("in memory");
    String::from_utf8(out).expect("utf-8")
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for preset in [Preset::Small, Preset::Municipality, Preset::Agency] {
        let text = text(preset, false);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("parse+validate", preset.name()),
            &text,
            |b, text| b.iter(|| hviske::model::parse_design(black_box(text), "bench.json")),
        );
    }
    group.finish();
}

fn simulate(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale-simulate");
    group.sample_size(10);
    for (preset, loss_only, method, trials) in [
        (Preset::Municipality, true, Method::Bits, 1024u64),
        (Preset::Municipality, false, Method::General, 64),
    ] {
        let model = hviske::model::parse_str(&text(preset, loss_only), "m.json").expect("valid");
        let g = hviske::graph::build(&model);
        let csr = Csr::new(&g);
        let query = Query::parse(&model, "emp1", "ministry").expect("ids");
        let cfg = SimConfig {
            trials: Some(trials),
            ..SimConfig::default()
        };
        group.throughput(Throughput::Elements(g.arc_count() as u64 * trials));
        group.bench_function(format!("{method}/{}/emp1-ministry", preset.name()), |b| {
            b.iter(|| simulate_on(&g, &csr, black_box(&query), &cfg, Some(method), None))
        });
    }
    // Sampled sources: every employee up to the top, 16 of 140,000 drawn.
    let model = hviske::model::parse_str(&text(Preset::Agency, true), "a.json").expect("valid");
    let g = hviske::graph::build(&model);
    let csr = Csr::new(&g);
    let all = Query::direction(&model, true).expect("levels");
    let (query, _) = sources::sample(&all, 16, 1);
    let cfg = SimConfig {
        trials: Some(sources::SAMPLED_TRIALS),
        ..SimConfig::default()
    };
    group.bench_function("bits/agency/up-16-sampled-sources", |b| {
        b.iter(|| simulate_on(&g, &csr, black_box(&query), &cfg, Some(Method::Bits), None))
    });
    group.finish();
}

fn compare_designs(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale-compare");
    group.sample_size(10);
    let a = hviske::model::parse_str(&text(Preset::Small, false), "a.json").expect("valid");
    let mut b = a.clone();
    // The second design: the first agency's report line is dropped.
    b.channels.remove(0);
    let designs = [
        Design {
            label: "a".into(),
            model: a,
        },
        Design {
            label: "b".into(),
            model: b,
        },
    ];
    let opts = CompareOptions {
        seed: 1,
        trials: Some(64),
        horizon_days: None,
        ..CompareOptions::default()
    };
    group.bench_function("small/two-designs", |bench| {
        bench.iter(|| compare(black_box(&designs), &opts, None))
    });
    group.finish();
}

criterion_group!(benches, load, simulate, compare_designs);
criterion_main!(benches);
