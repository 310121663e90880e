//! CSV in and out: an actors table and a channels table (the columns of
//! [`fields`](super::fields), header required), one edge list, an
//! adjacency matrix, or an attributes table of the actors; separated by a
//! character or by blanks ([`Delimiter`]).
//!
//! Header names match the fields case-insensitively; `meta.NAME` columns go
//! under the actor's or channel's `meta`; an empty cell means "not given".
//! A UTF-8 byte-order mark (as Excel writes) is skipped.

use super::build::{Builder, Origin};
use super::error::{ImportError, Place, ProblemKind};
use super::fields::{self, Field, Table, ACTOR_FIELDS, CHANNEL_FIELDS};
use super::text;
use super::{Delimiter, ImportOptions, Imported, MAX_COLUMNS, MAX_ROWS};
use csv::StringRecord;
use serde_json::{Map, Value};
use std::path::Path;

/// What a column of an input file holds.
#[derive(Debug, Clone, PartialEq)]
enum Col {
    /// A field of the table.
    Field(Field),
    /// `meta.NAME`, or any column an edge list or attributes table does not know.
    Meta(String),
    /// An edge list's `weight` (or tie value).
    Weight,
}

/// Which table a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actors,
    Channels,
    Edges,
    /// An attributes table: actors, header names mapped by
    /// [`ImportOptions::columns`], unknown columns under `meta`.
    Attributes,
}

impl Kind {
    fn fields(self) -> &'static [Field] {
        match self {
            Kind::Actors | Kind::Attributes => ACTOR_FIELDS,
            Kind::Channels | Kind::Edges => CHANNEL_FIELDS,
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Actors | Kind::Attributes => &["id"],
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

/// An attributes table (an `--actors` file) into the builder, first.
pub(super) fn read_attributes(b: &mut Builder, attributes: Option<(&Path, &str)>) {
    if let Some((path, text)) = attributes {
        read_table(b, path, text, Kind::Attributes);
        b.attributes_read();
    }
}

/// An edge list -> model, actors inferred.
pub(super) fn import_edges(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, true);
    read_attributes(&mut b, attributes);
    b.tie_values();
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

/// One row of a table: its 1-based line, and its cells; or a malformed row.
type Row = Result<(u64, StringRecord), (Place, String)>;

/// The rows of a table, with the line each starts on (`\r\n` and a lone
/// `\r` count as one line break). Whitespace tables skip blank lines and
/// lines starting with `#`.
fn rows<'t>(text: &'t str, delimiter: Delimiter) -> Box<dyn Iterator<Item = Row> + 't> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match delimiter {
        Delimiter::Whitespace => Box::new(
            text::lines(text)
                .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .map(|(n, l)| Ok((n, StringRecord::from(text::words(l))))),
        ),
        Delimiter::Char(d) => {
            let mut lines = text::LineCounter::new(text);
            let bytes = text.as_bytes();
            let records = csv::ReaderBuilder::new()
                .delimiter(d)
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .into_records();
            Box::new(records.map(move |r| match r {
                Ok(r) => {
                    let byte = r.position().map_or(0, |p| p.byte() as usize);
                    Ok((lines.line(after_crlf(bytes, byte)), r))
                }
                Err(e) => {
                    let place = e.position().map_or(Place::File, |p| {
                        Place::Row(lines.line(after_crlf(bytes, p.byte() as usize)))
                    });
                    Err((place, e.to_string()))
                }
            }))
        }
    }
}

/// The csv crate places a record after a `\r\n` on its `\n`: the record
/// starts one byte later.
fn after_crlf(bytes: &[u8], byte: usize) -> usize {
    if bytes.get(byte) == Some(&b'\n') && byte > 0 && bytes[byte - 1] == b'\r' {
        byte + 1
    } else {
        byte
    }
}

/// Lines of a text file before anything is built, to refuse one over
/// [`MAX_ROWS`] at once.
pub(super) fn too_many_lines(text: &str) -> bool {
    let mut n = 0usize;
    for (i, b) in text.bytes().enumerate() {
        let next = text.as_bytes().get(i + 1);
        if b == b'\n' || (b == b'\r' && next != Some(&b'\n')) {
            n += 1;
            if n > MAX_ROWS + 1 {
                return true;
            }
        }
    }
    false
}

fn read_table(b: &mut Builder, path: &Path, text: &str, kind: Kind) {
    let file = Origin::new(path, Place::File);
    if text.trim_start().starts_with(['{', '[']) {
        return b.problem(&file, ProblemKind::Json("CSV"));
    }
    if too_many_lines(text) {
        return b.problem(&file, ProblemKind::TooManyRows(MAX_ROWS));
    }
    let delimiter = match kind {
        Kind::Attributes => sniff_delimiter(text),
        _ => b.delimiter(),
    };
    let mut records = rows(text, delimiter);
    let Some(first) = records.next() else {
        let expected = expected_columns(kind);
        return b.problem(&file, ProblemKind::MissingHeader { expected });
    };
    let (line, first) = match first {
        Ok(r) => r,
        Err((place, e)) => return b.problem(&Origin::new(path, place), ProblemKind::Csv(e)),
    };
    if first.len() > MAX_COLUMNS {
        let origin = Origin::new(path, Place::Row(line));
        return b.problem(&origin, ProblemKind::TooManyColumns(MAX_COLUMNS));
    }
    let (columns, data_first) = match header(b, path, (line, &first), kind) {
        Some(Header::Named(cols)) => (cols, None),
        Some(Header::Positional(cols)) => (cols, Some((line, first))),
        None => return,
    };
    let all = data_first.into_iter().map(Ok).chain(records);
    for (n, record) in all.enumerate() {
        if n >= MAX_ROWS {
            return b.problem(&file, ProblemKind::TooManyRows(MAX_ROWS));
        }
        match record {
            Ok((line, r)) => row(b, &Origin::new(path, Place::Row(line)), &columns, &r, kind),
            Err((place, e)) => b.problem(&Origin::new(path, place), ProblemKind::Csv(e)),
        }
    }
}

/// An attributes table's delimiter, from its first line: a comma, else a
/// tab, else blanks.
fn sniff_delimiter(text: &str) -> Delimiter {
    let first = text::lines(text).next().map_or("", |(_, l)| l);
    if first.contains(',') {
        Delimiter::Char(b',')
    } else if first.contains('\t') {
        Delimiter::Char(b'\t')
    } else {
        Delimiter::Whitespace
    }
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
fn header(
    b: &mut Builder,
    path: &Path,
    (line, first): (u64, &StringRecord),
    kind: Kind,
) -> Option<Header> {
    let origin = Origin::new(path, Place::Row(line));
    let names: Vec<String> = first
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    if kind == Kind::Edges && (b.opts().no_header || !is_edge_header(&names)) {
        return positional(b, &origin, names.len());
    }
    let mapped = |n: &String| {
        let field = b
            .opts()
            .columns
            .iter()
            .find(|(_, header)| header.trim().eq_ignore_ascii_case(n))
            .map(|(f, _)| *f);
        match (kind, field) {
            (Kind::Attributes, Some(f)) => fields::find(ACTOR_FIELDS, f).map(Col::Field),
            (Kind::Attributes, None) if fields::find(ACTOR_FIELDS, n).is_none() => {
                Some(Col::Meta(n.strip_prefix("meta.").unwrap_or(n).to_string()))
            }
            _ => column(n, kind, b.opts().tie_column.as_deref()),
        }
    };
    let columns: Vec<Option<Col>> = names.iter().map(mapped).collect();
    if columns.iter().all(Option::is_none) {
        let expected = expected_columns(kind);
        b.problem(&origin, ProblemKind::MissingHeader { expected });
        return None;
    }
    let mut ok = true;
    let mut seen = std::collections::HashSet::new();
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
        } else if !seen.insert(col.clone().map(|c| format!("{c:?}"))) {
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

/// An edge list without a header: from, to and a tie value by position.
fn positional(b: &mut Builder, origin: &Origin, fields: usize) -> Option<Header> {
    let tie = match b.opts().tie_column.as_deref().map(str::parse::<usize>) {
        None => 3,
        Some(Ok(n)) if n >= 3 => n,
        Some(_) => {
            let msg = "--tie-column of a list without a header is a column number, 3 or more";
            b.problem(origin, ProblemKind::Model(msg.into()));
            return None;
        }
    };
    if !(2..=tie.max(3)).contains(&fields) {
        b.problem(origin, ProblemKind::NotAnEdgeList(fields));
        return None;
    }
    let mut cols = vec![Col::Field(CHANNEL_FIELDS[0]), Col::Field(CHANNEL_FIELDS[1])];
    for i in 3..=fields {
        cols.push(if i == tie {
            Col::Weight
        } else {
            Col::Meta(format!("column{i}"))
        });
    }
    Some(Header::Positional(cols))
}

fn is_edge_header(names: &[String]) -> bool {
    names.len() >= 2
        && matches!(names[0].as_str(), "from" | "source")
        && matches!(names[1].as_str(), "to" | "target")
}

/// What a header name means in a file of `kind` (`None`: unknown).
fn column(name: &str, kind: Kind, tie_column: Option<&str>) -> Option<Col> {
    if let Some(meta) = name.strip_prefix("meta.").filter(|m| !m.is_empty()) {
        return Some(Col::Meta(meta.to_string()));
    }
    if kind == Kind::Edges {
        if tie_column.is_some_and(|t| t.trim().eq_ignore_ascii_case(name)) {
            return Some(Col::Weight);
        }
        let field = match name {
            "source" => "from",
            "target" => "to",
            "weight" if tie_column.is_none() => return Some(Col::Weight),
            other => other,
        };
        return Some(
            fields::find(CHANNEL_FIELDS, field).map_or(Col::Meta(name.into()), Col::Field),
        );
    }
    fields::find(kind.fields(), name).map(Col::Field)
}

/// One data row -> an actor or a channel.
fn row(b: &mut Builder, origin: &Origin, columns: &[Col], r: &StringRecord, kind: Kind) {
    if r.iter().all(|c| c.trim().is_empty()) {
        return;
    }
    let origin = origin.clone();
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
    let channel = matches!(kind, Kind::Channels | Kind::Edges);
    let mut obj = Map::new();
    let mut weight = None;
    let mut ok = true;
    for (col, cell) in columns.iter().zip(r.iter()) {
        if let Err(kind) = cell_into(b, col, cell, &mut obj, &mut weight, channel) {
            b.problem(&origin, kind);
            ok = false;
        }
    }
    if !ok {
        if !channel {
            // Channels naming this actor are not wrong too.
            b.known_id(obj.get("id").and_then(Value::as_str).unwrap_or(""));
        }
        return;
    }
    match kind {
        Kind::Actors | Kind::Attributes => b.actor(obj, origin),
        Kind::Channels => b.channel(obj, weight, origin),
        Kind::Edges => {
            if b.undirected() {
                obj.insert("bidirectional".into(), Value::Bool(true));
            }
            b.channel(obj, weight, origin)
        }
    }
}

/// An adjacency matrix -> model: a 0 cell is no tie, any other value a
/// tie with that value as its weight (a matrix of 0 and 1 has no weights).
pub(super) fn import_matrix(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, true);
    read_attributes(&mut b, attributes);
    b.tie_values();
    let file = Origin::new(path, Place::File);
    if too_many_lines(text) {
        b.problem(&file, ProblemKind::TooManyRows(MAX_ROWS));
        return b.finish(&model_name(path));
    }
    let mut labels: Option<Vec<String>> = None;
    let mut first = true;
    let mut n_rows = 0usize;
    for record in rows(text, b.delimiter()) {
        let (line, r) = match record {
            Ok(x) => x,
            Err((place, e)) => {
                b.problem(&Origin::new(path, place), ProblemKind::Csv(e));
                continue;
            }
        };
        let origin = Origin::new(path, Place::Row(line));
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if first && !opts.no_header {
            first = false;
            // The corner cell is empty in a CSV matrix and absent in a
            // whitespace one.
            let cells: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
            let skip = usize::from(b.delimiter() != Delimiter::Whitespace);
            labels = Some(cells.into_iter().skip(skip).collect());
            continue;
        }
        first = false;
        n_rows += 1;
        let (from, cells): (String, Vec<&str>) = match &labels {
            Some(_) => match r.iter().next() {
                Some(l) => (l.trim().to_string(), r.iter().skip(1).collect()),
                None => continue,
            },
            None => (n_rows.to_string(), r.iter().collect()),
        };
        let width = labels.as_ref().map_or(cells.len(), Vec::len);
        if cells.len() != width || (labels.is_none() && n_rows == 1 && width == 0) {
            b.problem(
                &origin,
                ProblemKind::FieldCount {
                    expected: width + usize::from(labels.is_some()),
                    got: r.len(),
                },
            );
            continue;
        }
        matrix_row(&mut b, &origin, &from, &cells, labels.as_deref());
    }
    if let Some(l) = &labels {
        if n_rows != l.len() && b.problems.is_empty() {
            let msg = format!(
                "{} rows under a header of {} labels: a matrix is square",
                n_rows,
                l.len()
            );
            b.problem(&file, ProblemKind::Model(msg));
        }
    }
    b.finish(&model_name(path))
}

/// One row of a matrix: a tie to every column whose cell is not 0.
fn matrix_row(
    b: &mut Builder,
    origin: &Origin,
    from: &str,
    cells: &[&str],
    labels: Option<&[String]>,
) {
    let mut actor = Map::new();
    actor.insert("id".into(), Value::String(from.to_string()));
    b.ensure_actor(actor, origin.clone());
    for (j, cell) in cells.iter().enumerate() {
        let to = labels.map_or_else(|| (j + 1).to_string(), |l| l[j].clone());
        let value = match fields::Ty::Double.parse(cell) {
            Ok(v) => v.as_f64().unwrap_or(0.0),
            Err(expected) => {
                let column = format!("column {to}");
                let value = (*cell).to_string();
                b.problem(
                    origin,
                    ProblemKind::BadValue {
                        column,
                        value,
                        expected,
                    },
                );
                continue;
            }
        };
        if value == 0.0 {
            continue;
        }
        let mut obj = Map::new();
        obj.insert("from".into(), Value::String(from.to_string()));
        obj.insert("to".into(), Value::String(to));
        if b.undirected() {
            obj.insert("bidirectional".into(), Value::Bool(true));
        }
        b.channel(obj, Some(value), origin.clone());
    }
}

/// Puts one cell into the entry.
fn cell_into(
    b: &mut Builder,
    col: &Col,
    cell: &str,
    obj: &mut Map<String, Value>,
    weight: &mut Option<f64>,
    channel: bool,
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
        Col::Meta(name) => b.meta_text(obj, name, cell, channel),
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
    let _ = w.write_record(columns.iter().map(|c| match &c.meta {
        Some(key) => format!("meta.{key}"),
        None => c.name.clone(),
    }));
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
