//! Rows or elements of any input format -> [`RawModel`] -> validated
//! [`Model`], every problem located in the input file it came from.

use super::error::{place_words, ImportError, Place, Problem, ProblemKind, WeightProblem};
use super::slug::Slugs;
use super::summary::{Summary, WeightUse};
use super::{ImportOptions, Imported, WeightAs};
use crate::model::raw::{RawActor, RawChannel, RawModel};
use crate::model::IssuePlace as ModelPlace;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a row or element came from.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// The file.
    pub path: PathBuf,
    /// The row or element.
    pub place: Place,
}

impl Origin {
    pub fn new(path: &Path, place: Place) -> Self {
        Origin {
            path: path.to_path_buf(),
            place,
        }
    }

    fn problem(&self, kind: ProblemKind) -> Problem {
        Problem::new(&self.path, self.place, kind)
    }
}

/// An actor or channel as a JSON object keyed by field name (with `meta`), and where it came from.
type Entry = (Map<String, Value>, Origin);

/// Collects actors and channels, then builds and validates the model.
pub(crate) struct Builder<'a> {
    opts: &'a ImportOptions,
    /// Make an actor for every id a channel names that no actor row gives.
    infer_actors: bool,
    slugs: Slugs,
    first_seen: BTreeMap<String, Place>,
    actors: Vec<Entry>,
    channels: Vec<Entry>,
    weights: Vec<Option<(f64, Origin)>>,
    pub problems: Vec<Problem>,
    pub summary: Summary,
    /// Model-level fields (`name`, `description`, `source`, `meta`).
    pub model: Map<String, Value>,
    /// How messages name a channel's two ends (`from`/`to`, `source`/`target`).
    end_names: [&'static str; 2],
}

impl<'a> Builder<'a> {
    pub fn new(opts: &'a ImportOptions, infer_actors: bool) -> Self {
        Builder {
            opts,
            infer_actors,
            slugs: Slugs::default(),
            first_seen: BTreeMap::new(),
            actors: Vec::new(),
            channels: Vec::new(),
            weights: Vec::new(),
            problems: Vec::new(),
            summary: Summary::default(),
            model: Map::new(),
            end_names: ["from", "to"],
        }
    }

    /// Names the ends `source`/`target` in messages (GraphML).
    pub fn set_end_names(&mut self, names: [&'static str; 2]) {
        self.end_names = names;
    }

    /// The CSV delimiter in force.
    pub fn delimiter(&self) -> u8 {
        self.opts.delimiter.unwrap_or(b',')
    }

    /// True when edges run both ways.
    pub fn undirected(&self) -> bool {
        self.opts.undirected
    }

    /// Records a problem.
    pub fn problem(&mut self, origin: &Origin, kind: ProblemKind) {
        self.problems.push(origin.problem(kind));
    }

    /// Notes an attribute or column kept under `meta`.
    pub fn kept_in_meta(&mut self, name: &str) {
        if !self.summary.meta.iter().any(|m| m == name) {
            self.summary.meta.push(name.to_string());
        }
    }

    /// Adds an actor; `obj["id"]` is the id as written.
    pub fn actor(&mut self, mut obj: Map<String, Value>, origin: Origin) {
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if id.trim().is_empty() {
            return self.problem(&origin, ProblemKind::EmptyId("id"));
        }
        if let Some(first) = self.first_seen.get(&id) {
            let first = place_words(*first);
            return self.problem(&origin, ProblemKind::DuplicateId { id, first });
        }
        self.first_seen.insert(id.clone(), origin.place);
        obj.insert("id".into(), Value::String(self.slugs.id(&id)));
        self.actors.push((obj, origin));
    }

    /// Marks an id as given by a row that was rejected, so that channels
    /// naming it get no second problem.
    pub fn known_id(&mut self, id: &str) {
        if !id.trim().is_empty() && !self.first_seen.contains_key(id) {
            self.first_seen.insert(id.to_string(), Place::File);
            self.slugs.id(id);
        }
    }

    /// Adds a channel; `obj["from"]`, `obj["to"]` are the ids as written.
    pub fn channel(&mut self, mut obj: Map<String, Value>, weight: Option<f64>, origin: Origin) {
        let mut ok = true;
        for (end, label) in ["from", "to"].into_iter().zip(self.end_names) {
            let id = obj
                .get(end)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            match self.endpoint(&id, label, &origin) {
                Some(slug) => {
                    obj.insert(end.into(), Value::String(slug));
                }
                None => ok = false,
            }
        }
        if ok {
            self.weights.push(weight.map(|w| (w, origin.clone())));
            self.channels.push((obj, origin));
        }
    }

    /// The valid id of a channel's end, inferring an actor where allowed.
    fn endpoint(&mut self, id: &str, end: &'static str, origin: &Origin) -> Option<String> {
        if id.trim().is_empty() {
            self.problem(origin, ProblemKind::EmptyId(end));
            return None;
        }
        if self.first_seen.contains_key(id) {
            return self.slugs.get(id).map(str::to_string);
        }
        if self.infer_actors {
            let mut obj = Map::new();
            obj.insert("id".into(), Value::String(id.to_string()));
            self.actor(obj, origin.clone());
            self.summary.inferred_actors += 1;
            return self.slugs.get(id).map(str::to_string);
        }
        let near = crate::model::near_match(id, self.slugs.originals()).map(str::to_string);
        let kind = ProblemKind::UnknownActor {
            column: end,
            id: id.to_string(),
            near,
        };
        self.problem(origin, kind);
        None
    }

    /// Builds, validates, and returns the model or every problem.
    pub fn finish(mut self, fallback_name: &str) -> Result<Imported, ImportError> {
        self.apply_weights();
        self.apply_actor_defaults();
        if !self.problems.is_empty() {
            return Err(ImportError::rejected(self.problems));
        }
        let raw = match self.raw_model(fallback_name) {
            Ok(raw) => raw,
            Err(problems) => return Err(ImportError::rejected(problems)),
        };
        match crate::model::validate(&raw) {
            Ok(model) => {
                let mut summary = self.summary;
                summary.renamed = self.slugs.changed;
                summary.count(&model);
                Ok(Imported {
                    raw,
                    model,
                    summary,
                })
            }
            Err(issues) => {
                let problems = issues
                    .into_iter()
                    .map(|issue| {
                        self.locate(&issue.place)
                            .problem(ProblemKind::Model(issue.message))
                    })
                    .collect();
                Err(ImportError::rejected(problems))
            }
        }
    }

    /// The input row of a model validation issue.
    fn locate(&self, place: &ModelPlace) -> Origin {
        let first_file = || {
            let path = self
                .actors
                .first()
                .or(self.channels.first())
                .map(|e| e.1.path.clone());
            Origin {
                path: path.unwrap_or_default(),
                place: Place::File,
            }
        };
        match place {
            ModelPlace::Actor(i, ..) => self.actors.get(*i).map(|e| e.1.clone()),
            ModelPlace::Channel(i, _) => self.channels.get(*i).map(|e| e.1.clone()),
            _ => None,
        }
        .unwrap_or_else(first_file)
    }

    /// `weight` -> `fidelity` or `meta.weight`, as [`ImportOptions::weight_as`] says.
    fn apply_weights(&mut self) {
        let max = self
            .weights
            .iter()
            .flatten()
            .map(|w| w.0)
            .fold(f64::NAN, f64::max);
        let how = self.opts.weight_as;
        if self.weights.iter().any(Option::is_some) {
            self.summary.weight = Some(match how {
                WeightAs::Ignore => WeightUse::Kept,
                WeightAs::Fidelity => WeightUse::Fidelity,
                WeightAs::FidelityScaled => WeightUse::Scaled { max },
            });
        }
        for (i, w) in std::mem::take(&mut self.weights).into_iter().enumerate() {
            let Some((w, origin)) = w else { continue };
            let fidelity = match how {
                WeightAs::Ignore => {
                    meta_of(&mut self.channels[i].0).insert("weight".into(), Value::from(w));
                    continue;
                }
                WeightAs::Fidelity if (0.0..=1.0).contains(&w) => w,
                WeightAs::Fidelity => {
                    let reason = WeightProblem::OutsideUnit;
                    self.problem(&origin, ProblemKind::BadWeight { value: w, reason });
                    continue;
                }
                WeightAs::FidelityScaled if w > 0.0 => w / max,
                WeightAs::FidelityScaled => {
                    let reason = WeightProblem::NotPositive;
                    self.problem(&origin, ProblemKind::BadWeight { value: w, reason });
                    continue;
                }
            };
            self.channels[i]
                .0
                .entry("fidelity")
                .or_insert(Value::from(fidelity));
        }
    }

    /// `--attendance`, and members named by their ids as written.
    fn apply_actor_defaults(&mut self) {
        for (obj, _) in &mut self.actors {
            if let Some(a) = self.opts.attendance {
                obj.entry("attendance").or_insert(Value::from(a));
            }
            if let Some(Value::Array(members)) = obj.get_mut("members") {
                for m in members.iter_mut() {
                    if let Some(slug) = m.as_str().and_then(|s| self.slugs.get(s)) {
                        *m = Value::String(slug.to_string());
                    }
                }
            }
        }
    }

    fn raw_model(&mut self, fallback_name: &str) -> Result<RawModel, Vec<Problem>> {
        let mut problems = Vec::new();
        let actors = from_objects::<RawActor>(&self.actors, &mut problems);
        let channels = from_objects::<RawChannel>(&self.channels, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let text =
            |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let defaults = self.opts.defaults;
        Ok(RawModel {
            format: Some(1),
            name: self
                .opts
                .name
                .clone()
                .or(text(&self.model, "name"))
                .or(Some(fallback_name.to_string())),
            description: text(&self.model, "description"),
            source: text(&self.model, "source"),
            defaults: (defaults != Default::default()).then_some(defaults),
            actors,
            channels,
            meta: self.model.get("meta").cloned(),
            ..RawModel::default()
        })
    }
}

/// The `meta` object of an entry, made where missing.
pub(crate) fn meta_of(obj: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let meta = obj
        .entry("meta")
        .or_insert_with(|| Value::Object(Map::new()));
    if !meta.is_object() {
        *meta = Value::Object(Map::new());
    }
    match meta {
        Value::Object(m) => m,
        _ => unreachable!("made an object above"),
    }
}

/// The entries as the raw type (entries hold only fields of the table with
/// values of the table's types, so a problem here means the table and the
/// raw types disagree).
fn from_objects<T: serde::de::DeserializeOwned>(
    entries: &[Entry],
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    entries
        .iter()
        .filter_map(|(obj, origin)| {
            serde_json::from_value(Value::Object(obj.clone()))
                .map_err(|e| problems.push(origin.problem(ProblemKind::Model(e.to_string()))))
                .ok()
        })
        .collect()
}
