//! `hviske simulate MODEL`

use super::progress::Progress;
use super::{with_threads, Exit, OutputArgs};
use clap::{Args, ValueEnum};
use hviske::model::Model;
use hviske::sim::{self, Query, SimConfig};
use std::path::PathBuf;

/// Simulate facts passed through the organisation (Monte-Carlo): the share
/// that reaches the targets intact, altered or not at all, with 95% Wilson
/// score intervals, and the day of first arrival.
#[derive(Debug, Args)]
#[command(after_help = "\
Selectors (--from, --to): id:aid, level:9, side:employee, kind:enterprise, or a
bare id; join several with commas (id:aid,id:dat).

Examples:
  hviske simulate models/three-two-one.json --direction up
  hviske simulate models/industry-council.json --direction down \\
      --horizon-days 180
  hviske simulate models/three-two-one.json --from level:9 --to id:aid \\
      --format json
  hviske simulate models/examples/small.json --from a --to d --exact
  hviske simulate models/scenarios/project-leader-leaves.json --direction up --start-days 480:560

Calendar: facts start on project day 0 unless --start-day D (every fact on day D) or
--start-days A:B (each trial's day drawn uniformly from [A, B), keyed by the trial, so the same
for any thread count) says otherwise; vacancies and sittings are in project days and arrival
days count from each fact's start.

What gets slow: the work is (sources x facts x trials) trials over every channel.
The timed path (any distortion, or --horizon-days) does roughly 5-20 million
channel-trials per second per thread; a model without distortion and without a
horizon uses the bit-parallel path, 64 trials per machine word, about a billion
channel-trials per second. --exact is exponential in the channels left after
reduction and refuses large graphs. --targets-only drops the retention per
level and the per-actor shares; a bit-parallel trial then stops spreading once
every target holds it (on a national model, seconds instead of minutes). It is
the default above 100,000 actors; --all-figures asks for every figure.
Many sources (--direction up on a national model): above 1,000 sources, 160
are drawn at random (seeded by --seed) with 64 trials each, and the intervals
account for the sampling; --sources K draws K, --sources all runs every one.
Before a run expected to take more than ten seconds, the estimate is printed.

Limits: --trials at most 10,000,000, --facts at most 1000, --horizon-days
at most 36525, --threads at most 4 per core.")]
#[command(group(clap::ArgGroup::new("query").args(["direction", "from"]).required(true)))]
pub struct SimulateArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    #[command(flatten)]
    query: QueryArgs,
    /// Sources to draw at random (seeded by --seed) when there are more: a
    /// number, or "all"; drawn sources get 64 trials each unless --trials is
    /// given [default: 160 when there are more than 1,000].
    #[arg(long, value_name = "K|all", value_parser = super::parse_sources)]
    sources: Option<sim::sources::SourceChoice>,
    /// Also compute reach exactly (two-terminal reliability; small graphs only).
    #[arg(long)]
    exact: bool,
    /// Report the targets' figures only (no retention per level, no
    /// per-actor shares); without distortion a trial then stops spreading
    /// once every target holds it, much faster on large organisations
    /// [default: on above 100,000 actors].
    #[arg(long, conflicts_with = "all_figures")]
    targets_only: bool,
    /// Also report the retention per level and the per-actor shares on a
    /// model above 100,000 actors (every trial spreads to the end).
    #[arg(long)]
    all_figures: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// What to simulate and how: the query flags shared by `simulate` and
/// `chart --overlay sim`.
#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// Source actors (a selector).
    #[arg(
        long,
        value_name = "SELECTOR",
        requires = "to",
        conflicts_with = "direction"
    )]
    from: Option<String>,
    /// Target actors (a selector).
    #[arg(
        long,
        value_name = "SELECTOR",
        requires = "from",
        conflicts_with = "direction"
    )]
    to: Option<String>,
    /// Preset: up = deepest level to level 1, down = level 1 to the deepest.
    #[arg(long, value_enum)]
    direction: Option<DirectionArg>,
    /// Facts originated by each source actor (at most 1000).
    #[arg(long, value_name = "K", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(super::MAX_FACTS)))]
    facts: u32,
    /// Trials per source fact [default: 10240, enough for ±0.01 at 95%; at
    /// most 10,000,000].
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// Master seed; the same seed gives the same output on any thread count.
    #[arg(long, value_name = "S", default_value_t = sim::DEFAULT_SEED)]
    seed: u64,
    /// Also report the share arrived within this many days (uses the timed
    /// path; 0 to 36525).
    #[arg(long, value_name = "DAYS", value_parser = super::parse_days)]
    horizon_days: Option<f64>,
    #[command(flatten)]
    calendar: super::calendar::CalendarArgs,
    /// Worker threads [default: all cores; RAYON_NUM_THREADS is honoured;
    /// at most 4 per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

impl QueryArgs {
    /// The query: --from/--to, else --direction (up when neither is given).
    pub fn query(&self, model: &Model) -> anyhow::Result<Query> {
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => Query::parse(model, from, to),
            _ => Query::direction(model, self.direction != Some(DirectionArg::Down)),
        }
        .map_err(super::sim_error)
    }

    /// The simulation's configuration.
    pub fn config(&self) -> anyhow::Result<SimConfig> {
        Ok(SimConfig {
            trials: self.trials,
            facts_per_source: self.facts,
            seed: self.seed,
            horizon_days: self.horizon_days,
            start: self.calendar.start()?,
            targets_only: false,
        })
    }
}

/// The `--direction` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// From the deepest level to level 1.
    Up,
    /// From level 1 to the deepest level.
    Down,
}

/// Above this many actors `simulate` reports the targets' figures only
/// unless `--all-figures` is given: the retention per level and per actor
/// need every trial to spread to the end (minutes on a national model).
pub const TARGETS_ONLY_ABOVE: usize = 100_000;

pub fn run(args: SimulateArgs) -> anyhow::Result<Exit> {
    let model = super::load_design(&args.model)?;
    let out = args.output.checked("simulate", true, false)?;
    let graph = hviske::graph::build(&model);
    let csr = sim::Csr::new(&graph);
    super::timings::mark("build");
    let query = args.query.query(&model)?;
    let choice = args.sources.unwrap_or(sim::sources::SourceChoice::Auto);
    let (query, sample) = sim::sources::choose(&query, choice, args.query.seed);
    let mut cfg = args.query.config()?;
    cfg.targets_only =
        args.targets_only || !args.all_figures && model.actors.len() > TARGETS_ONLY_ABOVE;
    if cfg.targets_only && !args.targets_only && !args.output.quiet {
        eprintln!(
            "hviske: {} actors (more than {}): the targets' figures only; \
             --all-figures adds the retention per level and per actor",
            model.actors.len(),
            TARGETS_ONLY_ABOVE
        );
    }
    if sample.is_some() && cfg.trials.is_none() {
        cfg.trials = Some(sim::sources::SAMPLED_TRIALS);
    }
    super::timings::mark("query");
    let exact = if args.exact {
        let exact = sim::exact_reach(&graph, &query).map_err(super::sim_error)?;
        super::timings::mark("exact");
        Some(exact)
    } else {
        None
    };
    let quiet = args.output.quiet;
    let table = args.output.format == super::FormatArg::Table;
    if table && !quiet {
        eprintln!(
            "hviske: seed {}, {} trials per source fact, {} source{}{}",
            cfg.seed,
            cfg.trials(),
            query.sources.len(),
            if query.sources.len() == 1 { "" } else { "s" },
            sample
                .map(|s| format!(" (drawn at random of {})", s.of))
                .unwrap_or_default()
        );
    }
    super::warn_expected_time(&model, &query, &cfg, args.query.threads, quiet);
    let progress = Progress::new("simulating", quiet);
    let result = with_threads(args.query.threads, || {
        let progress = |d, t| progress.update(d, t);
        sim::simulate_on(&graph, &csr, &query, &cfg, None, Some(&progress))
    })?;
    drop(progress);
    super::timings::mark("simulate");
    let mut result = result.map_err(super::sim_error)?;
    if let Some(sample) = &sample {
        sim::sources::account(&mut result, sample);
    }
    result.shares.reach.exact = exact;
    let text = hviske::render::simulation(&result, args.output.format.into(), &super::hint)?;
    out.write(text.as_bytes())?;
    super::timings::mark("render");
    Ok(Exit::Success)
}
