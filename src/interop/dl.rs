//! UCINET DL in: the one-mode formats `fullmatrix` (the default) and
//! `edgelist1`, as UCINET's DL language describes them.
//!
//! - The file starts with `DL`; `N = <n>` gives the number of actors,
//!   `NM = <k>` the number of matrices (relations), `FORMAT = ...` the format.
//! - `LABELS:` (or `ROW LABELS:`) is followed by n labels separated by blanks,
//!   line breaks, commas or `=`; a label with blanks is quoted. `COLUMN
//!   LABELS:` of a one-mode matrix repeats them and is read and checked.
//!   `LABELS EMBEDDED` puts them in the data (a fullmatrix's first row and
//!   each row's first word; an edgelist1's pairs are labels). `MATRIX
//!   LABELS:` names the k relations: each becomes a channel kind.
//! - `DATA:` is followed by the data. A fullmatrix is k matrices of n×n
//!   numbers, a 0 being no tie; an edgelist1 is one pair `i j [value]` per
//!   line (a missing value is 1; a 0 is no tie, as in an edge list).
//!
//! Labels keep the case they are written in (UCINET itself upper-cases
//! them). Two-mode data (`NR` ≠ `NC`), `DIAGONAL = ABSENT`, half matrices
//! and the node lists are refused with a message naming the format.

use super::build::{Builder, Origin};
use super::error::{ImportError, Place, ProblemKind};
use super::{ImportOptions, Imported, MAX_ROWS};
use serde_json::{Map, Value};
use std::path::Path;

/// A word of the file and where it is.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    line: u64,
    col: usize,
}

/// Splits the file into words: blanks, commas and `=` separate; a quoted
/// word keeps its blanks.
fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for (line, l) in super::text::lines(text) {
        let mut chars = l.char_indices().peekable();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() || c == ',' || c == '=' {
                chars.next();
                continue;
            }
            let col = l[..i].chars().count() + 1;
            let mut word = String::new();
            if c == '"' {
                chars.next();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    word.push(c);
                }
            } else {
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || c == ',' || c == '=' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
            }
            out.push(Tok {
                text: word,
                line,
                col,
            });
        }
    }
    out
}

/// The header as read.
#[derive(Debug, Default)]
struct Header {
    n: Option<usize>,
    nm: usize,
    edgelist: bool,
    embedded: bool,
    labels: Option<Vec<String>>,
    matrix_labels: Vec<String>,
}

/// DL text -> model.
pub(super) fn import(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, true);
    super::csv::read_attributes(&mut b, attributes);
    b.tie_values();
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    if super::csv::too_many_lines(text) {
        b.problem(
            &Origin::new(path, Place::File),
            ProblemKind::TooManyRows(MAX_ROWS),
        );
        return b.finish(&stem);
    }
    let toks = tokens(text.strip_prefix('\u{feff}').unwrap_or(text));
    let at = |t: &Tok| Origin::new(path, Place::LineCol(t.line as usize, t.col));
    let file = Origin::new(path, Place::File);
    let mut it = toks.iter().peekable();
    match it.next() {
        Some(t) if t.text.eq_ignore_ascii_case("dl") => {}
        Some(t) => {
            b.problem(&at(t), dl_problem("the file does not start with DL"));
            return b.finish(&stem);
        }
        None => {
            b.problem(&file, dl_problem("the file is empty"));
            return b.finish(&stem);
        }
    }
    let mut h = Header {
        nm: 1,
        ..Header::default()
    };
    let data = loop {
        let Some(t) = it.next() else {
            b.problem(&file, dl_problem("no DATA: section"));
            return b.finish(&stem);
        };
        let word = t.text.to_ascii_lowercase();
        let mut value = |b: &mut Builder| -> Option<&Tok> {
            let v = it.next();
            if v.is_none() {
                b.problem(&at(t), dl_problem(&format!("{} without a value", t.text)));
            }
            v
        };
        let number = |b: &mut Builder, v: &Tok| -> Option<usize> {
            let n = v
                .text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_ROWS).contains(n));
            if n.is_none() {
                let msg = format!("\"{}\" is not a count from 1 to {MAX_ROWS}", v.text);
                b.problem(&at(v), dl_problem(&msg));
            }
            n
        };
        match word.as_str() {
            "n" | "nr" | "nc" => {
                let Some(v) = value(&mut b) else { break None };
                let Some(n) = number(&mut b, v) else {
                    break None;
                };
                if h.n.is_some_and(|m| m != n) {
                    let msg = "two-mode data (NR differs from NC) is not read: a model's channels join actors of one set";
                    b.problem(&at(t), dl_problem(msg));
                    break None;
                }
                h.n = Some(n);
            }
            "nm" => {
                let Some(v) = value(&mut b) else { break None };
                let Some(n) = number(&mut b, v) else {
                    break None;
                };
                h.nm = n.min(1000);
            }
            "format" => {
                let Some(v) = value(&mut b) else { break None };
                match v.text.to_ascii_lowercase().as_str() {
                    "fullmatrix" | "fm" => h.edgelist = false,
                    "edgelist1" | "el1" => h.edgelist = true,
                    other => {
                        let msg =
                            format!("format {other} is not read (fullmatrix and edgelist1 are)");
                        b.problem(&at(v), dl_problem(&msg));
                        break None;
                    }
                }
            }
            "diagonal" => {
                let Some(v) = value(&mut b) else { break None };
                if !v.text.eq_ignore_ascii_case("present") {
                    b.problem(&at(v), dl_problem("DIAGONAL = ABSENT is not read"));
                    break None;
                }
            }
            "labels:" | "row" | "column" | "col" | "matrix" | "labels" => {
                let what = if word.ends_with(':') {
                    word.clone()
                } else {
                    it.next()
                        .map(|t| t.text.to_ascii_lowercase())
                        .unwrap_or_default()
                };
                match (word.as_str(), what.trim_end_matches(':')) {
                    ("labels", "embedded") => h.embedded = true,
                    ("matrix", "labels") => {
                        h.matrix_labels = take_labels(&mut b, &mut it, h.nm, t, &at);
                    }
                    (_, "labels") | ("labels:", _) => {
                        let Some(n) = h.n else {
                            b.problem(&at(t), dl_problem("labels before N = <count>"));
                            break None;
                        };
                        let labels = take_labels(&mut b, &mut it, n, t, &at);
                        let column = word == "column" || word == "col";
                        if column && h.labels.as_ref().is_some_and(|l| *l != labels) {
                            let msg =
                                "column labels differ from row labels: two-mode data is not read";
                            b.problem(&at(t), dl_problem(msg));
                            break None;
                        }
                        h.labels.get_or_insert(labels);
                    }
                    _ => {
                        let msg = format!("unknown keyword \"{} {}\"", t.text, what);
                        b.problem(&at(t), dl_problem(&msg));
                        break None;
                    }
                }
            }
            "data:" => break Some(it.by_ref().cloned().collect::<Vec<Tok>>()),
            _ => {
                let msg = format!(
                    "unknown keyword \"{}\" (N, NM, FORMAT, LABELS:, LABELS EMBEDDED, MATRIX LABELS:, DATA:)",
                    t.text
                );
                b.problem(&at(t), dl_problem(&msg));
                break None;
            }
        }
    };
    let Some(data) = data else {
        return b.finish(&stem);
    };
    let Some(n) = h.n.or(h.labels.as_ref().map(Vec::len)) else {
        b.problem(&file, dl_problem("no N = <count>"));
        return b.finish(&stem);
    };
    if h.nm > 1 && h.edgelist {
        b.problem(
            &file,
            dl_problem("edgelist1 with NM > 1 is not read: one relation per file"),
        );
        return b.finish(&stem);
    }
    let kinds: Vec<Option<String>> = (0..h.nm)
        .map(|k| match h.matrix_labels.get(k) {
            Some(l) => Some(l.clone()),
            None if h.nm > 1 => Some(format!("relation{}", k + 1)),
            None => None,
        })
        .collect();
    if h.edgelist {
        edgelist(&mut b, &h, n, &data, kinds[0].as_deref(), &at);
    } else {
        fullmatrix(&mut b, &h, n, &data, &kinds, &at, &file);
    }
    b.finish(&stem)
}

fn dl_problem(msg: &str) -> ProblemKind {
    ProblemKind::Model(format!("UCINET DL: {msg}"))
}

/// `count` labels after a `LABELS:` keyword.
fn take_labels<'a>(
    b: &mut Builder,
    it: &mut impl Iterator<Item = &'a Tok>,
    count: usize,
    keyword: &Tok,
    at: &dyn Fn(&Tok) -> Origin,
) -> Vec<String> {
    let labels: Vec<String> = it.take(count).map(|t| t.text.clone()).collect();
    if labels.len() < count {
        let msg = format!("{} labels where {count} are expected", labels.len());
        b.problem(&at(keyword), dl_problem(&msg));
    }
    labels
}

fn declare(b: &mut Builder, id: &str, origin: &Origin) {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(id.to_string()));
    b.ensure_actor(obj, origin.clone());
}

fn tie(b: &mut Builder, from: &str, to: &str, kind: Option<&str>, value: f64, origin: Origin) {
    let mut obj = Map::new();
    obj.insert("from".into(), Value::String(from.to_string()));
    obj.insert("to".into(), Value::String(to.to_string()));
    if let Some(k) = kind {
        obj.insert("kind".into(), Value::String(k.to_string()));
    }
    if b.undirected() {
        obj.insert("bidirectional".into(), Value::Bool(true));
    }
    b.channel(obj, Some(value), origin);
}

fn value_of(b: &mut Builder, t: &Tok, at: &dyn Fn(&Tok) -> Origin) -> Option<f64> {
    let v = t.text.parse::<f64>().ok().filter(|x| x.is_finite());
    if v.is_none() {
        let kind = ProblemKind::BadValue {
            column: "DL data".into(),
            value: t.text.clone(),
            expected: "a number",
        };
        b.problem(&at(t), kind);
    }
    v
}

fn fullmatrix(
    b: &mut Builder,
    h: &Header,
    n: usize,
    data: &[Tok],
    kinds: &[Option<String>],
    at: &dyn Fn(&Tok) -> Origin,
    file: &Origin,
) {
    let per_matrix = if h.embedded { n + n * (n + 1) } else { n * n };
    let want = per_matrix.saturating_mul(h.nm);
    if data.len() != want {
        let msg = format!(
            "{} data values where {} matri{} of {n}×{n}{} need {want}",
            data.len(),
            h.nm,
            if h.nm == 1 { "x" } else { "ces" },
            if h.embedded {
                " with embedded labels"
            } else {
                ""
            }
        );
        b.problem(file, dl_problem(&msg));
        return;
    }
    let numbered: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    for (k, kind) in kinds.iter().enumerate() {
        let m = &data[k * per_matrix..(k + 1) * per_matrix];
        let (labels, cells): (Vec<String>, &[Tok]) = if h.embedded {
            (m[..n].iter().map(|t| t.text.clone()).collect(), &m[n..])
        } else {
            (h.labels.clone().unwrap_or_else(|| numbered.clone()), m)
        };
        let width = if h.embedded { n + 1 } else { n };
        for (i, row) in cells.chunks(width).enumerate() {
            let values = if h.embedded { &row[1..] } else { row };
            if h.embedded && row[0].text != labels[i] {
                let msg = format!(
                    "row {} is labelled \"{}\" where the header says \"{}\"",
                    i + 1,
                    row[0].text,
                    labels[i]
                );
                b.problem(&at(&row[0]), dl_problem(&msg));
                continue;
            }
            declare(b, &labels[i], &at(&row[0]));
            for (j, t) in values.iter().enumerate() {
                let Some(v) = value_of(b, t, at) else {
                    continue;
                };
                if v != 0.0 {
                    tie(b, &labels[i], &labels[j], kind.as_deref(), v, at(t));
                }
            }
        }
    }
}

fn edgelist(
    b: &mut Builder,
    h: &Header,
    n: usize,
    data: &[Tok],
    kind: Option<&str>,
    at: &dyn Fn(&Tok) -> Origin,
) {
    let numbered: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let labels = h.labels.clone().unwrap_or(numbered);
    if !h.embedded {
        if let Some(first) = data.first() {
            for l in &labels {
                declare(b, l, &at(first));
            }
        }
    }
    let mut start = 0;
    while start < data.len() {
        let line = data[start].line;
        let end = start + data[start..].iter().take_while(|t| t.line == line).count();
        let row = &data[start..end];
        start = end;
        if row.len() < 2 || row.len() > 3 {
            let msg = format!(
                "{} words where an edgelist1 line has i j [value]",
                row.len()
            );
            b.problem(&at(&row[0]), dl_problem(&msg));
            continue;
        }
        let end_id = |b: &mut Builder, t: &Tok| -> Option<String> {
            if h.embedded {
                return Some(t.text.clone());
            }
            let i = t.text.parse::<usize>().ok().filter(|i| (1..=n).contains(i));
            if i.is_none() {
                let msg = format!("\"{}\" is not an actor number from 1 to {n}", t.text);
                b.problem(&at(t), dl_problem(&msg));
            }
            i.map(|i| labels[i - 1].clone())
        };
        let (Some(from), Some(to)) = (end_id(b, &row[0]), end_id(b, &row[1])) else {
            continue;
        };
        let value = match row.get(2) {
            Some(t) => match value_of(b, t, at) {
                Some(v) => v,
                None => continue,
            },
            None => 1.0,
        };
        tie(b, &from, &to, kind, value, at(&row[0]));
    }
}
