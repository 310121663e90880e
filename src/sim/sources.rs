//! Sampled sources (issue 13): a query with thousands of sources (`--direction
//! up` on a national model starts a fact at every employee) is estimated
//! from a seeded uniform sample of them, and the intervals account for the
//! sampling as well as for the trials.
//!
//! The estimate of a share (reach, intact, altered, lost) is the ratio
//! estimator over the sampled sources, Σ y_s / Σ m_s (y_s the source's pairs
//! with the outcome, m_s its pairs), which is what the engine reports for the
//! sample. Its variance for a simple random sample of k of N sources without
//! replacement is (1 - k/N) / (k m̄²) · Σ (y_s - R m_s)² / (k - 1) (Cochran,
//! *Sampling Techniques*, §6.4); the spread of the per-source shares already
//! holds each source's own Monte-Carlo noise, so this covers both stages.
//! The interval is the union of that normal interval and the engine's Wilson
//! interval over the trials, so it never claims more certainty than either.

use super::stats::{Estimate, Z95};
use super::{Query, SimConfig, SimResult, SourceResult};
use crate::model::Model;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// Above this many sources, commands sample them unless told otherwise.
pub const SAMPLE_ABOVE: usize = 1_000;

/// Sources drawn when sampling by default: with [`SAMPLED_TRIALS`] trials each,
/// the same 10,240 trials as one source at the default trials.
pub const DEFAULT_SAMPLE: usize = 160;

/// Trials per source fact when sources are sampled and no trials are given:
/// one machine word. Trials spent on more sources narrow the interval more
/// than trials spent on the same ones.
pub const SAMPLED_TRIALS: u64 = 64;

/// Salt of the draw of sources, so it is independent of the trials' draws.
const SALT: u64 = 0x5ca1_ab1e;

/// Which sources a result is estimated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceSample {
    /// Sources drawn.
    pub drawn: usize,
    /// Sources the query has.
    pub of: usize,
    /// Seed of the draw.
    pub seed: u64,
}

impl SourceSample {
    /// The sample in words, for the interval line of every output.
    pub fn describe(&self) -> String {
        format!(
            "sources sampled: {} of {} drawn uniformly without replacement (seed {}); \
             intervals account for the sampling of sources as well as for the trials \
             (ratio estimator, Cochran 1977 §6.4, joined with the Wilson interval)",
            self.drawn, self.of, self.seed
        )
    }
}

/// Which sources to run: a command's `--sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceChoice {
    /// Every source up to [`SAMPLE_ABOVE`]; above it, [`DEFAULT_SAMPLE`]
    /// drawn at random.
    Auto,
    /// Every source.
    #[default]
    All,
    /// This many drawn at random (every source when there are no more).
    Count(usize),
}

/// `q` with its sources chosen as `choice` says, drawn from `seed`, and the
/// sample when one was drawn.
pub fn choose(q: &Query, choice: SourceChoice, seed: u64) -> (Query, Option<SourceSample>) {
    match choice {
        SourceChoice::All => (q.clone(), None),
        SourceChoice::Count(k) => sample(q, k, seed),
        SourceChoice::Auto if q.sources.len() > SAMPLE_ABOVE => sample(q, DEFAULT_SAMPLE, seed),
        SourceChoice::Auto => (q.clone(), None),
    }
}

/// `q` with `k` of its sources drawn uniformly without replacement from
/// `seed` (kept in model order), and the sample; `q` itself and `None` when
/// `k` covers every source.
pub fn sample(q: &Query, k: usize, seed: u64) -> (Query, Option<SourceSample>) {
    let of = q.sources.len();
    if k == 0 || k >= of {
        return (q.clone(), None);
    }
    let mut rng = Pcg64::seed_from_u64(seed ^ SALT);
    let mut pool = q.sources.clone();
    for i in 0..k {
        let j = rng.random_range(i..of);
        pool.swap(i, j);
    }
    pool.truncate(k);
    pool.sort_unstable();
    let sampled = Query {
        sources: pool,
        targets: q.targets.clone(),
    };
    (sampled, Some(SourceSample { drawn: k, of, seed }))
}

/// Widens `r`'s four shares for the sampling of sources and states the
/// sample in its interval line and assumptions.
pub fn account(r: &mut SimResult, s: &SourceSample) {
    let rows = &r.per_source;
    let widen = |e: &mut Estimate, share: fn(&SourceResult) -> f64| {
        let (low, high) = ratio_interval(rows, share, s);
        e.ci_low = e.ci_low.min(low);
        e.ci_high = e.ci_high.max(high);
    };
    widen(&mut r.shares.reach, |p| p.shares.reach.estimate);
    widen(&mut r.shares.intact, |p| p.shares.intact.estimate);
    widen(&mut r.shares.altered, |p| p.shares.altered.estimate);
    widen(&mut r.shares.lost, |p| p.shares.lost.estimate);
    r.interval = format!("{}; {}", r.interval, s.describe());
    r.assumptions.push(format!(
        "Sources: {} of the {} sources were drawn at random (seed {}); every share, level and \
         actor figure is an estimate over them, and the four shares' intervals account for \
         the sampling.",
        s.drawn, s.of, s.seed
    ));
}

/// The 95 % normal interval of the ratio estimator over the sampled sources.
fn ratio_interval(
    rows: &[SourceResult],
    share: fn(&SourceResult) -> f64,
    s: &SourceSample,
) -> (f64, f64) {
    let rows: Vec<(f64, f64)> = rows.iter().map(|p| (share(p), pairs(p))).collect();
    ratio_normal(&rows, s).map_or((0.0, 1.0), |(r, half)| {
        ((r - half).max(0.0), (r + half).min(1.0))
    })
}

/// The (trial, target) pairs of one source.
fn pairs(p: &SourceResult) -> f64 {
    (p.total_trials * p.targets) as f64
}

/// The ratio estimator Σ y_s / Σ m_s over `(y_s / m_s, m_s)` per sampled
/// source and the half-width of its 95 % normal interval; `None` for fewer
/// than two sources or no pairs.
fn ratio_normal(rows: &[(f64, f64)], s: &SourceSample) -> Option<(f64, f64)> {
    let k = rows.len() as f64;
    let total: f64 = rows.iter().map(|r| r.1).sum();
    if rows.len() < 2 || total == 0.0 {
        return None;
    }
    let ratio = rows.iter().map(|(y, m)| y * m).sum::<f64>() / total;
    let mean_pairs = total / k;
    let spread = rows
        .iter()
        .map(|(y, m)| (y * m - ratio * m).powi(2))
        .sum::<f64>()
        / (k - 1.0);
    let fpc = 1.0 - k / s.of as f64;
    Some((
        ratio,
        Z95 * (fpc * spread / (k * mean_pairs * mean_pairs)).sqrt(),
    ))
}

/// The 95 % interval, for the sampling of sources, of the difference `b − a`
/// in a share between two results over the same sampled sources (paired
/// per source); `None` when their sources or pairs do not line up.
pub fn paired_interval(
    a: &SimResult,
    b: &SimResult,
    share: fn(&SourceResult) -> f64,
    s: &SourceSample,
) -> Option<(f64, f64)> {
    let lined_up = a.per_source.len() == b.per_source.len()
        && a.per_source
            .iter()
            .zip(&b.per_source)
            .all(|(x, y)| x.id == y.id && pairs(x) == pairs(y));
    if !lined_up {
        return None;
    }
    let rows: Vec<(f64, f64)> = a
        .per_source
        .iter()
        .zip(&b.per_source)
        .map(|(x, y)| (share(y) - share(x), pairs(x)))
        .collect();
    ratio_normal(&rows, s).map(|(d, half)| (d - half, d + half))
}

/// Work of a simulation in channel-trials (trials × arcs, an upper bound: a fact that
/// dies early passes fewer channels) and the expected seconds at the
/// documented rates: about 10⁹ channel-trials per second per thread on the
/// bit-parallel path, 10⁷ on the timed path. An estimate, for a warning.
pub fn expected_seconds(trials: u64, arcs: usize, bits: bool, threads: usize) -> f64 {
    let rate = if bits { 1e9 } else { 1e7 };
    trials as f64 * arcs as f64 / (rate * threads.max(1) as f64)
}

/// [`expected_seconds`] for simulating `q` on `model` with `cfg` on
/// `threads` threads, on the path the engine would take.
pub fn estimate_seconds(model: &Model, q: &Query, cfg: &SimConfig, threads: usize) -> f64 {
    let arcs = model.channels.iter().map(|c| c.arcs().count()).sum();
    let bits = cfg.horizon_days.is_none()
        && model
            .channels
            .iter()
            .all(|c| c.params.distortion.get() == 0.0)
        && model.actors.iter().all(|a| a.vacancies.is_empty());
    let trials = q.sources.len() as u64 * u64::from(cfg.facts_per_source) * cfg.trials();
    expected_seconds(trials, arcs, bits, threads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::simulate;

    fn chain_model(n: usize) -> crate::model::Model {
        let actors: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id": "a{i}", "level": {}}}"#,
                    if i == 0 { 1 } else { 2 }
                )
            })
            .collect();
        let channels: Vec<String> = (1..n)
            .map(|i| {
                let f = 0.5 + 0.5 * (i % 7) as f64 / 7.0;
                format!(r#"{{"from": "a{i}", "to": "a0", "fidelity": {f}, "distortion": 0}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"format": 1, "name": "star", "actors": [{}], "channels": [{}]}}"#,
            actors.join(","),
            channels.join(",")
        );
        crate::model::parse_str(&text, "star.json").unwrap()
    }

    #[test]
    fn the_draw_is_seeded_sorted_and_without_repeats() {
        let q = Query {
            sources: (10..2010).collect(),
            targets: vec![0],
        };
        let (a, s) = sample(&q, 100, 7);
        assert_eq!(
            s,
            Some(SourceSample {
                drawn: 100,
                of: 2000,
                seed: 7
            })
        );
        assert_eq!(a, sample(&q, 100, 7).0);
        assert_ne!(a, sample(&q, 100, 8).0);
        assert!(a.sources.windows(2).all(|w| w[0] < w[1]));
        assert!(a.sources.iter().all(|s| q.sources.contains(s)));
        assert_eq!(sample(&q, 5000, 7), (q.clone(), None));
    }

    /// Every source reaches the top with its own fidelity (a star): the mean
    /// over all sources is known exactly, and the sampled interval covers it
    /// where the trials-only interval, blind to which sources were drawn, would
    /// be narrower than the spread between them.
    #[test]
    fn the_sampled_interval_covers_the_mean_over_all_sources() {
        let model = chain_model(1401);
        let g = crate::graph::build(&model);
        let q = Query::direction(&model, true).unwrap();
        let truth = (1..1401)
            .map(|i| 0.5 + 0.5 * (i % 7) as f64 / 7.0)
            .sum::<f64>()
            / 1400.0;
        let mut covered = 0;
        for seed in 0..20 {
            let (sq, s) = sample(&q, 30, seed);
            let cfg = SimConfig {
                trials: Some(64),
                seed,
                ..SimConfig::default()
            };
            let mut r = simulate(&g, &sq, &cfg, &|_, _| {}).unwrap();
            let trials_only = r.shares.reach;
            account(&mut r, &s.unwrap());
            assert!(
                r.shares.reach.ci_low <= trials_only.ci_low
                    && r.shares.reach.ci_high >= trials_only.ci_high
            );
            assert!(r.interval.contains("sources sampled: 30 of 1400"));
            covered +=
                usize::from(r.shares.reach.ci_low <= truth && truth <= r.shares.reach.ci_high);
        }
        assert!(covered >= 17, "{covered} of 20 intervals cover {truth}");
    }

    #[test]
    fn expected_time_scales_with_trials_arcs_and_threads() {
        let t = expected_seconds(10_240, 1_000_000, true, 2);
        assert!((t - 5.12).abs() < 1e-9);
        assert!(expected_seconds(10_240, 1_000_000, false, 2) > 100.0 * t - 1e-6);
    }
}
