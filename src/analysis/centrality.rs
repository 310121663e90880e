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

use crate::graph::Adjacency;
use rayon::prelude::*;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

/// Sources per parallel block in [`betweenness`]. Fixed, so that float sums
/// are grouped the same way on every machine.
pub const BLOCK: usize = 64;

/// Progress of a long computation: `(done, total)` in units of the caller's
/// choosing (here: sources), called from worker threads.
pub type ProgressFn<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// A progress report that goes nowhere.
pub fn no_progress(_: u64, _: u64) {}

/// In- and out-degree of every node (distinct neighbours), as networkx's
/// `in_degree` and `out_degree` of a `DiGraph`.
///
/// Complexity: O(V).
pub fn degrees(adj: &Adjacency) -> (Vec<usize>, Vec<usize>) {
    (
        (0..adj.len()).map(|v| adj.inc(v).len()).collect(),
        (0..adj.len()).map(|u| adj.out(u).len()).collect(),
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
/// When every arc has its reverse ([`Adjacency::is_symmetric`], as in a
/// hierarchy of two-way channels) the graph is split at its articulation
/// points and each biconnected component is solved on its own (see
/// `analysis::biconnected`): the same values, far faster on tree-like
/// organisations. Otherwise every node is a source ([`betweenness_brandes`]).
///
/// Sources run in parallel with rayon in blocks of [`BLOCK`]; see the module
/// docs for why the result does not depend on the thread count.
///
/// Complexity: O(V·E) time in general; O(Σ V_b·E_b) over the biconnected
/// components b of a symmetric graph. O(V) memory per block.
pub fn betweenness(adj: &Adjacency, progress: ProgressFn) -> Vec<f64> {
    super::biconnected::betweenness(adj, progress)
}

/// Exact betweenness by plain Brandes from every node (no decomposition);
/// normalised as [`betweenness`].
///
/// Complexity: O(V·E) time.
pub fn betweenness_brandes(adj: &Adjacency, progress: ProgressFn) -> Vec<f64> {
    let n = adj.len();
    let sources: Vec<usize> = (0..n).collect();
    let mut bc = Sweep::run(adj, &sources, None, None, progress).dependency;
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        for b in &mut bc {
            *b *= scale;
        }
    }
    bc
}

/// Betweenness and closeness of every node, in node order: estimated from
/// a sample of pivot sources by [`estimate`], or exact where the analysis
/// computes them exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Centralities {
    /// Betweenness; estimated, it equals networkx's
    /// `betweenness_centrality(G, k, normalized=True, seed)` given the same pivots.
    pub betweenness: Vec<f64>,
    /// Closeness; estimated, Eppstein–Wang (see [`estimate`]).
    pub closeness: Vec<f64>,
}

/// Betweenness and closeness of every node estimated from the breadth-first
/// searches of the `pivots` alone (distinct nodes, at least two).
///
/// Betweenness: Brandes' dependencies summed over the pivots only, scaled as
/// networkx (3.5 and later) scales `betweenness_centrality(G, k=K)` for a
/// directed graph without endpoints: by 1 / ((K − 1)(n − 2)) for a node that
/// is itself a pivot (it is never its own source) and 1 / (K (n − 2)) for the
/// others. With the pivots networkx draws ([`super::pivots`]), the values
/// equal networkx's.
///
/// Closeness (networkx has no sampled form): the pivots' distances *to* a
/// node stand for everyone's, as in D. Eppstein and J. Wang, "Fast
/// approximation of centrality", J. Graph Algorithms Appl. 8(1), 2004. For a
/// node v, of the K' pivots other than v, m reach it with total distance D;
/// the share of nodes reaching v is estimated by m / K' and their mean
/// distance by D / m, so Wasserman–Faust closeness by m² / (K' · D) (zero
/// when m = 0). With every node a pivot this is exact closeness; with K
/// pivots the mean distance is within ε·diameter of the truth with high
/// probability for K = O(log n / ε²).
///
/// The searches run on the graph with its leaves folded into the nodes they
/// hang off (see `analysis::leaves`): pivots that are leaves of one node
/// share its search, and leaves are never searched through. The figures
/// equal [`estimate_plain`]'s up to rounding.
///
/// Complexity: O(S·E_core) time for the S distinct core nodes the pivots
/// are or hang off, E_core the arcs among non-leaves; deterministic for any
/// thread count.
///
/// # Panics
/// When there are fewer than two pivots, a pivot repeats or is not a node.
#[track_caller]
pub fn estimate(adj: &Adjacency, pivots: &[usize], progress: ProgressFn) -> Centralities {
    let pivot = pivot_flags(adj.len(), pivots);
    let sums = super::leaves::Folded::of(adj).sweep(pivots, progress);
    scaled(sums.dependency, &sums.reach, &pivot, pivots.len())
}

/// [`estimate`] by a plain Brandes search from every pivot (no folding):
/// the reference the folded sweep is tested against.
///
/// Complexity: O(K·E) time, deterministic for any thread count.
///
/// # Panics
/// As [`estimate`].
#[track_caller]
pub fn estimate_plain(adj: &Adjacency, pivots: &[usize], progress: ProgressFn) -> Centralities {
    let pivot = pivot_flags(adj.len(), pivots);
    let mut reach = vec![(0u32, 0u64); adj.len()];
    let sweep = Sweep::run(adj, pivots, None, Some(&mut reach), progress);
    scaled(sweep.dependency, &reach, &pivot, pivots.len())
}

/// Which of `n` nodes are pivots.
#[track_caller]
fn pivot_flags(n: usize, pivots: &[usize]) -> Vec<bool> {
    assert!(pivots.len() >= 2, "at least two pivots are needed");
    let mut pivot = vec![false; n];
    for &p in pivots {
        assert!(p < n && !pivot[p], "pivot {p} repeats or is not a node");
        pivot[p] = true;
    }
    pivot
}

/// The estimates from the sums over `k` pivots: dependencies scaled as
/// networkx scales them, closeness from the pivots' distances.
fn scaled(
    mut betweenness: Vec<f64>,
    reach: &[(u32, u64)],
    pivot: &[bool],
    k: usize,
) -> Centralities {
    let n = betweenness.len();
    if n > 2 {
        let (src, other) = ((k - 1) * (n - 2), k * (n - 2));
        for (v, b) in betweenness.iter_mut().enumerate() {
            *b /= if pivot[v] { src } else { other } as f64;
        }
    }
    let closeness = reach
        .iter()
        .enumerate()
        .map(|(v, &(m, d))| {
            let others = (k - usize::from(pivot[v])) as f64;
            if m == 0 || d == 0 {
                0.0
            } else {
                let m = f64::from(m);
                m * m / (others * d as f64)
            }
        })
        .collect();
    Centralities {
        betweenness,
        closeness,
    }
}

/// The sums of one pass of Brandes searches over some sources.
pub(super) struct Sweep {
    /// Unnormalised dependency of every node.
    pub(super) dependency: Vec<f64>,
}

/// Per-node partial sums of one block of sources.
struct Partial {
    dependency: Vec<f64>,
    /// (sources reaching the node, their total distance), when asked for.
    reach: Vec<(u32, u64)>,
}

impl Sweep {
    /// Brandes from each of `sources`, in blocks of [`BLOCK`] added in block
    /// order; with `reach`, also counts for every node the sources that reach
    /// it and their total distance (integers: exact in any order).
    ///
    /// With `weight = (source, target)`, node u stands for `source[u]`
    /// sources and `target[u]` targets (see [`super::biconnected`]): each
    /// pair (s, t) counts source[s] · target[t] times. Without it, every
    /// weight is 1.
    pub(super) fn run(
        adj: &Adjacency,
        sources: &[usize],
        weight: Option<(&[f64], &[f64])>,
        mut reach: Option<&mut [(u32, u64)]>,
        progress: ProgressFn,
    ) -> Sweep {
        let n = adj.len();
        let blocks: Vec<&[usize]> = sources.chunks(BLOCK).collect();
        // Waves bound the partials held at once (about 4M floats); the
        // partials are still added in block order, so waves change nothing
        // in the result.
        let wave = (4 << 20) / n.max(1);
        let wave = wave.clamp(rayon::current_num_threads().max(1), 32);
        let with_reach = reach.is_some();
        let ones;
        let weight = match weight {
            Some(w) => w,
            None => {
                ones = vec![1.0; n];
                (&ones[..], &ones[..])
            }
        };
        let done = AtomicU64::new(0);
        let total = sources.len() as u64;
        let mut dependency = vec![0.0; n];
        for group in blocks.chunks(wave) {
            let partials: Vec<Partial> = group
                .par_iter()
                .map(|block| {
                    let mut part = Partial {
                        dependency: vec![0.0; n],
                        reach: if with_reach {
                            vec![(0, 0); n]
                        } else {
                            Vec::new()
                        },
                    };
                    let mut work = Brandes::new(n);
                    for &s in *block {
                        work.accumulate(adj, s, weight, &mut part);
                    }
                    let d = done.fetch_add(block.len() as u64, Ordering::Relaxed);
                    progress(d + block.len() as u64, total);
                    part
                })
                .collect();
            for part in &partials {
                for (t, p) in dependency.iter_mut().zip(&part.dependency) {
                    *t += p;
                }
                if let Some(reach) = reach.as_deref_mut() {
                    for (t, p) in reach.iter_mut().zip(&part.reach) {
                        t.0 += p.0;
                        t.1 += p.1;
                    }
                }
            }
        }
        Sweep { dependency }
    }
}

/// Scratch space for one Brandes source, reused across sources (also by
/// the leaf-folded pivot sweep in `leaves`).
pub(super) struct Brandes {
    /// Nodes reached by the last search, nearest first.
    pub(super) order: Vec<u32>,
    /// Distance from the source (`u32::MAX`: not reached).
    pub(super) dist: Vec<u32>,
    /// Shortest-path counts from the source.
    pub(super) sigma: Vec<f64>,
    /// Dependencies, filled by the caller's back-propagation.
    pub(super) delta: Vec<f64>,
}

impl Brandes {
    pub(super) fn new(n: usize) -> Self {
        Brandes {
            order: Vec::with_capacity(n),
            dist: vec![u32::MAX; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
        }
    }

    /// Breadth-first search of `adj` from `s`: `order` holds the nodes
    /// reached, nearest first; `dist` and `sigma` their distance and
    /// shortest-path count; `delta` is zeroed for them.
    pub(super) fn search(&mut self, adj: &Adjacency, s: usize) {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = u32::MAX;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
        }
        self.order.clear();
        self.dist[s] = 0;
        self.sigma[s] = 1.0;
        self.order.push(s as u32);
        // `order` is the BFS queue: nodes are appended as found.
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            let d = self.dist[v] + 1;
            let sv = self.sigma[v];
            for &w in adj.out(v) {
                let w = w as usize;
                if self.dist[w] == u32::MAX {
                    self.dist[w] = d;
                    self.order.push(w as u32);
                }
                if self.dist[w] == d {
                    self.sigma[w] += sv;
                }
            }
        }
    }

    /// Adds the dependencies of source `s` (and, when asked, its distances)
    /// to `part`.
    fn accumulate(
        &mut self,
        adj: &Adjacency,
        s: usize,
        (source, target): (&[f64], &[f64]),
        part: &mut Partial,
    ) {
        self.search(adj, s);
        if !part.reach.is_empty() {
            for &v in &self.order[1..] {
                let r = &mut part.reach[v as usize];
                r.0 += 1;
                r.1 += u64::from(self.dist[v as usize]);
            }
        }
        // Predecessors of w are its in-neighbours one hop nearer to s (the
        // source itself, first in `order`, has none).
        for &w in self.order[1..].iter().rev() {
            let w = w as usize;
            let coeff = (target[w] + self.delta[w]) / self.sigma[w];
            let dw = self.dist[w];
            for &v in adj.inc(w) {
                let v = v as usize;
                if self.dist[v].wrapping_add(1) == dw {
                    self.delta[v] += self.sigma[v] * coeff;
                }
            }
            part.dependency[w] += source[s] * self.delta[w];
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
pub fn closeness(adj: &Adjacency, progress: ProgressFn) -> Vec<f64> {
    let n = adj.len();
    let done = AtomicU64::new(0);
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
                    for &w in adj.inc(v) {
                        let w = w as usize;
                        if dist[w] == u32::MAX {
                            dist[w] = d;
                            total += u64::from(d);
                            seen.push(w);
                            queue.push_back(w);
                        }
                    }
                }
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d.is_multiple_of(256) {
                    progress(d, n as u64);
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
            .filter(|&u| adj.out(u).is_empty())
            .map(|u| x[u])
            .sum();
        let base = alpha * dangling / nf + (1.0 - alpha) / nf;
        next.fill(0.0);
        for (u, &xu) in x.iter().enumerate() {
            let outs = adj.out(u);
            if !outs.is_empty() {
                let share = xu / outs.len() as f64;
                for &v in outs {
                    next[v as usize] += share;
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
        let bc = betweenness(&path(4), &no_progress);
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
                .install(|| betweenness(&adj, &no_progress))
        };
        let one = run(1);
        assert_eq!(one, run(3));
        assert_eq!(one, run(8));
    }

    #[test]
    fn closeness_uses_distances_to_the_node() {
        // 0 -> 1 -> 2: node 2 is reached by 1 (1 hop) and 0 (2 hops).
        let c = closeness(&path(3), &no_progress);
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
