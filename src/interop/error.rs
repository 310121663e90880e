//! Why an import failed: typed problems, each with its file and place.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Where in an input file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A CSV row, by its 1-based line in the file.
    Row(u64),
    /// A 1-based line and column (XML, or a file that is not text).
    LineCol(usize, usize),
    /// The file as a whole.
    File,
}

/// What is wrong with one row or element.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    /// Not UTF-8.
    #[error("the file is not UTF-8 text")]
    NotText,
    /// Empty, or the first row names no known column.
    #[error("no header row: the first row must name the columns ({expected})")]
    MissingHeader {
        /// The columns the file may have.
        expected: String,
    },
    /// A column the table does not know.
    #[error("unknown column \"{column}\"{}; name a column of your own \"meta.{column}\"", hint(.near))]
    UnknownColumn {
        /// The column's name.
        column: String,
        /// A near match among the known columns.
        near: Option<String>,
    },
    /// A column named twice in the header.
    #[error("column \"{0}\" appears twice in the header")]
    DuplicateColumn(String),
    /// A required column is absent from the header.
    #[error("the header has no \"{0}\" column")]
    MissingColumn(&'static str),
    /// A row with fewer or more fields than the header.
    #[error("{got} fields where the header has {expected}")]
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        got: usize,
    },
    /// An id cell (or GraphML id) is empty.
    #[error("empty {0}")]
    EmptyId(&'static str),
    /// An actor id given twice.
    #[error("duplicate id \"{id}\" (first at {first})")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where it first appeared (`row 3`, `12:5`).
        first: String,
    },
    /// A cell that is not of its column's type.
    #[error("{column}: \"{value}\" is not {expected}")]
    BadValue {
        /// The column or attribute.
        column: String,
        /// The cell as written.
        value: String,
        /// What it should be, in words.
        expected: &'static str,
    },
    /// A channel or edge names an actor the file does not have.
    #[error("{column}: unknown actor \"{id}\"{}", hint(.near))]
    UnknownActor {
        /// `from`, `to`, `source` or `target`.
        column: &'static str,
        /// The id as written.
        id: String,
        /// A near match.
        near: Option<String>,
    },
    /// More rows, nodes or edges than [`super::MAX_ROWS`].
    #[error("more than {0} rows, nodes or edges (the limit)")]
    TooManyRows(usize),
    /// More columns than [`super::MAX_COLUMNS`].
    #[error("more than {0} columns (the limit)")]
    TooManyColumns(usize),
    /// A first row that is no edge list row (nor a header).
    #[error("{0} field(s) in the first row: not an edge list (from,to[,value]) with this delimiter; the formats that exist: {formats}", formats = super::format_names())]
    NotAnEdgeList(usize),
    /// A `weight` that the chosen [`WeightAs`](super::WeightAs) cannot use.
    #[error("weight {value} cannot become a fidelity: {reason}")]
    BadWeight {
        /// The weight.
        value: f64,
        /// Why.
        reason: WeightProblem,
    },
    /// Malformed CSV (as the csv crate reports it).
    #[error("not CSV: {0}")]
    Csv(String),
    /// Malformed XML (as quick-xml reports it).
    #[error("not well-formed XML: {0}")]
    Xml(String),
    /// Looks like a JSON file (a model?) where CSV or XML was expected.
    #[error("this is JSON, not {0} (a model file? use it directly, no import needed)")]
    Json(&'static str),
    /// XML whose root is not `<graphml>`.
    #[error("not GraphML: the root element is <{0}>, expected <graphml>")]
    NotGraphml(String),
    /// An element lacks a required attribute.
    #[error("<{element}> has no \"{attribute}\" attribute")]
    MissingAttribute {
        /// The element.
        element: &'static str,
        /// The attribute.
        attribute: &'static str,
    },
    /// `<data key="…">` with no `<key id="…">` declaring it.
    #[error("undeclared attribute: <data key=\"{0}\"> has no <key id=\"{0}\"> declaration")]
    UndeclaredKey(String),
    /// A GraphML `attr.type` this reader does not know.
    #[error("<key id=\"{key}\">: unknown attr.type \"{ty}\" (boolean, int, long, float, double, string)")]
    UnknownType {
        /// The key id.
        key: String,
        /// The type as written.
        ty: String,
    },
    /// A GraphML hyperedge: a channel has one sender and one receiver.
    #[error("hyperedges are not supported: a channel joins two actors")]
    Hyperedge,
    /// The model built from the file breaks a rule of the model format.
    #[error("{0}")]
    Model(String),
}

fn hint(near: &Option<String>) -> String {
    near.as_ref()
        .map_or(String::new(), |n| format!(" (did you mean \"{n}\"?)"))
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The input file.
    pub path: PathBuf,
    /// Where in it.
    pub place: Place,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem at `place` in `path`.
    pub fn new(path: &Path, place: Place, kind: ProblemKind) -> Self {
        Problem {
            path: path.to_path_buf(),
            place,
            kind,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.place {
            Place::Row(line) => write!(f, "{path}:{line}: row {line}: {}", self.kind),
            Place::LineCol(line, col) => write!(f, "{path}:{line}:{col}: {}", self.kind),
            Place::File => write!(f, "{path}: {}", self.kind),
        }
    }
}

/// Why a `weight` cannot become a fidelity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WeightProblem {
    /// Used as it stands, it is outside [0, 1] ([`WeightAs::FidelityScaled`](super::WeightAs::FidelityScaled) would scale it).
    #[error("outside [0, 1]")]
    OutsideUnit,
    /// Scaled weights must be > 0.
    #[error("scaled weights must be > 0")]
    NotPositive,
    /// A fidelity of 0 passes nothing yet would count in every structural
    /// measure: leave the row out instead.
    #[error("a fidelity-0 channel passes nothing but still counts as a tie in every structural measure; leave the row out")]
    Zero,
}

impl WeightProblem {
    /// The weight setting that would take this weight, if any.
    pub fn fix(self) -> Option<super::WeightAs> {
        match self {
            WeightProblem::OutsideUnit => Some(super::WeightAs::FidelityScaled),
            WeightProblem::NotPositive | WeightProblem::Zero => None,
        }
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// Not a regular file (a device, FIFO or folder).
    #[error("{}: not a regular file (import reads files only, not devices, pipes or folders)", .path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// A file is larger than [`super::MAX_FILE_BYTES`].
    #[error("{} is {bytes} bytes, over the limit of {limit}", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The input was read and rejected: every problem, in file order.
    #[error("{}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rejected {
        /// The problems.
        problems: Vec<Problem>,
    },
}

impl ImportError {
    /// A rejection with these problems, sorted by file order.
    /// Files keep the order they first appear in.
    pub(crate) fn rejected(mut problems: Vec<Problem>) -> Self {
        let mut files: Vec<PathBuf> = Vec::new();
        for p in &problems {
            if !files.contains(&p.path) {
                files.push(p.path.clone());
            }
        }
        problems.sort_by_key(|p| {
            let (line, col) = match p.place {
                Place::File => (0, 0),
                Place::Row(r) => (r as usize, 0),
                Place::LineCol(l, c) => (l, c),
            };
            (files.iter().position(|f| *f == p.path), line, col)
        });
        ImportError::Rejected { problems }
    }

    /// True when the input was read and rejected (exit 1), not unreadable (exit 2).
    pub fn is_rejection(&self) -> bool {
        matches!(self, ImportError::Rejected { .. })
    }
}

/// Where a place is, in words for "first at …".
pub(crate) fn place_words(place: Place) -> String {
    match place {
        Place::Row(r) => format!("row {r}"),
        Place::LineCol(l, c) => format!("{l}:{c}"),
        Place::File => "the file".into(),
    }
}
