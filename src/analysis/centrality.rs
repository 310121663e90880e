//! Per-actor centrality on the directed channel graph: degree, betweenness,
//! closeness and PageRank, with networkx's conventions so that results can be
//! checked against it.
//!
//! Every measure here works on the *simple* directed graph behind the model:
//! one arc `u -> v` however many channels (of different kinds) run from `u` to
//! `v`, as networkx's `DiGraph` would hold them. A bidirectional channel is two
//! arcs.
//!
//! Determinism: Brandes betweenness runs in parallel over sources, but the
//! sources are cut into fixed blocks of [`BLOCK`] (never dependent on the
//! thread count), each block sums its sources' dependencies in source order,
//! and the block partials are then added in block order. The result is
//! bit-identical for any number of threads.

use crate::graph::OrgGraph;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use std::collections::VecDeque;

/// Sources per parallel block in [`betweenness`]. Fixed, so that float sums
/// are grouped the same way on every machine.
pub const BLOCK: usize = 64;

/// Blocks computed at a time in [`betweenness`]: bounds the partial sums held
/// in memory to WAVE × V floats.
const WAVE: usize = 32;

/// The simple directed graph of a model as sorted, de-duplicated adjacency
/// lists, indexed by actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacency {
    /// `out[u]`: the actors `u` has an arc to, ascending.
    pub out: Vec<Vec<usize>>,
    /// `inc[v]`: the actors with an arc to `v`, ascending.
    pub inc: Vec<Vec<usize>>,
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
    /// When an arc names a node `>= n`.
    #[track_caller]
    pub fn from_arcs(n: usize, arcs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut out = vec![Vec::new(); n];
        let mut inc = vec![Vec::new(); n];
        for (u, v) in arcs {
            assert!(u < n && v < n, "arc ({u}, {v}) outside {n} nodes");
            if u != v {
                out[u].push(v);
                inc[v].push(u);
            }
        }
        for l in out.iter_mut().chain(inc.iter_mut()) {
            l.sort_unstable();
            l.dedup();
        }
        Adjacency { out, inc }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// Number of (distinct) arcs.
    pub fn arc_count(&self) -> usize {
        self.out.iter().map(Vec::len).sum()
    }
}

/// In- and out-degree of every node (distinct neighbours), as networkx's
/// `in_degree` and `out_degree` of a `DiGraph`.
///
/// Complexity: O(V).
pub fn degrees(adj: &Adjacency) -> (Vec<usize>, Vec<usize>) {
    (
        adj.inc.iter().map(Vec::len).collect(),
        adj.out.iter().map(Vec::len).collect(),
    )
}

/// Betweenness centrality of every node: the share of shortest paths between
/// other pairs that pass through it.
///
/// Brandes' algorithm (U. Brandes, "A faster algorithm for betweenness
/// centrality", J. Math. Sociol. 25(2), 2001): one breadth-first search per
/// source, then dependencies accumulated in reverse BFS order. Normalised as
/// networkx's `betweenness_centrality(G, normalized=True)` does for a directed
/// graph: divided by (n − 1)(n − 2) when n > 2, left as is otherwise; endpoints
/// are not counted.
///
/// Sources run in parallel with rayon in blocks of [`BLOCK`]; see the module
/// docs for why the result does not depend on the thread count.
///
/// Complexity: O(V·E) time, O(V) memory per block (at most 32 blocks at once).
pub fn betweenness(adj: &Adjacency) -> Vec<f64> {
    let n = adj.len();
    let blocks = n.div_ceil(BLOCK);
    let mut bc = vec![0.0; n];
    // Waves of WAVE blocks bound the memory held by partials; the partials
    // are still added in block order, so waves change nothing in the result.
    for wave in (0..blocks).step_by(WAVE) {
        let partials: Vec<Vec<f64>> = (wave..(wave + WAVE).min(blocks))
            .into_par_iter()
            .map(|b| {
                let mut part = vec![0.0; n];
                let mut work = Brandes::new(n);
                for s in b * BLOCK..((b + 1) * BLOCK).min(n) {
                    work.accumulate(adj, s, &mut part);
                }
                part
            })
            .collect();
        for part in &partials {
            for (t, p) in bc.iter_mut().zip(part) {
                *t += p;
            }
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        for b in &mut bc {
            *b *= scale;
        }
    }
    bc
}

/// Scratch space for one Brandes source, reused across the sources of a block.
struct Brandes {
    order: Vec<usize>,
    dist: Vec<u32>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    queue: VecDeque<usize>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Brandes {
            order: Vec::with_capacity(n),
            dist: vec![u32::MAX; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            queue: VecDeque::with_capacity(n),
        }
    }

    /// Adds the dependencies of source `s` to `bc`.
    fn accumulate(&mut self, adj: &Adjacency, s: usize, bc: &mut [f64]) {
        for &v in &self.order {
            self.dist[v] = u32::MAX;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
        }
        self.order.clear();
        self.dist[s] = 0;
        self.sigma[s] = 1.0;
        self.queue.push_back(s);
        while let Some(v) = self.queue.pop_front() {
            self.order.push(v);
            let d = self.dist[v] + 1;
            for &w in &adj.out[v] {
                if self.dist[w] == u32::MAX {
                    self.dist[w] = d;
                    self.queue.push_back(w);
                }
                if self.dist[w] == d {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
        // Predecessors of w are its in-neighbours one hop nearer to s.
        for &w in self.order.iter().rev() {
            let coeff = (1.0 + self.delta[w]) / self.sigma[w];
            let dw = self.dist[w];
            for &v in &adj.inc[w] {
                if self.dist[v] != u32::MAX && self.dist[v] + 1 == dw {
                    self.delta[v] += self.sigma[v] * coeff;
                }
            }
            if w != s {
                bc[w] += self.delta[w];
            }
        }
    }
}

/// Closeness centrality of every node, networkx's convention for a directed
/// graph: it uses the distances *to* the node (from every node that can reach
/// it), with Wasserman and Faust's scaling for graphs that are not strongly
/// connected (`wf_improved=True`):
///
/// `C(u) = (r − 1) / (n − 1) · (r − 1) / Σ d(v, u)`,
///
/// where r counts the nodes that can reach u (u included). Zero for a node no
/// other node reaches. (S. Wasserman and K. Faust, *Social Network Analysis*,
/// 1994; networkx `closeness_centrality`.)
///
/// Complexity: O(V·(V + E)) time, parallel over nodes; results in node order.
pub fn closeness(adj: &Adjacency) -> Vec<f64> {
    let n = adj.len();
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![u32::MAX; n], VecDeque::new(), Vec::new()),
            |(dist, queue, seen), u| {
                for &v in seen.iter() {
                    dist[v] = u32::MAX;
                }
                seen.clear();
                dist[u] = 0;
                seen.push(u);
                queue.push_back(u);
                let mut total: u64 = 0;
                while let Some(v) = queue.pop_front() {
                    let d = dist[v] + 1;
                    for &w in &adj.inc[v] {
                        if dist[w] == u32::MAX {
                            dist[w] = d;
                            total += u64::from(d);
                            seen.push(w);
                            queue.push_back(w);
                        }
                    }
                }
                let reached = (seen.len() - 1) as f64;
                if total > 0 && n > 1 {
                    reached / total as f64 * (reached / (n - 1) as f64)
                } else {
                    0.0
                }
            },
        )
        .collect()
}

/// Damping factor of [`pagerank`] (networkx's default).
pub const PAGERANK_ALPHA: f64 = 0.85;

/// PageRank of every node with damping `alpha`, networkx's conventions:
/// uniform start and teleport vectors, each node's rank split evenly over its
/// out-arcs, and the rank of dangling nodes (no out-arc) spread uniformly over
/// all nodes. The scores sum to 1.
///
/// Power iteration until the L1 change is below n·1e-15 (networkx stops at
/// n·1e-6 by default, so its own figures differ from these by up to about
/// 1e-6), at most 10 000 rounds. (L. Page, S. Brin, R. Motwani, T. Winograd,
/// "The PageRank citation ranking", 1999; networkx `pagerank`.)
///
/// Complexity: O(k·(V + E)) for k rounds; k ≈ log(1e-15) / log(alpha) ≈ 210.
///
/// # Panics
/// When `alpha` is not in [0, 1].
#[track_caller]
pub fn pagerank(adj: &Adjacency, alpha: f64) -> Vec<f64> {
    assert!((0.0..=1.0).contains(&alpha), "alpha must be in [0, 1]");
    let n = adj.len();
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..10_000 {
        let dangling: f64 = (0..n)
            .filter(|&u| adj.out[u].is_empty())
            .map(|u| x[u])
            .sum();
        let base = alpha * dangling / nf + (1.0 - alpha) / nf;
        next.fill(0.0);
        for (u, outs) in adj.out.iter().enumerate() {
            if !outs.is_empty() {
                let share = x[u] / outs.len() as f64;
                for &v in outs {
                    next[v] += share;
                }
            }
        }
        let mut err = 0.0;
        for v in 0..n {
            let val = alpha * next[v] + base;
            err += (val - x[v]).abs();
            next[v] = val;
        }
        std::mem::swap(&mut x, &mut next);
        if err < nf * 1e-15 {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(n: usize) -> Adjacency {
        Adjacency::from_arcs(n, (1..n).map(|i| (i - 1, i)))
    }

    #[test]
    fn betweenness_of_a_directed_path_counts_pairs_through_each_node() {
        // 0 -> 1 -> 2 -> 3: node 1 lies on (0,2), (0,3); node 2 on (0,3), (1,3).
        let bc = betweenness(&path(4));
        assert_eq!(bc, vec![0.0, 2.0 / 6.0, 2.0 / 6.0, 0.0]);
    }

    #[test]
    fn betweenness_is_the_same_for_any_thread_count() {
        let n = 300;
        let adj = Adjacency::from_arcs(
            n,
            (0..n).flat_map(|i| [(i, (i * 7 + 3) % n), ((i * 13 + 5) % n, i)]),
        );
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| betweenness(&adj))
        };
        let one = run(1);
        assert_eq!(one, run(3));
        assert_eq!(one, run(8));
    }

    #[test]
    fn closeness_uses_distances_to_the_node() {
        // 0 -> 1 -> 2: node 2 is reached by 1 (1 hop) and 0 (2 hops).
        let c = closeness(&path(3));
        assert_eq!(c[0], 0.0);
        assert!((c[1] - 1.0 * 0.5).abs() < 1e-15);
        assert!((c[2] - 2.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn pagerank_of_a_cycle_is_uniform_and_sums_to_one() {
        let adj = Adjacency::from_arcs(4, (0..4).map(|i| (i, (i + 1) % 4)));
        let pr = pagerank(&adj, PAGERANK_ALPHA);
        for p in &pr {
            assert!((p - 0.25).abs() < 1e-15);
        }
        let dangling = pagerank(&path(3), PAGERANK_ALPHA);
        assert!((dangling.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(dangling[2] > dangling[1] && dangling[1] > dangling[0]);
    }

    #[test]
    fn parallel_arcs_are_merged() {
        let adj = Adjacency::from_arcs(2, [(0, 1), (0, 1), (1, 0)]);
        assert_eq!(adj.arc_count(), 2);
        assert_eq!(degrees(&adj), (vec![1, 1], vec![1, 1]));
    }
}
