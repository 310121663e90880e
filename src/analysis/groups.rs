//! Measures over groups of actors (levels, sides or actor kinds):
//! Gould–Fernandez brokerage roles and Krackhardt–Stern E-I index.
//!
//! No networkx function computes either; both are checked in tests against
//! a brute-force Python count over every triple and every arc
//! (`tests/data/networkx_measures.py`), with the definitions of R's
//! `sna::brokerage` and UCINET's E-I index.
//!
//! Actors the grouping gives no value (no level, no side, no kind) belong to
//! no group: two-paths and arcs that touch them are not counted.

use crate::graph::{Adjacency, OrgGraph};
use serde::Serialize;

/// What puts two actors in the same group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    /// The actor's level (the hierarchy's layers).
    #[default]
    Level,
    /// The actor's tripartite side.
    Side,
    /// The actor's free-text kind (departments, units, ... as imported).
    Kind,
}

impl Grouping {
    /// Every grouping, as `--groups` spells them.
    pub const ALL: [Grouping; 3] = [Grouping::Level, Grouping::Side, Grouping::Kind];

    /// The name `--groups` takes.
    pub fn name(self) -> &'static str {
        match self {
            Grouping::Level => "level",
            Grouping::Side => "side",
            Grouping::Kind => "kind",
        }
    }

    /// The grouping with this name.
    pub fn from_name(s: &str) -> Option<Grouping> {
        Grouping::ALL.into_iter().find(|g| g.name() == s)
    }
}

/// Actors' groups: an index into `names` per actor (`None`: in no group).
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// Group names: levels in ascending order, sides and kinds alphabetically.
    pub names: Vec<String>,
    /// Each actor's group.
    pub of: Vec<Option<usize>>,
}

/// The groups of `g`'s actors under `by`.
///
/// Complexity: O(V log V).
pub fn groups(g: &OrgGraph, by: Grouping) -> Groups {
    let m = g.model();
    let key = |i: usize| -> Option<(u32, String)> {
        let a = &m.actors[i];
        match by {
            Grouping::Level => a.level.map(|l| (l, l.to_string())),
            Grouping::Side => a.side.map(|s| (0, s.as_str().to_string())),
            Grouping::Kind => a.kind.clone().map(|k| (0, k)),
        }
    };
    let keys: Vec<Option<(u32, String)>> = (0..m.actors.len()).map(key).collect();
    let mut sorted: Vec<&(u32, String)> = keys.iter().flatten().collect();
    sorted.sort();
    sorted.dedup();
    let of = keys
        .iter()
        .map(|k| k.as_ref().map(|k| sorted.binary_search(&k).unwrap_or(0)))
        .collect();
    Groups {
        names: sorted.into_iter().map(|k| k.1.clone()).collect(),
        of,
    }
}

/// How often an actor brokers between two others, by role (Gould and
/// Fernandez, "Structures of mediation", Sociol. Methodol. 19, 1989).
///
/// Counted over the open two-paths i → v → k (i ≠ k, no arc i → k) through
/// the broker v, all three in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Brokerage {
    /// i, v and k in one group: brokering within one's own group.
    pub coordinator: u64,
    /// i outside, v and k in one group: letting outsiders in.
    pub gatekeeper: u64,
    /// i and v in one group, k outside: speaking for one's group.
    pub representative: u64,
    /// i and k in one group, v in another: brokering for another group.
    pub consultant: u64,
    /// i, v and k in three groups.
    pub liaison: u64,
}

impl Brokerage {
    /// All five roles together.
    pub fn total(&self) -> u64 {
        self.coordinator + self.gatekeeper + self.representative + self.consultant + self.liaison
    }
}

/// Brokerage roles of every actor (see [`Brokerage`]).
///
/// Complexity: O(Σ_v in(v) · out(v) · log d).
pub fn brokerage(adj: &Adjacency, groups: &Groups) -> Vec<Brokerage> {
    (0..adj.len())
        .map(|v| {
            let mut b = Brokerage::default();
            let Some(gv) = groups.of[v] else {
                return b;
            };
            for &i in adj.inc(v) {
                let Some(gi) = groups.of[i as usize] else {
                    continue;
                };
                for &k in adj.out(v) {
                    let Some(gk) = groups.of[k as usize] else {
                        continue;
                    };
                    if i == k || adj.has_arc(i as usize, k as usize) {
                        continue;
                    }
                    let role = match (gi == gv, gv == gk, gi == gk) {
                        (true, true, _) => &mut b.coordinator,
                        (false, true, _) => &mut b.gatekeeper,
                        (true, false, _) => &mut b.representative,
                        (false, false, true) => &mut b.consultant,
                        (false, false, false) => &mut b.liaison,
                    };
                    *role += 1;
                }
            }
            b
        })
        .collect()
}

/// The E-I index of one group, or of the whole network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EiIndex {
    /// The group's name (`"(all)"` for the whole network).
    pub group: String,
    /// Actors in the group.
    pub actors: usize,
    /// Arcs with one end in the group and the other in another group.
    pub external: usize,
    /// Arcs with both ends in the group.
    pub internal: usize,
    /// (E − I) / (E + I): −1 all ties inside, +1 all outside (`null`
    /// without arcs).
    pub ei: Option<f64>,
}

/// The E-I index (Krackhardt and Stern, "Informal networks and
/// organizational crises", Soc. Psychol. Q. 51(2), 1988) of the whole
/// network first (E: arcs between two groups, I: arcs within one), then of
/// each group. Arcs are directed: a two-way tie counts twice.
///
/// Complexity: O(V + E + G) for G groups.
pub fn ei_index(adj: &Adjacency, groups: &Groups) -> Vec<EiIndex> {
    let k = groups.names.len();
    let (mut ext, mut int, mut actors) = (vec![0; k], vec![0; k], vec![0; k]);
    for g in groups.of.iter().flatten() {
        actors[*g] += 1;
    }
    for (u, v) in adj.arcs() {
        if let (Some(a), Some(b)) = (groups.of[u], groups.of[v]) {
            if a == b {
                int[a] += 1;
            } else {
                ext[a] += 1;
                ext[b] += 1;
            }
        }
    }
    let between = ext.iter().sum::<usize>() / 2;
    let within = int.iter().sum();
    let row = |group: String, actors, e: usize, i: usize| EiIndex {
        group,
        actors,
        external: e,
        internal: i,
        ei: (e + i > 0).then(|| (e as f64 - i as f64) / (e + i) as f64),
    };
    let mut out = vec![row("(all)".into(), actors.iter().sum(), between, within)];
    out.extend((0..k).map(|g| row(groups.names[g].clone(), actors[g], ext[g], int[g])));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grouped(of: &[usize]) -> Groups {
        let k = of.iter().max().map_or(0, |m| m + 1);
        Groups {
            names: (0..k).map(|g| g.to_string()).collect(),
            of: of.iter().map(|&g| Some(g)).collect(),
        }
    }

    #[test]
    fn each_role_is_counted_once_per_open_two_path() {
        // Broker 1 in group 0.
        let g = grouped(&[0, 0, 0, 1, 1, 2]);
        let role = |i: usize, k: usize| {
            let b = brokerage(&Adjacency::from_arcs(6, [(i, 1), (1, k)]), &g)[1];
            [
                b.coordinator,
                b.gatekeeper,
                b.representative,
                b.consultant,
                b.liaison,
            ]
        };
        assert_eq!(role(0, 2), [1, 0, 0, 0, 0]);
        assert_eq!(role(3, 2), [0, 1, 0, 0, 0]);
        assert_eq!(role(0, 3), [0, 0, 1, 0, 0]);
        assert_eq!(role(3, 4), [0, 0, 0, 1, 0]);
        assert_eq!(role(3, 5), [0, 0, 0, 0, 1]);
        // A closed two-path brokers nothing.
        let closed = Adjacency::from_arcs(6, [(0, 1), (1, 2), (0, 2)]);
        assert_eq!(brokerage(&closed, &g)[1].total(), 0);
    }

    #[test]
    fn ei_counts_arcs_inside_and_across() {
        let g = grouped(&[0, 0, 1]);
        let adj = Adjacency::from_arcs(3, [(0, 1), (1, 0), (1, 2)]);
        let ei = ei_index(&adj, &g);
        assert_eq!((ei[0].external, ei[0].internal), (1, 2));
        assert_eq!(ei[0].ei, Some(-1.0 / 3.0));
        assert_eq!(ei[2].ei, Some(1.0));
    }
}
