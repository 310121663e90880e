//! Robustness under uncertainty (`hviske compare --uncertain`): how often
//! each design wins when every assumption is drawn from a plausible range.
//!
//! Each draw moves every stated assumption within its range: per channel
//! kind and parameter (applied to the kind's value and to every channel of
//! that kind that states its own value, so an evidence-based weak channel
//! stays weaker than its kind by the same amount), and per actor whose
//! attendance is below 1. Where the model gives a range for a kind's
//! parameter (`ranges` in the model file), the kind's value is drawn
//! uniformly from it; otherwise probabilities move by up to
//! ±[`UncertainOptions::spread_probability`] (clamped to [0, 1]) and days
//! are multiplied by a factor in 1 ± [`UncertainOptions::spread_days`].
//! Every design gets the same draws, in a fixed order (kinds by name, then
//! fidelity, distortion, latency, cadence; then actors by id), from a PCG-64
//! generator seeded with the comparison seed. Each draw then simulates facts
//! from the deepest level to the top in every design with the same seed.

use super::{days_value, CompareError, CompareOptions, Design};
use crate::graph;
use crate::model::{Days, Model, Probability};
use crate::sim::{self, Estimate, Query, SimConfig};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use serde::Serialize;
use std::collections::BTreeSet;

/// How the assumptions are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainOptions {
    /// Number of draws.
    pub draws: u32,
    /// Probabilities (fidelity, distortion, attendance) move by up to ± this.
    pub spread_probability: f64,
    /// Days (latency, cadence) are scaled by a factor in 1 ± this.
    pub spread_days: f64,
    /// Runs per source fact in each draw.
    pub trials: u64,
}

impl Default for UncertainOptions {
    fn default() -> Self {
        UncertainOptions {
            draws: 100,
            spread_probability: 0.1,
            spread_days: 0.5,
            trials: 128,
        }
    }
}

/// Percentiles of a figure across the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// 5th percentile.
    pub p5: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
}

/// One design's record across the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignOdds {
    /// The design's label.
    pub label: String,
    /// Share of draws in which it had the highest share of facts reaching
    /// the top intact, with a 95 % Wilson interval over the draws.
    pub wins_intact: Estimate,
    /// Share of draws in which it had the fewest median days to the top.
    pub wins_days: Estimate,
    /// Its share of facts reaching the top intact across the draws.
    pub intact: Spread,
    /// Its median days to the top across the draws.
    pub days_median: Spread,
}

/// The robustness report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    /// Number of draws.
    pub draws: u32,
    /// The seed of the draws and of every simulation.
    pub seed: u64,
    /// Runs per source fact in each draw.
    pub trials: u64,
    /// One record per design.
    pub designs: Vec<DesignOdds>,
    /// How the assumptions were drawn.
    pub assumptions: Vec<String>,
}

/// Draws every assumption, shifted the same way in every design.
fn perturb(models: &mut [Model], rng: &mut Pcg64, opts: &UncertainOptions) {
    let kinds: BTreeSet<String> = models
        .iter()
        .flat_map(|m| {
            m.kinds
                .keys()
                .cloned()
                .chain(m.channels.iter().filter_map(|c| c.kind.clone()))
        })
        .collect();
    let prob = |p: Probability, u: f64| {
        Probability::new((p.get() + u * opts.spread_probability).clamp(0.0, 1.0)).unwrap_or(p)
    };
    let days = |d: Days, u: f64, positive: bool| {
        let x = d.get() * (1.0 + u * opts.spread_days);
        Days::new(x)
            .filter(|v| !positive || v.get() > 0.0)
            .unwrap_or(d)
    };
    // Kinds (with the defaults standing for channels without a kind).
    for kind in kinds.iter().map(Some).chain([None]) {
        let u: [f64; 4] = std::array::from_fn(|_| rng.random_range(-1.0..=1.0));
        for m in models.iter_mut() {
            let base = m.kind_params(kind.map(String::as_str));
            let range = kind
                .and_then(|k| m.ranges.get(k))
                .map(|r| r.as_array())
                .unwrap_or_default();
            // Where the model gives a range, u spans it; else the default spread.
            let drawn = |k: usize| range[k].map(|(lo, hi)| lo + (u[k] + 1.0) / 2.0 * (hi - lo));
            let shift_p = |k: usize, p: Probability, stated: Probability| match drawn(k) {
                Some(x) => {
                    Probability::new((p.get() + x - stated.get()).clamp(0.0, 1.0)).unwrap_or(p)
                }
                None => prob(p, u[k]),
            };
            let shift_d = |k: usize, d: Days, stated: Days, positive: bool| match drawn(k) {
                Some(x) if stated.get() > 0.0 => Days::new(d.get() * x / stated.get())
                    .filter(|v| !positive || v.get() > 0.0)
                    .unwrap_or(d),
                _ => days(d, u[k], positive),
            };
            let entry = match kind {
                Some(k) => m.kinds.entry(k.clone()).or_default(),
                None => &mut m.defaults,
            };
            entry.fidelity = Some(shift_p(0, base.fidelity, base.fidelity));
            entry.distortion = Some(shift_p(1, base.distortion, base.distortion));
            entry.latency_days = Some(shift_d(2, base.latency_days, base.latency_days, false));
            entry.every_days = Some(shift_d(3, base.every_days, base.every_days, true));
            for c in m.channels.iter_mut().filter(|c| c.kind.as_ref() == kind) {
                let own = &mut c.own;
                own.fidelity = own.fidelity.map(|p| shift_p(0, p, base.fidelity));
                own.distortion = own.distortion.map(|p| shift_p(1, p, base.distortion));
                own.latency_days = own
                    .latency_days
                    .map(|d| shift_d(2, d, base.latency_days, false));
                own.every_days = own.every_days.map(|d| shift_d(3, d, base.every_days, true));
            }
        }
    }
    let stretched: BTreeSet<String> = models
        .iter()
        .flat_map(|m| m.actors.iter())
        .filter(|a| a.attendance.get() < 1.0)
        .map(|a| a.id.as_str().to_string())
        .collect();
    for id in &stretched {
        let u = rng.random_range(-1.0..=1.0);
        for m in models.iter_mut() {
            if let Some(i) = m.actor_index(id) {
                let a = &mut m.actors[i];
                if a.attendance.get() < 1.0 {
                    a.attendance = prob(a.attendance, u);
                }
            }
        }
    }
    for m in models.iter_mut() {
        m.resolve();
    }
}

/// The kinds with ranges, in words.
fn ranged_kinds(designs: &[Design]) -> String {
    let kinds: BTreeSet<&str> = designs
        .iter()
        .flat_map(|d| d.model.ranges.keys().map(String::as_str))
        .collect();
    if kinds.is_empty() {
        "none here".into()
    } else {
        format!("kinds {}", kinds.into_iter().collect::<Vec<_>>().join(", "))
    }
}

fn spread(mut xs: Vec<f32>) -> Spread {
    xs.sort_by(f32::total_cmp);
    let q = |p| sim::stats::quantile(&xs, p);
    Spread {
        p5: q(0.05),
        median: q(0.5),
        p95: q(0.95),
    }
}

/// Runs the draws and counts wins.
///
/// `progress(done, total)` counts draws.
///
/// # Errors
/// [`CompareError::Input`] for no designs or no draws; [`CompareError::Sim`]
/// when a design cannot be simulated.
pub fn robustness(
    designs: &[Design],
    compare: &CompareOptions,
    opts: &UncertainOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Robustness, CompareError> {
    if designs.is_empty() || opts.draws == 0 {
        return Err(CompareError::Input(
            "--uncertain needs at least one design and one draw".into(),
        ));
    }
    let mut designs = designs.to_vec();
    if compare.structure_only {
        super::structure_only(&mut designs);
    }
    let mut rng = Pcg64::seed_from_u64(compare.seed);
    let n = designs.len();
    let mut intact: Vec<Vec<f32>> = vec![Vec::new(); n];
    let mut days: Vec<Vec<f32>> = vec![Vec::new(); n];
    let mut wins_intact = vec![0u64; n];
    let mut wins_days = vec![0u64; n];
    let mut days_draws = 0u64;
    for draw in 0..opts.draws {
        let mut models: Vec<Model> = designs.iter().map(|d| d.model.clone()).collect();
        perturb(&mut models, &mut rng, opts);
        let mut this_intact = Vec::with_capacity(n);
        let mut this_days = Vec::with_capacity(n);
        for (d, m) in designs.iter().zip(&models) {
            let err = |error| CompareError::Sim {
                design: d.label.clone(),
                error,
            };
            let q = Query::direction(m, true).map_err(err)?;
            let cfg = SimConfig {
                trials: Some(opts.trials),
                facts_per_source: 1,
                seed: compare.seed,
                horizon_days: None,
            };
            let r = sim::simulate_general(&graph::build(m), &q, &cfg, &|_, _| {}).map_err(err)?;
            this_intact.push(r.intact.estimate);
            // A figure that is not a number is never ranked.
            this_days.push(days_value(&r, 0.5).estimate.filter(|d| d.is_finite()));
        }
        for i in 0..n {
            intact[i].push(this_intact[i] as f32);
            if let Some(d) = this_days[i] {
                days[i].push(d as f32);
            }
        }
        let best_intact = (0..n)
            .filter(|&i| !this_intact[i].is_nan())
            .max_by(|&a, &b| this_intact[a].total_cmp(&this_intact[b]));
        if let Some(b) = best_intact {
            wins_intact[b] += 1;
        }
        if this_days.iter().all(Option::is_some) {
            days_draws += 1;
            let best_days = (0..n).min_by(|&a, &b| {
                this_days[a]
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&this_days[b].unwrap_or(f64::INFINITY))
            });
            if let Some(b) = best_days {
                wins_days[b] += 1;
            }
        }
        progress(u64::from(draw) + 1, u64::from(opts.draws));
    }
    let draws = u64::from(opts.draws);
    Ok(Robustness {
        draws: opts.draws,
        seed: compare.seed,
        trials: opts.trials,
        designs: designs
            .iter()
            .enumerate()
            .map(|(i, d)| DesignOdds {
                label: d.label.clone(),
                wins_intact: Estimate::from_counts(wins_intact[i], draws, draws),
                wins_days: Estimate::from_counts(wins_days[i], days_draws, days_draws),
                intact: spread(intact[i].clone()),
                days_median: spread(days[i].clone()),
            })
            .collect(),
        assumptions: vec![
            format!(
                "Each of {} draws takes every channel kind's parameters uniformly from the model's ranges where it gives them ({}), \
                 else moves fidelity and distortion by up to ±{} and latency and cadence by a factor in 1 ± {}; the attendance of every actor \
                 below 1 moves by up to ±{}; channels with their own values shift with their kind; every design gets the same draws.",
                opts.draws,
                ranged_kinds(&designs),
                opts.spread_probability,
                opts.spread_days,
                opts.spread_probability
            ),
            format!(
                "Per draw, {} runs per source from the deepest level to the top, seed {}; a win is the highest share intact (or fewest median days) in that draw, \
                 so close draws are partly decided by Monte-Carlo noise. Win shares carry a {} over the draws.",
                opts.trials,
                compare.seed,
                sim::INTERVAL_METHOD
            ),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_come_from_the_models_ranges_and_weak_channels_keep_their_gap() {
        let m = crate::model::parse_str(
            r#"{"format":1,"name":"r","kinds":{"report":{"fidelity":0.75,"every_days":30}},
               "ranges":{"report":{"fidelity":[0.3,0.3],"every_days":[60,60]}},
               "actors":[{"id":"a"},{"id":"b"},{"id":"c","attendance":0.5}],
               "channels":[{"from":"a","to":"b","kind":"report"},{"from":"b","to":"c","kind":"report","fidelity":0.5,"every_days":15}]}"#,
            "r.json",
        )
        .unwrap();
        let mut models = vec![m.clone(), m];
        perturb(
            &mut models,
            &mut Pcg64::seed_from_u64(1),
            &UncertainOptions::default(),
        );
        let c = &models[0].channels;
        assert!((c[0].params.fidelity.get() - 0.3).abs() < 1e-12);
        assert!(
            (c[1].params.fidelity.get() - 0.05).abs() < 1e-12,
            "0.5 + (0.3 − 0.75)"
        );
        assert!((c[0].params.every_days.get() - 60.0).abs() < 1e-9);
        assert!(
            (c[1].params.every_days.get() - 30.0).abs() < 1e-9,
            "15 × 60/30"
        );
        // Every design gets the same draws; attendance moved within ±0.1.
        assert_eq!(models[0], models[1]);
        let att = models[0].actors[2].attendance.get();
        assert!((0.4..=0.6).contains(&att) && att != 0.5, "{att}");
    }
}
