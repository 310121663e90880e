//! Stage 4b: the design advisor (`hviske advise`): from a start design,
//! search structural changes for simpler designs and show the trade-offs.
//!
//! Takes a validated start [`Model`] and [`AdviseOptions`]; returns an
//! [`Advice`] of plain data: the Pareto front of the designs found, each
//! with its changes (in the scenario vocabulary, ready for a scenario
//! file), its figures re-evaluated by [`crate::compare::compare`] with a
//! fresh seed, how much that re-evaluation moved it, and (with
//! [`AdviseOptions::uncertain`]) how often it beats the start over the
//! model's readings and ranges.
//!
//! * The **space** ([`space`]): peel off a level, merge two bodies of a
//!   level, a bypass channel from a level to a hub higher up, remove a
//!   channel above the two deepest levels, halve or double a kind's
//!   cadence, fixed deputies for an actor who attends less than 0.95.
//! * The **constraints** ([`evaluate::Constraints`]): no body without all
//!   three parties that the start did not already lack (the representation
//!   rule of `analyze`); meeting load within the budget (default: the
//!   start's); at most the given levels; no other single removal cutting off
//!   more than the given share of the deepest level, and no more gateways
//!   than the start has.
//! * The **objectives**: facts intact up and down, median days up, meeting
//!   load; a difference under compare's materiality thresholds is none
//!   ([`front`]).
//! * The **search** ([`search`]): seeded, beam-limited Pareto local search
//!   under common random numbers; deterministic for any thread count.
//! * **Honesty**: the search's figures are selected, so the winners may be
//!   lucky draws; the front is simulated again with seed + 1 and the
//!   default trials of `compare`, and those figures are the ones
//!   reported, with how far each moved. With
//!   [`AdviseOptions::uncertain`], every candidate's objectives in the search
//!   are the mean over [`SEARCH_DRAWS`] draws of the readings and ranges
//!   (the same draws for every candidate), so the search favours designs
//!   that do well whichever reading holds, not only under the stated values.

pub mod evaluate;
pub mod front;
pub mod search;
pub mod space;

pub use evaluate::{Constraints, Objectives, Standing};
pub use space::{Move, MoveKind, Space};

use crate::compare::{self, Cell, CompareError, Difference};
use crate::model::Model;
use crate::scenario::{self, Change};
use crate::sim::{self, Estimate, Start};
use serde::Serialize;

/// Trials per direction for each candidate in the search (a 95 %
/// interval of about ±0.03 on a share; differences between candidates are
/// much tighter, as they share their draws).
pub const SEARCH_TRIALS: u64 = 1024;

/// With `uncertain`, the draws of the readings and ranges each candidate
/// is evaluated over in the search (fewer if fewer are asked for); the
/// front is then drawn with all the draws asked for.
pub const SEARCH_DRAWS: u32 = 8;

/// The most steps (changes after changes) a search may take.
pub const MAX_STEPS: u32 = 50;

/// The most designs expanded per step.
pub const MAX_BEAM: usize = 32;

/// The most moves tried from one design.
pub const MAX_MOVES: usize = 2000;

/// The most designs the front shows (the simplest kept).
pub const MAX_FRONT: usize = 12;

/// How the advisor searches.
#[derive(Debug, Clone, PartialEq)]
pub struct AdviseOptions {
    /// Seed of the search (every candidate); the re-evaluation uses seed + 1.
    pub seed: u64,
    /// Trials per source in the re-evaluation (`None`: compare's default).
    pub trials: Option<u64>,
    /// Trials per direction per candidate in the search.
    pub search_trials: u64,
    /// At most this many steps (at most [`MAX_STEPS`]).
    pub steps: u32,
    /// Designs expanded per step (at most [`MAX_BEAM`]).
    pub beam: usize,
    /// What may change.
    pub space: Space,
    /// Meeting-load budget in person-days per year (`None`: the start's).
    pub budget: Option<f64>,
    /// Most levels (`None`: the start's).
    pub max_levels: Option<usize>,
    /// Most share of the deepest level one other removal may cut off.
    pub max_cutoff: f64,
    /// The calendar.
    pub start: Start,
    /// Evaluate every candidate over draws of the readings and ranges
    /// (at most [`SEARCH_DRAWS`] in the search), and draw each front design
    /// against the start with all of `draws`.
    pub uncertain: Option<compare::UncertainOptions>,
}

impl Default for AdviseOptions {
    fn default() -> Self {
        AdviseOptions {
            seed: sim::DEFAULT_SEED,
            trials: None,
            search_trials: SEARCH_TRIALS,
            steps: 3,
            beam: 4,
            space: Space {
                allow: MoveKind::ALL.to_vec(),
                max_moves: 400,
                ..Space::default()
            },
            budget: None,
            max_levels: None,
            max_cutoff: 0.10,
            start: Start::default(),
            uncertain: None,
        }
    }
}

/// How candidates are simulated with seed `seed`: the search's trials,
/// and with `uncertain` the mean over at most [`SEARCH_DRAWS`] draws.
fn search_sim(opts: &AdviseOptions, seed: u64) -> evaluate::SearchSim {
    evaluate::SearchSim {
        seed,
        trials: opts.search_trials,
        start: opts.start,
        draws: opts
            .uncertain
            .as_ref()
            .map(|u| (u.draws.min(SEARCH_DRAWS), u.clone())),
    }
}

/// Why the advisor could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdviseError {
    /// A count is outside its limit.
    #[error("{what} must be from {min} to {max}, not {got}")]
    Limit {
        /// What was counted.
        what: &'static str,
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
        /// What was given.
        got: u64,
    },
    /// A frozen id names no actor or channel of the start.
    #[error("frozen \"{0}\" is no actor or channel of the start design")]
    UnknownFrozen(String),
    /// The start design cannot be simulated (no levels to go between).
    #[error("the start design cannot be simulated between its deepest level and its top")]
    StartNotSimulated,
    /// A design on the front could not be rebuilt from its changes.
    #[error("a proposed design could not be rebuilt from its changes: {0}")]
    Change(#[from] crate::scenario::ChangeError),
    /// A design could not be simulated in the re-evaluation.
    #[error(transparent)]
    Simulate(#[from] sim::SimError),
    /// The re-evaluation failed.
    #[error(transparent)]
    Compare(#[from] CompareError),
}

impl AdviseError {
    /// True when the input was rejected rather than the work failing.
    pub fn is_rejection(&self) -> bool {
        match self {
            AdviseError::Compare(e) => e.is_rejection(),
            AdviseError::Change(_) => false,
            AdviseError::Simulate(e) => e.is_rejection(),
            _ => true,
        }
    }
}

/// A figure as `compare` reports it, with its difference from the start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The value with its 95 % interval.
    pub value: Cell,
    /// Design minus start, with its 95 % interval (paired for shares).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_start: Option<Difference>,
}

/// A design's figures from `compare` with the fresh seed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Facts from the deepest level reaching the top intact.
    pub intact_up: Figure,
    /// Facts from the top reaching the deepest level intact.
    pub intact_down: Figure,
    /// Median days to arrive, up.
    pub days_up: Figure,
    /// Meeting load, person-days per year.
    pub meeting_load: Figure,
}

/// How far the re-evaluation moved a design from its search figures
/// (re-evaluated minus search).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Moved {
    /// Facts intact up, percentage points.
    pub intact_up_points: f64,
    /// Facts intact down, percentage points.
    pub intact_down_points: f64,
    /// Median days up.
    pub days_up: Option<f64>,
}

/// How a design fares against the start when readings and ranges are drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Odds {
    /// Share of draws in which it has more facts intact at the top than the
    /// start, with a 95 % interval over the draws.
    pub beats_start: Estimate,
    /// Its share intact up minus the start's across the draws.
    pub difference: compare::Spread,
}

/// One design of the front (or the start).
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// `start`, or `design-01`, `design-02`, …: the scenario file's name.
    pub label: String,
    /// The moves from the start, in order.
    pub moves: Vec<Move>,
    /// Its changes, as in a scenario file.
    pub changes: Vec<Change>,
    /// The search's figures (search seed, search trials).
    pub search: Objectives,
    /// `compare`'s figures with the fresh seed.
    pub figures: Figures,
    /// Re-evaluated minus search (with `uncertain`: the drawn mean again
    /// with the fresh seed, and so fresh draws, minus the search's).
    pub moved: Moved,
    /// Still on the front with the re-evaluated figures.
    pub still_on_front: bool,
    /// Its structure against the constraints.
    pub standing: Standing,
    /// With `uncertain`: how it fares against the start over the draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odds: Option<Odds>,
    /// The design's model (for charts and scenario files).
    #[serde(skip)]
    pub model: Model,
}

/// The advisor's report.
#[derive(Debug, Clone, Serialize)]
pub struct Advice {
    /// The start design's name.
    pub start_name: String,
    /// The search seed (every candidate).
    pub seed: u64,
    /// The re-evaluation seed (`compare --seed` reproduces the figures).
    pub fresh_seed: u64,
    /// Trials per source asked for in the re-evaluation (`null`: compare's
    /// default).
    pub trials: Option<u64>,
    /// Trials per source in the re-evaluation, up.
    pub trials_up: u64,
    /// Trials per source down.
    pub trials_down: u64,
    /// Trials per direction per candidate in the search.
    pub search_trials: u64,
    /// Steps asked for and run.
    pub steps: u32,
    /// Steps run.
    pub steps_run: u32,
    /// Candidates evaluated, the start included.
    pub evaluated: u64,
    /// Candidates that broke a constraint.
    pub infeasible: u64,
    /// Candidates whose changes did not apply or could not be simulated.
    pub rejected: u64,
    /// The kinds of change allowed.
    pub allowed: Vec<MoveKind>,
    /// Actors and channels kept as they are.
    pub frozen: Vec<String>,
    /// The constraints.
    pub constraints: Constraints,
    /// The start, re-evaluated like the front.
    pub start: Proposal,
    /// The front, simplest first (the start itself when nothing beats it).
    pub front: Vec<Proposal>,
    /// The method and assumptions, in words.
    pub assumptions: Vec<String>,
}

fn check(what: &'static str, got: u64, min: u64, max: u64) -> Result<(), AdviseError> {
    if got < min || got > max {
        return Err(AdviseError::Limit {
            what,
            min,
            max,
            got,
        });
    }
    Ok(())
}

/// Checks the counts and the frozen ids against the start.
fn check_options(start: &Model, opts: &AdviseOptions) -> Result<(), AdviseError> {
    check("steps", u64::from(opts.steps), 1, u64::from(MAX_STEPS))?;
    check("beam", opts.beam as u64, 1, MAX_BEAM as u64)?;
    check(
        "moves per design",
        opts.space.max_moves as u64,
        1,
        MAX_MOVES as u64,
    )?;
    check("search trials", opts.search_trials, 64, 10_000_000)?;
    for a in &opts.space.frozen_actors {
        if start.actor_index(a).is_none() {
            return Err(AdviseError::UnknownFrozen(a.clone()));
        }
    }
    for (a, b) in &opts.space.frozen_channels {
        let (Some(x), Some(y)) = (start.actor_index(a), start.actor_index(b)) else {
            return Err(AdviseError::UnknownFrozen(format!("{a}->{b}")));
        };
        if !start
            .channels
            .iter()
            .any(|c| (c.from, c.to) == (x, y) || (c.bidirectional && (c.from, c.to) == (y, x)))
        {
            return Err(AdviseError::UnknownFrozen(format!("{a}->{b}")));
        }
    }
    Ok(())
}

/// The constraints for `start` under `opts`.
pub fn constraints(start: &Model, opts: &AdviseOptions) -> Constraints {
    let s = evaluate::standing(start);
    Constraints {
        budget_person_days: opts.budget.unwrap_or(s.meeting_load),
        max_levels: opts.max_levels.unwrap_or(s.levels),
        max_cutoff: opts.max_cutoff,
        max_gateways: s.gateways,
        gaps_allowed: s.gaps.into_iter().collect(),
    }
}

/// Searches for simpler designs from `start`.
///
/// `progress(done, total)` reports the search (candidates), then the
/// re-evaluation (designs), then with `uncertain` the draws of each design.
///
/// # Errors
/// [`AdviseError::Limit`] for a count outside its limit,
/// [`AdviseError::UnknownFrozen`] for a frozen id the start does not have,
/// [`AdviseError::StartNotSimulated`] when the start has no levels to
/// simulate between, [`AdviseError::Compare`] when the re-evaluation fails.
pub fn advise(
    start: &Model,
    opts: &AdviseOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Advice, AdviseError> {
    check_options(start, opts)?;
    let constraints = constraints(start, opts);
    let sim = search_sim(opts, opts.seed);
    let searcher = search::Search {
        opts,
        constraints: &constraints,
        sim: &sim,
    };
    let found = searcher.run(start, progress)?;
    let fresh = opts.seed.wrapping_add(1);
    let picked = pick(&found);
    let reeval = report::reevaluate(start, &found, &picked, opts, fresh, progress)?;
    Ok(report::assemble(
        start,
        opts,
        constraints,
        &found,
        reeval,
        fresh,
    ))
}

/// The front to report: at most [`MAX_FRONT`] designs, simplest first; the
/// start's index is left out (it is reported on its own).
fn pick(found: &search::Found) -> Vec<usize> {
    found
        .front
        .iter()
        .copied()
        .filter(|&i| i != 0)
        .take(MAX_FRONT)
        .collect()
}

mod report;

/// The scenario file of a proposed design: `base` (the start model's path
/// relative to the scenario file) plus the design's changes, with a
/// rationale that names each change and the constraint it bears on, the
/// constraints the design keeps, and how to reproduce its figures
/// (`reproduce`: in the caller's words, e.g. the command line that compares
/// the start with this file at [`Advice::fresh_seed`] and [`Advice::trials`]).
pub fn scenario_file(
    a: &Advice,
    p: &Proposal,
    base: &str,
    reproduce: &str,
) -> scenario::ScenarioFile {
    let c = &a.constraints;
    let s = &p.standing;
    let mut why: Vec<String> = p
        .moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            format!(
                "({}) {} — a {} change, bearing on {}.",
                i + 1,
                m.summary,
                m.kind.as_str(),
                m.kind.constraint()
            )
        })
        .collect();
    why.insert(0, "Changes from the start:".to_string());
    why.push(format!(
        "The design keeps every constraint: meeting load {:.0} <= {:.0} person-days/year; {} <= {} levels; \
         worst other single removal cuts off {:.1}% <= {:.1}% of the deepest level, {} <= {} gateway(s); \
         representation gaps only where the start has them ({}).",
        s.meeting_load,
        c.budget_person_days,
        s.levels,
        c.max_levels,
        100.0 * s.worst_removal,
        100.0 * c.max_cutoff,
        s.gateways,
        c.max_gateways,
        if s.gaps.is_empty() {
            "none".to_string()
        } else {
            s.gaps.join(", ")
        }
    ));
    let up = &p.figures.intact_up.value;
    why.push(format!(
        "Proposed by hviske advise (search seed {}); its figures (facts intact up {:.1}%, meeting load {:.0}) come from \
         {reproduce}.",
        a.seed,
        100.0 * up.figure().unwrap_or(0.0),
        p.figures.meeting_load.value.figure().unwrap_or(0.0),
    ));
    scenario::ScenarioFile {
        scenario: 1,
        name: format!(
            "{}: {} from \"{}\"",
            p.label,
            plural(p.moves.len()),
            a.start_name
        ),
        rationale: Some(why.join(" ")),
        source: Some("hviske advise".into()),
        base: base.to_string(),
        changes: p.changes.clone(),
        meta: None,
    }
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 change".into()
    } else {
        format!("{n} changes")
    }
}
