//! Single points of failure and connectivity: articulation points and
//! bridges of the undirected projection, weakly and strongly connected
//! components.
//!
//! The undirected projection joins two actors when a channel runs either way
//! between them (once, however many channels), as networkx's
//! `G.to_undirected()` does for a `DiGraph`. An articulation point is an actor
//! whose removal splits the organisation into more pieces; a bridge is a
//! pair of actors whose only link is their own channel(s).

use crate::graph::Adjacency;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use serde::Serialize;

/// The undirected projection: one edge per pair of actors joined either way.
fn projection(adj: &Adjacency) -> UnGraph<(), ()> {
    let n = adj.len();
    let mut g = UnGraph::with_capacity(n, adj.arc_count());
    for _ in 0..n {
        g.add_node(());
    }
    for (u, v) in adj.arcs() {
        // Keep u -> v once: when v -> u also exists, only from the smaller end.
        if u < v || !adj.has_arc(v, u) {
            g.add_edge(NodeIndex::new(u), NodeIndex::new(v), ());
        }
    }
    g
}

/// Articulation points (cut vertices) of the undirected projection, ascending.
///
/// Tarjan's low-point depth-first search (R. Tarjan, "Depth-first search and
/// linear graph algorithms", SIAM J. Comput. 1(2), 1972), via petgraph's
/// `algo::articulation_points`; the same set as networkx's
/// `articulation_points(G.to_undirected())`.
///
/// Complexity: O(V + E).
pub fn articulation_points(adj: &Adjacency) -> Vec<usize> {
    let g = projection(adj);
    let mut points: Vec<usize> = petgraph::algo::articulation_points::articulation_points(&g)
        .into_iter()
        .map(NodeIndex::index)
        .collect();
    points.sort_unstable();
    points
}

/// Bridges of the undirected projection as `(a, b)` with `a < b`, ascending.
///
/// Tarjan's bridge-finding depth-first search via petgraph's `algo::bridges`;
/// the same set as networkx's `bridges(G.to_undirected())`.
///
/// Complexity: O(V + E).
pub fn bridges(adj: &Adjacency) -> Vec<(usize, usize)> {
    let g = projection(adj);
    let mut out: Vec<(usize, usize)> = petgraph::algo::bridges(&g)
        .map(|e| {
            let (a, b) = (e.source().index(), e.target().index());
            (a.min(b), a.max(b))
        })
        .collect();
    out.sort_unstable();
    out
}

/// Weakly and strongly connected components.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Components {
    /// Number of weakly connected components (pieces of the undirected projection).
    pub weak: usize,
    /// Number of strongly connected components (sets of actors that all reach each other).
    pub strong: usize,
    /// Sizes of the weakly connected components, largest first.
    pub weak_sizes: Vec<usize>,
    /// Sizes of the strongly connected components, largest first.
    pub strong_sizes: Vec<usize>,
}

/// Weakly and strongly connected components of the directed graph.
///
/// Strong components by petgraph's `kosaraju_scc` (S. R. Kosaraju, 1978;
/// M. Sharir, 1981); weak ones by union-find over the arcs, as petgraph's
/// `connected_components`. Equal to networkx's
/// `strongly_connected_components` and `weakly_connected_components`.
///
/// Complexity: O(V + E).
pub fn components(adj: &Adjacency) -> Components {
    let n = adj.len();
    let mut dg = petgraph::graph::DiGraph::<(), ()>::with_capacity(n, adj.arc_count());
    for _ in 0..n {
        dg.add_node(());
    }
    for (u, v) in adj.arcs() {
        dg.add_edge(NodeIndex::new(u), NodeIndex::new(v), ());
    }
    let mut strong_sizes: Vec<usize> = petgraph::algo::kosaraju_scc(&dg)
        .iter()
        .map(Vec::len)
        .collect();
    strong_sizes.sort_unstable_by(|a, b| b.cmp(a));

    let mut uf = petgraph::unionfind::UnionFind::<usize>::new(n);
    for (u, v) in adj.arcs() {
        uf.union(u, v);
    }
    let mut weak = vec![0usize; n];
    for v in 0..n {
        weak[uf.find(v)] += 1;
    }
    let mut weak_sizes: Vec<usize> = weak.into_iter().filter(|&s| s > 0).collect();
    weak_sizes.sort_unstable_by(|a, b| b.cmp(a));
    Components {
        weak: weak_sizes.len(),
        strong: strong_sizes.len(),
        weak_sizes,
        strong_sizes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_has_its_centre_as_articulation_point_and_every_spoke_as_bridge() {
        // 0 is the centre; 1 and 2 talk both ways with it, 3 only reports.
        let adj = Adjacency::from_arcs(4, [(1, 0), (0, 1), (2, 0), (0, 2), (3, 0)]);
        assert_eq!(articulation_points(&adj), vec![0]);
        assert_eq!(bridges(&adj), vec![(0, 1), (0, 2), (0, 3)]);
        let c = components(&adj);
        assert_eq!((c.weak, c.strong), (1, 2));
        assert_eq!(c.strong_sizes, vec![3, 1]);
    }

    #[test]
    fn a_cycle_has_no_single_point_of_failure() {
        let adj = Adjacency::from_arcs(4, (0..4).map(|i| (i, (i + 1) % 4)));
        assert!(articulation_points(&adj).is_empty());
        assert!(bridges(&adj).is_empty());
        assert_eq!(components(&adj).strong, 1);
    }

    #[test]
    fn isolated_actors_are_their_own_weak_components() {
        let adj = Adjacency::from_arcs(3, [(0, 1)]);
        let c = components(&adj);
        assert_eq!((c.weak, c.weak_sizes.clone()), (2, vec![2, 1]));
    }
}
