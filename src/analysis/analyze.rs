//! `analyze`: every structural measure of an organisation in one plain,
//! serialisable [`Analysis`] (what `hviske analyze` prints).

use super::centrality::{self, Adjacency, PAGERANK_ALPHA};
use super::cuts::{self, Components};
use super::hierarchy;
use super::paths;
use super::removal::{self, Reach, RemovalImpact};
use super::representation::{self, BodyRepresentation, UNDER_WEIGHT};
use super::summary::{inspect, HopStats};
use crate::graph::OrgGraph;
use serde::Serialize;

/// What [`analyze`] computes and with which thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Threshold for an under-weighted side in a body (see
    /// [`representation`](super::representation())); default [`UNDER_WEIGHT`].
    pub under_weight: f64,
    /// Rank every actor by removal impact (the costliest part: one
    /// Dijkstra per actor on a route up). Default true.
    pub removal: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            under_weight: UNDER_WEIGHT,
            removal: true,
        }
    }
}

/// The measures of one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorMeasures {
    /// Actor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Organisational level (`null` where the model gives none).
    pub level: Option<u32>,
    /// Tripartite side (`null` where the model gives none).
    pub side: Option<String>,
    /// Free-text kind (`null` where the model gives none).
    pub kind: Option<String>,
    /// Actors with an arc to this one.
    pub in_degree: usize,
    /// Actors this one has an arc to.
    pub out_degree: usize,
    /// Brandes betweenness, normalised by (n − 1)(n − 2) as networkx does for
    /// a directed graph.
    pub betweenness: f64,
    /// Closeness from the distances to this actor, with Wasserman–Faust
    /// scaling (networkx's convention).
    pub closeness: f64,
    /// PageRank, α = 0.85, dangling rank spread uniformly (networkx's convention).
    pub pagerank: f64,
    /// Direct reports via `instruction` (down) and `report` (up) channels.
    pub span_of_control: usize,
    /// Fewest hops from this actor up to the top level (`null`: no path).
    pub hops_to_top: Option<u32>,
    /// Fewest hops from the top level down to this actor (`null`: no path).
    pub hops_from_top: Option<u32>,
    /// The most reliable route up to the top level, this actor first (empty: no path).
    pub best_route: Vec<String>,
    /// The product of the fidelities along `best_route` (`null`: no path).
    pub best_route_reliability: Option<f64>,
}

/// Span of control over the actors that have direct reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanOfControl {
    /// Actors with at least one direct report.
    pub managers: usize,
    /// The largest span.
    pub max: usize,
    /// Mean span over `managers` (`null` when there are none).
    pub mean: Option<f64>,
    /// Ids of the actors with the largest span, model order.
    pub widest: Vec<String>,
}

/// Every structural measure of an organisation. Field names are stable: they
/// are the JSON keys of `hviske analyze --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The model's name.
    pub model: String,
    /// Per-actor measures, model order.
    pub actors: Vec<ActorMeasures>,
    /// Number of distinct levels the actors occupy.
    pub levels: usize,
    /// Shortest hops from the deepest level up to the top (as `inspect`).
    pub hops_up: Option<HopStats>,
    /// Shortest hops from the top down to the deepest level (as `inspect`).
    pub hops_down: Option<HopStats>,
    /// Span of control.
    pub span_of_control: SpanOfControl,
    /// Share of arcs with a return arc (`null` without arcs).
    pub reciprocity: Option<f64>,
    /// Weakly and strongly connected components.
    pub components: Components,
    /// Cut vertices of the undirected projection: actor ids, model order.
    pub articulation_points: Vec<String>,
    /// Bridges of the undirected projection: id pairs, the earlier actor in
    /// model order first, sorted by model order.
    pub bridges: Vec<[String; 2]>,
    /// Representation of the parties in every body, model order.
    pub representation: Vec<BodyRepresentation>,
    /// The threshold the representation flags used.
    pub under_weight_threshold: f64,
    /// How the deepest level reaches the top with everyone present.
    pub reach: Reach,
    /// The impact of removing each actor, most damaging first (empty when
    /// [`AnalysisOptions::removal`] is off).
    pub removal_impact: Vec<RemovalImpact>,
}

/// Computes every structural measure of `g`.
///
/// Complexity: O(V·E) for betweenness and closeness, plus O(K·(V + E) log V)
/// for the removal ranking (K actors on some route up); see each function.
pub fn analyze(g: &OrgGraph, opts: &AnalysisOptions) -> Analysis {
    let m = g.model();
    let adj = Adjacency::of(g);
    let (in_degree, out_degree) = centrality::degrees(&adj);
    let betweenness = centrality::betweenness(&adj);
    let closeness = centrality::closeness(&adj);
    let pagerank = centrality::pagerank(&adj, PAGERANK_ALPHA);
    let span = hierarchy::span_of_control(g);
    let (up, down) = paths::hops_to_and_from_top(g);
    let routes = paths::best_routes(g, &vec![false; g.node_count()]);
    let id = |i: usize| m.actors[i].id.to_string();

    let actors = m
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| ActorMeasures {
            id: id(i),
            name: a.name.clone(),
            level: a.level,
            side: a.side.map(|s| s.as_str().to_string()),
            kind: a.kind.clone(),
            in_degree: in_degree[i],
            out_degree: out_degree[i],
            betweenness: betweenness[i],
            closeness: closeness[i],
            pagerank: pagerank[i],
            span_of_control: span[i],
            hops_to_top: up[i],
            hops_from_top: down[i],
            best_route: routes.route(i).into_iter().map(id).collect(),
            best_route_reliability: routes.reliability[i],
        })
        .collect();

    let max = span.iter().copied().max().unwrap_or(0);
    let managers: Vec<usize> = span.iter().copied().filter(|&s| s > 0).collect();
    let span_of_control = SpanOfControl {
        managers: managers.len(),
        max,
        mean: (!managers.is_empty())
            .then(|| managers.iter().sum::<usize>() as f64 / managers.len() as f64),
        widest: (0..span.len())
            .filter(|&i| max > 0 && span[i] == max)
            .map(id)
            .collect(),
    };

    let summary = inspect(g);
    Analysis {
        model: m.name.clone(),
        actors,
        levels: summary.levels,
        hops_up: summary.hops_up,
        hops_down: summary.hops_down,
        span_of_control,
        reciprocity: hierarchy::reciprocity(&adj),
        components: cuts::components(&adj),
        articulation_points: cuts::articulation_points(&adj)
            .into_iter()
            .map(id)
            .collect(),
        bridges: cuts::bridges(&adj)
            .into_iter()
            .map(|(a, b)| [id(a), id(b)])
            .collect(),
        representation: representation::representation(m, opts.under_weight),
        under_weight_threshold: opts.under_weight,
        reach: removal::reach(g),
        removal_impact: if opts.removal {
            removal::removal_ranking(g)
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_two_one_model_has_cut_points_and_an_empty_chair() {
        let m = crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/three-two-one.json"
        ))
        .unwrap();
        let a = analyze(&crate::graph::build(&m), &AnalysisOptions::default());
        assert_eq!(a.levels, 9);
        assert_eq!(a.actors.len(), m.actors.len());
        assert!(
            a.articulation_points
                .contains(&"steering_group".to_string()),
            "{:?}",
            a.articulation_points
        );
        let wg = a
            .representation
            .iter()
            .find(|r| r.body == "wg_meat")
            .unwrap();
        assert!(
            wg.flags.iter().any(|f| f.contains("employee")),
            "{:?}",
            wg.flags
        );
        // Intermediaries only (issue 10): not the top (the ministry) nor the
        // deepest level (the enterprises' sources).
        let between = m
            .actors
            .iter()
            .filter(|x| x.level != m.top_level() && x.level != m.deepest_level())
            .count();
        assert_eq!(a.removal_impact.len(), between);
        assert!(a.removal_impact.iter().all(|r| r.id != "aid"));
        // Side routes up: no intermediary cuts the enterprises off; losing
        // the project leader costs the most reliability.
        assert_eq!(a.removal_impact[0].id, "project_leader");
        assert_eq!(a.removal_impact[0].cut_off, 0);
    }
}
