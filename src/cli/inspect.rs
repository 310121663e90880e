//! `hviske inspect MODEL`

use super::{Exit, OutputArgs};
use clap::Args;
use std::path::PathBuf;

/// Summarise a model: actors per level, side and kind, channels per kind,
/// hop counts between the deepest level and the top, and warnings.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  hviske inspect models/three-two-one.json
  hviske inspect models/industry-council.json --format json | jq .hops_up")]
pub struct InspectArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: InspectArgs) -> anyhow::Result<Exit> {
    let model = super::load_design(&args.model)?;
    let out = args.output.checked("inspect", false, false)?;
    let graph = hviske::graph::build(&model);
    let inspection = hviske::analysis::inspect(&graph);
    let text = hviske::render::inspection(&inspection, args.output.format.into())?;
    out.write(text.as_bytes())?;
    Ok(Exit::Success)
}
