//! `hviske advise` output: the front as a table (text, Markdown) or JSON,
//! and the front plot (facts intact up against meeting load, with 95 %
//! intervals) as SVG.

use super::chart::COLOURS;
use super::comparison::{cell, pct_ci};
use super::table::{Align, Table};
use super::{json, Format, Hint, Layout, RenderError, Wording};
use crate::advise::{Advice, Proposal};
use crate::compare::Unit;
use plotters::prelude::*;

fn moved_cell(p: &Proposal) -> String {
    let m = &p.moved;
    let days = m
        .days_up
        .map_or_else(String::new, |d| format!(", {d:+.0} d"));
    format!(
        "{:+.1} / {:+.1} pts{days}",
        m.intact_up_points, m.intact_down_points
    )
}

fn diff(p: &Proposal) -> String {
    p.figures.intact_up.vs_start.map_or_else(String::new, |d| {
        let d = d.value;
        let half = (d.ci_high - d.estimate).max(d.estimate - d.ci_low);
        format!("{:+.1} ±{:.1} pts", 100.0 * d.estimate, 100.0 * half)
    })
}

fn front_table(a: &Advice) -> Table {
    let mut t = Table::new([
        "design",
        "changes",
        "intact up",
        "vs start",
        "intact down",
        "median days up",
        "meeting load",
        "moved (up / down)",
        "still on front",
    ]);
    for c in 2..8 {
        t = t.align(c, Align::Right);
    }
    for p in std::iter::once(&a.start).chain(&a.front) {
        let f = &p.figures;
        t.row([
            p.label.clone(),
            p.moves.len().to_string(),
            cell(&f.intact_up.value, Unit::Share),
            diff(p),
            cell(&f.intact_down.value, Unit::Share),
            cell(&f.days_up.value, Unit::Days),
            cell(&f.meeting_load.value, Unit::PersonDaysPerYear),
            moved_cell(p),
            if p.still_on_front { "yes" } else { "no" }.to_string(),
        ]);
    }
    t
}

fn odds_table(a: &Advice) -> Option<Table> {
    if a.front.iter().all(|p| p.odds.is_none()) {
        return None;
    }
    let mut t = Table::new(["design", "beats the start", "difference up, 5–50–95%"])
        .align(1, Align::Right)
        .align(2, Align::Right);
    for p in &a.front {
        let Some(o) = &p.odds else { continue };
        let pts = |x: Option<f64>| x.map_or_else(|| "–".into(), |x| format!("{:+.1}", 100.0 * x));
        t.row([
            p.label.clone(),
            pct_ci(&o.beats_start),
            format!(
                "{} / {} / {} pts",
                pts(o.difference.p5),
                pts(o.difference.median),
                pts(o.difference.p95)
            ),
        ]);
    }
    Some(t)
}

fn changes_text(a: &Advice, l: Layout) -> String {
    let mut s = String::new();
    for p in &a.front {
        let st = &p.standing;
        let name = if l.md {
            format!("- **{}**", super::escape::markdown(&p.label))
        } else {
            p.label.clone()
        };
        s.push_str(&format!(
            "{name}: {} level(s), {:.0} person-days/year, worst other removal {:.1}%\n",
            st.levels,
            st.meeting_load,
            100.0 * st.worst_removal
        ));
        for m in &p.moves {
            let summary = if l.md {
                super::escape::markdown(&m.summary)
            } else {
                m.summary.as_str().into()
            };
            s.push_str(&format!("    - {summary} [{}]\n", m.kind.as_str()));
        }
    }
    s
}

/// Renders an [`Advice`]: the front with each design's figures (from
/// `compare` with the fresh seed), its difference from the start, how far
/// the re-evaluation moved it, then each design's changes in words, the
/// constraints and the method.
///
/// # Errors
/// [`RenderError::Unsupported`] for CSV.
pub fn advice(a: &Advice, format: Format, hint: Wording) -> Result<String, RenderError> {
    let md = match format {
        Format::Json => return Ok(json(a)),
        Format::Csv => {
            return Err(RenderError::Unsupported {
                what: "advice",
                format,
                supported: "table, json, markdown",
            })
        }
        Format::Markdown => true,
        Format::Table => false,
    };
    let l = Layout { md };
    let mut s = l.title(&format!("Design advice from \"{}\"", a.start_name));
    s.push_str(&format!(
        "Searched {} candidate designs in {} step(s) (seed {}, {} trials per direction each); {} broke a constraint, {} did not apply. \
         Figures below: compare with seed {} ({} trials per source up, {} down), each with its 95% interval.\n\n",
        a.evaluated, a.steps_run, a.seed, a.search_trials, a.infeasible, a.rejected, a.fresh_seed, a.trials_up, a.trials_down
    ));
    if a.front.is_empty() {
        s.push_str("No design within the constraints beats the start by a material amount in any objective.\n\n");
    }
    s.push_str(&l.table(&front_table(a)));
    s.push_str("(changes: moves from the start; vs start: facts intact up, design − start, paired; moved: the re-evaluation minus the search's figure)\n\n");
    if let Some(t) = odds_table(a) {
        s.push_str(&l.heading(&format!(
            "Over the readings and ranges ({})",
            hint(Hint::Uncertain)
        )));
        s.push_str(&l.table(&t));
        s.push('\n');
    }
    if !a.front.is_empty() {
        s.push_str(&l.heading("Changes"));
        s.push_str(&changes_text(a, l));
        s.push('\n');
    }
    s.push_str(&l.heading("Assumptions"));
    for x in &a.assumptions {
        let x = if md {
            super::escape::markdown(x)
        } else {
            x.into()
        };
        s.push_str(&format!("- {x}\n"));
    }
    Ok(s)
}

/// A point of the plot: (load, intact %, low %, high %, label).
fn points(a: &Advice) -> Vec<(f64, f64, f64, f64, String)> {
    std::iter::once(&a.start)
        .chain(&a.front)
        .filter_map(|p| {
            let v = &p.figures.intact_up.value;
            let x = p.figures.meeting_load.value.figure()?;
            let y = v.figure()?;
            let (low, high) = v.interval().unwrap_or((y, y));
            Some((x, 100.0 * y, 100.0 * low, 100.0 * high, p.label.clone()))
        })
        .collect()
}

/// The front plot: facts intact up (with 95 % intervals) against meeting
/// load, the start in its own colour, each design labelled.
///
/// # Errors
/// [`RenderError::Chart`] when plotters cannot draw.
pub fn advice_svg(a: &Advice) -> Result<String, RenderError> {
    let pts = points(a);
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, 0.0_f64, f64::INFINITY, 0.0_f64);
    for p in &pts {
        (x0, x1) = (x0.min(p.0), x1.max(p.0));
        (y0, y1) = (y0.min(p.2), y1.max(p.3));
    }
    if !x0.is_finite() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 100.0);
    }
    let (xpad, ypad) = (((x1 - x0) * 0.1).max(10.0), ((y1 - y0) * 0.1).max(2.0));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Facts intact up against meeting load (seed {}; bars: 95% intervals)",
                    a.fresh_seed
                ),
                ("sans-serif", 20),
            )
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(
                (x0 - xpad).max(0.0)..x1 + xpad,
                (y0 - ypad).max(0.0)..(y1 + ypad).min(100.0),
            )?;
        chart
            .configure_mesh()
            .x_desc("meeting load, person-days per year")
            .y_desc("facts intact, deepest level to top (%)")
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        for (i, (x, y, lo, hi, label)) in pts.iter().enumerate() {
            let colour = if i == 0 { COLOURS[1] } else { COLOURS[0] };
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(*x, *lo), (*x, *hi)],
                colour.stroke_width(2),
            )))?;
            let point = EmptyElement::at((*x, *y))
                + Circle::new((0, 0), 5, colour.filled())
                + Text::new(
                    label.clone(),
                    (8, -14),
                    ("sans-serif", 13).into_font().color(&BLACK),
                );
            chart.draw_series(std::iter::once(point))?;
        }
        root.present()?;
    }
    Ok(svg)
}
