//! Measuring the designs and laying the figures out as rows.

use super::meeting_load;
use super::prose::verdict;
use super::table::{row, RowHead};
use super::*;
use crate::analysis::{self, AnalysisOptions};
use crate::graph;
use crate::sim::sources::SourceSample;
use crate::sim::{self, Estimate, Query, SimConfig, SimResult, SourceResult};

/// Everything measured for one design.
pub(super) struct Figures {
    analysis: analysis::Analysis,
    /// The `gateways` row's value.
    gateways: Cell,
    /// The `worst_removal` row's value.
    worst_removal: Cell,
    up: SimResult,
    down: SimResult,
    /// The sources drawn up and down, when they were sampled.
    samples: [Option<SourceSample>; 2],
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
/// horizon, and their trials per source fact (`None`: about
/// [`TRIALS_PER_DIRECTION`] trials in all). `label` names the design in
/// errors; `g` is the graph of its model. Compare, sweep and the
/// uncertainty analysis all simulate through here.
pub(super) fn simulate_direction(
    label: &str,
    g: &graph::OrgGraph,
    up: bool,
    opts: &CompareOptions,
    progress: sim::Progress<'_>,
) -> Result<SimResult, CompareError> {
    Ok(simulate_sampled(label, g, up, opts, progress)?.0)
}

/// [`simulate_direction`] with the sources the options choose, and the
/// sample when one was drawn (its intervals already widened for it).
fn simulate_sampled(
    label: &str,
    g: &graph::OrgGraph,
    up: bool,
    opts: &CompareOptions,
    progress: sim::Progress<'_>,
) -> Result<(SimResult, Option<SourceSample>), CompareError> {
    let err = |error| CompareError::Sim {
        design: label.to_string(),
        error,
    };
    let q = Query::direction(g.model(), up).map_err(err)?;
    let (q, sample) = sim::sources::choose(&q, opts.sources, opts.seed);
    let cfg = SimConfig {
        trials: Some(
            opts.trials
                .unwrap_or_else(|| auto_trials(&q, TRIALS_PER_DIRECTION)),
        ),
        facts_per_source: 1,
        seed: opts.seed,
        horizon_days: opts.horizon_days,
        start: opts.start,
        targets_only: false,
    };
    let mut r =
        sim::simulate_with(g, &q, &cfg, Some(sim::Method::General), progress).map_err(err)?;
    if let Some(s) = &sample {
        sim::sources::account(&mut r, s);
    }
    Ok((r, sample))
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
    progress: sim::Progress<'_>,
) -> Result<Figures, CompareError> {
    let g = graph::build(&d.model);
    let analysis = analysis::analyze(&g, &AnalysisOptions::default());
    let (gateways, worst_removal) = removals(&analysis);
    let (up, up_sample) = simulate_sampled(&d.label, &g, true, opts, progress)?;
    let (down, down_sample) = simulate_sampled(&d.label, &g, false, opts, progress)?;
    Ok(Figures {
        up,
        down,
        samples: [up_sample, down_sample],
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
/// (seed, trials per source fact, horizon, calendar); returns a
/// [`Comparison`] of rows, each with every design's value, its difference
/// from the first design with a 95 % interval, and the better design where
/// one is clearly and materially better, plus the fairness section and a
/// one-line verdict. Cost: per design, the structural analysis (about
/// actors × arcs) and two simulations of about [`TRIALS_PER_DIRECTION`]
/// trials each (or sources × `trials`), over rayon's threads.
///
/// `progress(done, total)`, when given, counts each simulation's trials.
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
/// let c = compare(&designs, &opts, None)?;
/// let intact = c.rows.iter().find(|r| r.key == "intact_up").unwrap();
/// // 826 of 1,536 trials reach the top intact in the first design.
/// assert_eq!(intact.values[0].figure(), Some(826.0 / 1536.0));
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
    progress: sim::Progress<'_>,
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
    let mut rows = spec_rows(STRUCTURE, &designs, &figs, &labels);
    for up in [true, false] {
        rows.extend(share_rows(up, &figs, &labels, opts.horizon_days));
        rows.extend(days_rows(up, &figs, &labels));
    }
    rows.extend(spec_rows(RISK_AND_COST, &designs, &figs, &labels));
    let verdict = verdict(&designs, &rows, opts, figs[0].up.trials);
    let mut assumptions = assumptions(&designs, opts);
    assumptions.extend(sampled_sources(&labels, &figs));
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

/// One assumption per design and direction whose sources were sampled.
fn sampled_sources(labels: &[String], figs: &[Figures]) -> Vec<String> {
    let mut lines = Vec::new();
    for (label, f) in labels.iter().zip(figs) {
        for (name, sample) in ["up", "down"].iter().zip(&f.samples) {
            if let Some(s) = sample {
                lines.push(format!(
                    "Sources of {label}, {name}: {}; the differences' intervals account for it too (paired per source when both designs drew the same sources).",
                    s.describe()
                ));
            }
        }
    }
    lines
}

/// A row measured the same way for every design.
struct Spec {
    key: &'static str,
    label: &'static str,
    section: Section,
    unit: Unit,
    better: Better,
    value: fn(&Design, &Figures) -> Cell,
}

/// The structure rows, first in the table.
const STRUCTURE: &[Spec] = &[
    Spec {
        key: "levels",
        label: "levels",
        section: Section::Structure,
        unit: Unit::Count,
        better: Better::Lower,
        value: |_, f| Cell::exact(Some(f.analysis.levels as f64)),
    },
    Spec {
        key: "actors",
        label: "actors",
        section: Section::Structure,
        unit: Unit::Count,
        better: Better::Neither,
        value: |d, _| Cell::exact(Some(d.model.actors.len() as f64)),
    },
    Spec {
        key: "channels",
        label: "channels",
        section: Section::Structure,
        unit: Unit::Count,
        better: Better::Neither,
        value: |d, _| Cell::exact(Some(d.model.channels.len() as f64)),
    },
    Spec {
        key: "hops_up_longest",
        label: "longest hops up",
        section: Section::Structure,
        unit: Unit::Hops,
        better: Better::Lower,
        value: |_, f| Cell::exact(hops(f, true, true)),
    },
    Spec {
        key: "hops_up_mean",
        label: "mean hops up",
        section: Section::Structure,
        unit: Unit::Hops,
        better: Better::Lower,
        value: |_, f| Cell::exact(hops(f, true, false)),
    },
    Spec {
        key: "hops_down_mean",
        label: "mean hops down",
        section: Section::Structure,
        unit: Unit::Hops,
        better: Better::Lower,
        value: |_, f| Cell::exact(hops(f, false, false)),
    },
];

/// The risk and cost rows, last in the table.
const RISK_AND_COST: &[Spec] = &[
    Spec {
        key: "single_points_of_failure",
        label: "single points of failure",
        section: Section::Risk,
        unit: Unit::Count,
        better: Better::Lower,
        value: |_, f| Cell::count(f.analysis.articulation_points.clone()),
    },
    Spec {
        key: "gateways",
        label: "gateways cutting off all",
        section: Section::Risk,
        unit: Unit::Count,
        better: Better::Lower,
        value: |_, f| f.gateways.clone(),
    },
    Spec {
        key: "worst_removal",
        label: "worst other removal",
        section: Section::Risk,
        unit: Unit::Share,
        better: Better::Lower,
        value: |_, f| f.worst_removal.clone(),
    },
    Spec {
        key: "representation_gaps",
        label: "bodies with representation gaps",
        section: Section::Risk,
        unit: Unit::Count,
        better: Better::Lower,
        value: |_, f| {
            let gaps = f
                .analysis
                .representation
                .iter()
                .filter(|b| !b.flags.is_empty());
            Cell::count(gaps.map(|b| b.body.clone()).collect())
        },
    },
    Spec {
        key: "meeting_load",
        label: "meeting load, person-days/year",
        section: Section::Cost,
        unit: Unit::PersonDaysPerYear,
        better: Better::Lower,
        value: |_, f| Cell::exact(Some(f.load.total_person_days)),
    },
];

/// The rows of a table of [`Spec`]s, in its order.
fn spec_rows(specs: &[Spec], designs: &[Design], figs: &[Figures], labels: &[String]) -> Vec<Row> {
    specs
        .iter()
        .map(|s| {
            let head = RowHead {
                key: s.key.into(),
                label: s.label.into(),
                figure: s.label.into(),
                section: s.section,
                unit: s.unit,
                better: s.better,
            };
            let values = designs
                .iter()
                .zip(figs)
                .map(|(d, f)| (s.value)(d, f))
                .collect();
            row(head, values, labels, None)
        })
        .collect()
}

/// The longest or mean hops up or down, where the levels give them.
fn hops(f: &Figures, up: bool, longest: bool) -> Option<f64> {
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
}

/// The direction's section and its arrow in labels.
fn direction(up: bool) -> (Section, &'static str) {
    if up {
        (Section::Up, "bottom → top")
    } else {
        (Section::Down, "top → bottom")
    }
}

/// The share rows of one direction: intact, altered, lost, and arrived
/// within the horizon when there is one; differences paired over trials.
fn share_rows(up: bool, figs: &[Figures], labels: &[String], horizon: Option<f64>) -> Vec<Row> {
    let (section, arrow) = direction(up);
    let mut shares = vec![
        (
            Indicator::Intact,
            "intact",
            "facts intact".to_string(),
            Better::Higher,
        ),
        // Altered is context, not a score: a design that loses more
        // facts has fewer left to alter.
        (
            Indicator::Altered,
            "altered",
            "facts altered".into(),
            Better::Neither,
        ),
        (Indicator::Lost, "lost", "facts lost".into(), Better::Lower),
    ];
    if let Some(h) = horizon {
        let label = format!("arrived within {h} days");
        shares.push((
            Indicator::Within(h),
            "within_horizon",
            label,
            Better::Higher,
        ));
    }
    let first = figs[0].result(up);
    shares
        .into_iter()
        .map(|(ind, key, figure, better)| {
            let values = figs
                .iter()
                .map(|f| {
                    share_of(f.result(up), ind)
                        .map_or_else(|| Cell::exact(None), |e| Cell::estimate(&e))
                })
                .collect();
            let diffs = figs
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    (i > 0).then(|| {
                        let d = difference(first, f.result(up), ind);
                        widen_for_sources(d, &figs[0], f, up, ind)
                    })
                })
                .collect();
            let head = RowHead {
                key: format!("{key}_{}", section.as_str()),
                label: format!("{figure}, {arrow}"),
                figure,
                section,
                unit: Unit::Share,
                better,
            };
            row(head, values, labels, Some(diffs))
        })
        .collect()
}

/// A difference between designs whose sources were sampled, widened by the
/// sampling of sources: paired per source where both ran the same sources,
/// else from the two designs' widened intervals (unpaired).
fn widen_for_sources(
    d: Difference,
    a: &Figures,
    b: &Figures,
    up: bool,
    ind: Indicator,
) -> Difference {
    let i = usize::from(!up);
    let Some(sample) = b.samples[i].or(a.samples[i]) else {
        return d;
    };
    let share: fn(&SourceResult) -> f64 = match ind {
        Indicator::Intact => |p| p.shares.intact.estimate,
        Indicator::Altered => |p| p.shares.altered.estimate,
        Indicator::Lost => |p| p.shares.lost.estimate,
        // The horizon's share has no per-source figure: unpaired.
        Indicator::Within(_) => |_| f64::NAN,
    };
    let (ra, rb) = (a.result(up), b.result(up));
    let both = a.samples[i].is_some() && b.samples[i].is_some();
    let paired = both && !matches!(ind, Indicator::Within(_));
    match paired
        .then(|| sim::sources::paired_interval(ra, rb, share, &sample))
        .flatten()
    {
        Some((low, high)) => Difference {
            value: Estimate {
                ci_low: d.value.ci_low.min(low),
                ci_high: d.value.ci_high.max(high),
                ..d.value
            },
            ..d
        },
        None => {
            let none = Estimate::wilson(0.0, 0);
            paired::unpaired(
                &share_of(ra, ind).unwrap_or(none),
                &share_of(rb, ind).unwrap_or(none),
            )
        }
    }
}

/// The days rows of one direction: median and 90th percentile.
fn days_rows(up: bool, figs: &[Figures], labels: &[String]) -> Vec<Row> {
    let (section, arrow) = direction(up);
    [(0.5, "median"), (0.9, "p90")]
        .into_iter()
        .map(|(q, name)| {
            let values = figs.iter().map(|f| days_value(f.result(up), q)).collect();
            let figure = format!("{name} days to arrive");
            let head = RowHead {
                key: format!("days_{}_{name}", section.as_str()),
                label: format!("{figure}, {arrow}"),
                figure,
                section,
                unit: Unit::Days,
                better: Better::Lower,
            };
            row(head, values, labels, None)
        })
        .collect()
}

/// The comparison's assumptions: the methods, the calendar, each design's
/// per-hop values and the materiality thresholds.
fn assumptions(designs: &[Design], opts: &CompareOptions) -> Vec<String> {
    let mut assumptions = vec![
        format!(
            "Shares are of (trial, target) pairs; each with a {}; differences from the first design are paired over trials \
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
    for d in designs {
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
    assumptions
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
        let cluster = a.outcomes.len() / a.total_trials.max(1) as usize;
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
    let value = sim::stats::quantile(&days, q)
        .zip(sim::stats::quantile_interval(&days, q))
        .map(|(x, (low, high))| sim::Estimate::new(x, low, high));
    Cell {
        value,
        names: Vec::new(),
    }
}
