//! Rows or elements of any input format -> [`RawModel`] -> validated
//! [`Model`], every problem located in the input file it came from.

use super::error::{place_words, ImportError, Place, Problem, ProblemKind, WeightProblem};
use super::slug::Slugs;
use super::summary::{Summary, TieUse, WeightUse};
use super::{Delimiter, ImportOptions, Imported, WeightAs};
use crate::model::raw::{RawActor, RawChannel, RawModel};
use crate::model::IssuePlace as ModelPlace;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
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
    /// The weights are tie values of a list that may name every pair (edge
    /// lists, matrices): a 0 is no tie.
    tie_values: bool,
    /// `meta` fields read as text, to be typed by column at the end
    /// (actors, channels).
    untyped_meta: [BTreeSet<String>; 2],
    /// Names in `summary.meta`, for a constant-time look-up.
    meta_seen: BTreeSet<String>,
    /// Original id -> index in `actors`.
    actor_index: BTreeMap<String, usize>,
    /// The ids of an attributes table, once it is read; each joins the
    /// network's own declaration of that actor once.
    attribute_ids: Option<BTreeSet<String>>,
    /// Attribute rows already joined by the network file.
    attribute_joined: BTreeSet<String>,
    /// Actors of the network without a row in the attributes table.
    without_attributes: Vec<String>,
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
            tie_values: false,
            untyped_meta: [BTreeSet::new(), BTreeSet::new()],
            meta_seen: BTreeSet::new(),
            actor_index: BTreeMap::new(),
            attribute_ids: None,
            attribute_joined: BTreeSet::new(),
            without_attributes: Vec::new(),
        }
    }

    /// Names the ends `source`/`target` in messages (GraphML).
    pub fn set_end_names(&mut self, names: [&'static str; 2]) {
        self.end_names = names;
    }

    /// The field delimiter in force.
    pub fn delimiter(&self) -> Delimiter {
        self.opts.delimiter.unwrap_or(Delimiter::Char(b','))
    }

    /// The options of this import.
    pub fn opts(&self) -> &ImportOptions {
        self.opts
    }

    /// Reads the weights as tie values: a 0 is no tie (see [`ImportOptions::keep_zero`]).
    pub fn tie_values(&mut self) {
        self.tie_values = true;
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
        if self.meta_seen.insert(name.to_string()) {
            self.summary.meta.push(name.to_string());
        }
    }

    /// Puts a text cell under `obj`'s `meta`; once every row is read, a
    /// column whose cells are all numbers (or all `true`/`false`) becomes
    /// numbers (or truth values). `channel` says which table `obj` is in.
    pub fn meta_text(
        &mut self,
        obj: &mut Map<String, Value>,
        name: &str,
        cell: &str,
        channel: bool,
    ) {
        self.kept_in_meta(name);
        let table = &mut self.untyped_meta[usize::from(channel)];
        if !table.contains(name) {
            table.insert(name.to_string());
        }
        meta_of(obj).insert(name.to_string(), Value::String(cell.to_string()));
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
        if let Some(ids) = &self.attribute_ids {
            if !ids.contains(&id) {
                self.without_attributes.push(id.clone());
            } else if self.attribute_joined.insert(id.clone()) {
                return self.join_attributes(&id, obj);
            }
        }
        if let Some(first) = self.first_seen.get(&id) {
            let first = place_words(*first);
            return self.problem(&origin, ProblemKind::DuplicateId { id, first });
        }
        self.first_seen.insert(id.clone(), origin.place);
        obj.insert("id".into(), Value::String(self.slugs.id(&id)));
        self.actor_index.insert(id, self.actors.len());
        self.actors.push((obj, origin));
    }

    /// Adds an actor unless its id is known already (a matrix row's label).
    pub fn ensure_actor(&mut self, obj: Map<String, Value>, origin: Origin) {
        let id = obj.get("id").and_then(Value::as_str).unwrap_or("");
        if !self.first_seen.contains_key(id) {
            self.actor(obj, origin);
        }
    }

    /// The attributes table has been read: the actors it gave are joined
    /// by id with those the network file declares or names.
    pub fn attributes_read(&mut self) {
        self.attribute_ids = Some(self.first_seen.keys().cloned().collect());
    }

    /// The network file's own fields of an actor that the attributes table
    /// gave: they fill what the table leaves out (the table wins).
    fn join_attributes(&mut self, id: &str, obj: Map<String, Value>) {
        let Some(&i) = self.actor_index.get(id) else {
            return;
        };
        let entry = &mut self.actors[i].0;
        for (k, v) in obj {
            match (k.as_str(), v) {
                ("id", _) => {}
                ("meta", Value::Object(m)) => {
                    let meta = meta_of(entry);
                    for (mk, mv) in m {
                        meta.entry(mk).or_insert(mv);
                    }
                }
                (_, v) => {
                    entry.entry(k).or_insert(v);
                }
            }
        }
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
        self.apply_ties();
        self.apply_weights();
        self.merge_mutual_pairs();
        self.apply_kind();
        self.apply_actor_defaults();
        self.note_without_attributes();
        for (table, entries) in [(0, &mut self.actors), (1, &mut self.channels)] {
            for name in &self.untyped_meta[table] {
                type_meta_column(entries, name);
            }
        }
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

    /// Tie values (edge lists, matrices): rows whose value is 0 are no tie,
    /// when the column holds only 0 and 1 or was named by `--tie-column`,
    /// unless [`ImportOptions::keep_zero`]. A 0/1 column is then no weight.
    fn apply_ties(&mut self) {
        let given = self.weights.iter().flatten().count();
        if !self.tie_values || self.opts.keep_zero || given == 0 {
            return;
        }
        let binary = self
            .weights
            .iter()
            .flatten()
            .all(|w| w.0 == 0.0 || w.0 == 1.0);
        if !binary && self.opts.tie_column.is_none() {
            return;
        }
        let zero = |w: &Option<(f64, Origin)>| w.as_ref().is_some_and(|w| w.0 == 0.0);
        let dropped = self.weights.iter().filter(|w| zero(w)).count();
        let keep: Vec<bool> = self.weights.iter().map(|w| !zero(w)).collect();
        let mut flags = keep.iter();
        self.channels.retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        self.weights.retain(|_| *flags.next().unwrap_or(&true));
        if binary {
            // A 0/1 indicator says which pairs are ties; it is no weight.
            self.weights.iter_mut().for_each(|w| *w = None);
        }
        self.summary.ties = Some(TieUse {
            rows: given,
            dropped,
            binary,
            weight_as_unused: binary && self.opts.weight_as != WeightAs::Ignore,
        });
    }

    /// With every channel running both ways, a pair listed in both
    /// directions (an undirected all-pairs list, a symmetric matrix) is one
    /// channel: the second listing is dropped when it says nothing else.
    fn merge_mutual_pairs(&mut self) {
        let mut seen: BTreeMap<(String, String, Option<String>), usize> = BTreeMap::new();
        let mut drop = vec![false; self.channels.len()];
        for (i, (obj, _)) in self.channels.iter().enumerate() {
            if obj.get("bidirectional") != Some(&Value::Bool(true)) {
                continue;
            }
            let end = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let (a, b) = (end("from"), end("to"));
            let kind = obj.get("kind").and_then(Value::as_str).map(str::to_string);
            let key = if a <= b { (a, b, kind) } else { (b, a, kind) };
            match seen.get(&key) {
                Some(&j) if same_but_reversed(&self.channels[j].0, obj) => drop[i] = true,
                Some(_) => {}
                None => {
                    seen.insert(key, i);
                }
            }
        }
        let merged = drop.iter().filter(|d| **d).count();
        if merged == 0 {
            return;
        }
        let mut flags = drop.iter();
        self.channels.retain(|_| !*flags.next().unwrap_or(&false));
        self.summary.merged_mutual += merged;
    }

    /// The kinds' parameters; a single `--kind` names the kind of every
    /// channel of an input that gives none.
    fn apply_kind(&mut self) {
        let [(kind, _)] = self.opts.kinds.as_slice() else {
            return;
        };
        if self
            .channels
            .iter()
            .any(|(obj, _)| obj.contains_key("kind"))
        {
            return;
        }
        for (obj, _) in &mut self.channels {
            obj.insert("kind".into(), Value::String(kind.clone()));
        }
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
                WeightAs::Fidelity if w == 0.0 => {
                    let reason = WeightProblem::Zero;
                    self.problem(&origin, ProblemKind::BadWeight { value: w, reason });
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

    /// Says which actors of the network the attributes table has no row for.
    fn note_without_attributes(&mut self) {
        let missing = &self.without_attributes;
        if missing.is_empty() {
            return;
        }
        let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
        let more = missing.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        self.summary.notes.push(format!(
            "{} actors of the network have no row in the attributes table: {}{more}",
            missing.len(),
            shown.join(", ")
        ));
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
            kinds: self.opts.kinds.iter().cloned().collect(),
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

/// True when `b` is `a` read the other way: same fields, ends swapped.
fn same_but_reversed(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let mut b = b.clone();
    let (from, to) = (b.remove("from"), b.remove("to"));
    if let (Some(from), Some(to)) = (from, to) {
        b.insert("from".into(), to);
        b.insert("to".into(), from);
    }
    *a == b
}

/// How a `meta` column read as text is typed: whole numbers, numbers,
/// truth values, or text (when any cell is none of these, or a number is
/// written with a leading zero or sign, as codes such as "007" are).
fn type_meta_column(entries: &mut [Entry], name: &str) {
    let cells = || {
        entries
            .iter()
            .filter_map(|(obj, _)| obj.get("meta")?.get(name)?.as_str())
    };
    let numeric = |t: &str| {
        let t = t.trim();
        let digits = t.strip_prefix('-').unwrap_or(t);
        let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
        !t.is_empty() && !t.starts_with('+') && !leading_zero
    };
    let convert: fn(&str) -> Option<Value> = if cells()
        .all(|t| numeric(t) && t.trim().parse::<i64>().is_ok())
    {
        |t| t.trim().parse::<i64>().ok().map(Value::from)
    } else if cells().all(|t| numeric(t) && t.trim().parse::<f64>().is_ok_and(f64::is_finite)) {
        |t| t.trim().parse::<f64>().ok().map(Value::from)
    } else if cells().all(|t| matches!(t.trim().to_ascii_lowercase().as_str(), "true" | "false")) {
        |t| Some(Value::Bool(t.trim().eq_ignore_ascii_case("true")))
    } else {
        return;
    };
    for (obj, _) in entries.iter_mut() {
        if let Some(Value::Object(meta)) = obj.get_mut("meta") {
            if let Some(v) = meta.get_mut(name) {
                if let Some(typed) = v.as_str().and_then(convert) {
                    *v = typed;
                }
            }
        }
    }
}
