//! `hviske simulate` output.

use super::table::{Align, Table};
use super::{json, num, Format, Hint, Layout, RenderError, Wording};
use crate::sim::{Estimate, Method, SimResult};

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn ci(e: &Estimate) -> String {
    format!("{} – {}", pct(e.ci_low), pct(e.ci_high))
}

/// Renders a [`SimResult`] as a table, Markdown, JSON or CSV. The table lists the
/// figures with their 95 % intervals first, then the retention per level, the
/// figures per source, and under them the seed, trials and the key
/// assumptions (the engine's; the model's own are counted, and listed in
/// JSON).
///
/// CSV is one figure a line, numbers only, for spreadsheets: see
/// `simulation_csv`.
///
/// # Errors
/// None at present; the `Result` keeps the renderer signature uniform.
pub fn simulation(r: &SimResult, format: Format, hint: Wording) -> Result<String, RenderError> {
    let layout = match format {
        Format::Json => return Ok(json(r)),
        Format::Csv => return Ok(simulation_csv(r)),
        Format::Table | Format::Markdown => Layout {
            md: format == Format::Markdown,
        },
    };
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
    out.push_str(&layout.table(&figures(r)));
    if r.method == Method::Bits {
        out.push_str(&format!(
            "\nNo channel distorts, so the bit-parallel path ran: it has no timing. Give {} for arrival days.\n",
            hint(Hint::Horizon)
        ));
    }
    if !r.levels.is_empty() {
        out.push('\n');
        out.push_str(&layout.heading(
            "Retention per level (share of trials in which an actor there holds the fact)",
        ));
        out.push_str(&layout.table(&levels(r)));
    }
    if r.per_source.len() > 1 {
        out.push('\n');
        out.push_str(&layout.heading("Per source"));
        out.push_str(&layout.table(&per_source(r)));
    }
    out.push('\n');
    out.push_str(&layout.heading("Run"));
    out.push_str(&run(r, if layout.md { "- " } else { "  " }, hint));
    Ok(out)
}

/// The figures of all pairs with their intervals (and exact values where
/// computed), then the arrival days.
fn figures(r: &SimResult) -> Table {
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
    t
}

/// Retention per level.
fn levels(r: &SimResult) -> Table {
    let mut t = Table::new(["level", "name", "intact", "reached"]).align(1, Align::Left);
    for l in &r.levels {
        t.row([
            l.level.to_string(),
            l.name.clone().unwrap_or_default(),
            pct(l.intact),
            pct(l.reached),
        ]);
    }
    t
}

/// The figures per source actor.
fn per_source(r: &SimResult) -> Table {
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
    t
}

/// The run's seed, size, interval method and the engine's assumptions, one
/// bulleted line each.
fn run(r: &SimResult, bullet: &str, hint: Wording) -> String {
    let mut out = format!(
        "{bullet}seed {}, {} trials per source fact, {} fact{} per source, {} trials in all ({} path)\n",
        r.seed,
        r.trials,
        r.facts_per_source,
        if r.facts_per_source == 1 { "" } else { "s" },
        r.total_trials,
        r.method
    );
    out.push_str(&format!("{bullet}intervals: {}\n", r.interval));
    let model_count = r.assumptions.len().saturating_sub(engine_count(r));
    for line in &r.assumptions[model_count..] {
        let line = if bullet == "- " {
            super::escape::markdown(line)
        } else {
            line.into()
        };
        out.push_str(&format!("{bullet}{line}\n"));
    }
    if model_count > 0 {
        out.push_str(&format!(
            "{bullet}plus the model's own {model_count} assumption{} (listed in {})\n",
            if model_count == 1 { "" } else { "s" },
            hint(Hint::Json)
        ));
    }
    out
}

/// How many of the assumptions are the engine's own (they start at the line
/// that begins "Simulation (hviskeleken)").
fn engine_count(r: &SimResult) -> usize {
    r.assumptions
        .iter()
        .rposition(|a| a.starts_with("Simulation (hviskeleken)"))
        .map_or(0, |i| r.assumptions.len() - i)
}

/// A simulation as CSV, one figure a line: `scope,id,figure,estimate,
/// ci_low,ci_high,exact`. Scopes: `run` (seed, trials, facts per source,
/// trials), `all` (the four shares of all pairs with their 95 %
/// intervals, the share within the horizon, arrival days), `level`
/// (retention per level), `source` (the shares per source actor) and
/// `actor` (hold rates). Numbers only; an empty cell where a figure has no
/// value or no interval.
fn simulation_csv(r: &SimResult) -> String {
    let mut t = Table::new([
        "scope", "id", "figure", "estimate", "ci_low", "ci_high", "exact",
    ]);
    let cell = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    let plain = |t: &mut Table, scope: &str, id: &str, figure: &str, x: Option<f64>| {
        t.row([scope, id, figure, &cell(x), "", "", ""].map(str::to_string));
    };
    let estimate = |t: &mut Table, scope: &str, id: &str, figure: &str, e: &Estimate| {
        t.row([
            scope.to_string(),
            id.to_string(),
            figure.to_string(),
            e.estimate.to_string(),
            e.ci_low.to_string(),
            e.ci_high.to_string(),
            cell(e.exact),
        ]);
    };
    let shares = |t: &mut Table, scope: &str, id: &str, s: &crate::sim::Shares| {
        for (figure, e) in [
            ("reach", &s.reach),
            ("intact", &s.intact),
            ("altered", &s.altered),
            ("lost", &s.lost),
        ] {
            estimate(t, scope, id, figure, e);
        }
    };
    for (figure, x) in [
        ("seed", r.seed),
        ("trials", r.trials),
        ("facts_per_source", u64::from(r.facts_per_source)),
        ("total_trials", r.total_trials),
    ] {
        t.row(["run", "", figure, &x.to_string(), "", "", ""].map(str::to_string));
    }
    shares(&mut t, "all", "", &r.shares);
    let days = &r.arrival_days;
    if let Some(within) = &days.within_horizon {
        estimate(&mut t, "all", "", "within_horizon", within);
        plain(&mut t, "all", "", "horizon_days", days.horizon_days);
    }
    plain(&mut t, "all", "", "arrival_days_mean", days.mean);
    plain(&mut t, "all", "", "arrival_days_median", days.median);
    plain(&mut t, "all", "", "arrival_days_p90", days.p90);
    for l in &r.levels {
        let id = l.level.to_string();
        plain(&mut t, "level", &id, "intact", Some(l.intact));
        plain(&mut t, "level", &id, "reached", Some(l.reached));
    }
    for s in &r.per_source {
        shares(&mut t, "source", &s.id, &s.shares);
        plain(
            &mut t,
            "source",
            &s.id,
            "arrival_days_mean",
            s.arrival_mean_days,
        );
    }
    for a in &r.actors {
        plain(&mut t, "actor", &a.id, "intact", Some(a.intact));
        plain(&mut t, "actor", &a.id, "reached", Some(a.reached));
    }
    t.csv()
}
