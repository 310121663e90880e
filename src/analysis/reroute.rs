//! Routes up after removing one actor, recomputed only where they change
//! (issue 13): the removal ranking on a large organisation.
//!
//! Removing an actor v never shortens a path, so every actor whose shortest
//! path up (or most reliable route up) avoids v keeps it, with the same hop
//! count (route cost, reliability). Only the actors whose path passes
//! through v, the subtree of v in the forest of next hops, need a new one.
//! Their search starts from the actors just outside that subtree with an arc
//! into it, at their unchanged distances, and visits the subtree alone: the
//! same pops, in the same order, as a search of the whole graph would make
//! there, so the same routes and the same bits.
//!
//! Cost per removal: O(S log S) for a subtree of S actors and its boundary,
//! plus O(V) to copy the intact figures; a search of the whole graph is
//! O((V + E) log V).

use super::paths::{Entry, UpArcs};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The arcs out of every actor: `(to, fidelity, −ln fidelity)`.
pub(super) struct DownArcs {
    start: Vec<usize>,
    arcs: Vec<(usize, f64, f64)>,
}

impl DownArcs {
    /// The arcs of `up`, by their tail.
    ///
    /// Complexity: O(V + E).
    pub(super) fn of(up: &UpArcs) -> Self {
        let n = up.len();
        let mut start = vec![0usize; n + 1];
        for v in 0..n {
            for &(u, _, _) in up.arcs_into(v) {
                start[u + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut arcs = vec![(0, 0.0, 0.0); start[n]];
        for v in 0..n {
            for &(u, f, cost) in up.arcs_into(v) {
                arcs[fill[u]] = (v, f, cost);
                fill[u] += 1;
            }
        }
        DownArcs { start, arcs }
    }

    fn out(&self, u: usize) -> &[(usize, f64, f64)] {
        &self.arcs[self.start[u]..self.start[u + 1]]
    }
}

/// The children of every actor in a forest given by next hops.
pub(super) struct Forest {
    start: Vec<usize>,
    child: Vec<usize>,
}

impl Forest {
    /// Complexity: O(V).
    pub(super) fn of(next: &[Option<usize>]) -> Self {
        let n = next.len();
        let mut start = vec![0usize; n + 1];
        for p in next.iter().flatten() {
            start[p + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut child = vec![0; start[n]];
        for (c, p) in next.iter().enumerate() {
            if let Some(p) = *p {
                child[fill[p]] = c;
                fill[p] += 1;
            }
        }
        Forest { start, child }
    }

    /// `v` and every actor below it.
    fn subtree(&self, v: usize) -> Vec<usize> {
        let mut out = vec![v];
        let mut i = 0;
        while i < out.len() {
            let u = out[i];
            out.extend_from_slice(&self.child[self.start[u]..self.start[u + 1]]);
            i += 1;
        }
        out
    }
}

/// Hop counts up with `v` removed, from the intact ones (`hops`) and their
/// forest: only `v`'s subtree is searched again. The next hops of the
/// subtree are not kept (nothing after a removal reads them).
pub(super) fn hops_without(
    hops: &[Option<u32>],
    forest: &Forest,
    down: &DownArcs,
    up: &UpArcs,
    v: usize,
) -> Vec<Option<u32>> {
    let mut hops = hops.to_vec();
    let sub = forest.subtree(v);
    let mut inside = vec![false; hops.len()];
    for &x in &sub {
        inside[x] = true;
        hops[x] = None;
    }
    let mut heap = BinaryHeap::new();
    for &x in &sub[1..] {
        let best = down
            .out(x)
            .iter()
            .filter(|&&(w, _, _)| !inside[w])
            .filter_map(|&(w, _, _)| hops[w])
            .min();
        if let Some(h) = best {
            hops[x] = Some(h + 1);
            heap.push(Reverse((h + 1, x)));
        }
    }
    while let Some(Reverse((d, x))) = heap.pop() {
        if hops[x] != Some(d) {
            continue;
        }
        for &(u, _, _) in up.arcs_into(x) {
            if inside[u] && u != v && hops[u].is_none_or(|h| h > d + 1) {
                hops[u] = Some(d + 1);
                heap.push(Reverse((d + 1, u)));
            }
        }
    }
    hops
}

/// The most reliable routes up with `v` removed: `(next, reliability)`,
/// from the intact ones and their costs; only `v`'s subtree in the route
/// forest is searched again, seeded from the actors outside it with an arc
/// into it, as a search of the whole graph would reach them.
pub(super) fn routes_without(
    (next, reliability, cost): (&[Option<usize>], &[Option<f64>], &[f64]),
    forest: &Forest,
    down: &DownArcs,
    up: &UpArcs,
    v: usize,
) -> (Vec<Option<usize>>, Vec<Option<f64>>) {
    let n = next.len();
    let (mut next, mut reliability, mut dist) =
        (next.to_vec(), reliability.to_vec(), cost.to_vec());
    let sub = forest.subtree(v);
    // 0: outside, 1: inside the subtree, 2: done (popped or a seed pushed).
    let mut state = vec![0u8; n];
    for &x in &sub {
        state[x] = 1;
        next[x] = None;
        reliability[x] = None;
        dist[x] = f64::INFINITY;
    }
    let mut heap = BinaryHeap::new();
    for &x in &sub[1..] {
        for &(w, f, _) in down.out(x) {
            if state[w] == 0 && f > 0.0 && dist[w].is_finite() {
                state[w] = 2;
                heap.push(Entry(dist[w], w));
            }
        }
    }
    let mut done = vec![false; n];
    while let Some(Entry(d, y)) = heap.pop() {
        if std::mem::replace(&mut done[y], true) {
            continue;
        }
        let ry = reliability[y].unwrap_or(0.0);
        for &(u, f, c) in up.arcs_into(y) {
            if state[u] != 1 || u == v || done[u] || f <= 0.0 {
                continue;
            }
            let du = d + c;
            if du < dist[u] {
                dist[u] = du;
                next[u] = Some(y);
                reliability[u] = Some(f * ry);
                heap.push(Entry(du, u));
            }
        }
    }
    (next, reliability)
}
