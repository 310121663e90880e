//! What the readings do to a verdict under uncertainty: each reading's
//! paired effect on the share intact and on the differences between the
//! designs, and what would flip the verdict.

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
    /// The designs that have it.
    pub designs: Vec<String>,
    /// Per design: the mean over the draws of its share intact with the
    /// reading minus without it (`null` for a design without it).
    pub effect_on_intact: Vec<Option<f64>>,
    /// Per design: the reading's effect on that design's difference from the
    /// first (`null` for the first design).
    pub effect_on_difference: Vec<Option<f64>>,
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

/// The per-design (with − without) effect of reading `r` of design `i` in
/// one draw.
fn effect(dr: &Draw, i: usize, r: usize) -> f64 {
    let here = dr.outcomes[i].intact;
    let other = dr.toggled[i][r];
    if dr.chosen[i].contains(&r) {
        here - other
    } else {
        other - here
    }
}

/// Every reading's paired effect, those that move the differences most first.
pub(super) fn effects(ctx: &Ctx, draws: &[Draw]) -> Vec<ReadingEffect> {
    let n = ctx.designs.len();
    let mut ids: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
    for (i, d) in ctx.designs.iter().enumerate() {
        for (r, reading) in d.model.readings.iter().enumerate() {
            ids.entry(reading.id.as_str())
                .or_insert_with(|| vec![None; n])[i] = Some(r);
        }
    }
    let count = draws.len().max(1) as f64;
    let mut out: Vec<ReadingEffect> = ids
        .into_iter()
        .map(|(id, at)| {
            let first = at.iter().enumerate().find_map(|(i, r)| r.map(|r| (i, r)));
            let reading = first.map(|(i, r)| &ctx.designs[i].model.readings[r]);
            let on_intact: Vec<Option<f64>> = (0..n)
                .map(|i| {
                    at[i].map(|r| draws.iter().map(|dr| effect(dr, i, r)).sum::<f64>() / count)
                })
                .collect();
            let base = on_intact[0].unwrap_or(0.0);
            ReadingEffect {
                id: id.to_string(),
                name: reading.map_or_else(|| id.to_string(), |r| r.name.clone()),
                probability: reading.map_or(0.0, |r| r.probability.get()),
                designs: (0..n)
                    .filter(|&i| at[i].is_some())
                    .map(|i| ctx.designs[i].label.clone())
                    .collect(),
                effect_on_difference: (0..n)
                    .map(|i| (i > 0).then(|| on_intact[i].unwrap_or(0.0) - base))
                    .collect(),
                effect_on_intact: on_intact,
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
    let names: Vec<&String> = draws
        .first()
        .map(|d| d.values.iter().map(|(k, _)| k).collect())
        .unwrap_or_default();
    let value = |dr: &Draw, name: &str| dr.values.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
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
