//! What the readings do to a verdict under uncertainty: each reading's
//! effect on the share intact and on the differences between the designs
//! (fitted from the draws, or paired re-runs), and what would flip the
//! verdict.

use super::fit::{ols, Coef};
use super::uncertain::{Ctx, Draw};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One reading's effect, paired over the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingEffect {
    /// The reading's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its probability (in the first design that has it).
    pub probability: f64,
    /// The share of the draws in which it was on (in the first design that
    /// has it).
    pub on_share: f64,
    /// The designs that have it.
    pub designs: Vec<String>,
    /// Per design: its share intact with the reading minus without it, over
    /// the draws (`null` for a design without it).
    pub effect_on_intact: Vec<Option<f64>>,
    /// Per design: the 95 % interval of `effect_on_intact`.
    pub effect_on_intact_interval: Vec<Option<[f64; 2]>>,
    /// Per design: the reading's effect on that design's difference from the
    /// first (`null` for the first design).
    pub effect_on_difference: Vec<Option<f64>>,
    /// Per design: the 95 % interval of `effect_on_difference`.
    pub effect_on_difference_interval: Vec<Option<[f64; 2]>>,
}

impl ReadingEffect {
    /// The largest effect on any difference, in absolute value.
    pub fn strength(&self) -> f64 {
        self.effect_on_difference
            .iter()
            .flatten()
            .fold(0.0, |m: f64, x| m.max(x.abs()))
    }
}

/// A reading's rate in the draws the other design won.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlipReading {
    /// The reading's id.
    pub id: String,
    /// Share of the flipped draws in which it was on.
    pub on_in_flips: f64,
    /// Share of all draws in which it was on.
    pub on_overall: f64,
}

/// A parameter's value in the draws the other design won.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlipParameter {
    /// `kind.param`.
    pub name: String,
    /// Its median in the flipped draws.
    pub in_flips: f64,
    /// Its median over all draws.
    pub overall: f64,
}

/// What would flip the verdict: the draws in which another design than the
/// most frequent winner wins, and what those draws have in common.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictFlip {
    /// The design that wins most draws.
    pub winner: String,
    /// Draws won by another design.
    pub flipped: u64,
    /// All draws.
    pub draws: u64,
    /// The designs that won the flipped draws.
    pub flipped_to: Vec<String>,
    /// Readings on at least 10 points more often in the flipped draws than
    /// overall, most over-represented first.
    pub readings: Vec<FlipReading>,
    /// The three kind parameters whose median moves most (relative to their
    /// spread) in the flipped draws.
    pub parameters: Vec<FlipParameter>,
}

impl fmt::Display for VerdictFlip {
    /// The "what would flip it" line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.flipped == 0 {
            return write!(
                f,
                "What would flip it: nothing within the stated readings and ranges ({} wins all {} draws).",
                self.winner, self.draws
            );
        }
        write!(
            f,
            "What would flip it: {} wins {} of {} draws",
            self.flipped_to.join(" or "),
            self.flipped,
            self.draws
        )?;
        let readings: Vec<String> = self
            .readings
            .iter()
            .map(|r| {
                format!(
                    "{} on ({:.0}% of them vs {:.0}% overall)",
                    r.id,
                    100.0 * r.on_in_flips,
                    100.0 * r.on_overall
                )
            })
            .collect();
        let params: Vec<String> = self
            .parameters
            .iter()
            .map(|p| {
                format!(
                    "{} ≈ {:.3} (median {:.3} overall)",
                    p.name, p.in_flips, p.overall
                )
            })
            .collect();
        if !readings.is_empty() {
            write!(f, "; in those draws: {}", readings.join(", "))?;
        }
        if !params.is_empty() {
            write!(f, "; {}", params.join(", "))?;
        }
        f.write_str(".")
    }
}

/// The per-design (with − without) paired effect of reading `r` of design
/// `i` in one draw.
fn paired(dr: &Draw, i: usize, r: usize) -> f64 {
    let here = dr.outcomes[i].intact;
    let other = dr.toggled[i][r];
    if dr.chosen[i].contains(&r) {
        here - other
    } else {
        other - here
    }
}

/// The mean of per-draw effects with its standard error.
fn mean_coef(xs: impl Iterator<Item = f64>) -> Option<Coef> {
    let xs: Vec<f64> = xs.collect();
    let k = xs.len() as f64;
    if xs.is_empty() {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / k;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
    Some(Coef {
        value: mean,
        se: (var / k).sqrt(),
    })
}

/// Reading ids and, per design, the reading's index in that design.
type ById<'a> = BTreeMap<&'a str, Vec<Option<usize>>>;

/// The effects on design `i`'s share intact of its readings (in model
/// order): fitted on the paired difference between each draw's as-drawn
/// and readings-off runs, or the mean of the paired re-runs.
fn design_effects(ctx: &Ctx, draws: &[Draw], i: usize) -> Vec<Option<Coef>> {
    let readings = ctx.designs[i].model.readings.len();
    if ctx.opts.paired_readings {
        return (0..readings)
            .map(|r| mean_coef(draws.iter().map(|dr| paired(dr, i, r))))
            .collect();
    }
    let on = |r: usize| -> Vec<f64> {
        draws
            .iter()
            .map(|dr| f64::from(u8::from(dr.chosen[i].contains(&r))))
            .collect()
    };
    let columns: Vec<Vec<f64>> = (0..readings).map(on).collect();
    let y: Vec<f64> = draws
        .iter()
        .map(|dr| dr.outcomes[i].intact - dr.ranges_only[i].intact)
        .collect();
    ols(&columns, &y, false)
}

/// The effects of the readings of designs `i` and 0 on the difference
/// `i − 0`, by id (fitted jointly on the paired differences, a reading
/// both designs have being one column; or the paired re-runs' mean).
fn difference_effects<'a>(
    ctx: &Ctx,
    draws: &[Draw],
    ids: &ById<'a>,
    i: usize,
) -> BTreeMap<&'a str, Coef> {
    let mut out = BTreeMap::new();
    let present: Vec<(&str, Option<usize>, Option<usize>)> = ids
        .iter()
        .filter(|(_, at)| at[i].is_some() || at[0].is_some())
        .map(|(id, at)| (*id, at[i], at[0]))
        .collect();
    if ctx.opts.paired_readings {
        for (id, ri, r0) in present {
            let per_draw = draws.iter().map(|dr| {
                ri.map_or(0.0, |r| paired(dr, i, r)) - r0.map_or(0.0, |r| paired(dr, 0, r))
            });
            if let Some(c) = mean_coef(per_draw) {
                out.insert(id, c);
            }
        }
        return out;
    }
    let columns: Vec<Vec<f64>> = present
        .iter()
        .map(|&(_, ri, r0)| {
            draws
                .iter()
                .map(|dr| {
                    let on = match (ri, r0) {
                        (Some(r), _) => dr.chosen[i].contains(&r),
                        (None, Some(r)) => dr.chosen[0].contains(&r),
                        (None, None) => false,
                    };
                    f64::from(u8::from(on))
                })
                .collect()
        })
        .collect();
    let y: Vec<f64> = draws
        .iter()
        .map(|dr| {
            (dr.outcomes[i].intact - dr.ranges_only[i].intact)
                - (dr.outcomes[0].intact - dr.ranges_only[0].intact)
        })
        .collect();
    for ((id, _, _), c) in present.iter().zip(ols(&columns, &y, false)) {
        if let Some(c) = c {
            out.insert(*id, c);
        }
    }
    out
}

/// Every reading's effect, those that move the differences most first.
pub(super) fn effects(ctx: &Ctx, draws: &[Draw]) -> Vec<ReadingEffect> {
    let n = ctx.designs.len();
    let mut ids: ById = ById::new();
    for (i, d) in ctx.designs.iter().enumerate() {
        for (r, reading) in d.model.readings.iter().enumerate() {
            ids.entry(reading.id.as_str())
                .or_insert_with(|| vec![None; n])[i] = Some(r);
        }
    }
    let per_design: Vec<Vec<Option<Coef>>> =
        (0..n).map(|i| design_effects(ctx, draws, i)).collect();
    let on_diff: Vec<BTreeMap<&str, Coef>> = (0..n)
        .map(|i| {
            if i == 0 {
                Default::default()
            } else {
                difference_effects(ctx, draws, &ids, i)
            }
        })
        .collect();
    let count = draws.len().max(1) as f64;
    let mut out: Vec<ReadingEffect> = ids
        .iter()
        .map(|(&id, at)| {
            let first = at.iter().enumerate().find_map(|(i, r)| r.map(|r| (i, r)));
            let reading = first.map(|(i, r)| &ctx.designs[i].model.readings[r]);
            let on_share = first.map_or(0.0, |(i, r)| {
                draws.iter().filter(|dr| dr.chosen[i].contains(&r)).count() as f64 / count
            });
            let on_intact: Vec<Option<Coef>> = (0..n)
                .map(|i| at[i].and_then(|r| per_design[i][r]))
                .collect();
            let on_difference: Vec<Option<Coef>> = (0..n)
                .map(|i| {
                    (i > 0).then(|| {
                        on_diff[i].get(id).copied().unwrap_or(Coef {
                            value: 0.0,
                            se: 0.0,
                        })
                    })
                })
                .collect();
            ReadingEffect {
                id: id.to_string(),
                name: reading.map_or_else(|| id.to_string(), |r| r.name.clone()),
                probability: reading.map_or(0.0, |r| r.probability.get()),
                on_share,
                designs: (0..n)
                    .filter(|&i| at[i].is_some())
                    .map(|i| ctx.designs[i].label.clone())
                    .collect(),
                effect_on_intact: on_intact.iter().map(|c| c.map(|c| c.value)).collect(),
                effect_on_intact_interval: on_intact
                    .iter()
                    .map(|c| c.map(Coef::interval))
                    .collect(),
                effect_on_difference: on_difference.iter().map(|c| c.map(|c| c.value)).collect(),
                effect_on_difference_interval: on_difference
                    .iter()
                    .map(|c| c.map(Coef::interval))
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.strength()
            .total_cmp(&a.strength())
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

/// What the draws another design won have in common.
pub(super) fn flip(ctx: &Ctx, draws: &[Draw], winner: usize) -> VerdictFlip {
    let n = ctx.designs.len();
    let best = |dr: &Draw| {
        (0..n)
            .max_by(|&a, &b| dr.outcomes[a].intact.total_cmp(&dr.outcomes[b].intact))
            .unwrap_or(0)
    };
    let flipped: Vec<&Draw> = draws.iter().filter(|dr| best(dr) != winner).collect();
    let mut to: Vec<usize> = flipped.iter().map(|dr| best(dr)).collect();
    to.sort_unstable();
    to.dedup();
    let mut out = VerdictFlip {
        winner: ctx.designs[winner].label.clone(),
        flipped: flipped.len() as u64,
        draws: draws.len() as u64,
        flipped_to: to.iter().map(|&i| ctx.designs[i].label.clone()).collect(),
        readings: Vec::new(),
        parameters: Vec::new(),
    };
    if flipped.is_empty() {
        return out;
    }
    let share_on = |set: &[&Draw], i: usize, r: usize| {
        set.iter().filter(|dr| dr.chosen[i].contains(&r)).count() as f64 / set.len().max(1) as f64
    };
    let all: Vec<&Draw> = draws.iter().collect();
    for (i, d) in ctx.designs.iter().enumerate() {
        for (r, reading) in d.model.readings.iter().enumerate() {
            let (f, o) = (share_on(&flipped, i, r), share_on(&all, i, r));
            if f - o >= 0.1 && !out.readings.iter().any(|x| x.id == reading.id) {
                out.readings.push(FlipReading {
                    id: reading.id.clone(),
                    on_in_flips: f,
                    on_overall: o,
                });
            }
        }
    }
    out.readings.sort_by(|a, b| {
        (b.on_in_flips - b.on_overall)
            .total_cmp(&(a.on_in_flips - a.on_overall))
            .then_with(|| a.id.cmp(&b.id))
    });
    out.parameters = shifted_parameters(draws, &flipped);
    out
}

/// The three parameters whose median moves most in the flipped draws,
/// relative to their 5–95 % spread over all draws.
fn shifted_parameters(draws: &[Draw], flipped: &[&Draw]) -> Vec<FlipParameter> {
    let mut names: Vec<&String> = draws
        .first()
        .map(|d| d.values.iter().flatten().map(|(k, _, _)| k).collect())
        .unwrap_or_default();
    names.sort();
    names.dedup();
    let value = |dr: &Draw, name: &str| dr.value(name);
    let mut out: Vec<(f64, FlipParameter)> = names
        .into_iter()
        .filter_map(|name| {
            let all: Vec<f64> = draws.iter().filter_map(|d| value(d, name)).collect();
            let fl: Vec<f64> = flipped.iter().filter_map(|d| value(d, name)).collect();
            let mut sorted = all.clone();
            sorted.sort_by(f64::total_cmp);
            let width = sorted.last()? - sorted.first()?;
            if width <= 0.0 || fl.is_empty() {
                return None;
            }
            let p = FlipParameter {
                name: name.clone(),
                in_flips: median(fl),
                overall: median(all),
            };
            Some(((p.in_flips - p.overall).abs() / width, p))
        })
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    out.into_iter()
        .take(3)
        .filter(|(s, _)| *s >= 0.1)
        .map(|(_, p)| p)
        .collect()
}
