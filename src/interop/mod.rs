//! Stage 1′ of the data flow, beside [`crate::model`]: other tools' files in
//! and out.
//!
//! **In** (`hviske import`): an actors CSV plus a channels CSV ([`import_csv`]),
//! a single edge-list CSV ([`import_edge_list`]) or GraphML written by
//! networkx, igraph, Gephi or yEd ([`import_graphml`]) becomes a
//! [`RawModel`], which goes through the normal [`crate::model::validate()`].
//! Every bad row or element is reported with its file and row (CSV) or
//! `line:col` (XML), all of them, and no model is returned when any is bad.
//! What was inferred (actors of an edge list, levels, sides, defaults, ids
//! that had to be slugified) comes back as a [`Summary`].
//!
//! **Out** (`hviske export`): a validated [`Model`] becomes GraphML, GEXF 1.3,
//! node-link JSON, CSV (actors and channels, the columns import reads) or plain
//! DOT ([`export`]), optionally with per-actor measures as extra typed
//! attributes ([`Measure`]).
//!
//! Fields are mapped by name through one table ([`fields::ACTOR_FIELDS`],
//! [`fields::CHANNEL_FIELDS`]): a new optional model field is one line there.
//!
//! Limits (every size a user controls is bounded): an input file of at most
//! [`MAX_FILE_BYTES`] and at most [`MAX_ROWS`] rows, nodes or edges.

mod build;
mod csv;

/// `--raw-csv`: CSV cells are written as they are, formulas included.
static KEEP_CSV_FORMULAS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns the formula guard of [`csv_formula_guard`] off (`true`) or on, for
/// the whole process: the command line's `--raw-csv`.
pub fn keep_csv_formulas(keep: bool) {
    KEEP_CSV_FORMULAS.store(keep, std::sync::atomic::Ordering::Relaxed);
}

/// `s` neutralised against spreadsheet formulas (OWASP's rule): a cell
/// that starts with `=`, `+`, `-`, `@`, TAB or CR and is not a number gets
/// a leading `'`. Not yet quoted. Every CSV writer (export, `-f csv` through
/// `render::escape::csv_cell`) calls it.
pub fn csv_formula_guard(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky
        || KEEP_CSV_FORMULAS.load(std::sync::atomic::Ordering::Relaxed)
        || s.trim().parse::<f64>().is_ok()
    {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(format!("'{s}"))
}
mod dot;
mod error;
pub mod fields;
mod gexf;
mod graphml;
mod nodelink;
mod slug;
mod summary;

pub use error::{ImportError, Place, Problem, ProblemKind, WeightProblem};
pub use fields::{Measure, MeasureType};
pub use summary::{Hint, Summary, WeightUse};

use crate::model::raw::{RawModel, RawParams};
use crate::model::Model;
use std::path::Path;

/// Largest input file `import` reads: 512 MiB.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Most rows (CSV records), nodes or edges `import` reads from one file: 5 million.
pub const MAX_ROWS: usize = 5_000_000;

/// What to do with an edge list's or a GraphML edge's `weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeightAs {
    /// Keep it under the channel's `meta.weight`; it changes no result.
    #[default]
    Ignore,
    /// Use it as the channel's `fidelity` as it stands; each weight must be in [0, 1].
    Fidelity,
    /// `fidelity = weight / (largest weight in the file)`; weights must be > 0
    /// (for counts or ratings: the strongest tie gets fidelity 1).
    FidelityScaled,
}

/// Options of every import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    /// The model's name (default: from the file, else the file's stem).
    pub name: Option<String>,
    /// Every channel runs both ways (edge lists; an undirected GraphML graph
    /// is bidirectional whatever this says).
    pub undirected: bool,
    /// What a `weight` becomes.
    pub weight_as: WeightAs,
    /// The model's `defaults` for channel parameters missing everywhere.
    pub defaults: RawParams,
    /// Attendance of every actor the file gives none (default: none, i.e. 1).
    pub attendance: Option<f64>,
    /// CSV field delimiter (default `,`).
    pub delimiter: Option<u8>,
}

/// A model read from another format, before and after validation.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The model file to write (format 1), with unmapped attributes under `meta`.
    pub raw: RawModel,
    /// The same, validated.
    pub model: Model,
    /// What was inferred or changed on the way.
    pub summary: Summary,
}

/// Reads an actors CSV and a channels CSV (the columns of
/// [`fields::ACTOR_FIELDS`] and [`fields::CHANNEL_FIELDS`], header required;
/// `meta.NAME` columns go under `meta`).
///
/// # Errors
/// [`ImportError::Read`]/[`ImportError::TooLarge`] when a file cannot be
/// read; [`ImportError::Rejected`] with every problem found.
pub fn import_csv(
    actors: &Path,
    channels: &Path,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let actors_text = read_input(actors)?;
    let channels_text = read_input(channels)?;
    csv::import_tables((actors, &actors_text), (channels, &channels_text), opts)
}

/// Reads an edge list (`from,to[,weight]`, header optional: a first row
/// naming `from`/`source` and `to`/`target` is taken as one); actors are
/// inferred from the ids.
///
/// # Errors
/// As [`import_csv`].
pub fn import_edge_list(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let text = read_input(path)?;
    csv::import_edges(path, &text, opts)
}

/// Reads GraphML (networkx, igraph, Gephi, yEd).
///
/// # Errors
/// As [`import_csv`].
pub fn import_graphml(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let text = read_input(path)?;
    graphml::import(path, &text, opts)
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GraphML, directed; a bidirectional channel is two edges sharing one
    /// `channel` number, each with `bidirectional` true.
    Graphml,
    /// GEXF 1.3, directed; bidirectional channels as in GraphML.
    Gexf,
    /// Graphviz DOT (plain): a bidirectional channel is one edge with `dir=both`.
    Dot,
    /// networkx node-link JSON with the edges under `"edges"`.
    Json,
    /// Two CSV files: actors and channels.
    Csv,
}

/// Which file of an export a [`ExportFile`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportPart {
    /// The only file.
    Whole,
    /// The actors table of a CSV export.
    Actors,
    /// The channels table of a CSV export.
    Channels,
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFile {
    /// Which part.
    pub part: ExportPart,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Writes `model` in `format`, with `measures` as extra per-actor attributes.
///
/// Channel parameters are written resolved (what is in force on each
/// channel), so that the file stands alone.
///
/// # Panics
/// When a measure has not one value per actor (a caller bug).
#[track_caller]
pub fn export(model: &Model, format: ExportFormat, measures: &[Measure]) -> Vec<ExportFile> {
    for m in measures {
        assert_eq!(m.values.len(), model.actors.len(), "measure {}", m.name);
    }
    let whole = |bytes: Vec<u8>| {
        vec![ExportFile {
            part: ExportPart::Whole,
            bytes,
        }]
    };
    let table = fields::Table::of(model, measures);
    match format {
        ExportFormat::Graphml => whole(graphml::write(model, &table)),
        ExportFormat::Gexf => whole(gexf::write(model, &table)),
        ExportFormat::Dot => whole(dot::write(model, &table)),
        ExportFormat::Json => whole(nodelink::write(model, &table)),
        ExportFormat::Csv => {
            let (actors, channels) = csv::write(&table);
            vec![
                ExportFile {
                    part: ExportPart::Actors,
                    bytes: actors,
                },
                ExportFile {
                    part: ExportPart::Channels,
                    bytes: channels,
                },
            ]
        }
    }
}

/// Reads an input file whole, within [`MAX_FILE_BYTES`], as UTF-8 text.
fn read_input(path: &Path) -> Result<String, ImportError> {
    let read = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(read)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            bytes: len,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, col) =
            crate::model::line_col(std::str::from_utf8(good).unwrap_or(""), good.len());
        ImportError::rejected(vec![Problem::new(
            path,
            Place::LineCol(line, col),
            ProblemKind::NotText,
        )])
    })
}
