//! Where each kind's point value lies in its range: a range is read as low
//! / most likely / high (the kind's value being the most likely), so a
//! point value outside its range is a mistake, and one outside the middle
//! third makes the draws of `compare` sit away from it (see
//! models/README.md, "How a range is drawn").

use super::Model;

/// One kind parameter's range and point value.
#[derive(Debug, Clone, PartialEq)]
pub struct RangePosition {
    /// The channel kind.
    pub kind: String,
    /// `fidelity`, `distortion`, `latency_days` or `every_days`.
    pub parameter: &'static str,
    /// The range's low end.
    pub low: f64,
    /// The range's high end.
    pub high: f64,
    /// The kind's own value (the most likely).
    pub point: f64,
}

impl RangePosition {
    /// The point value lies outside `[low, high]`.
    pub fn outside(&self) -> bool {
        self.point < self.low || self.point > self.high
    }

    /// The point value lies outside the middle third of the range.
    pub fn skewed(&self) -> bool {
        let third = (self.high - self.low) / 3.0;
        self.point < self.low + third || self.point > self.high - third
    }

    /// The median of the triangular distribution on the range with its
    /// mode at the point value (clamped into the range).
    pub fn drawn_median(&self) -> f64 {
        let (lo, hi) = (self.low, self.high);
        let w = hi - lo;
        if w <= 0.0 {
            return lo;
        }
        let m = self.point.clamp(lo, hi);
        if (m - lo) / w >= 0.5 {
            lo + (w * (m - lo) / 2.0).sqrt()
        } else {
            hi - (w * (hi - m) / 2.0).sqrt()
        }
    }
}

/// Every ranged kind parameter of `m` with its point value, by kind name
/// and then parameter (fidelity, distortion, latency, cadence).
pub fn range_positions(m: &Model) -> Vec<RangePosition> {
    const NAMES: [&str; 4] = ["fidelity", "distortion", "latency_days", "every_days"];
    let mut out = Vec::new();
    for (kind, ranges) in &m.ranges {
        let p = m.kind_params(Some(kind));
        let points = [
            p.fidelity.get(),
            p.distortion.get(),
            p.latency_days.get(),
            p.every_days.get(),
        ];
        for (j, range) in ranges.as_array().into_iter().enumerate() {
            if let Some((low, high)) = range {
                out.push(RangePosition {
                    kind: kind.clone(),
                    parameter: NAMES[j],
                    low,
                    high,
                    point: points[j],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_distortion_range_is_skewed_and_drawn_above_its_point() {
        let m = crate::model::load("models/three-two-one.json").unwrap();
        let all = range_positions(&m);
        let d = all
            .iter()
            .find(|r| r.kind == "report" && r.parameter == "distortion")
            .unwrap();
        assert_eq!((d.low, d.point, d.high), (0.02, 0.1, 0.3));
        assert!(d.skewed() && !d.outside());
        // F(0.1) = 0.08 / 0.28 < 0.5: median = 0.3 − √(0.28 · 0.2 / 2).
        assert!((d.drawn_median() - (0.3 - (0.28f64 * 0.2 / 2.0).sqrt())).abs() < 1e-12);
        assert!(all.iter().all(|r| !r.outside()));
    }
}
