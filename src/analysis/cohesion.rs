//! How tightly knit the network is: density and reciprocity (whole and per
//! channel kind) and the directed clustering coefficient, with networkx's
//! conventions (`density`, `overall_reciprocity`, `clustering`,
//! `average_clustering` of a `DiGraph`).
//!
//! Like every structural measure, these work on the simple directed graph
//! ([`Adjacency`]): parallel arcs of different kinds count once, self-loops
//! not at all.

use crate::graph::{Adjacency, OrgGraph};
use serde::Serialize;
use std::collections::BTreeMap;

/// Density of a directed graph: arcs / (n (n − 1)), as networkx's
/// `density`; `None` with fewer than two actors.
///
/// Complexity: O(1).
pub fn density(adj: &Adjacency) -> Option<f64> {
    let n = adj.len() as f64;
    (adj.len() > 1).then(|| adj.arc_count() as f64 / (n * (n - 1.0)))
}

/// Density and reciprocity of the channels of one kind on their own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindCohesion {
    /// The channel kind; `"(none)"` for channels that give none.
    pub kind: String,
    /// Distinct arcs of this kind (a bidirectional channel is two).
    pub arcs: usize,
    /// Arcs / (n (n − 1)) over all actors (`null` with fewer than two).
    pub density: Option<f64>,
    /// Share of this kind's arcs whose reverse arc is also of this kind.
    pub reciprocity: Option<f64>,
}

/// Density and reciprocity of each channel kind's own graph (all actors,
/// that kind's channels only), by kind name.
///
/// Complexity: O(V·K + E log E) for K kinds.
pub fn by_kind(g: &OrgGraph) -> Vec<KindCohesion> {
    let m = g.model();
    let mut arcs: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for c in &m.channels {
        arcs.entry(c.kind.as_deref().unwrap_or("(none)"))
            .or_default()
            .extend(c.arcs());
    }
    arcs.into_iter()
        .map(|(kind, arcs)| {
            let adj = Adjacency::from_arcs(m.actors.len(), arcs);
            KindCohesion {
                kind: kind.to_string(),
                arcs: adj.arc_count(),
                density: density(&adj),
                reciprocity: super::hierarchy::reciprocity(&adj),
            }
        })
        .collect()
}

/// Directed clustering coefficient of every actor (Fagiolo 2007), as
/// networkx's `clustering` of a `DiGraph`:
/// c(v) = t(v) / (d(v)(d(v) − 1) − 2 d↔(v)), where t(v) counts the directed
/// triangles through v (each pair of neighbours u, w with an arc between
/// them in either direction, weighted by how many arcs close the triangle),
/// d(v) = in-degree + out-degree and d↔(v) the neighbours linked both ways.
/// 0 where no triangle is possible.
///
/// Complexity: O(Σ over arcs (u, v) of min(d(u), d(v)) · log d): each
/// neighbour pair's common neighbours are found by probing the larger list.
pub fn clustering(adj: &Adjacency) -> Vec<f64> {
    (0..adj.len()).map(|v| local_clustering(adj, v)).collect()
}

/// The clustering coefficient of `v` (see [`clustering`]).
fn local_clustering(adj: &Adjacency, v: usize) -> f64 {
    let (pv, sv) = (adj.inc(v), adj.out(v));
    let mut t = 0usize;
    for &u in pv.iter().chain(sv) {
        let (pu, su) = (adj.inc(u as usize), adj.out(u as usize));
        t += common(pv, pu) + common(pv, su) + common(sv, pu) + common(sv, su);
    }
    if t == 0 {
        return 0.0;
    }
    let total = pv.len() + sv.len();
    let both = common(pv, sv);
    t as f64 / (2 * (total * (total - 1) - 2 * both)) as f64
}

/// How many values two ascending lists share: a merge when they are of
/// similar length, else a binary search of the longer for each of the shorter.
pub(super) fn common(a: &[u32], b: &[u32]) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0;
    }
    if short.len() * 8 < long.len() {
        return short
            .iter()
            .filter(|x| long.binary_search(x).is_ok())
            .count();
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < short.len() && j < long.len() {
        match short[i].cmp(&long[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The mean of the clustering coefficients over every actor, zeros
/// included (networkx's `average_clustering`); `None` without actors.
pub fn average(clustering: &[f64]) -> Option<f64> {
    (!clustering.is_empty()).then(|| clustering.iter().sum::<f64>() / clustering.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_of_a_directed_triangle_one_way_is_a_half() {
        let adj = Adjacency::from_arcs(3, [(0, 1), (1, 2), (2, 0)]);
        assert_eq!(density(&adj), Some(0.5));
        assert_eq!(density(&Adjacency::from_arcs(1, [])), None);
    }

    #[test]
    fn a_complete_digraph_has_clustering_one_and_a_star_zero() {
        let all: Vec<(usize, usize)> = (0..4)
            .flat_map(|a| (0..4).map(move |b| (a, b)))
            .filter(|(a, b)| a != b)
            .collect();
        let c = clustering(&Adjacency::from_arcs(4, all));
        assert!(c.iter().all(|&x| (x - 1.0).abs() < 1e-15), "{c:?}");
        let star = Adjacency::from_arcs(4, [(0, 1), (1, 0), (0, 2), (2, 0), (0, 3)]);
        assert_eq!(clustering(&star), vec![0.0; 4]);
    }

    #[test]
    fn common_counts_shared_values_both_ways() {
        let long: Vec<u32> = (0..100).collect();
        assert_eq!(common(&[3, 50, 200], &long), 2);
        assert_eq!(common(&[1, 2, 3], &[2, 3, 4]), 2);
        assert_eq!(common(&[], &[1]), 0);
    }
}
