//! `hviske simulate` output.

use super::table::{Align, Table};
use super::{json, num, Format, Layout, RenderError};
use crate::sim::{Estimate, Method, SimResult};

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn ci(e: &Estimate) -> String {
    format!("{} – {}", pct(e.ci_low), pct(e.ci_high))
}

/// Renders a [`SimResult`] as a table, Markdown or JSON. The table lists the
/// figures with their 95 % intervals first, then the retention per level, the
/// figures per source, and under them the seed, trials and the key
/// assumptions (the engine's; the model's own are counted, and listed in
/// JSON).
///
/// # Errors
/// [`RenderError::Unsupported`] for CSV.
pub fn simulation(r: &SimResult, format: Format) -> Result<String, RenderError> {
    let layout = match format {
        Format::Json => return Ok(json(r)),
        Format::Csv => {
            return Err(RenderError::Unsupported {
                what: "simulate",
                format,
                supported: "table, json or markdown",
            })
        }
        Format::Table | Format::Markdown => Layout {
            md: format == Format::Markdown,
        },
    };
    let md = layout.md;
    let show = |t: &Table| layout.table(t);
    let heading = |s: &str| layout.heading(s);
    let list = |ids: &[String]| {
        if ids.len() <= 4 {
            ids.join(", ")
        } else {
            format!("{}, … ({} actors)", ids[..3].join(", "), ids.len())
        }
    };
    let mut out = String::new();
    out.push_str(&layout.title(&r.model));
    out.push_str(&format!(
        "Facts from {} to {}.\n\n",
        list(&r.sources),
        list(&r.targets)
    ));

    let exact = r.shares.reach.exact.is_some();
    let mut heads = vec!["figure", "estimate", "95% interval"];
    if exact {
        heads.push("exact");
    }
    let mut t = Table::new(heads);
    for (name, e) in [
        ("reached (intact or altered)", &r.shares.reach),
        ("reached intact", &r.shares.intact),
        ("reached altered", &r.shares.altered),
        ("never reached", &r.shares.lost),
    ] {
        let x = e
            .exact
            .map_or(String::new(), |x| format!("{:.4}%", 100.0 * x));
        t.row([name.to_string(), pct(e.estimate), ci(e), x]);
    }
    let a = &r.arrival_days;
    t.row(["first arrival, mean (days)".to_string(), num(a.mean, 1)]);
    t.row(["first arrival, median (days)".to_string(), num(a.median, 1)]);
    t.row([
        "first arrival, 90th percentile (days)".to_string(),
        num(a.p90, 1),
    ]);
    if let (Some(h), Some(w)) = (a.horizon_days, &a.within_horizon) {
        t.row([format!("arrived within {h} days"), pct(w.estimate), ci(w)]);
    }
    out.push_str(&show(&t));
    if r.method == Method::Bits {
        out.push_str("\nNo channel distorts, so the bit-parallel path ran: it has no timing. Give --horizon-days for arrival days.\n");
    }

    if !r.levels.is_empty() {
        out.push('\n');
        out.push_str(&heading(
            "Retention per level (share of fact runs held by at least one actor there)",
        ));
        let mut t = Table::new(["level", "name", "intact", "reached"]).align(1, Align::Left);
        for l in &r.levels {
            t.row([
                l.level.to_string(),
                l.name.clone().unwrap_or_default(),
                pct(l.intact),
                pct(l.reached),
            ]);
        }
        out.push_str(&show(&t));
    }

    if r.per_source.len() > 1 {
        out.push('\n');
        out.push_str(&heading("Per source"));
        let mut t = Table::new([
            "source",
            "reached",
            "95% interval",
            "intact",
            "altered",
            "mean days",
        ])
        .align(0, Align::Left);
        for s in &r.per_source {
            t.row([
                s.id.clone(),
                pct(s.shares.reach.estimate),
                ci(&s.shares.reach),
                pct(s.shares.intact.estimate),
                pct(s.shares.altered.estimate),
                num(s.arrival_mean_days, 1),
            ]);
        }
        out.push_str(&show(&t));
    }

    out.push('\n');
    out.push_str(&heading("Run"));
    let bullet = if md { "- " } else { "  " };
    out.push_str(&format!(
        "{bullet}seed {}, {} trials per source fact, {} fact{} per source, {} fact runs in all ({} path)\n",
        r.seed,
        r.trials,
        r.facts_per_source,
        if r.facts_per_source == 1 { "" } else { "s" },
        r.facts,
        r.method
    ));
    out.push_str(&format!("{bullet}intervals: {}\n", r.interval));
    let model_count = r.assumptions.len().saturating_sub(engine_count(r));
    for line in &r.assumptions[model_count..] {
        out.push_str(&format!("{bullet}{line}\n"));
    }
    if model_count > 0 {
        out.push_str(&format!(
            "{bullet}plus the model's own {model_count} assumption{} (listed in --format json)\n",
            if model_count == 1 { "" } else { "s" }
        ));
    }
    Ok(out)
}

/// How many of the assumptions are the engine's own (they start at the line
/// that begins "Simulation (hviskeleken)").
fn engine_count(r: &SimResult) -> usize {
    r.assumptions
        .iter()
        .rposition(|a| a.starts_with("Simulation (hviskeleken)"))
        .map_or(0, |i| r.assumptions.len() - i)
}
