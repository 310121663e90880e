//! `hviske analyze MODEL`

use super::progress::Progress;
use super::{Exit, OutputArgs, Rejection};
use clap::Args;
use hviske::analysis::{self, AnalysisOptions, Grouping, Measure};
use hviske::render::{self, Format};
use std::path::PathBuf;

/// Structural analysis: centrality (degree, betweenness, closeness,
/// PageRank), hops to the top, the most reliable route up, span of control,
/// components, single points of failure (articulation points and bridges),
/// party representation in every body, and the impact of removing each actor.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  hviske analyze models/three-two-one.json
  hviske analyze models/three-two-one.json --top 5 --format markdown
  hviske analyze models/three-two-one.json --remove dat
  hviske analyze models/three-two-one.json --remove wg_meat --remove nnn
  hviske analyze models/industry-council.json -f json \\
      | jq '.removal_impact[0]'
  hviske analyze models/three-two-one.json -f csv -o actors.csv
  hviske analyze big.json --measures betweenness --samples 1000 --seed 7 -f json

Measures: degree, betweenness, closeness, pagerank, hops, routes, span,
components, articulation, representation, removal, density, clustering,
eigenvector, katz, constraint, brokerage, ei (default: all but katz; above
20 000 actors also not clustering, eigenvector, constraint, brokerage).

Conventions (networkx's, checked against it in the tests): every measure
reads the simple directed graph, one arc however many channels of different
kinds run the same way. Closeness is networkx's: distances *to* the actor
(incoming), Wasserman-Faust scaling for actors that not everyone reaches;
igraph's closeness(mode='in') uses the same distances but scales by the
reached actors only, so the two differ wherever some actor cannot reach
another. Articulation points and bridges are those of the undirected graph.
Clustering is Fagiolo's directed coefficient; eigenvector and Katz (alpha
0.1, beta 1) count in-arcs and are null when the iteration does not
converge; constraint and effective size take everyone an actor sends to or
hears from; brokerage roles (coordinator, gatekeeper, representative,
consultant, liaison) count open two-paths through the actor, and the E-I
index arcs inside and across groups (--groups).

Costs: density, E-I O(arcs); clustering, constraint O(arcs x the smaller
degree of each tie); brokerage O(sum of in x out degree); eigenvector and
katz O(iterations x arcs), at most 10 000 iterations.

Exact betweenness and closeness take O(actors x arcs) (betweenness far
less on hierarchies whose channels all run both ways); the removal ranking
one route search per actor on a route up. Above 20 000 actors, betweenness
and closeness are estimated from pivot sources (500, fewer past about
300 000 actors: at least 100; --samples to choose; labelled as estimates
in every output) and the removal ranking covers the
20 top candidates (articulation points and high betweenness).")]
pub struct AnalyzeArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    /// Rows per ranking in the table and Markdown output.
    #[arg(long, default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    top: u32,
    /// Show the impact of removing this actor (repeat to remove several
    /// together) instead of the full analysis. It computes no centrality,
    /// so --measures, --samples and --seed do not go with it.
    #[arg(long, value_name = "ID", conflicts_with_all = ["measures", "samples", "seed"])]
    remove: Vec<String>,
    /// Compute only these measures (comma-separated; default: all).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_measure)]
    measures: Vec<Measure>,
    /// Estimate betweenness and closeness from K pivot sources, drawn as
    /// networkx's betweenness_centrality(k=K, seed=S) draws them (2 to the
    /// actor count) [default: exact up to 20 000 actors, 100 to 500 pivots
    /// above].
    #[arg(long, value_name = "K",
          value_parser = clap::value_parser!(u64).range(2..=u64::from(u32::MAX)))]
    samples: Option<u64>,
    /// Seed of the pivot draw (Python's random.Random(S)).
    #[arg(long, value_name = "S", default_value_t = analysis::DEFAULT_SEED)]
    seed: u64,
    /// The groups brokerage roles and the E-I index are counted over:
    /// level, side or kind (the actors' own kind, e.g. a department).
    #[arg(long, value_name = "BY", default_value = "level", value_parser = parse_grouping,
          conflicts_with = "remove")]
    groups: Grouping,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Exit> {
    let model = super::load_design(&args.model)?;
    let out = args.output.checked("analyze", true, false)?;
    let graph = hviske::graph::build(&model);
    super::timings::mark("build");
    let format: Format = args.output.format.into();
    let text = if args.remove.is_empty() {
        let n = model.actors.len();
        let samples = args.samples.map(|k| k as usize);
        if let Some(k) = samples.filter(|&k| k > n) {
            return Err(Rejection(format!(
                "--samples {k}: {} has only {n} actors",
                args.model.display()
            ))
            .into());
        }
        let mut measures = Measure::ALL.to_vec();
        if args.measures.is_empty() {
            measures = Measure::defaults(n);
        } else {
            measures.retain(|m| args.measures.contains(m));
        }
        let opts = AnalysisOptions {
            measures,
            samples,
            seed: args.seed,
            groups: args.groups,
            ..AnalysisOptions::default()
        };
        let progress = Progress::with_stages(
            "analyzing",
            args.output.quiet,
            opts.stages(n, graph.arc_count()),
        );
        let a = analysis::analyze_with_progress(&graph, &opts, &|d, t| progress.update(d, t));
        drop(progress);
        super::timings::mark("analyze");
        render::analysis(&a, format, args.top as usize, &super::hint)?
    } else {
        let mut removed = Vec::new();
        for (k, id) in args.remove.iter().enumerate() {
            if args.remove[..k].contains(id) {
                return Err(Rejection(format!("--remove {id} is given twice")).into());
            }
            match model.actor_index(id) {
                Some(i) => removed.push(i),
                None => return Err(unknown_actor(&model, &args.model, id).into()),
            }
        }
        let before = analysis::reach(&graph);
        let impact = analysis::removal_impact(&graph, &removed);
        super::timings::mark("analyze");
        render::removal(&before, &impact, format)?
    };
    out.write(text.as_bytes())?;
    super::timings::mark("render");
    Ok(Exit::Success)
}

/// One `--measures` name.
fn parse_measure(s: &str) -> Result<Measure, String> {
    Measure::from_name(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
        format!("no measure \"{s}\" (one of: {})", names.join(", "))
    })
}

/// One `--groups` name.
fn parse_grouping(s: &str) -> Result<Grouping, String> {
    Grouping::from_name(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Grouping::ALL.iter().map(|g| g.name()).collect();
        format!("no grouping \"{s}\" (one of: {})", names.join(", "))
    })
}

/// `--remove` names no actor: say so, with the nearest id.
fn unknown_actor(model: &hviske::model::Model, path: &std::path::Path, id: &str) -> Rejection {
    let near = hviske::model::near_match(id, model.actors.iter().map(|a| a.id.as_str()));
    let hint = near.map_or(String::new(), |n| format!(" (did you mean \"{n}\"?)"));
    Rejection(format!(
        "--remove: no actor \"{id}\" in {}{hint}",
        path.display()
    ))
}
