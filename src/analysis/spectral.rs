//! Centralities from power iteration over the arcs: eigenvector centrality
//! and Katz centrality, each the same iteration as networkx's
//! `eigenvector_centrality` and `katz_centrality` of a `DiGraph` (in-arcs
//! count: an actor is central when central actors send to it), run to a
//! tighter tolerance so that the figures are those of the limit, not of
//! networkx's default stopping point (1e-6).
//!
//! Both can fail to converge: eigenvector centrality on a graph whose arcs
//! all run one way (a tree of reports only), Katz centrality when α is not
//! below 1 / λ (the largest eigenvalue of the adjacency matrix). Then the
//! figures are `None` and the report says so, rather than showing the last
//! iterate.

use crate::graph::Adjacency;
use serde::Serialize;

/// Stop when the L1 change of an iteration is below n · TOL.
pub const TOL: f64 = 1e-13;

/// Most iterations before giving up.
pub const MAX_ROUNDS: usize = 10_000;

/// Katz's attenuation factor α (networkx's default).
pub const KATZ_ALPHA: f64 = 0.1;

/// Katz's constant term β (networkx's default).
pub const KATZ_BETA: f64 = 1.0;

/// The outcome of a power iteration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerIteration {
    /// Iterations run.
    pub rounds: usize,
    /// True when the L1 change fell below n · [`TOL`] within [`MAX_ROUNDS`].
    pub converged: bool,
    /// The figures, Euclidean norm 1 (`None` when not converged).
    #[serde(skip)]
    pub values: Option<Vec<f64>>,
}

/// Eigenvector centrality of every actor: the principal eigenvector of the
/// transposed adjacency matrix, by power iteration on A^T + I from the
/// uniform vector 1/n, normalised to Euclidean norm 1 after each step, as
/// networkx's `eigenvector_centrality` (P. Bonacich, "Power and centrality",
/// Am. J. Sociol. 92(5), 1987).
///
/// Complexity: O(k · (V + E)) for k iterations (at most [`MAX_ROUNDS`]).
pub fn eigenvector(adj: &Adjacency) -> PowerIteration {
    let n = adj.len();
    let mut x = vec![1.0 / n as f64; n];
    iterate(n, |next| {
        next.copy_from_slice(&x);
        spread(adj, &x, next);
        let norm = x_norm(next);
        for v in next.iter_mut() {
            *v /= norm;
        }
        let err = l1(next, &x);
        x.copy_from_slice(next);
        err
    })
}

/// Katz centrality of every actor with attenuation `alpha` and constant
/// `beta`: x = α A^T x + β, iterated from 0, then normalised to Euclidean
/// norm 1, as networkx's `katz_centrality(normalized=True)` (L. Katz, "A new
/// status index derived from sociometric analysis", Psychometrika 18, 1953).
///
/// Complexity: O(k · (V + E)) for k iterations (at most [`MAX_ROUNDS`]).
pub fn katz(adj: &Adjacency, alpha: f64, beta: f64) -> PowerIteration {
    let n = adj.len();
    let mut x = vec![0.0; n];
    let mut r = iterate(n, |next| {
        next.fill(0.0);
        spread(adj, &x, next);
        for v in next.iter_mut() {
            *v = alpha * *v + beta;
        }
        let err = l1(next, &x);
        x.copy_from_slice(next);
        err
    });
    if let Some(v) = &mut r.values {
        let norm = x_norm(v);
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
    r
}

/// Runs `step` (which writes the next iterate and returns its L1 change)
/// until it converges or [`MAX_ROUNDS`] pass.
fn iterate(n: usize, mut step: impl FnMut(&mut [f64]) -> f64) -> PowerIteration {
    let mut next = vec![0.0; n];
    for round in 1..=MAX_ROUNDS {
        let err = step(&mut next);
        if !err.is_finite() {
            break;
        }
        if err < n as f64 * TOL {
            return PowerIteration {
                rounds: round,
                converged: true,
                values: Some(next),
            };
        }
    }
    PowerIteration {
        rounds: MAX_ROUNDS,
        converged: n == 0,
        values: (n == 0).then(Vec::new),
    }
}

/// Adds each actor's value to the actors it has an arc to.
fn spread(adj: &Adjacency, x: &[f64], next: &mut [f64]) {
    for (u, &xu) in x.iter().enumerate() {
        for &v in adj.out(u) {
            next[v as usize] += xu;
        }
    }
}

/// The Euclidean norm, or 1 for the zero vector (as networkx).
fn x_norm(x: &[f64]) -> f64 {
    let s = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    if s == 0.0 {
        1.0
    } else {
        s
    }
}

fn l1(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_way_pair_splits_evenly_and_a_one_way_chain_does_not_converge() {
        let pair = eigenvector(&Adjacency::from_arcs(2, [(0, 1), (1, 0)]));
        let v = pair.values.unwrap();
        assert!((v[0] - 0.5f64.sqrt()).abs() < 1e-12 && (v[1] - v[0]).abs() < 1e-15);
        let chain = eigenvector(&Adjacency::from_arcs(3, [(0, 1), (1, 2)]));
        assert!(!chain.converged && chain.values.is_none());
    }

    #[test]
    fn katz_on_a_star_matches_the_closed_form() {
        // Leaves 1..=3 send to the hub 0: x_leaf = β, x_hub = β + 3αβ.
        let r = katz(&Adjacency::from_arcs(4, [(1, 0), (2, 0), (3, 0)]), 0.1, 1.0);
        let v = r.values.unwrap();
        let norm = (1.3f64 * 1.3 + 3.0).sqrt();
        assert!((v[0] - 1.3 / norm).abs() < 1e-12 && (v[1] - 1.0 / norm).abs() < 1e-12);
        // α above 1/λ: a two-way pair has λ = 1.
        assert!(!katz(&Adjacency::from_arcs(2, [(0, 1), (1, 0)]), 1.5, 1.0).converged);
    }
}
