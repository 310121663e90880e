//! `hviske generate [--preset NAME] [--span N --depth N ...] -o FILE`

use super::progress::Progress;
use super::{Exit, Output};
use anyhow::bail;
use clap::{Args, ValueEnum};
use hviske::generate::{self, Preset, Shape, MAX_ACTORS, MAX_DEPTH};
use std::path::PathBuf;

/// Write a synthetic organisation (model format 1) for testing and
/// benchmarking at scale: a government hierarchy, enterprises with employees
/// at its bottom, employer organisations and unions, tripartite councils, and
/// lateral and skip-level channels, every channel's fidelity drawn from its
/// kind's range.
#[derive(Debug, Args)]
#[command(after_help = "\
Presets (5% lateral, 1% skip-level, councils in 10% of the units):
  small         span 10, depth 3, 10 employees per enterprise: about 1,100 actors
  municipality  span 8, depth 3, 60 employees: about 4,000 actors
  agency        span 10, depth 5, 14 employees: about 151,000 actors
  national      span 10, depth 6, 10 employees: about 1.1 million actors (100 MB)

--depth counts the levels below the ministry: the last but one holds the
enterprises, the last their employees. Flags given with --preset override
it. At most 2,000,000 actors (every possible council counted) and 20 levels.
The same flags and --seed give the same bytes.

Examples:
  hviske generate --preset municipality -o municipality.json
  hviske generate --preset national --seed 7 -o national.json --edges national.csv
  hviske generate --span 4 --depth 4 --employees 20 --lateral 0.1 -o custom.json")]
pub struct GenerateArgs {
    /// A named shape.
    #[arg(long, value_enum)]
    preset: Option<PresetArg>,
    /// Units (or enterprises) under each unit [default: 10].
    #[arg(long, value_name = "N")]
    span: Option<u32>,
    /// Levels below the ministry, 2 to 20 [default: 3].
    #[arg(long, value_name = "N")]
    depth: Option<u32>,
    /// Employees per enterprise [default: 10].
    #[arg(long, value_name = "N")]
    employees: Option<u32>,
    /// Share of actors below the top with a lateral channel [default: 0.05].
    #[arg(long, value_name = "SHARE")]
    lateral: Option<f64>,
    /// Share of actors at level 3 or below that also report two levels up
    /// [default: 0.01].
    #[arg(long, value_name = "SHARE")]
    skip: Option<f64>,
    /// Share of units with a tripartite council [default: 0.1].
    #[arg(long, value_name = "SHARE")]
    bodies: Option<f64>,
    /// No kind distorts (distortion 0): facts are lost or arrive intact,
    /// and simulations take the bit-parallel path.
    #[arg(long)]
    loss_only: bool,
    /// Seed of every draw.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// The model file to write ("-" = stdout); written whole or not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the directed arcs as CSV (source,target,fidelity; a
    /// two-way channel as two rows), for other tools.
    #[arg(long, value_name = "FILE.csv")]
    edges: Option<PathBuf>,
    /// No progress or notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The `--preset` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PresetArg {
    Small,
    Municipality,
    Agency,
    National,
}

impl From<PresetArg> for Preset {
    fn from(p: PresetArg) -> Self {
        match p {
            PresetArg::Small => Preset::Small,
            PresetArg::Municipality => Preset::Municipality,
            PresetArg::Agency => Preset::Agency,
            PresetArg::National => Preset::National,
        }
    }
}

impl GenerateArgs {
    /// The preset's shape (or the defaults) with every flag given applied.
    fn shape(&self) -> Shape {
        let base = match self.preset {
            Some(p) => Preset::from(p).shape(self.seed),
            None => Shape {
                depth: 3,
                ..Preset::Small.shape(self.seed)
            },
        };
        Shape {
            span: self.span.unwrap_or(base.span),
            depth: self.depth.unwrap_or(base.depth),
            employees: self.employees.unwrap_or(base.employees),
            lateral: self.lateral.unwrap_or(base.lateral),
            skip: self.skip.unwrap_or(base.skip),
            bodies: self.bodies.unwrap_or(base.bodies),
            loss_only: self.loss_only,
            seed: self.seed,
        }
    }
}

pub fn run(args: GenerateArgs) -> anyhow::Result<Exit> {
    let shape = args.shape();
    shape.check().map_err(|e| match e {
        generate::GenerateError::TooLarge { .. } => {
            anyhow::anyhow!("{e}; lower --span, --depth or --employees (at most {MAX_ACTORS} actors, {MAX_DEPTH} levels)")
        }
        e => anyhow::anyhow!("{e}"),
    })?;
    let out = Output::new(args.output.as_deref());
    out.check()?;
    let edges = args.edges.as_deref().map(|p| Output::new(Some(p)));
    if let Some(edges) = &edges {
        let Output::File(path) = edges else {
            bail!("--edges needs a file name, not standard output");
        };
        if matches!(&out, Output::File(o) if same_file(o, path)) {
            bail!("--edges {}: the same file as -o", path.display());
        }
        edges.check()?;
    }
    let progress = Progress::with_stages("generate", args.quiet, 2);
    let org = generate::generate(&shape, &|done, total| progress.update(done, total))?;
    let mut json = Vec::new();
    org.write_json(&mut json, &|done, total| progress.update(done, total))?;
    let mut csv = Vec::new();
    if edges.is_some() {
        org.write_edges(&mut csv)?;
    }
    drop(progress);
    // Every command must read what generate writes.
    let limit = hviske::model::max_input_bytes();
    if json.len() as u64 > limit {
        bail!(
            "the model would be {} MB, more than the {} MB every command reads \
             (HVISKE_MAX_INPUT_BYTES); lower --span, --depth or --employees",
            json.len() >> 20,
            limit >> 20
        );
    }
    // The model and its edge list are one output: both are written, or neither.
    let mut writes: Vec<(Output, &[u8])> = vec![(out, &json)];
    if let Some(edges) = edges {
        writes.push((edges, &csv));
    }
    super::output::write_all(&writes)?;
    if !args.quiet {
        eprintln!(
            "hviske: generated {} actors, {} channels ({} arcs), seed {}",
            org.actor_count(),
            org.channel_count(),
            org.arc_count(),
            shape.seed
        );
    }
    Ok(Exit::Success)
}

/// True when the two paths name one file (as spelled, or once both exist).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}
