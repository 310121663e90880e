//! What-if scenarios: a validated [`Model`] and a list of [`Change`]s give a
//! new, validated [`Model`] (a stage between `model` and `graph`).
//!
//! Changes name actors by id and are applied in order, each to the model the
//! previous one produced, and the result is validated after every change, so
//! an error names the change that caused it. A change never edits a file.
//!
//! Changes come from `--what-if` flags ([`Change::parse`], e.g.
//! `attendance:nnn=0.4`) or from scenario files ([`load_design`]): a JSON
//! object with a base model, a name, a rationale and a list of changes.
//!
//! ```json
//! { "scenario": 1, "name": "NNN keeps its chair empty",
//!   "rationale": "NNN often sends apologies (report L442-L446).",
//!   "base": "../three-two-one.json",
//!   "changes": [ { "op": "attendance", "actor": "nnn", "value": 0.2 } ] }
//! ```
//!
//! The stage has one file per job: `change` holds the vocabulary,
//! `what_if` the `--what-if` mini-language, `edit` the edits each change
//! makes to the raw model, `file` the scenario file loader (scenarios
//! stacked on scenarios) and `readings` the application of a model's
//! readings.

mod change;
mod edit;
mod error;
mod file;
mod readings;
mod what_if;

pub use change::Change;
pub use edit::MAX_JOINED_CHANNELS;
pub use error::{ChangeError, ChangeProblem, ReadingError, ReadingProblem, WhatIfError};
pub use file::{load_design, load_design_traced, parse_scenario, ScenarioFile, MAX_SCENARIO_DEPTH};
pub use readings::{apply_readings, reading_changes};
pub use what_if::{one_param, WHAT_IF_SYNTAX};

use crate::model::{validate, Model};
use edit::apply_raw;

/// Applies `changes` in order to `model`; the result's name and assumptions
/// say what was changed.
///
/// # Errors
/// [`ChangeError`] for the first change that cannot be applied: its 0-based
/// index and why (an unknown id with a near match, or the rules the result
/// breaks).
pub fn apply(model: &Model, changes: &[Change]) -> Result<Model, ChangeError> {
    let mut current = model.clone();
    for (i, change) in changes.iter().enumerate() {
        let mut raw = current.to_raw();
        let error = |problem: ChangeProblem| ChangeError { index: i, problem };
        apply_raw(&mut raw, change).map_err(error)?;
        raw.assumptions.push(format!("What-if: {change}."));
        current = validate(&raw).map_err(|issues| error(ChangeProblem::Invalid(issues)))?;
    }
    Ok(current)
}

/// The model with every reading in `chosen` applied at once: the same
/// model as [`apply_readings`] (tested) but validated once at the end rather
/// than after every change, for the many combinations of readings an
/// uncertainty analysis simulates. Where anything does not apply, the
/// error is [`apply_readings`]'s own (it is run to find it).
///
/// # Errors
/// As [`apply_readings`].
pub fn apply_readings_at_once(model: &Model, chosen: &[usize]) -> Result<Model, ReadingError> {
    let mut base = model.clone();
    base.readings.clear();
    let mut raw = base.to_raw();
    for &r in chosen {
        let Ok(changes) = reading_changes(&model.readings[r]) else {
            return apply_readings(model, chosen);
        };
        if changes.iter().any(|c| apply_raw(&mut raw, c).is_err()) {
            return apply_readings(model, chosen);
        }
    }
    validate(&raw).or_else(|_| apply_readings(model, chosen))
}

#[cfg(test)]
mod tests;
