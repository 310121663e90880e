//! `hviske report MODEL... -o report.html|report.md`

use super::chart::{renderer, RendererArg};
use super::progress::Progress;
use super::{with_threads, Exit, Output};
use anyhow::Context;
use clap::Args;
use hviske::compare::{self, CompareOptions, Design};
use hviske::render::{self, plot, report, ChartFormat, ChartOptions, Overlay, Renderer};
use hviske::sim::{self, Query, SimConfig, SimResult};
use std::path::{Path, PathBuf};

/// Write the evaluator's report: each design's chart with and without the
/// simulated loss, the comparison, retention and arrival plots, key actors,
/// representation, scenarios and every assumption, as one self-contained
/// HTML file (or Markdown with the figures beside it).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  hviske report models/three-two-one.json models/industry-council.json -o report.html
  hviske report models/three-two-one.json models/scenarios/peel-levels-3-4.json models/industry-council.json -o report.html
  hviske report models/three-two-one.json models/industry-council.json -o report.md

The HTML file needs nothing else to open (inline SVG and CSS, no scripts or fonts from
outside) and prints one section per page. With .md, the figures are written as
REPORT-NAME.svg files next to it.
Cost: every design is simulated both ways, as in `compare`, plus once more upward for
the charts and plots; --trials scales the time linearly.")]
pub struct ReportArgs {
    /// Model or scenario files; differences are taken from the first.
    #[arg(required = true, value_name = "MODEL")]
    models: Vec<PathBuf>,
    /// The report file: .html or .md.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Seed of every simulation; the same seed gives the same report.
    #[arg(long, default_value_t = sim::DEFAULT_SEED)]
    seed: u64,
    /// Runs per source fact (default: about 10,240 fact runs per direction;
    /// at most 10,000,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// Worker threads (default: all cores). The report does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Who lays the charts out [default: dot when installed, else builtin].
    #[arg(long, value_enum)]
    renderer: Option<RendererArg>,
    /// No progress or notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The report's file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Markdown,
}

fn kind(path: &Path) -> anyhow::Result<Kind> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Ok(Kind::Html),
        Some("md") => Ok(Kind::Markdown),
        _ => anyhow::bail!(
            "{}: cannot write a report of this type (use .html or .md)",
            path.display()
        ),
    }
}

/// Everything measured for one design beyond the comparison.
struct Measured {
    analysis: hviske::analysis::Analysis,
    up: SimResult,
    chart: String,
    chart_overlay: String,
}

fn measure(
    d: &Design,
    args: &ReportArgs,
    renderer: Renderer,
    progress: &Progress,
) -> anyhow::Result<Measured> {
    let g = hviske::graph::build(&d.model);
    let analysis = hviske::analysis::analyze(&g, &hviske::analysis::AnalysisOptions::default());
    let q = Query::direction(&d.model, true)
        .map_err(|e| anyhow::anyhow!(super::sim_message(&e)))
        .with_context(|| d.label.clone())?;
    let cfg = SimConfig {
        trials: Some(
            args.trials
                .unwrap_or_else(|| compare::auto_trials(&q, compare::FACTS_PER_DIRECTION)),
        ),
        facts_per_source: 1,
        seed: args.seed,
        horizon_days: None,
        start: Default::default(),
    };
    let up = sim::simulate_general(&g, &q, &cfg, &|a, b| progress.update(a, b))
        .with_context(|| d.label.clone())?;
    let mut opts = ChartOptions {
        collapse_enterprises: true,
        ..ChartOptions::default()
    };
    let chart = render::orgchart::chart_svg(&render::scene(&d.model, &opts)?, renderer)?;
    opts.overlay = Some(Overlay::from_sim(&d.model, &up));
    let chart_overlay = render::orgchart::chart_svg(&render::scene(&d.model, &opts)?, renderer)?;
    Ok(Measured {
        analysis,
        up,
        chart,
        chart_overlay,
    })
}

pub fn run(args: ReportArgs) -> anyhow::Result<Exit> {
    let kind = kind(&args.output)?;
    let renderer = renderer(args.renderer, ChartFormat::Svg)?;
    let mut designs: Vec<Design> = Vec::new();
    for p in &args.models {
        let model = super::load_design(p)?;
        designs.push(Design {
            label: super::compare::label_for(p, &designs),
            model,
        });
    }
    Output::new(Some(&args.output)).check()?;
    let opts = CompareOptions {
        seed: args.seed,
        trials: args.trials,
        ..CompareOptions::default()
    };
    let progress = Progress::new("simulating", args.quiet);
    let (comparison, measured) = with_threads(args.threads, || -> anyhow::Result<_> {
        let c = compare::compare(&designs, &opts, &|a, b| progress.update(a, b))
            .map_err(|e| anyhow::anyhow!(super::compare::compare_message(&e)))?;
        let m = designs
            .iter()
            .map(|d| measure(d, &args, renderer, &progress))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok((c, m))
    })??;
    drop(progress);
    let labelled: Vec<plot::Labelled> = designs
        .iter()
        .zip(&measured)
        .map(|(d, m)| plot::Labelled {
            label: &d.label,
            sim: &m.up,
        })
        .collect();
    let retention = plot::retention_svg(&labelled)?;
    let arrival = plot::arrival_svg(&labelled)?;
    let input = report::ReportInput {
        designs: designs
            .iter()
            .zip(&measured)
            .map(|(d, m)| report::ReportDesign {
                label: &d.label,
                model: &d.model,
                analysis: &m.analysis,
                up: &m.up,
                chart: &m.chart,
                chart_overlay: &m.chart_overlay,
            })
            .collect(),
        comparison: &comparison,
        retention: &retention,
        arrival: &arrival,
        renderer: renderer.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        extra: Vec::new(),
    };
    write(&args, kind, &input)?;
    if !args.quiet {
        eprintln!(
            "hviske: wrote {} (charts laid out by {renderer})",
            args.output.display()
        );
    }
    Ok(Exit::Success)
}

fn write(args: &ReportArgs, kind: Kind, input: &report::ReportInput<'_>) -> anyhow::Result<()> {
    let out = &args.output;
    match kind {
        Kind::Html => Output::new(Some(out)).write(report::html(input).as_bytes()),
        Kind::Markdown => {
            let stem = out
                .file_stem()
                .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
            let (md, files) = report::markdown(input, &stem);
            let dir = out.parent().unwrap_or(Path::new(""));
            for (name, svg) in files {
                Output::new(Some(&dir.join(name))).write(svg.as_bytes())?;
            }
            Output::new(Some(out)).write(md.as_bytes())
        }
    }
}
