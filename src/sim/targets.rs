//! The targets' outcomes alone, on the timed path: the many small
//! simulations of an uncertainty analysis need only how many (trial,
//! target) pairs arrived intact and when, not the retention per level or
//! per actor that [`super::simulate_on`] assembles.
//!
//! The trials are the timed path's own (the same trial keys, draws and
//! rules, [`super::fact`]), each stopped once every one of its targets is
//! settled: a settled actor's version is final, so every count and arrival
//! day equals that of [`super::simulate_on`] with [`super::Method::General`]
//! (tested). One call runs on the calling thread; callers run many calls in
//! parallel.

use super::key::key;
use super::schedule::SALT;
use super::{fact, stats, Csr, Query, SimConfig, SimError};

/// What the trials gave at the targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetOutcomes {
    /// (trial, target) pairs: sources × facts × trials × targets per source.
    pub pairs: u64,
    /// Pairs reached.
    pub reached: u64,
    /// Pairs reached with the fact unaltered.
    pub intact: u64,
    /// The arrival day (counted from the trial's start) of every pair
    /// reached, in ascending order.
    pub days: Vec<f32>,
}

impl TargetOutcomes {
    /// The share of pairs reached intact (0 when there are no pairs).
    pub fn intact_share(&self) -> f64 {
        self.intact as f64 / self.pairs.max(1) as f64
    }

    /// The `q`-quantile of the arrival days of the pairs reached (`None`
    /// when none was reached), as [`stats::quantile`] takes it.
    pub fn days_quantile(&self, q: f64) -> Option<f64> {
        stats::quantile(&self.days, q)
    }
}

/// Simulates the query on the timed path, on the calling thread, and keeps
/// only the targets' outcomes. A horizon in `cfg` is ignored (the arrival
/// days are all kept).
///
/// Cost: sources × facts × trials trials, each a label-setting spread that
/// stops when its last target is settled.
///
/// # Errors
/// [`SimError::NoTrials`] for zero trials or facts, [`SimError::BadStart`]
/// for a start day or window that is not valid.
pub fn simulate_targets(csr: &Csr, q: &Query, cfg: &SimConfig) -> Result<TargetOutcomes, SimError> {
    if cfg.trials() == 0 || cfg.facts_per_source == 0 {
        return Err(SimError::NoTrials);
    }
    if cfg.start.checked().is_none() {
        return Err(SimError::BadStart(cfg.start));
    }
    let mut marked = vec![false; csr.n];
    let mut s = fact::Scratch::new(csr.n);
    let mut out = TargetOutcomes::default();
    for &source in &q.sources {
        let targets = q.targets_of(source);
        targets.iter().for_each(|&t| marked[t] = true);
        for f in 0..u64::from(cfg.facts_per_source) {
            let fact_key = key(key(key(cfg.seed, SALT), csr.actor_key[source]), f);
            for trial in 0..cfg.trials() {
                let run = key(fact_key, trial);
                let start = cfg.start.day(run);
                fact::run_until(
                    csr,
                    source,
                    run,
                    start,
                    &mut s,
                    Some((&marked, targets.len())),
                );
                for &t in &targets {
                    out.pairs += 1;
                    let day = s.time[t];
                    if day.is_finite() {
                        out.reached += 1;
                        out.intact += u64::from(!s.altered[t]);
                        out.days.push((day - start) as f32);
                    }
                }
            }
        }
        targets.iter().for_each(|&t| marked[t] = false);
    }
    out.days.sort_by(f32::total_cmp);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate_on, Method, Start};

    /// The same counts and days as the full timed path, both directions,
    /// on both shipped designs and with a start window.
    #[test]
    fn the_targets_alone_equal_the_full_timed_path() {
        for file in ["models/three-two-one.json", "models/industry-council.json"] {
            let m = crate::model::load(file).unwrap();
            let g = crate::graph::build(&m);
            let csr = Csr::new(&g);
            for (up, start) in [
                (true, Start::default()),
                (
                    false,
                    Start::Window {
                        from: 30.0,
                        to: 400.0,
                    },
                ),
            ] {
                let q = Query::direction(&m, up).unwrap();
                let cfg = SimConfig {
                    trials: Some(24),
                    start,
                    ..SimConfig::default()
                };
                let full = simulate_on(&g, &csr, &q, &cfg, Some(Method::General), None).unwrap();
                let lean = simulate_targets(&csr, &q, &cfg).unwrap();
                assert_eq!(lean.pairs, full.outcomes.len() as u64, "{file} up={up}");
                let count = |f: fn(&crate::sim::FactOutcome) -> bool| {
                    full.outcomes.iter().filter(|o| f(o)).count() as u64
                };
                assert_eq!(lean.reached, count(|o| o.reached), "{file} up={up}");
                assert_eq!(lean.intact, count(|o| o.intact), "{file} up={up}");
                let mut days: Vec<f32> =
                    full.outcomes.iter().filter_map(|o| o.arrival_day).collect();
                days.sort_by(f32::total_cmp);
                assert_eq!(lean.days, days, "{file} up={up}");
            }
        }
    }
}
