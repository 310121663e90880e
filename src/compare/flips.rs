//! What would flip a verdict, reading by reading: from the paired effects
//! of [`super::robustness`], how far each contested reading moves the
//! difference between a design and the first one if it were settled (on in
//! every case, or off), and whether that — alone, or with every reading
//! settled against the leader — changes the leader or makes the difference
//! immaterial (under [`MATERIAL_SHARE`]).
//!
//! The difference starts from its median over the draws, in which each
//! reading is on with its probability `p`. Settling a reading on moves it by
//! `(1 − p) × effect`; settling it off by `−p × effect` (the effect being the
//! mean paired difference with − without). Effects are added for a
//! combination, so interactions between readings are ignored: an estimate,
//! labelled as such wherever it is shown.

use super::{Robustness, MATERIAL_SHARE};
use serde::Serialize;

/// What settling readings does to a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlipOutcome {
    /// The other design leads by a material margin.
    Flips,
    /// The difference ends under the materiality threshold.
    Immaterial,
    /// The leader still leads by a material margin.
    Holds,
}

/// One reading settled against the leader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettledReading {
    /// The reading's id.
    pub id: String,
    /// Settled on (`true`) or off (`false`): the way that works against the leader.
    pub on: bool,
    /// Its mean paired effect on the difference (with − without), as a share.
    pub effect: f64,
    /// The move of the difference when it is settled, as a share.
    pub shift: f64,
    /// The difference after the move.
    pub difference_after: f64,
    /// What that does to the lead.
    pub outcome: FlipOutcome,
}

/// What would flip the lead between one design and the first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFlips {
    /// The design.
    pub design: String,
    /// The first design (the difference is `design − first`).
    pub first: String,
    /// Median difference in the share intact over the draws.
    pub difference: f64,
    /// 5th and 95th percentiles of the difference over the draws.
    pub band: (f64, f64),
    /// The leader at the median (`design` or `first`).
    pub leader: String,
    /// Whether the median difference is material.
    pub material: bool,
    /// Every reading of either design with an effect, settled against the
    /// leader, the largest move first.
    pub readings: Vec<SettledReading>,
    /// Every one of them settled together (`None` without readings).
    pub together: Option<(f64, FlipOutcome)>,
}

impl PairFlips {
    /// The fewest readings that, settled together against the leader,
    /// change the outcome (flip it or make it immaterial): the largest moves
    /// first, as all move the same way. `None` when even all of them leave
    /// the leader materially ahead, or the lead is not material already.
    pub fn fewest(&self) -> Option<(&[SettledReading], f64, FlipOutcome)> {
        if !self.material {
            return None;
        }
        let mut after = self.difference;
        for (k, r) in self.readings.iter().enumerate() {
            after += r.shift;
            let o = outcome(self.difference, after);
            if o != FlipOutcome::Holds {
                return Some((&self.readings[..=k], after, o));
            }
        }
        None
    }
}

fn outcome(before: f64, after: f64) -> FlipOutcome {
    if after.abs() < MATERIAL_SHARE {
        FlipOutcome::Immaterial
    } else if after.signum() != before.signum() {
        FlipOutcome::Flips
    } else {
        FlipOutcome::Holds
    }
}

/// For every design after the first: its lead or lag, and what settling the
/// contested readings would do to it. Designs without a median difference
/// (nothing reached the top in any draw) are left out.
pub fn pair_flips(r: &Robustness) -> Vec<PairFlips> {
    let Some(first) = r.designs.first() else {
        return Vec::new();
    };
    r.designs
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, d)| {
            let s = d.difference.as_ref()?;
            let diff = s.median?;
            let against = if diff >= 0.0 { -1.0 } else { 1.0 };
            let mut readings: Vec<SettledReading> = r
                .readings
                .iter()
                .filter_map(|e| {
                    let effect = e.effect_on_difference.get(i).copied().flatten()?;
                    if effect == 0.0 || !effect.is_finite() {
                        return None;
                    }
                    let on = effect * against > 0.0;
                    let shift = if on {
                        (1.0 - e.probability) * effect
                    } else {
                        -e.probability * effect
                    };
                    Some(SettledReading {
                        id: e.id.clone(),
                        on,
                        effect,
                        shift,
                        difference_after: diff + shift,
                        outcome: outcome(diff, diff + shift),
                    })
                })
                .collect();
            readings.sort_by(|a, b| {
                b.shift
                    .abs()
                    .total_cmp(&a.shift.abs())
                    .then_with(|| a.id.cmp(&b.id))
            });
            let together = (!readings.is_empty()).then(|| {
                let after = diff + readings.iter().map(|x| x.shift).sum::<f64>();
                (after, outcome(diff, after))
            });
            Some(PairFlips {
                design: d.label.clone(),
                first: first.label.clone(),
                difference: diff,
                band: (s.p5.unwrap_or(diff), s.p95.unwrap_or(diff)),
                leader: if diff >= 0.0 { &d.label } else { &first.label }.clone(),
                material: diff.abs() >= MATERIAL_SHARE,
                readings,
                together,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{DesignOdds, ReadingEffect, Spread, VerdictFlip};
    use crate::sim::Estimate;

    fn odds(label: &str, diff: Option<f64>) -> DesignOdds {
        let spread = |x: f64| Spread {
            p5: Some(x - 0.05),
            median: Some(x),
            p95: Some(x + 0.05),
        };
        DesignOdds {
            label: label.into(),
            wins_intact: Estimate::wilson(0.5, 2),
            wins_days: Estimate::wilson(0.5, 2),
            ahead_of_first: diff.map(|_| Estimate::wilson(0.5, 2)),
            intact: spread(0.3),
            intact_ranges_only: spread(0.3),
            difference: diff.map(spread),
            days_median: spread(100.0),
            difference_days: diff.map(|_| spread(0.0)),
            base_intact: 0.3,
            base_percentile: 0.5,
            base_percentile_ranges_only: 0.5,
            pulls: Vec::new(),
            noise_share: diff.map(|_| 0.0),
            readings: Vec::new(),
        }
    }

    fn reading(id: &str, p: f64, effect: f64) -> ReadingEffect {
        ReadingEffect {
            id: id.into(),
            name: id.into(),
            probability: p,
            on_share: p,
            designs: vec!["b".into()],
            effect_on_intact: vec![None, Some(effect)],
            effect_on_intact_interval: vec![None, None],
            effect_on_difference: vec![None, Some(effect)],
            effect_on_difference_interval: vec![None, None],
        }
    }

    fn robustness(diff: f64, readings: Vec<ReadingEffect>) -> Robustness {
        Robustness {
            draws: 10,
            seed: 1,
            trials: 8,
            base_trials: 64,
            designs: vec![odds("a", None), odds("b", Some(diff))],
            reading_method: crate::compare::ReadingMethod::Fitted,
            readings,
            decomposition: Vec::new(),
            flip: VerdictFlip {
                winner: "b".into(),
                flipped: 0,
                draws: 10,
                flipped_to: Vec::new(),
                readings: Vec::new(),
                parameters: Vec::new(),
            },
            assumptions: Vec::new(),
        }
    }

    #[test]
    fn a_reading_is_settled_the_way_that_works_against_the_leader() {
        // b leads by 5 points. x lowers b's lead by 10 points when on and is
        // on in 30 % of the draws: settled on, the lead moves by −7 points.
        // y raises it: settled off (it is on in 50 %), it moves by −1 point.
        let r = robustness(
            0.05,
            vec![reading("x", 0.3, -0.10), reading("y", 0.5, 0.02)],
        );
        let f = &pair_flips(&r)[0];
        assert_eq!((f.leader.as_str(), f.material), ("b", true));
        let x = &f.readings[0];
        assert!(x.on && (x.shift + 0.07).abs() < 1e-12);
        assert_eq!(x.outcome, FlipOutcome::Flips, "5 − 7 = −2 points");
        let y = &f.readings[1];
        assert!(!y.on && (y.shift + 0.01).abs() < 1e-12);
        assert_eq!(y.outcome, FlipOutcome::Holds, "5 − 1 = 4 points");
        let (after, o) = f.together.unwrap();
        assert!((after + 0.03).abs() < 1e-12 && o == FlipOutcome::Flips);
        let (fewest, _, o) = f.fewest().unwrap();
        assert_eq!((fewest.len(), o), (1, FlipOutcome::Flips));
        // Two small readings that only flip it together.
        let r = robustness(
            0.05,
            vec![reading("x", 0.5, -0.05), reading("y", 0.5, -0.05)],
        );
        let f = &pair_flips(&r)[0];
        assert!(f.readings.iter().all(|x| x.outcome == FlipOutcome::Holds));
        let (fewest, after, o) = f.fewest().unwrap();
        assert_eq!((fewest.len(), o), (2, FlipOutcome::Immaterial));
        assert!(after.abs() < 1e-12, "5 − 2.5 − 2.5 = 0 points: {after}");
    }

    #[test]
    fn a_difference_left_under_one_point_is_immaterial_and_no_reading_no_combination() {
        let r = robustness(-0.04, vec![reading("x", 0.5, 0.07)]);
        let f = &pair_flips(&r)[0];
        assert_eq!(f.leader, "a");
        assert!((f.readings[0].difference_after + 0.005).abs() < 1e-12);
        assert_eq!(f.readings[0].outcome, FlipOutcome::Immaterial);
        let none = robustness(0.2, Vec::new());
        assert_eq!(pair_flips(&none)[0].together, None);
    }
}
