//! Scenario files: a base model (or scenario) and the changes to make to it,
//! stacked at most [`MAX_SCENARIO_DEPTH`] deep.

use super::readings::{check_readings, drop_stale_readings, reading_change_offset};
use super::{apply, Change};
use crate::model::{read_design, unknown_field_hint, Design, LoadError, Model, Source};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A scenario file: a base model and the changes to make to it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Must be 1.
    pub scenario: i64,
    /// Short human title of the scenario; becomes the model's name.
    pub name: String,
    /// Why this scenario is worth running, with evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Evidence (report lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The base model, relative to the scenario file's folder.
    pub base: String,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
    /// Free-form user data, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
}

/// How deep scenarios may stack on scenarios (a base that is a scenario
/// whose base is a scenario ...).
pub const MAX_SCENARIO_DEPTH: usize = 16;

/// Loads a design: a model file, or a scenario file (recognised by its
/// `"scenario"` field) applied to its base, which may itself be a scenario.
///
/// # Errors
/// [`LoadError`] located in whichever file is at fault; a scenario whose
/// base leads back to itself is rejected.
pub fn load_design(path: impl AsRef<Path>) -> Result<Model, LoadError> {
    load_design_traced(path.as_ref(), &mut Vec::new())
}

/// [`load_design`], also listing in `files` every file read (the design and
/// each base), so a caller can refuse to overwrite any of them.
///
/// # Errors
/// As [`load_design`].
pub fn load_design_traced(path: &Path, files: &mut Vec<PathBuf>) -> Result<Model, LoadError> {
    let mut stack = Vec::new();
    load_nested(path, files, &mut stack)
}

fn load_nested(
    path: &Path,
    files: &mut Vec<PathBuf>,
    stack: &mut Vec<PathBuf>,
) -> Result<Model, LoadError> {
    files.push(path.to_path_buf());
    let source = match read_design(path)? {
        Design::Model(model) => return checked_readings(model, path),
        Design::Scenario(source) => source,
    };
    let text = source.text();
    let file = read_scenario(&source)?;
    let invalid = |offset: usize, message: String| source.problem_at(offset, message);
    let here = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if stack.contains(&here) {
        return Err(invalid(
            base_offset(text),
            "the scenario is its own base (a cycle of scenarios)".into(),
        ));
    }
    if stack.len() >= MAX_SCENARIO_DEPTH {
        return Err(invalid(
            base_offset(text),
            format!("scenarios are stacked more than {MAX_SCENARIO_DEPTH} deep"),
        ));
    }
    if file.base.trim().is_empty() {
        return Err(invalid(
            base_offset(text),
            "base is empty: give the base model's file, relative to this scenario's folder".into(),
        ));
    }
    stack.push(here);
    let base_path = path.parent().unwrap_or(Path::new(".")).join(&file.base);
    let base = load_nested(&base_path, files, stack)?;
    stack.pop();
    let mut model = apply(&base, &file.changes).map_err(|e| {
        let (i, problem) = (e.index, e.problem);
        let offset = change_offset(text, i).unwrap_or(0);
        invalid(
            offset,
            format!("change {} ({}): {problem}", i + 1, file.changes[i]),
        )
    })?;
    model.name = file.name.clone();
    let mut notes = vec![format!("Scenario \"{}\" on \"{}\".", file.name, base.name)];
    notes.extend(drop_stale_readings(&mut model));
    if let Some(r) = &file.rationale {
        notes.push(format!("Rationale: {r}"));
    }
    model.assumptions.splice(0..0, notes);
    Ok(model)
}

/// `model` when its readings' changes apply to it; else the first that
/// does not, placed in the file (read again: only a rejected file needs
/// its text kept for positions).
fn checked_readings(model: Model, path: &Path) -> Result<Model, LoadError> {
    let Err(e) = check_readings(&model) else {
        return Ok(model);
    };
    let source = Source::read(path)?;
    let r = model.readings.iter().position(|x| x.id == e.reading);
    let offset = r
        .and_then(|r| reading_change_offset(source.text(), r, e.change))
        .unwrap_or(0);
    Err(source.problem_at(offset, e.to_string()))
}

/// Byte offset of the `base` field's value in a scenario file.
fn base_offset(text: &str) -> usize {
    serde_json::from_str::<BTreeMap<String, &RawValue>>(text)
        .ok()
        .and_then(|m| {
            m.get("base")
                .map(|v| v.get().as_ptr() as usize - text.as_ptr() as usize)
        })
        .unwrap_or(0)
}

/// Parses a scenario file's text (without loading its base); `path` is only
/// used in messages.
///
/// # Errors
/// [`LoadError::Invalid`] located at the first problem.
pub fn parse_scenario(text: &str, path: &Path) -> Result<ScenarioFile, LoadError> {
    read_scenario(&Source::new(path, text))
}

/// [`parse_scenario`] of a file already read.
fn read_scenario(source: &Source) -> Result<ScenarioFile, LoadError> {
    let text = source.text();
    let file: ScenarioFile = serde_json::from_str(text).map_err(|e| {
        // Errors inside a tagged change carry no position: find the change.
        match bad_change(text) {
            Some((i, offset, message)) if e.is_data() => {
                let message = with_allowed_fields(&message, text, i);
                // Changes have no `meta`: keep the hint, drop that advice.
                let message = unknown_field_hint(&message)
                    .and_then(|m| m.split_once("; put data").map(|(m, _)| m.to_string()))
                    .unwrap_or(message);
                source.problem_at(offset, format!("change {}: {message}", i + 1))
            }
            _ => source.syntax_error(&e),
        }
    })?;
    if file.scenario != 1 {
        return Err(source.problem_at(
            0,
            format!(
                "unsupported scenario format {}: this hviske reads 1",
                file.scenario
            ),
        ));
    }
    Ok(file)
}

/// serde lists no allowed fields for a change with flattened fields
/// (`add-channel`, `set-kind`, `set-all`): name them from the format.
fn with_allowed_fields(message: &str, text: &str, i: usize) -> String {
    if !message.starts_with("unknown field") || message.contains("expected one of") {
        return crate::model::in_format_words(message);
    }
    let op = change_texts(text).get(i).and_then(|v| {
        serde_json::from_str::<serde_json::Value>(v.get())
            .ok()?
            .get("op")?
            .as_str()
            .map(String::from)
    });
    let params = ["fidelity", "distortion", "latency_days", "every_days"];
    let fields: Vec<&str> = match op.as_deref() {
        Some("add-channel") => [
            "op",
            "from",
            "to",
            "kind",
            "bidirectional",
            "source",
            "evidence",
            "meta",
        ]
        .into_iter()
        .chain(params)
        .collect(),
        Some("set-kind") => ["op", "kind"].into_iter().chain(params).collect(),
        Some("set-all") => ["op"].into_iter().chain(params).collect(),
        _ => return message.to_string(),
    };
    let field = message.split('`').nth(1).unwrap_or_default();
    let listed: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    format!(
        "unknown field `{field}`, expected one of {}",
        listed.join(", ")
    )
}

/// The `changes` of a scenario file as slices of its text.
fn change_texts(text: &str) -> Vec<&RawValue> {
    #[derive(Deserialize)]
    struct View<'a> {
        #[serde(borrow)]
        changes: Vec<&'a RawValue>,
    }
    serde_json::from_str::<View>(text).map_or_else(|_| Vec::new(), |v| v.changes)
}

/// Byte offset of `changes[i]` in a scenario file's text.
fn change_offset(text: &str, i: usize) -> Option<usize> {
    let v = *change_texts(text).get(i)?;
    Some(v.get().as_ptr() as usize - text.as_ptr() as usize)
}

/// The first change that does not parse: its index, offset and message.
fn bad_change(text: &str) -> Option<(usize, usize, String)> {
    change_texts(text).iter().enumerate().find_map(|(i, v)| {
        let e = serde_json::from_str::<Change>(v.get()).err()?;
        let offset = v.get().as_ptr() as usize - text.as_ptr() as usize;
        let mut message = e.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        Some((i, offset, message))
    })
}
