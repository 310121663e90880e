//! One candidate's objectives (simulated under common random numbers) and
//! its constraints (exact, from the structure).

use crate::analysis::meeting::meeting_load;
use crate::analysis::{removal_ranking, representation, representation::UNDER_WEIGHT};
use crate::compare::{auto_trials, drawn_model, UncertainOptions};
use crate::graph;
use crate::model::Model;
use crate::sim::{self, Query, SimConfig, SimError, Start};
use serde::Serialize;
use std::collections::BTreeSet;

/// A design's objectives in the search: facts intact up and down (shares),
/// median days up, meeting load (person-days per year).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Objectives {
    /// Share of facts from the deepest level reaching the top intact.
    pub intact_up: f64,
    /// Share of facts from the top reaching the deepest level intact.
    pub intact_down: f64,
    /// Median first-arrival day up (`null` when nothing arrives).
    pub days_up: Option<f64>,
    /// Meeting load, person-days per year.
    pub meeting_load: f64,
}

/// How a design stands against the constraints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// Distinct levels the actors occupy.
    pub levels: usize,
    /// Meeting load, person-days per year.
    pub meeting_load: f64,
    /// Bodies with a representation gap (the rule of `analyze`).
    pub gaps: Vec<String>,
    /// Gateways: intermediaries whose removal alone cuts every deepest-level
    /// actor off from the top.
    pub gateways: usize,
    /// The share of deepest-level actors the worst other single removal cuts
    /// off (the `worst other removal` row of `compare`).
    pub worst_removal: f64,
    /// The actor behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_removal_actor: Option<String>,
}

/// The constraints every design on the front keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraints {
    /// Meeting load at most this many person-days per year.
    pub budget_person_days: f64,
    /// At most this many levels.
    pub max_levels: usize,
    /// No other single removal cuts off more than this share of the deepest
    /// level (and no more gateways than the start has).
    pub max_cutoff: f64,
    /// Gateways at most (the start's).
    pub max_gateways: usize,
    /// Bodies whose representation gap the start already has: no other body
    /// may have one.
    pub gaps_allowed: BTreeSet<String>,
}

/// One broken constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Breach {
    /// A body without all three parties (never expanded further).
    Representation,
    /// A removal cuts off too much (never expanded further).
    Cutoff,
    /// Too many levels (may be repaired by later moves).
    Levels,
    /// Over the meeting budget (may be repaired by later moves).
    Budget,
}

impl Breach {
    /// Whether later moves may repair it (the search keeps expanding such
    /// designs a little).
    pub fn repairable(self) -> bool {
        matches!(self, Breach::Levels | Breach::Budget)
    }
}

/// Measures the structure of `m` against the constraints.
///
/// Complexity: O(K·(V + E) log V) for the removal ranking (K intermediaries).
pub fn standing(m: &Model) -> Standing {
    let g = graph::build(m);
    let ranking = removal_ranking(&g);
    let all = |r: &&crate::analysis::RemovalImpact| r.deepest > 0 && r.reached_after == 0;
    let gateways = ranking.iter().filter(all).count();
    let worst = ranking
        .iter()
        .find(|r| !all(r))
        .filter(|r| r.reach_share_loss > 0.0);
    let levels: BTreeSet<u32> = m.actors.iter().filter_map(|a| a.level).collect();
    Standing {
        levels: levels.len(),
        meeting_load: meeting_load(m).total_person_days,
        gaps: representation(m, UNDER_WEIGHT)
            .into_iter()
            .filter(|b| !b.flags.is_empty())
            .map(|b| b.body)
            .collect(),
        gateways,
        worst_removal: worst.map_or(0.0, |r| r.reach_share_loss),
        worst_removal_actor: worst.map(|r| r.id.clone()),
    }
}

impl Constraints {
    /// The constraints `s` breaks, most serious first.
    pub fn breaches(&self, s: &Standing) -> Vec<Breach> {
        let mut out = Vec::new();
        if s.gaps.iter().any(|b| !self.gaps_allowed.contains(b)) {
            out.push(Breach::Representation);
        }
        if s.worst_removal > self.max_cutoff + 1e-12 || s.gateways > self.max_gateways {
            out.push(Breach::Cutoff);
        }
        if s.levels > self.max_levels {
            out.push(Breach::Levels);
        }
        if s.meeting_load > self.budget_person_days + 1e-9 {
            out.push(Breach::Budget);
        }
        out
    }

    /// How far a design is from keeping the repairable constraints (levels
    /// over the limit, then person-days over the budget), for ordering.
    pub fn excess(&self, s: &Standing) -> (usize, f64) {
        (
            s.levels.saturating_sub(self.max_levels),
            (s.meeting_load - self.budget_person_days).max(0.0),
        )
    }
}

/// How candidates are simulated in the search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchSim {
    /// The seed every candidate shares (common random numbers).
    pub seed: u64,
    /// Trials per direction (trials per source are this over the sources,
    /// in whole 64-trial words).
    pub trials: u64,
    /// The calendar.
    pub start: Start,
    /// With `--uncertain`: the objectives are the mean over this many draws
    /// of the readings and ranges ([`crate::compare::drawn_model`]), the
    /// same draws for every candidate; `None`: the stated values.
    pub draws: Option<(u32, UncertainOptions)>,
}

/// Simulates `m` both ways as `compare` does, with `cfg.trials` trials per
/// direction; returns the objectives and the trials simulated. With
/// [`SearchSim::draws`], each objective is the mean over the draws (the
/// meeting load stays at the stated cadences: the budget is stated in them).
///
/// # Errors
/// [`SimError`] when the design has no level to simulate between.
pub fn objectives(m: &Model, cfg: &SearchSim) -> Result<(Objectives, u64), SimError> {
    let Some((draws, u)) = &cfg.draws else {
        return stated_objectives(m, cfg);
    };
    let mut trials = 0;
    let mut sum = (0.0, 0.0, Vec::new());
    for d in 0..*draws {
        let (o, r) = stated_objectives(&drawn_model(m, cfg.seed, d, u), cfg)?;
        trials += r;
        sum.0 += o.intact_up;
        sum.1 += o.intact_down;
        sum.2.push(o.days_up);
    }
    let n = f64::from((*draws).max(1));
    let days: Option<Vec<f64>> = sum.2.into_iter().collect();
    Ok((
        Objectives {
            intact_up: sum.0 / n,
            intact_down: sum.1 / n,
            days_up: days.map(|v| v.iter().sum::<f64>() / n),
            meeting_load: meeting_load(m).total_person_days,
        },
        trials,
    ))
}

fn stated_objectives(m: &Model, cfg: &SearchSim) -> Result<(Objectives, u64), SimError> {
    let g = graph::build(m);
    let mut trials = 0;
    let mut one = |up: bool| -> Result<sim::SimResult, SimError> {
        let q = Query::direction(m, up)?;
        let sim_cfg = SimConfig {
            trials: Some(auto_trials(&q, cfg.trials)),
            facts_per_source: 1,
            seed: cfg.seed,
            horizon_days: None,
            start: cfg.start,
            targets_only: false,
        };
        let r = sim::simulate_with(&g, &q, &sim_cfg, Some(sim::Method::General), None)?;
        trials += r.total_trials;
        Ok(r)
    };
    let (up, down) = (one(true)?, one(false)?);
    Ok((
        Objectives {
            intact_up: up.shares.intact.estimate,
            intact_down: down.shares.intact.estimate,
            days_up: up.arrival_days.median.filter(|d| d.is_finite()),
            meeting_load: meeting_load(m).total_person_days,
        },
        trials,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Model {
        crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/examples/small.json"
        ))
        .unwrap()
    }

    #[test]
    fn drawn_objectives_are_common_draws_and_keep_the_stated_meeting_load() {
        let m = small();
        let stated = SearchSim {
            seed: 5,
            trials: 256,
            start: Start::default(),
            draws: None,
        };
        let drawn = SearchSim {
            draws: Some((4, UncertainOptions::default())),
            ..stated.clone()
        };
        let (point, point_trials) = objectives(&m, &stated).unwrap();
        let (mean, trials) = objectives(&m, &drawn).unwrap();
        // Four draws cost four stated evaluations, and give the same figures
        // every time (the draws are keyed, not sampled afresh).
        assert_eq!(trials, 4 * point_trials);
        assert_eq!(objectives(&m, &drawn).unwrap().0, mean);
        // The draws move the parameters, so the mean is not the point value;
        // the budget is in stated cadences, so the meeting load is.
        assert_ne!(mean.intact_up, point.intact_up);
        assert_eq!(mean.meeting_load, point.meeting_load);
        // The mean is the mean of the draws' own evaluations.
        let by_hand: f64 = (0..4)
            .map(|d| {
                let md = drawn_model(&m, 5, d, &UncertainOptions::default());
                objectives(&md, &stated).unwrap().0.intact_up
            })
            .sum::<f64>()
            / 4.0;
        assert!((mean.intact_up - by_hand).abs() < 1e-12);
    }
}
