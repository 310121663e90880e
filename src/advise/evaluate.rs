//! One candidate's objectives (simulated under common random numbers) and
//! its constraints (exact, from the structure).

use crate::analysis::meeting::meeting_load;
use crate::analysis::{removal_ranking, representation, representation::UNDER_WEIGHT};
use crate::compare::auto_trials;
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchSim {
    /// The seed every candidate shares (common random numbers).
    pub seed: u64,
    /// Fact runs per direction (runs per source are this over the sources,
    /// in whole 64-run words).
    pub facts: u64,
    /// The calendar.
    pub start: Start,
}

/// Simulates `m` both ways as `compare` does, with `facts` fact runs per
/// direction; returns the objectives and the fact runs simulated.
///
/// # Errors
/// [`SimError`] when the design has no level to simulate between.
pub fn objectives(m: &Model, cfg: &SearchSim) -> Result<(Objectives, u64), SimError> {
    let g = graph::build(m);
    let mut runs = 0;
    let mut one = |up: bool| -> Result<sim::SimResult, SimError> {
        let q = Query::direction(m, up)?;
        let sim_cfg = SimConfig {
            trials: Some(auto_trials(&q, cfg.facts)),
            facts_per_source: 1,
            seed: cfg.seed,
            horizon_days: None,
            start: cfg.start,
        };
        let r = sim::simulate_general(&g, &q, &sim_cfg, &|_, _| {})?;
        runs += r.facts;
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
        runs,
    ))
}
