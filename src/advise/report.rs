//! The front re-evaluated with a fresh seed by `compare`, and the report.

use super::evaluate::{self, Constraints, Objectives};
use super::search::{Candidate, Found, REPAIR_SLOTS};
use super::{front, Advice, AdviseError, AdviseOptions, Figure, Figures, Moved, Odds, Proposal};
use crate::compare::{self, CompareOptions, Comparison, Design, UncertainOptions};
use crate::model::Model;
use crate::scenario;

/// The start and each picked design, compared by `compare` with the fresh
/// seed: (proposal data without labels, trials up, trials down).
pub(super) struct Reevaluated {
    pub start: Proposal,
    pub front: Vec<Proposal>,
    pub trials: (u64, u64),
}

fn none_value() -> compare::Cell {
    compare::Cell {
        value: None,
        names: Vec::new(),
    }
}

fn figure(c: &Comparison, key: &str) -> Figure {
    let row = c.rows.iter().find(|r| r.key == key);
    Figure {
        value: row.map_or_else(none_value, |r| r.values[1].clone()),
        vs_start: row.and_then(|r| r.differences.get(1).cloned().flatten()),
    }
}

fn start_figure(c: &Comparison, key: &str) -> Figure {
    let row = c.rows.iter().find(|r| r.key == key);
    Figure {
        value: row.map_or_else(none_value, |r| r.values[0].clone()),
        vs_start: None,
    }
}

fn figures(c: &Comparison, f: &dyn Fn(&Comparison, &str) -> Figure) -> Figures {
    Figures {
        intact_up: f(c, "intact_up"),
        intact_down: f(c, "intact_down"),
        days_up: f(c, "days_up_median"),
        meeting_load: f(c, "meeting_load"),
    }
}

fn objectives(f: &Figures) -> Objectives {
    Objectives {
        intact_up: f.intact_up.value.figure().unwrap_or(0.0),
        intact_down: f.intact_down.value.figure().unwrap_or(0.0),
        days_up: f.days_up.value.figure(),
        meeting_load: f.meeting_load.value.figure().unwrap_or(0.0),
    }
}

fn moved(search: &Objectives, now: &Objectives) -> Moved {
    Moved {
        intact_up_points: 100.0 * (now.intact_up - search.intact_up),
        intact_down_points: 100.0 * (now.intact_down - search.intact_down),
        days_up: now.days_up.zip(search.days_up).map(|(a, b)| a - b),
    }
}

/// A proposal from a candidate and its figures.
fn proposal(label: String, c: &Candidate, model: Model, figures: Figures) -> Proposal {
    let now = objectives(&figures);
    Proposal {
        label,
        changes: c.moves.iter().flat_map(|m| m.changes.clone()).collect(),
        moves: c.moves.clone(),
        search: c.objectives,
        moved: moved(&c.objectives, &now),
        figures,
        still_on_front: true,
        standing: c.standing.clone(),
        odds: None,
        model,
    }
}

/// With `uncertain` the search scored designs by their mean over drawn
/// readings and ranges, so "moved" compares like with like: that mean again
/// with the fresh seed (fresh draws), not `compare`'s stated-value figures.
fn drawn_moved(
    p: &mut Proposal,
    c: &Candidate,
    opts: &AdviseOptions,
    fresh: u64,
) -> Result<(), AdviseError> {
    if opts.uncertain.is_none() {
        return Ok(());
    }
    let (now, _) = evaluate::objectives(&p.model, &super::search_sim(opts, fresh))?;
    p.moved = moved(&c.objectives, &now);
    Ok(())
}

/// Compares the start with each picked design (`compare` with seed
/// `fresh`), marks which are still on the front, and with `uncertain` draws
/// each against the start.
pub(super) fn reevaluate(
    start: &Model,
    found: &Found,
    picked: &[usize],
    opts: &AdviseOptions,
    fresh: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Reevaluated, AdviseError> {
    let copts = CompareOptions {
        seed: fresh,
        trials: opts.trials,
        start: opts.start,
        ..CompareOptions::default()
    };
    let design = |label: &str, model: Model| Design {
        label: label.into(),
        model,
    };
    let total = picked.len().max(1) as u64;
    let mut front = Vec::new();
    let mut first: Option<Comparison> = None;
    for (k, &i) in picked.iter().enumerate() {
        let c = &found.pool[i];
        // The design as a scenario file gives it: every change from the start.
        let changes: Vec<_> = c.moves.iter().flat_map(|m| m.changes.clone()).collect();
        let model = scenario::apply(start, &changes)?;
        let label = format!("design-{:02}", k + 1);
        let cmp = compare::compare(
            &[
                design("start", start.clone()),
                design(&label, model.clone()),
            ],
            &copts,
            None,
        )?;
        let mut p = proposal(label, c, model, figures(&cmp, &figure));
        drawn_moved(&mut p, c, opts, fresh)?;
        front.push(p);
        first.get_or_insert(cmp);
        progress(k as u64 + 1, total);
    }
    let cmp = match first {
        Some(c) => c,
        None => compare::compare(
            &[
                design("start", start.clone()),
                design("start", start.clone()),
            ],
            &copts,
            None,
        )?,
    };
    let trials = (cmp.trials_up, cmp.trials_down);
    let mut start_p = proposal(
        "start".into(),
        &found.pool[0],
        start.clone(),
        figures(&cmp, &start_figure),
    );
    drawn_moved(&mut start_p, &found.pool[0], opts, fresh)?;
    mark_front(&mut start_p, &mut front);
    if let Some(u) = &opts.uncertain {
        odds(start, &mut front, &copts, u, progress)?;
    }
    Ok(Reevaluated {
        start: start_p,
        front,
        trials,
    })
}

/// Which designs are still on the front with the re-evaluated figures.
fn mark_front(start: &mut Proposal, front: &mut [Proposal]) {
    let mut all: Vec<Objectives> = vec![objectives(&start.figures)];
    all.extend(front.iter().map(|p| objectives(&p.figures)));
    let kept = front::front(&all, |i| i);
    start.still_on_front = kept.contains(&0);
    for (k, p) in front.iter_mut().enumerate() {
        p.still_on_front = kept.contains(&(k + 1));
    }
}

/// Readings whose changes still apply to `m` (a move may remove what a
/// reading names); the rest are left out, as a scenario file's loader does.
fn applicable_readings(m: &mut Model) {
    let keep: Vec<bool> = (0..m.readings.len())
        .map(|r| scenario::apply_readings(m, &[r]).is_ok())
        .collect();
    let mut k = keep.into_iter();
    m.readings.retain(|_| k.next().unwrap_or(false));
}

fn odds(
    start: &Model,
    front: &mut [Proposal],
    copts: &CompareOptions,
    u: &UncertainOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(), AdviseError> {
    for p in front.iter_mut() {
        let mut model = p.model.clone();
        applicable_readings(&mut model);
        let designs = [
            Design {
                label: "start".into(),
                model: start.clone(),
            },
            Design {
                label: p.label.clone(),
                model,
            },
        ];
        let r = compare::robustness(&designs, copts, u, Some(progress))?;
        let d = &r.designs[1];
        p.odds = Some(Odds {
            beats_start: d.wins_intact,
            difference: d.difference.unwrap_or(d.intact),
        });
    }
    Ok(())
}

/// Assembles the report.
pub(super) fn assemble(
    start: &Model,
    opts: &AdviseOptions,
    constraints: Constraints,
    found: &Found,
    r: Reevaluated,
    fresh: u64,
) -> Advice {
    let mut frozen: Vec<String> = opts.space.frozen_actors.iter().cloned().collect();
    frozen.extend(
        opts.space
            .frozen_channels
            .iter()
            .map(|(a, b)| format!("{a}->{b}")),
    );
    let assumptions = vec![
        format!(
            "Search: seeded Pareto local search, at most {} steps; each step applies every allowed move (at most {} per design, \
             a keyed sample when there are more) to at most {} designs on the front found in the step before (the best in each objective first) \
             and to the {} nearest designs that break only the level limit or the budget; {} trials per direction per candidate, all with seed {} \
             (common random numbers: draws are keyed by channel, so designs that share a channel share its coins).",
            opts.steps, opts.space.max_moves, opts.beam, REPAIR_SLOTS, opts.search_trials, opts.seed
        ),
        "Objectives: facts intact up and down, median days up, meeting load; a design dominates another when it is better by at least \
         compare's materiality threshold (1 point, 7 days, 5% of the load) somewhere and worse by that much nowhere; designs within the \
         thresholds of each other everywhere count once, the one with fewer changes kept."
            .into(),
        format!(
            "Re-evaluation: the front and the start are compared by `compare` with seed {fresh} (not the search's) and {} trials per source up, \
             {} down, one run at the point values with every contested reading off, so a design picked for a lucky draw shows it; \"moved\" \
             is the re-evaluated figure minus the search's.{}",
            r.trials.0,
            r.trials.1,
            if opts.uncertain.is_some() {
                " The search and the odds against the start draw the readings and ranges."
            } else {
                " The readings and ranges are not drawn (the search's uncertain mode draws them)."
            }
        ),
        format!(
            "Constraints: meeting load at most {:.0} person-days/year; at most {} levels; no other single removal cuts off more than {:.1}% \
             of the deepest level and no more than {} gateway(s); no body without all three parties unless the start's already lacks one ({}).",
            constraints.budget_person_days,
            constraints.max_levels,
            100.0 * constraints.max_cutoff,
            constraints.max_gateways,
            if constraints.gaps_allowed.is_empty() {
                "none does".to_string()
            } else {
                constraints.gaps_allowed.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        ),
        crate::analysis::meeting::FORMULA.into(),
    ];
    Advice {
        start_name: start.name.clone(),
        seed: opts.seed,
        fresh_seed: fresh,
        trials: opts.trials,
        trials_up: r.trials.0,
        trials_down: r.trials.1,
        search_trials: opts.search_trials,
        steps: opts.steps,
        steps_run: found.steps,
        evaluated: found.evaluated,
        infeasible: found.infeasible,
        rejected: found.rejected,
        allowed: opts.space.allow.clone(),
        frozen,
        constraints,
        start: r.start,
        front: r.front,
        assumptions,
    }
}
