//! `hviske compare MODEL MODEL...` (across the evidence, or `--point`) and
//! `hviske sweep`.

use super::progress::Progress;
use super::{with_threads, Exit, Output, OutputArgs, Rejection};
use clap::Args;
use hviske::compare::{self, CompareOptions, Design, Outcome, SweepParam, UncertainOptions};
use hviske::render::{self, ChartFormat};
use hviske::scenario::{self, Change};
use hviske::sim::sources::SourceChoice;
use std::path::{Path, PathBuf};

/// Options shared by `compare` and `sweep`.
#[derive(Debug, Args)]
pub struct DesignArgs {
    /// Model or scenario files; differences are taken from the first.
    #[arg(required = true, value_name = "MODEL")]
    models: Vec<PathBuf>,
    /// Add a column: the first design with this change (repeatable; the
    /// changes are applied together). See `hviske help compare` for the syntax.
    #[arg(long = "what-if", value_name = "CHANGE")]
    what_if: Vec<String>,
    /// Reset every channel to its kind's parameters (the first design's
    /// kinds), so only the organisation's shape differs.
    #[arg(long)]
    structure_only: bool,
    /// Seed of every simulation; the same seed gives the same output.
    #[arg(long, default_value_t = hviske::sim::DEFAULT_SEED)]
    seed: u64,
    /// Trials per source fact of the run at the point values (default:
    /// about 10,240 trials per direction, ±0.01 at 95%; at most
    /// 10,000,000). Time grows linearly with it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// Worker threads (default: all cores; at most 4 per core). Output does
    /// not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    calendar: super::calendar::CalendarArgs,
}

/// Compare designs: first across the evidence (every contested reading and
/// every per-hop range drawn: medians, 5–95% bands, how often each design
/// comes out ahead, where the gap comes from), then the single run at the
/// point values side by side: levels, hops, facts reaching the top and the
/// bottom intact, altered or lost, days, single points of failure,
/// representation gaps and meeting load.
#[derive(Debug, Args)]
#[command(after_help = COMPARE_HELP)]
pub struct CompareArgs {
    #[command(flatten)]
    designs: DesignArgs,
    /// Also report the share of facts arriving within this many days (0 to 36525).
    #[arg(long, value_name = "DAYS", value_parser = super::parse_days)]
    horizon_days: Option<f64>,
    /// Only the single run at the point values (every reading off, every
    /// value at its most likely): quick, but it ignores the contested
    /// readings and the ranges, and says so.
    #[arg(long, conflicts_with_all = ["draws", "draw_trials", "spread", "plot", "paired_readings"])]
    point: bool,
    /// Accepted for older scripts: drawing the readings and ranges is now
    /// the default.
    #[arg(long, hide = true, conflicts_with = "point")]
    uncertain: bool,
    /// Draws of the readings and ranges (1 to 10,000).
    #[arg(long, default_value_t = compare::DEFAULT_DRAWS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(super::MAX_DRAWS)))]
    draws: u32,
    /// Trials per source fact in each draw (1 to 10,000,000; default 8:
    /// the output says how much of the band is simulation noise).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    draw_trials: Option<u64>,
    /// A kind without a range: probabilities are drawn within ± this (0 to 1).
    #[arg(long, default_value_t = 0.1, value_parser = super::parse_unit)]
    spread: f64,
    /// Measure each reading's effect exactly: every draw again with that
    /// reading switched the other way (one more simulation per reading and
    /// draw) instead of fitting it from the draws.
    #[arg(long)]
    paired_readings: bool,
    /// Also draw the tornado chart of the readings (their effect on the
    /// second design − the first) to FILE: .svg, .png or .pdf. A third
    /// design's chart goes to FILE-STEM-LABEL.EXT, and so on.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Sources to draw at random (seeded by --seed) in a direction with
    /// more: a number, or "all"; the intervals account for the draw
    /// [default: 160 when there are more than 1,000].
    #[arg(long, value_name = "K|all", value_parser = super::parse_sources)]
    sources: Option<SourceChoice>,
    #[command(flatten)]
    output: OutputArgs,
}

const COMPARE_HELP: &str = "\
Examples:
  hviske compare models/three-two-one.json models/industry-council.json
  hviske compare models/three-two-one.json models/industry-council.json --point
  hviske compare models/three-two-one.json models/industry-council.json \\
      --format markdown > memo.md
  hviske compare models/three-two-one.json \\
      models/scenarios/peel-levels-3-4.json models/industry-council.json
  hviske compare models/three-two-one.json --what-if 'attendance:nnn=1' \\
      --what-if 'merge:nav_steering+nav_wg_meat'
  hviske compare models/three-two-one.json \\
      --what-if 'add-channel:project_group->dat:report'
  hviske compare models/three-two-one.json models/industry-council.json \\
      --structure-only
  hviske compare models/three-two-one.json models/industry-council.json \\
      --draws 1000 --paired-readings
  hviske compare models/three-two-one.json models/industry-council.json \\
      --plot readings.svg
  hviske compare models/three-two-one.json \\
      models/scenarios/project-leader-leaves.json --start-days 336:516

What-if changes (--what-if; quote each, as -> and + mean something to a
shell):
  'remove:ID'  'vacancy:ID:FROM:TO'  'attendance:ID=P'
  'add-channel:A->B[:KIND]'  'remove-channel:A->B[:KIND]'
  'kind:KIND.PARAM=X'  'all.PARAM=X'  'collapse-level:L'  'merge:INTO+FROM'

What comes first: across the evidence. Each of --draws draws switches every
contested reading on with its probability and draws every per-hop value from
its range (triangular, most likely at the model's value); each design is
simulated up in every draw. Shown: the median and the 5-95% band of each
design's share intact and median days, of the difference from the first,
how often each design comes out ahead (with its interval for the number of
draws), where the gap comes from (structure, per-hop values, ranges,
readings), each reading's effect, and what would flip the verdict.
Then the single run at the point values (every reading off): every row, both
directions; its ± is the simulation noise of that one run, not the
confidence of the verdict. --point gives that run alone.

Better column of the point run: [n] the better design (clear and material),
tie (the noise spans zero), ≈ (no material difference: under 1 point for
shares, 7 days for days, 5% of the smaller meeting load).
The output ends with \"Is the comparison fair?\": evidence grades, weak
channels, attendance, readings and kind values per design, and the
asymmetries between them.
Calendar: --start-day D starts every fact on project day D; --start-days A:B
spreads the start days over [A, B) (a keyed draw per trial: the same for any
thread count). Vacancies are in project days.

Limits: --trials and --draw-trials at most 10,000,000; --draws at most
10,000; --spread in [0, 1]; --threads at most 4 per core.
Many sources (up on a national model): a direction with more than 1,000
sources runs 160 drawn at random (seeded by --seed, 64 trials each unless
--trials), stated in the assumptions; the intervals, differences included,
account for the draw. --sources K draws K, --sources all runs every one.
Cost: the shipped pair takes a few seconds: per draw, each design is
simulated up once, and once more when one of its readings is on
(--paired-readings: once more per reading); then the point run simulates
each design in both directions. --draws, --draw-trials and --trials scale
the time linearly. A run that will take more than about ten seconds says so
first; Ctrl-C stops it and writes nothing.";

/// Sweep one parameter and show the outcome for each design, and where the
/// designs' ranking flips.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  hviske sweep models/three-two-one.json models/industry-council.json \\
      --param fidelity --from 0.5 --to 0.99 --steps 25
  hviske sweep models/*.json --param report.every_days --from 14 --to 120 \\
      --steps 8 --outcome days-up
  hviske sweep models/three-two-one.json --param attendance:nnn \\
      --from 0 --to 1 --steps 11 -o nnn.csv -f csv
  hviske sweep models/three-two-one.json models/industry-council.json \\
      --param fidelity -o sweep.svg

Parameters: fidelity, distortion, latency_days, every_days (every channel),
KIND.PARAM (one channel kind, e.g. report.fidelity) or attendance:ID.
Outcomes: intact-up (default), reach-up, days-up, intact-down, reach-down,
days-down.
Limits: --steps 2 to 1000, --from below --to.
Cost: steps × designs simulations.")]
pub struct SweepArgs {
    #[command(flatten)]
    designs: DesignArgs,
    /// The parameter to vary.
    #[arg(long)]
    param: String,
    /// First value (default: fidelity 0.5, distortion 0, latency_days 1,
    /// every_days 7, attendance 0).
    #[arg(long)]
    from: Option<f64>,
    /// Last value (default: fidelity 0.99, distortion 0.3, latency_days 30,
    /// every_days 120, attendance 1).
    #[arg(long)]
    to: Option<f64>,
    /// Number of values, evenly spaced (2 to 1000).
    #[arg(long, default_value_t = 25,
          value_parser = clap::value_parser!(u64).range(2..=super::MAX_STEPS))]
    steps: u64,
    /// The outcome to follow.
    #[arg(long, default_value = "intact-up")]
    outcome: String,
    /// Draw the sweep as a chart instead of a table (`svg`); also chosen by
    /// an `-o` file ending in `.svg`.
    #[arg(long, value_name = "KIND")]
    chart: Option<ChartKind>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Chart formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    /// A standalone SVG line chart with interval bands.
    Svg,
}

/// A column label for a file: its name without `.json`, made unique.
pub(crate) fn label_for(path: &Path, taken: &[Design]) -> String {
    let stem = path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut label = stem.clone();
    let mut k = 2;
    while taken.iter().any(|d| d.label == label) {
        label = format!("{stem}#{k}");
        k += 1;
    }
    label
}

/// Loads the designs, plus the what-if column.
fn designs(args: &DesignArgs) -> anyhow::Result<Vec<Design>> {
    let mut out: Vec<Design> = Vec::new();
    for path in &args.models {
        let model = super::load_design(path)?;
        let label = label_for(path, &out);
        out.push(Design { label, model });
    }
    if !args.what_if.is_empty() {
        let changes: Vec<Change> = args
            .what_if
            .iter()
            .map(|s| Change::parse(s).map_err(|e| Rejection(e.to_string())))
            .collect::<Result<_, _>>()?;
        let first = &out[0];
        let mut model = scenario::apply(&first.model, &changes).map_err(|e| {
            Rejection(format!(
                "--what-if {}: {}",
                args.what_if[e.index], e.problem
            ))
        })?;
        model.name = format!(
            "{} with {}",
            first.model.name,
            changes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        );
        // A misspelt kind in add-channel gets the defaults: warn as for a
        // model file (the base's own unknown kinds were warned of already).
        let known = hviske::model::unknown_kinds(&first.model);
        super::warn_unknown_kinds(&model, "--what-if", &known)?;
        warn_lost_targets(&first.model, &model);
        let label = format!("{}+what-if", first.label);
        out.push(Design { label, model });
    }
    Ok(out)
}

/// Warns when the what-if removes every target of a direction (every actor
/// at the top, or at the deepest level): its figures then measure other
/// actors, and "better at getting facts to the top" means nothing.
fn warn_lost_targets(base: &hviske::model::Model, changed: &hviske::model::Model) {
    use hviske::sim::Query;
    for (up, what) in [(true, "top"), (false, "deepest level")] {
        let ids = |m: &hviske::model::Model| -> Vec<String> {
            Query::direction(m, up)
                .map(|q| {
                    q.targets
                        .iter()
                        .map(|&i| m.actors[i].id.as_str().to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        let (before, after) = (ids(base), ids(changed));
        if !before.is_empty() && !before.iter().any(|id| after.contains(id)) {
            eprintln!(
                "hviske: warning: --what-if removes every actor at the {what} ({}); its \
                 \"{}\" figures measure {} instead and are not comparable",
                before.join(", "),
                if up { "up" } else { "down" },
                if after.is_empty() {
                    "nothing".to_string()
                } else {
                    after.join(", ")
                }
            );
        }
    }
}

fn compare_options(args: &DesignArgs) -> anyhow::Result<CompareOptions> {
    Ok(CompareOptions {
        seed: args.seed,
        trials: args.trials,
        horizon_days: None,
        structure_only: args.structure_only,
        start: args.calendar.start()?,
        sources: SourceChoice::All,
    })
}

/// Prints, before a comparison expected to take more than ten seconds, the
/// estimate (every design, both directions, on the timed path) and what
/// shortens it.
fn warn_compare_time(
    designs: &[Design],
    opts: &CompareOptions,
    draws: Option<&UncertainOptions>,
    threads: Option<usize>,
) {
    use hviske::sim::{sources, Query};
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = threads.unwrap_or(cores).clamp(1, super::max_threads());
    let mut seconds = 0.0;
    for d in designs {
        let arcs: usize = d.model.channels.iter().map(|c| c.arcs().count()).sum();
        for up in [true, false] {
            let Ok(q) = Query::direction(&d.model, up) else {
                continue;
            };
            let (q, _) = sources::choose(&q, opts.sources, opts.seed);
            let trials = opts
                .trials
                .unwrap_or_else(|| compare::auto_trials(&q, compare::TRIALS_PER_DIRECTION));
            let all = q.sources.len() as u64 * trials;
            seconds += sources::expected_seconds(all, arcs, false, threads);
            if let (true, Some(u)) = (up, draws) {
                // Each draw: once as drawn, once with every reading off.
                let per_draw = q.sources.len() as u64 * u.trials * 2;
                let runs = per_draw * u64::from(u.draws);
                seconds += sources::expected_seconds(runs, arcs, false, threads);
            }
        }
    }
    if seconds > 10.0 {
        eprintln!(
            "hviske: estimate: this comparison may take up to {} ({} designs, both directions, on \
             {threads} thread{}); --sources K, --draws N or --trials N shortens it",
            super::progress::duration_words(seconds),
            designs.len(),
            if threads == 1 { "" } else { "s" }
        );
    }
}

/// Why one design is refused, with the flags that fix it.
const ONE_DESIGN: &str = "compare needs two designs or more: give a second model or scenario, \
     or --what-if CHANGE to compare a design with a changed copy (hviske simulate and analyze report one design)";

/// A comparison error's message as the commands print it: the library's,
/// with the flag that fixes it where one does.
pub(crate) fn compare_message(e: &compare::CompareError) -> String {
    match e {
        compare::CompareError::OneDesign => ONE_DESIGN.to_string(),
        compare::CompareError::NoDraws => "--uncertain needs at least one draw".to_string(),
        compare::CompareError::Sim { design, error } => {
            format!("{design}: {}", super::sim_message(error))
        }
        _ => e.to_string(),
    }
}

/// Errors about what the user gave (an option, a design without the
/// levels to simulate between) reject the input: exit 1.
fn rejection(e: compare::CompareError) -> anyhow::Error {
    let msg = compare_message(&e);
    if e.is_rejection() {
        Rejection(msg).into()
    } else {
        anyhow::anyhow!(msg)
    }
}

/// The tornado charts' files: FILE for the second design, FILE-STEM-LABEL.EXT
/// for each further one; checked before any work.
fn plot_files(plot: &Path, designs: &[Design]) -> anyhow::Result<Vec<(PathBuf, ChartFormat)>> {
    let format = ChartFormat::for_path(plot)?;
    if format == ChartFormat::Dot {
        return Err(Rejection(format!(
            "--plot {}: a plot is drawn as .svg, .png or .pdf",
            plot.display()
        ))
        .into());
    }
    let stem = plot.file_stem().unwrap_or_default().to_string_lossy();
    let files: Vec<(PathBuf, ChartFormat)> = designs
        .iter()
        .skip(1)
        .enumerate()
        .map(|(k, d)| match k {
            0 => (plot.to_path_buf(), format),
            _ => (
                plot.with_file_name(format!("{stem}-{}.{}", d.label, format.extension())),
                format,
            ),
        })
        .collect();
    for (f, _) in &files {
        Output::new(Some(f)).check()?;
    }
    Ok(files)
}

/// Writes each design's tornado chart (a design no reading moves gets none;
/// says so unless quiet).
fn write_plots(
    r: &compare::Robustness,
    files: &[(PathBuf, ChartFormat)],
    quiet: bool,
) -> anyhow::Result<()> {
    for (k, (file, format)) in files.iter().enumerate() {
        let Some(svg) = render::plot::tornado_svg(r, k + 1)? else {
            if !quiet {
                eprintln!(
                    "hviske: no reading moves {} − {}: no tornado chart written to {}",
                    r.designs[k + 1].label,
                    r.designs[0].label,
                    file.display()
                );
            }
            continue;
        };
        let bytes = match format {
            ChartFormat::Png => render::raster::png(&svg, 2.0)?,
            ChartFormat::Pdf => render::raster::pdf(&svg)?,
            _ => svg.into_bytes(),
        };
        Output::new(Some(file)).write(&bytes)?;
    }
    Ok(())
}

pub fn run(args: CompareArgs) -> anyhow::Result<Exit> {
    let designs = designs(&args.designs)?;
    let out = args.output.checked("compare", true, false)?;
    let plots = match &args.plot {
        Some(p) => plot_files(p, &designs)?,
        None => Vec::new(),
    };
    let mut opts = compare_options(&args.designs)?;
    opts.horizon_days = args.horizon_days;
    opts.sources = args.sources.unwrap_or(SourceChoice::Auto);
    let quiet = args.output.quiet;
    let draws = (!args.point).then(|| UncertainOptions {
        draws: args.draws,
        spread_probability: args.spread,
        trials: args.draw_trials.unwrap_or(compare::DRAW_TRIALS),
        paired_readings: args.paired_readings,
        ..UncertainOptions::default()
    });
    if !quiet {
        warn_compare_time(&designs, &opts, draws.as_ref(), args.designs.threads);
    }
    let threads = args.designs.threads;
    // One bar for the point run, then one for the draws: each bar's
    // estimate is of like work.
    let progress = Progress::with_stages(
        "the run at the point values: every design up and down",
        quiet,
        2 * designs.len() as u64,
    );
    let report = |d: u64, t: u64| progress.update(d, t);
    let point = with_threads(threads, || compare::compare(&designs, &opts, Some(&report)))?
        .map_err(rejection)?;
    drop(progress);
    let across = match &draws {
        Some(u) => {
            let progress = Progress::new("drawing the readings and ranges", quiet);
            let report = |d: u64, t: u64| progress.update(d, t);
            let r = with_threads(threads, || {
                compare::robustness_after(&designs, &opts, u, &point, Some(&report))
            })?
            .map_err(rejection)?;
            drop(progress);
            write_plots(&r, &plots, quiet)?;
            Some(r)
        }
        None => None,
    };
    seed_line(&point, quiet, across.as_ref());
    let format = args.output.format.into();
    let text = match across {
        Some(r) => render::assessment(
            &compare::Assessment {
                across_the_evidence: r,
                point_run: point,
            },
            format,
            &super::hint,
        )?,
        None => render::comparison(&point, format, &super::hint)?,
    };
    out.write(text.as_bytes())?;
    Ok(Exit::Success)
}

/// The seed and counts on stderr (data goes to stdout).
fn seed_line(c: &compare::Comparison, quiet: bool, draws: Option<&compare::Robustness>) {
    if quiet {
        return;
    }
    match draws {
        Some(r) => eprintln!(
            "hviske: seed {}, {} draws of {} trials per source; point run {} trials per source up, {} down",
            c.seed, r.draws, r.trials, c.trials_up, c.trials_down
        ),
        None => eprintln!(
            "hviske: seed {}, {} trials per source up, {} down",
            c.seed, c.trials_up, c.trials_down
        ),
    }
}

pub fn run_sweep(args: SweepArgs) -> anyhow::Result<Exit> {
    let param = SweepParam::parse(&args.param).map_err(Rejection)?;
    let outcome = Outcome::parse(&args.outcome).map_err(Rejection)?;
    let (default_from, default_to) = param.default_range();
    let (from, to) = (
        args.from.unwrap_or(default_from),
        args.to.unwrap_or(default_to),
    );
    if !(from.is_finite() && to.is_finite()) {
        return Err(Rejection("--from and --to must be numbers".into()).into());
    }
    if from >= to {
        return Err(Rejection(format!(
            "--from {from} must be below --to {to} (the sweep runs upward)"
        ))
        .into());
    }
    let designs = designs(&args.designs)?;
    let svg = args.chart == Some(ChartKind::Svg)
        || args
            .output
            .output
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")));
    if svg && args.output.format != super::FormatArg::Table {
        return Err(anyhow::anyhow!(
            "sweep draws an SVG chart here (--chart svg or an -o file ending in .svg); \
             drop --format, or choose another file name"
        ));
    }
    let out = args.output.checked("sweep", true, svg)?;
    let opts = compare_options(&args.designs)?;
    let xs = compare::sweep_values(from, to, args.steps as usize);
    let progress = Progress::with_stages(
        &format!("sweeping {} over {} values", args.param, xs.len()),
        args.output.quiet,
        xs.len() as u64 * designs.len() as u64,
    );
    let s = with_threads(args.designs.threads, || {
        compare::sweep(
            &designs,
            &param,
            &args.param,
            outcome,
            &xs,
            &opts,
            Some(&|d, t| progress.update(d, t)),
        )
    })?
    .map_err(rejection)?;
    drop(progress);
    let text = if svg {
        render::sweep_svg(&s)?
    } else {
        render::sweep(&s, args.output.format.into())?
    };
    out.write(text.as_bytes())?;
    Ok(Exit::Success)
}
