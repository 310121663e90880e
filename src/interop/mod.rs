//! Stage 1′ of the data flow, beside [`crate::model`]: other tools' files in
//! and out.
//!
//! **In** (`hviske import`, [`import`]): an actors CSV plus a channels CSV,
//! a single edge list (CSV or whitespace-separated), an adjacency matrix,
//! UCINET DL, Pajek `.net`, GraphML (networkx, igraph, Gephi, yEd), GEXF or
//! node-link JSON ([`InputFormat`]), optionally with an attributes table of
//! the actors ([`ImportOptions::attributes`]), becomes a [`RawModel`], which
//! goes through the normal [`crate::model::validate()`].
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
//! Tie values: in an edge list (a third column) or a matrix (the cells), a
//! 0 is no tie. A third column that holds only 0 and 1 is a tie indicator,
//! not a weight; [`ImportOptions::keep_zero`] reads every row as a channel.
//!
//! Limits (every size a user controls is bounded): regular files only, of
//! at most [`MAX_FILE_BYTES`], with at most [`MAX_ROWS`] rows, nodes or edges
//! (counted before anything is built), [`MAX_COLUMNS`] columns, and XML
//! nested at most [`MAX_DEPTH`] elements deep.

mod build;
mod csv;
mod dl;

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
mod pajek;
mod slug;
mod summary;
mod text;

pub use error::{ImportError, Place, Problem, ProblemKind, WeightProblem};
pub use fields::{Measure, MeasureType, Meta};
pub use summary::{Hint, Summary, TieUse, WeightUse};

use crate::model::raw::{RawModel, RawParams};
use crate::model::Model;
use std::path::{Path, PathBuf};

/// Largest input file `import` reads: 512 MiB.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Most rows (CSV records, matrix rows), nodes or edges `import` reads from
/// one file: 2 million. A model of 2 million channels written by `import`
/// is about 200 MB, within what every other command reads by default
/// ([`crate::model::DEFAULT_MAX_INPUT_BYTES`]), and importing it takes a few
/// GB of memory.
pub const MAX_ROWS: usize = 2_000_000;

/// Most columns of a CSV table: 100,000.
pub const MAX_COLUMNS: usize = 100_000;

/// Deepest nesting of XML elements read: 64.
pub const MAX_DEPTH: usize = 64;

/// A field delimiter of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// One byte (`,`, `;`, tab).
    Char(u8),
    /// Runs of blanks; leading blanks allowed, `"quoted words"` hold blanks.
    Whitespace,
}

/// What an input file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// An actors CSV and a channels CSV.
    Csv,
    /// One edge list, `from to [value]`.
    EdgeList,
    /// An adjacency matrix: a header row of labels, then one row per actor
    /// (its label, then its ties); without a header, numbers only and
    /// actors named 1..n.
    Matrix,
    /// GraphML.
    Graphml,
    /// GEXF.
    Gexf,
    /// Pajek `.net`.
    Pajek,
    /// UCINET DL.
    Dl,
    /// networkx node-link JSON (hviske's own `export --to json` too).
    NodeLink,
}

impl InputFormat {
    /// Every format with the name `--from` gives it.
    pub const ALL: [(InputFormat, &'static str); 8] = [
        (InputFormat::Csv, "csv"),
        (InputFormat::EdgeList, "edge-list"),
        (InputFormat::Matrix, "matrix"),
        (InputFormat::Graphml, "graphml"),
        (InputFormat::Gexf, "gexf"),
        (InputFormat::Pajek, "pajek"),
        (InputFormat::Dl, "dl"),
        (InputFormat::NodeLink, "node-link"),
    ];

    /// Its name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, n)| n)
    }

    /// The format of one input file, from its first words, else its
    /// extension; `None` when neither tells (then it may be an edge list).
    pub fn sniff(path: &Path, head: &str) -> Option<InputFormat> {
        let start = head.trim_start_matches('\u{feff}').trim_start();
        let lower = start
            .get(..start.len().min(512))
            .unwrap_or(start)
            .to_ascii_lowercase();
        if lower.starts_with('<') {
            if lower.contains("<gexf") {
                return Some(InputFormat::Gexf);
            }
            return Some(InputFormat::Graphml);
        }
        if lower.starts_with('{') {
            return Some(InputFormat::NodeLink);
        }
        let first = lower.split_whitespace().next().unwrap_or("");
        if first == "dl" || first.starts_with("dl\t") {
            return Some(InputFormat::Dl);
        }
        if lower.starts_with("*vertices") || lower.starts_with("*network") || lower.starts_with('%')
        {
            return Some(InputFormat::Pajek);
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "graphml" | "xml" => Some(InputFormat::Graphml),
            "gexf" => Some(InputFormat::Gexf),
            "net" | "pajek" | "paj" => Some(InputFormat::Pajek),
            "dl" => Some(InputFormat::Dl),
            "json" => Some(InputFormat::NodeLink),
            _ => None,
        }
    }
}

/// The `--from` names of every format, for messages.
pub fn format_names() -> String {
    InputFormat::ALL.map(|(_, n)| n).join(", ")
}

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
    /// Field delimiter of tables (default `,`).
    pub delimiter: Option<Delimiter>,
    /// The table has no header row (edge lists, matrices).
    pub no_header: bool,
    /// Every row of an edge list is a channel, even with a tie value of 0.
    pub keep_zero: bool,
    /// The column (header name, or 1-based number) whose 0 says "no tie";
    /// its other values are the weight. Default: the third column when it
    /// holds only 0 and 1.
    pub tie_column: Option<String>,
    /// Per-kind parameters (the model's `kinds`); a single kind is also the
    /// kind of every channel of an input that names none.
    pub kinds: Vec<(String, RawParams)>,
    /// A CSV (or whitespace) table of the actors' attributes, one row per
    /// actor; its rows join the network's actors by id.
    pub attributes: Option<PathBuf>,
    /// Header names of the attributes table mapped to actor fields
    /// (`("level", "LEVEL")`); unnamed columns go under `meta`.
    pub columns: Vec<(&'static str, String)>,
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

/// Reads `files` as `format` (two files for [`InputFormat::Csv`], one for
/// the others).
///
/// # Errors
/// As [`import_csv`]; a wrong number of files is a rejection of the whole input.
pub fn import(
    format: InputFormat,
    files: &[&Path],
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let attributes = match &opts.attributes {
        Some(p) => Some((p.as_path(), read_input(p)?)),
        None => None,
    };
    let attributes = attributes.as_ref().map(|(p, t)| (*p, t.as_str()));
    match (format, files) {
        (InputFormat::Csv, [actors, channels]) => import_csv(actors, channels, opts),
        (InputFormat::Csv, _) => Err(whole_input(
            files,
            "csv takes two files: ACTORS.csv CHANNELS.csv",
        )),
        (_, [file]) => {
            let text = read_input(file)?;
            match format {
                InputFormat::EdgeList => csv::import_edges(file, &text, attributes, opts),
                InputFormat::Matrix => csv::import_matrix(file, &text, attributes, opts),
                InputFormat::Graphml => graphml::import(file, &text, attributes, opts),
                InputFormat::Gexf => gexf::import(file, &text, attributes, opts),
                InputFormat::Pajek => pajek::import(file, &text, attributes, opts),
                InputFormat::Dl => dl::import(file, &text, attributes, opts),
                InputFormat::NodeLink => nodelink::import(file, &text, attributes, opts),
                InputFormat::Csv => unreachable!("matched above"),
            }
        }
        (_, _) => Err(whole_input(
            files,
            &format!("{} takes one file", format.name()),
        )),
    }
}

fn whole_input(files: &[&Path], msg: &str) -> ImportError {
    let path = files.first().copied().unwrap_or(Path::new(""));
    ImportError::rejected(vec![Problem::new(
        path,
        Place::File,
        ProblemKind::Model(msg.to_string()),
    )])
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
    import(InputFormat::EdgeList, &[path], opts)
}

/// Reads GraphML (networkx, igraph, Gephi, yEd).
///
/// # Errors
/// As [`import_csv`].
pub fn import_graphml(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    import(InputFormat::Graphml, &[path], opts)
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

/// Writes `model` in `format`, with `measures` as extra per-actor attributes
/// and every actor's and channel's `meta` field (typed) where `meta` is given.
///
/// Channel parameters are written resolved (what is in force on each
/// channel), so that the file stands alone.
///
/// # Panics
/// When a measure has not one value per actor (a caller bug).
#[track_caller]
pub fn export(
    model: &Model,
    format: ExportFormat,
    measures: &[Measure],
    meta: Option<&Meta>,
) -> Vec<ExportFile> {
    for m in measures {
        assert_eq!(m.values.len(), model.actors.len(), "measure {}", m.name);
    }
    let whole = |bytes: Vec<u8>| {
        vec![ExportFile {
            part: ExportPart::Whole,
            bytes,
        }]
    };
    let table = fields::Table::of(model, measures, meta);
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

/// Reads the first bytes of a file (at most 4 KiB), for [`InputFormat::sniff`].
///
/// # Errors
/// As [`import_csv`]: not a regular file, or unreadable.
pub fn head(path: &Path) -> Result<String, ImportError> {
    use std::io::Read;
    let mut file = open_regular(path)?;
    let mut buf = vec![0; 4096];
    let n = file.read(&mut buf).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    buf.truncate(n);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Opens a regular file (not a device, FIFO or folder, which could be
/// endless or block).
fn open_regular(path: &Path) -> Result<std::fs::File, ImportError> {
    let read = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read)?;
    if !meta.is_file() {
        return Err(ImportError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    std::fs::File::open(path).map_err(read)
}

/// Reads a regular input file whole, within [`MAX_FILE_BYTES`] (also when
/// it grows while read), as UTF-8 text.
fn read_input(path: &Path) -> Result<String, ImportError> {
    use std::io::Read;
    let read = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
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
