//! Sensitivity sweeps (`hviske sweep`): one outcome for each design at each
//! value of one parameter, and where the designs' ranking flips.

use super::paired::Indicator;
use super::run::simulate_direction;
use super::{Better, CompareError, CompareOptions, Design, Unit};
use crate::graph;
use crate::scenario::{self, one_param, Change};
use crate::sim::{self, SimResult};
use serde::Serialize;

/// The parameter a sweep varies.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepParam {
    /// One of `fidelity`, `distortion`, `latency_days`, `every_days`, set on
    /// every channel of every kind (evidence-based channel values included).
    All(String),
    /// One parameter of one channel kind: `report.fidelity`.
    Kind(String, String),
    /// The attendance of one actor: `attendance:nnn`.
    Attendance(String),
}

const PARAMS: [&str; 4] = ["fidelity", "distortion", "latency_days", "every_days"];

impl SweepParam {
    /// Parses `fidelity`, `KIND.PARAM` or `attendance:ID`.
    ///
    /// # Errors
    /// A sentence listing the accepted forms.
    pub fn parse(s: &str) -> Result<SweepParam, String> {
        let forms = "fidelity, distortion, latency_days, every_days, KIND.PARAM (e.g. report.fidelity) or attendance:ID";
        if let Some(id) = s.strip_prefix("attendance:") {
            return Ok(SweepParam::Attendance(id.to_string()));
        }
        if PARAMS.contains(&s) {
            return Ok(SweepParam::All(s.to_string()));
        }
        if let Some((kind, param)) = s.rsplit_once('.') {
            if PARAMS.contains(&param) {
                return Ok(SweepParam::Kind(kind.to_string(), param.to_string()));
            }
        }
        Err(format!("unknown sweep parameter \"{s}\": use {forms}"))
    }

    /// The what-if change that sets the parameter to `x`.
    fn change(&self, x: f64) -> Change {
        match self {
            SweepParam::All(p) => Change::SetAll {
                params: one_param(p, x).unwrap_or_default(),
            },
            SweepParam::Kind(kind, p) => Change::SetKind {
                kind: kind.clone(),
                params: one_param(p, x).unwrap_or_default(),
            },
            SweepParam::Attendance(actor) => Change::Attendance {
                actor: actor.clone(),
                value: x,
            },
        }
    }

    /// A plausible range to sweep when none is given (the literature's ranges in models/README.md, widened).
    pub fn default_range(&self) -> (f64, f64) {
        let param = match self {
            SweepParam::All(p) | SweepParam::Kind(_, p) => p.as_str(),
            SweepParam::Attendance(_) => return (0.0, 1.0),
        };
        match param {
            "fidelity" => (0.5, 0.99),
            "distortion" => (0.0, 0.3),
            "latency_days" => (1.0, 30.0),
            _ => (7.0, 120.0),
        }
    }

    /// The parameter in words.
    pub fn label(&self) -> String {
        match self {
            SweepParam::All(p) => format!("{p} of every channel"),
            SweepParam::Kind(k, p) => format!("{p} of {k} channels"),
            SweepParam::Attendance(a) => format!("attendance of {a}"),
        }
    }
}

/// The outcome a sweep follows; in JSON its command-line name (`intact-up`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Share of facts from the deepest level reaching the top intact.
    IntactUp,
    /// Share reaching the top at all.
    ReachUp,
    /// Median days for facts from the deepest level to reach the top.
    DaysUp,
    /// Share of facts from the top reaching the deepest level intact.
    IntactDown,
    /// Share reaching the deepest level at all.
    ReachDown,
    /// Median days from the top to the deepest level.
    DaysDown,
}

impl Outcome {
    /// Every outcome with its name on the command line.
    pub const ALL: [(Outcome, &'static str); 6] = [
        (Outcome::IntactUp, "intact-up"),
        (Outcome::ReachUp, "reach-up"),
        (Outcome::DaysUp, "days-up"),
        (Outcome::IntactDown, "intact-down"),
        (Outcome::ReachDown, "reach-down"),
        (Outcome::DaysDown, "days-down"),
    ];

    /// Parses a command-line name.
    ///
    /// # Errors
    /// A sentence listing the names.
    pub fn parse(s: &str) -> Result<Outcome, String> {
        Outcome::ALL
            .iter()
            .find(|(_, name)| *name == s)
            .map(|(o, _)| *o)
            .ok_or_else(|| {
                let names: Vec<&str> = Outcome::ALL.iter().map(|(_, n)| *n).collect();
                format!("unknown outcome \"{s}\": one of {}", names.join(", "))
            })
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        Outcome::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, n)| n)
    }

    /// The outcome in words.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::IntactUp => "share of facts reaching the top intact",
            Outcome::ReachUp => "share of facts reaching the top",
            Outcome::DaysUp => "median days to reach the top",
            Outcome::IntactDown => "share of facts reaching the deepest level intact",
            Outcome::ReachDown => "share of facts reaching the deepest level",
            Outcome::DaysDown => "median days to reach the deepest level",
        }
    }

    fn up(self) -> bool {
        matches!(self, Outcome::IntactUp | Outcome::ReachUp | Outcome::DaysUp)
    }

    /// The unit of the outcome's values: days for the `days-*` outcomes,
    /// else a share.
    pub fn unit(self) -> Unit {
        match self {
            Outcome::DaysUp | Outcome::DaysDown => Unit::Days,
            _ => Unit::Share,
        }
    }

    /// Which way is better.
    pub fn better(self) -> Better {
        match self {
            Outcome::DaysUp | Outcome::DaysDown => Better::Lower,
            _ => Better::Higher,
        }
    }

    fn value(self, r: &SimResult) -> Option<sim::Estimate> {
        match self {
            Outcome::IntactUp | Outcome::IntactDown => Some(r.shares.intact),
            Outcome::ReachUp | Outcome::ReachDown => Some(r.shares.reach),
            Outcome::DaysUp | Outcome::DaysDown => super::days_value(r, 0.5).value,
        }
    }
}

impl Serialize for Outcome {
    /// The command-line name, as in `--outcome`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The leader of a sweep at one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leader {
    /// This design (its label) leads clearly.
    Design(String),
    /// The best two are within their paired 95 % interval, or no design has
    /// a value.
    Tie,
}

impl std::fmt::Display for Leader {
    /// The design's label, or `tie`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Leader::Design(label) => f.write_str(label),
            Leader::Tie => f.write_str("tie"),
        }
    }
}

impl Serialize for Leader {
    /// The design's label, or `"tie"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One design's outcome at one value. In JSON `x`, `estimate`, `ci_low`
/// and `ci_high`, all three `null` when the outcome is undefined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The parameter value.
    pub x: f64,
    /// The outcome with its 95 % interval (`None` when undefined: no fact
    /// arrived).
    pub value: Option<sim::Estimate>,
}

impl Serialize for Point {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Point", 4)?;
        st.serialize_field("x", &self.x)?;
        st.serialize_field("estimate", &self.value.map(|e| e.estimate))?;
        st.serialize_field("ci_low", &self.value.map(|e| e.ci_low))?;
        st.serialize_field("ci_high", &self.value.map(|e| e.ci_high))?;
        st.end()
    }
}

/// One design across the sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The design's label.
    pub label: String,
    /// The design's model name.
    pub name: String,
    /// One point per value.
    pub points: Vec<Point>,
}

/// A change of leader between two neighbouring values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// The value before the flip.
    pub from_x: f64,
    /// The value after it.
    pub to_x: f64,
    /// The leader before.
    pub from: String,
    /// The leader after.
    pub to: String,
}

/// A sweep's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// The parameter, as given.
    pub param: String,
    /// The parameter in words.
    pub param_label: String,
    /// The outcome (in JSON its command-line name).
    pub outcome: Outcome,
    /// The outcome in words.
    pub outcome_label: String,
    /// Which way is better.
    pub better: Better,
    /// The seed of every simulation.
    pub seed: u64,
    /// Trials per source fact.
    pub trials: u64,
    /// The values swept.
    pub values: Vec<f64>,
    /// One series per design.
    pub series: Vec<Series>,
    /// The leader at each value (in JSON a design's label, or `"tie"`).
    pub leaders: Vec<Leader>,
    /// Where the leader (by estimate) changes.
    pub flips: Vec<Flip>,
    /// What the figures assume.
    pub assumptions: Vec<String>,
}

/// Evenly spaced values from `from` to `to`, `steps` of them (≥ 2).
pub fn values(from: f64, to: f64, steps: usize) -> Vec<f64> {
    if steps < 2 {
        return vec![from];
    }
    (0..steps)
        .map(|i| from + (to - from) * i as f64 / (steps - 1) as f64)
        .collect()
}

/// Runs the sweep. `progress(done, total)`, when given, counts each
/// simulation's trials (as in [`super::compare`]).
///
/// # Errors
/// [`CompareError::NothingToSweep`] for no design or no value,
/// [`CompareError::Sweep`] when a design cannot take the parameter (e.g. an
/// unknown actor) or a value is out of range; [`CompareError::Sim`] when a
/// design cannot be simulated.
pub fn sweep(
    designs: &[Design],
    param: &SweepParam,
    param_text: &str,
    outcome: Outcome,
    xs: &[f64],
    opts: &CompareOptions,
    progress: sim::Progress,
) -> Result<Sweep, CompareError> {
    if designs.is_empty() || xs.is_empty() {
        return Err(CompareError::NothingToSweep);
    }
    let mut designs = designs.to_vec();
    if opts.structure_only {
        super::reset_to_kind_parameters(&mut designs);
    }
    let mut series: Vec<Series> = designs
        .iter()
        .map(|d| Series {
            label: d.label.clone(),
            name: d.model.name.clone(),
            points: Vec::new(),
        })
        .collect();
    let untimed = CompareOptions {
        horizon_days: None,
        ..opts.clone()
    };
    let mut leaders = Vec::new();
    let mut trials = 0;
    for &x in xs {
        let mut results = Vec::new();
        for (d, s) in designs.iter().zip(&mut series) {
            let model =
                scenario::apply(&d.model, &[param.change(x)]).map_err(|e| CompareError::Sweep {
                    design: d.label.clone(),
                    parameter: param_text.to_string(),
                    value: x,
                    problem: e.problem,
                })?;
            let g = graph::build(&model);
            let r = simulate_direction(&d.label, &g, outcome.up(), &untimed, progress)?;
            trials = r.trials;
            s.points.push(Point {
                x,
                value: outcome.value(&r),
            });
            results.push(r);
        }
        leaders.push(leader(&series, &results, outcome));
    }
    let flips = flips(xs, &series, outcome);
    Ok(Sweep {
        param: param_text.to_string(),
        param_label: param.label(),
        outcome,
        outcome_label: outcome.label().to_string(),
        better: outcome.better(),
        seed: opts.seed,
        trials,
        values: xs.to_vec(),
        series,
        leaders,
        flips,
        assumptions: vec![
            format!(
                "At each value the parameter is set in every design and everything else stays as the model files state; seed {} and the same draws for every design.",
                opts.seed
            ),
            format!(
                "Intervals: {} for shares (the simulation noise of each run), order-statistic 95% for median days; the leader is \"tie\" where the best two designs' paired difference interval spans zero.",
                sim::INTERVAL_METHOD
            ),
            "Each value is one run at the point values with every contested reading off (not drawn): the readings and the ranges of the other \
             values are drawn by compare, across the evidence."
                .into(),
        ],
    })
}

/// The sign that makes "larger is better".
fn sign(outcome: Outcome) -> f64 {
    if outcome.better() == Better::Higher {
        1.0
    } else {
        -1.0
    }
}

/// Index of the best design at the latest point, by estimate.
fn best_index(series: &[Series], at: usize, outcome: Outcome) -> Option<usize> {
    (0..series.len())
        .filter(|&i| series[i].points[at].value.is_some())
        .max_by(|&a, &b| {
            let v =
                |i: usize| sign(outcome) * series[i].points[at].value.map_or(0.0, |e| e.estimate);
            v(a).total_cmp(&v(b))
        })
}

fn leader(series: &[Series], results: &[SimResult], outcome: Outcome) -> Leader {
    let at = series[0].points.len() - 1;
    let Some(best) = best_index(series, at, outcome) else {
        return Leader::Tie;
    };
    if series.len() == 1 {
        return Leader::Design(series[0].label.clone());
    }
    let clear = (0..series.len()).filter(|&i| i != best).all(|i| {
        let (a, b) = (&results[i], &results[best]);
        match outcome {
            Outcome::DaysUp | Outcome::DaysDown => {
                let (pa, pb) = (series[i].points[at], series[best].points[at]);
                match (pa.value, pb.value) {
                    (Some(a), Some(b)) => b.ci_high < a.ci_low || a.ci_high < b.ci_low,
                    _ => pa.value.is_none(),
                }
            }
            _ => {
                // Reach and lost differ only in sign: the same interval decides.
                let ind = if matches!(outcome, Outcome::IntactUp | Outcome::IntactDown) {
                    Indicator::Intact
                } else {
                    Indicator::Lost
                };
                super::difference(a, b, ind).significant()
            }
        }
    });
    if clear {
        Leader::Design(series[best].label.clone())
    } else {
        Leader::Tie
    }
}

fn flips(xs: &[f64], series: &[Series], outcome: Outcome) -> Vec<Flip> {
    let mut out = Vec::new();
    for k in 1..xs.len() {
        let (Some(a), Some(b)) = (
            best_index(series, k - 1, outcome),
            best_index(series, k, outcome),
        ) else {
            continue;
        };
        if a != b {
            out.push(Flip {
                from_x: xs[k - 1],
                to_x: xs[k],
                from: series[a].label.clone(),
                to: series[b].label.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_and_leader_serialize_as_their_names() {
        let days = serde_json::to_string(&Outcome::DaysDown).unwrap();
        assert_eq!(days, "\"days-down\"");
        let tie = serde_json::to_string(&Leader::Tie).unwrap();
        assert_eq!(tie, "\"tie\"");
        let design = serde_json::to_string(&Leader::Design("council".into())).unwrap();
        assert_eq!(design, "\"council\"");
        assert_eq!(Outcome::DaysUp.unit(), Unit::Days);
        assert_eq!(Outcome::ReachDown.unit(), Unit::Share);
    }

    #[test]
    fn parameters_parse() {
        assert_eq!(
            SweepParam::parse("fidelity"),
            Ok(SweepParam::All("fidelity".into()))
        );
        assert_eq!(
            SweepParam::parse("report.every_days"),
            Ok(SweepParam::Kind("report".into(), "every_days".into()))
        );
        assert_eq!(
            SweepParam::parse("attendance:nnn"),
            Ok(SweepParam::Attendance("nnn".into()))
        );
        assert!(SweepParam::parse("fidelty").is_err());
        assert_eq!(Outcome::parse("days-up"), Ok(Outcome::DaysUp));
        assert!(Outcome::parse("up").is_err());
    }

    #[test]
    fn values_include_both_ends() {
        let v = values(0.5, 0.99, 8);
        assert_eq!(v.len(), 8);
        assert_eq!(v[0], 0.5);
        assert!((v[7] - 0.99).abs() < 1e-12);
    }
}
