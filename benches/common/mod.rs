//! Generated organisations for the benches: deterministic, any size.

#![allow(dead_code)]

use hviske::model::{
    Actor, ActorId, Channel, ChannelParams, Days, Model, PartialParams, Probability,
};
use std::fmt::Write;

/// A hierarchy of `levels` levels where every actor above the deepest level
/// has `span` direct reports: `instruction` channels down, `report` channels
/// up, bidirectional `meeting` channels between neighbouring siblings above
/// the deepest level, and `cross_links` bidirectional `liaison` channels
/// between random actors of the same level (above the deepest), with
/// fidelities drawn from `seed`. Sides cycle government / employer /
/// employee; every actor one level above the deepest is a body whose members
/// are its direct reports, and every seventh actor attends half the time.
///
/// Actors: (span^levels − 1) / (span − 1), e.g. 11 111 for `hierarchy(5, 10, ..)`.
///
/// # Panics
/// When `levels` or `span` is 0, or the generated file does not validate (a bug).
pub fn hierarchy(levels: u32, span: usize, cross_links: usize, seed: u64) -> Model {
    assert!(levels > 0 && span > 0);
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Actor ids by level, top first.
    let mut by_level: Vec<Vec<usize>> = vec![vec![0]];
    let mut parent = vec![usize::MAX];
    let mut level_of = vec![1u32];
    for l in 2..=levels {
        let mut row = Vec::new();
        for &p in &by_level[(l - 2) as usize] {
            for _ in 0..span {
                let id = parent.len();
                parent.push(p);
                level_of.push(l);
                row.push(id);
            }
        }
        by_level.push(row);
    }
    let n = parent.len();
    let sides = ["government", "employer", "employee"];
    let mut text = String::from(
        r#"{"format": 1, "name": "generated hierarchy",
  "kinds": {"report": {"fidelity": 0.75}, "instruction": {"fidelity": 0.85},
            "meeting": {"fidelity": 0.9}, "liaison": {"fidelity": 0.6}},
  "actors": ["#,
    );
    for a in 0..n {
        let sep = if a + 1 == n { "" } else { "," };
        let attendance = if a % 7 == 6 { 0.5 } else { 1.0 };
        let members = if level_of[a] + 1 == levels {
            let kids: Vec<String> = (0..span)
                .map(|k| format!("\"a{}\"", a * span + 1 + k))
                .collect();
            format!(", \"members\": [{}]", kids.join(", "))
        } else {
            String::new()
        };
        let _ = writeln!(
            text,
            "  {{\"id\": \"a{a}\", \"level\": {}, \"side\": \"{}\", \"attendance\": {attendance}{members}}}{sep}",
            level_of[a],
            sides[a % 3]
        );
    }
    text.push_str("], \"channels\": [\n");
    let mut channels = Vec::new();
    for (a, &p) in parent.iter().enumerate().skip(1) {
        channels.push(format!(
            "{{\"from\": \"a{p}\", \"to\": \"a{a}\", \"kind\": \"instruction\"}}"
        ));
        channels.push(format!(
            "{{\"from\": \"a{a}\", \"to\": \"a{p}\", \"kind\": \"report\"}}"
        ));
    }
    for row in by_level
        .iter()
        .take(levels.saturating_sub(1) as usize)
        .skip(1)
    {
        for pair in row.windows(2) {
            if parent[pair[0]] == parent[pair[1]] {
                channels.push(format!(
                    "{{\"from\": \"a{}\", \"to\": \"a{}\", \"kind\": \"meeting\", \"bidirectional\": true}}",
                    pair[0], pair[1]
                ));
            }
        }
    }
    let upper: Vec<&Vec<usize>> = by_level
        .iter()
        .take(levels.saturating_sub(1) as usize)
        .filter(|r| r.len() > 2)
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..cross_links {
        if upper.is_empty() {
            break;
        }
        let row = upper[(next() % upper.len() as u64) as usize];
        let (a, b) = (
            row[(next() % row.len() as u64) as usize],
            row[(next() % row.len() as u64) as usize],
        );
        let (a, b) = (a.min(b), a.max(b));
        if a == b || parent[a] == parent[b] || !seen.insert((a, b)) {
            continue;
        }
        let fidelity = 0.5 + (next() % 400) as f64 / 1000.0;
        channels.push(format!(
            "{{\"from\": \"a{a}\", \"to\": \"a{b}\", \"kind\": \"liaison\", \"fidelity\": {fidelity}, \"bidirectional\": true}}"
        ));
    }
    text.push_str(&channels.join(",\n"));
    text.push_str("\n]}\n");
    hviske::model::parse_str(&text, "generated.json").expect("the generated hierarchy validates")
}

/// A hierarchy for the simulation benches: one actor at level 1 and `span`
/// subordinates under every actor down to level `levels` (1 + span + … +
/// span^(levels−1) actors; span 10 and 5 levels give 11,111, 7 levels
/// 1,111,111). Each actor and its superior share a bidirectional `meeting`
/// channel (fidelity 0.9), and neighbouring siblings a bidirectional `peer`
/// channel (fidelity 0.5), so routes are redundant and cycles abound. Every
/// distortion is `distortion`; latency 7 days, monthly sittings.
pub fn sim_hierarchy(span: usize, levels: u32, distortion: f64) -> Model {
    let mut actors = Vec::new();
    let mut channels = Vec::new();
    let params = |fidelity: f64| ChannelParams {
        fidelity: Probability::new(fidelity).expect("probability"),
        distortion: Probability::new(distortion).expect("probability"),
        latency_days: Days::new(7.0).expect("days"),
        every_days: Days::new(30.0).expect("days"),
    };
    let actor = |i: usize, level: u32| Actor {
        id: ActorId::new(&format!("a{i}")).expect("id"),
        name: format!("a{i}"),
        level: Some(level),
        side: None,
        kind: None,
        attendance: Probability::ONE,
        members: Vec::new(),
        advisory: false,
        industry: None,
        vacancies: Vec::new(),
        source: None,
        evidence: None,
    };
    let channel = |from: usize, to: usize, kind: &str, p: ChannelParams| Channel {
        from,
        to,
        kind: Some(kind.to_string()),
        params: p,
        own: PartialParams::default(),
        bidirectional: true,
        source: None,
        evidence: None,
    };
    actors.push(actor(0, 1));
    let mut previous = vec![0usize];
    for level in 2..=levels {
        let mut this = Vec::with_capacity(previous.len() * span);
        for &parent in &previous {
            for k in 0..span {
                let i = actors.len();
                actors.push(actor(i, level));
                channels.push(channel(parent, i, "meeting", params(0.9)));
                if k > 0 {
                    channels.push(channel(i - 1, i, "peer", params(0.5)));
                }
                this.push(i);
            }
        }
        previous = this;
    }
    Model {
        name: format!("hierarchy span {span}, {levels} levels"),
        description: None,
        source: None,
        caveat: None,
        assumptions: Vec::new(),
        levels: Vec::new(),
        defaults: PartialParams::default(),
        kinds: Default::default(),
        ranges: Default::default(),
        readings: Vec::new(),
        actors,
        channels,
    }
}
