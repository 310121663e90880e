//! The evidence behind the routes up: the grade mix of the channels that
//! carry most facts from the deepest level to the top.
//!
//! "Carry most facts" is read from the **most reliable routes**
//! ([`super::paths::best_routes`]): every deepest-level actor's route up,
//! each hop counted once per route that takes it (so a channel on every
//! enterprise's route counts 31 times). These routes are deterministic (no
//! simulation), and they are the routes a fact most likely survives; where
//! two channels join the same pair, the more faithful one is counted.

use super::paths::best_routes;
use crate::graph::OrgGraph;
use crate::model::EvidenceCounts;
use petgraph::graph::NodeIndex;

/// Route hops by evidence grade over every deepest-level actor's most
/// reliable route to the top (empty counts when there are no levels).
pub fn route_evidence(g: &OrgGraph) -> EvidenceCounts {
    let model = g.model();
    let mut counts = EvidenceCounts::default();
    for (channel, routes) in route_channels(g) {
        counts.add(model.channels[channel].evidence, routes);
    }
    counts
}

/// The channels the most reliable routes up take: `(channel, routes)` for
/// every channel on at least one deepest-level actor's most reliable route
/// to the top, with the number of those routes that take it, in channel
/// order (empty when there are no levels).
///
/// Complexity: one route search, O((V + E) log V), then O(hops).
pub fn route_channels(g: &OrgGraph) -> Vec<(usize, usize)> {
    let model = g.model();
    let Some(deepest) = model.deepest_level() else {
        return Vec::new();
    };
    let routes = best_routes(g, &vec![false; model.actors.len()]);
    let mut taken = vec![0usize; model.channels.len()];
    for v in g.nodes_at_level(deepest) {
        let route = routes.route(v.index());
        for hop in route.windows(2) {
            if let Some(channel) = best_channel(g, hop[0], hop[1]) {
                taken[channel] += 1;
            }
        }
    }
    taken
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// The most faithful channel from `u` to `v` (the one a best route takes).
fn best_channel(g: &OrgGraph, u: usize, v: usize) -> Option<usize> {
    g.graph()
        .edges_connecting(NodeIndex::new(u), NodeIndex::new(v))
        .map(|e| e.weight())
        .max_by(|a, b| {
            a.params
                .fidelity
                .get()
                .total_cmp(&b.params.fidelity.get())
                .then(b.channel.cmp(&a.channel))
        })
        .map(|a| a.channel)
}
