//! The pivot sweep behind [`super::centrality::estimate`], with the leaves
//! folded into the nodes they hang off (issue 13).
//!
//! Most actors of a large organisation are leaves: an employee whose only
//! neighbour is their enterprise. A *leaf* here is a node l whose arcs all
//! join it to one node c (`l -> c`, `c -> l` or both) that has some other
//! neighbour; the rest is the *core*. No shortest path passes through a
//! leaf, and paths between core nodes stay in the core, so one
//! breadth-first search of the core from c serves c and every pivot leaf of
//! c:
//!
//! - a leaf l with the arc `c -> l` is reached one hop after c, by as many
//!   shortest paths, and every path to it passes through c: c stands for
//!   tgt(c) = 1 + such leaves as a target (Brandes weighted by target);
//! - a leaf pivot l with the arc `l -> c` sees the graph as c does, one hop
//!   later: δ_l(v) = δ_c(v) for every v other than l and c, and
//!   δ_l(c) = (nodes c reaches, c included) − 1 − [c -> l]; so c's search
//!   counts sw(c) = [c is a pivot] + (such leaf pivots) times.
//!
//! With δ' the target-weighted core dependency of source c, a core node
//! v ≠ c gets sw(c) · (δ'(v) + tgt(v) − 1) (its own leaves are targets
//! whose every path passes through v). Leaves get nothing. The pivots'
//! distances (for the closeness estimate) fold the same way: a leaf is one
//! hop further than its core node from every pivot but itself.
//!
//! The figures equal the plain sweep's up to rounding (the sums are grouped
//! differently); sources run in fixed blocks of [`BLOCK`], added in block
//! order, so the result is the same for any thread count.

use super::centrality::{Brandes, ProgressFn};
use crate::graph::Adjacency;
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

/// Core sources per parallel block: small, so that a hundred pivots keep
/// both cores busy; fixed, so that float sums are grouped the same way on
/// every machine.
pub const BLOCK: usize = 8;

const NONE: u32 = u32::MAX;

/// A graph split into its core and the leaves hanging off it.
pub(super) struct Folded<'a> {
    /// The graph among core nodes, in core indices.
    core: Cow<'a, Adjacency>,
    /// Number of core nodes.
    core_len: usize,
    /// Where each node sits: its core index, or the leaf's core node.
    place: Vec<Place>,
    /// Per core index: 1 + its leaves with an arc from it.
    tgt: Vec<u32>,
}

/// Where a node sits in the fold.
#[derive(Clone, Copy)]
enum Place {
    Core(u32),
    Leaf(Leaf),
}

/// A leaf: its core node's index and which arcs join them.
#[derive(Clone, Copy)]
struct Leaf {
    core: u32,
    /// The arc leaf -> core.
    up: bool,
    /// The arc core -> leaf.
    down: bool,
}

/// Per-node sums of a sweep over pivots, in node order.
pub(super) struct Sums {
    /// Unnormalised dependency (Brandes) summed over the pivots.
    pub(super) dependency: Vec<f64>,
    /// Pivots other than the node that reach it, and their total distance.
    pub(super) reach: Vec<(u32, u64)>,
}

impl<'a> Folded<'a> {
    /// Splits `adj` into core and leaves. When there are no leaves the core
    /// is `adj` itself (no copy).
    ///
    /// Complexity: O(V + E), plus O(E_core log E_core) to build the core.
    pub(super) fn of(adj: &'a Adjacency) -> Self {
        let n = adj.len();
        let mut place = vec![Place::Core(NONE); n];
        let mut leaves = 0usize;
        for (l, p) in place.iter_mut().enumerate() {
            if let Some(c) = sole_neighbour(adj, l) {
                if has_two_neighbours(adj, c) {
                    let up = !adj.out(l).is_empty();
                    let down = !adj.inc(l).is_empty();
                    *p = Place::Leaf(Leaf {
                        core: c as u32,
                        up,
                        down,
                    });
                    leaves += 1;
                }
            }
        }
        let core_len = n - leaves;
        let mut next = 0u32;
        for p in place.iter_mut() {
            if let Place::Core(i) = p {
                *i = next;
                next += 1;
            }
        }
        let index: Vec<u32> = place
            .iter()
            .map(|p| match *p {
                Place::Core(i) => i,
                Place::Leaf(_) => NONE,
            })
            .collect();
        let mut tgt = vec![1u32; core_len];
        for p in place.iter_mut() {
            if let Place::Leaf(leaf) = p {
                leaf.core = index[leaf.core as usize];
                tgt[leaf.core as usize] += u32::from(leaf.down);
            }
        }
        let core = if leaves == 0 {
            Cow::Borrowed(adj)
        } else {
            let arcs = adj
                .arcs()
                .filter(|&(u, v)| index[u] != NONE && index[v] != NONE)
                .map(|(u, v)| (index[u] as usize, index[v] as usize));
            Cow::Owned(Adjacency::from_arcs(core_len, arcs))
        };
        Folded {
            core,
            core_len,
            place,
            tgt,
        }
    }

    /// Number of core nodes.
    pub(super) fn core_len(&self) -> usize {
        self.core_len
    }

    /// Brandes from each of `pivots` (distinct nodes), with their distances
    /// to every node.
    ///
    /// Complexity: O(S · E_core) for the S distinct core nodes the pivots
    /// are or hang off.
    pub(super) fn sweep(&self, pivots: &[usize], progress: ProgressFn) -> Sums {
        let k = self.core_len();
        // Per core index: is it a pivot; its leaf pivots with an arc up,
        // and how many of those also have the arc down.
        let mut own = vec![false; k];
        let mut up = vec![0u32; k];
        let mut up_down = vec![0u32; k];
        for &p in pivots {
            match self.place[p] {
                Place::Core(i) => own[i as usize] = true,
                Place::Leaf(l) if l.up => {
                    up[l.core as usize] += 1;
                    up_down[l.core as usize] += u32::from(l.down);
                }
                Place::Leaf(_) => {}
            }
        }
        let sources: Vec<Source> = (0..k)
            .filter(|&c| own[c] || up[c] > 0)
            .map(|c| Source {
                core: c as u32,
                own: own[c],
                leaves: up[c],
                leaves_down: up_down[c],
            })
            .collect();
        let core = self.core_sums(&sources, pivots.len() as u64, progress);
        self.unfold(core, &own, &up, pivots)
    }

    /// The weighted sweep over the core from `sources`.
    fn core_sums(&self, sources: &[Source], pivots: u64, progress: ProgressFn) -> Sums {
        let k = self.core_len();
        let blocks: Vec<&[Source]> = sources.chunks(BLOCK).collect();
        // Waves bound the partials held at once (about 4M entries); they are
        // still added in block order.
        let wave = ((4 << 20) / k.max(1)).clamp(rayon::current_num_threads().max(1), 64);
        let done = AtomicU64::new(0);
        let mut sums = Sums {
            dependency: vec![0.0; k],
            reach: vec![(0, 0); k],
        };
        for group in blocks.chunks(wave) {
            let parts: Vec<Sums> = group
                .par_iter()
                .map_init(
                    || Brandes::new(k),
                    |scratch, block| {
                        let mut part = Sums {
                            dependency: vec![0.0; k],
                            reach: vec![(0, 0); k],
                        };
                        for s in *block {
                            accumulate(scratch, &self.core, &self.tgt, s, &mut part);
                        }
                        let n: u64 = block.iter().map(Source::pivots).sum();
                        progress(done.fetch_add(n, Ordering::Relaxed) + n, pivots);
                        part
                    },
                )
                .collect();
            for part in &parts {
                for (t, p) in sums.dependency.iter_mut().zip(&part.dependency) {
                    *t += p;
                }
                for (t, p) in sums.reach.iter_mut().zip(&part.reach) {
                    t.0 += p.0;
                    t.1 += p.1;
                }
            }
        }
        sums
    }

    /// Core sums back to every node: each core node's own leaves as
    /// targets, and the leaves' figures from their core node's.
    fn unfold(&self, core: Sums, own: &[bool], up: &[u32], pivots: &[usize]) -> Sums {
        let n = self.place.len();
        let mut pivot = vec![false; n];
        for &p in pivots {
            pivot[p] = true;
        }
        let mut sums = Sums {
            dependency: vec![0.0; n],
            reach: vec![(0, 0); n],
        };
        for (v, place) in self.place.iter().enumerate() {
            match *place {
                Place::Core(i) => {
                    let i = i as usize;
                    let (m, d) = core.reach[i];
                    // Sources other than v reaching v, counted with weights.
                    let others = f64::from(m - up[i]);
                    sums.dependency[v] = core.dependency[i] + f64::from(self.tgt[i] - 1) * others;
                    sums.reach[v] = (m, d);
                }
                Place::Leaf(l) if l.down => {
                    let c = l.core as usize;
                    let (m, d) = core.reach[c];
                    let me = u32::from(pivot[v] && l.up);
                    let q = u32::from(own[c]);
                    sums.reach[v] = (m + q - me, d + u64::from(m + q) - 2 * u64::from(me));
                }
                Place::Leaf(_) => {}
            }
        }
        sums
    }
}

/// The only node `l` has arcs with, when there is exactly one.
fn sole_neighbour(adj: &Adjacency, l: usize) -> Option<usize> {
    let (out, inc) = (adj.out(l), adj.inc(l));
    let c = *out.first().or(inc.first())?;
    (out.iter().chain(inc).all(|&x| x == c)).then_some(c as usize)
}

/// True when `c` has arcs with at least two nodes.
fn has_two_neighbours(adj: &Adjacency, c: usize) -> bool {
    let mut all = adj.out(c).iter().chain(adj.inc(c));
    match all.next() {
        Some(&first) => all.any(|&x| x != first),
        None => false,
    }
}

/// A core node searched from, and the pivots it stands for.
struct Source {
    core: u32,
    /// The node itself is a pivot.
    own: bool,
    /// Its leaf pivots with an arc up to it.
    leaves: u32,
    /// Of those, the ones with the arc down too.
    leaves_down: u32,
}

impl Source {
    /// Pivots this search stands for.
    fn pivots(&self) -> u64 {
        u64::from(self.own) + u64::from(self.leaves)
    }
}

/// Adds the dependencies and distances of source `src` to `part`, with
/// `b` the shared Brandes scratch.
fn accumulate(b: &mut Brandes, core: &Adjacency, tgt: &[u32], src: &Source, part: &mut Sums) {
    let s = src.core as usize;
    b.search(core, s);
    let weight = src.pivots() as f64;
    let (w32, leaves) = (src.pivots() as u32, u64::from(src.leaves));
    let mut reached = u64::from(tgt[s]);
    for &w in b.order[1..].iter().rev() {
        let w = w as usize;
        let coeff = (f64::from(tgt[w]) + b.delta[w]) / b.sigma[w];
        let dw = b.dist[w];
        for &v in core.inc(w) {
            let v = v as usize;
            if b.dist[v].wrapping_add(1) == dw {
                b.delta[v] += b.sigma[v] * coeff;
            }
        }
        part.dependency[w] += weight * b.delta[w];
        let r = &mut part.reach[w];
        r.0 += w32;
        r.1 += u64::from(w32) * u64::from(dw) + leaves;
        reached += u64::from(tgt[w]);
    }
    // Each leaf pivot depends on s for every node it reaches but s and
    // itself; it reaches s in one hop.
    part.dependency[s] += (leaves * (reached - 1) - u64::from(src.leaves_down)) as f64;
    let r = &mut part.reach[s];
    r.0 += src.leaves;
    r.1 += leaves;
}
