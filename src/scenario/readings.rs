//! A model's readings: alternative takes on the evidence, each a list of
//! changes, applied on demand and checked when a model is loaded.

use super::{apply, Change, ReadingError, ReadingProblem};
use crate::model::{Model, Reading};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::Arc;

/// The changes of a reading, parsed from the scenario change vocabulary.
///
/// # Errors
/// The first change that is not a valid change object.
pub fn reading_changes(reading: &Reading) -> Result<Vec<Change>, ReadingError> {
    reading
        .changes
        .iter()
        .enumerate()
        .map(|(i, value)| {
            serde_json::from_value::<Change>(value.clone()).map_err(|e| ReadingError {
                reading: reading.id.clone(),
                change: i,
                problem: ReadingProblem::NotAChange(Arc::new(e)),
            })
        })
        .collect()
}

/// The model under some of its readings: the changes of each reading in
/// `chosen` (indices into [`Model::readings`], applied in the order given),
/// with an assumption line naming each reading. The result has no readings
/// left: it is one reading of the evidence, not a family of them.
///
/// # Errors
/// The first change of a chosen reading that cannot be applied.
pub fn apply_readings(model: &Model, chosen: &[usize]) -> Result<Model, ReadingError> {
    let mut current = model.clone();
    current.readings.clear();
    for &r in chosen {
        let reading = &model.readings[r];
        let changes = reading_changes(reading)?;
        let assumptions = current.assumptions.clone();
        current = apply(&current, &changes).map_err(|e| ReadingError {
            reading: reading.id.clone(),
            change: e.index,
            problem: ReadingProblem::Change(e.problem),
        })?;
        current.assumptions = assumptions;
        current.assumptions.push(format!(
            "Reading \"{}\" applied: {}.",
            reading.id, reading.name
        ));
    }
    Ok(current)
}

/// Checks that every reading of `model` applies, alone and all together.
pub(super) fn check_readings(model: &Model) -> Result<(), ReadingError> {
    if model.readings.is_empty() {
        // Nothing to apply (and no copy of a model that may be large).
        return Ok(());
    }
    for r in 0..model.readings.len() {
        apply_readings(model, &[r])?;
    }
    let all: Vec<usize> = (0..model.readings.len()).collect();
    apply_readings(model, &all).map(|_| ())
}

/// Byte offset of `readings[r].changes[c]` in a model file's text (of the
/// reading where the change cannot be found).
pub(super) fn reading_change_offset(text: &str, r: usize, c: usize) -> Option<usize> {
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(borrow)]
        readings: Vec<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct One<'a> {
        #[serde(borrow)]
        changes: Vec<&'a RawValue>,
    }
    let reading = *serde_json::from_str::<Top>(text).ok()?.readings.get(r)?;
    let at = serde_json::from_str::<One>(reading.get())
        .ok()
        .and_then(|one| one.changes.get(c).copied())
        .unwrap_or(reading);
    Some(at.get().as_ptr() as usize - text.as_ptr() as usize)
}

/// Drops the base model's readings that no longer apply after a scenario's
/// changes (say, a reading that adds a channel to an actor the scenario
/// removed), and says which went.
pub(super) fn drop_stale_readings(model: &mut Model) -> Vec<String> {
    let mut notes = Vec::new();
    let mut kept = Vec::new();
    for (r, reading) in model.readings.iter().enumerate() {
        match apply_readings(model, &[r]) {
            Ok(_) => kept.push(reading.clone()),
            Err(e) => notes.push(format!(
                "Reading \"{}\" of the base model does not apply to this scenario and is left out ({e}).",
                reading.id
            )),
        }
    }
    model.readings = kept;
    notes
}
