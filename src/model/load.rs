//! Reading a model file: bytes -> text -> [`Model`], with every problem
//! located as `path:line:col`.
//!
//! [`read_design`] is the one way in for the stages after this one. The
//! text is parsed once, straight into the validator ([`super::stream`]: no
//! mirror of the file, ids interned, strings borrowed from the text). Only
//! when that parse fails is the text read again: to see whether it is a
//! scenario, or into [`RawModel`] to word serde's error the format's way
//! (every unknown field is listed). Once the file parses, the validator
//! collects every rule it breaks; only then, to give those a position, a
//! second, borrowing view of the same text ([`Locator`]) maps each actor,
//! channel and field to its byte offset.

use super::near_match;
use super::raw::RawModel;
use super::stream;
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
#[non_exhaustive]
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

/// Problems listed in full per file; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 100;

fn display_problems(path: &Path, problems: &[Problem]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| format!("{}:{}:{}: {}", path.display(), p.line, p.col, p.message))
        .collect();
    if problems.len() > MAX_LISTED_PROBLEMS {
        lines.push(format!(
            "{}: ... and {} more problems",
            path.display(),
            problems.len() - MAX_LISTED_PROBLEMS
        ));
    }
    lines.join("\n")
}

impl LoadError {
    /// True when the file was read and rejected (as opposed to not readable).
    pub fn is_rejection(&self) -> bool {
        matches!(self, LoadError::Invalid { .. })
    }
}

/// Reads, parses and validates the model file at `path`.
///
/// Takes a path to a format-1 model file (at most
/// [`DEFAULT_MAX_INPUT_BYTES`]); returns the validated [`Model`]. Cost:
/// linear in the file's size, one pass with interned ids (about 1.5 s and
/// 0.9 GB peak for 1.1 million actors on a 2-core laptop).
///
/// ```
/// let model = hviske::model::load("models/examples/small.json")?;
/// assert_eq!((model.actors.len(), model.channels.len()), (10, 15));
///
/// let missing = hviske::model::load("models/no-such-file.json").unwrap_err();
/// assert!(!missing.is_rejection()); // not read, rather than read and refused
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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

/// The largest model or scenario file read by default: 512 MiB, far above
/// any organisation (the 3-2-1 model is about 100 KB; 400,000 actors are
/// about 80 MB), and what `import` and `generate` may write (generate's
/// 2,000,000 actors are about 400 MB; validating them takes about 2 GB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 512 << 20;

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
    // Sized once (the read fills it without growing); one byte more shows
    // a file that grew past the limit since.
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
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
    match stream::parse(text) {
        Ok(Ok(model)) => Ok(model),
        Ok(Err(issues)) => Err(located(text, path, Vec::new(), issues)),
        Err(_) => parse_parsed(text, path, serde_json::from_str::<RawModel>(text)),
    }
}

/// What a design file holds: a validated model, or a scenario for the
/// scenario stage to read.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // returned once per file, never stored
pub enum Design {
    /// A model file, validated.
    Model(Model),
    /// A scenario file (it has a top-level `"scenario"` field), with its text.
    Scenario(Source),
}

/// Reads a design file: the one way into a model file for the stages after
/// this one. A model is parsed and validated in one pass over the text,
/// which is dropped once the model is built; a scenario comes back as its
/// [`Source`] for the scenario stage to read.
///
/// # Errors
/// [`LoadError::Read`], [`LoadError::NotAFile`] or [`LoadError::TooLarge`]
/// when the file cannot be read; [`LoadError::Invalid`] with every problem
/// found in a model file.
pub fn read_design(path: impl AsRef<Path>) -> Result<Design, LoadError> {
    let source = Source::read(path.as_ref())?;
    match parse_design(&source.text, &source.path)? {
        Design::Model(model) => Ok(Design::Model(model)),
        Design::Scenario(_) => Ok(Design::Scenario(source)),
    }
}

/// Parses and validates a design's text: a model, or a scenario left to the
/// scenario stage. The text is parsed once, straight into the model; a file
/// that does not read as a model is looked at again only to see whether it
/// is a scenario, or to word and place its problems.
///
/// # Errors
/// [`LoadError::Invalid`] with every problem found in a model file.
pub fn parse_design(text: &str, path: impl AsRef<Path>) -> Result<Design, LoadError> {
    let path = path.as_ref();
    match stream::parse(text) {
        Ok(Ok(model)) => Ok(Design::Model(model)),
        Ok(Err(issues)) => Err(located(text, path, Vec::new(), issues)),
        Err(_) if is_scenario(text) => Ok(Design::Scenario(Source::new(path, text))),
        Err(_) => {
            let parsed = serde_json::from_str::<RawModel>(text);
            parse_parsed(text, path, parsed).map(Design::Model)
        }
    }
}

/// A design file's text, read once, with the means to place a problem in it.
#[derive(Debug, Clone)]
pub struct Source {
    path: PathBuf,
    text: String,
}

impl Source {
    /// Reads a file that must be UTF-8 text of at most [`max_input_bytes`].
    ///
    /// # Errors
    /// [`LoadError::Read`], [`LoadError::NotAFile`] or [`LoadError::TooLarge`]
    /// when it cannot be read, [`LoadError::Invalid`] when it is not UTF-8,
    /// located at the first bad byte.
    pub fn read(path: &Path) -> Result<Source, LoadError> {
        Ok(Source {
            path: path.to_path_buf(),
            text: read_text(path)?,
        })
    }

    /// `text` as the text of the file at `path` (used in messages only).
    pub fn new(path: &Path, text: &str) -> Source {
        Source {
            path: path.to_path_buf(),
            text: text.to_string(),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its text (without a byte-order mark).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// [`LoadError::Invalid`] with one problem at byte `offset` of the text.
    pub fn problem_at(&self, offset: usize, message: String) -> LoadError {
        let (line, col) = line_col(&self.text, offset);
        LoadError::Invalid {
            path: self.path.clone(),
            problems: vec![Problem { line, col, message }],
        }
    }

    /// A serde_json error in this text as [`LoadError::Invalid`], placed and
    /// worded as every syntax error of a design file is.
    pub fn syntax_error(&self, e: &serde_json::Error) -> LoadError {
        LoadError::Invalid {
            path: self.path.clone(),
            problems: vec![syntax_problem(&self.text, e)],
        }
    }
}

/// True when `text` is a JSON object with a top-level `"scenario"` field.
fn is_scenario(text: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
        .map(|m| m.contains_key("scenario"))
        .unwrap_or(false)
}

/// [`LoadError::Invalid`] with `problems` and each issue placed in `text`,
/// in file order.
fn located(text: &str, path: &Path, mut problems: Vec<Problem>, issues: Vec<Issue>) -> LoadError {
    let locator = Locator::new(text);
    let lines = LineIndex::new(text);
    problems.extend(
        issues
            .into_iter()
            .map(|issue| locator.problem(issue, &lines)),
    );
    problems.sort_by_key(|p| (p.line, p.col));
    LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    }
}

/// [`parse_str`] once serde has read `text` as a model (or failed to).
fn parse_parsed(
    text: &str,
    path: &Path,
    parsed: Result<RawModel, serde_json::Error>,
) -> Result<Model, LoadError> {
    let invalid = |problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    };
    let start = text.trim_start();
    if !start.is_empty()
        && !start.starts_with('{')
        && serde_json::from_str::<serde_json::Value>(text).is_ok()
    {
        let (line, col) = line_col(text, text.len() - start.len());
        return Err(invalid(vec![Problem {
            line,
            col,
            message: "a model file is a JSON object ({ \"format\": 1, ... }), not this".into(),
        }]));
    }
    let (raw, problems) = match parsed {
        Ok(raw) => (raw, Vec::new()),
        Err(e) => match without_unknown_fields(text, &e) {
            // Unknown fields do not stop the check: every one is listed,
            // with every rule the rest of the file breaks.
            Some((raw, unknown)) => (raw, unknown),
            None => return Err(invalid(vec![syntax_problem(text, &e)])),
        },
    };
    match validate(&raw) {
        Ok(model) if problems.is_empty() => Ok(model),
        Ok(_) => Err(located(text, path, problems, Vec::new())),
        Err(issues) => Err(located(text, path, problems, issues)),
    }
}

/// The fields a serde struct accepts, read from its own "unknown field"
/// message, so this list can never fall behind the format.
pub(crate) fn fields_of<T: serde::de::Deserialize<'static>>() -> Vec<String> {
    let message = match serde_json::from_str::<T>(r#"{"\u0000":0}"#) {
        Err(e) => e.to_string(),
        Ok(_) => return Vec::new(),
    };
    // "expected one of `a`, `b`, `c`", "expected `a` or `b`", "expected `a`".
    let Some((_, expected)) = message.split_once(", expected ") else {
        return Vec::new();
    };
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// When `e` is an unknown field: the model read without every unknown
/// field, and one problem per unknown field. `None` when the file has
/// other syntax or type errors.
fn without_unknown_fields(text: &str, e: &serde_json::Error) -> Option<(RawModel, Vec<Problem>)> {
    use super::raw::{RawChannel, RawLevel};
    if !e.is_data() || !e.to_string().starts_with("unknown field") {
        return None;
    }
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let locator = Locator::new(text);
    let mut strip = Strip {
        text,
        lines: LineIndex::new(text),
        found: Vec::new(),
    };
    strip.object(&mut value, &fields_of::<RawModel>(), Some(&locator.top), "");
    strip.actors(&mut value, &locator.actors);
    let channels = fields_of::<RawChannel>();
    strip.list(
        &mut value,
        "channels",
        &channels,
        &locator.channels,
        "channel",
    );
    let levels = fields_of::<RawLevel>();
    strip.list(
        &mut value,
        "levels",
        &levels,
        &locator.levels,
        "levels entry",
    );
    strip.tables(&mut value, &locator);
    if strip.found.is_empty() {
        return None;
    }
    let raw = serde_json::from_value::<RawModel>(value).ok()?;
    Some((raw, strip.found))
}

/// Removes unknown fields from the parts of a model's JSON tree, one
/// problem (placed by the `Locator`'s entries) per field removed.
struct Strip<'t> {
    text: &'t str,
    lines: LineIndex,
    found: Vec<Problem>,
}

impl Strip<'_> {
    /// One object: every key not in `allowed` is removed and reported as
    /// "`what`: unknown field ...".
    fn object(
        &mut self,
        v: &mut serde_json::Value,
        allowed: &[String],
        at: Option<&Entry>,
        what: &str,
    ) {
        let Some(map) = v.as_object_mut() else { return };
        let unknown: Vec<String> = map
            .keys()
            .filter(|k| !allowed.contains(k))
            .cloned()
            .collect();
        for key in unknown {
            map.remove(&key);
            let offset = at.map_or(0, |at| at.fields.get(&key).copied().unwrap_or(at.start));
            let (line, col) = self.lines.line_col(self.text, offset);
            let message = unknown_field_message(&key, allowed.iter().map(String::as_str));
            let message = if what.is_empty() {
                message
            } else {
                format!("{what}: {message}")
            };
            self.found.push(Problem { line, col, message });
        }
    }

    /// Every object in the array under `key`, labelled "`label` N".
    fn list(
        &mut self,
        value: &mut serde_json::Value,
        key: &str,
        allowed: &[String],
        entries: &[Entry],
        label: &str,
    ) {
        for (i, item) in items_mut(value, key).enumerate() {
            self.object(item, allowed, entries.get(i), &format!("{label} {}", i + 1));
        }
    }

    /// The actors and, after each actor, its vacancies.
    fn actors(&mut self, value: &mut serde_json::Value, entries: &[Entry]) {
        use super::raw::{RawActor, RawVacancy};
        let (actor, vacancy) = (fields_of::<RawActor>(), fields_of::<RawVacancy>());
        for (i, a) in items_mut(value, "actors").enumerate() {
            let at = entries.get(i);
            self.object(a, &actor, at, &format!("actor {}", i + 1));
            for v in items_mut(a, "vacancies") {
                self.object(v, &vacancy, at, &format!("actor {} vacancy", i + 1));
            }
        }
    }

    /// `defaults`, and every entry of the `kinds` and `ranges` tables.
    fn tables(&mut self, value: &mut serde_json::Value, locator: &Locator) {
        use super::raw::{RawParams, RawRanges};
        let params = fields_of::<RawParams>();
        if let Some(d) = value.get_mut("defaults") {
            self.object(d, &params, locator.defaults.as_ref(), "defaults");
        }
        for (table, fields, entries) in [
            ("kinds", &params, &locator.kinds),
            ("ranges", &fields_of::<RawRanges>(), &locator.ranges),
        ] {
            if let Some(map) = value.get_mut(table).and_then(|v| v.as_object_mut()) {
                for (kind, p) in map.iter_mut() {
                    self.object(
                        p,
                        fields,
                        entries.get(kind),
                        &format!("{table}.{}", escape(kind)),
                    );
                }
            }
        }
    }
}

/// The elements of the array under `key`, if `value` has one.
fn items_mut<'v>(
    value: &'v mut serde_json::Value,
    key: &str,
) -> impl Iterator<Item = &'v mut serde_json::Value> {
    value
        .get_mut(key)
        .and_then(|v| v.as_array_mut())
        .into_iter()
        .flatten()
}

fn escape(s: &str) -> String {
    super::escape_control(s).into_owned()
}

/// "unknown field \"x\" (did you mean \"y\"?); put data of your own under \"meta\"".
fn unknown_field_message<'a>(
    field: &str,
    allowed: impl Iterator<Item = &'a str> + Clone,
) -> String {
    let hint = match near_match(field, allowed.clone()) {
        Some(best) => format!(" (did you mean \"{best}\"?)"),
        None => format!(
            " (allowed here: {})",
            allowed.collect::<Vec<_>>().join(", ")
        ),
    };
    format!(
        "unknown field \"{}\"{hint}; put data of your own under \"meta\"",
        escape(field)
    )
}

/// A serde message in the format's words: "a number", "a whole number",
/// "an object", "a list", never a Rust type name.
pub(crate) fn in_format_words(message: &str) -> String {
    let mut m = message.to_string();
    for (rust, words) in [
        ("f64", "a number"),
        ("f32", "a number"),
        ("i64", "a whole number"),
        ("u64", "a whole number"),
        ("i32", "a whole number"),
        ("u32", "a whole number"),
        ("usize", "a whole number"),
        ("a map", "an object"),
        ("a sequence", "a list"),
        (
            "internally tagged enum Change",
            "a change: an object with \"op\"",
        ),
        ("ident", "true, false or null (text needs double quotes)"),
        (
            "value",
            "a JSON value (text needs double quotes; no NaN or comments)",
        ),
    ] {
        m = m.replace(&format!("expected {rust}"), &format!("expected {words}"));
    }
    // "expected struct RawModel with 12 elements" and the like.
    while let Some(at) = m.find("expected struct ") {
        let rest = &m[at + "expected struct ".len()..];
        let end = rest.find([',', ';']).unwrap_or(rest.len());
        m.replace_range(
            at..at + "expected struct ".len() + end,
            "expected an object",
        );
    }
    for (serde, words) in [
        (
            "key must be a string",
            "expected a field name in double quotes",
        ),
        ("trailing characters", "more text after the end of the JSON"),
        ("EOF while parsing", "the file ends inside"),
        ("unknown variant", "unknown change"),
        ("floating point `", "the number `"),
        ("integer `", "the number `"),
        ("string \"", "the text \""),
        ("invalid type: map", "invalid type: an object"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: unit value", "invalid type: null"),
    ] {
        m = m.replace(serde, words);
    }
    // "invalid type: X, expected Y" -> "expected Y, found X".
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = m.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                m = format!("expected {expected}, found {found}");
            }
        }
    }
    while let Some(at) = m.find("the number `") {
        m.replace_range(at + "the number ".len()..at + "the number `".len(), "");
        if let Some(close) = m[at..].find('`') {
            m.remove(at + close);
        }
    }
    m.replace('`', "\"")
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
    } else {
        message = in_format_words(&message);
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

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Where each line starts, so that many offsets map to `line:col` in
/// logarithmic time each (not a scan from the start of the text).
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// As [`line_col`].
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
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
    readings: Vec<Entry>,
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
            readings: vec![],
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
        let readings = list("readings");
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
        locator.readings = readings;
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

    fn problem(&self, issue: Issue, lines: &LineIndex) -> Problem {
        let offset = self.place_offset(&issue.place);
        let (line, col) = lines.line_col(self.text, offset);
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
            Place::Reading(i, field) => in_entry(self.readings.get(*i), *field, None),
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
}
