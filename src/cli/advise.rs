//! `hviske advise MODEL`: search simpler designs and show the trade-offs.

use super::progress::Progress;
use super::{with_threads, Exit, FormatArg, Rejection};
use clap::Args;
use hviske::advise::{self, AdviseOptions, MoveKind, Space};
use hviske::compare::UncertainOptions;
use hviske::render::{self, Format};
use std::path::{Path, PathBuf};

/// Search structural changes of a design (peel off a level, merge bodies,
/// add a bypass channel, remove a channel, change a kind's cadence, fixed
/// deputies) under constraints, and show the Pareto front: facts intact up
/// and down, median days up and meeting load, each re-evaluated with a
/// fresh seed.
#[derive(Debug, Args)]
#[command(after_help = ADVISE_HELP)]
pub struct AdviseArgs {
    /// The start design (a model or scenario file).
    #[arg(value_name = "MODEL")]
    model: PathBuf,
    /// Meeting-load budget: `meeting-days=N` person-days per year (default:
    /// the start's load).
    #[arg(long, value_name = "meeting-days=N", value_parser = parse_budget)]
    budget: Option<f64>,
    /// At most this many levels (default: the start's; 1 to 1000).
    #[arg(long, value_name = "L", value_parser = clap::value_parser!(u64).range(1..=1000))]
    max_levels: Option<u64>,
    /// Changes after changes: at most this many steps (1 to 50).
    #[arg(long, default_value_t = 3, value_name = "K",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(advise::MAX_STEPS)))]
    steps: u32,
    /// Kinds of change allowed, comma-separated: collapse-level, merge,
    /// bypass, remove-channel, cadence, attendance (default: all).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_kind)]
    allow: Vec<MoveKind>,
    /// Keep these as they are: actor ids, channels as `A->B`, or every actor
    /// of a level as `level:N` (numbered as in MODEL).
    #[arg(long, value_name = "ID", num_args = 1..)]
    freeze: Vec<String>,
    /// No other single removal may cut off more than this share of the
    /// deepest level (0 to 1).
    #[arg(long, default_value_t = 0.10, value_name = "SHARE", value_parser = super::parse_unit)]
    max_cutoff: f64,
    /// Seed of the search; the front is re-evaluated with seed + 1.
    #[arg(long, default_value_t = hviske::sim::DEFAULT_SEED)]
    seed: u64,
    /// Trials per source fact in the re-evaluation (default: compare's, about
    /// 10,240 trials per direction; at most 10,000,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_TRIALS))]
    trials: Option<u64>,
    /// Search over the readings and ranges: every candidate is evaluated as
    /// the mean of 8 common draws (or --draws, if fewer), and each front
    /// design is drawn against the start --draws times (each draw runs both
    /// once plus once per reading).
    #[arg(long)]
    uncertain: bool,
    /// Draws for --uncertain (1 to 10,000).
    #[arg(long, default_value_t = 50, requires = "uncertain",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(super::MAX_DRAWS)))]
    draws: u32,
    /// Worker threads (default: all cores; at most 4 per core). Output does
    /// not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Also write one scenario file per front design, the front plot
    /// (front.svg) and the table into this folder (new, or empty).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
    /// No progress or notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

const ADVISE_HELP: &str = "\
Examples:
  hviske advise models/three-two-one.json
  hviske advise models/three-two-one.json --budget meeting-days=2000 \\
      --max-levels 6 --steps 4 -o advice/
  hviske advise models/three-two-one.json --allow collapse-level,bypass \\
      --freeze aid dat
  hviske compare models/three-two-one.json advice/design-01.json --seed 322

Constraints kept by every design on the front: no body without all three
parties unless the start's already lacks one (the representation rule of
analyze); meeting load within --budget (default: the start's); at most
--max-levels levels (default: the start's); no other single removal
cutting off more than --max-cutoff of the deepest level, and no more
gateways than the start has.

Honesty: every candidate is simulated with the same seed (common random
numbers); the front is then compared with the start by compare with seed +
1 and its default trials, the figures shown are those, and 'moved' says how
far each design moved from its search figures. Each scenario file in -o DIR
reproduces its figures with the compare command it names.

-o DIR: DIR must not exist or be empty; it receives design-01.json, ...
(scenario files whose base is MODEL), front.svg and front.txt (front.md,
front.json with -f markdown, json). Nothing is written when the run fails.

Limits: --steps 1 to 50; --max-levels 1 to 1000; --budget 0 to 1e9; --trials at most
10,000,000; --draws 1 to 10,000; at most 400 moves tried per design (a
keyed sample when there are more) and 12 designs shown.
Cost: about steps × 6 × moves candidates, each one removal ranking and two
simulations of 1,024 trials; the default search on the 3-2-1 model
evaluates about 1,000 candidates in about a minute of CPU time (progress
and an estimate on stderr). --uncertain multiplies the search's cost by
8 (its draws per candidate) and adds draws × (2 + readings) simulations
per front design.";

fn parse_budget(s: &str) -> Result<f64, String> {
    let n = s
        .strip_prefix("meeting-days=")
        .ok_or_else(|| format!("\"{s}\": expected meeting-days=N (person-days per year)"))?;
    let x: f64 = n
        .trim()
        .parse()
        .map_err(|_| format!("\"{n}\" is not a number"))?;
    if x.is_finite() && (0.0..=1e9).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "{x} is not a budget from 0 to 1e9 person-days per year"
        ))
    }
}

fn parse_kind(s: &str) -> Result<MoveKind, String> {
    MoveKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = MoveKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("\"{s}\" is no kind of change; one of {}", names.join(", "))
    })
}

fn space(args: &AdviseArgs, start: &hviske::model::Model) -> anyhow::Result<Space> {
    let mut s = AdviseOptions::default().space;
    if !args.allow.is_empty() {
        s.allow = MoveKind::ALL
            .into_iter()
            .filter(|k| args.allow.contains(k))
            .collect();
    }
    for f in &args.freeze {
        if let Some(level) = f.trim().strip_prefix("level:") {
            let level: u32 = level
                .trim()
                .parse()
                .map_err(|_| Rejection(format!("--freeze {f}: expected level:N")))?;
            let ids: Vec<String> = start
                .actors
                .iter()
                .filter(|a| a.level == Some(level))
                .map(|a| a.id.as_str().to_string())
                .collect();
            if ids.is_empty() {
                return Err(
                    Rejection(format!("--freeze {f}: no actor is on level {level}")).into(),
                );
            }
            s.frozen_actors.extend(ids);
            continue;
        }
        match f.split_once("->") {
            Some((a, b)) => {
                s.frozen_channels
                    .insert((a.trim().to_string(), b.trim().to_string()));
            }
            None => {
                s.frozen_actors.insert(f.trim().to_string());
            }
        }
    }
    Ok(s)
}

fn options(args: &AdviseArgs, start: &hviske::model::Model) -> anyhow::Result<AdviseOptions> {
    Ok(AdviseOptions {
        seed: args.seed,
        trials: args.trials,
        steps: args.steps,
        space: space(args, start)?,
        budget: args.budget,
        max_levels: args.max_levels.map(|l| l as usize),
        max_cutoff: args.max_cutoff,
        uncertain: args.uncertain.then(|| UncertainOptions {
            draws: args.draws,
            ..UncertainOptions::default()
        }),
        ..AdviseOptions::default()
    })
}

/// Refuses a DIR that holds anything, or is not a folder.
fn check_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        anyhow::bail!("-o {}: not a folder", dir.display());
    }
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("-o {}: cannot read the folder: {e}", dir.display()))?;
    if entries.next().is_some() {
        anyhow::bail!(
            "-o {}: the folder is not empty; give a new or empty folder (nothing is replaced)",
            dir.display()
        );
    }
    Ok(())
}

/// `to` relative to the folder `from` (both made absolute first).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let (from, to) = (
        std::fs::canonicalize(from).unwrap_or_else(|_| from.to_path_buf()),
        std::fs::canonicalize(to).unwrap_or_else(|_| to.to_path_buf()),
    );
    let (a, b): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out
}

fn table_name(format: FormatArg) -> &'static str {
    match format {
        FormatArg::Json => "front.json",
        FormatArg::Markdown => "front.md",
        _ => "front.txt",
    }
}

/// Writes every file into a fresh folder beside `dir` and renames it into
/// place at the end: `dir` appears whole or not at all, and a `dir` that
/// gained files during the search (another run, another program) is left
/// alone and the run refused.
fn write_dir(args: &AdviseArgs, dir: &Path, a: &advise::Advice, table: &str) -> anyhow::Result<()> {
    let base = relative(&parent_of(dir), &args.model);
    let base = Path::new("..").join(base);
    let mut files: Vec<(String, String)> = Vec::new();
    for p in &a.front {
        let name = format!("{}.json", p.label);
        let path = dir.join(&name);
        let trials = a
            .trials
            .map_or_else(String::new, |t| format!(" --trials {t}"));
        let reproduce = format!(
            "`hviske compare {} {} --seed {}{trials}`",
            args.model.to_string_lossy(),
            path.to_string_lossy(),
            a.fresh_seed
        );
        let file = advise::scenario_file(a, p, &base.to_string_lossy(), &reproduce);
        let text = serde_json::to_string_pretty(&file)? + "\n";
        files.push((name, text));
    }
    files.push(("front.svg".into(), render::advice_svg(a)?));
    files.push((table_name(args.format).into(), table.to_string()));
    let stage = staging_dir(dir);
    std::fs::create_dir(&stage).map_err(|e| {
        anyhow::anyhow!(
            "-o {}: cannot create a folder beside it: {e}",
            dir.display()
        )
    })?;
    super::output::track_in_flight(&stage);
    let written = (|| -> anyhow::Result<()> {
        for (name, text) in &files {
            std::fs::write(stage.join(name), text)
                .map_err(|e| anyhow::anyhow!("writing {}: {e}", dir.join(name).display()))?;
        }
        // Onto a missing or empty folder only: a folder that is not empty
        // (any more) makes the rename fail, and nothing in it is touched.
        std::fs::rename(&stage, dir).map_err(|e| {
            if dir.is_dir() && std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
                anyhow::anyhow!(
                    "-o {}: the folder gained files during the search; nothing was replaced \
                     (give a new or empty folder)",
                    dir.display()
                )
            } else {
                anyhow::anyhow!(
                    "-o {}: cannot move the results into place: {e}",
                    dir.display()
                )
            }
        })
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&stage);
    }
    super::output::untrack_in_flight(&stage);
    written
}

/// The folder that holds `dir` ("." for a bare name).
fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.NAME.hviske-PID.tmp` beside `dir`.
fn staging_dir(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "advise".into(), |n| n.to_string_lossy().into_owned());
    parent_of(dir).join(format!(".{name}.hviske-{}.tmp", std::process::id()))
}

pub fn run(args: AdviseArgs) -> anyhow::Result<Exit> {
    if args.format == FormatArg::Csv {
        anyhow::bail!("advise does not write CSV; use --format table, json or markdown");
    }
    let start = super::load_design(&args.model)?;
    if let Some(dir) = &args.output {
        check_dir(dir)?;
    }
    // A closed standard output is found now, not after the search.
    super::Output::new(None).check()?;
    let opts = options(&args, &start)?;
    let stages = if args.uncertain {
        2 + advise::MAX_FRONT
    } else {
        2
    };
    let progress = Progress::with_stages("searching designs", args.quiet, stages as u64);
    let a = with_threads(args.threads, || {
        advise::advise(&start, &opts, &|d, t| progress.update(d, t))
    })?
    .map_err(|e| {
        if e.is_rejection() {
            Rejection(e.to_string()).into()
        } else {
            anyhow::anyhow!(e.to_string())
        }
    })?;
    drop(progress);
    if !args.quiet {
        eprintln!(
            "hviske: {} candidates, {} on the front; figures from compare with seed {}",
            a.evaluated,
            a.front.len(),
            a.fresh_seed
        );
    }
    let text = render::advice(&a, Format::from(args.format), &super::hint)?;
    if let Some(dir) = &args.output {
        write_dir(&args, dir, &a, &text)?;
    }
    super::Output::new(None).write(text.as_bytes())?;
    Ok(Exit::Success)
}
