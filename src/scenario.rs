//! What-if scenarios: a validated [`Model`] and a list of [`Change`]s give a
//! new, validated [`Model`] (a stage between `model` and `graph`).
//!
//! Changes name actors by id and are applied in order, each to the model the
//! previous one produced, and the result is validated after every change, so
//! an error names the change that caused it. A change never edits a file.
//!
//! Changes come from `--what-if` flags ([`Change::parse`], e.g.
//! `attendance:nnn=0.4`) or from scenario files ([`load_design`]): a JSON
//! object with a base model, a name, a rationale and a list of changes.
//!
//! ```json
//! { "scenario": 1, "name": "NNN keeps its chair empty",
//!   "rationale": "NNN often sends apologies (report L442-L446).",
//!   "base": "../three-two-one.json",
//!   "changes": [ { "op": "attendance", "actor": "nnn", "value": 0.2 } ] }
//! ```

use crate::model::raw::{RawActor, RawChannel, RawModel, RawParams, RawVacancy};
use crate::model::{
    line_col, near_match, read_text, syntax_problem, unknown_field_hint, validate, LoadError,
    Model, Problem, Reading,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// One what-if change. In scenario files each is an object with an `"op"`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Change {
    /// Remove an actor for good, with every channel and membership it has.
    RemoveActor {
        /// The actor's id.
        actor: String,
    },
    /// Leave an actor's seat empty from `from_day` until `to_day` (it attends
    /// no sitting then): a vacancy for a period, such as a project leader who
    /// leaves and is replaced.
    Vacancy {
        /// The actor's id.
        actor: String,
        /// First day of the vacancy (day 0 = the day a fact starts).
        from_day: f64,
        /// Day the seat is filled again.
        to_day: f64,
    },
    /// Set an actor's attendance (the "empty chair").
    Attendance {
        /// The actor's id.
        actor: String,
        /// Probability of taking part in a sitting, in [0, 1].
        value: f64,
    },
    /// Add an actor (its channels are added with `add-channel`).
    AddActor {
        /// The actor, as in a model file.
        actor: RawActor,
    },
    /// Add a channel, as in a model file.
    AddChannel {
        /// The channel, as in a model file.
        #[serde(flatten)]
        channel: RawChannel,
    },
    /// Remove the channels `from` -> `to` (of `kind`, when given). A
    /// bidirectional channel `to` <-> `from` keeps its other direction. When
    /// no channel is left between a body and one of its members, the member
    /// no longer sits in the body.
    RemoveChannel {
        /// Sending actor.
        from: String,
        /// Receiving actor.
        to: String,
        /// Only channels of this kind.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
    },
    /// Set parameters for every channel of a kind (channels' own values for
    /// the parameters given are dropped, so the new value holds everywhere).
    SetKind {
        /// The channel kind.
        kind: String,
        /// The parameters to set.
        #[serde(flatten)]
        params: RawParams,
    },
    /// Set parameters on every channel of the model (all kinds).
    SetAll {
        /// The parameters to set.
        #[serde(flatten)]
        params: RawParams,
    },
    /// Peel a level off: its actors go, and the levels below move up by one.
    /// Each path `u -> x -> v` through removed actors becomes a channel
    /// `u -> v` when `u` and `v` both have a level (actors outside the
    /// chain of levels, such as a coordination group with no level, are not
    /// wired through: they lose their channels to the removed actors). The
    /// new channel has the kind of `u -> x` and that kind's parameters, not
    /// the removed channel's own overrides (a steering group's 90-day
    /// sitting does not carry over to the link that replaces it). At most
    /// [`MAX_JOINED_CHANNELS`] channels are created.
    CollapseLevel {
        /// The level to remove.
        level: u32,
    },
    /// Merge actor `from` into actor `into`: channels and memberships of
    /// `from` move to `into`, its members join `into`'s, and `from` goes.
    Merge {
        /// The actor that stays.
        into: String,
        /// The actor merged into it.
        from: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params = |p: &RawParams| {
            let mut parts = Vec::new();
            if let Some(x) = p.fidelity {
                parts.push(format!("fidelity {x}"));
            }
            if let Some(x) = p.distortion {
                parts.push(format!("distortion {x}"));
            }
            if let Some(x) = p.latency_days {
                parts.push(format!("latency {x} days"));
            }
            if let Some(x) = p.every_days {
                parts.push(format!("a sitting every {x} days"));
            }
            parts.join(", ")
        };
        match self {
            Change::RemoveActor { actor } => write!(f, "remove {actor}"),
            Change::Vacancy {
                actor,
                from_day,
                to_day,
            } => write!(f, "{actor} vacant from day {from_day} to day {to_day}"),
            Change::Attendance { actor, value } => {
                write!(f, "attendance of {actor} set to {value}")
            }
            Change::AddActor { actor } => write!(f, "add actor {}", actor.id),
            Change::AddChannel { channel } => write!(
                f,
                "add channel {} -> {}{}",
                channel.from,
                channel.to,
                channel
                    .kind
                    .as_deref()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default()
            ),
            Change::RemoveChannel { from, to, kind } => write!(
                f,
                "remove channel {from} -> {to}{}",
                kind.as_deref()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default()
            ),
            Change::SetKind { kind, params: p } => write!(f, "{kind} channels: {}", params(p)),
            Change::SetAll { params: p } => write!(f, "every channel: {}", params(p)),
            Change::CollapseLevel { level } => write!(f, "level {level} peeled off"),
            Change::Merge { into, from } => write!(f, "{from} merged into {into}"),
        }
    }
}

/// The `--what-if` syntax, one line each (also shown in `--help`).
pub const WHAT_IF_SYNTAX: &str = "\
  remove:ID                       remove an actor for good
  vacancy:ID:FROM:TO              the seat of ID is empty from day FROM to day TO
  attendance:ID=P                 set the attendance of ID to P
  add-channel:A->B[:KIND]         add a channel (parameters from its kind)
  remove-channel:A->B[:KIND]      remove the channel A -> B
  kind:KIND.PARAM=X               set fidelity|distortion|latency_days|every_days for a kind
  all.PARAM=X                     set a parameter on every channel
  collapse-level:L                peel off level L, joining its channels through
  merge:INTO+FROM                 merge actor FROM into actor INTO";

impl Change {
    /// Parses the `--what-if` syntax ([`WHAT_IF_SYNTAX`]).
    ///
    /// # Errors
    /// A sentence saying what is wrong and showing the expected form.
    pub fn parse(s: &str) -> Result<Change, String> {
        let bad = |form: &str| format!("what-if \"{s}\": expected {form}");
        let number = |x: &str, form: &str| x.trim().parse::<f64>().map_err(|_| bad(form));
        let (op, rest) = s.split_once(':').unwrap_or((s, ""));
        match op {
            "remove" if !rest.is_empty() => Ok(Change::RemoveActor {
                actor: rest.to_string(),
            }),
            "vacancy" => {
                let form = "vacancy:ID:FROM_DAY:TO_DAY";
                let parts: Vec<&str> = rest.split(':').collect();
                let [actor, from, to] = parts[..] else {
                    return Err(bad(form));
                };
                Ok(Change::Vacancy {
                    actor: actor.to_string(),
                    from_day: number(from, form)?,
                    to_day: number(to, form)?,
                })
            }
            "attendance" => {
                let form = "attendance:ID=P";
                let (actor, value) = rest.split_once('=').ok_or_else(|| bad(form))?;
                Ok(Change::Attendance {
                    actor: actor.to_string(),
                    value: number(value, form)?,
                })
            }
            "add-channel" | "remove-channel" => {
                let form = "add-channel:A->B[:KIND] or remove-channel:A->B[:KIND]";
                let (ends, kind) = match rest.split_once(':') {
                    Some((ends, kind)) => (ends, Some(kind.to_string())),
                    None => (rest, None),
                };
                let (from, to) = ends.split_once("->").ok_or_else(|| bad(form))?;
                let (from, to) = (from.trim().to_string(), to.trim().to_string());
                if kind.as_deref().is_some_and(|k| k.trim().is_empty()) {
                    return Err(bad(form));
                }
                Ok(if op == "add-channel" {
                    Change::AddChannel {
                        channel: RawChannel {
                            from,
                            to,
                            kind,
                            ..RawChannel::default()
                        },
                    }
                } else {
                    Change::RemoveChannel { from, to, kind }
                })
            }
            "kind" => {
                let form = "kind:KIND.PARAM=X";
                let (lhs, value) = rest.split_once('=').ok_or_else(|| bad(form))?;
                let (kind, param) = lhs.rsplit_once('.').ok_or_else(|| bad(form))?;
                Ok(Change::SetKind {
                    kind: kind.to_string(),
                    params: one_param(param, number(value, form)?).ok_or_else(|| bad(form))?,
                })
            }
            "collapse-level" => Ok(Change::CollapseLevel {
                level: rest.trim().parse().map_err(|_| bad("collapse-level:L"))?,
            }),
            "merge" => {
                let (into, from) = rest.split_once('+').ok_or_else(|| bad("merge:INTO+FROM"))?;
                Ok(Change::Merge {
                    into: into.to_string(),
                    from: from.to_string(),
                })
            }
            _ if s.starts_with("all.") => {
                let form = "all.PARAM=X";
                let (param, value) = s["all.".len()..].split_once('=').ok_or_else(|| bad(form))?;
                Ok(Change::SetAll {
                    params: one_param(param, number(value, form)?).ok_or_else(|| bad(form))?,
                })
            }
            _ => Err(format!(
                "what-if \"{s}\": unknown change; one of:\n{WHAT_IF_SYNTAX}"
            )),
        }
    }
}

/// A [`RawParams`] with one parameter set, by its name in the format.
pub fn one_param(name: &str, value: f64) -> Option<RawParams> {
    let mut p = RawParams::default();
    match name {
        "fidelity" => p.fidelity = Some(value),
        "distortion" => p.distortion = Some(value),
        "latency_days" => p.latency_days = Some(value),
        "every_days" => p.every_days = Some(value),
        _ => return None,
    }
    Some(p)
}

/// Applies `changes` in order to `model`; the result's name and assumptions
/// say what was changed.
///
/// # Errors
/// For the first change that cannot be applied, its 0-based index and a
/// sentence (an unknown id with a near match, or the rule the result breaks).
pub fn apply(model: &Model, changes: &[Change]) -> Result<Model, (usize, String)> {
    let mut current = model.clone();
    for (i, change) in changes.iter().enumerate() {
        let mut raw = current.to_raw();
        apply_raw(&mut raw, change).map_err(|e| (i, e))?;
        raw.assumptions.push(format!("What-if: {change}."));
        current = validate(&raw).map_err(|issues| {
            let messages: Vec<String> = issues.into_iter().map(|i| i.message).collect();
            (i, messages.join("; "))
        })?;
    }
    Ok(current)
}

/// Why a model's reading cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("reading \"{reading}\": change {}: {message}", .change + 1)]
pub struct ReadingError {
    /// The reading's id.
    pub reading: String,
    /// 0-based index of the change at fault in the reading's `changes`.
    pub change: usize,
    /// What is wrong.
    pub message: String,
}

/// The changes of a reading, parsed from the scenario change vocabulary.
///
/// # Errors
/// The first change that is not a valid change object.
pub fn reading_changes(reading: &Reading) -> Result<Vec<Change>, ReadingError> {
    reading
        .changes
        .iter()
        .enumerate()
        .map(|(i, value)| {
            serde_json::from_value::<Change>(value.clone()).map_err(|e| ReadingError {
                reading: reading.id.clone(),
                change: i,
                message: e.to_string(),
            })
        })
        .collect()
}

/// The model under some of its readings: the changes of each reading in
/// `chosen` (indices into [`Model::readings`], applied in the order given),
/// with an assumption line naming each reading. The result has no readings
/// left: it is one reading of the evidence, not a family of them.
///
/// # Errors
/// The first change of a chosen reading that cannot be applied.
pub fn apply_readings(model: &Model, chosen: &[usize]) -> Result<Model, ReadingError> {
    let mut current = model.clone();
    current.readings.clear();
    for &r in chosen {
        let reading = &model.readings[r];
        let changes = reading_changes(reading)?;
        let assumptions = current.assumptions.clone();
        current = apply(&current, &changes).map_err(|(change, message)| ReadingError {
            reading: reading.id.clone(),
            change,
            message,
        })?;
        current.assumptions = assumptions;
        current.assumptions.push(format!(
            "Reading \"{}\" applied: {}.",
            reading.id, reading.name
        ));
    }
    Ok(current)
}

/// Checks that every reading of `model` applies, alone and all together.
fn check_readings(model: &Model) -> Result<(), ReadingError> {
    for r in 0..model.readings.len() {
        apply_readings(model, &[r])?;
    }
    let all: Vec<usize> = (0..model.readings.len()).collect();
    apply_readings(model, &all).map(|_| ())
}

/// Byte offset of `readings[r].changes[c]` in a model file's text (of the
/// reading where the change cannot be found).
fn reading_change_offset(text: &str, r: usize, c: usize) -> Option<usize> {
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(borrow)]
        readings: Vec<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct One<'a> {
        #[serde(borrow)]
        changes: Vec<&'a RawValue>,
    }
    let reading = *serde_json::from_str::<Top>(text).ok()?.readings.get(r)?;
    let at = serde_json::from_str::<One>(reading.get())
        .ok()
        .and_then(|one| one.changes.get(c).copied())
        .unwrap_or(reading);
    Some(at.get().as_ptr() as usize - text.as_ptr() as usize)
}

fn unknown(raw: &RawModel, id: &str) -> String {
    match near_match(id, raw.actors.iter().map(|a| a.id.as_str())) {
        Some(m) => format!("unknown actor \"{id}\" (did you mean \"{m}\"?)"),
        None => format!("unknown actor \"{id}\""),
    }
}

fn position(raw: &RawModel, id: &str) -> Result<usize, String> {
    raw.actors
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| unknown(raw, id))
}

fn set_params(target: &mut RawParams, p: &RawParams) {
    target.fidelity = p.fidelity.or(target.fidelity);
    target.distortion = p.distortion.or(target.distortion);
    target.latency_days = p.latency_days.or(target.latency_days);
    target.every_days = p.every_days.or(target.every_days);
}

/// Drops a channel's own values for the parameters `p` sets.
fn clear_own(c: &mut RawChannel, p: &RawParams) {
    if p.fidelity.is_some() {
        c.fidelity = None;
    }
    if p.distortion.is_some() {
        c.distortion = None;
    }
    if p.latency_days.is_some() {
        c.latency_days = None;
    }
    if p.every_days.is_some() {
        c.every_days = None;
    }
}

/// Removes actor `id` with its channels and memberships.
fn remove_actor(raw: &mut RawModel, id: &str) {
    raw.actors.retain(|a| a.id != id);
    for a in &mut raw.actors {
        a.members.retain(|m| m != id);
    }
    raw.channels.retain(|c| c.from != id && c.to != id);
}

/// One directed arc of a raw channel list: (from, to, channel index).
fn arcs(raw: &RawModel) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for (i, c) in raw.channels.iter().enumerate() {
        out.push((c.from.clone(), c.to.clone(), i));
        if c.bidirectional == Some(true) {
            out.push((c.to.clone(), c.from.clone(), i));
        }
    }
    out
}

/// Adds `c` unless the model already carries `from -> to` of its kind.
fn add_if_new(raw: &mut RawModel, c: RawChannel) {
    let exists = arcs(raw)
        .iter()
        .any(|(f, t, i)| *f == c.from && *t == c.to && raw.channels[*i].kind == c.kind);
    if !exists && c.from != c.to {
        raw.channels.push(c);
    }
}

/// A `set-kind` or `set-all` must set at least one parameter.
fn sets_something(p: &RawParams) -> Result<(), String> {
    if *p == RawParams::default() {
        return Err("sets nothing: give fidelity, distortion, latency_days or every_days".into());
    }
    Ok(())
}

fn apply_raw(raw: &mut RawModel, change: &Change) -> Result<(), String> {
    match change {
        Change::RemoveActor { actor } => {
            position(raw, actor)?;
            remove_actor(raw, actor);
        }
        Change::Vacancy {
            actor,
            from_day,
            to_day,
        } => {
            let i = position(raw, actor)?;
            raw.actors[i].vacancies.push(RawVacancy {
                from_day: *from_day,
                to_day: *to_day,
            });
        }
        Change::Attendance { actor, value } => {
            let i = position(raw, actor)?;
            raw.actors[i].attendance = Some(*value);
        }
        Change::AddActor { actor } => {
            if raw.actors.iter().any(|a| a.id == actor.id) {
                return Err(format!("actor \"{}\" exists already", actor.id));
            }
            raw.actors.push(actor.clone());
        }
        Change::AddChannel { channel } => {
            position(raw, &channel.from)?;
            position(raw, &channel.to)?;
            raw.channels.push(channel.clone());
        }
        Change::RemoveChannel { from, to, kind } => {
            position(raw, from)?;
            position(raw, to)?;
            let matches = |c: &RawChannel| kind.is_none() || c.kind == *kind;
            let before = raw.channels.len();
            let mut touched = false;
            raw.channels.retain(|c| {
                !(c.from == *from && c.to == *to && matches(c) && c.bidirectional != Some(true))
            });
            for c in &mut raw.channels {
                if c.bidirectional == Some(true) && matches(c) {
                    if c.from == *from && c.to == *to {
                        // Keep the other direction only.
                        std::mem::swap(&mut c.from, &mut c.to);
                        c.bidirectional = None;
                        touched = true;
                    } else if c.from == *to && c.to == *from {
                        c.bidirectional = None;
                        touched = true;
                    }
                }
            }
            if raw.channels.len() == before && !touched {
                return Err(format!("no channel {from} -> {to} to remove"));
            }
            let linked = raw
                .channels
                .iter()
                .any(|c| (c.from == *from && c.to == *to) || (c.from == *to && c.to == *from));
            if !linked {
                for (body, member) in [(from, to), (to, from)] {
                    if let Some(b) = raw.actors.iter_mut().find(|a| a.id == *body) {
                        b.members.retain(|m| m != member);
                    }
                }
            }
        }
        Change::SetKind { kind, params } => {
            sets_something(params)?;
            if !raw.kinds.contains_key(kind)
                && !raw.channels.iter().any(|c| c.kind.as_deref() == Some(kind))
            {
                let kinds: BTreeSet<&str> = raw
                    .channels
                    .iter()
                    .filter_map(|c| c.kind.as_deref())
                    .chain(raw.kinds.keys().map(String::as_str))
                    .collect();
                return Err(if kinds.is_empty() {
                    format!("no channel of kind \"{kind}\" (no channel of this model has a kind)")
                } else {
                    format!(
                        "no channel of kind \"{kind}\" (kinds here: {})",
                        kinds.into_iter().collect::<Vec<_>>().join(", ")
                    )
                });
            }
            set_params(raw.kinds.entry(kind.clone()).or_default(), params);
            for c in raw
                .channels
                .iter_mut()
                .filter(|c| c.kind.as_deref() == Some(kind))
            {
                clear_own(c, params);
            }
        }
        Change::SetAll { params } => {
            sets_something(params)?;
            set_params(raw.defaults.get_or_insert_with(RawParams::default), params);
            for p in raw.kinds.values_mut() {
                set_params(p, params);
            }
            for c in &mut raw.channels {
                clear_own(c, params);
            }
        }
        Change::CollapseLevel { level } => collapse_level(raw, *level)?,
        Change::Merge { into, from } => {
            position(raw, into)?;
            position(raw, from)?;
            if into == from {
                return Err("cannot merge an actor into itself".into());
            }
            let moved_members = raw.actors[position(raw, from)?].members.clone();
            let channels = std::mem::take(&mut raw.channels);
            remove_actor(raw, from);
            let target = position(raw, into)?;
            for m in moved_members {
                if m != *into && !raw.actors[target].members.contains(&m) {
                    raw.actors[target].members.push(m);
                }
            }
            for a in &mut raw.actors {
                if a.id != *into && a.members.contains(from) {
                    a.members.retain(|m| m != from);
                    if !a.members.contains(into) {
                        a.members.push(into.clone());
                    }
                }
            }
            for mut c in channels {
                for end in [&mut c.from, &mut c.to] {
                    if end == from {
                        *end = into.clone();
                    }
                }
                add_if_new(raw, c);
            }
        }
    }
    Ok(())
}

/// The most channels one `collapse-level` may create: peeling off the hub
/// of a star of n spokes joins every spoke to every other (n² channels).
pub const MAX_JOINED_CHANNELS: usize = 100_000;

/// See [`Change::CollapseLevel`]. Each actor's exits (the actors kept that
/// it reaches through removed ones) are found once, so the work is about
/// the arcs read plus the channels created.
fn collapse_level(raw: &mut RawModel, level: u32) -> Result<(), String> {
    let level = i64::from(level);
    let index: BTreeMap<&str, usize> = raw
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let gone: Vec<bool> = raw.actors.iter().map(|a| a.level == Some(level)).collect();
    if !gone.contains(&true) {
        return Err(format!("no actor is at level {level}"));
    }
    let in_chain: Vec<bool> = raw.actors.iter().map(|a| a.level.is_some()).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); raw.actors.len()];
    let mut arcs_in = Vec::new();
    let mut existing = BTreeSet::new();
    for (from, to, c) in arcs(raw) {
        let (Some(&u), Some(&v)) = (index.get(from.as_str()), index.get(to.as_str())) else {
            continue;
        };
        out[u].push(v);
        let kind = raw.channels[c].kind.clone();
        if !gone[u] && gone[v] && in_chain[u] {
            arcs_in.push((u, v, kind.clone()));
        }
        existing.insert((u, v, kind));
    }
    let mut exits: Vec<Option<Vec<usize>>> = vec![None; raw.actors.len()];
    let mut joined = Vec::new();
    for (u, x, kind) in arcs_in {
        let through = exits[x].get_or_insert_with(|| exits_of(x, &out, &gone, &in_chain));
        for &v in through.iter().filter(|&&v| v != u) {
            if !existing.insert((u, v, kind.clone())) {
                continue;
            }
            if joined.len() == MAX_JOINED_CHANNELS {
                return Err(format!(
                    "collapsing level {level} would create more than {MAX_JOINED_CHANNELS} channels"
                ));
            }
            // The kind's parameters: the removed actor's own cadence and
            // fidelity overrides described that actor, not the new link.
            joined.push(RawChannel {
                from: raw.actors[u].id.clone(),
                to: raw.actors[v].id.clone(),
                kind: kind.clone(),
                source: Some(format!("joined through level {level}")),
                ..RawChannel::default()
            });
        }
    }
    remove_actors(raw, &gone);
    raw.channels.extend(joined);
    for a in &mut raw.actors {
        if let Some(l) = a.level.filter(|&l| l > level) {
            a.level = Some(l - 1);
        }
    }
    raw.levels.retain(|l| l.level != level);
    for l in &mut raw.levels {
        if l.level > level {
            l.level -= 1;
        }
    }
    Ok(())
}

/// The kept actors on a level that `x` reaches through removed actors only.
fn exits_of(x: usize, out: &[Vec<usize>], gone: &[bool], in_chain: &[bool]) -> Vec<usize> {
    let mut seen = BTreeSet::from([x]);
    let mut found = BTreeSet::new();
    let mut frontier = vec![x];
    while let Some(y) = frontier.pop() {
        for &v in &out[y] {
            if gone[v] {
                if seen.insert(v) {
                    frontier.push(v);
                }
            } else if in_chain[v] {
                found.insert(v);
            }
        }
    }
    found.into_iter().collect()
}

/// Removes every actor marked in `gone`, with its channels and memberships,
/// in one pass.
fn remove_actors(raw: &mut RawModel, gone: &[bool]) {
    let ids: BTreeSet<String> = raw
        .actors
        .iter()
        .zip(gone)
        .filter(|(_, &g)| g)
        .map(|(a, _)| a.id.clone())
        .collect();
    raw.actors.retain(|a| !ids.contains(&a.id));
    for a in &mut raw.actors {
        a.members.retain(|m| !ids.contains(m));
    }
    raw.channels
        .retain(|c| !ids.contains(&c.from) && !ids.contains(&c.to));
}

/// A scenario file: a base model and the changes to make to it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Must be 1.
    pub scenario: i64,
    /// Short human title of the scenario; becomes the model's name.
    pub name: String,
    /// Why this scenario is worth running, with evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Evidence (report lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The base model, relative to the scenario file's folder.
    pub base: String,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
    /// Free-form user data, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
}

/// How deep scenarios may stack on scenarios (a base that is a scenario
/// whose base is a scenario ...).
pub const MAX_SCENARIO_DEPTH: usize = 16;

/// Loads a design: a model file, or a scenario file (recognised by its
/// `"scenario"` field) applied to its base, which may itself be a scenario.
///
/// # Errors
/// [`LoadError`] located in whichever file is at fault; a scenario whose
/// base leads back to itself is rejected.
pub fn load_design(path: impl AsRef<Path>) -> Result<Model, LoadError> {
    load_design_traced(path.as_ref(), &mut Vec::new())
}

/// [`load_design`], also listing in `files` every file read (the design and
/// each base), so a caller can refuse to overwrite any of them.
///
/// # Errors
/// As [`load_design`].
pub fn load_design_traced(path: &Path, files: &mut Vec<PathBuf>) -> Result<Model, LoadError> {
    let mut stack = Vec::new();
    load_nested(path, files, &mut stack)
}

fn load_nested(
    path: &Path,
    files: &mut Vec<PathBuf>,
    stack: &mut Vec<PathBuf>,
) -> Result<Model, LoadError> {
    files.push(path.to_path_buf());
    let text = read_text(path)?;
    if let crate::model::Design::Model(model) = crate::model::parse_design(&text, path)? {
        return match check_readings(&model) {
            Ok(()) => Ok(model),
            Err(e) => {
                let r = model.readings.iter().position(|x| x.id == e.reading);
                let offset = r
                    .and_then(|r| reading_change_offset(&text, r, e.change))
                    .unwrap_or(0);
                let (line, col) = line_col(&text, offset);
                Err(LoadError::Invalid {
                    path: path.to_path_buf(),
                    problems: vec![Problem {
                        line,
                        col,
                        message: e.to_string(),
                    }],
                })
            }
        };
    }
    let file = parse_scenario(&text, path)?;
    let invalid = |offset: usize, message: String| {
        let (line, col) = line_col(&text, offset);
        LoadError::Invalid {
            path: path.to_path_buf(),
            problems: vec![Problem { line, col, message }],
        }
    };
    let here = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if stack.contains(&here) {
        return Err(invalid(
            base_offset(&text),
            "the scenario is its own base (a cycle of scenarios)".into(),
        ));
    }
    if stack.len() >= MAX_SCENARIO_DEPTH {
        return Err(invalid(
            base_offset(&text),
            format!("scenarios are stacked more than {MAX_SCENARIO_DEPTH} deep"),
        ));
    }
    stack.push(here);
    let base_path = path.parent().unwrap_or(Path::new(".")).join(&file.base);
    let base = load_nested(&base_path, files, stack)?;
    stack.pop();
    let mut model = apply(&base, &file.changes).map_err(|(i, message)| {
        let offset = change_offset(&text, i).unwrap_or(0);
        invalid(
            offset,
            format!("change {} ({}): {message}", i + 1, file.changes[i]),
        )
    })?;
    model.name = file.name.clone();
    let mut notes = vec![format!("Scenario \"{}\" on \"{}\".", file.name, base.name)];
    notes.extend(drop_stale_readings(&mut model));
    if let Some(r) = &file.rationale {
        notes.push(format!("Rationale: {r}"));
    }
    model.assumptions.splice(0..0, notes);
    Ok(model)
}

/// Byte offset of the `base` field's value in a scenario file.
fn base_offset(text: &str) -> usize {
    serde_json::from_str::<BTreeMap<String, &RawValue>>(text)
        .ok()
        .and_then(|m| {
            m.get("base")
                .map(|v| v.get().as_ptr() as usize - text.as_ptr() as usize)
        })
        .unwrap_or(0)
}

/// Parses a scenario file's text (without loading its base); `path` is only
/// used in messages.
///
/// # Errors
/// [`LoadError::Invalid`] located at the first problem.
pub fn parse_scenario(text: &str, path: &Path) -> Result<ScenarioFile, LoadError> {
    let invalid = |problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    };
    let at = |offset: usize, message: String| {
        let (line, col) = line_col(text, offset);
        Problem { line, col, message }
    };
    let file: ScenarioFile = serde_json::from_str(text).map_err(|e| {
        // Errors inside a tagged change carry no position: find the change.
        match bad_change(text) {
            Some((i, offset, message)) if e.is_data() => {
                let message = with_allowed_fields(&message, text, i);
                // Changes have no `meta`: keep the hint, drop that advice.
                let message = unknown_field_hint(&message)
                    .and_then(|m| m.split_once("; put data").map(|(m, _)| m.to_string()))
                    .unwrap_or(message);
                invalid(vec![at(offset, format!("change {}: {message}", i + 1))])
            }
            _ => invalid(vec![syntax_problem(text, &e)]),
        }
    })?;
    if file.scenario != 1 {
        return Err(invalid(vec![at(
            0,
            format!(
                "unsupported scenario format {}: this hviske reads 1",
                file.scenario
            ),
        )]));
    }
    Ok(file)
}

/// serde lists no allowed fields for a change with flattened fields
/// (`add-channel`, `set-kind`, `set-all`): name them from the format.
fn with_allowed_fields(message: &str, text: &str, i: usize) -> String {
    if !message.starts_with("unknown field") || message.contains("expected one of") {
        return crate::model::in_format_words(message);
    }
    let op = change_texts(text).get(i).and_then(|v| {
        serde_json::from_str::<serde_json::Value>(v.get())
            .ok()?
            .get("op")?
            .as_str()
            .map(String::from)
    });
    let params = ["fidelity", "distortion", "latency_days", "every_days"];
    let fields: Vec<&str> = match op.as_deref() {
        Some("add-channel") => [
            "op",
            "from",
            "to",
            "kind",
            "bidirectional",
            "source",
            "evidence",
            "meta",
        ]
        .into_iter()
        .chain(params)
        .collect(),
        Some("set-kind") => ["op", "kind"].into_iter().chain(params).collect(),
        Some("set-all") => ["op"].into_iter().chain(params).collect(),
        _ => return message.to_string(),
    };
    let field = message.split('`').nth(1).unwrap_or_default();
    let listed: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    format!(
        "unknown field `{field}`, expected one of {}",
        listed.join(", ")
    )
}

/// Drops the base model's readings that no longer apply after a scenario's
/// changes (say, a reading that adds a channel to an actor the scenario
/// removed), and says which went.
fn drop_stale_readings(model: &mut Model) -> Vec<String> {
    let mut notes = Vec::new();
    let mut kept = Vec::new();
    for (r, reading) in model.readings.iter().enumerate() {
        match apply_readings(model, &[r]) {
            Ok(_) => kept.push(reading.clone()),
            Err(e) => notes.push(format!(
                "Reading \"{}\" of the base model does not apply to this scenario and is left out ({e}).",
                reading.id
            )),
        }
    }
    model.readings = kept;
    notes
}

/// The `changes` of a scenario file as slices of its text.
fn change_texts(text: &str) -> Vec<&RawValue> {
    #[derive(Deserialize)]
    struct View<'a> {
        #[serde(borrow)]
        changes: Vec<&'a RawValue>,
    }
    serde_json::from_str::<View>(text).map_or_else(|_| Vec::new(), |v| v.changes)
}

/// Byte offset of `changes[i]` in a scenario file's text.
fn change_offset(text: &str, i: usize) -> Option<usize> {
    let v = *change_texts(text).get(i)?;
    Some(v.get().as_ptr() as usize - text.as_ptr() as usize)
}

/// The first change that does not parse: its index, offset and message.
fn bad_change(text: &str) -> Option<(usize, usize, String)> {
    change_texts(text).iter().enumerate().find_map(|(i, v)| {
        let e = serde_json::from_str::<Change>(v.get()).err()?;
        let offset = v.get().as_ptr() as usize - text.as_ptr() as usize;
        let mut message = e.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        Some((i, offset, message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Model {
        crate::model::parse_str(
            r#"{"format":1,"name":"c","levels":[{"level":1,"name":"top"},{"level":2,"name":"mid"},{"level":3,"name":"low"}],
               "actors":[{"id":"a","level":1},{"id":"b","level":2},{"id":"b2","level":2},{"id":"c","level":3},
                         {"id":"g","members":["b","c"]}],
               "channels":[{"from":"c","to":"b","kind":"report","fidelity":0.5},{"from":"b","to":"a","kind":"report"},
                           {"from":"a","to":"b2","kind":"instruction","bidirectional":true}]}"#,
            "chain.json",
        )
        .unwrap()
    }

    #[test]
    fn what_if_syntax_parses() {
        assert_eq!(
            Change::parse("attendance:nnn=0.4"),
            Ok(Change::Attendance {
                actor: "nnn".into(),
                value: 0.4
            })
        );
        assert!(matches!(
            Change::parse("kind:report.fidelity=0.6"),
            Ok(Change::SetKind { .. })
        ));
        assert!(matches!(
            Change::parse("all.every_days=14"),
            Ok(Change::SetAll { .. })
        ));
        assert!(Change::parse("kind:report.fidelty=0.6").is_err());
        assert!(Change::parse("frobnicate:x")
            .unwrap_err()
            .contains("unknown change"));
    }

    #[test]
    fn collapse_level_joins_paths_through_and_renumbers() {
        let m = apply(&chain(), &[Change::CollapseLevel { level: 2 }]).unwrap();
        let ids: Vec<&str> = m.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "g"]);
        assert_eq!(m.actors[1].level, Some(2));
        assert_eq!(m.channels.len(), 1);
        let c = &m.channels[0];
        assert_eq!((c.from, c.to), (1, 0));
        assert_eq!(
            c.params.fidelity,
            crate::model::ChannelParams::TOOLKIT_DEFAULT.fidelity,
            "the kind's parameters, not the in-channel's own fidelity 0.5"
        );
        assert_eq!(m.levels.len(), 2);
    }

    /// Issue 10, point 5: a body outside the chain of levels is not wired
    /// through, and a joined channel takes its kind's cadence, not the
    /// removed body's own.
    #[test]
    fn collapse_level_leaves_bodies_outside_the_chain_and_takes_kind_parameters() {
        let base = crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/three-two-one.json"
        ))
        .unwrap();
        let m = apply(&base, &[Change::CollapseLevel { level: 3 }]).unwrap();
        let ia = m.actor_index("ia_group").unwrap();
        assert!(
            m.channels.iter().all(|c| c.from != ia && c.to != ia),
            "ia_group gained channels"
        );
        let (dat, leader) = (
            m.actor_index("dat").unwrap(),
            m.actor_index("project_responsible").unwrap(),
        );
        let joined = m
            .channels
            .iter()
            .find(|c| c.from == dat && c.to == leader)
            .expect("dat -> project leader joined through level 3");
        assert_eq!(joined.params.every_days.get(), 30.0, "the kind's cadence");
    }

    #[test]
    fn collapsing_the_hub_of_a_large_star_is_refused_quickly() {
        let spokes: Vec<String> = (0..400)
            .map(|i| format!(r#"{{"id":"s{i}","level":{}}}"#, 1 + 2 * (i % 2)))
            .collect();
        let channels: Vec<String> = (0..400)
            .map(|i| format!(r#"{{"from":"s{i}","to":"hub","bidirectional":true}}"#))
            .collect();
        let text = format!(
            r#"{{"format":1,"name":"star","actors":[{{"id":"hub","level":2}},{}],"channels":[{}]}}"#,
            spokes.join(","),
            channels.join(",")
        );
        let star = crate::model::parse_str(&text, "star.json").unwrap();
        let start = std::time::Instant::now();
        let err = apply(&star, &[Change::CollapseLevel { level: 2 }]).unwrap_err();
        assert!(err.1.contains("more than 100000 channels"), "{}", err.1);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        // Eight collapses of 3-2-1 in well under a second (18 s before).
        let base = crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/three-two-one.json"
        ))
        .unwrap();
        let start = std::time::Instant::now();
        apply(&base, &vec![Change::CollapseLevel { level: 2 }; 8]).unwrap();
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn empty_kinds_and_empty_settings_are_rejected() {
        assert!(Change::parse("add-channel:a->b:").is_err());
        let err = apply(
            &chain(),
            &[Change::SetAll {
                params: RawParams::default(),
            }],
        )
        .unwrap_err();
        assert!(err.1.contains("sets nothing"), "{}", err.1);
        let no_kinds = crate::model::parse_str(
            r#"{"format":1,"name":"n","actors":[{"id":"a"},{"id":"b"}],"channels":[{"from":"a","to":"b"}]}"#,
            "n.json",
        )
        .unwrap();
        let err = apply(
            &no_kinds,
            &[Change::parse("kind:report.fidelity=0.5").unwrap()],
        )
        .unwrap_err();
        assert!(!err.1.contains("kinds here: )"), "{}", err.1);
    }

    #[test]
    fn merge_moves_channels_and_memberships() {
        let m = apply(
            &chain(),
            &[Change::Merge {
                into: "b".into(),
                from: "b2".into(),
            }],
        )
        .unwrap();
        assert!(m.actor_index("b2").is_none());
        let b = m.actor_index("b").unwrap();
        assert!(m
            .channels
            .iter()
            .any(|c| c.from == 0 && c.to == b && c.bidirectional));
    }

    #[test]
    fn set_kind_overrides_channels_own_values() {
        let m = apply(
            &chain(),
            &[Change::parse("kind:report.fidelity=0.9").unwrap()],
        )
        .unwrap();
        assert!(m
            .channels
            .iter()
            .filter(|c| c.kind.as_deref() == Some("report"))
            .all(|c| c.params.fidelity.get() == 0.9));
    }

    #[test]
    fn remove_channel_keeps_the_other_direction() {
        let m = apply(&chain(), &[Change::parse("remove-channel:b2->a").unwrap()]).unwrap();
        let c = m.channels.last().unwrap();
        assert_eq!((c.from, c.to, c.bidirectional), (0, 2, false));
    }

    #[test]
    fn errors_name_the_change_and_suggest() {
        let err = apply(&chain(), &[Change::parse("remove:bb").unwrap()]).unwrap_err();
        assert_eq!(err.0, 0);
        assert!(err.1.contains("did you mean \"b"), "{}", err.1);
        let err = apply(&chain(), &[Change::parse("attendance:b=1.5").unwrap()]).unwrap_err();
        assert!(
            err.1.contains("attendance 1.5 is outside [0, 1]"),
            "{}",
            err.1
        );
    }

    #[test]
    fn vacancy_is_recorded_on_the_actor() {
        let m = apply(&chain(), &[Change::parse("vacancy:b:30:120").unwrap()]).unwrap();
        let b = &m.actors[1];
        assert!(b.vacant_on(30.0) && b.vacant_on(119.9) && !b.vacant_on(120.0));
    }
}
