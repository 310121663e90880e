//! Removal impact (ORA's "immediate impact"): what the organisation loses
//! when an actor, or a set of actors, is gone: the person-dependence the
//! report warns about.
//!
//! Three figures describe how well the deepest level (the enterprises'
//! employees) is connected to the top (the ministry), before and after:
//! - the **reach share**: the share of deepest-level actors with any path up
//!   to a top-level actor (over those not removed: a removed deepest-level
//!   actor is gone, not cut off, so "cuts off" and "share lost" agree);
//! - the **mean hops** up, over those that have a path;
//! - the **reliability**: the mean, over all deepest-level actors, of the
//!   reliability of each one's most reliable route up (0 when cut off).

use super::paths::{best_routes_with_cost, UpArcs};
use super::reroute::{self, DownArcs, Forest};
use crate::graph::OrgGraph;
use petgraph::graph::NodeIndex;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::VecDeque;

/// How the deepest level is connected to the top.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reach {
    /// Actors at the deepest level (removed ones included).
    pub deepest: usize,
    /// Of those, how many have a path up to the top level.
    pub reached: usize,
    /// `reached` over the deepest-level actors not removed (`null` when
    /// there are none): a removed deepest-level actor is gone, not cut off,
    /// so removing a source loses no share of the others.
    pub share: Option<f64>,
    /// Mean shortest hop count up, over the reached (`null` when none).
    pub mean_hops: Option<f64>,
    /// Mean best-route reliability up, 0 for the cut off (`null` when there
    /// is no deepest level).
    pub reliability: Option<f64>,
}

/// The effect of removing one actor (or a set of actors).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovalImpact {
    /// The removed actor's id (several joined by `+`).
    pub id: String,
    /// Its display name (several joined by `; `).
    pub name: String,
    /// Deepest-level actors that still reach the top afterwards.
    pub reached_after: usize,
    /// Deepest-level actors, other than the removed ones, that reached the
    /// top before and no longer do: the ones this removal cuts off.
    pub cut_off: usize,
    /// Deepest-level actors in the design.
    pub deepest: usize,
    /// Share of deepest-level actors that can still reach the top level.
    pub reach_share_after: f64,
    /// The drop in that share (before − after; ≥ 0).
    pub reach_share_loss: f64,
    /// Mean hops up over those still reached (`null` when none is).
    pub mean_hops_after: Option<f64>,
    /// After − before (`null` when either is undefined).
    pub mean_hops_change: Option<f64>,
    /// Mean best-route reliability up afterwards.
    pub reliability_after: f64,
    /// Before − after.
    pub reliability_loss: f64,
}

impl RemovalImpact {
    /// True when `other` has the same ids and counts and every figure is
    /// within `tol` (tied routes may round differently).
    pub fn same_as(&self, other: &RemovalImpact, tol: f64) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() <= tol;
        let near_opt = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => near(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.id == other.id
            && self.name == other.name
            && self.reached_after == other.reached_after
            && self.cut_off == other.cut_off
            && self.deepest == other.deepest
            && near(self.reach_share_after, other.reach_share_after)
            && near(self.reach_share_loss, other.reach_share_loss)
            && near_opt(self.mean_hops_after, other.mean_hops_after)
            && near_opt(self.mean_hops_change, other.mean_hops_change)
            && near(self.reliability_after, other.reliability_after)
            && near(self.reliability_loss, other.reliability_loss)
    }
}

/// Shortest hop counts up to the top level, avoiding removed actors, and
/// the next actor on each one's breadth-first path up.
fn up_hops(up: &UpArcs, removed: &[bool]) -> (Vec<Option<u32>>, Vec<Option<usize>>) {
    let mut dist = vec![None; up.len()];
    let mut next = vec![None; up.len()];
    let mut queue = VecDeque::new();
    for &t in &up.top {
        if !removed[t] && dist[t].is_none() {
            dist[t] = Some(0);
            queue.push_back(t);
        }
    }
    while let Some(v) = queue.pop_front() {
        let d = dist[v].unwrap_or(0) + 1;
        for &(u, _, _) in up.arcs_into(v) {
            if !removed[u] && dist[u].is_none() {
                dist[u] = Some(d);
                next[u] = Some(v);
                queue.push_back(u);
            }
        }
    }
    (dist, next)
}

/// Per-actor hops up and best-route reliability, as [`Reach`] summarises them.
struct Routes {
    hops: Vec<Option<u32>>,
    hop_next: Vec<Option<usize>>,
    reliability: Vec<Option<f64>>,
    route_next: Vec<Option<usize>>,
    /// Sum of −ln fidelity along each route (infinite without one).
    route_cost: Vec<f64>,
}

/// What [`Routes::without`] reuses across removals.
struct Reroute {
    down: DownArcs,
    hop_forest: Forest,
    route_forest: Forest,
}

impl Routes {
    fn of(up: &UpArcs, removed: &[bool]) -> Self {
        let (hops, hop_next) = up_hops(up, removed);
        let (best, route_cost) = best_routes_with_cost(up, removed);
        Routes {
            hops,
            hop_next,
            reliability: best.reliability,
            route_next: best.next,
            route_cost,
        }
    }

    /// The forests of these routes, for [`Routes::without`].
    fn reroute(&self, up: &UpArcs) -> Reroute {
        Reroute {
            down: DownArcs::of(up),
            hop_forest: Forest::of(&self.hop_next),
            route_forest: Forest::of(&self.route_next),
        }
    }

    /// These (intact) routes with `v` removed: the same hops and
    /// reliabilities as [`Routes::of`] with `v` masked, recomputed only for
    /// the actors whose routes pass through `v` (see [`super::reroute`]).
    /// Next hops and costs are not kept.
    fn without(&self, up: &UpArcs, re: &Reroute, v: usize) -> Routes {
        let hops = reroute::hops_without(&self.hops, &re.hop_forest, &re.down, up, v);
        let intact = (
            &self.route_next[..],
            &self.reliability[..],
            &self.route_cost[..],
        );
        let (route_next, reliability) =
            reroute::routes_without(intact, &re.route_forest, &re.down, up, v);
        Routes {
            hops,
            hop_next: Vec::new(),
            reliability,
            route_next,
            route_cost: Vec::new(),
        }
    }

    /// The actors on some deepest-level actor's shortest path up or most
    /// reliable route up (not counting that actor itself).
    fn on_routes(&self, deep: &[usize]) -> Vec<bool> {
        let n = self.hops.len();
        let mut on = vec![false; n];
        for next in [&self.hop_next, &self.route_next] {
            // Each `next` forms a forest: stop where an earlier walk went on.
            let mut seen = vec![false; n];
            for &d in deep {
                let mut at = next[d];
                while let Some(v) = at {
                    if std::mem::replace(&mut seen[v], true) {
                        break;
                    }
                    on[v] = true;
                    at = next[v];
                }
            }
        }
        on
    }

    /// Sums in `deep` order, skipping removed actors: the same bits whichever
    /// way the per-actor figures were obtained.
    fn summarise(&self, deep: &[usize], removed: &[bool]) -> Reach {
        let (mut reached, mut hops, mut rel, mut left) = (0usize, 0u64, 0.0f64, 0usize);
        for &d in deep {
            if removed[d] {
                continue;
            }
            left += 1;
            if let Some(h) = self.hops[d] {
                reached += 1;
                hops += u64::from(h);
            }
            rel += self.reliability[d].unwrap_or(0.0);
        }
        Reach {
            deepest: deep.len(),
            reached,
            share: (left > 0).then(|| reached as f64 / left as f64),
            mean_hops: (reached > 0).then(|| hops as f64 / reached as f64),
            reliability: (left > 0).then(|| rel / left as f64),
        }
    }
}

fn indices(nodes: Vec<NodeIndex>) -> Vec<usize> {
    nodes.into_iter().map(NodeIndex::index).collect()
}

/// How the deepest level reaches the top with nothing removed.
///
/// Complexity: O((V + E) log V).
pub fn reach(g: &OrgGraph) -> Reach {
    let none = vec![false; g.node_count()];
    Routes::of(&UpArcs::of(g), &none).summarise(&indices(g.deepest_nodes()), &none)
}

fn impact(
    g: &OrgGraph,
    deep: &[usize],
    removed: &[usize],
    intact: &Routes,
    now: &Routes,
    before: &Reach,
    after: &Reach,
) -> RemovalImpact {
    let m = g.model();
    let cut_off = deep
        .iter()
        .copied()
        .filter(|&d| !removed.contains(&d) && intact.hops[d].is_some() && now.hops[d].is_none())
        .count();
    let join = |f: &dyn Fn(usize) -> String, sep: &str| {
        removed.iter().map(|&i| f(i)).collect::<Vec<_>>().join(sep)
    };
    let share = after.share.unwrap_or(0.0);
    let reliability = after.reliability.unwrap_or(0.0);
    RemovalImpact {
        id: join(&|i| m.actors[i].id.to_string(), "+"),
        name: join(&|i| m.actors[i].name.clone(), "; "),
        reached_after: after.reached,
        cut_off,
        deepest: after.deepest,
        reach_share_after: share,
        reach_share_loss: before.share.unwrap_or(0.0) - share,
        mean_hops_after: after.mean_hops,
        mean_hops_change: after.mean_hops.zip(before.mean_hops).map(|(a, b)| a - b),
        reliability_after: reliability,
        reliability_loss: before.reliability.unwrap_or(0.0) - reliability,
    }
}

/// The impact of removing the actors `removed` (indices into the model's
/// actors) together.
///
/// Complexity: O((V + E) log V).
///
/// # Panics
/// When an index is not an actor of the model.
#[track_caller]
pub fn removal_impact(g: &OrgGraph, removed: &[usize]) -> RemovalImpact {
    let n = g.node_count();
    let mut mask = vec![false; n];
    for &r in removed {
        assert!(r < n, "actor index {r} out of range");
        mask[r] = true;
    }
    let (up, deep) = (UpArcs::of(g), indices(g.deepest_nodes()));
    let none = vec![false; n];
    let intact = Routes::of(&up, &none);
    let now = Routes::of(&up, &mask);
    let (before, after) = (intact.summarise(&deep, &none), now.summarise(&deep, &mask));
    impact(g, &deep, removed, &intact, &now, &before, &after)
}

/// The impact of removing each **intermediary** on its own — every actor
/// neither at the top level (the query's targets) nor at the deepest level
/// (its sources), since removing a target or source says nothing about the
/// routes between them — most damaging first: by
/// the number of other deepest-level actors cut off, then reliability loss,
/// then reach-share loss, then added hops, then model order.
///
/// Removing an actor that lies on none of the other deepest-level actors'
/// shortest paths up or most reliable routes up leaves those paths in place,
/// and removal never shortens a path, so every other actor keeps its hops and
/// its best reliability: only the removed actor's own entry goes, and that
/// case is read from the intact routes. (Where several routes tie, a
/// recomputation could pick another of them, whose product of fidelities may
/// differ in the last bits.) For every actor on such a path, the actors whose
/// paths pass through it search again (hop BFS plus Dijkstra, over that
/// subtree only: `analysis::reroute`), in parallel with rayon; each result
/// depends on its actor only, so the output is the same for any thread count.
///
/// Complexity: O((V + E) log V), then O(S log S + V) for each of the K
/// actors on some route up, S the actors whose routes pass through it, plus
/// O(K·D) for D deepest-level actors.
pub fn removal_ranking(g: &OrgGraph) -> Vec<RemovalImpact> {
    removal_ranking_of(g, &intermediaries(g), &|_, _| {})
}

/// The intermediaries: actors neither at the top level nor at the deepest
/// level, model order.
pub fn intermediaries(g: &OrgGraph) -> Vec<usize> {
    let m = g.model();
    let (top, deepest) = (m.top_level(), m.deepest_level());
    (0..g.node_count())
        .filter(|&v| {
            let level = m.actors[v].level;
            level != top && level != deepest
        })
        .collect()
}

/// [`removal_ranking`] over the given actors only (indices into the
/// model's actors), reporting `(done, total)` actors as it goes.
///
/// Complexity: O((V + E) log V) for the intact routes, then per candidate
/// on some route up O(S log S) for the S actors whose routes pass through it
/// plus O(V) copying (see `analysis::reroute`).
pub fn removal_ranking_of(
    g: &OrgGraph,
    candidates: &[usize],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<RemovalImpact> {
    let n = g.node_count();
    let (up, deep) = (UpArcs::of(g), indices(g.deepest_nodes()));
    let none = vec![false; n];
    let intact = Routes::of(&up, &none);
    let before = intact.summarise(&deep, &none);
    let on_routes = intact.on_routes(&deep);
    let re = intact.reroute(&up);
    let done = std::sync::atomic::AtomicU64::new(0);
    let total = candidates.len() as u64;
    let mut out: Vec<RemovalImpact> = candidates
        .par_iter()
        .map(|&v| {
            let mut mask = vec![false; n];
            mask[v] = true;
            let r = if on_routes[v] {
                let now = intact.without(&up, &re, v);
                let after = now.summarise(&deep, &mask);
                impact(g, &deep, &[v], &intact, &now, &before, &after)
            } else {
                let after = intact.summarise(&deep, &mask);
                impact(g, &deep, &[v], &intact, &intact, &before, &after)
            };
            let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if d.is_multiple_of(64) || d == total {
                progress(d, total);
            }
            r
        })
        .collect();
    let desc = |a: f64, b: f64| b.total_cmp(&a);
    let hops = |r: &RemovalImpact| r.mean_hops_change.unwrap_or(f64::NEG_INFINITY);
    // A stable sort: ties keep model order.
    out.sort_by(|a, b| {
        b.cut_off
            .cmp(&a.cut_off)
            .then_with(|| desc(a.reliability_loss, b.reliability_loss))
            .then_with(|| desc(a.reach_share_loss, b.reach_share_loss))
            .then_with(|| desc(hops(a), hops(b)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// top <- mid <- {d1, d2}; d3 -> top directly; side actor s reports to mid
    /// but nobody reaches it.
    fn model() -> crate::model::Model {
        crate::model::parse_str(
            r#"{"format":1,"name":"t","actors":[{"id":"top","level":1},{"id":"mid","level":2},
               {"id":"d1","level":3},{"id":"d2","level":3},{"id":"d3","level":3},{"id":"s","level":2}],
               "channels":[{"from":"mid","to":"top","fidelity":0.5},{"from":"d1","to":"mid","fidelity":0.5},
               {"from":"d2","to":"mid","fidelity":0.5},{"from":"d3","to":"top","fidelity":0.5},
               {"from":"s","to":"mid"}]}"#,
            "t.json",
        )
        .unwrap()
    }

    #[test]
    fn removing_the_middle_cuts_off_the_actors_below_it() {
        let m = model();
        let g = crate::graph::build(&m);
        let before = reach(&g);
        assert_eq!(before.share, Some(1.0));
        assert_eq!(before.mean_hops, Some(5.0 / 3.0));
        let r = removal_impact(&g, &[1]);
        assert_eq!(r.reached_after, 1);
        assert!((r.reach_share_loss - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(r.mean_hops_after, Some(1.0));
        assert!((r.reliability_after - 0.5 / 3.0).abs() < 1e-15);
        let ranking = removal_ranking(&g);
        assert_eq!(ranking[0], r, "the top itself is not an intermediary");
        assert!(ranking
            .iter()
            .all(|x| x.id != "top" && !x.id.starts_with('d')));
    }

    #[test]
    fn the_ranking_shortcut_agrees_with_removing_for_real() {
        let m = model();
        let g = crate::graph::build(&m);
        for r in removal_ranking(&g) {
            let i = m.actor_index(&r.id).unwrap();
            let one = removal_impact(&g, &[i]);
            assert!(r.same_as(&one, 1e-12), "{}: {r:?} vs {one:?}", r.id);
        }
    }

    #[test]
    fn removing_a_source_cuts_off_nothing_and_loses_no_share() {
        // issue 10: "cuts off 0" beside "share lost 1.000" for a source.
        let m = model();
        let g = crate::graph::build(&m);
        let r = removal_impact(&g, &[2]);
        assert_eq!(r.cut_off, 0);
        assert_eq!(r.reach_share_loss, 0.0);
        assert_eq!(r.reach_share_after, 1.0);
    }

    #[test]
    fn removing_a_set_joins_the_ids() {
        let m = model();
        let g = crate::graph::build(&m);
        let r = removal_impact(&g, &[2, 3]);
        assert_eq!(r.id, "d1+d2");
        assert_eq!(r.reached_after, 1);
    }
}
