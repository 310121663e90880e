//! Exact betweenness of a symmetric graph (every arc has its reverse, as in
//! a hierarchy of two-way channels) by splitting it at its articulation
//! points, after Puzis et al., "Fast algorithms for betweenness centrality
//! using biconnected components" (degree-1 actors are bridge components and
//! fold away with them).
//!
//! Every shortest path between two nodes of a biconnected component (a
//! block) stays in the block, and a node s outside a block B reaches it
//! through one entry node a of B only. So, with w(a) the number of nodes
//! whose entry into B is a (a itself included: 1 for a node in no other
//! block), the ordered pairs (s, t) whose shortest paths cross B from a to b
//! give node v of B, v ≠ a, b, the share σ_ab(v) / σ_ab, and
//!
//! `BC(v) = Σ_{B ∋ v} Σ_{a ≠ b ∈ B \\ {v}} w(a) w(b) σ_ab(v) / σ_ab
//!          + (n_c − 1)² − Σ_i c_i²`,
//!
//! the last term counting the ordered pairs that v separates: c_i are the
//! sizes of the pieces of v's connected component (n_c nodes) without v
//! (zero for a node that is no articulation point). Each block runs weighted
//! Brandes (sources and targets weighted by w); blocks of two nodes (bridges,
//! degree-1 actors) have no inner node and cost nothing.
//!
//! This is exact for directed betweenness as networkx defines it only when
//! the graph is symmetric: in a directed graph, the number of nodes entering
//! a block at a would have to count only those that *reach* a, which is no
//! longer a property of the block-cut tree. [`super::centrality::betweenness`]
//! uses it only then.

use super::centrality::{ProgressFn, Sweep};
use crate::graph::Adjacency;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

const NONE: u32 = u32::MAX;

/// A biconnected component of three or more nodes.
struct Block {
    /// Its nodes, the head (the node the depth-first search entered it from) first.
    nodes: Vec<u32>,
    /// Nodes in the depth-first subtree below the head inside this block's
    /// branch: the head's weight is the component's size minus this.
    below: u64,
    /// The depth-first root of its connected component.
    root: u32,
}

/// What one depth-first pass over the graph finds.
struct Decomposition {
    blocks: Vec<Block>,
    /// Per node: 1 + the nodes hanging below it in blocks it heads.
    weight: Vec<u64>,
    /// Per node: the ordered pairs it separates, (n_c − 1)² − Σ c_i².
    separated: Vec<f64>,
    /// Per node: the size of its connected component (valid at roots).
    size: Vec<u64>,
}

/// Exact betweenness of a symmetric graph, normalised as
/// [`super::centrality::betweenness`]; equal to plain Brandes up to rounding.
///
/// Complexity: O(V + E) for the decomposition plus O(Σ V_b·E_b) over the
/// blocks b of three or more nodes.
///
/// # Panics
/// When `adj` is not symmetric (debug builds).
pub fn betweenness(adj: &Adjacency, progress: ProgressFn) -> Vec<f64> {
    debug_assert!(adj.is_symmetric());
    let n = adj.len();
    let d = decompose(adj);
    let total: u64 = d.blocks.iter().map(|b| b.nodes.len() as u64).sum();
    let done = AtomicU64::new(0);
    let parts: Vec<Vec<f64>> = d
        .blocks
        .par_iter()
        .map(|b| {
            let part = solve(adj, b, &d);
            let k = b.nodes.len() as u64;
            progress(done.fetch_add(k, Ordering::Relaxed) + k, total);
            part
        })
        .collect();
    let mut bc = d.separated;
    for (b, part) in d.blocks.iter().zip(&parts) {
        for (&v, p) in b.nodes.iter().zip(part) {
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

/// Weighted Brandes inside one block; the unnormalised sums of its nodes.
fn solve(adj: &Adjacency, b: &Block, d: &Decomposition) -> Vec<f64> {
    let k = b.nodes.len();
    // Block membership by binary search on a sorted copy: blocks are small
    // in hierarchies, and a large one pays O(log k) per arc.
    let mut sorted: Vec<(u32, u32)> = b
        .nodes
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, i as u32))
        .collect();
    sorted.sort_unstable();
    let find = |v: u32| {
        sorted
            .binary_search_by_key(&v, |p| p.0)
            .ok()
            .map(|i| sorted[i].1 as usize)
    };
    let head = b.nodes[0];
    let mut arcs = Vec::new();
    for (i, &x) in b.nodes.iter().enumerate().skip(1) {
        for &y in adj.out(x as usize) {
            if let Some(j) = find(y) {
                arcs.push((i, j));
                if y == head {
                    arcs.push((j, i));
                }
            }
        }
    }
    let inner = Adjacency::from_arcs(k, arcs);
    let mut weight: Vec<f64> = b
        .nodes
        .iter()
        .map(|&v| d.weight[v as usize] as f64)
        .collect();
    weight[0] = (d.size[b.root as usize] - b.below) as f64;
    let sources: Vec<usize> = (0..k).collect();
    Sweep::run(&inner, &sources, Some(&weight), None, &|_, _| {}).dependency
}

/// One iterative depth-first pass (Hopcroft–Tarjan low points): blocks,
/// weights and separated pairs.
fn decompose(adj: &Adjacency) -> Decomposition {
    let n = adj.len();
    let mut disc = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut size = vec![1u64; n];
    let mut hang = vec![0u64; n];
    let mut hang_sq = vec![0u128; n];
    let mut blocks = Vec::new();
    let mut vstack: Vec<u32> = Vec::new();
    // Frames: (node, parent, next neighbour position).
    let mut frames: Vec<(u32, u32, usize)> = Vec::new();
    let mut seen: Vec<u32> = Vec::with_capacity(n);
    let mut separated = vec![0.0; n];
    let mut clock = 0u32;
    for root in 0..n as u32 {
        if disc[root as usize] != NONE {
            continue;
        }
        let first = seen.len();
        disc[root as usize] = clock;
        low[root as usize] = clock;
        clock += 1;
        seen.push(root);
        vstack.push(root);
        frames.push((root, NONE, 0));
        while let Some(top) = frames.last_mut() {
            let (u, parent, pos) = *top;
            let outs = adj.out(u as usize);
            if pos < outs.len() {
                top.2 += 1;
                let v = outs[pos];
                let (ui, vi) = (u as usize, v as usize);
                if disc[vi] == NONE {
                    disc[vi] = clock;
                    low[vi] = clock;
                    clock += 1;
                    seen.push(v);
                    vstack.push(v);
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
            size[p] += size[c];
            if low[c] >= disc[p] {
                // c's subtree hangs off p: a block headed by p.
                hang[p] += size[c];
                hang_sq[p] += u128::from(size[c]) * u128::from(size[c]);
                let mut nodes = vec![parent];
                while let Some(x) = vstack.pop() {
                    nodes.push(x);
                    if x == u {
                        break;
                    }
                }
                if nodes.len() > 2 {
                    blocks.push(Block {
                        nodes,
                        below: size[c],
                        root,
                    });
                }
            }
        }
        vstack.clear();
        let nc = size[root as usize];
        for &v in &seen[first..] {
            let v = v as usize;
            let rest = u128::from(nc - 1 - hang[v]);
            let all = u128::from(nc - 1);
            separated[v] = (all * all - hang_sq[v] - rest * rest) as f64;
        }
    }
    let weight = (0..n).map(|v| 1 + hang[v]).collect();
    Decomposition {
        blocks,
        weight,
        separated,
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::centrality::{betweenness_brandes, no_progress};

    fn symmetric(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        Adjacency::from_arcs(n, edges.iter().flat_map(|&(a, b)| [(a, b), (b, a)]))
    }

    fn agrees(adj: &Adjacency) {
        let fast = betweenness(adj, &no_progress);
        let plain = betweenness_brandes(adj, &no_progress);
        for (v, (a, b)) in fast.iter().zip(&plain).enumerate() {
            assert!((a - b).abs() < 1e-9, "node {v}: {a} vs {b}");
        }
    }

    #[test]
    fn trees_cycles_and_bowties_match_brandes() {
        // A path, a star, two triangles sharing a node, a square with a tail,
        // two components and an isolated node.
        agrees(&symmetric(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]));
        agrees(&symmetric(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]));
        agrees(&symmetric(
            5,
            &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2)],
        ));
        agrees(&symmetric(
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
    fn a_path_counts_the_pairs_each_node_separates() {
        // 0 - 1 - 2: node 1 separates (0, 2) and (2, 0): 2 / ((n-1)(n-2)) = 1.
        let bc = betweenness(&symmetric(3, &[(0, 1), (1, 2)]), &no_progress);
        assert_eq!(bc, vec![0.0, 1.0, 0.0]);
    }
}
