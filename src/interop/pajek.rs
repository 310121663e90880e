//! Pajek `.net` in (as Pajek, networkx and igraph write it).
//!
//! - `*Vertices n`: then lines `i ["label" [x y [z]] [shape]] [key value]...`;
//!   the actor's id is its label (the vertex number where it has none).
//!   networkx's extra `key value` pairs after the shape go under `meta`.
//!   Vertices the section does not list are actors named by their number.
//! - `*Arcs` (one way) and `*Edges` (both ways): lines `i j [value] ...`;
//!   a value is the weight (`--weight-as`); words after it are ignored.
//!   `*Arcslist`/`*Edgeslist`: lines `i j k ...`, a tie from i to each.
//!   `*Matrix`: n rows of n values, a 0 being no tie.
//! - A multirelational network names its relations: `*Arcs :2 "advice"`
//!   makes channels of kind `advice` (`relation2` when unnamed).
//! - `*Network name` names the model; lines starting with `%` are comments.

use super::build::{Builder, Origin};
use super::error::{ImportError, Place, ProblemKind};
use super::text::{lines, words};
use super::{ImportOptions, Imported, MAX_ROWS};
use serde_json::{Map, Value};
use std::path::Path;

/// The section a line is in.
#[derive(Debug, Clone, PartialEq)]
enum Section {
    None,
    Vertices,
    /// Arcs (`both` false) or edges, one pair a line or a list a line.
    Ties {
        both: bool,
        list: bool,
        kind: Option<String>,
    },
    Matrix {
        kind: Option<String>,
        row: usize,
    },
}

/// Pajek text -> model.
pub(super) fn import(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, false);
    super::csv::read_attributes(&mut b, attributes);
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if super::csv::too_many_lines(text) {
        b.problem(
            &Origin::new(path, Place::File),
            ProblemKind::TooManyRows(MAX_ROWS),
        );
        return b.finish(&stem);
    }
    let mut r = Reader {
        ids: Vec::new(),
        declared: Vec::new(),
        section: Section::None,
    };
    for (n, line) in lines(text) {
        let origin = Origin::new(path, Place::Row(n));
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('%') {
            continue;
        }
        if trimmed.starts_with('*') {
            if !r.section_line(&mut b, trimmed, &origin) {
                return b.finish(&stem);
            }
            continue;
        }
        r.data_line(&mut b, trimmed, &origin);
    }
    // Vertices the file never listed are actors named by their number.
    if let Some(first) = r.declared.iter().position(|d| !d) {
        let origin = Origin::new(path, Place::File);
        for i in first..r.ids.len() {
            if !r.declared[i] {
                let mut obj = Map::new();
                obj.insert("id".into(), Value::String(r.ids[i].clone()));
                b.ensure_actor(obj, origin.clone());
            }
        }
    }
    b.finish(&stem)
}

struct Reader {
    /// Vertex number - 1 -> id as written.
    ids: Vec<String>,
    /// Vertex number - 1 -> listed in `*Vertices`.
    declared: Vec<bool>,
    section: Section,
}

fn pajek_problem(msg: String) -> ProblemKind {
    ProblemKind::Model(format!("Pajek: {msg}"))
}

impl Reader {
    /// A `*` line; false when the file cannot be read further.
    fn section_line(&mut self, b: &mut Builder, line: &str, origin: &Origin) -> bool {
        let w = words(line);
        let head = w[0].to_ascii_lowercase();
        let kind = || {
            let number = w.get(1).and_then(|x| x.strip_prefix(':'))?;
            Some(
                w.get(2)
                    .cloned()
                    .unwrap_or_else(|| format!("relation{number}")),
            )
        };
        self.section = match head.as_str() {
            "*network" => {
                let name = line[8..].trim().trim_matches('"').to_string();
                if !name.is_empty() {
                    b.model.insert("name".into(), Value::String(name));
                }
                Section::None
            }
            "*vertices" => {
                let n = w.get(1).and_then(|x| x.parse::<usize>().ok());
                let Some(n) = n.filter(|n| *n <= MAX_ROWS) else {
                    let msg = format!("*Vertices needs a count from 0 to {MAX_ROWS}");
                    b.problem(origin, pajek_problem(msg));
                    return false;
                };
                if w.get(2).is_some() {
                    let msg = "two-mode networks (*Vertices n n1) are not read".to_string();
                    b.problem(origin, pajek_problem(msg));
                    return false;
                }
                self.ids = (1..=n).map(|i| i.to_string()).collect();
                self.declared = vec![false; n];
                Section::Vertices
            }
            "*arcs" | "*edges" | "*arcslist" | "*edgeslist" => Section::Ties {
                both: head.starts_with("*edges"),
                list: head.ends_with("list"),
                kind: kind(),
            },
            "*matrix" => Section::Matrix {
                kind: kind(),
                row: 0,
            },
            _ => {
                let msg = format!("unknown section {} (*Network, *Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist, *Matrix)", w[0]);
                b.problem(origin, pajek_problem(msg));
                return false;
            }
        };
        if self.section != Section::Vertices && self.section != Section::None {
            self.declare_unlisted(b, origin);
        }
        true
    }

    /// Before the first tie, every vertex is an actor (in number order).
    fn declare_unlisted(&mut self, b: &mut Builder, origin: &Origin) {
        for i in 0..self.ids.len() {
            if !self.declared[i] {
                self.declared[i] = true;
                let mut obj = Map::new();
                obj.insert("id".into(), Value::String(self.ids[i].clone()));
                b.ensure_actor(obj, origin.clone());
            }
        }
    }

    fn vertex(&self, b: &mut Builder, word: &str, origin: &Origin) -> Option<usize> {
        let i = word
            .parse::<usize>()
            .ok()
            .filter(|i| (1..=self.ids.len()).contains(i));
        if i.is_none() {
            let msg = format!(
                "\"{word}\" is not a vertex number from 1 to {}",
                self.ids.len()
            );
            b.problem(origin, pajek_problem(msg));
        }
        i.map(|i| i - 1)
    }

    fn data_line(&mut self, b: &mut Builder, line: &str, origin: &Origin) {
        let w = words(line);
        match self.section.clone() {
            Section::None => {
                let msg = "data before *Vertices".to_string();
                b.problem(origin, pajek_problem(msg));
            }
            Section::Vertices => {
                let Some(i) = self.vertex(b, &w[0], origin) else {
                    return;
                };
                let mut obj = Map::new();
                if let Some(label) = w.get(1) {
                    self.ids[i] = label.clone();
                }
                obj.insert("id".into(), Value::String(self.ids[i].clone()));
                // networkx: i label x y shape key value ...
                let coords = w.len() >= 5 && w[2..4].iter().all(|x| x.parse::<f64>().is_ok());
                if coords {
                    for pair in w[5..].chunks(2) {
                        if let [k, v] = pair {
                            b.meta_text(&mut obj, k, v, false);
                        }
                    }
                }
                if obj
                    .get("meta")
                    .is_some_and(|m| m.as_object().is_some_and(|m| m.is_empty()))
                {
                    obj.remove("meta");
                }
                self.declared[i] = true;
                b.actor(obj, origin.clone());
            }
            Section::Ties { both, list, kind } => {
                let Some(from) = self.vertex(b, &w[0], origin) else {
                    return;
                };
                if w.len() < 2 {
                    let msg = "a tie line needs two vertex numbers".to_string();
                    return b.problem(origin, pajek_problem(msg));
                }
                let (targets, value) = if list {
                    (&w[1..], None)
                } else {
                    (&w[1..2], w.get(2))
                };
                let value = match value.map(|v| v.parse::<f64>()) {
                    None => None,
                    Some(Ok(v)) if v.is_finite() => Some(v),
                    Some(_) => {
                        let kind = ProblemKind::BadValue {
                            column: "value".into(),
                            value: w[2].clone(),
                            expected: "a number",
                        };
                        return b.problem(origin, kind);
                    }
                };
                for t in targets {
                    let Some(to) = self.vertex(b, t, origin) else {
                        continue;
                    };
                    self.tie(b, from, to, both, kind.as_deref(), value, origin);
                }
            }
            Section::Matrix { kind, row } => {
                if row >= self.ids.len() || w.len() != self.ids.len() {
                    let msg = format!(
                        "a *Matrix of {0} vertices has {0} rows of {0} values",
                        self.ids.len()
                    );
                    return b.problem(origin, pajek_problem(msg));
                }
                for (j, cell) in w.iter().enumerate() {
                    match cell.parse::<f64>() {
                        Ok(0.0) => {}
                        Ok(v) if v.is_finite() => {
                            self.tie(b, row, j, false, kind.as_deref(), Some(v), origin)
                        }
                        _ => {
                            let kind = ProblemKind::BadValue {
                                column: "value".into(),
                                value: cell.clone(),
                                expected: "a number",
                            };
                            b.problem(origin, kind);
                        }
                    }
                }
                self.section = Section::Matrix { kind, row: row + 1 };
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn tie(
        &self,
        b: &mut Builder,
        from: usize,
        to: usize,
        both: bool,
        kind: Option<&str>,
        value: Option<f64>,
        origin: &Origin,
    ) {
        let mut obj = Map::new();
        obj.insert("from".into(), Value::String(self.ids[from].clone()));
        obj.insert("to".into(), Value::String(self.ids[to].clone()));
        if let Some(k) = kind {
            obj.insert("kind".into(), Value::String(k.to_string()));
        }
        if both || b.undirected() {
            obj.insert("bidirectional".into(), Value::Bool(true));
        }
        b.channel(obj, value, origin.clone());
    }
}
