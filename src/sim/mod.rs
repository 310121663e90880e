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
//! assert_eq!(result.total_trials, 31 * 64);
//! assert!(result.shares.reach.ci_low <= result.shares.reach.estimate);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The rules (models/README.md, "What a simulated fact does")
//!
//! A fact starts at a source actor on day 0. A sender passes a fact on each of
//! its outgoing channels once: at that channel's first sitting after the
//! sender got it (sittings every `every_days`, at a random phase per channel
//! and trial), arriving `latency_days` later. It is lost when either end is
//! absent from that sitting (each actor attends with probability
//! `attendance`), otherwise with probability `1 − fidelity`; else it arrives,
//! altered with probability `distortion`. An altered fact stays altered
//! downstream. A receiver keeps the first version that reaches it. The rules
//! are implemented in `fact` (general, timed path) and, for reach only, in
//! `bits` (64 trials per machine word) and [`exact`] (exact reliability).
//!
//! # Words
//!
//! A **fact** is one piece of news a source actor originates
//! ([`SimConfig::facts_per_source`], `--facts`). A **trial** is one simulated
//! passage of one fact, with its own keyed draws ([`SimConfig::trials`] per
//! fact, `--trials`); [`SimResult::total_trials`] is sources × facts × trials
//! and the n of every interval. A **draw** (in `compare`) is one sample of
//! the uncertain readings and ranges, each simulated with its own trials. A
//! **run** is one call of the engine or one invocation of a command.
//!
//! # What is measured
//!
//! Each source actor originates `facts_per_source` facts, each simulated in
//! `trials` independent trials. The unit of every share is a **(trial,
//! target) pair**: for a trial of a fact from source `s`, each target other than
//! `s` itself is reached intact, reached altered, or never reached. `reach`,
//! `intact`, `altered` and `lost` are the shares of those pairs, so for a
//! single target they are shares of trials, and for many targets the mean share
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
//! trial_key  = key(key(key(key(seed, 0x6876), actor(source)), fact), trial)
//! phase      = unit(key(key(trial_key, channel), PHASE))            · every_days
//! attendance = unit(key(key(key(key(trial_key, channel), k), ATTEND), actor)) < attendance
//! fidelity   = unit(key(key(key(trial_key, arc), k), FIDELITY))   < fidelity
//! distortion = unit(key(key(key(trial_key, arc), k), DISTORTION)) < distortion
//! ```
//!
//! where `k` is the sitting number and `unit` takes the top 53 bits as a
//! number in [0, 1). Attendance is keyed by the channel, not the arc, so both
//! directions of a bidirectional channel share their sittings. On the
//! bit-parallel path a word of 64 trials (trials `64w .. 64w + 63`) has the key
//! `word = key(key(key(key(key(seed, 0x6876), actor(source)), fact), WORD), w)`
//! and arc `e` is live in it with the bits of
//! `bernoulli_word(fidelity · attendance(from) · attendance(to), key(word, arc))`:
//! the live probability rounded to the nearest multiple of 2⁻²⁴ (an error
//! of at most 2⁻²⁵ per arc), compared with 64 uniforms digit by digit from
//! the most significant, digit `i` of all 64 being output `i` of wyrand
//! seeded with `key(word, arc)` (so one keyed hash per arc and word, and
//! about 9 cheap generator words; see `key::bernoulli_word`).
//!
//! Consequences: a result never depends on the thread count or on the order
//! in which trials are done; and two designs that share a channel (same actor
//! ids, same kind, same direction) see the same coins on it, so their paired
//! differences have low variance. Changing the keying changes every figure:
//! treat it as a value-breaking change.
//!
//! Work is split into units of a fixed number of trials (one source, one fact,
//! 64 trials on the bit-parallel path, 4 on the timed path), spread over
//! rayon threads; tallies are integers (or per-pair
//! records kept in canonical order), so output is byte-identical for any
//! `RAYON_NUM_THREADS`.

mod assumptions;
mod bits;
pub mod csr;
pub mod exact;
mod fact;
pub(crate) mod key;
pub mod query;
mod result;
mod schedule;
pub mod sources;
pub mod stats;
mod targets;

pub use csr::Csr;
pub use query::Query;
pub use result::{
    ActorHold, ArrivalStats, FactOutcome, LevelHold, Method, Shares, SimResult, SourceResult,
};
pub use stats::{Estimate, INTERVAL_METHOD};
pub use targets::{simulate_targets, TargetOutcomes};

use crate::graph::OrgGraph;
use serde::Serialize;

/// An optional progress callback: `progress(done, total)` with counts of
/// trials, called from worker threads; `None` for none.
pub type Progress<'a> = Option<&'a (dyn Fn(u64, u64) + Sync)>;

/// The default seed (after the 3-2-1 project), printed with every result.
pub const DEFAULT_SEED: u64 = 321;

/// The default number of trials per source fact: enough for a 95 % interval of
/// ±0.01 on any share (1.96² · 0.25 / 0.01² = 9604), rounded up to whole
/// 64-trial words.
pub const DEFAULT_TRIALS: u64 = 10_240;

/// How a simulation is run.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Trials per source fact (`None` = [`DEFAULT_TRIALS`]).
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
    /// Only the targets' figures: no retention per level and no per-actor
    /// shares (the result's `levels` and `actors` are empty). On the
    /// bit-parallel path a trial then stops spreading once every target holds
    /// it, which on a large organisation is most of the work saved.
    pub targets_only: bool,
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
    /// Each trial starts on a day drawn uniformly from `[from, to)`, keyed
    /// by the trial: `from + unit(key(trial_key, START)) · (to − from)`.
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
    /// The start day of the trial with key `run` (`trial_key` in the module doc).
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
                "each trial starts on a project day drawn uniformly from [{from}, {to}) (keyed by the trial); arrival days count from that day"
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
            targets_only: false,
        }
    }
}

impl SimConfig {
    /// The trials per source fact in force.
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
    /// No trials to simulate: the trials per source fact or the facts per
    /// source are zero.
    #[error("the trials per source fact and the facts per source must be at least 1")]
    NoTrials,
    /// The horizon is not a number of days ≥ 0.
    #[error("the horizon must be a number of days ≥ 0, got {0}")]
    BadHorizon(f64),
    /// The calendar's start day is not a number of days ≥ 0, or its window
    /// is empty.
    #[error("the start day must be a number of days ≥ 0, and a window A:B needs A < B")]
    BadStart(Start),
    /// The bit-parallel path was asked for, but it has no timing and the
    /// run needs it: a horizon, or a model with vacancies.
    #[error("the bit-parallel path has no timing, but {}", if *.horizon { "a horizon was asked for" } else { "the model has vacancies (a timed effect)" })]
    BitsWithTiming {
        /// True when a horizon was asked for (else the model has vacancies).
        horizon: bool,
    },
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

/// Runs the simulation: the trials `q` and `cfg` ask for, on the path
/// `method`, or, for `None`, on the path the engine chooses: the
/// bit-parallel loss-only path when no channel distorts, no actor has a
/// vacancy and there is no horizon (arrival days are then not simulated),
/// the general timed path otherwise.
///
/// Takes the graph of a model, a [`Query`] (sources and targets) and a
/// [`SimConfig`]; returns a [`SimResult`]: the shares of (trial,
/// target) pairs reached, intact, altered and lost with 95 % intervals,
/// arrival days, retention per level and per actor, and the assumptions in
/// force. The same seed gives the same result for any thread count.
///
/// `progress`, when given, is called as `progress(done, total)` from worker
/// threads with counts of trials.
///
/// ```
/// use hviske::sim::{simulate_with, Method, Query, SimConfig};
/// let model = hviske::model::load("models/examples/small.json")?;
/// let graph = hviske::graph::build(&model);
/// let query = Query::direction(&model, true)?; // deepest level -> level 1
/// let cfg = SimConfig { trials: Some(256), ..SimConfig::default() };
/// let r = simulate_with(&graph, &query, &cfg, None, None)?;
/// assert_eq!(r.method, Method::General); // the model distorts: timed path
/// assert_eq!(r.total_trials, 6 * 256); // six deepest-level sources
/// assert_eq!(r.shares.intact.estimate, 826.0 / 1536.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Cost: about (sources × facts × trials) trials of a breadth-first spread
/// over the arcs a fact reaches (64 trials at a time on the bit-parallel
/// path), spread over rayon's threads.
///
/// # Errors
/// [`SimError::NoTrials`] for zero trials or facts, [`SimError::BadHorizon`],
/// [`SimError::BadStart`], and [`SimError::BitsWithTiming`] when
/// [`Method::Bits`] is asked for a run that needs timing.
pub fn simulate_with(
    g: &OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    method: Option<Method>,
    progress: Progress<'_>,
) -> Result<SimResult, SimError> {
    simulate_on(g, &Csr::new(g), q, cfg, method, progress)
}

/// [`simulate_with`] on a prebuilt [`Csr`] of `g` (benches and repeated
/// simulations build it once). Every check and the choice of path are made here.
///
/// # Errors
/// As [`simulate_with`].
pub fn simulate_on(
    g: &OrgGraph<'_>,
    csr: &Csr,
    q: &Query,
    cfg: &SimConfig,
    method: Option<Method>,
    progress: Progress<'_>,
) -> Result<SimResult, SimError> {
    if cfg.trials() == 0 || cfg.facts_per_source == 0 {
        return Err(SimError::NoTrials);
    }
    if let Some(h) = cfg.horizon_days.filter(|h| !(h.is_finite() && *h >= 0.0)) {
        return Err(SimError::BadHorizon(h));
    }
    if cfg.start.checked().is_none() {
        return Err(SimError::BadStart(cfg.start));
    }
    let timed = cfg.horizon_days.is_some() || csr.has_vacancies();
    let bits = match method {
        Some(Method::Bits) if timed => {
            return Err(SimError::BitsWithTiming {
                horizon: cfg.horizon_days.is_some(),
            })
        }
        Some(m) => m == Method::Bits,
        None => csr.loss_only() && !timed,
    };
    Ok(schedule::run(g, csr, q, cfg, progress, bits))
}

/// [`simulate_with`], the engine choosing the path.
///
/// # Errors
/// As [`simulate_with`].
pub fn simulate(
    g: &OrgGraph<'_>,
    q: &Query,
    cfg: &SimConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, SimError> {
    simulate_with(g, q, cfg, None, Some(progress))
}

/// The bit-parallel path's coin flips alone, for the `bernoulli` bench:
/// the XOR of the live words, in the 64-trial word with key `word`, of arcs
/// with live probabilities `ps` and keys `keys` (zipped). Not a stable API.
#[doc(hidden)]
pub fn live_words_xor(ps: &[u32], keys: &[u64], word: u64) -> u64 {
    ps.iter().zip(keys).fold(0, |acc, (&p, &k)| {
        acc ^ key::bernoulli_word(p, key::key(word, k))
    })
}

/// `p` as the bit-parallel path's fixed-point live probability (for the
/// `bernoulli` bench). Not a stable API.
#[doc(hidden)]
pub fn live_fixed(p: f64) -> u32 {
    key::fixed(p)
}

/// The mean exact reach over the query's (source, target) pairs — the
/// expected value of [`Shares::reach`] in [`SimResult::shares`] — by [`exact::reliability`].
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

#[cfg(test)]
mod tests;
