//! Measuring the designs and laying the figures out as rows.

use super::meeting_load;
use super::prose::verdict;
use super::table::row;
use super::*;
use crate::analysis::{self, AnalysisOptions};
use crate::graph;
use crate::sim::{self, Estimate, Query, SimConfig, SimResult};

/// Everything measured for one design.
pub(super) struct Figures {
    analysis: analysis::Analysis,
    /// The `gateways` row's value.
    gateways: Cell,
    /// The `worst_removal` row's value.
    worst_removal: Cell,
    up: SimResult,
    down: SimResult,
    load: MeetingLoad,
    /// Route hops up by evidence grade.
    route_hops: crate::model::EvidenceCounts,
}

impl Figures {
    pub(super) fn result(&self, up: bool) -> &SimResult {
        if up {
            &self.up
        } else {
            &self.down
        }
    }
}

/// Simulates one direction of one design on the general timed path: facts
/// from every deepest-level actor to the top level (`up`), or from the top
/// level to every deepest-level actor, with the options' seed, calendar and
/// horizon, and their runs per source fact (`None`: about
/// [`FACTS_PER_DIRECTION`] fact runs in all). `label` names the design in
/// errors; `g` is the graph of its model. Compare, sweep and the
/// uncertainty analysis all simulate through here.
pub(super) fn simulate_direction(
    label: &str,
    g: &graph::OrgGraph,
    up: bool,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<SimResult, CompareError> {
    let err = |error| CompareError::Sim {
        design: label.to_string(),
        error,
    };
    let q = Query::direction(g.model(), up).map_err(err)?;
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
fn removals(a: &analysis::Analysis) -> (Cell, Cell) {
    let all = |r: &&analysis::RemovalImpact| r.deepest > 0 && r.reached_after == 0;
    let gateways: Vec<String> = a
        .removal_impact
        .iter()
        .filter(all)
        .map(|r| r.id.clone())
        .collect();
    let worst = match a.removal_impact.iter().find(|r| !all(r)) {
        Some(r) if r.reach_share_loss > 0.0 => Cell {
            names: vec![r.id.clone()],
            ..Cell::exact(Some(r.reach_share_loss))
        },
        _ => Cell::exact(Some(0.0)),
    };
    (Cell::count(gateways), worst)
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
        up: simulate_direction(&d.label, &g, true, opts, progress)?,
        down: simulate_direction(&d.label, &g, false, opts, progress)?,
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
/// Takes two designs or more (labels and validated models) and the options
/// (seed, runs per source fact, horizon, calendar); returns a
/// [`Comparison`] of rows, each with every design's value, its difference
/// from the first design with a 95 % interval, and the better design where
/// one is clearly and materially better, plus the fairness section and a
/// one-line verdict. Cost: per design, the structural analysis (about
/// actors × arcs) and two simulations of about [`FACTS_PER_DIRECTION`]
/// fact runs each (or sources × `trials`), over rayon's threads.
///
/// `progress(done, total)` counts simulated runs over all designs.
///
/// ```
/// use hviske::compare::{compare, Best, CompareOptions, Design};
/// use hviske::scenario::{apply, Change};
/// let small = hviske::model::load("models/examples/small.json")?;
/// let without_u = apply(&small, &[Change::parse("remove:u")?])?;
/// let designs = [
///     Design { label: "small".into(), model: small },
///     Design { label: "without u".into(), model: without_u },
/// ];
/// let opts = CompareOptions { trials: Some(256), ..CompareOptions::default() };
/// let c = compare(&designs, &opts, &|_, _| {})?;
/// let intact = c.rows.iter().find(|r| r.key == "intact_up").unwrap();
/// // 826 of 1,536 fact runs reach the top intact in the first design.
/// assert_eq!(intact.values[0].estimate, Some(826.0 / 1536.0));
/// assert_eq!(intact.best, Some(Best::Design { label: "small".into(), index: 0 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
        reset_to_kind_parameters(&mut designs);
    }
    let figs: Vec<Figures> = designs
        .iter()
        .map(|d| figures(d, opts, progress))
        .collect::<Result<_, _>>()?;
    let labels: Vec<String> = designs.iter().map(|d| d.label.clone()).collect();
    let mut rows = Vec::new();
    let mut push =
        |key: &str, label: &str, section: Section, unit: Unit, better, values: Vec<Cell>| {
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
    let each = |f: &dyn Fn(&Figures) -> Cell| figs.iter().map(f).collect::<Vec<_>>();
    push(
        "levels",
        "levels",
        Section::Structure,
        Unit::Count,
        Better::Lower,
        each(&|f| Cell::exact(Some(f.analysis.levels as f64))),
    );
    push(
        "actors",
        "actors",
        Section::Structure,
        Unit::Count,
        Better::Neither,
        designs
            .iter()
            .map(|d| Cell::exact(Some(d.model.actors.len() as f64)))
            .collect(),
    );
    push(
        "channels",
        "channels",
        Section::Structure,
        Unit::Count,
        Better::Neither,
        designs
            .iter()
            .map(|d| Cell::exact(Some(d.model.channels.len() as f64)))
            .collect(),
    );
    push(
        "hops_up_longest",
        "longest hops up",
        Section::Structure,
        Unit::Hops,
        Better::Lower,
        each(&|f| Cell::exact(hops(f, true, true))),
    );
    push(
        "hops_up_mean",
        "mean hops up",
        Section::Structure,
        Unit::Hops,
        Better::Lower,
        each(&|f| Cell::exact(hops(f, true, false))),
    );
    push(
        "hops_down_mean",
        "mean hops down",
        Section::Structure,
        Unit::Hops,
        Better::Lower,
        each(&|f| Cell::exact(hops(f, false, false))),
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
                Better::Neither,
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
                    .map_or_else(|| Cell::exact(None), |e| Cell::estimate(&e))
            });
            let diffs: Vec<Option<Difference>> = figs
                .iter()
                .enumerate()
                .map(|(i, f)| (i > 0).then(|| difference(figs[0].result(up), f.result(up), ind)))
                .collect();
            let mut r = row(
                &format!("{key}_{}", dir.as_str()),
                &format!("{label}, {arrow}"),
                dir,
                Unit::Share,
                better,
                values,
                &labels,
                Some(diffs),
            );
            r.figure = label;
            rows.push(r);
        }
        for (q, name) in [(0.5, "median"), (0.9, "p90")] {
            let values = each(&|f| days_value(f.result(up), q));
            let mut r = row(
                &format!("days_{}_{name}", dir.as_str()),
                &format!("{name} days to arrive, {arrow}"),
                dir,
                Unit::Days,
                Better::Lower,
                values,
                &labels,
                None,
            );
            r.figure = format!("{name} days to arrive");
            rows.push(r);
        }
    }

    let mut push =
        |key: &str, label: &str, section: Section, unit: Unit, better, values: Vec<Cell>| {
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
        each(&|f| Cell::count(f.analysis.articulation_points.clone())),
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
            Cell::count(
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
        each(&|f| Cell::exact(Some(f.load.total_person_days))),
    );

    let verdict = verdict(&designs, &rows, opts, figs[0].up.trials);
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
        crate::analysis::meeting::FORMULA.into(),
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
        Indicator::Intact => Some(r.shares.intact),
        Indicator::Altered => Some(r.shares.altered),
        Indicator::Lost => Some(r.shares.lost),
        Indicator::Within(_) => r.arrival_days.within_horizon,
    }
}

/// The difference `b − a` in an indicator: paired where the queries line up.
pub(crate) fn difference(a: &SimResult, b: &SimResult, ind: Indicator) -> Difference {
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
/// from order statistics ([`sim::stats::quantile_interval`]).
pub(crate) fn days_value(r: &SimResult, q: f64) -> Cell {
    let mut days: Vec<f32> = r.outcomes.iter().filter_map(|o| o.arrival_day).collect();
    days.sort_by(f32::total_cmp);
    let interval = sim::stats::quantile_interval(&days, q);
    Cell {
        estimate: sim::stats::quantile(&days, q),
        ci_low: interval.map(|i| i.0),
        ci_high: interval.map(|i| i.1),
        names: Vec::new(),
    }
}
