//! The scheduler: work units of a fixed number of trials spread over rayon's
//! threads, with integer tallies merged in unit order, so a result never
//! depends on the thread count.

use super::result::assemble;
use super::{bits, fact, key, Csr, FactOutcome, Query, SimConfig, SimResult, Start};
use crate::graph::OrgGraph;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Trials per work unit on the bit-parallel path (one machine word).
const WORD: u64 = 64;

/// Trials per work unit on the timed path (small, so that a few trials on a
/// large graph still spread over threads).
const GENERAL_UNIT: u64 = 4;

/// Salt folded into the seed before anything else.
pub(super) const SALT: u64 = 0x6876;

/// Integer tallies of a range of work units, plus their outcomes in order.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) actor_intact: Vec<u64>,
    pub(super) actor_reached: Vec<u64>,
    pub(super) level_intact: Vec<u64>,
    pub(super) level_reached: Vec<u64>,
    pub(super) outcomes: Vec<FactOutcome>,
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
pub(super) struct Ctx<'a> {
    csr: &'a Csr,
    sources: &'a [usize],
    pub(super) targets: Vec<Vec<usize>>,
    /// Index into the level list per actor (`usize::MAX` = no level).
    level_of: Vec<usize>,
    levels: usize,
    pub(super) trials: u64,
    pub(super) facts: u64,
    /// Trials per work unit.
    per_unit: u64,
    /// Work units per source fact.
    units_per_fact: u64,
    seed: u64,
    start: Start,
    /// The targets to stop on (bit-parallel path, targets only).
    stop: Option<bits::Stop>,
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

    fn bits_unit(
        &self,
        arcs: &bits::Arcs<'_>,
        u: u64,
        s: &mut bits::Scratch,
        tally: &mut Tally,
        words: &mut [u64],
    ) {
        let (si, f, w) = self.unit(u);
        let src = self.sources[si];
        let wk = key::key(key::key(self.fact_key(si, f), key::TAG_WORD), w);
        let count = (self.trials - w * WORD).min(WORD);
        let mask = if count == WORD {
            !0
        } else {
            (1u64 << count) - 1
        };
        bits::run(arcs, src, mask, wk, self.stop.as_ref(), s);
        for j in 0..count {
            for &t in &self.targets[si] {
                let reached = s.reach(t) >> j & 1 == 1;
                tally.outcomes.push(FactOutcome {
                    intact: reached,
                    reached,
                    arrival_day: None,
                });
            }
        }
        if self.stop.is_some() {
            // Only the targets' words are exact.
            return;
        }
        words.iter_mut().for_each(|x| *x = 0);
        for &v in &s.touched {
            let v = v as usize;
            let held = s.reach(v);
            let c = u64::from(held.count_ones());
            tally.actor_reached[v] += c;
            tally.actor_intact[v] += c;
            let l = self.level_of[v];
            if l != usize::MAX {
                words[l] |= held;
            }
        }
        for (l, &x) in words.iter().enumerate() {
            let c = u64::from(x.count_ones());
            tally.level_reached[l] += c;
            tally.level_intact[l] += c;
        }
    }
}

/// Runs the work units of a checked configuration on the chosen path and
/// assembles the result.
pub(super) fn run(
    g: &OrgGraph<'_>,
    csr: &Csr,
    q: &Query,
    cfg: &SimConfig,
    progress: super::Progress<'_>,
    use_bits: bool,
) -> SimResult {
    let trials = cfg.trials();
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
        stop: (use_bits && cfg.targets_only).then(|| bits::Stop::new(csr, &q.targets)),
    };
    let units = q.sources.len() as u64 * ctx.facts * ctx.units_per_fact;
    let total_runs = q.sources.len() as u64 * ctx.facts * trials;
    let done = AtomicU64::new(0);
    let n = csr.n;
    let nl = ctx.levels;
    let finished = |u: u64| {
        let (_, _, word) = ctx.unit(u);
        let runs = (trials - word * ctx.per_unit).min(ctx.per_unit);
        let done = done.fetch_add(runs, Ordering::Relaxed) + runs;
        if let Some(progress) = progress {
            progress(done, total_runs);
        }
    };
    let new_tally = || Tally::new(n, nl);
    let tally = if use_bits {
        let arcs = bits::Arcs::new(csr);
        run_units(
            units,
            || bits::Scratch::new(&arcs),
            || vec![0u64; nl],
            new_tally,
            |u, s, t, w| {
                ctx.bits_unit(&arcs, u, s, t, w);
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
    assemble(g, q, cfg, &ctx, &level_list, tally, use_bits)
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
