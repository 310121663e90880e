//! The command-line front end: arguments, output destinations, exit codes.
//! Only this module prints; the library returns data and strings.

mod advise;
mod analyze;
mod calendar;
mod chart;
mod compare;
mod export;
mod generate;
mod import;
mod inspect;
mod output;
mod progress;
mod report;
mod simulate;
mod timings;
mod validate;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hviske::model::LoadError;
use hviske::render::Format;
use hviske::sim::sources::SourceChoice;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub(crate) use output::Output;

const EXIT_CODES: &str = "\
Exit codes:
  0  success (also --help, and a closed output pipe)
  1  the input was rejected: a model or scenario does not parse or validate, or an option names
     something that is not there (every problem is listed on stderr)
  2  could not run: usage error, missing or unreadable file, unwritable output";

/// hviske — how facts degrade across the levels of an organisation.
///
/// Model an organisation as actors and information channels in a JSON file,
/// then inspect, analyse, simulate and compare designs.
#[derive(Debug, Parser)]
#[command(name = "hviske", version, after_help = EXIT_CODES, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Treat warnings about a model (a channel kind missing from its
    /// `kinds` table) as errors, and reject a reading without a `rationale`
    /// or a `source`: exit 1.
    #[arg(long, global = true)]
    strict: bool,
    /// Write CSV cells as they are. By default a cell that starts with
    /// = + - @, TAB or CR and is not a number gets a leading ' (OWASP's
    /// rule), so a spreadsheet shows a name like =HYPERLINK(…) as text
    /// instead of running it as a formula.
    #[arg(long, global = true)]
    raw_csv: bool,
    /// Print on stderr, at the end, the wall time of each stage in
    /// milliseconds (load+validate, build, simulate or analyze, render):
    /// where the time goes. Stdout is unchanged.
    #[arg(long, global = true)]
    timings: bool,
}

/// `--strict` is on.
static STRICT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::ValidateArgs),
    Inspect(inspect::InspectArgs),
    Analyze(analyze::AnalyzeArgs),
    Simulate(simulate::SimulateArgs),
    Compare(compare::CompareArgs),
    Sweep(compare::SweepArgs),
    /// Search simpler designs from a start design under constraints; show the trade-offs.
    Advise(advise::AdviseArgs),
    Import(import::ImportArgs),
    Export(export::ExportArgs),
    Generate(generate::GenerateArgs),
    Chart(chart::ChartArgs),
    Report(report::ReportArgs),
}

/// Output options shared by every reporting command.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write to this file instead of stdout ("-" = stdout). The file is
    /// written whole or not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress or notes on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl OutputArgs {
    /// The destination, checked before any work is done: the command writes
    /// this format (`csv` says whether it writes CSV), the file's extension
    /// agrees with what will be written (`svg`: an SVG chart), and the file
    /// can be written without destroying an input.
    pub(crate) fn checked(&self, command: &str, csv: bool, svg: bool) -> anyhow::Result<Output> {
        if self.format == FormatArg::Csv && !csv {
            anyhow::bail!("{command} does not write CSV; use --format table, json or markdown");
        }
        let out = Output::new(self.output.as_deref());
        if let Output::File(path) = &out {
            check_extension(path, self.format, svg)?;
        }
        out.check()?;
        Ok(out)
    }
}

/// Refuses an output file whose extension promises something else than
/// what would be written into it (a text table in `sweep.png`).
fn check_extension(path: &std::path::Path, format: FormatArg, svg: bool) -> anyhow::Result<()> {
    let Some(ext) = path.extension().map(|e| e.to_string_lossy().to_lowercase()) else {
        return Ok(());
    };
    let writes = if svg {
        "an SVG chart"
    } else {
        match format {
            FormatArg::Table => "a text table",
            FormatArg::Json => "JSON",
            FormatArg::Markdown => "Markdown",
            FormatArg::Csv => "CSV",
        }
    };
    let fits = match ext.as_str() {
        "json" => !svg && format == FormatArg::Json,
        "md" | "markdown" => !svg && format == FormatArg::Markdown,
        "csv" => !svg && format == FormatArg::Csv,
        "txt" | "text" => !svg && format == FormatArg::Table,
        "svg" => svg,
        "png" | "pdf" | "jpg" | "jpeg" | "gif" | "html" | "htm" | "dot" | "xlsx" | "docx"
        | "ps" | "eps" => false,
        _ => true,
    };
    if !fits {
        anyhow::bail!(
            "-o {}: this would write {writes} into a .{ext} file; choose a matching \
             --format or file name",
            path.display()
        );
    }
    Ok(())
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned text for a terminal.
    Table,
    /// JSON with every figure, for scripts.
    Json,
    /// Markdown tables, for a memo.
    Markdown,
    /// CSV, for a spreadsheet (where a command supports it).
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// The process exit codes (see [`EXIT_CODES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Rejected = 1,
    CouldNotRun = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Parses `--sources`: "all" or a whole number ≥ 1 (without the flag,
/// [`SourceChoice::Auto`]: sampled above
/// [`hviske::sim::sources::SAMPLE_ABOVE`] sources).
pub(crate) fn parse_sources(s: &str) -> Result<SourceChoice, String> {
    if s == "all" {
        return Ok(SourceChoice::All);
    }
    match s.parse::<usize>() {
        Ok(k) if k >= 1 => Ok(SourceChoice::Count(k)),
        _ => Err("give a whole number ≥ 1 or \"all\"".into()),
    }
}

/// Prints, before a run expected to take more than ten seconds, the
/// estimate and what shortens it.
pub(crate) fn warn_expected_time(
    model: &hviske::model::Model,
    q: &hviske::sim::Query,
    cfg: &hviske::sim::SimConfig,
    threads: Option<usize>,
    quiet: bool,
) {
    // Not rayon::current_num_threads(): that would build the global pool
    // before RAYON_NUM_THREADS is capped.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = threads.unwrap_or(cores).clamp(1, max_threads());
    let seconds = hviske::sim::sources::estimate_seconds(model, q, cfg, threads);
    if !quiet && seconds > 10.0 {
        eprintln!(
            "hviske: estimate: this simulation may take up to {} ({} sources × {} trials over \
             the model's arcs on {threads} thread{}); --sources K or --trials N shortens it",
            progress::duration_words(seconds),
            q.sources.len(),
            cfg.trials(),
            if threads == 1 { "" } else { "s" }
        );
    }
}

/// Parses the arguments, runs the command, prints any error once.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    STRICT.store(cli.strict, std::sync::atomic::Ordering::Relaxed);
    if cli.timings {
        timings::start();
    }
    hviske::render::escape::keep_csv_formulas(cli.raw_csv);
    // Ctrl-C, SIGTERM, SIGHUP: no half-written file is left behind, the
    // bar's line is ended.
    let _ = ctrlc::set_handler(|| {
        output::remove_in_flight();
        eprintln!("\nhviske: interrupted; nothing was written");
        std::process::exit(130);
    });
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Sweep(args) => compare::run_sweep(args),
        Command::Advise(args) => advise::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Report(args) => report::run(args),
    };
    let exit = match result {
        Ok(exit) => exit,
        Err(e) => report(&e),
    };
    if let Some(line) = timings::line() {
        eprintln!("hviske: {line}");
    }
    exit.into()
}

/// Prints an error chain to stderr and picks its exit code.
fn report(e: &anyhow::Error) -> Exit {
    if e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return Exit::Success;
    }
    let mut stderr = std::io::stderr().lock();
    if let Some(load) = e.downcast_ref::<LoadError>() {
        if load.is_rejection() {
            // Compiler-style `path:line:col: message` lines, one per problem.
            let _ = writeln!(stderr, "{load}");
            return Exit::Rejected;
        }
    }
    let _ = writeln!(stderr, "hviske: error: {e:#}");
    if e.chain().any(|c| c.downcast_ref::<Rejection>().is_some()) {
        Exit::Rejected
    } else {
        Exit::CouldNotRun
    }
}

/// A simulation error as the commands report it, written once: a selector
/// that is malformed or names nothing rejects the input (exit 1, like an
/// unknown id anywhere); a setting the engine cannot run with cannot run
/// (exit 2), with the flag that fixes it.
pub(crate) fn sim_error(e: hviske::sim::SimError) -> anyhow::Error {
    if e.is_rejection() {
        Rejection(sim_message(&e)).into()
    } else {
        anyhow::anyhow!(sim_message(&e))
    }
}

/// A simulation error's message as the commands print it: the library's,
/// with the flag that fixes it where one does.
pub(crate) fn sim_message(e: &hviske::sim::SimError) -> String {
    use hviske::sim::SimError;
    match e {
        SimError::NoLevels { up } => format!(
            "empty source set (--direction {}): no actor has a level; use --from and --to",
            if *up { "up" } else { "down" }
        ),
        SimError::ExactTooLarge { .. } => {
            format!("{e} — drop --exact for the Monte-Carlo estimate")
        }
        SimError::ExactWithVacancies => format!("{e}: drop --exact"),
        SimError::NoTrials => "--trials and --facts must be at least 1".into(),
        _ => e.to_string(),
    }
}

/// The most trials per source fact (`--trials`): ±0.0003 at 95%, far past
/// any use; more would only run for hours.
pub(crate) const MAX_TRIALS: u64 = 10_000_000;
/// The most facts per source actor (`simulate --facts`).
pub(crate) const MAX_FACTS: u32 = 1_000;
/// The most draws of `compare --draws`.
pub(crate) const MAX_DRAWS: u32 = 10_000;
/// The most values of `sweep --steps`.
pub(crate) const MAX_STEPS: u64 = 1_000;

/// A renderer's [`hviske::render::Hint`] in this program's flags.
pub(crate) fn hint(h: hviske::render::Hint) -> String {
    use hviske::render::Hint;
    match h {
        Hint::Horizon => "--horizon-days",
        Hint::Json => "--format json",
        Hint::TopOrJson => "--top or --format json",
        Hint::JsonOrMarkdown => "--format json or markdown",
        Hint::Uncertain => "--uncertain",
        Hint::UncertainCommands => "`hviske report` (or `hviske compare`) without --point",
        Hint::AcrossEvidence => "`hviske compare` without --point",
        _ => return h.to_string(),
    }
    .to_string()
}

/// Parses a number of days in [0, 36525] (100 years), as a model's.
pub(crate) fn parse_days(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\" is not a number"))?;
    hviske::model::Days::new(x)
        .map(|d| d.get())
        .ok_or_else(|| format!("{x} is not a number of days from 0 to 36525 (100 years)"))
}

/// Parses a probability spread in [0, 1].
pub(crate) fn parse_unit(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\" is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is not in [0, 1]"))
    }
}

/// Worker threads allowed per core: more only adds switching and memory.
pub(crate) const MAX_THREADS_PER_CORE: usize = 4;

/// The most worker threads a run may use: [`MAX_THREADS_PER_CORE`] per core.
pub(crate) fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores * MAX_THREADS_PER_CORE
}

/// The thread count to use: `--threads`, else `RAYON_NUM_THREADS`, capped at
/// [`max_threads`] with a note on stderr. `None` = rayon's default.
fn thread_count(threads: Option<usize>) -> anyhow::Result<Option<usize>> {
    let (asked, from) = match threads {
        Some(n) => (n, "--threads"),
        None => match std::env::var("RAYON_NUM_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
        {
            Some(n) if n > 0 => (n, "RAYON_NUM_THREADS"),
            _ => return Ok(None),
        },
    };
    if asked == 0 {
        anyhow::bail!("--threads must be at least 1");
    }
    let max = max_threads();
    if asked > max {
        eprintln!(
            "hviske: note: {from} {asked} is more than {max} ({MAX_THREADS_PER_CORE} per core); using {max}"
        );
        return Ok(Some(max));
    }
    Ok(Some(asked))
}

/// Runs `f` on a rayon pool of `threads` threads (or the global pool).
pub(crate) fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> anyhow::Result<T> {
    match thread_count(threads)? {
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| anyhow::anyhow!("starting {n} worker threads: {e}"))?;
            Ok(pool.install(f))
        }
        None => Ok(f()),
    }
}

/// Loads a model or scenario file and records every file it read as an
/// input, so no `-o` can overwrite one (see [`output`]). Warns on stderr of
/// channel kinds missing from the `kinds` table; under `--strict` they
/// reject the file.
pub(crate) fn load_design(path: &std::path::Path) -> anyhow::Result<hviske::model::Model> {
    let mut files = Vec::new();
    let result = hviske::scenario::load_design_traced(path, &mut files);
    for f in &files {
        output::record_input(f);
    }
    let model = result?;
    timings::mark("load+validate");
    warn_unknown_kinds(&model, &path.display().to_string(), &[])?;
    for r in hviske::model::range_positions(&model)
        .iter()
        .filter(|r| r.outside())
    {
        eprintln!(
            "hviske: warning: {}: kind \"{}\": {} {} lies outside its range [{}, {}]; the range is read as \
             low / most likely / high, and the draws clamp the most likely value into it",
            path.display(),
            hviske::model::escape_control(&r.kind),
            r.parameter,
            r.point,
            r.low,
            r.high
        );
    }
    if STRICT.load(std::sync::atomic::Ordering::Relaxed) {
        reject_unargued_readings(path, &model)?;
    }
    Ok(model)
}

/// Warns on stderr of every channel kind of `model` missing from its
/// `kinds` table (but those already in `known`, warned of before), naming
/// `origin` (a file, or `--what-if …`); under `--strict` they reject it.
/// Returns the kinds it warned of.
pub(crate) fn warn_unknown_kinds(
    model: &hviske::model::Model,
    origin: &str,
    known: &[hviske::model::UnknownKind],
) -> anyhow::Result<Vec<hviske::model::UnknownKind>> {
    let strict = STRICT.load(std::sync::atomic::Ordering::Relaxed);
    let ends = |c: &hviske::model::Channel| {
        (
            model.actors[c.from].id.as_str().to_string(),
            model.actors[c.to].id.as_str().to_string(),
        )
    };
    let unknown: Vec<_> = hviske::model::unknown_kinds(model)
        .into_iter()
        .filter(|u| !known.iter().any(|k| k.kind == u.kind))
        .collect();
    for u in &unknown {
        let (from, to) = ends(&model.channels[u.channel]);
        let near = u
            .near
            .as_deref()
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        eprintln!(
            "hviske: {}: {origin}: channel \"{from}\" -> \"{to}\": kind \"{}\" is not in \"kinds\"{near}; \
             it gets the defaults",
            if strict { "error" } else { "warning" },
            hviske::model::escape_control(&u.kind),
        );
    }
    if strict && !unknown.is_empty() {
        return Err(Rejection(format!(
            "{origin}: {} channel kind(s) missing from \"kinds\" (--strict)",
            unknown.len()
        ))
        .into());
    }
    Ok(unknown)
}

/// Under `--strict`, a reading must say why the evidence allows it and why
/// its probability (`rationale`) and where (`source`): one error line per
/// reading that does not, then a rejection.
fn reject_unargued_readings(
    path: &std::path::Path,
    model: &hviske::model::Model,
) -> anyhow::Result<()> {
    let unargued = hviske::model::unargued_readings(model);
    for u in &unargued {
        eprintln!(
            "hviske: error: {}: reading \"{}\" has no {}: say which lines it rests on and why its probability",
            path.display(),
            hviske::model::escape_control(&model.readings[u.reading].id),
            u.missing.join(" and no "),
        );
    }
    if unargued.is_empty() {
        return Ok(());
    }
    Err(Rejection(format!(
        "{}: {} reading(s) without rationale or source (--strict)",
        path.display(),
        unargued.len()
    ))
    .into())
}

/// Marks an error as a rejection of the user's input (exit 1) rather than a
/// failure to run (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Rejection(pub String);

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
