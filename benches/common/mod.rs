//! Generated models for the benches.

#![allow(dead_code)]

use hviske::model::{
    Actor, ActorId, Channel, ChannelParams, Days, Model, PartialParams, Probability,
};

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
        source: None,
    };
    let channel = |from: usize, to: usize, kind: &str, p: ChannelParams| Channel {
        from,
        to,
        kind: Some(kind.to_string()),
        params: p,
        own: PartialParams::default(),
        bidirectional: true,
        source: None,
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
        assumptions: Vec::new(),
        levels: Vec::new(),
        defaults: PartialParams::default(),
        kinds: Default::default(),
        actors,
        channels,
    }
}
