//! Exact betweenness by splitting the graph at the articulation points of
//! its undirected projection, after Puzis et al., "Fast algorithms for
//! betweenness centrality using biconnected components", extended to
//! directed graphs. Degree-1 actors are two-node blocks (bridges) and fold
//! away with them.
//!
//! Let B be a biconnected component (a block) of the undirected projection.
//! A simple directed path between two nodes of B never leaves B (it would
//! have to come back through the same cut vertex), so shortest paths between
//! them, and whether one reaches the other, are properties of B alone. A
//! node x outside B lies in the part H(a, B) hanging off exactly one node a
//! of B (its entry), and every path between x and B passes through a. So,
//! with
//!
//! - src(a, B) = 1 + the nodes of H(a, B) that reach a,
//! - tgt(b, B) = 1 + the nodes of H(b, B) that b reaches,
//!
//! the ordered pairs (s, t) whose shortest paths cross B from a to b number
//! src(a, B) · tgt(b, B) (when a reaches b), and give each node v of B other
//! than a and b the share σ_ab(v) / σ_ab. The pairs with s and t in different
//! pieces of G − v pass through v on every path; with in_i and out_i the
//! nodes of piece i that reach v and that v reaches,
//!
//! `BC(v) = Σ_{B ∋ v} Σ_{a ≠ b ∈ B \\ {v}} src(a, B) tgt(b, B) σ_ab(v) / σ_ab
//!          + (Σ_i in_i)(Σ_i out_i) − Σ_i in_i out_i`.
//!
//! The counts come from two passes over the block-cut tree (children first
//! for the parts below a block's head, then parents first for the part
//! above it), each using reachability inside one block; each block of three
//! or more nodes then runs Brandes weighted by src and tgt. For a graph whose
//! every arc has its reverse, src = tgt = the size of the hanging part.
//!
//! Cost: O(V + E) for the decomposition, O(c_B · E_B) reachability per block
//! with c_B cut vertices, and O(V_B · E_B) Brandes per block: on tree-like
//! organisations, where most blocks are a manager and a report, a small
//! fraction of plain Brandes' O(V · E).

use super::centrality::{ProgressFn, Sweep};
use crate::graph::Adjacency;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

const NONE: u32 = u32::MAX;

/// A block: its nodes (its head, where the depth-first search entered it,
/// first) and its arcs in local indices.
struct Block {
    nodes: Vec<u32>,
    adj: Adjacency,
}

/// Exact betweenness, normalised as [`super::centrality::betweenness`];
/// equal to plain Brandes up to rounding.
///
/// Complexity: see the module docs.
pub fn betweenness(adj: &Adjacency, progress: ProgressFn) -> Vec<f64> {
    let n = adj.len();
    let (blocks, home) = decompose(adj);
    let counts = Counts::of(&blocks, &home, n);
    let weights: Vec<(Vec<f64>, Vec<f64>)> = (0..blocks.len())
        .map(|b| counts.weights(&blocks[b], b, &home))
        .collect();
    let big: Vec<usize> = (0..blocks.len())
        .filter(|&b| blocks[b].nodes.len() > 2)
        .collect();
    let total: u64 = big.iter().map(|&b| blocks[b].nodes.len() as u64).sum();
    let done = AtomicU64::new(0);
    let parts: Vec<Vec<f64>> = big
        .par_iter()
        .map(|&b| {
            let block = &blocks[b];
            let k = block.nodes.len();
            let sources: Vec<usize> = (0..k).collect();
            let (src, tgt) = &weights[b];
            let part = Sweep::run(&block.adj, &sources, Some((src, tgt)), None, &|_, _| {});
            progress(
                done.fetch_add(k as u64, Ordering::Relaxed) + k as u64,
                total,
            );
            part.dependency
        })
        .collect();
    let mut bc = counts.separated();
    for (&b, part) in big.iter().zip(&parts) {
        for (&v, p) in blocks[b].nodes.iter().zip(part) {
            bc[v as usize] += p;
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        for x in &mut bc {
            *x *= scale;
        }
    }
    bc
}

/// Per-node counts of the parts hanging off it (see the module docs).
struct Counts {
    /// Σ over the blocks v heads of the nodes of their side that reach v.
    below_in: Vec<u64>,
    /// Σ over the blocks v heads of the nodes of their side v reaches.
    below_out: Vec<u64>,
    /// Σ over the blocks v heads of in · out of their side.
    below_prod: Vec<u128>,
    /// Per block: (nodes of its side reaching its head, reached from it).
    side: Vec<(u64, u64)>,
    /// The nodes on v's side of its home block (the one it is not head of)
    /// that reach v, and that v reaches.
    above_in: Vec<u64>,
    above_out: Vec<u64>,
}

impl Counts {
    /// Both passes over the block-cut tree. `blocks` come children first
    /// (depth-first finishing order); `home[v]` is the block v is a
    /// non-head node of (`NONE` for depth-first roots).
    fn of(blocks: &[Block], home: &[u32], n: usize) -> Counts {
        let mut c = Counts {
            below_in: vec![0; n],
            below_out: vec![0; n],
            below_prod: vec![0; n],
            side: vec![(0, 0); blocks.len()],
            above_in: vec![0; n],
            above_out: vec![0; n],
        };
        let mut heads = vec![false; n];
        for block in blocks {
            heads[block.nodes[0] as usize] = true;
        }
        let mut scratch = Reach::new();
        for (b, block) in blocks.iter().enumerate() {
            let to = scratch.within(&block.adj, 0, false).to_vec();
            let from = scratch.within(&block.adj, 0, true);
            let (mut i, mut o) = (0u64, 0u64);
            for (l, &v) in block.nodes.iter().enumerate().skip(1) {
                let v = v as usize;
                if to[l] {
                    i += 1 + c.below_in[v];
                }
                if from[l] {
                    o += 1 + c.below_out[v];
                }
            }
            c.side[b] = (i, o);
            let head = block.nodes[0] as usize;
            c.below_in[head] += i;
            c.below_out[head] += o;
            c.below_prod[head] += u128::from(i) * u128::from(o);
        }
        for (b, block) in blocks.iter().enumerate().rev() {
            let (src, tgt) = c.weights(block, b, home);
            for (l, &u) in block.nodes.iter().enumerate().skip(1) {
                let u = u as usize;
                if !heads[u] {
                    // Not a cut vertex: its own block's weights and the pairs
                    // it separates (none) need nothing from above.
                    continue;
                }
                let to = scratch.within(&block.adj, l, false).to_vec();
                let from = scratch.within(&block.adj, l, true);
                let sum = |mask: &[bool], w: &[f64]| -> u64 {
                    (0..mask.len())
                        .filter(|&x| x != l && mask[x])
                        .map(|x| w[x] as u64)
                        .sum()
                };
                c.above_in[u] = sum(&to, &src);
                c.above_out[u] = sum(from, &tgt);
            }
        }
        c
    }

    /// src and tgt of every node of block `b` (local order).
    fn weights(&self, block: &Block, b: usize, home: &[u32]) -> (Vec<f64>, Vec<f64>) {
        let head = block.nodes[0] as usize;
        let (side_in, side_out) = self.side[b];
        let mut src = Vec::with_capacity(block.nodes.len());
        let mut tgt = Vec::with_capacity(block.nodes.len());
        for &v in &block.nodes {
            let v = v as usize;
            if v == head {
                let (up_in, up_out) = if home[v] == NONE {
                    (0, 0)
                } else {
                    (self.above_in[v], self.above_out[v])
                };
                src.push((1 + up_in + self.below_in[v] - side_in) as f64);
                tgt.push((1 + up_out + self.below_out[v] - side_out) as f64);
            } else {
                src.push((1 + self.below_in[v]) as f64);
                tgt.push((1 + self.below_out[v]) as f64);
            }
        }
        (src, tgt)
    }

    /// The ordered pairs each node separates: (Σ in)(Σ out) − Σ in · out
    /// over the pieces of the graph without it.
    fn separated(&self) -> Vec<f64> {
        (0..self.below_in.len())
            .map(|v| {
                let (ai, ao) = (u128::from(self.above_in[v]), u128::from(self.above_out[v]));
                let (bi, bo) = (u128::from(self.below_in[v]), u128::from(self.below_out[v]));
                ((ai + bi) * (ao + bo) - ai * ao - self.below_prod[v]) as f64
            })
            .collect()
    }
}

/// Scratch for reachability inside one block.
struct Reach {
    seen: Vec<bool>,
    queue: Vec<usize>,
}

impl Reach {
    fn new() -> Self {
        Reach {
            seen: Vec::new(),
            queue: Vec::new(),
        }
    }

    /// The local nodes reachable from `start` (`forward`) or reaching it.
    fn within(&mut self, adj: &Adjacency, start: usize, forward: bool) -> &[bool] {
        self.seen.clear();
        self.seen.resize(adj.len(), false);
        self.queue.clear();
        self.seen[start] = true;
        self.queue.push(start);
        while let Some(v) = self.queue.pop() {
            let next = if forward { adj.out(v) } else { adj.inc(v) };
            for &w in next {
                let w = w as usize;
                if !self.seen[w] {
                    self.seen[w] = true;
                    self.queue.push(w);
                }
            }
        }
        &self.seen
    }
}

/// The blocks of the undirected projection in depth-first finishing order
/// (a block after every block below it), each with its directed arcs, and
/// every node's home block (`NONE` for depth-first roots).
fn decompose(adj: &Adjacency) -> (Vec<Block>, Vec<u32>) {
    let n = adj.len();
    let und = Adjacency::from_arcs(n, adj.arcs().flat_map(|(u, v)| [(u, v), (v, u)]));
    let mut home = vec![NONE; n];
    // A node's index in its home block (each node is a non-head of one block).
    let mut local = vec![0u32; n];
    let mut blocks = Vec::new();
    for nodes in block_nodes(&und) {
        let b = blocks.len() as u32;
        for (i, &v) in nodes.iter().enumerate().skip(1) {
            home[v as usize] = b;
            local[v as usize] = i as u32;
        }
        blocks.push(nodes);
    }
    let blocks = blocks
        .into_iter()
        .enumerate()
        .map(|(b, nodes)| {
            let adj = block_arcs(adj, &nodes, b as u32, &home, &local);
            Block { nodes, adj }
        })
        .collect();
    (blocks, home)
}

/// The directed arcs among a block's nodes, in local indices: scanned from
/// the non-head nodes only, so a head shared by many blocks costs nothing.
fn block_arcs(adj: &Adjacency, nodes: &[u32], b: u32, home: &[u32], local: &[u32]) -> Adjacency {
    let head = nodes[0];
    let index = |y: u32| -> Option<usize> {
        if y == head {
            Some(0)
        } else if home[y as usize] == b {
            Some(local[y as usize] as usize)
        } else {
            None
        }
    };
    let mut arcs = Vec::new();
    for (i, &x) in nodes.iter().enumerate().skip(1) {
        for &y in adj.out(x as usize) {
            if let Some(j) = index(y) {
                arcs.push((i, j));
            }
        }
        if adj.inc(x as usize).binary_search(&head).is_ok() {
            arcs.push((0, i));
        }
    }
    Adjacency::from_arcs(nodes.len(), arcs)
}

/// One iterative depth-first pass (Hopcroft–Tarjan low points) over a
/// symmetric graph: every block's nodes, head first, in finishing order.
fn block_nodes(und: &Adjacency) -> Vec<Vec<u32>> {
    let n = und.len();
    let mut disc = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut blocks = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    // Frames: (node, parent, next neighbour position).
    let mut frames: Vec<(u32, u32, usize)> = Vec::new();
    let mut clock = 0u32;
    for root in 0..n as u32 {
        if disc[root as usize] != NONE {
            continue;
        }
        disc[root as usize] = clock;
        low[root as usize] = clock;
        clock += 1;
        frames.push((root, NONE, 0));
        while let Some(top) = frames.last_mut() {
            let (u, parent, pos) = *top;
            let outs = und.out(u as usize);
            if pos < outs.len() {
                top.2 += 1;
                let v = outs[pos];
                let (ui, vi) = (u as usize, v as usize);
                if disc[vi] == NONE {
                    disc[vi] = clock;
                    low[vi] = clock;
                    clock += 1;
                    stack.push(v);
                    frames.push((v, u, 0));
                } else if v != parent {
                    low[ui] = low[ui].min(disc[vi]);
                }
                continue;
            }
            frames.pop();
            if parent == NONE {
                continue;
            }
            let (p, c) = (parent as usize, u as usize);
            low[p] = low[p].min(low[c]);
            if low[c] >= disc[p] {
                let mut nodes = vec![parent];
                while let Some(x) = stack.pop() {
                    nodes.push(x);
                    if x == u {
                        break;
                    }
                }
                blocks.push(nodes);
            }
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::centrality::{betweenness_brandes, no_progress};

    fn agrees(adj: &Adjacency) {
        let fast = betweenness(adj, &no_progress);
        let plain = betweenness_brandes(adj, &no_progress);
        for (v, (a, b)) in fast.iter().zip(&plain).enumerate() {
            assert!((a - b).abs() < 1e-9, "node {v}: {a} vs {b}");
        }
    }

    fn both_ways(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        Adjacency::from_arcs(n, edges.iter().flat_map(|&(a, b)| [(a, b), (b, a)]))
    }

    #[test]
    fn trees_cycles_and_bowties_match_brandes() {
        // A path, a star, two triangles sharing a node, a square with a tail,
        // two components and an isolated node.
        agrees(&both_ways(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]));
        agrees(&both_ways(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]));
        agrees(&both_ways(
            5,
            &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2)],
        ));
        agrees(&both_ways(
            9,
            &[
                (0, 1),
                (1, 2),
                (2, 3),
                (3, 0),
                (3, 4),
                (4, 5),
                (6, 7),
                (7, 8),
            ],
        ));
    }

    #[test]
    fn one_way_channels_count_only_the_pairs_that_reach() {
        // A directed path with a one-way shortcut and a two-way tail.
        agrees(&Adjacency::from_arcs(3, [(0, 1), (1, 2)]));
        agrees(&Adjacency::from_arcs(
            6,
            [
                (0, 1),
                (1, 2),
                (2, 0),
                (2, 3),
                (3, 4),
                (4, 3),
                (4, 5),
                (5, 2),
            ],
        ));
        agrees(&Adjacency::from_arcs(
            5,
            [(1, 0), (2, 0), (0, 3), (3, 4), (4, 3)],
        ));
    }

    #[test]
    fn a_path_counts_the_pairs_each_node_separates() {
        // 0 - 1 - 2: node 1 separates (0, 2) and (2, 0): 2 / ((n-1)(n-2)) = 1.
        let bc = betweenness(&both_ways(3, &[(0, 1), (1, 2)]), &no_progress);
        assert_eq!(bc, vec![0.0, 1.0, 0.0]);
    }
}
