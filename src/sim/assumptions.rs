//! The engine's assumptions in words, printed with every result.

use crate::graph::OrgGraph;

/// The engine's own assumptions, in words.
pub(super) fn engine_assumptions(g: &OrgGraph<'_>, bits: bool) -> Vec<String> {
    let model = g.model();
    let mut out = vec![
        "Simulation (hviskeleken): a fact starts at its source on its start day (project day 0 unless a calendar is given); each holder passes it once on every outgoing channel at that channel's first sitting after it got the fact (random phase per channel and trial) plus the latency; it is lost if either end is absent or with probability 1 - fidelity, else arrives altered with probability distortion; altered stays altered; a receiver keeps the first version that reaches it.".to_string(),
        if bits {
            "Method: bit-parallel loss-only path (no channel distorts and no horizon was asked): 64 trials per machine word; timing is not simulated, so there are no arrival days.".to_string()
        } else {
            "Method: general timed path, one trial at a time.".to_string()
        },
        "Shares are over (trial, target) pairs; a source is not its own target. Intervals: 95% Wilson score intervals with n = trials (conservative when a fact has several targets).".to_string(),
        "Random draws are keyed by (seed, source id, fact, trial, channel, direction, sitting, purpose), so designs that share channels share their draws (common random numbers) and results do not depend on the thread count.".to_string(),
    ];
    out.extend(parameter_lines(model));
    // Attendance below 1, grouped by value in order of first appearance.
    let mut absent: Vec<(f64, Vec<&str>)> = Vec::new();
    for a in model.actors.iter().filter(|a| a.attendance.get() < 1.0) {
        let p = a.attendance.get();
        match absent.iter_mut().find(|(q, _)| *q == p) {
            Some(gr) => gr.1.push(a.id.as_str()),
            None => absent.push((p, vec![a.id.as_str()])),
        }
    }
    out.push(if absent.is_empty() {
        "Attendance: every actor attends every sitting.".to_string()
    } else {
        let parts: Vec<String> = absent
            .iter()
            .map(|(p, ids)| format!("{p} for {}", listed(ids)))
            .collect();
        format!(
            "Attendance below 1 (drawn per actor and sitting): {}; everyone else attends every sitting.",
            parts.join("; ")
        )
    });
    out
}

/// A kind with more distinct parameter sets than this is summarised as one
/// line of ranges (a generated organisation draws every channel's own).
const SETS_LISTED: usize = 4;

/// The parameters in force: per kind, each distinct parameter set in order
/// of first appearance with its arcs, or one line of ranges for a kind with
/// more than [`SETS_LISTED`] sets. Kinds in name order, unnamed first.
fn parameter_lines(model: &crate::model::Model) -> Vec<String> {
    use crate::model::ChannelParams;
    use std::collections::{BTreeMap, HashMap};
    let bits = |p: &ChannelParams| {
        [
            p.fidelity.get(),
            p.distortion.get(),
            p.latency_days.get(),
            p.every_days.get(),
        ]
        .map(f64::to_bits)
    };
    // Per kind: the distinct sets with their arcs, and where each set is.
    type Sets = (Vec<(ChannelParams, usize)>, HashMap<[u64; 4], usize>);
    let mut kinds: BTreeMap<Option<&str>, Sets> = BTreeMap::new();
    for c in &model.channels {
        let (sets, index) = kinds.entry(c.kind.as_deref()).or_default();
        let arcs = 1 + usize::from(c.bidirectional);
        let i = *index.entry(bits(&c.params)).or_insert_with(|| {
            sets.push((c.params, 0));
            sets.len() - 1
        });
        sets[i].1 += arcs;
    }
    let mut out = Vec::new();
    for (kind, (sets, _)) in kinds {
        let kind = kind.unwrap_or("(none)");
        if sets.len() <= SETS_LISTED {
            for (p, arcs) in sets {
                out.push(format!(
                    "Channels of kind '{kind}' ({arcs} arc{}): fidelity {}, distortion {}, latency {} days, a sitting every {} days.",
                    if arcs == 1 { "" } else { "s" },
                    p.fidelity.get(),
                    p.distortion.get(),
                    p.latency_days.get(),
                    p.every_days.get()
                ));
            }
            continue;
        }
        let arcs: usize = sets.iter().map(|s| s.1).sum();
        let range = |f: fn(&ChannelParams) -> f64| {
            let values = sets.iter().map(|(p, _)| f(p));
            let lo = values.clone().fold(f64::INFINITY, f64::min);
            let hi = values.fold(f64::NEG_INFINITY, f64::max);
            if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            }
        };
        out.push(format!(
            "Channels of kind '{kind}' ({arcs} arcs, {} distinct parameter sets): fidelity {}, distortion {}, latency {} days, a sitting every {} days.",
            sets.len(),
            range(|p| p.fidelity.get()),
            range(|p| p.distortion.get()),
            range(|p| p.latency_days.get()),
            range(|p| p.every_days.get())
        ));
    }
    out
}

/// Up to ten ids, then how many more.
fn listed(ids: &[&str]) -> String {
    const SHOWN: usize = 10;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{} and {} more", ids[..SHOWN].join(", "), ids.len() - SHOWN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of `n` actors, channel `i` of kind "k" with fidelity 0.5 + i/100.
    fn chain(n: usize) -> crate::model::Model {
        let actors: Vec<String> = (0..n).map(|i| format!(r#"{{"id": "a{i}"}}"#)).collect();
        let channels: Vec<String> = (1..n)
            .map(|i| {
                let f = format!("{:.2}", 0.5 + i as f64 / 100.0);
                format!(
                    r#"{{"from": "a{}", "to": "a{i}", "kind": "k", "fidelity": {f}}}"#,
                    i - 1
                )
            })
            .collect();
        let text = format!(
            r#"{{"format": 1, "name": "chain", "actors": [{}], "channels": [{}]}}"#,
            actors.join(","),
            channels.join(",")
        );
        crate::model::parse_str(&text, "chain.json").unwrap()
    }

    #[test]
    fn a_few_parameter_sets_are_listed_many_are_summarised() {
        let few = parameter_lines(&chain(5));
        assert_eq!(few.len(), 4);
        assert!(
            few[0].starts_with("Channels of kind 'k' (1 arc): fidelity 0.51,"),
            "{few:?}"
        );
        let many = parameter_lines(&chain(8));
        assert_eq!(
            many,
            [
                "Channels of kind 'k' (7 arcs, 7 distinct parameter sets): fidelity 0.51 to 0.57, \
              distortion 0.05, latency 7 days, a sitting every 30 days."
            ]
        );
    }

    #[test]
    fn long_id_lists_are_cut() {
        let ids: Vec<String> = (0..12).map(|i| format!("a{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(listed(&ids[..2]), "a0, a1");
        assert_eq!(
            listed(&ids),
            "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 2 more"
        );
    }
}
