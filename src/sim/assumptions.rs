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
    // Parameters in force, per kind and distinct parameter set, in order of
    // first appearance.
    let mut groups: Vec<(Option<&str>, crate::model::ChannelParams, usize)> = Vec::new();
    for c in &model.channels {
        let k = c.kind.as_deref();
        let arcs = 1 + usize::from(c.bidirectional);
        match groups
            .iter_mut()
            .find(|(gk, gp, _)| *gk == k && *gp == c.params)
        {
            Some(gr) => gr.2 += arcs,
            None => groups.push((k, c.params, arcs)),
        }
    }
    groups.sort_by_key(|g| g.0);
    for (k, p, arcs) in groups {
        out.push(format!(
            "Channels of kind '{}' ({} arc{}): fidelity {}, distortion {}, latency {} days, a sitting every {} days.",
            k.unwrap_or("(none)"),
            arcs,
            if arcs == 1 { "" } else { "s" },
            p.fidelity.get(),
            p.distortion.get(),
            p.latency_days.get(),
            p.every_days.get()
        ));
    }
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
            .map(|(p, ids)| format!("{p} for {}", ids.join(", ")))
            .collect();
        format!(
            "Attendance below 1 (drawn per actor and sitting): {}; everyone else attends every sitting.",
            parts.join("; ")
        )
    });
    out
}
