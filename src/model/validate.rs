//! [`RawModel`] -> [`Model`]: every rule of the format, every problem found.
//!
//! Problems are collected, not returned at the first one, and each carries a
//! [`Place`] (which actor, channel or field) that the loader turns into
//! `line:col`. Messages name the actor or channel by its 1-based position in
//! its list and by its ids, and offer a near match for a mistyped id.

use super::near_match;
use super::raw::{RawModel, RawParams, RawReading};
use super::{
    escape_control, Actor, ActorId, Channel, ChannelParams, Days, Evidence, Level, Model,
    PartialParams, Probability, Ranges, Reading, Side, Vacancy,
};
use std::collections::{BTreeMap, BTreeSet};

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

/// Checks every rule of the format and resolves every default.
///
/// # Errors
/// Every problem found, in the order checked (the loader sorts by position).
pub fn validate(raw: &RawModel) -> Result<Model, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut push = |place: Place, message: String| issues.push(Issue { place, message });

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

    let mut levels = Vec::new();
    let mut seen_levels = BTreeSet::new();
    for (i, l) in raw.levels.iter().enumerate() {
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

    let defaults = raw
        .defaults
        .as_ref()
        .map(|d| {
            check_params(d, "defaults", &mut |field, m| {
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

    let mut ranges = BTreeMap::new();
    let channel_kinds: BTreeSet<&str> = raw
        .channels
        .iter()
        .filter_map(|c| c.kind.as_deref())
        .chain(raw.kinds.keys().map(String::as_str))
        .collect();
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
                    format!("ranges.{kind}: {field} [{lo}, {hi}] must be low ≤ high, {domain}"),
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

    // Actors: ids first, so members and channels can be resolved.
    if raw.actors.is_empty() {
        push(Place::Model("actors"), "the model has no actors".into());
    }
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, a) in raw.actors.iter().enumerate() {
        let what = format!("actor {} (\"{}\")", i + 1, escape_control(&a.id));
        if ActorId::new(&a.id).is_none() {
            push(
                Place::Actor(i, Some("id"), None),
                format!("{what}: id must be lowercase letters, digits, '_' or '-'"),
            );
        }
        if let Some(&first) = index.get(a.id.as_str()) {
            push(
                Place::Actor(i, Some("id"), None),
                format!("{what}: duplicate id (actor {} has it already)", first + 1),
            );
        } else {
            index.insert(&a.id, i);
        }
    }
    let ids: Vec<&str> = raw.actors.iter().map(|a| a.id.as_str()).collect();
    let unknown = |id: &str| {
        let shown = escape_control(id);
        match near_match(id, ids.iter().copied()) {
            Some(m) => format!("unknown actor \"{shown}\" (did you mean \"{m}\"?)"),
            None => format!("unknown actor \"{shown}\""),
        }
    };

    let mut actors = Vec::with_capacity(raw.actors.len());
    for (i, a) in raw.actors.iter().enumerate() {
        let what = format!("actor {} (\"{}\")", i + 1, escape_control(&a.id));
        let level = a.level.and_then(|l| {
            let n = level_number(l);
            if n.is_none() {
                push(
                    Place::Actor(i, Some("level"), None),
                    format!("{what}: level {l} must be a whole number ≥ 1"),
                );
            }
            n
        });
        let side = a.side.as_deref().and_then(|s| {
            let side = Side::parse(s);
            if side.is_none() {
                let words = Side::ALL.map(Side::as_str);
                let hint = near_match(s, words.iter().copied())
                    .map(|m| format!(" (did you mean \"{m}\"?)"))
                    .unwrap_or_else(|| format!(" (one of {})", words.join(", ")));
                push(
                    Place::Actor(i, Some("side"), None),
                    format!("{what}: unknown side \"{s}\"{hint}"),
                );
            }
            side
        });
        let attendance = match a.attendance {
            None => Probability::ONE,
            Some(p) => Probability::new(p).unwrap_or_else(|| {
                push(
                    Place::Actor(i, Some("attendance"), None),
                    format!("{what}: attendance {p} is outside [0, 1]"),
                );
                Probability::ONE
            }),
        };
        let mut members = Vec::new();
        for (k, m) in a.members.iter().enumerate() {
            let place = Place::Actor(i, Some("members"), Some(k));
            match index.get(m.as_str()) {
                None => push(place, format!("{what}: members: {}", unknown(m))),
                Some(&j) if j == i => {
                    push(place, format!("{what}: a body cannot be its own member"))
                }
                Some(&j) if members.contains(&j) => {
                    push(place, format!("{what}: member \"{m}\" is listed twice"))
                }
                Some(&j) => members.push(j),
            }
        }
        let mut vacancies = Vec::new();
        for (k, v) in a.vacancies.iter().enumerate() {
            let place = Place::Actor(i, Some("vacancies"), Some(k));
            match (Days::new(v.from_day), Days::new(v.to_day)) {
                (Some(from_day), Some(to_day)) if to_day.get() > from_day.get() => {
                    vacancies.push(Vacancy { from_day, to_day })
                }
                _ => push(
                    place,
                    format!(
                        "{what}: vacancy from day {} to day {} must have 0 ≤ from_day < to_day ≤ 36525",
                        v.from_day, v.to_day
                    ),
                ),
            }
        }
        actors.push(Actor {
            id: ActorId::new(&a.id).unwrap_or_else(|| ActorId(a.id.clone())),
            name: a.name.clone().unwrap_or_else(|| a.id.clone()),
            level,
            side,
            kind: a.kind.clone(),
            attendance,
            members,
            vacancies,
            source: a.source.clone(),
            evidence: evidence(a.evidence.as_deref(), &what, &mut |m| {
                push(Place::Actor(i, Some("evidence"), None), m)
            }),
        });
    }

    let mut channels = Vec::with_capacity(raw.channels.len());
    let mut arcs: BTreeMap<(usize, usize, Option<&str>), usize> = BTreeMap::new();
    for (i, c) in raw.channels.iter().enumerate() {
        let what = format!(
            "channel {} (\"{}\" -> \"{}\")",
            i + 1,
            escape_control(&c.from),
            escape_control(&c.to)
        );
        if c.kind.as_deref().is_some_and(|k| k.trim().is_empty()) {
            push(
                Place::Channel(i, Some("kind")),
                format!("{what}: kind is empty (leave \"kind\" out for the defaults)"),
            );
        }
        let from = index.get(c.from.as_str()).copied();
        let to = index.get(c.to.as_str()).copied();
        if from.is_none() {
            push(
                Place::Channel(i, Some("from")),
                format!("{what}: from: {}", unknown(&c.from)),
            );
        }
        if to.is_none() {
            push(
                Place::Channel(i, Some("to")),
                format!("{what}: to: {}", unknown(&c.to)),
            );
        }
        if c.from == c.to {
            push(
                Place::Channel(i, Some("to")),
                format!("{what}: a channel must join two different actors"),
            );
        }
        let own = check_params(&c.params(), &what, &mut |field, m| {
            push(Place::Channel(i, Some(field)), m)
        });
        let bidirectional = c.bidirectional.unwrap_or(false);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            continue;
        }
        let mut directions = vec![(from, to)];
        if bidirectional {
            directions.push((to, from));
        }
        for (a, b) in directions {
            if let Some(first) = arcs.insert((a, b, c.kind.as_deref()), i) {
                push(
                    Place::Channel(i, None),
                    format!(
                        "{what}: duplicate channel: channel {} already carries \"{}\" -> \"{}\"{}",
                        first + 1,
                        ids[a],
                        ids[b],
                        c.kind
                            .as_deref()
                            .map(|k| format!(" ({k})"))
                            .unwrap_or_default()
                    ),
                );
            }
        }
        channels.push(Channel {
            from,
            to,
            kind: c.kind.clone(),
            params: ChannelParams::TOOLKIT_DEFAULT,
            own,
            bidirectional,
            source: c.source.clone(),
            evidence: evidence(c.evidence.as_deref(), &what, &mut |m| {
                push(Place::Channel(i, Some("evidence")), m)
            }),
        });
    }
    let readings = readings(&raw.readings, &mut push);

    if !issues.is_empty() {
        return Err(issues);
    }
    let mut model = Model {
        name,
        description: raw.description.clone(),
        source: raw.source.clone(),
        assumptions: raw.assumptions.clone(),
        levels,
        defaults,
        kinds,
        ranges,
        readings,
        actors,
        channels,
    };
    model.resolve();
    Ok(model)
}

/// The evidence grade a file gives, if any; an unknown word is a problem.
fn evidence(word: Option<&str>, what: &str, push: &mut impl FnMut(String)) -> Option<Evidence> {
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
fn readings(raw: &[RawReading], push: &mut impl FnMut(Place, String)) -> Vec<Reading> {
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
                format!("{what}: probability {} is outside [0, 1]", r.probability),
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
fn number(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn level_number(l: i64) -> Option<u32> {
    u32::try_from(l).ok().filter(|&n| n >= 1)
}

/// Range-checks the four parameters; reports each bad one through `push`.
fn check_params(
    p: &RawParams,
    what: &str,
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
