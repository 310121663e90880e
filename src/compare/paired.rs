//! Differences between two designs' simulated outcomes, with intervals.
//!
//! Both designs are simulated with the same seed, and the engine keys every
//! draw by channel identity, so a channel the designs share sees the same
//! coins in both (common random numbers). Where the two queries have the same
//! source and target ids in the same order, the outcome lists line up pair for
//! pair, and the difference is estimated **paired**: per trial (a cluster of one
//! fact's targets), the mean difference of the indicator; then the mean over
//! trials with a normal 95 % interval from the trials' spread. Otherwise the
//! designs are treated as independent and the interval combines the two
//! standard errors (wider, still valid).

use crate::sim::stats::Z95;
use crate::sim::{Estimate, FactOutcome};
use serde::Serialize;

/// A difference (design − reference) with its 95 % interval. In JSON the
/// [`Estimate`]'s keys and `paired`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Difference {
    /// The difference and its interval.
    #[serde(flatten)]
    pub value: Estimate,
    /// True when estimated from paired trials (common random numbers).
    pub paired: bool,
}

impl Difference {
    /// True when the interval excludes zero.
    pub fn significant(&self) -> bool {
        self.value.excludes_zero()
    }
}

/// Which indicator of an outcome to compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Indicator {
    /// Reached intact.
    Intact,
    /// Reached altered.
    Altered,
    /// Never reached.
    Lost,
    /// Reached within this many days.
    Within(f64),
}

impl Indicator {
    fn of(self, o: &FactOutcome) -> f64 {
        let x = match self {
            Indicator::Intact => o.intact,
            Indicator::Altered => o.reached && !o.intact,
            Indicator::Lost => !o.reached,
            Indicator::Within(days) => o.arrival_day.is_some_and(|d| f64::from(d) <= days),
        };
        f64::from(u8::from(x))
    }
}

/// Paired difference `b − a` over trials of `cluster` consecutive outcomes.
///
/// # Panics
/// When the two lists differ in length or `cluster` is 0 (callers check that
/// the designs' queries line up).
#[track_caller]
pub fn paired(a: &[FactOutcome], b: &[FactOutcome], cluster: usize, ind: Indicator) -> Difference {
    assert!(
        a.len() == b.len() && cluster > 0,
        "outcome lists must line up"
    );
    let trials = a.len() / cluster;
    let mut sum = 0.0;
    let mut sum_sq = 0.0;
    for (ca, cb) in a.chunks_exact(cluster).zip(b.chunks_exact(cluster)) {
        let d: f64 = ca
            .iter()
            .zip(cb)
            .map(|(x, y)| ind.of(y) - ind.of(x))
            .sum::<f64>()
            / cluster as f64;
        sum += d;
        sum_sq += d * d;
    }
    let n = trials.max(1) as f64;
    let mean = sum / n;
    let var = if trials > 1 {
        ((sum_sq - n * mean * mean) / (n - 1.0)).max(0.0)
    } else {
        0.0
    };
    let half = Z95 * (var / n).sqrt();
    Difference {
        value: Estimate::new(mean, mean - half, mean + half),
        paired: true,
    }
}

/// Unpaired difference `b − a` of two estimates, from their interval widths.
pub fn unpaired(a: &Estimate, b: &Estimate) -> Difference {
    let se = |e: &Estimate| (e.ci_high - e.ci_low) / (2.0 * Z95);
    let half = Z95 * (se(a).powi(2) + se(b).powi(2)).sqrt();
    let d = b.estimate - a.estimate;
    Difference {
        value: Estimate::new(d, d - half, d + half),
        paired: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(intact: bool, reached: bool) -> FactOutcome {
        FactOutcome {
            intact,
            reached,
            arrival_day: None,
        }
    }

    #[test]
    fn identical_outcomes_differ_by_exactly_zero() {
        let a = vec![
            o(true, true),
            o(false, false),
            o(false, true),
            o(true, true),
        ];
        let d = paired(&a, &a, 1, Indicator::Intact);
        assert_eq!(
            (d.value.estimate, d.value.ci_low, d.value.ci_high),
            (0.0, 0.0, 0.0)
        );
        assert!(!d.significant());
    }

    #[test]
    fn paired_difference_is_the_mean_of_per_trial_differences() {
        let a = vec![o(false, false); 4];
        let b = vec![o(true, true), o(true, true), o(false, true), o(true, true)];
        let d = paired(&a, &b, 2, Indicator::Intact);
        assert!((d.value.estimate - 0.75).abs() < 1e-12);
        let lost = paired(&a, &b, 2, Indicator::Lost);
        assert!((lost.value.estimate + 1.0).abs() < 1e-12);
    }
}
