//! `hviske compare` output: the side-by-side table, the robustness table of
//! `--uncertain`, and the sweep table.

use super::escape;
use super::table::{Align, Table};
use super::{json, Format, Hint, RenderError, Wording};
use crate::compare::{Best, Cell, Comparison, Robustness, Row, Section, Sweep, Unit};
use crate::sim::Estimate;

/// A value in a row's unit, with its interval where it has one.
pub(super) fn cell(v: &Cell, unit: Unit) -> String {
    let Some(x) = v.figure() else {
        return "–".into();
    };
    match (unit, v.interval()) {
        (Unit::Share, Some((lo, hi))) => {
            let half = (hi - x).max(x - lo);
            format!("{:.1}% ±{:.1}", 100.0 * x, 100.0 * half)
        }
        (Unit::Share, _) => format!("{:.1}%", 100.0 * x),
        (Unit::Days, Some((lo, hi))) => format!("{x:.0} [{lo:.0}–{hi:.0}]"),
        (Unit::Days, _) => format!("{x:.0}"),
        (Unit::Hops, _) => format!("{x:.2}"),
        (Unit::PersonDaysPerYear, _) => format!("{x:.0}"),
        (Unit::Count, _) => format!("{x}"),
    }
}

/// Whether a flip of the estimates is a change of a clear leader: the
/// leader column's labels on both sides of it (a tie on either side means
/// the estimates cross within their intervals).
pub(super) fn flip_is_clear(s: &crate::compare::Sweep, f: &crate::compare::Flip) -> bool {
    use crate::compare::Leader;
    let at = |x: f64| {
        s.values
            .iter()
            .position(|v| *v == x)
            .and_then(|k| s.leaders.get(k))
    };
    matches!(
        (at(f.from_x), at(f.to_x)),
        (Some(Leader::Design(a)), Some(Leader::Design(b))) if a != b
    )
}

/// A flip in words that agree with the leader column: a clear change of
/// leader, or estimates that cross where the designs are tied.
pub(super) fn flip_sentence(s: &crate::compare::Sweep, f: &crate::compare::Flip) -> String {
    if flip_is_clear(s, f) {
        format!(
            "Flip: between {} = {:.3} and {:.3} the leader changes from {} to {}.",
            s.param, f.from_x, f.to_x, f.from, f.to
        )
    } else {
        format!(
            "Between {} = {:.3} and {:.3} the estimates cross ({} ahead before, {} after), within their intervals: the leader column says tie on at least one side, so this is not a clear flip.",
            s.param, f.from_x, f.to_x, f.from, f.to
        )
    }
}

/// A difference in a row's unit.
pub(super) fn diff_cell(row: &Row, i: usize) -> String {
    let Some(d) = row.differences.get(i).copied().flatten().map(|d| d.value) else {
        return String::new();
    };
    let half = (d.ci_high - d.estimate).max(d.estimate - d.ci_low);
    match row.unit {
        Unit::Share if half > 0.0 => {
            format!("{:+.1} ±{:.1} pts", 100.0 * d.estimate, 100.0 * half)
        }
        Unit::Share => format!("{:+.1} pts", 100.0 * d.estimate),
        Unit::Days => format!("{:+.0}", d.estimate),
        Unit::Hops => format!("{:+.2}", d.estimate),
        Unit::PersonDaysPerYear => format!("{:+.0}", d.estimate),
        Unit::Count => format!("{:+}", d.estimate),
    }
}

/// The "better" column: the design's column number, `tie`, or `≈` (no
/// material difference).
fn best_cell(best: Option<&Best>) -> String {
    match best {
        None => String::new(),
        Some(Best::Tie) => "tie".into(),
        Some(Best::NoMaterialDifference) => "≈".into(),
        Some(Best::Design { index, .. }) => format!("[{}]", index + 1),
    }
}

fn section_title(section: Section) -> &'static str {
    match section {
        Section::Structure => "Structure",
        Section::Up => "Up (deepest level → top)",
        Section::Down => "Down (top → deepest level)",
        Section::Risk => "Risk",
        Section::Cost => "Cost",
    }
}

/// The rows under their sections' titles: each design's value, its
/// difference from the first design, and the better design.
fn rows_table(c: &Comparison, md: bool) -> Table {
    let n = c.designs.len();
    let mut headers = vec!["figure".to_string()];
    for (i, d) in c.designs.iter().enumerate() {
        headers.push(format!("[{}] {}", i + 1, d.label));
    }
    for i in 1..n {
        headers.push(format!("[{}]−[1]", i + 1));
    }
    headers.push("better".into());
    let mut t = Table::new(headers).align(n * 2, Align::Left);
    let mut section = None;
    for row in &c.rows {
        if section != Some(row.section) {
            section = Some(row.section);
            let title = section_title(row.section);
            if md {
                t.section(title);
            } else {
                t.row([title]);
            }
        }
        let mut cells = vec![format!("  {}", row.figure)];
        cells.extend(
            row.values
                .iter()
                .map(|v| match (row.unit, v.names.as_slice()) {
                    // A share with the one actor behind it (the worst removal).
                    (Unit::Share, [name]) => format!("{} ({name})", cell(v, row.unit)),
                    _ => cell(v, row.unit),
                }),
        );
        cells.extend((1..n).map(|i| diff_cell(row, i)));
        cells.push(best_cell(row.best.as_ref()));
        t.row(cells);
    }
    t
}

/// Renders a [`Comparison`] on its own (`compare --point`): the single run
/// at the point values, saying that it ignores the readings and ranges.
///
/// # Errors
/// Never for the four formats; the `Result` keeps renderers uniform.
pub fn comparison(c: &Comparison, format: Format, hint: Wording) -> Result<String, RenderError> {
    match format {
        Format::Json => return Ok(json(c)),
        Format::Csv => return Ok(comparison_csv(c)),
        Format::Table | Format::Markdown => {}
    }
    let md = format == Format::Markdown;
    let mut out = String::new();
    if md {
        out.push_str("# Comparison of designs: one run at the point values\n\n");
        for (i, d) in c.designs.iter().enumerate() {
            out.push_str(&format!(
                "- [{}] **{}**: {}\n",
                i + 1,
                escape::markdown(&d.label),
                escape::markdown(&d.name)
            ));
        }
    } else {
        for (i, d) in c.designs.iter().enumerate() {
            out.push_str(&format!("[{}] {}: {}\n", i + 1, d.label, d.name));
        }
    }
    out.push('\n');
    out.push_str(&super::assessment::point_only_note(hint));
    out.push('\n');
    out.push_str(&comparison_body(c, format, hint, &Extra::default()));
    Ok(out)
}

/// The legend under the rows.
const ROWS_LEGEND: &str =
    "(±: the simulation noise of this one run, 95%, not the confidence of a conclusion; \
better: [n] that design; tie: the noise spans zero; ≈: no material difference)\n";

/// What the comparison across the evidence adds to the point run's body.
#[derive(Debug, Default)]
pub(super) struct Extra {
    /// Lines after the rows (where the point run lies among the draws).
    pub after_rows: Vec<String>,
    /// Assumptions before the point run's own (how the draws were made).
    pub assumptions: Vec<String>,
}

/// A comparison's rows, the `extra` lines after them, its verdict,
/// fairness and assumptions, in a table or Markdown layout.
pub(super) fn comparison_body(
    c: &Comparison,
    format: Format,
    hint: Wording,
    extra: &Extra,
) -> String {
    let md = format == Format::Markdown;
    let t = rows_table(c, md);
    let mut out = String::new();
    let esc = |s: &str| {
        if md {
            escape::markdown(s).into_owned()
        } else {
            s.to_string()
        }
    };
    let lines = |out: &mut String, lines: &[String]| {
        for s in lines {
            out.push_str(&format!("- {}\n", esc(s)));
        }
    };
    if md {
        out.push_str(&t.markdown());
        out.push('\n');
        out.push_str(ROWS_LEGEND);
        out.push('\n');
        if !extra.after_rows.is_empty() {
            lines(&mut out, &extra.after_rows);
            out.push('\n');
        }
        out.push_str(&format!("**Verdict of this run.** {}\n\n", esc(&c.verdict)));
        out.push_str("## Is the comparison fair?\n\n");
        out.push_str(&fairness_table(c).markdown());
        out.push('\n');
        out.push_str(EVIDENCE_LEGEND);
        out.push('\n');
        lines(&mut out, &fairness_lines(c));
        out.push_str("\n## Assumptions\n\n");
        lines(&mut out, &extra.assumptions);
        lines(&mut out, &c.assumptions);
        for d in &c.designs {
            out.push_str(&format!("\n### {} ({})\n\n", esc(&d.name), esc(&d.label)));
            lines(&mut out, &d.assumptions);
        }
    } else {
        out.push_str(&t.text());
        out.push_str(ROWS_LEGEND);
        if !extra.after_rows.is_empty() {
            out.push('\n');
            lines(&mut out, &extra.after_rows);
        }
        out.push_str(&format!(
            "\nVerdict of this run: {}\n\nIs the comparison fair?\n\n",
            c.verdict
        ));
        out.push_str(&fairness_table(c).text());
        out.push_str(EVIDENCE_LEGEND);
        out.push('\n');
        lines(&mut out, &fairness_lines(c));
        out.push_str("\nAssumptions:\n");
        lines(&mut out, &extra.assumptions);
        lines(&mut out, &c.assumptions);
        out.push_str(&format!(
            "- Each design's own assumptions (per-kind values, weak channels, attendance) are listed in its model file \
             and in {}.\n",
            hint(Hint::JsonOrMarkdown)
        ));
    }
    out
}

/// What the fairness table's columns count.
const EVIDENCE_LEGEND: &str =
    "(S/I/A/–: stated/inferred/assumed/ungraded; route hops up: the hops of every deepest-level \
actor's most reliable route to the top, once per route; weak channels: worse than their kind)\n";

/// Per design: channels and route hops up by evidence grade, weak
/// channels, stretched actors, readings.
fn fairness_table(c: &Comparison) -> Table {
    let mut t = Table::new([
        "design",
        "channels S/I/A/–",
        "route hops up S/I/A/–",
        "weak channels",
        "attendance < 1",
        "readings",
    ])
    .align(1, Align::Left)
    .align(2, Align::Left);
    let grades = |e: &crate::model::EvidenceCounts| {
        format!("{}/{}/{}/{}", e.stated, e.inferred, e.assumed, e.ungraded)
    };
    for d in &c.fairness.designs {
        t.row([
            d.label.clone(),
            grades(&d.channels),
            grades(&d.route_hops),
            d.weak_channels.to_string(),
            d.stretched_actors.to_string(),
            d.readings.len().to_string(),
        ]);
    }
    t
}

/// The asymmetries in words, or a line saying there are none.
fn fairness_lines(c: &Comparison) -> Vec<String> {
    let s = c.fairness.sentences();
    if s.is_empty() {
        vec![
            "No asymmetry found: the designs share their kinds' values, frictions and readings."
                .into(),
        ]
    } else {
        s
    }
}

fn comparison_csv(c: &Comparison) -> String {
    let mut t = Table::new(csv_headers(c));
    csv_rows(c, &mut t);
    t.csv()
}

/// The comparison CSV's columns: section, key, label, unit, better_is,
/// then each design's estimate and interval, each later design's
/// difference from the first and its interval, and the best design.
pub(super) fn csv_headers(c: &Comparison) -> Vec<String> {
    let mut headers: Vec<String> = ["section", "key", "label", "unit", "better_is"]
        .into_iter()
        .map(String::from)
        .collect();
    for d in &c.designs {
        for s in ["estimate", "ci_low", "ci_high"] {
            headers.push(format!("{}_{s}", d.label));
        }
    }
    for d in c.designs.iter().skip(1) {
        for s in ["diff", "diff_ci_low", "diff_ci_high"] {
            headers.push(format!("{}_{s}", d.label));
        }
    }
    headers.push("best".into());
    headers
}

/// The comparison's rows and fairness as CSV rows.
pub(super) fn csv_rows(c: &Comparison, t: &mut Table) {
    let num = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
    for r in &c.rows {
        let mut cells = vec![
            r.section.as_str().to_string(),
            r.key.clone(),
            r.label.clone(),
            r.unit.as_str().to_string(),
            r.better.as_str().to_string(),
        ];
        for v in &r.values {
            let interval = v.interval();
            cells.extend([
                num(v.figure()),
                num(interval.map(|i| i.0)),
                num(interval.map(|i| i.1)),
            ]);
        }
        for d in r.differences.iter().skip(1) {
            cells.extend([
                num(d.map(|d| d.value.estimate)),
                num(d.map(|d| d.value.ci_low)),
                num(d.map(|d| d.value.ci_high)),
            ]);
        }
        cells.push(r.best.as_ref().map(Best::to_string).unwrap_or_default());
        t.row(cells);
    }
    fairness_csv(c, t);
}

/// The fairness section as CSV rows (section `fairness`): per design counts
/// in the estimate columns, then one row per asymmetry in words.
fn fairness_csv(c: &Comparison, t: &mut Table) {
    let n = c.designs.len();
    let width = 5 + 3 * n + 3 * (n - 1) + 1;
    type Get = fn(&crate::compare::DesignChoices) -> usize;
    let counts: [(&str, &str, Get); 11] = [
        ("channels_stated", "channels graded stated", |d| {
            d.channels.stated
        }),
        ("channels_inferred", "channels graded inferred", |d| {
            d.channels.inferred
        }),
        ("channels_assumed", "channels graded assumed", |d| {
            d.channels.assumed
        }),
        ("channels_ungraded", "channels without a grade", |d| {
            d.channels.ungraded
        }),
        ("route_hops_stated", "route hops up graded stated", |d| {
            d.route_hops.stated
        }),
        (
            "route_hops_inferred",
            "route hops up graded inferred",
            |d| d.route_hops.inferred,
        ),
        ("route_hops_assumed", "route hops up graded assumed", |d| {
            d.route_hops.assumed
        }),
        (
            "route_hops_ungraded",
            "route hops up without a grade",
            |d| d.route_hops.ungraded,
        ),
        ("weak_channels", "channels weaker than their kind", |d| {
            d.weak_channels
        }),
        ("stretched_actors", "actors attending below 1", |d| {
            d.stretched_actors
        }),
        ("readings", "readings", |d| d.readings.len()),
    ];
    for (key, label, get) in counts {
        let mut cells = vec![
            "fairness".into(),
            key.into(),
            label.into(),
            "count".into(),
            "none".into(),
        ];
        for d in &c.fairness.designs {
            cells.extend([get(d).to_string(), String::new(), String::new()]);
        }
        cells.resize(width, String::new());
        t.row(cells);
    }
    for s in c.fairness.sentences() {
        let mut cells = vec![
            "fairness".into(),
            "asymmetry".into(),
            s,
            String::new(),
            "none".into(),
        ];
        cells.resize(width, String::new());
        t.row(cells);
    }
}

pub(super) fn pct_ci(e: &Estimate) -> String {
    format!(
        "{:.0}% [{:.0}–{:.0}]",
        100.0 * e.estimate,
        100.0 * e.ci_low,
        100.0 * e.ci_high
    )
}

/// Renders a [`Robustness`] report on its own: the comparison across the
/// evidence as `compare` shows it first (the medians and bands, the
/// sentences, what would flip it, where the gap comes from, the readings,
/// the noise), JSON, or the per-design figures as CSV.
///
/// # Errors
/// Never; the `Result` keeps renderers uniform.
pub fn robustness(r: &Robustness, format: Format) -> Result<String, RenderError> {
    Ok(match format {
        Format::Json => json(r),
        Format::Csv => robustness_csv(r),
        Format::Table | Format::Markdown => super::assessment::evidence(
            r,
            super::Layout {
                md: format == Format::Markdown,
            },
        ),
    })
}

/// The robustness figures as CSV: numbers only (shares in [0, 1], days),
/// each spread as its median, 5th and 95th percentiles, each odds as its
/// estimate and 95 % interval; an empty cell where there is no value.
fn robustness_csv(r: &Robustness) -> String {
    let cell = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    let odds = |e: &crate::sim::Estimate| [e.estimate, e.ci_low, e.ci_high].map(|x| x.to_string());
    let spread = |s: Option<&crate::compare::Spread>| {
        [
            s.and_then(|s| s.median),
            s.and_then(|s| s.p5),
            s.and_then(|s| s.p95),
        ]
        .map(cell)
    };
    let mut t = Table::new([
        "design",
        "wins_intact",
        "wins_intact_ci_low",
        "wins_intact_ci_high",
        "intact_median",
        "intact_p5",
        "intact_p95",
        "difference_median",
        "difference_p5",
        "difference_p95",
        "base_intact",
        "base_percentile",
        "wins_days",
        "wins_days_ci_low",
        "wins_days_ci_high",
        "days_median_median",
        "days_median_p5",
        "days_median_p95",
    ]);
    for d in &r.designs {
        let mut cells = vec![d.label.clone()];
        cells.extend(odds(&d.wins_intact));
        cells.extend(spread(Some(&d.intact)));
        cells.extend(spread(d.difference.as_ref()));
        cells.push(d.base_intact.to_string());
        cells.push(d.base_percentile.to_string());
        cells.extend(odds(&d.wins_days));
        cells.extend(spread(Some(&d.days_median)));
        t.row(cells);
    }
    t.csv()
}

/// Renders a [`Sweep`] as a table, Markdown, JSON or CSV (SVG: [`super::sweep_svg`]).
///
/// # Errors
/// Never for these formats.
pub fn sweep(s: &Sweep, format: Format) -> Result<String, RenderError> {
    if format == Format::Json {
        return Ok(json(s));
    }
    let val = |p: &crate::compare::Point| {
        let v = Cell {
            value: p.value,
            names: Vec::new(),
        };
        cell(&v, s.outcome.unit())
    };
    if format == Format::Csv {
        let mut headers = vec![s.param.clone()];
        for se in &s.series {
            for k in ["estimate", "ci_low", "ci_high"] {
                headers.push(format!("{}_{k}", se.label));
            }
        }
        headers.push("leader".into());
        let mut t = Table::new(headers);
        let num = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
        for (k, x) in s.values.iter().enumerate() {
            let mut cells = vec![format!("{x}")];
            for se in &s.series {
                let p = se.points[k];
                cells.extend([
                    num(p.value.map(|e| e.estimate)),
                    num(p.value.map(|e| e.ci_low)),
                    num(p.value.map(|e| e.ci_high)),
                ]);
            }
            cells.push(s.leaders[k].to_string());
            t.row(cells);
        }
        return Ok(t.csv());
    }
    let mut headers = vec![s.param.clone()];
    headers.extend(s.series.iter().map(|se| se.label.clone()));
    headers.push("leader".into());
    let last = headers.len() - 1;
    let mut t = Table::new(headers).align(last, Align::Left);
    for (k, x) in s.values.iter().enumerate() {
        let mut cells = vec![format!("{x:.3}")];
        cells.extend(s.series.iter().map(|se| val(&se.points[k])));
        cells.push(s.leaders[k].to_string());
        t.row(cells);
    }
    let md = format == Format::Markdown;
    let mut out = if md {
        format!(
            "## {} against {}\n\n{}",
            escape::markdown(&s.outcome_label),
            escape::markdown(&s.param_label),
            t.markdown()
        )
    } else {
        format!(
            "{} against {}\n\n{}",
            s.outcome_label,
            s.param_label,
            t.text()
        )
    };
    out.push('\n');
    if s.flips.is_empty() {
        out.push_str("The ranking does not flip over this range.\n");
    }
    for f in &s.flips {
        out.push_str(&format!("{}\n", flip_sentence(s, f)));
    }
    out.push('\n');
    for a in &s.assumptions {
        out.push_str(&format!("- {a}\n"));
    }
    Ok(out)
}
