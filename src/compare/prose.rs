//! The comparison in words: the verdict sentence and each design's own
//! parameter ranges.

use super::{Best, CompareOptions, Design, Row, MATERIAL_SHARE};
use crate::model::Model;

/// The range of each parameter over one design's channels and actors, in
/// words: "fidelity 0.5–0.9, distortion 0.05–0.1, latency 3–60 days,
/// sittings every 14–365 days, attendance 0.4–1".
pub fn parameter_ranges(model: &Model) -> String {
    let mut lo = [f64::INFINITY; 5];
    let mut hi = [f64::NEG_INFINITY; 5];
    let mut widen = |k: usize, x: f64| {
        lo[k] = lo[k].min(x);
        hi[k] = hi[k].max(x);
    };
    for c in &model.channels {
        let p = &c.params;
        widen(0, p.fidelity.get());
        widen(1, p.distortion.get());
        widen(2, p.latency_days.get());
        widen(3, p.every_days.get());
    }
    for a in &model.actors {
        widen(4, a.attendance.get());
    }
    let range = |k: usize| {
        if lo[k] > hi[k] {
            "–".to_string()
        } else if lo[k] == hi[k] {
            format!("{}", lo[k])
        } else {
            format!("{}–{}", lo[k], hi[k])
        }
    };
    format!(
        "fidelity {}, distortion {}, latency {} days, sittings every {} days, attendance {}",
        range(0),
        range(1),
        range(2),
        range(3),
        range(4)
    )
}

/// The one-line verdict on facts reaching the top intact: who is better,
/// each design's share, each design's own difference from the first, and
/// each design's own per-hop values; `trials_up` is the trials per source
/// bottom → top.
pub(super) fn verdict(
    designs: &[Design],
    rows: &[Row],
    opts: &CompareOptions,
    trials_up: u64,
) -> String {
    let Some(intact) = rows.iter().find(|r| r.key == "intact_up") else {
        return String::new();
    };
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    let share = |i: usize| intact.values[i].figure().unwrap_or(0.0);
    let median = rows
        .iter()
        .find(|r| r.key == "days_up_median")
        .map(|r| r.values.iter().map(super::Cell::figure).collect::<Vec<_>>())
        .unwrap_or_default();
    let days = |i: usize| {
        median
            .get(i)
            .copied()
            .flatten()
            .map(|d| format!(", median {d:.0} days"))
            .unwrap_or_default()
    };
    let who = match &intact.best {
        Some(Best::Design { label, .. }) => format!("{label} does better"),
        Some(Best::NoMaterialDifference) => format!(
            "No material difference (under {:.0} point) between the designs",
            100.0 * MATERIAL_SHARE
        ),
        Some(Best::Tie) | None => "No design does clearly better".to_string(),
    };
    let parts: Vec<String> = designs
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} {}{}", d.label, pct(share(i)), days(i)))
        .collect();
    let diffs: Vec<String> = intact
        .differences
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (i, d)))
        .map(|(i, d)| {
            let noise = (d.value.ci_high - d.value.estimate).max(d.value.estimate - d.value.ci_low);
            format!(
                "{} − {} {:+.1} points, ±{:.1} from simulation",
                designs[i].label,
                designs[0].label,
                100.0 * d.value.estimate,
                100.0 * noise
            )
        })
        .collect();
    let own: Vec<String> = designs
        .iter()
        .map(|d| format!("{}: {}", d.label, parameter_ranges(&d.model)))
        .collect();
    format!(
        "{who} at getting facts from the deepest level to the top intact in this one run at the point values (every reading off, every \
         value at its most likely): {}{}; each design's own per-hop values: {}{}; seed {}, {} trials per source.",
        parts.join(" vs "),
        if diffs.is_empty() { String::new() } else { format!(" ({})", diffs.join("; ")) },
        own.join("; "),
        if opts.structure_only { " (structure only: channels at the first design's kinds' values, attendance 1)" } else { "" },
        opts.seed,
        trials_up
    )
}
