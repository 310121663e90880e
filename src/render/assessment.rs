//! `hviske compare`'s first screen: the comparison across the evidence
//! (medians and 5–95 % bands over the draws, how often each design comes
//! out ahead, one plain sentence, what would flip it, where the gap comes
//! from, each reading's effect), then the single run at the point values,
//! labelled as such, with where it lies among the draws and why.

use super::comparison::{comparison_body, csv_headers, csv_rows, pct_ci, Extra};
use super::table::{Align, Table};
use super::{json, Format, Hint, Layout, RenderError, Wording};
use crate::compare::{
    Assessment, Decomposition, DesignOdds, ReadingMethod, Robustness, Spread, MATERIAL_SHARE,
};

/// Renders an [`Assessment`]: JSON (`across_the_evidence`, `point_run`),
/// CSV (the point run's rows after the evidence's), or a table / Markdown
/// that leads with the evidence.
///
/// # Errors
/// Never for these formats; the `Result` keeps renderers uniform.
pub fn assessment(a: &Assessment, format: Format, hint: Wording) -> Result<String, RenderError> {
    match format {
        Format::Json => return Ok(json(a)),
        Format::Csv => return Ok(csv(a)),
        Format::Table | Format::Markdown => {}
    }
    let l = Layout {
        md: format == Format::Markdown,
    };
    let r = &a.across_the_evidence;
    let mut out = String::new();
    if l.md {
        out.push_str("# Comparison of designs\n\n");
        for (i, d) in a.point_run.designs.iter().enumerate() {
            out.push_str(&format!(
                "- [{}] **{}**: {}\n",
                i + 1,
                super::escape::markdown(&d.label),
                super::escape::markdown(&d.name)
            ));
        }
    } else {
        for (i, d) in a.point_run.designs.iter().enumerate() {
            out.push_str(&format!("[{}] {}: {}\n", i + 1, d.label, d.name));
        }
    }
    out.push('\n');
    out.push_str(&evidence(r, l));
    out.push_str(&l.heading(&format!(
        "The single run at the point values (every reading off, every value at its most likely; seed {})",
        a.point_run.seed
    )));
    if !l.md {
        out.push('\n');
    }
    let extra = Extra {
        after_rows: point_percentiles(r),
        assumptions: r.assumptions.clone(),
    };
    out.push_str(&comparison_body(&a.point_run, format, hint, &extra));
    Ok(out)
}

/// The section across the evidence: the table, the sentence, the flip
/// line, the decomposition, the readings and the noise.
pub(super) fn evidence(r: &Robustness, l: Layout) -> String {
    let mut out = l.heading(&format!(
        "Across the evidence: {} draws of the contested readings and the per-hop ranges (seed {})",
        r.draws, r.seed
    ));
    if !l.md {
        out.push('\n');
    }
    out.push_str(&l.table(&headline_table(r)));
    out.push_str(&format!(
        "{}(median over the draws, 5th–95th percentile in brackets; ahead: share of draws, with its 95% interval for {} draws)\n\n",
        if l.md { "\n" } else { "" },
        r.draws
    ));
    let esc = |s: &str| {
        if l.md {
            super::escape::markdown(s).into_owned()
        } else {
            s.to_string()
        }
    };
    for s in sentences(r) {
        out.push_str(&esc(&s));
        out.push('\n');
    }
    out.push_str(&format!("{}\n\n", esc(&r.flip.to_string())));
    for d in &r.decomposition {
        out.push_str(&decomposition(d, r, l));
    }
    if let Some(t) = readings_table(r) {
        out.push_str(&l.heading(&format!(
            "Readings, those that move the verdict most first ({})",
            match r.reading_method {
                ReadingMethod::Fitted => "effect when on, fitted from the draws, 95% interval",
                ReadingMethod::Paired =>
                    "paired effect with − without, mean over the draws, 95% interval",
            }
        )));
        if !l.md {
            out.push('\n');
        }
        out.push_str(&l.table(&t));
        out.push('\n');
    } else {
        out.push_str("No design has readings: only the per-hop ranges were drawn.\n\n");
    }
    out.push_str(&noise(r));
    out.push('\n');
    out
}

/// A median with its band: `21% (14–29)`, `+9 pts (−4 to +21)`, `180 (150–230)`.
fn band(s: &Spread, share: bool, signed: bool) -> String {
    let f = |x: Option<f64>| match (x, share, signed) {
        (Some(v), true, true) => format!("{:+.0}", 100.0 * v),
        (Some(v), true, false) => format!("{:.0}%", 100.0 * v),
        (Some(v), false, true) => format!("{v:+.0}"),
        (Some(v), false, false) => format!("{v:.0}"),
        (None, _, _) => "–".into(),
    };
    match (signed, share) {
        (true, true) => format!("{} pts ({} to {})", f(s.median), f(s.p5), f(s.p95)),
        (true, false) => format!("{} ({} to {})", f(s.median), f(s.p5), f(s.p95)),
        _ => format!("{} ({}–{})", f(s.median), f(s.p5), f(s.p95)),
    }
}

fn headline_table(r: &Robustness) -> Table {
    let n = r.designs.len();
    let mut headers = vec!["figure".to_string()];
    headers.extend(
        r.designs
            .iter()
            .enumerate()
            .map(|(i, d)| format!("[{}] {}", i + 1, d.label)),
    );
    headers.extend((1..n).map(|i| format!("[{}]−[1]", i + 1)));
    let mut t = Table::new(headers);
    let row = |t: &mut Table,
               name: &str,
               each: &dyn Fn(&DesignOdds) -> String,
               diff: &dyn Fn(&DesignOdds) -> String| {
        let mut cells = vec![name.to_string()];
        cells.extend(r.designs.iter().map(each));
        cells.extend(r.designs.iter().skip(1).map(diff));
        t.row(cells);
    };
    row(
        &mut t,
        "facts intact at the top",
        &|d| band(&d.intact, true, false),
        &|d| {
            d.difference
                .as_ref()
                .map_or_else(String::new, |s| band(s, true, true))
        },
    );
    row(
        &mut t,
        "median days to the top",
        &|d| band(&d.days_median, false, false),
        &|d| {
            d.difference_days
                .as_ref()
                .map_or_else(String::new, |s| band(s, false, true))
        },
    );
    row(
        &mut t,
        "ahead of [1] on facts intact",
        &|d| d.ahead_of_first.as_ref().map_or_else(String::new, pct_ci),
        &|_| String::new(),
    );
    if n > 2 {
        row(
            &mut t,
            "best of all on facts intact",
            &|d| pct_ci(&d.wins_intact),
            &|_| String::new(),
        );
    }
    row(
        &mut t,
        "best on median days",
        &|d| pct_ci(&d.wins_days),
        &|_| String::new(),
    );
    t
}

/// One plain sentence per design after the first.
pub(super) fn sentences(r: &Robustness) -> Vec<String> {
    let first = &r.designs[0].label;
    r.designs
        .iter()
        .skip(1)
        .filter_map(|d| {
            let s = d.difference.as_ref()?;
            let (median, p5, p95) = (s.median?, s.p5?, s.p95?);
            let ahead = d.ahead_of_first.as_ref()?;
            let pts = |x: f64| format!("{:+.0}", 100.0 * x);
            // The gap in the leader's favour: design − first when the
            // design leads, first − design when the first does.
            let (m, lo, hi) = if median < 0.0 {
                (-median, -p95, -p5)
            } else {
                (median, p5, p95)
            };
            let gap = format!(
                "typical lead {} points of facts from the deepest level reaching the top intact, from {} to {} across the evidence",
                pts(m),
                pts(lo),
                pts(hi)
            );
            let share = |e: &crate::sim::Estimate, flip: bool| {
                let (x, lo, hi) = if flip {
                    (1.0 - e.estimate, 1.0 - e.ci_high, 1.0 - e.ci_low)
                } else {
                    (e.estimate, e.ci_low, e.ci_high)
                };
                format!("{:.0}% of draws [{:.0}–{:.0}%]", 100.0 * x, 100.0 * lo, 100.0 * hi)
            };
            Some(if median.abs() < MATERIAL_SHARE {
                format!(
                    "No material difference between {} and {first} in a typical case (median gap {} points, from {} to {} across \
                     the evidence); {} comes out ahead in {}.",
                    d.label,
                    pts(median),
                    pts(p5),
                    pts(p95),
                    d.label,
                    share(ahead, false)
                )
            } else if median > 0.0 {
                format!("{} comes out ahead of {first} in {}; {gap}.", d.label, share(ahead, false))
            } else {
                format!("{first} comes out ahead of {} in {}; {gap}.", d.label, share(ahead, true))
            })
        })
        .collect()
}

/// Where one design's gap from the first comes from.
fn decomposition(d: &Decomposition, r: &Robustness, l: Layout) -> String {
    let pts = |x: f64| format!("{:+.1}", 100.0 * x);
    let mut t = Table::new(["part", "points"]).align(0, Align::Left);
    t.row([
        "structure (the same per-hop values in both, every reading off)".to_string(),
        pts(d.structure),
    ]);
    t.row([
        "per-hop values (each design's own, at their most likely)".to_string(),
        pts(d.per_hop_values),
    ]);
    t.row([
        "ranges (drawn instead of fixed at their most likely)".to_string(),
        pts(d.ranges),
    ]);
    t.row([
        "readings (each on with its probability)".to_string(),
        pts(d.readings),
    ]);
    for p in d.by_reading.iter().take(5) {
        t.row([format!("  of which {}", p.id), pts(p.part)]);
    }
    if d.by_reading.len() > 5 {
        t.row([
            format!("  and {} more readings", d.by_reading.len() - 5),
            String::new(),
        ]);
    }
    t.row([
        "total (the median gap over the draws)".to_string(),
        pts(d.total),
    ]);
    let mut out = l.heading(&format!(
        "Where the gap comes from: {} − {}, median {} points",
        d.design,
        d.first,
        pts(d.total)
    ));
    if !l.md {
        out.push('\n');
    }
    out.push_str(&l.table(&t));
    out.push_str(&format!(
        "{}(each part the change from the line above it; a reading's part is its effect on the gap times the share of the {} draws it was on, the rest of the readings' line is their interplay)\n\n",
        if l.md { "\n" } else { "" },
        r.draws
    ));
    out
}

/// The readings' effects (`None` when there are none).
fn readings_table(r: &Robustness) -> Option<Table> {
    if r.readings.is_empty() {
        return None;
    }
    let mut headers = vec![
        "reading".to_string(),
        "in".into(),
        "probability".into(),
        "on in".into(),
    ];
    for d in r.designs.iter().skip(1) {
        headers.push(format!("on {} − {}, pts", d.label, r.designs[0].label));
    }
    let mut t = Table::new(headers).align(1, Align::Left);
    for e in &r.readings {
        let mut cells = vec![
            e.id.clone(),
            e.designs.join(", "),
            format!("{:.2}", e.probability),
            format!("{:.0}%", 100.0 * e.on_share),
        ];
        cells.extend(
            e.effect_on_difference
                .iter()
                .zip(&e.effect_on_difference_interval)
                .skip(1)
                .map(|(x, ci)| match (x, ci) {
                    (Some(x), Some([lo, hi])) => format!(
                        "{:+.1} [{:+.1} to {:+.1}]",
                        100.0 * x,
                        100.0 * lo,
                        100.0 * hi
                    ),
                    (Some(x), None) => format!("{:+.1}", 100.0 * x),
                    _ => String::new(),
                }),
        );
        t.row(cells);
    }
    Some(t)
}

/// How much of the band is simulation noise.
fn noise(r: &Robustness) -> String {
    let parts: Vec<String> = r
        .designs
        .iter()
        .skip(1)
        .filter_map(|d| {
            let s = d.noise_share?;
            let wider = 100.0 * (1.0 / (1.0 - s).max(1e-9).sqrt() - 1.0);
            Some(format!(
                "{} − {}: at most {:.0}% of the spread (variance) is simulation noise, so the band is at most {:.0}% wider than the evidence alone makes it",
                d.label, r.designs[0].label, 100.0 * s, wider
            ))
        })
        .collect();
    format!(
        "Simulation noise: {} trials per source in each draw; {}.\n",
        r.trials,
        if parts.is_empty() {
            "nothing to compare".to_string()
        } else {
            parts.join("; ")
        }
    )
}

/// Where each design's point run lies among its draws, and why.
fn point_percentiles(r: &Robustness) -> Vec<String> {
    r.designs
        .iter()
        .map(|d| {
            let mut s = format!(
                "Point run of {}: {:.1}% intact, above {:.0}% of its draws with every reading off (the ranges alone) and {:.0}% of all its draws",
                d.label,
                100.0 * d.base_intact,
                100.0 * d.base_percentile_ranges_only,
                100.0 * d.base_percentile
            );
            if !d.pulls.is_empty() {
                let pulls: Vec<String> = d
                    .pulls
                    .iter()
                    .map(|p| {
                        format!(
                            "{} (most likely {}, median of its draws {:.3}: {:+.1} pts)",
                            p.parameter,
                            p.point,
                            p.median,
                            100.0 * p.effect
                        )
                    })
                    .collect();
                s.push_str(&format!(
                    "; pulled {} by {}",
                    if d.base_percentile_ranges_only > 0.5 { "up" } else { "down" },
                    pulls.join(", ")
                ));
            } else if !(0.25..=0.75).contains(&d.base_percentile_ranges_only) {
                s.push_str("; no single range explains it (their skews add up)");
            }
            s.push('.');
            s
        })
        .collect()
}

/// The CSV: the evidence's rows (sections `evidence`, `gap`, `reading`),
/// then the point run's rows and fairness, in the point run's columns
/// (`estimate`, `ci_low`, `ci_high` hold a median and its 5th and 95th
/// percentiles over the draws, a share of draws and its interval, or an
/// effect and its interval; the unit column says which).
fn csv(a: &Assessment) -> String {
    let r = &a.across_the_evidence;
    let mut t = Table::new(csv_headers(&a.point_run));
    let width = csv_headers(&a.point_run).len();
    let num = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
    let spread = |s: Option<&Spread>| {
        [
            s.and_then(|s| s.median),
            s.and_then(|s| s.p5),
            s.and_then(|s| s.p95),
        ]
        .map(num)
    };
    let est = |e: Option<&crate::sim::Estimate>| {
        [
            e.map(|e| e.estimate),
            e.map(|e| e.ci_low),
            e.map(|e| e.ci_high),
        ]
        .map(num)
    };
    let one = |x: Option<f64>| [num(x), String::new(), String::new()];
    let mut push = |key: [&str; 4], design: Vec<[String; 3]>, diff: Vec<[String; 3]>| {
        let mut cells: Vec<String> = key.iter().map(|s| s.to_string()).collect();
        cells.push("higher".into());
        cells.extend(design.into_iter().flatten());
        cells.resize(5 + 3 * r.designs.len(), String::new());
        cells.extend(diff.into_iter().flatten());
        cells.resize(width, String::new());
        t.row(cells);
    };
    let each = |f: &dyn Fn(&DesignOdds) -> [String; 3]| r.designs.iter().map(f).collect::<Vec<_>>();
    let diffs = |f: &dyn Fn(&DesignOdds) -> [String; 3]| {
        r.designs.iter().skip(1).map(f).collect::<Vec<_>>()
    };
    let none = |_: &DesignOdds| <[String; 3]>::default();
    push(
        [
            "evidence",
            "intact_up",
            "facts intact at the top over the draws (median, 5th, 95th percentile)",
            "share",
        ],
        each(&|d| spread(Some(&d.intact))),
        diffs(&|d| spread(d.difference.as_ref())),
    );
    push(
        [
            "evidence",
            "intact_up_ranges_only",
            "facts intact at the top, every reading off (median, 5th, 95th percentile)",
            "share",
        ],
        each(&|d| spread(Some(&d.intact_ranges_only))),
        diffs(&none),
    );
    push(
        [
            "evidence",
            "days_up_median",
            "median days to the top over the draws (median, 5th, 95th percentile)",
            "days",
        ],
        each(&|d| spread(Some(&d.days_median))),
        diffs(&|d| spread(d.difference_days.as_ref())),
    );
    push(
        [
            "evidence",
            "ahead_of_first",
            "share of draws ahead of the first design on facts intact (95% interval)",
            "share_of_draws",
        ],
        each(&|d| est(d.ahead_of_first.as_ref())),
        diffs(&none),
    );
    push(
        [
            "evidence",
            "best_intact",
            "share of draws best of all on facts intact (95% interval)",
            "share_of_draws",
        ],
        each(&|d| est(Some(&d.wins_intact))),
        diffs(&none),
    );
    push(
        [
            "evidence",
            "best_days",
            "share of draws best of all on median days (95% interval)",
            "share_of_draws",
        ],
        each(&|d| est(Some(&d.wins_days))),
        diffs(&none),
    );
    push(
        [
            "evidence",
            "point_percentile_ranges_only",
            "share of the ranges-only draws below the point run",
            "share",
        ],
        each(&|d| one(Some(d.base_percentile_ranges_only))),
        diffs(&none),
    );
    push(
        [
            "evidence",
            "noise_share",
            "share of the difference's variance over the draws that is simulation noise (at most)",
            "share",
        ],
        each(&none),
        diffs(&|d| one(d.noise_share)),
    );
    type Part = fn(&Decomposition) -> f64;
    let parts: [(&str, &str, Part); 5] = [
        (
            "structure",
            "the same per-hop values in both, every reading off",
            |d| d.structure,
        ),
        (
            "per_hop_values",
            "each design's own per-hop values at their most likely",
            |d| d.per_hop_values,
        ),
        (
            "ranges",
            "values drawn instead of fixed at their most likely",
            |d| d.ranges,
        ),
        ("readings", "the contested readings", |d| d.readings),
        ("total", "the median gap over the draws", |d| d.total),
    ];
    for (key, label, get) in parts {
        push(
            ["gap", key, label, "share"],
            each(&none),
            r.decomposition.iter().map(|d| one(Some(get(d)))).collect(),
        );
    }
    let pair = |x: &Option<f64>, ci: &Option<[f64; 2]>| {
        [num(*x), num(ci.map(|c| c[0])), num(ci.map(|c| c[1]))]
    };
    for e in &r.readings {
        push(
            ["reading", &e.id, &e.name, "share"],
            e.effect_on_intact
                .iter()
                .zip(&e.effect_on_intact_interval)
                .map(|(x, ci)| pair(x, ci))
                .collect(),
            e.effect_on_difference
                .iter()
                .zip(&e.effect_on_difference_interval)
                .skip(1)
                .map(|(x, ci)| pair(x, ci))
                .collect(),
        );
    }
    csv_rows(&a.point_run, &mut t);
    t.csv()
}

/// The hint the point run's table gives when it stands alone.
pub(super) fn point_only_note(hint: Wording) -> String {
    format!(
        "This is one run at the point values: it ignores the contested readings and the ranges of the per-hop values, so it is not the \
         answer across the evidence; {} gives that.\n",
        hint(Hint::AcrossEvidence)
    )
}

/// The report's summary across the evidence: the sentences, the headline
/// table, where the gap comes from, and what would flip it.
pub(super) fn summary_blocks(r: &Robustness) -> Vec<super::report::Block> {
    use super::report::Block;
    let t = headline_table(r);
    let mut blocks = vec![Block::Para(sentences(r).join(" "))];
    blocks.push(Block::Table(t.headers().to_vec(), t.rows().to_vec()));
    blocks.push(Block::Para(format!(
        "Median over {} draws of the contested readings and the per-hop ranges (seed {}), 5th–95th percentile in brackets; \
         \"ahead\": the share of draws, with its 95 % interval for the number of draws.",
        r.draws, r.seed
    )));
    for d in &r.decomposition {
        let pts = |x: f64| format!("{:+.1}", 100.0 * x);
        let parts: Vec<String> = d
            .by_reading
            .iter()
            .take(3)
            .map(|p| format!("{} {}", p.id, pts(p.part)))
            .collect();
        blocks.push(Block::Para(format!(
            "Where the gap {} − {} ({} points at the median) comes from: the structure alone (the same per-hop values in both, \
             every reading off) {}; each design's own per-hop values {}; drawing the values from their ranges {}; the contested \
             readings {}{}.",
            d.design,
            d.first,
            pts(d.total),
            pts(d.structure),
            pts(d.per_hop_values),
            pts(d.ranges),
            pts(d.readings),
            if parts.is_empty() { String::new() } else { format!(" (most: {})", parts.join(", ")) }
        )));
    }
    blocks.push(Block::Para(r.flip.to_string()));
    blocks
}
