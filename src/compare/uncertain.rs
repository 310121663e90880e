//! The comparison across the evidence (`hviske compare`, by default): how
//! often each design wins, and by how much, when every contested reading of
//! the evidence and every per-hop assumption is drawn from what the models
//! state.
//!
//! In each draw:
//! 1. every reading of every design is on with its probability: reading
//!    `r` is on in draw `d` when `unit(key(key(key(seed', READING), id(r)), d))`
//!    is below its probability, so a reading with the same id in two designs
//!    is on in the same draws (common random numbers), and probability 0 or 1
//!    means never or always;
//! 2. every stated assumption is drawn from its range, read as low / most
//!    likely / high: per channel kind and parameter, a **triangular**
//!    distribution on the model's `ranges` with its mode at the kind's value
//!    (the point value, clamped into the range), by the inverse of its
//!    distribution function at one keyed uniform number `u`:
//!    `lo + √(u (hi − lo)(mode − lo))` below `F(mode) = (mode − lo)/(hi − lo)`,
//!    else `hi − √((1 − u)(hi − lo)(hi − mode))`. A kind without a range
//!    gets a symmetric triangle: probabilities within ±
//!    [`UncertainOptions::spread_probability`] of their value (clamped to
//!    [0, 1]), days times a factor within 1 ± [`UncertainOptions::spread_days`];
//!    every attendance below 1 within ± the probability spread. The drawn
//!    kind value replaces the kind's value, and every channel of that kind
//!    that states its own value moves by the same amount (an evidence-based
//!    weak channel stays weaker than its kind). The uniform number of kind
//!    `k`, parameter `j` is `unit(key(key(key(draw, KIND), id(k)), j))` and
//!    that of actor `a` `unit(key(key(draw, ACTOR), id(a)))`, with
//!    `draw = key(key(key(seed', DRAW), 0), d)`: keyed by name, never by
//!    position, so every design (and every reading switched on or off) sees
//!    the same values, and the inverse distribution function is monotone in
//!    `u`, so designs stay paired;
//! 3. each design is simulated from the deepest level to the top twice,
//!    with the comparison seed: as drawn, and with every reading off (the
//!    ranges alone; one run when no reading is on). The trials are the
//!    timed path's own, keeping only the targets' outcomes
//!    ([`crate::sim::simulate_targets`]).
//!
//! A reading's effect comes from the draws themselves: the paired
//! difference between the two runs of a draw (as drawn − readings off) is
//! fitted on the readings that were on, without intercept (least squares,
//! [`super::fit`]), which gives each reading's effect with an interval
//! (exact where one reading is on alone; interactions are left in the
//! residual). [`UncertainOptions::paired_readings`] instead re-runs every
//! draw once per reading switched the other way (the exact paired effect,
//! one more simulation per reading and draw).
//!
//! The base case (the point run: every reading off, every value at its
//! most likely) is simulated with the point run's own trials; the output
//! says where it lies among the ranges-only draws and, when it lies outside
//! their 25th–75th percentiles, which ranges pull it there (a linear fit of
//! the ranges-only outcome on the drawn values, times the distance of each
//! point value from its draws' median). Draws are independent of each
//! other and of the thread count: they run in parallel, each on one
//! thread, and are kept in draw order.

use super::fit::ols;
use super::readings::{effects, flip, ReadingEffect, VerdictFlip};
use super::{auto_trials, CompareError, CompareOptions, Design, TRIALS_PER_DIRECTION};
use crate::graph;
use crate::model::{ChannelParams, Days, Model, PartialParams, Probability};
use crate::scenario::apply_readings;
use crate::sim::key::{key, str_key, unit};
use crate::sim::{self, Csr, Estimate, Query, SimConfig};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

/// Purpose tags of the draws (after the engine's own, see [`crate::sim`]).
const TAG_DRAW: u64 = 0x7501;
const TAG_KIND: u64 = 0x7502;
const TAG_ACTOR: u64 = 0x7503;
const TAG_READING: u64 = 0x7504;

/// The draws of a comparison when none are asked for.
pub const DEFAULT_DRAWS: u32 = 200;

/// Trials per source fact in each draw when none are asked for. Chosen so
/// that the spread between draws dwarfs the noise within one: on the
/// shipped pair (31 sources, 248 trials per design and draw), simulation
/// noise is at most 10% of the variance of the difference over 200 draws,
/// so the 5–95% band is at most 6% wider than the evidence alone makes it
/// (12 trials: 7% and 4%, at 1.5 times the time of the draws). Every output
/// states that share for the run at hand.
pub const DRAW_TRIALS: u64 = 8;

/// How the assumptions are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainOptions {
    /// Number of draws.
    pub draws: u32,
    /// A kind without a range: its probabilities (fidelity, distortion),
    /// and every attendance below 1, are drawn within ± this.
    pub spread_probability: f64,
    /// A kind without a range: its days (latency, cadence) are scaled by a
    /// factor within 1 ± this.
    pub spread_days: f64,
    /// Trials per source fact in each draw.
    pub trials: u64,
    /// Measure each reading's effect by re-running every draw with that
    /// reading switched the other way (exact, paired; one more simulation
    /// per reading and draw) instead of fitting it from the draws.
    pub paired_readings: bool,
}

impl Default for UncertainOptions {
    fn default() -> Self {
        UncertainOptions {
            draws: DEFAULT_DRAWS,
            spread_probability: 0.1,
            spread_days: 0.5,
            trials: DRAW_TRIALS,
            paired_readings: false,
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

/// A parameter that pulls a point run away from the middle of its draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pull {
    /// `kind.parameter`.
    pub parameter: String,
    /// Its point value (the kind's own, the mode of its draws).
    pub point: f64,
    /// Its median over the draws.
    pub median: f64,
    /// How far its point value moves the share intact from the draws'
    /// typical value: the fitted slope times (point − median), as a share.
    pub effect: f64,
}

/// One design's record across the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignOdds {
    /// The design's label.
    pub label: String,
    /// Share of draws in which it had the highest share of facts reaching
    /// the top intact (over structure and parameters together), with a 95 %
    /// Wilson interval over the draws.
    pub wins_intact: Estimate,
    /// Share of draws in which it had the fewest median days to the top.
    pub wins_days: Estimate,
    /// Share of draws in which its share intact was above the first
    /// design's, with a 95 % Wilson interval over the draws (`null` for the
    /// first design).
    pub ahead_of_first: Option<Estimate>,
    /// Its share of facts reaching the top intact across the draws.
    pub intact: Spread,
    /// Its share intact across the draws with every reading off (the
    /// ranges alone).
    pub intact_ranges_only: Spread,
    /// Its share minus the first design's, across the draws (`null` for the
    /// first design).
    pub difference: Option<Spread>,
    /// Its median days to the top across the draws.
    pub days_median: Spread,
    /// Its median days minus the first design's, across the draws in which
    /// both arrive (`null` for the first design).
    pub difference_days: Option<Spread>,
    /// The base case (the point run): its share intact with every reading
    /// off and every value at its most likely, with the point run's trials.
    pub base_intact: f64,
    /// Share of the draws below the base case.
    pub base_percentile: f64,
    /// Share of the ranges-only draws (every reading off) below the base
    /// case.
    pub base_percentile_ranges_only: f64,
    /// When the base case lies outside the 25th–75th percentiles of its
    /// ranges-only draws: the parameters that pull it there, the largest
    /// first (at most three).
    pub pulls: Vec<Pull>,
    /// The share of the variance of its difference from the first design
    /// over the draws that is simulation noise (an upper bound: the noise
    /// of two independent runs, though common random numbers make it
    /// smaller); `null` for the first design.
    pub noise_share: Option<f64>,
    /// The ids of its readings.
    pub readings: Vec<String>,
}

/// How each reading's effect was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadingMethod {
    /// Fitted from the draws (each draw's as-drawn run against its
    /// readings-off run), by least squares on the readings that were on.
    Fitted,
    /// Re-run per reading and draw with the reading switched the other way.
    Paired,
}

/// Where a difference between two designs comes from: the median
/// difference over the draws, taken apart step by step (the parts add up
/// to it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decomposition {
    /// The design.
    pub design: String,
    /// The first design (the difference is `design − first`).
    pub first: String,
    /// The median difference over the draws, as a share.
    pub total: f64,
    /// The point runs' difference with the same per-hop values in both
    /// designs (every channel at its kind's value in the first design's
    /// kinds table, full attendance) and every reading off: the shape.
    pub structure: f64,
    /// The point runs' difference minus `structure`: each design's own
    /// per-hop values (its kinds table, weak channels, attendance).
    pub per_hop_values: f64,
    /// The median difference over the ranges-only draws minus the point
    /// runs' difference: drawing the values from their ranges instead of
    /// fixing them at their most likely.
    pub ranges: f64,
    /// The median difference over the draws minus that over the
    /// ranges-only draws: the contested readings.
    pub readings: f64,
    /// Each reading's part of `readings`: its fitted effect on the
    /// difference times the share of draws it was on (the rest is their
    /// interplay), largest first.
    pub by_reading: Vec<ReadingPart>,
}

/// One reading's part in a [`Decomposition`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingPart {
    /// The reading's id.
    pub id: String,
    /// Its effect on the difference times the share of draws it was on.
    pub part: f64,
}

/// The comparison across the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    /// Number of draws.
    pub draws: u32,
    /// The seed of the draws and of every simulation.
    pub seed: u64,
    /// Trials per source fact in each draw.
    pub trials: u64,
    /// Trials per source fact of the base case (the point run), in the
    /// first design.
    pub base_trials: u64,
    /// One record per design.
    pub designs: Vec<DesignOdds>,
    /// How the readings' effects were measured.
    pub reading_method: ReadingMethod,
    /// Every reading's effect, those that move the verdict most first.
    pub readings: Vec<ReadingEffect>,
    /// Where each design's difference from the first comes from.
    pub decomposition: Vec<Decomposition>,
    /// What would flip the verdict.
    pub flip: VerdictFlip,
    /// How the assumptions were drawn, and where the base case sits.
    pub assumptions: Vec<String>,
}

/// The key of draw `d`.
pub(super) fn draw_key(seed: u64, d: u32) -> u64 {
    key(key(key(seed, TAG_DRAW), 0), u64::from(d))
}

/// Whether reading `id` with probability `p` is on in draw `d`.
pub(super) fn reading_on(seed: u64, id: &str, p: Probability, d: u32) -> bool {
    unit(key(key(key(seed, TAG_READING), str_key(id)), u64::from(d))) < p.get()
}

/// `m` as draw `d` (seed `seed`) of the uncertainty analysis sees it: the
/// readings on in that draw applied (those that still apply to `m`), every
/// stated assumption drawn from its range. Readings are keyed by id and
/// parameters by kind, so two designs that share a reading or a kind share
/// its draw: a search can compare candidates under common draws.
pub fn drawn_model(m: &Model, seed: u64, d: u32, opts: &UncertainOptions) -> Model {
    let on: Vec<usize> = (0..m.readings.len())
        .filter(|&r| reading_on(seed, &m.readings[r].id, m.readings[r].probability, d))
        .filter(|&r| apply_readings(m, &[r]).is_ok())
        .collect();
    let mut drawn = apply_readings(m, &on).unwrap_or_else(|_| m.clone());
    perturb(&mut drawn, draw_key(seed, d), opts);
    drawn
}

/// The value at `u` ∈ [0, 1] of the inverse distribution function of the
/// triangular distribution on `[lo, hi]` with mode `mode` (clamped into the
/// range): monotone in `u`, `lo` at 0, `hi` at 1, `mode` at
/// `(mode − lo)/(hi − lo)`.
pub fn triangular(lo: f64, mode: f64, hi: f64, u: f64) -> f64 {
    let w = hi - lo;
    if w <= 0.0 {
        return lo;
    }
    let m = mode.clamp(lo, hi);
    if u * w < m - lo {
        lo + (u * w * (m - lo)).sqrt()
    } else {
        hi - ((1.0 - u) * w * (hi - m)).sqrt()
    }
}

/// A uniform number in [0, 1) for kind `kind` (`""`: the defaults) and
/// parameter `j` in the draw with key `dk`.
fn kind_u(dk: u64, kind: &str, j: u64) -> f64 {
    unit(key(key(key(dk, TAG_KIND), str_key(kind)), j))
}

/// A drawn parameter: `("kind.param", point value, drawn value)`.
pub(super) type DrawnValue = (String, f64, f64);

const PARAMS: [&str; 4] = ["fidelity", "distortion", "latency_days", "every_days"];

/// One kind's draw: its point values and drawn values (fidelity,
/// distortion, latency, cadence), already made valid.
struct KindDraw {
    point: ChannelParams,
    drawn: ChannelParams,
}

/// Draw `dk` of a model: every kind's values (`None`: the defaults, last)
/// and every actor's attendance, without changing the model.
pub(super) struct ModelDraw {
    kinds: Vec<(Option<String>, KindDraw)>,
    attendance: Vec<Probability>,
}

fn prob(x: f64, old: Probability) -> Probability {
    Probability::new(x.clamp(0.0, 1.0)).unwrap_or(old)
}

fn days(x: f64, old: Days, positive: bool) -> Days {
    Days::new(x)
        .filter(|v| !positive || v.get() > 0.0)
        .unwrap_or(old)
}

impl ModelDraw {
    /// Draws every stated assumption of `m` from its range (draw key `dk`).
    pub(super) fn new(m: &Model, dk: u64, opts: &UncertainOptions) -> ModelDraw {
        let names: BTreeSet<&str> = m
            .kinds
            .keys()
            .map(String::as_str)
            .chain(m.channels.iter().filter_map(|c| c.kind.as_deref()))
            .collect();
        let (sp, sd) = (opts.spread_probability, opts.spread_days);
        let kinds = names
            .into_iter()
            .map(Some)
            .chain([None])
            .map(|kind| {
                let u: [f64; 4] = std::array::from_fn(|j| kind_u(dk, kind.unwrap_or(""), j as u64));
                let point = m.kind_params(kind);
                let range = kind
                    .and_then(|k| m.ranges.get(k))
                    .map(|r| r.as_array())
                    .unwrap_or_default();
                // The kind's drawn value of parameter k (point value `x`).
                let value = |k: usize, x: f64, probability: bool| match range[k] {
                    Some((lo, hi)) => triangular(lo, x, hi, u[k]),
                    None if probability => (x + triangular(-sp, 0.0, sp, u[k])).clamp(0.0, 1.0),
                    None => x * triangular(1.0 - sd, 1.0, 1.0 + sd, u[k]),
                };
                let drawn = ChannelParams {
                    fidelity: prob(value(0, point.fidelity.get(), true), point.fidelity),
                    distortion: prob(value(1, point.distortion.get(), true), point.distortion),
                    latency_days: days(
                        value(2, point.latency_days.get(), false),
                        point.latency_days,
                        false,
                    ),
                    every_days: days(
                        value(3, point.every_days.get(), false),
                        point.every_days,
                        true,
                    ),
                };
                (kind.map(str::to_string), KindDraw { point, drawn })
            })
            .collect();
        let attendance = m
            .actors
            .iter()
            .map(|a| {
                if a.attendance.get() >= 1.0 {
                    return a.attendance;
                }
                let u = unit(key(key(dk, TAG_ACTOR), str_key(a.id.as_str())));
                let x = a.attendance.get() + triangular(-sp, 0.0, sp, u);
                prob(x, a.attendance)
            })
            .collect();
        ModelDraw { kinds, attendance }
    }

    fn kind(&self, kind: Option<&str>) -> Option<&KindDraw> {
        self.kinds
            .iter()
            .find(|(k, _)| k.as_deref() == kind)
            .map(|(_, d)| d)
    }

    /// A channel's own values moved with its kind: probabilities by the
    /// kind's shift, days by the kind's factor.
    fn own(d: &KindDraw, own: &PartialParams) -> PartialParams {
        let scale = |drawn: Days, point: Days| {
            if point.get() > 0.0 {
                drawn.get() / point.get()
            } else {
                1.0
            }
        };
        let shift = |drawn: Probability, point: Probability| drawn.get() - point.get();
        let (f, dist) = (
            shift(d.drawn.fidelity, d.point.fidelity),
            shift(d.drawn.distortion, d.point.distortion),
        );
        let (lat, every) = (
            scale(d.drawn.latency_days, d.point.latency_days),
            scale(d.drawn.every_days, d.point.every_days),
        );
        PartialParams {
            fidelity: own.fidelity.map(|p| prob(p.get() + f, p)),
            distortion: own.distortion.map(|p| prob(p.get() + dist, p)),
            latency_days: own.latency_days.map(|x| days(x.get() * lat, x, false)),
            every_days: own.every_days.map(|x| days(x.get() * every, x, true)),
        }
    }

    /// Every channel's parameters in this draw, in channel order: what
    /// [`perturb`] followed by [`Model::resolve`] gives.
    pub(super) fn channel_params(&self, m: &Model) -> Vec<ChannelParams> {
        m.channels
            .iter()
            .map(|c| match self.kind(c.kind.as_deref()) {
                Some(d) => d.drawn.overlay(&Self::own(d, &c.own)),
                None => c.params,
            })
            .collect()
    }

    /// Every actor's attendance in this draw.
    pub(super) fn attendance(&self) -> Vec<f64> {
        self.attendance.iter().map(|a| a.get()).collect()
    }

    /// Each named kind's parameters with their point and drawn values.
    pub(super) fn values(&self) -> Vec<DrawnValue> {
        let mut out = Vec::new();
        for (kind, d) in &self.kinds {
            let Some(k) = kind else { continue };
            let (p, x) = (d.point, d.drawn);
            let pairs = [
                (p.fidelity.get(), x.fidelity.get()),
                (p.distortion.get(), x.distortion.get()),
                (p.latency_days.get(), x.latency_days.get()),
                (p.every_days.get(), x.every_days.get()),
            ];
            for (j, (point, value)) in pairs.into_iter().enumerate() {
                out.push((format!("{k}.{}", PARAMS[j]), point, value));
            }
        }
        out
    }
}

/// Draws every stated assumption of `m` from its range (draw key `dk`),
/// in place: each kind's values and each actor's attendance; returns each
/// named kind's parameters with their point and drawn values.
pub(super) fn perturb(m: &mut Model, dk: u64, opts: &UncertainOptions) -> Vec<DrawnValue> {
    let draw = ModelDraw::new(m, dk, opts);
    for c in &mut m.channels {
        if let Some(d) = draw.kind(c.kind.as_deref()) {
            c.own = ModelDraw::own(d, &c.own);
        }
    }
    for (kind, d) in &draw.kinds {
        let entry = match kind {
            Some(k) => m.kinds.entry(k.clone()).or_default(),
            None => &mut m.defaults,
        };
        entry.fidelity = Some(d.drawn.fidelity);
        entry.distortion = Some(d.drawn.distortion);
        entry.latency_days = Some(d.drawn.latency_days);
        entry.every_days = Some(d.drawn.every_days);
    }
    for (a, &x) in m.actors.iter_mut().zip(&draw.attendance) {
        a.attendance = x;
    }
    m.resolve();
    draw.values()
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

pub(super) fn spread(mut xs: Vec<f32>) -> Spread {
    xs.sort_by(f32::total_cmp);
    let q = |p| sim::stats::quantile(&xs, p);
    Spread {
        p5: q(0.05),
        median: q(0.5),
        p95: q(0.95),
    }
}

/// The shared state of one robustness run.
pub(super) struct Ctx<'a> {
    pub designs: &'a [Design],
    pub seed: u64,
    pub opts: &'a UncertainOptions,
    pub compare: &'a CompareOptions,
}

/// One simulated design in one draw.
#[derive(Debug, Clone, Copy)]
pub(super) struct Outcome {
    pub intact: f64,
    pub days: Option<f64>,
    /// The (trial, target) pairs behind `intact`.
    pub pairs: u64,
    /// Trials per source fact.
    pub trials: u64,
}

/// A design under one set of readings, prepared once for every draw that
/// has that set: the model with the readings applied, its compact graph and
/// its query up.
pub(super) struct Prepared {
    model: Model,
    csr: Csr,
    query: Query,
}

/// Every prepared (design, readings) pair the draws need, by design and
/// set of readings on (sorted indices).
type Cache = Vec<std::collections::BTreeMap<Vec<usize>, Prepared>>;

impl Ctx<'_> {
    /// Design `i` with the readings `chosen` applied, its graph and its
    /// query up (sources as the options choose).
    fn prepare(&self, i: usize, chosen: &[usize]) -> Result<Prepared, CompareError> {
        let d = &self.designs[i];
        let model = crate::scenario::apply_readings_at_once(&d.model, chosen).map_err(|error| {
            CompareError::Reading {
                design: d.label.clone(),
                error,
            }
        })?;
        let q = Query::direction(&model, true).map_err(|error| CompareError::Sim {
            design: d.label.clone(),
            error,
        })?;
        let (query, _) = sim::sources::choose(&q, self.compare.sources, self.seed);
        let csr = Csr::new(&graph::build(&model));
        Ok(Prepared { model, csr, query })
    }

    /// Prepares every set of readings the draws need, each once.
    fn cache(&self) -> Result<Cache, CompareError> {
        (0..self.designs.len())
            .map(|i| {
                let mut sets: BTreeSet<Vec<usize>> = BTreeSet::new();
                sets.insert(Vec::new());
                for d in 0..self.opts.draws {
                    let chosen = self.chosen(i, d);
                    if self.opts.paired_readings {
                        for r in 0..self.designs[i].model.readings.len() {
                            sets.insert(toggle(&chosen, r));
                        }
                    }
                    sets.insert(chosen);
                }
                let sets: Vec<Vec<usize>> = sets.into_iter().collect();
                let prepared: Vec<Prepared> = sets
                    .par_iter()
                    .map(|set| self.prepare(i, set))
                    .collect::<Result<_, _>>()?;
                Ok(sets.into_iter().zip(prepared).collect())
            })
            .collect()
    }

    /// A prepared design simulated up in the draw with key `dk`, with the
    /// draws' trials; its drawn values.
    fn simulate(
        &self,
        p: &Prepared,
        label: &str,
        dk: u64,
    ) -> Result<(Outcome, Vec<DrawnValue>), CompareError> {
        let draw = ModelDraw::new(&p.model, dk, self.opts);
        let csr = p
            .csr
            .with_params(&draw.channel_params(&p.model), &draw.attendance());
        let cfg = SimConfig {
            trials: Some(self.opts.trials),
            seed: self.seed,
            start: self.compare.start,
            ..SimConfig::default()
        };
        let t = sim::simulate_targets(&csr, &p.query, &cfg).map_err(|error| CompareError::Sim {
            design: label.to_string(),
            error,
        })?;
        let o = Outcome {
            intact: t.intact_share(),
            days: t.days_quantile(0.5),
            pairs: t.pairs,
            trials: self.opts.trials,
        };
        Ok((o, draw.values()))
    }

    /// `m` simulated from the deepest level to the top, targets only, with
    /// `trials` per source (`None`: the point run's, as `compare` chooses).
    pub fn run_up(
        &self,
        label: &str,
        m: &Model,
        trials: Option<u64>,
    ) -> Result<Outcome, CompareError> {
        let err = |error| CompareError::Sim {
            design: label.to_string(),
            error,
        };
        let g = graph::build(m);
        let q = Query::direction(m, true).map_err(err)?;
        let (q, _) = sim::sources::choose(&q, self.compare.sources, self.seed);
        let trials = trials
            .or(self.compare.trials)
            .unwrap_or_else(|| auto_trials(&q, TRIALS_PER_DIRECTION));
        let cfg = SimConfig {
            trials: Some(trials),
            seed: self.seed,
            start: self.compare.start,
            ..SimConfig::default()
        };
        let t = sim::simulate_targets(&Csr::new(&g), &q, &cfg).map_err(err)?;
        Ok(Outcome {
            intact: t.intact_share(),
            days: t.days_quantile(0.5),
            pairs: t.pairs,
            trials,
        })
    }

    /// The readings of design `i` that are on in draw `d`.
    pub fn chosen(&self, i: usize, d: u32) -> Vec<usize> {
        let m = &self.designs[i].model;
        (0..m.readings.len())
            .filter(|&r| reading_on(self.seed, &m.readings[r].id, m.readings[r].probability, d))
            .collect()
    }
}

/// `chosen` with reading `r` switched the other way (sorted).
fn toggle(chosen: &[usize], r: usize) -> Vec<usize> {
    if chosen.contains(&r) {
        chosen.iter().copied().filter(|&x| x != r).collect()
    } else {
        let mut c = chosen.to_vec();
        c.push(r);
        c.sort_unstable();
        c
    }
}

/// Everything one draw gives.
pub(super) struct Draw {
    /// Per design, as drawn.
    pub outcomes: Vec<Outcome>,
    /// Per design, with every reading off (the ranges alone).
    pub ranges_only: Vec<Outcome>,
    /// Per design, the readings that were on.
    pub chosen: Vec<Vec<usize>>,
    /// Per design and reading, the share intact with the reading switched
    /// the other way (only with [`UncertainOptions::paired_readings`]).
    pub toggled: Vec<Vec<f64>>,
    /// Per design, its kinds' point and drawn values.
    pub values: Vec<Vec<DrawnValue>>,
}

impl Draw {
    /// The drawn value of `name` (`kind.param`) in the first design that
    /// has it.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.values
            .iter()
            .flatten()
            .find(|(k, _, _)| k == name)
            .map(|v| v.2)
    }
}

fn one_draw(ctx: &Ctx, cache: &Cache, d: u32) -> Result<Draw, CompareError> {
    let dk = draw_key(ctx.seed, d);
    let n = ctx.designs.len();
    let mut draw = Draw {
        outcomes: Vec::with_capacity(n),
        ranges_only: Vec::with_capacity(n),
        chosen: Vec::with_capacity(n),
        toggled: Vec::with_capacity(n),
        values: Vec::with_capacity(n),
    };
    for (i, sets) in cache.iter().enumerate() {
        let label = &ctx.designs[i].label;
        // Every set is prepared (`Ctx::cache`); one that is not is
        // prepared here.
        let run = |set: &[usize]| match sets.get(set) {
            Some(p) => ctx.simulate(p, label, dk),
            None => ctx.simulate(&ctx.prepare(i, set)?, label, dk),
        };
        let chosen = ctx.chosen(i, d);
        let (ranges_only, values) = run(&[])?;
        let o = if chosen.is_empty() {
            ranges_only
        } else {
            run(&chosen)?.0
        };
        let mut toggled = Vec::new();
        if ctx.opts.paired_readings {
            for r in 0..ctx.designs[i].model.readings.len() {
                toggled.push(run(&toggle(&chosen, r))?.0.intact);
            }
        }
        draw.outcomes.push(o);
        draw.ranges_only.push(ranges_only);
        draw.chosen.push(chosen);
        draw.toggled.push(toggled);
        draw.values.push(values);
    }
    Ok(draw)
}

/// The index of the best design by `score` (highest), `None` if undefined.
/// The design with the highest score; a missing or non-finite score (a NaN
/// median, say) is never ranked.
fn argmax(n: usize, score: impl Fn(usize) -> Option<f64>) -> Option<usize> {
    (0..n)
        .filter(|&i| score(i).is_some_and(f64::is_finite))
        .max_by(|&a, &b| score(a).unwrap_or(0.0).total_cmp(&score(b).unwrap_or(0.0)))
}

/// The point runs: every design with every reading off at its point values,
/// and the same with the first design's per-hop values everywhere
/// ([`super::reset_to_kind_parameters`]), both with the point run's trials.
struct PointRuns {
    intact: Vec<f64>,
    structure: Vec<f64>,
    /// The first design's trials per source.
    trials: u64,
}

fn point_runs(ctx: &Ctx, point: Option<&super::Comparison>) -> Result<PointRuns, CompareError> {
    let plain = |designs: &[Design]| -> Result<Vec<Outcome>, CompareError> {
        designs
            .par_iter()
            .map(|d| {
                let m = apply_readings(&d.model, &[]).map_err(|error| CompareError::Reading {
                    design: d.label.clone(),
                    error,
                })?;
                ctx.run_up(&d.label, &m, None)
            })
            .collect()
    };
    let given = point.and_then(|c| {
        let row = c.rows.iter().find(|r| r.key == "intact_up")?;
        let intact: Option<Vec<f64>> = row.values.iter().map(super::Cell::figure).collect();
        Some((intact?, c.trials_up))
    });
    let mut same = ctx.designs.to_vec();
    super::reset_to_kind_parameters(&mut same);
    let structure = plain(&same)?;
    let (intact, trials) = match given {
        Some(x) => x,
        None => {
            let runs = plain(ctx.designs)?;
            (runs.iter().map(|o| o.intact).collect(), runs[0].trials)
        }
    };
    Ok(PointRuns {
        trials,
        intact,
        structure: structure.iter().map(|o| o.intact).collect(),
    })
}

/// Draws every reading (with its probability) and every assumption (from
/// its range) `opts.draws` times, simulates every design in each draw, and
/// sums up: each design's share intact and median days across the draws
/// (median and 5–95 % band), its difference from the first, how often it
/// wins, where its point run lies among the draws and why, each reading's
/// effect, where each difference comes from, and what would flip the
/// verdict.
///
/// `progress(done, total)`, when given, counts draws (from worker
/// threads). Cost: per draw, every design simulated up once, plus once
/// more when one of its readings is on (plus once per reading with
/// [`UncertainOptions::paired_readings`]), `opts.trials` trials per source
/// each; plus two point runs per design. Draws run in parallel over
/// rayon's threads; the result does not depend on their number.
///
/// # Errors
/// [`CompareError::OneDesign`] for fewer than two designs,
/// [`CompareError::NoDraws`] for no draws;
/// [`CompareError::Sim`] when a design cannot be simulated;
/// [`CompareError::Reading`] when a reading does not apply.
pub fn robustness(
    designs: &[Design],
    compare: &CompareOptions,
    opts: &UncertainOptions,
    progress: sim::Progress,
) -> Result<Robustness, CompareError> {
    robustness_with(designs, compare, opts, Base::Simulate, progress)
}

/// [`robustness`] after the point run `point` ([`super::compare`] of the
/// same designs and options): its shares intact up are the base case, the
/// same figures [`robustness`] would simulate, so they are not simulated
/// again.
///
/// # Errors
/// As [`robustness`].
pub fn robustness_after(
    designs: &[Design],
    compare: &CompareOptions,
    opts: &UncertainOptions,
    point: &super::Comparison,
    progress: sim::Progress,
) -> Result<Robustness, CompareError> {
    robustness_with(designs, compare, opts, Base::Given(point), progress)
}

/// Where the base case comes from: simulated here, or given.
enum Base<'a> {
    Simulate,
    Given(&'a super::Comparison),
}

fn robustness_with(
    designs: &[Design],
    compare: &CompareOptions,
    opts: &UncertainOptions,
    base: Base,
    progress: sim::Progress,
) -> Result<Robustness, CompareError> {
    if designs.len() < 2 {
        return Err(CompareError::OneDesign);
    }
    if opts.draws == 0 {
        return Err(CompareError::NoDraws);
    }
    let mut designs = designs.to_vec();
    if compare.structure_only {
        super::reset_to_kind_parameters(&mut designs);
    }
    let ctx = Ctx {
        designs: &designs,
        seed: compare.seed,
        opts,
        compare,
    };
    let cache = ctx.cache()?;
    let done = AtomicU64::new(0);
    let draws: Vec<Draw> = (0..opts.draws)
        .into_par_iter()
        .map(|d| {
            let draw = one_draw(&ctx, &cache, d);
            let k = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(progress) = progress {
                progress(k, u64::from(opts.draws));
            }
            draw
        })
        .collect::<Result<_, _>>()?;
    let given = match base {
        Base::Given(c) => Some(c),
        Base::Simulate => None,
    };
    let points = point_runs(&ctx, given)?;
    Ok(summarise(&ctx, &draws, &points))
}

fn summarise(ctx: &Ctx, draws: &[Draw], points: &PointRuns) -> Robustness {
    let n = ctx.designs.len();
    let total = draws.len() as u64;
    let mut wins_intact = vec![0u64; n];
    let mut wins_days = vec![0u64; n];
    let mut days_draws = 0u64;
    for dr in draws {
        if let Some(b) = argmax(n, |i| Some(dr.outcomes[i].intact)) {
            wins_intact[b] += 1;
        }
        if dr.outcomes.iter().all(|o| o.days.is_some()) {
            days_draws += 1;
            if let Some(b) = argmax(n, |i| dr.outcomes[i].days.map(|x| -x)) {
                wins_days[b] += 1;
            }
        }
    }
    let col = |f: &dyn Fn(&Draw) -> Option<f64>| -> Vec<f32> {
        draws.iter().filter_map(f).map(|x| x as f32).collect()
    };
    let below = |xs: &[f32], x: f64| {
        xs.iter().filter(|&&v| f64::from(v) < x).count() as f64 / xs.len().max(1) as f64
    };
    let odds = (0..n)
        .map(|i| {
            let base = points.intact[i];
            let intact = col(&|dr| Some(dr.outcomes[i].intact));
            let ranges_only = col(&|dr| Some(dr.ranges_only[i].intact));
            let percentile_ro = below(&ranges_only, base);
            DesignOdds {
                label: ctx.designs[i].label.clone(),
                wins_intact: Estimate::from_counts(wins_intact[i], total, total),
                wins_days: Estimate::from_counts(wins_days[i], days_draws, days_draws),
                ahead_of_first: (i > 0).then(|| {
                    let ahead = draws
                        .iter()
                        .filter(|dr| dr.outcomes[i].intact > dr.outcomes[0].intact)
                        .count() as u64;
                    Estimate::from_counts(ahead, total, total)
                }),
                difference: (i > 0).then(|| {
                    spread(col(&|dr| {
                        Some(dr.outcomes[i].intact - dr.outcomes[0].intact)
                    }))
                }),
                days_median: spread(col(&|dr| dr.outcomes[i].days)),
                difference_days: (i > 0)
                    .then(|| spread(col(&|dr| Some(dr.outcomes[i].days? - dr.outcomes[0].days?)))),
                base_percentile: below(&intact, base),
                intact: spread(intact),
                pulls: if (0.25..=0.75).contains(&percentile_ro) {
                    Vec::new()
                } else {
                    pulls(draws, i, base)
                },
                intact_ranges_only: spread(ranges_only),
                base_intact: base,
                base_percentile_ranges_only: percentile_ro,
                noise_share: (i > 0).then(|| noise_share(draws, i)),
                readings: ctx.designs[i]
                    .model
                    .readings
                    .iter()
                    .map(|r| r.id.clone())
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    let winner = argmax(n, |i| Some(wins_intact[i] as f64)).unwrap_or(0);
    let readings = effects(ctx, draws);
    let decomposition = (1..n)
        .map(|i| decompose(ctx, draws, points, &readings, i))
        .collect();
    let flip = flip(ctx, draws, winner);
    let assumptions = notes(ctx);
    Robustness {
        draws: ctx.opts.draws,
        seed: ctx.seed,
        trials: ctx.opts.trials,
        base_trials: points.trials,
        designs: odds,
        reading_method: if ctx.opts.paired_readings {
            ReadingMethod::Paired
        } else {
            ReadingMethod::Fitted
        },
        readings,
        decomposition,
        flip,
        assumptions,
    }
}

fn median(xs: impl Iterator<Item = f64>) -> f64 {
    spread(xs.map(|x| x as f32).collect()).median.unwrap_or(0.0)
}

/// Design `i`'s difference from the first, taken apart (see
/// [`Decomposition`]).
fn decompose(
    ctx: &Ctx,
    draws: &[Draw],
    points: &PointRuns,
    readings: &[ReadingEffect],
    i: usize,
) -> Decomposition {
    let total = median(
        draws
            .iter()
            .map(|d| d.outcomes[i].intact - d.outcomes[0].intact),
    );
    let ranges_only = median(
        draws
            .iter()
            .map(|d| d.ranges_only[i].intact - d.ranges_only[0].intact),
    );
    let point = points.intact[i] - points.intact[0];
    let structure = points.structure[i] - points.structure[0];
    let mut by_reading: Vec<ReadingPart> = readings
        .iter()
        .filter_map(|e| {
            let effect = e.effect_on_difference.get(i).copied().flatten()?;
            Some(ReadingPart {
                id: e.id.clone(),
                part: effect * e.on_share,
            })
        })
        .filter(|p| p.part != 0.0)
        .collect();
    by_reading.sort_by(|a, b| {
        b.part
            .abs()
            .total_cmp(&a.part.abs())
            .then_with(|| a.id.cmp(&b.id))
    });
    Decomposition {
        design: ctx.designs[i].label.clone(),
        first: ctx.designs[0].label.clone(),
        total,
        structure,
        per_hop_values: point - structure,
        ranges: ranges_only - point,
        readings: total - ranges_only,
        by_reading,
    }
}

/// Design `i`'s ranges-only outcome fitted on its drawn values: the
/// parameters whose point value, away from the median of its draws, moves
/// the outcome the way the base case lies from the draws' median.
fn pulls(draws: &[Draw], i: usize, base: f64) -> Vec<Pull> {
    let Some(first) = draws.first() else {
        return Vec::new();
    };
    let names: Vec<(&str, f64)> = first.values[i]
        .iter()
        .map(|(k, point, _)| (k.as_str(), *point))
        .collect();
    let columns: Vec<Vec<f64>> = (0..names.len())
        .map(|j| draws.iter().map(|d| d.values[i][j].2).collect())
        .collect();
    let y: Vec<f64> = draws.iter().map(|d| d.ranges_only[i].intact).collect();
    let side = base - median(y.iter().copied());
    let fit = ols(&columns, &y, true);
    let mut out: Vec<Pull> = names
        .iter()
        .enumerate()
        .filter_map(|(j, &(name, point))| {
            let b = fit[j + 1]?;
            let med = median(columns[j].iter().copied());
            let effect = b.value * (point - med);
            (effect * side > 0.0 && effect.abs() >= 0.001).then(|| Pull {
                parameter: name.to_string(),
                point,
                median: med,
                effect,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.effect
            .abs()
            .total_cmp(&a.effect.abs())
            .then_with(|| a.parameter.cmp(&b.parameter))
    });
    out.truncate(3);
    out
}

/// The share of the variance over the draws of design `i`'s difference
/// from the first that the binomial noise of two independent runs would
/// give (clamped to [0, 1]).
fn noise_share(draws: &[Draw], i: usize) -> f64 {
    let binomial = |o: &Outcome| o.intact * (1.0 - o.intact) / o.pairs.max(1) as f64;
    let k = draws.len().max(1) as f64;
    let noise = draws
        .iter()
        .map(|d| binomial(&d.outcomes[i]) + binomial(&d.outcomes[0]))
        .sum::<f64>()
        / k;
    let diffs: Vec<f64> = draws
        .iter()
        .map(|d| d.outcomes[i].intact - d.outcomes[0].intact)
        .collect();
    let mean = diffs.iter().sum::<f64>() / k;
    let var = diffs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
    if var > 0.0 {
        (noise / var).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

fn notes(ctx: &Ctx) -> Vec<String> {
    let opts = ctx.opts;
    let mut out = vec![
        format!(
            "Each of {} draws switches every reading on with its probability (the same reading id is on in the same draws in every design), \
             then draws every channel kind's parameters from a triangular distribution on the model's range with its mode at the kind's value where \
             the model gives a range ({}), else within ±{} of a probability and a factor 1 ± {} of a number of days; the attendance of every actor \
             below 1 within ±{}; channels with their own values move with their kind; every design gets the same draws.",
            opts.draws,
            ranged_kinds(ctx.designs),
            opts.spread_probability,
            opts.spread_days,
            opts.spread_probability
        ),
        format!(
            "Per draw, {} trials per source from the deepest level to the top, seed {}, as drawn and with every reading off; a win is the highest share \
             intact (or fewest median days) in that draw, so close draws are partly decided by simulation noise. Win shares carry a {} over the draws \
             (how many draws were run, not how sure the verdict is). {}",
            opts.trials,
            ctx.seed,
            sim::INTERVAL_METHOD,
            if opts.paired_readings {
                "A reading's effect is the mean, over the draws, of the share intact with it minus without it, the rest of the draw unchanged (paired)."
            } else {
                "A reading's effect is fitted from the draws: each draw's as-drawn share minus its readings-off share, by least squares on the readings \
                 that were on (no intercept), with a 95% interval; interactions between readings stay in the residual."
            }
        ),
    ];
    if ctx.compare.start != sim::Start::default() {
        out.push(format!("Calendar: {}.", ctx.compare.start.describe()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_keyed_by_its_id_and_probability_0_or_1_is_never_or_always() {
        let p = |x: f64| Probability::new(x).unwrap();
        let on: Vec<bool> = (0..400)
            .map(|d| reading_on(321, "bypass", p(0.3), d))
            .collect();
        let share = on.iter().filter(|&&x| x).count() as f64 / 400.0;
        assert!((0.2..=0.4).contains(&share), "{share}");
        // The same id, seed and draw: the same coin (in every design).
        assert!((0..400).all(|d| reading_on(321, "bypass", p(0.3), d) == on[d as usize]));
        assert!((0..400).all(|d| !reading_on(321, "bypass", p(0.0), d)));
        assert!((0..400).all(|d| reading_on(321, "bypass", p(1.0), d)));
        // Another id is another coin.
        let other: Vec<bool> = (0..400)
            .map(|d| reading_on(321, "other", p(0.3), d))
            .collect();
        assert_ne!(on, other);
    }

    #[test]
    fn readings_applied_at_once_give_the_readings_applied_one_by_one() {
        for file in ["models/three-two-one.json", "models/industry-council.json"] {
            let m = crate::model::load(file).unwrap();
            let k = m.readings.len();
            for set in [vec![], (0..k).collect::<Vec<_>>(), vec![0, k - 1], vec![1]] {
                let slow = apply_readings(&m, &set).unwrap();
                let fast = crate::scenario::apply_readings_at_once(&m, &set).unwrap();
                let g = |m: &Model| Csr::new(&graph::build(m));
                assert_eq!(g(&fast), g(&slow), "{file} {set:?}");
                assert_eq!(fast.kinds, slow.kinds, "{file} {set:?}");
                assert_eq!(fast.ranges, slow.ranges, "{file} {set:?}");
            }
        }
    }

    #[test]
    fn a_draw_on_the_compact_graph_equals_the_drawn_model_rebuilt() {
        let opts = UncertainOptions::default();
        for file in ["models/three-two-one.json", "models/industry-council.json"] {
            let m = crate::model::load(file).unwrap();
            let base = Csr::new(&graph::build(&m));
            for d in 0..5 {
                let dk = draw_key(321, d);
                let draw = ModelDraw::new(&m, dk, &opts);
                let fast = base.with_params(&draw.channel_params(&m), &draw.attendance());
                let mut drawn = m.clone();
                let values = perturb(&mut drawn, dk, &opts);
                assert_eq!(fast, Csr::new(&graph::build(&drawn)), "{file} draw {d}");
                assert_eq!(values, draw.values());
            }
        }
    }

    #[test]
    fn the_triangular_draw_has_its_mode_at_the_point_value_and_its_textbook_mean() {
        let (lo, mode, hi) = (0.6, 0.85, 0.97);
        assert_eq!(triangular(lo, mode, hi, 0.0), lo);
        assert!((triangular(lo, mode, hi, 1.0) - hi).abs() < 1e-12);
        // F(mode) = (mode − lo) / (hi − lo).
        let f = (mode - lo) / (hi - lo);
        assert!((triangular(lo, mode, hi, f) - mode).abs() < 1e-12);
        // Monotone in u, mean (lo + mode + hi) / 3 (midpoint rule, 100,000 points).
        let k = 100_000;
        let xs: Vec<f64> = (0..k)
            .map(|j| triangular(lo, mode, hi, (j as f64 + 0.5) / k as f64))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
        let mean = xs.iter().sum::<f64>() / k as f64;
        assert!((mean - (lo + mode + hi) / 3.0).abs() < 1e-6, "{mean}");
        // A mode outside the range is clamped into it; an empty range is its end.
        assert!(triangular(0.0, 2.0, 1.0, 0.5) <= 1.0);
        assert_eq!(triangular(0.3, 0.5, 0.3, 0.7), 0.3);
    }

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
        let (mut a, mut b) = (m.clone(), m);
        let opts = UncertainOptions::default();
        perturb(&mut a, draw_key(1, 0), &opts);
        perturb(&mut b, draw_key(1, 0), &opts);
        let c = &a.channels;
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
        assert_eq!(a, b);
        let att = a.actors[2].attendance.get();
        assert!((0.4..=0.6).contains(&att) && att != 0.5, "{att}");
    }
}
