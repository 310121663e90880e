//! Stage 3b: the hviskeleken engine — Monte-Carlo information loss,
//! distortion and delay.
//!
//! Takes an [`OrgGraph`], a [`Query`] (source and target actors) and a
//! [`SimConfig`]; returns a [`SimResult`] of plain data. Nothing here prints.
//!
//! ```
//! use hviske::sim::{simulate, Query, SimConfig};
//! let model = hviske::model::load("models/industry-council.json")?;
//! let graph = hviske::graph::build(&model);
//! let query = Query::direction(&model, true)?; // deepest level -> level 1
//! let cfg = SimConfig { trials: Some(64), ..SimConfig::default() };
//! let result = simulate(&graph, &query, &cfg, &|_done, _total| {})?;
//! assert_eq!(result.facts, 31 * 64);
//! assert!(result.reach.ci_low <= result.reach.estimate);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The rules (MODEL-FORMAT.md, "Semantics of one simulated fact")
//!
//! A fact starts at a source actor on day 0. A sender passes a fact on each of
//! its outgoing channels once: at that channel's first sitting after the
//! sender got it (sittings every `every_days`, at a random phase per channel
//! and run), arriving `latency_days` later. It is lost when either end is
//! absent from that sitting (each actor attends with probability
//! `attendance`), otherwise with probability `1 − fidelity`; else it arrives,
//! altered with probability `distortion`. An altered fact stays altered
//! downstream. A receiver keeps the first version that reaches it. The rules
//! are implemented in [`fact`] (general, timed path) and, for reach only, in
//! [`bits`] (64 runs per machine word) and [`exact`] (exact reliability).
//!
//! # What is measured
//!
//! Each source actor originates `facts_per_source` facts, each simulated in
//! `trials` independent runs. The unit of every share is a **(fact run,
//! target) pair**: for a run of a fact from source `s`, each target other than
//! `s` itself is reached intact, reached altered, or never reached. `reach`,
//! `intact`, `altered` and `lost` are the shares of those pairs, so for a
//! single target they are shares of runs, and for many targets the mean share
//! of targets. [`SimResult::outcomes`] holds one [`FactOutcome`] per pair.
//!
//! # Draw order and keying (common random numbers)
//!
//! No draw comes from a sequential stream. Every draw is a hash
//! (SplitMix64's mixer, `key(k, w) = mix((k + φ) ^ w · c)`, φ the golden
//! ratio increment, c an odd constant) of its own key:
//!
//! ```text
//! actor      = mix(fnv1a(actor id))                 (precomputed)
//! channel    = key(key(key(actor(from), actor(to)), mix(fnv1a(kind))), 0)
//!              — `from`, `to` as the channel declares them (precomputed)
//! arc        = key(channel, 1 forward | 2 reverse)  (precomputed)
//! run        = key(key(key(key(seed, 0x6876), actor(source)), fact), trial)
//! phase      = unit(key(key(run, channel), PHASE))            · every_days
//! attendance = unit(key(key(key(key(run, channel), k), ATTEND), actor)) < attendance
//! fidelity   = unit(key(key(key(run, arc), k), FIDELITY))   < fidelity
//! distortion = unit(key(key(key(run, arc), k), DISTORTION)) < distortion
//! ```
//!
//! where `k` is the sitting number and `unit` takes the top 53 bits as a
//! number in [0, 1). Attendance is keyed by the channel, not the arc, so both
//! directions of a bidirectional channel share their sittings. On the
//! bit-parallel path a word of 64 runs (trials `64w .. 64w + 63`) has the key
//! `word = key(key(key(key(key(seed, 0x6876), actor(source)), fact), WORD), w)`
//! and arc `e` is live in it with the bits of
//! `bernoulli_word(fidelity · attendance(from) · attendance(to), key(word, arc))`.
//!
//! Consequences: a result never depends on the thread count or on the order
//! in which runs are done; and two designs that share a channel (same actor
//! ids, same kind, same direction) see the same coins on it, so their paired
//! differences have low variance. Changing the keying changes every figure:
//! treat it as a value-breaking change.
//!
//! Work is split into units of a fixed number of runs (one source, one fact,
//! 64 trials on the bit-parallel path, 4 on the timed path), spread over
//! rayon threads; tallies are integers (or per-pair
//! records kept in canonical order), so output is byte-identical for any
//! `RAYON_NUM_THREADS`.

pub mod bits;
pub mod csr;
pub mod exact;
pub mod fact;
pub(crate) mod key;
pub mod query;
pub mod sources;
pub mod stats;

pub use csr::Csr;
pub use query::Query;
pub use stats::{Estimate, INTERVAL_METHOD};

use crate::graph::OrgGraph;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

/// The default seed (after the 3-2-1 project), printed with every result.
pub const DEFAULT_SEED: u64 = 321;

/// The default number of runs per source fact: enough for a 95 % interval of
/// ±0.01 on any share (1.96² · 0.25 / 0.01² = 9604), rounded up to whole
/// 64-run words.
pub const DEFAULT_TRIALS: u64 = 10_240;

/// Runs per work unit on the bit-parallel path (one machine word).
const WORD: u64 = 64;

/// Runs per work unit on the timed path (small, so that a few runs on a
/// large graph still spread over threads).
const GENERAL_UNIT: u64 = 4;

/// Salt folded into the seed before anything else.
const SALT: u64 = 0x6876;

/// How a simulation is run.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Runs per source fact (`None` = [`DEFAULT_TRIALS`]).
    pub trials: Option<u64>,
    /// Facts originated by each source actor (≥ 1).
    pub facts_per_source: u32,
    /// The master seed (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Also report the share of pairs reached within this many days. A
    /// horizon needs the timed path.
    pub horizon_days: Option<f64>,
    /// The project day(s) on which facts start (default: day 0).
    pub start: Start,
}

/// The calendar: the project day on which each fact starts. Vacancies
/// (`vacancy:ID:FROM:TO`) and channel sittings are in project days; arrival
/// days are counted from each fact's own start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "start", rename_all = "lowercase")]
pub enum Start {
    /// Every fact starts on this project day.
    Day {
        /// The day (≥ 0).
        day: f64,
    },
    /// Each fact run starts on a day drawn uniformly from `[from, to)`, keyed
    /// by the run: `from + unit(key(run, START)) · (to − from)`.
    Window {
        /// First day (≥ 0).
        from: f64,
        /// End of the window (> `from`).
        to: f64,
    },
}

impl Default for Start {
    fn default() -> Self {
        Start::Day { day: 0.0 }
    }
}

impl Start {
    /// The start day of the run with key `run`.
    #[inline]
    pub(crate) fn day(self, run: u64) -> f64 {
        match self {
            Start::Day { day } => day,
            Start::Window { from, to } => {
                from + key::unit(key::key(run, key::TAG_START)) * (to - from)
            }
        }
    }

    /// `Some` when the days are finite, ≥ 0, and a window is not empty.
    pub fn checked(self) -> Option<Start> {
        let ok = |d: f64| d.is_finite() && d >= 0.0;
        match self {
            Start::Day { day } => ok(day),
            Start::Window { from, to } => ok(from) && ok(to) && from < to,
        }
        .then_some(self)
    }

    /// The calendar in words, for the assumptions.
    pub fn describe(self) -> String {
        match self {
            Start::Day { day } => format!("every fact starts on project day {day}"),
            Start::Window { from, to } => format!(
                "each fact run starts on a project day drawn uniformly from [{from}, {to}) (keyed by the run); arrival days count from that day"
            ),
        }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            trials: None,
            facts_per_source: 1,
            seed: DEFAULT_SEED,
            horizon_days: None,
            start: Start::default(),
        }
    }
}

impl SimConfig {
    /// The runs per source fact in force.
    pub fn trials(&self) -> u64 {
        self.trials.unwrap_or(DEFAULT_TRIALS)
    }
}

/// Why a simulation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// A `--from`/`--to` selector is malformed or names no actor.
    #[error("selector \"{selector}\": {msg}")]
    Selector {
        /// The selector as given.
        selector: String,
        /// What is wrong, with a hint.
        msg: String,
    },
    /// The source or target set is empty.
    #[error("empty {what} set ({selector}): {hint}")]
    Empty {
        /// "source" or "target".
        what: &'static str,
        /// The selector that gave it.
        selector: String,
        /// Why.
        hint: String,
    },
    /// A direction preset (deepest level to top, or back) on a model that
    /// gives no actor a level.
    #[error("no actor has a level, so there is no deepest level or top to simulate between; select sources and targets instead")]
    NoLevels {
        /// True for deepest level to top, false for top to deepest level.
        up: bool,
    },
    /// The graph is too large for exact reliability.
    #[error("the graph has {arcs} arcs after reduction; exact mode handles at most {max}")]
    ExactTooLarge {
        /// Arcs left after pruning and reduction.
        arcs: usize,
        /// The limit, [`exact::MAX_ARCS`].
        max: usize,
    },
    /// Exact reliability has no timing, but the model has vacancies.
    #[error("exact mode ignores timing, but this model has vacancies (a timed effect)")]
    ExactWithVacancies,
    /// No runs to simulate: the runs per source fact or the facts per
    /// source are zero.
    #[error("the trials per source fact and the facts per source must be at least 1")]
    NoRuns,
    /// A configuration value is out of range.
    #[error("{0}")]
    Config(String),
}

impl SimError {
    /// True when the input was rejected: a selector is malformed or selects
    /// no actor (as opposed to a setting the engine cannot run with).
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            SimError::Selector { .. } | SimError::Empty { .. } | SimError::NoLevels { .. }
        )
    }
}

/// What happened to one (fact run, target) pair.
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
    /// Share of fact runs in which at least one actor at this level holds
    /// the fact intact (the retention curve across hops).
    pub intact: f64,
    /// Share of fact runs in which at least one actor at this level got it.
    pub reached: f64,
}

/// How often one actor ends up holding a fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorHold {
    /// Actor id.
    pub id: String,
    /// Share of all fact runs (every source) in which it holds the fact
    /// intact (a source always holds its own).
    pub intact: f64,
    /// Share of all fact runs in which it got the fact.
    pub reached: f64,
}

/// The figures for the facts of one source actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceResult {
    /// Source actor id.
    pub id: String,
    /// Fact runs from this source (facts × trials).
    pub facts: u64,
    /// Targets measured for this source (the source itself excluded).
    pub targets: u64,
    /// Share of pairs reached (intact + altered).
    pub reach: Estimate,
    /// Share of pairs reached intact.
    pub intact: Estimate,
    /// Share of pairs reached altered.
    pub altered: Estimate,
    /// Share of pairs never reached.
    pub lost: Estimate,
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
    /// The general timed path, one run at a time.
    General,
    /// The bit-parallel path, 64 runs per machine word (loss only: no
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
    /// Runs per source fact.
    pub trials: u64,
    /// Facts per source.
    pub facts_per_source: u32,
    /// Fact runs simulated in all (sources × facts × trials).
    pub facts: u64,
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
    /// Share of (fact run, target) pairs reached, intact or altered; with
    /// `exact` in exact mode.
    pub reach: Estimate,
    /// Share of pairs reached intact.
    pub intact: Estimate,
    /// Share of pairs reached altered.
    pub altered: Estimate,
    /// Share of pairs never reached.
    pub lost: Estimate,
    /// First-arrival days.
    pub arrival_days: ArrivalStats,
    /// Retention per level, top level first.
    pub levels: Vec<LevelHold>,
    /// Hold rates per actor, model order.
    pub actors: Vec<ActorHold>,
    /// The figures per source actor, in source order.
    pub per_source: Vec<SourceResult>,
    /// One entry per (fact run, target) pair, in canonical order: source
    /// order, then fact index, then trial index, then target (model order,
    /// the source itself left out; see [`SourceResult::target_ids`]).
    #[serde(skip)]
    pub outcomes: Vec<FactOutcome>,
}

/// Runs the simulation, choosing the path: the bit-parallel loss-only path
/// when no channel distorts and there is no horizon (arrival days are then
/// not simulated), the general timed path otherwise.
///
/// `progress(done, total)` is called from worker threads with counts of runs.
///
/// # Errors
/// [`SimError::Config`] for zero trials or facts or a bad horizon.
pub fn simulate(
    g: &OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, SimError> {
    let csr = Csr::new(g);
    let bits = csr.loss_only() && cfg.horizon_days.is_none();
    run(g, &csr, q, cfg, progress, bits)
}

/// Runs the general timed path (any model, any query).
///
/// # Errors
/// As for [`simulate`].
pub fn simulate_general(
    g: &OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, SimError> {
    run(g, &Csr::new(g), q, cfg, progress, false)
}

/// Runs the bit-parallel path: reach only (distortion and timing are
/// ignored, so `altered` is 0 and there are no arrival days).
///
/// # Errors
/// As for [`simulate`]; also when a horizon is set.
pub fn simulate_bits(
    g: &OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, SimError> {
    let csr = Csr::new(g);
    if cfg.horizon_days.is_some() || csr.has_vacancies() {
        return Err(SimError::Config(
            "the bit-parallel path has no timing: drop the horizon, or use the general path for a model with vacancies".into(),
        ));
    }
    run(g, &csr, q, cfg, progress, true)
}

/// [`simulate_general`] or [`simulate_bits`] on a prebuilt [`Csr`] of `g`
/// (benches and repeated runs build it once).
///
/// # Errors
/// As for [`simulate`].
pub fn simulate_on(
    g: &OrgGraph<'_>,
    csr: &Csr,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
    bits: bool,
) -> Result<SimResult, SimError> {
    if bits && cfg.horizon_days.is_some() {
        return Err(SimError::Config(
            "the bit-parallel path has no timing: drop the horizon".into(),
        ));
    }
    run(g, csr, q, cfg, progress, bits)
}

/// The mean exact reach over the query's (source, target) pairs — the
/// expected value of [`SimResult::reach`] — by [`exact::reliability`].
///
/// # Errors
/// [`SimError::ExactTooLarge`] when a pair's graph is too large.
pub fn exact_reach(g: &OrgGraph<'_>, q: &Query) -> Result<f64, SimError> {
    let csr = Csr::new(g);
    if csr.has_vacancies() {
        return Err(SimError::ExactWithVacancies);
    }
    let mut sum = 0.0;
    let mut pairs = 0u64;
    for &s in &q.sources {
        for t in q.targets_of(s) {
            sum += exact::reliability(&csr, s, t)?;
            pairs += 1;
        }
    }
    Ok(if pairs == 0 { 0.0 } else { sum / pairs as f64 })
}

/// Integer tallies of a range of work units, plus their outcomes in order.
#[derive(Debug, Default)]
struct Tally {
    actor_intact: Vec<u64>,
    actor_reached: Vec<u64>,
    level_intact: Vec<u64>,
    level_reached: Vec<u64>,
    outcomes: Vec<FactOutcome>,
}

impl Tally {
    fn new(n: usize, levels: usize) -> Tally {
        Tally {
            actor_intact: vec![0; n],
            actor_reached: vec![0; n],
            level_intact: vec![0; levels],
            level_reached: vec![0; levels],
            outcomes: Vec::new(),
        }
    }

    /// `self` then `other`: integer sums, outcomes concatenated in order.
    fn merge(mut self, mut other: Tally) -> Tally {
        if self.actor_intact.is_empty() {
            return other;
        }
        if other.actor_intact.is_empty() {
            return self;
        }
        let add = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.actor_intact, &other.actor_intact);
        add(&mut self.actor_reached, &other.actor_reached);
        add(&mut self.level_intact, &other.level_intact);
        add(&mut self.level_reached, &other.level_reached);
        self.outcomes.append(&mut other.outcomes);
        self
    }
}

/// What every work unit shares.
struct Ctx<'a> {
    csr: &'a Csr,
    sources: &'a [usize],
    targets: Vec<Vec<usize>>,
    /// Index into the level list per actor (`usize::MAX` = no level).
    level_of: Vec<usize>,
    levels: usize,
    trials: u64,
    facts: u64,
    /// Runs per work unit.
    per_unit: u64,
    /// Work units per source fact.
    units_per_fact: u64,
    seed: u64,
    start: Start,
}

impl Ctx<'_> {
    /// (source index, fact, word) of unit `u`.
    fn unit(&self, u: u64) -> (usize, u64, u64) {
        let per_source = self.facts * self.units_per_fact;
        (
            (u / per_source) as usize,
            (u / self.units_per_fact) % self.facts,
            u % self.units_per_fact,
        )
    }

    fn fact_key(&self, si: usize, fact: u64) -> u64 {
        let src = self.sources[si];
        key::key(
            key::key(key::key(self.seed, SALT), self.csr.actor_key[src]),
            fact,
        )
    }

    fn general_unit(&self, u: u64, s: &mut fact::Scratch, tally: &mut Tally, flags: &mut [u8]) {
        let (si, f, w) = self.unit(u);
        let src = self.sources[si];
        let base = self.fact_key(si, f);
        let end = ((w + 1) * self.per_unit).min(self.trials);
        for trial in w * self.per_unit..end {
            let run = key::key(base, trial);
            let start = self.start.day(run);
            fact::run(self.csr, src, run, start, s);
            for &t in &self.targets[si] {
                let day = s.time[t];
                let reached = day.is_finite();
                tally.outcomes.push(FactOutcome {
                    intact: reached && !s.altered[t],
                    reached,
                    arrival_day: reached.then_some((day - start) as f32),
                });
            }
            flags.iter_mut().for_each(|f| *f = 0);
            for &v in &s.touched {
                let v = v as usize;
                let intact = !s.altered[v];
                tally.actor_reached[v] += 1;
                tally.actor_intact[v] += u64::from(intact);
                let l = self.level_of[v];
                if l != usize::MAX {
                    flags[l] |= 1 | (u8::from(intact) << 1);
                }
            }
            for (l, &f) in flags.iter().enumerate() {
                tally.level_reached[l] += u64::from(f & 1);
                tally.level_intact[l] += u64::from(f >> 1);
            }
        }
    }

    fn bits_unit(&self, u: u64, s: &mut bits::Scratch, tally: &mut Tally, words: &mut [u64]) {
        let (si, f, w) = self.unit(u);
        let src = self.sources[si];
        let wk = key::key(key::key(self.fact_key(si, f), key::TAG_WORD), w);
        let count = (self.trials - w * WORD).min(WORD);
        let mask = if count == WORD {
            !0
        } else {
            (1u64 << count) - 1
        };
        bits::run(self.csr, src, mask, wk, s);
        for j in 0..count {
            for &t in &self.targets[si] {
                let reached = s.reach[t] >> j & 1 == 1;
                tally.outcomes.push(FactOutcome {
                    intact: reached,
                    reached,
                    arrival_day: None,
                });
            }
        }
        words.iter_mut().for_each(|x| *x = 0);
        for &v in &s.touched {
            let v = v as usize;
            let c = u64::from(s.reach[v].count_ones());
            tally.actor_reached[v] += c;
            tally.actor_intact[v] += c;
            let l = self.level_of[v];
            if l != usize::MAX {
                words[l] |= s.reach[v];
            }
        }
        for (l, &x) in words.iter().enumerate() {
            let c = u64::from(x.count_ones());
            tally.level_reached[l] += c;
            tally.level_intact[l] += c;
        }
    }
}

fn run(
    g: &OrgGraph<'_>,
    csr: &Csr,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
    use_bits: bool,
) -> Result<SimResult, SimError> {
    let trials = cfg.trials();
    if trials == 0 || cfg.facts_per_source == 0 {
        return Err(SimError::NoRuns);
    }
    if let Some(h) = cfg.horizon_days {
        if !(h.is_finite() && h >= 0.0) {
            return Err(SimError::Config(format!(
                "the horizon must be a number of days ≥ 0, got {h}"
            )));
        }
    }
    if cfg.start.checked().is_none() {
        return Err(SimError::Config(
            "the start day must be a number of days ≥ 0, and a window A:B needs A < B".into(),
        ));
    }
    let model = g.model();
    let mut level_list: Vec<u32> = model.actors.iter().filter_map(|a| a.level).collect();
    level_list.sort_unstable();
    level_list.dedup();
    let level_of = model
        .actors
        .iter()
        .map(|a| {
            a.level
                .and_then(|l| level_list.binary_search(&l).ok())
                .unwrap_or(usize::MAX)
        })
        .collect();
    let ctx = Ctx {
        csr,
        sources: &q.sources,
        targets: q.sources.iter().map(|&s| q.targets_of(s)).collect(),
        level_of,
        levels: level_list.len(),
        trials,
        facts: u64::from(cfg.facts_per_source),
        per_unit: if use_bits { WORD } else { GENERAL_UNIT },
        units_per_fact: trials.div_ceil(if use_bits { WORD } else { GENERAL_UNIT }),
        seed: cfg.seed,
        start: cfg.start,
    };
    let units = q.sources.len() as u64 * ctx.facts * ctx.units_per_fact;
    let total_runs = q.sources.len() as u64 * ctx.facts * trials;
    let done = AtomicU64::new(0);
    let n = csr.n;
    let nl = ctx.levels;
    let finished = |u: u64| {
        let (_, _, word) = ctx.unit(u);
        let runs = (trials - word * ctx.per_unit).min(ctx.per_unit);
        progress(done.fetch_add(runs, Ordering::Relaxed) + runs, total_runs);
    };
    let new_tally = || Tally::new(n, nl);
    let tally = if use_bits {
        run_units(
            units,
            || bits::Scratch::new(csr),
            || vec![0u64; nl],
            new_tally,
            |u, s, t, w| {
                ctx.bits_unit(u, s, t, w);
                finished(u);
            },
        )
    } else {
        run_units(
            units,
            || fact::Scratch::new(n),
            || vec![0u8; nl],
            new_tally,
            |u, s, t, f| {
                ctx.general_unit(u, s, t, f);
                finished(u);
            },
        )
    };
    Ok(assemble(g, q, cfg, &ctx, &level_list, tally, use_bits))
}

/// Spare working memory, shared by the workers of one call.
struct Pool<T>(std::sync::Mutex<Vec<T>>);

/// Runs work units `0..units` over rayon's threads, each piece of work with
/// its own scratch `S` (taken from a pool, so it is reused across pieces; it
/// is cleared before every run, so which piece gets which makes no
/// difference), its tally and a per-level buffer `B`. Tallies are merged in
/// unit order, so outcomes stay in canonical order for any thread count.
fn run_units<S: Send, B: Send>(
    units: u64,
    scratch: impl Fn() -> S + Sync + Send,
    buffer: impl Fn() -> B + Sync + Send,
    tally: impl Fn() -> Tally + Sync + Send,
    work: impl Fn(u64, &mut S, &mut Tally, &mut B) + Sync + Send,
) -> Tally {
    let pool = Pool::default();
    (0..units)
        .into_par_iter()
        .fold(
            || (pool.take(&scratch), tally(), buffer()),
            |(mut s, mut t, mut b), u| {
                work(u, &mut s, &mut t, &mut b);
                (s, t, b)
            },
        )
        .map(|(s, t, _)| {
            pool.put(s);
            t
        })
        .reduce(Tally::default, Tally::merge)
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool(std::sync::Mutex::new(Vec::new()))
    }
}

impl<T> Pool<T> {
    fn take(&self, make: impl FnOnce() -> T) -> T {
        let spare = self.0.lock().ok().and_then(|mut v| v.pop());
        spare.unwrap_or_else(make)
    }

    fn put(&self, t: T) {
        if let Ok(mut v) = self.0.lock() {
            v.push(t);
        }
    }
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

fn shares(c: &Counts, runs: u64) -> [Estimate; 4] {
    [
        Estimate::from_counts(c.reached, c.pairs, runs),
        Estimate::from_counts(c.intact, c.pairs, runs),
        Estimate::from_counts(c.reached - c.intact, c.pairs, runs),
        Estimate::from_counts(c.pairs - c.reached, c.pairs, runs),
    ]
}

fn assemble(
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
    let runs_per_source = ctx.facts * ctx.trials;
    let facts = runs_per_source * q.sources.len() as u64;
    let mut per_source = Vec::new();
    let mut start = 0;
    for (si, &s) in q.sources.iter().enumerate() {
        let len = (runs_per_source as usize) * ctx.targets[si].len();
        let c = count(&tally.outcomes[start..start + len], cfg.horizon_days);
        start += len;
        let [reach, intact, altered, lost] = shares(&c, runs_per_source);
        per_source.push(SourceResult {
            id: id(s),
            facts: runs_per_source,
            targets: ctx.targets[si].len() as u64,
            reach,
            intact,
            altered,
            lost,
            arrival_mean_days: mean(&c.days),
            target_ids: ctx.targets[si].iter().map(|&t| id(t)).collect(),
        });
    }
    let mut c = count(&tally.outcomes, cfg.horizon_days);
    let [reach, intact, altered, lost] = shares(&c, facts);
    let arrival_mean = mean(&c.days);
    c.days.sort_unstable_by(f32::total_cmp);
    let arrival_days = ArrivalStats {
        mean: arrival_mean,
        median: stats::quantile(&c.days, 0.5),
        p90: stats::quantile(&c.days, 0.9),
        horizon_days: cfg.horizon_days,
        within_horizon: cfg
            .horizon_days
            .map(|_| Estimate::from_counts(c.within, c.pairs, facts)),
    };
    let share = |x: u64| x as f64 / facts as f64;
    let levels = level_list
        .iter()
        .enumerate()
        .map(|(i, &level)| LevelHold {
            level,
            name: model.level_name(level).map(str::to_string),
            intact: share(tally.level_intact[i]),
            reached: share(tally.level_reached[i]),
        })
        .collect();
    let actors = (0..model.actors.len())
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
    SimResult {
        model: model.name.clone(),
        seed: cfg.seed,
        trials: ctx.trials,
        facts_per_source: cfg.facts_per_source,
        facts,
        method: if bits { Method::Bits } else { Method::General },
        interval: INTERVAL_METHOD.to_string(),
        assumptions,
        sources: q.sources.iter().map(|&s| id(s)).collect(),
        targets: q.targets.iter().map(|&t| id(t)).collect(),
        reach,
        intact,
        altered,
        lost,
        arrival_days,
        levels,
        actors,
        per_source,
        outcomes: tally.outcomes,
    }
}

/// The engine's own assumptions, in words.
fn engine_assumptions(g: &OrgGraph<'_>, bits: bool) -> Vec<String> {
    let model = g.model();
    let mut out = vec![
        "Simulation (hviskeleken): a fact starts at its source on its start day (project day 0 unless a calendar is given); each holder passes it once on every outgoing channel at that channel's first sitting after it got the fact (random phase per channel and run) plus the latency; it is lost if either end is absent or with probability 1 - fidelity, else arrives altered with probability distortion; altered stays altered; a receiver keeps the first version that reaches it.".to_string(),
        if bits {
            "Method: bit-parallel loss-only path (no channel distorts and no horizon was asked): 64 runs per machine word; timing is not simulated, so there are no arrival days.".to_string()
        } else {
            "Method: general timed path, one run at a time.".to_string()
        },
        "Shares are over (fact run, target) pairs; a source is not its own target. Intervals: 95% Wilson score intervals with n = fact runs (conservative when a fact has several targets).".to_string(),
        "Random draws are keyed by (seed, source id, fact, trial, channel, direction, sitting, purpose), so designs that share channels share their draws (common random numbers) and results do not depend on the thread count.".to_string(),
    ];
    // Parameters in force, per kind and distinct parameter set, in order of
    // first appearance.
    let mut groups: Vec<(Option<&str>, crate::model::ChannelParams, usize)> = Vec::new();
    for c in &model.channels {
        let k = c.kind.as_deref();
        let arcs = 1 + usize::from(c.bidirectional);
        match groups
            .iter_mut()
            .find(|(gk, gp, _)| *gk == k && *gp == c.params)
        {
            Some(gr) => gr.2 += arcs,
            None => groups.push((k, c.params, arcs)),
        }
    }
    groups.sort_by_key(|g| g.0);
    for (k, p, arcs) in groups {
        out.push(format!(
            "Channels of kind '{}' ({} arc{}): fidelity {}, distortion {}, latency {} days, a sitting every {} days.",
            k.unwrap_or("(none)"),
            arcs,
            if arcs == 1 { "" } else { "s" },
            p.fidelity.get(),
            p.distortion.get(),
            p.latency_days.get(),
            p.every_days.get()
        ));
    }
    // Attendance below 1, grouped by value in order of first appearance.
    let mut absent: Vec<(f64, Vec<&str>)> = Vec::new();
    for a in model.actors.iter().filter(|a| a.attendance.get() < 1.0) {
        let p = a.attendance.get();
        match absent.iter_mut().find(|(q, _)| *q == p) {
            Some(gr) => gr.1.push(a.id.as_str()),
            None => absent.push((p, vec![a.id.as_str()])),
        }
    }
    out.push(if absent.is_empty() {
        "Attendance: every actor attends every sitting.".to_string()
    } else {
        let parts: Vec<String> = absent
            .iter()
            .map(|(p, ids)| format!("{p} for {}", ids.join(", ")))
            .collect();
        format!(
            "Attendance below 1 (drawn per actor and sitting): {}; everyone else attends every sitting.",
            parts.join("; ")
        )
    });
    out
}

#[cfg(test)]
mod tests;
