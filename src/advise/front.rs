//! The Pareto front over the four objectives, with a difference too small
//! to matter (compare's materiality) counted as none.
//!
//! Design `a` dominates `b` when `a` is no worse than `b` by more than the
//! threshold in every objective and better by at least the threshold in
//! one: 1 percentage point for shares, 7 days, 5 % of the smaller meeting
//! load ([`crate::compare::materiality`]). Two designs within the
//! thresholds of each other everywhere are one design for the front: the
//! one with fewer changes stays (then the lower load, then the one found
//! first), so the front prefers the simpler structure.

use super::evaluate::Objectives;
use crate::compare::{MATERIAL_DAYS, MATERIAL_SHARE};

/// Share of the smaller meeting load below which loads are "the same".
const MATERIAL_LOAD: f64 = 0.05;

/// `a` minus `b` in each objective, signed so that positive is better for
/// `a`, each divided by its threshold.
fn advantages(a: &Objectives, b: &Objectives) -> [f64; 4] {
    let days = match (a.days_up, b.days_up) {
        (Some(x), Some(y)) => (y - x) / MATERIAL_DAYS,
        (Some(_), None) => f64::INFINITY,
        (None, Some(_)) => f64::NEG_INFINITY,
        (None, None) => 0.0,
    };
    let load_unit = (MATERIAL_LOAD * a.meeting_load.min(b.meeting_load)).max(1e-9);
    [
        (a.intact_up - b.intact_up) / MATERIAL_SHARE,
        (a.intact_down - b.intact_down) / MATERIAL_SHARE,
        days,
        (b.meeting_load - a.meeting_load) / load_unit,
    ]
}

/// Whether `a` dominates `b` (materially better somewhere, materially
/// worse nowhere).
pub fn dominates(a: &Objectives, b: &Objectives) -> bool {
    let adv = advantages(a, b);
    adv.iter().all(|&x| x > -1.0) && adv.iter().any(|&x| x >= 1.0)
}

/// Whether `a` and `b` are within the thresholds of each other everywhere.
pub fn equivalent(a: &Objectives, b: &Objectives) -> bool {
    advantages(a, b).iter().all(|&x| x.abs() < 1.0)
}

/// The front of `points`: indices of the designs no other dominates, with
/// equivalent designs reduced to the first by `rank` (lower first); in
/// ascending `rank` order.
pub fn front<R: PartialOrd>(points: &[Objectives], rank: impl Fn(usize) -> R) -> Vec<usize> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        rank(a)
            .partial_cmp(&rank(b))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut kept: Vec<usize> = Vec::new();
    for &i in &order {
        let beaten = (0..points.len()).any(|j| j != i && dominates(&points[j], &points[i]));
        let twin = kept.iter().any(|&k| equivalent(&points[k], &points[i]));
        if !beaten && !twin {
            kept.push(i);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(up: f64, down: f64, days: f64, load: f64) -> Objectives {
        Objectives {
            intact_up: up,
            intact_down: down,
            days_up: Some(days),
            meeting_load: load,
        }
    }

    #[test]
    fn a_material_gain_with_no_material_loss_dominates() {
        assert!(dominates(
            &p(0.30, 0.40, 100.0, 1000.0),
            &p(0.25, 0.40, 100.0, 1000.0)
        ));
        // Half a point better is no difference.
        assert!(!dominates(
            &p(0.255, 0.40, 100.0, 1000.0),
            &p(0.25, 0.40, 100.0, 1000.0)
        ));
        // Better up, materially worse in load: a trade-off.
        assert!(!dominates(
            &p(0.30, 0.40, 100.0, 1200.0),
            &p(0.25, 0.40, 100.0, 1000.0)
        ));
    }

    #[test]
    fn equivalent_designs_keep_the_first_by_rank() {
        let pts = [
            p(0.250, 0.40, 100.0, 1000.0),
            p(0.252, 0.40, 101.0, 1001.0),
            p(0.35, 0.40, 100.0, 1500.0),
            p(0.20, 0.30, 150.0, 1600.0),
        ];
        assert_eq!(front(&pts, |i| i), vec![0, 2]);
        assert_eq!(front(&pts, |i| 10 - i), vec![2, 1]);
    }
}
