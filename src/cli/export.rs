//! `hviske export MODEL --to FORMAT -o FILE`

use super::{Exit, Output, Rejection};
use anyhow::bail;
use clap::{Args, ValueEnum};
use hviske::analysis::{self, AnalysisOptions};
use hviske::interop::{self, ExportFormat, ExportPart, Measure, MeasureType};
use hviske::model::Model;
use hviske::sim::{self, Query, SimConfig};
use std::path::{Path, PathBuf};

/// Write a model for other tools: GraphML or GEXF (Gephi, networkx, igraph,
/// Cytoscape), networkx node-link JSON, CSV (the actors and channels tables
/// `import` reads) or plain DOT, optionally with per-actor measures as typed
/// attributes to size and colour by.
#[derive(Debug, Args)]
#[command(after_help = "\
Formats:
  graphml  directed; every field a typed attribute (level int, probabilities and
           days double, bidirectional boolean); a bidirectional channel is two
           edges with the same \"channel\" number. networkx: nx.read_graphml(F)
  gexf     GEXF 1.3 for Gephi (File > Open), same attributes and edges.
           networkx: nx.read_gexf(F)
  json     networkx node-link, edges under \"edges\" (networkx 3.4+):
           nx.node_link_graph(json.load(open(F)), edges=\"edges\"); before 3.4:
           d = json.load(open(F)); d[\"links\"] = d.pop(\"edges\"); nx.node_link_graph(d)
  csv      two files, named from -o: -o org.csv writes org-actors.csv and
           org-channels.csv (the columns import reads; parameters resolved)
  dot      plain Graphviz DOT; a bidirectional channel is one edge, dir=both

--with-analysis adds analyze's per-actor measures (in_degree, out_degree,
betweenness, closeness, pagerank, span_of_control, hops_to_top, hops_from_top,
best_route_reliability); --with-sim adds simulate's hold rates up and down
(held_up_intact, held_up_reached, held_down_intact, held_down_reached; needs
levels; about as slow as two `simulate --direction` runs).

Examples:
  hviske export models/three-two-one.json --to graphml --with-analysis -o 321.graphml
  hviske export models/industry-council.json --to gexf --with-analysis --with-sim -o council.gexf
  hviske export models/three-two-one.json --to csv -o 321.csv
  hviske export models/three-two-one.json --to json -o 321.json")]
pub struct ExportArgs {
    /// The model (or scenario) file.
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    to: ToArg,
    /// The file to write ("-" = stdout, not for csv); written whole or not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Add analyze's per-actor measures as attributes.
    #[arg(long)]
    with_analysis: bool,
    /// Add simulate's per-actor hold rates (up and down) as attributes.
    #[arg(long)]
    with_sim: bool,
    /// Seed of --with-sim.
    #[arg(long, value_name = "S", default_value_t = sim::DEFAULT_SEED)]
    seed: u64,
    /// Trials per source fact of --with-sim [default: simulate's; at most 10,000,000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// No progress on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The `--to` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ToArg {
    Graphml,
    Gexf,
    Json,
    Csv,
    Dot,
}

impl From<ToArg> for ExportFormat {
    fn from(t: ToArg) -> Self {
        match t {
            ToArg::Graphml => ExportFormat::Graphml,
            ToArg::Gexf => ExportFormat::Gexf,
            ToArg::Json => ExportFormat::Json,
            ToArg::Csv => ExportFormat::Csv,
            ToArg::Dot => ExportFormat::Dot,
        }
    }
}

pub fn run(args: ExportArgs) -> anyhow::Result<Exit> {
    let model = super::load_design(&args.model)?;
    let outputs = destinations(&args)?;
    let mut measures = Vec::new();
    if args.with_analysis {
        measures.extend(analysis_measures(&model));
    }
    if args.with_sim {
        measures.extend(sim_measures(&model, &args)?);
    }
    // The validated model keeps no `meta`: read it from the file itself.
    let meta = std::fs::read_to_string(&args.model)
        .ok()
        .and_then(|text| interop::Meta::of_file(&text, &model));
    let files = interop::export(&model, args.to.into(), &measures, meta.as_ref());
    // CSV's two files are one output: both are written, or neither.
    let writes: Vec<(Output, &[u8])> = files
        .iter()
        .filter_map(|file| {
            let (_, out) = outputs.iter().find(|(part, _)| *part == file.part)?;
            Some((out.clone(), file.bytes.as_slice()))
        })
        .collect();
    super::output::write_all(&writes)?;
    Ok(Exit::Success)
}

/// Where each part goes; CSV's two files are named from `-o`.
fn destinations(args: &ExportArgs) -> anyhow::Result<Vec<(ExportPart, Output)>> {
    let out = Output::new(args.output.as_deref());
    let outputs = match (args.to, &out) {
        (ToArg::Csv, Output::File(path)) => vec![
            (ExportPart::Actors, Output::File(csv_name(path, "actors"))),
            (
                ExportPart::Channels,
                Output::File(csv_name(path, "channels")),
            ),
        ],
        (ToArg::Csv, Output::Stdout) => {
            bail!("--to csv writes two files: give -o NAME.csv (writes NAME-actors.csv and NAME-channels.csv)")
        }
        (_, _) => vec![(ExportPart::Whole, out)],
    };
    for (_, o) in &outputs {
        o.check()?;
    }
    Ok(outputs)
}

/// `org.csv` -> `org-actors.csv`; `org` -> `org-actors.csv`.
fn csv_name(path: &Path, part: &str) -> PathBuf {
    let stem = match path.extension() {
        Some(e) if e.eq_ignore_ascii_case("csv") => path.with_extension(""),
        _ => path.to_path_buf(),
    };
    let mut name = stem.into_os_string();
    name.push(format!("-{part}.csv"));
    PathBuf::from(name)
}

fn measure(name: &str, ty: MeasureType, values: Vec<Option<f64>>) -> Measure {
    Measure {
        name: name.into(),
        ty,
        values,
    }
}

fn analysis_measures(model: &Model) -> Vec<Measure> {
    let graph = hviske::graph::build(model);
    let opts = AnalysisOptions {
        measures: analysis::Measure::ALL
            .into_iter()
            .filter(|&m| m != analysis::Measure::Removal)
            .collect(),
        ..AnalysisOptions::default()
    };
    let a = analysis::analyze(&graph, &opts);
    let col = |f: fn(&analysis::ActorMeasures) -> Option<f64>| a.actors.iter().map(f).collect();
    use MeasureType::{Double, Int};
    vec![
        measure("in_degree", Int, col(|m| Some(m.in_degree as f64))),
        measure("out_degree", Int, col(|m| Some(m.out_degree as f64))),
        measure("betweenness", Double, col(|m| Some(m.betweenness))),
        measure("closeness", Double, col(|m| Some(m.closeness))),
        measure("pagerank", Double, col(|m| Some(m.pagerank))),
        measure(
            "span_of_control",
            Int,
            col(|m| Some(m.span_of_control as f64)),
        ),
        measure("hops_to_top", Int, col(|m| m.hops_to_top.map(f64::from))),
        measure(
            "hops_from_top",
            Int,
            col(|m| m.hops_from_top.map(f64::from)),
        ),
        measure(
            "best_route_reliability",
            Double,
            col(|m| m.best_route_reliability),
        ),
    ]
}

fn sim_measures(model: &Model, args: &ExportArgs) -> anyhow::Result<Vec<Measure>> {
    let graph = hviske::graph::build(model);
    let cfg = SimConfig {
        trials: args.trials,
        seed: args.seed,
        ..SimConfig::default()
    };
    let mut out = Vec::new();
    for (up, word) in [(true, "up"), (false, "down")] {
        let query = Query::direction(model, up)
            .map_err(|e| Rejection(format!("--with-sim: {}", super::sim_message(&e))))?;
        let progress = super::progress::Progress::new("simulating", args.quiet);
        let result = sim::simulate(&graph, &query, &cfg, &|d, t| progress.update(d, t))?;
        drop(progress);
        let intact = result.actors.iter().map(|h| Some(h.intact)).collect();
        let reached = result.actors.iter().map(|h| Some(h.reached)).collect();
        out.push(measure(
            &format!("held_{word}_intact"),
            MeasureType::Double,
            intact,
        ));
        out.push(measure(
            &format!("held_{word}_reached"),
            MeasureType::Double,
            reached,
        ));
    }
    Ok(out)
}
