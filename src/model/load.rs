//! Reading a model file: bytes -> text -> [`RawModel`] -> [`Model`], with
//! every problem located as `path:line:col`.
//!
//! Syntax and type errors come from serde_json, which stops at the first one.
//! Once the file parses, [`super::validate()`] collects every rule it breaks;
//! to give those a position, a second, borrowing view of the same text
//! ([`Locator`]) maps each actor, channel and field to its byte offset.

use super::raw::RawModel;
use super::validate::{validate, Issue, Place};
use super::Model;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// One problem in a model file, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong, and what to do where that is not obvious.
    pub message: String,
}

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, no permission).
    #[error("cannot read {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// The path is not a regular file (a device, a FIFO, a directory):
    /// reading it could block or never end.
    #[error("cannot read {}: not a regular file (a model is a JSON file)", .path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file is larger than the input limit.
    #[error(
        "cannot read {}: {size} bytes is more than the limit of {limit} bytes \
         (raise it with {MAX_INPUT_ENV}=BYTES)",
        .path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The file was read but is not a valid model; every problem found, in file order.
    #[error("{}", display_problems(.path, .problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The problems, in file order.
        problems: Vec<Problem>,
    },
}

fn display_problems(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}:{}:{}: {}", path.display(), p.line, p.col, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

impl LoadError {
    /// True when the file was read and rejected (as opposed to not readable).
    pub fn is_rejection(&self) -> bool {
        matches!(self, LoadError::Invalid { .. })
    }
}

/// Reads, parses and validates the model file at `path`.
///
/// # Errors
/// [`LoadError::Read`] when the file cannot be read; [`LoadError::Invalid`]
/// with every problem found when it is not a valid model.
pub fn load(path: impl AsRef<Path>) -> Result<Model, LoadError> {
    let path = path.as_ref();
    parse_str(&read_text(path)?, path)
}

/// Reads a file that must be UTF-8 text (a model or a scenario file).
///
/// # Errors
/// [`LoadError::Read`] when it cannot be read, [`LoadError::Invalid`] when it
/// is not UTF-8, located at the first bad byte.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = read_limited(path, max_input_bytes())?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let (line, col) = line_col(good, good.len());
        LoadError::Invalid {
            path: path.to_path_buf(),
            problems: vec![Problem {
                line,
                col,
                message: "the file is not UTF-8 text (a model file is JSON)".into(),
            }],
        }
    })?;
    // A byte-order mark, as some Windows editors write: not part of the JSON.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// The environment variable that raises (or lowers) [`DEFAULT_MAX_INPUT_BYTES`].
pub const MAX_INPUT_ENV: &str = "HVISKE_MAX_INPUT_BYTES";

/// The largest model or scenario file read by default: 64 MiB, far above
/// any organisation (the 3-2-1 model is about 100 KB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 << 20;

/// The input limit in force: [`MAX_INPUT_ENV`] when it holds a whole
/// number, else [`DEFAULT_MAX_INPUT_BYTES`].
pub fn max_input_bytes() -> u64 {
    std::env::var(MAX_INPUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_INPUT_BYTES)
}

/// Reads a regular file of at most `limit` bytes. Anything else (a device,
/// a FIFO, a directory) is refused before it is opened, so a read can
/// neither block nor run without end.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let read_error = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size| LoadError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    // The file may have grown since: never read past the limit.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Parses and validates model text; `path` is only used in messages.
///
/// # Errors
/// [`LoadError::Invalid`] with every problem found.
pub fn parse_str(text: &str, path: impl AsRef<Path>) -> Result<Model, LoadError> {
    let path = path.as_ref();
    let invalid = |problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    };
    let raw: RawModel = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(invalid(vec![syntax_problem(text, &e)])),
    };
    validate(&raw).map_err(|issues| {
        let locator = Locator::new(text);
        let mut problems: Vec<Problem> = issues
            .into_iter()
            .map(|issue| locator.problem(issue))
            .collect();
        problems.sort_by_key(|p| (p.line, p.col));
        invalid(problems)
    })
}

/// A serde_json error as a located problem, in the toolkit's words.
pub(crate) fn syntax_problem(text: &str, e: &serde_json::Error) -> Problem {
    let mut message = e.to_string();
    // serde_json appends " at line L column C"; we print the position ourselves.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    if text.trim().is_empty() {
        message = "the file is empty (a model file is a JSON object)".into();
    } else if e.is_eof() {
        message = format!("{message}: the file ends too early (truncated?)");
    }
    if let Some(hint) = unknown_field_hint(&message) {
        message = hint;
    }
    // Name the actor or channel the error is in, where the text is valid JSON.
    let (line, col) = (e.line().max(1), e.column().max(1));
    if e.is_data() {
        let locator = Locator::new(text);
        if let Some(context) = locator.context_at(offset_of(text, line, col)) {
            message = format!("{context}: {message}");
        }
    }
    Problem { line, col, message }
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into a
/// sentence with a near match, where there is one.
pub(crate) fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|c| !c.is_empty())
        .collect();
    let hint = match near_match(field, candidates.iter().copied()) {
        Some(best) => format!(" (did you mean \"{best}\"?)"),
        None => format!(" (allowed here: {})", candidates.join(", ")),
    };
    Some(format!(
        "unknown field \"{field}\"{hint}; put data of your own under \"meta\""
    ))
}

/// The candidate closest to `word`, when close enough to be a likely typo:
/// at most one edit per four characters (at least one), or a Jaro–Winkler
/// similarity of 0.9 or more. The fewest edits win, then the most similar.
pub(crate) fn near_match<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let max_edits = (word.chars().count() / 4).max(1);
    candidates
        .filter(|c| *c != word)
        .map(|c| {
            (
                strsim::levenshtein(word, c),
                strsim::jaro_winkler(word, c),
                c,
            )
        })
        .filter(|(edits, similar, _)| *edits <= max_edits || *similar >= 0.9)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// One object of the file (an actor, a channel, a kind, `defaults`) seen as
/// byte offsets: where it starts and ends, and where each field's value starts.
#[derive(Default)]
struct Entry {
    start: usize,
    end: usize,
    fields: BTreeMap<String, usize>,
    /// For arrays of strings (members), the offset of each element.
    items: BTreeMap<String, Vec<usize>>,
}

/// A borrowing second view of the text, for positions. Built only for a
/// text that is valid JSON; anything it cannot see falls back to line 1.
struct Locator<'a> {
    text: &'a str,
    top: Entry,
    actors: Vec<Entry>,
    channels: Vec<Entry>,
    levels: Vec<Entry>,
    kinds: BTreeMap<String, Entry>,
    ranges: BTreeMap<String, Entry>,
    defaults: Option<Entry>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        let mut locator = Locator {
            text,
            top: Entry::default(),
            actors: vec![],
            channels: vec![],
            levels: vec![],
            kinds: BTreeMap::new(),
            ranges: BTreeMap::new(),
            defaults: None,
        };
        let Ok(top) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) else {
            return locator;
        };
        locator.top = locator.entry_of_map(&top, 0, text.len());
        let list = |key: &str| -> Vec<Entry> {
            top.get(key)
                .and_then(|v| serde_json::from_str::<Vec<&RawValue>>(v.get()).ok())
                .map(|items| items.iter().map(|v| locator.entry(v)).collect())
                .unwrap_or_default()
        };
        let actors = list("actors");
        let channels = list("channels");
        let levels = list("levels");
        let by_kind = |key: &str| -> BTreeMap<String, Entry> {
            top.get(key)
                .and_then(|v| serde_json::from_str::<BTreeMap<String, &RawValue>>(v.get()).ok())
                .map(|m| m.into_iter().map(|(k, v)| (k, locator.entry(v))).collect())
                .unwrap_or_default()
        };
        let kinds = by_kind("kinds");
        let ranges = by_kind("ranges");
        let defaults = top.get("defaults").map(|v| locator.entry(v));
        locator.actors = actors;
        locator.channels = channels;
        locator.levels = levels;
        locator.kinds = kinds;
        locator.ranges = ranges;
        locator.defaults = defaults;
        locator
    }

    fn offset(&self, v: &RawValue) -> usize {
        v.get().as_ptr() as usize - self.text.as_ptr() as usize
    }

    fn entry(&self, v: &RawValue) -> Entry {
        let start = self.offset(v);
        let end = start + v.get().len();
        match serde_json::from_str::<BTreeMap<String, &RawValue>>(v.get()) {
            Ok(map) => self.entry_of_map(&map, start, end),
            Err(_) => Entry {
                start,
                end,
                ..Entry::default()
            },
        }
    }

    fn entry_of_map(&self, map: &BTreeMap<String, &RawValue>, start: usize, end: usize) -> Entry {
        let fields = map
            .iter()
            .map(|(k, v)| (k.clone(), self.offset(v)))
            .collect();
        let items = map
            .iter()
            .filter_map(|(k, v)| {
                let list = serde_json::from_str::<Vec<&RawValue>>(v.get()).ok()?;
                Some((k.clone(), list.iter().map(|x| self.offset(x)).collect()))
            })
            .collect();
        Entry {
            start,
            end,
            fields,
            items,
        }
    }

    /// "actor 3 (\"x\")" or "channel 5" for the entry holding `offset`.
    fn context_at(&self, offset: usize) -> Option<String> {
        let inside = |e: &Entry| e.start <= offset && offset <= e.end;
        if let Some(i) = self.actors.iter().position(inside) {
            return Some(format!("actor {}", i + 1));
        }
        if let Some(i) = self.channels.iter().position(inside) {
            return Some(format!("channel {}", i + 1));
        }
        if let Some((kind, _)) = self.kinds.iter().find(|(_, e)| inside(e)) {
            return Some(format!("kinds.{kind}"));
        }
        if self.defaults.as_ref().is_some_and(inside) {
            return Some("defaults".into());
        }
        None
    }

    fn problem(&self, issue: Issue) -> Problem {
        let offset = self.place_offset(&issue.place);
        let (line, col) = line_col(self.text, offset);
        Problem {
            line,
            col,
            message: issue.message,
        }
    }

    fn place_offset(&self, place: &Place) -> usize {
        let in_entry = |e: Option<&Entry>, field: Option<&str>, item: Option<usize>| {
            let Some(e) = e else { return 0 };
            let Some(field) = field else { return e.start };
            if let Some(i) = item {
                if let Some(&o) = e.items.get(field).and_then(|v| v.get(i)) {
                    return o;
                }
            }
            e.fields.get(field).copied().unwrap_or(e.start)
        };
        match place {
            Place::Model(field) => in_entry(Some(&self.top), Some(field), None),
            Place::Actor(i, field, item) => in_entry(self.actors.get(*i), *field, *item),
            Place::Channel(i, field) => in_entry(self.channels.get(*i), *field, None),
            Place::Level(i) => in_entry(self.levels.get(*i), None, None),
            Place::Kind(kind, field) => in_entry(self.kinds.get(kind), Some(field), None),
            Place::Range(kind, field) => in_entry(self.ranges.get(kind), Some(field), None),
            Place::Default(field) => in_entry(self.defaults.as_ref(), Some(field), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "{\n  \"name\": \"Bjørn\", x";
        let off = text.find('x').unwrap();
        assert_eq!(line_col(text, off), (2, 20));
        assert_eq!(offset_of(text, 2, 20), off);
    }

    #[test]
    fn near_match_finds_typos_only() {
        let c = ["fidelity", "distortion", "every_days"];
        assert_eq!(near_match("fidelty", c.into_iter()), Some("fidelity"));
        assert_eq!(near_match("zzz", c.into_iter()), None);
    }
}
