//! Plots of simulations, one line per design (plotters' SVG backend; PNG
//! through `raster::png`): the retention curve (share of facts held intact
//! at each level as they climb, with 95 % bands) and the distribution of
//! first-arrival days. Titles name the designs, axes carry units, and a
//! caption states the seed and the assumptions.

use super::RenderError;
use crate::compare::Robustness;
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

fn designs(series: &[Labelled<'_>]) -> String {
    series
        .iter()
        .map(|s| s.label)
        .collect::<Vec<_>>()
        .join(" vs ")
}

fn caption(series: &[Labelled<'_>], what: &str) -> Vec<String> {
    let sizes: Vec<String> = series
        .iter()
        .map(|s| format!("{} {} trials", s.label, s.sim.total_trials))
        .collect();
    let seed = series.first().map_or(0, |s| s.sim.seed);
    vec![
        format!("Seed {seed}; {}; Monte-Carlo with each model's channel parameters (see the assumptions).", sizes.join(", ")),
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
                            Estimate::wilson(l.intact, s.sim.total_trials),
                        )
                    })
                    .rev()
                    .collect();
                let band: Vec<(f64, f64)> = points
                    .iter()
                    .map(|(x, e)| (*x, e.ci_high * 100.0))
                    .chain(points.iter().rev().map(|(x, e)| (*x, e.ci_low * 100.0)))
                    .collect();
                chart.draw_series(std::iter::once(Polygon::new(
                    band,
                    colour.mix(0.2).filled(),
                )))?;
                let line: Vec<(f64, f64)> = points
                    .iter()
                    .map(|(x, e)| (*x, e.estimate * 100.0))
                    .collect();
                chart
                    .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))?
                    .label(format!(
                        "{} ({} levels, 95 % band)",
                        s.label,
                        s.sim.levels.len()
                    ))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
                    });
                chart.draw_series(line.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
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
                    .draw_series(LineSeries::new(steps, colour.stroke_width(2)))?
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
        root.fill(&WHITE)?;
        let (plot, foot) = root.split_vertically(510);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, ("sans-serif", 18))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(xs, ys)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_labels(x_labels)
            .x_max_light_lines(1)
            .y_max_light_lines(1)
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        body(&mut chart)?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()?;
        footnotes(&foot, notes)?;
        root.present()?;
    }
    svg.push('\n');
    Ok(svg)
}

/// The caption lines (seed, assumptions) under a plot, one per line.
fn footnotes(
    foot: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    notes: &[String],
) -> Result<(), RenderError> {
    let style = TextStyle::from(("sans-serif", 12).into_font())
        .color(&RGBColor(60, 60, 60))
        .pos(Pos::new(HPos::Left, VPos::Top));
    for (k, line) in notes.iter().enumerate() {
        foot.draw_text(line, &style, (14, 4 + 17 * k as i32))?;
    }
    Ok(())
}

/// One bar of a tornado chart.
struct Bar {
    label: String,
    effect_pts: f64,
}

/// The tornado chart of the readings for design `design` against the first:
/// each reading's mean paired effect on the difference in facts held intact
/// (percentage points) as a bar from the baseline (the median difference
/// over the draws), the largest on top; a grey band marks differences under
/// one point (not material). `None` when no reading moves that difference.
///
/// # Errors
/// [`RenderError::Chart`] when plotters cannot draw.
pub fn tornado_svg(r: &Robustness, design: usize) -> Result<Option<String>, RenderError> {
    let (Some(first), Some(d)) = (r.designs.first(), r.designs.get(design)) else {
        return Ok(None);
    };
    let Some(baseline) = d.difference.and_then(|s| s.median).filter(|_| design > 0) else {
        return Ok(None);
    };
    let mut bars: Vec<Bar> = r
        .readings
        .iter()
        .filter_map(|e| {
            let x = e.effect_on_difference.get(design).copied().flatten()?;
            (x != 0.0 && x.is_finite()).then(|| Bar {
                label: format!("{} (p {:.2})", e.id, e.probability),
                effect_pts: 100.0 * x,
            })
        })
        .collect();
    if bars.is_empty() {
        return Ok(None);
    }
    bars.sort_by(|a, b| {
        b.effect_pts
            .abs()
            .total_cmp(&a.effect_pts.abs())
            .then_with(|| a.label.cmp(&b.label))
    });
    let base = 100.0 * baseline;
    let ends = bars.iter().map(|b| base + b.effect_pts);
    let (lo, hi) = ends
        .chain([base, -1.0, 1.0])
        .fold((0.0f64, 0.0f64), |(l, h), x| (l.min(x), h.max(x)));
    let pad = (hi - lo) * 0.12;
    let names = (d.label.as_str(), first.label.as_str());
    let title = format!(
        "What each reading does to {} − {} (facts held intact, pts)",
        names.0, names.1
    );
    let notes = vec![
        format!(
            "Seed {}; {} draws of every reading and assumption, {} trials per source per draw. Bar: the reading's mean paired effect (with it − without it,",
            r.seed, r.draws, r.trials
        ),
        format!(
            "the rest of each draw unchanged) from the baseline, the median difference over the draws ({base:+.1} pts). Grey: under 1 pt, no material difference."
        ),
    ];
    let svg = draw_tornado(&title, &notes, &bars, base, (lo - pad, hi + pad), names)?;
    Ok(Some(svg))
}

/// Rows left empty under a tornado's bars for its legend.
const LEGEND_ROWS: i32 = 3;

/// Draws the tornado: one row per bar, the first on top.
fn draw_tornado(
    title: &str,
    notes: &[String],
    bars: &[Bar],
    base: f64,
    (lo, hi): (f64, f64),
    (design, first): (&str, &str),
) -> Result<String, RenderError> {
    use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
    // Three empty rows under the bars keep the legend clear of them.
    let n = bars.len() as i32 + LEGEND_ROWS;
    let height = (150 + 34 * (bars.len() + LEGEND_ROWS as usize)).max(380) as u32;
    let label_width = bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(10) as u32
        * 7
        + 20;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, foot) = root.split_vertically(height - 50);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, ("sans-serif", 18))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(label_width.min(360))
            .build_cartesian_2d(lo..hi, (0..n - 1).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(format!(
                "{design} − {first}, percentage points of facts held intact"
            ))
            .x_label_formatter(&|x| match format!("{x:+.0}").as_str() {
                "+0" | "-0" => "0".to_string(),
                s => s.to_string(),
            })
            .x_max_light_lines(1)
            .y_labels(n as usize)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(k) => bars
                    .get((n - 1 - k) as usize)
                    .map_or_else(String::new, |b| b.label.clone()),
                _ => String::new(),
            })
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        tornado_body(&mut chart, bars, base, n, (design, first))?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::LowerRight)
            .draw()?;
        footnotes(&foot, notes)?;
        root.present()?;
    }
    svg.push('\n');
    Ok(svg)
}

type TornadoChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32>,
    >,
>;

/// The tornado's content: the immaterial band, one bar per reading from the
/// baseline with its value, the zero line and the dashed baseline.
fn tornado_body(
    chart: &mut TornadoChart<'_, '_>,
    bars: &[Bar],
    base: f64,
    n: i32,
    (design, first): (&str, &str),
) -> Result<(), RenderError> {
    use plotters::coord::ranged1d::SegmentValue;
    let row = |k: usize| n - 1 - k as i32;
    let (top, bottom) = (|| SegmentValue::Exact(n), || SegmentValue::Exact(0));
    chart.draw_series(std::iter::once(Rectangle::new(
        [(-1.0, bottom()), (1.0, top())],
        RGBColor(225, 225, 225).filled(),
    )))?;
    for (sign, colour, what) in [
        (
            1.0,
            COLOURS[1],
            format!("raises the difference (favours {design})"),
        ),
        (-1.0, COLOURS[0], format!("lowers it (favours {first})")),
    ] {
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .filter(|(_, b)| b.effect_pts * sign > 0.0)
                    .map(|(k, b)| {
                        let y = row(k);
                        let mut r = Rectangle::new(
                            [
                                (base, SegmentValue::Exact(y)),
                                (base + b.effect_pts, SegmentValue::Exact(y + 1)),
                            ],
                            colour.filled(),
                        );
                        r.set_margin(7, 7, 0, 0);
                        r
                    }),
            )?
            .label(what)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled()));
    }
    let value_style = TextStyle::from(("sans-serif", 12).into_font()).color(&BLACK);
    chart.draw_series(bars.iter().enumerate().map(|(k, b)| {
        let end = base + b.effect_pts;
        let anchor = if b.effect_pts > 0.0 {
            HPos::Left
        } else {
            HPos::Right
        };
        Text::new(
            format!(" {:+.1} ", b.effect_pts),
            (end, SegmentValue::CenterOf(row(k))),
            value_style.pos(Pos::new(anchor, VPos::Center)),
        )
    }))?;
    chart.draw_series(LineSeries::new(
        [(0.0, bottom()), (0.0, top())],
        BLACK.stroke_width(1),
    ))?;
    chart
        .draw_series(DashedLineSeries::new(
            [(base, bottom()), (base, top())],
            6,
            4,
            BLACK.stroke_width(2),
        ))?
        .label(format!("baseline {base:+.1} pts"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(2)));
    Ok(())
}
