//! Closed forms, properties and determinism of the engine.

use super::stats::Z95;
use super::*;
use crate::model::{parse_str, Model, Probability};

/// A channel for [`model`]: from, to, fidelity, distortion, bidirectional.
type Ch = (usize, usize, f64, f64, bool);

/// A model of `n` actors `a0..` (actor i at level i + 1, attendance from
/// `attendance`, else 1) with these channels, latency 7, monthly sittings.
fn model(n: usize, channels: &[Ch], attendance: &[(usize, f64)]) -> Model {
    let actors: Vec<String> = (0..n)
        .map(|i| {
            let att = attendance
                .iter()
                .find(|a| a.0 == i)
                .map_or(String::new(), |a| format!(r#","attendance":{}"#, a.1));
            format!(r#"{{"id":"a{i}","level":{}{att}}}"#, i + 1)
        })
        .collect();
    let chans: Vec<String> = channels
        .iter()
        .map(|&(f, t, fid, d, bi)| {
            format!(
                r#"{{"from":"a{f}","to":"a{t}","fidelity":{fid},"distortion":{d},"bidirectional":{bi}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"format":1,"name":"t","defaults":{{"latency_days":7,"every_days":30}},"actors":[{}],"channels":[{}]}}"#,
        actors.join(","),
        chans.join(",")
    );
    parse_str(&text, "t.json").expect("test model is valid")
}

fn q(s: usize, t: usize) -> Query {
    Query {
        sources: vec![s],
        targets: vec![t],
    }
}

fn cfg(trials: u64) -> SimConfig {
    SimConfig {
        trials: Some(trials),
        ..SimConfig::default()
    }
}

fn none(_: u64, _: u64) {}

/// The general timed path, asked for by name.
fn simulate_general(
    g: &crate::graph::OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, SimError> {
    simulate_with(g, q, cfg, Some(Method::General), Some(progress))
}

/// The bit-parallel path, asked for by name.
fn simulate_bits(
    g: &crate::graph::OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, SimError> {
    simulate_with(g, q, cfg, Some(Method::Bits), Some(progress))
}

/// Regression: the bit-parallel path has no timing, so asking for it on a
/// model with vacancies, or with a horizon, is refused (it used to ignore
/// the vacancies when given a prebuilt compact graph).
#[test]
fn the_bit_parallel_path_refuses_what_needs_timing() {
    let m = model(2, &[(0, 1, 1.0, 0.0, false)], &[]);
    let mut raw = m.to_raw();
    raw.actors[1].vacancies.push(crate::model::raw::RawVacancy {
        from_day: 0.0,
        to_day: 1000.0,
    });
    let vacant = crate::model::validate(&raw).unwrap();
    let g = crate::graph::build(&vacant);
    let csr = Csr::new(&g);
    let bits = Some(Method::Bits);
    for r in [
        simulate_on(&g, &csr, &q(0, 1), &cfg(64), bits, None),
        simulate_with(&g, &q(0, 1), &cfg(64), bits, None),
    ] {
        assert!(matches!(
            r,
            Err(SimError::BitsWithTiming { horizon: false })
        ));
    }
    // Chosen by the engine, the run takes the timed path and honours the
    // vacancy: the only receiver's seat is empty at every sitting.
    let r = simulate_on(&g, &csr, &q(0, 1), &cfg(64), None, None).unwrap();
    assert_eq!(r.method, Method::General);
    assert_eq!(r.shares.reach.estimate, 0.0);
    let g = crate::graph::build(&m);
    let timed = SimConfig {
        horizon_days: Some(30.0),
        ..cfg(64)
    };
    let r = simulate_with(&g, &q(0, 1), &timed, bits, None);
    assert!(matches!(r, Err(SimError::BitsWithTiming { horizon: true })));
}

/// |estimate − want| within 5 standard errors of a share over `n` trials.
fn close(got: f64, want: f64, n: u64) {
    let se = (want * (1.0 - want) / n as f64).sqrt().max(1.0 / n as f64);
    assert!(
        (got - want).abs() <= 5.0 * se,
        "got {got}, want {want} ± {}",
        5.0 * se
    );
}

/// Both Monte-Carlo paths estimate reach `want` within 5 standard errors
/// over 20,000 trials.
fn both_paths_close(g: &crate::graph::OrgGraph, q: &Query, want: f64) {
    let trials = 20_000;
    let general = simulate_general(g, q, &cfg(trials), &none).unwrap();
    close(general.shares.reach.estimate, want, trials);
    let bits = simulate_bits(g, q, &cfg(trials), &none).unwrap();
    close(bits.shares.reach.estimate, want, trials);
}

fn chain(n: usize, fid: f64, d: f64) -> Model {
    let ch: Vec<Ch> = (0..n).map(|i| (i, i + 1, fid, d, false)).collect();
    model(n + 1, &ch, &[])
}

#[test]
fn a_chain_reaches_with_fidelity_to_the_n() {
    for &(n, f) in &[(1usize, 0.9), (3, 0.8), (8, 0.9)] {
        let m = chain(n, f, 0.0);
        let g = crate::graph::build(&m);
        let want = f.powi(n as i32);
        let exact = exact_reach(&g, &q(0, n)).unwrap();
        assert!((exact - want).abs() < 1e-12, "exact {exact} vs {want}");
        let trials = 20_000;
        let gen = simulate_general(&g, &q(0, n), &cfg(trials), &none).unwrap();
        close(gen.shares.reach.estimate, want, trials);
        let bits = simulate_bits(&g, &q(0, n), &cfg(trials), &none).unwrap();
        close(bits.shares.reach.estimate, want, trials);
        // The reported interval is the 95 % Wilson interval around the
        // estimate: half-width about 1.96 · √(p(1 − p)/n) at this n.
        let r = gen.shares.reach;
        let half = Z95 * (r.estimate * (1.0 - r.estimate) / trials as f64).sqrt();
        assert!(r.ci_low < r.estimate && r.estimate < r.ci_high, "{r:?}");
        assert!(
            ((r.ci_high - r.ci_low) / 2.0 - half).abs() < 0.05 * half,
            "{r:?}"
        );
        if n == 8 {
            // Williamson: 8 hops (9 levels) at 0.9 keep 0.430.
            assert!((exact - 0.430).abs() < 1e-3, "{exact}");
        }
    }
}

#[test]
fn two_disjoint_routes_combine_in_parallel() {
    // 0 -> 1 -> 3 (0.9, 0.8) and 0 -> 2 -> 3 (0.7, 0.6).
    let m = model(
        4,
        &[
            (0, 1, 0.9, 0.0, false),
            (1, 3, 0.8, 0.0, false),
            (0, 2, 0.7, 0.0, false),
            (2, 3, 0.6, 0.0, false),
        ],
        &[],
    );
    let g = crate::graph::build(&m);
    let want = 1.0 - (1.0 - 0.72) * (1.0 - 0.42);
    assert!((exact_reach(&g, &q(0, 3)).unwrap() - want).abs() < 1e-12);
    both_paths_close(&g, &q(0, 3), want);
}

/// The Wheatstone bridge s=0, a=1, b=2, t=3: the outer edges directed
/// towards t, the middle edge a–b one bidirectional channel. At most one
/// direction of the middle edge can help in any state of the outer edges,
/// so this gives the undirected bridge's reliability 2p² + 2p³ − 5p⁴ + 2p⁵.
#[test]
fn the_wheatstone_bridge_matches_its_polynomial() {
    for &p in &[0.5f64, 0.8, 0.9] {
        let m = model(
            4,
            &[
                (0, 1, p, 0.0, false),
                (0, 2, p, 0.0, false),
                (1, 3, p, 0.0, false),
                (2, 3, p, 0.0, false),
                (1, 2, p, 0.0, true),
            ],
            &[],
        );
        let g = crate::graph::build(&m);
        let want = 2.0 * p * p + 2.0 * p.powi(3) - 5.0 * p.powi(4) + 2.0 * p.powi(5);
        assert!((exact_reach(&g, &q(0, 3)).unwrap() - want).abs() < 1e-12);
        both_paths_close(&g, &q(0, 3), want);
    }
}

/// A small random graph from a seed: 3–6 actors, up to 10 channels.
fn random_model(seed: u64) -> Model {
    random_graph(seed, 3, 10)
}

/// A random graph from a seed: `least` to `least + 3` actors, up to
/// `channels` channels.
fn random_graph(seed: u64, least: usize, channels: u64) -> Model {
    let mut x = seed;
    let mut next = || {
        x = key::mix64(x.wrapping_add(key::GOLDEN));
        x
    };
    let n = least + (next() % 4) as usize;
    let m = 1 + (next() % channels) as usize;
    let mut ch: Vec<Ch> = Vec::new();
    for _ in 0..m {
        let f = (next() % n as u64) as usize;
        let t = (next() % n as u64) as usize;
        if f == t
            || ch
                .iter()
                .any(|c| (c.0, c.1) == (f, t) || (c.4 && (c.1, c.0) == (f, t)))
        {
            continue;
        }
        let p = 0.3 + (next() % 70) as f64 / 100.0;
        let bi = next() % 4 == 0 && !ch.iter().any(|c| (c.1, c.0) == (f, t));
        ch.push((f, t, p, 0.0, bi));
    }
    model(n, &ch, &[])
}

#[test]
fn monte_carlo_agrees_with_enumeration_on_random_small_graphs() {
    for seed in 0..25 {
        let m = random_model(seed);
        let g = crate::graph::build(&m);
        let csr = Csr::new(&g);
        let arcs: Vec<(u32, u32, f64)> = (0..csr.arcs())
            .map(|e| (csr.from[e], csr.to[e], csr.fidelity[e]))
            .collect();
        let t = m.actors.len() - 1;
        let want = exact::reliability_by_enumeration(csr.n, &arcs, 0, t);
        let exact = exact_reach(&g, &q(0, t)).unwrap();
        assert!((exact - want).abs() < 1e-12, "seed {seed}");
        let trials = 6_400;
        let r = simulate_bits(&g, &q(0, t), &cfg(trials), &none).unwrap();
        close(r.shares.reach.estimate, want, trials);
        let r = simulate_general(&g, &q(0, t), &cfg(trials), &none).unwrap();
        close(r.shares.reach.estimate, want, trials);
    }
}

/// The bit-parallel coins (fixed-point probabilities, digits from wyrand)
/// bias no figure beyond the Monte-Carlo interval: over random small
/// graphs at 64,000 trials each (of 150 drawn, those where the target
/// is reachable but not sure), every estimate is within 5 standard errors
/// of the exact reliability, and the standardised errors pooled over those
/// graphs (their sum over √graphs) are within 4, a bias of a few 10⁻⁴ at most.
#[test]
fn the_bit_parallel_coins_are_unbiased_against_exact_reliability() {
    let trials = 64_000;
    let (mut pooled, mut graphs) = (0.0, 0u32);
    for seed in 100..250 {
        let m = random_graph(seed, 4, 12);
        let g = crate::graph::build(&m);
        let t = m.actors.len() - 1;
        let want = exact_reach(&g, &q(0, t)).unwrap();
        // A seed per graph: graphs that share a channel would otherwise
        // share its coins (common random numbers), and their errors with it.
        let c = SimConfig {
            seed,
            ..cfg(trials)
        };
        let r = simulate_bits(&g, &q(0, t), &c, &none).unwrap();
        close(r.shares.reach.estimate, want, trials);
        if want > 0.0 && want < 1.0 {
            let se = (want * (1.0 - want) / trials as f64).sqrt();
            pooled += (r.shares.reach.estimate - want) / se;
            graphs += 1;
        }
    }
    assert!(graphs >= 20, "{graphs} graphs with 0 < reach < 1");
    let z = pooled / f64::from(graphs).sqrt();
    assert!(z.abs() <= 4.0, "pooled z {z} over {graphs} graphs");
}

#[test]
fn raising_a_fidelity_never_lowers_reach() {
    for seed in 100..140 {
        let m = random_model(seed);
        let t = m.actors.len() - 1;
        for c in 0..m.channels.len() {
            let mut up = m.clone();
            let old = up.channels[c].params.fidelity.get();
            up.channels[c].params.fidelity = Probability::new((old + 0.2).min(1.0)).unwrap();
            let (g0, g1) = (crate::graph::build(&m), crate::graph::build(&up));
            let e0 = exact_reach(&g0, &q(0, t)).unwrap();
            let e1 = exact_reach(&g1, &q(0, t)).unwrap();
            assert!(e1 >= e0 - 1e-12, "seed {seed} channel {c}: {e1} < {e0}");
            let trials = 3_200;
            let r0 = simulate_bits(&g0, &q(0, t), &cfg(trials), &none).unwrap();
            let r1 = simulate_bits(&g1, &q(0, t), &cfg(trials), &none).unwrap();
            let se = (0.25 / trials as f64).sqrt();
            assert!(
                r1.shares.reach.estimate >= r0.shares.reach.estimate - 5.0 * se * 2f64.sqrt(),
                "seed {seed} channel {c}: {} < {}",
                r1.shares.reach.estimate,
                r0.shares.reach.estimate
            );
        }
    }
}

#[test]
fn mean_arrival_is_half_a_cadence_plus_latency_per_hop() {
    // 8 monthly hops, latency 7, nothing lost: Σ(30/2 + 7) = 176 days.
    let m = chain(8, 1.0, 0.0);
    let g = crate::graph::build(&m);
    let trials = 20_000;
    let r = simulate_general(&g, &q(0, 8), &cfg(trials), &none).unwrap();
    let mean = r.arrival_days.mean.unwrap();
    // Var of one wait is 30²/12 = 75, over 8 hops 600: SE = √(600/n).
    let se = (600.0 / trials as f64).sqrt();
    assert!((mean - 176.0).abs() < 5.0 * se, "mean {mean}");
    assert_eq!(r.shares.reach.estimate, 1.0);
    let median = r.arrival_days.median.unwrap();
    assert!((median - 176.0).abs() < 3.0, "median {median}");
}

#[test]
fn the_horizon_counts_arrivals_in_time() {
    // One monthly hop with latency 7: arrival uniform on [7, 37) days.
    let m = chain(1, 1.0, 0.0);
    let g = crate::graph::build(&m);
    let trials = 20_000;
    let c = SimConfig {
        horizon_days: Some(22.0),
        ..cfg(trials)
    };
    let r = simulate(&g, &q(0, 1), &c, &none).unwrap();
    assert_eq!(r.method, Method::General);
    close(r.arrival_days.within_horizon.unwrap().estimate, 0.5, trials);
}

#[test]
fn absent_actors_lose_facts() {
    // a0 -> a1 -> a2, fidelity 0.9, a1 attends half the sittings: each of
    // its two exchanges is a separate sitting, so reach = 0.81 · 0.5².
    let m = model(
        3,
        &[(0, 1, 0.9, 0.0, false), (1, 2, 0.9, 0.0, false)],
        &[(1, 0.5)],
    );
    let g = crate::graph::build(&m);
    let want = 0.81 * 0.25;
    assert!((exact_reach(&g, &q(0, 2)).unwrap() - want).abs() < 1e-12);
    let trials = 20_000;
    close(
        simulate_general(&g, &q(0, 2), &cfg(trials), &none)
            .unwrap()
            .shares
            .reach
            .estimate,
        want,
        trials,
    );
    close(
        simulate_bits(&g, &q(0, 2), &cfg(trials), &none)
            .unwrap()
            .shares
            .reach
            .estimate,
        want,
        trials,
    );
}

#[test]
fn distortion_alters_a_chain_by_its_closed_form() {
    let (n, f, d) = (5usize, 0.9f64, 0.1f64);
    let m = chain(n, f, d);
    let g = crate::graph::build(&m);
    let trials = 20_000;
    let r = simulate(&g, &q(0, n), &cfg(trials), &none).unwrap();
    assert_eq!(r.method, Method::General);
    let reach = f.powi(n as i32);
    let altered = reach * (1.0 - (1.0 - d).powi(n as i32));
    close(r.shares.reach.estimate, reach, trials);
    close(r.shares.altered.estimate, altered, trials);
    close(r.shares.intact.estimate, reach - altered, trials);
    let sum = r.shares.intact.estimate + r.shares.altered.estimate + r.shares.lost.estimate;
    assert!((sum - 1.0).abs() < 1e-12);
}

#[test]
fn bits_and_general_paths_agree_on_the_shipped_design() {
    let mut m = crate::model::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/three-two-one.json"
    ))
    .unwrap();
    for c in &mut m.channels {
        c.params.distortion = Probability::new(0.0).unwrap();
    }
    let g = crate::graph::build(&m);
    let query = Query::direction(&m, true).unwrap();
    let c = cfg(640);
    let a = simulate_general(&g, &query, &c, &none).unwrap();
    let b = simulate(&g, &query, &c, &none).unwrap();
    assert_eq!(b.method, Method::Bits);
    let n = a.total_trials as f64;
    let se = (a.shares.reach.estimate * (1.0 - a.shares.reach.estimate) / n).sqrt();
    assert!(
        (a.shares.reach.estimate - b.shares.reach.estimate).abs() <= 5.0 * se * 2f64.sqrt(),
        "general {} vs bits {}",
        a.shares.reach.estimate,
        b.shares.reach.estimate
    );
    // The intervals overlap.
    assert!(
        a.shares.reach.ci_low <= b.shares.reach.ci_high
            && b.shares.reach.ci_low <= a.shares.reach.ci_high
    );
}

#[test]
fn same_seed_same_result_on_one_and_two_threads() {
    let m = crate::model::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/three-two-one.json"
    ))
    .unwrap();
    let g = crate::graph::build(&m);
    let query = Query::direction(&m, true).unwrap();
    let c = SimConfig {
        horizon_days: Some(365.0),
        ..cfg(200)
    };
    let run = |threads: usize, bits: bool| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let r = if bits {
                simulate_bits(&g, &query, &cfg(200), &none)
            } else {
                simulate(&g, &query, &c, &none)
            };
            format!("{:?}", r.unwrap())
        })
    };
    assert_eq!(run(1, false), run(2, false));
    assert_eq!(run(1, true), run(2, true));
}

#[test]
fn outcomes_are_one_per_fact_run_and_target() {
    let m = chain(3, 0.9, 0.1);
    let g = crate::graph::build(&m);
    let query = Query {
        sources: vec![0, 1],
        targets: vec![1, 3],
    };
    let c = SimConfig {
        facts_per_source: 2,
        ..cfg(100)
    };
    let r = simulate(&g, &query, &c, &none).unwrap();
    // Source 0: targets 1 and 3; source 1: target 3 only.
    assert_eq!(r.outcomes.len(), 2 * 100 * 2 + 2 * 100);
    assert_eq!(r.per_source[0].target_ids, vec!["a1", "a3"]);
    assert_eq!(r.per_source[1].target_ids, vec!["a3"]);
    assert_eq!(r.total_trials, 400);
    let reached = r.outcomes.iter().filter(|o| o.reached).count() as f64;
    assert!((reached / r.outcomes.len() as f64 - r.shares.reach.estimate).abs() < 1e-12);
    // A source always holds its own fact; a0 is level 1's only actor and only
    // facts from a0 reach it.
    assert_eq!(r.actors[0].intact, 0.5);
    assert_eq!(r.levels[0].intact, r.actors[0].intact);
}

#[test]
fn shared_channels_see_the_same_coins() {
    // Two designs share the channel a0 -> a1; the second adds a1 -> a2.
    let one = model(3, &[(0, 1, 0.5, 0.0, false)], &[]);
    let two = model(3, &[(0, 1, 0.5, 0.0, false), (1, 2, 0.5, 0.0, false)], &[]);
    let (g1, g2) = (crate::graph::build(&one), crate::graph::build(&two));
    for sim in [simulate_general, simulate_bits] {
        let r1 = sim(&g1, &q(0, 1), &cfg(1000), &none).unwrap();
        let r2 = sim(&g2, &q(0, 1), &cfg(1000), &none).unwrap();
        let same = r1
            .outcomes
            .iter()
            .zip(&r2.outcomes)
            .all(|(a, b)| a.reached == b.reached);
        assert!(same, "paired trials differ");
    }
}

#[test]
fn a_vacant_seat_loses_the_sittings_in_its_window() {
    // a0 -> a1 -> a2, fidelity 1, monthly sittings at a random phase, and
    // a1's seat empty on days [0, 10): the first hop's sitting falls in the
    // window with probability 10/30, so reach is 2/3 (the second hop sits
    // after day 7 + phase ≥ 7; it can still fall before day 10, but then a1
    // already holds the fact, and a1 is absent: lost with it).
    let base = model(3, &[(0, 1, 1.0, 0.0, false), (1, 2, 1.0, 0.0, false)], &[]);
    let vacancy = crate::scenario::Change::Vacancy {
        actor: "a1".into(),
        from_day: 0.0,
        to_day: 10.0,
    };
    let m = crate::scenario::apply(&base, &[vacancy]).unwrap();
    let g = crate::graph::build(&m);
    let n = 20_000;
    let r = simulate(&g, &q(0, 1), &cfg(n), &none).unwrap();
    assert_eq!(
        r.method,
        Method::General,
        "a vacancy is timed: never the bit-parallel path"
    );
    close(r.shares.reach.estimate, 2.0 / 3.0, n);
    // Always vacant: nothing passes a1.
    let always = crate::scenario::Change::Vacancy {
        actor: "a1".into(),
        from_day: 0.0,
        to_day: crate::model::Days::MAX,
    };
    let m = crate::scenario::apply(&base, &[always]).unwrap();
    let r = simulate(&crate::graph::build(&m), &q(0, 2), &cfg(256), &none).unwrap();
    assert_eq!(r.shares.reach.estimate, 0.0);
    assert!(exact_reach(&crate::graph::build(&m), &q(0, 2)).is_err());
}

/// Pinned figures: a change here is a value-breaking change (new keying,
/// new draw order), to be made on purpose and noted in the changelog.
#[test]
fn golden_counts_are_stable() {
    let m = chain(3, 0.9, 0.1);
    let g = crate::graph::build(&m);
    let count = |r: &SimResult| {
        let reached = r.outcomes.iter().filter(|o| o.reached).count();
        let intact = r.outcomes.iter().filter(|o| o.intact).count();
        (reached, intact)
    };
    let general = simulate_general(&g, &q(0, 3), &cfg(1000), &none).unwrap();
    let bits = simulate_bits(&g, &q(0, 3), &cfg(1000), &none).unwrap();
    assert_eq!((count(&general), count(&bits)), ((726, 525), (748, 748)));
}

/// Targets only: the outcomes of every (run, target) pair equal the full
/// flood's, whatever the stop order; no level or actor figure is reported.
fn targets_only_matches_the_full_flood(g: &crate::graph::OrgGraph, query: &Query, trials: u64) {
    let full = simulate_bits(g, query, &cfg(trials), &none).unwrap();
    let c = SimConfig {
        targets_only: true,
        ..cfg(trials)
    };
    let only = simulate_bits(g, query, &c, &none).unwrap();
    assert_eq!(only.outcomes, full.outcomes);
    assert_eq!(only.shares, full.shares);
    assert_eq!(only.per_source, full.per_source);
    assert!(only.levels.is_empty() && only.actors.is_empty());
    assert!(!full.actors.is_empty());
    assert!(only
        .assumptions
        .iter()
        .any(|a| a.starts_with("Targets only")));
}

#[test]
fn targets_only_gives_the_targets_figures_of_the_full_flood() {
    for seed in 0..40 {
        let m = random_model(seed);
        let g = crate::graph::build(&m);
        let n = m.actors.len();
        // One target, several targets, and a source among the targets.
        for (s, ts) in [(0, vec![n - 1]), (0, vec![1, n - 1]), (1, vec![0, 1, 2])] {
            let query = Query {
                sources: vec![s],
                targets: ts,
            };
            targets_only_matches_the_full_flood(&g, &query, 200);
        }
    }
    // Larger graphs: runs reach the targets by several routes at
    // several distances, so runs are kept for the arcs leading away.
    for seed in 0..30 {
        let m = random_graph(1000 + seed, 25, 90);
        let g = crate::graph::build(&m);
        let n = m.actors.len();
        let query = Query {
            sources: vec![n - 1, n - 2],
            targets: vec![0, 1],
        };
        targets_only_matches_the_full_flood(&g, &query, 640);
    }
    let m = three_two_one_loss_only();
    let g = crate::graph::build(&m);
    for up in [true, false] {
        let query = Query::direction(&m, up).unwrap();
        targets_only_matches_the_full_flood(&g, &query, 300);
    }
}

#[test]
fn targets_only_is_the_same_on_one_and_two_threads() {
    let m = three_two_one_loss_only();
    let g = crate::graph::build(&m);
    let query = Query::direction(&m, true).unwrap();
    let c = SimConfig {
        targets_only: true,
        ..cfg(500)
    };
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| format!("{:?}", simulate(&g, &query, &c, &none).unwrap()))
    };
    assert_eq!(run(1), run(2));
}

/// 3-2-1 without distortion (the bit-parallel path).
fn three_two_one_loss_only() -> Model {
    let mut m = crate::model::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/three-two-one.json"
    ))
    .unwrap();
    for c in &mut m.channels {
        c.params.distortion = Probability::new(0.0).unwrap();
    }
    m
}
