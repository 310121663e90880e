//! `hviske import FILE... -o MODEL`

use super::{Exit, Output};
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use hviske::interop::{self, Hint, ImportError, ImportOptions, ProblemKind, WeightAs};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Make a model file from survey spreadsheets or another tool's graph: an
/// actors CSV plus a channels CSV, one edge-list CSV, or GraphML (networkx,
/// igraph, Gephi, yEd). Every bad row is listed with its file and row (or
/// line:column) and nothing is written; what was inferred goes to stderr.
#[derive(Debug, Args)]
#[command(after_help = "\
Inputs (by --from, or guessed: two files = actors + channels CSV, *.graphml or
*.xml = GraphML, one other file = edge list):
  csv        ACTORS.csv CHANNELS.csv; headers required. Actor columns: id, name,
             level, side, kind, attendance, members (ids separated by ;),
             vacancies (FROM..TO;...), source. Channel columns: from, to, kind,
             fidelity, distortion, latency_days, every_days, bidirectional,
             source. Columns of your own: meta.NAME. Empty cell = not given.
  edge-list  from,to[,weight] (a header row naming from/source and to/target is
             optional; other named columns are channel fields or go under meta).
  graphml    nodes = actors, edges = channels; attributes named like the fields
             above set them (label = name), the rest go under meta; an
             undirected graph gives bidirectional channels.

Weight (--weight-as): ignore keeps it as meta.weight; fidelity uses it as the
fidelity (each in [0, 1]); fidelity-scaled uses weight / largest weight.

Limits: 512 MiB per file, 5 million rows, nodes or edges per file.

Examples:
  hviske import actors.csv channels.csv --name \"Municipality\" -o org.json
  hviske import survey-edges.csv --undirected --default fidelity=0.8 -o org.json
  hviske import edges.csv --weight-as fidelity-scaled -o org.json
  hviske import graph.graphml -o org.json")]
pub struct ImportArgs {
    /// The input file(s).
    #[arg(value_name = "FILE", required = true, num_args = 1..=2)]
    files: Vec<PathBuf>,
    /// What the input is [default: guessed from the files].
    #[arg(long, value_enum)]
    from: Option<FromArg>,
    /// The model file to write ("-" = stdout); written whole or not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// The model's name [default: from the file, else the file's name].
    #[arg(long)]
    name: Option<String>,
    /// Edge list: every edge runs both ways (bidirectional channels).
    #[arg(long)]
    undirected: bool,
    /// What an edge's weight becomes.
    #[arg(long, value_enum, default_value_t = WeightArg::Ignore)]
    weight_as: WeightArg,
    /// A default for channels that give no value: fidelity=X, distortion=X,
    /// latency_days=X or every_days=X (written to the model's "defaults"; repeat).
    #[arg(long = "default", value_name = "PARAM=X")]
    defaults: Vec<String>,
    /// Attendance of every actor the input gives none (default 1).
    #[arg(long, value_name = "P")]
    attendance: Option<f64>,
    /// CSV field separator: a single character, or "tab".
    #[arg(long, default_value = ",", value_name = "CHAR")]
    delimiter: String,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The `--from` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FromArg {
    /// An actors CSV and a channels CSV.
    Csv,
    /// One edge-list CSV.
    EdgeList,
    /// GraphML.
    Graphml,
}

/// The `--weight-as` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum WeightArg {
    Ignore,
    Fidelity,
    FidelityScaled,
}

impl From<WeightArg> for WeightAs {
    fn from(w: WeightArg) -> Self {
        match w {
            WeightArg::Ignore => WeightAs::Ignore,
            WeightArg::Fidelity => WeightAs::Fidelity,
            WeightArg::FidelityScaled => WeightAs::FidelityScaled,
        }
    }
}

pub fn run(args: ImportArgs) -> anyhow::Result<Exit> {
    let opts = options(&args)?;
    let output = Output::new(args.output.as_deref());
    for input in &args.files {
        super::output::record_input(input);
    }
    output.check()?;
    let result = match (guess(&args)?, args.files.as_slice()) {
        (FromArg::Csv, [actors, channels]) => interop::import_csv(actors, channels, &opts),
        (FromArg::Csv, _) => bail!("--from csv takes two files: ACTORS.csv CHANNELS.csv"),
        (FromArg::EdgeList, [file]) => interop::import_edge_list(file, &opts),
        (FromArg::Graphml, [file]) => interop::import_graphml(file, &opts),
        (_, _) => bail!("--from edge-list and --from graphml take one file"),
    };
    let imported = match result {
        Ok(i) => i,
        Err(ImportError::Rejected { problems }) => {
            let mut err = std::io::stderr().lock();
            for p in &problems {
                let _ = match &p.kind {
                    ProblemKind::BadWeight { reason, .. } => match reason.fix() {
                        Some(w) => writeln!(err, "{p} (try --weight-as {})", weight_flag(w)),
                        None => writeln!(err, "{p}"),
                    },
                    _ => writeln!(err, "{p}"),
                };
            }
            return Ok(Exit::Rejected);
        }
        Err(e) => return Err(e.into()),
    };
    let mut text = serde_json::to_string_pretty(&imported.raw)?;
    text.push('\n');
    output.write(text.as_bytes())?;
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        for line in imported.summary.lines(&hint_flag) {
            let _ = writeln!(err, "hviske: {line}");
        }
    }
    Ok(Exit::Success)
}

/// A summary's hint as the flag that sets it.
fn hint_flag(h: Hint<'_>) -> String {
    match h {
        Hint::WeightAsFidelity => format!("--weight-as {}", weight_flag(WeightAs::Fidelity)),
        Hint::Default(None) => "--default".into(),
        Hint::Default(Some(param)) => format!("--default {param}=X"),
        Hint::LevelsUp => "--direction up".into(),
        _ => String::new(),
    }
}

/// A weight setting as `--weight-as` spells it.
fn weight_flag(w: WeightAs) -> &'static str {
    match w {
        WeightAs::Ignore => "ignore",
        WeightAs::Fidelity => "fidelity",
        WeightAs::FidelityScaled => "fidelity-scaled",
    }
}

fn guess(args: &ImportArgs) -> anyhow::Result<FromArg> {
    if let Some(f) = args.from {
        return Ok(f);
    }
    let xml = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("graphml") || e.eq_ignore_ascii_case("xml"))
    };
    Ok(match args.files.as_slice() {
        [_, _] => FromArg::Csv,
        [f] if xml(f) => FromArg::Graphml,
        [_] => FromArg::EdgeList,
        _ => bail!("give one or two input files"),
    })
}

fn options(args: &ImportArgs) -> anyhow::Result<ImportOptions> {
    let mut opts = ImportOptions {
        name: args.name.clone(),
        undirected: args.undirected,
        weight_as: args.weight_as.into(),
        attendance: args.attendance,
        delimiter: Some(delimiter(&args.delimiter)?),
        ..ImportOptions::default()
    };
    for d in &args.defaults {
        let (param, value) = d
            .split_once('=')
            .with_context(|| format!("--default {d}: expected PARAM=X"))?;
        let x: f64 = value
            .trim()
            .parse()
            .with_context(|| format!("--default {d}: {value:?} is not a number"))?;
        let p = &mut opts.defaults;
        let slot = match param.trim() {
            "fidelity" => &mut p.fidelity,
            "distortion" => &mut p.distortion,
            "latency_days" => &mut p.latency_days,
            "every_days" => &mut p.every_days,
            other => bail!(
                "--default {other}: expected fidelity, distortion, latency_days or every_days"
            ),
        };
        *slot = Some(x);
    }
    if let Some(a) = args.attendance.filter(|a| !(0.0..=1.0).contains(a)) {
        bail!("--attendance {a}: must be in [0, 1]");
    }
    Ok(opts)
}

fn delimiter(s: &str) -> anyhow::Result<u8> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        s if s.len() == 1 => Ok(s.as_bytes()[0]),
        _ => bail!("--delimiter {s:?}: give one ASCII character, or \"tab\""),
    }
}
