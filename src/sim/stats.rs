//! Interval estimates and quantiles.
//!
//! Shares get the **Wilson score interval** at 95 % (Wilson 1927): unlike the
//! normal ("Wald") interval it stays inside [0, 1] and keeps its coverage near
//! 0 and 1, where reach shares of long chains live.

use serde::Serialize;

/// The normal quantile for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The interval method, in words, for reports.
pub const INTERVAL_METHOD: &str = "95% Wilson score interval";

/// A figure with its 95 % interval: the one type for every such figure the
/// library reports. A simulated share (Wilson interval), a paired
/// difference (`compare::Difference` adds whether it was paired), a
/// comparison cell and a sweep point (both `Option<Estimate>`, `None` where
/// the figure is undefined) all hold one. In JSON `estimate`, `ci_low`,
/// `ci_high` and, where set, `exact`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The point estimate (for a share, the observed share).
    pub estimate: f64,
    /// Lower end of the 95 % interval.
    pub ci_low: f64,
    /// Upper end of the 95 % interval.
    pub ci_high: f64,
    /// The exact value where it was computed (`--exact`, reach only), or
    /// the value of a figure measured without sampling ([`Estimate::exact`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<f64>,
}

impl Estimate {
    /// A figure measured without sampling (a count, a structural measure):
    /// its interval is the point itself and [`Estimate::exact`] holds it.
    pub fn exact(x: f64) -> Estimate {
        Estimate {
            estimate: x,
            ci_low: x,
            ci_high: x,
            exact: Some(x),
        }
    }

    /// An estimate with the interval `[low, high]` and no exact value.
    pub fn new(estimate: f64, ci_low: f64, ci_high: f64) -> Estimate {
        Estimate {
            estimate,
            ci_low,
            ci_high,
            exact: None,
        }
    }

    /// True when the interval excludes zero (for a difference: a sign the
    /// interval supports).
    pub fn excludes_zero(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }

    /// The Wilson score interval for `share` observed over `n` trials. With
    /// several targets per fact `share` is a mean of per-fact shares and `n`
    /// the number of facts: the interval is then conservative, because the
    /// variance of a per-fact share in [0, 1] with mean p is at most p(1 − p).
    pub fn wilson(share: f64, n: u64) -> Estimate {
        if n == 0 {
            return Estimate {
                estimate: share,
                ci_low: 0.0,
                ci_high: 1.0,
                exact: None,
            };
        }
        let n = n as f64;
        let z2 = Z95 * Z95;
        let denom = 1.0 + z2 / n;
        let centre = (share + z2 / (2.0 * n)) / denom;
        let half = Z95 / denom * (share * (1.0 - share) / n + z2 / (4.0 * n * n)).sqrt();
        Estimate {
            estimate: share,
            // At 0 and 1 the bounds are exactly 0 and 1; rounding must not
            // move them.
            ci_low: if share <= 0.0 {
                0.0
            } else {
                (centre - half).clamp(0.0, share)
            },
            ci_high: if share >= 1.0 {
                1.0
            } else {
                (centre + half).clamp(share, 1.0)
            },
            exact: None,
        }
    }

    /// `count / total` with its Wilson interval over `n` facts.
    pub fn from_counts(count: u64, total: u64, n: u64) -> Estimate {
        let share = if total == 0 {
            0.0
        } else {
            count as f64 / total as f64
        };
        Estimate::wilson(share, n)
    }
}

/// The `q`-quantile (0 ≤ q ≤ 1) of sorted data, linear interpolation between
/// order statistics (Hyndman & Fan type 7, as R and NumPy default).
pub fn quantile(sorted: &[f32], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    let (a, b) = (f64::from(sorted[lo]), f64::from(sorted[hi]));
    Some(a + (h - lo as f64) * (b - a))
}

/// A distribution-free 95 % interval for the `q`-quantile of sorted data,
/// from order statistics: the values at ranks nq ± z·√(nq(1−q)) (1-based,
/// clamped to the data), z = [`Z95`]. `None` for no data.
pub fn quantile_interval(sorted: &[f32], q: f64) -> Option<(f64, f64)> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as f64;
    let half = Z95 * (n * q * (1.0 - q)).sqrt();
    let at = |rank: f64| f64::from(sorted[(rank.max(1.0).min(n) as usize).saturating_sub(1)]);
    Some((at((n * q - half).floor()), at((n * q + half).ceil())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_textbook_value() {
        // 81 successes in 263 trials: (0.2553, 0.3662) (Newcombe 1998 style).
        let e = Estimate::from_counts(81, 263, 263);
        assert!((e.ci_low - 0.2553).abs() < 1e-3, "{e:?}");
        assert!((e.ci_high - 0.3662).abs() < 1e-3, "{e:?}");
    }

    #[test]
    fn wilson_stays_in_the_unit_interval() {
        let e = Estimate::from_counts(0, 10, 10);
        assert_eq!(e.ci_low, 0.0);
        assert!(e.ci_high > 0.0 && e.ci_high < 0.4);
        let e = Estimate::from_counts(10, 10, 10);
        assert_eq!(e.ci_high, 1.0);
    }

    #[test]
    fn quantiles_interpolate() {
        let d = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&d, 0.5), Some(2.5));
        assert_eq!(quantile(&d, 0.0), Some(1.0));
        assert_eq!(quantile(&d, 1.0), Some(4.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn the_median_interval_takes_the_order_statistics_around_the_median() {
        // n = 100, q = 0.5: ranks 50 ± 1.96 · 5 = 40.2 and 59.8, so the 40th
        // and 60th values (1-based), here 40 and 60.
        let d: Vec<f32> = (1..=100).map(|x| x as f32).collect();
        assert_eq!(quantile_interval(&d, 0.5), Some((40.0, 60.0)));
        assert_eq!(quantile_interval(&[7.0], 0.5), Some((7.0, 7.0)));
        assert_eq!(quantile_interval(&[], 0.9), None);
    }
}
