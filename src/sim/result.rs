//! The result of a simulation and its assembly from the scheduler's tallies.

use super::assumptions::engine_assumptions;
use super::schedule::{Ctx, Tally};
use super::{stats, Estimate, Query, SimConfig, Start, INTERVAL_METHOD};
use crate::graph::OrgGraph;
use crate::model::Model;
use serde::Serialize;

/// What happened to one (trial, target) pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactOutcome {
    /// The target holds the fact intact.
    pub intact: bool,
    /// The target got the fact (intact or altered).
    pub reached: bool,
    /// Day of first arrival (`None` when not reached, or on the bit-parallel
    /// path, which has no timing).
    pub arrival_day: Option<f32>,
}

/// First-arrival days over the reached pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrivalStats {
    /// Mean day of first arrival (`null` when nothing arrived or the path had
    /// no timing).
    pub mean: Option<f64>,
    /// Median day.
    pub median: Option<f64>,
    /// 90th percentile day.
    pub p90: Option<f64>,
    /// The horizon asked for, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_days: Option<f64>,
    /// Share of all pairs reached within the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within_horizon: Option<Estimate>,
}

/// The retention at one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelHold {
    /// The level (1 = top).
    pub level: u32,
    /// The level's name, where the model gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Share of trials in which at least one actor at this level holds
    /// the fact intact (the retention curve across hops).
    pub intact: f64,
    /// Share of trials in which at least one actor at this level got it.
    pub reached: f64,
}

/// How often one actor ends up holding a fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorHold {
    /// Actor id.
    pub id: String,
    /// Share of all trials (every source) in which it holds the fact
    /// intact (a source always holds its own).
    pub intact: f64,
    /// Share of all trials in which it got the fact.
    pub reached: f64,
}

/// What became of a set of (trial, target) pairs: four shares, each with
/// its 95 % interval. `intact + altered = reach` and `reach + lost = 1`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shares {
    /// Share of pairs reached, intact or altered.
    pub reach: Estimate,
    /// Share of pairs reached intact.
    pub intact: Estimate,
    /// Share of pairs reached altered.
    pub altered: Estimate,
    /// Share of pairs never reached.
    pub lost: Estimate,
}

/// The figures for the facts of one source actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceResult {
    /// Source actor id.
    pub id: String,
    /// Trials from this source (facts × trials).
    pub total_trials: u64,
    /// Targets measured for this source (the source itself excluded).
    pub targets: u64,
    /// The shares of its (trial, target) pairs reached, intact, altered
    /// and lost (in JSON four keys beside the others).
    #[serde(flatten)]
    pub shares: Shares,
    /// Mean first-arrival day over reached pairs.
    pub arrival_mean_days: Option<f64>,
    /// The targets' ids, in the order of [`SimResult::outcomes`].
    #[serde(skip)]
    pub target_ids: Vec<String>,
}

/// The path a simulation ran; in JSON `general` or `bits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The general timed path, one trial at a time.
    General,
    /// The bit-parallel path, 64 trials per machine word (loss only: no
    /// distortion and no timing).
    Bits,
}

impl std::fmt::Display for Method {
    /// `general` or `bits`, as in JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::General => "general",
            Method::Bits => "bits",
        })
    }
}

/// The result of a simulation: plain data for renderers and comparisons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// The model's name.
    pub model: String,
    /// The master seed.
    pub seed: u64,
    /// Trials per source fact.
    pub trials: u64,
    /// Facts per source.
    pub facts_per_source: u32,
    /// Trials simulated in all (sources × facts × trials).
    pub total_trials: u64,
    /// The path that ran (in JSON `general` or `bits`).
    pub method: Method,
    /// The interval method.
    pub interval: String,
    /// Every assumption in force: the model's own, then the engine's (the
    /// rules in one line, the parameters per channel kind, attendance, the
    /// interval method, the keying of draws).
    pub assumptions: Vec<String>,
    /// Source actor ids.
    pub sources: Vec<String>,
    /// Target actor ids.
    pub targets: Vec<String>,
    /// The shares of (trial, target) pairs reached, intact, altered and
    /// lost (in JSON four keys beside the others; `reach` carries `exact` in
    /// exact mode).
    #[serde(flatten)]
    pub shares: Shares,
    /// First-arrival days.
    pub arrival_days: ArrivalStats,
    /// Retention per level, top level first.
    pub levels: Vec<LevelHold>,
    /// Hold rates per actor, model order.
    pub actors: Vec<ActorHold>,
    /// The figures per source actor, in source order.
    pub per_source: Vec<SourceResult>,
    /// One entry per (trial, target) pair, in canonical order: source
    /// order, then fact index, then trial index, then target (model order,
    /// the source itself left out; see [`SourceResult::target_ids`]).
    #[serde(skip)]
    pub outcomes: Vec<FactOutcome>,
}

/// Counts over a slice of outcomes.
struct Counts {
    pairs: u64,
    intact: u64,
    reached: u64,
    within: u64,
    days: Vec<f32>,
}

fn count(outcomes: &[FactOutcome], horizon: Option<f64>) -> Counts {
    let mut c = Counts {
        pairs: outcomes.len() as u64,
        intact: 0,
        reached: 0,
        within: 0,
        days: Vec::new(),
    };
    for o in outcomes {
        c.intact += u64::from(o.intact);
        c.reached += u64::from(o.reached);
        if let Some(d) = o.arrival_day {
            c.days.push(d);
            if horizon.is_some_and(|h| f64::from(d) <= h) {
                c.within += 1;
            }
        }
    }
    c
}

/// Mean of the days in canonical order (a serial, fixed-order sum).
fn mean(days: &[f32]) -> Option<f64> {
    (!days.is_empty()).then(|| days.iter().map(|&d| f64::from(d)).sum::<f64>() / days.len() as f64)
}

fn shares(c: &Counts, trials: u64) -> Shares {
    Shares {
        reach: Estimate::from_counts(c.reached, c.pairs, trials),
        intact: Estimate::from_counts(c.intact, c.pairs, trials),
        altered: Estimate::from_counts(c.reached - c.intact, c.pairs, trials),
        lost: Estimate::from_counts(c.pairs - c.reached, c.pairs, trials),
    }
}

/// The figures per source actor, from its slice of the outcomes (each
/// source's trials to each of its targets lie together, in source order).
fn per_source(
    model: &Model,
    q: &Query,
    cfg: &SimConfig,
    ctx: &Ctx<'_>,
    outcomes: &[FactOutcome],
) -> Vec<SourceResult> {
    let id = |i: usize| model.actors[i].id.as_str().to_string();
    let trials_per_source = ctx.facts * ctx.trials;
    let mut per_source = Vec::new();
    let mut start = 0;
    for (si, &s) in q.sources.iter().enumerate() {
        let len = (trials_per_source as usize) * ctx.targets[si].len();
        let c = count(&outcomes[start..start + len], cfg.horizon_days);
        start += len;
        per_source.push(SourceResult {
            id: id(s),
            total_trials: trials_per_source,
            targets: ctx.targets[si].len() as u64,
            shares: shares(&c, trials_per_source),
            arrival_mean_days: mean(&c.days),
            target_ids: ctx.targets[si].iter().map(|&t| id(t)).collect(),
        });
    }
    per_source
}

/// The assumption stated when only the targets' figures were computed.
const TARGETS_ONLY: &str = "Targets only: retention per level and per-actor shares were not computed; on the bit-parallel path a trial stops spreading once every target holds it, so the targets' figures are exact and no other actor's would be.";

pub(super) fn assemble(
    g: &OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    ctx: &Ctx<'_>,
    level_list: &[u32],
    tally: Tally,
    bits: bool,
) -> SimResult {
    let model = g.model();
    let id = |i: usize| model.actors[i].id.as_str().to_string();
    let total = ctx.facts * ctx.trials * q.sources.len() as u64;
    let per_source = per_source(model, q, cfg, ctx, &tally.outcomes);
    let mut c = count(&tally.outcomes, cfg.horizon_days);
    let shares = shares(&c, total);
    let arrival_mean = mean(&c.days);
    c.days.sort_unstable_by(f32::total_cmp);
    let arrival_days = ArrivalStats {
        mean: arrival_mean,
        median: stats::quantile(&c.days, 0.5),
        p90: stats::quantile(&c.days, 0.9),
        horizon_days: cfg.horizon_days,
        within_horizon: cfg
            .horizon_days
            .map(|_| Estimate::from_counts(c.within, c.pairs, total)),
    };
    let share = |x: u64| x as f64 / total as f64;
    let levels = level_list
        .iter()
        .filter(|_| !cfg.targets_only)
        .enumerate()
        .map(|(i, &level)| LevelHold {
            level,
            name: model.level_name(level).map(str::to_string),
            intact: share(tally.level_intact[i]),
            reached: share(tally.level_reached[i]),
        })
        .collect();
    let actors = (0..model.actors.len())
        .filter(|_| !cfg.targets_only)
        .map(|i| ActorHold {
            id: id(i),
            intact: share(tally.actor_intact[i]),
            reached: share(tally.actor_reached[i]),
        })
        .collect();
    let mut assumptions = model.assumptions.clone();
    assumptions.extend(engine_assumptions(g, bits));
    if cfg.start != Start::default() {
        assumptions.push(format!("Calendar: {}.", cfg.start.describe()));
    }
    if cfg.targets_only {
        assumptions.push(TARGETS_ONLY.to_string());
    }
    SimResult {
        model: model.name.clone(),
        seed: cfg.seed,
        trials: ctx.trials,
        facts_per_source: cfg.facts_per_source,
        total_trials: total,
        method: if bits { Method::Bits } else { Method::General },
        interval: INTERVAL_METHOD.to_string(),
        assumptions,
        sources: q.sources.iter().map(|&s| id(s)).collect(),
        targets: q.targets.iter().map(|&t| id(t)).collect(),
        shares,
        arrival_days,
        levels,
        actors,
        per_source,
        outcomes: tally.outcomes,
    }
}
