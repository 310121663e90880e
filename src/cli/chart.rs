//! `hviske chart MODEL -o FILE`

use super::progress::Progress;
use super::simulate::QueryArgs;
use super::{with_threads, Exit, Output, Rejection};
use anyhow::Context;
use clap::{Args, ValueEnum};
use hviske::model::Model;
use hviske::render::scene::{Page, SceneError};
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
--page lays the chart out for a sheet with hviske's own layout: levels wrap
into several lines and the legend moves beside the drawing until the chart
prints at its largest, the smallest text at 7 pt or more when it can (said
on stderr when it cannot: collapse, draw fewer levels, or take a larger
page). A .pdf without --page is laid out for A4 landscape.
Models of more than 60 actors are drawn with like enterprises collapsed
unless --collapse-enterprises=never (said on stderr).
The footer names the model's source, hviske's version and the date: --date,
else SOURCE_DATE_EPOCH (seconds since 1970, for byte-identical output), else
today (UTC).

Examples:
  hviske chart models/three-two-one.json -o 321.svg
  hviske chart models/three-two-one.json --page a4 --landscape -o 321.pdf
  hviske chart models/industry-council.json --page a3 -o council.svg
  hviske chart models/industry-council.json --kinds membership -o members.svg
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
    /// Draw each group of like enterprise actors as one node with a count:
    /// auto (models of more than 60 actors, or when the chart would not fit
    /// its page otherwise; folded when even that does not fit), always,
    /// fold (one node per level and side for the enterprises' actors),
    /// never. The bare flag means always.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Collapse::Auto,
          num_args = 0..=1, require_equals = true, default_missing_value = "always")]
    collapse_enterprises: Collapse,
    /// Lay the chart out for this sheet (portrait unless --landscape).
    #[arg(long, value_enum, value_name = "SIZE")]
    page: Option<PageArg>,
    /// Turn the --page sideways.
    #[arg(long, requires = "page")]
    landscape: bool,
    /// Only channels of these kinds (ids from the model's kinds), e.g.
    /// --kinds report instruction.
    #[arg(long, value_name = "KIND", num_args = 1..)]
    kinds: Vec<String>,
    /// The figure's title [default: the model's name].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The date in the footer, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<String>,
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

/// The `--collapse-enterprises` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Collapse {
    /// Above a size (60 actors for a chart, 40 for a report's charts).
    Auto,
    /// Every design.
    Always,
    /// One node per level and side for the enterprises' actors.
    Fold,
    /// No design.
    Never,
}

impl Collapse {
    /// Whether `model`'s enterprises are collapsed, `auto` meaning more
    /// than `above` actors.
    pub fn applies(self, model: &Model, above: usize) -> bool {
        match self {
            Collapse::Auto => model.actors.len() > above,
            Collapse::Always | Collapse::Fold => true,
            Collapse::Never => false,
        }
    }
}

/// Charts of models with more actors than this are collapsed by default.
const COLLAPSE_ABOVE: usize = 60;

/// The `--page` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageArg {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl PageArg {
    fn page(self, landscape: bool) -> Page {
        let p = match self {
            PageArg::A4 => Page::A4,
            PageArg::A3 => Page::A3,
            PageArg::Letter => Page::LETTER,
        };
        if landscape {
            p.landscape()
        } else {
            p
        }
    }
}

/// `YYYY-MM-DD`, checked.
pub(crate) fn parse_date(s: &str) -> Result<String, String> {
    let err = || format!("expected a date as YYYY-MM-DD, e.g. 2026-03-01, got {s:?}");
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(err());
    };
    let ok = y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && y.parse::<u32>().is_ok()
        && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    if ok {
        Ok(s.to_string())
    } else {
        Err(err())
    }
}

/// The date of a figure: `--date`, else `SOURCE_DATE_EPOCH` (so that
/// builds are reproducible), else today (UTC).
///
/// # Errors
/// When `SOURCE_DATE_EPOCH` is set but not a number of seconds.
pub(crate) fn figure_date(asked: Option<&str>) -> anyhow::Result<String> {
    if let Some(d) = asked {
        return Ok(d.to_string());
    }
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH: expected seconds since 1970, got {v:?}")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(civil_date(secs.div_euclid(86_400)))
}

/// `YYYY-MM-DD` of a day number since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
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
        SceneError::UnknownKind { kind, hint, known } => {
            format!("--kinds {kind}: no channel of that kind{hint}; the model's kinds: {known}")
        }
        _ => e.to_string(),
    };
    Rejection(msg).into()
}

/// The scene of `model` under `opts`, with `--collapse-enterprises=auto`
/// collapsing, then folding, until a chart laid out for a page prints its
/// smallest text at 7 pt (as far as folding can take it), and the size it
/// prints at. `opts` is left as drawn.
pub(crate) fn legible_scene(
    model: &Model,
    opts: &mut ChartOptions,
    mode: Collapse,
) -> anyhow::Result<(render::scene::Scene, Option<f64>)> {
    opts.fold_enterprises = mode == Collapse::Fold;
    let mut scene = render::scene(model, opts).map_err(scene_error)?;
    let mut printed = render::svg::smallest_text_pt(&scene);
    let too_small = |pt: Option<f64>| pt.is_some_and(|pt| pt < Page::MIN_TEXT_PT);
    if mode == Collapse::Auto && too_small(printed) {
        for fold in [false, true] {
            if !too_small(printed) || (!fold && opts.collapse_enterprises) {
                continue;
            }
            opts.collapse_enterprises = true;
            opts.fold_enterprises = fold;
            scene = render::scene(model, opts).map_err(scene_error)?;
            printed = render::svg::smallest_text_pt(&scene);
        }
    }
    Ok((scene, printed))
}

pub fn run(args: ChartArgs) -> anyhow::Result<Exit> {
    let format = ChartFormat::for_path(&args.output)?;
    let page = match (args.page, format) {
        (Some(p), _) => Some(p.page(args.landscape)),
        (None, ChartFormat::Pdf) if args.renderer != Some(RendererArg::Dot) => {
            Some(Page::A4.landscape())
        }
        _ => None,
    };
    if page.is_some() && args.renderer == Some(RendererArg::Dot) && format != ChartFormat::Dot {
        anyhow::bail!(
            "--page lays the chart out with hviske's own layout; leave out --renderer dot"
        );
    }
    let renderer = if page.is_some() {
        Renderer::Builtin
    } else {
        renderer(args.renderer, format)?
    };
    let date = figure_date(args.date.as_deref())?;
    let model = super::load_design(&args.model)?;
    let out = Output::new(Some(&args.output));
    out.check()?;
    let overlay = match args.overlay {
        Some(OverlayArg::Sim) => Some(overlay(&model, &args.sim, args.quiet)?),
        None => None,
    };
    let mut opts = ChartOptions {
        collapse_enterprises: args.collapse_enterprises.applies(&model, COLLAPSE_ABOVE),
        levels: args.levels,
        highlight: args.highlight.clone(),
        evidence: args.evidence,
        overlay,
        kinds: args.kinds.clone(),
        page,
        title: args.title.clone(),
        date: Some(date),
        ..ChartOptions::default()
    };
    let (scene, printed) = legible_scene(&model, &mut opts, args.collapse_enterprises)?;
    let bytes = render::chart(&scene, format, renderer)?;
    out.write(&bytes)
        .with_context(|| format!("writing the chart {}", args.output.display()))?;
    if !args.quiet {
        if opts.fold_enterprises && args.collapse_enterprises == Collapse::Auto {
            eprintln!(
                "hviske: the enterprises' actors folded into one node per level and side to fit the page ({} actors; a larger --page, or --collapse-enterprises=always or =never, draws more)",
                model.actors.len()
            );
        } else if opts.collapse_enterprises && args.collapse_enterprises == Collapse::Auto {
            eprintln!(
                "hviske: like enterprise actors drawn once with a count ({} actors; --collapse-enterprises=never draws each)",
                model.actors.len()
            );
        }
        note(&args.output, format, renderer, scene.nodes.len());
        if let (Some(pt), Some(p)) = (printed, page) {
            let fits = match (pt < Page::MIN_TEXT_PT, opts.fold_enterprises) {
                (false, _) => "",
                (true, true) => " (below 7 pt: draw fewer --levels or take a larger --page)",
                (true, false) => " (below 7 pt: collapse enterprises, draw fewer --levels or take a larger --page)",
            };
            eprintln!(
                "hviske: laid out for a {:.0} × {:.0} mm page; the smallest text prints at {pt:.1} pt{fits}",
                p.width_mm, p.height_mm
            );
        }
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

#[cfg(test)]
mod tests {
    #[test]
    fn day_numbers_become_calendar_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(19_782), "2024-02-29");
        assert_eq!(super::civil_date(20_513), "2026-03-01");
    }
}
