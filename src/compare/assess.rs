//! What `hviske compare` answers by default: the comparison across the
//! evidence (every contested reading and every range drawn, [`robustness`])
//! first, then the single run at the point values ([`compare`]), labelled
//! as such.

use super::{compare, robustness_after, CompareError, CompareOptions, Comparison, Design};
use super::{Robustness, UncertainOptions};

use crate::sim;
use serde::Serialize;

/// The comparison across the evidence and the single run at the point
/// values. Serialised as `{"across_the_evidence": …, "point_run": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The draws of the readings and ranges: medians, bands, win shares,
    /// each reading's effect, where the gap comes from, what would flip it.
    pub across_the_evidence: Robustness,
    /// The single run with every reading off and every value at its most
    /// likely, both directions, every row (its intervals are simulation
    /// noise of that one run).
    pub point_run: Comparison,
}

/// Runs the point run, then the draws, with the same designs and options
/// (the point run's shares intact up are the draws' base case, not
/// simulated twice).
///
/// `progress(done, total)`, when given, counts each of the point run's
/// simulations (2 per design) from 0 to its own total, then the draws.
///
/// # Errors
/// As [`robustness`] and [`compare`].
pub fn assess(
    designs: &[Design],
    opts: &CompareOptions,
    draws: &UncertainOptions,
    progress: sim::Progress<'_>,
) -> Result<Assessment, CompareError> {
    let point_run = compare(designs, opts, progress)?;
    let across_the_evidence = robustness_after(designs, opts, draws, &point_run, progress)?;
    Ok(Assessment {
        across_the_evidence,
        point_run,
    })
}
