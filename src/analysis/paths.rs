//! Routes to the top of the organisation: hop counts to and from the top
//! level, and the most reliable route from each actor up to it.
//!
//! The most reliable route is the path that maximises the product of its
//! arcs' fidelities, found as a shortest path on arc weights −ln(fidelity)
//! (all ≥ 0, so Dijkstra applies). An arc of fidelity 0 carries nothing and
//! is never used. Where several channels run between the same two actors,
//! the route takes the one with the highest fidelity.

use crate::graph::OrgGraph;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Every actor's most reliable route up to the top level.
#[derive(Debug, Clone, PartialEq)]
pub struct BestRoutes {
    /// `next[v]`: the next actor on `v`'s route (`None` at the top or when
    /// there is no route).
    pub next: Vec<Option<usize>>,
    /// `reliability[v]`: the product of the fidelities along `v`'s route
    /// (1 for a top-level actor, `None` when there is no route).
    pub reliability: Vec<Option<f64>>,
}

impl BestRoutes {
    /// The route from `v` to the top level, `v` first, as actor indices;
    /// empty when there is none.
    pub fn route(&self, v: usize) -> Vec<usize> {
        if self.reliability[v].is_none() {
            return Vec::new();
        }
        let mut route = vec![v];
        let mut at = v;
        while let Some(n) = self.next[at] {
            route.push(n);
            at = n;
        }
        route
    }
}

/// A Dijkstra heap entry: route cost so far, actor.
#[derive(Debug, PartialEq)]
pub(crate) struct Entry(pub(crate) f64, pub(crate) usize);
impl Eq for Entry {}
impl Ord for Entry {
    // Smallest distance first, then smallest node: a total, deterministic order.
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then_with(|| o.1.cmp(&self.1))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// The most reliable route from every actor to the nearest (in reliability)
/// top-level actor, avoiding the actors where `removed` is true.
///
/// Multi-source Dijkstra (E. W. Dijkstra, "A note on two problems in
/// connexion with graphs", 1959) from the top-level actors against the arc
/// direction, on weights −ln(fidelity). The same routes as networkx's
/// `multi_source_dijkstra` on the reversed graph with those weights; the
/// reliability is the product of the fidelities along the route (not
/// exp(−distance), which would round differently).
///
/// Complexity: O((V + E) log V).
///
/// # Panics
/// When `removed` is shorter than the number of actors.
#[track_caller]
pub fn best_routes(g: &OrgGraph, removed: &[bool]) -> BestRoutes {
    best_routes_on(&UpArcs::of(g), removed)
}

/// The arcs into every actor, as flat lists, with −ln(fidelity) worked out
/// once: what the route searches walk, reused across removals.
#[derive(Debug, Clone)]
pub(crate) struct UpArcs {
    /// Arcs into actor `v` are `arcs[start[v]..start[v + 1]]`.
    start: Vec<usize>,
    /// `(from, fidelity, −ln fidelity)`, in petgraph's incoming-edge order.
    arcs: Vec<(usize, f64, f64)>,
    /// The top-level actors.
    pub(crate) top: Vec<usize>,
}

impl UpArcs {
    /// Complexity: O(V + E), one logarithm per arc.
    pub(crate) fn of(g: &OrgGraph) -> Self {
        let n = g.node_count();
        let mut start = Vec::with_capacity(n + 1);
        let mut arcs = Vec::with_capacity(g.arc_count());
        for v in 0..n {
            start.push(arcs.len());
            for e in g
                .graph()
                .edges_directed(petgraph::graph::NodeIndex::new(v), Direction::Incoming)
            {
                let f = e.weight().params.fidelity.get();
                arcs.push((e.source().index(), f, -f.ln()));
            }
        }
        start.push(arcs.len());
        let top = g.top_nodes().into_iter().map(|t| t.index()).collect();
        UpArcs { start, arcs, top }
    }

    /// Number of actors.
    pub(crate) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// The arcs into `v`: `(from, fidelity, −ln fidelity)`.
    pub(crate) fn arcs_into(&self, v: usize) -> &[(usize, f64, f64)] {
        &self.arcs[self.start[v]..self.start[v + 1]]
    }
}

/// [`best_routes`] on prepared arcs.
#[track_caller]
pub(crate) fn best_routes_on(up: &UpArcs, removed: &[bool]) -> BestRoutes {
    best_routes_with_cost(up, removed).0
}

/// [`best_routes_on`], with each actor's route cost (the sum of
/// −ln fidelity along it, infinite without a route).
#[track_caller]
pub(crate) fn best_routes_with_cost(up: &UpArcs, removed: &[bool]) -> (BestRoutes, Vec<f64>) {
    let n = up.len();
    assert!(removed.len() >= n, "removed must have one entry per actor");
    let mut dist = vec![f64::INFINITY; n];
    let mut reliability = vec![None; n];
    let mut next = vec![None; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    for &t in &up.top {
        if !removed[t] {
            dist[t] = 0.0;
            reliability[t] = Some(1.0);
            heap.push(Entry(0.0, t));
        }
    }
    while let Some(Entry(d, v)) = heap.pop() {
        if done[v] {
            continue;
        }
        done[v] = true;
        let rv = reliability[v].unwrap_or(0.0);
        for &(u, f, cost) in up.arcs_into(v) {
            if removed[u] || done[u] || f <= 0.0 {
                continue;
            }
            let du = d + cost;
            if du < dist[u] {
                dist[u] = du;
                next[u] = Some(v);
                reliability[u] = Some(f * rv);
                heap.push(Entry(du, u));
            }
        }
    }
    (BestRoutes { next, reliability }, dist)
}

/// Hop counts to the top level (`up`) and from it (`down`), indexed by actor:
/// the fewest arcs from the actor to any top-level actor, and from any
/// top-level actor to it. `None` where there is no path.
///
/// Complexity: O(V + E).
pub fn hops_to_and_from_top(g: &OrgGraph) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let top = g.top_nodes();
    (
        g.hops(&top, Direction::Incoming),
        g.hops(&top, Direction::Outgoing),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(channels: &str) -> crate::model::Model {
        crate::model::parse_str(
            &format!(
                r#"{{"format":1,"name":"t","actors":[{{"id":"top","level":1}},{{"id":"a","level":2}},
                   {{"id":"b","level":2}},{{"id":"c","level":3}}],"channels":[{channels}]}}"#
            ),
            "t.json",
        )
        .unwrap()
    }

    #[test]
    fn a_chain_of_n_hops_gives_fidelity_to_the_n() {
        let m =
            model(r#"{"from":"c","to":"a","fidelity":0.9},{"from":"a","to":"top","fidelity":0.9}"#);
        let g = crate::graph::build(&m);
        let r = best_routes(&g, &[false; 4]);
        assert!((r.reliability[3].unwrap() - 0.81).abs() < 1e-12);
        assert_eq!(r.route(3), vec![3, 1, 0]);
        assert_eq!(r.reliability[2], None);
        assert!(r.route(2).is_empty());
    }

    #[test]
    fn the_more_reliable_route_wins_over_the_shorter() {
        let m = model(
            r#"{"from":"c","to":"a","fidelity":0.9},{"from":"a","to":"top","fidelity":0.9},
               {"from":"c","to":"b","fidelity":0.5},{"from":"b","to":"top","fidelity":1.0},
               {"from":"c","to":"top","fidelity":0.7}"#,
        );
        let g = crate::graph::build(&m);
        let r = best_routes(&g, &[false; 4]);
        assert_eq!(r.route(3), vec![3, 1, 0]);
        let without_a = best_routes(&g, &[false, true, false, false]);
        assert_eq!(without_a.route(3), vec![3, 0]);
        assert!((without_a.reliability[3].unwrap() - 0.7).abs() < 1e-12);
    }

    #[test]
    fn fidelity_zero_arcs_are_unusable() {
        let m = model(r#"{"from":"a","to":"top","fidelity":0}"#);
        let g = crate::graph::build(&m);
        assert_eq!(best_routes(&g, &[false; 4]).reliability[1], None);
    }
}
