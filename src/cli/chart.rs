//! `hviske chart MODEL -o FILE`

use super::progress::Progress;
use super::simulate::DirectionArg;
use super::{with_threads, Exit, Output, Rejection};
use anyhow::Context;
use clap::{Args, ValueEnum};
use hviske::render::scene::SceneError;
use hviske::render::{self, ChartFormat, ChartOptions, Overlay, Renderer};
use hviske::sim::{self, Query, SimConfig};
use std::path::{Path, PathBuf};

/// Draw the organisation chart: one row per level (level 1 on top), actors
/// coloured by side, bodies as boxes, channels styled by kind, with a legend.
#[derive(Debug, Args)]
#[command(after_help = "\
The output's extension picks the format: .dot (always), .svg, .png, .pdf.
SVG is laid out by Graphviz's dot when it is installed, else by hviske's own
layered layout; PNG and PDF are made from that SVG in pure Rust.

Examples:
  hviske chart models/three-two-one.json --collapse-enterprises -o 321.svg
  hviske chart models/three-two-one.json --collapse-enterprises -o 321.pdf
  hviske chart models/three-two-one.json --levels 1:6 --highlight nav_steering -o top.png
  hviske chart models/three-two-one.json --collapse-enterprises --overlay sim --direction up -o loss.svg
  hviske chart models/industry-council.json --evidence --renderer builtin -o council.svg

Cost: --overlay sim runs the simulation first (as `hviske simulate`).")]
pub struct ChartArgs {
    /// The model or scenario file.
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    /// The chart file: .dot, .svg, .png or .pdf.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Draw each group of like enterprise actors as one node with a count.
    #[arg(long)]
    collapse_enterprises: bool,
    /// Only these levels, e.g. 1:6.
    #[arg(long, value_name = "A:B", value_parser = parse_levels)]
    levels: Option<(u32, u32)>,
    /// Emphasise these actors (ids).
    #[arg(long, value_name = "ID", num_args = 1..)]
    highlight: Vec<String>,
    /// Line style by evidence grade (stated solid, inferred dashed, assumed dotted).
    #[arg(long)]
    evidence: bool,
    /// Paint simulated figures on the chart: fill = share held intact, line
    /// width = flow of facts.
    #[arg(long, value_enum, value_name = "WHAT")]
    overlay: Option<OverlayArg>,
    /// Who lays the chart out [default: dot when installed, else builtin].
    #[arg(long, value_enum)]
    renderer: Option<RendererArg>,
    #[command(flatten)]
    sim: SimArgs,
    /// No notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The simulation behind `--overlay sim`: the query flags of `simulate`.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Overlay: preset direction (up = deepest level to level 1).
    #[arg(long, value_enum, conflicts_with = "from")]
    direction: Option<DirectionArg>,
    /// Overlay: source actors (a selector, as in `simulate`).
    #[arg(long, value_name = "SELECTOR", requires = "to")]
    from: Option<String>,
    /// Overlay: target actors (a selector).
    #[arg(long, value_name = "SELECTOR", requires = "from")]
    to: Option<String>,
    /// Overlay: facts originated by each source actor (at most 1000).
    #[arg(long, value_name = "K", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(super::MAX_FACTS)))]
    facts: u32,
    /// Overlay: runs per source fact [default: 10240; at most 10,000,000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// Overlay: master seed (same seed, same chart, any thread count).
    #[arg(long, value_name = "S", default_value_t = sim::DEFAULT_SEED)]
    seed: u64,
    /// Overlay: also simulate timing up to this many days.
    #[arg(long, value_name = "DAYS")]
    horizon_days: Option<f64>,
    /// Overlay: worker threads.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    calendar: super::calendar::CalendarArgs,
}

/// The `--overlay` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OverlayArg {
    /// A Monte-Carlo simulation with the query flags of `simulate`.
    Sim,
}

/// The `--renderer` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RendererArg {
    /// Graphviz's dot program (must be installed).
    Dot,
    /// hviske's own layered layout.
    Builtin,
}

impl From<RendererArg> for Renderer {
    fn from(r: RendererArg) -> Self {
        match r {
            RendererArg::Dot => Renderer::Dot,
            RendererArg::Builtin => Renderer::Builtin,
        }
    }
}

fn parse_levels(s: &str) -> Result<(u32, u32), String> {
    let err = || format!("expected A:B with levels A ≤ B, e.g. 1:6, got {s:?}");
    let (a, b) = s.split_once(':').ok_or_else(err)?;
    let (a, b): (u32, u32) = (
        a.trim().parse().map_err(|_| err())?,
        b.trim().parse().map_err(|_| err())?,
    );
    if a > b {
        return Err(err());
    }
    Ok((a, b))
}

/// Simulates `model` as `simulate` would with these flags.
pub(crate) fn overlay(
    model: &hviske::model::Model,
    args: &SimArgs,
    quiet: bool,
) -> anyhow::Result<Overlay> {
    let graph = hviske::graph::build(model);
    let query = match (&args.direction, &args.from, &args.to) {
        (_, Some(from), Some(to)) => Query::parse(model, from, to),
        (d, _, _) => Query::direction(model, d.is_none_or(|d| d == DirectionArg::Up)),
    }
    .map_err(super::sim_error)?;
    let cfg = SimConfig {
        trials: args.trials,
        facts_per_source: args.facts,
        seed: args.seed,
        horizon_days: args.horizon_days,
        start: args.calendar.start()?,
    };
    let progress = Progress::new("simulating", quiet);
    let result = with_threads(args.threads, || {
        sim::simulate(&graph, &query, &cfg, &|d, t| progress.update(d, t))
    })?;
    drop(progress);
    Ok(Overlay::from_sim(model, &result?))
}

/// The renderer to use, checked before any work: `--renderer dot` needs dot.
pub(crate) fn renderer(
    asked: Option<RendererArg>,
    format: ChartFormat,
) -> anyhow::Result<Renderer> {
    let asked = asked.map(Renderer::from);
    if asked == Some(Renderer::Dot)
        && format != ChartFormat::Dot
        && !render::orgchart::dot_installed()
    {
        anyhow::bail!("--renderer dot: Graphviz's dot is not installed (install the graphviz package, or use --renderer builtin)");
    }
    Ok(render::orgchart::choose_renderer(asked))
}

/// A chart the options cannot draw rejects the input (exit 1); the
/// messages name the flag that asked for it.
fn scene_error(e: SceneError) -> anyhow::Error {
    let msg = match &e {
        SceneError::UnknownActor { id, hint } => format!("--highlight {id}: no such actor{hint}"),
        SceneError::NoLevels { from, to } => {
            format!("--levels {from}:{to}: no actor has a level in that range")
        }
        _ => e.to_string(),
    };
    Rejection(msg).into()
}

pub fn run(args: ChartArgs) -> anyhow::Result<Exit> {
    let format = ChartFormat::for_path(&args.output)?;
    let renderer = renderer(args.renderer, format)?;
    let model = super::load_design(&args.model)?;
    let out = Output::new(Some(&args.output));
    out.check()?;
    let overlay = match args.overlay {
        Some(OverlayArg::Sim) => Some(overlay(&model, &args.sim, args.quiet)?),
        None => None,
    };
    let opts = ChartOptions {
        collapse_enterprises: args.collapse_enterprises,
        levels: args.levels,
        highlight: args.highlight.clone(),
        evidence: args.evidence,
        overlay,
    };
    let scene = render::scene(&model, &opts).map_err(scene_error)?;
    let bytes = render::chart(&scene, format, renderer)?;
    out.write(&bytes)
        .with_context(|| format!("writing the chart {}", args.output.display()))?;
    if !args.quiet {
        note(&args.output, format, renderer, scene.nodes.len());
    }
    Ok(Exit::Success)
}

fn note(path: &Path, format: ChartFormat, renderer: Renderer, nodes: usize) {
    let how = match format {
        ChartFormat::Dot => "DOT text (no layout)".to_string(),
        _ => format!("laid out by {renderer}"),
    };
    eprintln!("hviske: wrote {} ({nodes} nodes, {how})", path.display());
}
