//! Burt's structural holes: constraint and effective size, as networkx's
//! `constraint` and `effective_size` of an unweighted `DiGraph`.
//!
//! Directed graphs are read as networkx reads them: an actor's neighbours are
//! everyone it sends to or hears from, and the tie between u and v has the
//! mutual weight m(u, v) = a(u→v) + a(v→u) (1 or 2). p(u, v) = m(u, v) / Σ_w
//! m(u, w) is the share of u's ties that go to v.
//!
//! An actor without neighbours gets `None` (networkx: NaN). networkx's
//! pure-Python path also gives NaN to an actor that only *receives* arcs
//! (its test is `len(G[v]) == 0`, the successors), while its scipy path and
//! Burt's definition use every neighbour; hviske gives those actors their
//! value, as the scipy path does.

use crate::graph::Adjacency;

/// Constraint and effective size of every actor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Holes {
    /// Burt's constraint c(v) = Σ_{n ∈ N(v)} (p(v, n) + Σ_{w ∈ N(v)} p(v, w)
    /// p(w, n))²: near 1 when v's contacts all know each other, low for a
    /// broker across holes (R. S. Burt, *Structural Holes*, 1992).
    pub constraint: Vec<Option<f64>>,
    /// Burt's effective size e(v) = Σ_{u ∈ N(v)} (1 − Σ_{w ∈ N(v)} p(v, w)
    /// m(u, w) / max_x m(u, x)): the number of contacts less their
    /// redundancy (Borgatti, "Structural holes: unpacking Burt's redundancy
    /// measures", Connections 20(1), 1997).
    pub effective_size: Vec<Option<f64>>,
}

/// Constraint and effective size of every actor (see [`Holes`]).
///
/// Complexity: O(Σ over ties (v, w) of min(d(v), d(w)) · log d) for
/// d = number of neighbours: a tie to a large hub is looked up in the hub's
/// lists rather than walked.
pub fn holes(adj: &Adjacency) -> Holes {
    let n = adj.len();
    let nbrs: Vec<Vec<u32>> = (0..n).map(|v| neighbours(adj, v)).collect();
    // Σ_w m(u, w) and max_w m(u, w).
    let scale: Vec<f64> = (0..n)
        .map(|u| (adj.inc(u).len() + adj.out(u).len()) as f64)
        .collect();
    let maxm: Vec<f64> = (0..n)
        .map(|u| {
            if super::cohesion::common(adj.inc(u), adj.out(u)) > 0 {
                2.0
            } else {
                1.0
            }
        })
        .collect();
    let mut mark = vec![usize::MAX; n];
    let mut acc = vec![0.0f64; n];
    let mut out = Holes {
        constraint: vec![None; n],
        effective_size: vec![None; n],
    };
    for v in 0..n {
        let nv = &nbrs[v];
        if nv.is_empty() {
            continue;
        }
        for &x in nv {
            mark[x as usize] = v;
            acc[x as usize] = 0.0;
        }
        let mut redundancy = 0.0;
        for &w in nv {
            let w = w as usize;
            let pvw = mutual(adj, v, w) / scale[v];
            let mut add = |x: usize, m: f64| {
                acc[x] += pvw * m / scale[w];
                redundancy += pvw * m / maxm[x];
            };
            if nbrs[w].len() <= nv.len() {
                for &x in adj.inc(w).iter().chain(adj.out(w)) {
                    if mark[x as usize] == v {
                        add(x as usize, 1.0);
                    }
                }
            } else {
                for &x in nv {
                    let m = mutual(adj, w, x as usize);
                    if m > 0.0 {
                        add(x as usize, m);
                    }
                }
            }
        }
        let c = nv
            .iter()
            .map(|&x| {
                let direct = mutual(adj, v, x as usize) / scale[v];
                (direct + acc[x as usize]).powi(2)
            })
            .sum();
        out.constraint[v] = Some(c);
        out.effective_size[v] = Some(nv.len() as f64 - redundancy);
    }
    out
}

/// Everyone `v` sends to or hears from, ascending, each once.
fn neighbours(adj: &Adjacency, v: usize) -> Vec<u32> {
    let mut all: Vec<u32> = adj.inc(v).iter().chain(adj.out(v)).copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// m(u, w): arcs between the two, 0 to 2.
fn mutual(adj: &Adjacency, u: usize, w: usize) -> f64 {
    f64::from(u8::from(adj.has_arc(u, w)) + u8::from(adj.has_arc(w, u)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_centre_is_unconstrained_and_its_leaves_fully() {
        // Undirected star with 3 leaves, each tie both ways.
        let adj = Adjacency::from_arcs(4, [(0, 1), (1, 0), (0, 2), (2, 0), (0, 3), (3, 0)]);
        let h = holes(&adj);
        // Centre: three ties of share 1/3, no indirect paths: 3 · (1/3)² = 1/3.
        assert!((h.constraint[0].unwrap() - 1.0 / 3.0).abs() < 1e-15);
        assert!((h.constraint[1].unwrap() - 1.0).abs() < 1e-15);
        assert_eq!(h.effective_size[0], Some(3.0));
        assert_eq!(h.effective_size[1], Some(1.0));
        assert_eq!(holes(&Adjacency::from_arcs(1, [])).constraint, vec![None]);
    }
}
