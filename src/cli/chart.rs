//! `hviske chart MODEL -o FILE`

use super::progress::Progress;
use super::simulate::QueryArgs;
use super::{with_threads, Exit, Output, Rejection};
use anyhow::Context;
use clap::{Args, ValueEnum};
use hviske::render::scene::SceneError;
use hviske::render::{self, ChartFormat, ChartOptions, Overlay, Renderer};
use hviske::sim;
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
    #[command(
        flatten,
        next_help_heading = "The simulation of --overlay sim (as in simulate; up unless --direction or --from and --to say otherwise)"
    )]
    sim: QueryArgs,
    /// No notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
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
    args: &QueryArgs,
    quiet: bool,
) -> anyhow::Result<Overlay> {
    let graph = hviske::graph::build(model);
    let query = args.query(model)?;
    let cfg = args.config()?;
    // As simulate does: a long overlay says so before it starts.
    super::warn_expected_time(model, &query, &cfg, args.threads, quiet);
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
