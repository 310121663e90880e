//! Plots of simulations, one line per design (plotters' SVG backend; PNG
//! through `raster::png`): the retention curve (share of facts held intact
//! at each level as they climb, with 95 % bands) and the distribution of
//! first-arrival days. Titles name the designs, axes carry units, and a
//! caption states the seed and the assumptions.

use super::RenderError;
use crate::sim::{Estimate, SimResult};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::COLOURS;

/// Width of a bin of first-arrival days.
pub const ARRIVAL_BIN_DAYS: f64 = 30.0;

/// One design's simulation, labelled.
#[derive(Debug, Clone, Copy)]
pub struct Labelled<'a> {
    /// The design's label.
    pub label: &'a str,
    /// Its simulation.
    pub sim: &'a SimResult,
}

fn err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Chart(e.to_string())
}

fn designs(series: &[Labelled<'_>]) -> String {
    series
        .iter()
        .map(|s| s.label)
        .collect::<Vec<_>>()
        .join(" vs ")
}

fn caption(series: &[Labelled<'_>], what: &str) -> Vec<String> {
    let runs: Vec<String> = series
        .iter()
        .map(|s| format!("{} {} fact runs", s.label, s.sim.facts))
        .collect();
    let seed = series.first().map_or(0, |s| s.sim.seed);
    vec![
        format!("Seed {seed}; {}; Monte-Carlo with each model's channel parameters (see the assumptions).", runs.join(", ")),
        what.to_string(),
    ]
}

/// The retention curve: for facts from the deepest level, the share held
/// intact by at least one actor at each level, by levels climbed, with 95 %
/// Wilson bands.
///
/// # Errors
/// [`RenderError::Chart`] when plotters cannot draw.
pub fn retention_svg(series: &[Labelled<'_>]) -> Result<String, RenderError> {
    let max_x = series
        .iter()
        .map(|s| s.sim.levels.len().saturating_sub(1))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let title = format!(
        "Facts held intact as they climb the levels: {}",
        designs(series)
    );
    let notes = caption(
        series,
        "Intact = at least one actor at the level holds the fact unaltered. Band: 95 % Wilson interval.",
    );
    draw(
        &title,
        &notes,
        (0.0..max_x, 0.0..100.0),
        max_x as usize + 1,
        (
            "levels climbed from the deepest level",
            "percent of facts held intact",
        ),
        |chart| {
            for (i, s) in series.iter().enumerate() {
                let colour = COLOURS[i % COLOURS.len()];
                let deepest = s.sim.levels.len().saturating_sub(1);
                let points: Vec<(f64, Estimate)> = s
                    .sim
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(k, l)| {
                        (
                            (deepest - k) as f64,
                            Estimate::wilson(l.intact, s.sim.facts),
                        )
                    })
                    .rev()
                    .collect();
                let band: Vec<(f64, f64)> = points
                    .iter()
                    .map(|(x, e)| (*x, e.ci_high * 100.0))
                    .chain(points.iter().rev().map(|(x, e)| (*x, e.ci_low * 100.0)))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        band,
                        colour.mix(0.2).filled(),
                    )))
                    .map_err(err)?;
                let line: Vec<(f64, f64)> = points
                    .iter()
                    .map(|(x, e)| (*x, e.estimate * 100.0))
                    .collect();
                chart
                    .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
                    .map_err(err)?
                    .label(format!(
                        "{} ({} levels, 95 % band)",
                        s.label,
                        s.sim.levels.len()
                    ))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
                    });
                chart
                    .draw_series(line.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                    .map_err(err)?;
            }
            Ok(())
        },
    )
}

/// Share of arrivals per [`ARRIVAL_BIN_DAYS`] bin, in percent, by bin start.
fn arrival_histogram(sim: &SimResult) -> Vec<(f64, f64)> {
    let days: Vec<f32> = sim.outcomes.iter().filter_map(|o| o.arrival_day).collect();
    if days.is_empty() {
        return Vec::new();
    }
    let bins = days
        .iter()
        .map(|&d| (f64::from(d) / ARRIVAL_BIN_DAYS) as usize)
        .max()
        .unwrap_or(0)
        + 1;
    let mut counts = vec![0u64; bins];
    for &d in &days {
        counts[(f64::from(d) / ARRIVAL_BIN_DAYS) as usize] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(b, &c)| {
            (
                b as f64 * ARRIVAL_BIN_DAYS,
                100.0 * c as f64 / days.len() as f64,
            )
        })
        .collect()
}

/// The distribution of first-arrival days at the targets (reached pairs
/// only), one step line per design.
///
/// # Errors
/// [`RenderError::Chart`] when plotters cannot draw.
pub fn arrival_svg(series: &[Labelled<'_>]) -> Result<String, RenderError> {
    let hists: Vec<Vec<(f64, f64)>> = series.iter().map(|s| arrival_histogram(s.sim)).collect();
    let max_x = hists
        .iter()
        .flatten()
        .map(|p| p.0 + ARRIVAL_BIN_DAYS)
        .fold(ARRIVAL_BIN_DAYS, f64::max);
    let max_y = hists.iter().flatten().map(|p| p.1).fold(10.0, f64::max) * 1.1;
    let title = format!("Day of first arrival at the targets: {}", designs(series));
    let notes = caption(
        series,
        &format!("Share of the facts that arrived, per {ARRIVAL_BIN_DAYS:.0}-day bin; facts that never arrive are left out. Timed path: latency and sittings as modelled."),
    );
    draw(
        &title,
        &notes,
        (0.0..max_x, 0.0..max_y),
        12,
        ("days after the fact arises", "percent of arrived facts"),
        |chart| {
            for (i, (s, h)) in series.iter().zip(&hists).enumerate() {
                let colour = COLOURS[i % COLOURS.len()];
                let steps: Vec<(f64, f64)> = h
                    .iter()
                    .flat_map(|&(x, y)| [(x, y), (x + ARRIVAL_BIN_DAYS, y)])
                    .collect();
                let median = s
                    .sim
                    .arrival_days
                    .median
                    .map_or("–".into(), |m| format!("{m:.0}"));
                chart
                    .draw_series(LineSeries::new(steps, colour.stroke_width(2)))
                    .map_err(err)?
                    .label(format!("{} (median {median} days)", s.label))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
                    });
            }
            Ok(())
        },
    )
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws a titled chart with a caption under it.
fn draw(
    title: &str,
    notes: &[String],
    (xs, ys): (std::ops::Range<f64>, std::ops::Range<f64>),
    x_labels: usize,
    (x_desc, y_desc): (&str, &str),
    body: impl FnOnce(&mut Chart<'_, '_>) -> Result<(), RenderError>,
) -> Result<String, RenderError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, foot) = root.split_vertically(510);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, ("sans-serif", 18))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(xs, ys)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_labels(x_labels)
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        body(&mut chart)?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(err)?;
        let style = TextStyle::from(("sans-serif", 12).into_font())
            .color(&RGBColor(60, 60, 60))
            .pos(Pos::new(HPos::Left, VPos::Top));
        for (k, line) in notes.iter().enumerate() {
            foot.draw_text(line, &style, (14, 4 + 17 * k as i32))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    svg.push('\n');
    Ok(svg)
}
