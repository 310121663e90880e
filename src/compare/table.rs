//! The rows of a comparison: one figure across the designs, its unit, which
//! way is better, and which design (if any) is clearly and materially better.

use super::paired::Difference;
use crate::sim::Estimate;
use serde::Serialize;

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
    /// Neither (a count for context); in JSON `none`.
    #[serde(rename = "none")]
    Neither,
}

impl Better {
    /// `higher`, `lower` or `none`, as in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
            Better::Neither => "none",
        }
    }
}

/// One design's value of a figure. In JSON `estimate` (`null` when
/// undefined), `ci_low` and `ci_high` for an estimated figure, and `names`
/// behind a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The figure (`None` when undefined, e.g. no fact arrived); a figure
    /// measured without sampling is an [`Estimate::exact`] and has no
    /// interval in the output.
    pub value: Option<Estimate>,
    /// Names behind a count (e.g. the single points of failure).
    pub names: Vec<String>,
}

impl Cell {
    pub(super) fn exact(x: Option<f64>) -> Cell {
        Cell {
            value: x.map(Estimate::exact),
            names: Vec::new(),
        }
    }

    pub(super) fn count(names: Vec<String>) -> Cell {
        Cell {
            value: Some(Estimate::exact(names.len() as f64)),
            names,
        }
    }

    /// A simulated figure with its interval.
    pub fn estimate(e: &Estimate) -> Cell {
        Cell {
            value: Some(Estimate { exact: None, ..*e }),
            names: Vec::new(),
        }
    }

    /// The figure, `None` when undefined.
    pub fn figure(&self) -> Option<f64> {
        self.value.map(|e| e.estimate)
    }

    /// The 95 % interval of an estimated figure (`None` for an exact or
    /// undefined one).
    pub fn interval(&self) -> Option<(f64, f64)> {
        self.value
            .filter(|e| e.exact.is_none())
            .map(|e| (e.ci_low, e.ci_high))
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let interval = self.interval();
        let fields = 1 + 2 * usize::from(interval.is_some()) + usize::from(!self.names.is_empty());
        let mut st = s.serialize_struct("Cell", fields)?;
        st.serialize_field("estimate", &self.figure())?;
        if let Some((low, high)) = interval {
            st.serialize_field("ci_low", &low)?;
            st.serialize_field("ci_high", &high)?;
        }
        if !self.names.is_empty() {
            st.serialize_field("names", &self.names)?;
        }
        st.end()
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
    /// The label without the direction that the section already gives
    /// ("facts intact" for "facts intact, bottom → top"), for tables that
    /// show rows under their section's heading. Not in JSON.
    #[serde(skip)]
    pub figure: String,
    /// Section: `structure`, `up`, `down`, `risk`, `cost`.
    pub section: Section,
    /// Unit: `share`, `days`, `hops`, `count`, `person-days/year`.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
    /// One value per design, in design order.
    pub values: Vec<Cell>,
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
pub fn materiality(unit: Unit, values: &[Cell]) -> f64 {
    match unit {
        Unit::Share => MATERIAL_SHARE,
        Unit::Days => MATERIAL_DAYS,
        Unit::PersonDaysPerYear => {
            0.05 * values
                .iter()
                .filter_map(Cell::figure)
                .map(f64::abs)
                .fold(f64::INFINITY, f64::min)
                .min(1e12)
        }
        Unit::Hops | Unit::Count => 0.0,
    }
}

/// What a row is before it is measured: its key, labels, section, unit and
/// which way is better.
pub(super) struct RowHead {
    /// [`Row::key`].
    pub key: String,
    /// [`Row::label`].
    pub label: String,
    /// [`Row::figure`].
    pub figure: String,
    /// [`Row::section`].
    pub section: Section,
    /// [`Row::unit`].
    pub unit: Unit,
    /// [`Row::better`].
    pub better: Better,
}

/// Builds a row and decides which design is better. `differences`: each
/// design's difference from the first, when the caller has paired ones;
/// `None` derives them from the values' intervals.
pub(super) fn row(
    head: RowHead,
    values: Vec<Cell>,
    labels: &[String],
    differences: Option<Vec<Option<Difference>>>,
) -> Row {
    let differences = differences.unwrap_or_else(|| {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (Some(a), Some(b)) = (values[0].figure(), v.figure()) else {
                    return None;
                };
                (i > 0).then(|| {
                    // An interval for the difference where both values have one
                    // (days: non-overlap rule), else exact.
                    let (lo, hi) = match (values[0].interval(), v.interval()) {
                        (Some((al, ah)), Some((bl, bh))) => (bl - ah, bh - al),
                        _ => (b - a, b - a),
                    };
                    Difference {
                        value: Estimate::new(b - a, lo, hi),
                        paired: false,
                    }
                })
            })
            .collect()
    });
    let RowHead {
        key,
        label,
        figure,
        section,
        unit,
        better,
    } = head;
    let best = best_of(better, &values, &differences, unit, labels);
    Row {
        key,
        label,
        figure,
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
    values: &[Cell],
    diffs: &[Option<Difference>],
    unit: Unit,
    labels: &[String],
) -> Option<Best> {
    if better == Better::Neither || values.iter().any(|v| v.value.is_none()) {
        return None;
    }
    let sign = if better == Better::Higher { 1.0 } else { -1.0 };
    let score = |i: usize| sign * values[i].figure().unwrap_or(0.0);
    let best = (0..values.len()).max_by(|&a, &b| score(a).total_cmp(&score(b)))?;
    let clear = |d: &Difference| {
        if d.value.ci_low == d.value.ci_high {
            d.value.estimate != 0.0
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
    if against.iter().any(|d| d.value.estimate.abs() < threshold) {
        return Some(Best::NoMaterialDifference);
    }
    Some(Best::Design {
        label: labels[best].clone(),
        index: best,
    })
}
