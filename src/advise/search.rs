//! The search: a seeded, beam-limited Pareto local search.
//!
//! Step 0 evaluates the start. Each step takes the *frontier* (at most
//! [`AdviseOptions::beam`] designs found in the step before that are on
//! the front, the best in each objective first, plus up to
//! [`REPAIR_SLOTS`] designs that break only the level limit or the budget,
//! nearest to keeping them, since a later move may repair them) and
//! applies every allowed move to each ([`moves`]); every new design
//! (different from all seen before, by its model's contents) is simulated
//! under common random numbers (one seed for all: the draws are keyed by
//! channel, so designs that share a channel share its coins) and measured
//! against the constraints. The search stops after
//! [`AdviseOptions::steps`] steps or when a step adds nothing to the front.
//!
//! Cost: at most `steps × (beam + REPAIR_SLOTS) × max_moves` candidates,
//! each simulated up and down with [`AdviseOptions::search_trials`] trials
//! per direction plus one removal ranking. Candidates are evaluated in
//! parallel and gathered in their generation order, so the result is the
//! same for any thread count.

use super::evaluate::{self, Breach, Constraints, Objectives, SearchSim, Standing};
use super::front::front;
use super::space::{moves, Move};
use super::{AdviseError, AdviseOptions};
use crate::model::Model;
use crate::scenario;
use crate::sim::key::{key, str_key};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Designs that break only a repairable constraint expanded per step.
pub const REPAIR_SLOTS: usize = 2;

/// One evaluated design.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub moves: Vec<Move>,
    pub model: Model,
    pub objectives: Objectives,
    pub standing: Standing,
    pub breaches: Vec<Breach>,
    /// The step that found it (0: the start).
    pub step: u32,
}

impl Candidate {
    pub fn feasible(&self) -> bool {
        self.breaches.is_empty()
    }

    fn changes(&self) -> usize {
        self.moves.iter().map(|m| m.changes.len()).sum()
    }
}

/// A candidate's evaluation.
pub(super) enum Eval {
    /// Measured and simulated, with the trials it took.
    Done(Box<Candidate>, u64),
    /// Breaks a constraint no later move repairs (not simulated).
    Broken,
    /// Could not be simulated.
    Failed,
}

/// What the search found.
pub(super) struct Found {
    /// Every feasible or repairable design evaluated, in the order found.
    pub pool: Vec<Candidate>,
    /// Indices into `pool` of the front, simplest first.
    pub front: Vec<usize>,
    /// Candidates evaluated (the start included).
    pub evaluated: u64,
    /// Candidates that broke a constraint.
    pub infeasible: u64,
    /// Candidates whose changes could not be applied or simulated.
    pub rejected: u64,
    /// Trials simulated.
    pub trials: u64,
    /// Steps run.
    pub steps: u32,
}

/// A fingerprint of a model's contents (its name and assumptions left out).
fn fingerprint(m: &Model) -> u64 {
    let mut raw = m.to_raw();
    raw.name = None;
    raw.assumptions.clear();
    str_key(&serde_json::to_string(&raw).unwrap_or_default())
}

#[derive(Clone, Copy)]
pub(super) struct Search<'a> {
    pub opts: &'a AdviseOptions,
    pub constraints: &'a Constraints,
    pub sim: &'a SearchSim,
}

impl Search<'_> {
    /// Measures a built design: its structure first, and only when it keeps
    /// the constraints no later move can repair, its simulation.
    fn evaluate(&self, moves: Vec<Move>, model: Model, step: u32) -> Eval {
        let standing = evaluate::standing(&model);
        let breaches = self.constraints.breaches(&standing);
        if breaches.iter().any(|b| !b.repairable()) {
            return Eval::Broken;
        }
        let Ok((objectives, trials)) = evaluate::objectives(&model, self.sim) else {
            return Eval::Failed;
        };
        Eval::Done(
            Box::new(Candidate {
                moves,
                model,
                objectives,
                standing,
                breaches,
                step,
            }),
            trials,
        )
    }

    /// The front of the feasible designs in `pool`.
    fn front(pool: &[Candidate]) -> Vec<usize> {
        let feasible: Vec<usize> = (0..pool.len()).filter(|&i| pool[i].feasible()).collect();
        let points: Vec<Objectives> = feasible.iter().map(|&i| pool[i].objectives).collect();
        let rank = |k: usize| {
            let c = &pool[feasible[k]];
            (c.changes(), c.objectives.meeting_load, feasible[k])
        };
        front(&points, rank)
            .into_iter()
            .map(|k| feasible[k])
            .collect()
    }

    /// The designs to expand next: new front members, the best in each
    /// objective first, and the nearest repairable designs.
    fn frontier(&self, pool: &[Candidate], front: &[usize], step: u32) -> Vec<usize> {
        let new: Vec<usize> = front
            .iter()
            .copied()
            .filter(|&i| pool[i].step == step)
            .collect();
        let o = |i: usize| pool[i].objectives;
        let best = |score: &dyn Fn(usize) -> f64| {
            new.iter()
                .copied()
                .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
        };
        let mut out: Vec<usize> = Vec::new();
        let picks = [
            best(&|i| o(i).intact_up),
            best(&|i| o(i).intact_down),
            best(&|i| -o(i).days_up.unwrap_or(f64::INFINITY)),
            best(&|i| -o(i).meeting_load),
        ];
        for i in picks.into_iter().flatten().chain(new.iter().copied()) {
            if out.len() < self.opts.beam && !out.contains(&i) {
                out.push(i);
            }
        }
        let mut repair: Vec<usize> = (0..pool.len())
            .filter(|&i| {
                pool[i].step == step
                    && !pool[i].breaches.is_empty()
                    && pool[i].breaches.iter().all(|b| b.repairable())
            })
            .collect();
        let excess = |i: usize| self.constraints.excess(&pool[i].standing);
        repair.sort_by(|&a, &b| {
            let (x, y) = (excess(a), excess(b));
            x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(a.cmp(&b))
        });
        out.extend(repair.into_iter().take(REPAIR_SLOTS));
        out
    }

    /// Runs the search from `start`. `progress(done, estimate)` counts
    /// candidates evaluated.
    pub fn run(
        &self,
        start: &Model,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Found, AdviseError> {
        let root_constraints = Constraints {
            max_cutoff: f64::INFINITY,
            max_gateways: usize::MAX,
            ..self.constraints.clone()
        };
        // The start is always simulated: it is the reference, whatever it breaks.
        let start_search = Search {
            constraints: &root_constraints,
            ..*self
        };
        let Eval::Done(root, trials) = start_search.evaluate(Vec::new(), start.clone(), 0) else {
            return Err(AdviseError::StartNotSimulated);
        };
        let mut root = *root;
        root.breaches = self.constraints.breaches(&root.standing);
        let per_design = moves(start, &self.opts.space, self.opts.seed).len().max(1) as u64;
        let mut found = Found {
            pool: vec![root],
            front: vec![0],
            evaluated: 1,
            infeasible: 0,
            rejected: 0,
            trials,
            steps: 0,
        };
        let mut seen = BTreeSet::from([fingerprint(start)]);
        let mut frontier = vec![0];
        for step in 1..=self.opts.steps {
            // Each later step is guessed as wide as this one.
            let remaining = u64::from(self.opts.steps - step + 1);
            let estimate = found.evaluated + remaining * frontier.len() as u64 * per_design;
            let added = self.step(&mut found, &mut seen, &frontier, step, estimate, progress);
            found.steps = step;
            found.front = Self::front(&found.pool);
            frontier = self.frontier(&found.pool, &found.front, step);
            if added == 0 || frontier.is_empty() {
                break;
            }
        }
        progress(found.evaluated, found.evaluated);
        Ok(found)
    }

    /// One step: every move from every frontier design. Returns the number
    /// of new designs kept.
    fn step(
        &self,
        found: &mut Found,
        seen: &mut BTreeSet<u64>,
        frontier: &[usize],
        step: u32,
        estimate: u64,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> usize {
        let seed = key(self.opts.seed, u64::from(step));
        let children: Vec<(usize, Move)> = frontier
            .iter()
            .flat_map(|&p| {
                moves(&found.pool[p].model, &self.opts.space, seed)
                    .into_iter()
                    .map(move |mv| (p, mv))
            })
            .collect();
        let built: Vec<Option<(Model, u64)>> = children
            .par_iter()
            .map(|(p, mv)| {
                let m = scenario::apply(&found.pool[*p].model, &mv.changes).ok()?;
                let fp = fingerprint(&m);
                Some((m, fp))
            })
            .collect();
        let mut fresh = Vec::new();
        for ((p, mv), b) in children.into_iter().zip(built) {
            match b {
                Some((m, fp)) if seen.insert(fp) => {
                    let mut path = found.pool[p].moves.clone();
                    path.push(mv);
                    fresh.push((path, m));
                }
                Some(_) => {}
                None => found.rejected += 1,
            }
        }
        let done = std::sync::atomic::AtomicU64::new(found.evaluated);
        let total = estimate.max(found.evaluated + fresh.len() as u64);
        let evaluated: Vec<Eval> = fresh
            .into_par_iter()
            .map(|(path, m)| {
                let r = self.evaluate(path, m, step);
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(d, total);
                r
            })
            .collect();
        let mut added = 0;
        for e in evaluated {
            found.evaluated += 1;
            let (c, trials) = match e {
                Eval::Done(c, trials) => (*c, trials),
                Eval::Broken => {
                    found.infeasible += 1;
                    continue;
                }
                Eval::Failed => {
                    found.rejected += 1;
                    continue;
                }
            };
            found.trials += trials;
            if !c.feasible() {
                found.infeasible += 1;
            }
            found.pool.push(c);
            added += 1;
        }
        added
    }
}
