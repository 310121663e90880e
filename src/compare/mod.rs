//! Stage 4: designs side by side (`hviske compare`), under uncertainty
//! (`--uncertain`) and across a parameter range (`hviske sweep`).
//!
//! Every design is analysed ([`crate::analysis`]) and simulated
//! ([`crate::sim`]) with the same seed, the same number of trials and the same
//! query presets: facts from every deepest-level actor to the top level
//! ("up"), and from the top level to every deepest-level actor ("down").
//! Differences from the first design carry their own 95 % intervals
//! ([`paired`]); a row is a tie when that interval spans zero, and "no
//! material difference" when the difference is clear but below the row's
//! [`materiality`] threshold. Every comparison carries a fairness section
//! ([`fairness()`]): the asymmetries between the designs' modelling choices.
//!
//! The result is plain `Serialize` data; [`crate::render`] draws it.

//!
//! Files: `run` measures the designs and builds the rows (orchestration),
//! `table` holds the row types and decides which design is better, `prose`
//! writes the verdict sentence; `paired`, `uncertain`, `readings`, `sweep`
//! and `fairness` are the comparison's other parts; `flips` says what settling
//! the readings would do to a lead.

mod assess;
mod fit;
pub mod paired;
mod prose;
mod readings;
mod run;
mod sweep;
mod table;
mod uncertain;

mod fairness;
mod flips;
pub use crate::analysis::meeting::{
    meeting_load, MeetingLoad, BODY_SITTING_DAYS, CHANNEL_SITTING_DAYS,
};
pub use assess::{assess, Assessment};
pub use fairness::{fairness, Asymmetry, DesignChoices, Fairness, RouteHop};
pub use flips::{pair_flips, FlipOutcome, PairFlips, SettledReading};
pub use paired::{Difference, Indicator};
pub use readings::{FlipParameter, FlipReading, ReadingEffect, VerdictFlip};
pub use sweep::{
    sweep, values as sweep_values, Flip, Leader, Outcome, Point, Series, Sweep, SweepParam,
};
pub use uncertain::{
    drawn_model, robustness, robustness_after, triangular, Decomposition, DesignOdds, Pull,
    ReadingMethod, ReadingPart, Robustness, Spread, UncertainOptions, DEFAULT_DRAWS, DRAW_TRIALS,
};

use crate::model::{Model, PartialParams, Probability};
use crate::sim::{self, Query, Start};
use serde::Serialize;

pub(crate) use prose::parameter_ranges;

pub use run::compare;
pub(crate) use run::{days_value, difference};
pub use table::{
    materiality, Best, Better, Cell, Row, Section, Unit, MATERIAL_DAYS, MATERIAL_SHARE,
};

/// A design to compare: a label for columns and its model.
#[derive(Debug, Clone)]
pub struct Design {
    /// Short label (the file name without `.json`).
    pub label: String,
    /// The validated model.
    pub model: Model,
}

/// How designs are compared.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// Seed for every simulation.
    pub seed: u64,
    /// Trials per source fact; `None` chooses enough for about
    /// [`TRIALS_PER_DIRECTION`] trials per direction.
    pub trials: Option<u64>,
    /// Also report the share of facts arriving within this many days.
    pub horizon_days: Option<f64>,
    /// Reset every channel to its kind's parameters, with the first design's
    /// kinds and defaults in every design, so only structure differs.
    pub structure_only: bool,
    /// The project day(s) on which facts start (the calendar).
    pub start: Start,
    /// Which sources each direction runs (default: all); a drawn sample is
    /// stated in the assumptions and widens the shares' intervals.
    pub sources: sim::sources::SourceChoice,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            seed: sim::DEFAULT_SEED,
            trials: None,
            horizon_days: None,
            structure_only: false,
            start: Start::default(),
            sources: sim::sources::SourceChoice::All,
        }
    }
}

/// The trials simulated per direction when `trials` is not given: enough
/// for a 95 % interval of about ±0.01 on a share (1.96² · 0.25 / 0.01² =
/// 9,604), however many targets each fact has.
pub const TRIALS_PER_DIRECTION: u64 = 10_240;

/// Why designs could not be compared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CompareError {
    /// A simulation could not run.
    #[error("{design}: {error}")]
    Sim {
        /// The design's label.
        design: String,
        /// The engine's error (in the message, so not repeated as a source).
        error: sim::SimError,
    },
    /// A design's reading cannot be applied.
    #[error("{design}: {error}")]
    Reading {
        /// The design's label.
        design: String,
        /// What is wrong with the reading.
        error: crate::scenario::ReadingError,
    },
    /// Fewer than two designs: a comparison needs a second column.
    #[error("a comparison needs two designs or more")]
    OneDesign,
    /// The uncertainty analysis was asked for no draws.
    #[error("the uncertainty analysis needs at least one draw")]
    NoDraws,
    /// A sweep with no design or no value.
    #[error("nothing to sweep")]
    NothingToSweep,
    /// A design cannot take a swept parameter's value (e.g. an unknown
    /// actor, or a value out of range).
    #[error("{design} at {parameter} = {value}: {problem}")]
    Sweep {
        /// The design's label.
        design: String,
        /// The parameter as given.
        parameter: String,
        /// The value.
        value: f64,
        /// Why the change cannot be applied.
        problem: crate::scenario::ChangeProblem,
    },
}

impl CompareError {
    /// True when the input was rejected (too few designs, a bad option, a
    /// reading that does not apply, a selector that selects nothing), as
    /// opposed to a simulation that could not run.
    pub fn is_rejection(&self) -> bool {
        match self {
            CompareError::Sim { error, .. } => error.is_rejection(),
            CompareError::Reading { .. }
            | CompareError::OneDesign
            | CompareError::NoDraws
            | CompareError::NothingToSweep
            | CompareError::Sweep { .. } => true,
        }
    }
}

/// A design's identity in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignInfo {
    /// Column label.
    pub label: String,
    /// The model's name.
    pub name: String,
    /// The model's own assumptions, as in force (after `--structure-only`).
    pub assumptions: Vec<String>,
}

/// The comparison report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The designs, in column order; differences are from the first.
    pub designs: Vec<DesignInfo>,
    /// The seed of every simulation.
    pub seed: u64,
    /// Trials per source fact, bottom → top.
    pub trials_up: u64,
    /// Trials per source fact, top → bottom.
    pub trials_down: u64,
    /// True when channels were reset to their kinds' parameters.
    pub structure_only: bool,
    /// The interval methods and what the figures assume.
    pub assumptions: Vec<String>,
    /// The figures.
    pub rows: Vec<Row>,
    /// Is the comparison fair? The asymmetries between the designs.
    pub fairness: Fairness,
    /// One sentence: who wins on facts reaching the top intact, by how much,
    /// on which assumptions.
    pub verdict: String,
}

/// Resets every channel of every design to its kind's parameters, using the
/// first design's kinds and defaults everywhere.
pub fn reset_to_kind_parameters(designs: &mut [Design]) {
    let Some(first) = designs.first() else { return };
    let (kinds, defaults) = (first.model.kinds.clone(), first.model.defaults);
    for d in designs.iter_mut() {
        d.model.kinds = kinds.clone();
        d.model.defaults = defaults;
        for c in &mut d.model.channels {
            c.own = PartialParams::default();
        }
        for a in &mut d.model.actors {
            a.attendance = Probability::ONE;
        }
        d.model.resolve();
        d.model.assumptions.push(
            "Structure only: every channel takes its kind's parameters (the first design's kinds table) and every actor \
             attends fully, so evidence-based weak channels and stretched representatives are ignored; what is left is \
             the shape (actors, channels, their kinds and directions) and any vacancy a scenario sets."
                .into(),
        );
    }
}

/// Trials per source fact for about `total` trials over all sources, in
/// whole words of 64 trials.
pub fn auto_trials(q: &Query, total: u64) -> u64 {
    let trials = total.div_ceil(q.sources.len().max(1) as u64);
    trials.div_ceil(64).max(1) * 64
}
