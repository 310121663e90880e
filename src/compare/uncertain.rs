//! Robustness under uncertainty (`hviske compare --uncertain`): how often
//! each design wins when every assumption — the per-kind parameters and the
//! contested readings of the evidence — is drawn from its stated range.
//!
//! In each draw:
//! 1. every reading of every design is on with its probability: reading
//!    `r` is on in draw `d` when `unit(key(key(key(seed', READING), id(r)), d))`
//!    is below its probability, so a reading with the same id in two designs
//!    is on in the same draws (common random numbers), and probability 0 or 1
//!    means never or always;
//! 2. the model under the readings that are on gets every stated assumption
//!    moved within its range: per channel kind and parameter (applied to the
//!    kind's value and to every channel of that kind that states its own
//!    value, so an evidence-based weak channel stays weaker than its kind by
//!    the same amount), and per actor whose attendance is below 1. Where the
//!    model gives a range for a kind's parameter (`ranges`), the kind's value
//!    is drawn uniformly from it; otherwise probabilities move by up to
//!    ±[`UncertainOptions::spread_probability`] (clamped to [0, 1]) and days
//!    are multiplied by a factor in 1 ± [`UncertainOptions::spread_days`]. The
//!    uniform number of kind `k`, parameter `j` is
//!    `unit(key(key(key(draw, KIND), id(k)), j))` and that of actor `a`
//!    `unit(key(key(draw, ACTOR), id(a)))`, with
//!    `draw = key(key(seed', DRAW), d)`: keyed by name, never by position, so
//!    every design (and every reading switched on or off) sees the same
//!    values;
//! 3. each design is simulated from the deepest level to the top with the
//!    comparison seed.
//!
//! Every reading's effect is then measured **paired**: the same draw again
//! with that reading switched the other way ([`super::readings`]). Draws
//! are independent of each other and of the thread count.

use super::readings::{effects, flip, ReadingEffect, VerdictFlip};
use super::run::simulate_direction;
use super::{days_value, CompareError, CompareOptions, Design};
use crate::graph;
use crate::model::{Days, Model, Probability};
use crate::scenario::apply_readings;
use crate::sim::key::{key, str_key, unit};
use crate::sim::{self, Estimate};
use serde::Serialize;
use std::collections::BTreeSet;

/// Purpose tags of the draws (after the engine's own, see [`crate::sim`]).
const TAG_DRAW: u64 = 0x7501;
const TAG_KIND: u64 = 0x7502;
const TAG_ACTOR: u64 = 0x7503;
const TAG_READING: u64 = 0x7504;

/// How the assumptions are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainOptions {
    /// Number of draws.
    pub draws: u32,
    /// Probabilities (fidelity, distortion, attendance) move by up to ± this.
    pub spread_probability: f64,
    /// Days (latency, cadence) are scaled by a factor in 1 ± this.
    pub spread_days: f64,
    /// Trials per source fact in each draw.
    pub trials: u64,
}

impl Default for UncertainOptions {
    fn default() -> Self {
        UncertainOptions {
            draws: 100,
            spread_probability: 0.1,
            spread_days: 0.5,
            trials: 128,
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
    /// Its share of facts reaching the top intact across the draws.
    pub intact: Spread,
    /// Its share minus the first design's, across the draws (`null` for the
    /// first design).
    pub difference: Option<Spread>,
    /// Its median days to the top across the draws.
    pub days_median: Spread,
    /// The base case: its share intact under its own point values and main
    /// reading, with the same trials per source as each draw.
    pub base_intact: f64,
    /// Share of the draws below the base case (where the base case sits in
    /// the draws' distribution).
    pub base_percentile: f64,
    /// The ids of its readings.
    pub readings: Vec<String>,
}

/// The robustness report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    /// Number of draws.
    pub draws: u32,
    /// The seed of the draws and of every simulation.
    pub seed: u64,
    /// Trials per source fact in each draw.
    pub trials: u64,
    /// One record per design.
    pub designs: Vec<DesignOdds>,
    /// Every reading's paired effect, those that move the verdict most first.
    pub readings: Vec<ReadingEffect>,
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
/// stated assumption moved within its range. Readings are keyed by id and
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

/// A uniform number in [−1, 1] for kind `kind` (`""`: the defaults) and
/// parameter `j` in the draw with key `dk`.
fn kind_u(dk: u64, kind: &str, j: u64) -> f64 {
    2.0 * unit(key(key(key(dk, TAG_KIND), str_key(kind)), j)) - 1.0
}

/// Moves every stated assumption of `m` within its range (draw key `dk`);
/// returns the kinds' drawn values as `("kind.param", value)`.
pub(super) fn perturb(m: &mut Model, dk: u64, opts: &UncertainOptions) -> Vec<(String, f64)> {
    let kinds: BTreeSet<String> = m
        .kinds
        .keys()
        .cloned()
        .chain(m.channels.iter().filter_map(|c| c.kind.clone()))
        .collect();
    let mut drawn_values = Vec::new();
    for kind in kinds.iter().map(Some).chain([None]) {
        let name = kind.map_or("", String::as_str);
        let u: [f64; 4] = std::array::from_fn(|j| kind_u(dk, name, j as u64));
        let base = m.kind_params(kind.map(String::as_str));
        let range = kind
            .and_then(|k| m.ranges.get(k))
            .map(|r| r.as_array())
            .unwrap_or_default();
        let drawn = |k: usize| range[k].map(|(lo, hi)| lo + (u[k] + 1.0) / 2.0 * (hi - lo));
        let shift_p = |k: usize, p: Probability, stated: Probability| {
            let x = drawn(k).map_or(p.get() + u[k] * opts.spread_probability, |x| {
                p.get() + x - stated.get()
            });
            Probability::new(x.clamp(0.0, 1.0)).unwrap_or(p)
        };
        let shift_d = |k: usize, d: Days, stated: Days, positive: bool| {
            let x = match drawn(k) {
                Some(x) if stated.get() > 0.0 => d.get() * x / stated.get(),
                _ => d.get() * (1.0 + u[k] * opts.spread_days),
            };
            Days::new(x)
                .filter(|v| !positive || v.get() > 0.0)
                .unwrap_or(d)
        };
        let entry = match kind {
            Some(k) => m.kinds.entry(k.clone()).or_default(),
            None => &mut m.defaults,
        };
        let f = shift_p(0, base.fidelity, base.fidelity);
        entry.fidelity = Some(f);
        entry.distortion = Some(shift_p(1, base.distortion, base.distortion));
        entry.latency_days = Some(shift_d(2, base.latency_days, base.latency_days, false));
        entry.every_days = Some(shift_d(3, base.every_days, base.every_days, true));
        if let Some(k) = kind {
            drawn_values.push((format!("{k}.fidelity"), f.get()));
        }
        for c in m.channels.iter_mut().filter(|c| c.kind.as_ref() == kind) {
            let own = &mut c.own;
            own.fidelity = own.fidelity.map(|p| shift_p(0, p, base.fidelity));
            own.distortion = own.distortion.map(|p| shift_p(1, p, base.distortion));
            own.latency_days = own
                .latency_days
                .map(|d| shift_d(2, d, base.latency_days, false));
            own.every_days = own.every_days.map(|d| shift_d(3, d, base.every_days, true));
        }
    }
    for a in m.actors.iter_mut().filter(|a| a.attendance.get() < 1.0) {
        let u = 2.0 * unit(key(key(dk, TAG_ACTOR), str_key(a.id.as_str()))) - 1.0;
        let x = (a.attendance.get() + u * opts.spread_probability).clamp(0.0, 1.0);
        a.attendance = Probability::new(x).unwrap_or(a.attendance);
    }
    m.resolve();
    drawn_values
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
}

impl Ctx<'_> {
    /// Design `i` under the readings `chosen`, perturbed with draw key `dk`
    /// (`None`: the base case, no perturbation), simulated up.
    pub fn simulate(
        &self,
        i: usize,
        chosen: &[usize],
        dk: Option<u64>,
    ) -> Result<(Outcome, Vec<(String, f64)>), CompareError> {
        let d = &self.designs[i];
        let mut m = apply_readings(&d.model, chosen).map_err(|error| CompareError::Reading {
            design: d.label.clone(),
            error,
        })?;
        let drawn = dk
            .map(|k| perturb(&mut m, k, self.opts))
            .unwrap_or_default();
        let opts = CompareOptions {
            trials: Some(self.opts.trials),
            seed: self.seed,
            horizon_days: None,
            ..self.compare.clone()
        };
        let r = simulate_direction(&d.label, &graph::build(&m), true, &opts, None)?;
        let days = days_value(&r, 0.5).figure().filter(|d| d.is_finite());
        Ok((
            Outcome {
                intact: r.shares.intact.estimate,
                days,
            },
            drawn,
        ))
    }

    /// The readings of design `i` that are on in draw `d`.
    pub fn chosen(&self, i: usize, d: u32) -> Vec<usize> {
        let m = &self.designs[i].model;
        (0..m.readings.len())
            .filter(|&r| reading_on(self.seed, &m.readings[r].id, m.readings[r].probability, d))
            .collect()
    }
}

/// Everything one draw gives.
pub(super) struct Draw {
    /// Per design.
    pub outcomes: Vec<Outcome>,
    /// Per design, the readings that were on.
    pub chosen: Vec<Vec<usize>>,
    /// Per design and reading, the share intact with the reading switched
    /// the other way.
    pub toggled: Vec<Vec<f64>>,
    /// The kinds' drawn values (first design that has the kind).
    pub values: Vec<(String, f64)>,
}

fn one_draw(ctx: &Ctx, d: u32) -> Result<Draw, CompareError> {
    let dk = draw_key(ctx.seed, d);
    let mut draw = Draw {
        outcomes: Vec::new(),
        chosen: Vec::new(),
        toggled: Vec::new(),
        values: Vec::new(),
    };
    for i in 0..ctx.designs.len() {
        let chosen = ctx.chosen(i, d);
        let (o, values) = ctx.simulate(i, &chosen, Some(dk))?;
        for (k, v) in values {
            if !draw.values.iter().any(|(x, _)| *x == k) {
                draw.values.push((k, v));
            }
        }
        let mut toggled = Vec::new();
        for r in 0..ctx.designs[i].model.readings.len() {
            let other: Vec<usize> = if chosen.contains(&r) {
                chosen.iter().copied().filter(|&x| x != r).collect()
            } else {
                let mut c = chosen.clone();
                c.push(r);
                c.sort_unstable();
                c
            };
            toggled.push(ctx.simulate(i, &other, Some(dk))?.0.intact);
        }
        draw.outcomes.push(o);
        draw.chosen.push(chosen);
        draw.toggled.push(toggled);
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

/// Runs the draws and counts wins; measures every reading's paired effect.
///
/// `progress(done, total)`, when given, counts draws. Each draw simulates every design
/// once, plus once per reading of that design (its paired counterpart).
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
    let mut draws = Vec::with_capacity(opts.draws as usize);
    for d in 0..opts.draws {
        draws.push(one_draw(&ctx, d)?);
        if let Some(progress) = progress {
            progress(u64::from(d) + 1, u64::from(opts.draws));
        }
    }
    let base: Vec<f64> = (0..designs.len())
        .map(|i| ctx.simulate(i, &[], None).map(|(o, _)| o.intact))
        .collect::<Result<_, _>>()?;
    Ok(summarise(&ctx, &draws, &base))
}

fn summarise(ctx: &Ctx, draws: &[Draw], base: &[f64]) -> Robustness {
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
    let odds = (0..n)
        .map(|i| {
            let intact = col(&|dr| Some(dr.outcomes[i].intact));
            let below = intact.iter().filter(|&&x| f64::from(x) < base[i]).count();
            DesignOdds {
                label: ctx.designs[i].label.clone(),
                wins_intact: Estimate::from_counts(wins_intact[i], total, total),
                wins_days: Estimate::from_counts(wins_days[i], days_draws, days_draws),
                difference: (i > 0).then(|| {
                    spread(col(&|dr| {
                        Some(dr.outcomes[i].intact - dr.outcomes[0].intact)
                    }))
                }),
                days_median: spread(col(&|dr| dr.outcomes[i].days)),
                intact: spread(intact),
                base_intact: base[i],
                base_percentile: below as f64 / total.max(1) as f64,
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
    let flip = flip(ctx, draws, winner);
    let assumptions = notes(ctx, &odds);
    Robustness {
        draws: ctx.opts.draws,
        seed: ctx.seed,
        trials: ctx.opts.trials,
        designs: odds,
        readings,
        flip,
        assumptions,
    }
}

fn notes(ctx: &Ctx, odds: &[DesignOdds]) -> Vec<String> {
    let opts = ctx.opts;
    let mut out = vec![
        format!(
            "Each of {} draws switches every reading on with its probability (the same reading id is on in the same draws in every design), \
             then takes every channel kind's parameters uniformly from the model's ranges where it gives them ({}), \
             else moves fidelity and distortion by up to ±{} and latency and cadence by a factor in 1 ± {}; the attendance of every actor \
             below 1 moves by up to ±{}; channels with their own values shift with their kind; every design gets the same draws.",
            opts.draws,
            ranged_kinds(ctx.designs),
            opts.spread_probability,
            opts.spread_days,
            opts.spread_probability
        ),
        format!(
            "Per draw, {} trials per source from the deepest level to the top, seed {}; a win is the highest share intact (or fewest median days) in that draw, \
             so close draws are partly decided by Monte-Carlo noise. Win shares carry a {} over the draws. A reading's effect is the mean, over the draws, \
             of the share intact with it minus without it, the rest of the draw unchanged (paired).",
            opts.trials,
            ctx.seed,
            sim::INTERVAL_METHOD
        ),
    ];
    if ctx.compare.start != sim::Start::default() {
        out.push(format!("Calendar: {}.", ctx.compare.start.describe()));
    }
    for o in odds {
        out.push(format!(
            "Base case of {}: {:.0}% intact under its own point values and main reading, above {:.0}% of its draws. The draws differ from the base case \
             because a kind's point value need not be the centre of its range (ranges are drawn uniformly) and because each reading is on with its probability.",
            o.label,
            100.0 * o.base_intact,
            100.0 * o.base_percentile
        ));
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
