//! `hviske import FILE... -o MODEL`

use super::{Exit, Output};
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use hviske::interop::{
    self, Delimiter, Hint, ImportError, ImportOptions, InputFormat, ProblemKind, WeightAs,
};
use hviske::model::raw::RawParams;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Make a model file from survey spreadsheets or another tool's network: an
/// actors CSV plus a channels CSV, an edge list (CSV or whitespace), an
/// adjacency matrix, UCINET DL, Pajek, GraphML, GEXF or node-link JSON,
/// optionally with an attributes table of the actors. Every bad row is listed
/// with its file and row (or line:column) and nothing is written; what was
/// inferred goes to stderr.
#[derive(Debug, Args)]
#[command(after_help = "\
Inputs (--from, or guessed from the first words, else the extension: two files
= actors + channels CSV; <graphml> / <gexf> XML; DL; *Vertices; { = node-link;
any other single file = edge list):
  csv        ACTORS.csv CHANNELS.csv; headers required. Actor columns: id, name,
             level, side, kind, attendance, members (ids separated by ;),
             vacancies (FROM..TO;...), source. Channel columns: from, to, kind,
             fidelity, distortion, latency_days, every_days, bidirectional,
             source. Columns of your own: meta.NAME. Empty cell = not given.
  edge-list  from to [value] (a header row naming from/source and to/target is
             optional, --no-header says there is none; other named columns are
             channel fields or go under meta).
  matrix     adjacency matrix: a header row of labels (CSV: an empty corner
             cell first), then one row per actor: its label, then its ties;
             --no-header: numbers only, actors named 1..n. A 0 is no tie.
  dl         UCINET DL, fullmatrix or edgelist1, labels (given or embedded),
             NM matrices named by MATRIX LABELS (each a channel kind).
  pajek      Pajek .net: *Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist,
             *Matrix; *Arcs :2 \"advice\" sections give channels of that kind.
  graphml    nodes = actors, edges = channels; attributes named like the fields
             above set them (label = name), the rest go under meta; an
             undirected graph gives bidirectional channels.
  gexf       as graphml (Gephi, networkx).
  node-link  networkx node-link JSON (edges under \"edges\" or \"links\"), and
             hviske's own export --to json.

Tie values: in an edge list (the third column) or a matrix a 0 is no tie. A
third column of only 0 and 1 is a tie indicator, not a weight: rows with 0 are
no channels (their actors are kept, self-loop rows with 0 are fine).
--keep-zero makes every row a channel; --tie-column names the column whose 0
means no tie (its other values are the weight).

Weight (--weight-as): ignore keeps it as meta.weight; fidelity uses it as the
fidelity (each in (0, 1]; a 0 is refused: leave the row out); fidelity-scaled
uses weight / largest weight.

Attributes (--actors FILE): a CSV (or tab- or blank-separated) table with one
row per actor, joined to the network's actors by id; --id-column,
--name-column, --level-column and --side-column name its columns when they
are not called id, name, level and side; every other column goes under meta,
numbers as numbers.

With --undirected (or an undirected input), a pair listed both ways becomes one
two-way channel; the count is on stderr.

Limits: regular files only; 512 MiB per file; 2 million rows, lines, nodes or
edges per file (a model that size is about 200 MB, which every command reads);
100,000 CSV columns; XML nested 64 deep.

Examples:
  hviske import actors.csv channels.csv --name \"Municipality\" -o org.json
  hviske import survey-edges.csv --undirected --default fidelity=0.8 -o org.json
  hviske import advice.txt --delimiter whitespace --no-header --actors attributes.csv --kind advice:fidelity=0.7 -o advice.json
  hviske import krack.dl -o krack.json
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
    /// Every edge runs both ways (bidirectional channels); a pair listed both
    /// ways becomes one channel.
    #[arg(long)]
    undirected: bool,
    /// What an edge's weight becomes.
    #[arg(long, value_enum, default_value_t = WeightArg::Ignore)]
    weight_as: WeightArg,
    /// Every row of an edge list is a channel, even with a tie value of 0.
    #[arg(long)]
    keep_zero: bool,
    /// The column whose 0 means "no tie" (a header name, or a number for a
    /// list without a header); its other values are the weight.
    #[arg(long, value_name = "COLUMN", conflicts_with = "keep_zero")]
    tie_column: Option<String>,
    /// A default for channels that give no value: fidelity=X, distortion=X,
    /// latency_days=X or every_days=X (written to the model's "defaults"; repeat).
    #[arg(long = "default", value_name = "PARAM=X")]
    defaults: Vec<String>,
    /// A channel kind and its parameters, NAME[:PARAM=X,...] (written to the
    /// model's "kinds"; repeat). A single --kind is also the kind of every
    /// channel of an input that names none.
    #[arg(long = "kind", value_name = "NAME[:PARAM=X,...]")]
    kinds: Vec<String>,
    /// Attendance of every actor the input gives none (default 1).
    #[arg(long, value_name = "P")]
    attendance: Option<f64>,
    /// Field separator of tables: a single character, "tab", or "whitespace"
    /// (runs of blanks; leading blanks allowed).
    #[arg(long, default_value = ",", value_name = "CHAR")]
    delimiter: String,
    /// The edge list or matrix has no header row.
    #[arg(long)]
    no_header: bool,
    /// A table of the actors' attributes (CSV, tab- or blank-separated),
    /// joined to the network's actors by id.
    #[arg(long, value_name = "FILE")]
    actors: Option<PathBuf>,
    /// The attributes table's id column [default: id].
    #[arg(long, value_name = "HEADER", requires = "actors")]
    id_column: Option<String>,
    /// The attributes table's name column [default: name].
    #[arg(long, value_name = "HEADER", requires = "actors")]
    name_column: Option<String>,
    /// The attributes table's level column [default: level].
    #[arg(long, value_name = "HEADER", requires = "actors")]
    level_column: Option<String>,
    /// The attributes table's side column [default: side].
    #[arg(long, value_name = "HEADER", requires = "actors")]
    side_column: Option<String>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The `--from` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FromArg {
    /// An actors CSV and a channels CSV.
    Csv,
    /// One edge list.
    EdgeList,
    /// An adjacency matrix.
    Matrix,
    /// GraphML.
    Graphml,
    /// GEXF.
    Gexf,
    /// Pajek .net.
    Pajek,
    /// UCINET DL.
    Dl,
    /// node-link JSON.
    NodeLink,
}

impl From<FromArg> for InputFormat {
    fn from(f: FromArg) -> Self {
        match f {
            FromArg::Csv => InputFormat::Csv,
            FromArg::EdgeList => InputFormat::EdgeList,
            FromArg::Matrix => InputFormat::Matrix,
            FromArg::Graphml => InputFormat::Graphml,
            FromArg::Gexf => InputFormat::Gexf,
            FromArg::Pajek => InputFormat::Pajek,
            FromArg::Dl => InputFormat::Dl,
            FromArg::NodeLink => InputFormat::NodeLink,
        }
    }
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
    for input in args.files.iter().chain(&args.actors) {
        super::output::record_input(input);
    }
    output.check()?;
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let result = guess(&args).and_then(|format| interop::import(format, &files, &opts));
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
                    ProblemKind::NotAnEdgeList(_) => writeln!(
                        err,
                        "{p} (columns separated by blanks: --delimiter whitespace; another format: --from)"
                    ),
                    _ => writeln!(err, "{p}"),
                };
            }
            return Ok(Exit::Rejected);
        }
        Err(e) => return Err(e.into()),
    };
    let mut text = serde_json::to_string_pretty(&imported.raw)?;
    text.push('\n');
    let cap = hviske::model::max_input_bytes();
    if text.len() as u64 > cap {
        bail!(
            "the model would be {} bytes, over the {} bytes every other command reads ({}=BYTES raises it); nothing written",
            text.len(),
            cap,
            hviske::model::MAX_INPUT_ENV
        );
    }
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
        Hint::KeepZero => "--keep-zero".into(),
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

/// The input format: `--from`, else two files are the CSV pair, else what
/// the file's first words or its extension say, else an edge list.
fn guess(args: &ImportArgs) -> Result<InputFormat, ImportError> {
    if let Some(f) = args.from {
        return Ok(f.into());
    }
    Ok(match args.files.as_slice() {
        [_, _] => InputFormat::Csv,
        [f] => InputFormat::sniff(f, &interop::head(f)?).unwrap_or(InputFormat::EdgeList),
        _ => InputFormat::EdgeList,
    })
}

fn options(args: &ImportArgs) -> anyhow::Result<ImportOptions> {
    let mut opts = ImportOptions {
        name: args.name.clone(),
        undirected: args.undirected,
        weight_as: args.weight_as.into(),
        attendance: args.attendance,
        delimiter: Some(delimiter(&args.delimiter)?),
        no_header: args.no_header,
        keep_zero: args.keep_zero,
        tie_column: args.tie_column.clone(),
        attributes: args.actors.clone(),
        ..ImportOptions::default()
    };
    for (field, header) in [
        ("id", &args.id_column),
        ("name", &args.name_column),
        ("level", &args.level_column),
        ("side", &args.side_column),
    ] {
        if let Some(h) = header {
            opts.columns.push((field, h.clone()));
        }
    }
    for k in &args.kinds {
        opts.kinds.push(kind(k)?);
    }
    if opts
        .kinds
        .iter()
        .enumerate()
        .any(|(i, (a, _))| opts.kinds[..i].iter().any(|(b, _)| a == b))
    {
        bail!("--kind: a kind is given twice");
    }
    for d in &args.defaults {
        param(&mut opts.defaults, d, "--default")?;
    }
    if let Some(a) = args.attendance.filter(|a| !(0.0..=1.0).contains(a)) {
        bail!("--attendance {a}: must be in [0, 1]");
    }
    Ok(opts)
}

/// `PARAM=X` into `params`.
fn param(params: &mut RawParams, d: &str, flag: &str) -> anyhow::Result<()> {
    let (param, value) = d
        .split_once('=')
        .with_context(|| format!("{flag} {d}: expected PARAM=X"))?;
    let x: f64 = value
        .trim()
        .parse()
        .with_context(|| format!("{flag} {d}: {value:?} is not a number"))?;
    let slot = match param.trim() {
        "fidelity" => &mut params.fidelity,
        "distortion" => &mut params.distortion,
        "latency_days" => &mut params.latency_days,
        "every_days" => &mut params.every_days,
        other => bail!("{flag} {other}: expected fidelity, distortion, latency_days or every_days"),
    };
    *slot = Some(x);
    Ok(())
}

/// `NAME[:PARAM=X,...]`.
fn kind(k: &str) -> anyhow::Result<(String, RawParams)> {
    let (name, params) = k.split_once(':').unwrap_or((k, ""));
    let name = name.trim();
    if name.is_empty() {
        bail!("--kind {k:?}: give a kind name, e.g. advice:fidelity=0.7,every_days=14");
    }
    let mut p = RawParams::default();
    for d in params.split(',').filter(|d| !d.trim().is_empty()) {
        param(&mut p, d, &format!("--kind {name}:"))?;
    }
    Ok((name.to_string(), p))
}

fn delimiter(s: &str) -> anyhow::Result<Delimiter> {
    match s {
        "whitespace" | "space" | "blank" => Ok(Delimiter::Whitespace),
        "tab" | "\\t" | "\t" => Ok(Delimiter::Char(b'\t')),
        s if s.len() == 1 => Ok(Delimiter::Char(s.as_bytes()[0])),
        _ => bail!("--delimiter {s:?}: give one ASCII character, \"tab\" or \"whitespace\""),
    }
}
