//! The simple directed graph behind a model, in compressed sparse rows: what
//! the structural measures (centrality, cuts, hierarchy) walk.
//!
//! One arc `u -> v` however many channels (of different kinds) run from `u`
//! to `v`, as networkx's `DiGraph` would hold them; a bidirectional channel
//! is two arcs; self-loops are dropped. Node indices are actor indices, held
//! as `u32` (a model has at most `u32::MAX` actors) so that the lists stay
//! small in cache.

use super::OrgGraph;
use petgraph::visit::EdgeRef;

/// The simple directed graph of a model as sorted, de-duplicated adjacency
/// lists (compressed sparse rows), indexed by actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacency {
    out_start: Vec<usize>,
    out: Vec<u32>,
    inc_start: Vec<usize>,
    inc: Vec<u32>,
}

impl Adjacency {
    /// The simple directed graph of `g` (parallel arcs merged).
    ///
    /// Complexity: O(V + E log E).
    pub fn of(g: &OrgGraph) -> Self {
        let n = g.node_count();
        let arcs = g
            .graph()
            .edge_references()
            .map(|e| (e.source().index(), e.target().index()));
        Self::from_arcs(n, arcs)
    }

    /// The simple directed graph on `n` nodes with these arcs (self-loops dropped).
    ///
    /// # Panics
    /// When an arc names a node `>= n`, or `n` exceeds `u32::MAX`.
    #[track_caller]
    pub fn from_arcs(n: usize, arcs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        assert!(u32::try_from(n).is_ok(), "{n} nodes exceed u32::MAX");
        let mut pairs: Vec<(u32, u32)> = arcs
            .into_iter()
            .inspect(|&(u, v)| assert!(u < n && v < n, "arc ({u}, {v}) outside {n} nodes"))
            .filter(|&(u, v)| u != v)
            .map(|(u, v)| (u as u32, v as u32))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let (out_start, out) = rows(n, &pairs);
        for p in &mut pairs {
            *p = (p.1, p.0);
        }
        pairs.sort_unstable();
        let (inc_start, inc) = rows(n, &pairs);
        Adjacency {
            out_start,
            out,
            inc_start,
            inc,
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.out_start.len() - 1
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of (distinct) arcs.
    pub fn arc_count(&self) -> usize {
        self.out.len()
    }

    /// The nodes `u` has an arc to, ascending.
    #[inline]
    pub fn out(&self, u: usize) -> &[u32] {
        &self.out[self.out_start[u]..self.out_start[u + 1]]
    }

    /// The nodes with an arc to `v`, ascending.
    #[inline]
    pub fn inc(&self, v: usize) -> &[u32] {
        &self.inc[self.inc_start[v]..self.inc_start[v + 1]]
    }

    /// True when there is an arc `u -> v`.
    pub fn has_arc(&self, u: usize, v: usize) -> bool {
        self.out(u).binary_search(&(v as u32)).is_ok()
    }

    /// Every arc `(u, v)`, by `u` then `v`.
    pub fn arcs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.len()).flat_map(move |u| self.out(u).iter().map(move |&v| (u, v as usize)))
    }

    /// True when every arc has its reverse arc: every channel is, in effect,
    /// two-way.
    ///
    /// Complexity: O(E) (the in-lists of a symmetric graph equal its out-lists).
    pub fn is_symmetric(&self) -> bool {
        self.out_start == self.inc_start && self.out == self.inc
    }
}

/// Row starts and the concatenated rows of sorted `(row, column)` pairs.
fn rows(n: usize, pairs: &[(u32, u32)]) -> (Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; n + 1];
    for &(u, _) in pairs {
        start[u as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    (start, pairs.iter().map(|p| p.1).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_arcs_and_self_loops_are_dropped() {
        let adj = Adjacency::from_arcs(3, [(0, 1), (0, 1), (1, 0), (2, 2), (2, 0)]);
        assert_eq!(adj.arc_count(), 3);
        assert_eq!(adj.out(0), &[1]);
        assert_eq!(adj.inc(0), &[1, 2]);
        assert!(adj.out(2).contains(&0) && adj.inc(2).is_empty());
        assert!(adj.has_arc(2, 0) && !adj.has_arc(0, 2));
        assert_eq!(adj.arcs().collect::<Vec<_>>(), vec![(0, 1), (1, 0), (2, 0)]);
    }

    #[test]
    fn symmetry_needs_every_reverse_arc() {
        assert!(Adjacency::from_arcs(3, [(0, 1), (1, 0), (1, 2), (2, 1)]).is_symmetric());
        assert!(!Adjacency::from_arcs(3, [(0, 1), (1, 0), (1, 2)]).is_symmetric());
        assert!(Adjacency::from_arcs(0, []).is_symmetric());
    }
}
