//! Exact two-terminal reliability: the probability that a fact from `s`
//! reaches `t` at all, ignoring distortion and timing (neither changes
//! whether a fact arrives).
//!
//! Each arc is up with probability fidelity × attendance(from) ×
//! attendance(to), independently. The method is factoring with reductions
//! (Moskowitz 1958; Wood 1985, *Networks* 15: 173–190), in its directed form:
//!
//! 1. **prune** every arc that lies on no `s → t` route (its tail unreachable
//!    from `s`, its head unable to reach `t`, arcs into `s` or out of `t`);
//! 2. **parallel**: arcs `u → v` with probabilities `a`, `b` become one with
//!    `1 − (1 − a)(1 − b)`;
//! 3. **series**: an actor `v ∉ {s, t}` with exactly one arc in (`u → v`) and
//!    one out (`v → w`) becomes one arc `u → w` with `a · b`;
//! 4. **factor** on an out-arc `s → v` of the source:
//!    `R = p · R(v merged into s) + (1 − p) · R(without the arc)` — when the
//!    arc is up, everything `v` reaches, `s` reaches.
//!
//! Two-terminal reliability is #P-complete (Valiant 1979), so the work is
//! exponential in the arcs left after reduction; [`MAX_ARCS`] bounds it.

use super::csr::Csr;
use super::SimError;

/// The most arcs exact mode accepts after pruning and reduction.
pub const MAX_ARCS: usize = 48;

type Arcs = Vec<(u32, u32, f64)>;

/// The exact probability that a fact from `s` reaches `t` in `csr`.
///
/// # Errors
/// [`SimError::ExactTooLarge`] when more than [`MAX_ARCS`] arcs remain after
/// pruning and reduction.
pub fn reliability(csr: &Csr, s: usize, t: usize) -> Result<f64, SimError> {
    // The unquantised probabilities, for exactness.
    let arcs: Arcs = (0..csr.arcs())
        .map(|e| {
            let (u, v) = (csr.from[e], csr.to[e]);
            let p = csr.fidelity[e] * csr.attendance[u as usize] * csr.attendance[v as usize];
            (u, v, p)
        })
        .collect();
    reliability_of_arcs(csr.n, &arcs, s, t)
}

/// The exact `s → t` reliability of `n` nodes and arcs `(from, to, p)`.
///
/// # Errors
/// [`SimError::ExactTooLarge`] as for [`reliability`].
pub fn reliability_of_arcs(
    n: usize,
    arcs: &[(u32, u32, f64)],
    s: usize,
    t: usize,
) -> Result<f64, SimError> {
    if s == t {
        return Ok(1.0);
    }
    let mut a = arcs.to_vec();
    reduce(n, &mut a, s as u32, t as u32);
    if a.len() > MAX_ARCS {
        return Err(SimError::ExactTooLarge {
            arcs: a.len(),
            max: MAX_ARCS,
        });
    }
    Ok(factor(n, a, s as u32, t as u32))
}

fn factor(n: usize, mut a: Arcs, s: u32, t: u32) -> f64 {
    reduce(n, &mut a, s, t);
    if a.is_empty() {
        return 0.0;
    }
    // Prefer a direct arc s → t; otherwise the first out-arc of s.
    let i = a
        .iter()
        .position(|&(u, v, _)| u == s && v == t)
        .or_else(|| a.iter().position(|&(u, _, _)| u == s))
        .expect("after pruning the source has an out-arc");
    let (_, v, p) = a.swap_remove(i);
    let down = if p < 1.0 {
        factor(n, a.clone(), s, t)
    } else {
        0.0
    };
    let up = if v == t {
        1.0
    } else if p > 0.0 {
        for arc in a.iter_mut() {
            if arc.0 == v {
                arc.0 = s;
            }
            if arc.1 == v {
                arc.1 = s;
            }
        }
        a.retain(|&(x, y, _)| x != y);
        factor(n, a, s, t)
    } else {
        0.0
    };
    p * up + (1.0 - p) * down
}

/// Prunes and applies parallel and series reductions to a fixpoint.
fn reduce(n: usize, a: &mut Arcs, s: u32, t: u32) {
    loop {
        let before = a.len();
        prune(n, a, s, t);
        // Parallel arcs.
        a.sort_by_key(|x| (x.0, x.1));
        let mut merged: Arcs = Vec::with_capacity(a.len());
        for &(u, v, p) in a.iter() {
            match merged.last_mut() {
                Some(last) if last.0 == u && last.1 == v => {
                    last.2 = 1.0 - (1.0 - last.2) * (1.0 - p);
                }
                _ => merged.push((u, v, p)),
            }
        }
        *a = merged;
        // Series: one node at a time, then prune and merge again.
        let mut indeg = vec![0u32; n];
        let mut outdeg = vec![0u32; n];
        for &(u, v, _) in a.iter() {
            outdeg[u as usize] += 1;
            indeg[v as usize] += 1;
        }
        let series = (0..n as u32)
            .find(|&x| x != s && x != t && indeg[x as usize] == 1 && outdeg[x as usize] == 1);
        if let Some(x) = series {
            let i = a.iter().position(|arc| arc.1 == x).expect("in-arc");
            let (u, _, p) = a.swap_remove(i);
            let j = a.iter().position(|arc| arc.0 == x).expect("out-arc");
            let (_, w, q) = a.swap_remove(j);
            if u != w {
                a.push((u, w, p * q));
            }
            continue;
        }
        if a.len() == before {
            return;
        }
    }
}

/// Keeps only the arcs on some `s → t` route (and with p > 0).
fn prune(n: usize, a: &mut Arcs, s: u32, t: u32) {
    a.retain(|&(u, v, p)| p > 0.0 && v != s && u != t);
    let mut fwd = vec![false; n];
    let mut bwd = vec![false; n];
    fwd[s as usize] = true;
    bwd[t as usize] = true;
    loop {
        let mut changed = false;
        for &(u, v, _) in a.iter() {
            if fwd[u as usize] && !fwd[v as usize] {
                fwd[v as usize] = true;
                changed = true;
            }
            if bwd[v as usize] && !bwd[u as usize] {
                bwd[u as usize] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    if !fwd[t as usize] {
        a.clear();
        return;
    }
    a.retain(|&(u, v, _)| fwd[u as usize] && bwd[v as usize]);
}

/// The `s → t` reliability by enumerating all 2^m arc states: a reference
/// for tests of small graphs (m ≤ 20).
///
/// # Panics
/// When there are more than 20 arcs.
#[track_caller]
pub fn reliability_by_enumeration(n: usize, arcs: &[(u32, u32, f64)], s: usize, t: usize) -> f64 {
    assert!(arcs.len() <= 20, "enumeration is for at most 20 arcs");
    let m = arcs.len();
    let mut total = 0.0;
    for state in 0u32..(1 << m) {
        let mut prob = 1.0;
        for (i, &(_, _, p)) in arcs.iter().enumerate() {
            prob *= if state >> i & 1 == 1 { p } else { 1.0 - p };
        }
        if prob == 0.0 {
            continue;
        }
        let mut seen = vec![false; n];
        seen[s] = true;
        let mut changed = true;
        while changed {
            changed = false;
            for (i, &(u, v, _)) in arcs.iter().enumerate() {
                if state >> i & 1 == 1 && seen[u as usize] && !seen[v as usize] {
                    seen[v as usize] = true;
                    changed = true;
                }
            }
        }
        if seen[t] {
            total += prob;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bridge(p: f64) -> Arcs {
        // s=0, a=1, b=2, t=3; the middle edge a–b both ways.
        vec![
            (0, 1, p),
            (0, 2, p),
            (1, 3, p),
            (2, 3, p),
            (1, 2, p),
            (2, 1, p),
        ]
    }

    #[test]
    fn chain_is_fidelity_to_the_n() {
        for n in 1..10u32 {
            let arcs: Arcs = (0..n).map(|i| (i, i + 1, 0.9)).collect();
            let r = reliability_of_arcs(n as usize + 1, &arcs, 0, n as usize).unwrap();
            assert!((r - 0.9f64.powi(n as i32)).abs() < 1e-12);
        }
    }

    #[test]
    fn wheatstone_bridge_matches_its_polynomial() {
        for p in [0.5f64, 0.8, 0.9] {
            let want = 2.0 * p * p + 2.0 * p.powi(3) - 5.0 * p.powi(4) + 2.0 * p.powi(5);
            let r = reliability_of_arcs(4, &bridge(p), 0, 3).unwrap();
            assert!((r - want).abs() < 1e-12, "{p}: {r} vs {want}");
            let e = reliability_by_enumeration(4, &bridge(p), 0, 3);
            assert!((e - want).abs() < 1e-12);
        }
        let r = reliability_of_arcs(4, &bridge(0.9), 0, 3).unwrap();
        assert!((r - 0.978480).abs() < 1e-6);
    }

    #[test]
    fn factoring_agrees_with_enumeration_on_random_small_graphs() {
        let mut x = 12345u64;
        let mut next = || {
            x = super::super::key::mix64(x.wrapping_add(super::super::key::GOLDEN));
            x
        };
        for _ in 0..300 {
            let n = 2 + (next() % 6) as usize;
            let m = (next() % 15) as usize;
            let arcs: Arcs = (0..m)
                .filter_map(|_| {
                    let u = (next() % n as u64) as u32;
                    let v = (next() % n as u64) as u32;
                    let p = (next() % 1001) as f64 / 1000.0;
                    (u != v).then_some((u, v, p))
                })
                .collect();
            let t = n - 1;
            let want = reliability_by_enumeration(n, &arcs, 0, t);
            let got = reliability_of_arcs(n, &arcs, 0, t).unwrap();
            assert!((got - want).abs() < 1e-12, "{arcs:?}: {got} vs {want}");
        }
    }

    #[test]
    fn too_many_arcs_are_refused() {
        // A dense graph on 12 nodes keeps far more than MAX_ARCS arcs.
        let mut arcs = Arcs::new();
        for u in 0..12u32 {
            for v in 0..12u32 {
                if u != v {
                    arcs.push((u, v, 0.5));
                }
            }
        }
        let e = reliability_of_arcs(12, &arcs, 0, 11)
            .unwrap_err()
            .to_string();
        assert!(e.contains("exact mode handles at most"), "{e}");
    }
}
