//! [`RawModel`] -> [`Model`]: every rule of the format, every problem found.
//!
//! Problems are collected, not returned at the first one, in one [`Sink`],
//! and each carries a [`Place`] (which actor, channel or field) that the
//! loader turns into `line:col`. Messages name the actor or channel by its
//! 1-based position in its list and by its ids, and offer a near match for a
//! mistyped id. The checks come in parts: the model's own fields
//! ([`check_head`]: format, name, levels, defaults, kinds, ranges), each
//! actor and channel ([`super::build::Builder`], in one linear pass with ids
//! interned), what needs the whole file (members and channel ends resolved,
//! repeated arcs), and the readings.

use super::build::{ActorIn, Builder, ChannelIn};
use super::near_match;
use super::raw::{RawModel, RawParams, RawReading};
use super::{
    escape_control, ActorId, Days, Evidence, Level, Model, PartialParams, Probability, Ranges,
    Reading,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Where in the file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A top-level field.
    Model(&'static str),
    /// Actor `i` (0-based), optionally one of its fields and an item of a list field.
    Actor(usize, Option<&'static str>, Option<usize>),
    /// Channel `i` (0-based), optionally one of its fields.
    Channel(usize, Option<&'static str>),
    /// Entry `i` of `levels`.
    Level(usize),
    /// A field of `kinds[name]`.
    Kind(String, &'static str),
    /// A field of `defaults`.
    Default(&'static str),
    /// A field of `ranges[kind]`.
    Range(String, &'static str),
    /// Entry `i` of `readings`, optionally one of its fields.
    Reading(usize, Option<&'static str>),
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where it is.
    pub place: Place,
    /// What is wrong.
    pub message: String,
}

/// Every problem found so far, in the order the format's checks list them
/// (model fields, actor ids, each actor's fields, each channel, readings),
/// whatever order the file's parts were read in.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    issues: Vec<Issue>,
}

impl Sink {
    pub(crate) fn push(&mut self, place: Place, message: String) {
        self.issues.push(Issue { place, message });
    }

    /// `Err` with every problem when there is one.
    pub(crate) fn into_result(mut self) -> Result<(), Vec<Issue>> {
        if self.issues.is_empty() {
            return Ok(());
        }
        self.issues.sort_by_key(|issue| order(&issue.place));
        Err(self.issues)
    }
}

/// Where a problem at `place` comes in the list of problems: a stable sort
/// by this keeps the order in which problems of one place were found.
fn order(place: &Place) -> (u8, usize, u8) {
    let rank = |fields: &[&str], field: Option<&str>| {
        let field = field.unwrap_or("");
        fields
            .iter()
            .position(|f| *f == field)
            .unwrap_or(fields.len()) as u8
    };
    match place {
        Place::Model("actors") => (1, 0, 0),
        Place::Model(_) | Place::Level(_) | Place::Kind(..) | Place::Default(_) => (0, 0, 0),
        Place::Range(..) => (0, 0, 0),
        Place::Actor(i, Some("id"), _) => (2, *i, 0),
        Place::Actor(i, field, _) => (
            3,
            *i,
            rank(
                &[
                    "level",
                    "side",
                    "attendance",
                    "members",
                    "vacancies",
                    "evidence",
                ],
                *field,
            ),
        ),
        Place::Channel(i, field) => (
            4,
            *i,
            rank(
                &[
                    "kind",
                    "from",
                    "to",
                    "fidelity",
                    "distortion",
                    "latency_days",
                    "every_days",
                    "",
                    "evidence",
                ],
                *field,
            ),
        ),
        Place::Reading(..) => (5, 0, 0),
    }
}

/// Checks every rule of the format and resolves every default.
///
/// # Errors
/// Every problem found, in the order checked (the loader sorts by position).
pub fn validate(raw: &RawModel) -> Result<Model, Vec<Issue>> {
    fn text(s: &Option<String>) -> Option<Cow<'_, str>> {
        s.as_deref().map(Cow::Borrowed)
    }
    let mut builder = Builder::with_capacity(raw.actors.len(), raw.channels.len());
    for a in &raw.actors {
        builder.actor(ActorIn {
            id: Cow::Borrowed(&a.id),
            name: text(&a.name),
            level: a.level,
            side: text(&a.side),
            kind: text(&a.kind),
            attendance: a.attendance,
            members: a
                .members
                .iter()
                .map(|m| Cow::Borrowed(m.as_str()))
                .collect(),
            advisory: a.advisory,
            industry: text(&a.industry),
            vacancies: a.vacancies.clone(),
            source: text(&a.source),
            evidence: text(&a.evidence),
        });
    }
    for c in &raw.channels {
        builder.channel(ChannelIn {
            from: Cow::Borrowed(&c.from),
            to: Cow::Borrowed(&c.to),
            kind: text(&c.kind),
            params: c.params(),
            bidirectional: c.bidirectional,
            source: text(&c.source),
            evidence: text(&c.evidence),
        });
    }
    builder.finish(raw)
}

/// The model's own fields, checked: what [`check_head`] gives the model.
pub(crate) struct Head {
    pub name: String,
    pub description: Option<String>,
    pub source: Option<String>,
    pub caveat: Option<String>,
    pub assumptions: Vec<String>,
    pub levels: Vec<Level>,
    pub defaults: PartialParams,
    pub kinds: BTreeMap<String, PartialParams>,
    pub ranges: BTreeMap<String, Ranges>,
    pub readings: Vec<RawReading>,
}

/// Checks the model's own fields (format, name, levels, defaults, kinds,
/// ranges); `channel_kinds` are the kinds the channels use, which `ranges`
/// may name.
pub(crate) fn check_head(raw: &RawModel, channel_kinds: &[&str], sink: &mut Sink) -> Head {
    let mut push = |place: Place, message: String| sink.push(place, message);
    match raw.format {
        None => push(
            Place::Model("format"),
            "missing \"format\": this hviske reads format 1 (add \"format\": 1)".into(),
        ),
        Some(1) => {}
        Some(f) => push(
            Place::Model("format"),
            format!("unsupported format {f}: this hviske reads format 1"),
        ),
    }
    let name = raw.name.clone().unwrap_or_default();
    if name.trim().is_empty() {
        push(
            Place::Model("name"),
            "missing \"name\": give the design a short title".into(),
        );
    }
    for (field, text, free) in [
        ("name", raw.name.as_deref(), false),
        ("source", raw.source.as_deref(), false),
        ("description", raw.description.as_deref(), true),
    ] {
        if let Some(c) = text.and_then(|t| super::forbidden_char(t, free)) {
            push(Place::Model(field), super::forbidden_message(field, c));
        }
    }
    for kind in raw.kinds.keys() {
        if let Some(c) = super::forbidden_char(kind, false) {
            let what = format!("kinds.\"{}\"", escape_control(kind));
            push(
                Place::Kind(kind.clone(), "fidelity"),
                super::forbidden_message(&what, c),
            );
        }
    }
    let levels = check_levels(raw, &mut push);
    let defaults = raw
        .defaults
        .as_ref()
        .map(|d| {
            check_params(d, &"defaults", &mut |field, m| {
                push(Place::Default(field), m)
            })
        })
        .unwrap_or_default();
    let kinds: BTreeMap<String, PartialParams> = raw
        .kinds
        .iter()
        .map(|(kind, p)| {
            let what = format!("kinds.{kind}");
            let params = check_params(p, &what, &mut |field, m| {
                push(Place::Kind(kind.clone(), field), m)
            });
            (kind.clone(), params)
        })
        .collect();
    let channel_kinds: BTreeSet<&str> = channel_kinds
        .iter()
        .copied()
        .chain(raw.kinds.keys().map(String::as_str))
        .collect();
    let ranges = check_ranges(raw, &channel_kinds, &mut push);
    Head {
        name,
        description: raw.description.clone(),
        source: raw.source.clone(),
        caveat: raw.caveat.clone(),
        assumptions: raw.assumptions.clone(),
        levels,
        defaults,
        kinds,
        ranges,
        readings: raw.readings.clone(),
    }
}

/// The named levels, sorted; each number whole, ≥ 1 and named once.
fn check_levels(raw: &RawModel, push: &mut impl FnMut(Place, String)) -> Vec<Level> {
    let mut levels = Vec::new();
    let mut seen_levels = BTreeSet::new();
    for (i, l) in raw.levels.iter().enumerate() {
        if let Some(c) = super::forbidden_char(&l.name, false) {
            push(
                Place::Level(i),
                super::forbidden_message(&format!("level {} name", l.level), c),
            );
        }
        match level_number(l.level) {
            Some(n) if seen_levels.insert(n) => levels.push(Level {
                level: n,
                name: l.name.clone(),
            }),
            Some(n) => push(Place::Level(i), format!("level {n} is named twice")),
            None => push(
                Place::Level(i),
                format!("level {} must be a whole number ≥ 1", l.level),
            ),
        }
    }
    levels.sort_by_key(|l| l.level);
    levels
}

/// The `ranges` table: every kind used by a channel or `kinds`, every range
/// low ≤ high within its parameter's domain.
fn check_ranges(
    raw: &RawModel,
    channel_kinds: &BTreeSet<&str>,
    push: &mut impl FnMut(Place, String),
) -> BTreeMap<String, Ranges> {
    for kind in raw.ranges.keys() {
        if !channel_kinds.contains(kind.as_str()) {
            let hint = near_match(kind, channel_kinds.iter().copied())
                .map(|m| format!(" (did you mean \"{m}\"?)"))
                .unwrap_or_default();
            push(
                Place::Range(kind.clone(), ""),
                format!(
                    "ranges.{}: no channel or kinds entry has this kind{hint}",
                    escape_control(kind)
                ),
            );
        }
    }
    let mut ranges = BTreeMap::new();
    for (kind, r) in &raw.ranges {
        let mut check = |field: &'static str, x: Option<[f64; 2]>, max: f64, positive: bool| {
            let [lo, hi] = x?;
            let ok = lo.is_finite()
                && hi.is_finite()
                && lo <= hi
                && (max == 1.0 || hi <= Days::MAX)
                && (!positive || lo >= Days::MIN_EVERY)
                && lo >= 0.0
                && hi <= max
                && (!positive || lo > 0.0);
            if !ok {
                let domain = if max == 1.0 {
                    "within [0, 1]"
                } else if positive {
                    "of days > 0"
                } else {
                    "of days ≥ 0"
                };
                push(
                    Place::Range(kind.clone(), field),
                    format!(
                        "ranges.{kind}: {field} [{}, {}] must be low ≤ high, {domain}",
                        number(lo),
                        number(hi)
                    ),
                );
                return None;
            }
            Some((lo, hi))
        };
        let checked = Ranges {
            fidelity: check("fidelity", r.fidelity, 1.0, false),
            distortion: check("distortion", r.distortion, 1.0, false),
            latency_days: check("latency_days", r.latency_days, f64::INFINITY, false),
            every_days: check("every_days", r.every_days, f64::INFINITY, true),
        };
        ranges.insert(kind.clone(), checked);
    }
    ranges
}

/// The evidence grade a file gives, if any; an unknown word is a problem.
pub(crate) fn evidence(
    word: Option<&str>,
    what: &dyn fmt::Display,
    push: &mut impl FnMut(String),
) -> Option<Evidence> {
    let word = word?;
    let grade = Evidence::parse(word);
    if grade.is_none() {
        let words = Evidence::ALL.map(Evidence::as_str);
        let hint = near_match(word, words.iter().copied())
            .map(|m| format!(" (did you mean \"{m}\"?)"))
            .unwrap_or_else(|| format!(" (one of {})", words.join(", ")));
        push(format!("{what}: unknown evidence grade \"{word}\"{hint}"));
    }
    grade
}

/// The model's readings: ids unique and well formed, probabilities in [0, 1].
/// Their changes are checked by the scenario stage, which knows the vocabulary.
pub(crate) fn readings(raw: &[RawReading], push: &mut impl FnMut(Place, String)) -> Vec<Reading> {
    let mut seen = BTreeSet::new();
    let mut readings = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        let what = format!("reading {} (\"{}\")", i + 1, r.id);
        if ActorId::new(&r.id).is_none() {
            push(
                Place::Reading(i, Some("id")),
                format!("{what}: id must be lowercase letters, digits, '_' or '-'"),
            );
        }
        if !seen.insert(r.id.as_str()) {
            push(
                Place::Reading(i, Some("id")),
                format!("{what}: duplicate id"),
            );
        }
        let probability = Probability::new(r.probability).unwrap_or_else(|| {
            push(
                Place::Reading(i, Some("probability")),
                format!(
                    "{what}: probability {} is outside [0, 1]",
                    number(r.probability)
                ),
            );
            Probability::ONE
        });
        if r.changes.is_empty() {
            push(
                Place::Reading(i, Some("changes")),
                format!("{what}: a reading needs at least one change"),
            );
        }
        readings.push(Reading {
            id: r.id.clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.clone()),
            probability,
            changes: r.changes.clone(),
            rationale: r.rationale.clone(),
            source: r.source.clone(),
        });
    }
    readings
}

/// A number as a person would write it: `1e-300`, not 300 digits.
/// `x` for a message: at most 6 significant digits (`1e300`, not 301
/// digits; `0.333333`), exponent form outside [1e-4, 1e9).
pub(crate) fn number(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{x}");
    }
    let trim = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if (1e-4..1e9).contains(&x.abs()) {
        let decimals = (5 - x.abs().log10().floor() as i32).max(0) as usize;
        trim(format!("{x:.decimals$}"))
    } else {
        let s = format!("{x:.5e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{exponent}", trim(mantissa.to_string()))
    }
}

pub(crate) fn level_number(l: i64) -> Option<u32> {
    u32::try_from(l).ok().filter(|&n| n >= 1)
}

/// Range-checks the four parameters; reports each bad one through `push`.
pub(crate) fn check_params(
    p: &RawParams,
    what: &dyn fmt::Display,
    push: &mut dyn FnMut(&'static str, String),
) -> PartialParams {
    let mut prob = |field: &'static str, v: Option<f64>| {
        v.and_then(|x| {
            let p = Probability::new(x);
            if p.is_none() {
                push(
                    field,
                    format!("{what}: {field} {} is outside [0, 1]", number(x)),
                );
            }
            p
        })
    };
    let fidelity = prob("fidelity", p.fidelity);
    let distortion = prob("distortion", p.distortion);
    let latency_days = p.latency_days.and_then(|x| {
        let d = Days::new(x);
        if d.is_none() {
            push(
                "latency_days",
                format!(
                    "{what}: latency_days {} must be a number of days from 0 to {} (100 years)",
                    number(x),
                    Days::MAX
                ),
            );
        }
        d
    });
    let every_days = p.every_days.and_then(|x| {
        let d = Days::new(x).filter(|d| d.get() >= Days::MIN_EVERY);
        if d.is_none() {
            push(
                "every_days",
                format!(
                    "{what}: every_days {} must be a number of days from 1/1440 (a minute) to {} (100 years)",
                    number(x),
                    Days::MAX
                ),
            );
        }
        d
    });
    PartialParams {
        fidelity,
        distortion,
        latency_days,
        every_days,
    }
}

/// A channel whose kind is missing from a model's `kinds` table: it gets
/// the defaults, which is rarely what a misspelling meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    /// The channel's index in [`Model::channels`].
    pub channel: usize,
    /// Its kind as written.
    pub kind: String,
    /// The nearest kind of the table, when one is close.
    pub near: Option<String>,
}

/// A reading that does not say why: its `rationale` or its `source` is
/// missing or blank. `--strict` rejects a model with one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnarguedReading {
    /// Index into [`Model::readings`].
    pub reading: usize,
    /// The fields missing or blank, in file order (`rationale`, `source`).
    pub missing: Vec<&'static str>,
}

/// Every reading without a rationale or a source, in file order.
pub fn unargued_readings(model: &Model) -> Vec<UnarguedReading> {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    model
        .readings
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let missing: Vec<&'static str> = [("rationale", &r.rationale), ("source", &r.source)]
                .into_iter()
                .filter(|(_, v)| blank(v))
                .map(|(name, _)| name)
                .collect();
            (!missing.is_empty()).then_some(UnarguedReading {
                reading: i,
                missing,
            })
        })
        .collect()
}

/// Every channel whose kind is not in the model's `kinds` table (none when
/// the model has no table).
pub fn unknown_kinds(model: &Model) -> Vec<UnknownKind> {
    if model.kinds.is_empty() {
        return Vec::new();
    }
    model
        .channels
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let kind = c.kind.as_deref()?;
            if model.kinds.contains_key(kind) {
                return None;
            }
            Some(UnknownKind {
                channel: i,
                kind: kind.to_string(),
                near: near_match(kind, model.kinds.keys().map(String::as_str)).map(String::from),
            })
        })
        .collect()
}
