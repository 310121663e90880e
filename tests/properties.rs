//! Property tests on random small models (proptest): the Monte-Carlo reach
//! agrees with the exact reliability, raising a fidelity never lowers reach,
//! removing an actor never raises it (no distortion, no horizon), and the
//! output is the same bytes on 1 and 2 threads. Sizes stay small (at most
//! 6 actors, 10 channels, a few hundred trials) so the suite stays quick.

use hviske::model::{parse_str, Model};
use hviske::sim::{exact_reach, simulate, Query, SimConfig};
use proptest::prelude::*;
use serde_json::json;

/// A random small model: `n` actors a0..a{n-1}, channels given as
/// (from, to, fidelity in hundredths), no distortion.
fn model_json(n: usize, channels: &[(usize, usize, u8)]) -> String {
    let actors: Vec<_> = (0..n).map(|i| json!({ "id": format!("a{i}") })).collect();
    let mut seen = std::collections::BTreeSet::new();
    let channels: Vec<_> = channels
        .iter()
        .filter(|(f, t, _)| f != t && seen.insert((*f, *t)))
        .map(|(f, t, p)| {
            json!({ "from": format!("a{f}"), "to": format!("a{t}"),
                    "fidelity": f64::from(*p) / 100.0, "distortion": 0.0 })
        })
        .collect();
    json!({ "format": 1, "name": "random", "actors": actors, "channels": channels }).to_string()
}

fn load(text: &str) -> Model {
    parse_str(text, "random.json").expect("a random model is valid")
}

fn query(m: &Model, to: &str) -> Query {
    Query::parse(m, "id:a0", &format!("id:{to}")).expect("ids exist")
}

fn exact(m: &Model, to: &str) -> f64 {
    exact_reach(&hviske::graph::build(m), &query(m, to)).expect("small graph")
}

fn small_model() -> impl Strategy<Value = (usize, Vec<(usize, usize, u8)>)> {
    (3usize..=6).prop_flat_map(|n| {
        let channel = (0..n, 0..n, 0u8..=100);
        (Just(n), proptest::collection::vec(channel, 1..=10))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn monte_carlo_reach_is_within_its_interval_of_the_exact_reliability(
        (n, channels) in small_model()
    ) {
        let m = load(&model_json(n, &channels));
        let to = format!("a{}", n - 1);
        let exact = exact(&m, &to);
        let cfg = SimConfig { trials: Some(512), ..SimConfig::default() };
        let r = simulate(&hviske::graph::build(&m), &query(&m, &to), &cfg, &|_, _| {}).unwrap();
        // Five standard errors: a false alarm about once in 3.5 million.
        let se = (exact * (1.0 - exact) / 512.0).sqrt();
        prop_assert!((r.shares.reach.estimate - exact).abs() <= 5.0 * se + 1e-9,
            "mc {} exact {}", r.shares.reach.estimate, exact);
    }

    #[test]
    fn raising_a_fidelity_never_lowers_reach(
        (n, mut channels) in small_model(), pick in 0usize..10, up in 0u8..=100
    ) {
        let to = format!("a{}", n - 1);
        let before = exact(&load(&model_json(n, &channels)), &to);
        let i = pick % channels.len();
        channels[i].2 = channels[i].2.saturating_add(up).min(100);
        let after = exact(&load(&model_json(n, &channels)), &to);
        prop_assert!(after >= before - 1e-12, "{before} -> {after}");
    }

    #[test]
    fn removing_an_actor_never_raises_reach((n, channels) in small_model(), pick in 1usize..5) {
        let to = format!("a{}", n - 1);
        let removed = pick % (n - 2) + 1; // neither the source nor the target
        let before = exact(&load(&model_json(n, &channels)), &to);
        let m = hviske::scenario::apply(
            &load(&model_json(n, &channels)),
            &[hviske::scenario::Change::RemoveActor { actor: format!("a{removed}") }],
        ).unwrap();
        let after = exact(&m, &to);
        prop_assert!(after <= before + 1e-12, "{before} -> {after}");
    }

    #[test]
    fn one_and_two_threads_give_the_same_bytes((n, channels) in small_model(), timed in any::<bool>()) {
        let m = load(&model_json(n, &channels));
        let to = format!("a{}", n - 1);
        let cfg = SimConfig {
            trials: Some(256),
            horizon_days: timed.then_some(60.0),
            ..SimConfig::default()
        };
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let r = simulate(&hviske::graph::build(&m), &query(&m, &to), &cfg, &|_, _| {}).unwrap();
                hviske::render::simulation(&r, hviske::render::Format::Json, &|h| h.to_string()).unwrap()
            })
        };
        prop_assert_eq!(run(1), run(2));
    }
}

/// A random simple graph on `n` nodes; with `symmetric`, every edge both ways.
fn random_adjacency(
    n: usize,
    edges: &[(usize, usize)],
    symmetric: bool,
) -> hviske::graph::Adjacency {
    let arcs = edges
        .iter()
        .filter(|(a, b)| a < &n && b < &n)
        .flat_map(|&(a, b)| {
            if symmetric {
                vec![(a, b), (b, a)]
            } else {
                vec![(a, b)]
            }
        });
    hviske::graph::Adjacency::from_arcs(n, arcs)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Exact betweenness split at articulation points equals plain Brandes
    /// (issue 13), directed or two-way: trees, cycles, cliques glued at cut
    /// points, isolated nodes, several components.
    #[test]
    fn betweenness_by_blocks_equals_brandes(
        n in 1usize..40,
        edges in prop::collection::vec((0usize..40, 0usize..40), 0..80),
        symmetric in any::<bool>(),
    ) {
        use hviske::analysis::centrality::{betweenness, betweenness_brandes, no_progress};
        let adj = random_adjacency(n, &edges, symmetric);
        let fast = betweenness(&adj, &no_progress);
        let plain = betweenness_brandes(&adj, &no_progress);
        for (v, (a, b)) in fast.iter().zip(&plain).enumerate() {
            prop_assert!((a - b).abs() < 1e-9, "node {}: {} vs {}", v, a, b);
        }
    }

    /// Every node a pivot: the estimates are the exact values, directed or not.
    #[test]
    fn estimates_from_every_node_are_exact(
        n in 3usize..30,
        edges in prop::collection::vec((0usize..30, 0usize..30), 0..60),
        symmetric in any::<bool>(),
        seed in 0u64..1000,
    ) {
        use hviske::analysis::centrality::{betweenness_brandes, closeness, estimate, no_progress};
        let adj = random_adjacency(n, &edges, symmetric);
        let pivots = hviske::analysis::pivots::pivots(n, n, seed);
        let e = estimate(&adj, &pivots, &no_progress);
        let bc = betweenness_brandes(&adj, &no_progress);
        let cl = closeness(&adj, &no_progress);
        for v in 0..n {
            prop_assert!((e.betweenness[v] - bc[v]).abs() < 1e-12, "betweenness {}", v);
            prop_assert!((e.closeness[v] - cl[v]).abs() < 1e-12, "closeness {}", v);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The pivot sweep with leaves folded into their core node equals the
    /// plain sweep from every pivot (issue 13): graphs with many leaves
    /// joined one way or both, leaves of leaves (a two-node piece), any K.
    #[test]
    fn folded_estimate_equals_the_plain_sweep(
        n in 2usize..25,
        edges in prop::collection::vec((0usize..25, 0usize..25), 0..50),
        leaves in prop::collection::vec((0usize..60, 0u8..3), 0..60),
        symmetric in any::<bool>(),
        k_share in 0.0f64..1.0,
        seed in 0u64..1000,
    ) {
        use hviske::analysis::centrality::{estimate, estimate_plain, no_progress};
        let core = random_adjacency(n, &edges, symmetric);
        let mut arcs: Vec<(usize, usize)> = core.arcs().collect();
        // Leaf i hangs off an earlier node (a core node or an earlier leaf):
        // arc up (0), down (1) or both (2).
        for (i, &(to, way)) in leaves.iter().enumerate() {
            let l = n + i;
            let c = to % l;
            if way != 1 { arcs.push((l, c)); }
            if way != 0 { arcs.push((c, l)); }
        }
        let total = n + leaves.len();
        let adj = hviske::graph::Adjacency::from_arcs(total, arcs);
        let k = (2 + (k_share * (total - 2) as f64) as usize).min(total);
        let pivots = hviske::analysis::pivots::pivots(total, k, seed);
        let fast = estimate(&adj, &pivots, &no_progress);
        let plain = estimate_plain(&adj, &pivots, &no_progress);
        for v in 0..total {
            prop_assert!((fast.betweenness[v] - plain.betweenness[v]).abs() < 1e-12,
                "betweenness {}: {} vs {}", v, fast.betweenness[v], plain.betweenness[v]);
            prop_assert!((fast.closeness[v] - plain.closeness[v]).abs() < 1e-12,
                "closeness {}: {} vs {}", v, fast.closeness[v], plain.closeness[v]);
        }
    }
}
