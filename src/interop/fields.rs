//! The one table that maps the model's actor and channel fields to columns
//! and attributes of other formats, by name and type. Import and every
//! exporter read it; a new optional field of the model format is one line
//! here (its name as in the model file, and its type).

use crate::model::raw::{RawActor, RawChannel};
use crate::model::Model;
use serde_json::{Map, Value};

/// The type of a field, as written in other formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Text.
    Str,
    /// A whole number.
    Int,
    /// A real number.
    Double,
    /// `true`/`false` (import also takes `1`/`0`, `yes`/`no`).
    Bool,
    /// Actor ids separated by `;` (`members`).
    IdList,
    /// Periods `FROM..TO` in days separated by `;` (`vacancies`).
    Periods,
}

/// One field of an actor or a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its name, as in the model file.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
}

const fn f(name: &'static str, ty: Ty) -> Field {
    Field { name, ty }
}

/// The actor fields, in column order (`id` first).
pub const ACTOR_FIELDS: &[Field] = &[
    f("id", Ty::Str),
    f("name", Ty::Str),
    f("level", Ty::Int),
    f("side", Ty::Str),
    f("kind", Ty::Str),
    f("attendance", Ty::Double),
    f("members", Ty::IdList),
    f("advisory", Ty::Bool),
    f("industry", Ty::Str),
    f("vacancies", Ty::Periods),
    f("source", Ty::Str),
    f("evidence", Ty::Str),
];

/// The channel fields, in column order (`from`, `to` first).
pub const CHANNEL_FIELDS: &[Field] = &[
    f("from", Ty::Str),
    f("to", Ty::Str),
    f("kind", Ty::Str),
    f("fidelity", Ty::Double),
    f("distortion", Ty::Double),
    f("latency_days", Ty::Double),
    f("every_days", Ty::Double),
    f("bidirectional", Ty::Bool),
    f("source", Ty::Str),
    f("evidence", Ty::Str),
];

/// The field called `name` in `fields`.
pub fn find(fields: &[Field], name: &str) -> Option<Field> {
    fields.iter().copied().find(|f| f.name == name)
}

impl Ty {
    /// The JSON value of a cell, or what the cell should have been, in words.
    ///
    /// # Errors
    /// The expected kind of value, for the message.
    pub fn parse(self, text: &str) -> Result<Value, &'static str> {
        let t = text.trim();
        match self {
            Ty::Str => Ok(Value::String(text.to_string())),
            Ty::Int => parse_int(t).map(Value::from).ok_or("a whole number"),
            Ty::Double => parse_double(t).map(Value::from).ok_or("a number"),
            Ty::Bool => parse_bool(t).map(Value::Bool).ok_or("true or false"),
            Ty::IdList => Ok(Value::Array(
                split_list(t).map(|s| Value::String(s.into())).collect(),
            )),
            Ty::Periods => split_list(t)
                .map(parse_period)
                .collect::<Option<Vec<_>>>()
                .map(Value::Array)
                .ok_or("periods FROM..TO separated by ';'"),
        }
    }

    /// The GraphML `attr.type`.
    pub fn graphml(self) -> &'static str {
        match self {
            Ty::Str | Ty::IdList | Ty::Periods => "string",
            Ty::Int => "int",
            Ty::Double => "double",
            Ty::Bool => "boolean",
        }
    }

    /// The GEXF attribute `type`.
    pub fn gexf(self) -> &'static str {
        match self {
            Ty::Str | Ty::IdList | Ty::Periods => "string",
            Ty::Int => "integer",
            Ty::Double => "double",
            Ty::Bool => "boolean",
        }
    }
}

fn parse_int(t: &str) -> Option<i64> {
    t.parse::<i64>().ok().or_else(|| {
        // Tools that store every number as a float write 3 as "3.0".
        let x = parse_double(t)?;
        (x.fract() == 0.0 && x.abs() < 9.0e15).then_some(x as i64)
    })
}

fn parse_double(t: &str) -> Option<f64> {
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn parse_bool(t: &str) -> Option<bool> {
    match t.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" | "" => Some(false),
        _ => None,
    }
}

fn split_list(t: &str) -> impl Iterator<Item = &str> {
    t.split(';').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_period(p: &str) -> Option<Value> {
    let (a, b) = p.split_once("..")?;
    let (from, to) = (parse_double(a.trim())?, parse_double(b.trim())?);
    Some(serde_json::json!({ "from_day": from, "to_day": to }))
}

/// A typed value in a table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Str(String),
    /// A whole number.
    Int(i64),
    /// A real number.
    Double(f64),
    /// A truth value.
    Bool(bool),
    /// A `meta` value that is no number, truth value or text of a column of
    /// one type (a list, an object, or a column of mixed types): written
    /// as it is in JSON, as JSON text elsewhere.
    Json(Value),
}

impl Cell {
    /// The cell as the model file's JSON holds `ty`, where it has a value.
    fn from_json(ty: Ty, v: &Value) -> Option<Cell> {
        match ty {
            Ty::Str => v.as_str().map(|s| Cell::Str(s.into())),
            Ty::Int => v.as_i64().map(Cell::Int),
            Ty::Double => v.as_f64().map(Cell::Double),
            Ty::Bool => v.as_bool().map(Cell::Bool),
            Ty::IdList => {
                let ids: Vec<&str> = v.as_array()?.iter().filter_map(Value::as_str).collect();
                (!ids.is_empty()).then(|| Cell::Str(ids.join(";")))
            }
            Ty::Periods => {
                let periods: Vec<String> = v
                    .as_array()?
                    .iter()
                    .map(|p| format!("{}..{}", p["from_day"], p["to_day"]))
                    .collect();
                (!periods.is_empty()).then(|| Cell::Str(periods.join(";")))
            }
        }
    }

    /// The cell as text (numbers in Rust's shortest round-trip form).
    pub fn text(&self) -> String {
        match self {
            Cell::Str(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Double(x) => x.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Json(v) => v.to_string(),
        }
    }

    /// The cell as a JSON value.
    pub fn json(&self) -> Value {
        match self {
            Cell::Str(s) => Value::String(s.clone()),
            Cell::Int(i) => Value::from(*i),
            Cell::Double(x) => Value::from(*x),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Json(v) => v.clone(),
        }
    }
}

/// The type of an extra per-actor measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureType {
    /// Counts and hop numbers.
    Int,
    /// Centralities and rates.
    Double,
}

/// An extra per-actor attribute (a measure of `analyze` or a hold rate of
/// `simulate`), one value per actor in model order (`None`: no value).
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The attribute's name.
    pub name: String,
    /// Its type.
    pub ty: MeasureType,
    /// One value per actor.
    pub values: Vec<Option<f64>>,
}

/// The `meta` objects of a model's actors and channels, in model order
/// (the validated [`Model`] does not keep them; the caller reads them from
/// the model file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// One per actor.
    pub actors: Vec<Option<Value>>,
    /// One per channel.
    pub channels: Vec<Option<Value>>,
}

impl Meta {
    /// The `meta` objects of a model file's text, when its actors and
    /// channels are the model's (same ids, same count); `None` otherwise
    /// (a scenario, whose base holds them).
    pub fn of_file(text: &str, model: &Model) -> Option<Meta> {
        let v: Value = serde_json::from_str(text).ok()?;
        let actors = v.get("actors")?.as_array()?;
        let channels = v.get("channels")?.as_array()?;
        let same = actors.len() == model.actors.len()
            && channels.len() == model.channels.len()
            && actors
                .iter()
                .zip(&model.actors)
                .all(|(a, m)| a.get("id").and_then(Value::as_str) == Some(m.id.as_str()));
        let metas = |list: &[Value]| list.iter().map(|x| x.get("meta").cloned()).collect();
        same.then(|| Meta {
            actors: metas(actors),
            channels: metas(channels),
        })
    }
}

/// A named, typed column of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name: a field's, a measure's, or for a `meta` field its key
    /// (`meta.KEY` where the key is also a field's, a measure's or a name
    /// the format reserves, such as `label` or `weight`).
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// A `meta` field (CSV writes its header as `meta.KEY` whatever `name` is).
    pub meta: Option<String>,
}

/// A model as two typed tables, what every exporter writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Actor columns: [`ACTOR_FIELDS`], every actor `meta` key, then the measures.
    pub actor_columns: Vec<Column>,
    /// One row per actor, one cell per column (`None`: not set).
    pub actors: Vec<Vec<Option<Cell>>>,
    /// Channel columns: [`CHANNEL_FIELDS`], then every channel `meta` key.
    pub channel_columns: Vec<Column>,
    /// One row per channel.
    pub channels: Vec<Vec<Option<Cell>>>,
}

impl Table {
    /// The tables of `model`: every actor's name and attendance, and every
    /// channel's resolved parameters and direction, written out.
    pub fn of(model: &Model, measures: &[Measure], meta: Option<&Meta>) -> Self {
        let raw = model.to_raw();
        let with_meta = |mut obj: Map<String, Value>, m: Option<&Vec<Option<Value>>>, i: usize| {
            if let Some(Some(v)) = m.and_then(|m| m.get(i)) {
                obj.insert("meta".into(), v.clone());
            }
            obj
        };
        let columns = |fields: &[Field]| {
            fields
                .iter()
                .map(|f| Column {
                    name: f.name.into(),
                    ty: f.ty,
                    meta: None,
                })
                .collect::<Vec<_>>()
        };
        let actor_objects: Vec<Map<String, Value>> = raw
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| with_meta(actor_object(model, i, a), meta.map(|m| &m.actors), i))
            .collect();
        let channel_objects: Vec<Map<String, Value>> = raw
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| with_meta(channel_object(model, i, c), meta.map(|m| &m.channels), i))
            .collect();
        let measure_names: Vec<&str> = measures.iter().map(|m| m.name.as_str()).collect();
        let actor_meta = meta_columns(&actor_objects, ACTOR_FIELDS, &measure_names, &["label"]);
        let channel_meta = meta_columns(
            &channel_objects,
            CHANNEL_FIELDS,
            &[],
            &["label", "channel", "channel_source", "target"],
        );
        let mut actor_columns = columns(ACTOR_FIELDS);
        actor_columns.extend(actor_meta.iter().cloned());
        actor_columns.extend(measures.iter().map(|m| Column {
            name: m.name.clone(),
            ty: match m.ty {
                MeasureType::Int => Ty::Int,
                MeasureType::Double => Ty::Double,
            },
            meta: None,
        }));
        let actors = actor_objects
            .iter()
            .enumerate()
            .map(|(i, obj)| {
                let mut row = cells(ACTOR_FIELDS, obj);
                row.extend(actor_meta.iter().map(|c| meta_cell(c, obj)));
                row.extend(measures.iter().map(|m| measure_cell(m, i)));
                row
            })
            .collect();
        let channels = channel_objects
            .iter()
            .map(|obj| {
                let mut row = cells(CHANNEL_FIELDS, obj);
                row.extend(channel_meta.iter().map(|c| meta_cell(c, obj)));
                row
            })
            .collect();
        let mut channel_columns = columns(CHANNEL_FIELDS);
        channel_columns.extend(channel_meta);
        Table {
            actor_columns,
            actors,
            channel_columns,
            channels,
        }
    }

    /// The cell of `row` in the column called `name`.
    pub fn cell<'a>(columns: &[Column], row: &'a [Option<Cell>], name: &str) -> Option<&'a Cell> {
        let i = columns.iter().position(|c| c.name == name)?;
        row[i].as_ref()
    }
}

fn cells(fields: &[Field], obj: &Map<String, Value>) -> Vec<Option<Cell>> {
    fields
        .iter()
        .map(|f| obj.get(f.name).and_then(|v| Cell::from_json(f.ty, v)))
        .collect()
}

/// One column per `meta` key any entry has, in first-seen order, typed by
/// its values: whole numbers, numbers, truth values or text; a key with
/// values of mixed types, lists or objects is text where written as text
/// ([`Cell::Json`] in node-link JSON). A key that is also a field's, a
/// measure's or a `reserved` name is named `meta.KEY`.
fn meta_columns(
    objects: &[Map<String, Value>],
    fields: &[Field],
    measures: &[&str],
    reserved: &[&str],
) -> Vec<Column> {
    let mut keys: Vec<&str> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for obj in objects {
        if let Some(Value::Object(meta)) = obj.get("meta") {
            for k in meta.keys() {
                if seen.insert(k.as_str()) {
                    keys.push(k);
                }
            }
        }
    }
    keys.into_iter()
        .map(|k| {
            let values = || {
                objects
                    .iter()
                    .filter_map(move |o| o.get("meta")?.get(k))
                    .filter(|v| !v.is_null())
            };
            let ty = if values().all(Value::is_i64) {
                Ty::Int
            } else if values().all(Value::is_number) {
                Ty::Double
            } else if values().all(Value::is_boolean) {
                Ty::Bool
            } else {
                Ty::Str
            };
            let clash = find(fields, k).is_some()
                || measures.contains(&k)
                || reserved.contains(&k)
                || k.starts_with("meta.");
            Column {
                name: if clash {
                    format!("meta.{k}")
                } else {
                    k.to_string()
                },
                ty,
                meta: Some(k.to_string()),
            }
        })
        .collect()
}

/// The cell of a `meta` column in an entry.
fn meta_cell(c: &Column, obj: &Map<String, Value>) -> Option<Cell> {
    let v = obj.get("meta")?.get(c.meta.as_deref()?)?;
    Some(match (c.ty, v) {
        (_, Value::Null) => return None,
        (Ty::Int, v) => Cell::Int(v.as_i64()?),
        (Ty::Double, v) => Cell::Double(v.as_f64()?),
        (Ty::Bool, v) => Cell::Bool(v.as_bool()?),
        (_, Value::String(s)) => Cell::Str(s.clone()),
        (_, v) => Cell::Json(v.clone()),
    })
}

fn measure_cell(m: &Measure, i: usize) -> Option<Cell> {
    let x = m.values[i]?;
    Some(match m.ty {
        MeasureType::Int => Cell::Int(x as i64),
        MeasureType::Double => Cell::Double(x),
    })
}

fn as_object<T: serde::Serialize>(x: &T) -> Map<String, Value> {
    match serde_json::to_value(x) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn actor_object(model: &Model, i: usize, a: &RawActor) -> Map<String, Value> {
    let mut obj = as_object(a);
    let actor = &model.actors[i];
    obj.insert("name".into(), Value::from(actor.name.clone()));
    obj.insert("attendance".into(), Value::from(actor.attendance.get()));
    obj
}

fn channel_object(model: &Model, i: usize, c: &RawChannel) -> Map<String, Value> {
    let mut obj = as_object(c);
    let channel = &model.channels[i];
    let p = channel.params;
    obj.insert("fidelity".into(), Value::from(p.fidelity.get()));
    obj.insert("distortion".into(), Value::from(p.distortion.get()));
    obj.insert("latency_days".into(), Value::from(p.latency_days.get()));
    obj.insert("every_days".into(), Value::from(p.every_days.get()));
    obj.insert("bidirectional".into(), Value::Bool(channel.bidirectional));
    obj
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_parse_by_type_and_say_what_they_expected() {
        assert_eq!(Ty::Int.parse("3.0"), Ok(Value::from(3)));
        assert_eq!(Ty::Int.parse("3.5"), Err("a whole number"));
        assert_eq!(Ty::Double.parse("NaN"), Err("a number"));
        assert_eq!(Ty::Bool.parse("Yes"), Ok(Value::Bool(true)));
        assert_eq!(Ty::IdList.parse("a; b;"), Ok(serde_json::json!(["a", "b"])));
        assert_eq!(
            Ty::Periods.parse("0..180"),
            Ok(serde_json::json!([{"from_day": 0.0, "to_day": 180.0}]))
        );
        assert!(Ty::Periods.parse("0-180").is_err());
    }

    #[test]
    fn every_field_name_is_unique() {
        for fields in [ACTOR_FIELDS, CHANNEL_FIELDS] {
            for (i, a) in fields.iter().enumerate() {
                assert!(fields[i + 1..].iter().all(|b| b.name != a.name));
            }
        }
    }
}
