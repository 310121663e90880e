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
        }
    }

    /// The cell as a JSON value.
    pub fn json(&self) -> Value {
        match self {
            Cell::Str(s) => Value::String(s.clone()),
            Cell::Int(i) => Value::from(*i),
            Cell::Double(x) => Value::from(*x),
            Cell::Bool(b) => Value::Bool(*b),
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

/// A named, typed column of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
}

/// A model as two typed tables, what every exporter writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Actor columns: [`ACTOR_FIELDS`] then the measures.
    pub actor_columns: Vec<Column>,
    /// One row per actor, one cell per column (`None`: not set).
    pub actors: Vec<Vec<Option<Cell>>>,
    /// Channel columns: [`CHANNEL_FIELDS`].
    pub channel_columns: Vec<Column>,
    /// One row per channel.
    pub channels: Vec<Vec<Option<Cell>>>,
}

impl Table {
    /// The tables of `model`: every actor's name and attendance, and every
    /// channel's resolved parameters and direction, written out.
    pub fn of(model: &Model, measures: &[Measure]) -> Self {
        let raw = model.to_raw();
        let columns = |fields: &[Field]| {
            fields
                .iter()
                .map(|f| Column {
                    name: f.name.into(),
                    ty: f.ty,
                })
                .collect::<Vec<_>>()
        };
        let mut actor_columns = columns(ACTOR_FIELDS);
        actor_columns.extend(measures.iter().map(|m| Column {
            name: m.name.clone(),
            ty: match m.ty {
                MeasureType::Int => Ty::Int,
                MeasureType::Double => Ty::Double,
            },
        }));
        let actors = raw
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut row = cells(ACTOR_FIELDS, &actor_object(model, i, a));
                row.extend(measures.iter().map(|m| measure_cell(m, i)));
                row
            })
            .collect();
        let channels = raw
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| cells(CHANNEL_FIELDS, &channel_object(model, i, c)))
            .collect();
        Table {
            actor_columns,
            actors,
            channel_columns: columns(CHANNEL_FIELDS),
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
