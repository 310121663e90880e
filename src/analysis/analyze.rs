//! `analyze`: every structural measure of an organisation in one plain,
//! serialisable [`Analysis`] (what `hviske analyze` prints).

use super::centrality::{self, Centralities, ProgressFn, PAGERANK_ALPHA};
use super::cohesion::{self, KindCohesion};
use super::cuts::{self, Components};
use super::groups::{self, Brokerage, EiIndex, Grouping};
use super::hierarchy;
use super::holes;
use super::paths;
use super::pivots;
use super::removal::{self, Reach, RemovalImpact};
use super::representation::{self, BodyRepresentation, UNDER_WEIGHT};
use super::spectral::{self, PowerIteration};
use super::summary::{hop_stats, HopStats};
use crate::graph::{Adjacency, OrgGraph};
use serde::Serialize;

/// Above this many actors, betweenness and closeness are estimated from
/// pivot sources unless the caller asks for a number of pivots itself, and
/// the removal ranking covers the top [`REMOVAL_CANDIDATES`] candidates
/// instead of every intermediary.
pub const EXACT_LIMIT: usize = 20_000;

/// Most pivots used above [`EXACT_LIMIT`] when the caller names none.
pub const DEFAULT_SAMPLES: usize = 500;

/// Fewest pivots used above [`EXACT_LIMIT`] when the caller names none.
pub const MIN_SAMPLES: usize = 100;

/// Above [`EXACT_LIMIT`] actors, the default pivot count K keeps
/// K · (actors + arcs) near this many steps, between [`MIN_SAMPLES`] and
/// [`DEFAULT_SAMPLES`]: 500 pivots up to about 300,000 actors in a
/// hierarchy, 129 on the 1.1-million-actor national preset.
pub const PIVOT_BUDGET: usize = 500_000_000;

/// Seed of the pivot draw when the caller names none.
pub const DEFAULT_SEED: u64 = 1;

/// Candidates ranked by removal impact above [`EXACT_LIMIT`] actors: half
/// the articulation points with the highest betweenness, half the actors
/// with the highest betweenness (intermediaries only, each once).
pub const REMOVAL_CANDIDATES: usize = 20;

/// A structural measure [`analyze`] can compute. The names (`degree`,
/// `betweenness`, ...) are those of `hviske analyze --measures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// In- and out-degree; reciprocity.
    Degree,
    /// Brandes betweenness.
    Betweenness,
    /// Closeness (distances to the actor).
    Closeness,
    /// PageRank.
    Pagerank,
    /// Hops to and from the top level.
    Hops,
    /// The most reliable route up; the reach of the deepest level.
    Routes,
    /// Span of control.
    Span,
    /// Weakly and strongly connected components.
    Components,
    /// Articulation points and bridges.
    Articulation,
    /// Party representation in every body.
    Representation,
    /// Removal impact ranking.
    Removal,
    /// Density, whole and per channel kind (with each kind's reciprocity).
    Density,
    /// Directed clustering coefficient, local and average.
    Clustering,
    /// Eigenvector centrality.
    Eigenvector,
    /// Katz centrality (only when named: it diverges when α ≥ 1/λ).
    Katz,
    /// Burt's constraint and effective size.
    Constraint,
    /// Gould–Fernandez brokerage roles over the groups.
    Brokerage,
    /// Krackhardt–Stern E-I index, whole and per group.
    Ei,
}

impl Measure {
    /// Every measure, in output order.
    pub const ALL: [Measure; 18] = [
        Measure::Degree,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::Pagerank,
        Measure::Hops,
        Measure::Routes,
        Measure::Span,
        Measure::Components,
        Measure::Articulation,
        Measure::Representation,
        Measure::Removal,
        Measure::Density,
        Measure::Clustering,
        Measure::Eigenvector,
        Measure::Katz,
        Measure::Constraint,
        Measure::Brokerage,
        Measure::Ei,
    ];

    /// Measures computed only when named in `--measures`.
    pub const ON_REQUEST: [Measure; 1] = [Measure::Katz];

    /// Measures computed by default only up to [`EXACT_LIMIT`] actors: they
    /// cost more than O(E) on an actor with many ties (see each function).
    pub const COSTLY: [Measure; 4] = [
        Measure::Clustering,
        Measure::Eigenvector,
        Measure::Constraint,
        Measure::Brokerage,
    ];

    /// The measures `hviske analyze` computes when `--measures` names none,
    /// for a model of `actors` actors: all but [`Measure::ON_REQUEST`], and
    /// above [`EXACT_LIMIT`] actors not [`Measure::COSTLY`] either.
    pub fn defaults(actors: usize) -> Vec<Measure> {
        Measure::ALL
            .into_iter()
            .filter(|m| !Measure::ON_REQUEST.contains(m))
            .filter(|m| actors <= EXACT_LIMIT || !Measure::COSTLY.contains(m))
            .collect()
    }

    /// The measure's name, as `--measures` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::Pagerank => "pagerank",
            Measure::Hops => "hops",
            Measure::Routes => "routes",
            Measure::Span => "span",
            Measure::Components => "components",
            Measure::Articulation => "articulation",
            Measure::Representation => "representation",
            Measure::Removal => "removal",
            Measure::Density => "density",
            Measure::Clustering => "clustering",
            Measure::Eigenvector => "eigenvector",
            Measure::Katz => "katz",
            Measure::Constraint => "constraint",
            Measure::Brokerage => "brokerage",
            Measure::Ei => "ei",
        }
    }

    /// The measure with this name.
    pub fn from_name(name: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The per-actor fields of [`ActorMeasures`] this measure fills (their
    /// JSON keys and CSV columns).
    pub fn actor_fields(self) -> &'static [&'static str] {
        match self {
            Measure::Degree => &["in_degree", "out_degree"],
            Measure::Betweenness => &["betweenness"],
            Measure::Closeness => &["closeness"],
            Measure::Pagerank => &["pagerank"],
            Measure::Hops => &["hops_to_top", "hops_from_top"],
            Measure::Routes => &["best_route", "best_route_reliability"],
            Measure::Span => &["span_of_control"],
            Measure::Clustering => &["clustering"],
            Measure::Eigenvector => &["eigenvector"],
            Measure::Katz => &["katz"],
            Measure::Constraint => &["constraint", "effective_size"],
            Measure::Brokerage => &["brokerage"],
            _ => &[],
        }
    }

    /// The fields of [`Analysis`] this measure fills (their JSON keys).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Measure::Degree => &["reciprocity"],
            Measure::Hops => &["hops_up", "hops_down"],
            Measure::Routes => &["reach"],
            Measure::Span => &["span_of_control"],
            Measure::Components => &["components"],
            Measure::Articulation => &["articulation_points", "bridges"],
            Measure::Representation => &["representation", "under_weight_threshold"],
            Measure::Removal => &["removal_impact"],
            Measure::Density => &["density", "per_kind"],
            Measure::Clustering => &["average_clustering"],
            Measure::Eigenvector => &["eigenvector_iteration"],
            Measure::Katz => &["katz_iteration"],
            Measure::Brokerage => &["brokerage_groups"],
            Measure::Ei => &["ei_groups", "ei_index"],
            _ => &[],
        }
    }
}

/// What [`analyze`] computes and with which thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Threshold for an under-weighted side in a body (see
    /// [`representation`](super::representation())); default [`UNDER_WEIGHT`].
    pub under_weight: f64,
    /// The measures to compute (default: all).
    pub measures: Vec<Measure>,
    /// Estimate betweenness and closeness from this many pivot sources
    /// (2 to the actor count). `None`: exact up to [`EXACT_LIMIT`] actors,
    /// above it [`PIVOT_BUDGET`] / (actors + arcs) pivots, at least
    /// [`MIN_SAMPLES`] and at most [`DEFAULT_SAMPLES`].
    pub samples: Option<usize>,
    /// Seed of the pivot draw (Python's `random.Random(seed)`).
    pub seed: u64,
    /// The groups brokerage roles and the E-I index are counted over.
    pub groups: Grouping,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            under_weight: UNDER_WEIGHT,
            measures: Measure::ALL.to_vec(),
            samples: None,
            seed: DEFAULT_SEED,
            groups: Grouping::Level,
        }
    }
}

impl AnalysisOptions {
    /// True when `m` is asked for.
    pub fn wants(&self, m: Measure) -> bool {
        self.measures.contains(&m)
    }

    /// The pivots betweenness and closeness will be estimated from on `n`
    /// actors and `arcs` arcs (`None`: computed exactly).
    pub fn pivots(&self, n: usize, arcs: usize) -> Option<usize> {
        match self.samples {
            Some(k) => Some(k.min(n)),
            None if n > EXACT_LIMIT => {
                let k = PIVOT_BUDGET / (n + arcs).max(1);
                Some(k.clamp(MIN_SAMPLES, DEFAULT_SAMPLES).min(n))
            }
            None => None,
        }
    }

    /// The number of long stages [`analyze_with_progress`] reports progress
    /// for on `n` actors and `arcs` arcs (for a progress bar over all of them).
    pub fn stages(&self, n: usize, arcs: usize) -> u64 {
        let sampled = self.pivots(n, arcs).is_some();
        let centrality = self.wants(Measure::Betweenness)
            || self.wants(Measure::Removal) && n > EXACT_LIMIT
            || self.wants(Measure::Closeness) && sampled;
        let closeness = self.wants(Measure::Closeness) && !sampled;
        [centrality, closeness, self.wants(Measure::Removal)]
            .into_iter()
            .map(u64::from)
            .sum()
    }
}

/// Which measures are estimates, and how they were drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimated {
    /// The estimated measures.
    pub measures: Vec<Measure>,
    /// Pivot sources the estimates come from.
    pub pivots: usize,
    /// Seed of the pivot draw: `random.Random(seed).sample(actors, pivots)`.
    pub seed: u64,
    /// How the pivots were drawn and the figures scaled.
    pub method: String,
}

/// Which actors the removal ranking covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovalScope {
    /// Actors ranked.
    pub ranked: usize,
    /// Intermediaries that could have been ranked.
    pub intermediaries: usize,
    /// How the ranked ones were chosen.
    pub rule: String,
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
    /// Directed clustering coefficient (networkx's `clustering` of a DiGraph).
    pub clustering: f64,
    /// Eigenvector centrality from in-arcs, Euclidean norm 1 (networkx's
    /// `eigenvector_centrality`; `null` when the iteration did not converge).
    pub eigenvector: Option<f64>,
    /// Katz centrality, α 0.1, β 1, Euclidean norm 1 (networkx's
    /// `katz_centrality`; `null` when the iteration did not converge).
    pub katz: Option<f64>,
    /// Burt's constraint over everyone the actor sends to or hears from
    /// (networkx's `constraint`; `null` for an actor without ties).
    pub constraint: Option<f64>,
    /// Burt's effective size (networkx's `effective_size`; `null` for an
    /// actor without ties).
    pub effective_size: Option<f64>,
    /// Gould–Fernandez brokerage roles over the groups of
    /// [`Analysis::brokerage_groups`].
    pub brokerage: Brokerage,
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
    /// The measures computed. The fields of the others hold empty values
    /// (zeros, `None`, empty lists) and every output leaves them out (see
    /// [`Measure::fields`]).
    #[serde(skip)]
    pub computed: Vec<Measure>,
    /// Which measures are estimates, from how many pivots and which seed
    /// (absent when every figure is exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated: Option<Estimated>,
    /// When the removal ranking covers the top candidates only: how many
    /// and how they were chosen (absent when it covers every intermediary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_scope: Option<RemovalScope>,
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
    /// [`AnalysisOptions::measures`] leaves out [`Measure::Removal`]).
    pub removal_impact: Vec<RemovalImpact>,
    /// Arcs / (n (n − 1)) of the simple directed graph (`null` with fewer
    /// than two actors; networkx's `density`).
    pub density: Option<f64>,
    /// Density and reciprocity of each channel kind on its own, by kind name.
    pub per_kind: Vec<KindCohesion>,
    /// Mean clustering coefficient over every actor, zeros included
    /// (networkx's `average_clustering`).
    pub average_clustering: Option<f64>,
    /// How the eigenvector iteration went.
    pub eigenvector_iteration: Option<PowerIteration>,
    /// How the Katz iteration went.
    pub katz_iteration: Option<PowerIteration>,
    /// What groups the brokerage roles are counted over.
    pub brokerage_groups: Grouping,
    /// What groups the E-I index is computed over.
    pub ei_groups: Grouping,
    /// The E-I index of the whole network (`"(all)"`, first), then of each group.
    pub ei_index: Vec<EiIndex>,
}

/// Computes the structural measures of `g` that `opts` asks for.
///
/// Complexity: O(V·E) for exact betweenness (far less on a symmetric,
/// tree-like graph) and closeness, O(K·E) for K pivots; plus
/// O(C·(V + E) log V) for the removal ranking over C candidates; see each
/// function.
pub fn analyze(g: &OrgGraph, opts: &AnalysisOptions) -> Analysis {
    analyze_with_progress(g, opts, &centrality::no_progress)
}

/// [`analyze`], reporting `(done, total)` for each of the
/// [`AnalysisOptions::stages`] long stages in turn (from worker threads).
pub fn analyze_with_progress(
    g: &OrgGraph,
    opts: &AnalysisOptions,
    progress: ProgressFn,
) -> Analysis {
    let m = g.model();
    let adj = Adjacency::of(g);
    let want = |x| opts.wants(x);
    let (central, estimated) = centralities(&adj, opts, progress);
    let span = if want(Measure::Span) {
        hierarchy::span_of_control(g)
    } else {
        vec![0; g.node_count()]
    };
    let extra = extra_measures(g, &adj, opts);
    let actors = actor_measures(g, &adj, opts, &central, &span, &extra);
    let articulation = if want(Measure::Articulation) || want(Measure::Removal) {
        cuts::articulation_points(&adj)
    } else {
        Vec::new()
    };
    let (removal_impact, removal_scope) = if want(Measure::Removal) {
        removals(g, &central.betweenness, &articulation, progress)
    } else {
        (Vec::new(), None)
    };
    let (hops_up, hops_down) = if want(Measure::Hops) {
        hop_stats(g)
    } else {
        (None, None)
    };
    let mut levels: Vec<u32> = m.actors.iter().filter_map(|a| a.level).collect();
    levels.sort_unstable();
    levels.dedup();
    let id = |i: usize| m.actors[i].id.to_string();
    let (articulation_points, bridges) = if want(Measure::Articulation) {
        let bridges = cuts::bridges(&adj).into_iter().map(|(a, b)| [id(a), id(b)]);
        (
            articulation.into_iter().map(id).collect(),
            bridges.collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Analysis {
        model: m.name.clone(),
        computed: Measure::ALL.into_iter().filter(|&x| want(x)).collect(),
        estimated,
        removal_scope,
        actors,
        levels: levels.len(),
        hops_up,
        hops_down,
        span_of_control: span_summary(&span, id),
        reciprocity: hierarchy::reciprocity(&adj).filter(|_| want(Measure::Degree)),
        components: if want(Measure::Components) {
            cuts::components(&adj)
        } else {
            Components::default()
        },
        articulation_points,
        bridges,
        representation: if want(Measure::Representation) {
            representation::representation(m, opts.under_weight)
        } else {
            Vec::new()
        },
        under_weight_threshold: opts.under_weight,
        reach: if want(Measure::Routes) {
            removal::reach(g)
        } else {
            Reach::default()
        },
        removal_impact,
        density: cohesion::density(&adj).filter(|_| want(Measure::Density)),
        per_kind: if want(Measure::Density) {
            cohesion::by_kind(g)
        } else {
            Vec::new()
        },
        average_clustering: extra.clustering.as_deref().and_then(cohesion::average),
        eigenvector_iteration: extra.eigenvector,
        katz_iteration: extra.katz,
        brokerage_groups: opts.groups,
        ei_groups: opts.groups,
        ei_index: extra.ei,
    }
}

/// The measures added for network analysts (issue 22): each `None` (or
/// empty) when not asked for.
struct Extra {
    clustering: Option<Vec<f64>>,
    eigenvector: Option<PowerIteration>,
    katz: Option<PowerIteration>,
    holes: Option<holes::Holes>,
    brokerage: Option<Vec<Brokerage>>,
    ei: Vec<EiIndex>,
}

fn extra_measures(g: &OrgGraph, adj: &Adjacency, opts: &AnalysisOptions) -> Extra {
    let want = |x| opts.wants(x);
    let grouped =
        (want(Measure::Brokerage) || want(Measure::Ei)).then(|| groups::groups(g, opts.groups));
    Extra {
        clustering: want(Measure::Clustering).then(|| cohesion::clustering(adj)),
        eigenvector: want(Measure::Eigenvector).then(|| spectral::eigenvector(adj)),
        katz: want(Measure::Katz)
            .then(|| spectral::katz(adj, spectral::KATZ_ALPHA, spectral::KATZ_BETA)),
        holes: want(Measure::Constraint).then(|| holes::holes(adj)),
        brokerage: grouped
            .as_ref()
            .filter(|_| want(Measure::Brokerage))
            .map(|gr| groups::brokerage(adj, gr)),
        ei: grouped
            .as_ref()
            .filter(|_| want(Measure::Ei))
            .map_or(Vec::new(), |gr| groups::ei_index(adj, gr)),
    }
}

/// Each actor's row: the measures `opts` asks for, zeros (or nothing) for
/// the rest; `span` is computed by the caller, which also summarises it.
fn actor_measures(
    g: &OrgGraph,
    adj: &Adjacency,
    opts: &AnalysisOptions,
    central: &Centralities,
    span: &[usize],
    extra: &Extra,
) -> Vec<ActorMeasures> {
    let m = g.model();
    let n = g.node_count();
    let want = |x| opts.wants(x);
    let (in_degree, out_degree) = if want(Measure::Degree) {
        centrality::degrees(adj)
    } else {
        (vec![0; n], vec![0; n])
    };
    let pagerank = if want(Measure::Pagerank) {
        centrality::pagerank(adj, PAGERANK_ALPHA)
    } else {
        vec![0.0; n]
    };
    let (up, down) = if want(Measure::Hops) {
        paths::hops_to_and_from_top(g)
    } else {
        (vec![None; n], vec![None; n])
    };
    let routes = want(Measure::Routes).then(|| paths::best_routes(g, &vec![false; n]));
    let id = |i: usize| m.actors[i].id.to_string();
    let zero = vec![0.0; n];
    let betweenness = shown(&central.betweenness, want(Measure::Betweenness), &zero);
    let closeness = shown(&central.closeness, want(Measure::Closeness), &zero);
    m.actors
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
            best_route: routes
                .as_ref()
                .map_or(Vec::new(), |r| r.route(i).into_iter().map(id).collect()),
            best_route_reliability: routes.as_ref().and_then(|r| r.reliability[i]),
            clustering: extra.clustering.as_ref().map_or(0.0, |c| c[i]),
            eigenvector: power(&extra.eigenvector, i),
            katz: power(&extra.katz, i),
            constraint: extra.holes.as_ref().and_then(|h| h.constraint[i]),
            effective_size: extra.holes.as_ref().and_then(|h| h.effective_size[i]),
            brokerage: extra
                .brokerage
                .as_ref()
                .map_or_else(Brokerage::default, |b| b[i]),
        })
        .collect()
}

/// Actor `i`'s figure from a power iteration that was run and converged.
fn power(p: &Option<PowerIteration>, i: usize) -> Option<f64> {
    p.as_ref()?.values.as_ref().map(|v| v[i])
}

/// `values` when they were asked for, zeros otherwise (they may have been
/// computed only to choose removal candidates).
fn shown<'a>(values: &'a [f64], asked: bool, zero: &'a [f64]) -> &'a [f64] {
    if asked && !values.is_empty() {
        values
    } else {
        zero
    }
}

/// Betweenness and closeness as `opts` asks (exact or from pivots), and
/// what was estimated. Betweenness is also computed when the removal
/// ranking needs it to choose candidates. Empty vectors for what was not
/// computed.
fn centralities(
    adj: &Adjacency,
    opts: &AnalysisOptions,
    progress: ProgressFn,
) -> (Centralities, Option<Estimated>) {
    let n = adj.len();
    let want = |x| opts.wants(x);
    let need_bc = want(Measure::Betweenness) || want(Measure::Removal) && n > EXACT_LIMIT;
    let want_cl = want(Measure::Closeness);
    match opts
        .pivots(n, adj.arc_count())
        .filter(|&k| k >= 2 && (need_bc || want_cl))
    {
        Some(k) => {
            let chosen = pivots::pivots(n, k, opts.seed);
            let e = centrality::estimate(adj, &chosen, progress);
            let measures: Vec<Measure> = [Measure::Betweenness, Measure::Closeness]
                .into_iter()
                .filter(|&x| want(x))
                .collect();
            let estimated = (!measures.is_empty()).then(|| Estimated {
                measures,
                pivots: k,
                seed: opts.seed,
                method: "pivots drawn as Python's random.Random(seed).sample(actors in model \
                         order, pivots), as networkx's betweenness_centrality(k=pivots, \
                         seed=seed) draws them; betweenness scaled as networkx does, \
                         closeness estimated from the pivots' distances (Eppstein-Wang)"
                    .into(),
            });
            (e, estimated)
        }
        None => {
            let betweenness = if need_bc {
                centrality::betweenness(adj, progress)
            } else {
                Vec::new()
            };
            let closeness = if want_cl {
                centrality::closeness(adj, progress)
            } else {
                Vec::new()
            };
            let e = Centralities {
                betweenness,
                closeness,
            };
            (e, None)
        }
    }
}

/// The removal ranking: every intermediary up to [`EXACT_LIMIT`] actors, the
/// top [`REMOVAL_CANDIDATES`] candidates above.
fn removals(
    g: &OrgGraph,
    betweenness: &[f64],
    articulation: &[usize],
    progress: ProgressFn,
) -> (Vec<RemovalImpact>, Option<RemovalScope>) {
    let between = removal::intermediaries(g);
    if g.node_count() <= EXACT_LIMIT {
        return (removal::removal_ranking_of(g, &between, progress), None);
    }
    let by_bc = |mut v: Vec<usize>| {
        v.sort_by(|&a, &b| betweenness[b].total_cmp(&betweenness[a]).then(a.cmp(&b)));
        v
    };
    let mut is_between = vec![false; g.node_count()];
    for &v in &between {
        is_between[v] = true;
    }
    let cut: Vec<usize> = articulation
        .iter()
        .copied()
        .filter(|&v| is_between[v])
        .collect();
    let half = REMOVAL_CANDIDATES / 2;
    let mut chosen: Vec<usize> = by_bc(cut).into_iter().take(half).collect();
    for v in by_bc(between.clone()) {
        if chosen.len() >= REMOVAL_CANDIDATES {
            break;
        }
        if !chosen.contains(&v) {
            chosen.push(v);
        }
    }
    chosen.sort_unstable();
    let scope = RemovalScope {
        ranked: chosen.len(),
        intermediaries: between.len(),
        rule: format!(
            "above {EXACT_LIMIT} actors only the top candidates are ranked: the \
             articulation points with the highest betweenness, then the actors with the \
             highest betweenness, {REMOVAL_CANDIDATES} in all"
        ),
    };
    (
        removal::removal_ranking_of(g, &chosen, progress),
        Some(scope),
    )
}

/// Span of control over the actors that have direct reports.
fn span_summary(span: &[usize], id: impl Fn(usize) -> String) -> SpanOfControl {
    let max = span.iter().copied().max().unwrap_or(0);
    let managers: Vec<usize> = span.iter().copied().filter(|&s| s > 0).collect();
    SpanOfControl {
        managers: managers.len(),
        max,
        mean: (!managers.is_empty())
            .then(|| managers.iter().sum::<usize>() as f64 / managers.len() as f64),
        widest: (0..span.len())
            .filter(|&i| max > 0 && span[i] == max)
            .map(id)
            .collect(),
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
