//! The command-line front end: arguments, output destinations, exit codes.
//! Only this module prints; the library returns data and strings.

mod analyze;
mod calendar;
mod chart;
mod compare;
mod export;
mod import;
mod inspect;
mod output;
mod progress;
mod report;
mod simulate;
mod validate;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hviske::model::LoadError;
use hviske::render::Format;
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
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::ValidateArgs),
    Inspect(inspect::InspectArgs),
    Analyze(analyze::AnalyzeArgs),
    Simulate(simulate::SimulateArgs),
    Compare(compare::CompareArgs),
    Sweep(compare::SweepArgs),
    Import(import::ImportArgs),
    Export(export::ExportArgs),
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

/// Parses the arguments, runs the command, prints any error once.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Sweep(args) => compare::run_sweep(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(e) => report(&e).into(),
    }
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

/// Runs `f` on a rayon pool of `threads` threads (or the global pool).
pub(crate) fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> anyhow::Result<T> {
    match threads {
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
