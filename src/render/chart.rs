//! The sweep as an SVG line chart: one line per design, its 95 % interval
//! as a band, the x axis the swept parameter. Drawn with plotters' SVG
//! backend (no font files needed: text is left to the SVG viewer).

use super::RenderError;
use crate::compare::{Sweep, Unit};
use plotters::prelude::*;

/// Colour-blind-safe line colours (Okabe & Ito 2008).
pub(super) const COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
];

/// The chart's x range (the swept values) and y range (the estimates and
/// their intervals, scaled; shares from 0 to at least 100 %, days padded).
fn ranges(s: &Sweep, share: bool, scale: f64) -> ((f64, f64), (f64, f64)) {
    let xs = &s.values;
    let (x0, x1) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let ys = s
        .series
        .iter()
        .flat_map(|se| se.points.iter())
        .filter_map(|p| p.value)
        .flat_map(|e| [e.ci_low, e.ci_high, e.estimate])
        .map(|y| y * scale);
    let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
    for y in ys {
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if !y0.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    if share {
        (y0, y1) = (0.0, 100.0_f64.max(y1));
    } else {
        let pad = ((y1 - y0) * 0.05).max(1.0);
        (y0, y1) = ((y0 - pad).max(0.0), y1 + pad);
    }
    ((x0, x1), (y0, y1))
}

/// A swept value as short text (`0.85`, `12`).
fn short(x: f64) -> String {
    let t = format!("{x:.3}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Renders a [`Sweep`] as a standalone SVG document.
///
/// # Errors
/// [`RenderError::Chart`] when plotters cannot lay the chart out.
pub fn sweep_svg(s: &Sweep) -> Result<String, RenderError> {
    let share = s.outcome.unit() == Unit::Share;
    let scale = if share { 100.0 } else { 1.0 };
    let ((x0, x1), (y0, y1)) = ranges(s, share, scale);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
        root.fill(&WHITE)?;
        let caption = format!("{} against {}", s.outcome_label, s.param_label);
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, ("sans-serif", 20))
            .margin(16)
            .margin_bottom(24)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(s.param.as_str())
            .y_desc(if share { "percent" } else { "days" })
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        for (i, se) in s.series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let band: Vec<(f64, f64)> = se
                .points
                .iter()
                .filter_map(|p| Some((p.x, p.value?.ci_high * scale)))
                .chain(
                    se.points
                        .iter()
                        .rev()
                        .filter_map(|p| Some((p.x, p.value?.ci_low * scale))),
                )
                .collect();
            if band.len() >= 3 {
                chart.draw_series(std::iter::once(Polygon::new(
                    band,
                    colour.mix(0.18).filled(),
                )))?;
            }
            let line: Vec<(f64, f64)> = se
                .points
                .iter()
                .filter_map(|p| Some((p.x, p.value?.estimate * scale)))
                .collect();
            chart
                .draw_series(LineSeries::new(line, colour.stroke_width(2)))?
                .label(format!("{} (95% band)", se.label))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
                });
        }
        for f in &s.flips {
            let x = (f.from_x + f.to_x) / 2.0;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, y0), (x, y1)],
                BLACK.mix(0.5).stroke_width(1),
            )))?;
            // The flip labelled where it happens: between two swept values.
            let what = if super::comparison::flip_is_clear(s, f) {
                "flip"
            } else {
                "estimates cross (tied)"
            };
            let label = format!(
                "{what}: {} → {} between {} and {}",
                f.from,
                f.to,
                short(f.from_x),
                short(f.to_x)
            );
            chart.draw_series(std::iter::once(Text::new(
                label,
                (x, y1 - (y1 - y0) * 0.03),
                ("sans-serif", 12).into_font().color(&BLACK.mix(0.8)),
            )))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
        root.draw(&Text::new(
            format!(
                "Seed {}, {} trials per source fact at each value; bands are 95 % intervals.",
                s.seed, s.trials
            ),
            (16, 548),
            ("sans-serif", 12).into_font().color(&BLACK.mix(0.75)),
        ))?;
        root.present()?;
    }
    svg.push('\n');
    Ok(svg)
}
