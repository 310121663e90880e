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
///
/// Complexity: O(V + E). The routes form a tree (each actor's next hop), so
/// a hop `v → next[v]` is taken by as many routes as there are
/// deepest-level actors at or below `v` in it: those counts are summed up
/// the tree in one pass, and each hop's channel is chosen once, instead of
/// walking every route and scanning an actor's channels per route (which
/// was quadratic on deep models with large bodies).
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
/// Complexity: one route search, O((V + E) log V), then O(V + E): the
/// routes form a tree, so each hop's count is summed up it in one pass.
pub fn route_channels(g: &OrgGraph) -> Vec<(usize, usize)> {
    let model = g.model();
    let Some(deepest) = model.deepest_level() else {
        return Vec::new();
    };
    let n = model.actors.len();
    let routes = best_routes(g, &vec![false; n]);
    let mut uses = vec![0usize; n];
    for v in g.nodes_at_level(deepest) {
        if routes.reliability[v.index()].is_some() {
            uses[v.index()] += 1;
        }
    }
    let mut taken = vec![0usize; model.channels.len()];
    for v in farthest_first(&routes.next) {
        if let Some(next) = routes.next[v] {
            if uses[v] > 0 {
                uses[next] += uses[v];
                if let Some(channel) = best_channel(g, v, next) {
                    taken[channel] += uses[v];
                }
            }
        }
    }
    taken
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// The actors with a next hop, those with most hops to the end of their
/// route first (so every actor comes after all actors whose routes pass
/// through it). Each actor's hop count is found once: O(V log V).
fn farthest_first(next: &[Option<usize>]) -> Vec<usize> {
    const UNKNOWN: u32 = u32::MAX;
    let mut hops = vec![UNKNOWN; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        // The routes are a shortest-path tree: following `next` ends.
        while hops[at] == UNKNOWN {
            path.push(at);
            match next[at] {
                Some(n) => at = n,
                None => break,
            }
        }
        let mut h = if hops[at] == UNKNOWN {
            path.pop();
            hops[at] = 0;
            1
        } else {
            hops[at] + 1
        };
        while let Some(v) = path.pop() {
            hops[v] = h;
            h += 1;
        }
    }
    let mut order: Vec<usize> = (0..next.len()).filter(|&v| next[v].is_some()).collect();
    order.sort_by_key(|&v| std::cmp::Reverse(hops[v]));
    order
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Route by route, hop by hop: what the tree sum must equal.
    fn walked(g: &OrgGraph) -> EvidenceCounts {
        let model = g.model();
        let mut counts = EvidenceCounts::default();
        let routes = best_routes(g, &vec![false; model.actors.len()]);
        for v in g.nodes_at_level(model.deepest_level().unwrap()) {
            for hop in routes.route(v.index()).windows(2) {
                if let Some(c) = best_channel(g, hop[0], hop[1]) {
                    counts.add(model.channels[c].evidence, 1);
                }
            }
        }
        counts
    }

    #[test]
    fn the_tree_sum_counts_every_route_hop_once_per_route() {
        for name in ["three-two-one", "industry-council", "examples/small"] {
            let model = crate::model::load(format!("models/{name}.json")).unwrap();
            let g = crate::graph::build(&model);
            let (got, want) = (route_evidence(&g), walked(&g));
            assert_eq!(got, want, "{name}");
            assert!(got.stated + got.inferred + got.assumed + got.ungraded > 0);
        }
    }
}
