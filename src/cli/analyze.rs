//! `hviske analyze MODEL`

use super::{Exit, OutputArgs, Rejection};
use clap::Args;
use hviske::analysis::{self, AnalysisOptions};
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

Betweenness and closeness take O(actors x arcs); the removal ranking one
route search per actor on a route up: seconds at 10 000 actors.")]
pub struct AnalyzeArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    /// Rows per ranking in the table and Markdown output.
    #[arg(long, default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    top: u32,
    /// Show the impact of removing this actor (repeat to remove several
    /// together) instead of the full analysis.
    #[arg(long, value_name = "ID")]
    remove: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Exit> {
    let model = super::load_design(&args.model)?;
    let out = args.output.checked("analyze", true, false)?;
    let graph = hviske::graph::build(&model);
    let format: Format = args.output.format.into();
    let text = if args.remove.is_empty() {
        let a = analysis::analyze(&graph, &AnalysisOptions::default());
        render::analysis(&a, format, args.top as usize)?
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
        render::removal(&before, &impact, format)?
    };
    out.write(text.as_bytes())?;
    Ok(Exit::Success)
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
