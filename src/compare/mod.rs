//! Stage 4: designs side by side (`hviske compare`), under uncertainty
//! (`--uncertain`) and across a parameter range (`hviske sweep`).
//!
//! Every design is analysed ([`crate::analysis`]) and simulated
//! ([`crate::sim`]) with the same seed, the same number of runs and the same
//! query presets: facts from every deepest-level actor to the top level
//! ("up"), and from the top level to every deepest-level actor ("down").
//! Differences from the first design carry their own 95 % intervals
//! ([`paired`]); a row is a tie when that interval spans zero, and "no
//! material difference" when the difference is clear but below the row's
//! [`materiality`] threshold. Every comparison carries a fairness section
//! ([`fairness()`]): the asymmetries between the designs' modelling choices.
//!
//! The result is plain `Serialize` data; [`crate::render`] draws it.

mod meeting;
pub mod paired;
mod readings;
mod sweep;
mod uncertain;

mod fairness;
mod flips;
pub use fairness::{fairness, Asymmetry, DesignChoices, Fairness};
pub use flips::{pair_flips, FlipOutcome, PairFlips, SettledReading};
pub use meeting::{meeting_load, MeetingLoad, BODY_SITTING_DAYS, CHANNEL_SITTING_DAYS};
pub use paired::{Difference, Indicator};
pub use readings::{FlipParameter, FlipReading, ReadingEffect, VerdictFlip};
pub use sweep::{
    sweep, values as sweep_values, Flip, Leader, Outcome, Point, Series, Sweep, SweepParam,
};
pub use uncertain::{robustness, DesignOdds, Robustness, Spread, UncertainOptions};

use crate::analysis::{self, AnalysisOptions};
use crate::graph;
use crate::model::{Model, PartialParams, Probability};
use crate::sim::{self, Estimate, Query, SimConfig, SimResult, Start};
use serde::Serialize;

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
    /// Runs per source fact; `None` chooses enough for about
    /// [`FACTS_PER_DIRECTION`] fact runs per direction.
    pub trials: Option<u64>,
    /// Also report the share of facts arriving within this many days.
    pub horizon_days: Option<f64>,
    /// Reset every channel to its kind's parameters, with the first design's
    /// kinds and defaults in every design, so only structure differs.
    pub structure_only: bool,
    /// The project day(s) on which facts start (the calendar).
    pub start: Start,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            seed: sim::DEFAULT_SEED,
            trials: None,
            horizon_days: None,
            structure_only: false,
            start: Start::default(),
        }
    }
}

/// The fact runs simulated per direction when `trials` is not given: enough
/// for a 95 % interval of about ±0.01 on a share (1.96² · 0.25 / 0.01² =
/// 9,604), however many targets each fact has.
pub const FACTS_PER_DIRECTION: u64 = 10_240;

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
    /// Nothing to compare, or a bad option.
    #[error("{0}")]
    Input(String),
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
            | CompareError::Input(_) => true,
        }
    }
}

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
    /// Neither (a count for context).
    None,
}

/// One design's value of a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The figure (`null` when undefined, e.g. no fact arrived).
    pub estimate: Option<f64>,
    /// Lower end of its 95 % interval (simulated figures only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_low: Option<f64>,
    /// Upper end of its 95 % interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_high: Option<f64>,
    /// Names behind a count (e.g. the single points of failure).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

impl Value {
    fn exact(x: Option<f64>) -> Value {
        Value {
            estimate: x,
            ci_low: None,
            ci_high: None,
            names: Vec::new(),
        }
    }

    fn count(names: Vec<String>) -> Value {
        Value {
            estimate: Some(names.len() as f64),
            ci_low: None,
            ci_high: None,
            names,
        }
    }

    fn estimate(e: &Estimate) -> Value {
        Value {
            estimate: Some(e.estimate),
            ci_low: Some(e.ci_low),
            ci_high: Some(e.ci_high),
            names: Vec::new(),
        }
    }
}

/// The part of a comparison a row belongs to; in JSON and CSV `structure`,
/// `up`, `down`, `risk` or `cost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Levels, actors, channels and hops.
    Structure,
    /// Facts passed from the deepest level to the top.
    Up,
    /// Facts passed from the top to the deepest level.
    Down,
    /// Single points of failure, gateways, removals, representation gaps.
    Risk,
    /// Meeting load.
    Cost,
}

impl Section {
    /// The name used in JSON, CSV and row keys (`intact_up`).
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Structure => "structure",
            Section::Up => "up",
            Section::Down => "down",
            Section::Risk => "risk",
            Section::Cost => "cost",
        }
    }
}

/// The unit of a row's values; in JSON and CSV `share`, `days`, `hops`,
/// `count` or `person-days/year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// A share in [0, 1].
    #[serde(rename = "share")]
    Share,
    /// Days.
    #[serde(rename = "days")]
    Days,
    /// Hops between levels.
    #[serde(rename = "hops")]
    Hops,
    /// A count of actors, channels or bodies.
    #[serde(rename = "count")]
    Count,
    /// Person-days a year (meeting load).
    #[serde(rename = "person-days/year")]
    PersonDaysPerYear,
}

impl Unit {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Share => "share",
            Unit::Days => "days",
            Unit::Hops => "hops",
            Unit::Count => "count",
            Unit::PersonDaysPerYear => "person-days/year",
        }
    }
}

/// One figure across the designs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Stable key, e.g. `intact_up`.
    pub key: String,
    /// Human label.
    pub label: String,
    /// Section: `structure`, `up`, `down`, `risk`, `cost`.
    pub section: Section,
    /// Unit: `share`, `days`, `hops`, `count`, `person-days/year`.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
    /// One value per design, in design order.
    pub values: Vec<Value>,
    /// Each design's difference from the first (`null` for the first).
    pub differences: Vec<Option<Difference>>,
    /// Which design is better (`null` when no side is better: a count for
    /// context, or a value is undefined).
    pub best: Option<Best>,
}

/// The outcome of a row: which design is better, if any.
///
/// In JSON: `{"outcome": "design", "label": "…", "index": 1}`,
/// `{"outcome": "tie"}` or `{"outcome": "no_material_difference"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Best {
    /// This design is better, by a margin outside the interval and at least
    /// the row's materiality threshold ([`materiality`]).
    Design {
        /// The design's label.
        label: String,
        /// Its column, from 0.
        index: usize,
    },
    /// The difference's interval spans zero, or the best values are equal.
    Tie,
    /// The difference is clear but smaller than the row's materiality
    /// threshold: too small to act on.
    NoMaterialDifference,
}

impl std::fmt::Display for Best {
    /// The design's label, `tie`, or `no material difference`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Best::Design { label, .. } => f.write_str(label),
            Best::Tie => f.write_str("tie"),
            Best::NoMaterialDifference => f.write_str("no material difference"),
        }
    }
}

/// Shares closer than this (1 percentage point) are "no material
/// difference", however narrow their interval.
pub const MATERIAL_SHARE: f64 = 0.01;

/// Days closer than this (one week) are "no material difference".
pub const MATERIAL_DAYS: f64 = 7.0;

/// The materiality threshold of a row's unit: [`MATERIAL_SHARE`] for shares,
/// [`MATERIAL_DAYS`] for days, 5 % of the smaller value for person-days,
/// none (any exact difference counts) for hops and counts.
pub fn materiality(unit: Unit, values: &[Value]) -> f64 {
    match unit {
        Unit::Share => MATERIAL_SHARE,
        Unit::Days => MATERIAL_DAYS,
        Unit::PersonDaysPerYear => {
            0.05 * values
                .iter()
                .filter_map(|v| v.estimate)
                .map(f64::abs)
                .fold(f64::INFINITY, f64::min)
                .min(1e12)
        }
        Unit::Hops | Unit::Count => 0.0,
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
    /// Runs per source fact, bottom → top.
    pub trials_up: u64,
    /// Runs per source fact, top → bottom.
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

/// Everything measured for one design.
struct Figures {
    analysis: analysis::Analysis,
    /// The `gateways` row's value.
    gateways: Value,
    /// The `worst_removal` row's value.
    worst_removal: Value,
    up: SimResult,
    down: SimResult,
    load: MeetingLoad,
    /// Route hops up by evidence grade.
    route_hops: crate::model::EvidenceCounts,
}

impl Figures {
    fn result(&self, up: bool) -> &SimResult {
        if up {
            &self.up
        } else {
            &self.down
        }
    }
}

/// Resets every channel of every design to its kind's parameters, using the
/// first design's kinds and defaults everywhere.
pub fn structure_only(designs: &mut [Design]) {
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

/// Runs per source fact for about `facts` fact runs over all sources, in
/// whole words of 64 runs.
pub fn auto_trials(q: &Query, facts: u64) -> u64 {
    let runs = facts.div_ceil(q.sources.len().max(1) as u64);
    runs.div_ceil(64).max(1) * 64
}

/// Simulates one direction of one design (`g` is its graph).
fn simulate(
    d: &Design,
    g: &graph::OrgGraph,
    up: bool,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, CompareError> {
    let err = |error| CompareError::Sim {
        design: d.label.clone(),
        error,
    };
    let q = Query::direction(&d.model, up).map_err(err)?;
    let cfg = SimConfig {
        trials: Some(
            opts.trials
                .unwrap_or_else(|| auto_trials(&q, FACTS_PER_DIRECTION)),
        ),
        facts_per_source: 1,
        seed: opts.seed,
        horizon_days: opts.horizon_days,
        start: opts.start,
    };
    sim::simulate_general(g, &q, &cfg, progress).map_err(err)
}

/// The removal rows: the gateways (intermediaries whose removal alone cuts
/// off every deepest-level actor: unavoidable in any design with one way in
/// at the top), and the worst removal among the other intermediaries.
fn removals(a: &analysis::Analysis) -> (Value, Value) {
    let all = |r: &&analysis::RemovalImpact| r.deepest > 0 && r.reached_after == 0;
    let gateways: Vec<String> = a
        .removal_impact
        .iter()
        .filter(all)
        .map(|r| r.id.clone())
        .collect();
    let worst = match a.removal_impact.iter().find(|r| !all(r)) {
        Some(r) if r.reach_share_loss > 0.0 => Value {
            names: vec![r.id.clone()],
            ..Value::exact(Some(r.reach_share_loss))
        },
        _ => Value::exact(Some(0.0)),
    };
    (Value::count(gateways), worst)
}

fn figures(
    d: &Design,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Figures, CompareError> {
    let g = graph::build(&d.model);
    let analysis = analysis::analyze(&g, &AnalysisOptions::default());
    let (gateways, worst_removal) = removals(&analysis);
    Ok(Figures {
        up: simulate(d, &g, true, opts, progress)?,
        down: simulate(d, &g, false, opts, progress)?,
        load: meeting_load(&d.model),
        route_hops: analysis::route_evidence(&g),
        analysis,
        gateways,
        worst_removal,
    })
}

/// Compares designs: structure, simulated loss, distortion and delay in both
/// directions, single points of failure, representation and meeting load.
///
/// `progress(done, total)` counts simulated runs over all designs.
///
/// # Errors
/// [`CompareError::OneDesign`] for fewer than two designs; [`CompareError::Sim`] when a
/// design has no deepest level or top level to simulate between.
pub fn compare(
    designs: &[Design],
    opts: &CompareOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Comparison, CompareError> {
    if designs.len() < 2 {
        return Err(CompareError::OneDesign);
    }
    let mut designs = designs.to_vec();
    if opts.structure_only {
        structure_only(&mut designs);
    }
    let figs: Vec<Figures> = designs
        .iter()
        .map(|d| figures(d, opts, progress))
        .collect::<Result<_, _>>()?;
    let labels: Vec<String> = designs.iter().map(|d| d.label.clone()).collect();
    let mut rows = Vec::new();
    let mut push =
        |key: &str, label: &str, section: Section, unit: Unit, better, values: Vec<Value>| {
            rows.push(row(
                key, label, section, unit, better, values, &labels, None,
            ));
        };

    let hops = |f: &Figures, up: bool, longest: bool| {
        let h = if up {
            &f.analysis.hops_up
        } else {
            &f.analysis.hops_down
        };
        h.as_ref().and_then(|h| {
            if longest {
                h.longest.map(f64::from)
            } else {
                h.mean
            }
        })
    };
    let each = |f: &dyn Fn(&Figures) -> Value| figs.iter().map(f).collect::<Vec<_>>();
    push(
        "levels",
        "levels",
        Section::Structure,
        Unit::Count,
        Better::Lower,
        each(&|f| Value::exact(Some(f.analysis.levels as f64))),
    );
    push(
        "actors",
        "actors",
        Section::Structure,
        Unit::Count,
        Better::None,
        designs
            .iter()
            .map(|d| Value::exact(Some(d.model.actors.len() as f64)))
            .collect(),
    );
    push(
        "channels",
        "channels",
        Section::Structure,
        Unit::Count,
        Better::None,
        designs
            .iter()
            .map(|d| Value::exact(Some(d.model.channels.len() as f64)))
            .collect(),
    );
    push(
        "hops_up_longest",
        "longest hops up",
        Section::Structure,
        Unit::Hops,
        Better::Lower,
        each(&|f| Value::exact(hops(f, true, true))),
    );
    push(
        "hops_up_mean",
        "mean hops up",
        Section::Structure,
        Unit::Hops,
        Better::Lower,
        each(&|f| Value::exact(hops(f, true, false))),
    );
    push(
        "hops_down_mean",
        "mean hops down",
        Section::Structure,
        Unit::Hops,
        Better::Lower,
        each(&|f| Value::exact(hops(f, false, false))),
    );

    for (up, dir, arrow) in [
        (true, Section::Up, "bottom → top"),
        (false, Section::Down, "top → bottom"),
    ] {
        let mut shares = vec![
            (
                Indicator::Intact,
                "intact".to_string(),
                "facts intact".to_string(),
                Better::Higher,
            ),
            // Altered is context, not a score: a design that loses more
            // facts has fewer left to alter.
            (
                Indicator::Altered,
                "altered".into(),
                "facts altered".into(),
                Better::None,
            ),
            (
                Indicator::Lost,
                "lost".into(),
                "facts lost".into(),
                Better::Lower,
            ),
        ];
        if let Some(h) = opts.horizon_days {
            let label = format!("arrived within {h} days");
            shares.push((
                Indicator::Within(h),
                "within_horizon".into(),
                label,
                Better::Higher,
            ));
        }
        for (ind, key, label, better) in shares {
            let values = each(&|f| {
                share_of(f.result(up), ind)
                    .map_or_else(|| Value::exact(None), |e| Value::estimate(&e))
            });
            let diffs: Vec<Option<Difference>> = figs
                .iter()
                .enumerate()
                .map(|(i, f)| (i > 0).then(|| difference(figs[0].result(up), f.result(up), ind)))
                .collect();
            rows.push(row(
                &format!("{key}_{}", dir.as_str()),
                &format!("{label}, {arrow}"),
                dir,
                Unit::Share,
                better,
                values,
                &labels,
                Some(diffs),
            ));
        }
        for (q, name) in [(0.5, "median"), (0.9, "p90")] {
            let values = each(&|f| days_value(f.result(up), q));
            rows.push(row(
                &format!("days_{}_{name}", dir.as_str()),
                &format!("{name} days to arrive, {arrow}"),
                dir,
                Unit::Days,
                Better::Lower,
                values,
                &labels,
                None,
            ));
        }
    }

    let mut push =
        |key: &str, label: &str, section: Section, unit: Unit, better, values: Vec<Value>| {
            rows.push(row(
                key, label, section, unit, better, values, &labels, None,
            ));
        };
    push(
        "single_points_of_failure",
        "single points of failure",
        Section::Risk,
        Unit::Count,
        Better::Lower,
        each(&|f| Value::count(f.analysis.articulation_points.clone())),
    );
    push(
        "gateways",
        "gateways cutting off all",
        Section::Risk,
        Unit::Count,
        Better::Lower,
        each(&|f| f.gateways.clone()),
    );
    push(
        "worst_removal",
        "worst other removal",
        Section::Risk,
        Unit::Share,
        Better::Lower,
        each(&|f| f.worst_removal.clone()),
    );
    push(
        "representation_gaps",
        "bodies with representation gaps",
        Section::Risk,
        Unit::Count,
        Better::Lower,
        each(&|f| {
            Value::count(
                f.analysis
                    .representation
                    .iter()
                    .filter(|b| !b.flags.is_empty())
                    .map(|b| b.body.clone())
                    .collect(),
            )
        }),
    );
    push(
        "meeting_load",
        "meeting load, person-days/year",
        Section::Cost,
        Unit::PersonDaysPerYear,
        Better::Lower,
        each(&|f| Value::exact(Some(f.load.total_person_days))),
    );

    let verdict = verdict(&designs, &rows, opts, &figs);
    let mut assumptions = vec![
        format!(
            "Shares are of (fact, target) pairs; each with a {}; differences from the first design are paired over runs \
             (common random numbers: the same seed and per-channel draws) with a normal 95% interval, and a row is a tie when that interval spans zero.",
            sim::INTERVAL_METHOD
        ),
        "Days: median and 90th percentile of first-arrival days over the facts that arrived, with an order-statistic 95% interval; \
         a design is better on days only when the intervals do not overlap."
            .into(),
        "Up: one fact from every deepest-level actor to the top level; down: one fact from the top level to every deepest-level actor.".into(),
        meeting::FORMULA.into(),
        "Single points of failure: articulation points of the undirected channel graph. Gateways: actors between the deepest level and the top \
         whose removal alone cuts every deepest-level actor off from the top (any design with one way in at the top has one). Worst other removal: \
         the largest share of deepest-level actors cut off by removing one other actor between them and the top."
            .into(),
    ];
    if opts.start != Start::default() {
        assumptions.push(format!("Calendar: {}.", opts.start.describe()));
    }
    for d in &designs {
        assumptions.push(format!(
            "Per-hop values in force in {} (modelling assumptions): {}.",
            d.label,
            parameter_ranges(&d.model)
        ));
    }
    assumptions.push(format!(
        "A row is \"no material difference\" when its clear difference is under {:.0} percentage point (shares) or {} days (days), \
         or under 5% of the smaller meeting load; hops and counts count any difference.",
        100.0 * MATERIAL_SHARE,
        MATERIAL_DAYS
    ));
    Ok(Comparison {
        designs: designs
            .iter()
            .map(|d| DesignInfo {
                label: d.label.clone(),
                name: d.model.name.clone(),
                assumptions: d.model.assumptions.clone(),
            })
            .collect(),
        seed: opts.seed,
        trials_up: figs[0].up.trials,
        trials_down: figs[0].down.trials,
        structure_only: opts.structure_only,
        assumptions,
        rows,
        fairness: fairness(
            &designs
                .iter()
                .map(|d| (d.label.as_str(), &d.model))
                .collect::<Vec<_>>(),
            &figs.iter().map(|f| f.route_hops).collect::<Vec<_>>(),
        ),
        verdict,
    })
}

/// A simulation's share for an indicator (`None`: within a horizon that
/// was not simulated).
fn share_of(r: &SimResult, ind: Indicator) -> Option<Estimate> {
    match ind {
        Indicator::Intact => Some(r.intact),
        Indicator::Altered => Some(r.altered),
        Indicator::Lost => Some(r.lost),
        Indicator::Within(_) => r.arrival_days.within_horizon,
    }
}

/// The difference `b − a` in an indicator: paired where the queries line up.
fn difference(a: &SimResult, b: &SimResult, ind: Indicator) -> Difference {
    let lined_up = a.sources == b.sources
        && a.targets == b.targets
        && a.trials == b.trials
        && a.facts_per_source == b.facts_per_source
        && a.outcomes.len() == b.outcomes.len()
        && !a.outcomes.is_empty();
    if lined_up {
        let cluster = a.outcomes.len() / a.facts.max(1) as usize;
        paired::paired(&a.outcomes, &b.outcomes, cluster.max(1), ind)
    } else {
        let none = Estimate::wilson(0.0, 0);
        paired::unpaired(
            &share_of(a, ind).unwrap_or(none),
            &share_of(b, ind).unwrap_or(none),
        )
    }
}

/// A quantile of the arrival days with a distribution-free 95 % interval
/// from order statistics (ranks nq ± 1.96·√(nq(1−q))).
fn days_value(r: &SimResult, q: f64) -> Value {
    let mut days: Vec<f32> = r.outcomes.iter().filter_map(|o| o.arrival_day).collect();
    if days.is_empty() {
        return Value::exact(None);
    }
    days.sort_by(f32::total_cmp);
    let n = days.len() as f64;
    let half = 1.96 * (n * q * (1.0 - q)).sqrt();
    let at = |rank: f64| f64::from(days[(rank.max(1.0).min(n) as usize).saturating_sub(1)]);
    Value {
        estimate: sim::stats::quantile(&days, q),
        ci_low: Some(at((n * q - half).floor())),
        ci_high: Some(at((n * q + half).ceil())),
        names: Vec::new(),
    }
}

/// Builds a row and decides which design is better.
#[allow(clippy::too_many_arguments)]
fn row(
    key: &str,
    label: &str,
    section: Section,
    unit: Unit,
    better: Better,
    values: Vec<Value>,
    labels: &[String],
    differences: Option<Vec<Option<Difference>>>,
) -> Row {
    let differences = differences.unwrap_or_else(|| {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (Some(a), Some(b)) = (values[0].estimate, v.estimate) else {
                    return None;
                };
                (i > 0).then(|| {
                    // An interval for the difference where both values have one
                    // (days: non-overlap rule), else exact.
                    let (lo, hi) = match (values[0].ci_low, values[0].ci_high, v.ci_low, v.ci_high)
                    {
                        (Some(al), Some(ah), Some(bl), Some(bh)) => (bl - ah, bh - al),
                        _ => (b - a, b - a),
                    };
                    Difference {
                        estimate: b - a,
                        ci_low: lo,
                        ci_high: hi,
                        paired: false,
                    }
                })
            })
            .collect()
    });
    let best = best_of(better, &values, &differences, unit, labels);
    Row {
        key: key.into(),
        label: label.into(),
        section,
        unit,
        better,
        values,
        differences,
        best,
    }
}

/// The better design: the best estimate, when its advantage over the first
/// design (or the first's over every other) is outside the interval and at
/// least the materiality threshold.
fn best_of(
    better: Better,
    values: &[Value],
    diffs: &[Option<Difference>],
    unit: Unit,
    labels: &[String],
) -> Option<Best> {
    if better == Better::None || values.iter().any(|v| v.estimate.is_none()) {
        return None;
    }
    let sign = if better == Better::Higher { 1.0 } else { -1.0 };
    let score = |i: usize| sign * values[i].estimate.unwrap_or(0.0);
    let best = (0..values.len()).max_by(|&a, &b| score(a).total_cmp(&score(b)))?;
    let clear = |d: &Difference| {
        if d.ci_low == d.ci_high {
            d.estimate != 0.0
        } else {
            d.significant()
        }
    };
    let against: Vec<&Difference> = if best == 0 {
        diffs.iter().flatten().collect()
    } else {
        diffs[best].iter().collect()
    };
    let wins = !against.is_empty() && against.iter().all(|d| clear(d));
    let unique = (0..values.len())
        .filter(|&i| score(i) == score(best))
        .count()
        == 1;
    if !(wins && unique) {
        return Some(Best::Tie);
    }
    let threshold = materiality(unit, values);
    if against.iter().any(|d| d.estimate.abs() < threshold) {
        return Some(Best::NoMaterialDifference);
    }
    Some(Best::Design {
        label: labels[best].clone(),
        index: best,
    })
}

/// The range of each parameter over one design's channels and actors, in
/// words: "fidelity 0.5–0.9, distortion 0.05–0.1, latency 3–60 days,
/// sittings every 14–365 days, attendance 0.4–1".
pub fn parameter_ranges(model: &Model) -> String {
    let mut lo = [f64::INFINITY; 5];
    let mut hi = [f64::NEG_INFINITY; 5];
    let mut widen = |k: usize, x: f64| {
        lo[k] = lo[k].min(x);
        hi[k] = hi[k].max(x);
    };
    for c in &model.channels {
        let p = &c.params;
        widen(0, p.fidelity.get());
        widen(1, p.distortion.get());
        widen(2, p.latency_days.get());
        widen(3, p.every_days.get());
    }
    for a in &model.actors {
        widen(4, a.attendance.get());
    }
    let range = |k: usize| {
        if lo[k] > hi[k] {
            "–".to_string()
        } else if lo[k] == hi[k] {
            format!("{}", lo[k])
        } else {
            format!("{}–{}", lo[k], hi[k])
        }
    };
    format!(
        "fidelity {}, distortion {}, latency {} days, sittings every {} days, attendance {}",
        range(0),
        range(1),
        range(2),
        range(3),
        range(4)
    )
}

/// The one-line verdict on facts reaching the top intact: who is better,
/// each design's share, each design's own difference from the first, and
/// each design's own per-hop values.
fn verdict(designs: &[Design], rows: &[Row], opts: &CompareOptions, figs: &[Figures]) -> String {
    let Some(intact) = rows.iter().find(|r| r.key == "intact_up") else {
        return String::new();
    };
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    let share = |i: usize| intact.values[i].estimate.unwrap_or(0.0);
    let median = rows
        .iter()
        .find(|r| r.key == "days_up_median")
        .map(|r| r.values.iter().map(|v| v.estimate).collect::<Vec<_>>())
        .unwrap_or_default();
    let days = |i: usize| {
        median
            .get(i)
            .copied()
            .flatten()
            .map(|d| format!(", median {d:.0} days"))
            .unwrap_or_default()
    };
    let who = match &intact.best {
        Some(Best::Design { label, .. }) => format!("{label} is better"),
        Some(Best::NoMaterialDifference) => format!(
            "No material difference (under {:.0} point) between the designs",
            100.0 * MATERIAL_SHARE
        ),
        Some(Best::Tie) | None => "No design is clearly better".to_string(),
    };
    let parts: Vec<String> = designs
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} {}{}", d.label, pct(share(i)), days(i)))
        .collect();
    let diffs: Vec<String> = intact
        .differences
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (i, d)))
        .map(|(i, d)| {
            format!(
                "{} − {} {:+.1} points (95% CI {:+.1} to {:+.1})",
                designs[i].label,
                designs[0].label,
                100.0 * d.estimate,
                100.0 * d.ci_low,
                100.0 * d.ci_high
            )
        })
        .collect();
    let own: Vec<String> = designs
        .iter()
        .map(|d| format!("{}: {}", d.label, parameter_ranges(&d.model)))
        .collect();
    format!(
        "{who} at getting facts from the deepest level to the top intact: {}{}; each design's own per-hop values: {}{}; seed {}, {} runs per source.",
        parts.join(" vs "),
        if diffs.is_empty() { String::new() } else { format!(" ({})", diffs.join("; ")) },
        own.join("; "),
        if opts.structure_only { " (structure only: channels at the first design's kinds' values, attendance 1)" } else { "" },
        opts.seed,
        figs[0].up.trials
    )
}
