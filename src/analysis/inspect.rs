//! A first look at a model (`hviske inspect`): what it contains and how far
//! the bottom is from the top.

use crate::graph::OrgGraph;
use crate::model::Model;
use petgraph::Direction;
use serde::Serialize;
use std::collections::BTreeMap;

/// A count under a name (a side, a kind).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameCount {
    /// The side or kind; `"(none)"` for actors or channels that give none.
    pub name: String,
    /// How many.
    pub count: usize,
}

/// Actors at one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelCount {
    /// Level number, 1 = top.
    pub level: u32,
    /// The level's name from the model, where it gives one.
    pub name: Option<String>,
    /// Actors at this level.
    pub actors: usize,
}

/// Shortest hop counts between the deepest level and the top level, in one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HopStats {
    /// Level the paths start at.
    pub from_level: u32,
    /// Level the paths end at.
    pub to_level: u32,
    /// Actors at `from_level` (or, going down, at `to_level`): the ends counted.
    pub actors: usize,
    /// Of those, how many have a path at all.
    pub connected: usize,
    /// The largest shortest hop count (`null` when none is connected).
    pub longest: Option<u32>,
    /// The mean shortest hop count over connected actors (`null` when none).
    pub mean: Option<f64>,
}

/// What `hviske inspect` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection {
    /// The model's name.
    pub model: String,
    /// Number of actors.
    pub actors: usize,
    /// Number of channels as written.
    pub channels: usize,
    /// Number of directed arcs (bidirectional channels count twice).
    pub arcs: usize,
    /// Number of distinct levels the actors occupy.
    pub levels: usize,
    /// Actors per level, top first.
    pub per_level: Vec<LevelCount>,
    /// Actors per side.
    pub per_side: Vec<NameCount>,
    /// Actors per kind.
    pub per_kind: Vec<NameCount>,
    /// Channels per kind.
    pub channels_per_kind: Vec<NameCount>,
    /// Bodies (actors with members).
    pub bodies: usize,
    /// Channels by evidence grade.
    pub channel_evidence: crate::model::EvidenceCounts,
    /// Hops of every deepest-level actor's most reliable route to the top,
    /// by evidence grade ([`super::evidence`]).
    pub route_evidence: crate::model::EvidenceCounts,
    /// Shortest hops from each deepest-level actor up to the nearest top-level actor.
    pub hops_up: Option<HopStats>,
    /// Shortest hops from the nearest top-level actor down to each deepest-level actor.
    pub hops_down: Option<HopStats>,
    /// Things worth a look: unreachable actors, actors that reach nobody.
    pub warnings: Vec<String>,
}

fn counts<'a>(names: impl Iterator<Item = Option<&'a str>>) -> Vec<NameCount> {
    let mut map: BTreeMap<&str, usize> = BTreeMap::new();
    for n in names {
        *map.entry(n.unwrap_or("(none)")).or_default() += 1;
    }
    map.into_iter()
        .map(|(name, count)| NameCount {
            name: name.to_string(),
            count,
        })
        .collect()
}

/// Shortest hops from the deepest level up to the top, and from the top
/// down to the deepest level (`None` when no actor has a level).
///
/// Complexity: O(V + E).
pub(super) fn hop_stats(g: &OrgGraph) -> (Option<HopStats>, Option<HopStats>) {
    let m = g.model();
    let (top, deep) = (g.top_nodes(), g.deepest_nodes());
    let stats = |dir: Direction| {
        let (from_level, to_level) = (m.deepest_level()?, m.top_level()?);
        let dist = g.hops(&top, dir);
        let ends: Vec<u32> = deep.iter().filter_map(|n| dist[n.index()]).collect();
        let (from_level, to_level) = if dir == Direction::Incoming {
            (from_level, to_level)
        } else {
            (to_level, from_level)
        };
        Some(HopStats {
            from_level,
            to_level,
            actors: deep.len(),
            connected: ends.len(),
            longest: ends.iter().copied().max(),
            mean: (!ends.is_empty())
                .then(|| ends.iter().map(|&h| f64::from(h)).sum::<f64>() / ends.len() as f64),
        })
    };
    (stats(Direction::Incoming), stats(Direction::Outgoing))
}

/// Summarises a model: counts, levels, bottom-to-top hops and warnings.
///
/// Complexity: O(V + E).
pub fn inspect(g: &OrgGraph) -> Inspection {
    let m = g.model();
    let per_level = per_level(m);
    let (hops_up, hops_down) = hop_stats(g);
    let mut warnings = warnings(g, [&hops_up, &hops_down]);
    warnings.extend(skewed_ranges(m));
    Inspection {
        model: m.name.clone(),
        actors: m.actors.len(),
        channels: m.channels.len(),
        channel_evidence: m.channel_evidence(),
        route_evidence: super::evidence::route_evidence(g),
        arcs: g.arc_count(),
        levels: per_level.len(),
        per_level,
        per_side: counts(m.actors.iter().map(|a| a.side.map(|s| s.as_str()))),
        per_kind: counts(m.actors.iter().map(|a| a.kind.as_deref())),
        channels_per_kind: counts(m.channels.iter().map(|c| c.kind.as_deref())),
        bodies: m.actors.iter().filter(|a| a.is_body()).count(),
        hops_up,
        hops_down,
        warnings,
    }
}

/// The ranges whose point value lies outside their middle third (their
/// draws sit away from the point value), in one line.
fn skewed_ranges(m: &Model) -> Vec<String> {
    let skewed: Vec<String> = crate::model::range_positions(m)
        .into_iter()
        .filter(|r| r.skewed())
        .map(|r| {
            format!(
                "{}.{} {} in [{}, {}] ({:.3})",
                r.kind,
                r.parameter,
                r.point,
                r.low,
                r.high,
                r.drawn_median()
            )
        })
        .collect();
    if skewed.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{} skewed range(s): the most likely value lies outside the middle third, so the draws of compare sit away from it \
         (their median in brackets): {}",
        skewed.len(),
        skewed.join(", ")
    )]
}

/// Actors per level, in level order.
fn per_level(m: &Model) -> Vec<LevelCount> {
    let mut per_level: BTreeMap<u32, usize> = BTreeMap::new();
    for a in &m.actors {
        if let Some(l) = a.level {
            *per_level.entry(l).or_default() += 1;
        }
    }
    per_level
        .into_iter()
        .map(|(level, actors)| LevelCount {
            level,
            name: m.level_name(level).map(str::to_string),
            actors,
        })
        .collect()
}

/// What may be wrong with the model: actors nobody reaches or that reach
/// nobody (at most ten ids listed), deepest-level actors without a path up
/// or down (`hops`: up, then down), no levels at all.
fn warnings(g: &OrgGraph, hops: [&Option<HopStats>; 2]) -> Vec<String> {
    let graph = g.graph();
    let mut warnings = Vec::new();
    let list = |ids: &[&str]| {
        let shown: Vec<&str> = ids.iter().take(10).copied().collect();
        let more = ids.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    for (way, what) in [
        (
            Direction::Incoming,
            "nobody can reach (no incoming channel)",
        ),
        (
            Direction::Outgoing,
            "that reach nobody (no outgoing channel)",
        ),
    ] {
        let ids: Vec<&str> = graph
            .node_indices()
            .filter(|&n| graph.neighbors_directed(n, way).next().is_none())
            .map(|n| g.id(n))
            .collect();
        if !ids.is_empty() {
            warnings.push(format!("{} actor(s) {what}: {}", ids.len(), list(&ids)));
        }
    }
    for (h, way) in hops.into_iter().zip(["up to", "down from"]) {
        if let Some(h) = h {
            if h.connected < h.actors {
                warnings.push(format!(
                    "{} of {} deepest-level actors have no path {way} the top level",
                    h.actors - h.connected,
                    h.actors
                ));
            }
        }
    }
    if g.model().deepest_level().is_none() {
        warnings.push("no actor has a level: levels and hop counts cannot be reported".into());
    }
    warnings
}
