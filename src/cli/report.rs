//! `hviske report MODEL... -o report.html|report.md`

use super::chart::{renderer, Collapse, RendererArg};
use super::progress::Progress;
use super::{with_threads, Exit, Output};
use anyhow::Context;
use clap::Args;
use hviske::compare::{self, CompareOptions, Design, Robustness, UncertainOptions};
use hviske::render::scene::Page;
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
  hviske report models/three-two-one.json models/industry-council.json --point -o quick.html
  hviske report models/three-two-one.json models/industry-council.json -o report.pdf
  hviske report models/three-two-one.json models/scenarios/nnn-empty-chair.json \\
      --collapse-enterprises=never -o small.html

The HTML file needs nothing else to open (inline SVG and CSS, no scripts or fonts from
outside). Printed (A4), each section starts a page and each organisation chart has a
page of its own, laid out for it by hviske's own layout (--renderer dot draws them with
Graphviz instead, at whatever size dot gives). With .pdf, headless Chromium prints the
HTML (it must be installed: chromium, or the program HVISKE_CHROMIUM names). With .md,
the figures are written as REPORT-NAME.svg files next to it.
The date under the title: --date, else SOURCE_DATE_EPOCH, else today (UTC).
--collapse-enterprises: auto (the default) collapses like enterprises in designs of
more than 40 actors; =always or =never decide for every design.
The summary leads with the comparison across the evidence, as `compare` does: the
contested readings and the per-hop ranges drawn (200 draws unless --draws says), the
median and 5-95% band of each design's share intact, how often each comes out ahead,
where the gap comes from, each reading's effect, a tornado chart and what would flip
the verdict. --point leaves the draws out (the report then says it shows one run at
the point values only).
Limits: --trials at most 10,000,000; --draws at most 10,000.
Cost: every design is simulated both ways, as in `compare`, plus once more upward for
the charts and plots, plus the draws (a few seconds for the shipped designs); --trials
and --draws scale the time linearly; a run over ten seconds says how long it will take.")]
pub struct ReportArgs {
    /// Model or scenario files; differences are taken from the first.
    #[arg(required = true, value_name = "MODEL")]
    models: Vec<PathBuf>,
    /// The report file: .html, .md or .pdf.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Seed of every simulation; the same seed gives the same report.
    #[arg(long, default_value_t = sim::DEFAULT_SEED)]
    seed: u64,
    /// Trials per source fact (default: about 10,240 trials per direction;
    /// at most 10,000,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// Worker threads (default: all cores). The report does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Who lays the charts out [default: builtin, laid out for the printed page].
    #[arg(long, value_enum)]
    renderer: Option<RendererArg>,
    /// Draw each group of like enterprise actors as one node with a count:
    /// auto (for designs of more than 40 actors), always, never. The bare
    /// flag means always.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Collapse::Auto,
          num_args = 0..=1, require_equals = true, default_missing_value = "always")]
    collapse_enterprises: Collapse,
    /// Leave the draws of the readings and ranges out: one run at the
    /// point values only (the report says so).
    #[arg(long, conflicts_with = "draws")]
    point: bool,
    /// Accepted for older scripts: the draws are now the default.
    #[arg(long, hide = true, conflicts_with = "point")]
    uncertain: bool,
    /// Draws of the readings and ranges (1 to 10,000; each simulates every
    /// design up, as `compare` does).
    #[arg(long, default_value_t = compare::DEFAULT_DRAWS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(super::MAX_DRAWS)))]
    draws: u32,
    /// The date under the title and in the charts' footers, YYYY-MM-DD
    /// [default: SOURCE_DATE_EPOCH, else today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::chart::parse_date)]
    date: Option<String>,
    /// No progress or notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Designs with more actors than this have their enterprises collapsed by
/// default (`--collapse-enterprises=auto`).
const COLLAPSE_ABOVE: usize = 40;

/// The report's file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Markdown,
    /// The HTML printed to PDF by headless Chromium.
    Pdf,
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
        Some("pdf") => Ok(Kind::Pdf),
        _ => anyhow::bail!(
            "{}: cannot write a report of this type (use .html, .md or .pdf)",
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
    base: &ChartOptions,
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
                .unwrap_or_else(|| compare::auto_trials(&q, compare::TRIALS_PER_DIRECTION)),
        ),
        facts_per_source: 1,
        seed: args.seed,
        horizon_days: None,
        start: Default::default(),
        targets_only: false,
    };
    let up = sim::simulate_with(
        &g,
        &q,
        &cfg,
        Some(sim::Method::General),
        Some(&|a, b| progress.update(a, b)),
    )
    .with_context(|| d.label.clone())?;
    let mut opts = ChartOptions {
        collapse_enterprises: args.collapse_enterprises.applies(&d.model, COLLAPSE_ABOVE),
        ..base.clone()
    };
    let (scene, _) = super::chart::legible_scene(&d.model, &mut opts, args.collapse_enterprises)?;
    let chart = render::orgchart::chart_svg(&scene, renderer)?;
    opts.overlay = Some(Overlay::from_sim(&d.model, &up));
    let (scene, _) = super::chart::legible_scene(&d.model, &mut opts, args.collapse_enterprises)?;
    let chart_overlay = render::orgchart::chart_svg(&scene, renderer)?;
    Ok(Measured {
        analysis,
        up,
        chart,
        chart_overlay,
    })
}

/// The sheet a report's charts are laid out for: a landscape A4 page of
/// the print stylesheet (12 mm margins) less room for the caption, so that
/// each chart prints 1:1 on a page of its own.
const REPORT_CHART_PAGE: Page = Page {
    width_mm: 273.0,
    height_mm: 172.0,
    margin_mm: 0.0,
};

pub fn run(args: ReportArgs) -> anyhow::Result<Exit> {
    let kind = kind(&args.output)?;
    // The charts are laid out for the printed page by hviske's own layout
    // unless Graphviz is asked for.
    let renderer = match args.renderer {
        None => Renderer::Builtin,
        Some(r) => renderer(Some(r), ChartFormat::Svg)?,
    };
    let date = super::chart::figure_date(args.date.as_deref())?;
    if kind == Kind::Pdf {
        chromium()?;
    }
    let mut designs: Vec<Design> = Vec::new();
    for p in &args.models {
        let model = super::load_design(p)?;
        designs.push(Design {
            label: super::compare::label_for(p, &designs),
            model,
        });
    }
    Output::new(Some(&args.output)).check()?;
    // One colour per kind across every chart of the report.
    let mut kind_order: Vec<String> = Vec::new();
    for d in &designs {
        for k in hviske::render::scene::kind_order(&d.model) {
            if !kind_order.contains(&k) {
                kind_order.push(k);
            }
        }
    }
    let base = ChartOptions {
        kind_order,
        page: (renderer == Renderer::Builtin).then_some(REPORT_CHART_PAGE),
        date: Some(date.clone()),
        ..ChartOptions::default()
    };
    let (comparison, measured, robustness) = simulate(&designs, &args, renderer, &base)?;
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
        date,
        uncertain_hint: super::hint(hviske::render::Hint::UncertainCommands),
        readings: robustness.as_ref().map(readings).transpose()?,
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

/// Everything the report simulates, under one progress bar: the
/// comparison, each design's measures and charts, and (unless `--point`)
/// the draws of the readings and ranges.
fn simulate(
    designs: &[Design],
    args: &ReportArgs,
    renderer: Renderer,
    base: &ChartOptions,
) -> anyhow::Result<(compare::Comparison, Vec<Measured>, Option<Robustness>)> {
    let opts = CompareOptions {
        seed: args.seed,
        trials: args.trials,
        ..CompareOptions::default()
    };
    let n = designs.len() as u64;
    // One bar: the comparison (both directions), the charts' simulation,
    // then the draws.
    let progress = Progress::with_stages("simulating", args.quiet, 3 * n + u64::from(!args.point));
    let out = with_threads(args.threads, || -> anyhow::Result<_> {
        let c =
            compare::compare(designs, &opts, Some(&|a, b| progress.update(a, b))).map_err(|e| {
                match e {
                    // report has no --what-if: name what it does take.
                    compare::CompareError::OneDesign => anyhow::anyhow!(
                        "report needs two designs or more: give a second model, or a scenario \
                     file of the first (hviske analyze and simulate report one design)"
                    ),
                    e => anyhow::anyhow!(super::compare::compare_message(&e)),
                }
            })?;
        let m = designs
            .iter()
            .map(|d| measure(d, args, renderer, base, &progress))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let r = if args.point {
            None
        } else {
            let u = UncertainOptions {
                draws: args.draws,
                ..UncertainOptions::default()
            };
            Some(
                compare::robustness(designs, &opts, &u, Some(&|a, b| progress.update(a, b)))
                    .map_err(|e| anyhow::anyhow!(super::compare::compare_message(&e)))?,
            )
        };
        Ok((c, m, r))
    })??;
    drop(progress);
    Ok(out)
}

/// The readings' analysis with a tornado chart per design after the first.
fn readings(r: &Robustness) -> anyhow::Result<report::ReadingsInput<'_>> {
    let mut tornado = Vec::new();
    for (i, d) in r.designs.iter().enumerate().skip(1) {
        if let Some(svg) = plot::tornado_svg(r, i)? {
            tornado.push((d.label.clone(), svg));
        }
    }
    Ok(report::ReadingsInput {
        robustness: r,
        tornado,
    })
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
            // The page and its figures are one output: all or none.
            let mut writes: Vec<(Output, &[u8])> = files
                .iter()
                .map(|(name, svg)| (Output::new(Some(&dir.join(name))), svg.as_bytes()))
                .collect();
            writes.push((Output::new(Some(out)), md.as_bytes()));
            super::output::write_all(&writes)
        }
        Kind::Pdf => {
            let pdf = print_to_pdf(&report::html(input))?;
            Output::new(Some(out)).write(&pdf)
        }
    }
}

/// The Chromium program that prints a report to PDF: `HVISKE_CHROMIUM`,
/// else the first of `chromium`, `chromium-browser`, `google-chrome` that
/// runs.
///
/// # Errors
/// When none runs (exit 2, before any work).
fn chromium() -> anyhow::Result<String> {
    let candidates: Vec<String> = match std::env::var("HVISKE_CHROMIUM") {
        Ok(p) => vec![p],
        Err(_) => ["chromium", "chromium-browser", "google-chrome"]
            .map(String::from)
            .to_vec(),
    };
    candidates
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .ok_or_else(|| {
            anyhow::anyhow!("a .pdf report is printed by headless Chromium, which is not installed (install the chromium package, set HVISKE_CHROMIUM, or write .html and print it)")
        })
}

/// Prints `html` to an A4 PDF with headless Chromium (the print
/// stylesheet decides the pages), through files in a temporary folder that
/// is removed afterwards.
fn print_to_pdf(html: &str) -> anyhow::Result<Vec<u8>> {
    let program = chromium()?;
    let dir = std::env::temp_dir().join(format!("hviske-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = (|| -> anyhow::Result<Vec<u8>> {
        let page = dir.join("report.html");
        let pdf = dir.join("report.pdf");
        std::fs::write(&page, html).with_context(|| format!("writing {}", page.display()))?;
        let run = std::process::Command::new(&program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .with_context(|| format!("running {program}"))?;
        if !run.status.success() {
            anyhow::bail!(
                "{program} could not print the report: {}",
                String::from_utf8_lossy(&run.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
        }
        std::fs::read(&pdf).with_context(|| format!("{program} wrote no PDF"))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
