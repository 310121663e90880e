//! CSV in and out: an actors table and a channels table (the columns of
//! [`fields`](super::fields), header required), or one edge list.
//!
//! Header names match the fields case-insensitively; `meta.NAME` columns go
//! under the actor's or channel's `meta`; an empty cell means "not given".
//! A UTF-8 byte-order mark (as Excel writes) is skipped.

use super::build::{meta_of, Builder, Origin};
use super::error::{ImportError, Place, ProblemKind};
use super::fields::{self, Field, Table, ACTOR_FIELDS, CHANNEL_FIELDS};
use super::{ImportOptions, Imported, MAX_ROWS};
use csv::StringRecord;
use serde_json::{Map, Value};
use std::path::Path;

/// What a column of an input file holds.
#[derive(Debug, Clone, PartialEq)]
enum Col {
    /// A field of the table.
    Field(Field),
    /// `meta.NAME`, or any column an edge list does not know.
    Meta(String),
    /// An edge list's `weight`.
    Weight,
}

/// Which table a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actors,
    Channels,
    Edges,
}

impl Kind {
    fn fields(self) -> &'static [Field] {
        match self {
            Kind::Actors => ACTOR_FIELDS,
            Kind::Channels | Kind::Edges => CHANNEL_FIELDS,
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Actors => &["id"],
            Kind::Channels | Kind::Edges => &["from", "to"],
        }
    }
}

/// An actors file and a channels file -> model.
pub(super) fn import_tables(
    (actors, actors_text): (&Path, &str),
    (channels, channels_text): (&Path, &str),
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, false);
    read_table(&mut b, actors, actors_text, Kind::Actors);
    read_table(&mut b, channels, channels_text, Kind::Channels);
    b.finish(&model_name(actors))
}

/// An edge list -> model, actors inferred.
pub(super) fn import_edges(
    path: &Path,
    text: &str,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, true);
    read_table(&mut b, path, text, Kind::Edges);
    b.finish(&model_name(path))
}

/// The file's stem without an `-actors`/`_actors`/`.actors` suffix.
fn model_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    ["-actors", "_actors", ".actors"]
        .iter()
        .find_map(|suffix| stem.strip_suffix(suffix))
        .unwrap_or(&stem)
        .to_string()
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn read_table(b: &mut Builder, path: &Path, text: &str, kind: Kind) {
    let file = Origin::new(path, Place::File);
    if text.trim_start().starts_with(['{', '[']) {
        return b.problem(&file, ProblemKind::Json("CSV"));
    }
    let delimiter = b.delimiter();
    let mut records = reader(text, delimiter).into_records();
    let Some(first) = records.next() else {
        let expected = expected_columns(kind);
        return b.problem(&file, ProblemKind::MissingHeader { expected });
    };
    let first = match first {
        Ok(r) => r,
        Err(e) => return b.problem(&csv_origin(path, &e), ProblemKind::Csv(e.to_string())),
    };
    let (columns, data_first) = match header(b, path, &first, kind) {
        Some(Header::Named(cols)) => (cols, None),
        Some(Header::Positional(cols)) => (cols, Some(first)),
        None => return,
    };
    let rows = data_first.into_iter().map(Ok).chain(records);
    for (n, record) in rows.enumerate() {
        if n >= MAX_ROWS {
            return b.problem(&file, ProblemKind::TooManyRows(MAX_ROWS));
        }
        match record {
            Ok(r) => row(b, path, &columns, &r, kind),
            Err(e) => b.problem(&csv_origin(path, &e), ProblemKind::Csv(e.to_string())),
        }
    }
}

fn csv_origin(path: &Path, e: &csv::Error) -> Origin {
    let place = e.position().map_or(Place::File, |p| Place::Row(p.line()));
    Origin::new(path, place)
}

fn row_origin(path: &Path, r: &StringRecord) -> Origin {
    Origin::new(
        path,
        r.position().map_or(Place::File, |p| Place::Row(p.line())),
    )
}

fn expected_columns(kind: Kind) -> String {
    let names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    match kind {
        Kind::Edges => "from,to[,weight]".into(),
        _ => format!("{}, meta.NAME", names.join(",")),
    }
}

enum Header {
    /// The first row names the columns.
    Named(Vec<Col>),
    /// An edge list without a header: from, to, weight by position.
    Positional(Vec<Col>),
}

/// The columns the first row names, or `None` after reporting why not.
fn header(b: &mut Builder, path: &Path, first: &StringRecord, kind: Kind) -> Option<Header> {
    let origin = row_origin(path, first);
    let names: Vec<String> = first
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    if kind == Kind::Edges && !is_edge_header(&names) {
        let positional = [
            Col::Field(CHANNEL_FIELDS[0]),
            Col::Field(CHANNEL_FIELDS[1]),
            Col::Weight,
        ];
        if names.len() > 3 || names.len() < 2 {
            let kind = ProblemKind::FieldCount {
                expected: 3,
                got: names.len(),
            };
            b.problem(&origin, kind);
            return None;
        }
        return Some(Header::Positional(positional[..names.len()].to_vec()));
    }
    let columns: Vec<Option<Col>> = names.iter().map(|n| column(n, kind)).collect();
    if columns.iter().all(Option::is_none) {
        let expected = expected_columns(kind);
        b.problem(&origin, ProblemKind::MissingHeader { expected });
        return None;
    }
    let mut ok = true;
    for (i, (name, col)) in names.iter().zip(&columns).enumerate() {
        if col.is_none() {
            let near = crate::model::near_match(name, kind.fields().iter().map(|f| f.name));
            let near = near.map(str::to_string);
            b.problem(
                &origin,
                ProblemKind::UnknownColumn {
                    column: first[i].trim().to_string(),
                    near,
                },
            );
            ok = false;
        } else if names[..i].contains(name) {
            b.problem(&origin, ProblemKind::DuplicateColumn(name.clone()));
            ok = false;
        }
    }
    let named = |f: &str| {
        columns
            .iter()
            .flatten()
            .any(|c| matches!(c, Col::Field(x) if x.name == f))
    };
    for required in kind.required() {
        if !named(required) {
            b.problem(&origin, ProblemKind::MissingColumn(required));
            ok = false;
        }
    }
    ok.then(|| Header::Named(columns.into_iter().flatten().collect()))
}

fn is_edge_header(names: &[String]) -> bool {
    names.len() >= 2
        && matches!(names[0].as_str(), "from" | "source")
        && matches!(names[1].as_str(), "to" | "target")
}

/// What a header name means in a file of `kind` (`None`: unknown).
fn column(name: &str, kind: Kind) -> Option<Col> {
    if let Some(meta) = name.strip_prefix("meta.").filter(|m| !m.is_empty()) {
        return Some(Col::Meta(meta.to_string()));
    }
    if kind == Kind::Edges {
        let field = match name {
            "source" => "from",
            "target" => "to",
            "weight" => return Some(Col::Weight),
            other => other,
        };
        return Some(
            fields::find(CHANNEL_FIELDS, field).map_or(Col::Meta(name.into()), Col::Field),
        );
    }
    fields::find(kind.fields(), name).map(Col::Field)
}

/// One data row -> an actor or a channel.
fn row(b: &mut Builder, path: &Path, columns: &[Col], r: &StringRecord, kind: Kind) {
    if r.iter().all(|c| c.trim().is_empty()) {
        return;
    }
    let origin = row_origin(path, r);
    if r.len() != columns.len() {
        let got = r.len();
        return b.problem(
            &origin,
            ProblemKind::FieldCount {
                expected: columns.len(),
                got,
            },
        );
    }
    let mut obj = Map::new();
    let mut weight = None;
    let mut ok = true;
    for (col, cell) in columns.iter().zip(r.iter()) {
        if let Err(kind) = cell_into(b, col, cell, &mut obj, &mut weight) {
            b.problem(&origin, kind);
            ok = false;
        }
    }
    if !ok {
        if kind == Kind::Actors {
            // Channels naming this actor are not wrong too.
            b.known_id(obj.get("id").and_then(Value::as_str).unwrap_or(""));
        }
        return;
    }
    match kind {
        Kind::Actors => b.actor(obj, origin),
        Kind::Channels => b.channel(obj, weight, origin),
        Kind::Edges => {
            if b.undirected() {
                obj.insert("bidirectional".into(), Value::Bool(true));
            }
            b.channel(obj, weight, origin)
        }
    }
}

/// Puts one cell into the entry.
fn cell_into(
    b: &mut Builder,
    col: &Col,
    cell: &str,
    obj: &mut Map<String, Value>,
    weight: &mut Option<f64>,
) -> Result<(), ProblemKind> {
    let is_id = |f: &Field| matches!(f.name, "id" | "from" | "to");
    let bad = |column: &str, expected| ProblemKind::BadValue {
        column: column.into(),
        value: cell.into(),
        expected,
    };
    match col {
        Col::Field(f) if is_id(f) => {
            obj.insert(f.name.into(), Value::String(cell.trim().into()));
        }
        Col::Field(_) | Col::Meta(_) | Col::Weight if cell.trim().is_empty() => {}
        Col::Field(f) => {
            let v = f.ty.parse(cell).map_err(|e| bad(f.name, e))?;
            obj.insert(f.name.into(), v);
        }
        Col::Meta(name) => {
            b.kept_in_meta(name);
            meta_of(obj).insert(name.clone(), Value::String(cell.into()));
        }
        Col::Weight => {
            let w = fields::Ty::Double
                .parse(cell)
                .map_err(|e| bad("weight", e))?;
            *weight = w.as_f64();
        }
    }
    Ok(())
}

/// The actors and channels tables as CSV.
pub(super) fn write(table: &Table) -> (Vec<u8>, Vec<u8>) {
    (
        write_one(&table.actor_columns, &table.actors),
        write_one(&table.channel_columns, &table.channels),
    )
}

fn write_one(columns: &[fields::Column], rows: &[Vec<Option<fields::Cell>>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(columns.iter().map(|c| c.name.as_str()));
    for row in rows {
        // A cell that a spreadsheet would run as a formula gets a leading
        // `'` (unless `--raw-csv`): see `super::csv_formula_guard`.
        let _ = w.write_record(row.iter().map(|c| {
            c.as_ref().map_or(String::new(), |c| {
                super::csv_formula_guard(&c.text()).into_owned()
            })
        }));
    }
    w.into_inner().unwrap_or_default()
}
