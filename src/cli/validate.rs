//! `hviske validate MODEL...`

use super::Exit;
use clap::Args;
use hviske::model::LoadError;
use std::io::Write;
use std::path::PathBuf;

/// Check model files against the format; list every problem with its line and column.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  hviske validate models/three-two-one.json models/industry-council.json
  hviske validate models/*.json

Prints one line per valid file on stdout; every problem of an invalid file on
stderr as path:line:col: message. Exit 0 when all are valid, 1 when any is
invalid, 2 when any cannot be read.")]
pub struct ValidateArgs {
    /// Model files to check.
    #[arg(required = true, value_name = "MODEL")]
    models: Vec<PathBuf>,
    /// Print nothing for valid files.
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<Exit> {
    let mut exit = Exit::Success;
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    for path in &args.models {
        match super::load_design(path) {
            Ok(m) => {
                if !args.quiet {
                    let levels = m
                        .deepest_level()
                        .map(|d| format!(", levels {}-{d}", m.top_level().unwrap_or(1)))
                        .unwrap_or_default();
                    let (a, c) = (m.actor_evidence(), m.channel_evidence());
                    writeln!(
                        stdout,
                        "{}: ok: \"{}\" ({} actors, {} channels{levels}; evidence: actors {}/{}/{}/{}, channels {}/{}/{}/{} stated/inferred/assumed/ungraded; {} readings)",
                        path.display(),
                        hviske::model::escape_control(&m.name),
                        m.actors.len(),
                        m.channels.len(),
                        a.stated,
                        a.inferred,
                        a.assumed,
                        a.ungraded,
                        c.stated,
                        c.inferred,
                        c.assumed,
                        c.ungraded,
                        m.readings.len()
                    )?;
                }
            }
            Err(e) => match e.downcast_ref::<LoadError>() {
                Some(load @ LoadError::Invalid { .. }) => {
                    writeln!(stderr, "{load}")?;
                    if exit == Exit::Success {
                        exit = Exit::Rejected;
                    }
                }
                Some(_) => {
                    writeln!(stderr, "hviske: error: {e:#}")?;
                    exit = Exit::CouldNotRun;
                }
                None => {
                    // A rejection (--strict); its lines are already on stderr.
                    writeln!(stderr, "hviske: error: {e:#}")?;
                    if exit == Exit::Success {
                        exit = Exit::Rejected;
                    }
                }
            },
        }
    }
    Ok(exit)
}
